//! View structs: what each template receives, built from the model so that templates only
//! lay out values (no figure computed, no label chosen, no URL assembled in Tera).

use super::routes::{Route, RouteKind};
use crate::Site;
use crate::charts;
use crate::content::data::{Activity, Category, Cohort, Partner, PartnerKind};
use crate::content::{
    ACTIVITIES_FILE, CONCLUSIONS_FILE, DOMAINS_FILE, PARTNERS_FILE, STRATEGY_FILE,
};
use crate::diagnostic::Diagnostic;
use crate::lang::{Lang, Text};
use crate::markdown;
use crate::model::enum_key;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct SiteView {
    title: String,
    base_url: String,
    default_language: String,
    languages: Vec<String>,
    home_url: String,
    /// The Atom feed of the page's language.
    feed_url: String,
    /// Open data downloads (partners.json, …), by file name.
    downloads: Vec<Link>,
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
    /// From the home page down to this page's parent (empty on home pages).
    breadcrumbs: Vec<Link>,
    /// "Last updated": the page's own `updated:` date, or the newest `updated:` of the
    /// data files a generated page is made from; absent when its sources declare none.
    updated: Option<String>,
    /// On a section's index page (`content/news/_index.fr.md`): the pages of the section
    /// (`content/news/*.fr.md`, not deeper), newest first, then by weight and title.
    children: Vec<ChildView>,
}

