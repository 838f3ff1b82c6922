//! Parse: Markdown to HTML with pulldown-cmark, in one pass over its event stream.
//!
//! The pass does what a plain renderer cannot: it turns every link whose destination is a
//! source id into a cited figure (numbered, anchored, linked to the sources panel), gives
//! headings stable ids and a table of contents, rewrites links to pages and assets so they
//! work under any base URL, refuses unsafe links, and flags numbers that no citation backs.
//! A ```chart block becomes an SVG whose bars are citations like the links ([`crate::chart`]),
//! and a link whose destination is `=` is a figure computed from citations
//! ([`crate::derived`]); both are numbered with the rest, so the panel treats them alike.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::chart;
use crate::cite::{figures, normalize};
use crate::config::RawHtml;
use crate::derived;
use crate::diagnostic::Diagnostic;
use crate::suggest;

/// What the pass needs to know about the rest of the site.
pub struct Env<'a> {
    /// Every source id of the site.
    pub sources: &'a BTreeSet<String>,
    /// The page's `sources:` list.
    pub declared: &'a [String],
    /// Content-relative paths of pages (`a/b.md`) and assets (`a/photo.jpg`) to their URLs.
    pub links: &'a HashMap<String, String>,
    /// The folder of the page, relative to `content/`, ending in `/` unless empty.
    pub page_dir: &'a str,
    pub raw_html: RawHtml,
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
    /// A figure computed from other citations: its working once checked, None if it failed
    /// (the failure is already a diagnostic).
    Derived(Option<Box<derived::Derived>>),
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
    let parser = Parser::new_ext(body_text, options).into_offset_iter();
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
    let events = merge_text(parser);
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
        code_depth: 0,
        chart: None,
        charts: 0,
    };
    for (event, range) in events {
        pass.event(event, range);
    }
    let mut html = String::with_capacity(body_text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.out.into_iter());
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
    /// For a derived figure: what its link text must match, checked when the link closes.
    derived: Option<PendingDerived>,
}

/// A derived figure whose formula is computed, waiting for its link text.
struct PendingDerived {
    formula: derived::Formula,
    outcome: derived::Outcome,
    operands: Vec<derived::Operand>,
    /// The link, body-relative, where a mismatch is reported.
    link: Range<usize>,
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
    image: Option<(Range<usize>, bool)>,
    code_depth: usize,
    chart: Option<ChartBlock>,
    /// Charts so far, to give each an id.
    charts: usize,
}

