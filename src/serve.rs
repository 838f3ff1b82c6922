//! `site serve`: build into memory, serve over HTTP, rebuild on every save and reload the
//! open pages, so an editor sees the page (or what is wrong with it) the moment they save.
//!
//! Nothing is written to disk: the server answers only from the bytes the last build made or
//! read (never from a path read again later), so a request can never reach a file the build
//! did not publish. A failed build keeps the server up and the last good site's assets served,
//! and every page shows the errors until a save fixes them; the reload script is added to HTML
//! as it is sent, so the built files stay byte for byte what `site build` writes.

mod events;
mod frozen;
mod http;
mod listen;
mod overlay;

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use notify_debouncer_full::notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::build::{Options, Session};
use crate::diag::Diagnostic;
use frozen::{Files, Freezer};

/// How to serve, from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub port: u16,
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    pub drafts: bool,
    /// The host (or URL) the pages' absolute links name instead of the bound address.
    pub base_url: Option<String>,
}

/// The folders (and the one file) whose changes trigger a rebuild. public/ and target/ are left
/// out on purpose: watching them would rebuild on every `site build` or `cargo build`.
const WATCHED_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];
const CONFIG_FILE: &str = crate::load::content::CONFIG_FILE;

/// How long the watcher waits for a burst of file events to end. An editor's save (truncate,
/// write, close, or write-and-rename) lands within a millisecond or two, so 20 ms is plenty to
/// see it whole while keeping the save-to-reload time well under 100 ms; anything that still
/// straddles the window only causes one extra, harmless rebuild.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// What the server shows: the last good site and, after a failed build, what failed.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The files of the last build that succeeded, by path relative to the site root, as
    /// bytes read when that build finished.
    pub files: Arc<Files>,
    /// After a failed build, its error page with the reload script, made once for every
    /// request until the next build; None after a success.
    pub failure: Option<Arc<[u8]>>,
    /// Bumped on every build so a page can tell whether it is out of date. It starts at the
    /// server's start time, so pages left open across a restart reload too.
    pub generation: u64,
}

impl Snapshot {
    /// The site after a build; `errors` are the findings of a failed one (empty on success).
    pub fn new(files: Arc<Files>, errors: &[Diagnostic], generation: u64) -> Snapshot {
        let failure = (!errors.is_empty())
            .then(|| Arc::from(http::inject(overlay::page(errors).as_bytes(), generation)));
        Snapshot {
            files,
            failure,
            generation,
        }
    }
}

/// What the request threads and the rebuild loop share.
pub(crate) struct Shared {
    site: Mutex<Arc<Snapshot>>,
    pub listeners: events::Listeners,
}

impl Shared {
    /// The current site; the lock is held only to clone the pointer, never while answering.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.site.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn replace(&self, snapshot: Snapshot) {
        *self.site.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
    }
}

/// Runs `site serve` until the process is stopped (Ctrl-C). Since nothing is written to disk,
/// being killed leaves nothing behind, so no signal handler is needed.
pub fn run(root: &Path, settings: &Settings) -> ExitCode {
    let root = match root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            eprintln!(
                "error: cannot open the project folder {}: {e}\n  = help: pass an existing folder with --root, or create one with `site init`",
                root.display()
            );
            return ExitCode::from(1);
        }
    };
    let Some(server) = listen_from(settings.bind, settings.port) else {
        return ExitCode::from(1);
    };
    // With --port 0 the system picks the port, so the URL is known only once bound.
    let port = server.local_addr().map_or(settings.port, |a| a.port());
    if port != settings.port && settings.port != 0 {
        println!(
            "Port {} is in use; serving on port {port} instead",
            settings.port
        );
    }
    let Some(Addresses { url, links_url }) = addresses(settings, port) else {
        return ExitCode::from(2);
    };
    // Watch before the first build, so a save during it is not missed.
    let (tx, rx) = mpsc::channel();
    let Some(watcher) = watch(&root, tx) else {
        return ExitCode::from(1);
    };

    let options = Options {
        drafts: settings.drafts,
        base_url: Some(links_url),
        ..Options::default()
    };
    let mut session = Session::new(&root, options.clone());
    let mut freezer = Freezer::new(&root);
    let shared = Arc::new(Shared {
        site: Mutex::new(Arc::new(Snapshot::new(
            Arc::new(BTreeMap::new()),
            &[],
            first_generation(),
        ))),
        listeners: events::Listeners::default(),
    });
    let started = Instant::now();
    let result = session.build();
    let ok = apply(&shared, &mut freezer, result, None);
    announce_first(ok, started.elapsed().as_millis());

    let accept = Arc::clone(&shared);
    let spawned = thread::Builder::new()
        .name("site-serve-accept".to_string())
        .spawn(move || listen::accept(&server, &accept, listen::Limits::DEFAULT));
    if let Err(e) = spawned {
        eprintln!("error: cannot start the server's thread: {e}");
        return ExitCode::from(1);
    }
    println!("Serving {url} — press Ctrl-C to stop");
    if settings.open {
        open_browser(url);
    }

    let mut state = Rebuild {
        session,
        options,
        freezer,
    };
    rebuild_loop(&root, &mut state, &shared, watcher, &rx);
    ExitCode::SUCCESS
}

