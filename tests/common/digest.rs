//! Output digests recorded before a refactor, so that a change meant to keep behaviour can prove
//! it kept every output byte.
//!
//! Each recorded file under `tests/digests/` holds one line per output file:
//! `KEY PATH DIGEST`, where KEY names the build (a fixture's test and its build number, or a
//! corpus), PATH is relative to the output folder and DIGEST is a 64-bit FNV-1a of the bytes
//! (not a security hash; it only has to notice a change).
//!
//! A build whose output changes on purpose is re-recorded deliberately with
//! `SITE_UPDATE_DIGESTS=1 cargo test`, and the diff of `tests/digests/` is reviewed and committed
//! with the change. To drop keys of removed tests, delete the file and re-record with the full
//! test run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Serialises read-modify-write of the recorded files among the tests of one binary.
static LOCK: Mutex<()> = Mutex::new(());

/// Whether this run re-records digests instead of comparing them.
pub fn updating() -> bool {
    std::env::var_os("SITE_UPDATE_DIGESTS").is_some_and(|v| v == "1")
}

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Every file under `dir` as relative path to digest.
pub fn digests(dir: &Path) -> BTreeMap<String, String> {
    super::snapshot(dir)
        .into_iter()
        .filter(|(path, _)| !path.ends_with('/'))
        .map(|(path, bytes)| (path, format!("{:016x}", fnv1a(&bytes))))
        .collect()
}

fn recorded_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/digests")
        .join(file)
}

fn read_recorded(path: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut all: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let text = fs::read_to_string(path).unwrap_or_default();
    for line in text.lines() {
        let mut parts = line.rsplitn(3, ' ');
        let (Some(digest), Some(file), Some(key)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("{}: malformed line {line:?}", path.display());
        };
        all.entry(key.to_string())
            .or_default()
            .insert(file.to_string(), digest.to_string());
    }
    all
}

fn write_recorded(path: &Path, all: &BTreeMap<String, BTreeMap<String, String>>) {
    let mut text = String::new();
    for (key, files) in all {
        for (file, digest) in files {
            text.push_str(&format!("{key} {file} {digest}\n"));
        }
    }
    fs::create_dir_all(path.parent().expect("tests/digests")).expect("create tests/digests");
    fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Compares the output folder `out` with the digests recorded for `key` in `file` (or records
/// them when `SITE_UPDATE_DIGESTS=1`), naming every file that was added, removed or changed.
pub fn check(file: &str, key: &str, out: &Path) {
    assert!(!key.contains(' '), "a digest key has no spaces: {key:?}");
    let now = digests(out);
    let path = recorded_path(file);
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let mut all = read_recorded(&path);
    if updating() {
        all.insert(key.to_string(), now);
        write_recorded(&path, &all);
        return;
    }
    let Some(before) = all.get(key) else {
        panic!(
            "no digests recorded for {key} in tests/digests/{file}; \
             re-record deliberately with SITE_UPDATE_DIGESTS=1 cargo test"
        );
    };
    let mut diffs = Vec::new();
    for (path, digest) in before {
        match now.get(path) {
            None => diffs.push(format!("removed {path}")),
            Some(d) if d != digest => diffs.push(format!("changed {path}")),
            Some(_) => {}
        }
    }
    for path in now.keys().filter(|p| !before.contains_key(*p)) {
        diffs.push(format!("added {path}"));
    }
    assert!(
        diffs.is_empty(),
        "{key}: the output differs from the digests recorded in tests/digests/{file}: {diffs:?}\n\
         if the change is meant, re-record with SITE_UPDATE_DIGESTS=1 cargo test"
    );
}
