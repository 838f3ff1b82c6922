//! Answering requests: GET and HEAD, from the site in memory only.
//!
//! A request path is never joined onto the file system. It is decoded, checked, and looked up
//! in the map of files the last build listed; anything that could climb out of the site
//! (`..`, encoded slashes or backslashes, NUL) is refused before the lookup.

use std::fs::File;
use std::io::{Cursor, Read};
use std::sync::Arc;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::overlay;
use super::{Shared, Snapshot};
use crate::output::Data;

/// The event stream each page listens on; under `/__site/` so it cannot clash with a page.
pub(crate) const EVENTS_PATH: &str = "/__site/events";
/// The reload script, served as a file rather than inlined so that a theme's
/// Content-Security-Policy allowing only same-origin scripts does not block it.
pub(crate) const SCRIPT_PATH: &str = "/__site/reload.js";
const RELOAD_JS: &str = include_str!("reload.js");

/// Where a request path leads in the site's file map.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A file of the site, by its path relative to the site root.
    File(String),
    /// A folder asked for without its trailing slash: where to send the browser.
    Redirect(String),
    NotFound,
    /// A path that tries to leave the site or cannot be a file name in it.
    Refused,
}

/// Bytes a request path may not hold even percent-encoded; `%` itself is re-encoded when a
/// redirect is built, so decoding the Location gives back exactly the path.
const PATH_ESCAPE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Splits a request target into its path and its query (without the `?`); a fragment, which
/// browsers never send, is dropped.
pub(crate) fn split_query(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or(target);
    match target.split_once('?') {
        Some((path, query)) => (path, query),
        None => (target, ""),
    }
}

/// Resolves a request target against the site's files, given a test for whether a file exists.
pub(crate) fn resolve(target: &str, exists: impl Fn(&str) -> bool) -> Target {
    let (raw, query) = split_query(target);
    let Some(raw) = raw.strip_prefix('/') else {
        return Target::Refused;
    };
    let lower = raw.to_ascii_lowercase();
    // An encoded slash or backslash would turn into a separator only after the checks below
    // looked at the segments, and an encoded NUL ends a path in C; none belongs in a file name.
    if ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) {
        return Target::Refused;
    }
    let Ok(path) = percent_decode_str(raw).decode_utf8() else {
        return Target::Refused;
    };
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return Target::Refused;
    }
    if path.split('/').any(|part| part == ".." || part == ".") {
        return Target::Refused;
    }
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&path) {
        return Target::File(path.into_owned());
    }
    if exists(&format!("{path}/index.html")) {
        let mut location = format!("/{}/", utf8_percent_encode(&path, PATH_ESCAPE));
        if !query.is_empty() && query.bytes().all(|b| b.is_ascii_graphic()) {
            location.push('?');
            location.push_str(query);
        }
        return Target::Redirect(location);
    }
    Target::NotFound
}

/// The Content-Type for a file of the site, by its extension.
pub(crate) fn content_type(rel: &str) -> &'static str {
    if rel == "atom.xml" || rel.ends_with("/atom.xml") {
        return "application/atom+xml; charset=utf-8";
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

fn is_html(rel: &str) -> bool {
    content_type(rel).starts_with("text/html")
}

/// Adds the reload script before the last `</body>` (or at the end if there is none).
pub(crate) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-since=\"{generation}\"></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A response before it is sent, so answering can be tested without a socket.
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub location: Option<String>,
    pub body: Body,
}

pub(crate) enum Body {
    Bytes(Vec<u8>),
    Shared(Arc<[u8]>),
    Static(&'static [u8]),
    File(File, usize),
}

impl Body {
    fn into_reader(self) -> (Box<dyn Read + Send>, usize) {
        match self {
            Body::Bytes(b) => {
                let len = b.len();
                (Box::new(Cursor::new(b)), len)
            }
            Body::Shared(b) => {
                let len = b.len();
                (Box::new(Cursor::new(b)), len)
            }
            Body::Static(b) => (Box::new(b), b.len()),
            Body::File(f, len) => (Box::new(f), len),
        }
    }

    /// The whole body in memory; files are read, for tests and HTML injection.
    #[cfg(test)]
    pub fn bytes(self) -> Vec<u8> {
        let (mut reader, _) = self.into_reader();
        let mut out = Vec::new();
        let _ = reader.read_to_end(&mut out);
        out
    }
}

impl Reply {
    fn text(status: u16, text: impl Into<String>) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: Body::Bytes(text.into().into_bytes()),
        }
    }

    fn html(status: u16, html: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type: "text/html; charset=utf-8",
            location: None,
            body: Body::Bytes(html),
        }
    }
}

