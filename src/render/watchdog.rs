//! Stops a render that never ends. A template can loop for ever (`{% for i in range(end=
//! 100000) %}` nested a few times), and Tera cannot be interrupted: so when one page has
//! been rendering for longer than the budget, the process ends with an error that names
//! the template and the page, instead of hanging a build or silently stalling the preview.
//! The output is untouched: the build had not committed. The preview server has its open
//! pages told first (`on_stuck`), so the reason shows where the editor is looking.

use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::{JoinHandle, ThreadId};
use std::time::{Duration, Instant};

/// How long one page may take, unless `PASSERELLE_RENDER_TIMEOUT` gives other seconds: a
/// page of the real site takes a few milliseconds.
fn budget() -> Duration {
    crate::config::seconds_from_env("PASSERELLE_RENDER_TIMEOUT", Duration::from_secs(10))
}

/// A page being rendered.
struct Rendering {
    since: Instant,
    template: PathBuf,
    page: String,
}

type Pages = Arc<Mutex<HashMap<ThreadId, Rendering>>>;

/// What to do with the error before the process ends.
type LastWords = Box<dyn Fn(&Diagnostic) + Send + Sync>;

/// Set once, by the preview server.
static ON_STUCK: OnceLock<LastWords> = OnceLock::new();

/// Makes `last_words` run with the error when a render is stopped, before the process ends.
pub fn on_stuck(last_words: impl Fn(&Diagnostic) + Send + Sync + 'static) {
    let _ = ON_STUCK.set(Box::new(last_words));
}

/// Watches the pages of one render; dropped when the render is over.
pub struct Watchdog {
    pages: Pages,
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    pub fn start() -> Watchdog {
        let budget = budget();
        let pages: Pages = Arc::default();
        let (stop, stopped) = mpsc::channel::<()>();
        let watched = pages.clone();
        let thread = std::thread::spawn(move || {
            let tick = (budget / 4).min(Duration::from_millis(250));
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(tick) {
                let pages = watched.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(stuck) = pages.values().find(|r| r.since.elapsed() > budget) {
                    let error = Diagnostic::error(
                        &stuck.template,
                        format!(
                            "rendering {} took more than {} s: a loop in the template that never ends?",
                            stuck.page,
                            budget.as_secs_f64()
                        ),
                    )
                    .with_help("look for loops over large ranges; the preview stops with the build, start it again once fixed");
                    eprintln!("{error}");
                    eprintln!("stopped; the previous output was left untouched");
                    if let Some(last_words) = ON_STUCK.get() {
                        last_words(&error);
                    }
                    std::process::exit(1);
                }
            }
        });
        Watchdog {
            pages,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Runs `render`, the rendering of `page` with `template`, under watch.
    pub fn page<R>(&self, template: &Path, page: &str, render: impl FnOnce() -> R) -> R {
        let me = std::thread::current().id();
        self.pages.lock().unwrap_or_else(|p| p.into_inner()).insert(
            me,
            Rendering {
                since: Instant::now(),
                template: template.to_path_buf(),
                page: page.to_string(),
            },
        );
        let result = render();
        self.pages
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&me);
        result
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
