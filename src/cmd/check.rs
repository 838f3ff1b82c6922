//! `site check`: everything `build` does but the writing; with `--coverage`, also every figure
//! of each source and where the site cites it.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use super::coverage;
use super::report::{self, Common};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// List every figure of each source (or of the source SOURCE, by id), paragraph by
    /// paragraph, with where the site cites it, and a summary line per source.
    #[arg(long, value_name = "SOURCE", num_args = 0..=1, default_missing_value = "")]
    coverage: Option<String>,
}

pub(crate) fn run(root: &Path, args: &CheckArgs) -> ExitCode {
    match &args.coverage {
        None => report::build(root, None, &args.common, None),
        Some(source) => coverage::run(root, &args.common, source),
    }
}
