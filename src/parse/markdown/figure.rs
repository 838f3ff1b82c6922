//! Images: each `<img>` gets the width and height of its file, and a paragraph holding only an
//! image with a title becomes a `<figure>`.
//!
//! The size keeps the page from moving as images load. Photos in news carry a caption and a
//! credit; the Markdown title is the natural place for both, and a tooltip hides them, so the
//! title becomes a `<figcaption>`; a trailing part that starts with `Credit:` or `Photo:` is
//! the credit line.

use super::*;
use crate::load::images::Dimensions;

/// The words that start a credit in an image's title.
const CREDIT_MARKS: [&str; 2] = ["Credit:", "Photo:"];

/// An image whose alt text is being read.
pub(super) struct OpenImage<'a> {
    range: Range<usize>,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    pub(super) alt: String,
    size: Option<Dimensions>,
    /// Images inside this one's alt text, whose ends are not this one's.
    nested: usize,
}

/// The last image written, for the paragraph that may make it a figure.
pub(super) struct WrittenImage {
    /// Its place in the pass's output.
    index: usize,
    /// Its `<img>` without the title, which a figure shows as the caption instead.
    untitled: String,
    title: String,
}

impl<'a> Pass<'a, '_> {
    /// Starts reading an image (or, inside an image's alt text, counts a nested one).
    pub(super) fn open_image(&mut self, dest: CowStr<'a>, title: CowStr<'a>, range: Range<usize>) {
        if let Some(open) = &mut self.image {
            open.nested += 1;
            return;
        }
        self.check_unsafe(&dest, &range);
        let size = self.image_size(&dest);
        let dest = self.resolve(&dest, &range, true);
        self.note_image(&dest, &range);
        // A title is shown as a caption: a figure in it is checked like one in the text.
        self.flag_figures(&title, false, range.start);
        self.unread_in_title(&title, range.start, "an image's");
        self.image = Some(OpenImage {
            range,
            dest,
            title,
            alt: String::new(),
            size,
            nested: 0,
        });
    }

    /// Ends an image: writes its `<img>` with its alt text and size.
    pub(super) fn close_image(&mut self) {
        let Some(open) = &mut self.image else {
            return;
        };
        if open.nested > 0 {
            open.nested -= 1;
            return;
        }
        let Some(open) = self.image.take() else {
            return;
        };
        // Alt text is read aloud, and shown when the image is not: its figures are prose.
        if self.citation.is_none() {
            self.flag_figures(&open.alt, false, open.range.start);
        }
        if open.alt.trim().is_empty() {
            self.error(
                Code::ImageAlt,
                "this image has no alt text",
                open.range.clone(),
                "describe the image between the brackets: ![North Korean soldiers in training](photo.jpg)",
            );
        }
        let title = Some(open.title.as_ref());
        let (untitled, html) = match self.picture(&open.dest, &open.alt, None) {
            Some(untitled) => (untitled, self.picture(&open.dest, &open.alt, title)),
            None => self.img(&open),
        };
        let html = html.unwrap_or_else(|| untitled.clone());
        if self.heading.is_none() {
            self.written_image = Some(WrittenImage {
                index: self.out.len(),
                untitled,
                title: open.title.to_string(),
            });
        }
        self.emit(Event::InlineHtml(html.into()));
    }

    /// An image's `<img>`, with its file's size: without its title (for a figure) and with it.
    fn img(&mut self, open: &OpenImage<'_>) -> (String, Option<String>) {
        let mut untitled = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape(&open.dest),
            escape(&open.alt)
        );
        match &open.size {
            Some(Dimensions::Known { width, height }) => {
                let _ = write!(untitled, " width=\"{width}\" height=\"{height}\"");
            }
            // A PNG or JPEG that cannot be read was reported where it is shown already.
            Some(Dimensions::Unreadable(_))
                if self.env.rasters.contains_key(open.dest.as_ref()) => {}
            Some(Dimensions::Unreadable(why)) => self.error(
                Code::ImageSize,
                &format!("the size of this image cannot be read from its file: {why}"),
                open.range.clone(),
                "save the image again as PNG, JPEG, GIF, WebP or AVIF",
            ),
            Some(Dimensions::Vector) | None => {}
        }
        let mut html = untitled.clone();
        if !open.title.is_empty() {
            let _ = write!(html, " title=\"{}\"", escape(&open.title));
        }
        untitled.push('>');
        html.push('>');
        (untitled, Some(html))
    }

    /// The size of a local image, from the site's measured files; None for other hosts.
    fn image_size(&self, dest: &str) -> Option<Dimensions> {
        if dest.is_empty() || dest.starts_with(['/', '#', '?']) || dest.contains(':') {
            return None;
        }
        let path = dest.split(['#', '?']).next().unwrap_or("");
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let rel = join(self.env.page_dir, &decoded)?;
        self.env.images.get(&rel).cloned()
    }

    /// Called at the end of a paragraph: when it holds one image with a title and nothing
    /// else, rewrites it as a figure and returns true, so the paragraph's end is not emitted.
    pub(super) fn close_figure(&mut self) -> bool {
        let Some(image) = self.written_image.take() else {
            return false;
        };
        let lone = image.index >= 1
            && image.index + 1 == self.out.len()
            && matches!(self.out[image.index - 1], Event::Start(Tag::Paragraph));
        if !lone || image.title.trim().is_empty() {
            return false;
        }
        let (caption, credit) = split_credit(&image.title);
        let mut html = String::from("<figure class=\"figure\">");
        html.push_str(&image.untitled);
        html.push_str("<figcaption>");
        html.push_str(&escape(caption));
        if let Some(credit) = credit {
            if !caption.is_empty() {
                html.push(' ');
            }
            let _ = write!(html, "<span class=\"credit\">{}</span>", escape(credit));
        }
        html.push_str("</figcaption></figure>\n");
        self.out.truncate(image.index - 1);
        self.out.push(Event::Html(html.into()));
        true
    }
}

/// Text escaped for HTML with the escaping pulldown-cmark gives the rest of the page, so the
/// Markdown pass writes its figures without reaching forward into the render stage.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// "Soldiers in training. Photo: KCNA" is the caption "Soldiers in training." and the credit
/// "Photo: KCNA"; the mark is a word of its own, followed by a space, and the last one wins.
fn split_credit(title: &str) -> (&str, Option<&str>) {
    let at = CREDIT_MARKS
        .iter()
        .flat_map(|mark| title.match_indices(mark))
        .filter(|&(i, mark)| {
            (i == 0 || title[..i].ends_with(char::is_whitespace))
                && title[i + mark.len()..].starts_with(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .max();
    match at {
        Some(i) => (title[..i].trim(), Some(title[i..].trim())),
        None => (title.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credit_is_the_part_from_its_mark() {
        assert_eq!(
            split_credit("Soldiers in training. Photo: KCNA"),
            ("Soldiers in training.", Some("Photo: KCNA"))
        );
        assert_eq!(
            split_credit("Credit: Jane Doe"),
            ("", Some("Credit: Jane Doe"))
        );
        assert_eq!(split_credit("A bus in Seoul"), ("A bus in Seoul", None));
        assert_eq!(split_credit("Our Photo:graph"), ("Our Photo:graph", None));
    }
}
