//! Cite one page: its Markdown pass and its checked sources panel, with a digest of what other
//! pages see of its citations.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::load::digest::{ContentDigest, DigestWriter};
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

/// Renders a page's Markdown and checks its citations.
pub fn cite(
    page: &Page,
    config: &Config,
    sources: &BTreeMap<String, Arc<Source>>,
    source_ids: &BTreeSet<String>,
    links: &HashMap<String, String>,
    draw_chart: Draw,
    images: &HashMap<String, Dimensions>,
) -> (Cited, Vec<Diagnostic>) {
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
        base_path: config.base_path(),
        raw_html: config.markdown.raw_html,
        draw_chart,
        images,
    };
    found.extend(page.warnings.iter().cloned());
    let lead = page.byline.image.as_ref().and_then(|image| {
        byline::lead(file, text, image, &page.dir, links, images)
            .map_err(|d| found.push(d))
            .ok()
    });
    let mut body = markdown::render(file, text, page.body_offset, &env);
    found.append(&mut body.diagnostics);
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
    (
        Cited {
            body,
            lead,
            entries: panel.entries,
            print,
        },
        found,
    )
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
