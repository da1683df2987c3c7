//! Whole builds of the valid fixture site through the real binary: URLs in both languages,
//! hreflang and canonical links, the language switcher, internal links, typography,
//! drafts, determinism and the safety of the output directory.

mod support;

use support::*;

fn built() -> (tempfile::TempDir, std::process::Output) {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = passerelle(dir.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, out)
}

#[test]
fn pages_exist_in_both_languages_with_pretty_urls() {
    let (dir, out) = built();
    let public = dir.path().join("public");
    for path in [
        "index.html",
        "fr/index.html",
        "en/index.html",
        "fr/a-propos/index.html",
        "en/about/index.html",
        "fr/partenaires/index.html",
        "en/partners/apple/index.html",
        "fr/plan-de-travail/roundtable-2018/index.html",
        "fr/seulement-en-francais/index.html",
        "fr/rapport/2022/index.html",
        "en/report/2022/index.html",
        "fr/plan-du-site/index.html",
        "en/site-index/index.html",
    ] {
        assert!(public.join(path).is_file(), "missing {path}");
    }
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.starts_with("built 31 pages (16 fr, 15 en)"),
        "{summary}"
    );
}

#[test]
fn head_links_and_switcher_point_to_the_counterpart() {
    let (dir, _) = built();
    let fr = read(dir.path().join("public/fr/a-propos/index.html"));
    assert!(fr.contains(r#"<html lang="fr">"#));
    assert!(
        fr.contains(
            r#"<link rel="canonical" href="https://example.org/partenariat/fr/a-propos/">"#
        ),
        "{fr}"
    );
    assert!(fr.contains(r#"<link rel="alternate" hreflang="fr" href="https://example.org/partenariat/fr/a-propos/">"#));
    assert!(fr.contains(
        r#"<link rel="alternate" hreflang="en" href="https://example.org/partenariat/en/about/">"#
    ));
    assert!(fr.contains(
        r#"<link rel="alternate" hreflang="x-default" href="https://example.org/partenariat/">"#
    ));
    assert!(
        fr.contains(r#"<a href="/partenariat/en/about/" hreflang="en" lang="en">English</a>"#),
        "{fr}"
    );
    let en = read(dir.path().join("public/en/about/index.html"));
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(
        en.contains(r#"<a href="/partenariat/fr/a-propos/" hreflang="fr" lang="fr">Français</a>"#)
    );
    let partner = read(dir.path().join("public/en/partners/apple/index.html"));
    assert!(partner.contains(r#"href="/partenariat/fr/partenaires/apple/" hreflang="fr""#));
}

#[test]
fn a_page_in_one_language_warns_and_falls_back_honestly() {
    let (dir, out) = built();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: content/pages/only-french.fr.md: page `pages/only-french` has no en version; its language switcher points to the en home page"), "{stderr}");
    let html = read(
        dir.path()
            .join("public/fr/seulement-en-francais/index.html"),
    );
    assert!(!html.contains(r#"hreflang="en" href="https://example.org/partenariat/en/seulement"#));
    assert!(
        !html.contains(r#"<link rel="alternate" hreflang="en""#),
        "no alternate for a missing translation"
    );
    assert!(html.contains(r#"<a href="/partenariat/en/" hreflang="en" lang="en" title="This page does not exist in English: the link goes to the English home page.">English <small>(home page)</small></a>"#), "{html}");
}

#[test]
fn root_sends_visitors_to_their_language() {
    let (dir, _) = built();
    let root = read(dir.path().join("public/index.html"));
    assert!(
        root.contains(
            r#"<a href="/partenariat/fr/" hreflang="fr">Entrer sur le site en français</a>"#
        ),
        "{root}"
    );
    assert!(
        root.contains(r#"<a href="/partenariat/en/" hreflang="en">Enter the site in English</a>"#)
    );
    assert!(root.contains("location.replace"));
}

#[test]
fn internal_links_typography_and_data_pages() {
    let (dir, _) = built();
    let home = read(dir.path().join("public/fr/index.html"));
    assert!(
        home.contains(r#"<a href="/partenariat/fr/a-propos/#objet">la page</a>"#),
        "{home}"
    );
    assert!(
        home.contains("Bienvenue\u{202f}!"),
        "narrow no-break space before !"
    );
    assert!(home.contains("«\u{202f}ceci\u{202f}»"));
    let about = read(dir.path().join("public/fr/a-propos/index.html"));
    assert!(about.contains(r#"<h2 id="objet">Objet</h2>"#));
    assert!(
        about.contains("<code>code : intact</code>"),
        "no typography inside code"
    );
    assert!(about.contains(r#"<a href="/partenariat/fr/partenaires/apple/">Apple</a>"#));
    let partner = read(dir.path().join("public/fr/partenaires/sberbank/index.html"));
    assert!(partner.contains("(fin le 4 mars 2022)"), "{partner}");
    let activity = read(
        dir.path()
            .join("public/en/work-plan/roundtable-2018/index.html"),
    );
    assert!(activity.contains("18 January 2018"));
    assert!(activity.contains(r#"<a href="/partenariat/en/partners/apple/">Apple</a>"#));
    assert!(activity.contains("ISFE"));
}

#[test]
fn assets_are_hashed_and_referenced() {
    let (dir, _) = built();
    let public = dir.path().join("public");
    let css: Vec<_> = std::fs::read_dir(public.join("static"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1);
    assert!(
        css[0].starts_with("style.") && css[0].len() == "style..css".len() + 16,
        "{css:?}"
    );
    let home = read(public.join("en/index.html"));
    assert!(home.contains(&format!(r#"href="/partenariat/static/{}""#, css[0])));

    // The style sheet names the fonts by their published, hashed names, relative to itself
    // (so they follow a base URL with a path), and every one of them is there.
    let sheet = read(public.join("static").join(&css[0]));
    let urls: Vec<&str> = sheet
        .split("url(\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(urls.len(), 4, "{sheet}");
    for url in &urls {
        assert!(
            url.starts_with("fonts/inter-") && url.ends_with(".woff2") && url.len() > 30,
            "{url}"
        );
        let font = std::fs::read(public.join("static").join(url)).unwrap();
        assert!(font.starts_with(b"wOF2"), "{url} is not a WOFF2 file");
    }
    // The faces every page shows at its top are asked for at once, by the same URLs.
    for face in ["regular", "bold"] {
        let url = urls
            .iter()
            .find(|u| u.starts_with(&format!("fonts/inter-{face}.")))
            .unwrap();
        assert!(
            home.contains(&format!(
                r#"<link rel="preload" href="/partenariat/static/{url}" as="font" type="font/woff2" crossorigin>"#
            )),
            "no preload of {url}"
        );
    }
    let licence = std::fs::read_dir(public.join("static/fonts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|name| name.starts_with("LICENSE-Inter."));
    let licence = read(
        public
            .join("static/fonts")
            .join(licence.expect("the font's licence")),
    );
    assert!(licence.contains("SIL Open Font License"));
}

#[test]
fn drafts_only_with_the_flag() {
    let (dir, _) = built();
    assert!(!dir.path().join("public/fr/brouillon").exists());
    let out = passerelle(dir.path(), &["build", "--drafts", "--quiet"]);
    assert!(out.status.success());
    assert!(dir.path().join("public/fr/brouillon/index.html").is_file());
    assert!(out.stdout.is_empty(), "--quiet prints nothing on success");
}

#[test]
fn two_builds_are_byte_identical() {
    let (dir, _) = built();
    let first = tree(&dir.path().join("public"));
    let out = passerelle(dir.path(), &["build", "--out", "again"]);
    assert!(out.status.success());
    assert_eq!(first, tree(&dir.path().join("again")));
}

#[test]
fn the_written_site_is_the_rendered_site() {
    // A build writes each page as it is rendered; the preview and `check` keep them in
    // memory. Both must make the same files, byte for byte.
    let (dir, _) = built();
    let site = passerelle::Site::load(&passerelle::BuildOptions {
        root: dir.path().into(),
        ..Default::default()
    })
    .unwrap();
    let rendered: Vec<(String, Vec<u8>)> = site
        .render()
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.bytes.to_vec()))
        .collect();
    // A render in memory makes no search index and draws no social card: only a build
    // writes them (tests/search.rs, tests/social.rs).
    let written: Vec<(String, Vec<u8>)> = tree(&dir.path().join("public"))
        .into_iter()
        .filter(|(name, _)| name != passerelle::output::MARKER)
        .filter(|(name, _)| !name.starts_with("pagefind/") && !name.starts_with("social/"))
        .collect();
    assert_eq!(rendered.len(), written.len());
    for (a, b) in rendered.iter().zip(&written) {
        assert!(a == b, "{} differs from the written {}", a.0, b.0);
    }
}

#[test]
fn a_rebuild_rewrites_only_what_changed_and_equals_a_fresh_build() {
    let (dir, _) = built();
    let root = dir.path();
    let public = root.join("public");
    let modified = |page: &str| {
        std::fs::metadata(public.join(page))
            .unwrap()
            .modified()
            .unwrap()
    };
    let about_before = modified("fr/a-propos/index.html");
    let page = root.join("content/pages/only-french.fr.md");
    let text = read(&page).replace("n'a pas de", "n'a toujours pas de");
    std::fs::write(&page, text).unwrap();
    let out = passerelle(root, &["build", "-v"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (index, wrote): (Vec<&str>, Vec<&str>) = stdout
        .lines()
        .filter(|l| l.starts_with("wrote "))
        .partition(|l| l.contains("/pagefind/"));
    assert!(
        wrote
            .iter()
            .any(|l| l.ends_with("fr/seulement-en-francais/index.html")),
        "{stdout}"
    );
    assert!(
        wrote.len() < 5,
        "a body edit rewrites its page, not the site: {stdout}"
    );
    // The French search index is made again; the English one, whose pages are the same,
    // is left as it was.
    assert!(
        index.iter().any(|l| l.ends_with("pagefind-entry.json")),
        "{stdout}"
    );
    assert!(
        index.iter().any(|l| l.contains("/pagefind/index/fr_")),
        "{stdout}"
    );
    assert!(
        !index
            .iter()
            .any(|l| l.contains("_en") || l.contains("/en_")),
        "{stdout}"
    );
    assert_eq!(modified("fr/a-propos/index.html"), about_before);

    std::fs::remove_file(&page).unwrap();
    let out = passerelle(root, &["build", "-v"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("removed ") && stdout.contains("fr/seulement-en-francais/index.html"),
        "{stdout}"
    );
    assert!(!public.join("fr/seulement-en-francais").exists());

    let fresh = passerelle(root, &["build", "--out", "fresh"]);
    assert!(fresh.status.success());
    assert_eq!(tree(&public), tree(&root.join("fresh")));
}

#[test]
fn base_url_override_moves_every_link() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = passerelle(
        dir.path(),
        &["build", "--base-url", "http://127.0.0.1:1111/"],
    );
    assert!(out.status.success());
    let fr = read(dir.path().join("public/fr/a-propos/index.html"));
    assert!(fr.contains(r#"href="http://127.0.0.1:1111/fr/a-propos/""#));
    assert!(fr.contains(r#"<a href="/en/about/""#));
    assert!(!fr.contains("/partenariat/"));
}

#[test]
fn refuses_to_replace_what_it_did_not_build() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    for (out_dir, why) in [
        (".", "it is the project directory or contains it"),
        ("content", "inside the project's content/"),
        ("/", "it is the filesystem root"),
    ] {
        let out = passerelle(dir.path(), &["build", "--out", out_dir]);
        assert_eq!(out.status.code(), Some(1), "{out_dir}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(why),
            "{out_dir}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::create_dir_all(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/mine.txt"), "keep me").unwrap();
    let out = passerelle(dir.path(), &["build", "--out", "notes"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(read(dir.path().join("notes/mine.txt")), "keep me");
}

#[test]
fn a_killed_build_leaves_the_site_whole_and_is_cleaned_up() {
    let (dir, _) = built();
    let before = tree(&dir.path().join("public"));
    // What a build killed mid-write leaves: a half-written staging directory beside public/.
    let staging = dir.path().join(".public.passerelle-staging");
    std::fs::create_dir_all(staging.join("fr")).unwrap();
    std::fs::write(staging.join("fr/index.html"), "<half").unwrap();
    assert_eq!(
        tree(&dir.path().join("public")),
        before,
        "the live site never sees staging files"
    );
    let out = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(out.status.success());
    assert!(!staging.exists(), "leftovers of a killed build are removed");
    assert_eq!(tree(&dir.path().join("public")), before);
}

#[test]
fn sitemap_feeds_robots_and_open_data() {
    let (dir, _) = built();
    let public = dir.path().join("public");
    let sitemap = read(public.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/partenariat/fr/a-propos/</loc>\n    <lastmod>2021-03</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/partenariat/fr/a-propos/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/partenariat/en/about/\"/>"), "{sitemap}");
    assert!(!sitemap.contains("404"), "error pages are not indexed");
    assert!(
        read(public.join("robots.txt"))
            .contains("Sitemap: https://example.org/partenariat/sitemap.xml")
    );
    let feed = read(public.join("en/atom.xml"));
    assert!(
        feed.contains("<title>Round table meeting</title>")
            && feed.contains("<updated>2018-01-18T00:00:00Z</updated>"),
        "{feed}"
    );
    // News of the partnership from the partners' own dates, next to the activities.
    assert!(
        feed.contains("<title>Apple joins the Digital Partnership</title>\n    <id>https://example.org/partenariat/en/partners/apple/#joined</id>"),
        "{feed}"
    );
    let csv = read(public.join("data/partners.csv"));
    assert!(csv.starts_with("\u{feff}id,name,variants,kind,country,country_source_fr,country_source_en,sector_fr,sector_en,signed,cohort,status,ended\r\napple,Apple,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&read(public.join("data/activities.json"))).unwrap();
    assert_eq!(json[0]["partners"][0], "apple");
    assert!(public.join("fr/404.html").is_file() && public.join("en/404.html").is_file());
}

#[test]
fn last_updated_comes_from_the_page_or_its_data() {
    let (dir, _) = built();
    let public = dir.path().join("public");
    let partner = read(public.join("fr/partenaires/apple/index.html"));
    assert!(
        partner.contains("Dernière mise à jour\u{202f}: 8 juin 2022"),
        "the partners file's `updated:` shows on its pages"
    );
    assert!(read(public.join("fr/a-propos/index.html")).contains("mise à jour\u{202f}: mars 2021"));
    assert!(
        !read(public.join("en/about/index.html")).contains("Last updated"),
        "a page that declares no date shows none"
    );
    let sitemap = read(public.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://example.org/partenariat/en/partners/apple/</loc>\n    <lastmod>2022-06-08</lastmod>"),
        "{sitemap}"
    );
}

#[test]
fn verbose_lists_files_and_phases_quiet_prints_nothing() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let out = passerelle(dir.path(), &["build", "--verbose"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("wrote ") && stdout.contains("fr/a-propos/index.html"),
        "{stdout}"
    );
    assert!(stdout.contains("phases: load "), "{stdout}");
    let quiet = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(quiet.status.success() && quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

#[test]
fn untrusted_content_is_escaped_unless_the_config_allows_html() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let page = dir.path().join("content/pages/about.en.md");
    let mut text = read(&page);
    text.push_str(
        "\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) [data](data:text/html,x)\n",
    );
    std::fs::write(&page, text).unwrap();
    let partners = dir.path().join("content/data/partners.yaml");
    let data = read(&partners).replace("name: Apple", "name: 'Apple \"<b>onmouseover=x'");
    std::fs::write(&partners, data).unwrap();

    let out = passerelle(dir.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let about = read(dir.path().join("public/en/about/index.html"));
    assert!(
        about.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{about}"
    );
    assert!(
        !about.contains("<script>alert"),
        "raw HTML is escaped by default"
    );
    assert!(!about.contains("href=\"javascript:") && !about.contains("href=\"data:"));
    let partner = read(dir.path().join("public/en/partners/apple/index.html"));
    assert!(
        partner.contains("Apple &quot;&lt;b&gt;onmouseover=x"),
        "templates escape data"
    );
    assert!(!partner.contains("\"<b>"));

    // A site that trusts its authors may allow raw HTML; dangerous URLs stay neutralised.
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, read(&config) + "allow_html: true\n").unwrap();
    assert!(passerelle(dir.path(), &["build"]).status.success());
    let about = read(dir.path().join("public/en/about/index.html"));
    assert!(about.contains("<script>alert(1)</script>"));
    assert!(!about.contains("href=\"javascript:"));
}

#[test]
fn a_section_index_lists_its_pages_newest_first() {
    let (dir, _) = built();
    let news = read(dir.path().join("public/en/news/index.html"));
    let second = news.find("/partenariat/en/news/second/").expect(&news);
    let first = news.find("/partenariat/en/news/first/").expect(&news);
    assert!(second < first, "newest first");
    assert!(news.contains("3 May 2021"), "dates in the page's language");
    let fr = read(dir.path().join("public/fr/actualites/index.html"));
    assert!(fr.contains("/partenariat/fr/actualites/premier/") && fr.contains("3 mai 2021"));
    assert!(
        !fr.contains("/en/news/first/\""),
        "only the language's own pages"
    );
}
