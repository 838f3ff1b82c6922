//! `site check --coverage [SOURCE]`: every figure of each source, paragraph by paragraph, with
//! the places that cite it or "not cited", then a summary line per source; one JSON object per
//! source with `--format json`. The figures come from the build (`cite::coverage`); this file
//! only prints them.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::report::{self, Common, Format};
use crate::build::Coverage;
use crate::cite::coverage::CoveredFigure;
use crate::diag::{Code, Diagnostic};

/// Checks the site and prints the coverage of every source, or of `only` when it names one.
pub(crate) fn run(root: &Path, common: &Common, only: &str) -> ExitCode {
    let summary = match report::run(root, None, common, false, true) {
        Ok(summary) => summary,
        Err(code) => return code,
    };
    let chosen: Vec<&Coverage> = summary
        .coverage
        .iter()
        .filter(|c| only.is_empty() || c.figures.source == only)
        .collect();
    if !only.is_empty() && chosen.is_empty() {
        let known: Vec<&str> = summary
            .coverage
            .iter()
            .map(|c| c.figures.source.as_str())
            .collect();
        let mut d = Diagnostic::error(
            Code::Usage,
            "--coverage",
            format!("there is no source `{only}` in content/sources/"),
        );
        d = match crate::diag::suggest::did_you_mean(only, known.iter().copied()) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None if known.is_empty() => d.with_help("this site has no sources yet"),
            None => d.with_help(format!("the sources are: {}", known.join(", "))),
        };
        report::print(&[d], common.format);
        return ExitCode::from(Code::Usage.kind().exit_code());
    }
    let prefix = report::shown_root(root);
    let shown = |path: &str| prefix.join(path).display().to_string();
    let mut out = std::io::stdout().lock();
    let written = chosen.iter().try_for_each(|c| match common.format {
        Format::Human => write!(out, "{}", human(c, &shown)),
        Format::Json => writeln!(out, "{}", as_json(c, &shown)),
    });
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

/// Where a figure is cited, as `content/index.md:12, content/about.md:3`, or "not cited".
fn places(figure: &CoveredFigure, shown: &dyn Fn(&str) -> String) -> String {
    if figure.cited_at.is_empty() {
        return "not cited".to_string();
    }
    figure
        .cited_at
        .iter()
        .map(|at| format!("{}:{}", shown(&at.page), at.line))
        .collect::<Vec<_>>()
        .join(", ")
}

fn human(c: &Coverage, shown: &dyn Fn(&str) -> String) -> String {
    let figures = &c.figures;
    let mut text = format!(
        "\n{} ({})\n",
        figures.source,
        shown(&c.file.display().to_string())
    );
    let place_width = figures
        .figures
        .iter()
        .map(|f| f.place().chars().count())
        .max()
        .unwrap_or(0);
    let figure_width = figures
        .figures
        .iter()
        .map(|f| f.text.chars().count())
        .max()
        .unwrap_or(0);
    for f in &figures.figures {
        text.push_str(&format!(
            "  {:place_width$}  {:figure_width$}  {}\n",
            f.place(),
            f.text,
            places(f, shown)
        ));
    }
    text.push_str(&format!("  {}\n", figures.summary()));
    text
}

fn as_json(c: &Coverage, shown: &dyn Fn(&str) -> String) -> String {
    let figures: Vec<serde_json::Value> = c
        .figures
        .figures
        .iter()
        .map(|f| {
            json!({
                "text": f.text,
                "paragraph": f.paragraph,
                "caption": f.caption,
                "cited": !f.cited_at.is_empty(),
                "cited_at": f.cited_at.iter().map(|at| json!({
                    "page": shown(&at.page),
                    "line": at.line,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "source": c.figures.source,
        "file": shown(&c.file.display().to_string()),
        "cited": c.figures.cited,
        "total": c.figures.total,
        "summary": c.figures.summary(),
        "figures": figures,
    })
    .to_string()
}
