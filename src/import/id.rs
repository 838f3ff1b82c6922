//! A source's id from its publisher and title: readable in a citation (`new-york-sun-what-
//! pyongyang-hopes-to-gain`), the same on every import of the same article, and safe as a file
//! name and a URL segment.

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// Words of the publisher's name that the id keeps.
const PUBLISHER_WORDS: usize = 3;
/// Words of the title that the id keeps.
const TITLE_WORDS: usize = 6;

/// `publisher-title` in lower case, accents folded, at most three words of the publisher (less
/// a leading "The") and six of the title.
pub(crate) fn derive(publisher: &str, title: &str) -> String {
    let mut publisher = words(publisher);
    if publisher.first().is_some_and(|w| w == "the") && publisher.len() > 1 {
        publisher.remove(0);
    }
    publisher.truncate(PUBLISHER_WORDS);
    let mut title = words(title);
    title.truncate(TITLE_WORDS);
    let id = publisher
        .into_iter()
        .chain(title)
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() { "source".into() } else { id }
}

/// Whether `id` can name a source: letters, digits, `-` and `_`, as the build requires.
pub(crate) fn is_valid(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The words of `text`, lower case, accents folded; letters of other scripts are kept.
fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publisher_and_title_make_a_readable_id() {
        assert_eq!(
            derive(
                "The New York Sun",
                "What Pyongyang Hopes To Gain From Sending Troops"
            ),
            "new-york-sun-what-pyongyang-hopes-to-gain-from"
        );
    }

    #[test]
    fn accents_fold_and_punctuation_goes() {
        assert_eq!(
            derive("Der Täglicher Bote", "Brücken über die Elbe: 12 Millionen"),
            "der-taglicher-bote-brucken-uber-die-elbe-12-millionen"
        );
        assert!(is_valid(&derive("Газета", "Новости дня")));
    }

    #[test]
    fn the_same_article_gets_the_same_id() {
        assert_eq!(derive("A", "B c"), derive("A", "B   c!"));
        assert_eq!(derive("", "!!"), "source");
    }

    #[test]
    fn ids_are_checked_like_the_build_does() {
        assert!(is_valid("nysun-pyongyang"));
        assert!(!is_valid("../x"));
        assert!(!is_valid(""));
        assert!(!is_valid("a b"));
    }
}
