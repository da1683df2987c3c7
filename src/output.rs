//! Write: puts the rendered files on disk so that the output directory is, at every moment,
//! either the whole previous site or the whole new one, and never written outside.
//!
//! A build stages its complete tree beside the output and swaps the two in one atomic
//! rename once every file is rendered ([`Staging`]); a build that fails or is killed before
//! that leaves the previous site as it was. The replaced site is deleted by the next build,
//! while it renders. Unchanged files are hard links to the current
//! ones, so they keep their inode and modification time. One build at a time writes an
//! output (a lock file beside it), and directories that are not a Passerelle output are
//! never replaced ([`check_output_dir`]).

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::render::{OutputFile, Sink};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The file that marks a directory as Passerelle's output, safe to replace.
pub const MARKER: &str = ".passerelle-output";

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
    check_not_precious(root, out)?;
    let out_norm = normalize(out);
    if out_norm.is_dir() && !out_norm.join(MARKER).exists() {
        let empty = std::fs::read_dir(&out_norm)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_none();
        if !empty {
            return Err(refusal(
                out,
                "it is a non-empty directory that Passerelle did not build (no .passerelle-output marker)",
            ));
        }
    }
    Ok(())
}

fn refusal(out: &Path, why: &str) -> Error {
    Diagnostic::error(
        out,
        format!(
            "refusing to use {} as the output directory: {why}",
            out.display()
        ),
    )
    .with_help(
        "choose a dedicated directory such as public/ (--out DIR or output_dir in the config)",
    )
    .into()
}

/// Refuses a directory to write into that is the filesystem root, the home directory, the
/// project or one of its parents, one of its sources, or a file: what `build` and `report`
/// may never write into, symbolic links followed.
pub fn check_not_precious(root: &Path, out: &Path) -> Result<()> {
    let root = root.canonicalize().unwrap_or_else(|_| normalize(root));
    let out_norm = normalize(out);
    // Resolve symlinks in the part that exists, so `public -> /` is caught too.
    let out_real = out_norm.canonicalize().unwrap_or_else(|_| out_norm.clone());
    let refuse = |why: &str| -> Result<()> { Err(refusal(out, why)) };
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
    Ok(())
}

/// A build's new tree, staged beside the output, and the commit that swaps it in.
///
/// The staged tree is complete: each file the build makes is either written anew (its
/// bytes changed) or a hard link to the current file (same inode, so its modification time
/// stays and deploys and caches see no change); the entries of the current output that the
/// build does not make but keeps (dotfiles such as `.git` or `.nojekyll`, and the config's
/// `keep_in_output`) are linked over as they are. [`Staging::commit`] then exchanges the two
/// trees in one atomic rename and puts the old one aside (`.NAME.passerelle-trash`), which
/// the next build deletes on a thread of its own while it renders. Dropped without a commit (a render
/// error, an I/O error), the staged tree is removed; killed, it is left where the next build
/// removes it. Either way the output is whole: the old site or the new one, never a mix.
pub struct Staging {
    /// The real output directory (the one `out` names, if `out` is a symbolic link).
    target: PathBuf,
    /// The new tree, `.NAME.passerelle-staging` beside `target` (same file system).
    dir: PathBuf,
    /// Where the replaced site waits to be deleted by the next build:
    /// `.NAME.passerelle-trash` beside `target`.
    trash: PathBuf,
    /// Deletes what the last build left in `trash`.
    sweeper: Option<std::thread::JoinHandle<Result<()>>>,
    /// Held for the whole build: one build at a time writes an output.
    _lock: std::fs::File,
    /// The current output's regular files, relative path → size (candidates for linking).
    previous: HashMap<String, u64>,
    /// Top-level entries of the current output carried into the new one.
    kept: Vec<String>,
    /// Whether the output existed when the build began.
    update: bool,
    /// Files whose bytes are new (not linked).
    written: Mutex<Vec<String>>,
    /// Set once the staged tree is the output: nothing left to clean up on drop.
    committed: bool,
}

