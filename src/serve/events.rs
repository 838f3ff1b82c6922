//! Reloading open pages: one server-sent event stream per page, told of every rebuild.
//!
//! Each page's script connects with the build generation it was served from. If a build
//! finished in between, the stream says `reload` at once, so a save made while a page was
//! loading is not lost.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::Shared;

/// How often an idle stream sends a comment: it finds pages that were closed (the write
/// fails and the thread ends) and keeps proxies from dropping the connection.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The open streams, each waiting for the generation of the next build.
#[derive(Default)]
pub(crate) struct Listeners(Mutex<Vec<Sender<u64>>>);

impl Listeners {
    fn subscribe(&self) -> Receiver<u64> {
        let (tx, rx) = mpsc::channel();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(tx);
        rx
    }

    /// Tells every open stream about a build, and forgets the ones that have ended.
    pub fn broadcast(&self, generation: u64) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|tx| tx.send(generation).is_ok());
    }
}

fn reload_event(generation: u64) -> String {
    format!("event: reload\ndata: {generation}\n\n")
}

/// The generation a page was served from, from `since=<n>` in the query.
fn since(query: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse().ok())
}

/// Holds the request's connection open and writes an event for every build until the page
/// goes away. Runs on the request's own thread.
pub(crate) fn stream(request: Request, query: &str, shared: &Shared) {
    let headers: Vec<Header> = [
        ("Content-Type", "text/event-stream"),
        ("Cache-Control", "no-store"),
    ]
    .iter()
    .filter_map(|(n, v)| Header::from_bytes(n.as_bytes(), v.as_bytes()).ok())
    .collect();
    let mut response = Response::empty(200);
    for h in headers {
        response.add_header(h);
    }
    if *request.method() == Method::Head {
        let _ = request.respond(response);
        return;
    }
    // Subscribe before reading the generation: a build finishing in between is then seen
    // twice at worst (one extra reload), never missed.
    let rx = shared.listeners.subscribe();
    let current = shared.snapshot().generation;
    // tiny_http buffers a streamed body until 8 KiB have gathered, which would hold events
    // back; `upgrade` sends the headers and hands over the socket to write to directly. The
    // response has no length and is not chunked, so it is read until the connection closes,
    // as an event stream is; the `Upgrade` header it adds to a 200 only advertises.
    let mut socket = request.upgrade("text/event-stream", response);
    let mut first = "retry: 1000\n\n".to_string();
    if since(query).is_some_and(|n| n != current) {
        first.push_str(&reload_event(current));
    }
    if write_flush(&mut socket, &first).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(KEEPALIVE) {
            Ok(generation) => reload_event(generation),
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if write_flush(&mut socket, &message).is_err() {
            return;
        }
    }
}

fn write_flush(socket: &mut impl Write, text: &str) -> std::io::Result<()> {
    socket.write_all(text.as_bytes())?;
    socket.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_generation_from_the_query() {
        assert_eq!(since("since=42"), Some(42));
        assert_eq!(since("a=1&since=7"), Some(7));
        assert_eq!(since("since=x"), None);
        assert_eq!(since(""), None);
    }

    #[test]
    fn broadcasts_to_open_streams_and_forgets_closed_ones() {
        let listeners = Listeners::default();
        let open = listeners.subscribe();
        drop(listeners.subscribe());
        listeners.broadcast(5);
        assert_eq!(open.try_recv(), Ok(5));
        assert_eq!(listeners.0.lock().unwrap().len(), 1);
    }
}
