//! Charts: a fenced code block with the info string `chart` holds a small YAML description
//! that becomes an inline SVG at build time. No JavaScript and no chart library reach the
//! reader, and every bar is a citation like any figure of the text: its value is checked
//! against its quote, and it links to its entry in the sources panel.
//!
//! This module reads and checks the YAML (`render/chart.rs` draws the SVG); the Markdown pass
//! resolves each item's citation (so that it is numbered with the others) and maps positions
//! back into the page. Positions here are byte offsets into the YAML text. Values are compared
//! exactly, by the same figure check as the text.

use std::ops::Range;

use serde::Deserialize;

use crate::diag::Code;
use crate::diag::suggest;
use crate::text::figures::{self, Figure, Value};

/// The keys of a chart, for did-you-mean on a typo.
pub const KEYS: &[&str] = &["type", "title", "unit", "description", "credit", "items"];
/// The keys of an item.
pub const ITEM_KEYS: &[&str] = &["label", "value", "cite", "source", "quote", "whole"];

/// What the chart shows; each kind draws bars from zero, so lengths compare honestly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One bar per figure.
    Bars,
    /// Figures that may be ranges: solid to the low end, light to the high end.
    Ranges,
    /// Parts of a whole: each part drawn over a track as long as the whole.
    Part,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Bars => "bars",
            Kind::Ranges => "ranges",
            Kind::Part => "part",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChart {
    #[serde(rename = "type")]
    kind: Kind,
    title: String,
    unit: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    credit: Option<String>,
    items: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    label: String,
    value: String,
    #[serde(default)]
    cite: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    whole: bool,
}

/// Where an item's citation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Citation {
    /// `cite: label`: a reference definition of the page.
    Ref(String),
    /// `source:` and `quote:`, as a link would have them.
    Quote { source: String, quote: String },
}

/// One bar or mark.
#[derive(Debug, Clone)]
pub struct Item {
    pub label: String,
    /// As written, which should be as in the source ("1.2 million").
    pub value: String,
    pub figure: Figure,
    pub citation: Citation,
    pub whole: bool,
    pub at: Positions,
}

/// A checked chart description.
#[derive(Debug, Clone)]
pub struct Chart {
    pub kind: Kind,
    pub title: String,
    pub unit: String,
    pub description: Option<String>,
    pub credit: Option<String>,
    pub items: Vec<Item>,
    /// Text the reader sees (title, unit, labels...), with where it is, so the page can flag
    /// numbers in it that no citation backs.
    pub texts: Vec<(String, Range<usize>)>,
}

/// What a bar links to: its panel entry and its own anchor (for the panel's back link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// 1-based, as the panel numbers it.
    pub number: usize,
    pub anchor: String,
}

/// How a checked chart is drawn (its SVG, with its id and one mark per item). Drawing is the
/// render stage's job, which comes after this one: the build hands its drawing in, and the
/// Markdown pass places what it draws where the block was.
pub type Draw = fn(&Chart, &str, &[Mark]) -> String;

/// A problem with a chart block, at a byte range of its YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub at: Range<usize>,
    pub message: String,
    pub help: String,
}

fn problem(
    code: Code,
    at: Range<usize>,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Problem {
    Problem {
        code,
        at,
        message: message.into(),
        help: help.into(),
    }
}

/// Where the keys of one mapping are: (key, range of the key, range of its value).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    /// The whole first line of the mapping (the `- ` line of an item).
    pub start: Range<usize>,
    keys: Vec<(String, Range<usize>, Range<usize>)>,
}

impl Positions {
    /// The value of `key`, or the start of the mapping if the key is not found.
    pub fn value(&self, key: &str) -> Range<usize> {
        self.keys
            .iter()
            .find(|(k, _, _)| k == key)
            .map_or(self.start.clone(), |(_, _, v)| v.clone())
    }

    /// The key itself, or the start of the mapping.
    pub fn key(&self, key: &str) -> Range<usize> {
        self.keys
            .iter()
            .find(|(k, _, _)| k == key)
            .map_or(self.start.clone(), |(_, k, _)| k.clone())
    }

    fn record(&mut self, content: &str, at: usize) {
        let Some(colon) = content.find(':') else {
            return;
        };
        let key = &content[..colon];
        let after = &content[colon + 1..];
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            || !(after.is_empty() || after.starts_with([' ', '\t']))
            || self.keys.iter().any(|(k, _, _)| k == key)
        {
            return;
        }
        let key_range = at..at + key.len();
        let value = after.trim();
        let value_range = if value.is_empty() || value.starts_with('#') {
            key_range.clone()
        } else {
            let skip = after.len() - after.trim_start().len();
            let start = at + colon + 1 + skip;
            start..start + value.len()
        };
        self.keys.push((key.to_string(), key_range, value_range));
    }
}

