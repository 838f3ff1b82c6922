//! Elisions in a quote: `...`, `…` (folded to `...` by normalisation) and `[...]` leave words
//! out, and both the quote search and the word diff read a quote as the parts between them.

/// Splits a normalised quote at elision marks (`[...]` or a run of three or
/// more dots) into trimmed, non-empty parts.
pub(crate) fn split_elisions(quote: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut part_start = 0;
    let mut i = 0;
    while let Some(rest) = quote.get(i..) {
        let dots = rest.bytes().take_while(|&b| b == b'.').count();
        let mark = if rest.starts_with("[...]") {
            5
        } else if dots >= 3 {
            dots
        } else {
            0
        };
        if mark > 0 || rest.is_empty() {
            parts.push(quote.get(part_start..i).unwrap_or("").trim());
            if rest.is_empty() {
                break;
            }
            i += mark;
            part_start = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}
