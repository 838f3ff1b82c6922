//! Connections: reading requests with every size and time bounded, and writing replies.
//!
//! The server runs on an editor's machine but listens on a port any local program (or, with
//! `--bind`, the network) can reach, so nothing a client sends may grow without bound: a
//! request head is read into a buffer of at most [`Limits::head`] bytes, a request body is
//! never kept, and every read and write has a deadline. The request head is parsed by
//! `httparse` (the parser hyper uses); what is refused, and how, is decided here.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::Shared;
use super::http;

/// The bounds on what one client may cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Request line and headers together, in bytes (431 beyond).
    pub head: usize,
    /// The request line alone, in bytes (414 beyond).
    pub line: usize,
    /// Header fields (431 beyond).
    pub headers: usize,
    /// A body a GET may carry, read and dropped (413 beyond).
    pub body: u64,
    /// From a request's first byte to the end of its head and body (408 beyond): a client
    /// sending a byte a second (slowloris) is dropped, not waited for.
    pub request_time: Duration,
    /// How long an open connection may wait for its next request.
    pub idle: Duration,
    /// How long one reply may take to write, so a client that stops reading frees its thread.
    pub write_time: Duration,
    /// Connections open at once (503 beyond).
    pub connections: usize,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        head: 16 * 1024,
        line: 8 * 1024,
        headers: 64,
        body: 64 * 1024,
        request_time: Duration::from_secs(10),
        idle: Duration::from_secs(15),
        write_time: Duration::from_secs(30),
        connections: 1024,
    };
}

/// Each connection's thread needs little stack: it answers from memory and builds nothing.
const STACK: usize = 256 * 1024;

/// A request head, as far as the server cares.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Head {
    pub method: String,
    pub target: String,
    /// The client wants the connection closed after this reply (or speaks HTTP/1.0).
    pub close: bool,
    content_length: u64,
    chunked: bool,
}

/// Why a request is not answered normally: the status to send, then the connection closes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The client went away, or stayed idle; nothing is sent.
    Gone,
    Status(u16, &'static str),
}

/// Accepts connections until the listener fails for good; each gets a thread of its own, up
/// to [`Limits::connections`] at once.
pub(crate) fn accept(listener: &TcpListener, shared: &Arc<Shared>, limits: Limits) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(e) => {
                // Out of file descriptors, most likely: wait for connections to close.
                eprintln!("warning: cannot accept a connection: {e}");
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.load(Ordering::Acquire) >= limits.connections {
            refuse_busy(stream);
            continue;
        }
        open.fetch_add(1, Ordering::AcqRel);
        let slot = Slot(Arc::clone(&open));
        let shared = Arc::clone(shared);
        let spawned = thread::Builder::new()
            .name("site-serve-connection".to_string())
            .stack_size(STACK)
            .spawn(move || {
                let _slot = slot;
                serve_connection(stream, &shared, limits);
            });
        if let Err(e) = spawned {
            eprintln!("warning: cannot start a thread for a connection: {e}");
        }
    }
}

/// Frees a connection's place when its thread ends, however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn refuse_busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = "503 Service Unavailable: too many open connections; try again\n";
    let _ = write!(
        stream,
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Answers the requests of one connection, one after the other, until it closes.
fn serve_connection(mut stream: TcpStream, shared: &Shared, limits: Limits) {
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let head = match read_request(&mut stream, &mut buf, &limits) {
            Ok(head) => head,
            Err(Refusal::Gone) => return,
            Err(Refusal::Status(status, why)) => {
                let reply = http::Reply::text(status, format!("{status} {why}\n"));
                let _ = write_reply(&mut stream, &reply, false, true, &limits);
                linger(stream);
                return;
            }
        };
        match http::respond(&head, shared) {
            http::Outcome::Reply(reply) => {
                let head_only = head.method == "HEAD";
                let close = head.close || reply.close;
                if write_reply(&mut stream, &reply, head_only, close, &limits).is_err() {
                    return;
                }
                if close {
                    linger(stream);
                    return;
                }
            }
            http::Outcome::Events(query) => {
                super::events::stream(stream, head.method == "HEAD", &query, shared, &limits);
                return;
            }
        }
    }
}