/// Finds the top-level keys and each item's keys, for YAML in block style (the style the
/// docs show). serde tells what is wrong but not where a value is, and an editor needs to be
/// sent to the line of the value that fails its quote.
fn scan(yaml: &str) -> (Positions, Vec<Positions>) {
    let mut top = Positions::default();
    let mut items: Vec<Positions> = Vec::new();
    let mut in_items = false;
    let mut seq_indent: Option<usize> = None;
    let mut key_indent = 0;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let content = &body[indent..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let dash = content == "-" || content.starts_with("- ");
        if indent == 0 && !dash {
            top.record(content, start);
            in_items = content.starts_with("items:");
            if top.start.is_empty() {
                top.start = start..start + body.len();
            }
            continue;
        }
        if !in_items {
            continue;
        }
        if dash && seq_indent.is_none_or(|s| s == indent) {
            seq_indent = Some(indent);
            let rest = content[1..].trim_start();
            let rest_at = start + indent + (content.len() - rest.len());
            key_indent = rest_at - start;
            let mut item = Positions {
                start: start + indent..start + body.len(),
                keys: Vec::new(),
            };
            item.record(rest, rest_at);
            items.push(item);
        } else if indent == key_indent
            && let Some(item) = items.last_mut()
        {
            item.record(content, start + indent);
        }
    }
    if top.start.is_empty() {
        top.start = 0..yaml.len().min(1);
    }
    (top, items)
}

/// Turns a serde error into a problem at its place in the YAML.
fn yaml_problem(yaml: &str, err: &serde_yaml::Error) -> Problem {
    let raw = err.to_string();
    let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let at = err.location().map_or(0, |l| l.index().min(yaml.len()));
    let at = at..(at + 1).min(yaml.len()).max(at);
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        let known = if message.starts_with("items") {
            ITEM_KEYS
        } else {
            KEYS
        };
        return problem(
            Code::ChartYaml,
            at,
            format!("unknown key `{key}` in this chart"),
            suggest::hint(key, known),
        );
    }
    let help = if message.contains("unknown variant") {
        "a chart's `type` is `bars`, `ranges` or `part`"
    } else if message.contains("missing field") {
        "a chart needs `type`, `title`, `unit` and `items`; each item needs `label`, `value` and a citation"
    } else {
        "check the indentation, and quote text that contains `: ` or starts with `[`, `{`, `*` or `&`"
    };
    let message = match message.split_once(": ") {
        Some((path, rest)) if !path.contains(char::is_whitespace) => {
            format!("in `{path}`: {rest}")
        }
        _ => message,
    };
    problem(
        Code::ChartYaml,
        at,
        format!("invalid chart YAML {message}"),
        help,
    )
}

/// Reads and checks a chart block. Every problem found is returned, not only the first.
pub fn parse(yaml: &str) -> Result<Chart, Vec<Problem>> {
    let raw: RawChart = serde_yaml::from_str(yaml).map_err(|e| vec![yaml_problem(yaml, &e)])?;
    let (top, places) = scan(yaml);
    let mut problems = Vec::new();
    if raw.items.is_empty() {
        problems.push(problem(
            Code::ChartItems,
            top.key("items"),
            "this chart has no items",
            "list the figures under `items:`, each with `label`, `value` and `cite`",
        ));
    }
    // The scan understands block style only; with another layout, point at the items key.
    let fallback = Positions {
        start: top.key("items"),
        keys: Vec::new(),
    };
    let mut texts = vec![
        (raw.title.clone(), top.value("title")),
        (raw.unit.clone(), top.value("unit")),
    ];
    if let Some(d) = &raw.description {
        texts.push((d.clone(), top.value("description")));
    }
    if let Some(c) = &raw.credit {
        texts.push((c.clone(), top.value("credit")));
    }
    let count = raw.items.len();
    let mut items = Vec::with_capacity(count);
    for (i, item) in raw.items.into_iter().enumerate() {
        // If the scan counted differently, the layout is not one it understands.
        let at = match places.get(i) {
            Some(p) if places.len() == count => p.clone(),
            _ => fallback.clone(),
        };
        texts.push((item.label.clone(), at.value("label")));
        match check_item(raw.kind, item, at) {
            Ok(item) => items.push(item),
            Err(p) => problems.push(p),
        }
    }
    check_kind(raw.kind, &items, &top, &mut problems);
    if problems.is_empty() {
        Ok(Chart {
            kind: raw.kind,
            title: raw.title,
            unit: raw.unit,
            description: raw.description,
            credit: raw.credit,
            items,
            texts,
        })
    } else {
        Err(problems)
    }
}

