//! Derive: the figures the site states, computed from the data and never typed in:
//! partners by country, kind and cohort; the membership over time; activities per category
//! and per domain (and both at once); the engagement of each partner in the work plan; the
//! strategy's expected results by status and theme. Tables and charts read these only.

pub mod edition;

use crate::content::data::{
    ActionStatus, Data, PartialDate, PartnerKind, PartnerStatus, StatedFigures,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// A count under a key, in a stable order for tables and charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: String,
    pub count: usize,
}

/// Work-plan participation of one partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    pub partner: String,
    pub activities: usize,
    /// Share of all work-plan activities, 0.0–1.0.
    pub share: f64,
}

/// The work-plan activities of one domain, split by category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DomainActivities {
    pub domain: String,
    pub total: usize,
    /// Every category in the status document's order, zeros included.
    pub by_category: Vec<Count>,
}

/// A date on which the partnership's membership changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipChange {
    pub date: PartialDate,
    /// Partners whose exchange of letters is dated that day (active or since ended), in
    /// data order.
    pub joined: Vec<String>,
    /// Partners due to join that day (status `joining`): not yet partners.
    pub joining: Vec<String>,
    /// Partners whose partnership ended that day.
    pub left: Vec<String>,
    /// Partners after that day's changes, joining ones not counted.
    pub members: usize,
    /// `members` plus the joining partners dated up to that day.
    pub with_joining: usize,
}

/// The expected results (rows of the progress table) of one theme of the strategy, by
/// status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeStatuses {
    pub theme: String,
    pub total: usize,
    /// Every status in the table's order (completed, finished, in progress, in
    /// preparation), zeros included.
    pub by_status: Vec<Count>,
}

/// The number of partners of one kind, as a source states it and as the data count it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatedCount {
    pub kind: PartnerKind,
    pub stated: usize,
    pub computed: usize,
}

/// The kinds the source of `stated` counts, beside the data's counts, when the figures
/// describe the same day (`as_of`) and differ for some kind; in the order of
/// [`PartnerKind::ALL`]. None when they agree, or describe another day.
pub fn stated_kinds(
    figures: &Figures,
    stated: &StatedFigures,
    as_of: PartialDate,
) -> Option<Vec<StatedCount>> {
    if stated.date != as_of {
        return None;
    }
    let counts: Vec<StatedCount> = PartnerKind::ALL
        .iter()
        .filter_map(|kind| {
            let stated = *stated.kinds.get(kind)?;
            Some(StatedCount {
                kind: *kind,
                stated,
                computed: Figures::count(&figures.by_kind, &enum_key(kind)),
            })
        })
        .collect();
    counts
        .iter()
        .any(|c| c.stated != c.computed)
        .then_some(counts)
}

/// The figures of the partnership, as the status document gives them.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// Partners whose status is `active` (the document's "liste complète").
    pub partners: usize,
    pub joining: usize,
    pub ended: usize,
    pub countries: usize,
    pub by_country: Vec<Count>,
    pub by_kind: Vec<Count>,
    pub by_cohort: Vec<Count>,
    pub activities: usize,
    /// Categories in the data's order; those without activities left out.
    pub by_category: Vec<Count>,
    /// Work plans in the data's order; those without activities left out.
    pub by_work_plan: Vec<Count>,
    pub by_domain: Vec<Count>,
    /// Domains in the order of `by_domain`, each split by category. An activity with two
    /// domains counts in both.
    pub domains_by_category: Vec<DomainActivities>,
    /// Every partner of the data, most engaged first.
    pub engagement: Vec<Engagement>,
    /// Membership changes in date order (a date given as a month or a year sorts before
    /// the days of that month or year).
    pub membership: Vec<MembershipChange>,
    /// Themes of the strategy in data order; empty without a strategy.
    pub strategy_by_theme: Vec<ThemeStatuses>,
    /// The first and last years of each work plan that has activities, in data order:
    /// what "the work plan 2018-2021" names.
    pub plan_periods: Vec<(i32, i32)>,
    /// First and last year of the work plan's dated activities.
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

