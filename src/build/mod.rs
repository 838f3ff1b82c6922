//! The build, stage by stage: load → parse → cite → render → write.
//!
//! Each stage runs across all cores (rayon) and collects every finding before the build decides
//! to stop, so an editor sees all problems at once. A [`Session`] keeps what each stage made, so
//! that building again after an edit reads, parses, cites and renders only what the edit touched:
//! `site serve` rebuilds a one-page edit of a large site in milliseconds.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::Diagnostic;
use crate::load::digest::ContentDigest;
use crate::output::{Changes, Data};

mod layout;
mod media;
mod publish;
mod session;
mod stage;

use session::Mode;
pub use session::Session;

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    pub base_url: Option<String>,
    pub output: Option<PathBuf>,
    /// False for `site check`: everything but the writing.
    pub write: bool,
    /// List every figure of each source and where it is cited (`site check --coverage`).
    pub coverage: bool,
}

/// What a successful build did, for its one-line report.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub sources: usize,
    pub citations: usize,
    pub warnings: Vec<Diagnostic>,
    pub output: PathBuf,
    /// When the build began, to report its time once the files are written.
    pub started: Instant,
    /// How many output files were rendered again (the rest were kept from the last build).
    pub rendered: usize,
    /// How many copies of images (one width in one format each) were encoded by this build
    /// rather than taken from the cache.
    pub encoded: usize,
    /// How many share cards were drawn by this build rather than taken from the cache.
    pub drawn: usize,
    /// The files that differ from the site this build replaced (a build that wrote its output).
    pub changes: Option<Changes>,
    /// Each source's figures and where they are cited, by source id; empty unless
    /// [`Options::coverage`] asked for it.
    pub coverage: Vec<Coverage>,
}

/// One source's coverage, with the file it is stored in.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// The source's file, relative to the project.
    pub file: PathBuf,
    pub figures: crate::cite::coverage::SourceCoverage,
}

impl Summary {
    /// `Built 3 pages and 1 source, 24 citations checked, in 31 ms → public/`
    pub fn line(&self, wrote: bool) -> String {
        let verb = if wrote { "Built" } else { "Checked" };
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!(
            "{verb} {} and {}, {} checked, in {} ms",
            plural(self.pages, "page", "pages"),
            plural(self.sources, "source", "sources"),
            plural(self.citations, "citation", "citations"),
            self.started.elapsed().as_millis()
        );
        if wrote {
            let shown = self.output.display().to_string();
            line.push_str(&format!(" → {}/", shown.trim_end_matches('/')));
        }
        line
    }
}

/// A build kept in memory: the files of the site and what the build did.
#[derive(Debug, Clone)]
pub struct Built {
    pub files: BTreeMap<String, Data>,
    pub summary: Summary,
}

/// Builds the project at `root` and writes it (or, for `check`, renders it and writes nothing).
/// On failure, every diagnostic found (errors and warnings), and the output is untouched.
pub fn build(root: &Path, options: &Options) -> Result<Summary, Vec<Diagnostic>> {
    let mut session = Session::with_mode(root, options.clone(), Mode::Once);
    let (summary, _) = session.run(None)?;
    // Freeing an outline per page took most of a second at 100,000 pages, with the site
    // already written: the caller reports the build meanwhile, and a process that exits first
    // leaves the freeing to the system.
    let freeing = std::thread::Builder::new().name("free".into());
    let _detached = freeing.spawn(move || drop(session));
    Ok(summary)
}

/// The key of a stage's result: the digest of what it was made from.
pub(crate) fn hash_of<T: Hash + ?Sized>(value: &T) -> ContentDigest {
    ContentDigest::of(value)
}

pub(crate) fn finish(diagnostics: Vec<Diagnostic>, root: &Path) -> Vec<Diagnostic> {
    // The settings and the sources come first: the pages' findings may follow from theirs.
    let rank = |file: &Path| {
        let file = file.strip_prefix(root).unwrap_or(file);
        !(file == Path::new("site.yaml") || file.starts_with("content/sources"))
    };
    // Files are ranked once, and the findings sorted by that rank as a number: a site with
    // 300,000 findings in 10,000 files compares paths 10,000 times, not 300,000 × log times.
    // What is sorted is a small key per finding with its index, not the findings themselves,
    // which are then moved once, into their place.
    let mut order: Vec<(usize, usize, usize, usize)> = {
        let distinct: HashSet<&Path> = diagnostics.iter().map(|d| d.file.as_path()).collect();
        let mut files: Vec<(bool, &Path)> = distinct.into_iter().map(|f| (rank(f), f)).collect();
        files.sort_unstable();
        let ranks: HashMap<&Path, usize> = files
            .iter()
            .enumerate()
            .map(|(i, (_, f))| (*f, i))
            .collect();
        diagnostics
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let file = ranks.get(d.file.as_path()).copied().unwrap_or(0);
                (file, d.line, d.column, i)
            })
            .collect()
    };
    // The index last keeps findings at one place in the order they were found.
    order.sort_unstable();
    let mut diagnostics = diagnostics;
    let mut from: Vec<usize> = order.into_iter().map(|(.., i)| i).collect();
    place(&mut diagnostics, &mut from);
    diagnostics.dedup();
    diagnostics
        .into_iter()
        .map(|d| d.relative_to(root))
        .collect()
}

