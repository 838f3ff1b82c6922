//! The word diff shown for a misquote: from the quote to the passage the search found closest.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::elision::split_elisions;
use crate::text::normalize::normalize;

/// A run of words in the quote-to-passage diff (words joined by spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WordChange {
    /// Words present in both.
    Same(String),
    /// Words of the quote that are not in the source passage.
    Missing(String),
    /// Words of the source passage that are not in the quote.
    Extra(String),
}

/// Word diff from a quote to a passage of the source, for showing a misquote.
///
/// The passage's words beyond the quote's first and last matching word are left out, so a
/// quote of part of a sentence is not blamed for the rest of it. Each elision of the quote
/// stays `...`, standing for the passage's words it leaves out. Punctuation the quote leaves
/// off at the edge of a part (`around` for `"around`, `October` for `October,`) is no
/// difference; anything else, case included, is.
pub fn diff_quote(quote: &str, passage: &str) -> Vec<WordChange> {
    let quote = normalize(quote).text;
    let parts = split_elisions(&quote);
    let mut quote_words: Vec<&str> = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            quote_words.push(ELISION);
        }
        quote_words.extend(part.split(' '));
    }
    let edges: Vec<(&str, &str)> = parts
        .iter()
        .filter_map(|p| Some((p.split(' ').next()?, p.split(' ').next_back()?)))
        .collect();
    let passage = normalize(passage).text;
    let passage_words: Vec<&str> = passage
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| at_edge(w, &edges))
        .collect();
    let mut tokens: Vec<(Tag, &str)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &quote_words, &passage_words) {
        let (tag, old, new) = op.as_tag_tuple();
        let old = quote_words.get(old).unwrap_or(&[]);
        let new = passage_words.get(new).unwrap_or(&[]);
        match tag {
            DiffTag::Equal => tokens.extend(old.iter().map(|w| (Tag::Same, *w))),
            DiffTag::Delete => tokens.extend(old.iter().map(|w| (Tag::Missing, *w))),
            DiffTag::Insert => tokens.extend(new.iter().map(|w| (Tag::Extra, *w))),
            DiffTag::Replace => {
                tokens.extend(old.iter().map(|w| (Tag::Missing, *w)));
                tokens.extend(new.iter().map(|w| (Tag::Extra, *w)));
            }
        }
    }
    let tokens = trim_edges(fill_elisions(tokens));
    let mut out: Vec<WordChange> = Vec::new();
    let mut run: Option<(Tag, Vec<&str>)> = None;
    for (tag, word) in &tokens {
        match &mut run {
            Some((t, words)) if t == tag => words.push(word),
            _ => {
                out.extend(run.take().map(change));
                run = Some((*tag, vec![word]));
            }
        }
    }
    out.extend(run.map(change));
    out
}

/// A diff as one line: `[-quote word-]` for words the source lacks, `{+source word+}` for
/// words the quote lacks.
pub fn render_diff(diff: &[WordChange]) -> String {
    let mut out = Vec::new();
    let mut same_run = 0;
    for change in diff {
        match change {
            WordChange::Same(w) => {
                same_run += 1;
                if same_run <= 3 {
                    out.push(w.clone());
                } else if same_run == 4 {
                    out.push("…".to_string());
                }
            }
            WordChange::Missing(w) => {
                same_run = 0;
                out.push(format!("[-{w}-]"));
            }
            WordChange::Extra(w) => {
                same_run = 0;
                out.push(format!("{{+{w}+}}"));
            }
        }
    }
    out.join(" ")
}

/// How an elision is shown in a diff.
const ELISION: &str = "...";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Same,
    Missing,
    Extra,
}

fn change((tag, words): (Tag, Vec<&str>)) -> WordChange {
    let words = words.join(" ");
    match tag {
        Tag::Same => WordChange::Same(words),
        Tag::Missing => WordChange::Missing(words),
        Tag::Extra => WordChange::Extra(words),
    }
}

