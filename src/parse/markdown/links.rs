//! Links and assets: unsafe schemes are refused, links to pages and files follow the base URL.

use super::*;

/// How many broken links of a page get a did-you-mean. Each compares the link with every page
/// and file of the site, so thousands of broken links on a large site cost their number times
/// the site's size; only the first 20 findings of a kind are printed in full anyway, and the
/// rest keep their finding with a help that names no page.
const SUGGESTED: usize = 20;

impl<'a> Pass<'a, '_> {
    /// `@/x.md`, Zola's link from the content folder: the relative link to write instead.
    fn zola_link(&mut self, dest: &str, from_content: &str, range: &Range<usize>) {
        let ups = self.env.page_dir.matches('/').count();
        let relative = format!("{}{from_content}", "../".repeat(ups));
        self.error(
            Code::BrokenLink,
            &format!("`{dest}` is Zola's internal link; site links to pages relative to this page"),
            range.clone(),
            &format!("write `{relative}`: a link to a .md file, relative to this page's folder"),
        );
    }

    /// A link written as a URL path (`/budget/`) may lead to a page: kept for the orphan check.
    fn note_path_link(&mut self, dest: &str) {
        if dest.starts_with('/') && !dest.starts_with("//") {
            let path = dest.split(['#', '?']).next().unwrap_or("");
            self.body.links_to.push(path.to_string());
        }
    }

    /// Refuses a link that runs script. A browser drops tabs and newlines anywhere in a URL
    /// and controls and spaces around it (the WHATWG URL parser), so `java<TAB>script:` (a tab
    /// written as `&#9;` or inside `<…>`) is `javascript:` and is read as such here.
    pub(super) fn check_unsafe(&mut self, dest: &str, range: &Range<usize>) {
        let scheme: String = dest
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .to_ascii_lowercase();
        if ["javascript:", "vbscript:", "data:"]
            .iter()
            .any(|s| scheme.starts_with(s))
        {
            self.error(
                Code::UnsafeLink,
                &format!(
                    "links to `{}` are refused",
                    scheme.split(':').next().unwrap_or("")
                ),
                range.clone(),
                "link to an http(s) address, a page or a file of the site",
            );
        }
    }

    /// Rewrites a relative link to a page (`other.md`) or an asset so it works from the
    /// page's pretty URL and under any base URL.
    pub(super) fn resolve(
        &mut self,
        dest: &CowStr<'a>,
        range: &Range<usize>,
        image: bool,
    ) -> CowStr<'a> {
        if let Some(rest) = dest.strip_prefix('/')
            && !rest.starts_with(['/', '\\'])
        {
            let written = self.root_relative(rest, range);
            if !image {
                self.note_path_link(&written);
            }
            return written;
        }
        if dest.is_empty() || dest.starts_with(['/', '#', '?']) || dest.contains(':') {
            if !image {
                self.note_path_link(dest);
            }
            return dest.clone();
        }
        if let Some(from_content) = dest.strip_prefix("@/") {
            self.zola_link(dest, from_content, range);
            return dest.clone();
        }
        let (path, fragment) = match dest.find('#') {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (&dest[..], ""),
        };
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(resolved) = join(self.env.page_dir, &decoded) else {
            if !image {
                // A link may lead above content/ to a generated file (`../citations.json`).
                self.check_from_page_url(dest, range);
                return dest.clone();
            }
            self.error(
                Code::BrokenLink,
                &format!("`{decoded}` climbs out of content/"),
                range.clone(),
                "link to pages and images under content/, relative to this page's folder",
            );
            return dest.clone();
        };
        if let Some(url) = self.env.links.get(&resolved) {
            if !image && resolved.ends_with(".md") {
                self.body.links_to.push(resolved);
            }
            return format!("{url}{fragment}").into();
        }
        if image || resolved.ends_with(".md") {
            self.missing_target(&resolved, range, image);
        } else {
            self.check_from_page_url(dest, range);
        }
        dest.clone()
    }

    /// A relative link that names no file under content/ is left as written, so a browser
    /// follows it from the page's URL (`../citations.json` from `/x/` is `/citations.json`):
    /// it must lead there to a page, a source page, a file under content/, a static file or a
    /// file the build writes, or it is a broken link.
    fn check_from_page_url(&mut self, dest: &str, range: &Range<usize>) {
        let path = &dest[..dest.find(['#', '?']).unwrap_or(dest.len())];
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let target = join(self.env.page_path, &decoded);
        if let Some(target) = &target {
            let as_written = if decoded.ends_with('/') && !target.is_empty() {
                format!("{target}/")
            } else {
                target.clone()
            };
            if self.in_site(&as_written) || self.env.links.is_static(target) {
                return;
            }
        }
        let what = match &target {
            Some(t) => format!(
                "there is no file `{decoded}` under content/ from this page, nor a page or file `/{t}` on this site"
            ),
            None => format!("`{decoded}` climbs out of the site from this page's URL"),
        };
        let wanted = target.unwrap_or_else(|| decoded.to_string());
        let help = match self.suggest(&format!("/{wanted}"), Self::site_files) {
            Some(s) => format!("did you mean `{s}`? (a link starting with `/` is written from the site's root; a static file is published there)"),
            None => "link to a file under content/ relative to this page's folder, or to a page or static file from the site's root, such as `/data.csv`".to_string(),
        };
        self.error(Code::BrokenLink, &what, range.clone(), &help);
    }

    /// A relative link to a page or an image that is not there.
    fn missing_target(&mut self, resolved: &str, range: &Range<usize>, image: bool) {
        if resolved.ends_with(".md") {
            let help = match self.suggest(resolved, |pass| {
                pass.env
                    .links
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| k.ends_with(".md"))
                    .cloned()
                    .collect()
            }) {
                Some(s) => {
                    format!("did you mean `{s}`? (paths are relative to this page's folder)")
                }
                None => {
                    "link to a .md file under content/, relative to this page's folder".to_string()
                }
            };
            self.error(
                Code::BrokenLink,
                &format!("there is no page `{resolved}`"),
                range.clone(),
                &help,
            );
        } else if image {
            self.error(
                Code::BrokenLink,
                &format!("there is no file `{resolved}` under content/"),
                range.clone(),
                "put the image under content/, and link to it relative to this page's folder",
            );
        }
    }

    /// A link written from the site's root (`/`, `/sources/x/`, `/about/#why`) is given the
    /// base path and checked like a relative one: it must name a page, a source page, a file
    /// under content/, a static file of the theme or the project, or a file the build writes.
    /// A link that already starts with the base path is kept.
    fn root_relative(&mut self, rest: &str, range: &Range<usize>) -> CowStr<'a> {
        let base = self.env.base_path;
        let end = rest.find(['#', '?']).unwrap_or(rest.len());
        let (path, tail) = rest.split_at(end);
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        if self.in_site(&decoded) {
            // `/about` is the page `/about/`: written as its URL, it needs no redirect.
            let slash = if !decoded.is_empty()
                && !decoded.ends_with('/')
                && self.in_site(&format!("{decoded}/"))
            {
                "/"
            } else {
                ""
            };
            return format!("{base}{path}{slash}{tail}").into();
        }
        if let Some(inner) = decoded.strip_prefix(base.trim_start_matches('/'))
            && base != "/"
            && self.in_site(inner)
        {
            return format!("/{rest}").into();
        }
        let help = match self.suggest(&format!("/{decoded}"), Self::site_files) {
            Some(s) => format!("did you mean `{s}`? (a link starting with `/` is written from the site's root, without the base path)"),
            None => "link to a page's URL from the site's root, such as `/` or `/sources/ID/`, or to its .md file relative to this page".to_string(),
        };
        self.error(
            Code::BrokenLink,
            &format!("there is no page or file `/{decoded}` on this site"),
            range.clone(),
            &help,
        );
        format!("{base}{path}{tail}").into()
    }

    /// Whether a path from the site's root (no leading `/`) is a page, a source page, a file
    /// under content/ or one the build writes.
    fn in_site(&self, path: &str) -> bool {
        let as_folder = if path.is_empty() || path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        };
        self.env.links.is_written(path)
            || self.env.links.is_static(path)
            || (!path.ends_with(".md") && self.env.links.get(path).is_some())
            || as_folder
                .strip_prefix("sources/")
                .and_then(|id| id.strip_suffix('/'))
                .is_some_and(|id| self.env.sources.contains(id))
            || self.env.links.has_url(&as_folder)
            || self.env.links.has_url(path)
    }

    /// The nearest of `known` (made only when asked) to `wanted`, for the first
    /// [`SUGGESTED`] broken links or labels of the page: each looks at every page and file of
    /// the site, or every definition of the page.
    pub(super) fn suggest(
        &mut self,
        wanted: &str,
        known: impl FnOnce(&Self) -> Vec<String>,
    ) -> Option<String> {
        if self.suggested >= SUGGESTED {
            return None;
        }
        self.suggested += 1;
        let known = known(self);
        suggest::did_you_mean(wanted, known.iter().map(String::as_str)).map(str::to_string)
    }

    /// Every file, page and source page of the site from its root, for a did-you-mean.
    fn site_files(&self) -> Vec<String> {
        self.env
            .links
            .file_paths()
            .map(|p| format!("/{p}"))
            .chain(self.site_paths())
            .collect()
    }

    /// Every page's and source page's path from the site's root, for a did-you-mean.
    fn site_paths(&self) -> Vec<String> {
        let base = self.env.base_path;
        let pages = self
            .env
            .links
            .iter()
            .filter(|(k, _)| k.ends_with(".md"))
            .filter_map(|(_, url)| url.strip_prefix(base))
            .map(|u| format!("/{u}"));
        let sources = self.env.sources.iter().map(|id| format!("/sources/{id}/"));
        pages.chain(sources).collect()
    }
}
