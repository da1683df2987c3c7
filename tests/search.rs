//! The search index and box (issue 22), through the real binary on the fixture site: one
//! index per language holding exactly the pages a reader searches, the box in every page's
//! header as a link to every page (what a browser without JavaScript keeps), the bundle's
//! address under a sub-path base URL, and `--no-search` / `search: false`. What a reader
//! finds by typing is checked in headless Chromium by `scripts/check-site` (checks/search.mjs).

mod support;

use std::path::Path;
use support::*;

fn built(args: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = dir.path().join("public");
    let mut all = vec!["build", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let output = passerelle(dir.path(), &all);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

fn entry(out: &Path) -> serde_json::Value {
    serde_json::from_str(&read(out.join("pagefind/pagefind-entry.json"))).unwrap()
}

/// The pages of a language a reader searches: every page but the 404 page, the list of
/// every page and the annual report.
fn searched(out: &Path, lang: &str, site_index: &str, report: &str) -> Vec<String> {
    let mut pages: Vec<String> = tree(&out.join(lang))
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with("index.html"))
        .filter(|path| !path.starts_with(site_index) && !path.starts_with(report))
        .collect();
    pages.sort();
    pages
}

#[test]
fn each_language_has_an_index_of_the_pages_a_reader_searches() {
    let (_dir, out) = built(&[]);
    let entry = entry(&out);
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(
        languages.keys().collect::<Vec<_>>(),
        ["en", "fr"],
        "{entry}"
    );
    for (lang, site_index, report) in [
        ("fr", "plan-du-site/", "rapport/"),
        ("en", "site-index/", "report/"),
    ] {
        let pages = searched(&out, lang, site_index, report);
        assert!(pages.len() > 10, "{pages:?}");
        assert_eq!(
            languages[lang]["page_count"].as_u64(),
            Some(pages.len() as u64),
            "{lang}: {pages:#?}"
        );
        // The language's stemming comes with its own wasm; the index files it names are there.
        assert!(out.join(format!("pagefind/wasm.{lang}.pagefind")).is_file());
        let hash = languages[lang]["hash"].as_str().unwrap();
        assert!(
            out.join(format!("pagefind/pagefind.{hash}.pf_meta"))
                .is_file()
        );
    }
    // The script the box loads, and none of Pagefind's ready-made interfaces.
    let names: Vec<String> = tree(&out.join("pagefind"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !p.contains('/'))
        .collect();
    assert!(names.contains(&"pagefind.js".to_string()), "{names:?}");
    assert!(
        names.contains(&"pagefind-worker.js".to_string()),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("unknown")), "{names:?}");
}

#[test]
fn pages_mark_what_is_searched() {
    let (_dir, out) = built(&[]);
    let page = read(out.join("fr/a-propos/index.html"));
    // The main text is searched, not the menu and footer every page repeats.
    assert!(page.contains("<main id=\"main\" class=\"wrap\" data-pagefind-body>"));
    assert!(page.contains("<nav class=\"breadcrumbs\" data-pagefind-ignore"));
    // Strategy actions and conclusion paragraphs, which the fixture has not, are results of
    // their own: checks/search.mjs finds one on the real site.
}

#[test]
fn the_box_is_a_link_to_every_page_until_the_script_runs() {
    let (_dir, out) = built(&[]);
    for (page, index, label) in [
        (
            "fr/index.html",
            "/partenariat/fr/plan-du-site/",
            "Toutes les pages",
        ),
        (
            "en/about/index.html",
            "/partenariat/en/site-index/",
            "All pages",
        ),
    ] {
        let html = read(out.join(page));
        let header = &html[html.find("<header").unwrap()..html.find("</header>").unwrap()];
        assert!(
            header.contains(&format!(
                "<div class=\"site-search\" data-bundle=\"/partenariat/pagefind/\">\n  <a class=\"search-fallback\" href=\"{index}\">{label}</a>"
            )),
            "{page}: {header}"
        );
        assert!(
            header.contains("<script type=\"module\" src=\"/partenariat/static/search."),
            "{header}"
        );
        // The field the script shows has a label in the page's language.
        assert!(header.contains("<label class=\"visually-hidden\" for=\"search-input\">"));
    }
    let script = tree(&out.join("static"))
        .into_iter()
        .find(|(p, _)| p.starts_with("search."))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .expect("the box's script is published");
    assert!(script.contains("pagefind.js"), "{script}");
}

#[test]
fn without_search_there_is_no_index_and_no_box() {
    let (dir, out) = built(&["--no-search"]);
    assert!(!out.join("pagefind").exists());
    let html = read(out.join("fr/index.html"));
    assert!(!html.contains("site-search"), "{html}");
    // The footer's link to every page is still there.
    assert!(html.contains("/partenariat/fr/plan-du-site/"), "{html}");

    // The same from the config; a build with search again replaces the output whole.
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, read(&config) + "search: false\n").unwrap();
    let output = passerelle(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success());
    assert!(!out.join("pagefind").exists());
    assert!(!read(out.join("en/index.html")).contains("site-search"));
}

