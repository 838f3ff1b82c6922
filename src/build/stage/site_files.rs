//! The site-wide files of a rendering pass, one method each: 404 page, sitemap, robots.txt,
//! feed, citations.json, the theme's static files, generated images and the content's assets.

use crate::assemble::Checked;
use crate::diag::{Code, Diagnostic};
use crate::load::content::Stamp;
use crate::load::digest::ContentDigest;
use crate::load::theme::{self, Theme};
use crate::output::Data;
use crate::render::Renderer;
use crate::render::feeds::{self, FeedPage};

use super::super::hash_of;
use super::{CitationsJson, Outputs, Stage, text};

impl Stage<'_> {
    pub(super) fn render_404(
        &self,
        renderer: &Renderer,
        out: &mut Outputs<'_>,
        site_key: ContentDigest,
    ) {
        self.add(out, "404.html", site_key, &|| {
            let html = renderer.render_plain("404.html")?;
            Ok(Data::Bytes(super::minify(self.config, html).into()))
        });
    }

    /// Every page and source page, with the date it last changed.
    pub(super) fn render_sitemap(
        &self,
        out: &mut Outputs<'_>,
        checked: &[Checked<'_>],
        site_key: ContentDigest,
    ) {
        let config = self.config;
        let sources_key = hash_of(&self.sources.keys().collect::<Vec<_>>());
        self.add(
            out,
            "sitemap.xml",
            hash_of(&(site_key, sources_key)),
            &|| {
                let mut urls: Vec<(String, Option<String>)> = checked
                    .iter()
                    .map(|Checked { page: p, .. }| {
                        (
                            p.permalink.clone(),
                            p.meta.updated.clone().or_else(|| p.meta.date.clone()),
                        )
                    })
                    .collect();
                urls.extend(
                    self.sources
                        .values()
                        .map(|s| (format!("{}sources/{}/", config.base_url, s.id), None)),
                );
                urls.sort();
                Ok(text(&feeds::sitemap(&urls)))
            },
        );
    }

    pub(super) fn render_robots(&self, out: &mut Outputs<'_>) {
        let robots = feeds::robots(self.config);
        self.add(out, "robots.txt", hash_of(&robots), &|| Ok(text(&robots)));
    }

    /// The Atom feed of the dated pages.
    pub(super) fn render_feed(
        &self,
        out: &mut Outputs<'_>,
        checked: &[Checked<'_>],
        site_key: ContentDigest,
    ) {
        self.add(out, "atom.xml", site_key, &|| {
            let feed_pages: Vec<FeedPage<'_>> = checked
                .iter()
                .map(|Checked { page: p, .. }| FeedPage {
                    title: &p.meta.title,
                    description: p.meta.description.as_deref(),
                    permalink: &p.permalink,
                    date: p.meta.date.as_deref(),
                    updated: p.meta.updated.as_deref(),
                    authors: &p.byline.authors,
                })
                .collect();
            let atom = feeds::atom(self.config, &feed_pages).ok_or_else(|| {
                Diagnostic::error(Code::Output, "atom.xml", "the feed has no dated page")
            })?;
            Ok(text(&atom))
        });
    }

    /// `citations.json` as the session made or kept it in memory (a build streams it instead).
    pub(super) fn render_citations_json(&self, out: &mut Outputs<'_>, json: &CitationsJson) {
        self.add(out, "citations.json", json.key, &|| match &json.made {
            Some(Ok(bytes)) => Ok(Data::Bytes(bytes.as_slice().into())),
            Some(Err(d)) => Err(d.clone()),
            None => Err(Diagnostic::error(
                Code::Output,
                "citations.json",
                "citations.json was neither kept from the last build nor made again",
            )),
        });
    }

    /// The theme's static files, built in or the project's own.
    pub(super) fn copy_statics(&self, out: &mut Outputs<'_>, theme: &Theme) {
        for (rel, file) in &theme.statics {
            let (key, data) = match file {
                theme::StaticFile::BuiltIn(bytes) => (hash_of(bytes), Data::Static(bytes)),
                theme::StaticFile::File(path) => (
                    hash_of(&(path, Stamp::of(path).map(|s| format!("{s:?}")))),
                    Data::Copy(path.clone()),
                ),
            };
            self.add(out, rel, key, &|| Ok(data.clone()));
            if let Some(named) = theme.hashed.get(rel) {
                self.add(out, named, key, &|| Ok(data.clone()));
            }
        }
    }

    /// Images at each width and share cards, made before the pass.
    pub(super) fn copy_generated(&self, out: &mut Outputs<'_>) {
        for file in self.generated {
            self.add(out, &file.rel, file.key, &|| Ok(file.data.clone()));
        }
    }

    /// Files under content/ copied as they are.
    pub(super) fn copy_assets(&self, out: &mut Outputs<'_>) {
        for asset in self.assets {
            let key = hash_of(&(&asset.from, asset.stamp.map(|s| format!("{s:?}"))));
            self.add(out, &asset.rel, key, &|| Ok(Data::Copy(asset.from.clone())));
        }
    }
}
