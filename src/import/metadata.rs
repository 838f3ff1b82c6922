//! What a page says about itself: title, publisher, authors, dates and address, read only from
//! the places a publisher states them (schema.org JSON-LD, Open Graph and `article:` meta tags,
//! `<title>`, `<link rel=canonical>`, author markup). Nothing is inferred from the prose.

use dom_query::{Document, NodeRef};
use serde_json::Value;

use crate::parse::front_matter::is_iso_date;

/// The record's facts as the page states them; `notes` says what the page stated but the
/// record cannot hold (a date that is not ISO 8601, a relative URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Facts {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub url: Option<String>,
    pub notes: Vec<String>,
}

/// schema.org types of a news or blog article, whose JSON-LD describes the page's own article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "AnalysisNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "BlogPosting",
    "Report",
];

/// Reads the facts; the first place in each list that states a fact wins.
pub(crate) fn read(doc: &Document) -> Facts {
    let mut notes = Vec::new();
    let ld = json_ld(doc, &mut notes);
    let ld = ld.as_ref();
    let publisher = ld
        .and_then(|a| a.get("publisher"))
        .and_then(|p| names(p).into_iter().next())
        .or_else(|| meta(doc, "og:site_name"));
    let title = ld
        .and_then(|a| text_of(a.get("headline")))
        .or_else(|| meta(doc, "og:title"))
        .or_else(|| page_title(doc, publisher.as_deref()));
    let mut authors = ld
        .and_then(|a| a.get("author"))
        .map_or_else(Vec::new, names);
    if authors.is_empty() {
        authors = meta(doc, "author")
            .into_iter()
            .chain(meta(doc, "article:author").filter(|a| !a.contains("://")))
            .collect();
    }
    if authors.is_empty() {
        authors = byline_authors(doc);
    }
    authors.dedup();
    let mut date = |key: &str, ld_key: &str, prop: &str| {
        let stated = ld
            .and_then(|a| text_of(a.get(ld_key)))
            .or_else(|| meta(doc, key))
            .or_else(|| itemprop_date(doc, prop))?;
        let fixed = fix_zone(&stated);
        if is_iso_date(&fixed) {
            Some(fixed)
        } else {
            notes.push(format!(
                "the page states the date `{stated}` ({ld_key}), which is not an ISO 8601 date; left out"
            ));
            None
        }
    };
    let published = date("article:published_time", "datePublished", "datePublished");
    let modified = date("article:modified_time", "dateModified", "dateModified");
    let url = page_url(doc, ld, &mut notes);
    Facts {
        title,
        publisher,
        authors,
        published,
        modified,
        url,
        notes,
    }
}

/// The first JSON-LD object of an article type, looking inside arrays and `@graph`.
fn json_ld(doc: &Document, notes: &mut Vec<String>) -> Option<Value> {
    let mut found = None;
    for script in nodes(doc, "script[type='application/ld+json']") {
        let text = script.text();
        let value: Value = match serde_json::from_str(text.trim()) {
            Ok(v) => v,
            Err(e) => {
                notes.push(format!(
                    "a JSON-LD block could not be read ({e}); it was ignored"
                ));
                continue;
            }
        };
        let mut items = vec![value];
        // Two levels (an array, then a `@graph`) are all that schema.org blocks use.
        for _ in 0..2 {
            items = items
                .into_iter()
                .flat_map(|v| match v {
                    Value::Array(a) => a,
                    Value::Object(mut o) => match o.remove("@graph") {
                        Some(Value::Array(g)) => g,
                        _ => vec![Value::Object(o)],
                    },
                    other => vec![other],
                })
                .collect();
        }
        if found.is_none() {
            found = items.into_iter().find(is_article);
        }
    }
    found
}

fn is_article(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

/// Names in a schema.org value: a string, an object's `name`, or a list of either.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items
            .iter()
            .filter_map(|i| match i {
                Value::Array(_) => None,
                other => names(other).into_iter().next(),
            })
            .collect(),
        Value::Object(o) => text_of(o.get("name")).into_iter().collect(),
        other => text_of(Some(other)).into_iter().collect(),
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(collapse)
        .filter(|s| !s.is_empty())
}

/// A `<meta>` tag's content, by `property` (Open Graph, `article:`) or by `name`.
fn meta(doc: &Document, key: &str) -> Option<String> {
    let selector = format!("meta[property='{key}'], meta[name='{key}']");
    nodes(doc, &selector)
        .into_iter()
        .filter_map(|m| m.attr("content"))
        .map(|c| collapse(&c))
        .find(|c| !c.is_empty())
}

/// `<title>`, less a trailing "| Publisher" when the publisher is known to be that name.
fn page_title(doc: &Document, publisher: Option<&str>) -> Option<String> {
    let title = collapse(&nodes(doc, "head title").first()?.text());
    if let Some(publisher) = publisher {
        for sep in [" | ", " - ", " – ", " — ", " · ", " :: "] {
            if let Some(head) = title.strip_suffix(&format!("{sep}{publisher}")) {
                return Some(head.to_owned());
            }
        }
    }
    (!title.is_empty()).then_some(title)
}

