//! The partners: their list (with filters by kind, country and cohort) and one page per
//! partner, from `content/data/partners.yaml`.

use super::common::*;
use super::keys;
use super::{FeedEntry, Kind, Link, OgType, Parts, Route, RouteKind, View, generated, permalink};
use crate::Site;
use crate::config::Config;
use crate::content::data::{Data, PartialDate, Partner, PartnerKind};
use crate::content::{ACTIVITIES_FILE, DOMAINS_FILE, PARTNERS_FILE};
use crate::diagnostic::Diagnostic;
use crate::i18n::Country;
use crate::lang::Lang;
use crate::model::enum_key;
use serde::Serialize;
use std::path::PathBuf;

pub(super) const LIST: Kind = Kind {
    name: "partner-list",
    data_files: &[PARTNERS_FILE, ACTIVITIES_FILE],
    title: Some("partners-title"),
    parent: None,
    nav: Some((40, "nav-partners")),
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(list_view),
    feed: None,
    og_type: Some(OgType::Website),
};

pub(super) const PARTNER: Kind = Kind {
    name: "partner",
    data_files: &[PARTNERS_FILE, ACTIVITIES_FILE],
    title: None,
    parent: Some(keys::PARTNERS),
    nav: None,
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(partner_page),
    feed: Some(feed),
    og_type: Some(OgType::Website),
};

pub(super) fn routes(config: &Config, data: &Data, lang: Lang, routes: &mut Vec<Route>) {
    let partners = config.paths.partners.get(lang);
    if !data.partners.is_empty() {
        routes.push(generated(
            keys::PARTNERS,
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
            &keys::partner(&p.id),
            lang,
            RouteKind::Partner(i),
            &[partners, &p.id],
            p.name.clone(),
            "partner.html",
            PARTNERS_FILE,
        ));
    }
}

fn list_view(site: &Site, route: &Route, parts: &mut Parts) {
    let lang = route.lang;
    let partners: Vec<PartnerView> = site
        .data
        .partners
        .iter()
        .map(|p| partner_view(site, p, lang, &mut parts.problems))
        .collect();
    parts
        .cx
        .insert("filters", &partner_filters(site, &partners, lang));
    if !site.data.activities.is_empty() {
        // The work-plan page's engagement chart, which is about these partners.
        parts.cx.insert(
            "engagement_url",
            &site
                .url(keys::ACTIVITIES, lang)
                .map(|url| format!("{url}#engagement")),
        );
    }
    parts
        .cx
        .insert_value("figures", parts.shared.figures.clone());
    // The table marks the countries the sources do not state, and says so under it.
    parts.cx.insert(
        "countries_not_in_sources",
        &partners.iter().any(|p| p.country_source.is_some()),
    );
    parts.cx.insert("partners", &partners);
    let count = site.figures.partners.into();
    parts.describe(site, lang, "partners-description", &[("count", count)]);
    // Its figures name the domains of activity.
    parts.sources.insert(PathBuf::from(DOMAINS_FILE));
}

fn partner_page(site: &Site, route: &Route, parts: &mut Parts) {
    let RouteKind::Partner(i) = route.kind else {
        return;
    };
    let view = partner_view(
        site,
        &site.data.partners[i],
        route.lang,
        &mut parts.problems,
    );
    // What search engines and shared links show of the page: its profile's first words.
    parts.description = Some(super::toc::first_words(&view.profile, DESCRIPTION_WORDS));
    parts.cx.insert("partner", &view);
}

#[derive(Serialize)]
pub(super) struct PartnerView {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) variants: Vec<String>,
    pub(super) kind: String,
    pub(super) kind_label: String,
    pub(super) country: String,
    pub(super) country_name: String,
    /// Where the country comes from, when the sources do not name it.
    pub(super) country_source: Option<String>,
    pub(super) sector: String,
    pub(super) website: Option<String>,
    pub(super) signed: String,
    pub(super) cohort: String,
    pub(super) status: String,
    pub(super) status_label: String,
    pub(super) ended: Option<String>,
    pub(super) profile: String,
    pub(super) note: Option<String>,
    pub(super) url: String,
    pub(super) activities: Vec<ActivityRef>,
    pub(super) engagement: usize,
}

pub(super) fn partner_view(
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
        kind_label: i18n.label(lang, &p.kind),
        kind,
        country_name: i18n.label(lang, &Country(&p.country)),
        country: p.country.clone(),
        country_source: p
            .country_source
            .as_ref()
            .map(|source| plain(source.get(lang), lang)),
        sector: plain(p.sector.get(lang), lang),
        website: p.website.clone(),
        signed: match &p.signed_text {
            Some(text) => plain(text.get(lang), lang),
            None => i18n.format_date(lang, &p.signed),
        },
        cohort: p.cohort(),
        status_label: i18n.label(lang, &p.status),
        status,
        ended: p.ended.map(|d| i18n.format_date(lang, &d)),
        profile: data_markdown(site, &p.profile, lang, PARTNERS_FILE, problems),
        note: p
            .note
            .as_ref()
            .map(|n| data_markdown(site, n, lang, PARTNERS_FILE, problems)),
        url: site.url(&keys::partner(&p.id), lang).unwrap_or_default(),
        engagement: activities.len(),
        activities,
    }
}

pub(super) fn partner_filters(
    site: &Site,
    partners: &[PartnerView],
    lang: Lang,
) -> Vec<Group<Group<Link>>> {
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
    by_kind.sort_by_key(|g| PartnerKind::ALL.iter().position(|k| enum_key(k) == g.key));
    let mut by_country = group_by(&|p| (p.country.clone(), p.country_name.clone()));
    by_country.sort_by(|a, b| {
        b.items
            .len()
            .cmp(&a.items.len())
            .then_with(|| a.label.cmp(&b.label))
    });
    let mut by_cohort = group_by(&|p| (p.cohort.clone(), p.cohort.clone()));
    let cohorts = site.data.cohorts();
    by_cohort.sort_by_key(|g| cohorts.iter().position(|c| *c == g.key));
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

/// Each partner's exchange of letters, and the end of its partnership.
fn feed(site: &Site, lang: Lang) -> Vec<FeedEntry> {
    let mut entries = Vec::new();
    for partner in &site.data.partners {
        let Some(url) = permalink(site, &keys::partner(&partner.id), lang) else {
            continue;
        };
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("name", partner.name.clone());
        let mut event = |date: PartialDate, what: &str| {
            entries.push(FeedEntry {
                date,
                id: format!("{url}#{what}"),
                url: url.clone(),
                title: site
                    .i18n
                    .get(lang, &format!("feed-partner-{what}"), Some(&args)),
                summary: site
                    .i18n
                    .get(lang, &format!("feed-partner-{what}-summary"), Some(&args)),
            })
        };
        event(partner.signed, "joined");
        if let Some(ended) = partner.ended {
            event(ended, "ended");
        }
    }
    entries
}
