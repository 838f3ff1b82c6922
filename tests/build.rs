//! `site build` end to end: fixture sites built in temporary folders, checked by the files
//! they write.

pub mod common;

use common::{NYSUN, Outcome, Project, READABLE, assert_same, attr, between, tags, urls};

/// A small site: a home page with two citations, a nested page with an image, a section.
fn site() -> Project {
    let p = Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/nysun.md", NYSUN),
        (
            "content/index.md",
            "---\ntitle: Home\nsources: [nysun]\n---\n\
             About [11,000 troops](nysun \"around 11,000 troops were assessed\") moved; \
             the army has [1.2 million](nysun \"North Korea has 1.2 million troops\").\n\n\
             Read [the B page](a/b.md).\n",
        ),
        (
            "content/a/b.md",
            "---\ntitle: B page\n---\n\
             ![A soldier](photo.png)\n\n[Other page](other.md#part) and [home](../index.md).\n",
        ),
        (
            "content/a/other.md",
            "---\ntitle: Other\n---\nOther text.\n",
        ),
    ]);
    p.write_bytes("content/a/photo.png", common::PNG);
    p
}

/// The pages of `html`'s section listing, in order, as (href, title).
fn listing(html: &str) -> Vec<(String, String)> {
    let cards = between(html, "class=\"cards\"", "</ol>").expect("a listing of pages");
    tags(cards, "a")
        .into_iter()
        .map(|tag| {
            let href = attr(tag, "href").expect("a link");
            let after = &cards[cards.find(tag).expect("the tag") + tag.len()..];
            let title = after.split('<').next().unwrap_or("").to_string();
            (href, title)
        })
        .collect()
}

/// Checks the success line: `Built N pages and M sources, K citations checked, in X ms → public/`.
fn assert_success_line(out: &Outcome, counts: &str, output: &str) {
    out.assert_success();
    let line = out.stdout.trim_end();
    let rest = line
        .strip_prefix(&format!("Built {counts}, in "))
        .unwrap_or_else(|| panic!("unexpected success line {line:?}"));
    let ms = rest
        .strip_suffix(&format!(" ms → {output}"))
        .unwrap_or_else(|| panic!("unexpected success line {line:?}"));
    assert!(
        !ms.is_empty() && ms.chars().all(|c| c.is_ascii_digit()),
        "the time is not a number of ms in {line:?}"
    );
    assert_eq!(out.stdout.lines().count(), 1, "one line: {out}");
}

#[test]
fn pages_get_pretty_urls() {
    let p = site();
    p.build_ok(&[]);
    assert!(
        p.read("public/index.html")
            .contains("<h1 class=\"headline\">Home</h1>")
    );
    assert!(
        p.read("public/a/b/index.html")
            .contains("<h1 class=\"headline\">B page</h1>")
    );
    assert!(p.exists("public/a/other/index.html"));
    assert!(!p.exists("public/a/b.html"));
    assert!(!p.exists("public/a/b.md"));
}

#[test]
fn relative_links_to_assets_and_pages_are_rewritten() {
    let p = site();
    p.build_ok(&[]);
    assert_eq!(
        std::fs::read(p.path("public/a/photo.png")).unwrap(),
        common::PNG
    );
    let html = p.read("public/a/b/index.html");
    let found = urls(&html);
    // From /a/b/, "photo.png" would be /a/b/photo.png: the link must name the file's own URL.
    assert!(found.contains(&"/a/photo.png".to_string()), "{found:?}");
    assert!(found.contains(&"/a/other/#part".to_string()), "{found:?}");
    assert!(found.contains(&"/".to_string()), "{found:?}");
    let home = p.read("public/index.html");
    assert!(urls(&home).contains(&"/a/b/".to_string()));
}

