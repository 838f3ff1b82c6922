//! `site quote`: find the passage to cite. Ranks the sentences of the project's sources
//! against an editor's words (or lists those stating a figure) and prints each with its place
//! and a reference definition to paste into a page.
//!
//! Sources are read and parsed exactly as the build reads them; the search, the diff and the
//! definition come from the citation core, so what this command prints is what the build checks.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use serde::Serialize;

use crate::cite::diff::{WordChange, diff_quote, render_diff};
use crate::cite::rank::{Index, Query};
use crate::cite::reference;
use crate::cmd::report::{self, Format};
use crate::diag::{Code, Diagnostic, suggest};
use crate::load::content::{self, Kind};
use crate::parse::page;
use crate::parse::source::Source;
use crate::text::figures;

/// The command's arguments.
#[derive(Debug, Args)]
pub struct QuoteArgs {
    /// A source id to search (default: every source), then the words to look for.
    #[arg(value_name = "WORDS")]
    pub words: Vec<String>,
    /// List the passages stating this figure, written any way the build reads figures
    /// (11,000 or 11000, $2,000, 1.2 million, 25,000-30,000).
    #[arg(long)]
    pub figure: Option<String>,
    /// How many passages to show (default: 5 for words, every one for a figure).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print the passages as one JSON object, for scripts and editors.
    #[arg(long)]
    pub json: bool,
}

/// A sentence shorter than this, in words, is shown with its paragraph's neighbours.
const SHORT_SENTENCE: usize = 12;

#[derive(Debug, Serialize)]
struct Output {
    words: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    figure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    hits: Vec<Hit>,
}

#[derive(Debug, Serialize)]
struct Hit {
    source: String,
    file: PathBuf,
    line: usize,
    column: usize,
    /// The whole sentence, white space collapsed.
    text: String,
    /// The sentences before and after it in its paragraph, when it is short.
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    score: f32,
    /// The typed words occur in this sentence as they are (typography aside).
    exact: bool,
    /// From the typed words to the sentence.
    diff: Vec<WordChange>,
    label: String,
    definition: String,
}

/// Runs `site quote`; exit 0 when a passage was found, 1 when none (or the project is
/// unreadable), 2 for a bad command line.
pub(crate) fn run(root: &Path, args: &QuoteArgs) -> ExitCode {
    let (sources, problems) = match load(root) {
        Ok(found) => found,
        Err(found) => {
            report::print(&report::as_typed(root, found), Format::Human);
            return ExitCode::from(1);
        }
    };
    report::print(&report::as_typed(root, problems), Format::Human);
    let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let (only, words) = match pick_source(&args.words, &ids) {
        Ok(picked) => picked,
        Err(message) => return usage(&message),
    };
    if words.is_empty() && args.figure.is_none() {
        return usage("give the words to look for, or a figure with --figure");
    }
    if let Some(figure) = &args.figure
        && figures::extract(figure).is_empty()
    {
        return usage(&format!(
            "`{figure}` is not a figure: write a number such as 11,000, $2,000 or 1.2 million"
        ));
    }
    let searched: Vec<&Source> = sources
        .iter()
        .map(|s| &**s)
        .filter(|s| only.is_none_or(|id| s.id == id))
        .collect();
    let mut hits = find(&searched, &words, args);
    let shown = report::shown_root(root);
    for hit in &mut hits {
        hit.file = shown.join(&hit.file);
    }
    let found = !hits.is_empty();
    let output = Output {
        words,
        figure: args.figure.clone(),
        source: only.map(str::to_string),
        hits,
    };
    if args.json {
        match serde_json::to_string_pretty(&output) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: cannot write JSON: {e}"),
        }
    } else if found {
        print_hits(&output);
    } else {
        let place = output
            .source
            .as_ref()
            .map_or("any source".to_string(), |id| format!("the source `{id}`"));
        let what = match &output.figure {
            Some(f) if output.words.is_empty() => format!("states the figure {f}"),
            Some(f) => format!("states the figure {f} and matches `{}`", output.words),
            None => format!("matches `{}`", output.words),
        };
        eprintln!("no passage of {place} {what}");
    }
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The sources a search reads, shared with nothing else but kept as the build keeps them.
type Sources = Vec<Arc<Source>>;

/// Every source of the project, parsed as the build parses them; the sources that cannot be
/// read are reported beside the ones that can.
fn load(root: &Path) -> Result<(Sources, Vec<Diagnostic>), Vec<Diagnostic>> {
    let root = content::project_root(root)?;
    let config = content::config(&root)?;
    let scan = content::scan(&root)?;
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for found in scan.found.iter().filter(|f| f.kind == Kind::Source) {
        let parsed = content::read(found).map_or_else(page::ParsedSource::unread, |file| {
            page::parse_source(&file, &config)
        });
        problems.extend(parsed.problem);
        sources.extend(parsed.source);
    }
    if sources.is_empty() {
        problems.push(
            Diagnostic::error(
                Code::Quote,
                "content/sources/",
                "there is no source to search",
            )
            .with_help("store an article as content/sources/<id>.md"),
        );
        return Err(problems);
    }
    Ok((sources, problems))
}

/// Splits the positional words into an optional source id and the words to look for. A first
/// word that is not a source but looks like a misspelt one is refused, rather than searched for.
fn pick_source<'a>(
    words: &'a [String],
    ids: &[&'a str],
) -> Result<(Option<&'a str>, String), String> {
    let Some(first) = words.first() else {
        return Ok((None, String::new()));
    };
    if let Some(id) = ids.iter().find(|id| **id == first.as_str()) {
        let rest = words.get(1..).unwrap_or(&[]).join(" ");
        return Ok((Some(id), rest));
    }
    let looks_like_id =
        first.contains(['-', '_']) && !first.contains(char::is_whitespace) && words.len() > 1;
    if looks_like_id && let Some(id) = suggest::did_you_mean(first, ids.iter().copied()) {
        return Err(format!(
            "there is no source `{first}`; did you mean `{id}`?"
        ));
    }
    Ok((None, words.join(" ")))
}