/// Reads one request head (and drops its body, if small) from the connection. Bytes read
/// past it, the start of a next request, stay in `buf`.
pub(crate) fn read_request(
    stream: &mut impl ReadTimeout,
    buf: &mut Vec<u8>,
    limits: &Limits,
) -> Result<Head, Refusal> {
    // Waiting for the first byte of a request is idling; once it comes, the whole request must
    // arrive within `request_time`.
    let mut deadline = if buf.is_empty() {
        None
    } else {
        Some(Instant::now() + limits.request_time)
    };
    let mut chunk = [0u8; 4096];
    let (head, used) = loop {
        if let Some(parsed) = parse_head(buf, limits)? {
            break parsed;
        }
        if buf.len() >= limits.head {
            return Err(too_large_head(buf, limits));
        }
        let wait = match deadline {
            None => limits.idle,
            Some(d) => d.saturating_duration_since(Instant::now()),
        };
        if wait.is_zero() {
            return Err(Refusal::Status(
                408,
                "Request Timeout: the request came too slowly",
            ));
        }
        let room = (limits.head - buf.len()).min(chunk.len());
        let n = match stream.read_within(&mut chunk[..room], wait) {
            Ok(0) => return Err(Refusal::Gone),
            Ok(n) => n,
            Err(e) if timed_out(&e) && deadline.is_some() => {
                return Err(Refusal::Status(
                    408,
                    "Request Timeout: the request came too slowly",
                ));
            }
            Err(_) => return Err(Refusal::Gone),
        };
        buf.extend_from_slice(&chunk[..n]);
        deadline.get_or_insert_with(|| Instant::now() + limits.request_time);
    };
    buf.drain(..used);
    if head.method != "GET" && head.method != "HEAD" {
        // Refused whatever its body (405); the connection is closed unread after the reply.
        return Ok(head);
    }
    if head.chunked || head.content_length > limits.body {
        return Err(Refusal::Status(
            413,
            "Content Too Large: request bodies are not accepted",
        ));
    }
    let deadline = deadline.unwrap_or_else(|| Instant::now() + limits.request_time);
    skip_body(stream, buf, head.content_length, deadline)?;
    Ok(head)
}

/// Reads and drops a small body of `length` bytes (first from `buf`), so the next request
/// starts where it should.
fn skip_body(
    stream: &mut impl ReadTimeout,
    buf: &mut Vec<u8>,
    length: u64,
    deadline: Instant,
) -> Result<(), Refusal> {
    let mut chunk = [0u8; 4096];
    let mut left = length;
    let from_buf = usize::try_from(left).unwrap_or(usize::MAX).min(buf.len());
    buf.drain(..from_buf);
    left -= from_buf as u64;
    while left > 0 {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Err(Refusal::Status(
                408,
                "Request Timeout: the body came too slowly",
            ));
        }
        let room = usize::try_from(left).unwrap_or(usize::MAX).min(chunk.len());
        match stream.read_within(&mut chunk[..room], wait) {
            Ok(0) => return Err(Refusal::Gone),
            Ok(n) => left -= n as u64,
            Err(e) if timed_out(&e) => {
                return Err(Refusal::Status(
                    408,
                    "Request Timeout: the body came too slowly",
                ));
            }
            Err(_) => return Err(Refusal::Gone),
        }
    }
    Ok(())
}

/// The head if `buf` holds a whole one, and how many bytes it took.
fn parse_head(buf: &[u8], limits: &Limits) -> Result<Option<(Head, usize)>, Refusal> {
    let mut fields = vec![httparse::EMPTY_HEADER; limits.headers];
    let mut req = httparse::Request::new(&mut fields);
    let used = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => {
            return Err(Refusal::Status(
                431,
                "Request Header Fields Too Large: too many header fields",
            ));
        }
        Err(_) => {
            return Err(Refusal::Status(
                400,
                "Bad Request: this is not an HTTP request",
            ));
        }
    };
    if line_length(buf) > limits.line {
        return Err(Refusal::Status(414, "URI Too Long"));
    }
    let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version) else {
        return Err(Refusal::Status(
            400,
            "Bad Request: this is not an HTTP request",
        ));
    };
    let mut close = version == 0;
    let mut content_length: u64 = 0;
    let mut chunked = false;
    for field in req.headers.iter() {
        let value = String::from_utf8_lossy(field.value);
        if field.name.eq_ignore_ascii_case("connection") {
            let value = value.to_ascii_lowercase();
            if value.contains("close") {
                close = true;
            } else if value.contains("keep-alive") {
                close = false;
            }
        } else if field.name.eq_ignore_ascii_case("content-length") {
            content_length = value.trim().parse().map_err(|_| {
                Refusal::Status(400, "Bad Request: the Content-Length is not a number")
            })?;
        } else if field.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        }
    }
    Ok(Some((
        Head {
            method: method.to_string(),
            target: target.to_string(),
            close,
            content_length,
            chunked,
        },
        used,
    )))
}

/// Which limit a head that filled the buffer broke: its first line, or the whole head.
fn too_large_head(buf: &[u8], limits: &Limits) -> Refusal {
    if line_length(buf) > limits.line {
        Refusal::Status(414, "URI Too Long")
    } else if buf.iter().filter(|&&b| b == b'\n').count() > limits.headers {
        Refusal::Status(
            431,
            "Request Header Fields Too Large: too many header fields",
        )
    } else {
        Refusal::Status(
            431,
            "Request Header Fields Too Large: the request head is over 16 KiB",
        )
    }
}

