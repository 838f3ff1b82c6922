//! Reference definitions ready to paste, `[label]: source "title"`, whose title CommonMark
//! reads back as exactly the quote.
//!
//! A title is delimited by `"…"`, `'…'` or `(…)`; inside it a backslash escapes any ASCII
//! punctuation and `&` may start an entity. So the delimiter is one the quote does not
//! contain when there is one, and otherwise the quote's own `"` are escaped; every backslash
//! is doubled, and an `&` that could start an entity is escaped, so nothing of the quote is
//! lost or reinterpreted.

/// The definition line for a passage of `source` quoted as `quote`.
pub fn definition(label: &str, source: &str, quote: &str) -> String {
    format!("[{label}]: {source} {}", title(quote))
}

/// The quote as a CommonMark link title, white space collapsed to single spaces (a title may
/// not hold a blank line, and the quote check folds white space anyway).
pub fn title(quote: &str) -> String {
    let text = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let (open, close) = if !text.contains('"') {
        ('"', '"')
    } else if !text.contains('\'') {
        ('\'', '\'')
    } else if !text.contains(['(', ')']) {
        ('(', ')')
    } else {
        ('"', '"')
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 2);
    out.push(open);
    for (i, &c) in chars.iter().enumerate() {
        let entity = c == '&'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#');
        if c == '\\' || c == open || c == close || entity {
            out.push('\\');
        }
        out.push(c);
    }
    out.push(close);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_one_the_quote_lacks() {
        assert_eq!(title("plain words"), "\"plain words\"");
        assert_eq!(title("“curly” stays"), "\"“curly” stays\"");
        assert_eq!(title("he said \"no\""), "'he said \"no\"'");
        assert_eq!(title("\"it's\" here"), "(\"it's\" here)");
        assert_eq!(
            title("\"it's\" (here)"),
            "\"\\\"it's\\\" (here)\"",
            "all three: the double quotes are escaped"
        );
    }

    #[test]
    fn backslashes_entities_and_space() {
        assert_eq!(title("a\\b \\* c"), "\"a\\\\b \\\\* c\"");
        assert_eq!(title("AT&amp;T & co &#38;"), "\"AT\\&amp;T & co \\&#38;\"");
        assert_eq!(title(" two\n  lines\t"), "\"two lines\"");
    }

    #[test]
    fn definition_line() {
        assert_eq!(
            definition("kursk", "nysun-pyongyang", "around 11,000 troops"),
            "[kursk]: nysun-pyongyang \"around 11,000 troops\""
        );
    }
}