/// Authors named by markup that says it names an author.
fn byline_authors(doc: &Document) -> Vec<String> {
    let mut found = Vec::new();
    for node in nodes(doc, "[itemprop~='author'], a[rel~='author']") {
        let name = nodes_in(&node, "[itemprop~='name']")
            .first()
            .map_or_else(|| node.text(), |n| n.text());
        let name = collapse(&name);
        let name = name
            .strip_prefix("By ")
            .or_else(|| name.strip_prefix("by "))
            .unwrap_or(&name)
            .to_owned();
        if !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// A date stated by microdata (`<time itemprop="datePublished" datetime="...">`).
fn itemprop_date(doc: &Document, prop: &str) -> Option<String> {
    let node = nodes(doc, &format!("[itemprop~='{prop}']"))
        .into_iter()
        .next()?;
    node.attr("datetime")
        .or_else(|| node.attr("content"))
        .map(|d| collapse(&d))
}

/// `+0000` to `+00:00`: the same instant in the form ISO 8601 and the record require.
fn fix_zone(date: &str) -> String {
    let b = date.as_bytes();
    let n = b.len();
    if n > 15
        && b[10] == b'T'
        && (b[n - 5] == b'+' || b[n - 5] == b'-')
        && b[n - 4..].iter().all(u8::is_ascii_digit)
    {
        return format!("{}:{}", &date[..n - 2], &date[n - 2..]);
    }
    date.to_owned()
}

/// The article's address: canonical link, then `og:url`, then JSON-LD; only absolute http(s).
fn page_url(doc: &Document, ld: Option<&Value>, notes: &mut Vec<String>) -> Option<String> {
    let canonical = nodes(doc, "link[rel~='canonical']")
        .into_iter()
        .find_map(|l| l.attr("href"))
        .map(|h| collapse(&h));
    let ld_url = ld.and_then(|a| {
        text_of(a.get("url")).or_else(|| match a.get("mainEntityOfPage") {
            Some(Value::Object(o)) => text_of(o.get("@id")),
            other => text_of(other),
        })
    });
    let stated: Vec<String> = canonical
        .into_iter()
        .chain(meta(doc, "og:url"))
        .chain(ld_url)
        .filter(|u| !u.is_empty())
        .collect();
    let absolute = stated
        .iter()
        .find(|u| u.starts_with("https://") || u.starts_with("http://"))
        .cloned();
    if absolute.is_none()
        && let Some(first) = stated.first()
    {
        notes.push(format!(
            "the page gives its address as `{first}`, which is not a full http(s) URL; left out"
        ));
    }
    absolute
}

/// Runs of HTML white space as one space, trimmed; no-break spaces are kept.
pub(crate) fn collapse(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The elements matching `selector`; none for a selector the engine cannot read.
pub(crate) fn nodes<'a>(doc: &'a Document, selector: &str) -> Vec<NodeRef<'a>> {
    doc.try_select(selector)
        .map(|s| s.nodes().to_vec())
        .unwrap_or_default()
}

fn nodes_in<'a>(node: &NodeRef<'a>, selector: &str) -> Vec<NodeRef<'a>> {
    dom_query::Selection::from(*node)
        .try_select(selector)
        .map(|s| s.nodes().to_vec())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_wins_over_meta_and_title() {
        let doc = Document::from(
            r#"<html><head><title>Other | Daily Lantern</title>
            <meta property="og:title" content="OG title">
            <meta property="og:site_name" content="Lantern">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"The  headline","author":[{"@type":"Person","name":"Ada Reyes"},"Tom Ode"],
               "publisher":{"@type":"Organization","name":"Daily Lantern"},"datePublished":"2025-02-03T08:00:00+0100"}]}</script>
            </head><body></body></html>"#,
        );
        let facts = read(&doc);
        assert_eq!(facts.title.as_deref(), Some("The headline"));
        assert_eq!(facts.publisher.as_deref(), Some("Daily Lantern"));
        assert_eq!(facts.authors, ["Ada Reyes", "Tom Ode"]);
        assert_eq!(
            facts.published.as_deref(),
            Some("2025-02-03T08:00:00+01:00")
        );
        assert_eq!(facts.modified, None);
    }

    #[test]
    fn nothing_stated_nothing_recorded() {
        let doc = Document::from("<html><body><h1>Just a heading</h1><p>Text</p></body></html>");
        assert_eq!(read(&doc), Facts::default());
    }

    #[test]
    fn a_date_that_is_not_iso_is_left_out_with_a_note() {
        let doc = Document::from(
            r#"<head><meta property="article:published_time" content="March 6, 2024"><link rel="canonical" href="/a/b"></head>"#,
        );
        let facts = read(&doc);
        assert_eq!(facts.published, None);
        assert_eq!(facts.url, None);
        assert_eq!(facts.notes.len(), 2, "{:?}", facts.notes);
    }

    #[test]
    fn the_title_loses_the_publisher_only_when_it_is_stated() {
        let doc = Document::from(
            r#"<head><title>Rain at last | The Weekly</title><meta property="og:site_name" content="The Weekly"></head>"#,
        );
        assert_eq!(read(&doc).title.as_deref(), Some("Rain at last"));
        let doc = Document::from("<head><title>Rain at last | The Weekly</title></head>");
        assert_eq!(
            read(&doc).title.as_deref(),
            Some("Rain at last | The Weekly")
        );
    }
}
