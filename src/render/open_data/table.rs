//! A published table, defined once as a list of columns: each column gives its name, its
//! Table Schema type and constraints, what it holds, and how to read its cell from a record.
//! The same list writes the CSV file (header and rows) and the table's schema in
//! `datapackage.json`, so the file and its description cannot disagree.

use crate::content::data::Data;
use serde::Serialize;

/// How a list of values is written in one cell (`variants`, `partners`, …). Table Schema
/// v1 has no list type, so such a column is a `string`, and its description names this
/// separator (through `concat!`, hence a macro).
macro_rules! list_separator {
    () => {
        "; "
    };
}
pub(super) use list_separator;

/// The UTF-8 byte order mark that begins every CSV file: without it, Excel reads a CSV in
/// the machine's legacy code page (Windows-1252 in France) and shows `Ã©` for `é`; a CSV
/// file has no other place to state its encoding. Readers that know UTF-8 skip it
/// (frictionless, pandas, R's readr, LibreOffice; Python's `csv` with `utf-8-sig`).
pub(super) const BOM: &str = "\u{feff}";

/// The line end of RFC 4180, also declared in the package's CSV dialect.
pub(super) const LINE_END: &str = "\r\n";

/// A list of values in one cell.
pub(super) fn list(items: &[String]) -> String {
    items.join(list_separator!())
}

/// A value that may be absent: an empty cell, which Table Schema reads as missing.
pub(super) fn optional(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A column's type, as Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    String,
    Integer,
    Boolean,
}

/// What a column's values may be, beyond their type.
pub(super) enum Values {
    /// Any value of the type.
    Any,
    /// A value the regular expression matches whole (Table Schema anchors it at both ends
    /// and reads it as XML Schema does, so it has no `^` or `$`).
    Pattern(&'static str),
    /// One of a closed list: a Rust enum's values, or those the data declare.
    OneOf(fn(&Data) -> Vec<String>),
}

/// One column of a table of records `R`.
pub(super) struct Column<R> {
    pub(super) name: &'static str,
    pub(super) field_type: FieldType,
    /// Every row has a value (a cell is never empty).
    pub(super) required: bool,
    pub(super) values: Values,
    pub(super) description: &'static str,
    pub(super) cell: fn(&R) -> String,
}

/// A table of records `R`: its columns in order, and the columns that identify a row.
pub(super) struct Table<R> {
    pub(super) columns: Vec<Column<R>>,
    pub(super) primary_key: &'static [&'static str],
}

/// A table is made column by column, in the order of the file: `t.text(name, description,
/// cell)` adds a column that may be empty and may hold any value of its type.
impl<R> Table<R> {
    pub(super) fn new(primary_key: &'static [&'static str]) -> Self {
        Table {
            columns: Vec::new(),
            primary_key,
        }
    }

    fn column(
        &mut self,
        name: &'static str,
        field_type: FieldType,
        description: &'static str,
        cell: fn(&R) -> String,
    ) -> &mut Column<R> {
        self.columns.push(Column {
            name,
            field_type,
            required: false,
            values: Values::Any,
            description,
            cell,
        });
        self.columns.last_mut().expect("just pushed")
    }

    pub(super) fn text(
        &mut self,
        name: &'static str,
        description: &'static str,
        cell: fn(&R) -> String,
    ) -> &mut Column<R> {
        self.column(name, FieldType::String, description, cell)
    }

    pub(super) fn integer(
        &mut self,
        name: &'static str,
        description: &'static str,
        cell: fn(&R) -> String,
    ) -> &mut Column<R> {
        self.column(name, FieldType::Integer, description, cell)
    }

    pub(super) fn boolean(
        &mut self,
        name: &'static str,
        description: &'static str,
        cell: fn(&R) -> String,
    ) -> &mut Column<R> {
        self.column(name, FieldType::Boolean, description, cell)
    }

    /// The CSV file: the BOM, the header, one row per record (RFC 4180: CRLF line ends,
    /// fields quoted when needed).
    pub(super) fn csv(&self, rows: &[R]) -> Vec<u8> {
        let mut out = String::from(BOM);
        let line = |cells: Vec<String>| cells.join(",") + LINE_END;
        out.push_str(&line(self.columns.iter().map(|c| field(c.name)).collect()));
        for row in rows {
            out.push_str(&line(
                self.columns.iter().map(|c| field(&(c.cell)(row))).collect(),
            ));
        }
        out.into_bytes()
    }

    /// The Table Schema of the CSV file; closed lists are read from `data`.
    pub(super) fn schema(&self, data: &Data) -> Schema {
        Schema {
            fields: self
                .columns
                .iter()
                .map(|c| Field {
                    name: c.name,
                    field_type: c.field_type,
                    description: c.description,
                    constraints: Constraints {
                        required: c.required,
                        pattern: match c.values {
                            Values::Pattern(pattern) => Some(pattern),
                            _ => None,
                        },
                        one_of: match c.values {
                            Values::OneOf(values) => Some(values(data)),
                            _ => None,
                        },
                    },
                })
                .collect(),
            primary_key: self.primary_key.to_vec(),
            missing_values: [""],
        }
    }
}

