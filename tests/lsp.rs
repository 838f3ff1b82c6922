//! `site lsp` driven over stdio as an editor drives it: JSON-RPC initialize, didOpen,
//! didChange, didSave, didChangeWatchedFiles, hover, codeAction, definition, references,
//! documentSymbol, shutdown and exit.

pub mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{Value, json};

use common::{NYSUN, Project, READABLE};

const PAGE: &str = "---\ntitle: Kursk\nsources: [nysun-pyongyang]\n---\nAbout [11,000 troops][kursk] moved.\n\n[kursk]: nysun-pyongyang \"around 11,000 troops were assessed to have moved to Kursk\"\n";

/// How long to wait for one message before the test fails rather than hangs.
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    uri: String,
}

impl Client {
    fn start(project: &Project) -> Client {
        Client::start_with(project, json!({}))
    }

    /// Starts the server for an editor with these capabilities; one that lets the server
    /// register file watchers must be asked to watch the content.
    fn start_with(project: &Project, capabilities: Value) -> Client {
        let watches = capabilities["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"]
            == json!(true);
        let mut child = Command::new(env!("CARGO_BIN_EXE_site"))
            .args(["lsp", "--root"])
            .arg(project.root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("site lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length:") {
                        length = n.trim().parse().expect("a length");
                    }
                }
                let mut body = vec![0; length];
                if stdout.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let uri = format!("file://{}", project.path("content/index.md").display());
        let mut client = Client {
            child,
            stdin,
            messages,
            next_id: 1,
            uri,
        };
        let root = format!("file://{}", project.root().display());
        let answer = client.request(
            "initialize",
            json!({"processId": null, "rootUri": root, "capabilities": capabilities}),
        );
        let offered = &answer["result"]["capabilities"];
        for provider in [
            "hoverProvider",
            "definitionProvider",
            "referencesProvider",
            "documentSymbolProvider",
        ] {
            assert_eq!(offered[provider], json!(true), "{provider}: {answer}");
        }
        client.notify("initialized", json!({}));
        if watches {
            let asked = client.wait(|m| m["method"] == "client/registerCapability");
            let registration = &asked["params"]["registrations"][0];
            assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
            let globs = registration["registerOptions"]["watchers"].to_string();
            assert!(globs.contains("**/content/**"), "{globs}");
            let id = asked["id"].clone();
            client.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
        }
        client
    }

    fn send(&mut self, value: &Value) {
        let body = value.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == json!(id))
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .messages
                .recv_timeout(PATIENCE)
                .expect("the server answers");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next diagnostics published for the page.
    fn diagnostics(&mut self) -> Vec<Value> {
        let uri = self.uri.clone();
        self.diagnostics_of(&uri)
    }

    /// The next diagnostics published for the file at `uri`.
    fn diagnostics_of(&mut self, uri: &str) -> Vec<Value> {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(uri)
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, text: &str) {
        let uri = self.uri.clone();
        self.open_uri(&uri, text);
    }

    fn open_uri(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, version: i64, text: &str) {
        let uri = self.uri.clone();
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&mut self, method: &str, line: u32, character: u32) -> Value {
        let uri = self.uri.clone();
        self.at_uri(method, &uri, line, character)
    }

    fn at_uri(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )["result"]
            .clone()
    }

    /// The places citing what is at a position, as (file name, line, character) triples.
    fn references(
        &mut self,
        uri: &str,
        line: u32,
        character: u32,
        declaration: bool,
    ) -> Vec<(String, u64, u64)> {
        let found = self.request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character},
                   "context": {"includeDeclaration": declaration}}),
        )["result"]
            .clone();
        found
            .as_array()
            .unwrap_or_else(|| panic!("a list of locations: {found}"))
            .iter()
            .map(|l| {
                let name = l["uri"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("");
                let start = &l["range"]["start"];
                (
                    name.to_string(),
                    start["line"].as_u64().unwrap_or(u64::MAX),
                    start["character"].as_u64().unwrap_or(u64::MAX),
                )
            })
            .collect()
    }

    fn actions(&mut self, line: u32, character: u32) -> Vec<Value> {
        let uri = self.uri.clone();
        let at = json!({"line": line, "character": character});
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
        )["result"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn stop(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server exits");
        assert!(status.success(), "site lsp exited with {status}");
    }
}