/// Where the server answers, and the address its pages' absolute links start with.
struct Addresses {
    url: String,
    links_url: String,
}

/// The server's addresses once bound to `port`; None (said on stderr) when `--base-url` is
/// refused.
fn addresses(settings: &Settings, port: u16) -> Option<Addresses> {
    let url = site_url(settings.bind, port);
    let links_url = match &settings.base_url {
        Some(base) => match links_url(base, port) {
            Ok(links) => links,
            Err(why) => {
                eprintln!("error: --base-url {base}: {why}");
                return None;
            }
        },
        None => url.clone(),
    };
    Some(Addresses { url, links_url })
}

/// Starts watching the project; None (said on stderr) when the system refuses.
fn watch(root: &Path, tx: mpsc::Sender<DebounceEventResult>) -> Option<Watcher> {
    match Watcher::start(root, tx) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "error: cannot watch the project for changes: {e}\n  = help: on Linux, raise fs.inotify.max_user_watches if the limit was reached"
            );
            None
        }
    }
}

/// How many ports after the chosen one are tried when it is taken, as Hugo does.
const PORTS_TRIED: u16 = 20;

/// Listens on `port`, or on the next free one of the few after it when it is taken.
fn listen_from(bind: IpAddr, port: u16) -> Option<TcpListener> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORTS_TRIED)
    };
    let mut tried = port;
    loop {
        match TcpListener::bind(SocketAddr::new(bind, tried)) {
            Ok(server) => return Some(server),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && tried < last => tried += 1,
            Err(e) => {
                eprintln!(
                    "error: cannot listen on {}: {e}\n  = help: ports {port} to {tried} are taken or refused; pass another with --port",
                    SocketAddr::new(bind, tried),
                );
                return None;
            }
        }
    }
}

/// The base URL of the pages' absolute links for `serve --base-url`: a host gets the scheme
/// and the port served on; a URL is taken as written. Its path must be `/`, where the site
/// is served.
fn links_url(base: &str, port: u16) -> Result<String, &'static str> {
    let url = if base.contains("://") {
        base.to_string()
    } else {
        format!("http://{}:{port}/", base.trim_end_matches('/'))
    };
    let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
    match after_scheme.split_once('/') {
        Some((host, path)) if !host.is_empty() && path.is_empty() => Ok(url),
        None if !after_scheme.is_empty() => Ok(format!("{url}/")),
        _ => Err(
            "give a host such as 192.168.1.20 or http://laptop.local:1111/; `site serve` serves the site at `/`, so the URL cannot have a path",
        ),
    }
}

/// Tells the outcome of the first build: what was built, or what failed it (errors and
/// warnings counted apart, as `site build` counts them), which the browser shows.
fn announce_first(ok: Result<(usize, usize), String>, ms: u128) {
    match ok {
        Ok((pages, sources)) => println!(
            "Built {} and {} in {ms} ms",
            plural(pages, "page", "pages"),
            plural(sources, "source", "sources")
        ),
        Err(tally) => {
            println!(
                "Build failed with {tally}; the browser shows what failed until a save fixes it"
            )
        }
    }
}

