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

/// Keys other generators spell differently, with the key they mean here, so a Zola or Hugo
/// habit gets the right name even when the spelling is far from ours.
const FOREIGN_KEYS: &[(&str, &str, &str)] = &[
    ("baseURL", "base_url", "Hugo"),
    ("baseurl", "base_url", "Hugo"),
    ("baseUrl", "base_url", "Hugo"),
    ("languageCode", "language", "Hugo"),
    ("default_language", "language", "Zola"),
    ("drafts", "draft", "Hugo"),
    ("lastmod", "updated", "Hugo"),
    ("summary", "description", "Hugo"),
];

/// Keys that are command-line flags here rather than settings.
const FOREIGN_FLAGS: &[(&str, &str)] = &[
    (
        "draft",
        "drafts are built with `--drafts` (`-D`) on the command line",
    ),
    (
        "drafts",
        "drafts are built with `--drafts` (`-D`) on the command line",
    ),
    (
        "buildDrafts",
        "drafts are built with `--drafts` (`-D`) on the command line",
    ),
    (
        "publishDir",
        "the output folder is `--output` (`-o`) on the command line",
    ),
    (
        "output_dir",
        "the output folder is `--output` (`-o`) on the command line",
    ),
];

/// A help text ending in a suggestion when there is one.
pub fn hint(word: &str, candidates: &[&str]) -> String {
    if let Some((_, ours, tool)) = FOREIGN_KEYS
        .iter()
        .find(|(theirs, ours, _)| *theirs == word && candidates.contains(ours))
    {
        return format!("did you mean `{ours}`? (`{word}` is {tool}'s spelling)");
    }
    if let Some((_, flag)) = FOREIGN_FLAGS
        .iter()
        .find(|(theirs, _)| *theirs == word && !candidates.contains(theirs))
    {
        return format!("{flag}; remove `{word}` here");
    }
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
    fn knows_zola_and_hugo_spellings() {
        let config = ["title", "base_url", "language"];
        assert_eq!(
            hint("baseURL", &config),
            "did you mean `base_url`? (`baseURL` is Hugo's spelling)"
        );
        assert!(hint("baseurl", &config).starts_with("did you mean `base_url`?"));
        assert!(hint("languageCode", &config).starts_with("did you mean `language`?"));
        assert!(hint("draft", &config).contains("`--drafts` (`-D`)"));
        assert!(hint("drafts", &["title", "draft"]).starts_with("did you mean `draft`?"));
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
