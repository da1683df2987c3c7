//! Load: reads `content/` into typed sources: Markdown pages with their front matter, and
//! the YAML data files. Nothing here knows about URLs or templates; problems are reported
//! with the file and position they are about.

pub mod data;
pub mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::lang::Lang;
use crate::markdown::Outline;
use data::{ActivitiesFile, Data, DomainsFile, PartialDate, PartnersFile};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

/// Where content lives, relative to the project root.
pub const CONTENT_DIR: &str = "content";
/// Where data lives, relative to the project root.
pub const DATA_DIR: &str = "content/data";
/// The data files, each a collection the site is made from; `load_data` reads these and
/// no other file of `content/data/`.
pub const PARTNERS_FILE: &str = "content/data/partners.yaml";
pub const ACTIVITIES_FILE: &str = "content/data/activities.yaml";
pub const DOMAINS_FILE: &str = "content/data/domains.yaml";
pub const STRATEGY_FILE: &str = "content/data/strategy.yaml";
pub const CONCLUSIONS_FILE: &str = "content/data/conclusions.yaml";
pub const DATA_FILES: [&str; 5] = [
    PARTNERS_FILE,
    DOMAINS_FILE,
    ACTIVITIES_FILE,
    STRATEGY_FILE,
    CONCLUSIONS_FILE,
];

/// The front matter of a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub slug: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// When the page's text was last brought up to date ("last updated" on the page).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub menu: bool,
    /// Shows a contents list of the page's headings (level 2, with level 3 under them):
    /// above the text on phones, beside it on wide screens.
    #[serde(default)]
    pub toc: bool,
    /// Former addresses of the page, from the site's root (`/fr/ancienne-adresse/`, or an
    /// `.html` file): each gets a page that sends readers on to this one.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// In a translation: the version of the source page it follows, written by
    /// `passerelle translations --mark` (see `crate::translations`).
    #[serde(default)]
    pub translation_of: Option<crate::translations::TranslationOf>,
}

/// One Markdown file: one page in one language.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// What the languages of one page share: the path without language and extension,
    /// e.g. `pages/about` for `content/pages/about.fr.md`.
    pub key: String,
    pub lang: Lang,
    /// Relative to the project root.
    pub path: PathBuf,
    pub front: FrontMatter,
    pub body: String,
    /// The line of the file where the body starts (1-based), to report body positions.
    pub body_line: usize,
    /// The front matter as written, to point at a key in later messages.
    pub front_yaml: String,
    /// What the checks of the body work out, once per version of the file.
    pub memo: BodyMemo,
}

/// What is worked out from a page's body once and kept with it, so that a page the preview
/// did not read again is not checked again either (see `validate::page_bodies`).
#[derive(Debug, Clone, Default)]
pub struct BodyMemo {
    pub facts: OnceLock<BodyFacts>,
    /// The ids of its headings, for the anchors of links from other pages.
    pub heading_ids: OnceLock<Vec<String>>,
}

/// What the body checks look for in a page's own text.
#[derive(Debug, Clone, Default)]
pub struct BodyFacts {
    /// The byte offset of a code fence never closed.
    pub unclosed_fence: Option<usize>,
    /// The outline of a body with links to anchors or images; `None` without either.
    pub outline: Option<Outline>,
    /// Where a French body breaks French spacing (byte offsets; see `crate::spacing`).
    pub french_spacing: Vec<(usize, crate::i18n::SpacingFault)>,
}

impl PageSource {
    /// A diagnostic at the front matter line of `key` (or the whole file if absent).
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = yaml::key_position(&self.front_yaml, key);
        let diagnostic = Diagnostic::error(&self.path, message);
        if line == 0 {
            diagnostic
        } else {
            diagnostic.at(line + 1, column)
        }
    }
}

