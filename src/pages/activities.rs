//! The work plan: its list (by category and by year, with the engagement and domains
//! charts), one page per activity and one per domain of activity, from
//! `content/data/activities.yaml` and `domains.yaml`.

use super::common::*;
use super::keys;
use super::{FeedEntry, Kind, Link, OgType, Parts, Route, RouteKind, View, generated, permalink};
use crate::Site;
use crate::charts;
use crate::config::Config;
use crate::content::data::{Activity, Data};
use crate::content::{ACTIVITIES_FILE, DOMAINS_FILE, PARTNERS_FILE};
use crate::diagnostic::Diagnostic;
use crate::i18n::Words;
use crate::lang::Lang;
use serde::Serialize;

const FILES: &[&str] = &[PARTNERS_FILE, ACTIVITIES_FILE, DOMAINS_FILE];

pub(super) const LIST: Kind = Kind {
    name: "activity-list",
    data_files: FILES,
    title: Some("activities-title"),
    parent: None,
    nav: Some((50, "nav-activities")),
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(list_view),
    feed: None,
    og_type: Some(OgType::Website),
};

pub(super) const ACTIVITY: Kind = Kind {
    name: "activity",
    data_files: FILES,
    title: None,
    parent: Some(keys::ACTIVITIES),
    nav: None,
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(activity_page),
    feed: Some(feed),
    og_type: Some(OgType::Website),
};

pub(super) const DOMAIN: Kind = Kind {
    name: "domain",
    data_files: FILES,
    title: None,
    parent: Some(keys::ACTIVITIES),
    nav: None,
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(domain_page),
    feed: None,
    og_type: Some(OgType::Website),
};

pub(super) fn routes(config: &Config, data: &Data, lang: Lang, routes: &mut Vec<Route>) {
    let activities = config.paths.activities.get(lang);
    if !data.activities.is_empty() {
        routes.push(generated(
            keys::ACTIVITIES,
            lang,
            RouteKind::ActivityList,
            &[activities],
            // Named after its plan; `activities-title` says "work plans" for several.
            data.work_plans
                .first()
                .map(|w| w.title.get(lang).clone())
                .unwrap_or_default(),
            "activities.html",
            ACTIVITIES_FILE,
        ));
    }
    for (i, a) in data.activities.iter().enumerate() {
        routes.push(generated(
            &keys::activity(&a.id),
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
            &keys::domain(&d.id),
            lang,
            RouteKind::Domain(i),
            &[activities, domains, d.slug(lang)],
            d.name.get(lang).clone(),
            "domain.html",
            DOMAINS_FILE,
        ));
    }
}

fn list_view(site: &Site, route: &Route, parts: &mut Parts) {
    let lang = route.lang;
    let all: Vec<&Activity> = site.data.activities.iter().collect();
    parts
        .cx
        .insert("work_plans", &activities_by_plan(site, &all, lang));
    parts.cx.insert("by_year", &activities_by_year(site, lang));
    parts.cx.insert("domains", &domain_links(site, lang));
    let count = site.figures.activities.into();
    parts.describe(site, lang, "activities-description", &[("count", count)]);
    parts
        .cx
        .insert_value("figures", parts.shared.figures.clone());
    charts(
        site,
        route,
        &[
            ("engagement", charts::engagement),
            ("domains", charts::domains),
        ],
        parts,
    );
}

fn activity_page(site: &Site, route: &Route, parts: &mut Parts) {
    let RouteKind::Activity(i) = route.kind else {
        return;
    };
    let view = activity_view(
        site,
        &site.data.activities[i],
        route.lang,
        &mut parts.problems,
    );
    // What search engines and shared links show of the page: what, by whom, when and
    // with which partners (many activities have no description), then the description's
    // first words when the source gives one.
    let words = Words::new(&site.i18n, route.lang);
    let partners: Vec<String> = (view.partners.iter().map(|p| p.title.clone()))
        .chain(view.others.iter().cloned())
        .collect();
    // A title that is a sentence ends with its full stop; the summary's parenthesis follows.
    let mut args = vec![
        ("title", view.title.trim_end_matches('.').to_string().into()),
        ("sector", view.sector.clone().into()),
        ("date", view.date.clone().into()),
        ("category", view.category_label.clone().into()),
    ];
    let key = if partners.is_empty() {
        "activity-summary-alone"
    } else {
        args.push(("count", partners.len().into()));
        args.push(("partners", words.list(&partners).into()));
        "activity-summary"
    };
    let mut description = words.with(key, &args);
    if let Some(html) = &view.description {
        description.push(' ');
        description.push_str(&super::toc::first_words(html, DESCRIPTION_WORDS));
    }
    parts.description = Some(description);
    parts.cx.insert("activity", &view);
}

fn domain_page(site: &Site, route: &Route, parts: &mut Parts) {
    let RouteKind::Domain(i) = route.kind else {
        return;
    };
    let domain = &site.data.domains[i];
    let activities: Vec<&Activity> = site
        .data
        .activities
        .iter()
        .filter(|a| a.domains.contains(&domain.id))
        .collect();
    parts.cx.insert(
        "work_plans",
        &activities_by_plan(site, &activities, route.lang),
    );
    parts.cx.insert("count", &activities.len());
    let args = [
        (
            "domain",
            super::common::plain(domain.name.get(route.lang), route.lang).into(),
        ),
        ("count", activities.len().into()),
    ];
    parts.describe(site, route.lang, "domain-description", &args);
}

