//! A source as parse reads it: its record, its text cut into normalised paragraphs, its page's
//! URL. The cite stage takes it and checks quotes against it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use serde::Serialize;

use crate::load::digest::ContentDigest;
use crate::parse::front_matter::{Rights, SourceMeta};
use crate::text::article::{QuoteMatch, SourceText};

/// A source: its record, its text normalised once, its page.
pub struct Source {
    pub id: String,
    pub file: PathBuf,
    pub meta: SourceMeta,
    pub text: SourceText,
    /// The line of the file where the body starts, to name lines of the source in diagnostics.
    pub body_line: usize,
    /// The line of the `captions:` key, to name for a passage of a caption.
    pub captions_line: usize,
    /// Path-absolute URL of the source's page on this site.
    pub url: String,
    /// The record as themes see it, made once.
    pub record: Arc<SourceRecord>,
    /// A digest of the source's file and its page URL: what results that use this source are
    /// keyed by.
    pub digest: ContentDigest,
    /// Quotes already found in this source, kept here by the cite stage's search so that a quote
    /// cited by many pages is searched once, and forgotten with the source when its file changes.
    pub memo: RwLock<HashMap<String, Arc<Located>>>,
}

/// A quote found in a source, with what every citation of it needs from the source text.
#[derive(Debug, Clone)]
pub struct Located {
    pub found: QuoteMatch,
    pub before: Arc<str>,
    pub after: Arc<str>,
    /// The quote's place in the stored text in characters, as W3C text positions count.
    pub chars: Range<usize>,
    /// Up to 32 characters of the source on each side, for W3C text quote selectors.
    pub prefix: String,
    pub suffix: String,
    /// The figures of the quote as cited, read once for every citation of it.
    pub figures: Vec<crate::text::figures::Figure>,
    /// The figures of the passage as the source writes it, read once too: the source's page
    /// marks the cited ones.
    pub passage_figures: Vec<crate::text::figures::Figure>,
}

/// The record as themes see it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceRecord {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub author: Option<String>,
    /// Every author: `author` first, then `authors`.
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub accessed: Option<String>,
    pub retrieved: Option<String>,
    pub rights: Rights,
    pub page_url: String,
    /// `sha256:…` of the normalised text (see [`crate::text::digest`]), published so a reader
    /// can check that the text quoted is the text stored.
    pub text_digest: String,
}

impl Source {
    /// The record as themes see it; shared by every entry citing this source.
    pub fn record(&self) -> Arc<SourceRecord> {
        Arc::clone(&self.record)
    }

    /// Makes the record once, when the source is read.
    pub fn make_record(&self) -> SourceRecord {
        SourceRecord {
            id: self.id.clone(),
            title: self.meta.title.clone(),
            publisher: self.meta.publisher.clone(),
            author: self.meta.author.clone(),
            authors: self
                .meta
                .author
                .iter()
                .chain(&self.meta.authors)
                .cloned()
                .collect(),
            url: self.meta.url.clone(),
            published: self.meta.published.clone(),
            modified: self.meta.modified.clone(),
            accessed: self.meta.accessed.clone(),
            retrieved: self.meta.retrieved.clone(),
            rights: self.meta.rights,
            page_url: self.url.clone(),
            text_digest: crate::text::digest::text_digest(&self.text),
        }
    }

    pub(crate) fn line_of(&self, offset: usize) -> usize {
        if self.text.in_captions(offset) {
            return self.captions_line;
        }
        let body = self.text.text();
        self.body_line + body.get(..offset).map_or(0, |b| b.matches('\n').count())
    }
}
