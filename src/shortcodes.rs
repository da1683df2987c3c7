//! Shortcodes: what an editor places in Markdown that Markdown cannot say, written as Zola
//! writes them. `{{ chart(name="countries") }}` stands for a chart, a partner list, a
//! contents list…; `{% note(kind="important") %}…{% end %}` wraps Markdown in an aside or a
//! figure. This module finds them in a text (not in code) and reads their arguments; what
//! each one is and shows is the theme's (`templates/shortcodes/NAME.html`) and the pages'
//! (`pages::shortcodes`). `{{/* chart() */}}` writes the call itself, for documentation.

use std::ops::Range;

/// One shortcode as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    /// Where the call is in the text (from `{{` or `{%` to the end of its `{% end %}`).
    pub span: Range<usize>,
    /// The Markdown between `{% name() %}` and `{% end %}`, for a shortcode with a body.
    pub body: Option<Range<usize>>,
}

/// One `name=value` argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub value: Value,
    /// Where the argument's name starts in the text.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Text(_) => "a text",
            Value::Number(_) => "a number",
            Value::Bool(_) => "true or false",
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(s) => write!(f, "\"{s}\""),
            Value::Number(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// What shows the shortcodes of a page: the site, for the theme's templates.
pub trait Show: Sync {
    /// The HTML of `call`, given its body rendered and the headings of the text it is in.
    fn show(
        &self,
        call: &Call,
        body: Option<&str>,
        headings: &[crate::markdown::Heading],
        lang: crate::lang::Lang,
    ) -> Result<Shown, Vec<Problem>>;
}

/// What a shortcode shows.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub html: String,
    /// A block (a figure, a list) stands on a line of its own, never inside a sentence.
    pub block: bool,
}

/// A call that cannot be shown: an unknown name, argument or value, at its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

/// A piece of a text: as written, a shortcode, or an escaped call to write as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(Range<usize>),
    Call(Call),
    Literal(String),
}

/// A shortcode that cannot be read, at its byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
    pub help: String,
}

const HOW: &str = "a shortcode is written `{{ name(arg=\"value\") }}`, or with a body \
                   `{% name(arg=\"value\") %}…{% end %}`; to show one as it is, write \
                   `{{/* name() */}}`";

/// Whether `text` may hold a shortcode: most texts do not, and are left alone at no cost.
pub fn may_have(text: &str) -> bool {
    text.contains("{{") || text.contains("{%")
}

/// The pieces of `text`, shortcodes read, the parts in `code` (code spans and blocks, as
/// byte ranges in order) left as written; a call that cannot be read is left as text, and
/// reported with every other.
pub fn split(text: &str, code: &[Range<usize>]) -> (Vec<Piece>, Vec<SyntaxError>) {
    let mut pieces = Vec::new();
    let mut errors = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = next_open(text, at) {
        if let Some(block) = code.iter().find(|r| r.contains(&found)) {
            at = block.end.max(found + 2);
            continue;
        }
        let opener = &text[found..found + 2];
        // `{{/* … */}}`: the call as written, without the comment marks.
        let close_escape = if opener == "{{" { "*/}}" } else { "*/%}" };
        if text[found + 2..].starts_with("/*") {
            let Some(end) = text[found..].find(close_escape).map(|e| found + e) else {
                errors.push(SyntaxError {
                    offset: found,
                    message: format!("`{opener}/*` is never closed by `{close_escape}`"),
                    help: HOW.into(),
                });
                break;
            };
            pieces.push(Piece::Text(copied..found));
            let inner = text[found + 4..end].trim();
            let (open, close) = if opener == "{{" {
                ("{{", "}}")
            } else {
                ("{%", "%}")
            };
            pieces.push(Piece::Literal(format!("{open} {inner} {close}")));
            copied = end + close_escape.len();
            at = copied;
            continue;
        }
        match read_call(text, found, code) {
            Ok(call) => {
                pieces.push(Piece::Text(copied..found));
                copied = call.span.end;
                at = copied;
                pieces.push(Piece::Call(call));
            }
            Err(error) => {
                errors.push(error);
                at = found + 2;
            }
        }
    }
    pieces.push(Piece::Text(copied..text.len()));
    pieces.retain(|p| !matches!(p, Piece::Text(r) if r.is_empty()));
    (pieces, errors)
}

