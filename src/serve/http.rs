//! HTTP for the preview: answers a request with a file of the built site and nothing else,
//! checks the `Host` header (DNS rebinding) and the `Origin` of the reload channel, picks
//! the content type, injects the live-reload script (and the error overlay while the site
//! has errors) into HTML, and runs the Server-Sent Events channel.
//!
//! Files are served from memory: a request path is decoded segment by segment and looked
//! up among the output files, so no path, however encoded, can reach the disk.

use super::overlay::escape;
use crate::lang::{Lang, Localized};
use crate::render::assets::media_type;
use hyper::body::{Bytes, Frame, SizeHint};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;

/// Where the preview's own resources live; no page of the site has this URL.
pub const PREFIX: &str = "/__passerelle/";
pub const EVENTS_PATH: &str = "/__passerelle/events";
pub const SCRIPT_PATH: &str = "/__passerelle/live-reload.js";
const SCRIPT: &str = include_str!("live-reload.js");
/// Event streams open at once.
const MAX_EVENT_STREAMS: usize = 64;
/// How often an idle event stream is written to, to notice a client that went away: a
/// write is how a closed connection shows, the second one after it closed. Every second,
/// a page closed frees its stream within two.
const KEEP_ALIVE: Duration = Duration::from_secs(1);
/// Threads answering requests; the event streams cost none of their own.
const HTTP_THREADS: usize = 2;
/// The most a request head may hold (a browser's is under 2 KiB; this is hyper's floor of
/// 8 KiB times eight): a longer one is answered 431 and the connection closed.
pub const MAX_HEAD: usize = 64 * 1024;
/// How long a client may take to send a request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// One file as served.
#[derive(Debug, Clone)]
pub struct ServedFile {
    pub bytes: Arc<Vec<u8>>,
    /// The rebuild that last changed it.
    pub changed_at: u64,
    /// The language of its route, for a page.
    pub lang: Option<Lang>,
}

/// The build's errors as the browser gets them, over a page in each language.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The overlay, injected into every HTML page served while the site has errors.
    pub overlay: Localized<String>,
    /// The `failed` event sent to the pages already open.
    pub event: Localized<Arc<str>>,
}

/// What the server serves: replaced whole after every rebuild.
#[derive(Debug, Clone)]
pub struct State {
    pub files: HashMap<String, ServedFile>,
    /// The pages the search index holds (language, output path); its files are made from
    /// them when a search first asks for them after a rebuild, not at every edit.
    pub searched: Arc<Vec<(Lang, String)>>,
    /// The social cards the pages name, by path (`social/HASH.png`): each is drawn when it
    /// is first asked for, not at every edit.
    pub cards: Arc<crate::render::social::Cards>,
    pub generation: u64,
    pub failure: Option<Failure>,
    /// The language of the 404 page for a path outside `/fr/` and `/en/`, and of the
    /// files that are no page of a language (the root chooser).
    pub default_language: Lang,
}

impl Default for State {
    fn default() -> State {
        State {
            files: HashMap::new(),
            searched: Arc::default(),
            cards: Arc::default(),
            generation: 0,
            failure: None,
            default_language: Lang::Fr,
        }
    }
}

impl State {
    /// The language of the page at output path `file`: its route's; else that of its
    /// first folder, if a language's (a 404 page before the site has ever built); else
    /// the site's default language.
    pub fn page_language(&self, file: &str) -> Lang {
        self.files
            .get(file)
            .and_then(|served| served.lang)
            .or_else(|| {
                let (folder, _) = file.split_once('/')?;
                folder.parse().ok()
            })
            .unwrap_or(self.default_language)
    }

