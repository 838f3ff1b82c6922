//! The extractor on every form, and the checks built on it.

use super::*;
use proptest::prelude::*;

const ARTICLE: &str = include_str!("../../cite/testdata/article.txt");

/// "text=value" (value "a..b" for ranges) plus markers for the rest.
fn show(f: &Figure) -> String {
    let value = match &f.value {
        Value::One(n) => n.to_string(),
        Value::Range(a, b) => format!("{a}..{b}"),
    };
    let currency = f.currency.map(String::from).unwrap_or_default();
    let percent = if f.percent { "%" } else { "" };
    let kind = match f.kind {
        FigureKind::Quantity => "",
        FigureKind::Year => " year",
        FigureKind::Ordinal => " ordinal",
        FigureKind::Date => " date",
        FigureKind::Time => " time",
        FigureKind::Phone => " phone",
        FigureKind::Address => " address",
        FigureKind::Tally => " tally",
        FigureKind::Label => " label",
        FigureKind::Version => " version",
    };
    format!("{}={currency}{value}{percent}{kind}", f.text)
}

fn shown(text: &str) -> Vec<String> {
    extract(text).iter().map(show).collect()
}

/// Each text and the figures read from it, shown as `text=value`.
const EVERY_FORM: &[(&str, &[&str])] = &[
    ("11,000 troops", &["11,000=11000"]),
    ("1,200,000 and 1,100", &["1,200,000=1200000", "1,100=1100"]),
    ("1,2 or 3234,567", &["1=1", "2=2", "3234=3234", "567=567"]),
    (
        "1.2 and 1.20 and 0.050 and 007",
        &["1.2=1.2", "1.20=1.2", "0.050=0.05", "007=7"],
    ),
    (
        "1.2 million, 12 million",
        &["1.2 million=1200000", "12 million=12000000"],
    ),
    (
        "2.5 thousand 3\u{A0}billion 1.5 trillion",
        &[
            "2.5 thousand=2500",
            "3\u{A0}billion=3000000000",
            "1.5 trillion=1500000000000",
        ],
    ),
    ("5 millions 5 mill", &["5=5", "5=5"]),
    (
        "$2,000 €3.50 £1 US$4",
        &["$2,000=$2000", "€3.50=€3.5", "£1=£1", "$4=$4"],
    ),
    (
        "5% 6 % 7 percent 8 per cent 9 percentage",
        &["5%=5%", "6 %=6%", "7 percent=7%", "8 per cent=8%", "9=9"],
    ),
    (
        "25,000–30,000 25,000-30,000 1 — 2",
        &[
            "25,000–30,000=25000..30000",
            "25,000-30,000=25000..30000",
            "1 — 2=1..2",
        ],
    ),
    ("$1–2 million", &["$1–2 million=$1000000..2000000"]),
    (
        "$1 million–$2 million",
        &["$1 million–$2 million=$1000000..2000000"],
    ),
    ("5–10%", &["5–10%=5..10%"]),
    ("1,000—or 30,000 a month", &["1,000=1000", "30,000=30000"]),
    (
        "170-millimeter and 240‑millimeter",
        &["170-millimeter=170", "240‑millimeter=240"],
    ),
    ("B-52 F16 Kim2 COVID-19 mp3 1.2.3", &["1.2.3=123 version"]),
    ("-5 and −6", &["-5=-5", "−6=-6"]),
    ("10km 3D", &["10km=10", "3D=3"]),
    (
        "in 2024, the 1950s, 999 or 2200 or 2,024",
        &[
            "2024=2024 year",
            "1950s=1950 year",
            "999=999",
            "2200=2200",
            "2,024=2024",
        ],
    ),
    (
        "1st 2nd 3rd 4th 21st 101st",
        &[
            "1st=1 ordinal",
            "2nd=2 ordinal",
            "3rd=3 ordinal",
            "4th=4 ordinal",
            "21st=21 ordinal",
            "101st=101 ordinal",
        ],
    ),
    ("March 6, 2024", &["6=6 date", "2024=2024 year"]),
    (
        "6 March, Sept. 3, 4th July, 32 May, may 5",
        &["6=6 date", "3=3 date", "4th=4 date", "32=32", "5=5"],
    ),
    ("a 10.5-year low", &["10.5-year=10.5"]),
    ("", &[]),
];

