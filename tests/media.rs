//! Images of the content, built for real: the fixture `media` (laid over `valid/bilingual`)
//! shows a PNG of `content/media/` as a figure, an SVG by its `@/` path, a PNG beside its
//! page and an image of another site. Its `<img>`s must carry their variants, size and the
//! base URL's path; the variants must decode at the widths they are named after, be the
//! same bytes from one build to the next, and be taken as they are from the previous
//! output by a rebuild (neither encoded nor written again). The invalid fixtures
//! `media-*` (tests/invalid_sites.rs) hold the errors.

mod support;

use std::os::unix::fs::MetadataExt;
use support::passerelle_ok as build;
use support::*;

fn media_project() -> tempfile::TempDir {
    project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("media"),
    ])
}

/// The value of `name` in the first `<img …>` of `html` whose `src` contains `src`.
fn attribute(html: &str, src: &str, name: &str) -> String {
    let tag = html
        .split("<img ")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .find(|tag| tag.contains(src))
        .unwrap_or_else(|| panic!("no <img> of {src} in\n{html}"));
    let start = tag
        .find(&format!(" {name}=\""))
        .or_else(|| tag.starts_with(&format!("{name}=\"")).then_some(0))
        .unwrap_or_else(|| panic!("no {name} in <img {tag}>"));
    let value = &tag[start..];
    let value = &value[value.find('"').unwrap() + 1..];
    value[..value.find('"').unwrap()].to_string()
}

fn media_files(public: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    tree(&public.join("media"))
}

#[test]
fn images_are_published_with_their_variants_size_and_the_base_url() {
    let dir = media_project();
    build(
        dir.path(),
        &["build", "--base-url", "https://example.org/sub/", "--quiet"],
    );
    let public = dir.path().join("public");
    let fr = read(public.join("fr/galerie/index.html"));

    // The PNG: a figure, its variants at 480, 960 and its own 1200 px, never wider.
    let srcset = attribute(&fr, "/sub/media/chart.", "srcset");
    let entries: Vec<(&str, &str)> = srcset
        .split(", ")
        .map(|entry| entry.split_once(' ').unwrap())
        .collect();
    let widths: Vec<&str> = entries.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, ["480w", "960w", "1200w"], "{srcset}");
    for (url, width) in &entries {
        let path = url.strip_prefix("/sub/").unwrap();
        assert!(
            path.starts_with("media/chart.")
                && path.ends_with(&format!(".{}.png", &width[..width.len() - 1])),
            "{url}"
        );
        let image = image::load_from_memory(&std::fs::read(public.join(path)).unwrap()).unwrap();
        let width: u32 = width.trim_end_matches('w').parse().unwrap();
        assert_eq!(
            (image.width(), image.height()),
            (width, width * 5 / 12),
            "{url}"
        );
    }
    assert_eq!(attribute(&fr, "/sub/media/chart.", "width"), "1200");
    assert_eq!(attribute(&fr, "/sub/media/chart.", "height"), "500");
    assert_eq!(attribute(&fr, "/sub/media/chart.", "loading"), "lazy");
    assert_eq!(attribute(&fr, "/sub/media/chart.", "decoding"), "async");
    assert_eq!(
        attribute(&fr, "/sub/media/chart.", "alt"),
        "Quatre bandes de couleur traversées d’une diagonale"
    );
    assert!(
        fr.contains("<figcaption>Un graphique dessiné pour les essais\u{202f}: quatre bandes</figcaption></figure>"),
        "the title of a lone image is its caption, typeset: {fr}"
    );

    // The SVG, as it is, with the size of its viewBox; the PNG beside its page.
    let svg = attribute(&fr, "/sub/media/logo.", "src");
    assert!(!fr.contains("logo.svg\" srcset"));
    assert_eq!(attribute(&fr, "/sub/media/logo.", "width"), "120");
    assert_eq!(attribute(&fr, "/sub/media/logo.", "height"), "40");
    assert_eq!(
        std::fs::read(public.join(svg.strip_prefix("/sub/").unwrap())).unwrap(),
        std::fs::read(fixtures().join("media/content/media/logo.svg")).unwrap()
    );
    let beside = attribute(&fr, "/sub/media/pages/beside.", "src");
    assert!(beside.ends_with(".300.png"), "{beside}");
    assert!(
        !fr.contains("beside.300.png\" srcset"),
        "one width: no srcset"
    );

    // An image of another site is left as written.
    assert!(fr.contains(r#"<img src="https://example.org/ailleurs.png" alt="Ailleurs" />"#));

    // The English page shows the same files, with its own alt text.
    let en = read(public.join("en/gallery/index.html"));
    assert_eq!(attribute(&en, "/sub/media/chart.", "srcset"), srcset);
    assert_eq!(
        attribute(&en, "/sub/media/chart.", "alt"),
        "Four bands of colour crossed by a diagonal"
    );

    // What no page shows is not published; the sources stay where they are.
    let published: Vec<String> = media_files(&public).into_iter().map(|(p, _)| p).collect();
    assert_eq!(published.len(), 5, "{published:?}");
    assert!(!public.join("media/chart.png").exists());

    // `check` finds nothing in the gallery (the base fixture's one-language page aside).
    let check = passerelle(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report}");
    let about_gallery: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().contains("gallery"))
        .collect();
    assert!(about_gallery.is_empty(), "{about_gallery:?}");
}

#[test]
fn variants_are_deterministic_and_reused_by_a_rebuild() {
    let dir = media_project();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    build(dir.path(), &["build", "--out", "one", "--quiet"]);
    build(dir.path(), &["build", "--out", "two", "--quiet"]);
    let first = media_files(&one);
    assert!(!first.is_empty());
    assert_eq!(
        first,
        media_files(&two),
        "the same bytes from one build to the next"
    );

    // Over its previous output, a build writes no image again: each is the same file.
    let inode = |path: &str| std::fs::metadata(one.join(path)).unwrap().ino();
    let before: Vec<(String, u64)> = first
        .iter()
        .map(|(p, _)| (p.clone(), inode(&format!("media/{p}"))))
        .collect();
    let verbose = build(dir.path(), &["build", "--out", "one", "--verbose"]);
    assert!(
        !verbose
            .lines()
            .any(|l| l.starts_with("wrote") && l.contains("/media/")),
        "{verbose}"
    );
    let after: Vec<(String, u64)> = media_files(&one)
        .iter()
        .map(|(p, _)| (p.clone(), inode(&format!("media/{p}"))))
        .collect();
    assert_eq!(before, after);

    // A changed image gets new names: the old ones go, the pages name the new ones.
    let chart = dir.path().join("content/media/chart.png");
    let mut bytes = std::fs::read(&chart).unwrap();
    let image = image::load_from_memory(&bytes).unwrap();
    bytes.clear();
    image
        .fliph()
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    std::fs::write(&chart, &bytes).unwrap();
    let verbose = build(dir.path(), &["build", "--out", "one", "--verbose"]);
    let wrote_chart = verbose
        .lines()
        .filter(|l| l.starts_with("wrote") && l.contains("/media/chart."))
        .count();
    assert_eq!(wrote_chart, 3, "{verbose}");
    let fr = read(one.join("fr/galerie/index.html"));
    for (path, _) in first.iter().filter(|(p, _)| p.starts_with("chart.")) {
        assert!(!one.join("media").join(path).exists(), "{path} stayed");
        assert!(!fr.contains(path.as_str()));
    }
}