    /// The 404 page a static host serves for a missing path whose first segment is
    /// `first`: that of the path's language if the site has it, else the root's (in every
    /// language), else the default language's. Before the first build there is none yet:
    /// the path's language is then any language.
    pub fn not_found_page(&self, first: Option<&str>) -> String {
        let page = |lang: &str| format!("{lang}/404.html");
        let root = crate::urls::ROOT_NOT_FOUND;
        first
            .filter(|first| {
                self.files.contains_key(&page(first))
                    || self.files.is_empty() && first.parse::<Lang>().is_ok()
            })
            .map(page)
            .or_else(|| self.files.contains_key(root).then(|| root.to_string()))
            .unwrap_or_else(|| page(self.default_language.code()))
    }
}

/// The `Host` values the preview answers to: the loopback names and the bound address, with
/// the port. A page of another site whose name an attacker re-points at 127.0.0.1 (DNS
/// rebinding) sends its own name as `Host`, and is refused.
#[derive(Debug, Clone)]
pub struct Hosts {
    names: Vec<String>,
    /// Bound to every interface (`--bind 0.0.0.0`): any IP address with the port is fine
    /// too, since rebinding needs a name, never an address.
    any_address: bool,
    port: u16,
}

impl Hosts {
    pub fn new(bind: IpAddr, port: u16) -> Hosts {
        let with_port = |host: &str| format!("{host}:{port}");
        let bound = match bind {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        let mut names = vec![
            with_port("127.0.0.1"),
            with_port("localhost"),
            with_port("[::1]"),
            with_port(&bound),
        ];
        if port == 80 {
            names.extend(["127.0.0.1", "localhost", "[::1]", &bound].map(String::from));
        }
        names.sort();
        names.dedup();
        Hosts {
            names,
            any_address: bind.is_unspecified(),
            port,
        }
    }

    pub fn allows_host(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        self.names.contains(&host)
            || self.any_address
                && host
                    .parse::<SocketAddr>()
                    .is_ok_and(|addr| addr.port() == self.port)
    }

    /// An `Origin` header (`http://localhost:1111`) naming one of the allowed hosts.
    pub fn allows_origin(&self, origin: &str) -> bool {
        origin
            .trim()
            .strip_prefix("http://")
            .is_some_and(|host| self.allows_host(host))
    }
}

/// An open event stream: the language of its page, and where its frames go.
struct Client {
    lang: Lang,
    frames: tokio::sync::mpsc::UnboundedSender<Arc<str>>,
}

/// The open event streams; a rebuild sends each of them one frame.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Client>>,
}

impl Hub {
    /// A stream for a page in `lang`.
    fn subscribe(&self, lang: Lang) -> tokio::sync::mpsc::UnboundedReceiver<Arc<str>> {
        let (frames, rx) = tokio::sync::mpsc::unbounded_channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Client { lang, frames });
        rx
    }

    /// Sends a frame to every open stream, forgetting those that have closed.
    pub fn broadcast(&self, frame: Arc<str>) {
        self.send(|_| frame.clone());
    }

    /// Sends each open stream the frame in the language of its page.
    pub fn broadcast_localized(&self, frames: &Localized<Arc<str>>) {
        self.send(|lang| frames.get(lang).clone());
    }

    fn send(&self, frame: impl Fn(Lang) -> Arc<str>) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|client| client.frames.send(frame(client.lang)).is_ok());
    }
}

/// An SSE frame: `event: NAME`, then one `data:` line (JSON has no raw line breaks).
pub fn event_frame(name: &str, json: &serde_json::Value) -> Arc<str> {
    format!("event: {name}\ndata: {json}\n\n").into()
}

/// What a request path names in the built site.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An output file, by its path in the site.
    File(String),
    /// A directory asked for without its final `/`: the same path with it.
    AddSlash,
    /// Nothing; the first segment, for the 404 page in that language.
    NotFound(Option<String>),
    /// A path no file can have: `..`, an encoded `/`, `\` or NUL, bad percent-encoding.
    BadRequest,
}

