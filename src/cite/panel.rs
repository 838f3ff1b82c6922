//! Cite: check each citation of a page against its source and build the page's sources panel.
//!
//! No I/O and no templates here: sources arrive already normalised, and what leaves is data
//! (panel entries for the theme, passages for the source pages, annotations for machines) and
//! diagnostics. A misquote is reported with the closest passage of the source and a word diff.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::cite::derived::{Derived, Piece, Worked};
use crate::cite::diff::render_diff;
use crate::cite::fragment::text_fragment_url;
use crate::cite::hedge::{self, HedgeFinding};
use crate::cite::source::QuoteMiss;
use crate::diag::{Code, Diagnostic};
use crate::parse::markdown::{CitationRef, Place};
use crate::parse::source::{Located, SourceRecord};
use crate::text::figures::{self, Figure};
use crate::text::normalize::collapse;

/// The sources this stage checks against, as parse made them; named here too because the
/// build's session takes them from the cite stage.
pub(crate) use crate::parse::source::Source;

#[derive(Debug, Clone, Serialize)]
pub struct FigureData {
    pub text: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RefData {
    pub id: String,
    pub label: String,
}

/// One entry of the sources panel.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub number: usize,
    pub figure: String,
    pub figures: Vec<FigureData>,
    pub quote: String,
    /// Where the cited figures are in `quote` (bytes), for render to mark them.
    #[serde(skip)]
    pub quote_marks: Vec<Range<usize>>,
    pub before: Arc<str>,
    pub after: Arc<str>,
    pub source: Arc<SourceRecord>,
    pub passage_url: String,
    pub fragment_url: Option<String>,
    pub refs: Vec<RefData>,
    /// Where the quote is in the source's stored text (bytes), for source pages and annotations.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The figures of the citing places, to mark them in the passage on the source's page.
    #[serde(skip)]
    pub marked: Vec<Figure>,
    /// Where the quote is, for annotations; None for a derived figure.
    #[serde(skip)]
    pub located: Option<Arc<Located>>,
    /// For a figure the page computed from other entries: its working. Null for a quote.
    /// Templates see it through render's view, which adds the working as HTML.
    #[serde(skip)]
    pub derived: Option<DerivedData>,
}

/// The working of a derived figure, for the theme to show in place of a quote.
#[derive(Debug, Clone, Serialize)]
pub struct DerivedData {
    /// The formula as written in the page ("kursk * pay").
    pub formula: String,
    /// "11,000 × $2,000 = $22,000,000", plain text.
    pub working: String,
    /// The same in pieces, so that render can link each input to its own entry.
    #[serde(skip)]
    pub pieces: Vec<WorkingPiece>,
    pub inputs: Vec<DerivedInput>,
    /// The exact result ("$22,000,000").
    pub result: String,
    /// The rounding step as written ("1 million"); null when the figure is the exact result.
    pub rounding: Option<String>,
}

/// A piece of a derived figure's working: text as it reads, or an input's figure that links
/// to the input's entry.
#[derive(Debug, Clone, Hash)]
pub enum WorkingPiece {
    Text(String),
    Input { number: usize, figure: String },
}

/// One input of a derived figure.
#[derive(Debug, Clone, Serialize)]
pub struct DerivedInput {
    /// Its reference label in the page.
    pub label: String,
    /// The figure as its quote writes it ("$2,000").
    pub figure: String,
    /// The anchor of its entry (`cite-2`).
    pub id: String,
    pub number: usize,
}

