//! How numbers are read, as a newsroom writes them: a table of news sentences with the figures
//! each must yield (precision and recall must both be 100%), a property that digits, words and
//! scale words give the same value, and the issue's examples from the command line.

pub mod common;

use std::collections::BTreeMap;

use common::{Project, READABLE};
use proptest::prelude::*;
use site::text::figures::{self, Figure, FigureKind, Value};

const SENTENCES: &str = include_str!("fixtures/news-sentences.txt");

/// A figure as the table writes it: `text=value`, the value with its currency before and `%`
/// after, a range as `low..high`.
fn written(f: &Figure) -> String {
    let value = match &f.value {
        Value::One(n) => n.to_string(),
        Value::Range(a, b) => format!("{a}..{b}"),
    };
    let currency = f.currency.map(String::from).unwrap_or_default();
    let percent = if f.percent { "%" } else { "" };
    format!("{}={currency}{value}{percent}", f.text)
}

/// The figures of a sentence: its quantities (times, dates, phones... are not figures).
fn figures_of(sentence: &str) -> Vec<String> {
    figures::extract(sentence)
        .iter()
        .filter(|f| f.kind == FigureKind::Quantity)
        .map(written)
        .collect()
}

#[test]
fn news_sentences_yield_exactly_their_figures() {
    let mut rows = 0;
    let (mut found, mut wanted, mut right) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for line in SENTENCES.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (sentence, expected) = line
            .split_once("||")
            .unwrap_or_else(|| panic!("a table row needs `||`: {line}"));
        rows += 1;
        let expected: Vec<String> = expected
            .split(';')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(String::from)
            .collect();
        let got = figures_of(sentence.trim());
        let mut pool: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &expected {
            *pool.entry(e.as_str()).or_default() += 1;
        }
        let mut hits = 0;
        for g in &got {
            if let Some(n) = pool.get_mut(g.as_str()).filter(|n| **n > 0) {
                *n -= 1;
                hits += 1;
            }
        }
        found += got.len();
        wanted += expected.len();
        right += hits;
        if hits != got.len() || hits != expected.len() {
            misses.push(format!(
                "{}\n    expected {expected:?}\n    read     {got:?}",
                sentence.trim()
            ));
        }
    }
    let precision = right as f64 / found.max(1) as f64;
    let recall = right as f64 / wanted.max(1) as f64;
    println!(
        "{rows} sentences, {wanted} figures expected, {found} read, {right} right: \
         precision {:.2}%, recall {:.2}%",
        precision * 100.0,
        recall * 100.0
    );
    assert!(rows >= 300, "the table has only {rows} sentences");
    assert!(
        misses.is_empty(),
        "precision {:.2}%, recall {:.2}%; {} sentences read wrong:\n{}",
        precision * 100.0,
        recall * 100.0,
        misses.len(),
        misses.join("\n")
    );
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// 0..=999 in words, tens and units joined by `joint` ("-" or " "), British "and" optional.
fn small_words(n: u64, joint: &str, and: bool) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let rest_words = match rest {
        0 => String::new(),
        1..=19 => UNITS[rest as usize].to_string(),
        _ if rest.is_multiple_of(10) => TENS[(rest / 10) as usize].to_string(),
        _ => format!(
            "{}{joint}{}",
            TENS[(rest / 10) as usize],
            UNITS[(rest % 10) as usize]
        ),
    };
    match (hundreds, rest) {
        (0, _) => rest_words,
        (h, 0) => format!("{} hundred", UNITS[h as usize]),
        (h, _) if and => format!("{} hundred and {rest_words}", UNITS[h as usize]),
        (h, _) => format!("{} hundred {rest_words}", UNITS[h as usize]),
    }
}

/// Any n below a trillion in words: "two million three hundred and five thousand".
fn words(n: u64, joint: &str, and: bool) -> String {
    if n == 0 {
        return "zero".to_string();
    }
    let mut parts = Vec::new();
    for (size, name) in [
        (1_000_000_000, " billion"),
        (1_000_000, " million"),
        (1_000, " thousand"),
        (1, ""),
    ] {
        let chunk = (n / size) % 1000;
        if chunk > 0 {
            parts.push(format!("{}{name}", small_words(chunk, joint, and)));
        }
    }
    parts.join(" ")
}

/// `1234567` as "1,234,567".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `12345678` as "1,23,45,678".
fn indian(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 3 {
        return digits;
    }
    let (head, last) = digits.split_at(digits.len() - 3);
    let mut groups = Vec::new();
    let mut rest = head;
    while rest.len() > 2 {
        let (a, b) = rest.split_at(rest.len() - 2);
        groups.push(b);
        rest = a;
    }
    groups.push(rest);
    groups.reverse();
    format!("{},{last}", groups.join(","))
}

