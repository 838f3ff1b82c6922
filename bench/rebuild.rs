//! How long `site serve` takes to rebuild after a one-page edit: a session builds the site at
//! the given root, then one page is edited again and again and each rebuild is timed.
//!
//!     cargo bench --bench rebuild -- /dev/shm/site-bench/cited-10000/site [edits]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use site::build::{Options, Session};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench rebuild -- <project root> [edits]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut session = Session::new(&root, Options::default());
    let started = Instant::now();
    let first = match session.build() {
        Ok(built) => built,
        Err(found) => {
            for d in found {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    println!(
        "first build: {} pages in {:?}",
        first.summary.pages,
        started.elapsed()
    );
    drop(first);

    let page = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .flat_map(|p| {
            if p.is_dir() {
                std::fs::read_dir(p)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path())
                    .collect()
            } else {
                vec![p]
            }
        })
        .find(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p.ends_with("_index.md")
                && !p.ends_with("index.md")
        })
        .unwrap_or_else(|| root.join("content/index.md"));
    let original = std::fs::read_to_string(&page).unwrap_or_default();
    let mut times: Vec<Duration> = Vec::new();
    let mut rendered = 0;
    for i in 0..edits {
        let edited = format!("{original}\nEdit number {}.\n", "x".repeat(i + 1));
        if std::fs::write(&page, edited).is_err() {
            break;
        }
        let start = Instant::now();
        let changed = page
            .strip_prefix(&root)
            .map(|p| vec![p.to_path_buf()])
            .unwrap_or_default();
        match session.build_changed(&changed) {
            Ok(built) => rendered = built.summary.rendered,
            Err(found) => {
                eprintln!("rebuild failed: {}", found.len());
                break;
            }
        }
        times.push(start.elapsed());
    }
    let _ = std::fs::write(&page, original);
    times.sort();
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        let median = times[times.len() / 2];
        println!(
            "one-page edit of {}: median {median:?}, min {min:?}, max {max:?} over {} rebuilds; {rendered} files rendered again",
            page.display(),
            times.len()
        );
    }
}
