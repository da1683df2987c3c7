//! The preview server, `passerelle serve`: builds the site in memory, serves it over HTTP
//! on 127.0.0.1, watches the inputs and rebuilds only what a change reaches, and tells the
//! open pages to reload (or shows the build's errors over them) through Server-Sent Events.
//!
//! Nothing is written to disk, so `public/` is never touched. `incremental` decides what a
//! change re-renders; `http` answers requests and runs the reload channel, with the safety
//! checks; `overlay` shows errors in the browser; `watch` turns file events into batches.

pub mod http;
pub mod incremental;
pub mod overlay;
pub mod watch;

use crate::BuildOptions;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use http::{Failure, Handler, Hosts, ServedFile, State, event_frame};
use incremental::{Outcome, Preview, Rebuilt};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

/// What `passerelle serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project root (where config.yaml is).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 for any free port; the address is printed either way.
    pub port: u16,
    /// Opens the preview in the default browser.
    pub open: bool,
    pub drafts: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// Why the preview could not start. Errors in the content never stop it: they are shown.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    /// Not a project: no config file at the root, or the root cannot be read.
    #[error(transparent)]
    Project(#[from] crate::diagnostic::Error),
    #[error("cannot watch the project's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("{0}")]
    Setup(String),
}

impl ServeError {
    /// What to do about it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match self {
            ServeError::Bind { addr, source } if source.kind() == std::io::ErrorKind::AddrInUse => {
                Some(format!(
                    "another program (perhaps another `passerelle serve`) listens on port {}; \
                     pass --port N for another one, or --port 0 for any free port",
                    addr.port()
                ))
            }
            ServeError::Watch(_) => Some(
                "on Linux, the limit of watched directories is fs.inotify.max_user_watches".into(),
            ),
            _ => None,
        }
    }
}

/// The address to show and to put in the pages' absolute URLs (canonical, hreflang): a
/// preview bound to every interface is still opened through the loopback.
fn display_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Runs the preview until Ctrl-C.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| crate::diagnostic::Error::io(&options.root, e))?;
    if let Err(error) = Config::load(&root)
        && !crate::config::CONFIG_FILES
            .iter()
            .any(|name| root.join(name).is_file())
    {
        return Err(error.into());
    }
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(wanted).map_err(|source| ServeError::Bind {
        addr: wanted,
        source,
    })?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: wanted,
        source,
    })?;
    let url = display_url(addr);

    let handler = Arc::new(Handler::new(Hosts::new(options.bind, addr.port())));
    let mut preview = Preview::new(BuildOptions {
        root: root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..Default::default()
    });
    let mut reporter = Reporter::new(&options);
    // A render that never ends stops the process (Tera cannot be interrupted): the open
    // pages show why before it goes, rather than a preview that silently stops answering.
    let last_handler = handler.clone();
    let last_root = root.clone();
    crate::render::watchdog::on_stuck(move |error| {
        let failure = failure(std::slice::from_ref(error), &last_root, true);
        last_handler.hub.broadcast_localized(&failure.event);
        // Time for the event streams to send it.
        std::thread::sleep(std::time::Duration::from_millis(300));
    });
    let outcome = preview.rebuild([]);
    reporter.report(&outcome);
    publish(&handler, &preview, &outcome, &root);

    http::serve(listener, handler.clone())
        .map_err(|e| ServeError::Setup(format!("cannot start the HTTP server: {e}")))?;

    let (changes_tx, changes_rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watching = watch::start(&root, changes_tx)?;
    let rebuild_handler = handler.clone();
    std::thread::spawn(move || {
        while let Ok(mut changed) = changes_rx.recv() {
            // One save's events can come as two batches a tick apart: wait for the files to
            // be quiet (but not forever, if something keeps writing), and take whatever
            // else arrived into the same rebuild.
            let gathering = std::time::Instant::now();
            while gathering.elapsed() < watch::DEBOUNCE * 10 {
                match changes_rx.recv_timeout(watch::TICK * 2) {
                    Ok(more) => changed.extend(more),
                    Err(_) => break,
                }
            }
            watch::rewatch(&mut watching, &root, &changed);
            let outcome = preview.rebuild(changed);
            publish(&rebuild_handler, &preview, &outcome, &root);
            reporter.report(&outcome);
        }
    });

    let (stop_tx, stop_rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| ServeError::Setup(format!("cannot handle Ctrl-C: {e}")))?;

    println!("serving the preview at {url} (Ctrl-C to stop)");
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines of the network can see the preview",
            options.bind
        );
    }
    if options.open {
        let url = url.clone();
        std::thread::spawn(move || {
            if let Err(e) = opener::open(&url) {
                eprintln!("warning: cannot open a browser: {e}; open {url} yourself");
            }
        });
    }
    let _ = stop_rx.recv();
    if !options.quiet {
        println!("preview stopped");
    }
    Ok(())
}

