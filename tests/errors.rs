//! The catalogue of bad input. Each test starts from a site that built, breaks it one way, and
//! checks the message, where it points, the exit code, and that the last good `public/` is
//! byte for byte what it was.

pub mod common;

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};

use common::{NYSUN, Outcome, Project, READABLE, assert_same};

const INDEX: &str = "---\ntitle: Home\nsources: [nysun]\n---\n\
    About [11,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n";

/// A site that builds, already built once.
fn good_site() -> Project {
    let p = Project::new(&[
        ("site.yaml", "title: Test site\n"),
        ("content/index.md", INDEX),
        ("content/sources/nysun.md", NYSUN),
    ]);
    p.build_ok(&[]);
    p
}

/// The bad inputs that are plain files: (name, files written over the good site).
type Files = &'static [(&'static str, &'static [u8])];
const CASES: &[(&str, Files)] = &[
    (
        "malformed_yaml",
        &[(
            "content/bad.md",
            b"---\ntitle: a\ndescription: b: c\n---\nbody\n",
        )],
    ),
    (
        "front_matter_never_closed",
        &[("content/bad.md", b"---\ntitle: a\nbody\n")],
    ),
    (
        "title_is_a_list",
        &[("content/bad.md", b"---\ntitle: [a, b]\n---\nbody\n")],
    ),
    (
        "date_is_not_a_date",
        &[("content/bad.md", b"---\ntitle: a\ndate: yesterday\n---\n")],
    ),
    (
        "unknown_key",
        &[("content/bad.md", b"---\ntitel: a\n---\nbody\n")],
    ),
    (
        "two_pages_one_path",
        &[
            ("content/a.md", b"---\ntitle: A\n---\none\n"),
            ("content/a/index.md", b"---\ntitle: A again\n---\ntwo\n"),
        ],
    ),
    (
        "slug_climbs_out",
        &[("content/bad.md", b"---\ntitle: a\nslug: ../x\n---\n")],
    ),
    (
        "slug_is_absolute",
        &[("content/bad.md", b"---\ntitle: a\nslug: /abs\n---\n")],
    ),
    (
        "slug_has_unsafe_characters",
        &[("content/bad.md", b"---\ntitle: a\nslug: \"a b?\"\n---\n")],
    ),
    (
        "not_utf8",
        &[(
            "content/bad.md",
            b"---\ntitle: a\n---\nHello \xff\xfe there\n",
        )],
    ),
    ("empty_file", &[("content/bad.md", b"")]),
    (
        "unknown_theme",
        &[
            ("site.yaml", b"title: Test site\ntheme: plane\n"),
            (
                "themes/plain/templates/page.html",
                b"<p>{{ page.title }}</p>",
            ),
        ],
    ),
    (
        "template_syntax_error",
        &[(
            "templates/page.html",
            b"<html>\n<body>\n{% if %}\n</body>\n",
        )],
    ),
    (
        "template_missing_variable",
        &[(
            "templates/page.html",
            b"<html>\n<body>\n{{ page.title }}\n{{ page.nothing_here }}\n</body>\n",
        )],
    ),
    (
        "source_without_text",
        &[(
            "content/sources/empty.md",
            b"---\ntitle: S\npublisher: P\n---\n\n",
        )],
    ),
    (
        "empty_quote",
        &[(
            "content/bad.md",
            b"---\ntitle: a\nsources: [nysun]\n---\nSee [x](nysun \"\").\n",
        )],
    ),
    (
        "slug_is_a_dot",
        &[
            ("content/a/index.md", b"---\ntitle: Sec A\n---\nA.\n"),
            (
                "content/a/x.md",
                b"---\ntitle: Dot\nslug: \".\"\n---\nDot.\n",
            ),
        ],
    ),
    (
        "page_takes_a_source_page",
        &[(
            "content/sources/nysun/index.md",
            b"---\ntitle: Clash\n---\nClash.\n",
        )],
    ),
    (
        "asset_takes_a_generated_file",
        &[("content/citations.json", b"{}")],
    ),
    (
        "heading_id_taken",
        &[(
            "content/bad.md",
            b"---\ntitle: a\n---\n## Main {#main}\n\ntext\n",
        )],
    ),
    (
        "missing_image",
        &[("content/bad.md", b"---\ntitle: a\n---\n![A map](map.png)\n")],
    ),
    (
        "javascript_link",
        &[(
            "content/bad.md",
            b"---\ntitle: a\n---\nClick [here](javascript:alert(1)).\n",
        )],
    ),
];

