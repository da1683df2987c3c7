//! Incremental rebuilds for the preview: the last good version of every output file is kept
//! in memory, and a change reloads the site model but re-renders only the files whose
//! recorded sources include a changed file. The model reload reads again only the pages
//! whose file changed. An edit that changes only page bodies (the front matter as it was)
//! does not even reload the model: a body shows on its own page alone (and in the annual
//! report, for the pages it takes chapters from), so the last site is kept, the edited
//! pages are read, checked and rendered again, and nothing else.
//!
//! Each page records the input files it was made from ([`OutputFile::sources`]): its
//! Markdown and that of its translations, the data files of its kind, its templates, the UI
//! strings and the config. What a page shows of *other* pages (their URLs and titles, the
//! menu, the theme's hashed asset names) is the site's [`Shape`]: an edit that changes it (a
//! title, a slug, a new page, a stylesheet) re-renders every page. Files that are not pages
//! (sitemap, feeds, open data, assets, the root chooser) record their sources too.

use crate::content::{self, DATA_DIR, PageCache, PageSource, Stamp};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::pages::RouteKind;
use crate::render::{OutputFile, Sink, social};
use crate::{BuildOptions, Site, validate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
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

/// Keeps the rendered files in memory, and takes the files the preview holds already
/// when their name says they are the same (an image's variants): they are not encoded
/// again at each rebuild. It also keeps the social card of each page rendered, which the
/// preview draws when it is asked for.
struct Remembered<'a> {
    files: &'a BTreeMap<String, PreviewFile>,
    cards: Mutex<Vec<(String, Option<social::Card>)>>,
}

