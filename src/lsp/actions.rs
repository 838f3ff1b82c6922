//! Code actions on the findings under the cursor: a misquote replaced by the closest passage,
//! an uncited figure cited with a passage that states its value, or marked as not a figure.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use crate::build::Session;
use crate::cite::reference;
use crate::cite::sentences;
use crate::diag::{Code, Diagnostic};
use crate::parse::markdown::CitationRef;
use crate::text::figures;

use super::citations;
use super::documents::{self, Documents};

/// The most passages offered to cite one figure.
const MOST_PASSAGES: usize = 5;

/// The actions for the findings of the page at `rel` that touch bytes `from..to`.
pub(crate) fn actions(
    session: &Session,
    docs: &Documents,
    found: &[Diagnostic],
    rel: &Path,
    from: usize,
    to: usize,
) -> Vec<CodeActionOrCommand> {
    let (Some(text), Some(uri)) = (docs.text(rel), docs.uri(rel)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in found.iter().filter(|d| d.file == rel && d.line > 0) {
        let start = documents::line_column(&text, d.line, d.column);
        let end = documents::after_chars(&text, start, d.width());
        if end < from || start > to {
            continue;
        }
        let edit = |title: String, range: std::ops::Range<usize>, new_text: String| {
            action(&uri, title, documents::range(&text, &range), new_text)
        };
        match d.code {
            Code::QuoteNotFound => {
                let citation = session
                    .checked_page(rel)
                    .and_then(|(_, cited)| citations::starting_at(cited, start));
                if let Some(citation) = citation
                    && let Some((_, near)) = citations::closest(session, citation)
                    && let Some(title) = title_range(&text, citation)
                {
                    out.push(edit(
                        "Replace with the closest passage".to_string(),
                        title,
                        reference::title(&near.closest_text),
                    ));
                }
            }
            Code::UncitedFigure => {
                let figure = text.get(start..end).unwrap_or("").to_string();
                for (id, passage) in passages(session, rel, &figure) {
                    out.push(edit(
                        format!("Cite this figure: {id} “{}”", short(&passage)),
                        start..end,
                        format!("[{figure}]({id} {})", reference::title(&passage)),
                    ));
                }
                out.push(edit(
                    "Mark as not a figure".to_string(),
                    start..end,
                    format!("[{figure}]{{.not-figure}}"),
                ));
            }
            _ => {}
        }
    }
    out
}

// lsp-types keys a workspace edit's changes by `Uri`, whose parsed parts are cached in a
// `Cell`; the key is never changed once inserted.
#[allow(clippy::mutable_key_type)]
fn action(
    uri: &Uri,
    title: String,
    range: lsp_types::Range,
    new_text: String,
) -> CodeActionOrCommand {
    let changes = HashMap::from([(uri.clone(), vec![TextEdit { range, new_text }])]);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    })
}

/// The bytes of a citation's title (with its delimiters) in the page's text.
fn title_range(text: &str, citation: &CitationRef) -> Option<std::ops::Range<usize>> {
    let span = text.get(citation.span.clone())?;
    let bracket = span.find(']')?;
    let body = if span[bracket + 1..].starts_with(':') {
        span.trim_end()
    } else {
        span.trim_end().strip_suffix(')')?
    };
    let after_id =
        bracket + body[bracket..].find(citation.source.as_str())? + citation.source.len();
    let open = after_id + body[after_id..].find(|c: char| !c.is_whitespace())?;
    let close = match body[open..].chars().next()? {
        '"' => '"',
        '\'' => '\'',
        '(' => ')',
        _ => return None,
    };
    let end = body.rfind(close)? + close.len_utf8();
    (end > open + 1).then(|| citation.span.start + open..citation.span.start + end)
}

/// The sentences of the page's declared sources that state the figure's value.
fn passages(session: &Session, rel: &Path, figure: &str) -> Vec<(String, String)> {
    let Some(wanted) = figures::extract(figure).into_iter().next() else {
        return Vec::new();
    };
    let declared = session
        .checked_page(rel)
        .map(|(page, _)| page.meta.sources.clone())
        .unwrap_or_default();
    let mut out = Vec::new();
    for source in session.loaded_sources() {
        if !declared.contains(&source.id) {
            continue;
        }
        let article = source.text.article();
        for sentence in sentences::sentences(article) {
            let said = article.text.get(sentence.range.clone()).unwrap_or("");
            if figures::extract(said)
                .iter()
                .any(|f| f.value == wanted.value)
            {
                out.push((source.id.clone(), said.to_string()));
                if out.len() == MOST_PASSAGES {
                    return out;
                }
            }
        }
    }
    out
}

/// The first words of a passage, for an action's title.
fn short(passage: &str) -> String {
    let words: Vec<&str> = passage.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{} …", words[..12].join(" "))
    }
}
