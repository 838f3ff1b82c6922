//! A saved page in, its article out: pure, no I/O.
//!
//! The facts are read from the whole page first; then the furniture is removed and counted,
//! captions are taken out, and `dom_smoothie` (a port of the algorithm of Firefox's reader
//! view) picks the article's body from what is left.

use dom_query::Document;
use dom_smoothie::{Config, Readability};

use super::{Article, Dropped, ImportError, clean, footnotes, metadata, paragraphs, words};

/// Deeper nesting than any real page has; the limit keeps every later walk of the tree small.
pub(crate) const MAX_DEPTH: usize = 512;
/// More elements than any real article page has.
pub(crate) const MAX_ELEMENTS: usize = 200_000;

/// Elements that hold no others, or whose end tag a page may leave out: a cheap count of open
/// tags skips them, so that it never overstates the nesting of a valid page.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option",
    "optgroup", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// Extracts the article of a saved page.
pub(crate) fn extract(html: &str) -> Result<Article, ImportError> {
    // The parser's time grows with the square of the nesting, so a page nested thousands deep
    // is refused before it is parsed; the tree's own limit below is exact.
    let open = open_tags(html, 4 * MAX_DEPTH);
    if open > 4 * MAX_DEPTH {
        return Err(ImportError::TooDeep(open));
    }
    let doc = Document::from(html);
    check_shape(&doc)?;
    let facts = metadata::read(&doc);
    let mut dropped = Dropped::default();
    let captions = clean::clean(&doc, &mut dropped);
    let notes = footnotes::take(&doc);
    let page_words = doc.body().map_or(0, |b| words(&b.text()));
    let config = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut reader =
        Readability::with_document(doc, None, Some(config)).map_err(|_| ImportError::NoText)?;
    let found = reader.parse().map_err(|_| ImportError::NoText)?;
    let content = Document::fragment(found.content.as_ref());
    let mut paragraphs = paragraphs::collect(&content.root());
    if paragraphs.is_empty() {
        return Err(ImportError::NoText);
    }
    let footnotes = notes.len();
    paragraphs.extend(notes);
    let kept: usize = paragraphs.iter().map(|p| words(p)).sum();
    dropped.other_words = page_words.saturating_sub(kept);
    Ok(Article {
        paragraphs,
        footnotes,
        captions,
        facts,
        dropped,
    })
}

/// How many tags are open at most at once, counting only tags that must be closed; stops
/// counting past `limit`.
fn open_tags(html: &str, limit: usize) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(lt) = bytes
        .get(at..)
        .and_then(|b| b.iter().position(|&c| c == b'<'))
    {
        at += lt + 1;
        let rest = html.get(at..).unwrap_or("");
        if rest.starts_with("!--") {
            at += rest.find("-->").map_or(rest.len(), |i| i + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        if name.is_empty() || NOT_NESTING.contains(&name.as_str()) {
            at += end;
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !rest[..end].ends_with("/>") {
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = format!("</{name}");
                at += rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                continue;
            }
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > limit {
                return deepest;
            }
        }
        at += end;
    }
    deepest
}

/// Refuses a tree too deep or too large, walking it with a stack of its own.
fn check_shape(doc: &Document) -> Result<(), ImportError> {
    let mut stack = vec![(doc.root(), 0usize)];
    let mut elements = 0usize;
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(ImportError::TooDeep(depth));
        }
        if node.is_element() {
            elements += 1;
            if elements > MAX_ELEMENTS {
                return Err(ImportError::TooLarge(elements));
            }
        }
        stack.extend(node.children().into_iter().map(|c| (c, depth + 1)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Kind;

    #[test]
    fn a_deeply_nested_page_is_refused_not_crashed() {
        let html = "<div>".repeat(5_000) + "text";
        assert!(matches!(extract(&html), Err(ImportError::TooDeep(_))));
    }

    #[test]
    fn open_tags_count_only_what_must_be_closed() {
        assert_eq!(open_tags("<div><p>a<p>b<ul><li>c<li>d</ul></div>", 100), 2);
        assert_eq!(
            open_tags("<div><!-- <div><div> --><br/><img src=x><span/></div>", 100),
            1
        );
        assert_eq!(
            open_tags("<script>if (a<b) { x = '<div>'; }</script><div>", 100),
            1
        );
        assert_eq!(open_tags(&"<section>".repeat(50), 10), 11);
    }

    #[test]
    fn a_page_without_text_says_so() {
        assert_eq!(
            extract("<html><body></body></html>"),
            Err(ImportError::NoText)
        );
    }

    #[test]
    fn furniture_is_counted_and_captions_move_out() {
        let body = "<p>The river rose by 2 metres overnight, the town's engineers said, and the \
                    old bridge was closed to traffic until the water falls again.</p>"
            .repeat(4);
        let html = format!(
            "<html><body><nav><a href='/'>Home</a></nav><article><h1>Flood</h1>\
             <figure><img src='a.jpg' alt=''><figcaption>The bridge at dawn.</figcaption></figure>\
             {body}<p>Corrected: the bridge reopens <ins>on Friday</ins>.</p>\
             <div class='share-bar'><a>Share</a></div></article>\
             <footer>© 2025 The Town Paper</footer><script>track()</script></body></html>"
        );
        let article = extract(&html).unwrap();
        assert_eq!(article.paragraphs.len(), 5);
        assert_eq!(
            article.paragraphs[4],
            "Corrected: the bridge reopens on Friday."
        );
        assert_eq!(article.captions, ["The bridge at dawn."]);
        let count = |k| article.dropped.by_kind.get(&k).copied().unwrap_or(0);
        assert_eq!(count(Kind::Navigation), 1);
        assert_eq!(count(Kind::Headline), 1);
        assert_eq!(count(Kind::ShareBar), 1);
        assert_eq!(count(Kind::Footer), 1);
        assert_eq!(count(Kind::Script), 1);
        assert_eq!(count(Kind::Caption), 1);
    }
}
