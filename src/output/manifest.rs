//! The manifest: a SHA-256 digest of every file a build wrote, kept in the output folder as
//! `.site-manifest.json`, so the next build can say which files differ from this one (`site build
//! --changed`) and a deploy uploads only those.
//!
//! It lives inside the output folder, beside the `.site-output` marker, because it describes that
//! folder's bytes: it is swapped in with them in the same atomic step, travels with the folder
//! when CI caches or restores it, and needs no second path in the project to ignore.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::load::digest::{ContentDigest, DigestWriter};

/// The manifest's file name in the output folder.
pub(crate) const MANIFEST: &str = ".site-manifest.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// Output path (relative, `/`-separated) to the SHA-256 of its bytes, in hex.
    files: BTreeMap<String, String>,
}

/// The files of a build that differ from the build before it in the same output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    /// False when the output folder held no manifest (no earlier build, or one made before
    /// manifests): then every file is listed as added.
    pub compared: bool,
}

/// The SHA-256 of a file's bytes, in hex, as the manifest records it.
pub(crate) fn digest(bytes: &[u8]) -> String {
    ContentDigest::of_bytes(bytes).hex()
}

/// A writer that digests what passes through it, for files streamed to disk.
pub(crate) struct Digesting<W> {
    pub(crate) inner: W,
    pub(crate) hasher: DigestWriter,
}

impl<W: Write> Write for Digesting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        std::hash::Hasher::write(&mut self.hasher, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes the manifest of `files` into the staging folder `dir` and compares it with the one in
/// `output`, the folder it is about to replace.
pub(crate) fn record(
    dir: &Path,
    output: &Path,
    files: BTreeMap<String, String>,
) -> io::Result<Changes> {
    let old: Option<Manifest> = std::fs::read(output.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let changes = compare(old.as_ref().map(|m| &m.files), &files);
    let manifest = Manifest { files };
    let mut out = io::BufWriter::new(std::fs::File::create(dir.join(MANIFEST))?);
    serde_json::to_writer_pretty(&mut out, &manifest)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(changes)
}

fn compare(old: Option<&BTreeMap<String, String>>, new: &BTreeMap<String, String>) -> Changes {
    let empty = BTreeMap::new();
    let before = old.unwrap_or(&empty);
    let mut changes = Changes {
        compared: old.is_some(),
        ..Changes::default()
    };
    for (rel, digest) in new {
        match before.get(rel) {
            None => changes.added.push(rel.clone()),
            Some(was) if was != digest => changes.changed.push(rel.clone()),
            Some(_) => {}
        }
    }
    changes.removed = before
        .keys()
        .filter(|rel| !new.contains_key(*rel))
        .cloned()
        .collect();
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn lists_added_changed_and_removed_files() {
        let old = files(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let new = files(&[("a", "1"), ("b", "9"), ("d", "4")]);
        let changes = compare(Some(&old), &new);
        assert_eq!(changes.added, ["d"]);
        assert_eq!(changes.changed, ["b"]);
        assert_eq!(changes.removed, ["c"]);
        assert!(changes.compared);
        let first = compare(None, &new);
        assert_eq!(first.added.len(), 3);
        assert!(!first.compared);
    }

    #[test]
    fn digests_are_sha256() {
        assert_eq!(
            digest(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
