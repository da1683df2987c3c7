//! Links written in Markdown to the site itself, in every form an editor may use (`@/…`,
//! from the root, relative to the page, relative to the file), come out under the base
//! URL, whatever it is; links that leave the site are left as written.

mod support;

use support::*;

fn built_page(base_url: &str, page: &str) -> String {
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/links"),
    ]);
    let out = passerelle(dir.path(), &["build", "--quiet", "--base-url", base_url]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    read(dir.path().join("public").join(page))
}

fn hrefs(html: &str) -> Vec<String> {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    main.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn every_form_of_link_follows_a_sub_path_base_url() {
    let html = built_page("https://example.org/sub/", "en/links/index.html");
    let expected = [
        "/sub/en/partners/apple/",
        "/sub/en/about/#purpose",
        "/sub/en/partners/apple/",
        "/sub/fr/a-propos/#objet",
        "/sub/en/about/",
        "/sub/en/about/",
        "/sub/data/partners.csv",
        "/sub/en/about/#purpose",
        "/sub/en/",
        "/sub/en/windows/",
        "/sub/fr/a-propos/#objet",
        "https://www.coe.int/",
        "mailto:digital.partnership@coe.int",
        "#forms",
    ];
    let found = hrefs(&html);
    for href in expected {
        assert!(found.iter().any(|f| f == href), "{href} not in {found:?}");
    }
    let in_text: Vec<&String> = found
        .iter()
        .filter(|h| h.starts_with('/') && !h.starts_with("/sub/"))
        .collect();
    assert!(in_text.is_empty(), "escaped the base URL: {in_text:?}");
}

#[test]
fn a_link_written_with_the_base_path_is_not_prefixed_twice() {
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/links"),
    ]);
    std::fs::write(
        dir.path().join("content/pages/links.fr.md"),
        "---\ntitle: Liens\nslug: liens\n---\nVoir [Apple](/partenariat/fr/partenaires/apple/).\n",
    )
    .unwrap();
    let out = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = read(dir.path().join("public/fr/liens/index.html"));
    assert!(
        hrefs(&html).contains(&"/partenariat/fr/partenaires/apple/".to_string()),
        "{:?}",
        hrefs(&html)
    );
}

#[test]
fn the_root_base_url_writes_links_from_the_root() {
    let html = built_page("https://example.org/", "fr/liens/index.html");
    let found = hrefs(&html);
    assert!(
        found.contains(&"/fr/partenaires/apple/".to_string()),
        "{found:?}"
    );
    assert!(found.contains(&"/fr/a-propos/".to_string()), "{found:?}");
}
