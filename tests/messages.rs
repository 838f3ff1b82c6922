//! Messages that name their cause first and once, in the words a Zola or Hugo user expects.

pub mod common;

use common::{NYSUN, Project};

const CITING: &str = "---\ntitle: Home\nsources: [nysun]\n---\n\
    About [11,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n\n\
    And [1.2 million](nysun \"North Korea has 1.2 million troops\") in all.\n";

fn site(source: &str) -> Project {
    Project::new(&[
        ("site.yaml", "title: Test site\n"),
        ("content/index.md", CITING),
        ("content/sources/nysun.md", source),
    ])
}

#[test]
fn a_source_with_a_bad_record_is_still_known_and_reported_once() {
    let broken = NYSUN.replace("url:", "date: 2024-01-01\nurl:");
    let out = site(&broken).run(&["check"]);
    out.assert_fails(1, &["unknown key `date`", "content/sources/nysun.md:4:1"]);
    assert!(!out.stderr.contains("there is no source"), "{out}");
    assert_eq!(out.stderr.matches("error[").count(), 1, "{out}");
}

#[test]
fn the_citations_of_a_source_with_a_bad_record_are_still_checked() {
    let broken = NYSUN.replace("url:", "tags: [a]\nurl:");
    let p = site(&broken);
    p.write(
        "content/index.md",
        &CITING.replace("1.2 million](", "1.3 million]("),
    );
    let out = p.run(&["check"]);
    out.assert_fails(
        1,
        &[
            "unknown key `tags`",
            "the figure \"1.3 million\" (1,300,000) is not in the quote",
        ],
    );
}

#[test]
fn every_unknown_key_of_a_record_is_reported_together() {
    let broken = NYSUN.replace("url:", "tags: [a]\nauthr: Someone\nurl:");
    let out = site(&broken).run(&["check"]);
    out.assert_fails(
        1,
        &[
            "unknown keys `tags`, `authr`",
            "`authr` (line 5): did you mean `author`?",
        ],
    );
}

#[test]
fn toml_front_matter_gets_the_yaml_to_paste() {
    let p = site(NYSUN);
    p.write(
        "content/about.md",
        "+++\ntitle = \"About\"\ndate = 2024-03-06\n\n[extra]\nlead = true\n+++\nText.\n",
    );
    let out = p.run(&["check"]);
    out.assert_fails(
        1,
        &[
            "this looks like TOML front matter (Zola, Hugo); site reads YAML between `---` lines",
            "content/about.md:1:1",
            "---\n",
            "title: About",
            "date: 2024-03-06",
            "extra:\n",
            "lead: true",
        ],
    );
}

#[test]
fn hugo_and_zola_spellings_get_a_did_you_mean() {
    let p = site(NYSUN);
    p.write(
        "site.yaml",
        "title: Test site\nbaseURL: https://example.org/\n",
    );
    p.run(&["check"])
        .assert_fails(1, &["unknown key `baseURL`", "did you mean `base_url`?"]);
    p.write("site.yaml", "title: Test site\nlanguageCode: en-us\n");
    p.run(&["check"])
        .assert_fails(1, &["did you mean `language`?"]);
    p.write("site.yaml", "title: Test site\ndraft: true\n");
    p.run(&["check"]).assert_fails(1, &["`--drafts` (`-D`)"]);
    p.write("site.yaml", "title: Test site\n");
    p.write(
        "content/about.md",
        "---\ntitle: About\ndrafts: true\n---\nText.\n",
    );
    p.run(&["check"])
        .assert_fails(1, &["unknown key `drafts`", "did you mean `draft`?"]);
}

#[test]
fn zola_internal_links_get_the_form_used_here() {
    let p = site(NYSUN);
    p.write(
        "content/a/b.md",
        "---\ntitle: B\n---\nSee [the home page](@/index.md).\n",
    );
    p.run(&["check"]).assert_fails(
        1,
        &[
            "`@/index.md` is Zola's internal link",
            "write `../index.md`",
        ],
    );
}

#[test]
fn a_source_record_error_is_printed_before_the_pages_findings() {
    let broken = NYSUN.replace("url:", "date: 2024-01-01\nurl:");
    let p = site(&broken);
    p.write(
        "content/index.md",
        &CITING.replace("title: Home", "title: Home\ntags: [a]"),
    );
    let out = p.run(&["check"]);
    out.assert_fails(1, &["unknown key `date`", "unknown key `tags`"]);
    let source = out.stderr.find("unknown key `date`").unwrap_or(usize::MAX);
    let page = out.stderr.find("unknown key `tags`").unwrap_or(0);
    assert!(source < page, "{out}");
}

#[test]
fn a_source_with_toml_front_matter_is_still_checked_against_its_text() {
    let toml = NYSUN
        .replacen("---\n", "+++\n", 1)
        .replacen("\n---\n", "\n+++\n", 1)
        .replace(
            "title: What Pyongyang hopes to gain",
            "title = \"What Pyongyang hopes to gain\"",
        )
        .replace(
            "publisher: The New York Sun",
            "publisher = \"The New York Sun\"",
        )
        .replace(
            "url: https://example.com/story",
            "url = \"https://example.com/story\"",
        );
    let out = site(&toml).run(&["check"]);
    out.assert_fails(
        1,
        &[
            "this looks like TOML front matter",
            "publisher: The New York Sun",
        ],
    );
    assert!(!out.stderr.contains("there is no source"), "{out}");
    assert_eq!(out.stderr.matches("error[").count(), 1, "{out}");
}
