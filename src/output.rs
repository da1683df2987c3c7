//! Write: puts the rendered files on disk. Files are staged in a temporary directory beside
//! the output and put in place only when every file is rendered, so a build that fails,
//! or is killed before that moment, leaves the previous site as it was; a rebuild replaces
//! only the files that changed, each in one rename. Nothing is written outside the output directory, and directories that are not
//! a Passerelle output are never replaced.

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::render::{OutputFile, Sink};
use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The file that marks a directory as Passerelle's output, safe to replace.
pub const MARKER: &str = ".passerelle-output";
const BUILD_PREFIX: &str = ".passerelle-build-";

/// `path` made absolute and with `.`/`..` resolved lexically (it may not exist yet).
pub fn normalize(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Refuses an output directory that would replace something that is not a built site: the
/// filesystem root, the home directory, the project or one of its parents, its sources, or
/// any existing non-empty directory without Passerelle's marker.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let root = root.canonicalize().unwrap_or_else(|_| normalize(root));
    let out_norm = normalize(out);
    // Resolve symlinks in the part that exists, so `public -> /` is caught too.
    let out_real = out_norm.canonicalize().unwrap_or_else(|_| out_norm.clone());
    let refuse = |why: &str| -> Result<()> {
        Err(Diagnostic::error(
            out,
            format!(
                "refusing to use {} as the output directory: {why}",
                out.display()
            ),
        )
        .with_help(
            "choose a dedicated directory such as public/ (--out DIR or output_dir in the config)",
        )
        .into())
    };
    for candidate in [&out_norm, &out_real] {
        if candidate.parent().is_none() {
            return refuse("it is the filesystem root");
        }
        if std::env::var_os("HOME").is_some_and(|home| normalize(Path::new(&home)) == *candidate) {
            return refuse("it is the home directory");
        }
        if root.starts_with(candidate) {
            return refuse("it is the project directory or contains it");
        }
        for source in ["content", "themes", "i18n", "src", ".git"] {
            if candidate.starts_with(root.join(source)) {
                return refuse(&format!("it is inside the project's {source}/"));
            }
        }
    }
    if out_norm.is_file() {
        return refuse("it is a file");
    }
    if out_norm.is_dir() && !out_norm.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out_norm)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_none();
        if !empty {
            return refuse(
                "it is a non-empty directory that Passerelle did not build (no .passerelle-output marker)",
            );
        }
    }
    Ok(())
}

/// A build's staging directory beside the output: files are written into it as they are
/// rendered, and [`Staging::commit`] puts them in place once all are. Dropped without a
/// commit (a render error, an interrupted build), it is removed and the output stays as it
/// was.
///
/// Into a new output the whole staged tree is renamed at once. Over a previous build only
/// the files whose bytes differ are staged, and the commit moves them in and deletes what
/// the build no longer makes: an unchanged file is never rewritten, so it keeps its
/// modification time (deploys and caches see only real changes), and a rebuild does not
/// pay for creating and deleting a whole tree, the dearest thing a build does on disk.
pub struct Staging {
    out: PathBuf,
    dir: tempfile::TempDir,
    /// Whether `out` already held a site when the build began.
    update: bool,
    /// In an update, each changed file's path and where it is staged (flat, numbered names).
    changed: Mutex<Vec<(String, PathBuf)>>,
    next: AtomicUsize,
}

/// What a commit changed in the output directory, paths relative to it, sorted.
#[derive(Debug, Default)]
pub struct Committed {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

impl Staging {
    /// An empty staging directory beside `out` (whose parent is created if need be); what
    /// killed builds left there is removed first.
    pub fn new(out: &Path) -> Result<Staging> {
        let out = normalize(out);
        let parent = out
            .parent()
            .ok_or_else(|| Error::from(Diagnostic::error(&out, "output directory has no parent")))?
            .to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        remove_leftovers(&parent);
        let dir = tempfile::Builder::new()
            .prefix(BUILD_PREFIX)
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        let update = out.is_dir();
        Ok(Staging {
            out,
            dir,
            update,
            changed: Mutex::default(),
            next: AtomicUsize::new(0),
        })
    }

