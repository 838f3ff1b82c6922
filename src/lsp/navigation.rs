//! Going from a citation to the passage it quotes, in the source's file.

use std::path::Path;

use lsp_types::Location;

use crate::build::Session;

use super::citations;
use super::documents::Documents;

/// Where the citation at byte `offset` of the page at `rel` is in its source; a misquote goes
/// to the closest passage, so the editor lands where the words can be copied.
pub(crate) fn definition(
    session: &Session,
    docs: &Documents,
    rel: &Path,
    offset: usize,
) -> Option<Location> {
    let (_, cited) = session.checked_page(rel)?;
    let citation = citations::at(cited, offset)?;
    let source = citations::source(session, &citation.source)?;
    let byte = match source.text.find(&citation.quote) {
        Ok(found) => found.span.start,
        Err(_) => citations::closest(session, citation)?.1.closest.start,
    };
    citations::location(docs, &source, byte)
}
