//! Answering requests: GET and HEAD, from the site in memory only.
//!
//! A request path is never joined onto the file system. It is decoded, checked, and looked up
//! in the map of files the last build listed; anything that could climb out of the site
//! (`..`, encoded slashes or backslashes, NUL) is refused before the lookup. The bytes sent
//! are the ones read when the build finished (see `frozen`), never read again from disk.

use std::ops::Range;
use std::sync::Arc;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::frozen::{MAX_FILE_BYTES, Served};
use super::listen::Head;
use super::{Shared, Snapshot};

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

/// The reload script's tag for a page served from build `generation`.
fn script_tag(generation: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-since=\"{generation}\"></script>")
}

/// Where the reload script goes: before the last `</body>`, or at the end if there is none.
fn script_at(html: &[u8]) -> usize {
    html.windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len())
}

/// Adds the reload script before the last `</body>` (or at the end if there is none).
pub(crate) fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = script_tag(generation);
    let at = script_at(html);
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
    /// Close the connection after this reply.
    pub close: bool,
}

/// A reply's body as slices of what the server holds: a page is sent as the part before the
/// script, the script tag, and the rest, so no request copies a page.
pub(crate) struct Body(Vec<Part>);

enum Part {
    Owned(Vec<u8>),
    Shared(Arc<[u8]>, Range<usize>),
    Static(&'static [u8]),
}

impl Body {
    fn owned(bytes: Vec<u8>) -> Body {
        Body(vec![Part::Owned(bytes)])
    }

    fn served(served: &Served) -> Body {
        match served {
            Served::Bytes(b) => Body(vec![Part::Shared(Arc::clone(b), 0..b.len())]),
            Served::Static(b) => Body(vec![Part::Static(b)]),
            Served::TooLarge(_) => Body(Vec::new()),
        }
    }

    /// `html` with the reload script spliced in.
    fn page(served: &Served, generation: u64) -> Body {
        let tag = Part::Owned(script_tag(generation).into_bytes());
        match served {
            Served::Bytes(b) => {
                let at = script_at(b);
                Body(vec![
                    Part::Shared(Arc::clone(b), 0..at),
                    tag,
                    Part::Shared(Arc::clone(b), at..b.len()),
                ])
            }
            Served::Static(b) => {
                let b: &'static [u8] = b;
                let at = script_at(b);
                Body(vec![Part::Static(&b[..at]), tag, Part::Static(&b[at..])])
            }
            Served::TooLarge(_) => Body(Vec::new()),
        }
    }

    pub fn parts(&self) -> Vec<&[u8]> {
        self.0
            .iter()
            .map(|p| match p {
                Part::Owned(b) => b.as_slice(),
                Part::Shared(b, range) => b.get(range.clone()).unwrap_or_default(),
                Part::Static(b) => b,
            })
            .collect()
    }

    /// The whole body in one piece, for tests.
    #[cfg(test)]
    pub fn bytes(self) -> Vec<u8> {
        self.parts().concat()
    }
}

impl Reply {
    pub(crate) fn text(status: u16, text: impl Into<String>) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            location: None,
            body: Body::owned(text.into().into_bytes()),
            close: false,
        }
    }
}

/// What a request asks for: a reply, or the event stream (which keeps the connection).
pub(crate) enum Outcome {
    Reply(Reply),
    /// The event stream, with the request's query.
    Events(String),
}

/// Answers one request.
pub(crate) fn respond(head: &Head, shared: &Shared) -> Outcome {
    if head.method != "GET" && head.method != "HEAD" {
        return Outcome::Reply(Reply {
            // A body may follow that is not read, so the connection cannot be reused.
            close: true,
            ..Reply::text(
                405,
                "405 Method Not Allowed: only GET and HEAD are served\n",
            )
        });
    }
    let (path, query) = split_query(&head.target);
    if path == EVENTS_PATH {
        return Outcome::Events(query.to_string());
    }
    let reply = if path == SCRIPT_PATH {
        Reply {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            location: None,
            body: Body(vec![Part::Static(RELOAD_JS.as_bytes())]),
            close: false,
        }
    } else {
        answer(&head.target, &shared.snapshot())
    };
    Outcome::Reply(reply)
}