#[test]
fn a_section_lists_its_pages_by_weight_then_newest_then_title() {
    let p = site();
    for (file, front) in [
        ("beta", "title: Beta"),
        ("alpha", "title: Alpha"),
        ("old", "title: Old\ndate: 2020-01-01"),
        ("new", "title: New\ndate: 2023-06-01"),
        ("heavy", "title: Heavy\nweight: 5"),
        ("light", "title: Light\nweight: 1"),
    ] {
        p.write(
            &format!("content/s/{file}.md"),
            &format!("---\n{front}\n---\nText.\n"),
        );
    }
    p.write(
        "content/s/_index.md",
        "---\ntitle: Section\n---\nAll of them.\n",
    );
    p.write(
        "content/s/deep/more.md",
        "---\ntitle: Deeper\n---\nNot listed.\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/s/index.html");
    let titles: Vec<String> = listing(&html).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        titles,
        ["Light", "Heavy", "New", "Old", "Alpha", "Beta"],
        "by weight, then date (newest first), then title"
    );
    assert!(listing(&html).contains(&("/s/light/".to_string(), "Light".to_string())));
    assert!(p.exists("public/s/deep/more/index.html"));
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let p = site();
    p.write(
        "content/a/draft.md",
        "---\ntitle: Not yet\ndraft: true\n---\nSecret.\n",
    );
    p.build_ok(&["--base-url", "https://example.org/"]);
    assert!(!p.exists("public/a/draft/index.html"));
    assert!(!p.read("public/sitemap.xml").contains("/a/draft/"));
    p.build_ok(&["--drafts"]);
    assert!(p.read("public/a/draft/index.html").contains("Secret."));
}

#[test]
fn a_slug_changes_the_url() {
    let p = site();
    p.write(
        "content/a/long-file-name.md",
        "---\ntitle: Short\nslug: short\n---\nText.\n",
    );
    p.write(
        "content/linker.md",
        "---\ntitle: L\n---\n[go](a/long-file-name.md)\n",
    );
    p.build_ok(&[]);
    assert!(p.read("public/a/short/index.html").contains("Short"));
    assert!(!p.exists("public/a/long-file-name"));
    assert!(urls(&p.read("public/linker/index.html")).contains(&"/a/short/".to_string()));
}

