//! Reading text files and YAML with errors that point at the file, line and column.
//!
//! Every YAML document of the project (config, data, front matter) goes through here, so
//! they share one way of reporting: `path:line:col: what was expected`.

use crate::diagnostic::{Diagnostic, Error, Result, line_col};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Reads `root/relative` as UTF-8 text, refusing a file that a symbolic link puts outside
/// the project (UI strings, data and config are read whole into pages and messages).
pub fn read_project_text(root: &Path, relative: &Path) -> Result<String> {
    let real = root.join(relative).canonicalize();
    let project = root.canonicalize();
    if let (Ok(real), Ok(project)) = (&real, &project)
        && !real.starts_with(project)
    {
        return Err(Diagnostic::error(
            relative,
            format!(
                "a symbolic link leads outside the project (to {})",
                real.display()
            ),
        )
        .with_help("copy the file into the project instead of linking it")
        .into());
    }
    read_text(root, relative)
}

/// Reads `root/relative` as UTF-8 text; a BOM is dropped, invalid UTF-8 is reported at the
/// first bad byte. Diagnostics name the file by its path relative to the project root.
pub fn read_text(root: &Path, relative: &Path) -> Result<String> {
    let bytes = std::fs::read(root.join(relative)).map_err(|e| {
        Error::from(Diagnostic::error(
            relative,
            format!("cannot read file: {e}"),
        ))
    })?;
    decode(relative, bytes)
}

/// Decodes file bytes as UTF-8 text, as `read_text` does. A control character (but tab and
/// line ends) is an error at its place: invisible in an editor, it would reach a page's
/// title or a terminal.
pub fn decode(relative: &Path, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            if let Some((offset, c)) = text.char_indices().find(|&(_, c)| is_forbidden_control(c)) {
                let (line, column) = line_col(&text, offset);
                return Err(Diagnostic::error(
                    relative,
                    format!("control character U+{:04X} in the text", c as u32),
                )
                .at(line, column)
                .with_help("it is invisible in most editors (pasted from elsewhere?): delete it")
                .into());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            let (line, column) = line_col(&prefix, prefix.len());
            Err(Diagnostic::error(
                relative,
                format!(
                    "invalid UTF-8 (byte 0x{:02x}); files must be saved as UTF-8",
                    bytes[valid]
                ),
            )
            .at(line, column)
            .into())
        }
    }
}

/// C0 and C1 control characters, DEL; not tab, line feed or carriage return.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// How deep `[` and `{` may nest in a YAML document: far more than any data file needs, and
/// little enough that the parser never takes long (100,000 levels took it 20 s).
const MAX_NESTING: usize = 128;

/// What [`scan`] finds wrong in a YAML text before it is parsed.
enum Unparsable {
    /// `[` or `{` nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// An escape of a double-quoted string (`\e`, `\x1b`) that makes a control character.
    ControlEscape(char),
}

/// The first place where `[` or `{` nest deeper than [`MAX_NESTING`] outside quotes and
/// comments, or where a double-quoted string writes a control character as an escape.
fn scan(text: &str) -> Option<(usize, Unparsable)> {
    let (mut depth, mut quote, mut comment) = (0usize, None, false);
    let mut previous = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (Some('"'), '\\') => {
                let Some((_, kind)) = chars.next() else { break };
                let digits = match kind {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                let escaped = match kind {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'e' => Some('\u{1b}'),
                    'f' => Some('\u{c}'),
                    'v' => Some('\u{b}'),
                    'N' => Some('\u{85}'),
                    _ if digits > 0 => {
                        let hex: String = (0..digits)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                    }
                    _ => None,
                };
                if let Some(control) = escaped.filter(|&e| is_forbidden_control(e)) {
                    return Some((i, Unparsable::ControlEscape(control)));
                }
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if previous.is_whitespace() => comment = true,
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((i, Unparsable::TooDeep));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    None
}

/// Parses a YAML document into `T`; `line_offset` is added to reported lines, for YAML that
/// starts further down a file (front matter).
pub fn parse_at<T: DeserializeOwned>(path: &Path, text: &str, line_offset: usize) -> Result<T> {
    if let Some((offset, problem)) = scan(text) {
        let (line, column) = line_col(text, offset);
        let (message, help) = match problem {
            Unparsable::TooDeep => (
                format!("brackets nest more than {MAX_NESTING} levels deep"),
                "close the lists and mappings opened above",
            ),
            Unparsable::ControlEscape(c) => (
                format!(
                    "this escape writes the control character U+{:04X}",
                    c as u32
                ),
                "a title or a text may not hold invisible control characters: delete the escape",
            ),
        };
        return Err(Diagnostic::error(path, message)
            .at(line + line_offset, column)
            .with_help(help)
            .into());
    }
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (l.line() + line_offset, l.column()));
        let message = describe(&e, line_offset);
        let mut diagnostic = Diagnostic::error(path, message.clone()).at(line, column);
        if let Some(help) = help_for(&message) {
            diagnostic = diagnostic.with_help(help);
        }
        Error::from(diagnostic)
    })
}

pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    parse_at(path, text, 0)
}

