//! Raster images as `<picture>`s: every PNG or JPEG of the site is shown through the markup the
//! build hands in as [`Env::picture`], with its published widths and its size, and the places
//! that show one are kept for the build, which publishes the widths and names the place if it
//! cannot.

use super::*;
use crate::load::raster::{Probed, Raster};

/// The site's raster images by URL, each read from its header or with why it could not be.
pub type Images = HashMap<String, Probed>;

/// How a raster image is written as a `<picture>`: the image, the site's base path, the
/// original's URL, its alt text and its title. Markup is the render stage's job, which comes
/// after this one, so the build hands it in as it does a chart's drawing.
pub type Markup = fn(&Raster, &str, &str, &str, Option<&str>) -> String;

/// A raster image shown by a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    /// Its URL, as the page links it.
    pub url: String,
    /// Byte range of the image's Markdown in the page's file.
    pub span: Range<usize>,
}

impl Pass<'_, '_> {
    /// Notes an image whose resolved URL is `dest`: a raster image of the site is kept for the
    /// build, one that cannot be read is an error here, where the page shows it.
    pub(super) fn note_image(&mut self, dest: &str, range: &Range<usize>) {
        match self.env.rasters.get(dest) {
            Some(Ok(_)) => self.body.images.push(ImageUse {
                url: dest.to_string(),
                span: self.offset + range.start..self.offset + range.end,
            }),
            Some(Err(problem)) => {
                let (message, help) = (problem.message.clone(), problem.help.clone());
                self.error(Code::Image, &message, range.clone(), &help);
            }
            None => {}
        }
    }

    /// The `<picture>` for the raster image at `dest`, or None for any other image.
    pub(super) fn picture(&self, dest: &str, alt: &str, title: Option<&str>) -> Option<String> {
        let Some(Ok(raster)) = self.env.rasters.get(dest) else {
            return None;
        };
        Some((self.env.picture)(
            raster,
            self.env.base_path,
            dest,
            alt,
            title,
        ))
    }
}
