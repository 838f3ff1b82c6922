//! Data flows one way: no module of the crate reaches, through `crate::` paths, a module that
//! reaches back to it. A plain reading of the source files is enough for this: every
//! `crate::a::b` path names a module (the longest prefix that is a file of `src/`), and the
//! modules and those paths make a graph that must have no cycle.
//!
//! A module and its own submodules (`serve` and `serve::http`) are one unit here: a child may use
//! its parent's items and the parent its child's.
//!
//! Folder by folder the rule is stricter: the stages come in a fixed order (`STAGES`), and a
//! stage folder may use only the folders before it, so data flows one way from load to output.
//! A use that had to go back for a while would be listed in `KNOWN_BACK_EDGES` with its reason;
//! the list is empty, and the test fails on any use of a later folder that is not listed, and on
//! a listed one that is gone (so the list is kept exact).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Every module of `src/` (`a::b` for `src/a/b.rs` or `src/a/b/mod.rs`) and its file's text.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("list src/") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("inside src/");
            let mut parts: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                continue;
            }
            let text = fs::read_to_string(&path).expect("read a source file");
            found.insert(parts.join("::"), text);
        }
    }
    found
}

/// The paths after each `crate::` in `text`, expanding one level of `{a, b::c}` groups.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let after = &rest[path.len()..];
        if (path.is_empty() || path.ends_with("::")) && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                let item = item.trim();
                if !item.is_empty() {
                    out.push(format!("{path}{item}"));
                }
            }
        } else {
            out.push(path.trim_end_matches(':').to_string());
        }
    }
    out
}

/// The module a path names: its longest prefix that is a module.
fn module_of(path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|m| known.contains_key(m))
}

fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// The module graph of `src/`: each module to the modules it uses.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(src);
    known
        .iter()
        .map(|(module, text)| {
            let uses = crate_paths(text)
                .iter()
                .filter_map(|p| module_of(p, &known))
                .filter(|m| !related(module, m))
                .collect();
            (module.clone(), uses)
        })
        .collect()
}

/// One cycle of `graph`, as the list of modules around it, if there is any.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                let mut found = path[start..].to_vec();
                found.push(node.to_string());
                return Some(found);
            }
            None => {}
        }
        marks.insert(node.to_string(), Mark::Open);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, marks, path) {
                return Some(found);
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if let Some(found) = visit(node, graph, &mut marks, &mut Vec::new()) {
            return Some(found);
        }
    }
    None
}

/// The top-level folders in the order data flows: each may use only those before it. `diag` is
/// used by all; the commands and servers on top use the stages.
const STAGES: &[&str] = &[
    "diag", "load", "text", "parse", "cite", "assemble", "render", "output", "build", "import",
    "serve", "lsp", "cmd",
];

/// Uses of a later stage by an earlier one that the code still has, each with its reason (see
/// docs/architecture.md, "Known gaps"). There are none: a new one fails the test until the use
/// is turned round or listed here with why it cannot be yet.
const KNOWN_BACK_EDGES: &[(&str, &str)] = &[];

/// The folder graph: each top-level folder of `src/` to the top-level folders it uses.
fn folder_graph(
    modules: &BTreeMap<String, BTreeSet<String>>,
) -> BTreeMap<String, BTreeSet<String>> {
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_string();
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, uses) in modules {
        let from = top(module);
        let entry = folders.entry(from.clone()).or_default();
        entry.extend(uses.iter().map(|u| top(u)).filter(|u| *u != from));
    }
    folders
}

/// Each use of a folder that comes later in `order` than the folder using it.
fn back_edges(
    folders: &BTreeMap<String, BTreeSet<String>>,
    order: &[&str],
) -> Result<BTreeSet<(String, String)>, String> {
    let rank = |f: &str| order.iter().position(|o| *o == f);
    let mut back = BTreeSet::new();
    for (from, uses) in folders {
        let Some(at) = rank(from) else {
            return Err(format!(
                "the folder `{from}` has no place in the stage order"
            ));
        };
        for to in uses {
            let Some(other) = rank(to) else {
                return Err(format!("the folder `{to}` has no place in the stage order"));
            };
            if other > at {
                back.insert((from.clone(), to.clone()));
            }
        }
    }
    Ok(back)
}

#[test]
fn stage_folders_use_only_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let folders = folder_graph(&graph(&src));
    assert!(
        folders.len() >= STAGES.len() - 1,
        "the stage folders were not found"
    );
    let back = back_edges(&folders, STAGES).unwrap_or_else(|e| panic!("{e}"));
    let known: BTreeSet<(String, String)> = KNOWN_BACK_EDGES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<String> = back
        .difference(&known)
        .map(|(a, b)| format!("{a} → {b}"))
        .collect();
    assert!(
        new.is_empty(),
        "a stage uses a later one: {}",
        new.join(", ")
    );
    let gone: Vec<String> = known
        .difference(&back)
        .map(|(a, b)| format!("{a} → {b}"))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer used, take it out of KNOWN_BACK_EDGES: {}",
        gone.join(", ")
    );
    let mut without_known = folders.clone();
    for (from, to) in &known {
        if let Some(uses) = without_known.get_mut(from) {
            uses.remove(to);
        }
    }
    if let Some(found) = cycle(&without_known) {
        panic!(
            "an import circle between stage folders: {}",
            found.join(" → ")
        );
    }
}

#[test]
fn the_order_check_finds_a_use_of_a_later_stage_and_a_folder_circle() {
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    modules.insert("load::theme".into(), ["render::dates".to_string()].into());
    modules.insert("render::dates".into(), ["load::config".to_string()].into());
    modules.insert("load::config".into(), BTreeSet::new());
    let folders = folder_graph(&modules);
    assert_eq!(cycle(&folders).map(|c| c.len()), Some(3));
    let back = back_edges(&folders, &["load", "render"]).unwrap();
    assert_eq!(back, [("load".to_string(), "render".to_string())].into());
    assert!(back_edges(&folders, &["load"]).is_err());
    modules.insert("load::theme".into(), BTreeSet::new());
    let folders = folder_graph(&modules);
    assert_eq!(cycle(&folders), None);
    assert!(
        back_edges(&folders, &["load", "render"])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn no_module_reaches_back_to_itself() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = graph(&src);
    assert!(graph.len() > 10, "the crate's modules were not found");
    if let Some(found) = cycle(&graph) {
        panic!("an import circle: {}", found.join(" → "));
    }
}

#[test]
fn the_checker_finds_a_circle() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.insert("chart".into(), ["panel".to_string()].into());
    graph.insert("panel".into(), ["markdown".to_string()].into());
    graph.insert("markdown".into(), ["chart".to_string()].into());
    graph.insert("cite".into(), BTreeSet::new());
    let found = cycle(&graph).expect("the circle is found");
    assert_eq!(found.first(), found.last());
    assert_eq!(found.len(), 4);
    graph.insert("markdown".into(), ["cite".to_string()].into());
    assert_eq!(cycle(&graph), None);
}

#[test]
fn paths_are_read_from_use_lines_groups_and_calls() {
    let text = "use crate::a::b;\nuse crate::{c::d, e};\nlet x = crate::f::g(1); // notcrate::h\n";
    assert_eq!(crate_paths(text), ["a::b", "c::d", "e", "f::g"]);
}
