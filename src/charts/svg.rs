//! The SVG side of the charts: how wide a label is assumed to be (the one text metric the
//! layout and the overlap check share), the post-processing that makes plotters' output an
//! accessible inline image, and the check that no two labels collide or leave the picture.
//!
//! No font is read: the browser draws the text with the page's own font, the theme's
//! Inter (about 0.49 em per letter of running text). Widths are estimated on the safe side,
//! every character as `CHAR_EM` of the font size, so that a theme with a wider face still
//! fits (DejaVu Sans, the widest usual one, averages about 0.55 em on running text, 0.7 em
//! on capitals).

/// Assumed advance of one character, in em.
pub const CHAR_EM: f64 = 0.7;
/// Assumed extent of a line of text above and below its baseline, in em: more than the
/// ascent (0.93) and descent (0.24) of DejaVu Sans, which browsers use for a text's box.
pub const ASCENT: f64 = 0.95;
pub const DESCENT: f64 = 0.3;
/// `1ex` in em, to place text anchored with plotters' `dy="0.5ex"`.
const EX: f64 = 0.5;

/// The assumed width of `text` at `size` (user units).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * CHAR_EM * size
}

/// Extent of a vertically centred line (plotters' `VPos::Center`, `dy="0.5ex"`) above and
/// below its anchor, in user units, rounded up so that layouts in whole units stay safe.
pub fn above_centre(size: f64) -> f64 {
    ((ASCENT - EX / 2.0) * size).ceil()
}

pub fn below_centre(size: f64) -> f64 {
    ((DESCENT + EX / 2.0) * size).ceil()
}

/// Extent below the anchor of a top-anchored line (`VPos::Top`, `dy="0.76em"`).
pub fn below_top(size: f64) -> f64 {
    ((0.76 + DESCENT) * size).ceil()
}

