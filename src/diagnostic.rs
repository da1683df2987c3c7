//! Diagnostics: every problem found in user input, with the file and position it is about.
//!
//! A build collects as many diagnostics as it can before giving up, so an editor sees all
//! the mistakes of one save at once. Each carries a path relative to the project root and,
//! where the input has one, a 1-based line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based; 0 when the problem is about the whole file or line.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.as_ref().to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// The same problem, reported as a warning: what is worth a look but does not stop a
    /// build.
    pub fn into_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, column) => format!("{path}:{line}:{column}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (location, message) = (self.location(), &self.message);
        write!(
            f,
            "{label}: {}: {}",
            printable(&location),
            printable(message)
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", printable(help))?;
        }
        Ok(())
    }
}

/// `text` safe to print on a terminal: each control character (but tab and line feed)
/// shown by its picture (ESC as ␛), one character for one, so columns stay right. A file
/// name or a value holding escape sequences cannot recolour or rewrite the terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| match c {
        '\t' | '\n' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    };
    if text.chars().all(|c| shown(c) == c) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().map(shown).collect())
    }
}

/// Why a build or a load failed: the diagnostics that stopped it (at least one error),
/// or an I/O failure of the machine rather than of the content.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", render_all(.0))]
    Content(Vec<Diagnostic>),
    #[error("{}: {source}", printable(&path.display().to_string()))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The diagnostics of a content error (empty for I/O errors).
    /// The problems as diagnostics; an I/O failure becomes one error about its path.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            Error::Content(diagnostics) => diagnostics,
            Error::Io { path, source } => vec![Diagnostic::error(path, source.to_string())],
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Content(diagnostics) => diagnostics,
            Error::Io { .. } => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Content(vec![diagnostic])
    }
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics during one pass, so that a pass reports every problem it finds.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Ends the pass: an error if any diagnostic is an error, else the warnings.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>> {
        self.items.sort();
        self.items.dedup();
        if self.has_errors() {
            Err(Error::Content(self.items))
        } else {
            Ok(self.items)
        }
    }

    /// Records the error of a fallible step and gives back its value, if any.
    pub fn take<T>(&mut self, result: Result<T>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.items.extend(error.into_diagnostics());
                None
            }
        }
    }
}

/// 1-based line and column of a byte offset in `text`; columns count characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "é\nàb: c";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, text.find('b').unwrap()), (2, 2));
    }

    #[test]
    fn what_reaches_a_terminal_holds_no_control_character() {
        let d = Diagnostic::error("content/a\u{1b}[2J.fr.md", "value `\u{7}x\u{9b}`").at(2, 3);
        assert_eq!(
            d.to_string(),
            "error: content/a\u{241b}[2J.fr.md:2:3: value `\u{2407}x\u{fffd}`"
        );
        assert!(matches!(
            printable("tab\tand « é »"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::error("content/data/partners.yaml", "unknown field `nme`")
            .at(3, 5)
            .with_help("did you mean `name`?");
        assert_eq!(
            d.to_string(),
            "error: content/data/partners.yaml:3:5: unknown field `nme`\n  help: did you mean `name`?"
        );
    }
}
