//! Media: the files of `content/` that are not pages (images in `content/media/` or beside
//! the page that shows them), as the pages show them. A Markdown image names its file by a
//! path relative to the text's own file (`../media/x.png` from `content/pages/`) or from the
//! content root (`@/media/x.png`); it becomes an `<img>` with its size (no layout shift),
//! lazy loading and, for PNG, JPEG and WebP, a `srcset` of variants at a few widths, never
//! wider than the file. Every published name carries a hash of the file (and of how it is
//! encoded), so a browser may keep it for ever, and a rebuild over the previous output
//! takes a variant already there instead of encoding it again ([`crate::render::Sink::reuse`]).
//!
//! A missing file, a path that climbs out of `content/` or starts at the site's root, and
//! a file that is not a readable image are errors at the place of the image in the text.
//! A file of `content/` that no page shows is not published.

use crate::content::CONTENT_DIR;
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::markdown::Images;
use crate::render::{OutputFile, Sink, escape};
use crate::urls::BaseUrl;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, metadata::Orientation};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Where the site's media are published, and the documented folder of `content/` they live
/// in: `content/media/x.png` is published as `media/x.HASH.WIDTH.png`.
pub const MEDIA: &str = "media";

/// The widths of the variants of a raster image: those narrower than the image, and the
/// image's own width up to the last of these (a larger image is published at most this wide).
pub const WIDTHS: [u32; 4] = [480, 960, 1440, 1920];

/// How wide an image is shown: the width of the theme's text column (`article`, 72ch of
/// the body text, about 45rem) or of the screen less the page's margins on a phone.
const SIZES: &str = "(min-width: 48rem) 45rem, calc(100vw - 2.5rem)";

/// Part of the hash of every variant's name: changed whenever the way variants are made
/// changes (filter, quality, compression), so that no output made the old way is reused.
const ENCODING: &str =
    "fast_image_resize catmull-rom; png default adaptive; jpeg 82; webp lossless; v1";

/// JPEG quality of the variants: small files without visible loss at screen sizes.
const JPEG_QUALITY: u8 = 82;

/// The media files of a site, and what a render found of the images its texts show.
pub struct Media {
    root: PathBuf,
    base: BaseUrl,
    /// Every file of `content/` that is not a page, relative to `content/` (`media/x.png`).
    files: BTreeSet<String>,
    /// Each image shown so far, read once whatever the number of texts that show it.
    images: Mutex<BTreeMap<String, Arc<OnceLock<Read>>>>,
    /// Where each image is shown (the text's file, line, column and the path as written),
    /// for the errors found when it is decoded.
    shown: Mutex<BTreeMap<String, BTreeSet<Place>>>,
}

type Read = std::result::Result<Arc<Image>, String>;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    path: PathBuf,
    line: usize,
    column: usize,
    dest: String,
}

/// An image as it is published.
#[derive(Debug)]
pub struct Image {
    /// Relative to the project root.
    pub source: PathBuf,
    bytes: Vec<u8>,
    /// Shown upright: the size after the rotation a JPEG's EXIF orientation asks for.
    pub width: u32,
    pub height: u32,
    pub outputs: Vec<Output>,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Decoded, resized and encoded again in its own format.
    Raster(ImageFormat),
    /// Published as it is (SVG, GIF: a GIF may be animated, which the variants would lose).
    AsIs,
}

/// One published file of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// `media/x.1a2b3c4d5e6f7a8b.960.png`
    pub site_path: String,
    pub width: u32,
    pub height: u32,
}

impl Media {
    /// The media files of the project at `root`: every file of `content/` that is not a
    /// Markdown page (but those of `content/data/`, hidden files and symbolic links leading
    /// out, which `content::content_files` leaves out and the page load reports).
    pub fn load(root: &Path, base: BaseUrl) -> Media {
        let mut ignored = crate::diagnostic::Diagnostics::default();
        let files = crate::content::content_files(root, &mut ignored)
            .into_iter()
            .filter(|file| file.extension().is_none_or(|e| e != "md"))
            .filter_map(|file| {
                let inside = file.strip_prefix(CONTENT_DIR).ok()?;
                Some(inside.to_str()?.replace('\\', "/"))
            })
            .collect();
        Media {
            root: root.to_path_buf(),
            base,
            files,
            images: Mutex::default(),
            shown: Mutex::default(),
        }
    }

