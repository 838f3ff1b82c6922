//! The incremental session: each stage's results kept between builds, keyed by what they
//! depend on, and the stages run in order over what changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use indexmap::IndexMap;
use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::assemble::Outline;
use crate::cite::page::{Cited, Known};
use crate::diag::Diagnostic;
use crate::load::content::{self, Stamp};
use crate::load::digest::ContentDigest;
use crate::output::{self, Data, Staging};
use crate::parse::page::{Page, ParsedSource};
use crate::render::{chart, images};

use super::layout::Layout;
use super::media::Media;
use super::stage::{Sink, Stage};
use super::{Built, Options, Summary, finish, hash_of};

mod annotations;
mod citing;
mod coverage;
mod memo;
mod pages;
mod reread;
mod sources;
mod steps;
mod stream;
mod texts;

use citing::Cite;
use steps::{CheckedSite, KeptRenderer, Project, Tally};

/// A page's front matter read, or why it could not be; None for a skipped draft.
type Parsed = Result<Option<Page>, Vec<Diagnostic>>;

/// The session's pages by path, in the order they were first found. Each state is boxed: the
/// list then moves pointers, not states, when it grows (at 100,000 pages, growing a table of
/// states held 350 MB at once).
type Pages = IndexMap<PathBuf, Box<PageState>, FxBuildHasher>;

/// A page file and what was made of it, kept until the file changes.
struct PageState {
    stamp: Option<Stamp>,
    parsed: Parsed,
    citing: Option<Citing>,
    /// Bumped whenever the page is cited again, so outputs know they must be rendered again.
    version: u64,
    annotations: Option<Annotations>,
    /// A digest of its file's path and its URL, which the layout's key is made from.
    place: Option<ContentDigest>,
}

/// What citing a page made, kept while the page's text and the site's layout are unchanged.
struct Citing {
    /// The layout's key when the page was cited: a new layout (a page added or moved, a
    /// source changed) cites every page again.
    key: ContentDigest,
    outline: Outline,
    /// The page's body and panel. A kept session holds them to render again only what an
    /// edit touched; a one-off build renders a page as soon as it is cited and holds only the
    /// bodies of sections, which list pages cited after them.
    cited: Option<Box<Cited>>,
    /// What citing found (taken by a one-off build when it reports them).
    findings: Vec<Diagnostic>,
}

impl Citing {
    /// A page that could not be cited, for want of its text: its one finding says why.
    fn failed(key: ContentDigest, finding: Diagnostic) -> Citing {
        Citing {
            key,
            outline: Outline::default(),
            cited: None,
            findings: vec![finding],
        }
    }
}

/// A page's Web Annotations, with the version of its citing they were made from.
struct Annotations {
    version: u64,
    json: Result<String, Diagnostic>,
}

struct SourceState {
    stamp: Option<Stamp>,
    parsed: ParsedSource,
}

/// What a session is for, fixed when it is made: a one-off build writes (or discards) each output
/// as it is rendered and keeps nothing; a kept session holds every output in memory, to serve
/// it and to render again only what an edit touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Once,
    Kept,
}

/// A project built again and again, as `site serve` does on every save.
pub struct Session {
    root: PathBuf,
    options: Options,
    mode: Mode,
    /// Keyed with a fast hash, and each build takes the pages by their places (`Live`).
    pages: Pages,
    sources: FxHashMap<PathBuf, SourceState>,
    renderer: Option<KeptRenderer>,
    outputs: BTreeMap<String, (ContentDigest, Data)>,
    next_version: u64,
    /// Sources' URLs depend on it; they are parsed again when it changes.
    base_path: String,
    layout: Option<Layout>,
    /// The files found by the last build, reused when the caller says which files changed.
    last_scan: Option<Arc<content::Scan>>,
    /// The place of each file in that list by its path (see `place_in`).
    scan_places: FxHashMap<PathBuf, usize>,
    /// Texts an editor holds unsaved, read in place of the files on disk.
    overlay: texts::Overlay,
    /// The raster images read from their headers, and each page's share card.
    media: Media,
    /// Whether a build hands its caller every output (serve does; an editor wants findings).
    hand_files: bool,
    /// The results of the passes over every page, kept while no page's part of them changed.
    memo: memo::Memo,
}

impl Session {
    pub fn new(root: &Path, options: Options) -> Session {
        Session::with_mode(root, options, Mode::Kept)
    }

