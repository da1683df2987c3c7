//! Incremental rebuilds for the preview: the last good version of every output file is kept
//! in memory, and a change reloads the site model (a few milliseconds) but re-renders only
//! the pages whose recorded sources include a changed file.
//!
//! Each page records the input files it was made from ([`OutputFile::sources`]): its
//! Markdown and that of its translations, the data files of its kind, its templates, the UI
//! strings and the config. What a page shows of *other* pages (their URLs and titles, the
//! menu, the theme's hashed asset names) is the site's [`Shape`]: an edit that changes it (a
//! title, a slug, a new page, a stylesheet) re-renders every page. Files that are not pages
//! (sitemap, feeds, open data, assets, the root chooser) are cheap and made every time.

use crate::diagnostic::Diagnostic;
use crate::lang::Lang;
use crate::render::OutputFile;
use crate::render::routes::RouteKind;
use crate::{BuildOptions, Site};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One file of the previewed site, as last built without error.
#[derive(Debug, Clone)]
pub struct PreviewFile {
    pub bytes: Arc<Vec<u8>>,
    /// The input files it was made from, relative to the project root.
    pub sources: BTreeSet<PathBuf>,
    /// The rebuild that last changed its bytes.
    pub changed_at: u64,
}

/// What the pages of a site show of each other; when it changes, every page is re-rendered.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    /// Key, language, kind, URL, title and template of every page: what internal links, the
    /// language switcher, breadcrumbs and entry points show of other pages.
    routes: Vec<(String, Lang, RouteKind, String, String, String)>,
    /// The pages in the menu, with their order.
    menu: Vec<(String, Lang, i64)>,
    /// The theme's assets under their content-hashed names, which every page links to.
    assets: Vec<(String, String)>,
}

impl Shape {
    fn of(site: &Site) -> Shape {
        Shape {
            routes: site
                .routes
                .iter()
                .map(|r| {
                    (
                        r.key.clone(),
                        r.lang,
                        r.kind,
                        r.site_path.clone(),
                        r.title.clone(),
                        r.template.clone(),
                    )
                })
                .collect(),
            menu: site
                .pages
                .iter()
                .filter(|p| p.front.menu)
                .map(|p| (p.key.clone(), p.lang, p.front.weight))
                .collect(),
            assets: site
                .theme
                .assets
                .iter()
                .map(|(name, asset)| (name.clone(), asset.site_path.clone()))
                .collect(),
        }
    }
}

/// A successful rebuild.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Counts rebuilds; files changed by this one carry it as `changed_at`.
    pub generation: u64,
    /// Output files added, changed or removed, sorted.
    pub changed: Vec<String>,
    /// Pages rendered, out of `pages`.
    pub rendered: usize,
    pub pages: usize,
    /// Pages per language.
    pub pages_per_lang: BTreeMap<Lang, usize>,
    /// Every page was re-rendered (first build, or the site's shape changed).
    pub full: bool,
    /// The inputs this rebuild took in.
    pub inputs: Vec<PathBuf>,
    pub load_time: Duration,
    pub render_time: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// What a rebuild came to.
#[derive(Debug, Clone)]
pub enum Outcome {
    Rebuilt(Rebuilt),
    /// The site has errors; the last good files stay as they were.
    Failed(Vec<Diagnostic>),
}

/// The previewed site: the last good files, and what changed since they were made.
pub struct Preview {
    options: BuildOptions,
    files: BTreeMap<String, PreviewFile>,
    shape: Option<Shape>,
    /// Inputs changed since the last good rebuild (kept across failed ones).
    pending: BTreeSet<PathBuf>,
    generation: u64,
    default_language: Lang,
}

impl Preview {
    /// A preview with no files yet: the first [`Preview::rebuild`] renders everything.
    pub fn new(options: BuildOptions) -> Preview {
        Preview {
            options,
            files: BTreeMap::new(),
            shape: None,
            pending: BTreeSet::new(),
            generation: 0,
            default_language: Lang::Fr,
        }
    }

