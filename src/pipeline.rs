//! The build, stage by stage: load → parse → cite → render → write.
//!
//! Each stage runs across all cores (rayon) and collects every finding before the build
//! decides to stop, so an editor sees all problems at once. Nothing is written unless every
//! stage succeeded.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cite::source::SourceText;
use crate::config::{Config, normalise_base_url};
use crate::content::{self, TextFile};
use crate::diagnostic::Diagnostic;
use crate::feeds::{self, Annotation, FeedPage};
use crate::front_matter::{self, PageMeta, Rights};
use crate::markdown::{self, Body};
use crate::output::{self, Data, OutputFile};
use crate::panel::{self, Entry, Source};
use crate::render::{CitedBy, PageData, PageLink, Passage, Renderer, SiteData, SourceData};
use crate::theme;

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
    pub elapsed: Duration,
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
            self.elapsed.as_millis()
        );
        if wrote {
            line.push_str(&format!(" → {}/", self.output.display()));
        }
        line
    }
}

/// A page after its front matter is read.
struct Page<'a> {
    file: &'a TextFile,
    meta: PageMeta,
    body_offset: usize,
    /// Output path relative to the site root: "" or "a/b/".
    path: String,
    url: String,
    permalink: String,
    is_section: bool,
    /// The folder in content/ that a section lists ("a/"), for sections only.
    dir: String,
}

/// A page after Markdown and citations.
struct Done<'a> {
    page: Page<'a>,
    body: Body,
    entries: Vec<Entry>,
    jsonld: String,
}

/// Builds the project at `root`. On failure, every diagnostic found (errors and warnings).
pub fn build(root: &Path, options: &Options) -> Result<Summary, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut project = content::load(root)?;
    if let Some(url) = &options.base_url {
        project.config.base_url = normalise_base_url(url).map_err(|msg| {
            vec![
                Diagnostic::error("usage", "--base-url", msg)
                    .with_help("pass an absolute URL such as https://example.org/explainers/"),
            ]
        })?;
    }
    let config = &project.config;
    let root = project.root.as_path();
    let mut diagnostics = Vec::new();

    let sources = parse_sources(&project.sources, config, &mut diagnostics);
    let source_ids: BTreeSet<String> = sources.keys().cloned().collect();
    let pages = parse_pages(&project.pages, config, options.drafts, &mut diagnostics);

    let mut links: HashMap<String, String> = pages
        .iter()
        .map(|p| (p.file.rel.clone(), p.url.clone()))
        .collect();
    for asset in &project.assets {
        links.insert(
            asset.rel.clone(),
            format!("{}{}", config.base_path(), asset.rel),
        );
    }

    let done: Vec<(Done<'_>, Vec<Diagnostic>)> = pages
        .into_par_iter()
        .map(|page| cite_page(page, config, &sources, &source_ids, &links))
        .collect();
    let mut done: Vec<Done<'_>> = done
        .into_iter()
        .map(|(d, mut found)| {
            diagnostics.append(&mut found);
            d
        })
        .collect();

    let failed = diagnostics.iter().any(|d| d.is_error() || options.strict);
    if failed {
        return Err(finish(diagnostics, root));
    }

    let passages = number_passages(&mut done, &sources);
    let (files, mut render_problems) =
        render_site(root, config, &done, &sources, &passages, &project.assets);
    diagnostics.append(&mut render_problems);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(finish(diagnostics, root));
    }

    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join("public"));
    if options.write {
        output::write(root, &output, &files).map_err(|d| vec![d])?;
    } else {
        output::check_target(root, &output).map_err(|d| vec![d])?;
    }
    let shown = output
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or(output);
    Ok(Summary {
        pages: done.len(),
        sources: sources.len(),
        citations: done.iter().map(|d| d.body.citations.len()).sum(),
        warnings: finish(diagnostics, root),
        output: shown,
        elapsed: started.elapsed(),
    })
}

fn finish(mut diagnostics: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    diagnostics.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    diagnostics.dedup();
    diagnostics
        .into_iter()
        .map(|d| d.relative_to(root))
        .collect()
}

