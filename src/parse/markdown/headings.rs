//! Headings: stable, unique ids and the table of contents.

use super::*;

impl<'a> Pass<'a, '_> {
    pub(super) fn close_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let title = shown(h.text.trim());
        let id = match &h.id {
            Some(id) => {
                let taken = self.used_ids.contains(id.as_ref())
                    || ["cite-", "ref-", "passage-"]
                        .iter()
                        .any(|p| id.starts_with(p));
                if taken {
                    self.error(
                        Code::HeadingId,
                        &format!("the heading id `{id}` is already taken"),
                        h.range.clone(),
                        "choose another {#id}: ids starting with cite-, ref- or passage-, the ids \
                         main, content, sources, sources-title and top, and other headings' ids are taken",
                    );
                }
                id.to_string()
            }
            None => self.unique_id(&slugify(&title)),
        };
        self.used_ids.insert(id.clone());
        let level = h.level as u8;
        self.out.push(Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.clone().into()),
            classes: h.classes,
            attrs: Vec::new(),
        }));
        self.out.extend(h.events);
        self.out.push(Event::End(TagEnd::Heading(h.level)));
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        match level {
            2 => self.body.toc.push(entry),
            3 => match self.body.toc.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => self.body.toc.push(entry),
            },
            _ => {}
        }
    }

    pub(super) fn unique_id(&self, base: &str) -> String {
        let base = if base.starts_with("cite-")
            || base.starts_with("ref-")
            || base.starts_with("passage-")
        {
            format!("h-{base}")
        } else {
            base.to_string()
        };
        if !self.used_ids.contains(&base) {
            return base;
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.used_ids.contains(id))
            .unwrap_or(base)
    }
}

/// A heading's text as the reader sees it: `[3]{.not-figure}` shown as `3`.
fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, inner, after)) = not_figure_span(rest) {
        out.push_str(before);
        out.push_str(inner);
        rest = after;
    }
    out.push_str(rest);
    out
}
