use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a build makes and frees millions of small strings
/// and trees (Markdown events, minify-html's nodes, Tera values) on two threads at once, and
/// glibc's malloc spent about a fifth of a build's instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    site::cmd::run(site::cmd::Cli::parse())
}
