//! Bylines, corrections and the lead image: the parts of a page's record a standards desk reads
//! first.
//!
//! They are read from the YAML value by hand rather than by serde so that each bad value is
//! reported at its own item (the third author, the second correction's date) with how to fix
//! it, and so that the words a reader sees here (a correction's text, a caption, a credit) go
//! through the same uncited-figure scan as the body: a number in front matter is prose too.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::diag::{Code, Diagnostic, suggest, yaml};
use crate::load::images::Dimensions;
use crate::parse::front_matter::{Split, is_iso_date};
use crate::parse::markdown::{join, written_citation};
use crate::parse::site_links::SiteLinks;
use crate::text::figures::{self, FigureKind};

/// One name of the byline, linked to the author's page when `url` is given.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub url: Option<String>,
}

/// One dated correction, shown at the end of the article and counted under the headline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Correction {
    pub date: String,
    /// As the reader sees it: `[x]{.not-figure}` marks are taken out.
    pub text: String,
}

/// The lead image as written; its file is found and measured when the page is cited, since
/// only then are the site's files known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadImage {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Where `src` is written in the file, for a missing or unreadable file.
    pub at: Range<usize>,
}

/// What a page's record says about who wrote it, what was corrected and what leads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Byline {
    pub authors: Vec<Author>,
    pub corrections: Vec<Correction>,
    pub image: Option<LeadImage>,
}

/// The raw values of `authors:`, `corrections:` and `image:` (Null when absent).
pub(crate) struct Raw<'v> {
    pub authors: &'v Value,
    pub corrections: &'v Value,
    pub image: &'v Value,
}

const AUTHOR_KEYS: &[&str] = &["name", "url"];
const CORRECTION_KEYS: &[&str] = &["date", "text"];
const IMAGE_KEYS: &[&str] = &["src", "alt", "caption", "credit"];

/// Reads the byline, corrections and lead image; errors and uncited-figure warnings go into
/// `found`.
pub(crate) fn read(
    file: &Path,
    text: &str,
    split: &Split<'_>,
    raw: &Raw<'_>,
    found: &mut Vec<Diagnostic>,
) -> Byline {
    let mut reader = Reader {
        file,
        text,
        split,
        found,
    };
    Byline {
        authors: reader.authors(raw.authors),
        corrections: reader.corrections(raw.corrections),
        image: reader.image(raw.image),
    }
}

struct Reader<'r> {
    file: &'r Path,
    text: &'r str,
    split: &'r Split<'r>,
    found: &'r mut Vec<Diagnostic>,
}

/// Where one item of a list is, to point findings at it and at its fields.
struct Item {
    key: &'static str,
    /// In the file.
    span: Range<usize>,
}