/// The address links point at: the bound one, except that a browser cannot visit "any
/// address" (0.0.0.0 or ::), so those use the loopback address instead.
fn site_url(bind: IpAddr, port: u16) -> String {
    let host = match bind {
        IpAddr::V4(a) if a.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(a) if a.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    };
    match host {
        IpAddr::V4(a) => format!("http://{a}:{port}/"),
        IpAddr::V6(a) => format!("http://[{a}]:{port}/"),
    }
}

/// Opens the site on a thread of its own: some launchers wait for the browser to exit, and
/// the rebuild loop must not wait with them.
fn open_browser(url: String) {
    let spawned = thread::Builder::new()
        .name("site-serve-open".to_string())
        .spawn(move || {
            if let Err(e) = open::that_detached(&url) {
                eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
            }
        });
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser ({e})");
    }
}

fn first_generation() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| u64::try_from(d.as_millis()).unwrap_or(1))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Stores a build's outcome and prints its findings. On success, the numbers of pages and
/// sources; on failure, its errors and warnings in words (the last good files stay served). The files the
/// build listed by path are read now (see `frozen`); `changed` names the files the watcher
/// saw change (None: anything may have).
fn apply(
    shared: &Shared,
    freezer: &mut Freezer,
    result: Result<crate::build::Built, Vec<Diagnostic>>,
    changed: Option<&[PathBuf]>,
) -> Result<(usize, usize), String> {
    let previous = shared.snapshot();
    let generation = previous.generation.wrapping_add(1);
    let result = result.and_then(|built| match freezer.freeze(built.files, changed) {
        Ok(files) => Ok((built.summary, files)),
        Err(mut found) => {
            found.extend(built.summary.warnings);
            Err(found)
        }
    });
    match result {
        Ok((summary, files)) => {
            print_diagnostics(&summary.warnings);
            shared.replace(Snapshot::new(Arc::new(files), &[], generation));
            Ok((summary.pages, summary.sources))
        }
        Err(found) => {
            print_diagnostics(&found);
            let tally = crate::diag::failure_tally(&found);
            shared.replace(Snapshot::new(
                Arc::clone(&previous.files),
                &found,
                generation,
            ));
            Err(tally)
        }
    }
}

fn print_diagnostics(found: &[Diagnostic]) {
    let _ = crate::diag::print_human(found, std::io::stderr().lock());
}

/// The file watcher and the folders it watches, so folders created later can be added.
struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watcher {
    fn start(
        root: &Path,
        tx: mpsc::Sender<DebounceEventResult>,
    ) -> Result<Watcher, notify_debouncer_full::notify::Error> {
        let mut debouncer = new_debouncer(DEBOUNCE, None, tx)?;
        // The root itself, not recursively: it sees site.yaml however an editor saves it
        // (written in place or renamed over) and the watched folders being created.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            debouncer,
        };
        for dir in WATCHED_DIRS {
            watcher.watch_dir(dir)?;
        }
        Ok(watcher)
    }

    /// Watches one of [`WATCHED_DIRS`] if it exists; called again when it is (re)created.
    fn watch_dir(&mut self, dir: &str) -> Result<(), notify_debouncer_full::notify::Error> {
        let path = self.root.join(dir);
        if path.is_dir() {
            self.debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
        Ok(())
    }
}

/// What a batch of file events asks for.
#[derive(Debug, Default)]
struct Changes {
    /// Changed files, relative to the root, for the rebuild line.
    paths: BTreeSet<PathBuf>,
    /// The watcher lost events (its queue overflowed), so anything may have changed.
    rescan: bool,
}

impl Changes {
    fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    fn add(&mut self, root: &Path, result: DebounceEventResult) {
        match result {
            Ok(events) => {
                for event in events {
                    if event.need_rescan() {
                        self.rescan = true;
                    }
                    if ignored(&event.kind) {
                        continue;
                    }
                    self.paths
                        .extend(event.paths.iter().filter_map(|p| relevant(root, p)));
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching for changes: {e}");
                }
            }
        }
    }

    /// `content/index.md`, or the first three and how many more.
    fn shown(&self) -> String {
        if self.paths.is_empty() {
            return "unknown files; rescanned".to_string();
        }
        let mut names: Vec<String> = self
            .paths
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        if self.paths.len() > 3 {
            names.push(format!("and {} more", self.paths.len() - 3));
        }
        names.join(", ")
    }
}