/// The checked panel of one page.
#[derive(Debug, Default)]
pub struct Panel {
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the page's citations. Each entry's `passage_url` is left to the caller, who sees
/// every page and so can number the passages of a source.
pub fn build(
    file: &Path,
    text: &str,
    refs: &[CitationRef],
    worked: &Worked,
    sources: &BTreeMap<String, std::sync::Arc<Source>>,
) -> Panel {
    let mut panel = Panel::default();
    let mut by_entry: BTreeMap<usize, Vec<&CitationRef>> = BTreeMap::new();
    let mut first_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, r) in refs.iter().enumerate() {
        by_entry.entry(r.entry).or_default().push(r);
        first_of.entry(r.entry).or_insert(i);
    }
    let derived_anchors = derived_anchors(refs);
    let mut derived = Vec::new();
    for (index, places) in by_entry {
        let Some(first) = places.first() else {
            continue;
        };
        if first.place == Place::Derived {
            // Built once every quote is checked, from the entries of its inputs; a figure whose
            // working did not add up has no entry (that is already reported).
            let working = first_of.get(&index).and_then(|i| worked.by_citation.get(i));
            if let Some(working) = working {
                derived.push((index, places.clone(), working));
            }
            continue;
        }
        let Some(source) = sources.get(&first.source) else {
            continue;
        };
        if first.quote.trim().is_empty() {
            continue;
        }
        let found = locate(source, &first.quote);
        let in_quote = quote_figures(&found, &first.quote);
        let marked = check_figures(
            file,
            text,
            (&places, &in_quote),
            &derived_anchors,
            &mut panel.diagnostics,
        );
        let found = match found {
            Ok(m) => m,
            Err(miss) => {
                panel
                    .diagnostics
                    .push(misquote(file, text, first, source, &miss));
                continue;
            }
        };
        if let Some(marked) = marked {
            panel
                .entries
                .push(entry(index, &places, source, &found, marked));
        }
    }
    for (index, places, working) in derived {
        let hedges = derived_hedges(file, text, refs, &places, working);
        panel.diagnostics.extend(hedges);
        if let Some(e) = derived_entry(index, &places, working, &panel.entries) {
            panel.entries.push(e);
        }
    }
    panel.entries.sort_by_key(|e| e.number);
    panel
}

/// Finds `quote`, from the memo when an earlier citation already found it.
fn locate(source: &Source, quote: &str) -> Result<Arc<Located>, QuoteMiss> {
    if let Some(hit) = source.memo.read().ok().and_then(|m| m.get(quote).cloned()) {
        return Ok(hit);
    }
    let found = source.text.find(quote)?;
    let (before, after) = source.text.context(&found);
    let text = source.text.text();
    let head = text.get(..found.span.start).unwrap_or("");
    let exact = text.get(found.span.clone()).unwrap_or("");
    let start = head.chars().count();
    let mut prefix: Vec<char> = head.chars().rev().take(32).collect();
    prefix.reverse();
    let located = Arc::new(Located {
        chars: start..start + exact.chars().count(),
        prefix: prefix.into_iter().collect(),
        suffix: text
            .get(found.span.end..)
            .unwrap_or("")
            .chars()
            .take(32)
            .collect(),
        found,
        before: before.into(),
        after: after.into(),
        figures: figures::extract(quote),
        passage_figures: figures::extract(exact),
    });
    if let Ok(mut memo) = source.memo.write() {
        memo.insert(quote.to_string(), Arc::clone(&located));
    }
    Ok(located)
}

/// Checks each citing place's figures against the quote they share (the first place's) and the
/// qualifiers its author dropped; the figures to mark in the quote, or None, each mismatch
/// reported, if any place states a figure the quote lacks.
fn check_figures(
    file: &Path,
    text: &str,
    (places, in_quote): (&[&CitationRef], &[Figure]),
    derived_anchors: &BTreeSet<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Figure>> {
    let quote = &places.first()?.quote;
    let mut marked: Vec<Figure> = Vec::new();
    let mut ok = true;
    for place in places {
        match figures::check_read(&place.link_text, in_quote) {
            Ok(figs) => {
                // A derived figure's input (it shares the derived figure's anchor) is the
                // quote's own figure; only text an author wrote can drop a qualifier.
                if !derived_anchors.contains(place.anchor.as_str()) {
                    let quote = hedge::Read::new(quote, in_quote);
                    diagnostics.extend(written_hedges(file, text, place, &figs, &quote));
                }
                marked.extend(figs);
            }
            Err(mismatch) => {
                ok = false;
                diagnostics.push(
                    Diagnostic::error(Code::FigureNotInQuote, file, mismatch.message())
                        .at(text, place.link.clone())
                        .with_note(format!("the quote: \"{}\"", collapse(quote)))
                        .with_help("cite a passage that states this figure, or correct the figure to match it"),
                );
            }
        }
    }
    ok.then_some(marked)
}

/// The figures of a quote: those read when it was first found in its source, or read now for
/// a quote the source does not have (its figures are still checked).
fn quote_figures<'a>(found: &'a Result<Arc<Located>, QuoteMiss>, quote: &str) -> Cow<'a, [Figure]> {
    match found {
        Ok(located) => Cow::Borrowed(&located.figures),
        Err(_) => Cow::Owned(figures::extract(quote)),
    }
}

