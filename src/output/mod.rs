//! Write: put the built files into place without ever losing the last good site.
//!
//! Files are written into a fresh folder beside the output and swapped in only when every one
//! of them is written, so a failed build leaves the previous output byte for byte. A folder is
//! only ever replaced if it is empty or carries the marker file an earlier build left in it.

use std::fs;
use std::path::{Path, PathBuf};

use std::collections::{BTreeMap, HashSet};

use std::sync::{Arc, Mutex};

use crate::diag::{Code, Diagnostic};
use crate::load::digest::DigestWriter;

mod manifest;

pub use manifest::Changes;

pub(crate) mod cache;
pub(crate) mod images;

/// The file that marks a folder as written by site, and so safe to replace.
pub(crate) const MARKER: &str = ".site-output";

/// The contents of one output file; cheap to clone, so a session can hand its files to the
/// server without copying them.
#[derive(Debug, Clone)]
pub enum Data {
    Bytes(Arc<[u8]>),
    Static(&'static [u8]),
    Copy(PathBuf),
}

/// HTML made small, as readers' bandwidth is not ours to waste.
pub(crate) fn minify(html: &str) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = false;
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    minify_html::minify(html.as_bytes(), &cfg)
}

/// Refuses an output folder that site must not replace.
pub(crate) fn check_target(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let shown = output.display().to_string();
    let refuse = |why: &str| {
        Err(Diagnostic::error(Code::Usage, output, format!("refusing to write the site to {shown}: {why}"))
            .with_help("pass --output a new folder, or one an earlier `site build` wrote (the default is public/)"))
    };
    let real = absolute(output);
    let root = absolute(root);
    if real == root || root.starts_with(&real) {
        return refuse("it holds the project");
    }
    for protected in ["content", "themes", "templates", "static", "src", ".git"] {
        if real.starts_with(root.join(protected)) {
            return refuse(&format!("it is inside {protected}/"));
        }
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && real == absolute(&home)
    {
        return refuse("it is the home folder");
    }
    if real.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    // Anything there but a folder (a file, a FIFO, a device, a socket, or a link to one) is
    // refused: renaming it aside would take it from whoever uses it.
    if let Ok(meta) = fs::metadata(&real)
        && !meta.is_dir()
    {
        let kind = meta.file_type();
        return refuse(if kind.is_file() {
            "it is a file"
        } else {
            "it is not a folder (a FIFO, a device or a socket)"
        });
    }
    if fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink()) && !real.exists() {
        return refuse("it is a link to nothing");
    }
    if real.is_dir() && !real.join(MARKER).is_file() {
        let empty = fs::read_dir(&real)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse("it is a folder site did not create (it has no .site-output marker)");
        }
    }
    Ok(())
}

/// A folder beside the output that the build writes into; it replaces the output only on
/// [`Staging::commit`], and is removed if dropped before.
pub(crate) struct Staging {
    dir: PathBuf,
    output: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
    /// Each file written, with the SHA-256 of its bytes, for the manifest.
    digests: Mutex<BTreeMap<String, String>>,
    committed: bool,
    /// Held until the build ends, so two builds of one output take turns.
    _lock: fs::File,
}

