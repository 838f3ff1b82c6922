//! The citation checks end to end: what a good citation renders, and how each kind of bad one
//! is reported.

pub mod common;

use common::{NYSUN, Project, READABLE, between};
use serde_json::Value;

/// A site whose home page is `body` (after front matter citing nysun).
fn page(body: &str) -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/nysun.md", NYSUN),
        (
            "content/index.md",
            &format!("---\ntitle: Home\nsources: [nysun]\n---\n{body}"),
        ),
    ])
}

/// The `<li id="cite-N" ...>...</li>` panel entry of `html`.
fn entry(html: &str, n: usize) -> &str {
    let start = html
        .find(&format!("<li id=\"cite-{n}\""))
        .unwrap_or_else(|| panic!("no panel entry cite-{n} in {html}"));
    let end = html[start..].find("</li>").expect("the entry ends") + start;
    &html[start..end]
}

/// The anchor of `quote`'s passage on the source page of NYSUN: where it lies in the text.
fn anchor(quote: &str) -> String {
    let body = source_body(NYSUN);
    let start = body.find(quote).expect("the quote is in the source");
    format!("passage-{start}-{}", start + quote.len())
}

/// The body of a content/sources file, as the offsets of citations.json count it.
fn source_body(text: &str) -> &str {
    let after_open = text.strip_prefix("---\n").expect("front matter");
    let close = after_open.find("\n---\n").expect("closed front matter");
    &after_open[close + "\n---\n".len()..]
}

const GOOD: &str = "About [11,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n";

#[test]
fn a_good_citation_links_to_its_panel_entry() {
    let p = page(GOOD);
    p.build_ok(&[]);
    let html = p.read("public/index.html");
    assert!(
        html.contains("<a class=\"cite\" id=\"ref-1-1\" href=\"#cite-1\""),
        "{html}"
    );
    assert!(html.contains(">11,000 troops</a>"));
    let e = entry(&html, 1);
    assert!(
        e.contains("around <mark>11,000</mark> troops were assessed"),
        "{e}"
    );
    assert!(e.contains("The New York Sun"), "{e}");
    let passage = anchor("around 11,000 troops were assessed");
    assert!(
        e.contains(&format!("href=\"/sources/nysun/#{passage}\"")),
        "{e}"
    );
    assert!(e.contains("href=\"#ref-1-1\""), "a back link: {e}");
    assert!(html.contains("id=\"sources-title\""));
}

#[test]
fn the_same_quote_cited_twice_is_one_entry_with_two_back_links() {
    let p = page(
        "About [11,000 troops][k] moved. Again: [11,000][k].\n\n\
         [k]: nysun \"around 11,000 troops were assessed\"\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/index.html");
    assert!(html.contains("id=\"ref-1-1\" href=\"#cite-1\""));
    assert!(html.contains("id=\"ref-1-2\" href=\"#cite-1\""));
    assert!(!html.contains("id=\"cite-2\""), "one entry only");
    let e = entry(&html, 1);
    assert!(e.contains("href=\"#ref-1-1\""), "{e}");
    assert!(e.contains("href=\"#ref-1-2\""), "{e}");
    assert!(
        e.contains("1a") && e.contains("1b"),
        "labelled back links: {e}"
    );
}

#[test]
fn the_source_page_shows_passages_and_links_back() {
    let p = page(GOOD);
    p.write(
        "content/second.md",
        "---\ntitle: Second page\nsources: [nysun]\n---\n\
         It has [1.2 million](nysun \"North Korea has 1.2 million troops\").\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/sources/nysun/index.html");
    let (one, two) = (
        anchor("around 11,000 troops were assessed"),
        anchor("North Korea has 1.2 million troops"),
    );
    let first = between(&html, &format!("<li id=\"{one}\""), "</li>").expect("passage 1");
    assert!(first.contains("around <mark>11,000</mark> troops were assessed"));
    assert!(first.contains("<a href=\"/#ref-1-1\">Home</a>"), "{first}");
    let second = between(&html, &format!("<li id=\"{two}\""), "</li>").expect("passage 2");
    assert!(second.contains("<mark>1.2 million</mark>"), "{second}");
    assert!(
        second.contains("<a href=\"/second/#ref-1-1\">Second page</a>"),
        "{second}"
    );
    // The panel entry points at the passage on the source page.
    let entry_html = p.read("public/second/index.html");
    assert!(entry(&entry_html, 1).contains(&format!("href=\"/sources/nysun/#{two}\"")));
}

