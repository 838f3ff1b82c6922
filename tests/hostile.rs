//! The hostile-input catalogue: inputs an attacker or a careless editor could write, each built
//! with the real binary, checking what `site` does and the message it gives. docs/hostile-input.md
//! lists them; each test here is named for its case.

pub mod common;

use common::{NYSUN, Outcome, Project, urls};

/// A page that cites nysun, with `body` as its Markdown.
fn page(body: &str) -> String {
    format!("---\ntitle: X\nsources: [nysun]\n---\n{body}")
}

/// A project whose one page has `body`, with `settings` as its site.yaml.
fn site_with(settings: &str, body: &str) -> Project {
    Project::new(&[
        ("site.yaml", settings),
        ("content/x.md", &page(body)),
        ("content/sources/nysun.md", NYSUN),
    ])
}

/// Builds a page with `body` and expects the build to refuse it with `needles` in the message,
/// leaving no output behind.
fn refused(settings: &str, body: &str, needles: &[&str]) -> Outcome {
    let p = site_with(settings, body);
    let out = p.run(&["build"]);
    out.assert_fails(1, needles);
    assert!(!p.exists("public"), "a refused build wrote public/\n{out}");
    out
}

const PLAIN: &str = "title: T\n";
const RAW_HTML: &str = "title: T\nmarkdown:\n  raw_html: allow\n";
const CITE: &str = "[n]: nysun \"around 11,000 troops were assessed\"\n\n";

// Crashes: every nested case at ten times (or more) the depth that once overflowed the stack.

#[test]
fn nested_block_quotes_30000_deep() {
    let body = format!("{} deep\n", ">".repeat(30_000));
    refused(PLAIN, &body, &["too-deep", "content/x.md:5:", "100 levels"]);
}

