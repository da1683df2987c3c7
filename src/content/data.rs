//! The typed records of `content/data/*.yaml`: partners, domains, work-plan activities, the
//! Internet Governance Strategy progress table and the EU Council conclusions.
//!
//! Every struct denies unknown fields, so a misspelt key is an error at its line, and every
//! text shown to readers is a `Text` (`{fr, en}`), so a missing translation cannot load.

use crate::lang::{Lang, Text};
use schemars::JsonSchema;
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
    /// What the source document states of the partners' figures (`stated_figures:`).
    pub stated_figures: Option<StatedFigures>,
    pub domains: Vec<Domain>,
    pub work_plans: Vec<WorkPlan>,
    pub categories: Vec<Category>,
    pub activities: Vec<Activity>,
    pub strategy: Option<Strategy>,
    pub conclusions: Option<Conclusions>,
}

impl Data {
    /// The partner of an id, if the data have one.
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| p.id == id)
    }

    /// The category of an id, if the data have one.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The work plan of an activity: the one it names, else the first.
    pub fn work_plan_of(&self, activity: &Activity) -> Option<&WorkPlan> {
        match &activity.work_plan {
            Some(id) => self.work_plans.iter().find(|w| &w.id == id),
            None => self.work_plans.first(),
        }
    }

    /// The cohorts of the partners, in the order they joined (the first signing of each).
    pub fn cohorts(&self) -> Vec<String> {
        let mut first: BTreeMap<String, PartialDate> = BTreeMap::new();
        for partner in &self.partners {
            let signed = first.entry(partner.cohort()).or_insert(partner.signed);
            *signed = (*signed).min(partner.signed);
        }
        let mut cohorts: Vec<(PartialDate, String)> =
            first.into_iter().map(|(c, d)| (d, c)).collect();
        cohorts.sort();
        cohorts.into_iter().map(|(_, c)| c).collect()
    }

    /// The domain of activity of an id, if the data have one.
    pub fn domain(&self, id: &str) -> Option<&Domain> {
        self.domains.iter().find(|d| d.id == id)
    }
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnersFile {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// What the source document states of the partners' figures, where the data may count
    /// otherwise: the pages that show the figures then give the source's too, and why.
    #[serde(default)]
    pub stated_figures: Option<StatedFigures>,
    pub partners: Vec<Partner>,
}

/// Figures a source document states about the partners, which the site computes from the
/// records too. They are not used in place of the data's: where the two differ, the pages
/// showing the figures (the taxonomy page, the report's chapter 2) say what the source
/// gives and why the data count otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedFigures {
    /// The document and its part, as the start of a sentence ("The status document of
    /// 8 June 2022 (section 2.2)").
    pub source: Text,
    /// The day the figures describe: they are compared with the data's only on that day
    /// (the report's edition of that day; the site while the data are of that day).
    pub date: PartialDate,
    /// The number of partners of each kind the source states.
    pub kinds: BTreeMap<PartnerKind, usize>,
    /// Why the data count otherwise (Markdown), shown with the source's figures.
    pub note: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Stable and lowercase (a-z, 0-9, '-'): the partner's address and what activities name.
    pub id: String,
    /// The name as the partner writes it.
    pub name: String,
    /// Other spellings found in the sources.
    #[serde(default)]
    pub variants: Vec<String>,
    pub kind: PartnerKind,
    /// The ISO 3166-1 alpha-2 code of the headquarters' country (`US`, `BE`, `SE`).
    pub country: String,
    /// Where `country` comes from when the sources do not name it for this partner: the
    /// editorial decision and what it rests on, in both languages. The partner's page and
    /// the lists mark such a country as not stated in the sources, with this text.
    #[serde(default)]
    pub country_source: Option<Text>,
    /// The partner's sector, or for an association the sector it represents.
    pub sector: Text,
    /// Only when the source gives it (http or https).
    #[serde(default)]
    pub website: Option<String>,
    /// The date of the exchange of letters.
    pub signed: PartialDate,
    /// The date as the source words it, where that is less precise than `signed`.
    #[serde(default)]
    pub signed_text: Option<Text>,
    /// The group the partner joined with, as the status document lists them ("2020-2021");
    /// the year of `signed` when left out.
    #[serde(default, deserialize_with = "text_or_number")]
    #[schemars(schema_with = "crate::schema::optional_text_or_number")]
    pub cohort: Option<String>,
    pub status: PartnerStatus,
    /// When the partner was introduced to the TC-INF, before its exchange of letters: from
    /// then on the annual report lists it among the ongoing processes.
    #[serde(default)]
    pub introduced: Option<PartialDate>,
    /// When the partnership ended: only with `status: ended`.
    #[serde(default)]
    pub ended: Option<PartialDate>,
    /// The partner's profile, as the source publishes it (French) and translated (English).
    pub profile: Text,
    /// An editorial note: a decision taken where the sources are ambiguous.
    #[serde(default)]
    pub note: Option<Text>,
    /// Ids the partner had before: each former address of its page sends readers on to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Partner {
    /// The cohort the partner is listed with: the one the data name, else its signing year.
    pub fn cohort(&self) -> String {
        self.cohort
            .clone()
            .unwrap_or_else(|| self.signed.year.to_string())
    }
}

