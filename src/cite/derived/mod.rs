//! Derived figures: a figure the page computes from cited ones, such as a monthly sum from a
//! head count and a monthly wage.
//!
//! A reader cannot check a product against any one passage, so the build does the arithmetic
//! itself, exactly (rationals, never floats: 0.1 + 0.2 is 0.3), compares the result with the
//! figure in the text under a rounding rule written in the page, and the panel shows the
//! working with each input linked to the passage it comes from.
//!
//! In Markdown the figure is a link whose destination is `=` and whose title is the formula,
//! over reference labels of citations on the page:
//! `[roughly $22 million a month](= "kursk * pay")`, or with a rounding rule after `~`:
//! `[about $22 million](= "kursk * pay ~ 1 million")`. The Markdown pass parses the formula
//! (`parse/formula.rs`) and resolves its labels to citations and their figures; this module
//! computes it and checks the figure in the text against the result.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Code, Diagnostic};
use crate::parse::formula::{Expr, Formula};
use crate::parse::markdown::{Body, Computed};
use crate::text::figures::{self, Figure, FigureKind, Value};
use crate::text::rational::Rational;

/// A resolved input: the figure of a cited quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operand {
    pub label: String,
    /// As written in the quote ("$2,000").
    pub figure: String,
    /// A percentage counts as a fraction: 5% is 0.05.
    pub value: Rational,
    pub currency: Option<char>,
    /// The panel entry (0-based) of the input's citation.
    pub entry: usize,
}

/// The operand for a figure picked from a quote.
pub fn operand(label: &str, fig: &Figure, entry: usize) -> Result<Operand, String> {
    let too_large = || format!("{} is too large to compute with exactly", fig.text);
    let value = match &fig.value {
        Value::One(n) => Rational::from_number(n).ok_or_else(too_large)?,
        Value::Range(..) => return Err(format!("{} is a range", fig.text)),
    };
    let value = if fig.percent {
        value
            .checked_div(Rational::integer(100))
            .ok_or_else(too_large)?
    } else {
        value
    };
    Ok(Operand {
        label: label.to_string(),
        figure: fig.text.clone(),
        value,
        currency: fig.currency,
        entry,
    })
}

/// A piece of the working as shown: text, or an input (index into the inputs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Input(usize),
}

/// What a formula computes to, before it meets the figure in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub value: Rational,
    pub currency: Option<char>,
    pub working: Vec<Piece>,
}

/// Computes `formula` over `operands` (one per input, in order).
pub fn evaluate(formula: &Formula, operands: &[Operand]) -> Result<Outcome, String> {
    let (value, currency) = eval(&formula.expr, operands)?;
    let mut working = Vec::new();
    show(&formula.expr, &mut working);
    Ok(Outcome {
        value,
        currency,
        working,
    })
}

fn eval(expr: &Expr, operands: &[Operand]) -> Result<(Rational, Option<char>), String> {
    let overflow = || "the numbers are too large to compute exactly".to_string();
    match expr {
        Expr::Input(i) => operands
            .get(*i)
            .map(|o| (o.value, o.currency))
            .ok_or_else(|| "an input is missing".to_string()),
        Expr::Group(inner) => eval(inner, operands),
        Expr::Op(left, op, right) => {
            let (a, ca) = eval(left, operands)?;
            let (b, cb) = eval(right, operands)?;
            let mixed = |what: &str| match (ca, cb) {
                (Some(x), Some(y)) => Err(format!("cannot {what} {x} and {y} amounts")),
                _ => Ok(()),
            };
            match op {
                '+' | '−' => {
                    if ca.is_some() && cb.is_some() && ca != cb {
                        mixed("add or subtract")?;
                    }
                    let v = if *op == '+' {
                        a.checked_add(b)
                    } else {
                        a.checked_sub(b)
                    };
                    Ok((v.ok_or_else(overflow)?, ca.or(cb)))
                }
                '×' => {
                    mixed("multiply")?;
                    Ok((a.checked_mul(b).ok_or_else(overflow)?, ca.or(cb)))
                }
                _ => {
                    if b.is_zero() {
                        return Err("the formula divides by zero".to_string());
                    }
                    let currency = match (ca, cb) {
                        (Some(x), Some(y)) if x != y => {
                            return Err(format!("cannot divide {x} by {y} amounts"));
                        }
                        (Some(_), Some(_)) | (None, _) => None,
                        (Some(x), None) => Some(x),
                    };
                    Ok((a.checked_div(b).ok_or_else(overflow)?, currency))
                }
            }
        }
    }
}