#[test]
fn nested_list_items_20000_deep() {
    let body = format!("{}a\n", "- ".repeat(20_000));
    refused(PLAIN, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_ordered_list_items_20000_deep() {
    let body = format!("{}a\n", "1. ".repeat(20_000));
    refused(PLAIN, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_lists_and_quotes_alternating() {
    let body = format!("{}a\n", "- > ".repeat(20_000));
    refused(PLAIN, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_lists_on_many_lines_with_a_table_inside() {
    let mut body = String::new();
    for i in 0..3_000 {
        body.push_str(&format!("{}- a\n", "  ".repeat(i)));
    }
    body.push_str(&format!("{0}| a |\n{0}|---|\n", "  ".repeat(3_000)));
    refused(PLAIN, &body, &["too-deep", "content/x.md:"]);
}

#[test]
fn nested_emphasis_50000_deep() {
    let body = format!("{}a{}\n", "*".repeat(50_000), "*".repeat(50_000));
    refused(PLAIN, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_images_30000_deep() {
    let body = format!("{}a{}\n", "![".repeat(30_000), "](x.png)".repeat(30_000));
    refused(PLAIN, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_brackets_and_mixed_emphasis_build_or_refuse_without_crashing() {
    for body in [
        format!("{}a{}\n", "[".repeat(50_000), "](x)".repeat(50_000)),
        format!("{}a{}\n", "**_".repeat(20_000), "_**".repeat(20_000)),
        format!("{}\n", "[".repeat(100_000)),
        format!("{}\n", "`".repeat(100_000)),
    ] {
        let p = site_with(PLAIN, &body);
        let out = p.run(&["build"]);
        assert!(out.code == 0 || out.stderr.contains("error["), "{out}");
    }
}

#[test]
fn nested_footnotes_20000_long_chain() {
    let mut body = String::from("x[^0]\n\n");
    for i in 0..20_000 {
        body.push_str(&format!("[^{i}]: see [^{}]\n", i + 1));
    }
    let p = site_with(PLAIN, &body);
    let out = p.run(&["build"]);
    assert!(out.code == 0 || out.stderr.contains("error["), "{out}");
}

#[test]
fn nested_raw_html_blocks_30000_deep() {
    let body = format!("{}a{}\n", "<div>".repeat(30_000), "</div>".repeat(30_000));
    refused(RAW_HTML, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_raw_inline_html_30000_deep() {
    let body = format!(
        "a {}b{}\n",
        "<span>".repeat(30_000),
        "</span>".repeat(30_000)
    );
    refused(RAW_HTML, &body, &["too-deep", "content/x.md:5:"]);
}

#[test]
fn nested_raw_html_opened_over_many_blocks() {
    let body = "<div>\n\ntext\n\n".repeat(3_000);
    refused(RAW_HTML, &body, &["too-deep", "content/x.md:"]);
}

#[test]
fn nested_raw_html_is_harmless_when_escaped() {
    let body = format!("{}a{}\n", "<div>".repeat(30_000), "</div>".repeat(30_000));
    let p = site_with(PLAIN, &body);
    p.run(&["build"]).assert_success();
    assert!(!p.read("public/x/index.html").contains("<div><div><div>"));
}

#[test]
fn template_writing_html_nested_30000_deep() {
    // A loop opening an element on each turn; 2,000 levels overflowed the minifier's stack.
    for (template, name) in [
        ("page.html", "content/x.md"),
        ("404.html", "the 404 page"),
        ("source.html", "a source page"),
        ("card.svg", "the share card"),
    ] {
        let p = site_with(PLAIN, "text\n");
        p.write(
            &format!("templates/{template}"),
            "<!doctype html><html><head><title>T</title></head><body>\
             {% for i in range(end=30000) %}<div>{% endfor %}x\
             {% for i in range(end=30000) %}</div>{% endfor %}</body></html>",
        );
        let out = p.run(&["build"]);
        out.assert_fails(
            1,
            &[
                "error[too-deep]",
                &format!("templates/{template}"),
                "nest more than 256 deep",
            ],
        );
        assert!(!p.exists("public"), "{name}: a refused build wrote public/");
    }
    // 200 levels, as deep as a page's own Markdown and a theme's wrapping could go, build.
    let p = site_with(PLAIN, "text\n");
    p.write(
        "templates/page.html",
        "<!doctype html><html><head><title>T</title></head><body>\
         {% for i in range(end=200) %}<div>{% endfor %}{{ page.content | safe }}\
         {% for i in range(end=200) %}</div>{% endfor %}</body></html>",
    );
    p.run(&["build"]).assert_success();
}

#[test]
fn nested_parentheses_in_a_formula_200000_deep() {
    let body = format!(
        "{CITE}About [11,000](= \"{}n{}\") moved.\n",
        "(".repeat(200_000),
        ")".repeat(200_000)
    );
    refused(
        PLAIN,
        &body,
        &["derived-formula", "content/x.md:7:", "nest more than 32"],
    );
}

#[test]
fn formula_with_100000_terms() {
    let terms = vec!["n"; 100_000].join(" + ");
    let body = format!("{CITE}About [11,000](= \"{terms}\") moved.\n");
    refused(
        PLAIN,
        &body,
        &["derived-formula", "content/x.md:7:", "longer than 200"],
    );
}

#[test]
fn formula_with_100000_unbalanced_parentheses() {
    let body = format!(
        "{CITE}About [11,000](= \"{}n\") moved.\n",
        "(".repeat(100_000)
    );
    refused(PLAIN, &body, &["derived-formula", "content/x.md:7:"]);
}

#[test]
fn nested_yaml_in_front_matter_30000_deep() {
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        (
            "content/x.md",
            &format!(
                "---\ntitle: X\nextra: {}1{}\n---\nbody\n",
                "{a: ".repeat(30_000),
                "}".repeat(30_000)
            ),
        ),
    ]);
    let out = p.run(&["build"]);
    out.assert_fails(1, &["content/x.md:3:", "recursion limit"]);
}

#[test]
fn nested_yaml_lists_in_front_matter_30000_deep() {
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        (
            "content/x.md",
            &format!(
                "---\ntitle: X\ntags: {}{}\n---\nbody\n",
                "[".repeat(30_000),
                "]".repeat(30_000)
            ),
        ),
    ]);
    p.run(&["build"]).assert_fails(1, &["content/x.md:3:"]);
}

#[test]
fn nested_yaml_in_site_yaml_30000_deep() {
    let p = Project::new(&[(
        "site.yaml",
        &format!(
            "title: T\nmenu: {}{}\n",
            "[".repeat(30_000),
            "]".repeat(30_000)
        ),
    )]);
    p.run(&["build"]).assert_fails(1, &["site.yaml:2:"]);
}

#[test]
fn nested_yaml_in_a_chart_30000_deep() {
    let body = format!(
        "```chart\ntitle: T\nitems: {}{}\n```\n",
        "[".repeat(30_000),
        "]".repeat(30_000)
    );
    refused(PLAIN, &body, &["chart-yaml", "content/x.md:"]);
}

#[test]
fn nested_yaml_maps_in_a_chart_30000_deep() {
    let body = format!(
        "```chart\ntitle: T\nitems:\n  - {}1{}\n```\n",
        "{a: ".repeat(30_000),
        "}".repeat(30_000)
    );
    refused(PLAIN, &body, &["chart-yaml", "content/x.md:"]);
}

// Checks that could be bypassed.

#[test]
fn rounding_step_negative() {
    for step in ["-5", "−5", "–5", "+5"] {
        let body = format!("{CITE}About [11,000](= \"n ~ {step}\") moved.\n");
        refused(
            PLAIN,
            &body,
            &["derived-formula", "content/x.md:7:", "without a sign"],
        );
    }
}

#[test]
fn rounding_step_zero() {
    let body = format!("{CITE}About [11,000](= \"n ~ 0\") moved.\n");
    refused(PLAIN, &body, &["derived-formula", "above zero"]);
}

#[test]
fn reference_links_past_the_parsers_expansion_budget() {
    // Each use copies the definition's destination and title (39 bytes); 3,000 uses copy more
    // than the 100 KB pulldown-cmark expands, and the last would stay as unchecked text.
    let body = format!(
        "{CITE}{}\n",
        "About [11,000 troops][n] moved. ".repeat(3_000)
    );
    refused(
        PLAIN,
        &body,
        &["reference-budget", "content/x.md:7:", "unchecked"],
    );
}

#[test]
fn reference_links_past_the_budget_with_a_wrong_quote_last() {
    let mut body = format!("{CITE}[w]: nysun \"around 99,000 troops were assessed\"\n\n");
    body.push_str(&"About [11,000 troops][n] moved. ".repeat(3_000));
    body.push_str("\n\nThen [99,000 troops][w] moved.\n");
    let out = refused(PLAIN, &body, &["reference-budget"]);
    assert!(
        !out.stderr.contains("error: the build failed with 0"),
        "{out}"
    );
}

#[test]
fn reference_links_within_the_budget_are_all_checked() {
    let body = format!("{CITE}{}\n", "About [11,000 troops][n] moved. ".repeat(500));
    let p = site_with(PLAIN, &body);
    let out = p.run(&["check"]);
    out.assert_success();
    assert!(
        out.stdout.contains("500 citations checked")
            || out.stderr.contains("500 citations checked"),
        "{out}"
    );
}

#[test]
fn citation_in_arabic_indic_digits() {
    let body = "About [٩٩٬٠٠٠ troops](nysun \"around 11,000 troops were assessed\") moved.\n";
    // Read as the figure 99,000, then checked against the quote like any other figure.
    refused(
        PLAIN,
        body,
        &["figure-not-in-quote", "content/x.md:5:", "(99,000)"],
    );
}

#[test]
fn citation_in_other_scripts_digits() {
    for figure in ["९९,००० troops", "๙๙,๐๐๐ troops", "９９,０００ troops"]
    {
        let body =
            format!("About [{figure}](nysun \"around 11,000 troops were assessed\") moved.\n");
        refused(
            PLAIN,
            &body,
            &["figure-not-in-quote", "content/x.md:5:", "(99,000)"],
        );
    }
    // Digits of two scripts in one number are no figure the reader accepts: refused unread.
    let body = "About [99,০০০ troops](nysun \"around 11,000 troops were assessed\") moved.\n";
    let out = site_with(PLAIN, body).run(&["build"]);
    assert_eq!(out.code, 1, "{out}");
    assert!(
        out.stderr.contains("unread-digit") || out.stderr.contains("figure-not-in-quote"),
        "{out}"
    );
}

#[test]
fn citation_with_a_fraction_or_superscript() {
    for figure in ["11,000½ troops", "11,000² troops", "Ⅻ troops"] {
        let body =
            format!("About [{figure}](nysun \"around 11,000 troops were assessed\") moved.\n");
        refused(PLAIN, &body, &["unread-digit"]);
    }
}

#[test]
fn citation_by_reference_in_other_digits() {
    let body = format!("{CITE}About [٩٩٬٠٠٠ troops][n] moved.\n");
    refused(
        PLAIN,
        &body,
        &["figure-not-in-quote", "content/x.md:7:", "(99,000)"],
    );
}

const STRICT: &str = "title: T\nstrict: true\n";
const WRONG: &str = "[around 99,000 troops](nysun \"around 11,000 troops were assessed\")";

#[test]
fn citation_inside_raw_html() {
    // Markdown is not read inside an HTML block: the citation would be its raw text.
    for settings in [PLAIN, RAW_HTML] {
        refused(
            settings,
            &format!("<div>{WRONG}</div>\n"),
            &["unchecked-citation", "content/x.md:5:6", "inside raw HTML"],
        );
        refused(
            settings,
            "<p>\n[Officials said](nysun \"words the source lacks\")\n</p>\n",
            &["unchecked-citation", "content/x.md:6:1"],
        );
    }
    // With a blank line after the tag, the Markdown is read and the citation checked.
    refused(
        RAW_HTML,
        &format!("<div>\n\n{WRONG}\n\n</div>\n"),
        &["figure-not-in-quote", "content/x.md:7:1"],
    );
}

#[test]
fn figures_in_raw_html_are_checked_like_prose() {
    for settings in [
        STRICT,
        "title: T\nstrict: true\nmarkdown:\n  raw_html: allow\n",
    ] {
        refused(
            settings,
            "<div>About 99,000 troops</div>\n",
            &["uncited-figure", "the figure 99,000", "content/x.md:5:12"],
        );
    }
    // With raw HTML passed through, a tag's attributes are not text a reader sees.
    let p = site_with(
        "title: T\nstrict: true\nmarkdown:\n  raw_html: allow\n",
        "<div class=\"w-100\" data-n=\"12\">About troops</div>\n",
    );
    p.run(&["build"]).assert_success();
}

const STRICT_RAW: &str = "title: T\nstrict: true\nmarkdown:\n  raw_html: allow\n";

#[test]
fn character_references_in_raw_html_are_read() {
    for (body, needle) in [
        ("<p>About &#57;&#57;,000 troops</p>", "the figure 99,000"),
        ("<p>About &#x39;9,000 troops</p>", "the figure 99,000"),
        ("<p>About &#X39;&#x39;,000 troops</p>", "the figure 99,000"),
        ("<p>About &frac12; of the troops</p>", "`½` is a number"),
        ("<p>About &#8539; of the troops</p>", "`⅛` is a number"),
        (
            "<p>Fewer than 5 &lt; 10, then 99,000</p>",
            "the figure 99,000",
        ),
    ] {
        let out = refused(
            STRICT_RAW,
            &format!("{body}\n"),
            &["uncited-figure", "content/x.md:5:"],
        );
        out.assert_stderr(&[needle]);
    }
}

#[test]
fn figures_in_raw_html_attributes_a_reader_sees() {
    for (body, column) in [
        ("<span title=\"about 99,000 troops\">x</span>", "5:20"),
        ("<img src=\"a.png\" alt='some 12,000 troops'>", "5:28"),
        ("<a href=\"#x\" aria-label=99,000>x</a>", "5:25"),
        ("<b title=\"&#57;9,000\">x</b>", "5:1"),
        ("<p title=\"a>b\">and 99,000 more</p>", "5:"),
    ] {
        refused(
            STRICT_RAW,
            &format!("{body}\n"),
            &["uncited-figure", &format!("content/x.md:{column}")],
        );
    }
    // A bare `<` is text: it does not hide the figures after it.
    refused(
        STRICT_RAW,
        "<p>5 < 10, then 99,000 more</p>\n",
        &["uncited-figure", "content/x.md:5:"],
    );
}

#[test]
fn character_references_in_markdown_are_read() {
    refused(
        STRICT,
        "About &#57;&#57;,000 troops.\n",
        &["uncited-figure", "the figure 99,000", "content/x.md:5:"],
    );
    refused(
        STRICT,
        "See [a](https://example.org \"&#57;9,000 troops\").\n",
        &["uncited-figure", "the figure 99,000"],
    );
    refused(
        PLAIN,
        "[&#57;9,000 troops](nysun \"around 11,000 troops were assessed\")\n",
        &["figure-not-in-quote", "99,000", "content/x.md:5:"],
    );
}

#[test]
fn roman_numerals_stating_amounts() {
    for (body, needle) in [
        ("About XCIX thousand troops.", "the figure XCIX thousand"),
        ("Some XC% of them.", "the figure XC%"),
        ("Some XC per cent of them.", "the figure XC per cent"),
        ("XII divisions moved.", "`XII` is a number"),
        ("It sent about CCL troops.", "`CCL` is a number"),
    ] {
        refused(
            STRICT,
            &format!("{body}\n"),
            &["uncited-figure", "content/x.md:5:", needle],
        );
    }
    refused(
        PLAIN,
        "[XCIX thousand troops](nysun \"around 11,000 troops were assessed\")\n",
        &["figure-not-in-quote", "(99,000)", "the quote has 11,000"],
    );
    for text in ["XCIX troops", "some CCL soldiers", "MMXXV"] {
        refused(
            PLAIN,
            &format!("[{text}](nysun \"around 11,000 troops were assessed\")\n"),
            &[
                "unread-digit",
                "content/x.md:5:",
                "in this citation is not read",
            ],
        );
    }
}

#[test]
fn roman_numerals_in_names_and_abbreviations_are_prose() {
    let p = site_with(
        STRICT,
        "In World War II, Chapter XII, Louis XIV and Apollo XI; the DC office, an MD, \
         a CV, XL shirts, a CIVIL case, and I said so. \
         [World War II veterans](nysun \"around 11,000 troops were assessed\")\n",
    );
    p.run(&["build"]).assert_success();
}

#[test]
fn citation_with_broken_syntax_left_as_text() {
    for body in [
        "[Officials said](nysun \"words the source lacks\" extra)\n",
        "[Officials said](nysun \"words the source lacks)\n",
        "[Officials said](= \"n * 2\" x)\n",
        "Officials [said][n].\n\n[n]: nysun \"words the source lacks\" extra\n",
    ] {
        let out = site_with(PLAIN, body).run(&["build"]);
        out.assert_fails(
            1,
            &["unchecked-citation", "not read as a link", "content/x.md:"],
        );
    }
}

#[test]
fn citation_whose_destination_is_not_the_bare_id() {
    for dest in [
        "<nysun >",
        "./nysun",
        "nysun%20",
        "< nysun>",
        "nysun#p3",
        "nysun?x",
        "nysun/",
        "nysun.md",
        "sources/nysun",
        "sources/nysun.md",
        "/sources/nysun/",
        "../sources/nysun/",
    ] {
        let out = refused(
            PLAIN,
            &format!("[Officials said]({dest} \"words the source lacks\")\n"),
            &[
                "unchecked-citation",
                "names the source `nysun`",
                "content/x.md:5:1",
            ],
        );
        assert!(
            !out.stderr.contains("broken-link"),
            "{dest}: reported twice\n{out}"
        );
    }
}

#[test]
fn citation_by_an_undefined_label() {
    for body in [
        format!("{CITE}[Officials said][nn] it.\n"),
        format!("{CITE}[nn][] said it.\n"),
    ] {
        refused(
            PLAIN,
            &body,
            &[
                "broken-link",
                "no reference definition `nn`",
                "content/x.md:7:",
                "did you mean `n`?",
            ],
        );
    }
}

#[test]
fn citation_inside_image_alt_text() {
    let p = site_with(PLAIN, &format!("![a {WRONG} photo](a.png)\n"));
    p.write_bytes("content/a.png", common::PNG);
    p.run(&["build"])
        .assert_fails(1, &["unchecked-citation", "alt text", "content/x.md:5:"]);
}

#[test]
fn citation_in_a_link_or_image_title() {
    let title = "[Officials said](nysun \\\"words the source lacks\\\")";
    for body in [
        format!("See [the page](https://example.org \"{title}\").\n"),
        format!("![a photo](a.png \"{title}\")\n"),
    ] {
        let p = site_with(PLAIN, &body);
        p.write_bytes("content/a.png", common::PNG);
        p.run(&["build"])
            .assert_fails(1, &["unchecked-citation", "title", "content/x.md:5:"]);
    }
}

#[test]
fn citation_in_front_matter_prose() {
    let cite = "\"[Officials said](nysun \\\"words the source lacks\\\")\"";
    for (record, line) in [
        (format!("title: {cite}"), 2),
        (format!("title: X\ndescription: {cite}"), 3),
        (
            format!("title: X\nimage:\n  src: a.png\n  alt: A photo\n  caption: {cite}"),
            6,
        ),
        (
            format!("title: X\nimage:\n  src: a.png\n  alt: A photo\n  credit: {cite}"),
            6,
        ),
        (
            format!("title: X\ncorrections:\n  - date: 2026-11-30\n    text: {cite}"),
            5,
        ),
    ] {
        let p = Project::new(&[
            ("site.yaml", PLAIN),
            (
                "content/x.md",
                &format!("---\n{record}\nsources: [nysun]\n---\nbody\n"),
            ),
            ("content/sources/nysun.md", NYSUN),
        ]);
        p.write_bytes("content/a.png", common::PNG);
        let at = format!("content/x.md:{line}:");
        p.run(&["build"])
            .assert_fails(1, &["unchecked-citation", "front matter", &at]);
    }
}

#[test]
fn figures_in_alt_text_link_titles_and_the_description() {
    for (record, body) in [
        ("title: X", "![99,000 troops](a.png)\n"),
        (
            "title: X",
            "See [the page](https://example.org \"99,000 troops\").\n",
        ),
        ("title: X\ndescription: 99,000 troops moved", "body\n"),
        (
            "title: X\nimage:\n  src: a.png\n  alt: 99,000 troops",
            "body\n",
        ),
    ] {
        let p = Project::new(&[
            ("site.yaml", STRICT),
            (
                "content/x.md",
                &format!("---\n{record}\nsources: [nysun]\n---\n{body}"),
            ),
            ("content/sources/nysun.md", NYSUN),
        ]);
        p.write_bytes("content/a.png", common::PNG);
        p.run(&["build"])
            .assert_fails(1, &["uncited-figure", "the figure 99,000 is not cited"]);
    }
    // A description's figure marked as not one is shown without its mark.
    let p = Project::new(&[
        ("site.yaml", STRICT),
        (
            "content/x.md",
            "---\ntitle: X\ndescription: \"[2]{.not-figure} sides\"\n---\nbody\n",
        ),
    ]);
    p.run(&["build"]).assert_success();
    assert!(p.read("public/x/index.html").contains(">2 sides<"));
}

/// A headline and a section heading are the first lines a reader sees: a figure in one is a
/// claim like any in the text. A heading can cite; front matter cannot, so a title's figure is
/// cited in the text and marked, or reported.
#[test]
fn figures_in_titles_and_headings() {
    let cases: [(&str, &str, &str); 6] = [
        (
            "title: North Korea sends 99,000 troops",
            "body\n",
            "content/x.md:2:",
        ),
        ("title: \"Three reasons\"", "body\n", "content/x.md:2:"),
        (
            "title: X",
            "## About 99,000 went\n\nbody\n",
            "content/x.md:5:",
        ),
        ("title: X", "#### 12 more\n\nbody\n", "content/x.md:5:"),
        (
            "title: X",
            "Ninety-nine thousand\n===\n\nbody\n",
            "content/x.md:5:",
        ),
        (
            "title: X",
            "## Part <b>7</b> of it\n\nbody\n",
            "content/x.md:5:",
        ),
    ];
    for (record, body, at) in cases {
        let p = Project::new(&[
            (
                "site.yaml",
                "title: T\nstrict: true\nmarkdown:\n  raw_html: allow\n",
            ),
            (
                "content/x.md",
                &format!("---\n{record}\nsources: [nysun]\n---\n{body}"),
            ),
            ("content/sources/nysun.md", NYSUN),
        ]);
        p.run(&["build"])
            .assert_fails(1, &["uncited-figure", "is not cited", at]);
    }
    // A heading may cite; a title's figure cited in the text is marked, and shown unmarked in
    // the page, its <title>, the feed and the section's list.
    let p = Project::new(&[
        (
            "site.yaml",
            "title: T\nstrict: true\nbase_url: https://example.org/\n",
        ),
        (
            "content/x.md",
            "---\ntitle: \"Kim sends [11,000]{.not-figure} troops\"\ndate: 2024-11-01\nsources: [nysun]\n---\n## [About 11,000 troops](nysun \"around 11,000 troops were assessed\") moved\n\nbody\n",
        ),
        ("content/index.md", "---\ntitle: Home\n---\n[x](x.md)\n"),
        ("content/sources/nysun.md", NYSUN),
    ]);
    p.run(&["build"]).assert_success();
    let html = p.read("public/x/index.html");
    assert!(html.contains("<title>Kim sends 11,000 troops"), "{html}");
    assert!(!html.contains("not-figure}"), "{html}");
    assert!(
        p.read("public/atom.xml")
            .contains("Kim sends 11,000 troops")
    );
}

#[test]
fn figures_in_the_site_description() {
    for (description, needle) in [
        (
            "About 99,000 troops went.",
            "the figure 99,000 in the site's description",
        ),
        ("Three desks, one standard.", "the figure Three"),
        ("Checked by 12 editors", "the figure 12"),
    ] {
        let settings = format!("title: T\nstrict: true\ndescription: {description}\n");
        refused(
            &settings,
            "text\n",
            &[
                "uncited-figure",
                "site.yaml:3:",
                needle,
                "shown on every page",
            ],
        );
    }
    // Not strict: a warning; a year is no figure.
    site_with("title: T\ndescription: About 99,000 troops.\n", "text\n")
        .run(&["build"])
        .assert_success();
    site_with(
        "title: T\nstrict: true\ndescription: Explainers since 2019.\n",
        "text\n",
    )
    .run(&["build"])
    .assert_success();
}

#[test]
fn unread_digits_in_prose() {
    for figure in ["½ of the", "⅔ of the", "⑨⑨", "Ⅻ", "10⁶"] {
        refused(
            STRICT,
            &format!("Officials said {figure} troops moved.\n"),
            &[
                "uncited-figure",
                "content/x.md:5:",
                "not one the figure reader reads",
            ],
        );
    }
    // A unit's power or a formula's count is no figure.
    site_with(STRICT, "Troops per km² breathe CO₂.\n")
        .run(&["build"])
        .assert_success();
}

#[test]
fn brackets_that_are_not_citations_are_prose() {
    let body = "Officials [said] it [sic], see [a](https://example.org) and \
                `[a](nysun \"q\" x)`.\n\n```\n[a](nysun \"q\" x)\n```\n";
    site_with(STRICT, body).run(&["build"]).assert_success();
}

#[test]
fn many_brackets_and_digits_on_one_page() {
    // Each `]` splits the text; joining the pieces by copying the text so far took two minutes
    // for this page. Arabic-Indic figures are each checked against the figures read once.
    for body in [
        "]: nysun ".repeat(100_000),
        "] x ".repeat(100_000),
        "٩٩ ".repeat(50_000),
    ] {
        site_with(PLAIN, &body).run(&["build"]).assert_success();
    }
}

#[test]
fn many_broken_links_on_a_large_site() {
    // Each did-you-mean compares a link with every page and file of the site (or a label with
    // every definition of the page): 3,000 broken links on a site of 3,000 pages took 28 s in a
    // debug build, and the cost grew with their product.
    let mut files: Vec<(String, String)> = (0..2_000)
        .map(|i| {
            let page = format!("---\ntitle: P{i}\n---\ntext\n");
            (format!("content/p{i}.md"), page)
        })
        .collect();
    let links: String = (0..2_000)
        .map(|i| format!("[a](/p{i}x/) [b](p{i}x.md) [c](p{i}.csv) "))
        .collect();
    files.push((
        "content/x.md".into(),
        format!("---\ntitle: X\n---\n{links}\n"),
    ));
    let labels: String = (0..2_000).map(|i| format!("[d][n{i}x] ")).collect();
    let defs: String = (0..2_000)
        .map(|i| format!("[n{i}]: nysun \"troops\"\n"))
        .collect();
    let y = format!("---\ntitle: Y\nsources: [nysun]\n---\n{labels}\n\n{defs}");
    files.push(("content/y.md".into(), y));
    files.push(("content/sources/nysun.md".into(), NYSUN.into()));
    files.push(("site.yaml".into(), PLAIN.into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let p = Project::new(&refs);
    let out = p.run(&["build", "--format", "json"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .chain(out.stderr.lines())
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|f: &serde_json::Value| f["code"] == "broken-link")
        .collect();
    assert_eq!(findings.len(), 8_000, "every broken link is reported");
    for file in ["content/x.md", "content/y.md"] {
        let suggested = findings
            .iter()
            .filter(|f| f["file"] == file)
            .filter(|f| {
                f["help"]
                    .as_str()
                    .is_some_and(|h| h.contains("did you mean"))
            })
            .count();
        assert_eq!(suggested, 20, "the first 20 of {file} get a did-you-mean");
    }
}

// Files outside the project, and special files.

#[test]
fn image_climbing_out_of_the_project() {
    for dest in [
        "../../../../etc/passwd",
        "../../x.png",
        "a/../../../x.png",
        "%2e%2e/%2e%2e/x.png",
    ] {
        refused(
            PLAIN,
            &format!("![x]({dest})\n"),
            &["broken-link", "content/x.md:5:", "climbs out of content/"],
        );
    }
}

#[test]
fn image_missing() {
    refused(
        PLAIN,
        "![x](missing.png)\n",
        &["broken-link", "there is no file `missing.png`"],
    );
    refused(
        PLAIN,
        "![x][img]\n\n[img]: gone/away.png\n",
        &["broken-link", "there is no file `gone/away.png`"],
    );
}

/// A project whose `--output` is `target`, made by `make`: the build must refuse it and leave
/// the project's folder listing and the target's kind as they were.
fn output_refused(make: impl FnOnce(&Project) -> String, needle: &str) {
    let p = site_with(PLAIN, "text\n");
    let target = make(&p);
    let listing = || {
        let mut names: Vec<_> = std::fs::read_dir(p.root())
            .expect("list the project")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        names.sort();
        names
    };
    let kind = || std::fs::symlink_metadata(p.path(&target)).map(|m| m.file_type());
    let (names, was) = (listing(), kind().expect("the target exists"));
    let out = p.run(&["build", "--output", &target]);
    out.assert_fails(2, &["refusing to write the site", needle]);
    assert_eq!(names, listing(), "the project's folder changed\n{out}");
    assert_eq!(Some(was), kind().ok(), "the target changed\n{out}");
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("a path");
    // SAFETY: `c` is a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn output_is_a_fifo() {
    output_refused(
        |p| {
            mkfifo(&p.path("pipe"));
            "pipe".into()
        },
        "not a folder",
    );
}

#[test]
fn output_is_a_symlink_to_a_fifo() {
    output_refused(
        |p| {
            mkfifo(&p.path("pipe"));
            std::os::unix::fs::symlink(p.path("pipe"), p.path("out")).expect("symlink");
            "out".into()
        },
        "not a folder",
    );
}

#[test]
fn output_is_a_device() {
    let out = site_with(PLAIN, "text\n").run(&["build", "--output", "/dev/null"]);
    out.assert_fails(2, &["refusing to write the site", "not a folder"]);
}

#[test]
fn output_is_a_symlink_to_a_device() {
    output_refused(
        |p| {
            std::os::unix::fs::symlink("/dev/null", p.path("out")).expect("symlink");
            "out".into()
        },
        "not a folder",
    );
}

#[test]
fn output_is_a_dangling_symlink() {
    output_refused(
        |p| {
            std::os::unix::fs::symlink(p.path("nowhere"), p.path("out")).expect("symlink");
            "out".into()
        },
        "a link to nothing",
    );
}

#[test]
fn output_is_a_file() {
    output_refused(
        |p| {
            p.write("notes.txt", "mine\n");
            "notes.txt".into()
        },
        "it is a file",
    );
}

#[test]
fn init_in_the_root_folder() {
    let out = common::run_in(std::path::Path::new("/"), &["init", "/"]);
    assert_ne!(out.code, 0, "{out}");
    out.assert_stderr(&["root of the file system"]);
}

#[test]
fn new_page_through_a_link_out_of_content() {
    let outside = tempfile::tempdir().expect("a folder");
    let p = site_with(PLAIN, "text\n");
    std::os::unix::fs::symlink(outside.path(), p.path("content/ext")).expect("symlink");
    // A link by the page's name, leading to a file not there yet.
    std::os::unix::fs::symlink(outside.path().join("y.md"), p.path("content/y.md"))
        .expect("symlink");
    for (path, needle) in [
        (
            "content/ext/x.md",
            "a folder on this path is a link leading out of content/",
        ),
        (
            "content/ext/deeper/x.md",
            "a folder on this path is a link leading out of content/",
        ),
        (
            "content/y.md",
            "this file is already here (or a link by its name)",
        ),
    ] {
        let out = common::run_in(&p.root(), &["new", path]);
        out.assert_fails(2, &["error[new-page]", needle]);
    }
    let written: Vec<_> = std::fs::read_dir(outside.path()).expect("list").collect();
    assert!(
        written.is_empty(),
        "site new wrote outside the project: {written:?}"
    );
    common::run_in(&p.root(), &["new", "content/notes/a.md"]).assert_success();
    assert!(p.exists("content/notes/a.md"));
}

#[test]
fn source_add_through_a_link_out_of_content() {
    let outside = tempfile::tempdir().expect("a folder");
    let article = outside.path().join("article.txt");
    std::fs::write(
        &article,
        "Officials said 11,000 troops moved to the region in late October this year.\n",
    )
    .expect("an article");
    let args = |id: &str| {
        let file = article.to_str().expect("UTF-8").to_string();
        vec![
            "source",
            "add",
            "--id",
            id,
            "--title",
            "T",
            "--publisher",
            "P",
            &file,
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    };
    let run = |p: &Project, id: &str| {
        let a = args(id);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        p.run(&refs)
    };
    // A link by the source's name to a file not there yet, and a sources folder linked out.
    let p = site_with(PLAIN, "text\n");
    std::os::unix::fs::symlink(
        outside.path().join("evil.md"),
        p.path("content/sources/evil.md"),
    )
    .expect("symlink");
    run(&p, "evil").assert_fails(
        2,
        &["error[usage]", "content/sources/evil.md", "this is a link"],
    );
    let q = Project::new(&[
        ("site.yaml", PLAIN),
        ("content/x.md", "---\ntitle: X\n---\nt\n"),
    ]);
    let elsewhere = tempfile::tempdir().expect("a folder");
    std::os::unix::fs::symlink(elsewhere.path(), q.path("content/sources")).expect("symlink");
    run(&q, "good").assert_fails(2, &["error[usage]", "content/sources", "this is a link"]);
    assert!(!outside.path().join("evil.md").exists());
    let written: Vec<_> = std::fs::read_dir(elsewhere.path()).expect("list").collect();
    assert!(written.is_empty(), "wrote outside the project: {written:?}");
    run(&p, "good").assert_success();
    assert!(p.exists("content/sources/good.md"));
}

#[test]
fn site_yaml_is_a_symlink_out_of_the_project() {
    let outside = tempfile::tempdir().expect("a folder");
    std::fs::write(outside.path().join("site.yaml"), PLAIN).expect("write");
    let p = Project::new(&[("content/x.md", "---\ntitle: X\n---\ntext\n")]);
    std::os::unix::fs::symlink(outside.path().join("site.yaml"), p.path("site.yaml"))
        .expect("symlink");
    p.run(&["build"])
        .assert_fails(1, &["outside-project", "site.yaml", "outside the project"]);
    assert!(!p.exists("public"));
}

#[test]
fn theme_folder_is_a_symlink_out_of_the_project() {
    let outside = tempfile::tempdir().expect("a folder");
    std::fs::create_dir_all(outside.path().join("templates")).expect("mkdir");
    std::fs::write(
        outside.path().join("templates/page.html"),
        "{{ page.title }}",
    )
    .expect("write");
    let p = site_with("title: T\ntheme: mine\n", "text\n");
    p.mkdir("themes");
    std::os::unix::fs::symlink(outside.path(), p.path("themes/mine")).expect("symlink");
    p.run(&["build"])
        .assert_fails(1, &["outside-project", "page.html", "outside the project"]);
    assert!(!p.exists("public"));
}

#[test]
fn template_file_is_a_symlink_out_of_the_project() {
    let outside = tempfile::tempdir().expect("a folder");
    std::fs::write(outside.path().join("page.html"), "{{ page.title }}").expect("write");
    let p = site_with(PLAIN, "text\n");
    p.mkdir("templates");
    std::os::unix::fs::symlink(
        outside.path().join("page.html"),
        p.path("templates/page.html"),
    )
    .expect("symlink");
    p.run(&["build"])
        .assert_fails(1, &["outside-project", "templates/page.html"]);
}

#[test]
fn template_file_is_a_symlink_inside_the_project_and_is_used() {
    let p = site_with(PLAIN, "text\n");
    p.write(
        "mine/page.html",
        "<!doctype html><title>T</title><p>LINKED {{ page.title }}</p>",
    );
    p.mkdir("templates");
    std::os::unix::fs::symlink(p.path("mine/page.html"), p.path("templates/page.html"))
        .expect("symlink");
    p.run(&["build"]).assert_success();
    assert!(
        p.read("public/x/index.html").contains("LINKED"),
        "the linked template was ignored"
    );
}

/// Left as it is, on purpose: a hard link is the file itself, with no path to check, and
/// `cp -l` or `rsync --link-dest` backups make the same kind of file inside a project. Linux's
/// `fs.protected_hardlinks` (on by default) lets a user link only files they own or may read
/// and write, so the link gives no access a copy would not; and unlike a symlink it cannot be
/// pointed elsewhere later. This test pins what the build does with one: it publishes the bytes,
/// as it would a copy's.
#[test]
fn hard_link_to_a_file_outside_the_project_is_published_as_a_copy() {
    let p = site_with(PLAIN, "see [the data](data.csv)\n");
    // Beside the project, so on its file system: a hard link cannot cross file systems.
    let outside = tempfile::tempdir_in(p.root().parent().expect("a parent")).expect("a folder");
    let file = outside.path().join("secret.csv");
    std::fs::write(&file, "a,b\n").expect("a file");
    std::fs::hard_link(&file, p.path("content/data.csv")).expect("a hard link");
    p.run(&["build"]).assert_success();
    assert_eq!(p.read("public/data.csv"), "a,b\n");
}

#[test]
fn cache_files_linked_out_of_the_project_are_not_published() {
    let p = site_with(PLAIN, "text\n");
    p.run(&["build"]).assert_success();
    let outside = tempfile::tempdir().expect("a folder");
    let secret = outside.path().join("secret");
    std::fs::write(&secret, "SECRET-KEY-MATERIAL").expect("a file");
    // A project could ship these links, named as the cached cards and images it will make.
    let mut linked = 0;
    for entry in walkdir::WalkDir::new(p.path(".site-cache")) {
        let entry = entry.expect("an entry");
        if entry.file_type().is_file() {
            std::fs::remove_file(entry.path()).expect("remove");
            std::os::unix::fs::symlink(&secret, entry.path()).expect("symlink");
            linked += 1;
        }
    }
    assert!(linked > 0, "the build cached nothing to link");
    p.remove("public");
    p.run(&["build"]).assert_success();
    for entry in walkdir::WalkDir::new(p.path("public")) {
        let entry = entry.expect("an entry");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(
                !bytes.windows(6).any(|w| w == b"SECRET"),
                "{} holds the linked file",
                entry.path().display()
            );
        }
    }
}

#[test]
fn cache_folder_linked_out_of_the_project() {
    let p = site_with(PLAIN, "text\n");
    let outside = tempfile::tempdir().expect("a folder");
    std::os::unix::fs::symlink(outside.path(), p.path(".site-cache")).expect("symlink");
    p.run(&["build"]).assert_fails(
        1,
        &[
            "error[outside-project]",
            ".site-cache/",
            "the build's cache folder is a link",
            "delete the link",
        ],
    );
    let written: Vec<_> = std::fs::read_dir(outside.path()).expect("list").collect();
    assert!(
        written.is_empty(),
        "the build wrote outside the project: {written:?}"
    );
}

// Unsafe output.

#[test]
fn base_url_naming_another_host() {
    for url in [
        "//evil.example/",
        "/\\evil.example/",
        "https:///x/",
        "https://",
    ] {
        let p = site_with(PLAIN, "text\n");
        let out = p.run(&["build", "--base-url", url]);
        assert_ne!(out.code, 0, "{url} was accepted\n{out}");
        out.assert_stderr(&["base_url"]);
        assert!(!p.exists("public"), "{url}\n{out}");
    }
}

#[test]
fn base_url_naming_another_host_in_site_yaml() {
    refused(
        "title: T\nbase_url: //evil.example/\n",
        "text\n",
        &["config", "site.yaml:2:", "another host"],
    );
}

#[test]
fn base_url_with_control_characters_or_quotes() {
    for url in ["/a\u{7}b/", "/a'b/", "/a\\b/", "/a`b/"] {
        let p = site_with(PLAIN, "text\n");
        let out = p.run(&["build", "--base-url", url]);
        assert_ne!(out.code, 0, "{url:?} was accepted\n{out}");
    }
}

#[test]
fn script_links_hidden_by_tabs_newlines_and_character_references() {
    // A browser drops tabs and newlines inside a URL and controls around it.
    for body in [
        "[x](<java\tscript:alert(1)>)",
        "[x](java&#9;script:alert(1))",
        "[x](java&#10;script:alert(1))",
        "[x](java&#13;script:alert(1))",
        "[x](&#1;javascript:alert(1))",
        "[x][a]\n\n[a]: <java\tscript:alert(1)>",
        "![x](<java\tscript:alert(1)>)",
        "[x](vb&#9;script:msgbox(1))",
        "[x](<da\tta:text/html,hi>)",
    ] {
        refused(
            PLAIN,
            &format!("{body}\n"),
            &["error[unsafe-link]", "content/x.md:5:", "are refused"],
        );
    }
}

#[test]
fn menu_url_with_javascript() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "vbscript:x",
        "data:text/html,x",
        "//evil.example/",
    ] {
        let settings = format!("title: T\nmenu:\n  - title: Home\n    url: \"{url}\"\n");
        refused(
            &settings,
            "text\n",
            &["unsafe-link", "site.yaml:2:", "menu link"],
        );
    }
}

#[test]
fn menu_url_that_is_safe_is_kept() {
    let settings = "title: T\nminify: false\nmenu:\n  - title: About\n    url: /about/\n  - title: Mail\n    url: mailto:a@example.org\n  - title: Out\n    url: https://example.org/\n";
    let p = site_with(settings, "text\n");
    p.write("content/about.md", "---\ntitle: About\n---\nabout\n");
    p.run(&["build"]).assert_success();
    let html = p.read("public/x/index.html");
    assert!(
        html.contains("mailto:a@example.org") && html.contains("https://example.org/"),
        "{html}"
    );
}

// Faults.

#[test]
fn stale_staging_folders_from_killed_builds() {
    let p = site_with(PLAIN, "text\n");
    for stale in [".public.new-12345", ".public.old-999", ".public.new-1"] {
        p.write(&format!("{stale}/.site-output"), "");
        p.write(&format!("{stale}/big.html"), "x");
    }
    p.write(".public.new-notes/keep.txt", "not a staging folder");
    p.run(&["build"]).assert_success();
    for stale in [".public.new-12345", ".public.old-999", ".public.new-1"] {
        assert!(!p.exists(stale), "{stale} was left behind");
    }
    assert!(
        p.exists(".public.new-notes/keep.txt"),
        "a folder that is not staging was removed"
    );
    assert!(p.exists("public/x/index.html"));
}

#[test]
fn rebuild_swaps_the_output_in_one_step() {
    let p = site_with(PLAIN, "first\n");
    p.run(&["build"]).assert_success();
    p.write("content/x.md", &page("second\n"));
    p.run(&["build"]).assert_success();
    assert!(p.read("public/x/index.html").contains("second"));
    let left: Vec<_> = std::fs::read_dir(p.root())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.new-") || n.starts_with(".public.old-"))
        .collect();
    assert!(left.is_empty(), "staging folders left: {left:?}");
}

#[test]
fn concurrent_build_waits_its_turn() {
    use std::os::fd::AsRawFd;
    let p = site_with(PLAIN, "text\n");
    let folder = std::fs::File::open(p.root()).expect("the project folder");
    // SAFETY: flock on a folder this test opened; a running build holds the same lock.
    assert_eq!(unsafe { libc::flock(folder.as_raw_fd(), libc::LOCK_EX) }, 0);
    let out = p.run(&["build"]);
    out.assert_fails(
        1,
        &["another `site build` is writing", "wait for it to finish"],
    );
    assert!(!p.exists("public"));
    drop(folder);
    p.run(&["build"]).assert_success();
}

#[test]
fn concurrent_builds_of_one_output_never_fail_with_a_half_swap() {
    let p = site_with(PLAIN, "text\n");
    p.run(&["build"]).assert_success();
    let root = p.root();
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let root = root.clone();
            std::thread::spawn(move || {
                common::run_in(&root, &["--root", root.to_str().expect("utf-8"), "build"])
            })
        })
        .collect();
    for run in runs {
        let out = run.join().expect("a build thread");
        assert!(
            out.code == 0 || out.stderr.contains("another `site build`"),
            "{out}"
        );
        assert!(!out.stderr.contains("not empty"), "{out}");
    }
    assert!(p.exists("public/x/index.html"));
}

#[test]
fn yaml_alias_bomb_in_front_matter() {
    let mut yaml = String::from("title: X\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        yaml.push_str(&format!(
            "  {name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        ("content/x.md", &format!("---\n{yaml}---\nbody\n")),
    ]);
    p.run(&["build"])
        .assert_fails(1, &["repetition limit", "content/x.md:5:"]);
}

#[test]
fn yaml_alias_bomb_in_site_yaml() {
    let mut yaml = String::from("title: T\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        yaml.push_str(&format!(
            "  {name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
    }
    let p = Project::new(&[
        ("site.yaml", &yaml),
        ("content/x.md", "---\ntitle: X\n---\nbody\n"),
    ]);
    p.run(&["build"])
        .assert_fails(1, &["repetition limit", "site.yaml:4:"]);
}

#[test]
fn tera_include_outside_the_theme() {
    for target in [
        "../../../etc/passwd",
        "/etc/passwd",
        "../site.yaml",
        "missing.html",
    ] {
        let p = site_with(PLAIN, "text\n");
        p.write(
            "templates/page.html",
            &format!("<p>\n{{% include \"{target}\" %}}\n</p>"),
        );
        let out = p.run(&["build"]);
        out.assert_fails(
            1,
            &["template", "templates/page.html:2:", "Unknown template"],
        );
        assert!(!out.stderr.contains("--> templates\n"), "{out}");
    }
}

// Invalid output: every format well-formed for every input, or the build says why not.

/// Every character no output may carry, with the names the catalogue gives them.
const UNWRITABLE: [char; 12] = [
    '\u{0}', '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}',
    '\u{fdd0}', '\u{fffe}', '\u{ffff}',
];

#[test]
fn control_characters_in_front_matter_values() {
    for c in UNWRITABLE {
        for key in ["title", "description"] {
            let p = Project::new(&[
                ("site.yaml", PLAIN),
                (
                    "content/x.md",
                    &format!("---\ntitle: X\n{key}: \"a{c}b\"\n---\ntext\n"),
                ),
            ]);
            let out = p.run(&["build"]);
            out.assert_fails(1, &["control-character", "content/x.md:3:", "delete it"]);
            assert!(!p.exists("public"), "{out}");
        }
    }
}

#[test]
fn control_characters_in_page_text() {
    for c in UNWRITABLE {
        refused(
            PLAIN,
            &format!("line\n\nsome {c} text\n"),
            &[
                "control-character",
                "content/x.md:7:6",
                &format!("U+{:04X}", c as u32),
            ],
        );
    }
}

#[test]
fn control_characters_in_site_yaml_and_sources() {
    let p = site_with("title: \"T\u{7}\"\n", "text\n");
    p.run(&["build"])
        .assert_fails(1, &["control-character", "site.yaml:1:", "U+0007"]);
    let p = site_with(PLAIN, "text\n");
    p.write(
        "content/sources/nysun.md",
        &NYSUN.replace("troops", "troops\u{85}"),
    );
    p.run(&["build"]).assert_fails(
        1,
        &["control-character", "content/sources/nysun.md:", "U+0085"],
    );
}

#[test]
fn bidirectional_override_shows_another_figure_than_the_one_checked() {
    // `[U+202E]12[U+202C]` is read as 12, which the quote holds, and shown as 21.
    let quote = "\"around 11,000 troops were assessed\"";
    for body in [
        format!("[around \u{202E}11,000\u{202C} troops](nysun {quote})\n"),
        format!("[around 11,000 troops](nysun {quote}), \u{202D}about 99 others\n"),
        format!("{CITE}[around 11,000 troops][n] and \u{202E}12\u{202C} more\n"),
    ] {
        refused(
            PLAIN,
            &body,
            &[
                "error[control-character]",
                "content/x.md:",
                "a bidirectional override",
                "U+2067",
            ],
        );
    }
    let p = site_with(PLAIN, "text\n");
    p.write(
        "content/sources/nysun.md",
        &NYSUN.replace("around 11,000", "around \u{202E}11,000"),
    );
    p.run(&["build"]).assert_fails(
        1,
        &["control-character", "content/sources/nysun.md:", "U+202E"],
    );
    let p = site_with("title: \"T \u{202E}12\"\n", "text\n");
    p.run(&["build"])
        .assert_fails(1, &["control-character", "site.yaml:1:", "U+202E"]);
    // An isolate sets a passage's direction without reordering its digits.
    let p = site_with(
        PLAIN,
        "[around 11,000 troops](nysun \"around 11,000 troops were assessed\"), said \u{2067}مسؤول\u{2069}.\n",
    );
    p.run(&["build"]).assert_success();
}

#[test]
fn tab_newline_and_carriage_return_are_text() {
    let p = site_with(PLAIN, "a\tb\r\nc\n");
    p.run(&["build"]).assert_success();
}

#[test]
fn dates_with_quotes_or_markup() {
    for date in ["2024-01-02\\\" & <x>", "2024-01-02]]>", "<!-- 2024 -->"] {
        let p = Project::new(&[
            ("site.yaml", PLAIN),
            (
                "content/x.md",
                &format!("---\ntitle: X\ndate: \"{date}\"\n---\ntext\n"),
            ),
        ]);
        p.run(&["build"])
            .assert_fails(1, &["content/x.md:3:", "is not an ISO 8601 date"]);
    }
}

#[test]
fn dates_that_do_not_exist() {
    // Shaped like ISO 8601 but no day or time: the feed's <updated> and the JSON-LD would carry
    // them as written, and a reader would see "30 February 2026".
    for (key, value) in [
        ("date", "2026-02-30"),
        ("date", "2025-02-29"),
        ("updated", "2026-04-31"),
        ("date", "2026-11-30T25:00Z"),
        ("date", "2026-11-30T12:61Z"),
        ("date", "2026-11-30T12:00:75Z"),
        ("updated", "2026-11-30T12:00+99:99"),
    ] {
        let p = Project::new(&[
            ("site.yaml", PLAIN),
            (
                "content/x.md",
                &format!("---\ntitle: X\n{key}: \"{value}\"\n---\ntext\n"),
            ),
        ]);
        p.run(&["build"]).assert_fails(
            1,
            &[
                "content/x.md:3:",
                "is not an ISO 8601 date",
                "a day that exists",
            ],
        );
    }
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        (
            "content/x.md",
            "---\ntitle: X\ncorrections:\n  - date: 2026-02-29\n    text: A fix.\n---\ntext\n",
        ),
    ]);
    p.run(&["build"])
        .assert_fails(1, &["correction", "content/x.md:4:", "2026-02-29"]);
    // A leap day and a leap second exist.
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        (
            "content/x.md",
            "---\ntitle: X\ndate: 2024-02-29\nupdated: \"2016-12-31T23:59:60Z\"\n---\ntext\n",
        ),
    ]);
    p.run(&["build"]).assert_success();
}

#[test]
fn page_file_names_that_would_break_their_url() {
    for name in ["a b", "a#b", "what?", "100%", "it's", "a\"b", "a<b>"] {
        let p = Project::new(&[
            ("site.yaml", PLAIN),
            (&format!("content/{name}.md"), "---\ntitle: X\n---\ntext\n"),
        ]);
        let out = p.run(&["build"]);
        out.assert_fails(1, &["file-name", "cannot be part of a URL", "rename it"]);
        assert!(!p.exists("public"), "{out}");
    }
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        ("content/my notes/x.md", "---\ntitle: X\n---\ntext\n"),
    ]);
    p.run(&["build"]).assert_fails(
        1,
        &["file-name", "`my notes`", "rename it `my-notes`", "folder"],
    );
}

