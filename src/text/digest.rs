//! The digest of a source's normalised text: one string anyone can recompute from the article
//! to check that the text the site's quotes were checked against is the text they have.
//!
//! The normalised text is the text the citations are checked against (the body, then each
//! caption as a paragraph of its own), paragraph by paragraph: each paragraph's runs of
//! whitespace (Unicode White_Space, line breaks included) become one space and its ends are
//! trimmed; paragraphs are joined by one blank line ("\n\n") and the whole ends with one "\n";
//! encoded as UTF-8. Nothing else is folded (no case, no Unicode normalisation, no quote
//! marks), so the rule can be re-applied with any language's standard library.

use sha2::{Digest, Sha256};

use crate::text::article::SourceText;

/// The name of the algorithm, written before the hex digest so that a reader knows which one
/// to run and a later change of algorithm cannot be mistaken for a changed text.
const ALGORITHM: &str = "sha256";

/// The normalised text the digest is taken of.
pub fn normalised_text(text: &SourceText) -> String {
    let whole = text.text();
    let mut out = String::with_capacity(whole.len());
    for range in text.paragraphs() {
        let paragraph = whole.get(range.clone()).unwrap_or("");
        let mut words = paragraph.split_whitespace().peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, word) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out.push('\n');
    out
}

/// `sha256:` and the lowercase hex SHA-256 of [`normalised_text`].
pub fn text_digest(text: &SourceText) -> String {
    let hash = Sha256::digest(normalised_text(text).as_bytes());
    let mut out = String::with_capacity(ALGORITHM.len() + 1 + 64);
    out.push_str(ALGORITHM);
    out.push(':');
    for byte in hash.iter() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_and_line_breaks_within_a_paragraph_do_not_change_the_digest() {
        let a = SourceText::new("One  two\nthree.\n\n\nFour 5,000.\n");
        let b = SourceText::new("One two three.\n\nFour 5,000.");
        assert_eq!(normalised_text(&a), "One two three.\n\nFour 5,000.\n");
        assert_eq!(text_digest(&a), text_digest(&b));
    }

    #[test]
    fn a_changed_word_or_paragraph_break_changes_it() {
        let a = text_digest(&SourceText::new("One two three.\n\nFour 5,000.\n"));
        let word = text_digest(&SourceText::new("One two three.\n\nFour 5,001.\n"));
        let merged = text_digest(&SourceText::new("One two three.\nFour 5,000.\n"));
        assert_ne!(a, word);
        assert_ne!(a, merged);
    }

    #[test]
    fn it_is_the_sha256_of_the_normalised_text() {
        // SHA-256 of "abc\n", as `printf 'abc\n' | sha256sum` prints it.
        assert_eq!(
            text_digest(&SourceText::new("abc")),
            "sha256:edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb"
        );
    }

    #[test]
    fn captions_are_paragraphs_of_the_text() {
        let text = SourceText::with_captions("Body 1.\n", &["A  caption.".to_string()]);
        assert_eq!(normalised_text(&text), "Body 1.\n\nA caption.\n");
    }
}
