//! The theme's static files as they are published: each under a name that carries its
//! content hash (a browser may keep it for ever), the `url(…)` and `@import` references of
//! style sheets rewritten to those names, and the `data:` URL of a file for a document that
//! must stand alone (the report, mailed or archived as one file).
//!
//! A style sheet's own name follows the names it refers to, so a new font gives a new
//! style sheet name and no browser keeps the old pair. A reference to a file the theme does
//! not have is an error at its line and column, as in any other input.

use crate::diagnostic::{Diagnostic, line_col};
use crate::urls::STATIC_DIR;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A static file of the theme, published under a name that carries its content hash.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to the project root.
    pub source: PathBuf,
    /// The site path it is written to, e.g. `static/style.1a2b3c4d.css`.
    pub site_path: String,
    /// What is published: for a style sheet, its text with references rewritten.
    pub bytes: Arc<Vec<u8>>,
}

impl Asset {
    /// The file as a `data:` URL, for a document that carries its files inside it.
    pub fn data_url(&self) -> String {
        format!(
            "data:{};base64,{}",
            media_type(&self.site_path).replace("; ", ";"),
            base64(&self.bytes)
        )
    }
}

/// The theme's static files as published, by logical name, with every problem found.
/// `files` holds each file of `static_dir` by logical name (`fonts/inter-regular.woff2`),
/// with its path from the project root and its bytes.
pub fn publish(
    static_dir: &Path,
    files: BTreeMap<String, (PathBuf, Vec<u8>)>,
) -> (BTreeMap<String, Asset>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut published = BTreeMap::new();
    // What a style sheet may name; the other files are published as they are, and the
    // sheets once they are read as text.
    let known: BTreeSet<String> = files.keys().cloned().collect();
    let mut texts = BTreeMap::new();
    for (logical, (source, bytes)) in files {
        if !is_style_sheet(&logical) {
            published.insert(logical.clone(), asset(&logical, &source, bytes));
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                texts.insert(logical, (source, text));
            }
            Err(e) => problems.push(
                Diagnostic::error(&source, format!("not UTF-8 text: {e}"))
                    .with_help("save the style sheet as UTF-8"),
            ),
        }
    }
    let mut sheets = Sheets::new();
    for (logical, (source, text)) in &texts {
        let (refs, found) = references(static_dir, logical, source, text, &known);
        problems.extend(found);
        sheets.insert(logical.clone(), (source, text.as_str(), refs));
    }
    // Style sheets are published after what they refer to, another sheet included.
    let mut walk = Walk::default();
    for name in sheets.keys() {
        publish_sheet(name, &sheets, &mut published, &mut walk, &mut problems);
    }
    (published, problems)
}

type Sheets<'a> = BTreeMap<String, (&'a PathBuf, &'a str, Vec<Reference>)>;

/// The depth-first walk of style sheets through their imports.
#[derive(Default)]
struct Walk {
    /// The sheets being published, each importing the next.
    stack: Vec<String>,
    /// Sheets found in a circle of imports, reported once.
    circular: BTreeSet<String>,
}

fn publish_sheet(
    name: &str,
    sheets: &Sheets,
    published: &mut BTreeMap<String, Asset>,
    walk: &mut Walk,
    problems: &mut Vec<Diagnostic>,
) {
    if published.contains_key(name) || walk.circular.contains(name) {
        return;
    }
    if let Some(start) = walk.stack.iter().position(|s| s == name) {
        let circle = &walk.stack[start..];
        let (source, text, refs) = &sheets[name];
        let at = refs.iter().find(|r| circle.contains(&r.target));
        let (line, column) = at.map_or((0, 0), |r| line_col(text, r.start));
        walk.circular.extend(circle.iter().cloned());
        let mut circle = circle.to_vec();
        circle.push(name.to_string());
        problems.push(
            Diagnostic::error(
                *source,
                format!(
                    "style sheets import each other in a circle: {}",
                    circle.join(" → ")
                ),
            )
            .at(line, column),
        );
        return;
    }
    let Some((source, text, refs)) = sheets.get(name) else {
        return;
    };
    walk.stack.push(name.to_string());
    for target in refs.iter().map(|r| &r.target) {
        if sheets.contains_key(target) {
            publish_sheet(target, sheets, published, walk, problems);
        }
    }
    walk.stack.pop();
    // A sheet in a circle cannot be named after what it imports: it is not published, and
    // its problem stops the build.
    let from = site_dir(name);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for reference in refs {
        let Some(target) = published.get(&reference.target) else {
            return;
        };
        out.push_str(&text[copied..reference.start]);
        out.push_str(&relative_url(&from, &target.site_path));
        copied = reference.end;
    }
    out.push_str(&text[copied..]);
    published.insert(name.to_string(), asset(name, source, out.into_bytes()));
}

