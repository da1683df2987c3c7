//! The site's chrome, alike on every framed page: the header's values, the main menu, the
//! breadcrumbs and the language switcher, and what every page of a language shares.

use super::activities::latest_activities;
use super::common::*;
use super::content::{ChildView, entry_points};
use super::keys;
use super::{Link, Route};
use crate::Site;
use crate::lang::Lang;
use crate::markdown;
use crate::render::open_data::Dataset;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub(super) struct SiteView {
    pub(super) title: String,
    pub(super) base_url: String,
    pub(super) default_language: String,
    pub(super) languages: Vec<String>,
    pub(super) home_url: String,
    /// The Atom feed of the page's language.
    pub(super) feed_url: String,
    /// Open data downloads (partners.json, …), by file name.
    pub(super) downloads: Vec<Link>,
    /// Where the search index and its script are, when the site has search.
    pub(super) search: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Translation {
    pub(super) lang: String,
    /// The page's title in that language (the home page's when unavailable).
    pub(super) title: String,
    /// Where the switcher goes: the counterpart page, or that language's home page.
    pub(super) url: String,
    pub(super) permalink: String,
    /// False when the page does not exist in that language.
    pub(super) available: bool,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct PageView {
    pub(super) key: String,
    pub(super) kind: &'static str,
    pub(super) title: String,
    /// What search engines and shared links show of the page (never empty).
    pub(super) description: String,
    pub(super) url: String,
    pub(super) permalink: String,
    pub(super) x_default: String,
    pub(super) translations: Vec<Translation>,
    pub(super) content: Option<String>,
    pub(super) headings: Vec<markdown::Heading>,
    /// The contents list (`toc: true`, or the sections of the strategy and conclusions).
    pub(super) toc: Vec<super::toc::TocEntry>,
    /// From the home page down to this page's parent (empty on home pages).
    pub(super) breadcrumbs: Vec<Link>,
    /// "Last updated": the page's own `updated:` date, or the newest `updated:` of the
    /// data files a generated page is made from; absent when its sources declare none.
    pub(super) updated: Option<String>,
    /// On a section's index page (`content/news/_index.fr.md`): the pages of the section
    /// (`content/news/*.fr.md`, not deeper), newest first, then by weight and title.
    pub(super) children: Vec<ChildView>,
}

#[derive(Serialize)]
pub(super) struct NavItem {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) active: bool,
}

/// What every page of a language shows alike, made once per render rather than once per
/// page: the site's header values, the partnership's figures, the latest activities and
/// the entry points. Tera values share their contents, so each page takes them at no cost.
pub struct Shared {
    /// For each language the site publishes (and only those: another's UI strings may
    /// not be there).
    by_lang: BTreeMap<Lang, LangShared>,
}

pub(super) struct LangShared {
    pub(super) site: tera::Value,
    pub(super) figures: tera::Value,
    pub(super) latest: tera::Value,
    pub(super) entries: tera::Value,
    /// The routes of the language that the menu lists (the generated lists), by index into
    /// the site's routes: found once, not by a walk over every route for each page.
    pub(super) menu_lists: Vec<usize>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let of = |lang: Lang| LangShared {
            site: tera::Value::from_serializable(&site_view(site, lang)),
            figures: tera::Value::from_serializable(&figures_view(site, lang)),
            latest: tera::Value::from_serializable(&latest_activities(site, lang, 5)),
            entries: tera::Value::from_serializable(&entry_points(site, lang)),
            menu_lists: (0..site.routes.len())
                .filter(|&i| {
                    site.routes[i].lang == lang && site.routes[i].kind.info().nav.is_some()
                })
                .collect(),
        };
        Shared {
            by_lang: site
                .config
                .languages_in_order()
                .into_iter()
                .map(|lang| (lang, of(lang)))
                .collect(),
        }
    }

    /// Routes exist only in the site's languages, which all have their part.
    pub(super) fn of(&self, lang: Lang) -> &LangShared {
        &self.by_lang[&lang]
    }
}

pub(super) fn site_view(site: &Site, lang: Lang) -> SiteView {
    SiteView {
        title: site.config.title.get(lang).clone(),
        base_url: site.base.absolute(""),
        default_language: site.config.default_language.code().into(),
        languages: site
            .config
            .languages_in_order()
            .iter()
            .map(|l| l.code().to_string())
            .collect(),
        home_url: home_url(site, lang),
        feed_url: site.base.path(&crate::urls::feed_path(lang)),
        downloads: downloads(site),
        search: site
            .config
            .search
            .then(|| site.base.path(&format!("{}/", crate::render::search::DIR))),
    }
}

