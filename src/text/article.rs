//! A stored article's text, cut into paragraphs at blank lines and each paragraph normalised
//! once, so that many quote look-ups cost one substring search each. Parse makes it when it
//! reads a source; the quote search over it (`find`, `context`) is the cite stage's, in
//! `cite/source.rs`, and the sentence splitting and ranking are in `cite/sentences.rs` and
//! `cite/rank.rs`.

use std::ops::Range;

use crate::text::normalize::{Normalized, normalize};

/// The article text with its paragraphs normalised up front, so that many
/// quote look-ups cost one substring search each.
#[derive(Debug, Clone)]
pub struct SourceText {
    original: String,
    /// Where the article's body ends and its captions begin (the text's length without captions).
    body_len: usize,
    paragraphs: Vec<Range<usize>>,
    /// Normalised paragraphs; their maps are relative to the paragraph start.
    normalized: Vec<Normalized>,
}
/// Where a quote was found, in byte ranges of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMatch {
    /// One range per elided part, in order (a single range without elision).
    pub parts: Vec<Range<usize>>,
    /// From the start of the first part to the end of the last.
    pub span: Range<usize>,
    /// Index into [`SourceText::paragraphs`]; a quote never spans paragraphs.
    pub paragraph: usize,
}
/// An article's text and its paragraphs' byte ranges: all that splitting it into sentences and
/// ranking them need, so neither depends on how the article is stored.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Article<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Range<usize>],
}

impl SourceText {
    /// Splits `text` into paragraphs at blank lines and normalises each once.
    pub fn new(text: &str) -> Self {
        let mut paragraphs = Vec::new();
        let mut current: Option<Range<usize>> = None;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let line_range = offset..offset + line.len();
            offset = line_range.end;
            if line.trim().is_empty() {
                paragraphs.extend(current.take());
            } else {
                let start = current.map_or(line_range.start, |c| c.start);
                current = Some(start..line_range.end);
            }
        }
        paragraphs.extend(current);
        let paragraphs: Vec<Range<usize>> = paragraphs
            .into_iter()
            .map(|r| trim_range(text, r))
            .collect();
        let normalized = paragraphs
            .iter()
            .map(|r| normalize(text.get(r.clone()).unwrap_or("")))
            .collect();
        SourceText {
            original: text.to_owned(),
            body_len: text.len(),
            paragraphs,
            normalized,
        }
    }

    /// The text a source's citations are checked against: its body, then each photo caption or
    /// credit as a paragraph of its own, so a caption is quoted like any sentence of the article
    /// while staying apart from the body. Without captions this is [`SourceText::new`].
    pub fn with_captions(body: &str, captions: &[String]) -> Self {
        let lines: Vec<String> = captions
            .iter()
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|c| !c.is_empty())
            .collect();
        if lines.is_empty() {
            return Self::new(body);
        }
        let mut text = body.trim_end().to_owned();
        let body_len = text.len();
        for line in &lines {
            text.push_str("\n\n");
            text.push_str(line);
        }
        text.push('\n');
        let mut source = Self::new(&text);
        source.body_len = body_len;
        source
    }

    /// Whether a byte offset of [`SourceText::text`] falls in a caption rather than the body.
    pub fn in_captions(&self, offset: usize) -> bool {
        offset >= self.body_len && self.body_len < self.original.len()
    }

    /// The original text, as given to [`SourceText::new`].
    pub fn text(&self) -> &str {
        &self.original
    }

    /// Original byte ranges of the paragraphs, without surrounding space.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        &self.paragraphs
    }

    /// The text and its paragraphs, as sentence splitting and ranking read them.
    pub(crate) fn article(&self) -> Article<'_> {
        Article {
            text: &self.original,
            paragraphs: &self.paragraphs,
        }
    }

    /// The paragraphs normalised, in the order of [`SourceText::paragraphs`]; their maps are
    /// relative to each paragraph's start.
    pub(crate) fn normalized(&self) -> &[Normalized] {
        &self.normalized
    }
}

/// Shrinks `r` so it neither starts nor ends with white space.
pub(crate) fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}
