//! The site configuration, `config.yaml` (or `passerelle.yaml`) at the project root.
//!
//! Plain serde structs with defaults and `deny_unknown_fields`, so a misspelt key is an
//! error with its line and column rather than a setting silently ignored.

use crate::content::yaml;
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::{Lang, Localized};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A duration in seconds from the environment variable `name` (`1`, `0.5`), or `default`
/// when it is unset or not a duration (negative, not a number).
pub fn seconds_from_env(name: &str, default: std::time::Duration) -> std::time::Duration {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .unwrap_or(default)
}

/// File names the configuration may have, in the order they are looked for.
pub const CONFIG_FILES: [&str; 2] = ["config.yaml", "passerelle.yaml"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's title in each language.
    pub title: Localized<String>,
    /// Absolute URL the site is published at; may carry a path (`https://example.org/sub/`).
    pub base_url: String,
    /// Languages published, the default first in importance (`x-default`).
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    #[serde(default = "default_language")]
    pub default_language: Lang,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Top-level names in the output directory that builds carry over as they are (`CNAME`),
    /// besides dotfiles (`.git`, `.nojekyll`), which are always kept.
    #[serde(default)]
    pub keep_in_output: Vec<String>,
    /// Raw HTML in Markdown is escaped unless this is true.
    #[serde(default)]
    pub allow_html: bool,
    /// The URL segment of each kind of page generated from data, per language.
    #[serde(default)]
    pub paths: Paths,
    /// What the annual report's title page states besides its title and date.
    #[serde(default)]
    pub report: ReportConfig,
    /// Also lists the pages' former addresses in a `_redirects` file at the output's root,
    /// for hosts that read one (Netlify, Cloudflare Pages).
    #[serde(default)]
    pub redirects_file: bool,
    /// Builds a search index of the pages and puts a search box in their header.
    #[serde(default = "yes")]
    pub search: bool,
    /// Draws a social card for every page, the picture a shared link to it shows
    /// (`og:image`). Without, a shared link shows the page's title and description only.
    /// Drawing them is most of a build into a new directory (a rebuild links those it has).
    #[serde(default = "yes")]
    pub social_cards: bool,
}

fn yes() -> bool {
    true
}

/// The title page of the annual report (`passerelle report`): where it is issued from and
/// how to reach the partnership. Each line is left out when not given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportConfig {
    /// The place the document is dated from ("Strasbourg").
    pub place: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
}

/// Localized URL segments of the pages generated from data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    pub partners: Localized<String>,
    pub activities: Localized<String>,
    pub domains: Localized<String>,
    pub strategy: Localized<String>,
    pub conclusions: Localized<String>,
    /// The annual report, published as `/<lang>/<report>/<year>/`.
    pub report: Localized<String>,
    /// The page listing every page of a language.
    pub site_index: Localized<String>,
}

impl Default for Paths {
    fn default() -> Self {
        let pair = |fr: &str, en: &str| Localized {
            fr: fr.to_string(),
            en: en.to_string(),
        };
        Paths {
            partners: pair("partenaires", "partners"),
            activities: pair("plan-de-travail", "work-plan"),
            domains: pair("domaines", "domains"),
            strategy: pair(
                "strategie-gouvernance-internet",
                "internet-governance-strategy",
            ),
            conclusions: pair("diplomatie-numerique-ue", "eu-digital-diplomacy"),
            report: pair("rapport", "report"),
            site_index: pair("plan-du-site", "site-index"),
        }
    }
}

impl Paths {
    fn all(&self) -> [(&'static str, &Localized<String>); 7] {
        [
            ("partners", &self.partners),
            ("activities", &self.activities),
            ("domains", &self.domains),
            ("strategy", &self.strategy),
            ("conclusions", &self.conclusions),
            ("report", &self.report),
            ("site_index", &self.site_index),
        ]
    }
}

fn default_languages() -> Vec<Lang> {
    vec![Lang::Fr, Lang::En]
}
fn default_language() -> Lang {
    Lang::Fr
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> PathBuf {
    "public".into()
}

impl Config {
    /// Finds and reads the configuration of the project at `root`.
    pub fn load(root: &Path) -> Result<(PathBuf, Config)> {
        let Some(name) = CONFIG_FILES.iter().find(|name| root.join(name).is_file()) else {
            return Err(Diagnostic::error(
                root.join(CONFIG_FILES[0]),
                "no site configuration found",
            )
            .with_help(format!(
                "run passerelle from the project root (or pass --root DIR); it needs {} or {}",
                CONFIG_FILES[0], CONFIG_FILES[1]
            ))
            .into());
        };
        let relative = PathBuf::from(name);
        let text = yaml::read_project_text(root, &relative)?;
        let config: Config = yaml::parse(&relative, &text)?;
        config.validate(&relative, &text)?;
        Ok((relative, config))
    }

    fn validate(&self, path: &Path, text: &str) -> Result<()> {
        let at_key = |key: &str, message: String| {
            let (line, column) = yaml::key_position(text, key);
            Error::from(Diagnostic::error(path, message).at(line, column))
        };
        if !self.languages.contains(&self.default_language) {
            return Err(at_key(
                "default_language",
                format!(
                    "default_language `{}` is not one of the languages",
                    self.default_language
                ),
            ));
        }
        let mut seen = Vec::new();
        for lang in &self.languages {
            if seen.contains(lang) {
                return Err(at_key(
                    "languages",
                    format!("language `{lang}` is listed twice"),
                ));
            }
            seen.push(*lang);
        }
        crate::urls::BaseUrl::parse(&self.base_url)
            .map_err(|message| at_key("base_url", message))?;
        if self.theme.is_empty() || !crate::urls::is_plain_segment(&self.theme) {
            return Err(at_key(
                "theme",
                format!(
                    "theme `{}` must be a directory name under themes/",
                    self.theme
                ),
            ));
        }
        // Printed as links on the report's title page: the same schemes as a Markdown link
        // may have, and an address that is only an address.
        if let Some(website) = &self.report.website
            && !(website.starts_with("https://") || website.starts_with("http://"))
        {
            return Err(at_key(
                "report.website",
                format!("report.website `{website}` must be a web address (https://…)"),
            ));
        }
        if let Some(email) = &self.report.email {
            let valid = email.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !host.contains('@')
            }) && !email.contains(|c: char| {
                c.is_whitespace() || c.is_control() || "<>\"':;,()[]".contains(c)
            });
            if !valid {
                return Err(at_key(
                    "report.email",
                    format!("report.email `{email}` must be an e-mail address (name@example.org)"),
                ));
            }
        }
        for (key, segments) in self.paths.all() {
            for lang in Lang::ALL {
                if !crate::urls::is_plain_segment(segments.get(lang)) {
                    return Err(at_key(
                        key,
                        format!(
                            "paths.{key}.{lang} `{}` must be one URL segment (letters, digits, '-')",
                            segments.get(lang)
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Languages in the order they are published, the default first.
    pub fn languages_in_order(&self) -> Vec<Lang> {
        let mut langs = vec![self.default_language];
        langs.extend(
            self.languages
                .iter()
                .copied()
                .filter(|l| *l != self.default_language),
        );
        langs
    }
}
