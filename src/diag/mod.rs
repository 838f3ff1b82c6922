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
pub(crate) mod suggest;
pub(crate) mod yaml;

pub use code::{Code, Kind};

/// Whether a finding stops the build. Warnings become errors under `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
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
    pub help: Option<String>,
    #[serde(skip)]
    snippet: Option<Snippet>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snippet {
    text: String,
    /// Caret width in characters.
    width: usize,
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
    pub fn at(mut self, text: &str, range: Range<usize>) -> Self {
        let start = floor_char_boundary(text, range.start.min(text.len()));
        let end = floor_char_boundary(text, range.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        self.line = text[..start].matches('\n').count() + 1;
        self.column = text[line_start..start].chars().count() + 1;
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let visible_end = end.min(line_start + line_text.len()).max(start);
        let width = text[start..visible_end].chars().count().max(1);
        self.snippet = Some(Snippet {
            text: line_text.to_string(),
            width,
        });
        self
    }

    /// Points the finding at a 1-based line and column, as YAML and template errors report them.
    pub fn at_line(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        if let Some(line_text) = text.lines().nth(line.saturating_sub(1)) {
            self.snippet = Some(Snippet {
                text: line_text.trim_end_matches('\r').to_string(),
                width: 1,
            });
        }
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shows the file relative to the project root, as editors think of it.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.file.strip_prefix(root) {
            self.file = rel.to_path_buf();
        }
        self
    }

    /// One JSON object per line, for editors' CI.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
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
                .take(self.column.saturating_sub(1))
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
}
