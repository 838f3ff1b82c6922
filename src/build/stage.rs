//! One rendering pass over the whole site: every output file, each made again only when its
//! key changed.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble::{self, Checked, Outline, Passages};
use crate::cite::page::Cited;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::Found;
use crate::load::digest::ContentDigest;
use crate::load::theme::Theme;
use crate::output::{self, Data, Staging};
use crate::parse::page::Page;
use crate::parse::source::Source;
use crate::render::feeds;
use crate::render::{Renderer, SiteData};

use super::hash_of;
use super::media::Generated;
use super::session::recite::Recite;

mod site_files;

/// `citations.json` as a session keeps it in memory: its key, and its bytes when they were made
/// again (None when the copy kept from the last build still holds).
pub(crate) struct CitationsJson {
    pub(crate) key: ContentDigest,
    pub(crate) made: Option<Result<Vec<u8>, Diagnostic>>,
}

/// Where rendered files go.
pub(crate) enum Sink {
    /// Kept by the session (serve).
    Memory,
    /// Written into the staging folder (build).
    Staging(Staging),
    /// Dropped (check).
    Discard,
}

/// One rendering pass over the whole site.
pub(crate) struct Stage<'a> {
    /// Images at each width and share cards, made before the pass.
    pub(crate) generated: &'a [Generated],
    /// Files under content/ copied as they are.
    pub(crate) assets: &'a [&'a Found],
    pub(crate) config: &'a Config,
    pub(crate) checked: &'a [CheckedPage<'a>],
    pub(crate) sources: &'a BTreeMap<String, Arc<Source>>,
    pub(crate) sink: &'a Sink,
    /// How a page whose body and panel the session did not keep is cited again.
    pub(crate) recite: Option<Recite<'a>>,
}

/// A live page as the rendering pass takes it.
pub(crate) struct CheckedPage<'a> {
    pub(crate) checked: Checked<'a>,
    /// Its body and panel, when the session kept them (None: cited again from its file).
    pub(crate) cited: Option<&'a Cited>,
    /// The SHA-256 of the text it was checked from.
    pub(crate) digest: &'a [u8; 32],
    /// The version of its citing, bumped whenever it was cited again.
    pub(crate) version: u64,
    /// Its key in the last pass that made it, kept by a session.
    pub(crate) last: Option<PageKey>,
}

/// A page's key with what it was made from. While the page is not cited again and the site's
/// and the passages' keys stay the same, its key is the same: a session keeps it, so a save
/// does not make again the key of every page of the site (a SHA-256 of its passages' numbers,
/// each looked up) to find the one page that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageKey {
    pub(crate) version: u64,
    pub(crate) site: ContentDigest,
    pub(crate) passages: ContentDigest,
    pub(crate) key: ContentDigest,
}

/// The site's passages numbered, and their digest, which the keys of the pages that link to
/// one are made from.
pub(crate) struct Numbered {
    pub(crate) passages: Passages,
    pub(crate) key: ContentDigest,
}

/// For each source, a digest of the prints of the pages citing it (a source's page is made
/// again when it changes), and a digest of every page's print (`citations.json`'s).
pub(crate) struct Prints {
    pub(crate) by_source: rustc_hash::FxHashMap<String, ContentDigest>,
    pub(crate) all: ContentDigest,
}

/// What a rendering pass takes from every page, which a session keeps from one build to the
/// next while no page's part of it changed.
pub(crate) struct Across {
    pub(crate) numbered: Arc<Numbered>,
    /// A digest of what lists of pages show of every page, in the site's order.
    pub(crate) listing: ContentDigest,
    pub(crate) prints: Arc<Prints>,
}

impl Numbered {
    pub(crate) fn of(checked: &[Checked<'_>]) -> Numbered {
        let passages = assemble::number_passages(checked);
        Numbered {
            key: hash_of(&passages),
            passages,
        }
    }
}

/// One page rendered, and its Web Annotations when the pass streams `citations.json`.
struct PageMade {
    rendered: Rendered,
    annotations: Option<Result<String, Diagnostic>>,
    /// Its key, when it was made again rather than kept from the last pass.
    key: Option<PageKey>,
}

/// One output file of a rendering pass, made again or kept from the last pass.
pub(crate) struct MadeFile {
    /// What the file was made from: the session makes it again when this changes.
    pub(crate) key: ContentDigest,
    /// Whether this pass made it again (counted in the summary).
    pub(crate) fresh: bool,
    /// Its data when the session keeps it (None when it was written to disk, or when the
    /// session's old copy still holds).
    pub(crate) data: Option<Data>,
}

/// One output file of a parallel part of the pass, with the path it is written to.
struct RenderedFile {
    rel: String,
    file: MadeFile,
}

/// One output file, or why it could not be made.
type Rendered = Result<RenderedFile, Diagnostic>;

/// Each output file of a rendering pass by its path under the output folder.
pub(crate) type Made = BTreeMap<String, MadeFile>;

/// What a rendering pass made, and what it could not make.
pub(crate) struct RenderedSite {
    pub(crate) made: Made,
    pub(crate) problems: Vec<Diagnostic>,
    /// The pages' keys made again in this pass, by the page's place in [`Stage::checked`], for
    /// the session to keep.
    pub(crate) page_keys: Vec<(usize, PageKey)>,
}

impl RenderedFile {
    fn kept(rel: String, key: ContentDigest) -> Self {
        let file = MadeFile {
            key,
            fresh: false,
            data: None,
        };
        RenderedFile { rel, file }
    }

