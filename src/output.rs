//! Write: puts the rendered files on disk. The site is written into a temporary directory
//! beside the output and swapped in only when every file is written, so a failed or killed
//! build leaves the previous site whole. Nothing is written outside the output directory,
//! and directories that are not a Passerelle output are never replaced.

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::render::{OutputFile, Sink};
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

/// The file that marks a directory as Passerelle's output, safe to replace.
pub const MARKER: &str = ".passerelle-output";
const BUILD_PREFIX: &str = ".passerelle-build-";
const OLD_PREFIX: &str = ".passerelle-old-";

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

/// Writes `files` as the new content of `out`, atomically from a reader's point of view: the
/// old directory is replaced by a complete new one in two renames.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<()> {
    let staging = Staging::new(out)?;
    files
        .par_iter()
        .try_for_each(|file| staging.write(&file.path, &file.bytes))?;
    staging.commit()
}

/// A build's staging directory beside the output: files are written into it as they are
/// rendered, and [`Staging::commit`] swaps it in for the output once all are. Dropped
/// without a commit (a render error, an interrupted build), it is removed and the output
/// stays as it was.
pub struct Staging {
    out: PathBuf,
    parent: PathBuf,
    dir: tempfile::TempDir,
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
        Ok(Staging { out, parent, dir })
    }

    /// Writes one file, `path` relative to the output directory; never outside it.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        write_one(self.dir.path(), path, bytes)
    }

    /// Marks the staged site as Passerelle's output and puts it in place of the old one.
    pub fn commit(self) -> Result<()> {
        let Staging { out, parent, dir } = self;
        std::fs::write(
            dir.path().join(MARKER),
            b"This directory is generated by passerelle build; it is replaced on every build.\n",
        )
        .map_err(|e| Error::io(dir.path(), e))?;
        let staged = dir.keep();
        if out.exists() {
            let old = tempfile::Builder::new()
                .prefix(OLD_PREFIX)
                .tempdir_in(&parent)
                .map_err(|e| Error::io(&parent, e))?
                .keep();
            // `old` exists as an empty directory: rename onto it replaces it on Unix.
            std::fs::rename(&out, &old).map_err(|e| Error::io(&out, e))?;
            if let Err(e) = std::fs::rename(&staged, &out) {
                let _ = std::fs::rename(&old, &out);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(Error::io(&out, e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&staged, &out).map_err(|e| Error::io(&out, e))?;
        }
        Ok(())
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

fn write_one(dir: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    let relative = Path::new(path);
    let safe = !path.is_empty()
        && relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(Diagnostic::error(
            path,
            "refusing to write a file outside the output directory",
        )
        .into());
    }
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

/// Staging and old directories left by a build that was killed: never the live output.
fn remove_leftovers(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if (name.starts_with(BUILD_PREFIX) || name.starts_with(OLD_PREFIX))
            && entry.path().join(MARKER).exists()
            || name.starts_with(BUILD_PREFIX) && entry.path().is_dir()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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

    #[test]
    fn swaps_in_a_whole_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("fr/index.html", "un")]).unwrap();
        write_site(&out, &[file("en/index.html", "two")]).unwrap();
        assert!(!out.join("fr/index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("en/index.html")).unwrap(),
            "two"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
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
