//! Passerelle: the static site generator of the Council of Europe's Digital Partnership
//! publication, in French and English.
//!
//! A build flows one way: **load** (`content`, `config`, `i18n`, the theme) → **validate**
//! (`validate`) → **derive** (`model`) → **render** (`render`, `markdown`) → **write**
//! (`output`). [`Site::load`] does the first three; [`Site::render`] and [`build`] the rest.

pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod ftl;
pub mod i18n;
pub mod lang;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pages;
pub mod render;
pub mod report;
pub mod serve;
pub mod urls;
pub mod validate;

use config::Config;
use content::data::Data;
use content::{PageCache, PageSource};
use diagnostic::{Diagnostic, Diagnostics, Error, Result};
use i18n::I18n;
use lang::Lang;
use model::Figures;
use pages::Route;
use render::templates::{FunctionContext, LinkedAsset, Theme};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use urls::BaseUrl;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The project root (where config.yaml is).
    pub root: PathBuf,
    /// Overrides the config's output directory; relative to the current directory.
    pub out: Option<PathBuf>,
    /// Overrides the config's base URL.
    pub base_url: Option<String>,
    /// Builds pages marked `draft: true` too.
    pub drafts: bool,
    /// Lets a build remove more than half of the pages of the previous output.
    pub allow_shrink: bool,
}

