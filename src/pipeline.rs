//! The build, stage by stage: load → parse → cite → render → write.
//!
//! Each stage runs across all cores (rayon) and collects every finding before the build decides
//! to stop, so an editor sees all problems at once. A [`Session`] keeps what each stage made, so
//! that building again after an edit reads, parses, cites and renders only what the edit touched:
//! `site serve` rebuilds a one-page edit of a large site in milliseconds.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::assemble::{self, Checked, Passages};
use crate::config::{Config, normalise_base_url};
use crate::content::{self, Found, Kind, Stamp, TextFile};
use crate::diagnostic::Diagnostic;
use crate::feeds::{self, FeedPage};
use crate::output::{self, Data, Staging};
use crate::pages::{self, Cited, Page};
use crate::panel::Source;
use crate::render::{Renderer, SiteData};
use crate::theme::{self, Theme};

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    pub base_url: Option<String>,
    pub output: Option<PathBuf>,
    /// False for `site check`: everything but the writing.
    pub write: bool,
}

/// What a successful build did, for its one-line report.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub sources: usize,
    pub citations: usize,
    pub warnings: Vec<Diagnostic>,
    pub output: PathBuf,
    /// When the build began, to report its time once the files are written.
    pub started: Instant,
    /// How many output files were rendered again (the rest were kept from the last build).
    pub rendered: usize,
}

impl Summary {
    /// `Built 3 pages and 1 source, 24 citations checked, in 31 ms → public/`
    pub fn line(&self, wrote: bool) -> String {
        let verb = if wrote { "Built" } else { "Checked" };
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!(
            "{verb} {} and {}, {} checked, in {} ms",
            plural(self.pages, "page", "pages"),
            plural(self.sources, "source", "sources"),
            plural(self.citations, "citation", "citations"),
            self.started.elapsed().as_millis()
        );
        if wrote {
            line.push_str(&format!(" → {}/", self.output.display()));
        }
        line
    }
}

/// A build kept in memory: the files of the site and what the build did.
#[derive(Debug, Clone)]
pub struct Built {
    pub files: BTreeMap<String, Data>,
    pub summary: Summary,
}

/// Builds the project at `root` and writes it (or, for `check`, renders it and writes nothing).
/// On failure, every diagnostic found (errors and warnings), and the output is untouched.
pub fn build(root: &Path, options: &Options) -> Result<Summary, Vec<Diagnostic>> {
    let mut session = Session::new(root, options.clone());
    session.keep_outputs = false;
    let (summary, _) = session.run(None)?;
    Ok(summary)
}

/// A page's front matter read, or why it could not be; None for a skipped draft.
type Parsed = Result<Option<Page>, Vec<Diagnostic>>;

/// A page file and what was made of it, kept until the file changes.
struct PageState {
    stamp: Option<Stamp>,
    parsed: Parsed,
    cited: Option<(Cited, Vec<Diagnostic>, u64)>,
    /// Bumped whenever `cited` is made again, so outputs know they must be rendered again.
    version: u64,
    annotations: Option<(u64, String)>,
}

struct SourceState {
    stamp: Option<Stamp>,
    parsed: Result<Arc<Source>, Diagnostic>,
}

/// Where every page and asset is: the links Markdown resolves against, and the files that
/// would collide. Made again only when a page or asset is added, removed or moved.
struct Layout {
    key: u64,
    links: HashMap<String, String>,
    collisions: Vec<Diagnostic>,
}

/// A project built again and again, as `site serve` does on every save.
pub struct Session {
    root: PathBuf,
    options: Options,
    /// Keep rendered files in memory (serve) rather than writing them (build).
    keep_outputs: bool,
    pages: HashMap<PathBuf, PageState>,
    sources: HashMap<PathBuf, SourceState>,
    renderer: Option<(u64, Renderer, Theme)>,
    outputs: BTreeMap<String, (u64, Data)>,
    next_version: u64,
    /// Sources' URLs depend on it; they are parsed again when it changes.
    base_path: String,
    layout: Option<Layout>,
    /// The files found by the last build, reused when the caller says which files changed.
    last_scan: Option<content::Scan>,
}

