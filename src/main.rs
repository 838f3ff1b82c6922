use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    site::cmd::run(site::cmd::Cli::parse())
}
