//! The build's cache folder, `.site-cache/` in the project: files that are slow to make
//! (images at each width, share cards), kept between builds under names made from a digest of
//! what they are made from, so an unchanged input is never made again.
//!
//! It is outside the output, so a build never publishes it, and it can be deleted at any time:
//! the next build makes what it needs again.

use std::fs;
use std::hash::Hasher as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::diag::{Code, Diagnostic};
#[cfg(doc)]
use crate::load::digest::ContentDigest;
use crate::load::digest::DigestWriter;

/// The folder's name, in the project's root.
pub const FOLDER: &str = ".site-cache";

/// Files being written get unique names, so two threads (or two builds) never write into one.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// The hex SHA-256 of a file's bytes, read in pieces: the same digest as
/// [`ContentDigest::of_bytes`] of the whole file, without holding a large photo in memory.
pub(crate) fn digest_file(path: &Path) -> std::io::Result<String> {
    let mut writer = DigestWriter::default();
    let mut file = fs::File::open(path)?;
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = std::io::Read::read(&mut file, &mut buffer)?;
        if read == 0 {
            break;
        }
        writer.write(&buffer[..read]);
    }
    Ok(writer.digest().hex())
}

/// Where a kind of cached file lives: `.site-cache/<kind>/`.
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub(crate) fn new(root: &Path, kind: &str) -> Cache {
        Cache {
            dir: root.join(FOLDER).join(kind),
        }
    }

    /// The path a file of this name has in the cache.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Whether a file of this name is cached (a file left empty by a killed build is not, nor
    /// a link: a project could ship one named as a cached image, leading to any file, which
    /// the build would then publish).
    pub(crate) fn has(&self, name: &str) -> bool {
        !self.linked()
            && fs::symlink_metadata(self.path(name)).is_ok_and(|m| m.is_file() && m.len() > 0)
    }

    /// Whether the cache folder, or this kind's folder in it, is a link, so the cache would be
    /// read and written wherever it leads, outside the project.
    fn linked(&self) -> bool {
        [self.dir.parent(), Some(self.dir.as_path())]
            .into_iter()
            .flatten()
            .any(|d| fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()))
    }

    /// Stores `bytes` under `name`, written whole before it takes the name, and returns its path.
    pub(crate) fn put(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
        let failed = |e: std::io::Error| {
            Diagnostic::error(
                Code::Io,
                &self.dir,
                format!("cannot write to the build's cache folder: {e}"),
            )
            .with_help(format!(
                "check that the project's {FOLDER}/ folder can be written, or delete it"
            ))
        };
        if self.linked() {
            return Err(Diagnostic::error(
                Code::OutsideProject,
                &self.dir,
                "the build's cache folder is a link, so its files would be read and written wherever it leads",
            )
            .with_help(format!("delete the link: the build makes {FOLDER}/ again as a folder")));
        }
        fs::create_dir_all(&self.dir).map_err(failed)?;
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let temp = self
            .dir
            .join(format!(".{name}.{}-{n}.part", std::process::id()));
        let written = fs::File::create(&temp).and_then(|mut f| f.write_all(bytes));
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(failed(e));
        }
        let path = self.path(name);
        fs::rename(&temp, &path).map_err(|e| {
            let _ = fs::remove_file(&temp);
            failed(e)
        })?;
        Ok(path)
    }
}
