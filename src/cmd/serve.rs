//! `site serve`: the command line of the live server in [`crate::serve`].

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on; when it is taken, the next free one (0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; 0.0.0.0 lets other devices on the network in.
    #[arg(
        short = 'i',
        long,
        visible_alias = "interface",
        default_value = "127.0.0.1"
    )]
    bind: std::net::IpAddr,
    /// The address other devices reach this machine at (such as 192.168.1.20 or
    /// http://laptop.local), for the pages' absolute links; the site is still served at `/`.
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Open the site in the default browser.
    #[arg(short = 'O', long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(short = 'D', long)]
    drafts: bool,
}

pub(crate) fn run(root: &Path, args: &ServeArgs) -> ExitCode {
    crate::serve::run(
        root,
        &crate::serve::Settings {
            port: args.port,
            bind: args.bind,
            open: args.open,
            base_url: args.base_url.clone(),
            drafts: args.drafts,
        },
    )
}
