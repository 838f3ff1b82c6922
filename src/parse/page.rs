//! Parse one file at a time: a source's record and text, a page's front matter and URL. Each
//! function depends only on its arguments, so a build can run them in parallel and a session
//! can keep their results until an input changes.

use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::TextFile;
use crate::load::digest::ContentDigest;
use crate::parse::byline::{self, Byline};
use crate::parse::front_matter::{self, PageMeta, SourceMeta};
use crate::parse::source::Source;
use crate::text::article::SourceText;

/// A page after its front matter is read.
#[derive(Debug, Clone)]
pub struct Page {
    pub file: Arc<TextFile>,
    pub meta: PageMeta,
    /// The byline, corrections and lead image of the record.
    pub byline: Byline,
    /// Warnings about the record (an uncited figure in a correction or a caption), reported
    /// with the page's other findings.
    pub warnings: Vec<Diagnostic>,
    pub body_offset: usize,
    /// Output path relative to the site root: "" or "a/b/".
    pub path: String,
    pub url: String,
    pub permalink: String,
    pub is_section: bool,
    /// The folder in content/ that the page is in ("a/").
    pub dir: String,
}

/// A source file as parsed: the source when its text can be cited, and the problem with its
/// record or text when there is one. A source whose record is broken is still a source, so the
/// pages citing it are checked against its text and the one finding is the record's.
pub struct ParsedSource {
    pub source: Option<Arc<Source>>,
    pub problem: Option<Diagnostic>,
}

impl ParsedSource {
    /// A source file that could not be read at all.
    pub fn unread(problem: Diagnostic) -> ParsedSource {
        ParsedSource {
            source: None,
            problem: Some(problem),
        }
    }
}

/// Parses a source file; its id is its file name.
pub fn parse_source(file: &TextFile, config: &Config) -> ParsedSource {
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
        let problem = Diagnostic::error(
            Code::SourceId,
            &file.path,
            format!("`{id}` cannot be a source id"),
        )
        .with_help(
            "name the file with letters, digits, `-` and `_` only, such as nysun-pyongyang.md",
        );
        return ParsedSource::unread(problem);
    }
    let (meta, body_offset, captions_at, problem) =
        match front_matter::split(&file.path, &file.text) {
            Ok(split) => match front_matter::source_meta(&file.path, &file.text, &split) {
                Ok(meta) => {
                    let captions_at = crate::diag::yaml::key_position(split.yaml, "captions")
                        .map(|at| split.yaml_offset + at);
                    (meta, split.body_offset, captions_at, None)
                }
                Err(d) => (
                    SourceMeta::unreadable(&id),
                    split.body_offset,
                    None,
                    Some(d),
                ),
            },
            Err(d) => {
                let body = front_matter::fallback_body_offset(&file.text);
                (SourceMeta::unreadable(&id), body, None, Some(d))
            }
        };
    if file.text[body_offset..].trim().is_empty() {
        let problem = problem.unwrap_or_else(|| {
            Diagnostic::error(Code::EmptySource, &file.path, "this source has no text")
                .at(&file.text, body_offset..body_offset)
                .with_help("paste the article's text after the front matter, exactly as published")
        });
        return ParsedSource::unread(problem);
    }
    let body_line = file.text[..body_offset].matches('\n').count() + 1;
    let captions_line = captions_at.map_or(1, |at| file.text[..at].matches('\n').count() + 1);
    let digest = ContentDigest::of(&(&file.text, config.base_path()));
    let text = SourceText::with_captions(&file.text[body_offset..], &meta.captions);
    let mut source = Source {
        digest,
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
    ParsedSource {
        source: Some(Arc::new(source)),
        problem,
    }
}

/// Parses a page's front matter and decides its URL; None for a draft when drafts are off.
pub fn parse_page(
    file: Arc<TextFile>,
    config: &Config,
    drafts: bool,
) -> Result<Option<Page>, Vec<Diagnostic>> {
    let split = front_matter::split(&file.path, &file.text).map_err(|d| vec![d])?;
    let mut meta = front_matter::page_meta(&file.path, &file.text, &split)?;
    if meta.draft && !drafts {
        return Ok(None);
    }
    let raw = byline::Raw {
        authors: &meta.authors_yaml,
        corrections: &meta.corrections_yaml,
        image: &meta.image_yaml,
    };
    let mut found = Vec::new();
    let byline = byline::read(&file.path, &file.text, &split, &raw, &mut found);
    let shown = byline::headline(
        &file.path,
        &file.text,
        &split,
        &meta.title,
        meta.description.as_deref(),
        &mut found,
    );
    meta.title = shown.title;
    meta.description = shown.description;
    let (problems, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        found.into_iter().partition(Diagnostic::is_error);
    if !problems.is_empty() {
        return Err(problems);
    }
    let body_offset = split.body_offset;
    let rel = file.rel.trim_end_matches(".md");
    let (dir, name) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    let is_section = name == "_index";
    let named_by_file = meta.slug.is_none() && !is_section && name != "index";
    if let Some(part) = dir
        .split('/')
        .filter(|part| !part.is_empty())
        .chain(named_by_file.then_some(name))
        .find(|part| front_matter::check_slug(part).is_err())
    {
        return Err(vec![unsafe_file_name(&file.path, part, part == name)]);
    }
    let path = if is_section || name == "index" {
        dir.to_string()
    } else {
        format!("{dir}{}/", meta.slug.as_deref().unwrap_or(name))
    };
    let dir = dir.to_string();
    Ok(Some(Page {
        byline,
        warnings,
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

/// A file or folder name that would make a broken URL (`a b#c?` would link to `a b` with a
/// fragment), with a safe name to rename it to.
fn unsafe_file_name(path: &std::path::Path, part: &str, is_name: bool) -> Diagnostic {
    let mut safe = String::new();
    for c in part.chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            safe.push(c);
        } else if !safe.is_empty() && !safe.ends_with('-') {
            safe.push('-');
        }
    }
    let safe = safe.trim_end_matches('-');
    let rename = if safe.is_empty() {
        "rename it with letters, digits, `-`, `_` and `.`".to_string()
    } else {
        format!("rename it `{safe}`")
    };
    Diagnostic::error(
        Code::FileName,
        path,
        format!("the name `{part}` in this page's path cannot be part of a URL as it is"),
    )
    .with_note("a space, `#`, `?`, `%`, a quote or a control character would cut its URL short or need escaping")
    .with_help(if is_name {
        format!("{rename}, or give the page a `slug:` in its front matter for its own name")
    } else {
        format!("{rename} (a folder's name is part of the URL of every page in it)")
    })
}
