//! `site serve`: the command line of the live server in [`crate::serve`].

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
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
}

pub(crate) fn run(root: &Path, args: &ServeArgs) -> ExitCode {
    crate::serve::run(
        root,
        &crate::serve::Settings {
            port: args.port,
            bind: args.bind,
            open: args.open,
            drafts: args.drafts,
        },
    )
}
