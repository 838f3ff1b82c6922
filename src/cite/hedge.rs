//! Hedges kept: when a quote qualifies its figure ("around 11,000", "more
//! than 1,000", "up to 30,000"), the text that cites it must not state the
//! figure as exact, nor qualify it the other way.
//!
//! Qualifiers have a direction: about (either side), below (the true figure
//! is at most this one: "nearly", "up to") or above ("more than", "at
//! least"). The text may use another qualifier of the same direction
//! ("about" for "around"), or "about" for any; a directed qualifier the
//! quote does not support ("more than" for "nearly" or for "around") is an
//! error; dropping every qualifier is a warning.

use crate::text::figures::{self, Figure};

/// Which side of the figure a qualifier puts the true value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    About,
    Below,
    Above,
}

/// Qualifiers before a figure; the longest that matches wins. "estimated" alone is a verb ("the board estimated 36,216"), so
/// only "an estimated" qualifies.
const BEFORE: [(&str, Direction); 41] = [
    ("in the region of", Direction::About),
    ("on the order of", Direction::About),
    ("an estimated", Direction::About),
    ("approximately", Direction::About),
    ("roughly", Direction::About),
    ("around", Direction::About),
    ("about", Direction::About),
    ("close to", Direction::About),
    ("some", Direction::About),
    ("circa", Direction::About),
    ("nearly", Direction::Below),
    ("almost", Direction::Below),
    ("just under", Direction::Below),
    ("just shy of", Direction::Below),
    ("up to", Direction::Below),
    ("as many as", Direction::Below),
    ("as much as", Direction::Below),
    ("as high as", Direction::Below),
    ("no more than", Direction::Below),
    ("not more than", Direction::Below),
    ("at most", Direction::Below),
    ("fewer than", Direction::Below),
    ("less than", Direction::Below),
    ("under", Direction::Below),
    ("below", Direction::Below),
    ("shy of", Direction::Below),
    ("more than", Direction::Above),
    ("at least", Direction::Above),
    ("over", Direction::Above),
    ("just over", Direction::Above),
    ("upwards of", Direction::Above),
    ("upward of", Direction::Above),
    ("in excess of", Direction::Above),
    ("greater than", Direction::Above),
    ("higher than", Direction::Above),
    ("exceeding", Direction::Above),
    ("no fewer than", Direction::Above),
    ("no less than", Direction::Above),
    ("not less than", Direction::Above),
    ("as few as", Direction::Above),
    ("above", Direction::Above),
];

/// Qualifiers after a figure: "11,000 or so", "1,000 or more".
const AFTER: [(&str, Direction); 5] = [
    ("or so", Direction::About),
    ("or more", Direction::Above),
    ("or fewer", Direction::Below),
    ("or less", Direction::Below),
    ("and up", Direction::Above),
];

/// How many words before a link still qualify its figure ("about" in
/// "About [11,000 troops]", "an estimated" in "an estimated [11,000]").
const WORDS_BEFORE: usize = 4;

/// How far back before a link [`WORDS_BEFORE`] words are looked for.
const PROSE_BYTES: usize = 240;

/// A qualifier as written and its direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Qualifier {
    pub(crate) words: String,
    pub(crate) direction: Direction,
}

/// A figure whose quote is qualified but whose text is not, or is
/// qualified the other way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HedgeFinding {
    /// The figure as the link writes it.
    pub(crate) figure: String,
    /// The qualified figure as the quote says it: "around 11,000".
    pub(crate) quote_says: String,
    /// The text's own qualifier, if it has one (then it contradicts).
    pub(crate) text_qualifier: Option<Qualifier>,
    quote_qualifier: Qualifier,
}

impl HedgeFinding {
    /// A contradiction (a qualifier the quote does not support) rather than
    /// a dropped one.
    pub(crate) fn is_contradiction(&self) -> bool {
        self.text_qualifier.is_some()
    }

    pub(crate) fn message(&self) -> String {
        match &self.text_qualifier {
            None => format!(
                "the quote says \"{}\"; the text states it as exact",
                self.quote_says
            ),
            Some(q) => format!(
                "the quote says \"{}\"; the text says \"{} {}\"",
                self.quote_says, q.words, self.figure
            ),
        }
    }

