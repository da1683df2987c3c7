//! Markdown to HTML with pulldown-cmark: tables, footnotes, heading anchors, smart
//! punctuation and French typography per language, internal `@/…` links resolved to the
//! right language's URL, raw HTML and dangerous URLs neutralised.

use crate::diagnostic::{Diagnostic, line_col};
use crate::i18n::{french_typography, needs_french_typography};
use crate::lang::Lang;
use crate::links::{Broken, Origin, Resolve, Target};
use crate::shortcodes::{self, Piece};
use crate::urls::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

/// What a Markdown text needs from the site to render.
pub struct Context<'a> {
    pub lang: Lang,
    /// The file the text comes from, and the line its first line is on, for diagnostics.
    pub path: &'a Path,
    pub first_line: usize,
    pub allow_html: bool,
    /// The site path of the page the text is shown on (`fr/a-propos/`), for the links it
    /// writes relative to that page; `None` for a text shown on several pages.
    pub page: Option<&'a str>,
    /// Checks the links to the site and gives their URLs.
    pub resolve: &'a dyn Resolve,
    /// Shows the shortcodes of a page's text; `None` where a text is not a page's (a data
    /// text), which then shows `{{ … }}` as written.
    pub shortcodes: Option<&'a dyn crate::shortcodes::Show>,
    /// Makes the `<img>` of an image of the site; without it, images stay as written.
    pub images: Option<&'a dyn Images>,
}

/// What a Markdown image that names a file of the site becomes (see `render::media`).
pub trait Images: Sync {
    /// The attributes of the `<img>` of the image `dest`, but its `alt`, as written in the
    /// text of the file `path` at `line` and `column`; `Ok(None)` for an image of another
    /// site, left as written; an error where the image is not one the site can show.
    fn image(
        &self,
        path: &Path,
        dest: &str,
        line: usize,
        column: usize,
    ) -> Result<Option<String>, Diagnostic>;
}

/// An internal link target that names no page in the text's language, with what it
/// probably meant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoSuchPage {
    /// The target of a page that exists a small edit away, written as the link wrote its
    /// own (`pages/faq.md` for `pages/faqs.md`, `partners/apple` for `partners/aple`).
    pub nearest: Option<String>,
}

impl NoSuchPage {
    /// What `target` probably meant among the page keys of its language, `known`.
    pub fn among<'k>(target: &str, known: impl IntoIterator<Item = &'k str>) -> NoSuchPage {
        let known: BTreeSet<&str> = known.into_iter().collect();
        let key = link_key(target);
        // The key as the link spelt it, to give the suggestion the same prefix and suffix.
        let start = target.len() - target.trim_start_matches(LINK_ROOT).len();
        let end = start + key.len();
        NoSuchPage {
            nearest: crate::validate::nearest(key, &known)
                .map(|near| format!("{}{near}{}", &target[..start], &target[end..])),
        }
    }
}

/// How an internal link names a page, for the help of one that names none.
const HOW_LINKS_ARE_WRITTEN: &str = "a link to the site names a content file, e.g. \
     `@/pages/about.md`, a page made from the data, e.g. `@/partners/ID` or `@/activities/ID`, \
     or an address from the site's root, e.g. `/fr/partenaires/`";

/// The folder internal link targets may start with, as the content's own paths do.
const LINK_ROOT: &str = "content/";

/// A heading of the rendered text, for tables of contents and anchor checks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Renders `text`; every broken internal link is reported, with its line.
pub fn render(text: &str, cx: &Context) -> Result<Rendered, Vec<Diagnostic>> {
    if let Some(show) = cx.shortcodes.filter(|_| shortcodes::may_have(text)) {
        return render_with_shortcodes(text, cx, show);
    }
    let (events, images) = events(text, cx)?;
    let mut events = place_images(events, &images, cx.lang, true);
    let headings = anchor_headings(&mut events);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok(Rendered { html, headings })
}

