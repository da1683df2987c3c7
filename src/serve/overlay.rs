//! The error overlay: when the site has errors, a panel over the page the browser shows
//! lists each one with its file, line, column and message (and the line it is on), while
//! the page under it stays the last good version. Everything taken from the content is
//! HTML-escaped here.

use crate::diagnostic::Diagnostic;
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

/// The overlay for `diagnostics`; `root` is where their paths are relative to, to quote the
/// line each one is on.
pub fn html(diagnostics: &[Diagnostic], root: &Path) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    let _ = write!(
        out,
        "<div id=\"passerelle-overlay\" role=\"alertdialog\" aria-labelledby=\"passerelle-overlay-title\" lang=\"en\" dir=\"ltr\">\
<style>{STYLE}</style><div class=\"passerelle-panel\">\
<h2><span id=\"passerelle-overlay-title\">Build failed: {errors} error{}</span>\
<button type=\"button\" data-passerelle-close title=\"Hide until the next change\" aria-label=\"Hide\">×</button></h2>\
<p>The preview still shows the last good version of every page. Fix the file and save: this panel goes away by itself.</p><ol>",
        if errors == 1 { "" } else { "s" }
    );
    for d in diagnostics {
        let severity = if d.is_error() { "error" } else { "warning" };
        let _ = write!(
            out,
            "<li><p><span class=\"passerelle-{severity}\">{severity}</span>: <code class=\"passerelle-location\">{}</code></p>\
<p class=\"passerelle-message\">{}</p>",
            escape(&d.location()),
            escape(&d.message)
        );
        if let Some(excerpt) = excerpt(d, root) {
            let _ = write!(out, "<pre>{}</pre>", escape(&excerpt));
        }
        if let Some(help) = &d.help {
            let _ = write!(
                out,
                "<p class=\"passerelle-help\">help: {}</p>",
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
        let html = html(&[d], dir.path());
        assert!(html.contains("Build failed: 1 error<"), "{html}");
        assert!(html.contains(">content/a.md:2:3</code>"));
        assert!(html.contains("unexpected `&lt;script&gt;` &amp; &quot;more&quot;"));
        assert!(
            html.contains("<pre>2 |   &lt;b&gt;two&lt;/b&gt;\n  |   ^</pre>"),
            "{html}"
        );
        assert!(html.contains("help: write &lt;i&gt;this&lt;/i&gt;"));
        assert!(!html.contains("<script>") && !html.contains("<b>"));
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