type Resolver = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// A loaded and validated site, ready to render.
pub struct Site {
    pub root: PathBuf,
    pub config_path: PathBuf,
    pub config: Config,
    pub base: BaseUrl,
    pub pages: Vec<Arc<PageSource>>,
    pub data: Data,
    pub figures: Figures,
    pub i18n: Arc<I18n>,
    pub theme: Theme,
    pub routes: Vec<Route>,
    route_index: BTreeMap<(String, Lang), usize>,
    /// The pages with `menu: true`: every page shows the menu, so it is not searched for
    /// among all pages each time.
    menu_pages: Vec<usize>,
    /// Internal link resolvers for fr and en (index = `Lang` order).
    resolvers: [Resolver; 2],
    /// Problems that did not stop the load.
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Loads, validates and derives everything; reports every problem found in one go.
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let (mut site, problems) = Self::load_for_check(options)?;
        site.settle::<()>(problems, Ok(Vec::new()))?;
        Ok(site)
    }

    /// Joins the problems [`Site::load_for_check`] set aside with what a render found:
    /// the rendered files when none of them is an error, else every problem together.
    /// Warnings stay in `self.warnings`.
    pub fn settle<T>(
        &mut self,
        problems: Vec<Diagnostic>,
        rendered: Result<Vec<T>>,
    ) -> Result<Vec<T>> {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.warnings.drain(..).chain(problems));
        let files = match rendered {
            Ok(files) => files,
            Err(Error::Content(found)) => {
                diagnostics.extend(found);
                Vec::new()
            }
            Err(io) => return Err(io),
        };
        // A failed render left its errors in `diagnostics`: `finish` returns them.
        self.warnings = diagnostics.finish()?;
        Ok(files)
    }

    /// Loads as far as the content allows. Errors that leave nothing to build on (config,
    /// syntax, types, templates) stop it; errors between valid files (an unknown id, a
    /// missing translation, a duplicate URL) are returned beside the site, so that
    /// `check` can go on to render and report every problem of the project in one run.
    pub fn load_for_check(options: &BuildOptions) -> Result<(Site, Vec<Diagnostic>)> {
        let loaded = Self::load_cached(options, None)?;
        let mut problems = loaded.problems;
        problems.extend(loaded.body_problems);
        Ok((loaded.site, problems))
    }

    /// [`Site::load_for_check`], with the problems it sets aside kept apart by origin, and
    /// reading only the pages whose file changed since `cache` last saw it.
    pub fn load_cached(options: &BuildOptions, cache: Option<&mut PageCache>) -> Result<Loaded> {
        let root = options.root.clone();
        let (config_path, mut config) = Config::load(&root)?;
        if let Some(base_url) = &options.base_url {
            BaseUrl::parse(base_url).map_err(|m| Diagnostic::error("--base-url", m))?;
            config.base_url = base_url.clone();
        }
        let base =
            BaseUrl::parse(&config.base_url).map_err(|m| Diagnostic::error(&config_path, m))?;
        let langs = config.languages.clone();

        // The four sources load at once; their problems are taken in a fixed order.
        let ((i18n, pages), (loaded, theme)) = rayon::join(
            || {
                rayon::join(
                    || I18n::load(&root, &langs),
                    || content::load_pages(&root, &langs, options.drafts, cache),
                )
            },
            || {
                rayon::join(
                    || content::load_data(&root),
                    || Theme::load(&root, &config.theme),
                )
            },
        );
        let mut diagnostics = Diagnostics::default();
        let i18n = diagnostics.take(i18n);
        // Pages that did not all load say nothing of what the content folder holds.
        let pages_loaded = pages.is_ok();
        let pages = diagnostics.take(pages).unwrap_or_default();
        let loaded = diagnostics.take(loaded);
        let theme = diagnostics.take(theme);
        let (Some(i18n), Some((data, data_sources)), Some(mut theme)) = (i18n, loaded, theme)
        else {
            return Err(diagnostics
                .finish()
                .err()
                .unwrap_or_else(|| Diagnostic::error(&root, "load failed").into()));
        };
        let mut problems = Diagnostics::default();
        problems.extend(validate::data(&data, &data_sources, &i18n, &langs).into_vec());
        if pages_loaded {
            problems.extend(validate::homes(&root, &pages, &langs));
        }
        problems.extend(validate::translations(&pages, &langs));
        let mut body_problems = validate::page_bodies(&pages);
        let routes = pages::build(&config, &pages, &data, &mut problems);
        if diagnostics.has_errors() {
            // A page that did not load: report it with everything else found so far.
            diagnostics.extend(std::mem::take(&mut problems).into_vec());
            diagnostics.extend(std::mem::take(&mut body_problems));
        }
        let warnings = diagnostics.finish()?;

        let route_index: BTreeMap<(String, Lang), usize> = routes
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.key.clone(), r.lang), i))
            .collect();
        let route_urls: BTreeMap<(String, Lang), String> = routes
            .iter()
            .map(|r| ((r.key.clone(), r.lang), base.path(&r.site_path)))
            .collect();
        let route_urls = Arc::new(route_urls);
        let resolver = |lang: Lang| -> Resolver {
            let urls = route_urls.clone();
            Box::new(move |target: &str| {
                let key = markdown::link_key(target);
                urls.get(&(key.to_string(), lang)).cloned()
            })
        };
        let resolvers = [resolver(Lang::Fr), resolver(Lang::En)];
        let i18n = Arc::new(i18n);
        theme.compile(Arc::new(FunctionContext {
            i18n: i18n.clone(),
            assets: theme
                .assets
                .iter()
                .map(|(name, asset)| {
                    let url = base.path(&asset.site_path);
                    let asset = asset.clone();
                    (name.clone(), LinkedAsset { url, asset })
                })
                .collect(),
            routes: (*route_urls).clone(),
        }))?;
        let mut missing = Diagnostics::default();
        for route in &routes {
            if !theme.tera.contains_template(&route.template) {
                let message = format!(
                    "template `{}` not found in {}",
                    route.template,
                    theme.dir.join("templates").display()
                );
                missing.push(match route.kind.page() {
                    Some(i) => pages[i].error_at_key("template", message),
                    None => Diagnostic::error(&route.source, message),
                });
            }
        }
        missing.finish()?;
        let figures = Figures::compute(&data);
        let menu_pages = (0..pages.len()).filter(|&i| pages[i].front.menu).collect();
        let site = Site {
            root,
            config_path,
            config,
            base,
            pages,
            data,
            figures,
            i18n,
            theme,
            routes,
            route_index,
            menu_pages,
            resolvers,
            warnings,
        };
        Ok(Loaded {
            site,
            problems: problems.into_vec(),
            body_problems,
        })
    }

    /// The route of a page key in a language.
    pub fn route(&self, key: &str, lang: Lang) -> Option<&Route> {
        self.route_index
            .get(&(key.to_string(), lang))
            .map(|&i| &self.routes[i])
    }

    /// The URL of the page `key` in `lang`, if that page exists.
    pub fn url(&self, key: &str, lang: Lang) -> Option<String> {
        self.route(key, lang).map(|r| self.base.path(&r.site_path))
    }

    /// The template files a template reads.
    pub fn template_sources(&self, template: &str) -> BTreeSet<PathBuf> {
        self.theme
            .template_files
            .get(template)
            .cloned()
            .unwrap_or_default()
    }

    /// Renders every output file in memory.
    pub fn render(&self) -> Result<Vec<render::OutputFile>> {
        render::render_site(self, &render::InMemory)
    }

    /// Renders every output file into `sink` (written to disk as they come, kept, or
    /// dropped).
    pub fn render_into<S: render::Sink>(&self, sink: &S) -> Result<Vec<S::Kept>> {
        render::render_site(self, sink)
    }

    /// Renders in memory only the output files whose path `wanted` keeps: the preview
    /// server's incremental rebuild.
    pub fn render_paths(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Vec<render::OutputFile>> {
        render::render_selected(self, wanted, &render::InMemory)
    }

    /// The output directory: `--out` as given, else the config's, under the root.
    pub fn output_dir(&self, options: &BuildOptions) -> PathBuf {
        options
            .out
            .clone()
            .unwrap_or_else(|| self.root.join(&self.config.output_dir))
    }
}

