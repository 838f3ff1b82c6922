use super::*;
use crate::parse::site_links::SiteLinks;

fn env_with<'a>(
    sources: &'a BTreeSet<String>,
    declared: &'a [String],
    links: &'a SiteLinks,
    images: &'a HashMap<String, Dimensions>,
) -> Env<'a> {
    Env {
        sources,
        declared,
        links,
        page_dir: "",
        page_path: "",
        base_path: "/x/",
        raw_html: RawHtml::Escape,
        draw_chart: chart_stand_in,
        images,
        rasters: &NO_RASTERS,
        picture: picture_stand_in,
    }
}

static NO_RASTERS: std::sync::LazyLock<HashMap<String, crate::load::raster::Probed>> =
    std::sync::LazyLock::new(HashMap::new);

/// Stands in for render's drawing, which this stage does not use: a chart shows as its id.
fn chart_stand_in(_: &chart::Chart, id: &str, _: &[chart::Mark]) -> String {
    format!("<chart id=\"{id}\"></chart>")
}

/// Stands in for render's `<picture>`, which no test here reaches: these tests have no rasters.
fn picture_stand_in(
    _: &crate::load::raster::Raster,
    _: &str,
    url: &str,
    _: &str,
    _: Option<&str>,
) -> String {
    format!("<picture src=\"{url}\"></picture>")
}

fn run(body: &str) -> Body {
    let sources: BTreeSet<String> = ["nysun".to_string()].into();
    let declared = vec!["nysun".to_string()];
    let links: HashMap<String, String> = [
        ("about.md".to_string(), "/x/about/".to_string()),
        ("img/a.png".to_string(), "/x/img/a.png".to_string()),
    ]
    .into();
    let links = SiteLinks::new(links, "/x/");
    let images: HashMap<String, Dimensions> = [(
        "img/a.png".to_string(),
        Dimensions::Known {
            width: 640,
            height: 480,
        },
    )]
    .into();
    let text = format!("---\ntitle: T\n---\n{body}");
    render(
        Path::new("content/index.md"),
        &text,
        16,
        &env_with(&sources, &declared, &links, &images),
    )
}

#[test]
fn headings_get_unique_readable_ids_and_a_toc() {
    let b = run("## What is happening?\n\n### Who\n\n## What is happening?\n\n## Sources\n");
    assert!(
        b.html.contains("<h2 id=\"what-is-happening\">"),
        "{}",
        b.html
    );
    assert!(
        b.html.contains("<h2 id=\"what-is-happening-1\">"),
        "{}",
        b.html
    );
    assert!(b.html.contains("<h2 id=\"sources-1\">"), "{}", b.html);
    assert_eq!(b.toc.len(), 3);
    assert_eq!(b.toc[0].children[0].id, "who");
}

#[test]
fn a_citation_link_becomes_a_numbered_figure() {
    let b = run(
        "About [11,000 troops][k] went, [11,000][k] again, then [a claim](nysun \"other words\").\n\n[k]: nysun \"around 11,000 troops\"\n",
    );
    assert_eq!(b.citations.len(), 3);
    assert_eq!(
        (
            b.citations[0].entry,
            b.citations[1].entry,
            b.citations[2].entry
        ),
        (0, 0, 1)
    );
    assert_eq!(b.citations[1].anchor, "ref-1-2");
    assert_eq!(b.citations[0].link_text, "11,000 troops");
    assert!(b.html.contains("<a class=\"cite\" id=\"ref-1-1\" href=\"#cite-1\" role=\"doc-noteref\" aria-describedby=\"sources-title\">11,000 troops</a>"), "{}", b.html);
    assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
}

#[test]
fn a_reference_citation_points_at_its_definition() {
    let b = run("See [x][k].\n\n[k]: nysun \"\"\n");
    let d = &b.diagnostics[0];
    assert_eq!(d.message, "this citation has no quote");
    assert_eq!((d.line, d.column), (6, 1));
}

