//! Link previews (issue 23), through the real binary on the fixture site: every page but
//! the 404 pages carries OpenGraph and Twitter metadata whose image is the page's social
//! card, at an absolute URL under the base URL (a sub-path too) of a PNG the output holds,
//! 1200 × 630; the cards are the same bytes from one build to the next; a rebuild links the
//! cards it has and draws a changed title anew; the preview serves the cards its pages
//! name; cards turned off (config or flag) leave the metadata without a picture. The
//! invalid fixtures `social-card-*` and `theme-font-unreadable` (tests/invalid_sites.rs)
//! hold the errors.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use support::passerelle_ok as build;
use support::*;

/// The `content` of every `<meta property="KEY" …>` (or `name="KEY"`) of `html`.
fn meta(html: &str, key: &str) -> Vec<String> {
    html.split("<meta ")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .filter(|tag| {
            tag.starts_with(&format!("property=\"{key}\""))
                || tag.starts_with(&format!("name=\"{key}\""))
        })
        .map(|tag| {
            let value = &tag[tag.find("content=\"").unwrap() + 9..];
            value[..value.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The one `content` of `key` in `html`.
fn one(html: &str, key: &str, page: &str) -> String {
    let values = meta(html, key);
    assert_eq!(values.len(), 1, "{page}: {key} {values:?}");
    values[0].clone()
}

/// Every page of the output (`fr/a-propos/index.html`, `fr/404.html`…), with its HTML.
fn pages(out: &Path) -> Vec<(String, String)> {
    tree(out)
        .into_iter()
        .filter(|(path, _)| {
            (path.starts_with("fr/") || path.starts_with("en/")) && path.ends_with(".html")
        })
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// The cards of an output, by name, with their inodes.
fn card_inodes(out: &Path) -> BTreeMap<String, u64> {
    tree(&out.join("social"))
        .into_iter()
        .map(|(name, _)| {
            let inode = std::fs::metadata(out.join("social").join(&name))
                .unwrap()
                .ino();
            (name, inode)
        })
        .collect()
}

fn decoded_size(bytes: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(bytes, image::ImageFormat::Png).unwrap();
    (image.width(), image.height())
}

#[test]
fn every_page_names_its_card_by_an_absolute_url_the_output_holds() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let about = dir.path().join("content/pages/about.fr.md");
    std::fs::write(
        &about,
        read(&about).replace(
            "slug: a-propos",
            "slug: a-propos\ndescription: Ce que fait le partenariat.",
        ),
    )
    .unwrap();
    build(
        dir.path(),
        &["build", "--base-url", "https://example.org/sub/", "--quiet"],
    );
    let out = dir.path().join("public");
    let mut named = BTreeSet::new();
    let mut shared = 0;
    for (path, html) in pages(&out) {
        if path.ends_with("/404.html") {
            // A host serves it at any missing address: it claims none.
            assert!(!html.contains("og:"), "{path}");
            assert!(!html.contains("twitter:"), "{path}");
            continue;
        }
        shared += 1;
        let (lang, other, site_name) = if path.starts_with("fr/") {
            ("fr_FR", "en_GB", "Site d&#39;essai")
        } else {
            ("en_GB", "fr_FR", "Test site")
        };
        let canonical = html
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .unwrap_or_else(|| panic!("{path}: no canonical link"));
        assert_eq!(one(&html, "og:url", &path), canonical, "{path}");
        assert!(!one(&html, "og:title", &path).is_empty(), "{path}");
        // One description, for search engines and shared links alike.
        let description = one(&html, "og:description", &path);
        assert!(!description.is_empty(), "{path}");
        assert_eq!(one(&html, "description", &path), description, "{path}");
        assert_eq!(one(&html, "og:site_name", &path), site_name, "{path}");
        assert_eq!(one(&html, "og:locale", &path), lang, "{path}");
        assert!(
            meta(&html, "og:locale:alternate")
                .iter()
                .all(|l| l == other),
            "{path}"
        );
        assert_eq!(one(&html, "twitter:card", &path), "summary_large_image");
        assert_eq!(one(&html, "og:image:width", &path), "1200");
        assert_eq!(one(&html, "og:image:height", &path), "630");
        assert!(!one(&html, "og:image:alt", &path).is_empty(), "{path}");
        let image = one(&html, "og:image", &path);
        let file = image
            .strip_prefix("https://example.org/sub/")
            .unwrap_or_else(|| panic!("{path}: {image} is not under the base URL"));
        assert!(
            file.starts_with("social/") && file.ends_with(".png"),
            "{path}: {image}"
        );
        named.insert(file.to_string());
    }
    assert!(shared > 20, "{shared} pages");
    // Every card a page names is there, decodes, and is 1200 × 630; nothing else is.
    let published: BTreeSet<String> = tree(&out.join("social"))
        .into_iter()
        .map(|(name, bytes)| {
            assert_eq!(decoded_size(&bytes), (1200, 630), "{name}");
            format!("social/{name}")
        })
        .collect();
    assert_eq!(published, named);

    // A text of the site is an article, a record a website; a page's own description, or
    // a partner's profile, is what a shared link shows.
    let about = read(out.join("fr/a-propos/index.html"));
    assert_eq!(one(&about, "og:type", "about"), "article");
    assert_eq!(
        one(&about, "og:description", "about"),
        "Ce que fait le partenariat."
    );
    assert_eq!(one(&about, "og:locale:alternate", "about"), "en_GB");
    assert_eq!(
        one(&about, "og:image:alt", "about"),
        "À propos — Site d&#39;essai"
    );
    let apple = read(out.join("en/partners/apple/index.html"));
    assert_eq!(one(&apple, "og:type", "apple"), "website");
    assert_eq!(
        one(&apple, "og:description", "apple"),
        "Apple Inc. is an American company."
    );
    // A generated list says what it lists, with the data's figures.
    let partners = read(out.join("en/partners/index.html"));
    let description = one(&partners, "og:description", "partners");
    assert!(
        description.starts_with("The ") && description.contains(" partners of the Council"),
        "{description}"
    );
    let home = read(out.join("fr/index.html"));
    assert_eq!(one(&home, "og:type", "home"), "website");
    // A page in one language has no alternate.
    let only = read(out.join("fr/seulement-en-francais/index.html"));
    assert!(meta(&only, "og:locale:alternate").is_empty());
}

#[test]
fn cards_follow_the_configured_base_url() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    build(dir.path(), &["build", "--quiet"]);
    let html = read(dir.path().join("public/en/about/index.html"));
    let image = one(&html, "og:image", "about");
    let file = image
        .strip_prefix("https://example.org/partenariat/")
        .unwrap_or_else(|| panic!("{image}"));
    assert!(dir.path().join("public").join(file).is_file(), "{image}");
}

#[test]
fn cards_turned_off_leave_the_metadata_without_a_picture() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = dir.path().join("public");
    build(dir.path(), &["build", "--quiet"]);
    assert!(out.join("social").is_dir());
    // The flag, over an output that has cards: they go with the pages that named them.
    build(dir.path(), &["build", "--quiet", "--no-social-cards"]);
    assert!(!out.join("social").exists());
    let check = |out: &Path| {
        let pages = pages(out);
        assert!(pages.len() > 20);
        for (path, html) in pages.iter().filter(|(p, _)| !p.ends_with("/404.html")) {
            assert!(meta(html, "og:image").is_empty(), "{path}");
            assert_eq!(one(html, "twitter:card", path), "summary");
            assert!(!one(html, "og:title", path).is_empty(), "{path}");
        }
    };
    check(&out);
    // The config, into a new directory.
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, read(&config) + "social_cards: false\n").unwrap();
    build(dir.path(), &["build", "--quiet", "--out", "other"]);
    assert!(!dir.path().join("other/social").exists());
    check(&dir.path().join("other"));
}

#[test]
fn cards_are_the_same_bytes_from_one_build_to_the_next() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    build(dir.path(), &["build", "--out", "one", "--quiet"]);
    build(dir.path(), &["build", "--out", "two", "--quiet"]);
    let first = tree(&dir.path().join("one/social"));
    assert!(!first.is_empty());
    assert!(first == tree(&dir.path().join("two/social")));
}

