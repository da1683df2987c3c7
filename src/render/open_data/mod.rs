//! Open data downloads, made from the same data as the pages: the partners, the work plan,
//! the strategy's progress table and the Council conclusions, each as JSON (the records as
//! the data hold them, both languages) and CSV (one row per record, one column per
//! language), and `datapackage.json`, which describes every CSV file for Frictionless Data
//! tools (Data Package v1: types, constraints, keys, sources).

mod package;
mod table;
mod tables;

use super::OutputFile;
use crate::Site;
use crate::content::data::Data;
use crate::content::{ACTIVITIES_FILE, CONCLUSIONS_FILE, PARTNERS_FILE, STRATEGY_FILE};
use crate::diagnostic::{Diagnostic, Result};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the downloads are published.
use crate::urls::OPEN_DATA_DIR as DIR;

/// The description of the CSV files (a Frictionless Data Package), beside them.
pub const PACKAGE_FILE: &str = "datapackage.json";

/// A collection of the data, published as `NAME.json` and `NAME.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    Partners,
    Activities,
    Strategy,
    Conclusions,
}

impl Dataset {
    /// In the order the downloads are listed.
    pub const ALL: [Dataset; 4] = [
        Dataset::Partners,
        Dataset::Activities,
        Dataset::Strategy,
        Dataset::Conclusions,
    ];

    /// The name of its files, and of its resource in the package.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Partners => "partners",
            Dataset::Activities => "activities",
            Dataset::Strategy => "strategy",
            Dataset::Conclusions => "conclusions",
        }
    }

    fn data_file(self) -> &'static str {
        match self {
            Dataset::Partners => PARTNERS_FILE,
            Dataset::Activities => ACTIVITIES_FILE,
            Dataset::Strategy => STRATEGY_FILE,
            Dataset::Conclusions => CONCLUSIONS_FILE,
        }
    }

    /// Whether the data have it: an empty collection or a missing file publishes nothing.
    pub fn is_published(self, data: &Data) -> bool {
        match self {
            Dataset::Partners => !data.partners.is_empty(),
            Dataset::Activities => !data.activities.is_empty(),
            Dataset::Strategy => data.strategy.is_some(),
            Dataset::Conclusions => data.conclusions.is_some(),
        }
    }

    /// Its files' names: the JSON, then the CSV.
    pub fn file_names(self) -> [String; 2] {
        [
            format!("{}.json", self.name()),
            format!("{}.csv", self.name()),
        ]
    }
}

/// Every file the downloads may publish (those of absent data are not made).
pub fn paths() -> Vec<String> {
    Dataset::ALL
        .into_iter()
        .flat_map(Dataset::file_names)
        .chain([PACKAGE_FILE.to_string()])
        .map(|name| format!("{DIR}/{name}"))
        .collect()
}

/// The names of the files published for `data`, in the order of `Dataset::ALL`, each
/// JSON before its CSV, and the package last.
pub fn published_names(data: &Data) -> Vec<String> {
    let mut names: Vec<String> = Dataset::ALL
        .into_iter()
        .filter(|d| d.is_published(data))
        .flat_map(Dataset::file_names)
        .collect();
    if !names.is_empty() {
        names.push(PACKAGE_FILE.to_string());
    }
    names
}

/// A dataset made ready to publish: its two files and what the package says of the CSV.
struct Published {
    dataset: Dataset,
    json: Vec<u8>,
    csv: Vec<u8>,
    schema: table::Schema,
}

