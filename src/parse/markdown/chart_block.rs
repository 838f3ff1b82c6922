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

    pub(super) fn close_chart(&mut self) {
        let Some(block) = self.chart.take() else {
            return;
        };
        let to_body = |at: usize| {
            block
                .segments
                .iter()
                .rev()
                .find(|(y, _)| *y <= at)
                .map_or(block.start, |(y, b)| b + (at - y))
        };
        let map = |r: &Range<usize>| {
            let start = to_body(r.start);
            start..start + r.len()
        };
        let chart = match chart::parse(&block.yaml) {
            Ok(chart) => chart,
            Err(problems) => {
                for p in problems {
                    self.error(p.code, &p.message, map(&p.at), &p.help);
                }
                return;
            }
        };
        // Titles and labels are text the reader sees: a number there is a claim like any
        // other, unless it restates one of the chart's own (cited) values.
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
            self.flag_figures_except(text, exact, to_body(start), &backed);
        }
        let mut marks = Vec::with_capacity(chart.items.len());
        for item in &chart.items {
            let value = map(&item.at.value("value"));
            let cited = match &item.citation {
                chart::Citation::Ref(label) => {
                    let def = self.definitions.get(&label.to_lowercase()).cloned();
                    let at = map(&item.at.value("cite"));
                    match def {
                        Some(def) if self.is_citation(&def) => {
                            Some((def.dest, def.title, def.span))
                        }
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
                chart::Citation::Quote { source, quote } => {
                    Some((source.clone(), quote.clone(), map(&item.at.value("quote"))))
                }
            };
            if let Some((dest, quote, span)) = cited {
                let (entry, anchor, index) =
                    self.register(&dest, &quote, span, value, None, Place::Chart);
                if let Some(c) = self.body.citations.get_mut(index) {
                    c.link_text = item.value.clone();
                }
                marks.push(chart_svg::Mark {
                    number: entry + 1,
                    anchor,
                });
            }
        }
        if marks.len() == chart.items.len() {
            self.charts += 1;
            let id = self.unique_id(&format!("chart-{}", self.charts));
            for suffix in ["", "-title", "-desc"] {
                self.used_ids.insert(format!("{id}{suffix}"));
            }
            let html = chart_svg::render(&chart, &id, &marks);
            self.emit(Event::Html(html.into()));
        }
    }
}
