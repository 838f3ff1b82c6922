//! Responsive images: the widths a raster image is published at, and the `<picture>` markup
//! every rendered image goes through, a body image or a page's lead image alike.
//!
//! A photo is published at a few widths as WebP, each with a copy in its own format (PNG or
//! JPEG) for browsers without WebP, so a phone never downloads the full-size file. The `<img>`
//! carries the published width and height, so the browser reserves its box before the file
//! arrives and nothing below it moves.

use crate::render::escape::escape;

/// The widths offered to the browser; a narrower original is published at its own width
/// instead of being enlarged.
pub(crate) const WIDTHS: [u32; 3] = [480, 960, 1600];

/// How wide the image shows in the theme's text column, for the browser to pick a width
/// before it knows the layout: the column is at most about 42rem.
const SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

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

/// The `<picture>` for a raster image: WebP widths for browsers that read it, the original
/// format's widths otherwise, and the largest published size as the `<img>`'s width and height.
/// `base_path` is what output paths are prefixed with; `original_url` is the original's URL.
pub fn picture(
    raster: &Raster,
    base_path: &str,
    original_url: &str,
    alt: &str,
    title: Option<&str>,
) -> String {
    let variants = raster.variants();
    let srcset = |webp: bool| {
        let mut parts: Vec<String> = variants
            .iter()
            .filter(|v| v.webp == webp)
            .map(|v| format!("{}{} {}w", base_path, v.rel, v.width))
            .collect();
        if !webp && raster.width <= WIDTHS[WIDTHS.len() - 1] {
            parts.push(format!("{} {}w", original_url, raster.width));
        }
        parts.join(", ")
    };
    let largest = variants.iter().filter(|v| !v.webp).map(|v| v.width).max();
    let (src, width) = if raster.width <= WIDTHS[WIDTHS.len() - 1] {
        (original_url.to_string(), raster.width)
    } else {
        let width = largest.unwrap_or(raster.width);
        let url = variants
            .iter()
            .find(|v| !v.webp && v.width == width)
            .map_or_else(
                || original_url.to_string(),
                |v| format!("{base_path}{}", v.rel),
            );
        (url, width)
    };
    let height = raster.height_at(width);
    let title = title
        .filter(|t| !t.trim().is_empty())
        .map(|t| format!(" title=\"{}\"", escape(t)))
        .unwrap_or_default();
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\">\
         <img src=\"{src}\" srcset=\"{fallback}\" sizes=\"{SIZES}\" width=\"{width}\" \
         height=\"{height}\" alt=\"{alt}\"{title} loading=\"lazy\" \
         decoding=\"async\"></picture>",
        webp = escape(&srcset(true)),
        src = escape(&src),
        fallback = escape(&srcset(false)),
        alt = escape(alt),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(width: u32, height: u32) -> Raster {
        Raster {
            rel: "photos/bus.jpg".into(),
            width,
            height,
            format: Format::Jpeg,
            digest: "0123456789abcdef".into(),
        }
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

    #[test]
    fn the_picture_reserves_its_box_and_offers_webp_first() {
        let html = picture(
            &raster(4000, 3000),
            "/x/",
            "/x/photos/bus.jpg",
            "A \"bus\"",
            None,
        );
        assert!(html.starts_with(
            "<picture><source type=\"image/webp\" srcset=\"/x/_images/bus-01234567-480.webp 480w"
        ));
        assert!(html.contains("width=\"1600\" height=\"1200\""), "{html}");
        assert!(
            html.contains("src=\"/x/_images/bus-01234567-1600.jpg\""),
            "{html}"
        );
        assert!(html.contains("alt=\"A &quot;bus&quot;\""), "{html}");
        let small = picture(&raster(800, 600), "/", "/photos/bus.jpg", "bus", Some("t"));
        assert!(small.contains("src=\"/photos/bus.jpg\""), "{small}");
        assert!(small.contains("/photos/bus.jpg 800w"), "{small}");
        assert!(
            small.contains("width=\"800\" height=\"600\" alt=\"bus\" title=\"t\""),
            "{small}"
        );
    }
}
