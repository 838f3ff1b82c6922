//! The theme's templates compiled into one Tera instance with site's own filters, and Tera's
//! errors as diagnostics naming the template's file and line.

use std::path::PathBuf;

use crate::diag::{Code, Diagnostic};
use crate::load::theme::Theme;

/// Compiles the templates once for the whole build.
pub(crate) fn compile(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    crate::render::template_chains::check(theme).map_err(|d| vec![d])?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.register_filter("format_date", crate::render::dates::filter);
    tera.register_filter("asset_url", crate::load::theme::asset_url(theme));
    let sources = theme
        .templates
        .iter()
        .map(|(name, (text, _))| (name.as_str(), text.as_str()));
    match tera.add_raw_templates(sources) {
        Ok(()) => Ok(tera),
        Err(err) => Err(vec![template_error(theme, &err)]),
    }
}

/// A Tera error as a diagnostic naming the template's file and line.
pub(crate) fn template_error(theme: &Theme, err: &tera::Error) -> Diagnostic {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut messages = Vec::new();
    while let Some(e) = current {
        if let Some(tera_err) = e.downcast_ref::<tera::Error>() {
            if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera_err.kind()
            {
                return report_diagnostic(theme, report);
            }
            if let Some(d) = chain_error(theme, tera_err.kind()) {
                return d;
            }
            if let tera::ErrorKind::Msg(m) = tera_err.kind() {
                messages.push(m.clone());
            } else {
                messages.push(tera_err.kind().to_string());
            }
        } else {
            messages.push(e.to_string());
        }
        current = e.source();
    }
    let joined = messages.join(": ");
    if let Some(d) = located(theme, &joined) {
        return d;
    }
    Diagnostic::error(Code::Template, "templates", joined)
        .with_help("check the template named above in the theme's templates/ folder")
}

/// Some Tera errors (an include of a template the theme does not have, such as a path climbing
/// out of the theme) carry their place only in their text, as ` --> NAME:LINE:COLUMN`; this
/// points the diagnostic at that template's file and line.
fn located(theme: &Theme, message: &str) -> Option<Diagnostic> {
    let (head, rest) = message.split_once(" --> ")?;
    let place = rest.split_whitespace().next()?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let (text, origin) = theme.templates.get(parts.next()?)?;
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let at = text
        .get(start..)?
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(start, |(i, _)| start + i);
    let head = head.trim().trim_start_matches("error:").trim();
    Some(
        Diagnostic::error(Code::Template, origin.shown(), head.to_string())
            .at(text, at..at + 1)
            .with_help("include only templates of the theme, by their name under templates/"),
    )
}

/// An include or extends loop, or a missing parent, points at the statement naming the
/// template: the first template of the chain whose text names the next one.
fn chain_error(theme: &Theme, kind: &tera::ErrorKind) -> Option<Diagnostic> {
    let (chain, message, help) = match kind {
        tera::ErrorKind::CircularInclude { include_chain, .. } => (
            include_chain.clone(),
            format!(
                "these templates include each other in a loop: {}",
                include_chain.join(" → ")
            ),
            "an include must not lead back to a template that is being rendered; remove one include of the loop",
        ),
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => {
            let mut chain = inheritance_chain.clone();
            chain.push(tpl.clone());
            let message = format!(
                "these templates extend each other in a loop: {}",
                chain.join(" → ")
            );
            (
                chain,
                message,
                "a template must not extend, through its parents, itself; remove one extends of the loop",
            )
        }
        tera::ErrorKind::MissingParent { current, parent } => (
            vec![current.clone(), parent.clone()],
            format!("`{current}` extends `{parent}`, which the theme does not have"),
            "extend a template of the theme, by its name under templates/",
        ),
        _ => return None,
    };
    chain.windows(2).find_map(|pair| {
        let (text, origin) = theme.templates.get(&pair[0])?;
        let at = [format!("\"{}\"", pair[1]), format!("'{}'", pair[1])]
            .iter()
            .filter_map(|quoted| text.find(quoted.as_str()))
            .min()?;
        Some(
            Diagnostic::error(Code::Template, origin.shown(), message.clone())
                .at(text, at..at + pair[1].len() + 2)
                .with_help(help),
        )
    })
}

fn report_diagnostic(theme: &Theme, report: &tera::ReportError) -> Diagnostic {
    let name = report.filename();
    let (file, text) = match theme.templates.get(name) {
        Some((text, origin)) => (origin.shown(), text.as_str()),
        None => (PathBuf::from(name), ""),
    };
    let span = report.span();
    let message = report.message().to_string();
    let help = if ["not found", "undefined", "not defined"]
        .iter()
        .any(|m| message.contains(m))
    {
        "guard optional values with {% if x %} or give a default with `x | default(value=\"\")`"
    } else {
        "see the template syntax in docs/themes.md and Tera's documentation"
    };
    Diagnostic::error(Code::Template, file, message)
        .at(text, span.range.clone())
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::load;

    #[test]
    fn the_default_theme_compiles() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), "default").unwrap();
        compile(&theme).unwrap();
    }

    #[test]
    fn a_syntax_error_names_the_template_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/404.html"), "<p>\n{% if %}</p>").unwrap();
        let theme = load(dir.path(), "default").unwrap();
        let d = compile(&theme).unwrap_err().remove(0);
        assert_eq!(d.file, PathBuf::from("templates/404.html"));
        assert_eq!(d.line, 2);
    }
}
