//! The Internet Governance Strategy 2016–2019: its actions by theme with their status, and
//! the status chart, from `content/data/strategy.yaml`.

use super::chrome::dataset_downloads;
use super::common::*;
use super::keys;
use super::toc::{self, TocEntry};
use super::{Kind, Link, OgType, Parts, Route, RouteKind, View, generated};
use crate::Site;
use crate::charts;
use crate::config::Config;
use crate::content::STRATEGY_FILE;
use crate::content::data::Data;
use crate::diagnostic::Diagnostic;
use crate::lang::{Lang, Text};
use crate::model::{Count, enum_key};
use crate::render::open_data::Dataset;
use serde::Serialize;

pub(super) const KIND: Kind = Kind {
    name: "strategy",
    data_files: &[STRATEGY_FILE],
    title: None,
    parent: None,
    nav: Some((60, "nav-strategy")),
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(page),
    feed: None,
    og_type: Some(OgType::Website),
};

pub(super) fn routes(config: &Config, data: &Data, lang: Lang, routes: &mut Vec<Route>) {
    if let Some(strategy) = &data.strategy {
        routes.push(generated(
            keys::STRATEGY,
            lang,
            RouteKind::Strategy,
            &[config.paths.strategy.get(lang)],
            strategy.title.get(lang).clone(),
            "strategy.html",
            STRATEGY_FILE,
        ));
    }
}

fn page(site: &Site, route: &Route, parts: &mut Parts) {
    let view = strategy_view(site, route.lang, &mut parts.problems);
    let titles = charts(site, route, &[("strategy", charts::strategy)], parts);
    if let Some(view) = view {
        let chart = titles
            .get("strategy")
            .map(|title| TocEntry::new("by-status", title));
        let themes = view
            .themes
            .iter()
            .map(|theme| TocEntry::new(&theme.id, &theme.title));
        parts.toc = toc::worth_showing(chart.into_iter().chain(themes).collect());
        let count: usize = view.statuses.iter().map(|row| row.count).sum();
        let mut args = vec![
            ("title", view.title.clone().into()),
            ("count", count.into()),
        ];
        let key = match &view.state {
            Some(state) => {
                args.push(("state", state.clone().into()));
                "strategy-description"
            }
            None => "strategy-description-undated",
        };
        parts.describe(site, route.lang, key, &args);
        parts.cx.insert("strategy", &view);
    }
}

#[derive(Serialize)]
pub(super) struct StrategyView {
    pub(super) title: String,
    pub(super) state: Option<String>,
    pub(super) statuses: Vec<CountRow>,
    pub(super) themes: Vec<ThemeView>,
    /// The table as open data (strategy.json, strategy.csv).
    pub(super) downloads: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct ThemeView {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) statuses: Vec<CountRow>,
    pub(super) actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub(super) struct ActionView {
    pub(super) id: String,
    pub(super) anchor: String,
    pub(super) action: String,
    /// The action as plain text: its title among search results.
    pub(super) title: String,
    pub(super) items: Vec<ItemView>,
}

#[derive(Serialize)]
pub(super) struct ItemView {
    pub(super) entity: String,
    pub(super) committee: Option<String>,
    pub(super) results: String,
    pub(super) deadline: Option<String>,
    pub(super) status: String,
    pub(super) status_label: String,
    pub(super) note: Option<String>,
}

pub(super) fn strategy_view(
    site: &Site,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Option<StrategyView> {
    use crate::content::data::ActionStatus;
    let strategy = site.data.strategy.as_ref()?;
    let md = |t: &Text, problems: &mut Vec<Diagnostic>| {
        data_markdown(site, t, lang, STRATEGY_FILE, problems)
    };
    // The model counts the rows by status, per theme; the page shows the statuses a theme
    // has, and the whole strategy's as their sum.
    let status_rows = |counts: &[Count], total: usize| -> Vec<CountRow> {
        counts
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| CountRow {
                key: c.key.clone(),
                label: site
                    .i18n
                    .get(lang, &crate::i18n::label_id::<ActionStatus>(&c.key), None),
                count: c.count,
                share: share(lang, c.count, total),
            })
            .collect()
    };
    let by_theme = &site.figures.strategy_by_theme;
    let total: usize = by_theme.iter().map(|t| t.total).sum();
    let overall: Vec<Count> = ActionStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, status)| Count {
            key: enum_key(status),
            count: by_theme.iter().map(|t| t.by_status[i].count).sum(),
        })
        .collect();
    let themes = strategy
        .themes
        .iter()
        .zip(by_theme)
        .map(|(theme, counted)| ThemeView {
            id: theme.id.clone(),
            title: plain(theme.title.get(lang), lang),
            statuses: status_rows(&counted.by_status, counted.total),
            actions: theme
                .actions
                .iter()
                .map(|action| {
                    let html = data_inline(site, &action.action, lang, STRATEGY_FILE, problems);
                    ActionView {
                        id: action.id.clone(),
                        anchor: format!("action-{}", crate::urls::slugify(&action.id)),
                        title: super::toc::first_words(&html, usize::MAX),
                        action: html,
                        items: action
                            .items
                            .iter()
                            .map(|item| ItemView {
                                entity: plain(item.entity.get(lang), lang),
                                committee: item
                                    .committee
                                    .as_ref()
                                    .map(|c| plain(c.get(lang), lang)),
                                results: md(&item.results, problems),
                                deadline: item.deadline.as_ref().map(|d| plain(d.get(lang), lang)),
                                status: enum_key(&item.status),
                                status_label: site.i18n.label(lang, &item.status),
                                note: item.note.as_ref().map(|n| md(n, problems)),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    Some(StrategyView {
        title: plain(strategy.title.get(lang), lang),
        state: strategy.state.as_ref().map(|s| plain(s.get(lang), lang)),
        statuses: status_rows(&overall, total),
        themes,
        downloads: dataset_downloads(site, Dataset::Strategy),
    })
}