/// A passage word as the quote would write it at the edge of one of its parts: `"around`
/// is `around` when a part starts with `around`, `October,` is `October` when one ends with it.
fn at_edge<'a>(word: &'a str, edges: &[(&str, &str)]) -> &'a str {
    let punctuation = |s: &str| !s.is_empty() && !s.chars().any(char::is_alphanumeric);
    for (first, last) in edges {
        if let Some(head) = word.strip_suffix(first)
            && punctuation(head)
        {
            return word.get(head.len()..).unwrap_or(word);
        }
        if let Some(tail) = word.strip_prefix(last)
            && punctuation(tail)
        {
            return word.get(..last.len()).unwrap_or(word);
        }
    }
    word
}

/// Leaves out the passage's words beyond the quote's reach: before the first word both share
/// and after the last, the passage keeps only as many words as can be read as replacing the
/// quote's own words there (one more than they are, as "pays" may be "is paying"), the ones
/// nearest the shared words.
fn trim_edges(tokens: Vec<(Tag, &str)>) -> Vec<(Tag, &str)> {
    let Some(first) = tokens.iter().position(|(t, _)| *t == Tag::Same) else {
        return tokens
            .into_iter()
            .filter(|(t, _)| *t != Tag::Extra)
            .collect();
    };
    let last = tokens
        .iter()
        .rposition(|(t, _)| *t == Tag::Same)
        .unwrap_or(first);
    let keep = |block: &[(Tag, &str)]| {
        let missing = block.iter().filter(|(t, _)| *t == Tag::Missing).count();
        if missing == 0 { 0 } else { missing + 1 }
    };
    let lead = tokens.get(..first).unwrap_or(&[]);
    let tail = tokens.get(last + 1..).unwrap_or(&[]);
    let lead_extra = lead.iter().filter(|(t, _)| *t == Tag::Extra).count();
    let mut skip = lead_extra.saturating_sub(keep(lead));
    let mut out = Vec::with_capacity(tokens.len());
    for &(tag, word) in lead {
        if tag == Tag::Extra && skip > 0 {
            skip -= 1;
        } else {
            out.push((tag, word));
        }
    }
    out.extend_from_slice(tokens.get(first..=last).unwrap_or(&[]));
    let mut room = keep(tail);
    for &(tag, word) in tail {
        if tag != Tag::Extra {
            out.push((tag, word));
        } else if room > 0 {
            room -= 1;
            out.push((tag, word));
        }
    }
    out
}

/// Lets each elision of the quote stand for the passage words it leaves out.
///
/// Within a run of differences, the quote's words before the first elision keep as many of
/// the passage's words from the front as they have, those after each later elision as many
/// from the back; the words between are what the elision leaves out, shown as `...`.
fn fill_elisions(tokens: Vec<(Tag, &str)>) -> Vec<(Tag, &str)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    while let Some(&(tag, word)) = tokens.get(at) {
        if tag == Tag::Same {
            out.push((tag, word));
            at += 1;
            continue;
        }
        let end = tokens
            .iter()
            .skip(at)
            .position(|(t, _)| *t == Tag::Same)
            .map_or(tokens.len(), |n| at + n);
        let block = tokens.get(at..end).unwrap_or(&[]);
        at = end;
        let missing: Vec<&str> = block
            .iter()
            .filter(|(t, _)| *t == Tag::Missing)
            .map(|(_, w)| *w)
            .collect();
        if !missing.contains(&ELISION) {
            out.extend_from_slice(block);
            continue;
        }
        let extra: Vec<&str> = block
            .iter()
            .filter(|(t, _)| *t == Tag::Extra)
            .map(|(_, w)| *w)
            .collect();
        let groups: Vec<&[&str]> = missing.split(|w| *w == ELISION).collect();
        let mut front = 0;
        let mut back = extra.len();
        let last = groups.len().saturating_sub(1);
        for (i, group) in groups.iter().enumerate() {
            if i > 0 {
                out.push((Tag::Same, ELISION));
            }
            out.extend(group.iter().map(|w| (Tag::Missing, *w)));
            let (lo, hi) = if i == last && i > 0 {
                let lo = back.saturating_sub(group.len()).max(front);
                (lo, back)
            } else {
                let hi = (front + group.len()).min(back);
                (front, hi)
            };
            out.extend(
                extra
                    .get(lo..hi)
                    .unwrap_or(&[])
                    .iter()
                    .map(|w| (Tag::Extra, *w)),
            );
            if i == last && i > 0 {
                back = lo;
            } else {
                front = hi;
            }
        }
    }
    out
}
