//! Charts and derived figures, end to end: a project in a temporary folder is built with the
//! library's pipeline, and what an editor or a reader would see is checked: the SVG (as
//! snapshots), the panel's working, and the file, line and column of each failure.

pub mod common;

use std::fs;
use std::path::{Path, PathBuf};

use site::build::{self, Options};
use site::diag::Diagnostic;

const SOURCE: &str = "\
---
title: What Pyongyang hopes to gain
publisher: The New York Sun
url: https://example.com/story
---
Officials said around 11,000 troops were assessed to have moved to Kursk in late October.

North Korea has 1.2 million troops, and Russia recruits 25,000–30,000 new soldiers a month, barely keeping pace with losses of 1,000—or 30,000 a month.

Russia is reportedly paying nearly $2,000 a month for each North Korean soldier.

Zelensky said North Korea could send as many as 100,000 troops.

Prices rose 0.1 points in May and 0.2 points in June.
";

const DEFINITIONS: &str = "
[kursk]: nysun \"around 11,000 troops were assessed to have moved to Kursk\"
[army]: nysun \"North Korea has 1.2 million troops\"
[recruits]: nysun \"Russia recruits 25,000–30,000 new soldiers a month\"
[losses]: nysun \"barely keeping pace with losses of 1,000—or 30,000 a month\"
[pay]: nysun \"Russia is reportedly paying nearly $2,000 a month for each North Korean soldier\"
[zelensky]: nysun \"could send as many as 100,000 troops\"
[may]: nysun \"Prices rose 0.1 points in May\"
[june]: nysun \"0.2 points in June\"
[about]: https://example.com/about \"not a citation\"
";

/// A project with one page whose body is `body` (the definitions above are appended).
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(body: &str) -> Project {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
            fs::write(path, text).expect("write");
        };
        write("site.yaml", "title: Test site\nminify: false\n");
        write("content/sources/nysun.md", SOURCE);
        write(
            "content/index.md",
            &format!("---\ntitle: Charts\nsources: [nysun]\n---\n{body}\n{DEFINITIONS}"),
        );
        Project { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().expect("the root")
    }

    fn build(&self, strict: bool) -> Result<String, Vec<Diagnostic>> {
        let output = self.root().join("public");
        let options = Options {
            strict,
            output: Some(output.clone()),
            write: true,
            ..Options::default()
        };
        build::build(&self.root(), &options)?;
        common::digest::check(&common::digest_file(), &common::next_build_key(), &output);
        Ok(fs::read_to_string(output.join("index.html")).expect("the page"))
    }

    fn html(&self) -> String {
        match self.build(true) {
            Ok(html) => html,
            Err(found) => panic!("the build failed:\n{}", shown(&found)),
        }
    }

    fn errors(&self) -> Vec<Diagnostic> {
        match self.build(true) {
            Ok(_) => panic!("the build passed"),
            Err(found) => found,
        }
    }

    /// The 1-based line of the page on which `needle` first occurs.
    fn line_of(&self, needle: &str) -> usize {
        let text = fs::read_to_string(self.root().join("content/index.md")).expect("the page");
        let at = text.find(needle).expect("the needle is in the page");
        text[..at].matches('\n').count() + 1
    }
}

fn shown(found: &[Diagnostic]) -> String {
    found.iter().map(|d| d.to_string()).collect()
}

/// The `<figure class="chart ...">…</figure>` elements of a page, one per line.
fn figures(html: &str) -> Vec<String> {
    html.match_indices("<figure class=\"chart")
        .map(|(at, _)| {
            let end = html[at..]
                .find("</figure>")
                .map_or(html.len(), |e| at + e + 9);
            html[at..end].to_string()
        })
        .collect()
}

fn the(found: &[Diagnostic], code: &str) -> Diagnostic {
    found
        .iter()
        .find(|d| d.code == code)
        .cloned()
        .unwrap_or_else(|| panic!("no {code} among:\n{}", shown(found)))
}

const BARS: &str = "\
```chart
type: bars
title: Troops
unit: troops
items:
  - label: Sent to Kursk
    value: around 11,000
    cite: kursk
  - label: Could be sent, says Zelensky
    value: as many as 100,000
    source: nysun
    quote: \"could send as many as 100,000 troops\"
