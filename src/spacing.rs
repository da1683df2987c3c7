//! The check of French spacing in the sources: every French text an editor writes — the
//! `fr:` texts of the data files, the French Markdown pages (title, description and body)
//! and the French UI strings — is read as readers will see it, without its markup, and
//! each place where it breaks French spacing is a warning at the file, line and column of
//! the punctuation mark. What French spacing is, and what is not a fault (URLs, times, …),
//! is defined once, in [`crate::i18n::french_spacing_faults`]; this module only finds the
//! French texts and where each of their characters is written.
//!
//! The typesetter ([`crate::i18n::french_typography`]) already narrows a typed space at
//! render time in Markdown and data texts; the check asks for the right space in the
//! sources all the same, because UI strings are not typeset, a missing space cannot be
//! mended (`Source:` looks like `https:`), and the open data publish the texts as written.

use crate::content::data::Data;
use crate::content::{
    ACTIVITIES_FILE, CONCLUSIONS_FILE, DOMAINS_FILE, DataSources, PARTNERS_FILE, PageSource,
    STRATEGY_FILE,
};
use crate::diagnostic::{Diagnostic, line_col};
use crate::i18n::{SpacingFault, french_spacing_faults};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::path::Path;

/// What stands, in a text as readers see it, for markup that shows as one word: a code
/// span, a Fluent placeable, a footnote call, inline HTML.
const OBJECT: char = '\u{fffc}';

/// A French text as readers see it: each character with the byte offset where it is
/// written in the text checked.
#[derive(Default)]
struct Visible {
    chars: Vec<char>,
    origins: Vec<usize>,
}

impl Visible {
    fn push(&mut self, c: char, origin: usize) {
        self.chars.push(c);
        self.origins.push(origin);
    }

    /// `text`, written at `offset`, character by character.
    fn push_str(&mut self, text: &str, offset: usize) {
        for (i, c) in text.char_indices() {
            self.push(c, offset + i);
        }
    }

    /// Each fault with the byte offset of its mark.
    fn faults(&self) -> Vec<(usize, SpacingFault)> {
        french_spacing_faults(&self.chars)
            .into_iter()
            .map(|fault| (self.origins[fault.index], fault))
            .collect()
    }
}

/// A warning at `line` and `column` of `path`, saying what to write instead.
fn warning(path: &Path, (line, column): (usize, usize), fault: &SpacingFault) -> Diagnostic {
    let (message, help) = fault.message();
    Diagnostic::warning(path, message)
        .at(line, column)
        .with_help(help)
}

/// The faults of a French Markdown text (a page's body, a data text), each at its byte
/// offset in `text`. Code (spans and blocks), link and image targets, autolinks, HTML and
/// footnote calls are not prose; the text of links and images is.
pub fn markdown_faults(text: &str) -> Vec<(usize, SpacingFault)> {
    // Most texts have nothing that could be a fault once their markup is taken out; they
    // are not parsed.
    if !text.contains([';', ':', '!', '?', '«', '»']) {
        return Vec::new();
    }
    let raw: Vec<char> = text.chars().collect();
    if french_spacing_faults(&raw).is_empty() {
        return Vec::new();
    }
    // The site's Markdown, without smart punctuation: each text event is then the source's
    // own characters.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut visible = Visible::default();
    let mut in_code_block = false;
    let mut in_autolink = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => {
                in_autolink = true;
                visible.push(OBJECT, range.start);
            }
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Text(_) if in_code_block || in_autolink => {}
            Event::Text(t) => {
                if text.get(range.clone()) == Some(&*t) {
                    visible.push_str(&t, range.start);
                } else {
                    // An escape or an entity (`\:`, `&nbsp;`): its characters are all
                    // pointed at where it is written.
                    for c in t.chars() {
                        visible.push(c, range.start);
                    }
                }
            }
            // Emphasis and links are inside the text: `*Source*:` has no space before `:`.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. },
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Image,
            ) => {}
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::InlineMath(_) => visible.push(OBJECT, range.start),
            Event::SoftBreak | Event::HardBreak => visible.push('\n', range.start),
            // Every other boundary (a paragraph, a heading, a cell, a block of HTML) ends a
            // run of text.
            Event::Start(_) | Event::End(_) | Event::Html(_) | Event::DisplayMath(_)
                if visible.chars.last().is_some_and(|&c| c != '\n') =>
            {
                visible.push('\n', range.start);
            }
            _ => {}
        }
    }
    visible.faults()
}

