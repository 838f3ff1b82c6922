//! What the templates see: assemble's view models with the markup render makes for them, a
//! page's panel entries with their quotes marked and its JSON-LD, a source page's passages with
//! their figures marked, its full text and its JSON-LD.

use serde::Serialize;

use crate::assemble::view::{PageData, Passage, SourceData};
use crate::load::config::Config;
use crate::parse::byline::Lead;
use crate::parse::front_matter::Rights;
use crate::render::escape::mark_html;
use crate::render::feeds::{self, FeedPage};
use crate::render::full_text::{Marked, full_text_html};
use crate::render::images::lead_picture;
use crate::render::panel::{PanelEntry, panel_entry};

/// `page` in a page template.
#[derive(Serialize)]
pub(crate) struct PageView<'a> {
    #[serde(flatten)]
    data: PageData<'a>,
    jsonld: String,
    citations: Vec<PanelEntry>,
    image: Option<LeadView<'a>>,
}

/// The lead image as a template sees it: its record, and its `<picture>` when it is a PNG or
/// JPEG (published at the text's widths); other images are shown by their `src`.
#[derive(Serialize)]
pub(crate) struct LeadView<'a> {
    #[serde(flatten)]
    lead: &'a Lead,
    picture: Option<String>,
}

/// `source` in `source.html`.
#[derive(Serialize)]
pub(crate) struct SourceView<'a> {
    #[serde(flatten)]
    data: &'a SourceData<'a>,
    passages: Vec<PassageView<'a>>,
    full_html: Option<String>,
    /// schema.org JSON-LD of the source, with the digest of its text.
    jsonld: String,
}

/// A passage on a source's page, its citing places' figures in `<mark>`.
#[derive(Serialize)]
struct PassageView<'a> {
    #[serde(flatten)]
    passage: &'a Passage,
    quote_html: String,
}

/// A page's view: its panel entries as the templates see them, and its JSON-LD.
pub(crate) fn page<'a>(config: &Config, mut data: PageData<'a>) -> PageView<'a> {
    let entries = std::mem::take(&mut data.entries);
    let jsonld = feeds::jsonld(
        config,
        &FeedPage {
            title: data.title,
            description: data.description,
            permalink: data.permalink,
            date: data.date,
            updated: data.updated,
        },
        data.authors,
        data.corrections,
        &entries,
    );
    let image = data.image.map(|lead| LeadView {
        lead,
        picture: lead
            .raster
            .as_ref()
            .map(|r| lead_picture(r, config.base_path(), &lead.src, &lead.alt)),
    });
    PageView {
        data,
        jsonld,
        citations: entries.into_iter().map(panel_entry).collect(),
        image,
    }
}

/// A source page's view: each passage marked, the whole text when its rights allow.
pub(crate) fn source<'a>(data: &'a SourceData<'a>) -> SourceView<'a> {
    let full_html = (data.record.rights == Rights::Full).then(|| {
        let marked: Vec<Marked<'_>> = data
            .passages
            .iter()
            .map(|p| Marked {
                id: &p.id,
                span: p.span.clone(),
                cited_by: &p.cited_by,
            })
            .collect();
        full_text_html(data.text, &marked)
    });
    SourceView {
        passages: data
            .passages
            .iter()
            .map(|passage| PassageView {
                quote_html: mark_html(&passage.quote, &passage.marks),
                passage,
            })
            .collect(),
        full_html,
        jsonld: feeds::source_jsonld(&data.record),
        data,
    }
}