```
";

#[test]
fn a_bar_chart_is_an_accessible_svg_whose_bars_link_to_their_entries() {
    let html = Project::new(BARS).html();
    let figs = figures(&html);
    assert_eq!(figs.len(), 1, "{html}");
    insta::assert_snapshot!("bars", figs[0]);
    for needle in [
        "role=\"group\" aria-labelledby=\"chart-1-title chart-1-desc\"",
        "<a class=\"cite-mark\" id=\"ref-1-1\" href=\"#cite-1\"",
        "<div class=\"visually-hidden\"><table class=\"chart-table\">",
    ] {
        assert!(figs[0].contains(needle), "{needle} in {}", figs[0]);
    }
    // The panel's entry links back to the bar.
    assert!(html.contains("href=\"#ref-1-1\""), "{html}");
    // Responsive: a viewBox and no fixed size.
    assert!(
        figs[0].contains("<svg class=\"chart-svg\" viewBox=\"0 0 400 "),
        "{}",
        figs[0]
    );
}

#[test]
fn a_ranges_chart_draws_the_spread_of_a_range() {
    let html = Project::new(
        "Recruiting: [25,000–30,000][recruits].\n\n\
         ```chart\n\
         type: ranges\n\
         title: Recruits against losses\n\
         unit: soldiers a month\n\
         credit: U.S. officials, via CSIS\n\
         items:\n  \
           - label: Recruited\n    value: 25,000–30,000\n    cite: recruits\n  \
           - label: Lost\n    value: 30,000\n    cite: losses\n\
         ```\n",
    )
    .html();
    let figs = figures(&html);
    insta::assert_snapshot!("ranges", figs[0]);
    assert!(figs[0].contains("class=\"chart-extent\""));
    // The first bar cites an entry the text cited first: it is that entry's second place.
    assert!(
        figs[0].contains("id=\"ref-1-2\" href=\"#cite-1\""),
        "{}",
        figs[0]
    );
}

#[test]
fn a_part_chart_draws_each_part_against_the_whole() {
    let html = Project::new(
        "```chart\n\
         type: part\n\
         title: The deployment against the army\n\
         unit: troops\n\
         description: Each bar on the scale of the army.\n\
         items:\n  \
           - label: Army\n    value: 1.2 million\n    whole: true\n    cite: army\n  \
           - label: In Kursk\n    value: around 11,000\n    cite: kursk\n\
         ```\n",
    )
    .html();
    let figs = figures(&html);
    insta::assert_snapshot!("part", figs[0]);
    assert!(figs[0].contains("class=\"chart-track\""));
    assert!(
        figs[0].contains("<desc id=\"chart-1-desc\">Each bar on the scale of the army.</desc>")
    );
}

#[test]
fn a_value_not_in_its_quote_fails_at_its_line_in_the_block() {
    let p = Project::new(&BARS.replace("around 11,000", "around 12,000"));
    let found = p.errors();
    let d = the(&found, "figure-not-in-quote");
    assert_eq!(d.file, Path::new("content/index.md"));
    assert_eq!(d.line, p.line_of("value: around 12,000"));
    assert_eq!(d.column, "    value: ".len() + 1);
    assert_eq!(
        d.message,
        "the figure 12,000 is not in the quote; the quote has 11,000"
    );
}

#[test]
fn a_value_in_an_indented_block_is_found_too() {
    let indented: String = BARS.lines().map(|l| format!("  {l}\n")).collect();
    let p = Project::new(&format!(
        "- A list item:\n\n{}",
        indented.replace("value: as many as 100,000", "value: as many as 10,000")
    ));
    let found = p.errors();
    let d = the(&found, "figure-not-in-quote");
    assert_eq!(d.line, p.line_of("value: as many as 10,000"));
    assert_eq!(d.column, "      value: ".len() + 1);
}

#[test]
fn malformed_chart_yaml_fails_with_a_line_in_the_block() {
    let p = Project::new("Text.\n\n```chart\ntype: bars\ntitle: [Troops\nunit: troops\n```\n");
    let d = the(&p.errors(), "chart-yaml");
    assert_eq!(d.file, Path::new("content/index.md"));
    assert!(
        d.line >= p.line_of("title: [Troops") && d.line <= p.line_of("unit: troops"),
        "{d}"
    );
    assert!(d.message.starts_with("invalid chart YAML"), "{d}");

    let p = Project::new(&BARS.replace("label: Sent", "lable: Sent"));
    let d = the(&p.errors(), "chart-yaml");
    assert_eq!(d.line, p.line_of("lable: Sent"), "{d}");
    assert_eq!(d.help.as_deref(), Some("did you mean `label`?"));
}

#[test]
fn chart_items_must_cite_and_fit_their_kind() {
    let p = Project::new(&BARS.replace("cite: kursk", "cite: kursks"));
    let d = the(&p.errors(), "chart-cite");
    assert_eq!(d.message, "there is no reference `[kursks]` on this page");
    assert_eq!(d.help.as_deref(), Some("did you mean `kursk`?"));
    assert_eq!((d.line, d.column), (p.line_of("cite: kursks"), 11));

    let p = Project::new(&BARS.replace("cite: kursk", "cite: about"));
    let d = the(&p.errors(), "chart-cite");
    assert!(d.message.contains("is not a citation"), "{d}");

    let p = Project::new(&BARS.replace(
        "value: around 11,000\n    cite: kursk",
        "value: 25,000–30,000\n    cite: recruits",
    ));
    let d = the(&p.errors(), "chart-value");
    assert!(d.message.contains("is a range"), "{d}");
}

#[test]
fn numbers_in_a_chart_title_are_claims_unless_they_are_its_values() {
    let ok = BARS.replace("title: Troops", "title: From 11,000 to 100,000 troops");
    Project::new(&ok).html();
    let p = Project::new(&BARS.replace("title: Troops", "title: The 3 biggest deployments"));
    let d = the(&p.errors(), "uncited-figure");
    assert_eq!(d.message, "the figure 3 is not cited");
    assert_eq!((d.line, d.column), (p.line_of("title: The 3"), 12));
}

#[test]
fn a_derived_figure_shows_its_working_linked_to_its_inputs() {
    let html = Project::new(
        "Russia pays [nearly $2,000 a month][pay] for each of [around 11,000 soldiers][kursk]: \
         [roughly $22 million a month](= \"kursk * pay\").\n",
    )
    .html();
    assert!(
        html.contains("<a class=\"cite derived\" id=\"ref-3-1\" href=\"#cite-3\""),
        "{html}"
    );
    assert!(
        html.contains(
            "<a href=\"#cite-2\">11,000</a> × <a href=\"#cite-1\">$2,000</a> = $22,000,000"
        ),
        "{html}"
    );
    // Each input's entry links back to the derived figure that uses it.
    assert!(html.contains("href=\"#ref-3-1\""), "{html}");
}

#[test]
fn derived_entries_are_exposed_to_themes() {
    let p = Project::new(
        "[around 11,000][kursk] troops cost [about $20 million a month](= \"kursk * pay ~ 10 million\").\n",
    );
    fs::create_dir_all(p.root().join("templates")).expect("templates");
    fs::write(
        p.root().join("templates/page.html"),
        "{% for c in page.citations %}[{{ c.number }} {% if c.derived %}{{ c.derived.formula }} | \
         {{ c.derived.working }} | {{ c.derived.result }} | {{ c.derived.rounding }} | \
         {% for i in c.derived.inputs %}{{ i.label }}={{ i.figure }}@{{ i.id }} {% endfor %}\
         {% else %}quote{% endif %}]{% endfor %}",
    )
    .expect("a template");
    let html = p.html();
    assert_eq!(
        html,
        "[1 quote][2 quote][3 kursk * pay ~ 10 million | 11,000 × $2,000 = $22,000,000 ≈ \
         $20 million (to the nearest 10 million) | $22,000,000 | 10 million | \
         kursk=11,000@cite-1 pay=$2,000@cite-2 ]"
    );
}

#[test]
fn a_derived_figure_with_an_uncited_input_fails() {
    let p = Project::new("It comes to [$22 million](= \"kursk * wages\").\n");
    let d = the(&p.errors(), "derived-input");
    assert_eq!(
        d.message,
        "`wages` is not a citation of this page: every input must be cited"
    );
    assert_eq!(d.line, p.line_of("It comes to"));
    assert_eq!(
        d.column,
        "It comes to [$22 million](= \"kursk * ".chars().count() + 1
    );

    let p = Project::new("It comes to [$22 million](= \"kursk * about\").\n");
    let d = the(&p.errors(), "derived-input");
    assert!(d.message.contains("is not a citation"), "{d}");
}

#[test]
fn derived_arithmetic_is_exact() {
    let ok = Project::new("Together [0.3 points](= \"may + june\").\n");
    assert!(
        ok.html()
            .contains("0.1</a> + <a href=\"#cite-2\">0.2</a> = 0.3")
    );
    let float = Project::new("Together [0.30000000000000004 points](= \"may + june\").\n");
    let d = the(&float.errors(), "derived-mismatch");
    assert_eq!(
        d.message,
        "the figure 0.30000000000000004 does not match the working: 0.1 + 0.2 = 0.3"
    );
    assert_eq!(d.line, float.line_of("Together"));
}

#[test]
fn a_derived_figure_must_match_or_state_its_rounding() {
    let p = Project::new("It is [$20 million](= \"kursk * pay\").\n");
    let d = the(&p.errors(), "derived-mismatch");
    assert!(d.message.contains("= $22,000,000"), "{d}");
    Project::new("It is [about $20 million](= \"kursk * pay ~ 10 million\").\n").html();
    let p = Project::new("It is [$22 million](= \"kursk * losses\").\n");
    let d = the(&p.errors(), "derived-input");
    assert!(d.message.contains("name one as `losses[2]`"), "{d}");
    Project::new("It is [about 330 million](= \"kursk * losses[2]\").\n").html();
}

#[test]
fn the_shipped_explainer_has_two_charts_and_a_derived_figure() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("a temporary folder");
    let options = Options {
        strict: true,
        output: Some(out.path().join("public")),
        write: true,
        ..Options::default()
    };
    if let Err(found) = build::build(root, &options) {
        panic!("the shipped site failed:\n{}", shown(&found));
    }
    let html = fs::read_to_string(out.path().join("public/index.html")).expect("the home page");
    // The shipped site is minified: look for words, not exact attribute quoting.
    assert_eq!(html.matches("chart chart-").count(), 2);
    assert_eq!(html.matches("cite-mark").count(), 5);
    assert!(html.contains("cite derived"));
}
