//! The files for machines: sitemap.xml, robots.txt, atom.xml, JSON-LD on each page and
//! citations.json, the site's every citation as W3C Web Annotations so anyone can re-check them
//! (each annotation is assembled in `assemble/annotation.rs`; this writes the document around
//! them).

use serde_json::{Value, json};

use crate::assemble::annotation::CONTEXT;
use crate::cite::panel::Entry;
use crate::load::config::Config;
use crate::parse::byline::{Author, Correction};
use crate::parse::source::SourceRecord;
use crate::render::escape::escape;

/// A page as the feeds see it.
pub struct FeedPage<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub permalink: &'a str,
    pub date: Option<&'a str>,
    pub updated: Option<&'a str>,
    /// The byline, each name an Atom `<author>` of the page's entry and a JSON-LD `Person`.
    pub authors: &'a [Author],
}

/// Every page and source page, for search engines.
pub fn sitemap(urls: &[(String, Option<String>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&uri(loc)));
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

/// A sitemap's `<loc>` must be a URI: letters outside ASCII (in a page's slug or a source's
/// id) are written as their escaped UTF-8 bytes, which name the same page.
fn uri(iri: &str) -> String {
    percent_encoding::utf8_percent_encode(iri, percent_encoding::CONTROLS).to_string()
}

/// robots.txt; its `Sitemap:` line must be an absolute URL, so a site whose base URL has no
/// host (which has no sitemap either) leaves it out.
pub fn robots(config: &Config) -> String {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if config.has_host() {
        robots.push_str(&format!("Sitemap: {}sitemap.xml\n", config.base_url));
    }
    robots
}

/// An Atom feed of the dated pages, newest first; None when no page has a date, since a feed
/// must say when it was updated and the build will not invent a date. Each entry names its
/// page's `authors:`; the feed's own `<author>` comes from `author:` in site.yaml alone. A page
/// without authors gets no invented one: RFC 4287 (4.1.1) then wants the feed-level author,
/// which the site's owner gives by setting `author:`.
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
        for author in page.authors {
            xml.push_str(&format!(
                "    <author><name>{}</name>",
                escape(&author.name)
            ));
            if let Some(url) = &author.url {
                xml.push_str(&format!("<uri>{}</uri>", escape(url)));
            }
            xml.push_str("</author>\n");
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
pub fn jsonld(
    config: &Config,
    page: &FeedPage<'_>,
    corrections: &[Correction],
    entries: &[Entry],
) -> String {
    let mut seen = Vec::new();
    let citations: Vec<Value> = entries
        .iter()
        .filter(|e| {
            let new = !seen.contains(&e.source.id);
            seen.push(e.source.id.clone());
            new
        })
        .map(|e| cited_work(&e.source))
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
    let authors: Vec<Value> = page
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
    if !corrections.is_empty() {
        let corrections: Vec<Value> = corrections
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

/// A source as schema.org describes a work: what its record states, and the digest of its
/// stored text as an identifier, so a reader's tool can check the text a quote came from.
fn cited_work(source: &SourceRecord) -> Value {
    let mut work = json!({
        "@type": "CreativeWork",
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    });
    if let Some(url) = &source.url {
        work["url"] = json!(url);
    }
    let people: Vec<Value> = source
        .authors
        .iter()
        .map(|name| json!({"@type": "Person", "name": name}))
        .collect();
    match people.as_slice() {
        [] => {}
        [one] => work["author"] = one.clone(),
        _ => work["author"] = json!(people),
    }
    if let Some(date) = &source.published {
        work["datePublished"] = json!(date);
    }
    work["identifier"] = json!({
        "@type": "PropertyValue",
        "propertyID": "textDigest",
        "value": source.text_digest,
    });
    work
}

/// The JSON-LD of a source's page on this site: the work, with the digest of its text.
pub fn source_jsonld(source: &SourceRecord) -> String {
    let mut work = cited_work(source);
    work["@context"] = json!("https://schema.org");
    script_safe(&work.to_string())
}

/// JSON inside a `<script>` must neither close it nor open a comment or another script:
/// `<`, `>` and `&` are written as JSON escapes, which mean the same characters.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Writes the document around the annotations of every page (each page's items already
/// joined), streaming, so a large site's list is never held whole in memory. The collection
/// (§5.1) has an IRI and names its first and only page; the page (§5.2) has its own IRI, says
/// which collection it is part of and lists the annotations. A site with no annotation has no
/// page, since a page must hold at least one.
pub fn write_citations_json<S: AsRef<str>>(
    out: &mut dyn std::io::Write,
    base_url: &str,
    pages: impl Iterator<Item = S>,
    total: usize,
) -> std::io::Result<()> {
    let mut json = CitationsJson::start(out, base_url)?;
    for items in pages {
        json.page(out, items.as_ref())?;
    }
    json.end(out, total)
}

/// `citations.json` written a page at a time, as a build cites its pages. The count of
/// annotations comes last, once every page is cited: JSON's members have no order, and a
/// build that held every page's annotations to count them first would hold the whole list.
pub struct CitationsJson {
    id: String,
    first: bool,
}

impl CitationsJson {
    /// Writes the collection's opening members.
    pub fn start(out: &mut dyn std::io::Write, base_url: &str) -> std::io::Result<CitationsJson> {
        let id = format!("{base_url}citations.json");
        write!(
            out,
            "{{\n\"@context\": {},\n\"id\": {},\n\"type\": \"AnnotationCollection\",\n\"label\": \"Every citation of the site, checked at build time\"",
            quoted(CONTEXT),
            quoted(&id),
        )?;
        Ok(CitationsJson { id, first: true })
    }

    /// Writes one page's annotations, already joined by commas (none: nothing).
    pub fn page(&mut self, out: &mut dyn std::io::Write, items: &str) -> std::io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        if self.first {
            write!(
                out,
                ",\n\"first\": {{\n\"id\": {},\n\"type\": \"AnnotationPage\",\n\"partOf\": {},\n\"startIndex\": 0,\n\"items\": [\n",
                quoted(&format!("{}#page-1", self.id)),
                quoted(&self.id),
            )?;
        } else {
            out.write_all(b",\n")?;
        }
        self.first = false;
        out.write_all(items.as_bytes())
    }

    /// Closes the list and the collection, with the number of annotations written.
    pub fn end(self, out: &mut dyn std::io::Write, total: usize) -> std::io::Result<()> {
        if !self.first {
            out.write_all(b"\n]\n}")?;
        }
        write!(out, ",\n\"total\": {total}\n}}\n")
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
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
                authors: &[],
            },
            FeedPage {
                title: "New <b>",
                description: None,
                permalink: "https://ex.org/x/new/",
                date: Some("2024-05-01"),
                updated: None,
                authors: &[],
            },
            FeedPage {
                title: "Undated",
                description: None,
                permalink: "https://ex.org/x/u/",
                date: None,
                updated: None,
                authors: &[],
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
            authors: &[],
        };
        let out = jsonld(&config(), &page, &[], &[]);
        assert!(!out.contains('<') && !out.contains('>'), "{out}");
        let parsed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed["headline"], "</script><!-- <script> & co");
    }

    #[test]
    fn the_citations_document_is_valid_json() {
        let mut doc = Vec::new();
        write_citations_json(
            &mut doc,
            "https://ex.org/",
            ["{\"a\":1},\n{\"b\":2}", "", "{\"c\":3}"].into_iter(),
            3,
        )
        .unwrap();
        let doc = String::from_utf8(doc).unwrap();
        let parsed: Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(parsed["total"], 3);
        assert_eq!(parsed["id"], "https://ex.org/citations.json");
        assert_eq!(parsed["first"]["partOf"], "https://ex.org/citations.json");
        assert_eq!(parsed["first"]["items"].as_array().unwrap().len(), 3);
        let mut empty = Vec::new();
        write_citations_json(&mut empty, "/", std::iter::empty::<&str>(), 0).unwrap();
        let empty: Value = serde_json::from_slice(&empty).unwrap();
        assert_eq!(empty["total"], 0);
        assert!(
            empty.get("first").is_none(),
            "a page holds one annotation or more"
        );
    }
}