#[test]
fn a_rebuild_links_the_cards_it_has_and_draws_a_changed_title_anew() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = dir.path().join("public");
    build(dir.path(), &["build", "--quiet"]);
    let before = card_inodes(&out);
    assert!(!before.is_empty());

    // Nothing changed: no card is drawn or written again, each is the same file.
    let verbose = build(dir.path(), &["build", "--verbose"]);
    assert!(
        !verbose
            .lines()
            .any(|l| l.starts_with("wrote") && l.contains("/social/")),
        "{verbose}"
    );
    assert_eq!(card_inodes(&out), before);

    // A new title: that page's card gets a new name, the others stay as they were.
    let card_of = |page: &str| {
        let html = read(out.join(page));
        let image = one(&html, "og:image", page);
        image.rsplit('/').next().unwrap().to_string()
    };
    let (about_fr, about_en) = (
        card_of("fr/a-propos/index.html"),
        card_of("en/about/index.html"),
    );
    let page = dir.path().join("content/pages/about.fr.md");
    std::fs::write(
        &page,
        read(&page).replace("title: À propos", "title: Qui sommes-nous"),
    )
    .unwrap();
    let verbose = build(dir.path(), &["build", "--verbose"]);
    let wrote: Vec<&str> = verbose
        .lines()
        .filter(|l| l.starts_with("wrote") && l.contains("/social/"))
        .collect();
    assert_eq!(wrote.len(), 1, "{verbose}");
    let new_fr = card_of("fr/a-propos/index.html");
    assert_ne!(new_fr, about_fr);
    assert!(wrote[0].ends_with(&new_fr), "{wrote:?}");
    assert!(
        !out.join("social").join(&about_fr).exists(),
        "the old card stayed"
    );
    assert_eq!(card_of("en/about/index.html"), about_en);
    let after = card_inodes(&out);
    for (name, inode) in &before {
        if *name != about_fr {
            assert_eq!(after.get(name), Some(inode), "{name} was written again");
        }
    }
}

