//! `site explain CODE` prints the long explanation of a finding, as `rustc --explain` does.

pub mod common;

use std::path::Path;

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_code_is_explained_with_an_example_and_the_fix() {
    let out = common::run_in(here(), &["explain", "quote-not-found"]);
    out.assert_success();
    assert!(
        out.stdout
            .starts_with("quote-not-found: A quote is not in its stored source."),
        "{out}"
    );
    assert!(out.stdout.contains("Example:"), "{out}");
    assert!(
        out.stdout.contains("Fix: copy the passage word for word"),
        "{out}"
    );
}

#[test]
fn without_a_code_every_code_is_listed() {
    let out = common::run_in(here(), &["explain"]);
    out.assert_success();
    for code in [
        "uncited-figure",
        "figure-not-in-quote",
        "usage",
        "chart-yaml",
    ] {
        assert!(
            out.stdout.lines().any(|l| l.starts_with(code)),
            "{code} missing\n{out}"
        );
    }
}

#[test]
fn an_unknown_code_is_a_usage_error_with_a_suggestion() {
    let out = common::run_in(here(), &["explain", "quote-not-fond"]);
    out.assert_fails(
        2,
        &[
            "there is no code `quote-not-fond`",
            "did you mean `quote-not-found`?",
        ],
    );
}

#[test]
fn the_serve_finding_for_a_special_file_is_explained() {
    let out = common::run_in(here(), &["explain", "not-a-file"]);
    out.assert_success();
    assert!(
        out.stdout
            .starts_with("not-a-file: A file the site publishes is not a regular file."),
        "{out}"
    );
    assert!(out.stdout.contains("Example:"), "{out}");
    assert!(
        out.stdout
            .contains("Fix: remove it, or put a regular file in its place."),
        "{out}"
    );
}

#[test]
fn the_import_refusal_is_explained() {
    let out = common::run_in(here(), &["explain", "import"]);
    out.assert_success();
    assert!(
        out.stdout
            .starts_with("import: `site source add` cannot take"),
        "{out}"
    );
    assert!(
        out.stdout.contains("Fix: save the article's own page"),
        "{out}"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_listing_without_a_panic() {
    use std::process::{Command, Stdio};
    // A pipe whose reading end is closed before `site` starts, as `site explain | head -0` leaves
    // it: every write fails with a broken pipe.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_site"))
        .arg("explain")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("site runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
