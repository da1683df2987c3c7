//! What several kinds of page show alike: groups and counts, the partnership's figures,
//! charts, and data texts rendered as Markdown in the page's language.

use super::{Link, Parts, Route, keys};
use crate::Site;
use crate::charts;
use crate::content::data::{Activity, PartnerKind};
use crate::diagnostic::Diagnostic;
use crate::i18n::{Country, label_id};
use crate::lang::{Lang, Text};
use crate::markdown;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The editorial note that gives a source's figures of the partners by kind where the data
/// count otherwise ([`crate::model::stated_kinds`]): "The status document … counts 15
/// companies, 7 business associations and 3 professional associations, where the data
/// count 14, 8 and 3.", then why (the data's `note`, rendered by `markdown`).
#[derive(Serialize)]
pub(super) struct StatedKindsNote {
    pub(super) text: String,
    pub(super) why: String,
}

pub(super) fn stated_kinds_note(
    words: &crate::i18n::Words,
    data: &crate::content::data::Data,
    figures: &crate::model::Figures,
    as_of: crate::content::data::PartialDate,
    markdown: &mut dyn FnMut(&str) -> String,
) -> Option<StatedKindsNote> {
    let stated = data.stated_figures.as_ref()?;
    let counts = crate::model::stated_kinds(figures, stated, as_of)?;
    let lang = words.lang;
    let kinds: Vec<String> = counts
        .iter()
        .map(|c| {
            // "15 entreprises", as the report's sentence of the data's figures says it.
            words.with(
                &format!("report-kind-{}", crate::model::enum_key(&c.kind)),
                &[("count", c.stated.into())],
            )
        })
        .collect();
    let computed: Vec<String> = counts.iter().map(|c| c.computed.to_string()).collect();
    Some(StatedKindsNote {
        text: words.with(
            "stated-kinds",
            &[
                ("source", plain(stated.source.get(lang), lang).into()),
                ("stated", words.list(&kinds).into()),
                ("computed", words.list(&computed).into()),
            ],
        ),
        why: markdown(stated.note.get(lang)),
    })
}

/// Draws the charts a page shows, by name, into its `charts` (each only for the page that
/// shows it).
pub(super) fn charts(
    site: &Site,
    route: &Route,
    wanted: &[(&'static str, charts::Draw)],
    parts: &mut Parts,
) -> BTreeMap<&'static str, String> {
    let mut drawn = BTreeMap::new();
    let facts = site.facts();
    for (name, draw) in wanted {
        match draw(&facts, route.lang) {
            Ok(Some(chart)) => {
                drawn.insert(*name, chart);
            }
            Ok(None) => {}
            Err(message) => parts
                .problems
                .push(Diagnostic::error(&route.source, message)),
        }
    }
    if !drawn.is_empty() {
        parts.cx.insert("charts", &drawn);
    }
    // Their titles, for a contents list.
    drawn
        .into_iter()
        .map(|(name, chart)| (name, chart.title))
        .collect()
}

/// A labelled group of links (partners by kind, activities by year, …).
#[derive(Serialize)]
pub(super) struct Group<T> {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) items: Vec<T>,
}

#[derive(Serialize)]
pub(super) struct CountRow {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) count: usize,
    /// Formatted in the page's language.
    pub(super) share: String,
}

/// The partnership's figures, labelled for the page's language.
#[derive(Serialize)]
pub(super) struct FiguresView {
    pub(super) partners: usize,
    pub(super) joining: usize,
    pub(super) ended: usize,
    pub(super) countries: usize,
    pub(super) activities: usize,
    /// The periods of the work plans with activities: "2018-2021".
    pub(super) years: String,
    /// How many work plans `years` names.
    pub(super) plans: usize,
    pub(super) by_country: Vec<CountRow>,
    pub(super) by_kind: Vec<CountRow>,
    pub(super) by_cohort: Vec<CountRow>,
    pub(super) by_category: Vec<CountRow>,
    pub(super) by_domain: Vec<CountRow>,
}

