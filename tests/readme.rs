//! The README cannot go stale: every `site` command of its `sh` blocks is run, in order, in a new
//! folder, with the built binary, and must succeed; the build line it shows must be what the
//! build prints.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One fenced block of the README: its info string and its lines.
struct Block {
    info: String,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for line in text.lines() {
        let bare = line.trim_start();
        match (&mut open, bare.strip_prefix("```")) {
            (None, Some(info)) => {
                open = Some(Block {
                    info: info.trim().to_string(),
                    lines: Vec::new(),
                });
            }
            (Some(_), Some(_)) => found.extend(open.take()),
            (Some(block), None) => block.lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    found
}

/// A command line split into words, honouring '...' and "..." as the shell does.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (None, c) => word.push(c),
        }
    }
    if started || !word.is_empty() {
        out.push(word);
    }
    out
}

/// The command of a line, without a trailing `# comment`.
fn command(line: &str) -> &str {
    line.split(" #").next().unwrap_or("").trim()
}

fn site() -> PathBuf {
    assert_cmd::cargo::cargo_bin("site")
}

/// `site serve` runs until stopped: it must get as far as serving, then it is stopped.
fn serve(dir: &Path, args: &[String]) {
    let mut child = Command::new(site())
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("site serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let serving = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("Serving http://"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(serving, "`site {}` never served", args.join(" "));
}

/// A build line with its time left out, which differs from run to run.
fn untimed(line: &str) -> String {
    let Some((before, after)) = line.split_once(" ms") else {
        return line.to_string();
    };
    let head = before.trim_end_matches(|c: char| c.is_ascii_digit());
    format!("{head}N ms{after}")
}

#[test]
fn every_site_command_of_the_readme_runs() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("the README");
    let article =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/newspaper-jsonld.html");
    let temp = tempfile::tempdir().expect("a folder");
    let mut dir = temp.path().to_path_buf();
    let mut last_build = None;
    let mut ran = 0;
    let mut checked_line = false;
    for block in blocks(&readme) {
        if block.info == "text" && block.lines.first().is_some_and(|l| l.starts_with("Built ")) {
            let printed: &String = last_build
                .as_ref()
                .expect("a `site build` before its output");
            assert_eq!(
                untimed(printed),
                untimed(&block.lines[0]),
                "the README's build line"
            );
            checked_line = true;
        }
        if block.info != "sh" {
            continue;
        }
        for line in &block.lines {
            let line = command(line);
            if let Some(to) = line.strip_prefix("cd ") {
                dir = dir.join(to.trim());
                continue;
            }
            let Some(rest) = line.strip_prefix("site ") else {
                continue;
            };
            let args = words(rest);
            if !dir.join("article.html").exists() {
                std::fs::copy(&article, dir.join("article.html")).expect("copy the saved page");
            }
            ran += 1;
            if args.first().is_some_and(|a| a == "serve") {
                serve(&dir, &args);
                continue;
            }
            let out = Command::new(site())
                .current_dir(&dir)
                .args(&args)
                .output()
                .expect("site runs");
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(
                out.status.success(),
                "`{line}` failed in the README's walkthrough\n{stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            if args.first().is_some_and(|a| a == "build") {
                last_build = stdout.lines().last().map(str::to_string);
            }
        }
    }
    assert!(
        ran >= 8,
        "only {ran} `site` commands were found in the README"
    );
    assert!(checked_line, "the README shows no build line to check");
}

#[test]
fn words_are_split_as_the_shell_splits_them() {
    assert_eq!(
        words("quote \"books lent\" 'x y' z"),
        ["quote", "books lent", "x y", "z"]
    );
    assert_eq!(command("site build   # a comment"), "site build");
}