fn find(sources: &[&Source], words: &str, args: &QuoteArgs) -> Vec<Hit> {
    let texts: Vec<_> = sources.iter().map(|s| s.text.article()).collect();
    let index = Index::new(&texts);
    let query = index.query(words);
    let passages = index.passages();
    let text_of = |i: usize| {
        passages.get(i).and_then(|p| {
            let source = sources.get(p.source)?;
            source.text.text().get(p.sentence.range.clone())
        })
    };
    let ranked = rank(&index, &query, args.figure.as_deref(), &text_of);
    let limit = args
        .limit
        .unwrap_or(if args.figure.is_some() { usize::MAX } else { 5 });
    let mut labels: Vec<String> = Vec::new();
    let mut hits = Vec::new();
    for (i, score) in ranked.into_iter().take(limit) {
        let (Some(passage), Some(text)) = (passages.get(i), text_of(i)) else {
            continue;
        };
        let Some(source) = sources.get(passage.source) else {
            continue;
        };
        let neighbour = |j: Option<usize>| {
            let j = j?;
            let other = passages.get(j)?;
            (other.source == passage.source
                && other.sentence.paragraph == passage.sentence.paragraph)
                .then(|| text_of(j).map(collapse))?
        };
        let short = text.split_whitespace().count() < SHORT_SENTENCE;
        let (before, after) = if short {
            (neighbour(i.checked_sub(1)), neighbour(Some(i + 1)))
        } else {
            (None, None)
        };
        let range = passage.sentence.range.clone();
        let exact = !words.is_empty()
            && source
                .text
                .find(words)
                .is_ok_and(|m| range.start <= m.span.start && m.span.end <= range.end);
        let label = unique(index.label(i, text, &query), &labels);
        labels.push(label.clone());
        let (line, column) = place(source, range.start);
        hits.push(Hit {
            source: source.id.clone(),
            file: source.file.clone(),
            line,
            column,
            text: collapse(text),
            before,
            after,
            score: round(score),
            exact,
            diff: if words.is_empty() {
                Vec::new()
            } else {
                diff_quote(words, text)
            },
            definition: reference::definition(&label, &source.id, text),
            label,
        });
    }
    hits
}

/// The passages to show, best first, with their scores: those ranked for the words, or, with a
/// figure, every passage stating it, ranked by the words when there are any.
fn rank<'a>(
    index: &Index,
    query: &Query,
    figure: Option<&str>,
    text_of: &dyn Fn(usize) -> Option<&'a str>,
) -> Vec<(usize, f32)> {
    let Some(figure) = figure else {
        return index
            .search(query)
            .into_iter()
            .map(|h| (h.passage, h.score))
            .collect();
    };
    let mut stating: Vec<(usize, f32)> = (0..index.passages().len())
        .filter(|&i| text_of(i).is_some_and(|t| figures::check(figure, t).is_ok()))
        .map(|i| (i, index.score(i, query)))
        .collect();
    stating.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    stating
}

/// Scores with two decimals: more would only be noise in JSON.
fn round(score: f32) -> f32 {
    (score * 100.0).round() / 100.0
}

/// `label`, or `label-2`, `label-3`… when an earlier hit has it, so every printed definition
/// can be pasted into the same page.
fn unique(label: String, taken: &[String]) -> String {
    if !taken.contains(&label) {
        return label;
    }
    (2..)
        .map(|n| format!("{label}-{n}"))
        .find(|l| !taken.contains(l))
        .unwrap_or(label)
}

/// The 1-based line and column (in characters) of a byte offset of a source's text.
fn place(source: &Source, offset: usize) -> (usize, usize) {
    let before = source.text.text().get(..offset).unwrap_or("");
    let line = source.body_line + before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn print_hits(output: &Output) {
    let mut out = std::io::stdout().lock();
    for (n, hit) in output.hits.iter().enumerate() {
        if n > 0 {
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "{}:{}:{}", hit.file.display(), hit.line, hit.column);
        if let Some(before) = &hit.before {
            let _ = writeln!(out, "    {before}");
        }
        let _ = writeln!(out, "  > {}", hit.text);
        if let Some(after) = &hit.after {
            let _ = writeln!(out, "    {after}");
        }
        let informative = close(&hit.diff, &output.words);
        if hit.exact {
            let _ = writeln!(out, "  = the words are in this sentence as typed");
        } else if informative {
            let _ = writeln!(out, "  = differs: {}", render_diff(&hit.diff));
        }
        let _ = writeln!(out, "  {}", hit.definition);
    }
}

/// Whether a diff is worth showing: the typed words are close to the sentence's (at least half
/// of them in it, in order, and not drowned in the sentence's other words) without being in it
/// as typed. A diff from a few keywords to a long sentence would only be noise.
fn close(diff: &[WordChange], words: &str) -> bool {
    let count = |s: &str| s.split(' ').count();
    let typed = words.split_whitespace().count();
    let (mut same, mut extra, mut changed) = (0, 0, false);
    for change in diff {
        match change {
            WordChange::Same(w) => same += count(w),
            WordChange::Extra(w) => {
                extra += count(w);
                changed = true;
            }
            WordChange::Missing(_) => changed = true,
        }
    }
    changed && same * 2 >= typed && extra <= typed * 2
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