/// The one value read in a sentence around `form`.
fn value_of(form: &str) -> Result<(Value, bool), String> {
    let sentence = format!("Officials counted {form} cases, the report said.");
    match figures::extract(&sentence).as_slice() {
        [one] if one.kind == FigureKind::Quantity => Ok((one.value.clone(), one.percent)),
        other => Err(format!("{sentence:?} gave {other:?}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn digits_words_and_scales_give_one_value(n in 0u64..1_000_000_000_000, hyphen in any::<bool>(), and in any::<bool>()) {
        let (digits, _) = value_of(&n.to_string()).map_err(TestCaseError::fail)?;
        let joint = if hyphen { "-" } else { " " };
        let mut forms = vec![grouped(n), indian(n), words(n, joint, and)];
        let arabic: String = n
            .to_string()
            .chars()
            .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
            .collect();
        forms.push(arabic);
        for (size, long, short) in [(1_000_000_000u64, "billion", "bn"), (1_000_000, "million", "M"), (1_000, "thousand", "k")] {
            if n >= size && n.is_multiple_of(size / 10) {
                let whole = n / size;
                let tenths = (n % size) / (size / 10);
                let number = if tenths == 0 { whole.to_string() } else { format!("{whole}.{tenths}") };
                forms.push(format!("{number} {long}"));
                forms.push(format!("{number}{short}"));
                if tenths == 0 && whole < 1000 {
                    forms.push(format!("{} {long}", words(whole, joint, and)));
                }
                break;
            }
        }
        for form in &forms {
            let (value, _) = value_of(form).map_err(TestCaseError::fail)?;
            prop_assert_eq!(&value, &digits, "{} read differently from {}", form, n);
        }
    }

    #[test]
    fn percent_in_words_is_percent_in_digits(n in 0u64..100) {
        let (digits, _) = value_of(&format!("{n}%")).map_err(TestCaseError::fail)?;
        for form in [format!("{} percent", words(n, "-", false)), format!("{n} per cent"), format!("{n} percent")] {
            let (value, percent) = value_of(&form).map_err(TestCaseError::fail)?;
            prop_assert!(percent, "{} is not a percentage", form);
            prop_assert_eq!(&value, &digits);
        }
    }
}

const BUDGET: &str = "\
---
title: City budget story
publisher: The Daily Example
url: https://example.com/budget
---
Property taxes will rise by 2 to 3 percent next year, the budget office said.

Spending grew from $46 million to $58 million over the decade.

Repairs will cost $850,000 to $900,000. Temperatures fell to -5 degrees.

The council met at 7:30 p.m. in Room 204 at 100 Main St. and voted 7-2 on the 2026-27 budget. Call 555-0142.

Officials said around 11,000 residents applied, and nearly 2,000 were approved.

Clerks counted ٩٩٩ forms.
";

/// A one-page project citing the budget story; `body` follows the front matter.
fn story(body: &str) -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/budget.md", BUDGET),
        (
            "content/index.md",
            &format!("---\ntitle: Home\nsources: [budget]\n---\n{body}"),
        ),
    ])
}

#[test]
fn a_number_in_words_that_the_quote_lacks_fails_strict_check() {
    let p = story(
        "Taxes will rise [four percent][tax].\n\n\
         [tax]: budget \"rise by 2 to 3 percent\"\n",
    );
    p.run(&["check", "--strict"]).assert_fails(
        1,
        &[
            "error[figure-not-in-quote]: the figure \"four percent\" (4%) is not in the quote; \
           the quote has \"2 to 3 percent\" (2%–3%)",
        ],
    );
}

#[test]
fn a_range_cites_its_own_quote_and_a_single_end_does_not() {
    for good in [
        "[2 to 3 percent][tax]",
        "[2–3%][tax]",
        "[two to three percent][tax]",
    ] {
        let p = story(&format!(
            "Taxes will rise {good}.\n\n[tax]: budget \"rise by 2 to 3 percent\"\n"
        ));
        p.run(&["check", "--strict"]).assert_success();
    }
    let p =
        story("Taxes will rise [3 percent][tax].\n\n[tax]: budget \"rise by 2 to 3 percent\"\n");
    p.run(&["check", "--strict"])
        .assert_fails(1, &["the figure \"3 percent\" (3%) is not in the quote"]);
    let p =
        story("Repairs: [$850k][r].\n\n[r]: budget \"Repairs will cost $850,000 to $900,000\"\n");
    p.run(&["check", "--strict"]).assert_fails(
        1,
        &[
            "the figure \"$850k\" ($850,000) is not in the quote; the quote has \
           \"$850,000 to $900,000\" ($850,000–$900,000)",
        ],
    );
    let p = story(
        "Repairs: [$850k to $900k][r].\n\n[r]: budget \"Repairs will cost $850,000 to $900,000\"\n",
    );
    p.run(&["check", "--strict"]).assert_success();
}

#[test]
fn a_change_from_x_to_y_is_two_citable_figures() {
    let p = story(
        "Spending was [$46 million][s] and is now [$58 million][s].\n\n\
         [s]: budget \"Spending grew from $46 million to $58 million\"\n",
    );
    p.run(&["check", "--strict"]).assert_success();
}

