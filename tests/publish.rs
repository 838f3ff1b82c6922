//! Publishing at CDN scale: digest-named style sheet and script, `_headers`, and the manifest
//! behind `site build --changed`.

pub mod common;

use common::{NYSUN, Project, READABLE, attr, tags};

fn site() -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/nysun.md", NYSUN),
        (
            "content/index.md",
            "---\ntitle: Home\nsources: [nysun]\n---\n\
             About [11,000 troops](nysun \"around 11,000 troops were assessed\") moved.\n",
        ),
        ("content/a/b.md", "---\ntitle: B page\n---\nSome words.\n"),
        ("content/a/c.md", "---\ntitle: C page\n---\nOther words.\n"),
    ])
}

/// The `href` or `src` of the first tag `name` of `html` whose link contains `needle`.
fn link(html: &str, name: &str, key: &str, needle: &str) -> String {
    tags(html, name)
        .into_iter()
        .filter_map(|t| attr(t, key))
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no <{name} {key}> with {needle} in {html}"))
}

/// The (change, path) lines `site build --changed` printed.
fn changes(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn pages_link_the_style_sheet_and_script_by_a_digest_of_their_bytes() {
    let p = site();
    p.build_ok(&[]);
    let html = p.read("public/a/b/index.html");
    let css = link(&html, "link", "href", ".css");
    let js = link(&html, "script", "src", ".js");
    let css_name = css.trim_start_matches('/');
    let js_name = js.trim_start_matches('/');
    assert!(
        css_name.starts_with("style.") && css_name.len() == "style.0123456789.css".len(),
        "{css}"
    );
    assert!(
        js_name.starts_with("site.") && js_name.ends_with(".js"),
        "{js}"
    );
    // The named file holds the theme's bytes, and the plain name is still written.
    assert_eq!(
        p.read(&format!("public/{css_name}")),
        p.read("public/style.css")
    );
    assert_eq!(
        p.read(&format!("public/{js_name}")),
        p.read("public/site.js")
    );

    // New bytes, new name; the pages follow.
    p.write("static/style.css", "body { color: red }\n");
    p.build_ok(&[]);
    let html = p.read("public/a/b/index.html");
    let new_css = link(&html, "link", "href", ".css");
    assert_ne!(new_css, css);
    assert_eq!(
        p.read(&format!("public/{}", new_css.trim_start_matches('/'))),
        "body { color: red }\n"
    );
}

#[test]
fn headers_cache_named_assets_for_a_year_and_revalidate_the_rest() {
    let p = site();
    p.build_ok(&[]);
    let html = p.read("public/index.html");
    let css = link(&html, "link", "href", ".css");
    let headers = p.read("public/_headers");
    let immutable = "  Cache-Control: public, max-age=31536000, immutable\n";
    let revalidate = "  Cache-Control: public, max-age=0, must-revalidate\n";
    assert!(
        headers.contains(&format!("{css}\n{immutable}")),
        "{headers}"
    );
    for rule in [
        "/",
        "/index.html",
        "/a/*",
        "/sources/*",
        "/style.css",
        "/404.html",
    ] {
        assert!(
            headers.contains(&format!("\n{rule}\n{revalidate}")),
            "{rule} in {headers}"
        );
    }
    // No rule matches a digest-named file but its own: hosts would join the two values.
    assert!(!headers.lines().any(|l| l == "/*"), "{headers}");
    assert_eq!(headers.matches(immutable).count(), 2, "{headers}");
}

#[test]
fn build_changed_lists_what_differs_from_the_last_build() {
    let p = site();
    let first = p.build_ok(&["--changed"]);
    let listed = changes(&first.stdout);
    assert!(listed.iter().all(|(c, _)| c == "added"), "{first}");
    assert!(listed.iter().any(|(_, f)| f == "a/b/index.html"), "{first}");
    assert!(
        first.stderr.contains("every file is listed as added"),
        "{first}"
    );
    assert!(p.exists("public/.site-manifest.json"));

    let same = p.build_ok(&["--changed"]);
    assert_eq!(
        changes(&same.stdout),
        Vec::<(String, String)>::new(),
        "{same}"
    );

    p.write(
        "content/a/b.md",
        "---\ntitle: B page\n---\nSome new words.\n",
    );
    p.remove("content/a/c.md");
    p.write("content/a/d.md", "---\ntitle: D page\n---\nMore words.\n");
    let edited = p.build_ok(&["--changed"]);
    let listed = changes(&edited.stdout);
    let has = |change: &str, file: &str| listed.iter().any(|(c, f)| c == change && f == file);
    assert!(has("changed", "a/b/index.html"), "{edited}");
    assert!(has("removed", "a/c/index.html"), "{edited}");
    assert!(has("added", "a/d/index.html"), "{edited}");
    assert!(
        !listed
            .iter()
            .any(|(_, f)| f == "index.html" || f.starts_with("style.")),
        "{edited}"
    );
    // The manifest agrees with the bytes on disk.
    let manifest: serde_json::Value =
        serde_json::from_str(&p.read("public/.site-manifest.json")).unwrap();
    let files = manifest["files"].as_object().unwrap();
    assert!(files.contains_key("a/d/index.html") && !files.contains_key("a/c/index.html"));

    let json = p.build_ok(&["--changed", "--format", "json"]);
    assert!(json.stdout.trim().is_empty(), "{json}");
}

#[test]
fn asset_url_of_a_file_the_theme_lacks_is_an_error() {
    let p = site();
    p.write(
        "templates/page.html",
        "<link rel=\"stylesheet\" href=\"{{ \"styles.css\" | asset_url }}\">{{ page.content | safe }}",
    );
    let out = p.build(&[]);
    out.assert_fails(1, &["asset_url: the theme has no static file `styles.css`"]);
}