#[test]
fn page_file_name_with_a_slug_is_published_under_the_slug() {
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        ("content/a b#c.md", "---\ntitle: X\nslug: abc\n---\ntext\n"),
    ]);
    p.run(&["build"]).assert_success();
    assert!(p.exists("public/abc/index.html"));
}

#[test]
fn page_file_names_with_letters_outside_ascii_and_leading_dots() {
    let p = Project::new(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        (
            "content/café.md",
            "---\ntitle: X\ndate: 2024-01-01\n---\ntext\n",
        ),
        ("content/.notes.md", "---\ntitle: Hidden\n---\ntext\n"),
    ]);
    p.run(&["build"]).assert_success();
    assert!(p.exists("public/café/index.html"));
    assert!(!p.exists("public/.notes"), "a hidden file was published");
    let sitemap = p.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/caf%C3%A9/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn image_file_names_with_spaces_hashes_and_percent_signs() {
    let p = site_with(
        "title: T\nminify: false\nbase_url: https://example.org/sub/\n",
        "![a](<my pic%231.png>) ![b](100%25.png) ![c](<café ü.png>)\n",
    );
    for name in ["my pic#1.png", "100%.png", "café ü.png"] {
        p.write_bytes(&format!("content/{name}"), common::PNG);
    }
    p.run(&["build"]).assert_success();
    let html = p.read("public/x/index.html");
    for src in [
        "/sub/my%20pic%231.png",
        "/sub/100%25.png",
        "/sub/caf%C3%A9%20%C3%BC.png",
    ] {
        assert!(html.contains(&format!("src=\"{src}\"")), "{src} in\n{html}");
    }
    for name in ["my pic#1.png", "100%.png", "café ü.png"] {
        assert!(p.exists(&format!("public/{name}")), "{name} not copied");
    }
    // A `#` written as it is starts the fragment, as in any URL.
    p.write("content/x.md", &page("![a](<my pic#1.png>)\n"));
    p.run(&["build"]).assert_fails(
        1,
        &["broken-link", "there is no file `my pic` under content/"],
    );
}