    pub(crate) fn with_mode(root: &Path, options: Options, mode: Mode) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            mode,
            pages: Pages::default(),
            sources: FxHashMap::default(),
            renderer: None,
            outputs: BTreeMap::new(),
            next_version: 1,
            base_path: String::new(),
            layout: None,
            last_scan: None,
            scan_places: FxHashMap::default(),
            overlay: texts::Overlay::default(),
            media: Media::default(),
            hand_files: true,
            memo: memo::Memo::default(),
        }
    }

    /// A kept session whose builds hand back findings and no outputs: copying the list of a
    /// large site's outputs on every keystroke is time an editor waits for nothing.
    pub(crate) fn for_findings(root: &Path, options: Options) -> Session {
        Session {
            hand_files: false,
            ..Session::new(root, options)
        }
    }

    /// Builds the site into memory, redoing only what changed since the last call.
    pub fn build(&mut self) -> Result<Built, Vec<Diagnostic>> {
        let (summary, files) = self.run(None)?;
        Ok(Built { files, summary })
    }

    /// As [`Session::build`], when the caller (a file watcher) knows which files changed, as
    /// paths relative to the root: if they are all files the last build already had, the
    /// project is not walked again.
    pub fn build_changed(&mut self, changed: &[PathBuf]) -> Result<Built, Vec<Diagnostic>> {
        // A named file (or one under a named folder) is read again: an edit can keep its size
        // and time, and only its bytes tell.
        // A named file is dropped by its key; only a name that is no file the session holds
        // (a folder, a new file) makes it look at every file's path, since that is slow on a
        // large site and an editor names one file per keystroke.
        let mut folders: Vec<&Path> = Vec::new();
        for path in changed {
            let page = self.pages.swap_remove(path).is_some();
            let source = self.sources.remove(path).is_some();
            if !page && !source {
                folders.push(path);
            }
        }
        if !folders.is_empty() {
            let untouched = |path: &PathBuf| !folders.iter().any(|f| path.starts_with(f));
            self.pages.retain(|path, _| untouched(path));
            self.sources.retain(|path, _| untouched(path));
        }
        let (summary, files) = self.run(Some(changed))?;
        Ok(Built { files, summary })
    }

    /// The last build's files with the changed ones stamped again, or None if a change may
    /// have added or removed a file. The list is taken, not copied: the build stores it again.
    fn rescan(&mut self, root: &Path, changed: &[PathBuf]) -> Option<Arc<content::Scan>> {
        let mut last = self.last_scan.take()?;
        let mut at = Vec::with_capacity(changed.len());
        for path in changed {
            // A page the editor holds that is not on disk is added after the scan, each build.
            if self.overlay.only_unsaved(root, path) {
                continue;
            }
            let i = place_in(&mut self.scan_places, &last, path)?;
            // No longer a plain file (a link, a FIFO, gone): walk again, under the build's
            // rules.
            if !root
                .join(path)
                .symlink_metadata()
                .is_ok_and(|m| m.is_file())
            {
                return None;
            }
            at.push(i);
        }
        let scan = Arc::make_mut(&mut last);
        for i in at {
            let found = scan.found.get_mut(i)?;
            found.stamp = Stamp::of(&found.from);
        }
        Some(last)
    }

    /// One build: load, parse and cite what changed, then render every output whose key
    /// changed.
    pub(super) fn run(
        &mut self,
        changed: Option<&[PathBuf]>,
    ) -> Result<(Summary, BTreeMap<String, Data>), Vec<Diagnostic>> {
        let started = Instant::now();
        let site = self.check_site(changed)?;
        self.render_site(site, started)
    }

    /// Loads, parses and cites what changed; Err with every finding when one is an error (or
    /// any, under strict).
    fn check_site(&mut self, changed: Option<&[PathBuf]>) -> Result<CheckedSite, Vec<Diagnostic>> {
        let Project {
            root,
            config,
            key: config_key,
        } = self.project()?;
        let (mut scan, walked) = match changed.and_then(|c| self.rescan(&root, c)) {
            Some(scan) => (scan, false),
            None => (Arc::new(content::scan(&root)?), true),
        };
        self.overlay.add_unsaved(&root, Arc::make_mut(&mut scan));
        // Kept whatever this build finds: the next one restamps what changed from here.
        if self.mode == Mode::Kept {
            self.last_scan = Some(Arc::clone(&scan));
        }
        let from_flag = self.options.base_url.is_some();
        let mut diagnostics: Vec<Diagnostic> =
            config.path_only_note(from_flag).into_iter().collect();
        let sources = self.load_sources(&scan.found, &config, &mut diagnostics);
        let live = self.load_pages(&scan.found, &config, walked);
        let layout = self.lay_out(&scan, &live, &config, config_key, &sources);
        diagnostics.extend(layout.collisions.iter().cloned());
        let source_ids: BTreeSet<String> = sources.keys().cloned().collect();
        let assets = steps::assets(&scan);
        let rasters = self.media.probes.update(&assets, config.base_path());
        let sizes = reread::sizes(&layout, &rasters);
        let known = Known {
            sources: &sources,
            source_ids: &source_ids,
            links: &layout.links,
            images: &sizes,
            rasters: &rasters.by_url,
            draw_chart: chart::render,
            picture: images::picture,
        };
        let key = hash_of(&(layout.key, rasters.key));
        let cite = Cite {
            found: &scan.found,
            config: &config,
            known: &known,
            key,
        };
        let (sink, streamed) = self.cite_site(&root, &live, &cite, &sources);
        self.layout = Some(layout);
        self.page_findings(&live, &config, &mut diagnostics);
        if diagnostics
            .iter()
            .any(|d| d.fails(self.options.strict || config.strict))
        {
            return Err(finish(diagnostics, &root));
        }
        Ok(CheckedSite {
            root,
            config,
            config_key,
            scan,
            sources,
            images: rasters,
            diagnostics,
            sink,
            streamed,
            live,
        })
    }

    /// Renders every output whose key changed, and writes or keeps them.
    fn render_site(
        &mut self,
        site: CheckedSite,
        started: Instant,
    ) -> Result<(Summary, BTreeMap<String, Data>), Vec<Diagnostic>> {
        let CheckedSite {
            root,
            config,
            config_key,
            scan,
            sources,
            images,
            mut diagnostics,
            sink,
            streamed,
            live,
        } = site;
        let mut kept = match self.kept_renderer(&root, &config, &live)? {
            Ok(kept) => kept,
            Err(missing) => {
                diagnostics.extend(missing);
                return Err(finish(diagnostics, &root));
            }
        };
        let coverage = self.coverage(&live, &sources, &root);
        match self.mode {
            Mode::Once => self.forget_texts(),
            Mode::Kept => self.update_annotations(&live, &sources, &config),
        }
        let checked = steps::checked(&self.pages, &live);
        let output = self.output_dir(&root);
        let sink = match sink {
            Some(sink) => sink,
            None => self.sink(&root, &output)?,
        };
        let across = self.memo.across(&checked);
        let citations_json =
            self.kept_citations_json(&checked, config_key, &config.base_url, across.prints.all);
        let assets = steps::assets(&scan);
        let look = (!matches!(sink, Sink::Discard)).then(|| kept.look());
        let mut media = (self.media).publish(&root, &config, &checked, &images, &assets, look);
        diagnostics.append(&mut media.problems);
        let stage = Stage {
            generated: &media.files,
            assets: &assets,
            config: &config,
            checked: &checked,
            sources: &sources,
            sink: &sink,
            across: &across,
        };
        let mut rendered = stage.render_all(
            &mut kept.renderer,
            &kept.theme,
            &self.outputs,
            kept.key,
            citations_json,
            streamed,
        );
        self.renderer = Some(kept);
        diagnostics.append(&mut rendered.problems);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(finish(diagnostics, &root));
        }
        let summary = Tally {
            checked: &checked,
            sources: sources.len(),
            made: &rendered.made,
            media: &media,
            started,
            coverage,
        }
        .summary(finish(diagnostics, &root), &root, &output);
        drop(checked);
        let kept = self.keep_outputs(sink, rendered.made)?;
        let changes = kept.changes;
        Ok((Summary { changes, ..summary }, kept.files))
    }

    /// Where this build's outputs go: kept in memory (serve), into a staging folder (build), or
    /// nowhere (check, once the output folder is known to be one a build may replace).
    fn sink(&self, root: &Path, output: &Path) -> Result<Sink, Vec<Diagnostic>> {
        Ok(if self.mode == Mode::Kept {
            Sink::Memory
        } else if self.options.write {
            Sink::Staging(Staging::new(root, output).map_err(|d| vec![d])?)
        } else {
            output::check_target(root, output).map_err(|d| vec![d])?;
            Sink::Discard
        })
    }
}

/// Where `path` is in the scan's list of files. A save names one file of thousands, and
/// comparing it with every path of the list, component by component, was a pass over the site
/// on each save: the places are looked up in an index of the list instead, made again whenever
/// the place found is not that file's (a list walked again, an unsaved page added).
fn place_in(
    places: &mut FxHashMap<PathBuf, usize>,
    scan: &content::Scan,
    path: &Path,
) -> Option<usize> {
    let at = |places: &FxHashMap<PathBuf, usize>| {
        let i = *places.get(path)?;
        scan.found.get(i).filter(|f| f.shown == path).map(|_| i)
    };
    if let Some(i) = at(places) {
        return Some(i);
    }
    *places = (scan.found.iter().enumerate())
        .map(|(i, f)| (f.shown.clone(), i))
        .collect();
    at(places)
}
