//! One mistake gives one error, at its cause, and never a page with an error inside: a
//! missing data file is not 175 unknown partners, a syntax error in one `.ftl` file is not
//! an error per message, a site in one language needs the UI strings of that language only,
//! and a UI string that fails to format stops the build instead of being published.

mod support;

use std::path::Path;
use support::*;

/// The errors `check` prints (the `error: …` lines), after `spoil` changed the fixture.
fn errors_after(spoil: impl FnOnce(&Path)) -> (Vec<String>, tempfile::TempDir) {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    spoil(dir.path());
    let out = passerelle(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let errors = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (errors, dir)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_missing_partners_file_is_one_error() {
    let (errors, _dir) =
        errors_after(|root| std::fs::remove_file(root.join("content/data/partners.yaml")).unwrap());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/data/partners.yaml:0: the partners file is missing, and the work plan names partners "),
        "{errors:#?}"
    );
}

#[test]
fn an_unknown_country_is_one_error() {
    // Not one more per language from each page that names the partner's country.
    let (errors, _dir) = errors_after(|root| {
        edit(
            &root.join("content/data/partners.yaml"),
            "country: US",
            "country: SWE",
        );
    });
    assert_eq!(
        errors,
        ["content/data/partners.yaml:6: unknown country `SWE` for partner `apple`"]
    );
}

#[test]
fn a_site_in_one_language_needs_only_its_strings() {
    let (errors, _dir) = errors_after(|root| {
        edit(
            &root.join("config.yaml"),
            "title: {fr: Site d'essai, en: Test site}",
            "title: {fr: Site d'essai, en: Test site}\nlanguages: [fr]",
        );
    });
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn a_syntax_error_in_a_strings_file_is_one_error() {
    let (errors, _dir) = errors_after(|root| {
        edit(
            &root.join("i18n/en/main.ftl"),
            "lang-name-en = English",
            "lang-name-en = English {",
        );
    });
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("i18n/en/main.ftl:"), "{errors:#?}");
}

#[test]
fn a_string_that_fails_to_format_stops_the_build_once() {
    for (broken, why) in [
        (
            "nav-partners = Partenaires { $count }",
            "Unknown variable: $count",
        ),
        (
            "nav-partners = { nav-partners }",
            "Cyclical dependency detected",
        ),
    ] {
        let dir = project(&[&fixtures().join("valid/bilingual")]);
        let root = dir.path();
        assert!(passerelle(root, &["build", "--quiet"]).status.success());
        let before = tree(&root.join("public"));
        edit(
            &root.join("i18n/fr/main.ftl"),
            "nav-partners = Partenaires",
            broken,
        );
        let line = std::fs::read_to_string(root.join("i18n/fr/main.ftl"))
            .unwrap()
            .lines()
            .position(|l| l == broken)
            .unwrap()
            + 1;
        let out = passerelle(root, &["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{broken}: {stderr}");
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(
            errors.len(),
            1,
            "{broken}: one error for every page that shows it: {stderr}"
        );
        assert!(
            errors[0].starts_with(&format!(
                "error: i18n/fr/main.ftl:{line}:1: UI string `nav-partners`"
            )) && errors[0].contains(why)
                && errors[0].ends_with("(in fr)"),
            "{stderr}"
        );
        assert_eq!(tree(&root.join("public")), before);
        let check = passerelle(root, &["check"]);
        assert_eq!(check.status.code(), Some(1), "check must find it too");
    }
}
