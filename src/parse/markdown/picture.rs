//! Raster images as `<picture>`s: every PNG or JPEG of the site is shown through the markup of
//! [`crate::render::images`], with its published widths and its size, and the places that show
//! one are kept for the build, which publishes the widths and names the place if it cannot.

use super::*;
use crate::render::images;

/// The site's raster images by URL, each read from its header or with why it could not be.
pub type Images = HashMap<String, images::Probed>;

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
        match self.env.images.get(dest) {
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
}

/// An image being rewritten: what its `<picture>` needs, its alt text so far, and how deep in
/// its events the rewrite is.
struct Open<'r> {
    raster: &'r images::Raster,
    url: String,
    title: String,
    alt: String,
    depth: usize,
}

/// `out` with each raster image of the site, from its start to its end, made one `<picture>`;
/// its alt text is read from the events inside as pulldown-cmark reads it.
pub(super) fn rewrite<'a>(out: Vec<Event<'a>>, env: &Env<'_>) -> Vec<Event<'a>> {
    if env.images.is_empty() {
        return out;
    }
    let mut rewritten = Vec::with_capacity(out.len());
    let mut open: Option<Open<'_>> = None;
    for event in out {
        if let Some(image) = &mut open {
            match event {
                Event::End(TagEnd::Image) if image.depth == 0 => {
                    let html = images::picture(
                        image.raster,
                        env.base_path,
                        &image.url,
                        &image.alt,
                        Some(&image.title),
                    );
                    rewritten.push(Event::Html(html.into()));
                    open = None;
                }
                Event::Start(_) => image.depth += 1,
                Event::End(_) => image.depth = image.depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    image.alt.push_str(&t);
                }
                Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
            && let Some(Ok(raster)) = env.images.get(dest_url.as_ref())
        {
            open = Some(Open {
                raster,
                url: dest_url.to_string(),
                title: title.to_string(),
                alt: String::new(),
                depth: 0,
            });
            continue;
        }
        rewritten.push(event);
    }
    rewritten
}