#[test]
fn signs_must_agree() {
    let p =
        story("It fell to [-5 degrees][t].\n\n[t]: budget \"Temperatures fell to -5 degrees\"\n");
    p.run(&["check", "--strict"]).assert_success();
    let p =
        story("It rose to [5 degrees][t].\n\n[t]: budget \"Temperatures fell to -5 degrees\"\n");
    p.run(&["check", "--strict"])
        .assert_fails(1, &["the figure 5 is not in the quote; the quote has -5"]);
}

#[test]
fn times_places_tallies_and_phones_are_not_flagged_under_strict() {
    let p = story(
        "The council met at 7:30 p.m. in Room 204 at 100 Main St., on Route 9, under Section 8. \
         It voted 7-2, the score was 24-17, for the 2026-27 season, FY2026. Call 555-0142. \
         Version 1.2.3 shipped on Nov. 30, 2026.\n",
    );
    p.run(&["check", "--strict"]).assert_success();
}

#[test]
fn numbers_in_words_and_other_scripts_in_prose_are_uncited_figures() {
    for (prose, figure) in [
        ("The council hired four clerks.", "four"),
        ("Clerks counted ٩٩٩ forms.", "٩٩٩"),
        ("Clerks counted ９９９ forms.", "９９９"),
        ("The fund fell by minus 5 points.", "minus 5"),
    ] {
        let p = story(&format!("{prose}\n"));
        p.run(&["check", "--strict"]).assert_fails(
            1,
            &[&format!(
                "warning[uncited-figure]: the figure {figure} is not cited"
            )],
        );
    }
    let p = story("Clerks counted [٩٩٩ forms][f].\n\n[f]: budget \"Clerks counted ٩٩٩ forms\"\n");
    p.run(&["check", "--strict"]).assert_success();
    let p = story("Clerks counted [999 forms][f].\n\n[f]: budget \"Clerks counted ٩٩٩ forms\"\n");
    p.run(&["check", "--strict"]).assert_success();
}

#[test]
fn a_dropped_hedge_warns_and_fails_under_strict() {
    let body = "Officials said [11,000 residents][a] applied.\n\n\
                [a]: budget \"around 11,000 residents applied\"\n";
    let p = story(body);
    let out = p.run(&["check"]);
    out.assert_success();
    out.assert_stderr(&[
        "warning[figure-hedge-dropped]: the quote says \"around 11,000\"; the text states it as exact",
        "= help: keep the quote's qualifier",
    ]);
    p.run(&["check", "--strict"])
        .assert_fails(1, &["figure-hedge-dropped"]);
    for kept in [
        "About [11,000 residents][a]",
        "[about 11,000 residents][a]",
        "[roughly 11,000][a]",
    ] {
        let p = story(&format!(
            "Officials said {kept} applied.\n\n[a]: budget \"around 11,000 residents applied\"\n"
        ));
        p.run(&["check", "--strict"]).assert_success();
    }
}

#[test]
fn an_opposite_hedge_is_an_error() {
    let p = story(
        "The city approved [more than 2,000][a].\n\n\
         [a]: budget \"nearly 2,000 were approved\"\n",
    );
    p.run(&["check"]).assert_fails(
        1,
        &["error[figure-hedge-contradicted]: the quote says \"nearly 2,000\"; the text says \"more than 2,000\""],
    );
}

#[test]
fn a_chart_takes_a_range_written_in_words() {
    let p = story(
        "Taxes will rise [2 to 3 percent][tax].\n\n\
         ```chart\n\
         type: ranges\n\
         title: Tax rise\n\
         unit: percent\n\
         items:\n  \
           - label: Property tax\n    value: 2 to 3 percent\n    cite: tax\n\
         ```\n\n\
         [tax]: budget \"rise by 2 to 3 percent\"\n",
    );
    p.build(&["--strict"]).assert_success();
}

#[test]
fn a_chart_refuses_a_figure_below_zero() {
    let p = story(
        "It fell to [-5 degrees][t].\n\n\
         ```chart\n\
         type: bars\n\
         title: Temperature\n\
         unit: degrees\n\
         items:\n  \
           - label: Low\n    value: -5\n    cite: t\n\
         ```\n\n\
         [t]: budget \"Temperatures fell to -5 degrees\"\n",
    );
    p.build(&[]).assert_fails(
        1,
        &["error[chart-value]: -5 is below zero, and charts draw figures from zero up"],
    );
}

#[test]
fn a_derived_figure_from_hedged_inputs_keeps_a_hedge() {
    let defs = "[a]: budget \"around 11,000 residents applied\"\n\
                [b]: budget \"nearly 2,000 were approved\"\n";
    let p = story(&format!(
        "Applicants: [about 11,000][a]; approved: [nearly 2,000][b]. \
         Together [13,000](= \"a + b\").\n\n{defs}"
    ));
    let out = p.run(&["check"]);
    out.assert_success();
    out.assert_stderr(&[
        "warning[figure-hedge-dropped]: the quote says \"around 11,000\"; the text states it as exact",
    ]);
    let p = story(&format!(
        "Applicants: [about 11,000][a]; approved: [nearly 2,000][b]. \
         Together [about 13,000](= \"a + b\").\n\n{defs}"
    ));
    p.run(&["check", "--strict"]).assert_success();
}