impl Reader<'_> {
    /// The top-level key in the file.
    fn key(&self, key: &str) -> Range<usize> {
        let at = self.split.yaml_offset + yaml::key_position(self.split.yaml, key).unwrap_or(0);
        at..at + key.len()
    }

    /// The items of the list under `key`, or the key itself for each when the list is inline.
    fn items(&self, key: &'static str, count: usize) -> Vec<Item> {
        let starts = yaml::item_positions(self.split.yaml, key);
        (0..count)
            .map(|i| {
                let span = match (starts.get(i), starts.get(i + 1)) {
                    (Some(&s), next) => {
                        let end = next.copied().unwrap_or(self.split.yaml.len());
                        self.split.yaml_offset + s..self.split.yaml_offset + end
                    }
                    (None, _) => self.key(key),
                };
                Item { key, span }
            })
            .collect()
    }

    /// Where `field:` is in the item (or the top-level mapping `key`), else the item's start.
    fn field(&self, item: &Item, field: &str) -> Range<usize> {
        let within =
            item.span.start - self.split.yaml_offset..item.span.end - self.split.yaml_offset;
        match yaml::field_position(self.split.yaml, within, field) {
            Some(at) => {
                let at = self.split.yaml_offset + at;
                at..at + field.len()
            }
            None => item.span.start..item.span.start + 1,
        }
    }

    fn error(&mut self, code: Code, at: Range<usize>, message: String, help: &str) {
        self.found.push(
            Diagnostic::error(code, self.file, message)
                .at(self.text, at)
                .with_help(help.to_string()),
        );
    }

    /// The items of a list, or an error when the value is something else.
    fn list<'v>(
        &mut self,
        value: &'v Value,
        key: &'static str,
        code: Code,
        help: &str,
    ) -> &'v [Value] {
        match value {
            Value::Null => &[],
            Value::Sequence(items) => items,
            _ => {
                let at = self.key(key);
                self.error(code, at, format!("`{key}:` must be a list"), help);
                &[]
            }
        }
    }

    /// Reports every key of `map` not in `known`, at the key.
    fn unknown_keys(&mut self, map: &Mapping, known: &[&str], item: &Item, code: Code) {
        for k in map.keys() {
            let name = k.as_str().unwrap_or("?");
            if !known.contains(&name) {
                let at = self.field(item, name);
                let help = suggest::hint(name, known);
                self.error(
                    code,
                    at,
                    format!("unknown key `{name}` in `{}:`", item.key),
                    &help,
                );
            }
        }
    }

    fn authors(&mut self, value: &Value) -> Vec<Author> {
        const HELP: &str = "write a list of names or of `{name, url}` mappings: `authors: [Jane Doe]`, or `- {name: Jane Doe, url: https://example.org/jane}` on a line of its own";
        let items = self.list(value, "authors", Code::Byline, HELP);
        let places = self.items("authors", items.len());
        let mut authors = Vec::new();
        for (value, item) in items.iter().zip(&places) {
            let author = match value {
                Value::String(name) => Some(Author {
                    name: name.trim().to_string(),
                    url: None,
                }),
                Value::Mapping(map) => {
                    self.unknown_keys(map, AUTHOR_KEYS, item, Code::Byline);
                    let name = map.get("name").and_then(Value::as_str).unwrap_or("");
                    let url = self.author_url(map.get("url"), item);
                    Some(Author {
                        name: name.trim().to_string(),
                        url,
                    })
                }
                _ => None,
            };
            match author {
                Some(a) if !a.name.is_empty() => authors.push(a),
                _ => {
                    let at = item.span.start..item.span.start + 1;
                    self.error(
                        Code::Byline,
                        at,
                        "this author has no name".to_string(),
                        HELP,
                    );
                }
            }
        }
        authors
    }

    /// An author's page: http(s) only, since a byline link must not run code or leave the web.
    fn author_url(&mut self, value: Option<&Value>, item: &Item) -> Option<String> {
        let value = value?;
        let url = value.as_str().map(str::trim).unwrap_or("");
        let lower = url.to_ascii_lowercase();
        let safe = (lower.starts_with("https://") || lower.starts_with("http://"))
            && !url.contains(char::is_whitespace);
        if safe {
            return Some(url.to_string());
        }
        let at = self.field(item, "url");
        self.error(
            Code::Byline,
            at,
            format!("the author's `url: {url}` is not an http(s) address"),
            "give the address of the author's page, https://example.org/jane, or leave `url` out",
        );
        None
    }

    fn corrections(&mut self, value: &Value) -> Vec<Correction> {
        const HELP: &str = "write one mapping per correction: `- {date: 2026-11-30, text: An earlier version misstated the date of the vote.}`";
        let items = self.list(value, "corrections", Code::Correction, HELP);
        let places = self.items("corrections", items.len());
        let mut corrections = Vec::new();
        for (value, item) in items.iter().zip(&places) {
            let Value::Mapping(map) = value else {
                let at = item.span.start..item.span.start + 1;
                self.error(
                    Code::Correction,
                    at,
                    "a correction must have a `date` and a `text`".to_string(),
                    HELP,
                );
                continue;
            };
            self.unknown_keys(map, CORRECTION_KEYS, item, Code::Correction);
            let date = self.correction_date(map.get("date"), item);
            let text = match map.get("text").and_then(Value::as_str).map(str::trim) {
                Some(t) if !t.is_empty() => Some(self.prose(t, self.field(item, "text"), true)),
                _ => {
                    let at = item.span.start..item.span.start + 1;
                    self.error(
                        Code::Correction,
                        at,
                        "this correction has no `text`".to_string(),
                        "say what was wrong and what is right now: `text: An earlier version misstated the date of the vote.`",
                    );
                    None
                }
            };
            if let (Some(date), Some(text)) = (date, text) {
                corrections.push(Correction { date, text });
            }
        }
        corrections
    }

    fn correction_date(&mut self, value: Option<&Value>, item: &Item) -> Option<String> {
        let date = value.map(|v| match v {
            Value::String(s) => s.trim().to_string(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        });
        match date {
            Some(d) if is_iso_date(&d) => Some(d),
            Some(d) => {
                let at = self.field(item, "date");
                self.error(
                    Code::Correction,
                    at,
                    format!("`date: {d}` is not an ISO 8601 date"),
                    "write the day the correction was made as 2026-11-30 (a time may follow: 2026-11-30T14:30:00Z)",
                );
                None
            }
            None => {
                let at = item.span.start..item.span.start + 1;
                self.error(
                    Code::Correction,
                    at,
                    "this correction has no `date`".to_string(),
                    "add the day it was made: `date: 2026-11-30`",
                );
                None
            }
        }
    }

    fn image(&mut self, value: &Value) -> Option<LeadImage> {
        const HELP: &str = "write `image: {src: troops.jpg, alt: Soldiers marching}`, with `caption` and `credit` if the photo has them";
        let map = match value {
            Value::Null => return None,
            Value::Mapping(map) => map,
            _ => {
                let at = self.key("image");
                self.error(
                    Code::LeadImage,
                    at,
                    "`image:` must be a mapping with `src` and `alt`".to_string(),
                    HELP,
                );
                return None;
            }
        };
        let item = Item {
            key: "image",
            span: self.key("image").start..self.split.yaml_offset + self.split.yaml.len(),
        };
        self.unknown_keys(map, IMAGE_KEYS, &item, Code::LeadImage);
        let text_of = |key: &str| {
            map.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(src) = text_of("src") else {
            let at = self.key("image");
            self.error(
                Code::LeadImage,
                at,
                "the lead image has no `src`".to_string(),
                HELP,
            );
            return None;
        };
        let Some(alt) = text_of("alt") else {
            let at = self.key("image");
            self.error(
                Code::ImageAlt,
                at,
                "the lead image has no alt text".to_string(),
                "describe the image for readers who cannot see it: `alt: North Korean soldiers in training`",
            );
            return None;
        };
        let alt = self.prose(alt, self.field(&item, "alt"), false);
        let caption =
            text_of("caption").map(|c| self.prose(c, self.field(&item, "caption"), false));
        let credit = text_of("credit").map(|c| self.prose(c, self.field(&item, "credit"), false));
        Some(LeadImage {
            src: src.to_string(),
            alt,
            caption,
            credit,
            at: self.field(&item, "src"),
        })
    }

    /// Warns about each uncited figure of `value`, written near `key_at`, and returns it as
    /// the reader sees it. Front matter holds no citations, so a figure here is cited in the
    /// body and marked here as not a figure.
    fn prose(&mut self, value: &str, key_at: Range<usize>, correction: bool) -> String {
        let exact = self.unread_citation(value, &key_at);
        let mut shown = String::with_capacity(value.len());
        let mut at = 0;
        for (part, checked) in not_figure_parts(value) {
            if checked {
                for figure in figures::extract(part) {
                    if figure.kind != FigureKind::Quantity {
                        continue;
                    }
                    let range = match exact {
                        Some(start) => {
                            start + at + figure.range.start..start + at + figure.range.end
                        }
                        None => key_at.clone(),
                    };
                    let help = if correction {
                        "a correction cannot cite: cite the corrected figure in the article's text, and mark the figures here as not figures: [12,000]{.not-figure}"
                    } else {
                        "front matter cannot cite: cite the figure in the article's text, and mark it here as cited there, [11,000]{.not-figure}, or leave the figure out of it"
                    };
                    self.found.push(
                        Diagnostic::warning(
                            Code::UncitedFigure,
                            self.file,
                            format!("the figure {} is not cited", figure.text),
                        )
                        .at(self.text, range)
                        .with_help(help),
                    );
                }
            }
            shown.push_str(part);
            at += part.len() + if checked { 0 } else { MARK.len() + 1 };
        }
        shown
    }
}

impl Reader<'_> {
    /// Where `value`, written after `key_at`, starts in the file, if written as is; a citation
    /// written in it is reported, since front matter is not Markdown and would show it as text.
    fn unread_citation(&mut self, value: &str, key_at: &Range<usize>) -> Option<usize> {
        let end = (self.split.yaml_offset + self.split.yaml.len()).min(self.text.len());
        let from = key_at.start.min(end);
        let exact = self.text[from..end].find(value).map(|i| from + i);
        if let Some(found) = written_citation(value, &|_| true, true) {
            let at = exact.map_or(key_at.clone(), |s| s + found.start..s + found.end);
            self.error(
                Code::UncheckedCitation,
                at,
                "this citation is in the front matter, which is not Markdown, so it would be published as text, unchecked".to_string(),
                "cite the figure in the article's text, and write it here as plain words",
            );
        }
        exact
    }
}

