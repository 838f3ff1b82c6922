//! How deep the HTML a template writes nests, bounded before the minifier reads it: the
//! minifier recurses once per open element, so a theme writing thousands of nested elements
//! (a loop opening a `<div>` on each turn) exhausted a rendering thread's stack.

/// Far beyond any page: a page's Markdown and raw HTML nest at most 100 levels, and a theme
/// wraps them in a few dozen.
pub(crate) const MAX_HTML_DEPTH: usize = 256;

/// Elements that never hold others, so never nest.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: [&str; 5] = ["script", "style", "textarea", "title", "xmp"];

/// The byte offset where `html` first opens an element nested deeper than [`MAX_HTML_DEPTH`];
/// one pass, with no recursion.
pub(crate) fn too_deep(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(j) = html.get(i..).and_then(|rest| rest.find('<')) {
        let at = i + j;
        let rest = &html[at + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            i = comment.find("-->").map_or(html.len(), |k| at + 4 + k + 3);
            continue;
        }
        if rest.starts_with('/') {
            depth = depth.saturating_sub(1);
            i = at + 1;
            continue;
        }
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if !rest.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let end = tag_end(bytes, at + 1 + name_len);
        let self_closing = end >= 2 && bytes.get(end - 2) == Some(&b'/');
        if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
            if depth > MAX_HTML_DEPTH {
                return Some(at);
            }
        }
        i = end;
        if RAW_TEXT.contains(&name.as_str()) {
            i = closing(bytes, end, name.as_bytes());
        }
    }
    None
}

/// Where the end tag of the raw-text element `name` is, from `from` on, in any case; only the
/// bytes up to it are looked at, so many such elements cost the page's length once.
fn closing(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while i + 2 + name.len() <= bytes.len() {
        if bytes[i] == b'<'
            && bytes[i + 1] == b'/'
            && bytes[i + 2..i + 2 + name.len()].eq_ignore_ascii_case(name)
        {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Just past the `>` that ends the tag whose attributes start at `i` (a `>` inside a quoted
/// value does not end it).
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i,
            _ => {}
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!(
            "<!doctype html><html><body>{}x{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        )
    }

    #[test]
    fn nesting_past_the_bound_is_found_where_it_starts() {
        assert_eq!(too_deep(&nested(MAX_HTML_DEPTH - 2)), None);
        let html = nested(100_000);
        let at = too_deep(&html).expect("too deep");
        assert_eq!(&html[at..at + 5], "<div>");
    }

    #[test]
    fn many_raw_text_elements_cost_the_length_once() {
        let html = "<style>p{}</STYLE><title>t</title>".repeat(200_000);
        let start = std::time::Instant::now();
        assert_eq!(too_deep(&html), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn void_self_closed_and_closed_elements_do_not_add_up() {
        let flat = "<p>a <br><img src=x><input/><!-- <div> --></p>".repeat(10_000);
        assert_eq!(too_deep(&flat), None);
        let script = format!("<script>{}</script>", "<div>".repeat(10_000));
        assert_eq!(too_deep(&script), None);
        let quoted = format!("<p title=\"a>b\">{}</p>", "<i>x</i>".repeat(10_000));
        assert_eq!(too_deep(&quoted), None);
    }
}
