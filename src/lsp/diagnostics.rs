//! The build's findings as the editor's diagnostics: one list per file, with the same codes as
//! `site check`, and the source's closest passage as a related location of a misquote.

use std::collections::BTreeMap;
use std::path::PathBuf;

use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString,
    Position, Range,
};

use crate::build::Session;
use crate::diag::{Code, Diagnostic, Severity};

use super::citations;
use super::documents::{self, Documents};

/// Every finding converted, grouped by the file it is about (relative to the project).
pub(crate) fn convert(
    found: &[Diagnostic],
    docs: &Documents,
    session: &Session,
) -> BTreeMap<PathBuf, Vec<LspDiagnostic>> {
    let mut texts: BTreeMap<PathBuf, Option<String>> = BTreeMap::new();
    let mut by_file: BTreeMap<PathBuf, Vec<LspDiagnostic>> = BTreeMap::new();
    for d in found {
        let text = texts
            .entry(d.file.clone())
            .or_insert_with(|| docs.text(&d.file));
        let (bytes, range) = match text.as_deref() {
            Some(text) if d.line > 0 => {
                let start = documents::line_column(text, d.line, d.column);
                let end = documents::after_chars(text, start, d.width());
                (Some(start), documents::range(text, &(start..end)))
            }
            _ => (None, Range::new(Position::new(0, 0), Position::new(0, 0))),
        };
        let related = bytes.and_then(|at| related(d, at, docs, session));
        by_file
            .entry(d.file.clone())
            .or_default()
            .push(LspDiagnostic {
                range,
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Note => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(d.code.to_string())),
                source: Some("site".to_string()),
                message: message(d),
                related_information: related,
                ..LspDiagnostic::default()
            });
    }
    by_file
}

/// The message with its notes and help, as `site check` prints them below it.
fn message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// For a misquote, the closest passage in the source's file.
fn related(
    d: &Diagnostic,
    at: usize,
    docs: &Documents,
    session: &Session,
) -> Option<Vec<DiagnosticRelatedInformation>> {
    if d.code != Code::QuoteNotFound {
        return None;
    }
    let (_, cited) = session.checked_page(&d.file)?;
    let citation = citations::starting_at(cited, at)?;
    let (source, near) = citations::closest(session, citation)?;
    Some(vec![DiagnosticRelatedInformation {
        location: citations::location(docs, &source, near.closest.start)?,
        message: format!("closest passage: \"{}\"", near.closest_text.trim()),
    }])
}
