//! Numbers in prose, with exact values, so a link's figure can be checked
//! against the quote that is supposed to back it.
//!
//! Values are compared exactly (canonical decimal digits, never floats):
//! "11,000" must not pass for "1,100", nor "1.2 million" for "12 million".
//!
//! Rules, kept deliberately small:
//! - thousands separators are `,` in groups of three ("1,200,000"); a
//!   decimal point needs a digit after it ("1.2");
//! - a scale word after white space multiplies: thousand, million, billion,
//!   trillion;
//! - `$`, `€` or `£` right before the digits is the currency; `%`,
//!   "percent" or "per cent" after makes a percentage;
//! - a range is a number, a `-`, `–` or `—` (spaces allowed around it) and
//!   another number; a scale only on the end applies to both ("$1–2
//!   million"); a dash followed by a letter is no range ("170-millimeter",
//!   "1,000—or 30,000");
//! - digits glued to a letter on the left ("F16", "B-52", "COVID-19") are
//!   part of a name, not figures; a lone sign is ignored ("-5" is 5).

use std::fmt;
use std::ops::Range;

/// An exact non-negative decimal in canonical form, so that equal values
/// compare equal however they were written ("1.20" == "1.2",
/// "1.2 million" == "1,200,000").
///
/// Stored as a digit string and a decimal scale rather than an integer so
/// that no input can overflow; boxed to keep error values small.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    /// All digits, without leading zeros ("0" for zero) and without trailing
    /// zeros after the decimal point.
    digits: Box<str>,
    /// How many of `digits` are after the decimal point.
    scale: usize,
}

impl Number {
    fn new(int: &str, frac: &str) -> Self {
        let frac = frac.trim_end_matches('0');
        let digits = format!("{int}{frac}");
        let digits = digits.trim_start_matches('0');
        match digits {
            "" => Number {
                digits: "0".into(),
                scale: 0,
            },
            _ => Number {
                digits: digits.into(),
                scale: frac.len(),
            },
        }
    }

    /// Multiplies by `10^zeros` (for scale words).
    fn scaled(&self, zeros: usize) -> Self {
        let (int, frac) = self.split();
        let moved = zeros.min(frac.len());
        let (shifted, frac) = frac.split_at(moved);
        let int = format!("{int}{shifted}{}", "0".repeat(zeros - moved));
        Number::new(&int, frac)
    }

    /// Integer and fraction digits ("0.05" gives "0" and "05").
    fn split(&self) -> (String, String) {
        let padded = format!("{:0>width$}", self.digits, width = self.scale + 1);
        let (int, frac) = padded.split_at(padded.len() - self.scale);
        (int.to_owned(), frac.to_owned())
    }

    /// The value as an integer, if it is a small whole number (to recognise
    /// days and years).
    fn small_integer(&self) -> Option<u32> {
        (self.scale == 0)
            .then(|| self.digits.parse().ok())
            .flatten()
    }
}

/// Plain digits with an optional decimal point: `1200000`, `2.5`, `0.05`.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.split() {
            (int, frac) if frac.is_empty() => f.write_str(&int),
            (int, frac) => write!(f, "{int}.{frac}"),
        }
    }
}

/// A single number or a range; a range never equals a single number, since
/// "25,000–30,000" and "25,000" are different claims.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// One number.
    One(Number),
    /// Both ends of a range, as written (low end first in practice).
    Range(Number, Number),
}

/// What a number is doing in the sentence; only quantities are figures in
/// prose, but the link check compares numbers of every kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// An amount, count, share or measurement.
    Quantity,
    /// A bare four-digit year 1000–2199, or a decade like "1950s".
    Year,
    /// "1st", "2nd", "21st"…
    Ordinal,
    /// A day number next to a month name ("March 6", "6 March").
    Date,
}

