//! The citation under the editor's cursor, and what the check knows of it: its panel entry,
//! its source, and the passage that comes closest when its quote is not in the source.

use std::path::Path;
use std::sync::Arc;

use lsp_types::{Location, Position, Range};

use crate::build::Session;
use crate::cite::page::Cited;
use crate::cite::source::{NearMiss, QuoteMiss};
use crate::parse::markdown::{CitationRef, Place};
use crate::parse::source::Source;

use super::documents::{self, Documents};

/// The citation whose link (where the figure is) or quote (the link's title or its reference
/// definition) holds the byte `offset`.
pub(crate) fn at(cited: &Cited, offset: usize) -> Option<&CitationRef> {
    let holds = |r: &std::ops::Range<usize>| r.start <= offset && offset <= r.end;
    let places = || {
        cited
            .body
            .citations
            .iter()
            .filter(|c| c.place != Place::Chart)
    };
    places()
        .find(|c| holds(&c.link))
        .or_else(|| places().find(|c| holds(&c.span)))
}

/// The citation whose quote (link or definition) starts at byte `offset`.
pub(crate) fn starting_at(cited: &Cited, offset: usize) -> Option<&CitationRef> {
    cited.body.citations.iter().find(|c| c.span.start == offset)
}

pub(crate) fn source(session: &Session, id: &str) -> Option<Arc<Source>> {
    session.loaded_sources().into_iter().find(|s| s.id == id)
}

/// The passage closest to a quote that is not in its source.
pub(crate) fn closest(
    session: &Session,
    citation: &CitationRef,
) -> Option<(Arc<Source>, NearMiss)> {
    let source = source(session, &citation.source)?;
    match source.text.find(&citation.quote) {
        Err(QuoteMiss::NotFound(near)) if !near.closest_text.trim().is_empty() => {
            Some((source, near))
        }
        _ => None,
    }
}

/// The source whose file is at `rel` (relative to the project).
pub(crate) fn source_in(session: &Session, rel: &Path) -> Option<Arc<Source>> {
    session
        .loaded_sources()
        .into_iter()
        .find(|s| s.file.as_path() == rel)
}

/// The byte where a source's stored text starts in its file's text `file_text`.
pub(crate) fn body_start(source: &Source, file_text: &str) -> usize {
    documents::line_column(file_text, source.body_line, 1)
}

/// Where a passage (bytes of a source's stored text) is in the source's file: its exact range
/// when it is in the article's body, the `captions:` line when it is a caption.
pub(crate) fn passage(
    docs: &Documents,
    source: &Source,
    span: &std::ops::Range<usize>,
) -> Option<Location> {
    let rel = source_file(docs, source);
    match docs.text(rel) {
        Some(file_text) if !source.text.in_captions(span.start) => {
            let start = body_start(source, &file_text);
            let bytes = start + span.start..start + span.end;
            Some(Location {
                uri: docs.uri(rel)?,
                range: documents::range(&file_text, &bytes),
            })
        }
        _ => location(docs, source, span.start),
    }
}

fn source_file<'a>(docs: &Documents, source: &'a Source) -> &'a Path {
    source
        .file
        .strip_prefix(docs.root())
        .unwrap_or(&source.file)
}

/// Where a byte of a source's stored text is in its file, as a location an editor opens.
pub(crate) fn location(docs: &Documents, source: &Source, byte: usize) -> Option<Location> {
    let line = u32::try_from(source.line_of(byte).saturating_sub(1)).unwrap_or(u32::MAX);
    let file = source_file(docs, source);
    let at = Position::new(line, 0);
    Some(Location {
        uri: docs.uri(file)?,
        range: Range::new(at, at),
    })
}