    /// Stages one file, `path` relative to the output directory; never outside it.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let relative = safe_relative(path)?;
        if !self.update {
            return write_one(self.dir.path(), relative, bytes);
        }
        if same_content(&self.out.join(relative), bytes) {
            return Ok(());
        }
        let staged = self
            .dir
            .path()
            .join(self.next.fetch_add(1, Ordering::Relaxed).to_string());
        std::fs::write(&staged, bytes).map_err(|e| Error::io(&staged, e))?;
        self.changed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((path.to_string(), staged));
        Ok(())
    }

    /// Puts the staged site in place: `produced` is every file of the new build, so that
    /// the output ends up holding exactly those (and the marker).
    pub fn commit(self, produced: &[String]) -> Result<Committed> {
        let marker =
            b"This directory is generated by passerelle build; every build brings it up to date.\n";
        if !self.update {
            std::fs::write(self.dir.path().join(MARKER), marker)
                .map_err(|e| Error::io(self.dir.path(), e))?;
            let staged = self.dir.keep();
            // `out` is absent, or an empty directory that the rename replaces on Unix.
            if let Err(e) = std::fs::rename(&staged, &self.out) {
                let _ = std::fs::remove_dir_all(&staged);
                return Err(Error::io(&self.out, e));
            }
            let mut written = produced.to_vec();
            written.sort();
            return Ok(Committed {
                written,
                removed: Vec::new(),
            });
        }
        // Stale files go first: one of them may stand where a new file's directory goes.
        let removed = remove_stale(&self.out, produced)?;
        let mut changed = self
            .changed
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        changed.sort();
        for (path, staged) in &changed {
            let target = self.out.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::rename(staged, &target).map_err(|e| Error::io(&target, e))?;
        }
        let marker_path = self.out.join(MARKER);
        if !marker_path.exists() {
            std::fs::write(&marker_path, marker).map_err(|e| Error::io(&marker_path, e))?;
        }
        Ok(Committed {
            written: changed.into_iter().map(|(path, _)| path).collect(),
            removed,
        })
    }
}

/// Each file is written as soon as it is rendered; only its path is kept.
impl Sink for Staging {
    type Kept = String;
    fn wants_sources(&self) -> bool {
        false
    }
    fn put(&self, file: OutputFile) -> Result<String> {
        self.write(&file.path, &file.bytes)?;
        Ok(file.path)
    }
}

/// Whether the file at `path` holds exactly `bytes`; reading it back costs far less than
/// replacing it.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let same_size = file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    let mut old = Vec::with_capacity(bytes.len());
    same_size && file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Deletes from `out` every file that is not in `produced` (but the marker), every
/// directory that stands where a produced file goes, and the directories left empty.
fn remove_stale(out: &Path, produced: &[String]) -> Result<Vec<String>> {
    let keep: HashSet<&str> = produced.iter().map(String::as_str).collect();
    let mut removed = Vec::new();
    // Only a directory something was removed from can have been left empty.
    let mut emptied = BTreeSet::new();
    let mut walk = walkdir::WalkDir::new(out)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(out).to_path_buf();
            Error::io(&path, e.into())
        })?;
        let path = entry.path();
        // On Unix a relative path is already `/`-separated, as `produced` is.
        let relative = path.strip_prefix(out).unwrap_or(path).to_string_lossy();
        let is_dir = entry.file_type().is_dir();
        let stale = if is_dir {
            // A directory standing where a file of the new build goes.
            keep.contains(&*relative)
        } else {
            relative != MARKER && !keep.contains(&*relative)
        };
        if !stale {
            continue;
        }
        if is_dir {
            std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?;
            walk.skip_current_dir();
        } else {
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
        }
        emptied.extend(
            path.ancestors()
                .skip(1)
                .take_while(|dir| *dir != out)
                .map(Path::to_path_buf),
        );
        removed.push(relative.into_owned());
    }
    // Deepest first, so that a parent emptied by its child's removal goes too; a directory
    // that still holds something stays.
    let mut emptied: Vec<PathBuf> = emptied.into_iter().collect();
    emptied.sort_by_key(|dir| std::cmp::Reverse(dir.components().count()));
    for dir in emptied {
        let _ = std::fs::remove_dir(dir);
    }
    Ok(removed)
}

