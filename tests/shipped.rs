//! The shipped explainer builds under `--strict`, and every figure it cites is a citation whose
//! quote states that figure, as a whole figure ("1,000" is not found inside "11,000"), in the
//! stored article, and marked in the page's sources panel.
//!
//! The figures are not a list copied by hand: they are read from the explainer's own citation
//! links (`[around 11,000 troops][kursk]` with `[kursk]: nysun-pyongyang "..."`), so a figure
//! added to the explainer is checked at once.

pub mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{attr, between, tags};
use serde_json::Value;
use site::text::figures::{self, FigureKind};

const SOURCE: &str = "nysun-pyongyang";

/// Whether `figure` occurs in `text` as a whole figure: not preceded by a digit, `,` or `.`
/// that would make it part of a longer number, nor followed by a digit or by `,`/`.` and a digit.
fn has_whole(text: &str, figure: &str) -> bool {
    text.match_indices(figure).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let mut after = text[i + figure.len()..].chars();
        let next = after.next();
        let then = after.next();
        let glued_before = before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && figure.starts_with(|c: char| c.is_ascii_digit());
        let glued_after = next.is_some_and(|c| c.is_ascii_digit())
            || (matches!(next, Some(',' | '.')) && then.is_some_and(|c| c.is_ascii_digit()));
        !glued_before && !glued_after
    })
}

#[test]
fn whole_figures_are_not_found_inside_longer_ones() {
    assert!(has_whole("around 11,000 troops", "11,000"));
    assert!(!has_whole("around 11,000 troops", "1,000"));
    assert!(!has_whole("1,000,000 people", "1,000"));
    assert!(has_whole("losses of 1,000—or 30,000", "1,000"));
    assert!(has_whole("ends at 1,000.", "1,000"));
}

/// Every cited figure of the explainer's pages: each link `[text][label]` whose label is a
/// reference definition citing the stored source, with the figures (quantities) of its text.
fn cited_figures(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for page in ["content/index.md", "content/about.md"] {
        let text = common::read(&root.join(page));
        let mut quotes: BTreeMap<String, String> = BTreeMap::new();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix('[') else {
                continue;
            };
            let Some((label, def)) = rest.split_once("]: ") else {
                continue;
            };
            if let Some(quote) = def.strip_prefix(&format!("{SOURCE} \"")) {
                quotes.insert(label.to_string(), quote.trim_end_matches('"').to_string());
            }
        }
        let mut rest = text.as_str();
        while let Some(i) = rest.find("][") {
            let link_text = rest[..i].rsplit('[').next().unwrap_or("");
            let after = &rest[i + 2..];
            let label = after.split(']').next().unwrap_or("");
            if let Some(quote) = quotes.get(label) {
                for f in figures::extract(link_text) {
                    if f.kind == FigureKind::Quantity {
                        out.push((f.text, quote.clone()));
                    }
                }
            }
            rest = after;
        }
    }
    out
}

#[test]
fn the_shipped_explainer_builds_strictly_and_cites_every_key_figure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("public");
    let out = common::run_in(
        root,
        &[
            "--root",
            root.to_str().unwrap(),
            "build",
            "--strict",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    out.assert_success();
    assert!(
        !out.stderr.to_lowercase().contains("warning"),
        "the shipped site has warnings\n{out}"
    );

    let stored = common::read(&root.join(format!("content/sources/{SOURCE}.md")));
    let figures = cited_figures(root);
    assert!(
        figures.len() >= 10,
        "too few cited figures were read from the explainer: {figures:?}"
    );
    let json: Value =
        serde_json::from_str(&common::read(&output.join("citations.json"))).expect("JSON");
    let items = json["first"]["items"].as_array().expect("items");
    let html = common::read(&output.join("index.html"));
    for (figure, quote) in &figures {
        assert!(
            has_whole(quote, figure),
            "{figure}: the quote does not state it: {quote}"
        );
        assert!(
            has_whole(&stored, figure),
            "{figure}: the stored article does not state it"
        );
        let anchors: Vec<String> = items
            .iter()
            .filter(|item| {
                let text = item["body"][1]["value"].as_str().unwrap_or("");
                let exact = item["target"]["selector"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|s| s["type"] == "TextQuoteSelector")
                    .and_then(|s| s["exact"].as_str())
                    .unwrap_or("");
                has_whole(text, figure) && has_whole(exact, figure)
            })
            .filter_map(|item| {
                item["body"][0]["selector"]["value"]
                    .as_str()
                    .map(String::from)
            })
            .collect();
        assert!(
            !anchors.is_empty(),
            "no citation of {figure} whose quote states it"
        );
        // On the page: the citing link leads to a panel entry that marks the figure.
        let on_page = anchors.iter().any(|anchor| {
            let Some(link) = tags(&html, "a")
                .into_iter()
                .find(|t| attr(t, "id").as_deref() == Some(anchor.as_str()))
            else {
                return false;
            };
            let Some(target) = attr(link, "href") else {
                return false;
            };
            let entry_id = target.trim_start_matches('#');
            tags(&html, "li")
                .into_iter()
                .find(|t| attr(t, "id").as_deref() == Some(entry_id))
                .and_then(|li| between(&html[html.find(li).unwrap_or(0)..], li, "</li>"))
                .is_some_and(|entry| {
                    entry.match_indices("<mark>").any(|(i, _)| {
                        let marked = between(&entry[i..], "<mark>", "</mark>").unwrap_or("");
                        !marked.is_empty() && has_whole(figure, marked)
                    })
                })
        });
        assert!(on_page, "{figure}: no panel entry marks it in index.html");
    }
}