fn parse_sources(
    files: &[TextFile],
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Source> {
    let parsed: Vec<Result<Source, Diagnostic>> =
        files.par_iter().map(|f| parse_source(f, config)).collect();
    let mut sources = BTreeMap::new();
    for result in parsed {
        match result {
            Ok(source) => {
                sources.insert(source.id.clone(), source);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    sources
}

fn parse_source(file: &TextFile, config: &Config) -> Result<Source, Diagnostic> {
    let id = file
        .rel
        .trim_start_matches("sources/")
        .trim_end_matches(".md")
        .to_string();
    if !id
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        || id.is_empty()
    {
        return Err(Diagnostic::error(
            "source-id",
            &file.path,
            format!("`{id}` cannot be a source id"),
        )
        .with_help(
            "name the file with letters, digits, `-` and `_` only, such as nysun-pyongyang.md",
        ));
    }
    let split = front_matter::split(&file.path, &file.text)?;
    let meta = front_matter::source_meta(&file.path, &file.text, &split)?;
    if split.body.trim().is_empty() {
        return Err(
            Diagnostic::error("empty-source", &file.path, "this source has no text")
                .at(&file.text, split.body_offset..split.body_offset)
                .with_help("paste the article's text after the front matter, exactly as published"),
        );
    }
    let body_line = file.text[..split.body_offset].matches('\n').count() + 1;
    Ok(Source {
        url: format!("{}sources/{id}/", config.base_path()),
        id,
        file: file.path.clone(),
        meta,
        text: SourceText::new(split.body),
        body_line,
    })
}

fn parse_pages<'a>(
    files: &'a [TextFile],
    config: &Config,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Page<'a>> {
    let parsed: Vec<Result<Option<Page<'a>>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|f| parse_page(f, config, drafts))
        .collect();
    let mut pages = Vec::new();
    for result in parsed {
        match result {
            Ok(Some(page)) => pages.push(page),
            Ok(None) => {}
            Err(mut found) => diagnostics.append(&mut found),
        }
    }
    let mut by_path: BTreeMap<&str, Vec<&Page<'_>>> = BTreeMap::new();
    for page in &pages {
        by_path.entry(page.path.as_str()).or_default().push(page);
    }
    for (path, same) in by_path.iter().filter(|(_, v)| v.len() > 1) {
        let names: Vec<String> = same
            .iter()
            .map(|p| p.file.path.display().to_string())
            .collect();
        for page in same {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-path",
                    &page.file.path,
                    format!("more than one page would be written to /{path}"),
                )
                .with_note(format!("these pages: {}", names.join(", ")))
                .with_help("rename one of the files, or give it another `slug:`"),
            );
        }
    }
    pages
}

fn parse_page<'a>(
    file: &'a TextFile,
    config: &Config,
    drafts: bool,
) -> Result<Option<Page<'a>>, Vec<Diagnostic>> {
    let split = front_matter::split(&file.path, &file.text).map_err(|d| vec![d])?;
    let meta = front_matter::page_meta(&file.path, &file.text, &split)?;
    if meta.draft && !drafts {
        return Ok(None);
    }
    let rel = file.rel.trim_end_matches(".md");
    let (dir, name) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    let is_section = name == "_index";
    let path = if is_section || name == "index" {
        dir.to_string()
    } else {
        format!("{dir}{}/", meta.slug.as_deref().unwrap_or(name))
    };
    let url = format!("{}{path}", config.base_path());
    let permalink = format!("{}{path}", config.base_url);
    Ok(Some(Page {
        file,
        body_offset: split.body_offset,
        meta,
        dir: dir.to_string(),
        is_section,
        path,
        url,
        permalink,
    }))
}

