//! `site quote`: finding the passage to cite, and pasting what it prints.

pub mod common;

use std::path::Path;

use common::{NYSUN, Project, READABLE};
use serde_json::Value;

/// Sentences whose titles need every kind of care: both quote marks, parentheses, a
/// backslash, something that reads as an entity, and curly quotes.
const TRICKY: &str = r#"---
title: Awkward punctuation
publisher: Test Press
---
The mayor said "no" to the plan on Monday.

It's "final," the clerk wrote (twice) in the minutes.

The file C:\temp\*.txt held the budget of AT&amp;T's office, 40 pages long.

The council’s “review” found the ‘new’ plan sound.

Short one. The tram line opened in the spring, carrying riders north. Done.
"#;

fn project(sources: &[(&str, &str)]) -> Project {
    let mut files = vec![
        ("site.yaml", READABLE),
        (
            "content/index.md",
            "---\ntitle: Home\n---\nHello. [Pasted](pasted.md).\n",
        ),
    ];
    files.extend_from_slice(sources);
    Project::new(&files)
}

fn json(project: &Project, args: &[&str]) -> Value {
    let mut all = vec!["quote", "--json"];
    all.extend_from_slice(args);
    let out = project.run(&all);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e})\n{out}"))
}

fn hits(value: &Value) -> &Vec<Value> {
    value["hits"].as_array().expect("a list of hits")
}

/// A page citing each definition with a claim link, the definitions pasted below as printed.
fn page_citing(source: &str, definitions: &[&str]) -> String {
    let mut body = format!("---\ntitle: Pasted\nsources: [{source}]\n---\n");
    for def in definitions {
        let label = &def[1..def.find(']').expect("a label")];
        body.push_str(&format!("As the source says, [it is so][{label}].\n\n"));
    }
    for def in definitions {
        body.push_str(def);
        body.push('\n');
    }
    body
}

#[test]
fn the_shipped_site_finds_the_kursk_passage_first_and_its_definition_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = common::run_in(
        root,
        &[
            "--root",
            root.to_str().unwrap(),
            "quote",
            "nysun-pyongyang",
            "troops moved to Kursk",
        ],
    );
    out.assert_success();
    let first = out.stdout.split("\n\n").next().unwrap();
    assert!(
        first.starts_with("content/sources/nysun-pyongyang.md:15:1\n"),
        "{out}"
    );
    assert!(
        first.contains("around 11,000 troops were assessed to have been relocated to Kursk"),
        "{out}"
    );
    let definition = first
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("[kursk]: nysun-pyongyang \""))
        .unwrap_or_else(|| panic!("no definition\n{out}"));

    let source = std::fs::read_to_string(root.join("content/sources/nysun-pyongyang.md")).unwrap();
    let site = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let p = Project::new(&[
        ("site.yaml", &site),
        (
            "content/index.md",
            "---
title: Home
---
Hello. [Pasted](pasted.md).
",
        ),
        // The shipped menu links to about/, which must exist.
        (
            "content/about.md",
            "---
title: About
---
How we check.
",
        ),
        ("content/sources/nysun-pyongyang.md", &source),
        (
            "content/pasted.md",
            &format!(
                "---\ntitle: Pasted\nsources: [nysun-pyongyang]\n---\n\
                 Seoul says [around 11,000 troops][kursk] went to Kursk.\n\n{definition}\n"
            ),
        ),
    ]);
    p.run(&["check", "--strict"]).assert_success();
}

#[test]
fn every_printed_definition_builds_as_pasted() {
    let p = project(&[("content/sources/awkward.md", TRICKY)]);
    let queries = [
        ("mayor said no", "The mayor said"),
        ("final clerk minutes twice", "It's \"final,\""),
        ("file budget office", "The file C:\\temp"),
        ("council review plan", "The council’s “review”"),
        ("tram line riders", "The tram line"),
    ];
    let mut definitions = Vec::new();
    for (words, starts) in queries {
        let value = json(&p, &[words]);
        let first = &hits(&value)[0];
        assert!(
            first["text"].as_str().unwrap().starts_with(starts),
            "{value}"
        );
        definitions.push(first["definition"].as_str().unwrap().to_string());
    }
    let defs: Vec<&str> = definitions.iter().map(String::as_str).collect();
    assert_eq!(
        defs,
        [
            "[mayor]: awkward 'The mayor said \"no\" to the plan on Monday.'",
            "[final]: awkward \"It's \\\"final,\\\" the clerk wrote (twice) in the minutes.\"",
            "[file]: awkward \"The file C:\\\\temp\\\\*.txt held the budget of AT\\&amp;T's office, 40 pages long.\"",
            "[council]: awkward \"The council’s “review” found the ‘new’ plan sound.\"",
            "[tram]: awkward \"The tram line opened in the spring, carrying riders north.\"",
        ]
    );
    p.write("content/pasted.md", &page_citing("awkward", &defs));
    p.run(&["check", "--strict"]).assert_success();
}

