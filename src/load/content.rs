//! Load: read `site.yaml` and every file under `content/`, and tell pages, sources and assets
//! apart by where they are. This is the only stage that reads the project, so it is where paths
//! are checked to stay inside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::diag::{Code, Diagnostic};
use crate::load::config::Config;

/// A text file read from the project, with its path relative to `content/`.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// The path as shown to editors, relative to the project root (`content/index.md`).
    pub path: PathBuf,
    /// The path relative to `content/`, with `/` separators (`a/b.md`).
    pub rel: String,
    pub text: String,
}

/// What a file under `content/` is, by where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Page,
    Source,
    Asset,
}

/// When a file last changed, to read again only what changed between two builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::metadata(path).ok()?;
        Some(Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
        })
    }
}

/// A file found under `content/`, not read yet.
#[derive(Debug, Clone)]
pub struct Found {
    /// The real path on disk.
    pub from: PathBuf,
    /// The path as shown to editors, relative to the project root.
    pub shown: PathBuf,
    /// Relative to `content/`, with `/` separators; for assets also their place in the output.
    pub rel: String,
    pub kind: Kind,
    pub stamp: Option<Stamp>,
}

/// The project's files, found but not read, in a deterministic order.
#[derive(Debug, Clone)]
pub struct Scan {
    /// The project's root, where the theme's and the project's static files are looked for.
    pub root: PathBuf,
    pub found: Vec<Found>,
}

pub const CONFIG_FILE: &str = "site.yaml";

/// The largest text file a build reads: far beyond any explainer or article, small enough that
/// a stray data dump named `.md` is refused at once instead of slowing every build.
pub const MAX_TEXT_BYTES: u64 = 16_000_000;

/// The project's canonical root, or why there is none.
pub fn project_root(root: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    root.canonicalize().map_err(|e| {
        vec![
            Diagnostic::error(
                Code::Project,
                root,
                format!("cannot open the project folder: {e}"),
            )
            .with_help("pass an existing folder with --root, or create one with `site init`"),
        ]
    })
}

/// Finds every file under `content/`. Every unreadable folder is reported, not only the first.
pub fn scan(root: &Path) -> Result<Scan, Vec<Diagnostic>> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(vec![
            Diagnostic::error(Code::Project, "content/", "there is no content/ folder")
                .with_help("create content/index.md, or start a new project with `site init`"),
        ]);
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let mut walk = walkdir::WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(walk_error(root, &err));
                continue;
            }
        };
        let path = entry.path();
        let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        if let Some(d) = name_not_utf8(&shown, entry.file_name()) {
            problems.push(d);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.path_is_symlink()
            && let Err(d) = stays_inside(root, path, &shown)
        {
            problems.push(d);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let stamp = entry.metadata().ok().map(|m| Stamp {
            modified: m.modified().ok(),
            len: m.len(),
        });
        let path = entry.into_path();
        let rel = path
            .strip_prefix(&content)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let kind = kind_of(&rel);
        found.push(Found {
            from: path,
            shown,
            rel,
            kind,
            stamp,
        });
    }
    if problems.is_empty() {
        Ok(Scan {
            root: root.to_path_buf(),
            found,
        })
    } else {
        Err(problems)
    }
}

/// What a file is by its path relative to `content/`: a source directly in `sources/`, a page
/// elsewhere when it is Markdown, else an asset.
pub(crate) fn kind_of(rel: &str) -> Kind {
    if !rel.ends_with(".md") {
        Kind::Asset
    } else if rel.starts_with("sources/") && !rel["sources/".len()..].contains('/') {
        Kind::Source
    } else {
        Kind::Page
    }
}

/// Reads a page or a source found by [`scan`].
pub fn read(found: &Found) -> Result<TextFile, Diagnostic> {
    let text = read_text(&found.from, &found.shown)?;
    Ok(TextFile {
        path: found.shown.clone(),
        rel: found.rel.clone(),
        text,
    })
}

/// Reads and parses `site.yaml`.
pub fn config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    load_config(root).map_err(|d| vec![d])
}

fn load_config(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(Diagnostic::error(
            Code::Project,
            CONFIG_FILE,
            format!("there is no {CONFIG_FILE} in {}", root.display()),
        )
        .with_help(
            "run `site init` to start a new project here, or pass the project's folder with --root",
        ));
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    stays_inside(&real_root, &path, Path::new(CONFIG_FILE))?;
    let text = read_text(&path, Path::new(CONFIG_FILE))?;
    Config::parse(Path::new(CONFIG_FILE), &text)
}

