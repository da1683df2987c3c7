//! `passerelle new page`: the files it writes name what goes where, fail `check` on their
//! empty titles until filled in, then pass; it never overwrites a page.

mod support;

use support::*;

#[test]
fn a_new_page_passes_check_once_filled_in() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let out = passerelle(root, &["new", "page", "rencontre-annuelle"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("wrote content/pages/rencontre-annuelle.fr.md")
            && stdout.contains("wrote content/pages/rencontre-annuelle.en.md"),
        "{stdout}"
    );
    let fr = root.join("content/pages/rencontre-annuelle.fr.md");
    let en = root.join("content/pages/rencontre-annuelle.en.md");
    assert!(read(&fr).contains("# The French version of the page."));

    // Empty titles: `check` names both, at their line.
    let check = passerelle(root, &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    for file in ["fr", "en"] {
        assert!(
            stderr.contains(&format!(
                "error: the title is empty\n --> content/pages/rencontre-annuelle.{file}.md:3:1"
            )),
            "{stderr}"
        );
    }

    // Filled in as an editor would: a title each, an English slug, some text.
    let fill = |path: &std::path::Path, title: &str, slug: Option<&str>, text: &str| {
        let mut page = read(path).replacen("title: \"\"", &format!("title: {title}"), 1);
        if let Some(slug) = slug {
            page = page.replacen("slug: rencontre-annuelle", &format!("slug: {slug}"), 1);
        }
        std::fs::write(path, page + text).unwrap();
    };
    fill(
        &fr,
        "Rencontre annuelle",
        None,
        "La rencontre annuelle des partenaires.\n",
    );
    fill(
        &en,
        "Annual meeting",
        Some("annual-meeting"),
        "The partners' annual meeting.\n",
    );
    let check = passerelle(root, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = passerelle(root, &["build", "--quiet"]);
    assert!(build.status.success());
    assert!(read(root.join("public/en/annual-meeting/index.html")).contains("annual meeting."));
}

#[test]
fn an_existing_page_is_never_overwritten() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let before = (
        read(root.join("content/pages/about.fr.md")),
        read(root.join("content/pages/about.en.md")),
    );
    let out = passerelle(root, &["new", "page", "about"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: content/pages/about.fr.md: this page exists already"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    let after = (
        read(root.join("content/pages/about.fr.md")),
        read(root.join("content/pages/about.en.md")),
    );
    assert_eq!(after, before);
}

#[test]
fn a_slug_that_is_not_one_plain_name_is_refused() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    for (slug, why) in [
        ("../escape", "must be one name"),
        ("Grande Rencontre", "may only hold lowercase letters"),
        ("", "must be one name"),
    ] {
        let out = passerelle(root, &["new", "page", slug]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{slug}: {stderr}");
        assert!(stderr.contains(why), "{slug}: {stderr}");
    }
    let written: Vec<_> = std::fs::read_dir(root.join("content/pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("about") && !name.starts_with("history"))
        .collect();
    assert!(
        written
            .iter()
            .all(|n| !n.contains("escape") && !n.contains("Grande")),
        "{written:?}"
    );
}
