//! Watching the project: `content/`, `themes/`, `i18n/` and the config file, through
//! `notify` with `notify-debouncer-full`, so that the burst of events one save makes (an
//! editor writes a temporary file, renames it, touches the directory…) becomes one batch of
//! changed paths, and so one rebuild.

use crate::config::CONFIG_FILES;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The directories watched, relative to the project root.
pub const WATCHED_DIRS: [&str; 3] = ["content", "themes", "i18n"];

/// How long a file must have been quiet before its events are passed on: long enough to
/// gather one save's events, short enough not to be felt.
pub const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the debouncer looks for quiet files. One save's events can straddle two of
/// its ticks, so whoever receives a batch should wait a little more than this for another.
pub const TICK: Duration = Duration::from_millis(5);

/// What keeps the watch going; dropping it stops it.
pub type Watch = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Starts watching `root` (absolute); each batch of changed inputs, relative to the root,
/// is sent to `changes`. When the system lost events, the watched directories themselves
/// are sent, which re-renders every page.
pub fn start(root: &Path, changes: Sender<Vec<PathBuf>>) -> notify::Result<Watch> {
    let handler_root = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
        match result {
            Ok(events) => {
                let mut paths = Vec::new();
                for event in events {
                    if event.need_rescan() {
                        paths.extend(WATCHED_DIRS.iter().chain(&CONFIG_FILES).map(PathBuf::from));
                    }
                    // Reading a file is an event too (inotify's OPEN): the rebuild's own
                    // reads must not start another one.
                    if matches!(event.kind, EventKind::Access(_)) {
                        continue;
                    }
                    paths.extend(
                        event
                            .paths
                            .iter()
                            .filter_map(|path| input_path(&handler_root, path)),
                    );
                }
                paths.sort();
                paths.dedup();
                if !paths.is_empty() {
                    let _ = changes.send(paths);
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching files: {error}");
                }
            }
        }
    })?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    // The config file is watched through its directory: editors often save by replacing the
    // file, which would end a watch on the file itself.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok(debouncer)
}

/// Watches again each watched directory that `changed` names itself and that is there: a
/// directory moved away and back (a branch switch, a restore) is a new directory, which
/// the watch of the old one does not see.
pub fn rewatch(watch: &mut Watch, root: &Path, changed: &[PathBuf]) {
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if changed.iter().any(|c| c == Path::new(dir))
            && path.is_dir()
            && let Err(e) = watch.watch(&path, RecursiveMode::Recursive)
        {
            eprintln!("warning: watching {}: {e}", path.display());
        }
    }
}

/// `path` relative to the root if it is an input of the site, else `None`: files outside
/// the watched directories, hidden files and editors' temporary files are left out.
pub fn input_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative.components();
    let first = match components.next()? {
        Component::Normal(name) => name.to_str()?,
        _ => return None,
    };
    if components.clone().next().is_none() {
        let input = CONFIG_FILES.contains(&first) || WATCHED_DIRS.contains(&first);
        return input.then(|| relative.to_path_buf());
    }
    if !WATCHED_DIRS.contains(&first) {
        return None;
    }
    let name = relative.file_name()?.to_str()?;
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (!temporary && !hidden).then(|| relative.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_are_kept() {
        let root = Path::new("/site");
        let keep = |p: &str| input_path(root, &root.join(p));
        assert_eq!(
            keep("content/pages/about.fr.md"),
            Some(PathBuf::from("content/pages/about.fr.md"))
        );
        assert!(keep("themes/default/templates/base.html").is_some());
        assert!(keep("i18n/fr/main.ftl").is_some());
        assert!(keep("config.yaml").is_some());
        assert!(keep("content").is_some(), "a watched directory itself");
        for ignored in [
            "public/fr/index.html",
            "README.md",
            "content/pages/.about.fr.md.swp",
            "content/pages/about.fr.md~",
            "content/pages/4913",
            "content/pages/#about.fr.md#",
            "themes/.git/HEAD",
        ] {
            assert_eq!(keep(ignored), None, "{ignored}");
        }
        assert_eq!(input_path(root, Path::new("/elsewhere/config.yaml")), None);
    }
}