fn show(expr: &Expr, out: &mut Vec<Piece>) {
    match expr {
        Expr::Input(i) => out.push(Piece::Input(*i)),
        Expr::Group(inner) => {
            out.push(Piece::Text("(".into()));
            show(inner, out);
            out.push(Piece::Text(")".into()));
        }
        Expr::Op(left, op, right) => {
            show(left, out);
            out.push(Piece::Text(format!(" {op} ")));
            show(right, out);
        }
    }
}

/// A derived figure after its check: what the panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The formula as written.
    pub formula: String,
    pub inputs: Vec<Operand>,
    pub working: Vec<Piece>,
    /// The exact result, as shown ("$22,000,000").
    pub result: String,
    /// The rounding step as written and the figure of the text it gave, when rounded.
    pub rounding: Option<(String, String)>,
}

impl Derived {
    /// The working as plain text: "11,000 × $2,000 = $22,000,000".
    pub fn working_text(&self) -> String {
        let mut s = String::new();
        for piece in &self.working {
            match piece {
                Piece::Text(t) => s.push_str(t),
                Piece::Input(i) => s.push_str(self.inputs.get(*i).map_or("?", |o| &o.figure)),
            }
        }
        s.push_str(&self.conclusion());
        s
    }

    /// What follows the inputs: " = $22,000,000", and the rounding when there is one.
    pub fn conclusion(&self) -> String {
        match &self.rounding {
            Some((step, shown)) => format!(" = {} ≈ {shown} (to the nearest {step})", self.result),
            None => format!(" = {}", self.result),
        }
    }
}

/// The one figure a derived figure's link text states, and its exact value.
struct Stated {
    figure: Figure,
    value: Rational,
}

/// Reads the link text's figure: exactly one quantity, a single number.
fn stated_figure(link_text: &str) -> Result<Stated, String> {
    let figs: Vec<Figure> = figures::extract(link_text)
        .into_iter()
        .filter(|f| f.kind == FigureKind::Quantity)
        .collect();
    let fig = match figs.as_slice() {
        [one] => one.clone(),
        [] => return Err("a derived figure needs its figure in the link text, such as [about $22 million](= \"troops * pay\")".to_string()),
        _ => return Err(format!("the link text has {} figures; a derived figure has exactly one", figs.len())),
    };
    let Value::One(n) = &fig.value else {
        return Err(format!(
            "{} is a range; a derived figure is a single number",
            fig.text
        ));
    };
    let stated =
        Rational::from_number(n).ok_or_else(|| format!("{} is too large to check", fig.text))?;
    Ok(Stated {
        figure: fig,
        value: stated,
    })
}

/// The working as plain text, each input shown as its quote writes it.
fn plain_working(pieces: &[Piece], operands: &[Operand]) -> String {
    let mut working = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => working.push_str(t),
            Piece::Input(i) => working.push_str(operands.get(*i).map_or("?", |o| &o.figure)),
        }
    }
    working
}

/// Compares the figure in the link text with the outcome. The text must hold exactly one
/// figure; it must equal the exact result, or the result rounded by the formula's `~` rule.
/// Signs are not compared (figures in prose have none: "fell by 5,000").
pub fn check(
    link_text: &str,
    formula: &Formula,
    outcome: Outcome,
    operands: Vec<Operand>,
) -> Result<Derived, String> {
    let Stated {
        figure: fig,
        value: stated,
    } = stated_figure(link_text)?;
    let fig = &fig;
    let overflow = || "the numbers are too large to compute exactly".to_string();
    let value = if fig.percent {
        outcome
            .value
            .checked_mul(Rational::integer(100))
            .ok_or_else(overflow)?
    } else {
        outcome.value
    };
    let symbol = |c: Option<char>| c.map(String::from).unwrap_or_default();
    let pct = if fig.percent { "%" } else { "" };
    let result = format!("{}{value}{pct}", symbol(outcome.currency));
    if let Some(step) = &formula.step
        && step.percent
        && !fig.percent
    {
        return Err(format!(
            "the rounding step {} is a percentage, but the figure {} is not",
            step.text, fig.text
        ));
    }
    let compared = match &formula.step {
        Some(step) => value.round_to(step.value).ok_or_else(overflow)?,
        None => value,
    };
    let working = plain_working(&outcome.working, &operands);
    if let Some(c) = fig.currency
        && outcome.currency != Some(c)
    {
        return Err(format!(
            "the figure {} is in {c}, but the working is not: {working} = {result}",
            fig.text
        ));
    }
    if compared.abs() != stated {
        let rounded = match &formula.step {
            Some(step) => format!(
                ", which rounds to {}{compared}{pct} (to the nearest {})",
                symbol(outcome.currency),
                step.text
            ),
            None => String::new(),
        };
        return Err(format!(
            "the figure {} does not match the working: {working} = {result}{rounded}",
            fig.text
        ));
    }
    Ok(Derived {
        formula: formula.text.clone(),
        inputs: operands,
        working: outcome.working,
        result,
        rounding: formula
            .step
            .as_ref()
            .map(|s| (s.text.clone(), fig.text.clone())),
    })
}

