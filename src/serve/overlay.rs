//! The error overlay: when the site has errors, a panel over the page the browser shows
//! lists each one with its file, line, column and message (and the line it is on), while
//! the page under it stays the last good version. Everything taken from the content is
//! HTML-escaped here.
//!
//! The panel speaks the language of the page under it: its own words (title, explanation,
//! button, `error:`, `help:`) come from the project's UI strings (`preview-*` in
//! `i18n/{lang}/*.ftl`). Those files may be what is broken, so when a language's strings
//! cannot be read the panel uses words built in here, in English: it always shows. The
//! diagnostics are the tool's own messages and stay as they are.

use crate::diagnostic::Diagnostic;
use crate::i18n::I18n;
use crate::lang::{Lang, Localized};
use fluent_bundle::FluentArgs;
use std::fmt::Write;
use std::path::Path;

pub use crate::render::escape;

const STYLE: &str = "#passerelle-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgb(20 20 28/.72);padding:4vh 4vw;box-sizing:border-box;font:16px/1.5 system-ui,sans-serif;\
color:#1b1b1f;text-align:left}\
#passerelle-overlay .passerelle-panel{max-width:60rem;margin:0 auto;background:#fff;border-top:6px solid #c4122f;\
border-radius:6px;padding:1.25rem 1.5rem;box-shadow:0 1rem 3rem rgb(0 0 0/.4)}\
#passerelle-overlay h2{font-size:1.3rem;margin:0 0 .4rem;color:#a00e27;display:flex;justify-content:space-between;gap:1rem}\
#passerelle-overlay button{font:inherit;font-size:1.2rem;line-height:1;border:1px solid #999;background:#f4f4f6;\
border-radius:4px;padding:.2rem .55rem;cursor:pointer;color:#1b1b1f}\
#passerelle-overlay ol{list-style:none;margin:1rem 0 0;padding:0}\
#passerelle-overlay li{border-top:1px solid #ddd;padding:.8rem 0}\
#passerelle-overlay .passerelle-location{font:600 1rem/1.4 ui-monospace,monospace;color:#1b1b1f}\
#passerelle-overlay .passerelle-error{color:#a00e27;font-weight:700}\
#passerelle-overlay .passerelle-warning{color:#8a5300;font-weight:700}\
#passerelle-overlay .passerelle-message{margin:.2rem 0;white-space:pre-wrap}\
#passerelle-overlay pre{margin:.4rem 0;padding:.5rem .75rem;background:#f4f4f6;border-radius:4px;\
font:.9rem/1.45 ui-monospace,monospace;overflow-x:auto;white-space:pre}\
#passerelle-overlay .passerelle-help{margin:.2rem 0;color:#2b4a8b}\
#passerelle-overlay p{margin:.2rem 0}";

/// The words of the panel itself, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// The language they are in, for the panel's `lang`.
    pub lang: Lang,
    /// "Build failed: 2 errors".
    pub title: String,
    pub explanation: String,
    /// The close button's name, and its tooltip.
    pub hide: String,
    pub hide_title: String,
    /// The labels before a diagnostic's location and before its help, colon included.
    pub error: String,
    pub warning: String,
    pub help: String,
}

impl Words {
    /// The built-in words, in English (as `i18n/en/main.ftl` has them): for a language
    /// whose UI strings cannot be read.
    pub fn english(errors: usize) -> Words {
        Words {
            lang: Lang::En,
            title: format!(
                "Build failed: {errors} error{}",
                if errors == 1 { "" } else { "s" }
            ),
            explanation: "The preview still shows the last good version of every page. \
                          Fix the file and save: this panel goes away by itself."
                .into(),
            hide: "Hide".into(),
            hide_title: "Hide until the next change".into(),
            error: "error:".into(),
            warning: "warning:".into(),
            help: "help:".into(),
        }
    }

    /// The words of the project's UI strings in `lang`; `None` when one of them is
    /// missing or does not format.
    pub fn from_ui_strings(i18n: &I18n, lang: Lang, errors: usize) -> Option<Words> {
        let word = |id: &str| i18n.message(lang, id, None).ok();
        let mut count = FluentArgs::new();
        count.set("errors", errors);
        Some(Words {
            lang,
            title: i18n.message(lang, "preview-failed", Some(&count)).ok()?,
            explanation: word("preview-failed-explanation")?,
            hide: word("preview-hide")?,
            hide_title: word("preview-hide.title")?,
            error: word("preview-error")?,
            warning: word("preview-warning")?,
            help: word("preview-help")?,
        })
    }

