use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    site::cli::run(site::cli::Cli::parse())
}
