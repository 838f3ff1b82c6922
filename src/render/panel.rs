//! A panel entry as the templates see it: the check stage's data, with the quote's cited
//! figures marked and a derived figure's working linked to its inputs, as HTML.

use serde::Serialize;

use crate::cite::panel::{DerivedData, Entry, WorkingPiece};
use crate::render::escape::{escape, mark_html};

/// One entry of a page's sources panel, as `page.citations` in the templates.
#[derive(Debug, Clone, Serialize)]
pub struct PanelEntry {
    #[serde(flatten)]
    pub entry: Entry,
    /// The quote with its cited figures in `<mark>`.
    pub quote_html: String,
    pub derived: Option<DerivedView>,
}

/// A derived figure's working, as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct DerivedView {
    #[serde(flatten)]
    pub data: DerivedData,
    /// The working with each input a link to its own entry.
    pub working_html: String,
}

/// Makes the templates' view of an entry.
pub(crate) fn panel_entry(mut entry: Entry) -> PanelEntry {
    let derived = entry.derived.take().map(|data| DerivedView {
        working_html: working_html(&data.pieces),
        data,
    });
    let quote_html = match &derived {
        Some(d) => d.working_html.clone(),
        None => mark_html(&entry.quote, &entry.quote_marks),
    };
    PanelEntry {
        entry,
        quote_html,
        derived,
    }
}

/// The working as HTML: text escaped, each input a link to `#cite-N`.
fn working_html(pieces: &[WorkingPiece]) -> String {
    let mut html = String::new();
    for piece in pieces {
        match piece {
            WorkingPiece::Text(t) => html.push_str(&escape(t)),
            WorkingPiece::Input { number, figure } => {
                html.push_str(&format!(
                    "<a href=\"#cite-{number}\">{}</a>",
                    escape(figure)
                ));
            }
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::figures;
    use crate::text::figures::marks_in;

    #[test]
    fn cited_figures_are_marked_and_the_rest_escaped() {
        let figs = figures::extract("11,000 troops");
        let quote = "around 11,000 troops <b>";
        let html = mark_html(quote, &marks_in(quote, &figs));
        assert_eq!(html, "around <mark>11,000</mark> troops &lt;b&gt;");
    }

    #[test]
    fn inputs_link_to_their_entries_and_text_is_escaped() {
        let pieces = [
            WorkingPiece::Input {
                number: 2,
                figure: "11,000".into(),
            },
            WorkingPiece::Text(" × <b> = ".into()),
        ];
        assert_eq!(
            working_html(&pieces),
            "<a href=\"#cite-2\">11,000</a> × &lt;b&gt; = "
        );
    }
}
