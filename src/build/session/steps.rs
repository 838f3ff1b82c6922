//! The steps of one build of a session, in the order `Session::run` takes them, each handing
//! the next a named type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::assemble::Checked;
use crate::cite::panel::Source;
use crate::diag::{Code, Diagnostic};
use crate::load::config::{Config, normalise_base_url};
use crate::load::content::{self, Found, Kind};
use crate::load::digest::ContentDigest;
use crate::load::theme::{self, Theme};
use crate::output::{Changes, Data};
use crate::parse::page::Page;
use crate::render::Renderer;

use super::super::layout::{Layout, make_layout};
use super::super::media::{self, Images};
use super::super::stage::{CheckedPage, CitationsJson, Made, Sink, Streamed, missing_template};
use super::super::{Summary, hash_of};
use super::pages::Live;
use super::{Pages, Session};

/// The project's folder and settings, with the key of what in them every page depends on.
pub(super) struct Project {
    pub(super) root: PathBuf,
    pub(super) config: Config,
    pub(super) key: ContentDigest,
}

/// A site whose pages were checked with no error: what rendering it needs.
pub(super) struct CheckedSite {
    pub(super) root: PathBuf,
    pub(super) config: Config,
    pub(super) config_key: ContentDigest,
    pub(super) scan: Arc<content::Scan>,
    pub(super) sources: BTreeMap<String, Arc<Source>>,
    /// The raster images, read from their headers.
    pub(super) images: Images,
    /// Warnings so far.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Where a one-off build's outputs go, made before its pages were cited (None: made by
    /// the rendering pass).
    pub(super) sink: Option<Sink>,
    /// What a one-off build rendered as it cited its pages.
    pub(super) streamed: Option<Streamed>,
    /// The places of the pages the scan found.
    pub(super) live: Live,
}

/// The compiled theme a session keeps while the template texts (`key`) are unchanged.
pub(in crate::build) struct KeptRenderer {
    pub(super) key: ContentDigest,
    pub(super) renderer: Renderer,
    pub(super) theme: Theme,
}

impl KeptRenderer {
    /// The theme as images and cards see it.
    pub(super) fn look(&self) -> media::Look<'_> {
        media::Look {
            renderer: &self.renderer,
            theme: &self.theme,
            key: self.key,
        }
    }
}

/// The files under content/ that are neither pages nor sources.
pub(super) fn assets(scan: &content::Scan) -> Vec<&Found> {
    scan.found
        .iter()
        .filter(|f| f.kind == Kind::Asset)
        .collect()
}

/// What a finished build counts for its summary line.
pub(super) struct Tally<'a> {
    pub(super) checked: &'a [CheckedPage<'a>],
    pub(super) sources: usize,
    pub(super) made: &'a Made,
    /// Images encoded and cards drawn.
    pub(super) media: &'a media::Made,
    pub(super) started: Instant,
    pub(super) coverage: Vec<super::super::Coverage>,
}

impl Tally<'_> {
    pub(super) fn summary(self, warnings: Vec<Diagnostic>, root: &Path, output: &Path) -> Summary {
        Summary {
            pages: self.checked.len(),
            sources: self.sources,
            citations: self
                .checked
                .iter()
                .map(|c| c.checked.outline.citations)
                .sum(),
            warnings,
            output: output
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(output.to_path_buf()),
            started: self.started,
            rendered: self.made.values().filter(|file| file.fresh).count(),
            encoded: self.media.encoded,
            drawn: self.media.drawn,
            changes: None,
            coverage: self.coverage,
        }
    }
}

/// What a build leaves behind: the files a kept session serves, and which files a build that
/// wrote its output changed.
pub(super) struct Kept {
    pub(super) files: BTreeMap<String, Data>,
    pub(super) changes: Option<Changes>,
}

impl Session {
    /// The project's root and site.yaml, with `--base-url` applied.
    pub(super) fn project(&self) -> Result<Project, Vec<Diagnostic>> {
        let root = content::project_root(&self.root)?;
        let mut config = content::config(&root)?;
        if let Some(url) = &self.options.base_url {
            config.base_url = normalise_base_url(url).map_err(|msg| {
                vec![
                    Diagnostic::error(Code::Usage, "--base-url", msg)
                        .with_help("pass an absolute URL such as https://example.org/explainers/"),
                ]
            })?;
        }
        let key = hash_of(&(config.digest, &config.base_url, self.options.drafts));
        Ok(Project { root, config, key })
    }

    /// The output folder: `--output`, or `public/` in the project.
    pub(super) fn output_dir(&self, root: &Path) -> PathBuf {
        self.options
            .output
            .clone()
            .unwrap_or_else(|| root.join("public"))
    }

