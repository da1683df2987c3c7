//! The site as a build sees it once loaded: the config, the pages, the data, the UI strings
//! and the theme, validated, with their routes and figures derived ([`Site::load`]), and
//! the problems found on the way ([`Findings`]).

use crate::config::Config;
use crate::content::data::Data;
use crate::content::{self, PageCache, PageSource};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::i18n::I18n;
use crate::lang::Lang;
use crate::model::Figures;
use crate::pages::{self, Route};
use crate::render::templates::{FunctionContext, LinkedAsset, Theme};
use crate::urls::BaseUrl;
use crate::{markdown, render, translations, validate};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

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
    /// Builds no search index, whatever the config says (`build --no-search`).
    pub no_search: bool,
    /// Draws no social card, whatever the config says (`build --no-social-cards`).
    pub no_social_cards: bool,
}

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
    /// The files of `content/` that are not pages, and the images the texts show.
    pub media: render::media::Media,
    pub routes: Vec<Route>,
    /// The former addresses of pages, each written as a page that sends on to its page.
    pub redirects: Vec<pages::redirects::Redirect>,
    route_index: BTreeMap<(String, Lang), usize>,
    /// The pages with `menu: true`: every page shows the menu, so it is not searched for
    /// among all pages each time.
    pub(crate) menu_pages: Vec<usize>,
    /// Every address of the site, to check links written as paths: made on first use,
    /// since most texts link with `@/`.
    addresses: std::sync::OnceLock<BTreeMap<String, Option<usize>>>,
    /// What the load found that did not stop it.
    pub findings: Findings,
}

/// The problems a load found that did not stop it, kept apart by origin: after an edit that
/// changed only page bodies, the preview checks the bodies again and keeps the rest. Build,
/// check, serve and report all read them here, and [`Site::settle`] joins them with what a
/// render found.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Warnings of the files that loaded (a page in one language only, …).
    pub warnings: Vec<Diagnostic>,
    /// Problems between valid files: ids, translations, URLs, data.
    pub between: Vec<Diagnostic>,
    /// What the checks of page bodies found (code fences, anchors, alt texts).
    pub bodies: Vec<Diagnostic>,
}

impl Findings {
    /// Every problem, in the order they were found.
    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.warnings
            .iter()
            .chain(&self.between)
            .chain(&self.bodies)
    }

    pub fn has_errors(&self) -> bool {
        self.all().any(Diagnostic::is_error)
    }
}