/// A column's constraints, set after it is added: `t.text(…).required().pattern(ID)`.
impl<R> Column<R> {
    pub(super) fn required(&mut self) -> &mut Self {
        self.required = true;
        self
    }

    pub(super) fn pattern(&mut self, pattern: &'static str) -> &mut Self {
        self.values = Values::Pattern(pattern);
        self
    }

    pub(super) fn one_of(&mut self, values: fn(&Data) -> Vec<String>) -> &mut Self {
        self.values = Values::OneOf(values);
        self
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

/// A Table Schema (v1), as `datapackage.json` gives it for each CSV file.
#[derive(Debug, Clone, Serialize)]
pub struct Schema {
    pub fields: Vec<Field>,
    #[serde(rename = "primaryKey")]
    pub primary_key: Vec<&'static str>,
    /// Only an empty cell is missing (the default, stated for readers of the file).
    #[serde(rename = "missingValues")]
    pub missing_values: [&'static str; 1],
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub description: &'static str,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

#[derive(Debug, Clone, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<&'static str>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
}

impl Constraints {
    fn is_empty(&self) -> bool {
        !self.required && self.pattern.is_none() && self.one_of.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        id: &'static str,
        name: &'static str,
        tags: Vec<String>,
    }

    fn table() -> Table<Row> {
        Table {
            columns: vec![
                Column {
                    name: "id",
                    field_type: FieldType::String,
                    required: true,
                    values: Values::Pattern("[a-z]+"),
                    description: "The id.",
                    cell: |r| r.id.to_string(),
                },
                Column {
                    name: "name",
                    field_type: FieldType::String,
                    required: false,
                    values: Values::Any,
                    description: "The name.",
                    cell: |r| r.name.to_string(),
                },
                Column {
                    name: "tags",
                    field_type: FieldType::String,
                    required: false,
                    values: Values::OneOf(|_| vec!["x".into(), "y".into()]),
                    description: "The tags.",
                    cell: |r| list(&r.tags),
                },
            ],
            primary_key: &["id"],
        }
    }

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("Apple"), "Apple");
        assert_eq!(field("Digital Europe, Trade"), "\"Digital Europe, Trade\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\r\nlines"), "\"two\r\nlines\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn the_csv_begins_with_the_bom_then_the_columns_and_ends_rows_with_crlf() {
        let rows = [
            Row {
                id: "a",
                name: "Été, hiver",
                tags: vec!["x".into(), "y".into()],
            },
            Row {
                id: "b",
                name: "dit \"oui\"\nou non",
                tags: vec![],
            },
        ];
        let bytes = table().csv(&rows);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM first");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{feff}id,name,tags\r\na,\"Été, hiver\",x; y\r\nb,\"dit \"\"oui\"\"\nou non\",\r\n"
        );
    }

    #[test]
    fn the_schema_names_the_columns_in_the_order_of_the_header() {
        let table = table();
        let schema = table.schema(&Data::default());
        let names: Vec<&str> = schema.fields.iter().map(|f| f.name).collect();
        let csv = String::from_utf8(table.csv(&[])).unwrap();
        assert_eq!(csv, format!("{BOM}{}{LINE_END}", names.join(",")));
        let json = serde_json::to_value(&schema).unwrap();
        assert_eq!(
            json["fields"][0],
            serde_json::json!({"name": "id", "type": "string", "description": "The id.",
                "constraints": {"required": true, "pattern": "[a-z]+"}})
        );
        assert_eq!(
            json["fields"][1],
            serde_json::json!({"name": "name", "type": "string", "description": "The name."}),
            "no empty constraints"
        );
        assert_eq!(
            json["fields"][2]["constraints"]["enum"],
            serde_json::json!(["x", "y"])
        );
        assert_eq!(json["primaryKey"], serde_json::json!(["id"]));
        assert_eq!(json["missingValues"], serde_json::json!([""]));
    }
}
