//! Fixture sites for the integration tests: a fixture is copied into a temporary project
//! with the repository's real theme and UI strings (unless it brings its own), so tests
//! exercise what users get; an invalid fixture is a few files laid over `valid/bilingual`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A project made of the repository's theme and i18n, then each layer in order.
pub fn project(layers: &[&Path]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    copy_dir(&repo().join("i18n"), &dir.path().join("i18n"));
    for layer in layers {
        copy_dir(layer, dir.path());
    }
    dir
}

/// Runs the real binary in `root`.
pub fn passerelle(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// Every file under `dir` with its bytes, sorted: two equal trees are byte-identical.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}
