//! The shipped explainer builds under `--strict`, and each of its key figures is a citation
//! whose quote states that figure.

pub mod common;

use std::path::Path;

use common::{attr, between, tags};
use serde_json::Value;

const FIGURES: &[&str] = &[
    "11,000",
    "1.2 million",
    "50 miles",
    "25 million",
    "$2,000",
    "610,000",
    "25,000–30,000",
    "1,000",
    "30,000",
    "170-millimeter",
    "240-millimeter",
    "100,000",
];

/// The figure's number as the panel marks it ("50 miles" is marked as "50").
fn marked(figure: &str) -> &str {
    figure.strip_suffix(" miles").unwrap_or(figure)
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

    let json: Value =
        serde_json::from_str(&common::read(&output.join("citations.json"))).expect("JSON");
    let items = json["items"].as_array().expect("items");
    let html = common::read(&output.join("index.html"));
    for figure in FIGURES {
        let backed = items.iter().filter(|item| {
            let text = item["body"]["value"].as_str().unwrap_or("");
            let exact = item["target"]["selector"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|s| s["type"] == "TextQuoteSelector")
                .and_then(|s| s["exact"].as_str())
                .unwrap_or("");
            text.contains(figure) && exact.contains(figure)
        });
        let anchors: Vec<String> = backed
            .filter_map(|item| item["body"]["selector"]["value"].as_str().map(String::from))
            .collect();
        assert!(
            !anchors.is_empty(),
            "no citation of {figure} whose quote states it"
        );
        // On the page: the citing link leads to a panel entry that marks the figure.
        let on_page = anchors.iter().any(|anchor| {
            let Some(link) = tags(&html, "a")
                .into_iter()
                .find(|t| attr(t, "id").as_deref() == Some(anchor))
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
                .is_some_and(|entry| entry.contains(&format!("<mark>{}</mark>", marked(figure))))
        });
        assert!(on_page, "{figure}: no panel entry marks it in index.html");
    }
}
