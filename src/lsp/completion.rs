//! Completion while writing a citation: the source ids in a link's destination or a reference
//! definition, the passages of the page's sources inside its title (ranked against the words
//! typed so far and inserted as a correctly escaped title), and the front matter's keys.

use std::path::Path;

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, TextEdit};

use crate::build::Session;
use crate::cite::rank::Index;
use crate::cite::reference;
use crate::parse::front_matter::{PAGE_KEYS, SOURCE_KEYS};

use super::documents;

/// The most passages offered at once.
const MOST_PASSAGES: usize = 10;

/// What can be written at byte `offset` of the file at `rel`, whose text is `text`.
pub(crate) fn complete(
    session: &Session,
    rel: &Path,
    text: &str,
    offset: usize,
) -> Vec<CompletionItem> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if in_front_matter(text, line_start) {
        return keys(rel, before);
    }
    let sources = session.loaded_sources();
    let declared: Vec<String> = session
        .checked_page(rel)
        .map(|(page, _)| page.meta.sources.clone())
        .unwrap_or_default();
    if let Some(typed) = destination(before) {
        return sources
            .iter()
            .filter(|s| s.id.starts_with(typed))
            .map(|s| CompletionItem {
                label: s.id.clone(),
                kind: Some(CompletionItemKind::REFERENCE),
                detail: Some(s.record().title.clone()),
                sort_text: Some(format!("{}{}", u8::from(!declared.contains(&s.id)), s.id)),
                ..CompletionItem::default()
            })
            .collect();
    }
    let Some((open, id)) = title_start(before) else {
        return Vec::new();
    };
    let typed = &before[open + 1..];
    let Some(source) = sources.iter().find(|s| s.id == id) else {
        return Vec::new();
    };
    let article = source.text.article();
    let index = Index::new(&[article]);
    let query = index.query(typed);
    let closing = text[offset..].starts_with(['"', '\'', ')']);
    let range = documents::range(text, &(line_start + open..offset + usize::from(closing)));
    index
        .search(&query)
        .into_iter()
        .take(MOST_PASSAGES)
        .filter_map(|hit| {
            let passage = index.passages().get(hit.passage)?;
            let said = article.text.get(passage.sentence.range.clone())?;
            let title = reference::title(said);
            Some(CompletionItem {
                label: said.split_whitespace().collect::<Vec<_>>().join(" "),
                kind: Some(CompletionItemKind::TEXT),
                detail: Some(format!("{} (passage)", source.id)),
                filter_text: Some(format!("{}{typed}", &before[open..open + 1])),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: title,
                })),
                ..CompletionItem::default()
            })
        })
        .collect()
}

/// Whether the line starting at byte `line_start` is inside the front matter.
fn in_front_matter(text: &str, line_start: usize) -> bool {
    let Some(rest) = text.strip_prefix("---\n") else {
        return false;
    };
    let yaml_start = 4;
    if line_start < yaml_start {
        return false;
    }
    match rest.find("\n---") {
        Some(end) => line_start <= yaml_start + end,
        None => true,
    }
}

/// The front matter's keys that start with what the line holds, when it holds no `:` yet.
fn keys(rel: &Path, before: &str) -> Vec<CompletionItem> {
    if before.contains(':') || before.starts_with(char::is_whitespace) {
        return Vec::new();
    }
    let is_source = rel.starts_with("content/sources");
    let keys = if is_source { SOURCE_KEYS } else { PAGE_KEYS };
    keys.iter()
        .filter(|k| k.starts_with(before))
        .map(|k| CompletionItem {
            label: (*k).to_string(),
            kind: Some(CompletionItemKind::PROPERTY),
            insert_text: Some(format!("{k}: ")),
            ..CompletionItem::default()
        })
        .collect()
}

/// What is typed of a source id: the end of a line in a link's destination (`](nysun-`) or
/// after a reference definition's label (`[kursk]: nysun-`).
fn destination(before: &str) -> Option<&str> {
    let id_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .map_or(0, |i| i + 1);
    let typed = &before[id_start..];
    let lead = &before[..id_start];
    let definition = lead.starts_with('[') && lead.trim_end().ends_with("]:");
    (lead.ends_with("](") || definition).then_some(typed)
}

/// Where an unclosed title opens on the line (its delimiter's byte) and the source id before it.
fn title_start(before: &str) -> Option<(usize, &str)> {
    let open = before.rfind(['"', '\'', '('])?;
    let close = match before[open..].chars().next()? {
        '"' => '"',
        '\'' => '\'',
        _ => ')',
    };
    if before[open + 1..].contains(close) {
        return None;
    }
    let lead = before[..open].trim_end();
    let id_start = lead
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |i| i + 1);
    let id = &lead[id_start..];
    let marker = &lead[..id_start];
    let cites =
        marker.ends_with("](") || (marker.starts_with('[') && marker.trim_end().ends_with("]:"));
    (cites && !id.is_empty()).then_some((open, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destination_is_read_after_a_link_or_a_label() {
        assert_eq!(destination("About [11,000](nysun-"), Some("nysun-"));
        assert_eq!(destination("[kursk]: ny"), Some("ny"));
        assert_eq!(destination("About 11,000 troops"), None);
    }

    #[test]
    fn a_title_is_open_until_its_delimiter_closes_it() {
        assert_eq!(
            title_start("[kursk]: nysun \"around 11"),
            Some((15, "nysun"))
        );
        assert_eq!(title_start("[a](nysun \"x\" y"), None);
        assert_eq!(title_start("He said \"so"), None);
    }

    #[test]
    fn front_matter_ends_at_its_closing_line() {
        let text = "---\ntitle: A\n---\nBody\n";
        assert!(in_front_matter(text, 4));
        assert!(!in_front_matter(text, text.find("Body").unwrap_or(0)));
    }
}
