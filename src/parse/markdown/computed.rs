//! Derived figures: a link to `=` is a figure computed from citations of the page.

use super::*;

impl<'a> Pass<'a, '_> {
    /// A link whose destination is `=`: a figure computed by the formula in its title from
    /// citations of the page. Its inputs are registered first, so that their entries come
    /// before the working that uses them, and each input's entry links back to this figure.
    pub(super) fn open_derived(
        &mut self,
        link_type: LinkType,
        title: &str,
        id: &str,
        range: Range<usize>,
    ) {
        let span = self.quote_span(link_type, id, &range);
        let mut inputs: Vec<usize> = Vec::new();
        let prepared = self.prepare_derived(title, &span, &mut inputs);
        let (entry, anchor, index) =
            self.register("=", title, span, range.clone(), None, Place::Derived(None));
        for i in inputs {
            if let Some(c) = self.body.citations.get_mut(i) {
                c.anchor = anchor.clone();
            }
        }
        self.open_cite_link("cite derived", entry, &anchor);
        self.citation = Some(OpenCitation {
            index,
            text: String::new(),
            derived: prepared.map(|p| PendingDerived {
                formula: p.formula,
                outcome: p.outcome,
                operands: p.operands,
                link: range,
            }),
        });
    }

    /// Parses a derived figure's formula, resolves each label to a citation of the page and
    /// computes the result. Each problem is reported; None if there was any.
    pub(super) fn prepare_derived(
        &mut self,
        title: &str,
        span: &Range<usize>,
        inputs: &mut Vec<usize>,
    ) -> Option<Prepared> {
        let formula = match derived::parse(title) {
            Ok(f) => f,
            Err(e) => {
                let at = self.in_title(span, title, &e.at);
                self.error(
                    Code::DerivedFormula,
                    &e.message,
                    at,
                    "write the formula over reference labels of citations: [about $22 million](= \"troops * pay\")",
                );
                return None;
            }
        };
        let mut operands = Vec::new();
        let mut ok = true;
        for input in &formula.inputs {
            let at = self.in_title(span, title, &input.at);
            match self.derived_input(input, at, inputs) {
                Some(op) => operands.push(op),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        match derived::evaluate(&formula, &operands) {
            Ok(outcome) => Some(Prepared {
                formula,
                outcome,
                operands,
            }),
            Err(message) => {
                let at = self.in_title(span, title, &(0..title.len()));
                self.error(
                    Code::DerivedArithmetic,
                    &message,
                    at,
                    "check the formula: amounts in different currencies do not add up",
                );
                None
            }
        }
    }

    /// One input of a formula: its label resolved to a citation of the page, registered (its
    /// index pushed to `inputs`), and its figure as an operand. None, reported at `at`, when
    /// the label names no citation or its quote has no such figure.
    fn derived_input(
        &mut self,
        input: &derived::InputRef,
        at: Range<usize>,
        inputs: &mut Vec<usize>,
    ) -> Option<derived::Operand> {
        let def = self.definitions.get(&input.label.to_lowercase()).cloned();
        let def = match def {
            Some(def) if self.is_citation(&def) => def,
            Some(def) => {
                self.error(
                    Code::DerivedInput,
                    &format!(
                        "`{}` is not a citation: it links to `{}`",
                        input.label, def.dest
                    ),
                    at,
                    "every input of a derived figure must be cited: define it as [label]: source-id \"exact quote\"",
                );
                return None;
            }
            None => {
                let help = self.label_help(&input.label);
                self.error(
                    Code::DerivedInput,
                    &format!(
                        "`{}` is not a citation of this page: every input must be cited",
                        input.label
                    ),
                    at,
                    &help,
                );
                return None;
            }
        };
        let fig = match derived::pick_figure(&input.label, input.pick, &def.title) {
            Ok(fig) => fig,
            Err(message) => {
                self.error(
                    Code::DerivedInput,
                    &message,
                    at,
                    "an input is one figure of its quote: `label` for its only figure, `label[2]` for the second",
                );
                return None;
            }
        };
        let (entry, _, index) = self.register(
            &def.dest,
            &def.title,
            def.span.clone(),
            def.span.clone(),
            Some(String::new()),
            Place::Link,
        );
        if let Some(c) = self.body.citations.get_mut(index) {
            c.link_text = fig.text.clone();
        }
        inputs.push(index);
        match derived::operand(&input.label, &fig, entry) {
            Ok(op) => Some(op),
            Err(message) => {
                self.error(Code::DerivedInput, &message, at, "cite a smaller figure");
                None
            }
        }
    }

    /// Compares a derived figure's link text with its working, once the link is closed.
    pub(super) fn check_derived(&mut self, index: usize, link_text: &str, pending: PendingDerived) {
        match derived::check(
            link_text,
            &pending.formula,
            pending.outcome,
            pending.operands,
        ) {
            Ok(d) => {
                if let Some(c) = self.body.citations.get_mut(index) {
                    c.place = Place::Derived(Some(Box::new(d)));
                }
            }
            Err(message) => {
                let help = if pending.formula.step.is_some() {
                    "correct the figure, or the rounding step after `~`"
                } else {
                    "correct the figure, or state how it is rounded at the end of the formula: \"troops * pay ~ 1 million\""
                };
                self.error(Code::DerivedMismatch, &message, pending.link, help);
            }
        }
    }
}

/// A derived figure's formula, its computed outcome and its operands, before its link text
/// is read.
pub(super) struct Prepared {
    formula: derived::Formula,
    outcome: derived::Outcome,
    operands: Vec<derived::Operand>,
}
