//! Reading text files and YAML with errors that point at the file, line and column.
//!
//! Every YAML document of the project (config, data, front matter) goes through here, so
//! they share one way of reporting: `path:line:col: what was expected`.

use crate::diagnostic::{Diagnostic, Error, Result, line_col};
use serde::de::DeserializeOwned;
use std::path::Path;

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

/// Decodes file bytes as UTF-8 text, as `read_text` does.
pub fn decode(relative: &Path, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
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

/// Parses a YAML document into `T`; `line_offset` is added to reported lines, for YAML that
/// starts further down a file (front matter).
pub fn parse_at<T: DeserializeOwned>(path: &Path, text: &str, line_offset: usize) -> Result<T> {
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
