//! `site lsp` driven over stdio as an editor drives it: JSON-RPC initialize, didOpen,
//! didChange, hover, codeAction, definition, shutdown and exit.

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
            json!({"processId": null, "rootUri": root, "capabilities": {}}),
        );
        assert_eq!(
            answer["result"]["capabilities"]["hoverProvider"],
            json!(true)
        );
        client.notify("initialized", json!({}));
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
        self.request(
            method,
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )["result"]
            .clone()
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