fn cite_page<'a>(
    page: Page<'a>,
    config: &Config,
    sources: &BTreeMap<String, Source>,
    source_ids: &BTreeSet<String>,
    links: &HashMap<String, String>,
) -> (Done<'a>, Vec<Diagnostic>) {
    let file = &page.file.path;
    let text = &page.file.text;
    let mut found = Vec::new();
    for declared in &page.meta.sources {
        if !source_ids.contains(declared) {
            let at = crate::yaml::key_position(text, "sources").unwrap_or(0);
            let help =
                crate::suggest::did_you_mean(declared, source_ids.iter().map(String::as_str))
                    .map_or_else(
                        || "add the source to content/sources/ as <id>.md".to_string(),
                        |s| format!("did you mean `{s}`?"),
                    );
            found.push(
                Diagnostic::error(
                    "unknown-source",
                    file,
                    format!("`sources:` lists `{declared}`, which is not in content/sources/"),
                )
                .at(text, at..at + "sources".len())
                .with_help(help),
            );
        }
    }
    let env = markdown::Env {
        sources: source_ids,
        declared: &page.meta.sources,
        links,
        page_dir: page
            .file
            .rel
            .rfind('/')
            .map_or("", |i| &page.file.rel[..=i]),
        raw_html: config.markdown.raw_html,
    };
    let mut body = markdown::render(file, text, page.body_offset, &env);
    found.append(&mut body.diagnostics);
    let panel = panel::build(file, text, &body.citations, sources);
    found.extend(panel.diagnostics);
    let feed = FeedPage {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        permalink: &page.permalink,
        date: page.meta.date.as_deref(),
        updated: page.meta.updated.as_deref(),
    };
    let jsonld = feeds::jsonld(config, &feed, &panel.entries);
    (
        Done {
            page,
            body,
            entries: panel.entries,
            jsonld,
        },
        found,
    )
}

/// Each source's cited passages, numbered in the order they appear in the source.
type Passages = BTreeMap<String, BTreeMap<(usize, usize), usize>>;

