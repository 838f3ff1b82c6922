//! The extractor: walks the tokens once, trying the not-figure rules, then
//! an amount and a range after it, and names each number's kind.

use super::amount::{self, Amount};
use super::context::Cx;
use super::number::Number;
use super::scan::Kind;
use super::{Figure, FigureKind, Value, not_figures, words};

const MONTHS: [&str; 24] = [
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
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Verbs of change: after one, "from X to Y" is two figures (a before and
/// an after), not a range.
/// Verbs of change: after one, "from X to Y" is two figures (a before and
/// an after), not a range.
const CHANGE_VERBS: [&str; 118] = [
    "rose",
    "rise",
    "rises",
    "rising",
    "risen",
    "grew",
    "grow",
    "grows",
    "growing",
    "grown",
    "fell",
    "fall",
    "falls",
    "falling",
    "fallen",
    "dropped",
    "drop",
    "drops",
    "dropping",
    "declined",
    "decline",
    "declines",
    "declining",
    "increased",
    "increase",
    "increases",
    "increasing",
    "decreased",
    "decrease",
    "decreases",
    "decreasing",
    "jumped",
    "jump",
    "jumps",
    "climbed",
    "climb",
    "climbs",
    "climbing",
    "soared",
    "soar",
    "soars",
    "surged",
    "surge",
    "surges",
    "plunged",
    "plunge",
    "plunges",
    "plummeted",
    "plummet",
    "slipped",
    "slip",
    "slips",
    "slid",
    "dipped",
    "dip",
    "dips",
    "shrank",
    "shrink",
    "shrinks",
    "shrunk",
    "swelled",
    "swell",
    "swells",
    "went",
    "go",
    "goes",
    "going",
    "changed",
    "change",
    "changes",
    "cut",
    "cuts",
    "raised",
    "raise",
    "raises",
    "lowered",
    "lower",
    "lowers",
    "boosted",
    "boost",
    "reduced",
    "reduce",
    "reduces",
    "expanded",
    "expand",
    "widened",
    "widen",
    "narrowed",
    "narrow",
    "ballooned",
    "spiked",
    "spike",
    "tumbled",
    "tumble",
    "sank",
    "sink",
    "sinks",
    "doubled",
    "tripled",
    "halved",
    "up",
    "down",
    "moved",
    "move",
    "shifted",
    "shift",
    "slashed",
    "slash",
    "hiked",
    "hike",
    "trimmed",
    "trim",
    "edged",
    "inched",
    "improved",
    "improve",
    "worsened",
    "worsen",
];

/// Words after a pair that make it a tally ("a 5 to 4 vote").
const TALLY_WORDS: [&str; 6] = ["vote", "votes", "decision", "ruling", "margin", "odds"];

const DASHES: [char; 3] = ['-', '–', '—'];

pub(super) fn extract(text: &str) -> Vec<Figure> {
    let cx = Cx::new(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < cx.toks.len() {
        let last_end = out.last().map_or(0, |f: &Figure| f.range.end);
        match read_at(&cx, i) {
            // A rule may start a token early ("(212) 555-0142"); never
            // over a figure already read.
            Some((figure, next)) if next > i && figure.range.start >= last_end => {
                out.push(figure);
                i = next;
            }
            _ => i += 1,
        }
    }
    out
}

fn read_at(cx: &Cx, i: usize) -> Option<(Figure, usize)> {
    let tok = cx.tok(i)?;
    let may_start = match tok.kind {
        Kind::Num(_) => true,
        Kind::Word => cx.word(i).is_some_and(|w| words::may_start(&w)),
        Kind::Sym(c) => amount::CURRENCIES.contains(&c) || matches!(c, '-' | '−'),
        Kind::Name => false,
    };
    if !may_start {
        return None;
    }
    if cx.num(i).is_some()
        && let Some(nf) = not_figures::read(cx, i)
    {
        return not_figure(cx, nf.first, nf.next, nf.kind);
    }
    let a = amount::read(cx, i)?;
    match range_end(cx, &a) {
        Some(End::Range(b)) => Some((range(cx, &a, &b), b.next)),
        Some(End::Tally(b)) => not_figure(cx, a.first, b.next, FigureKind::Tally),
        None => Some((single(cx, &a), a.next)),
    }
}

/// A not-figure's value is its digits in order ("7:30" is 730), so that
/// the same time or date in a quote is found, and no quantity is.
fn not_figure(cx: &Cx, first: usize, next: usize, kind: FigureKind) -> Option<(Figure, usize)> {
    let digits: String = (first..next)
        .filter_map(|j| cx.num(j))
        .map(|n| n.all.clone())
        .collect();
    let start = cx.start(first);
    let end = cx.end_before(next);
    Some((
        Figure {
            text: cx.text.get(start..end)?.to_string(),
            range: start..end,
            value: Value::One(Number::decimal(&digits, "")),
            currency: None,
            percent: false,
            kind,
        },
        next,
    ))
}

enum End {
    Range(Amount),
    Tally(Amount),
}

fn is_change_verb_before(cx: &Cx, from: usize) -> bool {
    (from.saturating_sub(4)..from).any(|j| cx.word_is(j, &CHANGE_VERBS))
}

/// The second end of a range after `a`: "X to Y", "X–Y", "between X and
/// Y", "from X to Y" (unless a verb of change makes it two figures).
fn range_end(cx: &Cx, a: &Amount) -> Option<End> {
    let before = a.first.checked_sub(1);
    let at = a.next;
    if before.is_some_and(|p| cx.word_is(p, &["between"])) {
        return cx
            .word_is(at, &["and"])
            .then(|| second(cx, a, at + 1))
            .flatten();
    }
    if cx.word_is(at, &["to"]) {
        if let Some(p) = before.filter(|p| cx.word_is(*p, &["from"]))
            && is_change_verb_before(cx, p)
        {
            return None;
        }
        return second(cx, a, at + 1);
    }
    if cx.sym_is(at, &DASHES) {
        let b = amount::read(cx, at + 1).filter(|b| !b.in_words)?;
        return (b.first == at + 1).then_some(End::Range(b));
    }
    None
}

/// A "to" or "and" range has its low end first, and both ends measure the
/// same thing: "rose 25 cents to $2.90" and "rose 15% to $75 million" are
/// two figures each.
fn second(cx: &Cx, a: &Amount, at: usize) -> Option<End> {
    let b = amount::read(cx, at)?;
    if cx.word_is(b.next, &TALLY_WORDS) {
        return Some(End::Tally(b));
    }
    let mixed = a.percent && b.currency.is_some() || a.currency.is_some() && b.percent;
    let descending = a.zeros == b.zeros && b.value.approximate() < a.value.approximate();
    (!(mixed || descending)).then_some(End::Range(b))
}

fn range(cx: &Cx, a: &Amount, b: &Amount) -> Figure {
    // A scale only on the second end applies to both ("$1–2 million"),
    // unless the first end is larger ("900 to 1.2 million").
    let low = if a.zeros == 0 && b.zeros > 0 && less_or_equal(&a.raw, &b.raw) {
        a.raw.shifted(b.zeros)
    } else {
        a.value.clone()
    };
    let days = [a, b].iter().all(|x| {
        x.bare
            && x.value
                .small_integer()
                .is_some_and(|d| (1..=31).contains(&d))
    });
    let year = |x: &Amount| {
        x.bare
            && x.suffix.is_empty()
            && cx.num(x.number_at).is_some_and(|n| n.int.len() == 4)
            && x.value
                .small_integer()
                .is_some_and(|y| (1000..=2199).contains(&y))
    };
    let kind = if days && month_before(cx, a.first) {
        FigureKind::Date
    } else if year(a) && year(b) {
        // "between 2020 and 2024", "2019–2023": a span of years.
        FigureKind::Year
    } else {
        FigureKind::Quantity
    };
    Figure {
        text: cx.text.get(a.start..b.end).unwrap_or("").to_string(),
        range: a.start..b.end,
        value: Value::Range(low, b.value.clone()),
        currency: a.currency.or(b.currency),
        percent: a.percent || b.percent,
        kind,
    }
}

fn less_or_equal(a: &Number, b: &Number) -> bool {
    a.approximate() <= b.approximate()
}

fn single(cx: &Cx, a: &Amount) -> Figure {
    let kind = if a.bare {
        let small = a.value.small_integer();
        let day = small.is_some_and(|d| (1..=31).contains(&d));
        let ordinal = matches!(a.suffix.as_str(), "st" | "nd" | "rd" | "th");
        let digits = cx.num(a.number_at).map_or(0, |n| n.int.chars().count());
        let year = small.is_some_and(|y| (1000..=2199).contains(&y)) && digits == 4;
        if day
            && (a.suffix.is_empty() || ordinal)
            && (month_before(cx, a.first) || month_after(cx, a.next))
        {
            FigureKind::Date
        } else if ordinal {
            FigureKind::Ordinal
        } else if year && matches!(a.suffix.as_str(), "" | "s") {
            FigureKind::Year
        } else if a.suffix == "s" && small.is_some_and(|n| n > 0 && n.is_multiple_of(10)) {
            // "in the 20s": a decade of years or of degrees, no figure.
            FigureKind::Year
        } else {
            FigureKind::Quantity
        }
    } else {
        FigureKind::Quantity
    };
    Figure {
        text: cx.text.get(a.start..a.end).unwrap_or("").to_string(),
        range: a.start..a.end,
        value: Value::One(a.value.clone()),
        currency: a.currency,
        percent: a.percent,
        kind,
    }
}

fn is_month(cx: &Cx, j: usize) -> bool {
    cx.tok(j).is_some_and(|t| t.is_word()) && MONTHS.contains(&cx.raw(j))
}

/// A month name (abbreviated with or without a dot) right before token `i`.
fn month_before(cx: &Cx, i: usize) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return false;
    };
    if cx.glued(i) && !cx.sym_is(p, &['.']) {
        return false;
    }
    if cx.sym_is(p, &['.']) && cx.glued(p) {
        return p.checked_sub(1).is_some_and(|w| is_month(cx, w));
    }
    is_month(cx, p)
}

fn month_after(cx: &Cx, next: usize) -> bool {
    !cx.glued(next) && is_month(cx, next)
}