impl Session {
    pub fn new(root: &Path, options: Options) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            keep_outputs: true,
            pages: HashMap::new(),
            sources: HashMap::new(),
            renderer: None,
            outputs: BTreeMap::new(),
            next_version: 1,
            base_path: String::new(),
            layout: None,
            last_scan: None,
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
        // A named file (or a file under a named folder) is read again whatever its size and
        // time say: an edit can keep both, and only its bytes tell.
        let named: HashSet<&Path> = changed.iter().map(PathBuf::as_path).collect();
        let untouched = |path: &PathBuf| !path.ancestors().any(|a| named.contains(a));
        self.pages.retain(|path, _| untouched(path));
        self.sources.retain(|path, _| untouched(path));
        let (summary, files) = self.run(Some(changed))?;
        Ok(Built { files, summary })
    }

    /// The last build's files with the changed ones stamped again, or None if a change may
    /// have added or removed a file.
    fn rescan(&self, root: &Path, changed: &[PathBuf]) -> Option<content::Scan> {
        let last = self.last_scan.as_ref()?;
        let known: HashMap<&Path, usize> = last
            .found
            .iter()
            .enumerate()
            .map(|(i, f)| (f.shown.as_path(), i))
            .collect();
        let mut scan = last.clone();
        for path in changed {
            let i = *known.get(path.as_path())?;
            // Not a plain file any more (a link, a FIFO, gone): walk the project again, so the
            // build's rules for links and special files apply.
            if !root
                .join(path)
                .symlink_metadata()
                .is_ok_and(|m| m.is_file())
            {
                return None;
            }
            let found = scan.found.get_mut(i)?;
            found.stamp = Stamp::of(&found.from);
        }
        Some(scan)
    }

    fn run(
        &mut self,
        changed: Option<&[PathBuf]>,
    ) -> Result<(Summary, BTreeMap<String, Data>), Vec<Diagnostic>> {
        let started = Instant::now();
        let root = content::project_root(&self.root)?;
        let mut config = content::config(&root)?;
        if let Some(url) = &self.options.base_url {
            config.base_url = normalise_base_url(url).map_err(|msg| {
                vec![
                    Diagnostic::error("usage", "--base-url", msg)
                        .with_help("pass an absolute URL such as https://example.org/explainers/"),
                ]
            })?;
        }
        let config_key = hash_of(&(format!("{config:?}"), self.options.drafts));
        let scan = match changed.and_then(|c| self.rescan(&root, c)) {
            Some(scan) => scan,
            None => content::scan(&root)?,
        };
        let mut diagnostics = Vec::new();

        let sources = self.load_sources(&scan.found, &config, &mut diagnostics);
        let source_ids: BTreeSet<String> = sources.keys().cloned().collect();
        let sources_key = hash_of(
            &sources
                .values()
                .map(|s| (s.id.as_str(), Arc::as_ptr(s) as usize))
                .collect::<Vec<_>>(),
        );
        self.load_pages(&scan.found, &config);

        let live: Vec<&PathBuf> = scan
            .found
            .iter()
            .filter(|f| f.kind == Kind::Page)
            .map(|f| &f.shown)
            .collect();
        let mut page_list: Vec<&Page> = Vec::new();
        for path in &live {
            if let Some(PageState {
                parsed: Ok(Some(page)),
                ..
            }) = self.pages.get(*path)
            {
                page_list.push(page);
            }
        }
        let asset_list: Vec<&Found> = scan
            .found
            .iter()
            .filter(|f| f.kind == Kind::Asset)
            .collect();
        let layout_key = hash_of(&(
            config_key,
            sources_key,
            page_list
                .iter()
                .map(|p| (&p.file.rel, &p.url))
                .collect::<Vec<_>>(),
            asset_list.iter().map(|f| &f.rel).collect::<Vec<_>>(),
        ));
        let layout = match self.layout.take() {
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
                    );
                let collisions = pages::collisions(outputs);
                let mut links: HashMap<String, String> = page_list
                    .iter()
                    .map(|p| (p.file.rel.clone(), p.url.clone()))
                    .collect();
                for f in &asset_list {
                    links.insert(f.rel.clone(), format!("{}{}", config.base_path(), f.rel));
                }
                Layout {
                    key: layout_key,
                    links,
                    collisions,
                }
            }
        };
        diagnostics.extend(layout.collisions.iter().cloned());
        let links = &layout.links;
        let cite_key = layout_key;

        self.cite_pages(&live, &config, &sources, &source_ids, links, cite_key);
        self.layout = Some(layout);
        for path in &live {
            if let Some(state) = self.pages.get(*path) {
                match &state.parsed {
                    Err(found) => diagnostics.extend(found.iter().cloned()),
                    Ok(Some(_)) => {
                        if let Some((_, found, _)) = &state.cited {
                            diagnostics.extend(found.iter().cloned());
                        }
                    }
                    Ok(None) => {}
                }
            }
        }
        let strict = self.options.strict || config.strict;
        if diagnostics.iter().any(|d| d.is_error() || strict) {
            return Err(finish(diagnostics, &root));
        }

        let theme = theme::load(&root, &config.theme)?;
        let theme_key = hash_of(&format!(
            "{:?}",
            theme
                .templates
                .iter()
                .map(|(k, (t, _))| (k, t))
                .collect::<Vec<_>>()
        ));
        let mut renderer = match self.renderer.take() {
            Some((key, renderer, theme)) if key == theme_key => (renderer, theme),
            _ => (Renderer::new(theme.clone())?, theme),
        };

        let missing: Vec<Diagnostic> = live
            .iter()
            .filter_map(|path| match &self.pages.get(*path)?.parsed {
                Ok(Some(page)) => missing_template(page, &renderer.0, &renderer.1),
                _ => None,
            })
            .collect();
        if !missing.is_empty() {
            self.renderer = Some((theme_key, renderer.0, renderer.1));
            diagnostics.extend(missing);
            return Err(finish(diagnostics, &root));
        }
        if !self.keep_outputs {
            self.forget_texts();
        }
        if self.keep_outputs {
            self.update_annotations(&live, &sources, &config);
        }
        let checked: Vec<(Checked<'_>, u64)> = live
            .iter()
            .filter_map(|path| {
                let state = self.pages.get(*path)?;
                let page = state.parsed.as_ref().ok()?.as_ref()?;
                let (cited, _, _) = state.cited.as_ref()?;
                Some(((page, cited), state.version))
            })
            .collect();
        let output = self
            .options
            .output
            .clone()
            .unwrap_or_else(|| root.join("public"));
        let sink = if self.keep_outputs {
            Sink::Memory
        } else if self.options.write {
            Sink::Staging(Staging::new(&root, &output).map_err(|d| vec![d])?)
        } else {
            output::check_target(&root, &output).map_err(|d| vec![d])?;
            Sink::Discard
        };
        let citations_key = hash_of(&(
            config_key,
            checked
                .iter()
                .map(|((_, c), _)| c.print)
                .collect::<Vec<_>>(),
        ));
        let citations_json = self.keep_outputs.then(|| {
            let fresh = self
                .outputs
                .get("citations.json")
                .is_some_and(|(k, _)| *k == citations_key);
            (
                citations_key,
                (!fresh).then(|| self.citations_json(&checked)),
            )
        });
        let assets: Vec<&Found> = scan
            .found
            .iter()
            .filter(|f| f.kind == Kind::Asset)
            .collect();
        let stage = Stage {
            assets: &assets,
            config: &config,
            checked: &checked,
            sources: &sources,
            sink: &sink,
        };
        let result = stage.render_all(
            &mut renderer.0,
            &renderer.1,
            &self.outputs,
            theme_key,
            citations_json,
        );
        self.renderer = Some((theme_key, renderer.0, renderer.1));
        let (made, mut problems) = result;
        let rendered = made.values().filter(|(_, fresh, _)| *fresh).count();
        diagnostics.append(&mut problems);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(finish(diagnostics, &root));
        }
        let summary = Summary {
            pages: checked.len(),
            sources: sources.len(),
            citations: checked
                .iter()
                .map(|((_, c), _)| c.body.citations.len())
                .sum(),
            warnings: finish(diagnostics, &root),
            output: output
                .strip_prefix(&root)
                .map(Path::to_path_buf)
                .unwrap_or(output.clone()),
            started,
            rendered,
        };
        drop(checked);
        let files = match sink {
            Sink::Staging(staging) => {
                staging.commit().map_err(|d| vec![d])?;
                BTreeMap::new()
            }
            Sink::Discard => BTreeMap::new(),
            Sink::Memory => {
                self.outputs.retain(|rel, _| made.contains_key(rel));
                for (rel, (key, _, data)) in made {
                    if let Some(data) = data {
                        self.outputs.insert(rel, (key, data));
                    }
                }
                self.outputs
                    .iter()
                    .map(|(rel, (_, d))| (rel.clone(), d.clone()))
                    .collect()
            }
        };
        let live: HashSet<&PathBuf> = live.into_iter().collect();
        self.pages.retain(|path, _| live.contains(path));
        drop(live);
        if self.keep_outputs {
            self.last_scan = Some(scan);
        }
        Ok((summary, files))
    }

    fn load_sources(
        &mut self,
        found: &[Found],
        config: &Config,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, Arc<Source>> {
        if self.base_path != config.base_path() {
            self.base_path = config.base_path().to_string();
            self.sources.clear();
        }
        let stale: Vec<&Found> = found
            .iter()
            .filter(|f| f.kind == Kind::Source)
            .filter(|f| {
                self.sources
                    .get(&f.shown)
                    .is_none_or(|s| s.stamp != f.stamp || f.stamp.is_none())
            })
            .collect();
        let fresh: Vec<(PathBuf, SourceState)> = stale
            .par_iter()
            .map(|f| {
                let parsed = content::read(f)
                    .and_then(|file| pages::parse_source(&file, config))
                    .map(Arc::new);
                (
                    f.shown.clone(),
                    SourceState {
                        stamp: f.stamp,
                        parsed,
                    },
                )
            })
            .collect();
        self.sources.extend(fresh);
        let live: BTreeSet<&PathBuf> = found
            .iter()
            .filter(|f| f.kind == Kind::Source)
            .map(|f| &f.shown)
            .collect();
        self.sources.retain(|path, _| live.contains(path));
        let mut sources = BTreeMap::new();
        for path in live {
            match self.sources.get(path).map(|s| &s.parsed) {
                Some(Ok(source)) => {
                    sources.insert(source.id.clone(), Arc::clone(source));
                }
                Some(Err(d)) => diagnostics.push(d.clone()),
                None => {}
            }
        }
        sources
    }

    fn load_pages(&mut self, found: &[Found], config: &Config) {
        let stale: Vec<&Found> = found
            .iter()
            .filter(|f| f.kind == Kind::Page)
            .filter(|f| {
                self.pages
                    .get(&f.shown)
                    .is_none_or(|s| s.stamp != f.stamp || f.stamp.is_none())
            })
            .collect();
        let fresh: Vec<(PathBuf, Option<Stamp>, Parsed)> = stale
            .par_iter()
            .map(|f| {
                let parsed = match content::read(f) {
                    Ok(file) => pages::parse_page(Arc::new(file), config, self.options.drafts),
                    Err(d) => Err(vec![d]),
                };
                (f.shown.clone(), f.stamp, parsed)
            })
            .collect();
        for (path, stamp, parsed) in fresh {
            self.pages.insert(
                path,
                PageState {
                    stamp,
                    parsed,
                    cited: None,
                    version: 0,
                    annotations: None,
                },
            );
        }
        for state in self.pages.values_mut() {
            if let Ok(Some(page)) = &mut state.parsed {
                let url = format!("{}{}", config.base_path(), page.path);
                if page.url != url {
                    page.url = url;
                    page.permalink = format!("{}{}", config.base_url, page.path);
                }
            }
        }
    }

    fn cite_pages(
        &mut self,
        live: &[&PathBuf],
        config: &Config,
        sources: &BTreeMap<String, Arc<Source>>,
        source_ids: &BTreeSet<String>,
        links: &HashMap<String, String>,
        cite_key: u64,
    ) {
        let todo: Vec<(&PathBuf, &Page)> = live
            .iter()
            .filter_map(|path| {
                let state = self.pages.get(*path)?;
                let page = state.parsed.as_ref().ok()?.as_ref()?;
                let fresh = state
                    .cited
                    .as_ref()
                    .is_some_and(|(_, _, key)| *key == cite_key);
                (!fresh).then_some((*path, page))
            })
            .collect();
        let done: Vec<(PathBuf, Cited, Vec<Diagnostic>)> = todo
            .par_iter()
            .map(|(path, page)| {
                let (cited, found) = pages::cite(page, config, sources, source_ids, links);
                ((*path).clone(), cited, found)
            })
            .collect();
        for (path, cited, found) in done {
            let version = self.next_version;
            self.next_version += 1;
            if let Some(state) = self.pages.get_mut(&path) {
                state.cited = Some((cited, found, cite_key));
                state.version = version;
                state.annotations = None;
            }
        }
    }

    /// A build that is not kept needs the pages' text no more once they are checked; dropping
    /// it keeps a large site's memory down while it renders.
    fn forget_texts(&mut self) {
        for state in self.pages.values_mut() {
            if let Ok(Some(page)) = &mut state.parsed {
                let file = &page.file;
                page.file = Arc::new(TextFile {
                    path: file.path.clone(),
                    rel: file.rel.clone(),
                    text: String::new(),
                });
            }
        }
    }

    /// Makes the Web Annotations of the pages cited again since the last build.
    fn update_annotations(
        &mut self,
        live: &[&PathBuf],
        sources: &BTreeMap<String, Arc<Source>>,
        config: &Config,
    ) {
        let missing: Vec<(&PathBuf, &Page, &Cited, u64)> = live
            .iter()
            .filter_map(|path| {
                let state = self.pages.get(*path)?;
                let page = state.parsed.as_ref().ok()?.as_ref()?;
                let (cited, _, _) = state.cited.as_ref()?;
                let fresh = state
                    .annotations
                    .as_ref()
                    .is_some_and(|(v, _)| *v == state.version);
                (!fresh).then_some((*path, page, cited, state.version))
            })
            .collect();
        let made: Vec<(PathBuf, u64, String)> = missing
            .par_iter()
            .map(|(path, page, cited, version)| {
                (
                    (*path).clone(),
                    *version,
                    assemble::annotations(page, cited, sources, config),
                )
            })
            .collect();
        for (path, version, json) in made {
            if let Some(state) = self.pages.get_mut(&path) {
                state.annotations = Some((version, json));
            }
        }
    }

    /// `citations.json`, from each page's cached annotations.
    fn citations_json(&self, checked: &[(Checked<'_>, u64)]) -> Vec<u8> {
        let total = checked
            .iter()
            .map(|((_, c), _)| assemble::annotation_count(c))
            .sum();
        let parts = checked.iter().filter_map(|((page, _), _)| {
            self.pages
                .get(&page.file.path)
                .and_then(|s| s.annotations.as_ref())
                .map(|(_, j)| j.as_str())
        });
        let mut out = Vec::new();
        let _ = feeds::write_citations_json(&mut out, parts, total);
        out
    }
}

/// Where rendered files go.
enum Sink {
    /// Kept by the session (serve).
    Memory,
    /// Written into the staging folder (build).
    Staging(Staging),
    /// Dropped (check).
    Discard,
}

/// One rendering pass over the whole site.
struct Stage<'a> {
    /// Files under content/ copied as they are.
    assets: &'a [&'a Found],
    config: &'a Config,
    checked: &'a [(Checked<'a>, u64)],
    sources: &'a BTreeMap<String, Arc<Source>>,
    sink: &'a Sink,
}

