//! `site lsp`: the checks of `site check` inside the editor, as a Language Server over stdio.
//!
//! One thread answers the editor in order (lsp-server's synchronous connection) and holds one
//! build [`Session`], so an edit re-checks only the page it touched. Open documents' unsaved
//! texts are what the session reads; edits are checked once the editor has been quiet for a
//! moment, and a request that reads the check's results waits for it.

mod actions;
mod citations;
mod completion;
mod diagnostics;
mod documents;
mod hover;
mod navigation;
mod references;
mod symbols;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    RegisterCapability, Request as _,
};
use lsp_types::{
    CodeActionParams, CodeActionProviderCapability, CompletionOptions, CompletionParams,
    CompletionResponse, DidChangeWatchedFilesRegistrationOptions, DocumentSymbolParams,
    DocumentSymbolResponse, FileSystemWatcher, GlobPattern, GotoDefinitionParams,
    GotoDefinitionResponse, HoverParams, HoverProviderCapability, InitializeParams, OneOf,
    PublishDiagnosticsParams, ReferenceParams, Registration, RegistrationParams, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use serde_json::Value;

use crate::build::{Options, Session};
use crate::diag::Diagnostic;

use documents::Documents;

/// How long the editor must be quiet after an edit before the page is checked again.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Serves the editor on stdin and stdout until it says `exit`.
pub(crate) fn serve(root: &Path) -> Result<(), String> {
    let (connection, threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["(".into(), "\"".into(), "'".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    let params = connection
        .initialize(capabilities)
        .map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).map_err(|e| e.to_string())?;
    let root = workspace_root(&params)
        .filter(|r| r.join("site.yaml").is_file())
        .unwrap_or_else(|| root.to_path_buf());
    let root = root.canonicalize().unwrap_or(root);
    let mut server = Server {
        session: Session::for_findings(&root, Options::default()),
        docs: Documents::new(root),
        connection,
        pending: None,
        found: Vec::new(),
        published: BTreeSet::new(),
    };
    if watches(&params) {
        server.send(Message::Request(watch_request()));
    }
    server.check(Vec::new());
    server.run()?;
    drop(server);
    threads.join().map_err(|e| e.to_string())
}

/// The first workspace folder the editor names, else its root URI.
fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| {
            #[allow(deprecated)]
            params.root_uri.clone()
        })?;
    let docs = Documents::new(PathBuf::from("/"));
    docs.rel(&uri).map(|rel| Path::new("/").join(rel))
}

/// Whether the editor lets the server ask it to watch files.
fn watches(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false)
}

/// Asks the editor to report changes to the content and the settings made outside it.
fn watch_request() -> Request {
    let watcher = |glob: &str| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_string()),
        kind: None,
    };
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![watcher("**/content/**"), watcher("**/site.yaml")],
    };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "site-watch".to_string(),
            method: DidChangeWatchedFiles::METHOD.to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    Request::new(
        "site-watch".to_string().into(),
        RegisterCapability::METHOD.to_string(),
        params,
    )
}

struct Server {
    connection: Connection,
    session: Session,
    docs: Documents,
    /// Files changed since the last check, and when the last change came.
    pending: Option<(Instant, BTreeSet<PathBuf>)>,
    /// The last check's findings.
    found: Vec<Diagnostic>,
    /// Files given diagnostics, to clear those that have none any more.
    published: BTreeSet<PathBuf>,
}

impl Server {
    fn run(&mut self) -> Result<(), String> {
        loop {
            let message = match &self.pending {
                Some((at, _)) => {
                    let wait = (*at + DEBOUNCE).saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(message) => message,
                        Err(RecvTimeoutError::Timeout) => {
                            self.flush();
                            continue;
                        }
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(()),
                },
            };
            match message {
                Message::Request(request) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| e.to_string())?
                    {
                        return Ok(());
                    }
                    self.flush();
                    let response = self.answer(request);
                    self.send(Message::Response(response));
                }
                Message::Notification(note) => self.notice(note),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: Message) {
        // A closed channel means the editor is gone; the loop ends on its next receive.
        let _ = self.connection.sender.send(message);
    }

