//! Findings printed for a person or for a tool.
//!
//! Which findings are shown is decided in one pass in order; the text of each is then made on
//! every core, a block at a time, and written in order. A site with 300,000 uncited figures
//! prints 200,000 of them (twenty per file), and making their text one by one on the main
//! thread was a tenth of such a build's serial time.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rayon::prelude::*;

use super::{Code, Diagnostic, Group, SHOWN_PER_KIND, Severity};

/// How many findings are made into text at once before they are written.
const BLOCK: usize = 4096;

/// What the printed list holds, in order: a finding shown in full, or the line counting a
/// file's findings of one kind past the first [`SHOWN_PER_KIND`].
enum Line<'a> {
    Shown(&'a Diagnostic),
    More {
        file: &'a Path,
        severity: Severity,
        code: Code,
        more: usize,
    },
}

/// Writes findings for a person, buffered: at most [`SHOWN_PER_KIND`] of one kind for one file
/// in full, then one line saying how many more there are. Findings come sorted by file, so
/// each file's summary follows its findings. When two or more citations of one source do not
/// match its text (see [`Diagnostic::in_group`]), they come first, under one heading naming
/// the source with their count: a changed article shows everything it broke at once.
pub fn print_human(found: &[Diagnostic], out: impl Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    // Each source's mismatches, in the order their sources first appear.
    let mut members: HashMap<&Group, Vec<&Diagnostic>> = HashMap::new();
    let mut order: Vec<&Group> = Vec::new();
    for d in found {
        if let Some(group) = &d.group {
            let list = members.entry(group).or_default();
            if list.is_empty() {
                order.push(group);
            }
            list.push(d);
        }
    }
    order.retain(|g| members[g].len() >= 2);
    let grouped = |d: &Diagnostic| d.group.as_ref().is_some_and(|g| members[g].len() >= 2);
    for group in &order {
        let list = &members[group];
        writeln!(
            out,
            "error: {} citations of the source `{}` do not match its text\n  --> {}\n  = note: they follow; if the text changed on purpose (an updated article, an edit), quote its new words in each, otherwise restore the text\n",
            list.len(),
            group.source,
            group.file.display()
        )?;
        write_lines(&mut out, &lines(list.iter().copied()))?;
    }
    let rest = found.iter().filter(|d| !grouped(d));
    write_lines(&mut out, &lines(rest))?;
    out.flush()
}

/// Writes findings for a tool: one JSON object a line, each finding.
pub fn print_json(found: &[Diagnostic], out: impl Write) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, out);
    for block in found.chunks(BLOCK) {
        let texts: Vec<String> = block.par_iter().map(Diagnostic::to_json).collect();
        for text in texts {
            writeln!(out, "{text}")?;
        }
    }
    out.flush()
}

/// What to print of `found`, a file's findings together: the first [`SHOWN_PER_KIND`] of each
/// kind, then one line per kind counting the rest.
fn lines<'a>(found: impl Iterator<Item = &'a Diagnostic>) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut file: Option<&Path> = None;
    let mut counts: Vec<((Severity, Code), usize)> = Vec::new();
    // How many findings of each kind this file has had; the count starts again with each file.
    let mut seen: HashMap<(Severity, Code), usize> = HashMap::new();
    for d in found {
        if file != Some(d.file.as_path()) {
            if let Some(done) = file {
                summarise(&mut lines, done, &counts);
            }
            file = Some(&d.file);
            counts.clear();
            seen.clear();
        }
        let n = seen.entry((d.severity, d.code)).or_insert(0);
        *n += 1;
        if *n <= SHOWN_PER_KIND {
            lines.push(Line::Shown(d));
        } else if let Some(c) = counts.iter_mut().find(|(k, _)| *k == (d.severity, d.code)) {
            c.1 += 1;
        } else {
            counts.push(((d.severity, d.code), 1));
        }
    }
    if let Some(done) = file {
        summarise(&mut lines, done, &counts);
    }
    lines
}

fn summarise<'a>(lines: &mut Vec<Line<'a>>, file: &'a Path, counts: &[((Severity, Code), usize)]) {
    lines.extend(counts.iter().map(|&((severity, code), more)| Line::More {
        file,
        severity,
        code,
        more,
    }));
}

/// Makes the text of each line on every core, a block at a time, and writes it in order.
fn write_lines(out: &mut impl Write, lines: &[Line<'_>]) -> io::Result<()> {
    for block in lines.chunks(BLOCK) {
        let texts: Vec<String> = block.par_iter().map(text).collect();
        for text in texts {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// `note: and 2,980 more warning[uncited-figure] in content/a.md; ...`, or a finding in full.
fn text(line: &Line<'_>) -> String {
    match line {
        Line::Shown(d) => format!("{d}\n"),
        Line::More {
            file,
            severity,
            code,
            more,
        } => {
            let label = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            format!(
                "note: and {} more {label}[{code}] in {} (the first {SHOWN_PER_KIND} are shown); `--format json` lists all\n\n",
                thousands(*more),
                file.display()
            )
        }
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_twenty_findings_of_a_kind_per_file_then_counts_the_rest() {
        let text = "7 ".repeat(3_000);
        let mut found: Vec<Diagnostic> = (0..3_000)
            .map(|i| {
                Diagnostic::warning(Code::UncitedFigure, "a.md", "uncited")
                    .at(&text, 2 * i..2 * i + 1)
            })
            .collect();
        found.push(Diagnostic::error(Code::FrontMatter, "b.md", "never closed"));
        let mut out = Vec::new();
        print_human(&found, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out.matches("warning[uncited-figure]: uncited").count(),
            SHOWN_PER_KIND
        );
        assert!(
            out.contains("note: and 2,980 more warning[uncited-figure] in a.md (the first 20 are shown); `--format json` lists all"),
            "{out}"
        );
        assert!(out.contains("error[front-matter]: never closed"), "{out}");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
