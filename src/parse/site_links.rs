//! Where every page and file of the site is, as a link written in Markdown finds it.
//!
//! Made once per layout and asked once per link, so every question is a hash lookup: a site's
//! links are checked in time that grows with the number of links, not links times pages.

use std::collections::{BTreeSet, HashMap, HashSet};

/// Files every build writes besides pages, which a link or a menu entry may name from the
/// site's root.
const ALWAYS_WRITTEN: [&str; 3] = ["citations.json", "robots.txt", "404.html"];

/// The files a build writes besides pages, by their path from the site's root: the sitemap
/// only when `base_url` names a host (it must hold absolute URLs), and the feed only then and
/// when some page is dated. One answer, so Markdown links and menu links agree.
pub(crate) fn written(has_host: bool, has_dated_page: bool) -> Vec<&'static str> {
    let mut written = ALWAYS_WRITTEN.to_vec();
    if has_host {
        written.push("sitemap.xml");
        if has_dated_page {
            written.push("atom.xml");
        }
    }
    written
}

/// Every page and file of the site, by content-relative path, by URL path and by file name.
#[derive(Debug, Default)]
pub(crate) struct SiteLinks {
    /// Content-relative paths of pages (`a/b.md`) and assets (`a/photo.jpg`) to their URLs.
    files: HashMap<String, String>,
    /// Every URL of those, without the base path (`a/b/`, `a/photo.jpg`).
    paths: HashSet<String>,
    /// The files the build writes besides pages (`citations.json`), from the site's root.
    written: Vec<&'static str>,
    /// The theme's and the project's static files, by their path from the site's root.
    statics: BTreeSet<String>,
}

impl SiteLinks {
    /// Indexes `files` (content-relative path to URL) for a site served under `base_path`.
    pub(crate) fn new(files: HashMap<String, String>, base_path: &str) -> Self {
        let paths = files
            .values()
            .filter_map(|url| url.strip_prefix(base_path))
            .map(str::to_string)
            .collect();
        SiteLinks {
            files,
            paths,
            written: Vec::new(),
            statics: BTreeSet::new(),
        }
    }

    /// With the files the build writes and the static files it copies, which links may name.
    pub(crate) fn with_site_files(
        mut self,
        written: Vec<&'static str>,
        statics: BTreeSet<String>,
    ) -> Self {
        self.written = written;
        self.statics = statics;
        self
    }

    /// Whether these are the files the build writes and copies that the links were made with.
    pub(crate) fn has_site_files(&self, written: &[&str], statics: &BTreeSet<String>) -> bool {
        self.written == written && &self.statics == statics
    }

    /// Whether a path from the site's root is a file this build writes besides pages.
    pub(crate) fn is_written(&self, path: &str) -> bool {
        self.written.contains(&path)
    }

    /// Whether a path from the site's root is a static file of the theme or the project.
    pub(crate) fn is_static(&self, path: &str) -> bool {
        self.statics.contains(path)
    }

    /// Every file of the site that is not a page, from the site's root, for a did-you-mean.
    pub(crate) fn file_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .filter(|k| !k.ends_with(".md"))
            .map(String::as_str)
            .chain(self.statics.iter().map(String::as_str))
            .chain(self.written.iter().copied())
    }

    /// The URL of a page or file of the site, by its content-relative path.
    pub(crate) fn get(&self, rel: &str) -> Option<&String> {
        self.files.get(rel)
    }

    /// Whether a path from the site's root (without the base path) is a page's or file's URL.
    pub(crate) fn has_url(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Content-relative paths of pages and files with their URLs.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.files.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteLinks {
        let files = [
            ("about.md", "/x/about/"),
            ("posts/a.md", "/x/posts/a/"),
            ("img/photo.jpg", "/x/img/photo.jpg"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()));
        SiteLinks::new(files.into_iter().collect(), "/x/")
    }

    #[test]
    fn urls_are_known_without_the_base_path() {
        let links = site();
        assert!(links.has_url("about/"));
        assert!(links.has_url("posts/a/"));
        assert!(links.has_url("img/photo.jpg"));
        assert!(!links.has_url("/x/about/"));
        assert!(!links.has_url("about"));
        assert_eq!(links.get("about.md").map(String::as_str), Some("/x/about/"));
    }

    #[test]
    fn the_sitemap_and_feed_are_written_only_with_a_host() {
        assert!(!written(false, true).contains(&"sitemap.xml"));
        assert!(!written(false, true).contains(&"atom.xml"));
        assert!(written(true, false).contains(&"sitemap.xml"));
        assert!(!written(true, false).contains(&"atom.xml"));
        assert!(written(true, true).contains(&"atom.xml"));
        assert!(written(false, false).contains(&"citations.json"));
    }
}
