//! A plain-text file as paragraphs: blank lines separate them, lines within one are kept.

/// The paragraphs of `text`; a byte-order mark and CRLF line endings are accepted.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut paragraphs = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !lines.is_empty() {
                paragraphs.push(lines.join("\n"));
                lines.clear();
            }
        } else {
            lines.push(line);
        }
    }
    if !lines.is_empty() {
        paragraphs.push(lines.join("\n"));
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs() {
        assert_eq!(
            paragraphs("\u{feff}One\r\nline two\r\n\r\n \r\nThree  \n"),
            ["One\nline two", "Three"]
        );
        assert!(paragraphs(" \n\n").is_empty());
    }
}
