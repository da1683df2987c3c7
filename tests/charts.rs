//! The charts as pages carry them: every chart on its page in both languages, readable
//! (no label over another or out of the picture, by the conservative estimate of
//! `passerelle::charts::layout_problems`), accessible, deterministic, and drawn from the
//! data: change the data of a fixture and the numbers of the chart and its table change.
//! `passerelle charts` writes each of them as a file of its own, SVG or PNG.
//!
//! The fixture is `valid/bilingual` with the layer `layers/charts` laid over it (a small
//! strategy and a taxonomy page), so the other fixture tests keep their page counts.

mod support;

use passerelle::{BuildOptions, Site, charts};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::passerelle_ok as run;
use support::*;

/// Every page of the site rendered in memory: path → HTML.
fn render(root: &Path) -> BTreeMap<String, String> {
    let site = Site::load(&BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    site.render()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path, String::from_utf8(f.bytes.to_vec()).unwrap()))
        .collect()
}

fn fixture() -> tempfile::TempDir {
    project(&[
        &fixtures().join("valid/bilingual"),
        &fixtures().join("layers/charts"),
    ])
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)?;
    let to = text[from + start.len()..].find(end)? + from + start.len() + end.len();
    Some(&text[from..to])
}

/// The charts' `<svg>` elements of a page (the header's mark is not one).
fn svgs(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(svg) = between(rest, "<svg", "</svg>") {
        if svg[..svg.find('>').unwrap()].contains(r#"class="chart-svg""#) {
            found.push(svg);
        }
        let end = rest.find(svg).unwrap() + svg.len();
        rest = &rest[end..];
    }
    found
}

