//! The command line: parse arguments, run a command, print diagnostics, choose the exit code.
//!
//! Each command is one file: its arguments (a clap `Args` struct) and its `run`. Adding a
//! command is that file, one `mod` line and one variant of [`Command`].

mod build;
mod check;
mod coverage;
mod explain;
mod init;
mod lsp;
mod new;
mod quote;
mod report;
mod serve;
mod source;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A static-site generator for explainers whose every figure is checked against its source.
#[derive(Debug, Parser)]
#[command(name = "site", version, about)]
pub struct Cli {
    /// The project's folder (the one with site.yaml).
    #[arg(short, long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every quote and figure, render the site and write it to public/.
    Build(build::BuildArgs),
    /// Do everything build does, but write nothing; exit 1 on any error.
    Check(check::CheckArgs),
    /// Serve the site at http://127.0.0.1:1111/ and reload open pages on every save.
    Serve(serve::ServeArgs),
    /// Find the passages of the sources that match some words, with a definition to paste.
    Quote(quote::QuoteArgs),
    /// Work with the stored sources: `site source add` imports an article.
    Source(source::SourceArgs),
    /// Serve the checks to an editor: a Language Server over stdin and stdout.
    Lsp(lsp::LspArgs),
    /// Start a new project that builds at once.
    Init(init::InitArgs),
    /// Write a new page from a template: title, date and sources filled in.
    New(new::NewArgs),
    /// Explain a finding's code (such as `quote-not-found`) with an example and the fix.
    Explain(explain::ExplainArgs),
}

/// Runs the parsed command line; the exit code is 1 for content errors, 2 for usage errors.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&cli.root, args),
        Command::Check(args) => check::run(&cli.root, &args),
        Command::Serve(args) => serve::run(&cli.root, &args),
        Command::Quote(args) => quote::run(&cli.root, &args),
        Command::Source(args) => source::run(&cli.root, args),
        Command::Lsp(args) => lsp::run(&cli.root, &args),
        Command::Init(args) => init::run(&cli.root, args),
        Command::New(args) => new::run(&cli.root, &args),
        Command::Explain(args) => explain::run(&args),
    }
}
