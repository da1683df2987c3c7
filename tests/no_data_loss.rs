//! A build never takes the published site down by accident: a content folder that is
//! missing, empty or lost its home pages, or a build that would remove most of the pages
//! already published, is an error that names the cause, and the previous output stays.
//! `check` reports the same causes.

mod support;

use std::path::Path;
use support::*;

/// Builds the fixture once, spoils the project, then expects the build and `check` to fail
/// with `message` (a whole line of stderr) and the output to be as it was.
fn refused(spoil: impl FnOnce(&Path), message: &str) {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    assert!(passerelle(root, &["build", "--quiet"]).status.success());
    let before = tree(&root.join("public"));
    spoil(root);
    let out = passerelle(root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.lines().any(|l| l == message),
        "no line\n  {message}\nin\n{stderr}"
    );
    assert_eq!(tree(&root.join("public")), before, "the output changed");
    let check = passerelle(root, &["check"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "check: {stdout}");
}

#[test]
fn a_missing_content_folder_is_an_error() {
    refused(
        |root| std::fs::rename(root.join("content"), root.join("content-moved")).unwrap(),
        "error: content: the content folder is missing",
    );
}

#[test]
fn a_content_folder_with_data_alone_is_an_error() {
    refused(
        |root| {
            for entry in std::fs::read_dir(root.join("content")).unwrap() {
                let path = entry.unwrap().path();
                if path.file_name().unwrap() != "data" {
                    if path.is_dir() {
                        std::fs::remove_dir_all(path).unwrap();
                    } else {
                        std::fs::remove_file(path).unwrap();
                    }
                }
            }
        },
        "error: content: the content folder holds no page",
    );
}

#[test]
fn a_missing_home_page_is_an_error() {
    refused(
        |root| std::fs::remove_file(root.join("content/_index.fr.md")).unwrap(),
        "error: content/_index.fr.md: the home page in `fr` is missing: /fr/ would not exist, and every language switcher links to it",
    );
}

#[test]
fn removing_most_published_pages_needs_a_flag() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    assert!(passerelle(root, &["build", "--quiet"]).status.success());
    let before = tree(&root.join("public"));
    let pages = before.iter().filter(|(p, _)| p.ends_with(".html")).count();
    // Every page but the homes, as a half-finished `git rm` would leave it.
    std::fs::remove_dir_all(root.join("content/news")).unwrap();
    std::fs::remove_dir_all(root.join("content/pages")).unwrap();
    std::fs::remove_dir_all(root.join("content/data")).unwrap();
    for lang in ["fr", "en"] {
        std::fs::write(
            root.join(format!("content/_index.{lang}.md")),
            "---\ntitle: Accueil\nslug: \"\"\n---\nBientôt.\n",
        )
        .unwrap();
    }
    let out = passerelle(root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.contains("pages published here"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        line.ends_with(&format!(
            "public: this build would remove 25 of the {pages} pages published here"
        )),
        "{line}"
    );
    assert!(
        stderr.contains("build again with --allow-shrink"),
        "{stderr}"
    );
    assert_eq!(tree(&root.join("public")), before);
    // Meant: the flag lets it through.
    let out = passerelle(root, &["build", "--allow-shrink"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = tree(&root.join("public"));
    assert!(after.iter().filter(|(p, _)| p.ends_with(".html")).count() * 2 < pages);
}

#[test]
fn a_missing_data_file_whose_pages_are_published_needs_a_flag() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    assert!(passerelle(root, &["build", "--quiet"]).status.success());
    let before = tree(&root.join("public"));
    // Few pages each, far under half the site: only the file's absence tells the loss.
    std::fs::remove_file(root.join("content/data/domains.yaml")).unwrap();
    std::fs::remove_file(root.join("content/data/activities.yaml")).unwrap();
    let out = passerelle(root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(
        errors,
        [
            "error: content/data/activities.yaml: the data file is missing, and this build would remove the 4 pages it made (en/work-plan/index.html…)",
            "error: content/data/domains.yaml: the data file is missing, and this build would remove the 2 pages it made (en/work-plan/domains/education/index.html…)",
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("build again with --allow-shrink"),
        "{stderr}"
    );
    assert_eq!(tree(&root.join("public")), before, "the output changed");
    let out = passerelle(root, &["build", "--allow-shrink", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