/// serde_yaml's message with its positions taken out (the diagnostic's own is where the
/// parser stopped), except the start of what it was reading when that helps: "while
/// scanning a quoted scalar that starts at line 2, column 8".
fn describe(error: &serde_yaml::Error, line_offset: usize) -> String {
    let full = error.to_string();
    let mut parts = full.split(" at line ");
    let mut message = parts.next().unwrap_or_default().to_string();
    let marks: Vec<&str> = parts.collect();
    for (i, mark) in marks.iter().enumerate() {
        // Each mark is "L column C" followed by the next piece of the message, if any.
        let mut words = mark.splitn(4, ' ');
        let (line, column) = (words.next(), words.nth(1));
        let rest = mark.find(", ").map_or("", |j| &mark[j..]);
        message.push_str(rest);
        let is_context = i + 1 == marks.len() && marks.len() > 1;
        if let (true, Some(line), Some(column)) = (is_context, line, column) {
            let line = line.parse::<usize>().map_or(0, |l| l + line_offset);
            message.push_str(&format!(" that starts at line {line}, column {column}"));
        }
    }
    if message == "EOF while parsing a value" {
        "the file is empty; expected a YAML mapping".into()
    } else {
        message
    }
}

/// A hint for the mistakes editors make most.
fn help_for(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        message.split("expected").nth(1).map(|expected| {
            format!(
                "the keys allowed here are{}",
                expected.trim_end_matches('.')
            )
        })
    } else if message.contains("did not find expected key")
        || message.contains("mapping values are not allowed")
    {
        Some("check the indentation and quote text that contains ': '".into())
    } else if message.contains("repetition limit exceeded") {
        Some("the file expands YAML aliases too many times; write the values out".into())
    } else {
        None
    }
}

/// Where each value and key of a YAML document is written, from a parser that keeps them
/// (serde's does not): to point a message at the field at fault rather than at a search
/// for its text, which finds the same words in a comment or another record.
pub struct Spans(Option<marked_yaml::Node>);

/// The [`Spans`] of a text, worked out the first time they are needed: most builds have no
/// problem to point at, and parsing a data file again costs as much as loading it.
pub struct LazySpans<'a> {
    text: &'a str,
    spans: std::cell::OnceCell<Spans>,
}

impl<'a> LazySpans<'a> {
    pub fn new(text: &'a str) -> Self {
        LazySpans {
            text,
            spans: std::cell::OnceCell::new(),
        }
    }

    pub fn get(&self) -> &Spans {
        self.spans.get_or_init(|| Spans::parse(self.text))
    }

    /// Line and column of the first place `words` are written in the text.
    pub fn find(&self, words: &str) -> Option<(usize, usize)> {
        let offset = self.text.find(words)?;
        Some(crate::diagnostic::line_col(self.text, offset))
    }
}

impl Spans {
    /// The positions of `text`; none when it does not parse (its error says where).
    pub fn parse(text: &str) -> Spans {
        Spans(marked_yaml::parse_yaml(0, text).ok())
    }

    /// Whether the text parsed: the parser behind the spans refuses YAML anchors, which
    /// serde's accepts, and then no position can be told.
    pub fn parsed(&self) -> bool {
        self.0.is_some()
    }

    /// The node at `path` (keys of mappings, indices of lists).
    fn node(&self, path: &[String]) -> Option<&marked_yaml::Node> {
        let mut node = self.0.as_ref()?;
        for segment in path {
            node = match node {
                marked_yaml::Node::Mapping(map) => map.get_node(segment)?,
                marked_yaml::Node::Sequence(items) => items.get_node(segment.parse().ok()?)?,
                marked_yaml::Node::Scalar(_) => return None,
            };
        }
        Some(node)
    }

    /// Line and column where the value at `path` starts; an empty value (`key:` with
    /// nothing after it, which the parser places where the next token is) is found at
    /// its key.
    pub fn value(&self, path: &[String]) -> Option<(usize, usize)> {
        let node = self.node(path)?;
        let start = node.span().start().filter(|s| s.line() > 0);
        let start = start.map(|s| (s.line(), s.column()));
        let empty = node.as_scalar().is_some_and(|s| s.as_str().is_empty());
        match (start, self.key(path)) {
            // `""` starts on its key's line; nothing at all "starts" at the next token.
            (Some(at), Some(key)) if empty && at.0 != key.0 => Some(key),
            (Some(at), _) => Some(at),
            (None, key) => key,
        }
    }

    /// Line and column of the key that the last segment of `path` names.
    pub fn key(&self, path: &[String]) -> Option<(usize, usize)> {
        let (last, parent) = path.split_last()?;
        let marked_yaml::Node::Mapping(map) = self.node(parent)? else {
            return None;
        };
        let (key, _) = map.iter().find(|(k, _)| k.as_str() == last)?;
        let start = key.span().start()?;
        Some((start.line(), start.column()))
    }
}

