//! The site index: every page of a language on one page, grouped under the list each
//! belongs to (the partners under the partner list, the activities and domains under the
//! work plan). It is a way in for readers who do not search, and for browsers without
//! JavaScript.

use super::{Kind, Link, OgType, Parts, Route, RouteKind, View, common, generated, keys};
use crate::Site;
use crate::config::Config;
use crate::lang::Lang;
use serde::Serialize;
use std::collections::HashMap;

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
    og_type: Some(OgType::Website),
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
    // One pass: the pages that belong to a list go under its key, the others are listed
    // at the top (a site of 10,000 pages has as many top entries).
    let mut tops = Vec::new();
    let mut children: HashMap<&str, Vec<Link>> = HashMap::new();
    for r in site.routes.iter().filter(listed) {
        match r.kind.info().parent {
            Some(key) => children.entry(key).or_default().push(link(r)),
            None => tops.push(r),
        }
    }
    // Routes come sorted by key; the home page first, then the others by key, each list
    // with its pages by title.
    tops.sort_by_key(|top| top.key != keys::HOME);
    let entries: Vec<Entry> = tops
        .into_iter()
        .map(|top| {
            let mut children = children.remove(top.key.as_str()).unwrap_or_default();
            children.sort_by(|a, b| a.title.cmp(&b.title));
            let Link { title, url } = link(top);
            Entry {
                title,
                url,
                children,
            }
        })
        .collect();
    parts.cx.insert("entries", &entries);
    parts.describe(site, lang, "site-index-description", &[]);
    // Every page's title is shown: an edit of any page of the language may change it.
    let pages = site.pages.iter().filter(|p| p.lang == lang);
    parts.sources.extend(pages.map(|p| p.path.clone()));
}
