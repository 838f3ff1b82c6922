//! Numbers written in words: "four", "twenty-one", "three hundred",
//! "two million", "a dozen", "half a million", "two-thirds".
//!
//! Words that are numbers only in form are left alone: "one" in "one of
//! the", "no one", "this one", "a one-off", "at one point"; ordinals ("third quarter");
//! "a third" unless it is "a third of"; vague plurals ("dozens",
//! "hundreds", "thousands of", "millions") state no value and are not
//! figures.

use super::context::Cx;
use super::number::Number;

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Scale words and their powers of ten; shared with numerals ("2 million").
pub(super) const SCALES: [(&str, i64); 7] = [
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("trillion", 12),
    ("lakh", 5),
    ("crore", 7),
    ("lakhs", 5),
];

/// Denominators in words: singular, plural, value.
const DENOMINATORS: [(&str, &str, u32); 9] = [
    ("half", "halves", 2),
    ("third", "thirds", 3),
    ("quarter", "quarters", 4),
    ("fourth", "fourths", 4),
    ("fifth", "fifths", 5),
    ("sixth", "sixths", 6),
    ("eighth", "eighths", 8),
    ("ninth", "ninths", 9),
    ("tenth", "tenths", 10),
];

/// Words before "one" that make it a pronoun or a determiner's head.
const ONE_AFTER: [&str; 13] = [
    "no", "any", "every", "each", "the", "this", "that", "which", "another", "such", "someone",
    "anyone", "everyone",
];
/// Words after "one" that make it a pronoun ("one of the", "one another").
const ONE_BEFORE: [&str; 2] = ["of", "another"];
/// Compounds "one-X" that are no count ("a one-off", "one-sided").
const ONE_COMPOUNDS: [&str; 8] = ["off", "time", "sided", "on", "way", "liner", "stop", "size"];
/// Units after "a quarter" or "a half" that make it an amount ("a quarter
/// mile", "a half hour", "a quarter point").
const MEASURES: [&str; 10] = [
    "mile", "point", "hour", "inch", "pound", "century", "million", "billion", "percent", "cup",
];
/// Multipliers in one word: "fourfold", "tenfold".
const FOLD: &str = "fold";

/// Words after "half" that make it a share ("half of", "half the").
const HALF_OF: [&str; 12] = [
    "of", "the", "a", "an", "its", "their", "his", "her", "our", "all", "those", "these",
];

/// A number in words starting at token `i`.
#[derive(Debug, Clone)]
pub(super) struct Words {
    pub value: Number,
    /// The value before its last scale word ("two" of "two million"), and
    /// that scale's power of ten, so a range can lend it to its first end.
    pub raw: Number,
    pub zeros: i64,
    /// The token after the number.
    pub next: usize,
}

fn unit(w: &str) -> Option<u128> {
    UNITS.iter().position(|u| *u == w).map(|v| v as u128)
}

fn tens(w: &str) -> Option<u128> {
    TENS.iter()
        .position(|u| *u == w)
        .map(|v| 20 + 10 * v as u128)
}

fn scale(w: &str) -> Option<i64> {
    SCALES.iter().find(|(s, _)| *s == w).map(|(_, z)| *z)
}

fn denominator(w: &str) -> Option<(u32, bool)> {
    DENOMINATORS.iter().find_map(|(one, many, d)| {
        if *one == w {
            Some((*d, false))
        } else if *many == w {
            Some((*d, true))
        } else {
            None
        }
    })
}

/// The token after `i` if it is a hyphen glued on both sides.
fn hyphen_after(cx: &Cx, i: usize) -> Option<usize> {
    (cx.sym_is(i + 1, &['-', '‐', '‑']) && cx.glued(i + 1) && cx.glued(i + 2)).then_some(i + 2)
}

/// Whether a word can begin a number, to skip the others at once.
pub(super) fn may_start(w: &str) -> bool {
    matches!(w, "a" | "an" | "half" | "minus")
        || unit(w).is_some()
        || tens(w).is_some()
        || w.ends_with(FOLD)
}

