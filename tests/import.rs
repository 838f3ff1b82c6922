//! `site source add`: saved pages in the shapes of real news sites import to their exact
//! expected text and record; the shipped article's page imports to its stored text; nothing is
//! overwritten unasked; captions are cited like body text.

pub mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{NYSUN, Project, READABLE};

/// The day every fixture is imported as retrieved on, so the expected records hold any day.
const DAY: &str = "2026-01-15";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn site() -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/index.md", "---\ntitle: Home\n---\nHello.\n"),
    ])
}

fn sources(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(project.path("content/sources"))
        .map(|d| {
            d.map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn each_fixture_imports_to_its_expected_text_and_record() {
    let cases = [
        (
            "wordpress",
            "millbrook-courier-millbrook-votes-to-reopen-the-old",
        ),
        (
            "newspaper-jsonld",
            "harbour-ledger-ferry-fares-to-rise-by-a",
        ),
        ("amp", "valley-wire-orchard-growers-count-cost-of-late"),
        (
            "paywall",
            "northgate-observer-northgate-s-bus-depot-to-close",
        ),
        (
            "liveblog",
            "riverside-daily-news-live-storm-ilse-reaches-the-coast",
        ),
        (
            "byline-outside",
            "kestrel-review-the-last-hand-set-press-in",
        ),
        (
            "footnotes",
            "commons-quarterly-counting-the-commons-who-grazes-the",
        ),
        (
            "non-english",
            "lindenstadter-bote-neue-brucke-uber-die-lind-kostet",
        ),
    ];
    for (name, id) in cases {
        let project = site();
        let page = fixture(&format!("{name}.html"));
        let out = project.run(&["source", "add", page.to_str().unwrap(), "--retrieved", DAY]);
        out.assert_success();
        assert_eq!(sources(&project), [format!("{id}.md")], "{name}\n{out}");
        let expected = common::read(&fixture(&format!("{name}.expected")));
        let got = project.read(&format!("content/sources/{id}.md"));
        assert_eq!(got, expected, "{name}: the imported file differs");
        // The build reads the record and the text back.
        project.run(&["check"]).assert_success();
    }
}

#[test]
fn the_summary_says_what_was_kept_and_dropped_and_a_dry_run_writes_nothing() {
    let project = site();
    let page = fixture("paywall.html");
    let out = project.run(&["source", "add", page.to_str().unwrap(), "--dry-run"]);
    out.assert_success();
    for needle in [
        "Would import",
        "kept: 5 paragraphs, 129 words",
        "4 sign-in and subscription prompts",
        "1 related-stories list",
        "1 footer or copyright notice",
        "title: Northgate's bus depot to close after 90 years",
        "rights: excerpts",
        "Dry run: nothing was written.",
    ] {
        assert!(
            out.stdout.contains(needle),
            "stdout lacks {needle:?}\n{out}"
        );
    }
    assert!(!project.exists("content/sources"));
}

#[test]
fn an_existing_source_is_never_overwritten() {
    let project = site();
    let page = fixture("amp.html");
    let page = page.to_str().unwrap();
    project.run(&["source", "add", page]).assert_success();
    let id = "content/sources/valley-wire-orchard-growers-count-cost-of-late.md";
    project.write(
        id,
        "---\ntitle: Edited\npublisher: Valley Wire\n---\nMy own text.\n",
    );
    let out = project.run(&["source", "add", page]);
    out.assert_fails(2, &["already exists; nothing was written", "--force"]);
    assert_eq!(
        project.read(id),
        "---\ntitle: Edited\npublisher: Valley Wire\n---\nMy own text.\n"
    );
}

#[test]
fn force_replaces_and_lists_the_citations_the_new_text_breaks() {
    let page_md = "---\ntitle: Home\nsources: [example]\n---\nAbout [11,000 troops][k] moved.\n\n\
                   [k]: example \"around 11,000 troops were assessed to have moved to Kursk in late October\"\n";
    let project = Project::new(&[
        ("site.yaml", READABLE),
        ("content/index.md", page_md),
        ("content/sources/example.md", NYSUN),
    ]);
    project.run(&["check"]).assert_success();
    let page = fixture("paywall.html");
    let out = project.run(&[
        "source",
        "add",
        page.to_str().unwrap(),
        "--id",
        "example",
        "--force",
    ]);
    out.assert_fails(
        1,
        &[
            "The new text of `example` breaks 1 citation",
            "quote-not-found",
            "index.md",
        ],
    );
    assert!(
        project
            .read("content/sources/example.md")
            .contains("Greyline Buses")
    );
}

#[test]
fn plain_text_from_standard_input_takes_its_record_from_the_command_line() {
    let project = site();
    let run = |args: &[&str]| {
        let root = project.root();
        let mut all = vec!["--root", root.to_str().unwrap(), "source", "add", "-"];
        all.extend_from_slice(args);
        assert_cmd::Command::cargo_bin("site")
            .unwrap()
            .args(&all)
            .write_stdin("First paragraph, 12 words.\r\n\r\nSecond\r\nparagraph.\r\n")
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not state its title"));
    let out = run(&[
        "--title",
        "Notes",
        "--publisher",
        "The Weekly",
        "--retrieved",
        DAY,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        project.read("content/sources/weekly-notes.md"),
        "---\ntitle: Notes\npublisher: The Weekly\nretrieved: 2026-01-15\nrights: excerpts\n---\n\n\
         First paragraph, 12 words.\n\nSecond\nparagraph.\n"
    );
}

#[test]
fn a_page_on_standard_input_imports_like_the_file() {
    let project = site();
    let root = project.root();
    let page = common::read(&fixture("wordpress.html"));
    let out = assert_cmd::Command::cargo_bin("site")
        .unwrap()
        .args([
            "--root",
            root.to_str().unwrap(),
            "source",
            "add",
            "-",
            "--retrieved",
            DAY,
        ])
        .write_stdin(page)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        project.read("content/sources/millbrook-courier-millbrook-votes-to-reopen-the-old.md"),
        common::read(&fixture("wordpress.expected"))
    );
}

#[test]
fn bad_input_gets_a_clear_refusal() {
    let project = site();
    project.write_bytes("page.html", b"<p>caf\xe9</p>");
    project
        .run(&["source", "add", "page.html"])
        .assert_fails(1, &["error[import]", "not valid UTF-8 (at byte 6)"]);
    project.write("empty.html", "<html><body><nav>Home</nav></body></html>");
    project
        .run(&["source", "add", "empty.html"])
        .assert_fails(1, &["no article text was found"]);
    project.write("deep.html", &"<div>".repeat(20_000));
    project
        .run(&["source", "add", "deep.html"])
        .assert_fails(1, &["nests its elements"]);
    project
        .run(&["source", "add", "missing.html"])
        .assert_fails(2, &["error[usage]", "cannot read the file"]);
    let page = fixture("amp.html");
    project
        .run(&["source", "add", page.to_str().unwrap(), "--id", "../x"])
        .assert_fails(2, &["cannot be a source id"]);
    let elsewhere = tempfile::tempdir().unwrap();
    common::run_in(elsewhere.path(), &["source", "add", page.to_str().unwrap()])
        .assert_fails(2, &["there is no site.yaml"]);
}

/// Copies the shipped project (site.yaml and content/) into a temporary folder.
fn shipped() -> Project {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = Project::new(&[("site.yaml", &common::read(&root.join("site.yaml")))]);
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            project.write_bytes(&rel, &fs::read(entry.path()).unwrap());
        }
    }
    project
}

/// The shipped source is what `site source add` makes of the saved page of the article in its
/// publisher's shape: importing that page again, as retrieved on the same day, writes the same
/// file byte for byte, and the explainer builds against it with every citation checked.
#[test]
fn the_shipped_source_is_the_import_of_the_saved_page() {
    let project = shipped();
    let shipped_text = project.read("content/sources/nysun-pyongyang.md");
    let (record, body) = shipped_text
        .trim_start_matches("---\n")
        .split_once("---\n")
        .unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(record).unwrap();
    let retrieved = yaml["retrieved"]
        .as_str()
        .expect("a retrieved date")
        .to_string();
    let page = fixture("nysun-pyongyang.html");
    let out = project.run(&[
        "source",
        "add",
        page.to_str().unwrap(),
        "--id",
        "nysun-pyongyang",
        "--force",
        "--retrieved",
        &retrieved,
    ]);
    out.assert_success();
    assert!(
        out.stdout
            .contains("every citation of `nysun-pyongyang` still holds"),
        "{out}"
    );
    assert_eq!(
        project.read("content/sources/nysun-pyongyang.md"),
        shipped_text
    );

    // The headline is the record's title, not a paragraph; the photo credit and caption are
    // the record's captions; nothing the page does not state is recorded.
    let title = yaml["title"].as_str().unwrap();
    assert_eq!(
        title,
        "What Pyongyang Hopes To Gain From Sending Troops To Fight Ukraine Alongside the Russians"
    );
    let paragraphs: Vec<&str> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(paragraphs.len(), 12);
    assert!(!paragraphs.contains(&title));
    assert!(paragraphs[0].starts_with("Kim Jong-un is sure his regime"));
    assert!(
        paragraphs[11].starts_with("The Ukrainian president, Volodymyr Zelensky"),
        "{}",
        paragraphs[11]
    );
    let captions: Vec<&str> = yaml["captions"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        captions[0],
        "Korean Central News Agency/Korea News Service via AP, file"
    );
    assert!(captions[1].starts_with("The North Korean leader, Kim Jong-un, meets soldiers"));
    assert!(!paragraphs.iter().any(|p| captions.contains(p)));
    for key in ["url", "author", "authors", "published", "modified"] {
        assert!(yaml.get(key).is_none(), "the page states no {key}");
    }
    assert!(!body.contains("Sign in") && !body.contains("All rights reserved"));
    project.build_ok(&[]);
}

#[test]
fn captions_are_checked_and_cited_like_body_text() {
    let source = "---\ntitle: Bridge\npublisher: The Weekly\nauthors: [Ann One, Bo Two]\nrights: full\ncaptions:\n- \"About 300 people crossed the bridge at dawn. Photo: Ana Ruiz\"\n---\nThe bridge opened on Monday.\n";
    let page = "---\ntitle: Home\nsources: [bridge]\n---\nAbout [300 people][c] came.\n\n\
                [c]: bridge \"About 300 people crossed the bridge at dawn\"\n";
    let project = Project::new(&[
        ("site.yaml", READABLE),
        ("content/index.md", page),
        ("content/sources/bridge.md", source),
    ]);
    project.build_ok(&[]);
    let html = project.read("public/sources/bridge/index.html");
    assert!(html.contains("<figure class=\"caption\"><figcaption><mark id=\"passage-30-73\">About 300 people crossed the bridge at dawn</mark><a class=\"cited-at\" href=\"/#ref-1-1\" aria-label=\"Cited by Home\">↩</a>. Photo: Ana Ruiz</figcaption></figure>"), "{html}");
    assert!(
        html.contains("<p>The bridge opened on Monday.</p>"),
        "{html}"
    );
    project.write(
        "content/sources/bridge.md",
        &source.replace("rights: full", "rights: excerpts"),
    );
    project.build_ok(&[]);
    let html = project.read("public/sources/bridge/index.html");
    assert!(html.contains("class=\"entry passage caption\""), "{html}");
    assert!(html.contains("Photo caption or credit"), "{html}");
    // A misquote of a caption is found wanting, and the note points at the captions.
    project.write(
        "content/index.md",
        &page.replace("crossed the bridge", "crossed the river"),
    );
    project
        .build(&[])
        .assert_fails(1, &["quote-not-found", "bridge.md:6:"]);
}
