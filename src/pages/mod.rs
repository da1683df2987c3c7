//! Pages: every page the site publishes, in every language, with its URL, and what each
//! kind of page shows. One module per kind owns its routes, its route keys, its view (what
//! its template receives) and the facts the rest of the site needs of it ([`Kind`]): the
//! site's chrome (menu, breadcrumbs, language switcher) and the renderer read those facts
//! and never match on the kind themselves. Templates only lay out values: no figure is
//! computed, no label chosen and no URL assembled in Tera.
//!
//! Markdown pages and pages generated from data (one per partner, per activity) are routes
//! alike, so the language switcher, internal links and duplicate-URL checks treat them the
//! same.

pub mod activities;
pub mod chrome;
mod common;
pub mod conclusions;
pub mod content;
pub mod keys;
pub mod partners;
pub mod redirects;
pub mod report;
mod shortcodes;
pub mod site_index;
pub mod strategy;
pub mod toc;

use crate::Site;
use crate::config::Config;
use crate::content::PageSource;
use crate::content::data::{Data, PartialDate};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::markdown::Heading;
use crate::urls;
pub use chrome::Shared;
use fluent_bundle::FluentValue;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a route renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteKind {
    /// A Markdown page, by index into the site's pages.
    Page(usize),
    PartnerList,
    /// A partner, by index into `data.partners`.
    Partner(usize),
    ActivityList,
    /// An activity, by index into `data.activities`.
    Activity(usize),
    /// A domain of activity, by index into `data.domains`.
    Domain(usize),
    Strategy,
    Conclusions,
    /// The annual report of a year (the latest the data allow), as a page of its own.
    Report(i32),
    /// The page a host serves for a missing URL (`fr/404.html`).
    NotFound,
    /// Every page of a language, on one page.
    SiteIndex,
}

#[derive(Debug, Clone)]
pub struct Route {
    /// Shared by the language versions of one page: `pages/about`, `partners/apple`.
    pub key: String,
    pub lang: Lang,
    pub kind: RouteKind,
    /// Site path with a trailing slash: `fr/a-propos/`.
    pub site_path: String,
    pub title: String,
    pub template: String,
    /// The file this route comes from, for messages.
    pub source: PathBuf,
}

impl Route {
    /// The file this route is written to, relative to the output directory.
    pub fn output_file(&self) -> String {
        urls::output_file(&self.site_path)
    }
}

/// What the rest of the site knows of a kind of page: the one place to look when adding a
/// kind or changing one.
pub struct Kind {
    /// `page.kind` in templates (a class on `<body>`).
    pub name: &'static str,
    /// The data files its pages are made from: their dependencies, and where their "last
    /// updated" date comes from.
    pub data_files: &'static [&'static str],
    /// The UI string of its title, for pages whose route title is not the one to show
    /// (the lists, the 404, the report whose route title is its year); it gets the route's
    /// title as `$title`.
    pub title: Option<&'static str>,
    /// The list its pages belong to, for breadcrumbs: that list's route key.
    pub parent: Option<&'static str>,
    /// Its place in the main menu: weight (after the pages with `menu: true` of the same
    /// weight) and UI string.
    pub nav: Option<(i64, &'static str)>,
    /// Listed in the sitemap (the 404 page is not).
    pub in_sitemap: bool,
    /// Shows the bodies of other pages, whose edits must re-render it (the report).
    pub shows_pages: bool,
    pub view: View,
    /// What the kind adds to the language's feed: events and news of the partnership.
    pub feed: Option<fn(&Site, Lang) -> Vec<FeedEntry>>,
    /// What a shared link to its pages is (OpenGraph's `og:type`); `None` for pages nobody
    /// shares a link to, which then have neither social card nor link metadata (the 404
    /// page: a host serves it at any missing address, which is not its own).
    pub og_type: Option<OgType>,
}

/// What a shared link to a page is, for the sites and apps that show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OgType {
    /// A text of the publication (a Markdown page, the report).
    Article,
    /// The rest: lists, records, indexes, and each language's home page.
    Website,
}

/// One item of a feed: an event or a piece of news of the partnership.
pub struct FeedEntry {
    pub date: PartialDate,
    /// Unique and stable: the page's URL, with a fragment when one page has several entries.
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
}

