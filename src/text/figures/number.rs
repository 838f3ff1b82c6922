//! Exact numbers: digit strings rather than floats, so that "11,000" never
//! passes for "1,100" and no input can overflow.

use std::fmt;

/// An exact decimal in canonical form, so that equal values compare equal
/// however they were written ("1.20" == "1.2", "1.2 million" ==
/// "1,200,000", "four" == "4", "−5" == "-5").
///
/// A fraction that has no finite decimal ("a third", "two-thirds") keeps its
/// denominator, so it equals only itself: "two-thirds" is not "67%".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    /// Below zero; never set for zero.
    negative: bool,
    /// All digits, without leading zeros ("0" for zero) and without trailing
    /// zeros after the decimal point.
    digits: Box<str>,
    /// How many of `digits` are after the decimal point.
    scale: usize,
    /// 1, or the denominator of a fraction that has no finite decimal
    /// (then `scale` is 0 and the fraction is in lowest terms).
    den: u32,
}

impl Number {
    /// From ASCII integer and fraction digits.
    pub(crate) fn decimal(int: &str, frac: &str) -> Self {
        let frac = frac.trim_end_matches('0');
        let digits = format!("{int}{frac}");
        let digits = digits.trim_start_matches('0');
        match digits {
            "" => Number::zero(),
            _ => Number {
                negative: false,
                digits: digits.into(),
                scale: frac.len(),
                den: 1,
            },
        }
    }

    fn zero() -> Self {
        Number {
            negative: false,
            digits: "0".into(),
            scale: 0,
            den: 1,
        }
    }

    /// A small whole number.
    pub(crate) fn integer(n: u128) -> Self {
        Number::decimal(&n.to_string(), "")
    }

    /// `num / den`: a decimal when the denominator has only the factors 2
    /// and 5, the reduced fraction otherwise.
    pub(crate) fn ratio(num: u32, den: u32) -> Self {
        if den == 0 {
            return Number::zero();
        }
        let g = gcd(num, den);
        let (num, den) = (num / g, den / g);
        let mut rest = den;
        let (mut twos, mut fives) = (0usize, 0usize);
        while rest % 2 == 0 {
            rest /= 2;
            twos += 1;
        }
        while rest % 5 == 0 {
            rest /= 5;
            fives += 1;
        }
        if rest != 1 {
            return Number {
                den,
                ..Number::integer(u128::from(num))
            };
        }
        // num/den = num * 10^k / den / 10^k with k = max(twos, fives).
        let k = twos.max(fives);
        let scaled = u128::from(num) * 10u128.pow(k as u32) / u128::from(den);
        Number::integer(scaled).shifted(-(k as i64))
    }

    /// Multiplied by `10^zeros` (negative to divide); a fraction is kept.
    pub(crate) fn shifted(&self, zeros: i64) -> Self {
        if self.den != 1 || self.digits.as_ref() == "0" {
            return self.clone();
        }
        let (int, frac) = self.split();
        let moved = if zeros >= 0 {
            let zeros = zeros as usize;
            let moved = zeros.min(frac.len());
            let (shifted, frac) = frac.split_at(moved);
            Number::decimal(
                &format!("{int}{shifted}{}", "0".repeat(zeros - moved)),
                frac,
            )
        } else {
            let zeros = zeros.unsigned_abs() as usize;
            let padded = format!("{}{int}", "0".repeat(zeros));
            let (int, moved) = padded.split_at(padded.len() - zeros);
            Number::decimal(int, &format!("{moved}{frac}"))
        };
        Number {
            negative: self.negative,
            ..moved
        }
    }

    /// Multiplied by a small whole number ("two dozen", "half a million");
    /// None for a fraction without a finite decimal.
    pub(crate) fn times(&self, factor: u32) -> Option<Self> {
        if self.den != 1 {
            return None;
        }
        let mut out: Vec<u8> = Vec::with_capacity(self.digits.len() + 10);
        let mut carry = 0u64;
        for d in self.digits.bytes().rev() {
            let v = u64::from(d.wrapping_sub(b'0')) * u64::from(factor) + carry;
            out.push(b'0' + (v % 10) as u8);
            carry = v / 10;
        }
        while carry > 0 {
            out.push(b'0' + (carry % 10) as u8);
            carry /= 10;
        }
        out.reverse();
        let all = String::from_utf8(out).ok()?;
        let (int, frac) = all.split_at(all.len().saturating_sub(self.scale));
        let n = Number::decimal(if int.is_empty() { "0" } else { int }, frac);
        Some(if self.negative { n.negated() } else { n })
    }

