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

/// A place of the site that cites a passage of the source.
#[derive(Debug, Clone)]
pub(crate) struct Citing {
    /// The page's file, as shown to editors.
    pub page: String,
    /// The 1-based line of the citing link in that file.
    pub line: usize,
    /// Where its quote is in the source's text, one range per elided part.
    pub parts: Vec<Range<usize>>,
    /// The figures its link states.
    pub figures: Vec<Figure>,
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

/// The places of one page that cite `source`, with the figures each link states.
pub(crate) fn citing_places(
    shown: &str,
    page_text: &str,
    cited: &Cited,
    source: &str,
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
            page: shown.to_string(),
            line: before.matches('\n').count() + 1,
            parts: located.found.parts.clone(),
            figures: figures::extract(&c.link_text),
        });
    }
    places
}

/// Lists every figure of `text` by paragraph, with the places of `citing` that cite it.
pub(crate) fn coverage(source: &str, text: &SourceText, citing: &[Citing]) -> SourceCoverage {
    let marks: Vec<(usize, Range<usize>)> = citing
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.parts.iter().flat_map(move |part| {
                let quoted = text.text().get(part.clone()).unwrap_or("");
                figures::mark(quoted, &c.figures)
                    .into_iter()
                    .map(move |r| (i, part.start + r.start..part.start + r.end))
            })
        })
        .collect();
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
            let range = para.start + figure.range.start..para.start + figure.range.end;
            let mut cited_at: Vec<CitedAt> = Vec::new();
            for (i, _) in marks
                .iter()
                .filter(|(_, m)| m.start < range.end && range.start < m.end)
            {
                let place = CitedAt {
                    page: citing[*i].page.clone(),
                    line: citing[*i].line,
                };
                if !cited_at.contains(&place) {
                    cited_at.push(place);
                }
            }
            cited_at.sort_by(|a, b| (&a.page, a.line).cmp(&(&b.page, b.line)));
            found.push(CoveredFigure {
                text: figure.text,
                paragraph,
                caption,
                range,
                cited_at,
            });
        }
    }
    SourceCoverage {
        source: source.to_string(),
        cited: found.iter().filter(|f| !f.cited_at.is_empty()).count(),
        total: found.len(),
        figures: found,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citing(text: &SourceText, quote: &str, link: &str, line: usize) -> Citing {
        let start = text.text().find(quote).unwrap();
        Citing {
            page: "content/a.md".into(),
            line,
            parts: std::iter::once(start..start + quote.len()).collect(),
            figures: figures::extract(link),
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
        let c = coverage("s", &text, &places);
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