/// Locks the folder that holds the output, or says that another build holds it. `flock` on the
/// folder itself leaves no file behind, and the kernel releases it when its holder exits, so a
/// killed build never leaves the output locked.
fn lock(parent: &Path, output: &Path) -> Result<fs::File, Diagnostic> {
    use std::os::fd::AsRawFd;
    let folder =
        fs::File::open(parent).map_err(|e| failure(output, "lock the output's folder", &e))?;
    // SAFETY: flock on a file descriptor this function owns; it touches no memory.
    if unsafe { libc::flock(folder.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(Diagnostic::error(
            Code::Output,
            output,
            format!("another `site build` is writing {} now", output.display()),
        )
        .with_help("wait for it to finish and build again; builds into one folder take turns"));
    }
    Ok(folder)
}

/// Removes the staging folders of builds that were killed: `.NAME.new-PID` and `.NAME.old-PID`
/// beside the output. Called with the lock held, so none of them belongs to a running build.
fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let stale = [&new, &old].iter().any(|prefix| {
            file.strip_prefix(prefix.as_str())
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Exchanges two paths in one atomic step (Linux `renameat2` with `RENAME_EXCHANGE`): there is
/// no moment at which neither the old nor the new site is at the output.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn failure(output: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(Code::Output, output, format!("cannot {what}: {e}")).with_help(
        "check that the folder is writable and the disk is not full; the previous site was left as it was",
    )
}

impl Staging {
    /// Checks the output folder and creates the staging folder beside it.
    pub(crate) fn new(root: &Path, output: &Path) -> Result<Staging, Diagnostic> {
        check_target(root, output)?;
        let output = absolute(output);
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| root.to_path_buf());
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        fs::create_dir_all(&parent)
            .map_err(|e| failure(&output, "create the output's parent folder", &e))?;
        let lock = lock(&parent, &output)?;
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".{name}.new-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir(&dir)
            .map_err(|e| failure(&output, "create a folder beside the output", &e))?;
        fs::write(
            dir.join(MARKER),
            "This folder is written by `site build`; it is replaced on every build.\n",
        )
        .map_err(|e| failure(&output, "write the site", &e))?;
        Ok(Staging {
            dir,
            output,
            made: Mutex::new(HashSet::new()),
            digests: Mutex::new(BTreeMap::new()),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file; safe to call from many threads.
    pub(crate) fn put(&self, rel: &str, data: &Data) -> Result<(), Diagnostic> {
        let to = self.dir.join(rel);
        if let Some(folder) = to.parent() {
            let known = self
                .made
                .lock()
                .map(|m| m.contains(folder))
                .unwrap_or(false);
            if !known {
                fs::create_dir_all(folder)
                    .map_err(|e| failure(&self.output, "write the site", &e))?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(folder.to_path_buf());
                }
            }
        }
        let written = match data {
            Data::Bytes(b) => fs::write(&to, b).map(|()| manifest::digest(b)),
            Data::Static(b) => fs::write(&to, b).map(|()| manifest::digest(b)),
            Data::Copy(from) => {
                fs::read(from).and_then(|b| fs::write(&to, &b).map(|()| manifest::digest(&b)))
            }
        };
        let digest = written.map_err(|e| failure(&self.output, &format!("write {rel}"), &e))?;
        self.note(rel, digest);
        Ok(())
    }

    fn note(&self, rel: &str, digest: String) {
        if let Ok(mut digests) = self.digests.lock() {
            digests.insert(rel.to_string(), digest);
        }
    }

    /// Opens one file to be written a part at a time, between other work: a build writes
    /// `citations.json` as it cites its pages. [`Staging::close`] records it.
    pub(crate) fn open(&self, rel: &str) -> Result<StagedFile, Diagnostic> {
        let file = fs::File::create(self.dir.join(rel))
            .map_err(|e| failure(&self.output, &format!("write {rel}"), &e))?;
        Ok(StagedFile {
            rel: rel.to_string(),
            output: self.output.clone(),
            out: manifest::Digesting {
                inner: std::io::BufWriter::new(file),
                hasher: DigestWriter::default(),
            },
        })
    }

    /// Finishes a file opened with [`Staging::open`] and records its digest.
    pub(crate) fn close(&self, mut file: StagedFile) -> Result<(), Diagnostic> {
        std::io::Write::flush(&mut file.out).map_err(|e| file.failed(&e))?;
        self.note(&file.rel, file.out.hasher.digest().hex());
        Ok(())
    }

    /// Writes the manifest, swaps the staged site in for the output, and says which files differ
    /// from the site it replaced.
    pub(crate) fn commit(mut self) -> Result<Changes, Diagnostic> {
        let output = self.output.clone();
        let digests = std::mem::take(self.digests.get_mut().map_err(|_| {
            Diagnostic::error(Code::Output, &output, "a thread writing the site failed")
        })?);
        let changes = manifest::record(&self.dir, &output, digests)
            .map_err(|e| failure(&output, "write the manifest", &e))?;
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = output.exists();
        if had_old && exchange(&self.dir, &output).is_ok() {
            // The old site is now in the staging folder's place.
            self.committed = true;
            let _ = fs::remove_dir_all(&self.dir);
            return Ok(changes);
        }
        if had_old && let Err(e) = fs::rename(&output, &old) {
            return Err(failure(&output, "move the previous site aside", &e));
        }
        if let Err(e) = fs::rename(&self.dir, &output) {
            if had_old {
                let _ = fs::rename(&old, &output);
            }
            return Err(failure(&output, "swap in the new site", &e));
        }
        self.committed = true;
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(changes)
    }
}

/// A file of the staging folder being written.
pub(crate) struct StagedFile {
    rel: String,
    output: PathBuf,
    pub(crate) out: manifest::Digesting<std::io::BufWriter<fs::File>>,
}

impl StagedFile {
    /// Why writing the file failed.
    pub(crate) fn failed(&self, e: &std::io::Error) -> Diagnostic {
        failure(&self.output, &format!("write {}", self.rel), e)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The path made absolute without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = base;
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) if parent.exists() => {
            parent.canonicalize().map(|p| p.join(name)).unwrap_or(out)
        }
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct OutputFile {
        rel: String,
        data: Data,
    }

    /// A build's last step: stage every file, then swap them in.
    fn write(root: &Path, output: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
        let staging = Staging::new(root, output)?;
        for f in files {
            staging.put(&f.rel, &f.data)?;
        }
        staging.commit().map(|_| ())
    }

    fn file(rel: &str, body: &str) -> OutputFile {
        OutputFile {
            rel: rel.to_string(),
            data: Data::Bytes(body.as_bytes().into()),
        }
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        write(
            root.path(),
            &out,
            &[file("index.html", "one"), file("a/b/index.html", "two")],
        )
        .unwrap();
        assert_eq!(
            fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "two"
        );
        write(root.path(), &out, &[file("index.html", "three")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "three");
        assert!(!out.join("a").exists());
    }

    #[test]
    fn refuses_folders_it_did_not_create() {
        let root = tempfile::tempdir().unwrap();
        let mine = root.path().join("mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("keep.txt"), "x").unwrap();
        let d = write(root.path(), &mine, &[file("index.html", "x")]).unwrap_err();
        assert!(d.message.contains("site did not create"), "{}", d.message);
        assert_eq!(fs::read_to_string(mine.join("keep.txt")).unwrap(), "x");
        for bad in [
            root.path().to_path_buf(),
            root.path().join("content"),
            root.path().join("content/x"),
        ] {
            assert!(
                check_target(root.path(), &bad).is_err(),
                "{}",
                bad.display()
            );
        }
    }

    #[test]
    fn minifies_html() {
        let out = minify("<html>\n  <body>\n    <p>  hello  </p>\n  </body>\n</html>\n");
        assert!(out.len() < 40, "{}", String::from_utf8_lossy(&out));
    }
}
