//! Where every page and file of the site is, as a link written in Markdown finds it.
//!
//! Made once per layout and asked once per link, so every question is a hash lookup: a site's
//! links are checked in time that grows with the number of links, not links times pages.

use std::collections::{HashMap, HashSet};

/// Files every build writes besides pages, which a link or a menu entry may name from the
/// site's root; one list, so Markdown links and menu links agree.
pub(crate) const WRITTEN: [&str; 5] = [
    "citations.json",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
];

/// Every page and file of the site, by content-relative path, by URL path and by file name.
#[derive(Debug, Default)]
pub(crate) struct SiteLinks {
    /// Content-relative paths of pages (`a/b.md`) and assets (`a/photo.jpg`) to their URLs.
    files: HashMap<String, String>,
    /// Every URL of those, without the base path (`a/b/`, `a/photo.jpg`).
    paths: HashSet<String>,
    /// The last part of every asset's path (`photo.jpg`), which tells a link to a missing
    /// file of the site from one to a theme's static file.
    names: HashSet<String>,
}

impl SiteLinks {
    /// Indexes `files` (content-relative path to URL) for a site served under `base_path`.
    pub(crate) fn new(files: HashMap<String, String>, base_path: &str) -> Self {
        let paths = files
            .values()
            .filter_map(|url| url.strip_prefix(base_path))
            .map(str::to_string)
            .collect();
        let names = files
            .keys()
            .filter(|k| !k.ends_with(".md"))
            .map(|k| k.rsplit('/').next().unwrap_or(k).to_string())
            .collect();
        SiteLinks {
            files,
            paths,
            names,
        }
    }

    /// The URL of a page or file of the site, by its content-relative path.
    pub(crate) fn get(&self, rel: &str) -> Option<&String> {
        self.files.get(rel)
    }

    /// Whether a path from the site's root (without the base path) is a page's or file's URL.
    pub(crate) fn has_url(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// Whether some file of the site (not a page) has this name.
    pub(crate) fn has_file_named(&self, name: &str) -> bool {
        self.names.contains(name)
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
    fn a_file_name_is_matched_whole() {
        let links = site();
        assert!(links.has_file_named("photo.jpg"));
        assert!(!links.has_file_named("hoto.jpg"));
        assert!(!links.has_file_named("about.md"));
    }
}
