//! The build's cache folder, `.site-cache/` in the project: files that are slow to make
//! (images at each width, share cards), kept between builds under names made from a digest of
//! what they are made from, so an unchanged input is never made again.
//!
//! It is outside the output, so a build never publishes it, and it can be deleted at any time:
//! the next build makes what it needs again.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic};

/// The folder's name, in the project's root.
pub const FOLDER: &str = ".site-cache";

/// Files being written get unique names, so two threads (or two builds) never write into one.
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A hex digest of `bytes`, 128 bits of SHA-256: enough that two inputs never share a name.
pub(crate) fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..16])
}

/// As [`digest`], of a file read in pieces.
pub(crate) fn digest_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = fs::File::open(path)?;
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = std::io::Read::read(&mut file, &mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex(&hasher.finalize()[..16]))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

    /// Whether a file of this name is cached (a file left empty by a killed build is not).
    pub(crate) fn has(&self, name: &str) -> bool {
        fs::metadata(self.path(name)).is_ok_and(|m| m.is_file() && m.len() > 0)
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
