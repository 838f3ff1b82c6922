//! A whole build of a one-page site, in check mode (rendered, nothing written).
//!
//! The project — `site.yaml`, one source `content/sources/s.md` — is made once per process in
//! a temporary folder; each input is written as `content/index.md` (any bytes, UTF-8 or not)
//! and the site is built. The build must return Ok or Err, never panic.
#![no_main]

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use site::build::{self, Options};

const SOURCE: &str = "\
---
title: What Pyongyang hopes to gain
publisher: The New York Sun
url: https://example.com/story
---
Officials said around 11,000 troops were assessed to have moved to Kursk in late October.

North Korea has 1.2 million troops, and Russia recruits 25,000–30,000 new soldiers a month.

Russia is reportedly paying nearly $2,000 a month for each North Korean soldier, “virtually all” of it.
";

fn project() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("site-fuzz-build-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("content/sources")).expect("create the project");
        fs::write(root.join("site.yaml"), "title: T\n").expect("write site.yaml");
        fs::write(root.join("content/sources/s.md"), SOURCE).expect("write the source");
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let root = project();
    fs::write(root.join("content/index.md"), data).expect("write the page");
    let options = Options {
        write: false,
        ..Default::default()
    };
    match build::build(root, &options) {
        Ok(summary) => {
            let _ = summary.line(false);
            for d in &summary.warnings {
                let _ = d.to_string();
            }
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                let _ = d.to_string();
                let _ = d.to_json();
            }
        }
    }
});