/// The good site, built, then broken as the case `name` says.
fn broken(name: &str) -> Project {
    let (_, files) = CASES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no case {name}"));
    let p = good_site();
    for (rel, bytes) in *files {
        p.write_bytes(rel, bytes);
    }
    p
}

/// Builds with `args`, expects exit `code` and every needle on stderr, and checks that the
/// `public/` of the earlier good build is untouched and no staging folder is left behind.
fn refused(p: &Project, args: &[&str], code: i32, needles: &[&str]) -> Outcome {
    let before = p.snapshot("public");
    assert!(before.contains_key("index.html"), "no earlier good build");
    let out = p.build(args);
    out.assert_fails(code, needles);
    assert!(out.stderr.contains("nothing was written"), "{out}");
    assert_same(&before, &p.snapshot("public"));
    let leftovers: Vec<String> = fs::read_dir(p.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    out
}

fn refused_case(name: &str, needles: &[&str]) -> Outcome {
    refused(&broken(name), &[], 1, needles)
}

#[test]
fn malformed_yaml() {
    refused_case(
        "malformed_yaml",
        &[
            "error[yaml]: invalid YAML: mapping values are not allowed in this context",
            "--> content/bad.md:3:15",
        ],
    );
}

#[test]
fn front_matter_never_closed() {
    refused_case(
        "front_matter_never_closed",
        &[
            "error[front-matter]: the front matter is never closed",
            "--> content/bad.md:1:1",
        ],
    );
}

#[test]
fn a_title_that_is_a_list() {
    refused_case(
        "title_is_a_list",
        &[
            "invalid type: sequence, expected a string",
            "--> content/bad.md:2:8",
        ],
    );
}

#[test]
fn a_date_that_is_not_a_date() {
    refused_case(
        "date_is_not_a_date",
        &[
            "`date: yesterday` is not an ISO 8601 date",
            "--> content/bad.md:3:1",
            "2024-03-06",
        ],
    );
}

#[test]
fn an_unknown_key_suggests_the_known_one() {
    refused_case(
        "unknown_key",
        &[
            "error[unknown-key]: unknown key `titel`",
            "--> content/bad.md:2:1",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn two_pages_with_the_same_output_path() {
    refused_case(
        "two_pages_one_path",
        &[
            "more than one file would be written to /a/index.html",
            "--> content/a.md\n",
            "--> content/a/index.md\n",
        ],
    );
}

#[test]
fn a_slug_that_is_a_dot() {
    refused_case(
        "slug_is_a_dot",
        &[
            "the slug `.` climbs out of its folder",
            "--> content/a/x.md:3:1",
        ],
    );
}

#[test]
fn a_page_that_would_replace_a_source_page() {
    refused_case(
        "page_takes_a_source_page",
        &[
            "more than one file would be written to /sources/nysun/index.html",
            "--> content/sources/nysun/index.md\n",
            "--> content/sources/nysun.md\n",
        ],
    );
}

#[test]
fn a_file_that_would_replace_a_generated_one() {
    refused_case(
        "asset_takes_a_generated_file",
        &[
            "this would replace /citations.json, which the build writes itself",
            "--> content/citations.json\n",
        ],
    );
}

#[test]
fn a_heading_id_that_is_taken() {
    refused_case(
        "heading_id_taken",
        &[
            "the heading id `main` is already taken",
            "--> content/bad.md:4:1",
        ],
    );
}

#[test]
fn an_image_that_is_not_there() {
    refused_case(
        "missing_image",
        &[
            "there is no file `map.png` under content/",
            "--> content/bad.md:4:1",
        ],
    );
}

#[test]
fn a_slug_that_climbs_out() {
    refused_case(
        "slug_climbs_out",
        &[
            "the slug `../x` climbs out of its folder",
            "--> content/bad.md:3:1",
        ],
    );
}

#[test]
fn an_absolute_slug() {
    refused_case(
        "slug_is_absolute",
        &[
            "the slug `/abs` climbs out of its folder",
            "--> content/bad.md:3:1",
        ],
    );
}

#[test]
fn a_slug_with_unsafe_characters() {
    refused_case(
        "slug_has_unsafe_characters",
        &[
            "the slug `a b?` has characters that are unsafe in URLs",
            "--> content/bad.md:3:1",
        ],
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    refused_case(
        "not_utf8",
        &[
            "error[encoding]: this file is not valid UTF-8",
            "--> content/bad.md:4:7",
            "the first invalid byte is at byte 23",
        ],
    );
}

#[test]
fn an_empty_file() {
    refused_case(
        "empty_file",
        &[
            "error[front-matter]: this file has no front matter",
            "--> content/bad.md:1:1",
        ],
    );
}

#[test]
fn an_unknown_theme_suggests_the_near_one() {
    refused_case(
        "unknown_theme",
        &[
            "error[unknown-theme]: there is no theme `plane`",
            "--> site.yaml",
            "did you mean `plain`?",
        ],
    );
}

#[test]
fn a_template_syntax_error_names_the_file_and_line() {
    refused_case(
        "template_syntax_error",
        &["error[template]", "--> templates/page.html:3:7", "{% if %}"],
    );
}

#[test]
fn a_template_using_a_missing_variable_names_the_file_and_line() {
    refused_case(
        "template_missing_variable",
        &[
            "error[template]",
            "nothing_here",
            "--> templates/page.html:4:9",
        ],
    );
}

#[test]
fn a_source_with_no_text() {
    refused_case(
        "source_without_text",
        &[
            "error[empty-source]: this source has no text",
            "--> content/sources/empty.md:5:1",
        ],
    );
}

#[test]
fn an_empty_quote() {
    refused_case(
        "empty_quote",
        &[
            "error[empty-quote]: this citation has no quote",
            "--> content/bad.md:5:5",
        ],
    );
}

#[test]
fn a_javascript_link_is_refused() {
    refused_case(
        "javascript_link",
        &[
            "error[unsafe-link]: links to `javascript` are refused",
            "--> content/bad.md:4:7",
        ],
    );
}

#[test]
fn every_fixture_builds_and_checks_without_panicking() {
    for (name, _) in CASES {
        let p = broken(name);
        let out = p.build(&[]);
        assert_eq!(out.code, 1, "{name}: {out}");
        let out = p.run(&["check", "--format", "json"]);
        assert_eq!(out.code, 1, "{name}: {out}");
        assert!(!out.stderr.is_empty(), "{name}: no finding printed");
        for line in out.stderr.lines() {
            let d: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{name}: {line:?} is not JSON: {e}"));
            assert!(
                d["file"].is_string() && d["code"].is_string(),
                "{name}: {line}"
            );
        }
    }
}

#[test]
fn no_site_yaml_suggests_site_init() {
    let p = good_site();
    p.remove("site.yaml");
    refused(
        &p,
        &[],
        1,
        &[
            "error[project]: there is no site.yaml",
            "--> site.yaml",
            "site init",
        ],
    );
}

#[test]
fn a_bom_and_crlf_page_builds() {
    let p = good_site();
    p.write("site.yaml", READABLE);
    p.write(
        "content/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\n---\r\nHello.\r\n\r\n## A heading\r\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/windows/index.html");
    assert!(
        html.contains("<title>Saved on Windows · Test site</title>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"a-heading\">A heading</h2>"),
        "{html}"
    );
}

#[test]
fn a_symlink_loop_in_content() {
    let p = good_site();
    p.mkdir("content/loop");
    symlink("..", p.path("content/loop/up")).unwrap();
    refused(
        &p,
        &[],
        1,
        &[
            "error[symlink-loop]: this folder is a symbolic link to one of its own parents",
            "--> content/loop/up",
        ],
    );
}

#[test]
fn a_symlink_out_of_the_project_is_refused() {
    let p = good_site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    symlink(
        outside.path().join("secret.txt"),
        p.path("content/leak.txt"),
    )
    .unwrap();
    refused(
        &p,
        &[],
        1,
        &[
            "error[outside-project]",
            "outside the project",
            "--> content/leak.txt",
        ],
    );
}

/// A usage error or a content error, but never success; see the report on `--output`.
fn refused_output(p: &Project, target: &std::path::Path, why: &str) {
    let project = p.snapshot("");
    let out = p.build(&["--output", target.to_str().unwrap()]);
    assert_eq!(
        out.code, 2,
        "a refused output folder is a usage error: {out}"
    );
    out.assert_stderr(&["refusing to write the site to", why]);
    assert_same(&project, &p.snapshot(""));
}

#[test]
fn output_at_the_project_root_is_refused() {
    let p = good_site();
    refused_output(&p, &p.root(), "it holds the project");
}

#[test]
fn output_in_content_is_refused() {
    let p = good_site();
    refused_output(&p, &p.path("content"), "it is inside content/");
}

#[test]
fn output_to_a_folder_site_did_not_create_is_refused() {
    let p = good_site();
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("thesis.txt"), "years of work").unwrap();
    let before = common::snapshot(other.path());
    let out = p.build(&["--output", other.path().to_str().unwrap()]);
    assert_eq!(
        out.code, 2,
        "the README states exit 2 for a refused output\n{out}"
    );
    out.assert_stderr(&["it has no .site-output marker"]);
    assert_same(&before, &common::snapshot(other.path()));
}

/// Root ignores file permissions, so this test cannot run as root: it is skipped by default and
/// refuses to pass (it fails, saying why) if run as root with `--ignored`.
#[test]
#[ignore = "needs a user other than root (root ignores permissions): cargo test -- --ignored"]
fn an_output_folder_that_cannot_be_written() {
    let p = good_site();
    let locked = p.path("locked");
    let target = locked.join("site");
    let target_arg = target.to_str().unwrap().to_string();
    p.run(&["build", "--output", &target_arg]).assert_success();
    let before = common::snapshot(&target);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    if fs::write(&probe, "x").is_ok() {
        let _ = fs::remove_file(&probe);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        panic!("skipped, not passed: this user can write into a read-only folder (root?)");
    }
    let out = p.build(&["--output", &target_arg]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    out.assert_fails(1, &["error[output]: cannot", "Permission denied"]);
    assert_same(&before, &common::snapshot(&target));
}

#[test]
fn a_50_mb_page_is_refused_at_once() {
    let p = good_site();
    let mut page = b"---\ntitle: Huge\n---\n".to_vec();
    page.resize(50_000_000, b'a');
    p.write_bytes("content/huge.md", &page);
    refused(
        &p,
        &[],
        1,
        &[
            "error[too-large]: this file is 50.0 MB; pages, sources and settings may be at most 16 MB",
            "--> content/huge.md\n",
        ],
    );
}

#[test]
fn a_page_with_10000_citations_builds() {
    let mut body = String::from("---\ntitle: Many\nsources: [nysun]\n---\n");
    let quotes = [
        ("11,000 troops", "around 11,000 troops were assessed"),
        ("1.2 million", "North Korea has 1.2 million troops"),
        ("25,000–30,000", "25,000–30,000 new soldiers a month"),
    ];
    for i in 0..10_000 {
        let (figure, quote) = quotes[i % quotes.len()];
        body.push_str(&format!("Then [{figure}](nysun \"{quote}\").\n\n"));
    }
    let p = Project::new(&[
        ("site.yaml", READABLE),
        ("content/index.md", &body),
        ("content/sources/nysun.md", NYSUN),
    ]);
    let out = p.build(&[]);
    out.assert_success();
    assert!(out.stdout.contains("10000 citations checked"), "{out}");
    let html = p.read("public/index.html");
    assert!(html.contains("id=\"ref-1-3334\" href=\"#cite-1\""));
    assert!(html.contains("id=\"ref-3-3333\" href=\"#cite-3\""));
    assert!(!html.contains("id=\"cite-4\""));
}

#[test]
fn a_script_in_a_title_is_escaped() {
    let p = good_site();
    p.write(
        "content/x.md",
        "---\ntitle: \"<script>alert(1)</script> Troops\"\n---\nText.\n",
    );
    p.write("site.yaml", READABLE);
    p.build_ok(&[]);
    let html = p.read("public/x/index.html");
    assert!(
        html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; Troops · Test site</title>"),
        "{html}"
    );
    assert!(
        html.contains("<h1 class=\"headline\">&lt;script&gt;alert(1)&lt;/script&gt; Troops</h1>")
    );
    assert!(
        !html.contains("</script> Troops"),
        "JSON-LD must not close its script"
    );
    let ld_start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD");
    let ld_end = ld_start + html[ld_start..].find("</script>").expect("its end");
    let outside = format!("{}{}", &html[..ld_start], &html[ld_end..]);
    assert!(!outside.contains("<script>alert"), "{html}");
}

#[test]
fn raw_html_is_escaped_by_default_and_allowed_when_configured() {
    let p = good_site();
    p.write("site.yaml", READABLE);
    p.write(
        "content/raw.md",
        "---\ntitle: Raw\n---\nA <b>bold</b> claim.\n\n<div class=\"box\">Boxed</div>\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/raw/index.html");
    assert!(html.contains("A &lt;b&gt;bold&lt;/b&gt; claim."), "{html}");
    assert!(!html.contains("<div class=\"box\">"), "{html}");
    p.write(
        "site.yaml",
        "title: Test site\nminify: false\nmarkdown: {raw_html: allow}\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/raw/index.html");
    assert!(html.contains("A <b>bold</b> claim."), "{html}");
    assert!(html.contains("<div class=\"box\">Boxed</div>"), "{html}");
}

#[test]
fn init_makes_a_project_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::run_in(dir.path(), &["init"]);
    out.assert_success();
    assert!(out.stdout.starts_with("Created a new site in"), "{out}");
    let out = common::run_in(dir.path(), &["build", "--strict"]);
    out.assert_success();
    assert!(
        out.stdout
            .starts_with("Built 2 pages and 1 source, 1 citation checked"),
        "{out}"
    );
    let home = common::read(&dir.path().join("public/index.html"));
    assert!(
        home.contains("href=/lending/>How busy was the library?</a>"),
        "{home}"
    );
    // A page added later is listed by the home page, so it is not an orphan.
    std::fs::write(
        dir.path().join("content/budget.md"),
        "---\ntitle: The budget\n---\nWhere the money goes.\n",
    )
    .unwrap();
    let out = common::run_in(dir.path(), &["build", "--strict"]);
    out.assert_success();
    let home = common::read(&dir.path().join("public/index.html"));
    assert!(home.contains("href=/budget/>The budget</a>"), "{home}");
    assert!(
        dir.path()
            .join("public/sources/example/index.html")
            .is_file()
    );
}

#[test]
fn init_refuses_a_folder_that_has_a_project() {
    let p = good_site();
    let before = p.snapshot("");
    let out = p.run(&["init"]);
    out.assert_fails(1, &["error[init]: a project is already here", "site.yaml"]);
    assert_same(&before, &p.snapshot(""));
}

#[test]
fn a_bad_base_url_is_a_usage_error() {
    let p = good_site();
    refused(
        &p,
        &["--base-url", "ftp://example.org/"],
        2,
        &["base_url `ftp://example.org/` is neither an http(s) URL nor a path starting with /"],
    );
}

#[test]
fn a_page_nothing_leads_to_is_named_with_how_to_link_it() {
    let p = Project::new(&[
        (
            "site.yaml",
            "title: Test site\nmenu:\n  - title: About\n    url: about/\n",
        ),
        (
            "content/index.md",
            "---\ntitle: Home\n---\nSee [the timeline](timeline.md).\n",
        ),
        ("content/about.md", "---\ntitle: About\n---\nWho we are.\n"),
        (
            "content/timeline.md",
            "---\ntitle: Timeline\n---\nThen [the map](/map/).\n",
        ),
        ("content/map.md", "---\ntitle: Map\n---\nWhere.\n"),
        (
            "content/budget.md",
            "---\ntitle: The budget\n---\nWhere the money goes.\n",
        ),
    ]);
    let out = p.run(&["build"]);
    out.assert_success();
    assert!(
        out.stderr.contains(
            "warning[orphan-page]: no link, menu entry or listing leads to this page (/budget/) from the home page"
        ),
        "{out}"
    );
    assert!(out.stderr.contains("--> content/budget.md:2:1"), "{out}");
    assert!(out.stderr.contains("[The budget](budget.md)"), "{out}");
    assert_eq!(out.stderr.matches("orphan-page").count(), 1, "{out}");
    p.run(&["build", "--strict"])
        .assert_fails(1, &["warning[orphan-page]", "content/budget.md"]);
}
