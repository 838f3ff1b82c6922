//! The extractor's article as paragraphs of plain text: each block element ends one, inline
//! markup joins its text, and runs of white space become one space as a browser shows them.

use dom_query::NodeRef;

use super::metadata::collapse;

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// The paragraphs under `root`, in reading order. The walk keeps its own stack, so no page
/// nesting can exhaust the call stack.
pub(crate) fn collect(root: &NodeRef<'_>) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut stack = vec![(*root, false)];
    while let Some((node, leaving)) = stack.pop() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        let block = BLOCKS.contains(&name.as_str());
        if leaving {
            if block {
                flush(&mut current, &mut paragraphs);
            }
            continue;
        }
        if node.is_text() {
            current.push_str(&node.text());
            continue;
        }
        if name == "br" {
            current.push(' ');
            continue;
        }
        if block {
            flush(&mut current, &mut paragraphs);
        }
        stack.push((node, true));
        let children = node.children();
        stack.extend(children.into_iter().rev().map(|c| (c, false)));
    }
    flush(&mut current, &mut paragraphs);
    paragraphs
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let text = collapse(current);
    current.clear();
    if !text.is_empty() {
        paragraphs.push(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    #[test]
    fn blocks_make_paragraphs_and_inline_markup_joins() {
        let doc = Document::from(
            "<div><p>One <em>two</em>\n   three.</p><ul><li>Four</li><li>Five<br>six</li></ul>Seven</div>",
        );
        assert_eq!(
            collect(&doc.root()),
            ["One two three.", "Four", "Five six", "Seven"]
        );
    }
}
