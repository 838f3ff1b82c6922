//! The command line: parse arguments, run a command, print diagnostics, choose the exit code.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Diagnostic;
use crate::pipeline::{self, Options};

/// A static-site generator for explainers whose every figure is checked against its source.
#[derive(Debug, Parser)]
#[command(name = "site", version, about)]
pub struct Cli {
    /// The project's folder (the one with site.yaml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every quote and figure, render the site and write it to public/.
    Build {
        /// Where to write the site (default: public/ in the project).
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Do everything build does, but write nothing; exit 1 on any error.
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Serve the site at http://127.0.0.1:1111/ and reload open pages on every save.
    Serve {
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; 0.0.0.0 lets other devices on the network in.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Work with the stored sources: `site source add` imports an article.
    Source {
        #[command(subcommand)]
        command: crate::source_add::SourceCommand,
    },
    /// Start a new project that builds at once.
    Init {
        /// The folder to create it in (default: the current folder).
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct Common {
    /// The URL the site will be served from, e.g. https://example.org/explainers/.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings (such as an uncited figure) as errors.
    #[arg(long)]
    pub strict: bool,
    /// How to print findings: for people, or one JSON object per line for tools.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs the parsed command line; the exit code is 1 for content errors, 2 for usage errors.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| cli.root.clone());
            match crate::init::init(&dir) {
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
                    ExitCode::from(1)
                }
            }
        }
        Command::Source { command } => crate::source_add::run(&cli.root, command),
        Command::Build { output, common } => build(&cli.root, output, &common, true),
        Command::Check { common } => build(&cli.root, None, &common, false),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => crate::serve::run(
            &cli.root,
            &crate::serve::Settings {
                port,
                bind,
                open,
                drafts,
            },
        ),
    }
}

fn build(
    root: &std::path::Path,
    output: Option<PathBuf>,
    common: &Common,
    write: bool,
) -> ExitCode {
    let options = Options {
        drafts: common.drafts,
        strict: common.strict,
        base_url: common.base_url.clone(),
        output,
        write,
    };
    match pipeline::build(root, &options) {
        Ok(summary) => {
            report(&summary.warnings, common.format);
            if common.format == Format::Human {
                println!("{}", summary.line(write));
            }
            ExitCode::SUCCESS
        }
        Err(found) => {
            report(&found, common.format);
            let errors = match found.iter().filter(|d| d.is_error()).count() {
                0 => found.len(),
                n => n,
            };
            if common.format == Format::Human {
                eprintln!(
                    "error: the build failed with {errors} error{}; nothing was written",
                    if errors == 1 { "" } else { "s" }
                );
            }
            if found.iter().any(|d| d.code == "usage") {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn report(found: &[Diagnostic], format: Format) {
    let mut err = std::io::stderr().lock();
    for d in found {
        let _ = match format {
            Format::Human => writeln!(err, "{d}"),
            Format::Json => writeln!(err, "{}", d.to_json()),
        };
    }
}
