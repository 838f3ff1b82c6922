//! The hostile-input catalogue: inputs an attacker or a careless editor could write, each built
//! with the real binary, checking what `site` does and the message it gives. docs/hostile-input.md
//! lists them; each test here is named for its case.

pub mod common;

use common::{NYSUN, Outcome, Project};

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
    refused(PLAIN, body, &["unread-digit", "content/x.md:5:", "`٩`"]);
}

#[test]
fn citation_in_other_scripts_digits() {
    for figure in [
        "९९,००० troops",
        "๙๙,๐๐๐ troops",
        "９９,０００ troops",
        "99,০০০ troops",
    ] {
        let body =
            format!("About [{figure}](nysun \"around 11,000 troops were assessed\") moved.\n");
        refused(PLAIN, &body, &["unread-digit", "content/x.md:5:"]);
    }
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
    refused(PLAIN, &body, &["unread-digit", "content/x.md:7:"]);
}
