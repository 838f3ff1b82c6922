//! Find references: from a passage of a source to every place of every page that quotes it,
//! and from a citation to the other places quoting the same passage.
//!
//! Two citations quote the same passage when their quotes, as found in the source, overlap:
//! "11,000 troops" and "around 11,000 troops were assessed" are one passage to an editor who
//! wants to know what a change of that sentence would touch.

use std::ops::Range;
use std::path::Path;

use lsp_types::Location;

use crate::build::Session;
use crate::cite::page::Cited;
use crate::parse::markdown::CitationRef;

use super::citations;
use super::documents::{self, Documents};

/// What the cursor is on: a passage of one source, as bytes of its stored text.
struct Passage {
    source: String,
    span: Range<usize>,
}

/// The places citing what is at byte `offset` of the file at `rel`: a source's passage, or a
/// page's citation. With `declaration`, the passage itself in the source comes first.
pub(crate) fn references(
    session: &Session,
    docs: &Documents,
    rel: &Path,
    offset: usize,
    declaration: bool,
) -> Option<Vec<Location>> {
    let passage = match citations::source_in(session, rel) {
        Some(source) => {
            let text = docs.text(rel)?;
            let at = offset.checked_sub(citations::body_start(&source, &text))?;
            let quoted = citing(session, &source.id, &(at..at));
            // The passage is what the quotes around the cursor cover; a cursor outside every
            // quote names its paragraph (a quote never spans paragraphs).
            let span = match (
                quoted.iter().map(|c| c.quote.start).min(),
                quoted.iter().map(|c| c.quote.end).max(),
            ) {
                (Some(start), Some(end)) => start..end,
                _ => source
                    .text
                    .paragraphs()
                    .iter()
                    .find(|p| p.start <= at && at <= p.end)?
                    .clone(),
            };
            Passage {
                source: source.id.clone(),
                span,
            }
        }
        None => {
            let (_, cited) = session.checked_page(rel)?;
            let citation = citations::at(cited, offset)?;
            quoted_passage(cited, citation)?
        }
    };
    let mut found: Vec<Location> = Vec::new();
    if declaration {
        let source = citations::source(session, &passage.source)?;
        found.extend(citations::passage(docs, &source, &passage.span));
    }
    found.extend(
        citing(session, &passage.source, &passage.span)
            .into_iter()
            .filter_map(|c| {
                Some(Location {
                    uri: docs.uri(c.page)?,
                    range: documents::range(c.text, &c.link),
                })
            }),
    );
    Some(found)
}

/// The passage a citation's quote was found at; None for a misquote or a derived figure.
fn quoted_passage(cited: &Cited, citation: &CitationRef) -> Option<Passage> {
    let entry = cited
        .entries
        .iter()
        .find(|e| e.number == citation.entry + 1)?;
    let located = entry.located.as_ref()?;
    Some(Passage {
        source: citation.source.clone(),
        span: located.found.span.clone(),
    })
}

/// One place of a page quoting a source.
struct Citing<'a> {
    page: &'a Path,
    /// The page's text as checked.
    text: &'a str,
    /// The link, where the figure is, in the page's text.
    link: Range<usize>,
    /// The quote, in the source's stored text.
    quote: Range<usize>,
}

/// Every link of every page whose quote of `source` overlaps `span`, sorted by page and place.
fn citing<'a>(session: &'a Session, source: &str, span: &Range<usize>) -> Vec<Citing<'a>> {
    let mut found: Vec<Citing<'a>> = Vec::new();
    for (page, cited) in session.checked_pages() {
        for citation in cited.body.citations.iter().filter(|c| c.source == source) {
            let Some(passage) = quoted_passage(cited, citation) else {
                continue;
            };
            if overlaps(&passage.span, span) {
                found.push(Citing {
                    page: page.file.path.as_path(),
                    text: page.file.text.as_str(),
                    link: citation.link.clone(),
                    quote: passage.span,
                });
            }
        }
    }
    found.sort_by(|a, b| (a.page, a.link.start).cmp(&(b.page, b.link.start)));
    found.dedup_by(|a, b| a.page == b.page && a.link == b.link);
    found
}

/// Whether a quote's span shares text with `span`, or holds it when `span` is a cursor.
fn overlaps(quote: &Range<usize>, span: &Range<usize>) -> bool {
    if span.is_empty() {
        quote.start <= span.start && span.start <= quote.end
    } else {
        quote.start < span.end && span.start < quote.end
    }
}

#[cfg(test)]
mod tests {
    use super::overlaps;

    #[test]
    fn a_cursor_at_either_end_of_a_quote_is_in_it_but_touching_passages_are_not_one() {
        assert!(overlaps(&(4..9), &(4..4)));
        assert!(overlaps(&(4..9), &(9..9)));
        assert!(!overlaps(&(4..9), &(10..10)));
        assert!(overlaps(&(4..9), &(8..20)));
        assert!(!overlaps(&(4..9), &(9..20)));
    }
}
