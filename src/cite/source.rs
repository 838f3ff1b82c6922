//! A stored article, normalised once, in which quotes are looked up.
//!
//! Every figure on the site must be backed by a quote that really occurs in
//! the article; this module decides "occurs" and, when it does not, finds
//! the passage the writer most likely meant so the error can show a diff.

use std::collections::HashMap;
use std::ops::Range;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::normalize::{Normalized, normalize};

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

/// Why a quote could not be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteMiss {
    /// The quote is empty after normalisation: nothing could back a figure.
    Empty,
    /// The quote is not in the article; here is what comes closest.
    NotFound(NearMiss),
}

/// The source passage most similar to a missing quote, so the author can
/// see at a glance which words they misquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Byte range of the passage in the original text.
    pub closest: Range<usize>,
    /// The passage as stored (original text).
    pub closest_text: String,
    /// Word diff from the quote to the passage.
    pub diff: Vec<WordChange>,
}

/// A run of words in the quote-to-passage diff (words joined by spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordChange {
    /// Words present in both.
    Same(String),
    /// Words of the quote that are not in the source passage.
    Missing(String),
    /// Words of the source passage that are not in the quote.
    Extra(String),
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

    /// Finds `quote` (normalised like the source) within one paragraph.
    ///
    /// `...`, `…`, `[...]` and `[…]` mark elisions: the parts between them
    /// must occur in order within the same paragraph. The first paragraph
    /// holding a match wins, and within it the earliest occurrence.
    pub fn find(&self, quote: &str) -> Result<QuoteMatch, QuoteMiss> {
        let quote = normalize(quote);
        let parts = split_elisions(&quote.text);
        if parts.is_empty() {
            return Err(QuoteMiss::Empty);
        }
        for (index, para) in self.normalized.iter().enumerate() {
            if let Some(found) = find_parts(&para.text, &parts) {
                let base = self.paragraphs.get(index).map_or(0, |p| p.start);
                let parts: Vec<Range<usize>> = found
                    .into_iter()
                    .map(|r| shift(para.original_range(r), base))
                    .collect();
                let start = parts.first().map_or(base, |r| r.start);
                let end = parts.last().map_or(base, |r| r.end);
                return Ok(QuoteMatch {
                    parts,
                    span: start..end,
                    paragraph: index,
                });
            }
        }
        Err(QuoteMiss::NotFound(self.near_miss(&parts)))
    }

    /// The text around a match, for showing a quote in context.
    ///
    /// `before` runs from the start of the sentence holding the quote's start
    /// (or of the previous sentence, if the quote starts a sentence) to the
    /// quote; `after` runs from the quote to the end of its sentence (or of
    /// the next one, if the quote ends a sentence). A sentence ends after
    /// `.`, `!` or `?` (plus closing quotes) followed by white space or the
    /// paragraph's end, except after a title ("Mr.") or an initial ("U.S.").
    /// White space is collapsed; one space is kept next to the quote where
    /// the source has one.
    pub fn context(&self, m: &QuoteMatch) -> (String, String) {
        let Some(para) = self.paragraphs.get(m.paragraph) else {
            return (String::new(), String::new());
        };
        let text = self.original.get(para.clone()).unwrap_or("");
        let start = m.span.start.saturating_sub(para.start).min(text.len());
        let end = m
            .span
            .end
            .saturating_sub(para.start)
            .clamp(start, text.len());
        let mut bounds = vec![0];
        bounds.extend(sentence_ends(text));
        bounds.push(text.len());
        let has_words = |r: Range<usize>| {
            text.get(r)
                .is_some_and(|s| s.chars().any(char::is_alphanumeric))
        };
        // Sentence start at or before the quote; one further back if only
        // punctuation separates it from the quote.
        let mut from = bounds.iter().rposition(|&b| b <= start).unwrap_or(0);
        if !has_words(bounds.get(from).copied().unwrap_or(0)..start) {
            from = from.saturating_sub(1);
        }
        let mut to = bounds.iter().position(|&b| b >= end).unwrap_or(0);
        if !has_words(end..bounds.get(to).copied().unwrap_or(end)) {
            to = (to + 1).min(bounds.len().saturating_sub(1));
        }
        let slice = |r: Range<usize>| collapse(text.get(r).unwrap_or(""));
        let from = bounds.get(from).copied().unwrap_or(0).min(start);
        let to = bounds.get(to).copied().unwrap_or(end).max(end);
        // Keep one space where the source has one next to the quote, so a theme can join
        // context and quote without guessing ("reports " + quote, but "(" + quote).
        let mut before = slice(from..start);
        if !before.is_empty()
            && text
                .get(..start)
                .is_some_and(|t| t.ends_with(char::is_whitespace))
        {
            before.push(' ');
        }
        let mut after = slice(end..to);
        if !after.is_empty()
            && text
                .get(end..)
                .is_some_and(|t| t.starts_with(char::is_whitespace))
        {
            after.insert(0, ' ');
        }
        (before, after)
    }

    /// Finds the window of source words sharing the most words with the quote
    /// and diffs the quote against it.
    ///
    /// Windows are as long as the quote (in words), slide within each
    /// paragraph, and are scored by words in common (case and surrounding
    /// punctuation ignored); O(source words). Non-shared words at the edges
    /// of the best window are trimmed off. Elided parts are treated as one
    /// run of words.
    fn near_miss(&self, parts: &[&str]) -> NearMiss {
        let quote_words: Vec<&str> = parts.iter().flat_map(|p| p.split(' ')).collect();
        let mut wanted: HashMap<String, usize> = HashMap::new();
        for w in &quote_words {
            *wanted.entry(word_key(w)).or_default() += 1;
        }
        // (score, paragraph, first word, last word + 1)
        let mut best: Option<(usize, usize, usize, usize)> = None;
        let mut words_by_para = Vec::with_capacity(self.normalized.len());
        for (index, para) in self.normalized.iter().enumerate() {
            let words = word_ranges(&para.text);
            let keys: Vec<String> = words
                .iter()
                .map(|r| word_key(para.text.get(r.clone()).unwrap_or("")))
                .collect();
            let n = quote_words.len().min(keys.len());
            let mut have: HashMap<&str, usize> = HashMap::new();
            let mut score = 0usize;
            for (i, key) in keys.iter().enumerate() {
                let count = have.entry(key).or_default();
                if *count < wanted.get(key).copied().unwrap_or(0) {
                    score += 1;
                }
                *count += 1;
                if let Some(old) = i.checked_sub(n).and_then(|j| keys.get(j)) {
                    let count = have.entry(old).or_default();
                    *count = count.saturating_sub(1);
                    if *count < wanted.get(old).copied().unwrap_or(0) {
                        score = score.saturating_sub(1);
                    }
                }
                let first = (i + 1).saturating_sub(n);
                if i + 1 >= n && best.is_none_or(|b| score > b.0) {
                    best = Some((score, index, first, i + 1));
                }
            }
            words_by_para.push((words, keys));
        }
        let Some((score, index, mut first, mut last)) = best else {
            return NearMiss {
                closest: 0..0,
                closest_text: String::new(),
                diff: vec![WordChange::Missing(quote_words.join(" "))],
            };
        };
        let (words, keys) = words_by_para.get(index).cloned().unwrap_or_default();
        let shared = |i: usize| keys.get(i).is_some_and(|k| wanted.contains_key(k));
        if score > 0 {
            while first < last && !shared(first) {
                first += 1;
            }
            while last > first && !shared(last - 1) {
                last -= 1;
            }
        }
        let para = self.normalized.get(index);
        let text = para.map_or("", |p| p.text.as_str());
        let mut window = words.get(first..last).unwrap_or(&[]).to_vec();
        // Drop edge punctuation the quote left out (`"around` for `around`).
        if let (Some(w), Some(q)) = (window.first_mut(), quote_words.first())
            && text
                .get(w.clone())
                .is_some_and(|t| t != *q && t.ends_with(q))
        {
            w.start = w.end - q.len();
        }
        if let (Some(w), Some(q)) = (window.last_mut(), quote_words.last())
            && text
                .get(w.clone())
                .is_some_and(|t| t != *q && t.starts_with(q))
        {
            w.end = w.start + q.len();
        }
        let passage_words: Vec<&str> = window
            .iter()
            .map(|r| text.get(r.clone()).unwrap_or(""))
            .collect();
        let normalized_range = match (window.first(), window.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        };
        let base = self.paragraphs.get(index).map_or(0, |p| p.start);
        let closest = para.map_or(0..0, |p| shift(p.original_range(normalized_range), base));
        NearMiss {
            closest_text: self.original.get(closest.clone()).unwrap_or("").to_owned(),
            closest,
            diff: word_diff(&quote_words, &passage_words),
        }
    }
}

