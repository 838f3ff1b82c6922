//! Document symbols: a page's outline as the editor shows it, its headings nesting the
//! citations of their sections, each citation named by its link text with the figures the
//! check reads from it and the source it quotes.

use std::ops::Range;

use lsp_types::{DocumentSymbol, SymbolKind};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::cite::page::Cited;
use crate::parse::markdown::{CitationRef, Place};
use crate::parse::page::Page;
use crate::text::figures;

use super::documents;

/// A heading of the page's body: its level, its words and where it is in the file.
struct Heading {
    level: u8,
    name: String,
    bytes: Range<usize>,
}

/// The outline of a checked page.
pub(crate) fn symbols(page: &Page, cited: &Cited) -> Vec<DocumentSymbol> {
    let text = page.file.text.as_str();
    let headings = headings(text, page.body_offset);
    let mut citations: Vec<&CitationRef> = cited.body.citations.iter().collect();
    citations.sort_by_key(|c| c.link.start);
    citations.dedup_by_key(|c| c.link.clone());

    let mut roots = Vec::new();
    let mut open: Vec<(u8, DocumentSymbol)> = Vec::new();
    let mut next = citations.into_iter().peekable();
    for (i, heading) in headings.iter().enumerate() {
        while let Some(c) = next.next_if(|c| c.link.start < heading.bytes.start) {
            add(&mut open, &mut roots, citation(text, cited, c));
        }
        while open
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            close(&mut open, &mut roots);
        }
        // A section runs to the next heading of its level or above, so its citations lie in it.
        let end = headings[i + 1..]
            .iter()
            .find(|h| h.level <= heading.level)
            .map_or(text.len(), |h| h.bytes.start);
        let section = heading.bytes.start..end.max(heading.bytes.end);
        open.push((
            heading.level,
            symbol(
                text,
                heading.name.clone(),
                None,
                SymbolKind::NAMESPACE,
                &section,
                &heading.bytes,
            ),
        ));
    }
    for c in next {
        add(&mut open, &mut roots, citation(text, cited, c));
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

/// The headings of the body, which starts at byte `body` of the file's `text`.
fn headings(text: &str, body: usize) -> Vec<Heading> {
    let mut found = Vec::new();
    let mut current: Option<Heading> = None;
    for (event, range) in
        Parser::new_ext(text.get(body..).unwrap_or(""), options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some(Heading {
                    level: level as u8,
                    name: String::new(),
                    bytes: body + range.start..body + range.end,
                });
            }
            Event::Text(words) | Event::Code(words) => {
                if let Some(h) = &mut current {
                    h.name.push_str(&words);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = current.take() {
                    h.name = h.name.trim().to_string();
                    if !h.name.is_empty() {
                        found.push(h);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The Markdown extensions the build reads with, so headings are found where it finds them.
fn options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES
}

/// A citation as a symbol: its link text, then its figures and what it quotes.
fn citation(text: &str, cited: &Cited, c: &CitationRef) -> DocumentSymbol {
    let figures: Vec<String> = figures::extract(&c.link_text)
        .into_iter()
        .map(|f| f.text)
        .collect();
    let figures = if figures.is_empty() {
        "no figure".to_string()
    } else {
        figures.join(", ")
    };
    let entry = cited.entries.iter().find(|e| e.number == c.entry + 1);
    let cites = match (&c.place, entry.and_then(|e| e.derived.as_ref())) {
        (Place::Derived, Some(derived)) => format!("= {}", derived.formula),
        (Place::Chart, _) => format!("chart · {}", c.source),
        _ if entry.is_none() => format!("{} · not found in the source", c.source),
        _ => c.source.clone(),
    };
    symbol(
        text,
        c.link_text.trim().to_string(),
        Some(format!("{figures} · {cites}")),
        SymbolKind::NUMBER,
        &c.link,
        &c.link,
    )
}

fn symbol(
    text: &str,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    whole: &Range<usize>,
    selection: &Range<usize>,
) -> DocumentSymbol {
    // `deprecated` is the protocol's older field, set through `tags` now; it must still be given.
    #[allow(deprecated)]
    DocumentSymbol {
        name: if name.is_empty() {
            "(empty)".into()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: documents::range(text, whole),
        selection_range: documents::range(text, selection),
        children: None,
    }
}

/// Puts a symbol under the innermost open heading, or at the top.
fn add(open: &mut [(u8, DocumentSymbol)], roots: &mut Vec<DocumentSymbol>, symbol: DocumentSymbol) {
    match open.last_mut() {
        Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(symbol),
        None => roots.push(symbol),
    }
}

/// Closes the innermost open heading, putting it under the one around it.
fn close(open: &mut Vec<(u8, DocumentSymbol)>, roots: &mut Vec<DocumentSymbol>) {
    if let Some((_, symbol)) = open.pop() {
        add(open, roots, symbol);
    }
}
