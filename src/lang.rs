//! Languages of the publication and text that differs by language.
//!
//! The publication is French first, English second; a `Localized<T>` holds one value per
//! language and is written `{fr: …, en: …}` in the data, both required, so a missing
//! translation is a load error that points at the record.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language the site is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fr" => Ok(Lang::Fr),
            "en" => Ok(Lang::En),
            other => Err(format!("unknown language `{other}`, expected `fr` or `en`")),
        }
    }
}

/// One value per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Localized<T> {
    pub fr: T,
    pub en: T,
}

impl<T> Localized<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    pub fn map<U>(&self, f: impl Fn(Lang, &T) -> U) -> Localized<U> {
        Localized {
            fr: f(Lang::Fr, &self.fr),
            en: f(Lang::En, &self.en),
        }
    }
}

/// A localized text.
pub type Text = Localized<String>;