/// What a commit changed in the output directory, paths relative to it, sorted.
#[derive(Debug, Default)]
pub struct Committed {
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// Problems after the new site was in place (the old tree could not be deleted).
    pub warnings: Vec<Diagnostic>,
}

impl Staging {
    /// Locks the output and stages an empty tree beside it (its parent is created if need
    /// be); what a killed build left there is removed first. `keep` names top-level entries
    /// of the current output to carry over, besides dotfiles.
    pub fn new(out: &Path, keep: &[String]) -> Result<Staging> {
        let out = normalize(out);
        // A symbolic link is followed: the site is swapped where it really is, so that the
        // new tree is staged on its file system and the link stays as it was.
        let target = match std::fs::symlink_metadata(&out) {
            Ok(meta) if meta.file_type().is_symlink() => match out.canonicalize() {
                Ok(real) => real,
                // A link to a directory yet to be made: it is made where the link points.
                Err(_) => {
                    let to = std::fs::read_link(&out).map_err(|e| Error::io(&out, e))?;
                    normalize(&out.parent().unwrap_or(Path::new("/")).join(to))
                }
            },
            _ => out,
        };
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Diagnostic::error(&target, "output directory has no parent").into());
        };
        let name = name.to_string_lossy().into_owned();
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let lock_path = parent.join(format!(".{name}.passerelle-lock"));
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Error::io(&lock_path, e))?;
        lock.lock().map_err(|e| Error::io(&lock_path, e))?;
        let dir = parent.join(format!(".{name}.passerelle-staging"));
        let old = parent.join(format!(".{name}.passerelle-old"));
        let trash = parent.join(format!(".{name}.passerelle-trash"));
        // Only the two-rename commit (no atomic exchange) can be killed between its renames:
        // the old site is then beside the output, and goes back.
        if !target.exists() && old.is_dir() {
            std::fs::rename(&old, &target).map_err(|e| Error::io(&target, e))?;
        }
        for leftover in [&dir, &old] {
            if std::fs::symlink_metadata(leftover).is_ok() {
                remove_tree(leftover).map_err(|e| Error::io(leftover, e))?;
            }
        }
        // The site the last build replaced is deleted while this one renders: on a disk,
        // deleting a tree of a few hundred folders takes about as long as building it.
        let sweeper = std::fs::symlink_metadata(&trash).is_ok().then(|| {
            let trash = trash.clone();
            std::thread::spawn(move || remove_tree(&trash).map_err(|e| Error::io(&trash, e)))
        });
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        let update = target.is_dir();
        let (previous, kept) = if update {
            scan(&target, keep)
        } else {
            Default::default()
        };
        Ok(Staging {
            target,
            dir,
            trash,
            sweeper,
            _lock: lock,
            previous,
            kept,
            update,
            written: Mutex::default(),
            committed: false,
        })
    }

    /// Stages one file, `path` relative to the output directory; never outside it.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let relative = safe_relative(path)?;
        let staged = self.dir.join(relative);
        make_parent(&staged)?;
        if self.previous.get(path) == Some(&(bytes.len() as u64)) {
            let current = self.target.join(relative);
            if same_content(&current, bytes) && std::fs::hard_link(&current, &staged).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&staged, bytes).map_err(|e| Error::io(&staged, e))?;
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(path.to_string());
        Ok(())
    }

    /// How many of the pages (HTML files) of the current output the new build does not
    /// make, out of how many there are.
    /// The pages of the previous output, relative to it.
    pub fn previous_pages(&self) -> impl Iterator<Item = &str> + Clone {
        self.previous
            .keys()
            .map(String::as_str)
            .filter(|path| path.ends_with(".html"))
    }

    pub fn pages_removed(&self, produced: &[String]) -> (usize, usize) {
        let produced: HashSet<&str> = produced.iter().map(String::as_str).collect();
        self.previous_pages().fold((0, 0), |(removed, all), path| {
            (removed + usize::from(!produced.contains(path)), all + 1)
        })
    }

    /// Makes the staged tree the output: `produced` is every file of the new build, so that
    /// the output ends up holding exactly those, the marker and what it keeps.
    pub fn commit(mut self, produced: &[String]) -> Result<Committed> {
        let marker = self.dir.join(MARKER);
        std::fs::write(
            &marker,
            b"This directory is generated by passerelle build; every build brings it up to date.\n",
        )
        .map_err(|e| Error::io(&marker, e))?;
        let produced_tops: HashSet<&str> = produced
            .iter()
            .map(|p| p.split('/').next().unwrap_or(p))
            .collect();
        for name in &self.kept {
            if !produced_tops.contains(name.as_str()) {
                let from = self.target.join(name);
                link_tree(&from, &self.dir.join(name)).map_err(|e| Error::io(&from, e))?;
            }
        }
        let mut committed = Committed::default();
        if self.update {
            swap(&self.dir, &self.target).map_err(|e| Error::io(&self.target, e))?;
            self.committed = true;
            // The staging place now holds the old site, left for the next build to delete.
            let put_aside = match self.sweep() {
                Ok(()) => {
                    std::fs::rename(&self.dir, &self.trash).map_err(|e| Error::io(&self.trash, e))
                }
                Err(e) => Err(e),
            };
            if let Err(e) = put_aside {
                committed.warnings.push(Diagnostic::warning(
                    &self.dir,
                    format!("the previous site could not be deleted ({e}); the next build will try again"),
                ));
            }
            let produced: HashSet<&str> = produced.iter().map(String::as_str).collect();
            committed.removed = self
                .previous
                .keys()
                .filter(|path| !produced.contains(path.as_str()))
                .cloned()
                .collect();
            committed.written = std::mem::take(
                &mut *self
                    .written
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
        } else {
            std::fs::rename(&self.dir, &self.target).map_err(|e| Error::io(&self.target, e))?;
            self.committed = true;
            committed.written = produced.to_vec();
        }
        committed.written.sort();
        committed.removed.sort();
        Ok(committed)
    }
}