    pub(crate) fn help(&self) -> String {
        let same: Vec<&str> = BEFORE
            .iter()
            .filter(|(_, d)| *d == self.quote_qualifier.direction)
            .map(|(w, _)| *w)
            .take(4)
            .collect();
        format!(
            "keep the quote's qualifier in the link text or just before it (\"{} {}\", or one \
             that says the same: {}), or cite a passage that states the figure exactly",
            self.quote_qualifier.words,
            self.figure,
            same.join(", ")
        )
    }
}

/// The most words of a qualifier before a figure ("in the region of") and after it ("or so").
const LONGEST_BEFORE: usize = 4;
const LONGEST_AFTER: usize = 2;

fn words_in(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
}

fn words_of(text: &str) -> Vec<String> {
    words_in(text).map(str::to_lowercase).collect()
}

/// The last `n` words of `text`, lower-cased: a qualifier before a figure is never longer, so
/// the words of a long quote before it are not all lower-cased for each citation.
fn last_words(text: &str, n: usize) -> Vec<String> {
    let mut words: Vec<String> = words_in(text)
        .rev()
        .take(n)
        .map(str::to_lowercase)
        .collect();
    words.reverse();
    words
}

/// The first `n` words of `text`, lower-cased.
fn first_words(text: &str, n: usize) -> Vec<String> {
    words_in(text).take(n).map(str::to_lowercase).collect()
}

/// Whether `words` are the words of `phrase`.
fn same_words(words: &[String], phrase: &str) -> bool {
    words.iter().map(String::as_str).eq(phrase.split(' '))
}

/// The qualifier that ends `words` (the words right before a figure).
/// The longest qualifier wins: "no fewer than" (above) over "fewer than"
/// (below).
fn qualifier_ending(words: &[String]) -> Option<Qualifier> {
    BEFORE
        .iter()
        .filter_map(|(phrase, direction)| {
            let n = phrase.split(' ').count();
            let tail = words.get(words.len().checked_sub(n)?..)?;
            same_words(tail, phrase).then_some((n, phrase, direction))
        })
        .max_by_key(|(n, _, _)| *n)
        .map(|(_, phrase, direction)| Qualifier {
            words: (*phrase).to_string(),
            direction: *direction,
        })
}

/// Any qualifier among the last words of `words`.
fn qualifier_within(words: &[String]) -> Option<Qualifier> {
    (0..=words.len())
        .rev()
        .find_map(|end| qualifier_ending(words.get(..end)?))
}

/// The qualifier right after a figure ending at `end` of `text`.
fn qualifier_after(text: &str, end: usize) -> Option<Qualifier> {
    let words = first_words(text.get(end..)?, LONGEST_AFTER);
    AFTER.iter().find_map(|(phrase, direction)| {
        let head = words.get(..phrase.split(' ').count())?;
        same_words(head, phrase).then(|| Qualifier {
            words: (*phrase).to_string(),
            direction: *direction,
        })
    })
}

