//! The shapes of the data files and of the front matter as JSON Schemas, generated from
//! the types that load them, so the two cannot disagree. They serve twice: written out by
//! `passerelle schema` for editors' tools (completion, allowed values and errors as one
//! types), and read back when a file does not load, to report every mistake of its shape
//! at once, each at its own line, in words an editor can act on ([`shape_errors`]).

use crate::content::data::{
    ActivitiesFile, Conclusions, DomainsFile, PartialDate, PartnersFile, Strategy,
};
use crate::content::yaml::{self, Spans};
use crate::content::{self, FrontMatter};
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::validate::{listed, nearest};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where `passerelle schema` writes the schemas, relative to the project root; the data
/// files name them from there (`# yaml-language-server: $schema=../../schemas/…`).
pub const DIR: &str = "schemas";

/// One schema: the file it is written to and the data file (if any) it describes.
pub struct Described {
    pub name: &'static str,
    pub data_file: Option<&'static str>,
    pub schema: Value,
}

/// The schema of each data file, then the front matter's; `countries` are the codes a
/// partner's `country` may take (those the project's UI strings name), for editors to
/// complete. The loader's own check of a file's shape leaves countries to `validate`,
/// which says which code was meant.
pub fn all(countries: &[String]) -> Vec<Described> {
    let one = |name, data_file, schema: Schema| Described {
        name,
        data_file,
        schema: schema.to_value(),
    };
    vec![
        one(
            "partners.schema.json",
            Some(content::PARTNERS_FILE),
            with_countries(of::<PartnersFile>(), countries),
        ),
        one(
            "domains.schema.json",
            Some(content::DOMAINS_FILE),
            of::<DomainsFile>(),
        ),
        one(
            "activities.schema.json",
            Some(content::ACTIVITIES_FILE),
            of::<ActivitiesFile>(),
        ),
        one(
            "strategy.schema.json",
            Some(content::STRATEGY_FILE),
            of::<Strategy>(),
        ),
        one(
            "conclusions.schema.json",
            Some(content::CONCLUSIONS_FILE),
            of::<Conclusions>(),
        ),
        one("front-matter.schema.json", None, of::<FrontMatter>()),
    ]
}

/// Writes every schema into `root/schemas/` and adds the comment that names its schema
/// to the top of each data file that has none; returns the files written or changed.
pub fn write(root: &Path) -> Result<Vec<PathBuf>> {
    let dir = root.join(DIR);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut written = Vec::new();
    for described in all(&country_codes(root)?) {
        let relative = Path::new(DIR).join(described.name);
        let path = root.join(&relative);
        let mut json = serde_json::to_string_pretty(&described.schema)
            .map_err(|e| Diagnostic::error(&relative, format!("cannot write JSON: {e}")))?;
        json.push('\n');
        if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
            std::fs::write(&path, json).map_err(|e| Error::io(&path, e))?;
            written.push(relative);
        }
        let Some(data_file) = described.data_file else {
            continue;
        };
        let path = root.join(data_file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if !text.contains("yaml-language-server: $schema=") {
            let line = modeline(described.name);
            std::fs::write(&path, format!("{line}\n{text}")).map_err(|e| Error::io(&path, e))?;
            written.push(PathBuf::from(data_file));
        }
    }
    Ok(written)
}

