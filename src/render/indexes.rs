//! Machine-readable indexes of the site: `sitemap.xml` with hreflang alternates,
//! `robots.txt`, and one Atom feed per language of the work-plan activities.

use super::OutputFile;
use super::routes::{ACTIVITIES_FILE, RouteKind};
use crate::Site;
use crate::content::data::PartialDate;
use crate::lang::Lang;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

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
    for route in site.routes.iter().filter(|r| r.kind != RouteKind::NotFound) {
        let _ = writeln!(
            xml,
            "  <url>\n    <loc>{}</loc>",
            xml_escape(&site.base.absolute(&route.site_path))
        );
        if let Some(date) = super::routes::updated(site, route) {
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
        .chain(site.data.updated.keys().cloned())
        .chain([site.config_path.clone()])
        .collect();
    file("sitemap.xml", xml, sources)
}

pub fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        site.base.absolute("sitemap.xml")
    );
    file(
        "robots.txt",
        text,
        BTreeSet::from([site.config_path.clone()]),
    )
}

/// The site path of a language's feed.
pub fn feed_path(lang: Lang) -> String {
    format!("{}/atom.xml", lang.code())
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

/// The work-plan activities as an Atom feed, newest first; dates come from the data, so
/// the feed is the same from one build to the next.
pub fn feed(site: &Site, lang: Lang) -> OutputFile {
    let i18n = &site.i18n;
    let mut dated: Vec<_> = site
        .data
        .activities
        .iter()
        .filter_map(|a| Some((a.end.or(a.start)?, a)))
        .collect();
    dated.sort_by(|(da, a), (db, b)| db.cmp(da).then_with(|| a.id.cmp(&b.id)));
    let updated = dated
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".into(), |(d, _)| rfc3339(*d));
    let self_url = site.base.absolute(&feed_path(lang));
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
    for (date, activity) in dated {
        let Some(route) = site.route(&format!("activities/{}", activity.id), lang) else {
            continue;
        };
        let url = site.base.absolute(&route.site_path);
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("sector", activity.sector.get(lang).clone());
        args.set(
            "category",
            i18n.get(
                lang,
                &format!("category-{}", crate::model::enum_key(&activity.category)),
                None,
            ),
        );
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(
            xml,
            "    <title>{}</title>",
            xml_escape(activity.title.get(lang))
        );
        let _ = writeln!(xml, "    <id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        let _ = writeln!(xml, "    <updated>{}</updated>", rfc3339(date));
        let _ = writeln!(
            xml,
            "    <summary>{}</summary>",
            xml_escape(&i18n.get(lang, "feed-entry-summary", Some(&args)))
        );
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    let mut sources = BTreeSet::from([PathBuf::from(ACTIVITIES_FILE), site.config_path.clone()]);
    sources.extend(i18n.files.iter().cloned());
    file(&feed_path(lang), xml, sources)
}
