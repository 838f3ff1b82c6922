//! Text normalisation that remembers where every character came from.
//!
//! Quotes are typed by people and articles are scraped from the web, so the
//! same passage can differ in typography (curly vs straight quotes, dash
//! styles, no-break spaces, soft hyphens, line wrapping). We compare texts
//! after folding those differences away, but we must still be able to point
//! at the exact bytes of the stored article, hence the offset map.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A normalised string plus, for each of its characters, the byte range of
/// the original string it was produced from.
///
/// Kept together so that a match found in `text` can always be reported
/// against the untouched original (for highlighting and text fragments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalised text: NFKC, typographic folds, single ASCII spaces.
    pub text: String,
    /// One entry per char of `text`: its byte offset in `text` and the byte
    /// range in the original it came from (ranges never decrease).
    map: Vec<(usize, Range<usize>)>,
    /// Length of the original, so empty ranges at the end map somewhere sane.
    original_len: usize,
}

/// Collapses runs of white space to one space and trims, as a quote is shown.
pub(crate) fn collapse(s: &str) -> String {
    // Most quotes are already single-spaced: copied as they are, not split and joined again.
    let mut after_space = true;
    let single = s.chars().all(|c| {
        let space = c.is_whitespace();
        let fine = !space || (c == ' ' && !after_space);
        after_space = space;
        fine
    });
    if single && !after_space {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalises `s` (see the module docs) and records the offset map.
///
/// Why NFKC: it unifies compatibility forms (full-width digits, ligatures,
/// `…` to `...`, no-break space to space) that a reader cannot see.
pub fn normalize(s: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(s.len()),
        map: Vec::with_capacity(s.len()),
        original_len: s.len(),
    };
    // Start of the white-space run we are inside, if any.
    let mut pending_space: Option<Range<usize>> = None;
    for (orig, cluster) in clusters(s) {
        let emit = |c: char| {
            if c.is_whitespace() {
                pending_space.get_or_insert(orig.clone());
                return;
            }
            if let Some(space) = pending_space.take()
                && !out.text.is_empty()
            {
                out.push(' ', space);
            }
            out.push(c, orig.clone());
        };
        if cluster.is_ascii() {
            // NFKC leaves ASCII alone; skipping it makes look-ups cheap.
            cluster.chars().filter_map(fold).for_each(emit);
        } else {
            // Fold before NFKC too: NFKC would turn `″` into two `′`.
            let folded: String = cluster.chars().filter_map(fold).collect();
            folded.nfkc().filter_map(fold).for_each(emit);
        }
    }
    out
}

impl Normalized {
    fn push(&mut self, c: char, orig: Range<usize>) {
        self.map.push((self.text.len(), orig));
        self.text.push(c);
    }

    /// Maps a byte range of `text` to the byte range of the original, from
    /// the start of the first char's source to the end of the last char's.
    ///
    /// Out-of-range or inverted input is clamped rather than panicking,
    /// because callers compute ranges from user-supplied quotes.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        // Index of the char containing byte `at` of `text`.
        let char_at = |at: usize| {
            self.map
                .partition_point(|(offset, _)| *offset <= at)
                .checked_sub(1)
        };
        let first = if r.start >= self.text.len() {
            None
        } else {
            char_at(r.start).and_then(|i| self.map.get(i))
        };
        let Some((_, first)) = first else {
            return self.original_len..self.original_len;
        };
        if r.end <= r.start {
            return first.start..first.start;
        }
        let last = char_at(r.end - 1).and_then(|i| self.map.get(i));
        let end = last.map_or(first.end, |(_, last)| last.end.max(first.start));
        first.start..end
    }
}

/// Splits `s` into clusters (a base char and the marks that may compose
/// with it) so each can be NFKC-normalised on its own and keep its range.
///
/// Approximation: Hangul conjoining vowels/finals are kept with their
/// leading jamo; other starters that compose (very rare) are not.
fn clusters(s: &str) -> Vec<(Range<usize>, &str)> {
    let joins_previous = |c: char| is_combining_mark(c) || ('\u{1160}'..='\u{11FF}').contains(&c);
    let mut bounds: Vec<usize> = s
        .char_indices()
        .filter(|&(i, c)| i == 0 || !joins_previous(c))
        .map(|(i, _)| i)
        .collect();
    bounds.push(s.len());
    bounds
        .windows(2)
        .filter_map(|w| match *w {
            [a, b] => Some((a..b, s.get(a..b)?)),
            _ => None,
        })
        .collect()
}

/// The typographic folds applied on top of NFKC; `None` drops the char.
fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => return None,
        c => c,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds() {
        let cases = [
            ("‘single’ ‛x′ `y`", "'single' 'x' 'y'"),
            ("“double” „low″", "\"double\" \"low\""),
            ("a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"),
            (
                "soft\u{AD}hyphen zero\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}width",
                "softhyphen zerowidth",
            ),
            (
                "  lots \t of\u{A0}\u{202F}space\n\nand\r\nlines  ",
                "lots of space and lines",
            ),
            ("wait…", "wait..."),
            ("ﬁne ２０２４ ½", "fine 2024 1⁄2"),
            ("e\u{301}té", "été"),
            ("Case 123 Kept", "Case 123 Kept"),
            ("", ""),
            ("\u{301}mark first", "\u{301}mark first"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input).text, want, "input {input:?}");
        }
    }

    #[test]
    fn maps_back_to_original() {
        let s = "  “Naïve” —\u{A0}caf\u{E9}\u{AD}s…\nend";
        let n = normalize(s);
        assert_eq!(n.text, "\"Naïve\" - cafés... end");
        let cases = [
            ("\"Naïve\"", "“Naïve”"),
            ("Naïve", "Naïve"),
            ("- caf", "—\u{A0}caf"),
            ("cafés", "caf\u{E9}\u{AD}s"),
            ("...", "…"),
            (".", "…"),
            ("s... end", "s…\nend"),
            ("end", "end"),
        ];
        for (needle, want) in cases {
            let at = n.text.find(needle).unwrap();
            let r = n.original_range(at..at + needle.len());
            assert_eq!(&s[r], want, "needle {needle:?}");
        }
    }

    #[test]
    fn odd_ranges_are_clamped() {
        let n = normalize("ab cd");
        assert_eq!(n.original_range(1..1), 1..1);
        assert_eq!(n.original_range(Range { start: 3, end: 1 }), 3..3);
        assert_eq!(n.original_range(9..12), 5..5);
        assert_eq!(n.original_range(3..99), 3..5);
        assert_eq!(normalize("").original_range(0..1), 0..0);
    }

    proptest! {
        #[test]
        fn never_panics(s in any::<String>(), a in 0usize..64, b in 0usize..64) {
            let n = normalize(&s);
            let r = n.original_range(a..b);
            prop_assert!(r.start <= r.end && r.end <= s.len());
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        }
    }
}