/// Renders a text with shortcodes: each call is set aside for a mark that Markdown leaves
/// alone (a private-use character and its number), the text is rendered, then each mark is
/// replaced by what its shortcode shows, a whole paragraph for a call on a line of its own.
/// A call's line breaks are kept after its mark, so that later lines keep their numbers.
fn render_with_shortcodes(
    text: &str,
    cx: &Context,
    show: &dyn shortcodes::Show,
) -> Result<Rendered, Vec<Diagnostic>> {
    let at = |offset: usize| {
        let (line, column) = line_col(text, offset);
        (cx.first_line + line - 1, column)
    };
    let (pieces, errors) = shortcodes::split(text, &code_ranges(text));
    let mut problems: Vec<Diagnostic> = errors
        .into_iter()
        .map(|e| {
            let (line, column) = at(e.offset);
            Diagnostic::error(cx.path, e.message)
                .at(line, column)
                .with_help(e.help)
        })
        .collect();
    let mut marked = String::with_capacity(text.len());
    let mut calls = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(range) => marked.push_str(&text[range]),
            // Written as it is: set aside too, or Markdown would curl its quotes.
            Piece::Literal(call) => {
                marked.push_str(&mark(calls.len()));
                calls.push(Err(call));
            }
            Piece::Call(call) => {
                marked.push_str(&mark(calls.len()));
                let breaks = text[call.span.clone()].matches('\n').count();
                marked.push_str(&"\n".repeat(breaks));
                calls.push(Ok(call));
            }
        }
    }
    let plain = Context {
        shortcodes: None,
        ..*cx
    };
    let mut rendered = render(&marked, &plain).unwrap_or_else(|e| {
        problems.extend(e);
        Rendered::default()
    });
    for (i, call) in calls.iter().enumerate() {
        let call = match call {
            Ok(call) => call,
            Err(literal) => {
                let escaped = crate::render::escape(literal);
                rendered.html = rendered.html.replacen(&mark(i), &escaped, 1);
                continue;
            }
        };
        let body = call.body.clone().map(|range| {
            let (line, _) = at(range.start);
            let inner = Context {
                first_line: line,
                ..*cx
            };
            render(&text[range], &inner).map(|r| r.html)
        });
        let body = match body.transpose() {
            Ok(body) => body,
            Err(e) => {
                problems.extend(e);
                continue;
            }
        };
        let shown = match show.show(call, body.as_deref(), &rendered.headings, cx.lang) {
            Ok(shown) => shown,
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| {
                    let (line, column) = at(e.offset);
                    let d = Diagnostic::error(cx.path, e.message).at(line, column);
                    match e.help {
                        Some(help) => d.with_help(help),
                        None => d,
                    }
                }));
                continue;
            }
        };
        let mark = mark(i);
        let alone = format!("<p>{mark}</p>");
        if rendered.html.contains(&alone) {
            rendered.html = rendered.html.replacen(&alone, &shown.html, 1);
        } else if shown.block {
            let (line, column) = at(call.span.start);
            problems.push(
                Diagnostic::error(
                    cx.path,
                    format!(
                        "the shortcode `{}` shows a block (a figure, a list, a table), so it \
                         cannot stand inside a sentence",
                        call.name
                    ),
                )
                .at(line, column)
                .with_help("put it on a line of its own, with a blank line before and after"),
            );
        } else {
            rendered.html = rendered.html.replacen(&mark, &shown.html, 1);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(rendered)
}