#[test]
fn extracts_every_form() {
    for (text, want) in EVERY_FORM {
        assert_eq!(shown(text), *want, "text {text:?}");
    }
}

#[test]
fn ranges_point_into_the_input() {
    let text = "paid “$2,000” — then 1.2 million";
    for f in extract(text) {
        assert_eq!(&text[f.range.clone()], f.text);
    }
}

#[test]
fn article_figures() {
    let figures: Vec<String> = extract(ARTICLE)
        .iter()
        .filter(|f| f.kind == FigureKind::Quantity)
        .map(|f| f.text.clone())
        .collect();
    assert_eq!(
        figures,
        [
            "11,000",
            "1.2 million",
            "half",
            "50",
            "25 million",
            "$2,000",
            "610,000",
            "25,000–30,000",
            "1,000",
            "30,000",
            "170-millimeter",
            "240-millimeter",
            "100,000"
        ]
    );
}

#[test]
fn check_accepts_backed_figures() {
    let cases: &[(&str, &str, usize)] = &[
        ("11,000 troops", "around 11,000 troops were assessed", 1),
        ("$2,000 a month", "paying nearly $2,000 a month", 1),
        ("2,000 dollars", "paying nearly $2,000 a month", 1),
        ("1.2 million soldiers", "North Korea’s 1,200,000 troops", 1),
        (
            "25,000-30,000 recruits",
            "recruiting 25,000–30,000 new soldiers",
            1,
        ),
        ("1,000 a day", "rate of 1,000—or 30,000 a month", 1),
        ("5 percent", "up 5%", 1),
        ("on March 6", "in 2024 (6 March)", 1),
        ("a claim", "any quote 12", 0),
    ];
    for (link, quote, n) in cases {
        match check(link, quote) {
            Ok(figs) => assert_eq!(figs.len(), *n, "{link:?}"),
            Err(e) => panic!("{link:?} vs {quote:?}: {}", e.message()),
        }
    }
}

/// A figure, the quote it is said to be in, and the message of the check that refuses it.
const FALSE_FRIENDS: &[(&str, &str, &str)] = &[
    (
        "1,100 troops",
        "around 11,000 troops",
        "the figure 1,100 is not in the quote; the quote has 11,000",
    ),
    (
        "12 million",
        "its 1.2 million troops",
        "the figure \"12 million\" (12,000,000) is not in the quote; the quote has \"1.2 million\" (1,200,000)",
    ),
    (
        "25,000 recruits",
        "recruiting 25,000–30,000",
        "the figure 25,000 is not in the quote; the quote has 25,000–30,000",
    ),
    (
        "1,000–30,000",
        "1,000—or 30,000 a month",
        "the figure 1,000–30,000 is not in the quote; the quote has 1,000, 30,000",
    ),
    (
        "€2,000",
        "nearly $2,000",
        "the figure €2,000 is in the quote only as $2,000",
    ),
    (
        "5%",
        "5 soldiers",
        "the figure 5% is in the quote only as 5",
    ),
    (
        "in 2023",
        "in 2024",
        "the figure 2023 is not in the quote; the quote has 2024",
    ),
    (
        "1,100 troops",
        "in 2024 some 11,000 troops arrived on Nov. 3",
        "the figure 1,100 is not in the quote; the quote has 11,000",
    ),
    (
        "in 2023",
        "in 2024 some 11,000 troops",
        "the figure 2023 is not in the quote; the quote has 2024",
    ),
    (
        "four percent",
        "rise by 2 to 3 percent",
        "the figure \"four percent\" (4%) is not in the quote; the quote has \"2 to 3 percent\" (2%–3%)",
    ),
    (
        "2 to 3 percent",
        "rise by 2-3 points",
        "the figure \"2 to 3 percent\" (2%–3%) is in the quote only as \"2-3\" (2–3)",
    ),
    (
        "$850k",
        "$850,000 to $900,000",
        "the figure \"$850k\" ($850,000) is not in the quote; the quote has \"$850,000 to $900,000\" ($850,000–$900,000)",
    ),
    (
        "rose 5%",
        "a change of -5%",
        "the figure 5% is not in the quote; the quote has -5%",
    ),
    (
        "at 7:45",
        "7:30 p.m.",
        "the figure \"7:45\" (a clock time) is not in the quote; the quote has \"7:30 p.m.\" (a clock time)",
    ),
    (
        "730 people",
        "7:30 p.m.",
        "the figure 730 is not in the quote; the quote has \"7:30 p.m.\" (a clock time)",
    ),
    (
        "11,000",
        "many troops",
        "the figure 11,000 is not in the quote; the quote has no figures",
    ),
];

