//! `passerelle translations` and the warnings of `check` about translations whose source
//! changed, on a temporary copy of the bilingual fixture: marking writes one line and no
//! other byte, an edit of a French paragraph is found at its line, marking again clears it,
//! pages without a translation (or a source) are listed, data texts are followed in
//! `content/data/translated.yaml`, and mistakes are located errors.

mod support;

use passerelle::BuildOptions;
use passerelle::serve::incremental::{Outcome, Preview};
use support::*;

const ABOUT_EN: &str = "content/pages/about.en.md";
const ABOUT_FR: &str = "content/pages/about.fr.md";
const MARKS: &str = "content/data/translated.yaml";

fn site() -> tempfile::TempDir {
    project(&[&fixtures().join("valid/bilingual")])
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the binary and expects `code`.
fn run(root: &std::path::Path, args: &[&str], code: i32) -> std::process::Output {
    let out = passerelle(root, args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\nstdout:\n{}\nstderr:\n{}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// `check --format json`'s diagnostics as `severity path:line:column message`.
fn check(root: &std::path::Path) -> Vec<String> {
    let out = passerelle(root, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{} {}",
                d["severity"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// The line of the table about `key`, and the lines under it (its changes).
fn row(table: &str, key: &str) -> Vec<String> {
    let mut lines = table
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{key} ")));
    let mut out: Vec<String> = lines.next().into_iter().map(str::to_string).collect();
    out.extend(
        lines
            .take_while(|l| l.starts_with("    "))
            .map(|l| l.trim().to_string()),
    );
    out
}

fn edit(root: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn mark_edit_warn_and_mark_again() {
    let dir = site();
    let root = dir.path();
    let before = read(root.join(ABOUT_EN));
    let out = run(root, &["translations", "--mark", "pages/about"], 0);
    assert_eq!(
        stdout(&out),
        "marked content/pages/about.en.md: follows content/pages/about.fr.md\n"
    );
    // One line more at the end of the front matter, and nothing else.
    let after = read(root.join(ABOUT_EN));
    let added: Vec<&str> = after.lines().filter(|l| !before.contains(*l)).collect();
    assert_eq!(added.len(), 1, "{after}");
    assert!(added[0].starts_with("translation_of: fr "), "{after}");
    assert_eq!(after.replace(&format!("{}\n", added[0]), ""), before);
    assert_eq!(after.lines().nth(5), Some(added[0]));
    let table = stdout(&run(root, &["translations"], 0));
    assert_eq!(row(&table, "pages/about").len(), 1, "{table}");
    assert!(
        row(&table, "pages/about")[0].ends_with("  up to date"),
        "{table}"
    );
    let clean = check(root);
    assert!(!clean.iter().any(|d| d.contains("about")), "{clean:?}");

    // A paragraph of the French page changes: line 10 of the file.
    edit(root, ABOUT_FR, "Texte", "Texte revu");
    let found = check(root);
    assert!(
        found.contains(&format!(
            "warning {ABOUT_EN}:6:1 {ABOUT_FR} changed since this translation was marked: line 10 changed"
        )),
        "{found:?}"
    );
    let out = run(root, &["check"], 0);
    assert!(
        stderr(&out).contains(
            "help: update the translation, then run `passerelle translations --mark content/pages/about.en.md`"
        ),
        "{}",
        stderr(&out)
    );
    run(root, &["check", "--deny-warnings"], 1);
    // The build goes on, and says it too.
    let out = run(root, &["build"], 0);
    assert!(stderr(&out).contains("line 10 changed"), "{}", stderr(&out));
    // The report is a report: exit 0, the page stale, the paragraph named.
    let table = stdout(&run(root, &["translations"], 0));
    assert_eq!(
        row(&table, "pages/about")[1..],
        ["line 10 changed: Texte revu : avec `code : intact` et …"],
        "{table}"
    );
    assert!(
        row(&table, "pages/about")[0].ends_with("  stale"),
        "{table}"
    );
    assert!(table.contains("pages: 1 stale,"), "{table}");
    let json: serde_json::Value =
        serde_json::from_slice(&run(root, &["translations", "--format", "json"], 0).stdout)
            .unwrap();
    let about = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "pages/about")
        .unwrap();
    assert_eq!(about["status"], "stale");
    assert_eq!(about["changes"][0]["kind"], "changed");
    assert_eq!(about["changes"][0]["line"], 10);

    // A heading added, the title changed: each named where it is.
    edit(root, ABOUT_FR, "title: À propos", "title: À propos de nous");
    edit(root, ABOUT_FR, "## Objet\n", "## Objet\n\n## Nouveau\n");
    let table = stdout(&run(root, &["translations"], 0));
    assert_eq!(
        row(&table, "pages/about")[1..],
        [
            "the title or description (line 2)",
            "line 10 changed or added: ## Nouveau",
            "line 12 changed or added: Texte revu : avec `code : intact` et …",
        ],
        "{table}"
    );

    // Brought up to date, marked again: no warning, up to date.
    let out = run(root, &["translations", "--mark", ABOUT_EN], 0);
    assert!(stdout(&out).starts_with("marked content/pages/about.en.md"));
    let clean = check(root);
    assert!(!clean.iter().any(|d| d.contains("about")), "{clean:?}");
    let table = stdout(&run(root, &["translations"], 0));
    assert!(
        row(&table, "pages/about")[0].ends_with("  up to date"),
        "{table}"
    );
    // Marking what is marked writes nothing.
    let out = run(root, &["translations", "--mark", ABOUT_EN], 0);
    assert!(
        stdout(&out).starts_with("already marked"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn line_ends_and_trailing_spaces_are_no_change_and_keep_their_bytes() {
    let dir = site();
    let root = dir.path();
    let before = std::fs::read(root.join("content/pages/windows.en.md")).unwrap();
    run(
        root,
        &["translations", "--mark", "content/pages/windows.en.md"],
        0,
    );
    let after = std::fs::read(root.join("content/pages/windows.en.md")).unwrap();
    let after = String::from_utf8(after).unwrap();
    let before = String::from_utf8(before).unwrap();
    // The line goes in with the file's CRLF, before the closing `---`; nothing else moves.
    let line_start = after.find("translation_of: ").unwrap();
    let line_end = line_start + after[line_start..].find("\r\n").unwrap() + 2;
    assert_eq!(
        format!("{}{}", &after[..line_start], &after[line_end..]),
        before
    );
    assert!(after[line_end..].starts_with("---\r\n"), "{after:?}");
    // The French file saved again with LF line ends and trailing spaces: still up to date.
    let french = root.join("content/pages/windows.fr.md");
    let text = read(&french).replace("\r\n", "  \n");
    std::fs::write(&french, text).unwrap();
    let table = stdout(&run(root, &["translations"], 0));
    assert!(
        row(&table, "pages/windows")[0].ends_with("  up to date"),
        "{table}"
    );
}

#[test]
fn pages_without_a_translation_or_a_source_are_listed() {
    let dir = site();
    let root = dir.path();
    std::fs::write(
        root.join("content/pages/lonely.en.md"),
        "---\ntitle: Lonely\nslug: lonely\n---\nAlone.\n",
    )
    .unwrap();
    let table = stdout(&run(root, &["translations"], 0));
    assert!(
        row(&table, "pages/only-french")[0].ends_with(
            "content/pages/only-french.fr.md  -                            missing translation"
        ),
        "{table}"
    );
    assert!(
        row(&table, "pages/lonely")[0].ends_with("translation without source"),
        "{table}"
    );
    assert!(
        row(&table, "news/first")[0].ends_with("  never marked"),
        "{table}"
    );
    // Never marked is not a warning: a site opts in by marking.
    assert!(
        !check(root).iter().any(|d| d.contains("marked")),
        "{:?}",
        check(root)
    );
    // Nothing to mark there: errors that say why.
    let out = run(root, &["translations", "--mark", "pages/only-french"], 1);
    assert!(
        stderr(&out).contains("page `pages/only-french` has no en translation to mark"),
        "{}",
        stderr(&out)
    );
    let out = run(root, &["translations", "--mark", "pages/lonely"], 1);
    assert!(
        stderr(&out).contains("page `pages/lonely` has no fr version to follow"),
        "{}",
        stderr(&out)
    );
    let out = run(root, &["translations", "--mark", "pages/abuot"], 1);
    assert!(
        stderr(&out).contains("no page or data file `pages/abuot`")
            && stderr(&out).contains("did you mean `pages/about`?"),
        "{}",
        stderr(&out)
    );
    let out = run(root, &["translations", "--mark"], 2);
    assert!(stderr(&out).contains("`--all`"), "{}", stderr(&out));
    run(root, &["translations", "--mark", "pages/about", "--all"], 2);
}

#[test]
fn data_texts_are_followed_in_their_own_file() {
    let dir = site();
    let root = dir.path();
    let partners = "content/data/partners.yaml";
    let data_before = read(root.join(partners));
    let out = run(root, &["translations", "--mark", "--all"], 0);
    assert!(
        stdout(&out)
            .contains("marked content/data/translated.yaml: follows 12 texts of 3 data files"),
        "{}",
        stdout(&out)
    );
    // The data files themselves are not touched.
    assert_eq!(read(root.join(partners)), data_before);
    let marks = read(root.join(MARKS));
    assert!(
        marks.contains("partners.yaml:\n  partners.apple.profile: "),
        "{marks}"
    );
    let table = stdout(&run(root, &["translations"], 0));
    assert!(table.contains("data texts: 12 up to date"), "{table}");

    // Its English side changes alone: nothing to say.
    edit(
        root,
        partners,
        "\"Apple Inc. is an American company.\"",
        "\"Apple Inc. is a US company.\"",
    );
    assert!(!check(root).iter().any(|d| d.contains("changed since")));
    // The French profile of Apple changes (line 11 of the file, column 19).
    edit(
        root,
        partners,
        "\"Apple Inc. est une société américaine.\"",
        "\"Apple Inc. est une société californienne.\"",
    );
    let found = check(root);
    assert!(
        found.contains(&format!(
            "warning {partners}:11:19 this fr text changed since its translation was marked (`partners.apple.profile`)"
        )),
        "{found:?}"
    );
    let table = stdout(&run(root, &["translations"], 0));
    assert!(
        table.contains(
            "    line 11 changed (data/partners.yaml#partners.apple.profile): Apple Inc. est une société californienne."
        ),
        "{table}"
    );
    let out = run(
        root,
        &[
            "translations",
            "--mark",
            "data/partners.yaml#partners.apple.profile",
        ],
        0,
    );
    assert_eq!(
        stdout(&out),
        "marked content/data/translated.yaml: follows data/partners.yaml#partners.apple.profile (line 11)\n"
    );
    assert!(!check(root).iter().any(|d| d.contains("changed since")));
    // Marking again writes the same bytes.
    let marks = read(root.join(MARKS));
    run(root, &["translations", "--mark", "--all"], 0);
    assert_eq!(read(root.join(MARKS)), marks);

    let out = run(
        root,
        &[
            "translations",
            "--mark",
            "data/partners.yaml#partners.aple.profile",
        ],
        1,
    );
    assert!(
        stderr(&out).contains("did you mean `data/partners.yaml#partners.apple.profile`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_marks_file_gone_wrong_is_an_error_at_its_line() {
    let dir = site();
    let root = dir.path();
    std::fs::write(
        root.join(MARKS),
        "partners.yaml:\n  partners.apple.profile: 12g45678\n",
    )
    .unwrap();
    let found = check(root);
    assert!(
        found.contains(&format!(
            "error {MARKS}:2:27 `12g45678` is not a text's fingerprint (8 hexadecimal digits)"
        )),
        "{found:?}"
    );
    run(root, &["build"], 1);
    run(root, &["translations"], 1);
}

#[test]
fn a_translation_of_the_wrong_language_is_an_error() {
    let dir = site();
    let root = dir.path();
    edit(
        root,
        ABOUT_EN,
        "weight: 10\n",
        "weight: 10\ntranslation_of: en 0123abcd\n",
    );
    edit(
        root,
        ABOUT_FR,
        "weight: 10\n",
        "weight: 10\ntranslation_of: fr 0123abcd\n",
    );
    let found = check(root);
    assert!(
        found.contains(&format!(
            "error {ABOUT_EN}:6:1 translation_of names the en version, but pages are translated from fr (the config's default_language)"
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&format!(
            "error {ABOUT_FR}:7:1 this page is the fr source of its translations: it follows no other version"
        )),
        "{found:?}"
    );
    let out = run(root, &["translations"], 1);
    assert!(stderr(&out).contains("translation_of names the en version"));
    // Marking writes the value again over the wrong one.
    run(root, &["translations", "--mark", ABOUT_EN], 0);
    assert!(!check(root).iter().any(|d| d.contains(ABOUT_EN)));
}

#[test]
fn the_preview_warns_after_an_edit_of_a_french_body_alone() {
    let dir = site();
    let root = dir.path();
    run(root, &["translations", "--mark", "--all"], 0);
    let mut preview = Preview::new(BuildOptions {
        root: root.into(),
        ..Default::default()
    });
    let Outcome::Rebuilt(first) = preview.rebuild([]) else {
        panic!("the fixture builds")
    };
    assert!(
        !first
            .warnings
            .iter()
            .any(|w| w.message.contains("changed since"))
    );
    edit(root, ABOUT_FR, "Texte", "Texte revu");
    let Outcome::Rebuilt(rebuilt) = preview.rebuild([ABOUT_FR.into()]) else {
        panic!("the edit builds")
    };
    // Only the French page was rendered again, and its translation is said to lag.
    assert!(!rebuilt.full);
    assert_eq!(rebuilt.rendered, 1, "{:?}", rebuilt.changed);
    let stale: Vec<String> = rebuilt
        .warnings
        .iter()
        .filter(|w| w.message.contains("changed since"))
        .map(|w| format!("{}:{} {}", w.path.display(), w.line, w.message))
        .collect();
    assert_eq!(
        stale,
        [format!(
            "{ABOUT_EN}:6 {ABOUT_FR} changed since this translation was marked: line 10 changed"
        )]
    );
}
