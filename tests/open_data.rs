//! The open data as reusers get them: the real site built by the binary, its
//! `datapackage.json` read as a Frictionless tool reads it, and every CSV file it names
//! checked against its Table Schema (header, types, required cells, closed lists, patterns,
//! primary key), then the partners each activity names against the partners' table.

mod support;

use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::*;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How `activities.csv` separates the ids in its `partners` cell, as its description says.
const LIST_SEPARATOR: &str = "; ";

/// The real site, built into a temporary folder (dropped with the first value).
fn built_real_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let out = passerelle(
        &repo(),
        &["build", "--quiet", "--out", site.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, site)
}

/// RFC 4180: fields separated by commas, records by CRLF; a quoted field may hold commas,
/// line breaks and doubled quotes. A bare LF outside quotes is an error, as is a stray quote.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => {
                quoted = false;
                let next = chars.peek();
                assert!(
                    matches!(next, None | Some(',') | Some('\r')),
                    "a closing quote is followed by {next:?}"
                );
            }
            (true, c) => field.push(c),
            (false, '"') => {
                assert!(
                    field.is_empty(),
                    "a quote inside an unquoted field: {field}"
                );
                quoted = true;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("a line ends with LF alone, not CRLF"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "the file ends inside a quoted field");
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> impl Iterator<Item = &str> {
        let i = self.header.iter().position(|h| h == name).unwrap();
        self.rows.iter().map(move |row| row[i].as_str())
    }
}

