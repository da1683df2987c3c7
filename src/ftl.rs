//! Fluent source checks shared by `build.rs` and the runtime loader: does an .ftl file parse,
//! and which message ids does it define. Kept free of crate dependencies other than
//! fluent-syntax so `build.rs` can include it as is.

use std::collections::BTreeMap;

/// A problem in an .ftl file, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtlProblem {
    pub offset: usize,
    pub message: String,
}

/// The message and term ids an .ftl source defines, each with the byte offset of its
/// definition; or every parse error in it.
pub fn message_ids(source: &str) -> Result<BTreeMap<String, usize>, Vec<FtlProblem>> {
    use fluent_syntax::ast::Entry;
    let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| {
        errors
            .into_iter()
            .map(|e| FtlProblem {
                offset: e.pos.start,
                message: format!("Fluent syntax error: {}", e.kind),
            })
            .collect::<Vec<_>>()
    })?;
    // Definitions start a line with their id, in the order of the entries: one pass over
    // the lines pairs each entry with its own line, a duplicate's included.
    let mut lines = definition_lines(source);
    let mut ids = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in resource.body {
        let id = match entry {
            Entry::Message(m) => m.id.name.to_string(),
            Entry::Term(t) => format!("-{}", t.id.name),
            _ => continue,
        };
        let offset = lines
            .find(|(defined, _)| *defined == id)
            .map_or(0, |(_, offset)| offset);
        if ids.insert(id.clone(), offset).is_some() {
            problems.push(FtlProblem {
                offset,
                message: format!("message `{id}` is defined twice"),
            });
        }
    }
    if problems.is_empty() {
        Ok(ids)
    } else {
        Err(problems)
    }
}

/// Each line that reads `id =` or `-term =`, as the id and the line's byte offset.
fn definition_lines(source: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut offset = 0;
    source.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let (id, _) = line.split_once('=')?;
        let id = id.trim_end();
        let name = id.strip_prefix('-').unwrap_or(id);
        let is_id = name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        is_id.then_some((id, start))
    })
}

/// Ids defined in `a` but not in `b`.
pub fn missing_ids<'a>(
    a: &'a BTreeMap<String, usize>,
    b: &BTreeMap<String, usize>,
) -> Vec<(&'a str, usize)> {
    a.iter()
        .filter(|(id, _)| !b.contains_key(*id))
        .map(|(id, offset)| (id.as_str(), *offset))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_definition_has_its_own_offset_duplicates_too() {
        let source = "# a = comment\nhello = Bonjour\n    .title = Titre\n-brand = Passerelle\nbye = { -brand }\nhello = Encore\n";
        let problems = message_ids(source).unwrap_err();
        assert_eq!(
            problems,
            [FtlProblem {
                offset: source.rfind("hello").unwrap(),
                message: "message `hello` is defined twice".into(),
            }]
        );
        let ids = message_ids(&source[..source.rfind("hello").unwrap()]).unwrap();
        let at = |what: &str| source.find(what).unwrap();
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            [
                ("-brand".to_string(), at("-brand =")),
                ("bye".to_string(), at("bye")),
                ("hello".to_string(), at("hello")),
            ]
        );
    }
}
