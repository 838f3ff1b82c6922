//! pulldown-cmark splits text at brackets and entities; joining it back lets a figure or a
//! `[..]{.not-figure}` span be seen whole.

use std::ops::Range;

use pulldown_cmark::Event;

/// The events with each run of adjacent text events joined into one. A run is joined into one
/// growing string, so a text split at many brackets costs its length, not its length times
/// the number of pieces.
pub(super) fn merge_text<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> Vec<(Event<'a>, Range<usize>)> {
    let mut merged: Vec<(Event<'a>, Range<usize>)> = Vec::new();
    // The run of texts ending `merged`, once a second text joins its first.
    let mut joined = String::new();
    for (event, range) in events {
        if let (Event::Text(next), Some((Event::Text(prev), prev_range))) =
            (&event, merged.last_mut())
            && prev_range.end == range.start
        {
            if joined.is_empty() {
                joined.push_str(prev);
            }
            joined.push_str(next);
            prev_range.end = range.end;
            continue;
        }
        close_run(&mut merged, &mut joined);
        merged.push((event, range));
    }
    close_run(&mut merged, &mut joined);
    merged
}

/// Puts the joined run in place of its first text.
fn close_run(merged: &mut [(Event<'_>, Range<usize>)], joined: &mut String) {
    if let Some((Event::Text(text), _)) = merged.last_mut()
        && !joined.is_empty()
    {
        *text = std::mem::take(joined).into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn texts(markdown: &str) -> Vec<String> {
        merge_text(Parser::new(markdown).into_offset_iter())
            .into_iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn text_split_at_brackets_is_one_text() {
        assert_eq!(texts("a [b] c ] d\n\n*e* [f"), ["a [b] c ] d", "e", " [f"]);
    }

    #[test]
    fn many_pieces_cost_their_length() {
        // 200,000 pieces: joined by copying the run each time, this took minutes.
        let text = "] x ".repeat(200_000);
        let start = std::time::Instant::now();
        assert_eq!(texts(&text).concat().len(), text.len() - 1);
        assert!(start.elapsed() < std::time::Duration::from_secs(10));
    }
}
