//! Findings of a build, printed like a compiler's diagnostics.
//!
//! Every problem an editor can cause is a [`Diagnostic`]: it names the file, line and column,
//! says what is wrong and how to fix it. A build collects all of them before it stops, so an
//! editor fixes a page in one round instead of one error at a time.

use std::fmt;

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub(crate) mod code;
mod lines;
mod print;
pub(crate) mod suggest;
pub(crate) mod yaml;

pub use code::{Code, Kind};
pub(crate) use lines::LineIndex;
use lines::{Place, floor_char_boundary};
pub use print::{print_human, print_json};

/// Whether a finding stops the build. Warnings become errors under `--strict`; a note never
/// does: it tells of a choice the site made for the editor (something left out of the output),
/// not of a problem in the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// One finding, with enough of the file to show where it is without opening it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of finding, for editors' CI to filter on.
    pub code: Code,
    pub file: PathBuf,
    /// 1-based; 0 when the finding is about the file as a whole.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<std::borrow::Cow<'static, str>>,
    /// The source whose text a citation no longer matches: a person sees every such finding
    /// of one source under one heading, a tool reads the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<Group>,
    #[serde(skip)]
    snippet: Option<Snippet>,
}

/// A source that several findings are about, so that a changed text's whole blast radius is
/// seen at once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Group {
    /// The source's id.
    pub source: String,
    /// Its file.
    pub file: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    /// The line, or a window of it around the finding when it is long.
    text: String,
    /// Characters of `text` before the caret.
    caret: usize,
    /// Caret width in characters.
    width: usize,
}

/// The most characters of a line shown on either side of a finding (and of the finding
/// itself): a 120 KB one-line page shows a window around the column, never the whole line, so
/// a finding costs the same to keep and print whatever the length of its line.
const WINDOW: usize = 80;

/// The most findings of one kind printed in full for one file; the rest are counted in one
/// line. `--format json` has every finding.
pub const SHOWN_PER_KIND: usize = 20;

impl Snippet {
    /// `line` around the characters from byte `start` to byte `end` (both within `line`).
    fn around(line: &str, start: usize, end: usize) -> Snippet {
        let from = line[..start]
            .char_indices()
            .rev()
            .nth(WINDOW - 1)
            .map_or(0, |(i, _)| i);
        let span_end = line[start..]
            .char_indices()
            .nth(2 * WINDOW)
            .map_or(end, |(i, _)| (start + i).min(end));
        let to = line[span_end..]
            .char_indices()
            .nth(WINDOW)
            .map_or(line.len(), |(i, _)| span_end + i);
        let mut text = String::with_capacity(to - from + 8);
        if from > 0 {
            text.push('…');
        }
        text.push_str(&line[from..to]);
        if to < line.len() {
            text.push('…');
        }
        Snippet {
            caret: line[from..start].chars().count() + usize::from(from > 0),
            width: line[start..span_end].chars().count().max(1),
            text,
        }
    }
}