#[derive(Serialize)]
pub(super) struct ActivityView {
    pub(super) id: String,
    pub(super) category: String,
    pub(super) category_label: String,
    pub(super) work_plan: String,
    pub(super) sector: String,
    pub(super) title: String,
    /// The title is the editor's: the source gives none.
    pub(super) editorial_title: bool,
    pub(super) date: String,
    pub(super) date_text: Option<String>,
    pub(super) approximate: bool,
    pub(super) domains: Vec<String>,
    pub(super) partners: Vec<Link>,
    pub(super) others: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) note: Option<String>,
    pub(super) url: String,
}

/// One line of a work-plan table.
#[derive(Serialize)]
pub(super) struct ActivityRow {
    pub(super) title: String,
    /// The title is the editor's: the source gives none.
    pub(super) editorial_title: bool,
    pub(super) url: String,
    pub(super) date: String,
    pub(super) sector: String,
    pub(super) partners: Vec<Link>,
}

pub(super) fn activity_row(site: &Site, a: &Activity, lang: Lang) -> ActivityRow {
    ActivityRow {
        title: plain(a.title.get(lang), lang),
        editorial_title: a.editorial_title,
        url: site.url(&keys::activity(&a.id), lang).unwrap_or_default(),
        date: activity_date(site, a, lang),
        sector: plain(a.sector.get(lang), lang),
        partners: partner_links(site, a, lang),
    }
}

pub(super) fn activity_view(
    site: &Site,
    a: &Activity,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> ActivityView {
    ActivityView {
        id: a.id.clone(),
        category_label: category_label(site, a, lang),
        category: a.category.clone(),
        work_plan: site
            .data
            .work_plan_of(a)
            .map(|w| plain(w.title.get(lang), lang))
            .unwrap_or_default(),
        sector: plain(a.sector.get(lang), lang),
        title: plain(a.title.get(lang), lang),
        editorial_title: a.editorial_title,
        date: activity_date(site, a, lang),
        date_text: a.date_text.clone(),
        approximate: a.approximate,
        domains: a
            .domains
            .iter()
            .filter_map(|id| site.data.domain(id))
            .map(|d| plain(d.name.get(lang), lang))
            .collect(),
        partners: partner_links(site, a, lang),
        others: a.others.clone(),
        description: a
            .description
            .as_ref()
            .map(|d| data_markdown(site, d, lang, ACTIVITIES_FILE, problems)),
        note: a
            .note
            .as_ref()
            .map(|n| data_markdown(site, n, lang, ACTIVITIES_FILE, problems)),
        url: site.url(&keys::activity(&a.id), lang).unwrap_or_default(),
    }
}

/// The activities of one work plan, by category.
#[derive(Serialize)]
pub(super) struct PlanGroups {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) by_category: Vec<Group<ActivityRow>>,
}

/// `activities` by work plan (those with none left out), each by category, in the data's
/// order. With one work plan the sections keep the category's id as their anchor; with
/// several, the plan's id comes first, as two plans may share a category.
pub(super) fn activities_by_plan(
    site: &Site,
    activities: &[&Activity],
    lang: Lang,
) -> Vec<PlanGroups> {
    let data = &site.data;
    let several = data.work_plans.len() > 1;
    data.work_plans
        .iter()
        .filter_map(|plan| {
            let by_category: Vec<Group<ActivityRow>> = data
                .categories
                .iter()
                .filter_map(|category| {
                    let items: Vec<ActivityRow> = activities
                        .iter()
                        .filter(|a| {
                            a.category == category.id
                                && data.work_plan_of(a).is_some_and(|w| w.id == plan.id)
                        })
                        .map(|a| activity_row(site, a, lang))
                        .collect();
                    (!items.is_empty()).then(|| Group {
                        key: if several {
                            format!("{}-{}", plan.id, category.id)
                        } else {
                            category.id.clone()
                        },
                        label: plain(category.name.get(lang), lang),
                        items,
                    })
                })
                .collect();
            (!by_category.is_empty()).then(|| PlanGroups {
                id: plan.id.clone(),
                title: plain(plan.title.get(lang), lang),
                by_category,
            })
        })
        .collect()
}

pub(super) fn activities_by_year(site: &Site, lang: Lang) -> Vec<Group<ActivityRef>> {
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

pub(super) fn domain_links(site: &Site, lang: Lang) -> Vec<CountRow> {
    site.data
        .domains
        .iter()
        .map(|d| CountRow {
            key: site.url(&keys::domain(&d.id), lang).unwrap_or_default(),
            label: plain(d.name.get(lang), lang),
            count: crate::model::Figures::count(&site.figures.by_domain, &d.id),
            share: String::new(),
        })
        .collect()
}

/// The most recent dated activities, newest first.
pub(super) fn latest_activities(site: &Site, lang: Lang, n: usize) -> Vec<ActivityRef> {
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

/// Each dated activity, on its last day.
fn feed(site: &Site, lang: Lang) -> Vec<FeedEntry> {
    site.data
        .activities
        .iter()
        .filter_map(|activity| {
            let date = activity.end.or(activity.start)?;
            let url = permalink(site, &keys::activity(&activity.id), lang)?;
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("sector", plain(activity.sector.get(lang), lang));
            args.set("category", category_label(site, activity, lang));
            Some(FeedEntry {
                date,
                id: url.clone(),
                url,
                title: plain(activity.title.get(lang), lang),
                summary: site.i18n.get(lang, "feed-entry-summary", Some(&args)),
            })
        })
        .collect()
}
