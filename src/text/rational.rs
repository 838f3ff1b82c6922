//! Exact rational numbers for derived figures: a result is either exact or an error, never
//! rounded by floating point.

use std::fmt;

use crate::text::figures;

/// An exact rational number. `i128` holds any product of two figures of prose; an overflow is
/// reported rather than rounded, so a result is either exact or an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rational {
    num: i128,
    /// Always positive; `num / den` is in lowest terms.
    den: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Rational {
    /// `num / den` in lowest terms; None for a zero denominator or an overflow.
    pub fn new(num: i128, den: i128) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        let g = i128::try_from(gcd(num.unsigned_abs(), den.unsigned_abs())).ok()?;
        let (num, den) = (num / g, den / g);
        if den < 0 {
            Some(Rational {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            })
        } else {
            Some(Rational { num, den })
        }
    }

    pub fn integer(n: i128) -> Rational {
        Rational { num: n, den: 1 }
    }

    pub fn from_number(n: &figures::Number) -> Option<Rational> {
        let (num, den) = n.ratio_parts()?;
        Rational::new(num, den)
    }

    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    pub fn checked_add(self, other: Rational) -> Option<Rational> {
        let g = i128::try_from(gcd(self.den.unsigned_abs(), other.den.unsigned_abs())).ok()?;
        let den = (self.den / g).checked_mul(other.den)?;
        let a = self.num.checked_mul(other.den / g)?;
        let b = other.num.checked_mul(self.den / g)?;
        Rational::new(a.checked_add(b)?, den)
    }

    pub fn checked_sub(self, other: Rational) -> Option<Rational> {
        self.checked_add(Rational {
            num: other.num.checked_neg()?,
            den: other.den,
        })
    }

    pub fn checked_mul(self, other: Rational) -> Option<Rational> {
        // Cross-cancel first so that products of large figures stay in range.
        let a = Rational::new(self.num, other.den)?;
        let b = Rational::new(other.num, self.den)?;
        Rational::new(a.num.checked_mul(b.num)?, a.den.checked_mul(b.den)?)
    }

    /// None for division by zero or an overflow.
    pub fn checked_div(self, other: Rational) -> Option<Rational> {
        if other.num == 0 {
            return None;
        }
        self.checked_mul(Rational::new(other.den, other.num)?)
    }

    pub fn abs(self) -> Rational {
        Rational {
            num: self.num.checked_abs().unwrap_or(i128::MAX),
            den: self.den,
        }
    }

    /// The nearest multiple of `step`, halves away from zero (2.5 → 3, −2.5 → −3), the rule
    /// newsrooms use; None if `step` is zero or the numbers overflow.
    pub fn round_to(self, step: Rational) -> Option<Rational> {
        let q = self.checked_div(step)?;
        let floor = q.num.div_euclid(q.den);
        let twice_rem = q.num.rem_euclid(q.den).checked_mul(2)?;
        let n = if twice_rem > q.den || (twice_rem == q.den && q.num >= 0) {
            floor.checked_add(1)?
        } else {
            floor
        };
        Rational::integer(n).checked_mul(step)
    }

    /// Whether the decimal expansion ends (the denominator has no prime factor but 2 and 5).
    pub fn is_terminating(&self) -> bool {
        let mut d = self.den;
        for p in [2, 5] {
            while d % p == 0 {
                d /= p;
            }
        }
        d == 1
    }
}

/// With thousands separators; exact when the expansion ends, otherwise six decimals and `…`.
impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let num = self.num.unsigned_abs();
        let den = self.den.unsigned_abs();
        let digits = (num / den).to_string();
        let mut int = String::with_capacity(digits.len() * 4 / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                int.push(',');
            }
            int.push(c);
        }
        let mut frac = String::new();
        let mut rem = num % den;
        let limit = if self.is_terminating() { 200 } else { 6 };
        while rem != 0 && frac.len() < limit {
            let Some(r) = rem.checked_mul(10) else { break };
            frac.push(char::from(b'0' + u8::try_from(r / den).unwrap_or(0)));
            rem = r % den;
        }
        let sign = if self.num < 0 { "−" } else { "" };
        let more = if rem != 0 { "…" } else { "" };
        if frac.is_empty() {
            write!(f, "{sign}{int}{more}")
        } else {
            write!(f, "{sign}{int}.{frac}{more}")
        }
    }
}
