//! The session's Web Annotations: each page's made again only when the page was cited again,
//! and `citations.json` put together from them.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble;
use crate::cite::page::Cited;
use crate::cite::panel::Source;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::parse::page::Page;
use crate::render::feeds;

use super::super::stage::CheckedPage;
use super::{Annotations, Session};

impl Session {
    /// Makes the Web Annotations of the pages cited again since the last build.
    pub(super) fn update_annotations(
        &mut self,
        live: &[usize],
        sources: &BTreeMap<String, Arc<Source>>,
        config: &Config,
    ) {
        let missing: Vec<(usize, &Page, &Cited, u64)> = live
            .iter()
            .filter_map(|&i| {
                let (_, state) = self.pages.get_index(i)?;
                let page = state.parsed.as_ref().ok()?.as_ref()?;
                let cited = state.citing.as_ref()?.cited.as_deref()?;
                let fresh = state
                    .annotations
                    .as_ref()
                    .is_some_and(|a| a.version == state.version);
                (!fresh).then_some((i, page, cited, state.version))
            })
            .collect();
        let made: Vec<(usize, Annotations)> = missing
            .par_iter()
            .map(|(i, page, cited, version)| {
                let json = assemble::annotations(page, cited, sources, config);
                let version = *version;
                (*i, Annotations { version, json })
            })
            .collect();
        for (i, annotations) in made {
            if let Some((_, state)) = self.pages.get_index_mut(i) {
                state.annotations = Some(annotations);
            }
        }
    }

    /// `citations.json`, from each page's cached annotations.
    pub(super) fn citations_json(
        &self,
        checked: &[CheckedPage<'_>],
        base_url: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let total = checked.iter().map(|c| c.checked.outline.annotations).sum();
        let mut parts = Vec::new();
        for c in checked {
            if let Some(a) = self
                .pages
                .get(&c.checked.page.file.path)
                .and_then(|s| s.annotations.as_ref())
            {
                parts.push(a.json.as_deref().map_err(Diagnostic::clone)?);
            }
        }
        let mut out = Vec::new();
        feeds::write_citations_json(&mut out, base_url, parts.into_iter(), total).map_err(|e| {
            Diagnostic::error(
                Code::Output,
                "citations.json",
                format!("cannot make citations.json: {e}"),
            )
        })?;
        Ok(out)
    }
}
