//! What a reader sees of raw HTML passed through: the text between its tags, with character
//! references (`&#57;`, `&frac12;`) as the browser shows them, and the attributes a browser
//! shows or reads aloud as text (a tooltip, an image's alt text, a label). Figures in them are
//! flagged like any other uncited figure.

use super::*;

/// Attributes whose values reach a reader as text.
const SHOWN: [&str; 6] = [
    "alt",
    "title",
    "aria-label",
    "aria-description",
    "placeholder",
    "label",
];

impl Pass<'_, '_> {
    /// Flags the figures a reader sees in raw HTML that is passed through. A figure is placed
    /// at its bytes when the text holds no character reference; otherwise at the HTML's start.
    pub(super) fn flag_shown_html(&mut self, html: &str, exact: bool, start: usize) {
        let text = outside_tags(html);
        let decoded = html_escape::decode_html_entities(&text);
        self.flag_figures(&decoded, exact && decoded == text, start);
        for (at, value) in shown_attributes(html) {
            let decoded = html_escape::decode_html_entities(value);
            self.flag_figures(&decoded, exact && decoded == value, start + at);
        }
    }
}

/// Whether a `<` at `i` opens a tag, a closing tag, a comment or a declaration; otherwise it
/// is text, as in `5 < 10`.
fn opens_tag(html: &str, i: usize) -> bool {
    html.as_bytes()
        .get(i + 1)
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
}

/// `html` with every tag and comment blanked out (byte for byte, so offsets hold): the text a
/// browser shows. A `>` inside a quoted attribute value does not end its tag.
fn outside_tags(html: &str) -> String {
    let mut shown = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for (i, c) in html.char_indices() {
        if !in_tag && c == '<' && opens_tag(html, i) {
            in_tag = true;
        }
        if in_tag {
            shown.extend(std::iter::repeat_n(' ', c.len_utf8()));
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '>') => in_tag = false,
                _ => {}
            }
        } else {
            shown.push(c);
        }
    }
    shown
}

/// The values of the attributes in `SHOWN` of every tag in `html`, each with the offset where
/// it starts. Quoted or not, as HTML allows.
fn shown_attributes(html: &str) -> Vec<(usize, &str)> {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let space = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_whitespace);
    let mut found = Vec::new();
    let mut i = 0;
    while i < len {
        if bytes[i] != b'<' || !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        while i < len && !space(i) && bytes[i] != b'>' {
            i += 1;
        }
        while i < len && bytes[i] != b'>' {
            if space(i) || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < len && !space(i) && !matches!(bytes[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            while space(i) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                i = i.max(name_start + 1);
                continue;
            }
            i += 1;
            while space(i) {
                i += 1;
            }
            let (value_start, value_end) = match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let end = html[i + 1..].find(char::from(q)).map_or(len, |j| i + 1 + j);
                    (i + 1, end)
                }
                _ => {
                    let end = (i..len)
                        .find(|&j| space(j) || bytes[j] == b'>')
                        .unwrap_or(len);
                    (i, end)
                }
            };
            if value_end > value_start && SHOWN.contains(&name.as_str()) {
                found.push((value_start, &html[value_start..value_end]));
            }
            i = (value_end + 1).max(name_start + 1);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_blanked_and_text_kept_in_place() {
        let html = "<p class=\"é\">About 12</p> <!-- 3 -->";
        let shown = outside_tags(html);
        assert_eq!(shown.len(), html.len());
        assert_eq!(shown.trim(), "About 12");
        assert_eq!(shown.find("12"), html.find("12"));
    }

    #[test]
    fn a_bare_less_than_and_a_quoted_greater_than_do_not_hide_text() {
        let shown = outside_tags("<p>5 < 10, then 99,000</p>");
        assert!(shown.contains("5 < 10, then 99,000"), "{shown}");
        let shown = outside_tags("<p title=\"a>b\">c 99,000</p>");
        assert_eq!(shown.trim(), "c 99,000");
    }

    #[test]
    fn shown_attributes_are_found_quoted_or_not() {
        let html = "<img src=x.png alt='99,000 troops'><span TITLE=\"about 12\" data-x=\"7\">a</span><a aria-label=5>";
        let found: Vec<&str> = shown_attributes(html).into_iter().map(|(_, v)| v).collect();
        assert_eq!(found, ["99,000 troops", "about 12", "5"]);
        let (at, value) = shown_attributes(html)[0];
        assert_eq!(&html[at..at + value.len()], "99,000 troops");
        assert!(shown_attributes("<p a=\"unclosed").is_empty());
        assert!(shown_attributes("<b title=").is_empty());
    }
}