/// The country codes the project's UI strings name in every language of the site, sorted.
pub fn country_codes(root: &Path) -> Result<Vec<String>> {
    let (_, config) = crate::config::Config::load(root)?;
    let langs = config.languages_in_order();
    let i18n = crate::i18n::I18n::load(root, &langs)?;
    let mut codes: Vec<String> = match langs.first() {
        Some(&first) => i18n
            .labelled::<crate::i18n::Country>(first)
            .filter(|code| {
                langs.iter().all(|&lang| {
                    i18n.labelled::<crate::i18n::Country>(lang)
                        .any(|c| c == *code)
                })
            })
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    codes.sort();
    Ok(codes)
}

/// The partners' schema with `country` one of `countries`.
fn with_countries(schema: Schema, countries: &[String]) -> Schema {
    let mut value = schema.to_value();
    if let Some(country) = value.pointer_mut("/$defs/Partner/properties/country")
        && !countries.is_empty()
    {
        country["enum"] = Value::from(countries.to_vec());
    }
    Schema::try_from(value).unwrap_or_else(|_| of::<PartnersFile>())
}

/// The schema of `T`, as editors' tools read it (JSON Schema 2020-12).
pub fn of<T: JsonSchema>() -> Schema {
    SchemaGenerator::default().into_root_schema_for::<T>()
}

/// The comment that points a YAML editor at a data file's schema.
pub fn modeline(name: &str) -> String {
    format!("# yaml-language-server: $schema=../../{DIR}/{name}")
}

/// A date as precise as the source: `2022-06-08`, `2022-06` or `2022` (also unquoted).
const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date as precise as the source: YYYY-MM-DD, YYYY-MM or YYYY.",
            "type": ["string", "integer"],
            "pattern": DATE_PATTERN,
            "minimum": 1000,
            "maximum": 9999,
        })
    }
}

/// A text that YAML may read as a number (`2017`, `"2020-2021"`).
pub fn text_or_number(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "integer"] })
}

/// Like [`text_or_number`], and may be left out or empty.
pub fn optional_text_or_number(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "integer", "null"] })
}

/// Loads `T` from a YAML document; when it does not load, the error lists every mistake
/// of shape the schema finds, or else the parser's own (a syntax error, or what the schema
/// cannot say, such as a day past the end of its month).
pub fn load<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T> {
    yaml::parse_at::<T>(path, text, line_offset).map_err(|error| {
        let found = shape_errors::<T>(path, text, line_offset);
        if found.is_empty() {
            error
        } else {
            Error::Content(found)
        }
    })
}

/// Every mistake of shape in `text` (a YAML document that `T` did not load from), each
/// at the line and column of the value or key at fault. Empty when the YAML itself does
/// not parse (the parser's own error says where) or when the schema finds nothing.
pub fn shape_errors<T: JsonSchema>(path: &Path, text: &str, line_offset: usize) -> Vec<Diagnostic> {
    let Ok(instance) = serde_yaml::from_str::<Value>(text) else {
        return Vec::new();
    };
    let schema = of::<T>().to_value();
    let Ok(validator) = jsonschema::validator_for(&schema) else {
        return Vec::new();
    };
    let spans = Spans::parse(text);
    // Without positions, the parser's own error (which has one) says more.
    if !spans.parsed() {
        return Vec::new();
    }
    let mut found: Vec<Diagnostic> = validator
        .iter_errors(&instance)
        .flat_map(|e| innermost(e.to_owned()))
        .map(|e| describe(&e, &schema, &instance, &spans))
        .map(|(message, help, (line, column))| {
            let d = Diagnostic::error(path, message).at(line + line_offset, column);
            match help {
                Some(help) => d.with_help(help),
                None => d,
            }
        })
        .collect();
    found.sort_by_key(|d| (d.line, d.column));
    found.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.message == b.message);
    found
}

