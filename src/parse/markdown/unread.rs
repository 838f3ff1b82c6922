//! Citations the Markdown parser does not read as links: written in raw HTML, in an image's alt
//! text, with a typo that breaks the link's syntax, or by a label no definition gives. Each
//! would reach readers as its raw text with its figure never compared with the quote, so each
//! is reported where it is written.

use super::*;

/// A `[text][label]` or `[label][]` whose label is not defined: where it is, and the label.
pub(super) type Undefined = (Range<usize>, String);

/// The parser's callback for a reference it cannot resolve: notes each full or collapsed one
/// in `broken` and leaves it as text (a `[word]` alone is prose, as in `[sic]`).
pub(super) fn note_undefined<'t>(
    broken: &mut Vec<Undefined>,
) -> impl FnMut(pulldown_cmark::BrokenLink<'t>) -> Option<(CowStr<'t>, CowStr<'t>)> + '_ {
    |link| {
        if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
            broken.push((link.span, link.reference.to_string()));
        }
        None
    }
}

/// Reports a citation in the page's text whose syntax the parser did not read as a link.
pub(super) fn in_text(pass: &mut Pass<'_, '_>, text: &str, exact: bool, start: usize) {
    pass.unread_citation(
        text,
        exact,
        start,
        "not read as a link",
        "write it as [figure](source-id \"exact quote\"), with nothing between the closing quote mark and `)`, or define it on a line of its own as [label]: source-id \"exact quote\"",
    );
}

impl<'a> Pass<'a, '_> {
    /// Raw HTML, escaped as text or passed through: a citation in it is not read, and the
    /// figures a reader sees in it (all of it when escaped, the text between tags otherwise)
    /// are flagged like any other uncited figure.
    pub(super) fn raw_html(&mut self, event: Event<'a>, range: Range<usize>) {
        let (Event::Html(html) | Event::InlineHtml(html)) = &event else {
            return self.emit(event);
        };
        let exact = self
            .text
            .get(self.offset + range.start..self.offset + range.end)
            == Some(&**html);
        self.unread_citation(
            html,
            exact,
            range.start,
            "inside raw HTML, where Markdown is not read",
            "leave a blank line between the HTML and the Markdown, or write the citation outside the HTML",
        );
        let escaped = self.env.raw_html == RawHtml::Escape;
        if self.citation.is_none() {
            if escaped {
                self.flag_figures(html, exact, range.start);
            } else {
                self.flag_shown_html(html, exact, range.start);
            }
        }
        if escaped {
            let html = html.clone();
            self.emit(Event::Text(html));
        } else {
            self.emit(event);
        }
    }

    /// Reports a citation written in `text` (body-relative at `start`, at its exact bytes when
    /// `exact`) that the parser left as text; `place` says where, `help` how to fix it.
    pub(super) fn unread_citation(
        &mut self,
        text: &str,
        exact: bool,
        start: usize,
        place: &str,
        help: &str,
    ) {
        let sources = self.env.sources;
        let Some(found) = written_citation(text, &|id| sources.contains(id), false) else {
            return;
        };
        let range = if exact {
            start + found.start..start + found.end
        } else {
            start..start + 1
        };
        self.error(
            Code::UncheckedCitation,
            &format!("this citation is {place}, so it would be published as text, unchecked"),
            range,
            help,
        );
    }

    /// Reports a citation written in the title of a link or image (`whose`), which is plain text.
    pub(super) fn unread_in_title(&mut self, title: &str, start: usize, whose: &str) {
        self.unread_citation(
            title,
            false,
            start,
            &format!("in {whose} title, which is plain text"),
            "cite the figure in the text, and write it here as plain words",
        );
    }

    /// Reports a link with a title whose destination names a source but is not its bare id
    /// (`<nysun >`, `./nysun`, `nysun%20`, `nysun#p3`, `nysun.md`, `/sources/nysun/`): it
    /// would be published as a link to no file or to the source's page, its quote a tooltip
    /// never checked. Says whether it reported one.
    pub(super) fn near_citation(&mut self, dest: &str, title: &str, range: &Range<usize>) -> bool {
        let decoded = percent_encoding::percent_decode_str(dest).decode_utf8_lossy();
        let path = decoded.split(['#', '?']).next().unwrap_or("").trim();
        let mut named = path.trim_start_matches('/');
        while let Some(rest) = named
            .strip_prefix("../")
            .or_else(|| named.strip_prefix("./"))
        {
            named = rest;
        }
        let named = named.strip_prefix("sources/").unwrap_or(named);
        let named = named.trim_end_matches('/');
        let named = named.strip_suffix(".md").unwrap_or(named);
        let near = !title.is_empty() && named != dest && self.env.sources.contains(named);
        if near {
            self.error(
                Code::UncheckedCitation,
                &format!("this link names the source `{named}` as `{dest}`, so it is not read as a citation and would be published unchecked"),
                range.clone(),
                &format!("write the source's id alone as the destination: [figure]({named} \"exact quote\")"),
            );
        }
        near
    }

    /// Reports a citation inside an image's alt text, which is plain text: the link is dropped.
    pub(super) fn citation_in_alt(&mut self, dest: &str, title: &str, range: Range<usize>) {
        let cites = dest == "=" || (is_bare_id(dest) && self.env.sources.contains(dest));
        if cites || (is_bare_id(dest) && !title.is_empty()) {
            self.error(
                Code::UncheckedCitation,
                "this citation is inside an image's alt text, which is plain text: it would be dropped, unchecked",
                range,
                "cite the figure in the text or in the image's caption (its title), not between the image's brackets",
            );
        }
    }

    /// Reports each `[text][label]` or `[label][]` whose label no definition of the page gives:
    /// the parser leaves it as text, so a citation meant by it is never checked.
    pub(super) fn undefined_labels(&mut self, broken: Vec<Undefined>) {
        let mut seen = HashSet::new();
        for (range, label) in broken {
            if seen.insert(range.start) {
                let help = self.label_help(&label);
                self.error(
                    Code::BrokenLink,
                    &format!("there is no reference definition `{label}` on this page; the link would be published as text"),
                    range,
                    &help,
                );
            }
        }
    }
}

