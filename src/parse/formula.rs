//! A derived figure's formula: labels of citations, `+ - * / × ÷ −`, parentheses, and an
//! optional rounding rule after `~`. Its size and nesting are bounded, so no formula can
//! exhaust the stack.

use std::ops::Range;

use crate::text::figures::{self, Figure, FigureKind, Value};
use crate::text::rational::Rational;

/// One input of a formula: a reference label, and which figure of its quote to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRef {
    /// As written in the formula.
    pub label: String,
    /// 1-based, from `label[2]`; None means the quote's only figure.
    pub pick: Option<usize>,
    /// Where the label is in the formula text.
    pub at: Range<usize>,
}

/// The rounding rule after `~`: the result is rounded to the nearest multiple of `value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub text: String,
    pub value: Rational,
    pub percent: bool,
    pub at: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    Input(usize),
    Op(Box<Expr>, char, Box<Expr>),
    Group(Box<Expr>),
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    pub text: String,
    pub(crate) expr: Expr,
    /// In the order they are written; a label used twice is two inputs.
    pub inputs: Vec<InputRef>,
    pub step: Option<Step>,
}

/// A problem with a formula, at a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    pub at: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Label(InputRef),
    Op(char),
    Open,
    Close,
}

fn label_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

fn error(at: Range<usize>, message: impl Into<String>) -> FormulaError {
    FormulaError {
        at,
        message: message.into(),
    }
}

/// Tokens with where each is in the formula.
type Tokens = Vec<(Token, Range<usize>)>;

/// Splits a formula into tokens, and the rounding rule after `~` or `≈`.
fn tokens(text: &str) -> Result<(Tokens, Option<Step>), FormulaError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let one = i..i + c.len_utf8();
        match c {
            c if c.is_whitespace() => {}
            '(' => out.push((Token::Open, one)),
            ')' => out.push((Token::Close, one)),
            '+' => out.push((Token::Op('+'), one)),
            // A `-` that starts a token is minus; inside a label it is part of the label.
            '-' | '−' => out.push((Token::Op('−'), one)),
            '*' | '×' => out.push((Token::Op('×'), one)),
            '/' | '÷' => out.push((Token::Op('÷'), one)),
            '~' | '≈' => {
                let rest = &text[one.end..];
                let start = one.end + (rest.len() - rest.trim_start().len());
                let step = step(rest.trim(), start)?;
                return Ok((out, Some(step)));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut end = one.end;
                while let Some(&(j, d)) = chars.peek() {
                    if !label_char(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                let label = text[i..end].to_string();
                let mut pick = None;
                let mut token_end = end;
                if text[end..].starts_with('[') {
                    let close = text[end..].find(']').map(|k| end + k).ok_or_else(|| {
                        error(end..end + 1, "`[` without `]`: pick a figure as `label[2]`")
                    })?;
                    let n = text[end + 1..close].trim();
                    pick = Some(n.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                        error(end..close + 1, format!("`[{n}]` is not a figure number: write `{label}[1]`, `{label}[2]`, …"))
                    })?);
                    while chars.peek().is_some_and(|&(j, _)| j <= close) {
                        chars.next();
                    }
                    token_end = close + 1;
                }
                out.push((
                    Token::Label(InputRef {
                        label,
                        pick,
                        at: i..end,
                    }),
                    i..token_end,
                ));
            }
            c => {
                return Err(error(
                    one,
                    format!(
                        "`{c}` is not allowed in a formula: use reference labels, + − × ÷ and parentheses"
                    ),
                ));
            }
        }
    }
    Ok((out, None))
}

fn step(text: &str, start: usize) -> Result<Step, FormulaError> {
    let at = start..start + text.len().max(1);
    if text.starts_with(['-', '−', '–', '—', '‒', '﹣', '－', '+']) {
        return Err(error(
            at,
            "the rounding step must be a single figure above zero, written without a sign",
        ));
    }
    let figs = figures::extract(text);
    let [fig] = figs.as_slice() else {
        return Err(error(
            at,
            "after `~` write one figure to round to, such as `~ 1 million` or `~ 0.1`",
        ));
    };
    let value = match &fig.value {
        Value::One(n) => Rational::from_number(n),
        Value::Range(..) => None,
    }
    .filter(|v| !v.is_zero())
    .ok_or_else(|| {
        error(
            at.clone(),
            "the rounding step must be a single figure above zero",
        )
    })?;
    Ok(Step {
        text: text.to_string(),
        value,
        percent: fig.percent,
        at,
    })
}

struct Parser {
    tokens: Tokens,
    at: usize,
    inputs: Vec<InputRef>,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&(Token, Range<usize>)> {
        self.tokens.get(self.at)
    }

