//! What the editor shows over a citation (the passage in its paragraph with the figure marked,
//! the source's title, the check's verdict) and over a figure no citation backs.

use std::path::Path;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::build::Session;
use crate::cite::page::Cited;
use crate::diag::{Code, Diagnostic};
use crate::parse::markdown::CitationRef;
use crate::text::figures;

use super::citations;
use super::documents::{self, Documents};

/// The hover for byte `offset` of the page at `rel`, whose last findings are `found`.
pub(crate) fn hover(
    session: &Session,
    docs: &Documents,
    found: &[Diagnostic],
    rel: &Path,
    offset: usize,
) -> Option<Hover> {
    let text = docs.text(rel)?;
    let here: Vec<(&Diagnostic, usize)> = found
        .iter()
        .filter(|d| d.file == rel && d.line > 0)
        .map(|d| (d, documents::line_column(&text, d.line, d.column)))
        .collect();
    let cited = session.checked_page(rel).map(|(_, cited)| cited);
    let value = match cited.and_then(|c| citations::at(c, offset).map(|r| (c, r))) {
        Some((cited, citation)) => {
            let verdict: Vec<&Diagnostic> = here
                .iter()
                .filter(|(_, at)| {
                    let within = |r: &std::ops::Range<usize>| r.start <= *at && *at < r.end;
                    within(&citation.span) || within(&citation.link)
                })
                .map(|(d, _)| *d)
                .collect();
            citation_text(session, cited, citation, &verdict)
        }
        None => {
            let (d, _) = here.iter().find(|(d, at)| {
                d.code == Code::UncitedFigure
                    && *at <= offset
                    && offset <= documents::after_chars(&text, *at, d.width())
            })?;
            format!(
                "**Uncited figure**\n\n{}\n\n{}",
                d.message,
                d.help.as_deref().unwrap_or("")
            )
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    })
}

fn citation_text(
    session: &Session,
    cited: &Cited,
    citation: &CitationRef,
    verdict: &[&Diagnostic],
) -> String {
    let entry = cited
        .entries
        .iter()
        .find(|e| e.number == citation.entry + 1);
    let title = entry
        .map(|e| e.source.title.clone())
        .or_else(|| citations::source(session, &citation.source).map(|s| s.record().title.clone()))
        .unwrap_or_default();
    let mut out = format!(
        "**{}** cites *{}* (`{}`)\n\n",
        citation.link_text.trim(),
        title,
        citation.source
    );
    let passage = match entry {
        Some(e) => format!(
            "{}{}{}",
            e.before.trim_start(),
            marked(&e.quote, &e.marked),
            e.after.trim_end()
        ),
        None => format!("“{}”", citation.quote.trim()),
    };
    out.push_str(&format!("> {}\n\n", passage.replace('\n', " ")));
    if verdict.is_empty() {
        out.push_str("✓ The quote is in the source and states the figure.");
    } else {
        for d in verdict {
            out.push_str(&format!("✗ `{}`: {}\n\n", d.code, d.message));
            for note in &d.notes {
                out.push_str(&format!("- {note}\n"));
            }
        }
    }
    out
}

/// The quote in bold, its figures also in italics.
fn marked(quote: &str, figs: &[figures::Figure]) -> String {
    let mut out = String::from("**");
    let mut last = 0;
    for r in figures::mark(quote, figs) {
        if r.start < last || quote.get(r.clone()).is_none() {
            continue;
        }
        out.push_str(&quote[last..r.start]);
        out.push('_');
        out.push_str(&quote[r.clone()]);
        out.push('_');
        last = r.end;
    }
    out.push_str(&quote[last..]);
    out.push_str("**");
    out
}
