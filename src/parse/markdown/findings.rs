//! A page's findings, placed through one line index made at the first of them, so a page with
//! thousands of uncited figures costs time linear in their number.

use super::*;

impl Pass<'_, '_> {
    /// Adds `found`, pointed at `range` of the file's text.
    pub(super) fn push_at(&mut self, found: Diagnostic, range: Range<usize>) {
        let text = self.text;
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(text));
        self.body.diagnostics.push(found.at_in(lines, text, range));
    }

    /// An error at `range` of the page's body.
    pub(super) fn error(&mut self, code: Code, message: &str, range: Range<usize>, help: &str) {
        let at = self.offset + range.start..self.offset + range.end;
        let found = Diagnostic::error(code, self.file, message).with_help(help.to_string());
        self.push_at(found, at);
    }
}
