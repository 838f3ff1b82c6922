//! Front matter: the YAML record between `---` lines at the top of a page or a source.
//!
//! Splitting keeps byte offsets so every later finding (a YAML error, a misquote in the body)
//! can name its line and column in the file as the editor sees it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::yaml;
use crate::diag::{Code, Diagnostic};

/// A file cut into its front matter and body, with where each starts in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Cuts `text` at its `---` lines. A byte-order mark and CRLF line endings are accepted.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() == "+++" {
        return Err(toml_front_matter(file, text, start));
    }
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(Code::FrontMatter, file, "this file has no front matter")
            .at(text, start..start + first.trim_end().len())
            .with_help("start the file with a `---` line, a `title: ...` line and a closing `---` line"));
    }
    let yaml_offset = start + first.len();
    let mut offset = yaml_offset;
    for line in lines {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_offset..offset],
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(Code::FrontMatter, file, "the front matter is never closed")
            .at(text, start..start + 3)
            .with_help("add a line with only `---` after the last front matter key"),
    )
}

/// The TOML block between `+++` lines at byte `start` of `text` (Zola's and Hugo's front
/// matter), and where the body after it starts.
fn toml_block(text: &str, start: usize) -> Option<(&str, usize)> {
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let block = start + first.len();
    let mut offset = block;
    for line in lines {
        if line.trim_end() == "+++" {
            return Some((&text[block..offset], offset + line.len()));
        }
        offset += line.len();
    }
    None
}

/// Where the body of a file whose front matter cannot be read starts: after a closed `+++`
/// block, or at the top. A source with a broken record is still checked against this text.
pub fn fallback_body_offset(text: &str) -> usize {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    toml_block(text, start).map_or(start, |(_, body)| body)
}

/// A file that opens with `+++`: the same record in YAML, to paste in its place.
fn toml_front_matter(file: &Path, text: &str, start: usize) -> Diagnostic {
    let diag = Diagnostic::error(
        Code::FrontMatter,
        file,
        "this looks like TOML front matter (Zola, Hugo); site reads YAML between `---` lines",
    )
    .at(text, start..start + 3);
    let converted = toml_block(text, start)
        .and_then(|(block, _)| toml::from_str::<toml::Table>(block).ok())
        .and_then(|table| serde_yaml::to_string(&yaml_of_table(&table, 0)).ok());
    match converted {
        Some(yaml) => diag.with_help(format!(
            "replace the `+++` block with this:\n---\n{yaml}---"
        )),
        None => {
            diag.with_help("rewrite the block as YAML (`key: value` lines) between two `---` lines")
        }
    }
}

/// The most levels of tables and arrays converted; deeper values are left empty.
const TOML_DEPTH: usize = 32;

fn yaml_of_table(table: &toml::Table, depth: usize) -> serde_yaml::Value {
    let map = table
        .iter()
        .map(|(k, v)| (serde_yaml::Value::String(k.clone()), yaml_of(v, depth + 1)))
        .collect();
    serde_yaml::Value::Mapping(map)
}

fn yaml_of(value: &toml::Value, depth: usize) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match value {
        _ if depth > TOML_DEPTH => Y::Null,
        toml::Value::String(s) => Y::String(s.clone()),
        toml::Value::Integer(i) => Y::Number((*i).into()),
        toml::Value::Float(f) => Y::Number((*f).into()),
        toml::Value::Boolean(b) => Y::Bool(*b),
        toml::Value::Datetime(d) => Y::String(d.to_string()),
        toml::Value::Array(items) => {
            Y::Sequence(items.iter().map(|v| yaml_of(v, depth + 1)).collect())
        }
        toml::Value::Table(t) => yaml_of_table(t, depth),
    }
}

/// A page's record. `title` is required: a page without one has nothing to put in a tab,
/// a feed or a search result.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// `authors:`, `corrections:` and `image:` as written; `parse::page` reads them into the
    /// page's byline with a finding at each bad item.
    #[serde(default, rename = "authors")]
    pub(crate) authors_yaml: serde_yaml::Value,
    #[serde(default, rename = "corrections")]
    pub(crate) corrections_yaml: serde_yaml::Value,
    #[serde(default, rename = "image")]
    pub(crate) image_yaml: serde_yaml::Value,
}

pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "slug",
    "template",
    "weight",
    "sources",
    "extra",
    "authors",
    "corrections",
    "image",
];

/// What the source's text may be shown as: publishers who reserve their rights get only the
/// quoted passages on the site, never the whole article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rights {
    #[default]
    Excerpts,
    Full,
}

