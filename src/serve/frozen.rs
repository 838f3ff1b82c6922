//! The site's files as the server holds them: every byte read once, when a build finishes.
//!
//! A build lists some files by path (content assets, a theme's static files) instead of
//! holding their bytes. Reading those paths when a browser asks would serve whatever is at the
//! path by then: a file swapped for a symbolic link to `/etc/passwd`, or a FIFO that blocks
//! the reading thread. So the server reads them here, as the build ends, under the build's
//! rules (the real file must be inside the project and a regular file), and answers only from
//! memory. A file is read again only when the watcher names it (or a folder above it), or when
//! every file may have changed; its bytes, not its size and time, are what is kept.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::output::Data;

/// The largest file the server holds: far beyond any image or PDF of an explainer, and small
/// enough that a stray disk image in `content/` cannot take the machine's memory.
pub(crate) const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The most the server holds of files read from disk, together.
pub(crate) const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// One file of the site, ready to send.
#[derive(Debug, Clone)]
pub(crate) enum Served {
    Bytes(Arc<[u8]>),
    Static(&'static [u8]),
    /// A file over the server's limits: `site build` publishes it, `site serve` says why not.
    TooLarge(u64),
}

impl Served {
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Served::Bytes(b) => Some(&b[..]),
            Served::Static(b) => Some(*b),
            Served::TooLarge(_) => None,
        }
    }
}

/// The site's files by path relative to the site root.
pub(crate) type Files = BTreeMap<String, Served>;

/// Reads a build's listed files and keeps what it read, so an unchanged file is not read again.
pub(crate) struct Freezer {
    root: PathBuf,
    /// By the path the build listed: the bytes read, or the size of a file over the limits.
    read: HashMap<PathBuf, Served>,
}

impl Freezer {
    pub fn new(root: &Path) -> Freezer {
        Freezer {
            root: root.to_path_buf(),
            read: HashMap::new(),
        }
    }

    /// The build's files with every listed path read. `changed` are the paths (relative to the
    /// root) the watcher named since the last build; None means anything may have changed.
    /// A file that breaks the build's rules fails the build, naming the file. The build's list
    /// is taken, its paths moved into the served list rather than copied.
    pub fn freeze(
        &mut self,
        built: BTreeMap<String, Data>,
        changed: Option<&[PathBuf]>,
    ) -> Result<Files, Vec<Diagnostic>> {
        let changed: Option<HashSet<&Path>> =
            changed.map(|c| c.iter().map(PathBuf::as_path).collect());
        let stale = |path: &Path| match &changed {
            None => true,
            Some(changed) => {
                let rel = path.strip_prefix(&self.root).unwrap_or(path);
                rel.ancestors().any(|a| changed.contains(a))
            }
        };
        {
            let wanted: HashSet<&Path> = built
                .values()
                .filter_map(|d| match d {
                    Data::Copy(path) => Some(path.as_path()),
                    _ => None,
                })
                .collect();
            self.read.retain(|path, _| wanted.contains(path.as_path()));
        }
        let mut total: u64 = self
            .read
            .iter()
            .filter(|(path, _)| !stale(path))
            .map(|(_, s)| s.bytes().map_or(0, |b| b.len() as u64))
            .sum();
        let mut problems = Vec::new();
        // Gathered in the build's order and made into the map at once: a save of a large site
        // hands over every file again, and one insert at a time walked the tree for each.
        let mut files: Vec<(String, Served)> = Vec::with_capacity(built.len());
        for (rel, data) in built {
            let served = match data {
                Data::Bytes(b) => Served::Bytes(b),
                Data::Static(b) => Served::Static(b),
                Data::Copy(path) => match self.read.get(&path) {
                    Some(kept) if !stale(&path) => kept.clone(),
                    _ => {
                        match read_inside(&self.root, &path, MAX_TOTAL_BYTES.saturating_sub(total))
                        {
                            Ok(served) => {
                                total += served.bytes().map_or(0, |b| b.len() as u64);
                                let served = match (self.read.get(&path), &served) {
                                    // The same bytes as before: keep the old copy.
                                    (Some(Served::Bytes(old)), Served::Bytes(new))
                                        if old == new =>
                                    {
                                        Served::Bytes(Arc::clone(old))
                                    }
                                    _ => served,
                                };
                                self.read.insert(path, served.clone());
                                served
                            }
                            Err(d) => {
                                self.read.remove(&path);
                                problems.push(d);
                                continue;
                            }
                        }
                    }
                },
            };
            files.push((rel, served));
        }
        if problems.is_empty() {
            Ok(files.into_iter().collect())
        } else {
            Err(problems)
        }
    }
}

