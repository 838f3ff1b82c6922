//! Render: pages, source pages and the 404 page through the theme's Tera templates, from
//! assemble's view models with the markup this stage adds (`view.rs`).
//!
//! The Tera instance is compiled once per build and the `site` context, shared by every page,
//! is set once as Tera's global context; each page adds only its own data.

use std::path::PathBuf;

use serde::Serialize;

pub mod card;
pub mod chart;
pub(crate) mod dates;
pub mod escape;
pub mod feeds;
pub(crate) mod full_text;
pub(crate) mod headers;
pub(crate) mod html_depth;
pub mod images;
pub mod panel;
pub(crate) mod template_chains;
pub(crate) mod template_reach;
pub(crate) mod templates;
pub(crate) mod view;

use crate::assemble::view::{PageData, PageLink, SourceData};
use crate::diag::{Code, Diagnostic};
use crate::load::config::{Config, MenuItem};
use crate::load::digest::ContentDigest;
use crate::load::theme::Theme;

/// What every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteData<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub date_format: crate::load::config::DateStyle,
    pub author: Option<&'a str>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub feed_url: Option<String>,
    /// Whether `base_url` names a host, so `page.permalink` is an absolute URL a canonical link
    /// or `og:url` may hold (a relative one is invalid there).
    pub absolute_urls: bool,
    pub generator: String,
    pub menu: Vec<MenuItem>,
    pub pages: Vec<PageLink>,
    pub extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

impl<'a> SiteData<'a> {
    pub fn new(config: &'a Config, pages: Vec<PageLink>, has_feed: bool) -> Self {
        SiteData {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            date_format: config.date_format,
            author: config.author.as_deref(),
            base_url: &config.base_url,
            base_path: config.base_path(),
            feed_url: has_feed.then(|| format!("{}atom.xml", config.base_path())),
            absolute_urls: config.has_host(),
            generator: format!("site {}", env!("CARGO_PKG_VERSION")),
            menu: config
                .menu
                .iter()
                .map(|m| MenuItem {
                    title: m.title.clone(),
                    url: site_url(config.base_path(), &m.url),
                })
                .collect(),
            pages,
            extra: &config.extra,
        }
    }
}

/// A menu URL as written in site.yaml, made to work under the base URL: `more/` and `/more/`
/// become `/explainers/more/`, as root-relative links in Markdown do; a path already under the
/// base path, fragments and other hosts are left alone.
fn site_url(base_path: &str, url: &str) -> String {
    if url.starts_with('#')
        || url.contains("://")
        || url.starts_with("mailto:")
        || (url.starts_with(base_path) && base_path != "/")
    {
        url.to_string()
    } else {
        format!("{base_path}{}", url.strip_prefix('/').unwrap_or(url))
    }
}

/// The compiled theme and the shared context.
pub struct Renderer {
    tera: tera::Tera,
    theme: Theme,
    site_key: Option<ContentDigest>,
    /// The templates that show a page's share image (`template_reach`).
    showing_share_image: std::collections::BTreeSet<String>,
}

impl Renderer {
    pub fn new(theme: Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let tera = templates::compile(&theme)?;
        let showing_share_image = template_reach::showing_share_image(&theme);
        Ok(Renderer {
            tera,
            theme,
            site_key: None,
            showing_share_image,
        })
    }

    /// Sets what every template sees as `site`, once per build rather than once per page.
    pub fn set_site(&mut self, site: &SiteData<'_>, key: ContentDigest) {
        self.tera.global_context().insert("site", site);
        self.site_key = Some(key);
    }

    /// The key of the `site` data set last, so a rebuild that changed no page's title, URL or
    /// date does not set it again.
    pub fn site_key(&self) -> Option<ContentDigest> {
        self.site_key
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.theme.templates.contains_key(name)
    }

    /// Whether a page rendered with `template` can show its share image, so its card is worth
    /// drawing.
    pub(crate) fn shows_share_image(&self, template: &str) -> bool {
        self.showing_share_image.contains(template)
    }

    /// Renders `template` with `key` set to `value`.
    pub fn render<T: Serialize>(
        &self,
        template: &str,
        key: &'static str,
        value: &T,
    ) -> Result<String, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert(key, value);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|err| templates::template_error(&self.theme, &err))?;
        self.bounded(template, html)
    }

    /// The HTML `template` wrote, or why it is refused: nested past [`html_depth::MAX_HTML_DEPTH`]
    /// elements, which the minifier cannot read without exhausting the stack.
    fn bounded(&self, template: &str, html: String) -> Result<String, Diagnostic> {
        if html_depth::too_deep(&html).is_none() {
            return Ok(html);
        }
        let file = self.theme.templates.get(template).map_or_else(
            || PathBuf::from("templates").join(template),
            |(_, o)| o.shown(),
        );
        Err(Diagnostic::error(
            Code::TooDeep,
            file,
            format!(
                "this template writes markup whose elements nest more than {} deep",
                html_depth::MAX_HTML_DEPTH
            ),
        )
        .with_help("close each element in the loop turn or block that opens it, so the page stays a few dozen elements deep"))
    }

    /// Renders a page with `template`, adding to assemble's data the markup it needs.
    pub fn render_page(
        &self,
        template: &str,
        config: &Config,
        data: PageData<'_>,
    ) -> Result<String, Diagnostic> {
        self.render(template, "page", &view::page(config, data))
    }

    /// Renders a source's page, adding to assemble's data the markup it needs.
    pub fn render_source(&self, data: &SourceData<'_>) -> Result<String, Diagnostic> {
        self.render("source.html", "source", &view::source(data))
    }

    pub fn render_plain(&self, template: &str) -> Result<String, Diagnostic> {
        let html = self
            .tera
            .render(template, &tera::Context::new())
            .map_err(|err| templates::template_error(&self.theme, &err))?;
        self.bounded(template, html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_urls_follow_the_base_path() {
        assert_eq!(site_url("/explainers/", "about/"), "/explainers/about/");
        assert_eq!(site_url("/explainers/", "/about/"), "/explainers/about/");
        assert_eq!(site_url("/explainers/", "/"), "/explainers/");
        assert_eq!(site_url("/explainers/", "/explainers/a/"), "/explainers/a/");
        assert_eq!(site_url("/", "/about/"), "/about/");
        assert_eq!(
            site_url("/explainers/", "https://ex.org/"),
            "https://ex.org/"
        );
        assert_eq!(site_url("/explainers/", "#top"), "#top");
    }
}
