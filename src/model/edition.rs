//! Editions of the annual report: the site's data as they stood at the end of a year (or,
//! for the latest edition, on the day the data were last brought up to date). The report
//! command and the site's report page both start from an [`Edition`].

use super::Figures;
use crate::content::PARTNERS_FILE;
use crate::content::data::{Data, PartialDate, Partner, PartnerStatus};
use crate::diagnostic::Diagnostic;
use std::path::Path;

/// The data of one edition: the site's data as they stood on `as_of`.
#[derive(Debug, Clone)]
pub struct Edition {
    pub year: i32,
    /// The day the edition describes: the data's own `updated:` date for the latest
    /// edition, 31 December for earlier ones.
    pub as_of: PartialDate,
    /// The latest edition the data allow: only it states the planned dates of joinings.
    pub latest: bool,
    /// Partners known on `as_of` with their status then (an `ended` partner ended on or
    /// before `as_of`); activities dated up to the edition's year.
    pub data: Data,
    pub figures: Figures,
}

/// The years the data can make an edition of: from the first exchange of letters to the
/// year the partners' data were last brought up to date. None without partners.
pub fn years(data: &Data) -> Option<(i32, i32)> {
    let first = data
        .partners
        .iter()
        .filter(|p| p.status != PartnerStatus::Joining)
        .map(|p| p.signed.year)
        .min()?;
    let last = latest(data).year;
    Some((first, last.max(first)))
}

/// The day the data describe: the partners file's `updated:`, else the last change they
/// record.
pub fn latest(data: &Data) -> PartialDate {
    data.updated
        .get(Path::new(PARTNERS_FILE))
        .copied()
        .or_else(|| {
            data.partners
                .iter()
                .filter(|p| p.status != PartnerStatus::Joining)
                .flat_map(|p| [Some(p.signed), p.ended])
                .flatten()
                .max()
        })
        .unwrap_or(PartialDate {
            year: 0,
            month: None,
            day: None,
        })
}

impl Edition {
    /// The data of `year`'s edition; a year the data do not cover is an error that says
    /// which years they do.
    pub fn select(data: &Data, year: i32) -> std::result::Result<Edition, Diagnostic> {
        let Some((first, last)) = years(data) else {
            return Err(Diagnostic::error(
                PARTNERS_FILE,
                format!("no report for {year}: there are no partners in the data"),
            ));
        };
        if year < first || year > last {
            let why = if year < first {
                format!("the first exchange of letters in the data is of {first}")
            } else {
                format!(
                    "the partners' data were last brought up to date on {} (their `updated:`)",
                    latest(data)
                )
            };
            return Err(Diagnostic::error(
                PARTNERS_FILE,
                format!("no data for a {year} report: {why}"),
            )
            .with_help(if first == last {
                format!("the data make the {first} report: --year {first}")
            } else {
                format!("the data make the reports of {first} to {last}: --year {first} … {last}")
            }));
        }
        let latest_edition = year == last;
        let as_of = if latest_edition {
            latest(data)
        } else {
            PartialDate {
                year,
                month: Some(12),
                day: Some(31),
            }
        };
        let partners = data
            .partners
            .iter()
            .filter_map(|p| status_on(p, as_of, latest_edition).map(|status| (p, status)))
            .map(|(p, status)| Partner {
                status,
                ended: p.ended.filter(|_| status == PartnerStatus::Ended),
                ..p.clone()
            })
            .collect();
        let activities = data
            .activities
            .iter()
            .filter(|a| match a.start {
                Some(start) => start.year <= year,
                // Undated rows come from the latest source document, not from a year.
                None => latest_edition,
            })
            .cloned()
            .collect();
        let data = Data {
            updated: data.updated.clone(),
            partners,
            stated_figures: data.stated_figures.clone(),
            domains: data.domains.clone(),
            work_plans: data.work_plans.clone(),
            categories: data.categories.clone(),
            activities,
            strategy: None,
            conclusions: None,
        };
        // The charts of an earlier edition stop at its year: the planned dates of the
        // joinings under way were not known then.
        let figures = if latest_edition {
            Figures::compute(&data)
        } else {
            Figures::compute(&Data {
                partners: data
                    .partners
                    .iter()
                    .filter(|p| p.status != PartnerStatus::Joining)
                    .cloned()
                    .collect(),
                ..data.clone()
            })
        };
        Ok(Edition {
            year,
            as_of,
            latest: latest_edition,
            data,
            figures,
        })
    }

    /// Partners whose exchange of letters falls in the edition's year, by `as_of`.
    pub fn joined(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.status != PartnerStatus::Joining && p.signed.year == self.year)
    }

    /// Partners whose partnership ended in the edition's year.
    pub fn left(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.ended.is_some_and(|d| d.year == self.year))
    }

    /// Partners whose joining was under way on `as_of`.
    pub fn joining(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.status == PartnerStatus::Joining)
    }

    /// The partners of the "full list": active on `as_of`.
    pub fn active(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.status == PartnerStatus::Active)
    }

    fn partners_where(&self, keep: impl Fn(&Partner) -> bool) -> Vec<&Partner> {
        self.data.partners.iter().filter(|p| keep(p)).collect()
    }
}

/// A partner's status on `as_of`, or None when the edition cannot know it yet. A joining
/// partner counts from its introduction to the TC-INF; without that date, only the latest
/// edition lists it (as the data do).
fn status_on(p: &Partner, as_of: PartialDate, latest: bool) -> Option<PartnerStatus> {
    let introduced = p.introduced.map_or(latest, |d| d <= as_of);
    if p.status == PartnerStatus::Joining || p.signed > as_of {
        return introduced.then_some(PartnerStatus::Joining);
    }
    Some(match p.ended {
        Some(ended) if ended <= as_of => PartnerStatus::Ended,
        _ => PartnerStatus::Active,
    })
}
