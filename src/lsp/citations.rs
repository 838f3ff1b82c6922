//! The citation under the editor's cursor, and what the check knows of it: its panel entry,
//! its source, and the passage that comes closest when its quote is not in the source.

use std::path::Path;
use std::sync::Arc;

use lsp_types::{Location, Position, Range};

use crate::build::Session;
use crate::cite::page::Cited;
use crate::cite::panel::Source;
use crate::cite::source::{NearMiss, QuoteMiss};
use crate::parse::markdown::{CitationRef, Place};

use super::documents::Documents;

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

/// Where a byte of a source's stored text is in its file, as a location an editor opens.
pub(crate) fn location(docs: &Documents, source: &Source, byte: usize) -> Option<Location> {
    let line = u32::try_from(source.line_of(byte).saturating_sub(1)).unwrap_or(u32::MAX);
    let file: &Path = source
        .file
        .strip_prefix(docs.root())
        .unwrap_or(&source.file);
    let at = Position::new(line, 0);
    Some(Location {
        uri: docs.uri(file)?,
        range: Range::new(at, at),
    })
}
