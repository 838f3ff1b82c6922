//! `site source add`: store an article as a source, from a saved page or a plain-text file.
//!
//! The text is extracted by `import`; this command reads the input, decides the id, refuses to
//! replace an existing source unless told to, writes the file and says what it kept and left
//! out. With `--force` it checks the site before and after, and lists the citations the new
//! text breaks.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::build::{self, Options};
use crate::diag::{Code, Diagnostic};
use crate::import::record::{self, Record};
use crate::import::{Article, date, extract, id, text};
use crate::parse::front_matter::{self, is_iso_date};

#[derive(Debug, Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    command: SourceCommand,
}

/// Commands about the stored sources.
#[derive(Debug, Subcommand)]
enum SourceCommand {
    /// Import an article into content/sources/ from a saved page, a text file or standard input.
    Add(AddArgs),
}

#[derive(Debug, Args)]
struct AddArgs {
    /// The saved page (HTML), a plain-text file, or `-` for standard input.
    pub file: PathBuf,
    /// The source's id (default: from the publisher and the title).
    #[arg(long)]
    pub id: Option<String>,
    /// Replace an existing source of that id, and list the citations the new text breaks.
    #[arg(long)]
    pub force: bool,
    /// Print what would be stored, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The title, where the page does not state it (or states it wrongly).
    #[arg(long)]
    pub title: Option<String>,
    /// The publisher, where the page does not state it.
    #[arg(long)]
    pub publisher: Option<String>,
    /// The day the page was saved, as 2024-03-06 (default: today).
    #[arg(long)]
    pub retrieved: Option<String>,
}

/// Prints a line of the report; a closed standard output (`| head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The same on standard error.
macro_rules! warn {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// A diagnostic on standard error, as rendered (it ends its own lines).
macro_rules! warn_raw {
    ($d:expr) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), "{}", $d);
    }};
}

/// The largest input read: the build's own limit for a text file.
const MAX_BYTES: usize = 16 * 1024 * 1024;

/// A refusal: its code's kind gives the exit code, 2 for a bad command line, 1 for input that
/// cannot be imported.
type Refusal = Diagnostic;

fn usage(file: &Path, message: impl Into<String>, help: impl Into<String>) -> Refusal {
    Diagnostic::error(Code::Usage, file, message).with_help(help.into())
}

fn bad_input(file: &Path, message: impl Into<String>, help: impl Into<String>) -> Refusal {
    Diagnostic::error(Code::Import, file, message).with_help(help.into())
}

/// Runs a `site source` command.
pub(crate) fn run(root: &Path, args: SourceArgs) -> ExitCode {
    let SourceCommand::Add(args) = args.command;
    match add(root, &args) {
        Ok(code) => code,
        Err(refusal) => {
            warn_raw!(refusal);
            ExitCode::from(refusal.code.kind().exit_code())
        }
    }
}

