//! Assemble: the data each template sees, and the machine-readable files, from the checked
//! pages of the whole site. Cross-page facts live here: sections list their pages, source pages
//! list every place that cites each passage, passages are numbered across the site.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

pub(crate) mod annotation;
pub mod collisions;
mod outline;
pub(crate) mod reach;
pub(crate) mod view;

pub use outline::{Checked, Outline};

use crate::cite::coverage::{self, Citing, PageCiting, SourceCoverage};
use crate::cite::page::Cited;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::raster::Raster;
use crate::parse::byline::Lead;
use crate::parse::page::Page;
use crate::parse::source::{Source, SourceRecord};
use annotation::Annotation;
use view::{CitedBy, PageData, PageLink, Passage, ShareImage, SourceData};

/// The name of a page's share card, in the page's own folder of the output.
pub const CARD_FILE: &str = "share-card.png";

/// The size of a share card: the size social networks show a large card at.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

/// The image a page shows when shared, by an absolute URL, when the site's `base_url` names a
/// host: the page's lead image when it is a PNG or JPEG (its largest copy in its own format, at
/// that copy's own size, as news sites share their photos), else its drawn share card of
/// 1200 × 630. Social networks fetch the image from its URL alone and ignore a path without a
/// host, so without one there is no image to name and the tags are left out (the cards are
/// still written, ready for a build with `--base-url`).
pub fn share_image(config: &Config, page: &Page, lead: Option<&Lead>) -> Option<ShareImage> {
    if !config.has_host() {
        return None;
    }
    let origin_at = config.base_url.find("://").map_or(0, |i| i + 3);
    if let Some((lead, raster)) = lead.and_then(|l| shared_lead(Some(l)).map(|r| (l, r))) {
        let host_end = config.base_url[origin_at..]
            .find('/')
            .map_or(config.base_url.len(), |i| origin_at + i);
        let origin = &config.base_url[..host_end];
        let (copy, width, height) = raster.largest();
        let path = copy.map_or_else(
            || lead.src.clone(),
            |rel| format!("{}{rel}", config.base_path()),
        );
        return Some(ShareImage {
            url: format!("{origin}{path}"),
            width,
            height,
            alt: lead.alt.clone(),
        });
    }
    Some(ShareImage {
        url: format!("{}{CARD_FILE}", page.permalink),
        width: CARD_WIDTH,
        height: CARD_HEIGHT,
        alt: page.meta.title.clone(),
    })
}

/// The lead image a page is shared with instead of a drawn card: one that is a PNG or JPEG.
pub(crate) fn shared_lead(lead: Option<&Lead>) -> Option<&Raster> {
    lead?.raster.as_ref()
}

/// The anchor of a passage on its source's page, made from where the passage lies in the
/// source's text. It names the passage alone, so a page's links to its passages are known as
/// soon as the page is cited, before any other page is, and a link someone shared keeps
/// pointing at its passage when another page of the site cites an earlier one.
pub fn passage_anchor(span: &Range<usize>) -> String {
    format!("passage-{}-{}", span.start, span.end)
}

pub fn page_link(page: &Page) -> PageLink {
    PageLink {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        date: page.meta.date.clone(),
        description: page.meta.description.clone(),
        weight: page.meta.weight,
    }
}

/// What `page.html` sees, less what render makes of it: the panel's entries with their links
/// to passages, and a section's list of pages.
pub fn page_data<'a>(
    config: &Config,
    page: &'a Page,
    cited: &'a Cited,
    all: &[Checked<'_>],
) -> PageData<'a> {
    let mut sources: Vec<SourceRecord> = Vec::new();
    let mut entries = cited.entries.clone();
    for e in entries.iter_mut().filter(|e| e.derived.is_none()) {
        if !sources.iter().any(|s| s.id == e.source.id) {
            sources.push((*e.source).clone());
        }
        e.passage_url = format!("{}#{}", e.source.page_url, passage_anchor(&e.span));
    }
    let pages = if page.is_section {
        section_pages(page, all)
    } else {
        Vec::new()
    };
    PageData {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        date: page.meta.date.as_deref(),
        updated: page.meta.updated.as_deref(),
        url: &page.url,
        permalink: &page.permalink,
        path: &page.path,
        content: &cited.body.html,
        word_count: cited.body.word_count,
        reading_time: cited.body.word_count.div_ceil(230).max(1),
        is_home: page.path.is_empty(),
        toc: &cited.body.toc,
        authors: &page.byline.authors,
        corrections: &page.byline.corrections,
        corrected: page
            .byline
            .corrections
            .iter()
            .map(|c| c.date.as_str())
            .max(),
        image: cited.lead.as_ref(),
        entries,
        sources,
        extra: &page.meta.extra,
        pages,
        share_image: share_image(config, page, cited.lead.as_ref()),
    }
}

