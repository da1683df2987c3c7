//! HTTP for the preview: answers a request with a file of the built site and nothing else,
//! checks the `Host` header (DNS rebinding) and the `Origin` of the reload channel, picks
//! the content type, injects the live-reload script (and the error overlay while the site
//! has errors) into HTML, and runs the Server-Sent Events channel.
//!
//! Files are served from memory: a request path is decoded segment by segment and looked
//! up among the output files, so no path, however encoded, can reach the disk.

use super::overlay::escape;
use crate::render::assets::media_type;
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Where the preview's own resources live; no page of the site has this URL.
pub const PREFIX: &str = "/__passerelle/";
pub const EVENTS_PATH: &str = "/__passerelle/events";
pub const SCRIPT_PATH: &str = "/__passerelle/live-reload.js";
const SCRIPT: &str = include_str!("live-reload.js");
/// Event streams open at once; each holds a thread.
const MAX_EVENT_STREAMS: usize = 64;
/// How often an idle event stream is written to, to notice a client that went away: a
/// write is how a closed connection shows, the second one after it closed. Every second,
/// a page closed frees its stream (and its thread) within two.
const KEEP_ALIVE: Duration = Duration::from_secs(1);

/// One file as served.
#[derive(Debug, Clone)]
pub struct ServedFile {
    pub bytes: Arc<Vec<u8>>,
    /// The rebuild that last changed it.
    pub changed_at: u64,
}

/// The build's errors as the browser gets them.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The overlay, injected into every HTML page served while the site has errors.
    pub overlay: String,
    /// The `failed` event sent to the pages already open.
    pub event: Arc<str>,
}

/// What the server serves: replaced whole after every rebuild.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub files: HashMap<String, ServedFile>,
    pub generation: u64,
    pub failure: Option<Failure>,
    /// The language of the 404 page for a path outside `/fr/` and `/en/`.
    pub default_language: String,
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

/// The open event streams; a rebuild sends each of them one frame.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
}