/// Warnings for a French page: its front matter's title and description, and its body.
/// `body_faults` are those of [`markdown_faults`] on the body, which the caller keeps with
/// the page.
pub fn page(page: &PageSource, body_faults: &[(usize, SpacingFault)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let front_texts = [Some(&page.front.title), page.front.description.as_ref()];
    if front_texts
        .into_iter()
        .flatten()
        .any(|text| !markdown_faults(text).is_empty())
    {
        // The front matter starts on the file's second line, after `---`.
        for (offset, fault) in yaml_faults(
            &page.front_yaml,
            &|path| matches!(path, [key] if key == "title" || key == "description"),
        ) {
            let (line, column) = line_col(&page.front_yaml, offset);
            out.push(warning(&page.path, (line + 1, column), &fault));
        }
    }
    for (offset, fault) in body_faults {
        let (line, column) = line_col(&page.body, *offset);
        out.push(warning(
            &page.path,
            (page.body_line + line - 1, column),
            fault,
        ));
    }
    out
}

/// Warnings for the `fr:` texts of every data file. The texts are first checked as the
/// data hold them; a file is parsed again for positions only when one of its texts has a
/// fault.
pub fn data(data: &Data, sources: &DataSources) -> Vec<Diagnostic> {
    fn json(value: impl Serialize) -> serde_json::Value {
        serde_json::to_value(value).unwrap_or_default()
    }
    let files = [
        (PARTNERS_FILE, json(&data.partners)),
        (DOMAINS_FILE, json(&data.domains)),
        (
            ACTIVITIES_FILE,
            json((&data.work_plans, &data.categories, &data.activities)),
        ),
        (STRATEGY_FILE, json(&data.strategy)),
        (CONCLUSIONS_FILE, json(&data.conclusions)),
    ];
    let mut out = Vec::new();
    for (file, value) in files {
        if !has_french_fault(&value) {
            continue;
        }
        let Some(source) = sources.get(Path::new(file)) else {
            continue;
        };
        for (offset, fault) in yaml_faults(source, &|path| path.last().is_some_and(|k| k == "fr")) {
            out.push(warning(Path::new(file), line_col(source, offset), &fault));
        }
    }
    out
}

/// Whether a `fr` text of `value` (records as JSON) has a fault.
fn has_french_fault(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| match value {
            Value::String(text) if key == "fr" => !markdown_faults(text).is_empty(),
            value => has_french_fault(value),
        }),
        Value::Array(items) => items.iter().any(has_french_fault),
        _ => false,
    }
}

/// The faults of the French texts of a YAML document, each at its byte offset in
/// `source`: the scalar values whose path of keys `is_french` accepts, read as Markdown.
/// An alias (`*entity`) is the text of its anchor, checked where the anchor is written.
fn yaml_faults(source: &str, is_french: &dyn Fn(&[String]) -> bool) -> Vec<(usize, SpacingFault)> {
    // A document that does not parse has its own error.
    let Some(found) = yaml_scalars(source, is_french) else {
        return Vec::new();
    };
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut out = Vec::new();
    for YamlScalar {
        value,
        line,
        column,
        ..
    } in found
    {
        let Some(&line_start) = line_starts.get(line.wrapping_sub(1)) else {
            continue;
        };
        let start = source[line_start..]
            .char_indices()
            .nth(column)
            .map_or(source.len(), |(i, _)| line_start + i);
        let origins = scalar_origins(source, start, &value);
        for (offset, fault) in markdown_faults(&value) {
            if let Some(Some(origin)) = origins.get(offset) {
                out.push((*origin, fault));
            }
        }
    }
    out
}

/// A scalar value of a YAML document, with its path of keys (list indices as numbers) and
/// where it is written: line 1-based, column 0-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlScalar {
    pub path: Vec<String>,
    pub value: String,
    pub line: usize,
    pub column: usize,
}