/// A number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// As written, e.g. "$2,000", "25,000–30,000", "1.2 million",
    /// "170-millimeter".
    pub text: String,
    /// Byte range of `text` in the input.
    pub range: Range<usize>,
    /// The exact value (scale words applied, sign dropped).
    pub value: Value,
    /// `$`, `€` or `£` if written before the number.
    pub currency: Option<char>,
    /// Written with `%`, "percent" or "per cent".
    pub percent: bool,
    /// How the number is used.
    pub kind: FigureKind,
}

/// A figure of the link text that the quote does not back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureMismatch {
    /// The unbacked figure, from the link text.
    pub figure: Figure,
    /// Every figure of the quote, to help spot the typo.
    pub in_quote: Vec<Figure>,
}

impl FigureMismatch {
    /// A one-line explanation for the author, naming what the quote has
    /// instead, e.g. "the figure 1,100 is not in the quote; the quote has
    /// 11,000".
    pub fn message(&self) -> String {
        let texts = |figs: Vec<&Figure>| {
            figs.iter()
                .map(|f| f.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let same_value: Vec<&Figure> = self
            .in_quote
            .iter()
            .filter(|f| f.value == self.figure.value)
            .collect();
        let wanted = &self.figure.text;
        if !same_value.is_empty() {
            format!(
                "the figure {wanted} is in the quote only as {}",
                texts(same_value)
            )
        } else if self.in_quote.is_empty() {
            format!("the figure {wanted} is not in the quote; the quote has no figures")
        } else {
            let all = texts(self.in_quote.iter().collect());
            format!("the figure {wanted} is not in the quote; the quote has {all}")
        }
    }
}

/// Every number in `text`, in order, with its kind.
pub fn extract(text: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        if c.is_ascii_digit() {
            if glued_left(text, i) {
                i = skip_number_chars(text, i);
                continue;
            }
            if let Some(figure) = parse_figure(text, i) {
                i = figure.range.end;
                out.push(figure);
                continue;
            }
        }
        i += c.len_utf8();
    }
    out
}

/// Checks that every number of `link_text` (any kind) is in `quote` with
/// the same value, and the same currency and percent sign where the link
/// has them. Returns the link's figures; none means a plain claim.
pub fn check(link_text: &str, quote: &str) -> Result<Vec<Figure>, FigureMismatch> {
    let link = extract(link_text);
    let in_quote = extract(quote);
    let backed = |f: &Figure| {
        in_quote.iter().any(|q| {
            q.value == f.value
                && (f.currency.is_none() || q.currency == f.currency)
                && (!f.percent || q.percent)
        })
    };
    match link.iter().find(|f| !backed(f)) {
        Some(figure) => Err(FigureMismatch {
            figure: figure.clone(),
            in_quote,
        }),
        None => Ok(link),
    }
}

/// Byte ranges in `quote` of its figures whose value is one of `figures`'
/// values, so the cited numbers can be highlighted.
pub fn mark(quote: &str, figures: &[Figure]) -> Vec<Range<usize>> {
    extract(quote)
        .into_iter()
        .filter(|q| figures.iter().any(|f| f.value == q.value))
        .map(|q| q.range)
        .collect()
}

const DASHES: [char; 3] = ['-', '–', '—'];
const HYPHENS: [char; 3] = ['-', '‐', '‑'];
const CURRENCIES: [char; 3] = ['$', '€', '£'];
const MONTHS: [&str; 24] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Digits right after a letter or digit, possibly through a `-` or `.`
/// ("F16", "B-52", "COVID-19", the "3" of "1.2.3"), belong to a name.
fn glued_left(text: &str, i: usize) -> bool {
    match char_before(text, i) {
        Some(c) if c.is_alphanumeric() => true,
        Some(c) if c == '.' || c == '−' || DASHES.contains(&c) || HYPHENS.contains(&c) => {
            char_before(text, i - c.len_utf8()).is_some_and(char::is_alphanumeric)
        }
        _ => false,
    }
}

/// Skips the digits (and inner `,`/`.`) of a number that is not a figure.
fn skip_number_chars(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        let inner =
            matches!(c, ',' | '.') && char_at(text, i + 1).is_some_and(|d| d.is_ascii_digit());
        if !(c.is_ascii_digit() || inner) {
            break;
        }
        i += 1;
    }
    i
}

