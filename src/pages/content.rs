//! Content pages: the Markdown pages of `content/` (the home pages, the pages of the menu,
//! sections with their index), and the 404 page of each language.

use super::common::*;
use super::keys;
use super::{Kind, Link, OgType, Parts, Route, RouteKind, View, generated};
use crate::Site;
use crate::charts;
use crate::content::{ACTIVITIES_FILE, DOMAINS_FILE, PARTNERS_FILE, PageSource};
use crate::lang::Lang;
use crate::markdown;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

pub(super) const PAGE: Kind = Kind {
    name: "page",
    // Home and content pages may show the partnership's figures (taxonomy, home).
    data_files: &[PARTNERS_FILE, ACTIVITIES_FILE],
    title: None,
    parent: None,
    nav: None,
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(page),
    feed: None,
    og_type: Some(OgType::Article),
};

pub(super) const NOT_FOUND: Kind = Kind {
    name: "not-found",
    data_files: &[],
    title: Some("not-found-title"),
    parent: None,
    nav: None,
    in_sitemap: false,
    shows_pages: false,
    view: View::Framed(|_, _, _| {}),
    feed: None,
    og_type: None,
};

/// One route per Markdown page, at its `slug`.
pub(super) fn routes(pages: &[Arc<PageSource>]) -> Vec<Route> {
    pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let template = page.front.template.clone().unwrap_or_else(|| {
                if page.key == keys::HOME {
                    "index.html".into()
                } else {
                    "page.html".into()
                }
            });
            Route {
                key: page.key.clone(),
                lang: page.lang,
                kind: RouteKind::Page(i),
                site_path: crate::urls::page_path(page.lang, &[page.front.slug.as_str()]),
                title: page.front.title.clone(),
                template,
                source: page.path.clone(),
            }
        })
        .collect()
}

/// The page a host serves for a missing URL: `fr/404.html`.
pub(super) fn not_found(lang: Lang) -> Route {
    let mut route = generated(
        "404",
        lang,
        RouteKind::NotFound,
        &[],
        String::new(),
        "404.html",
        "config.yaml",
    );
    route.site_path = format!("{}/404.html", lang.code());
    route
}

fn page(site: &Site, route: &Route, parts: &mut Parts) {
    let Some(i) = route.kind.page() else {
        return;
    };
    let lang = route.lang;
    let page = &site.pages[i];
    parts.sources.insert(page.path.clone());
    // The switcher shows counterpart titles: a counterpart's edit touches this page.
    for other in site.config.languages_in_order() {
        if let Some(j) = site.route(&page.key, other).and_then(|r| r.kind.page()) {
            parts.sources.insert(site.pages[j].path.clone());
        }
    }
    let shortcodes = super::shortcodes::PageShortcodes::new(site, &page.path);
    let cx = markdown::Context {
        page: Some(&route.site_path),
        shortcodes: Some(&shortcodes),
        ..markdown_context(site, lang, &page.path, page.body_line)
    };
    let rendered = markdown::render(&page.body, &cx).unwrap_or_else(|e| {
        parts.problems.extend(e);
        Default::default()
    });
    parts.sources.extend(shortcodes.sources());
    // Its images' names carry their files' hashes: a new file changes the page.
    parts.sources.extend(site.media.shown_in(&page.path));
    parts.description = page.front.description.clone();
    parts.content = Some(rendered.html);
    if page.front.toc {
        parts.toc = super::toc::from_headings(&rendered.headings);
    }
    parts.headings = rendered.headings;
    if route.template == "taxonomy.html" {
        charts(
            site,
            route,
            &[
                ("countries", charts::countries),
                ("kinds", charts::kinds),
                ("membership", charts::membership),
            ],
            parts,
        );
        // Where the status document counts the kinds otherwise, the page says so.
        let problems = &mut parts.problems;
        let kinds_note = stated_kinds_note(
            &crate::i18n::Words::new(&site.i18n, lang).typeset(),
            &site.data,
            &site.figures,
            crate::model::edition::latest(&site.data),
            &mut |text| {
                data_text(site, text, lang, PARTNERS_FILE, problems, |text, cx| {
                    markdown::render(text, cx).map(|r| r.html)
                })
            },
        );
        parts.cx.insert("kinds_note", &kinds_note);
    }
    // Their figures name the domains of activity.
    parts.sources.insert(PathBuf::from(DOMAINS_FILE));
    parts
        .cx
        .insert_value("figures", parts.shared.figures.clone());
    parts.cx.insert_value("latest", parts.shared.latest.clone());
    parts
        .cx
        .insert_value("entries", parts.shared.entries.clone());
}

#[derive(Serialize)]
pub(super) struct ChildView {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) date: Option<String>,
    pub(super) description: Option<String>,
}

/// The section's pages, which the index page then depends on (a new title shows there).
pub(super) fn children(
    site: &Site,
    route: &Route,
    sources: Option<&mut BTreeSet<PathBuf>>,
) -> Vec<ChildView> {
    let RouteKind::Page(i) = route.kind else {
        return Vec::new();
    };
    let Some(section) = site.pages[i]
        .key
        .strip_suffix("_index")
        .filter(|s| !s.is_empty())
    else {
        return Vec::new();
    };
    let mut pages: Vec<&crate::content::PageSource> = site
        .pages
        .iter()
        .filter(|p| p.lang == route.lang)
        .filter(|p| {
            p.key
                .strip_prefix(section)
                .is_some_and(|name| name != "_index" && !name.contains('/'))
        })
        .map(|p| &**p)
        .collect();
    if let Some(sources) = sources {
        sources.extend(pages.iter().map(|p| p.path.clone()));
    }
    pages.sort_by(|a, b| {
        b.front
            .date
            .cmp(&a.front.date)
            .then(a.front.weight.cmp(&b.front.weight))
            .then_with(|| a.front.title.cmp(&b.front.title))
    });
    pages
        .into_iter()
        .filter_map(|p| {
            Some(ChildView {
                url: site.url(&p.key, route.lang)?,
                title: plain(&p.front.title, route.lang),
                date: p.front.date.map(|d| site.i18n.format_date(route.lang, &d)),
                description: p.front.description.as_ref().map(|d| plain(d, route.lang)),
            })
        })
        .collect()
}

/// The site's main sections that exist, for the home page.
pub(super) fn entry_points(site: &Site, lang: Lang) -> Vec<Link> {
    [
        keys::PARTNERS,
        keys::ACTIVITIES,
        keys::STRATEGY,
        keys::CONCLUSIONS,
        "pages/taxonomy",
        "pages/history",
        keys::REPORT,
    ]
    .into_iter()
    .filter_map(|key| {
        let route = site.route(key, lang)?;
        Some(Link {
            title: super::common::title(site, route),
            url: site.base.path(&route.site_path),
        })
    })
    .collect()
}