    /// The same magnitude below zero.
    pub(crate) fn negated(&self) -> Self {
        Number {
            negative: self.digits.as_ref() != "0",
            ..self.clone()
        }
    }

    /// Integer and fraction digits ("0.05" gives "0" and "05").
    fn split(&self) -> (String, String) {
        let padded = format!("{:0>width$}", self.digits, width = self.scale + 1);
        let (int, frac) = padded.split_at(padded.len() - self.scale);
        (int.to_owned(), frac.to_owned())
    }

    /// The value as an integer, if it is a small whole number (to recognise
    /// days, years and scores).
    pub(crate) fn small_integer(&self) -> Option<u32> {
        (self.scale == 0 && self.den == 1 && !self.negative)
            .then(|| self.digits.parse().ok())
            .flatten()
    }

    /// The exact value as numerator and denominator, for arithmetic; None
    /// if it does not fit.
    pub fn ratio_parts(&self) -> Option<(i128, i128)> {
        let num: i128 = self.digits.parse().ok()?;
        let num = if self.negative { -num } else { num };
        let den = 10i128
            .checked_pow(u32::try_from(self.scale).ok()?)?
            .checked_mul(i128::from(self.den))?;
        Some((num, den))
    }

    /// The nearest float, for drawing.
    pub fn approximate(&self) -> f64 {
        let (int, frac) = self.split();
        let v: f64 = format!("{int}.{frac}0").parse().unwrap_or(0.0);
        let v = v / f64::from(self.den);
        if self.negative { -v } else { v }
    }

    /// With thousands separators, as a reader would write it: "1,200,000",
    /// "-2.5", "2/3".
    pub(crate) fn grouped(&self) -> String {
        let sign = if self.negative { "-" } else { "" };
        let (int, frac) = self.split();
        let mut out = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        match (frac.is_empty(), self.den) {
            (_, den) if den != 1 => format!("{sign}{out}/{den}"),
            (true, _) => format!("{sign}{out}"),
            (false, _) => format!("{sign}{out}.{frac}"),
        }
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
}

/// Plain digits with an optional sign and decimal point (`1200000`, `-2.5`,
/// `0.05`), or a fraction `2/3`.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        match self.split() {
            (int, _) if self.den != 1 => write!(f, "{int}/{}", self.den),
            (int, frac) if frac.is_empty() => f.write_str(&int),
            (int, frac) => write!(f, "{int}.{frac}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(Number::decimal("007", "50"), Number::decimal("7", "5"));
        assert_eq!(Number::decimal("1", "2").shifted(6).to_string(), "1200000");
        assert_eq!(Number::decimal("15", "").shifted(-3).to_string(), "0.015");
        assert_eq!(Number::ratio(1, 2).to_string(), "0.5");
        assert_eq!(Number::ratio(3, 4).to_string(), "0.75");
        assert_eq!(Number::ratio(2, 3).to_string(), "2/3");
        assert_eq!(Number::ratio(2, 6), Number::ratio(1, 3));
        assert_eq!(
            Number::integer(2)
                .times(12)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            "24"
        );
        assert_eq!(
            Number::ratio(1, 2)
                .times(1_000_000)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            "500000"
        );
        assert_eq!(Number::decimal("5", "").negated().to_string(), "-5");
        assert_eq!(Number::zero().negated(), Number::zero());
        assert_eq!(Number::decimal("1234567", "25").grouped(), "1,234,567.25");
        assert_eq!(Number::ratio(2, 3).ratio_parts(), Some((2, 3)));
        assert_eq!(
            Number::decimal("2", "5").negated().ratio_parts(),
            Some((-25, 10))
        );
        assert!((Number::ratio(1, 3).approximate() - 0.3333).abs() < 0.001);
    }
}