    fn fresh(rel: String, key: ContentDigest, data: Option<Data>) -> Self {
        let file = MadeFile {
            key,
            fresh: true,
            data,
        };
        RenderedFile { rel, file }
    }
}

impl Stage<'_> {
    /// Renders every output of the site: one method per kind of output, in a fixed order.
    pub(crate) fn render_all(
        &self,
        renderer: &mut Renderer,
        theme: &Theme,
        previous: &BTreeMap<String, (ContentDigest, Data)>,
        theme_key: ContentDigest,
        citations_json: Option<CitationsJson>,
        across: &Across,
    ) -> RenderedSite {
        let checked: Vec<Checked<'_>> = self.checked.iter().map(|c| c.checked).collect();
        let site = self.set_site(renderer, &checked, theme_key, across.listing);
        let numbered = &*across.numbered;
        let passages = &numbered.passages;
        let keys = Keys {
            site: site.key,
            passages: numbered.key,
            previous,
        };
        let mut out = Outputs {
            made: BTreeMap::new(),
            problems: Vec::new(),
            previous,
        };
        let pass = Pass {
            renderer: &*renderer,
            keys: &keys,
            checked: &checked,
            passages,
        };
        let mut page_keys = Vec::new();
        match (&citations_json, self.sink) {
            (None, Sink::Staging(staging)) => {
                let (pages, streamed) = self.stream_pages(&pass, staging);
                out.collect(pages);
                if let Err(d) = streamed {
                    out.problems.push(d);
                }
            }
            _ => {
                let made = self.render_pages(&pass);
                page_keys = (made.iter().enumerate())
                    .filter_map(|(i, m)| Some((i, m.key?)))
                    .collect();
                out.collect(made.into_iter().map(|m| m.rendered));
            }
        }
        let prints = &across.prints.by_source;
        let sources = self.render_sources(renderer, &keys, &checked, passages, prints);
        out.collect(sources);
        self.render_404(renderer, &mut out, site.key);
        if self.config.has_host() {
            self.render_sitemap(&mut out, &checked, site.key);
        }
        self.render_robots(&mut out);
        if site.has_feed {
            self.render_feed(&mut out, &checked, site.key);
        }
        if let Some(json) = &citations_json {
            self.render_citations_json(&mut out, json);
        }
        self.copy_statics(&mut out, theme);
        self.copy_assets(&mut out);
        self.copy_generated(&mut out);
        self.render_headers(&mut out, theme);
        RenderedSite {
            made: out.made,
            problems: out.problems,
            page_keys,
        }
    }

