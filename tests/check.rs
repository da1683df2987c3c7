//! `passerelle check`: every problem of a project in one run, compiler-style or as JSON,
//! with the documented exit codes, and nothing written.

mod support;

use support::*;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_valid_project_passes_and_warnings_can_be_denied() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = passerelle(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The fixture has a page in French only: a warning, which --deny-warnings refuses.
    assert!(text(&out.stderr).contains("check: 0 errors, 1 warning"));
    let denied = passerelle(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let invalid = fixtures().join("invalid");
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &invalid.join("unknown-partner"),
        &invalid.join("untranslated"),
        &invalid.join("broken-link"),
    ]);
    let out = passerelle(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    // A validation problem, a missing translation, a broken link (found by rendering) and
    // a broken anchor (the overlaid about page lost the heading the home page links to)
    // come out together, each with its source line, a caret and its help.
    for expected in [
        "error: activity `roundtable-2018` names unknown partner `aple`\n  \
         --> content/data/activities.yaml:20:16\n   \
         |\n\
         20 |     partners: [aple]\n   \
         |                ^^^^\n   \
         |\n   \
         = help: did you mean `apple`?",
        "--> content/data/domains.yaml:5:11",
        "7 | See [the history](@/pages/history.md).\n  \
         |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "5 | Welcome! See [the page](@/pages/about.md#purpose).\n  \
         |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "check: 4 errors, 1 warning",
    ] {
        assert!(
            stderr.contains(expected),
            "missing:\n{expected}\nin:\n{stderr}"
        );
    }

    let json = passerelle(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["errors"], 4);
    assert_eq!(report["warnings"], 1);
    let first = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "content/data/activities.yaml")
        .unwrap();
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "content/data/activities.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(20), Some(16))
    );
    assert_eq!(first["help"], "did you mean `apple`?");
}

#[test]
fn usage_errors_exit_with_2() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = passerelle(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
}
