//! The tokens of one text, with the look-ups every rule needs.

use std::borrow::Cow;

use super::scan::{Numeral, Tok, tokens};

/// The longest word any rule looks up ("approximately" has 13 letters).
const MAX_WORD: usize = 16;

pub(super) struct Cx<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
}

impl<'a> Cx<'a> {
    pub fn new(text: &'a str) -> Self {
        Cx {
            text,
            toks: tokens(text),
        }
    }

    pub fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    /// The word at `i`, lower-cased; None for words no rule knows (long or
    /// not ASCII). Lower-cased on demand: most words are never looked up.
    pub fn word(&self, i: usize) -> Option<Cow<'a, str>> {
        let t = self.toks.get(i).filter(|t| t.is_word())?;
        let w = self.text.get(t.start..t.end)?;
        if w.len() > MAX_WORD || !w.is_ascii() {
            return None;
        }
        Some(if w.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(w.to_ascii_lowercase())
        } else {
            Cow::Borrowed(w)
        })
    }

    /// The word at `i` as written.
    pub fn raw(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    pub fn word_is(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|w| words.contains(&w.as_ref()))
    }

    pub fn num(&self, i: usize) -> Option<&Numeral> {
        self.toks.get(i)?.num()
    }

    pub fn sym(&self, i: usize) -> Option<char> {
        self.toks.get(i)?.sym()
    }

    pub fn sym_is(&self, i: usize, chars: &[char]) -> bool {
        self.sym(i).is_some_and(|c| chars.contains(&c))
    }

    /// Token `i` follows token `i - 1` with no space between.
    pub fn glued(&self, i: usize) -> bool {
        match (
            i.checked_sub(1).and_then(|p| self.toks.get(p)),
            self.toks.get(i),
        ) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// The white space between token `i - 1` and token `i`, in bytes
    /// (None at the start or end).
    pub fn space_before(&self, i: usize) -> Option<usize> {
        let a = self.toks.get(i.checked_sub(1)?)?;
        let b = self.toks.get(i)?;
        Some(b.start - a.end)
    }

    /// The start of token `i` (the text's end past the last token).
    pub fn start(&self, i: usize) -> usize {
        self.toks.get(i).map_or(self.text.len(), |t| t.start)
    }

    /// The end of token `i - 1`, i.e. of everything before token `i`.
    pub fn end_before(&self, i: usize) -> usize {
        i.checked_sub(1)
            .and_then(|p| self.toks.get(p))
            .map_or(0, |t| t.end)
    }

    /// A plain whole numeral of `len` ASCII-counted digits at `i`.
    pub fn plain_num(&self, i: usize, lens: &[usize]) -> Option<&Numeral> {
        self.num(i)
            .filter(|n| n.plain && (lens.is_empty() || lens.contains(&n.int.len())))
    }
}
