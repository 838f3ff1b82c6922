//! Responsive images and share cards: what the build writes for a page's raster images and for
//! social networks, read back from the files themselves.

pub mod common;

use std::path::Path;

use common::{NYSUN, Project, attr, tags};
use image::{GenericImageView, ImageFormat, RgbImage, Rgba, RgbaImage};

const SITE: &str = "title: Test site\nbase_url: https://example.org/news/\nminify: false\n";

/// A photo-like JPEG: smooth gradients, so the encoders have real work.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            (x * 255 / width) as u8,
            (y * 255 / height) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg)
        .expect("encode a JPEG");
    out.into_inner()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(width, height, |x, _| Rgba([0, (x % 256) as u8, 90, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .expect("encode a PNG");
    out.into_inner()
}

fn photo_project() -> Project {
    let project = Project::new(&[
        ("site.yaml", SITE),
        (
            "content/index.md",
            "---\ntitle: Buses\n---\nA line.\n\n![A bus in Seoul](photos/bus.jpg)\n\n![A map](map.png)\n\n![A logo](logo.svg)\n",
        ),
        (
            "content/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        ),
    ]);
    project.write_bytes("content/photos/bus.jpg", &jpeg(2000, 1000));
    project.write_bytes("content/map.png", &png(300, 200));
    project
}

/// Each `URL Nw` candidate of a srcset.
fn candidates(srcset: &str) -> Vec<(String, u32)> {
    srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').expect("a width");
            let w = w.strip_suffix('w').expect("w").parse().expect("a number");
            (url.to_string(), w)
        })
        .collect()
}

/// The file of the output a URL under /news/ names.
fn output_file(root: &Path, url: &str) -> std::path::PathBuf {
    let rel = url.strip_prefix("/news/").expect("under the base path");
    root.join("public").join(rel)
}

#[test]
fn every_width_in_a_srcset_is_a_file_of_that_size_and_the_img_reserves_its_box() {
    let project = photo_project();
    project.build_ok(&[]);
    let html = project.read("public/index.html");
    let sources = tags(&html, "source");
    let imgs = tags(&html, "img");
    assert_eq!(sources.len(), 2, "{html}");

    let webp = candidates(&attr(sources[0], "srcset").expect("srcset"));
    assert_eq!(
        webp.iter().map(|c| c.1).collect::<Vec<_>>(),
        vec![480, 960, 1600]
    );
    assert_eq!(attr(sources[0], "type").as_deref(), Some("image/webp"));
    let jpeg = candidates(&attr(imgs[0], "srcset").expect("srcset"));
    assert_eq!(
        jpeg.iter().map(|c| c.1).collect::<Vec<_>>(),
        vec![480, 960, 1600]
    );
    for ((url, width), format) in webp
        .iter()
        .map(|c| (c, ImageFormat::WebP))
        .chain(jpeg.iter().map(|c| (c, ImageFormat::Jpeg)))
    {
        let path = output_file(&project.root(), url);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{url}: {e}"));
        let img = image::load_from_memory_with_format(&bytes, format).expect("decodes");
        assert_eq!(img.dimensions(), (*width, width / 2), "{url}");
    }
    assert_eq!(attr(imgs[0], "width").as_deref(), Some("1600"));
    assert_eq!(attr(imgs[0], "height").as_deref(), Some("800"));
    assert_eq!(attr(imgs[0], "alt").as_deref(), Some("A bus in Seoul"));

    // Narrower than every width: published at its own, the original the fallback, never enlarged.
    let map_webp = candidates(&attr(sources[1], "srcset").expect("srcset"));
    assert_eq!(map_webp.len(), 1);
    assert_eq!(map_webp[0].1, 300);
    let webp_map = image::open(output_file(&project.root(), &map_webp[0].0)).expect("decodes");
    assert_eq!(webp_map.dimensions(), (300, 200));
    assert!(
        webp_map.color().has_alpha(),
        "the PNG's transparency is kept"
    );
    assert_eq!(attr(imgs[1], "src").as_deref(), Some("/news/map.png"));
    assert_eq!(attr(imgs[1], "width").as_deref(), Some("300"));
    assert_eq!(attr(imgs[1], "height").as_deref(), Some("200"));

    // SVG is left as it is.
    assert_eq!(attr(imgs[2], "src").as_deref(), Some("/news/logo.svg"));
    assert!(attr(imgs[2], "srcset").is_none());
}

#[test]
fn a_rebuild_encodes_nothing_until_the_image_changes() {
    let project = photo_project();
    let options = site::build::Options {
        write: true,
        ..Default::default()
    };
    let first = site::build::build(&project.root(), &options).expect("builds");
    assert_eq!(first.encoded, 7, "six copies of the photo, one of the map");
    assert_eq!(first.drawn, 1);
    let cached = project.path(".site-cache/images");
    let times = |dir: &Path| {
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .expect("the cache")
            .map(|e| {
                let e = e.expect("an entry");
                (
                    e.file_name(),
                    e.metadata().and_then(|m| m.modified()).expect("mtime"),
                )
            })
            .collect();
        all.sort();
        all
    };
    let before = times(&cached);
    assert_eq!(before.len(), 7);

    let second = site::build::build(&project.root(), &options).expect("builds");
    assert_eq!((second.encoded, second.drawn), (0, 0));
    assert_eq!(times(&cached), before, "no cached file was written again");

    project.write_bytes("content/photos/bus.jpg", &jpeg(1200, 900));
    let third = site::build::build(&project.root(), &options).expect("builds");
    assert_eq!(
        third.encoded, 5,
        "480 and 960 in both formats, 1200 in WebP"
    );
    let html = project.read("public/index.html");
    assert!(html.contains("width=\"1200\" height=\"900\""), "{html}");
}

#[test]
fn a_share_card_is_a_1200_by_630_png_named_by_absolute_meta_tags() {
    let project = Project::new(&[
        ("site.yaml", SITE),
        ("content/sources/nysun.md", NYSUN),
        (
            "content/world/troops.md",
            "---\ntitle: \"Troops <& \\\"Kursk\\\">: a very long title that goes on and on and on past what one line of a card can hold\"\nsources: [nysun]\n---\nAbout [11,000 troops](nysun \"around 11,000 troops\") moved.\n",
        ),
    ]);
    project.build_ok(&[]);
    let html = project.read("public/world/troops/index.html");
    let meta = tags(&html, "meta");
    let content = |key: &str, value: &str| {
        meta.iter()
            .find(|m| attr(m, key).as_deref() == Some(value))
            .and_then(|m| attr(m, "content"))
    };
    assert_eq!(
        content("property", "og:image").as_deref(),
        Some("https://example.org/news/world/troops/share-card.png")
    );
    assert_eq!(
        content("name", "twitter:image").as_deref(),
        Some("https://example.org/news/world/troops/share-card.png")
    );
    assert_eq!(
        content("name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        content("property", "og:image:width").as_deref(),
        Some("1200")
    );
    let card = image::open(project.path("public/world/troops/share-card.png")).expect("a PNG");
    assert_eq!(card.dimensions(), (1200, 630));
    // The card is drawn, not blank: the title's ink covers a good part of it.
    let dark = card
        .to_rgb8()
        .pixels()
        .filter(|p| p.0.iter().all(|c| *c < 100))
        .count();
    assert!(dark > 10_000, "only {dark} dark pixels");
}

#[test]
fn without_a_host_in_base_url_the_card_is_written_but_no_tag_names_it() {
    let project = Project::new(&[
        ("site.yaml", common::READABLE),
        ("content/index.md", "---\ntitle: Home\n---\nText.\n"),
    ]);
    project.build_ok(&[]);
    let html = project.read("public/index.html");
    assert!(!html.contains("og:image"), "{html}");
    assert!(!html.contains("twitter:card"), "{html}");
    let card = image::open(project.path("public/share-card.png")).expect("a PNG");
    assert_eq!(card.dimensions(), (1200, 630));
}

/// A theme whose templates show no share image gets no cards: drawing them is most of a page's
/// cost and nothing would link to them. Showing it through an extended or included template, or a
/// component, counts.
#[test]
fn cards_are_drawn_only_for_pages_whose_template_shows_the_share_image() {
    let site = format!("{SITE}theme: own\n");
    let page = "---\ntitle: Troops\n---\nText.\n";
    let bare = Project::new(&[
        ("site.yaml", site.as_str()),
        ("content/_index.md", page),
        ("content/a.md", page),
        (
            "themes/own/templates/page.html",
            "<!DOCTYPE html><html lang=\"en\"><title>{{ page.title }}</title><p>{{ page.content | safe }}",
        ),
        (
            "themes/own/templates/section.html",
            "<!DOCTYPE html><html lang=\"en\"><title>{{ page.title }}</title>",
        ),
    ]);
    bare.build_ok(&[]);
    assert!(bare.exists("public/a/index.html"));
    assert!(!bare.exists("public/a/share-card.png"));
    assert!(!bare.exists("public/share-card.png"));

    let meta = "{% if page.share_image %}<meta property=\"og:image\" content=\"{{ page.share_image.url }}\">{% endif %}";
    // A component can be called from any template, so one that names the share image counts
    // for the section template too.
    for (name, section_card, files) in [
        (
            "through a component",
            true,
            vec![
                (
                    "themes/own/templates/page.html",
                    "<!DOCTYPE html><html lang=\"en\"><title>{{ page.title }}</title>{{ <head p={page}/> }}".to_string(),
                ),
                (
                    "themes/own/templates/m.html",
                    format!("{{% component head(p) %}}{}{{% endcomponent %}}", meta.replace("page.", "p.")),
                ),
            ],
        ),
        (
            "through extends and include",
            false,
            vec![
                (
                    "themes/own/templates/page.html",
                    "{% extends \"frame.html\" %}{% block main %}x{% endblock %}".to_string(),
                ),
                (
                    "themes/own/templates/frame.html",
                    "<!DOCTYPE html><html lang=\"en\"><title>{{ page.title }}</title>{% include \"head.html\" %}{% block main %}{% endblock %}".to_string(),
                ),
                ("themes/own/templates/head.html", meta.to_string()),
            ],
        ),
    ] {
        for (rel, text) in &files {
            bare.write(rel, text);
        }
        bare.build_ok(&[]);
        let card = image::open(bare.path("public/a/share-card.png"))
            .unwrap_or_else(|e| panic!("{name}: no card: {e}"));
        assert_eq!(card.dimensions(), (1200, 630), "{name}");
        assert!(
            bare.read("public/a/index.html")
                .contains("https://example.org/news/a/share-card.png"),
            "{name}"
        );
        assert_eq!(bare.exists("public/share-card.png"), section_card, "{name}");
        bare.remove("themes/own/templates/page.html");
        for (rel, _) in files.iter().skip(1) {
            bare.remove(rel);
        }
        bare.write(
            "themes/own/templates/page.html",
            "<!DOCTYPE html><html lang=\"en\"><title>{{ page.title }}</title>",
        );
    }
}

#[test]
fn a_lead_photo_is_a_picture_of_every_width_and_is_what_the_page_is_shared_with() {
    let project = Project::new(&[
        ("site.yaml", SITE),
        (
            "content/harbour.md",
            "---\ntitle: The harbour\nimage:\n  src: photos/harbour.jpg\n  alt: Ferries at the harbour mouth\n  credit: \"Photo: Example\"\n---\nText.\n",
        ),
        ("content/plain.md", "---\ntitle: No photo\n---\nText.\n"),
        (
            "content/index.md",
            "---\ntitle: Home\n---\n[The harbour](harbour.md) and [no photo](plain.md).\n",
        ),
    ]);
    project.write_bytes("content/photos/harbour.jpg", &jpeg(2400, 1200));
    project.build_ok(&[]);
    let html = project.read("public/harbour/index.html");
    let head = &html[html.find("lead-image").expect("a lead image")..];
    let lead = &head[..head.find("</figure>").expect("its figure")];
    let sources = tags(lead, "source");
    assert_eq!(sources.len(), 1, "{lead}");
    let webp = candidates(&attr(sources[0], "srcset").expect("srcset"));
    assert_eq!(
        webp.iter().map(|c| c.1).collect::<Vec<_>>(),
        vec![480, 960, 1600]
    );
    for (url, width) in &webp {
        let img = image::open(output_file(&project.root(), url)).expect("decodes");
        assert_eq!(img.dimensions(), (*width, width / 2), "{url}");
    }
    let img = tags(lead, "img")[0];
    assert_eq!(attr(img, "width").as_deref(), Some("1600"));
    assert_eq!(attr(img, "height").as_deref(), Some("800"));
    assert_eq!(
        attr(img, "alt").as_deref(),
        Some("Ferries at the harbour mouth")
    );
    assert!(
        attr(img, "loading").is_none(),
        "the lead image is on the first screen and is not lazy: {img}"
    );
    assert_eq!(attr(img, "fetchpriority").as_deref(), Some("high"));

    let meta = tags(&html, "meta");
    let content = |key: &str, value: &str| {
        meta.iter()
            .find(|m| attr(m, key).as_deref() == Some(value))
            .and_then(|m| attr(m, "content"))
    };
    let shared = content("property", "og:image").expect("og:image");
    let jpeg_src = attr(img, "src").expect("src");
    assert_eq!(shared, format!("https://example.org{jpeg_src}"));
    assert!(shared.ends_with("-1600.jpg"), "{shared}");
    assert_eq!(content("name", "twitter:image"), Some(shared.clone()));
    assert_eq!(
        content("name", "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        content("property", "og:image:width").as_deref(),
        Some("1600")
    );
    assert_eq!(
        content("property", "og:image:height").as_deref(),
        Some("800")
    );
    assert_eq!(
        content("property", "og:image:alt").as_deref(),
        Some("Ferries at the harbour mouth")
    );
    let file = output_file(&project.root(), &jpeg_src);
    let copy = image::load_from_memory_with_format(
        &std::fs::read(&file).expect("the shared copy is written"),
        ImageFormat::Jpeg,
    )
    .expect("a JPEG");
    assert_eq!(copy.dimensions(), (1600, 800));
    assert!(
        !project.path("public/harbour/share-card.png").exists(),
        "no card is drawn for a page shared by its photo"
    );

    // A page without a lead image still gets its drawn card.
    let plain = project.read("public/plain/index.html");
    assert!(
        plain.contains("content=\"https://example.org/news/plain/share-card.png\""),
        "{plain}"
    );
    let card = image::open(project.path("public/plain/share-card.png")).expect("a PNG");
    assert_eq!(card.dimensions(), (1200, 630));
}

/// `jpeg` with an EXIF block saying the camera was turned: orientation 6, "rotate 90° clockwise
/// to show", as a phone stores a portrait photo in its sensor's landscape shape.
fn rotated(jpeg: &[u8]) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big-endian, first IFD at 8
    tiff.extend_from_slice(&[0, 1]); // one entry
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation: SHORT 6
    tiff.extend_from_slice(&[0, 0, 0, 0]); // no next IFD
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let length = u16::try_from(app1.len() + 2).expect("short");
    let mut out = jpeg[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

#[test]
fn a_photo_stored_turned_gets_its_upright_width_and_height_in_the_text_and_as_lead() {
    let project = Project::new(&[
        ("site.yaml", SITE),
        (
            "content/index.md",
            "---\ntitle: Portrait\nimage:\n  src: tall.jpg\n  alt: A lighthouse\n---\nText.\n\n![The lighthouse again](tall.jpg)\n",
        ),
    ]);
    project.write_bytes("content/tall.jpg", &rotated(&jpeg(1200, 800)));
    project.build_ok(&[]);
    let html = project.read("public/index.html");
    let imgs = tags(&html, "img");
    assert_eq!(imgs.len(), 2, "{html}");
    for img in &imgs {
        assert_eq!(attr(img, "width").as_deref(), Some("800"), "{img}");
        assert_eq!(attr(img, "height").as_deref(), Some("1200"), "{img}");
    }
    let sources = tags(&html, "source");
    let webp = candidates(&attr(sources[0], "srcset").expect("srcset"));
    assert_eq!(webp.iter().map(|c| c.1).collect::<Vec<_>>(), vec![480, 800]);
    let small = image::open(output_file(&project.root(), &webp[0].0)).expect("decodes");
    assert_eq!(small.dimensions(), (480, 720), "the copies are upright too");
    let meta = tags(&html, "meta");
    let shared = |key: &str| {
        meta.iter()
            .find(|m| attr(m, "property").as_deref() == Some(key))
            .and_then(|m| attr(m, "content"))
    };
    assert_eq!(shared("og:image:width").as_deref(), Some("800"));
    assert_eq!(shared("og:image:height").as_deref(), Some("1200"));
}

fn failing_image(bytes: &[u8], needles: &[&str]) {
    let project = Project::new(&[
        ("site.yaml", SITE),
        (
            "content/index.md",
            "---\ntitle: T\n---\nText.\n\n![A bus](bus.jpg)\n",
        ),
    ]);
    project.write_bytes("content/bus.jpg", bytes);
    project.build(&[]).assert_fails(
        1,
        &[&["content/index.md:6:1", "error[image]"], needles].concat(),
    );
}

#[test]
fn an_image_whose_bytes_are_not_its_format_is_an_error_at_its_place() {
    failing_image(
        &png(20, 20),
        &[
            "is named as a JPG but its bytes are a PNG",
            "give the file the extension",
        ],
    );
    failing_image(b"not an image at all", &["cannot read the image `bus.jpg`"]);
}

#[test]
fn an_image_over_the_pixel_limit_is_refused_before_it_is_decoded() {
    // 52 megapixels of one grey compress to a small file: the header alone is refused.
    let img = image::GrayImage::new(8000, 6500);
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("encode");
    failing_image(
        &out.into_inner(),
        &["is 8000 × 6500 pixels (52 megapixels)", "resize the image"],
    );
}

#[test]
fn a_damaged_jpeg_is_an_error_at_its_place() {
    let mut bytes = jpeg(800, 600);
    bytes.truncate(400);
    failing_image(&bytes, &["cannot", "bus.jpg", "export the image again"]);
}

/// A build renders each page as soon as it has cited it; `site serve` holds every page's body
/// until its rendering pass. Both must publish the same pictures, image copies and cards.
#[test]
fn a_build_and_a_kept_session_make_the_same_pictures_and_cards() {
    let project = photo_project();
    project.write("content/sources/nysun.md", NYSUN);
    project.write(
        "content/troops.md",
        "---\ntitle: Troops\nsources: [nysun]\n---\nAbout [11,000 troops](nysun \"around 11,000 troops\") moved.\n\n![A map](map.png)\n",
    );
    project.write(
        "content/harbour.md",
        "---\ntitle: The harbour\nimage:\n  src: photos/bus.jpg\n  alt: A bus at the harbour\n---\nText.\n",
    );
    project.build_ok(&[]);
    let built = common::without_manifest(project.snapshot("public"));
    assert!(
        built.keys().any(|k| k.ends_with(".webp")),
        "images were published"
    );
    assert!(
        built.keys().any(|k| k.ends_with("share-card.png")),
        "cards were drawn"
    );
    common::assert_same(&built, &common::kept_session_files(&project.root()));
}