#[test]
fn unknown_and_undeclared_sources_are_errors_with_hints() {
    let b = run("See [1](nysum \"q\").\n");
    assert_eq!(b.diagnostics[0].message, "there is no source `nysum`");
    assert_eq!(
        b.diagnostics[0].help.as_deref(),
        Some("did you mean `nysun`?")
    );
    let sources: BTreeSet<String> = ["nysun".to_string()].into();
    let links = SiteLinks::default();
    let images = HashMap::new();
    let text = "---\ntitle: T\n---\n[x](nysun \"q\")";
    let b = render(
        Path::new("a.md"),
        text,
        16,
        &env_with(&sources, &[], &links, &images),
    );
    assert!(
        b.diagnostics[0]
            .message
            .contains("not listed in this page's `sources:`")
    );
}

#[test]
fn uncited_numbers_warn_but_years_lists_and_marked_numbers_do_not() {
    let b = run(
        "In 2024, 1,200 troops left.\n\n1. first\n\nA [2]{.not-figure} sided coin. `42` is code.\n\n## [3]{.not-figure} questions\n",
    );
    let messages: Vec<&str> = b.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["the figure 1,200 is not cited"]);
    assert_eq!((b.diagnostics[0].line, b.diagnostics[0].column), (4, 10));
    // The heading's id and its entry in the table of contents are made from what it shows.
    assert_eq!(b.toc[0].title, "3 questions");
    assert_eq!(b.toc[0].id, "3-questions");
    assert!(
        b.html.contains("<span class=\"not-figure\">2</span> sided"),
        "{}",
        b.html
    );
}

/// A heading is the most read line of its section: a figure in it is a claim like any other.
#[test]
fn a_figure_in_a_heading_is_cited_or_reported() {
    let b = run("## About 13,000 more came\n\n### Three more weeks\n\nText.\n");
    let messages: Vec<&str> = b.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the figure 13,000 is not cited",
            "the figure Three is not cited"
        ],
        "{messages:?}"
    );
    assert_eq!((b.diagnostics[0].line, b.diagnostics[0].column), (4, 10));
}

#[test]
fn unsafe_links_are_refused_and_images_need_alt_text() {
    let b = run("[x](javascript:alert(1)) ![](img/a.png) ![ok](data:image/png;base64,AA)\n");
    let messages: Vec<&str> = b.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages.contains(&"links to `javascript` are refused"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"links to `data` are refused"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"this image has no alt text"),
        "{messages:?}"
    );
}

#[test]
fn links_to_pages_and_assets_follow_the_base_url() {
    let b = run("[About](about.md#top) ![A map](img/a.png) [Missing](abut.md)\n");
    assert!(b.html.contains("href=\"/x/about/#top\""), "{}", b.html);
    assert!(b.html.contains("src=\"/x/img/a.png\""), "{}", b.html);
    assert_eq!(b.diagnostics[0].message, "there is no page `abut.md`");
}

#[test]
fn raw_html_is_escaped_unless_allowed() {
    let b = run("<script>alert(1)</script>\n\nHi <b>x</b>\n");
    assert!(!b.html.contains("<script>"), "{}", b.html);
    assert!(b.html.contains("&lt;b&gt;"), "{}", b.html);
}

#[test]
fn slugs_are_readable() {
    assert_eq!(
        slugify("What does Kim Jong-un get?"),
        "what-does-kim-jong-un-get"
    );
    assert_eq!(slugify("?!"), "section");
}

#[test]
fn images_get_the_size_of_their_file() {
    let b = run(
        "![A map](img/a.png)\n\nText ![A *small* map](img/a.png \"Map. Credit: Jane Doe\") here.\n\n![Map](img/a.png \"The front. Photo: KCNA\")\n",
    );
    assert!(
        b.html.contains(
            "<p><img src=\"/x/img/a.png\" alt=\"A map\" width=\"640\" height=\"480\"></p>"
        ),
        "{}",
        b.html
    );
    assert!(
        b.html.contains(
            "alt=\"A small map\" width=\"640\" height=\"480\" title=\"Map. Credit: Jane Doe\">"
        ),
        "{}",
        b.html
    );
    assert!(
        b.html.contains(
            "<figure class=\"figure\"><img src=\"/x/img/a.png\" alt=\"Map\" width=\"640\" height=\"480\"><figcaption>The front. <span class=\"credit\">Photo: KCNA</span></figcaption></figure>"
        ),
        "{}",
        b.html
    );
}