/// Reads every `*.{lang}.md` under `content/` (but `content/data/`), skipping drafts unless
/// asked. Other files are media, published when a page shows them
/// (`crate::render::media`); symlinks may not lead outside. With a
/// cache, a file whose stamp has not changed since it was cached is not read again, and the
/// cache is left holding the pages of this load.
pub fn load_pages(
    root: &Path,
    langs: &[Lang],
    drafts: bool,
    cache: Option<&mut PageCache>,
) -> Result<Vec<Arc<PageSource>>> {
    /// A file's page (if it reads), its stamp (when caching) and its problems.
    type Loaded = (Option<Arc<PageSource>>, Option<Stamp>, Vec<Diagnostic>);
    use rayon::prelude::*;
    let mut diagnostics = Diagnostics::default();
    let files = content_files(root, &mut diagnostics);
    let known = cache.as_deref().map(|c| &c.pages);
    // Reading and parsing are independent per file: done on every core, in file order.
    let loaded: Vec<Loaded> = files
        .par_iter()
        .filter(|relative| relative.extension().is_some_and(|e| e == "md"))
        .map(|relative| {
            let stamp = known.and_then(|_| Stamp::of(&root.join(relative)));
            if let (Some(stamp), Some((seen, page))) = (stamp, known.and_then(|k| k.get(relative)))
                && stamp == *seen
            {
                return (Some(page.clone()), Some(stamp), Vec::new());
            }
            let mut found = Diagnostics::default();
            let page = load_page(root, relative, langs, &mut found).map(Arc::new);
            (page, stamp, found.into_vec())
        })
        .collect();
    let mut pages = Vec::with_capacity(loaded.len());
    let mut kept = BTreeMap::new();
    for (page, stamp, found) in loaded {
        diagnostics.extend(found);
        let Some(page) = page else { continue };
        if let Some(stamp) = stamp {
            kept.insert(page.path.clone(), (stamp, page.clone()));
        }
        if drafts || !page.front.draft {
            pages.push(page);
        }
    }
    if let Some(cache) = cache {
        cache.pages = kept;
    }
    diagnostics.finish()?;
    pages.sort_by(|a, b| (&a.key, a.lang).cmp(&(&b.key, b.lang)));
    Ok(pages)
}

/// The pages read before, by file, with the size and modification time they had then: the
/// preview reads again only the files that changed since.
#[derive(Debug, Default)]
pub struct PageCache {
    pages: BTreeMap<PathBuf, (Stamp, Arc<PageSource>)>,
}

/// What tells that a file changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

impl PageCache {
    /// Drops the pages at or under `paths` (relative to the root), which are read again
    /// whatever their stamp says: a file saved twice within the clock's resolution, at the
    /// same size, still counts as changed when the watcher says so.
    pub fn forget(&mut self, paths: &BTreeSet<PathBuf>) {
        self.pages
            .retain(|file, _| !paths.iter().any(|changed| file.starts_with(changed)));
    }

    /// Records a page read outside [`load_pages`].
    pub fn insert(&mut self, stamp: Stamp, page: Arc<PageSource>) {
        self.pages.insert(page.path.clone(), (stamp, page));
    }
}

/// Reads and parses one page file (`relative` to the root); its problems go to
/// `diagnostics`.
pub fn load_page(
    root: &Path,
    relative: &Path,
    langs: &[Lang],
    diagnostics: &mut Diagnostics,
) -> Option<PageSource> {
    let Some((key, lang)) = page_key(relative) else {
        diagnostics.push(
            Diagnostic::error(relative, "a page file name must end in .fr.md or .en.md")
                .with_help("write one file per language, e.g. about.fr.md and about.en.md"),
        );
        return None;
    };
    let Ok(lang) = lang.parse::<Lang>() else {
        diagnostics.push(Diagnostic::error(
            relative,
            format!("unknown language `{lang}` in the file name, expected .fr.md or .en.md"),
        ));
        return None;
    };
    if !langs.contains(&lang) {
        diagnostics.push(Diagnostic::warning(
            relative,
            format!("language `{lang}` is not in the config's languages; file skipped"),
        ));
        return None;
    }
    let text = diagnostics.take(yaml::read_text(root, relative))?;
    diagnostics.take(parse_page(relative, key, lang, &text))
}

