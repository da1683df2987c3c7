//! The JSON Schemas editors' tools read (`passerelle schema`, in schemas/): they are those
//! of the current types, the real data and front matter satisfy them, every data file
//! names its schema, and the shape mistakes of the invalid fixtures break them where an
//! editor's tool should underline, checked with a JSON Schema validator rather than with
//! Passerelle's own loader.

mod support;

use passerelle::schema;
use serde_json::Value;
use std::path::{Path, PathBuf};
use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_as_json(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap()
}

/// The instance paths (JSON pointers) at which `instance` breaks `schema`.
fn broken_at(schema: &Value, instance: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    let mut paths: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| e.instance_path().to_string())
        .collect();
    paths.sort();
    paths
}

/// The schemas as `passerelle schema` writes them for this repository.
fn schemas() -> Vec<schema::Described> {
    schema::all(&schema::country_codes(&root()).unwrap())
}

fn schema_of(name: &str) -> Value {
    schemas()
        .into_iter()
        .find(|d| d.name == name)
        .unwrap()
        .schema
}

#[test]
fn the_committed_schemas_are_those_of_the_current_types() {
    for described in schemas() {
        let path = root().join(schema::DIR).join(described.name);
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e}; run `passerelle schema`", path.display()));
        let current = serde_json::to_string_pretty(&described.schema).unwrap() + "\n";
        assert!(
            committed == current,
            "{} is out of date: run `cargo run -- schema`",
            described.name
        );
    }
}

#[test]
fn every_data_file_names_its_schema_and_satisfies_it() {
    for described in schemas() {
        let Some(file) = described.data_file else {
            continue;
        };
        let text = read(root().join(file));
        assert_eq!(
            text.lines().next(),
            Some(schema::modeline(described.name).as_str()),
            "{file}"
        );
        let errors = broken_at(&described.schema, &yaml_as_json(&text));
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn every_page_front_matter_satisfies_its_schema() {
    let schema = schema_of("front-matter.schema.json");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(root().join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = read(entry.path());
        let front = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---").map(|(front, _)| front))
            .unwrap_or_else(|| panic!("{}: no front matter", entry.path().display()));
        let errors = broken_at(&schema, &yaml_as_json(front));
        assert!(errors.is_empty(), "{}: {errors:?}", entry.path().display());
        pages += 1;
    }
    assert!(pages >= 14, "only {pages} pages found");
}

/// A file of an invalid fixture, as JSON.
fn fixture(name: &str, file: &str) -> Value {
    yaml_as_json(&read(fixtures().join("invalid").join(name).join(file)))
}

#[test]
fn the_shape_mistakes_of_the_invalid_fixtures_break_the_schemas() {
    let partners = schema_of("partners.schema.json");
    assert_eq!(
        broken_at(
            &partners,
            &fixture("three-mistakes-in-one-record", "content/data/partners.yaml")
        ),
        [
            "/partners/2/kind",
            "/partners/2/sector",
            "/partners/2/signed"
        ]
    );
    let domains = schema_of("domains.schema.json");
    assert_eq!(
        broken_at(
            &domains,
            &fixture("missing-field", "content/data/domains.yaml")
        ),
        ["/domains/0/name"]
    );
    assert_eq!(
        broken_at(
            &domains,
            &fixture("crlf-positions", "content/data/domains.yaml")
        ),
        ["/domains/0"]
    );
    // An editor's tool knows the country codes (CLDR's, as the UI strings name them).
    let mut sweden = yaml_as_json(&read(
        fixtures().join("valid/bilingual/content/data/partners.yaml"),
    ));
    sweden["partners"][0]["country"] = Value::from("SE");
    assert!(broken_at(&partners, &sweden).is_empty());
    sweden["partners"][0]["country"] = Value::from("SWE");
    assert_eq!(broken_at(&partners, &sweden), ["/partners/0/country"]);
    // The valid fixture's data satisfy the same schemas.
    let valid = fixtures().join("valid/bilingual/content/data");
    for (file, name) in [
        ("partners.yaml", "partners.schema.json"),
        ("domains.yaml", "domains.schema.json"),
        ("activities.yaml", "activities.schema.json"),
    ] {
        let errors = broken_at(&schema_of(name), &yaml_as_json(&read(valid.join(file))));
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn the_schema_command_writes_the_schemas_and_names_them_once() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let run = || {
        let out = passerelle(dir.path(), &["schema"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let first = run();
    assert!(
        first.contains("wrote schemas/partners.schema.json"),
        "{first}"
    );
    assert!(
        first.contains("wrote content/data/partners.yaml"),
        "{first}"
    );
    let partners = read(dir.path().join("content/data/partners.yaml"));
    assert!(
        partners
            .starts_with("# yaml-language-server: $schema=../../schemas/partners.schema.json\n")
    );
    // Nothing to do the second time: the files are current and named.
    assert_eq!(run(), "");
    assert_eq!(
        read(dir.path().join("content/data/partners.yaml")),
        partners
    );
    // The site still builds with the comment line on top.
    let out = passerelle(dir.path(), &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(Path::new(&dir.path().join("schemas/front-matter.schema.json")).is_file());
}