    fn notice(&mut self, note: Notification) {
        let changed: Vec<PathBuf> = match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                parse::<lsp_types::DidOpenTextDocumentParams>(note.params)
                    .and_then(|p| {
                        let rel = self.docs.rel(&p.text_document.uri)?;
                        self.docs.set(rel.clone(), p.text_document.text);
                        Some(vec![rel])
                    })
                    .unwrap_or_default()
            }
            DidChangeTextDocument::METHOD => {
                parse::<lsp_types::DidChangeTextDocumentParams>(note.params)
                    .and_then(|p| {
                        let rel = self.docs.rel(&p.text_document.uri)?;
                        let text = p.content_changes.into_iter().last()?.text;
                        self.docs.set(rel.clone(), text);
                        Some(vec![rel])
                    })
                    .unwrap_or_default()
            }
            DidCloseTextDocument::METHOD => {
                parse::<lsp_types::DidCloseTextDocumentParams>(note.params)
                    .and_then(|p| {
                        let rel = self.docs.rel(&p.text_document.uri)?;
                        self.docs.close(&rel);
                        Some(vec![rel])
                    })
                    .unwrap_or_default()
            }
            // Saved text is the text already checked, except for a file the editor wrote
            // without telling its edits (a source saved from elsewhere): read it again.
            DidSaveTextDocument::METHOD => {
                parse::<lsp_types::DidSaveTextDocumentParams>(note.params)
                    .and_then(|p| Some(vec![self.docs.rel(&p.text_document.uri)?]))
                    .unwrap_or_default()
            }
            DidChangeWatchedFiles::METHOD => {
                parse::<lsp_types::DidChangeWatchedFilesParams>(note.params)
                    .map(|p| {
                        p.changes
                            .iter()
                            .filter_map(|c| self.docs.rel(&c.uri))
                            .collect()
                    })
                    .unwrap_or_default()
            }
            _ => Vec::new(),
        };
        if !changed.is_empty() {
            let (_, files) = self
                .pending
                .get_or_insert_with(|| (Instant::now(), BTreeSet::new()));
            files.extend(changed);
            if let Some((at, _)) = &mut self.pending {
                *at = Instant::now();
            }
        }
    }

    /// Checks the files changed since the last check, if any.
    fn flush(&mut self) {
        if let Some((_, files)) = self.pending.take() {
            self.check(files.into_iter().collect());
        }
    }

    /// Checks the project again, reading `changed` anew, and publishes every file's findings.
    fn check(&mut self, changed: Vec<PathBuf>) {
        for rel in &changed {
            let text = self
                .docs
                .open_paths()
                .any(|p| p == rel)
                .then(|| self.docs.text(rel))
                .flatten();
            self.session.set_unsaved(rel.clone(), text);
        }
        self.found = match self.session.build_changed(&changed) {
            Ok(built) => built.summary.warnings,
            Err(found) => found,
        };
        let mut by_file = diagnostics::convert(&self.found, &self.docs, &self.session);
        for rel in self.published.iter().chain(self.docs.open_paths()) {
            by_file.entry(rel.clone()).or_default();
        }
        self.published.clear();
        for (rel, diagnostics) in by_file {
            let Some(uri) = self.docs.uri(&rel) else {
                continue;
            };
            if !diagnostics.is_empty() {
                self.published.insert(rel);
            }
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            self.send(Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.to_string(),
                params,
            )));
        }
    }

    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => parse::<HoverParams>(request.params).map(|p| {
                let at = p.text_document_position_params;
                self.at(&at.text_document.uri, at.position)
                    .and_then(|(rel, offset)| {
                        hover::hover(&self.session, &self.docs, &self.found, &rel, offset)
                    })
                    .map_or(Value::Null, |h| {
                        serde_json::to_value(h).unwrap_or(Value::Null)
                    })
            }),
            CodeActionRequest::METHOD => parse::<CodeActionParams>(request.params).map(|p| {
                let from = self.at(&p.text_document.uri, p.range.start);
                let to = self.at(&p.text_document.uri, p.range.end);
                let found = match (from, to) {
                    (Some((rel, from)), Some((_, to))) => {
                        actions::actions(&self.session, &self.docs, &self.found, &rel, from, to)
                    }
                    _ => Vec::new(),
                };
                serde_json::to_value(found).unwrap_or(Value::Null)
            }),
            Completion::METHOD => parse::<CompletionParams>(request.params).map(|p| {
                let at = p.text_document_position;
                let items = self
                    .at(&at.text_document.uri, at.position)
                    .and_then(|(rel, offset)| {
                        let text = self.docs.text(&rel)?;
                        Some(completion::complete(&self.session, &rel, &text, offset))
                    })
                    .unwrap_or_default();
                serde_json::to_value(CompletionResponse::Array(items)).unwrap_or(Value::Null)
            }),
            GotoDefinition::METHOD => parse::<GotoDefinitionParams>(request.params).map(|p| {
                let at = p.text_document_position_params;
                self.at(&at.text_document.uri, at.position)
                    .and_then(|(rel, offset)| {
                        navigation::definition(&self.session, &self.docs, &rel, offset)
                    })
                    .map_or(Value::Null, |l| {
                        serde_json::to_value(GotoDefinitionResponse::Scalar(l))
                            .unwrap_or(Value::Null)
                    })
            }),
            References::METHOD => {
                parse::<ReferenceParams>(request.params).map(|p| self.references(p))
            }
            DocumentSymbolRequest::METHOD => {
                parse::<DocumentSymbolParams>(request.params).map(|p| self.symbols(&p))
            }
            _ => {
                return Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("site lsp does not answer {}", request.method),
                );
            }
        };
        match result {
            Some(value) => Response::new_ok(id, value),
            None => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                "the request's parameters are not what the protocol says".to_string(),
            ),
        }
    }

    fn references(&self, p: ReferenceParams) -> Value {
        let at = p.text_document_position;
        self.at(&at.text_document.uri, at.position)
            .and_then(|(rel, offset)| {
                let declaration = p.context.include_declaration;
                references::references(&self.session, &self.docs, &rel, offset, declaration)
            })
            .map_or(Value::Null, |found| {
                serde_json::to_value(found).unwrap_or(Value::Null)
            })
    }

    fn symbols(&self, p: &DocumentSymbolParams) -> Value {
        self.docs
            .rel(&p.text_document.uri)
            .and_then(|rel| self.session.checked_page(&rel))
            .map_or(Value::Null, |(page, cited)| {
                let found = symbols::symbols(page, cited);
                serde_json::to_value(DocumentSymbolResponse::Nested(found)).unwrap_or(Value::Null)
            })
    }

    /// The project path and byte offset of an editor's position.
    fn at(&self, uri: &lsp_types::Uri, position: lsp_types::Position) -> Option<(PathBuf, usize)> {
        let rel = self.docs.rel(uri)?;
        let text = self.docs.text(&rel)?;
        Some((rel.clone(), documents::offset(&text, position)))
    }
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Option<T> {
    serde_json::from_value(params).ok()
}
