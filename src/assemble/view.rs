//! The view models: what each template sees, as data. Assemble fills them from every checked
//! page; render adds the markup (marked quotes, panel entries, JSON-LD, a source's full text)
//! and runs the theme, so no HTML is made here.

use std::ops::Range;

use serde::Serialize;

use crate::cite::panel::Entry;
use crate::parse::byline::{Author, Correction, Lead};
use crate::parse::markdown::TocEntry;
use crate::parse::source::SourceRecord;
use crate::text::article::SourceText;

/// A page as listed in navigation and sections.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i64>,
}

/// What a page template sees as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageData<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    pub url: &'a str,
    pub permalink: &'a str,
    pub path: &'a str,
    pub content: &'a str,
    pub word_count: usize,
    pub reading_time: usize,
    pub is_home: bool,
    pub toc: &'a [TocEntry],
    /// The panel entries, each with its passage link; render shows them as `page.citations`,
    /// their quotes marked, and lists their sources in the page's JSON-LD.
    #[serde(skip)]
    pub entries: Vec<Entry>,
    pub sources: Vec<SourceRecord>,
    pub extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
    pub pages: Vec<PageLink>,
    pub authors: &'a [Author],
    pub corrections: &'a [Correction],
    /// The date of the latest correction, for the note under the headline.
    pub corrected: Option<&'a str>,
    /// The lead image, shown under the headline; render adds its `<picture>` when it is a PNG
    /// or JPEG and shows it as `page.image`.
    #[serde(skip)]
    pub image: Option<&'a Lead>,
    /// The image social networks show for the page (`og:image`), by absolute URL; None when
    /// the site's base URL has no host.
    pub share_image: Option<ShareImage>,
}

/// An image for `og:image` and `twitter:image`.
#[derive(Debug, Clone, Serialize)]
pub struct ShareImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// A passage on a source's page.
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    pub id: String,
    pub number: usize,
    pub before: String,
    /// The passage as stored, and where the citing places' figures are in it (bytes): render
    /// shows it as `quote_html`, those figures marked.
    #[serde(skip)]
    pub quote: String,
    #[serde(skip)]
    pub marks: Vec<Range<usize>>,
    /// Where the passage is in the source's text, to mark it in the full text.
    #[serde(skip)]
    pub span: Range<usize>,
    pub after: String,
    /// The passage is in a photo caption or credit, not the article's body.
    pub caption: bool,
    pub cited_by: Vec<CitedBy>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct CitedBy {
    pub title: String,
    pub url: String,
}

/// What `source.html` sees as `source`; render adds its passages with their quotes marked,
/// its whole text when its rights allow (`full_html`) and its JSON-LD.
#[derive(Debug, Clone, Serialize)]
pub struct SourceData<'a> {
    #[serde(flatten)]
    pub record: SourceRecord,
    pub permalink: String,
    #[serde(skip)]
    pub passages: Vec<Passage>,
    /// The stored text, for the full text of a `rights: full` source.
    #[serde(skip)]
    pub text: &'a SourceText,
    /// How many of the source's figures the site cites, of how many it has (see
    /// `cite::coverage`).
    pub figures_cited: usize,
    pub figures_total: usize,
}