/// The headline and standfirst as the reader sees them, `[x]{.not-figure}` marks taken out.
pub(crate) struct Headline {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
}

/// Checks the page's title and description as prose a reader sees: a citation written in
/// either is reported, and each uncited figure of either is warned about (a figure in a
/// headline is the first a reader sees, and no link can back it there, so it is cited in the
/// text and marked here, or reported).
pub(crate) fn headline(
    file: &Path,
    text: &str,
    split: &Split<'_>,
    title: &str,
    description: Option<&str>,
    found: &mut Vec<Diagnostic>,
) -> Headline {
    let mut reader = Reader {
        file,
        text,
        split,
        found,
    };
    let title_at = reader.key("title");
    let title = reader.prose(title, title_at, false);
    let description_at = reader.key("description");
    Headline {
        title,
        description: description.map(|d| reader.prose(d, description_at, false)),
    }
}

/// The lead image as the template shows it: its file found among the site's and measured.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Lead {
    /// The image's URL under the base path.
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Pixels; None for an SVG, which is drawn to its box.
    pub width: Option<usize>,
    pub height: Option<usize>,
    /// A PNG or JPEG as read from its header: shown through the same `<picture>` widths as an
    /// image in the text, and shared in place of the drawn card. None for any other image.
    #[serde(skip)]
    pub raster: Option<crate::load::raster::Raster>,
}

