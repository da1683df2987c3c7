//! Search: the Pagefind index of the rendered pages, written under `pagefind/` beside the
//! script a browser loads only when someone searches. Pagefind keeps one index per
//! language, by each page's `<html lang>`, with that language's stemming: a French page
//! searches the French pages only. It reads what lies inside `data-pagefind-body` (the
//! theme's `<main>`), so the menu and footer every page repeats match nothing; an element
//! with an `id` and a `data-pagefind-title` (a strategy action, a paragraph of the
//! conclusions) becomes a result of its own, at its anchor.

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use crate::pages::RouteKind;
use crate::render::assets::{fnv1a, fnv1a_more};
use crate::render::{OutputFile, Sink};
use pagefind::api::SyntheticFile;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The folder of the index and its scripts in the output.
pub const DIR: &str = "pagefind";

/// The file a search reads first (Pagefind asks for it with a query string that defeats
/// caches): which index files make the current index.
pub const ENTRY: &str = "pagefind/pagefind-entry.json";

/// Whether the pages of a kind are searched. Not the 404 pages; not the list of every page,
/// which would match every query; not the annual report, which repeats what the pages say
/// and would come before them.
pub fn indexed(kind: &RouteKind) -> bool {
    !matches!(
        kind,
        RouteKind::NotFound | RouteKind::SiteIndex | RouteKind::Report(_)
    )
}

/// Whether a file of Pagefind's bundle is one the site's search uses. The bundle also
/// carries three ready-made interfaces and a highlighter (about 400 KB); the theme's own
/// box calls `pagefind.js`, which loads its worker, the language's wasm and the index.
fn used(name: &str) -> bool {
    !(name.starts_with("pagefind-ui.")
        || name.starts_with("pagefind-modular-ui.")
        || name.starts_with("pagefind-component-ui.")
        || name.starts_with("pagefind-highlight.")
        || name.starts_with("wasm.unknown."))
}

/// One page to index: its language, its path in the output (`fr/a-propos/index.html`)
/// and its HTML.
pub type Page = (Lang, String, Arc<Vec<u8>>);

/// The pages of one language as Pagefind reads them, and what identifies them: the same
/// key means the same index, which a build over the previous output takes from it.
struct Language {
    lang: Lang,
    pages: Vec<(String, String)>,
    key: String,
}

/// Where the entry file records, for each language, the key of the pages its index was
/// made from and the number of its index files (a file deleted by hand since is seen).
/// Pagefind's script reads only the fields it knows.
const KEYS: &str = "passerelle_keys";
const FILES: &str = "passerelle_files";

/// The scripts of Pagefind's bundle the box uses, the same for every language.
const SCRIPTS: [&str; 2] = ["pagefind.js", "pagefind-worker.js"];