/// Reads `path` if its real file is a regular file inside `root`; a file over the limits (or
/// over `room`, what is left of the total) is not read and is served as [`Served::TooLarge`].
pub(crate) fn read_inside(root: &Path, path: &Path, room: u64) -> Result<Served, Diagnostic> {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let io = |e: std::io::Error| {
        Diagnostic::error(Code::Io, shown, format!("cannot read this file: {e}")).with_help(
            "the file changed or went away while the site was being built; save it again",
        )
    };
    let real = path.canonicalize().map_err(io)?;
    if !real.starts_with(root) {
        return Err(outside(shown, &real));
    }
    let file = open_no_wait(&real).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            // The last part of the path became a link after it was resolved.
            Diagnostic::error(
                Code::Io,
                shown,
                "this file was replaced while it was being read",
            )
            .with_help("save it again")
        } else {
            io(e)
        }
    })?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            Code::NotAFile,
            shown,
            "this is not a regular file (a FIFO, a device or a socket), so it cannot be published",
        )
        .with_help("remove it, or put a regular file in its place"));
    }
    if meta.len() > MAX_FILE_BYTES.min(room) {
        return Ok(Served::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Never more than the limit, even if the file grows while it is read.
    file.take(MAX_FILE_BYTES.min(room) + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES.min(room) {
        return Ok(Served::TooLarge(bytes.len() as u64));
    }
    // A folder on the way may have been swapped for a link while the file was opened: what
    // was read must still be the file the path leads to inside the project.
    let again = path.canonicalize().map_err(io)?;
    if !again.starts_with(root) {
        return Err(outside(shown, &again));
    }
    if !same_file(&meta, &fs::symlink_metadata(&again).map_err(io)?) {
        return Err(Diagnostic::error(
            Code::Io,
            shown,
            "this file was replaced while it was being read",
        )
        .with_help("save it again"));
    }
    Ok(Served::Bytes(bytes.into()))
}

fn outside(shown: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(
        Code::OutsideProject,
        shown,
        format!(
            "this file is a link to {}, outside the project",
            real.display()
        ),
    )
    .with_help("copy the file into the project instead of linking to it")
}

/// Opens without following a final symbolic link and without waiting: opening a FIFO for
/// reading would otherwise block until something writes to it.
#[cfg(unix)]
fn open_no_wait(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_wait(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.len() == b.len() && a.is_file() == b.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        fs::create_dir_all(root.join("content")).unwrap();
        (dir, root)
    }

    fn built(entries: &[(&str, &Path)]) -> BTreeMap<String, Data> {
        entries
            .iter()
            .map(|(rel, path)| (rel.to_string(), Data::Copy(path.to_path_buf())))
            .collect()
    }

    #[test]
    fn reads_each_file_once_until_the_watcher_names_it() {
        let (_dir, root) = project();
        let logo = root.join("content/logo.svg");
        fs::write(&logo, "<svg>one</svg>").unwrap();
        let files = built(&[("logo.svg", &logo)]);
        let mut freezer = Freezer::new(&root);
        let first = freezer.freeze(files.clone(), None).unwrap();
        assert_eq!(first["logo.svg"].bytes(), Some(&b"<svg>one</svg>"[..]));
        // Same size, and nothing named it: what was read stays.
        fs::write(&logo, "<svg>two</svg>").unwrap();
        let kept = freezer.freeze(files.clone(), Some(&[])).unwrap();
        assert_eq!(kept["logo.svg"].bytes(), Some(&b"<svg>one</svg>"[..]));
        let named = freezer
            .freeze(files.clone(), Some(&[PathBuf::from("content/logo.svg")]))
            .unwrap();
        assert_eq!(named["logo.svg"].bytes(), Some(&b"<svg>two</svg>"[..]));
        fs::write(&logo, "<svg>new</svg>").unwrap();
        let folder = freezer
            .freeze(files.clone(), Some(&[PathBuf::from("content")]))
            .unwrap();
        assert_eq!(folder["logo.svg"].bytes(), Some(&b"<svg>new</svg>"[..]));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_out_of_the_project_and_special_files() {
        let (_dir, root) = project();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.txt");
        fs::write(&secret, "secret").unwrap();
        let link = root.join("content/a.txt");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let err = read_inside(&root, &link, u64::MAX).unwrap_err();
        assert_eq!(err.code, "outside-project");
        assert!(err.message.contains("outside the project"), "{err}");

        let fifo = root.join("content/pipe.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = read_inside(&root, &fifo, u64::MAX).unwrap_err();
        assert_eq!(err.code, "not-a-file");
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let (_dir, root) = project();
        let big = root.join("content/big.bin");
        File::create(&big)
            .unwrap()
            .set_len(MAX_FILE_BYTES + 1)
            .unwrap();
        assert!(matches!(
            read_inside(&root, &big, u64::MAX),
            Ok(Served::TooLarge(n)) if n == MAX_FILE_BYTES + 1
        ));
        let small = root.join("content/small.bin");
        fs::write(&small, [0u8; 100]).unwrap();
        assert!(matches!(
            read_inside(&root, &small, 10),
            Ok(Served::TooLarge(100))
        ));
    }
}