    /// The same media, with absolute URLs: for a document read away from the site.
    pub fn absolute(&self) -> AbsoluteUrls<'_> {
        AbsoluteUrls(self)
    }

    /// The image files shown by the text of `path` in the renders so far: a change to one
    /// of them changes that page (its names carry the file's hash).
    pub fn shown_in(&self, path: &Path) -> BTreeSet<PathBuf> {
        let shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
        shown
            .iter()
            .filter(|(_, places)| places.iter().any(|place| place.path == path))
            .map(|(logical, _)| Path::new(CONTENT_DIR).join(logical))
            .collect()
    }

    /// The content file an image path written in the text of `from` names, relative to
    /// `content/`; `Ok(None)` for an image of another site, left as written.
    fn locate(&self, from: &Path, dest: &str) -> std::result::Result<Option<String>, Problem> {
        let dest = dest.trim();
        if dest.starts_with("//") || dest.starts_with('#') || has_scheme(dest) {
            return Ok(None);
        }
        if dest.is_empty() {
            return Err(Problem::new("an image without a path").with_help(HOW));
        }
        if dest.starts_with('/') {
            return Err(Problem::new(format!(
                "`{dest}`: an image is named by its path from the page's file, not from the site's root"
            ))
            .with_help(format!("{HOW}; a path from the root breaks when the site is published under a sub-path")));
        }
        let (written, base): (&str, Vec<&str>) = match dest.strip_prefix("@/") {
            Some(rest) => (rest.strip_prefix("content/").unwrap_or(rest), Vec::new()),
            None => (dest, text_dir(from)),
        };
        let decoded = percent_decoded(written);
        let Some(logical) = join(&base, &decoded) else {
            return Err(Problem::new(format!("`{dest}` climbs out of content/"))
                .with_help(format!("media files live inside content/: {HOW}")));
        };
        if self.files.contains(&logical) {
            return Ok(Some(logical));
        }
        let known: BTreeSet<&str> = self.files.iter().map(String::as_str).collect();
        let help = match crate::validate::nearest(&logical, &known) {
            Some(near) if dest.starts_with("@/") => format!("did you mean `@/{near}`?"),
            Some(near) => format!(
                "did you mean `{}`?",
                super::assets::relative_url(&base.join("/"), near)
            ),
            None => HOW.to_string(),
        };
        Err(Problem::new(format!("`{dest}`: no file {CONTENT_DIR}/{logical}")).with_help(help))
    }

    /// The image `logical`, read on first use.
    fn image(&self, logical: &str) -> Read {
        let cell = {
            let mut images = self.images.lock().unwrap_or_else(|p| p.into_inner());
            images.entry(logical.to_string()).or_default().clone()
        };
        cell.get_or_init(|| {
            let source = Path::new(CONTENT_DIR).join(logical);
            let bytes = std::fs::read(self.root.join(&source))
                .map_err(|e| format!("it cannot be read ({e})"))?;
            read_image(logical, source, bytes).map(Arc::new)
        })
        .clone()
    }

    fn show(
        &self,
        from: &Path,
        dest: &str,
        line: usize,
        column: usize,
        url: &dyn Fn(&str) -> String,
    ) -> std::result::Result<Option<String>, Diagnostic> {
        let at = |problem: Problem| {
            let diagnostic = Diagnostic::error(from, problem.message).at(line, column);
            match problem.help {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic,
            }
        };
        let Some(logical) = self.locate(from, dest).map_err(at)? else {
            return Ok(None);
        };
        let image = self.image(&logical).map_err(|reason| {
            at(Problem::new(format!(
                "`{dest}` is not an image that can be read: {reason}"
            ))
            .with_help(FORMATS))
        })?;
        self.shown
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(logical)
            .or_default()
            .insert(Place {
                path: from.to_path_buf(),
                line,
                column,
                dest: dest.to_string(),
            });
        Ok(Some(image.attributes(url)))
    }

    /// The files of every image shown in the renders so far, each made (or taken from the
    /// previous output, when `sink` has it) and put into `sink`. A file that does not decode
    /// is an error at every place that shows it. With a sink that keeps no bytes (`check`),
    /// images are decoded, to find those that do not, but not encoded.
    pub fn publish<S: Sink>(&self, sink: &S) -> Vec<Result<(String, S::Kept)>> {
        let images: Vec<Arc<Image>> = {
            let images = self.images.lock().unwrap_or_else(|p| p.into_inner());
            images
                .values()
                .filter_map(|cell| cell.get()?.as_ref().ok().cloned())
                .collect()
        };
        images
            .par_iter()
            .flat_map_iter(|image| self.publish_image(image, sink))
            .collect()
    }

    fn publish_image<S: Sink>(&self, image: &Image, sink: &S) -> Vec<Result<(String, S::Kept)>> {
        let sources = BTreeSet::from([image.source.clone()]);
        let put = |output: &Output, bytes: Vec<u8>| {
            let path = output.site_path.clone();
            sink.put(OutputFile {
                path: path.clone(),
                bytes: Arc::new(bytes),
                sources: sources.clone(),
            })
            .map(|kept| (path, kept))
        };
        let mut done = Vec::new();
        let mut to_make = Vec::new();
        for output in &image.outputs {
            match sink.reuse(&output.site_path) {
                Some(kept) => done.push(kept.map(|kept| (output.site_path.clone(), kept))),
                None => to_make.push(output),
            }
        }
        if to_make.is_empty() {
            return done;
        }
        let Kind::Raster(format) = image.kind else {
            done.extend(to_make.into_iter().map(|o| put(o, image.bytes.clone())));
            return done;
        };
        let decoded = match decode(&image.bytes) {
            Ok(decoded) => decoded,
            Err(reason) => {
                done.push(Err(Error::Content(self.unreadable(image, &reason))));
                return done;
            }
        };
        if !sink.wants_bytes() {
            return done;
        }
        let made: Vec<_> = to_make
            .par_iter()
            .map(|output| {
                let bytes = encode(&decoded, format, output.width, output.height)
                    .map_err(|reason| Error::Content(self.unreadable(image, &reason)))?;
                put(output, bytes)
            })
            .collect();
        done.extend(made);
        done
    }

    /// The error of an image that does not decode, at every place that shows it.
    fn unreadable(&self, image: &Image, reason: &str) -> Vec<Diagnostic> {
        let shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
        let logical = image
            .source
            .strip_prefix(CONTENT_DIR)
            .unwrap_or(&image.source)
            .to_string_lossy()
            .replace('\\', "/");
        let places = shown.get(&logical).into_iter().flatten();
        let problems: Vec<Diagnostic> = places
            .map(|place| {
                Diagnostic::error(
                    &place.path,
                    format!(
                        "`{}` is not an image that can be read: {reason}",
                        place.dest
                    ),
                )
                .at(place.line, place.column)
                .with_help(FORMATS)
            })
            .collect();
        if problems.is_empty() {
            vec![
                Diagnostic::error(
                    &image.source,
                    format!("not an image that can be read: {reason}"),
                )
                .with_help(FORMATS),
            ]
        } else {
            problems
        }
    }
}