fn asset(logical: &str, source: &Path, bytes: Vec<u8>) -> Asset {
    Asset {
        source: source.to_path_buf(),
        site_path: format!("{STATIC_DIR}/{}", hashed_name(logical, &bytes)),
        bytes: Arc::new(bytes),
    }
}

fn is_style_sheet(logical: &str) -> bool {
    logical.to_ascii_lowercase().ends_with(".css")
}

/// The directory of a logical name as published (`fonts/a.woff2` → `static/fonts/`).
fn site_dir(logical: &str) -> String {
    match logical.rsplit_once('/') {
        Some((dir, _)) => format!("{STATIC_DIR}/{dir}/"),
        None => format!("{STATIC_DIR}/"),
    }
}

/// A reference of a style sheet to another file of the theme.
#[derive(Debug, Clone, PartialEq)]
struct Reference {
    /// Byte range of the URL's path in the sheet's text (inside quotes, if any; without
    /// its `?query` or `#fragment`, which stay as written).
    start: usize,
    end: usize,
    /// The logical name it resolves to.
    target: String,
}

/// The URLs written in a style sheet, as `(byte offset, text)`: the argument of every
/// `url(…)` and the string of every `@import "…"`, outside comments.
fn urls_in(css: &str) -> Vec<(usize, &str)> {
    let bytes = css.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    let string_end = |start: usize, quote: u8| -> usize {
        let mut j = start;
        while j < bytes.len() && bytes[j] != quote && bytes[j] != b'\n' {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        j.min(bytes.len())
    };
    let mut after_import = false;
    // Bytes, not characters: every place the scan stops at is an ASCII byte, so the
    // slices it takes fall on character boundaries.
    let at = |i: usize, word: &[u8]| {
        bytes[i..].len() >= word.len() && bytes[i..i + word.len()].eq_ignore_ascii_case(word)
    };
    while i < bytes.len() {
        if at(i, b"/*") {
            i = css[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |e| i + 2 + e + 2);
        } else if bytes[i] == b'"' || bytes[i] == b'\'' {
            let end = string_end(i + 1, bytes[i]);
            if after_import {
                found.push((i + 1, &css[i + 1..end]));
            }
            after_import = false;
            i = end + 1;
        } else if at(i, b"url(") && (i == 0 || !is_name_byte(bytes[i - 1])) {
            let mut j = i + 4;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                let end = string_end(j + 1, bytes[j]);
                found.push((j + 1, &css[j + 1..end]));
                i = css[end..].find(')').map_or(bytes.len(), |e| end + e + 1);
            } else {
                let end = css[j..].find(')').map_or(bytes.len(), |e| j + e);
                found.push((j, css[j..end].trim_end()));
                i = end + 1;
            }
            after_import = false;
        } else if at(i, b"@import") {
            after_import = true;
            i += 7;
        } else {
            if !bytes[i].is_ascii_whitespace() {
                after_import = false;
            }
            i += 1;
        }
    }
    found
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// The references of `sheet` to files of the theme, and the problems of those that name
/// no file of it. URLs of other sites, `data:` URLs and `#fragment`s are left alone.
fn references(
    static_dir: &Path,
    sheet: &str,
    source: &Path,
    css: &str,
    known: &BTreeSet<String>,
) -> (Vec<Reference>, Vec<Diagnostic>) {
    let mut refs = Vec::new();
    let mut problems = Vec::new();
    for (start, url) in urls_in(css) {
        let (line, column) = line_col(css, start);
        if url.is_empty() || url.starts_with('#') || url.starts_with("//") || has_scheme(url) {
            continue;
        }
        let problem = |message: String| Diagnostic::error(source, message).at(line, column);
        if url.starts_with('/') {
            problems.push(
                problem(format!("`{url}`: a style sheet names the theme's files by relative path"))
                    .with_help(
                        "write the path from the style sheet's folder (`fonts/x.woff2`): a path from the root breaks when the site is published under a sub-path",
                    ),
            );
            continue;
        }
        let path_end = url.find(['?', '#']).unwrap_or(url.len());
        let Some(target) = resolve(sheet, &url[..path_end]) else {
            problems.push(problem(format!(
                "`{url}` points outside the theme's {}",
                static_dir.display()
            )));
            continue;
        };
        if !known.contains(&target) {
            let known: BTreeSet<&str> = known.iter().map(String::as_str).collect();
            let mut diagnostic = problem(format!(
                "`{url}`: no file {} in the theme",
                static_dir.join(&target).display()
            ));
            diagnostic = match crate::validate::nearest(&target, &known) {
                Some(near) => diagnostic.with_help(format!("did you mean `{near}`?")),
                None => diagnostic.with_help(format!(
                    "the theme's static files: {}",
                    known.into_iter().collect::<Vec<_>>().join(", ")
                )),
            };
            problems.push(diagnostic);
            continue;
        }
        refs.push(Reference {
            start,
            end: start + path_end,
            target,
        });
    }
    (refs, problems)
}

/// `https:`, `data:`, `mailto:`…
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// The logical name `relative` names from the sheet `sheet`, if it stays within static/.
fn resolve(sheet: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = sheet.split('/').collect();
    parts.pop();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// The URL of the path `to` from the directory `from_dir` (ending in `/`; empty or `/` for
/// the root).
pub(crate) fn relative_url(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dirs, file) = to_parts.split_at(to_parts.len() - 1);
    let common = from.iter().zip(to_dirs).take_while(|(a, b)| a == b).count();
    let mut url = "../".repeat(from.len() - common);
    for dir in &to_dirs[common..] {
        url.push_str(dir);
        url.push('/');
    }
    url.push_str(file[0]);
    url
}

/// `css/style.css` + bytes → `css/style.1a2b3c4d5e6f7a8b.css`.
pub fn hashed_name(logical: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", fnv1a(bytes));
    match logical.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{logical}.{hash}"),
    }
}

