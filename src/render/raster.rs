//! Pictures drawn at build time from SVG: the social card of each page
//! ([`super::social`]) and `passerelle charts --png`. resvg draws them with the theme's own
//! faces and nothing else, so that a picture is the same on every machine: the faces are
//! the TrueType files of the theme's `fonts/` folder (resvg's font database reads TrueType
//! and OpenType, not the WOFF2 files the pages load; `scripts/subset-font` writes both from
//! one instance of each face), the system's fonts are never loaded, and every generic
//! family (`sans-serif`, `serif`…) and a text without `font-family` are the theme's face.
//!
//! The same faces measure text for `wrap_text` (the card's title, which SVG 1.1 text cannot
//! wrap by itself), from their advance widths.

use crate::diagnostic::Diagnostic;
use resvg::usvg;
use skrifa::MetadataProvider;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder of a theme whose TrueType faces pictures are drawn with.
pub const FONTS_DIR: &str = "fonts";

/// Part of every picture's name: changed whenever the way pictures are drawn or encoded
/// changes, so that no picture made the old way is taken over by a rebuild.
pub const RENDERING: &str = "resvg 0.49; png rgba8 fast adaptive; v1";

/// One face of the theme.
struct Face {
    data: Arc<Vec<u8>>,
    weight: f32,
    italic: bool,
}

/// The theme's faces, ready to draw and measure with.
pub struct Fonts {
    faces: Vec<Face>,
    /// resvg's font database, with these faces only.
    database: Arc<usvg::fontdb::Database>,
    /// The family every generic family stands for: the first face's.
    family: String,
    /// A hash of every face's bytes: part of a picture's name, since new faces draw it anew.
    pub fingerprint: u64,
    /// The face files, relative to the project root: a page's card depends on them.
    pub files: Vec<PathBuf>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("family", &self.family)
            .field("files", &self.files)
            .finish()
    }
}

impl Default for Fonts {
    /// No face: a theme without `fonts/`.
    fn default() -> Fonts {
        Fonts {
            faces: Vec::new(),
            database: Arc::new(usvg::fontdb::Database::new()),
            family: String::new(),
            fingerprint: super::assets::fnv1a(RENDERING.as_bytes()),
            files: Vec::new(),
        }
    }
}

