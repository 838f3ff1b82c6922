//! `site.yaml`: the settings of a whole site.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::yaml;
use crate::diag::{Code, Diagnostic};
use crate::load::digest::ContentDigest;

/// How raw HTML written in Markdown is treated: escaped by default, so content from many hands
/// cannot inject scripts into the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    Allow,
    #[default]
    Escape,
}

/// The named styles of `date_format:`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// "30 November 2026"; the order and month names follow the language.
    #[default]
    Long,
    /// Associated Press style, "Nov. 30, 2026"; in a language other than English the
    /// abbreviated form of that language, "30 nov. 2026".
    Ap,
    /// "2026-11-30", for sites whose language has no month names here.
    Iso,
}

impl DateStyle {
    /// The style a template names, as in `format_date(style="ap")`.
    pub(crate) fn parse(name: &str) -> Option<DateStyle> {
        match name {
            "long" => Some(DateStyle::Long),
            "ap" => Some(DateStyle::Ap),
            "iso" => Some(DateStyle::Iso),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub raw_html: RawHtml,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    pub url: String,
}

/// The site's settings; every key but `title` has a default so a new site needs one line.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// How pages spell dates: `long` (30 November 2026), `ap` (Nov. 30, 2026) or `iso`.
    #[serde(default)]
    pub date_format: DateStyle,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default = "yes")]
    pub minify: bool,
    /// Warnings fail every build of this site, as `--strict` does for one build.
    #[serde(default)]
    pub strict: bool,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// A digest of the text of site.yaml: what results that depend on the settings are keyed
    /// by (the `--base-url` override is keyed separately, by `base_url`).
    #[serde(skip)]
    pub digest: ContentDigest,
    /// The text of site.yaml, to point later findings (a menu link to no page) at their line.
    #[serde(skip)]
    pub text: String,
}

pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "date_format",
    "theme",
    "author",
    "minify",
    "strict",
    "markdown",
    "menu",
    "extra",
];

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn yes() -> bool {
    true
}

impl Config {
    /// Parses `site.yaml`'s text; `path` is only for the diagnostics.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
        let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        let offset = text.len() - text_no_bom.len();
        let mut config: Config = yaml::parse(path, text, text_no_bom, offset, KEYS)?;
        config.base_url = normalise_base_url(&config.base_url).map_err(|msg| {
            let at = yaml::key_position(text, "base_url").unwrap_or(0);
            Diagnostic::error(Code::Config, path, msg)
                .at(text, at..at + "base_url".len())
                .with_help("write an absolute URL such as https://example.org/explainers/, or / for the root of any host")
        })?;
        if let Some(item) = config.menu.iter().find(|m| !safe_menu_url(&m.url)) {
            let at = yaml::key_position(text, "menu").unwrap_or(0);
            return Err(Diagnostic::error(
                Code::UnsafeLink,
                path,
                format!("the menu link `{}` is not a page of this site or an http(s) or mailto link", item.url),
            )
            .at(text, at..at + "menu".len())
            .with_help("write a path such as /about/, a relative path, or an https:// URL; `javascript:` and other schemes are refused, as in Markdown"));
        }
        config.digest = ContentDigest::of(text);
        config.text = text.to_string();
        Ok(config)
    }

    /// Whether `base_url` names a host: only then are the outputs that need absolute URLs
    /// written (the sitemap, robots.txt's `Sitemap:` line, the feed, canonical links).
    pub fn has_host(&self) -> bool {
        self.base_url.contains("://")
    }

    /// The note a build gives when `base_url` is only a path (`from_flag`: it came from
    /// `--base-url`), naming what is left out and how to have it.
    pub(crate) fn path_only_note(&self, from_flag: bool) -> Option<Diagnostic> {
        if self.has_host() {
            return None;
        }
        let message = format!(
            "base_url `{}` has no host, so sitemap.xml, atom.xml, robots.txt's Sitemap line and canonical links are left out (they need absolute URLs)",
            self.base_url
        );
        let help = "give the address the site is published at: `base_url: https://your.host/` (a path after the host, such as https://your.host/explainers/, works too)";
        let note = if from_flag {
            Diagnostic::note(Code::RelativeBaseUrl, "--base-url", message)
        } else {
            let note = Diagnostic::note(Code::RelativeBaseUrl, "site.yaml", message);
            match yaml::key_position(&self.text, "base_url") {
                Some(at) => note.at(&self.text, at..at + "base_url".len()),
                None => note,
            }
        };
        Some(note.with_help(help))
    }

    /// The path part of `base_url`, always ending in `/`: what internal links start with, so
    /// the site works on a sub-path (GitHub Pages project sites) as well as at a host's root.
    pub fn base_path(&self) -> &str {
        match self.base_url.find("://") {
            Some(i) => {
                let after = &self.base_url[i + 3..];
                after.find('/').map_or("/", |j| &after[j..])
            }
            None => &self.base_url,
        }
    }
}

/// Whether a menu URL is a path on this site (not `//host`), a fragment, or an http(s) or
/// mailto link: the same schemes a Markdown link may use.
fn safe_menu_url(url: &str) -> bool {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c == '\\') || url.starts_with("//") {
        return false;
    }
    match url.find(':') {
        Some(i) if !url[..i].contains(['/', '?', '#']) => {
            let scheme = url[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Accepts `https://host/path/`, `/path/` or `/`; adds the trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok_scheme = url.starts_with("http://") || url.starts_with("https://");
    if !ok_scheme && !url.starts_with('/') {
        return Err(format!(
            "base_url `{url}` is neither an http(s) URL nor a path starting with /"
        ));
    }
    if !ok_scheme && (url.starts_with("//") || url.starts_with("/\\")) {
        return Err(format!(
            "base_url `{url}` names another host, not a path: browsers read `//host/` as a host"
        ));
    }
    if ok_scheme
        && url
            .split_once("://")
            .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with('/'))
    {
        return Err(format!("base_url `{url}` has no host"));
    }
    if url.contains(['\\', '`', '\'']) || url.chars().any(char::is_control) {
        return Err(format!(
            "base_url `{url}` may not contain backslashes, quotes or control characters"
        ));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "base_url `{url}` may not contain a query, a fragment, spaces or quotes"
        ));
    }
    let mut url = url.to_string();
    if ok_scheme && !url["https://".len().min(url.len())..].contains('/') {
        url.push('/');
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_everything_but_the_title() {
        let c = Config::parse(Path::new("site.yaml"), "title: T\n").unwrap();
        assert_eq!(c.base_url, "/");
        assert_eq!(c.theme, "default");
        assert_eq!(c.language, "en");
        assert!(c.minify);
        assert_eq!(c.markdown.raw_html, RawHtml::Escape);
    }

    #[test]
    fn base_path_is_the_sub_path_of_base_url() {
        let c = Config::parse(
            Path::new("s"),
            "title: T\nbase_url: https://ex.org/explainers\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://ex.org/explainers/");
        assert_eq!(c.base_path(), "/explainers/");
        let c = Config::parse(Path::new("s"), "title: T\nbase_url: https://ex.org\n").unwrap();
        assert_eq!(c.base_path(), "/");
    }

    #[test]
    fn a_bad_base_url_points_at_the_key() {
        let d = Config::parse(Path::new("site.yaml"), "title: T\nbase_url: ftp://x\n").unwrap_err();
        assert_eq!((d.line, d.column), (2, 1));
        assert!(d.message.contains("ftp://x"));
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let d = Config::parse(Path::new("site.yaml"), "title: T\nthem: plain\n").unwrap_err();
        assert_eq!(d.help.as_deref(), Some("did you mean `theme`?"));
    }
}
