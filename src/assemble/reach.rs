//! Orphan pages: a page no reader can get to from the home page is published but never found.
//!
//! A page is reached when it is the home page, an entry of `menu:` (shown on every page), the
//! target of a link in a page already reached (to its .md file or its URL path), or listed by a
//! section page (`_index.md`) already reached, which lists the pages of its folder. A site
//! without a home page is not checked: every page of it would be reported, and its missing home
//! is the problem to fix first.

use std::collections::HashMap;

use crate::assemble::{Checked, lists};
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;

/// A URL without its trailing slashes, as pages are looked up by.
fn trim(url: &str) -> &str {
    url.trim_end_matches('/')
}

/// The places in `all` of the pages nothing reaches from the home page. What it reads of each
/// page is in the page's `Shape::reach`, so a kept session finds them again only when one of
/// those, or site.yaml, changed.
pub(crate) fn unreached(all: &[Checked<'_>], config: &Config) -> Vec<usize> {
    let by_rel: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, c)| (c.page.file.rel.as_str(), i))
        .collect();
    let by_url: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, c)| (trim(&c.page.url), i))
        .collect();
    let Some(home) = all.iter().position(|c| c.page.path.is_empty()) else {
        return Vec::new();
    };
    let mut todo = vec![home];
    for item in &config.menu {
        let url = item.url.split(['#', '?']).next().unwrap_or("");
        let url = if url.starts_with('/') || url.contains(':') {
            url.to_string()
        } else {
            format!("{}{url}", config.base_path())
        };
        todo.extend(by_url.get(trim(&url)));
    }
    let mut reached = vec![false; all.len()];
    while let Some(i) = todo.pop() {
        let Some(Checked { page, outline }) = all.get(i) else {
            continue;
        };
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        for target in &outline.links_to {
            todo.extend(
                by_rel
                    .get(target.as_str())
                    .or_else(|| by_url.get(trim(target))),
            );
        }
        // A serve session looks for orphans again on every save: which pages a section lists
        // is enough here, not the list in its shown order with each page's link made.
        if page.is_section {
            todo.extend((0..all.len()).filter(|&j| !reached[j] && lists(page, all[j].page)));
        }
    }
    (reached.iter().enumerate())
        .filter(|(_, reached)| !**reached)
        .map(|(i, _)| i)
        .collect()
}

/// A warning for each page of `all` at the places `unreached` names.
pub(crate) fn orphans(all: &[Checked<'_>], unreached: &[usize]) -> Vec<Diagnostic> {
    unreached
        .iter()
        .filter_map(|&i| all.get(i))
        .map(|Checked { page, .. }| {
            let text = &page.file.text;
            let start = text.find("title").unwrap_or(0);
            Diagnostic::warning(
                Code::OrphanPage,
                &page.file.path,
                format!(
                    "no link, menu entry or listing leads to this page ({}) from the home page",
                    page.url
                ),
            )
            .at(text, start..start + 1)
            .with_help(format!(
                "link to it from a page readers reach, such as the home page: [{}]({}) (the path is relative to the linking page's folder); or add it to `menu:` in site.yaml; or make its folder's index a section page (`_index.md`), which lists the folder's pages",
                page.meta.title, page.file.rel
            ))
        })
        .collect()
}