/// Values an attacker or a careless editor could put in every field that reaches an output.
const NASTY: &str = "Q \\\"quoted\\\" & 'single' <b>bold</b> ]]> </script> <!-- x --> é 北";

/// A project with hostile values in every front matter field and setting that is written out.
fn nasty_project() -> Project {
    let settings = format!(
        "title: \"{NASTY}\"\ndescription: \"{NASTY}\"\nauthor: \"{NASTY}\"\nbase_url: https://example.org/sub/\nminify: false\nmenu:\n  - title: \"{NASTY}\"\n    url: /\n"
    );
    let page = format!(
        "---\ntitle: \"{NASTY}\"\ndescription: \"{NASTY}\"\ndate: 2024-01-02\nupdated: 2024-02-03T10:00:00+01:00\nsources: [nysun]\n---\nText & <more> ]]> </script> [around 11,000][n].\n\n[n]: nysun \"around 11,000 troops were assessed\"\n"
    );
    Project::new(&[
        ("site.yaml", &settings),
        ("content/index.md", &page),
        ("content/about.md", &page.replace("date: 2024-01-02\n", "")),
        ("content/sources/nysun.md", NYSUN),
    ])
}

/// The raw value as the YAML above decodes it.
fn nasty_value() -> String {
    NASTY.replace("\\\"", "\"")
}

