//! Property tests standing in for a fuzzer (cargo fuzz needs a nightly toolchain this
//! project does not have): random and half-valid inputs go through the front matter +
//! Markdown pipeline and the data loader, and must come back as a value or as located
//! diagnostics, never as a panic. The number of cases is bounded (PROPTEST_CASES, 512 by
//! default) so CI stays fast; run with a larger PROPTEST_CASES to search longer. Any
//! failure proptest finds is saved in tests/fuzz.proptest-regressions and replayed first.

use passerelle::content::data::{ActivitiesFile, PartnersFile};
use passerelle::content::{parse_page, yaml};
use passerelle::lang::Lang;
use passerelle::links::{Broken, Target};
use passerelle::markdown::{self, Context};
use passerelle::validate;
use proptest::prelude::*;
use std::path::Path;

/// Pieces editors (and attackers) write, to be strung together at random.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("title: Titre\n".to_string()),
        Just("slug: a-propos\n".to_string()),
        Just("slug: ../../x\n".to_string()),
        Just("date: 2022-06-08\n".to_string()),
        Just("weight: [1\n".to_string()),
        Just("# Titre {#id}\n".to_string()),
        Just("```rust\n".to_string()),
        Just("~~~\n".to_string()),
        Just("> > > ".to_string()),
        Just("* ".to_string()),
        Just("**".to_string()),
        Just("_".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("[lien](@/pages/about.md#objet)".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("![](data:text/html,x)".to_string()),
        Just("![Une « image »](photo.png \"Légende : oui\")".to_string()),
        Just("![alt ![inner](b.png)](a.png)".to_string()),
        Just("![x](missing.gif)".to_string()),
        Just("![x](https://example.org/x.png)".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("« guillemets » : ; ! ?".to_string()),
        Just("\r\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("\0".to_string()),
        Just("&anchor *alias ".to_string()),
        "\\PC{0,12}",
        "[ -~]{0,12}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// The site's images as the renderer sees them: a PNG is one of the site, a GIF a missing
/// file, anything else an image of another site.
struct Pictures;

impl markdown::Images for Pictures {
    fn image(
        &self,
        path: &Path,
        dest: &str,
        line: usize,
        column: usize,
    ) -> Result<Option<String>, passerelle::diagnostic::Diagnostic> {
        if dest.ends_with(".png") {
            Ok(Some(
                r#"src="/media/x.png" width="1" height="1""#.to_string(),
            ))
        } else if dest.ends_with(".gif") {
            Err(passerelle::diagnostic::Diagnostic::error(path, "no such image").at(line, column))
        } else {
            Ok(None)
        }
    }
}

fn render(text: &str, lang: Lang) {
    let resolve = |target: &Target, _: Option<&str>, _: Lang| match target {
        Target::Key(p) if p == "pages/about.md" => Ok("/fr/a-propos/".to_string()),
        Target::Key(p) => Err(Broken::NoPage(markdown::NoSuchPage::among(
            p,
            ["pages/about", "partners/apple"],
        ))),
        Target::Path(p) => Ok(format!("/sub/{p}")),
        Target::File { .. } => Err(Broken::NoPath { nearest: None }),
    };
    let cx = Context {
        lang,
        path: Path::new("content/pages/x.fr.md"),
        first_line: 1,
        allow_html: false,
        page: Some("fr/x/"),
        resolve: &resolve,
        shortcodes: None,
        images: Some(&Pictures),
    };
    if let Ok(rendered) = markdown::render(text, &cx) {
        // Untrusted content never reaches the page as markup or script.
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
        assert!(
            !rendered.html.contains("href=\"javascript:"),
            "{}",
            rendered.html
        );
        assert!(!rendered.html.contains("src=\"data:"), "{}", rendered.html);
    }
    let _ = markdown::render_inline(text, &cx);
    let _ = markdown::outline(text, lang);
    let _ = markdown::unclosed_fence(text);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn pages_load_or_report_never_panic(text in document()) {
        let path = Path::new("content/pages/x.fr.md");
        if let Err(e) = parse_page(path, "pages/x".into(), Lang::Fr, &text) {
            // Every problem names the file it is about.
            prop_assert!(e.diagnostics().iter().all(|d| d.path == path));
        }
        render(&text, Lang::Fr);
        render(&text, Lang::En);
    }

    #[test]
    fn page_bodies_validate_never_panic(text in document()) {
        if let Ok(page) = parse_page(Path::new("content/pages/x.fr.md"), "pages/x".into(), Lang::Fr, &format!("---\ntitle: T\nslug: x\n---\n{text}")) {
            let _ = validate::page_bodies(&[std::sync::Arc::new(page)]);
        }
    }

    #[test]
    fn data_files_load_or_report_never_panic(text in document(), bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let path = Path::new("content/data/partners.yaml");
        let _ = yaml::parse::<PartnersFile>(path, &text);
        let _ = yaml::parse::<ActivitiesFile>(path, &format!("activities:\n  - {text}"));
        // Raw bytes: invalid UTF-8 and BOMs are reported with their position.
        if let Ok(decoded) = yaml::decode(path, bytes) {
            let _ = yaml::parse::<PartnersFile>(path, &decoded);
        }
    }
}

/// Pathological Markdown must not blow the stack or take quadratic time; these finish in
/// milliseconds (see the benchmark for timings; speed is not asserted here). Each renders,
/// and what it says reaches the page: nothing is dropped to survive.
#[test]
fn pathological_markdown_is_handled() {
    let cases = [
        ("> ".repeat(50_000) + "deep", "deep", 1),
        ("*".repeat(100_000) + "a" + &"*".repeat(100_000), "a", 1),
        ("[".repeat(50_000) + &"]".repeat(50_000), "[", 50_000),
        ("- ".repeat(20_000) + "item", "item", 1),
        // A line of backticks opens a code fence: an empty block, unclosed to the end.
        ("`".repeat(100_000), "<pre><code>", 1),
        ("<".repeat(100_000), "&lt;", 100_000),
        // French typography: a narrow no-break space before the colon.
        ("a\u{a0}:".repeat(50_000), "a\u{202f}:", 50_000),
    ];
    let resolve =
        |_: &Target, _: Option<&str>, _: Lang| Err(Broken::NoPage(markdown::NoSuchPage::default()));
    let cx = Context {
        lang: Lang::Fr,
        path: Path::new("content/pages/x.fr.md"),
        first_line: 1,
        allow_html: false,
        page: Some("fr/x/"),
        resolve: &resolve,
        shortcodes: None,
        images: None,
    };
    for (text, survivor, times) in &cases {
        let html = markdown::render(text, &cx)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .html;
        assert!(
            html.matches(survivor).count() >= *times,
            "{survivor:?} × {times} not in the page: {}…",
            html.chars().take(80).collect::<String>()
        );
        render(text, Lang::En);
    }
}
