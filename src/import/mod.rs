//! Import: turn a saved article page (or a plain-text file) into a stored source.
//!
//! Every guarantee of the site rests on the stored text, so it is taken from the page by
//! machine rather than pasted by hand, and the record is filled only from what the page itself
//! states. The extraction is pure (HTML in, article out); the command in `cmd/source.rs` does the
//! reading and writing.

pub(crate) mod clean;
pub(crate) mod date;
pub(crate) mod extract;
pub(crate) mod footnotes;
pub(crate) mod id;
pub(crate) mod metadata;
pub(crate) mod paragraphs;
pub(crate) mod record;
pub(crate) mod text;

use std::collections::BTreeMap;

/// What the import kept of a page: the body's paragraphs, the photo captions and credits, what
/// the page says about itself, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Article {
    /// The body's paragraphs, then the footnotes, numbered.
    pub paragraphs: Vec<String>,
    pub footnotes: usize,
    pub captions: Vec<String>,
    pub facts: metadata::Facts,
    pub dropped: Dropped,
}

/// The kinds of page furniture the import removes before it looks for the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Kind {
    Script,
    SiteHeader,
    Navigation,
    Headline,
    Byline,
    ShareBar,
    Related,
    Prompt,
    Consent,
    Advert,
    Comments,
    Aside,
    Embed,
    FootnoteMarker,
    Footer,
    Caption,
}

impl Kind {
    /// How the summary names `n` of this kind.
    pub(crate) fn label(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::Script => ("script or style", "scripts and styles"),
            Kind::SiteHeader => ("site header", "site headers"),
            Kind::Navigation => ("navigation menu", "navigation menus"),
            Kind::Headline => ("headline", "headlines"),
            Kind::Byline => ("byline or dateline", "bylines and datelines"),
            Kind::ShareBar => ("share bar", "share bars"),
            Kind::Related => ("related-stories list", "related-stories lists"),
            Kind::Prompt => (
                "sign-in or subscription prompt",
                "sign-in and subscription prompts",
            ),
            Kind::Consent => ("cookie or consent notice", "cookie and consent notices"),
            Kind::Advert => ("advertisement", "advertisements"),
            Kind::Comments => ("comments section", "comments sections"),
            Kind::Aside => ("aside", "asides"),
            Kind::Embed => ("form, button or embed", "forms, buttons and embeds"),
            Kind::FootnoteMarker => ("footnote marker", "footnote markers"),
            Kind::Footer => (
                "footer or copyright notice",
                "footers and copyright notices",
            ),
            Kind::Caption => (
                "photo caption or credit (moved to the record)",
                "photo captions and credits (moved to the record)",
            ),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// What was left out, counted by kind, and the words of the page the extractor judged not to be
/// the article (teasers, menus and other text no rule above named).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dropped {
    pub by_kind: BTreeMap<Kind, usize>,
    pub other_words: usize,
}

/// Why a page could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImportError {
    TooDeep(usize),
    TooLarge(usize),
    NoText,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooDeep(n) => write!(
                f,
                "the page nests its elements at least {n} deep; at most {} levels are read",
                extract::MAX_DEPTH
            ),
            ImportError::TooLarge(n) => write!(
                f,
                "the page has {n} elements; at most {} are read",
                extract::MAX_ELEMENTS
            ),
            ImportError::NoText => f.write_str("no article text was found in the page"),
        }
    }
}

/// Words in `text`, as the summary counts them.
pub(crate) fn words(text: &str) -> usize {
    text.split_whitespace().count()
}
