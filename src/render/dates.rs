//! Dates as readers see them: the `format_date` template filter.
//!
//! Front matter and sources keep dates in ISO 8601, and so do JSON-LD and the feeds, which
//! machines read. Only the words on the page follow `date_format:` and `language:` in
//! `site.yaml`, so the spelling lives here rather than in every theme.

use crate::load::config::DateStyle;

/// The languages with month names, by primary subtag (`en-GB` is `en`).
const MONTHS: &[(&str, [&str; 12])] = &[
    (
        "en",
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    ),
    (
        "fr",
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
    ),
    (
        "de",
        [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    ),
    (
        "es",
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
    ),
];

/// AP abbreviates only the months longer than five letters, and September as "Sept.".
const AP_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

/// Abbreviated month names of the other languages, as their newsrooms write them.
const SHORT_MONTHS: &[(&str, [&str; 12])] = &[
    (
        "fr",
        [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
    ),
    (
        "de",
        [
            "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
            "Dez.",
        ],
    ),
    (
        "es",
        [
            "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
            "nov.", "dic.",
        ],
    ),
];

fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

fn months(
    table: &'static [(&str, [&str; 12])],
    language: &str,
) -> Option<&'static [&'static str; 12]> {
    let lang = primary(language);
    table.iter().find(|(l, _)| *l == lang).map(|(_, m)| m)
}

/// `2026-11-30` (or the date part of `2026-11-30T08:00:00Z`) as year, month and day.
fn ymd(iso: &str) -> Option<(&str, usize, u32)> {
    let date = iso.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: usize = m.parse().ok()?;
    let day: u32 = d.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((y, month, day))
}

/// The date as readers of `language` write it in `style`; a value that is not an ISO date is
/// returned as it is, so a theme never shows less than the author wrote.
pub(crate) fn format(iso: &str, style: DateStyle, language: &str) -> String {
    let Some((year, month, day)) = ymd(iso) else {
        return iso.to_string();
    };
    let lang = primary(language);
    let long = months(MONTHS, language);
    match (style, long) {
        (DateStyle::Iso, _) | (_, None) => iso.get(..10).unwrap_or(iso).to_string(),
        (DateStyle::Ap, Some(_)) if lang == "en" => {
            format!("{} {day}, {year}", AP_MONTHS[month - 1])
        }
        (DateStyle::Ap, Some(names)) => {
            let name = months(SHORT_MONTHS, language).unwrap_or(names)[month - 1];
            in_order(&lang, day, name, year)
        }
        (DateStyle::Long, Some(names)) => in_order(&lang, day, names[month - 1], year),
    }
}

fn in_order(lang: &str, day: u32, month: &str, year: &str) -> String {
    match lang {
        "de" => format!("{day}. {month} {year}"),
        "es" => format!("{day} de {month} de {year}"),
        _ => format!("{day} {month} {year}"),
    }
}

/// The Tera filter: `{{ page.date | format_date(style=site.date_format, lang=site.language) }}`.
/// Both arguments are optional (`long`, `en`).
pub(crate) fn filter(
    value: &str,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    let style = match kwargs.get::<&str>("style")? {
        None => DateStyle::Long,
        Some(name) => DateStyle::parse(name).ok_or_else(|| {
            tera::Error::message(format!(
                "format_date: unknown style `{name}`; use long, ap or iso"
            ))
        })?,
    };
    let lang = kwargs.get::<&str>("lang")?.unwrap_or("en");
    Ok(format(value, style, lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ap_style_abbreviates_long_months_only() {
        assert_eq!(format("2026-11-30", DateStyle::Ap, "en"), "Nov. 30, 2026");
        assert_eq!(
            format("2026-09-01", DateStyle::Ap, "en-US"),
            "Sept. 1, 2026"
        );
        assert_eq!(format("2026-03-05", DateStyle::Ap, "en"), "March 5, 2026");
        assert_eq!(
            format("2026-11-30T08:00:00Z", DateStyle::Ap, "en"),
            "Nov. 30, 2026"
        );
    }

    #[test]
    fn long_style_follows_the_language() {
        assert_eq!(
            format("2026-11-30", DateStyle::Long, "en"),
            "30 November 2026"
        );
        assert_eq!(
            format("2026-02-01", DateStyle::Long, "fr"),
            "1 février 2026"
        );
        assert_eq!(
            format("2026-03-01", DateStyle::Long, "de-AT"),
            "1. März 2026"
        );
        assert_eq!(
            format("2026-11-30", DateStyle::Long, "es"),
            "30 de noviembre de 2026"
        );
        assert_eq!(format("2026-11-30", DateStyle::Ap, "fr"), "30 nov. 2026");
    }

    #[test]
    fn unknown_languages_and_iso_style_give_the_iso_date() {
        assert_eq!(format("2026-11-30", DateStyle::Long, "ko"), "2026-11-30");
        assert_eq!(
            format("2026-11-30T08:00:00Z", DateStyle::Iso, "en"),
            "2026-11-30"
        );
    }

    #[test]
    fn text_that_is_not_a_date_is_kept() {
        assert_eq!(format("autumn 2026", DateStyle::Ap, "en"), "autumn 2026");
        assert_eq!(format("2026-13-01", DateStyle::Ap, "en"), "2026-13-01");
        assert_eq!(format("", DateStyle::Long, "en"), "");
    }
}
