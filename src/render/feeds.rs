//! The files for machines: sitemap.xml, robots.txt, atom.xml, JSON-LD on each page and
//! citations.json, the site's every citation as W3C Web Annotations so anyone can re-check them.

use serde::Serialize;
use serde_json::{Value, json};

use crate::cite::panel::Entry;
use crate::load::config::Config;
use crate::parse::byline::Byline;
use crate::render::escape::escape;

/// A page as the feeds see it.
pub struct FeedPage<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub permalink: &'a str,
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
}

/// Every page and source page, for search engines.
pub fn sitemap(urls: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(loc));
        xml.push_str("</loc>");
        if let Some(date) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&escape(date));
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        config.base_url
    )
}

/// An Atom feed of the dated pages, newest first; None when no page has a date, since a feed
/// must say when it was updated and the build will not invent a date.
pub fn atom(config: &Config, pages: &[FeedPage<'_>]) -> Option<String> {
    let mut dated: Vec<&FeedPage<'_>> = pages.iter().filter(|p| p.date.is_some()).collect();
    dated.sort_by(|a, b| b.date.cmp(&a.date).then(a.permalink.cmp(b.permalink)));
    let newest = dated.iter().filter_map(|p| p.updated.or(p.date)).max()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    xml.push_str(&format!(" xml:lang=\"{}\">\n", escape(&config.language)));
    xml.push_str(&format!("  <title>{}</title>\n", escape(&config.title)));
    xml.push_str(&format!(
        "  <link href=\"{}\"/>\n",
        escape(&config.base_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}atom.xml\"/>\n",
        escape(&config.base_url)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&config.base_url)));
    xml.push_str(&format!("  <updated>{}</updated>\n", rfc3339(newest)));
    if let Some(author) = &config.author {
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(author)
        ));
    }
    for page in dated {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(page.title)));
        xml.push_str(&format!(
            "    <link href=\"{}\"/>\n",
            escape(page.permalink)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape(page.permalink)));
        let updated = page.updated.or(page.date).unwrap_or(newest);
        xml.push_str(&format!("    <updated>{}</updated>\n", rfc3339(updated)));
        if let Some(date) = page.date {
            xml.push_str(&format!("    <published>{}</published>\n", rfc3339(date)));
        }
        if let Some(d) = page.description {
            xml.push_str(&format!("    <summary>{}</summary>\n", escape(d)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

/// Atom wants full timestamps; a bare date is taken as midnight UTC.
fn rfc3339(date: &str) -> String {
    if date.len() == 10 {
        format!("{date}T00:00:00Z")
    } else {
        date.replacen(' ', "T", 1)
    }
}

/// schema.org Article with its citations, for search engines and fact-checkers' tools.
pub fn jsonld(config: &Config, page: &FeedPage<'_>, byline: &Byline, entries: &[Entry]) -> String {
    let mut seen = Vec::new();
    let citations: Vec<Value> = entries
        .iter()
        .filter(|e| {
            let new = !seen.contains(&e.source.id);
            seen.push(e.source.id.clone());
            new
        })
        .map(|e| {
            let mut work = json!({
                "@type": "CreativeWork",
                "name": e.source.title,
                "publisher": {"@type": "Organization", "name": e.source.publisher},
            });
            if let Some(url) = &e.source.url {
                work["url"] = json!(url);
            }
            let people: Vec<serde_json::Value> = e
                .source
                .authors
                .iter()
                .map(|name| json!({"@type": "Person", "name": name}))
                .collect();
            match people.as_slice() {
                [] => {}
                [one] => work["author"] = one.clone(),
                _ => work["author"] = json!(people),
            }
            if let Some(date) = &e.source.published {
                work["datePublished"] = json!(date);
            }
            work
        })
        .collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "url": page.permalink,
        "inLanguage": config.language,
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": config.base_url},
    });
    if let Some(d) = page.description {
        article["description"] = json!(d);
    }
    if let Some(d) = page.date {
        article["datePublished"] = json!(d);
    }
    if let Some(d) = page.updated {
        article["dateModified"] = json!(d);
    }
    let authors: Vec<Value> = byline
        .authors
        .iter()
        .map(|a| match &a.url {
            Some(url) => json!({"@type": "Person", "name": a.name, "url": url}),
            None => json!({"@type": "Person", "name": a.name}),
        })
        .collect();
    match authors.as_slice() {
        [] => {}
        [one] => article["author"] = one.clone(),
        _ => article["author"] = json!(authors),
    }
    if !byline.corrections.is_empty() {
        let corrections: Vec<Value> = byline
            .corrections
            .iter()
            .map(|c| json!({"@type": "CorrectionComment", "datePublished": c.date, "text": c.text}))
            .collect();
        article["correction"] = json!(corrections);
    }
    if !citations.is_empty() {
        article["citation"] = json!(citations);
    }
    script_safe(&article.to_string())
}

/// JSON inside a `<script>` must neither close it nor open a comment or another script:
/// `<`, `>` and `&` are written as JSON escapes, which mean the same characters.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// One citing place as a W3C Web Annotation: the target is the passage in the stored text
/// (quote and position selectors), the body the place on the site that cites it.
pub struct Annotation<'a> {
    pub page_permalink: &'a str,
    pub page_title: &'a str,
    pub anchor: &'a str,
    pub figure: &'a str,
    pub entry: &'a Entry,
    pub source_text: &'a str,
    pub source_permalink: &'a str,
}

