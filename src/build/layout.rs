//! Where every page and asset of the site is, for links and for collisions.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::assemble::collisions;
use crate::diag::suggest;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::{CONFIG_FILE, Found};
use crate::load::digest::ContentDigest;
use crate::load::images::{self, Dimensions};
use crate::load::theme;
use crate::parse::page::Page;
use crate::parse::site_links::{self, SiteLinks};
use crate::parse::source::Source;

/// Where every page and asset is: the links Markdown resolves against, and the files that
/// would collide. Made again only when a page or asset is added, removed, moved or changed.
pub(super) struct Layout {
    pub(super) key: ContentDigest,
    pub(super) links: SiteLinks,
    /// The size of every image, read from its file's header.
    pub(super) images: HashMap<String, Dimensions>,
    pub(super) collisions: Vec<Diagnostic>,
}

/// The links Markdown resolves against and the output paths written twice, kept while the key
/// (the settings, the sources, every page's and asset's path and every asset's stamp) is
/// unchanged, and so are the files the build writes besides pages and the static files it
/// copies (which links may name too).
pub(super) fn make_layout(
    previous: Option<Layout>,
    layout_key: ContentDigest,
    page_list: &[&Page],
    sources: &BTreeMap<String, Arc<Source>>,
    asset_list: &[&Found],
    config: &Config,
    root: &std::path::Path,
) -> Layout {
    let written = site_links::written(
        config.has_host(),
        page_list.iter().any(|p| p.meta.date.is_some()),
    );
    let statics = theme::static_paths(root, &config.theme);
    match previous {
        Some(layout)
            if layout.key == layout_key && layout.links.has_site_files(&written, &statics) =>
        {
            layout
        }
        _ => {
            let outputs = page_list
                .iter()
                .map(|p| (format!("{}index.html", p.path), p.file.path.as_path()))
                .chain(
                    sources
                        .values()
                        .map(|s| (format!("sources/{}/index.html", s.id), s.file.as_path())),
                )
                .chain(
                    asset_list
                        .iter()
                        .map(|f| (f.rel.clone(), f.shown.as_path())),
                )
                .chain(
                    page_list
                        .iter()
                        .map(|p| (super::media::card_rel(&p.path), p.file.path.as_path())),
                );
            let mut collisions = collisions::collisions(outputs);
            let links = links_of(page_list, asset_list, config.base_path())
                .with_site_files(written, statics);
            collisions.extend(menu_findings(
                config, page_list, sources, asset_list, &links,
            ));
            collisions.extend(description_findings(config));
            Layout {
                key: layout_key,
                links,
                images: images::measure(asset_list),
                collisions,
            }
        }
    }
}

/// Every page's and asset's content-relative path with its URL.
fn links_of(page_list: &[&Page], asset_list: &[&Found], base_path: &str) -> SiteLinks {
    let mut links: HashMap<String, String> = page_list
        .iter()
        .map(|p| (p.file.rel.clone(), p.url.clone()))
        .collect();
    for f in asset_list {
        links.insert(f.rel.clone(), format!("{base_path}{}", url_path(&f.rel)));
    }
    SiteLinks::new(links, base_path)
}

/// A menu link to a path of this site must lead to a page, a source page, a file under
/// content/, a static file or a file the build writes, as a root-relative link in Markdown must.
fn menu_findings(
    config: &Config,
    page_list: &[&Page],
    sources: &BTreeMap<String, Arc<Source>>,
    asset_list: &[&Found],
    links: &SiteLinks,
) -> Vec<Diagnostic> {
    let base = config.base_path();
    let pages: Vec<String> = page_list
        .iter()
        .map(|p| p.path.clone())
        .chain(sources.keys().map(|id| format!("sources/{id}/")))
        .collect();
    let exists = |path: &str| {
        links.is_written(path)
            || pages
                .iter()
                .any(|p| p == path || p.strip_suffix('/') == Some(path))
            || asset_list.iter().any(|f| f.rel == path)
    };
    let mut found = Vec::new();
    for item in &config.menu {
        let url = item.url.as_str();
        if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
            continue;
        }
        let rest = match url.strip_prefix(base) {
            Some(rest) if base != "/" => rest,
            _ => url.strip_prefix('/').unwrap_or(url),
        };
        let path = &rest[..rest.find(['#', '?']).unwrap_or(rest.len())];
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        if exists(&path) || links.is_static(&path) {
            continue;
        }
        let text = &config.text;
        let after_menu = crate::diag::yaml::key_position(text, "menu").unwrap_or(0);
        let at = text[after_menu..]
            .find(url)
            .map_or(after_menu, |i| after_menu + i);
        let known: Vec<String> = pages.iter().map(|p| format!("/{p}")).collect();
        let help =
            match suggest::did_you_mean(&format!("/{path}"), known.iter().map(String::as_str)) {
                Some(s) => {
                    format!("did you mean `{s}`? (a menu path is written from the site's root)")
                }
                None => {
                    "write the path of a page from the site's root, such as `/about/`".to_string()
                }
            };
        found.push(
            Diagnostic::error(
                Code::BrokenLink,
                CONFIG_FILE,
                format!("the menu link `{url}` leads to no page or file of this site"),
            )
            .at(text, at..at + url.len())
            .with_help(help),
        );
    }
    found
}

/// The site's `description:` is shown in every page's footer and meta description, where no
/// citation can back it: each figure in it is an uncited figure, at its place in site.yaml.
fn description_findings(config: &Config) -> Vec<Diagnostic> {
    let Some(description) = config.description.as_deref() else {
        return Vec::new();
    };
    let text = &config.text;
    let key = crate::diag::yaml::key_position(text, "description").unwrap_or(0);
    let start = text
        .get(key..)
        .and_then(|t| t.find(description))
        .map(|i| key + i);
    crate::text::figures::extract(description)
        .into_iter()
        .filter(|f| f.kind == crate::text::figures::FigureKind::Quantity)
        .map(|f| {
            let at = start.map_or(key..key + "description".len(), |s| {
                s + f.range.start..s + f.range.end
            });
            Diagnostic::warning(
                Code::UncitedFigure,
                CONFIG_FILE,
                format!("the figure {} in the site's description is not cited", f.text),
            )
            .at(text, at)
            .with_help("the description is shown on every page, where nothing can cite it: leave the figure to a page that cites it")
        })
        .collect()
}

/// The characters a file's name may hold that a URL path cannot carry as they are: `#` and `?`
/// would end the path, `%` would start an escape, the rest are invalid in an HTML attribute's
/// URL. Letters outside ASCII are always escaped as their UTF-8 bytes.
const PATH_UNSAFE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// An asset's path under content/ as a URL path: each segment escaped, the `/`s kept.
fn url_path(rel: &str) -> String {
    rel.split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, PATH_UNSAFE).to_string())
        .collect::<Vec<_>>()
        .join("/")
}
