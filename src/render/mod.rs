//! Render: turns the loaded site into the bytes of every output file. Each route gets a view
//! struct made for its template; rendering runs in parallel on rayon with one shared Tera
//! instance and one set of Fluent bundles.

pub mod indexes;
pub mod open_data;
pub mod routes;
pub mod templates;
mod views;

use crate::Site;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::lang::Lang;
use rayon::prelude::*;
use routes::Route;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// Escapes text for HTML or XML content and quoted attribute values (`&#39;` rather than
/// `&apos;`, which HTML 4 lacks).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output directory, `/`-separated.
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
    /// The input files it was made from (content, data, templates, UI strings).
    pub sources: BTreeSet<PathBuf>,
}

/// Renders every route, the root language chooser and the assets; every error of every page
/// is collected before giving up.
pub fn render_site(site: &Site) -> Result<Vec<OutputFile>> {
    render_selected(site, &|_| true)
}

/// Renders the routes `wanted` keeps, plus every file that is not a route's page (the root
/// chooser, sitemap, robots.txt, feeds, open data, assets): those cost next to nothing, and
/// the preview server re-renders only the pages an edit reaches.
pub fn render_selected(
    site: &Site,
    wanted: &(dyn Fn(&Route) -> bool + Sync),
) -> Result<Vec<OutputFile>> {
    let results: Vec<Result<OutputFile, Vec<Diagnostic>>> = site
        .routes
        .par_iter()
        .filter(|route| wanted(route))
        .map(|route| render_route(site, route))
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len() + site.theme.assets.len() + 1);
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    match render_root(site) {
        Ok(file) => files.push(file),
        Err(problems) => diagnostics.extend(problems),
    }
    files.push(indexes::sitemap(site));
    files.push(indexes::robots(site));
    for lang in site.config.languages_in_order() {
        files.push(indexes::feed(site, lang));
    }
    match open_data::files(site) {
        Ok(data) => files.extend(data),
        Err(e) => diagnostics.extend(e.diagnostics().to_vec()),
    }
    for asset in site.theme.assets.values() {
        files.push(OutputFile {
            path: asset.site_path.clone(),
            bytes: asset.bytes.clone(),
            sources: BTreeSet::from([asset.source.clone()]),
        });
    }
    diagnostics.finish()?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn render_route(site: &Site, route: &Route) -> Result<OutputFile, Vec<Diagnostic>> {
    if let routes::RouteKind::Report(year) = route.kind {
        let edition = crate::report::Edition::select(&site.data, year).map_err(|d| vec![d])?;
        let report = crate::report::render(
            site,
            &edition,
            route.lang,
            crate::report::Target::Site,
            &Default::default(),
        )?;
        return Ok(OutputFile {
            path: route.output_file(),
            bytes: Arc::new(report.html.into_bytes()),
            sources: report.sources,
        });
    }
    let (context, mut sources) = views::context(site, route)?;
    let html = render_template(site, &route.template, &context, &route.source)?;
    sources.extend(site.template_sources(&route.template));
    sources.extend(site.i18n.files.iter().cloned());
    Ok(OutputFile {
        path: route.output_file(),
        bytes: Arc::new(html.into_bytes()),
        sources,
    })
}

/// `index.html` at the root: sends a visitor to their language, with plain links for
/// browsers without JavaScript; it is the `x-default` of every page.
fn render_root(site: &Site) -> Result<OutputFile, Vec<Diagnostic>> {
    let context = views::root_context(site);
    let config_path = site.config_path.clone();
    let html = render_template(site, "root.html", &context, &config_path)?;
    let mut sources = site.template_sources("root.html");
    sources.insert(config_path);
    sources.extend(site.i18n.files.iter().cloned());
    Ok(OutputFile {
        path: "index.html".into(),
        bytes: Arc::new(html.into_bytes()),
        sources,
    })
}

pub(crate) fn render_template(
    site: &Site,
    template: &str,
    context: &tera::Context,
    source: &std::path::Path,
) -> Result<String, Vec<Diagnostic>> {
    if !site.theme.tera.contains_template(template) {
        return Err(vec![Diagnostic::error(
            source,
            format!(
                "template `{template}` not found in {}",
                site.theme.dir.join("templates").display()
            ),
        )]);
    }
    site.theme.tera.render(template, context).map_err(|e| {
        vec![templates::template_error(
            &e,
            &site.theme.dir.join("templates"),
        )]
    })
}

/// The URL of `key` in `lang`, if that page exists.
pub fn url_of(site: &Site, key: &str, lang: Lang) -> Option<String> {
    site.route(key, lang).map(|r| site.base.path(&r.site_path))
}