/// The scalar values of `source` whose path `accept` takes, in document order; `None` when
/// the document does not parse. An alias (`*entity`) is not one: its anchor's values are,
/// where the anchor is written. Also what `crate::translations` reads the French texts of
/// the data with.
pub(crate) fn yaml_scalars(
    source: &str,
    accept: &dyn Fn(&[String]) -> bool,
) -> Option<Vec<YamlScalar>> {
    let mut scalars = FrenchScalars {
        is_french: accept,
        stack: Vec::new(),
        path: Vec::new(),
        found: Vec::new(),
    };
    let mut parser = yaml_rust2::parser::Parser::new_from_str(source);
    parser.load(&mut scalars, false).ok()?;
    Some(scalars.found)
}

/// Collects, from the parser's events, the scalar values whose path of keys (list indices
/// as numbers) `is_french` accepts.
struct FrenchScalars<'a> {
    is_french: &'a dyn Fn(&[String]) -> bool,
    /// For each open mapping, its key waiting for a value; for each open list, the index of
    /// its next item.
    stack: Vec<Container>,
    path: Vec<String>,
    found: Vec<YamlScalar>,
}

enum Container {
    Mapping(Option<String>),
    Sequence(usize),
}

impl FrenchScalars<'_> {
    /// The path segment of a value about to start in the innermost container.
    fn segment(&self) -> Option<String> {
        match self.stack.last()? {
            Container::Mapping(key) => key.clone(),
            Container::Sequence(index) => Some(index.to_string()),
        }
    }

    /// A value of the innermost container is complete.
    fn done(&mut self) {
        match self.stack.last_mut() {
            Some(Container::Mapping(key)) => *key = None,
            Some(Container::Sequence(index)) => *index += 1,
            None => {}
        }
    }

    /// Whether the next scalar of the innermost container is a key.
    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Container::Mapping(None)))
    }

    fn open(&mut self, container: Container) {
        if let Some(segment) = self.segment() {
            self.path.push(segment);
        }
        self.stack.push(container);
    }

    fn close(&mut self) {
        self.stack.pop();
        if !self.stack.is_empty() {
            self.path.pop();
        }
        self.done();
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for FrenchScalars<'_> {
    fn on_event(&mut self, event: yaml_rust2::Event, mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::Event;
        match event {
            Event::MappingStart(..) => self.open(Container::Mapping(None)),
            Event::SequenceStart(..) => self.open(Container::Sequence(0)),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            Event::Scalar(value, ..) if self.expects_key() => {
                if let Some(Container::Mapping(key)) = self.stack.last_mut() {
                    *key = Some(value);
                }
            }
            Event::Scalar(value, ..) => {
                if let Some(segment) = self.segment() {
                    self.path.push(segment);
                    if (self.is_french)(&self.path) {
                        self.found.push(YamlScalar {
                            path: self.path.clone(),
                            value,
                            line: mark.line(),
                            column: mark.col(),
                        });
                    }
                    self.path.pop();
                }
                self.done();
            }
            Event::Alias(_) if self.expects_key() => {
                if let Some(Container::Mapping(key)) = self.stack.last_mut() {
                    *key = Some(String::new());
                }
            }
            Event::Alias(_) => self.done(),
            _ => {}
        }
    }
}

