//! What a CDN needs besides the site's files: `_headers`, made from the list of files the
//! rendering pass wrote, so it names every top-level file and folder of this build.

use std::collections::BTreeSet;

use crate::load::theme::Theme;
use crate::output::Data;
use crate::render::headers::headers;

use super::hash_of;
use super::stage::{Outputs, Stage};

impl Stage<'_> {
    /// `_headers`, after every other output (kept from the last build when its text is unchanged).
    pub(super) fn render_headers(&self, out: &mut Outputs<'_>, theme: &Theme) {
        let hashed: BTreeSet<&str> = theme.hashed.values().map(String::as_str).collect();
        // citations.json is streamed straight to disk by a one-off build, so not listed in `made`.
        let files = out
            .made
            .keys()
            .map(String::as_str)
            .chain(["citations.json"]);
        let text = headers(self.config.base_path(), files, &hashed);
        self.add(out, "_headers", hash_of(&text), &|| {
            Ok(Data::Bytes(text.as_bytes().into()))
        });
    }
}