impl<'a> Pass<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.chart.is_some() {
            self.chart_event(event, range);
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
            Event::End(TagEnd::Link) if self.citation.is_some() => {
                if let Some(open) = self.citation.take() {
                    if let Some(pending) = open.derived {
                        self.check_derived(open.index, &open.text, pending);
                    }
                    if let Some(c) = self.body.citations.get_mut(open.index) {
                        c.link_text = open.text;
                    }
                }
                self.emit(Event::Html("</a>".into()));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.check_unsafe(&dest_url, &range);
                let dest = self.resolve(&dest_url, &range, true);
                self.image = Some((range, false));
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((range, false)) = self.image.take() {
                    self.error(
                        "image-alt",
                        "this image has no alt text",
                        range,
                        "describe the image between the brackets: ![North Korean soldiers in training](photo.jpg)",
                    );
                }
                self.emit(Event::End(TagEnd::Image));
            }
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
            Event::Html(html) | Event::InlineHtml(html) if self.env.raw_html == RawHtml::Escape => {
                self.emit(Event::Text(html));
            }
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
            image.1 |= !text.trim().is_empty();
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
        if self.image.is_some() {
            self.emit(Event::Text(text));
            return;
        }
        self.body.word_count += text.split_whitespace().count();
        let checked = self.citation.is_none() && self.heading.is_none() && self.code_depth == 0;
        let exact = self
            .text
            .get(self.offset + range.start..self.offset + range.end)
            == Some(&*text);
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

    /// Warns about numbers in prose that no citation backs.
    fn flag_figures(&mut self, text: &str, exact: bool, start: usize) {
        self.flag_figures_except(text, exact, start, &[]);
    }

    /// The same, but a figure whose value is one of `backed` is cited elsewhere (a chart's
    /// title may restate its own values).
    fn flag_figures_except(
        &mut self,
        text: &str,
        exact: bool,
        start: usize,
        backed: &[figures::Value],
    ) {
        for figure in figures::extract(text) {
            let backed_range = match &figure.value {
                figures::Value::Range(low, high) => [low, high]
                    .iter()
                    .all(|end| backed.contains(&figures::Value::One((*end).clone()))),
                figures::Value::One(_) => false,
            };
            if figure.kind != figures::FigureKind::Quantity
                || is_list_number(text, &figure.range)
                || backed.contains(&figure.value)
                || backed_range
            {
                continue;
            }
            let range = if exact {
                start + figure.range.start..start + figure.range.end
            } else {
                start..start + 1
            };
            let at = self.offset + range.start..self.offset + range.end;
            self.body.diagnostics.push(
                Diagnostic::warning(
                    "uncited-figure",
                    self.file,
                    format!("the figure {} is not cited", figure.text),
                )
                .at(self.text, at)
                .with_help(
                    "link it to the passage it comes from: [figure](source-id \"exact quote\"), \
                         or mark it as not a figure: [figure]{.not-figure}",
                ),
            );
        }
    }

    fn close_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let title = h.text.trim().to_string();
        let id = match &h.id {
            Some(id) => {
                let taken = self.used_ids.contains(id.as_ref())
                    || ["cite-", "ref-", "passage-"]
                        .iter()
                        .any(|p| id.starts_with(p));
                if taken {
                    self.error(
                        "heading-id",
                        &format!("the heading id `{id}` is already taken"),
                        h.range.clone(),
                        "choose another {#id}: ids starting with cite-, ref- or passage-, the ids \
                         main, content, sources, sources-title and top, and other headings' ids are taken",
                    );
                }
                id.to_string()
            }
            None => self.unique_id(&slugify(&title)),
        };
        self.used_ids.insert(id.clone());
        let level = h.level as u8;
        self.out.push(Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.clone().into()),
            classes: h.classes,
            attrs: Vec::new(),
        }));
        self.out.extend(h.events);
        self.out.push(Event::End(TagEnd::Heading(h.level)));
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        match level {
            2 => self.body.toc.push(entry),
            3 => match self.body.toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => self.body.toc.push(entry),
            },
            _ => {}
        }
    }

    fn unique_id(&self, base: &str) -> String {
        let base = if base.starts_with("cite-")
            || base.starts_with("ref-")
            || base.starts_with("passage-")
        {
            format!("h-{base}")
        } else {
            base.to_string()
        };
        if !self.used_ids.contains(&base) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.used_ids.contains(id))
            .unwrap_or(base)
    }

    fn open_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        if &*dest == "=" {
            self.open_derived(link_type, &title, &id, range);
            return;
        }
        let is_source = self.env.sources.contains(&*dest);
        if is_bare_id(&dest) && (is_source || !title.is_empty()) {
            self.open_citation(link_type, &dest, &title, &id, range);
            return;
        }
        self.check_unsafe(&dest, &range);
        let dest = self.resolve(&dest, &range, false);
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url: dest,
            title,
            id,
        }));
    }

    fn open_citation(
        &mut self,
        link_type: LinkType,
        dest: &str,
        title: &str,
        id: &str,
        range: Range<usize>,
    ) {
        let span = self.quote_span(link_type, id, &range);
        let (entry, anchor, index) = self.register(dest, title, span, range, None, Place::Link);
        self.open_cite_link("cite", entry, &anchor);
        self.citation = Some(OpenCitation {
            index,
            text: String::new(),
            derived: None,
        });
    }

    /// Where a link's quote is written: the link itself, or its reference definition.
    fn quote_span(&self, link_type: LinkType, id: &str, range: &Range<usize>) -> Range<usize> {
        let reference = matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        );
        match self.definitions.get(&id.to_lowercase()) {
            Some(def) if reference => def.span.clone(),
            _ => range.clone(),
        }
    }

    fn open_cite_link(&mut self, class: &str, entry: usize, anchor: &str) {
        let mut html = String::with_capacity(128);
        let _ = write!(
            html,
            "<a class=\"{class}\" id=\"{anchor}\" href=\"#cite-{}\" role=\"doc-noteref\" aria-describedby=\"sources-title\">",
            entry + 1
        );
        self.emit(Event::Html(html.into()));
    }

    /// Records one citing place: checks its source and quote, numbers its panel entry
    /// (entries are keyed by source and quote, so places quoting the same words share one) and
    /// gives it an anchor, unless `anchor` names an element that already has one. `span` (the
    /// quote) and `link` (the figure) are body-relative. Returns (entry, anchor, index).
    fn register(
        &mut self,
        dest: &str,
        title: &str,
        span: Range<usize>,
        link: Range<usize>,
        anchor: Option<String>,
        place: Place,
    ) -> (usize, String, usize) {
        let derived = matches!(place, Place::Derived(_));
        if derived {
            // A derived figure cites no source; its inputs do.
        } else if !self.env.sources.contains(dest) {
            let help =
                match suggest::did_you_mean(dest, self.env.sources.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if self.env.sources.is_empty() => {
                        "add the article to content/sources/ as <id>.md, with its text".to_string()
                    }
                    None => format!(
                        "the sources are: {}",
                        self.env
                            .sources
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
            self.error(
                "unknown-source",
                &format!("there is no source `{dest}`"),
                span.clone(),
                &help,
            );
        } else if !self.env.declared.iter().any(|d| d == dest) {
            self.error(
                "undeclared-source",
                &format!("the source `{dest}` is cited but not listed in this page's `sources:`"),
                span.clone(),
                &format!("add it to the front matter: sources: [{dest}]"),
            );
        }
        if title.trim().is_empty() && !derived {
            self.error(
                "empty-quote",
                "this citation has no quote",
                span.clone(),
                "put the exact words of the source in the link's title: [figure](source-id \"exact words\")",
            );
        }
        let key = (dest.to_string(), normalize::normalize(title).text);
        let next = self.entries.len();
        let entry = *self.entries.entry(key).or_insert(next);
        if entry == next {
            self.entry_refs.push(0);
        }
        let anchor = match anchor {
            Some(anchor) => anchor,
            None => {
                let count = self.entry_refs.get_mut(entry).map(|n| {
                    *n += 1;
                    *n
                });
                format!("ref-{}-{}", entry + 1, count.unwrap_or(1))
            }
        };
        let index = self.body.citations.len();
        self.body.citations.push(CitationRef {
            entry,
            source: dest.to_string(),
            quote: title.to_string(),
            link_text: String::new(),
            anchor: anchor.clone(),
            span: self.offset + span.start..self.offset + span.end,
            link: self.offset + link.start..self.offset + link.end,
            place,
        });
        (entry, anchor, index)
    }

    /// A link whose destination is `=`: a figure computed by the formula in its title from
    /// citations of the page. Its inputs are registered first, so that their entries come
    /// before the working that uses them, and each input's entry links back to this figure.
    fn open_derived(&mut self, link_type: LinkType, title: &str, id: &str, range: Range<usize>) {
        let span = self.quote_span(link_type, id, &range);
        let mut inputs: Vec<usize> = Vec::new();
        let prepared = self.prepare_derived(title, &span, &mut inputs);
        let (entry, anchor, index) =
            self.register("=", title, span, range.clone(), None, Place::Derived(None));
        for i in inputs {
            if let Some(c) = self.body.citations.get_mut(i) {
                c.anchor = anchor.clone();
            }
        }
        self.open_cite_link("cite derived", entry, &anchor);
        self.citation = Some(OpenCitation {
            index,
            text: String::new(),
            derived: prepared.map(|(formula, outcome, operands)| PendingDerived {
                formula,
                outcome,
                operands,
                link: range,
            }),
        });
    }

    /// Parses a derived figure's formula, resolves each label to a citation of the page and
    /// computes the result. Each problem is reported; None if there was any.
    fn prepare_derived(
        &mut self,
        title: &str,
        span: &Range<usize>,
        inputs: &mut Vec<usize>,
    ) -> Option<(derived::Formula, derived::Outcome, Vec<derived::Operand>)> {
        let formula = match derived::parse(title) {
            Ok(f) => f,
            Err(e) => {
                let at = self.in_title(span, title, &e.at);
                self.error(
                    "derived-formula",
                    &e.message,
                    at,
                    "write the formula over reference labels of citations: [about $22 million](= \"troops * pay\")",
                );
                return None;
            }
        };
        let mut operands = Vec::new();
        let mut ok = true;
        for input in &formula.inputs {
            let at = self.in_title(span, title, &input.at);
            let def = self.definitions.get(&input.label.to_lowercase()).cloned();
            let def = match def {
                Some(def) if self.is_citation(&def) => def,
                Some(def) => {
                    ok = false;
                    self.error(
                        "derived-input",
                        &format!(
                            "`{}` is not a citation: it links to `{}`",
                            input.label, def.dest
                        ),
                        at,
                        "every input of a derived figure must be cited: define it as [label]: source-id \"exact quote\"",
                    );
                    continue;
                }
                None => {
                    ok = false;
                    let help = self.label_help(&input.label);
                    self.error(
                        "derived-input",
                        &format!(
                            "`{}` is not a citation of this page: every input must be cited",
                            input.label
                        ),
                        at,
                        &help,
                    );
                    continue;
                }
            };
            let fig = match derived::pick_figure(&input.label, input.pick, &def.title) {
                Ok(fig) => fig,
                Err(message) => {
                    ok = false;
                    self.error(
                        "derived-input",
                        &message,
                        at,
                        "an input is one figure of its quote: `label` for its only figure, `label[2]` for the second",
                    );
                    continue;
                }
            };
            let (entry, _, index) = self.register(
                &def.dest,
                &def.title,
                def.span.clone(),
                def.span.clone(),
                Some(String::new()),
                Place::Link,
            );
            if let Some(c) = self.body.citations.get_mut(index) {
                c.link_text = fig.text.clone();
            }
            inputs.push(index);
            match derived::operand(&input.label, &fig, entry) {
                Ok(op) => operands.push(op),
                Err(message) => {
                    ok = false;
                    self.error("derived-input", &message, at, "cite a smaller figure");
                }
            }
        }
        if !ok {
            return None;
        }
        match derived::evaluate(&formula, &operands) {
            Ok(outcome) => Some((formula, outcome, operands)),
            Err(message) => {
                let at = self.in_title(span, title, &(0..title.len()));
                self.error(
                    "derived-arithmetic",
                    &message,
                    at,
                    "check the formula: amounts in different currencies do not add up",
                );
                None
            }
        }
    }

    /// Compares a derived figure's link text with its working, once the link is closed.
    fn check_derived(&mut self, index: usize, link_text: &str, pending: PendingDerived) {
        match derived::check(
            link_text,
            &pending.formula,
            pending.outcome,
            pending.operands,
        ) {
            Ok(d) => {
                if let Some(c) = self.body.citations.get_mut(index) {
                    c.place = Place::Derived(Some(Box::new(d)));
                }
            }
            Err(message) => {
                let help = if pending.formula.step.is_some() {
                    "correct the figure, or the rounding step after `~`"
                } else {
                    "correct the figure, or state how it is rounded at the end of the formula: \"troops * pay ~ 1 million\""
                };
                self.error("derived-mismatch", &message, pending.link, help);
            }
        }
    }

    /// The body range of `at`, a range of `title`, found in the page where `span` wrote it.
    fn in_title(&self, span: &Range<usize>, title: &str, at: &Range<usize>) -> Range<usize> {
        let written = self
            .text
            .get(self.offset + span.start..self.offset + span.end)
            .unwrap_or("");
        match written.rfind(title) {
            Some(i) if !title.is_empty() => span.start + i + at.start..span.start + i + at.end,
            _ => span.clone(),
        }
    }

    /// A reference definition cites when it names a source id, as a link would.
    fn is_citation(&self, def: &Definition) -> bool {
        is_bare_id(&def.dest) && (self.env.sources.contains(&def.dest) || !def.title.is_empty())
    }

    /// Help for a label that is not defined: the nearest defined citation, or how to define it.
    fn label_help(&self, label: &str) -> String {
        let cited: Vec<&str> = self
            .definitions
            .iter()
            .filter(|(_, d)| self.is_citation(d))
            .map(|(k, _)| k.as_str())
            .collect();
        match suggest::did_you_mean(&label.to_lowercase(), cited.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "define it below the text: [{label}]: source-id \"exact quote with the figure\""
            ),
        }
    }

    /// Inside a ```chart block: gather its text, and draw it at its end.
    fn chart_event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Text(text) => {
                if let Some(block) = &mut self.chart {
                    let body = self.text.get(self.offset..).unwrap_or("");
                    // Text of an indented block may lose its indentation: it ends where its
                    // range ends.
                    let start = if body.get(range.clone()) == Some(&*text) {
                        range.start
                    } else {
                        range.end.saturating_sub(text.len()).max(range.start)
                    };
                    block.segments.push((block.yaml.len(), start));
                    block.yaml.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.close_chart(),
            _ => {}
        }
    }

    fn close_chart(&mut self) {
        let Some(block) = self.chart.take() else {
            return;
        };
        let to_body = |at: usize| {
            block
                .segments
                .iter()
                .rev()
                .find(|(y, _)| *y <= at)
                .map_or(block.start, |(y, b)| b + (at - y))
        };
        let map = |r: &Range<usize>| {
            let start = to_body(r.start);
            start..start + r.len()
        };
        let chart = match chart::parse(&block.yaml) {
            Ok(chart) => chart,
            Err(problems) => {
                for p in problems {
                    self.error(p.code, &p.message, map(&p.at), &p.help);
                }
                return;
            }
        };
        // Titles and labels are text the reader sees: a number there is a claim like any
        // other, unless it restates one of the chart's own (cited) values.
        let mut backed = Vec::new();
        for item in &chart.items {
            if let figures::Value::Range(low, high) = &item.figure.value {
                backed.push(figures::Value::One(low.clone()));
                backed.push(figures::Value::One(high.clone()));
            }
            backed.push(item.figure.value.clone());
        }
        for (text, at) in &chart.texts {
            let written = block.yaml.get(at.clone()).unwrap_or("");
            let unquoted = written
                .get(1..written.len().saturating_sub(1))
                .filter(|_| written.starts_with(['"', '\'']));
            let (exact, start) = if written == text {
                (true, at.start)
            } else if unquoted == Some(text.as_str()) {
                (true, at.start + 1)
            } else {
                (false, at.start)
            };
            self.flag_figures_except(text, exact, to_body(start), &backed);
        }
        let mut marks = Vec::with_capacity(chart.items.len());
        for item in &chart.items {
            let value = map(&item.at.value("value"));
            let cited = match &item.citation {
                chart::Citation::Ref(label) => {
                    let def = self.definitions.get(&label.to_lowercase()).cloned();
                    let at = map(&item.at.value("cite"));
                    match def {
                        Some(def) if self.is_citation(&def) => {
                            Some((def.dest, def.title, def.span))
                        }
                        Some(def) => {
                            self.error(
                                "chart-cite",
                                &format!("`{label}` is not a citation: it links to `{}`", def.dest),
                                at,
                                "define it as a citation: [label]: source-id \"exact quote\"",
                            );
                            None
                        }
                        None => {
                            let help = self.label_help(label);
                            self.error(
                                "chart-cite",
                                &format!("there is no reference `[{label}]` on this page"),
                                at,
                                &help,
                            );
                            None
                        }
                    }
                }
                chart::Citation::Quote { source, quote } => {
                    Some((source.clone(), quote.clone(), map(&item.at.value("quote"))))
                }
            };
            if let Some((dest, quote, span)) = cited {
                let (entry, anchor, index) =
                    self.register(&dest, &quote, span, value, None, Place::Chart);
                if let Some(c) = self.body.citations.get_mut(index) {
                    c.link_text = item.value.clone();
                }
                marks.push(chart::Mark {
                    number: entry + 1,
                    anchor,
                });
            }
        }
        if marks.len() == chart.items.len() {
            self.charts += 1;
            let id = self.unique_id(&format!("chart-{}", self.charts));
            for suffix in ["", "-title", "-desc"] {
                self.used_ids.insert(format!("{id}{suffix}"));
            }
            let html = chart::render(&chart, &id, &marks);
            self.emit(Event::Html(html.into()));
        }
    }

    fn check_unsafe(&mut self, dest: &str, range: &Range<usize>) {
        let scheme = dest.trim_start().to_ascii_lowercase();
        if ["javascript:", "vbscript:", "data:"]
            .iter()
            .any(|s| scheme.starts_with(s))
        {
            self.error(
                "unsafe-link",
                &format!(
                    "links to `{}` are refused",
                    scheme.split(':').next().unwrap_or("")
                ),
                range.clone(),
                "link to an http(s) address, a page or a file of the site",
            );
        }
    }

    /// Rewrites a relative link to a page (`other.md`) or an asset so it works from the
    /// page's pretty URL and under any base URL.
    fn resolve(&mut self, dest: &CowStr<'a>, range: &Range<usize>, image: bool) -> CowStr<'a> {
        if dest.is_empty() || dest.starts_with(['/', '#', '?']) || dest.contains(':') {
            return dest.clone();
        }
        let (path, fragment) = match dest.find('#') {
            Some(i) => (&dest[..i], &dest[i..]),
            None => (&dest[..], ""),
        };
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let Some(resolved) = join(self.env.page_dir, &decoded) else {
            return dest.clone();
        };
        if let Some(url) = self.env.links.get(&resolved) {
            return format!("{url}{fragment}").into();
        }
        if resolved.ends_with(".md") {
            let pages: Vec<&str> = self
                .env
                .links
                .keys()
                .filter(|k| k.ends_with(".md"))
                .map(String::as_str)
                .collect();
            let help = match suggest::did_you_mean(&resolved, pages.iter().copied()) {
                Some(s) => {
                    format!("did you mean `{s}`? (paths are relative to this page's folder)")
                }
                None => {
                    "link to a .md file under content/, relative to this page's folder".to_string()
                }
            };
            self.error(
                "broken-link",
                &format!("there is no page `{resolved}`"),
                range.clone(),
                &help,
            );
        } else if image {
            self.error(
                "broken-link",
                &format!("there is no file `{resolved}` under content/"),
                range.clone(),
                "put the image under content/, and link to it relative to this page's folder",
            );
        }
        dest.clone()
    }

    fn error(&mut self, code: &'static str, message: &str, range: Range<usize>, help: &str) {
        let at = self.offset + range.start..self.offset + range.end;
        self.body.diagnostics.push(
            Diagnostic::error(code, self.file, message)
                .at(self.text, at)
                .with_help(help),
        );
    }
}

/// pulldown-cmark splits text at brackets and entities; joining it back lets a figure or a
/// `[..]{.not-figure}` span be seen whole.
fn merge_text<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut merged: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) =
            (&event, merged.last_mut())
            && prev_range.end == range.start
        {
            let mut joined = prev.to_string();
            joined.push_str(next);
            *prev = joined.into();
            prev_range.end = range.end;
            continue;
        }
        merged.push((event, range));
    }
    merged
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
fn join(dir: &str, path: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with<'a>(
        sources: &'a BTreeSet<String>,
        declared: &'a [String],
        links: &'a HashMap<String, String>,
    ) -> Env<'a> {
        Env {
            sources,
            declared,
            links,
            page_dir: "",
            raw_html: RawHtml::Escape,
        }
    }

    fn run(body: &str) -> Body {
        let sources: BTreeSet<String> = ["nysun".to_string()].into();
        let declared = vec!["nysun".to_string()];
        let links: HashMap<String, String> = [
            ("about.md".to_string(), "/x/about/".to_string()),
            ("img/a.png".to_string(), "/x/img/a.png".to_string()),
        ]
        .into();
        let text = format!("---\ntitle: T\n---\n{body}");
        render(
            Path::new("content/index.md"),
            &text,
            16,
            &env_with(&sources, &declared, &links),
        )
    }

    #[test]
    fn headings_get_unique_readable_ids_and_a_toc() {
        let b = run("## What is happening?\n\n### Who\n\n## What is happening?\n\n## Sources\n");
        assert!(
            b.html.contains("<h2 id=\"what-is-happening\">"),
            "{}",
            b.html
        );
        assert!(
            b.html.contains("<h2 id=\"what-is-happening-1\">"),
            "{}",
            b.html
        );
        assert!(b.html.contains("<h2 id=\"sources-1\">"), "{}", b.html);
        assert_eq!(b.toc.len(), 3);
        assert_eq!(b.toc[0].children[0].id, "who");
    }

    #[test]
    fn a_citation_link_becomes_a_numbered_figure() {
        let b = run(
            "About [11,000 troops][k] went, [11,000][k] again, then [a claim](nysun \"other words\").\n\n[k]: nysun \"around 11,000 troops\"\n",
        );
        assert_eq!(b.citations.len(), 3);
        assert_eq!(
            (
                b.citations[0].entry,
                b.citations[1].entry,
                b.citations[2].entry
            ),
            (0, 0, 1)
        );
        assert_eq!(b.citations[1].anchor, "ref-1-2");
        assert_eq!(b.citations[0].link_text, "11,000 troops");
        assert!(b.html.contains("<a class=\"cite\" id=\"ref-1-1\" href=\"#cite-1\" role=\"doc-noteref\" aria-describedby=\"sources-title\">11,000 troops</a>"), "{}", b.html);
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
    }

    #[test]
    fn a_reference_citation_points_at_its_definition() {
        let b = run("See [x][k].\n\n[k]: nysun \"\"\n");
        let d = &b.diagnostics[0];
        assert_eq!(d.message, "this citation has no quote");
        assert_eq!((d.line, d.column), (6, 1));
    }

    #[test]
    fn unknown_and_undeclared_sources_are_errors_with_hints() {
        let b = run("See [1](nysum \"q\").\n");
        assert_eq!(b.diagnostics[0].message, "there is no source `nysum`");
        assert_eq!(
            b.diagnostics[0].help.as_deref(),
            Some("did you mean `nysun`?")
        );
        let sources: BTreeSet<String> = ["nysun".to_string()].into();
        let links = HashMap::new();
        let text = "---\ntitle: T\n---\n[x](nysun \"q\")";
        let b = render(
            Path::new("a.md"),
            text,
            16,
            &env_with(&sources, &[], &links),
        );
        assert!(
            b.diagnostics[0]
                .message
                .contains("not listed in this page's `sources:`")
        );
    }

    #[test]
    fn uncited_numbers_warn_but_years_lists_and_marked_numbers_do_not() {
        let b = run(
            "In 2024, 1,200 troops left.\n\n1. first\n\nA [2]{.not-figure} sided coin. `42` is code.\n\n## 3 questions\n",
        );
        let messages: Vec<&str> = b.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["the figure 1,200 is not cited"]);
        assert_eq!((b.diagnostics[0].line, b.diagnostics[0].column), (4, 10));
        assert!(
            b.html.contains("<span class=\"not-figure\">2</span> sided"),
            "{}",
            b.html
        );
    }

    #[test]
    fn unsafe_links_are_refused_and_images_need_alt_text() {
        let b = run("[x](javascript:alert(1)) ![](img/a.png) ![ok](data:image/png;base64,AA)\n");
        let messages: Vec<&str> = b.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"links to `javascript` are refused"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"links to `data` are refused"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"this image has no alt text"),
            "{messages:?}"
        );
    }

    #[test]
    fn links_to_pages_and_assets_follow_the_base_url() {
        let b = run("[About](about.md#top) ![A map](img/a.png) [Missing](abut.md)\n");
        assert!(b.html.contains("href=\"/x/about/#top\""), "{}", b.html);
        assert!(b.html.contains("src=\"/x/img/a.png\""), "{}", b.html);
        assert_eq!(b.diagnostics[0].message, "there is no page `abut.md`");
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let b = run("<script>alert(1)</script>\n\nHi <b>x</b>\n");
        assert!(!b.html.contains("<script>"), "{}", b.html);
        assert!(b.html.contains("&lt;b&gt;"), "{}", b.html);
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slugify("What does Kim Jong-un get?"),
            "what-does-kim-jong-un-get"
        );
        assert_eq!(slugify("?!"), "section");
    }
}
