//! Numbers that are not figures: clock times, dates, fiscal and season
//! years, phone numbers, street numbers, tallies and scores, identifiers
//! after a label word, versions. Each rule is tried at a numeral, in the
//! order of [`RULES`]; the first that matches wins.
//!
//! They are still read (a link that says "7:30 p.m." must find 7:30 in its
//! quote), but they are never flagged as uncited and never match a
//! quantity.

use super::FigureKind;
use super::context::Cx;

/// What a rule found: its kind and its tokens `first..next`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NotFigure {
    pub kind: FigureKind,
    pub first: usize,
    pub next: usize,
}

type Rule = fn(&Cx, usize) -> Option<NotFigure>;

/// The rules, most specific first.
pub(super) const RULES: [(&str, Rule); 9] = [
    ("version", version),
    ("clock time", time),
    ("numeric date", numeric_date),
    ("phone number", phone),
    ("fiscal or season year", fiscal_year),
    ("labelled identifier", label),
    ("street number", street),
    ("tally or score", tally),
    ("decade", decade),
];

pub(super) fn read(cx: &Cx, i: usize) -> Option<NotFigure> {
    RULES.iter().find_map(|(_, rule)| rule(cx, i))
}

const DASH: [char; 2] = ['-', '–'];
const STREET_WORDS: [&str; 31] = [
    "street",
    "st",
    "avenue",
    "ave",
    "av",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "way",
    "place",
    "pl",
    "court",
    "ct",
    "terrace",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "square",
    "sq",
    "circle",
    "alley",
    "row",
    "broadway",
    "plaza",
    "crescent",
];
/// Label words before an identifier: "Route 9", "Room 204", "Flight 370".
const LABELS: [&str; 49] = [
    "route",
    "room",
    "section",
    "article",
    "chapter",
    "flight",
    "interstate",
    "highway",
    "district",
    "ward",
    "precinct",
    "gate",
    "suite",
    "apartment",
    "apt",
    "unit",
    "building",
    "proposition",
    "prop",
    "measure",
    "amendment",
    "bill",
    "resolution",
    "case",
    "docket",
    "exhibit",
    "rule",
    "form",
    "bus",
    "train",
    "pier",
    "terminal",
    "platform",
    "lot",
    "box",
    "category",
    "phase",
    "game",
    "week",
    "episode",
    "season",
    "level",
    "version",
    "fy",
    "block",
    "cell",
    "row",
    "seat",
    "pad",
];
const TALLY_WORDS: [&str; 9] = [
    "vote", "votes", "decision", "ruling", "margin", "win", "victory", "loss", "defeat",
];

fn tok_is_word(cx: &Cx, i: usize) -> bool {
    cx.tok(i).is_some_and(|t| t.is_word())
}

/// Plain numerals glued by `sep` (one of the chars) with the given digit
/// counts: "555-0142" is `[3, 4]` with `-`.
fn glued_numerals(cx: &Cx, i: usize, seps: &[char], lens: &[&[usize]]) -> Option<usize> {
    let mut j = i;
    for (k, len) in lens.iter().enumerate() {
        if k > 0 {
            if !(cx.sym_is(j, seps) && cx.glued(j) && cx.glued(j + 1)) {
                return None;
            }
            j += 1;
        }
        cx.plain_num(j, len)?;
        j += 1;
    }
    // A longer chain is something else.
    let longer = cx.sym_is(j, seps) && cx.glued(j) && cx.glued(j + 1) && cx.num(j + 1).is_some();
    (!(longer || cx.glued(j) && cx.num(j).is_some())).then_some(j)
}

/// "1.2.3", "2.0.1": three or more dotted parts.
fn version(cx: &Cx, i: usize) -> Option<NotFigure> {
    let n = cx.num(i).filter(|n| n.decimal)?;
    let _ = n;
    let mut j = i + 1;
    while cx.sym_is(j, &['.']) && cx.glued(j) && cx.glued(j + 1) && cx.num(j + 1).is_some() {
        j += 2;
    }
    (j > i + 1).then_some(NotFigure {
        kind: FigureKind::Version,
        first: i,
        next: j,
    })
}

/// "a.m.", "p.m.", "am", "PM" at `j`: the token after it.
fn am_pm(cx: &Cx, j: usize) -> Option<usize> {
    if cx.word_is(j, &["am", "pm"]) && cx.space_before(j).is_some_and(|s| s <= 1) {
        return Some(j + 1);
    }
    let dotted = cx.word_is(j, &["a", "p"])
        && cx.space_before(j).is_some_and(|s| s <= 1)
        && cx.sym_is(j + 1, &['.'])
        && cx.glued(j + 1)
        && cx.word_is(j + 2, &["m"])
        && cx.glued(j + 2);
    dotted.then(|| {
        if cx.sym_is(j + 3, &['.']) && cx.glued(j + 3) {
            j + 4
        } else {
            j + 3
        }
    })
}

