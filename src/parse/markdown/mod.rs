//! Parse: Markdown to HTML with pulldown-cmark, in one pass over its event stream.
//!
//! The pass does what a plain renderer cannot: it turns every link whose destination is a
//! source id into a cited figure (numbered, anchored, linked to the sources panel), gives
//! headings stable ids and a table of contents, rewrites links to pages and assets so they
//! work under any base URL, refuses unsafe links, and flags numbers that no citation backs.
//! A ```chart block becomes an SVG whose bars are citations like the links ([`crate::parse::chart`]),
//! and a link whose destination is `=` is a figure computed from citations (its formula read
//! here, computed and checked by `cite::derived`); both are numbered with the rest, so
//! the panel treats them alike.
//!
//! This file holds the pass's state and its event dispatcher; each concern is a file of its
//! own: `headings`, `citations`, `computed` (derived figures), `chart_block`, `links` (assets
//! and unsafe schemes), `figure` (a lone captioned image as a `<figure>`) and `uncited` (the
//! uncited-figure scan).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::diag::suggest;
use crate::diag::{Code, Diagnostic, LineIndex};
use crate::load::config::RawHtml;
use crate::load::images::Dimensions;
use crate::parse::chart;
use crate::parse::site_links::SiteLinks;
use crate::text::{figures, normalize};

mod chart_block;
mod citations;
mod computed;
mod figure;
mod findings;
mod headings;
mod links;
pub mod picture;
mod raw_html;
#[cfg(test)]
mod tests;
mod text_runs;
mod uncited;
mod unread;

pub(crate) use unread::written_citation;

pub use computed::Computed;

/// What the pass needs to know about the rest of the site.
pub struct Env<'a> {
    /// Every source id of the site.
    pub sources: &'a BTreeSet<String>,
    /// The page's `sources:` list.
    pub declared: &'a [String],
    /// Content-relative paths of pages (`a/b.md`) and assets (`a/photo.jpg`) to their URLs.
    pub links: &'a SiteLinks,
    /// The folder of the page, relative to `content/`, ending in `/` unless empty.
    pub page_dir: &'a str,
    /// The page's URL from the site's root, without the base path: "" or "a/b/". A relative
    /// link to no file under content/ is followed from there, as a browser does.
    pub page_path: &'a str,
    /// The site's path under its host (`/` or `/explainer/`), given to root-relative links.
    pub base_path: &'a str,
    pub raw_html: RawHtml,
    /// Draws a chart block's chart.
    pub draw_chart: chart::Draw,
    /// The size of each image of the site, by its content-relative path.
    pub images: &'a HashMap<String, Dimensions>,
    /// The site's raster images by URL, read from their headers (or why they cannot be read).
    pub rasters: &'a picture::Images,
    /// Writes a raster image's `<picture>`: render's markup, handed in so parse does not reach
    /// forward into render.
    pub picture: picture::Markup,
}

/// One place in the text that cites a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationRef {
    /// Index of the panel entry (0-based, in order of first appearance).
    pub entry: usize,
    pub source: String,
    pub quote: String,
    /// The link's text, where the figure is.
    pub link_text: String,
    /// The anchor of this place (`ref-3-1`).
    pub anchor: String,
    /// Byte range in the file of the quote: the link, or its reference definition.
    pub span: Range<usize>,
    /// Byte range in the file of the link, where the figure is.
    pub link: Range<usize>,
    /// Whether a link, a chart's bar or a derived figure cites.
    pub place: Place,
}

/// What kind of place cites a passage: the panel builds a derived figure's entry from its
/// working rather than from a quote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Place {
    /// A link of the text, or an input of a derived figure.
    #[default]
    Link,
    /// A bar or mark of a chart; `link` is its `value:` in the chart block.
    Chart,
    /// A figure computed from other citations (its formula is in `Body::computed`).
    Derived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// The rendered body and what the later stages need from it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub citations: Vec<CitationRef>,
    pub word_count: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The raster images the page shows, for the build to publish at several widths.
    pub images: Vec<picture::ImageUse>,
    /// The pages this one links to: by content-relative path (`a/b.md`) for a link to a .md
    /// file, by URL path (`/a/b/`) for a link written as one.
    pub links_to: Vec<String>,
    /// The derived figures, for the cite stage to compute and check.
    pub computed: Vec<Computed>,
}

/// Anchor ids the theme and the panel use; headings never take them.
const RESERVED_IDS: &[&str] = &["main", "content", "sources", "sources-title", "top"];