/// The root chooser's context: one entry per language, in the configured order.
pub fn root_context(site: &Site) -> tera::Context {
    let mut cx = tera::Context::new();
    let lang = site.config.default_language;
    cx.insert("lang", lang.code());
    cx.insert("site", &site_view(site, lang));
    let homes: Vec<Translation> = site
        .config
        .languages_in_order()
        .into_iter()
        .map(|l| Translation {
            lang: l.code().into(),
            title: site.config.title.get(l).clone(),
            url: home_url(site, l),
            permalink: site.base.absolute(&format!("{}/", l.code())),
            available: true,
            current: l == site.config.default_language,
        })
        .collect();
    cx.insert("homes", &homes);
    cx.insert("permalink", &site.base.absolute(""));
    cx
}

pub(super) fn downloads(site: &Site) -> Vec<Link> {
    crate::render::open_data::published_names(&site.data)
        .into_iter()
        .map(|name| download(site, name))
        .collect()
}

/// The downloads of one collection of the data (its JSON and CSV files), where a page
/// shows that collection; none when it is not published.
pub(super) fn dataset_downloads(site: &Site, dataset: Dataset) -> Vec<Link> {
    if !dataset.is_published(&site.data) {
        return Vec::new();
    }
    dataset
        .file_names()
        .into_iter()
        .map(|name| download(site, name))
        .collect()
}

/// A link to a download, by its file name.
fn download(site: &Site, name: String) -> Link {
    Link {
        url: site
            .base
            .path(&format!("{}/{name}", crate::urls::OPEN_DATA_DIR)),
        title: name,
    }
}

/// Home, then the list a generated page belongs to (`partners/apple` → the partner list).
pub(super) fn breadcrumbs(site: &Site, route: &Route) -> Vec<Link> {
    if route.key == keys::HOME {
        return Vec::new();
    }
    let lang = route.lang;
    let mut trail = vec![Link {
        title: site.i18n.get(lang, "breadcrumbs-home", None),
        url: home_url(site, lang),
    }];
    if let Some(key) = route.kind.info().parent
        && let Some(list) = site.route(key, lang)
    {
        trail.push(Link {
            title: super::common::title(site, list),
            url: site.base.path(&list.site_path),
        });
    }
    trail
}

pub(super) fn home_url(site: &Site, lang: Lang) -> String {
    site.url(keys::HOME, lang)
        .unwrap_or_else(|| site.base.path(&format!("{}/", lang.code())))
}

pub(super) fn translations(site: &Site, route: &Route) -> Vec<Translation> {
    site.config
        .languages_in_order()
        .into_iter()
        .map(|lang| match site.route(&route.key, lang) {
            Some(other) => Translation {
                lang: lang.code().into(),
                title: plain(&other.title, lang),
                url: site.base.path(&other.site_path),
                permalink: site.base.absolute(&other.site_path),
                available: true,
                current: lang == route.lang,
            },
            None => Translation {
                lang: lang.code().into(),
                title: site.config.title.get(lang).clone(),
                url: home_url(site, lang),
                permalink: site.base.absolute(&format!("{}/", lang.code())),
                available: false,
                current: false,
            },
        })
        .collect()
}

/// The main menu: pages with `menu: true`, then the generated lists, by weight.
pub(super) fn nav(site: &Site, shared: &LangShared, current: &Route) -> Vec<NavItem> {
    let lang = current.lang;
    let mut items: Vec<(i64, NavItem)> = site
        .menu_pages
        .iter()
        .map(|&i| &site.pages[i])
        .filter(|p| p.lang == lang)
        .filter_map(|p| {
            let route = site.route(&p.key, lang)?;
            Some((
                p.front.weight,
                NavItem {
                    title: plain(&p.front.title, lang),
                    url: site.base.path(&route.site_path),
                    active: route.key == current.key,
                },
            ))
        })
        .collect();
    for route in shared.menu_lists.iter().map(|&i| &site.routes[i]) {
        if let Some((weight, label)) = route.kind.info().nav {
            let key = &route.key;
            items.push((
                weight,
                NavItem {
                    title: site.i18n.get(lang, label, None),
                    url: site.base.path(&route.site_path),
                    active: current.key == *key || current.key.starts_with(&format!("{key}/")),
                },
            ));
        }
    }
    items.sort_by_key(|(weight, _)| *weight);
    items.into_iter().map(|(_, item)| item).collect()
}
