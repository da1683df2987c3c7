//! Fails the build when the project's Fluent files do not parse, or when the French and
//! English files do not define the same message ids: a missing UI string is caught before
//! the binary exists.

#[path = "src/ftl.rs"]
#[allow(dead_code)]
mod ftl;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() {
    pagefind_version();
    let i18n = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    println!("cargo:rerun-if-changed=i18n");
    if !i18n.is_dir() {
        return;
    }
    let mut problems = Vec::new();
    let mut ids_by_lang: BTreeMap<String, BTreeMap<String, (PathBuf, usize, String)>> =
        BTreeMap::new();
    let mut langs: Vec<PathBuf> = read_dir(&i18n).into_iter().filter(|p| p.is_dir()).collect();
    langs.sort();
    for lang_dir in langs {
        let lang = lang_dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = read_dir(&lang_dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        let ids = ids_by_lang.entry(lang).or_default();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let source = std::fs::read_to_string(&file).unwrap_or_else(|e| {
                panic!("{}: cannot read: {e}", file.display());
            });
            match ftl::message_ids(&source) {
                Ok(found) => {
                    for (id, offset) in found {
                        ids.insert(id, (file.clone(), offset, source.clone()));
                    }
                }
                Err(errors) => {
                    for e in errors {
                        problems.push(format!(
                            "{}: {}",
                            position(&file, &source, e.offset),
                            e.message
                        ));
                    }
                }
            }
        }
    }
    let langs: Vec<&String> = ids_by_lang.keys().collect();
    for a in &langs {
        for b in &langs {
            if a == b {
                continue;
            }
            for (id, (file, offset, source)) in &ids_by_lang[*a] {
                if !ids_by_lang[*b].contains_key(id) {
                    problems.push(format!(
                        "{}: message `{id}` is defined in {a} but not in {b}",
                        position(file, source, *offset)
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            println!("cargo:warning={p}");
        }
        eprintln!("{}", problems.join("\n"));
        std::process::exit(1);
    }
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

fn position(file: &Path, source: &str, offset: usize) -> String {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{}:{line}:{col}", file.display())
}

/// Pagefind's version, as `PAGEFIND_VERSION`: a build keeps the previous output's search
/// index only if the same Pagefind made it (its scripts read only its own index files).
fn pagefind_version() {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let text = std::fs::read_to_string(&lock).unwrap_or_default();
    let version = text
        .split("[[package]]")
        .find(|package| package.contains("\nname = \"pagefind\"\n"))
        .and_then(|package| package.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'))
        .unwrap_or("unknown");
    println!("cargo:rustc-env=PAGEFIND_VERSION={version}");
}