    /// Sets what every template sees as `site`, unless no title, URL or date of a page, nor
    /// the theme or site.yaml, changed since it was last set.
    fn set_site(
        &self,
        renderer: &mut Renderer,
        checked: &[Checked<'_>],
        theme_key: ContentDigest,
        listing: ContentDigest,
    ) -> SiteKey {
        let config = self.config;
        // A feed's ids and links must be absolute URLs: none without a host.
        let has_feed = config.has_host()
            && checked
                .iter()
                .any(|Checked { page: p, .. }| p.meta.date.is_some());
        let key = hash_of(&(
            theme_key,
            config.digest,
            &config.base_url,
            has_feed,
            listing,
        ));
        if renderer.site_key() != Some(key) {
            let mut links: Vec<_> = checked
                .iter()
                .map(|Checked { page: p, .. }| assemble::page_link(p))
                .collect();
            links.sort_by(|a, b| a.url.cmp(&b.url));
            renderer.set_site(&SiteData::new(config, links, has_feed), key);
        }
        SiteKey { key, has_feed }
    }

    /// Makes one output file again unless the session kept it under the same key.
    pub(super) fn add(
        &self,
        out: &mut Outputs<'_>,
        rel: &str,
        key: ContentDigest,
        make: &dyn Fn() -> Result<Data, Diagnostic>,
    ) {
        if matches!(self.sink, Sink::Memory) && out.unchanged(rel, key) {
            let kept = RenderedFile::kept(rel.to_string(), key);
            out.made.insert(kept.rel, kept.file);
            return;
        }
        match make().and_then(|data| self.put(rel, data)) {
            Ok(data) => {
                let made = RenderedFile::fresh(rel.to_string(), key, data);
                out.made.insert(made.rel, made.file);
            }
            Err(d) => out.problems.push(d),
        }
    }

    /// Every page of the site, each rendered again only when its key changed.
    fn render_pages(&self, pass: &Pass<'_>) -> Vec<PageMade> {
        self.checked
            .par_iter()
            .map(|c| self.render_page(pass, c, false))
            .collect()
    }

    /// One page, rendered again only when its key changed, cited again first when the session
    /// did not keep its body and panel; with its Web Annotations when `annotate`.
    fn render_page(&self, pass: &Pass<'_>, c: &CheckedPage<'_>, annotate: bool) -> PageMade {
        let page = c.checked.page;
        // Put together by hand: `format!` was a good part of a kept page's turn, made for
        // every page of a large site on each save.
        let mut rel = String::with_capacity(page.path.len() + "index.html".len());
        rel.push_str(&page.path);
        rel.push_str("index.html");
        let (key, made) = page_key(pass, c);
        let skipped = |rendered| PageMade {
            rendered,
            annotations: None,
            key: made,
        };
        if matches!(self.sink, Sink::Memory) && pass.keys.unchanged(&rel, key) {
            return skipped(Ok(RenderedFile::kept(rel, key)));
        }
        let recited;
        let cited = match (c.cited, &self.recite) {
            (Some(cited), _) => cited,
            (None, Some(recite)) => match recite.cite(page, c.digest) {
                Ok(made) => {
                    recited = made;
                    &recited
                }
                Err(d) => return skipped(Err(d)),
            },
            (None, None) => return skipped(Err(not_kept(&rel))),
        };
        let annotations =
            annotate.then(|| assemble::annotations(page, cited, self.sources, self.config));
        let data = assemble::page_data(self.config, page, cited, pass.checked, pass.passages);
        let rendered = pass
            .renderer
            .render_page(template_of(page), self.config, data)
            .and_then(|html| self.finish(&rel, html))
            .map(|data| RenderedFile::fresh(rel, key, data));
        PageMade {
            rendered,
            annotations,
            key: made,
        }
    }

    /// One page per source, listing its cited passages.
    fn render_sources(
        &self,
        renderer: &Renderer,
        keys: &Keys<'_>,
        checked: &[Checked<'_>],
        passages: &Passages,
        prints: &rustc_hash::FxHashMap<String, ContentDigest>,
    ) -> Vec<Rendered> {
        self.sources
            .values()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|source| {
                let rel = format!("sources/{}/index.html", source.id);
                let citing = prints.get(source.id.as_str());
                let key = hash_of(&(keys.site, source.digest, citing, keys.passages));
                if matches!(self.sink, Sink::Memory) && keys.unchanged(&rel, key) {
                    return Ok(RenderedFile::kept(rel, key));
                }
                let data = assemble::source_data(source, checked, passages, self.config);
                let html = renderer.render_source(&data)?;
                let data = self.finish(&rel, html)?;
                Ok(RenderedFile::fresh(rel, key, data))
            })
            .collect()
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

    /// A one-off build's pages, rendered a slice at a time in the site's order, each slice in
    /// parallel, with each slice's Web Annotations written into `citations.json` as it is
    /// done: a page not held is cited again once for both, and neither the list of a large
    /// site nor its pages' bodies are ever held whole in memory.
    fn stream_pages(
        &self,
        pass: &Pass<'_>,
        staging: &Staging,
    ) -> (Vec<Rendered>, Result<(), Diagnostic>) {
        let total = self
            .checked
            .iter()
            .map(|c| c.checked.outline.annotations)
            .sum();
        let failed: RefCell<Option<Diagnostic>> = RefCell::new(None);
        let rendered: RefCell<Vec<Rendered>> = RefCell::new(Vec::with_capacity(self.checked.len()));
        let slices = self.checked.chunks(512).flat_map(|slice| {
            let made: Vec<PageMade> = slice
                .par_iter()
                .map(|c| self.render_page(pass, c, true))
                .collect();
            let mut parts = Vec::with_capacity(made.len());
            for m in made {
                rendered.borrow_mut().push(m.rendered);
                match m.annotations {
                    Some(Ok(json)) => parts.push(json),
                    Some(Err(d)) => {
                        failed.borrow_mut().get_or_insert(d);
                    }
                    None => {}
                }
            }
            parts
        });
        let written = staging.put_with("citations.json", |out| {
            feeds::write_citations_json(out, &self.config.base_url, slices, total)
        });
        let streamed = match failed.into_inner() {
            Some(d) => Err(d),
            None => written,
        };
        (rendered.into_inner(), streamed)
    }
}

/// What rendering a page needs of the whole pass.
struct Pass<'a> {
    renderer: &'a Renderer,
    keys: &'a Keys<'a>,
    checked: &'a [Checked<'a>],
    passages: &'a Passages,
}