/// The mark of the `i`th shortcode of a text: characters of the Unicode private-use area,
/// which no typography touches and no editor types.
fn mark(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// The byte ranges of a text's code spans and blocks, where `{{` is only text.
fn code_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Renders a text that goes inside an element which only takes phrasing content (a
/// heading, a table cell): one paragraph, without its `<p>`. Anything else (a list, two
/// paragraphs) is reported, since the page would not be valid HTML.
pub fn render_inline(text: &str, cx: &Context) -> Result<String, Vec<Diagnostic>> {
    let (events, images) = events(text, cx)?;
    let events = place_images(events, &images, cx.lang, false);
    let mut paragraphs = 0;
    let mut kept = Vec::with_capacity(events.len());
    for event in events {
        match event {
            Event::Start(Tag::Paragraph) => paragraphs += 1,
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(tag) if paragraphs == 0 || !is_inline(&tag) => {
                return Err(vec![single_paragraph_expected(cx)]);
            }
            other => kept.push(other),
        }
        if paragraphs > 1 {
            return Err(vec![single_paragraph_expected(cx)]);
        }
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, kept.into_iter());
    Ok(html)
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn single_paragraph_expected(cx: &Context) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        cx.path,
        "this text is shown as a heading or in a table cell, so it must be one paragraph \
         of plain text (no list, heading, table or blank line)",
    );
    if cx.first_line > 0 {
        diagnostic.at(cx.first_line, 1)
    } else {
        diagnostic
    }
}

/// The page key an internal link names: `@/pages/about.md` and `@/content/pages/about.md`
/// are `pages/about` (given without the `@/`).
pub fn link_key(target: &str) -> &str {
    target
        .trim_start_matches(LINK_ROOT)
        .trim_end_matches(".md")
        .trim_end_matches('/')
}

/// A text cut at its level-2 headings, footnote definitions apart: what a document that
/// takes only some sections of a page (the annual report's history chapter) picks from.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sections {
    /// The text before the first level-2 heading.
    pub lead: String,
    /// Each level-2 heading's plain text, and its section from the heading line on.
    pub sections: Vec<(String, String)>,
    /// Every footnote definition, with its label.
    pub footnotes: Vec<(String, String)>,
}

impl Sections {
    /// The lead and the chosen sections, followed by the footnote definitions they call
    /// (one that nothing calls would be an orphan note).
    pub fn join(&self, keep: impl Fn(&str) -> bool) -> String {
        let mut text = self.lead.clone();
        for (heading, section) in &self.sections {
            if keep(heading) {
                text.push_str(section);
            }
        }
        let called: Vec<&(String, String)> = self
            .footnotes
            .iter()
            .filter(|(label, _)| text.contains(&format!("[^{label}]")))
            .collect();
        for (_, definition) in called {
            if !text.ends_with("\n\n") {
                text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
            }
            text.push_str(definition);
        }
        text
    }
}

pub fn sections(text: &str) -> Sections {
    let mut cuts = Vec::new(); // (offset, heading text)
    let mut footnotes = Vec::new(); // (label, range)
    let mut heading: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => heading = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, title)) = heading.take() {
                    cuts.push((start, title.trim().to_string()));
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnotes.push((label.to_string(), range));
            }
            _ => {}
        }
    }
    // A part of the text with the footnote definitions inside it taken out.
    let part = |start: usize, end: usize| -> String {
        let mut out = String::new();
        let mut at = start;
        for (_, range) in &footnotes {
            if range.start >= start && range.end <= end {
                out.push_str(&text[at..range.start]);
                at = range.end;
            }
        }
        out.push_str(&text[at..end]);
        out
    };
    let first = cuts.first().map_or(text.len(), |(start, _)| *start);
    let sections = cuts
        .iter()
        .enumerate()
        .map(|(i, (start, title))| {
            let end = cuts.get(i + 1).map_or(text.len(), |(next, _)| *next);
            (title.clone(), part(*start, end))
        })
        .collect();
    Sections {
        lead: part(0, first),
        sections,
        footnotes: footnotes
            .iter()
            .map(|(label, range)| {
                let mut definition = text[range.clone()].to_string();
                if !definition.ends_with('\n') {
                    definition.push('\n');
                }
                (label.clone(), definition)
            })
            .collect(),
    }
}

/// What the validator needs to know of a text without rendering it: the ids its headings
/// get (exactly as [`render`] gives them), its links and its images without alt text.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub heading_ids: Vec<String>,
    /// Every link destination as written, with the byte offset of the link.
    pub links: Vec<(String, usize)>,
    /// Byte offsets of images whose alt text is empty.
    pub images_without_alt: Vec<usize>,
}