#[derive(Serialize)]
struct ChildView {
    title: String,
    url: String,
    date: Option<String>,
    description: Option<String>,
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

/// A labelled group of links (partners by kind, activities by year, …).
#[derive(Serialize)]
struct Group<T> {
    key: String,
    label: String,
    items: Vec<T>,
}

#[derive(Serialize)]
struct CountRow {
    key: String,
    label: String,
    count: usize,
    /// Formatted in the page's language.
    share: String,
}

/// The partnership's figures, labelled for the page's language.
#[derive(Serialize)]
struct FiguresView {
    partners: usize,
    joining: usize,
    ended: usize,
    countries: usize,
    activities: usize,
    years: String,
    by_country: Vec<CountRow>,
    by_kind: Vec<CountRow>,
    by_cohort: Vec<CountRow>,
    by_category: Vec<CountRow>,
    by_domain: Vec<CountRow>,
}

#[derive(Serialize)]
struct StrategyView {
    title: String,
    state: Option<String>,
    statuses: Vec<CountRow>,
    themes: Vec<ThemeView>,
}

#[derive(Serialize)]
struct ThemeView {
    id: String,
    title: String,
    statuses: Vec<CountRow>,
    actions: Vec<ActionView>,
}

#[derive(Serialize)]
struct ActionView {
    id: String,
    anchor: String,
    action: String,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct ItemView {
    entity: String,
    committee: Option<String>,
    results: String,
    deadline: Option<String>,
    status: String,
    status_label: String,
    note: Option<String>,
}

#[derive(Serialize)]
struct ConclusionsView {
    reference: String,
    date: String,
    title: String,
    header: Vec<(String, String)>,
    sections: Vec<SectionView>,
    footnotes: Vec<FootnoteView>,
}

#[derive(Serialize)]
struct SectionView {
    number: u32,
    title: String,
    paragraphs: Vec<ParagraphView>,
}

#[derive(Serialize)]
struct ParagraphView {
    number: u32,
    anchor: String,
    text: String,
    points: Vec<PointView>,
}

#[derive(Serialize)]
struct PointView {
    label: String,
    anchor: String,
    text: String,
}

#[derive(Serialize)]
struct FootnoteView {
    number: u32,
    anchor: String,
    backref: String,
    text: String,
}

type Built = Result<(tera::Context, BTreeSet<PathBuf>), Vec<Diagnostic>>;

/// What every page of a language shows alike, made once per render rather than once per
/// page: the site's header values, the partnership's figures, the latest activities and
/// the entry points. Tera values share their contents, so each page takes them at no cost.
pub struct Shared {
    /// For each language the site publishes (and only those: another's UI strings may
    /// not be there).
    by_lang: BTreeMap<Lang, LangShared>,
}

struct LangShared {
    site: tera::Value,
    figures: tera::Value,
    latest: tera::Value,
    entries: tera::Value,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let of = |lang: Lang| LangShared {
            site: tera::Value::from_serializable(&site_view(site, lang)),
            figures: tera::Value::from_serializable(&figures_view(site, lang)),
            latest: tera::Value::from_serializable(&latest_activities(site, lang, 5)),
            entries: tera::Value::from_serializable(&entry_points(site, lang)),
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
    fn of(&self, lang: Lang) -> &LangShared {
        &self.by_lang[&lang]
    }
}

/// The context of a route's template, and the input files it reads when `with_sources`
/// (the preview's dependencies; a build does not need them).
pub fn context(site: &Site, shared: &Shared, route: &Route, with_sources: bool) -> Built {
    let common = shared.of(route.lang);
    let lang = route.lang;
    let mut sources = BTreeSet::new();
    let mut problems = Vec::new();
    let mut cx = tera::Context::new();
    let (description, content, headings) = match route.kind {
        RouteKind::Page(i) => {
            let page = &site.pages[i];
            sources.insert(page.path.clone());
            // The switcher shows counterpart titles: a counterpart's edit touches this page.
            for other in site.config.languages_in_order() {
                if let Some(RouteKind::Page(j)) = site.route(&page.key, other).map(|r| r.kind) {
                    sources.insert(site.pages[j].path.clone());
                }
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
            let partners: Vec<PartnerView> = site
                .data
                .partners
                .iter()
                .map(|p| partner_view(site, p, lang, &mut problems))
                .collect();
            cx.insert("filters", &partner_filters(site, &partners, lang));
            if !site.data.activities.is_empty() {
                // The work-plan page's engagement chart, which is about these partners.
                cx.insert(
                    "engagement_url",
                    &super::url_of(site, "activities", lang).map(|url| format!("{url}#engagement")),
                );
            }
            cx.insert_value("figures", common.figures.clone());
            cx.insert("partners", &partners);
            (None, None, Vec::new())
        }
        RouteKind::Partner(i) => {
            cx.insert(
                "partner",
                &partner_view(site, &site.data.partners[i], lang, &mut problems),
            );
            (None, None, Vec::new())
        }
        RouteKind::ActivityList => {
            cx.insert(
                "by_category",
                &activities_by_category(
                    site,
                    &site.data.activities.iter().collect::<Vec<_>>(),
                    lang,
                ),
            );
            cx.insert("by_year", &activities_by_year(site, lang));
            cx.insert("domains", &domain_links(site, lang));
            cx.insert_value("figures", common.figures.clone());
            (None, None, Vec::new())
        }
        RouteKind::Activity(i) => {
            cx.insert(
                "activity",
                &activity_view(site, &site.data.activities[i], lang, &mut problems),
            );
            (None, None, Vec::new())
        }
        RouteKind::Domain(i) => {
            let domain = &site.data.domains[i];
            let activities: Vec<&Activity> = site
                .data
                .activities
                .iter()
                .filter(|a| a.domains.contains(&domain.id))
                .collect();
            cx.insert(
                "by_category",
                &activities_by_category(site, &activities, lang),
            );
            cx.insert("count", &activities.len());
            (None, None, Vec::new())
        }
        RouteKind::Strategy => {
            if let Some(view) = strategy_view(site, lang, &mut problems) {
                cx.insert("strategy", &view);
            }
            (None, None, Vec::new())
        }
        RouteKind::Conclusions => {
            if let Some(view) = conclusions_view(site, lang, &mut problems) {
                cx.insert("conclusions", &view);
            }
            (None, None, Vec::new())
        }
        // The report has a template of its own, without the site's chrome (`report::render`).
        RouteKind::NotFound | RouteKind::Report(_) => (None, None, Vec::new()),
    };
    let charts = charts_of(site, route, &mut problems);
    if !charts.is_empty() {
        cx.insert("charts", &charts);
    }
    sources.extend(route.kind.data_files().iter().map(PathBuf::from));
    if matches!(route.kind, RouteKind::Page(_) | RouteKind::PartnerList) {
        // Their figures name the domains of activity.
        sources.insert(PathBuf::from(DOMAINS_FILE));
    }
    if matches!(route.kind, RouteKind::Page(_)) {
        cx.insert_value("figures", common.figures.clone());
        cx.insert_value("latest", common.latest.clone());
        cx.insert_value("entries", common.entries.clone());
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = match route.kind {
        RouteKind::PartnerList => site.i18n.get(lang, "partners-title", None),
        RouteKind::ActivityList => site.i18n.get(lang, "activities-title", None),
        RouteKind::NotFound => site.i18n.get(lang, "not-found-title", None),
        _ => plain(&route.title, lang),
    };
    let page = PageView {
        updated: super::routes::updated(site, route).map(|date| site.i18n.format_date(lang, &date)),
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
        breadcrumbs: breadcrumbs(site, route),
        children: children(site, route, with_sources.then_some(&mut sources)),
    };
    cx.insert("lang", lang.code());
    cx.insert_value("site", common.site.clone());
    cx.insert("page", &page);
    cx.insert("nav", &nav(site, route));
    sources.insert(site.config_path.clone());
    Ok((cx, sources))
}

/// The charts a page shows, by name: the work plan's (engagement, domains), the strategy's,
/// and the taxonomy's on the page that uses `taxonomy.html`. Each is drawn only for the
/// page that shows it.
fn charts_of(
    site: &Site,
    route: &Route,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<&'static str, charts::Chart> {
    type Draw = fn(&charts::Facts, Lang) -> charts::Drawn;
    let wanted: &[(&'static str, Draw)] = match route.kind {
        RouteKind::ActivityList => &[
            ("engagement", charts::engagement),
            ("domains", charts::domains),
        ],
        RouteKind::Strategy => &[("strategy", charts::strategy)],
        RouteKind::Page(_) if route.template == "taxonomy.html" => &[
            ("countries", charts::countries),
            ("kinds", charts::kinds),
            ("membership", charts::membership),
        ],
        _ => &[],
    };
    let mut drawn = BTreeMap::new();
    let facts = site.facts();
    for (name, draw) in wanted {
        match draw(&facts, route.lang) {
            Ok(Some(chart)) => {
                drawn.insert(*name, chart);
            }
            Ok(None) => {}
            Err(message) => problems.push(Diagnostic::error(&route.source, message)),
        }
    }
    drawn
}

fn site_view(site: &Site, lang: Lang) -> SiteView {
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
        feed_url: site.base.path(&super::indexes::feed_path(lang)),
        downloads: downloads(site),
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

fn downloads(site: &Site) -> Vec<Link> {
    let mut names = Vec::new();
    if !site.data.partners.is_empty() {
        names.extend(["partners.json", "partners.csv"]);
    }
    if !site.data.activities.is_empty() {
        names.extend(["activities.json", "activities.csv"]);
    }
    names
        .into_iter()
        .map(|name| Link {
            title: name.to_string(),
            url: site.base.path(&format!("{}/{name}", super::open_data::DIR)),
        })
        .collect()
}

/// Home, then the list a generated page belongs to (`partners/apple` → the partner list).
fn breadcrumbs(site: &Site, route: &Route) -> Vec<Link> {
    if route.key == "_index" {
        return Vec::new();
    }
    let lang = route.lang;
    let mut trail = vec![Link {
        title: site.i18n.get(lang, "breadcrumbs-home", None),
        url: home_url(site, lang),
    }];
    let parent = match route.kind {
        RouteKind::Partner(_) => Some(("partners", "partners-title")),
        RouteKind::Activity(_) | RouteKind::Domain(_) => Some(("activities", "activities-title")),
        _ => None,
    };
    if let Some((key, label)) = parent
        && let Some(list) = site.route(key, lang)
    {
        trail.push(Link {
            title: site.i18n.get(lang, label, None),
            url: site.base.path(&list.site_path),
        });
    }
    trail
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
    for (key, weight, label) in [
        ("partners", 40, "nav-partners"),
        ("activities", 50, "nav-activities"),
        ("strategy", 60, "nav-strategy"),
        ("conclusions", 70, "nav-conclusions"),
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
        RouteKind::Domain(_) => "domain",
        RouteKind::Strategy => "strategy",
        RouteKind::Conclusions => "conclusions",
        RouteKind::NotFound => "not-found",
        RouteKind::Report(_) => "report",
    }
}

fn share(lang: Lang, count: usize, total: usize) -> String {
    let percent = if total == 0 {
        0.0
    } else {
        count as f64 * 100.0 / total as f64
    };
    crate::i18n::format_percent(lang, percent)
}

fn rows(
    site: &Site,
    lang: Lang,
    counts: &[crate::model::Count],
    total: usize,
    label: impl Fn(&str) -> String,
) -> Vec<CountRow> {
    let _ = site;
    counts
        .iter()
        .map(|c| CountRow {
            key: c.key.clone(),
            label: label(&c.key),
            count: c.count,
            share: share(lang, c.count, total),
        })
        .collect()
}

fn figures_view(site: &Site, lang: Lang) -> FiguresView {
    let f = &site.figures;
    let i18n = &site.i18n;
    let domain_name = |id: &str| {
        site.data
            .domains
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| plain(d.name.get(lang), lang))
    };
    let years = i18n.format_years(lang, f.first_year, f.last_year);
    FiguresView {
        partners: f.partners,
        joining: f.joining,
        ended: f.ended,
        countries: f.countries,
        activities: f.activities,
        years,
        by_country: rows(site, lang, &f.by_country, f.partners, |k| {
            i18n.get(lang, &format!("country-{k}"), None)
        }),
        by_kind: rows(site, lang, &f.by_kind, f.partners, |k| {
            i18n.get(lang, &format!("partner-kind-{k}"), None)
        }),
        by_cohort: rows(site, lang, &f.by_cohort, f.partners, str::to_string),
        by_category: rows(site, lang, &f.by_category, f.activities, |k| {
            i18n.get(lang, &format!("category-{k}"), None)
        }),
        by_domain: rows(site, lang, &f.by_domain, f.activities, domain_name),
    }
}

/// The most recent dated activities, newest first.
fn latest_activities(site: &Site, lang: Lang, n: usize) -> Vec<ActivityRef> {
    let mut dated: Vec<&Activity> = site
        .data
        .activities
        .iter()
        .filter(|a| a.start.is_some())
        .collect();
    dated.sort_by(|a, b| {
        b.end
            .or(b.start)
            .cmp(&a.end.or(a.start))
            .then_with(|| a.id.cmp(&b.id))
    });
    dated
        .into_iter()
        .take(n)
        .map(|a| activity_ref(site, a, lang))
        .collect()
}

/// The site's main sections that exist, for the home page.
fn entry_points(site: &Site, lang: Lang) -> Vec<Link> {
    [
        ("partners", "partners-title"),
        ("activities", "activities-title"),
        ("strategy", ""),
        ("conclusions", ""),
        ("pages/taxonomy", ""),
        ("pages/history", ""),
        ("report", "report-subtitle"),
    ]
    .into_iter()
    .filter_map(|(key, label)| {
        let route = site.route(key, lang)?;
        let title = if label.is_empty() {
            plain(&route.title, lang)
        } else {
            // The report's route title is its year ("Rapport annuel 2022").
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("year", route.title.clone());
            site.i18n.get(lang, label, Some(&args))
        };
        Some(Link {
            title,
            url: site.base.path(&route.site_path),
        })
    })
    .collect()
}

fn partner_filters(site: &Site, partners: &[PartnerView], lang: Lang) -> Vec<Group<Group<Link>>> {
    let link = |p: &PartnerView| Link {
        title: p.name.clone(),
        url: p.url.clone(),
    };
    let group_by = |key_of: &dyn Fn(&PartnerView) -> (String, String)| -> Vec<Group<Link>> {
        let mut groups: Vec<Group<Link>> = Vec::new();
        for p in partners {
            let (key, label) = key_of(p);
            match groups.iter_mut().find(|g| g.key == key) {
                Some(g) => g.items.push(link(p)),
                None => groups.push(Group {
                    key,
                    label,
                    items: vec![link(p)],
                }),
            }
        }
        groups
    };
    let mut by_kind = group_by(&|p| (p.kind.clone(), p.kind_label.clone()));
    by_kind.sort_by_key(|g| {
        [
            PartnerKind::Company,
            PartnerKind::BusinessAssociation,
            PartnerKind::ProfessionalAssociation,
        ]
        .iter()
        .position(|k| enum_key(k) == g.key)
    });
    let mut by_country = group_by(&|p| (p.country.clone(), p.country_name.clone()));
    by_country.sort_by(|a, b| {
        b.items
            .len()
            .cmp(&a.items.len())
            .then_with(|| a.label.cmp(&b.label))
    });
    let mut by_cohort = group_by(&|p| (p.cohort.clone(), p.cohort.clone()));
    by_cohort.sort_by_key(|g| Cohort::ALL.iter().position(|c| c.as_str() == g.key));
    let i18n = &site.i18n;
    vec![
        Group {
            key: "kind".into(),
            label: i18n.get(lang, "filter-by-kind", None),
            items: by_kind,
        },
        Group {
            key: "country".into(),
            label: i18n.get(lang, "filter-by-country", None),
            items: by_country,
        },
        Group {
            key: "cohort".into(),
            label: i18n.get(lang, "filter-by-cohort", None),
            items: by_cohort,
        },
    ]
}

fn activities_by_category(
    site: &Site,
    activities: &[&Activity],
    lang: Lang,
) -> Vec<Group<ActivityRow>> {
    [
        Category::Binding,
        Category::NonBinding,
        Category::Study,
        Category::Event,
    ]
    .into_iter()
    .filter_map(|category| {
        let items: Vec<ActivityRow> = activities
            .iter()
            .filter(|a| a.category == category)
            .map(|a| activity_row(site, a, lang))
            .collect();
        (!items.is_empty()).then(|| Group {
            key: enum_key(&category),
            label: site
                .i18n
                .get(lang, &format!("category-{}", enum_key(&category)), None),
            items,
        })
    })
    .collect()
}

fn activities_by_year(site: &Site, lang: Lang) -> Vec<Group<ActivityRef>> {
    let mut years: Vec<Option<i32>> = site
        .data
        .activities
        .iter()
        .map(|a| a.start.map(|d| d.year))
        .collect();
    years.sort();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let mut activities: Vec<&Activity> = site
                .data
                .activities
                .iter()
                .filter(|a| a.start.map(|d| d.year) == year)
                .collect();
            activities.sort_by_key(|a| a.start);
            Group {
                key: year.map_or_else(|| "undated".into(), |y| y.to_string()),
                label: year
                    .map_or_else(|| site.i18n.get(lang, "date-none", None), |y| y.to_string()),
                items: activities
                    .into_iter()
                    .map(|a| activity_ref(site, a, lang))
                    .collect(),
            }
        })
        .collect()
}

fn domain_links(site: &Site, lang: Lang) -> Vec<CountRow> {
    site.data
        .domains
        .iter()
        .map(|d| CountRow {
            key: super::url_of(site, &format!("domains/{}", d.id), lang).unwrap_or_default(),
            label: plain(d.name.get(lang), lang),
            count: crate::model::Figures::count(&site.figures.by_domain, &d.id),
            share: String::new(),
        })
        .collect()
}

/// One line of a work-plan table.
#[derive(Serialize)]
struct ActivityRow {
    title: String,
    url: String,
    date: String,
    sector: String,
    partners: Vec<Link>,
}

fn activity_row(site: &Site, a: &Activity, lang: Lang) -> ActivityRow {
    ActivityRow {
        title: plain(a.title.get(lang), lang),
        url: super::url_of(site, &format!("activities/{}", a.id), lang).unwrap_or_default(),
        date: activity_date(site, a, lang),
        sector: plain(a.sector.get(lang), lang),
        partners: partner_links(site, a, lang),
    }
}

fn partner_links(site: &Site, a: &Activity, lang: Lang) -> Vec<Link> {
    a.partners
        .iter()
        .filter_map(|id| site.data.partners.iter().find(|p| &p.id == id))
        .map(|p| Link {
            title: p.name.clone(),
            url: super::url_of(site, &format!("partners/{}", p.id), lang).unwrap_or_default(),
        })
        .collect()
}

fn strategy_view(site: &Site, lang: Lang, problems: &mut Vec<Diagnostic>) -> Option<StrategyView> {
    use crate::content::data::ActionStatus;
    let strategy = site.data.strategy.as_ref()?;
    let md = |t: &Text, problems: &mut Vec<Diagnostic>| {
        data_markdown(site, t, lang, STRATEGY_FILE, problems)
    };
    let status_rows = |items: &mut dyn Iterator<Item = ActionStatus>| -> Vec<CountRow> {
        let all: Vec<ActionStatus> = items.collect();
        [
            ActionStatus::Completed,
            ActionStatus::Finished,
            ActionStatus::InProgress,
            ActionStatus::InPreparation,
            ActionStatus::NotStated,
        ]
        .into_iter()
        .map(|status| {
            let count = all.iter().filter(|s| **s == status).count();
            CountRow {
                key: enum_key(&status),
                label: site
                    .i18n
                    .get(lang, &format!("status-{}", enum_key(&status)), None),
                count,
                share: share(lang, count, all.len()),
            }
        })
        .filter(|row| row.count > 0)
        .collect()
    };
    let themes = strategy
        .themes
        .iter()
        .map(|theme| ThemeView {
            id: theme.id.clone(),
            title: plain(theme.title.get(lang), lang),
            statuses: status_rows(
                &mut theme
                    .actions
                    .iter()
                    .flat_map(|a| a.items.iter().map(|i| i.status)),
            ),
            actions: theme
                .actions
                .iter()
                .map(|action| ActionView {
                    id: action.id.clone(),
                    anchor: format!("action-{}", crate::urls::slugify(&action.id)),
                    action: data_inline(site, &action.action, lang, STRATEGY_FILE, problems),
                    items: action
                        .items
                        .iter()
                        .map(|item| ItemView {
                            entity: plain(item.entity.get(lang), lang),
                            committee: item.committee.as_ref().map(|c| plain(c.get(lang), lang)),
                            results: md(&item.results, problems),
                            deadline: item.deadline.as_ref().map(|d| plain(d.get(lang), lang)),
                            status: enum_key(&item.status),
                            status_label: site.i18n.get(
                                lang,
                                &format!("status-{}", enum_key(&item.status)),
                                None,
                            ),
                            note: item.note.as_ref().map(|n| md(n, problems)),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Some(StrategyView {
        title: plain(strategy.title.get(lang), lang),
        state: strategy.state.as_ref().map(|s| plain(s.get(lang), lang)),
        statuses: status_rows(&mut strategy.themes.iter().flat_map(|t| {
            t.actions
                .iter()
                .flat_map(|a| a.items.iter().map(|i| i.status))
        })),
        themes,
    })
}

/// Renders a conclusions text and turns its `[^n]` calls into links to the footnotes.
fn with_footnote_calls(html: &str, used: &mut BTreeSet<u32>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("[^") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after
            .find(']')
            .and_then(|end| after[..end].parse::<u32>().ok().map(|n| (n, end)))
        {
            Some((n, end)) => {
                let id = if used.insert(n) {
                    format!(r#" id="fnref-{n}""#)
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    r##"<sup class="footnote-ref"><a href="#fn-{n}"{id}>{n}</a></sup>"##
                ));
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("[^");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn conclusions_view(
    site: &Site,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Option<ConclusionsView> {
    let c = site.data.conclusions.as_ref()?;
    let mut used = BTreeSet::new();
    let mut md = |t: &Text, problems: &mut Vec<Diagnostic>| {
        with_footnote_calls(
            &data_markdown(site, t, lang, CONCLUSIONS_FILE, problems),
            &mut used,
        )
    };
    let sections = c
        .sections
        .iter()
        .map(|section| SectionView {
            number: section.number,
            title: plain(section.title.get(lang), lang),
            paragraphs: section
                .paragraphs
                .iter()
                .map(|p| ParagraphView {
                    number: p.number,
                    anchor: format!("p{}", p.number),
                    text: md(&p.text, problems),
                    points: p
                        .points
                        .iter()
                        .map(|point| PointView {
                            label: point.label.clone(),
                            anchor: format!("p{}-{}", p.number, crate::urls::slugify(&point.label)),
                            text: md(&point.text, problems),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let footnotes = c
        .footnotes
        .iter()
        .map(|f| FootnoteView {
            number: f.number,
            anchor: format!("fn-{}", f.number),
            backref: format!("fnref-{}", f.number),
            text: data_markdown(site, &f.text, lang, CONCLUSIONS_FILE, problems),
        })
        .collect();
    Some(ConclusionsView {
        reference: c.reference.clone(),
        date: site.i18n.format_date(lang, &c.date),
        title: plain(c.title.get(lang), lang),
        header: c
            .header
            .iter()
            .map(|h| {
                (
                    plain(h.label.get(lang), lang),
                    plain(h.value.get(lang), lang),
                )
            })
            .collect(),
        sections,
        footnotes,
    })
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

/// The section's pages, which the index page then depends on (a new title shows there).
fn children(site: &Site, route: &Route, sources: Option<&mut BTreeSet<PathBuf>>) -> Vec<ChildView> {
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
                url: super::url_of(site, &p.key, route.lang)?,
                title: plain(&p.front.title, route.lang),
                date: p.front.date.map(|d| site.i18n.format_date(route.lang, &d)),
                description: p.front.description.as_ref().map(|d| plain(d, route.lang)),
            })
        })
        .collect()
}

/// Markdown of a one-paragraph data text, rendered in `lang` without its `<p>`.
fn data_inline(
    site: &Site,
    text: &Text,
    lang: Lang,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> String {
    data_text(
        site,
        text.get(lang),
        lang,
        file,
        problems,
        markdown::render_inline,
    )
}

/// Markdown of a data text, rendered in `lang`.
fn data_markdown(
    site: &Site,
    text: &Text,
    lang: Lang,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) -> String {
    data_text(site, text.get(lang), lang, file, problems, |text, cx| {
        markdown::render(text, cx).map(|r| r.html)
    })
}

/// A data text through `render`, its problems collected (the data file has no positions
/// for its values, so they name the file).
fn data_text(
    site: &Site,
    text: &str,
    lang: Lang,
    file: &str,
    problems: &mut Vec<Diagnostic>,
    render: impl Fn(&str, &markdown::Context) -> Result<String, Vec<Diagnostic>>,
) -> String {
    render(text, &markdown_context(site, lang, Path::new(file), 0)).unwrap_or_else(|e| {
        problems.extend(e);
        String::new()
    })
}

/// A short data text (a label, a sector) with the language's typography.
fn plain(text: &str, lang: Lang) -> String {
    crate::i18n::typography(lang, text)
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
    site.i18n
        .format_when(lang, a.start.as_ref(), a.end.as_ref())
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