/// Finds the lead image's file: it must be a file of the site (so it is published with the page
/// and its size is known), relative to the page's folder like an image in the text.
pub(crate) fn lead(
    file: &Path,
    text: &str,
    image: &LeadImage,
    page_dir: &str,
    links: &SiteLinks,
    images: &HashMap<String, Dimensions>,
) -> Result<Lead, Diagnostic> {
    let src = image.src.as_str();
    let fail = |message: String, help: &str| {
        Diagnostic::error(Code::LeadImage, file, message)
            .at(text, image.at.clone())
            .with_help(help.to_string())
    };
    if src.contains(':') || src.starts_with(['/', '\\', '#', '?']) {
        return Err(fail(
            format!("the lead image `{src}` is not a file of the site"),
            "put the image under content/ and give its path relative to this page's folder, such as `src: troops.jpg`",
        ));
    }
    let decoded = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
    let Some(rel) = join(page_dir, &decoded) else {
        return Err(fail(
            format!("the lead image `{src}` climbs out of content/"),
            "put the image under content/, relative to this page's folder",
        ));
    };
    let Some(url) = links.get(&rel).filter(|_| !rel.ends_with(".md")) else {
        return Err(fail(
            format!("there is no file `{rel}` under content/"),
            "put the image under content/, and give its path relative to this page's folder",
        ));
    };
    let (width, height) = match images.get(&rel) {
        Some(Dimensions::Known { width, height }) => (Some(*width), Some(*height)),
        Some(Dimensions::Vector) => (None, None),
        Some(Dimensions::Unreadable(why)) => {
            return Err(Diagnostic::error(
                Code::ImageSize,
                file,
                format!("the size of the lead image cannot be read from `{rel}`: {why}"),
            )
            .at(text, image.at.clone())
            .with_help("save the image again as PNG, JPEG, GIF, WebP or AVIF"));
        }
        None => {
            return Err(fail(
                format!("`{rel}` is not an image"),
                "give a PNG, JPEG, GIF, WebP, AVIF or SVG file",
            ));
        }
    };
    Ok(Lead {
        src: url.clone(),
        alt: image.alt.clone(),
        caption: image.caption.clone(),
        credit: image.credit.clone(),
        width,
        height,
        raster: None,
    })
}

const MARK: &str = "]{.not-figure}";