/// The overlay and the `failed` event for `diagnostics`, in each language; `stopped` when
/// the preview stops after them.
fn failure(diagnostics: &[Diagnostic], root: &Path, stopped: bool) -> Failure {
    let overlay = overlay::localized(diagnostics, root);
    let event = overlay.map(|_, html| {
        let mut data = serde_json::json!({ "html": html, "diagnostics": diagnostics });
        if stopped {
            data["stopped"] = true.into();
        }
        event_frame("failed", &data)
    });
    Failure { overlay, event }
}

/// Hands the outcome of a rebuild to the server, then to the open pages.
fn publish(handler: &Handler, preview: &Preview, outcome: &Outcome, root: &Path) {
    let failure = match outcome {
        Outcome::Rebuilt(_) => None,
        Outcome::Failed(diagnostics) => Some(failure(diagnostics, root, false)),
    };
    let languages = preview.page_languages();
    let files = preview
        .files()
        .iter()
        .map(|(path, file)| {
            let served = ServedFile {
                bytes: file.bytes.clone(),
                changed_at: file.changed_at,
                lang: languages.get(path).copied(),
            };
            (path.clone(), served)
        })
        .collect();
    handler.publish(State {
        files,
        searched: Arc::new(preview.searched_pages()),
        cards: Arc::new(preview.social_cards()),
        generation: preview.generation(),
        failure: failure.clone(),
        default_language: preview.default_language(),
    });
    match (outcome, failure) {
        (Outcome::Rebuilt(rebuilt), _) => handler.hub.broadcast(event_frame(
            "reload",
            &serde_json::json!({ "generation": rebuilt.generation, "files": rebuilt.changed }),
        )),
        (Outcome::Failed(_), Some(failure)) => handler.hub.broadcast_localized(&failure.event),
        (Outcome::Failed(_), None) => {}
    }
}

/// Prints what each rebuild did, and the diagnostics in the form `build` prints them.
struct Reporter {
    quiet: bool,
    verbose: bool,
    first: bool,
    warnings: Vec<Diagnostic>,
}

impl Reporter {
    fn new(options: &ServeOptions) -> Reporter {
        Reporter {
            quiet: options.quiet,
            verbose: options.verbose,
            first: true,
            warnings: Vec::new(),
        }
    }

    fn report(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Rebuilt(rebuilt) => {
                if !self.quiet && rebuilt.warnings != self.warnings {
                    for warning in &rebuilt.warnings {
                        eprintln!("{warning}");
                    }
                }
                self.warnings = rebuilt.warnings.clone();
                if !self.quiet {
                    println!("{}", self.summary(rebuilt));
                }
            }
            Outcome::Failed(diagnostics) => {
                for d in diagnostics {
                    eprintln!("{d}");
                }
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!(
                    "build failed: {errors} error{}; the preview keeps the last good version of every page",
                    if errors == 1 { "" } else { "s" }
                );
                // Print the warnings again once the site builds.
                self.warnings.clear();
            }
        }
        self.first = false;
    }

    fn summary(&self, rebuilt: &Rebuilt) -> String {
        let time = rebuilt.load_time + rebuilt.render_time;
        let mut line = if self.first {
            let per_lang: Vec<String> = rebuilt
                .pages_per_lang
                .iter()
                .map(|(lang, n)| format!("{n} {lang}"))
                .collect();
            format!(
                "built {} pages ({}) in memory in {} ms",
                rebuilt.pages,
                per_lang.join(", "),
                time.as_millis()
            )
        } else {
            let inputs: Vec<String> = rebuilt
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            let pages = if rebuilt.full {
                format!("re-rendered all {} pages", rebuilt.pages)
            } else {
                format!(
                    "re-rendered {} of {} pages",
                    rebuilt.rendered, rebuilt.pages
                )
            };
            format!(
                "{}: {pages}, {} file{} changed, in {} ms",
                if inputs.is_empty() {
                    "rebuilt".to_string()
                } else {
                    inputs.join(", ")
                },
                rebuilt.changed.len(),
                if rebuilt.changed.len() == 1 { "" } else { "s" },
                time.as_millis()
            )
        };
        if self.verbose {
            line.push_str(&format!(
                " (load {:.1} ms, render {:.1} ms)",
                rebuilt.load_time.as_secs_f64() * 1000.0,
                rebuilt.render_time.as_secs_f64() * 1000.0
            ));
        }
        line
    }
}