/// "7:30", "19:00", "7:30 p.m.", "7 p.m.", "10 o'clock".
fn time(cx: &Cx, i: usize) -> Option<NotFigure> {
    let hour = cx.plain_num(i, &[1, 2])?.value.small_integer()?;
    let found = |next| NotFigure {
        kind: FigureKind::Time,
        first: i,
        next,
    };
    if hour <= 24
        && cx.sym_is(i + 1, &[':'])
        && cx.glued(i + 1)
        && cx.glued(i + 2)
        && cx.plain_num(i + 2, &[2])?.value.small_integer()? < 60
    {
        let mut next = i + 3;
        if cx.sym_is(next, &[':']) && cx.glued(next) && cx.plain_num(next + 1, &[2]).is_some() {
            next += 2;
        }
        return Some(found(am_pm(cx, next).unwrap_or(next)));
    }
    if (1..=12).contains(&hour) {
        if let Some(next) = am_pm(cx, i + 1) {
            return Some(found(next));
        }
        let oclock = cx.word_is(i + 1, &["o"])
            && cx.sym_is(i + 2, &['\'', '’'])
            && cx.word_is(i + 3, &["clock"]);
        if oclock {
            return Some(found(i + 4));
        }
    }
    None
}

/// "11/30/2026", "30/11/26", "2026-11-30".
fn numeric_date(cx: &Cx, i: usize) -> Option<NotFigure> {
    let next = glued_numerals(cx, i, &['/'], &[&[1, 2], &[1, 2], &[2, 4]])
        .or_else(|| glued_numerals(cx, i, &['-'], &[&[4], &[2], &[2]]))?;
    Some(NotFigure {
        kind: FigureKind::Date,
        first: i,
        next,
    })
}

/// "555-0142", "212-555-0142", "(212) 555-0142", "1-800-555-0199",
/// "212.555.0142".
fn phone(cx: &Cx, i: usize) -> Option<NotFigure> {
    let found = |first, next| NotFigure {
        kind: FigureKind::Phone,
        first,
        next,
    };
    if cx.plain_num(i, &[3]).is_some()
        && cx.sym_is(i.wrapping_sub(1), &['('])
        && cx.sym_is(i + 1, &[')'])
        && cx.glued(i + 1)
        && let Some(next) = glued_numerals(cx, i + 2, &['-', '.'], &[&[3], &[4]])
    {
        return Some(found(i - 1, next));
    }
    let chains: [&[&[usize]]; 3] = [
        &[&[1], &[3], &[3], &[4]],
        &[&[3], &[3], &[4]],
        &[&[3], &[4]],
    ];
    for chain in chains {
        if let Some(next) = glued_numerals(cx, i, &['-'], chain) {
            return Some(found(i, next));
        }
    }
    // Dotted numbers read as a decimal then a dot: "212.555" "." "0142".
    let dotted = cx.num(i).filter(|n| n.decimal && n.int.len() == 3)?;
    let _ = dotted;
    let tail = cx.sym_is(i + 1, &['.']) && cx.glued(i + 1) && cx.plain_num(i + 2, &[4]).is_some();
    tail.then(|| found(i, i + 3))
}

/// "2026-27", "2026–2027" (consecutive years), "FY2026" (a name already)
/// and "fiscal 2026".
fn fiscal_year(cx: &Cx, i: usize) -> Option<NotFigure> {
    let year = cx.plain_num(i, &[4])?.value.small_integer()?;
    if !(1000..=2199).contains(&year) {
        return None;
    }
    let found = |next| NotFigure {
        kind: FigureKind::Year,
        first: i,
        next,
    };
    if cx.sym_is(i + 1, &['-', '–', '/']) && cx.glued(i + 1) && cx.glued(i + 2) {
        let end = cx.plain_num(i + 2, &[2, 4])?;
        let second = end.value.small_integer()?;
        let follows = if end.int.len() == 2 {
            second == (year + 1) % 100
        } else {
            second == year + 1
        };
        return follows.then(|| found(i + 3));
    }
    let fiscal = i
        .checked_sub(1)
        .is_some_and(|p| cx.word_is(p, &["fiscal", "fy"]));
    fiscal.then(|| found(i + 1))
}