#[test]
fn check_rejects_false_friends() {
    for &(link, quote, message) in FALSE_FRIENDS {
        let err = check(link, quote).unwrap_err();
        assert_eq!(err.message(), message);
    }
}

#[test]
fn marks_cited_figures() {
    let quote = "recruiting 25,000–30,000 a month, a rate of 1,000—or 30,000 a month";
    let cited = extract("30,000 and 25,000-30,000");
    let marked: Vec<&str> = mark(quote, &cited).into_iter().map(|r| &quote[r]).collect();
    assert_eq!(marked, ["25,000–30,000", "30,000"]);
    assert!(mark(quote, &[]).is_empty());
}

proptest! {
    #[test]
    fn changing_a_digit_breaks_the_check(pick in 0usize..100, pos in 0usize..100, digit in 0u8..10) {
        let quote = "estimate that Russia is recruiting 25,000–30,000 new soldiers a month, \
            barely keeping pace with the reported daily casualty rate of 1,000—or 30,000 a month, \
            paying nearly $2,000 a month to 1.2 million troops";
        let figures = extract(quote);
        let figure = &figures[pick % figures.len()];
        prop_assert!(check(&figure.text, quote).is_ok());
        let digits: Vec<usize> = figure.text.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
        let at = digits[pos % digits.len()];
        let new = char::from(b'0' + digit);
        prop_assume!(!figure.text[at..].starts_with(new));
        let mut changed = figure.text.clone();
        changed.replace_range(at..at + 1, &new.to_string());
        let changed_values: Vec<Value> = extract(&changed).into_iter().map(|f| f.value).collect();
        prop_assume!(!figures.iter().any(|f| changed_values.contains(&f.value)));
        prop_assert!(check(&changed, quote).is_err(), "{} passed", changed);
    }

    #[test]
    fn extract_never_panics(s in any::<String>(), t in "[0-9a-z ,.%$€–—:/()'#×^⁹٠-٩-]{0,30}|((one|two|half|a|of|to|and|from|rose|between|thousand|million|percent|[0-9]+|[-–.,:/]) ?){0,12}") {
        for text in [&s, &t] {
            let mut last_end = 0;
            for f in extract(text) {
                prop_assert_eq!(&text[f.range.clone()], &f.text);
                prop_assert!(f.range.start >= last_end, "figures overlap in {:?}", text);
                last_end = f.range.end;
            }
            let _ = check(text, &t);
            let _ = mark(text, &extract(&t));
        }
    }
}