/// A source's bibliographic record: only what is known, never invented, so every field but
/// title and publisher is optional.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceMeta {
    pub title: String,
    pub publisher: String,
    #[serde(default)]
    pub author: Option<String>,
    /// More than one author, each as the page names them.
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub modified: Option<String>,
    #[serde(default)]
    pub accessed: Option<String>,
    /// The day the stored copy was taken from the publisher's page (`site source add` writes it).
    #[serde(default)]
    pub retrieved: Option<String>,
    #[serde(default)]
    pub rights: Rights,
    /// Photo captions and credits: not body text, but checked and citable like it.
    #[serde(default)]
    pub captions: Vec<String>,
}

impl SourceMeta {
    /// The record of a source whose own record cannot be read: its id as its title, so the
    /// source stays known and its citations are still checked against its text.
    pub fn unreadable(id: &str) -> SourceMeta {
        SourceMeta {
            title: id.to_string(),
            publisher: String::new(),
            author: None,
            authors: Vec::new(),
            url: None,
            published: None,
            modified: None,
            accessed: None,
            retrieved: None,
            rights: Rights::Excerpts,
            captions: Vec::new(),
        }
    }
}

pub const SOURCE_KEYS: &[&str] = &[
    "title",
    "publisher",
    "author",
    "authors",
    "url",
    "published",
    "modified",
    "accessed",
    "retrieved",
    "rights",
    "captions",
];

/// Parses and checks a page's front matter; `text` is the whole file.
pub fn page_meta(file: &Path, text: &str, split: &Split<'_>) -> Result<PageMeta, Vec<Diagnostic>> {
    let meta: PageMeta =
        yaml::parse(file, text, split.yaml, split.yaml_offset, PAGE_KEYS).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let point = |key: &str| {
        let at = split.yaml_offset + yaml::key_position(split.yaml, key).unwrap_or(0);
        at..at + key.len()
    };
    if meta.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(Code::FrontMatter, file, "the title is empty")
                .at(text, point("title"))
                .with_help(
                    "give the page a title: it names the page in tabs, feeds and search results",
                ),
        );
    }
    for (key, value) in [("date", &meta.date), ("updated", &meta.updated)] {
        if let Some(value) = value
            && !is_iso_date(value)
        {
            problems.push(
                Diagnostic::error(
                    Code::FrontMatter,
                    file,
                    format!("`{key}: {value}` is not an ISO 8601 date"),
                )
                .at(text, point(key))
                .with_help("write a day that exists as 2024-03-06, or a time as 2024-03-06T14:30:00Z (hours 00 to 23, an offset such as +09:00)"),
            );
        }
    }
    if let Some(slug) = &meta.slug
        && let Err(why) = check_slug(slug)
    {
        problems.push(
                Diagnostic::error(Code::FrontMatter, file, format!("the slug `{slug}` {why}"))
                    .at(text, point("slug"))
                    .with_help("a slug is one URL segment of letters, digits, `-` and `_`, such as `troop-numbers`"),
            );
    }
    if let Some(template) = &meta.template
        && (template.contains("..") || template.starts_with('/') || template.contains('\\'))
    {
        problems.push(
            Diagnostic::error(
                Code::FrontMatter,
                file,
                format!("the template `{template}` climbs out of the theme"),
            )
            .at(text, point("template"))
            .with_help("name a template of the theme, such as `page.html`"),
        );
    }
    if problems.is_empty() {
        Ok(meta)
    } else {
        Err(problems)
    }
}

/// Parses a source's record; `text` is the whole file.
pub fn source_meta(file: &Path, text: &str, split: &Split<'_>) -> Result<SourceMeta, Diagnostic> {
    let meta: SourceMeta = yaml::parse(file, text, split.yaml, split.yaml_offset, SOURCE_KEYS)?;
    for (key, value) in [
        ("published", &meta.published),
        ("modified", &meta.modified),
        ("accessed", &meta.accessed),
        ("retrieved", &meta.retrieved),
    ] {
        if let Some(value) = value
            && !is_iso_date(value)
        {
            let at = split.yaml_offset + yaml::key_position(split.yaml, key).unwrap_or(0);
            return Err(Diagnostic::error(
                Code::FrontMatter,
                file,
                format!("`{key}: {value}` is not an ISO 8601 date"),
            )
            .at(text, at..at + key.len())
            .with_help("write a date as 2024-03-06, or leave the key out when it is not known"));
        }
    }
    if let Some(url) = &meta.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let at = split.yaml_offset + yaml::key_position(split.yaml, "url").unwrap_or(0);
        return Err(Diagnostic::error(
            Code::FrontMatter,
            file,
            format!("`url: {url}` is not an http(s) URL"),
        )
        .at(text, at..at + 3)
        .with_help("give the address where the article was published, or leave the key out"));
    }
    Ok(meta)
}