/// Reads a resource's CSV file and checks every cell against the resource's schema.
fn checked_table(dir: &Path, resource: &Value) -> Table {
    let name = resource["name"].as_str().unwrap();
    let path = dir.join(resource["path"].as_str().unwrap());
    assert!(path.is_file(), "{name}: {} is published", path.display());
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(resource["bytes"], bytes.len(), "{name}: its size");
    assert_eq!(resource["encoding"], "utf-8");
    assert_eq!(resource["dialect"]["lineTerminator"], "\r\n");
    assert!(bytes.starts_with(BOM), "{name}: the UTF-8 BOM first");
    let text = std::str::from_utf8(&bytes[BOM.len()..]).expect("UTF-8");
    let mut records = parse_csv(text);
    let header = records.remove(0);
    let schema = &resource["schema"];
    let fields = schema["fields"].as_array().unwrap();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert_eq!(
        header, names,
        "{name}: the header is the schema's fields, in order"
    );
    assert!(!records.is_empty(), "{name}: rows");
    for (i, field) in fields.iter().enumerate() {
        let column = field["name"].as_str().unwrap();
        let constraints = &field["constraints"];
        let pattern = constraints["pattern"]
            .as_str()
            .map(|p| Regex::new(&format!("^(?:{p})$")).unwrap());
        for (n, record) in records.iter().enumerate() {
            assert_eq!(
                record.len(),
                header.len(),
                "{name}: row {n} has every column"
            );
            let cell = record[i].as_str();
            let at = format!("{name}.{column}, row {n}: `{cell}`");
            if cell.is_empty() {
                assert_ne!(constraints["required"], true, "{at} is required");
                continue;
            }
            match field["type"].as_str().unwrap() {
                "string" => {}
                "integer" => assert!(cell.parse::<i64>().is_ok(), "{at} is an integer"),
                "boolean" => assert!(["true", "false"].contains(&cell), "{at} is a boolean"),
                other => panic!("{at}: a type this test does not check, {other}"),
            }
            if let Some(values) = constraints["enum"].as_array() {
                assert!(
                    values.iter().any(|v| v == cell),
                    "{at} is one of {values:?}"
                );
            }
            if let Some(pattern) = &pattern {
                assert!(pattern.is_match(cell), "{at} matches {pattern}");
            }
        }
    }
    let table = Table {
        header,
        rows: records,
    };
    let key: Vec<&str> = schema["primaryKey"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let mut seen = BTreeSet::new();
    for row in &table.rows {
        let values: Vec<&str> = key
            .iter()
            .map(|k| &row[table.header.iter().position(|h| h == k).unwrap()])
            .map(String::as_str)
            .collect();
        assert!(
            values.iter().all(|v| !v.is_empty()),
            "{name}: a key is never empty"
        );
        assert!(
            seen.insert(values.clone()),
            "{name}: the key {values:?} is unique"
        );
    }
    table
}

#[test]
fn the_data_package_describes_every_csv_file_as_it_is() {
    let (_dir, site) = built_real_site();
    let data = site.join("data");
    let package: Value = serde_json::from_str(&read(data.join("datapackage.json"))).unwrap();
    assert_eq!(package["profile"], "tabular-data-package");
    assert_eq!(package["name"], "coe-digital-partnership");
    assert!(package.get("licenses").is_none(), "no licence is declared");
    assert!(!package["sources"].as_array().unwrap().is_empty());
    let mut tables = BTreeMap::new();
    for resource in package["resources"].as_array().unwrap() {
        assert_eq!(resource["profile"], "tabular-data-resource");
        assert!(!resource["sources"].as_array().unwrap().is_empty());
        let name = resource["name"].as_str().unwrap().to_string();
        tables.insert(name, checked_table(&data, resource));
    }
    assert_eq!(
        tables.keys().collect::<Vec<_>>(),
        ["activities", "conclusions", "partners", "strategy"],
        "every CSV file is described"
    );
    let published: BTreeSet<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv"))
        .collect();
    assert_eq!(published.len(), tables.len(), "no CSV file is left out");

    // Every partner an activity names is a row of partners.csv.
    let partners: BTreeSet<&str> = tables["partners"].column("id").collect();
    let mut named = 0;
    for cell in tables["activities"].column("partners") {
        for id in cell.split(LIST_SEPARATOR).filter(|id| !id.is_empty()) {
            assert!(
                partners.contains(id),
                "activities name unknown partner `{id}`"
            );
            named += 1;
        }
    }
    assert!(named > 0);

    // The JSON twins hold the same records, and the lists in one cell split back into
    // the lists of the data (no item holds the separator).
    let activities: Value = serde_json::from_str(&read(data.join("activities.json"))).unwrap();
    let from_json: Vec<String> = activities
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let ids: Vec<&str> = a["partners"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            ids.join(LIST_SEPARATOR)
        })
        .collect();
    assert_eq!(
        from_json,
        tables["activities"].column("partners").collect::<Vec<_>>()
    );
    for (name, table) in &tables {
        if let Some(count) = match name.as_str() {
            "partners" | "activities" => {
                let json: Value =
                    serde_json::from_str(&read(data.join(format!("{name}.json")))).unwrap();
                Some(json.as_array().unwrap().len())
            }
            _ => None,
        } {
            assert_eq!(table.rows.len(), count, "{name}: one row per record");
        }
    }
    let strategy: Value = serde_json::from_str(&read(data.join("strategy.json"))).unwrap();
    let items: usize = strategy["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["actions"].as_array().unwrap())
        .map(|a| a["items"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        tables["strategy"].rows.len(),
        items,
        "one row per strategy item"
    );
}

#[test]
fn the_pages_link_the_downloads() {
    let (_dir, site) = built_real_site();
    let home = read(site.join("fr/index.html"));
    for name in [
        "partners.json",
        "partners.csv",
        "activities.json",
        "activities.csv",
        "strategy.json",
        "strategy.csv",
        "conclusions.json",
        "conclusions.csv",
        "datapackage.json",
    ] {
        assert!(
            home.contains(&format!(r#"<a href="/data/{name}">{name}</a>"#)),
            "the footer links {name}"
        );
        assert!(
            site.join("data").join(name).is_file(),
            "{name} is published"
        );
    }
    assert!(
        home.contains("Données ouvertes\u{202f}: "),
        "French typography"
    );
    let strategy = read(site.join("fr/strategie-gouvernance-internet/index.html"));
    assert!(
        strategy.contains(concat!(
            "<p class=\"meta downloads\">Télécharger ces données\u{202f}: ",
            r#"<a href="/data/strategy.json">strategy.json</a>, "#,
            r#"<a href="/data/strategy.csv">strategy.csv</a></p>"#
        )),
        "the strategy page links its own data"
    );
}