/// Numbers in words, ranges and signs as newsrooms write them.
const NEWSROOM_FORMS: &[(&str, &[&str])] = &[
    ("four percent", &["four percent=4%"]),
    ("Four per cent", &["Four per cent=4%"]),
    (
        "twenty-one and ninety nine",
        &["twenty-one=21", "ninety nine=99"],
    ),
    (
        "three hundred and five, two million",
        &["three hundred and five=305", "two million=2000000"],
    ),
    (
        "a million, a dozen, half a million, two dozen",
        &[
            "a million=1000000",
            "a dozen=12",
            "half a million=500000",
            "two dozen=24",
        ],
    ),
    (
        "half of voters, a third of them, two-thirds, three quarters",
        &[
            "half=0.5",
            "a third=1/3",
            "two-thirds=2/3",
            "three quarters=0.75",
        ],
    ),
    (
        "one of the victims, no one, someone, a one-off, this one",
        &[],
    ),
    ("the first half, a third term, the third quarter", &[]),
    (
        "dozens, hundreds, thousands of people, tens of thousands",
        &[],
    ),
    ("one person", &["one=1"]),
    (
        "-5, −5 and minus 5, minus five",
        &["-5=-5", "−5=-5", "minus 5=-5", "minus five=-5"],
    ),
    ("fell to -3.5%", &["-3.5%=-3.5%"]),
    (
        "$850k $1.2m $3bn 1.2M 5m",
        &[
            "$850k=$850000",
            "$1.2m=$1200000",
            "$3bn=$3000000000",
            "1.2M=1200000",
            "5m=5",
        ],
    ),
    ("1,00,000 and 1e9", &["1,00,000=100000", "1e9=1000000000"]),
    ("1.5×10⁹ stars", &["1.5×10⁹=1500000000"]),
    (
        "٩٩٩ and ９９９ and ९९९",
        &["٩٩٩=999", "９９９=999", "९९९=999"],
    ),
    ("rise by 2 to 3 percent", &["2 to 3 percent=2..3%"]),
    ("$1 to $2 million", &["$1 to $2 million=$1000000..2000000"]),
    ("1,200 to 1,500 troops", &["1,200 to 1,500=1200..1500"]),
    ("between 5 and 10 people", &["5 and 10=5..10"]),
    (
        "$850,000 to $900,000",
        &["$850,000 to $900,000=$850000..900000"],
    ),
    (
        "from 900 to 1.2 million",
        &["900 to 1.2 million=900..1200000"],
    ),
    ("temperatures from 5 to 10 degrees", &["5 to 10=5..10"]),
    (
        "grew from $46 million to $58 million",
        &["$46 million=$46000000", "$58 million=$58000000"],
    ),
    ("two to three percent", &["two to three percent=2..3%"]),
    (
        "between 2020 and 2024, 2019–2023",
        &["2020 and 2024=2020..2024 year", "2019–2023=2019..2023 year"],
    ),
    ("-$5 million, to -3", &["-$5 million=$-5000000", "-3=-3"]),
    (
        "one to two million",
        &["one to two million=1000000..2000000"],
    ),
];

#[test]
fn reads_newsroom_forms() {
    for (text, want) in NEWSROOM_FORMS {
        assert_eq!(shown(text), *want, "text {text:?}");
    }
}

/// A not-figure rule's name, texts it applies to, and near misses.
type Row = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static [&'static str])],
);