fn ascii_digits(text: &str, i: usize) -> usize {
    text.get(i..)
        .map_or(0, |s| s.bytes().take_while(u8::is_ascii_digit).count())
}

/// Parses digits, `,` thousands groups and a decimal fraction at `i`.
/// Returns the number, its end, and whether it was a plain digit run.
fn parse_number(text: &str, i: usize) -> Option<(Number, usize, bool)> {
    let first = ascii_digits(text, i);
    if first == 0 {
        return None;
    }
    let mut int = text.get(i..i + first)?.to_owned();
    let mut end = i + first;
    let mut plain = true;
    while first <= 3 && text.get(end..end + 1) == Some(",") && ascii_digits(text, end + 1) == 3 {
        int.push_str(text.get(end + 1..end + 4)?);
        end += 4;
        plain = false;
    }
    let mut frac = "";
    if text.get(end..end + 1) == Some(".") {
        let n = ascii_digits(text, end + 1);
        if n > 0 {
            frac = text.get(end + 1..end + 1 + n)?;
            end += 1 + n;
            plain = false;
        }
    }
    Some((Number::new(&int, frac), end, plain))
}

/// Skips white space at `i`; returns the new position.
fn skip_space(text: &str, i: usize) -> usize {
    text.get(i..)
        .map_or(i, |s| i + s.len() - s.trim_start().len())
}

/// A whole word at `i` (not followed by a letter) from `words`.
fn word_at<'w>(text: &str, i: usize, words: &[&'w str]) -> Option<&'w str> {
    let rest = text.get(i..)?;
    words.iter().copied().find(|w| {
        rest.starts_with(w)
            && !rest
                .get(w.len()..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_alphabetic)
    })
}

/// An optional scale word after white space: returns (zeros, end).
fn parse_scale(text: &str, i: usize) -> (usize, usize) {
    let at = skip_space(text, i);
    if at == i {
        return (0, i);
    }
    let scales = ["thousand", "million", "billion", "trillion"];
    match word_at(text, at, &scales) {
        Some(w) => {
            let zeros = 3 * (1 + scales.iter().position(|s| *s == w).unwrap_or(0));
            (zeros, at + w.len())
        }
        None => (0, i),
    }
}

/// An optional `%` (one space allowed) or "percent"/"per cent": (found, end).
fn parse_percent(text: &str, i: usize) -> (bool, usize) {
    let at = skip_space(text, i);
    if text.get(at..).is_some_and(|s| s.starts_with('%')) && at - i <= 1 {
        return (true, at + 1);
    }
    match word_at(text, at, &["percent", "per cent"]) {
        Some(w) if at > i => (true, at + w.len()),
        _ => (false, i),
    }
}

/// After a first number ending at `i`: the start of a second number if a
/// range dash follows (spaces allowed around the dash, a currency symbol
/// allowed after it).
fn range_continues(text: &str, i: usize) -> Option<usize> {
    let at = skip_space(text, i);
    let dash = char_at(text, at).filter(|c| DASHES.contains(c))?;
    let mut at = skip_space(text, at + dash.len_utf8());
    if let Some(c) = char_at(text, at).filter(|c| CURRENCIES.contains(c)) {
        at += c.len_utf8();
    }
    char_at(text, at).filter(char::is_ascii_digit).map(|_| at)
}

fn is_month_before(text: &str, i: usize) -> bool {
    let before = text.get(..i).unwrap_or("");
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return false;
    }
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let word_start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(trimmed.len(), |(j, _)| j);
    MONTHS.contains(&trimmed.get(word_start..).unwrap_or(""))
}

