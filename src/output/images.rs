//! Raster images read and published: a PNG or JPEG is read from its header when the build
//! starts (its size, for the page's markup), and decoded, resized and encoded at each width
//! only when the cache has no copy made from the same bytes.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::diag::Diagnostic;
use crate::load::raster::{Format, ImageProblem, Probed, Raster, Variant};
use crate::output::cache::{self, Cache};

/// The most pixels an image may have: a 50-megapixel photo decodes to 200 MB, and a file that
/// claims more is either far larger than any page needs or a decompression bomb.
pub(crate) const MAX_PIXELS: u64 = 50_000_000;

/// What decoding may allocate: a 50-megapixel image at 16 bits a channel with alpha, and room
/// for the resized copy.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// JPEG quality for the resized copies: indistinguishable from the original at these widths.
const JPEG_QUALITY: u8 = 82;

/// WebP quality for photos: about the look of the JPEG copies at half their size.
const WEBP_QUALITY: f32 = 80.0;

/// Bumped whenever the encoding changes, so copies made the old way are not reused.
const ENCODING: &str = "v1";

/// Reads the image at `path` (content-relative `rel`) from its header, without decoding it.
pub(crate) fn probe(rel: &str, path: &Path) -> Probed {
    let Some(format) = Format::of(rel) else {
        return Err(problem(format!("`{rel}` is not a PNG or JPEG"), ""));
    };
    let unreadable = |e: &dyn std::fmt::Display| {
        problem(
            format!("cannot read the image `{rel}`: {e}"),
            "export the image again as a PNG or JPEG; the file may be damaged or cut short",
        )
    };
    let reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| unreadable(&e))?;
    let expected = match format {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
    };
    match reader.format() {
        Some(found) if found == expected => {}
        found => {
            let actual = found.map_or("not an image the build can read", |f| match f {
                ImageFormat::Png => "a PNG",
                ImageFormat::Jpeg => "a JPEG",
                ImageFormat::Gif => "a GIF",
                ImageFormat::WebP => "a WebP",
                _ => "another kind of image",
            });
            return Err(problem(
                format!(
                    "`{rel}` is named as a {} but its bytes are {actual}",
                    format.extension().to_uppercase()
                ),
                "give the file the extension of its format (.png, .jpg), or export it again \
                 as a PNG or JPEG",
            ));
        }
    }
    let mut decoder = reader.into_decoder().map_err(|e| unreadable(&e))?;
    let (mut width, mut height) = decoder.dimensions();
    let orientation = decoder.orientation().map_err(|e| unreadable(&e))?;
    if matches!(
        orientation,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    ) {
        std::mem::swap(&mut width, &mut height);
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS || width == 0 || height == 0 {
        return Err(problem(
            format!(
                "`{rel}` is {width} × {height} pixels ({:.0} megapixels); the build publishes \
                 images of at most {} megapixels",
                pixels as f64 / 1e6,
                MAX_PIXELS / 1_000_000
            ),
            "resize the image (a page shows it at most 1600 pixels across) and export it again",
        ));
    }
    let digest = cache::digest_file(path).map_err(|e| unreadable(&e))?;
    Ok(Raster {
        rel: rel.to_string(),
        width,
        height,
        format,
        digest,
    })
}

fn problem(message: String, help: &str) -> ImageProblem {
    ImageProblem {
        message,
        help: help.to_string(),
    }
}

/// Each published copy of an image, with the cached file that holds it.
pub(crate) struct Published {
    pub(crate) files: Vec<(Variant, PathBuf)>,
    /// How many copies were encoded now rather than found in the cache.
    pub(crate) encoded: usize,
}

/// Makes the copies of `raster` the cache does not hold yet, decoding the original at `path`
/// once for all of them.
pub(crate) fn publish(
    root: &Path,
    raster: &Raster,
    path: &Path,
) -> Result<Published, ImageProblem> {
    let cache = Cache::new(root, "images");
    let name = |v: &Variant| {
        let ext = if v.webp {
            "webp"
        } else {
            raster.format.extension()
        };
        format!("{}-{}-{ENCODING}.{ext}", raster.digest, v.width)
    };
    let variants = raster.variants();
    let missing: Vec<&Variant> = variants.iter().filter(|v| !cache.has(&name(v))).collect();
    let mut files = Vec::with_capacity(variants.len());
    if !missing.is_empty() {
        let original = decode(raster, path)?;
        // Widest first, each width resized from the one before: far less work than resizing
        // the full original every time, and as sharp.
        let mut widths: Vec<u32> = missing.iter().map(|v| v.width).collect();
        widths.sort_unstable_by(|a, b| b.cmp(a));
        widths.dedup();
        let mut current = original;
        for width in widths {
            let height = raster.height_at(width);
            if current.width() != width || current.height() != height {
                current =
                    current.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
            }
            for v in missing.iter().filter(|v| v.width == width) {
                let bytes = encode(&current, v.webp, raster.format).map_err(|e| {
                    problem(
                        format!("cannot encode `{}` at {width} pixels: {e}", raster.rel),
                        "export the image again as an 8-bit PNG or JPEG",
                    )
                })?;
                cache.put(&name(v), &bytes).map_err(|d: Diagnostic| {
                    problem(
                        d.message.clone(),
                        "check that the project's .site-cache/ folder can be written, or delete it",
                    )
                })?;
            }
        }
    }
    for v in &variants {
        files.push((v.clone(), cache.path(&name(v))));
    }
    Ok(Published {
        files,
        encoded: missing.len(),
    })
}

/// The whole image, turned upright as its EXIF orientation asks, under the pixel and memory
/// limits.
fn decode(raster: &Raster, path: &Path) -> Result<DynamicImage, ImageProblem> {
    let failed = |e: &dyn std::fmt::Display| {
        problem(
            format!("cannot decode the image `{}`: {e}", raster.rel),
            "export the image again as a PNG or JPEG; the file may be damaged or cut short",
        )
    };
    let bytes = std::fs::read(path).map_err(|e| failed(&e))?;
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| failed(&e))?;
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| failed(&e))?;
    let orientation = decoder.orientation().map_err(|e| failed(&e))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| failed(&e))?;
    image.apply_orientation(orientation);
    if image.width() != raster.width || image.height() != raster.height {
        return Err(failed(&format!(
            "it decodes at {} × {} pixels, not the {} × {} its header says",
            image.width(),
            image.height(),
            raster.width,
            raster.height
        )));
    }
    Ok(image)
}

/// One copy's bytes: WebP, or the original's format.
fn encode(image: &DynamicImage, as_webp: bool, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let has_alpha = image.color().has_alpha();
    if as_webp {
        // A photo in lossy WebP, about half the size of the JPEG; a PNG (a chart, a map, a
        // screenshot) losslessly, as its sharp edges need.
        let encoded = if has_alpha {
            let rgba = image.to_rgba8();
            webp::Encoder::from_rgba(rgba.as_raw(), rgba.width(), rgba.height())
                .encode_simple(format == Format::Png, WEBP_QUALITY)
        } else {
            let rgb = image.to_rgb8();
            webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
                .encode_simple(format == Format::Png, WEBP_QUALITY)
        };
        return encoded
            .map(|memory| memory.to_vec())
            .map_err(|e| format!("{e:?}"));
    }
    match format {
        Format::Jpeg => {
            let rgb = image.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(&rgb)
                .map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let pixels = if has_alpha {
                DynamicImage::ImageRgba8(image.to_rgba8())
            } else {
                DynamicImage::ImageRgb8(image.to_rgb8())
            };
            pixels
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}