/// What to send for a request target, given the current site.
pub(crate) fn answer(target: &str, site: &Snapshot) -> Reply {
    match resolve(target, |rel| site.files.contains_key(rel)) {
        Target::Refused => Reply::text(400, "400 Bad Request: this path is not part of the site\n"),
        Target::Redirect(location) => Reply {
            location: Some(location),
            ..Reply::text(301, "301 Moved Permanently\n")
        },
        Target::File(rel) if is_html(&rel) && site.failure.is_some() => failure_reply(site),
        Target::File(rel) => match site.files.get(&rel) {
            Some(served) => file_reply(200, &rel, served, site.generation),
            None => not_found(target, site),
        },
        Target::NotFound => not_found(target, site),
    }
}

/// The page of the failed build, made once when the build failed.
fn failure_reply(site: &Snapshot) -> Reply {
    let body = match &site.failure {
        Some(page) => Body(vec![Part::Shared(Arc::clone(page), 0..page.len())]),
        None => Body(Vec::new()),
    };
    Reply {
        status: 500,
        content_type: "text/html; charset=utf-8",
        location: None,
        body,
        close: false,
    }
}

/// The site's own 404 page; after a failed build, the errors instead for anything that would
/// be a page, so a new page being written shows why it does not build.
fn not_found(target: &str, site: &Snapshot) -> Reply {
    let (path, _) = split_query(target);
    let last = path.rsplit('/').next().unwrap_or("");
    let page_like = !last.contains('.') || is_html(last);
    if site.failure.is_some() && page_like {
        return failure_reply(site);
    }
    match site.files.get("404.html") {
        Some(served) => file_reply(404, "404.html", served, site.generation),
        None => Reply::text(404, "404 Not Found\n"),
    }
}

fn file_reply(status: u16, rel: &str, served: &Served, generation: u64) -> Reply {
    if let Served::TooLarge(len) = served {
        return Reply::text(
            500,
            format!(
                "500: {rel} is {:.0} MB; site serve holds the site in memory and serves files of up to {} MB (and {} GB in all). `site build` publishes it.\n",
                *len as f64 / 1e6,
                MAX_FILE_BYTES / 1_000_000,
                super::frozen::MAX_TOTAL_BYTES / 1_000_000_000,
            ),
        );
    }
    let content_type = content_type(rel);
    let body = if content_type.starts_with("text/html") {
        Body::page(served, generation)
    } else {
        Body::served(served)
    };
    Reply {
        status,
        content_type,
        location: None,
        body,
        close: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::frozen::Files;
    use std::collections::BTreeMap;

    fn site(files: &[(&str, &str)], errors: Vec<crate::diag::Diagnostic>) -> Snapshot {
        let files = files
            .iter()
            .map(|(rel, body)| (rel.to_string(), Served::Bytes(body.as_bytes().into())))
            .collect::<BTreeMap<_, _>>();
        Snapshot::new(Arc::new(files), &errors, 7)
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

    #[test]
    fn a_page_is_sent_with_the_script_spliced_in() {
        let s = site(&[("index.html", "<body>home</body>")], Vec::new());
        let r = answer("/", &s);
        assert_eq!(r.body.parts().len(), 3);
        assert_eq!(
            String::from_utf8(r.body.bytes()).unwrap(),
            "<body>home<script src=\"/__site/reload.js\" data-since=\"7\"></script></body>"
        );
    }

    #[test]
    fn a_file_over_the_limit_says_why_it_is_not_served() {
        let mut s = site(&[], Vec::new());
        let mut files = Files::new();
        files.insert("film.mp4".to_string(), Served::TooLarge(900_000_000));
        s.files = Arc::new(files);
        let r = answer("/film.mp4", &s);
        assert_eq!(r.status, 500);
        let text = String::from_utf8(r.body.bytes()).unwrap();
        assert!(text.contains("film.mp4 is 900 MB"), "{text}");
        assert!(text.contains("`site build` publishes it"), "{text}");
    }
}