impl Figures {
    pub fn compute(data: &Data) -> Figures {
        let active: Vec<_> = data
            .partners
            .iter()
            .filter(|p| p.status == PartnerStatus::Active)
            .collect();
        let mut by_country: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_kind: BTreeMap<PartnerKind, usize> = BTreeMap::new();
        let mut by_cohort: BTreeMap<String, usize> = BTreeMap::new();
        for partner in &active {
            *by_country.entry(&partner.country).or_default() += 1;
            *by_kind.entry(partner.kind).or_default() += 1;
            *by_cohort.entry(partner.cohort()).or_default() += 1;
        }
        let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_work_plan: BTreeMap<&str, usize> = BTreeMap::new();
        let mut by_domain: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_partner: BTreeMap<&str, usize> = BTreeMap::new();
        let mut domain_category: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for activity in &data.activities {
            *by_category.entry(&activity.category).or_default() += 1;
            if let Some(plan) = data.work_plan_of(activity) {
                *by_work_plan.entry(&plan.id).or_default() += 1;
            }
            for domain in &activity.domains {
                *by_domain.entry(domain).or_default() += 1;
                *domain_category
                    .entry((domain, &activity.category))
                    .or_default() += 1;
            }
            for partner in &activity.partners {
                *per_partner.entry(partner).or_default() += 1;
            }
        }
        let total = data.activities.len();
        let mut engagement: Vec<Engagement> = data
            .partners
            .iter()
            .map(|p| {
                let n = per_partner.get(p.id.as_str()).copied().unwrap_or(0);
                Engagement {
                    partner: p.id.clone(),
                    activities: n,
                    share: if total == 0 {
                        0.0
                    } else {
                        n as f64 / total as f64
                    },
                }
            })
            .collect();
        // Most engaged first; ties in data order, so the sort is stable and deterministic.
        engagement.sort_by_key(|e| std::cmp::Reverse(e.activities));
        let years = data
            .activities
            .iter()
            .filter_map(|a| a.start.map(|d| d.year));
        let by_domain = sorted_counts(by_domain.into_iter().map(|(k, v)| (k.to_string(), v)));
        let domains_by_category = by_domain
            .iter()
            .map(|d| DomainActivities {
                domain: d.key.clone(),
                total: d.count,
                by_category: counts(data.categories.iter().map(|c| {
                    let n = domain_category
                        .get(&(d.key.as_str(), c.id.as_str()))
                        .copied()
                        .unwrap_or(0);
                    (c.id.clone(), n)
                })),
            })
            .collect();
        Figures {
            partners: active.len(),
            joining: data
                .partners
                .iter()
                .filter(|p| p.status == PartnerStatus::Joining)
                .count(),
            ended: data
                .partners
                .iter()
                .filter(|p| p.status == PartnerStatus::Ended)
                .count(),
            countries: by_country.len(),
            by_country: sorted_counts(by_country.into_iter().map(|(k, v)| (k.to_string(), v))),
            by_kind: counts(by_kind.into_iter().map(|(k, v)| (enum_key(&k), v))),
            by_cohort: counts(data.cohorts().into_iter().filter_map(|c| {
                let n = by_cohort.get(&c).copied()?;
                Some((c, n))
            })),
            activities: total,
            by_category: counts(data.categories.iter().filter_map(|c| {
                let n = by_category.get(c.id.as_str()).copied()?;
                Some((c.id.clone(), n))
            })),
            by_work_plan: counts(data.work_plans.iter().filter_map(|w| {
                let n = by_work_plan.get(w.id.as_str()).copied()?;
                Some((w.id.clone(), n))
            })),
            by_domain,
            domains_by_category,
            engagement,
            membership: membership(data),
            strategy_by_theme: strategy_by_theme(data),
            plan_periods: data
                .work_plans
                .iter()
                .filter(|w| by_work_plan.contains_key(w.id.as_str()))
                .map(|w| (w.start, w.end))
                .collect(),
            first_year: years.clone().min(),
            last_year: years.max(),
        }
    }

    pub fn count(list: &[Count], key: &str) -> usize {
        list.iter().find(|c| c.key == key).map_or(0, |c| c.count)
    }
}

