//! A one-off build renders each page as soon as it has cited it, and writes the page's Web
//! Annotations into `citations.json` in the site's order: no page's body outlives its own turn,
//! so a build's memory does not grow with the bodies of its pages, and no page is cited twice.
//! A page's HTML needs nothing of the pages cited after it (its links to passages are made
//! from the passages alone), except a section's, which lists them: sections wait for the
//! rendering pass, their bodies held.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::assemble;
use crate::cite::page::Cited;
use crate::cite::panel::Source;
use crate::diag::Diagnostic;
use crate::load::config::Config;
use crate::load::digest::ContentDigest;
use crate::parse::page::Page;
use crate::render::feeds;

use super::super::stage::{self, OpenCitations, PageMaker, Rendered, Sink, Streamed};
use super::citing::Cite;
use super::steps::KeptRenderer;
use super::{Mode, Session};

/// What a one-off build readies before citing, to render as it cites: the theme, and where
/// the outputs go.
pub(super) struct Opened {
    pub(super) kept: KeptRenderer,
    pub(super) sink: Sink,
    /// The `site` key the pages are rendered with.
    pub(super) site: ContentDigest,
}

/// What each page's turn needs, shared by the threads citing.
pub(super) struct Stream<'a> {
    pub(super) maker: PageMaker<'a>,
    pub(super) sources: &'a BTreeMap<String, Arc<Source>>,
    pub(super) site: ContentDigest,
    /// Whether warnings fail the build: a page whose findings fail it is not rendered.
    pub(super) strict: bool,
}

/// What one page's turn made: its HTML file (none for a section, or a page whose findings
/// fail the build), and its annotations when the build writes `citations.json`.
pub(super) struct StreamedPage {
    rendered: Option<Rendered>,
    annotations: Option<Result<String, Diagnostic>>,
}

/// What the turns made so far, gathered on one thread in the site's order.
pub(super) struct Collector {
    rendered: Vec<Rendered>,
    citations: Option<OpenCitations>,
    problems: Vec<Diagnostic>,
}

impl Stream<'_> {
    /// Renders a page just cited, unless it is a section or it fails the build.
    pub(super) fn page(&self, page: &Page, cited: &Cited, findings: &[Diagnostic]) -> StreamedPage {
        let annotations = matches!(self.maker.sink, Sink::Staging(_))
            .then(|| assemble::annotations(page, cited, self.sources, self.maker.config));
        let fails = findings.iter().any(|d| d.fails(self.strict));
        let rendered =
            (!page.is_section && !fails).then(|| self.maker.make(page, cited, &[], self.site));
        StreamedPage {
            rendered,
            annotations,
        }
    }

    /// Whether a page's body and panel wait for the rendering pass.
    pub(super) fn holds(page: &Page) -> bool {
        page.is_section
    }
}

impl Collector {
    /// Opens `citations.json` when the build writes its output.
    pub(super) fn new(sink: &Sink, config: &Config) -> Collector {
        let mut problems = Vec::new();
        let citations = match sink {
            Sink::Staging(staging) => match staging.open("citations.json") {
                Ok(mut file) => {
                    match feeds::CitationsJson::start(&mut file.out, &config.base_url) {
                        Ok(json) => Some(OpenCitations { file, json }),
                        Err(e) => {
                            problems.push(file.failed(&e));
                            None
                        }
                    }
                }
                Err(d) => {
                    problems.push(d);
                    None
                }
            },
            _ => None,
        };
        Collector {
            rendered: Vec::new(),
            citations,
            problems,
        }
    }

    /// Takes a slice of pages' turns, in the site's order.
    pub(super) fn take(&mut self, made: impl Iterator<Item = StreamedPage>) {
        for page in made {
            if let Some(rendered) = page.rendered {
                self.rendered.push(rendered);
            }
            match page.annotations {
                Some(Ok(items)) => {
                    if let Some(open) = &mut self.citations
                        && let Err(e) = open.json.page(&mut open.file.out, &items)
                    {
                        self.problems.push(open.file.failed(&e));
                        self.citations = None;
                    }
                }
                Some(Err(d)) => self.problems.push(d),
                None => {}
            }
        }
    }

    pub(super) fn finish(self) -> Streamed {
        Streamed {
            rendered: self.rendered,
            citations: self.citations,
            problems: self.problems,
        }
    }
}

impl Session {
    /// Readies a one-off build to render its pages as it cites them. None for a kept session,
    /// and when the theme cannot render the pages (it fails to load, or a page names a
    /// template it lacks): the rendering pass says why, and nothing is rendered.
    pub(super) fn open_stream(
        &mut self,
        root: &Path,
        config: &Config,
        live: &[usize],
    ) -> Option<Opened> {
        if self.mode != Mode::Once {
            return None;
        }
        let mut kept = match self.kept_renderer(root, config, live) {
            Ok(Ok(kept)) => kept,
            _ => return None,
        };
        // An output folder a build may not replace is reported by the rendering pass, after
        // the pages' findings, as it was before pages were rendered while cited.
        let output = self.output_dir(root);
        let Ok(sink) = self.sink(root, &output) else {
            self.renderer = Some(kept);
            return None;
        };
        let pages: Vec<&Page> = live
            .iter()
            .filter_map(|&i| self.pages.get_index(i)?.1.parsed.as_ref().ok()?.as_ref())
            .collect();
        let site = stage::set_site(&mut kept.renderer, config, &pages, kept.key, None).key;
        Some(Opened { kept, sink, site })
    }

    /// Cites the pages, a one-off build rendering each as soon as it is cited: what the
    /// rendering pass then needs of that, the sink the pages went to and what was made.
    pub(super) fn cite_site(
        &mut self,
        root: &Path,
        live: &[usize],
        cite: &Cite<'_>,
        sources: &BTreeMap<String, Arc<Source>>,
    ) -> (Option<Sink>, Option<Streamed>) {
        let config = cite.config;
        let Some(Opened { kept, sink, site }) = self.open_stream(root, config, live) else {
            self.cite_pages(live, cite, None);
            return (None, None);
        };
        let stream = Stream {
            maker: PageMaker {
                renderer: &kept.renderer,
                config,
                sink: &sink,
            },
            sources,
            site,
            strict: self.options.strict || config.strict,
        };
        let mut collector = Collector::new(&sink, config);
        self.cite_pages(live, cite, Some((&stream, &mut collector)));
        self.renderer = Some(kept);
        (Some(sink), Some(collector.finish()))
    }
}
