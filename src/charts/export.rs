//! `passerelle charts`: every chart of the site as a file of its own, for a slide, a
//! document or a print: `NAME.LANG.svg`, the SVG the pages embed made to stand alone, or
//! with `--png` a PNG drawn from it by resvg with the theme's faces (as the social cards
//! are, [`crate::render::raster`]), on white, at twice its size so that it stays sharp on
//! a high-density screen or paper.
//!
//! In a page, a chart's text, axes and grid are `currentColor`, the page's text colour in
//! the light or the dark scheme; a file has no page around it, so they take the light
//! scheme's text colour, on white.

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use crate::{BuildOptions, Site};
use rayon::prelude::*;
use std::path::PathBuf;

/// The light scheme's text colour (`--fg` in the theme's style.css), which `currentColor`
/// stands for in a page read in that scheme.
pub const TEXT_COLOUR: &str = "#1b1f24";

/// How much larger than its `viewBox` a PNG is drawn.
pub const PNG_SCALE: f32 = 2.0;

/// What `passerelle charts` is asked for.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub build: BuildOptions,
    /// One language only; every language of the site by default.
    pub lang: Option<Lang>,
    /// The folder the files go in (made if needed).
    pub out: PathBuf,
    /// PNG files instead of SVG.
    pub png: bool,
}

/// What an export did.
#[derive(Debug)]
pub struct Exported {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// One chart to write: its file name and its SVG as a file of its own.
struct ChartFile {
    name: String,
    svg: String,
}

/// Writes every chart the site draws, in each language asked for, into `options.out`.
/// Nothing is written when the site has errors or a chart cannot be drawn.
pub fn export(options: &ExportOptions) -> Result<Exported> {
    let site = Site::load(&options.build)?;
    let languages = site.config.languages_in_order();
    let languages: Vec<Lang> = match options.lang {
        Some(lang) if !languages.contains(&lang) => {
            return Err(Diagnostic::error(
                &site.config_path,
                format!("the site is not published in {lang}"),
            )
            .with_help("--lang names one of the config's `languages`")
            .into());
        }
        Some(lang) => vec![lang],
        None => languages,
    };
    let facts = site.facts();
    let mut charts = Vec::new();
    let mut problems = Vec::new();
    for lang in languages {
        for (name, draw) in crate::charts::ALL {
            match draw(&facts, lang) {
                Ok(Some(chart)) => charts.push(ChartFile {
                    name: format!("{name}.{lang}"),
                    svg: super::svg::standalone(&chart.svg, TEXT_COLOUR, site.theme.fonts.family()),
                }),
                Ok(None) => {}
                Err(message) => problems.push(Diagnostic::error(
                    &site.config_path,
                    format!("chart `{name}` in {lang}: {message}"),
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    let files: Vec<(String, Vec<u8>)> = if options.png {
        let fonts = &site.theme.fonts;
        if fonts.is_empty() {
            let missing = crate::render::raster::Fonts::missing(&site.theme.dir, "a chart");
            return Err(missing.into());
        }
        charts
            .par_iter()
            .map(|chart| {
                fonts
                    .png(&chart.svg, PNG_SCALE)
                    .map(|png| (format!("{}.png", chart.name), png))
                    .map_err(|reason| {
                        Diagnostic::error(
                            &site.config_path,
                            format!("chart {} cannot be drawn: {reason}", chart.name),
                        )
                        .into()
                    })
            })
            .collect::<Result<_>>()?
    } else {
        charts
            .into_iter()
            .map(|chart| (format!("{}.svg", chart.name), chart.svg.into_bytes()))
            .collect()
    };
    std::fs::create_dir_all(&options.out).map_err(|e| Error::io(&options.out, e))?;
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = options.out.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(Exported {
        written,
        warnings: site.findings.warnings.clone(),
    })
}
