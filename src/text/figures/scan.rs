//! Splits text into the pieces numbers are read from: numerals (digits of
//! one script, with their separators, decimals and exponent), words, names
//! with digits in them ("F16", "COVID-19") and single symbols.

use super::digits::{digit, is_decimal_point, is_group_separator, superscript};
use super::number::Number;

/// Exponents beyond this are not read as exponents ("1e99999" would be a
/// number of 99,999 digits).
const MAX_EXPONENT: i64 = 400;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// Boxed: most tokens are words, and they stay small.
    Num(Box<Numeral>),
    /// Digits glued to a letter on the left: part of a name.
    Name,
    Word,
    Sym(char),
}

/// A numeral as written: its value and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Numeral {
    pub value: Number,
    /// Integer digits as ASCII, without group separators.
    pub int: String,
    /// Every digit as written (integer, fraction, exponent), as ASCII.
    pub all: String,
    /// Digits only: no group separator, decimal point or exponent.
    pub plain: bool,
    /// Has a decimal point.
    pub decimal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn num(&self) -> Option<&Numeral> {
        match &self.kind {
            Kind::Num(n) => Some(n.as_ref()),
            _ => None,
        }
    }

    pub fn sym(&self) -> Option<char> {
        match self.kind {
            Kind::Sym(c) => Some(c),
            _ => None,
        }
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

/// The tokens of `text`, in order.
pub(super) fn tokens(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
        } else if let Some((zero, _)) = digit(c) {
            if glued_left(text, i) {
                let end = skip_name(text, i);
                out.push(Tok {
                    kind: Kind::Name,
                    start: i,
                    end,
                });
                i = end;
            } else {
                let (numeral, end) = numeral(text, i, zero);
                out.push(Tok {
                    kind: Kind::Num(Box::new(numeral)),
                    start: i,
                    end,
                });
                i = end;
            }
        } else if c.is_alphabetic() {
            let end = text[i..]
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(text.len(), |(j, _)| i + j);
            let kind = match super::roman::amount_at(text, i, end) {
                Some(n) => Kind::Num(Box::new(Numeral {
                    value: Number::integer(u128::from(n)),
                    int: n.to_string(),
                    all: n.to_string(),
                    plain: true,
                    decimal: false,
                })),
                None => Kind::Word,
            };
            out.push(Tok {
                kind,
                start: i,
                end,
            });
            i = end;
        } else {
            out.push(Tok {
                kind: Kind::Sym(c),
                start: i,
                end: i + len,
            });
            i += len;
        }
    }
    out
}

