//! `site check`: everything `build` does but the writing.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use super::report::{self, Common};

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    common: Common,
}

pub(crate) fn run(root: &Path, args: &CheckArgs) -> ExitCode {
    report::build(root, None, &args.common, None)
}
