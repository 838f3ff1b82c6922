//! Roman numerals written in ASCII capitals ("XCIX thousand troops").
//!
//! Capital letters are also abbreviations and names (DC, MD, CV, I, "World War II"), so a
//! numeral is read as a figure only where it states an amount: before a scale word
//! ("XCIX thousand"), "%" or "percent". Elsewhere the checks ask [`unread`] for a numeral a
//! reader would take for an amount that no figure was read from, so it is reported rather than
//! published unchecked.

use std::ops::Range;

use super::scan::char_at;

/// Valid numerals that are common words or abbreviations in English text, never reported.
const WORDS: [&str; 22] = [
    "CC", "CCC", "CD", "CDC", "CLI", "CM", "CV", "DC", "DI", "DIV", "DM", "IV", "LI", "MC", "MCC",
    "MD", "MDC", "MI", "MIX", "MM", "XL", "XXL",
];

const LETTERS: [(char, u32); 7] = [
    ('I', 1),
    ('V', 5),
    ('X', 10),
    ('L', 50),
    ('C', 100),
    ('D', 500),
    ('M', 1000),
];

/// The value of a numeral in its one canonical form (1 to 3999: "XCIX", never "IC" or "IIII").
pub(super) fn value(word: &str) -> Option<u32> {
    // Every word of every page and source comes here: most leave at this first look.
    if word.is_empty() || word.len() > 15 || !word.bytes().all(|b| b"IVXLCDM".contains(&b)) {
        return None;
    }
    let digit = |c: char| LETTERS.iter().find(|(l, _)| *l == c).map(|(_, v)| *v);
    let values: Vec<u32> = word.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= i64::from(*v),
            _ => total += i64::from(*v),
        }
    }
    let total = u32::try_from(total)
        .ok()
        .filter(|t| (1..4000).contains(t))?;
    (canonical(total) == word).then_some(total)
}

/// How `n` (1 to 3999) is written.
fn canonical(mut n: u32) -> String {
    const PARTS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in PARTS {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The numeral in `text[start..end]` when an amount follows it: a scale word ("hundred",
/// "thousand", "million"…), "%", "percent" or "per cent". "I" alone is the pronoun.
pub(super) fn amount_at(text: &str, start: usize, end: usize) -> Option<u32> {
    let word = text.get(start..end)?;
    if word == "I" {
        return None;
    }
    let n = value(word)?;
    if char_at(text, end) == Some('%') {
        return Some(n);
    }
    let rest = text.get(end..)?;
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return None;
    }
    let next: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let scale = [
        "hundred", "thousand", "million", "billion", "trillion", "percent",
    ]
    .contains(&next.as_str())
        || (next == "per"
            && after
                .get(3..)
                .is_some_and(|a| a.trim_start().to_lowercase().starts_with("cent")));
    scale.then_some(n)
}

/// The first Roman numeral of two letters or more in `text` outside `read` (the ranges of
/// the figures read from it) that a reader takes for an amount: not a common abbreviation
/// (DC, MD, CV), and not the number of a name, which follows a capitalised word ("World War
/// II", "Louis XIV", "Chapter XII", "Apollo XI").
pub(crate) fn unread(text: &str, read: &[Range<usize>]) -> Option<Range<usize>> {
    let mut previous: Option<&str> = None;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if !c.is_alphabetic() {
            if !c.is_whitespace() {
                previous = None;
            }
            i += c.len_utf8();
            continue;
        }
        let end = text[i..]
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(text.len(), |(j, _)| i + j);
        let word = &text[i..end];
        // Most words hold a letter that is no numeral's: they are passed over on their bytes.
        let letters = word.len() >= 2
            && (word.bytes()).all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'));
        if letters && flagged(text, i..end, previous, read) {
            return Some(i..end);
        }
        previous = Some(word);
        i = end;
    }
    None
}

/// Whether the numeral at `at` in `text`, after the word `previous`, is an amount left unread.
fn flagged(text: &str, at: Range<usize>, previous: Option<&str>, read: &[Range<usize>]) -> bool {
    let (i, end) = (at.start, at.end);
    let word = &text[at];
    let named = previous.is_some_and(|p| p.chars().next().is_some_and(char::is_uppercase));
    let glued = matches!(char_at(text, end), Some(c) if c.is_alphanumeric() || c == '-')
        || super::scan::char_before(text, i).is_some_and(|c| c.is_alphanumeric() || c == '-');
    !named
        && !glued
        && !WORDS.contains(&word)
        && value(word).is_some()
        && !read.iter().any(|r| r.start <= i && end <= r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_canonical_form_is_a_numeral() {
        assert_eq!(value("XCIX"), Some(99));
        assert_eq!(value("MMXXVI"), Some(2026));
        assert_eq!(value("MCMXCIV"), Some(1994));
        assert_eq!(value("IC"), None);
        assert_eq!(value("IIII"), None);
        assert_eq!(value("VX"), None);
        assert_eq!(value("CIVIL"), None);
        assert_eq!(value("DID"), None);
        assert_eq!(value("MMMM"), None);
        assert_eq!(value("xcix"), None);
    }

    #[test]
    fn an_amount_follows_a_numeral_read_as_a_figure() {
        let at = |t: &str| amount_at(t, 0, t.find([' ', '%']).unwrap_or(t.len()));
        assert_eq!(at("XCIX thousand troops"), Some(99));
        assert_eq!(at("XC% of them"), Some(90));
        assert_eq!(at("XC per cent"), Some(90));
        assert_eq!(at("XC percent"), Some(90));
        assert_eq!(at("XII troops"), None);
        assert_eq!(at("I thousand"), None);
        assert_eq!(at("XII"), None);
    }

    #[test]
    fn names_and_abbreviations_are_not_reported() {
        let found = |t: &str| unread(t, &[]).map(|r| t[r].to_string());
        assert_eq!(found("about XCIX troops"), Some("XCIX".to_string()));
        assert_eq!(found("XII divisions moved"), Some("XII".to_string()));
        assert_eq!(found("In World War II and Chapter XII"), None);
        assert_eq!(found("Louis XIV and Apollo XI"), None);
        assert_eq!(found("the DC office, an MD, a CV, I said"), None);
        assert_eq!(found("an F-XV, the XVI-era"), None);
        assert_eq!(found("a CIVIL war, DID it"), None);
        assert_eq!(found("about XCIX thousand"), Some("XCIX".to_string()));
        let read = 6..19;
        assert_eq!(
            unread("about XCIX thousand", std::slice::from_ref(&read)),
            None
        );
    }
}
