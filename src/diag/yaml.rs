//! YAML parsing that turns serde's errors into diagnostics pointing into the file.
//!
//! Front matter and `site.yaml` share this so that a typo'd key or a wrong type is reported the
//! same way everywhere: the file, the line, the column, and a did-you-mean.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::suggest;
use crate::diag::{Code, Diagnostic};

/// Parses `yaml`, which starts at byte `offset` of `file_text`, into `T`.
///
/// `known` lists the accepted keys, for the did-you-mean on an unknown one.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    file_text: &str,
    yaml: &str,
    offset: usize,
    known: &[&str],
) -> Result<T, Diagnostic> {
    serde_yaml::from_str::<T>(yaml)
        .map_err(|err| to_diagnostic(file, file_text, yaml, offset, known, &err))
}

fn to_diagnostic(
    file: &Path,
    file_text: &str,
    yaml: &str,
    offset: usize,
    known: &[&str],
    err: &serde_yaml::Error,
) -> Diagnostic {
    let raw = err.to_string();
    let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let position = err
        .location()
        .map(|loc| offset + loc.index().min(yaml.len()))
        .or_else(|| alias_position(&message, yaml).map(|p| offset + p));
    let position = duplicate_position(&message, yaml)
        .map(|p| offset + p)
        .or(position);

    if let Some(key) = unknown_field(&message) {
        let mut keys = unknown_keys(yaml, known);
        if !keys.iter().any(|k| k == key) {
            keys.insert(0, key.to_string());
        }
        return unknown_keys_diagnostic(file, file_text, yaml, offset, position, known, &keys);
    }
    let diag = Diagnostic::error(Code::Yaml, file, format!("invalid YAML: {message}"));
    let help = if message.contains("invalid type") {
        "give this key a value of the expected type (see the front matter reference in the README)"
    } else {
        "check the indentation, and quote values that contain `:` or start with `[`, `{`, `*` or `&`"
    };
    match position {
        Some(at) => diag.at(file_text, at..at + 1).with_help(help),
        // The parser gives no place for some errors (a missing key, a document of the wrong
        // type): the start of the YAML still names the file's line.
        None => diag
            .at(file_text, offset..offset)
            .with_note("the YAML parser gives no place for this error; it is about the whole block starting here")
            .with_help(help),
    }
}

/// A key written twice at the top level: the parser points at the start of the block, the
/// second key is the one to remove or rename.
fn duplicate_position(message: &str, yaml: &str) -> Option<usize> {
    let key = message
        .split_once("duplicate field `")?
        .1
        .split('`')
        .next()?;
    let written = format!("{key}:");
    yaml.match_indices(&written)
        .filter(|(i, _)| *i == 0 || yaml[..*i].ends_with('\n'))
        .nth(1)
        .map(|(i, _)| i)
}

/// Where an alias bomb starts: the YAML parser reports "repetition limit exceeded" with no
/// location, so the first alias (`*name`) is shown, as that is what multiplies the document.
fn alias_position(message: &str, yaml: &str) -> Option<usize> {
    if !message.contains("repetition limit") {
        return None;
    }
    yaml.match_indices('*')
        .find(|(i, _)| {
            let before = yaml[..*i].chars().next_back();
            let after = yaml[i + 1..].chars().next();
            before.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | ',' | '{' | ':'))
                && after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| i)
}

/// Every top-level key of `yaml` that is not in `known`, in the order written, so one build
/// names them all rather than one per round.
fn unknown_keys(yaml: &str, known: &[&str]) -> Vec<String> {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(yaml)
    else {
        return Vec::new();
    };
    map.keys()
        .filter_map(|k| k.as_str())
        .filter(|k| !known.contains(k))
        .map(str::to_string)
        .collect()
}

