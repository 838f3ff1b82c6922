//! One amount: an optional sign and currency, a numeral or number words, an
//! optional scale ("million", "k", "bn") and percent sign, and a unit glued
//! on ("10km", "170-millimeter").

use super::context::Cx;
use super::number::Number;
use super::words::{self, SCALES};

/// Currency symbols read before an amount.
pub(super) const CURRENCIES: [char; 6] = ['$', '€', '£', '¥', '₹', '₩'];
const SIGNS: [char; 2] = ['-', '−'];
const HYPHENS: [char; 3] = ['-', '‐', '‑'];
const PERCENT_SIGNS: [char; 3] = ['%', '％', '٪'];

/// Scale abbreviations glued to a numeral, and their powers of ten; the
/// lower-case "m" and "b" only after a currency ("$1.2m"), since "5m" is
/// more often five metres.
const ABBREVIATIONS: [(&str, i64, bool); 11] = [
    ("k", 3, false),
    ("K", 3, false),
    ("M", 6, false),
    ("mn", 6, false),
    ("mln", 6, false),
    ("m", 6, true),
    ("bn", 9, false),
    ("B", 9, false),
    ("b", 9, true),
    ("tn", 12, false),
    ("T", 12, true),
];

#[derive(Debug, Clone)]
pub(super) struct Amount {
    /// Byte range, from the sign or currency to the unit.
    pub start: usize,
    pub end: usize,
    /// The first token and the token after the amount.
    pub first: usize,
    pub next: usize,
    /// The token of the numeral or the first number word.
    pub number_at: usize,
    pub value: Number,
    /// The value before a scale, and the scale's power of ten (0 if none).
    pub raw: Number,
    pub zeros: i64,
    pub currency: Option<char>,
    pub percent: bool,
    /// Written as bare digits: no sign, currency, separator, scale or
    /// percent, nor a hyphenated unit.
    pub bare: bool,
    pub in_words: bool,
    /// Letters glued on ("st" of "21st", "s" of "1990s").
    pub suffix: String,
}

/// The amount starting at token `i`, if any.
/// A minus sign glued to the number or its currency ("-5", "−$3"), not one that joins two
/// words or numbers ("7-2"), or the word "minus" before a number.
fn negative_at(cx: &Cx, j: usize) -> bool {
    let sign_glued = cx.sym_is(j, &SIGNS)
        && cx.glued(j + 1)
        && (j == 0 || !cx.glued(j) || cx.sym_is(j - 1, &['(', '[', '"', '“', '\'', '‘', '/']))
        && (cx.num(j + 1).is_some() || cx.sym_is(j + 1, &CURRENCIES) && cx.glued(j + 2));
    sign_glued
        || cx.word_is(j, &["minus"])
            && (cx.num(j + 1).is_some() || words::read(cx, j + 1).is_some())
}

pub(super) fn read(cx: &Cx, i: usize) -> Option<Amount> {
    let negative = negative_at(cx, i);
    let mut j = if negative { i + 1 } else { i };
    let mut currency = None;
    if let Some(c) = cx.sym(j).filter(|c| CURRENCIES.contains(c))
        && cx.glued(j + 1)
        && cx.num(j + 1).is_some()
    {
        currency = Some(c);
        j += 1;
    }
    let number_at = j;
    let (mut value, mut next, plain) = match cx.num(j) {
        Some(n) => (n.value.clone(), j + 1, n.plain),
        None if currency.is_none() => {
            let w = words::read(cx, j)?;
            return finish(
                cx,
                i,
                w.next,
                j,
                (w.value, w.raw, w.zeros),
                negative,
                None,
                true,
                false,
            );
        }
        None => return None,
    };
    let mut raw = value.clone();
    let mut zeros = 0;
    // A scale abbreviation glued on ("$850k", "1.2M") or a scale word
    // after a space ("2.5 million", "2 dozen").
    if cx.glued(next) {
        let w = cx.raw(next);
        if let Some((_, z, _)) = ABBREVIATIONS
            .iter()
            .find(|(a, _, needs)| *a == w && (!needs || currency.is_some()))
            .filter(|_| cx.tok(next).is_some_and(|t| t.is_word()))
        {
            zeros = *z;
            value = value.shifted(*z);
            next += 1;
        }
    } else if let Some(w) = cx.word(next) {
        if let Some((_, z)) = SCALES.iter().find(|(s, _)| *s == w) {
            zeros = *z;
            value = value.shifted(*z);
            next += 1;
        } else if w == "dozen"
            && let Some(v) = value.times(12)
        {
            value = v;
            next += 1;
        }
    }
    if zeros == 0 {
        raw = value.clone();
    }
    finish(
        cx,
        i,
        next,
        number_at,
        (value, raw, zeros),
        negative,
        currency,
        false,
        plain,
    )
}

#[allow(clippy::too_many_arguments)]
fn finish(
    cx: &Cx,
    first: usize,
    mut next: usize,
    number_at: usize,
    (value, raw, zeros): (Number, Number, i64),
    negative: bool,
    currency: Option<char>,
    in_words: bool,
    plain: bool,
) -> Option<Amount> {
    let scaled = next > number_at + 1 && !in_words;
    let mut percent = false;
    let sign = cx.sym_is(next, &PERCENT_SIGNS) && cx.space_before(next).is_some_and(|s| s <= 1);
    let word = !cx.glued(next) && cx.word_is(next, &["percent", "pct"]);
    if sign || word {
        percent = true;
        next += 1;
    } else if !cx.glued(next) && cx.word_is(next, &["per"]) && cx.word_is(next + 1, &["cent"]) {
        percent = true;
        next += 2;
    }
    let mut suffix = String::new();
    let mut hyphenated = false;
    if !percent && !scaled {
        if cx.glued(next) && cx.tok(next).is_some_and(|t| t.is_word()) && !in_words {
            suffix = cx.raw(next).to_string();
            next += 1;
        } else if cx.sym_is(next, &HYPHENS)
            && cx.glued(next)
            && cx.glued(next + 1)
            && cx.tok(next + 1).is_some_and(|t| t.is_word())
        {
            hyphenated = true;
            next += 2;
        }
    }
    let value = if negative { value.negated() } else { value };
    let raw = if negative { raw.negated() } else { raw };
    let start = cx.start(first);
    let end = cx.end_before(next);
    Some(Amount {
        start,
        end,
        first,
        next,
        number_at,
        value,
        raw,
        zeros,
        currency,
        percent,
        bare: plain && !negative && !scaled && !percent && currency.is_none() && !hyphenated,
        in_words,
        suffix,
    })
}
