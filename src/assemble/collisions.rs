//! Output paths the site would write twice.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic};

/// Files the build writes itself; content may not take their place.
pub const GENERATED: &[&str] = &[
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "atom.xml",
    "citations.json",
    "_headers",
];

/// Two files of the project that would write the same output file (a page and another page, a
/// source's page, an asset or a generated file): an error on each, naming the others.
pub fn collisions<'a>(
    outputs: impl Iterator<Item = (String, &'a std::path::Path)>,
) -> Vec<Diagnostic> {
    let mut by_path: BTreeMap<String, Vec<&std::path::Path>> = BTreeMap::new();
    for (rel, file) in outputs {
        by_path.entry(rel).or_default().push(file);
    }
    let mut found = Vec::new();
    for (rel, files) in &by_path {
        let generated = GENERATED.contains(&rel.as_str());
        if files.len() < 2 && !generated {
            continue;
        }
        let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
        for file in files {
            let d = if generated {
                Diagnostic::error(
                    Code::DuplicatePath,
                    *file,
                    format!("this would replace /{rel}, which the build writes itself"),
                )
                .with_help("rename the file, or give the page another `slug:`")
            } else {
                Diagnostic::error(
                    Code::DuplicatePath,
                    *file,
                    format!("more than one file would be written to /{rel}"),
                )
                .with_note(format!("these files: {}", names.join(", ")))
                .with_help("rename one of the files, or give it another `slug:`")
            };
            found.push(d);
        }
    }
    found
}
