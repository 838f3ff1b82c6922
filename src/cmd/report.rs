//! What the build commands share: their common options, how findings are printed, and the exit
//! code a failed build gets from its findings' codes.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::build::{self, Options};
use crate::diag::Diagnostic;

#[derive(Debug, Args)]
pub(crate) struct Common {
    /// The URL the site will be served from, e.g. https://example.org/explainers/.
    #[arg(short = 'u', long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(short = 'D', long)]
    pub drafts: bool,
    /// Treat warnings (such as an uncited figure) as errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print findings: for people, or one JSON object per line for tools.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

/// Builds the project (when `changed` is Some: whether to list the files that changed) or
/// checks it (None), and reports the outcome.
pub(crate) fn build(
    root: &Path,
    output: Option<PathBuf>,
    common: &Common,
    changed: Option<bool>,
) -> ExitCode {
    let write = changed.is_some();
    match run(root, output, common, write, false) {
        Ok(summary) => {
            if let (Some(true), Some(changes)) = (changed, &summary.changes) {
                print_changes(changes, &summary.output, common.format);
            }
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Runs the build and prints its findings and its summary line; a failed build's exit code
/// when it fails. `coverage` asks the build for every source's figures.
pub(crate) fn run(
    root: &Path,
    output: Option<PathBuf>,
    common: &Common,
    write: bool,
    coverage: bool,
) -> Result<build::Summary, ExitCode> {
    let shown_output = match &output {
        Some(output) => output.clone(),
        None => shown_root(root).join("public"),
    };
    let options = Options {
        drafts: common.drafts,
        strict: common.strict,
        base_url: common.base_url.clone(),
        output,
        write,
        coverage,
    };
    match build::build(root, &options) {
        Ok(mut summary) => {
            summary.output = shown_output;
            print_and_release(
                as_typed(root, std::mem::take(&mut summary.warnings)),
                common.format,
            );
            if common.format == Format::Human {
                println!("{}", summary.line(write));
            }
            Ok(summary)
        }
        Err(found) => {
            let (tally, code) = (crate::diag::failure_tally(&found), exit_code(&found));
            print_and_release(as_typed(root, found), common.format);
            if common.format == Format::Human {
                eprintln!("error: the build failed with {tally}; nothing was written");
            }
            Err(code)
        }
    }
}

/// The project folder as the user reaches it from the current folder: empty when it is the
/// current folder, else as typed, so printed paths can be pasted into the same shell.
pub(crate) fn shown_root(root: &Path) -> PathBuf {
    let here = std::env::current_dir().and_then(|d| d.canonicalize());
    match (here, root.canonicalize()) {
        (Ok(here), Ok(root_here)) if root_here == here => PathBuf::new(),
        (Ok(here), Ok(root_here)) if !root.is_absolute() => root_here
            .strip_prefix(&here)
            .map_or_else(|_| root.to_path_buf(), Path::to_path_buf),
        _ => root.to_path_buf(),
    }
}

/// Findings with their project-relative files shown from the current folder.
pub(crate) fn as_typed(root: &Path, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let prefix = shown_root(root);
    if !prefix.as_os_str().is_empty() {
        for d in &mut found {
            if d.file.is_relative() {
                d.file = prefix.join(&d.file);
            }
        }
    }
    found
}

/// The exit code of a failed build: the highest its findings' kinds ask for (a usage error
/// wins over content errors).
pub(crate) fn exit_code(found: &[Diagnostic]) -> ExitCode {
    let code = found
        .iter()
        .map(|d| d.code.kind().exit_code())
        .max()
        .unwrap_or(1);
    ExitCode::from(code)
}

/// Prints findings to stderr, buffered: for a person at most twenty of a kind per file, as JSON
/// all. A failed write to stderr has nowhere else to be reported.
pub(crate) fn print(found: &[Diagnostic], format: Format) {
    let err = std::io::stderr().lock();
    let _ = match format {
        Format::Human => crate::diag::print_human(found, err),
        Format::Json => crate::diag::print_json(found, err),
    };
}

/// Prints a one-off command's findings and leaves their memory to the process's end, which
/// comes next: freeing 300,000 findings one by one was 2% of such a build, all of it serial.
fn print_and_release(found: Vec<Diagnostic>, format: Format) {
    print(&found, format);
    std::mem::forget(found);
}

/// The files a build changed, one a line on stdout (`changed\tposts/a/index.html`), or as JSON
/// objects; a note on stderr when there was no earlier manifest to compare with.
fn print_changes(changes: &crate::output::Changes, output: &Path, format: Format) {
    if !changes.compared {
        eprintln!(
            "note: {} held no manifest of an earlier build, so every file is listed as added",
            output.display()
        );
    }
    let out = std::io::stdout().lock();
    let mut out = std::io::BufWriter::new(out);
    let lists = [
        ("added", &changes.added),
        ("changed", &changes.changed),
        ("removed", &changes.removed),
    ];
    let _ = lists
        .iter()
        .flat_map(|(what, files)| files.iter().map(move |f| (*what, f)))
        .try_for_each(|(what, file)| match format {
            Format::Human => writeln!(out, "{what}\t{file}"),
            Format::Json => writeln!(
                out,
                "{}",
                serde_json::json!({ "change": what, "file": file })
            ),
        })
        .and_then(|()| out.flush());
}
