//! Uncited figures: numbers in prose that no citation backs are warned about.

use super::*;

impl<'a> Pass<'a, '_> {
    /// Warns about numbers in prose that no citation backs.
    pub(super) fn flag_figures(&mut self, text: &str, exact: bool, start: usize) {
        self.flag_figures_except(text, exact, start, &[]);
    }

    /// The same, but a figure whose value is one of `backed` is cited elsewhere (a chart's
    /// title may restate its own values).
    pub(super) fn flag_figures_except(
        &mut self,
        text: &str,
        exact: bool,
        start: usize,
        backed: &[figures::Value],
    ) {
        let read = figures::extract(text);
        self.flag_unread_digit(text, exact, start, &read);
        for figure in read {
            let backed_range = match &figure.value {
                figures::Value::Range(low, high) => [low, high]
                    .iter()
                    .all(|end| backed.contains(&figures::Value::One((*end).clone()))),
                figures::Value::One(_) => false,
            };
            if figure.kind != figures::FigureKind::Quantity
                || is_list_number(text, &figure.range)
                || backed.contains(&figure.value)
                || backed_range
            {
                continue;
            }
            let range = if exact {
                start + figure.range.start..start + figure.range.end
            } else {
                start..start + 1
            };
            let at = self.offset + range.start..self.offset + range.end;
            let found = Diagnostic::warning(
                Code::UncitedFigure,
                self.file,
                format!("the figure {} is not cited", figure.text),
            )
            .with_help(
                "link it to the passage it comes from: [figure](source-id \"exact quote\"), \
                     or mark it as not a figure: [figure]{.not-figure}",
            );
            self.push_at(found, at);
        }
    }

    /// Warns about a digit outside ASCII no figure was read from (a vulgar fraction, an
    /// encircled digit, a Roman numeral character, a superscript after a digit), or a Roman
    /// numeral in ASCII capitals that states an amount ("XCIX troops", not "World War II"): a
    /// reader reads it as a number, which no citation backs. (ASCII digits no figure is read from are names
    /// and labels, `FY2026`, `F16`, which the figure reader passes over on purpose.) A superscript or subscript after a letter is a unit's power or
    /// a formula's count (km², CO₂), not a figure.
    fn flag_unread_digit(
        &mut self,
        text: &str,
        exact: bool,
        start: usize,
        read: &[figures::Figure],
    ) {
        // Figures come in the order of the text: one cursor keeps this linear.
        let (mut before, mut next) = (' ', 0);
        let unread = text.char_indices().find(|&(i, c)| {
            let unit_power = before.is_alphabetic() && is_power(c);
            before = c;
            while read.get(next).is_some_and(|f| f.range.end <= i) {
                next += 1;
            }
            let in_figure = read.get(next).is_some_and(|f| f.range.contains(&i));
            c.is_numeric() && !c.is_ascii_digit() && !unit_power && !in_figure
        });
        let unread = match unread {
            Some((i, c)) => Some(i..i + c.len_utf8()),
            None => {
                let ranges: Vec<Range<usize>> = read.iter().map(|f| f.range.clone()).collect();
                figures::unread_roman(text, &ranges)
            }
        };
        let Some(unread) = unread else {
            return;
        };
        let digit = &text[unread.clone()];
        let range = if exact {
            start + unread.start..start + unread.end
        } else {
            start..start + 1
        };
        let at = self.offset + range.start..self.offset + range.end;
        self.body.diagnostics.push(
            Diagnostic::warning(
                Code::UncitedFigure,
                self.file,
                format!("`{digit}` is a number no citation backs, and not one the figure reader reads"),
            )
            .at(self.text, at)
            .with_help(
                "write the figure with the digits 0-9 and cite it: [figure](source-id \"exact quote\"), \
                 or mark it as not a figure: [figure]{.not-figure}",
            ),
        );
    }
}

/// A superscript or subscript digit.
fn is_power(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰'..='⁹' | '₀'..='₉')
}
