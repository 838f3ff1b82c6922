//! Chart blocks: a ```chart block is read, its items cited like links, and drawn.

use super::*;

impl<'a> Pass<'a, '_> {
    /// Inside a ```chart block: gather its text, and draw it at its end.
    pub(super) fn chart_event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Text(text) => {
                if let Some(block) = &mut self.chart {
                    let body = self.text.get(self.offset..).unwrap_or("");
                    // Text of an indented block may lose its indentation: it ends where its
                    // range ends.
                    let start = if body.get(range.clone()) == Some(&*text) {
                        range.start
                    } else {
                        range.end.saturating_sub(text.len()).max(range.start)
                    };
                    block.segments.push((block.yaml.len(), start));
                    block.yaml.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.close_chart(),
            _ => {}
        }
    }

    /// At a chart block's end: reads its YAML, flags figures in its text that no citation
    /// backs, cites each item and, when every item is cited, draws the chart.
    pub(super) fn close_chart(&mut self) {
        let Some(block) = self.chart.take() else {
            return;
        };
        let chart = match chart::parse(&block.yaml) {
            Ok(chart) => chart,
            Err(problems) => {
                for p in problems {
                    self.error(p.code, &p.message, block.map(&p.at), &p.help);
                }
                return;
            }
        };
        self.flag_chart_texts(&block, &chart);
        let marks = self.cite_chart_items(&block, &chart);
        if marks.len() == chart.items.len() {
            self.draw_chart(&chart, &marks);
        }
    }

    /// Titles and labels are text the reader sees: a number there is a claim like any other,
    /// unless it restates one of the chart's own (cited) values.
    fn flag_chart_texts(&mut self, block: &ChartBlock, chart: &chart::Chart) {
        let mut backed = Vec::new();
        for item in &chart.items {
            if let figures::Value::Range(low, high) = &item.figure.value {
                backed.push(figures::Value::One(low.clone()));
                backed.push(figures::Value::One(high.clone()));
            }
            backed.push(item.figure.value.clone());
        }
        for (text, at) in &chart.texts {
            let written = block.yaml.get(at.clone()).unwrap_or("");
            let unquoted = written
                .get(1..written.len().saturating_sub(1))
                .filter(|_| written.starts_with(['"', '\'']));
            let (exact, start) = if written == text {
                (true, at.start)
            } else if unquoted == Some(text.as_str()) {
                (true, at.start + 1)
            } else {
                (false, at.start)
            };
            self.flag_figures_except(text, exact, block.to_body(start), &backed);
        }
    }

    /// Registers each item's citation as a link's would be; the bars' marks, one per item
    /// whose citation resolved.
    fn cite_chart_items(&mut self, block: &ChartBlock, chart: &chart::Chart) -> Vec<chart::Mark> {
        let mut marks = Vec::with_capacity(chart.items.len());
        for item in &chart.items {
            let value = block.map(&item.at.value("value"));
            let Some(cited) = self.chart_citation(block, item) else {
                continue;
            };
            let at = self.register(
                &cited.dest,
                &cited.quote,
                cited.span,
                value,
                None,
                Place::Chart,
            );
            if let Some(c) = self.body.citations.get_mut(at.index) {
                c.link_text = item.value.clone();
            }
            marks.push(chart::Mark {
                number: at.entry + 1,
                anchor: at.anchor,
            });
        }
        marks
    }

    /// An item's source and quote: its own, or its reference definition's; None, reported, when
    /// the label names no citation of the page.
    fn chart_citation(&mut self, block: &ChartBlock, item: &chart::Item) -> Option<ChartCitation> {
        match &item.citation {
            chart::Citation::Ref(label) => {
                let def = self.definitions.get(&label.to_lowercase()).cloned();
                let at = block.map(&item.at.value("cite"));
                match def {
                    Some(def) if self.is_citation(&def) => Some(ChartCitation {
                        dest: def.dest,
                        quote: def.title,
                        span: def.span,
                    }),
                    Some(def) => {
                        self.error(
                            Code::ChartCite,
                            &format!("`{label}` is not a citation: it links to `{}`", def.dest),
                            at,
                            "define it as a citation: [label]: source-id \"exact quote\"",
                        );
                        None
                    }
                    None => {
                        let help = self.label_help(label);
                        self.error(
                            Code::ChartCite,
                            &format!("there is no reference `[{label}]` on this page"),
                            at,
                            &help,
                        );
                        None
                    }
                }
            }
            chart::Citation::Quote { source, quote } => Some(ChartCitation {
                dest: source.clone(),
                quote: quote.clone(),
                span: block.map(&item.at.value("quote")),
            }),
        }
    }

    /// The chart's SVG in place of the block, under an id of its own.
    fn draw_chart(&mut self, chart: &chart::Chart, marks: &[chart::Mark]) {
        self.charts += 1;
        let id = self.unique_id(&format!("chart-{}", self.charts));
        for suffix in ["", "-title", "-desc"] {
            self.used_ids.insert(format!("{id}{suffix}"));
        }
        let html = (self.env.draw_chart)(chart, &id, marks);
        self.emit(Event::Html(html.into()));
    }
}

/// What a chart item cites: a source, its quote, and where the quote is written in the body.
struct ChartCitation {
    dest: String,
    quote: String,
    span: Range<usize>,
}

impl ChartBlock {
    /// A place in the block's YAML as a place in the body.
    fn to_body(&self, at: usize) -> usize {
        self.segments
            .iter()
            .rev()
            .find(|(y, _)| *y <= at)
            .map_or(self.start, |(y, b)| b + (at - y))
    }

    /// A range of the block's YAML as a range of the body.
    fn map(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.to_body(r.start);
        start..start + r.len()
    }
}
