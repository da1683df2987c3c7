//! Derive: the figures the site states, computed from the data and never typed in:
//! partners by country, kind and cohort; activities per category and per domain; the
//! engagement of each partner in the work plan.

use crate::content::data::{Category, Cohort, Data, PartnerKind, PartnerStatus};
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
    pub by_category: Vec<Count>,
    pub by_domain: Vec<Count>,
    pub engagement: Vec<Engagement>,
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
        let mut by_cohort: BTreeMap<Cohort, usize> = BTreeMap::new();
        for partner in &active {
            *by_country.entry(&partner.country).or_default() += 1;
            *by_kind.entry(partner.kind).or_default() += 1;
            *by_cohort.entry(partner.cohort).or_default() += 1;
        }
        let mut by_category: BTreeMap<Category, usize> = BTreeMap::new();
        let mut by_domain: BTreeMap<&str, usize> = BTreeMap::new();
        let mut per_partner: BTreeMap<&str, usize> = BTreeMap::new();
        for activity in &data.activities {
            *by_category.entry(activity.category).or_default() += 1;
            for domain in &activity.domains {
                *by_domain.entry(domain).or_default() += 1;
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
            by_cohort: counts(
                by_cohort
                    .into_iter()
                    .map(|(k, v)| (k.as_str().to_string(), v)),
            ),
            activities: total,
            by_category: counts(by_category.into_iter().map(|(k, v)| (enum_key(&k), v))),
            by_domain: sorted_counts(by_domain.into_iter().map(|(k, v)| (k.to_string(), v))),
            engagement,
            first_year: years.clone().min(),
            last_year: years.max(),
        }
    }

    pub fn count(list: &[Count], key: &str) -> usize {
        list.iter().find(|c| c.key == key).map_or(0, |c| c.count)
    }
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