#[test]
fn a_passage_link_holds_when_another_page_cites_an_earlier_passage() {
    // The home page cites the second sentence; a page added later cites the first. Numbering
    // passages in the order of the text would move the home page's link onto another passage.
    let p = page("It has [1.2 million](nysun \"North Korea has 1.2 million troops\").\n");
    p.build_ok(&[]);
    let before = p.read("public/index.html");
    p.write(
        "content/second.md",
        "---\ntitle: Second page\nsources: [nysun]\n---\n\
         [11,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n",
    );
    p.build_ok(&[]);
    assert_eq!(
        p.read("public/index.html"),
        before,
        "the home page is unchanged"
    );
    let later = anchor("North Korea has 1.2 million troops");
    assert!(entry(&before, 1).contains(&format!("href=\"/sources/nysun/#{later}\"")));
    let source = p.read("public/sources/nysun/index.html");
    let at = |id: &str| source.find(&format!("<li id=\"{id}\"")).expect(id);
    let earlier = anchor("around 11,000 troops were assessed");
    assert!(
        at(&earlier) < at(&later),
        "passages in the order of the text"
    );
    let held = between(&source, &format!("<li id=\"{later}\""), "</li>").expect("passage");
    assert!(held.contains("<mark>1.2 million</mark>"), "{held}");
}

#[test]
fn citations_json_has_quote_and_position_selectors() {
    let p = page(
        "About [11,000 troops](nysun \"around 11,000   troops were assessed\") moved; \
         [1.2 million](nysun \"1.2 million troops\").\n",
    );
    p.build_ok(&[]);
    let json: Value = serde_json::from_str(&p.read("public/citations.json")).expect("valid JSON");
    let items = json["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(json["total"], 2);
    let body = source_body(NYSUN);
    for (item, figure, exact) in [
        (
            &items[0],
            "11,000 troops",
            "around 11,000 troops were assessed",
        ),
        (&items[1], "1.2 million", "1.2 million troops"),
    ] {
        assert_eq!(item["body"][1]["type"], "TextualBody");
        assert_eq!(item["body"][1]["value"], figure);
        let selectors = item["target"]["selector"].as_array().expect("selectors");
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .expect("a TextQuoteSelector");
        assert_eq!(quote["exact"], exact);
        let prefix = quote["prefix"].as_str().expect("prefix");
        let suffix = quote["suffix"].as_str().expect("suffix");
        assert!(!prefix.is_empty() && !suffix.is_empty());
        assert!(
            body.contains(&format!("{prefix}{exact}{suffix}")),
            "{quote}"
        );
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .expect("a TextPositionSelector");
        let start = position["start"].as_u64().expect("start") as usize;
        let end = position["end"].as_u64().expect("end") as usize;
        let chars: String = body.chars().skip(start).take(end - start).collect();
        assert_eq!(chars, exact, "the position selects the quote");
        assert_eq!(item["target"]["source"], "https://example.com/story");
    }
    assert_eq!(items[0]["id"], "/#ref-1-1");
}

#[test]
fn the_json_ld_on_the_page_parses() {
    let p = page(GOOD);
    p.build_ok(&[]);
    let html = p.read("public/index.html");
    let script = between(&html, "<script type=\"application/ld+json\">", "</script>")
        .expect("a JSON-LD script");
    let ld: Value = serde_json::from_str(script).expect("JSON-LD is JSON");
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "Home");
    assert_eq!(ld["citation"][0]["name"], "What Pyongyang hopes to gain");
    assert_eq!(ld["citation"][0]["publisher"]["name"], "The New York Sun");
    assert_eq!(ld["citation"][0]["url"], "https://example.com/story");
}

#[test]
fn a_text_fragment_link_is_there_only_when_the_source_has_a_url() {
    let p = page(
        "[300 boats](nysun \"say 300 boats & ships sailed north-east, then\") and \
         [40 planes](plain \"40 planes\").\n",
    );
    p.write(
        "content/sources/nysun.md",
        "---\ntitle: T\npublisher: P\nurl: https://news.example/a\n---\n\
         Officials say 300 boats & ships sailed north-east, then turned.\n",
    );
    p.write(
        "content/sources/plain.md",
        "---\ntitle: U\npublisher: P\n---\nThere were 40 planes.\n",
    );
    p.write(
        "content/index.md",
        &p.read("content/index.md")
            .replace("sources: [nysun]", "sources: [nysun, plain]"),
    );
    p.build_ok(&[]);
    let html = p.read("public/index.html");
    let with_url = entry(&html, 1);
    let fragment = "https://news.example/a#:~:text=say%20300%20boats%20%26%20ships%20sailed%20north%2Deast%2C%20then";
    assert!(with_url.contains(fragment), "{with_url}");
    let without = entry(&html, 2);
    assert!(!without.contains(":~:text="), "{without}");
    assert!(!without.contains("class=\"original\""), "{without}");
}