/// `value` cut into parts, each with whether it is checked: `[12,000]{.not-figure}` is the
/// unchecked part "12,000".
fn not_figure_parts(value: &str) -> Vec<(&str, bool)> {
    let mut parts = Vec::new();
    let mut rest = value;
    while let Some(end) = rest.find(MARK) {
        let Some(start) = rest[..end].rfind('[') else {
            break;
        };
        parts.push((&rest[..start], true));
        parts.push((&rest[start + 1..end], false));
        rest = &rest[end + MARK.len()..];
    }
    parts.push((rest, true));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::front_matter::split;

    fn read_text(text: &str) -> (Byline, Vec<Diagnostic>) {
        let file = Path::new("content/a.md");
        let s = split(file, text).unwrap();
        let value: Value = serde_yaml::from_str(s.yaml).unwrap();
        let null = Value::Null;
        let raw = Raw {
            authors: value.get("authors").unwrap_or(&null),
            corrections: value.get("corrections").unwrap_or(&null),
            image: value.get("image").unwrap_or(&null),
        };
        let mut found = Vec::new();
        let byline = read(file, text, &s, &raw, &mut found);
        (byline, found)
    }

    #[test]
    fn authors_are_names_or_mappings() {
        let (b, found) = read_text(
            "---\ntitle: A\nauthors:\n  - Jane Doe\n  - name: Kim Lee\n    url: https://example.org/kim\n---\n",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            b.authors,
            vec![
                Author {
                    name: "Jane Doe".into(),
                    url: None
                },
                Author {
                    name: "Kim Lee".into(),
                    url: Some("https://example.org/kim".into())
                },
            ]
        );
    }

    #[test]
    fn a_bad_author_is_reported_at_its_item() {
        let (b, found) = read_text(
            "---\ntitle: A\nauthors:\n  - Jane Doe\n  - url: https://example.org/kim\n  - name: Ann\n    url: javascript:alert(1)\n---\n",
        );
        assert_eq!(b.authors.len(), 2);
        let at: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            at,
            vec![
                (5, 5, "this author has no name"),
                (
                    7,
                    5,
                    "the author's `url: javascript:alert(1)` is not an http(s) address"
                ),
            ]
        );
        assert!(found.iter().all(|d| d.code == Code::Byline));
    }

    #[test]
    fn authors_must_be_a_list() {
        let (_, found) = read_text("---\ntitle: A\nauthors: Jane Doe\n---\n");
        assert_eq!(found[0].message, "`authors:` must be a list");
        assert_eq!((found[0].line, found[0].column), (3, 1));
    }

    #[test]
    fn corrections_need_an_iso_date_and_a_text() {
        let (b, found) = read_text(
            "---\ntitle: A\ncorrections:\n  - date: 2026-11-30\n    text: The vote was on a Tuesday.\n  - date: last week\n    text: Fixed.\n  - date: 2026-11-29\n---\n",
        );
        assert_eq!(b.corrections.len(), 1);
        let at: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            at,
            vec![
                (6, 5, "`date: last week` is not an ISO 8601 date"),
                (8, 5, "this correction has no `text`"),
            ]
        );
    }

    #[test]
    fn a_figure_in_a_correction_is_prose() {
        let (b, found) = read_text(
            "---\ntitle: A\ncorrections:\n  - date: 2026-11-30\n    text: It said 12,000 troops; the report says [11,000]{.not-figure}.\n---\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::UncitedFigure);
        assert_eq!((found[0].line, found[0].column), (5, 19));
        assert_eq!(
            b.corrections[0].text,
            "It said 12,000 troops; the report says 11,000."
        );
    }

    #[test]
    fn a_lead_image_needs_src_and_alt() {
        let (b, found) = read_text(
            "---\ntitle: A\nimage:\n  src: photo.jpg\n  caption: Troops in training.\n  credit: \"Photo: KCNA\"\n---\n",
        );
        assert_eq!(b.image, None);
        assert_eq!(found[0].code, Code::ImageAlt);
        let (b, found) = read_text(
            "---\ntitle: A\nimage:\n  src: photo.jpg\n  alt: Soldiers\n  credits: KCNA\n---\n",
        );
        assert_eq!(found[0].message, "unknown key `credits` in `image:`");
        assert_eq!((found[0].line, found[0].column), (6, 3));
        let image = b.image.unwrap();
        assert_eq!(
            (image.src.as_str(), image.alt.as_str()),
            ("photo.jpg", "Soldiers")
        );
    }
}
