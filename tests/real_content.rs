//! The publication's own content: it loads cleanly, and the figures computed from the data
//! are the ones the status document of 8 June 2022 states (or, where the document
//! contradicts itself, the reading the data records).

use passerelle::model::Figures;
use passerelle::{BuildOptions, Site};

fn site() -> Site {
    let options = BuildOptions {
        root: env!("CARGO_MANIFEST_DIR").into(),
        ..Default::default()
    };
    Site::load(&options).unwrap_or_else(|e| panic!("the real content must load:\n{e}"))
}

#[test]
fn the_real_content_loads_without_errors_and_renders() {
    let site = site();
    let files = site.render().unwrap_or_else(|e| panic!("{e}"));
    assert!(files.iter().any(|f| f.path == "fr/index.html"));
    assert!(files.iter().any(|f| f.path == "en/about/index.html"));
    // Generated pages have URLs in their own language, not the data's English ids.
    for path in [
        "fr/plan-de-travail/domaines/intelligence-artificielle/index.html",
        "en/work-plan/domains/artificial-intelligence/index.html",
    ] {
        assert!(files.iter().any(|f| f.path == path), "{path} missing");
    }
}

#[test]
fn partners_figures_match_the_status_document() {
    let f = site().figures;
    // "Liste complète (25)".
    assert_eq!(f.partners, 25);
    // "originaires des Etats-Unis (13 sur 25)", "identifiées en Belgique (4 sur 25)".
    assert_eq!(Figures::count(&f.by_country, "US"), 13);
    assert_eq!(Figures::count(&f.by_country, "BE"), 4);
    // "Liste 2017 (14)", "Liste 2018 (2)"; "Liste 2020-2021 (10)" counts Sberbank, whose
    // partnership ended on 4 March 2022: 9 of the 25 active partners, 10 with Sberbank.
    assert_eq!(Figures::count(&f.by_cohort, "2017"), 14);
    assert_eq!(Figures::count(&f.by_cohort, "2018"), 2);
    assert_eq!(Figures::count(&f.by_cohort, "2020-2021"), 9);
    // "2022 : processus en cours (3) : ICC, Groupe Lego et Thalès".
    assert_eq!(f.joining, 3);
    assert_eq!(f.ended, 1);
}

#[test]
fn the_pages_that_show_the_kinds_give_the_status_documents_too() {
    let site = site();
    let stated = site
        .data
        .stated_figures
        .as_ref()
        .expect("partners.yaml records the figures the status document states");
    let as_of = passerelle::model::edition::latest(&site.data);
    let counts = passerelle::model::stated_kinds(&site.figures, stated, as_of)
        .expect("the data count the kinds otherwise than the status document");
    let pairs: Vec<(usize, usize)> = counts.iter().map(|c| (c.stated, c.computed)).collect();
    assert_eq!(pairs, [(15, 14), (7, 8), (3, 3)]);
    let files = site.render().unwrap_or_else(|e| panic!("{e}"));
    let page = |path: &str| {
        let file = files.iter().find(|f| f.path == path).unwrap();
        String::from_utf8(file.bytes.to_vec()).unwrap()
    };
    for (path, said) in [
        (
            "fr/taxonomie/index.html",
            "compte 15 entreprises, 7 associations d’entreprises et 3 associations professionnelles, là où les données en comptent 14, 8 et 3.",
        ),
        (
            "en/taxonomy/index.html",
            "counts 15 companies, 7 business associations and 3 professional associations, where the data count 14, 8 and 3.",
        ),
        (
            "fr/rapport/2022/index.html",
            "là où les données en comptent 14, 8 et 3.",
        ),
        (
            "en/report/2022/index.html",
            "where the data count 14, 8 and 3.",
        ),
    ] {
        let html = page(path);
        assert!(html.contains(said), "{path}: {said}");
        assert!(html.contains("gni/\">"), "{path} links the note on GNI");
    }
}

