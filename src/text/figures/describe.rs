//! Saying what was read: a figure as written and, when that differs, its
//! value in one canonical form ("four percent" is 4%, "$1–2 million" is
//! $1,000,000–$2,000,000).

use super::number::Number;
use super::{Figure, FigureKind, Value};

fn one(n: &Number, currency: Option<char>, percent: bool) -> String {
    let grouped = n.grouped();
    let (sign, digits) = match grouped.strip_prefix('-') {
        Some(rest) => ("-", rest.to_string()),
        None => ("", grouped),
    };
    let currency = currency.map(String::from).unwrap_or_default();
    let percent = if percent { "%" } else { "" };
    format!("{sign}{currency}{digits}{percent}")
}

/// The value in canonical form: "4%", "$2,000", "2%–3%", "-5".
fn canonical(f: &Figure) -> String {
    match &f.value {
        Value::One(n) => one(n, f.currency, f.percent),
        Value::Range(a, b) => format!(
            "{}–{}",
            one(a, f.currency, f.percent),
            one(b, f.currency, f.percent)
        ),
    }
}

fn kind_name(kind: FigureKind) -> Option<&'static str> {
    match kind {
        // Years and ordinals read as written ("2024", "21st").
        FigureKind::Quantity | FigureKind::Year | FigureKind::Ordinal => None,
        FigureKind::Date => Some("a date"),
        FigureKind::Time => Some("a clock time"),
        FigureKind::Phone => Some("a phone number"),
        FigureKind::Address => Some("a street number"),
        FigureKind::Tally => Some("a tally or score"),
        FigureKind::Label => Some("an identifier"),
        FigureKind::Version => Some("a version"),
    }
}

/// `"four percent" (4%)`, `"7:30 p.m." (a clock time)`, or `11,000`.
pub(super) fn figure(f: &Figure) -> String {
    if let Some(kind) = kind_name(f.kind) {
        return format!("\"{}\" ({kind})", f.text);
    }
    let canonical = canonical(f);
    if canonical == f.text || f.kind != FigureKind::Quantity {
        f.text.clone()
    } else {
        format!("\"{}\" ({canonical})", f.text)
    }
}

fn list(figs: &[&Figure]) -> String {
    figs.iter()
        .map(|f| figure(f))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn mismatch(wanted: &Figure, in_quote: &[Figure]) -> String {
    let same_value: Vec<&Figure> = in_quote
        .iter()
        .filter(|q| q.value == wanted.value && q.kind.matches(wanted.kind))
        .collect();
    let wanted_text = figure(wanted);
    if !same_value.is_empty() {
        format!(
            "the figure {wanted_text} is in the quote only as {}",
            list(&same_value)
        )
    } else if in_quote.is_empty() {
        format!("the figure {wanted_text} is not in the quote; the quote has no figures")
    } else {
        format!(
            "the figure {wanted_text} is not in the quote; the quote has {}",
            list(&nearest_kind(wanted, in_quote))
        )
    }
}

/// The quote's figures worth showing beside a wrong one: those of its own kind, since a year or
/// a date listed beside a mistyped count only hides the figure the editor meant. All of them
/// when none shares the kind, so the message never claims the quote is empty.
fn nearest_kind<'q>(wanted: &Figure, in_quote: &'q [Figure]) -> Vec<&'q Figure> {
    let same: Vec<&Figure> = in_quote.iter().filter(|q| q.kind == wanted.kind).collect();
    if same.is_empty() {
        in_quote.iter().collect()
    } else {
        same
    }
}