fn check_item(kind: Kind, item: RawItem, at: Positions) -> Result<Item, Problem> {
    let figure = item_figure(kind, &item.value, &at)?;
    if item.whole && kind != Kind::Part {
        return Err(problem(
            Code::ChartWhole,
            at.key("whole"),
            "`whole:` is for `type: part` charts",
            "remove it, or make the chart `type: part`",
        ));
    }
    let citation = item_citation(&item, &at)?;
    Ok(Item {
        label: item.label,
        value: item.value,
        figure,
        citation,
        whole: item.whole,
        at,
    })
}

/// An item's one figure, of zero or more, and a single figure unless the chart draws ranges.
fn item_figure(kind: Kind, value: &str, at: &Positions) -> Result<Figure, Problem> {
    let figs = figures::extract(value);
    let figure = match figs.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(problem(
                Code::ChartValue,
                at.value("value"),
                format!("the value `{value}` has no figure"),
                "write the figure as the source does: `30,000`, `1.2 million`, `25,000–30,000`",
            ));
        }
        _ => {
            return Err(problem(
                Code::ChartValue,
                at.value("value"),
                format!(
                    "the value `{value}` has {} figures; a bar has one",
                    figs.len()
                ),
                "write one figure, or one range: `25,000–30,000`, `2 to 3 percent`",
            ));
        }
    };
    if low(&figure.value) < 0.0 {
        return Err(problem(
            Code::ChartValue,
            at.value("value"),
            format!(
                "{} is below zero, and charts draw figures from zero up",
                figure.text
            ),
            "chart figures of zero or more, or state this one in the text",
        ));
    }
    if kind == Kind::Bars && matches!(figure.value, Value::Range(..)) {
        return Err(problem(
            Code::ChartValue,
            at.value("value"),
            format!(
                "`bars` draws single figures, and {} is a range",
                figure.text
            ),
            "use `type: ranges`, which draws the spread of a range",
        ));
    }
    Ok(figure)
}

/// An item's citation: a reference label, or a source and its quote.
fn item_citation(item: &RawItem, at: &Positions) -> Result<Citation, Problem> {
    match (item.cite.clone(), item.source.clone(), item.quote.clone()) {
        (Some(label), None, None) => Ok(Citation::Ref(label)),
        (None, Some(source), Some(quote)) => Ok(Citation::Quote { source, quote }),
        (None, None, None) => Err(problem(
            Code::ChartCite,
            at.start.clone(),
            format!("the item `{}` has no citation", item.label),
            "add `cite: <reference label>` naming a reference definition of the page, or `source:` and `quote:`",
        )),
        (Some(_), _, _) => Err(problem(
            Code::ChartCite,
            at.key("cite"),
            "give either `cite:` or `source:` and `quote:`, not both",
            "keep one way of citing this item",
        )),
        (None, Some(_), None) => Err(problem(
            Code::ChartCite,
            at.key("source"),
            "`source:` needs a `quote:`",
            "add the exact words of the source: quote: \"...\"",
        )),
        (None, None, Some(_)) => Err(problem(
            Code::ChartCite,
            at.key("quote"),
            "`quote:` needs a `source:`",
            "add the source's id: source: <id>",
        )),
    }
}

/// Checks that concern the whole chart: a `part` chart has one whole, and no part exceeds it.
fn check_kind(kind: Kind, items: &[Item], top: &Positions, problems: &mut Vec<Problem>) {
    if kind != Kind::Part || !problems.is_empty() {
        return;
    }
    let wholes: Vec<&Item> = items.iter().filter(|i| i.whole).collect();
    let whole = match wholes.as_slice() {
        [one] => *one,
        [] => {
            problems.push(problem(
                Code::ChartWhole,
                top.value("type"),
                "a `part` chart needs one item with `whole: true`",
                "mark the item that the others are part of with `whole: true`",
            ));
            return;
        }
        [_, second, ..] => {
            problems.push(problem(
                Code::ChartWhole,
                second.at.key("whole"),
                "a `part` chart has only one whole",
                "keep `whole: true` on one item",
            ));
            return;
        }
    };
    let Value::One(total) = &whole.figure.value else {
        problems.push(problem(
            Code::ChartWhole,
            whole.at.value("value"),
            "the whole must be a single figure, not a range",
            "use the figure the parts are measured against",
        ));
        return;
    };
    let total = number(total);
    for part in items.iter().filter(|i| !i.whole) {
        if high(&part.figure.value) > total {
            problems.push(problem(
                Code::ChartPart,
                part.at.value("value"),
                format!(
                    "the part {} is larger than the whole, {}",
                    part.value, whole.value
                ),
                "a `part` chart shows shares of the whole; use `type: bars` to compare sizes",
            ));
        }
    }
}