fn line_length(buf: &[u8]) -> usize {
    buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len())
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// A stream that can read with a time limit; a trait so the reading can be tested on bytes.
pub(crate) trait ReadTimeout {
    fn read_within(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize>;
}

impl ReadTimeout for TcpStream {
    fn read_within(&mut self, buf: &mut [u8], wait: Duration) -> io::Result<usize> {
        self.set_read_timeout(Some(wait.max(Duration::from_millis(1))))?;
        self.read(buf)
    }
}

/// Writes a reply: status line, headers, and the body unless the request was HEAD.
fn write_reply(
    stream: &mut TcpStream,
    reply: &http::Reply,
    head_only: bool,
    close: bool,
    limits: &Limits,
) -> io::Result<()> {
    let deadline = Instant::now() + limits.write_time;
    let parts = reply.body.parts();
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {len}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
    );
    if let Some(location) = &reply.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if reply.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    write_within(stream, head.as_bytes(), deadline)?;
    if !head_only {
        for part in parts {
            write_within(stream, part, deadline)?;
        }
    }
    stream.flush()
}

/// Writes all of `bytes` before `deadline`, a slice at a time.
pub(crate) fn write_within(
    stream: &mut TcpStream,
    bytes: &[u8],
    deadline: Instant,
) -> io::Result<()> {
    for slice in bytes.chunks(64 * 1024) {
        let wait = deadline.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client reads too slowly",
            ));
        }
        stream.set_write_timeout(Some(wait))?;
        stream.write_all(slice)?;
    }
    Ok(())
}

/// Closes a connection the server is done with, after letting the client's unread bytes
/// drain for a moment: closing a socket with unread data resets it, and a reset can make the
/// client lose the reply it was just sent. Bounded in bytes and time.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + Duration::from_millis(500);
    let mut chunk = [0u8; 4096];
    let mut budget: usize = 1024 * 1024;
    while budget > 0 {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() || stream.set_read_timeout(Some(wait)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => budget = budget.saturating_sub(n),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that arrive in the given pieces, then nothing (a client that stopped sending).
    struct Pieces(Vec<Vec<u8>>);

    impl ReadTimeout for Pieces {
        fn read_within(&mut self, buf: &mut [u8], _: Duration) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::new(io::ErrorKind::WouldBlock, "no more"));
            }
            let piece = &mut self.0[0];
            let n = piece.len().min(buf.len());
            buf[..n].copy_from_slice(&piece[..n]);
            piece.drain(..n);
            if piece.is_empty() {
                self.0.remove(0);
            }
            Ok(n)
        }
    }

    fn read(pieces: &[&[u8]]) -> (Result<Head, Refusal>, Vec<u8>) {
        let mut stream = Pieces(pieces.iter().map(|p| p.to_vec()).collect());
        let mut buf = Vec::new();
        let r = read_request(&mut stream, &mut buf, &Limits::DEFAULT);
        (r, buf)
    }

    fn status(r: &Result<Head, Refusal>) -> u16 {
        match r {
            Ok(_) => 200,
            Err(Refusal::Status(s, _)) => *s,
            Err(Refusal::Gone) => 0,
        }
    }

    #[test]
    fn reads_a_request_and_keeps_the_next_one() {
        let (r, rest) = read(&[
            b"GET /a HTTP/1.1\r\nHost: x\r\n",
            b"\r\nGET /b HTTP/1.1\r\n",
        ]);
        let head = r.unwrap();
        assert_eq!((head.method.as_str(), head.target.as_str()), ("GET", "/a"));
        assert!(!head.close);
        assert_eq!(rest, b"GET /b HTTP/1.1\r\n");
        let (r, _) = read(&[b"GET / HTTP/1.0\r\n\r\n"]);
        assert!(r.unwrap().close, "HTTP/1.0 closes");
    }

    #[test]
    fn drops_a_small_body_and_refuses_a_large_one() {
        let (r, rest) = read(&[b"GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET"]);
        assert!(r.is_ok());
        assert_eq!(rest, b"GET");
        let (r, _) = read(&[b"GET / HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n"]);
        assert_eq!(status(&r), 413);
        let (r, _) = read(&[b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"]);
        assert_eq!(status(&r), 413);
        let (r, _) = read(&[b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"]);
        assert_eq!(status(&r), 400);
    }

    #[test]
    fn refuses_heads_over_the_limits_without_reading_on() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(20_000));
        assert_eq!(status(&read(&[long_line.as_bytes()]).0), 414);
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(status(&read(&[big.as_bytes()]).0), 431);
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(100));
        assert_eq!(status(&read(&[many.as_bytes()]).0), 431);
        assert_eq!(status(&read(&[b"\x16\x03\x01 not http\r\n\r\n"]).0), 400);
    }

    #[test]
    fn a_request_that_stops_half_way_times_out() {
        assert_eq!(status(&read(&[b"GET / HTTP/1.1\r\nHost:"]).0), 408);
        let (r, _) = read(&[b"GET / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"]);
        assert_eq!(status(&r), 408);
        assert_eq!(status(&read(&[]).0), 0, "an idle connection just closes");
    }
}
