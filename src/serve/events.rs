//! Reloading open pages: one server-sent event stream per page, told of every rebuild.
//!
//! Each page's script connects with the build generation it was served from. If a build
//! finished in between, the stream says `reload` at once, so a save made while a page was
//! loading is not lost.

use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::Shared;
use super::listen::{Limits, write_within};

/// How often an idle stream sends a comment: it finds pages that were closed (the write
/// fails and the thread ends) and keeps proxies from dropping the connection.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The most event streams open at once: one per open page, far more than an editor keeps
/// open (a browser holds at most six connections to one server anyway).
const MAX_STREAMS: usize = 256;

/// The open streams, each waiting for the generation of the next build.
#[derive(Default)]
pub(crate) struct Listeners(Mutex<Vec<Sender<u64>>>, AtomicUsize);

/// A stream's place among the [`MAX_STREAMS`], freed when its thread ends.
struct Place<'a>(&'a AtomicUsize);

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Listeners {
    /// A new stream's receiver, or None when [`MAX_STREAMS`] are open.
    fn subscribe(&self) -> Option<(Receiver<u64>, Place<'_>)> {
        let open = self.1.fetch_add(1, Ordering::AcqRel);
        let place = Place(&self.1);
        if open >= MAX_STREAMS {
            return None;
        }
        let (tx, rx) = mpsc::channel();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(tx);
        Some((rx, place))
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
/// goes away. Runs on the connection's own thread; the reply has no length, so it ends when
/// the connection closes, as an event stream does.
pub(crate) fn stream(
    mut socket: TcpStream,
    head_only: bool,
    query: &str,
    shared: &Shared,
    limits: &Limits,
) {
    const HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let send = |socket: &mut TcpStream, text: &str| {
        write_within(socket, text.as_bytes(), Instant::now() + limits.write_time)
    };
    if head_only {
        let _ = send(&mut socket, HEAD);
        return;
    }
    // Subscribe before reading the generation: a build finishing in between is then seen
    // twice at worst (one extra reload), never missed.
    let Some((rx, _place)) = shared.listeners.subscribe() else {
        let body = "503 Service Unavailable: too many pages are listening for reloads\n";
        let _ = send(
            &mut socket,
            &format!(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        );
        return;
    };
    let current = shared.snapshot().generation;
    let mut first = format!("{HEAD}retry: 1000\n\n");
    if since(query).is_some_and(|n| n != current) {
        first.push_str(&reload_event(current));
    }
    if send(&mut socket, &first).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(KEEPALIVE) {
            Ok(generation) => reload_event(generation),
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut socket, &message).is_err() {
            return;
        }
    }
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
        let (open, _place) = listeners.subscribe().unwrap();
        drop(listeners.subscribe());
        listeners.broadcast(5);
        assert_eq!(open.try_recv(), Ok(5));
        assert_eq!(listeners.0.lock().unwrap().len(), 1);
    }

    #[test]
    fn refuses_streams_beyond_the_limit_and_frees_closed_ones() {
        let listeners = Listeners::default();
        let held: Vec<_> = (0..MAX_STREAMS)
            .map(|_| listeners.subscribe().unwrap())
            .collect();
        assert!(listeners.subscribe().is_none());
        drop(held);
        assert!(listeners.subscribe().is_some());
    }
}