#[test]
fn what_the_sources_do_not_state_is_marked_on_its_page() {
    let site = site();
    let files = site.render().unwrap_or_else(|e| panic!("{e}"));
    let page = |path: &str| {
        let file = files.iter().find(|f| f.path == path).unwrap();
        String::from_utf8(file.bytes.to_vec()).unwrap()
    };
    // Row 22 of the work plan has no title in the source.
    assert!(
        page("fr/plan-de-travail/hate-speech-unit-co-regulation-study/index.html")
            .contains("Titre de la rédaction\u{202f}: la source ne donne pas de titre")
    );
    // The eight partners whose country no source names, and only they.
    let marked: Vec<&str> = site
        .data
        .partners
        .iter()
        .filter(|p| p.country_source.is_some())
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        marked,
        [
            "etno", "gni", "gsma", "icco", "ieee", "ripe-ncc", "icc", "thales"
        ]
    );
    assert!(
        page("en/partners/gni/index.html")
            .contains("Not stated in the sources: editorial decision")
    );
    assert!(!page("en/partners/bt/index.html").contains("Not stated in the sources"));
}

#[test]
fn partner_kinds_follow_the_recorded_reading() {
    // The document says "des entreprises (15) ou des associations d'entreprises (7)" and 3
    // professional associations; its own profiles describe 14 companies, and the data
    // follows the profiles (see the note on `gni` in partners.yaml): 14 / 8 / 3.
    let f = site().figures;
    assert_eq!(Figures::count(&f.by_kind, "company"), 14);
    assert_eq!(Figures::count(&f.by_kind, "business-association"), 8);
    assert_eq!(Figures::count(&f.by_kind, "professional-association"), 3);
}

#[test]
fn work_plan_has_fifty_activities_in_four_categories() {
    let site = site();
    let f = &site.figures;
    assert_eq!(f.activities, 50);
    let split: Vec<usize> = ["binding", "non-binding", "study", "event"]
        .iter()
        .map(|c| Figures::count(&f.by_category, c))
        .collect();
    assert_eq!(split, [7, 12, 4, 27]);
    assert_eq!((f.first_year, f.last_year), (Some(2018), Some(2021)));
    // Engagement is computed, not typed: it equals the count of activities naming the id.
    for e in &f.engagement {
        let named = site
            .data
            .activities
            .iter()
            .filter(|a| a.partners.contains(&e.partner))
            .count();
        assert_eq!(e.activities, named, "{}", e.partner);
    }
    assert_eq!(site.data.activities[0].category, "binding");
    // One work plan, which every activity belongs to without saying so.
    assert_eq!(site.data.work_plans.len(), 1);
    assert!(
        site.data
            .activities
            .iter()
            .all(|a| a.work_plan.as_deref() == Some("2018-2021"))
    );
}

#[test]
fn non_partners_are_kept_apart() {
    let site = site();
    let ids: Vec<&str> = site.data.partners.iter().map(|p| p.id.as_str()).collect();
    for others in site.data.activities.iter().flat_map(|a| &a.others) {
        assert!(
            !ids.contains(&others.to_lowercase().as_str()),
            "{others} is a partner"
        );
    }
    let named: Vec<&String> = site
        .data
        .activities
        .iter()
        .flat_map(|a| &a.others)
        .collect();
    for org in ["ICANN", "Sony", "Twitter", "ISFE"] {
        assert!(
            named.iter().any(|n| n.contains(org)),
            "{org} missing from `others`"
        );
    }
}

#[test]
fn strategy_table_keeps_the_sources_statuses() {
    use passerelle::content::data::ActionStatus;
    let site = site();
    let strategy = site.data.strategy.as_ref().expect("strategy.yaml");
    assert_eq!(strategy.themes.len(), 4);
    let actions: Vec<_> = strategy.themes.iter().flat_map(|t| &t.actions).collect();
    assert_eq!(actions.len(), 25);
    let ids: Vec<&str> = actions.iter().map(|a| a.id.as_str()).collect();
    for id in ["8.a", "8.g", "10.a", "10.e", "13.a", "13.f"] {
        assert!(ids.contains(&id), "action {id} missing");
    }
    let items: Vec<_> = actions.iter().flat_map(|a| &a.items).collect();
    let count = |s: ActionStatus| items.iter().filter(|i| i.status == s).count();
    // Counted from the status column of the source, row by row; the six rows without
    // any status there are `not-stated`, not guessed (see the note on each).
    assert_eq!(
        [
            count(ActionStatus::Completed),
            count(ActionStatus::Finished),
            count(ActionStatus::InProgress),
            count(ActionStatus::InPreparation),
            count(ActionStatus::NotStated),
        ],
        [8, 28, 67, 6, 6]
    );
    assert_eq!(items.len(), 115);
}
