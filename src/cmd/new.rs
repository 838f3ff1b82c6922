//! `site new PATH`: a page from a template, its front matter filled in, so a writer starts
//! with a record the build accepts and the sources it may cite already declared.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::diag::{Code, Diagnostic};
use crate::load::content;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The page to write, relative to the current folder, under the project's content/
    /// (such as content/troop-numbers.md).
    path: PathBuf,
    /// The page's title (default: made from the file name).
    #[arg(short, long)]
    title: Option<String>,
    /// A source the page cites, by id; repeat for more (default: every source of the project).
    #[arg(short, long = "source")]
    sources: Vec<String>,
}

pub(crate) fn run(root: &Path, args: &NewArgs) -> ExitCode {
    match write(root, args) {
        Ok(shown) => {
            println!("Wrote {shown}; check it with `site check`");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{d}");
            ExitCode::from(d.code.kind().exit_code())
        }
    }
}

fn write(root: &Path, args: &NewArgs) -> Result<String, Diagnostic> {
    let refuse = |message: &str, help: &str| {
        Diagnostic::error(Code::NewPage, &args.path, message).with_help(help.to_string())
    };
    let root = content::project_root(root).map_err(|mut d| d.remove(0))?;
    let here = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .map_err(|e| {
            refuse(
                &format!("cannot read the current folder: {e}"),
                "run it from an existing folder",
            )
        })?;
    let target = lexical(&here.join(&args.path));
    let content_dir = root.join("content");
    let Ok(rel) = target.strip_prefix(&content_dir) else {
        return Err(refuse(
            "this path is not under the project's content/ folder",
            "pages live under content/: write, say, `site new content/notes.md` from the project folder",
        ));
    };
    if target.extension().is_none_or(|e| e != "md") {
        return Err(refuse("a page is a .md file", "end the path with .md"));
    }
    if rel.starts_with("sources") {
        return Err(refuse(
            "content/sources/ holds the stored articles, not pages",
            "store an article with `site source add`; write pages elsewhere under content/",
        ));
    }
    if target.symlink_metadata().is_ok() {
        return Err(refuse(
            "this file is already here (or a link by its name)",
            "pick another name; `site new` never overwrites a file",
        ));
    }
    // The folder's nearest existing part, links followed, must be content/ or inside it: a
    // folder under content/ that links elsewhere would have the page written there.
    let real_content = content_dir.canonicalize().unwrap_or(content_dir.clone());
    let nearest = target.ancestors().skip(1).find(|a| a.exists());
    if nearest
        .and_then(|a| a.canonicalize().ok())
        .is_none_or(|real| !real.starts_with(&real_content))
    {
        return Err(refuse(
            "a folder on this path is a link leading out of content/",
            "write the page in a folder of the project's content/",
        ));
    }
    let sources = if args.sources.is_empty() {
        source_ids(&content_dir)
    } else {
        args.sources.clone()
    };
    let stem = target
        .file_stem()
        .map_or(String::new(), |s| s.to_string_lossy().into_owned());
    let title = args.title.clone().unwrap_or_else(|| title_of(&stem));
    let text = page(&title, &crate::import::date::today(), &sources);
    let fail = |e: std::io::Error| {
        refuse(
            &format!("cannot write the page: {e}"),
            "check the folder's permissions",
        )
    };
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    // A new file only: never one a link by this name leads to, made since the check above.
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(fail)?;
    Ok(args.path.display().to_string())
}

/// `a/../b` as `b`, without touching the disk: the page may not exist yet.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Every source id of the project, sorted.
fn source_ids(content_dir: &Path) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(content_dir.join("sources"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    ids.sort();
    ids
}

/// `troop-numbers` as `Troop numbers`.
fn title_of(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

/// The page's text: a record the build accepts, and a first line saying how to cite.
fn page(title: &str, date: &str, sources: &[String]) -> String {
    let quoted = serde_json::to_string(title).unwrap_or_else(|_| "\"Untitled\"".to_string());
    let list = sources
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "---\ntitle: {quoted}\ndate: {date}\nsources: [{list}]\n---\n\
         Write here. Find a passage to cite with `site quote WORDS`, paste its definition below, \
         and link a figure to its label.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_made_from_the_file_name() {
        assert_eq!(title_of("troop-numbers"), "Troop numbers");
        assert_eq!(title_of(""), "Untitled");
    }

    #[test]
    fn the_page_is_a_record_the_build_reads() {
        let text = page(
            "Troops: how many?",
            "2026-01-02",
            &["a".to_string(), "b".to_string()],
        );
        assert!(
            text.starts_with("---\ntitle: \"Troops: how many?\"\ndate: 2026-01-02\n"),
            "{text}"
        );
        assert!(text.contains("sources: [\"a\", \"b\"]\n"), "{text}");
    }
}
