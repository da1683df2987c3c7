//! `passerelle report`: writes the annual report of a year as files, one self-contained
//! HTML document per language and, when asked, its A4 PDF ([`pdf`]). It sits on top of the
//! site: the edition comes from [`crate::model::edition`], the document from
//! [`crate::pages::report`]; this module only chooses, writes and prints.

pub mod pdf;

use crate::pages::report::{Target, document};
use pdf::{PdfError, PrintError, print_with_page_numbers};

use crate::Site;
use crate::content::PARTNERS_FILE;
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use crate::model::edition::{Edition, years};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name of the report of `year` in `lang`: `rapport-2022.fr.html`.
pub fn file_name(site: &Site, year: i32, lang: Lang, extension: &str) -> String {
    format!(
        "{}-{year}.{}.{extension}",
        site.config.paths.report.get(lang),
        lang.code()
    )
}

/// Writes `bytes` to `path` through a temporary file beside it, so that a reader never
/// finds half a report.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let partial = path.with_extension("part");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Error::io(path, e)
        })
}

/// What `passerelle report` asks for.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub build: crate::BuildOptions,
    /// None: the latest edition the data allow.
    pub year: Option<i32>,
    /// None: every language of the site.
    pub lang: Option<Lang>,
    /// The directory the files go into (created if needed).
    pub out: PathBuf,
    pub pdf: bool,
}

/// What `passerelle report` did.
#[derive(Debug)]
pub struct ReportOutcome {
    pub year: i32,
    /// Every file written, in order.
    pub written: Vec<PathBuf>,
    /// The PDF could not be made: then nothing is written.
    pub pdf_error: Option<PdfError>,
    pub warnings: Vec<Diagnostic>,
}

/// Loads the site, renders the report of the year in each language asked for, writes it
/// into `out`, and prints it to PDF when asked.
pub fn write(options: &ReportOptions) -> Result<ReportOutcome> {
    let site = Site::load(&options.build)?;
    let year = match options.year {
        Some(year) => year,
        None => years(&site.data).map(|(_, last)| last).ok_or_else(|| {
            Diagnostic::error(
                PARTNERS_FILE,
                "no report: there are no partners in the data",
            )
        })?,
    };
    let edition = Edition::select(&site.data, year)?;
    let langs = match options.lang {
        Some(lang) if site.config.languages.contains(&lang) => vec![lang],
        Some(lang) => {
            return Err(Diagnostic::error(
                &site.config_path,
                format!("--lang {lang}: the site is not published in that language"),
            )
            .into());
        }
        None => site.config.languages_in_order(),
    };
    let render_file = |lang: Lang, pages: &BTreeMap<String, usize>| {
        document(&site, &edition, lang, Target::File, pages)
            .and_then(|document| crate::render::render_document(&site, &document))
    };
    let mut rendered = Vec::new();
    let mut problems = Vec::new();
    for &lang in &langs {
        match render_file(lang, &BTreeMap::new()) {
            Ok(html) => rendered.push((lang, html)),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    crate::output::check_not_precious(&site.root, &options.out)?;
    std::fs::create_dir_all(&options.out).map_err(|e| Error::io(&options.out, e))?;
    // Every file is made in a folder of its own inside `out` (same file system), and moved
    // into place only once all of them are: a failure, a browser that hangs or a kill while
    // printing (the seconds this takes) leaves the folder as it was, never a new HTML file
    // beside an old PDF. What a kill leaves is the hidden folder, which nothing reads.
    let staging = tempfile::Builder::new()
        .prefix(".passerelle-report-")
        .tempdir_in(&options.out)
        .map_err(|e| Error::io(&options.out, e))?;
    let mut staged = Vec::new();
    for (lang, html) in rendered {
        let name = file_name(&site, year, lang, "html");
        let path = staging.path().join(&name);
        write_whole(&path, html.as_bytes())?;
        staged.push(name.clone());
        if options.pdf {
            let pdf = path.with_extension("pdf");
            match print_with_page_numbers(&path, &pdf, |pages| render_file(lang, pages)) {
                Ok(()) => staged.push(file_name(&site, year, lang, "pdf")),
                Err(PrintError::Pdf(mut e)) => {
                    if let PdfError::Failed { pdf, .. } = &mut e {
                        *pdf = options.out.join(file_name(&site, year, lang, "pdf"));
                    }
                    return Ok(ReportOutcome {
                        year,
                        written: Vec::new(),
                        pdf_error: Some(e),
                        warnings: site.findings.warnings,
                    });
                }
                Err(PrintError::Report(e)) => return Err(e),
            }
        }
    }
    let mut written = Vec::new();
    for name in staged {
        let to = options.out.join(&name);
        std::fs::rename(staging.path().join(&name), &to).map_err(|e| Error::io(&to, e))?;
        written.push(to);
    }
    Ok(ReportOutcome {
        year,
        written,
        pdf_error: None,
        warnings: site.findings.warnings,
    })
}