impl Images for Media {
    fn image(
        &self,
        from: &Path,
        dest: &str,
        line: usize,
        column: usize,
    ) -> std::result::Result<Option<String>, Diagnostic> {
        self.show(from, dest, line, column, &|site_path| {
            self.base.path(site_path)
        })
    }
}

/// [`Media`] with absolute URLs (the annual report as a file of its own).
pub struct AbsoluteUrls<'a>(&'a Media);

impl Images for AbsoluteUrls<'_> {
    fn image(
        &self,
        from: &Path,
        dest: &str,
        line: usize,
        column: usize,
    ) -> std::result::Result<Option<String>, Diagnostic> {
        let media = self.0;
        media.show(from, dest, line, column, &|site_path| {
            media.base.absolute(site_path)
        })
    }
}

/// How a text names an image, for the help of one that names none.
const HOW: &str = "put the file in content/media/ (or beside the page) and write its path from the page's file, \
     `../media/NAME.png` from content/pages/, or from content/, `@/media/NAME.png`";

const FORMATS: &str = "images may be PNG, JPEG, WebP, GIF or SVG files; open the file and save it again in one of these";

/// A problem with an image path, before it is placed in its text.
struct Problem {
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

impl Image {
    /// The attributes of its `<img>` but `alt`, URLs made by `url` from site paths.
    fn attributes(&self, url: &dyn Fn(&str) -> String) -> String {
        let href = |output: &Output| escape(&percent_encoded(&url(&output.site_path)));
        // The largest output, whose size the page reserves; `src` is the one closest to a
        // usual column for browsers without `srcset`.
        let Some(largest) = self.outputs.last() else {
            return String::new();
        };
        let fallback = self
            .outputs
            .iter()
            .rev()
            .find(|o| o.width <= 960)
            .unwrap_or(&self.outputs[0]);
        let mut attributes = format!(r#"src="{}""#, href(fallback));
        if self.kind != Kind::AsIs && self.outputs.len() > 1 {
            let set: Vec<String> = self
                .outputs
                .iter()
                .map(|o| format!("{} {}w", href(o), o.width))
                .collect();
            attributes.push_str(&format!(r#" srcset="{}" sizes="{SIZES}""#, set.join(", ")));
        }
        attributes.push_str(&format!(
            r#" width="{}" height="{}" loading="lazy" decoding="async""#,
            largest.width, largest.height
        ));
        attributes
    }
}

/// Reads an image's format and size, without decoding it: what its `<img>` needs.
fn read_image(
    logical: &str,
    source: PathBuf,
    bytes: Vec<u8>,
) -> std::result::Result<Image, String> {
    let (stem, extension) = match logical.rsplit_once('.') {
        Some((stem, extension)) if !stem.ends_with('/') && !extension.contains('/') => {
            (stem, extension.to_ascii_lowercase())
        }
        _ => (logical, String::new()),
    };
    // `content/media/x.png` → `media/x`; `content/pages/x.png` → `media/pages/x`.
    let stem = stem.strip_prefix("media/").unwrap_or(stem);
    let published = |hash: u64, width: Option<u32>| match width {
        Some(width) => format!("{MEDIA}/{stem}.{hash:016x}.{width}.{extension}"),
        None => format!("{MEDIA}/{stem}.{hash:016x}.{extension}"),
    };
    if extension == "svg" {
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| "an SVG file must be UTF-8 text".to_string())?;
        let (width, height) = svg_size(text)?;
        let hash = super::assets::fnv1a(&bytes);
        return Ok(Image {
            source,
            outputs: vec![Output {
                site_path: published(hash, None),
                width,
                height,
            }],
            bytes,
            width,
            height,
            kind: Kind::AsIs,
        });
    }
    let (format, width, height) = header(&bytes)?;
    if width == 0 || height == 0 {
        return Err("it has no pixels".into());
    }
    if format == ImageFormat::Gif {
        let hash = super::assets::fnv1a(&bytes);
        return Ok(Image {
            source,
            outputs: vec![Output {
                site_path: published(hash, None),
                width,
                height,
            }],
            bytes,
            width,
            height,
            kind: Kind::AsIs,
        });
    }
    let mut hashed = bytes.clone();
    hashed.extend_from_slice(ENCODING.as_bytes());
    let hash = super::assets::fnv1a(&hashed);
    let outputs = variant_widths(width)
        .into_iter()
        .map(|w| Output {
            site_path: published(hash, Some(w)),
            width: w,
            height: scaled(height, w, width),
        })
        .collect();
    Ok(Image {
        source,
        bytes,
        width,
        height,
        outputs,
        kind: Kind::Raster(format),
    })
}

/// An image's format and upright size, read from its header without decoding it.
fn header(bytes: &[u8]) -> std::result::Result<(ImageFormat, u32, u32), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or_else(|| "its content is not that of a PNG, JPEG, WebP or GIF file".to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    Ok(
        match decoder.orientation().unwrap_or(Orientation::NoTransforms) {
            Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH => (format, height, width),
            _ => (format, width, height),
        },
    )
}

/// The widths an image of `width` is published at: each of [`WIDTHS`] narrower than it, and
/// its own width up to the last of them. Never wider than the image.
pub fn variant_widths(width: u32) -> Vec<u32> {
    let largest = *WIDTHS.last().unwrap_or(&width);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    widths.push(width.min(largest));
    widths.dedup();
    widths
}

/// `height` scaled as `width` becomes `to`, at least one pixel.
fn scaled(height: u32, to: u32, width: u32) -> u32 {
    let exact = u64::from(height) * u64::from(to);
    let rounded = (exact + u64::from(width) / 2) / u64::from(width);
    u32::try_from(rounded).unwrap_or(u32::MAX).max(1)
}

/// The image's pixels, upright.
fn decode(bytes: &[u8]) -> std::result::Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// A variant `width` × `height` of `image`, in `format`. The same pixels give the same
/// bytes: no encoder here writes a date or anything else of the moment.
fn encode(
    image: &DynamicImage,
    format: ImageFormat,
    width: u32,
    height: u32,
) -> std::result::Result<Vec<u8>, String> {
    use image::codecs::{jpeg::JpegEncoder, png, webp::WebPEncoder};
    let resized;
    let image = if image.width() == width && image.height() == height {
        image
    } else {
        resized = resize(image, width, height)?;
        &resized
    };
    let mut out = Vec::new();
    let result = match format {
        ImageFormat::Jpeg => DynamicImage::ImageRgb8(image.to_rgb8())
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
        ImageFormat::WebP if image.color().has_alpha() => {
            DynamicImage::ImageRgba8(image.to_rgba8())
                .write_with_encoder(WebPEncoder::new_lossless(&mut out))
        }
        ImageFormat::WebP => DynamicImage::ImageRgb8(image.to_rgb8())
            .write_with_encoder(WebPEncoder::new_lossless(&mut out)),
        _ => image.write_with_encoder(png::PngEncoder::new_with_quality(
            &mut out,
            png::CompressionType::Default,
            png::FilterType::Adaptive,
        )),
    };
    result.map_err(|e| e.to_string())?;
    Ok(out)
}

/// `image` at `width` × `height`, with fast_image_resize: a tenth of the time `image`'s own
/// resizing takes (6 ms instead of 85 ms for the two smaller variants of the history page's
/// figure). Its results are the same whatever the processor's extensions (AVX2, SSE4.1,
/// none), which its own tests check, so the variants are the same bytes on every machine.
fn resize(
    image: &DynamicImage,
    width: u32,
    height: u32,
) -> std::result::Result<DynamicImage, String> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    // Pixels of a type it does not take (32-bit float) are made 16-bit first.
    let converted;
    let image = match image {
        DynamicImage::ImageRgb32F(_) => {
            converted = DynamicImage::ImageRgb16(image.to_rgb16());
            &converted
        }
        DynamicImage::ImageRgba32F(_) => {
            converted = DynamicImage::ImageRgba16(image.to_rgba16());
            &converted
        }
        _ => image,
    };
    let mut resized = DynamicImage::new(width, height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    Resizer::new()
        .resize(image, &mut resized, &options)
        .map_err(|e| e.to_string())?;
    Ok(resized)
}

/// The size an SVG file gives itself: its root element's `width` and `height` (in pixels,
/// with or without `px`), else its `viewBox`.
fn svg_size(text: &str) -> std::result::Result<(u32, u32), String> {
    let tag = svg_root(text).ok_or("it has no <svg> element")?;
    let attribute = |name: &str| attribute(tag, name);
    let pixels = |value: Option<&str>| -> Option<f64> {
        let value = value?.trim();
        let number = value.strip_suffix("px").unwrap_or(value).trim();
        number
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && *n > 0.0)
    };
    let view_box: Option<(f64, f64)> = attribute("viewBox").and_then(|v| {
        let numbers: Vec<f64> = v
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<std::result::Result<_, _>>()
            .ok()?;
        match numbers[..] {
            [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => Some((w, h)),
            _ => None,
        }
    });
    let (width, height) = match (
        pixels(attribute("width")),
        pixels(attribute("height")),
        view_box,
    ) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (_, _, Some(size)) => size,
        _ => {
            return Err(
                "its <svg> element gives no size: give it `width` and `height` in pixels, or a `viewBox`"
                    .into(),
            );
        }
    };
    let round = |n: f64| (n.round().clamp(1.0, f64::from(u32::MAX))) as u32;
    Ok((round(width), round(height)))
}

/// The start tag of an SVG document's root element, without `<svg` and `>`.
fn svg_root(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        let start = rest.find('<')?;
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest = &rest[rest.find('>')? + 1..];
        } else {
            let after = rest.strip_prefix("<svg")?;
            if !after.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/') {
                return None;
            }
            // The tag ends at the first `>` outside quotes.
            let mut quote = None;
            for (i, c) in after.char_indices() {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => return Some(&after[..i]),
                    _ => {}
                }
            }
            return None;
        }
    }
}

