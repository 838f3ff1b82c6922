//! Coverage: which of a source's figures the site cites, and where, so an editor sees what the
//! explainer used and what it left out.
//!
//! A figure of the source is a quantity read by the same reader as the checks
//! ([`crate::text::figures`]); years, dates, times and other numbers that are not quantities
//! are left out, as the uncited-figure check leaves them out of prose. A figure counts as cited
//! when a citing place's link states it and the place's quote contains it: a figure that only
//! sits in a quoted sentence, with the link saying nothing of it, is not cited.
//!
//! Pure data: the caller hands in texts already read and prints or renders the result.

use std::ops::Range;

use serde::Serialize;

use crate::cite::page::Cited;
use crate::text::article::SourceText;
use crate::text::figures::{self, Figure, FigureKind};

/// A place of a page that cites a passage of the source: what coverage needs of it, kept for
/// every page of the site (so no copy of the page's name, and the figures its link states
/// already found in the source's text).
#[derive(Debug, Clone)]
pub(crate) struct Citing {
    /// The 1-based line of the citing link in the page's file.
    pub line: usize,
    /// Where the figures its link states are in the source's text, within its quote.
    pub marks: Vec<Range<usize>>,
}

/// The places of one page citing a source, with the page's file as shown to editors.
pub(crate) struct PageCiting<'a> {
    pub page: &'a str,
    pub places: &'a [Citing],
}

/// Where a figure is cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CitedAt {
    pub page: String,
    pub line: usize,
}

/// One figure of the source, with every place that cites it.
#[derive(Debug, Clone, Serialize)]
pub struct CoveredFigure {
    /// As the source writes it ("around 11,000" is read as "11,000").
    pub text: String,
    /// The 1-based paragraph of the text it is in; captions follow the body.
    pub paragraph: usize,
    /// The paragraph is a photo caption or credit.
    pub caption: bool,
    /// Byte range in the source's checked text.
    #[serde(skip)]
    pub range: Range<usize>,
    /// Empty when the site does not cite it.
    pub cited_at: Vec<CitedAt>,
}

/// Every figure of one source and whether the site cites it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceCoverage {
    pub source: String,
    pub cited: usize,
    pub total: usize,
    pub figures: Vec<CoveredFigure>,
}

impl SourceCoverage {
    /// `12 of 14 figures cited; not cited: 'two days' (paragraph 9), '40%' (caption 1)`
    pub fn summary(&self) -> String {
        let noun = if self.total == 1 { "figure" } else { "figures" };
        let mut line = format!("{} of {} {noun} cited", self.cited, self.total);
        let missing: Vec<String> = self
            .figures
            .iter()
            .filter(|f| f.cited_at.is_empty())
            .map(|f| format!("'{}' ({})", f.text, f.place()))
            .collect();
        if !missing.is_empty() {
            line.push_str("; not cited: ");
            line.push_str(&missing.join(", "));
        }
        line
    }
}

impl CoveredFigure {
    /// "paragraph 9", or "caption 1" for the first caption.
    pub fn place(&self) -> String {
        if self.caption {
            format!("caption {}", self.paragraph)
        } else {
            format!("paragraph {}", self.paragraph)
        }
    }
}

/// The places of one page that cite `source`, whose stored text is `text`, with where each
/// link's figures are in it.
pub(crate) fn citing_places(
    page_text: &str,
    cited: &Cited,
    source: &str,
    text: &SourceText,
) -> Vec<Citing> {
    let mut places = Vec::new();
    for c in cited.body.citations.iter().filter(|c| c.source == source) {
        let located = cited
            .entries
            .iter()
            .find(|e| e.number == c.entry + 1 && e.derived.is_none())
            .and_then(|e| e.located.as_ref());
        let Some(located) = located else {
            continue;
        };
        let before = page_text.get(..c.link.start).unwrap_or(page_text);
        places.push(Citing {
            line: before.matches('\n').count() + 1,
            marks: marks(text, &located.found.parts, &figures::extract(&c.link_text)),
        });
    }
    places
}

/// Where `stated` are in the quote's parts, as ranges of the source's text.
fn marks(text: &SourceText, parts: &[Range<usize>], stated: &[Figure]) -> Vec<Range<usize>> {
    parts
        .iter()
        .flat_map(|part| {
            let quoted = text.text().get(part.clone()).unwrap_or("");
            figures::mark(quoted, stated)
                .into_iter()
                .map(move |r| part.start + r.start..part.start + r.end)
        })
        .collect()
}

/// The figures of `text` a coverage counts: its quantities, with their paragraphs.
fn quantities(text: &SourceText) -> Vec<CoveredFigure> {
    let body_paragraphs = text
        .paragraphs()
        .iter()
        .filter(|p| !text.in_captions(p.start))
        .count();
    let mut found = Vec::new();
    for (index, para) in text.paragraphs().iter().enumerate() {
        let caption = text.in_captions(para.start);
        let paragraph = if caption {
            index + 1 - body_paragraphs
        } else {
            index + 1
        };
        let words = text.text().get(para.clone()).unwrap_or("");
        for figure in figures::extract(words) {
            if figure.kind != FigureKind::Quantity {
                continue;
            }
            found.push(CoveredFigure {
                text: figure.text,
                paragraph,
                caption,
                range: para.start + figure.range.start..para.start + figure.range.end,
                cited_at: Vec::new(),
            });
        }
    }
    found
}

