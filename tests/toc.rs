//! Contents lists: `toc: true` lists a page's level-2 headings with their level-3 ones,
//! folded above the text and beside it; a page without it, or with one heading, has none.

mod support;

use support::*;

fn build_with(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    for (path, text) in pages {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    let out = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn a_page_asking_for_contents_lists_its_headings_twice_without_script() {
    let long = "---\ntitle: Long\nslug: long\ntoc: true\n---\nIntro.\n\n## First\n\nText.\n\n\
                ### Detail\n\nMore.\n\n#### Too deep\n\n## Second {#deux}\n\nEnd.\n";
    let dir = build_with(&[("content/pages/long.en.md", long)]);
    let html = read(dir.path().join("public/en/long/index.html"));
    let folded = &html[html
        .find(r#"<details class="toc toc-folded" data-pagefind-ignore>"#)
        .expect(&html)..];
    let folded = &folded[..folded.find("</details>").unwrap()];
    assert!(folded.contains("<summary>Contents</summary>"), "{folded}");
    let links: Vec<&str> = folded
        .split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(links, ["#first", "#detail", "#deux"]);
    assert!(
        html.contains(
            r#"<nav class="toc toc-beside" aria-labelledby="toc-title" data-pagefind-ignore>"#
        ),
        "{html}"
    );
    // No script but the search box's: the contents list works without one.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(html.contains(r#"<script type="module" src="/partenariat/static/search."#));
    // The list comes before the text, so that on a phone it is found first.
    assert!(html.find("toc-folded").unwrap() < html.find("<h1>").unwrap());
}

#[test]
fn no_contents_unless_asked_or_with_one_heading() {
    let one = "---\ntitle: One\nslug: one\ntoc: true\n---\n## Only\n\nText.\n";
    let unasked = "---\ntitle: Unasked\nslug: unasked\n---\n## A\n\n## B\n";
    let dir = build_with(&[
        ("content/pages/one.en.md", one),
        ("content/pages/unasked.en.md", unasked),
    ]);
    for page in ["one", "unasked"] {
        let html = read(dir.path().join(format!("public/en/{page}/index.html")));
        assert!(!html.contains("class=\"toc"), "{page}: {html}");
    }
}

#[test]
fn the_real_long_pages_have_contents() {
    let out = tempfile::tempdir().unwrap();
    let built = passerelle(
        &repo(),
        &["build", "--quiet", "--out", out.path().to_str().unwrap()],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for page in [
        "fr/historique/",
        "en/history/",
        "fr/modalites-de-collaboration/",
        "en/eu-digital-diplomacy/",
        "fr/strategie-gouvernance-internet/",
        "en/internet-governance-strategy/",
    ] {
        let html = read(out.path().join(page).join("index.html"));
        assert!(html.contains("toc-folded"), "{page} has no contents");
    }
    let conclusions = read(out.path().join("en/eu-digital-diplomacy/index.html"));
    assert!(
        conclusions.contains(r##"<a href="#p4">4. "##),
        "paragraphs listed"
    );
}