#[test]
fn a_base_url_with_a_sub_path_prefixes_every_internal_url() {
    let p = site();
    p.write_bytes("content/a/photo.png", common::PNG);
    p.write(
        "content/dated.md",
        "---\ntitle: Dated\ndate: 2024-02-03\n---\nText.\n",
    );
    p.build_ok(&["--base-url", "https://example.org/explainers/"]);
    for page in [
        "public/index.html",
        "public/a/b/index.html",
        "public/404.html",
    ] {
        let html = p.read(page);
        let found = urls(&html);
        assert!(found.len() > 3, "{page}: {found:?}");
        for url in found {
            let internal = !url.starts_with('#')
                && (!url.contains("://") || url.starts_with("https://example.org"));
            if internal {
                assert!(
                    url.starts_with("/explainers/")
                        || url.starts_with("https://example.org/explainers/"),
                    "{page}: {url} is outside /explainers/"
                );
            }
        }
    }
    assert!(
        urls(&p.read("public/a/b/index.html")).contains(&"/explainers/a/photo.png".to_string())
    );
    let sitemap = p.read("public/sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap_or(""))
        .collect();
    assert!(
        locs.contains(&"https://example.org/explainers/"),
        "{locs:?}"
    );
    assert!(
        locs.contains(&"https://example.org/explainers/a/b/"),
        "{locs:?}"
    );
    assert!(locs.contains(&"https://example.org/explainers/sources/nysun/"));
    for loc in &locs {
        assert!(loc.starts_with("https://example.org/explainers/"), "{loc}");
    }
    assert!(
        p.read("public/robots.txt")
            .contains("Sitemap: https://example.org/explainers/sitemap.xml")
    );
    assert!(
        p.read("public/atom.xml")
            .contains("<link href=\"https://example.org/explainers/dated/\"/>")
    );
}

#[test]
fn sitemap_robots_and_404_are_written() {
    let p = site();
    p.build_ok(&["--base-url", "https://example.org/"]);
    let sitemap = p.read("public/sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    for loc in [
        "<loc>https://example.org/</loc>",
        "<loc>https://example.org/a/b/</loc>",
        "<loc>https://example.org/sources/nysun/</loc>",
    ] {
        assert!(sitemap.contains(loc), "{loc} missing from {sitemap}");
    }
    assert!(
        p.read("public/robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
    let not_found = p.read("public/404.html");
    assert!(not_found.contains("<!doctype html>"), "{not_found}");
    assert!(not_found.contains("noindex"));
}

#[test]
fn the_feed_lists_dated_pages_newest_first() {
    let p = site();
    p.write(
        "content/old.md",
        "---\ntitle: Older story\ndate: 2023-01-05\n---\nA.\n",
    );
    p.write(
        "content/new.md",
        "---\ntitle: Newer story\ndate: 2024-03-06T10:00:00Z\n---\nB.\n",
    );
    p.build_ok(&["--base-url", "https://example.org/"]);
    let atom = p.read("public/atom.xml");
    let newer = atom
        .find("<title>Newer story</title>")
        .expect("newer entry");
    let older = atom
        .find("<title>Older story</title>")
        .expect("older entry");
    assert!(newer < older, "newest first:\n{atom}");
    assert!(
        !atom.contains("<title>B page</title>"),
        "undated pages stay out"
    );
    assert!(atom.contains("<updated>2024-03-06T10:00:00Z</updated>"));
    assert!(urls(&p.read("public/index.html")).contains(&"/atom.xml".to_string()));
}

#[test]
fn there_is_no_feed_when_no_page_has_a_date() {
    let p = site();
    p.build_ok(&[]);
    assert!(!p.exists("public/atom.xml"));
    let html = p.read("public/index.html");
    assert!(
        !urls(&html).iter().any(|u| u.contains("atom.xml")),
        "{html}"
    );
}

#[test]
fn html_is_minified_unless_turned_off() {
    let p = site();
    p.build_ok(&[]);
    let readable = p.read("public/index.html");
    assert!(readable.contains(">\n<"), "minify: false keeps newlines");
    p.write("site.yaml", "title: Test site\n");
    p.build_ok(&[]);
    let small = p.read("public/index.html");
    assert!(!small.contains(">\n<"), "minified by default");
    assert!(small.len() < readable.len());
    assert!(small.contains("11,000 troops</a>"));
}

#[test]
fn builds_with_one_thread_and_with_many_are_byte_identical() {
    let p = site();
    p.write("content/d.md", "---\ntitle: D\ndate: 2024-01-01\n---\nD.\n");
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        let out = p.path(&format!("out-{threads}"));
        assert_cmd::Command::cargo_bin("site")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "--root",
                p.root().to_str().unwrap(),
                "build",
                "--output",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
        outputs.push(common::snapshot(&out));
    }
    assert_same(&outputs[0], &outputs[1]);
}

#[test]
fn two_builds_are_byte_identical() {
    let p = site();
    p.write_bytes("content/a/photo.png", common::PNG);
    p.write("content/d.md", "---\ntitle: D\ndate: 2024-01-01\n---\nD.\n");
    p.build_ok(&[]);
    let first = p.snapshot("public");
    p.build_ok(&[]);
    assert_same(&first, &p.snapshot("public"));
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("site");
    p.build_ok(&["--output", out.to_str().unwrap()]);
    assert_same(&first, &common::snapshot(&out));
}

#[test]
fn a_rebuild_removes_pages_that_are_gone() {
    let p = site();
    p.build_ok(&[]);
    assert!(p.exists("public/a/other/index.html"));
    p.remove("content/a/other.md");
    p.write("content/a/b.md", "---\ntitle: B page\n---\nNo links now.\n");
    p.build_ok(&[]);
    assert!(!p.exists("public/a/other"));
    assert!(p.exists("public/.site-output"));
}

#[test]
fn check_writes_nothing_and_exits_0_on_a_good_site() {
    let p = site();
    let before = p.snapshot("");
    let out = p.run(&["check"]);
    out.assert_success();
    assert!(
        out.stdout
            .starts_with("Checked 3 pages and 1 source, 2 citations checked")
    );
    assert!(!p.exists("public"));
    assert_same(&before, &p.snapshot(""));
}

#[test]
fn check_exits_1_on_a_bad_site_and_writes_nothing() {
    let p = site();
    p.write(
        "content/index.md",
        "---\ntitle: Home\nsources: [nysun]\n---\n[1,100 troops](nysun \"around 11,000 troops were assessed\")\n",
    );
    let before = p.snapshot("");
    let out = p.run(&["check"]);
    out.assert_fails(
        1,
        &[
            "content/index.md:5:1",
            "the figure 1,100 is not in the quote",
        ],
    );
    assert_same(&before, &p.snapshot(""));
}

#[test]
fn headings_get_ids_and_a_toc() {
    let p = site();
    p.write(
        "templates/page.html",
        "<!doctype html><title>T</title><nav>{% for h in page.toc %}<a href=\"#{{ h.id }}\">{{ h.title }}</a>\
         {% for c in h.children %}<a class=\"sub\" href=\"#{{ c.id }}\">{{ c.title }}</a>{% endfor %}\
         {% endfor %}</nav>\n{{ page.content | safe }}",
    );
    p.write(
        "content/t.md",
        "---\ntitle: T\n---\n## What is happening?\n\n### Who\n\n## What is happening?\n\n## Sources\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/t/index.html");
    for h in [
        "<h2 id=\"what-is-happening\">",
        "<h3 id=\"who\">",
        "<h2 id=\"what-is-happening-1\">",
        // The panel's heading is #sources-title and the theme's; a heading never takes them.
        "<h2 id=\"sources-1\">",
    ] {
        assert!(html.contains(h), "{h} missing from {html}");
    }
    let nav = between(&html, "<nav>", "</nav>").unwrap();
    assert_eq!(
        nav,
        "<a href=\"#what-is-happening\">What is happening?</a>\
         <a class=\"sub\" href=\"#who\">Who</a>\
         <a href=\"#what-is-happening-1\">What is happening?</a>\
         <a href=\"#sources-1\">Sources</a>"
    );
}

#[test]
fn a_root_template_overrides_the_built_in_one() {
    let p = site();
    p.write(
        "templates/page.html",
        "<!doctype html><title>{{ page.title }}</title><main class=\"mine\">{{ page.content | safe }}</main>",
    );
    p.build_ok(&[]);
    let html = p.read("public/a/b/index.html");
    assert!(html.starts_with("<!doctype html><title>B page</title><main class=\"mine\">"));
    // Sections and sources still use the built-in templates.
    assert!(
        p.read("public/sources/nysun/index.html")
            .contains("class=\"headline\"")
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn the_plain_theme_builds() {
    let p = site();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/plain");
    if shipped.is_dir() {
        copy_dir(&shipped, &p.path("themes/plain"));
    } else {
        p.write(
            "themes/plain/templates/page.html",
            "<h1>{{ page.title }}</h1>{{ page.content | safe }}",
        );
        p.write("themes/plain/static/style.css", "body { margin: 0 }\n");
    }
    p.write(
        "site.yaml",
        "title: Test site\nminify: false\ntheme: plain\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/a/b/index.html");
    assert!(html.contains("<h1>B page</h1>"), "{html}");
    assert!(
        !html.contains("class=\"headline\""),
        "the default theme was used"
    );
    assert_eq!(
        std::fs::read(p.path("public/style.css")).unwrap(),
        std::fs::read(p.path("themes/plain/static/style.css")).unwrap()
    );
    assert!(p.read("public/index.html").contains("11,000 troops</a>"));
}

#[test]
fn the_success_line_counts_pages_sources_and_citations() {
    let p = site();
    let out = p.build(&[]);
    assert_success_line(&out, "3 pages and 1 source, 2 citations checked", "public/");
    p.write(
        "content/sources/other.md",
        "---\ntitle: O\npublisher: P\n---\nText.\n",
    );
    p.remove("content/a");
    p.write(
        "content/index.md",
        "---\ntitle: Home\nsources: [nysun]\n---\n[11,000](nysun \"around 11,000 troops\")\n",
    );
    let out = p.build(&[]);
    assert_success_line(&out, "1 page and 2 sources, 1 citation checked", "public/");
}

#[test]
fn dates_on_pages_follow_date_format_and_language_while_machines_keep_iso() {
    let p = site();
    p.write(
        "site.yaml",
        "title: Test site\nminify: false\ndate_format: ap\nbase_url: https://example.org/\n",
    );
    p.write(
        "content/dated.md",
        "---\ntitle: Dated\ndate: 2026-11-30\nupdated: 2026-12-02T09:00:00Z\n---\nText.\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/dated/index.html");
    assert!(
        html.contains("<time datetime=\"2026-11-30\">Nov. 30, 2026</time>"),
        "{html}"
    );
    assert!(html.contains("Updated <time datetime=\"2026-12-02T09:00:00Z\">Dec. 2, 2026</time>"));
    assert!(html.contains("\"datePublished\":\"2026-11-30\""), "{html}");
    assert!(
        p.read("public/atom.xml")
            .contains("<updated>2026-12-02T09:00:00Z</updated>")
    );

    p.write(
        "site.yaml",
        "title: Test site\nminify: false\nlanguage: fr\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/dated/index.html");
    assert!(html.contains(">30 novembre 2026</time>"), "{html}");
}

#[test]
fn an_unknown_date_format_names_the_styles() {
    let p = site();
    p.write("site.yaml", "title: Test site\ndate_format: tuesday\n");
    let out = p.build(&[]);
    assert_ne!(out.code, 0, "{out}");
    out.assert_stderr(&["site.yaml", "date_format", "ap"]);
}

#[test]
fn a_lone_image_with_a_title_is_a_figure_with_its_caption_and_credit() {
    let p = site();
    p.write(
        "content/a/b.md",
        "---\ntitle: B page\n---\n\
         ![A soldier](photo.png \"Soldiers in training. Photo: Jane Doe\")\n\n\
         ![Only credited](photo.png \"Credit: Agency\")\n\n\
         Inline ![a mark](photo.png \"Photo: not a figure\") in a sentence.\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/a/b/index.html");
    assert!(
        html.contains("<figure class=\"figure\"><picture>"),
        "{html}"
    );
    assert!(
        html.contains(
            "alt=\"A soldier\" loading=\"lazy\" decoding=\"async\"></picture>\
             <figcaption>Soldiers in training. <span class=\"credit\">Photo: Jane Doe</span>\
             </figcaption></figure>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<figcaption><span class=\"credit\">Credit: Agency</span></figcaption>"),
        "{html}"
    );
    assert!(
        html.contains("alt=\"a mark\" title=\"Photo: not a figure\""),
        "an image inside a sentence keeps its title: {html}"
    );
}

#[test]
fn a_figure_in_a_caption_is_not_let_through_unread() {
    let p = site();
    p.write(
        "content/a/b.md",
        "---\ntitle: B page\n---\n\
         ![A soldier](photo.png \"Some of the 11,000 troops. Photo: Jane Doe\")\n",
    );
    let out = p.build(&["--strict"]);
    assert_ne!(out.code, 0, "{out}");
    out.assert_stderr(&["uncited-figure", "11,000", "content/a/b.md"]);
}

#[test]
fn an_image_file_whose_size_cannot_be_read_is_an_error_at_the_image() {
    // A PNG or JPEG is read once, by the decoder that publishes it: one error, not two.
    let p = site();
    p.write_bytes("content/a/photo.png", b"a text file named .png");
    let out = p.build(&[]);
    assert_eq!(out.code, 1, "{out}");
    out.assert_stderr(&[
        "error[image]: cannot read the image `a/photo.png`",
        "--> content/a/b.md:4:1",
    ]);
    assert!(!out.stderr.contains("image-size"), "{out}");
    // Other formats are measured from their header.
    let p = site();
    p.write(
        "content/a/b.md",
        "---\ntitle: B page\n---\n![A soldier](photo.gif)\n",
    );
    p.write_bytes("content/a/photo.gif", b"a text file named .gif");
    let out = p.build(&[]);
    assert_eq!(out.code, 1, "{out}");
    out.assert_stderr(&[
        "error[image-size]: the size of this image cannot be read from its file",
        "--> content/a/b.md:4:1",
    ]);
}

#[test]
fn bylines_corrections_and_the_lead_image_are_shown_and_in_json_ld() {
    let p = site();
    p.write(
        "content/a/b.md",
        "---\ntitle: B page\nupdated: 2026-11-30\nauthors:\n  - Jane Doe\n  - name: Kim Lee\n    url: https://example.org/kim\n\
         corrections:\n  - date: 2026-11-29\n    text: The first version misnamed the town.\n\
         image:\n  src: photo.png\n  alt: A soldier\n  caption: In training.\n  credit: \"Photo: KCNA\"\n---\n\
         Text.\n",
    );
    p.build_ok(&[]);
    let html = p.read("public/a/b/index.html");
    for needle in [
        "<p class=\"byline\">By <span class=\"author\">Jane Doe</span> and <a class=\"author\" href=\"https://example.org/kim\" rel=\"author\">Kim Lee</a></p>",
        "<a href=\"#corrections\">Corrected <time datetime=\"2026-11-29\">29 November 2026</time></a>",
        "Updated <time datetime=\"2026-11-30\">30 November 2026</time>",
        "<figure class=\"figure lead-image\"><picture><source type=\"image/webp\" srcset=\"/_images/photo-1d680285-4.webp 4w\"",
        "<img src=\"/a/photo.png\" srcset=\"/a/photo.png 4w\" sizes=\"(min-width: 47rem) 45rem, calc(100vw - 2rem)\" width=\"4\" height=\"3\" alt=\"A soldier\" fetchpriority=\"high\"></picture><figcaption>In training. <span class=\"credit\">Photo: KCNA</span></figcaption></figure>",
        "<aside class=\"corrections\" id=\"corrections\"",
        "The first version misnamed the town.",
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},{\"@type\":\"Person\",\"name\":\"Kim Lee\",\"url\":\"https://example.org/kim\"}]",
        "\"correction\":[{\"@type\":\"CorrectionComment\",\"datePublished\":\"2026-11-29\",\"text\":\"The first version misnamed the town.\"}]",
    ] {
        assert!(html.contains(needle), "{needle}\n{html}");
    }
    // A page without them shows none.
    let home = p.read("public/index.html");
    assert!(!home.contains("class=\"byline\""), "{home}");
    assert!(!home.contains("corrections"), "{home}");
    assert!(!home.contains("\"author\""), "{home}");
}

#[test]
fn a_lead_image_must_be_a_file_of_the_site_with_alt_text() {
    let p = site();
    for (image, needle, at) in [
        (
            "  src: gone.png\n  alt: A soldier\n",
            "error[lead-image]: there is no file `a/gone.png` under content/",
            "content/a/b.md:4:3",
        ),
        (
            "  src: https://example.org/x.png\n  alt: A soldier\n",
            "error[lead-image]: the lead image `https://example.org/x.png` is not a file of the site",
            "content/a/b.md:4:3",
        ),
        (
            "  src: photo.png\n",
            "error[image-alt]: the lead image has no alt text",
            "content/a/b.md:3:1",
        ),
    ] {
        p.write(
            "content/a/b.md",
            &format!("---\ntitle: B page\nimage:\n{image}---\nText.\n"),
        );
        let out = p.build(&[]);
        assert_eq!(out.code, 1, "{out}");
        out.assert_stderr(&[needle, at]);
    }
}
