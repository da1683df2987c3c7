//! Shortcodes placed by editors in Markdown: each built-in one shows what it names, with
//! the theme's template; a theme's own gets its arguments; code and escaped calls are
//! left as written. The mistakes are in `tests/fixtures/invalid/shortcode-mistakes`.

mod support;

use support::*;

fn built() -> (tempfile::TempDir, String) {
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/shortcodes"),
    ]);
    let out = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = read(dir.path().join("public/en/shortcodes/index.html"));
    let main = html[html.find("<main").unwrap()..html.find("</main>").unwrap()].to_string();
    (dir, main)
}

#[test]
fn each_shortcode_shows_what_it_names() {
    let (_dir, main) = built();
    // chart: the SVG and its data table, under its title, in place of the paragraph.
    assert!(
        main.contains(r#"<figure class="chart" id="chart-countries" data-pagefind-ignore>"#),
        "{main}"
    );
    assert!(main.contains(r#"<p class="chart-title">Partners by country of headquarters</p>"#));
    assert!(
        !main.contains("<p><figure"),
        "a block is not left inside a paragraph"
    );
    // partners(kind="company"): both companies of the fixture; partner(id="apple"): one card.
    assert_eq!(main.matches(r#"<article class="partner-card">"#).count(), 3);
    assert!(main.contains(r#"<a href="/partenariat/en/partners/sberbank/">Sberbank</a>"#));
    // note: its label, its body as Markdown with links resolved.
    assert!(main.contains(r#"<aside class="callout callout-important">"#));
    assert!(
        main.contains(
            r#"<p>A <strong>note</strong> with <a href="/partenariat/en/about/">a link</a>.</p>"#
        ),
        "{main}"
    );
    // figure: the body (here a chart) and the caption's Markdown.
    assert!(main.contains("<figcaption>The <em>partners</em> by country <span class=\"meta\">Source: status document</span></figcaption>"), "{main}");
    // activities(year=2018): the fixture's activity of 2018.
    assert!(main.contains(r#"<a href="/partenariat/en/work-plan/roundtable-2018/">"#));
    // toc(): the page's headings, where the editor put it.
    assert!(main.contains(r##"<nav class="toc toc-inline" aria-label="Contents">"##));
    assert!(main.contains(r##"<a href="#partners">Partners</a>"##));
    // The theme's own shortcode, inline, with its argument.
    assert!(
        main.contains(r#"A theme’s own: <span class="badge">new</span>."#),
        "{main}"
    );
}

#[test]
fn code_and_escaped_calls_are_written_as_they_are() {
    let (_dir, main) = built();
    assert!(main.contains("<code>{{ chart() }}</code>"), "{main}");
    assert!(
        main.contains("{{ chart(name=&quot;x&quot;) }}"),
        "quotes not curled: {main}"
    );
}

#[test]
fn a_data_text_shows_a_shortcode_as_written() {
    // Shortcodes are a page's: a partner's profile is shown on several pages and in the
    // open data, where a chart has no place.
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let partners = dir.path().join("content/data/partners.yaml");
    let text = read(&partners).replacen(
        r#"en: "Apple Inc. is an American company.""#,
        r#"en: "Apple Inc. {{ chart(name='countries') }}""#,
        1,
    );
    std::fs::write(&partners, text).unwrap();
    let out = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = read(dir.path().join("public/en/partners/apple/index.html"));
    assert!(
        html.contains("Apple Inc. {{ chart(name=‘countries’) }}"),
        "{html}"
    );
}

#[test]
fn a_page_depends_on_what_its_shortcodes_show() {
    // The preview renders a page again when a file it depends on changes: a chart's data
    // and the shortcode's template are among them.
    let dir = project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/shortcodes"),
    ]);
    let site = passerelle::Site::load(&passerelle::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let shared = passerelle::pages::Shared::new(&site);
    let route = site
        .route("pages/shortcodes", passerelle::lang::Lang::En)
        .unwrap();
    let (_, sources) = passerelle::pages::context(&site, &shared, route, true, None).unwrap();
    for file in [
        "content/data/partners.yaml",
        "content/data/activities.yaml",
        "themes/default/templates/shortcodes/chart.html",
        "themes/default/templates/chart.html",
        "themes/default/templates/shortcodes/badge.html",
    ] {
        assert!(
            sources.iter().any(|s| s.ends_with(file)),
            "{file} not in {sources:?}"
        );
    }
}