/// Where each character of a YAML scalar's `value` is written in `source`, the scalar
/// starting at byte `start`: indexed by the character's byte offset in `value`. The value
/// is the source's characters but for the quotes, escapes, indentation and folded line
/// breaks, which the walk steps over; past anything else it cannot follow, the rest is
/// `None`.
fn scalar_origins(source: &str, start: usize, value: &str) -> Vec<Option<usize>> {
    let mut origins = vec![None; value.len() + 1];
    let mut pos = start;
    let quote = source[start..].chars().next();
    match quote {
        Some('"' | '\'') => pos += 1,
        // A block scalar: its text begins on the next line.
        Some('|' | '>') => {
            pos = source[start..]
                .find('\n')
                .map_or(source.len(), |i| start + i + 1)
        }
        _ => {}
    }
    let double = quote == Some('"');
    let single = quote == Some('\'');
    'value: for (offset, v) in value.char_indices() {
        while let Some(s) = source[pos..].chars().next() {
            if double && s == '\\' {
                let (decoded, len) = escape(&source[pos..]);
                pos += len;
                match decoded {
                    // A line continuation stands for nothing.
                    None => continue,
                    Some(c) if c == v => {
                        origins[offset] = Some(pos - len);
                        continue 'value;
                    }
                    Some(_) => return origins,
                }
            }
            if single && s == '\'' && v == '\'' {
                origins[offset] = Some(pos);
                pos += 2;
                continue 'value;
            }
            if s == v {
                origins[offset] = Some(pos);
                pos += s.len_utf8();
                continue 'value;
            }
            if v.is_whitespace() {
                // A line break folded into a space, or the reverse: the place is close enough.
                origins[offset] = Some(pos);
                continue 'value;
            }
            if s.is_whitespace() {
                // Indentation, or a line break folded away.
                pos += s.len_utf8();
                continue;
            }
            return origins;
        }
        return origins;
    }
    origins
}

/// The character a double-quoted YAML escape at the start of `text` stands for (`None`
/// for a line continuation), and its length in bytes.
fn escape(text: &str) -> (Option<char>, usize) {
    let mut chars = text.chars().skip(1);
    let Some(c) = chars.next() else {
        return (None, 1);
    };
    let hex = |digits: usize| -> (Option<char>, usize) {
        let code = text
            .get(2..2 + digits)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        (code.and_then(char::from_u32), 2 + digits)
    };
    match c {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        '\n' | '\r' => {
            // The line break and the next line's indentation stand for nothing.
            let rest = &text[1..];
            let skipped = rest.len() - rest.trim_start().len();
            (None, 1 + skipped)
        }
        c => {
            let decoded = match c {
                '0' => '\0',
                'a' => '\u{7}',
                'b' => '\u{8}',
                't' | '\t' => '\t',
                'n' => '\n',
                'v' => '\u{b}',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                ' ' => ' ',
                'N' => '\u{85}',
                '_' => '\u{a0}',
                'L' => '\u{2028}',
                'P' => '\u{2029}',
                c => c,
            };
            (Some(decoded), 1 + c.len_utf8())
        }
    }
}

/// Warnings for a French .ftl file: the text of every message, attribute and variant.
/// Placeables stand as one word (`{ $count } :` has an ordinary space before `:`); the
/// syntax around the text (ids, `=`, variant keys, `->`, comments) is not looked at.
pub fn ftl(path: &Path, source: &str) -> Vec<Diagnostic> {
    use fluent_syntax::ast::Entry;
    let Ok(resource) = fluent_syntax::parser::parse(source) else {
        // A file that does not parse has its own errors.
        return Vec::new();
    };
    let mut faults = Vec::new();
    for entry in &resource.body {
        let (value, attributes) = match entry {
            Entry::Message(m) => (m.value.as_ref(), &m.attributes),
            Entry::Term(t) => (Some(&t.value), &t.attributes),
            _ => continue,
        };
        for pattern in value.into_iter().chain(attributes.iter().map(|a| &a.value)) {
            pattern_faults(source, pattern, &mut faults);
        }
    }
    faults
        .into_iter()
        .map(|(offset, fault)| warning(path, line_col(source, offset), &fault))
        .collect()
}