/// Where `text` holds what reads as a citation, `[figure](id "quote")`, `[figure](= "formula")`
/// or a definition `[label]: id "quote"` at a line's start: from its `[` (or `]`) to the end of
/// the id. `cites` says whether a destination is a source id; with `titled`, only a destination
/// followed by a quoted title counts (where the source ids are not known).
pub(crate) fn written_citation(
    text: &str,
    cites: &dyn Fn(&str) -> bool,
    titled: bool,
) -> Option<Range<usize>> {
    // The last `[` and whether only blanks precede it on its line, kept as the text is read
    // once, so that a text of many brackets costs no more than its length.
    let (mut open, mut open_starts_line, mut line_blank) = (None, false, true);
    for (i, c) in text.char_indices() {
        match c {
            '[' => (open, open_starts_line) = (Some(i), line_blank),
            '\n' => line_blank = true,
            ']' => {}
            c => line_blank &= c.is_whitespace(),
        }
        if c != ']' {
            continue;
        }
        line_blank = false;
        let after = &text[i + 1..];
        let (rest, definition) = if let Some(r) = after.strip_prefix('(') {
            let r = r.trim_start();
            (r.strip_prefix('<').unwrap_or(r), false)
        } else if let Some(r) = after.strip_prefix(':') {
            (r.trim_start_matches([' ', '\t']), true)
        } else {
            continue;
        };
        let id_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        let (id, tail) = match rest.strip_prefix('=') {
            Some(tail) if id_len == 0 && !definition => ("=", tail),
            _ => rest.split_at(id_len),
        };
        let titled_here = tail.trim_start().starts_with(['"', '\'', '(']);
        let ends = tail.is_empty()
            || tail.starts_with(|c: char| c.is_whitespace() || "\"'()>".contains(c));
        if id.is_empty()
            || !ends
            || !(id == "=" || cites(id))
            || (titled && !titled_here)
            || (definition && !(open_starts_line && (titled_here || tail.trim().is_empty())))
        {
            continue;
        }
        return Some(open.unwrap_or(i)..text.len() - tail.len());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<&str> {
        written_citation(text, &|id| id == "nysun", false).map(|r| &text[r])
    }

    #[test]
    fn a_citation_left_as_text_is_found() {
        assert_eq!(
            found("said [11,000](nysun \"around 11,000\" x) then"),
            Some("[11,000](nysun")
        );
        assert_eq!(found("[a](<nysun> \"q\" x)"), Some("[a](<nysun"));
        assert_eq!(found("[a](= \"n * 2\" x)"), Some("[a](="));
        assert_eq!(found("[n]: nysun \"q\" extra"), Some("[n]: nysun"));
        assert_eq!(found("<div>[a](nysun \"q\")</div>"), Some("[a](nysun"));
    }

    #[test]
    fn other_brackets_are_prose() {
        assert_eq!(found("[sic] and [a](about) and [b](nysunx \"q\")"), None);
        assert_eq!(found("a [note]: nysun said"), None);
        assert_eq!(found("[a](nysun-2)"), None);
        assert_eq!(
            written_citation("[a](about)", &|_| true, true),
            None,
            "without source ids, only a titled destination is a citation"
        );
        assert!(written_citation("[a](about \"q\")", &|_| true, true).is_some());
    }

    #[test]
    fn many_brackets_cost_their_length() {
        // 400,000 brackets with no `[` before them: each would scan back to the start.
        let text = "]: nysun ".repeat(200_000) + &"](x ".repeat(200_000);
        let start = std::time::Instant::now();
        assert_eq!(found(&text), None);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }
}
