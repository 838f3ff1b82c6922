//! Remove what is not the article before the extractor looks for it, counting each removal by
//! kind, and take the photo captions and credits out to go to the record.
//!
//! The reader-view extractor drops page furniture too, but silently; removing the known kinds
//! first lets the import say what it left out, and keeps a sign-in prompt or a share bar placed
//! inside the article's body out of the stored text.

use dom_query::{Document, NodeRef};

use super::metadata::{collapse, nodes};
use super::{Dropped, Kind};

/// Each kind and the markup that shows it, in the order they are removed: outer furniture
/// first, so a share bar inside a footer counts once, as the footer.
const RULES: &[(Kind, &str)] = &[
    (Kind::Script, "script, style, noscript, template"),
    (
        Kind::SiteHeader,
        "body > header, [role='banner'], [class*='site-header'], [class*='masthead']",
    ),
    (
        Kind::Navigation,
        "nav, [role='navigation'], [class*='breadcrumb'], [class*='skip-link'], [class*='menu']",
    ),
    (
        Kind::Footer,
        "footer, [role='contentinfo'], [class*='copyright'], [class*='site-footer']",
    ),
    (
        Kind::Comments,
        "[id*='comments'], [class*='comments'], #disqus_thread",
    ),
    (
        Kind::Related,
        "[class*='related'], [class*='recommend'], [class*='more-stories'], [class*='read-more'], \
         [class*='most-popular'], [class*='trending'], [class*='teaser']",
    ),
    (
        Kind::ShareBar,
        "[class*='share'], [class*='social'], amp-social-share",
    ),
    (
        Kind::Prompt,
        "[class*='paywall'], [class*='subscri'], [class*='signin'], [class*='sign-in'], \
         [class*='login'], [class*='log-in'], [class*='regwall'], [class*='newsletter'], \
         [class*='register']",
    ),
    (
        Kind::Consent,
        "[class*='cookie'], [id*='cookie'], [class*='consent'], [id*='consent']",
    ),
    (
        Kind::Advert,
        "amp-ad, amp-embed, ins.adsbygoogle, [class*='advert'], [class~='ad'], [class*='ad-slot'], \
         [class*='ad-unit'], [class*='ad-container'], [class*='sponsor']",
    ),
    (Kind::Aside, "aside"),
    (
        Kind::Embed,
        "form, button, iframe, amp-iframe, svg, input, select, textarea, dialog",
    ),
    (Kind::Headline, "h1"),
    (
        Kind::Byline,
        "[class*='byline'], a[rel~='author'], [itemprop~='author'], [class*='dateline'], \
         [class*='entry-meta'], [class*='post-meta'], [class*='article-meta'], [class*='pubdate'], \
         [class*='timestamp'], address",
    ),
    (
        Kind::FootnoteMarker,
        "a.footnote-ref, sup.footnote-ref, a[role='doc-noteref'], a[href^='#fn'], \
         a[href^='#footnote'], a.footnote-backref, a[role='doc-backlink']",
    ),
];

/// Where captions and credits are marked up.
const CAPTIONS: &str = "figcaption, figure [class*='credit'], [class*='caption'], \
     [class*='image-credit'], [class*='photo-credit']";
/// Pictures and media: no text of the article, removed without a count once their captions
/// are taken.
const MEDIA: &str = "figure, picture, img, amp-img, video, audio";

/// Removes the furniture from `doc`, counting it in `dropped`; returns the captions and
/// credits, in page order.
pub(crate) fn clean(doc: &Document, dropped: &mut Dropped) -> Vec<String> {
    for (kind, selector) in RULES {
        for node in nodes(doc, selector) {
            if attached(&node) && !holds_article(&node) {
                node.remove_from_parent();
                *dropped.by_kind.entry(*kind).or_default() += 1;
            }
        }
    }
    let mut captions = Vec::new();
    for node in nodes(doc, CAPTIONS) {
        if !attached(&node) || holds_article(&node) {
            continue;
        }
        let text = collapse(&node.text());
        node.remove_from_parent();
        if !text.is_empty() {
            captions.push(text);
            *dropped.by_kind.entry(Kind::Caption).or_default() += 1;
        }
    }
    for node in nodes(doc, MEDIA) {
        if attached(&node) && !holds_article(&node) {
            node.remove_from_parent();
        }
    }
    captions
}

/// Still in the document: not inside something already removed.
fn attached(node: &NodeRef<'_>) -> bool {
    node.ancestors_it(None)
        .last()
        .is_some_and(|a| a.is_document())
}

/// A page's whole article can sit in an element whose class happens to match a rule (a
/// `paywall-content` wrapper, a `has-share-bar` body): such an element is never removed.
fn holds_article(node: &NodeRef<'_>) -> bool {
    let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
    if matches!(name.as_str(), "html" | "head" | "body" | "main" | "article") {
        return true;
    }
    let inner = dom_query::Selection::from(*node);
    if inner
        .try_select("article, main, [itemprop~='articleBody']")
        .is_some_and(|s| s.exists())
    {
        return true;
    }
    let long_paragraphs = inner.try_select("p").map_or(0, |ps| {
        ps.nodes()
            .iter()
            .filter(|p| p.text().chars().count() >= 100)
            .count()
    });
    long_paragraphs >= 3
}
