//! Where the lines of a text start, so that a file with thousands of findings finds each one's
//! line and column in constant time instead of counting from the start of the file.

/// Bytes between two counts of characters kept by a [`LineIndex`]: a column is counted from the
/// nearest kept count at most this many bytes away, however long its line.
const BLOCK: usize = 4096;

/// Byte offsets of a text's line starts, and how many characters come before every
/// [`BLOCK`]-th byte. Built once per file, in one pass; a finding then costs a binary search.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineIndex {
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    /// Characters before byte `i * BLOCK` (rounded down to a character boundary).
    chars: Vec<usize>,
}

/// A byte of a text seen as a person sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place {
    /// 1-based.
    pub(crate) line: usize,
    /// 1-based, counted in characters.
    pub(crate) column: usize,
    /// Byte offsets of the line, without its `\n`.
    pub(crate) line_start: usize,
    pub(crate) line_end: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut counted = 0;
        let mut from = 0;
        for block in 0..=text.len() / BLOCK {
            let to = floor_char_boundary(text, block * BLOCK);
            counted += text[from..to].chars().count();
            chars.push(counted);
            from = to;
        }
        LineIndex { starts, chars }
    }

    /// Where byte `at` of `text` (the text this index was built from) is; `at` is on a character
    /// boundary within `text`.
    pub(crate) fn place(&self, text: &str, at: usize) -> Place {
        let line = self.starts.partition_point(|&s| s <= at).max(1);
        let line_start = self.starts[line - 1];
        let line_end = self
            .starts
            .get(line)
            .map_or(text.len(), |next| next.saturating_sub(1));
        // A line shorter than a block is counted directly; a longer one from the kept counts.
        let column = if at - line_start <= BLOCK {
            text[line_start..at].chars().count() + 1
        } else {
            self.chars_before(text, at) - self.chars_before(text, line_start) + 1
        };
        Place {
            line,
            column,
            line_start,
            line_end,
        }
    }

    fn chars_before(&self, text: &str, at: usize) -> usize {
        let block = (at / BLOCK).min(self.chars.len().saturating_sub(1));
        let from = floor_char_boundary(text, block * BLOCK).min(at);
        self.chars.get(block).copied().unwrap_or(0) + text[from..at].chars().count()
    }
}

pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow way, which the index must agree with.
    fn counted(text: &str, at: usize) -> (usize, usize) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        (
            text[..at].matches('\n').count() + 1,
            text[line_start..at].chars().count() + 1,
        )
    }

    #[test]
    fn agrees_with_counting_from_the_start_on_every_character() {
        let long = "ü 12 ".repeat(3_000);
        let text = format!("a\n\nünï 7 côdé\r\n{long}\nlast");
        let index = LineIndex::new(&text);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let place = index.place(&text, at);
            assert_eq!((place.line, place.column), counted(&text, at), "at {at}");
            assert!(!text[place.line_start..place.line_end].contains('\n'));
        }
    }

    #[test]
    fn an_empty_text_has_one_line() {
        let place = LineIndex::new("").place("", 0);
        assert_eq!((place.line, place.column, place.line_end), (1, 1, 0));
    }
}