impl Fonts {
    /// The faces of `theme_dir/fonts/` (`.ttf` and `.otf` files), relative to `root`. A
    /// theme without the folder has none, which is an error only where a picture needs
    /// them (the theme has a social card, `charts --png`). A file that is not a font is an
    /// error at it, and the others are loaded all the same.
    pub fn load(root: &Path, theme_dir: &Path) -> (Fonts, Vec<Diagnostic>) {
        let dir = theme_dir.join(FONTS_DIR);
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(root.join(&dir)) {
            Ok(entries) => entries
                .filter_map(|entry| entry.ok())
                .map(|entry| dir.join(entry.file_name()))
                .filter(|path| {
                    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf")
                    })
                })
                .collect(),
            Err(_) => Vec::new(),
        };
        // The first face gives the family; the order of a directory listing is the file
        // system's.
        paths.sort();
        let mut problems = Vec::new();
        let mut loaded = Vec::new();
        for path in paths {
            match std::fs::read(root.join(&path)) {
                Ok(bytes) => loaded.push((path, bytes)),
                Err(e) => problems.push(Diagnostic::error(&path, format!("cannot read: {e}"))),
            }
        }
        let (fonts, found) = Fonts::from_files(loaded);
        problems.extend(found);
        (fonts, problems)
    }

    /// The faces of `files` (path, bytes), and an error for each file that is not a font.
    fn from_files(files: Vec<(PathBuf, Vec<u8>)>) -> (Fonts, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut faces = Vec::new();
        let mut database = usvg::fontdb::Database::new();
        let mut family = None;
        let mut fingerprint = super::assets::fnv1a(RENDERING.as_bytes());
        let mut paths = Vec::new();
        for (path, bytes) in files {
            let attributes = match skrifa::FontRef::new(&bytes) {
                Ok(font) => font.attributes(),
                Err(e) => {
                    problems.push(
                        Diagnostic::error(&path, format!("not a TrueType or OpenType font: {e}"))
                            .with_help("the theme's fonts/ holds the .ttf or .otf faces pictures are drawn with"),
                    );
                    continue;
                }
            };
            let data = Arc::new(bytes);
            let ids = database.load_font_source(usvg::fontdb::Source::Binary(data.clone()));
            if family.is_none() {
                family = ids
                    .first()
                    .and_then(|id| database.face(*id))
                    .and_then(|face| face.families.first())
                    .map(|(name, _)| name.clone());
            }
            fingerprint = super::assets::fnv1a_more(fingerprint, &data);
            faces.push(Face {
                data,
                weight: attributes.weight.value(),
                italic: attributes.style != skrifa::attribute::Style::Normal,
            });
            paths.push(path);
        }
        let family = family.unwrap_or_default();
        database.set_sans_serif_family(family.clone());
        database.set_serif_family(family.clone());
        database.set_monospace_family(family.clone());
        database.set_cursive_family(family.clone());
        database.set_fantasy_family(family.clone());
        let fonts = Fonts {
            faces,
            database: Arc::new(database),
            family,
            fingerprint,
            files: paths,
        };
        (fonts, problems)
    }

    /// Whether the theme has a face to draw text with.
    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// The family of the theme's faces (`Inter`), which a picture's text is drawn in.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The error of a picture with text to draw and no face to draw it with.
    pub fn missing(theme_dir: &Path, what: &str) -> Diagnostic {
        Diagnostic::error(
            theme_dir.join(FONTS_DIR),
            format!("{what} has text to draw, and the theme has no TrueType face to draw it with"),
        )
        .with_help(format!(
            "put the .ttf files of the theme's font in {}/ (scripts/subset-font writes Inter's)",
            theme_dir.join(FONTS_DIR).display()
        ))
    }

    /// The face closest to `weight` (CSS numbers, 400 regular, 700 bold) and the style.
    fn face(&self, weight: f32, italic: bool) -> Option<&Face> {
        self.faces.iter().min_by(|a, b| {
            let distance = |face: &Face| {
                (face.weight - weight).abs() + if face.italic == italic { 0.0 } else { 10_000.0 }
            };
            distance(a).total_cmp(&distance(b))
        })
    }

    /// The width of `text` at `size` (user units) in the face closest to `weight`: the sum
    /// of its glyphs' advances, without kerning, which in Inter only narrows a line (so a
    /// line measured to fit does fit). A character the face lacks counts as wide as an `M`;
    /// without any face, each character counts as 0.6 em.
    pub fn measure(&self, text: &str, size: f32, weight: f32, italic: bool) -> f32 {
        let Some(face) = self.face(weight, italic) else {
            return text.chars().count() as f32 * 0.6 * size;
        };
        let Ok(font) = skrifa::FontRef::new(&face.data) else {
            return text.chars().count() as f32 * 0.6 * size;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        );
        let advance = |c: char| {
            charmap
                .map(c)
                .and_then(|glyph| metrics.advance_width(glyph))
        };
        let wide = advance('M').unwrap_or(0.6 * size);
        text.chars().map(|c| advance(c).unwrap_or(wide)).sum()
    }

    /// How resvg reads an SVG drawn with these faces: no file is read for an `<image>`
    /// (only `data:` URLs), and a text without a family is in the theme's.
    fn options(&self) -> usvg::Options<'static> {
        usvg::Options {
            font_family: self.family.clone(),
            fontdb: self.database.clone(),
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        }
    }

    /// `svg` read as resvg draws it, with these faces: its text laid out, its size known.
    /// What is wrong with it comes back as text, with its line and column when the XML
    /// parser gives them.
    pub fn read(&self, svg: &str) -> Result<usvg::Tree, String> {
        usvg::Tree::from_str(svg, &self.options()).map_err(|e| e.to_string())
    }

    /// `svg` drawn on white at `scale` times its size, as a PNG file.
    pub fn png(&self, svg: &str, scale: f32) -> Result<Vec<u8>, String> {
        draw(&self.read(svg)?, scale)
    }
}