/// `2017` and `"2017"` alike, for a text that is often a year.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    deserializer.deserialize_any(StrOrInt("a text")).map(Some)
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerStatus {
    Active,
    Joining,
    Ended,
}

impl PartnerStatus {
    /// Every status, in the order the documentation lists them.
    pub const ALL: [PartnerStatus; 3] = [
        PartnerStatus::Active,
        PartnerStatus::Joining,
        PartnerStatus::Ended,
    ];
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DomainsFile {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivitiesFile {
    /// The date the file's content was last brought up to date (shown on its pages).
    #[serde(default)]
    pub updated: Option<PartialDate>,
    /// The work plans, oldest first: an activity without `work_plan` belongs to the first.
    #[serde(default)]
    pub work_plans: Vec<WorkPlan>,
    /// The categories of activity, in the order lists and charts show them.
    #[serde(default)]
    pub categories: Vec<Category>,
    pub activities: Vec<Activity>,
}

/// A work plan: a period of the partnership with its own activities.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPlan {
    #[serde(deserialize_with = "text")]
    #[schemars(schema_with = "crate::schema::text_or_number")]
    pub id: String,
    pub title: Text,
    /// The first and last years the plan covers.
    pub start: i32,
    pub end: i32,
}

/// A category of activity ("binding standard-setting"), named in both languages.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: Text,
}

/// A text that may be written as a number (`2018-2021` is a text, `2018` a number in YAML).
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(StrOrInt("a text"))
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: String,
    /// The id of its work plan (one of `work_plans`); the first one when left out.
    #[serde(default, deserialize_with = "text_or_number")]
    #[schemars(schema_with = "crate::schema::optional_text_or_number")]
    pub work_plan: Option<String>,
    /// The id of one of the file's `categories`.
    pub category: String,
    /// The Council of Europe sector or body, as written.
    pub sector: Text,
    pub title: Text,
    /// `true` when the source gives the row no title: `title` is the editor's, and the
    /// pages say so beside it (the `note` says what it was written from).
    #[serde(default)]
    pub editorial_title: bool,
    /// The date exactly as the source writes it.
    #[serde(default)]
    pub date_text: Option<String>,
    /// The date, normalised; left out when the source gives none.
    #[serde(default)]
    pub start: Option<PartialDate>,
    /// The last day, for a range.
    #[serde(default)]
    pub end: Option<PartialDate>,
    /// `true` when the source's date is vague ("décembre 2020", "Printemps/Été 2021").
    #[serde(default)]
    pub approximate: bool,
    /// Ids of `domains.yaml`.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Ids of `partners.yaml`.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Organisations named that are not partners, as written.
    #[serde(default)]
    pub others: Vec<String>,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub note: Option<Text>,
    /// Ids the activity had before: each former address of its page sends readers on to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: Text,
    pub actions: Vec<StrategyAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StrategyAction {
    pub id: String,
    pub action: Text,
    pub items: Vec<StrategyItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderField {
    pub label: Text,
    pub value: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConclusionSection {
    pub number: u32,
    pub title: Text,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    pub number: u32,
    pub text: Text,
    #[serde(default)]
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub label: String,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
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
    fn cohorts_follow_the_signing_dates() {
        let partner = |id: &str, signed: &str, cohort: Option<&str>| {
            let cohort = cohort.map_or(String::new(), |c| format!("cohort: {c}\n"));
            serde_yaml::from_str::<Partner>(&format!(
                "id: {id}\nname: {id}\nkind: company\ncountry: SE\nsector: {{fr: a, en: a}}\n\
                 signed: {signed}\n{cohort}status: active\nprofile: {{fr: a, en: a}}\n"
            ))
            .unwrap()
        };
        let data = Data {
            partners: vec![
                partner("c", "2023-02-01", None),
                partner("b", "2021-01-05", Some("2020-2021")),
                partner("a", "2020-02-06", Some("'2020-2021'")),
                partner("d", "2017", Some("2017")),
            ],
            ..Data::default()
        };
        assert_eq!(data.partners[0].cohort(), "2023");
        assert_eq!(data.cohorts(), ["2017", "2020-2021", "2023"]);
    }
}
