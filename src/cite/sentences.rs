//! Sentences: the unit an editor quotes, and the unit the passage search ranks.
//!
//! A sentence never crosses a paragraph, for the same reason a quote never does; where one ends
//! follows the rule of [`SourceText::context`], so a sentence shown by `site quote` is the same
//! sentence the sources panel shows around a quote.

use std::ops::Range;

use super::source::{SourceText, sentence_ends, trim_range};

/// A sentence of a source, by place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index into [`SourceText::paragraphs`].
    pub paragraph: usize,
    /// Byte range in the source's text, without surrounding white space.
    pub range: Range<usize>,
}

/// Every sentence of `source` that has a word or a digit, in reading order.
pub fn sentences(source: &SourceText) -> Vec<Sentence> {
    let text = source.text();
    let mut out = Vec::new();
    for (paragraph, para) in source.paragraphs().iter().enumerate() {
        let body = text.get(para.clone()).unwrap_or("");
        let mut start = 0;
        for end in sentence_ends(body).into_iter().chain([body.len()]) {
            let r = trim_range(body, start..end.max(start));
            start = end.max(start);
            if body
                .get(r.clone())
                .is_some_and(|s| s.chars().any(char::is_alphanumeric))
            {
                out.push(Sentence {
                    paragraph,
                    range: para.start + r.start..para.start + r.end,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(source: &str) -> Vec<String> {
        let src = SourceText::new(source);
        sentences(&src)
            .iter()
            .map(|s| src.text()[s.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn split_at_sentence_ends_within_paragraphs() {
        assert_eq!(
            texts("Mr. Kim spoke. U.S. officials  agree!\nThen: “Yes.” Done\n\nNew one?"),
            [
                "Mr. Kim spoke.",
                "U.S. officials  agree!",
                "Then: “Yes.”",
                "Done",
                "New one?"
            ]
        );
    }

    #[test]
    fn punctuation_alone_is_no_sentence() {
        assert_eq!(texts("... !\n\n“”\n\nWord."), ["Word."]);
        assert!(texts("").is_empty());
    }

    proptest! {
        #[test]
        fn sentences_lie_inside_their_paragraph(text in "[ab .!?“”\n\u{301}]{0,60}") {
            let src = SourceText::new(&text);
            for s in sentences(&src) {
                let para = src.paragraphs()[s.paragraph].clone();
                prop_assert!(para.start <= s.range.start && s.range.end <= para.end);
                prop_assert!(text.get(s.range.clone()).is_some());
            }
        }
    }
}
