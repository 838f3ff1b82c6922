//! Captioned images: a paragraph holding only an image with a title becomes a `<figure>`.
//!
//! Photos in news carry a caption and a credit. The Markdown title is the natural place for
//! both, and a tooltip hides them, so the title becomes a `<figcaption>`; a trailing part that
//! starts with `Credit:` or `Photo:` is the credit line.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The words that start a credit in an image's title.
const CREDIT_MARKS: [&str; 2] = ["Credit:", "Photo:"];

/// Called at the end of a paragraph: when `out` ends with a paragraph that holds one image
/// with a title and nothing else, rewrites it as a figure and returns true, so the paragraph's
/// end is not emitted.
pub(crate) fn close_paragraph(out: &mut Vec<Event<'_>>) -> bool {
    let Some(start) = out
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return false;
    };
    let inside = &out[start + 1..];
    let images = inside
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Image { .. })))
        .count();
    let title = match (inside.first(), inside.last()) {
        (Some(Event::Start(Tag::Image { title, .. })), Some(Event::End(TagEnd::Image)))
            if images == 1 && !title.trim().is_empty() =>
        {
            title.to_string()
        }
        _ => return false,
    };
    let (caption, credit) = split_credit(&title);
    out[start] = Event::Html("<figure class=\"figure\">".into());
    if let Some(Event::Start(Tag::Image { title, .. })) = out.get_mut(start + 1) {
        *title = CowStr::Borrowed("");
    }
    out.push(Event::Html("<figcaption>".into()));
    if !caption.is_empty() {
        out.push(Event::Text(caption.to_string().into()));
    }
    if let Some(credit) = credit {
        if !caption.is_empty() {
            out.push(Event::Text(" ".into()));
        }
        out.push(Event::Html("<span class=\"credit\">".into()));
        out.push(Event::Text(credit.to_string().into()));
        out.push(Event::Html("</span>".into()));
    }
    out.push(Event::Html("</figcaption></figure>\n".into()));
    true
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
