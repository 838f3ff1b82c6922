//! What the other pages' outputs need of one cited page: its passages, its sources, its
//! counts and its digest, without its body or its panel. A one-off build keeps this for every
//! page and drops the rest once a page is checked, so its memory does not grow with the bodies
//! of every page of the site.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::cite::coverage::{self, Citing};
use crate::cite::page::Cited;
use crate::load::digest::ContentDigest;
use crate::parse::markdown::picture::ImageUse;
use crate::parse::page::Page;
use crate::parse::source::Source;
use crate::text::figures::{marks_among, marks_in};

/// A checked page, as the stages after the check see it across pages.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    pub page: &'a Page,
    pub outline: &'a Outline,
}

/// One cited page as the other pages' outputs see it.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The cited page's digest of what other outputs show ([`Cited::print`]).
    pub print: ContentDigest,
    /// Its citing places, for the build's summary.
    pub citations: usize,
    /// Its Web Annotations: its citing places less those of derived figures.
    pub annotations: usize,
    /// The ids of the sources its panel entries name, sorted, each once.
    pub sources: Vec<String>,
    /// Its quoted passages (derived figures quote none), in the panel's order.
    pub quoted: Vec<Quoted>,
    /// The pages it links to, to find the pages nothing leads to.
    pub links_to: Vec<String>,
    /// Its citing places with the figures their links state, for each source's coverage.
    pub(crate) citing: Vec<SourceCiting>,
    /// The raster images it shows, published at each width before any page is rendered.
    pub(crate) images: Vec<ImageUse>,
    /// Whether it is shared by its lead image rather than a drawn card.
    pub(crate) shared_lead: bool,
    /// The figure its share card shows, drawn before any page is rendered.
    pub(crate) card: Option<CardFigure>,
    /// Digests of what the passes over every page take from it.
    pub(crate) shape: Shape,
}

/// Digests of what the site-wide passes take from one page, made once when the page is cited.
/// A kept session compares them with the last build's: a save that changes none of them (an
/// edit of the prose) takes those passes' results as they were instead of going over every
/// page again, and a save that changes one (a citation added, a link removed, a title
/// changed) runs that pass again. SHA-256, as every key of the build: a changed page must
/// never pass for an unchanged one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Its place (file, URL, folder, whether a section) and the pages it links to: which
    /// pages the home page leads to.
    pub(crate) reach: ContentDigest,
    /// What a list of pages shows of it (title, URL, dates, description, weight): every
    /// template sees these as `site`.
    pub(crate) listing: ContentDigest,
    /// Its print and the sources it cites: the keys of those sources' pages and of
    /// `citations.json`.
    pub(crate) cites: ContentDigest,
}

impl Shape {
    fn of(page: &Page, cited: &Cited, sources: &[String]) -> Shape {
        let meta = &page.meta;
        Shape {
            reach: ContentDigest::of(&(
                &page.file.rel,
                &page.url,
                &page.path,
                &page.dir,
                page.is_section,
                &cited.body.links_to,
            )),
            listing: ContentDigest::of(&(
                &meta.title,
                &page.url,
                &meta.date,
                &meta.updated,
                &meta.description,
                meta.weight,
            )),
            cites: ContentDigest::of(&(cited.print, sources)),
        }
    }
}

/// The figure a page's share card shows: the first quoted entry with a number in its figure,
/// else the first quoted one, with where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct CardFigure {
    pub(crate) figure: String,
    pub(crate) publisher: String,
    pub(crate) title: String,
}

/// The places of a page citing one source, for that source's coverage.
#[derive(Debug, Clone)]
pub(crate) struct SourceCiting {
    /// The source, as its place in [`Outline::sources`].
    pub(crate) source: usize,
    pub(crate) places: Vec<Citing>,
}

/// A passage a page quotes, as its source's page lists it.
#[derive(Debug, Clone)]
pub struct Quoted {
    pub source: String,
    /// Where the passage is in the source's stored text (bytes).
    pub span: Range<usize>,
    pub before: Arc<str>,
    pub after: Arc<str>,
    /// The cited figures in the passage (bytes of the passage), marked on the source's page.
    pub marks: Vec<Range<usize>>,
    /// The anchor of the page's first place citing it.
    pub anchor: String,
}

impl Outline {
    /// The outline of a page cited against `sources`, while its text is at hand (the lines
    /// of its citing places are counted in it).
    pub fn of(page: &Page, cited: &Cited, sources: &BTreeMap<String, Arc<Source>>) -> Outline {
        let mut ids: Vec<String> = cited.entries.iter().map(|e| e.source.id.clone()).collect();
        ids.sort_unstable();
        ids.dedup();
        let quoted: Vec<Quoted> = cited
            .entries
            .iter()
            .filter(|e| e.derived.is_none())
            .map(|e| {
                let exact = sources
                    .get(&e.source.id)
                    .and_then(|s| s.text.text().get(e.span.clone()))
                    .unwrap_or("");
                Quoted {
                    source: e.source.id.clone(),
                    span: e.span.clone(),
                    before: Arc::clone(&e.before),
                    after: Arc::clone(&e.after),
                    marks: match &e.located {
                        Some(located) => {
                            marks_among(&located.passage_figures, exact.len(), &e.marked)
                        }
                        None => marks_in(exact, &e.marked),
                    },
                    anchor: e.refs.first().map(|r| r.id.clone()).unwrap_or_default(),
                }
            })
            .collect();
        let citing = ids
            .iter()
            .enumerate()
            .filter_map(|(source, id)| {
                let text = &sources.get(id)?.text;
                let places = coverage::citing_places(&page.file.text, cited, id, text);
                (!places.is_empty()).then_some(SourceCiting { source, places })
            })
            .collect();
        Outline {
            shape: Shape::of(page, cited, &ids),
            print: cited.print,
            citations: cited.body.citations.len(),
            annotations: annotation_count(cited),
            sources: ids,
            quoted,
            links_to: cited.body.links_to.clone(),
            citing,
            images: cited.body.images.clone(),
            shared_lead: super::shared_lead(cited.lead.as_ref()).is_some(),
            card: card_figure(cited),
        }
    }
}

/// The figure of `cited` its share card shows.
fn card_figure(cited: &Cited) -> Option<CardFigure> {
    let quoted = || cited.entries.iter().filter(|e| e.derived.is_none());
    let first = quoted()
        .find(|e| !e.figures.is_empty())
        .or_else(|| quoted().next())?;
    Some(CardFigure {
        figure: first.figure.clone(),
        publisher: first.source.publisher.clone(),
        title: first.source.title.clone(),
    })
}

/// How many annotations a page has: its citing places, less those of derived figures, which
/// quote nothing.
fn annotation_count(cited: &Cited) -> usize {
    cited
        .body
        .citations
        .iter()
        .filter(|c| {
            cited
                .entries
                .iter()
                .find(|e| e.number == c.entry + 1)
                .is_some_and(|e| e.located.is_some())
        })
        .count()
}