#[test]
fn a_misquote_shows_the_closest_passage_and_a_word_diff() {
    let p = page("About [11,000 troops](nysun \"around 11,000 soldiers were assessed\") moved.\n");
    let out = p.build(&[]);
    out.assert_fails(
        1,
        &[
            "error[quote-not-found]: the quote is not in the source `nysun`",
            "--> content/index.md:5:7",
            "closest passage, content/sources/nysun.md:6: \"Officials said around 11,000 troops were assessed to have moved to Kursk in late October.\"",
            "[-soldiers-]",
            "{+troops+}",
        ],
    );
    assert!(!p.exists("public"));
}

#[test]
fn a_misquote_with_an_elision_keeps_its_dots_in_the_diff() {
    let p = page(
        "About [11,000 troops](nysun \"Officials said ... 11,000 soldiers were assessed\").\n",
    );
    p.build(&[]).assert_fails(
        1,
        &["differs: Officials said ... 11,000 [-soldiers-] {+troops+} were assessed"],
    );
}

#[test]
fn a_misquote_in_a_reference_points_at_its_definition() {
    let p = page(
        "About [11,000 troops][k] moved.\n\n[k]: nysun \"around 11,000 troopz were assessed\"\n",
    );
    p.build(&[]).assert_fails(
        1,
        &[
            "--> content/index.md:7:1",
            "closest passage",
            "[-troopz-] {+troops+}",
        ],
    );
}

#[test]
fn a_figure_not_in_its_quote_names_both_numbers() {
    let p = page("[1,100 troops](nysun \"around 11,000 troops were assessed\")\n");
    p.build(&[]).assert_fails(
        1,
        &[
            "error[figure-not-in-quote]: the figure 1,100 is not in the quote; the quote has 11,000",
            "--> content/index.md:5:1",
        ],
    );
}

#[test]
fn scale_words_are_compared_exactly() {
    let p = page("[12 million](nysun \"North Korea has 1.2 million troops\")\n");
    p.build(&[]).assert_fails(
        1,
        &["the figure \"12 million\" (12,000,000) is not in the quote; the quote has \"1.2 million\" (1,200,000)"],
    );
    // 1,200,000 is the same value as 1.2 million.
    let p = page("[1,200,000](nysun \"North Korea has 1.2 million troops\")\n");
    p.build_ok(&[]);
}

#[test]
fn a_range_is_not_a_single_number() {
    let p = page("[25,000 a month](nysun \"recruits 25,000–30,000 new soldiers a month\")\n");
    p.build(&[]).assert_fails(
        1,
        &["the figure 25,000 is not in the quote; the quote has 25,000–30,000"],
    );
    let p = page("[25,000-30,000](nysun \"recruits 25,000–30,000 new soldiers a month\")\n");
    p.build_ok(&[]);
}

#[test]
fn an_unknown_source_suggests_the_near_one() {
    let p = page("[11,000](nysum \"around 11,000 troops\")\n");
    p.build(&[]).assert_fails(
        1,
        &[
            "there is no source `nysum`",
            "--> content/index.md:5:1",
            "did you mean `nysun`?",
        ],
    );
}

#[test]
fn an_unknown_id_in_sources_suggests_the_near_one() {
    let p = page(GOOD);
    p.write(
        "content/index.md",
        &p.read("content/index.md")
            .replace("sources: [nysun]", "sources: [nysun, nysnu]"),
    );
    p.build(&[]).assert_fails(
        1,
        &[
            "`sources:` lists `nysnu`, which is not in content/sources/",
            "--> content/index.md:3:1",
            "did you mean `nysun`?",
        ],
    );
}