fn add(root: &Path, args: &AddArgs) -> Result<ExitCode, Refusal> {
    if !root.join("site.yaml").is_file() {
        return Err(usage(
            &root.join("site.yaml"),
            "there is no site.yaml here",
            "run the command in a project's folder, or give it with --root",
        ));
    }
    let input = read_input(&args.file)?;
    let article = if is_html(&args.file, &input) {
        extract::extract(&input)
            .map_err(|e| bad_input(&args.file, e.to_string(), "save the article's own page (File → Save Page As, \"HTML only\"), or import its text as a plain-text file"))?
    } else {
        Article {
            paragraphs: text::paragraphs(&input),
            ..Article::default()
        }
    };
    if article.paragraphs.is_empty() {
        return Err(bad_input(
            &args.file,
            "this file has no text to store",
            "give the article's text, paragraphs separated by blank lines",
        ));
    }
    let record = make_record(args, &article)?;
    let id = match &args.id {
        Some(id) if !id::is_valid(id) => {
            return Err(usage(
                &args.file,
                format!("`{id}` cannot be a source id"),
                "use letters, digits, `-` and `_` only, such as nysun-pyongyang",
            ));
        }
        Some(id) => id.clone(),
        None => id::derive(&record.publisher, &record.title),
    };
    let rel = format!("content/sources/{id}.md");
    let path = root.join(&rel);
    let exists = path.exists();
    if exists && !args.force {
        return Err(usage(
            &path,
            format!("the source `{id}` already exists; nothing was written"),
            "give the new source another id with --id, or replace this one with --force (which lists the citations the new text breaks)",
        ));
    }
    let file_text = record::file_text(&record, &article.paragraphs).map_err(|e| {
        bad_input(
            &args.file,
            format!("the record cannot be written as YAML: {e}"),
            "report this as a bug, with the page",
        )
    })?;
    self_check(&path, &file_text)?;
    print_summary(&args.file, &rel, &id, &article, &record, args.dry_run);
    if args.dry_run {
        say!("Dry run: nothing was written.");
        return Ok(ExitCode::SUCCESS);
    }
    let before = (exists && args.force).then(|| errors(root));
    write(&path, &file_text)?;
    say!("Wrote {rel}");
    match before {
        Some(before) => Ok(report_broken(root, &id, &before)),
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Writes the source's file, making `content/sources/` when the project has none yet. Never
/// through a link, by the file's name or the folder's: it would write outside the project.
fn write(path: &Path, file_text: &str) -> Result<(), Refusal> {
    let linked = |p: &Path| {
        p.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    };
    if let Some(link) = [Some(path), path.parent()]
        .into_iter()
        .flatten()
        .find(|p| linked(p))
    {
        return Err(usage(
            link,
            "this is a link, so the source would be written wherever it leads; nothing was written"
                .to_string(),
            "delete the link: a source is a file of the project's content/sources/",
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            usage(
                dir,
                format!("cannot create the folder: {e}"),
                "check that the project's folder can be written",
            )
        })?;
    }
    std::fs::write(path, file_text).map_err(|e| {
        usage(
            path,
            format!("cannot write the source: {e}"),
            "check that the project's folder can be written",
        )
    })
}

/// The input as text: a file, or standard input for `-`; at most 16 MB, UTF-8 only.
fn read_input(file: &Path) -> Result<String, Refusal> {
    let mut bytes = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        usage(
            file,
            format!("cannot read the file: {e}"),
            "give the path of a saved page or a text file, or - for standard input",
        )
    })?;
    if bytes.len() > MAX_BYTES {
        return Err(bad_input(
            file,
            "this file is over 16 MB; at most 16 MB is read",
            "save the article's page alone (\"HTML only\"), without its images",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        bad_input(
            file,
            format!(
                "this file is not valid UTF-8 (at byte {})",
                e.utf8_error().valid_up_to()
            ),
            "save the page as UTF-8, or convert it (for example with iconv)",
        )
    })
}

/// HTML by its name, or by its first character when the name does not say.
fn is_html(file: &Path, input: &str) -> bool {
    match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm" | "xhtml" | "shtml") => true,
        Some("txt" | "text" | "md") => false,
        _ => input
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    }
}

/// The record from what the page states, with the command line's title and publisher first.
fn make_record(args: &AddArgs, article: &Article) -> Result<Record, Refusal> {
    let facts = &article.facts;
    let title = args
        .title
        .clone()
        .or_else(|| facts.title.clone())
        .ok_or_else(|| {
            usage(
                &args.file,
                "the page does not state its title",
                "give it with --title \"...\"",
            )
        })?;
    let publisher = args
        .publisher
        .clone()
        .or_else(|| facts.publisher.clone())
        .ok_or_else(|| {
            usage(
                &args.file,
                "the page does not state its publisher",
                "give it with --publisher \"...\"",
            )
        })?;
    let retrieved = match &args.retrieved {
        Some(day) if !is_iso_date(day) => {
            return Err(usage(
                &args.file,
                format!("`--retrieved {day}` is not an ISO 8601 date"),
                "write the day as 2024-03-06",
            ));
        }
        Some(day) => day.clone(),
        None => date::today(),
    };
    Ok(Record {
        title,
        publisher,
        authors: facts.authors.clone(),
        url: facts.url.clone(),
        published: facts.published.clone(),
        modified: facts.modified.clone(),
        retrieved,
        rights: "excerpts",
        captions: article.captions.clone(),
    })
}