/// One output file with its key, whether it was made again, and its data when kept in memory;
/// or why it could not be made.
type Rendered = Result<(String, u64, bool, Option<Data>), Diagnostic>;

/// Each output file: its key, whether it was made again, and its data when the session keeps
/// it (None when it was written to disk, or when the session's old copy still holds).
type Made = BTreeMap<String, (u64, bool, Option<Data>)>;

impl Stage<'_> {
    fn render_all(
        &self,
        renderer: &mut Renderer,
        theme: &Theme,
        previous: &BTreeMap<String, (u64, Data)>,
        theme_key: u64,
        citations_json: Option<(u64, Option<Vec<u8>>)>,
    ) -> (Made, Vec<Diagnostic>) {
        let config = self.config;
        let checked: Vec<Checked<'_>> = self.checked.iter().map(|(c, _)| *c).collect();
        let has_feed = checked.iter().any(|(p, _)| p.meta.date.is_some());
        let site_key = hash_of(&(
            theme_key,
            format!("{:?}", config),
            has_feed,
            checked
                .iter()
                .map(|(p, _)| {
                    (
                        &p.meta.title,
                        &p.url,
                        &p.meta.date,
                        &p.meta.updated,
                        &p.meta.description,
                        p.meta.weight,
                    )
                })
                .collect::<Vec<_>>(),
        ));
        if renderer.site_key() != Some(site_key) {
            let links: Vec<_> = {
                let mut links: Vec<_> = checked
                    .iter()
                    .map(|(p, _)| assemble::page_link(p))
                    .collect();
                links.sort_by(|a, b| a.url.cmp(&b.url));
                links
            };
            renderer.set_site(&SiteData::new(config, links, has_feed), site_key);
        }
        let passages = assemble::number_passages(&checked);
        let passages_key = hash_of(&format!("{passages:?}"));
        let mut prints: HashMap<&str, Vec<u64>> = HashMap::new();
        for ((_, cited), _) in self.checked {
            let mut ids: Vec<&str> = cited.entries.iter().map(|e| e.source.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                prints.entry(id).or_default().push(cited.print);
            }
        }
        let unchanged = |rel: &str, key: u64| previous.get(rel).is_some_and(|(k, _)| *k == key);
        let mut problems = Vec::new();
        let mut made: Made = BTreeMap::new();

        let pages: Vec<Rendered> = self
            .checked
            .par_iter()
            .map(|((page, cited), version)| {
                let rel = format!("{}index.html", page.path);
                let key = hash_of(&(
                    site_key,
                    *version,
                    passage_urls(cited, &passages),
                    page.is_section.then_some(passages_key),
                ));
                if matches!(self.sink, Sink::Memory) && unchanged(&rel, key) {
                    return Ok((rel, key, false, None));
                }
                let data = assemble::page_data(config, page, cited, &checked, &passages);
                let html = renderer.render(template_of(page), "page", &data)?;
                Ok((rel.clone(), key, true, self.finish(&rel, html)?))
            })
            .collect();
        for r in pages {
            match r {
                Ok((rel, key, fresh, data)) => {
                    made.insert(rel, (key, fresh, data));
                }
                Err(d) => problems.push(d),
            }
        }

        let sources: Vec<Rendered> = self
            .sources
            .values()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|source| {
                let rel = format!("sources/{}/index.html", source.id);
                let citing = prints.get(source.id.as_str());
                let key = hash_of(&(site_key, Arc::as_ptr(source) as usize, citing, passages_key));
                if matches!(self.sink, Sink::Memory) && unchanged(&rel, key) {
                    return Ok((rel, key, false, None));
                }
                let data = assemble::source_data(source, &checked, &passages, config);
                let html = renderer.render("source.html", "source", &data)?;
                Ok((rel.clone(), key, true, self.finish(&rel, html)?))
            })
            .collect();
        for r in sources {
            match r {
                Ok((rel, key, fresh, data)) => {
                    made.insert(rel, (key, fresh, data));
                }
                Err(d) => problems.push(d),
            }
        }

        if let (None, Sink::Staging(staging)) = (&citations_json, self.sink)
            && let Err(d) = self.stream_citations(staging)
        {
            problems.push(d);
        }
        let mut add = |rel: &str, key: u64, make: &dyn Fn() -> Result<Data, Diagnostic>| {
            if matches!(self.sink, Sink::Memory) && unchanged(rel, key) {
                made.insert(rel.to_string(), (key, false, None));
                return;
            }
            match make().and_then(|data| self.put(rel, data)) {
                Ok(data) => {
                    made.insert(rel.to_string(), (key, true, data));
                }
                Err(d) => problems.push(d),
            }
        };
        add("404.html", site_key, &|| {
            let html = renderer.render_plain("404.html")?;
            Ok(Data::Bytes(self.minify(html).into()))
        });
        let sources_key = hash_of(&self.sources.keys().collect::<Vec<_>>());
        add("sitemap.xml", hash_of(&(site_key, sources_key)), &|| {
            let mut urls: Vec<(String, Option<String>)> = checked
                .iter()
                .map(|(p, _)| {
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
        });
        let robots = feeds::robots(config);
        add("robots.txt", hash_of(&robots), &|| Ok(text(&robots)));
        if has_feed {
            add("atom.xml", site_key, &|| {
                let feed_pages: Vec<FeedPage<'_>> = checked
                    .iter()
                    .map(|(p, _)| FeedPage {
                        title: &p.meta.title,
                        description: p.meta.description.as_deref(),
                        permalink: &p.permalink,
                        date: p.meta.date.as_deref(),
                        updated: p.meta.updated.as_deref(),
                    })
                    .collect();
                Ok(text(&feeds::atom(config, &feed_pages).unwrap_or_default()))
            });
        }
        if let Some((key, json)) = &citations_json {
            add("citations.json", *key, &|| {
                Ok(Data::Bytes(json.as_deref().unwrap_or_default().into()))
            });
        }
        for (rel, file) in &theme.statics {
            let (key, data) = match file {
                theme::StaticFile::BuiltIn(bytes) => (hash_of(bytes), Data::Static(bytes)),
                theme::StaticFile::File(path) => (
                    hash_of(&(path, Stamp::of(path).map(|s| format!("{s:?}")))),
                    Data::Copy(path.clone()),
                ),
            };
            add(rel, key, &|| Ok(data.clone()));
        }
        for asset in self.assets {
            let key = hash_of(&(&asset.from, asset.stamp.map(|s| format!("{s:?}"))));
            add(&asset.rel, key, &|| Ok(Data::Copy(asset.from.clone())));
        }
        (made, problems)
    }

    fn minify(&self, html: String) -> Vec<u8> {
        if self.config.minify {
            output::minify(&html)
        } else {
            html.into_bytes()
        }
    }

    /// Minifies a rendered page and hands it to the sink.
    fn finish(&self, rel: &str, html: String) -> Result<Option<Data>, Diagnostic> {
        self.put(rel, Data::Bytes(self.minify(html).into()))
    }

    /// Writes a file (build), keeps it (serve) or drops it (check).
    fn put(&self, rel: &str, data: Data) -> Result<Option<Data>, Diagnostic> {
        match self.sink {
            Sink::Staging(staging) => staging.put(rel, &data).map(|()| None),
            Sink::Memory => Ok(Some(data)),
            Sink::Discard => Ok(None),
        }
    }

    /// Writes `citations.json` a slice of pages at a time, each slice made in parallel, so the
    /// list of a large site is never held whole in memory.
    fn stream_citations(&self, staging: &Staging) -> Result<(), Diagnostic> {
        let total = self
            .checked
            .iter()
            .map(|((_, c), _)| assemble::annotation_count(c))
            .sum();
        let slices = self.checked.chunks(512).flat_map(|slice| {
            slice
                .par_iter()
                .map(|((page, cited), _)| {
                    assemble::annotations(page, cited, self.sources, self.config)
                })
                .collect::<Vec<String>>()
        });
        staging.put_with("citations.json", |out| {
            feeds::write_citations_json(out, slices, total)
        })
    }
}