/// The words of the prose right before a link, back to the start of its
/// sentence, table cell or line, at most [`WORDS_BEFORE`].
fn prose_before(before: &str) -> Vec<String> {
    // A few words are all that count: look at the last few hundred bytes only, so that a long
    // line with many links is not scanned again for each.
    let mut from = before.len().saturating_sub(PROSE_BYTES);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let before = before.get(from..).unwrap_or("");
    let cut = before
        .char_indices()
        .rev()
        .find(|(i, c)| {
            matches!(c, '|' | '\n' | '!' | '?' | ';' | ':')
                || *c == '.' && before.get(i + 1..).is_some_and(|r| r.starts_with(' '))
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    last_words(before.get(cut..).unwrap_or(""), WORDS_BEFORE)
}

/// How the quote qualifies `figure` of the quote `quote`.
fn quote_qualifier(quote: &str, figure: &Figure) -> Option<Qualifier> {
    let words = last_words(quote.get(..figure.range.start)?, LONGEST_BEFORE);
    qualifier_ending(&words).or_else(|| qualifier_after(quote, figure.range.end))
}

/// Whether a text qualifier keeps the quote's meaning.
fn compatible(text: Direction, quote: Direction) -> bool {
    text == quote || text == Direction::About
}

/// The hedge findings for a link: `before` is the text before the link
/// (only its last words count), `link_text` the link's text, `quote` the
/// quote it cites. Figures the quote does not back are the figure check's
/// business and are skipped here.
#[cfg(test)]
pub(crate) fn check(before: &str, link_text: &str, quote: &str) -> Vec<HedgeFinding> {
    let (link_figures, quote_figures) = (figures::extract(link_text), figures::extract(quote));
    let link = Read::new(link_text, &link_figures);
    check_read(before, &link, &Read::new(quote, &quote_figures))
}

/// A text with its figures, read once by the caller and shared by the figure and hedge checks.
pub(crate) struct Read<'a> {
    text: &'a str,
    figures: &'a [Figure],
}

impl<'a> Read<'a> {
    pub(crate) fn new(text: &'a str, figures: &'a [Figure]) -> Self {
        Read { text, figures }
    }
}

/// [`check`] with the link's and the quote's figures already read.
pub(crate) fn check_read(before: &str, link: &Read<'_>, quote: &Read<'_>) -> Vec<HedgeFinding> {
    let (link_text, in_quote) = (link.text, quote.figures);
    let quote = quote.text;
    // The words before the link are read only for a figure the quote qualifies, which few are.
    let mut prose: Option<Vec<String>> = None;
    let mut out = Vec::new();
    for figure in link.figures {
        let backing: Vec<&Figure> = in_quote.iter().filter(|q| q.backs(figure)).collect();
        let qualified: Option<Vec<(Qualifier, &Figure)>> = backing
            .iter()
            .map(|q| quote_qualifier(quote, q).map(|qual| (qual, *q)))
            .collect();
        let Some((quote_qualifier, quoted)) = qualified.and_then(|v| v.into_iter().next()) else {
            continue;
        };
        let mut words = prose.get_or_insert_with(|| prose_before(before)).clone();
        words.extend(words_of(link_text.get(..figure.range.start).unwrap_or("")));
        let text_qualifier =
            qualifier_within(&words[words.len().saturating_sub(WORDS_BEFORE + 2)..])
                .or_else(|| qualifier_after(link_text, figure.range.end));
        let quote_says = match qualifier_after(quote, quoted.range.end) {
            Some(after) if after == quote_qualifier => format!("{} {}", quoted.text, after.words),
            _ => format!("{} {}", quote_qualifier.words, quoted.text),
        };
        let finding = |text_qualifier| HedgeFinding {
            figure: figure.text.clone(),
            quote_says: quote_says.clone(),
            text_qualifier,
            quote_qualifier: quote_qualifier.clone(),
        };
        match text_qualifier {
            None => out.push(finding(None)),
            Some(t) if !compatible(t.direction, quote_qualifier.direction) => {
                out.push(finding(Some(t)));
            }
            Some(_) => {}
        }
    }
    out
}

/// The hedge finding for a derived figure: a result computed from a qualified figure ("around
/// 11,000 troops" times a pay) is itself approximate, so its link text or the words just before
/// it must qualify it. `inputs` pairs each input's quote with its figure as the quote writes it.
pub(crate) fn check_derived(
    before: &str,
    link_text: &str,
    inputs: &[(&str, &str)],
) -> Option<HedgeFinding> {
    let (quote_qualifier, quote_says) = inputs.iter().find_map(|(quote, figure)| {
        let f = figures::extract(quote)
            .into_iter()
            .find(|f| f.text == *figure)?;
        let q = quote_qualifier(quote, &f)?;
        Some((q.clone(), format!("{} {}", q.words, f.text)))
    })?;
    let stated = figures::extract(link_text).into_iter().next();
    let upto = stated.as_ref().map_or(link_text.len(), |f| f.range.start);
    let mut words = prose_before(before);
    words.extend(words_of(link_text.get(..upto).unwrap_or("")));
    let tail = &words[words.len().saturating_sub(WORDS_BEFORE + 2)..];
    let after = stated
        .as_ref()
        .and_then(|f| qualifier_after(link_text, f.range.end));
    if qualifier_within(tail).is_some() || after.is_some() {
        return None;
    }
    Some(HedgeFinding {
        figure: stated.map_or_else(|| link_text.to_string(), |f| f.text),
        quote_says,
        text_qualifier: None,
        quote_qualifier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(before: &str, link: &str, quote: &str) -> Vec<String> {
        check(before, link, quote)
            .iter()
            .map(HedgeFinding::message)
            .collect()
    }

    #[test]
    fn no_qualifier_is_longer_than_the_words_read_for_it() {
        let words = |phrase: &str| phrase.split(' ').count();
        assert!(BEFORE.iter().all(|(p, _)| words(p) <= LONGEST_BEFORE));
        assert!(AFTER.iter().all(|(p, _)| words(p) <= LONGEST_AFTER));
        assert!(BEFORE.iter().any(|(p, _)| words(p) == LONGEST_BEFORE));
        // The longest qualifier is found after a long quote's many words.
        let quote = format!("{} in the region of 11,000 troops", "word ".repeat(500));
        assert_eq!(messages("", "11,000", &quote).len(), 1);
    }

    #[test]
    fn a_dropped_qualifier_is_found() {
        assert_eq!(
            messages(
                "Officials said ",
                "11,000 troops",
                "around 11,000 troops were assessed"
            ),
            ["the quote says \"around 11,000\"; the text states it as exact"]
        );
        assert_eq!(
            messages("", "1,000 recruits", "1,000 or more recruits"),
            ["the quote says \"1,000 or more\"; the text states it as exact"]
        );
    }

    #[test]
    fn a_kept_or_equivalent_qualifier_passes() {
        let quote = "around 11,000 troops were assessed";
        for (before, link) in [
            ("", "around 11,000 troops"),
            ("About ", "11,000 troops"),
            ("an estimated ", "11,000"),
            ("", "roughly 11,000"),
            ("It assessed that ", "some 11,000 troops"),
            ("", "11,000 or so"),
        ] {
            assert!(check(before, link, quote).is_empty(), "{before}{link}");
        }
        assert!(check("", "nearly $2,000", "paying almost $2,000").is_empty());
        assert!(check("", "about $2,000", "paying nearly $2,000").is_empty());
        assert!(
            check("", "11,000", "11,000 troops").is_empty(),
            "an exact quote"
        );
        assert!(
            check("", "11,000", "around 11,000 troops, and later 11,000 more").is_empty(),
            "the quote also states it exactly"
        );
    }

    #[test]
    fn the_longest_qualifier_wins() {
        assert!(check("", "at least 500", "no fewer than 500 people").is_empty());
        assert_eq!(
            messages("", "500", "just over 500 people"),
            ["the quote says \"just over 500\"; the text states it as exact"]
        );
        assert!(check("", "36,216", "the board estimated 36,216 vessels").is_empty());
    }

    #[test]
    fn the_opposite_direction_is_a_contradiction() {
        let found = check("", "more than $2,000", "paying nearly $2,000 a month");
        assert_eq!(found.len(), 1);
        assert!(found[0].is_contradiction());
        assert_eq!(
            found[0].message(),
            "the quote says \"nearly $2,000\"; the text says \"more than $2,000\""
        );
        assert!(
            check("", "at least 11,000", "around 11,000")
                .iter()
                .all(HedgeFinding::is_contradiction)
        );
        assert_eq!(check("", "up to 100,000", "more than 100,000").len(), 1);
    }

    #[test]
    fn a_result_computed_from_a_hedged_figure_is_hedged() {
        let inputs = [
            ("around 11,000 troops were assessed", "11,000"),
            ("paying nearly $2,000 a month", "$2,000"),
        ];
        let found = check_derived("That comes to ", "$22 million a month", &inputs);
        assert_eq!(
            found.map(|h| h.message()),
            Some("the quote says \"around 11,000\"; the text states it as exact".to_string())
        );
        assert!(check_derived("", "roughly $22 million a month", &inputs).is_none());
        assert!(check_derived("That comes to about ", "$22 million", &inputs).is_none());
        assert!(check_derived("", "$22 million", &[("11,000 troops", "11,000")]).is_none());
    }

    #[test]
    fn only_the_words_just_before_count() {
        let quote = "around 11,000 troops";
        assert_eq!(
            check("About this. Officials counted ", "11,000", quote).len(),
            1
        );
        assert_eq!(check("| about | ", "11,000", quote).len(), 1);
        assert_eq!(
            check(
                "about the war, officials said that we saw ",
                "11,000",
                quote
            )
            .len(),
            1
        );
        assert!(check("officials said about ", "11,000", quote).is_empty());
    }
}
