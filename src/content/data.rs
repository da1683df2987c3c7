//! The typed records of `content/data/*.yaml`: partners, domains, work-plan activities, the
//! Internet Governance Strategy progress table and the EU Council conclusions.
//!
//! Every struct denies unknown fields, so a misspelt key is an error at its line, and every
//! text shown to readers is a `Text` (`{fr, en}`), so a missing translation cannot load.

use crate::lang::{Lang, Text};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

/// A date as precise as the source: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl FromStr for PartialDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("invalid date `{s}`, expected YYYY-MM-DD, YYYY-MM or YYYY");
        let mut parts = s.split('-');
        let year_text = parts.next().ok_or_else(bad)?;
        if year_text.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year_text.parse().map_err(|_| bad())?;
        let mut number = |max: u8| -> Result<Option<u8>, String> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == 2 => match p.parse::<u8>() {
                    Ok(n) if (1..=max).contains(&n) => Ok(Some(n)),
                    _ => Err(bad()),
                },
                Some(_) => Err(bad()),
            }
        };
        let month = number(12)?;
        let day = number(31)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        if let (Some(m), Some(d)) = (month, day)
            && d > days_in_month(year, m)
        {
            return Err(format!(
                "invalid date `{s}`: month {m} of {year} has {} days",
                days_in_month(year, m)
            ));
        }
        Ok(PartialDate { year, month, day })
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(StrOrInt("a date (YYYY-MM-DD, YYYY-MM or YYYY)"))
            .and_then(|s| s.parse().map_err(de::Error::custom))
    }
}

/// Accepts `2017` and `"2017"` alike: editors should not have to know YAML's number rules.
struct StrOrInt(&'static str);

impl Visitor<'_> for StrOrInt {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

/// All the data of the site; a file that does not exist gives an empty collection.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Data {
    /// The `updated:` date each data file declares: what "last updated" shows on the
    /// pages made from it.
    pub updated: BTreeMap<PathBuf, PartialDate>,
    pub partners: Vec<Partner>,
    pub domains: Vec<Domain>,
    pub activities: Vec<Activity>,
    pub strategy: Option<Strategy>,
    pub conclusions: Option<Conclusions>,
}

impl Data {
    /// The partner of an id, if the data have one.
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// The domain of activity of an id, if the data have one.
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnersFile {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    pub partners: Vec<Partner>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub variants: Vec<String>,
    pub kind: PartnerKind,
    pub country: String,
    pub sector: Text,
    #[serde(default)]
    pub website: Option<String>,
    pub signed: PartialDate,
    #[serde(default)]
    pub signed_text: Option<Text>,
    pub cohort: Cohort,
    pub status: PartnerStatus,
    /// When the partner was introduced to the TC-INF, before its exchange of letters: from
    /// then on the annual report lists it among the ongoing processes.
    #[serde(default)]
    pub introduced: Option<PartialDate>,
    #[serde(default)]
    pub ended: Option<PartialDate>,
    pub profile: Text,
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerKind {
    Company,
    BusinessAssociation,
    ProfessionalAssociation,
}

impl PartnerKind {
    /// In the order lists and charts show them.
    pub const ALL: [PartnerKind; 3] = [
        PartnerKind::Company,
        PartnerKind::BusinessAssociation,
        PartnerKind::ProfessionalAssociation,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerStatus {
    Active,
    Joining,
    Ended,
}

impl PartnerStatus {
    pub const ALL: [PartnerStatus; 3] = [
        PartnerStatus::Active,
        PartnerStatus::Joining,
        PartnerStatus::Ended,
    ];
}

/// The group of partners that joined together, as the status document lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cohort {
    Y2017,
    Y2018,
    Y2020To2021,
    Y2022,
}

impl Cohort {
    pub const ALL: [Cohort; 4] = [
        Cohort::Y2017,
        Cohort::Y2018,
        Cohort::Y2020To2021,
        Cohort::Y2022,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cohort::Y2017 => "2017",
            Cohort::Y2018 => "2018",
            Cohort::Y2020To2021 => "2020-2021",
            Cohort::Y2022 => "2022",
        }
    }
}

impl Serialize for Cohort {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Cohort {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = deserializer.deserialize_any(StrOrInt("a cohort"))?;
        Cohort::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "unknown cohort `{text}`, expected one of `2017`, `2018`, `2020-2021`, `2022`"
                ))
            })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainsFile {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    /// The URL segment per language; the id when absent.
    #[serde(default)]
    pub slug: Option<Text>,
    pub name: Text,
}