    fn here(&self) -> Range<usize> {
        self.peek().map_or(self.end..self.end, |(_, r)| r.clone())
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Some((Token::Op(op @ ('+' | '−')), _)) = self.peek() {
            let op = *op;
            self.at += 1;
            let right = self.term()?;
            left = Expr::Op(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.factor()?;
        while let Some((Token::Op(op @ ('×' | '÷')), _)) = self.peek() {
            let op = *op;
            self.at += 1;
            let right = self.factor()?;
            left = Expr::Op(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, FormulaError> {
        let here = self.here();
        match self.tokens.get(self.at).cloned() {
            Some((Token::Label(input), _)) => {
                self.at += 1;
                self.inputs.push(input);
                Ok(Expr::Input(self.inputs.len() - 1))
            }
            Some((Token::Open, _)) => {
                self.at += 1;
                let inner = self.expr()?;
                match self.peek() {
                    Some((Token::Close, _)) => {
                        self.at += 1;
                        Ok(Expr::Group(Box::new(inner)))
                    }
                    _ => Err(error(here, "this `(` is never closed")),
                }
            }
            Some(_) => Err(error(here, "expected a reference label or `(` here")),
            None => Err(error(
                here,
                "the formula ends too soon: expected a reference label",
            )),
        }
    }
}

/// How many tokens a formula may have and how deep its parentheses may nest: parsing, working
/// and showing a formula recurse on its tree, so its size is bounded before any of them runs.
const MAX_TOKENS: usize = 200;
const MAX_PARENS: usize = 32;

/// Refuses a formula too long or too deeply nested to compute within a bounded stack.
fn check_size(tokens: &Tokens) -> Result<(), FormulaError> {
    let mut depth = 0usize;
    for (token, r) in tokens {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_PARENS {
            return Err(error(
                r.clone(),
                format!("parentheses nest more than {MAX_PARENS} deep here: remove the extra ones"),
            ));
        }
    }
    if let Some((_, r)) = tokens.get(MAX_TOKENS) {
        return Err(error(
            r.clone(),
            format!(
                "this formula is longer than {MAX_TOKENS} labels, operators and parentheses: split it into derived figures of their own"
            ),
        ));
    }
    Ok(())
}

/// Parses a formula: labels, `+ - * / × ÷ −`, parentheses, then optionally `~ step`.
pub fn parse(text: &str) -> Result<Formula, FormulaError> {
    let (tokens, step) = tokens(text)?;
    check_size(&tokens)?;
    if tokens.is_empty() {
        return Err(error(
            0..text.len().max(1),
            "this derived figure has no formula: write it in the link's title, such as \"troops * pay\"",
        ));
    }
    let end = tokens.last().map_or(text.len(), |(_, r)| r.end);
    let mut p = Parser {
        tokens,
        at: 0,
        inputs: Vec::new(),
        end,
    };
    let expr = p.expr()?;
    if let Some((_, r)) = p.peek() {
        return Err(error(
            r.clone(),
            "expected an operator (+ − × ÷) between the labels",
        ));
    }
    Ok(Formula {
        text: text.trim().to_string(),
        expr,
        inputs: p.inputs,
        step,
    })
}

/// Picks the figure of `quote` that an input uses: its only quantity, or the `pick`-th.
pub fn pick_figure(label: &str, pick: Option<usize>, quote: &str) -> Result<Figure, String> {
    let figs: Vec<Figure> = figures::extract(quote)
        .into_iter()
        .filter(|f| f.kind == FigureKind::Quantity)
        .collect();
    let listed = || {
        figs.iter()
            .enumerate()
            .map(|(i, f)| format!("[{}] {}", i + 1, f.text))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fig = match (pick, figs.as_slice()) {
        (_, []) => {
            return Err(format!(
                "the quote of `{label}` has no figure to compute with"
            ));
        }
        (None, [only]) => only.clone(),
        (None, _) => {
            return Err(format!(
                "the quote of `{label}` has {} figures ({}): name one as `{label}[2]`",
                figs.len(),
                listed()
            ));
        }
        (Some(n), _) => figs.get(n - 1).cloned().ok_or_else(|| {
            format!(
                "the quote of `{label}` has no figure [{n}]; it has {}",
                listed()
            )
        })?,
    };
    if matches!(fig.value, Value::Range(..)) {
        return Err(format!(
            "`{label}` is the range {}, which has no single value to compute with",
            fig.text
        ));
    }
    Ok(fig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_need_one_figure_or_a_pick() {
        let quote = "the reported daily casualty rate of 1,000—or 30,000 a month";
        let e = pick_figure("rate", None, quote).unwrap_err();
        assert_eq!(
            e,
            "the quote of `rate` has 2 figures ([1] 1,000, [2] 30,000): name one as `rate[2]`"
        );
        assert_eq!(pick_figure("rate", Some(2), quote).unwrap().text, "30,000");
        assert!(pick_figure("rate", Some(3), quote).is_err());
        assert!(pick_figure("r", None, "recruiting 25,000–30,000 a month").is_err());
        assert!(pick_figure("r", None, "no numbers").is_err());
    }
}