pub(super) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Digits right after a letter, possibly through a hyphen or a dot ("F16",
/// "B-52", "COVID-19", "v1.2"), belong to a name.
fn glued_left(text: &str, i: usize) -> bool {
    match char_before(text, i) {
        Some(c) if c.is_alphabetic() => true,
        Some(c) if matches!(c, '.' | '-' | '‐' | '‑') => {
            char_before(text, i - c.len_utf8()).is_some_and(char::is_alphabetic)
        }
        _ => false,
    }
}

/// The end of a name's digits (and inner `,`/`.` between digits).
fn skip_name(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        let inner =
            matches!(c, ',' | '.') && char_at(text, i + 1).is_some_and(|d| digit(d).is_some());
        if digit(c).is_none() && !inner {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// The digits of script `zero` at `i`, as ASCII, and their end.
fn run(text: &str, i: usize, zero: u32) -> (String, usize) {
    let mut out = String::new();
    let mut end = i;
    for c in text.get(i..).unwrap_or("").chars() {
        match digit(c) {
            Some((z, v)) if z == zero => {
                out.push(char::from(b'0' + v));
                end += c.len_utf8();
            }
            _ => break,
        }
    }
    (out, end)
}

/// A separator of script `zero` at `i` followed by a run of 2 or 3 digits.
fn group_at(text: &str, i: usize, zero: u32) -> Option<(String, usize)> {
    let sep = char_at(text, i).filter(|c| is_group_separator(*c, zero))?;
    let (digits, end) = run(text, i + sep.len_utf8(), zero);
    (digits.len() == 2 || digits.len() == 3).then_some((digits, end))
}

/// Western grouping (1,234,567) or Indian grouping (12,34,567: groups of
/// two, then a last group of three).
fn valid_grouping(first: usize, groups: &[String]) -> bool {
    let western = (1..=3).contains(&first) && groups.iter().all(|g| g.len() == 3);
    let indian = (1..=2).contains(&first)
        && groups.len() >= 2
        && groups.last().is_some_and(|g| g.len() == 3)
        && groups[..groups.len() - 1].iter().all(|g| g.len() == 2);
    western || indian
}

/// Reads the numeral whose first digit (of script `zero`) is at `i`.
fn numeral(text: &str, i: usize, zero: u32) -> (Numeral, usize) {
    let (mut int, mut end) = run(text, i, zero);
    let first = int.len();
    let mut groups: Vec<(String, usize)> = Vec::new();
    let mut at = end;
    while let Some((g, next)) = group_at(text, at, zero) {
        groups.push((g, next));
        at = next;
    }
    while !groups.is_empty() {
        let texts: Vec<String> = groups.iter().map(|(g, _)| g.clone()).collect();
        if valid_grouping(first, &texts) {
            break;
        }
        groups.pop();
    }
    let grouped = !groups.is_empty();
    for (g, next) in &groups {
        int.push_str(g);
        end = *next;
    }
    let mut frac = String::new();
    if let Some(point) = char_at(text, end).filter(|c| is_decimal_point(*c, zero)) {
        let (f, next) = run(text, end + point.len_utf8(), zero);
        if !f.is_empty() {
            frac = f;
            end = next;
        }
    }
    let decimal = !frac.is_empty();
    let mut value = Number::decimal(&int, &frac);
    let mut plain = !grouped && !decimal;
    let all = format!("{int}{frac}");
    if let Some((exp, next)) = exponent(text, end) {
        value = value.shifted(exp);
        end = next;
        plain = false;
    }
    (
        Numeral {
            value,
            int,
            all,
            plain,
            decimal,
        },
        end,
    )
}

/// Scientific notation after a mantissa ending at `i`: "e9", "E-3",
/// "×10⁹", " x 10^9".
fn exponent(text: &str, i: usize) -> Option<(i64, usize)> {
    let rest = text.get(i..)?;
    if let Some(after) = rest.strip_prefix(['e', 'E']) {
        let (negative, digits_at) = match after.chars().next() {
            Some('-' | '−') => (true, after.chars().next().map_or(1, char::len_utf8)),
            Some('+') => (false, 1),
            _ => (false, 0),
        };
        let digits: String = after
            .get(digits_at..)?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let end = i + 1 + digits_at + digits.len();
        let glued = char_at(text, end).is_some_and(char::is_alphanumeric);
        if digits.is_empty() || glued {
            return None;
        }
        return signed(&digits, negative).map(|e| (e, end));
    }
    let trimmed = rest.trim_start_matches(' ');
    let times = trimmed
        .chars()
        .next()
        .filter(|c| matches!(c, '×' | 'x' | 'X' | '*' | '·'))?;
    let after_times = trimmed.get(times.len_utf8()..)?;
    let after_times = after_times.trim_start_matches(' ');
    let after_ten = after_times.strip_prefix("10")?;
    let consumed = rest.len() - after_ten.len();
    if let Some(power) = after_ten.strip_prefix('^') {
        let (negative, power) = match power.strip_prefix(['-', '−']) {
            Some(p) => (true, p),
            None => (false, power),
        };
        let digits: String = power.chars().take_while(char::is_ascii_digit).collect();
        let end = i + (rest.len() - power.len()) + digits.len();
        return (!digits.is_empty())
            .then(|| signed(&digits, negative).map(|e| (e, end)))
            .flatten();
    }
    let (negative, sup) = match after_ten.strip_prefix('⁻') {
        Some(s) => (true, s),
        None => (false, after_ten),
    };
    let digits: String = sup
        .chars()
        .map_while(superscript)
        .map(|d| char::from(b'0' + d))
        .collect();
    let sup_bytes: usize = sup.chars().take(digits.len()).map(char::len_utf8).sum();
    let end = i + consumed + (after_ten.len() - sup.len()) + sup_bytes;
    (!digits.is_empty())
        .then(|| signed(&digits, negative).map(|e| (e, end)))
        .flatten()
}

fn signed(digits: &str, negative: bool) -> Option<i64> {
    let e: i64 = digits.parse().ok()?;
    (e <= MAX_EXPONENT).then_some(if negative { -e } else { e })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<String> {
        tokens(text)
            .iter()
            .filter_map(|t| t.num().map(|n| n.value.to_string()))
            .collect()
    }

    #[test]
    fn numerals() {
        assert_eq!(values("1,00,000 and 12,34,567"), ["100000", "1234567"]);
        assert_eq!(
            values("1,234,567 1,2 3234,567"),
            ["1234567", "1", "2", "3234", "567"]
        );
        assert_eq!(values("1e9 1.5E-3 2e"), ["1000000000", "0.0015", "2"]);
        assert_eq!(
            values("1.5×10⁹ 2 x 10^6 3·10⁻²"),
            ["1500000000", "2000000", "0.03"]
        );
        assert_eq!(
            values("٩٩٩ ９９９ ९९९ ۱۲٬۳۴۵٫۵"),
            ["999", "999", "999", "12345.5"]
        );
        assert_eq!(values("F16 COVID-19 v1.2"), Vec::<String>::new());
        assert_eq!(values("1e99999"), ["1"]);
    }
}
