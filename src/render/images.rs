//! The `<picture>` markup every raster image goes through, a body image or a page's lead image
//! alike: WebP widths first, the original format's otherwise, and the `<img>`'s width and height
//! so the browser reserves its box before the file arrives.

use crate::load::raster::{Raster, WIDTHS};
use crate::render::escape::escape;

/// How wide the image shows, for the browser to pick a width before it knows the layout. An
/// upper bound for both shipped themes: the column is the screen less a gutter of at least 1rem
/// each side, and never wider than 45rem (the default theme's 62ch measure is 710 px in Chromium
/// with its fallback serif; the plain theme's is 40rem). Too small a value here would send a
/// blurry copy; a slightly large one at most a larger file.
const SIZES: &str = "(min-width: 47rem) 45rem, calc(100vw - 2rem)";

/// The `<picture>` for a raster image in the text: WebP widths for browsers that read it, the
/// original format's widths otherwise, and the largest published size as the `<img>`'s width
/// and height. `base_path` is what output paths are prefixed with; `original_url` is the
/// original's URL. It loads lazily: a photo far down the page is fetched as a reader nears it.
pub fn picture(
    raster: &Raster,
    base_path: &str,
    original_url: &str,
    alt: &str,
    title: Option<&str>,
) -> String {
    markup(raster, base_path, original_url, alt, title, Loading::Lazy)
}

/// The `<picture>` for a page's lead image, as [`picture`] but fetched at once and first: it is
/// under the headline, on the first screen, usually the largest thing a reader sees load.
pub fn lead_picture(raster: &Raster, base_path: &str, original_url: &str, alt: &str) -> String {
    markup(raster, base_path, original_url, alt, None, Loading::First)
}

/// When the browser fetches a picture.
#[derive(Clone, Copy)]
enum Loading {
    Lazy,
    First,
}

fn markup(
    raster: &Raster,
    base_path: &str,
    original_url: &str,
    alt: &str,
    title: Option<&str>,
    loading: Loading,
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
    let (largest, width, height) = raster.largest();
    let src = largest.map_or_else(
        || original_url.to_string(),
        |rel| format!("{base_path}{rel}"),
    );
    let title = title
        .filter(|t| !t.trim().is_empty())
        .map(|t| format!(" title=\"{}\"", escape(t)))
        .unwrap_or_default();
    let loading = match loading {
        Loading::Lazy => " loading=\"lazy\" decoding=\"async\"",
        Loading::First => " fetchpriority=\"high\"",
    };
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\">\
         <img src=\"{src}\" srcset=\"{fallback}\" sizes=\"{SIZES}\" width=\"{width}\" \
         height=\"{height}\" alt=\"{alt}\"{title}{loading}></picture>",
        webp = escape(&srcset(true)),
        src = escape(&src),
        fallback = escape(&srcset(false)),
        alt = escape(alt),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raster::test_jpeg as raster;

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
