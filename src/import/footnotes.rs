//! Footnotes: part of the article (they often name where a figure comes from), but placed
//! apart from its body, where a reader-view extractor leaves them out. They are taken out
//! first and kept as the last paragraphs, each numbered as the page's list shows it.

use dom_query::Document;

use super::metadata::{collapse, nodes};

/// Where footnotes are marked up.
const FOOTNOTES: &str =
    "[role='doc-endnotes'], section.footnotes, div.footnotes, ol.footnotes, aside.footnotes";

/// Removes the footnotes from `doc` and returns them as paragraphs ("1. The source of ...").
pub(crate) fn take(doc: &Document) -> Vec<String> {
    let mut notes = Vec::new();
    for block in nodes(doc, FOOTNOTES) {
        let attached = block
            .ancestors_it(None)
            .last()
            .is_some_and(|a| a.is_document());
        if !attached {
            continue;
        }
        let list = dom_query::Selection::from(block);
        let start = list
            .try_select("ol")
            .and_then(|ol| ol.attr("start"))
            .or_else(|| block.attr("start"))
            .and_then(|s| s.trim().parse::<usize>().ok())
            .unwrap_or(1);
        let items = list
            .try_select("li")
            .map(|s| s.nodes().to_vec())
            .unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            let text = collapse(&item.text());
            if !text.is_empty() {
                notes.push(format!("{}. {text}", start + i));
            }
        }
        block.remove_from_parent();
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_are_numbered_as_the_list_shows_them() {
        let doc = Document::from(
            "<p>Body</p><section class='footnotes'><ol start='3'><li>First.</li><li><p>Second  one.</p></li></ol></section>",
        );
        assert_eq!(take(&doc), ["3. First.", "4. Second one."]);
        assert!(!doc.html().contains("First"));
    }
}
