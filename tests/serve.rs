//! The preview server, `passerelle serve`, through the real binary on a free port against a
//! temporary copy of the fixture site: pages from memory with the reload script, live
//! reload after an edit, the error overlay while the last good pages stay served, and the
//! safety checks (paths outside the site, Host and Origin). Also, through the library, that
//! an incremental rebuild gives exactly what a full build gives. Every wait is bounded.

mod support;

use passerelle::serve::incremental::{Outcome, Preview};
use passerelle::{BuildOptions, Site};
use std::path::{Path, PathBuf};
use support::*;

fn fixture_project() -> tempfile::TempDir {
    project(&[&fixtures().join("valid/bilingual")])
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn events_of(server: &Server, file: &str) -> EventStream {
    let stream = EventStream::open(
        &server.host,
        &format!("/__passerelle/events?file={}", file.replace('/', "%2F")),
        &[("Host", &server.host)],
    );
    assert_eq!(stream.status, 200);
    stream
}

fn files_of(event: &Event) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pages_are_served_from_memory_with_the_reload_script() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/fr/a-propos/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(html.contains("<h2 id=\"objet\">Objet</h2>"), "{html}");
    assert!(
        html.contains(
            r#"<script src="/__passerelle/live-reload.js" data-file="fr/a-propos/index.html""#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"href="/en/about/""#),
        "links follow the preview's address, not the config's base URL"
    );
    assert!(page.header("access-control-allow-origin").is_none());
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let script = server.get("/__passerelle/live-reload.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.text().contains("EventSource"));
    let home = server.get("/en/").text();
    let css = home
        .split('"')
        .find(|s| s.starts_with("/static/style.") && s.ends_with(".css"))
        .expect("a stylesheet link");
    for (path, kind) in [
        (css, "text/css; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/fr/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/data/partners.json", "application/json"),
        ("/data/partners.csv", "text/csv; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
        assert!(!response.text().contains("__passerelle"), "{path}");
    }
    assert!(
        !dir.path().join("public").exists(),
        "serve never writes the site to disk"
    );
}

#[test]
fn directories_redirects_and_404_pages_per_language() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let root = server.get("/");
    assert_eq!(root.status, 200);
    assert!(root.text().contains("Entrer sur le site en français"));
    for (path, location) in [
        ("/fr", "/fr/"),
        ("/en/about", "/en/about/"),
        ("/fr/a-propos?x=1", "/fr/a-propos/?x=1"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 302, "{path}");
        assert_eq!(response.header("location"), Some(location), "{path}");
    }
    for (path, lang, title, file) in [
        ("/fr/nulle-part/", "fr", "Page introuvable", "fr/404.html"),
        ("/en/nowhere", "en", "Page not found", "en/404.html"),
        // Outside the languages' folders, the root's, in both languages.
        ("/elsewhere/a/b/", "fr", "Page not found", "404.html"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        let html = response.text();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")) && html.contains(title),
            "{path}: {html}"
        );
        assert!(html.contains(&format!("data-file=\"{file}\"")), "{path}");
    }
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let dir = fixture_project();
    // A file outside the project, and a theme asset that is a symlink to it.
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-OUTSIDE").unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("themes/default/static/secret.txt"))
        .unwrap();
    let server = Server::start(dir.path(), &[]);
    for path in [
        "/../config.yaml",
        "/fr/../../config.yaml",
        "/%2e%2e/config.yaml",
        "/fr/%2e%2e/%2e%2e/config.yaml",
        "/%2E%2E%2fconfig.yaml",
        "/fr%2f..%2f..%2fconfig.yaml",
        "/..%5cconfig.yaml",
        "/fr/..%5c..%5cconfig.yaml",
        "/fr/index.html%00",
        "/fr/%00/",
        "/%252e%252e/config.yaml",
        "//etc/passwd",
        "/content/pages/about.fr.md",
        "/config.yaml",
    ] {
        let response = server.get(path);
        assert!(
            response.status == 400 || response.status == 404,
            "{path}: {}",
            response.status
        );
        let body = response.text();
        assert!(
            !body.contains("base_url") && !body.contains("TOP-SECRET"),
            "{path}: {body}"
        );
    }
    let linked = passerelle::render::assets::hashed_name("secret.txt", b"TOP-SECRET-OUTSIDE");
    assert_eq!(server.get(&format!("/static/{linked}")).status, 404);
    assert_eq!(server.get("/static/").status, 404, "no directory listings");
}

#[test]
fn host_and_origin_are_checked() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let port = server.host.rsplit(':').next().unwrap().to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = http_get(&server.host, "/fr/", &[("Host", &host)]);
        assert_eq!(response.status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost:1".to_string(),
    ] {
        let response = http_get(&server.host, "/fr/", &[("Host", &host)]);
        assert_eq!(response.status, 403, "{host}");
        assert!(!response.text().contains("<html"));
    }
    assert_eq!(http_get(&server.host, "/fr/", &[]).status, 403, "no Host");

    let events = "/__passerelle/events";
    let host = ("Host", server.host.as_str());
    let refused = EventStream::open(
        &server.host,
        events,
        &[host, ("Origin", "http://evil.example")],
    );
    assert_eq!(refused.status, 403);
    let cross = EventStream::open(
        &server.host,
        events,
        &[host, ("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(cross.status, 403);
    let rebound = EventStream::open(
        &server.host,
        events,
        &[("Host", &format!("evil.example:{port}"))],
    );
    assert_eq!(rebound.status, 403);
    let own = format!("http://localhost:{port}");
    let accepted = EventStream::open(&server.host, events, &[host, ("Origin", &own)]);
    assert_eq!(accepted.status, 200);
    let plain = EventStream::open(&server.host, events, &[host]);
    assert_eq!(plain.status, 200, "same-origin EventSource sends no Origin");
}

#[test]
fn an_edit_reloads_the_pages_it_reaches() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let events = events_of(&server, "fr/a-propos/index.html");
    edit(
        dir.path(),
        "content/pages/about.fr.md",
        "## Objet",
        "Une phrase ajoutée dans l’aperçu.\n\n## Objet",
    );
    let reload = events.next("reload");
    let files = files_of(&reload);
    assert_eq!(files, ["fr/a-propos/index.html"], "{}", reload.data);
    let html = server.get("/fr/a-propos/").text();
    assert!(html.contains("Une phrase ajoutée dans l’aperçu."), "{html}");
    // A body shows on its own page alone: the counterpart, which shows its title, is left.
    // The line is printed after the reload is sent: on a busy machine it comes a moment later.
    let expected = "content/pages/about.fr.md: re-rendered 1 of 31 pages, 1 file changed";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let log = loop {
        let log = server.stdout.lock().unwrap().join("\n");
        if log.contains(expected) || std::time::Instant::now() > deadline {
            break log;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(log.contains(expected), "{log}");
}

#[test]
fn search_asks_for_an_index_of_the_pages_as_they_are_now() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let script = server.get("/pagefind/pagefind.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    let entry = |server: &Server| -> serde_json::Value {
        let response = server.get("/pagefind/pagefind-entry.json?ts=1");
        assert_eq!(response.status, 200);
        serde_json::from_str(&response.text()).unwrap()
    };
    let before = entry(&server);
    let hash = |entry: &serde_json::Value, lang: &str| entry["languages"][lang]["hash"].clone();
    assert!(hash(&before, "fr").is_string(), "{before}");
    // Asked again with nothing changed: the same index, not made again.
    assert_eq!(entry(&server), before);
    let events = events_of(&server, "fr/a-propos/index.html");
    edit(
        dir.path(),
        "content/pages/about.fr.md",
        "## Objet",
        "Un mot nouveau : ornithorynque.\n\n## Objet",
    );
    events.next("reload");
    let after = entry(&server);
    assert_ne!(hash(&after, "fr"), hash(&before, "fr"), "{after}");
    assert_eq!(hash(&after, "en"), hash(&before, "en"), "{after}");
    let fr = after["languages"]["fr"]["hash"].as_str().unwrap();
    assert_eq!(
        server
            .get(&format!("/pagefind/pagefind.{fr}.pf_meta"))
            .status,
        200
    );
}

#[test]
fn a_page_opened_before_a_rebuild_catches_up_when_it_connects() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let html = server.get("/fr/a-propos/").text();
    let generation = html
        .split("data-generation=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    let other = events_of(&server, "en/about/index.html");
    edit(
        dir.path(),
        "content/pages/about.fr.md",
        "## Objet",
        "Plus.\n\n## Objet",
    );
    other.next("reload");
    let late = EventStream::open(
        &server.host,
        &format!("/__passerelle/events?file=fr%2Fa-propos%2Findex.html&generation={generation}"),
        &[("Host", &server.host)],
    );
    assert_eq!(files_of(&late.next("reload")), ["fr/a-propos/index.html"]);
}

#[test]
fn a_broken_file_shows_the_overlay_and_the_last_good_pages_stay() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let before = server.get("/en/partners/apple/").text();
    let events = events_of(&server, "en/partners/apple/index.html");
    edit(
        dir.path(),
        "content/data/partners.yaml",
        "    name: Apple\n",
        "    name: Apple\n    <script>: x\n",
    );
    let failed = events.next("failed");
    let json: serde_json::Value = serde_json::from_str(&failed.data).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(first["path"], "content/data/partners.yaml");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 5);
    let overlay = json["html"].as_str().unwrap();
    assert!(overlay.contains("Build failed: 1 error"), "{overlay}");
    assert!(
        overlay
            .contains("<code class=\"passerelle-location\">content/data/partners.yaml:5:5</code>"),
        "{overlay}"
    );
    assert!(
        overlay.contains("unknown key `&lt;script&gt;` in partner `apple`"),
        "{overlay}"
    );
    assert!(!overlay.contains("<script"), "the message is escaped");
    assert!(
        overlay.contains("5 |     &lt;script&gt;: x"),
        "the line is quoted: {overlay}"
    );

    // The last good page is still served, with the overlay over it.
    let during = server.get("/en/partners/apple/");
    assert_eq!(during.status, 200);
    let html = during.text();
    assert!(html.contains(&before[..before.find("<script src=\"/__passerelle").unwrap()]));
    assert!(html.contains("id=\"passerelle-overlay\""));
    assert!(html.contains("content/data/partners.yaml:5:5"));

    // The terminal shows what `build` shows for the same mistake.
    let build = passerelle(dir.path(), &["build", "--out", "elsewhere"]);
    assert_eq!(build.status.code(), Some(1));
    let deadline = std::time::Instant::now() + WAIT;
    for line in String::from_utf8_lossy(&build.stderr)
        .lines()
        .filter(|l| l.starts_with("error: "))
    {
        while !server.stderr_text().lines().any(|l| l == line) {
            assert!(
                std::time::Instant::now() < deadline,
                "serve did not print {line:?}:\n{}",
                server.stderr_text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    // Fixing the file clears the overlay.
    edit(
        dir.path(),
        "content/data/partners.yaml",
        "    <script>: x\n",
        "",
    );
    events.next("reload");
    let after = server.get("/en/partners/apple/").text();
    assert!(!after.contains("passerelle-overlay"), "{after}");
    let page = |html: &str| html[..html.find("<script src=\"/__passerelle").unwrap()].to_string();
    assert_eq!(page(&after), page(&before));
}

/// The overlay's own words are in the language of the page under it, on the open pages
/// and in the pages served meanwhile (404 pages too); the diagnostics stay the tool's.
/// French UI strings that do not parse cannot word a French panel: it is in English then,
/// and says what is wrong with them.
#[test]
fn the_overlay_speaks_the_language_of_the_page() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let french = events_of(&server, "fr/a-propos/index.html");
    let english = events_of(&server, "en/about/index.html");
    edit(
        dir.path(),
        "content/data/partners.yaml",
        "    name: Apple\n",
        "    name: Apple\n    <script>: x\n",
    );
    let overlay = |events: &EventStream| {
        let failed = events.next("failed");
        let json: serde_json::Value = serde_json::from_str(&failed.data).unwrap();
        json["html"].as_str().unwrap().to_string()
    };
    let fr = overlay(&french);
    assert!(fr.contains("lang=\"fr\""), "{fr}");
    assert!(
        fr.contains(">Échec de la construction\u{202f}: 1 erreur</span>"),
        "{fr}"
    );
    assert!(fr.contains("aria-label=\"Masquer\""), "{fr}");
    assert!(fr.contains(">erreur\u{202f}:</span>"), "{fr}");
    assert!(
        fr.contains("unknown key `&lt;script&gt;` in partner `apple`"),
        "the message stays as the tool writes it: {fr}"
    );
    let en = overlay(&english);
    assert!(en.contains("lang=\"en\""), "{en}");
    assert!(en.contains(">Build failed: 1 error</span>"), "{en}");
    assert!(en.contains(">error:</span>"), "{en}");

    for (path, lang, title) in [
        ("/fr/a-propos/", "fr", "Échec de la construction"),
        ("/en/about/", "en", "Build failed"),
        ("/fr/nulle-part/", "fr", "Échec de la construction"),
        ("/en/nowhere", "en", "Build failed"),
        ("/elsewhere", "fr", "Échec de la construction"),
    ] {
        let html = server.get(path).text();
        let overlay = &html[html.find("<div id=\"passerelle-overlay\"").expect(path)..];
        assert!(
            overlay.contains(&format!("lang=\"{lang}\"")) && overlay.contains(title),
            "{path}: {overlay}"
        );
    }

    edit(
        dir.path(),
        "content/data/partners.yaml",
        "    <script>: x\n",
        "",
    );
    french.next("reload");
    let strings = dir.path().join("i18n/fr/main.ftl");
    let text = read(&strings);
    std::fs::write(&strings, format!("{text}preview-broken = {{\n")).unwrap();
    let fr = overlay(&french);
    assert!(fr.contains("lang=\"en\""), "{fr}");
    assert!(fr.contains(">Build failed: "), "{fr}");
    assert!(fr.contains("i18n/fr/main.ftl:"), "{fr}");
    let en = overlay(&english);
    assert!(en.contains(">Build failed: "), "{en}");
}

/// A missing page outside `/fr/` and `/en/` gets the root's 404 page, in the default
/// language first, whichever it is.
#[test]
fn the_404_page_outside_the_languages_is_the_default_languages() {
    let dir = fixture_project();
    let config = dir.path().join("config.yaml");
    let text = read(&config);
    std::fs::write(&config, format!("{text}default_language: en\n")).unwrap();
    let server = Server::start(dir.path(), &[]);
    for (path, lang, title) in [
        ("/elsewhere/", "en", "Page not found"),
        ("/fr/nulle-part", "fr", "Page introuvable"),
        ("/en/nowhere/", "en", "Page not found"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        let html = response.text();
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")) && html.contains(title),
            "{path}: {html}"
        );
    }
}

/// Before the site has ever built, a missing page is a bare 404 under the overlay, in the
/// language of its path, that stands for that language's 404 page: once the site builds,
/// it reloads into the page asked for.
#[test]
fn before_the_first_build_a_404_waits_for_the_site() {
    let dir = fixture_project();
    edit(
        dir.path(),
        "content/data/partners.yaml",
        "    name: Apple\n",
        "    name: Apple\n    nmae: x\n",
    );
    let server = Server::start(dir.path(), &[]);
    for (path, lang, title) in [
        ("/fr/a-propos/", "fr", "Échec de la construction"),
        ("/en/about/", "en", "Build failed"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        let html = response.text();
        assert!(
            html.contains(&format!("data-file=\"{lang}/404.html\"")),
            "{path}: {html}"
        );
        let overlay = &html[html.find("<div id=\"passerelle-overlay\"").expect(path)..];
        assert!(
            overlay.contains(&format!("lang=\"{lang}\"")) && overlay.contains(title),
            "{path}: {overlay}"
        );
    }
    let events = events_of(&server, "fr/404.html");
    edit(
        dir.path(),
        "content/data/partners.yaml",
        "    nmae: x\n",
        "",
    );
    assert!(files_of(&events.next("reload")).contains(&"fr/404.html".to_string()));
    assert_eq!(server.get("/fr/a-propos/").status, 200);
}

/// `content/` moved away (a wrong branch, a restore in progress) shows an error and keeps
/// the last good pages; moved back, it is watched again: an edit in it reloads.
#[test]
fn content_moved_away_and_back_is_watched_again() {
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let before = server.get("/fr/a-propos/").text();
    let events = events_of(&server, "fr/a-propos/index.html");
    let (content, away) = (dir.path().join("content"), dir.path().join("content-away"));
    std::fs::rename(&content, &away).unwrap();
    let failed = events.next("failed");
    assert!(
        failed.data.contains("the content folder is missing"),
        "{}",
        failed.data
    );
    let during = server.get("/fr/a-propos/");
    assert_eq!(during.status, 200, "the last good page stays");
    let page = |html: &str| html[..html.find("<script src=\"/__passerelle").unwrap()].to_string();
    assert_eq!(page(&during.text()), page(&before));
    std::fs::rename(&away, &content).unwrap();
    events.next("reload");
    edit(
        dir.path(),
        "content/pages/about.fr.md",
        "## Objet",
        "Revenu et suivi.\n\n## Objet",
    );
    events.next("reload");
    assert!(
        server
            .get("/fr/a-propos/")
            .text()
            .contains("Revenu et suivi.")
    );
}

/// A template edited into a loop that never ends stops the preview with an error that
/// names it, on the open page and in the terminal, instead of a preview that silently stops
/// rebuilding.
#[test]
fn a_template_that_never_ends_stops_the_preview_and_says_why() {
    let dir = fixture_project();
    let mut server = Server::start_with_env(dir.path(), &[], &[("PASSERELLE_RENDER_TIMEOUT", "1")]);
    let events = events_of(&server, "fr/a-propos/index.html");
    std::fs::write(
        dir.path().join("themes/default/templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ j }}{% endfor %}{% endfor %}{% endblock main %}",
    )
    .unwrap();
    let failed = events.next("failed");
    let json: serde_json::Value = serde_json::from_str(&failed.data).unwrap();
    assert_eq!(json["stopped"], true, "{}", failed.data);
    let message = json["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("took more than 1 s: a loop in the template that never ends?"),
        "{message}"
    );
    assert_eq!(
        json["diagnostics"][0]["path"],
        "themes/default/templates/page.html"
    );
    assert_eq!(server.wait().code(), Some(1));
    let stderr = server.stderr_text();
    assert!(
        stderr.contains("error: themes/default/templates/page.html: rendering ")
            && stderr.contains("start it again once fixed"),
        "{stderr}"
    );
}

/// A request whose head never ends is cut off at a bound, and costs the server little
/// memory: 64 MiB of one header are offered, and the server's peak memory grows by far
/// less, and it answers 431.
#[test]
fn an_endless_request_header_is_refused() {
    use std::io::{Read, Write};
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let peak = || {
        let status = read(format!("/proc/{}/status", server.pid()));
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kib * 1024
    };
    let before = peak();
    let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    let head = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Endless: ", server.host);
    stream.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut offered = 0usize;
    // The server closes the connection once over its bound: writing then fails.
    while offered < 64 << 20 && stream.write_all(&chunk).is_ok() {
        offered += chunk.len();
    }
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("HTTP/1.1 431 "),
        "after {offered} bytes: {answer:?}"
    );
    let grown = peak().saturating_sub(before);
    assert!(grown < 8 << 20, "the server grew by {grown} bytes");
    // And it still answers.
    assert_eq!(server.get("/fr/").status, 200);
}

/// Pages that were closed give their reload streams back at once: 64 streams opened and
/// closed do not keep the next page from reloading.
#[test]
fn closed_pages_free_their_reload_streams() {
    use std::io::{Read, Write};
    let dir = fixture_project();
    let server = Server::start(dir.path(), &[]);
    let open = || {
        let mut stream = std::net::TcpStream::connect(&server.host).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let request = format!(
            "GET /__passerelle/events?file=fr%2Findex.html HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.host
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        (stream, String::from_utf8_lossy(&head).into_owned())
    };
    let streams: Vec<_> = (0..64).map(|_| open()).collect();
    assert!(streams.iter().all(|(_, head)| head.ends_with("200")));
    assert!(open().1.ends_with("503"), "the 65th waits for a slot");
    drop(streams);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let (_stream, head) = open();
        if head.ends_with("200") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "closed pages still hold their streams"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = fixture_project();
    let mut server = Server::start(dir.path(), &[]);
    let kill = std::process::Command::new("kill")
        .args(["-INT", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = server.wait();
    assert_eq!(status.code(), Some(0), "{}", server.stderr_text());
    assert!(std::net::TcpStream::connect(&server.host).is_err());
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let dir = fixture_project();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = passerelle(dir.path(), &["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("error: cannot listen on 127.0.0.1:{port}: ")),
        "{stderr}"
    );
    assert!(stderr.contains("help: another program"), "{stderr}");
}

#[test]
fn serve_refuses_a_directory_without_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = passerelle(dir.path(), &["serve", "--port", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no site configuration found"));
}

#[test]
fn build_output_has_no_reload_script() {
    let dir = fixture_project();
    let out = passerelle(dir.path(), &["build"]);
    assert!(out.status.success());
    for (name, bytes) in tree(&dir.path().join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__passerelle"),
            "{name}"
        );
    }
}

/// Every file of a full render of the project, by path.
fn full_render(options: &BuildOptions) -> Vec<(String, Vec<u8>)> {
    let site = Site::load(options).unwrap_or_else(|e| panic!("{e}"));
    site.render()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.path, f.bytes.to_vec()))
        .collect()
}

#[test]
fn incremental_rebuilds_give_what_a_full_build_gives() {
    // With the taxonomy page, whose body the annual report shows too.
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/charts"),
    ]);
    let root = dir.path();
    let options = BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let mut preview = Preview::new(options.clone());
    let Outcome::Rebuilt(first) = preview.rebuild([]) else {
        panic!("the fixture builds")
    };
    assert!(first.full);
    // (file, from, to, every page re-rendered?)
    let edits = [
        (
            "content/pages/about.fr.md",
            "## Objet",
            "Ajout.\n\n## Objet",
            false,
        ),
        (
            "content/pages/taxonomy.fr.md",
            "Les partenaires par pays",
            "Les partenaires, par pays",
            false,
        ),
        (
            "content/pages/about.en.md",
            "title: About",
            "title: About us",
            true,
        ),
        (
            "content/data/domains.yaml",
            "{fr: Éducation, en: Education}",
            "{fr: Enseignement, en: Teaching}",
            // A domain's name is the title of its page: the shape changes.
            true,
        ),
        (
            "content/data/partners.yaml",
            "{fr: Banque, en: Banking}",
            "{fr: Finance, en: Finance}",
            false,
        ),
        (
            "content/data/activities.yaml",
            "sector: {fr: Éducation, en: Education}",
            "sector: {fr: Culture, en: Culture}",
            false,
        ),
        (
            "themes/default/templates/base.html",
            "</footer>",
            "<p>Aperçu</p></footer>",
            false,
        ),
        (
            "i18n/en/main.ftl",
            "nav-partners = Partners",
            "nav-partners = Our partners",
            false,
        ),
        (
            "themes/default/static/style.css",
            "body",
            "html{color:#111}\nbody",
            true,
        ),
        ("config.yaml", "Site d'essai", "Site d’essai", false),
        // Former addresses: given, changed and taken away, their redirect pages follow
        // (a full render drops those of aliases taken away).
        (
            "content/pages/about.fr.md",
            "slug: a-propos\n",
            "slug: a-propos\naliases: [/fr/ancien/]\n",
            true,
        ),
        (
            "content/pages/about.fr.md",
            "aliases: [/fr/ancien/]",
            "aliases: [/fr/autre.html]",
            true,
        ),
        (
            "content/data/partners.yaml",
            "- id: apple\n",
            "- id: apple\n    aliases: [apple-inc]\n",
            true,
        ),
        (
            "content/pages/about.fr.md",
            "aliases: [/fr/autre.html]\n",
            "",
            true,
        ),
    ];
    for (file, from, to, full) in edits {
        edit(root, file, from, to);
        let Outcome::Rebuilt(rebuilt) = preview.rebuild([PathBuf::from(file)]) else {
            panic!("{file}: the edit breaks nothing")
        };
        assert_eq!(rebuilt.full, full, "{file}");
        assert!(!rebuilt.changed.is_empty(), "{file}: the edit shows");
        assert_same_as_full(&preview, &rebuilt, &options, file);
    }
    // A broken file keeps the last good files, and what changed meanwhile stays pending:
    // the rebuild after the fix covers it, though it is told only of the fixed file.
    let good = preview.files().clone();
    let about = PathBuf::from("content/pages/about.fr.md");
    let windows = PathBuf::from("content/pages/windows.en.md");
    edit(
        root,
        "content/pages/about.fr.md",
        "slug: a-propos",
        "slug: ../a-propos",
    );
    assert!(matches!(
        preview.rebuild([about.clone()]),
        Outcome::Failed(_)
    ));
    edit(
        root,
        "content/pages/windows.en.md",
        "reads fine",
        "reads well",
    );
    assert!(matches!(preview.rebuild([windows]), Outcome::Failed(_)));
    assert_eq!(preview.files().len(), good.len());
    assert!(
        preview
            .files()
            .iter()
            .all(|(path, f)| f.bytes == good[path].bytes)
    );
    edit(
        root,
        "content/pages/about.fr.md",
        "slug: ../a-propos",
        "slug: a-propos",
    );
    let Outcome::Rebuilt(fixed) = preview.rebuild([about]) else {
        panic!("fixed")
    };
    assert_eq!(fixed.changed, ["en/windows/index.html"]);
    let files = preview.files();
    assert!(
        !files.contains_key("fr/ancien/index.html") && !files.contains_key("fr/autre.html"),
        "the redirect pages of aliases taken away are gone"
    );
    assert!(files.contains_key("fr/partenaires/apple-inc/index.html"));
    assert!(read(root.join("content/pages/windows.en.md")).contains("reads well"));
}

/// The preview's files are those of a full render, byte for byte, and its warnings those
/// of `check`.
fn assert_same_as_full(
    preview: &Preview,
    rebuilt: &passerelle::serve::incremental::Rebuilt,
    options: &BuildOptions,
    step: &str,
) {
    let incremental: Vec<(String, Vec<u8>)> = preview
        .files()
        .iter()
        .map(|(path, f)| (path.clone(), f.bytes.to_vec()))
        .collect();
    let expected = full_render(options);
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&expected),
        names(&incremental),
        "{step}: the same files"
    );
    let differ: Vec<&String> = expected
        .iter()
        .zip(&incremental)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert!(
        differ.is_empty(),
        "{step}: incremental and full renders differ on {differ:?}"
    );
    let mut warnings = rebuilt.warnings.clone();
    warnings.sort();
    assert_eq!(
        warnings,
        passerelle::check::check(options).diagnostics,
        "{step}: the same warnings"
    );
}

#[derive(Clone, Copy)]
enum Expect {
    /// Rebuilt, with this many pages re-rendered.
    Rendered(usize),
    Works,
    /// Fails, with the errors a full check finds.
    Fails,
}

#[test]
fn rebuilds_that_reuse_pages_give_what_a_full_build_gives() {
    let dir = fixture_project();
    let root = dir.path();
    let options = BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let mut preview = Preview::new(options.clone());
    assert!(matches!(preview.rebuild([]), Outcome::Rebuilt(_)));
    let first = "content/news/first.fr.md";
    // (what is done, files told of, what the rebuild comes to)
    type Step<'a> = (&'a str, Box<dyn Fn(&Path)>, Vec<&'a str>, Expect);
    let steps: Vec<Step> = vec![
        (
            "a body edited: its page alone",
            Box::new(move |root| edit(root, first, "Texte.", "Texte revu.")),
            vec![first],
            Expect::Rendered(1),
        ),
        (
            // Within the clock's resolution and at the same size: the watcher's word counts.
            "the same body again at once, same size",
            Box::new(move |root| edit(root, first, "Texte revu.", "Texte vu, .")),
            vec![first],
            Expect::Rendered(1),
        ),
        (
            "a link to an anchor of another page",
            Box::new(move |root| {
                edit(
                    root,
                    first,
                    "Texte vu, .",
                    "Voir [l’objet](@/pages/about.md#objet).",
                )
            }),
            vec![first],
            Expect::Rendered(1),
        ),
        (
            "the heading it names renamed: a broken anchor in the other page",
            Box::new(|root| edit(root, "content/pages/about.fr.md", "## Objet", "## Sujet")),
            vec!["content/pages/about.fr.md"],
            Expect::Fails,
        ),
        (
            "the heading back",
            Box::new(|root| edit(root, "content/pages/about.fr.md", "## Sujet", "## Objet")),
            vec!["content/pages/about.fr.md"],
            Expect::Rendered(1),
        ),
        (
            "a broken internal link in a body",
            Box::new(move |root| edit(root, first, "@/pages/about.md#objet", "@/pages/nowhere.md")),
            vec![first],
            Expect::Fails,
        ),
        (
            "the link mended",
            Box::new(move |root| edit(root, first, "@/pages/nowhere.md", "@/pages/about.md")),
            vec![first],
            Expect::Rendered(1),
        ),
        (
            "a date changed: the section lists its pages newest first",
            Box::new(|root| {
                edit(
                    root,
                    "content/news/second.fr.md",
                    "date: ",
                    "date: 2030-01-01\nupdated: ",
                )
            }),
            vec!["content/news/second.fr.md"],
            // The page, the section's index, its counterpart, and the French site index,
            // which lists every French page.
            Expect::Rendered(4),
        ),
        (
            "a page added",
            Box::new(|root| {
                std::fs::write(
                    root.join("content/news/third.fr.md"),
                    "---\ntitle: Troisième\nslug: actualites/troisieme\ndate: 2022-01-01\n---\nNouveau.\n",
                )
                .unwrap()
            }),
            vec!["content/news/third.fr.md"],
            Expect::Works,
        ),
        (
            "a page removed",
            Box::new(|root| std::fs::remove_file(root.join("content/news/third.fr.md")).unwrap()),
            vec!["content/news/third.fr.md"],
            Expect::Works,
        ),
        (
            "a data file edited",
            Box::new(|root| {
                edit(
                    root,
                    "content/data/partners.yaml",
                    "{fr: Banque, en: Banking}",
                    "{fr: Finance, en: Finance}",
                )
            }),
            vec!["content/data/partners.yaml"],
            Expect::Works,
        ),
    ];
    for (step, change, told, expect) in steps {
        change(root);
        let outcome = preview.rebuild(told.iter().map(PathBuf::from));
        match (outcome, expect) {
            (Outcome::Rebuilt(rebuilt), Expect::Rendered(_) | Expect::Works) => {
                if let Expect::Rendered(pages) = expect {
                    assert_eq!(rebuilt.rendered, pages, "{step}: pages re-rendered");
                }
                assert_same_as_full(&preview, &rebuilt, &options, step);
            }
            (Outcome::Failed(problems), Expect::Fails) => {
                let mut problems = problems;
                problems.sort();
                let found = passerelle::check::check(&options);
                assert!(found.errors > 0, "{step}: a full check fails too");
                let errors: Vec<_> = found
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.is_error())
                    .collect();
                assert!(
                    errors.iter().all(|e| problems.contains(e)),
                    "{step}: the preview reports {problems:?}, check {errors:?}"
                );
            }
            (Outcome::Rebuilt(_), Expect::Fails) => panic!("{step}: should fail"),
            (Outcome::Failed(problems), _) => panic!("{step}: {problems:?}"),
        }
    }
}

/// Puts a file back as it was, even if the measurement fails half-way.
struct Restore {
    path: PathBuf,
    original: Vec<u8>,
}

impl Drop for Restore {
    fn drop(&mut self) {
        std::fs::write(&self.path, &self.original).unwrap();
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Save → reload event → page fetched with the new text, on the real site, ten times.
/// Run it with `scripts/serve-latency` (release build); it edits and restores
/// content/pages/about.fr.md.
#[test]
#[ignore = "a measurement on the real site; run scripts/serve-latency"]
fn serve_latency_on_the_real_site() {
    use std::time::Instant;
    let root = repo();
    let path = root.join("content/pages/about.fr.md");
    let original = std::fs::read(&path).unwrap();
    let restore = Restore {
        path: path.clone(),
        original: original.clone(),
    };
    let server = Server::start(&root, &[]);
    let events = events_of(&server, "fr/a-propos/index.html");
    let (mut to_event, mut to_page) = (Vec::new(), Vec::new());
    for run in 1..=10 {
        let marker = format!("Mesure de latence numéro {run}.");
        let mut edited = original.clone();
        edited.extend_from_slice(format!("\n{marker}\n").as_bytes());
        let saved = Instant::now();
        std::fs::write(&path, &edited).unwrap();
        loop {
            let event = events.next("reload");
            if files_of(&event).contains(&"fr/a-propos/index.html".to_string()) {
                break;
            }
        }
        let evented = saved.elapsed();
        let html = server.get("/fr/a-propos/").text();
        let fetched = saved.elapsed();
        assert!(html.contains(&marker), "run {run}: the new text is served");
        to_event.push(evented.as_secs_f64() * 1000.0);
        to_page.push(fetched.as_secs_f64() * 1000.0);
        // Back to the original, and let that rebuild pass before the next save.
        std::fs::write(&path, &original).unwrap();
        events.next("reload");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    drop(restore);
    let stdout = server.stdout.lock().unwrap().clone();
    let rebuilds: Vec<&String> = stdout
        .iter()
        .filter(|l| l.starts_with("content/pages/about.fr.md"))
        .collect();
    println!("{}", stdout[0]);
    println!("server side, last edit: {}", rebuilds.last().unwrap());
    let show = |values: &[f64]| {
        format!(
            "median {:.0} ms (min {:.0}, max {:.0})",
            median(values.to_vec()),
            values.iter().copied().fold(f64::INFINITY, f64::min),
            values.iter().copied().fold(0.0, f64::max)
        )
    };
    println!("save → reload event:            {}", show(&to_event));
    println!("save → page fetched with edit:  {}", show(&to_page));
    assert!(median(to_page) < 300.0, "the preview must feel immediate");
}