/// Whether `section` lists `page`: a page of its folder, or the index page of a subfolder.
pub(crate) fn lists(section: &Page, page: &Page) -> bool {
    !page.is_section
        && page.path != section.path
        && page
            .file
            .rel
            .strip_prefix(&section.dir)
            .is_some_and(|rest| !rest.contains('/') || rest.split('/').nth(1) == Some("index.md"))
}

/// A section's own pages: the pages of its folder (and its subfolders' index pages), by
/// weight, then newest first, then title.
pub(crate) fn section_pages(section: &Page, all: &[Checked<'_>]) -> Vec<PageLink> {
    let mut pages: Vec<&Page> = all
        .iter()
        .map(|c| c.page)
        .filter(|p| lists(section, p))
        .collect();
    pages.sort_by(|a, b| {
        let weight = |p: &Page| p.meta.weight.unwrap_or(i64::MAX);
        weight(a)
            .cmp(&weight(b))
            .then_with(|| b.meta.date.cmp(&a.meta.date))
            .then_with(|| a.meta.title.cmp(&b.meta.title))
    });
    pages.into_iter().map(page_link).collect()
}

/// Every figure of `source` and the places of the site that cite it.
pub fn source_coverage(source: &Source, all: &[Checked<'_>]) -> SourceCoverage {
    let shown: Vec<(String, &[Citing])> = all
        .iter()
        .filter_map(|c| Some((c.page.file.path.display().to_string(), citing(c, source)?)))
        .collect();
    let pages: Vec<PageCiting<'_>> = shown
        .iter()
        .map(|(page, places)| PageCiting { page, places })
        .collect();
    coverage::coverage(&source.id, &source.text, &pages)
}

/// The places of a checked page that cite `source`.
fn citing<'a>(checked: &Checked<'a>, source: &Source) -> Option<&'a [Citing]> {
    let outline = checked.outline;
    outline
        .citing
        .iter()
        .find(|c| outline.sources.get(c.source) == Some(&source.id))
        .map(|c| c.places.as_slice())
}

/// What `source.html` sees, less what render makes of it: the record, and each cited passage
/// with every place citing it.
pub fn source_data<'a>(source: &'a Source, all: &[Checked<'_>], config: &Config) -> SourceData<'a> {
    let mut by_span: BTreeMap<(usize, usize), Passage> = BTreeMap::new();
    for Checked { page, outline } in all {
        for q in outline.quoted.iter().filter(|q| q.source == source.id) {
            let key = (q.span.start, q.span.end);
            let passage = by_span.entry(key).or_insert_with(|| {
                let exact = source.text.text().get(q.span.clone()).unwrap_or("");
                Passage {
                    id: passage_anchor(&q.span),
                    number: 0,
                    before: q.before.to_string(),
                    quote: exact.to_string(),
                    marks: q.marks.clone(),
                    span: q.span.clone(),
                    after: q.after.to_string(),
                    caption: source.text.in_captions(q.span.start),
                    cited_by: Vec::new(),
                }
            });
            let by = CitedBy {
                title: page.meta.title.clone(),
                url: format!("{}#{}", page.url, q.anchor),
            };
            if !passage.cited_by.contains(&by) {
                passage.cited_by.push(by);
            }
        }
    }
    let marks = all
        .iter()
        .filter_map(|c| citing(c, source))
        .flat_map(|places| places.iter().flat_map(|p| p.marks.iter().cloned()));
    let counts = coverage::counts(&source.text, marks);
    SourceData {
        figures_cited: counts.cited,
        figures_total: counts.total,
        record: (*source.record).clone(),
        permalink: format!("{}sources/{}/", config.base_url, source.id),
        passages: by_span
            .into_values()
            .enumerate()
            .map(|(i, p)| Passage { number: i + 1, ..p })
            .collect(),
        text: &source.text,
    }
}

/// The citations of one page as Web Annotation JSON items, joined by commas: cached per page
/// so that `citations.json` is only concatenated again when one page changes.
pub fn annotations(
    page: &Page,
    cited: &Cited,
    sources: &BTreeMap<String, Arc<Source>>,
    config: &Config,
) -> Result<String, Diagnostic> {
    let mut items = Vec::new();
    for c in &cited.body.citations {
        let Some(entry) = cited.entries.iter().find(|e| e.number == c.entry + 1) else {
            continue;
        };
        let Some(source) = sources.get(&c.source) else {
            continue;
        };
        let permalink = format!("{}sources/{}/", config.base_url, source.id);
        items.push(
            annotation::item(&Annotation {
                page_permalink: &page.permalink,
                anchor: &c.anchor,
                figure: &c.link_text,
                entry,
                source_text: source.text.text(),
                source_permalink: &permalink,
            })
            .map_err(|e| {
                Diagnostic::error(
                    Code::Output,
                    "citations.json",
                    format!("cannot write the annotation of {}: {e}", c.anchor),
                )
            })?,
        );
    }
    items.retain(|item| !item.is_empty());
    Ok(items.join(",\n"))
}