/// Renders the body of `file`, whose text is `text` with the body starting at `body_offset`.
pub fn render(file: &Path, text: &str, body_offset: usize, env: &Env<'_>) -> Body {
    let body_text = text.get(body_offset..).unwrap_or("");
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    options.remove(Options::ENABLE_SMART_PUNCTUATION);
    let mut broken = Vec::new();
    let note = unread::note_undefined(&mut broken);
    let parser = Parser::new_with_broken_link_callback(body_text, options, Some(note));
    let parser = parser.into_offset_iter();
    let definitions: HashMap<String, Definition> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let definition = Definition {
                span: def.span.clone(),
                dest: def.dest.to_string(),
                title: def.title.as_deref().unwrap_or("").to_string(),
            };
            (label.to_lowercase(), definition)
        })
        .collect();
    let events = text_runs::merge_text(parser);
    let mut pass = Pass {
        file,
        text,
        offset: body_offset,
        env,
        definitions,
        out: Vec::with_capacity(events.len()),
        body: Body::default(),
        entries: HashMap::new(),
        entry_refs: Vec::new(),
        used_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        heading: None,
        citation: None,
        image: None,
        written_image: None,
        code_depth: 0,
        chart: None,
        charts: 0,
        lines: None,
        suggested: 0,
    };
    if let Some(range) = too_deep(&events, env.raw_html) {
        pass.error(
            Code::TooDeep,
            &format!("the Markdown here nests more than {MAX_DEPTH} levels deep"),
            range,
            "flatten the nesting (quotes inside quotes, lists inside lists, raw HTML inside raw HTML): no reader can follow that many levels",
        );
        return pass.body;
    }
    if let Some(range) = unexpanded_reference(&events, body_text.len().max(100_000)) {
        pass.error(
            Code::ReferenceBudget,
            "a reference link here may be left unexpanded: this page's reference links copy more text than the Markdown parser expands in one page, so a citation would go unchecked",
            range,
            "write long quotes inline, as [figure](source \"quote\"), cite one definition fewer times, or split the page",
        );
        return pass.body;
    }
    pass.undefined_labels(broken);
    for (event, range) in events {
        pass.event(event, range);
    }
    let mut html = String::with_capacity(body_text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.out.drain(..));
    html.shrink_to_fit();
    pass.body.html = html;
    pass.body
}

struct Heading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
    range: Range<usize>,
}

struct OpenCitation {
    index: usize,
    text: String,
}

/// A reference definition (`[label]: dest "title"`): charts and derived figures cite by label.
#[derive(Debug, Clone)]
struct Definition {
    /// Body-relative.
    span: Range<usize>,
    dest: String,
    title: String,
}

/// A ```chart block being read: its YAML, and where each piece of it is in the body.
struct ChartBlock {
    yaml: String,
    /// (offset in `yaml`, offset in the body) at the start of each text event.
    segments: Vec<(usize, usize)>,
    /// The block's first line, body-relative, for problems with no better place.
    start: usize,
}

struct Pass<'a, 'e> {
    file: &'e Path,
    text: &'e str,
    offset: usize,
    env: &'e Env<'e>,
    definitions: HashMap<String, Definition>,
    out: Vec<Event<'a>>,
    body: Body,
    /// (source, normalised quote) to entry index.
    entries: HashMap<(String, String), usize>,
    /// How many places cite each entry so far.
    entry_refs: Vec<usize>,
    used_ids: HashSet<String>,
    heading: Option<Heading<'a>>,
    citation: Option<OpenCitation>,
    image: Option<figure::OpenImage<'a>>,
    written_image: Option<figure::WrittenImage>,
    code_depth: usize,
    chart: Option<ChartBlock>,
    /// Charts so far, to give each an id.
    charts: usize,
    /// The file's line starts, made at its first finding.
    lines: Option<LineIndex>,
    /// Broken links given a did-you-mean so far (see `links::SUGGESTED`).
    suggested: usize,
}

