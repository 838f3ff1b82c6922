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
        for figure in figures::extract(text) {
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
}
