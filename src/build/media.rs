//! Images and share cards: the raster images of the site read from their headers before pages
//! are parsed, and, once pages are checked, the images published at each width and a share
//! card drawn for each page; both through the cache, so an unchanged input is not made again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::assemble::Checked;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::{Found, Stamp};
use crate::load::images::{Dimensions, of_raster};
use crate::load::raster::{Format, Probed};
use crate::load::theme::Theme;
use crate::output::Data;
use crate::output::cache::Cache;
use crate::output::images;
use crate::render::Renderer;
use crate::render::card::{self, CardText, Metrics, Painter};

use super::hash_of;
use super::stage::CheckedPage;
use crate::load::digest::ContentDigest;

/// The theme a build draws cards with: its compiled templates, its files (the fonts) and the
/// key of its template texts.
pub(crate) struct Look<'a> {
    pub(crate) renderer: &'a Renderer,
    pub(crate) theme: &'a Theme,
    pub(crate) key: ContentDigest,
}

/// What a session keeps of images and cards between builds.
#[derive(Default)]
pub(crate) struct Media {
    pub(crate) probes: Probes,
    cards: Cards,
}

impl Media {
    /// Publishes the raster images the pages show and draws the share card of each page whose template shows one; with no
    /// theme to draw with (a check), does nothing.
    pub(crate) fn publish(
        &mut self,
        root: &Path,
        config: &Config,
        checked: &[CheckedPage<'_>],
        images: &Images,
        assets: &[&Found],
        look: Option<Look<'_>>,
    ) -> Made {
        let mut made = Made::default();
        // `site check` writes nothing, the cache included.
        let Some(look) = look else {
            return made;
        };
        publish_images(root, checked, images, assets, config.base_path(), &mut made);
        draw_cards(root, config, checked, look, &mut self.cards, &mut made);
        made
    }
}

/// A file the build makes that no template renders: an image at one width, a share card.
pub(crate) struct Generated {
    pub(crate) rel: String,
    pub(crate) key: ContentDigest,
    pub(crate) data: Data,
}

/// The raster images of the site read from their headers, kept while their files are unchanged.
#[derive(Default)]
pub(crate) struct Probes {
    by_path: HashMap<PathBuf, (Option<Stamp>, Probed)>,
}

/// The images by URL, their sizes by content-relative path, and a key that changes when any
/// of them does.
pub(crate) struct Images {
    pub(crate) by_url: HashMap<String, Probed>,
    pub(crate) sizes: HashMap<String, Dimensions>,
    pub(crate) key: ContentDigest,
}

impl Probes {
    /// Reads each PNG and JPEG under content/ whose file changed since the last call.
    pub(crate) fn update(&mut self, assets: &[&Found], base_path: &str) -> Images {
        let rasters: Vec<&&Found> = assets
            .iter()
            .filter(|f| Format::of(&f.rel).is_some())
            .collect();
        let stale: Vec<(PathBuf, Option<Stamp>, Probed)> = rasters
            .par_iter()
            .filter(|f| {
                f.stamp.is_none()
                    || self
                        .by_path
                        .get(&f.from)
                        .is_none_or(|(stamp, _)| *stamp != f.stamp)
            })
            .map(|f| (f.from.clone(), f.stamp, images::probe(&f.rel, &f.from)))
            .collect();
        for (path, stamp, probed) in stale {
            self.by_path.insert(path, (stamp, probed));
        }
        let live: HashSet<&PathBuf> = rasters.iter().map(|f| &f.from).collect();
        self.by_path.retain(|path, _| live.contains(path));
        let mut by_url = HashMap::new();
        let mut sizes = HashMap::new();
        let mut listed = Vec::new();
        for f in rasters {
            if let Some((_, probed)) = self.by_path.get(&f.from) {
                let url = format!("{base_path}{}", f.rel);
                listed.push((url.clone(), probed.clone()));
                by_url.insert(url, probed.clone());
                sizes.insert(f.rel.clone(), of_raster(probed));
            }
        }
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        Images {
            by_url,
            sizes,
            key: hash_of(&listed),
        }
    }
}

/// What publishing made: files to write, findings, and how much was made now rather than
/// found in the cache.
#[derive(Default)]
pub(crate) struct Made {
    pub(crate) files: Vec<Generated>,
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) encoded: usize,
    pub(crate) drawn: usize,
}