/// Resolves the path of a request (without its query) among the files `exists` knows.
/// Each segment is percent-decoded once and must then be a plain name: `.`, `..` and
/// segments holding `/`, `\`, NUL or control characters are refused whole.
pub fn resolve(path: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Some(rest) = path.strip_prefix('/') else {
        return Target::BadRequest;
    };
    let raw: Vec<&str> = rest.split('/').collect();
    let mut segments = Vec::with_capacity(raw.len());
    let mut interior_empty = false;
    for (i, segment) in raw.iter().enumerate() {
        if segment.is_empty() {
            interior_empty |= i + 1 < raw.len();
            continue;
        }
        let Some(decoded) = percent_decode(segment) else {
            return Target::BadRequest;
        };
        let Ok(text) = String::from_utf8(decoded) else {
            return Target::BadRequest;
        };
        if text == "."
            || text == ".."
            || text.contains(['/', '\\'])
            || text.chars().any(char::is_control)
        {
            return Target::BadRequest;
        }
        segments.push(text);
    }
    let first = segments.first().cloned();
    if interior_empty {
        return Target::NotFound(first);
    }
    let joined = segments.join("/");
    if rest.is_empty() || rest.ends_with('/') {
        let index = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound(first)
        };
    }
    if exists(&joined) {
        Target::File(joined)
    } else if exists(&format!("{joined}/index.html")) {
        Target::AddSlash
    } else {
        Target::NotFound(first)
    }
}

/// `%XX` decoding; `None` on a malformed escape.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A query parameter, decoded (`+` is a space, as in forms).
fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name)
            .then(|| percent_decode(&value.replace('+', " ")))
            .flatten()
            .and_then(|bytes| String::from_utf8(bytes).ok())
    })
}

/// `html` with `extra` inserted before its last `</body>` (or at the end).
fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page for a 404 when the site has no 404 page yet (its first build failed). It is
/// served as the 404 page it stands for, so that it reloads once the site builds.
const BARE_NOT_FOUND: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p>The site has not been built yet.</p></body></html>\n";

/// Answers the requests of the preview; shared by the server's tasks.
pub struct Handler {
    state: RwLock<Arc<State>>,
    pub hub: Hub,
    hosts: Hosts,
    event_streams: Arc<AtomicUsize>,
    /// The search index's files and the rebuild whose pages they were made from.
    search: Mutex<Option<(u64, Arc<SearchFiles>)>>,
    /// The social cards drawn so far, by path: a card's name says what it shows, so one
    /// drawn stays right for as long as a page names it.
    drawn_cards: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

type SearchFiles = HashMap<String, Arc<Vec<u8>>>;

/// `text` with every byte that is not printable ASCII percent-encoded, fit for a header.
fn ascii_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

impl Handler {
    pub fn new(hosts: Hosts) -> Handler {
        Handler {
            state: RwLock::new(Arc::new(State::default())),
            hub: Hub::default(),
            hosts,
            event_streams: Arc::new(AtomicUsize::new(0)),
            search: Mutex::new(None),
            drawn_cards: Mutex::default(),
        }
    }

    /// The PNG of the social card `name` (`social/HASH.png`), drawn now if it was not yet
    /// (the lock keeps a second request from drawing it twice); `None` for a name no page
    /// gives, or a card that cannot be drawn, whose reason is printed as a build reports it.
    fn card(&self, state: &State, name: &str) -> Option<Arc<Vec<u8>>> {
        let svg = state.cards.svg.get(name)?;
        let mut drawn = self.drawn_cards.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(png) = drawn.get(name) {
            return Some(png.clone());
        }
        match crate::render::social::draw(&state.cards.fonts, svg) {
            Ok(png) => {
                // The cards no page names any more go.
                drawn.retain(|path, _| state.cards.svg.contains_key(path));
                let png = Arc::new(png);
                drawn.insert(name.to_string(), png.clone());
                Some(png)
            }
            Err(reason) => {
                eprintln!("error: the social card {name} cannot be drawn: {reason}");
                None
            }
        }
    }