/// The errors an `anyOf` failed with, in the branch that is not "empty": an optional
/// field holds a value of the wrong shape, and saying it may also be empty does not help.
fn innermost(error: ValidationError<'static>) -> Vec<ValidationError<'static>> {
    let is_null = |e: &ValidationError| {
        matches!(
            e.kind(),
            ValidationErrorKind::Type {
                kind: TypeKind::Single(JsonType::Null)
            }
        )
    };
    let branch = match error.kind() {
        ValidationErrorKind::AnyOf { context } => context
            .iter()
            .position(|errors| !errors.iter().all(is_null)),
        _ => None,
    };
    let Some(branch) = branch else {
        return vec![error];
    };
    match error.into_parts().kind {
        ValidationErrorKind::AnyOf { mut context } => context
            .swap_remove(branch)
            .into_iter()
            .flat_map(innermost)
            .collect(),
        _ => Vec::new(),
    }
}

/// The message, the help and the position of one error.
fn describe(
    error: &ValidationError<'_>,
    schema: &Value,
    instance: &Value,
    spans: &Spans,
) -> (String, Option<String>, (usize, usize)) {
    let path = segments(&error.instance_path().to_string());
    let at = spans.value(&path).unwrap_or((0, 0));
    let record = record_name(instance, &path);
    // "`kind` of partner `apple`": the field, and the record it belongs to.
    let field = match path.iter().rev().find(|s| s.parse::<usize>().is_err()) {
        Some(key) if record == "the file" => format!("`{key}`"),
        Some(key) => format!("`{key}` of {record}"),
        None => "the file".to_string(),
    };
    let found = error.instance();
    // The schema of the value at fault: the keyword's parent.
    let keyword = error.schema_path().to_string();
    let subschema = keyword
        .rsplit_once('/')
        .and_then(|(parent, _)| resolve(schema, parent));
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let expected = expected(kind, subschema);
            (
                format!("{field} must be {expected}, found {}", kind_of(found)),
                None,
                at,
            )
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<&str> = options
                .as_array()
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let word = found
                .as_str()
                .map_or_else(|| found.to_string(), str::to_string);
            let known: BTreeSet<&str> = allowed.iter().copied().collect();
            let help = nearest(&word, &known).map(|near| format!("did you mean `{near}`?"));
            (
                format!(
                    "{field} must be one of {}; found `{word}`",
                    listed(allowed.iter().copied())
                ),
                help,
                at,
            )
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            // The record itself, or a mapping inside it (`name: {fr: …}` lacking `en`).
            let owner = match path.last() {
                Some(last) if last.parse::<usize>().is_err() => field,
                _ => record,
            };
            (
                format!("{owner} has no `{property}`, which it must have"),
                Some(format!("add `{property}:` to it")),
                at,
            )
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: BTreeSet<&str> = subschema
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let key = unexpected.first().map_or("", String::as_str);
            let mut key_path = path.clone();
            key_path.push(key.to_string());
            let at = spans.key(&key_path).unwrap_or(at);
            let near = nearest(key, &allowed)
                .map(|near| format!("did you mean `{near}`? "))
                .unwrap_or_default();
            (
                format!("unknown key `{key}` in {record}"),
                Some(format!(
                    "{near}the keys allowed here are {}",
                    listed(allowed.iter().copied())
                )),
                at,
            )
        }
        ValidationErrorKind::Pattern { pattern } if pattern == DATE_PATTERN => {
            match found.as_str().unwrap_or_default() {
                "" => (
                    format!("{field} is empty: it needs a date"),
                    Some("write it YYYY-MM-DD, YYYY-MM or YYYY, as precise as the source".into()),
                    at,
                ),
                written => (
                    format!(
                        "{field} must be a date written YYYY-MM-DD, YYYY-MM or YYYY; found `{written}`"
                    ),
                    Some("a month runs from 01 to 12, a day from 01 to 31".into()),
                    at,
                ),
            }
        }
        ValidationErrorKind::Minimum { .. } | ValidationErrorKind::Maximum { .. }
            if subschema.is_some_and(|s| s.get("pattern").is_some_and(|p| p == DATE_PATTERN)) =>
        {
            (
                format!("{field} must be a year of four digits; found `{found}`"),
                None,
                at,
            )
        }
        _ => (format!("{field}: {}", error.masked()), None, at),
    }
}