pub fn outline(text: &str, lang: Lang) -> Outline {
    // Links are left as written (every target "resolves"), so only the ids matter here,
    // and they come from the same event stream and typography as the rendered page.
    let keep = |_: &Target, _: Option<&str>, _: Lang| Ok(String::new());
    let cx = Context {
        lang,
        path: Path::new(""),
        first_line: 1,
        allow_html: false,
        page: None,
        resolve: &keep,
        shortcodes: None,
        images: None,
    };
    let mut out = Outline::default();
    let (mut events, _, _) = events_and_problems(text, &cx);
    out.heading_ids = anchor_headings(&mut events)
        .into_iter()
        .map(|h| h.id)
        .collect();
    let mut image: Option<(usize, bool)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.links.push((dest_url.into_string(), range.start));
            }
            Event::Start(Tag::Image { .. }) => image = Some((range.start, false)),
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some((_, has_alt)) = &mut image {
                    *has_alt = true;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, false)) = image.take() {
                    out.images_without_alt.push(start);
                }
            }
            _ => {}
        }
    }
    out
}

/// The byte offset of a code fence (```` ``` ```` or `~~~`) that is never closed: Markdown
/// then swallows the rest of the page into the code block, which is never what the author
/// meant. Fences nested in lists or quotes are not looked at.
pub fn unclosed_fence(text: &str) -> Option<usize> {
    let mut open: Option<(char, usize, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let rest = line[indent..].trim_end();
        let Some(c) = rest.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let run = rest.len() - rest.trim_start_matches(c).len();
        match open {
            None if run >= 3 && !(c == '`' && rest[run..].contains('`')) => {
                open = Some((c, run, start));
            }
            Some((fence, len, _)) if c == fence && run >= len && rest[run..].is_empty() => {
                open = None;
            }
            _ => {}
        }
    }
    open.map(|(_, _, start)| start)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// An image of the site in an event stream: the index of its `Start(Image)` event and the
/// attributes of its `<img>` but `alt`.
struct PlacedImage {
    at: usize,
    attributes: String,
}

/// The event stream of `text`, with links resolved, raw HTML neutralised and French
/// typography applied, and the images of the site it shows.
fn events<'t>(
    text: &'t str,
    cx: &Context,
) -> Result<(Vec<Event<'t>>, Vec<PlacedImage>), Vec<Diagnostic>> {
    let (events, images, problems) = events_and_problems(text, cx);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((events, images))
}

/// [`events`], with the stream made whatever the problems: what the outline of a text with
/// a broken link still needs.
fn events_and_problems<'t>(
    text: &'t str,
    cx: &Context,
) -> (Vec<Event<'t>>, Vec<PlacedImage>, Vec<Diagnostic>) {
    let options = options();
    let mut images = Vec::new();
    let mut problems = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut in_code_block = false;
    let mut in_autolink = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                // `<name@example.org>` is written without its `mailto:`.
                let dest_url = match link_type {
                    LinkType::Email => dest_url,
                    _ => rewrite_url(dest_url, cx, range.start, text, &mut problems),
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                in_autolink = false;
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // An image of the site is replaced whole once typeset (`place_images`);
                // one of another site keeps its URL, checked as a link's is.
                let (line, column) = line_col(text, range.start);
                let site = cx.images.map(|images| {
                    images.image(cx.path, &dest_url, cx.first_line + line - 1, column)
                });
                let dest_url = match site {
                    Some(Ok(Some(attributes))) => {
                        images.push(PlacedImage {
                            at: events.len(),
                            attributes,
                        });
                        dest_url
                    }
                    Some(Err(problem)) => {
                        problems.push(problem);
                        dest_url
                    }
                    _ => rewrite_url(dest_url, cx, range.start, text, &mut problems),
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Html(html) | Event::InlineHtml(html) if !cx.allow_html => Event::Text(html),
            Event::Text(t) if cx.lang == Lang::Fr && !in_code_block && !in_autolink => {
                // Typography needs whole runs: smart punctuation splits quotes into their
                // own events, so merge with the previous text event first.
                if let Some(Event::Text(previous)) = events.last_mut() {
                    *previous = CowStr::from(format!("{previous}{t}"));
                    continue;
                }
                Event::Text(t)
            }
            other => other,
        };
        events.push(event);
    }
    if cx.lang == Lang::Fr {
        apply_typography(&mut events);
    }
    (events, images, problems)
}

