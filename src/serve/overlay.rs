//! The page shown instead of the site while the latest build fails.
//!
//! Like Hugo's server, the error goes to the browser the editor is looking at, not only to a
//! terminal they may not be watching; the reload script is added to it like to any page, so
//! saving the fix brings the page back by itself.

use crate::diag::Diagnostic;
use crate::render::escape::escape;

/// The error page: every finding as the terminal shows it (file, line, column, the line
/// itself with a caret, the help), escaped, on a page that needs nothing else to display.
pub(crate) fn page(found: &[Diagnostic]) -> String {
    let errors = found.iter().filter(|d| d.is_error()).count();
    let noun = if errors == 1 { "error" } else { "errors" };
    let mut items = String::new();
    for d in found {
        let place = if d.line == 0 {
            d.file.display().to_string()
        } else {
            format!("{}:{}:{}", d.file.display(), d.line, d.column)
        };
        items.push_str(&format!(
            "<li><h2>{}</h2><pre>{}</pre></li>\n",
            escape(&place),
            escape(&d.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_finding_escaped() {
        let text = "---\ntitle: <b>\n";
        let d = Diagnostic::error(
            crate::diag::Code::FrontMatter,
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
}
