//! Every HTML file a successful build writes is parsed by html5ever, the HTML5 parser of the
//! Servo browser engine, which follows the WHATWG parsing algorithm and reports each parse
//! error the algorithm names: a page that parses with none is well-formed HTML for every
//! browser. The tree is not kept; only the errors, with the line they were found at.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::path::Path;
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::TokenizerOpts;
use html5ever::{Attribute, ExpandedName, ParseOpts, QualName, local_name, ns};

/// A node: only an element's name matters to the parser's decisions.
struct Node {
    name: QualName,
    /// A `<template>`'s contents, which the parser asks for by handle.
    contents: Option<Rc<Node>>,
}

fn nameless() -> Rc<Node> {
    Rc::new(Node {
        name: QualName::new(None, ns!(), local_name!("")),
        contents: None,
    })
}

/// A tree sink that keeps no tree, only the parse errors.
struct Errors {
    document: Rc<Node>,
    line: Cell<u64>,
    found: RefCell<Vec<String>>,
}

impl TreeSink for Errors {
    type Handle = Rc<Node>;
    type Output = Vec<String>;
    type ElemName<'a> = ExpandedName<'a>;

    fn finish(self) -> Vec<String> {
        self.found.into_inner()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        let line = self.line.get();
        self.found.borrow_mut().push(format!("line {line}: {msg}"));
    }

    fn get_document(&self) -> Rc<Node> {
        Rc::clone(&self.document)
    }

    fn elem_name<'a>(&'a self, target: &'a Rc<Node>) -> ExpandedName<'a> {
        target.name.expanded()
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, flags: ElementFlags) -> Rc<Node> {
        let contents = flags.template.then(nameless);
        Rc::new(Node { name, contents })
    }

    fn create_comment(&self, _: StrTendril) -> Rc<Node> {
        nameless()
    }

    fn create_pi(&self, _: StrTendril, _: StrTendril) -> Rc<Node> {
        nameless()
    }

    fn append(&self, _: &Rc<Node>, _: NodeOrText<Rc<Node>>) {}

    fn append_based_on_parent_node(&self, _: &Rc<Node>, _: &Rc<Node>, _: NodeOrText<Rc<Node>>) {}

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Rc<Node>) -> Rc<Node> {
        target.contents.clone().unwrap_or_else(|| Rc::clone(target))
    }

    fn same_node(&self, x: &Rc<Node>, y: &Rc<Node>) -> bool {
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        if mode != QuirksMode::NoQuirks {
            self.parse_error(Cow::Borrowed("quirks mode: no `<!doctype html>` first"));
        }
    }

    fn append_before_sibling(&self, _: &Rc<Node>, _: NodeOrText<Rc<Node>>) {}

    fn add_attrs_if_missing(&self, _: &Rc<Node>, _: Vec<Attribute>) {}

    fn remove_from_parent(&self, _: &Rc<Node>) {}

    fn reparent_children(&self, _: &Rc<Node>, _: &Rc<Node>) {}

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }
}

/// The HTML5 parse errors of `html`, each with its line.
pub fn parse_errors(html: &str) -> Vec<String> {
    let sink = Errors {
        document: nameless(),
        line: Cell::new(1),
        found: RefCell::new(Vec::new()),
    };
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            exact_errors: true,
            ..TokenizerOpts::default()
        },
        ..ParseOpts::default()
    };
    html5ever::parse_document(sink, opts).one(html)
}

/// Panics naming every HTML file under `dir` that has a parse error, and its errors.
pub fn assert_well_formed(dir: &Path) {
    let mut bad = Vec::new();
    for (rel, bytes) in super::snapshot(dir) {
        if !rel.ends_with(".html") {
            continue;
        }
        let errors = parse_errors(&String::from_utf8_lossy(&bytes));
        if !errors.is_empty() {
            bad.push(format!("{rel}:\n  {}", errors.join("\n  ")));
        }
    }
    assert!(
        bad.is_empty(),
        "HTML parse errors in {}:\n{}",
        dir.display(),
        bad.join("\n")
    );
}
