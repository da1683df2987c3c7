//! View structs: what each template receives, built from the model so that templates only
//! lay out values (no figure computed, no label chosen, no URL assembled in Tera).

use super::routes::{ACTIVITIES_FILE, PARTNERS_FILE, Route, RouteKind};
use crate::Site;
use crate::content::data::{Activity, Partner};
use crate::diagnostic::Diagnostic;
use crate::i18n::french_typography;
use crate::lang::{Lang, Text};
use crate::markdown;
use crate::model::enum_key;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct SiteView {
    title: String,
    base_url: String,
    default_language: String,
    languages: Vec<String>,
    home_url: String,
}

#[derive(Serialize)]
struct Translation {
    lang: String,
    /// The page's title in that language (the home page's when unavailable).
    title: String,
    /// Where the switcher goes: the counterpart page, or that language's home page.
    url: String,
    permalink: String,
    /// False when the page does not exist in that language.
    available: bool,
    current: bool,
}

#[derive(Serialize)]
struct PageView {
    key: String,
    kind: &'static str,
    title: String,
    description: Option<String>,
    url: String,
    permalink: String,
    x_default: String,
    translations: Vec<Translation>,
    content: Option<String>,
    headings: Vec<markdown::Heading>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    active: bool,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct PartnerView {
    id: String,
    name: String,
    variants: Vec<String>,
    kind: String,
    kind_label: String,
    country: String,
    country_name: String,
    sector: String,
    website: Option<String>,
    signed: String,
    cohort: String,
    status: String,
    status_label: String,
    ended: Option<String>,
    profile: String,
    note: Option<String>,
    url: String,
    activities: Vec<ActivityRef>,
    engagement: usize,
}

#[derive(Serialize)]
struct ActivityRef {
    title: String,
    url: String,
    date: String,
    category_label: String,
}

#[derive(Serialize)]
struct ActivityView {
    id: String,
    category: String,
    category_label: String,
    sector: String,
    title: String,
    date: String,
    date_text: Option<String>,
    approximate: bool,
    domains: Vec<String>,
    partners: Vec<Link>,
    others: Vec<String>,
    description: Option<String>,
    note: Option<String>,
    url: String,
}

type Built = Result<(tera::Context, BTreeSet<PathBuf>), Vec<Diagnostic>>;

pub fn context(site: &Site, route: &Route) -> Built {
    let lang = route.lang;
    let mut sources = BTreeSet::new();
    let mut problems = Vec::new();
    let mut cx = tera::Context::new();
    let (description, content, headings) = match route.kind {
        RouteKind::Page(i) => {
            let page = &site.pages[i];
            sources.insert(page.path.clone());
            // The switcher shows counterpart titles: a counterpart's edit touches this page.
            for other in site.pages.iter().filter(|p| p.key == page.key) {
                sources.insert(other.path.clone());
            }
            let rendered = markdown::render(
                &page.body,
                &markdown_context(site, lang, &page.path, page.body_line),
            )
            .unwrap_or_else(|e| {
                problems.extend(e);
                Default::default()
            });
            (
                page.front.description.clone(),
                Some(rendered.html),
                rendered.headings,
            )
        }
        RouteKind::PartnerList => {
            sources.extend([PathBuf::from(PARTNERS_FILE), PathBuf::from(ACTIVITIES_FILE)]);
            let partners: Vec<PartnerView> = site
                .data
                .partners
                .iter()
                .map(|p| partner_view(site, p, lang, &mut problems))
                .collect();
            cx.insert("partners", &partners);
            cx.insert("figures", &site.figures);
            (None, None, Vec::new())
        }
        RouteKind::Partner(i) => {
            sources.extend([PathBuf::from(PARTNERS_FILE), PathBuf::from(ACTIVITIES_FILE)]);
            cx.insert(
                "partner",
                &partner_view(site, &site.data.partners[i], lang, &mut problems),
            );
            (None, None, Vec::new())
        }
        RouteKind::ActivityList => {
            sources.extend([PathBuf::from(PARTNERS_FILE), PathBuf::from(ACTIVITIES_FILE)]);
            let activities: Vec<ActivityView> = site
                .data
                .activities
                .iter()
                .map(|a| activity_view(site, a, lang, &mut problems))
                .collect();
            cx.insert("activities", &activities);
            cx.insert("figures", &site.figures);
            (None, None, Vec::new())
        }
        RouteKind::Activity(i) => {
            sources.extend([
                PathBuf::from(PARTNERS_FILE),
                PathBuf::from(ACTIVITIES_FILE),
                PathBuf::from("content/data/domains.yaml"),
            ]);
            cx.insert(
                "activity",
                &activity_view(site, &site.data.activities[i], lang, &mut problems),
            );
            (None, None, Vec::new())
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = match route.kind {
        RouteKind::PartnerList => site.i18n.get(lang, "partners-title", None),
        RouteKind::ActivityList => site.i18n.get(lang, "activities-title", None),
        _ => plain(&route.title, lang),
    };
    let page = PageView {
        key: route.key.clone(),
        kind: kind_name(route.kind),
        title,
        description,
        url: site.base.path(&route.site_path),
        permalink: site.base.absolute(&route.site_path),
        x_default: site.base.absolute(""),
        translations: translations(site, route),
        content,
        headings,
    };
    insert_common(site, lang, &mut cx);
    cx.insert("page", &page);
    cx.insert("nav", &nav(site, route));
    sources.insert(site.config_path.clone());
    Ok((cx, sources))
}

fn insert_common(site: &Site, lang: Lang, cx: &mut tera::Context) {
    cx.insert("lang", lang.code());
    cx.insert(
        "site",
        &SiteView {
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
        },
    );
}

/// The root chooser's context: one entry per language, in the configured order.
pub fn root_context(site: &Site) -> tera::Context {
    let mut cx = tera::Context::new();
    insert_common(site, site.config.default_language, &mut cx);
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

fn home_url(site: &Site, lang: Lang) -> String {
    super::url_of(site, "_index", lang)
        .unwrap_or_else(|| site.base.path(&format!("{}/", lang.code())))
}

fn translations(site: &Site, route: &Route) -> Vec<Translation> {
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
fn nav(site: &Site, current: &Route) -> Vec<NavItem> {
    let lang = current.lang;
    let mut items: Vec<(i64, NavItem)> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.front.menu)
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
    for (key, weight, label) in [
        ("partners", 40, "nav-partners"),
        ("activities", 50, "nav-activities"),
    ] {
        if let Some(route) = site.route(key, lang) {
            items.push((
                weight,
                NavItem {
                    title: site.i18n.get(lang, label, None),
                    url: site.base.path(&route.site_path),
                    active: current.key == key || current.key.starts_with(&format!("{key}/")),
                },
            ));
        }
    }
    items.sort_by_key(|(weight, _)| *weight);
    items.into_iter().map(|(_, item)| item).collect()
}

fn kind_name(kind: RouteKind) -> &'static str {
    match kind {
        RouteKind::Page(_) => "page",
        RouteKind::PartnerList => "partner-list",
        RouteKind::Partner(_) => "partner",
        RouteKind::ActivityList => "activity-list",
        RouteKind::Activity(_) => "activity",
    }
}

fn markdown_context<'a>(
    site: &'a Site,
    lang: Lang,
    path: &'a Path,
    first_line: usize,
) -> markdown::Context<'a> {
    markdown::Context {
        lang,
        path,
        first_line,
        allow_html: site.config.allow_html,
        resolve: match lang {
            Lang::Fr => &site.resolvers[0],
            Lang::En => &site.resolvers[1],
        },
    }
}

/// Markdown of a data text, rendered in `lang`.
fn data_markdown(
    site: &Site,
    text: &Text,
    lang: Lang,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let path = Path::new(file);
    markdown::render(text.get(lang), &markdown_context(site, lang, path, 0))
        .map(|r| r.html)
        .unwrap_or_else(|e| {
            problems.extend(e);
            String::new()
        })
}

/// A short data text (a label, a sector) with the language's typography.
fn plain(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => french_typography(text),
        Lang::En => text.to_string(),
    }
}