    /// The files of the last good rebuild, by output path.
    pub fn files(&self) -> &BTreeMap<String, PreviewFile> {
        &self.files
    }

    /// The number of the last good rebuild.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The language of the last good rebuild's config `default_language`.
    pub fn default_language(&self) -> Lang {
        self.default_language
    }

    /// Takes in changed inputs (paths relative to the project root) and rebuilds what they
    /// reach; on error the previous files are kept and the changes stay pending, so the
    /// rebuild after the fix covers them too.
    pub fn rebuild(&mut self, changed: impl IntoIterator<Item = PathBuf>) -> Outcome {
        self.pending.extend(changed);
        let started = Instant::now();
        // As `build` does: problems between valid files do not stop the render, so the
        // overlay lists them with the broken links that rendering finds.
        let (mut site, problems) = match Site::load_for_check(&self.options) {
            Ok(loaded) => loaded,
            Err(error) => return Outcome::Failed(error.into_diagnostics()),
        };
        let load_time = started.elapsed();
        let shape = Shape::of(&site);
        let full = self.shape.as_ref() != Some(&shape);
        let affected: BTreeSet<&str> = if full {
            BTreeSet::new()
        } else {
            // A changed directory (renamed, or events lost) reaches every file under it.
            let reached = |source: &PathBuf| self.pending.iter().any(|p| source.starts_with(p));
            self.files
                .iter()
                .filter(|(_, file)| file.sources.iter().any(reached))
                .map(|(path, _)| path.as_str())
                .collect()
        };
        let wanted = |path: &str| full || affected.contains(path) || !self.files.contains_key(path);
        let rendered = site
            .routes
            .iter()
            .filter(|r| wanted(&r.output_file()))
            .count();
        let render_started = Instant::now();
        let rendered_routes = site.render_paths(&wanted);
        let outputs = match site.settle(problems, rendered_routes) {
            Ok(outputs) => outputs,
            Err(error) => return Outcome::Failed(error.into_diagnostics()),
        };
        let warnings = std::mem::take(&mut site.warnings);
        let render_time = render_started.elapsed();

        self.generation += 1;
        let changed = self.merge(outputs, full);
        let mut pages_per_lang = BTreeMap::new();
        for route in &site.routes {
            *pages_per_lang.entry(route.lang).or_insert(0) += 1;
        }
        self.shape = Some(shape);
        self.default_language = site.config.default_language;
        Outcome::Rebuilt(Rebuilt {
            generation: self.generation,
            changed,
            rendered,
            pages: site.routes.len(),
            pages_per_lang,
            full,
            inputs: std::mem::take(&mut self.pending).into_iter().collect(),
            load_time,
            render_time,
            warnings,
        })
    }

    /// Puts freshly rendered files in place; a full render also drops the files it no
    /// longer makes. Returns the paths whose bytes changed.
    fn merge(&mut self, outputs: Vec<OutputFile>, full: bool) -> Vec<String> {
        let mut changed = Vec::new();
        let made: BTreeSet<String> = if full {
            outputs.iter().map(|f| f.path.clone()).collect()
        } else {
            BTreeSet::new()
        };
        if full {
            self.files.retain(|path, _| {
                let keep = made.contains(path);
                if !keep {
                    changed.push(path.clone());
                }
                keep
            });
        }
        for file in outputs {
            let same = self
                .files
                .get(&file.path)
                .is_some_and(|old| old.bytes == file.bytes);
            let changed_at = if same {
                self.files[&file.path].changed_at
            } else {
                changed.push(file.path.clone());
                self.generation
            };
            self.files.insert(
                file.path,
                PreviewFile {
                    bytes: file.bytes,
                    sources: file.sources,
                    changed_at,
                },
            );
        }
        changed.sort();
        changed
    }
}