#[test]
fn an_undeclared_source_says_to_add_it_to_sources() {
    let p = page(GOOD);
    p.write(
        "content/index.md",
        &format!("---\ntitle: Home\n---\n{GOOD}"),
    );
    p.build(&[]).assert_fails(
        1,
        &[
            "the source `nysun` is cited but not listed in this page's `sources:`",
            "--> content/index.md:4:7",
            "sources: [nysun]",
        ],
    );
}

#[test]
fn an_uncited_number_is_a_warning_and_strict_makes_it_an_error() {
    let p = page(&format!("{GOOD}\nSome 4,500 more may follow.\n"));
    let out = p.build(&[]);
    out.assert_success();
    out.assert_stderr(&[
        "warning[uncited-figure]: the figure 4,500 is not cited",
        "--> content/index.md:7:6",
    ]);
    assert!(p.exists("public/index.html"));
    p.remove("public");
    let out = p.build(&["--strict"]);
    out.assert_fails(
        1,
        &[
            "the figure 4,500 is not cited",
            "the build failed with 1 warning (strict mode fails on warnings)",
        ],
    );
    assert!(!p.exists("public"));
}

#[test]
fn a_failed_build_counts_its_errors_and_its_warnings() {
    let bad = "About [12,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n";
    let p = page(&format!("{bad}\nSome 4,500 more may follow.\n"));
    p.build(&["--strict"]).assert_fails(
        1,
        &["the build failed with 1 error and 1 warning; nothing was written"],
    );
}

#[test]
fn years_dates_list_numbers_and_marked_numbers_are_not_flagged() {
    let p = page(&format!(
        "{GOOD}\nIn 2024, on March 6, a [2]{{.not-figure}} sided coin.\n\n1. first\n2. second\n"
    ));
    let out = p.build(&["--strict"]);
    out.assert_success();
    assert!(!out.stderr.contains("warning"), "{out}");
    assert!(
        p.read("public/index.html")
            .contains("<span class=\"not-figure\">2</span> sided coin")
    );
}

#[test]
fn check_format_json_prints_one_object_per_line() {
    let p =
        page("[1,100 troops](nysun \"around 11,000 troops were assessed\")\n\nAnd 4,500 more.\n");
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(out.code, 1, "{out}");
    let lines: Vec<Value> = out
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        // The fixture's base_url has no host: one note says so, beside the page's findings.
        .filter(|d: &Value| d["code"] != "relative-base-url")
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    let error = lines
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error");
    assert_eq!(error["code"], "figure-not-in-quote");
    assert_eq!(error["file"], "content/index.md");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert!(error["message"].as_str().unwrap().contains("1,100"));
    let warning = lines
        .iter()
        .find(|d| d["severity"] == "warning")
        .expect("a warning");
    assert_eq!(warning["code"], "uncited-figure");
    assert_eq!(
        (warning["line"].as_u64(), warning["column"].as_u64()),
        (Some(7), Some(5))
    );
    assert!(!p.exists("public"));
}

#[test]
fn elided_quotes_pass_within_a_paragraph_and_fail_across() {
    let p = page("[11,000 troops](nysun \"around 11,000 troops ... in late October\")\n");
    p.build_ok(&[]);
    let e = entry(&p.read("public/index.html"), 1).to_string();
    assert!(e.contains("<mark>11,000</mark>"), "{e}");
    let p = page("[11,000 troops](nysun \"around 11,000 troops ... 1.2 million troops\")\n");
    p.build(&[])
        .assert_fails(1, &["the quote is not in the source `nysun`"]);
}

const ARTICLE: &str = "\
---
title: A report
publisher: Pub
rights: RIGHTS
---
The first paragraph says 300 boats sailed, then turned.

The uncited secret sentence is never quoted by anyone.
";

#[test]
fn full_rights_show_the_whole_text_excerpts_do_not() {
    for (rights, shows_all) in [("full", true), ("excerpts", false)] {
        let p = Project::new(&[
            ("site.yaml", READABLE),
            (
                "content/sources/report.md",
                &ARTICLE.replace("RIGHTS", rights),
            ),
            (
                "content/index.md",
                "---\ntitle: Home\nsources: [report]\n---\n[300 boats](report \"300 boats sailed\")\n",
            ),
        ]);
        p.build_ok(&[]);
        let html = p.read("public/sources/report/index.html");
        assert_eq!(
            html.contains("uncited secret sentence"),
            shows_all,
            "{rights}: {html}"
        );
        assert!(html.contains("<mark"), "{rights}: the passage is marked");
        assert!(!p.read("public/index.html").contains("secret"));
    }
}