impl Hub {
    fn subscribe(&self) -> Receiver<Arc<str>> {
        let (tx, rx) = mpsc::channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Sends a frame to every open stream, forgetting those that have closed.
    pub fn broadcast(&self, frame: Arc<str>) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|client| client.send(frame.clone()).is_ok());
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

/// A page for a 404 when the site has no 404 page yet (its first build failed).
const BARE_NOT_FOUND: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p>The site has not been built yet.</p></body></html>\n";

/// Answers the requests of the preview; shared by the server's threads.
pub struct Handler {
    state: RwLock<Arc<State>>,
    pub hub: Hub,
    hosts: Hosts,
    event_streams: Arc<AtomicUsize>,
}

/// The bytes of a response body, shared with the site in memory when they need no change.
struct Body(Arc<Vec<u8>>);

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A header whose value is printable ASCII (callers see to it: constants, or
/// [`ascii_only`]).
fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header value")
}

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
        }
    }

    pub fn state(&self) -> Arc<State> {
        self.state.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn publish(&self, state: State) {
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(state);
    }

    /// Answers one request; errors writing to a client that went away are ignored.
    pub fn handle(&self, request: Request) {
        let host = header_value(&request, "Host");
        if !host.as_deref().is_some_and(|h| self.hosts.allows_host(h)) {
            return text(
                request,
                403,
                "403 Forbidden: this preview answers only to http://127.0.0.1, http://localhost or http://[::1] with its port (Host header refused)\n",
            );
        }
        if !matches!(request.method(), Method::Get | Method::Head) {
            let response = Response::from_string("405 Method Not Allowed\n")
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD"));
            return send(request, response);
        }
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        if path == EVENTS_PATH {
            return self.events(request, query);
        }
        if path == SCRIPT_PATH {
            let response = Response::from_string(SCRIPT)
                .with_header(header("Content-Type", media_type(SCRIPT_PATH)));
            return send(request, response);
        }
        if path.starts_with(PREFIX) {
            return text(request, 404, "404 Not Found\n");
        }
        let state = self.state();
        match resolve(path, |file| state.files.contains_key(file)) {
            Target::File(file) => {
                let served = &state.files[&file];
                self.file(request, &state, 200, &file, served.bytes.clone());
            }
            Target::AddSlash => {
                let location = ascii_only(&if query.is_empty() {
                    format!("{path}/")
                } else {
                    format!("{path}/?{query}")
                });
                let response = Response::from_string(format!("302 Found: {location}\n"))
                    .with_status_code(302)
                    .with_header(header("Location", &location));
                send(request, response);
            }
            Target::NotFound(first) => {
                let page = first
                    .map(|lang| format!("{lang}/404.html"))
                    .filter(|page| state.files.contains_key(page))
                    .unwrap_or_else(|| format!("{}/404.html", state.default_language));
                match state.files.get(&page) {
                    Some(served) => self.file(request, &state, 404, &page, served.bytes.clone()),
                    None => self.file(
                        request,
                        &state,
                        404,
                        "404.html",
                        Arc::new(BARE_NOT_FOUND.as_bytes().to_vec()),
                    ),
                }
            }
            Target::BadRequest => text(request, 400, "400 Bad Request: not a path of this site\n"),
        }
    }

    fn file(&self, request: Request, state: &State, status: u16, file: &str, bytes: Arc<Vec<u8>>) {
        let kind = media_type(file);
        let body = if kind.starts_with("text/html") {
            let mut extra = format!(
                "<script src=\"{SCRIPT_PATH}\" data-file=\"{}\" data-generation=\"{}\" defer></script>",
                escape(file),
                state.generation
            );
            if let Some(failure) = &state.failure {
                extra.push_str(&failure.overlay);
            }
            Arc::new(inject(&bytes, &extra))
        } else {
            bytes
        };
        let length = body.len();
        let response = Response::new(
            StatusCode(status),
            vec![header("Content-Type", kind)],
            Cursor::new(Body(body)),
            Some(length),
            None,
        );
        send(request, response);
    }

    /// The reload channel: a Server-Sent Events stream on its own thread. Refused to pages of
    /// other origins, though they could not read it anyway without CORS headers.
    fn events(&self, request: Request, query: &str) {
        if let Some(origin) = header_value(&request, "Origin")
            && !self.hosts.allows_origin(&origin)
        {
            return text(
                request,
                403,
                "403 Forbidden: reload channel of another origin\n",
            );
        }
        if header_value(&request, "Sec-Fetch-Site")
            .is_some_and(|site| site.eq_ignore_ascii_case("cross-site"))
        {
            return text(request, 403, "403 Forbidden: cross-site request\n");
        }
        let streams = self.event_streams.clone();
        if streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
            streams.fetch_sub(1, Ordering::SeqCst);
            return text(
                request,
                503,
                "503 Service Unavailable: too many open previews\n",
            );
        }
        // Subscribe before reading the state, so that no rebuild falls between the two.
        let rx = self.hub.subscribe();
        let state = self.state();
        let file = query_param(query, "file");
        let seen: Option<u64> = query_param(query, "generation").and_then(|g| g.parse().ok());
        let mut first = Vec::new();
        if let Some(failure) = &state.failure {
            first.push(failure.event.clone());
        }
        if let (Some(file), Some(seen)) = (file, seen)
            && state.files.get(&file).is_some_and(|f| f.changed_at > seen)
        {
            first.push(event_frame(
                "reload",
                &serde_json::json!({ "files": [file] }),
            ));
        }
        std::thread::spawn(move || {
            let _ = stream_events(request, &first, &rx);
            streams.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn stream_events(
    request: Request,
    first: &[Arc<str>],
    rx: &Receiver<Arc<str>>,
) -> std::io::Result<()> {
    let mut writer = request.into_writer();
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n\
retry: 1000\n\n",
    )?;
    for frame in first {
        writer.write_all(frame.as_bytes())?;
    }
    writer.flush()?;
    loop {
        match rx.recv_timeout(KEEP_ALIVE) {
            Ok(frame) => writer.write_all(frame.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => writer.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        writer.flush()?;
    }
}

fn header_value(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
}

fn text(request: Request, status: u16, message: &str) {
    let response = Response::from_string(message)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"));
    send(request, response);
}

/// Sends a response with the headers every answer carries: never cached (the preview
/// changes under the browser), never sniffed.
fn send<R: std::io::Read>(request: Request, mut response: Response<R>) {
    response.add_header(header("Cache-Control", "no-store"));
    response.add_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
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