fn project(page: &str) -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/nysun-pyongyang.md", NYSUN),
        ("content/index.md", page),
    ])
}

/// Applies one code action's edit (a single-line range) to `text`.
fn apply(text: &str, action: &Value) -> String {
    let edits = action["edit"]["changes"]
        .as_object()
        .and_then(|c| c.values().next())
        .and_then(Value::as_array)
        .cloned()
        .expect("an edit");
    let edit = &edits[0];
    let (start, end) = (&edit["range"]["start"], &edit["range"]["end"]);
    let lines: Vec<&str> = text.split('\n').collect();
    let line = start["line"].as_u64().expect("line") as usize;
    assert_eq!(end["line"], start["line"], "a one-line edit");
    let chars: Vec<char> = lines[line].chars().collect();
    let from = start["character"].as_u64().expect("character") as usize;
    let to = end["character"].as_u64().expect("character") as usize;
    let new_line: String = chars[..from].iter().collect::<String>()
        + edit["newText"].as_str().expect("text")
        + &chars[to..].iter().collect::<String>();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[line] = new_line;
    out.join("\n")
}

#[test]
fn a_misquote_typed_is_reported_with_its_passage_and_fixed_by_its_action() {
    let project = project(PAGE);
    let mut client = Client::start(&project);
    client.open(PAGE);
    assert_eq!(client.diagnostics(), Vec::<Value>::new());

    let typed = PAGE.replace("were assessed", "had been assessed");
    client.change(2, &typed);
    let found = client.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "quote-not-found");
    assert_eq!(found[0]["range"]["start"]["line"], 6);
    let related = &found[0]["relatedInformation"][0];
    assert!(
        related["location"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("content/sources/nysun-pyongyang.md")),
        "{related}"
    );
    assert_eq!(related["location"]["range"]["start"]["line"], 5);

    let actions = client.actions(6, 30);
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Replace with the closest passage")
        .expect("the fix is offered");
    let fixed = apply(&typed, fix);
    assert!(
        fixed.contains("\"Officials said around 11,000 troops were assessed to have moved to Kursk in late October.\""),
        "{fixed}"
    );
    client.change(3, &fixed);
    assert_eq!(client.diagnostics(), Vec::<Value>::new());
    client.stop();
}

#[test]
fn hovering_a_citation_shows_the_passage_its_source_and_the_verdict() {
    let project = project(PAGE);
    let mut client = Client::start(&project);
    client.open(PAGE);
    client.diagnostics();
    let hover = client.at("textDocument/hover", 4, 9);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("What Pyongyang hopes to gain"), "{text}");
    assert!(text.contains("_11,000_"), "the figure is marked: {text}");
    assert!(
        text.contains("in late October"),
        "the passage's sentence: {text}"
    );
    assert!(text.contains("✓"), "{text}");

    let definition = client.at("textDocument/definition", 4, 9);
    assert!(
        definition["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("content/sources/nysun-pyongyang.md")),
        "{definition}"
    );
    assert_eq!(definition["range"]["start"]["line"], 5);
    client.stop();
}

#[test]
fn an_uncited_figure_can_be_cited_or_marked_as_not_a_figure() {
    let page = PAGE.replace("moved.", "moved, of 1.2 million.");
    let project = project(&page);
    let mut client = Client::start(&project);
    client.open(&page);
    let found = client.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "uncited-figure");
    let character = found[0]["range"]["start"]["character"]
        .as_u64()
        .unwrap_or(0) as u32;

    let hover = client.at("textDocument/hover", 4, character + 1);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("Uncited figure"), "{text}");

    let actions = client.actions(4, character + 1);
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let cite = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Cite this figure"))
        })
        .unwrap_or_else(|| panic!("no citing action in {titles:?}"));
    let cited = apply(&page, cite);
    assert!(
        cited.contains("[1.2 million](nysun-pyongyang \"North Korea has 1.2 million troops"),
        "{cited}"
    );
    client.change(2, &cited);
    assert_eq!(client.diagnostics(), Vec::<Value>::new());

    let not_figure = actions
        .iter()
        .find(|a| a["title"] == "Mark as not a figure")
        .expect("the marking action is offered");
    let marked = apply(&page, not_figure);
    assert!(marked.contains("[1.2 million]{.not-figure}"), "{marked}");
    client.change(3, &marked);
    assert_eq!(client.diagnostics(), Vec::<Value>::new());
    client.stop();
}