/// Numbers every cited passage and points each panel entry at its passage's anchor.
fn number_passages(done: &mut [Done<'_>], sources: &BTreeMap<String, Source>) -> Passages {
    let mut passages: Passages = BTreeMap::new();
    for d in done.iter() {
        for e in &d.entries {
            passages
                .entry(e.source.id.clone())
                .or_default()
                .insert((e.span.start, e.span.end), 0);
        }
    }
    for spans in passages.values_mut() {
        for (n, number) in spans.values_mut().enumerate() {
            *number = n + 1;
        }
    }
    for d in done.iter_mut() {
        for e in &mut d.entries {
            let n = passages
                .get(&e.source.id)
                .and_then(|m| m.get(&(e.span.start, e.span.end)))
                .copied()
                .unwrap_or(0);
            if let Some(source) = sources.get(&e.source.id) {
                e.passage_url = format!("{}#passage-{n}", source.url);
            }
        }
    }
    passages
}

fn render_site(
    root: &Path,
    config: &Config,
    done: &[Done<'_>],
    sources: &BTreeMap<String, Source>,
    passages: &Passages,
    assets: &[content::Asset],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let theme = match theme::load(root, &config.theme) {
        Ok(t) => t,
        Err(found) => return (Vec::new(), found),
    };
    let mut links: Vec<PageLink> = done.iter().map(|d| page_link(&d.page)).collect();
    links.sort_by(|a, b| a.url.cmp(&b.url));
    let feed_pages: Vec<FeedPage<'_>> = done
        .iter()
        .map(|d| FeedPage {
            title: &d.page.meta.title,
            description: d.page.meta.description.as_deref(),
            permalink: &d.page.permalink,
            date: d.page.meta.date.as_deref(),
            updated: d.page.meta.updated.as_deref(),
        })
        .collect();
    let atom = feeds::atom(config, &feed_pages);
    let site = SiteData::new(config, links, atom.is_some());
    let renderer = match Renderer::new(theme.clone(), &site) {
        Ok(r) => r,
        Err(found) => return (Vec::new(), found),
    };
    let minify = |html: String| {
        if config.minify {
            output::minify(&html)
        } else {
            html.into_bytes()
        }
    };

    let rendered: Vec<Result<OutputFile, Diagnostic>> = done
        .par_iter()
        .map(|d| {
            let template = d.page.meta.template.clone().unwrap_or_else(|| {
                if d.page.is_section {
                    "section.html"
                } else {
                    "page.html"
                }
                .to_string()
            });
            if !renderer.has_template(&template) {
                let at = crate::yaml::key_position(&d.page.file.text, "template").unwrap_or(0);
                let names: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
                return Err(Diagnostic::error(
                    "template",
                    &d.page.file.path,
                    format!("there is no template `{template}`"),
                )
                .at(&d.page.file.text, at..at + "template".len())
                .with_help(crate::suggest::hint(&template, &names)));
            }
            let data = page_data(d, done);
            let html = renderer.render(&template, "page", &data)?;
            Ok(OutputFile {
                rel: format!("{}index.html", d.page.path),
                data: Data::Bytes(minify(html)),
            })
        })
        .collect();
    let mut files = Vec::new();
    for r in rendered {
        match r {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }

    for source in sources.values() {
        let data = source_data(source, done, passages, config);
        match renderer.render("source.html", "source", &data) {
            Ok(html) => files.push(OutputFile {
                rel: format!("sources/{}/index.html", source.id),
                data: Data::Bytes(minify(html)),
            }),
            Err(d) => problems.push(d),
        }
    }
    match renderer.render_plain("404.html") {
        Ok(html) => files.push(OutputFile {
            rel: "404.html".to_string(),
            data: Data::Bytes(minify(html)),
        }),
        Err(d) => problems.push(d),
    }

    let mut urls: Vec<(String, Option<String>)> = done
        .iter()
        .map(|d| {
            (
                d.page.permalink.clone(),
                d.page
                    .meta
                    .updated
                    .clone()
                    .or_else(|| d.page.meta.date.clone()),
            )
        })
        .collect();
    urls.extend(
        sources
            .values()
            .map(|s| (format!("{}sources/{}/", config.base_url, s.id), None)),
    );
    urls.sort();
    let text = |rel: &str, body: String| OutputFile {
        rel: rel.to_string(),
        data: Data::Bytes(body.into_bytes()),
    };
    files.push(text("sitemap.xml", feeds::sitemap(&urls)));
    files.push(text("robots.txt", feeds::robots(config)));
    if let Some(atom) = atom {
        files.push(text("atom.xml", atom));
    }
    files.push(text("citations.json", citations(done, sources, config)));
    for (rel, file) in &theme.statics {
        let data = match file {
            theme::StaticFile::BuiltIn(bytes) => Data::Static(bytes),
            theme::StaticFile::File(path) => Data::Copy(path.clone()),
        };
        files.push(OutputFile {
            rel: rel.clone(),
            data,
        });
    }
    for asset in assets {
        files.push(OutputFile {
            rel: asset.rel.clone(),
            data: Data::Copy(asset.from.clone()),
        });
    }
    (files, problems)
}

fn page_link(page: &Page<'_>) -> PageLink {
    PageLink {
        title: page.meta.title.clone(),
        url: page.url.clone(),
        date: page.meta.date.clone(),
        description: page.meta.description.clone(),
        weight: page.meta.weight,
    }
}

fn page_data<'a>(d: &'a Done<'_>, done: &[Done<'_>]) -> PageData<'a> {
    let page = &d.page;
    let mut cited: Vec<panel::SourceRecord> = Vec::new();
    for e in &d.entries {
        if !cited.iter().any(|s| s.id == e.source.id) {
            cited.push(e.source.clone());
        }
    }
    let pages = if page.is_section {
        section_pages(page, done)
    } else {
        Vec::new()
    };
    PageData {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        date: page.meta.date.as_deref(),
        updated: page.meta.updated.as_deref(),
        url: &page.url,
        permalink: &page.permalink,
        path: &page.path,
        content: &d.body.html,
        word_count: d.body.word_count,
        reading_time: d.body.word_count.div_ceil(230).max(1),
        is_home: page.path.is_empty(),
        toc: &d.body.toc,
        jsonld: &d.jsonld,
        citations: &d.entries,
        sources: cited,
        extra: &page.meta.extra,
        pages,
    }
}

