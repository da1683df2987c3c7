//! `datapackage.json`: the Frictionless Data Package (v1, `tabular-data-package`) that
//! describes every published CSV file as a tabular resource with its Table Schema, CSV
//! dialect and sources. Nothing in it depends on the time of the build: a package built
//! twice from the same data is the same file.
//!
//! It states no licence: neither the configuration nor the content declares one, and a
//! licence is the publisher's decision, not the generator's.

use super::table::{LINE_END, Schema};
use super::{Dataset, Published};
use crate::Site;
use crate::content::data::Data;
use serde::Serialize;

/// The package's name: lowercase, as the specification asks.
const NAME: &str = "coe-digital-partnership";

const DESCRIPTION: &str = "The tables of the website of the Council of Europe's Digital Partnership with technology companies, made from the same data as its pages, with one column per language for every text (`_fr`, `_en`). Each CSV file has a JSON twin of the same name (`partners.json`, …) holding the records as the site's data files do. The CSV files begin with a UTF-8 byte order mark, for spreadsheets.";

/// The status document the partners and the work plan are transcribed from (see the
/// header comments of `content/data/partners.yaml` and `activities.yaml`).
const STATUS_DOCUMENT: &str =
    "« Le partenariat numérique du Conseil de l’Europe », status document, Strasbourg, 8 June 2022";

/// The partnership's page, which the partners' signing dates and list were checked against.
const PARTNERSHIP_PAGE: &str = "The Digital Partnership's page on the Council of Europe's website: the exchanges of letters and the list of partners";

#[derive(Debug, Serialize)]
pub(super) struct Package {
    profile: &'static str,
    name: &'static str,
    title: String,
    description: &'static str,
    homepage: String,
    sources: Vec<Source>,
    resources: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Source {
    title: String,
}

#[derive(Debug, Serialize)]
struct Resource {
    profile: &'static str,
    name: &'static str,
    path: String,
    title: String,
    description: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    dialect: Dialect,
    schema: Schema,
    sources: Vec<Source>,
}

/// How the CSV files are written (CSV Dialect v1), stated in full rather than left to the
/// defaults, which they match.
#[derive(Debug, Serialize)]
struct Dialect {
    delimiter: &'static str,
    #[serde(rename = "lineTerminator")]
    line_terminator: &'static str,
    #[serde(rename = "quoteChar")]
    quote_char: &'static str,
    #[serde(rename = "doubleQuote")]
    double_quote: bool,
    header: bool,
}

const DIALECT: Dialect = Dialect {
    delimiter: ",",
    line_terminator: LINE_END,
    quote_char: "\"",
    double_quote: true,
    header: true,
};

pub(super) fn descriptor(site: &Site, published: &[Published]) -> Package {
    let resources: Vec<Resource> = published
        .iter()
        .map(|p| {
            let [_, csv_name] = p.dataset.file_names();
            Resource {
                profile: "tabular-data-resource",
                name: p.dataset.name(),
                path: csv_name,
                title: title(p.dataset, &site.data),
                description: description(p.dataset),
                format: "csv",
                mediatype: "text/csv",
                // With the byte order mark first, which UTF-8 allows (Unicode, section
                // 2.6) and frictionless reads as `utf-8-sig`, skipping it.
                encoding: "utf-8",
                bytes: p.csv.len(),
                dialect: DIALECT,
                schema: p.schema.clone(),
                sources: sources(p.dataset, &site.data),
            }
        })
        .collect();
    let mut all_sources: Vec<Source> = Vec::new();
    for source in resources.iter().flat_map(|r| &r.sources) {
        if !all_sources.contains(source) {
            all_sources.push(source.clone());
        }
    }
    Package {
        profile: "tabular-data-package",
        name: NAME,
        title: site
            .config
            .languages_in_order()
            .into_iter()
            .map(|lang| site.config.title.get(lang).as_str())
            .collect::<Vec<_>>()
            .join(" / "),
        description: DESCRIPTION,
        homepage: site.base.absolute(""),
        sources: all_sources,
        resources,
    }
}

fn title(dataset: Dataset, data: &Data) -> String {
    match dataset {
        Dataset::Partners => "Partners of the Digital Partnership".to_string(),
        Dataset::Activities => "Activities of the work plan".to_string(),
        Dataset::Strategy => data
            .strategy
            .as_ref()
            .map_or_else(String::new, |s| s.title.en.clone()),
        Dataset::Conclusions => data
            .conclusions
            .as_ref()
            .map_or_else(String::new, |c| c.title.en.clone()),
    }
}

fn description(dataset: Dataset) -> &'static str {
    match dataset {
        Dataset::Partners => {
            "One row per partner: the companies and associations that exchanged letters with the Council of Europe, including those whose partnership ended and those about to join. partners.json has every field of the data, profiles and notes included."
        }
        Dataset::Activities => {
            "One row per activity of the work plan, in the order of the source, with the partners that took part. activities.json has every field of the data, descriptions and notes included."
        }
        Dataset::Strategy => {
            "One row per row of the progress table of the Council of Europe's Internet Governance Strategy 2016–2019, with the theme and the action it stands under. strategy.json holds the same, nested as themes, actions and rows."
        }
        Dataset::Conclusions => {
            "One row per numbered paragraph, lettered point and footnote of the conclusions of the Council of the European Union, in the order of the document. conclusions.json holds the same, nested as sections, paragraphs and points, with the document's cover sheet."
        }
    }
}

/// Where the data come from: the source documents the data files' header comments name,
/// with their titles and dates from the data where the data have them.
fn sources(dataset: Dataset, data: &Data) -> Vec<Source> {
    let titles = match dataset {
        Dataset::Partners => vec![STATUS_DOCUMENT.to_string(), PARTNERSHIP_PAGE.to_string()],
        Dataset::Activities => vec![STATUS_DOCUMENT.to_string()],
        Dataset::Strategy => data
            .strategy
            .iter()
            .map(|s| match &s.state {
                Some(state) => format!("{} ({})", s.title.fr, state.fr),
                None => s.title.fr.clone(),
            })
            .collect(),
        Dataset::Conclusions => data
            .conclusions
            .iter()
            .map(|c| {
                format!(
                    "Council of the European Union, « {} », doc. {}, {}",
                    c.title.fr, c.reference, c.date
                )
            })
            .collect(),
    };
    titles.into_iter().map(|title| Source { title }).collect()
}