fn partner_view(
    site: &Site,
    p: &Partner,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> PartnerView {
    let i18n = &site.i18n;
    let kind = enum_key(&p.kind);
    let status = enum_key(&p.status);
    let activities: Vec<ActivityRef> = site
        .data
        .activities
        .iter()
        .filter(|a| a.partners.contains(&p.id))
        .map(|a| activity_ref(site, a, lang))
        .collect();
    PartnerView {
        id: p.id.clone(),
        name: p.name.clone(),
        variants: p.variants.clone(),
        kind_label: i18n.get(lang, &format!("partner-kind-{kind}"), None),
        kind,
        country_name: i18n.get(lang, &format!("country-{}", p.country), None),
        country: p.country.clone(),
        sector: plain(p.sector.get(lang), lang),
        website: p.website.clone(),
        signed: match &p.signed_text {
            Some(text) => plain(text.get(lang), lang),
            None => i18n.format_date(lang, &p.signed),
        },
        cohort: p.cohort.as_str().into(),
        status_label: i18n.get(lang, &format!("partner-status-{status}"), None),
        status,
        ended: p.ended.map(|d| i18n.format_date(lang, &d)),
        profile: data_markdown(site, &p.profile, lang, PARTNERS_FILE, problems),
        note: p
            .note
            .as_ref()
            .map(|n| data_markdown(site, n, lang, PARTNERS_FILE, problems)),
        url: super::url_of(site, &format!("partners/{}", p.id), lang).unwrap_or_default(),
        engagement: activities.len(),
        activities,
    }
}

fn activity_date(site: &Site, a: &Activity, lang: Lang) -> String {
    let i18n = &site.i18n;
    match (a.start, a.end) {
        (Some(start), Some(end)) => {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("start", i18n.format_date(lang, &start));
            args.set("end", i18n.format_date(lang, &end));
            i18n.get(lang, "date-range", Some(&args))
        }
        (Some(start), None) => i18n.format_date(lang, &start),
        _ => i18n.get(lang, "date-none", None),
    }
}

fn activity_ref(site: &Site, a: &Activity, lang: Lang) -> ActivityRef {
    ActivityRef {
        title: plain(a.title.get(lang), lang),
        url: super::url_of(site, &format!("activities/{}", a.id), lang).unwrap_or_default(),
        date: activity_date(site, a, lang),
        category_label: site
            .i18n
            .get(lang, &format!("category-{}", enum_key(&a.category)), None),
    }
}

fn activity_view(
    site: &Site,
    a: &Activity,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> ActivityView {
    let category = enum_key(&a.category);
    ActivityView {
        id: a.id.clone(),
        category_label: site.i18n.get(lang, &format!("category-{category}"), None),
        category,
        sector: plain(a.sector.get(lang), lang),
        title: plain(a.title.get(lang), lang),
        date: activity_date(site, a, lang),
        date_text: a.date_text.clone(),
        approximate: a.approximate,
        domains: a
            .domains
            .iter()
            .filter_map(|id| site.data.domains.iter().find(|d| &d.id == id))
            .map(|d| plain(d.name.get(lang), lang))
            .collect(),
        partners: a
            .partners
            .iter()
            .filter_map(|id| site.data.partners.iter().find(|p| &p.id == id))
            .map(|p| Link {
                title: p.name.clone(),
                url: super::url_of(site, &format!("partners/{}", p.id), lang).unwrap_or_default(),
            })
            .collect(),
        others: a.others.clone(),
        description: a
            .description
            .as_ref()
            .map(|d| data_markdown(site, d, lang, ACTIVITIES_FILE, problems)),
        note: a
            .note
            .as_ref()
            .map(|n| data_markdown(site, n, lang, ACTIVITIES_FILE, problems)),
        url: super::url_of(site, &format!("activities/{}", a.id), lang).unwrap_or_default(),
    }
}
