//! Byte-for-byte stability of what `site build` writes: the shipped explainer and the 100-page
//! benchmark corpus are built and every output file is compared with the digest recorded in
//! `tests/digests/` (the fixtures of the other test files are checked the same way, build by
//! build, through `common::Project::build`).
//!
//! A change that alters output on purpose re-records the digests deliberately:
//! `SITE_UPDATE_DIGESTS=1 cargo test`, then review and commit the diff of `tests/digests/` with
//! the change. Needs `python3` for the corpus generator (`bench/gen_corpus.py`).

pub mod common;

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build(project: &Path, args: &[&str], output: &Path) {
    let mut all = vec![
        "--root",
        project.to_str().expect("a UTF-8 path"),
        "build",
        "--output",
        output.to_str().expect("a UTF-8 path"),
    ];
    all.extend_from_slice(args);
    common::run_in(project, &all).assert_success();
}

#[test]
fn the_shipped_site_builds_the_recorded_bytes() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = out.path().join("public");
    build(root(), &[], &output);
    common::digest::check("site.txt", "shipped", &output);

    let output = out.path().join("explainer");
    build(
        root(),
        &["--strict", "--base-url", "http://127.0.0.1/explainer/"],
        &output,
    );
    common::digest::check("site.txt", "shipped-under-base", &output);
}

#[test]
fn the_benchmark_corpus_builds_the_recorded_bytes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let status = Command::new("python3")
        .arg(root().join("bench/gen_corpus.py"))
        .args(["--pages", "100", "--seed", "1", "--out"])
        .arg(dir.path())
        .status()
        .expect("python3 runs (it is needed to generate the corpus)");
    assert!(status.success(), "gen_corpus.py failed");
    let project = dir.path().join("site");
    let output = dir.path().join("site-public");
    build(&project, &["--strict"], &output);
    common::digest::check("corpus.txt", "corpus-100", &output);
}

/// A build renders each page as soon as it has cited it, holding no page's body; a kept session
/// (`site serve`) holds every body until its rendering pass. Both must make the same bytes, for
/// the shipped site and for the corpus, whose sections list a hundred pages.
#[test]
fn a_kept_session_makes_the_bytes_a_build_writes() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = out.path().join("public");
    build(root(), &[], &output);
    let built = common::without_manifest(common::snapshot(&output));
    common::assert_same(&built, &common::kept_session_files(root()));

    let dir = tempfile::tempdir().expect("a temporary folder");
    let status = Command::new("python3")
        .arg(root().join("bench/gen_corpus.py"))
        .args(["--pages", "100", "--seed", "1", "--out"])
        .arg(dir.path())
        .status()
        .expect("python3 runs (it is needed to generate the corpus)");
    assert!(status.success(), "gen_corpus.py failed");
    let project = dir.path().join("site");
    let output = dir.path().join("site-public");
    build(&project, &[], &output);
    let built = common::without_manifest(common::snapshot(&output));
    common::assert_same(&built, &common::kept_session_files(&project));
}
