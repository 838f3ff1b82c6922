//! Numbers in prose, with exact values, so a link's figure can be checked
//! against the quote that is supposed to back it, and a number in prose
//! that no citation backs can be flagged.
//!
//! One extractor serves link text, quotes, chart values, derived-figure
//! inputs, the uncited-figure lint and the panel's highlighting. It reads
//! numbers as newsrooms write them:
//! - digits of any script ([`digits`]), with Western ("1,200,000") or
//!   Indian ("1,00,000") grouping, decimals and scientific notation
//!   ("1e9", "1.5×10⁹") ([`scan`]);
//! - numbers in words ("four", "twenty-one", "two million", "a dozen",
//!   "half a million", "two-thirds") ([`words`]);
//! - a sign ("-5", "−5", "minus 5"), a currency before, a scale word or
//!   abbreviation after ("$850k", "1.2M", "$3bn"), "%", "percent" or "per
//!   cent" ([`amount`]);
//! - ranges as written ("2 to 3 percent", "$1–2 million", "between 5 and
//!   10"), but "from X to Y" after a verb of change is two figures
//!   ([`read`]);
//! - Roman numerals in ASCII capitals before a scale word, "%" or "percent"
//!   ("XCIX thousand"), where they state an amount ([`roman`]);
//! - times, dates, fiscal years, phone numbers, street numbers, tallies,
//!   labelled identifiers and versions are read but are not quantities
//!   ([`not_figures`]).
//!
//! Values are compared exactly (canonical decimal digits, never floats):
//! "11,000" must not pass for "1,100", nor "1.2 million" for "12 million".

mod amount;
mod context;
mod describe;
mod digits;
mod not_figures;
mod number;
mod read;
mod roman;
mod scan;
mod words;

use std::ops::Range;

pub use number::Number;
pub(crate) use roman::unread as unread_roman;

/// A single number or a range; a range never equals a single number, since
/// "25,000–30,000" and "25,000" are different claims.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// One number.
    One(Number),
    /// Both ends of a range, as written (low end first in practice).
    Range(Number, Number),
}

impl Value {
    /// The value in plain digits, as the panel shows it: "11000", "2–3".
    pub(crate) fn digits(&self) -> String {
        match self {
            Value::One(n) => n.to_string(),
            Value::Range(a, b) => format!("{a}–{b}"),
        }
    }
}

/// What a number is doing in the sentence. Only quantities are figures in
/// prose; the link check compares numbers of every kind, but a quantity
/// never matches a time, a phone number or a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// An amount, count, share or measurement.
    Quantity,
    /// A bare four-digit year 1000–2199, a decade ("1950s", "'90s") or a
    /// fiscal or season year ("2026-27", "fiscal 2026").
    Year,
    /// "1st", "2nd", "21st"…
    Ordinal,
    /// A day next to a month name ("March 6", "6 March", "March 6-8") or a
    /// numeric date ("11/30/2026", "2026-11-30").
    Date,
    /// A clock time: "7:30 p.m.", "19:00", "7 a.m.".
    Time,
    /// "555-0142", "(212) 555-0142".
    Phone,
    /// A house number before a street: "100 Main St.".
    Address,
    /// A vote or a score: "7-2", "24-17".
    Tally,
    /// An identifier after a label word: "Route 9", "Room 204", "No. 5".
    Label,
    /// "1.2.3".
    Version,
}

impl FigureKind {
    /// Quantities, years and ordinals are all plain numbers, and may stand
    /// for each other ("1950 troops" has a year's shape); other kinds only
    /// match their own kind.
    fn matches(self, other: FigureKind) -> bool {
        let numeric = |k| {
            matches!(
                k,
                FigureKind::Quantity | FigureKind::Year | FigureKind::Ordinal
            )
        };
        self == other || numeric(self) && numeric(other)
    }
}

/// A number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// As written, e.g. "$2,000", "25,000–30,000", "1.2 million", "four
    /// percent", "170-millimeter".
    pub text: String,
    /// Byte range of `text` in the input.
    pub range: Range<usize>,
    /// The exact value (scale words applied, sign kept).
    pub value: Value,
    /// The currency symbol written before the number.
    pub currency: Option<char>,
    /// Written with `%`, "percent" or "per cent".
    pub percent: bool,
    /// How the number is used.
    pub kind: FigureKind,
}

impl Figure {
    /// Whether this figure of a quote backs `wanted`, a figure of a link:
    /// same value and compatible kind, and the same currency and percent
    /// sign where the link has them.
    pub(crate) fn backs(&self, wanted: &Figure) -> bool {
        self.value == wanted.value
            && self.kind.matches(wanted.kind)
            && (wanted.currency.is_none() || self.currency == wanted.currency)
            && (!wanted.percent || self.percent)
    }
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
    /// A one-line explanation for the author, saying what was read on both
    /// sides, e.g. `the figure "four percent" (4%) is not in the quote; the
    /// quote has "2 to 3 percent" (2%–3%)`.
    pub fn message(&self) -> String {
        describe::mismatch(&self.figure, &self.in_quote)
    }
}

/// Every number in `text`, in order, with its kind.
pub fn extract(text: &str) -> Vec<Figure> {
    read::extract(text)
}

/// Checks that every number of `link_text` (any kind) is in `quote` with
/// the same value, and the same currency and percent sign where the link
/// has them. Returns the link's figures; none means a plain claim.
pub fn check(link_text: &str, quote: &str) -> Result<Vec<Figure>, FigureMismatch> {
    check_read(link_text, &extract(quote))
}

/// [`check`] against the quote's figures already read: a quote cited by many pages is read
/// once, not once per citing place.
pub(crate) fn check_read(
    link_text: &str,
    in_quote: &[Figure],
) -> Result<Vec<Figure>, FigureMismatch> {
    let link = extract(link_text);
    match link.iter().find(|f| !in_quote.iter().any(|q| q.backs(f))) {
        Some(figure) => Err(FigureMismatch {
            figure: figure.clone(),
            in_quote: in_quote.to_vec(),
        }),
        None => Ok(link),
    }
}

/// Byte ranges in `quote` of its figures whose value is one of `figures`'
/// values, so the cited numbers can be highlighted.
pub fn mark(quote: &str, figures: &[Figure]) -> Vec<Range<usize>> {
    mark_among(&extract(quote), figures)
}

/// Where `figures` are in `text`, in order and not overlapping, as byte ranges: what a reader
/// sees marked.
pub(crate) fn marks_in(text: &str, figures: &[Figure]) -> Vec<Range<usize>> {
    in_order(mark(text, figures), text.len())
}

/// [`marks_in`] among the figures of a text of `len` bytes already read.
pub(crate) fn marks_among(in_text: &[Figure], len: usize, figures: &[Figure]) -> Vec<Range<usize>> {
    in_order(mark_among(in_text, figures), len)
}

/// `ranges` in order, without overlaps or ranges past `len`.
fn in_order(mut ranges: Vec<Range<usize>>, len: usize) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > len {
            continue;
        }
        at = r.end;
        kept.push(r);
    }
    kept
}

/// [`mark`] among a quote's figures already read.
fn mark_among(in_quote: &[Figure], figures: &[Figure]) -> Vec<Range<usize>> {
    in_quote
        .iter()
        .filter(|q| {
            figures
                .iter()
                .any(|f| f.value == q.value && f.kind.matches(q.kind))
        })
        .map(|q| q.range.clone())
        .collect()
}

#[cfg(test)]
mod tests;