/// Each image of the site as its `<img>`, its alt text from the words between the brackets
/// (typeset). With `figures`, an image alone in its paragraph with a title becomes a
/// `<figure>` whose caption is the title, as Pandoc does with a lone image; elsewhere the
/// title is the image's `title`.
fn place_images<'t>(
    events: Vec<Event<'t>>,
    images: &[PlacedImage],
    lang: Lang,
    figures: bool,
) -> Vec<Event<'t>> {
    if images.is_empty() {
        return events;
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut images = images.iter().peekable();
    let mut i = 0;
    while i < events.len() {
        let Some(image) = images.next_if(|image| image.at == i) else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let title = match &events[i] {
            Event::Start(Tag::Image { title, .. }) => title.to_string(),
            _ => String::new(),
        };
        // The alt text runs to the image's end (an image in it is only words).
        let mut depth = 0;
        let mut alt = String::new();
        let mut end = i + 1;
        while end < events.len() {
            match &events[end] {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
            end += 1;
        }
        let alt = crate::render::escape(alt.trim());
        let caption = if lang == Lang::Fr && needs_french_typography(&title) {
            french_typography(&title)
        } else {
            title.clone()
        };
        let caption = crate::render::escape(caption.trim());
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        if figures && alone && !caption.is_empty() {
            out.pop();
            out.push(Event::Html(CowStr::from(format!(
                "<figure><img {} alt=\"{alt}\"><figcaption>{caption}</figcaption></figure>\n",
                image.attributes
            ))));
            i = end + 2;
        } else {
            let title = if caption.is_empty() {
                String::new()
            } else {
                format!(" title=\"{caption}\"")
            };
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<img {} alt=\"{alt}\"{title}>",
                image.attributes
            ))));
            i = end + 1;
        }
    }
    out
}

fn apply_typography(events: &mut [Event]) {
    let mut in_code_block = false;
    let mut in_autolink = false;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link { link_type, .. }) => {
                in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email)
            }
            Event::End(TagEnd::Link) => in_autolink = false,
            Event::Text(t) if !in_code_block && !in_autolink && needs_french_typography(t) => {
                *t = CowStr::from(french_typography(t));
            }
            _ => {}
        }
    }
}

/// Gives every heading an id (its own `{#id}` or one made from its text, made unique).
fn anchor_headings(events: &mut [Event]) -> Vec<Heading> {
    let mut used = BTreeSet::new();
    let mut suffixes: std::collections::HashMap<String, usize> = Default::default();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    title.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let slug = slugify(&title);
                if slug.is_empty() {
                    "section".into()
                } else {
                    slug
                }
            });
            // Each base remembers its next number: 20,000 headings alike stay linear.
            let mut anchor = base.clone();
            let n = suffixes.entry(base.clone()).or_insert(1);
            while !used.insert(anchor.clone()) {
                anchor = format!("{base}-{n}");
                *n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(anchor.clone()));
            }
            headings.push(Heading {
                level,
                id: anchor,
                title,
            });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Links to the site checked and written under the base URL, whatever way they are
/// written; `javascript:`, `vbscript:` and `data:` neutralised.
fn rewrite_url<'a>(
    url: CowStr<'a>,
    cx: &Context,
    offset: usize,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let origin = Origin {
        file: cx.path,
        page: cx.page,
    };
    let resolved = crate::links::parse(&url, origin).map(|parsed| {
        let parsed = parsed?;
        let found = cx.resolve.resolve(&parsed.target, parsed.anchor, cx.lang)?;
        let anchor = parsed.anchor.map(|a| format!("#{a}")).unwrap_or_default();
        Ok::<_, Broken>(format!("{found}{}{anchor}", parsed.query))
    });
    match resolved {
        Some(Ok(found)) => return CowStr::from(found),
        Some(Err(broken)) => {
            let (line, column) = line_col(text, offset);
            let (message, help) = broken_link(&url, broken, cx.lang);
            problems.push(
                Diagnostic::error(cx.path, message)
                    .at(cx.first_line + line - 1, column)
                    .with_help(help),
            );
            return CowStr::from("#");
        }
        None => {}
    }
    let scheme = url.trim_start().to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        return CowStr::from("#");
    }
    url
}