/// Indexes `pages` and returns the files of the index. The pages of each language are
/// indexed in the order given (the index's bytes follow it), each language on a thread of
/// its own: Pagefind's indexing is serial within an index, and costs several times the
/// render of the pages it reads. A language whose pages are those the previous output's
/// index was made from keeps that index (`sink` links its files over).
pub fn index_into<S: Sink>(pages: &[Page], sink: &S) -> Vec<Result<(String, S::Kept)>> {
    let mut by_lang: BTreeMap<Lang, Vec<(String, String)>> = BTreeMap::new();
    for (lang, path, html) in pages {
        let part = searched_part(&String::from_utf8_lossy(html));
        by_lang.entry(*lang).or_default().push((path.clone(), part));
    }
    let languages: Vec<Language> = by_lang
        .into_iter()
        .map(|(lang, pages)| {
            let hash = pages.iter().fold(fnv1a(b""), |hash, (path, part)| {
                let hash = fnv1a_more(fnv1a_more(hash, path.as_bytes()), b"\0");
                fnv1a_more(fnv1a_more(hash, part.as_bytes()), b"\0")
            });
            let key = format!("{hash:016x}");
            Language { lang, pages, key }
        })
        .collect();
    let previous: Option<serde_json::Value> = sink
        .previous_bytes(ENTRY)
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let previous_files = sink.previous_files(&format!("{DIR}/"));
    // A language is taken over only when the previous index is whole: its entry names it
    // with the same key, and the files of that language are there.
    let kept = |language: &Language| -> Option<Vec<String>> {
        let previous = previous.as_ref()?;
        let code = language.lang.code();
        let same = previous[KEYS][code].as_str() == Some(&language.key)
            && previous["version"].as_str() == Some(env!("PAGEFIND_VERSION"));
        same.then_some(())?;
        let hash = previous["languages"][code]["hash"].as_str()?;
        let meta = format!("{DIR}/pagefind.{hash}.pf_meta");
        let wasm = format!("{DIR}/wasm.{code}.pagefind");
        let files: Vec<String> = previous_files
            .iter()
            .filter(|path| {
                let name = path.strip_prefix(&format!("{DIR}/")).unwrap_or(path);
                index_file_of(name, language.lang)
            })
            .cloned()
            .collect();
        let whole = previous_files.contains(&meta)
            && previous_files.contains(&wasm)
            && SCRIPTS
                .iter()
                .all(|s| previous_files.contains(&format!("{DIR}/{s}")))
            && previous[FILES][code].as_u64() == Some(files.len() as u64);
        whole.then(|| [meta, wasm].into_iter().chain(files).collect())
    };
    let (reused, fresh): (Vec<_>, Vec<_>) = languages
        .iter()
        .map(|language| (language, kept(language)))
        .partition(|(_, kept)| kept.is_some());
    let indexes = index_languages(fresh.iter().map(|(language, _)| *language).collect());
    let mut out: Vec<Result<(String, S::Kept)>> = Vec::new();
    let put = |file: OutputFile| -> Result<(String, S::Kept)> {
        let path = file.path.clone();
        Ok((path, sink.put(file)?))
    };
    let mut entry = serde_json::json!({});
    let mut scripts_made = false;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for index in indexes {
        let files = match index {
            Ok(files) => files,
            Err(e) => return vec![Err(e)],
        };
        for file in files {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let path = format!("{DIR}/{name}");
            if path == ENTRY {
                match serde_json::from_slice::<serde_json::Value>(&file.contents) {
                    Ok(this) => merge_entry(&mut entry, &this),
                    Err(e) => return vec![Err(failure(format!("its entry file: {e}")))],
                }
            } else if used(&name) && !(scripts_made && SCRIPTS.contains(&name.as_str())) {
                if let Some(language) = languages.iter().find(|l| index_file_of(&name, l.lang)) {
                    *counts.entry(language.lang.code()).or_default() += 1;
                }
                out.push(put(OutputFile {
                    path,
                    bytes: Arc::new(file.contents),
                    sources: BTreeSet::new(),
                }));
            }
        }
        // The scripts are the same in every language's bundle.
        scripts_made = true;
    }
    let mut paths: Vec<String> = Vec::new();
    for (language, files) in &reused {
        // Kept only when the previous entry names it with its count of index files.
        if let Some(previous) = &previous {
            let code = language.lang.code();
            entry["languages"][code] = previous["languages"][code].clone();
            for field in ["version", "include_characters"] {
                if entry.get(field).is_none() {
                    entry[field] = previous[field].clone();
                }
            }
            let count = previous[FILES][code].as_u64().unwrap_or(0);
            counts.insert(code, usize::try_from(count).unwrap_or(0));
        }
        paths.extend(files.iter().flatten().cloned());
    }
    if !scripts_made {
        paths.extend(SCRIPTS.iter().map(|name| format!("{DIR}/{name}")));
    }
    for path in paths {
        match sink.reuse(&path) {
            Some(kept) => out.push(kept.map(|kept| (path, kept))),
            None => out.push(Err(failure(format!(
                "{path} of the previous output is gone"
            )))),
        }
    }
    for language in &languages {
        let code = language.lang.code();
        entry[KEYS][code] = serde_json::Value::from(language.key.clone());
        entry[FILES][code] = serde_json::Value::from(counts.get(code).copied().unwrap_or(0));
    }
    out.push(put(OutputFile {
        path: ENTRY.to_string(),
        bytes: Arc::new(sorted(entry).to_string().into_bytes()),
        sources: BTreeSet::new(),
    }));
    out
}