#[test]
fn a_short_sentence_comes_with_its_neighbours() {
    let p = project(&[("content/sources/awkward.md", TRICKY)]);
    let out = p.run(&["quote", "awkward", "short"]);
    out.assert_success();
    assert!(
        out.stdout.starts_with(
            "content/sources/awkward.md:13:1\n  > Short one.\n    The tram line opened in the spring, carrying riders north.\n"
        ),
        "{out}"
    );
    let value = json(&p, &["tram riders"]);
    let hit = &hits(&value)[0];
    assert_eq!(hit["before"], "Short one.");
    assert_eq!(hit["after"], "Done.");
    assert_eq!(hit["column"], 12);
}

#[test]
fn typos_and_typography_still_find_the_sentence() {
    let p = project(&[("content/sources/nysun.md", NYSUN)]);
    let value = json(&p, &["“troops” relocatd to Kurks"]);
    let first = &hits(&value)[0];
    assert_eq!(first["line"], 6);
    assert_eq!(first["label"], "kursk");
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .starts_with("Officials said around 11,000 troops")
    );
}

#[test]
fn exact_words_are_confirmed_and_near_ones_diffed() {
    let p = project(&[("content/sources/nysun.md", NYSUN)]);
    let out = p.run(&["quote", "nysun", "troops were assessed to have moved"]);
    out.assert_success();
    assert!(
        out.stdout
            .contains("  = the words are in this sentence as typed\n"),
        "{out}"
    );
    let out = p.run(&["quote", "troops were judged to have moved"]);
    assert!(
        out.stdout
            .contains("  = differs: troops were [-judged-] {+assessed+} to have moved\n"),
        "{out}"
    );
    let value = json(&p, &["troops were judged to have moved"]);
    assert_eq!(hits(&value)[0]["exact"], false);
    assert_eq!(
        hits(&value)[0]["diff"][1],
        serde_json::json!({"missing": "judged"})
    );
}

#[test]
fn a_figure_lists_the_passages_stating_it() {
    let p = project(&[("content/sources/nysun.md", NYSUN)]);
    for figure in ["11000", "11,000"] {
        let value = json(&p, &["--figure", figure]);
        let found = hits(&value);
        assert_eq!(found.len(), 1, "{value}");
        assert_eq!(found[0]["line"], 6);
    }
    let value = json(&p, &["--figure", "1.2 million"]);
    assert_eq!(hits(&value)[0]["line"], 8);
    let value = json(&p, &["--figure", "25,000-30,000"]);
    assert_eq!(hits(&value)[0]["line"], 8);
    let out = p.run(&["quote", "--figure", "1,100"]);
    out.assert_fails(1, &["no passage of any source states the figure 1,100"]);
    assert!(out.stdout.is_empty());
    p.run(&["quote", "--figure", "many"])
        .assert_fails(2, &["`many` is not a figure"]);
}

#[test]
fn nothing_found_and_bad_command_lines() {
    let p = project(&[("content/sources/nysun.md", NYSUN)]);
    p.run(&["quote", "nysun", "penguins"])
        .assert_fails(1, &["no passage of the source `nysun` matches `penguins`"]);
    p.run(&["quote"]).assert_fails(
        2,
        &["give the words to look for, or a figure with --figure"],
    );
    p.run(&["quote", "kursk-region", "troops"]).assert_success();
    let p = project(&[("content/sources/nysun-pyongyang.md", NYSUN)]);
    p.run(&["quote", "nysun-pyongyng", "troops"]).assert_fails(
        2,
        &["there is no source `nysun-pyongyng`; did you mean `nysun-pyongyang`?"],
    );
    let empty = project(&[]);
    empty
        .run(&["quote", "troops"])
        .assert_fails(1, &["there is no source to search"]);
}

#[test]
fn a_broken_source_is_reported_and_the_others_searched() {
    let p = project(&[
        ("content/sources/nysun.md", NYSUN),
        ("content/sources/broken.md", "no front matter here\n"),
    ]);
    let out = p.run(&["quote", "troops Kursk"]);
    out.assert_success();
    out.assert_stderr(&["content/sources/broken.md", "this file has no front matter"]);
    assert!(
        out.stdout.starts_with("content/sources/nysun.md:6:1\n"),
        "{out}"
    );
}