    /// The search index of the pages served, made again when a rebuild changed them. A
    /// search asks for the entry file first, so after an edit the first search waits for
    /// the index (the lock keeps a second request from making it twice), and editing
    /// costs nothing when nobody searches.
    fn search_files(&self, state: &State) -> Option<Arc<SearchFiles>> {
        let mut cached = self.search.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((generation, files)) = cached.as_ref()
            && *generation == state.generation
        {
            return Some(files.clone());
        }
        let pages: Vec<crate::render::search::Page> = state
            .searched
            .iter()
            .filter_map(|(lang, path)| {
                let file = state.files.get(path)?;
                Some((*lang, path.clone(), file.bytes.clone()))
            })
            .collect();
        let made: crate::diagnostic::Result<Vec<(String, crate::render::OutputFile)>> =
            crate::render::search::index_into(&pages, &crate::render::InMemory)
                .into_iter()
                .collect();
        match made {
            Ok(files) => {
                let files: SearchFiles =
                    files.into_iter().map(|(path, f)| (path, f.bytes)).collect();
                let files = Arc::new(files);
                *cached = Some((state.generation, files.clone()));
                Some(files)
            }
            Err(error) => {
                eprintln!("{error}");
                None
            }
        }
    }

    pub fn state(&self) -> Arc<State> {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn publish(&self, state: State) {
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(state);
    }

    /// The answer to one request (its body, if any, is never read).
    pub fn answer<B>(&self, request: &Request<B>) -> Response<Body> {
        let header_value = |name| request.headers().get(name).and_then(|v| v.to_str().ok());
        if !header_value(header::HOST).is_some_and(|h| self.hosts.allows_host(h)) {
            return text(
                403,
                "403 Forbidden: this preview answers only to http://127.0.0.1, http://localhost or http://[::1] with its port (Host header refused)\n",
            );
        }
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut response = text(405, "405 Method Not Allowed\n");
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
        // The target as sent (origin form), not a normalised form of it: what `resolve`
        // refuses must reach it.
        let url = request
            .uri()
            .path_and_query()
            .map_or("/", |target| target.as_str());
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        if path == EVENTS_PATH {
            let origin = header_value(header::ORIGIN);
            let site = header_value(HeaderName::from_static("sec-fetch-site"));
            return self.events(origin, site, query);
        }
        if path == SCRIPT_PATH {
            return respond(200, media_type(SCRIPT_PATH), Body::full(SCRIPT.as_bytes()));
        }
        if path.starts_with(PREFIX) {
            return text(404, "404 Not Found\n");
        }
        let state = self.state();
        if let Some(name) = path.strip_prefix("/")
            && name.starts_with(&format!("{}/", crate::render::search::DIR))
            && !state.searched.is_empty()
            && let Some(bytes) = self
                .search_files(&state)
                .and_then(|files| files.get(name).cloned())
        {
            return self.file(&state, 200, name, bytes);
        }
        if let Some(name) = path.strip_prefix("/")
            && name.starts_with(&format!("{}/", crate::render::social::DIR))
            && let Some(bytes) = self.card(&state, name)
        {
            return self.file(&state, 200, name, bytes);
        }
        match resolve(path, |file| state.files.contains_key(file)) {
            Target::File(file) => {
                let served = &state.files[&file];
                self.file(&state, 200, &file, served.bytes.clone())
            }
            Target::AddSlash => {
                let location = ascii_only(&if query.is_empty() {
                    format!("{path}/")
                } else {
                    format!("{path}/?{query}")
                });
                let mut response = text(302, &format!("302 Found: {location}\n"));
                if let Ok(value) = HeaderValue::from_str(&location) {
                    response.headers_mut().insert(header::LOCATION, value);
                }
                response
            }
            Target::NotFound(first) => {
                let page = state.not_found_page(first.as_deref());
                let bytes = match state.files.get(&page) {
                    Some(served) => served.bytes.clone(),
                    None => Arc::new(BARE_NOT_FOUND.as_bytes().to_vec()),
                };
                self.file(&state, 404, &page, bytes)
            }
            Target::BadRequest => text(400, "400 Bad Request: not a path of this site\n"),
        }
    }

    fn file(&self, state: &State, status: u16, file: &str, bytes: Arc<Vec<u8>>) -> Response<Body> {
        let kind = media_type(file);
        let body = if kind.starts_with("text/html") {
            let mut extra = format!(
                "<script src=\"{SCRIPT_PATH}\" data-file=\"{}\" data-generation=\"{}\" defer></script>",
                escape(file),
                state.generation
            );
            if let Some(failure) = &state.failure {
                extra.push_str(failure.overlay.get(state.page_language(file)));
            }
            Bytes::from(inject(&bytes, &extra))
        } else {
            // Shared with the site in memory, not copied.
            Bytes::from_owner(Shared(bytes))
        };
        respond(status, kind, Body::Full(Some(body)))
    }

    /// The reload channel: a Server-Sent Events stream. Refused to pages of other origins,
    /// though they could not read it anyway without CORS headers.
    fn events(&self, origin: Option<&str>, site: Option<&str>, query: &str) -> Response<Body> {
        if let Some(origin) = origin
            && !self.hosts.allows_origin(origin)
        {
            return text(403, "403 Forbidden: reload channel of another origin\n");
        }
        if site.is_some_and(|site| site.eq_ignore_ascii_case("cross-site")) {
            return text(403, "403 Forbidden: cross-site request\n");
        }
        let streams = self.event_streams.clone();
        if streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
            streams.fetch_sub(1, Ordering::SeqCst);
            return text(503, "503 Service Unavailable: too many open previews\n");
        }
        let slot = Slot(streams);
        let file = query_param(query, "file");
        // The overlay a stream gets is in the language of its page.
        let lang = self.state().page_language(file.as_deref().unwrap_or(""));
        // Subscribe before reading the state, so that no rebuild falls between the two.
        let rx = self.hub.subscribe(lang);
        let state = self.state();
        let seen: Option<u64> = query_param(query, "generation").and_then(|g| g.parse().ok());
        let mut first = VecDeque::from([Bytes::from_static(b"retry: 1000\n\n")]);
        if let Some(failure) = &state.failure {
            first.push_back(frame_bytes(failure.event.get(lang)));
        }
        if let (Some(file), Some(seen)) = (file, seen)
            && state.files.get(&file).is_some_and(|f| f.changed_at > seen)
        {
            first.push_back(frame_bytes(&event_frame(
                "reload",
                &serde_json::json!({ "files": [file] }),
            )));
        }
        let body = Body::Events(Box::new(EventBody {
            first,
            rx,
            tick: Box::pin(tokio::time::sleep(KEEP_ALIVE)),
            _slot: slot,
        }));
        respond(200, "text/event-stream; charset=utf-8", body)
    }
}

/// Serves `handler` on `listener` from a runtime of its own, until the process ends.
/// Request heads are bounded in size and in time: a client sending an endless header, or
/// one byte a minute, is answered 431 or dropped, and costs little memory.
pub fn serve(listener: TcpListener, handler: Arc<Handler>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(HTTP_THREADS)
        .thread_name("passerelle-http")
        .enable_all()
        .build()?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    std::thread::spawn(move || {
        runtime.block_on(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    // Out of file descriptors, say: wait, rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let handler = handler.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        // A bug in answering one request must not take the server down.
                        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            handler.answer(&request)
                        }))
                        .unwrap_or_else(|_| text(500, "500 Internal Server Error\n"));
                        std::future::ready(Ok::<_, Infallible>(answer))
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEAD_TIMEOUT)
                        .max_buf_size(MAX_HEAD)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        })
    });
    Ok(())
}