/// FNV-1a, 64 bits: stable across Rust versions and machines, unlike `DefaultHasher`; a
/// cache-busting name needs that, not cryptographic strength.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_more(0xcbf2_9ce4_8422_2325, bytes)
}

/// [`fnv1a`] of what `hash` was made from followed by `bytes`: the hash of several pieces
/// without copying them into one.
pub(crate) fn fnv1a_more(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The media type of a file of the site, from its name.
pub fn media_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Standard base64 with padding (RFC 4648 §4), as `data:` URLs take it.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, (PathBuf, Vec<u8>)> {
        list.iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (
                        Path::new("themes/t/static").join(name),
                        text.as_bytes().to_vec(),
                    ),
                )
            })
            .collect()
    }

    fn text(assets: &BTreeMap<String, Asset>, name: &str) -> String {
        String::from_utf8(assets[name].bytes.to_vec()).unwrap()
    }

    #[test]
    fn hashed_names_follow_the_content() {
        let a = hashed_name("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css"), "{a}");
        assert_ne!(a, hashed_name("css/style.css", b"body{ }"));
        assert_eq!(a, hashed_name("css/style.css", b"body{}"));
    }

    #[test]
    fn style_sheets_refer_to_the_hashed_names() {
        let (assets, problems) = publish(
            Path::new("themes/t/static"),
            files(&[
                (
                    "style.css",
                    "@import \"css/print.css\";\n/* url(not/a/file.png) */\n@font-face { src: url( \"fonts/a.woff2\" ) format(\"woff2\"), url(fonts/a.woff2?v=2#x); }\nb { background: url(data:image/png;base64,AAAA), url(https://example.org/x.png), URL('#mask'); }",
                ),
                ("css/print.css", "i { background: url('../img/dot.svg#d') }"),
                ("fonts/a.woff2", "wOF2"),
                ("img/dot.svg", "<svg/>"),
            ]),
        );
        assert_eq!(problems, vec![]);
        let font = &assets["fonts/a.woff2"].site_path;
        let font = font.strip_prefix("static/").unwrap();
        let style = text(&assets, "style.css");
        assert!(
            style.contains(&format!("src: url( \"{font}\" )")),
            "{style}"
        );
        assert!(style.contains(&format!("url({font}?v=2#x)")), "{style}");
        assert!(
            style.contains("url(not/a/file.png)"),
            "comments stay as written"
        );
        assert!(style.contains(
            "url(data:image/png;base64,AAAA), url(https://example.org/x.png), URL('#mask')"
        ));
        let print = assets["css/print.css"]
            .site_path
            .strip_prefix("static/")
            .unwrap();
        assert!(
            style.starts_with(&format!("@import \"{print}\";")),
            "{style}"
        );
        let dot = assets["img/dot.svg"]
            .site_path
            .strip_prefix("static/")
            .unwrap();
        assert_eq!(
            text(&assets, "css/print.css"),
            format!("i {{ background: url('../{dot}#d') }}")
        );
    }

    #[test]
    fn a_style_sheet_is_renamed_when_a_file_it_names_changes() {
        let name = |font: &str| {
            let (assets, _) = publish(
                Path::new("s"),
                files(&[("style.css", "a{src:url(f.woff2)}"), ("f.woff2", font)]),
            );
            assets["style.css"].site_path.clone()
        };
        assert_ne!(name("one"), name("two"));
    }

    #[test]
    fn missing_and_misplaced_files_are_errors_where_they_are_named() {
        let (assets, problems) = publish(
            Path::new("themes/t/static"),
            files(&[
                (
                    "style.css",
                    "a {}\nb { src: url(fonts/intr.woff2); }\nc { src: url(/static/x.png) url(../../x) }",
                ),
                ("fonts/inter.woff2", "wOF2"),
            ]),
        );
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [
                "error: themes/t/static/style.css:2:14: `fonts/intr.woff2`: no file themes/t/static/fonts/intr.woff2 in the theme\n  help: did you mean `fonts/inter.woff2`?",
                "error: themes/t/static/style.css:3:14: `/static/x.png`: a style sheet names the theme's files by relative path\n  help: write the path from the style sheet's folder (`fonts/x.woff2`): a path from the root breaks when the site is published under a sub-path",
                "error: themes/t/static/style.css:3:33: `../../x` points outside the theme's themes/t/static",
            ]
        );
        assert!(assets.contains_key("fonts/inter.woff2"));
    }

    #[test]
    fn sheets_that_import_each_other_are_an_error() {
        let (_, problems) = publish(
            Path::new("s"),
            files(&[
                ("a.css", "@import url(b.css);"),
                ("b.css", "\n@import 'a.css';"),
            ]),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("a.css → b.css → a.css"),
            "{}",
            problems[0]
        );
        assert_eq!(problems[0].location(), "themes/t/static/a.css:1:13");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_scanned_without_panicking(css in "(url\\(|@import|/\\*|\\*/|['\"()\\\\ é›\n]|[a-z/.]){0,40}") {
            for (start, url) in urls_in(&css) {
                proptest::prop_assert_eq!(&css[start..start + url.len()], url);
            }
        }
    }

    #[test]
    fn relative_urls_climb_and_descend() {
        assert_eq!(
            relative_url("static/", "static/fonts/a.woff2"),
            "fonts/a.woff2"
        );
        assert_eq!(
            relative_url("static/css/", "static/img/a.svg"),
            "../img/a.svg"
        );
        assert_eq!(relative_url("static/css/", "static/css/b.css"), "b.css");
        assert_eq!(
            resolve("css/a.css", "./../img/x.svg").as_deref(),
            Some("img/x.svg")
        );
        assert_eq!(resolve("a.css", "../x"), None);
    }

    #[test]
    fn base64_follows_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
        let font = asset("fonts/a.woff2", Path::new("x"), b"wOF2".to_vec());
        assert_eq!(font.data_url(), "data:font/woff2;base64,d09GMg==");
    }

    #[test]
    fn media_types_follow_the_extension() {
        assert_eq!(media_type("fr/index.html"), "text/html; charset=utf-8");
        assert_eq!(media_type("static/a.1234.woff2"), "font/woff2");
        assert_eq!(
            media_type("fr/atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(media_type("data/partners.csv"), "text/csv; charset=utf-8");
        assert_eq!(media_type("static/chart.svg"), "image/svg+xml");
        assert_eq!(media_type("LICENSE"), "application/octet-stream");
    }
}