/// The anchors of derived figures, which their inputs' citations share.
fn derived_anchors(refs: &[CitationRef]) -> BTreeSet<&str> {
    refs.iter()
        .filter(|r| r.place == Place::Derived)
        .map(|r| r.anchor.as_str())
        .collect()
}

/// A qualifier of the quote that the link text and the words just before it dropped or reversed.
fn written_hedges(
    file: &Path,
    text: &str,
    place: &CitationRef,
    link_figures: &[Figure],
    quote: &hedge::Read<'_>,
) -> Vec<Diagnostic> {
    let before = text.get(..place.link.start).unwrap_or("");
    let link = hedge::Read::new(&place.link_text, link_figures);
    hedge::check_read(before, &link, quote)
        .iter()
        .map(|h| hedge_diagnostic(file, text, place, h))
        .collect()
}

/// A figure computed from hedged inputs is itself approximate: its text must keep a qualifier.
fn derived_hedges(
    file: &Path,
    text: &str,
    refs: &[CitationRef],
    places: &[&CitationRef],
    working: &Derived,
) -> Vec<Diagnostic> {
    let inputs: Vec<(&str, &str)> = working
        .inputs
        .iter()
        .filter_map(|i| {
            let input = refs.iter().find(|r| r.entry == i.entry)?;
            Some((input.quote.as_str(), i.figure.as_str()))
        })
        .collect();
    places
        .iter()
        .filter_map(|place| {
            let before = text.get(..place.link.start).unwrap_or("");
            let h = hedge::check_derived(before, &place.link_text, &inputs)?;
            Some(hedge_diagnostic(file, text, place, &h))
        })
        .collect()
}

/// The entry of a derived figure: the working in place of a quote, each input linked to its
/// entry. Its source record and passage are those of its first input, so that everything that
/// lists a page's sources and passages still sees only real ones. None if an input failed its
/// own check (that is already reported).
fn derived_entry(
    index: usize,
    places: &[&CitationRef],
    working: &Derived,
    entries: &[Entry],
) -> Option<Entry> {
    let first = places.first()?;
    let input_entry = |entry: usize| entries.iter().find(|e| e.number == entry + 1);
    let base = input_entry(working.inputs.first()?.entry)?;
    if working
        .inputs
        .iter()
        .any(|i| input_entry(i.entry).is_none())
    {
        return None;
    }
    let mut pieces: Vec<WorkingPiece> = Vec::new();
    for piece in &working.working {
        match piece {
            Piece::Text(t) => pieces.push(WorkingPiece::Text(t.clone())),
            Piece::Input(i) => {
                if let Some(input) = working.inputs.get(*i) {
                    pieces.push(WorkingPiece::Input {
                        number: input.entry + 1,
                        figure: input.figure.clone(),
                    });
                }
            }
        }
    }
    let text = working.working_text();
    pieces.push(WorkingPiece::Text(working.conclusion()));
    let number = index + 1;
    let figures_seen = figures::extract(&first.link_text)
        .into_iter()
        .map(|f| FigureData {
            value: f.value.digits(),
            text: f.text,
        })
        .collect();
    Some(Entry {
        id: format!("cite-{number}"),
        number,
        figure: first.link_text.clone(),
        figures: figures_seen,
        quote: text.clone(),
        quote_marks: Vec::new(),
        before: "".into(),
        after: "".into(),
        source: base.source.clone(),
        passage_url: base.passage_url.clone(),
        fragment_url: None,
        refs: ref_data(places),
        span: base.span.clone(),
        located: None,
        marked: Vec::new(),
        derived: Some(DerivedData {
            formula: working.formula.clone(),
            working: text,
            pieces,
            inputs: working
                .inputs
                .iter()
                .map(|i| DerivedInput {
                    label: i.label.clone(),
                    figure: i.figure.clone(),
                    id: format!("cite-{}", i.entry + 1),
                    number: i.entry + 1,
                })
                .collect(),
            result: working.result.clone(),
            rounding: working.rounding.as_ref().map(|(step, _)| step.clone()),
        }),
    })
}

