//! Decimal digits of every script, read as their values: a figure typed
//! with Arabic-Indic (٣), Devanagari (३) or full-width (３) digits is the
//! same figure as one typed with ASCII digits.

/// The first code point (digit zero) of every run of ten decimal digits in
/// Unicode (general category Nd), in order.
const ZEROS: &[u32] = &[
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// A decimal digit of any script: its script's zero and its value.
pub(super) fn digit(c: char) -> Option<(u32, u8)> {
    if c.is_ascii() {
        return c.is_ascii_digit().then(|| (0x30, c as u8 - b'0'));
    }
    let code = u32::from(c);
    let at = ZEROS.partition_point(|z| *z <= code).checked_sub(1)?;
    let zero = *ZEROS.get(at)?;
    let value = code - zero;
    (value < 10).then_some((zero, value as u8))
}

/// The value of a superscript digit, for exponents ("10⁹").
pub(super) fn superscript(c: char) -> Option<u8> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u8 - 0x74 + 4),
        _ => None,
    }
}

/// Group and decimal separators a script's numbers may use besides `,` and
/// `.`: Arabic's own (٬ and ٫) and full-width ones.
pub(super) fn is_group_separator(c: char, zero: u32) -> bool {
    c == ',' || (zero == 0x0660 || zero == 0x06F0) && c == '٬' || zero == 0xFF10 && c == '，'
}

pub(super) fn is_decimal_point(c: char, zero: u32) -> bool {
    c == '.' || (zero == 0x0660 || zero == 0x06F0) && c == '٫' || zero == 0xFF10 && c == '．'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_reads_as_its_value() {
        for (c, v) in [
            ('7', 7),
            ('٧', 7),
            ('۷', 7),
            ('७', 7),
            ('７', 7),
            ('০', 0),
            ('๙', 9),
        ] {
            assert_eq!(digit(c).map(|d| d.1), Some(v), "{c}");
        }
        for c in ['a', '٪', '½', '²', ' '] {
            assert_eq!(digit(c), None, "{c}");
        }
        let exps: Vec<Option<u8>> = "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().map(superscript).collect();
        assert_eq!(exps, (0..10).map(Some).collect::<Vec<_>>());
    }
}