impl Staging {
    /// Waits for the site the last build replaced to be deleted.
    fn sweep(&mut self) -> Result<()> {
        match self.sweeper.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Diagnostic::error(&self.trash, "could not be deleted").into()),
            None => Ok(()),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
        let _ = self.sweep();
    }
}

/// Each file is written as soon as it is rendered; only its path is kept.
impl Sink for Staging {
    type Kept = String;
    fn wants_sources(&self) -> bool {
        false
    }
    fn wants_search(&self) -> bool {
        true
    }
    fn wants_social_images(&self) -> bool {
        true
    }
    fn previous_files(&self, folder: &str) -> Vec<String> {
        let mut files: Vec<String> = (self.previous.keys())
            .filter(|path| path.starts_with(folder))
            .cloned()
            .collect();
        files.sort();
        files
    }
    fn previous_bytes(&self, path: &str) -> Option<Vec<u8>> {
        if !self.previous.contains_key(path) {
            return None;
        }
        std::fs::read(self.target.join(safe_relative(path).ok()?)).ok()
    }
    fn put(&self, file: OutputFile) -> Result<String> {
        self.write(&file.path, &file.bytes)?;
        Ok(file.path)
    }
    /// The current output's file, linked into the new tree as it is.
    fn reuse(&self, path: &str) -> Option<Result<String>> {
        if !self.previous.contains_key(path) {
            return None;
        }
        let relative = safe_relative(path).ok()?;
        let staged = self.dir.join(relative);
        if let Err(e) = make_parent(&staged) {
            return Some(Err(e));
        }
        std::fs::hard_link(self.target.join(relative), &staged).ok()?;
        Some(Ok(path.to_string()))
    }
}