/// `text` broken into lines no wider than `width` as `measure` gives widths: at spaces
/// (never at a no-break space), a word wider than a line at any character. With
/// `max_lines` (not 0), the lines past it go, and the last one kept ends with "…".
pub fn wrap(
    text: &str,
    width: f32,
    max_lines: usize,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<String> {
    let breaks = |c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}');
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(breaks).filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line (an address, a long compound) is cut where it must be.
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && measure(&longer) > width {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if max_lines == 0 || lines.len() <= max_lines {
        return lines;
    }
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        *last = ellipsized(last, width, measure);
    }
    lines
}

/// `line` ended with "…", shortened by words (by characters if it is one word) until it
/// fits, without a space or a comma before the ellipsis.
fn ellipsized(line: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> String {
    let mut kept = line.to_string();
    loop {
        let trimmed = kept.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '–' | '—')
        });
        let candidate = format!("{trimmed}…");
        if measure(&candidate) <= width || trimmed.is_empty() {
            return candidate;
        }
        kept = match trimmed.rfind(' ') {
            Some(space) => trimmed[..space].to_string(),
            None => {
                let mut chars = trimmed.chars();
                chars.next_back();
                chars.as_str().to_string()
            }
        };
    }
}

/// The most pixels a picture may have: a `width` mistyped with a zero too many is an
/// error, not gigabytes of memory.
const MAX_PIXELS: u64 = 40_000_000;

/// `tree` drawn on white at `scale` times its size, as a PNG file.
pub fn draw(tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>, String> {
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("it has no size")?;
    let (width, height) = (size.width(), size.height());
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!("{width} × {height} pixels is too large a picture"));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("{width} × {height} pixels cannot be drawn"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap)
}

