//! Where every page and asset of the site is, for links and for collisions.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::assemble::collisions;
use crate::cite::panel::Source;
use crate::diag::Diagnostic;
use crate::load::config::Config;
use crate::load::content::Found;
use crate::parse::page::Page;

/// Where every page and asset is: the links Markdown resolves against, and the files that
/// would collide. Made again only when a page or asset is added, removed or moved.
pub(super) struct Layout {
    pub(super) key: u64,
    pub(super) links: HashMap<String, String>,
    pub(super) collisions: Vec<Diagnostic>,
}

/// The links Markdown resolves against and the output paths written twice, kept while the key
/// (the settings, the sources and every page's and asset's path) is unchanged.
pub(super) fn make_layout(
    previous: Option<Layout>,
    layout_key: u64,
    page_list: &[&Page],
    sources: &BTreeMap<String, Arc<Source>>,
    asset_list: &[&Found],
    config: &Config,
) -> Layout {
    match previous {
        Some(layout) if layout.key == layout_key => layout,
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
            let collisions = collisions::collisions(outputs);
            let mut links: HashMap<String, String> = page_list
                .iter()
                .map(|p| (p.file.rel.clone(), p.url.clone()))
                .collect();
            for f in asset_list {
                links.insert(f.rel.clone(), format!("{}{}", config.base_path(), f.rel));
            }
            Layout {
                key: layout_key,
                links,
                collisions,
            }
        }
    }
}
