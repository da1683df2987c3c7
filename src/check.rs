//! `passerelle check`: validates the whole project without writing anything and reports
//! every problem of one run, as a compiler does (`error:`, `--> path:line:col`, the source
//! line with a caret, `help:`), or as JSON for editors and tools.
//!
//! It goes further than a build would before stopping: problems between valid files (an
//! unknown id, a missing translation, a duplicate URL) do not stop it from rendering every
//! page in memory, so broken links and template errors are reported in the same run.

use crate::diagnostic::{Diagnostic, Severity};
use crate::{BuildOptions, Site};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use std::path::Path;

/// Everything `check` found, errors first, then by file and position.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        CheckReport {
            errors,
            warnings: diagnostics.len() - errors,
            diagnostics,
        }
    }
}

/// Loads, validates and renders the project in memory.
pub fn check(options: &BuildOptions) -> CheckReport {
    let site = match Site::load_for_check(options) {
        Ok(site) => site,
        Err(error) => return CheckReport::new(error.into_diagnostics()),
    };
    let rendered = site.render_into(&crate::render::Discard);
    match site.settle(rendered) {
        Ok((_, warnings)) => CheckReport::new(warnings),
        Err(error) => CheckReport::new(error.into_diagnostics()),
    }
}

/// The report as a person reads it: each diagnostic with the line it is about (read from
/// `root`), then a summary line.
pub fn render_human(report: &CheckReport, root: &Path) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let source = std::fs::read_to_string(root.join(&diagnostic.path)).ok();
        out.push_str(&renderer.render(&annotated(diagnostic, source.as_deref())));
        out.push_str("\n\n");
    }
    out.push_str(&summary(report));
    out.push('\n');
    // File names, values and source lines may hold control characters: none reaches the
    // terminal (the renderer is plain, so this takes out no colour of its own).
    crate::diagnostic::printable(&out).into_owned()
}

/// One diagnostic as annotate-snippets draws it: with its source line and a caret under
/// the column when the file and position are known, else with the path alone.
fn annotated<'a>(diagnostic: &'a Diagnostic, source: Option<&'a str>) -> Vec<Group<'a>> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = diagnostic.path.to_string_lossy();
    let line_text = source.and_then(|text| text.lines().nth(diagnostic.line.checked_sub(1)?));
    let title = level.primary_title(diagnostic.message.as_str());
    let mut group = match line_text {
        Some(text) => {
            let start = byte_of_column(text, diagnostic.column);
            let end = end_of_token(text, start);
            title.element(
                Snippet::source(text)
                    .line_start(diagnostic.line)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        None => {
            let mut origin = Origin::path(path);
            if diagnostic.line > 0 {
                origin = origin.line(diagnostic.line);
                if diagnostic.column > 0 {
                    origin = origin.char_column(diagnostic.column);
                }
            }
            title.element(origin)
        }
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    vec![group]
}

/// The byte offset of a 1-based character column (0 means the start of the line).
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// Where the word or value starting at `start` ends, so the caret underlines all of it.
fn end_of_token(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    // A Markdown link or image: the whole `[text](target)`.
    if (rest.starts_with('[') || rest.starts_with("!["))
        && let Some(target) = rest.find("](")
        && let Some(close) = rest[target..].find(')')
    {
        return start + target + close + 1;
    }
    let len = rest
        .find(|c: char| c.is_whitespace() || ",:]}".contains(c))
        .unwrap_or(rest.len());
    // At least one caret, even under a space or the end of the line.
    start + len.max(rest.chars().next().map_or(0, char::len_utf8))
}

pub fn summary(report: &CheckReport) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if report.diagnostics.is_empty() {
        "check: no problems found".into()
    } else {
        format!(
            "check: {}, {}",
            plural(report.errors, "error"),
            plural(report.warnings, "warning")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_line_and_a_caret_under_the_value() {
        let d = Diagnostic::error("content/data/activities.yaml", "unknown partner `micrsoft`")
            .at(2, 16)
            .with_help("did you mean `microsoft`?");
        let source = "activities:\n  - partners: [micrsoft, ibm]\n";
        let text = Renderer::plain().render(&annotated(&d, Some(source)));
        assert_eq!(
            text,
            "error: unknown partner `micrsoft`\n \
             --> content/data/activities.yaml:2:16\n  \
             |\n\
             2 |   - partners: [micrsoft, ibm]\n  \
             |                ^^^^^^^^\n  \
             |\n  \
             = help: did you mean `microsoft`?"
        );
    }

    #[test]
    fn without_a_position_names_the_file() {
        let d = Diagnostic::warning("content/pages/a.fr.md", "no English version");
        let text = Renderer::plain().render(&annotated(&d, None));
        assert_eq!(
            text,
            "warning: no English version\n--> content/pages/a.fr.md"
        );
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(byte_of_column("é: x", 4), 4);
        assert_eq!(end_of_token("é: x", 4), 5);
        assert_eq!(end_of_token("abc", 3), 3);
        let link = "See [the history](@/pages/history.md).";
        assert_eq!(
            &link[4..end_of_token(link, 4)],
            "[the history](@/pages/history.md)"
        );
    }
}