pub(super) fn read(cx: &Cx, i: usize) -> Option<Words> {
    let w = cx.word(i)?;
    if w == "a" || w == "an" {
        return article(cx, i);
    }
    if w == "half" {
        return half(cx, i);
    }
    if let Some(times) = w
        .strip_suffix(FOLD)
        .and_then(|n| unit(n).or_else(|| tens(n)))
    {
        let value = Number::integer(times);
        return Some(Words {
            raw: value.clone(),
            value,
            zeros: 0,
            next: i + 1,
        });
    }
    let (value, next, raw, zeros) = cardinal(cx, i)?;
    if let Some(f) = fraction(cx, i, &value, next) {
        return Some(f);
    }
    // "two and a half": a whole number and a half.
    if zeros == 0
        && cx.word_is(next, &["and"])
        && cx.word_is(next + 1, &["a"])
        && cx.word_is(next + 2, &["half"])
        && let Some(whole) = value.small_integer()
    {
        let value = Number::decimal(&whole.to_string(), "5");
        return Some(Words {
            raw: value.clone(),
            value,
            zeros: 0,
            next: next + 3,
        });
    }
    if w == "one" && next == i + 1 && !one_is_a_number(cx, i) {
        return None;
    }
    Some(Words {
        value,
        raw,
        zeros,
        next,
    })
}

/// "a dozen", "a hundred", "a million", "a third of".
fn article(cx: &Cx, i: usize) -> Option<Words> {
    let w = cx.word(i + 1)?;
    if w == "dozen" {
        let value = Number::integer(12);
        return Some(Words {
            raw: value.clone(),
            value,
            zeros: 0,
            next: i + 2,
        });
    }
    if w == "half" && cx.word_is(i + 2, &["dozen"]) {
        return None;
    }
    if let Some((d, false)) = denominator(&w) {
        // "a third of", "by a fifth", "a quarter mile"; not "a third term".
        let share = cx.word_is(i + 2, &["of"])
            || i.checked_sub(1).is_some_and(|p| cx.word_is(p, &["by"]))
            || d <= 4 && cx.word_is(i + 2, &MEASURES);
        return share.then(|| {
            let value = Number::ratio(1, d);
            Words {
                raw: value.clone(),
                value,
                zeros: 0,
                next: i + 2,
            }
        });
    }
    if w == "hundred" || scale(&w).is_some() {
        let (value, next, raw, zeros) = cardinal_from(cx, i + 1, 1)?;
        return Some(Words {
            value,
            raw,
            zeros,
            next,
        });
    }
    None
}

/// "half a million", "half a dozen", "half of the budget", "half the
/// seats"; not "the first half" or "in half".
fn half(cx: &Cx, i: usize) -> Option<Words> {
    if cx.word_is(i + 1, &["a", "an"]) {
        let w = cx.word(i + 2)?;
        let factor = match w.as_ref() {
            "dozen" => Some(Number::integer(6)),
            "hundred" => Some(Number::integer(50)),
            _ => scale(&w).map(|z| Number::ratio(1, 2).shifted(z)),
        };
        if let Some(value) = factor {
            return Some(Words {
                raw: value.clone(),
                value,
                zeros: 0,
                next: i + 3,
            });
        }
    }
    let before = i
        .checked_sub(1)
        .is_some_and(|p| cx.word_is(p, &["first", "second", "the", "in", "latter", "other"]));
    (cx.word_is(i + 1, &HALF_OF) && !before && !cx.glued(i + 1)).then(|| {
        let value = Number::ratio(1, 2);
        Words {
            raw: value.clone(),
            value,
            zeros: 0,
            next: i + 1,
        }
    })
}

/// A numerator already read (ending before `next`) followed by a
/// denominator: "two-thirds", "three quarters", "one-fifth", "one third
/// of".
fn fraction(cx: &Cx, i: usize, numerator: &Number, next: usize) -> Option<Words> {
    let n = numerator.small_integer().filter(|n| (1..=9).contains(n))?;
    if next != i + 1 {
        return None;
    }
    let (at, hyphen) = match hyphen_after(cx, i) {
        Some(at) => (at, true),
        None => (i + 1, false),
    };
    let (d, plural) = denominator(&cx.word(at)?)?;
    let fits = if n == 1 {
        !plural && (hyphen || cx.word_is(at + 1, &["of"]))
    } else {
        plural
    };
    fits.then(|| {
        let value = Number::ratio(n, d);
        Words {
            raw: value.clone(),
            value,
            zeros: 0,
            next: at + 1,
        }
    })
}

