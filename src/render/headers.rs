//! `_headers`: how long a CDN and browsers may keep each file, in the syntax Netlify and
//! Cloudflare Pages read from the root of a published folder.
//!
//! Both hosts apply every rule whose path matches a request and join the values of a header
//! set twice, so the rules here never overlap: each digest-named file gets its own rule, and
//! everything else is covered by one rule per top-level file or folder of the site rather than by
//! a catch-all `/*` that would also match the digest-named files.

use std::collections::BTreeSet;

/// A year, the longest lifetime caches honour: a digest-named file never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Pages, feeds and files with fixed names may change on any build: keep them, but ask first.
const REVALIDATE: &str = "public, max-age=0, must-revalidate";
/// Cloudflare Pages reads at most 100 rules from `_headers`.
const MAX_RULES: usize = 100;

/// The `_headers` text for a site served at `base_path` whose files are `files` (paths relative
/// to the output) and whose digest-named files are `hashed`.
pub(crate) fn headers<'a>(
    base_path: &str,
    files: impl Iterator<Item = &'a str>,
    hashed: &BTreeSet<&str>,
) -> String {
    let mut top = BTreeSet::new();
    // A folder's files come one after another when the list is sorted, as a build's is: each
    // run of them makes its rule once, not once a file (a save of a large site lists them all).
    let mut last: Option<&str> = None;
    for rel in files.filter(|rel| !hashed.contains(rel)) {
        match rel.split_once('/') {
            Some((folder, _)) if last == Some(folder) => {}
            Some((folder, _)) => {
                last = Some(folder);
                top.insert(format!("{folder}/*"));
            }
            None => {
                top.insert(rel.to_string());
            }
        }
    }
    let mut out = String::from(
        "# Written by `site build` for Netlify and Cloudflare Pages: cache lifetimes.\n\
         # Files named with a digest of their bytes never change, so caches keep them a year.\n",
    );
    for rel in hashed {
        out.push_str(&format!("{base_path}{rel}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    out.push_str("# Pages and files with fixed names are checked with the server on every use.\n");
    if hashed.len() + top.len() + 1 > MAX_RULES {
        out.push_str(
            "# (This site has too many top-level files and folders to list within the hosts'\n\
             # limit of 100 rules; both hosts already revalidate files no rule names.)\n",
        );
        return out;
    }
    out.push_str(&format!("{base_path}\n  Cache-Control: {REVALIDATE}\n"));
    for rule in top {
        out.push_str(&format!(
            "{base_path}{rule}\n  Cache-Control: {REVALIDATE}\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_named_files_are_immutable_and_no_rule_overlaps_them() {
        let hashed: BTreeSet<&str> = ["style.0123456789.css"].into();
        let files = [
            "index.html",
            "style.0123456789.css",
            "style.css",
            "posts/a/index.html",
            "posts/b/index.html",
        ];
        let text = headers("/", files.into_iter(), &hashed);
        assert!(text.contains(&format!(
            "/style.0123456789.css\n  Cache-Control: {IMMUTABLE}\n"
        )));
        for rule in ["/\n", "/index.html\n", "/style.css\n", "/posts/*\n"] {
            assert!(
                text.contains(&format!("{rule}  Cache-Control: {REVALIDATE}\n")),
                "{rule}: {text}"
            );
        }
        assert!(!text.lines().any(|l| l == "/*"), "no catch-all: {text}");
        assert_eq!(text.matches("Cache-Control").count(), 5, "{text}");
    }

    #[test]
    fn rules_carry_the_base_path_and_stay_within_the_limit() {
        let text = headers(
            "/explainer/",
            ["a/index.html"].into_iter(),
            &BTreeSet::new(),
        );
        assert!(text.contains("/explainer/a/*\n"), "{text}");
        let many: Vec<String> = (0..200).map(|i| format!("p{i}/index.html")).collect();
        let text = headers("/", many.iter().map(String::as_str), &BTreeSet::new());
        assert_eq!(text.matches("Cache-Control").count(), 0, "{text}");
    }
}