#[test]
fn feeds_and_sitemap_are_well_formed_xml_with_hostile_values() {
    let p = nasty_project();
    p.run(&["build"]).assert_success();
    for file in ["public/atom.xml", "public/sitemap.xml"] {
        let xml = p.read(file);
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{file} is not well-formed XML: {e}\n{xml}"));
        if file.ends_with("atom.xml") {
            let titles: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("title"))
                .filter_map(|n| n.text())
                .collect();
            assert!(titles.iter().all(|t| *t == nasty_value()), "{titles:?}");
            assert_eq!(
                titles.len(),
                2,
                "the feed and its one dated page: {titles:?}"
            );
        } else {
            let locs: Vec<&str> = doc
                .descendants()
                .filter(|n| n.has_tag_name("loc"))
                .filter_map(|n| n.text())
                .collect();
            assert!(
                locs.iter().all(|l| l.is_ascii() && !l.contains(' ')),
                "{locs:?}"
            );
            assert_eq!(locs.len(), 3, "{locs:?}");
        }
    }
}

#[test]
fn json_ld_and_citations_json_are_valid_json_with_hostile_values() {
    let p = nasty_project();
    p.run(&["build"]).assert_success();
    let json = p.read("public/citations.json");
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("citations.json is JSON");
    assert_eq!(parsed["total"], 2, "{json}");
    for file in ["public/index.html", "public/about/index.html"] {
        let html = p.read(file);
        let script = common::between(&html, "<script type=\"application/ld+json\">", "</script>")
            .unwrap_or_else(|| panic!("no JSON-LD in {file}\n{html}"));
        assert!(
            !script.contains('<') && !script.contains('>'),
            "a `<` in JSON-LD could close the script or open a comment: {script}"
        );
        let ld: serde_json::Value = serde_json::from_str(script).expect("JSON-LD is JSON");
        assert_eq!(ld["headline"], nasty_value(), "{script}");
        assert_eq!(ld["description"], nasty_value(), "{script}");
    }
}