/// The regular files of the current output, with their sizes, and its top-level entries to
/// keep: dotfiles (but the marker) and the names of `keep`. Symbolic links are not
/// followed, so nothing outside the output is ever linked in; what cannot be read is
/// written anew.
fn scan(target: &Path, keep: &[String]) -> (HashMap<String, u64>, Vec<String>) {
    let mut files = HashMap::new();
    let mut kept = Vec::new();
    let mut walk = walkdir::WalkDir::new(target).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        let relative = entry.path().strip_prefix(target).unwrap_or(entry.path());
        let relative = relative.to_string_lossy();
        if entry.depth() == 1 {
            let name = relative.as_ref();
            if name == MARKER {
                continue;
            }
            if name.starts_with('.') || keep.iter().any(|k| k == name) {
                kept.push(name.to_string());
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file()
            && let Ok(meta) = entry.metadata()
        {
            files.insert(relative.into_owned(), meta.len());
        }
    }
    kept.sort();
    (files, kept)
}

/// `from` recreated at `to`: directories made anew, files hard-linked (copied where a link
/// cannot be made), symbolic links as they were.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        std::os::unix::fs::symlink(std::fs::read_link(from)?, to)
    } else if meta.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        std::fs::set_permissions(to, meta.permissions())
    } else if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map(|_| ())
    } else {
        Ok(())
    }
}

/// Puts the tree `new` at `target` and the tree that was there at `new`, in one atomic
/// exchange where the system has it (Linux's `renameat2(RENAME_EXCHANGE)`); elsewhere, or
/// on a file system without it, in two renames through `.NAME.passerelle-old`, which the
/// next build puts back should this one be killed between them.
fn swap(new: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let old = target.with_file_name(format!(".{name}.passerelle-old"));
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(new, target) {
        std::fs::rename(&old, target)?;
        return Err(e);
    }
    std::fs::rename(&old, new)
}

/// Deletes a tree this program made, even where a directory of it was made read-only.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            for entry in walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(|e| e.ok())
            {
                if entry.file_type().is_dir() {
                    let _ = std::fs::set_permissions(
                        entry.path(),
                        std::fs::Permissions::from_mode(0o700),
                    );
                }
            }
            std::fs::remove_dir_all(path)
        }
        other => other,
    }
}

/// Whether the file at `path` holds exactly `bytes`; reading it back costs far less than
/// replacing it.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
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