/// A response with the headers every answer carries: never cached (the preview changes
/// under the browser), never sniffed.
fn respond(status: u16, kind: &'static str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn text(status: u16, message: &str) -> Response<Body> {
    respond(
        status,
        "text/plain; charset=utf-8",
        Body::full(message.as_bytes()),
    )
}

/// A file of the site in memory as the bytes of a response.
struct Shared(Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn frame_bytes(frame: &Arc<str>) -> Bytes {
    Bytes::copy_from_slice(frame.as_bytes())
}

/// A place among the event streams, given back when the stream ends (its client left).
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The body of an answer: bytes, or the endless body of an event stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(Box<EventBody>),
}

impl Body {
    fn full(bytes: &[u8]) -> Body {
        Body::Full(Some(Bytes::copy_from_slice(bytes)))
    }
}

/// An event stream: the frames due at once, then each frame the hub sends, and a comment
/// when nothing was sent for a while, since a write is how a closed connection shows.
pub struct EventBody {
    first: VecDeque<Bytes>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Arc<str>>,
    tick: Pin<Box<tokio::time::Sleep>>,
    _slot: Slot,
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let events = match self.get_mut() {
            Body::Full(bytes) => return Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(events) => events,
        };
        if let Some(bytes) = events.first.pop_front() {
            return Poll::Ready(Some(Ok(Frame::data(bytes))));
        }
        let data = match events.rx.poll_recv(cx) {
            Poll::Ready(Some(frame)) => frame_bytes(&frame),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => match events.tick.as_mut().poll(cx) {
                Poll::Ready(()) => Bytes::from_static(b": keep-alive\n\n"),
                Poll::Pending => return Poll::Pending,
            },
        };
        let next = tokio::time::Instant::now() + KEEP_ALIVE;
        events.tick.as_mut().reset(next);
        Poll::Ready(Some(Ok(Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            Body::Full(None) => SizeHint::with_exact(0),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(file: &str) -> bool {
        [
            "index.html",
            "fr/index.html",
            "fr/404.html",
            "fr/a-propos/index.html",
            "static/style.css",
        ]
        .contains(&file)
    }

    #[test]
    fn paths_resolve_to_files_directories_and_redirects() {
        assert_eq!(resolve("/", site), Target::File("index.html".into()));
        assert_eq!(resolve("/fr/", site), Target::File("fr/index.html".into()));
        assert_eq!(resolve("/fr", site), Target::AddSlash);
        assert_eq!(resolve("/fr/a-propos", site), Target::AddSlash);
        assert_eq!(
            resolve("/fr/%61-propos/", site),
            Target::File("fr/a-propos/index.html".into())
        );
        assert_eq!(
            resolve("/static/style.css", site),
            Target::File("static/style.css".into())
        );
        assert_eq!(
            resolve("/en/nothing", site),
            Target::NotFound(Some("en".into()))
        );
        assert_eq!(
            resolve("//fr/index.html", site),
            Target::NotFound(Some("fr".into()))
        );
    }

    #[test]
    fn nothing_outside_the_site_can_be_named() {
        for path in [
            "/../etc/passwd",
            "/fr/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/fr/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/fr%2f..%2f..%2fetc/passwd",
            "/..%5c..%5cetc%5cpasswd",
            "/fr/a-propos%00.html",
            "/fr/%zz",
            "/fr/%c3",
            "/./fr/",
            "fr/index.html",
            "http://evil.example/fr/",
        ] {
            assert_eq!(resolve(path, site), Target::BadRequest, "{path}");
        }
        // Decoded once only: `%252e` is the name `%2e`, which no file has.
        assert_eq!(
            resolve("/%252e%252e/x", site),
            Target::NotFound(Some("%2e%2e".into()))
        );
    }

    #[test]
    fn hosts_are_the_loopback_names_and_the_bound_address() {
        let hosts = Hosts::new("127.0.0.1".parse().unwrap(), 1111);
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert!(hosts.allows_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1:2222",
            "localhost",
            "localhost.evil.example:1111",
            "10.0.0.1:1111",
            "",
        ] {
            assert!(!hosts.allows_host(bad), "{bad}");
        }
        assert!(hosts.allows_origin("http://localhost:1111"));
        assert!(!hosts.allows_origin("http://evil.example:1111"));
        assert!(!hosts.allows_origin("null"));
        assert!(!hosts.allows_origin("https://localhost:1111"));
        let everywhere = Hosts::new("0.0.0.0".parse().unwrap(), 8000);
        assert!(everywhere.allows_host("192.168.1.20:8000"));
        assert!(!everywhere.allows_host("evil.example:8000"));
        let v6 = Hosts::new("::1".parse().unwrap(), 80);
        assert!(v6.allows_host("[::1]") && v6.allows_host("localhost"));
    }

    #[test]
    fn a_page_is_in_its_routes_language_else_its_folders_else_the_default() {
        let served = |lang| ServedFile {
            bytes: Arc::default(),
            changed_at: 0,
            lang,
        };
        let state = State {
            files: HashMap::from([
                ("fr/a-propos/index.html".to_string(), served(Some(Lang::Fr))),
                ("index.html".to_string(), served(None)),
            ]),
            default_language: Lang::En,
            ..State::default()
        };
        assert_eq!(state.page_language("fr/a-propos/index.html"), Lang::Fr);
        assert_eq!(
            state.page_language("fr/404.html"),
            Lang::Fr,
            "not built yet: the language of its folder"
        );
        assert_eq!(state.page_language("index.html"), Lang::En);
        assert_eq!(state.page_language("static/x.html"), Lang::En);
        assert_eq!(state.page_language(""), Lang::En);
    }

    #[test]
    fn a_missing_page_gets_the_404_page_of_its_language() {
        let served = ServedFile {
            bytes: Arc::default(),
            changed_at: 0,
            lang: None,
        };
        let mut state = State {
            files: HashMap::from([
                ("en/404.html".to_string(), served.clone()),
                ("fr/404.html".to_string(), served.clone()),
            ]),
            default_language: Lang::En,
            ..State::default()
        };
        assert_eq!(state.not_found_page(Some("fr")), "fr/404.html");
        assert_eq!(state.not_found_page(Some("en")), "en/404.html");
        assert_eq!(state.not_found_page(Some("elsewhere")), "en/404.html");
        assert_eq!(state.not_found_page(None), "en/404.html");
        state.files.remove("fr/404.html");
        assert_eq!(
            state.not_found_page(Some("fr")),
            "en/404.html",
            "a site without French"
        );
        state.files.clear();
        assert_eq!(
            state.not_found_page(Some("fr")),
            "fr/404.html",
            "not built yet"
        );
        assert_eq!(state.not_found_page(Some("de")), "en/404.html");
        for file in ["fr/404.html", "en/404.html", "404.html"] {
            state.files.insert(file.to_string(), served.clone());
        }
        assert_eq!(state.not_found_page(Some("fr")), "fr/404.html");
        assert_eq!(
            state.not_found_page(Some("elsewhere")),
            "404.html",
            "the root's, in every language"
        );
        assert_eq!(state.not_found_page(None), "404.html");
    }

    #[test]
    fn injection_and_queries() {
        assert_eq!(
            inject(b"<body><p>x</p></BODY></html>", "<i></i>"),
            b"<body><p>x</p><i></i></BODY></html>"
        );
        assert_eq!(inject(b"<p>x</p>", "<i></i>"), b"<p>x</p><i></i>");
        assert_eq!(ascii_only("q=é x"), "q=%C3%A9%20x");
        assert_eq!(
            query_param("file=fr%2Fa-propos%2Findex.html&generation=3", "file").as_deref(),
            Some("fr/a-propos/index.html")
        );
    }
}
