//! `site explain CODE`: the long explanation of a finding, with an example and the fix, as
//! `rustc --explain` has; without a code, the list of codes with their one-line summaries.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Args;

use crate::diag::{Code, suggest};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The code, as printed in brackets after `error` or `warning` (e.g. quote-not-found).
    code: Option<String>,
}

pub(crate) fn run(args: &ExplainArgs) -> ExitCode {
    // `site explain | head` closes the pipe early: that ends the listing, it is not a failure, so
    // write errors are not reported (`println!` would panic on them).
    let mut out = std::io::stdout().lock();
    let Some(name) = &args.code else {
        for code in Code::ALL {
            if writeln!(out, "{:<20} {}", code.name(), code.summary()).is_err() {
                break;
            }
        }
        return ExitCode::SUCCESS;
    };
    match Code::from_name(name.trim()) {
        Some(code) => {
            let _ = writeln!(
                out,
                "{}: {}\n\n{}",
                code.name(),
                code.summary(),
                code.explanation()
            );
            ExitCode::SUCCESS
        }
        None => {
            let names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
            eprintln!(
                "error: there is no code `{name}`\n  = help: {}",
                suggest::hint(name, &names)
            );
            ExitCode::from(2)
        }
    }
}
