//! Every fixture under tests/fixtures/invalid, each its own test, must fail to build with
//! exit code 1, print the diagnostics its `expected.txt` lists (each line must appear in
//! stderr, in full), and leave the previous output exactly as it was; `check` must find the
//! same errors, without panicking and without writing anything. A fixture whose
//! `expected.txt` lists warnings only is a mistake that does not stop a build: the build
//! succeeds and prints them, and `check --deny-warnings` refuses the project, naming them.

mod support;

use support::*;

/// Builds the valid fixture, lays the invalid fixture `name` over it, and expects the
/// build and `check` to fail as its `expected.txt` says, leaving the output as it was (or,
/// for warnings only, the build to succeed with them and `check --deny-warnings` to fail).
fn fails_as_expected(name: &str) {
    let valid = fixtures().join("valid/bilingual");
    let case = fixtures().join("invalid").join(name);
    let mut failures = Vec::new();
    let expected = read(case.join("expected.txt"));
    let warnings_only = !expected.lines().any(|l| l.starts_with("error: "));
    let dir = project(&[&valid]);
    // A previous good build, to prove a failing build leaves it untouched.
    let first = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(
        first.status.success(),
        "{name}: the base site must build: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = tree(&dir.path().join("public"));
    copy_dir(&case, dir.path());
    std::fs::remove_file(dir.path().join("expected.txt")).unwrap();
    let out = passerelle(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = if warnings_only { 0 } else { 1 };
    if out.status.code() != Some(code) {
        failures.push(format!(
            "{name}: exit code {:?}, expected {code}\n{stderr}",
            out.status.code()
        ));
    }
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        if !stderr.lines().any(|l| l == line) {
            failures.push(format!(
                "{name}: missing line\n  {line}\nin stderr:\n{stderr}"
            ));
        }
    }
    if !warnings_only && tree(&dir.path().join("public")) != before {
        failures.push(format!("{name}: the previous output changed"));
    }
    let before = tree(&dir.path().join("public"));
    // Pages are written into a staging directory as they are rendered: a failed build
    // must take it away.
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".passerelle-staging") || n.ends_with(".passerelle-old"))
        .collect();
    if !leftovers.is_empty() {
        failures.push(format!("{name}: the failed build left {leftovers:?}"));
    }
    failures.extend(check_finds(name, dir.path(), &expected));
    if tree(&dir.path().join("public")) != before {
        failures.push(format!("{name}: `check` wrote to the output"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One test per invalid fixture, so that one case runs alone (`cargo test --test
/// invalid_sites yaml_syntax`).
macro_rules! invalid_fixtures {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                fails_as_expected($dir);
            }
        )*

        #[test]
        fn every_invalid_fixture_has_its_test() {
            let mut found: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            found.sort();
            assert_eq!(found, [$($dir),*], "add the fixture to invalid_fixtures!");
        }
    };
}

invalid_fixtures! {
    alias_bomb => "alias-bomb",
    bad_date => "bad-date",
    bad_translation_of => "bad-translation-of",
    broken_address_link => "broken-address-link",
    broken_anchor => "broken-anchor",
    broken_link => "broken-link",
    config_bad_base_url => "config-bad-base-url",
    config_report_website => "config-report-website",
    config_unknown_key => "config-unknown-key",
    config_yaml_syntax => "config-yaml-syntax",
    control_character => "control-character",
    crlf_positions => "crlf-positions",
    css_missing_file => "css-missing-file",
    duplicate_key => "duplicate-key",
    duplicate_url => "duplicate-url",
    empty_file => "empty-file",
    ended_without_date => "ended-without-date",
    french_spacing => "french-spacing",
    front_matter_yaml_syntax => "front-matter-yaml-syntax",
    ftl_missing_id => "ftl-missing-id",
    ftl_syntax => "ftl-syntax",
    introduced_after_signing => "introduced-after-signing",
    invalid_utf8 => "invalid-utf8",
    media_climbing => "media-climbing",
    media_missing_alt => "media-missing-alt",
    media_missing_file => "media-missing-file",
    media_undecodable => "media-undecodable",
    missing_field => "missing-field",
    missing_template => "missing-template",
    misspelt_link => "misspelt-link",
    page_alias_collides => "page-alias-collides",
    page_alias_escapes => "page-alias-escapes",
    page_alias_twice => "page-alias-twice",
    shortcode_mistakes => "shortcode-mistakes",
    slug_absolute => "slug-absolute",
    slug_escape => "slug-escape",
    slug_nul => "slug-nul",
    slug_reserved => "slug-reserved",
    slug_too_long => "slug-too-long",
    social_card_size => "social-card-size",
    social_card_undrawable => "social-card-undrawable",
    template_runtime => "template-runtime",
    template_syntax => "template-syntax",
    theme_font_unreadable => "theme-font-unreadable",
    three_mistakes_in_one_record => "three-mistakes-in-one-record",
    unknown_country => "unknown-country",
    unknown_enum => "unknown-enum",
    unknown_partner => "unknown-partner",
    unterminated_code_fence => "unterminated-code-fence",
    unterminated_front_matter => "unterminated-front-matter",
    untranslated => "untranslated",
    wrong_type => "wrong-type",
    yaml_syntax => "yaml-syntax",
    yaml_unclosed_at_end => "yaml-unclosed-at-end",
}

/// `check --format json` reports every error line of `expected` (as the build prints it);
/// with warnings only, `check --deny-warnings` fails and reports every warning line.
fn check_finds(name: &str, root: &std::path::Path, expected: &str) -> Vec<String> {
    let warnings_only = !expected.lines().any(|l| l.starts_with("error: "));
    let out = if warnings_only {
        passerelle(root, &["check", "--format", "json", "--deny-warnings"])
    } else {
        passerelle(root, &["check", "--format", "json"])
    };
    let mut failures = Vec::new();
    if out.status.code() != Some(1) {
        failures.push(format!("{name}: check exit code {:?}", out.status.code()));
    }
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
        return vec![format!(
            "{name}: check printed no JSON:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )];
    };
    let printed: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let location = match (d["line"].as_u64(), d["column"].as_u64()) {
                (Some(0), _) => d["path"].as_str().unwrap_or("").to_string(),
                (Some(l), Some(0)) => format!("{}:{l}", d["path"].as_str().unwrap_or("")),
                (Some(l), Some(c)) => format!("{}:{l}:{c}", d["path"].as_str().unwrap_or("")),
                _ => String::new(),
            };
            format!(
                "{}: {location}: {}",
                d["severity"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    let severity = if warnings_only {
        "warning: "
    } else {
        "error: "
    };
    for line in expected.lines().filter(|l| l.starts_with(severity)) {
        // A location-less diagnostic prints as "error: path: message" in both.
        if !printed.iter().any(|p| p == line) {
            failures.push(format!(
                "{name}: check did not report\n  {line}\nit reported:\n  {}",
                printed.join("\n  ")
            ));
        }
    }
    failures
}