/// "partner `apple`", "activity 3", "the file": what an editor calls the record at
/// `path` (the nearest enclosing item of a list, named by its id when it has one).
fn record_name(instance: &Value, path: &[String]) -> String {
    let mut named = "the file".to_string();
    let mut node = instance;
    let mut list = None;
    for segment in path {
        node = match node {
            Value::Object(map) => {
                list = Some(segment.as_str());
                match map.get(segment) {
                    Some(v) => v,
                    None => break,
                }
            }
            Value::Array(items) => {
                let Some(item) = segment.parse::<usize>().ok().and_then(|i| items.get(i)) else {
                    break;
                };
                let kind = singular(list.unwrap_or_default());
                named = match item.get("id").or_else(|| item.get("number")) {
                    Some(Value::String(id)) => format!("{kind} `{id}`"),
                    Some(Value::Number(n)) => format!("{kind} {n}"),
                    _ => format!("{kind} {}", segment.parse::<usize>().unwrap_or(0) + 1),
                };
                item
            }
            _ => break,
        };
    }
    named
}

/// "partners" → "partner": the name of one item of a list of the data.
fn singular(list: &str) -> &str {
    match list {
        "partners" => "partner",
        "domains" => "domain",
        "activities" => "activity",
        "work_plans" => "work plan",
        "categories" => "category",
        "themes" => "theme",
        "actions" => "action",
        "items" => "row",
        "sections" => "section",
        "paragraphs" => "paragraph",
        "points" => "point",
        "footnotes" => "footnote",
        "header" => "header field",
        _ => "item",
    }
}

/// What an editor calls the type(s) a schema asks for; a `{fr, en}` mapping is a text
/// in each language.
fn expected(kind: &TypeKind, subschema: Option<&Value>) -> String {
    let is_text = subschema
        .and_then(|s| s.get("properties"))
        .is_some_and(|p| p.get("fr").is_some() && p.get("en").is_some());
    if is_text {
        return "a text in each language, `{fr: …, en: …}`".into();
    }
    let types: Vec<JsonType> = match kind {
        TypeKind::Single(t) => vec![*t],
        TypeKind::Multiple(set) => set.iter().collect(),
    };
    let mut words: Vec<&str> = types
        .iter()
        .filter(|t| !matches!(t, JsonType::Null))
        .map(|t| match t {
            JsonType::String => "a text",
            JsonType::Integer => "a whole number",
            JsonType::Number => "a number",
            JsonType::Boolean => "`true` or `false`",
            JsonType::Array => "a list",
            JsonType::Object => "a mapping (`key: value` lines)",
            JsonType::Null => "empty",
        })
        .collect();
    words.dedup();
    words.join(" or ")
}

/// The kind of a value as an editor would name it.
fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// The segments of a JSON pointer (`/partners/3/kind`), unescaped.
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The value at a JSON pointer of the schema, following `$ref`s on the way.
fn resolve<'a>(schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = schema;
    for segment in segments(pointer) {
        node = follow(schema, node);
        // A `$ref` keyword in the path is the definition `follow` has just gone to.
        if segment == "$ref" {
            continue;
        }
        node = match node {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(follow(schema, node))
}

/// The definition a `{"$ref": "#/$defs/X"}` names, or the node itself.
fn follow<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|p| schema.pointer(p))
            .unwrap_or(node),
        None => node,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::data::DomainsFile;

    #[test]
    fn a_file_the_spans_cannot_read_keeps_the_parsers_position() {
        // An anchor: serde's parser reads it, the one behind the spans does not.
        let text = "domains:\n  - id: a\n    name: &n {fr: A, en: A}\n    colour: red\n";
        let error = load::<DomainsFile>(Path::new("d.yaml"), text, 0).unwrap_err();
        let d = &error.diagnostics()[0];
        assert_eq!((d.line, d.column), (4, 5), "{}", d.message);
        // Without the anchor, the schema's words, at the same place.
        let error =
            load::<DomainsFile>(Path::new("d.yaml"), &text.replace("&n ", ""), 0).unwrap_err();
        let d = &error.diagnostics()[0];
        assert_eq!(
            (d.line, d.column, d.message.as_str()),
            (4, 5, "unknown key `colour` in domain `a`")
        );
    }
}
