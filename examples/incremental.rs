//! The benchmark's incremental rebuild: what `passerelle serve` does after an editor saves
//! one Markdown page, on a whole site. Builds the site once in memory, then edits one
//! article RUNS times (restoring it after) and times each rebuild of the preview: the
//! site reloaded, the pages that read the file re-rendered.
//!
//! Usage: incremental SITE_DIR RUNS   (run by bench/run)

use passerelle::BuildOptions;
use passerelle::serve::incremental::{Outcome, Preview};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(root), Some(runs)) = (args.next(), args.next()) else {
        eprintln!("usage: incremental SITE_DIR RUNS");
        std::process::exit(2);
    };
    let runs: usize = runs.parse().unwrap_or(5);
    let root = PathBuf::from(root);
    let mut preview = Preview::new(BuildOptions {
        root: root.clone(),
        ..Default::default()
    });
    let first = Instant::now();
    if let Outcome::Failed(problems) = preview.rebuild(Vec::new()) {
        eprintln!("the site does not build: {problems:?}");
        std::process::exit(1);
    }
    let full = first.elapsed();

    let relative = PathBuf::from("content/news/article-00001.fr.md");
    let path = root.join(&relative);
    let original = std::fs::read_to_string(&path).expect("the corpus has article 1");
    let mut times = Vec::new();
    let mut detail = String::new();
    for run in 0..runs {
        std::fs::write(&path, format!("{original}\nEdit {run}.\n")).expect("writable corpus");
        let started = Instant::now();
        let outcome = preview.rebuild([relative.clone()]);
        times.push(started.elapsed());
        if let Outcome::Rebuilt(r) = outcome {
            detail = format!(
                "{} of {} pages re-rendered (load {} ms, render {} ms)",
                r.rendered,
                r.pages,
                r.load_time.as_millis(),
                r.render_time.as_millis()
            );
        }
    }
    std::fs::write(&path, original).expect("restore the article");
    times.sort();
    println!(
        "One-page incremental rebuild (preview, in memory) on {}: median {} ms over {} runs, {}; the first full build in memory took {} ms.",
        root.display(),
        times[times.len() / 2].as_millis(),
        times.len(),
        detail,
        full.as_millis()
    );
}