fn is_month_after(text: &str, i: usize) -> bool {
    let at = skip_space(text, i);
    at > i && word_at(text, at, &MONTHS).is_some()
}

/// Parses the figure whose digits start at `start` (not glued on the left).
fn parse_figure(text: &str, start: usize) -> Option<Figure> {
    let currency = char_before(text, start).filter(|c| CURRENCIES.contains(c));
    let begin = start - currency.map_or(0, char::len_utf8);
    let (first, number_end, plain) = parse_number(text, start)?;
    let (zeros, end) = parse_scale(text, number_end);
    let (mut percent, mut end) = parse_percent(text, end);
    let mut value = Value::One(first.scaled(zeros));
    if let Some(second_start) = range_continues(text, end) {
        let (second, second_end, _) = parse_number(text, second_start)?;
        let (second_zeros, second_end) = parse_scale(text, second_end);
        let (second_percent, second_end) = parse_percent(text, second_end);
        let first_zeros = if zeros == 0 { second_zeros } else { zeros };
        value = Value::Range(first.scaled(first_zeros), second.scaled(second_zeros));
        percent |= second_percent;
        end = second_end;
    }
    // A unit glued on ("10km", "21st", "1950s") or hyphenated
    // ("170-millimeter") is part of the figure's text.
    let hyphen = char_at(text, end).filter(|c| HYPHENS.contains(c));
    let letters_at = end + hyphen.map_or(0, char::len_utf8);
    let suffix = text.get(letters_at..).map_or("", |s| {
        let n = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
        s.get(..n).unwrap_or("")
    });
    if !suffix.is_empty() {
        end = letters_at + suffix.len();
    }
    let hyphenated = hyphen.is_some() && !suffix.is_empty();
    let bare = plain && zeros == 0 && !percent && currency.is_none() && !hyphenated;
    let kind = match &value {
        Value::One(n) if bare => {
            let small = n.small_integer();
            let day = small.is_some_and(|d| (1..=31).contains(&d));
            let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th");
            let year = small.is_some_and(|y| (1000..=2199).contains(&y));
            if day
                && (suffix.is_empty() || ordinal)
                && (is_month_before(text, begin) || is_month_after(text, end))
            {
                FigureKind::Date
            } else if ordinal {
                FigureKind::Ordinal
            } else if year && number_end - start == 4 && matches!(suffix, "" | "s") {
                FigureKind::Year
            } else {
                FigureKind::Quantity
            }
        }
        _ => FigureKind::Quantity,
    };
    Some(Figure {
        text: text.get(begin..end)?.to_owned(),
        range: begin..end,
        value,
        currency,
        percent,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ARTICLE: &str = include_str!("testdata/article.txt");

    /// "text=value" (value "a..b" for ranges) plus markers for the rest.
    fn show(f: &Figure) -> String {
        let value = match &f.value {
            Value::One(n) => n.to_string(),
            Value::Range(a, b) => format!("{a}..{b}"),
        };
        let currency = f.currency.map(String::from).unwrap_or_default();
        let percent = if f.percent { "%" } else { "" };
        let kind = match f.kind {
            FigureKind::Quantity => "",
            FigureKind::Year => " year",
            FigureKind::Ordinal => " ordinal",
            FigureKind::Date => " date",
        };
        format!("{}={currency}{value}{percent}{kind}", f.text)
    }

    fn shown(text: &str) -> Vec<String> {
        extract(text).iter().map(show).collect()
    }

    #[test]
    fn extracts_every_form() {
        let cases: &[(&str, &[&str])] = &[
            ("11,000 troops", &["11,000=11000"]),
            ("1,200,000 and 1,100", &["1,200,000=1200000", "1,100=1100"]),
            ("1,2 or 3234,567", &["1=1", "2=2", "3234=3234", "567=567"]),
            (
                "1.2 and 1.20 and 0.050 and 007",
                &["1.2=1.2", "1.20=1.2", "0.050=0.05", "007=7"],
            ),
            (
                "1.2 million, 12 million",
                &["1.2 million=1200000", "12 million=12000000"],
            ),
            (
                "2.5 thousand 3\u{A0}billion 1.5 trillion",
                &[
                    "2.5 thousand=2500",
                    "3\u{A0}billion=3000000000",
                    "1.5 trillion=1500000000000",
                ],
            ),
            ("5 millions 5 mill", &["5=5", "5=5"]),
            (
                "$2,000 €3.50 £1 US$4",
                &["$2,000=$2000", "€3.50=€3.5", "£1=£1", "$4=$4"],
            ),
            (
                "5% 6 % 7 percent 8 per cent 9 percentage",
                &["5%=5%", "6 %=6%", "7 percent=7%", "8 per cent=8%", "9=9"],
            ),
            (
                "25,000–30,000 25,000-30,000 1 — 2",
                &[
                    "25,000–30,000=25000..30000",
                    "25,000-30,000=25000..30000",
                    "1 — 2=1..2",
                ],
            ),
            ("$1–2 million", &["$1–2 million=$1000000..2000000"]),
            (
                "$1 million–$2 million",
                &["$1 million–$2 million=$1000000..2000000"],
            ),
            ("5–10%", &["5–10%=5..10%"]),
            ("1,000—or 30,000 a month", &["1,000=1000", "30,000=30000"]),
            (
                "170-millimeter and 240‑millimeter",
                &["170-millimeter=170", "240‑millimeter=240"],
            ),
            ("B-52 F16 Kim2 COVID-19 mp3 1.2.3", &["1.2=1.2"]),
            ("-5 and −6", &["5=5", "6=6"]),
            ("10km 3D", &["10km=10", "3D=3"]),
            (
                "in 2024, the 1950s, 999 or 2200 or 2,024",
                &[
                    "2024=2024 year",
                    "1950s=1950 year",
                    "999=999",
                    "2200=2200",
                    "2,024=2024",
                ],
            ),
            (
                "1st 2nd 3rd 4th 21st 101st",
                &[
                    "1st=1 ordinal",
                    "2nd=2 ordinal",
                    "3rd=3 ordinal",
                    "4th=4 ordinal",
                    "21st=21 ordinal",
                    "101st=101 ordinal",
                ],
            ),
            ("March 6, 2024", &["6=6 date", "2024=2024 year"]),
            (
                "6 March, Sept. 3, 4th July, 32 May, may 5",
                &["6=6 date", "3=3 date", "4th=4 date", "32=32", "5=5"],
            ),
            ("a 10.5-year low", &["10.5-year=10.5"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(shown(text), *want, "text {text:?}");
        }
    }

    #[test]
    fn ranges_point_into_the_input() {
        let text = "paid “$2,000” — then 1.2 million";
        for f in extract(text) {
            assert_eq!(&text[f.range.clone()], f.text);
        }
    }

    #[test]
    fn article_figures() {
        let figures: Vec<String> = extract(ARTICLE)
            .iter()
            .filter(|f| f.kind == FigureKind::Quantity)
            .map(|f| f.text.clone())
            .collect();
        assert_eq!(
            figures,
            [
                "11,000",
                "1.2 million",
                "50",
                "25 million",
                "$2,000",
                "610,000",
                "25,000–30,000",
                "1,000",
                "30,000",
                "170-millimeter",
                "240-millimeter",
                "100,000"
            ]
        );
    }

    #[test]
    fn check_accepts_backed_figures() {
        let cases: &[(&str, &str, usize)] = &[
            ("11,000 troops", "around 11,000 troops were assessed", 1),
            ("$2,000 a month", "paying nearly $2,000 a month", 1),
            ("2,000 dollars", "paying nearly $2,000 a month", 1),
            ("1.2 million soldiers", "North Korea’s 1,200,000 troops", 1),
            (
                "25,000-30,000 recruits",
                "recruiting 25,000–30,000 new soldiers",
                1,
            ),
            ("1,000 a day", "rate of 1,000—or 30,000 a month", 1),
            ("5 percent", "up 5%", 1),
            ("on March 6", "in 2024 (6 March)", 1),
            ("a claim", "any quote 12", 0),
        ];
        for (link, quote, n) in cases {
            match check(link, quote) {
                Ok(figs) => assert_eq!(figs.len(), *n, "{link:?}"),
                Err(e) => panic!("{link:?} vs {quote:?}: {}", e.message()),
            }
        }
    }

    #[test]
    fn check_rejects_false_friends() {
        let cases = [
            (
                "1,100 troops",
                "around 11,000 troops",
                "the figure 1,100 is not in the quote; the quote has 11,000",
            ),
            (
                "12 million",
                "its 1.2 million troops",
                "the figure 12 million is not in the quote; the quote has 1.2 million",
            ),
            (
                "25,000 recruits",
                "recruiting 25,000–30,000",
                "the figure 25,000 is not in the quote; the quote has 25,000–30,000",
            ),
            (
                "1,000–30,000",
                "1,000—or 30,000 a month",
                "the figure 1,000–30,000 is not in the quote; the quote has 1,000, 30,000",
            ),
            (
                "€2,000",
                "nearly $2,000",
                "the figure €2,000 is in the quote only as $2,000",
            ),
            (
                "5%",
                "5 soldiers",
                "the figure 5% is in the quote only as 5",
            ),
            (
                "in 2023",
                "in 2024",
                "the figure 2023 is not in the quote; the quote has 2024",
            ),
            (
                "11,000",
                "many troops",
                "the figure 11,000 is not in the quote; the quote has no figures",
            ),
        ];
        for (link, quote, message) in cases {
            let err = check(link, quote).unwrap_err();
            assert_eq!(err.message(), message);
        }
    }

    #[test]
    fn marks_cited_figures() {
        let quote = "recruiting 25,000–30,000 a month, a rate of 1,000—or 30,000 a month";
        let cited = extract("30,000 and 25,000-30,000");
        let marked: Vec<&str> = mark(quote, &cited).into_iter().map(|r| &quote[r]).collect();
        assert_eq!(marked, ["25,000–30,000", "30,000"]);
        assert!(mark(quote, &[]).is_empty());
    }

    proptest! {
        #[test]
        fn changing_a_digit_breaks_the_check(pick in 0usize..100, pos in 0usize..100, digit in 0u8..10) {
            let quote = "estimate that Russia is recruiting 25,000–30,000 new soldiers a month, \
                barely keeping pace with the reported daily casualty rate of 1,000—or 30,000 a month, \
                paying nearly $2,000 a month to 1.2 million troops";
            let figures = extract(quote);
            let figure = &figures[pick % figures.len()];
            prop_assert!(check(&figure.text, quote).is_ok());
            let digits: Vec<usize> = figure.text.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
            let at = digits[pos % digits.len()];
            let new = char::from(b'0' + digit);
            prop_assume!(!figure.text[at..].starts_with(new));
            let mut changed = figure.text.clone();
            changed.replace_range(at..at + 1, &new.to_string());
            let changed_values: Vec<Value> = extract(&changed).into_iter().map(|f| f.value).collect();
            prop_assume!(!figures.iter().any(|f| changed_values.contains(&f.value)));
            prop_assert!(check(&changed, quote).is_err(), "{} passed", changed);
        }

        #[test]
        fn extract_never_panics(s in any::<String>(), t in "[0-9a-z ,.%$€–—-]{0,30}") {
            for text in [&s, &t] {
                for f in extract(text) {
                    prop_assert_eq!(&text[f.range.clone()], &f.text);
                }
                let _ = check(text, &t);
                let _ = mark(text, &extract(&t));
            }
        }
    }
}
