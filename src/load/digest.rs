//! Content digests: what a session keys each stage's results by, so that a result is reused
//! only when what it was made from is the same.
//!
//! A SHA-256 digest rather than a 64-bit hash: a changed page, source or setting must never be
//! taken for an unchanged one, and with 256 bits no two contents a site will ever hold share a
//! digest. Everything of the value is fed in through its `Hash` implementation, which writes
//! each part with its length or an end marker, so two different values never write the same
//! bytes.

use std::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};

/// The SHA-256 digest of a value's content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ContentDigest([u8; 32]);

impl ContentDigest {
    /// The digest of everything `value` hashes.
    pub(crate) fn of<T: Hash + ?Sized>(value: &T) -> Self {
        let mut writer = DigestWriter::default();
        value.hash(&mut writer);
        writer.digest()
    }

    /// The SHA-256 of `bytes` themselves, as `sha256sum` prints it: for a file's name and the
    /// output manifest, which tools outside `site` may check.
    pub(crate) fn of_bytes(bytes: &[u8]) -> Self {
        let mut writer = DigestWriter::default();
        writer.write(bytes);
        writer.digest()
    }

    /// The digest in lowercase hex.
    pub(crate) fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A `Hasher` that feeds every byte it is given into SHA-256, so any `Hash` value can be
/// digested, part by part.
#[derive(Default)]
pub(crate) struct DigestWriter(Sha256);

impl DigestWriter {
    /// The digest of everything written so far.
    pub(crate) fn digest(self) -> ContentDigest {
        ContentDigest(self.0.finalize().into())
    }
}

impl Hasher for DigestWriter {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// The first eight bytes of the digest so far; keys use [`DigestWriter::digest`], which
    /// keeps all 32.
    fn finish(&self) -> u64 {
        let full: [u8; 32] = self.0.clone().finalize().into();
        let mut first = [0; 8];
        first.copy_from_slice(&full[..8]);
        u64::from_le_bytes(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_text_has_another_digest() {
        let page = "about 11,000 troops";
        assert_eq!(
            ContentDigest::of(page),
            ContentDigest::of("about 11,000 troops")
        );
        assert_ne!(
            ContentDigest::of(page),
            ContentDigest::of("about 12,000 troops")
        );
    }

    #[test]
    fn parts_are_told_apart_where_they_split() {
        assert_ne!(
            ContentDigest::of(&("ab", "c")),
            ContentDigest::of(&("a", "bc"))
        );
    }

    #[test]
    fn it_is_sha256_of_what_hash_writes() {
        let mut writer = DigestWriter::default();
        writer.write(b"abc");
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(writer.digest().hex(), expected);
        assert_eq!(ContentDigest::of_bytes(b"abc").hex(), expected);
    }
}