/// What a broken link of a text is reported as, and the help that goes with it.
fn broken_link(url: &str, broken: Broken, lang: Lang) -> (String, String) {
    let anchor = url
        .split_once('#')
        .map(|(_, a)| format!("#{a}"))
        .unwrap_or_default();
    match broken {
        Broken::NoPage(missing) => (
            format!("broken internal link `{url}`: no such page in {lang}"),
            match missing.nearest {
                Some(near) => format!("did you mean `@/{near}{anchor}`?"),
                None => HOW_LINKS_ARE_WRITTEN.to_string(),
            },
        ),
        Broken::NoPath { nearest } => (
            format!("broken link `{url}`: the site has no page or file at this address"),
            match nearest {
                Some(near) => format!("did you mean `{near}{anchor}`?"),
                None => HOW_LINKS_ARE_WRITTEN.to_string(),
            },
        ),
        Broken::NoAnchor { page, help } => {
            let anchor = anchor.trim_start_matches('#');
            (crate::validate::broken_anchor(anchor, &page), help)
        }
        Broken::Unusable(why) => (
            format!("broken link: {why}"),
            HOW_LINKS_ARE_WRITTEN.to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(lang: Lang, text: &str) -> Result<Rendered, Vec<Diagnostic>> {
        let resolve = |target: &Target, _: Option<&str>, _: Lang| match target {
            Target::Key(p) if p == "pages/about.md" => Ok("/fr/a-propos/".to_string()),
            Target::Path(p) if p == "fr/partenaires/apple/" => {
                Ok("/sub/fr/partenaires/apple/".to_string())
            }
            Target::Key(p) => Err(Broken::NoPage(NoSuchPage::among(
                p,
                ["pages/about", "partners/apple"],
            ))),
            _ => Err(Broken::NoPath {
                nearest: Some("/fr/partenaires/apple/".into()),
            }),
        };
        render(
            text,
            &Context {
                lang,
                path: Path::new("content/x.fr.md"),
                first_line: 5,
                allow_html: false,
                page: Some("fr/x/"),
                resolve: &resolve,
                shortcodes: None,
                images: None,
            },
        )
    }

    /// Every image is one of the site: its `<img>` attributes name the path as written.
    struct Site;

    impl Images for Site {
        fn image(
            &self,
            path: &Path,
            dest: &str,
            line: usize,
            column: usize,
        ) -> Result<Option<String>, Diagnostic> {
            match dest {
                "missing.png" => Err(Diagnostic::error(path, "no such file").at(line, column)),
                d if d.starts_with("https:") => Ok(None),
                d => Ok(Some(format!(r#"src="/media/{d}""#))),
            }
        }
    }

    fn with_images(lang: Lang, text: &str) -> Result<String, Vec<Diagnostic>> {
        let resolve =
            |_: &Target, _: Option<&str>, _: Lang| Err(Broken::NoPage(NoSuchPage::default()));
        let cx = Context {
            lang,
            path: Path::new("content/pages/x.fr.md"),
            first_line: 5,
            allow_html: false,
            page: None,
            resolve: &resolve,
            shortcodes: None,
            images: Some(&Site),
        };
        render(text, &cx).map(|r| r.html)
    }

    #[test]
    fn images_of_the_site_become_their_img_and_a_lone_one_with_a_title_a_figure() {
        assert_eq!(
            with_images(Lang::Fr, "Voir ![Le « schéma »](a.png) : fin").unwrap(),
            "<p>Voir <img src=\"/media/a.png\" alt=\"Le «\u{202f}schéma\u{202f}»\">\u{202f}: fin</p>\n"
        );
        assert_eq!(
            with_images(
                Lang::Fr,
                "![Quatre dates](a.png \"Dessiné par la rédaction : d'après la source\")"
            )
            .unwrap(),
            "<figure><img src=\"/media/a.png\" alt=\"Quatre dates\"><figcaption>Dessiné par la rédaction\u{202f}: d’après la source</figcaption></figure>\n"
        );
        assert_eq!(
            with_images(Lang::En, "Inline ![A *b* `c`](a.png \"T\") text").unwrap(),
            "<p>Inline <img src=\"/media/a.png\" alt=\"A b c\" title=\"T\"> text</p>\n",
            "a title within a sentence stays a title"
        );
        assert_eq!(
            with_images(Lang::En, "![x](https://example.org/a.png)").unwrap(),
            "<p><img src=\"https://example.org/a.png\" alt=\"x\" /></p>\n",
            "an image of another site is left as written"
        );
        assert_eq!(
            with_images(Lang::En, "[![Logo](a.png)](https://example.org)").unwrap(),
            "<p><a href=\"https://example.org\"><img src=\"/media/a.png\" alt=\"Logo\"></a></p>\n"
        );
        let err =
            with_images(Lang::En, "text\n\n![x](missing.png) and ![y](@/pages/x.md)").unwrap_err();
        assert_eq!(
            err.len(),
            1,
            "the image's own problem, not a broken link too: {err:?}"
        );
        assert_eq!((err[0].line, err[0].column), (7, 1));
        let cell = render_inline(
            "![A](a.png \"Caption\")",
            &Context {
                lang: Lang::En,
                path: Path::new("content/data/x.yaml"),
                first_line: 0,
                allow_html: false,
                page: None,
                resolve: &|_: &Target, _: Option<&str>, _: Lang| {
                    Err(Broken::NoPage(NoSuchPage::default()))
                },
                shortcodes: None,
                images: Some(&Site),
            },
        )
        .unwrap();
        assert_eq!(
            cell, "<img src=\"/media/a.png\" alt=\"A\" title=\"Caption\">",
            "no figure in a cell"
        );
    }

    #[test]
    fn finds_code_fences_left_open() {
        assert_eq!(unclosed_fence("a\n```rust\nx\n```\nb"), None);
        assert_eq!(unclosed_fence("a\n\n```rust\nx\n"), Some(3));
        assert_eq!(
            unclosed_fence("~~~~\n~~~\n"),
            Some(0),
            "a shorter fence does not close"
        );
        assert_eq!(unclosed_fence("````\ncode\n`````\n"), None);
        assert_eq!(
            unclosed_fence("    ```\nindented code, not a fence\n"),
            None
        );
        assert_eq!(
            unclosed_fence("``` a ` b\n"),
            None,
            "backticks in the info: no fence"
        );
    }

    #[test]
    fn inline_rendering_takes_one_paragraph_only() {
        let resolve =
            |_: &Target, _: Option<&str>, _: Lang| Err(Broken::NoPage(NoSuchPage::default()));
        let cx = Context {
            lang: Lang::Fr,
            path: Path::new("content/data/strategy.yaml"),
            first_line: 0,
            allow_html: false,
            page: None,
            resolve: &resolve,
            shortcodes: None,
            images: None,
        };
        assert_eq!(
            render_inline("8.a. Un *texte* : fin", &cx).unwrap(),
            "8.a. Un <em>texte</em>\u{202f}: fin"
        );
        for bad in ["un\n\ndeux", "- liste", "# titre", "texte\n\n- liste"] {
            let err = render_inline(bad, &cx).unwrap_err();
            assert!(err[0].message.contains("one paragraph"), "{bad}: {err:?}");
        }
    }

    #[test]
    fn internal_links_resolve_and_break_loudly() {
        let ok = md(Lang::Fr, "[À propos](@/pages/about.md#objet)").unwrap();
        assert!(
            ok.html.contains(r#"href="/fr/a-propos/#objet""#),
            "{}",
            ok.html
        );
        let err = md(Lang::Fr, "texte\n\n[x](@/pages/nope.md)").unwrap_err();
        assert_eq!((err[0].line, err[0].column), (7, 1));
        assert!(
            err[0]
                .message
                .contains("broken internal link `@/pages/nope.md`")
        );
        assert_eq!(err[0].help.as_deref(), Some(HOW_LINKS_ARE_WRITTEN));
    }

    #[test]
    fn links_written_as_addresses_are_checked_and_follow_the_base_url() {
        let ok = md(Lang::Fr, "[Apple](../partenaires/apple/?a=1#profil)").unwrap();
        assert!(
            ok.html
                .contains(r#"href="/sub/fr/partenaires/apple/?a=1#profil""#),
            "{}",
            ok.html
        );
        let err = md(Lang::Fr, "[x](/fr/partenaire/apple/#profil)").unwrap_err();
        assert_eq!(
            err[0].message,
            "broken link `/fr/partenaire/apple/#profil`: the site has no page or file at this address"
        );
        assert_eq!(
            err[0].help.as_deref(),
            Some("did you mean `/fr/partenaires/apple/#profil`?")
        );
        let err = md(Lang::Fr, "[x](../../../haut/)").unwrap_err();
        assert!(err[0].message.contains("climbs above the root"), "{err:?}");
        let external = md(Lang::Fr, "[x](https://coe.int/fr/) [m](mailto:a@b.c)")
            .unwrap()
            .html;
        assert!(
            external.contains(r#"href="https://coe.int/fr/""#),
            "{external}"
        );
        assert!(external.contains(r#"href="mailto:a@b.c""#), "{external}");
    }

    #[test]
    fn a_misspelt_internal_link_gets_the_closest_page() {
        let help = |text: &str| md(Lang::Fr, text).unwrap_err()[0].help.clone().unwrap();
        assert_eq!(
            help("[x](@/pages/abuot.md)"),
            "did you mean `@/pages/about.md`?"
        );
        assert_eq!(
            help("[x](@/content/pages/abot.md#objet)"),
            "did you mean `@/content/pages/about.md#objet`?",
            "written as the link wrote it, anchor included"
        );
        assert_eq!(
            help("[x](@/partners/aple)"),
            "did you mean `@/partners/apple`?"
        );
        assert_eq!(help("[x](@/pages/history.md)"), HOW_LINKS_ARE_WRITTEN);
    }

    #[test]
    fn french_typography_but_not_in_code() {
        let html = md(Lang::Fr, "Pourquoi ? \"Oui\" : `a : b`\n\n```\nx : y\n```")
            .unwrap()
            .html;
        assert!(
            html.contains("Pourquoi\u{202f}? «\u{202f}Oui\u{202f}»\u{202f}:"),
            "{html}"
        );
        assert!(html.contains("<code>a : b</code>"));
        assert!(html.contains("x : y"));
        let en = md(Lang::En, "Why ? \"Yes\"").unwrap().html;
        assert!(en.contains("Why ? “Yes”"), "{en}");
    }

    #[test]
    fn headings_get_unique_anchors() {
        let r = md(Lang::En, "## Été\n\n## Été\n\n## Custom {#mine}").unwrap();
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ete", "ete-1", "mine"]);
        assert!(r.html.contains(r#"<h2 id="ete-1">"#));
        // A number already taken (here by an explicit id) is skipped, and many headings
        // alike are numbered in order (20,000 of them once took 28 s).
        let r = md(Lang::En, "## A {#a-2}\n\n## A\n\n## A\n\n## A\n\n## A").unwrap();
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-2", "a", "a-1", "a-3", "a-4"]);
        let many = "## Même titre\n\n".repeat(20_000);
        let r = md(Lang::Fr, &many).unwrap();
        assert_eq!(r.headings.last().unwrap().id, "meme-titre-19999");
    }

    #[test]
    fn untrusted_html_and_urls_are_neutralised() {
        let html = md(
            Lang::En,
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](DATA:text/html,z)",
        )
        .unwrap()
        .html;
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:alert"), "{html}");
        assert!(!html.to_lowercase().contains("data:text"), "{html}");
    }

    #[test]
    fn sections_keep_chosen_parts_and_their_notes() {
        let text =
            "Lead.\n\n## 2016\n\nOld[^a].\n\n## 2022\n\nNew[^b].\n\n[^a]: Note a.\n[^b]: Note b.\n";
        let s = sections(text);
        assert_eq!(s.lead, "Lead.\n\n");
        let titles: Vec<&str> = s.sections.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, ["2016", "2022"]);
        assert_eq!(s.footnotes.len(), 2);
        let kept = s.join(|heading| heading == "2016");
        assert_eq!(kept, "Lead.\n\n## 2016\n\nOld[^a].\n\n[^a]: Note a.\n");
        assert!(!kept.contains("Note b"));
    }

    #[test]
    fn tables_and_footnotes() {
        let html = md(Lang::En, "|a|b|\n|-|-|\n|1|2|\n\nText[^1]\n\n[^1]: Note.")
            .unwrap()
            .html;
        assert!(
            html.contains("<table>") && html.contains("footnote-definition"),
            "{html}"
        );
    }
}
