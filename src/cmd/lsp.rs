//! `site lsp`: the Language Server an editor starts to show the checks as its user types.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accepted for editors that pass it; the server always speaks over stdin and stdout.
    #[arg(long)]
    stdio: bool,
}

pub(crate) fn run(root: &Path, _args: &LspArgs) -> ExitCode {
    match crate::lsp::serve(root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: site lsp: {message}");
            ExitCode::from(1)
        }
    }
}
