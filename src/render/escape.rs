//! HTML escaping, and a quote with its cited figures marked: the one place text becomes markup
//! outside the templates, shared by the panel, the source pages, charts, feeds and the serve
//! overlay.

use std::ops::Range;

/// The quote as HTML with the `marks` (byte ranges in order, as the cite stage finds the cited
/// figures) in `<mark>`.
pub fn mark_html(quote: &str, marks: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(quote.len() + 32);
    let mut at = 0;
    for r in marks {
        if r.start < at || r.end > quote.len() {
            continue;
        }
        html.push_str(&escape(&quote[at..r.start]));
        html.push_str("<mark>");
        html.push_str(&escape(&quote[r.clone()]));
        html.push_str("</mark>");
        at = r.end;
    }
    html.push_str(&escape(&quote[at..]));
    html
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_ranges_are_in_mark_and_the_rest_escaped() {
        let html = mark_html("11,000 of 12,000 <b>", &[0..6, 10..16]);
        assert_eq!(html, "<mark>11,000</mark> of <mark>12,000</mark> &lt;b&gt;");
    }
}
