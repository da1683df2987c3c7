//! Routes: every page the site publishes, in every language, with its URL. Markdown pages
//! and pages generated from data (one per partner, per activity) alike, so the language
//! switcher, internal links and duplicate-URL checks treat them the same.

use crate::Site;
use crate::config::Config;
use crate::content::data::{Data, PartialDate};
use crate::content::{
    ACTIVITIES_FILE, CONCLUSIONS_FILE, DOMAINS_FILE, PARTNERS_FILE, PageSource, STRATEGY_FILE,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::urls;
use std::collections::BTreeMap;
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

/// All routes, sorted by key then language; duplicate URLs (also by case) are errors.
pub fn build(
    config: &Config,
    pages: &[Arc<PageSource>],
    data: &Data,
    diagnostics: &mut Diagnostics,
) -> Vec<Route> {
    let mut routes = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let template = page.front.template.clone().unwrap_or_else(|| {
            if page.key == "_index" {
                "index.html".into()
            } else {
                "page.html".into()
            }
        });
        routes.push(Route {
            key: page.key.clone(),
            lang: page.lang,
            kind: RouteKind::Page(i),
            site_path: urls::page_path(page.lang, &[page.front.slug.as_str()]),
            title: page.front.title.clone(),
            template,
            source: page.path.clone(),
        });
    }
    for &lang in &config.languages {
        let partners = config.paths.partners.get(lang);
        if !data.partners.is_empty() {
            routes.push(generated(
                "partners",
                lang,
                RouteKind::PartnerList,
                &[partners],
                String::new(),
                "partners.html",
                PARTNERS_FILE,
            ));
        }
        for (i, p) in data.partners.iter().enumerate() {
            routes.push(generated(
                &format!("partners/{}", p.id),
                lang,
                RouteKind::Partner(i),
                &[partners, &p.id],
                p.name.clone(),
                "partner.html",
                PARTNERS_FILE,
            ));
        }
        let activities = config.paths.activities.get(lang);
        if !data.activities.is_empty() {
            routes.push(generated(
                "activities",
                lang,
                RouteKind::ActivityList,
                &[activities],
                String::new(),
                "activities.html",
                ACTIVITIES_FILE,
            ));
        }
        for (i, a) in data.activities.iter().enumerate() {
            routes.push(generated(
                &format!("activities/{}", a.id),
                lang,
                RouteKind::Activity(i),
                &[activities, &a.id],
                a.title.get(lang).clone(),
                "activity.html",
                ACTIVITIES_FILE,
            ));
        }
        let domains = config.paths.domains.get(lang);
        for (i, d) in data.domains.iter().enumerate() {
            routes.push(generated(
                &format!("domains/{}", d.id),
                lang,
                RouteKind::Domain(i),
                &[activities, domains, d.slug(lang)],
                d.name.get(lang).clone(),
                "domain.html",
                DOMAINS_FILE,
            ));
        }
        if let Some(strategy) = &data.strategy {
            routes.push(generated(
                "strategy",
                lang,
                RouteKind::Strategy,
                &[config.paths.strategy.get(lang)],
                strategy.title.get(lang).clone(),
                "strategy.html",
                STRATEGY_FILE,
            ));
        }
        if let Some(conclusions) = &data.conclusions {
            routes.push(generated(
                "conclusions",
                lang,
                RouteKind::Conclusions,
                &[config.paths.conclusions.get(lang)],
                conclusions.title.get(lang).clone(),
                "conclusions.html",
                CONCLUSIONS_FILE,
            ));
        }
        if let Some((_, year)) = crate::model::edition::years(data) {
            routes.push(generated(
                "report",
                lang,
                RouteKind::Report(year),
                &[config.paths.report.get(lang), &year.to_string()],
                year.to_string(),
                crate::pages::report::TEMPLATE,
                PARTNERS_FILE,
            ));
        }
        let mut not_found = generated(
            "404",
            lang,
            RouteKind::NotFound,
            &[],
            String::new(),
            "404.html",
            "config.yaml",
        );
        not_found.site_path = format!("{}/404.html", lang.code());
        routes.push(not_found);
    }
    routes.sort_by(|a, b| (&a.key, a.lang).cmp(&(&b.key, b.lang)));
    let mut by_path: BTreeMap<String, &Route> = BTreeMap::new();
    for route in &routes {
        if let Some(first) = by_path.insert(route.site_path.to_lowercase(), route) {
            let same_case = first.site_path == route.site_path;
            let error = |message: String| match route.kind {
                RouteKind::Page(i) => pages[i].error_at_key("slug", message),
                _ => Diagnostic::error(&route.source, message),
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

impl Route {
    /// The file this route is written to, relative to the output directory.
    pub fn output_file(&self) -> String {
        urls::output_file(&self.site_path)
    }
}

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

impl RouteKind {
    /// The data files a page of this kind is made from (its dependencies, and where its
    /// "last updated" date comes from).
    pub fn data_files(self) -> &'static [&'static str] {
        match self {
            // Home and content pages may show the partnership's figures (taxonomy, home).
            RouteKind::Page(_) | RouteKind::PartnerList | RouteKind::Partner(_) => {
                &[PARTNERS_FILE, ACTIVITIES_FILE]
            }
            RouteKind::ActivityList
            | RouteKind::Activity(_)
            | RouteKind::Domain(_)
            | RouteKind::Report(_) => &[PARTNERS_FILE, ACTIVITIES_FILE, DOMAINS_FILE],
            RouteKind::Strategy => &[STRATEGY_FILE],
            RouteKind::Conclusions => &[CONCLUSIONS_FILE],
            RouteKind::NotFound => &[],
        }
    }
}

/// When a page was last brought up to date: a content page's own `updated:`, a generated
/// page's newest `updated:` among the data files it is made from.
pub fn updated(site: &Site, route: &Route) -> Option<PartialDate> {
    match route.kind {
        RouteKind::Page(i) => site.pages[i].front.updated,
        kind => kind
            .data_files()
            .iter()
            .filter_map(|file| site.data.updated.get(Path::new(file)))
            .max()
            .copied(),
    }
}
