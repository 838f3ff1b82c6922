//! How long `site lsp` takes from a one-line edit (didChange) to the page's published
//! diagnostics, as an editor sees it: the server's debounce, the session's re-check of the
//! edited page and the conversion of its findings. The server is the release binary, spoken to
//! over stdio; each edit changes one word of one line of the page's prose.
//!
//!     cargo bench --bench lsp -- <project root> <page, e.g. content/index.md> [edits]
//!
//! `SITE_BIN=path/to/site` times another build of `site` (an older one, to compare) in place of
//! this checkout's.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let (Some(root), Some(page)) = (args.next(), args.next()) else {
        eprintln!("usage: cargo bench --bench lsp -- <project root> <page> [edits]");
        std::process::exit(2);
    };
    let edits: usize = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50)
        .max(1);
    let root = PathBuf::from(root)
        .canonicalize()
        .unwrap_or_else(|e| fail(&e.to_string()));
    let text = std::fs::read_to_string(root.join(&page)).unwrap_or_else(|e| fail(&e.to_string()));
    let uri = format!("file://{}", root.join(&page).display());

    let site = std::env::var_os("SITE_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_site")), PathBuf::from);
    let mut child = Command::new(site)
        .args(["lsp", "--root"])
        .arg(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&e.to_string()));
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        fail("no pipes to the server");
    };
    let messages = read_messages(stdout);
    let started = Instant::now();
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}}),
    );
    wait(&messages, |m| m["id"] == 1);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    wait(&messages, |m| published(m, &uri));
    println!(
        "initialize, first check and didOpen: {:?}",
        started.elapsed()
    );

    // The last line of prose with a word on it, edited one word at a time.
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines
        .iter()
        .rposition(|l| l.split_whitespace().count() > 3 && !l.starts_with('['))
    else {
        fail("the page has no line of prose to edit");
    };
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        edited[at] = format!("{} edit{i}", lines[at]);
        let body = edited.join("\n");
        let start = Instant::now();
        send(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": body}]}}),
        );
        wait(&messages, |m| published(m, &uri));
        times.push(start.elapsed());
    }
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "didChange → publishDiagnostics over {edits} edits: median {:?}, p90 {:?}, min {:?}, max {:?}",
        pick(0.5),
        pick(0.9),
        pick(0.0),
        pick(1.0)
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    wait(&messages, |m| m["id"] == 2);
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    let _ = child.wait();
}

fn published(message: &Value, uri: &str) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == uri
}

fn send(stdin: &mut ChildStdin, value: &Value) {
    let body = value.to_string();
    if write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
        .and_then(|()| stdin.flush())
        .is_err()
    {
        fail("the server stopped reading");
    }
}

fn wait(messages: &Receiver<Value>, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        match messages.recv_timeout(Duration::from_secs(300)) {
            Ok(m) if wanted(&m) => return m,
            Ok(_) => {}
            Err(_) => fail("the server did not answer"),
        }
    }
}

fn read_messages(stdout: std::process::ChildStdout) -> Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
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
                    length = n.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if stdout.read_exact(&mut body).is_err() {
                return;
            }
            if let Ok(value) = serde_json::from_slice(&body)
                && tx.send(value).is_err()
            {
                return;
            }
        }
    });
    rx
}

fn fail(message: &str) -> ! {
    eprintln!("bench lsp: {message}");
    std::process::exit(1);
}
