//! Every fixture under tests/fixtures/invalid must fail to build with exit code 1, print the
//! diagnostics its `expected.txt` lists (each line must appear in stderr, in full), and leave
//! the previous output exactly as it was.

mod support;

use support::*;

#[test]
fn invalid_sites_fail_with_their_message_and_keep_the_previous_output() {
    let valid = fixtures().join("valid/bilingual");
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the bad-input matrix lost cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = read(case.join("expected.txt"));
        let dir = project(&[&valid]);
        // A previous good build, to prove a failing build leaves it untouched.
        let first = passerelle(dir.path(), &["build", "--quiet"]);
        assert!(
            first.status.success(),
            "{name}: the base site must build: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        let before = tree(&dir.path().join("public"));
        copy_dir(case, dir.path());
        std::fs::remove_file(dir.path().join("expected.txt")).unwrap();
        let out = passerelle(dir.path(), &["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) {
            failures.push(format!(
                "{name}: exit code {:?}, expected 1\n{stderr}",
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
        if tree(&dir.path().join("public")) != before {
            failures.push(format!("{name}: the previous output changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
