//! Parse and cite, one file at a time: a source's record and text, a page's front matter, its
//! Markdown and its checked sources panel. Each function depends only on its arguments, so a
//! build can run them in parallel and a session can keep their results until an input changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::cite::source::SourceText;
use crate::config::Config;
use crate::content::TextFile;
use crate::diagnostic::Diagnostic;
use crate::front_matter::{self, PageMeta};
use crate::markdown::{self, Body};
use crate::panel::{self, Entry, Source};
use crate::suggest;

/// A page after its front matter is read.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: Arc<TextFile>,
    pub meta: PageMeta,
    pub body_offset: usize,
    /// Output path relative to the site root: "" or "a/b/".
    pub path: String,
    pub url: String,
    pub permalink: String,
    pub is_section: bool,
    /// The folder in content/ that the page is in ("a/").
    pub dir: String,
}

/// A page after Markdown and citations.
#[derive(Debug, Clone)]
pub struct Cited {
    pub body: Body,
    pub entries: Vec<Entry>,
    /// A digest of what other pages and files see of this page's citations (title, URL, each
    /// citation and panel entry, but not where in the text they are): an edit of the prose
    /// alone leaves it as it was, so the source pages and citations.json need no new render.
    pub print: u64,
}

/// Parses a source file; its id is its file name.
pub fn parse_source(file: &TextFile, config: &Config) -> Result<Source, Diagnostic> {
    let id = file
        .rel
        .trim_start_matches("sources/")
        .trim_end_matches(".md")
        .to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
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
    let captions_line = crate::yaml::key_position(split.yaml, "captions").map_or(1, |at| {
        file.text[..split.yaml_offset + at].matches('\n').count() + 1
    });
    let text = SourceText::with_captions(split.body, &meta.captions);
    let mut source = Source {
        url: format!("{}sources/{id}/", config.base_path()),
        id,
        file: file.path.clone(),
        meta,
        text,
        body_line,
        captions_line,
        record: Default::default(),
        memo: Default::default(),
    };
    source.record = Arc::new(source.make_record());
    Ok(source)
}

/// Parses a page's front matter and decides its URL; None for a draft when drafts are off.
pub fn parse_page(
    file: Arc<TextFile>,
    config: &Config,
    drafts: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let split = front_matter::split(&file.path, &file.text).map_err(|d| vec![d])?;
    let meta = front_matter::page_meta(&file.path, &file.text, &split)?;
    if meta.draft && !drafts {
        return Ok(None);
    }
    let body_offset = split.body_offset;
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
    let dir = dir.to_string();
    Ok(Some(Page {
        url: format!("{}{path}", config.base_path()),
        permalink: format!("{}{path}", config.base_url),
        file,
        meta,
        body_offset,
        path,
        is_section,
        dir,
    }))
}

/// Files the build writes itself; content may not take their place.
pub const GENERATED: &[&str] = &[
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
    "citations.json",
];

/// Two files of the project that would write the same output file (a page and another page, a
/// source's page, an asset or a generated file): an error on each, naming the others.
pub fn collisions<'a>(
    outputs: impl Iterator<Item = (String, &'a std::path::Path)>,
) -> Vec<Diagnostic> {
    let mut by_path: BTreeMap<String, Vec<&std::path::Path>> = BTreeMap::new();
    for (rel, file) in outputs {
        by_path.entry(rel).or_default().push(file);
    }
    let mut found = Vec::new();
    for (rel, files) in &by_path {
        let generated = GENERATED.contains(&rel.as_str());
        if files.len() < 2 && !generated {
            continue;
        }
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        for file in files {
            let d = if generated {
                Diagnostic::error(
                    "duplicate-path",
                    *file,
                    format!("this would replace /{rel}, which the build writes itself"),
                )
                .with_help("rename the file, or give the page another `slug:`")
            } else {
                Diagnostic::error(
                    "duplicate-path",
                    *file,
                    format!("more than one file would be written to /{rel}"),
                )
                .with_note(format!("these files: {}", names.join(", ")))
                .with_help("rename one of the files, or give it another `slug:`")
            };
            found.push(d);
        }
    }
    found
}

/// Renders a page's Markdown and checks its citations.
pub fn cite(
    page: &Page,
    config: &Config,
    sources: &BTreeMap<String, Arc<Source>>,
    source_ids: &BTreeSet<String>,
    links: &HashMap<String, String>,
) -> (Cited, Vec<Diagnostic>) {
    let file = &page.file.path;
    let text = &page.file.text;
    let mut found = Vec::new();
    for declared in &page.meta.sources {
        if !source_ids.contains(declared) {
            let at = crate::yaml::key_position(text, "sources").unwrap_or(0);
            let help = suggest::did_you_mean(declared, source_ids.iter().map(String::as_str))
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
        page_dir: &page.dir,
        raw_html: config.markdown.raw_html,
    };
    let mut body = markdown::render(file, text, page.body_offset, &env);
    found.append(&mut body.diagnostics);
    body.citations.shrink_to_fit();
    body.toc.shrink_to_fit();
    let mut panel = panel::build(file, text, &body.citations, sources);
    found.extend(panel.diagnostics);
    panel.entries.shrink_to_fit();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&page.meta.title, &page.url, &page.permalink).hash(&mut hasher);
    for c in &body.citations {
        (c.entry, &c.source, &c.quote, &c.link_text, &c.anchor).hash(&mut hasher);
    }
    format!("{:?}", panel.entries).hash(&mut hasher);
    let print = hasher.finish();
    (
        Cited {
            body,
            entries: panel.entries,
            print,
        },
        found,
    )
}