#[test]
fn completion_offers_source_ids_passages_as_titles_and_front_matter_keys() {
    let project = project(PAGE);
    let mut client = Client::start(&project);
    client.open(PAGE);
    client.diagnostics();

    let typed = PAGE.replace("moved.", "moved. North Korea has [1.2 million](nysun");
    client.change(2, &typed);
    client.diagnostics();
    let column = typed.lines().nth(4).map_or(0, |l| l.chars().count()) as u32;
    let items = client.at("textDocument/completion", 4, column);
    assert_eq!(items[0]["label"], "nysun-pyongyang", "{items}");

    let typed = typed.replace("(nysun", "(nysun-pyongyang \"1.2 million troops");
    client.change(3, &typed);
    client.diagnostics();
    let column = typed.lines().nth(4).map_or(0, |l| l.chars().count()) as u32;
    let items = client.at("textDocument/completion", 4, column);
    let first = &items[0];
    assert_eq!(
        first["textEdit"]["newText"],
        "\"North Korea has 1.2 million troops, and Russia recruits 25,000–30,000 new soldiers a month.\"",
        "{items}"
    );

    let typed = typed.replacen("title: Kursk\n", "title: Kursk\ndesc\n", 1);
    client.change(4, &typed);
    client.diagnostics();
    let items = client.at("textDocument/completion", 2, 4);
    assert_eq!(items[0]["label"], "description", "{items}");
    client.stop();
}

/// A second page quoting the Kursk passage in other words, and another passage.
const SECOND: &str = "---\ntitle: Second\nsources: [nysun-pyongyang]\n---\n## Troops\n\nSome [11,000 troops](nysun-pyongyang \"11,000 troops were assessed\") went, of [1.2 million](nysun-pyongyang \"North Korea has 1.2 million troops\").\n";

fn uri(project: &Project, rel: &str) -> String {
    format!("file://{}", project.path(rel).display())
}

fn two_pages() -> Project {
    Project::new(&[
        ("site.yaml", READABLE),
        ("content/sources/nysun-pyongyang.md", NYSUN),
        ("content/index.md", PAGE),
        ("content/second.md", SECOND),
    ])
}

#[test]
fn references_lead_from_a_passage_or_a_citation_to_every_page_quoting_it() {
    let project = two_pages();
    let mut client = Client::start(&project);
    client.open(PAGE);
    client.diagnostics();
    let index = client.uri.clone();
    let second = SECOND.lines().nth(6).unwrap_or("");
    let million = second.find("[1.2").unwrap_or(0) as u64;

    // From a citation: its siblings quoting the same (overlapping) passage, not the other one.
    assert_eq!(
        client.references(&index, 4, 9, false),
        vec![("index.md".into(), 4, 6), ("second.md".into(), 6, 5)]
    );
    // From the source, the cursor on "11,000": the passage's place first when asked for.
    let source = uri(&project, "content/sources/nysun-pyongyang.md");
    assert_eq!(
        client.references(&source, 5, 25, true),
        vec![
            ("nysun-pyongyang.md".into(), 5, 15),
            ("index.md".into(), 4, 6),
            ("second.md".into(), 6, 5),
        ]
    );
    // "Officials said" is quoted by no one: its paragraph stands for the passage.
    assert_eq!(client.references(&source, 5, 3, false).len(), 2);
    assert_eq!(
        client.references(&source, 7, 20, false),
        vec![("second.md".into(), 6, million)]
    );
    // The blank line between paragraphs is no passage.
    let between = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": source}, "position": {"line": 6, "character": 0},
               "context": {"includeDeclaration": false}}),
    );
    assert_eq!(between["result"], Value::Null, "{between}");

    // A misquote quotes no passage, so it has no siblings; the others lose it.
    let typed = PAGE.replace("were assessed", "had been assessed");
    client.change(2, &typed);
    client.diagnostics();
    assert_eq!(
        client.references(&source, 5, 25, false),
        vec![("second.md".into(), 6, 5)]
    );
    client.stop();
}

