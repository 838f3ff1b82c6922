//! Where a session gets the pages' and sources' texts: an editor's unsaved texts are read in
//! place of the files on disk, and a one-off build keeps no page text once it is checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cite::page::Cited;
use crate::cite::panel::Source;
use crate::diag::Diagnostic;
use crate::load::content::{self, Found, TextFile};
use crate::parse::page::Page;

use super::Session;

/// Unsaved texts by the path the build shows (`content/index.md`).
#[derive(Debug, Default)]
pub(super) struct Overlay(HashMap<PathBuf, String>);

impl Overlay {
    /// The file's text as the editor holds it, or as stored when no editor holds it.
    pub(super) fn read(&self, found: &Found) -> Result<TextFile, Diagnostic> {
        match self.0.get(&found.shown) {
            Some(text) => Ok(TextFile {
                path: found.shown.clone(),
                rel: found.rel.clone(),
                text: text.clone(),
            }),
            None => content::read(found),
        }
    }
}

impl Session {
    /// Holds `text` as the file's content until it is given again (None: read the disk again).
    /// The caller then names the file to [`Session::build_changed`], which reads it anew.
    pub(crate) fn set_unsaved(&mut self, path: PathBuf, text: Option<String>) {
        match text {
            Some(text) => self.overlay.0.insert(path, text),
            None => self.overlay.0.remove(&path),
        };
    }

    /// A page as the last build parsed and checked it.
    pub(crate) fn checked_page(&self, path: &Path) -> Option<(&Page, &Cited)> {
        let state = self.pages.get(path)?;
        let page = state.parsed.as_ref().ok()?.as_ref()?;
        let cited = state.citing.as_ref()?.cited.as_ref()?;
        Some((page, cited))
    }

    /// The sources the last build could read a citable text from (a source whose record has an
    /// error still has one).
    pub(crate) fn loaded_sources(&self) -> Vec<Arc<Source>> {
        let mut sources: Vec<Arc<Source>> = self
            .sources
            .values()
            .filter_map(|s| s.parsed.source.clone())
            .collect();
        sources.sort_by(|a, b| a.id.cmp(&b.id));
        sources
    }

    /// A build that is not kept needs the pages' text no more once they are checked; dropping
    /// it keeps a large site's memory down while it renders.
    pub(super) fn forget_texts(&mut self) {
        for state in self.pages.values_mut() {
            if let Ok(Some(page)) = &mut state.parsed {
                page.file = without_text(&page.file);
            }
        }
    }
}

/// The file's name without its text.
pub(super) fn without_text(file: &TextFile) -> Arc<TextFile> {
    Arc::new(TextFile {
        path: file.path.clone(),
        rel: file.rel.clone(),
        text: String::new(),
    })
}