/// Reads a file as UTF-8, pointing at the first bad byte otherwise.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    if let Ok(meta) = fs::metadata(path)
        && meta.len() > MAX_TEXT_BYTES
    {
        return Err(Diagnostic::error(
            Code::TooLarge,
            shown,
            format!(
                "this file is {:.1} MB; pages, sources and settings may be at most {} MB",
                meta.len() as f64 / 1_000_000.0,
                MAX_TEXT_BYTES / 1_000_000
            ),
        )
        .with_help("split it into several pages, or keep large data as a file beside the page"));
    }
    let bytes = fs::read(path)
        .map_err(|e| Diagnostic::error(Code::Io, shown, format!("cannot read this file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(Code::Encoding, shown, "this file is not valid UTF-8")
            .at(&prefix, valid..valid)
            .with_note(format!("the first invalid byte is at byte {valid}"))
            .with_help(
                "save the file as UTF-8 (most editors offer it under \"Save with encoding\")",
            )
    })?;
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| unwritable(c)) {
        return Err(unwritable_char(shown, &text, at, c));
    }
    match text.char_indices().find(|&(_, c)| is_override(c)) {
        Some((at, c)) => Err(override_char(shown, &text, at, c)),
        None => Ok(text),
    }
}

/// A bidirectional override (LEFT-TO-RIGHT or RIGHT-TO-LEFT OVERRIDE) lays out the characters
/// after it in the order it forces, digits too: `[U+202E]12` is checked as 12 and shown as 21.
/// What a reader sees must be what was checked, so no file may hold one. Isolates and marks,
/// which set the direction of a passage without reordering digits, are kept.
fn is_override(c: char) -> bool {
    matches!(c, '\u{202D}' | '\u{202E}')
}

fn override_char(shown: &Path, text: &str, at: usize, c: char) -> Diagnostic {
    Diagnostic::error(
        Code::ControlCharacter,
        shown,
        format!(
            "this file holds U+{:04X}, a bidirectional override: the characters after it are shown in another order than they are read, so a figure checked as 12 could show as 21",
            c as u32
        ),
    )
    .at(text, at..at + c.len_utf8())
    .with_help(
        "delete it; to set the direction of a passage in another script, wrap it in U+2067 (right-to-left isolate) and U+2069 (pop directional isolate), which keep digits in order",
    )
}

/// A character that no output can carry as it is: XML 1.0 (feeds, sitemap) forbids the C0
/// controls but tab, newline and carriage return, and U+FFFE/U+FFFF; HTML calls every control
/// (DEL and C1 too) and every noncharacter an error. Text reaches HTML, XML and JSON alike, so
/// one rule holds for every file a build reads.
pub(crate) fn unwritable(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

fn unwritable_char(shown: &Path, text: &str, at: usize, c: char) -> Diagnostic {
    let count = text.chars().filter(|&c| unwritable(c)).count();
    let mut d = Diagnostic::error(
        Code::ControlCharacter,
        shown,
        format!(
            "this file holds U+{:04X}, a control character or noncharacter no web page or feed may carry",
            c as u32
        ),
    )
    .at(text, at..at + c.len_utf8());
    if count > 1 {
        d = d.with_note(format!("the file holds {count} such characters"));
    }
    d.with_help(
        "delete it (it is invisible in most editors; it often comes with text pasted from a PDF or a word processor)",
    )
}

/// Refuses files that reach outside the project through a symlink.
fn stays_inside(root: &Path, path: &Path, shown: &Path) -> Result<(), Diagnostic> {
    match path.canonicalize() {
        Ok(real) if real.starts_with(root) => Ok(()),
        Ok(real) => Err(Diagnostic::error(
            Code::OutsideProject,
            shown,
            format!(
                "this file is a link to {}, outside the project",
                real.display()
            ),
        )
        .with_help("copy the file into the project instead of linking to it")),
        Err(e) => Err(Diagnostic::error(
            Code::Io,
            shown,
            format!("cannot resolve this path: {e}"),
        )),
    }
}

/// An error for a file or folder whose name is not UTF-8: it could be neither a URL nor named in
/// a link, and printing it would show other bytes than its name. Never skipped in silence.
pub(crate) fn name_not_utf8(shown: &Path, name: &std::ffi::OsStr) -> Option<Diagnostic> {
    if name.to_str().is_some() {
        return None;
    }
    let lossy = name.to_string_lossy();
    let renamed = lossy.replace('\u{FFFD}', "-");
    let pattern = lossy.replace('\u{FFFD}', "?");
    let folder = shown.parent().unwrap_or(Path::new(""));
    Some(
        Diagnostic::error(
            Code::FileName,
            shown.to_string_lossy().into_owned(),
            format!("the name `{lossy}` is not valid UTF-8 (each \u{FFFD} stands for a byte that is not)"),
        )
        .with_help(format!(
            "rename it with a UTF-8 name, such as `{renamed}`: in a shell, `mv {} {}` (`?` matches the bad bytes)",
            folder.join(&pattern).to_string_lossy(),
            folder.join(&renamed).to_string_lossy()
        )),
    )
}

fn walk_error(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().unwrap_or(root);
    let shown = path.strip_prefix(root).unwrap_or(path);
    if err.loop_ancestor().is_some() {
        Diagnostic::error(
            Code::SymlinkLoop,
            shown,
            "this folder is a symbolic link to one of its own parents",
        )
        .with_help("remove the link: it would make the content endless")
    } else {
        Diagnostic::error(Code::Io, shown, format!("cannot read this folder: {err}"))
    }
}