#[test]
fn html_escapes_hostile_values_in_titles_descriptions_and_menus() {
    let p = nasty_project();
    p.run(&["build"]).assert_success();
    let html = p.read("public/index.html");
    for raw in ["<b>bold</b>", "</script> <!--", "<more>"] {
        let outside_json = html.replace(
            common::between(&html, "<script type=\"application/ld+json\">", "</script>")
                .unwrap_or(""),
            "",
        );
        assert!(!outside_json.contains(raw), "{raw} unescaped in\n{html}");
    }
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
    assert!(
        html.contains("href=\"/sub/\""),
        "the menu's `/` takes the base path\n{html}"
    );
}

// Root-relative links written by hand take the base path and are checked.

const ROOTED: &str = "title: T\nminify: false\nbase_url: https://example.org/explainer/\n";

/// A project with a home page and `x.md` holding `body`.
fn rooted(settings: &str, body: &str) -> Project {
    let p = site_with(settings, body);
    p.write("content/index.md", "---\ntitle: Home\n---\nhome\n");
    p
}

#[test]
fn root_relative_links_take_the_base_path() {
    let p = rooted(
        ROOTED,
        "[home](/) [src](/sources/nysun/#s) [me](/x/) [bare](/x) [feed](/atom.xml) [already](/explainer/x/) [css](/style.css)\n",
    );
    // The feed is written once a page is dated.
    p.write(
        "content/index.md",
        "---\ntitle: Home\ndate: 2026-01-02\n---\nhome\n",
    );
    p.run(&["build"]).assert_success();
    let html = p.read("public/x/index.html");
    for href in [
        "/explainer/",
        "/explainer/sources/nysun/#s",
        "/explainer/x/",
        "/explainer/atom.xml",
        "/explainer/style.css",
    ] {
        assert!(
            html.contains(&format!("href=\"{href}\"")),
            "{href} in\n{html}"
        );
    }
    assert!(!html.contains("/explainer/explainer/"), "{html}");
    assert_eq!(
        html.matches("href=\"/explainer/x/\"").count(),
        3,
        "`/x/`, `/x` and `/explainer/x/` all lead to the page's URL\n{html}"
    );
}