pub(crate) fn number(n: &figures::Number) -> f64 {
    n.approximate()
}

pub(crate) fn low(v: &Value) -> f64 {
    match v {
        Value::One(n) | Value::Range(n, _) => number(n),
    }
}

pub(crate) fn high(v: &Value) -> f64 {
    match v {
        Value::One(n) | Value::Range(_, n) => number(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANGES: &str = "type: ranges\ntitle: Recruits and losses\nunit: soldiers a month\nitems:\n  - label: Recruited\n    value: 25,000–30,000\n    cite: recruits\n  - label: Lost\n    value: 30,000\n    source: nysun\n    quote: \"or 30,000 a month\"\n";

    #[test]
    fn reads_a_chart_and_where_its_values_are() {
        let chart = parse(RANGES).unwrap();
        assert_eq!(chart.kind, Kind::Ranges);
        assert_eq!(chart.items.len(), 2);
        assert_eq!(chart.items[0].citation, Citation::Ref("recruits".into()));
        let at = chart.items[1].at.value("value");
        assert_eq!(&RANGES[at], "30,000");
        let at = chart.items[1].at.value("quote");
        assert_eq!(&RANGES[at], "\"or 30,000 a month\"");
        let at = chart.items[0].at.value("label");
        assert_eq!(&RANGES[at], "Recruited");
    }

    #[test]
    fn items_at_the_same_indent_as_their_key_are_found() {
        let yaml = "type: bars\ntitle: T\nunit: u\nitems:\n- label: A\n  value: 5\n  cite: a\n- label: B\n  value: 6\n  cite: b\n";
        let chart = parse(yaml).unwrap();
        assert_eq!(&yaml[chart.items[1].at.value("value")], "6");
    }

    fn first_problem(yaml: &str) -> (String, String) {
        let p = parse(yaml).unwrap_err().remove(0);
        let line = yaml[..p.at.start].matches('\n').count() + 1;
        (format!("{}:{}", line, p.message), p.help)
    }

    #[test]
    fn problems_name_their_line() {
        let (at, help) =
            first_problem("type: bars\ntitle: T\nunit: u\nitems:\n  - lable: A\n    value: 5\n");
        assert_eq!(at, "5:unknown key `lable` in this chart");
        assert_eq!(help, "did you mean `label`?");
        let (at, _) = first_problem(
            "type: bars\ntitle: T\nunit: u\nitems:\n  - label: A\n    value: 25–30\n    cite: a\n",
        );
        assert_eq!(at, "6:`bars` draws single figures, and 25–30 is a range");
        let (at, _) = first_problem("type: pie\ntitle: T\n");
        assert!(
            at.starts_with("1:invalid chart YAML in `type`: unknown variant `pie`"),
            "{at}"
        );
        let (at, _) = first_problem("type: bars\ntitle: [T\n");
        assert!(
            at.starts_with("3:invalid chart YAML") || at.starts_with("2:invalid chart YAML"),
            "{at}"
        );
        let (at, _) = first_problem(
            "type: bars\ntitle: T\nunit: u\nitems:\n  - label: A\n    value: many\n    cite: a\n",
        );
        assert_eq!(at, "6:the value `many` has no figure");
        let (at, _) =
            first_problem("type: bars\ntitle: T\nunit: u\nitems:\n  - label: A\n    value: 5\n");
        assert_eq!(at, "5:the item `A` has no citation");
    }

    #[test]
    fn a_part_chart_needs_one_whole_that_no_part_exceeds() {
        let yaml =
            "type: part\ntitle: T\nunit: u\nitems:\n  - label: A\n    value: 5\n    cite: a\n";
        assert_eq!(
            first_problem(yaml).0,
            "1:a `part` chart needs one item with `whole: true`"
        );
        let yaml = "type: part\ntitle: T\nunit: u\nitems:\n  - label: All\n    value: 5\n    whole: true\n    cite: a\n  - label: Some\n    value: 6\n    cite: b\n";
        assert_eq!(
            first_problem(yaml).0,
            "10:the part 6 is larger than the whole, 5"
        );
    }
}
