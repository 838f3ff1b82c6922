//! Links and assets: unsafe schemes are refused, links to pages and files follow the base URL.

use super::*;

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

    pub(super) fn check_unsafe(&mut self, dest: &str, range: &Range<usize>) {
        let scheme = dest.trim_start().to_ascii_lowercase();
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
        if resolved.ends_with(".md") {
            let pages: Vec<&str> = self
                .env
                .links
                .keys()
                .filter(|k| k.ends_with(".md"))
                .map(String::as_str)
                .collect();
            let help = match suggest::did_you_mean(&resolved, pages.iter().copied()) {
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
        dest.clone()
    }
}