/// Moves `items[from[k]]` to place `k` for every k, in place, by following each cycle of the
/// permutation: 300,000 findings copied into a new list faulted in 65 MB of fresh memory.
/// `from` is left as the identity.
fn place<T>(items: &mut [T], from: &mut [usize]) {
    for start in 0..from.len() {
        let mut k = start;
        while from[k] != k {
            let source = from[k];
            from[k] = k;
            if source == start {
                break;
            }
            items.swap(k, source);
            k = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn place_moves_each_item_where_the_order_says() {
        // Cycles of lengths 1, 2 and 4, and one of 3: out[k] = items[from[k]].
        let from = [0, 2, 1, 4, 5, 6, 3, 8, 9, 7];
        let mut items: Vec<char> = "abcdefghij".chars().collect();
        let wanted: Vec<char> = from.iter().map(|&i| items[i]).collect();
        let mut order = from.to_vec();
        place(&mut items, &mut order);
        assert_eq!(items, wanted);
        assert_eq!(order, (0..10).collect::<Vec<_>>());
    }

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/sources")).unwrap();
        fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        fs::write(
            root.join("content/sources/s.md"),
            "---\ntitle: S\npublisher: P\n---\nAbout 11,000 troops left. Then 2,000 more came.\n",
        )
        .unwrap();
        for name in ["a", "b", "c"] {
            fs::write(
                root.join(format!("content/{name}.md")),
                format!("---\ntitle: {name}\nsources: [s]\n---\nPage {name}: [11,000 troops](s \"About 11,000 troops left\").\n"),
            )
            .unwrap();
        }
        dir
    }

    fn html(built: &Built, rel: &str) -> String {
        match built.files.get(rel) {
            Some(Data::Bytes(b)) => String::from_utf8_lossy(b).into_owned(),
            _ => panic!("no {rel}"),
        }
    }

    #[test]
    fn a_session_renders_again_only_what_an_edit_touched() {
        let dir = project();
        let mut session = Session::new(dir.path(), Options::default());
        let first = session.build().unwrap();
        assert!(first.summary.rendered >= 5, "{}", first.summary.rendered);
        let again = session.build().unwrap();
        assert_eq!(again.summary.rendered, 0);
        assert_eq!(again.files.len(), first.files.len());

        let page = dir.path().join("content/b.md");
        let text = fs::read_to_string(&page)
            .unwrap()
            .replace("Page b", "Page B, edited");
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&page, text).unwrap();
        let edited = session.build().unwrap();
        assert!(html(&edited, "b/index.html").contains("Page B, edited"));
        assert!(html(&edited, "a/index.html").contains("Page a"));
        assert!(
            edited.summary.rendered <= 3,
            "the edited page, citations.json and at most its source page: {}",
            edited.summary.rendered
        );
    }

    #[test]
    fn a_session_told_what_changed_sees_the_edit_and_new_files() {
        let dir = project();
        let mut session = Session::new(dir.path(), Options::default());
        session.build().unwrap();
        let page = dir.path().join("content/a.md");
        let text = fs::read_to_string(&page)
            .unwrap()
            .replace("Page a", "Page A, told");
        fs::write(&page, text).unwrap();
        let built = session
            .build_changed(&[PathBuf::from("content/a.md")])
            .unwrap();
        assert!(html(&built, "a/index.html").contains("Page A, told"));
        assert_eq!(
            built.summary.rendered, 1,
            "a prose edit renders only its page"
        );

        fs::write(
            dir.path().join("content/d.md"),
            "---\ntitle: d\n---\nNew page.\n",
        )
        .unwrap();
        let built = session
            .build_changed(&[PathBuf::from("content/d.md")])
            .unwrap();
        assert!(html(&built, "d/index.html").contains("New page."));
    }

    #[test]
    fn a_session_drops_deleted_pages_and_reports_new_errors() {
        let dir = project();
        let mut session = Session::new(dir.path(), Options::default());
        session.build().unwrap();
        fs::remove_file(dir.path().join("content/c.md")).unwrap();
        let built = session.build().unwrap();
        assert!(!built.files.contains_key("c/index.html"));
        fs::write(dir.path().join("content/a.md"), "---\ntitle: a\n").unwrap();
        let found = session.build().unwrap_err();
        let first = found.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(first.message, "the front matter is never closed");
    }
}