/// Answers one request on the calling thread.
pub(crate) fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let reply = Reply::text(
            405,
            "405 Method Not Allowed: only GET and HEAD are served\n",
        );
        send(request, reply, Some(("Allow", "GET, HEAD")));
        return;
    }
    let url = request.url().to_string();
    let (path, query) = split_query(&url);
    if path == EVENTS_PATH {
        super::events::stream(request, query, shared);
        return;
    }
    let reply = if path == SCRIPT_PATH {
        Reply {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            location: None,
            body: Body::Static(RELOAD_JS.as_bytes()),
        }
    } else {
        answer(&url, &shared.snapshot())
    };
    send(request, reply, None);
}

/// What to send for a request target, given the current site.
pub(crate) fn answer(target: &str, site: &Snapshot) -> Reply {
    match resolve(target, |rel| site.files.contains_key(rel)) {
        Target::Refused => Reply::text(400, "400 Bad Request: this path is not part of the site\n"),
        Target::Redirect(location) => Reply {
            location: Some(location),
            ..Reply::text(301, "301 Moved Permanently\n")
        },
        Target::File(rel) if site.failed() && is_html(&rel) => overlay_reply(site),
        Target::File(rel) => match site.files.get(&rel) {
            Some(content) => file_reply(200, &rel, content, site.generation),
            None => not_found(target, site),
        },
        Target::NotFound => not_found(target, site),
    }
}

fn overlay_reply(site: &Snapshot) -> Reply {
    let page = overlay::page(&site.errors);
    Reply::html(500, inject(page.as_bytes(), site.generation))
}

/// The site's own 404 page; after a failed build, the errors instead for anything that would
/// be a page, so a new page being written shows why it does not build.
fn not_found(target: &str, site: &Snapshot) -> Reply {
    let (path, _) = split_query(target);
    let last = path.rsplit('/').next().unwrap_or("");
    let page_like = !last.contains('.') || is_html(last);
    if site.failed() && page_like {
        return overlay_reply(site);
    }
    match site.files.get("404.html") {
        Some(content) => file_reply(404, "404.html", content, site.generation),
        None => Reply::text(404, "404 Not Found\n"),
    }
}