/// Every file under `content/` outside `content/data/`, relative to the root, sorted.
/// Symlinks are accepted only when they resolve inside `content/`.
pub fn content_files(root: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let content = root.join(CONTENT_DIR);
    let Ok(content_real) = content.canonicalize() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() != root.join(DATA_DIR) && !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map(|p| relative_to(root, p)).unwrap_or_default();
                diagnostics.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        let relative = relative_to(root, entry.path());
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&content_real) && target.is_file() => {}
                Ok(target) if target.starts_with(&content_real) => {
                    diagnostics.push(Diagnostic::error(
                        &relative,
                        "symlinked directories are not followed (they can form loops)",
                    ));
                    continue;
                }
                Ok(_) => {
                    diagnostics.push(
                        Diagnostic::error(&relative, "symlink leads outside content/")
                            .with_help("copy the file into content/ instead"),
                    );
                    continue;
                }
                Err(e) => {
                    diagnostics.push(Diagnostic::error(
                        &relative,
                        format!("broken or looping symlink: {e}"),
                    ));
                    continue;
                }
            }
        } else if entry.file_type().is_dir() && entry.file_name().to_string_lossy().ends_with(".md")
        {
            diagnostics.push(
                Diagnostic::error(&relative, "this is a directory, not a page")
                    .with_help("a page is a file; rename the directory"),
            );
            continue;
        } else if !entry.file_type().is_file() {
            continue;
        }
        files.push(relative);
    }
    files
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `content/pages/about.fr.md` → (`pages/about`, `fr`).
fn page_key(relative: &Path) -> Option<(String, String)> {
    let inside = relative.strip_prefix(CONTENT_DIR).ok()?;
    let stem = inside.to_str()?.strip_suffix(".md")?;
    let (key, lang) = stem.rsplit_once('.')?;
    Some((key.replace('\\', "/"), lang.to_string()))
}

/// Splits front matter from the body and parses both halves' envelope.
pub fn parse_page(path: &Path, key: String, lang: Lang, text: &str) -> Result<PageSource> {
    let expected =
        "expected front matter: a first line `---`, YAML keys (title, slug, …), then a line `---`";
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        let message = if text.trim().is_empty() {
            "the file is empty"
        } else {
            "the page has no front matter"
        };
        return Err(Diagnostic::error(path, format!("{message}; {expected}"))
            .at(1, 1)
            .into());
    }
    let mut offset = first.len();
    let mut closing = None;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            closing = Some((offset, offset + line.len(), index + 2));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start, closing_line)) = closing else {
        return Err(
            Diagnostic::error(path, "front matter opened here is never closed")
                .at(1, 1)
                .with_help("add a line `---` after the last front matter key")
                .into(),
        );
    };
    let yaml_text = &text[first.len()..yaml_end];
    let front: FrontMatter = crate::schema::load(path, yaml_text, 1)?;
    if let Err(message) = crate::urls::check_slug(&front.slug) {
        let (line, column) = yaml::key_position(yaml_text, "slug");
        return Err(Diagnostic::error(path, message).at(line + 1, column).into());
    }
    if front.title.trim().is_empty() {
        let (line, column) = yaml::key_position(yaml_text, "title");
        return Err(Diagnostic::error(path, "the title is empty")
            .at(line + 1, column)
            .into());
    }
    Ok(PageSource {
        key,
        lang,
        path: path.to_path_buf(),
        front,
        body: text[body_start..].to_string(),
        body_line: closing_line + 1,
        front_yaml: yaml_text.to_string(),
        memo: BodyMemo::default(),
    })
}

/// The text of every data file read, by file, for positions in later validation messages.
pub type DataSources = BTreeMap<PathBuf, String>;