/// What decides whether an output is made again: the site-wide key, the passages' key, and the
/// keys of the outputs the session kept.
struct Keys<'a> {
    site: ContentDigest,
    passages: ContentDigest,
    previous: &'a BTreeMap<String, (ContentDigest, Data)>,
}

impl Keys<'_> {
    fn unchanged(&self, rel: &str, key: ContentDigest) -> bool {
        self.previous.get(rel).is_some_and(|(k, _)| *k == key)
    }
}

/// The `site` key a rendering pass uses, and whether the site has a feed.
struct SiteKey {
    key: ContentDigest,
    has_feed: bool,
}

/// What a rendering pass has made so far and what failed, beside the session's kept keys.
pub(super) struct Outputs<'a> {
    pub(super) made: Made,
    problems: Vec<Diagnostic>,
    previous: &'a BTreeMap<String, (ContentDigest, Data)>,
}

impl Outputs<'_> {
    fn unchanged(&self, rel: &str, key: ContentDigest) -> bool {
        self.previous.get(rel).is_some_and(|(k, _)| *k == key)
    }

    /// Files made into `made`, failures into `problems`.
    fn collect(&mut self, rendered: impl IntoIterator<Item = Rendered>) {
        for r in rendered {
            match r {
                Ok(rendered) => {
                    self.made.insert(rendered.rel, rendered.file);
                }
                Err(d) => self.problems.push(d),
            }
        }
    }
}

fn text(body: &str) -> Data {
    Data::Bytes(body.as_bytes().into())
}

/// A page's key, and the key with what it was made from when it was made again rather than
/// kept from the last pass that made it.
fn page_key(pass: &Pass<'_>, c: &CheckedPage<'_>) -> (ContentDigest, Option<PageKey>) {
    let Checked { page, outline } = c.checked;
    let inputs = PageKey {
        version: c.version,
        site: pass.keys.site,
        passages: pass.keys.passages,
        key: ContentDigest::default(),
    };
    // The key is made of these and of what the page's version fixes (its outline, whether it
    // is a section): with the same three it is the same.
    if let Some(last) = c.last.filter(|last| {
        PageKey {
            key: last.key,
            ..inputs
        } == *last
    }) {
        return (last.key, None);
    }
    let key = hash_of(&(
        pass.keys.site,
        c.version,
        passage_urls(outline, pass.passages),
        page.is_section.then_some(pass.keys.passages),
    ));
    (key, Some(PageKey { key, ..inputs }))
}

/// The passage links a page's panel shows, which change when another page cites a passage
/// earlier in the same source.
fn passage_urls(outline: &Outline, passages: &Passages) -> Vec<usize> {
    outline
        .quoted
        .iter()
        .filter_map(|q| {
            passages
                .get(&q.source)?
                .get(&(q.span.start, q.span.end))
                .copied()
        })
        .collect()
}

/// A page whose body and panel were neither kept nor can be made again.
fn not_kept(rel: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Output,
        rel,
        "the page's body was neither kept from its check nor made again",
    )
}

/// The template a page is rendered with.
pub(crate) fn template_of(page: &Page) -> &str {
    match &page.meta.template {
        Some(name) => name,
        None if page.is_section => "section.html",
        None => "page.html",
    }
}

/// A page whose `template:` names no template of the theme.
pub(crate) fn missing_template(
    page: &Page,
    renderer: &Renderer,
    theme: &Theme,
) -> Option<Diagnostic> {
    let template = template_of(page);
    if renderer.has_template(template) {
        return None;
    }
    let at = crate::diag::yaml::key_position(&page.file.text, "template").unwrap_or(0);
    let names: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
    Some(
        Diagnostic::error(
            Code::Template,
            &page.file.path,
            format!("there is no template `{template}`"),
        )
        .at(&page.file.text, at..at + "template".len())
        .with_help(crate::diag::suggest::hint(template, &names)),
    )
}
