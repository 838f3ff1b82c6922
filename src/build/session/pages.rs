//! The session's pages: each read and parsed again only when its file changed, cited again
//! only when its text or the site's layout changed, and their findings gathered.
//!
//! The pages are held in the order they were first found, and a build finds each live page's
//! place once, when it reads the scan (`Live`): every later pass of the build takes a page by
//! its place, not by hashing and comparing its path again, which a save of one page of a large
//! site did some ten times over every page.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble::Checked;
use crate::diag::Diagnostic;
use crate::load::config::Config;
use crate::load::content::{Found, Kind};
use crate::parse::page;

use super::super::hash_of;
use super::{Mode, PageState, Pages, Parsed, Session, texts};

/// The places in the session's pages of the pages the scan found, in the scan's order.
pub(super) type Live = Vec<usize>;

impl Session {
    /// Reads and parses every page whose file changed, drops the pages no longer on disk when
    /// the project was walked, and hands back the place of each page the scan found.
    pub(super) fn load_pages(&mut self, found: &[Found], config: &Config, walked: bool) -> Live {
        if walked {
            // A page gone from disk is gone from what the session answers about, even when
            // this build stops at an error before its end; a restamped list only loses pages
            // named as changed, which `build_changed` has dropped already.
            let kept: HashSet<&PathBuf> = found
                .iter()
                .filter(|f| f.kind == Kind::Page)
                .map(|f| &f.shown)
                .collect();
            self.pages.retain(|path, _| kept.contains(path));
        }
        let mut live: Vec<Option<usize>> = Vec::new();
        let mut stale: Vec<(usize, &Found)> = Vec::new();
        for f in found.iter().filter(|f| f.kind == Kind::Page) {
            let at = self.pages.get_full(&f.shown);
            match at {
                Some((i, _, state)) if state.stamp == f.stamp && f.stamp.is_some() => {
                    live.push(Some(i));
                }
                _ => {
                    stale.push((live.len(), f));
                    live.push(None);
                }
            }
        }
        let fresh = self.parse_pages(&stale, config);
        self.pages.reserve(stale.len());
        for ((slot, f), parsed) in stale.iter().zip(fresh) {
            let state = PageState {
                stamp: f.stamp,
                parsed,
                citing: None,
                version: 0,
                annotations: None,
                place: None,
            };
            let (i, _) = self.pages.insert_full(f.shown.clone(), Box::new(state));
            if let Some(place) = live.get_mut(*slot) {
                *place = Some(i);
            }
        }
        for state in self.pages.values_mut() {
            if let Ok(Some(page)) = &mut state.parsed {
                let base = config.base_path();
                let same = page.url.len() == base.len() + page.path.len()
                    && page.url.starts_with(base)
                    && page.url.ends_with(&page.path);
                if !same {
                    page.url = format!("{base}{}", page.path);
                    page.permalink = format!("{}{}", config.base_url, page.path);
                    state.place = None;
                }
                if state.place.is_none() {
                    state.place = Some(hash_of(&(&page.file.rel, &page.url)));
                }
            }
        }
        live.into_iter().flatten().collect()
    }

    /// Each of `stale` read and its front matter parsed, in parallel.
    fn parse_pages(&self, stale: &[(usize, &Found)], config: &Config) -> Vec<Parsed> {
        let trim = self.mode == Mode::Once;
        stale
            .par_iter()
            .map(|(_, f)| {
                let mut parsed = match self.overlay.read(f) {
                    Ok(file) => page::parse_page(Arc::new(file), config, self.options.drafts),
                    Err(d) => Err(vec![d]),
                };
                // A one-off build keeps only the front matter until the page is cited, when
                // it reads the page again: the texts of a large site are never all in memory.
                if let (true, Ok(Some(page))) = (trim, &mut parsed) {
                    page.file = texts::front_matter_only(&page.file, page.body_offset);
                }
                parsed
            })
            .collect()
    }

    /// The live pages that were parsed and cited, each with its outline, in the order given.
    pub(super) fn outlined_pages(&self, live: &[usize]) -> Vec<Checked<'_>> {
        outlined(&self.pages, live)
    }

    /// Adds what the pages of the last parse and cite found (taken, by a session used once), and
    /// the pages nothing leads to. Room for them all is made first: a site of 300,000 uncited
    /// figures grew its list by doubling, copying and faulting in hundreds of megabytes.
    pub(super) fn page_findings(
        &mut self,
        live: &[usize],
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let checked = outlined(&self.pages, live);
        let orphans = self.memo.orphans(&checked, config);
        let count: usize = live
            .iter()
            .filter_map(|&i| self.pages.get_index(i))
            .map(|(_, state)| match &state.parsed {
                Err(found) => found.len(),
                Ok(_) => state.citing.as_ref().map_or(0, |c| c.findings.len()),
            })
            .sum();
        diagnostics.reserve(count + orphans.len());
        let take = self.mode == Mode::Once;
        for &i in live {
            if let Some((_, state)) = self.pages.get_index_mut(i) {
                match &mut state.parsed {
                    Err(found) => diagnostics.extend(found.iter().cloned()),
                    Ok(Some(_)) => match &mut state.citing {
                        Some(citing) if take => diagnostics.append(&mut citing.findings),
                        Some(citing) => diagnostics.extend(citing.findings.iter().cloned()),
                        None => {}
                    },
                    Ok(None) => {}
                }
            }
        }
        diagnostics.extend(orphans);
    }
}

/// The live pages that were parsed and cited, each with its outline, in the order given.
pub(super) fn outlined<'a>(pages: &'a Pages, live: &[usize]) -> Vec<Checked<'a>> {
    live.iter()
        .filter_map(|&i| {
            let (_, state) = pages.get_index(i)?;
            let page = state.parsed.as_ref().ok()?.as_ref()?;
            let outline = &state.citing.as_ref()?.outline;
            Some(Checked { page, outline })
        })
        .collect()
}
