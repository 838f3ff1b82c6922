//! Links and assets: unsafe schemes are refused, links to pages and files follow the base URL.

use super::*;

impl<'a> Pass<'a, '_> {
    /// An image: its address checked and resolved, its title read for figures as prose.
    pub(super) fn open_image(&mut self, image: Tag<'a>, range: Range<usize>) {
        let Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } = image
        else {
            return;
        };
        self.check_unsafe(&dest_url, &range);
        let dest = self.resolve(&dest_url, &range, true);
        self.note_image(&dest, &range);
        // A title is shown as a caption: a figure in it is checked like one in the text.
        self.flag_figures(&title, false, range.start);
        self.image = Some((range, false));
        self.emit(Event::Start(Tag::Image {
            link_type,
            dest_url: dest,
            title,
            id,
        }));
    }

    /// The end of an image: one that had no alt text is an error.
    pub(super) fn close_image(&mut self) {
        if let Some((range, false)) = self.image.take() {
            self.error(
                Code::ImageAlt,
                "this image has no alt text",
                range,
                "describe the image between the brackets: ![North Korean soldiers in training](photo.jpg)",
            );
        }
        self.emit(Event::End(TagEnd::Image));
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
            return dest.clone();
        }
        if let Some(from_content) = dest.strip_prefix("@/") {
            let ups = self.env.page_dir.matches('/').count();
            let relative = format!("{}{from_content}", "../".repeat(ups));
            self.error(
                Code::BrokenLink,
                &format!(
                    "`{dest}` is Zola's internal link; site links to pages relative to this page"
                ),
                range.clone(),
                &format!(
                    "write `{relative}`: a link to a .md file, relative to this page's folder"
                ),
            );
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
