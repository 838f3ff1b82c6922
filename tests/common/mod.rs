//! Helpers shared by the integration tests: a project in a temporary folder, a way to run the
//! `site` binary on it, and folder snapshots to prove that a failed build changed nothing.
//! Every successful `build` through [`Project`] also checks its output against the digests
//! recorded in `tests/digests/` (see [`digest`]), and every successful `build` run through
//! [`run_in`] has each HTML file it wrote parsed by an HTML5 parser that must report no error
//! (see [`html`]).

pub mod digest;
pub mod html;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// A real 4 × 3 pixel PNG: the build reads every image's size from its file.
pub const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0,
    0, 0, 59, 150, 57, 145, 0, 0, 0, 16, 73, 68, 65, 84, 120, 218, 99, 104, 80, 80, 128, 35, 6,
    156, 28, 0, 180, 39, 9, 1, 47, 97, 41, 125, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// A `site.yaml` that keeps HTML readable, so tests can look for exact markup.
pub const READABLE: &str = "title: Test site\nminify: false\n";

/// A source whose text the fixtures quote.
pub const NYSUN: &str = "\
---
title: What Pyongyang hopes to gain
publisher: The New York Sun
url: https://example.com/story
---
Officials said around 11,000 troops were assessed to have moved to Kursk in late October.

North Korea has 1.2 million troops, and Russia recruits 25,000–30,000 new soldiers a month.
";

/// A project in a temporary folder, removed when dropped.
pub struct Project {
    dir: TempDir,
}

impl Project {
    /// A project made of `(path, text)` pairs, paths relative to its root.
    pub fn new(files: &[(&str, &str)]) -> Project {
        let project = Project {
            dir: tempfile::tempdir().expect("a temporary folder"),
        };
        for (rel, text) in files {
            project.write(rel, text);
        }
        project
    }

    /// The project's root, canonical so it compares equal to what the binary prints.
    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().expect("the root exists")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a text file, creating its folders.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create the file's folder");
        }
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    pub fn mkdir(&self, rel: &str) {
        fs::create_dir_all(self.path(rel)).unwrap_or_else(|e| panic!("mkdir {rel}: {e}"));
    }

    pub fn remove(&self, rel: &str) {
        let path = self.path(rel);
        if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).exists()
    }

    /// A file of the project (for output, e.g. `public/index.html`) as text.
    pub fn read(&self, rel: &str) -> String {
        read(&self.path(rel))
    }

    /// Runs `site --root <root> ARGS` from inside the project.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let root = self.root();
        let mut all: Vec<&str> = vec!["--root", root.to_str().expect("a UTF-8 path")];
        all.extend_from_slice(args);
        run_in(&root, &all)
    }

    /// `site build` with extra arguments. When the build succeeds, its output is compared with
    /// the digests recorded for this test's build of the same number.
    pub fn build(&self, args: &[&str]) -> Outcome {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        if out.code == 0 {
            let output = args
                .iter()
                .position(|a| *a == "--output")
                .and_then(|i| args.get(i + 1))
                .map_or_else(|| self.path("public"), |o| self.root().join(o));
            digest::check(&digest_file(), &next_build_key(), &output);
        }
        out
    }

    /// `site build` that must succeed, for setting up a good `public/`.
    pub fn build_ok(&self, args: &[&str]) -> Outcome {
        let out = self.build(args);
        out.assert_success();
        out
    }

    /// Every file under `rel` (relative path to bytes).
    pub fn snapshot(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.path(rel))
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn assert_success(&self) {
        assert_eq!(self.code, 0, "expected success\n{self}");
    }

    /// Asserts the exit code and that every `needle` is in stderr.
    pub fn assert_fails(&self, code: i32, needles: &[&str]) {
        assert_eq!(self.code, code, "wrong exit code\n{self}");
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}\n{self}"
            );
        }
    }

    /// Asserts that stderr contains every needle.
    pub fn assert_stderr(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}\n{self}"
            );
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs the `site` binary with `args` in `dir`. Every run is checked not to panic.
pub fn run_in(dir: &Path, args: &[&str]) -> Outcome {
    let output = assert_cmd::Command::cargo_bin("site")
        .expect("the site binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the site binary runs");
    let out = Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !out.stderr.contains("panicked"),
        "site panicked with {args:?}\n{out}"
    );
    assert!(out.code >= 0, "site was killed by a signal\n{out}");
    if out.code == 0
        && let Some(output) = built_output(dir, args)
    {
        html::assert_well_formed(&output);
    }
    out
}

