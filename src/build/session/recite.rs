//! A one-off build holds the checked pages' bodies and panels for its rendering pass up to a
//! budget; past it, a page keeps only its outline and is cited again from its file when it is
//! rendered. The page's file is its own spill: nothing is written beside the output, and the
//! bodies made again are the ones checked, since the text read again must be the text that was
//! cited (its SHA-256 is kept) and citing is a function of that text and of inputs the build
//! holds unchanged (the sources, the layout, site.yaml).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::cite::page::{self as cite_page, Cited, Known};
use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;
use crate::load::content::{Found, Kind};
use crate::load::images::Dimensions;
use crate::parse::page::Page;
use crate::parse::source::Source;
use crate::render::{chart, images};

use super::super::layout::Layout;
use super::super::media::Images;

use super::texts::Overlay;
use super::{Mode, Session};

/// The SHA-256 of a page's text.
pub(in crate::build) fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The bytes of bodies and panels a one-off build holds so far, against its budget.
pub(in crate::build) struct Held {
    bytes: AtomicUsize,
    budget: usize,
}

impl Held {
    pub(in crate::build) fn new(budget: Option<usize>) -> Held {
        Held {
            bytes: AtomicUsize::new(0),
            budget: budget.unwrap_or(super::super::BODY_BUDGET),
        }
    }

    /// Whether `cited` may be held: true while the budget allows it (safe from many threads).
    pub(in crate::build) fn take(&self, cited: &Cited) -> bool {
        let weight = weight(cited);
        let before = self.bytes.fetch_add(weight, Ordering::Relaxed);
        if before.saturating_add(weight) <= self.budget {
            return true;
        }
        self.bytes.fetch_sub(weight, Ordering::Relaxed);
        false
    }
}

/// About how many bytes a page's body and panel take: their texts, and a rough size for each
/// part holding them.
fn weight(cited: &Cited) -> usize {
    let body = &cited.body;
    let citations: usize = (body.citations.iter())
        .map(|c| 160 + c.source.len() + c.quote.len() + c.link_text.len() + c.anchor.len())
        .sum();
    let entries: usize = (cited.entries.iter())
        .map(|e| {
            512 + e.id.len()
                + e.figure.len()
                + e.quote.len()
                + e.fragment_url.as_ref().map_or(0, String::len)
                + 64 * (e.figures.len() + e.refs.len())
                + 96 * e.marked.len()
                + 16 * e.quote_marks.len()
        })
        .sum();
    std::mem::size_of::<Cited>() + body.html.capacity() + 96 * body.toc.len() + citations + entries
}

/// The page files found, by the path the build shows.
pub(super) fn files(found: &[Found]) -> HashMap<&Path, &Found> {
    found
        .iter()
        .filter(|f| f.kind == Kind::Page)
        .map(|f| (f.shown.as_path(), f))
        .collect()
}

/// A page whose text a one-off build cut to its front matter when it read it (`files` is
/// Some), with its whole text read again to be cited: None when the page was kept whole. The
/// front matter read again must be the one read before, or the page changed in between.
pub(super) fn whole(
    overlay: &Overlay,
    files: Option<&HashMap<&Path, &Found>>,
    page: &Page,
) -> Result<Option<Page>, Diagnostic> {
    let Some(files) = files else {
        return Ok(None);
    };
    let path = page.file.path.as_path();
    let found = files.get(path).ok_or_else(|| changed(path))?;
    let file = overlay.read(found)?;
    if file.text.get(..page.body_offset) != Some(page.file.text.as_str()) {
        return Err(changed(path));
    }
    Ok(Some(Page {
        file: Arc::new(file),
        ..page.clone()
    }))
}

/// One size for each image: PNG and JPEG as the decoder read them, others by header. The
/// check and the citing again at render time both take them from here, so a page cited again
/// sees the sizes it was checked with.
pub(super) fn sizes(layout: &Layout, rasters: &Images) -> HashMap<String, Dimensions> {
    let mut sizes = layout.images.clone();
    sizes.extend((rasters.sizes.iter()).map(|(rel, d)| (rel.clone(), d.clone())));
    sizes
}

/// What citing a page again needs: where its file is, and the inputs it was cited with.
pub(in crate::build) struct Recite<'a> {
    files: HashMap<&'a Path, &'a Found>,
    config: &'a Config,
    sources: &'a BTreeMap<String, Arc<Source>>,
    source_ids: BTreeSet<String>,
    layout: &'a Layout,
    sizes: HashMap<String, Dimensions>,
    rasters: &'a Images,
    overlay: &'a Overlay,
}

