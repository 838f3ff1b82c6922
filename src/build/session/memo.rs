//! What a session's passes over every page made, kept with the digests of the pages' parts
//! they read (each page's `Shape`): a save that changes none of those parts (an edit of a
//! page's prose) takes the results as they were, and one that changes any runs the pass again,
//! so the results are always those of a pass over the pages as they are.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::assemble::{Checked, reach};
use crate::diag::Diagnostic;
use crate::load::config::Config;
use crate::load::digest::ContentDigest;

use super::super::hash_of;
use super::super::stage::{Across, CheckedPage, Numbered, Prints};

/// The results of the last passes, each with what it was made from.
#[derive(Default)]
pub(super) struct Memo {
    /// The pages' quoted passages, in the site's order, and their numbers.
    numbered: Option<(Vec<ContentDigest>, Arc<Numbered>)>,
    /// The settings' and the pages' places and links, and the pages nothing reaches.
    unreached: Option<Unreached>,
    /// What lists of pages show of each page, and its digest.
    listing: Option<(Vec<ContentDigest>, ContentDigest)>,
    /// Each page's print and sources, and the prints by source.
    prints: Option<(Vec<ContentDigest>, Arc<Prints>)>,
}

struct Unreached {
    settings: ContentDigest,
    shapes: Vec<ContentDigest>,
    at: Vec<usize>,
}

impl Memo {
    /// What the rendering pass takes from every page.
    pub(super) fn across(&mut self, pages: &[CheckedPage<'_>]) -> Across {
        let pages: Vec<Checked<'_>> = pages.iter().map(|c| c.checked).collect();
        let pages = &pages[..];
        Across {
            numbered: self.numbered(pages),
            listing: self.listing(pages),
            prints: self.prints(pages),
        }
    }

    /// A digest of what lists of pages show of every page, in the site's order.
    fn listing(&mut self, pages: &[Checked<'_>]) -> ContentDigest {
        let shapes: Vec<ContentDigest> = pages.iter().map(|c| c.outline.shape.listing).collect();
        if let Some((was, key)) = &self.listing
            && *was == shapes
        {
            return *key;
        }
        let key = hash_of(&shapes);
        self.listing = Some((shapes, key));
        key
    }

    /// For each source, a digest of the prints of the pages citing it, in the site's order;
    /// and one of every page's print.
    fn prints(&mut self, pages: &[Checked<'_>]) -> Arc<Prints> {
        let shapes: Vec<ContentDigest> = pages.iter().map(|c| c.outline.shape.cites).collect();
        if let Some((was, prints)) = &self.prints
            && *was == shapes
        {
            return Arc::clone(prints);
        }
        let mut by_source: FxHashMap<&str, Vec<ContentDigest>> = FxHashMap::default();
        for c in pages {
            for id in &c.outline.sources {
                by_source
                    .entry(id.as_str())
                    .or_default()
                    .push(c.outline.print);
            }
        }
        let prints = Arc::new(Prints {
            by_source: (by_source.into_iter())
                .map(|(id, prints)| (id.to_string(), hash_of(&prints)))
                .collect(),
            all: hash_of(&pages.iter().map(|c| c.outline.print).collect::<Vec<_>>()),
        });
        self.prints = Some((shapes, Arc::clone(&prints)));
        prints
    }

    /// The site's passages numbered, from every page's quoted passages.
    fn numbered(&mut self, pages: &[Checked<'_>]) -> Arc<Numbered> {
        let shapes: Vec<ContentDigest> = pages.iter().map(|c| c.outline.shape.quoted).collect();
        if let Some((was, numbered)) = &self.numbered
            && *was == shapes
        {
            return Arc::clone(numbered);
        }
        let numbered = Arc::new(Numbered::of(pages));
        self.numbered = Some((shapes, Arc::clone(&numbered)));
        numbered
    }

    /// A warning for every page nothing leads to from the home page.
    pub(super) fn orphans(&mut self, pages: &[Checked<'_>], config: &Config) -> Vec<Diagnostic> {
        // The menu and the base path are read from site.yaml, and the base URL may be given
        // on the command line.
        let settings = hash_of(&(config.digest, &config.base_url));
        let shapes: Vec<ContentDigest> = pages.iter().map(|c| c.outline.shape.reach).collect();
        let fresh =
            (self.unreached.as_ref()).is_some_and(|u| u.settings == settings && u.shapes == shapes);
        if !fresh {
            let at = reach::unreached(pages, config);
            self.unreached = Some(Unreached {
                settings,
                shapes,
                at,
            });
        }
        let at = self.unreached.as_ref().map_or(&[][..], |u| &u.at);
        reach::orphans(pages, at)
    }
}
