//! Open data downloads: the partners and the work plan as JSON (the records as the data
//! holds them, both languages) and CSV (one row per record, one column per language), made
//! from the same data as the pages.

use super::OutputFile;
use crate::Site;
use crate::content::{ACTIVITIES_FILE, PARTNERS_FILE};
use crate::diagnostic::{Diagnostic, Result};
use crate::model::enum_key;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the downloads are published.
use crate::urls::OPEN_DATA_DIR as DIR;

/// Every file the downloads may publish (those of empty collections are not made).
pub const PATHS: [&str; 4] = [
    "data/partners.json",
    "data/partners.csv",
    "data/activities.json",
    "data/activities.csv",
];

fn file(name: &str, bytes: Vec<u8>, source: &str) -> OutputFile {
    OutputFile {
        path: format!("{DIR}/{name}"),
        bytes: Arc::new(bytes),
        sources: BTreeSet::from([PathBuf::from(source)]),
    }
}

/// A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The UTF-8 byte order mark that begins every CSV file: without it, Excel reads a CSV in
/// the machine's legacy code page (Windows-1252 in France) and shows `Ã©` for `é`; a CSV
/// file has no other place to state its encoding. Readers that know UTF-8 skip it
/// (frictionless, pandas, R's readr, LibreOffice; Python's `csv` with `utf-8-sig`).
const BOM: &str = "\u{feff}";

/// A CSV file (RFC 4180: CRLF line ends, fields quoted when needed) after the BOM.
fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = String::from(BOM);
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn json<T: serde::Serialize>(value: &T, source: &str) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Diagnostic::error(source, format!("cannot write JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

pub fn files(site: &Site) -> Result<Vec<OutputFile>> {
    let data = &site.data;
    let mut out = Vec::new();
    if !data.partners.is_empty() {
        out.push(file(
            "partners.json",
            json(&data.partners, PARTNERS_FILE)?,
            PARTNERS_FILE,
        ));
        let rows = data.partners.iter().map(|p| {
            vec![
                p.id.clone(),
                p.name.clone(),
                p.variants.join("; "),
                enum_key(&p.kind),
                p.country.clone(),
                p.sector.fr.clone(),
                p.sector.en.clone(),
                p.signed.to_string(),
                p.cohort.as_str().to_string(),
                enum_key(&p.status),
                p.ended.map(|d| d.to_string()).unwrap_or_default(),
            ]
        });
        let header = [
            "id",
            "name",
            "variants",
            "kind",
            "country",
            "sector_fr",
            "sector_en",
            "signed",
            "cohort",
            "status",
            "ended",
        ];
        out.push(file("partners.csv", csv(&header, rows), PARTNERS_FILE));
    }
    if !data.activities.is_empty() {
        out.push(file(
            "activities.json",
            json(&data.activities, ACTIVITIES_FILE)?,
            ACTIVITIES_FILE,
        ));
        let rows = data.activities.iter().map(|a| {
            vec![
                a.id.clone(),
                enum_key(&a.category),
                a.sector.fr.clone(),
                a.sector.en.clone(),
                a.title.fr.clone(),
                a.title.en.clone(),
                a.date_text.clone().unwrap_or_default(),
                a.start.map(|d| d.to_string()).unwrap_or_default(),
                a.end.map(|d| d.to_string()).unwrap_or_default(),
                a.approximate.to_string(),
                a.domains.join("; "),
                a.partners.join("; "),
                a.others.join("; "),
            ]
        });
        let header = [
            "id",
            "category",
            "sector_fr",
            "sector_en",
            "title_fr",
            "title_en",
            "date_text",
            "start",
            "end",
            "approximate",
            "domains",
            "partners",
            "others",
        ];
        out.push(file("activities.csv", csv(&header, rows), ACTIVITIES_FILE));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(field("Apple"), "Apple");
        assert_eq!(field("Digital Europe, Trade"), "\"Digital Europe, Trade\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\r\nlines"), "\"two\r\nlines\"");
    }

    #[test]
    fn csv_begins_with_the_bom_and_ends_rows_with_crlf() {
        let bytes = csv(
            &["id", "name"],
            [vec!["a".to_string(), "Été, hiver".to_string()]].into_iter(),
        );
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}id,name\r\na,\"Été, hiver\"\r\n"
        );
    }
}