#[test]
fn root_relative_link_to_a_missing_page() {
    let p = rooted(ROOTED, "see [the page](/troop/)\n");
    p.write("content/troops.md", "---\ntitle: T\n---\ntext\n");
    p.run(&["build"]).assert_fails(
        1,
        &[
            "broken-link",
            "content/x.md:5:5",
            "there is no page or file `/troop/`",
            "did you mean `/troops/`?",
        ],
    );
    assert!(!p.exists("public"));
}

#[test]
fn root_relative_link_to_a_missing_source_page() {
    refused(
        ROOTED,
        "see [the source](/sources/nysum/)\n",
        &[
            "broken-link",
            "content/x.md:5:",
            "did you mean `/sources/nysun/`?",
        ],
    );
}

#[test]
fn root_relative_link_to_a_misplaced_image() {
    let p = site_with(ROOTED, "![a](/img/a.png)\n");
    p.write("content/pics/a.png", "x");
    p.run(&["build"])
        .assert_fails(1, &["broken-link", "content/x.md:5:", "`/img/a.png`"]);
    let p = site_with(ROOTED, "![a](/pics/a.png)\n");
    p.write_bytes("content/pics/a.png", common::PNG);
    p.run(&["build"]).assert_success();
    assert!(
        p.read("public/x/index.html")
            .contains("src=\"/explainer/pics/a.png\"")
    );
}

#[test]
fn root_relative_links_under_the_default_base_url() {
    let p = rooted(PLAIN, "[gone](/gone/#why)\n");
    p.run(&["build"])
        .assert_fails(1, &["broken-link", "`/gone/`"]);
    let p = rooted(PLAIN, "[home](/) [me](/x/#top)\n");
    p.run(&["build"]).assert_success();
}

#[test]
fn menu_url_from_the_root_takes_the_base_path() {
    let settings = format!(
        "{ROOTED}menu:\n  - title: Home\n    url: /\n  - title: Me\n    url: /x/\n  - title: Full\n    url: /explainer/x/\n"
    );
    let p = rooted(&settings, "text\n");
    p.run(&["build"]).assert_success();
    let html = p.read("public/x/index.html");
    assert!(html.contains("href=\"/explainer/\""), "{html}");
    assert!(html.contains("href=\"/explainer/x/\""), "{html}");
    assert!(!html.contains("/explainer/explainer/"), "{html}");
}

// Theme templates: Tera bounds its own nesting; each limit names the template.

#[test]
fn tera_include_loop() {
    let p = site_with(PLAIN, "text\n");
    p.write("templates/page.html", "<p>\n{% include \"a.html\" %}\n</p>");
    p.write("templates/a.html", "a\n{% include \"b.html\" %}");
    p.write("templates/b.html", "{% include \"a.html\" %}");
    let out = p.run(&["build"]);
    out.assert_fails(
        1,
        &[
            "template",
            "include each other in a loop",
            "templates/a.html:2:",
        ],
    );
    assert!(!out.stderr.contains("--> templates\n"), "{out}");
}

#[test]
fn tera_include_of_itself() {
    let p = site_with(PLAIN, "text\n");
    p.write(
        "templates/page.html",
        "<p>\n\n{% include 'page.html' %}</p>",
    );
    p.run(&["build"]).assert_fails(
        1,
        &["include each other in a loop", "templates/page.html:3:"],
    );
}

#[test]
fn tera_extends_loop() {
    let p = site_with(PLAIN, "text\n");
    p.write("templates/page.html", "{% extends \"a.html\" %}");
    p.write("templates/a.html", "{% extends \"page.html\" %}");
    let out = p.run(&["build"]);
    out.assert_fails(
        1,
        &["template", "extend each other in a loop", "templates/"],
    );
    assert!(!out.stderr.contains("--> templates\n"), "{out}");
}

#[test]
fn tera_extends_a_missing_template() {
    let p = site_with(PLAIN, "text\n");
    p.write("templates/page.html", "\n{% extends \"nothere.html\" %}");
    let out = p.run(&["build"]);
    out.assert_fails(1, &["template", "templates/page.html:2:", "nothere.html"]);
    assert!(!out.stderr.contains("--> templates\n"), "{out}");
}

#[test]
fn tera_nesting_30000_deep() {
    let p = site_with(PLAIN, "text\n");
    p.write(
        "templates/page.html",
        &format!(
            "{}x{}",
            "{% if true %}".repeat(30_000),
            "{% endif %}".repeat(30_000)
        ),
    );
    p.run(&["build"]).assert_fails(
        1,
        &["template", "nesting is too deep", "templates/page.html:1:"],
    );
}

#[test]
fn tera_expression_nesting_30000_deep() {
    let p = site_with(PLAIN, "text\n");
    p.write(
        "templates/page.html",
        &format!("{{{{ {}1{} }}}}", "(".repeat(30_000), ")".repeat(30_000)),
    );
    p.run(&["build"])
        .assert_fails(1, &["template", "templates/page.html:1:"]);
}

#[test]
fn root_relative_link_to_a_missing_home_page() {
    refused(
        ROOTED,
        "[home](/)\n",
        &["broken-link", "there is no page or file `/`"],
    );
}

// Error locations: every YAML error names its file and line.

#[test]
fn yaml_duplicate_key_points_at_the_second() {
    let p = Project::new(&[
        ("site.yaml", PLAIN),
        (
            "content/x.md",
            "---\ntitle: X\ndescription: D\ntitle: Y\n---\ntext\n",
        ),
    ]);
    p.run(&["build"])
        .assert_fails(1, &["duplicate field `title`", "content/x.md:4:1"]);
    let p = site_with("title: T\nlanguage: en\ntitle: U\n", "text\n");
    p.run(&["build"])
        .assert_fails(1, &["duplicate field `title`", "site.yaml:3:1"]);
}

#[test]
fn yaml_errors_about_the_whole_block_name_its_line() {
    for (front, needle) in [
        ("- a\n- b\n", "content/x.md:2:"),
        ("description: D\n", "content/x.md:2:"),
        ("title: [1, 2]\n", "content/x.md:2:8"),
    ] {
        let p = Project::new(&[
            ("site.yaml", PLAIN),
            ("content/x.md", &format!("---\n{front}---\ntext\n")),
        ]);
        p.run(&["build"]).assert_fails(1, &["error[yaml]", needle]);
    }
    for (settings, needle) in [
        ("- a\n", "site.yaml:1:"),
        ("language: en\n", "site.yaml:"),
        ("title: T\nmenu:\n  - title: A\n", "site.yaml:3:"),
    ] {
        let p = site_with(settings, "text\n");
        let out = p.run(&["build"]);
        out.assert_fails(1, &["error[yaml]", needle]);
        assert!(!out.stderr.contains(":0:"), "{out}");
    }
}

#[test]
fn menu_url_to_a_missing_page() {
    for url in ["/abuot/", "abuot/", "/explainer/abuot/", "/abuot/#team"] {
        let settings = format!(
            "{ROOTED}menu:\n  - title: Home\n    url: /x/\n  - title: About\n    url: \"{url}\"\n"
        );
        let p = rooted(&settings, "text\n");
        p.write("content/about.md", "---\ntitle: About\n---\nabout\n");
        let out = p.run(&["build"]);
        out.assert_fails(
            1,
            &[
                "broken-link",
                "site.yaml:8:",
                &format!("the menu link `{url}` leads to no page"),
                "did you mean `/about/`?",
            ],
        );
        assert!(!p.exists("public"), "{out}");
    }
}

#[test]
fn menu_url_to_a_source_page_or_a_theme_file() {
    let settings = format!(
        "{ROOTED}menu:\n  - title: Source\n    url: /sources/nysun/\n  - title: Feed\n    url: /citations.json\n  - title: Style\n    url: /style.css\n"
    );
    rooted(&settings, "text\n").run(&["build"]).assert_success();
}

#[test]
fn relative_link_to_a_missing_file() {
    for (link, needle) in [
        (
            "data/tables.csv",
            "there is no file `data/tables.csv` under content/",
        ),
        ("../missing.pdf", "nor a page or file `/missing.pdf`"),
        ("report.pdf#page=2", "there is no file `report.pdf`"),
        ("data/tables.csv?v=2", "there is no file `data/tables.csv`"),
        ("../../../etc/passwd", "climbs out of the site"),
        ("notes.html", "there is no file `notes.html`"),
    ] {
        let p = site_with(PLAIN, &format!("see [the data]({link})\n"));
        p.write("content/data/table.csv", "a,b\n1,2\n");
        let out = p.run(&["build"]);
        out.assert_fails(1, &["error[broken-link]", "content/x.md:5:5", needle]);
        assert!(!p.exists("public"), "{link}: a refused build wrote public/");
        if link.starts_with("data/") {
            out.assert_stderr(&["did you mean `/data/table.csv`?"]);
        }
    }
}

#[test]
fn relative_link_to_a_file_that_exists_is_published() {
    let p = rooted(
        ROOTED,
        "[a](data/table.csv), [b](../report.pdf), [c](../citations.json), [d](../), [e](./#top), [f](../sources/nysun/)\n",
    );
    p.write("content/data/table.csv", "a,b\n1,2\n");
    p.write("static/report.pdf", "%PDF-1.4\n");
    p.run(&["build"]).assert_success();
    assert_eq!(p.read("public/data/table.csv"), "a,b\n1,2\n");
    assert_eq!(p.read("public/report.pdf"), "%PDF-1.4\n");
    let links = urls(&p.read("public/x/index.html"));
    for want in [
        "/explainer/data/table.csv",
        "../report.pdf",
        "../citations.json",
        "../",
    ] {
        assert!(links.iter().any(|l| l == want), "{want} in {links:?}");
    }
}