/// The folder a `site build` with `args`, run in `dir`, writes; None for another command.
fn built_output(dir: &Path, args: &[&str]) -> Option<PathBuf> {
    let value = |names: &[&str]| {
        let at = args.iter().position(|a| names.contains(a))?;
        args.get(at + 1).map(|v| dir.join(v))
    };
    let mut rest = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with('-') && (*i == 0 || args[i - 1] != "--root"));
    if rest.next().map(|(_, a)| *a) != Some("build") || args.contains(&"--help") {
        return None;
    }
    value(&["--output", "-o", "--output-dir", "--destination", "-d"]).or_else(|| {
        Some(
            value(&["--root"])
                .unwrap_or(dir.to_path_buf())
                .join("public"),
        )
    })
}

/// A file as text, with the path in the panic message.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir`, as relative path (with `/`) to bytes; empty if `dir` is missing.
/// Folders are listed too (with no bytes), so an added empty folder counts as a change.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut files);
    }
    files
}

fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let rel = path
            .strip_prefix(base)
            .expect("inside the folder")
            .to_string_lossy()
            .replace('\\', "/");
        let meta = fs::symlink_metadata(&path).expect("metadata");
        if meta.is_dir() {
            files.insert(format!("{rel}/"), Vec::new());
            walk(base, &path, files);
        } else if meta.file_type().is_symlink() {
            let target = fs::read_link(&path).expect("a link target");
            files.insert(
                format!("{rel}@"),
                target.to_string_lossy().into_owned().into_bytes(),
            );
        } else {
            files.insert(rel, fs::read(&path).expect("read a file"));
        }
    }
}

/// Asserts two snapshots are equal, naming the paths that differ.
/// The files a kept session (the one `site serve` runs) makes of the project at `root`, as a
/// build would write them, less the manifest only a build writes. A kept session holds every
/// page's body until its rendering pass; a build renders each page as soon as it is cited.
pub fn kept_session_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut session = site::build::Session::new(root, site::build::Options::default());
    let built = match session.build() {
        Ok(built) => built,
        Err(found) => panic!("the kept session failed: {found:?}"),
    };
    built
        .files
        .into_iter()
        .map(|(rel, data)| {
            let bytes = match data {
                site::output::Data::Bytes(b) => b.to_vec(),
                site::output::Data::Static(b) => b.to_vec(),
                site::output::Data::Copy(from) => fs::read(&from).expect("a copied file"),
            };
            (rel, bytes)
        })
        .collect()
}

/// The files of a build's output folder, less what only a build writes beside the site (its
/// manifest and the marker saying the folder is a build's) and the folders themselves.
pub fn without_manifest(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .filter(|(rel, _)| {
            !rel.ends_with('/') && rel != ".site-manifest.json" && rel != ".site-output"
        })
        .collect()
}

pub fn assert_same(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let mut diffs = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => diffs.push(format!("removed {path}")),
            Some(b) if b != bytes => diffs.push(format!("changed {path}")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        diffs.push(format!("added {path}"));
    }
    assert!(diffs.is_empty(), "the folder changed: {diffs:?}");
}

/// The value of attribute `name` in the start tag `tag` (quoted or not, as minified HTML has it).
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        rest = after;
        if !before.is_some_and(char::is_whitespace) || !after.starts_with('=') {
            continue;
        }
        let value = &after[1..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

/// Every start tag `<name ...>` in `html`, in order.
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find(&open) {
        let start = at + i;
        let next = html[start + open.len()..].chars().next();
        let end = html[start..]
            .find('>')
            .map_or(html.len(), |j| start + j + 1);
        if next.is_some_and(|c| c.is_whitespace() || c == '>') {
            out.push(&html[start..end]);
        }
        at = end;
    }
    out
}

/// Every `href` and `src` value in `html`.
pub fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["a", "link", "img", "script"] {
        for tag in tags(html, name) {
            out.extend(attr(tag, "href"));
            out.extend(attr(tag, "src"));
        }
    }
    out
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = text.find(start)? + start.len();
    let j = text[i..].find(end)? + i;
    Some(&text[i..j])
}

thread_local! {
    /// How many builds this test has checked so far; the test harness runs each test on its own
    /// thread, named for the test.
    static BUILDS: Cell<u32> = const { Cell::new(0) };
}

/// The recorded-digest file of this test binary.
pub fn digest_file() -> String {
    format!("fixtures-{}.txt", env!("CARGO_CRATE_NAME"))
}

/// `TEST#N` for this test's N-th checked build.
pub fn next_build_key() -> String {
    let n = BUILDS.with(|b| {
        b.set(b.get() + 1);
        b.get()
    });
    let thread = std::thread::current();
    format!("{}#{n}", thread.name().unwrap_or("unnamed"))
}
