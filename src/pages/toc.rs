//! Contents lists: the entries of a page's table of contents, taken from the headings of
//! its Markdown or from the sections a page made from the data lays out. Templates show
//! them as `page.toc` (beside the text on wide screens, above it on phones, no script).

use crate::markdown::Heading;
use serde::Serialize;

/// One entry of a contents list, with the entries under it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

impl TocEntry {
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> TocEntry {
        TocEntry {
            id: id.into(),
            title: title.into(),
            children: Vec::new(),
        }
    }
}

/// The fewest entries worth a contents list: one heading is its own contents.
const AT_LEAST: usize = 2;

/// The contents of a text from its level-2 headings, each with its level-3 ones; deeper
/// levels would make the list longer than the page it helps to read.
pub fn from_headings(headings: &[Heading]) -> Vec<TocEntry> {
    let top = headings.iter().map(|h| h.level).min().unwrap_or(2).max(2);
    let mut entries: Vec<TocEntry> = Vec::new();
    for heading in headings {
        let entry = TocEntry::new(&heading.id, &heading.title);
        if heading.level == top {
            entries.push(entry);
        } else if heading.level == top + 1 {
            match entries.last_mut() {
                Some(parent) => parent.children.push(entry),
                None => entries.push(entry),
            }
        }
    }
    worth_showing(entries)
}

/// `entries`, or none when they are too few to help.
pub fn worth_showing(entries: Vec<TocEntry>) -> Vec<TocEntry> {
    let count = entries.len() + entries.iter().map(|e| e.children.len()).sum::<usize>();
    if count < AT_LEAST {
        Vec::new()
    } else {
        entries
    }
}

/// The first `words` words of an HTML text, as plain text with `…` when cut: the label of
/// a paragraph that has no title of its own.
pub fn first_words(html: &str, words: usize) -> String {
    let mut text = String::with_capacity(html.len().min(200));
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    // Templates escape the label again.
    let text = crate::render::unescape(&text);
    // A no-break space holds a word and its French punctuation together.
    let all: Vec<&str> = text
        .split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut label = all[..all.len().min(words)].join(" ");
    if all.len() > words {
        label = label
            .trim_end_matches([',', ';', ':', '.', '\u{202f}', '\u{a0}'])
            .to_string();
        label.push('…');
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            id: id.into(),
            title: id.to_uppercase(),
        }
    }

    #[test]
    fn level_three_goes_under_level_two_and_deeper_is_left_out() {
        let toc = from_headings(&[h(2, "a"), h(3, "a1"), h(4, "deep"), h(2, "b")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children, vec![TocEntry::new("a1", "A1")]);
        assert!(toc[1].children.is_empty());
        // A text that starts at level 3 is listed from there.
        let toc = from_headings(&[h(3, "x"), h(3, "y"), h(4, "y1")]);
        assert_eq!(
            toc.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["x", "y"]
        );
        assert_eq!(toc[1].children.len(), 1);
    }

    #[test]
    fn a_single_heading_makes_no_contents() {
        assert!(from_headings(&[h(2, "only")]).is_empty());
        assert!(from_headings(&[]).is_empty());
    }

    #[test]
    fn a_paragraph_is_labelled_by_its_first_words() {
        assert_eq!(
            first_words(
                "<p>Le Conseil <em>souligne</em> que l&#39;UE &amp; ses États, membres…</p>",
                7
            ),
            "Le Conseil souligne que l'UE & ses…"
        );
        assert_eq!(first_words("Court.", 5), "Court.");
        assert_eq!(
            first_words("un deux trois\u{202f}: quatre", 3),
            "un deux trois…"
        );
    }
}