    /// The words for a page in `lang`, from the UI strings of the project at `root` when
    /// they can be read, else built in.
    pub fn for_page(root: &Path, lang: Lang, errors: usize) -> Words {
        // One language at a time: broken English strings leave the French panel French.
        I18n::load(root, &[lang])
            .ok()
            .and_then(|i18n| Words::from_ui_strings(&i18n, lang, errors))
            .unwrap_or_else(|| Words::english(errors))
    }
}

/// The overlay for `diagnostics` over a page in each language; `root` is the project, where
/// the diagnostics' paths are relative to (to quote the line each one is on) and the UI
/// strings are read from.
pub fn localized(diagnostics: &[Diagnostic], root: &Path) -> Localized<String> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let in_lang = |lang| html(diagnostics, root, &Words::for_page(root, lang, errors));
    Localized {
        fr: in_lang(Lang::Fr),
        en: in_lang(Lang::En),
    }
}

/// The overlay for `diagnostics`, in `words`; `root` is where their paths are relative to,
/// to quote the line each one is on.
pub fn html(diagnostics: &[Diagnostic], root: &Path, words: &Words) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<div id=\"passerelle-overlay\" role=\"alertdialog\" aria-labelledby=\"passerelle-overlay-title\" lang=\"{}\" dir=\"ltr\">\
<style>{STYLE}</style><div class=\"passerelle-panel\">\
<h2><span id=\"passerelle-overlay-title\">{}</span>\
<button type=\"button\" data-passerelle-close title=\"{}\" aria-label=\"{}\">×</button></h2>\
<p>{}</p><ol>",
        words.lang,
        escape(&words.title),
        escape(&words.hide_title),
        escape(&words.hide),
        escape(&words.explanation),
    );
    for d in diagnostics {
        let (severity, label) = if d.is_error() {
            ("error", &words.error)
        } else {
            ("warning", &words.warning)
        };
        let _ = write!(
            out,
            "<li><p><span class=\"passerelle-{severity}\">{}</span> <code class=\"passerelle-location\">{}</code></p>\
<p class=\"passerelle-message\">{}</p>",
            escape(label),
            escape(&d.location()),
            escape(&d.message)
        );
        if let Some(excerpt) = excerpt(d, root) {
            let _ = write!(out, "<pre>{}</pre>", escape(&excerpt));
        }
        if let Some(help) = &d.help {
            let _ = write!(
                out,
                "<p class=\"passerelle-help\">{} {}</p>",
                escape(&words.help),
                escape(help)
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></div></div>");
    out
}

/// How much of a long line the overlay quotes: Markdown paragraphs are often one line.
const EXCERPT_WIDTH: usize = 80;

/// The line a diagnostic points at, with a caret under its column, as a compiler shows it;
/// a long line is cut around the column.
fn excerpt(d: &Diagnostic, root: &Path) -> Option<String> {
    if d.line == 0 {
        return None;
    }
    let text = std::fs::read_to_string(root.join(&d.path)).ok()?;
    let chars: Vec<char> = text.lines().nth(d.line - 1)?.trim_end().chars().collect();
    let column = d.column.saturating_sub(1).min(chars.len());
    let start = if chars.len() <= EXCERPT_WIDTH {
        0
    } else {
        column
            .saturating_sub(EXCERPT_WIDTH / 3)
            .min(chars.len() - EXCERPT_WIDTH)
    };
    let end = (start + EXCERPT_WIDTH).min(chars.len());
    let mut shown: Vec<char> = Vec::with_capacity(end - start + 2);
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let number = d.line.to_string();
    let mut out = format!("{number} | {}", shown.iter().collect::<String>());
    if d.column > 0 {
        let caret_at = column - start + usize::from(start > 0);
        // Keep tabs as tabs, so the caret lines up under them too.
        let before: String = shown[..caret_at.min(shown.len())]
            .iter()
            .map(|&c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = write!(out, "\n{} | {before}^", " ".repeat(number.len()));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_escaped_and_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "one\n  <b>two</b>\n").unwrap();
        let d = Diagnostic::error("content/a.md", "unexpected `<script>` & \"more\"")
            .at(2, 3)
            .with_help("write <i>this</i>");
        let html = html(&[d], dir.path(), &Words::english(1));
        assert!(html.contains("Build failed: 1 error<"), "{html}");
        assert!(html.contains("lang=\"en\""), "{html}");
        assert!(html.contains(">content/a.md:2:3</code>"));
        assert!(html.contains("unexpected `&lt;script&gt;` &amp; &quot;more&quot;"));
        assert!(
            html.contains("<pre>2 |   &lt;b&gt;two&lt;/b&gt;\n  |   ^</pre>"),
            "{html}"
        );
        assert!(html.contains("help: write &lt;i&gt;this&lt;/i&gt;"));
        assert!(!html.contains("<script>") && !html.contains("<b>"));
    }

    fn repository_strings(lang: Lang) -> I18n {
        I18n::load(Path::new(env!("CARGO_MANIFEST_DIR")), &[lang]).unwrap()
    }

    #[test]
    fn the_built_in_words_are_the_english_strings() {
        let en = repository_strings(Lang::En);
        for errors in [1, 3] {
            assert_eq!(
                Words::from_ui_strings(&en, Lang::En, errors),
                Some(Words::english(errors))
            );
        }
    }

    #[test]
    fn a_french_page_gets_a_french_panel() {
        let fr = repository_strings(Lang::Fr);
        let words = Words::from_ui_strings(&fr, Lang::Fr, 2).unwrap();
        assert_eq!(words.title, "Échec de la construction\u{202f}: 2 erreurs");
        let d = Diagnostic::warning("content/a.md", "image without alt text").with_help("say it");
        let html = html(&[d], Path::new("."), &words);
        assert!(html.contains("lang=\"fr\""), "{html}");
        assert!(
            html.contains(
                "title=\"Masquer jusqu’à la prochaine modification\" aria-label=\"Masquer\""
            ),
            "{html}"
        );
        assert!(html.contains(">avertissement\u{202f}:</span>"), "{html}");
        assert!(html.contains(">aide\u{202f}: say it</p>"), "{html}");
        assert!(
            html.contains("image without alt text"),
            "the message stays the tool's"
        );
    }

    #[test]
    fn broken_or_missing_strings_give_the_built_in_english() {
        let dir = tempfile::tempdir().unwrap();
        let strings = |lang: &str, text: &str| {
            std::fs::create_dir_all(dir.path().join("i18n").join(lang)).unwrap();
            std::fs::write(dir.path().join("i18n").join(lang).join("main.ftl"), text).unwrap();
        };
        strings("fr", "preview-failed = { $errors ->\n");
        strings("en", "home = Home\n");
        assert_eq!(Words::for_page(dir.path(), Lang::Fr, 1), Words::english(1));
        assert_eq!(Words::for_page(dir.path(), Lang::En, 1), Words::english(1));
        let panels = localized(
            &[Diagnostic::error("i18n/fr/main.ftl", "expected `}`")],
            dir.path(),
        );
        assert!(panels.fr.contains("lang=\"en\"") && panels.fr.contains("Build failed: 1 error<"));
        // The French strings read, the French panel is French even if the English ones are broken.
        let fr =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n/fr/main.ftl"))
                .unwrap();
        strings("fr", &fr);
        strings("en", "preview-failed = {\n");
        assert_eq!(Words::for_page(dir.path(), Lang::Fr, 1).lang, Lang::Fr);
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let line = format!("{}ERREUR{}", "a".repeat(300), "b".repeat(300));
        std::fs::write(dir.path().join("p.md"), &line).unwrap();
        let d = Diagnostic::error("p.md", "here").at(1, 301);
        let quoted = excerpt(&d, dir.path()).unwrap();
        let (text, caret) = quoted.split_once('\n').unwrap();
        assert!(
            text.starts_with("1 | …a") && text.ends_with("b…"),
            "{quoted}"
        );
        assert_eq!(text.chars().count(), "1 | ".len() + 82);
        let at = caret.chars().position(|c| c == '^').unwrap();
        assert_eq!(text.chars().skip(at).take(6).collect::<String>(), "ERREUR");
    }
}