impl<'a> Remembered<'a> {
    fn new(files: &'a BTreeMap<String, PreviewFile>) -> Remembered<'a> {
        Remembered {
            files,
            cards: Mutex::default(),
        }
    }

    /// The card of each page rendered, by the page's output path.
    fn into_cards(self) -> Vec<(String, Option<social::Card>)> {
        self.cards.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Remembered<'_> {
    type Kept = OutputFile;
    fn put(&self, file: OutputFile) -> crate::diagnostic::Result<OutputFile> {
        Ok(file)
    }
    fn page_card(&self, path: &str, card: Option<&social::Card>) {
        let mut cards = self.cards.lock().unwrap_or_else(|e| e.into_inner());
        cards.push((path.to_string(), card.cloned()));
    }
    fn reuse(&self, path: &str) -> Option<crate::diagnostic::Result<OutputFile>> {
        let file = self.files.get(path)?;
        Some(Ok(OutputFile {
            path: path.to_string(),
            bytes: file.bytes.clone(),
            sources: file.sources.clone(),
        }))
    }
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
    /// The former addresses of pages: a full render drops the redirect pages of aliases
    /// taken away.
    redirects: Vec<crate::pages::redirects::Redirect>,
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
            redirects: site.redirects.clone(),
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
    /// The pages read so far: a model reload reads again only the files that changed.
    cache: PageCache,
    /// The site of the last good rebuild.
    last: Option<LastGood>,
    /// The social card of each page served, by the page's output path: made again for the
    /// pages a rebuild renders (what a card shows, a page's title or its template, reaches
    /// its page), drawn only when the browser asks for it.
    cards: BTreeMap<String, social::Card>,
}

/// The site of the last good rebuild, with what its load found (its `findings`): an edit
/// of bodies alone checks the bodies again and keeps the rest.
struct LastGood {
    site: Site,
}

/// A page read again whose front matter is as it was: index in the site's pages, the new
/// version and the stamp of its file.
type BodyEdit = (usize, Arc<PageSource>, Stamp);

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
            cache: PageCache::default(),
            last: None,
            cards: BTreeMap::new(),
        }
    }

    /// The files of the last good rebuild, by output path.
    pub fn files(&self) -> &BTreeMap<String, PreviewFile> {
        &self.files
    }

    /// The language of each page of the last good rebuild, by output path.
    pub fn page_languages(&self) -> BTreeMap<String, Lang> {
        let Some(last) = &self.last else {
            return BTreeMap::new();
        };
        let routes = last.site.routes.iter().map(|r| (r.output_file(), r.lang));
        let redirects = last
            .site
            .redirects
            .iter()
            .map(|r| (r.output_file(), r.lang));
        routes.chain(redirects).collect()
    }

    /// The pages the search index holds, by language and output path, in the order a
    /// build indexes them; none when the site has no search.
    pub fn searched_pages(&self) -> Vec<(Lang, String)> {
        let Some(last) = &self.last else {
            return Vec::new();
        };
        if !last.site.config.search {
            return Vec::new();
        }
        let mut pages: Vec<(Lang, String)> = last
            .site
            .routes
            .iter()
            .filter(|r| crate::render::search::indexed(&r.kind))
            .map(|r| (r.lang, r.output_file()))
            .collect();
        pages.sort_by(|a, b| a.1.cmp(&b.1));
        pages
    }

    /// The social cards of the pages served, to draw when asked for.
    pub fn social_cards(&self) -> social::Cards {
        let Some(last) = &self.last else {
            return social::Cards::default();
        };
        social::Cards {
            fonts: last.site.theme.fonts.clone(),
            svg: self
                .cards
                .values()
                .map(|card| (card.path.clone(), card.svg.clone()))
                .collect(),
        }
    }

    /// Takes in the cards of the pages a render made (all of them when `full`, which also
    /// forgets those of pages gone).
    fn take_cards(&mut self, made: Vec<(String, Option<social::Card>)>, full: bool) {
        if full {
            self.cards.clear();
        }
        for (path, card) in made {
            match card {
                Some(card) => self.cards.insert(path, card),
                None => self.cards.remove(&path),
            };
        }
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
        if let Some(edits) = self.body_edits()
            && let Some(last) = self.last.take()
        {
            return self.rebuild_bodies(last, edits, started);
        }
        // As `build` does: problems between valid files do not stop the render, so the
        // overlay lists them with the broken links that rendering finds.
        self.cache.forget(&self.pending);
        let site = match Site::load_cached(&self.options, Some(&mut self.cache)) {
            Ok(site) => site,
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
        let rendered = (site.routes.iter())
            .filter(|r| wanted(&r.output_file()))
            .count();
        let render_started = Instant::now();
        let sink = Remembered::new(&self.files);
        let rendered_files = site.render_paths_into(&wanted, &sink);
        let cards = sink.into_cards();
        let (outputs, warnings) = match site.settle(rendered_files) {
            Ok(settled) => settled,
            Err(error) => return Outcome::Failed(error.into_diagnostics()),
        };
        let render_time = render_started.elapsed();

        self.generation += 1;
        let changed = self.merge(outputs, full);
        self.take_cards(cards, full);
        self.shape = Some(shape);
        self.default_language = site.config.default_language;
        let rebuilt = self.rebuilt(&site, changed, rendered, full, warnings);
        self.last = Some(LastGood { site });
        Outcome::Rebuilt(Rebuilt {
            load_time,
            render_time,
            ..rebuilt
        })
    }

    /// The pending changes as edits of page bodies alone, if that is all they are: each an
    /// existing page of the last good site, read again without a problem, with the same
    /// front matter. `None` for anything else (a new or removed file, a directory, data,
    /// templates, UI strings, the config, a title or a date changed), which reloads the model.
    fn body_edits(&self) -> Option<Vec<BodyEdit>> {
        let site = &self.last.as_ref()?.site;
        if self.pending.is_empty() {
            return None;
        }
        let mut edits = Vec::new();
        for path in &self.pending {
            if path.extension().is_none_or(|e| e != "md") || path.starts_with(DATA_DIR) {
                return None;
            }
            let index = site.pages.iter().position(|p| p.path == *path)?;
            let stamp = Stamp::of(&site.root.join(path))?;
            let mut found = Diagnostics::default();
            let page = content::load_page(&site.root, path, &site.config.languages, &mut found);
            if !found.into_vec().is_empty() {
                return None;
            }
            let page = page?;
            if page.front != site.pages[index].front {
                return None;
            }
            edits.push((index, Arc::new(page), stamp));
        }
        Some(edits)
    }

    /// Puts the edited bodies in the last good site, checks the bodies again and renders
    /// the edited pages alone: what other pages show of them is in their front matter.
    fn rebuild_bodies(
        &mut self,
        mut last: LastGood,
        edits: Vec<BodyEdit>,
        started: Instant,
    ) -> Outcome {
        let site = &mut last.site;
        let mut edited = BTreeSet::new();
        for (index, page, stamp) in edits {
            self.cache.insert(stamp, page.clone());
            site.pages[index] = page;
            edited.insert(index);
        }
        site.findings.bodies = validate::page_bodies(&site.pages);
        // A source's body changed: its translations may now lag.
        let source = site.config.default_language;
        (site.findings.bodies).extend(crate::translations::page_findings(&site.pages, source));
        let load_time = started.elapsed();
        let render_started = Instant::now();
        let edited_paths: BTreeSet<&PathBuf> =
            edited.iter().map(|&i| &site.pages[i].path).collect();
        let wanted: BTreeSet<String> = site
            .routes
            .iter()
            .filter(|r| {
                r.kind.page().is_some_and(|i| edited.contains(&i))
                        // The annual report shows the bodies of a few pages (history,
                        // taxonomy, terms): those its last rendering recorded as sources.
                        || (r.kind.info().shows_pages
                            && self.files.get(&r.output_file()).is_some_and(|f| {
                                f.sources.iter().any(|source| edited_paths.contains(source))
                            }))
            })
            .map(|r| r.output_file())
            .collect();
        let sink = Remembered::new(&self.files);
        let rendered_files = site.render_paths_into(&|path| wanted.contains(path), &sink);
        let cards = sink.into_cards();
        let settled = site.settle(rendered_files);
        let render_time = render_started.elapsed();
        // Failed or not, the site now holds the pages as they are on disk; the edits stay
        // pending until a rebuild succeeds.
        let outcome = match settled {
            Ok((outputs, warnings)) => {
                self.generation += 1;
                let changed = self.merge(outputs, false);
                self.take_cards(cards, false);
                let rebuilt = self.rebuilt(&last.site, changed, wanted.len(), false, warnings);
                Outcome::Rebuilt(Rebuilt {
                    load_time,
                    render_time,
                    ..rebuilt
                })
            }
            Err(error) => Outcome::Failed(error.into_diagnostics()),
        };
        self.last = Some(last);
        outcome
    }

    /// The report of a successful rebuild (its timings left at zero); takes in the pending
    /// inputs.
    fn rebuilt(
        &mut self,
        site: &Site,
        changed: Vec<String>,
        rendered: usize,
        full: bool,
        warnings: Vec<Diagnostic>,
    ) -> Rebuilt {
        let mut pages_per_lang = BTreeMap::new();
        for route in &site.routes {
            *pages_per_lang.entry(route.lang).or_insert(0) += 1;
        }
        Rebuilt {
            generation: self.generation,
            changed,
            rendered,
            pages: site.routes.len(),
            pages_per_lang,
            full,
            inputs: std::mem::take(&mut self.pending).into_iter().collect(),
            load_time: Duration::ZERO,
            render_time: Duration::ZERO,
            warnings,
        }
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
