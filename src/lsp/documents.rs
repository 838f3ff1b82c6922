//! The documents an editor has open, with their unsaved text, and the conversions between the
//! editor's positions (line and UTF-16 column) and the build's (byte offsets, line and
//! character column).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Characters escaped in a file URI's path.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The project and the texts its editor holds open.
pub(crate) struct Documents {
    root: PathBuf,
    /// Unsaved text by the path the build shows (`content/index.md`).
    open: HashMap<PathBuf, String>,
}

impl Documents {
    pub(crate) fn new(root: PathBuf) -> Documents {
        Documents {
            root,
            open: HashMap::new(),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The path relative to the project for a `file:` URI inside it.
    pub(crate) fn rel(&self, uri: &Uri) -> Option<PathBuf> {
        let encoded = uri.as_str().strip_prefix("file://")?;
        let path = PathBuf::from(percent_decode_str(encoded).decode_utf8().ok()?.as_ref());
        if let Ok(rel) = path.strip_prefix(&self.root) {
            return Some(rel.to_path_buf());
        }
        let real = match (path.parent().map(fs::canonicalize), path.file_name()) {
            (Some(Ok(dir)), Some(name)) => dir.join(name),
            _ => path,
        };
        real.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// The `file:` URI of a path relative to the project.
    pub(crate) fn uri(&self, rel: &Path) -> Option<Uri> {
        let path = self.root.join(rel);
        let text = format!(
            "file://{}",
            utf8_percent_encode(&path.to_string_lossy(), PATH)
        );
        Uri::from_str(&text).ok()
    }

    pub(crate) fn set(&mut self, rel: PathBuf, text: String) {
        self.open.insert(rel, text);
    }

    pub(crate) fn close(&mut self, rel: &Path) {
        self.open.remove(rel);
    }

    pub(crate) fn open_paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.open.keys()
    }

    /// The text the editor holds, or the file's text on disk when it is not open.
    pub(crate) fn text(&self, rel: &Path) -> Option<String> {
        match self.open.get(rel) {
            Some(text) => Some(text.clone()),
            None => fs::read_to_string(self.root.join(rel)).ok(),
        }
    }
}

/// The byte offset of an editor's position, clamped to the text.
pub(crate) fn offset(text: &str, at: Position) -> usize {
    let mut start = 0;
    for _ in 0..at.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line = text[start..].split('\n').next().unwrap_or("");
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= at.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    start + line.len()
}

/// The editor's position of a byte offset.
pub(crate) fn position(text: &str, offset: usize) -> Position {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: to_u32(before.matches('\n').count()),
        character: to_u32(before[line_start..].encode_utf16().count()),
    }
}

/// The editor's range of a byte range.
pub(crate) fn range(text: &str, bytes: &std::ops::Range<usize>) -> Range {
    Range {
        start: position(text, bytes.start),
        end: position(text, bytes.end),
    }
}

/// The byte offset of a finding's 1-based line and character column.
pub(crate) fn line_column(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    rest.char_indices()
        .take_while(|(_, c)| *c != '\n')
        .nth(column.saturating_sub(1))
        .map_or_else(
            || start + rest.find('\n').unwrap_or(rest.len()),
            |(i, _)| start + i,
        )
}

/// The byte offset `chars` characters after `from`, stopping at the line's end.
pub(crate) fn after_chars(text: &str, from: usize, chars: usize) -> usize {
    let rest = text.get(from..).unwrap_or("");
    rest.char_indices()
        .take_while(|(_, c)| *c != '\n')
        .nth(chars)
        .map_or_else(
            || from + rest.find('\n').unwrap_or(rest.len()),
            |(i, _)| from + i,
        )
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a\n€x😀y\n";
        let at = text.find('y').unwrap_or(0);
        let p = position(text, at);
        assert_eq!((p.line, p.character), (1, 4));
        assert_eq!(offset(text, p), at);
        assert_eq!(line_column(text, 2, 4), at);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\ncd";
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(offset(text, Position::new(0, 40)), 2);
    }
}