/// A URL segment that stays inside its folder and needs no escaping.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.contains("..") || slug.contains('/') || slug.contains('\\') || slug.starts_with('.') {
        return Err("climbs out of its folder");
    }
    if !slug
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err("has characters that are unsafe in URLs");
    }
    Ok(())
}

/// `YYYY-MM-DD`, optionally followed by `Thh:mm[:ss[.fff]]` and `Z` or an offset: a day that
/// exists (no 30 February), a time of day and an offset within their ranges, as RFC 3339 and
/// schema.org ask, since the date reaches the feed's `<updated>` and the JSON-LD as written.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days).contains(&day) {
        return false;
    }
    let rest = &s[10..];
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' ')) else {
        return false;
    };
    is_time_of_day(time)
}

/// `hh:mm[:ss[.fff]]` then nothing, `Z` or `±hh:mm`, each part within its range (a leap
/// second, `:60`, is allowed).
fn is_time_of_day(time: &str) -> bool {
    let clock = |t: &str| -> Option<(u32, u32)> {
        let b = t.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            let d = b.get(r)?;
            d.iter()
                .all(u8::is_ascii_digit)
                .then(|| d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
        };
        (b.get(2) == Some(&b':')).then_some(())?;
        let (h, m) = (digits(0..2)?, digits(3..5)?);
        (h <= 23 && m <= 59).then_some((h, m))
    };
    if clock(time).is_none() {
        return false;
    }
    let mut rest = &time[5..];
    if let Some(sec) = rest.strip_prefix(':') {
        let whole = sec.bytes().take_while(u8::is_ascii_digit).count();
        let seconds = sec.get(..whole).and_then(|d| d.parse::<u32>().ok());
        if whole != 2 || seconds.is_none_or(|n| n > 60) {
            return false;
        }
        rest = &sec[2..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return false;
            }
            rest = &fraction[n..];
        }
    }
    match rest {
        "" | "Z" => true,
        zone => {
            zone.len() == 6
                && zone.starts_with(['+', '-'])
                && zone.is_char_boundary(1)
                && clock(&zone[1..]).is_some()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(p(), text).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        assert_eq!(&text[s.body_offset..], "Body\r\n");
    }

    #[test]
    fn a_file_without_front_matter_says_how_to_add_it() {
        let d = split(p(), "# Hello\n").unwrap_err();
        assert_eq!(d.message, "this file has no front matter");
        assert_eq!((d.line, d.column), (1, 1));
    }

    #[test]
    fn front_matter_never_closed_points_at_the_opening_line() {
        let d = split(p(), "---\ntitle: A\nbody\n").unwrap_err();
        assert_eq!(d.message, "the front matter is never closed");
        assert_eq!(d.line, 1);
    }

    #[test]
    fn dates_must_be_iso_8601() {
        for ok in [
            "2024-03-06",
            "2024-03-06T14:30:00Z",
            "2024-03-06T14:30+09:00",
            "2024-03-06 14:30:00.5",
            "2024-02-29",
            "2000-02-29",
            "2016-12-31T23:59:60Z",
            "2024-03-06T00:00-12:00",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "yesterday",
            "2024-13-01",
            "06/03/2024",
            "2024-03-06T",
            "2024-3-6",
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-11-00",
            "2026-11-30T24:00Z",
            "2026-11-30T12:60Z",
            "2026-11-30T12:00:61Z",
            "2026-11-30T12:00:5Z",
            "2026-11-30T12:00:00.Z",
            "2026-11-30T12:00+99:99",
            "2026-11-30T12:00+05",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_bad_date_is_reported_on_its_line() {
        let text = "---\ntitle: A\ndate: yesterday\n---\n";
        let s = split(p(), text).unwrap();
        let d = page_meta(p(), text, &s).unwrap_err().remove(0);
        assert_eq!(d.message, "`date: yesterday` is not an ISO 8601 date");
        assert_eq!((d.line, d.column), (3, 1));
    }

    #[test]
    fn slugs_stay_in_their_folder() {
        assert!(check_slug("troop-numbers").is_ok());
        assert_eq!(check_slug("../etc"), Err("climbs out of its folder"));
        assert_eq!(check_slug("/abs"), Err("climbs out of its folder"));
        assert_eq!(check_slug("."), Err("climbs out of its folder"));
        assert_eq!(
            check_slug("a b?"),
            Err("has characters that are unsafe in URLs")
        );
    }

    #[test]
    fn a_source_needs_a_publisher() {
        let text = "---\ntitle: A\n---\nText";
        let s = split(p(), text).unwrap();
        let d = source_meta(p(), text, &s).unwrap_err();
        assert!(
            d.message.contains("missing field `publisher`"),
            "{}",
            d.message
        );
    }
}