/// The membership changes, from each partner's `signed` and `ended` dates.
fn membership(data: &Data) -> Vec<MembershipChange> {
    fn on(
        by_date: &mut BTreeMap<PartialDate, MembershipChange>,
        date: PartialDate,
    ) -> &mut MembershipChange {
        by_date.entry(date).or_insert_with(|| MembershipChange {
            date,
            joined: Vec::new(),
            joining: Vec::new(),
            left: Vec::new(),
            members: 0,
            with_joining: 0,
        })
    }
    let mut by_date = BTreeMap::new();
    for partner in &data.partners {
        let id = partner.id.clone();
        match partner.status {
            PartnerStatus::Joining => on(&mut by_date, partner.signed).joining.push(id),
            PartnerStatus::Active | PartnerStatus::Ended => {
                on(&mut by_date, partner.signed).joined.push(id.clone());
                if let Some(ended) = partner.ended {
                    on(&mut by_date, ended).left.push(id);
                }
            }
        }
    }
    let (mut members, mut joining) = (0, 0);
    by_date
        .into_values()
        .map(|mut c| {
            members = (members + c.joined.len()).saturating_sub(c.left.len());
            joining += c.joining.len();
            c.members = members;
            c.with_joining = members + joining;
            c
        })
        .collect()
}

fn strategy_by_theme(data: &Data) -> Vec<ThemeStatuses> {
    let Some(strategy) = &data.strategy else {
        return Vec::new();
    };
    strategy
        .themes
        .iter()
        .map(|theme| {
            let statuses: Vec<ActionStatus> = theme
                .actions
                .iter()
                .flat_map(|a| a.items.iter().map(|i| i.status))
                .collect();
            ThemeStatuses {
                theme: theme.id.clone(),
                total: statuses.len(),
                by_status: counts(ActionStatus::ALL.into_iter().map(|status| {
                    let n = statuses.iter().filter(|s| **s == status).count();
                    (enum_key(&status), n)
                })),
            }
        })
        .collect()
}

fn counts(items: impl Iterator<Item = (String, usize)>) -> Vec<Count> {
    items.map(|(key, count)| Count { key, count }).collect()
}

/// Largest first, then by key.
fn sorted_counts(items: impl Iterator<Item = (String, usize)>) -> Vec<Count> {
    let mut list = counts(items);
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    list
}

/// The data spelling of an enum value (`business-association`).
pub fn enum_key<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Text;

    #[test]
    fn stated_kinds_are_compared_on_their_day_and_only_when_they_differ() {
        let day = |s: &str| s.parse::<PartialDate>().unwrap();
        let figures = Figures {
            by_kind: vec![
                Count {
                    key: "company".into(),
                    count: 14,
                },
                Count {
                    key: "business-association".into(),
                    count: 8,
                },
            ],
            ..Figures::compute(&Data::default())
        };
        let text = || Text {
            fr: "x".into(),
            en: "x".into(),
        };
        let stated = |kinds: &[(PartnerKind, usize)]| StatedFigures {
            source: text(),
            date: day("2022-06-08"),
            kinds: kinds.iter().copied().collect(),
            note: text(),
        };
        let differ = stated(&[
            (PartnerKind::Company, 15),
            (PartnerKind::BusinessAssociation, 7),
        ]);
        assert_eq!(
            stated_kinds(&figures, &differ, day("2022-06-08")).unwrap(),
            [
                StatedCount {
                    kind: PartnerKind::Company,
                    stated: 15,
                    computed: 14
                },
                StatedCount {
                    kind: PartnerKind::BusinessAssociation,
                    stated: 7,
                    computed: 8
                },
            ]
        );
        // Figures of another day say nothing of the data's.
        assert_eq!(stated_kinds(&figures, &differ, day("2023-01-01")), None);
        // Figures that agree need no note; a kind the source does not count is not compared.
        let agree = stated(&[(PartnerKind::Company, 14)]);
        assert_eq!(stated_kinds(&figures, &agree, day("2022-06-08")), None);
    }
}
