//! Which templates show a page's share image, so a build draws share cards only for pages whose
//! template can link to one.
//!
//! Drawing a card is the dearest step of a page (laying out text and rasterising 1200 × 630
//! pixels, then a PNG of some 100 KB), and a theme that shows no `og:image` gets nothing from
//! it: a 1,000-page site wrote 117 MB of cards no page linked to. As Hugo makes an image only
//! when a template asks for it, a template here asks by naming `share_image`, itself or through
//! any template it includes or extends. Dumping the whole context counts as naming it; and since
//! Tera's components are callable from every template, a component defined with the name in it
//! makes every template ask.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::theme::Theme;

/// What in a template's text means it may show the share image.
const ASKS: [&str; 2] = ["share_image", "__tera_context"];

/// The names of the templates that show the share image, directly or through a template they
/// include or extend; found by walking the edges backwards from the templates that
/// name it, so each template and edge is visited once.
pub(crate) fn showing_share_image(theme: &Theme) -> BTreeSet<String> {
    let mut used_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, (text, _)) in &theme.templates {
        for to in super::template_chains::named(text, theme) {
            used_by.entry(to).or_default().push(name.as_str());
        }
    }
    let mut todo: Vec<&str> = theme
        .templates
        .iter()
        .filter(|(_, (text, _))| ASKS.iter().any(|a| text.contains(a)))
        .map(|(name, _)| name.as_str())
        .collect();
    let in_component = todo
        .iter()
        .any(|name| theme.templates[*name].0.contains("component"));
    if in_component {
        return theme.templates.keys().cloned().collect();
    }
    let mut showing: BTreeSet<String> = todo.iter().map(|n| n.to_string()).collect();
    while let Some(name) = todo.pop() {
        for &by in used_by.get(name).into_iter().flatten() {
            if showing.insert(by.to_string()) {
                todo.push(by);
            }
        }
    }
    showing
}