#[test]
fn document_symbols_outline_headings_and_citations_with_their_figures() {
    let project = two_pages();
    let mut client = Client::start(&project);
    let second = uri(&project, "content/second.md");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": second}}),
    )["result"]
        .clone();
    assert_eq!(symbols.as_array().map(Vec::len), Some(1), "{symbols}");
    let heading = &symbols[0];
    assert_eq!(heading["name"], "Troops");
    assert_eq!(heading["range"]["start"]["line"], 4);
    let children = heading["children"].as_array().cloned().unwrap_or_default();
    let outline: Vec<(&str, &str)> = children
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap_or(""),
                c["detail"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        outline,
        vec![
            ("11,000 troops", "11,000 · nysun-pyongyang"),
            ("1.2 million", "1.2 million · nysun-pyongyang"),
        ]
    );

    let typed = PAGE.replace("were assessed", "had been assessed");
    client.open(&typed);
    client.diagnostics();
    let index = client.uri.clone();
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": index}}),
    )["result"]
        .clone();
    assert_eq!(symbols[0]["name"], "11,000 troops", "{symbols}");
    assert_eq!(
        symbols[0]["detail"],
        "11,000 · nysun-pyongyang · not found in the source"
    );
    assert_eq!(symbols[0]["selectionRange"]["start"]["line"], 4);
    client.stop();
}

/// Writes a file of the project on disk, as another program would.
fn write(project: &Project, rel: &str, text: &str) {
    std::fs::write(project.path(rel), text).expect("write");
}

#[test]
fn a_source_changed_on_disk_rechecks_the_pages_citing_it() {
    let project = project(PAGE);
    let mut client = Client::start_with(
        &project,
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    client.open(PAGE);
    assert_eq!(client.diagnostics(), Vec::<Value>::new());
    let source = uri(&project, "content/sources/nysun-pyongyang.md");

    write(
        &project,
        "content/sources/nysun-pyongyang.md",
        &NYSUN.replace("were assessed", "had been assessed"),
    );
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": source, "type": 2}]}),
    );
    let found = client.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "quote-not-found");
    assert_eq!(found[0]["range"]["start"]["line"], 6);

    // Saved by the editor: didSave of the source reads it again.
    write(&project, "content/sources/nysun-pyongyang.md", NYSUN);
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": source}}),
    );
    assert_eq!(client.diagnostics(), Vec::<Value>::new());
    client.stop();
}

#[test]
fn a_page_not_on_disk_or_made_after_the_start_is_checked_like_any_page() {
    let project = project(PAGE);
    let mut client = Client::start(&project);
    let draft = uri(&project, "content/drafts/new.md");
    let misquote = PAGE.replace("were assessed", "had been assessed");
    client.open_uri(&draft, &misquote);
    // A new page is linked from nowhere yet, so it is also an orphan: checked like any page.
    let found = client.diagnostics_of(&draft);
    assert_eq!(
        codes(&found),
        ["orphan-page", "quote-not-found"],
        "{found:?}"
    );
    assert!(!project.path("content/drafts/new.md").exists());
    let hover = client.at_uri("textDocument/hover", &draft, 4, 9);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(text.contains("✗"), "{text}");

    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": draft, "version": 2}, "contentChanges": [{"text": PAGE}]}),
    );
    assert_eq!(codes(&client.diagnostics_of(&draft)), ["orphan-page"]);

    // Closed unsaved, it is gone: its findings are cleared, not left behind.
    client.open_uri(&draft, &misquote);
    assert_eq!(client.diagnostics_of(&draft).len(), 2);
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": draft}}),
    );
    assert_eq!(client.diagnostics_of(&draft), Vec::<Value>::new());

    // Written by another program after the server started, then opened.
    write(&project, "content/later.md", &misquote);
    let later = uri(&project, "content/later.md");
    client.open_uri(&later, &misquote);
    let found = client.diagnostics_of(&later);
    assert_eq!(
        codes(&found),
        ["orphan-page", "quote-not-found"],
        "{found:?}"
    );
    client.stop();
}

/// The codes of an editor's diagnostics, sorted.
fn codes(found: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = found
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    codes.sort();
    codes
}