/// Makes plotters' SVG an accessible image that follows the page: a `viewBox` and no fixed
/// size (CSS scales it), `role="img"` named by its `<title>` and `<desc>` (ids made from
/// `id`, unique within a page), text in the page's font, and plotters' black (text, axes,
/// grid) turned into `currentColor` so that it follows the text colour in the dark scheme.
pub fn finish(raw: &str, id: &str, title: &str, desc: &str) -> String {
    let start = raw.find("<svg").unwrap_or(0);
    let end = raw[start..].find('>').map_or(raw.len(), |i| start + i + 1);
    let view_box = attribute(&raw[start..end], "viewBox").unwrap_or_default();
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" class="chart-svg" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(desc)
    );
    let body = raw[end..]
        .replace(r##"fill="#000000""##, r#"fill="currentColor""#)
        .replace(r##"stroke="#000000""##, r#"stroke="currentColor""#)
        .replace(r#" font-family="sans-serif""#, "")
        .replace(r#" opacity="1""#, "");
    out.push_str(&trim_texts(&round_font_sizes(&body)));
    out
}

/// A finished chart as a file of its own (`passerelle charts`): the size of its `viewBox`
/// (a file opened alone has no column to fit), the theme's `family` named for its text
/// (no style sheet gives it), and `colour` for what is `currentColor` in a page.
pub fn standalone(svg: &str, colour: &str, family: &str) -> String {
    let size = match view_box(svg) {
        Some((_, _, width, height)) => format!(r#" width="{width}" height="{height}""#),
        None => String::new(),
    };
    let family = if family.is_empty() {
        "sans-serif".to_string()
    } else {
        format!("{}, sans-serif", escape(family).replace('"', "&quot;"))
    };
    svg.replacen(
        "<svg ",
        &format!(r#"<svg{size} color="{colour}" font-family="{family}" "#),
        1,
    )
}

/// plotters writes each text on a line of its own between `<text>` and `</text>`; the
/// line breaks would be spaces before and after the label (shifting it when it is
/// anchored at its end), so they go.
fn trim_texts(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let Some(open_end) = rest[i..].find('>').map(|e| i + e + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</text>").map(|c| open_end + c) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        out.push_str(rest[open_end..close].trim());
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// plotters writes the font size as `size / 1.24`, which float arithmetic may leave as
/// `13.000000000000002`; written to two decimals it reads as meant, on every machine.
fn round_font_sizes(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(r#"font-size=""#) {
        let value_start = i + r#"font-size=""#.len();
        out.push_str(&rest[..value_start]);
        let after = &rest[value_start..];
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => {
                let text = format!("{size:.2}");
                out.push_str(text.trim_end_matches('0').trim_end_matches('.'));
            }
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The value of `name="…"` in a tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')?;
    Some(crate::render::unescape(&tag[start..start + end]))
}

/// The box a label is assumed to take, in the SVG's user units.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub text: String,
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl TextBox {
    fn overlaps(&self, other: &TextBox) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// The `viewBox` of the root `<svg>`: (min x, min y, width, height).
pub fn view_box(svg: &str) -> Option<(f64, f64, f64, f64)> {
    let start = svg.find("<svg")?;
    let end = svg[start..].find('>')? + start;
    let numbers: Vec<f64> = attribute(&svg[start..end], "viewBox")?
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [x, y, w, h] => Some((x, y, w, h)),
        _ => None,
    }
}

/// The assumed box of every `<text>` of an SVG, from its position, font size, anchor and
/// number of characters.
pub fn text_boxes(svg: &str) -> Result<Vec<TextBox>, String> {
    let mut boxes = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let after = &rest[i..];
        let tag_end = after
            .find('>')
            .ok_or_else(|| "unclosed <text> tag".to_string())?;
        let tag = &after[..tag_end];
        let close = after
            .find("</text>")
            .ok_or_else(|| "<text> without </text>".to_string())?;
        let text = crate::render::unescape(&after[tag_end + 1..close]);
        rest = &after[close..];
        let number = |name: &str| -> Result<f64, String> {
            attribute(tag, name)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("`{text}`: no numeric {name}"))
        };
        if tag.contains(" transform=") {
            return Err(format!("`{text}`: rotated text is not checked"));
        }
        let (x, y, size) = (number("x")?, number("y")?, number("font-size")?);
        let dy = match attribute(tag, "dy").as_deref() {
            None => 0.0,
            Some(v) => {
                if let Some(em) = v.strip_suffix("em") {
                    em.parse::<f64>().map_err(|e| e.to_string())? * size
                } else if let Some(ex) = v.strip_suffix("ex") {
                    ex.parse::<f64>().map_err(|e| e.to_string())? * EX * size
                } else {
                    v.parse::<f64>().map_err(|e| e.to_string())?
                }
            }
        };
        let width = text_width(&text, size);
        let left = match attribute(tag, "text-anchor").as_deref() {
            Some("middle") => x - width / 2.0,
            Some("end") => x - width,
            _ => x,
        };
        let baseline = y + dy;
        boxes.push(TextBox {
            text,
            left,
            top: baseline - ASCENT * size,
            right: left + width,
            bottom: baseline + DESCENT * size,
        });
    }
    Ok(boxes)
}

/// Every pair of labels whose boxes intersect and every label that is not wholly inside
/// the `viewBox`: empty when the chart is readable.
pub fn layout_problems(svg: &str) -> Vec<String> {
    let Some((vx, vy, vw, vh)) = view_box(svg) else {
        return vec!["no viewBox on the root <svg>".into()];
    };
    let boxes = match text_boxes(svg) {
        Ok(boxes) => boxes,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for (i, a) in boxes.iter().enumerate() {
        if a.left < vx || a.top < vy || a.right > vx + vw || a.bottom > vy + vh {
            problems.push(format!(
                "`{}` ({:.1}, {:.1})–({:.1}, {:.1}) leaves the viewBox {vx} {vy} {vw} {vh}",
                a.text, a.left, a.top, a.right, a.bottom
            ));
        }
        for b in &boxes[i + 1..] {
            if a.overlaps(b) {
                problems.push(format!("`{}` overlaps `{}`", a.text, b.text));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAW: &str = r##"<svg width="200" height="100" viewBox="0 0 200 100" xmlns="http://www.w3.org/2000/svg">
<text x="10" y="20" dy="0.5ex" text-anchor="start" font-family="sans-serif" font-size="13.000000000000002" opacity="1" fill="#000000">
AT&amp;T
</text>
<rect x="0" y="0" width="5" height="5" opacity="1" fill="#0072B2" stroke="none"/>
</svg>
"##;

    #[test]
    fn finishing_makes_an_accessible_scalable_image() {
        let svg = finish(RAW, "chart-x", "Title & co", "What it shows");
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" class="chart-svg" role="img" aria-labelledby="chart-x-title chart-x-desc"><title id="chart-x-title">Title &amp; co</title><desc id="chart-x-desc">What it shows</desc>"#), "{svg}");
        assert!(!svg.contains("width=\"200\""), "{svg}");
        assert!(
            svg.contains(r#"font-size="13" fill="currentColor">AT&amp;T</text>"#),
            "{svg}"
        );
        assert!(svg.contains(r##"fill="#0072B2""##));
        assert!(!svg.contains("font-family"));
    }

    #[test]
    fn a_standalone_chart_has_its_size_font_and_colour() {
        let svg = finish(RAW, "chart-x", "Title", "Desc");
        let file = standalone(&svg, "#1b1f24", "Inter");
        assert!(
            file.starts_with(r##"<svg width="200" height="100" color="#1b1f24" font-family="Inter, sans-serif" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100""##),
            "{file}"
        );
        assert_eq!(file.matches("<svg").count(), 1);
    }

    #[test]
    fn boxes_follow_anchor_size_and_characters() {
        let svg = r#"<svg viewBox="0 0 100 50"><text x="50" y="20" dy="0.5ex" text-anchor="middle" font-size="10">ab&amp;</text></svg>"#;
        let boxes = text_boxes(svg).unwrap();
        assert_eq!(boxes.len(), 1);
        let b = &boxes[0];
        assert_eq!(b.text, "ab&");
        assert!((b.right - b.left - 21.0).abs() < 1e-9);
        assert!((b.left - 39.5).abs() < 1e-9);
        assert!((b.top - (22.5 - 9.5)).abs() < 1e-9);
        assert!(layout_problems(svg).is_empty());
    }

    #[test]
    fn overlaps_and_overflows_are_reported() {
        let svg = r#"<svg viewBox="0 0 100 50"><text x="10" y="20" font-size="10">Deutsche</text><text x="30" y="22" font-size="10">Telekom</text><text x="90" y="40" font-size="10">Apple</text></svg>"#;
        let problems = layout_problems(svg);
        assert!(
            problems.contains(&"`Deutsche` overlaps `Telekom`".to_string()),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("`Apple`") && p.contains("leaves")),
            "{problems:?}"
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