impl Site {
    /// Loads, validates and derives everything; reports every problem found in one go.
    /// The site's findings are then warnings only.
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let mut site = Self::load_for_check(options)?;
        let warnings = site.settle::<()>(Ok(Vec::new()))?.1;
        site.findings = Findings {
            warnings,
            ..Findings::default()
        };
        Ok(site)
    }

    /// Joins the site's findings with what a render found: the rendered files and the
    /// warnings when none of them is an error, else every problem together.
    pub fn settle<T>(&self, rendered: Result<Vec<T>>) -> Result<(Vec<T>, Vec<Diagnostic>)> {
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(self.findings.all().cloned());
        let files = match rendered {
            Ok(files) => files,
            Err(Error::Content(found)) => {
                diagnostics.extend(found);
                Vec::new()
            }
            Err(io) => return Err(io),
        };
        // A failed render left its errors in `diagnostics`: `finish` returns them.
        let warnings = diagnostics.finish()?;
        Ok((files, warnings))
    }

    /// Loads as far as the content allows. Errors that leave nothing to build on (config,
    /// syntax, types, templates) stop it; errors between valid files (an unknown id, a
    /// missing translation, a duplicate URL) are kept in the site's findings, so that
    /// `check` can go on to render and report every problem of the project in one run.
    pub fn load_for_check(options: &BuildOptions) -> Result<Site> {
        Self::load_cached(options, None)
    }

    /// [`Site::load_for_check`], reading only the pages whose file changed since `cache`
    /// last saw it.
    pub fn load_cached(options: &BuildOptions, cache: Option<&mut PageCache>) -> Result<Site> {
        let root = options.root.clone();
        let (config_path, mut config) = Config::load(&root)?;
        if let Some(base_url) = &options.base_url {
            BaseUrl::parse(base_url).map_err(|m| Diagnostic::error("--base-url", m))?;
            config.base_url = base_url.clone();
        }
        config.search &= !options.no_search;
        config.social_cards &= !options.no_social_cards;
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
        diagnostics.extend(i18n.warnings.iter().cloned());
        let mut problems = Diagnostics::default();
        problems.extend(validate::data(&data, &data_sources, &i18n, &langs).into_vec());
        if pages_loaded {
            problems.extend(validate::homes(&root, &pages, &langs));
        }
        problems.extend(validate::translations(&pages, &langs));
        let source = config.default_language;
        match translations::DataMarks::load(&root) {
            Ok(marks) => {
                problems.extend(translations::data_findings(&marks, &data_sources, source))
            }
            Err(error) => problems.extend(error.into_diagnostics()),
        }
        let mut body_problems = validate::page_bodies(&pages);
        body_problems.extend(translations::page_findings(&pages, source));
        let routes = pages::build(&config, &pages, &data, &mut problems);
        let redirects =
            pages::redirects::build(&pages, &data, &data_sources, &routes, &mut problems);
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
            routes: route_urls,
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
        let media = render::media::Media::load(&root, base.clone());
        let menu_pages = (0..pages.len()).filter(|&i| pages[i].front.menu).collect();
        Ok(Site {
            root,
            config_path,
            config,
            base,
            pages,
            data,
            figures,
            i18n,
            theme,
            media,
            routes,
            redirects,
            route_index,
            menu_pages,
            addresses: Default::default(),
            findings: Findings {
                warnings,
                between: problems.into_vec(),
                bodies: body_problems,
            },
        })
    }

    /// The route of a page key in a language.
    pub fn route(&self, key: &str, lang: Lang) -> Option<&Route> {
        self.route_index
            .get(&(key.to_string(), lang))
            .map(|&i| &self.routes[i])
    }

    /// Every address of the site, each with its route when it is a page: what a link
    /// written as a path may name. The files that are not pages are those of
    /// `render::extra_files`.
    pub(crate) fn addresses(&self) -> &BTreeMap<String, Option<usize>> {
        self.addresses.get_or_init(|| {
            let mut addresses: BTreeMap<String, Option<usize>> = self
                .routes
                .iter()
                .enumerate()
                .map(|(i, route)| (route.site_path.clone(), Some(i)))
                .collect();
            let files = ["", "index.html", "404.html", "sitemap.xml", "robots.txt"]
                .into_iter()
                .map(String::from)
                .chain(
                    self.config
                        .languages_in_order()
                        .into_iter()
                        .map(crate::urls::feed_path),
                )
                .chain(
                    render::open_data::published_names(&self.data)
                        .into_iter()
                        .map(|name| format!("{}/{name}", crate::urls::OPEN_DATA_DIR)),
                )
                .chain(self.theme.assets.values().map(|a| a.site_path.clone()));
            for file in files {
                addresses.entry(file).or_insert(None);
            }
            addresses
        })
    }

    /// What an internal link target that names no page in `lang` probably meant.
    pub(crate) fn no_such_page(&self, target: &str, lang: Lang) -> markdown::NoSuchPage {
        let known = self.routes.iter().filter(|r| r.lang == lang);
        markdown::NoSuchPage::among(target, known.map(|r| r.key.as_str()))
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
        self.render_paths_into(wanted, &render::InMemory)
    }

    /// [`Site::render_paths`] into `sink`.
    pub fn render_paths_into<S: render::Sink>(
        &self,
        wanted: &(dyn Fn(&str) -> bool + Sync),
        sink: &S,
    ) -> Result<Vec<S::Kept>> {
        render::render_selected(self, wanted, sink)
    }

    /// The output directory: `--out` as given, else the config's, under the root.
    pub fn output_dir(&self, options: &BuildOptions) -> PathBuf {
        options
            .out
            .clone()
            .unwrap_or_else(|| self.root.join(&self.config.output_dir))
    }
}
