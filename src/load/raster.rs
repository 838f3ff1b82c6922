//! Raster images as the build plans them: the widths a PNG or JPEG is published at and the
//! names of its copies, read from its header before pages are parsed (the `<picture>` markup
//! is `render/images.rs`'s, handed to the Markdown pass as its `Env`'s `picture`).
//!
//! A photo is published at a few widths as WebP, each with a copy in its own format (PNG or
//! JPEG) for browsers without WebP, so a phone never downloads the full-size file. The `<img>`
//! carries the published width and height, so the browser reserves its box before the file
//! arrives and nothing below it moves.

/// The widths offered to the browser; a narrower original is published at its own width
/// instead of being enlarged.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];

/// The formats a raster image is read in; it is published in WebP and in its own format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
}

impl Format {
    /// The format of an image file, from its name; None for files left as they are (SVG, GIF,
    /// anything else).
    pub fn of(rel: &str) -> Option<Format> {
        let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }
}

/// A raster image of the site as read from its header: enough to plan its widths and write its
/// markup without decoding it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Raster {
    /// Content-relative path (`photos/bus.jpg`).
    pub rel: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Hex digest of the file's bytes: the published names and the cache are keyed by it, so
    /// a changed image gets new URLs and browsers never show a stale copy.
    pub digest: String,
}

/// Why a raster image cannot be published, with how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageProblem {
    pub message: String,
    pub help: String,
}

/// A raster image read from its header, or why it could not be.
pub type Probed = Result<Raster, ImageProblem>;

/// One published copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Output path (`_images/bus-1a2b3c4d-480.webp`).
    pub rel: String,
    pub width: u32,
    pub height: u32,
    /// WebP, or the original's own format.
    pub webp: bool,
}

impl Raster {
    /// The widths this image is published at: each of [`WIDTHS`] narrower than the original,
    /// and the original's width when it is under the largest.
    pub fn widths(&self) -> Vec<u32> {
        let mut widths: Vec<u32> = WIDTHS.iter().map(|w| (*w).min(self.width)).collect();
        widths.dedup();
        widths
    }

    /// The height at `width`, keeping the original's shape (at least one pixel).
    pub fn height_at(&self, width: u32) -> u32 {
        let h = u64::from(self.height) * u64::from(width) / u64::from(self.width.max(1));
        u32::try_from(h).unwrap_or(u32::MAX).max(1)
    }

    /// The largest copy in the original's own format, for the `<img>`'s `src` and for social
    /// networks: the original when it is no wider than the largest width, else the copy at
    /// that width. Its output path (None for the original), width and height.
    pub fn largest(&self) -> (Option<String>, u32, u32) {
        if self.width <= WIDTHS[WIDTHS.len() - 1] {
            return (None, self.width, self.height);
        }
        let variants = self.variants();
        let widest = variants.iter().filter(|v| !v.webp).max_by_key(|v| v.width);
        match widest {
            Some(v) => (Some(v.rel.clone()), v.width, v.height),
            None => (None, self.width, self.height),
        }
    }

    /// Every file the build writes for this image besides the original: WebP at each width,
    /// and the original format at each width below the original's (the original itself is
    /// copied as every other file of content/ is).
    pub fn variants(&self) -> Vec<Variant> {
        let stem = self
            .rel
            .rsplit('/')
            .next()
            .and_then(|name| name.rsplit_once('.').map(|(s, _)| s))
            .unwrap_or("image");
        let short = self.digest.get(..8).unwrap_or(&self.digest);
        let mut out = Vec::new();
        for width in self.widths() {
            let height = self.height_at(width);
            out.push(Variant {
                rel: format!("_images/{stem}-{short}-{width}.webp"),
                width,
                height,
                webp: true,
            });
            if width < self.width {
                out.push(Variant {
                    rel: format!("_images/{stem}-{short}-{width}.{}", self.format.extension()),
                    width,
                    height,
                    webp: false,
                });
            }
        }
        out
    }
}

/// A JPEG of `width` × `height` as the tests of every stage that shows one need it.
#[cfg(test)]
pub(crate) fn test_jpeg(width: u32, height: u32) -> Raster {
    Raster {
        rel: "photos/bus.jpg".into(),
        width,
        height,
        format: Format::Jpeg,
        digest: "0123456789abcdef".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(width: u32, height: u32) -> Raster {
        test_jpeg(width, height)
    }

    #[test]
    fn a_large_photo_gets_every_width_and_a_small_one_is_never_enlarged() {
        assert_eq!(raster(4000, 3000).widths(), vec![480, 960, 1600]);
        assert_eq!(raster(800, 600).widths(), vec![480, 800]);
        assert_eq!(raster(300, 200).widths(), vec![300]);
        let small = raster(300, 200).variants();
        assert_eq!(small.len(), 1, "{small:?}");
        assert!(small[0].webp);
        assert_eq!(small[0].height, 200);
    }
}