impl Session {
    /// How this build's rendering pass cites a page again: None for a kept session, which
    /// holds every page's body and panel.
    pub(super) fn recite<'a>(
        &'a self,
        found: &'a [Found],
        config: &'a Config,
        sources: &'a BTreeMap<String, Arc<Source>>,
        layout: &'a Layout,
        rasters: &'a Images,
    ) -> Option<Recite<'a>> {
        (self.mode == Mode::Once).then(|| Recite {
            files: files(found),
            config,
            sources,
            source_ids: sources.keys().cloned().collect(),
            layout,
            sizes: sizes(layout, rasters),
            rasters,
            overlay: &self.overlay,
        })
    }
}

impl Recite<'_> {
    /// The page's body and panel, made again from its file; an error if the file cannot be
    /// read or no longer holds the text that was checked.
    pub(in crate::build) fn cite(
        &self,
        page: &Page,
        digest: &[u8; 32],
    ) -> Result<Cited, Diagnostic> {
        let path = page.file.path.as_path();
        let found = self.files.get(path).ok_or_else(|| changed(path))?;
        let file = self.overlay.read(found)?;
        if self::digest(&file.text) != *digest {
            return Err(changed(path));
        }
        let page = Page {
            file: Arc::new(file),
            ..page.clone()
        };
        let known = Known {
            sources: self.sources,
            source_ids: &self.source_ids,
            links: &self.layout.links,
            images: &self.sizes,
            rasters: &self.rasters.by_url,
            draw_chart: chart::render,
            picture: images::picture,
        };
        let cited = cite_page::cite(&page, self.config, &known).cited;
        Ok(cited)
    }
}

fn changed(path: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::ChangedDuringBuild,
        path,
        "the page changed while the site was being built, after it was checked",
    )
    .with_help("build again once every file is saved; nothing was published")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::build::Options;
    use crate::load::content::TextFile;
    use crate::parse::page;

    const TEXT: &str = "---\ntitle: A page\n---\nSome words.\n";

    /// A page as a one-off build holds it after loading it (front matter only), the session
    /// holding `now` as the page's text, and the page's file as the scan found it.
    fn held(now: &str) -> (Session, Found, Page) {
        let shown = PathBuf::from("content/a.md");
        let config = Config::parse(Path::new("site.yaml"), "title: T\n").expect("a config");
        let file = TextFile {
            path: shown.clone(),
            rel: "a.md".to_string(),
            text: TEXT.to_string(),
        };
        let mut page = page::parse_page(Arc::new(file), &config, false)
            .expect("the page reads")
            .expect("not a draft");
        page.file = super::super::texts::front_matter_only(&page.file, page.body_offset);
        let mut session = Session::with_mode(Path::new("."), Options::default(), Mode::Once);
        session.set_unsaved(shown.clone(), Some(now.to_string()));
        let found = Found {
            from: PathBuf::from("a.md"),
            shown,
            rel: "a.md".to_string(),
            kind: Kind::Page,
            stamp: None,
        };
        (session, found, page)
    }

    #[test]
    fn a_page_is_cited_from_its_whole_text_read_again() {
        let (session, found, page) = held(TEXT);
        let files = files(std::slice::from_ref(&found));
        let whole = whole(&session.overlay, Some(&files), &page).expect("unchanged");
        assert_eq!(whole.map(|p| p.file.text.clone()), Some(TEXT.to_string()));
    }

    #[test]
    fn a_page_whose_front_matter_changed_after_it_was_read_fails_the_build() {
        let (session, found, page) = held("---\ntitle: Another\n---\nSome words.\n");
        let files = files(std::slice::from_ref(&found));
        let failed = whole(&session.overlay, Some(&files), &page).expect_err("changed");
        assert_eq!(failed.code, Code::ChangedDuringBuild);
        assert!(failed.is_error());
    }

    #[test]
    fn a_page_changed_after_its_check_is_not_rendered() {
        let (session, found, page) = held("---\ntitle: A page\n---\nOther words, 12,000.\n");
        let sources = BTreeMap::new();
        let config = Config::parse(Path::new("site.yaml"), "title: T\n").expect("a config");
        let layout = Layout {
            key: crate::load::digest::ContentDigest::default(),
            links: crate::parse::site_links::SiteLinks::default(),
            images: HashMap::new(),
            collisions: Vec::new(),
        };
        let rasters = Images {
            by_url: HashMap::new(),
            sizes: HashMap::new(),
            key: crate::load::digest::ContentDigest::default(),
        };
        let recite = session
            .recite(
                std::slice::from_ref(&found),
                &config,
                &sources,
                &layout,
                &rasters,
            )
            .expect("a one-off build cites again");
        let failed = recite
            .cite(&page, &digest(TEXT))
            .expect_err("the text read again is not the one checked");
        assert_eq!(failed.code, Code::ChangedDuringBuild);
    }
}
