//! The session's sources: each source file read and parsed again only when it changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::cite::panel::Source;
use crate::diag::Diagnostic;
use crate::load::config::Config;
use crate::load::content::{Found, Kind};
use crate::parse::page::{self, ParsedSource};

use super::{Session, SourceState};

impl Session {
    pub(super) fn load_sources(
        &mut self,
        found: &[Found],
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, Arc<Source>> {
        if self.base_path != config.base_path() {
            self.base_path = config.base_path().to_string();
            self.sources.clear();
        }
        let stale: Vec<&Found> = found
            .iter()
            .filter(|f| f.kind == Kind::Source)
            .filter(|f| {
                self.sources
                    .get(&f.shown)
                    .is_none_or(|s| s.stamp != f.stamp || f.stamp.is_none())
            })
            .collect();
        let fresh: Vec<(PathBuf, SourceState)> = stale
            .par_iter()
            .map(|f| {
                let parsed = self
                    .overlay
                    .read(f)
                    .map_or_else(ParsedSource::unread, |file| {
                        page::parse_source(&file, config)
                    });
                let state = SourceState {
                    stamp: f.stamp,
                    parsed,
                };
                (f.shown.clone(), state)
            })
            .collect();
        self.sources.extend(fresh);
        let live: BTreeSet<&PathBuf> = found
            .iter()
            .filter(|f| f.kind == Kind::Source)
            .map(|f| &f.shown)
            .collect();
        self.sources.retain(|path, _| live.contains(path));
        let mut sources = BTreeMap::new();
        for path in live {
            let Some(parsed) = self.sources.get(path).map(|s| &s.parsed) else {
                continue;
            };
            diagnostics.extend(parsed.problem.clone());
            if let Some(source) = &parsed.source {
                sources.insert(source.id.clone(), Arc::clone(source));
            }
        }
        sources
    }
}