fn file_reply(status: u16, rel: &str, content: &Data, generation: u64) -> Reply {
    let content_type = content_type(rel);
    let body = match content {
        Data::Bytes(b) => Body::Shared(Arc::clone(b)),
        Data::Static(b) => Body::Static(b),
        Data::Copy(path) => {
            let opened = File::open(path).and_then(|f| {
                let len = f.metadata()?.len();
                Ok((f, usize::try_from(len).unwrap_or(usize::MAX)))
            });
            match opened {
                Ok((f, len)) => Body::File(f, len),
                Err(e) => {
                    return Reply::text(500, format!("500: cannot read {rel}: {e}\n"));
                }
            }
        }
    };
    let body = if content_type.starts_with("text/html") {
        let (mut reader, _) = body.into_reader();
        let mut html = Vec::new();
        if let Err(e) = reader.read_to_end(&mut html) {
            return Reply::text(500, format!("500: cannot read {rel}: {e}\n"));
        }
        Body::Bytes(inject(&html, generation))
    } else {
        body
    };
    Reply {
        status,
        content_type,
        location: None,
        body,
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// Sends a reply; HEAD gets the same headers without the body (tiny_http leaves it out).
fn send(request: Request, reply: Reply, extra: Option<(&str, &str)>) {
    let (reader, len) = reply.body.into_reader();
    let mut headers: Vec<Header> = [
        header("Content-Type", reply.content_type),
        // Every save changes the site, so nothing may be cached.
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(location) = &reply.location {
        headers.extend(header("Location", location));
    }
    if let Some((name, value)) = extra {
        headers.extend(header(name, value));
    }
    let response = Response::new(StatusCode(reply.status), headers, reader, Some(len), None)
        // A known length is always sent as Content-Length, never chunked, so every client
        // (and HEAD) sees the size.
        .with_chunked_threshold(usize::MAX);
    // A browser that went away mid-answer is no error worth reporting.
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn site(files: &[(&str, &str)], errors: Vec<crate::diag::Diagnostic>) -> Snapshot {
        Snapshot {
            files: Arc::new(
                files
                    .iter()
                    .map(|(rel, body)| (rel.to_string(), Data::Bytes(body.as_bytes().into())))
                    .collect::<BTreeMap<_, _>>(),
            ),
            errors: Arc::new(errors),
            generation: 7,
        }
    }

    fn resolve_in(files: &[&str], target: &str) -> Target {
        resolve(target, |rel| files.contains(&rel))
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_a_slash() {
        let files = ["index.html", "about/index.html", "style.css"];
        assert_eq!(
            resolve_in(&files, "/"),
            Target::File("index.html".to_string())
        );
        assert_eq!(
            resolve_in(&files, "/about/"),
            Target::File("about/index.html".to_string())
        );
        assert_eq!(
            resolve_in(&files, "/about"),
            Target::Redirect("/about/".to_string())
        );
        assert_eq!(
            resolve_in(&files, "/about?x=1"),
            Target::Redirect("/about/?x=1".to_string())
        );
        assert_eq!(
            resolve_in(&files, "/style.css?v=2"),
            Target::File("style.css".to_string())
        );
        assert_eq!(resolve_in(&files, "/nope/"), Target::NotFound);
        assert_eq!(resolve_in(&files, "/style.css/"), Target::NotFound);
    }

    #[test]
    fn decodes_percent_encoded_names() {
        let files = ["a b/index.html", "é.png"];
        assert_eq!(
            resolve_in(&files, "/a%20b/"),
            Target::File("a b/index.html".to_string())
        );
        assert_eq!(
            resolve_in(&files, "/a%20b"),
            Target::Redirect("/a%20b/".to_string())
        );
        assert_eq!(
            resolve_in(&files, "/%C3%A9.png"),
            Target::File("é.png".to_string())
        );
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let files = ["index.html", "site.yaml"];
        for bad in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/site.yaml",
            "/..%2fsite.yaml",
            "/..%2Fsite.yaml",
            "/a/..%5csite.yaml",
            "/..\\site.yaml",
            "/a/../site.yaml",
            "/./site.yaml",
            "/site.yaml%00.html",
            "/%ff",
            "site.yaml",
            "http://example.org/site.yaml",
        ] {
            assert_eq!(resolve_in(&files, bad), Target::Refused, "{bad}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (rel, ty) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("site.js", "text/javascript; charset=utf-8"),
            ("favicon.svg", "image/svg+xml"),
            ("citations.json", "application/json"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("atom.xml", "application/atom+xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a/B.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.gif", "image/gif"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff2", "font/woff2"),
            ("data.bin", "application/octet-stream"),
            ("Makefile", "application/octet-stream"),
        ] {
            assert_eq!(content_type(rel), ty, "{rel}");
        }
    }

    #[test]
    fn injects_the_script_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", 3);
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.ends_with(
                "<p>x</p><script src=\"/__site/reload.js\" data-since=\"3\"></script></BODY></html>"
            ),
            "{out}"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", 3)).unwrap();
        assert!(bare.starts_with("<p>x</p><script"), "{bare}");
    }

    #[test]
    fn unknown_paths_get_the_404_page() {
        let s = site(
            &[
                ("index.html", "<body>home</body>"),
                ("404.html", "<body>missing</body>"),
            ],
            Vec::new(),
        );
        let r = answer("/nope/", &s);
        assert_eq!(r.status, 404);
        let body = String::from_utf8(r.body.bytes()).unwrap();
        assert!(body.starts_with("<body>missing<script"), "{body}");
        let r = answer("/", &s);
        assert_eq!(
            (r.status, r.content_type),
            (200, "text/html; charset=utf-8")
        );
    }

    #[test]
    fn a_failed_build_shows_its_errors_on_pages_but_keeps_assets() {
        let error = crate::diag::Diagnostic::error(
            crate::diag::Code::FrontMatter,
            "content/<index>.md",
            "the front matter is never closed",
        );
        let s = site(
            &[("index.html", "<body>home</body>"), ("style.css", "p{}")],
            vec![error],
        );
        for page in ["/", "/index.html", "/new-page/", "/new-page"] {
            let r = answer(page, &s);
            assert_eq!(r.status, 500, "{page}");
            let body = String::from_utf8(r.body.bytes()).unwrap();
            assert!(body.contains("never closed"), "{body}");
            assert!(body.contains("content/&lt;index&gt;.md"), "{body}");
            assert!(body.contains(SCRIPT_PATH), "{body}");
        }
        let css = answer("/style.css", &s);
        assert_eq!(css.status, 200);
        assert_eq!(css.body.bytes(), b"p{}");
        assert_eq!(answer("/missing.png", &s).status, 404);
    }
}
