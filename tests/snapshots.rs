//! Whole pages of the real site, the first page of each kind in both languages, as
//! snapshots (`tests/snapshots/`): any change to what a page shows is a diff to review
//! (`cargo insta review`, or compare the `.snap.new` file beside the old one), never a
//! surprise. A kind added to `pages/` gets its snapshot with no change here.

mod support;

use std::collections::BTreeSet;
use support::repo;

#[test]
fn one_page_of_each_kind_in_each_language() {
    let site = passerelle::Site::load(&passerelle::BuildOptions {
        root: repo(),
        ..Default::default()
    })
    .unwrap();
    let files = site.render().unwrap();
    let mut seen = BTreeSet::new();
    for route in &site.routes {
        let kind = route.kind.info().name;
        if !seen.insert((kind, route.lang)) {
            continue;
        }
        let path = route.output_file();
        let file = files.iter().find(|f| f.path == path).unwrap();
        let html = String::from_utf8(file.bytes.to_vec()).unwrap();
        insta::with_settings!({ description => path.as_str(), omit_expression => true }, {
            insta::assert_snapshot!(format!("{}-{kind}", route.lang.code()), html);
        });
    }
    // Every kind of the site, in both languages (the figure grows with the kinds).
    assert_eq!(seen.len(), 22, "{seen:?}");
}