/// An opaque pixmap as a PNG file, with `png`'s fast compression: a card in about a
/// millisecond, at 80 KB, where its default level takes ten times as long for a file a
/// third as large. The alpha channel is kept (it costs a tenth of the size): dropping it
/// would copy every pixel, which costs as much again.
fn encode(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    // Drawn over an opaque background, every pixel is opaque: its premultiplied colour,
    // which tiny-skia keeps, is its colour.
    writer
        .write_image_data(pixmap.data())
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character as wide as one unit.
    fn count(text: &str) -> f32 {
        text.chars().count() as f32
    }

    #[test]
    fn text_wraps_at_spaces_within_the_width() {
        assert_eq!(
            wrap("Le partenariat numérique du Conseil", 16.0, 0, &count),
            ["Le partenariat", "numérique du", "Conseil"]
        );
        assert_eq!(wrap("", 10.0, 3, &count), Vec::<String>::new());
        assert_eq!(wrap("  Apple  ", 10.0, 3, &count), ["Apple"]);
    }

    #[test]
    fn a_no_break_space_holds_its_words_together() {
        assert_eq!(
            wrap("Article 8\u{a0}: vie privée", 10.0, 0, &count),
            ["Article", "8\u{a0}: vie", "privée"]
        );
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut() {
        assert_eq!(
            wrap("voir digital-partnership.example.org", 10.0, 0, &count),
            ["voir", "digital-pa", "rtnership.", "example.or", "g"]
        );
    }

    #[test]
    fn lines_past_the_most_end_in_an_ellipsis_that_fits() {
        let lines = wrap("one two three four five six seven", 9.0, 2, &count);
        assert_eq!(lines, ["one two", "three…"]);
        for line in &lines {
            assert!(count(line) <= 9.0, "{line}");
        }
        // One long word on the last line: cut by characters.
        assert_eq!(
            wrap("a bbbbbbbbbbbbbbbbbbbb", 5.0, 2, &count),
            ["a", "bbbb…"]
        );
        // A comma is not left before the ellipsis.
        assert_eq!(wrap("one, two, three", 5.0, 1, &count), ["one…"]);
    }

    #[test]
    fn nothing_panics_on_odd_text() {
        for text in [
            "…",
            "\u{202f}",
            "é\u{301}",
            "\u{0}",
            "a\tb\nc",
            "🌉 🌉 🌉",
            "  ",
        ] {
            for max in [0, 1, 2] {
                for width in [0.0, 0.5, 1.0, 3.0] {
                    let _ = wrap(text, width, max, &count);
                }
            }
        }
    }

    /// The faces of the repository's theme.
    fn theme_fonts() -> Fonts {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (fonts, problems) = Fonts::load(root, Path::new("themes/default"));
        assert!(problems.is_empty(), "{problems:?}");
        fonts
    }

    fn text_svg(family: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><text x="10" y="40" font-size="24" font-family="{family}">Passerelle</text></svg>"#
        )
    }

    #[test]
    fn the_theme_faces_load_and_measure_text() {
        let fonts = theme_fonts();
        assert_eq!(fonts.family(), "Inter");
        assert_eq!(fonts.files.len(), 4, "{:?}", fonts.files);
        let regular = fonts.measure("Passerelle", 20.0, 400.0, false);
        assert!(regular > 50.0 && regular < 200.0, "{regular}");
        assert!(fonts.measure("Passerelle", 20.0, 700.0, false) > regular);
        assert!(
            fonts.measure("MMMM", 20.0, 400.0, false) > fonts.measure("iiii", 20.0, 400.0, false)
        );
        let double = fonts.measure("Passerelle", 40.0, 400.0, false);
        assert!((double - 2.0 * regular).abs() < 0.01, "{double} {regular}");
        // A character the face lacks counts, as wide as an M.
        assert!(fonts.measure("中", 20.0, 400.0, false) > 0.0);
        // Without faces, an estimate.
        assert_eq!(Fonts::default().measure("abc", 10.0, 400.0, false), 18.0);
    }

    #[test]
    fn a_picture_is_drawn_on_white_the_same_every_time() {
        let fonts = theme_fonts();
        let png = fonts.png(&text_svg("Inter"), 2.0).unwrap();
        assert_eq!(png, fonts.png(&text_svg("Inter"), 2.0).unwrap());
        let image = image::load_from_memory(&png).unwrap().to_rgba8();
        assert_eq!(image.dimensions(), (400, 120));
        assert_eq!(image.get_pixel(0, 0).0, [255, 255, 255, 255]);
        // The text is drawn: some pixels are dark.
        assert!(image.pixels().any(|p| p.0[0] < 64));
    }

    #[test]
    fn every_family_is_the_theme_face_and_no_system_font_is_read() {
        let fonts = theme_fonts();
        let inter = fonts.png(&text_svg("Inter"), 1.0).unwrap();
        for family in ["Arial", "DejaVu Sans", "serif", "monospace", "sans-serif"] {
            assert_eq!(
                fonts.png(&text_svg(family), 1.0).unwrap(),
                inter,
                "{family}"
            );
        }
        // A text without a family too.
        let bare = text_svg("Inter").replace(r#" font-family="Inter""#, "");
        assert_eq!(fonts.png(&bare, 1.0).unwrap(), inter);
    }

    #[test]
    fn what_cannot_be_drawn_is_an_error_not_a_panic() {
        let fonts = theme_fonts();
        for svg in [
            "",
            "<svg",
            "not svg at all",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="-5" height="10"/>"#,
        ] {
            assert!(fonts.png(svg, 1.0).is_err(), "{svg}");
        }
        // An image of a file is not read from the disk.
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="/etc/passwd" width="10" height="10"/></svg>"#;
        assert!(fonts.png(svg, 1.0).is_ok());
        // A file of the theme's fonts/ that is not a font is an error at it.
        let (fonts, problems) =
            Fonts::from_files(vec![(PathBuf::from("fonts/x.ttf"), b"not a font".to_vec())]);
        assert!(fonts.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().contains("fonts/x.ttf"),
            "{}",
            problems[0]
        );
    }
}
