//! Bad input that a fixture directory cannot hold (symlinks, unreadable files), made in a
//! temporary copy of the valid fixture: each is reported with its path, the build exits 1
//! and the previous output stays as it was.

mod support;

use std::os::unix::fs::symlink;
use std::path::Path;
use support::*;

/// Builds once, lets `spoil` break the project, then expects a failed build and a failed
/// check that report `message` about `path`.
fn fails_cleanly(spoil: impl FnOnce(&Path), path: &str, message: &str) {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let first = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(first.status.success());
    let before = tree(&dir.path().join("public"));
    spoil(dir.path());
    let out = passerelle(dir.path(), &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let what = format!("error: {path}: {message}");
    assert!(stderr.contains(&what), "expected `{what}` in:\n{stderr}");
    assert_eq!(
        tree(&dir.path().join("public")),
        before,
        "the previous site changed"
    );
    let check = passerelle(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let checked = String::from_utf8_lossy(&check.stderr);
    assert!(
        checked.contains(&format!("--> {path}")) && checked.contains(message),
        "{checked}"
    );
}

#[test]
fn a_symlink_loop_is_refused() {
    fails_cleanly(
        |root| symlink(root.join("content/pages"), root.join("content/pages/loop")).unwrap(),
        "content/pages/loop",
        "symlinked directories are not followed (they can form loops)",
    );
}

#[test]
fn a_symlink_leading_outside_content_is_refused() {
    fails_cleanly(
        |root| symlink("/etc/passwd", root.join("content/pages/secret.en.md")).unwrap(),
        "content/pages/secret.en.md",
        "symlink leads outside content/",
    );
}

#[test]
fn strings_and_data_linked_from_outside_the_project_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.ftl");
    std::fs::write(&secret, "secret = TOP-SECRET\n").unwrap();
    fails_cleanly(
        |root| symlink(&secret, root.join("i18n/en/secret.ftl")).unwrap(),
        "i18n/en/secret.ftl",
        "a symbolic link leads outside the project",
    );
    let data = outside.path().join("domains.yaml");
    std::fs::copy(
        fixtures().join("valid/bilingual/content/data/domains.yaml"),
        &data,
    )
    .unwrap();
    fails_cleanly(
        |root| {
            let linked = root.join("content/data/domains.yaml");
            std::fs::remove_file(&linked).unwrap();
            symlink(&data, linked).unwrap();
        },
        "content/data/domains.yaml",
        "a symbolic link leads outside the project",
    );
}

#[test]
fn a_dangling_symlink_is_reported() {
    fails_cleanly(
        |root| {
            symlink(
                root.join("nowhere.md"),
                root.join("content/pages/gone.en.md"),
            )
            .unwrap()
        },
        "content/pages/gone.en.md",
        "broken or looping symlink",
    );
}

#[test]
fn an_unreadable_page_is_reported() {
    // A directory where a page should be cannot be read as one, even by root (CI runs as
    // root, for whom file permissions do not stop a read).
    fails_cleanly(
        |root| std::fs::create_dir(root.join("content/pages/notes.en.md")).unwrap(),
        "content/pages/notes.en.md",
        "this is a directory, not a page",
    );
}

/// A page its reader may not read. CI runs as root, whom permissions do not stop: the
/// build then runs as `nobody`.
#[test]
fn a_page_without_read_permission_is_reported() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let out = as_unprivileged(
        root,
        r#""$PASSERELLE" build --quiet || exit 90
chmod 000 content/pages/about.en.md
cp -r public before
"$PASSERELLE" build 2>stderr
status=$?
diff -r before public >/dev/null || status=91
exit $status"#,
    );
    let stderr = read(root.join("stderr"));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: content/pages/about.en.md: ")
            && stderr.contains("Permission denied"),
        "{stderr}"
    );
}

/// A template that never ends (loops over huge ranges) stops the build with an error naming
/// it, after the time budget (`PASSERELLE_RENDER_TIMEOUT`), and the site stays as it was.
#[test]
fn a_template_that_never_ends_is_stopped() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    assert!(passerelle(root, &["build", "--quiet"]).status.success());
    let before = tree(&root.join("public"));
    let template = root.join("themes/default/templates/page.html");
    std::fs::write(
        &template,
        "{% extends \"base.html\" %}{% block main %}{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}{{ k }}{% endfor %}{% endfor %}{% endfor %}{% endblock main %}",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("build")
        .current_dir(root)
        .env("PASSERELLE_RENDER_TIMEOUT", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: themes/default/templates/page.html: rendering ")
            && stderr.contains("took more than 1 s: a loop in the template that never ends?"),
        "{stderr}"
    );
    assert_eq!(tree(&root.join("public")), before);
}
