//! One rendering pass over the whole site: every output file, each made again only when its
//! key changed.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble::{self, Checked};
use crate::cite::page::Cited;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::Found;
use crate::load::digest::ContentDigest;
use crate::load::theme::Theme;
use crate::output::{self, Data, StagedFile, Staging};
use crate::parse::page::Page;
use crate::parse::source::Source;
use crate::render::feeds;
use crate::render::{Renderer, SiteData};

use super::hash_of;
use super::media::Generated;

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
    /// What the pass takes from every page, kept by the session.
    pub(crate) across: &'a Across,
}

/// What the citing pass of a one-off build made as it cited each page: the pages it rendered
/// and `citations.json` with every page's annotations written, to be closed with their count.
pub(crate) struct Streamed {
    pub(crate) rendered: Vec<Rendered>,
    pub(crate) citations: Option<OpenCitations>,
    pub(crate) problems: Vec<Diagnostic>,
}

/// `citations.json` being written in the staging folder.
pub(crate) struct OpenCitations {
    pub(crate) file: StagedFile,
    pub(crate) json: feeds::CitationsJson,
}

/// What makes a page's HTML file from its body and panel: the citing pass of a one-off build
/// as soon as it has cited a page, and the rendering pass for the rest.
pub(crate) struct PageMaker<'a> {
    pub(crate) renderer: &'a Renderer,
    pub(crate) config: &'a Config,
    pub(crate) sink: &'a Sink,
}

impl PageMaker<'_> {
    /// Renders, minifies and hands on one page; `all` is needed by a section alone, which
    /// lists the other pages.
    pub(crate) fn make(
        &self,
        page: &Page,
        cited: &Cited,
        all: &[Checked<'_>],
        key: ContentDigest,
    ) -> Rendered {
        let rel = format!("{}index.html", page.path);
        let data = assemble::page_data(self.config, page, cited, all);
        self.renderer
            .render_page(template_of(page), self.config, data)
            .and_then(|html| {
                put(
                    self.sink,
                    &rel,
                    Data::Bytes(minify(self.config, html).into()),
                )
            })
            .map(|data| RenderedFile::fresh(rel, key, data))
    }
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
    /// A digest of what lists of pages show of every page, in the site's order.
    pub(crate) listing: ContentDigest,
    pub(crate) prints: Arc<Prints>,
}

/// A live page as the rendering pass takes it.
pub(crate) struct CheckedPage<'a> {
    pub(crate) checked: Checked<'a>,
    /// Its body and panel, when the session kept them (a one-off build rendered the others
    /// as it cited them).
    pub(crate) cited: Option<&'a Cited>,
    /// The version of its citing, bumped whenever it was cited again.
    pub(crate) version: u64,
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
pub(crate) struct RenderedFile {
    rel: String,
    file: MadeFile,
}

/// One output file, or why it could not be made.
pub(crate) type Rendered = Result<RenderedFile, Diagnostic>;

/// Each output file of a rendering pass by its path under the output folder.
pub(crate) type Made = BTreeMap<String, MadeFile>;