/// Reading a file is not changing it: the build itself opens every file, and reacting to
/// that would rebuild forever.
fn ignored(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(
            AccessKind::Open(_) | AccessKind::Read | AccessKind::Close(_) | AccessKind::Any
        ) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// The path relative to the root if a change there can change the site: site.yaml or a file
/// in a watched folder, but not an editor's swap, backup or lock file.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_str()?;
    let inside = if parts.next().is_none() {
        first == CONFIG_FILE || WATCHED_DIRS.contains(&first)
    } else {
        WATCHED_DIRS.contains(&first)
    };
    let name = rel.file_name()?.to_str()?;
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    (inside && !scratch).then(|| rel.to_path_buf())
}

/// What the rebuild loop keeps from build to build.
struct Rebuild {
    session: Session,
    options: Options,
    freezer: Freezer,
}

/// Waits for changes, rebuilds, and tells the open pages to reload; runs until the watcher
/// stops, which only happens when the process ends.
fn rebuild_loop(
    root: &Path,
    state: &mut Rebuild,
    shared: &Shared,
    mut watcher: Watcher,
    rx: &Receiver<DebounceEventResult>,
) {
    while let Ok(first) = rx.recv() {
        let mut changes = Changes::default();
        changes.add(root, first);
        // Saves that landed while the last build ran are built together, once.
        while let Ok(more) = rx.try_recv() {
            changes.add(root, more);
        }
        if changes.is_empty() {
            continue;
        }
        for dir in WATCHED_DIRS {
            if (changes.rescan || changes.paths.contains(Path::new(dir)))
                && let Err(e) = watcher.watch_dir(dir)
            {
                eprintln!("warning: cannot watch {dir}/: {e}");
            }
        }
        let started = Instant::now();
        let paths: Vec<PathBuf> = changes.paths.iter().cloned().collect();
        let outcome = if changes.rescan {
            // Events were lost, so any file may have changed in any way, even keeping its
            // size and time: build from nothing rather than trust what was kept.
            state.session = Session::new(root, state.options.clone());
            let result = state.session.build();
            apply(shared, &mut state.freezer, result, None)
        } else {
            let result = state.session.build_changed(&paths);
            apply(shared, &mut state.freezer, result, Some(&paths))
        };
        let ms = started.elapsed().as_millis();
        let generation = shared.snapshot().generation;
        shared.listeners.broadcast(generation);
        match outcome {
            Ok(_) => println!("Rebuilt in {ms} ms (changed: {})", changes.shown()),
            Err(tally) => println!(
                "Build failed with {tally} (changed: {}), shown in the browser until fixed",
                changes.shown(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_the_project_files_only() {
        let root = Path::new("/p");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(rel("/p/site.yaml"), Some(PathBuf::from("site.yaml")));
        assert_eq!(
            rel("/p/content/a/index.md"),
            Some(PathBuf::from("content/a/index.md"))
        );
        assert_eq!(rel("/p/templates"), Some(PathBuf::from("templates")));
        assert_eq!(rel("/p/public/index.html"), None);
        assert_eq!(rel("/p/target/debug/site"), None);
        assert_eq!(rel("/p/content/.index.md.swp"), None);
        assert_eq!(rel("/p/content/index.md~"), None);
        assert_eq!(rel("/p/content/4913"), None);
        assert_eq!(rel("/p/README.md"), None);
        assert_eq!(rel("/elsewhere/site.yaml"), None);
    }

    #[test]
    fn reading_is_not_a_change() {
        use notify_debouncer_full::notify::event::{AccessMode, CreateKind, DataChange};
        assert!(ignored(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(ignored(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!ignored(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(!ignored(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn links_point_at_an_address_a_browser_can_visit() {
        assert_eq!(
            site_url(IpAddr::V4(Ipv4Addr::LOCALHOST), 1111),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            site_url(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 8080),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            site_url(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 80),
            "http://[::1]:80/"
        );
    }

    #[test]
    fn names_at_most_three_changed_files() {
        let mut c = Changes::default();
        for p in [
            "content/a.md",
            "content/b.md",
            "content/c.md",
            "content/d.md",
        ] {
            c.paths.insert(PathBuf::from(p));
        }
        assert_eq!(
            c.shown(),
            "content/a.md, content/b.md, content/c.md, and 1 more"
        );
    }
}
