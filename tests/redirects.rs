//! Former addresses and the site's root files for hosts: the redirect pages of `aliases:`
//! (pages and data records) under a base URL with a path, the `_redirects` file, the root
//! `404.html` in both languages, and what `robots.txt` says under a path. The fixture is
//! `valid/bilingual` with the layer `layers/aliases` (a page with aliases of every form,
//! `redirects_file: true`).

mod support;

use std::path::Path;
use support::*;

fn aliases_project() -> tempfile::TempDir {
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/aliases"),
    ]);
    // A partner whose id changed, from `apple-inc`.
    let partners = dir.path().join("content/data/partners.yaml");
    let text = read(&partners).replacen(
        "- id: apple\n",
        "- id: apple\n    aliases: [apple-inc]\n",
        1,
    );
    std::fs::write(&partners, text).unwrap();
    dir
}

fn build(root: &Path, args: &[&str]) -> std::path::PathBuf {
    let out = passerelle(root, &[&["build"], args].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root.join("public")
}

#[test]
fn every_alias_writes_a_page_that_sends_on_to_its_page() {
    let dir = aliases_project();
    let public = build(dir.path(), &["--base-url", "https://example.org/sub/"]);
    let target = "https://example.org/sub/fr/renommee/";
    for file in [
        "fr/ancienne-adresse/index.html",
        "fr/sans-barres/index.html",
        "fr/ancien.html",
        "fr/dossier/index.html",
        "été/index.html",
    ] {
        let html = read(public.join(file));
        assert_eq!(
            html,
            format!(
                "<!DOCTYPE html>
<html lang=\"fr\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>Page renommée</title>
<link rel=\"canonical\" href=\"{target}\">
<meta name=\"robots\" content=\"noindex\">
<meta http-equiv=\"refresh\" content=\"0; url={target}\">
</head>
<body>
<p>Cette page a changé d’adresse\u{202f}: <a href=\"{target}\">Page renommée</a></p>
</body>
</html>
"
            ),
            "{file}"
        );
    }
    let english = read(public.join("en/old-name/index.html"));
    assert!(english.contains("<html lang=\"en\">"), "{english}");
    assert!(english.contains(
        "<p>This page has moved: <a href=\"https://example.org/sub/en/renamed/\">Renamed page</a></p>"
    ));
    // A partner's former id, in every language, to its page in that language.
    for (file, target) in [
        (
            "fr/partenaires/apple-inc/index.html",
            "https://example.org/sub/fr/partenaires/apple/",
        ),
        (
            "en/partners/apple-inc/index.html",
            "https://example.org/sub/en/partners/apple/",
        ),
    ] {
        let html = read(public.join(file));
        assert!(
            html.contains(&format!("content=\"0; url={target}\"")) && html.contains(">Apple</a>"),
            "{file}: {html}"
        );
    }
    assert_eq!(
        read(public.join("_redirects")),
        "# Former addresses of pages (`aliases:`), written by passerelle build.
/sub/en/old-name/ /sub/en/renamed/ 301
/sub/en/partners/apple-inc/ /sub/en/partners/apple/ 301
/sub/fr/ancien.html /sub/fr/renommee/ 301
/sub/fr/ancienne-adresse/ /sub/fr/renommee/ 301
/sub/fr/dossier/ /sub/fr/renommee/ 301
/sub/fr/partenaires/apple-inc/ /sub/fr/partenaires/apple/ 301
/sub/fr/sans-barres/ /sub/fr/renommee/ 301
/sub/%C3%A9t%C3%A9/ /sub/fr/renommee/ 301
"
    );
}

#[test]
fn redirects_are_no_pages_of_the_site() {
    let dir = aliases_project();
    let public = build(dir.path(), &[]);
    let out = passerelle(dir.path(), &["build"]);
    let summary = String::from_utf8_lossy(&out.stdout);
    // The fixture's 31 pages and the renamed page in two languages: no redirect counts.
    assert!(
        summary.starts_with("built 33 pages (17 fr, 16 en)"),
        "{summary}"
    );
    for file in [
        "sitemap.xml",
        "fr/atom.xml",
        "en/atom.xml",
        "fr/plan-du-site/index.html",
        "en/site-index/index.html",
        "fr/renommee/index.html",
    ] {
        let text = read(public.join(file));
        for alias in ["ancienne-adresse", "ancien.html", "old-name", "apple-inc"] {
            assert!(!text.contains(alias), "{file} names {alias}");
        }
    }
    assert!(read(public.join("sitemap.xml")).contains("/fr/renommee/"));
}

#[test]
fn an_alias_taken_away_leaves_the_output_with_its_page() {
    let dir = aliases_project();
    let public = build(dir.path(), &[]);
    assert!(public.join("fr/ancien.html").is_file());
    let page = dir.path().join("content/pages/renamed.fr.md");
    let text = read(&page).replace("  - /fr/ancien.html\n", "");
    std::fs::write(&page, text).unwrap();
    build(dir.path(), &[]);
    assert!(!public.join("fr/ancien.html").exists());
    assert!(public.join("fr/ancienne-adresse/index.html").is_file());
    assert!(!read(public.join("_redirects")).contains("ancien.html"));
}

#[test]
fn the_redirects_file_is_written_only_when_the_config_asks() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let public = build(dir.path(), &[]);
    assert!(!public.join("_redirects").exists());
}

#[test]
fn the_root_404_page_links_both_homes_from_any_depth() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let public = build(dir.path(), &["--base-url", "https://example.org/sub/"]);
    let html = read(public.join("404.html"));
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(
        html.contains("<section lang=\"fr\">\n    <h1>Page introuvable</h1>")
            && html.contains("<a href=\"/sub/fr/\" hreflang=\"fr\">Retourner à l’accueil</a>"),
        "{html}"
    );
    assert!(
        html.contains("<section lang=\"en\">\n    <h1>Page not found</h1>")
            && html.contains("<a href=\"/sub/en/\" hreflang=\"en\">Go to the home page</a>"),
        "{html}"
    );
    // Served for /a/b/c/, a relative address would name /a/b/c/…: every one is a path
    // from the host's root, under the base URL's path.
    let addresses: Vec<&str> = html
        .split(" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    // The two fonts, the style sheet, the icon and the two homes.
    assert_eq!(addresses.len(), 6, "{html}");
    assert!(
        addresses
            .iter()
            .any(|a| a.starts_with("/sub/static/style."))
    );
    for address in addresses {
        assert!(address.starts_with("/sub/"), "{address} in {html}");
    }
}

#[test]
fn robots_txt_under_a_path_says_where_crawlers_read_it() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let public = build(dir.path(), &["--base-url", "https://example.org/sub/"]);
    assert_eq!(
        read(public.join("robots.txt")),
        "# Crawlers read only https://example.org/robots.txt, not this file: copy the Sitemap line below there.
User-agent: *
Allow: /
Sitemap: https://example.org/sub/sitemap.xml
"
    );
    build(dir.path(), &["--base-url", "https://example.org/"]);
    assert_eq!(
        read(public.join("robots.txt")),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
}
