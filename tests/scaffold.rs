//! `passerelle new`: what it writes names what goes where, fails `check` on its empty
//! fields until they are filled in, then passes. `new page` never overwrites a page;
//! `new partner` and `new activity` add a record at the end of a data file, keeping the
//! bytes before it, or refuse and write nothing.

mod support;

use support::*;

#[test]
fn a_new_page_passes_check_once_filled_in() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let out = passerelle(root, &["new", "page", "rencontre-annuelle"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("wrote content/pages/rencontre-annuelle.fr.md")
            && stdout.contains("wrote content/pages/rencontre-annuelle.en.md"),
        "{stdout}"
    );
    let fr = root.join("content/pages/rencontre-annuelle.fr.md");
    let en = root.join("content/pages/rencontre-annuelle.en.md");
    assert!(read(&fr).contains("# The French version of the page."));

    // Empty titles: `check` names both, at their line.
    let check = passerelle(root, &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    for file in ["fr", "en"] {
        assert!(
            stderr.contains(&format!(
                "error: the title is empty\n --> content/pages/rencontre-annuelle.{file}.md:3:1"
            )),
            "{stderr}"
        );
    }

    // Filled in as an editor would: a title each, an English slug, some text.
    let fill = |path: &std::path::Path, title: &str, slug: Option<&str>, text: &str| {
        let mut page = read(path).replacen("title: \"\"", &format!("title: {title}"), 1);
        if let Some(slug) = slug {
            page = page.replacen("slug: rencontre-annuelle", &format!("slug: {slug}"), 1);
        }
        std::fs::write(path, page + text).unwrap();
    };
    fill(
        &fr,
        "Rencontre annuelle",
        None,
        "La rencontre annuelle des partenaires.\n",
    );
    fill(
        &en,
        "Annual meeting",
        Some("annual-meeting"),
        "The partners' annual meeting.\n",
    );
    let check = passerelle(root, &["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let build = passerelle(root, &["build", "--quiet"]);
    assert!(build.status.success());
    assert!(read(root.join("public/en/annual-meeting/index.html")).contains("annual meeting."));
}

#[test]
fn an_existing_page_is_never_overwritten() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let before = (
        read(root.join("content/pages/about.fr.md")),
        read(root.join("content/pages/about.en.md")),
    );
    let out = passerelle(root, &["new", "page", "about"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: content/pages/about.fr.md: this page exists already"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    let after = (
        read(root.join("content/pages/about.fr.md")),
        read(root.join("content/pages/about.en.md")),
    );
    assert_eq!(after, before);
}

#[test]
fn a_slug_that_is_not_one_plain_name_is_refused() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    for (slug, why) in [
        ("../escape", "must be one name"),
        ("Grande Rencontre", "may only hold lowercase letters"),
        ("", "must be one name"),
    ] {
        let out = passerelle(root, &["new", "page", slug]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{slug}: {stderr}");
        assert!(stderr.contains(why), "{slug}: {stderr}");
    }
    let written: Vec<_> = std::fs::read_dir(root.join("content/pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with("about") && !name.starts_with("history"))
        .collect();
    assert!(
        written
            .iter()
            .all(|n| !n.contains("escape") && !n.contains("Grande")),
        "{written:?}"
    );
}

/// The errors of a `check`, each as `message @ path:line:col`.
fn check_errors(root: &std::path::Path) -> Vec<String> {
    let check = passerelle(root, &["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr).into_owned();
    let mut errors = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(message) = line.strip_prefix("error: ") {
            let place = lines.peek().and_then(|l| l.trim().strip_prefix("--> "));
            errors.push(format!("{message} @ {}", place.unwrap_or("")));
        }
    }
    assert_eq!(
        check.status.code(),
        Some(if errors.is_empty() { 0 } else { 1 }),
        "{stderr}"
    );
    errors
}

/// Runs `passerelle new ARGS` and returns what it printed.
fn new(root: &std::path::Path, args: &[&str]) -> String {
    let out = passerelle(root, &[&["new"], args].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Replaces the first `KEY: ""` after `from` in `path` by `KEY: VALUE`, and with `texts`
/// every empty `{fr: "", en: ""}` there by a text.
fn fill_in(path: &std::path::Path, from: &str, values: &[(&str, &str)], texts: bool) {
    let text = read(path);
    let start = text.find(from).unwrap();
    let (before, mut record) = (&text[..start], text[start..].to_string());
    for (key, value) in values {
        let empty = format!("    {key}: \"\"");
        assert!(record.contains(&empty), "{key}: {record}");
        record = record.replacen(&empty, &format!("    {key}: {value}"), 1);
    }
    if texts {
        record = record.replace(
            "{fr: \"\", en: \"\"}",
            "{fr: Texte de l'éditeur, en: The editor's text}",
        );
    }
    std::fs::write(path, format!("{before}{record}")).unwrap();
}

#[test]
fn a_new_partner_passes_check_once_filled_in() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let file = root.join("content/data/partners.yaml");
    let before = read(&file);
    let stdout = new(root, &["partner", "nordic-digital"]);
    assert_eq!(
        stdout,
        "added partner `nordic-digital` to content/data/partners.yaml (line 22)\n\
         fill in its fields, then run `passerelle check`\n"
    );
    let after = read(&file);
    assert!(after.starts_with(&before), "{after}");
    assert!(
        after[before.len()..].starts_with(
            "  - id: nordic-digital\n    # Its name, as the partner writes it:\n    name: \"\"\n"
        ),
        "{after}"
    );

    // The date does not load until it is one: it alone is named, at its line.
    assert_eq!(
        check_errors(root),
        [
            "`signed` of partner `nordic-digital` is empty: it needs a date @ content/data/partners.yaml:38:13"
        ]
    );
    // Then every other empty field, at its line.
    fill_in(
        &file,
        "- id: nordic-digital",
        &[("signed", "2023-05-04")],
        false,
    );
    assert_eq!(
        check_errors(root),
        [
            "partner `nordic-digital` has no name @ content/data/partners.yaml:24:5",
            "partner `nordic-digital` has no country @ content/data/partners.yaml:30:14",
            "[nordic-digital].sector: the text is empty in fr and en @ content/data/partners.yaml:34:5",
            "[nordic-digital].profile: the text is empty in fr and en @ content/data/partners.yaml:50:5",
        ]
    );
    fill_in(
        &file,
        "- id: nordic-digital",
        &[("name", "Nordic Digital"), ("country", "DK")],
        true,
    );
    assert_eq!(check_errors(root), Vec::<String>::new());
    let build = passerelle(root, &["build", "--quiet"]);
    assert!(build.status.success());
    assert!(
        read(root.join("public/en/partners/nordic-digital/index.html")).contains("Nordic Digital")
    );
}

#[test]
fn a_new_activity_goes_in_the_last_work_plan_and_passes_check_once_filled_in() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let file = root.join("content/data/activities.yaml");
    let plans = read(&file).replacen(
        "categories:",
        "  - id: \"2022-2025\"\n    title: {fr: Plan de travail 2022-2025, en: Work plan 2022–2025}\n    start: 2022\n    end: 2025\ncategories:",
        1,
    );
    std::fs::write(&file, &plans).unwrap();
    let stdout = new(root, &["activity", "cahai-plenary-6"]);
    assert!(
        stdout.starts_with(
            "added activity `cahai-plenary-6` to content/data/activities.yaml (line 29)\n"
        ),
        "{stdout}"
    );
    let after = read(&file);
    assert!(after.starts_with(&plans));
    assert!(
        after[plans.len()..].starts_with(
            "  - id: cahai-plenary-6
    # Its work plan, one of those declared above: \"2018-2021\" | \"2022-2025\"
    work_plan: \"2022-2025\"
    # Its category, one of binding | non-binding | study | event:
    category: \"\"
"
        ),
        "{after}"
    );
    assert_eq!(
        check_errors(root),
        [
            "activity `cahai-plenary-6` has no category @ content/data/activities.yaml:33:5",
            "[cahai-plenary-6].sector: the text is empty in fr and en @ content/data/activities.yaml:35:5",
            "[cahai-plenary-6].title: the text is empty in fr and en @ content/data/activities.yaml:37:5",
        ]
    );
    fill_in(
        &file,
        "- id: cahai-plenary-6",
        &[("category", "event")],
        true,
    );
    assert_eq!(check_errors(root), Vec::<String>::new());
}

#[test]
fn a_record_that_cannot_be_added_is_refused_and_nothing_is_written() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let partners = root.join("content/data/partners.yaml");
    let activities = root.join("content/data/activities.yaml");
    // The categories after the activities: a record at the end would be a category.
    let moved = {
        let text = read(&activities);
        let (start, end) = (
            text.find("categories:").unwrap(),
            text.find("activities:").unwrap(),
        );
        format!("{}{}{}", &text[..start], &text[end..], &text[start..end])
    };
    std::fs::write(&activities, &moved).unwrap();
    let data = || tree(&root.join("content/data"));
    let before = data();
    for (args, expected) in [
        (
            ["partner", "apple"],
            "error: content/data/partners.yaml:3:5: partner `apple` exists already\n  help: choose another id, or edit the partner there",
        ),
        (
            ["partner", "Nordic_Digital"],
            "error: content/data/partners.yaml: partner id `Nordic_Digital` may only hold a-z, 0-9 and '-', 200 characters at most (it is a URL segment)\n  help: `passerelle new partner nordic-digital`",
        ),
        (
            ["activity", "../../escape"],
            "error: content/data/activities.yaml: activity id `../../escape` may only hold a-z, 0-9 and '-', 200 characters at most (it is a URL segment)\n  help: `passerelle new activity escape`",
        ),
        (
            ["activity", "kick-off"],
            "error: content/data/activities.yaml:16:1: `categories:` follows the `activities:` list, so a new activity cannot be added at the end of the file\n  help: move `activities:` and its records to the end of the file (only comments may follow them), then run `passerelle new activity` again",
        ),
    ] {
        let out = passerelle(root, &[&["new"][..], &args].concat());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(
            stderr,
            format!("{expected}\nnothing was written\n"),
            "{args:?}"
        );
        assert_eq!(data(), before, "{args:?}");
    }
    assert_eq!(
        read(&partners),
        read(fixtures().join("valid/bilingual/content/data/partners.yaml"))
    );
}

#[test]
fn a_file_with_crlf_line_ends_keeps_them() {
    let dir = project(&[&fixtures().join("valid/bilingual")]);
    let root = dir.path();
    let file = root.join("content/data/partners.yaml");
    let before = read(&file).replace('\n', "\r\n");
    std::fs::write(&file, &before).unwrap();
    new(root, &["partner", "nordic-digital"]);
    let after = read(&file);
    let added = after.strip_prefix(before.as_str()).unwrap();
    assert!(added.starts_with("  - id: nordic-digital\r\n"), "{added:?}");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "{after:?}"
    );
    // `check` reads it: what it names is the new record's empty date, at its line.
    assert_eq!(
        check_errors(root),
        [
            "`signed` of partner `nordic-digital` is empty: it needs a date @ content/data/partners.yaml:38:13"
        ]
    );
}
