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
use crate::render::OutputFile;
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

/// Indexes `pages` and returns the files of the index. The pages of each language are
/// indexed in the order given (the index's bytes follow it), each language on a thread of
/// its own: Pagefind's indexing is serial within an index, and costs several times the
/// render of the page it reads.
pub fn index(pages: &[Page]) -> Result<Vec<OutputFile>> {
    let mut by_lang: BTreeMap<Lang, Vec<(&str, &[u8])>> = BTreeMap::new();
    for (lang, path, html) in pages {
        by_lang.entry(*lang).or_default().push((path, html));
    }
    // Pagefind's interface is async; each runtime runs on a thread of its own, also
    // because the preview calls this from a request, inside the server's runtime, where
    // another runtime cannot start.
    let indexes: Vec<Result<Vec<SyntheticFile>>> = std::thread::scope(|scope| {
        let threads: Vec<_> = by_lang
            .values()
            .map(|pages| {
                scope.spawn(move || {
                    tokio::runtime::Builder::new_current_thread()
                        .build()
                        .map_err(|e| failure(format!("cannot start its runtime: {e}")))?
                        .block_on(index_language(pages))
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
    });
    merge(indexes)
}

async fn index_language(pages: &[(&str, &[u8])]) -> Result<Vec<SyntheticFile>> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(false)
        .build();
    let mut index =
        pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| failure(format!("{e:#}")))?;
    for (path, html) in pages {
        let url = format!("/{}", path.strip_suffix("index.html").unwrap_or(path));
        let html = searched_part(&String::from_utf8_lossy(html));
        index
            .add_html_file(None, Some(url), html)
            .await
            .map_err(|e| failure(format!("{path}: {e:#}")))?;
    }
    index
        .get_files()
        .await
        .map_err(|e| failure(format!("{e:#}")))
}

/// The files of the languages' indexes as one index: their entry files, which name the
/// index files of each language, become one; the scripts are the same in each.
fn merge(indexes: Vec<Result<Vec<SyntheticFile>>>) -> Result<Vec<OutputFile>> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<serde_json::Value> = None;
    for index in indexes {
        for file in index? {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            if format!("{DIR}/{name}") == ENTRY {
                let this: serde_json::Value = serde_json::from_slice(&file.contents)
                    .map_err(|e| failure(format!("its entry file: {e}")))?;
                entry = Some(match entry.take() {
                    None => this,
                    Some(mut merged) => {
                        if let (Some(all), Some(more)) = (
                            merged["languages"].as_object_mut(),
                            this["languages"].as_object(),
                        ) {
                            all.extend(more.clone());
                        }
                        merged
                    }
                });
            } else if used(&name) {
                files.insert(name, file.contents);
            }
        }
    }
    if let Some(entry) = entry {
        files.insert(
            ENTRY.trim_start_matches(&format!("{DIR}/")).to_string(),
            entry.to_string().into_bytes(),
        );
    }
    Ok(files
        .into_iter()
        .map(|(name, bytes)| OutputFile {
            path: format!("{DIR}/{name}"),
            bytes: Arc::new(bytes),
            sources: BTreeSet::new(),
        })
        .collect())
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
