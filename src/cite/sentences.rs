//! Sentences: the unit an editor quotes, and the unit the passage search ranks.
//!
//! A sentence never crosses a paragraph, for the same reason a quote never does; where one ends
//! follows the rule of `SourceText::context`, so a sentence shown by `site quote` is the same
//! sentence the sources panel shows around a quote.

use std::ops::Range;

use crate::text::article::{Article, trim_range};

/// A sentence of a source, by place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Index into the article's paragraphs.
    pub paragraph: usize,
    /// Byte range in the source's text, without surrounding white space.
    pub range: Range<usize>,
}

/// Every sentence of `article` that has a word or a digit, in reading order.
pub fn sentences(article: Article<'_>) -> Vec<Sentence> {
    let text = article.text;
    let mut out = Vec::new();
    for (paragraph, para) in article.paragraphs.iter().enumerate() {
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

/// Byte offsets just after each sentence end in a paragraph (see
/// `SourceText::context` for the rule).
pub(super) fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') || after_title(text.get(..i).unwrap_or("")) {
            continue;
        }
        let mut end = Some(text.len());
        while let Some(&(i, next)) = chars.peek() {
            if matches!(next, '.' | '!' | '?' | '"' | '\'' | '’' | '”' | '»' | ')') {
                chars.next();
                continue;
            }
            end = next.is_whitespace().then_some(i);
            break;
        }
        ends.extend(end);
    }
    ends
}

/// Whether `before` ends with a title that takes a period ("Mr.") or an
/// initial ("U.S.", "J. K."), which does not end a sentence.
fn after_title(before: &str) -> bool {
    const TITLES: [&str; 12] = [
        "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Prof", "Sen",
    ];
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    TITLES.contains(&word) || initial
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::article::SourceText;
    use proptest::prelude::*;

    fn texts(source: &str) -> Vec<String> {
        let src = SourceText::new(source);
        sentences(src.article())
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
            for s in sentences(src.article()) {
                let para = src.paragraphs()[s.paragraph].clone();
                prop_assert!(para.start <= s.range.start && s.range.end <= para.end);
                prop_assert!(text.get(s.range.clone()).is_some());
            }
        }
    }
}