impl<'a> Pass<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.chart.is_some() {
            self.chart_event(event, range);
            return;
        }
        // Inside an image only the alt text counts; the `<img>` is written at its end.
        if self.image.is_some()
            && !matches!(
                event,
                Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
            )
        {
            match &event {
                Event::Text(text) | Event::Code(text) => self.note_text(text),
                Event::Start(Tag::Link {
                    dest_url, title, ..
                }) => self.citation_in_alt(dest_url, title, range),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(Heading {
                    level,
                    id,
                    classes,
                    events: Vec::new(),
                    text: String::new(),
                    range,
                });
            }
            Event::End(TagEnd::Heading(_)) => self.close_heading(),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.open_link(link_type, dest_url, title, id, range),
            Event::End(TagEnd::Link) if self.citation.is_some() => self.close_citation(),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => self.open_image(dest_url, title, range),
            Event::End(TagEnd::Image) => self.close_image(),
            Event::End(TagEnd::Paragraph) if self.close_figure() => {}
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("chart") =>
            {
                self.chart = Some(ChartBlock {
                    yaml: String::new(),
                    segments: Vec::new(),
                    start: range.start,
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code_depth += 1;
                self.emit(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                self.emit(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(text) => self.text_event(text, range),
            Event::Code(code) => {
                self.note_text(&code);
                self.emit(Event::Code(code));
            }
            Event::Html(_) | Event::InlineHtml(_) => self.raw_html(event, range),
            other => self.emit(other),
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(event),
            None => self.out.push(event),
        }
    }

    /// Alt text, link text and heading text all come through here.
    fn note_text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
        }
        if let Some(c) = &mut self.citation {
            c.text.push_str(text);
        }
    }

    fn text_event(&mut self, text: CowStr<'a>, range: Range<usize>) {
        self.note_text(&text);
        self.body.word_count += text.split_whitespace().count();
        let checked = self.citation.is_none() && self.code_depth == 0;
        let exact = self
            .text
            .get(self.offset + range.start..self.offset + range.end)
            == Some(&*text);
        if self.code_depth == 0 {
            unread::in_text(self, &text, exact, range.start);
        }
        let mut rest: &str = &text;
        let mut at = 0;
        while let Some((before, inner, after)) = not_figure_span(rest) {
            if checked {
                self.flag_figures(before, exact, range.start + at);
            }
            at += rest.len() - after.len();
            self.emit(Event::Text(before.to_string().into()));
            self.emit(Event::Html("<span class=\"not-figure\">".into()));
            self.emit(Event::Text(inner.to_string().into()));
            self.emit(Event::Html("</span>".into()));
            rest = after;
        }
        if rest.len() == text.len() {
            if checked {
                self.flag_figures(&text, exact, range.start);
            }
            self.emit(Event::Text(text));
        } else {
            if checked {
                self.flag_figures(rest, exact, range.start + at);
            }
            self.emit(Event::Text(rest.to_string().into()));
        }
    }
}

/// How deep blocks, inline markup and raw HTML may nest. Far beyond what a reader can follow, and
/// far below what the minifier and the browser's parser can take without running out of stack.
const MAX_DEPTH: usize = 100;

/// Where the body first nests deeper than [`MAX_DEPTH`], counting pulldown-cmark's open tags and,
/// when raw HTML is passed through, the HTML tags it holds (the minifier recurses on both).
fn too_deep(events: &[(Event<'_>, Range<usize>)], raw_html: RawHtml) -> Option<Range<usize>> {
    let mut depth: usize = 0;
    for (event, range) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) if raw_html != RawHtml::Escape => {
                let (after, peak) = html_depth(html, depth);
                if peak > MAX_DEPTH {
                    return Some(range.start..range.start + 1);
                }
                depth = after;
            }
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Some(range.start..range.start + 1);
        }
    }
    None
}

/// Where text that may be an unexpanded reference link follows the point where pulldown-cmark's
/// expansion budget (`budget` bytes of destinations and titles copied, after which it expands no
/// more reference links) ran out. Such a link stays as bracketed text, and a citation in it would
/// be published without being checked, so any bracket after that point is reported.
fn unexpanded_reference(
    events: &[(Event<'_>, Range<usize>)],
    budget: usize,
) -> Option<Range<usize>> {
    let mut used: usize = 0;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) if is_reference(*link_type) => {
                used = used.saturating_add(dest_url.len() + title.len());
            }
            Event::Text(text) if used >= budget && text.contains('[') && text.contains(']') => {
                return Some(range.clone());
            }
            _ => {}
        }
    }
    None
}

/// Whether a link's destination was copied from a reference definition.
fn is_reference(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown
            | LinkType::Shortcut
            | LinkType::ShortcutUnknown
    )
}

/// The nesting after `html` and the deepest it reached, starting at `depth`: an open tag goes one
/// deeper, a closing tag one back; void and self-closed tags, comments and declarations leave it
/// as it was.
fn html_depth(html: &str, mut depth: usize) -> (usize, usize) {
    let mut peak = depth;
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    for tag in html.split('<').skip(1) {
        if let Some(rest) = tag.strip_prefix('/') {
            if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let closed = tag.split('>').next().is_some_and(|t| t.ends_with('/'));
        if !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && !closed
            && !VOID.contains(&name.to_ascii_lowercase().as_str())
        {
            depth += 1;
            peak = peak.max(depth);
        }
    }
    (depth, peak)
}

/// Splits `text` at the first `[inner]{.not-figure}`: (before, inner, after).
fn not_figure_span(text: &str) -> Option<(&str, &str, &str)> {
    const MARK: &str = "]{.not-figure}";
    let end = text.find(MARK)?;
    let start = text[..end].rfind('[')?;
    Some((
        &text[..start],
        &text[start + 1..end],
        &text[end + MARK.len()..],
    ))
}

/// `1.` or `2)` at the start of a line: numbering, not a figure.
fn is_list_number(text: &str, range: &Range<usize>) -> bool {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..range.start].trim().is_empty() && text[range.end..].starts_with(['.', ')'])
}

/// A source id: letters, digits, `-` and `_`, nothing that makes it a URL or a path.
fn is_bare_id(dest: &str) -> bool {
    !dest.is_empty()
        && dest
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Joins a relative path to a folder, resolving `.` and `..`; None if it climbs out.
pub(crate) fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A readable, stable anchor from heading text: lowercase words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}
