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
    let mut ids = BTreeMap::new();
    let mut problems = Vec::new();
    for entry in resource.body {
        let id = match entry {
            Entry::Message(m) => m.id.name.to_string(),
            Entry::Term(t) => format!("-{}", t.id.name),
            _ => continue,
        };
        let offset = definition_offset(source, &id);
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

fn definition_offset(source: &str, id: &str) -> usize {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(id)
            && rest.trim_start().starts_with('=')
        {
            return offset;
        }
        offset += line.len();
    }
    0
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