#[test]
fn root_relative_link_to_a_missing_file() {
    for (link, needle) in [
        ("/data/missing.csv", "did you mean `/data/table.csv`?"),
        ("/report.pfd", "did you mean `/report.pdf`?"),
        ("/stlye.css", "did you mean `/style.css`?"),
    ] {
        let p = rooted(ROOTED, &format!("see [it]({link})\n"));
        p.write("content/data/table.csv", "a,b\n");
        p.write("static/report.pdf", "%PDF-1.4\n");
        p.run(&["build"]).assert_fails(
            1,
            &[
                "broken-link",
                "content/x.md:5:5",
                &format!("there is no page or file `{link}`"),
                needle,
            ],
        );
    }
    let settings = format!("{ROOTED}menu:\n  - title: Data\n    url: /data/missing.csv\n");
    rooted(&settings, "text\n").run(&["build"]).assert_fails(
        1,
        &[
            "broken-link",
            "site.yaml:",
            "the menu link `/data/missing.csv`",
        ],
    );
    let p = rooted(ROOTED, "see [it](/report.pdf) and [that](/style.css)\n");
    p.write("static/report.pdf", "%PDF-1.4\n");
    p.run(&["build"]).assert_success();
}

#[test]
fn links_to_the_sitemap_or_feed_a_build_without_a_host_leaves_out() {
    for (settings, link) in [
        (PLAIN, "/sitemap.xml"),
        (PLAIN, "/atom.xml"),
        ("title: T\nbase_url: /explainer/\n", "/sitemap.xml"),
        (ROOTED, "/atom.xml"),
    ] {
        refused(
            settings,
            &format!("see [it]({link})\n"),
            &["broken-link", "content/x.md:5:5", &format!("`{link}`")],
        );
    }
    let settings = format!("{PLAIN}menu:\n  - title: Map\n    url: /sitemap.xml\n");
    refused(&settings, "text\n", &["the menu link `/sitemap.xml`"]);
    // With a host the sitemap is written, and the feed too once a page is dated.
    let p = rooted(ROOTED, "see [map](/sitemap.xml)\n");
    p.run(&["build"]).assert_success();
    let dated = Project::new(&[
        ("site.yaml", ROOTED),
        (
            "content/x.md",
            "---\ntitle: X\ndate: 2026-01-02\n---\nthe [feed](/atom.xml)\n",
        ),
    ]);
    dated.run(&["build"]).assert_success();
}

#[test]
fn base_url_without_a_host_writes_no_relative_urls_where_absolute_ones_are_required() {
    let p = Project::new(&[
        (
            "site.yaml",
            "title: T\nminify: false\nbase_url: /explainer/\nstrict: true\n",
        ),
        ("content/index.md", "---\ntitle: Home\n---\nhome\n"),
    ]);
    // A note never fails a build, even a strict one.
    let out = p.run(&["build"]);
    out.assert_success();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert_eq!(said.matches("note[relative-base-url]").count(), 1, "{said}");
    assert!(said.contains("site.yaml:3:1"), "names the line: {said}");
    assert!(said.contains("base_url: https://your.host/"), "{said}");
    assert!(
        !p.exists("public/sitemap.xml"),
        "a sitemap of relative URLs"
    );
    assert!(!p.read("public/robots.txt").contains("Sitemap"));
    let html = p.read("public/index.html");
    assert!(!html.contains("canonical"), "{html}");
    assert!(!html.contains("og:url"), "{html}");

    p.write(
        "site.yaml",
        "title: T\nminify: false\nbase_url: /explainer/\n",
    );
    p.write(
        "content/dated.md",
        "---\ntitle: Dated\ndate: 2024-01-05\n---\nA.\n",
    );
    let json = p.run(&["build", "--format", "json"]);
    json.assert_success();
    assert!(
        json.stderr
            .lines()
            .any(|l| l.contains("\"severity\":\"note\"") && l.contains("relative-base-url")),
        "{json}"
    );
    assert!(!p.exists("public/atom.xml"), "a feed of relative URLs");
    let html = p.read("public/dated/index.html");
    assert!(
        !urls(&html).iter().any(|u| u.contains("atom.xml")),
        "{html}"
    );

    // With a host, everything is written, with absolute URLs, and nothing is said.
    let out = p.run(&["build", "--base-url", "https://example.org/explainer/"]);
    out.assert_success();
    assert!(!format!("{out}").contains("relative-base-url"), "{out}");
    let sitemap = p.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/explainer/dated/</loc>"),
        "{sitemap}"
    );
    assert!(p.exists("public/atom.xml"));
    let html = p.read("public/dated/index.html");
    assert!(
        html.contains("rel=\"canonical\" href=\"https://example.org/explainer/dated/\""),
        "{html}"
    );
}

#[test]
fn every_html_file_of_every_build_parses_without_an_html5_error() {
    // Every successful build run by these tests (the hostile fixtures here, the shipped site in
    // tests/digests.rs) has its HTML parsed by html5ever through `common::run_in`; this test
    // shows that the check finds what it is for, and runs it on the nastiest values.
    for (html, error) in [
        ("<p>no doctype</p>", "quirks mode"),
        ("<!doctype html><title>T</title><p a=1 a=2>x", "attribute"),
        ("<!doctype html><title>T</title><p>a</b>", ""),
        ("<!doctype html><title>T</title><a href=\"x\"y>z</a>", ""),
    ] {
        let found = common::html::parse_errors(html);
        assert!(!found.is_empty(), "{html} parsed without an error");
        assert!(found.iter().any(|e| e.contains(error)), "{html}: {found:?}");
    }
    assert_eq!(
        common::html::parse_errors("<!doctype html><title>T</title><p>fine"),
        Vec::<String>::new()
    );
    let p = nasty_project();
    p.run(&["build"]).assert_success();
    common::html::assert_well_formed(&p.path("public"));
}

#[test]
fn file_names_that_are_not_utf8_are_refused_by_name() {
    use std::os::unix::ffi::OsStrExt;
    // Linux allows any bytes but `/` and NUL in a name; 0xE9 is é in Latin-1, not UTF-8.
    let bad = |prefix: &str, suffix: &str| {
        let mut name = prefix.as_bytes().to_vec();
        name.push(0xE9);
        name.extend_from_slice(suffix.as_bytes());
        std::ffi::OsStr::from_bytes(&name).to_os_string()
    };
    for (folder, prefix, suffix, body) in [
        ("content", "caf", ".md", "---\ntitle: X\n---\ntext\n"),
        ("content/sources", "nysun", ".md", NYSUN),
        ("content", "photo", ".png", ""),
        ("content/notes", "caf", "", ""),
        (
            "templates",
            "page",
            ".html",
            "<!doctype html><title>T</title>",
        ),
        ("themes/mine/static", "style", ".css", "p{}"),
    ] {
        let p = site_with("title: T\ntheme: mine\n", "text\n");
        p.write("content/index.md", "---\ntitle: Home\n---\n[x](x.md)\n");
        p.mkdir("themes/mine/templates");
        p.mkdir(folder);
        let path = p.path(folder).join(bad(prefix, suffix));
        if suffix.is_empty() {
            std::fs::create_dir(&path).expect("a folder");
            std::fs::write(path.join("a.md"), "---\ntitle: A\n---\ntext\n").expect("a page");
        } else if suffix == ".png" {
            std::fs::write(&path, common::PNG).expect("an image");
        } else {
            std::fs::write(&path, body).expect("a file");
        }
        let out = p.run(&["build"]);
        let lossy = format!("{prefix}\u{FFFD}{suffix}");
        let renamed = format!("{prefix}-{suffix}");
        out.assert_fails(
            1,
            &[
                "error[file-name]",
                &format!("the name `{lossy}` is not valid UTF-8"),
                &format!("{folder}/{lossy}"),
                &format!("rename it with a UTF-8 name, such as `{renamed}`"),
                &format!("mv {folder}/{prefix}?{suffix} {folder}/{renamed}"),
            ],
        );
        assert!(
            !p.exists("public"),
            "{folder}: a refused build wrote public/\n{out}"
        );
    }
}

/// A theme whose page template starts a chain of `n` more templates, each `{% KEYWORD %}`ing
/// the next, on its first line; the last is the whole document.
fn chained_templates(n: usize, keyword: &str) -> Project {
    let p = site_with(PLAIN, "text\n");
    p.write("content/index.md", "---\ntitle: Home\n---\n[x](x.md)\n");
    let statement = |i: usize| format!("{{% {keyword} \"t{i}.html\" %}}");
    p.write("templates/page.html", &statement(0));
    for i in 0..n {
        let text = if i + 1 < n {
            statement(i + 1)
        } else {
            "<!doctype html><title>T</title>end".to_string()
        };
        p.write(&format!("templates/t{i}.html"), &text);
    }
    p
}

#[test]
fn tera_include_chain_3000_long() {
    // Tera's own loop check costs the cube of a chain's length (3,000 took minutes), and its
    // rendering overflowed a thread's stack at 32; the chain is refused, at its 16th template's
    // statement, before Tera sees it.
    let p = chained_templates(3_000, "include");
    p.run(&["build"]).assert_fails(
        1,
        &[
            "error[too-deep]: this statement makes a chain of more than 16 templates, each including or extending the next (page.html → t0.html → … → t14.html → t15.html)",
            "templates/t14.html:1:1",
            "help: a theme may chain at most 16 templates",
        ],
    );
    assert!(!p.exists("public"));
    let p = chained_templates(3_000, "extends");
    p.run(&["build"])
        .assert_fails(1, &["error[too-deep]", "templates/t14.html:1:1"]);
    // A chain within the bound builds, and renders every template of it, on every page.
    for keyword in ["include", "extends"] {
        let p = chained_templates(15, keyword);
        p.run(&["build"]).assert_success();
        assert!(p.read("public/x/index.html").contains("end"), "{keyword}");
        assert!(p.read("public/index.html").contains("end"), "{keyword}");
    }
    let p = chained_templates(16, "include");
    p.run(&["build"])
        .assert_fails(1, &["error[too-deep]", "templates/t14.html:1:1"]);
}
