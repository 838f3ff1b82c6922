//! One rendering pass over the whole site: every output file, each made again only when its
//! key changed.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::assemble::{self, Checked, Passages};
use crate::cite::page::Cited;
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::{Found, Stamp};
use crate::load::digest::ContentDigest;
use crate::load::theme::{self, Theme};
use crate::output::{self, Data, Staging};
use crate::parse::page::Page;
use crate::parse::source::Source;
use crate::render::feeds::{self, FeedPage};
use crate::render::{Renderer, SiteData};

use super::hash_of;
use super::media::Generated;

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
    pub(crate) checked: &'a [(Checked<'a>, u64)],
    pub(crate) sources: &'a BTreeMap<String, Arc<Source>>,
    pub(crate) sink: &'a Sink,
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
    ) -> RenderedSite {
        let checked: Vec<Checked<'_>> = self.checked.iter().map(|(c, _)| *c).collect();
        let site = self.set_site(renderer, &checked, theme_key);
        let passages = assemble::number_passages(&checked);
        let keys = Keys {
            site: site.key,
            passages: hash_of(&passages),
            previous,
        };
        let mut out = Outputs {
            made: BTreeMap::new(),
            problems: Vec::new(),
            previous,
        };
        let pages = self.render_pages(renderer, &keys, &checked, &passages);
        out.collect(pages);
        let prints = self.source_prints();
        let sources = self.render_sources(renderer, &keys, &checked, &passages, &prints);
        out.collect(sources);
        if let (None, Sink::Staging(staging)) = (&citations_json, self.sink)
            && let Err(d) = self.stream_citations(staging)
        {
            out.problems.push(d);
        }
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

    /// Sets what every template sees as `site`, unless no title, URL or date of a page, nor
    /// the theme or site.yaml, changed since it was last set.
    fn set_site(
        &self,
        renderer: &mut Renderer,
        checked: &[Checked<'_>],
        theme_key: ContentDigest,
    ) -> SiteKey {
        let config = self.config;
        // A feed's ids and links must be absolute URLs: none without a host.
        let has_feed = config.has_host() && checked.iter().any(|(p, _)| p.meta.date.is_some());
        let key = hash_of(&(
            theme_key,
            config.digest,
            &config.base_url,
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
        if renderer.site_key() != Some(key) {
            let mut links: Vec<_> = checked
                .iter()
                .map(|(p, _)| assemble::page_link(p))
                .collect();
            links.sort_by(|a, b| a.url.cmp(&b.url));
            renderer.set_site(&SiteData::new(config, links, has_feed), key);
        }
        SiteKey { key, has_feed }
    }

    /// For each source, the digests of the pages citing it: a source page is made again when
    /// one of them changes.
    fn source_prints(&self) -> HashMap<&str, Vec<ContentDigest>> {
        let mut prints: HashMap<&str, Vec<ContentDigest>> = HashMap::new();
        for ((_, cited), _) in self.checked {
            let mut ids: Vec<&str> = cited.entries.iter().map(|e| e.source.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                prints.entry(id).or_default().push(cited.print);
            }
        }
        prints
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

    fn render_404(&self, renderer: &Renderer, out: &mut Outputs<'_>, site_key: ContentDigest) {
        self.add(out, "404.html", site_key, &|| {
            let html = renderer.render_plain("404.html")?;
            Ok(Data::Bytes(self.minify(html).into()))
        });
    }

    /// Every page and source page, with the date it last changed.
    fn render_sitemap(
        &self,
        out: &mut Outputs<'_>,
        checked: &[Checked<'_>],
        site_key: ContentDigest,
    ) {
        let config = self.config;
        let sources_key = hash_of(&self.sources.keys().collect::<Vec<_>>());
        self.add(
            out,
            "sitemap.xml",
            hash_of(&(site_key, sources_key)),
            &|| {
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
            },
        );
    }

    fn render_robots(&self, out: &mut Outputs<'_>) {
        let robots = feeds::robots(self.config);
        self.add(out, "robots.txt", hash_of(&robots), &|| Ok(text(&robots)));
    }

    /// The Atom feed of the dated pages.
    fn render_feed(&self, out: &mut Outputs<'_>, checked: &[Checked<'_>], site_key: ContentDigest) {
        self.add(out, "atom.xml", site_key, &|| {
            let feed_pages: Vec<FeedPage<'_>> = checked
                .iter()
                .map(|(p, _)| FeedPage {
                    title: &p.meta.title,
                    description: p.meta.description.as_deref(),
                    permalink: &p.permalink,
                    date: p.meta.date.as_deref(),
                    updated: p.meta.updated.as_deref(),
                    authors: &p.byline.authors,
                })
                .collect();
            let atom = feeds::atom(self.config, &feed_pages).ok_or_else(|| {
                Diagnostic::error(Code::Output, "atom.xml", "the feed has no dated page")
            })?;
            Ok(text(&atom))
        });
    }

    /// `citations.json` as the session made or kept it in memory (a build streams it instead).
    fn render_citations_json(&self, out: &mut Outputs<'_>, json: &CitationsJson) {
        self.add(out, "citations.json", json.key, &|| match &json.made {
            Some(Ok(bytes)) => Ok(Data::Bytes(bytes.as_slice().into())),
            Some(Err(d)) => Err(d.clone()),
            None => Err(Diagnostic::error(
                Code::Output,
                "citations.json",
                "citations.json was neither kept from the last build nor made again",
            )),
        });
    }

    /// The theme's static files, built in or the project's own.
    fn copy_statics(&self, out: &mut Outputs<'_>, theme: &Theme) {
        for (rel, file) in &theme.statics {
            let (key, data) = match file {
                theme::StaticFile::BuiltIn(bytes) => (hash_of(bytes), Data::Static(bytes)),
                theme::StaticFile::File(path) => (
                    hash_of(&(path, Stamp::of(path).map(|s| format!("{s:?}")))),
                    Data::Copy(path.clone()),
                ),
            };
            self.add(out, rel, key, &|| Ok(data.clone()));
            if let Some(named) = theme.hashed.get(rel) {
                self.add(out, named, key, &|| Ok(data.clone()));
            }
        }
    }

    /// Images at each width and share cards, made before the pass.
    fn copy_generated(&self, out: &mut Outputs<'_>) {
        for file in self.generated {
            self.add(out, &file.rel, file.key, &|| Ok(file.data.clone()));
        }
    }

    /// Files under content/ copied as they are.
    fn copy_assets(&self, out: &mut Outputs<'_>) {
        for asset in self.assets {
            let key = hash_of(&(&asset.from, asset.stamp.map(|s| format!("{s:?}"))));
            self.add(out, &asset.rel, key, &|| Ok(Data::Copy(asset.from.clone())));
        }
    }

    /// Every page of the site, each rendered again only when its key changed.
    fn render_pages(
        &self,
        renderer: &Renderer,
        keys: &Keys<'_>,
        checked: &[Checked<'_>],
        passages: &Passages,
    ) -> Vec<Rendered> {
        self.checked
            .par_iter()
            .map(|((page, cited), version)| {
                let rel = format!("{}index.html", page.path);
                let key = hash_of(&(
                    keys.site,
                    *version,
                    passage_urls(cited, passages),
                    page.is_section.then_some(keys.passages),
                ));
                if matches!(self.sink, Sink::Memory) && keys.unchanged(&rel, key) {
                    return Ok(RenderedFile::kept(rel, key));
                }
                let data = assemble::page_data(self.config, page, cited, checked, passages);
                let html = renderer.render_page(template_of(page), self.config, data)?;
                let data = self.finish(&rel, html)?;
                Ok(RenderedFile::fresh(rel, key, data))
            })
            .collect()
    }

    /// One page per source, listing its cited passages.
    fn render_sources(
        &self,
        renderer: &Renderer,
        keys: &Keys<'_>,
        checked: &[Checked<'_>],
        passages: &Passages,
        prints: &HashMap<&str, Vec<ContentDigest>>,
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

    /// Writes `citations.json` a slice of pages at a time, each slice made in parallel, so the
    /// list of a large site is never held whole in memory.
    fn stream_citations(&self, staging: &Staging) -> Result<(), Diagnostic> {
        let total = self
            .checked
            .iter()
            .map(|((_, c), _)| assemble::annotation_count(c))
            .sum();
        let failed: RefCell<Option<Diagnostic>> = RefCell::new(None);
        let slices = self.checked.chunks(512).flat_map(|slice| {
            let made = slice
                .par_iter()
                .map(|((page, cited), _)| {
                    assemble::annotations(page, cited, self.sources, self.config)
                })
                .collect::<Result<Vec<String>, Diagnostic>>();
            made.unwrap_or_else(|d| {
                failed.borrow_mut().get_or_insert(d);
                Vec::new()
            })
        });
        let written = staging.put_with("citations.json", |out| {
            feeds::write_citations_json(out, &self.config.base_url, slices, total)
        });
        match failed.into_inner() {
            Some(d) => Err(d),
            None => written,
        }
    }
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
