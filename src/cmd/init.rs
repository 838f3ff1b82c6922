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

const INDEX_MD: &str = "\
---
title: How busy was the library?
description: A first explainer, with one checked figure.
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

/// Writes the starter files into `dir`, refusing to touch an existing project.
pub(crate) fn init(dir: &Path) -> Result<(), Diagnostic> {
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
    if dir.join("site.yaml").exists() {
        return Err(Diagnostic::error(
            Code::Init,
            dir.join("site.yaml"),
            "a project is already here",
        )
        .with_help("run `site build` to build it, or pass `site init` a new folder"));
    }
    let fail = |e: std::io::Error| {
        Diagnostic::error(Code::Init, dir, format!("cannot create the project: {e}"))
    };
    fs::create_dir_all(dir.join("content/sources")).map_err(fail)?;
    for (rel, text) in [
        ("site.yaml", SITE_YAML),
        ("content/index.md", INDEX_MD),
        ("content/sources/example.md", SOURCE_MD),
        (".gitignore", "public/\n"),
    ] {
        let path = dir.join(rel);
        if path.exists() {
            return Err(
                Diagnostic::error(Code::Init, &path, "this file is already here")
                    .with_help("start the project in an empty folder"),
            );
        }
        fs::write(&path, text).map_err(fail)?;
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create it in (default: the current folder).
    dir: Option<PathBuf>,
}

pub(crate) fn run(root: &Path, args: InitArgs) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    match init(&dir) {
        Ok(()) => {
            println!(
                "Created a new site in {}; build it with `site --root {} build`",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{d}");
            ExitCode::from(d.code.kind().exit_code())
        }
    }
}
