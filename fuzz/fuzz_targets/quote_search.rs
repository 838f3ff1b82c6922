//! Quote look-up: `normalize`, `SourceText::new`, `find` and `context`.
//!
//! The input is a source text and a quote, separated by the first 0xFF byte (which never
//! occurs in UTF-8), or else cut in half at a char boundary. The quote is also looked up in
//! the real article of the unit tests. Every range handed back must lie within the source
//! text and on char boundaries: the site slices the article with them.
#![no_main]

use std::ops::Range;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use site::cite::source::QuoteMiss;
use site::text::article::SourceText;
use site::text::normalize::normalize;

const ARTICLE: &str = include_str!("../../src/cite/testdata/article.txt");

fn article() -> &'static SourceText {
    static ARTICLE_TEXT: OnceLock<SourceText> = OnceLock::new();
    ARTICLE_TEXT.get_or_init(|| SourceText::new(ARTICLE))
}

fn assert_range(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} {r:?} is outside the source text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} {r:?} is not on char boundaries of {text:?}"
    );
}

fn search(src: &SourceText, quote: &str) {
    let text = src.text();
    for p in src.paragraphs() {
        assert_range(text, p, "paragraph");
    }
    match src.find(quote) {
        Ok(m) => {
            assert!(!m.parts.is_empty(), "a match without parts");
            for part in &m.parts {
                assert_range(text, part, "part");
            }
            assert_range(text, &m.span, "span");
            assert_eq!(m.span.start, m.parts[0].start, "span does not start with the first part");
            assert_eq!(m.span.end, m.parts[m.parts.len() - 1].end, "span does not end with the last part");
            let para = src.paragraphs().get(m.paragraph).expect("paragraph index out of range");
            assert!(
                para.start <= m.span.start && m.span.end <= para.end,
                "span {:?} is outside its paragraph {para:?}",
                m.span
            );
            let _ = src.context(&m);
        }
        Err(QuoteMiss::Empty) => {}
        Err(QuoteMiss::NotFound(miss)) => {
            assert_range(text, &miss.closest, "closest");
            assert_eq!(&text[miss.closest.clone()], miss.closest_text);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (source, quote) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => {
            let (Ok(s), Ok(q)) = (std::str::from_utf8(&data[..at]), std::str::from_utf8(&data[at + 1..]))
            else {
                return;
            };
            (s, q)
        }
        None => {
            let Ok(s) = std::str::from_utf8(data) else {
                return;
            };
            let mut half = s.len() / 2;
            while !s.is_char_boundary(half) {
                half -= 1;
            }
            s.split_at(half)
        }
    };

    for s in [source, quote] {
        let n = normalize(s);
        for r in [0..n.text.len(), 0..0, n.text.len() / 2..n.text.len(), 1..n.text.len() / 2] {
            let o = n.original_range(r);
            assert_range(s, &o, "original_range");
        }
    }

    let src = SourceText::new(source);
    assert_eq!(src.text(), source);
    search(&src, quote);
    search(article(), quote);
});