/// What a rendering pass made, and what it could not make.
pub(crate) struct RenderedSite {
    pub(crate) made: Made,
    pub(crate) problems: Vec<Diagnostic>,
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
        streamed: Option<Streamed>,
    ) -> RenderedSite {
        let across = self.across;
        let checked: Vec<Checked<'_>> = self.checked.iter().map(|c| c.checked).collect();
        let pages: Vec<&Page> = checked.iter().map(|c| c.page).collect();
        // A kept session keys the site's list by the pages' digests of what it shows of each; a
        // one-off build keys it as it did when it opened its stream, before any page was cited.
        let listing = matches!(self.sink, Sink::Memory).then_some(across.listing);
        let site = set_site(renderer, self.config, &pages, theme_key, listing);
        let keys = Keys {
            site: site.key,
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
        };
        out.collect(self.render_pages(&pass));
        if let Some(streamed) = streamed {
            out.collect(streamed.rendered);
            out.problems.extend(streamed.problems);
            // Every page was rendered in its citing turn or from its held body: one neither is
            // an error, never a page left out of the site without a word.
            if out.problems.is_empty() {
                for c in self.checked {
                    let rel = format!("{}index.html", c.checked.page.path);
                    if !out.made.contains_key(&rel) {
                        out.problems.push(not_kept(&rel));
                    }
                }
            }
            if let (Some(open), Sink::Staging(staging)) = (streamed.citations, self.sink) {
                let total = checked.iter().map(|c| c.outline.annotations).sum();
                let OpenCitations { mut file, json } = open;
                let closed = json.end(&mut file.out, total).map_err(|e| file.failed(&e));
                if let Err(d) = closed.and_then(|()| staging.close(file)) {
                    out.problems.push(d);
                }
            }
        }
        let prints = &across.prints.by_source;
        let sources = self.render_sources(renderer, &keys, &checked, prints);
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
        }
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

    /// Every page of the site whose body and panel the session holds, each rendered again only
    /// when its key changed (a one-off build rendered the others as it cited them).
    fn render_pages(&self, pass: &Pass<'_>) -> Vec<Rendered> {
        self.checked
            .par_iter()
            .filter(|c| c.cited.is_some() || matches!(self.sink, Sink::Memory))
            .map(|c| self.render_page(pass, c))
            .collect()
    }

    /// One page, rendered again only when its key changed.
    fn render_page(&self, pass: &Pass<'_>, c: &CheckedPage<'_>) -> Rendered {
        let page = c.checked.page;
        // Put together by hand: `format!` was a good part of a kept page's turn, made for
        // every page of a large site on each save.
        let mut rel = String::with_capacity(page.path.len() + "index.html".len());
        rel.push_str(&page.path);
        rel.push_str("index.html");
        let key = hash_of(&(pass.keys.site, c.version));
        if matches!(self.sink, Sink::Memory) && pass.keys.unchanged(&rel, key) {
            return Ok(RenderedFile::kept(rel, key));
        }
        let Some(cited) = c.cited else {
            return Err(not_kept(&rel));
        };
        let maker = PageMaker {
            renderer: pass.renderer,
            config: self.config,
            sink: self.sink,
        };
        maker.make(page, cited, pass.checked, key)
    }

    /// One page per source, listing its cited passages.
    fn render_sources(
        &self,
        renderer: &Renderer,
        keys: &Keys<'_>,
        checked: &[Checked<'_>],
        prints: &rustc_hash::FxHashMap<String, ContentDigest>,
    ) -> Vec<Rendered> {
        self.sources
            .values()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|source| {
                let rel = format!("sources/{}/index.html", source.id);
                let citing = prints.get(source.id.as_str());
                let key = hash_of(&(keys.site, source.digest, citing));
                if matches!(self.sink, Sink::Memory) && keys.unchanged(&rel, key) {
                    return Ok(RenderedFile::kept(rel, key));
                }
                let data = assemble::source_data(source, checked, self.config);
                let html = renderer.render_source(&data)?;
                let data = self.finish(&rel, html)?;
                Ok(RenderedFile::fresh(rel, key, data))
            })
            .collect()
    }

    /// Minifies a rendered page and hands it to the sink.
    fn finish(&self, rel: &str, html: String) -> Result<Option<Data>, Diagnostic> {
        self.put(rel, Data::Bytes(minify(self.config, html).into()))
    }

    /// Writes a file (build), keeps it (serve) or drops it (check).
    fn put(&self, rel: &str, data: Data) -> Result<Option<Data>, Diagnostic> {
        put(self.sink, rel, data)
    }
}

fn minify(config: &Config, html: String) -> Vec<u8> {
    if config.minify {
        output::minify(&html)
    } else {
        html.into_bytes()
    }
}

/// Writes a file (build), keeps it (serve) or drops it (check).
fn put(sink: &Sink, rel: &str, data: Data) -> Result<Option<Data>, Diagnostic> {
    match sink {
        Sink::Staging(staging) => staging.put(rel, &data).map(|()| None),
        Sink::Memory => Ok(Some(data)),
        Sink::Discard => Ok(None),
    }
}

/// What rendering a page needs of the whole pass.
struct Pass<'a> {
    renderer: &'a Renderer,
    keys: &'a Keys<'a>,
    checked: &'a [Checked<'a>],
}

/// What decides whether an output is made again: the site-wide key and the keys of the outputs
/// the session kept.
struct Keys<'a> {
    site: ContentDigest,
    previous: &'a BTreeMap<String, (ContentDigest, Data)>,
}

impl Keys<'_> {
    fn unchanged(&self, rel: &str, key: ContentDigest) -> bool {
        self.previous.get(rel).is_some_and(|(k, _)| *k == key)
    }
}

/// The `site` key a rendering pass uses, and whether the site has a feed.
pub(crate) struct SiteKey {
    pub(crate) key: ContentDigest,
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
    fn collect(&mut self, rendered: Vec<Rendered>) {
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

/// A page whose body and panel were neither kept nor can be made again.
fn not_kept(rel: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Output,
        rel,
        "the page was neither rendered when it was cited nor kept for the rendering pass",
    )
    .with_help("nothing was published; build again, and report this if it happens again")
}

/// Sets what every template sees as `site`, unless no title, URL or date of a page, nor the
/// theme or site.yaml, changed since it was last set.
pub(crate) fn set_site(
    renderer: &mut Renderer,
    config: &Config,
    pages: &[&Page],
    theme_key: ContentDigest,
    listing: Option<ContentDigest>,
) -> SiteKey {
    // A feed's ids and links must be absolute URLs: none without a host.
    let has_feed = config.has_host() && pages.iter().any(|p| p.meta.date.is_some());
    let settings = (theme_key, config.digest, &config.base_url, has_feed);
    // What lists show of each page: its digest when the session has it (`Shape::listing`).
    let key = match listing {
        Some(listing) => hash_of(&(settings, listing)),
        None => hash_of(&(
            settings,
            pages
                .iter()
                .map(|p| {
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
        )),
    };
    if renderer.site_key() != Some(key) {
        let mut links: Vec<_> = pages.iter().map(|p| assemble::page_link(p)).collect();
        links.sort_by(|a, b| a.url.cmp(&b.url));
        renderer.set_site(&SiteData::new(config, links, has_feed), key);
    }
    SiteKey { key, has_feed }
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