fn next_open(text: &str, from: usize) -> Option<usize> {
    let rest = &text[from..];
    let a = rest.find("{{");
    let b = rest.find("{%");
    match (a, b) {
        (Some(a), Some(b)) => Some(from + a.min(b)),
        (Some(x), None) | (None, Some(x)) => Some(from + x),
        (None, None) => None,
    }
}

/// The call that starts at `start` (`{{` or `{%`), with its body for `{%`.
fn read_call(text: &str, start: usize, code: &[Range<usize>]) -> Result<Call, SyntaxError> {
    let body_call = text[start..].starts_with("{%");
    let close = if body_call { "%}" } else { "}}" };
    let mut reader = Reader {
        text,
        at: start + 2,
    };
    reader.spaces();
    let name_at = reader.at;
    let name = reader.word();
    if name.is_empty() {
        return Err(reader.error(
            name_at,
            format!(
                "expected a shortcode name after `{}`",
                &text[start..start + 2]
            ),
        ));
    }
    if body_call && name == "end" {
        return Err(reader.error(start, "`{% end %}` closes no shortcode".to_string()));
    }
    reader.spaces();
    if !reader.eat("(") {
        return Err(reader.error(
            reader.at,
            format!("expected `(` after the shortcode name `{name}`"),
        ));
    }
    let args = reader.args()?;
    reader.spaces();
    if !reader.eat(close) {
        return Err(reader.error(
            reader.at,
            format!("expected `{close}` to close the shortcode `{name}`"),
        ));
    }
    let after_open = reader.at;
    if !body_call {
        return Ok(Call {
            name,
            args,
            span: start..after_open,
            body: None,
        });
    }
    // The matching `{% end %}`, counting the bodies opened inside this one.
    let mut depth = 1;
    let mut at = after_open;
    while let Some(found) = text[at..].find("{%").map(|i| at + i) {
        if let Some(block) = code.iter().find(|r| r.contains(&found)) {
            at = block.end.max(found + 2);
            continue;
        }
        let mut inner = Reader {
            text,
            at: found + 2,
        };
        inner.spaces();
        if text[inner.at..].starts_with("/*") {
            at = found + 2;
            continue;
        }
        let word = inner.word();
        inner.spaces();
        if word == "end" && inner.eat("%}") {
            depth -= 1;
            if depth == 0 {
                return Ok(Call {
                    name,
                    args,
                    span: start..inner.at,
                    body: Some(after_open..found),
                });
            }
        } else if !word.is_empty() {
            depth += 1;
        }
        at = inner.at.max(found + 2);
    }
    Err(SyntaxError {
        offset: start,
        message: format!("the shortcode `{name}` is never closed by `{{% end %}}`"),
        help: format!(
            "end its body with `{{% end %}}` on a line of its own; a shortcode without a \
             body is written `{{{{ {name}(…) }}}}`"
        ),
    })
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Reader<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    fn spaces(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, what: &str) -> bool {
        if self.rest().starts_with(what) {
            self.at += what.len();
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> String {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        self.at += len;
        rest[..len].to_string()
    }

    fn error(&self, offset: usize, message: String) -> SyntaxError {
        SyntaxError {
            offset,
            message,
            help: HOW.into(),
        }
    }

    /// `a="x", b=2, c=true)`: the arguments up to the closing parenthesis, which is eaten.
    fn args(&mut self) -> Result<Vec<Arg>, SyntaxError> {
        let mut args: Vec<Arg> = Vec::new();
        loop {
            self.spaces();
            if self.eat(")") {
                return Ok(args);
            }
            if !args.is_empty() {
                if !self.eat(",") {
                    return Err(self.error(self.at, "expected `,` or `)` after an argument".into()));
                }
                self.spaces();
                // A comma before the closing parenthesis is forgiven.
                if self.eat(")") {
                    return Ok(args);
                }
            }
            let offset = self.at;
            let name = self.word();
            if name.is_empty() {
                return Err(self.error(
                    offset,
                    "expected an argument name, as in `name=\"value\"`".into(),
                ));
            }
            self.spaces();
            if !self.eat("=") {
                return Err(self.error(
                    self.at,
                    format!("expected `=` and a value after the argument `{name}`"),
                ));
            }
            self.spaces();
            let value = self.value()?;
            if args.iter().any(|a| a.name == name) {
                return Err(self.error(offset, format!("the argument `{name}` is given twice")));
            }
            args.push(Arg {
                name,
                value,
                offset,
            });
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        let rest = self.rest();
        if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            let inner = &rest[1..];
            let Some(end) = inner.find(quote) else {
                return Err(self.error(start, format!("this text is never closed by `{quote}`")));
            };
            self.at += end + 2;
            return Ok(Value::Text(inner[..end].to_string()));
        }
        let word = self.word();
        match word.as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => {
                // A number may have a decimal point, which `word` stops at.
                let more = self.rest();
                let fraction = if word.chars().all(|c| c.is_ascii_digit() || c == '-')
                    && more.starts_with('.')
                {
                    let digits = more[1..]
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(more.len() - 1);
                    self.at += 1 + digits;
                    &more[..1 + digits]
                } else {
                    ""
                };
                format!("{word}{fraction}")
                    .parse::<f64>()
                    .map(Value::Number)
                    .map_err(|_| {
                        self.error(
                            start,
                            "expected a value: a text in quotes, a number, true or false".into(),
                        )
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        split(text, &[])
            .0
            .into_iter()
            .filter_map(|p| match p {
                Piece::Call(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_calls_and_their_arguments() {
        let text =
            r#"Voir {{ chart(name="countries", wide=true, n=2.5) }} et {{partner(id='apple')}}."#;
        let found = calls(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "chart");
        assert_eq!(
            found[0]
                .args
                .iter()
                .map(|a| a.value.clone())
                .collect::<Vec<_>>(),
            [
                Value::Text("countries".into()),
                Value::Bool(true),
                Value::Number(2.5)
            ]
        );
        assert_eq!(
            &text[found[0].span.clone()],
            r#"{{ chart(name="countries", wide=true, n=2.5) }}"#
        );
        assert_eq!(found[1].args[0].value, Value::Text("apple".into()));
        assert_eq!(&text[found[1].args[0].offset..][..2], "id");
    }

    #[test]
    fn bodies_end_at_their_own_end() {
        let text = "{% note() %}\nA {% figure(caption=\"x\") %}img{% end %} b\n{% end %}\nafter";
        let found = calls(text);
        assert_eq!(found.len(), 1);
        let body = &text[found[0].body.clone().unwrap()];
        assert_eq!(body, "\nA {% figure(caption=\"x\") %}img{% end %} b\n");
        assert_eq!(&text[found[0].span.end..], "\nafter");
    }

    #[test]
    fn code_and_escapes_are_left_as_written() {
        let text = "`{{ chart() }}` and {{/* chart(name=\"x\") */}}";
        let code = vec![std::ops::Range { start: 0, end: 15 }];
        let pieces = split(text, &code).0;
        assert_eq!(
            pieces,
            [
                Piece::Text(0..20),
                Piece::Literal("{{ chart(name=\"x\") }}".into())
            ]
        );
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        let err = |text: &str| split(text, &[]).1[0].clone();
        let e = err("ab {{ chart(name=\"x\" }}");
        assert_eq!(e.offset, 21);
        assert!(e.message.contains("expected `,` or `)`"), "{e:?}");
        let e = err("{{ chart name=1 }}");
        assert!(e.message.contains("expected `(`"), "{e:?}");
        let e = err("{% note() %} never closed");
        assert!(e.message.contains("never closed by `{% end %}`"), "{e:?}");
        let e = err("{{ chart(name=\"x) }}");
        assert!(e.message.contains("never closed by `\"`"), "{e:?}");
        let e = err("{{ chart(a=1, a=2) }}");
        assert!(e.message.contains("given twice"), "{e:?}");
        let e = err("{{ chart(a=maybe) }}");
        assert!(e.message.contains("expected a value"), "{e:?}");
        // Every mistake of the text, not only the first.
        let (pieces, errors) = split("{{ a( }} {{ b }} {{ c() }}", &[]);
        assert_eq!(errors.len(), 2);
        assert!(matches!(&pieces[..], [Piece::Text(_), Piece::Call(c)] if c.name == "c"));
    }
}