/// Lists every figure of `text` by paragraph, with the places of `citing` that cite it.
pub(crate) fn coverage(
    source: &str,
    text: &SourceText,
    citing: &[PageCiting<'_>],
) -> SourceCoverage {
    let marks = Marks::new(citing.iter().flat_map(|p| {
        p.places.iter().flat_map(move |place| {
            place
                .marks
                .iter()
                .map(move |m| (m.clone(), (p.page, place.line)))
        })
    }));
    let mut found = quantities(text);
    for figure in &mut found {
        let mut cited_at: Vec<CitedAt> = Vec::new();
        for &(page, line) in marks.over(&figure.range) {
            let place = CitedAt {
                page: page.to_string(),
                line,
            };
            if !cited_at.contains(&place) {
                cited_at.push(place);
            }
        }
        cited_at.sort_by(|a, b| (&a.page, a.line).cmp(&(&b.page, b.line)));
        figure.cited_at = cited_at;
    }
    SourceCoverage {
        source: source.to_string(),
        cited: found.iter().filter(|f| !f.cited_at.is_empty()).count(),
        total: found.len(),
        figures: found,
    }
}

/// How many of the figures of `text` the marks of `citing` cover, and how many there are: the
/// counts a source's page shows, without listing every citing place of every figure (a
/// figure of a 100,000-page site can be cited from thousands of places).
pub(crate) fn counts(text: &SourceText, marks: impl Iterator<Item = Range<usize>>) -> Counts {
    let marks = Marks::new(marks.map(|m| (m, ())));
    let found = quantities(text);
    Counts {
        cited: found
            .iter()
            .filter(|f| marks.over(&f.range).next().is_some())
            .count(),
        total: found.len(),
    }
}

/// A source's figures cited, of its figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub cited: usize,
    pub total: usize,
}

/// Marked ranges of a source's text with what each came from, sorted by start, so the marks
/// over a figure are found by a binary search and a walk back over those that reach it.
struct Marks<T> {
    marks: Vec<(Range<usize>, T)>,
    /// The end of the longest-reaching mark among the first k, for each k.
    reach: Vec<usize>,
}

impl<T> Marks<T> {
    fn new(marks: impl Iterator<Item = (Range<usize>, T)>) -> Marks<T> {
        let mut marks: Vec<(Range<usize>, T)> = marks.collect();
        marks.sort_by_key(|(m, _)| (m.start, m.end));
        let mut reach = Vec::with_capacity(marks.len());
        let mut far = 0;
        for (m, _) in &marks {
            far = far.max(m.end);
            reach.push(far);
        }
        Marks { marks, reach }
    }

    /// What the marks overlapping `range` came from, latest start first.
    fn over<'a>(&'a self, range: &Range<usize>) -> impl Iterator<Item = &'a T> + 'a {
        let (start, end) = (range.start, range.end);
        let before = self.marks.partition_point(|(m, _)| m.start < end);
        (0..before)
            .rev()
            .take_while(move |&i| self.reach[i] > start)
            .filter(move |&i| self.marks[i].0.end > start)
            .map(move |i| &self.marks[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citing(text: &SourceText, quote: &str, link: &str, line: usize) -> Citing {
        let start = text.text().find(quote).unwrap();
        Citing {
            line,
            marks: marks(
                text,
                std::slice::from_ref(&(start..start + quote.len())),
                &figures::extract(link),
            ),
        }
    }

    #[test]
    fn a_figure_is_cited_only_where_a_link_states_it() {
        let text = SourceText::with_captions(
            "About 11,000 troops and 1.2 million more.\n\nIn 2024 it took two days.\n",
            &["Photo of 40 soldiers.".to_string()],
        );
        let places = [
            citing(
                &text,
                "About 11,000 troops and 1.2 million",
                "11,000 troops",
                7,
            ),
            citing(&text, "About 11,000 troops", "11,000", 9),
        ];
        let c = coverage(
            "s",
            &text,
            &[PageCiting {
                page: "content/a.md",
                places: &places,
            }],
        );
        let marked = places.iter().flat_map(|p| p.marks.iter().cloned());
        assert_eq!(counts(&text, marked), Counts { cited: 1, total: 4 });
        let listed: Vec<(&str, usize, bool, usize)> = c
            .figures
            .iter()
            .map(|f| (f.text.as_str(), f.paragraph, f.caption, f.cited_at.len()))
            .collect();
        assert_eq!(
            listed,
            [
                ("11,000", 1, false, 2),
                ("1.2 million", 1, false, 0),
                ("two", 2, false, 0),
                ("40", 1, true, 0)
            ]
        );
        assert_eq!((c.cited, c.total), (1, 4));
        assert_eq!(
            c.summary(),
            "1 of 4 figures cited; not cited: '1.2 million' (paragraph 1), 'two' (paragraph 2), '40' (caption 1)"
        );
        assert_eq!(c.figures[0].cited_at[1].line, 9);
    }
}
