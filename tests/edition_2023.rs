//! Next year without a programmer: the fixture `edition-2023` is the real content plus a
//! fictional 2023 (a partner that signs in Sweden, one that joins and leaves, the joinings
//! of 2022 done, a 2022-2025 work plan with a new category and a new domain). The site,
//! `check` and `report --year 2023` must handle it with no change to the program, and say
//! what its data say.

mod support;

use passerelle::model::Figures;
use passerelle::{BuildOptions, Site};
use std::path::Path;
use support::*;

/// The real project with the fixture's data files laid over it.
fn edition() -> tempfile::TempDir {
    let real = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("config.yaml"), real.path().join("config.yaml")).unwrap();
    copy_dir(&repo().join("content"), &real.path().join("content"));
    project(&[real.path(), &fixtures().join("edition-2023")])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The words of an HTML page, its tags and SVG left out, spaces made plain.
fn words(path: &Path) -> String {
    let html = read(path);
    let mut out = String::new();
    let (mut in_tag, mut in_svg) = (false, false);
    let mut rest = html.as_str();
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<svg") {
            in_svg = true;
        } else if rest.starts_with("</svg>") {
            in_svg = false;
        }
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag && !in_svg => out.push(c),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    out.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn states(text: &str, sentences: &[&str]) {
    for sentence in sentences {
        assert!(text.contains(sentence), "«{sentence}» not in:\n{text}");
    }
}

#[test]
fn the_figures_follow_the_new_year_data() {
    let dir = edition();
    let site = Site::load(&BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let f = &site.figures;
    // 25 partners of 2022, the three joinings of 2022 done, and Lund Digital; Tallinn Data
    // has left.
    assert_eq!((f.partners, f.joining, f.ended), (29, 0, 2));
    assert_eq!(Figures::count(&f.by_country, "SE"), 1);
    assert_eq!(Figures::count(&f.by_country, "EE"), 0);
    let cohorts: Vec<&str> = f.by_cohort.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(cohorts, ["2017", "2018", "2020-2021", "2022", "2023"]);
    assert_eq!(Figures::count(&f.by_cohort, "2023"), 1);
    assert_eq!(f.activities, 53);
    assert_eq!(Figures::count(&f.by_work_plan, "2018-2021"), 50);
    assert_eq!(Figures::count(&f.by_work_plan, "2022-2025"), 3);
    assert_eq!(Figures::count(&f.by_category, "capacity-building"), 1);
    assert_eq!(Figures::count(&f.by_domain, "digital-skills"), 2);
    assert_eq!(f.plan_periods, [(2018, 2021), (2022, 2025)]);
    // The new category is a column of the domains chart, with its own colour.
    assert!(
        f.domains_by_category
            .iter()
            .all(|d| d.by_category.len() == 5)
    );
}

#[test]
fn the_site_builds_and_shows_both_work_plans() {
    let dir = edition();
    let check = passerelle(dir.path(), &["check", "--deny-warnings"]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let build = passerelle(dir.path(), &["build", "--quiet"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let public = dir.path().join("public");

    let plan = read(public.join("fr/plan-de-travail/index.html"));
    assert!(plan.contains("<h1>Plans de travail</h1>"), "{plan}");
    for section in [
        "<section id=\"plan-2018-2021\">",
        "<section id=\"plan-2022-2025\">",
    ] {
        assert!(plan.contains(section), "{section}");
    }
    states(
        &words(&public.join("fr/plan-de-travail/index.html")),
        &[
            "Plan de travail 2022-2025",
            "Renforcement des capacités (1)",
            "Atelier sur les compétences numériques",
            "Taux d’engagement des partenaires dans les plans de travail 2018-2021 et 2022-2025",
        ],
    );
    states(
        &words(&public.join("en/work-plan/index.html")),
        &["Work plans", "Work plan 2022–2025", "Capacity building (1)"],
    );
    states(
        &words(&public.join("fr/index.html")),
        &[
            "29 partenaires",
            "53 activités des plans de travail 2018-2021 et 2022-2025",
        ],
    );
    states(
        &words(&public.join("fr/partenaires/lund-digital/index.html")),
        &["Lund Digital", "Suède", "2023"],
    );
    states(
        &words(&public.join("en/partners/lund-digital/index.html")),
        &["Sweden"],
    );
    // The new domain has its page, in each language's words.
    states(
        &words(&public.join("fr/plan-de-travail/domaines/competences-numeriques/index.html")),
        &[
            "Compétences numériques",
            "Atelier sur les compétences numériques",
        ],
    );
    assert!(
        public
            .join("en/work-plan/domains/digital-skills/index.html")
            .is_file()
    );
    // The open data carry the new plan.
    let csv = read(public.join("data/activities.csv"));
    assert!(
        csv.contains("skills-workshop-2023,2022-2025,capacity-building"),
        "{csv}"
    );
}

#[test]
fn the_2023_report_states_the_year() {
    let dir = edition();
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "report",
        "--year",
        "2023",
        "--out",
        out.path().to_str().unwrap(),
    ];
    let pdf = passerelle::report::pdf::find_browser().is_ok();
    assert!(
        pdf || std::env::var("CI").is_err(),
        "CI must have Chromium to print the report"
    );
    if pdf {
        args.push("--pdf");
    }
    let run = passerelle(dir.path(), &args);
    assert!(run.status.success(), "{}", text(&run.stderr));
    states(
        &words(&out.path().join("rapport-2023.fr.html")),
        &[
            "Rapport annuel 2023",
            "Liste complète (29) :",
            "Liste 2023 (2) : Lund Digital et Tallinn Data Association (fin le 31 octobre 2023).",
            "Échanges de lettres en 2023 (2) : Lund Digital et Tallinn Data Association.",
            "Fin de partenariat en 2023 (1) : Tallinn Data Association (fin le 31 octobre 2023).",
            "Aucune adhésion n’est en cours.",
            "Les 29 partenaires ont leur siège dans 10 pays",
            "Suède (1 sur 29)",
            "Les partenaires sont 17 entreprises, 9 associations d’entreprises et 3 associations professionnelles.",
            "les 53 activités des plans de travail 2018-2021 et 2022-2025",
            "Plan de travail 2018-2021 — Normalisation contraignante (7)",
            "Plan de travail 2022-2025 — Renforcement des capacités (1)",
            "Nombre de partenaires au fil du temps, 2017-2023",
        ],
    );
    states(
        &words(&out.path().join("report-2023.en.html")),
        &[
            "the 53 activities of the 2018–2021 and 2022–2025 work plans",
            "Work plan 2022–2025 — Capacity building (1)",
        ],
    );
    if pdf {
        for name in ["rapport-2023.fr.pdf", "report-2023.en.pdf"] {
            let bytes = std::fs::read(out.path().join(name)).unwrap();
            assert!(bytes.starts_with(b"%PDF-"), "{name}");
        }
    }
}

#[test]
fn a_joining_partner_whose_date_has_passed_is_worth_a_warning() {
    let dir = edition();
    let file = dir.path().join("content/data/partners.yaml");
    let data = read(&file).replacen(
        "status: active  # FICTIONAL: joined on the planned date",
        "status: joining",
        1,
    );
    std::fs::write(&file, data).unwrap();
    let check = passerelle(dir.path(), &["check"]);
    assert!(check.status.success());
    let stderr = text(&check.stderr);
    assert!(
        stderr.contains(
            "warning: partner `icc` is still `joining`, with a planned date (2022-06-28) before the data's `updated:` (2023-12-31)"
        ),
        "{stderr}"
    );
}
