//! `site build`: check, render and write the site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::report::{self, Common};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Where to write the site, relative to the current folder (default: public/ in the project).
    #[arg(
        short,
        long,
        visible_alias = "output-dir",
        visible_alias = "destination",
        short_alias = 'd'
    )]
    output: Option<PathBuf>,
    /// Print the files that differ from the last build in the output folder, one a line:
    /// `added`, `changed` or `removed`, a tab, the path (for a deploy that uploads only those).
    #[arg(long)]
    changed: bool,
    #[command(flatten)]
    common: Common,
}

pub(crate) fn run(root: &Path, args: BuildArgs) -> ExitCode {
    report::build(root, args.output, &args.common, Some(args.changed))
}
