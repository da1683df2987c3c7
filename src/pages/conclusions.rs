//! The Council conclusions on EU digital diplomacy: numbered sections and paragraphs with
//! their footnotes, from `content/data/conclusions.yaml`.

use super::chrome::dataset_downloads;
use super::common::*;
use super::keys;
use super::toc::{self, TocEntry};
use super::{FeedEntry, Kind, Link, OgType, Parts, Route, RouteKind, View, generated, permalink};
use crate::Site;
use crate::config::Config;
use crate::content::CONCLUSIONS_FILE;
use crate::content::data::Data;
use crate::diagnostic::Diagnostic;
use crate::lang::{Lang, Text};
use crate::render::open_data::Dataset;
use serde::Serialize;
use std::collections::BTreeSet;

pub(super) const KIND: Kind = Kind {
    name: "conclusions",
    data_files: &[CONCLUSIONS_FILE],
    title: None,
    parent: None,
    nav: Some((70, "nav-conclusions")),
    in_sitemap: true,
    shows_pages: false,
    view: View::Framed(page),
    feed: Some(feed),
    og_type: Some(OgType::Article),
};

pub(super) fn routes(config: &Config, data: &Data, lang: Lang, routes: &mut Vec<Route>) {
    if let Some(conclusions) = &data.conclusions {
        routes.push(generated(
            keys::CONCLUSIONS,
            lang,
            RouteKind::Conclusions,
            &[config.paths.conclusions.get(lang)],
            conclusions.title.get(lang).clone(),
            "conclusions.html",
            CONCLUSIONS_FILE,
        ));
    }
}

fn page(site: &Site, route: &Route, parts: &mut Parts) {
    if let Some(view) = conclusions_view(site, route.lang, &mut parts.problems) {
        // Paragraphs have no titles: their first words tell them apart in the list.
        let entries = view.sections.iter().map(|section| TocEntry {
            children: section
                .paragraphs
                .iter()
                .map(|p| TocEntry::new(&p.anchor, &p.label))
                .collect(),
            ..TocEntry::new(
                format!("section-{}", section.number),
                format!("{}. {}", section.number, section.title),
            )
        });
        parts.toc = toc::worth_showing(entries.collect());
        let args = [
            ("title", view.title.clone().into()),
            ("date", view.date.clone().into()),
            ("reference", view.reference.clone().into()),
        ];
        parts.describe(site, route.lang, "conclusions-description", &args);
        parts.cx.insert("conclusions", &view);
    }
}

#[derive(Serialize)]
pub(super) struct ConclusionsView {
    pub(super) reference: String,
    pub(super) date: String,
    pub(super) title: String,
    pub(super) header: Vec<(String, String)>,
    pub(super) sections: Vec<SectionView>,
    pub(super) footnotes: Vec<FootnoteView>,
    /// The conclusions as open data (conclusions.json, conclusions.csv).
    pub(super) downloads: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct SectionView {
    pub(super) number: u32,
    pub(super) title: String,
    pub(super) paragraphs: Vec<ParagraphView>,
}

#[derive(Serialize)]
pub(super) struct ParagraphView {
    pub(super) number: u32,
    pub(super) anchor: String,
    /// Its number and first words: paragraphs have no titles, and this tells them apart
    /// in the contents list and among search results.
    pub(super) label: String,
    pub(super) text: String,
    pub(super) points: Vec<PointView>,
}

#[derive(Serialize)]
pub(super) struct PointView {
    pub(super) label: String,
    pub(super) anchor: String,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct FootnoteView {
    pub(super) number: u32,
    pub(super) anchor: String,
    pub(super) backref: String,
    pub(super) text: String,
}

/// The anchor of a paragraph on the conclusions page (`p3`); the open data's rows carry it.
pub fn paragraph_anchor(paragraph: u32) -> String {
    format!("p{paragraph}")
}

/// The anchor of a point of a paragraph (`p4-a`).
pub fn point_anchor(paragraph: u32, label: &str) -> String {
    format!("p{paragraph}-{}", crate::urls::slugify(label))
}

/// The anchor of a footnote (`fn-1`).
pub fn footnote_anchor(number: u32) -> String {
    format!("fn-{number}")
}

/// Renders a conclusions text and turns its `[^n]` calls into links to the footnotes.
pub(super) fn with_footnote_calls(html: &str, used: &mut BTreeSet<u32>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (call, n) in crate::content::data::footnote_calls(html) {
        out.push_str(&html[copied..call.start]);
        let id = if used.insert(n) {
            format!(r#" id="fnref-{n}""#)
        } else {
            String::new()
        };
        out.push_str(&format!(
            r##"<sup class="footnote-ref"><a href="#{}"{id}>{n}</a></sup>"##,
            footnote_anchor(n)
        ));
        copied = call.end;
    }
    out.push_str(&html[copied..]);
    out
}

pub(super) fn conclusions_view(
    site: &Site,
    lang: Lang,
    problems: &mut Vec<Diagnostic>,
) -> Option<ConclusionsView> {
    let c = site.data.conclusions.as_ref()?;
    let mut used = BTreeSet::new();
    let mut md = |t: &Text, problems: &mut Vec<Diagnostic>| {
        with_footnote_calls(
            &data_markdown(site, t, lang, CONCLUSIONS_FILE, problems),
            &mut used,
        )
    };
    let sections = c
        .sections
        .iter()
        .map(|section| SectionView {
            number: section.number,
            title: plain(section.title.get(lang), lang),
            paragraphs: section
                .paragraphs
                .iter()
                .map(|p| {
                    let text = md(&p.text, problems);
                    ParagraphView {
                        number: p.number,
                        anchor: paragraph_anchor(p.number),
                        label: format!("{}. {}", p.number, toc::first_words(&text, 6)),
                        text,
                        points: p
                            .points
                            .iter()
                            .map(|point| PointView {
                                label: point.label.clone(),
                                anchor: point_anchor(p.number, &point.label),
                                text: md(&point.text, problems),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let footnotes = c
        .footnotes
        .iter()
        .map(|f| FootnoteView {
            number: f.number,
            anchor: footnote_anchor(f.number),
            backref: format!("fnref-{}", f.number),
            text: data_markdown(site, &f.text, lang, CONCLUSIONS_FILE, problems),
        })
        .collect();
    Some(ConclusionsView {
        reference: c.reference.clone(),
        date: site.i18n.format_date(lang, &c.date),
        title: plain(c.title.get(lang), lang),
        header: c
            .header
            .iter()
            .map(|h| {
                (
                    plain(h.label.get(lang), lang),
                    plain(h.value.get(lang), lang),
                )
            })
            .collect(),
        sections,
        footnotes,
        downloads: dataset_downloads(site, Dataset::Conclusions),
    })
}

/// The conclusions, on the day the Council adopted them.
fn feed(site: &Site, lang: Lang) -> Vec<FeedEntry> {
    let (Some(conclusions), Some(url)) = (
        &site.data.conclusions,
        permalink(site, keys::CONCLUSIONS, lang),
    ) else {
        return Vec::new();
    };
    vec![FeedEntry {
        date: conclusions.date,
        id: url.clone(),
        url,
        title: plain(conclusions.title.get(lang), lang),
        summary: conclusions.reference.clone(),
    }]
}