/// Writes the document around the annotations of every page (each page's items already
/// joined), streaming, so a large site's list is never held whole in memory.
pub fn write_citations_json<S: AsRef<str>>(
    out: &mut dyn std::io::Write,
    pages: impl Iterator<Item = S>,
    total: usize,
) -> std::io::Result<()> {
    out.write_all(
        b"{\n\"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n\"type\": \"AnnotationCollection\",\n\"label\": \"Every citation of the site, checked at build time\",\n",
    )?;
    write!(out, "\"total\": {total},\n\"items\": [\n")?;
    let mut first = true;
    for items in pages {
        let items = items.as_ref();
        if items.is_empty() {
            continue;
        }
        if !first {
            out.write_all(b",\n")?;
        }
        first = false;
        out.write_all(items.as_bytes())?;
    }
    out.write_all(b"\n]\n}\n")
}

#[derive(Serialize)]
struct Item<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    motivation: &'static str,
    body: Body<'a>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    title: &'a str,
    selector: Fragment<'a>,
    value: &'a str,
}

#[derive(Serialize)]
struct Fragment<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    title: &'a str,
    publisher: &'a str,
    #[serde(rename = "storedCopy")]
    stored_copy: &'a str,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// One citing place as a JSON item.
pub fn annotation(a: &Annotation<'_>) -> Result<String, serde_json::Error> {
    let Some(located) = &a.entry.located else {
        return Ok(String::new());
    };
    let exact = a.source_text.get(a.entry.span.clone()).unwrap_or("");
    let item = Item {
        kind: "Annotation",
        id: format!("{}#{}", a.page_permalink, a.anchor),
        motivation: "linking",
        body: Body {
            kind: "SpecificResource",
            source: a.page_permalink,
            title: a.page_title,
            selector: Fragment {
                kind: "FragmentSelector",
                value: a.anchor,
            },
            value: a.figure,
        },
        target: Target {
            source: a.entry.source.url.as_deref().unwrap_or(a.source_permalink),
            title: &a.entry.source.title,
            publisher: &a.entry.source.publisher,
            stored_copy: a.source_permalink,
            selector: (
                QuoteSelector {
                    kind: "TextQuoteSelector",
                    exact,
                    prefix: &located.prefix,
                    suffix: &located.suffix,
                },
                PositionSelector {
                    kind: "TextPositionSelector",
                    start: located.chars.start,
                    end: located.chars.end,
                },
            ),
        },
    };
    serde_json::to_string(&item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            std::path::Path::new("site.yaml"),
            "title: T & co\nbase_url: https://ex.org/x/\n",
        )
        .unwrap()
    }

    #[test]
    fn the_feed_lists_dated_pages_newest_first_and_escapes() {
        let pages = [
            FeedPage {
                title: "Old",
                description: None,
                permalink: "https://ex.org/x/old/",
                date: Some("2024-01-01"),
                updated: None,
            },
            FeedPage {
                title: "New <b>",
                description: None,
                permalink: "https://ex.org/x/new/",
                date: Some("2024-05-01"),
                updated: None,
            },
            FeedPage {
                title: "Undated",
                description: None,
                permalink: "https://ex.org/x/u/",
                date: None,
                updated: None,
            },
        ];
        let xml = atom(&config(), &pages).unwrap();
        assert!(xml.contains("<title>T &amp; co</title>"));
        assert!(xml.find("New &lt;b&gt;").unwrap() < xml.find("Old").unwrap());
        assert!(!xml.contains("Undated"));
        assert!(xml.contains("<updated>2024-05-01T00:00:00Z</updated>"));
        assert!(atom(&config(), &pages[2..]).is_none());
    }

    #[test]
    fn jsonld_cannot_close_its_script() {
        let page = FeedPage {
            title: "</script><!-- <script> & co",
            description: None,
            permalink: "p",
            date: None,
            updated: None,
        };
        let out = jsonld(&config(), &page, &Byline::default(), &[]);
        assert!(!out.contains('<') && !out.contains('>'), "{out}");
        let parsed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed["headline"], "</script><!-- <script> & co");
    }

    #[test]
    fn the_citations_document_is_valid_json() {
        let mut doc = Vec::new();
        write_citations_json(
            &mut doc,
            ["{\"a\":1},\n{\"b\":2}", "", "{\"c\":3}"].into_iter(),
            3,
        )
        .unwrap();
        let doc = String::from_utf8(doc).unwrap();
        let parsed: Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(parsed["total"], 3);
        assert_eq!(parsed["items"].as_array().unwrap().len(), 3);
        let mut empty = Vec::new();
        write_citations_json(&mut empty, std::iter::empty::<&str>(), 0).unwrap();
        let empty: Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(empty["items"].as_array().unwrap().len(), 0);
    }
}
