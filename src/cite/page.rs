//! Cite one page: its Markdown pass and its checked sources panel, with a digest of what other
//! pages see of its citations.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::load::digest::{ContentDigest, DigestWriter};
use crate::parse::site_links::SiteLinks;
use std::sync::Arc;

use crate::cite::derived;
use crate::cite::panel::{self, Entry};
use crate::diag::{Code, Diagnostic, suggest};
use crate::load::config::Config;
use crate::load::images::Dimensions;
use crate::parse::byline::{self, Lead};
use crate::parse::chart::Draw;
use crate::parse::markdown::{self, Body};
use crate::parse::page::Page;
use crate::parse::source::Source;

/// A page after Markdown and citations.
#[derive(Debug, Clone)]
pub struct Cited {
    pub body: Body,
    /// The lead image of the record, its file found and measured.
    pub lead: Option<Lead>,
    pub entries: Vec<Entry>,
    /// A digest of what other pages and files see of this page's citations (title, URL, each
    /// citation and panel entry, but not where in the text they are): an edit of the prose
    /// alone leaves it as it was, so the source pages and citations.json need no new render.
    pub print: ContentDigest,
}

/// A page cited: what it holds, and what was found wrong or worth a warning in it.
pub struct CitedPage {
    pub cited: Cited,
    pub findings: Vec<Diagnostic>,
}

/// What a page is cited against: the site's sources, its pages and assets, its raster images.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub sources: &'a BTreeMap<String, Arc<Source>>,
    pub source_ids: &'a BTreeSet<String>,
    pub links: &'a SiteLinks,
    /// Each image's size, by content-relative path.
    pub images: &'a HashMap<String, Dimensions>,
    /// The raster images, by URL, read from their headers.
    pub rasters: &'a crate::parse::markdown::picture::Images,
    /// Draws a chart block's chart (render's drawing, handed in).
    pub draw_chart: Draw,
    /// Writes a raster image's `<picture>` (render's markup, handed in).
    pub picture: crate::parse::markdown::picture::Markup,
}

/// Renders a page's Markdown and checks its citations.
pub fn cite(page: &Page, config: &Config, known: &Known<'_>) -> CitedPage {
    let Known {
        sources,
        source_ids,
        links,
        images,
        rasters,
        draw_chart,
        picture,
    } = *known;
    let file = &page.file.path;
    let text = &page.file.text;
    let mut found = Vec::new();
    for declared in &page.meta.sources {
        if !source_ids.contains(declared) {
            let at = crate::diag::yaml::key_position(text, "sources").unwrap_or(0);
            let help = suggest::did_you_mean(declared, source_ids.iter().map(String::as_str))
                .map_or_else(
                    || "add the source to content/sources/ as <id>.md".to_string(),
                    |s| format!("did you mean `{s}`?"),
                );
            found.push(
                Diagnostic::error(
                    Code::UnknownSource,
                    file,
                    format!("`sources:` lists `{declared}`, which is not in content/sources/"),
                )
                .at(text, at..at + "sources".len())
                .with_help(help),
            );
        }
    }
    let env = markdown::Env {
        sources: source_ids,
        declared: &page.meta.sources,
        links,
        page_dir: &page.dir,
        page_path: &page.path,
        base_path: config.base_path(),
        raw_html: config.markdown.raw_html,
        draw_chart,
        images,
        rasters,
        picture,
    };
    found.extend(page.warnings.iter().cloned());
    let lead = page.byline.image.as_ref().and_then(|image| {
        byline::lead(file, text, image, &page.dir, links, images)
            .map_err(|d| found.push(d))
            .ok()
    });
    let mut body = markdown::render(file, text, page.body_offset, &env);
    found.append(&mut body.diagnostics);
    let lead = lead.map(|lead| raster_lead(lead, page, rasters, &mut body, &mut found));
    body.citations.shrink_to_fit();
    body.toc.shrink_to_fit();
    let mut worked = derived::check_page(file, text, &body);
    found.append(&mut worked.diagnostics);
    let mut panel = panel::build(file, text, &body.citations, &worked, sources);
    found.extend(panel.diagnostics);
    panel.entries.shrink_to_fit();
    let mut hasher = DigestWriter::default();
    (&page.meta.title, &page.url, &page.permalink).hash(&mut hasher);
    for c in &body.citations {
        (c.entry, &c.source, &c.quote, &c.link_text, &c.anchor).hash(&mut hasher);
    }
    for e in &panel.entries {
        hash_entry(e, &mut hasher);
    }
    let print = hasher.digest();
    CitedPage {
        cited: Cited {
            body,
            lead,
            entries: panel.entries,
            print,
        },
        findings: found,
    }
}

/// A lead image that is a PNG or JPEG of the site, with its header's reading: published at the
/// same widths as the text's images (noted among the page's images, at the front matter's
/// `image:`), or an error there when it cannot be read.
fn raster_lead(
    mut lead: Lead,
    page: &Page,
    rasters: &crate::parse::markdown::picture::Images,
    body: &mut Body,
    found: &mut Vec<Diagnostic>,
) -> Lead {
    let Some(at) = page.byline.image.as_ref().map(|i| i.at.clone()) else {
        return lead;
    };
    match rasters.get(&lead.src) {
        Some(Ok(raster)) => {
            lead.width = usize::try_from(raster.width).ok();
            lead.height = usize::try_from(raster.height).ok();
            lead.raster = Some(raster.clone());
            body.images.push(markdown::picture::ImageUse {
                url: lead.src.clone(),
                span: at,
            });
        }
        Some(Err(problem)) => found.push(
            Diagnostic::error(Code::Image, &page.file.path, problem.message.clone())
                .at(&page.file.text, at)
                .with_help(problem.help.clone()),
        ),
        None => {}
    }
    lead
}

/// Feeds what other outputs show of an entry (the panel's text, the source page's marked
/// passage, the annotation's place) into a page's digest.
fn hash_entry(e: &Entry, hasher: &mut impl Hasher) {
    (e.number, &e.figure, &e.quote, &e.quote_marks).hash(hasher);
    (&e.before, &e.after, &e.passage_url, &e.fragment_url).hash(hasher);
    (&e.source.id, &e.source.page_url, &e.source.title).hash(hasher);
    (e.span.start, e.span.end).hash(hasher);
    for f in &e.figures {
        (&f.text, &f.value).hash(hasher);
    }
    for r in &e.refs {
        (&r.id, &r.label).hash(hasher);
    }
    for f in &e.marked {
        (&f.text, f.range.start, f.range.end).hash(hasher);
    }
    if let Some(d) = &e.derived {
        (&d.formula, &d.working, &d.pieces, &d.result, &d.rounding).hash(hasher);
    }
}