/// A site as [`Site::load_cached`] leaves it, with the problems that did not stop the load
/// kept apart by origin: after an edit that changed only page bodies, the preview checks
/// the bodies again and keeps the rest.
pub struct Loaded {
    pub site: Site,
    /// Problems between valid files: ids, translations, URLs, data.
    pub problems: Vec<Diagnostic>,
    /// What the checks of page bodies found (code fences, anchors, alt texts).
    pub body_problems: Vec<Diagnostic>,
}

/// Which output files each input file feeds: what the preview server re-renders on a change.
pub fn dependency_map(files: &[render::OutputFile]) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let mut map: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        for source in &file.sources {
            map.entry(source.clone())
                .or_default()
                .insert(file.path.clone());
        }
    }
    map
}

/// The outcome of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub pages_per_lang: BTreeMap<Lang, usize>,
    pub files: usize,
    /// Every file written (over a previous build: the files that changed), relative to the
    /// output directory, in order.
    pub written: Vec<String>,
    /// Files of the previous build that this one no longer makes, now deleted.
    pub removed: Vec<String>,
    /// How long each phase took: load (and validate), render, write.
    pub phases: Vec<(&'static str, std::time::Duration)>,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, renders and writes the site; the previous output stays whole if anything fails.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let clock = std::time::Instant::now();
    // Problems between valid files do not stop the render, so that one run reports them
    // with the broken links and template errors that only rendering finds.
    let (mut site, problems) = Site::load_for_check(options)?;
    let out = site.output_dir(options);
    output::check_output_dir(&site.root, &out)?;
    let loaded = clock.elapsed();
    // Each page is written into the staging directory as soon as it is rendered, so the site
    // is never whole in memory; the output is replaced only if the build succeeds. A load
    // that found errors fails the build whatever the render finds: it renders for the
    // problems it reports, writing nothing.
    let failed = problems.iter().any(Diagnostic::is_error);
    let staging = if failed {
        None
    } else {
        Some(output::Staging::new(&out, &site.config.keep_in_output)?)
    };
    let rendered = match &staging {
        Some(staging) => site.render_into(staging),
        None => site.render_into(&render::Discard).map(|_| Vec::new()),
    };
    let produced = site.settle(problems, rendered)?;
    if let Some(staging) = &staging
        && !options.allow_shrink
    {
        // A content folder moved, emptied or half-deleted by mistake must not take the
        // published site down with it (a deploy by `rsync --delete` would follow).
        let mut refusals =
            validate::lost_data_files(&site.root, &site.config, staging.previous_pages());
        let (removed, published) = staging.pages_removed(&produced);
        if removed * 2 > published {
            refusals.push(
                Diagnostic::error(
                    &out,
                    format!(
                        "this build would remove {removed} of the {published} pages published here"
                    ),
                )
                .with_help("if that is meant, build again with --allow-shrink"),
            );
        }
        if !refusals.is_empty() {
            return Err(Error::Content(refusals));
        }
    }
    let rendered = clock.elapsed();
    let committed = match staging {
        Some(staging) => staging.commit(&produced)?,
        None => output::Committed::default(),
    };
    let phases = vec![
        ("load", loaded),
        ("render and write", rendered - loaded),
        ("commit", clock.elapsed() - rendered),
    ];
    let mut pages_per_lang = BTreeMap::new();
    for route in &site.routes {
        *pages_per_lang.entry(route.lang).or_insert(0) += 1;
    }
    let mut warnings = site.warnings;
    warnings.extend(committed.warnings);
    Ok(BuildReport {
        output_dir: out,
        pages_per_lang,
        files: produced.len(),
        written: committed.written,
        removed: committed.removed,
        phases,
        warnings,
    })
}