/// One finding for all the unknown keys: at the first, with a note for each other.
fn unknown_keys_diagnostic(
    file: &Path,
    file_text: &str,
    yaml: &str,
    offset: usize,
    position: Option<usize>,
    known: &[&str],
    keys: &[String],
) -> Diagnostic {
    let first = keys.first().map_or("", String::as_str);
    let at = key_position(yaml, first)
        .map(|p| offset + p)
        .or(position)
        .unwrap_or(offset);
    let line_of = |key: &str| {
        key_position(yaml, key).map(|p| file_text[..offset + p].matches('\n').count() + 1)
    };
    let message = match keys {
        [one] => format!("unknown key `{one}`"),
        _ => format!(
            "unknown keys {}",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut diag = Diagnostic::error(Code::UnknownKey, file, message)
        .at(file_text, at..at + first.len())
        .with_help(suggest::hint(first, known));
    for key in keys.iter().skip(1) {
        let place = line_of(key).map_or(String::new(), |l| format!(" (line {l})"));
        diag = diag.with_note(format!("`{key}`{place}: {}", suggest::hint(key, known)));
    }
    diag
}

/// The key named in serde's "unknown field `x`, expected ..." message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// The byte offset of `key:` at the start of a line of `yaml`.
pub fn key_position(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Where each item of the block list under the top-level `key` starts in `yaml` (just after
/// its `- `), so a finding about the third author points at the third author. A list written
/// inline (`[a, b]`) has no item lines and gives an empty list: its findings point at the key.
pub fn item_positions(yaml: &str, key: &str) -> Vec<usize> {
    let Some(start) = key_position(yaml, key) else {
        return Vec::new();
    };
    let line_start = yaml[..start].rfind('\n').map_or(0, |i| i + 1);
    let key_indent = start - line_start;
    let mut offset = yaml[start..]
        .find('\n')
        .map_or(yaml.len(), |i| start + i + 1);
    let mut items = Vec::new();
    let mut item_indent = None;
    for line in yaml[offset..].split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let bare = trimmed.trim_end();
        let dash = bare == "-" || trimmed.starts_with("- ");
        if bare.is_empty() || bare.starts_with('#') {
            continue;
        }
        if indent < key_indent || (indent == key_indent && !dash) {
            break;
        }
        if dash && item_indent.is_none_or(|i| i == indent) {
            item_indent = Some(indent);
            let after = &trimmed[1..];
            let value = after.len() - after.trim_start_matches([' ', '\t']).len();
            items.push(here + indent + 1 + value);
        }
    }
    items
}

/// Where `field:` is written inside `yaml[within]` (an item of a list, block or inline), or
/// None when it is not there as a key.
pub fn field_position(yaml: &str, within: std::ops::Range<usize>, field: &str) -> Option<usize> {
    let part = yaml.get(within.clone())?;
    part.match_indices(field)
        .find(|&(i, _)| {
            let before = part[..i].chars().next_back();
            let after = part[i + field.len()..].trim_start_matches([' ', '\t']);
            before.is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-'))
                && after.starts_with(':')
        })
        .map(|(i, _)| within.start + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        draft: Option<bool>,
    }

    fn err(yaml: &str) -> Diagnostic {
        let text = format!("---\n{yaml}---\n");
        parse::<Meta>(Path::new("a.md"), &text, yaml, 4, &["title", "draft"]).unwrap_err()
    }

    #[test]
    fn unknown_key_points_at_the_key_and_suggests() {
        let d = err("title: x\ndarft: true\n");
        assert_eq!(d.message, "unknown key `darft`");
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean `draft`?"));
    }

    #[test]
    fn every_unknown_key_is_named_at_once() {
        let d = err("title: x\ntags: [a]\ndarft: true\n");
        assert_eq!(d.message, "unknown keys `tags`, `darft`");
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.notes, ["`darft` (line 4): did you mean `draft`?"]);
    }

    #[test]
    fn wrong_type_names_the_line() {
        let d = err("title: [a, b]\n");
        assert!(
            d.message.contains("invalid type: sequence"),
            "{}",
            d.message
        );
        assert_eq!(d.line, 2);
    }
}
