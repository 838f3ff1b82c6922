//! No function of `src/` is longer than 80 lines, so that each can be read in one sitting.
//!
//! A plain reading is enough, as `rustfmt` lays the code out: a function starts on a line whose
//! first word (after `pub`, `pub(crate)`, `const`, `async`, `unsafe`) is `fn`, and ends on the
//! first later line that is a `}` at the same indentation. A declaration ending in `;` has no
//! body. Functions still over the limit are listed in `KNOWN_LONG`, and the test fails as soon
//! as one of them is short enough (so the list is kept exact) or another grows too long.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const LIMIT: usize = 80;

/// Functions over the limit that are still to be split: `file:name`.
const KNOWN_LONG: &[&str] = &[];

/// A function found in a file: its name, first line (1-based) and length in lines.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// The name of the function a line starts, if it starts one.
fn starts_fn(line: &str) -> Option<String> {
    let mut rest = line.trim_start();
    loop {
        let next = [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ]
        .iter()
        .find_map(|w| rest.strip_prefix(w));
        match next {
            Some(r) => rest = r,
            None => break,
        }
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Every function with a body in `text`, with its length from its `fn` line to its closing
/// brace, both included.
fn functions(text: &str) -> Vec<Function> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = starts_fn(line) else {
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let mut end = None;
        for (j, later) in lines.iter().enumerate().skip(i) {
            let trimmed = later.trim_end();
            if trimmed.ends_with(';') && j == i || (j > i && trimmed == close) {
                end = Some(j);
                break;
            }
            if trimmed.ends_with('}') && trimmed.starts_with(&format!("{indent}fn")) {
                // A whole function on one line.
                end = Some(j);
                break;
            }
            if j > i
                && later.starts_with(indent)
                && starts_fn(later)
                    .is_some_and(|_| later.len() - later.trim_start().len() == indent.len())
            {
                break;
            }
        }
        if let Some(end) = end {
            found.push(Function {
                name,
                line: i + 1,
                lines: end - i + 1,
            });
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("list a folder of src/") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_function_is_over_80_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    assert!(files.len() > 50, "the source files were not found");
    let mut long = BTreeSet::new();
    let mut seen = 0;
    for file in &files {
        let text = fs::read_to_string(file).expect("read a source file");
        let rel = file.strip_prefix(root).expect("inside the crate");
        for f in functions(&text) {
            seen += 1;
            if f.lines > LIMIT {
                long.insert(format!("{}:{}", rel.display(), f.name));
                eprintln!(
                    "{}:{}: fn {} is {} lines",
                    rel.display(),
                    f.line,
                    f.name,
                    f.lines
                );
            }
        }
    }
    assert!(seen > 500, "only {seen} functions were found");
    let known: BTreeSet<String> = KNOWN_LONG.iter().map(|s| s.to_string()).collect();
    let new: Vec<&String> = long.difference(&known).collect();
    assert!(new.is_empty(), "functions over {LIMIT} lines: {new:?}");
    let gone: Vec<&String> = known.difference(&long).collect();
    assert!(
        gone.is_empty(),
        "no longer over {LIMIT} lines, take them out of KNOWN_LONG: {gone:?}"
    );
}

#[test]
fn the_reader_measures_functions_from_fn_to_closing_brace() {
    let text = "impl A {\n    pub(crate) fn one(&self) -> u8 {\n        if x {\n        }\n        1\n    }\n\n    fn two();\n}\n\nfn three() {}\n";
    assert_eq!(
        functions(text),
        [
            Function {
                name: "one".into(),
                line: 2,
                lines: 5
            },
            Function {
                name: "two".into(),
                line: 8,
                lines: 1
            },
            Function {
                name: "three".into(),
                line: 11,
                lines: 1
            },
        ]
    );
    let long = format!("fn long() {{\n{}}}\n", "    x;\n".repeat(LIMIT));
    assert_eq!(functions(&long)[0].lines, LIMIT + 2);
}