/// An identifier right after a label word: "Route 9", "Room 204B",
/// "Section 8", "No. 5", "#1".
fn label(cx: &Cx, i: usize) -> Option<NotFigure> {
    let n = cx.num(i)?;
    if n.decimal && !cx.word_is(i.wrapping_sub(1), &["version"]) {
        return None;
    }
    let p = i.checked_sub(1)?;
    let labelled = cx.word_is(p, &LABELS) && cx.space_before(i).is_some_and(|s| s == 1)
        || cx.sym_is(p, &['#']) && cx.glued(i)
        || cx.sym_is(p, &['.'])
            && p.checked_sub(1)
                .is_some_and(|w| cx.raw(w) == "No" || cx.raw(w) == "no")
            && cx.glued(p)
            && !cx.glued(i);
    if !labelled || !n.plain && !n.decimal {
        return None;
    }
    // A letter glued on is part of the identifier ("Room 204B").
    let next = if cx.glued(i + 1) && tok_is_word(cx, i + 1) && cx.raw(i + 1).chars().count() == 1 {
        i + 2
    } else {
        i + 1
    };
    Some(NotFigure {
        kind: FigureKind::Label,
        first: i,
        next,
    })
}

fn capitalised(cx: &Cx, j: usize) -> bool {
    tok_is_word(cx, j) && cx.raw(j).chars().next().is_some_and(char::is_uppercase)
}

/// A house number before a street name: "100 Main St.", "1600
/// Pennsylvania Avenue", "221B Baker Street", "350 W. 57th St.", and "the
/// 100 block of".
fn street(cx: &Cx, i: usize) -> Option<NotFigure> {
    cx.plain_num(i, &[])?;
    let mut j = i + 1;
    if cx.glued(j) && tok_is_word(cx, j) && cx.raw(j).chars().count() == 1 {
        j += 1;
    }
    if cx.word_is(j, &["block"]) && cx.word_is(j + 1, &["of"]) {
        return Some(NotFigure {
            kind: FigureKind::Address,
            first: i,
            next: j + 2,
        });
    }
    // Up to five tokens of capitalised words, dots and ordinals, ending in
    // a capitalised street word.
    for _ in 0..6 {
        if capitalised(cx, j) && cx.word_is(j, &STREET_WORDS) && j > i + 1 {
            let next = if cx.sym_is(j + 1, &['.']) && cx.glued(j + 1) {
                j + 2
            } else {
                j + 1
            };
            return Some(NotFigure {
                kind: FigureKind::Address,
                first: i,
                next,
            });
        }
        let ordinal =
            cx.num(j).is_some() && cx.glued(j + 1) && cx.word_is(j + 1, &["st", "nd", "rd", "th"]);
        if ordinal {
            j += 2;
        } else if capitalised(cx, j) || cx.sym_is(j, &['.']) && cx.glued(j) {
            j += 1;
        } else {
            return None;
        }
    }
    None
}

/// A vote or a score: "7-2", "24-17", "a 5-4 decision", "a 2-3 loss".
/// Plain whole numbers under 1,000 joined by a hyphen or en dash, the
/// first not smaller than the second, or any such pair before a tally word.
fn tally(cx: &Cx, i: usize) -> Option<NotFigure> {
    let a = cx.plain_num(i, &[1, 2, 3])?.value.small_integer()?;
    let currency_before = i
        .checked_sub(1)
        .is_some_and(|p| cx.sym_is(p, &super::amount::CURRENCIES) && cx.glued(i));
    if currency_before || !(cx.sym_is(i + 1, &DASH) && cx.glued(i + 1) && cx.glued(i + 2)) {
        return None;
    }
    let b = cx.plain_num(i + 2, &[1, 2, 3])?.value.small_integer()?;
    let next = i + 3;
    let unit_after = cx.glued(next) && tok_is_word(cx, next)
        || cx.sym_is(next, &['%'])
        || cx.word_is(next, &["percent", "per", "thousand", "million", "billion"]);
    let tally_word = cx.word_is(next, &TALLY_WORDS);
    ((a >= b && !unit_after) || tally_word).then_some(NotFigure {
        kind: FigureKind::Tally,
        first: i,
        next,
    })
}

/// "'90s", "’60s": a decade by its last two digits.
fn decade(cx: &Cx, i: usize) -> Option<NotFigure> {
    cx.plain_num(i, &[2])?;
    let p = i.checked_sub(1)?;
    let marked = cx.sym_is(p, &['\'', '’']) && cx.glued(i) && !cx.glued(p);
    (marked && cx.glued(i + 1) && cx.raw(i + 1) == "s").then_some(NotFigure {
        kind: FigureKind::Year,
        first: p,
        next: i + 2,
    })
}