/// The value of the attribute `name` in a start tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + name.len()..].trim_start();
        rest = &rest[i + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &value[1..];
        return Some(&value[..value.find(quote)?]);
    }
    None
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

/// The folder of a text's file inside `content/`, as segments (`content/pages/a.fr.md` →
/// `["pages"]`).
fn text_dir(from: &Path) -> Vec<&str> {
    let inside = from.strip_prefix(CONTENT_DIR).unwrap_or(from);
    let mut segments: Vec<&str> = inside
        .parent()
        .into_iter()
        .flat_map(|p| p.iter())
        .filter_map(|s| s.to_str())
        .collect();
    segments.retain(|s| !s.is_empty());
    segments
}

/// `relative` from the folder `base`, as a path inside `content/`; `None` if it climbs out.
fn join(base: &[&str], relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.to_vec();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `%20` and the like decoded, as a browser would before asking for the file.
fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(high), Some(low)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A URL whose path may hold spaces, commas or accents (from a file's name), made safe
/// for `src` and `srcset`, whose entries a comma or a space would cut.
fn percent_encoded(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width` × `height` pixels, a gradient so that resizing has work to do.
    pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
            .unwrap();
        out
    }

    fn media(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, Media) {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let path = dir.path().join(CONTENT_DIR).join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let base = BaseUrl::parse("https://example.org/sub/").unwrap();
        let media = Media::load(dir.path(), base);
        (dir, media)
    }

    fn show(media: &Media, from: &str, dest: &str) -> std::result::Result<Option<String>, String> {
        Images::image(media, Path::new(from), dest, 3, 5).map_err(|d| d.to_string())
    }

    #[test]
    fn widths_never_upscale() {
        assert_eq!(variant_widths(300), [300]);
        assert_eq!(variant_widths(480), [480]);
        assert_eq!(variant_widths(1000), [480, 960, 1000]);
        assert_eq!(variant_widths(1920), [480, 960, 1440, 1920]);
        assert_eq!(variant_widths(4000), [480, 960, 1440, 1920]);
        assert_eq!(scaled(600, 480, 1200), 240);
        assert_eq!(scaled(1, 480, 4000), 1, "at least one pixel");
    }

    #[test]
    fn paths_are_relative_to_the_text_or_to_content() {
        let (_dir, media) = media(&[
            ("media/photo.png", png(10, 5)),
            ("pages/beside.png", png(10, 5)),
            ("_index.fr.md", b"---\n".to_vec()),
        ]);
        let from = Path::new("content/pages/a.fr.md");
        let found = |dest: &str| media.locate(from, dest).map_err(|p| p.message);
        assert_eq!(
            found("../media/photo.png").unwrap().as_deref(),
            Some("media/photo.png")
        );
        assert_eq!(
            found("@/media/photo.png").unwrap().as_deref(),
            Some("media/photo.png")
        );
        assert_eq!(
            found("@/content/media/photo.png").unwrap().as_deref(),
            Some("media/photo.png")
        );
        assert_eq!(
            found("beside.png").unwrap().as_deref(),
            Some("pages/beside.png")
        );
        assert_eq!(
            found("./beside.png").unwrap().as_deref(),
            Some("pages/beside.png")
        );
        assert_eq!(
            media
                .locate(Path::new("content/_index.fr.md"), "media/photo.png")
                .ok()
                .flatten()
                .as_deref(),
            Some("media/photo.png")
        );
        for remote in [
            "https://example.org/x.png",
            "//cdn.example.org/x.png",
            "data:image/png;base64,AA",
        ] {
            assert_eq!(found(remote).unwrap(), None, "{remote}");
        }
        assert!(
            found("../../config.yaml")
                .unwrap_err()
                .contains("climbs out of content/")
        );
        assert!(
            found("/static/photo.png")
                .unwrap_err()
                .contains("not from the site's root")
        );
        assert!(
            found("../_index.fr.md").is_err(),
            "a page is not a media file"
        );
    }

    #[test]
    fn a_missing_file_gets_the_nearest_in_the_form_written() {
        let (_dir, media) = media(&[("media/photo.png", png(10, 5))]);
        let problem = |dest: &str| {
            media
                .locate(Path::new("content/pages/a.fr.md"), dest)
                .unwrap_err()
        };
        let p = problem("../media/phot.png");
        assert_eq!(
            p.message,
            "`../media/phot.png`: no file content/media/phot.png"
        );
        assert_eq!(
            p.help.as_deref(),
            Some("did you mean `../media/photo.png`?")
        );
        assert_eq!(
            problem("@/media/foto.png").help.as_deref(),
            Some("did you mean `@/media/photo.png`?")
        );
        assert_eq!(problem("../media/x.png").help.as_deref(), Some(HOW));
    }

    #[test]
    fn an_img_has_its_size_variants_and_the_base_url() {
        let (_dir, media) = media(&[("media/wide photo.png", png(1000, 500))]);
        let attributes = show(&media, "content/pages/a.fr.md", "../media/wide%20photo.png")
            .unwrap()
            .unwrap();
        let hash = attributes
            .split("/sub/media/wide%20photo.")
            .nth(1)
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .to_string();
        let url = |w: u32| format!("/sub/media/wide%20photo.{hash}.{w}.png");
        assert_eq!(
            attributes,
            format!(
                r#"src="{}" srcset="{} 480w, {} 960w, {} 1000w" sizes="{SIZES}" width="1000" height="500" loading="lazy" decoding="async""#,
                url(960),
                url(480),
                url(960),
                url(1000)
            )
        );
        let absolute = Images::image(
            &media.absolute(),
            Path::new("content/pages/a.fr.md"),
            "../media/wide photo.png",
            1,
            1,
        )
        .unwrap()
        .unwrap();
        assert!(
            absolute.starts_with(&format!(r#"src="https://example.org{}""#, url(960))),
            "{absolute}"
        );
        assert_eq!(
            media.shown_in(Path::new("content/pages/a.fr.md")),
            BTreeSet::from([PathBuf::from("content/media/wide photo.png")])
        );
    }

    #[test]
    fn svg_and_gif_are_published_as_they_are() {
        let svg = br#"<?xml version="1.0"?><!-- <svg width="1"> --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150" width="600"><rect/></svg>"#;
        let mut gif = Vec::new();
        DynamicImage::ImageRgba8(image::RgbaImage::new(7, 3))
            .write_to(&mut Cursor::new(&mut gif), ImageFormat::Gif)
            .unwrap();
        let (_dir, media) = media(&[("media/a.svg", svg.to_vec()), ("media/b.gif", gif.clone())]);
        let a = show(&media, "content/pages/a.fr.md", "../media/a.svg")
            .unwrap()
            .unwrap();
        assert!(
            a.contains(r#"width="600" height="300""#) && !a.contains("srcset"),
            "{a}"
        );
        let b = show(&media, "content/pages/a.fr.md", "../media/b.gif")
            .unwrap()
            .unwrap();
        assert!(
            b.contains(r#"width="7" height="3""#) && !b.contains("srcset"),
            "{b}"
        );
        let files = media.publish(&crate::render::InMemory);
        let files: BTreeMap<String, Arc<Vec<u8>>> = files
            .into_iter()
            .map(|f| f.unwrap())
            .map(|(path, file)| (path, file.bytes))
            .collect();
        assert_eq!(files.len(), 2);
        let svg_file = files.iter().find(|(p, _)| p.ends_with(".svg")).unwrap();
        assert!(svg_file.0.starts_with("media/a."), "{}", svg_file.0);
        assert_eq!(svg_file.1.as_slice(), svg);
        assert_eq!(
            files
                .iter()
                .find(|(p, _)| p.ends_with(".gif"))
                .unwrap()
                .1
                .as_slice(),
            gif
        );
    }

    #[test]
    fn svg_sizes() {
        assert_eq!(svg_size(r#"<svg width="10" height="20px">"#), Ok((10, 20)));
        assert_eq!(svg_size(r#"<svg viewBox="0,0,40.4,20">"#), Ok((40, 20)));
        assert_eq!(
            svg_size(r#"<svg width="100%" viewBox="0 0 40 20">"#),
            Ok((40, 20))
        );
        assert_eq!(
            svg_size(r#"<svg height="10" viewBox="0 0 40 20">"#),
            Ok((20, 10))
        );
        assert_eq!(
            svg_size(r#"<svg data-width="5" width='8' height='4'>"#),
            Ok((8, 4))
        );
        assert!(
            svg_size(r#"<svg width="100%">"#)
                .unwrap_err()
                .contains("gives no size")
        );
        assert!(svg_size("<html>").is_err());
        assert!(svg_size("").is_err());
    }

    #[test]
    fn what_is_not_an_image_is_said_where_it_is_shown() {
        let mut truncated = png(600, 300);
        truncated.truncate(truncated.len() / 2);
        let (_dir, media) = media(&[
            ("media/notes.png", b"not an image at all".to_vec()),
            ("media/cut.png", truncated),
        ]);
        let e = show(&media, "content/pages/a.fr.md", "../media/notes.png").unwrap_err();
        assert_eq!(
            e,
            format!(
                "error: content/pages/a.fr.md:3:5: `../media/notes.png` is not an image that can be read: its content is not that of a PNG, JPEG, WebP or GIF file\n  help: {FORMATS}"
            )
        );
        // The header reads, the pixels do not: found when it is decoded, also by `check`.
        show(&media, "content/pages/b.en.md", "@/media/cut.png")
            .unwrap()
            .unwrap();
        let problems: Vec<String> = media
            .publish(&crate::render::Discard)
            .into_iter()
            .filter_map(|r| r.err())
            .flat_map(|e| e.into_diagnostics())
            .map(|d| d.location())
            .collect();
        assert_eq!(problems, ["content/pages/b.en.md:3:5"]);
    }

    #[test]
    fn variants_are_the_same_bytes_every_time() {
        let (_dir, media) = media(&[("media/p.png", png(1000, 400))]);
        let made = || -> Vec<(String, Vec<u8>)> {
            show(&media, "content/x.fr.md", "media/p.png").unwrap();
            let mut files: Vec<(String, Vec<u8>)> = media
                .publish(&crate::render::InMemory)
                .into_iter()
                .map(|f| f.unwrap())
                .map(|(path, file)| (path, file.bytes.to_vec()))
                .collect();
            files.sort();
            files
        };
        let first = made();
        assert_eq!(first.len(), 3);
        for (path, bytes) in &first {
            let width: u32 = path.rsplit('.').nth(1).unwrap().parse().unwrap();
            let decoded = image::load_from_memory(bytes).unwrap();
            assert_eq!(
                (decoded.width(), decoded.height()),
                (width, scaled(400, width, 1000))
            );
        }
        assert_eq!(first, made());
    }

    #[test]
    fn percent_encoding_round_trips() {
        assert_eq!(
            percent_encoded("/sub/media/a b,c.é.png"),
            "/sub/media/a%20b%2Cc.%C3%A9.png"
        );
        assert_eq!(percent_decoded("a%20b%2Cc.%C3%A9.png"), "a b,c.é.png");
        assert_eq!(percent_decoded("100%.png"), "100%.png");
        let relative_path =
            |base: &[&str], to| super::super::assets::relative_url(&base.join("/"), to);
        assert_eq!(relative_path(&["pages"], "media/x.png"), "../media/x.png");
        assert_eq!(relative_path(&[], "media/x.png"), "media/x.png");
        assert_eq!(relative_path(&["pages"], "pages/x.png"), "x.png");
    }
}