/// The file about to be written must read back as a source the build accepts.
fn self_check(path: &Path, file_text: &str) -> Result<(), Refusal> {
    let split = front_matter::split(path, file_text)?;
    front_matter::source_meta(path, file_text, &split)?;
    Ok(())
}

fn print_summary(
    file: &Path,
    rel: &str,
    id: &str,
    article: &Article,
    record: &Record,
    dry_run: bool,
) {
    let words: usize = article
        .paragraphs
        .iter()
        .map(|p| crate::import::words(p))
        .sum();
    say!(
        "{} {} as `{id}` → {rel}",
        if dry_run { "Would import" } else { "Importing" },
        file.display()
    );
    let n = article.paragraphs.len();
    let notes = match article.footnotes {
        0 => String::new(),
        1 => " (the last a footnote)".to_owned(),
        f => format!(" (the last {f} footnotes)"),
    };
    say!(
        "  kept: {n} paragraph{}{notes}, {words} word{}; {} caption{} and credit{} for the record",
        if n == 1 { "" } else { "s" },
        if words == 1 { "" } else { "s" },
        article.captions.len(),
        if article.captions.len() == 1 { "" } else { "s" },
        if article.captions.len() == 1 { "" } else { "s" },
    );
    let mut dropped: Vec<String> = article
        .dropped
        .by_kind
        .iter()
        .filter(|(kind, _)| **kind != crate::import::Kind::Caption)
        .map(|(kind, n)| kind.label(*n))
        .collect();
    if article.dropped.other_words > 0 {
        dropped.push(format!(
            "{} other word{} of the page the extractor judged not to be the article",
            article.dropped.other_words,
            if article.dropped.other_words == 1 {
                ""
            } else {
                "s"
            }
        ));
    }
    if !dropped.is_empty() {
        say!("  dropped: {}", dropped.join(", "));
    }
    for note in &article.facts.notes {
        say!("  note: {note}");
    }
    say!("  record:");
    for line in record.yaml().unwrap_or_default().lines() {
        say!("    {line}");
    }
}

/// The errors a check of the site finds now, as comparable lines.
fn errors(root: &Path) -> Vec<Diagnostic> {
    let options = Options {
        drafts: true,
        strict: false,
        base_url: None,
        output: None,
        write: false,
        coverage: false,
    };
    match build::build(root, &options) {
        Ok(_) => Vec::new(),
        Err(found) => found.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn key(d: &Diagnostic) -> (PathBuf, usize, usize, Code, String) {
    (d.file.clone(), d.line, d.column, d.code, d.message.clone())
}

/// Checks the site again and prints the errors the new text brought; exit 1 when there are any.
fn report_broken(root: &Path, id: &str, before: &[Diagnostic]) -> ExitCode {
    let known: BTreeSet<_> = before.iter().map(key).collect();
    let new: Vec<Diagnostic> = errors(root)
        .into_iter()
        .filter(|d| !known.contains(&key(d)))
        .collect();
    if new.is_empty() {
        say!("Checked the site: every citation of `{id}` still holds.");
        return ExitCode::SUCCESS;
    }
    warn!(
        "The new text of `{id}` breaks {} citation{}:",
        new.len(),
        if new.len() == 1 { "" } else { "s" }
    );
    for d in &new {
        warn_raw!(d.clone().relative_to(root));
    }
    ExitCode::from(1)
}