/// What happened, newest first, from every kind of page the language has that adds to the
/// feed. Every date comes from the data, so the feed is the same from one build to the
/// next.
pub fn feed_entries(site: &Site, lang: Lang) -> Vec<FeedEntry> {
    let mut kinds = BTreeSet::new();
    let mut entries = Vec::new();
    for route in site.routes.iter().filter(|r| r.lang == lang) {
        let kind = route.kind.info();
        if let Some(feed) = kind.feed
            && kinds.insert(kind.name)
        {
            entries.extend(feed(site, lang));
        }
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    entries
}

/// The absolute URL of the page `key` in `lang`, for feeds.
fn permalink(site: &Site, key: &str, lang: Lang) -> Option<String> {
    site.route(key, lang)
        .map(|r| site.base.absolute(&r.site_path))
}

/// How a kind of page is made.
pub enum View {
    /// The site's chrome around what the function adds for the kind's template.
    Framed(fn(&Site, &Route, &mut Parts)),
    /// A document of its own, with its own template and no site chrome.
    Standalone(fn(&Site, &Route) -> Result<Document, Vec<Diagnostic>>),
}

/// A standalone document, ready for its template.
pub struct Document {
    pub template: &'static str,
    pub context: tera::Context,
    /// What search engines and shared links show of it.
    pub description: String,
    /// The input files it was made from.
    pub sources: BTreeSet<PathBuf>,
}

impl RouteKind {
    /// The facts of this kind of page.
    pub fn info(self) -> &'static Kind {
        match self {
            RouteKind::Page(_) => &content::PAGE,
            RouteKind::NotFound => &content::NOT_FOUND,
            RouteKind::PartnerList => &partners::LIST,
            RouteKind::Partner(_) => &partners::PARTNER,
            RouteKind::ActivityList => &activities::LIST,
            RouteKind::Activity(_) => &activities::ACTIVITY,
            RouteKind::Domain(_) => &activities::DOMAIN,
            RouteKind::Strategy => &strategy::KIND,
            RouteKind::Conclusions => &conclusions::KIND,
            RouteKind::Report(_) => &report::KIND,
            RouteKind::SiteIndex => &site_index::KIND,
        }
    }

    /// The Markdown page of a content route, by index into the site's pages.
    pub fn page(self) -> Option<usize> {
        match self {
            RouteKind::Page(i) => Some(i),
            _ => None,
        }
    }
}

/// What a kind's view adds to its page: values for the template, the page's text when it
/// has one, the input files it read and the problems it found.
pub struct Parts<'a> {
    cx: tera::Context,
    shared: &'a chrome::LangShared,
    description: Option<String>,
    content: Option<String>,
    headings: Vec<Heading>,
    /// The page's contents list; empty when it has none.
    toc: Vec<toc::TocEntry>,
    sources: BTreeSet<PathBuf>,
    problems: Vec<Diagnostic>,
}

impl Parts<'_> {
    /// Gives a generated page the description its kind's UI string `key` makes of `args`
    /// (`partners-description`, …): what search engines and shared links show of it.
    fn describe(&mut self, site: &Site, lang: Lang, key: &str, args: &[(&str, FluentValue)]) {
        self.description = Some(crate::i18n::Words::new(&site.i18n, lang).with(key, args));
    }
}

/// All routes, sorted by key then language; duplicate URLs (also by case) are errors.
pub fn build(
    config: &Config,
    pages: &[Arc<PageSource>],
    data: &Data,
    diagnostics: &mut Diagnostics,
) -> Vec<Route> {
    let mut routes = content::routes(pages);
    for &lang in &config.languages {
        partners::routes(config, data, lang, &mut routes);
        activities::routes(config, data, lang, &mut routes);
        strategy::routes(config, data, lang, &mut routes);
        conclusions::routes(config, data, lang, &mut routes);
        report::routes(config, data, lang, &mut routes);
        site_index::routes(config, lang, &mut routes);
        routes.push(content::not_found(lang));
    }
    routes.sort_by(|a, b| (&a.key, a.lang).cmp(&(&b.key, b.lang)));
    let mut by_path: BTreeMap<String, &Route> = BTreeMap::new();
    for route in &routes {
        if let Some(first) = by_path.insert(route.site_path.to_lowercase(), route) {
            let same_case = first.site_path == route.site_path;
            let error = |message: String| match route.kind.page() {
                Some(i) => pages[i].error_at_key("slug", message),
                None => Diagnostic::error(&route.source, message),
            };
            diagnostics.push(
                error(format!(
                    "URL /{} is also produced by {}{}",
                    route.site_path,
                    first.source.display(),
                    if same_case {
                        String::new()
                    } else {
                        format!(
                            " (as /{}: URLs differing only by case collide on many hosts)",
                            first.site_path
                        )
                    }
                ))
                .with_help("give one of the pages another slug"),
            );
        }
    }
    routes
}