/// Makes the directory `target` goes in. Most pages have a directory of their own: it is
/// made at once, and its parents only when they are missing too.
fn make_parent(target: &Path) -> Result<()> {
    let Some(parent) = target.parent() else {
        return Ok(());
    };
    match std::fs::create_dir(parent) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))
        }
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(Error::io(parent, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;
    use std::sync::Arc;

    /// What a build does with its files, in one call.
    fn write_site(out: &Path, files: &[OutputFile]) -> Result<Committed> {
        let staging = Staging::new(out, &["CNAME".to_string()])?;
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
                ".public.passerelle-lock",
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
            ["gone/deep/index.html", "was-a-dir/index.html", "was-a-file"]
        );
        let trash = ".public.passerelle-trash";
        let (site, beside): (Vec<String>, Vec<String>) = entries(dir.path())
            .into_iter()
            .partition(|e| !e.starts_with(trash));
        assert_eq!(
            site,
            [
                ".public.passerelle-lock",
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
        // The replaced site waits beside, whole, for the next build to delete it.
        assert!(
            beside.contains(&format!("{trash}/gone/deep/index.html")),
            "{beside:?}"
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
        write_site(&out, &[file("same.html", "same")]).unwrap();
        let beside: Vec<String> = entries(dir.path())
            .into_iter()
            .filter(|e| e.starts_with(trash))
            .collect();
        assert!(
            !beside.iter().any(|e| e.contains("gone/"))
                && beside.iter().any(|e| e.ends_with("was-a-dir")),
            "the next build deleted it and put aside its own: {beside:?}"
        );
    }

    #[test]
    fn dotfiles_and_kept_names_survive_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "one")]).unwrap();
        // A gh-pages worktree: its .git, the host's CNAME and .nojekyll, a dotted symlink.
        std::fs::create_dir_all(out.join(".git/refs")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        std::fs::write(out.join(".nojekyll"), "").unwrap();
        std::fs::write(out.join("CNAME"), "partenariat.example.org\n").unwrap();
        std::os::unix::fs::symlink("index.html", out.join(".well-known")).unwrap();
        std::fs::write(out.join("notes.txt"), "not kept").unwrap();
        let head = std::fs::metadata(out.join(".git/HEAD")).unwrap().ino();
        let done = write_site(&out, &[file("index.html", "two")]).unwrap();
        assert_eq!(done.removed, ["notes.txt"]);
        assert_eq!(
            entries(&out),
            [
                ".git/",
                ".git/HEAD",
                ".git/refs/",
                ".nojekyll",
                ".passerelle-output",
                ".well-known",
                "CNAME",
                "index.html"
            ]
        );
        assert_eq!(
            std::fs::metadata(out.join(".git/HEAD")).unwrap().ino(),
            head
        );
        assert_eq!(
            std::fs::read_link(out.join(".well-known")).unwrap(),
            Path::new("index.html")
        );
    }

    #[test]
    fn a_symlinked_output_is_swapped_where_it_is() {
        // The output on another file system, as a deploy mount would be.
        let elsewhere = tempfile::tempdir_in("/dev/shm").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let real = elsewhere.path().join("site");
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(&real, &out).ok();
        write_site(&real, &[file("a.html", "one")]).unwrap();
        write_site(&out, &[file("a.html", "two"), file("b/c.html", "new")]).unwrap();
        assert!(
            std::fs::symlink_metadata(&out)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "two");
        assert_eq!(
            std::fs::read_to_string(real.join("b/c.html")).unwrap(),
            "new"
        );
        assert_eq!(
            entries(elsewhere.path()),
            [
                ".site.passerelle-lock",
                ".site.passerelle-trash/",
                ".site.passerelle-trash/.passerelle-output",
                ".site.passerelle-trash/a.html",
                "site/",
                "site/.passerelle-output",
                "site/a.html",
                "site/b/",
                "site/b/c.html"
            ]
        );
    }

    #[test]
    fn a_symlink_inside_the_output_is_replaced_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("activities.csv"), "theirs").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [file("data/activities.csv", "ours"), file("index.html", "x")];
        write_site(&out, &files).unwrap();
        std::fs::remove_dir_all(out.join("data")).unwrap();
        std::os::unix::fs::symlink(outside.path(), out.join("data")).unwrap();
        write_site(&out, &files).unwrap();
        assert!(out.join("data").is_dir() && !out.join("data").is_symlink());
        assert_eq!(
            std::fs::read_to_string(out.join("data/activities.csv")).unwrap(),
            "ours"
        );
        assert_eq!(
            std::fs::read_to_string(outside.path().join("activities.csv")).unwrap(),
            "theirs"
        );
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_and_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a.html", "one")]).unwrap();
        let before = entries(dir.path());
        let staging = Staging::new(&out, &[]).unwrap();
        staging.write("a.html", b"two").unwrap();
        staging.write("b.html", b"new").unwrap();
        drop(staging);
        assert_eq!(entries(dir.path()), before);
    }

    #[test]
    fn a_build_killed_between_two_renames_is_put_back() {
        // What the two-rename commit leaves if killed after its first rename.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a.html", "one")]).unwrap();
        std::fs::rename(&out, dir.path().join(".public.passerelle-old")).unwrap();
        std::fs::create_dir(dir.path().join(".public.passerelle-staging")).unwrap();
        let staging = Staging::new(&out, &[]).unwrap();
        drop(staging);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");
        assert_eq!(
            entries(dir.path()),
            [
                ".public.passerelle-lock",
                "public/",
                "public/.passerelle-output",
                "public/a.html"
            ]
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