impl Diagnostic {
    /// An error about a whole file or the project, where no position makes sense.
    pub fn error(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            notes: Vec::new(),
            help: None,
            group: None,
            snippet: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Points the finding at a byte range of the file's text, capturing the line to show it.
    /// Counts from the start of the file: a file with many findings uses [`Diagnostic::at_in`].
    pub fn at(self, text: &str, range: Range<usize>) -> Self {
        let (start, end) = clamped(text, range);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let place = Place {
            line: text[..start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            line_start,
            line_end: text[start..].find('\n').map_or(text.len(), |i| start + i),
        };
        self.placed(text, place, start, end)
    }

    /// [`Diagnostic::at`] through the file's [`LineIndex`], so that each finding costs a binary
    /// search rather than a count from the start of the file.
    pub(crate) fn at_in(self, lines: &LineIndex, text: &str, range: Range<usize>) -> Self {
        let (start, end) = clamped(text, range);
        let place = lines.place(text, start);
        self.placed(text, place, start, end)
    }

    fn placed(mut self, text: &str, place: Place, start: usize, end: usize) -> Self {
        self.line = place.line;
        self.column = place.column;
        let line_start = place.line_start;
        let line_text = text[line_start..place.line_end].trim_end_matches('\r');
        let visible_end = end.min(line_start + line_text.len()).max(start);
        self.snippet = Some(Snippet::around(
            line_text,
            start - line_start,
            visible_end - line_start,
        ));
        self
    }

    /// Points the finding at a 1-based line and column, as YAML and template errors report them.
    pub fn at_line(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        if let Some(line_text) = text.lines().nth(line.saturating_sub(1)) {
            let line_text = line_text.trim_end_matches('\r');
            let at = line_text
                .char_indices()
                .nth(self.column - 1)
                .map_or(line_text.len(), |(i, _)| i);
            let next = line_text[at..]
                .chars()
                .next()
                .map_or(at, |c| at + c.len_utf8());
            self.snippet = Some(Snippet::around(line_text, at, next));
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Files the finding under a source whose text the citation does not match.
    pub fn in_group(mut self, source: &str, file: &Path) -> Self {
        self.group = Some(Group {
            source: source.to_string(),
            file: file.to_path_buf(),
        });
        self
    }

    /// A note: printed and reported, never failing a build, even under `--strict`.
    pub fn note(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Whether the finding fails the build: an error always, a warning under `--strict`.
    pub fn fails(&self, strict: bool) -> bool {
        match self.severity {
            Severity::Error => true,
            Severity::Warning => strict,
            Severity::Note => false,
        }
    }

    /// How many characters of its line the finding covers; 0 when it has no place.
    pub fn width(&self) -> usize {
        self.snippet.as_ref().map_or(0, |s| s.width)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shows the file relative to the project root, as editors think of it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        if let Some(group) = &mut self.group
            && let Ok(rel) = group.file.strip_prefix(root)
        {
            group.file = rel.to_path_buf();
        }
        self
    }

    /// One JSON object per line, for editors' CI.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// `range` within `text`, on character boundaries.
fn clamped(text: &str, range: Range<usize>) -> (usize, usize) {
    let start = floor_char_boundary(text, range.start);
    (start, floor_char_boundary(text, range.end.max(start)))
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        writeln!(f, "{label}[{}]: {}", self.code, self.message)?;
        let file = self.file.display();
        if self.line == 0 {
            writeln!(f, "  --> {file}")?;
        } else {
            writeln!(f, "  --> {file}:{}:{}", self.line, self.column)?;
        }
        let gutter = " ".repeat(self.line.max(1).to_string().len());
        if let Some(snippet) = &self.snippet {
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{} | {}", self.line, snippet.text)?;
            let pad: String = snippet
                .text
                .chars()
                .take(snippet.caret)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{gutter} | {pad}{}", "^".repeat(snippet.width))?;
        }
        for note in &self.notes {
            writeln!(f, "{gutter} = note: {note}")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{gutter} = help: {help}")?;
        }
        Ok(())
    }
}

/// What failed a build, in words: its errors, and its warnings when there are any, since under
/// strict they fail it too and a count of errors alone would not add up to what was printed.
/// `site build` and `site serve` say it in the same words.
pub(crate) fn failure_tally(found: &[Diagnostic]) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let errors = found.iter().filter(|d| d.is_error()).count();
    let warnings = found
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    match (errors, warnings) {
        (_, 0) => plural(errors, "error"),
        (0, _) => format!(
            "{} (strict mode fails on warnings)",
            plural(warnings, "warning")
        ),
        _ => format!(
            "{} and {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_with_a_caret() {
        let text = "---\ntitle: x\n---\nSome ünicode text here\n";
        let start = text.find("text").unwrap();
        let d = Diagnostic::error(Code::Yaml, "content/a.md", "bad").at(text, start..start + 4);
        assert_eq!((d.line, d.column), (4, 14));
        let shown = d.with_help("fix it").to_string();
        assert!(shown.contains("--> content/a.md:4:14"), "{shown}");
        assert!(shown.contains("4 | Some ünicode text here"), "{shown}");
        assert!(shown.contains("  |              ^^^^"), "{shown}");
        assert!(shown.contains("= help: fix it"), "{shown}");
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let line = format!("{}7,000 ships{}", "a ".repeat(30_000), " b".repeat(30_000));
        let start = line.find("7,000").unwrap();
        let d =
            Diagnostic::warning(Code::UncitedFigure, "a.md", "uncited").at(&line, start..start + 5);
        assert_eq!(d.column, 60_001);
        let shown = d.to_string();
        assert!(shown.len() < 1_000, "{} bytes", shown.len());
        let row = shown.lines().find(|l| l.starts_with("1 | ")).unwrap();
        assert!(
            row.starts_with("1 | …a a") && row.ends_with("b b…"),
            "{row}"
        );
        let caret = shown.lines().find(|l| l.contains('^')).unwrap();
        let at = row.chars().position(|c| c == '7').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(at), "{shown}");
        assert_eq!(caret.matches('^').count(), 5);
    }

    #[test]
    fn a_range_past_the_end_is_clamped() {
        let d = Diagnostic::error(Code::Yaml, "a.md", "bad").at("abc", 10..20);
        assert_eq!((d.line, d.column), (1, 4));
    }

    #[test]
    fn json_names_file_line_column_severity_and_code() {
        let d = Diagnostic::warning(Code::UncitedFigure, "a.md", "m").at("x 12", 2..4);
        let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
        assert_eq!(json["file"], "a.md");
        assert_eq!(json["line"], 1);
        assert_eq!(json["column"], 3);
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["code"], "uncited-figure");
    }

    #[test]
    fn a_failure_is_told_as_errors_and_warnings() {
        let error = Diagnostic::error(Code::Project, "x", "e");
        let warning = Diagnostic::warning(Code::UncitedFigure, "x", "w");
        assert_eq!(failure_tally(std::slice::from_ref(&error)), "1 error");
        assert_eq!(
            failure_tally(&[warning.clone(), warning.clone()]),
            "2 warnings (strict mode fails on warnings)"
        );
        assert_eq!(failure_tally(&[error, warning]), "1 error and 1 warning");
    }
}
