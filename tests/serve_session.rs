//! What `site serve` holds after a save, as its kept session rebuilds told which file changed:
//! a save that changes what other pages depend on (a citation of a new passage, a link, a title)
//! gives exactly the outputs and findings of a fresh build of the same files, and a save of a
//! page's prose renders that page alone.

pub mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{NYSUN, Project, READABLE};
use site::build::{Built, Options, Session};
use site::output::Data;

/// A home page leading to a section of two posts; post `a` leads to page `c`, which nothing
/// else leads to; post `b` quotes the source's second paragraph.
fn site() -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/nysun.md", NYSUN),
        (
            "content/index.md",
            "---\ntitle: Home\n---\nRead [the posts](posts/_index.md).\n",
        ),
        (
            "content/posts/_index.md",
            "---\ntitle: Posts\n---\nAll posts.\n",
        ),
        (
            "content/posts/a.md",
            "---\ntitle: Post A\n---\nPost A's prose. See [page C](../c.md).\n",
        ),
        (
            "content/posts/b.md",
            "---\ntitle: Post B\nsources: [nysun]\n---\n\
             The army has [1.2 million](nysun \"North Korea has 1.2 million troops\").\n",
        ),
        ("content/c.md", "---\ntitle: Page C\n---\nPage C's prose.\n"),
    ])
}

/// Every output by path, as bytes.
fn bytes(built: &Built) -> BTreeMap<String, Vec<u8>> {
    built
        .files
        .iter()
        .map(|(rel, data)| {
            let bytes = match data {
                Data::Bytes(b) => b.to_vec(),
                Data::Static(b) => b.to_vec(),
                Data::Copy(path) => std::fs::read(path).expect("a copied file"),
            };
            (rel.clone(), bytes)
        })
        .collect()
}

fn html(built: &Built, rel: &str) -> String {
    let files = bytes(built);
    let file = files.get(rel).unwrap_or_else(|| panic!("no {rel}"));
    String::from_utf8_lossy(file).into_owned()
}

/// The findings of a build, as code, file and message.
fn findings(built: &Built) -> Vec<String> {
    let mut found: Vec<String> = (built.summary.warnings.iter())
        .map(|d| format!("{} {} {}", d.code.name(), d.file.display(), d.message))
        .collect();
    found.sort();
    found
}

/// A session built once, then `rel` saved with `text` and rebuilt as `site serve` does.
fn saved(project: &Project, rel: &str, text: &str) -> Built {
    let mut session = Session::new(&project.root(), Options::default());
    session.build().expect("the first build");
    project.write(rel, text);
    session
        .build_changed(&[PathBuf::from(rel)])
        .expect("the rebuild")
}

/// Asserts that a kept session's rebuild made what a fresh build of the same files makes.
fn assert_fresh(project: &Project, rebuilt: &Built) {
    let fresh = Session::new(&project.root(), Options::default())
        .build()
        .expect("the fresh build");
    common::assert_same(&bytes(&fresh), &bytes(rebuilt));
    assert_eq!(findings(&fresh), findings(rebuilt));
}

#[test]
fn a_prose_save_renders_that_page_alone() {
    let project = site();
    let rebuilt = saved(
        &project,
        "content/posts/a.md",
        "---\ntitle: Post A\n---\nPost A's prose, edited. See [page C](../c.md).\n",
    );
    assert!(html(&rebuilt, "posts/a/index.html").contains("prose, edited"));
    assert_eq!(rebuilt.summary.rendered, 1, "only the saved page");
    assert_fresh(&project, &rebuilt);
}

#[test]
fn a_save_citing_a_new_passage_lists_it_on_the_source_page() {
    let project = site();
    let before = Session::new(&project.root(), Options::default())
        .build()
        .expect("a build");
    let b_link = passage_links(&html(&before, "posts/b/index.html"));
    assert_eq!(b_link.len(), 1, "{b_link:?}");
    let rebuilt = saved(
        &project,
        "content/posts/a.md",
        "---\ntitle: Post A\nsources: [nysun]\n---\n\
         Some [11,000 troops](nysun \"around 11,000 troops were assessed\") moved. \
         See [page C](../c.md).\n",
    );
    // Post A now links to a passage of its own, which the source's page lists beside Post B's.
    let a_link = passage_links(&html(&rebuilt, "posts/a/index.html"));
    assert_eq!(a_link.len(), 1, "{a_link:?}");
    assert_ne!(a_link, b_link);
    let source = html(&rebuilt, "sources/nysun/index.html");
    for anchor in a_link.iter().chain(&b_link) {
        assert!(
            source.contains(&format!("id=\"{anchor}\"")),
            "{anchor} in {source}"
        );
    }
    assert!(source.contains("Post A"));
    assert_fresh(&project, &rebuilt);
}

/// The passage anchors a page links to, each once.
fn passage_links(html: &str) -> Vec<String> {
    let mut links: Vec<String> = html
        .split("#passage-")
        .skip(1)
        .filter_map(|rest| rest.split(['"', '\'', ' ', '>']).next())
        .map(|n| format!("passage-{n}"))
        .collect();
    links.sort();
    links.dedup();
    links
}

#[test]
fn a_save_removing_the_only_link_to_a_page_reports_it_as_an_orphan() {
    let project = site();
    let rebuilt = saved(
        &project,
        "content/posts/a.md",
        "---\ntitle: Post A\n---\nPost A's prose, with no link.\n",
    );
    let orphans: Vec<String> = findings(&rebuilt)
        .into_iter()
        .filter(|f| f.starts_with("orphan-page"))
        .collect();
    assert_eq!(orphans.len(), 1, "{orphans:?}");
    assert!(orphans[0].contains("c.md"), "{orphans:?}");
    assert_fresh(&project, &rebuilt);
}

#[test]
fn a_title_change_shows_in_the_lists_of_pages() {
    let project = site();
    let rebuilt = saved(
        &project,
        "content/posts/b.md",
        "---\ntitle: Post B, renamed\nsources: [nysun]\n---\n\
         The army has [1.2 million](nysun \"North Korea has 1.2 million troops\").\n",
    );
    assert!(html(&rebuilt, "posts/index.html").contains("Post B, renamed"));
    assert!(html(&rebuilt, "sources/nysun/index.html").contains("Post B, renamed"));
    assert_fresh(&project, &rebuilt);
}

#[test]
fn a_removed_page_is_no_longer_served_and_one_added_is() {
    let project = site();
    let mut session = Session::new(&project.root(), Options::default());
    session.build().expect("the first build");
    project.remove("content/posts/b.md");
    project.write(
        "content/posts/d.md",
        "---\ntitle: Post D\n---\nPost D's prose.\n",
    );
    let changed = ["content/posts/b.md", "content/posts/d.md"].map(PathBuf::from);
    let rebuilt = session.build_changed(&changed).expect("the rebuild");
    assert!(!rebuilt.files.contains_key("posts/b/index.html"));
    assert!(html(&rebuilt, "posts/d/index.html").contains("Post D"));
    assert!(html(&rebuilt, "posts/index.html").contains("Post D"));
    assert_fresh(&project, &rebuilt);
}

#[test]
fn a_new_slug_moves_the_page_and_the_links_to_it() {
    let project = site();
    let rebuilt = saved(
        &project,
        "content/c.md",
        "---\ntitle: Page C\nslug: see\n---\nPage C's prose.\n",
    );
    assert!(!rebuilt.files.contains_key("c/index.html"));
    assert!(html(&rebuilt, "see/index.html").contains("Page C"));
    assert!(html(&rebuilt, "posts/a/index.html").contains("/see/"));
    assert_fresh(&project, &rebuilt);
}
