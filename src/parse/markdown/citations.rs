//! Citation links: each link to a source becomes a numbered figure with its panel entry.

use super::*;

/// A citing place as [`Pass::register`] numbered it.
pub(super) struct Registered {
    /// Its panel entry (0-based).
    pub entry: usize,
    /// Its anchor in the page (`ref-3-1`), or the element's it was given.
    pub anchor: String,
    /// Its index in `Body::citations`.
    pub index: usize,
}

impl<'a> Pass<'a, '_> {
    /// The end of a citation's link: its digits are checked, and its link text kept.
    pub(super) fn close_citation(&mut self) {
        if let Some(open) = self.citation.take() {
            self.check_digits(open.index, &open.text);
            if let Some(c) = self.body.citations.get_mut(open.index) {
                c.link_text = open.text;
            }
        }
        self.emit(Event::Html("</a>".into()));
    }

    pub(super) fn open_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        if &*dest == "=" {
            self.open_derived(link_type, &title, &id, range);
            return;
        }
        let is_source = self.env.sources.contains(&*dest);
        if is_bare_id(&dest) && (is_source || !title.is_empty()) {
            self.open_citation(link_type, &dest, &title, &id, range);
            return;
        }
        let near = self.near_citation(&dest, &title, &range);
        self.check_unsafe(&dest, &range);
        // A title is shown as a tooltip: its figures are prose, and a citation in it is text.
        if self.citation.is_none() {
            self.flag_figures(&title, false, range.start);
        }
        self.unread_in_title(&title, range.start, "a link's");
        // A near citation is reported once, not again as a link to no file.
        let dest = if near {
            dest
        } else {
            self.resolve(&dest, &range, false)
        };
        self.emit(Event::Start(Tag::Link {
            link_type,
            dest_url: dest,
            title,
            id,
        }));
    }

    pub(super) fn open_citation(
        &mut self,
        link_type: LinkType,
        dest: &str,
        title: &str,
        id: &str,
        range: Range<usize>,
    ) {
        let span = self.quote_span(link_type, id, &range);
        let at = self.register(dest, title, span, range, None, Place::Link);
        self.open_cite_link("cite", at.entry, &at.anchor);
        self.citation = Some(OpenCitation {
            index: at.index,
            text: String::new(),
        });
    }

    /// Where a link's quote is written: the link itself, or its reference definition.
    pub(super) fn quote_span(
        &self,
        link_type: LinkType,
        id: &str,
        range: &Range<usize>,
    ) -> Range<usize> {
        let reference = matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        );
        match self.definitions.get(&id.to_lowercase()) {
            Some(def) if reference => def.span.clone(),
            _ => range.clone(),
        }
    }

    pub(super) fn open_cite_link(&mut self, class: &str, entry: usize, anchor: &str) {
        let mut html = String::with_capacity(128);
        let _ = write!(
            html,
            "<a class=\"{class}\" id=\"{anchor}\" href=\"#cite-{}\" role=\"doc-noteref\" aria-describedby=\"sources-title\">",
            entry + 1
        );
        self.emit(Event::Html(html.into()));
    }

    /// Records one citing place: checks its source and quote, numbers its panel entry
    /// (entries are keyed by source and quote, so places quoting the same words share one) and
    /// gives it an anchor, unless `anchor` names an element that already has one. `span` (the
    /// quote) and `link` (the figure) are body-relative.
    pub(super) fn register(
        &mut self,
        dest: &str,
        title: &str,
        span: Range<usize>,
        link: Range<usize>,
        anchor: Option<String>,
        place: Place,
    ) -> Registered {
        self.check_cited_source(dest, title, &span, place == Place::Derived);
        let key = (dest.to_string(), normalize::normalize(title).text);
        let next = self.entries.len();
        let entry = *self.entries.entry(key).or_insert(next);
        if entry == next {
            self.entry_refs.push(0);
        }
        let anchor = match anchor {
            Some(anchor) => anchor,
            None => {
                let count = self.entry_refs.get_mut(entry).map(|n| {
                    *n += 1;
                    *n
                });
                format!("ref-{}-{}", entry + 1, count.unwrap_or(1))
            }
        };
        let index = self.body.citations.len();
        self.body.citations.push(CitationRef {
            entry,
            source: dest.to_string(),
            quote: title.to_string(),
            link_text: String::new(),
            anchor: anchor.clone(),
            span: self.offset + span.start..self.offset + span.end,
            link: self.offset + link.start..self.offset + link.end,
            place,
        });
        Registered {
            entry,
            anchor,
            index,
        }
    }

    /// Reports a citation of a source the site does not have or the page does not list, and a
    /// citation without a quote; a derived figure cites no source itself, its inputs do.
    fn check_cited_source(&mut self, dest: &str, title: &str, span: &Range<usize>, derived: bool) {
        if derived {
            // A derived figure cites no source; its inputs do.
        } else if !self.env.sources.contains(dest) {
            let help =
                match suggest::did_you_mean(dest, self.env.sources.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if self.env.sources.is_empty() => {
                        "add the article to content/sources/ as <id>.md, with its text".to_string()
                    }
                    None => format!(
                        "the sources are: {}",
                        self.env
                            .sources
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
            self.error(
                Code::UnknownSource,
                &format!("there is no source `{dest}`"),
                span.clone(),
                &help,
            );
        } else if !self.env.declared.iter().any(|d| d == dest) {
            self.error(
                Code::UndeclaredSource,
                &format!("the source `{dest}` is cited but not listed in this page's `sources:`"),
                span.clone(),
                &format!("add it to the front matter: sources: [{dest}]"),
            );
        }
        if title.trim().is_empty() && !derived {
            self.error(
                Code::EmptyQuote,
                "this citation has no quote",
                span.clone(),
                "put the exact words of the source in the link's title: [figure](source-id \"exact words\")",
            );
        }
    }

    /// The body range of `at`, a range of `title`, found in the page where `span` wrote it.
    pub(super) fn in_title(
        &self,
        span: &Range<usize>,
        title: &str,
        at: &Range<usize>,
    ) -> Range<usize> {
        let written = self
            .text
            .get(self.offset + span.start..self.offset + span.end)
            .unwrap_or("");
        match written.rfind(title) {
            Some(i) if !title.is_empty() => span.start + i + at.start..span.start + i + at.end,
            _ => span.clone(),
        }
    }

    /// A reference definition cites when it names a source id, as a link would.
    pub(super) fn is_citation(&self, def: &Definition) -> bool {
        is_bare_id(&def.dest) && (self.env.sources.contains(&def.dest) || !def.title.is_empty())
    }

    /// Help for a label that is not defined: the nearest defined citation (for the first few,
    /// as for broken links), or how to define it.
    pub(super) fn label_help(&mut self, label: &str) -> String {
        let nearest = self.suggest(&label.to_lowercase(), |pass| {
            pass.definitions
                .iter()
                .filter(|(_, d)| pass.is_citation(d))
                .map(|(k, _)| k.clone())
                .collect()
        });
        match nearest {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "define it below the text: [{label}]: source-id \"exact quote with the figure\""
            ),
        }
    }

    /// Refuses a citation whose text holds a digit no figure was read from (another script's
    /// digits, a vulgar fraction, a superscript) or a Roman numeral a reader takes for an
    /// amount ("XCIX troops"; not a name's, "World War II"): the figure check compares only the figures it
    /// reads, so such a digit would reach readers unchecked.
    pub(super) fn check_digits(&mut self, index: usize, link_text: &str) {
        let read = figures::extract(link_text);
        let unread = link_text
            .char_indices()
            .find(|(i, c)| c.is_numeric() && !read.iter().any(|f| f.range.contains(i)));
        let roman = || {
            let ranges: Vec<Range<usize>> = read.iter().map(|f| f.range.clone()).collect();
            figures::unread_roman(link_text, &ranges).map(|r| &link_text[r])
        };
        let unread = match unread {
            Some((i, c)) => Some(&link_text[i..i + c.len_utf8()]),
            None => roman(),
        };
        let (Some(digit), Some(link)) = (
            unread,
            self.body.citations.get(index).map(|c| c.link.clone()),
        ) else {
            return;
        };
        let found = Diagnostic::error(
            Code::UnreadDigit,
            self.file,
            format!("`{digit}` in this citation is not read as part of a figure, so it cannot be checked against the quote"),
        )
        .with_help("write the figure with the digits 0-9 (\"11,000\", \"2.5 million\"), as the quote states it");
        self.push_at(found, link);
    }
}