/// Shrinks `r` so it neither starts nor ends with white space.
fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

/// Splits a normalised quote at elision marks (`[...]` or a run of three or
/// more dots) into trimmed, non-empty parts.
fn split_elisions(quote: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut i = 0;
    while let Some(rest) = quote.get(i..) {
        let dots = rest.bytes().take_while(|&b| b == b'.').count();
        let mark = if rest.starts_with("[...]") {
            5
        } else if dots >= 3 {
            dots
        } else {
            0
        };
        if mark > 0 || rest.is_empty() {
            parts.push(quote.get(part_start..i).unwrap_or("").trim());
            if rest.is_empty() {
                break;
            }
            i += mark;
            part_start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Finds `parts` in order in `text`, each as early as possible; returns
/// their byte ranges. Taking the earliest occurrence of the first part is
/// enough: any later start could only leave less room for the rest.
fn find_parts(text: &str, parts: &[&str]) -> Option<Vec<Range<usize>>> {
    let mut from = 0;
    let mut found = Vec::with_capacity(parts.len());
    for part in parts {
        let at = from + text.get(from..)?.find(part)?;
        from = at + part.len();
        found.push(at..from);
    }
    Some(found)
}

/// Byte ranges of the space-separated words of a normalised text.
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        if c == ' ' {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    out
}

/// The comparison key for scoring windows: lower case, no edge punctuation.
fn word_key(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Word diff with runs of equal tags merged into one change.
fn word_diff(quote: &[&str], passage: &[&str]) -> Vec<WordChange> {
    let mut out: Vec<WordChange> = Vec::new();
    let mut emit = |words: &[&str], make: fn(String) -> WordChange| {
        if !words.is_empty() {
            out.push(make(words.join(" ")));
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, quote, passage) {
        let (tag, old, new) = op.as_tag_tuple();
        let old = quote.get(old).unwrap_or(&[]);
        let new = passage.get(new).unwrap_or(&[]);
        match tag {
            DiffTag::Equal => emit(old, WordChange::Same),
            DiffTag::Delete => emit(old, WordChange::Missing),
            DiffTag::Insert => emit(new, WordChange::Extra),
            DiffTag::Replace => {
                emit(old, WordChange::Missing);
                emit(new, WordChange::Extra);
            }
        }
    }
    out
}

/// Byte offsets just after each sentence end in a paragraph (see
/// [`SourceText::context`] for the rule).
fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') || after_title(text.get(..i).unwrap_or("")) {
            continue;
        }
        let mut end = Some(text.len());
        while let Some(&(i, next)) = chars.peek() {
            if matches!(next, '.' | '!' | '?' | '"' | '\'' | '’' | '”' | '»' | ')') {
                chars.next();
                continue;
            }
            end = next.is_whitespace().then_some(i);
            break;
        }
        ends.extend(end);
    }
    ends
}

/// Whether `before` ends with a title that takes a period ("Mr.") or an
/// initial ("U.S.", "J. K."), which does not end a sentence.
fn after_title(before: &str) -> bool {
    const TITLES: [&str; 12] = [
        "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Prof", "Sen",
    ];
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    TITLES.contains(&word) || initial
}

/// Collapses runs of white space to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ARTICLE: &str = include_str!("testdata/article.txt");

    fn article() -> SourceText {
        SourceText::new(ARTICLE)
    }

    fn found(src: &SourceText, quote: &str) -> QuoteMatch {
        match src.find(quote) {
            Ok(m) => m,
            Err(e) => panic!("{quote:?} not found: {e:?}"),
        }
    }

    fn near_miss(src: &SourceText, quote: &str) -> NearMiss {
        match src.find(quote) {
            Err(QuoteMiss::NotFound(miss)) => miss,
            other => panic!("{quote:?} should miss, got {other:?}"),
        }
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let src = SourceText::new("\n  one\ntwo  \n \t\nthree\n\n\n");
        let texts: Vec<&str> = src
            .paragraphs()
            .iter()
            .map(|r| &src.text()[r.clone()])
            .collect();
        assert_eq!(texts, ["one\ntwo", "three"]);
        assert_eq!(article().paragraphs().len(), 14);
    }

    #[test]
    fn quotes_that_verify() {
        let src = article();
        // (quote, original text it must map back to, paragraph)
        let cases = [
            (
                "around 11,000 troops were assessed to have been relocated to Kursk in late October",
                "around 11,000 troops were assessed to have been relocated to Kursk in late October",
                4,
            ),
            (
                "estimate that Russia is recruiting 25,000–30,000 new soldiers a month, barely keeping pace with the reported daily casualty rate of 1,000—or 30,000 a month",
                "estimate that Russia is recruiting 25,000–30,000 new soldiers a month, barely keeping pace with the reported daily casualty rate of 1,000—or 30,000 a month",
                11,
            ),
            // Straight quotes and hyphen for the article's curly ones and em dash.
            (
                "'could be the largest overseas deployment in history'",
                "‘could be the largest overseas deployment in history’",
                1,
            ),
            (
                "could be the largest overseas deployment in history",
                "could be the largest overseas deployment in history",
                1,
            ),
            (
                "recruiting 25,000-30,000 new",
                "recruiting 25,000–30,000 new",
                11,
            ),
            ("rate of 1,000-or 30,000", "rate of 1,000—or 30,000", 11),
            (
                "Pyongyang's Korean Central",
                "Pyongyang’s Korean Central",
                3,
            ),
            ("\"It's easy to understand", "“It’s easy to understand", 8),
            // Doubled spaces in the source; nbsp and a line break in the quote.
            (
                "soldiers facing off against\u{A0}Ukraine, though, look",
                "soldiers\u{A0} facing off against Ukraine,\u{A0} though,\u{A0} look",
                6,
            ),
            (
                "via AP, file\nThe North\n  Korean leader",
                "via AP, file\nThe North Korean leader",
                2,
            ),
            (
                "[some] are undergoing training",
                "[some] are undergoing training",
                4,
            ),
        ];
        for (quote, original, paragraph) in cases {
            let m = found(&src, quote);
            assert_eq!(&ARTICLE[m.span.clone()], original, "quote {quote:?}");
            assert_eq!(m.parts, std::slice::from_ref(&m.span));
            assert_eq!(m.paragraph, paragraph, "quote {quote:?}");
        }
    }

    #[test]
    fn elisions() {
        let src = article();
        let cases = [
            (
                "Russia is reportedly paying ... for each North Korean soldier",
                [
                    "Russia is reportedly paying",
                    "for each North Korean soldier",
                ],
            ),
            (
                "Russia is reportedly paying … for each North Korean soldier",
                [
                    "Russia is reportedly paying",
                    "for each North Korean soldier",
                ],
            ),
            (
                "Russia is reportedly paying [...] for each North Korean soldier",
                [
                    "Russia is reportedly paying",
                    "for each North Korean soldier",
                ],
            ),
            (
                "Russia is reportedly paying […] for each North Korean soldier",
                [
                    "Russia is reportedly paying",
                    "for each North Korean soldier",
                ],
            ),
            (
                "Russia is reportedly paying....for each North Korean soldier",
                [
                    "Russia is reportedly paying",
                    "for each North Korean soldier",
                ],
            ),
        ];
        for (quote, parts) in cases {
            let m = found(&src, quote);
            let got: Vec<&str> = m.parts.iter().map(|r| &ARTICLE[r.clone()]).collect();
            assert_eq!(got, parts, "quote {quote:?}");
            assert!(
                ARTICLE[m.span.clone()].starts_with("Russia is")
                    && ARTICLE[m.span].ends_with("soldier")
            );
        }
        // Leading and trailing elisions only drop nothing.
        let m = found(&src, "… around 11,000 troops …");
        assert_eq!(&ARTICLE[m.span], "around 11,000 troops");
        // The first part is already in paragraph 1, the pair only in 2.
        let m = found(&src, "Kim Jong-un ... March 6, 2024");
        assert_eq!(m.paragraph, 2);
    }

    #[test]
    fn elisions_must_be_in_order_and_in_one_paragraph() {
        let src = article();
        for quote in [
            "for each North Korean soldier ... Russia is reportedly paying",
            "of North Korean troops. ... Korean Central News Agency/Korea",
            "the largest overseas deployment in history’ of North Korean troops. Korean Central",
        ] {
            assert!(
                matches!(src.find(quote), Err(QuoteMiss::NotFound(_))),
                "{quote:?}"
            );
        }
    }

    #[test]
    fn empty_quotes() {
        let src = article();
        for quote in ["", "  \n", "...", " [...] … ", "\u{200B}"] {
            assert_eq!(src.find(quote), Err(QuoteMiss::Empty), "{quote:?}");
        }
    }

    #[test]
    fn case_sensitive_and_absent() {
        let src = article();
        assert!(src.find("AROUND 11,000 troops").is_err());
        let miss = near_miss(&src, "penguins waddle across Antarctica");
        assert!(miss.diff.iter().all(|c| !matches!(c, WordChange::Same(_))));
    }

    #[test]
    fn near_miss_names_the_misquoted_words() {
        let src = article();
        let miss = near_miss(
            &src,
            "around 1,100 troops were assessed to have been moved to Kursk in late October",
        );
        assert_eq!(
            miss.closest_text,
            "around 11,000 troops were assessed to have been relocated to Kursk in late October"
        );
        assert_eq!(&ARTICLE[miss.closest.clone()], miss.closest_text);
        assert_eq!(
            miss.diff,
            [
                WordChange::Same("around".into()),
                WordChange::Missing("1,100".into()),
                WordChange::Extra("11,000".into()),
                WordChange::Same("troops were assessed to have been".into()),
                WordChange::Missing("moved".into()),
                WordChange::Extra("relocated".into()),
                WordChange::Same("to Kursk in late October".into()),
            ]
        );
        // A dropped word shows up as Extra; an added one as Missing.
        let miss = near_miss(
            &src,
            "paying nearly $2,000 a month for every North Korean soldier",
        );
        assert_eq!(
            miss.diff,
            [
                WordChange::Same("paying nearly $2,000 a month for".into()),
                WordChange::Missing("every".into()),
                WordChange::Extra("each".into()),
                WordChange::Same("North Korean soldier".into()),
            ]
        );
    }

    #[test]
    fn near_miss_in_empty_source() {
        let miss = near_miss(&SourceText::new(" \n\n "), "some words here");
        assert_eq!(miss.closest, 0..0);
        assert_eq!(miss.closest_text, "");
        assert_eq!(miss.diff, [WordChange::Missing("some words here".into())]);
    }

    #[test]
    fn initials_do_not_end_a_sentence() {
        let src =
            SourceText::new("He said so. U.S. officials, he wrote, estimate more. Then less.");
        let m = src.find("officials, he wrote").unwrap();
        let (before, after) = src.context(&m);
        assert_eq!(before, "U.S. ");
        assert_eq!(after, ", estimate more.");
    }

    #[test]
    fn context_is_the_surrounding_sentence() {
        let src = article();
        let cases = [
            // Quote inside a sentence: the rest of that sentence.
            (
                "paying nearly $2,000 a month",
                "Russia is reportedly ",
                " for each North Korean soldier, virtually all of which goes into Mr. Kim’s accounts.",
            ),
            // Quote starting a sentence: the previous sentence before it.
            (
                "That, of course, is in addition",
                "Russia is reportedly paying nearly $2,000 a month for each North Korean soldier, virtually all of which goes into Mr. Kim’s accounts. ",
                " to all that Russia is paying for North Korean arms and ammunition for its entire military establishment.",
            ),
            // Quote ending a sentence and paragraph: only the closing mark.
            (
                "on Pyongyang’s own security.",
                "NK News quoted a source as having said this figure was “improbable, given the toll such a deployment would take ",
                "”",
            ),
            // Quote ending a sentence inside a paragraph: the next one.
            (
                "into Mr. Kim’s accounts",
                "Russia is reportedly paying nearly $2,000 a month for each North Korean soldier, virtually all of which goes ",
                ". That, of course, is in addition to all that Russia is paying for North Korean arms and ammunition for its entire military establishment.",
            ),
        ];
        for (quote, before, after) in cases {
            let m = found(&src, quote);
            let (b, a) = src.context(&m);
            assert!(b.ends_with(before), "before {b:?}");
            assert_eq!(a, after);
        }
        let bogus = QuoteMatch {
            parts: vec![],
            span: Range { start: 5, end: 1 },
            paragraph: 99,
        };
        assert_eq!(src.context(&bogus), (String::new(), String::new()));
        let bogus = QuoteMatch {
            parts: vec![],
            span: Range {
                start: 999_999,
                end: 1,
            },
            paragraph: 0,
        };
        let _ = src.context(&bogus);
    }

    /// Original word ranges of a paragraph (split at white space).
    fn original_words(text: &str, para: Range<usize>) -> Vec<Range<usize>> {
        let s = &text[para.clone()];
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (true, Some(st)) => {
                    out.push(para.start + st..para.start + i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        out
    }

    proptest! {
        #[test]
        fn any_passage_verifies_and_maps_back(p in 0usize..14, a in 0usize..200, len in 1usize..40) {
            let src = article();
            let para = src.paragraphs()[p].clone();
            let words = original_words(ARTICLE, para);
            let first = a % words.len();
            let last = (first + len - 1).min(words.len() - 1);
            let want = words[first].start..words[last].end;
            let quote = &ARTICLE[want.clone()];
            let m = src.find(quote).unwrap();
            let norm = normalize(quote).text;
            prop_assert_eq!(&normalize(&ARTICLE[m.span.clone()]).text, &norm);
            let total: usize = src.normalized.iter().map(|n| n.text.matches(norm.as_str()).count()).sum();
            if total == 1 {
                prop_assert_eq!(m.span, want);
                prop_assert_eq!(m.paragraph, p);
            }
        }

        #[test]
        fn find_never_panics(
            source in any::<String>(),
            quote in any::<String>(),
            tricky in "[ab .…\\[\\]!?“”\n\u{301}\u{AD}]{0,40}",
        ) {
            for (source, quote) in [(&source, &quote), (&tricky, &quote), (&tricky, &tricky)] {
                let src = SourceText::new(source);
                if let Ok(m) = src.find(quote) {
                    let _ = src.context(&m);
                }
            }
            let src = article();
            for quote in [&quote, &tricky] {
                if let Ok(m) = src.find(quote) {
                    let _ = src.context(&m);
                }
            }
        }
    }
}