/// Reads `content/data/*.yaml`; a missing file is an empty collection, an unknown file an
/// error (a misnamed file would otherwise be silently ignored).
pub fn load_data(root: &Path) -> Result<(Data, DataSources)> {
    let known: Vec<&str> = DATA_FILES
        .iter()
        .filter_map(|file| Path::new(file).file_stem()?.to_str())
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut sources = DataSources::new();
    let mut data = Data::default();
    let dir = root.join(DATA_DIR);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            let stem = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"));
            // The translations' marks are beside the data, read by `crate::translations`.
            let marks = Path::new(crate::translations::MARKS_FILE).file_name();
            if !stem.is_some_and(|s| known.contains(&s)) && marks != Some(name.as_ref()) {
                diagnostics.push(
                    Diagnostic::error(Path::new(DATA_DIR).join(&name), "unknown data file")
                        .with_help(format!("data files are {}.yaml", known.join(".yaml, "))),
                );
            }
        }
    }
    let mut read = |file: &str| -> Option<(PathBuf, String)> {
        let relative = PathBuf::from(file);
        if !root.join(&relative).exists() {
            return None;
        }
        let text = diagnostics.take(yaml::read_project_text(root, &relative))?;
        sources.insert(relative.clone(), text.clone());
        Some((relative, text))
    };
    let partners = read(PARTNERS_FILE);
    let domains = read(DOMAINS_FILE);
    let activities = read(ACTIVITIES_FILE);
    let strategy = read(STRATEGY_FILE);
    let conclusions = read(CONCLUSIONS_FILE);
    let mut updated = |path: &PathBuf, date: Option<PartialDate>| {
        if let Some(date) = date {
            data.updated.insert(path.clone(), date);
        }
    };
    let (no_partners, no_domains) = (partners.is_none(), domains.is_none());
    // The files parse at once: the strategy alone is a third of the real site's load.
    let ((partners, domains), ((activities, strategy), conclusions)) = rayon::join(
        || rayon::join(|| parsed(&partners), || parsed(&domains)),
        || {
            rayon::join(
                || rayon::join(|| parsed(&activities), || parsed(&strategy)),
                || parsed(&conclusions),
            )
        },
    );
    if let Some((path, file)) = partners {
        let file: PartnersFile = diagnostics.take(file).unwrap_or_default();
        updated(path, file.updated);
        data.partners = file.partners;
        data.stated_figures = file.stated_figures;
    }
    if let Some((path, file)) = domains {
        let file: DomainsFile = diagnostics.take(file).unwrap_or_default();
        updated(path, file.updated);
        data.domains = file.domains;
    }
    if let Some((path, file)) = activities {
        let file: ActivitiesFile = diagnostics.take(file).unwrap_or_default();
        updated(path, file.updated);
        data.work_plans = file.work_plans;
        data.categories = file.categories;
        data.activities = file.activities;
    }
    if let Some((path, file)) = strategy {
        data.strategy = diagnostics.take(file);
        updated(path, data.strategy.as_ref().and_then(|s| s.updated));
    }
    if let Some((path, file)) = conclusions {
        data.conclusions = diagnostics.take(file);
        updated(path, data.conclusions.as_ref().and_then(|c| c.updated));
    }
    // What the data leave to their defaults is written out, so the pages and the open data
    // say the same: the first work plan, the year of signing for the cohort.
    let first_plan = data.work_plans.first().map(|w| w.id.clone());
    for activity in &mut data.activities {
        if activity.work_plan.is_none() {
            activity.work_plan.clone_from(&first_plan);
        }
    }
    for partner in &mut data.partners {
        partner.cohort = Some(partner.cohort());
    }
    // A file the work plan refers to that is not there is one error, not one per reference.
    for (name, absent, referred) in [
        (
            "partners",
            no_partners,
            data.activities
                .iter()
                .map(|a| a.partners.len())
                .sum::<usize>(),
        ),
        (
            "domains",
            no_domains,
            data.activities.iter().map(|a| a.domains.len()).sum(),
        ),
    ] {
        if absent && referred > 0 {
            diagnostics.push(
                Diagnostic::error(
                    Path::new(DATA_DIR).join(format!("{name}.yaml")),
                    format!("the {name} file is missing, and the work plan names {name} {referred} times"),
                )
                .with_help(format!(
                    "restore content/data/{name}.yaml (from the last commit or the published open data)"
                )),
            );
        }
    }
    diagnostics.finish()?;
    Ok((data, sources))
}

/// A data file read by `load_data`, parsed, with its path.
fn parsed<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    file: &Option<(PathBuf, String)>,
) -> Option<(&PathBuf, Result<T>)> {
    file.as_ref()
        .map(|(path, text)| (path, crate::schema::load::<T>(path, text, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<PageSource> {
        parse_page(
            Path::new("content/pages/a.fr.md"),
            "pages/a".into(),
            Lang::Fr,
            text,
        )
    }

    #[test]
    fn body_line_follows_front_matter() {
        let p = page("---\ntitle: A\nslug: a\n---\nHello\n").unwrap();
        assert_eq!(p.body, "Hello\n");
        assert_eq!(p.body_line, 5);
    }

    #[test]
    fn crlf_front_matter() {
        let p = page("---\r\ntitle: A\r\nslug: a\r\n---\r\nHi\r\n").unwrap();
        assert_eq!(p.front.title, "A");
    }

    #[test]
    fn unterminated_front_matter() {
        let e = page("---\ntitle: A\nslug: a\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: content/pages/a.fr.md:1:1: front matter opened here is never closed\n  help: add a line `---` after the last front matter key"
        );
    }

    #[test]
    fn error_lines_count_from_file_start() {
        let e = page("---\ntitle: A\nslug: a\ncolour: red\n---\n").unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!((d.line, d.column), (4, 1), "{d}");
    }

    #[test]
    fn bad_slug_is_refused_at_its_line() {
        let e = page("---\ntitle: A\nslug: ../../etc\n---\n").unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!(d.line, 3, "{d}");
        assert!(d.message.contains("must not contain `..`"));
    }
}