/// A chart of a page: the texts of its SVG in document order, and its table's rows (the
/// header cell, then the others), header row and total row included.
struct ChartOnPage {
    texts: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl ChartOnPage {
    fn find(html: &str, id: &str) -> Option<ChartOnPage> {
        let figure = between(
            html,
            // The figure's other attributes (search leaves charts out) may follow its id.
            &format!(r#"<figure class="chart" id="{id}""#),
            "</figure>",
        )?;
        let svg = between(figure, "<svg", "</svg>")?;
        let texts = charts::text_boxes(svg)
            .unwrap()
            .into_iter()
            .map(|b| b.text)
            .collect();
        let table = between(figure, "<table", "</table>")?;
        let rows = table
            .split("<tr>")
            .skip(1)
            .map(|row| {
                let row = &row[..row.find("</tr>").unwrap_or(row.len())];
                row.split("<t")
                    .skip(1)
                    .map(|cell| {
                        let content = &cell[cell.find('>').unwrap() + 1..];
                        let content = &content[..content.find("</t").unwrap_or(content.len())];
                        content.replace("&amp;", "&").trim().to_string()
                    })
                    .collect()
            })
            .collect();
        Some(ChartOnPage { texts, rows })
    }

    fn get(html: &BTreeMap<String, String>, page: &str, id: &str) -> ChartOnPage {
        let page_html = html.get(page).unwrap_or_else(|| panic!("no page {page}"));
        ChartOnPage::find(page_html, id).unwrap_or_else(|| panic!("no chart {id} on {page}"))
    }

    /// The table row whose header cell is `header`.
    fn row(&self, header: &str) -> Vec<String> {
        self.rows
            .iter()
            .find(|r| r.first().map(String::as_str) == Some(header))
            .unwrap_or_else(|| panic!("no row `{header}` in {:?}", self.rows))
            .clone()
    }

    /// The text the SVG writes right after `label` (a bar's value after its label), the
    /// label possibly wrapped over several lines.
    fn after(&self, label: &str) -> &str {
        for start in 0..self.texts.len() {
            let mut joined = String::new();
            for (end, line) in self.texts.iter().enumerate().skip(start) {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(line);
                if joined == label {
                    return &self.texts[end + 1];
                }
                if !label.starts_with(&joined) {
                    break;
                }
            }
        }
        panic!("no text `{label}` in {:?}", self.texts)
    }
}

/// Every chart of every page: readable, accessible, with ids unique within its page.
fn check_every_chart(html: &BTreeMap<String, String>) -> usize {
    let mut count = 0;
    for (page, text) in html {
        let mut ids: Vec<&str> = text
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        ids.sort();
        for pair in ids.windows(2) {
            assert_ne!(pair[0], pair[1], "id used twice on {page}");
        }
        for svg in svgs(text) {
            count += 1;
            let problems = charts::layout_problems(svg);
            assert!(problems.is_empty(), "{page}: {problems:#?}");
            let root = &svg[..svg.find('>').unwrap()];
            assert!(root.contains(r#" role="img""#), "{page}: {root}");
            assert!(root.contains(" viewBox=\"0 0 "), "{page}: {root}");
            assert!(
                !root.contains(" width=") && !root.contains(" height="),
                "{page}: a fixed size: {root}"
            );
            let labelled_by = between(root, "aria-labelledby=\"", "\"").unwrap();
            let labelled_by = &labelled_by["aria-labelledby=\"".len()..labelled_by.len() - 1];
            let targets: Vec<&str> = labelled_by.split(' ').collect();
            assert_eq!(targets.len(), 2, "{page}: {root}");
            assert!(svg.contains(&format!(r#"<title id="{}">"#, targets[0])));
            assert!(svg.contains(&format!(r#"<desc id="{}">"#, targets[1])));
            assert!(
                !svg.contains("#000000"),
                "{page}: black does not follow the scheme"
            );
            assert!(
                !svg.contains("font-family"),
                "{page}: text in the page's font"
            );
        }
    }
    count
}

fn real_site() -> BTreeMap<String, String> {
    render(Path::new(env!("CARGO_MANIFEST_DIR")))
}

#[test]
fn each_chart_is_on_its_page_in_both_languages_and_readable() {
    let html = real_site();
    for (page, ids) in [
        (
            "fr/plan-de-travail/index.html",
            &["chart-engagement", "chart-domains"][..],
        ),
        (
            "en/work-plan/index.html",
            &["chart-engagement", "chart-domains"],
        ),
        (
            "fr/taxonomie/index.html",
            &["chart-countries", "chart-kinds", "chart-membership"],
        ),
        (
            "en/taxonomy/index.html",
            &["chart-countries", "chart-kinds", "chart-membership"],
        ),
        // Placed by the editors, with the `chart` shortcode.
        ("fr/historique/index.html", &["chart-membership"]),
        ("en/history/index.html", &["chart-membership"]),
        (
            "fr/strategie-gouvernance-internet/index.html",
            &["chart-strategy"],
        ),
        (
            "en/internet-governance-strategy/index.html",
            &["chart-strategy"],
        ),
    ] {
        for id in ids {
            ChartOnPage::get(&html, page, id);
        }
        // Each chart in its two layouts, wide and narrow.
        assert_eq!(svgs(&html[page]).len(), 2 * ids.len(), "{page}");
    }
    assert_eq!(check_every_chart(&html), 48);
}

#[test]
fn the_fixture_charts_are_readable() {
    let dir = fixture();
    let html = render(dir.path());
    // Work plan (2), taxonomy (3), strategy (1), the annual report (5), in two languages,
    // each in its two layouts.
    assert_eq!(check_every_chart(&html), 44);
}

#[test]
fn real_tables_match_the_data() {
    let site = Site::load(&BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        ..Default::default()
    })
    .unwrap();
    let html = real_site();
    let engagement = ChartOnPage::get(&html, "en/work-plan/index.html", "chart-engagement");
    // One row per partner (header row apart), each counting the activities naming it.
    assert_eq!(engagement.rows.len(), site.data.partners.len() + 1);
    for partner in &site.data.partners {
        let named = site
            .data
            .activities
            .iter()
            .filter(|a| a.partners.contains(&partner.id))
            .count();
        let row = engagement.row(&partner.name);
        assert_eq!(row[1], named.to_string(), "{}", partner.name);
        let percent = format!("{:.0}%", named as f64 * 100.0 / 50.0);
        assert_eq!(row[2], percent, "{}", partner.name);
        assert_eq!(
            engagement.after(&partner.name),
            format!("{named} ({percent})"),
            "{}",
            partner.name
        );
    }
    assert_eq!(engagement.row("Microsoft")[1..], ["18", "36%"]);
    assert_eq!(engagement.after("Microsoft"), "18 (36%)");

    let fr = ChartOnPage::get(&html, "fr/plan-de-travail/index.html", "chart-engagement");
    assert_eq!(fr.row("Microsoft")[1..], ["18", "36\u{202f}%"]);

    // AI: 5 binding, 3 non-binding, 1 study, 8 events (activities.yaml).
    let domains = ChartOnPage::get(&html, "en/work-plan/index.html", "chart-domains");
    assert_eq!(
        domains.row("Artificial intelligence")[1..],
        ["5", "3", "1", "8", "17"]
    );

    let countries = ChartOnPage::get(&html, "en/taxonomy/index.html", "chart-countries");
    assert_eq!(countries.row("United States")[1..], ["13", "52%"]);
    assert_eq!(countries.row("Belgium")[1..], ["4", "16%"]);
    assert_eq!(countries.row("Total")[1..], ["25", "100%"]);
    let kinds = ChartOnPage::get(&html, "fr/taxonomie/index.html", "chart-kinds");
    assert_eq!(kinds.row("Entreprise")[1..], ["14", "56\u{202f}%"]);

    // 14 partners on 8 November 2017; 26 with Sberbank (2021); 25 after its end; 3 joining.
    let membership = ChartOnPage::get(&html, "en/taxonomy/index.html", "chart-membership");
    assert_eq!(membership.row("8 November 2017")[3], "14");
    assert_eq!(membership.row("2021")[1..], ["Sberbank", "", "26"]);
    assert_eq!(membership.row("4 March 2022")[2..], ["Sberbank", "25"]);
    assert_eq!(
        membership.row("28 June 2022")[1..],
        [
            "ICC, The LEGO Group, Thales (due to join)",
            "",
            "25 (28 with those due to join)"
        ]
    );

    let strategy = ChartOnPage::get(
        &html,
        "en/internet-governance-strategy/index.html",
        "chart-strategy",
    );
    assert_eq!(
        strategy.row("Total")[1..],
        ["8", "28", "67", "6", "6", "115"]
    );
}

#[test]
fn charts_are_byte_identical_from_one_build_to_the_next() {
    let first = real_site();
    let second = real_site();
    for page in ["en/work-plan/index.html", "fr/taxonomie/index.html"] {
        assert_eq!(svgs(&first[page]), svgs(&second[page]), "{page}");
    }
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn charts_are_drawn_from_the_data() {
    let dir = fixture();
    let before = render(dir.path());
    let engagement = ChartOnPage::get(&before, "en/work-plan/index.html", "chart-engagement");
    assert_eq!(engagement.after("Sberbank"), "0 (0%)");
    assert_eq!(engagement.row("Sberbank")[1..], ["0", "0%"]);
    let domains = ChartOnPage::get(&before, "fr/plan-de-travail/index.html", "chart-domains");
    assert_eq!(domains.row("Éducation")[1..], ["0", "1", "0", "0", "1"]);
    let countries = ChartOnPage::get(&before, "en/taxonomy/index.html", "chart-countries");
    assert_eq!(countries.after("United States"), "1 (100%)");
    let membership = ChartOnPage::get(&before, "fr/taxonomie/index.html", "chart-membership");
    assert_eq!(membership.row("8 novembre 2017")[1..], ["Apple", "", "1"]);
    assert!(membership.texts.contains(&"2017".to_string()));
    let strategy = ChartOnPage::get(
        &before,
        "en/internet-governance-strategy/index.html",
        "chart-strategy",
    );
    assert_eq!(strategy.row("Total")[1..], ["1", "1", "1", "1", "0", "4"]);
    assert_eq!(strategy.after("Building democracy online"), "2");

    // Sberbank takes part in the round table, which becomes binding; Apple's headquarters
    // move to France and its letters are exchanged in 2018; a result is finished.
    let root = dir.path();
    edit(
        root,
        "content/data/activities.yaml",
        "partners: [apple]",
        "partners: [apple, sberbank]",
    );
    edit(
        root,
        "content/data/activities.yaml",
        "category: non-binding",
        "category: binding",
    );
    edit(
        root,
        "content/data/partners.yaml",
        "country: US",
        "country: FR",
    );
    edit(
        root,
        "content/data/partners.yaml",
        "signed: 2017-11-08",
        "signed: 2018-05-23",
    );
    edit(
        root,
        "content/data/strategy.yaml",
        "status: completed",
        "status: finished",
    );
    let after = render(root);
    let engagement = ChartOnPage::get(&after, "en/work-plan/index.html", "chart-engagement");
    assert_eq!(engagement.after("Sberbank"), "1 (100%)");
    assert_eq!(engagement.row("Sberbank")[1..], ["1", "100%"]);
    let domains = ChartOnPage::get(&after, "fr/plan-de-travail/index.html", "chart-domains");
    assert_eq!(domains.row("Éducation")[1..], ["1", "0", "0", "0", "1"]);
    let countries = ChartOnPage::get(&after, "en/taxonomy/index.html", "chart-countries");
    assert_eq!(countries.after("France"), "1 (100%)");
    assert!(!countries.texts.contains(&"United States".to_string()));
    assert_eq!(countries.row("France")[1..], ["1", "100%"]);
    let membership = ChartOnPage::get(&after, "fr/taxonomie/index.html", "chart-membership");
    assert_eq!(membership.row("23 mai 2018")[1..], ["Apple", "", "1"]);
    assert!(!membership.texts.contains(&"2017".to_string()));
    let strategy = ChartOnPage::get(
        &after,
        "en/internet-governance-strategy/index.html",
        "chart-strategy",
    );
    assert_eq!(strategy.row("Total")[1..], ["0", "2", "1", "1", "0", "4"]);
    assert_eq!(check_every_chart(&after), 44);
}

#[test]
fn a_partner_in_any_iso_country_is_named_and_only_the_partners_countries_are_shown() {
    // No one wrote Sweden's names: they come from CLDR with every other country's.
    let dir = fixture();
    edit(
        dir.path(),
        "content/data/partners.yaml",
        "country: US",
        "country: SE",
    );
    let html = render(dir.path());
    let en = ChartOnPage::get(&html, "en/taxonomy/index.html", "chart-countries");
    let fr = ChartOnPage::get(&html, "fr/taxonomie/index.html", "chart-countries");
    let first_cells = |chart: &ChartOnPage| -> Vec<String> {
        chart.rows.iter().map(|row| row[0].clone()).collect()
    };
    assert_eq!(first_cells(&en), ["Country", "Sweden", "Total"]);
    assert_eq!(first_cells(&fr), ["Pays", "Suède", "Total"]);
    // The partners' filters and pages name Sweden, and no page names a country without a
    // partner, though the strings name them all.
    assert!(html["en/partners/index.html"].contains("Sweden"));
    assert!(html["fr/partenaires/index.html"].contains("Suède"));
    let without_partner = ["Andorra", "Andorre", "United States", "États-Unis"];
    for (page, text) in &html {
        for country in without_partner {
            assert!(!text.contains(country), "{page} names {country}");
        }
    }
}

/// The `viewBox` width and height of an SVG file written by `charts`, and its
/// `width` and `height`.
fn svg_sizes(svg: &str) -> ((f64, f64), (f64, f64)) {
    let tag = &svg[..svg.find('>').unwrap()];
    let attribute = |name: &str| -> String {
        let value = &tag[tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3..];
        value[..value.find('"').unwrap()].to_string()
    };
    let view_box: Vec<f64> = attribute("viewBox")
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let number = |name: &str| attribute(name).parse::<f64>().unwrap();
    (
        (view_box[2], view_box[3]),
        (number("width"), number("height")),
    )
}

#[test]
fn charts_are_exported_as_svg_and_as_png_at_twice_their_size() {
    let dir = fixture();
    let listed = |stdout: &str| -> Vec<PathBuf> {
        stdout
            .lines()
            .map(|l| PathBuf::from(l.strip_prefix("wrote ").unwrap()))
            .collect()
    };
    let svgs = listed(&run(dir.path(), &["charts", "--out", "svg"]));
    let names: BTreeSet<String> = svgs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    // Every chart, in both languages.
    for (chart, _) in charts::ALL {
        for lang in ["fr", "en"] {
            assert!(names.contains(&format!("{chart}.{lang}.svg")), "{names:?}");
        }
    }
    assert_eq!(names.len(), charts::ALL.len() * 2, "{names:?}");
    let mut sizes = BTreeMap::new();
    for path in &svgs {
        let svg = read(dir.path().join(path));
        assert!(svg.starts_with("<svg "), "{}", path.display());
        // It stands alone: its size, the theme's font, the light scheme's text colour.
        let (view_box, size) = svg_sizes(&svg);
        assert_eq!(view_box, size, "{}", path.display());
        assert!(
            svg[..svg.find('>').unwrap()]
                .contains(r##" color="#1b1f24" font-family="Inter, sans-serif""##)
        );
        sizes.insert(
            path.file_stem().unwrap().to_string_lossy().into_owned(),
            size,
        );
    }

    let pngs = listed(&run(
        dir.path(),
        &["charts", "--png", "--lang", "en", "--out", "png"],
    ));
    assert_eq!(
        pngs.len(),
        svgs.iter()
            .filter(|p| p.to_string_lossy().ends_with(".en.svg"))
            .count()
    );
    for path in &pngs {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(name.ends_with(".en"), "{name}");
        let png = std::fs::read(dir.path().join(path)).unwrap();
        let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png).unwrap();
        let (width, height) = (image.width(), image.height());
        let (w, h) = sizes[&name];
        assert_eq!(
            (f64::from(width), f64::from(height)),
            (w * 2.0, h * 2.0),
            "{name}"
        );
    }

    // A language the site is not in is refused by the command line, nothing written.
    let out = passerelle(dir.path(), &["charts", "--lang", "de", "--out", "none"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("none").exists());
}
