//! The width and height of the site's images, read from their files' headers, so every `<img>`
//! gets `width` and `height` and the page does not move as images load.
//!
//! Only the header is read (the `imagesize` crate stops after the few bytes that hold the
//! size), so measuring every image of a site costs about as much as listing it.
//!
//! PNG and JPEG are not measured here: the build reads them once, with the decoder that later
//! resizes them (`output/images.rs`), which also turns a photo's size as its EXIF orientation
//! asks, and adds their sizes to this map, so a page never gets two answers for one file.

use std::collections::HashMap;

use crate::load::content::{Found, Kind};
use crate::load::raster::{Format, Probed};

/// What an image's file says about its size.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Dimensions {
    /// Pixels, from the header.
    Known { width: usize, height: usize },
    /// An SVG: drawn to whatever box it is given, so no size is written.
    Vector,
    /// The file's header is not a known image format, or the file cannot be read: why.
    Unreadable(String),
}

/// The extensions measured; other assets (PDFs, data files) are not images.
const RASTER: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "tif", "tiff",
];

/// The size a PNG or JPEG was read at (upright, as its EXIF orientation asks), or why it could
/// not be read.
pub fn of_raster(probed: &Probed) -> Dimensions {
    match probed {
        Ok(raster) => Dimensions::Known {
            width: raster.width as usize,
            height: raster.height as usize,
        },
        Err(problem) => Dimensions::Unreadable(problem.message.clone()),
    }
}

/// The dimensions of every image among `assets` but PNG and JPEG, by its content-relative path.
pub fn measure(assets: &[&Found]) -> HashMap<String, Dimensions> {
    assets
        .iter()
        .filter(|f| f.kind == Kind::Asset && Format::of(&f.rel).is_none())
        .filter_map(|f| {
            let ext = f.rel.rsplit_once('.')?.1.to_ascii_lowercase();
            let dims = if ext == "svg" {
                Dimensions::Vector
            } else if RASTER.contains(&ext.as_str()) {
                match imagesize::size(&f.from) {
                    Ok(size) if size.width > 0 && size.height > 0 => Dimensions::Known {
                        width: size.width,
                        height: size.height,
                    },
                    Ok(_) => Dimensions::Unreadable("its header gives a size of zero".into()),
                    Err(e) => Dimensions::Unreadable(e.to_string()),
                }
            } else {
                return None;
            };
            Some((f.rel.clone(), dims))
        })
        .collect()
}