pub(super) fn share(lang: Lang, count: usize, total: usize) -> String {
    let percent = if total == 0 {
        0.0
    } else {
        count as f64 * 100.0 / total as f64
    };
    crate::i18n::format_percent(lang, percent)
}

pub(super) fn rows(
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

pub(super) fn figures_view(site: &Site, lang: Lang) -> FiguresView {
    let f = &site.figures;
    let i18n = &site.i18n;
    let domain_name = |id: &str| {
        site.data
            .domain(id)
            .map_or_else(|| id.to_string(), |d| plain(d.name.get(lang), lang))
    };
    let years = i18n.format_periods(lang, &f.plan_periods);
    FiguresView {
        partners: f.partners,
        joining: f.joining,
        ended: f.ended,
        countries: f.countries,
        activities: f.activities,
        years,
        plans: f.plan_periods.len(),
        by_country: rows(site, lang, &f.by_country, f.partners, |k| {
            i18n.label(lang, &Country(k))
        }),
        by_kind: rows(site, lang, &f.by_kind, f.partners, |k| {
            i18n.get(lang, &label_id::<PartnerKind>(k), None)
        }),
        by_cohort: rows(site, lang, &f.by_cohort, f.partners, str::to_string),
        by_category: rows(site, lang, &f.by_category, f.activities, |k| {
            site.data
                .category(k)
                .map_or_else(|| k.to_string(), |c| plain(c.name.get(lang), lang))
        }),
        by_domain: rows(site, lang, &f.by_domain, f.activities, domain_name),
    }
}

pub(super) fn markdown_context<'a>(
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
        page: None,
        resolve: site,
        shortcodes: None,
        images: Some(&site.media),
    }
}

/// Markdown of a one-paragraph data text, rendered in `lang` without its `<p>`.
pub(super) fn data_inline(
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
pub(super) fn data_markdown(
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
pub(super) fn data_text(
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

/// How many words of a record's text make its page's description (`<meta name=description>`):
/// about the 160 characters search engines show.
pub(super) const DESCRIPTION_WORDS: usize = 26;

/// A short data text (a label, a sector) with the language's typography.
pub(super) fn plain(text: &str, lang: Lang) -> String {
    crate::i18n::typography(lang, text)
}

#[derive(Serialize)]
pub(super) struct ActivityRef {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) date: String,
    pub(super) category_label: String,
}

pub(super) fn activity_ref(site: &Site, a: &Activity, lang: Lang) -> ActivityRef {
    ActivityRef {
        title: plain(a.title.get(lang), lang),
        url: site.url(&keys::activity(&a.id), lang).unwrap_or_default(),
        date: activity_date(site, a, lang),
        category_label: category_label(site, a, lang),
    }
}

/// The name of an activity's category in `lang`.
pub(super) fn category_label(site: &Site, a: &Activity, lang: Lang) -> String {
    site.data
        .category(&a.category)
        .map_or_else(|| a.category.clone(), |c| plain(c.name.get(lang), lang))
}

pub(super) fn activity_date(site: &Site, a: &Activity, lang: Lang) -> String {
    site.i18n
        .format_when(lang, a.start.as_ref(), a.end.as_ref())
}

pub(super) fn partner_links(site: &Site, a: &Activity, lang: Lang) -> Vec<Link> {
    a.partners
        .iter()
        .filter_map(|id| site.data.partner(id))
        .map(|p| Link {
            title: p.name.clone(),
            url: site.url(&keys::partner(&p.id), lang).unwrap_or_default(),
        })
        .collect()
}

/// A page's title as its heading, menus and lists show it.
pub(super) fn title(site: &Site, route: &Route) -> String {
    match route.kind.info().title {
        Some(id) => {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("title", route.title.clone());
            // The work plan's list is named after its plan, or in the plural for several.
            args.set("plans", site.data.work_plans.len());
            site.i18n.get(route.lang, id, Some(&args))
        }
        None => plain(&route.title, route.lang),
    }
}
