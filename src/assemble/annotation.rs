//! One citing place as a W3C Web Annotation, in the Web Annotation Data Model's own terms: the
//! target is the passage in the stored text (quote and position selectors), the body the place
//! on the site that cites it. The items are data made into JSON by serde; render's
//! `feeds::write_citations_json` writes the collection around them.

use serde::Serialize;

use crate::cite::panel::Entry;

/// The context every annotation and the collection name (Web Annotation Data Model §3.1, §5).
pub(crate) const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// What one citing place's annotation is made from.
pub struct Annotation<'a> {
    pub page_permalink: &'a str,
    pub anchor: &'a str,
    pub figure: &'a str,
    pub entry: &'a Entry,
    pub source_text: &'a str,
    pub source_permalink: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: (PlaceBody<'a>, FigureBody<'a>),
    target: Target<'a>,
}

/// The citing place: the page and the fragment of the figure's link (§4.2.1). A Specific
/// Resource has no `value` of its own, so the figure's words are a second, textual body.
#[derive(Serialize)]
struct PlaceBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    selector: Fragment<'a>,
}

/// The figure as the page writes it (§3.2.4).
#[derive(Serialize)]
struct FigureBody<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
    format: &'static str,
    purpose: &'static str,
}

#[derive(Serialize)]
struct Fragment<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "conformsTo")]
    conforms_to: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    title: &'a str,
    publisher: &'a str,
    #[serde(rename = "storedCopy")]
    stored_copy: &'a str,
    #[serde(rename = "textDigest")]
    text_digest: &'a str,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// One citing place as a JSON item, complete on its own (with `@context`), so that it stays a
/// valid annotation when taken out of the collection.
pub fn item(a: &Annotation<'_>) -> Result<String, serde_json::Error> {
    let Some(located) = &a.entry.located else {
        return Ok(String::new());
    };
    let exact = a.source_text.get(a.entry.span.clone()).unwrap_or("");
    let item = Item {
        context: CONTEXT,
        id: format!("{}#{}", a.page_permalink, a.anchor),
        kind: "Annotation",
        motivation: "linking",
        body: (
            PlaceBody {
                kind: "SpecificResource",
                source: a.page_permalink,
                selector: Fragment {
                    kind: "FragmentSelector",
                    conforms_to: "http://tools.ietf.org/rfc/rfc3986",
                    value: a.anchor,
                },
            },
            FigureBody {
                kind: "TextualBody",
                value: a.figure,
                format: "text/plain",
                purpose: "describing",
            },
        ),
        target: Target {
            kind: "SpecificResource",
            source: a.entry.source.url.as_deref().unwrap_or(a.source_permalink),
            title: &a.entry.source.title,
            publisher: &a.entry.source.publisher,
            stored_copy: a.source_permalink,
            text_digest: &a.entry.source.text_digest,
            selector: (
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact,
                    prefix: &located.prefix,
                    suffix: &located.suffix,
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start: located.chars.start,
                    end: located.chars.end,
                },
            ),
        },
    };
    serde_json::to_string(&item)
}
