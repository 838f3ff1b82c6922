//! Figures in prose: `extract`, `check` and `mark`.
//!
//! The input is cut in two (at the first 0xFF byte, or in half at a char boundary): a link
//! text and a quote. Every figure range must lie within its text, on char boundaries, in
//! order and without overlap, and name exactly the figure's text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use site::text::figures::{self, Figure, Value};

fn assert_figures(text: &str, figs: &[Figure]) {
    let mut last_end = 0;
    for f in figs {
        let r = &f.range;
        assert!(r.start <= r.end && r.end <= text.len(), "range {r:?} outside text of {} bytes", text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "range {r:?} not on char boundaries");
        assert_eq!(&text[r.clone()], f.text, "range does not hold the figure's text");
        assert!(r.start >= last_end, "figure {r:?} overlaps the previous one (ending at {last_end})");
        last_end = r.end;
        match &f.value {
            Value::One(n) => {
                let _ = n.to_string();
            }
            Value::Range(a, b) => {
                let _ = (a.to_string(), b.to_string());
            }
        }
    }
}

fn assert_marks(text: &str, marks: &[std::ops::Range<usize>]) {
    for r in marks {
        assert!(r.start <= r.end && r.end <= text.len(), "mark {r:?} outside text of {} bytes", text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "mark {r:?} not on char boundaries");
    }
}

fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => {
            let (Ok(a), Ok(b)) = (std::str::from_utf8(&data[..at]), std::str::from_utf8(&data[at + 1..]))
            else {
                return;
            };
            (a, b)
        }
        None => {
            let Ok(s) = std::str::from_utf8(data) else {
                return;
            };
            let mut half = s.len() / 2;
            while !s.is_char_boundary(half) {
                half -= 1;
            }
            s.split_at(half)
        }
    };

    let in_a = figures::extract(a);
    assert_figures(a, &in_a);
    let in_b = figures::extract(b);
    assert_figures(b, &in_b);

    match figures::check(a, b) {
        Ok(figs) => assert_eq!(figs, in_a, "check returned other figures than extract"),
        Err(mismatch) => {
            assert!(in_a.contains(&mismatch.figure), "the unbacked figure is not one of the link's");
            assert_eq!(mismatch.in_quote, in_b);
            let _ = mismatch.message();
        }
    }
    assert_marks(b, &figures::mark(b, &in_a));
    assert_marks(a, &figures::mark(a, &in_b));
    // A text always backs itself.
    assert!(figures::check(a, a).is_ok(), "a text does not back its own figures");
});
