//! Findings at scale: a page with thousands of uncited numbers on one long line must give a
//! short, readable terminal report, while `--format json` still lists every finding.

pub mod common;

use common::Project;

/// One line of `count` plain numbers: a one-line page as a careless paste makes it.
fn numbers_page(count: usize) -> Project {
    let line: String = (0..count)
        .map(|i| format!("about {},{:03} ships ", 2 + i % 90, i % 1000))
        .collect();
    Project::new(&[
        ("site.yaml", "title: T\n"),
        (
            "content/index.md",
            &format!("---\ntitle: Home\n---\n{line}\n"),
        ),
    ])
}

#[test]
fn thousands_of_uncited_numbers_print_twenty_then_one_summary_line() {
    let p = numbers_page(3_000);
    let out = p.run(&["check"]);
    out.assert_success();
    let shown = out
        .stderr
        .matches("warning[uncited-figure]: the figure")
        .count();
    assert_eq!(shown, 20, "{}", &out.stderr[..out.stderr.len().min(4000)]);
    assert!(
        out.stderr.contains(
            "note: and 2,980 more warning[uncited-figure] in content/index.md (the first 20 are shown); `--format json` lists all"
        ),
        "{}",
        out.stderr
    );
    // The 60 KB line is shown as a window around each figure, never whole.
    let longest = out.stderr.lines().map(|l| l.chars().count()).max();
    assert!(longest < Some(400), "a line of {longest:?} characters");
    assert!(out.stderr.len() < 40_000, "{} bytes", out.stderr.len());
}

#[test]
fn json_lists_every_finding_of_a_long_line() {
    let p = numbers_page(3_000);
    let out = p.run(&["check", "--format", "json"]);
    out.assert_success();
    let findings: Vec<serde_json::Value> = out
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        // The fixture's base_url has no host: one note says so, beside the page's findings.
        .filter(|d: &serde_json::Value| d["code"] != "relative-base-url")
        .collect();
    assert_eq!(findings.len(), 3_000);
    assert!(findings.iter().all(|f| f["code"] == "uncited-figure"));
    assert_eq!(findings[2_999]["line"], 4);
}