fn text(body: &str) -> Data {
    Data::Bytes(body.as_bytes().into())
}

/// The passage links a page's panel shows, which change when another page cites a passage
/// earlier in the same source.
fn passage_urls(cited: &Cited, passages: &Passages) -> Vec<usize> {
    cited
        .entries
        .iter()
        .filter_map(|e| {
            passages
                .get(&e.source.id)?
                .get(&(e.span.start, e.span.end))
                .copied()
        })
        .collect()
}

/// The template a page is rendered with.
fn template_of(page: &Page) -> &str {
    match &page.meta.template {
        Some(name) => name,
        None if page.is_section => "section.html",
        None => "page.html",
    }
}

/// A page whose `template:` names no template of the theme.
fn missing_template(page: &Page, renderer: &Renderer, theme: &Theme) -> Option<Diagnostic> {
    let template = template_of(page);
    if renderer.has_template(template) {
        return None;
    }
    let at = crate::yaml::key_position(&page.file.text, "template").unwrap_or(0);
    let names: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
    Some(
        Diagnostic::error(
            "template",
            &page.file.path,
            format!("there is no template `{template}`"),
        )
        .at(&page.file.text, at..at + "template".len())
        .with_help(crate::suggest::hint(template, &names)),
    )
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn finish(mut diagnostics: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diagnostics.dedup();
    diagnostics
        .into_iter()
        .map(|d| d.relative_to(root))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/sources")).unwrap();
        fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        fs::write(
            root.join("content/sources/s.md"),
            "---\ntitle: S\npublisher: P\n---\nAbout 11,000 troops left. Then 2,000 more came.\n",
        )
        .unwrap();
        for name in ["a", "b", "c"] {
            fs::write(
                root.join(format!("content/{name}.md")),
                format!("---\ntitle: {name}\nsources: [s]\n---\nPage {name}: [11,000 troops](s \"About 11,000 troops left\").\n"),
            )
            .unwrap();
        }
        dir
    }

    fn html(built: &Built, rel: &str) -> String {
        match built.files.get(rel) {
            Some(Data::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
            _ => panic!("no {rel}"),
        }
    }

    #[test]
    fn a_session_renders_again_only_what_an_edit_touched() {
        let dir = project();
        let mut session = Session::new(dir.path(), Options::default());
        let first = session.build().unwrap();
        assert!(first.summary.rendered >= 5, "{}", first.summary.rendered);
        let again = session.build().unwrap();
        assert_eq!(again.summary.rendered, 0);
        assert_eq!(again.files.len(), first.files.len());

        let page = dir.path().join("content/b.md");
        let text = fs::read_to_string(&page)
            .unwrap()
            .replace("Page b", "Page B, edited");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&page, text).unwrap();
        let edited = session.build().unwrap();
        assert!(html(&edited, "b/index.html").contains("Page B, edited"));
        assert!(html(&edited, "a/index.html").contains("Page a"));
        assert!(
            edited.summary.rendered <= 3,
            "the edited page, citations.json and at most its source page: {}",
            edited.summary.rendered
        );
    }

    #[test]
    fn a_session_told_what_changed_sees_the_edit_and_new_files() {
        let dir = project();
        let mut session = Session::new(dir.path(), Options::default());
        session.build().unwrap();
        let page = dir.path().join("content/a.md");
        let text = fs::read_to_string(&page)
            .unwrap()
            .replace("Page a", "Page A, told");
        fs::write(&page, text).unwrap();
        let built = session
            .build_changed(&[PathBuf::from("content/a.md")])
            .unwrap();
        assert!(html(&built, "a/index.html").contains("Page A, told"));
        assert_eq!(
            built.summary.rendered, 1,
            "a prose edit renders only its page"
        );

        fs::write(
            dir.path().join("content/d.md"),
            "---\ntitle: d\n---\nNew page.\n",
        )
        .unwrap();
        let built = session
            .build_changed(&[PathBuf::from("content/d.md")])
            .unwrap();
        assert!(html(&built, "d/index.html").contains("New page."));
    }

    #[test]
    fn a_session_drops_deleted_pages_and_reports_new_errors() {
        let dir = project();
        let mut session = Session::new(dir.path(), Options::default());
        session.build().unwrap();
        fs::remove_file(dir.path().join("content/c.md")).unwrap();
        let built = session.build().unwrap();
        assert!(!built.files.contains_key("c/index.html"));
        fs::write(dir.path().join("content/a.md"), "---\ntitle: a\n").unwrap();
        let errors = session.build().unwrap_err();
        assert_eq!(errors[0].message, "the front matter is never closed");
    }
}