/// Whether a lone "one" at `i` counts something.
fn one_is_a_number(cx: &Cx, i: usize) -> bool {
    let after_pronoun = i.checked_sub(1).is_some_and(|p| cx.word_is(p, &ONE_AFTER));
    let before_of = cx.word_is(i + 1, &ONE_BEFORE) && !cx.glued(i + 1);
    let compound = hyphen_after(cx, i).is_some_and(|at| cx.word_is(at, &ONE_COMPOUNDS));
    // "at one point", "at one time": when, not how many.
    let idiom = i.checked_sub(1).is_some_and(|p| cx.word_is(p, &["at"]))
        && cx.word_is(i + 1, &["point", "time", "stage"]);
    !(after_pronoun || before_of || compound || idiom)
}

/// Units, tens, "hundred" and scale words from `i`: value, next token,
/// the value before the last scale word and that scale.
fn cardinal(cx: &Cx, i: usize) -> Option<(Number, usize, Number, i64)> {
    cardinal_from(cx, i, 0)
}

/// "and" inside one number ("three hundred and five", "two thousand and ten"): after a
/// hundred or a scale word and before a unit or a tens word.
fn and_joins(cx: &Cx, j: usize) -> bool {
    let next_is_small = cx
        .word(j + 1)
        .is_some_and(|n| unit(&n).is_some() || tens(&n).is_some());
    let after_big = cx.word_is(
        j.saturating_sub(1),
        &["hundred", "thousand", "million", "billion"],
    );
    next_is_small && after_big
}

/// The same as [`cardinal`], with `current` already counted (1 for "a hundred").
fn cardinal_from(cx: &Cx, i: usize, start: u128) -> Option<(Number, usize, Number, i64)> {
    let mut total: u128 = 0;
    let mut current: u128 = start;
    let mut any = start > 0;
    let mut last_scale = i64::MAX;
    let mut last_raw: Option<(u128, i64)> = None;
    let mut j = i;
    let mut end = i;
    // Twenty-four words at most: enough for "nine hundred ninety-nine thousand nine
    // hundred ninety-nine", and a bound on the work.
    for _ in 0..24 {
        let Some(w) = cx.word(j) else { break };
        if let Some(u) = unit(&w) {
            let after_tens = current % 100 >= 20 && current.is_multiple_of(10) && u < 10 && u > 0;
            if !current.is_multiple_of(100) && !after_tens {
                break;
            }
            current += u;
        } else if let Some(t) = tens(&w) {
            if !current.is_multiple_of(100) {
                break;
            }
            current += t;
        } else if w == "hundred" {
            if !(1..=99).contains(&current) {
                break;
            }
            current *= 100;
        } else if w == "dozen" {
            if !(1..=99).contains(&current) || current > 12 {
                break;
            }
            current *= 12;
        } else if let Some(z) = scale(&w) {
            if current == 0 || z >= last_scale {
                break;
            }
            last_raw = Some((current, z));
            total += current * 10u128.pow(z as u32);
            current = 0;
            last_scale = z;
        } else if w == "and" && any {
            if !and_joins(cx, j) {
                break;
            }
            j += 1;
            continue;
        } else {
            break;
        }
        any = true;
        j += 1;
        end = j;
        // "twenty-one": a hyphen glued between two number words.
        if hyphen_after(cx, j - 1).is_some() && tens(&w).is_some() {
            let next_unit = cx
                .word(j + 1)
                .and_then(|n| unit(&n))
                .filter(|u| (1..10).contains(u));
            if next_unit.is_some() {
                j += 1;
            }
        }
    }
    if !any {
        return None;
    }
    let value = Number::integer(total + current);
    let (raw, zeros) = match last_raw {
        Some((raw, z)) if current == 0 && total == raw * 10u128.pow(z as u32) => {
            (Number::integer(raw), z)
        }
        _ => (value.clone(), 0),
    };
    Some((value, end, raw, zeros))
}