/// The faults of a Fluent pattern and of the variants of its select expressions.
fn pattern_faults(
    source: &str,
    pattern: &fluent_syntax::ast::Pattern<&str>,
    faults: &mut Vec<(usize, SpacingFault)>,
) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    let mut visible = Visible::default();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => {
                // The parser's text is a slice of the source: its place is its address.
                let offset = (value.as_ptr() as usize).wrapping_sub(source.as_ptr() as usize);
                if offset <= source.len() {
                    visible.push_str(value, offset);
                }
            }
            PatternElement::Placeable { expression } => {
                visible.push(OBJECT, 0);
                let mut expression = expression;
                while let Expression::Inline(InlineExpression::Placeable { expression: inner }) =
                    expression
                {
                    expression = inner;
                }
                if let Expression::Select { variants, .. } = expression {
                    for variant in variants {
                        pattern_faults(source, &variant.value, faults);
                    }
                }
            }
        }
    }
    faults.extend(visible.faults());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::SpaceFound;

    /// Each fault as (line, column, mark) in `text`.
    fn at(text: &str, faults: &[(usize, SpacingFault)]) -> Vec<(usize, usize, char)> {
        faults
            .iter()
            .map(|(offset, f)| {
                let (line, column) = line_col(text, *offset);
                (line, column, f.mark)
            })
            .collect()
    }

    #[test]
    fn markdown_prose_is_checked_but_not_its_markup() {
        let text = "Titre : *Source*: [lien](https://coe.int/a?b=1) `a : b` et <https://x.org>\n\
                    \n\
                    ```\ncode : ici\n```\n\
                    \n\
                    Voir [^1] et @/pages/history.md : «oui».\n\
                    \n\
                    <span title=\"a : b\">texte</span>\n\
                    \n\
                    [^1]: Note ; suite\n";
        assert_eq!(
            at(text, &markdown_faults(text)),
            [
                (1, 7, ':'),
                (1, 17, ':'),
                (7, 33, ':'),
                (7, 35, '«'),
                (7, 39, '»'),
                (11, 12, ';'),
            ]
        );
        let fine = "Source\u{202f}: [lien](https://coe.int/a?b=1), à 10:30\u{202f}; `x : y`";
        assert_eq!(at(fine, &markdown_faults(fine)), []);
    }

    #[test]
    fn yaml_texts_are_found_where_they_are_written() {
        let source = "a:\n  - id: x\n    note: {fr: \"Source : x\", en: \"Source : x\"}\n    \
                      text:\n      fr: >-\n        Première ligne\n        : deuxième ;\n      \
                      en: a ; b\n    plain:\n      fr: Oui ! \"«non»\"\n    quoted:\n      \
                      fr: 'l''homme : x'\n    escaped:\n      fr: \"\\u00e9t\\u00e9 : x\"\n    \
                      anchored: &same\n      fr: Voir ?\n    alias: *same\n";
        let faults = yaml_faults(source, &|path| path.last().is_some_and(|k| k == "fr"));
        assert_eq!(
            at(source, &faults),
            [
                (3, 24, ':'),
                // Folded, the line break before `:` is an ordinary space.
                (7, 9, ':'),
                (7, 20, ';'),
                (10, 15, '!'),
                (10, 18, '«'),
                (10, 22, '»'),
                (12, 21, ':'),
                (14, 26, ':'),
                // An anchored text is checked once, where it is written.
                (16, 16, '?'),
            ]
        );
    }

    #[test]
    fn ftl_text_is_checked_but_not_its_syntax() {
        let source = "# Un commentaire : libre\n\
                      a = Source : { $x }\n\
                      b = { $count ->\n    \
                      [one] un : { $x }\n   \
                      *[other] { $count } : x\n  \
                      } ; fin\n    \
                      .title = Voir ?\n\
                      c = Échéance\u{202f}: { $d }, à 10:30\n\
                      d =\n    Longue\n    : ligne\n";
        let warnings = ftl(Path::new("i18n/fr/main.ftl"), source);
        let found: Vec<(usize, usize, &str)> = warnings
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, 12, "French spacing: an ordinary space before `:`"),
                (4, 14, "French spacing: an ordinary space before `:`"),
                (5, 24, "French spacing: an ordinary space before `:`"),
                (6, 5, "French spacing: an ordinary space before `;`"),
                (7, 19, "French spacing: an ordinary space before `?`"),
            ]
        );
        assert!(warnings[0].help.as_deref().unwrap().contains("U+202F"));
    }

    #[test]
    fn faults_say_what_to_write() {
        let fault = |mark, found| SpacingFault {
            index: 0,
            mark,
            found,
        };
        assert_eq!(
            fault(':', SpaceFound::Missing).message().0,
            "French spacing: no space before `:`"
        );
        assert_eq!(
            fault('«', SpaceFound::Breaking).message().0,
            "French spacing: an ordinary space after `«`"
        );
    }
}
