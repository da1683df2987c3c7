//! The site index: every page of a language on one page, grouped under the list each
//! belongs to (the partners under the partner list, the activities and domains under the
//! work plan). It is a way in for readers who do not search, and for browsers without
//! JavaScript.

use super::{Kind, Link, Parts, Route, RouteKind, View, common, generated, keys};
use crate::Site;
use crate::config::Config;
use crate::lang::Lang;
use serde::Serialize;

pub(super) const KIND: Kind = Kind {
    name: "site-index",
    data_files: &[],
    title: Some("site-index-title"),
    parent: None,
    nav: None,
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(page),
    feed: None,
};

pub(super) fn routes(config: &Config, lang: Lang, routes: &mut Vec<Route>) {
    routes.push(generated(
        keys::SITE_INDEX,
        lang,
        RouteKind::SiteIndex,
        &[config.paths.site_index.get(lang)],
        String::new(),
        "site-index.html",
        "config.yaml",
    ));
}

/// A page of the index, with the pages listed under it.
#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    children: Vec<Link>,
}

fn page(site: &Site, route: &Route, parts: &mut Parts) {
    let lang = route.lang;
    let listed = |r: &&Route| r.lang == lang && r.kind.info().in_sitemap && r.key != route.key;
    let link = |r: &Route| Link {
        title: common::title(site, r),
        url: site.base.path(&r.site_path),
    };
    // Routes come sorted by key; the home page first, then the others by key, each list
    // with its pages by title.
    let mut entries: Vec<(bool, Entry)> = site
        .routes
        .iter()
        .filter(listed)
        .filter(|r| r.kind.info().parent.is_none())
        .map(|top| {
            let mut children: Vec<Link> = site
                .routes
                .iter()
                .filter(listed)
                .filter(|r| r.kind.info().parent.is_some_and(|(key, _)| key == top.key))
                .map(link)
                .collect();
            children.sort_by(|a, b| a.title.cmp(&b.title));
            let Link { title, url } = link(top);
            (
                top.key != keys::HOME,
                Entry {
                    title,
                    url,
                    children,
                },
            )
        })
        .collect();
    entries.sort_by_key(|(not_home, _)| *not_home);
    let entries: Vec<Entry> = entries.into_iter().map(|(_, entry)| entry).collect();
    parts.cx.insert("entries", &entries);
    // Every page's title is shown: an edit of any page of the language may change it.
    let pages = site.pages.iter().filter(|p| p.lang == lang);
    parts.sources.extend(pages.map(|p| p.path.clone()));
}
