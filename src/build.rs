//! `passerelle build`: loads the site, renders it straight into a staged copy of the output
//! and commits it whole ([`crate::output`]), unless the build would take the published
//! site down by accident.

use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use crate::{BuildOptions, Site, output, render, validate};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The outcome of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub output_dir: PathBuf,
    pub pages_per_lang: BTreeMap<Lang, usize>,
    pub files: usize,
    /// Every file written (over a previous build: the files that changed), relative to the
    /// output directory, in order.
    pub written: Vec<String>,
    /// Files of the previous build that this one no longer makes, now deleted.
    pub removed: Vec<String>,
    /// How long each phase took: load (and validate), render, write.
    pub phases: Vec<(&'static str, std::time::Duration)>,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, renders and writes the site; the previous output stays whole if anything fails.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let clock = std::time::Instant::now();
    // Problems between valid files do not stop the render, so that one run reports them
    // with the broken links and template errors that only rendering finds.
    let site = Site::load_for_check(options)?;
    let out = site.output_dir(options);
    output::check_output_dir(&site.root, &out)?;
    let loaded = clock.elapsed();
    // Each page is written into the staging directory as soon as it is rendered, so the site
    // is never whole in memory; the output is replaced only if the build succeeds. A load
    // that found errors fails the build whatever the render finds: it renders for the
    // problems it reports, writing nothing.
    let failed = site.findings.has_errors();
    let staging = if failed {
        None
    } else {
        Some(output::Staging::new(&out, &site.config.keep_in_output)?)
    };
    let rendered = match &staging {
        Some(staging) => site.render_into(staging),
        None => site.render_into(&render::Discard).map(|_| Vec::new()),
    };
    let (produced, warnings) = site.settle(rendered)?;
    if let Some(staging) = &staging
        && !options.allow_shrink
    {
        // A content folder moved, emptied or half-deleted by mistake must not take the
        // published site down with it (a deploy by `rsync --delete` would follow).
        let mut refusals =
            validate::lost_data_files(&site.root, &site.config, staging.previous_pages());
        let (removed, published) = staging.pages_removed(&produced);
        if removed * 2 > published {
            refusals.push(
                Diagnostic::error(
                    &out,
                    format!(
                        "this build would remove {removed} of the {published} pages published here"
                    ),
                )
                .with_help("if that is meant, build again with --allow-shrink"),
            );
        }
        if !refusals.is_empty() {
            return Err(Error::Content(refusals));
        }
    }
    let rendered = clock.elapsed();
    let committed = match staging {
        Some(staging) => staging.commit(&produced)?,
        None => output::Committed::default(),
    };
    let phases = vec![
        ("load", loaded),
        ("render and write", rendered - loaded),
        ("commit", clock.elapsed() - rendered),
    ];
    let mut pages_per_lang = BTreeMap::new();
    for route in &site.routes {
        *pages_per_lang.entry(route.lang).or_insert(0) += 1;
    }
    let mut warnings = warnings;
    warnings.extend(committed.warnings);
    Ok(BuildReport {
        output_dir: out,
        pages_per_lang,
        files: produced.len(),
        written: committed.written,
        removed: committed.removed,
        phases,
        warnings,
    })
}
