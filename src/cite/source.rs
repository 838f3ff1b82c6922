//! Quote search in a stored article (its text normalised once by `text::article`).
//!
//! Every figure on the site must be backed by a quote that really occurs in
//! the article; this module decides "occurs" and, when it does not, finds
//! the passage the writer most likely meant so the error can show a diff.

use std::collections::BTreeSet;
use std::ops::Range;

use super::diff::{WordChange, diff_quote};
use super::elision::split_elisions;
use super::rank::Index;
use super::sentences::sentence_ends;
use crate::text::article::{QuoteMatch, SourceText};
use crate::text::normalize::normalize;

/// Why a quote could not be verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteMiss {
    /// The quote is empty after normalisation: nothing could back a figure.
    Empty,
    /// The quote is not in the article; here is what comes closest.
    NotFound(NearMiss),
}

/// The source passage most similar to a missing quote, so the author can
/// see at a glance which words they misquoted and copy the right ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Byte range of the passage in the original text: a whole sentence (or
    /// a few, for a quote longer than one), empty when no word is shared.
    pub closest: Range<usize>,
    /// The passage as stored (original text).
    pub closest_text: String,
    /// Word diff from the quote to the passage (see [`diff_quote`]).
    pub diff: Vec<WordChange>,
}

/// The quote search: the cite stage's reading of a stored article (the article itself is
/// made by parse, in `text/article.rs`).
impl SourceText {
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
        for (index, para) in self.normalized().iter().enumerate() {
            if let Some(found) = find_parts(&para.text, &parts) {
                let base = self.paragraphs().get(index).map_or(0, |p| p.start);
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
        let Some(para) = self.paragraphs().get(m.paragraph) else {
            return (String::new(), String::new());
        };
        let text = self.text().get(para.clone()).unwrap_or("");
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

    /// The sentence the passage search ranks first for the quote's words, with the quote
    /// diffed against it.
    ///
    /// The search is the one `site quote` runs, so the passage shown is a whole sentence an
    /// editor can copy. A quote longer than that sentence takes in the neighbours (within the
    /// paragraph) that hold its other words. With no word in common there is no closest passage.
    fn near_miss(&self, parts: &[&str]) -> NearMiss {
        let joined = parts.join(" ... ");
        let index = Index::new(&[self.article()]);
        let query = index.query(&joined);
        let Some(best) = index.search(&query).first().map(|h| h.passage) else {
            return NearMiss {
                closest: 0..0,
                closest_text: String::new(),
                diff: vec![WordChange::Missing(joined)],
            };
        };
        let passages = index.passages();
        let sentence = |i: usize| passages.get(i).map(|p| &p.sentence);
        let same_paragraph = |i: usize, j: usize| {
            sentence(i)
                .zip(sentence(j))
                .is_some_and(|(a, b)| a.paragraph == b.paragraph)
        };
        let wanted = joined.split(' ').count();
        let (mut first, mut last) = (best, best);
        let mut covered: BTreeSet<&str> = index.shared(best, &query).into_iter().collect();
        loop {
            let span = sentence(first)
                .zip(sentence(last))
                .map_or(0..0, |(a, b)| a.range.start..b.range.end);
            if self
                .text()
                .get(span)
                .map_or(0, |t| t.split_whitespace().count())
                >= wanted
            {
                break;
            }
            let gain = |i: usize| {
                index
                    .shared(i, &query)
                    .into_iter()
                    .filter(|t| !covered.contains(t))
                    .count()
            };
            let before = first.checked_sub(1).filter(|&i| same_paragraph(i, first));
            let after = Some(last + 1).filter(|&i| same_paragraph(i, last));
            let pick = match (before.map(gain), after.map(gain)) {
                (Some(b), Some(a)) if b > 0 && b >= a => before,
                (_, Some(a)) if a > 0 => after,
                (Some(b), _) if b > 0 => before,
                _ => None,
            };
            let Some(next) = pick else { break };
            covered.extend(index.shared(next, &query));
            first = first.min(next);
            last = last.max(next);
        }
        let closest = sentence(first)
            .zip(sentence(last))
            .map_or(0..0, |(a, b)| a.range.start..b.range.end);
        let closest_text = self.text().get(closest.clone()).unwrap_or("").to_owned();
        NearMiss {
            diff: diff_quote(&joined, &closest_text),
            closest,
            closest_text,
        }
    }
}

fn shift(r: Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
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

/// Collapses runs of white space to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::diff::render_diff;
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
            "South Korea’s National Intelligence Service reports “around 11,000 troops were assessed to have been relocated to Kursk in late October after completing local adjustment training in northeastern Russia,” according to Seoul’s Yonhap News."
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
    fn the_closest_passage_is_a_whole_sentence() {
        let src = SourceText::new(
            "The mayor spoke on Tuesday. The city said the transit budget would rise to \
             $58 million next year, up from $51 million. Buses will run later.",
        );
        let miss = near_miss(&src, "the transit budget will rise to $58 million");
        assert_eq!(
            miss.closest_text,
            "The city said the transit budget would rise to $58 million next year, up from $51 million."
        );
        assert_eq!(
            render_diff(&miss.diff),
            "the transit budget [-will-] {+would+} rise to $58 million"
        );
    }

    #[test]
    fn a_quote_over_two_sentences_gets_both() {
        let src = SourceText::new("Alpha beta gamma. Delta epsilon zeta eta. Theta iota.");
        let miss = near_miss(&src, "beta gamma. Delta epsilon zeta theta");
        assert_eq!(
            miss.closest_text,
            "Alpha beta gamma. Delta epsilon zeta eta."
        );
    }

    #[test]
    fn an_elision_keeps_its_dots_in_the_diff() {
        let src = article();
        let miss = near_miss(
            &src,
            "Russia is reportedly paying … for every North Korean soldier",
        );
        assert_eq!(
            miss.closest_text,
            "Russia is reportedly paying nearly $2,000 a month for each North Korean soldier, virtually all of which goes into Mr. Kim’s accounts."
        );
        assert_eq!(
            render_diff(&miss.diff),
            "Russia is reportedly paying ... for [-every-] {+each+} North Korean soldier"
        );
        // An elision next to a misquoted word: the word still pairs with its replacement.
        assert_eq!(
            render_diff(&diff_quote(
                "paying ... every North",
                "paying nearly $2,000 a month for each North Korean soldier"
            )),
            "paying ... [-every-] {+each+} North"
        );
        assert_eq!(
            render_diff(&diff_quote("a ... c [...] e", "a b c d e")),
            "a ... c ... e"
        );
    }

    #[test]
    fn a_misquoted_first_or_last_word_shows_its_replacement_only() {
        let passage = "South Korea's agency reports \"around 11,000 troops were sent,\" Yonhap said, and Russia is paying for arms.";
        assert_eq!(
            render_diff(&diff_quote("about 11,000 troops", passage)),
            "[-about-] {+reports \"around+} 11,000 troops"
        );
        assert_eq!(
            render_diff(&diff_quote("and Russia pays", passage)),
            "and Russia [-pays-] {+is paying+}"
        );
        assert_eq!(
            render_diff(&diff_quote("penguins waddle", passage)),
            "[-penguins waddle-]"
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
            let total: usize = src.normalized().iter().map(|n| n.text.matches(norm.as_str()).count()).sum();
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
                let _ = diff_quote(quote, source);
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
