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
use crate::parse::page::Page;

use super::super::hash_of;
use super::super::stage::{Across, CheckedPage, Prints};

/// The results of the last passes, each with what it was made from.
#[derive(Default)]
pub(super) struct Memo {
    /// The settings' and the pages' places and links, and the pages nothing reaches.
    unreached: Option<Unreached>,
    /// What lists of pages show of each page, and its digest.
    listing: Option<(Vec<ContentDigest>, ContentDigest)>,
    /// Each page's print and sources, and the prints by source.
    prints: Option<(Vec<ContentDigest>, Arc<Prints>)>,
    /// Each page's file and URL, and their digest, the layout's key.
    places: Option<(Vec<ContentDigest>, ContentDigest)>,
}

struct Unreached {
    settings: ContentDigest,
    shapes: Vec<ContentDigest>,
    at: Vec<usize>,
}

impl Memo {
    /// A digest of every page's file and URL, in the site's order: the pages' part of the
    /// layout's key, which decides whether every page is cited again.
    pub(super) fn places(&mut self, pages: &[(&Page, ContentDigest)]) -> ContentDigest {
        let part = |p: &(&Page, ContentDigest)| p.1;
        if let Some((was, key)) = &self.places
            && same(was, pages, part)
        {
            return *key;
        }
        let places = parts(pages, part);
        let key = hash_of(&places);
        self.places = Some((places, key));
        key
    }

    /// What the rendering pass takes from every page.
    pub(super) fn across(&mut self, pages: &[CheckedPage<'_>]) -> Across {
        Across {
            listing: self.listing(pages),
            prints: self.prints(pages),
        }
    }

    /// A digest of what lists of pages show of every page, in the site's order.
    fn listing(&mut self, pages: &[CheckedPage<'_>]) -> ContentDigest {
        let part = |c: &CheckedPage<'_>| c.checked.outline.shape.listing;
        if let Some((was, key)) = &self.listing
            && same(was, pages, part)
        {
            return *key;
        }
        let shapes = parts(pages, part);
        let key = hash_of(&shapes);
        self.listing = Some((shapes, key));
        key
    }

    /// For each source, a digest of the prints of the pages citing it, in the site's order;
    /// and one of every page's print.
    fn prints(&mut self, pages: &[CheckedPage<'_>]) -> Arc<Prints> {
        let part = |c: &CheckedPage<'_>| c.checked.outline.shape.cites;
        if let Some((was, prints)) = &self.prints
            && same(was, pages, part)
        {
            return Arc::clone(prints);
        }
        let mut by_source: FxHashMap<&str, Vec<ContentDigest>> = FxHashMap::default();
        for c in pages {
            let outline = c.checked.outline;
            for id in &outline.sources {
                by_source
                    .entry(id.as_str())
                    .or_default()
                    .push(outline.print);
            }
        }
        let prints = Arc::new(Prints {
            by_source: (by_source.into_iter())
                .map(|(id, prints)| (id.to_string(), hash_of(&prints)))
                .collect(),
            all: hash_of(&parts(pages, |c| c.checked.outline.print)),
        });
        self.prints = Some((parts(pages, part), Arc::clone(&prints)));
        prints
    }

    /// A warning for every page nothing leads to from the home page.
    pub(super) fn orphans(&mut self, pages: &[Checked<'_>], config: &Config) -> Vec<Diagnostic> {
        // The menu and the base path are read from site.yaml, and the base URL may be given
        // on the command line.
        let settings = hash_of(&(config.digest, &config.base_url));
        let part = |c: &Checked<'_>| c.outline.shape.reach;
        let fresh = (self.unreached.as_ref())
            .is_some_and(|u| u.settings == settings && same(&u.shapes, pages, part));
        if !fresh {
            let at = reach::unreached(pages, config);
            self.unreached = Some(Unreached {
                settings,
                shapes: parts(pages, part),
                at,
            });
        }
        let at = self.unreached.as_ref().map_or(&[][..], |u| &u.at);
        reach::orphans(pages, at)
    }
}

/// Whether every page's part is the one kept, in the same order: compared in place, as a save
/// of a large site that changes none of them would otherwise copy every page's part first.
fn same<T>(was: &[ContentDigest], pages: &[T], part: impl Fn(&T) -> ContentDigest) -> bool {
    was.len() == pages.len() && was.iter().zip(pages).all(|(w, p)| *w == part(p))
}

/// Every page's part, in order.
fn parts<T>(pages: &[T], part: impl Fn(&T) -> ContentDigest) -> Vec<ContentDigest> {
    pages.iter().map(part).collect()
}
