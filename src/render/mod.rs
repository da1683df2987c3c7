//! Render: turns the loaded site into the bytes of every output file. Each route gets a view
//! struct made for its template; rendering runs in parallel on rayon with one shared Tera
//! instance and one set of Fluent bundles.

pub mod assets;
pub mod indexes;
pub mod media;
pub mod open_data;
pub mod raster;
pub mod search;
pub mod social;
pub mod templates;
pub mod watchdog;

use crate::Site;
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::pages::{self, Route, View};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// The text of escaped HTML or XML: what [`escape`], plotters and pulldown-cmark write.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Escapes text for HTML or XML content and quoted attribute values (`&#39;` rather than
/// `&apos;`, which HTML 4 lacks).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output directory, `/`-separated.
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
    /// The input files it was made from (content, data, templates, UI strings).
    pub sources: BTreeSet<PathBuf>,
}

/// Where rendered files go as they are made: kept in memory (the preview, `check`, tests) or
/// written at once into a build's staging directory ([`crate::output::Staging`]), so that a
/// large site is never whole in memory.
pub trait Sink: Sync {
    /// What the render gives back for each file, in path order.
    type Kept: Send;
    /// Whether files must list their sources (the preview's dependencies); a sink that only
    /// writes bytes spares the render gathering them.
    fn wants_sources(&self) -> bool {
        true
    }
    fn put(&self, file: OutputFile) -> Result<Self::Kept>;
    /// Takes the file `path` as the previous output holds it, if it does, instead of
    /// making it: for files whose name says what their bytes are made from (the variants
    /// of an image carry the hash of its file and the width), which are costly to make.
    fn reuse(&self, _path: &str) -> Option<Result<Self::Kept>> {
        None
    }
    /// The previous output's files under `folder` (`pagefind/`), which [`Sink::reuse`]
    /// can take over; none where there is no previous output.
    fn previous_files(&self, _folder: &str) -> Vec<String> {
        Vec::new()
    }
    /// The bytes of one file of the previous output.
    fn previous_bytes(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    /// Whether the sink keeps the bytes it is given: a sink that does not (`check`) is
    /// spared the images' encoding (they are decoded all the same, for their problems).
    fn wants_bytes(&self) -> bool {
        true
    }
    /// Whether the render makes the search index too, out of the pages it renders: a
    /// build does. The preview makes its own when someone searches, from the pages it
    /// holds; a render in memory for a test or a check has no use for it.
    fn wants_search(&self) -> bool {
        false
    }
    /// Whether the render draws the pages' social cards (PNG) too: a build does. The
    /// preview draws one when it is asked for; a render in memory for a test names them in
    /// the pages and draws none, and a check reads one.
    fn wants_social_images(&self) -> bool {
        false
    }
    /// The social card of the page `path` as the render made it (none for a page without
    /// one): the preview keeps them, to draw one when it is asked for.
    fn page_card(&self, _path: &str, _card: Option<&social::Card>) {}
}

/// Keeps every file, bytes and sources, in memory.
pub struct InMemory;

impl Sink for InMemory {
    type Kept = OutputFile;
    fn put(&self, file: OutputFile) -> Result<OutputFile> {
        Ok(file)
    }
}

/// Keeps nothing: a render made only for the problems it finds (`check`, or a build that
/// already failed to load).
pub struct Discard;

impl Sink for Discard {
    type Kept = ();
    fn wants_sources(&self) -> bool {
        false
    }
    fn put(&self, _: OutputFile) -> Result<()> {
        Ok(())
    }
    fn wants_bytes(&self) -> bool {
        false
    }
}

/// Renders every route, the root language chooser, the assets and the images the pages
/// show; every error of every page is collected before giving up.
pub fn render_site<S: Sink>(site: &Site, sink: &S) -> Result<Vec<S::Kept>> {
    render_selected(site, &|_| true, sink)
}

/// Renders the output files whose path `wanted` keeps: the routes' pages and the files that
/// are not pages (the root chooser, sitemap, robots.txt, feeds, open data, assets). The
/// preview server re-renders only what an edit reaches. Each file goes to `sink` as soon
/// as it is made; what the sink keeps comes back sorted by path.
pub fn render_selected<S: Sink>(
    site: &Site,
    wanted: &(dyn Fn(&str) -> bool + Sync),
    sink: &S,
) -> Result<Vec<S::Kept>> {
    let with_sources = sink.wants_sources();
    let shared = pages::Shared::new(site);
    let watchdog = watchdog::Watchdog::start();
    let templates = site.theme.dir.join("templates");
    let search = site.config.search && sink.wants_search() && wanted(search::ENTRY);
    let searched = std::sync::Mutex::new(Vec::new());
    // A check reads one card (`social::publish`) to report what a build would.
    let draw_cards = sink.wants_social_images() || !sink.wants_bytes();
    let cards = std::sync::Mutex::new(Vec::new());
    let put = |file: OutputFile| -> Result<(String, S::Kept)> {
        let path = file.path.clone();
        Ok((path, sink.put(file)?))
    };
    // The files that are not pages (feeds, sitemap, open data, assets) are made while the
    // pages render.
    let (results, extras) = rayon::join(
        || -> Vec<Result<(String, S::Kept)>> {
            site.routes
                .par_iter()
                .filter_map(|route| {
                    let path = route.output_file();
                    wanted(&path).then(|| {
                        let template = templates.join(&route.template);
                        watchdog
                            .page(&template, &path.clone(), || {
                                render_route(site, &shared, route, path, with_sources)
                            })
                            .map_err(Error::Content)
                            .map(|(file, card)| {
                                sink.page_card(&file.path, card.as_ref());
                                if let Some(card) = card.filter(|_| draw_cards) {
                                    cards.lock().unwrap_or_else(|e| e.into_inner()).push(card);
                                }
                                file
                            })
                            .inspect(|file| {
                                if search && search::indexed(&route.kind) {
                                    let page = (route.lang, file.path.clone(), file.bytes.clone());
                                    searched
                                        .lock()
                                        .unwrap_or_else(|e| e.into_inner())
                                        .push(page);
                                }
                            })
                            .and_then(put)
                    })
                })
                .collect()
        },
        || extra_files(site, wanted),
    );
    // The images the rendered texts show, once they are all known, and the pages' social
    // cards, while the pages are indexed for search.
    let ((media, drawn), index) = rayon::join(
        || {
            rayon::join(
                || site.media.publish(sink),
                || {
                    let cards = cards.into_inner().unwrap_or_else(|e| e.into_inner());
                    social::publish(site, cards, sink)
                },
            )
        },
        || -> Vec<Result<(String, S::Kept)>> {
            if !search {
                return Vec::new();
            }
            let mut pages = searched.into_inner().unwrap_or_else(|e| e.into_inner());
            pages.sort_by(|a, b| a.1.cmp(&b.1));
            search::index_into(&pages, sink)
        },
    );
    let mut diagnostics = Diagnostics::default();
    let mut io_error = None;
    let made = results.len() + extras.len() + media.len() + drawn.len() + index.len();
    let mut kept = Vec::with_capacity(made);
    let extras = extras.into_iter().map(|file| file.and_then(put));
    let all = results.into_iter().chain(extras).chain(media).chain(drawn);
    for result in all.chain(index) {
        match result {
            Ok(file) => kept.push(file),
            Err(Error::Content(problems)) => diagnostics.extend(problems),
            Err(io) => io_error = io_error.or(Some(io)),
        }
    }
    // A UI string that failed to format went into a page as a placeholder: the render fails.
    diagnostics.extend(site.i18n.take_failures());
    // The content's problems first: they are what the author has to fix.
    diagnostics.finish()?;
    if let Some(io) = io_error {
        return Err(io);
    }
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(kept.into_iter().map(|(_, file)| file).collect())
}

/// The files of a render that are not pages: the root redirect and 404 page, sitemap,
/// robots.txt, the feeds, the open data, the theme's assets and the redirects of former
/// addresses, those `wanted`.
fn extra_files(site: &Site, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Result<OutputFile>> {
    let mut extras: Vec<Result<OutputFile>> = Vec::new();
    if wanted("index.html") {
        extras.push(render_root(site, "index.html", "root.html").map_err(Error::Content));
    }
    if wanted(crate::urls::ROOT_NOT_FOUND) {
        let page = render_root(site, crate::urls::ROOT_NOT_FOUND, "root-404.html");
        extras.push(page.map_err(Error::Content));
    }
    for redirect in &site.redirects {
        if wanted(&redirect.output_file()) {
            extras.push(render_redirect(site, redirect).map_err(Error::Content));
        }
    }
    if site.config.redirects_file && wanted(pages::redirects::REDIRECTS_FILE) {
        extras.push(Ok(indexes::redirect_rules(site)));
    }
    if wanted("sitemap.xml") {
        extras.push(Ok(indexes::sitemap(site)));
    }
    if wanted("robots.txt") {
        extras.push(Ok(indexes::robots(site)));
    }
    for lang in site.config.languages_in_order() {
        if wanted(&crate::urls::feed_path(lang)) {
            extras.push(Ok(indexes::feed(site, lang)));
        }
    }
    if open_data::paths().iter().any(|path| wanted(path)) {
        match open_data::files(site) {
            Ok(data) => extras.extend(data.into_iter().filter(|f| wanted(&f.path)).map(Ok)),
            Err(e) => extras.push(Err(e)),
        }
    }
    for asset in site.theme.assets.values() {
        if wanted(&asset.site_path) {
            extras.push(Ok(OutputFile {
                path: asset.site_path.clone(),
                bytes: asset.bytes.clone(),
                sources: BTreeSet::from([asset.source.clone()]),
            }));
        }
    }
    extras
}

/// A route's page, and its social card (which the page names; drawn once the pages are
/// rendered).
fn render_route(
    site: &Site,
    shared: &pages::Shared,
    route: &Route,
    path: String,
    with_sources: bool,
) -> Result<(OutputFile, Option<social::Card>), Vec<Diagnostic>> {
    let title = pages::title(site, route);
    let card = social::card(site, route, &title)?;
    let card_sources = || match &card {
        Some(_) => social::sources(site),
        None => BTreeSet::new(),
    };
    if let View::Standalone(document) = route.kind.info().view {
        let mut document = document(site, route)?;
        let social = social::view(site, route, &title, &document.description, card.as_ref());
        document.context.insert("social", &social);
        let html = render_document(site, &document)?;
        let mut sources = document.sources;
        if with_sources {
            sources.extend(card_sources());
        } else {
            sources.clear();
        }
        let file = OutputFile {
            path,
            bytes: Arc::new(html.into_bytes()),
            sources,
        };
        return Ok((file, card));
    }
    let (context, mut sources) = pages::context(site, shared, route, with_sources, card.as_ref())?;
    let html = render_template(site, &route.template, &context, &route.source)?;
    if with_sources {
        sources.extend(site.template_sources(&route.template));
        sources.extend(site.i18n.files.iter().cloned());
        sources.extend(card_sources());
    } else {
        sources.clear();
    }
    let file = OutputFile {
        path,
        bytes: Arc::new(html.into_bytes()),
        sources,
    };
    Ok((file, card))
}

/// A page of the site's root, in every language at once: `index.html` sends a visitor to
/// their language, with plain links for browsers without JavaScript (it is the `x-default`
/// of every page); `404.html`, which a host serves for any missing address, links to each
/// language's home. Their links are paths from the host's root, so they work from any
/// depth.
fn render_root(site: &Site, path: &str, template: &str) -> Result<OutputFile, Vec<Diagnostic>> {
    let context = pages::chrome::root_context(site);
    let config_path = site.config_path.clone();
    let html = render_template(site, template, &context, &config_path)?;
    let mut sources = site.template_sources(template);
    sources.insert(config_path);
    sources.extend(site.i18n.files.iter().cloned());
    Ok(OutputFile {
        path: path.into(),
        bytes: Arc::new(html.into_bytes()),
        sources,
    })
}

/// The page at a former address of a page, which sends the reader on to it.
fn render_redirect(
    site: &Site,
    redirect: &pages::redirects::Redirect,
) -> Result<OutputFile, Vec<Diagnostic>> {
    const TEMPLATE: &str = "redirect.html";
    // Redirects are made from routes of the same load: the page is there.
    let Some(context) = pages::redirects::context(site, redirect) else {
        return Err(vec![Diagnostic::error(
            &redirect.source,
            format!("alias /{} names no page", redirect.from),
        )]);
    };
    let html = render_template(site, TEMPLATE, &context, &redirect.source)?;
    let mut sources = site.template_sources(TEMPLATE);
    sources.insert(redirect.source.clone());
    sources.insert(site.config_path.clone());
    sources.extend(site.i18n.files.iter().cloned());
    Ok(OutputFile {
        path: redirect.output_file(),
        bytes: Arc::new(html.into_bytes()),
        sources,
    })
}

pub(crate) fn render_template(
    site: &Site,
    template: &str,
    context: &tera::Context,
    source: &std::path::Path,
) -> Result<String, Vec<Diagnostic>> {
    if !site.theme.tera.contains_template(template) {
        return Err(vec![Diagnostic::error(
            source,
            format!(
                "template `{template}` not found in {}",
                site.theme.dir.join("templates").display()
            ),
        )]);
    }
    site.theme.tera.render(template, context).map_err(|e| {
        vec![templates::template_error(
            &e,
            &site.theme.dir.join("templates"),
        )]
    })
}

/// The HTML of a standalone document (the report). A UI string that failed to format left
/// a placeholder in it: the document is not published.
pub fn render_document(site: &Site, document: &pages::Document) -> Result<String, Vec<Diagnostic>> {
    let html = render_template(
        site,
        document.template,
        &document.context,
        std::path::Path::new(crate::content::PARTNERS_FILE),
    )?;
    let failed = site.i18n.take_failures();
    if !failed.is_empty() {
        return Err(failed);
    }
    Ok(html)
}