impl Domain {
    pub fn slug(&self, lang: Lang) -> &str {
        self.slug.as_ref().map_or(&self.id, |s| s.get(lang))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivitiesFile {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: String,
    pub category: Category,
    pub sector: Text,
    pub title: Text,
    #[serde(default)]
    pub date_text: Option<String>,
    #[serde(default)]
    pub start: Option<PartialDate>,
    #[serde(default)]
    pub end: Option<PartialDate>,
    #[serde(default)]
    pub approximate: bool,
    #[serde(default)]
    pub domains: Vec<String>,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub others: Vec<String>,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub note: Option<Text>,
}

/// The four categories of the work plan, in the status document's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Binding,
    NonBinding,
    Study,
    Event,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Binding,
        Category::NonBinding,
        Category::Study,
        Category::Event,
    ];
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    pub title: Text,
    #[serde(default)]
    pub state: Option<Text>,
    pub themes: Vec<Theme>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: Text,
    pub actions: Vec<StrategyAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyAction {
    pub id: String,
    pub action: Text,
    pub items: Vec<StrategyItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyItem {
    pub entity: Text,
    #[serde(default)]
    pub committee: Option<Text>,
    pub results: Text,
    #[serde(default)]
    pub deadline: Option<Text>,
    pub status: ActionStatus,
    #[serde(default)]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    Completed,
    Finished,
    InProgress,
    InPreparation,
    /// The source gives no status for the row.
    NotStated,
}

impl ActionStatus {
    /// In the progress table's order, from done to not started, then rows without one.
    pub const ALL: [ActionStatus; 5] = [
        ActionStatus::Completed,
        ActionStatus::Finished,
        ActionStatus::InProgress,
        ActionStatus::InPreparation,
        ActionStatus::NotStated,
    ];
}

/// The footnote calls `[^n]` of a conclusions text: where each is in the text, and its
/// number. What is not a number (`[^x]`) is not a call.
pub fn footnote_calls(text: &str) -> Vec<(std::ops::Range<usize>, u32)> {
    text.match_indices("[^")
        .filter_map(|(start, _)| {
            let rest = &text[start + 2..];
            let end = rest.find(']')?;
            let number = rest[..end].parse().ok()?;
            Some((start..start + 2 + end + 1, number))
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conclusions {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    pub reference: String,
    pub date: PartialDate,
    pub title: Text,
    #[serde(default)]
    pub header: Vec<HeaderField>,
    pub sections: Vec<ConclusionSection>,
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderField {
    pub label: Text,
    pub value: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConclusionSection {
    pub number: u32,
    pub title: Text,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    pub number: u32,
    pub text: Text,
    #[serde(default)]
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub label: String,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub number: u32,
    pub text: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(
            "2020-04".parse::<PartialDate>().unwrap().to_string(),
            "2020-04"
        );
        assert!("2021-02-29".parse::<PartialDate>().is_err());
        assert!("2020-02-29".parse::<PartialDate>().is_ok());
        assert!("8 juin 2022".parse::<PartialDate>().is_err());
        let year: PartialDate = serde_yaml::from_str("2021").unwrap();
        assert_eq!(
            year,
            PartialDate {
                year: 2021,
                month: None,
                day: None
            }
        );
        assert!("2020-04".parse::<PartialDate>().unwrap() < "2020-04-01".parse().unwrap());
    }

    #[test]
    fn cohort_accepts_number_or_text() {
        assert_eq!(
            serde_yaml::from_str::<Cohort>("2017").unwrap(),
            Cohort::Y2017
        );
        assert_eq!(
            serde_yaml::from_str::<Cohort>("'2020-2021'").unwrap(),
            Cohort::Y2020To2021
        );
        assert!(serde_yaml::from_str::<Cohort>("2019").is_err());
    }
}
