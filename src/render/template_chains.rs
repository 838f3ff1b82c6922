//! How long a chain of templates, each including or extending the next, a theme may hold.
//!
//! Tera checks every template for include and extends loops by walking, from each template in
//! turn, all it reaches, comparing each step with the whole path walked so far: a chain of n
//! templates costs about n³/6 name comparisons (3,000 chained templates took minutes), and its
//! walk recurses once per template of the chain. Rendering recurses too, deeply: a chain of 32
//! includes overflowed the 2 MiB stack of a rendering thread in a debug build, 24 did not. Real
//! themes chain a handful (base, page, partial, component); this bound, checked here in linear
//! time without recursion before Tera sees the templates, keeps both small and reports a longer
//! chain at the statement that goes past it.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic};
use crate::load::theme::Theme;

/// The most templates one chain of includes and extends may hold.
pub(crate) const MAX_CHAIN: usize = 16;

/// An `{% include %}` or `{% extends %}` of a template of the theme: its name and where the
/// statement is in the including template's text.
struct Edge<'a> {
    to: &'a str,
    at: usize,
    len: usize,
}

/// An error at the statement that makes a chain longer than [`MAX_CHAIN`], if there is one.
pub(crate) fn check(theme: &Theme) -> Result<(), Diagnostic> {
    let edges: BTreeMap<&str, Vec<Edge<'_>>> = theme
        .templates
        .iter()
        .map(|(name, (text, _))| (name.as_str(), statements(text, theme)))
        .collect();
    let depth = depths(&edges);
    let Some((&start, _)) = depth.iter().find(|(_, d)| **d > MAX_CHAIN) else {
        return Ok(());
    };
    // Follow the longest way on from `start` to the template whose statement passes the bound.
    let mut chain = vec![start];
    let mut current = start;
    loop {
        let next = edges[current]
            .iter()
            .max_by_key(|e| depth.get(e.to).copied().unwrap_or(0));
        let Some(edge) = next else {
            return Ok(());
        };
        if chain.len() == MAX_CHAIN {
            return Err(too_long(theme, current, edge, &chain));
        }
        chain.push(edge.to);
        current = edge.to;
    }
}

fn too_long(theme: &Theme, name: &str, edge: &Edge<'_>, chain: &[&str]) -> Diagnostic {
    let (text, origin) = &theme.templates[name];
    let shown = match chain {
        [first, second, .., last] => format!("{first} → {second} → … → {last}"),
        _ => chain.join(" → "),
    };
    Diagnostic::error(
        Code::TooDeep,
        origin.shown(),
        format!(
            "this statement makes a chain of more than {MAX_CHAIN} templates, each including or extending the next ({shown} → {})",
            edge.to
        ),
    )
    .at(text, edge.at..edge.at + edge.len)
    .with_help(format!(
        "a theme may chain at most {MAX_CHAIN} templates: put the parts in fewer templates, or include them side by side from one"
    ))
}

/// The names of the templates of the theme that `text` includes or extends.
pub(crate) fn named<'a>(text: &str, theme: &'a Theme) -> impl Iterator<Item = &'a str> {
    statements(text, theme).into_iter().map(|e| e.to)
}

/// The `{% include "…" %}` and `{% extends "…" %}` statements of `text` naming templates of the
/// theme (a name the theme lacks is Tera's to report).
fn statements<'a>(text: &str, theme: &'a Theme) -> Vec<Edge<'a>> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("{%") {
        let rest = text[at + 2..].trim_start_matches(['-', '+']).trim_start();
        let Some(rest) = ["include", "extends"]
            .iter()
            .find_map(|word| rest.strip_prefix(word))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let Some(name) = rest[1..].split(quote).next() else {
            continue;
        };
        if let Some((to, _)) = theme.templates.get_key_value(name) {
            let len = text[at..].find("%}").map_or(2, |end| end + 2);
            found.push(Edge { to, at, len });
        }
    }
    found
}

/// For each template, how many templates the longest chain starting at it holds, found without
/// recursion; a loop is cut where it closes (Tera reports it).
fn depths<'a>(edges: &BTreeMap<&'a str, Vec<Edge<'a>>>) -> BTreeMap<&'a str, usize> {
    let mut depth: BTreeMap<&str, usize> = BTreeMap::new();
    let mut open: BTreeMap<&str, bool> = BTreeMap::new();
    for &start in edges.keys() {
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some((name, next)) = stack.pop() {
            if next == 0 && depth.contains_key(name) {
                continue;
            }
            open.insert(name, true);
            let out = &edges[name];
            if let Some(edge) = out.get(next) {
                stack.push((name, next + 1));
                let seen = depth.contains_key(edge.to) || open.get(edge.to) == Some(&true);
                if !seen {
                    stack.push((edge.to, 0));
                }
                continue;
            }
            let longest = out
                .iter()
                .filter_map(|e| depth.get(e.to))
                .max()
                .copied()
                .unwrap_or(0);
            depth.insert(name, longest + 1);
            open.insert(name, false);
        }
    }
    depth
}
