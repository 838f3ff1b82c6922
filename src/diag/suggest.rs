//! "Did you mean" hints, so a typo costs one glance instead of a trip to the docs.

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A help text ending in a suggestion when there is one.
pub fn hint(word: &str, candidates: &[&str]) -> String {
    match did_you_mean(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_known_word() {
        assert_eq!(
            did_you_mean("titel", ["title", "date", "draft"]),
            Some("title")
        );
        assert_eq!(
            did_you_mean("nysun-pyonyang", ["nysun-pyongyang"]),
            Some("nysun-pyongyang")
        );
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
        assert_eq!(
            hint("zzz", &["title", "date"]),
            "expected one of: title, date"
        );
    }
}