/// Publishes every raster image a page shows at each of its widths. A failure is reported at
/// the first place that shows the image.
fn publish_images(
    root: &Path,
    checked: &[CheckedPage<'_>],
    probed: &Images,
    assets: &[&Found],
    base_path: &str,
    made: &mut Made,
) {
    let files: HashMap<String, &Found> = assets
        .iter()
        .map(|f| (format!("{base_path}{}", f.rel), *f))
        .collect();
    let mut first = Vec::new();
    let mut seen = HashSet::new();
    for c in checked {
        let Checked { page, outline } = c.checked;
        for used in &outline.images {
            if seen.insert(used.url.as_str()) {
                first.push((page, used));
            }
        }
    }
    let results: Vec<_> = first
        .par_iter()
        .filter_map(|(page, used)| {
            let Some(Ok(raster)) = probed.by_url.get(&used.url) else {
                return None;
            };
            let found = files.get(&used.url)?;
            let result = images::publish(root, raster, &found.from).map_err(|p| {
                Diagnostic::error(Code::Image, &page.file.path, p.message)
                    .at(&page.file.text, used.span.clone())
                    .with_help(p.help)
            });
            Some(result)
        })
        .collect();
    for result in results {
        match result {
            Ok(published) => {
                made.encoded += published.encoded;
                for (variant, path) in published.files {
                    made.files.push(Generated {
                        key: hash_of(&path),
                        rel: variant.rel,
                        data: Data::Copy(path),
                    });
                }
            }
            Err(d) => made.problems.push(d),
        }
    }
}

/// The output path of a page's share card.
pub(crate) fn card_rel(page_path: &str) -> String {
    format!("{page_path}{}", crate::assemble::CARD_FILE)
}

/// Each page's share card as the last build left it: the key of its text and theme, and the
/// cached file. A kept session (serve) draws, or even lays out, only the cards whose key changed.
#[derive(Default)]
struct Cards {
    by_page: HashMap<String, (ContentDigest, PathBuf)>,
}

/// What a page's card says.
fn card_text(config: &Config, checked: &Checked<'_>) -> CardText {
    let Checked { page, outline } = checked;
    let first = outline.card.as_ref();
    CardText {
        title: page.meta.title.clone(),
        site: config.title.clone(),
        figure: first.map(|f| f.figure.clone()),
        source: first.map(|f| source_line(&f.publisher, &f.title)),
    }
}

/// Draws the share card of each page not shared by its lead image and whose template shows the
/// share image, from the theme's `card.svg`, or takes it from the cache when a card of the same
/// SVG and fonts was drawn before.
fn draw_cards(
    root: &Path,
    config: &Config,
    checked: &[CheckedPage<'_>],
    look: Look<'_>,
    cards: &mut Cards,
    made: &mut Made,
) {
    let Look {
        renderer,
        theme,
        key: theme_key,
    } = look;
    if !renderer.has_template("card.svg") {
        return;
    }
    let fonts_key = hash_of(&theme.fonts);
    let keyed: Vec<(String, ContentDigest, CardText)> = checked
        .iter()
        .filter(|c| {
            !c.checked.outline.shared_lead
                && renderer.shows_share_image(super::stage::template_of(c.checked.page))
        })
        .map(|c| {
            let text = card_text(config, &c.checked);
            let key = hash_of(&(&text, theme_key, fonts_key));
            (card_rel(&c.checked.page.path), key, text)
        })
        .collect();
    let kept = |rel: &str, key: ContentDigest| {
        cards
            .by_page
            .get(rel)
            .filter(|(k, path)| *k == key && path.is_file())
            .map(|(_, path)| path.clone())
    };
    let todo: Vec<&(String, ContentDigest, CardText)> = keyed
        .iter()
        .filter(|(rel, key, _)| kept(rel, *key).is_none())
        .collect();
    let mut fresh: HashMap<String, (ContentDigest, PathBuf)> = HashMap::new();
    if !todo.is_empty() {
        let drawn = draw(root, &todo, renderer, theme, made);
        fresh.extend(drawn.into_iter().map(|(rel, key, path)| (rel, (key, path))));
    }
    let mut next = HashMap::with_capacity(keyed.len());
    for (rel, key, _) in keyed {
        let path = fresh
            .remove(&rel)
            .map(|(_, path)| path)
            .or_else(|| kept(&rel, key));
        if let Some(path) = path {
            made.files.push(Generated {
                rel: rel.clone(),
                key: hash_of(&path),
                data: Data::Copy(path.clone()),
            });
            next.insert(rel, (key, path));
        }
    }
    cards.by_page = next;
}

/// Lays out and draws the cards in `todo` (output path, key, text), each taken from the cache
/// when its SVG was drawn before; returns the cached file of each card made.
fn draw(
    root: &Path,
    todo: &[&(String, ContentDigest, CardText)],
    renderer: &Renderer,
    theme: &Theme,
    made: &mut Made,
) -> Vec<(String, ContentDigest, PathBuf)> {
    let pick = |bold: bool| {
        theme
            .fonts
            .iter()
            .find(|(name, _)| name.to_ascii_lowercase().contains("bold") == bold)
            .or_else(|| theme.fonts.iter().next())
            .map(|(_, bytes)| bytes.as_ref())
    };
    let (Some(bold), Some(regular)) = (
        pick(true).and_then(Metrics::new),
        pick(false).and_then(Metrics::new),
    ) else {
        made.problems.push(
            Diagnostic::error(
                Code::Card,
                "themes",
                "the theme has no font to draw share cards with",
            )
            .with_help("put an OpenType or TrueType font in the theme's fonts/ folder"),
        );
        return Vec::new();
    };
    let fonts: Vec<&[u8]> = theme.fonts.values().map(AsRef::as_ref).collect();
    let fonts_digest = ContentDigest::of(&theme.fonts).hex();
    let painter = Painter::new(&fonts);
    let cache = Cache::new(root, "cards");
    let results: Vec<Result<(String, ContentDigest, PathBuf, bool), Diagnostic>> = todo
        .par_iter()
        .map(|(rel, key, text)| {
            let data = card::layout(text, &bold, &regular);
            let svg = renderer.render("card.svg", "card", &data)?;
            let name = format!(
                "{}.png",
                ContentDigest::of_bytes(format!("{fonts_digest}\n{svg}").as_bytes()).hex()
            );
            if cache.has(&name) {
                return Ok((rel.clone(), *key, cache.path(&name), false));
            }
            let png = painter.paint(&svg).map_err(|e| {
                Diagnostic::error(
                    Code::Card,
                    "templates/card.svg",
                    format!("cannot draw the share card of /{rel}: {e}"),
                )
                .with_help("check the theme's templates/card.svg: it must be well-formed SVG")
            })?;
            Ok((rel.clone(), *key, cache.put(&name, &png)?, true))
        })
        .collect();
    let mut drawn = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((rel, key, path, fresh)) => {
                made.drawn += usize::from(fresh);
                drawn.push((rel, key, path));
            }
            Err(d) => made.problems.push(d),
        }
    }
    drawn
}

/// "The New York Sun: North Korea sends…": where the card's figure comes from.
fn source_line(publisher: &str, title: &str) -> String {
    match (publisher.trim(), title.trim()) {
        ("", title) => title.to_string(),
        (publisher, "") => publisher.to_string(),
        (publisher, title) => format!("{publisher}: {title}"),
    }
}