/// The back links of an entry: one per distinct citing place.
fn ref_data(places: &[&CitationRef]) -> Vec<RefData> {
    let mut ids: Vec<&str> = Vec::new();
    for p in places {
        if !ids.contains(&p.anchor.as_str()) {
            ids.push(&p.anchor);
        }
    }
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| RefData {
            id: id.to_string(),
            label: ref_label(i),
        })
        .collect()
}

fn entry(
    index: usize,
    places: &[&CitationRef],
    source: &Source,
    located: &Arc<Located>,
    marked: Vec<Figure>,
) -> Entry {
    let first = places[0];
    let number = index + 1;
    let found = &located.found;
    let (before, after) = (located.before.clone(), located.after.clone());
    let exact = source.text.text().get(found.span.clone()).unwrap_or("");
    let quote = collapse(&first.quote);
    let mut figures_seen: Vec<FigureData> = Vec::new();
    for f in &marked {
        if !figures_seen.iter().any(|d| d.text == f.text) {
            figures_seen.push(FigureData {
                text: f.text.clone(),
                value: f.value.digits(),
            });
        }
    }
    Entry {
        id: format!("cite-{number}"),
        number,
        figure: first.link_text.clone(),
        figures: figures_seen,
        // The figures already read are where they were unless white space was collapsed.
        quote_marks: if quote == first.quote {
            figures::marks_among(&located.figures, quote.len(), &marked)
        } else {
            figures::marks_in(&quote, &marked)
        },
        quote,
        before,
        after,
        source: source.record(),
        passage_url: source.url.clone(),
        fragment_url: source
            .meta
            .url
            .as_deref()
            .map(|u| text_fragment_url(u, exact)),
        refs: ref_data(places),
        span: found.span.clone(),
        located: Some(Arc::clone(located)),
        marked,
        derived: None,
    }
}

/// A qualifier of the quote dropped by the text is a warning (an error under `--strict`); one
/// that says the opposite is an error.
fn hedge_diagnostic(file: &Path, text: &str, place: &CitationRef, h: &HedgeFinding) -> Diagnostic {
    let d = if h.is_contradiction() {
        Diagnostic::error(Code::FigureHedgeContradicted, file, h.message())
    } else {
        Diagnostic::warning(Code::FigureHedgeDropped, file, h.message())
    };
    d.at(text, place.link.clone()).with_help(h.help())
}

/// a, b, ..., z, aa, ab: the labels of back links, as footnotes have them.
pub fn ref_label(mut i: usize) -> String {
    let mut label = Vec::new();
    loop {
        label.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    label.reverse();
    String::from_utf8(label).unwrap_or_default()
}

fn misquote(
    file: &Path,
    text: &str,
    place: &CitationRef,
    source: &Source,
    miss: &QuoteMiss,
) -> Diagnostic {
    let base = Diagnostic::error(
        Code::QuoteNotFound,
        file,
        format!("the quote is not in the source `{}`", source.id),
    )
    .at(text, place.span.clone());
    match miss {
        QuoteMiss::Empty => base.with_help("put the exact words of the source in the link's title"),
        QuoteMiss::NotFound(near) => {
            let mut d = base.in_group(&source.id, &source.file);
            if !near.closest_text.trim().is_empty() {
                d = d.with_note(format!(
                    "closest passage, {}:{}: \"{}\"",
                    source.file.display(),
                    source.line_of(near.closest.start),
                    collapse(&near.closest_text)
                ));
                d = d.with_note(format!("differs: {}", render_diff(&near.diff)));
            }
            d.with_help(
                "copy the passage word for word (quotes, dashes and spacing may differ); \
                 use ... to leave words out within one paragraph",
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_link_labels_run_a_to_z_then_aa() {
        assert_eq!(ref_label(0), "a");
        assert_eq!(ref_label(25), "z");
        assert_eq!(ref_label(26), "aa");
        assert_eq!(ref_label(27), "ab");
    }
}