fn publish(dataset: Dataset, data: &Data) -> Result<Option<Published>> {
    if !dataset.is_published(data) {
        return Ok(None);
    }
    let source = dataset.data_file();
    let (json, csv, schema) = match dataset {
        Dataset::Partners => {
            let table = tables::partners();
            let json = json(&data.partners, source)?;
            (json, table.csv(&data.partners), table.schema(data))
        }
        Dataset::Activities => {
            let table = tables::activities();
            let json = json(&data.activities, source)?;
            (json, table.csv(&data.activities), table.schema(data))
        }
        Dataset::Strategy => {
            let Some(strategy) = &data.strategy else {
                return Ok(None);
            };
            let table = tables::strategy();
            let csv = table.csv(&tables::strategy_rows(strategy));
            (json(strategy, source)?, csv, table.schema(data))
        }
        Dataset::Conclusions => {
            let Some(conclusions) = &data.conclusions else {
                return Ok(None);
            };
            let table = tables::conclusions();
            let csv = table.csv(&tables::conclusions_rows(conclusions));
            (json(conclusions, source)?, csv, table.schema(data))
        }
    };
    Ok(Some(Published {
        dataset,
        json,
        csv,
        schema,
    }))
}

fn file(name: &str, bytes: Vec<u8>, sources: impl IntoIterator<Item = &'static str>) -> OutputFile {
    OutputFile {
        path: format!("{DIR}/{name}"),
        bytes: Arc::new(bytes),
        sources: sources.into_iter().map(PathBuf::from).collect(),
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T, source: &str) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Diagnostic::error(source, format!("cannot write JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub fn files(site: &Site) -> Result<Vec<OutputFile>> {
    let mut published = Vec::new();
    for dataset in Dataset::ALL {
        published.extend(publish(dataset, &site.data)?);
    }
    let mut out = Vec::new();
    if published.is_empty() {
        return Ok(out);
    }
    let package = package::descriptor(site, &published);
    let mut package = file(PACKAGE_FILE, json(&package, PARTNERS_FILE)?, []);
    // Every collection's data file, published or not (one that appears adds a resource),
    // and the config, whose title and base URL the package states.
    package.sources = Dataset::ALL
        .into_iter()
        .map(|d| PathBuf::from(d.data_file()))
        .chain([site.config_path.clone()])
        .collect();
    for Published {
        dataset, json, csv, ..
    } in published
    {
        let [json_name, csv_name] = dataset.file_names();
        out.push(file(&json_name, json, [dataset.data_file()]));
        out.push(file(&csv_name, csv, [dataset.data_file()]));
    }
    out.push(package);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::table::{Table, Values};
    use super::*;
    use crate::content::data::{ActivitiesFile, Conclusions, PartnersFile, Strategy};

    /// A little of every collection, with what CSV must quote (a comma, quotes, a line
    /// break) and what is optional left out.
    fn data() -> Data {
        let partners: PartnersFile = serde_yaml::from_str(
            r#"
partners:
  - id: digitaleurope
    name: "DIGITALEUROPE, Digital Economy & Trade"
    variants: [Digital Europe, Digitaleurope]
    kind: business-association
    country: BE
    sector: {fr: Technologies numériques, en: Digital technology}
    signed: 2017-11
    cohort: 2017
    status: active
    profile: {fr: Une association., en: An association.}
  - id: sberbank
    name: Sberbank
    kind: company
    country: RU
    sector: {fr: Banque, en: Banking}
    signed: 2021
    cohort: "2020-2021"
    status: ended
    ended: 2022-03-04
    profile: {fr: Une banque., en: A bank.}
"#,
        )
        .unwrap();
        let activities: ActivitiesFile = serde_yaml::from_str(
            r#"
work_plans:
  - id: "2018-2021"
    title: {fr: Plan de travail 2018-2021, en: Work plan 2018–2021}
    start: 2018
    end: 2021
categories:
  - id: event
    name: {fr: Événements, en: Events}
  - id: study
    name: {fr: Études, en: Studies}
activities:
  - id: roundtable
    work_plan: "2018-2021"
    category: event
    sector: {fr: "Gouvernance de l'Internet", en: Internet governance}
    title: {fr: "Table ronde « IA »", en: "Round table \"AI\""}
    date_text: Printemps/Été 2021
    start: 2021-03
    end: 2021-09
    approximate: true
    domains: [artificial-intelligence, internet-governance]
    partners: [digitaleurope, sberbank]
    others: [ICANN]
  - id: study
    work_plan: "2018-2021"
    category: study
    sector: {fr: CEPEJ, en: CEPEJ}
    title: {fr: Étude, en: Study}
"#,
        )
        .unwrap();
        let strategy: Strategy = serde_yaml::from_str(
            r#"
title: {fr: Stratégie, en: Strategy}
state: {fr: fin 2017, en: end of 2017}
themes:
  - id: democracy
    title: {fr: Démocratie, en: Democracy}
    actions:
      - id: "8.a"
        action: {fr: Agir, en: Act}
        items:
          - entity: {fr: DG1, en: DG1}
            results: {fr: "Un.\n\nDeux.", en: "One.\n\nTwo."}
            status: completed
          - entity: {fr: DG2, en: DG2}
            committee: {fr: CDMSI, en: CDMSI}
            results: {fr: Trois, en: Three}
            deadline: {fr: "2018", en: "2018"}
            status: not-stated
            note: {fr: Lu ainsi., en: Read so.}
      - id: "8.b"
        action: {fr: Suivre, en: Follow}
        items:
          - entity: {fr: DG1, en: DG1}
            results: {fr: Quatre, en: Four}
            status: in-progress
"#,
        )
        .unwrap();
        let conclusions: Conclusions = serde_yaml::from_str(
            r#"
reference: 11088/23
date: 2023-06-26
title: {fr: Conclusions, en: Conclusions}
sections:
  - number: 1
    title: {fr: INTRODUCTION, en: INTRODUCTION}
    paragraphs:
      - number: 1
        text: {fr: "Texte[^1].", en: "Text[^1]."}
        points:
          - label: a
            text: {fr: "renforcer, agir", en: "strengthen, act"}
footnotes:
  - number: 1
    text: {fr: Note., en: Note.}
"#,
        )
        .unwrap();
        Data {
            partners: partners.partners,
            work_plans: activities.work_plans,
            categories: activities.categories,
            activities: activities.activities,
            strategy: Some(strategy),
            conclusions: Some(conclusions),
            ..Data::default()
        }
    }

    /// What the schema says of every cell, checked on the cells the columns make.
    fn check_cells<R>(table: &Table<R>, rows: &[R], data: &Data) {
        assert!(!rows.is_empty());
        for column in &table.columns {
            for row in rows {
                let cell = (column.cell)(row);
                if column.required {
                    assert!(!cell.is_empty(), "`{}` is required", column.name);
                }
                if let (Values::OneOf(values), false) = (&column.values, cell.is_empty()) {
                    let values = values(data);
                    assert!(
                        values.contains(&cell),
                        "`{}`: {cell} not in {values:?}",
                        column.name
                    );
                }
            }
        }
        for key in table.primary_key {
            assert!(
                table.columns.iter().any(|c| c.name == *key),
                "key `{key}` is a column"
            );
        }
    }

    #[test]
    fn every_csv_header_is_its_schema_in_order() {
        let data = data();
        for dataset in Dataset::ALL {
            let published = publish(dataset, &data).unwrap().expect("published");
            let csv = String::from_utf8(published.csv).unwrap();
            let header = csv
                .strip_prefix(table::BOM)
                .expect("the BOM first")
                .split(table::LINE_END)
                .next()
                .unwrap();
            let names: Vec<&str> = published.schema.fields.iter().map(|f| f.name).collect();
            assert_eq!(header, names.join(","), "{}", dataset.name());
            let json: serde_json::Value = serde_json::from_slice(&published.json).unwrap();
            assert!(!json.is_null(), "{}", dataset.name());
        }
    }

    #[test]
    fn required_cells_and_closed_lists_hold_for_every_row() {
        let data = data();
        check_cells(&tables::partners(), &data.partners, &data);
        check_cells(&tables::activities(), &data.activities, &data);
        let strategy = data.strategy.as_ref().unwrap();
        check_cells(&tables::strategy(), &tables::strategy_rows(strategy), &data);
        let conclusions = data.conclusions.as_ref().unwrap();
        check_cells(
            &tables::conclusions(),
            &tables::conclusions_rows(conclusions),
            &data,
        );
    }

    #[test]
    fn rows_are_written_as_the_data_hold_them() {
        let data = data();
        let csv =
            |dataset| String::from_utf8(publish(dataset, &data).unwrap().unwrap().csv).unwrap();
        let partners = csv(Dataset::Partners);
        assert!(
            partners.contains("\r\ndigitaleurope,\"DIGITALEUROPE, Digital Economy & Trade\",Digital Europe; Digitaleurope,business-association,BE,,,Technologies numériques,Digital technology,2017-11,2017,active,\r\n"),
            "{partners}"
        );
        assert!(
            partners.ends_with(",2021,2020-2021,ended,2022-03-04\r\n"),
            "{partners}"
        );
        let activities = csv(Dataset::Activities);
        assert!(
            activities.contains(",Table ronde « IA »,\"Round table \"\"AI\"\"\",Printemps/Été 2021,2021-03,2021-09,true,false,artificial-intelligence; internet-governance,digitaleurope; sberbank,ICANN\r\n"),
            "{activities}"
        );
        assert!(
            activities.ends_with(",,,,false,false,,,\r\n"),
            "absent values are empty: {activities}"
        );
        let strategy = csv(Dataset::Strategy);
        assert!(strategy.contains("\r\ndemocracy,Démocratie,Democracy,8.a,Agir,Act,1,DG1,DG1,,,\"Un.\n\nDeux.\",\"One.\n\nTwo.\",,,completed,,\r\n"), "{strategy}");
        assert!(strategy.contains(",8.a,Agir,Act,2,DG2,DG2,CDMSI,CDMSI,Trois,Three,2018,2018,not-stated,Lu ainsi.,Read so.\r\n"), "{strategy}");
        assert!(
            strategy.contains(",8.b,Suivre,Follow,1,"),
            "numbered under each action: {strategy}"
        );
        let conclusions = csv(Dataset::Conclusions);
        assert!(
            conclusions.contains(
                "\r\np1,paragraph,1,INTRODUCTION,INTRODUCTION,1,,,Texte[^1].,Text[^1].\r\n"
            ),
            "{conclusions}"
        );
        assert!(conclusions.contains("\r\np1-a,point,1,INTRODUCTION,INTRODUCTION,1,a,,\"renforcer, agir\",\"strengthen, act\"\r\n"), "{conclusions}");
        assert!(
            conclusions.ends_with("\r\nfn-1,footnote,,,,,,1,Note.,Note.\r\n"),
            "{conclusions}"
        );
    }

    #[test]
    fn the_categories_are_those_the_data_use() {
        let data = data();
        let schema = tables::activities().schema(&data);
        let category = schema.fields.iter().find(|f| f.name == "category").unwrap();
        assert_eq!(
            category.constraints.one_of,
            Some(vec!["event".to_string(), "study".to_string()])
        );
    }

    #[test]
    fn the_downloads_are_those_of_the_data() {
        let paths = paths();
        assert_eq!(paths.len(), 9);
        assert_eq!(paths[0], "data/partners.json");
        assert_eq!(paths[8], "data/datapackage.json");
        let mut data = data();
        assert_eq!(
            published_names(&data),
            paths
                .iter()
                .map(|p| p.trim_start_matches("data/"))
                .collect::<Vec<_>>()
        );
        data.strategy = None;
        data.partners.clear();
        assert_eq!(
            published_names(&data),
            [
                "activities.json",
                "activities.csv",
                "conclusions.json",
                "conclusions.csv",
                "datapackage.json"
            ]
        );
        assert!(
            published_names(&Data::default()).is_empty(),
            "no data, no files"
        );
    }
}
