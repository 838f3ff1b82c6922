//! Derived figures: a link to `=` is a figure computed from citations of the page. The pass
//! parses its formula and resolves each input to a citation and the figure of its quote; the
//! cite stage computes it and checks the link's figure (`cite::derived::check_page`).

use super::*;
use crate::parse::formula::{self, Formula, InputRef};
use crate::text::figures::Figure;

/// A derived figure as the pass finds it: its formula, with each input resolved to a citation
/// of the page and the figure of its quote that it names.
#[derive(Debug, Clone)]
pub struct Computed {
    /// The derived figure's own citation (an index into `Body::citations`).
    pub citation: usize,
    pub formula: Formula,
    /// The inputs whose labels resolved, in the formula's order.
    pub inputs: Vec<ComputedInput>,
    /// Whether every input resolved: only then can the formula be computed.
    pub complete: bool,
    /// The formula in the page, where a problem with its arithmetic is reported.
    pub title: Range<usize>,
    /// The link in the page, where a figure that does not match the working is reported.
    pub link: Range<usize>,
}

/// One input of a derived figure: the figure its label names.
#[derive(Debug, Clone)]
pub struct ComputedInput {
    pub label: String,
    pub figure: Figure,
    /// The panel entry (0-based) of the input's citation.
    pub entry: usize,
    /// The label in the page, where a problem with its figure is reported.
    pub at: Range<usize>,
}

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
        let whole = self.in_title(&span, title, &(0..title.len()));
        let at = self.register("=", title, span, range.clone(), None, Place::Derived);
        for i in inputs {
            if let Some(c) = self.body.citations.get_mut(i) {
                c.anchor = at.anchor.clone();
            }
        }
        if let Some(p) = prepared {
            self.body.computed.push(Computed {
                citation: at.index,
                formula: p.formula,
                inputs: p.inputs,
                complete: p.complete,
                title: self.offset + whole.start..self.offset + whole.end,
                link: self.offset + range.start..self.offset + range.end,
            });
        }
        self.open_cite_link("cite derived", at.entry, &at.anchor);
        self.citation = Some(OpenCitation {
            index: at.index,
            text: String::new(),
        });
    }

    /// Parses a derived figure's formula and resolves each label to a citation of the page and
    /// a figure of its quote. Each problem is reported; None if the formula cannot be read.
    pub(super) fn prepare_derived(
        &mut self,
        title: &str,
        span: &Range<usize>,
        inputs: &mut Vec<usize>,
    ) -> Option<Prepared> {
        let formula = match formula::parse(title) {
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
        let mut resolved = Vec::new();
        let mut complete = true;
        for input in &formula.inputs {
            let at = self.in_title(span, title, &input.at);
            match self.derived_input(input, at, inputs) {
                Some(found) => resolved.push(found),
                None => complete = false,
            }
        }
        Some(Prepared {
            formula,
            inputs: resolved,
            complete,
        })
    }

    /// One input of a formula: its label resolved to a citation of the page, registered (its
    /// index pushed to `inputs`), and the figure of its quote it names. None, reported at `at`,
    /// when the label names no citation or its quote has no such figure.
    fn derived_input(
        &mut self,
        input: &InputRef,
        at: Range<usize>,
        inputs: &mut Vec<usize>,
    ) -> Option<ComputedInput> {
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
        let fig = match formula::pick_figure(&input.label, input.pick, &def.title) {
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
        let cited = self.register(
            &def.dest,
            &def.title,
            def.span.clone(),
            def.span.clone(),
            Some(String::new()),
            Place::Link,
        );
        if let Some(c) = self.body.citations.get_mut(cited.index) {
            c.link_text = fig.text.clone();
        }
        inputs.push(cited.index);
        Some(ComputedInput {
            label: input.label.clone(),
            figure: fig,
            entry: cited.entry,
            at: self.offset + at.start..self.offset + at.end,
        })
    }
}

/// A derived figure's formula and its inputs, before its link is registered.
pub(super) struct Prepared {
    formula: Formula,
    inputs: Vec<ComputedInput>,
    complete: bool,
}