/// A page's title as its heading, menus and lists show it.
pub fn title(site: &Site, route: &Route) -> String {
    common::title(site, route)
}

/// The title of the list a page belongs to (the partners' list for a partner), if its kind
/// has one: what its breadcrumbs show before it.
pub fn section_title(site: &Site, route: &Route) -> Option<String> {
    let key = route.kind.info().parent?;
    site.route(key, route.lang)
        .map(|list| common::title(site, list))
}

/// A route made from data: its URL is the language's `segments`.
fn generated(
    key: &str,
    lang: Lang,
    kind: RouteKind,
    segments: &[&str],
    title: String,
    template: &str,
    source: &str,
) -> Route {
    Route {
        key: key.to_string(),
        lang,
        kind,
        site_path: urls::page_path(lang, segments),
        title,
        template: template.into(),
        source: source.into(),
    }
}

/// When a page was last brought up to date: a content page's own `updated:`, a generated
/// page's newest `updated:` among the data files it is made from.
pub fn updated(site: &Site, route: &Route) -> Option<PartialDate> {
    match route.kind.page() {
        Some(i) => site.pages[i].front.updated,
        None => route
            .kind
            .info()
            .data_files
            .iter()
            .filter_map(|file| site.data.updated.get(Path::new(file)))
            .max()
            .copied(),
    }
}

type Built = Result<(tera::Context, BTreeSet<PathBuf>), Vec<Diagnostic>>;

/// The context of a framed route's template, and the input files it reads when
/// `with_sources` (the preview's dependencies; a build does not need them). `card` is the
/// page's social card, which its link metadata names.
pub fn context(
    site: &Site,
    shared: &Shared,
    route: &Route,
    with_sources: bool,
    card: Option<&crate::render::social::Card>,
) -> Built {
    let lang = route.lang;
    let kind = route.kind.info();
    let of_lang = shared.of(lang);
    let mut parts = Parts {
        cx: tera::Context::new(),
        shared: of_lang,
        description: None,
        content: None,
        headings: Vec::new(),
        toc: Vec::new(),
        sources: BTreeSet::new(),
        problems: Vec::new(),
    };
    if let View::Framed(view) = kind.view {
        view(site, route, &mut parts);
    }
    let Parts {
        mut cx,
        description,
        content,
        headings,
        toc,
        mut sources,
        problems,
        ..
    } = parts;
    if !problems.is_empty() {
        return Err(problems);
    }
    sources.extend(kind.data_files.iter().map(PathBuf::from));
    let title = common::title(site, route);
    let page = chrome::PageView {
        updated: updated(site, route).map(|date| site.i18n.format_date(lang, &date)),
        key: route.key.clone(),
        kind: kind.name,
        title,
        description: description_or_site(site, lang, description.as_deref()),
        url: site.base.path(&route.site_path),
        permalink: site.base.absolute(&route.site_path),
        x_default: site.base.absolute(""),
        translations: chrome::translations(site, route),
        content,
        headings,
        toc,
        breadcrumbs: chrome::breadcrumbs(site, route),
        children: content::children(site, route, with_sources.then_some(&mut sources)),
    };
    let social = crate::render::social::view(site, route, &page.title, &page.description, card);
    cx.insert("lang", lang.code());
    cx.insert_value("site", of_lang.site.clone());
    cx.insert("social", &social);
    cx.insert("page", &page);
    cx.insert("nav", &chrome::nav(site, of_lang, route));
    sources.insert(site.config_path.clone());
    Ok((cx, sources))
}

/// A page's one description, for search engines and shared links alike: its own, in the
/// language's typography, else the site's.
fn description_or_site(site: &Site, lang: Lang, own: Option<&str>) -> String {
    match own.map(str::trim) {
        Some(text) if !text.is_empty() => common::plain(text, lang),
        _ => site.i18n.get(lang, "social-description", None),
    }
}

/// A labelled link, the commonest value a template receives.
#[derive(Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}