/// `path` as a relative path that cannot leave the output directory.
fn safe_relative(path: &str) -> Result<&Path> {
    let relative = Path::new(path);
    let safe = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(relative)
    } else {
        Err(Diagnostic::error(
            path,
            "refusing to write a file outside the output directory",
        )
        .into())
    }
}

fn write_one(dir: &Path, relative: &Path, bytes: &[u8]) -> Result<()> {
    let target = dir.join(relative);
    if let Some(parent) = target.parent() {
        // Most pages have a directory of their own: make it at once, and look further up
        // only when its parent is missing too.
        match std::fs::create_dir(parent) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?
            }
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(Error::io(parent, e));
            }
            _ => {}
        }
    }
    std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
}

/// Staging directories left by a build that was killed: never the live output.
fn remove_leftovers(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(BUILD_PREFIX) && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;
    use std::sync::Arc;

    /// What a build does with its files, in one call.
    fn write_site(out: &Path, files: &[OutputFile]) -> Result<Committed> {
        let staging = Staging::new(out)?;
        for file in files {
            staging.write(&file.path, &file.bytes)?;
        }
        let produced: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        staging.commit(&produced)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: Arc::new(text.as_bytes().to_vec()),
            sources: Default::default(),
        }
    }

    #[test]
    fn refuses_dangerous_output_dirs() {
        let project = tempfile::tempdir().unwrap();
        let root = project.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("public/..")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/keep.txt"), "mine").unwrap();
        let e = check_output_dir(root, &root.join("docs")).unwrap_err();
        assert!(e.to_string().contains("did not build"), "{e}");
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut found: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let name = e.path().strip_prefix(dir).unwrap().display().to_string();
                if e.file_type().is_dir() {
                    name + "/"
                } else {
                    name
                }
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn a_new_site_is_moved_in_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let done = write_site(&out, &[file("fr/index.html", "un"), file("a.css", "x")]).unwrap();
        assert_eq!(done.written, ["a.css", "fr/index.html"]);
        assert_eq!(
            entries(dir.path()),
            [
                "public/",
                "public/.passerelle-output",
                "public/a.css",
                "public/fr/",
                "public/fr/index.html"
            ]
        );
    }

    #[test]
    fn a_rebuild_replaces_only_what_changed_and_removes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                file("same.html", "same"),
                file("edited/index.html", "before"),
                file("gone/deep/index.html", "old"),
                file("was-a-dir/index.html", "x"),
                file("was-a-file", "x"),
            ],
        )
        .unwrap();
        let unchanged = std::fs::metadata(out.join("same.html")).unwrap();
        let done = write_site(
            &out,
            &[
                file("same.html", "same"),
                file("edited/index.html", "after"),
                file("was-a-dir", "now a file"),
                file("was-a-file/index.html", "now a page"),
            ],
        )
        .unwrap();
        assert_eq!(
            done.written,
            ["edited/index.html", "was-a-dir", "was-a-file/index.html"]
        );
        assert_eq!(
            done.removed,
            ["gone/deep/index.html", "was-a-dir", "was-a-file"]
        );
        assert_eq!(
            entries(dir.path()),
            [
                "public/",
                "public/.passerelle-output",
                "public/edited/",
                "public/edited/index.html",
                "public/same.html",
                "public/was-a-dir",
                "public/was-a-file/",
                "public/was-a-file/index.html",
            ],
            "nothing stale, no empty directory, no staging left beside the output"
        );
        let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("edited/index.html"), "after");
        assert_eq!(read("was-a-dir"), "now a file");
        assert_eq!(read("was-a-file/index.html"), "now a page");
        let still = std::fs::metadata(out.join("same.html")).unwrap();
        assert_eq!(
            (still.ino(), still.modified().unwrap()),
            (unchanged.ino(), unchanged.modified().unwrap()),
            "an unchanged file is not rewritten"
        );
    }

    #[test]
    fn never_writes_outside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(write_site(&out, &[file("../evil.html", "x")]).is_err());
        assert!(!dir.path().join("evil.html").exists());
        assert!(!out.exists());
    }
}
