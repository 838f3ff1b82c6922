//! Where a session gets the pages' and sources' texts: an editor's unsaved texts are read in
//! place of the files on disk, and a one-off build keeps no page text once it is checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cite::page::Cited;
use crate::cite::panel::Source;
use crate::diag::Diagnostic;
use crate::load::content::{self, Found, Scan, TextFile};
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

impl Overlay {
    /// Whether the editor holds `path` unsaved and no file of that name is on disk yet.
    pub(super) fn only_unsaved(&self, root: &Path, path: &Path) -> bool {
        self.0.contains_key(path) && root.join(path).symlink_metadata().is_err()
    }

    /// Adds to the scan the Markdown files under `content/` that the editor holds but that are
    /// not on disk (a new page not saved yet), so they are checked like any other.
    pub(super) fn add_unsaved(&self, root: &Path, scan: &mut Scan) {
        let mut unsaved: Vec<&PathBuf> = self
            .0
            .keys()
            .filter(|path| self.only_unsaved(root, path))
            .filter(|path| !scan.found.iter().any(|f| &&f.shown == path))
            .collect();
        unsaved.sort();
        for shown in unsaved {
            let Ok(under) = shown.strip_prefix("content") else {
                continue;
            };
            let parts: Vec<String> = under
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = parts.join("/");
            if parts.iter().any(|p| p.starts_with('.') || p == "..") || !rel.ends_with(".md") {
                continue;
            }
            scan.found.push(Found {
                from: root.join(shown),
                shown: shown.clone(),
                kind: content::kind_of(&rel),
                rel,
                stamp: None,
            });
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

    /// Every page the last build parsed and checked, in no particular order.
    pub(crate) fn checked_pages(&self) -> impl Iterator<Item = (&Page, &Cited)> {
        self.pages.values().filter_map(|state| {
            let page = state.parsed.as_ref().ok()?.as_ref()?;
            let cited = state.citing.as_ref()?.cited.as_deref()?;
            Some((page, cited))
        })
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
fn without_text(file: &TextFile) -> Arc<TextFile> {
    front_matter_only(file, 0)
}

/// The file with only the first `keep` bytes of its text (its front matter).
pub(super) fn front_matter_only(file: &TextFile, keep: usize) -> Arc<TextFile> {
    Arc::new(TextFile {
        path: file.path.clone(),
        rel: file.rel.clone(),
        text: file.text.get(..keep).unwrap_or_default().to_string(),
    })
}
