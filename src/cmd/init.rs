//! `site init`: a new project that builds at once, showing one cited figure end to end.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::diag::{Code, Diagnostic};

const SITE_YAML: &str = "\
title: My explainers
description: Explainers whose every figure is checked against its source.
base_url: /
language: en
";

/// The home page is a section: it lists every page of `content/`, so a page added later is
/// linked from the start and never an orphan.
const HOME_MD: &str = "\
---
title: My explainers
description: Explainers whose every figure is checked against its source.
---
Each explainer below links its figures to the words of the article they come from.
";

const EXPLAINER_MD: &str = "\
---
title: How busy was the library?
description: A first explainer, its figure checked against the article it comes from.
sources: [example]
---
The town library lent [12,400 books][lent] last year, according to its own report.

Each figure is a link whose title quotes the source word for word; `site build` checks that the
quote is in the source and that the figure is in the quote.

[lent]: example \"The town library lent 12,400 books last year\"
";

const SOURCE_MD: &str = "\
---
title: Library report
publisher: Example Newsroom
rights: full
---
The town library lent 12,400 books last year, about 3,100 more than the year before.

Most of the new readers were children, the librarian said.
";

/// What `init` did: the files it wrote and the ones it found already there and kept.
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub wrote: Vec<&'static str>,
    pub kept: Vec<&'static str>,
}

/// Writes the starter files into `dir`. Without `force` it refuses a folder that already
/// holds a project or any file; with it, it adds what is missing and never overwrites a file. The root of the file system
/// and the home folder are always refused.
pub(crate) fn init(dir: &Path, force: bool) -> Result<Written, Diagnostic> {
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    if real.parent().is_none() || home.is_some_and(|h| h.canonicalize().is_ok_and(|h| h == real)) {
        return Err(Diagnostic::error(
            Code::Init,
            dir,
            "refusing to start a project in the root of the file system or the home folder",
        )
        .with_help("pass `site init` a new folder, such as `site init my-site`"));
    }
    if !force && dir.join("site.yaml").exists() {
        return Err(Diagnostic::error(
            Code::Init,
            dir.join("site.yaml"),
            "a project is already here",
        )
        .with_help("run `site build` to build it, or pass `site init` a new folder"));
    }
    let occupied = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if !force && occupied {
        return Err(Diagnostic::error(Code::Init, dir, "this folder is not empty")
            .with_help("pass a new folder, or add `--force` to add the starter files beside what is here (no file is overwritten)"));
    }
    let fail = |e: std::io::Error| {
        Diagnostic::error(Code::Init, dir, format!("cannot create the project: {e}"))
    };
    fs::create_dir_all(dir.join("content/sources")).map_err(fail)?;
    let mut written = Written::default();
    // A home page of the user's own, as `index.md`, is kept in place of ours.
    if dir.join("content/index.md").exists() {
        written.kept.push("content/index.md");
    }
    for (rel, text) in [
        ("site.yaml", SITE_YAML),
        ("content/_index.md", HOME_MD),
        ("content/lending.md", EXPLAINER_MD),
        ("content/sources/example.md", SOURCE_MD),
        (".gitignore", "public/\n.site-cache/\n"),
    ] {
        let path = dir.join(rel);
        if path.exists() {
            written.kept.push(rel);
            continue;
        }
        if rel == "content/_index.md" && dir.join("content/index.md").exists() {
            continue;
        }
        fs::write(&path, text).map_err(fail)?;
        written.wrote.push(rel);
    }
    Ok(written)
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create it in, relative to the current folder (default: the project
    /// folder, `--root`).
    dir: Option<PathBuf>,
    /// Add the starter files to a folder that is not empty; existing files are kept as they are.
    #[arg(short, long)]
    force: bool,
}

pub(crate) fn run(root: &Path, args: InitArgs) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    match init(&dir, args.force) {
        Ok(written) => {
            let shown = super::report::shown_root(&dir);
            let build = if shown.as_os_str().is_empty() {
                "`site build`".to_string()
            } else {
                format!("`site --root {} build`", shown.display())
            };
            if !written.kept.is_empty() {
                println!("Kept the files already there: {}", written.kept.join(", "));
            }
            let place = if shown.as_os_str().is_empty() {
                "the current folder".to_string()
            } else {
                shown.display().to_string()
            };
            println!("Created a new site in {place}; build it with {build}");
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{d}");
            ExitCode::from(d.code.kind().exit_code())
        }
    }
}