/// Line and column of the top-level `key:` in a YAML text, or (0, 0): for diagnostics about a
/// value that parsed but is not acceptable.
pub fn key_position(text: &str, key: &str) -> (usize, usize) {
    // A dotted key (`report.website`) is looked for in the block of its parent.
    let mut lines = text.lines().enumerate().peekable();
    let mut indent = 0;
    let mut found = (0, 0);
    for (depth, part) in key.split('.').enumerate() {
        let hit = lines.by_ref().find_map(|(i, line)| {
            let trimmed = line.trim_start();
            let at = line.len() - trimmed.len();
            let names = trimmed
                .strip_prefix(part)
                .is_some_and(|rest| rest.trim_start().starts_with(':'));
            (((depth == 0 && at == 0) || (depth > 0 && at > indent)) && names).then_some((i, at))
        });
        let Some((i, at)) = hit else {
            return (0, 0);
        };
        indent = at;
        found = (i + 1, at + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_deep_nesting_are_refused_where_they_are() {
        let e = decode(
            Path::new("a.yaml"),
            b"title: ok\nname: A\x1b[31mB\n".to_vec(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "error: a.yaml:2:8: control character U+001B in the text"
        );
        assert!(decode(Path::new("a"), "tab\there\r\n« é »".as_bytes().to_vec()).is_ok());
        let deep = format!("a: {}", "[".repeat(100_000));
        let e = parse::<serde_yaml::Value>(Path::new("d.yaml"), &deep).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("error: d.yaml:1:132: brackets nest"),
            "{e}"
        );
        let quoted = format!(
            "a: '{}'\nb: \"{}\" # {}\n",
            "[".repeat(200),
            "{".repeat(200),
            "[".repeat(200)
        );
        assert!(parse::<serde_yaml::Value>(Path::new("q.yaml"), &quoted).is_ok());
        for escape in ["\\e", "\\x1B", "\\u0007", "\\N", "\\0"] {
            let text = format!("title: \"Rouge {escape}[31m\"\n");
            let e = parse::<serde_yaml::Value>(Path::new("t.yaml"), &text).unwrap_err();
            assert!(
                e.to_string()
                    .starts_with("error: t.yaml:1:15: this escape writes the control character"),
                "{escape}: {e}"
            );
        }
        assert!(
            parse::<serde_yaml::Value>(Path::new("t.yaml"), "t: \"a\\tb \\u00e9 \\\"\\\\ \\_\"\n")
                .is_ok()
        );
    }

    #[test]
    fn spans_find_values_and_keys_by_path_not_by_text() {
        let text = "# partners: [apple]\npartners:\n  - id: apple\n    sector: {fr: A, en: \"\"}\n    note:\n  - id: bt\n    partners: [apple, bt]\n";
        let spans = Spans::parse(text);
        let path = |steps: &[&str]| steps.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(spans.value(&path(&["partners", "0", "id"])), Some((3, 9)));
        assert_eq!(
            spans.value(&path(&["partners", "0", "sector", "en"])),
            Some((4, 25))
        );
        assert_eq!(
            spans.key(&path(&["partners", "1", "partners"])),
            Some((7, 5))
        );
        assert_eq!(
            spans.value(&path(&["partners", "1", "partners", "1"])),
            Some((7, 23))
        );
        // An empty value is found at its key.
        assert_eq!(spans.value(&path(&["partners", "0", "note"])), Some((5, 5)));
        assert_eq!(spans.value(&path(&["partners", "2"])), None);
        assert_eq!(Spans::parse("a: [").value(&path(&["a"])), None);
    }

    #[test]
    fn keys_are_found_in_their_block() {
        let text =
            "title: x\nwebsite: top\nreport:\n  place: S\n  website: w\nother:\n  website: z\n";
        assert_eq!(key_position(text, "website"), (2, 1));
        assert_eq!(key_position(text, "report.website"), (5, 3));
        assert_eq!(key_position(text, "report.email"), (0, 0));
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        count: u32,
    }

    fn err(text: &str) -> Diagnostic {
        parse::<Sample>(Path::new("s.yaml"), text)
            .unwrap_err()
            .diagnostics()[0]
            .clone()
    }

    #[test]
    fn unknown_key_has_position_and_help() {
        let d = err("name: a\ncount: 1\nnmae: b\n");
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.message.contains("unknown field `nmae`"), "{}", d.message);
        assert!(d.help.unwrap().contains("`name`"));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let d = err("name: a\ncount: many\n");
        assert_eq!((d.line, d.column), (2, 8));
        assert!(
            d.message.contains("invalid type: string \"many\""),
            "{}",
            d.message
        );
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let e = decode(Path::new("x.md"), b"ok\nab\xff".to_vec()).unwrap_err();
        let d = &e.diagnostics()[0];
        assert_eq!((d.line, d.column), (2, 3));
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(
            decode(Path::new("x"), b"\xef\xbb\xbfa".to_vec()).unwrap(),
            "a"
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for i in 1..9 {
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n",
                p = if i == 1 {
                    String::new()
                } else {
                    (i - 1).to_string()
                }
            ));
        }
        let e = parse::<serde_yaml::Value>(Path::new("b.yaml"), &text).unwrap_err();
        assert!(e.to_string().contains("repetition limit exceeded"), "{e}");
    }
}
