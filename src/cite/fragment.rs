//! Links that scroll to and highlight the quoted passage in the source page,
//! using URL text fragments (<https://wicg.github.io/scroll-to-text-fragment/>).

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

/// Quotes longer than this many words are linked by their first and last
/// [`EDGE_WORDS`] words (`textStart,textEnd`), which keeps URLs short and
/// still survives small differences in the middle of the page text.
const MAX_EXACT_WORDS: usize = 10;
const EDGE_WORDS: usize = 5;

/// Builds `url#:~:text=...` for `exact` (original page text, not
/// normalised: the browser matches the page as it is, apart from white
/// space, which is collapsed here).
///
/// Everything but ASCII alphanumerics is percent-encoded, so `-`, `,` and
/// `&` in the quote cannot be mistaken for fragment syntax. An existing
/// `#fragment` on `url` is replaced; an empty `exact` gives the bare URL.
pub fn text_fragment_url(url: &str, exact: &str) -> String {
    let base = url.split_once('#').map_or(url, |(base, _)| base);
    let words: Vec<&str> = exact.split_whitespace().collect();
    let encode =
        |words: &[&str]| utf8_percent_encode(&words.join(" "), NON_ALPHANUMERIC).to_string();
    if words.is_empty() {
        return base.to_owned();
    }
    let directive = match (
        words.get(..EDGE_WORDS),
        words
            .len()
            .checked_sub(EDGE_WORDS)
            .and_then(|i| words.get(i..)),
    ) {
        (Some(start), Some(end)) if words.len() > MAX_EXACT_WORDS => {
            format!("{},{}", encode(start), encode(end))
        }
        _ => encode(&words),
    };
    format!("{base}#:~:text={directive}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_text_fragments() {
        let cases = [
            (
                "https://e.com/a",
                "around 11,000 troops",
                "https://e.com/a#:~:text=around%2011%2C000%20troops",
            ),
            (
                "https://e.com/a#top",
                "a-b & c",
                "https://e.com/a#:~:text=a%2Db%20%26%20c",
            ),
            (
                "https://e.com/a",
                "  line\n wrapped\u{A0}text ",
                "https://e.com/a#:~:text=line%20wrapped%20text",
            ),
            (
                "https://e.com/a",
                "“It’s”",
                "https://e.com/a#:~:text=%E2%80%9CIt%E2%80%99s%E2%80%9D",
            ),
            (
                "https://e.com/a",
                "one two three four five six seven eight nine ten",
                "https://e.com/a#:~:text=one%20two%20three%20four%20five%20six%20seven%20eight%20nine%20ten",
            ),
            (
                "https://e.com/a",
                "one two three four five six seven eight nine ten eleven",
                "https://e.com/a#:~:text=one%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven",
            ),
            ("https://e.com/a#x", " \n", "https://e.com/a"),
        ];
        for (url, exact, want) in cases {
            assert_eq!(text_fragment_url(url, exact), want, "exact {exact:?}");
        }
    }
}