#[test]
fn search_set_to_a_word_that_is_not_true_or_false_is_an_error_at_its_line() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, read(&config) + "search: maybe\n").unwrap();
    let output = passerelle(dir.path(), &["build"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("config.yaml:6:"), "{stderr}");
    assert!(stderr.contains("search"), "{stderr}");
}

#[test]
fn the_index_is_the_same_for_the_same_pages() {
    let (_a, first) = built(&[]);
    let (_b, second) = built(&[]);
    assert_eq!(
        tree(&first.join("pagefind")),
        tree(&second.join("pagefind"))
    );
}

#[test]
fn a_rebuild_keeps_the_index_of_a_language_whose_pages_did_not_change() {
    use std::os::unix::fs::MetadataExt;
    let (dir, out) = built(&[]);
    let inodes = |lang: &str| -> Vec<(String, u64)> {
        tree(&out.join("pagefind"))
            .into_iter()
            .filter(|(path, _)| {
                let name = path.rsplit('/').next().unwrap();
                name.starts_with(&format!("{lang}_")) || name.contains(&format!(".{lang}_"))
            })
            .map(|(path, _)| {
                let inode = std::fs::metadata(out.join("pagefind").join(&path))
                    .unwrap()
                    .ino();
                (path, inode)
            })
            .collect()
    };
    let (en, fr) = (inodes("en"), inodes("fr"));
    assert!(!en.is_empty() && !fr.is_empty(), "{en:?} {fr:?}");
    let page = dir.path().join("content/pages/about.fr.md");
    std::fs::write(
        &page,
        read(&page).replace("## Objet", "Un ornithorynque.\n\n## Objet"),
    )
    .unwrap();
    let output = passerelle(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success());
    // The English index is linked over, not made again; the French one is new.
    assert_eq!(inodes("en"), en);
    assert_ne!(inodes("fr"), fr);
    // And the whole index is the one a build from nothing makes of the same pages.
    let fresh = dir.path().join("fresh");
    let output = passerelle(dir.path(), &["build", "--out", fresh.to_str().unwrap()]);
    assert!(output.status.success());
    assert_eq!(tree(&out.join("pagefind")), tree(&fresh.join("pagefind")));

    // A file of the index deleted by hand: the next build makes that language's index
    // again, whole, though no page changed.
    let (lost, _) = en
        .iter()
        .find(|(path, _)| path.starts_with("fragment/"))
        .unwrap();
    std::fs::remove_file(out.join("pagefind").join(lost)).unwrap();
    let output = passerelle(dir.path(), &["build", "--out", out.to_str().unwrap()]);
    assert!(output.status.success());
    assert_eq!(tree(&out.join("pagefind")), tree(&fresh.join("pagefind")));
}
