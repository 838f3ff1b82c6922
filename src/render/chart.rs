//! A checked chart drawn as accessible inline SVG (see [`crate::parse::chart`] for the block's
//! YAML). Geometry uses floats, which is fine: it only places shapes.

use std::fmt::Write as _;

use crate::parse::chart::{Chart, Item, Kind, Mark, high, low};
use crate::render::escape::escape;
use crate::text::figures::Value;

/// The width of the drawing in SVG units; the SVG scales to its column.
const WIDTH: f64 = 400.0;
const FONT: f64 = 14.0;
const LINE: f64 = 17.0;
const BAR: f64 = 18.0;
const GAP: f64 = 14.0;
/// The width of a bold character at `FONT`, generously, to make room for value labels.
const CHAR: f64 = 8.8;
/// Longer labels wrap onto another line.
const LABEL_CHARS: usize = 48;

/// A coordinate with at most one decimal, so snapshots stay readable.
fn c(x: f64) -> String {
    let s = format!("{:.1}", (x * 10.0).round() / 10.0);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn default_description(chart: &Chart) -> String {
    let what = match chart.kind {
        Kind::Bars => "Bars drawn to scale from zero".to_string(),
        Kind::Ranges => "Bars drawn to scale from zero; a range is solid up to its low end and light up to its high end".to_string(),
        Kind::Part => {
            let whole = chart.items.iter().find(|i| i.whole).map_or("", |i| i.label.as_str());
            format!("Each part drawn to scale against the whole, {whole}")
        }
    };
    format!("{what}, in {}.", chart.unit)
}

/// Draws the chart: a `<figure>` with a caption, the SVG (each bar a link to its panel entry)
/// and the same figures as a table for screen readers. `marks` has one entry per item.
///
/// The table is hidden inside a `<div>` rather than by a class on the table itself: a table
/// does not clip its overflow, so a hidden table would still widen the page on a phone.
///
/// The SVG uses `currentColor` and classes, never fixed colours, so the theme's light, dark
/// and print styles apply. It is `role="group"` rather than `role="img"`: an image's content
/// is hidden from assistive technology, and the bars are links that must stay reachable.
pub(crate) fn render(chart: &Chart, id: &str, marks: &[Mark]) -> String {
    let scale = Scale::of(chart);
    let drawn = draw_rows(chart, marks, &scale);
    let credit = credit(chart, marks);
    let description = chart
        .description
        .clone()
        .unwrap_or_else(|| default_description(chart));
    let title = escape(&chart.title);
    let unit = escape(&chart.unit);

    let mut html = String::with_capacity(drawn.rows.len() + 1024);
    let _ = write!(
        html,
        "<figure class=\"chart chart-{kind}\" id=\"{id}\">\n\
         <figcaption class=\"chart-caption\"><span class=\"chart-title\">{title}</span> \
         <span class=\"chart-unit\">{unit}</span> <span class=\"chart-source\">{credit}</span></figcaption>\n\
         <svg class=\"chart-svg\" viewBox=\"0 0 {w} {h}\" role=\"group\" aria-labelledby=\"{id}-title {id}-desc\" \
         fill=\"currentColor\" font-size=\"{font}\">\
         <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>\
         <line class=\"chart-axis\" x1=\"0.5\" y1=\"0\" x2=\"0.5\" y2=\"{h}\" stroke=\"currentColor\"/>\
         {rows}</svg>\n",
        kind = chart.kind.name(),
        w = c(WIDTH),
        h = c(drawn.height),
        font = c(FONT),
        desc = escape(&description),
        rows = drawn.rows,
    );
    write_table(&mut html, chart, marks, &title, &unit);
    html
}

/// How values map to lengths: the largest value spans the drawing less the room its label
/// needs; a part chart's whole is drawn behind each part as its track.
struct Scale {
    max: f64,
    span: f64,
    whole: Option<f64>,
}

impl Scale {
    fn of(chart: &Chart) -> Self {
        let max = chart
            .items
            .iter()
            .map(|i| high(&i.figure.value))
            .fold(0.0_f64, f64::max);
        let max = if max > 0.0 { max } else { 1.0 };
        let widest = chart
            .items
            .iter()
            .map(|i| i.value.chars().count())
            .max()
            .unwrap_or(0);
        let reserve = (widest as f64 * CHAR + 12.0).clamp(48.0, 200.0);
        let whole = chart
            .items
            .iter()
            .find(|i| i.whole)
            .map(|i| high(&i.figure.value));
        Scale {
            max,
            span: WIDTH - reserve,
            whole,
        }
    }

    /// The drawn length of a value: a positive value is never thinner than one unit.
    fn length(&self, v: f64) -> f64 {
        if v > 0.0 {
            (v / self.max * self.span).max(1.0)
        } else {
            0.0
        }
    }
}

/// The SVG's rows and the height they take.
struct Drawn {
    rows: String,
    height: f64,
}

/// Every item's label and bar, one under the other.
fn draw_rows(chart: &Chart, marks: &[Mark], scale: &Scale) -> Drawn {
    let mut rows = String::new();
    let mut y = 4.0;
    for (item, mark) in chart.items.iter().zip(marks) {
        let top = draw_label(&mut rows, &item.label, y);
        if let (Some(total), false) = (scale.whole, item.whole) {
            let _ = write!(
                rows,
                "<rect class=\"chart-track\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                c(top),
                c(scale.length(total)),
                c(BAR)
            );
        }
        draw_bar(&mut rows, chart, item, mark, scale, top);
        y = top + BAR + GAP;
    }
    Drawn {
        rows,
        height: y - GAP + 4.0,
    }
}

/// An item's label, wrapped, at `y`; where its bar starts.
fn draw_label(rows: &mut String, label: &str, y: f64) -> f64 {
    let lines = wrap(label, LABEL_CHARS);
    let _ = write!(
        rows,
        "<text class=\"chart-label\" aria-hidden=\"true\" y=\"{}\">",
        c(y + FONT)
    );
    for (n, line) in lines.iter().enumerate() {
        let dy = if n == 0 {
            String::new()
        } else {
            format!(" dy=\"{}\"", c(LINE))
        };
        let _ = write!(rows, "<tspan x=\"0\"{dy}>{}</tspan>", escape(line));
    }
    rows.push_str("</text>");
    y + lines.len() as f64 * LINE + 4.0
}

/// An item's bar (solid to its value, or to a range's low end and light to its high end) and
/// its value, as one link to its panel entry.
fn draw_bar(rows: &mut String, chart: &Chart, item: &Item, mark: &Mark, scale: &Scale, top: f64) {
    let label = format!(
        "{}: {} {} (source {})",
        item.label, item.value, chart.unit, mark.number
    );
    let _ = write!(
        rows,
        "<a class=\"cite-mark\" id=\"{}\" href=\"#cite-{}\" aria-label=\"{}\">",
        escape(&mark.anchor),
        mark.number,
        escape(&label)
    );
    let class = if item.whole {
        "chart-bar chart-whole"
    } else {
        "chart-bar"
    };
    let solid = match item.figure.value {
        Value::Range(..) => low(&item.figure.value),
        Value::One(_) => high(&item.figure.value),
    };
    let _ = write!(
        rows,
        "<rect class=\"{class}\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        c(top),
        c(scale.length(solid)),
        c(BAR)
    );
    let mut end = scale.length(solid);
    if let Value::Range(..) = item.figure.value {
        let hi = scale.length(high(&item.figure.value));
        let _ = write!(
            rows,
            "<rect class=\"chart-extent\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            c(end),
            c(top + 0.5),
            c((hi - end).max(0.0)),
            c(BAR - 1.0)
        );
        end = hi;
    }
    let _ = write!(
        rows,
        "<text class=\"chart-value\" x=\"{}\" y=\"{}\">{}</text></a>",
        c(end + 6.0),
        c(top + BAR / 2.0 + FONT * 0.35),
        escape(&item.value)
    );
}

/// The caption's credit: the chart's own, or the passages cited, with a link to each entry.
fn credit(chart: &Chart, marks: &[Mark]) -> String {
    let mut numbers: Vec<usize> = Vec::new();
    for m in marks {
        if !numbers.contains(&m.number) {
            numbers.push(m.number);
        }
    }
    let refs = numbers
        .iter()
        .map(|n| format!("<a href=\"#cite-{n}\" aria-label=\"source {n}\">{n}</a>"))
        .collect::<Vec<_>>()
        .join(", ");
    match &chart.credit {
        Some(credit) => format!("Source: {} [{refs}]", escape(credit)),
        None => format!("Source: the passages cited [{refs}]"),
    }
}

/// The same figures as a table for screen readers, and the figure's end.
fn write_table(html: &mut String, chart: &Chart, marks: &[Mark], title: &str, unit: &str) {
    let _ = write!(
        html,
        "<div class=\"visually-hidden\"><table class=\"chart-table\"><caption>{title} ({unit})</caption>\
         <thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Value</th><th scope=\"col\">Source</th></tr></thead><tbody>"
    );
    for (item, mark) in chart.items.iter().zip(marks) {
        let whole = if item.whole { " (the whole)" } else { "" };
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}{whole}</th><td>{}</td><td>{}</td></tr>",
            escape(&item.label),
            escape(&item.value),
            mark.number
        );
    }
    html.push_str("</tbody></table></div>\n</figure>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_short() {
        assert_eq!(c(12.0), "12");
        assert_eq!(c(12.345), "12.3");
        assert_eq!(wrap("a b c", 3), ["a b", "c"]);
    }
}
