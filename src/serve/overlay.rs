//! The page shown instead of the site while the latest build fails.
//!
//! Like Hugo's server, the error goes to the browser the editor is looking at, not only to a
//! terminal they may not be watching; the reload script is added to it like to any page, so
//! saving the fix brings the page back by itself.

use std::fmt::{self, Write as _};

use crate::diag::{Diagnostic, Severity};
use crate::render::escape::escape;

/// The most findings the page shows; the terminal has every one.
pub(crate) const MAX_SHOWN: usize = 50;
/// The most of one finding's text the page shows, before escaping: a finding that quotes a
/// 120 KB line is cut, so the page stays small however long the lines of the project are.
pub(crate) const MAX_FINDING_CHARS: usize = 4096;

/// The error page: the findings as the terminal shows them (file, line, column, the line
/// itself with a caret, the help), errors first, escaped, on a page that needs nothing else to
/// display. At most [`MAX_SHOWN`] findings of at most [`MAX_FINDING_CHARS`] each, so the page
/// is small whatever failed; made once per failed build.
pub(crate) fn page(found: &[Diagnostic]) -> String {
    let errors = found.iter().filter(|d| d.is_error()).count();
    let noun = if errors == 1 { "error" } else { "errors" };
    let mut items = String::new();
    let errors_first = found
        .iter()
        .filter(|d| d.is_error())
        .chain(found.iter().filter(|d| d.severity != Severity::Error));
    for d in errors_first.take(MAX_SHOWN) {
        let place = if d.line == 0 {
            d.file.display().to_string()
        } else {
            format!("{}:{}:{}", d.file.display(), d.line, d.column)
        };
        items.push_str(&format!(
            "<li><h2>{}</h2><pre>{}</pre></li>\n",
            escape(&place),
            escape(&shortened(d))
        ));
    }
    if found.len() > MAX_SHOWN {
        items.push_str(&format!(
            "<li><p>… and {} more findings, listed in the terminal.</p></li>\n",
            found.len() - MAX_SHOWN
        ));
    }
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Build failed · site serve</title>
<style>
:root {{ color-scheme: light dark; }}
body {{ margin: 0; font: 16px/1.5 system-ui, sans-serif; background: Canvas; color: CanvasText; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem; }}
h1 {{ margin: 0 0 .25rem; font-size: 1.5rem; color: #c62828; }}
h2 {{ margin: 1.25rem 0 .5rem; font-size: 1rem; font-family: ui-monospace, monospace; }}
ol {{ list-style: none; padding: 0; }}
pre {{ margin: 0; padding: 1rem; overflow-x: auto; border-left: 4px solid #c62828; background: rgba(198, 40, 40, .08); font: 14px/1.45 ui-monospace, monospace; white-space: pre; }}
</style>
</head>
<body>
<main>
<h1>The site did not build: {errors} {noun}</h1>
<p>Fix {them} and save; this page reloads by itself. Until then every page shows this.</p>
<ol>
{items}</ol>
</main>
</body>
</html>
"#,
        them = if errors == 1 { "it" } else { "them" },
    )
}

/// A finding as the terminal shows it, cut after [`MAX_FINDING_CHARS`] characters; the
/// finding is written into a bounded buffer, so a huge one costs no more than a short one.
fn shortened(d: &Diagnostic) -> String {
    let mut out = Bounded {
        text: String::new(),
        left: MAX_FINDING_CHARS,
        cut: false,
    };
    // The writer refuses once full; what it holds by then is what is shown.
    let _ = write!(out, "{d}");
    if out.cut {
        out.text
            .push_str("\n… (cut; the terminal shows the whole finding)");
    }
    out.text
}

struct Bounded {
    text: String,
    left: usize,
    cut: bool,
}

impl fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut taken = 0;
        for (n, (i, c)) in s.char_indices().enumerate() {
            if n == self.left {
                self.text.push_str(&s[..i]);
                self.left = 0;
                self.cut = true;
                return Err(fmt::Error);
            }
            taken = i + c.len_utf8();
        }
        self.text.push_str(&s[..taken]);
        self.left -= s[..taken].chars().count();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn lists_every_finding_escaped() {
        let text = "---\ntitle: <b>\n";
        let d = Diagnostic::error(
            Code::FrontMatter,
            "content/index.md",
            "the front matter is never closed",
        )
        .at(text, 0..3)
        .with_help("add a line with only `---` & <save>");
        let page = page(&[d]);
        assert!(page.contains("<h2>content/index.md:1:1</h2>"), "{page}");
        assert!(
            page.contains("error[front-matter]: the front matter is never closed"),
            "{page}"
        );
        assert!(page.contains("`---` &amp; &lt;save&gt;"), "{page}");
        assert!(page.contains("1 error<"), "{page}");
        assert!(!page.contains("<save>"), "{page}");
    }

    #[test]
    fn stays_small_however_many_and_long_the_findings() {
        let line = "7,000 ".repeat(20_000);
        let found: Vec<Diagnostic> = (0..10_000)
            .map(|i| {
                Diagnostic::warning(Code::UncitedFigure, "content/long.md", "an uncited figure")
                    .at(&line, i * 6..i * 6 + 5)
            })
            .chain([Diagnostic::error(
                Code::FrontMatter,
                "content/index.md",
                "the front matter is never closed",
            )
            .with_help("a help longer than any page should show ".repeat(3_000))])
            .collect();
        let page = page(&found);
        assert!(page.len() < 1_000_000, "{} bytes", page.len());
        // The error comes first, ahead of ten thousand warnings.
        let error = page.find("never closed").unwrap();
        assert!(error < page.find("uncited figure").unwrap());
        assert!(page.contains(&format!("and {} more findings", 10_001 - MAX_SHOWN)));
        assert!(page.contains("(cut; the terminal shows the whole finding)"));
    }
}