/// A section's own pages: the pages of its folder, by weight, then newest, then title.
fn section_pages(section: &Page<'_>, done: &[Done<'_>]) -> Vec<PageLink> {
    let mut pages: Vec<&Page<'_>> = done
        .iter()
        .map(|d| &d.page)
        .filter(|p| !p.is_section && p.path != section.path)
        .filter(|p| {
            let rel = &p.file.rel;
            rel.strip_prefix(&section.dir).is_some_and(|rest| {
                !rest.contains('/') || rest.split('/').nth(1) == Some("index.md")
            })
        })
        .collect();
    pages.sort_by(|a, b| {
        let weight = |p: &Page<'_>| p.meta.weight.unwrap_or(i64::MAX);
        weight(a)
            .cmp(&weight(b))
            .then_with(|| b.meta.date.cmp(&a.meta.date))
            .then_with(|| a.meta.title.cmp(&b.meta.title))
    });
    pages.into_iter().map(page_link).collect()
}

fn source_data(
    source: &Source,
    done: &[Done<'_>],
    passages: &Passages,
    config: &Config,
) -> SourceData {
    let numbers = passages.get(&source.id);
    let mut by_span: BTreeMap<(usize, usize), (Passage, Range<usize>)> = BTreeMap::new();
    for d in done {
        for e in d.entries.iter().filter(|e| e.source.id == source.id) {
            let key = (e.span.start, e.span.end);
            let number = numbers.and_then(|n| n.get(&key)).copied().unwrap_or(0);
            let exact = source.text.text().get(e.span.clone()).unwrap_or("");
            let (passage, _) = by_span.entry(key).or_insert_with(|| {
                (
                    Passage {
                        id: format!("passage-{number}"),
                        number,
                        before: e.before.clone(),
                        quote_html: panel::mark_html(exact, &e.marked),
                        after: e.after.clone(),
                        cited_by: Vec::new(),
                    },
                    e.span.clone(),
                )
            });
            let anchor = e.refs.first().map(|r| r.id.as_str()).unwrap_or("");
            let by = CitedBy {
                title: d.page.meta.title.clone(),
                url: format!("{}#{anchor}", d.page.url),
            };
            if !passage.cited_by.contains(&by) {
                passage.cited_by.push(by);
            }
        }
    }
    let full_html = (source.meta.rights == Rights::Full).then(|| full_text_html(source, &by_span));
    SourceData {
        record: source.record(),
        permalink: format!("{}sources/{}/", config.base_url, source.id),
        passages: by_span.into_values().map(|(p, _)| p).collect(),
        full_html,
    }
}

/// The whole stored text as paragraphs, each cited passage marked and anchored.
fn full_text_html(
    source: &Source,
    passages: &BTreeMap<(usize, usize), (Passage, Range<usize>)>,
) -> String {
    let text = source.text.text();
    let mut html = String::with_capacity(text.len() + 256);
    for para in source.text.paragraphs() {
        html.push_str("<p>");
        let mut at = para.start;
        for (p, span) in passages.values() {
            if span.start < at || span.end > para.end {
                continue;
            }
            html.push_str(&panel::escape(&text[at..span.start]));
            html.push_str(&format!("<mark id=\"{}\">", p.id));
            html.push_str(&panel::escape(&text[span.clone()]));
            html.push_str("</mark>");
            at = span.end;
        }
        html.push_str(&panel::escape(&text[at..para.end]));
        html.push_str("</p>\n");
    }
    html
}

fn citations(done: &[Done<'_>], sources: &BTreeMap<String, Source>, config: &Config) -> String {
    let permalinks: BTreeMap<&str, String> = sources
        .keys()
        .map(|id| (id.as_str(), format!("{}sources/{id}/", config.base_url)))
        .collect();
    let mut items = Vec::new();
    for d in done {
        for c in &d.body.citations {
            let Some(entry) = d.entries.get(c.entry).filter(|e| e.number == c.entry + 1) else {
                continue;
            };
            let Some(source) = sources.get(&c.source) else {
                continue;
            };
            items.push(Annotation {
                page_permalink: &d.page.permalink,
                page_title: &d.page.meta.title,
                anchor: &c.anchor,
                figure: &c.link_text,
                entry,
                source_text: source.text.text(),
                source_permalink: permalinks.get(c.source.as_str()).map_or("", String::as_str),
            });
        }
    }
    feeds::citations_json(&items)
}
