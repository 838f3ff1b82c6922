//! What the explainer used of each source and what it left out (`site check --coverage`, the
//! source page's "N of M figures" line), the digest of each source's normalised text, and the
//! blast radius of a changed source: every citation it breaks under one heading.

pub mod common;

use common::Project;
use serde_json::Value;
use sha2::{Digest, Sha256};

const SOURCE: &str = "---
title: Troops abroad
publisher: The Daily Example
rights: full
---
About 11,000 troops left in October, and 2,000 more followed.

North Korea has 1.2 million   troops
under arms.

The march took two days in 2024.
";

const PAGE: &str = "---
title: Home
sources: [daily]
---
Some [11,000 troops](daily \"About 11,000 troops left\") went.

Later [2,000 more](daily \"and 2,000 more followed\") and again
[11,000](daily \"About 11,000 troops left in October\").
";

fn site() -> Project {
    Project::new(&[
        ("site.yaml", "title: T\n"),
        ("content/sources/daily.md", SOURCE),
        ("content/index.md", PAGE),
    ])
}

#[test]
fn coverage_lists_every_figure_by_paragraph_with_where_it_is_cited() {
    let p = site();
    let out = p.run(&["check", "--coverage"]);
    out.assert_success();
    let lines: Vec<&str> = out.stdout.lines().map(str::trim_end).collect();
    let figure = |text: &str| {
        lines
            .iter()
            .find(|l| l.contains(&format!("  {text} ")) || l.ends_with(&format!("  {text}")))
            .unwrap_or_else(|| panic!("no line for {text}\n{out}"))
            .to_string()
    };
    assert!(
        out.stdout.contains("daily (content/sources/daily.md)"),
        "{out}"
    );
    let first = figure("11,000");
    assert!(first.starts_with("  paragraph 1"), "{first}");
    assert!(
        first.ends_with("content/index.md:5, content/index.md:8"),
        "{first}"
    );
    assert!(figure("2,000").ends_with("content/index.md:7"), "{out}");
    let million = figure("1.2 million");
    assert!(
        million.starts_with("  paragraph 2") && million.ends_with("not cited"),
        "{million}"
    );
    assert!(figure("two").starts_with("  paragraph 3"), "{out}");
    assert!(
        !out.stdout.contains("2024"),
        "a year is not a figure: {out}"
    );
    assert!(
        out.stdout.contains(
            "  2 of 4 figures cited; not cited: '1.2 million' (paragraph 2), 'two' (paragraph 3)"
        ),
        "{out}"
    );
}

#[test]
fn coverage_as_json_and_of_one_source() {
    let p = site();
    p.write(
        "content/sources/other.md",
        "---\ntitle: O\npublisher: P\n---\nSome 40 ships.\n",
    );
    let out = p.run(&["check", "--coverage", "daily", "--format", "json"]);
    out.assert_success();
    let docs: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(docs.len(), 1, "only the source asked for: {out}");
    let daily = &docs[0];
    assert_eq!(daily["source"], "daily");
    assert_eq!(daily["file"], "content/sources/daily.md");
    assert_eq!(
        (daily["cited"].as_u64(), daily["total"].as_u64()),
        (Some(2), Some(4))
    );
    let figures = daily["figures"].as_array().unwrap();
    assert_eq!(figures[0]["text"], "11,000");
    assert_eq!(figures[0]["paragraph"], 1);
    assert_eq!(figures[0]["cited_at"][1]["page"], "content/index.md");
    assert_eq!(figures[0]["cited_at"][1]["line"], 8);
    assert_eq!(figures[2]["cited"], false);

    let all = p.run(&["check", "--coverage", "--format", "json"]);
    assert_eq!(all.stdout.lines().count(), 2, "{all}");

    p.run(&["check", "--coverage", "dialy"])
        .assert_fails(2, &["there is no source `dialy`", "did you mean `daily`?"]);
}

#[test]
fn the_source_page_shows_coverage_marks_passages_and_links_back() {
    let p = site();
    p.run(&["build"]).assert_success();
    let html = p.read("public/sources/daily/index.html");
    assert!(
        html.contains("2 of 4 figures in this article are cited on this site"),
        "{html}"
    );
    let mark = html
        .find("<mark id=passage-")
        .or_else(|| html.find("<mark id=\"passage-"));
    assert!(mark.is_some(), "the cited passage is highlighted: {html}");
    assert!(
        html.contains("href=/#ref-1-1") || html.contains("href=\"/#ref-1-1\""),
        "the passage links back to where it is cited: {html}"
    );
}

/// The normalised text as the README defines it, written again here from the definition.
fn digest_by_hand(body: &str) -> String {
    let paragraphs: Vec<String> = body
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let text = format!("{}\n", paragraphs.join("\n\n"));
    let hash = Sha256::digest(text.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[test]
fn each_source_has_a_digest_a_reader_can_recompute() {
    let p = site();
    p.run(&["build"]).assert_success();
    let body = SOURCE.splitn(3, "---\n").nth(2).unwrap();
    let digest = digest_by_hand(body);
    let html = p.read("public/sources/daily/index.html");
    assert!(
        html.contains(&digest),
        "{digest} is not on the source page: {html}"
    );
    assert!(html.contains("To verify:"), "{html}");
    let json: Value = serde_json::from_str(&p.read("public/citations.json")).unwrap();
    assert_eq!(
        json["first"]["items"][0]["target"]["textDigest"],
        digest.as_str()
    );
    let page = p.read("public/index.html");
    let ld = common::between(&page, "<script type=application/ld+json>", "</script>")
        .or_else(|| common::between(&page, "<script type=\"application/ld+json\">", "</script>"))
        .expect("JSON-LD");
    let ld: Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["citation"][0]["identifier"]["value"], digest.as_str());
    let ld = common::between(&html, "<script type=application/ld+json>", "</script>")
        .or_else(|| common::between(&html, "<script type=\"application/ld+json\">", "</script>"))
        .expect("the source page's JSON-LD");
    let ld: Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "CreativeWork");
    assert_eq!(ld["identifier"]["propertyID"], "textDigest");
    assert_eq!(ld["identifier"]["value"], digest.as_str());

    // A change of spacing inside a paragraph keeps the digest; a changed word does not.
    p.write(
        "content/sources/daily.md",
        &SOURCE.replace("About 11,000", "About  11,000"),
    );
    p.run(&["build"]).assert_success();
    assert!(p.read("public/sources/daily/index.html").contains(&digest));
    p.write(
        "content/sources/daily.md",
        &SOURCE.replace("two days", "three days"),
    );
    p.run(&["build"]).assert_success();
    assert!(!p.read("public/sources/daily/index.html").contains(&digest));
}

#[test]
fn a_changed_source_shows_every_citation_it_breaks_under_one_heading() {
    let p = site();
    p.write(
        "content/about.md",
        "---\ntitle: About\nsources: [daily]\n---\nWe cite [2,000](daily \"2,000 more followed\").\n",
    );
    p.run(&["check"]).assert_success();
    // The article was updated: the sentence with both figures was rewritten.
    p.write(
        "content/sources/daily.md",
        &SOURCE.replace(
            "About 11,000 troops left in October, and 2,000 more followed.",
            "Some 12,000 troops left in October; 3,000 more followed.",
        ),
    );
    let out = p.run(&["check"]);
    assert_eq!(out.code, 1, "{out}");
    let heading = "error: 4 citations of the source `daily` do not match its text\n  --> content/sources/daily.md\n";
    let at = out
        .stderr
        .find(heading)
        .unwrap_or_else(|| panic!("no heading\n{out}"));
    let after = &out.stderr[at..];
    assert_eq!(
        after.matches("error[quote-not-found]").count(),
        4,
        "every broken citation follows its heading\n{out}"
    );
    for place in [
        "content/index.md:5",
        "content/index.md:7",
        "content/index.md:8",
        "content/about.md:5",
    ] {
        assert!(after.contains(place), "{place} is not listed\n{out}");
    }

    let json = p.run(&["check", "--format", "json"]);
    let found: Vec<Value> = json
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .filter(|d: &Value| d["severity"] == "error")
        .collect();
    assert_eq!(found.len(), 4, "{json}");
    for d in &found {
        assert_eq!(d["code"], "quote-not-found");
        assert_eq!(d["group"]["source"], "daily");
        assert_eq!(d["group"]["file"], "content/sources/daily.md");
    }
}

#[test]
fn one_broken_citation_is_shown_alone() {
    let p = site();
    p.write(
        "content/sources/daily.md",
        &SOURCE.replace("2,000 more", "3,000 more"),
    );
    let out = p.run(&["check"]);
    assert_eq!(out.code, 1, "{out}");
    assert!(!out.stderr.contains("do not match its text"), "{out}");
    assert!(out.stderr.contains("error[quote-not-found]"), "{out}");
}