    /// Where every page and asset is, made again only when one is added, removed, moved or
    /// changed.
    pub(super) fn lay_out(
        &mut self,
        scan: &content::Scan,
        live: &[usize],
        config: &Config,
        config_key: ContentDigest,
        sources: &BTreeMap<String, Arc<Source>>,
    ) -> Layout {
        let sources_key = hash_of(
            &sources
                .values()
                .map(|s| (s.id.as_str(), s.digest))
                .collect::<Vec<_>>(),
        );
        let placed: Vec<(&Page, ContentDigest)> = live
            .iter()
            .filter_map(|&i| {
                let (_, state) = self.pages.get_index(i)?;
                let page = state.parsed.as_ref().ok()?.as_ref()?;
                let place = (state.place).unwrap_or_else(|| hash_of(&(&page.file.rel, &page.url)));
                Some((page, place))
            })
            .collect();
        let pages_key = self.memo.places(&placed);
        let page_list: Vec<&Page> = placed.into_iter().map(|(page, _)| page).collect();
        let asset_list: Vec<&Found> = scan
            .found
            .iter()
            .filter(|f| f.kind == Kind::Asset)
            .collect();
        let layout_key = hash_of(&(
            config_key,
            sources_key,
            pages_key,
            // An image's stamp too: its width and height are read from its file.
            asset_list
                .iter()
                .map(|f| (&f.rel, f.stamp))
                .collect::<Vec<_>>(),
        ));
        let previous = self.layout.take();
        make_layout(
            previous,
            layout_key,
            &page_list,
            sources,
            &asset_list,
            config,
            &scan.root,
        )
    }

    /// The theme compiled, kept from the last build when its templates are unchanged; the
    /// inner `Err` lists pages naming a template the theme does not have.
    pub(super) fn kept_renderer(
        &mut self,
        root: &Path,
        config: &Config,
        live: &[usize],
    ) -> Result<Result<KeptRenderer, Vec<Diagnostic>>, Vec<Diagnostic>> {
        let theme = theme::load(root, &config.theme)?;
        // The digest-named assets are in the key: the templates' `asset_url` prints their names.
        let key = hash_of(&(
            theme
                .templates
                .iter()
                .map(|(k, (t, _))| (k, t))
                .collect::<Vec<_>>(),
            &theme.hashed,
        ));
        let kept = match self.renderer.take() {
            Some(kept) if kept.key == key => kept,
            _ => KeptRenderer {
                key,
                renderer: Renderer::new(theme.clone())?,
                theme,
            },
        };
        let missing: Vec<Diagnostic> = live
            .iter()
            .filter_map(|&i| match &self.pages.get_index(i)?.1.parsed {
                Ok(Some(page)) => missing_template(page, &kept.renderer, &kept.theme),
                _ => None,
            })
            .collect();
        if missing.is_empty() {
            Ok(Ok(kept))
        } else {
            self.renderer = Some(kept);
            Ok(Err(missing))
        }
    }

    /// A kept session's `citations.json`: made again only when a page's citations changed.
    pub(super) fn kept_citations_json(
        &self,
        checked: &[CheckedPage<'_>],
        config_key: ContentDigest,
        base_url: &str,
        prints: ContentDigest,
    ) -> Option<CitationsJson> {
        let key = hash_of(&(config_key, prints));
        (self.mode == super::Mode::Kept).then(|| {
            let fresh = self
                .outputs
                .get("citations.json")
                .is_some_and(|(k, _)| *k == key);
            CitationsJson {
                key,
                made: (!fresh).then(|| self.citations_json(checked, base_url)),
            }
        })
    }

    /// Swaps a build's staging folder in, or keeps a kept session's outputs; the files a kept
    /// session serves.
    pub(super) fn keep_outputs(&mut self, sink: Sink, made: Made) -> Result<Kept, Vec<Diagnostic>> {
        Ok(match sink {
            Sink::Staging(staging) => Kept {
                files: BTreeMap::new(),
                changes: Some(staging.commit().map_err(|d| vec![d])?),
            },
            Sink::Discard => Kept {
                files: BTreeMap::new(),
                changes: None,
            },
            Sink::Memory => {
                let mut made = made;
                for (rel, file) in &mut made {
                    if let Some(data) = file.data.take() {
                        self.outputs.insert(rel.clone(), (file.key, data));
                    }
                }
                // A file kept from the last pass is one the session holds, so it now holds every
                // file made, and more only when some were not made this time (a page removed):
                // only then is every file looked up.
                if self.outputs.len() != made.len() {
                    self.outputs.retain(|rel, _| made.contains_key(rel));
                }
                let files = if self.hand_files {
                    self.outputs
                        .iter()
                        .map(|(rel, (_, d))| (rel.clone(), d.clone()))
                        .collect()
                } else {
                    BTreeMap::new()
                };
                Kept {
                    files,
                    changes: None,
                }
            }
        })
    }
}

/// Every live page that was cited, with what its rendering needs.
pub(super) fn checked<'a>(pages: &'a Pages, live: &[usize]) -> Vec<CheckedPage<'a>> {
    live.iter()
        .filter_map(|&i| {
            let (_, state) = pages.get_index(i)?;
            let page = state.parsed.as_ref().ok()?.as_ref()?;
            let citing = state.citing.as_ref()?;
            Some(CheckedPage {
                checked: Checked {
                    page,
                    outline: &citing.outline,
                },
                cited: citing.cited.as_deref(),
                version: state.version,
            })
        })
        .collect()
}
