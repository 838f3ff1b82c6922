//! The citing pass: every page not cited with the current layout, in the site's order, a slice
//! at a time, each slice across all cores.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::assemble::Outline;
use crate::cite::page::{self as cite_page, Known};
use crate::load::config::Config;
use crate::load::content::Found;
use crate::load::digest::ContentDigest;
use crate::parse::page::Page;

use super::stream::{Collector, Stream, StreamedPage};
use super::{Citing, Mode, PageState, Session, reread, texts};

impl Session {
    /// Cites every page not cited with this layout, in the site's order, a slice at a time;
    /// with `stream`, each page is rendered as soon as it is cited.
    pub(super) fn cite_pages(
        &mut self,
        live: &[usize],
        cite: &Cite<'_>,
        mut stream: Option<(&Stream<'_>, &mut Collector)>,
    ) {
        // Each page's place in the site's order, by its place in the session.
        let mut order: Vec<Option<usize>> = vec![None; self.pages.len()];
        for (n, &i) in live.iter().enumerate() {
            if let Some(place) = order.get_mut(i) {
                *place = Some(n);
            }
        }
        let mut todo: Vec<(usize, &mut PageState)> = self
            .pages
            .values_mut()
            .zip(order)
            .filter_map(|(state, n)| {
                let fresh = (state.citing.as_ref()).is_some_and(|c| c.key == cite.key);
                let parsed = matches!(state.parsed, Ok(Some(_)));
                Some((n?, &mut **state)).filter(|_| parsed && !fresh)
            })
            .collect();
        todo.sort_unstable_by_key(|(i, _)| *i);
        // A one-off build drops each page's text as soon as it is cited. The front matter
        // stays: an orphan page's finding points into it. (`--coverage` needs no text: the
        // outline counts the lines of citing places while the text is at hand.)
        let turn = Turn {
            cite,
            files: (self.mode == Mode::Once).then(|| reread::files(cite.found)),
            overlay: &self.overlay,
            kept: self.mode == Mode::Kept,
            stream: stream.as_ref().map(|(s, _)| *s),
        };
        // Slices keep `citations.json` in the site's order without holding every page's part.
        let slice = if turn.stream.is_some() {
            512
        } else {
            todo.len().max(1)
        };
        // Each slice's annotations are written while the next slice is cited, so no core
        // waits for the writing.
        let mut pending: Vec<Option<StreamedPage>> = Vec::new();
        for part in todo.chunks_mut(slice) {
            let (made, ()) = rayon::join(
                || {
                    part.par_iter_mut()
                        .map(|(_, state)| turn.cite(state))
                        .collect()
                },
                || {
                    if let Some((_, collector)) = &mut stream {
                        collector.take(std::mem::take(&mut pending).into_iter().flatten());
                    }
                },
            );
            pending = made;
        }
        if let Some((_, collector)) = &mut stream {
            collector.take(pending.into_iter().flatten());
        }
        for (_, state) in todo {
            state.version = self.next_version;
            self.next_version += 1;
        }
    }
}
/// What citing a page needs of the build.
pub(super) struct Cite<'a> {
    pub(super) found: &'a [Found],
    pub(super) config: &'a Config,
    pub(super) known: &'a Known<'a>,
    /// The layout's and images' key the pages are cited with.
    pub(super) key: ContentDigest,
}

/// One page's turn in the citing pass.
struct Turn<'a> {
    cite: &'a Cite<'a>,
    /// The page files, when a one-off build reads each page's whole text again to cite it.
    files: Option<HashMap<&'a Path, &'a Found>>,
    overlay: &'a texts::Overlay,
    /// Whether the session keeps every page's body and panel.
    kept: bool,
    stream: Option<&'a Stream<'a>>,
}

impl Turn<'_> {
    /// Cites one page; with a stream, renders it too.
    fn cite(&self, state: &mut PageState) -> Option<StreamedPage> {
        let Ok(Some(page)) = &mut state.parsed else {
            return None;
        };
        let key = self.cite.key;
        let whole = match reread::whole(self.overlay, self.files.as_ref(), page) {
            Ok(whole) => whole,
            Err(d) => {
                state.citing = Some(Citing::failed(key, d));
                return None;
            }
        };
        let page_in: &Page = whole.as_ref().unwrap_or(page);
        let known = self.cite.known;
        let cite_page::CitedPage { cited, findings } =
            cite_page::cite(page_in, self.cite.config, known);
        let outline = Outline::of(page_in, &cited, known.sources);
        let streamed = self.stream.map(|s| s.page(page_in, &cited, &findings));
        let hold = self.kept || (self.stream.is_some() && Stream::holds(page_in));
        // A page that shows a raster image, or names its template, keeps its text: publishing
        // the image comes later and names its place in the text if it fails, as does a
        // missing template.
        if self.files.is_some() && page.meta.template.is_none() && cited.body.images.is_empty() {
            page.file = texts::front_matter_only(&page.file, page.body_offset);
        } else if let Some(whole) = whole {
            page.file = whole.file;
        }
        state.citing = Some(Citing {
            key,
            outline,
            cited: hold.then(|| Box::new(cited)),
            findings,
        });
        state.annotations = None;
        streamed
    }
}