/// Whether `name`, in the bundle's folder, is one of the index files of `lang`: Pagefind
/// names them `index/fr_HASH.pf_index`, `fragment/fr_HASH.pf_fragment`, `filter/…`.
fn index_file_of(name: &str, lang: Lang) -> bool {
    let prefix = format!("{}_", lang.code());
    ["index/", "fragment/", "filter/"].iter().any(|folder| {
        name.strip_prefix(folder)
            .is_some_and(|n| n.starts_with(&prefix))
    })
}

/// `value` with the fields of every object in name order: the entry file's bytes do not
/// depend on which languages were indexed and which taken over.
fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(fields) => {
            let fields: BTreeMap<String, serde_json::Value> =
                fields.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            serde_json::Value::Object(fields.into_iter().collect())
        }
        other => other,
    }
}

/// Adds the languages of `one` entry file to `entry`, and its other fields if `entry` has
/// none yet.
fn merge_entry(entry: &mut serde_json::Value, one: &serde_json::Value) {
    let Some(fields) = one.as_object() else {
        return;
    };
    for (name, value) in fields {
        if name == "languages" {
            if let Some(languages) = value.as_object() {
                for (code, language) in languages {
                    entry["languages"][code] = language.clone();
                }
            }
        } else if entry.get(name).is_none() {
            entry[name] = value.clone();
        }
    }
}

/// Indexes each language on a thread of its own. Pagefind's interface is async: each
/// runtime runs on its own thread, also because the preview calls this from a request,
/// inside the server's runtime, where another runtime cannot start.
fn index_languages(languages: Vec<&Language>) -> Vec<Result<Vec<SyntheticFile>>> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = languages
            .into_iter()
            .map(|language| {
                scope.spawn(move || {
                    tokio::runtime::Builder::new_current_thread()
                        .build()
                        .map_err(|e| failure(format!("cannot start its runtime: {e}")))?
                        .block_on(index_language(&language.pages))
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err(failure("the indexer stopped".into())))
            })
            .collect()
    })
}

async fn index_language(pages: &[(String, String)]) -> Result<Vec<SyntheticFile>> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(false)
        .build();
    let mut index =
        pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| failure(format!("{e:#}")))?;
    for (path, part) in pages {
        let url = format!("/{}", path.strip_suffix("index.html").unwrap_or(path));
        index
            .add_html_file(None, Some(url), part.clone())
            .await
            .map_err(|e| failure(format!("{path}: {e:#}")))?;
    }
    index
        .get_files()
        .await
        .map_err(|e| failure(format!("{e:#}")))
}

fn failure(message: String) -> Error {
    Error::Content(vec![Diagnostic::error(
        DIR,
        format!("the search index could not be made: {message}"),
    )])
}

/// The part of a page Pagefind reads: its `<html>` start tag (for the language) and its
/// `data-pagefind-body` element, the theme's `<main>`. Pagefind would parse the rest
/// (head, menu, footer) only to skip it.
fn searched_part(html: &str) -> String {
    let start = html.find("<html").unwrap_or(0);
    let Some(tag_end) = html[start..].find('>').map(|i| start + i + 1) else {
        return html.to_string();
    };
    let (Some(main), Some(end)) = (html.find("<main"), html.rfind("</main>")) else {
        return html.to_string();
    };
    let mut part = String::with_capacity(end - main + 64);
    part.push_str(&html[start..tag_end]);
    part.push_str("<body>");
    // Pagefind separates the text of the blocks it knows (p, li, td…) but runs a term into
    // its definition, or a row's header into its cells ("TypeEntreprise"): a space before
    // those tags keeps the words apart.
    let body = &html[main..end];
    let mut copied = 0;
    for (at, _) in body.match_indices('<') {
        let tag = &body.as_bytes()[at + 1..];
        if tag.starts_with(b"dt") || tag.starts_with(b"dd") || tag.starts_with(b"th") {
            part.push_str(&body[copied..at]);
            part.push(' ');
            copied = at;
        }
    }
    part.push_str(&body[copied..]);
    part.push_str("</main></body></html>");
    part
}
