//! A source's whole stored text as HTML, for a source page whose rights allow it: paragraphs
//! of the body, then each photo caption or credit as a figure caption, every cited passage
//! marked and anchored so the panel's links land on it, and followed by links back to the places
//! that cite it.

use std::ops::Range;

use crate::assemble::view::CitedBy;
use crate::render::escape::escape;
use crate::text::article::SourceText;

/// A cited passage of the text: its anchor (`passage-120-161`) and where it lies in the text.
pub(crate) struct Marked<'a> {
    pub id: &'a str,
    pub span: Range<usize>,
    pub cited_by: &'a [CitedBy],
}

/// The text as `<p>` paragraphs and `<figure class="caption">` captions; `passages` in the
/// order of the text.
pub(crate) fn full_text_html(source: &SourceText, passages: &[Marked<'_>]) -> String {
    let text = source.text();
    let mut html = String::with_capacity(text.len() + 256);
    for para in source.paragraphs() {
        let caption = source.in_captions(para.start);
        html.push_str(if caption {
            "<figure class=\"caption\"><figcaption>"
        } else {
            "<p>"
        });
        let mut at = para.start;
        for p in passages {
            let span = &p.span;
            if span.start < at || span.end > para.end {
                continue;
            }
            html.push_str(&escape(&text[at..span.start]));
            html.push_str(&format!("<mark id=\"{}\">", p.id));
            html.push_str(&escape(&text[span.clone()]));
            html.push_str("</mark>");
            for by in p.cited_by {
                html.push_str(&format!(
                    "<a class=\"cited-at\" href=\"{}\" aria-label=\"Cited by {}\">↩</a>",
                    escape(&by.url),
                    escape(&by.title)
                ));
            }
            at = span.end;
        }
        html.push_str(&escape(&text[at..para.end]));
        html.push_str(if caption {
            "</figcaption></figure>\n"
        } else {
            "</p>\n"
        });
    }
    html
}