/// The derived figures of a page, computed and checked: the working of each that adds up, by
/// the index of its citation in the page's `Body::citations`, and the findings of the rest.
#[derive(Debug, Default)]
pub struct Worked {
    pub by_citation: BTreeMap<usize, Derived>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Computes each derived figure the Markdown pass found on a page (`Body::computed`) and checks
/// its link's figure against the result. A formula some of whose inputs did not resolve is not
/// computed (the pass has reported why), but each input that did is still read as a number.
pub fn check_page(file: &Path, text: &str, body: &Body) -> Worked {
    let mut worked = Worked::default();
    for computed in &body.computed {
        let mut report = |code: Code, message: String, at: std::ops::Range<usize>, help: &str| {
            worked.diagnostics.push(
                Diagnostic::error(code, file, message)
                    .at(text, at)
                    .with_help(help.to_string()),
            );
        };
        let Some((outcome, operands)) = compute(computed, &mut report) else {
            continue;
        };
        let link_text = body
            .citations
            .get(computed.citation)
            .map_or("", |c| c.link_text.as_str());
        match check(link_text, &computed.formula, outcome, operands) {
            Ok(d) => {
                worked.by_citation.insert(computed.citation, d);
            }
            Err(message) => {
                let help = if computed.formula.step.is_some() {
                    "correct the figure, or the rounding step after `~`"
                } else {
                    "correct the figure, or state how it is rounded at the end of the formula: \"troops * pay ~ 1 million\""
                };
                report(Code::DerivedMismatch, message, computed.link.clone(), help);
            }
        }
    }
    worked
}

/// A derived figure's inputs as numbers and its outcome; None, each problem reported, when an
/// input is missing or too large or the arithmetic fails.
fn compute(
    computed: &Computed,
    report: &mut impl FnMut(Code, String, std::ops::Range<usize>, &str),
) -> Option<(Outcome, Vec<Operand>)> {
    let mut operands = Vec::new();
    let mut ok = computed.complete;
    for input in &computed.inputs {
        match operand(&input.label, &input.figure, input.entry) {
            Ok(op) => operands.push(op),
            Err(message) => {
                ok = false;
                report(
                    Code::DerivedInput,
                    message,
                    input.at.clone(),
                    "cite a smaller figure",
                );
            }
        }
    }
    if !ok {
        return None;
    }
    match evaluate(&computed.formula, &operands) {
        Ok(outcome) => Some((outcome, operands)),
        Err(message) => {
            report(
                Code::DerivedArithmetic,
                message,
                computed.title.clone(),
                "check the formula: amounts in different currencies do not add up",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::formula::{parse, pick_figure};

    /// Plain decimal digits with an optional fraction ("1200000", "2.5").
    fn r(s: &str) -> Rational {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let num: i128 = format!("{int}{frac}").parse().unwrap();
        let den = 10i128.pow(u32::try_from(frac.len()).unwrap());
        Rational::new(num, den).unwrap()
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(r("0.1").checked_add(r("0.2")), Some(r("0.3")));
        assert_eq!(r("0.3").checked_sub(r("0.1")), Some(r("0.2")));
        assert_eq!(r("11000").checked_mul(r("2000")), Some(r("22000000")));
        let third = r("1").checked_div(r("3")).unwrap();
        assert_eq!(third.checked_mul(r("3")), Some(r("1")));
        assert_eq!(r("1").checked_div(r("0")), None);
        assert_eq!(r("1.50"), r("1.5"));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(r("2.5").round_to(r("1")), Some(r("3")));
        assert_eq!(r("2.49").round_to(r("1")), Some(r("2")));
        assert_eq!(r("21500000").round_to(r("1000000")), Some(r("22000000")));
        let minus = Rational::integer(-5).checked_div(r("2")).unwrap();
        assert_eq!(minus.round_to(r("1")), Some(Rational::integer(-3)));
        assert_eq!(r("0.125").round_to(r("0.01")), Some(r("0.13")));
    }

    #[test]
    fn shows_exact_decimals_with_separators() {
        assert_eq!(r("22000000").to_string(), "22,000,000");
        assert_eq!(r("1234.5").to_string(), "1,234.5");
        assert_eq!(r("0.3").to_string(), "0.3");
        let third = r("1").checked_div(r("3")).unwrap();
        assert_eq!(third.to_string(), "0.333333…");
        assert_eq!(Rational::integer(-5000).to_string(), "−5,000");
    }

    #[test]
    fn overflow_is_none_not_a_wrong_answer() {
        let big = Rational::integer(i128::MAX / 2);
        assert_eq!(big.checked_mul(r("3")), None);
        assert_eq!(big.checked_add(big).and_then(|b| b.checked_add(big)), None);
        let huge = figures::extract(&"9".repeat(60));
        match huge.first().map(|f| &f.value) {
            Some(figures::Value::One(n)) => assert_eq!(Rational::from_number(n), None),
            other => panic!("sixty nines are one figure, got {other:?}"),
        }
    }

    #[test]
    fn parses_labels_operators_picks_and_rounding() {
        let f = parse("kursk * pay").unwrap();
        assert_eq!(f.inputs.len(), 2);
        assert_eq!(f.inputs[0].label, "kursk");
        assert!(f.step.is_none());
        let f = parse("(casualty-rate[2] - recruits) ÷ days ~ 1 million").unwrap();
        assert_eq!(f.inputs[0].label, "casualty-rate");
        assert_eq!(f.inputs[0].pick, Some(2));
        assert_eq!(f.inputs[0].at, 1..14);
        assert_eq!(f.step.as_ref().map(|s| s.text.as_str()), Some("1 million"));
        assert_eq!(f.step.as_ref().map(|s| s.value), Some(r("1000000")));
        let f = parse("a-b − c").unwrap();
        assert_eq!(
            f.inputs
                .iter()
                .map(|i| i.label.as_str())
                .collect::<Vec<_>>(),
            ["a-b", "c"]
        );
    }

    #[test]
    fn formula_errors_point_into_the_formula() {
        for (text, at) in [
            ("", 0..1),
            ("a * ", 3..3),
            ("a b", 2..3),
            ("(a + b", 0..1),
            ("a % b", 2..3),
            ("a[x]", 1..4),
            ("a ~ lots", 4..8),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.at, at, "{text:?}: {}", e.message);
        }
    }

    fn operands(quotes: &[(&str, &str)]) -> Vec<Operand> {
        quotes
            .iter()
            .enumerate()
            .map(|(i, (label, quote))| {
                let fig = pick_figure(label, None, quote).unwrap();
                operand(label, &fig, i).unwrap()
            })
            .collect()
    }

    fn run(formula: &str, quotes: &[(&str, &str)], text: &str) -> Result<Derived, String> {
        let f = parse(formula).map_err(|e| e.message)?;
        let ops = operands(quotes);
        let out = evaluate(&f, &ops)?;
        check(text, &f, out, ops)
    }

    #[test]
    fn checks_the_figure_against_the_working() {
        let quotes = [
            ("kursk", "around 11,000 troops were assessed"),
            ("pay", "paying nearly $2,000 a month"),
        ];
        let d = run("kursk * pay", &quotes, "roughly $22 million a month").unwrap();
        assert_eq!(d.working_text(), "11,000 × $2,000 = $22,000,000");
        let e = run("kursk * pay", &quotes, "$21 million").unwrap_err();
        assert_eq!(
            e,
            "the figure $21 million does not match the working: 11,000 × $2,000 = $22,000,000"
        );
        let e = run("kursk * pay", &quotes, "€22 million").unwrap_err();
        assert!(e.contains("is in €"), "{e}");
        let d = run("kursk + kursk ~ 1,000", &[quotes[0], quotes[0]], "22,000").unwrap();
        assert_eq!(
            d.rounding,
            Some(("1,000".to_string(), "22,000".to_string()))
        );
    }

    #[test]
    fn point_one_plus_point_two_is_point_three() {
        let quotes = [("a", "rose by 0.1 points"), ("b", "then by 0.2 points")];
        assert!(run("a + b", &quotes, "0.3 points").is_ok());
        assert!(run("a + b", &quotes, "0.30000000000000004 points").is_err());
    }

    #[test]
    fn rounding_and_percentages() {
        let quotes = [
            ("sent", "around 11,000 troops"),
            ("army", "its 1.2 million troops"),
        ];
        let d = run("sent / army ~ 0.1%", &quotes, "about 0.9%").unwrap();
        assert_eq!(d.result, "0.916666…%");
        let e = run("sent / army", &quotes, "about 0.9%").unwrap_err();
        assert!(e.contains("0.916666…%"), "{e}");
        let e = run("sent / army ~ 1%", &quotes, "0.9").unwrap_err();
        assert!(e.contains("is a percentage"), "{e}");
    }
}
