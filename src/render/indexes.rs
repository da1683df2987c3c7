//! Machine-readable indexes of the site: `sitemap.xml` with hreflang alternates,
//! `robots.txt`, and one Atom feed per language of the partnership's events and news.

use super::OutputFile;
use super::escape as xml_escape;
use crate::Site;
use crate::content::data::PartialDate;
use crate::content::{ACTIVITIES_FILE, CONCLUSIONS_FILE, DATA_FILES, PARTNERS_FILE};
use crate::lang::Lang;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

fn file(path: &str, text: String, sources: BTreeSet<PathBuf>) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: Arc::new(text.into_bytes()),
        sources,
    }
}

/// Every HTML page but the 404s, each with its language alternates and `x-default`.
pub fn sitemap(site: &Site) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for route in site.routes.iter().filter(|r| r.kind.info().in_sitemap) {
        let _ = writeln!(
            xml,
            "  <url>\n    <loc>{}</loc>",
            xml_escape(&site.base.absolute(&route.site_path))
        );
        if let Some(date) = crate::pages::updated(site, route) {
            // W3C datetime takes a date as precise as the data: 2022-06-08, 2017-12.
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        for lang in site.config.languages_in_order() {
            if let Some(other) = site.route(&route.key, lang) {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    lang,
                    xml_escape(&site.base.absolute(&other.site_path))
                );
            }
        }
        let _ = writeln!(
            xml,
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>",
            xml_escape(&site.base.absolute(""))
        );
    }
    xml.push_str("</urlset>\n");
    let sources = site
        .pages
        .iter()
        .map(|p| p.path.clone())
        // Any data file may gain an `updated:` date, which becomes its pages' <lastmod>.
        .chain(DATA_FILES.iter().map(PathBuf::from))
        .chain([site.config_path.clone()])
        .collect();
    file("sitemap.xml", xml, sources)
}

/// `robots.txt`. Crawlers read it at the host's root only: under a base URL with a path,
/// the file says so, for whoever publishes the site to copy its `Sitemap:` line there.
pub fn robots(site: &Site) -> OutputFile {
    let mut text = String::new();
    if site.base.prefix != "/" {
        let _ = writeln!(
            text,
            "# Crawlers read only {}/robots.txt, not this file: copy the Sitemap line below there.",
            site.base.origin
        );
    }
    let _ = write!(
        text,
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.base.absolute("sitemap.xml")
    );
    file(
        "robots.txt",
        text,
        BTreeSet::from([site.config_path.clone()]),
    )
}

/// RFC 3339 for a date of the data (a month or a year means its first day).
fn rfc3339(date: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    )
}

/// The Atom feed of a language.
pub fn feed(site: &Site, lang: Lang) -> OutputFile {
    let i18n = &site.i18n;
    let entries = crate::pages::feed_entries(site, lang);
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".into(), |e| rfc3339(e.date));
    let self_url = site.base.absolute(&crate::urls::feed_path(lang));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">"
    );
    let _ = writeln!(
        xml,
        "  <title>{}</title>",
        xml_escape(&i18n.get(lang, "feed-title", None))
    );
    let _ = writeln!(
        xml,
        "  <subtitle>{}</subtitle>",
        xml_escape(site.config.title.get(lang))
    );
    let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&self_url));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" href=\"{}\"/>",
        xml_escape(&self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&site.base.absolute(&format!("{lang}/")))
    );
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        xml_escape(site.config.title.get(lang))
    );
    for entry in entries {
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", xml_escape(&entry.title));
        let _ = writeln!(xml, "    <id>{}</id>", xml_escape(&entry.id));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&entry.url)
        );
        let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(entry.date));
        let _ = writeln!(xml, "    <summary>{}</summary>", xml_escape(&entry.summary));
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    let mut sources = BTreeSet::from([
        PathBuf::from(ACTIVITIES_FILE),
        PathBuf::from(PARTNERS_FILE),
        PathBuf::from(CONCLUSIONS_FILE),
        site.config_path.clone(),
    ]);
    sources.extend(i18n.files.iter().cloned());
    file(&crate::urls::feed_path(lang), xml, sources)
}

/// The `_redirects` file of the pages' former addresses.
pub fn redirect_rules(site: &Site) -> OutputFile {
    let mut sources: BTreeSet<PathBuf> = site.redirects.iter().map(|r| r.source.clone()).collect();
    sources.insert(site.config_path.clone());
    file(
        crate::pages::redirects::REDIRECTS_FILE,
        crate::pages::redirects::rules(site),
        sources,
    )
}
