//! `site check --coverage`: every source's figures and where the checked pages cite them, taken
//! from what the session holds.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::assemble;
use crate::build::Coverage;
use crate::cite::panel::Source;

use super::Session;

impl Session {
    /// Every source's figures and where the checked pages cite them, when the options ask
    /// for it (else nothing), from the pages' outlines alone.
    pub(super) fn coverage(
        &self,
        live: &[usize],
        sources: &BTreeMap<String, Arc<Source>>,
        root: &Path,
    ) -> Vec<Coverage> {
        if !self.options.coverage {
            return Vec::new();
        }
        let pages = self.outlined_pages(live);
        sources
            .values()
            .map(|source| Coverage {
                file: source
                    .file
                    .strip_prefix(root)
                    .unwrap_or(&source.file)
                    .to_path_buf(),
                figures: assemble::source_coverage(source, &pages),
            })
            .collect()
    }
}