/// One row per not-figure rule: texts where it must apply (the figure read and its kind) and
/// near misses where it must not.
const NOT_FIGURE_TABLE: &[Row] = &[
    (
        "version",
        &[
            ("release 1.2.3 ships", "1.2.3=123 version"),
            ("2.0.10", "2.0.10=2010 version"),
        ],
        &[
            ("1.2 million", &["1.2 million=1200000"]),
            ("up 1.2.", &["1.2=1.2"]),
        ],
    ),
    (
        "clock time",
        &[
            ("at 7:30 p.m. Tuesday", "7:30 p.m.=730 time"),
            ("by 19:00", "19:00=1900 time"),
            ("7 a.m.", "7 a.m.=7 time"),
            ("at 9pm", "9pm=9 time"),
            ("10 o'clock", "10 o'clock=10 time"),
        ],
        &[
            ("7.30 euros", &["7.30=7.3"]),
            ("13 am", &["13=13"]),
            ("a 7-day week", &["7-day=7"]),
        ],
    ),
    (
        "numeric date",
        &[
            ("on 11/30/2026", "11/30/2026=11302026 date"),
            ("2026-11-30", "2026-11-30=20261130 date"),
        ],
        &[("1/2", &["1=1", "2=2"]), ("2026-11", &["2026-11=2026..11"])],
    ),
    (
        "phone number",
        &[
            ("call 555-0142", "555-0142=5550142 phone"),
            ("212-555-0142", "212-555-0142=2125550142 phone"),
            ("(212) 555-0142", "(212) 555-0142=2125550142 phone"),
            ("1-800-555-0199", "1-800-555-0199=18005550199 phone"),
        ],
        &[
            ("555-1,042", &["555-1,042=555..1042"]),
            ("300-400", &["300-400=300..400"]),
        ],
    ),
    (
        "fiscal or season year",
        &[
            ("the 2026-27 budget", "2026-27=202627 year"),
            ("2026–2027 season", "2026–2027=20262027 year"),
            ("fiscal 2026", "2026=2026 year"),
        ],
        &[
            ("2026-28", &["2026-28=2026..28"]),
            ("1,000-27", &["1,000-27=1000..27"]),
        ],
    ),
    (
        "labelled identifier",
        &[
            ("Route 9", "9=9 label"),
            ("in Room 204B", "204B=204 label"),
            ("Section 8 housing", "8=8 label"),
            ("Article 5", "5=5 label"),
            ("Chapter 11", "11=11 label"),
            ("Flight 370", "370=370 label"),
            ("No. 5", "5=5 label"),
            ("the #1 seed", "1=1 label"),
        ],
        &[
            ("204 rooms", &["204=204"]),
            ("8 sections", &["8=8"]),
            ("a room for 4", &["4=4"]),
            ("no 5", &["5=5"]),
        ],
    ),
    (
        "street number",
        &[
            ("100 Main St. was sold", "100 Main St.=100 address"),
            (
                "1600 Pennsylvania Avenue",
                "1600 Pennsylvania Avenue=1600 address",
            ),
            ("221B Baker Street", "221B Baker Street=221 address"),
            ("350 W. 57th St.", "350 W. 57th St.=35057 address"),
            ("the 100 block of Elm", "100 block of=100 address"),
        ],
        &[
            ("100 main streets", &["100=100"]),
            ("100 Main", &["100=100"]),
        ],
    ),
    (
        "tally or score",
        &[
            ("a 7-2 vote", "7-2=72 tally"),
            ("won 24-17, then lost", "24-17=2417 tally"),
            ("a 2-3 loss", "2-3=23 tally"),
            ("by a 5 to 4 vote", "5 to 4=54 tally"),
        ],
        &[
            ("2-3 percent", &["2-3 percent=2..3%"]),
            ("5-10 people", &["5-10=5..10"]),
            ("$5-3", &["$5-3=$5..3"]),
        ],
    ),
    (
        "decade",
        &[("the '90s", "'90s=90 year"), ("the ’60s", "’60s=60 year")],
        &[("90s", &["90s=90 year"]), ("95s", &["95s=95"])],
    ),
];

#[test]
fn not_figure_rules() {
    let names: Vec<&str> = not_figures::RULES.iter().map(|(n, _)| *n).collect();
    let rows: Vec<&str> = NOT_FIGURE_TABLE.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(rows, names, "one row per rule, in order");
    for (rule, matches, near) in NOT_FIGURE_TABLE {
        for (text, want) in *matches {
            assert_eq!(shown(text), [*want], "{rule}: {text:?}");
        }
        for (text, want) in *near {
            assert_eq!(shown(text), *want, "{rule} near miss: {text:?}");
        }
    }
}