#[test]
fn the_preview_serves_the_cards_its_pages_name() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let server = Server::start(dir.path(), &[]);
    let page = server.get("/fr/a-propos/");
    assert_eq!(page.status, 200);
    let image = one(&page.text(), "og:image", "about");
    let path = image
        .strip_prefix(&format!("http://{}", server.host))
        .unwrap_or_else(|| panic!("{image} is not the preview's"));
    assert!(path.starts_with("/social/"), "{path}");
    let card = server.get(path);
    assert_eq!(card.status, 200);
    assert_eq!(card.header("content-type"), Some("image/png"));
    assert_eq!(decoded_size(&card.body), (1200, 630));
    // Drawn once, then served as it was drawn.
    assert_eq!(server.get(path).body, card.body);
    // A card no page names is not found.
    assert_eq!(server.get("/social/0123456789abcdef.png").status, 404);

    // A new title: the page names a new card, which is served; the old one is gone.
    let source = dir.path().join("content/pages/about.fr.md");
    std::fs::write(
        &source,
        read(&source).replace("title: À propos", "title: Qui sommes-nous"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    let renamed = loop {
        let image = one(&server.get("/fr/a-propos/").text(), "og:image", "about");
        if !image.ends_with(path) {
            break image;
        }
        assert!(std::time::Instant::now() < deadline, "the page kept {path}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let new_path = &renamed[renamed.find("/social/").unwrap()..];
    let card = server.get(new_path);
    assert_eq!(card.status, 200);
    assert_eq!(decoded_size(&card.body), (1200, 630));
    assert_eq!(server.get(path).status, 404);
}
