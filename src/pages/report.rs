//! The annual report as a page kind: the partnership's status document for one year, made
//! from an [`Edition`] of the same data as the site so that no figure is typed twice.
//! [`render`] makes one self-contained HTML document per language (styles and charts
//! inline, no file beside it), which `build` publishes at `/<lang>/<report>/<year>/` and
//! `passerelle report` writes as files. Chapters follow the status document of 8 June
//! 2022: history, partners list and taxonomy, profiles, ongoing process, work plan, and the
//! terms in annex.

use super::common::{StatedKindsNote, plain, stated_kinds_note};
use super::{Document, Kind, OgType, Route, RouteKind, View, generated, keys};
use crate::Site;
use crate::charts::{self, Chart, Facts};
use crate::config::Config;
use crate::content::data::Data;
use crate::content::data::{Activity, Partner, PartnerStatus, WorkPlan};
use crate::content::{ACTIVITIES_FILE, DOMAINS_FILE, PARTNERS_FILE};
use crate::diagnostic::Diagnostic;
use crate::i18n::{Country, Words};
use crate::lang::Lang;
use crate::markdown;
use crate::model::edition::Edition;
use fluent_bundle::FluentValue;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The pages the report takes chapters from, by key: history (chapter 1), taxonomy (its
/// figure-free prose, in chapter 2) and the terms of collaboration (the annex).
const HISTORY: &str = "pages/history";
const TAXONOMY: &str = "pages/taxonomy";
const TERMS: &str = "pages/terms";

/// The template the report is rendered with; it stands alone (no `base.html`).
pub const TEMPLATE: &str = "report.html";

pub(super) const KIND: Kind = Kind {
    name: "report",
    data_files: &[PARTNERS_FILE, ACTIVITIES_FILE, DOMAINS_FILE],
    title: Some("report-page-title"),
    parent: None,
    nav: None,
    in_sitemap: true,
    shows_pages: true,
    view: View::Standalone(page),
    feed: None,
    og_type: Some(OgType::Article),
};

/// The latest edition the data allow, at `/<lang>/<report>/<year>/`.
pub(super) fn routes(config: &Config, data: &Data, lang: Lang, routes: &mut Vec<Route>) {
    if let Some((_, year)) = crate::model::edition::years(data) {
        routes.push(generated(
            keys::REPORT,
            lang,
            RouteKind::Report(year),
            &[config.paths.report.get(lang), &year.to_string()],
            year.to_string(),
            TEMPLATE,
            PARTNERS_FILE,
        ));
    }
}

/// The report as a page of the site.
fn page(site: &Site, route: &Route) -> Result<Document, Vec<Diagnostic>> {
    let RouteKind::Report(year) = route.kind else {
        return Err(Vec::new());
    };
    let edition = Edition::select(&site.data, year).map_err(|d| vec![d])?;
    document(site, &edition, route.lang, Target::Site, &BTreeMap::new())
}

/// Where a rendering of the report goes, which decides its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A file of its own (`passerelle report`): links to the site are absolute.
    File,
    /// A page of the site: links are the site's own, and it names its other languages.
    Site,
}

#[derive(Serialize)]
struct ReportView {
    lang: &'static str,
    year: i32,
    title: String,
    subtitle: String,
    dateline: String,
    /// What search engines and shared links show of the published report.
    description: String,
    website: Option<String>,
    email: Option<String>,
    /// The running header of printed pages, as a CSS string.
    running_header: String,
    home_url: String,
    /// The published page's absolute URL.
    canonical: Option<String>,
    /// A document that stands alone (`report` writes it to a file): the theme's font is
    /// inside it rather than beside it.
    standalone: bool,
    /// The report in the other languages (published pages only).
    translations: Vec<Link>,
    contents: Vec<Link>,
    history: Option<PageChapter>,
    partners: PartnersChapter,
    /// The profiles (chapter 3), then the joinings under way (chapter 4).
    partner_chapters: [Chapter<ProfileView>; 2],
    work_plan: WorkPlanChapter,
    terms: Option<PageChapter>,
}

#[derive(Serialize)]
struct Link {
    label: String,
    url: String,
    lang: Option<&'static str>,
    /// The absolute URL, for `hreflang` alternates.
    permalink: Option<String>,
    /// The printed page it starts on (table of contents of the PDF).
    page: Option<usize>,
}

#[derive(Serialize)]
struct PageChapter {
    id: String,
    title: String,
    html: String,
}

#[derive(Serialize)]
struct Chapter<T> {
    id: String,
    title: String,
    items: Vec<T>,
    /// Said when there are no items.
    empty: String,
}

#[derive(Serialize)]
struct PartnersChapter {
    id: String,
    title: String,
    list_title: String,
    /// "Liste complète (25) : …", the cohorts, the year's joins and departures.
    lists: Vec<String>,
    taxonomy_title: String,
    countries: String,
    /// Under `countries`: the partners whose country the sources do not state, which
    /// `countries` marks.
    countries_note: Option<String>,
    /// The taxonomy page's own prose.
    taxonomy_html: String,
    kinds: String,
    /// Under `kinds`, where the source document states other figures: which, and why.
    kinds_note: Option<StatedKindsNote>,
    charts: Vec<Chart>,
}

#[derive(Serialize)]
struct ProfileView {
    id: String,
    name: String,
    introduced: Option<String>,
    profile: String,
}

#[derive(Serialize)]
struct WorkPlanChapter {
    id: String,
    title: String,
    intro: String,
    others: Option<String>,
    categories: Vec<CategoryView>,
    charts: Vec<Chart>,
    chart_notes: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
struct CategoryView {
    id: String,
    title: String,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct RowView {
    sector: String,
    title: String,
    /// "(titre de la rédaction)" when the source gives the row no title.
    title_note: Option<String>,
    date: String,
    partners: String,
    /// "Autres organisations : ICANN": those that are not partners.
    others: Option<String>,
    description: String,
}

/// The document of `edition` in `lang`, for the theme's `report.html`; every problem is
/// returned. `pages` gives the printed page of each chapter id, for the table of contents
/// (known only once the document has been printed: see [`crate::report`]).
pub fn document(
    site: &Site,
    edition: &Edition,
    lang: Lang,
    target: Target,
    pages: &BTreeMap<String, usize>,
) -> std::result::Result<Document, Vec<Diagnostic>> {
    let words = Words::new(&site.i18n, lang).typeset();
    let mut problems = Vec::new();
    let mut sources: BTreeSet<PathBuf> = [PARTNERS_FILE, ACTIVITIES_FILE, DOMAINS_FILE]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    sources.insert(site.config_path.clone());
    sources.extend(site.i18n.files.iter().cloned());
    sources.extend(site.template_sources(TEMPLATE));

    let absolute = crate::links::Absolute(site);
    let resolve: &dyn crate::links::Resolve = match target {
        Target::File => &absolute,
        Target::Site => site,
    };
    // A page's own text keeps its links relative to the page's address.
    let page_path = |path: &Path| {
        if path.extension().is_none_or(|e| e != "md") {
            return None;
        }
        site.pages
            .iter()
            .find(|p| p.path == path && p.lang == lang)
            .and_then(|p| site.route(&p.key, lang))
            .map(|r| r.site_path.as_str())
    };
    // As its links, the images of a report file point at the published site.
    let absolute = site.media.absolute();
    let images: &dyn markdown::Images = match target {
        Target::File => &absolute,
        Target::Site => &site.media,
    };
    let markdown = |text: &str, path: &Path, line: usize, problems: &mut Vec<Diagnostic>| {
        let page = page_path(path);
        // A page's shortcodes show in the report as on the page; a data text has none.
        let shortcodes = super::shortcodes::PageShortcodes::new(site, path);
        let cx = markdown::Context {
            lang,
            path,
            first_line: line,
            allow_html: site.config.allow_html,
            page,
            resolve,
            shortcodes: page.map(|_| &shortcodes as &dyn crate::shortcodes::Show),
            images: Some(images),
        };
        markdown::render(text, &cx).map_or_else(
            |e| {
                problems.extend(e);
                String::new()
            },
            |r| r.html,
        )
    };
    let page = |key: &str| {
        site.route(key, lang)
            .and_then(|r| r.kind.page())
            .map(|i| &site.pages[i])
    };

    let mut number = 0;
    let mut contents = Vec::new();
    // Chapters are numbered as they come: one whose page is missing leaves no gap.
    let mut chapter = |title: String| -> (String, String) {
        number += 1;
        let id = format!("chapter-{number}");
        let label = format!("{number}. {title}");
        contents.push(Link {
            label: label.clone(),
            url: format!("#{id}"),
            lang: None,
            permalink: None,
            page: pages.get(&id).copied(),
        });
        (id, label)
    };

    let history = page(HISTORY).map(|p| {
        sources.insert(p.path.clone());
        let kept =
            markdown::sections(&p.body).join(|heading| period_starts_by(heading, edition.year));
        let (id, title) = chapter(plain(&p.front.title, lang));
        let html = embed(&markdown(&kept, &p.path, 0, &mut problems), &id);
        PageChapter { id, title, html }
    });

    let (id, title) = chapter(words.get("report-chapter-partners"));
    let taxonomy_html = page(TAXONOMY).map_or_else(String::new, |p| {
        sources.insert(p.path.clone());
        embed(
            &markdown(&p.body, &p.path, p.body_line, &mut problems),
            &format!("{id}-taxonomy"),
        )
    });
    let facts = Facts {
        data: &edition.data,
        figures: &edition.figures,
        i18n: &site.i18n,
        wide: charts::Frame::Print,
    };
    let mut draw = |draw: fn(&Facts, Lang) -> charts::Drawn| match draw(&facts, lang) {
        Ok(chart) => chart,
        Err(message) => {
            problems.push(Diagnostic::error(PARTNERS_FILE, message));
            None
        }
    };
    let partner_charts = [charts::countries, charts::kinds, charts::membership]
        .into_iter()
        .filter_map(&mut draw)
        .collect();
    let work_plan_charts = [charts::engagement, charts::domains]
        .into_iter()
        .filter_map(&mut draw)
        .collect();
    let kinds_note = stated_kinds_note(
        &words,
        &edition.data,
        &edition.figures,
        edition.as_of,
        &mut |text| markdown(text, Path::new(PARTNERS_FILE), 0, &mut problems),
    );
    let partners = PartnersChapter {
        id,
        title,
        list_title: words.get("report-section-list"),
        lists: partner_lists(&words, edition),
        taxonomy_title: words.get("report-section-taxonomy"),
        countries: countries_sentence(&words, edition),
        countries_note: countries_not_in_sources(&words, edition),
        taxonomy_html,
        kinds: kinds_sentence(&words, edition),
        kinds_note,
        charts: partner_charts,
    };

    let profile = |p: &Partner, problems: &mut Vec<Diagnostic>| ProfileView {
        id: format!("partner-{}", p.id),
        name: p.name.clone(),
        introduced: p
            .introduced
            .map(|d| words.with("report-introduced", &[("date", words.date(&d).into())])),
        profile: markdown(p.profile.get(lang), Path::new(PARTNERS_FILE), 0, problems),
    };
    let (id, title) = chapter(words.get("report-chapter-profiles"));
    let profiles = Chapter {
        id,
        title,
        items: edition
            .active()
            .into_iter()
            .map(|p| profile(p, &mut problems))
            .collect(),
        empty: String::new(),
    };
    let (id, title) = chapter(words.with(
        "report-chapter-ongoing",
        &[("year", edition.year.to_string().into())],
    ));
    let ongoing = Chapter {
        id,
        title,
        items: edition
            .joining()
            .into_iter()
            .map(|p| profile(p, &mut problems))
            .collect(),
        empty: words.get("report-no-ongoing"),
    };

    let (id, title) = chapter(words.get("report-chapter-work-plan"));
    let work_plan = work_plan(&words, edition, id, title, work_plan_charts, &mut |text| {
        markdown(text, Path::new(ACTIVITIES_FILE), 0, &mut problems)
    });

    let terms = page(TERMS).map(|p| {
        sources.insert(p.path.clone());
        let (id, title) = chapter(plain(&p.front.title, lang));
        let html = embed(&markdown(&p.body, &p.path, p.body_line, &mut problems), &id);
        PageChapter { id, title, html }
    });

    let title = site.config.title.get(lang).clone();
    let year = edition.year.to_string();
    let date = words.date(&edition.as_of);
    let subtitle = words.with("report-subtitle", &[("year", year.clone().into())]);
    // Only the latest edition is a document of the day the data were brought up to date;
    // an earlier one states the partnership at the end of its year.
    let dateline = match &site.config.report.place {
        Some(place) if edition.latest => words.with(
            "report-dateline",
            &[("place", place.clone().into()), ("date", date.into())],
        ),
        _ => words.with("report-as-of", &[("date", date.into())]),
    };
    let view = ReportView {
        lang: lang.code(),
        year: edition.year,
        description: format!("{subtitle} · {title} ({dateline})"),
        subtitle,
        dateline,
        website: site.config.report.website.clone(),
        email: site.config.report.email.clone(),
        running_header: css_string(&words.with(
            "report-running-header",
            &[("title", title.clone().into()), ("year", year.into())],
        )),
        title,
        home_url: match target {
            Target::File => site.base.absolute(&format!("{}/", lang.code())),
            Target::Site => site
                .url(keys::HOME, lang)
                .unwrap_or_else(|| site.base.path(&format!("{}/", lang.code()))),
        },
        standalone: target == Target::File,
        canonical: match target {
            Target::File => None,
            Target::Site => site
                .route("report", lang)
                .map(|r| site.base.absolute(&r.site_path)),
        },
        translations: match target {
            Target::File => Vec::new(),
            Target::Site => site
                .config
                .languages_in_order()
                .into_iter()
                .filter(|other| *other != lang)
                .filter_map(|other| {
                    let route = site.route(keys::REPORT, other)?;
                    Some(Link {
                        label: site.i18n.get(other, "report-in-this-language", None),
                        url: site.base.path(&route.site_path),
                        lang: Some(other.code()),
                        permalink: Some(site.base.absolute(&route.site_path)),
                        page: None,
                    })
                })
                .collect(),
        },
        contents,
        history,
        partners,
        partner_chapters: [profiles, ongoing],
        work_plan,
        terms,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let context = tera::Context::from_serialize(&view).map_err(|e| {
        vec![Diagnostic::error(
            PARTNERS_FILE,
            format!("the report could not be prepared: {e}"),
        )]
    })?;
    Ok(Document {
        template: TEMPLATE,
        description: view.description,
        context,
        sources,
    })
}

/// True for a history heading that names a period ("2016", "2017-2018") starting by
/// `year`. The history chapter keeps the lead and these, and stops at the first heading
/// that is not a period (what follows is the website's own narrative).
fn period_starts_by(heading: &str, year: i32) -> bool {
    let start = heading.split(['-', '–']).next().unwrap_or("").trim();
    start.len() == 4 && start.parse::<i32>().is_ok_and(|y| y <= year)
}

/// A page's HTML as part of a chapter: its headings one level down (the chapter's title is
/// the `h2`) and its ids (headings, footnotes) prefixed, so that two pages' ids never clash.
fn embed(html: &str, prefix: &str) -> String {
    let mut html = html.to_string();
    for level in (2..=5).rev() {
        html = html
            .replace(&format!("<h{level}"), &format!("<h{}", level + 1))
            .replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    html.replace("id=\"", &format!("id=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
}

/// `text` as a CSS string literal, safe inside a `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3c "),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A partner's name, set in the language's typography.
fn name(w: &Words, p: &Partner) -> String {
    plain(&p.name, w.lang)
}

/// A partner's name, with the end of its partnership when it ended.
fn name_and_end(w: &Words, p: &Partner) -> String {
    match p.ended {
        Some(ended) => format!(
            "{} {}",
            name(w, p),
            w.with("partner-ended-on", &[("date", w.date(&ended).into())])
        ),
        None => name(w, p),
    }
}

fn count(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

/// Section 2.1: the full list, the lists of each cohort (with the partners that have since
/// left, as the source lists them), the year's joins and departures, and the joinings
/// under way.
fn partner_lists(w: &Words, edition: &Edition) -> Vec<String> {
    // "<id>" with the partners' count (for plural rules) and their names in a list.
    let listed = |id: &str,
                  partners: &[&Partner],
                  name: &dyn Fn(&Partner) -> String,
                  more: &[(&str, FluentValue)]| {
        let names: Vec<String> = partners.iter().map(|p| name(p)).collect();
        let mut args = vec![
            ("count", count(partners.len())),
            ("names", w.list(&names).into()),
        ];
        args.extend(more.iter().cloned());
        w.with(id, &args)
    };
    let year = || FluentValue::from(edition.year.to_string());
    let name = |p: &Partner| name(w, p);
    let name_and_end = |p: &Partner| name_and_end(w, p);
    let mut lists = vec![listed("report-list-all", &edition.active(), &name, &[])];
    for cohort in edition.data.cohorts() {
        let members: Vec<&Partner> = edition
            .data
            .partners
            .iter()
            .filter(|p| p.cohort() == cohort && p.status != PartnerStatus::Joining)
            .collect();
        if !members.is_empty() {
            lists.push(listed(
                "report-list-cohort",
                &members,
                &name_and_end,
                &[("cohort", cohort.into())],
            ));
        }
    }
    lists.push(listed(
        "report-joined",
        &edition.joined(),
        &name,
        &[("year", year())],
    ));
    let left = edition.left();
    if !left.is_empty() {
        lists.push(listed(
            "report-left",
            &left,
            &name_and_end,
            &[("year", year())],
        ));
    }
    let joining = edition.joining();
    if !joining.is_empty() {
        // Partners due on the same day are named together, then that day, as the source
        // does ("ICC, Groupe Lego et Thalès à rejoindre le 28 juin 2022"). Planned days are
        // stated only by the latest edition: an earlier one could not know them.
        let mut groups: Vec<(Option<String>, Vec<String>)> = Vec::new();
        for p in &joining {
            let when = edition.latest.then(|| match &p.signed_text {
                Some(text) => plain(text.get(w.lang), w.lang),
                None => w.date(&p.signed),
            });
            match groups.iter_mut().find(|(w, _)| *w == when) {
                Some((_, names)) => names.push(name(p)),
                None => groups.push((when, vec![name(p)])),
            }
        }
        let names: Vec<String> = groups
            .into_iter()
            .map(|(when, names)| match when {
                Some(when) => format!("{} {when}", w.list(&names)),
                None => w.list(&names),
            })
            .collect();
        lists.push(w.with(
            "report-joining",
            &[
                ("year", year()),
                ("count", count(joining.len())),
                ("names", names.join(" ; ").into()),
            ],
        ));
    }
    lists
}

/// The partners counted in the edition's figures whose country the sources do not state,
/// by country in the order of the figures.
fn not_in_sources(edition: &Edition) -> Vec<(&str, Vec<&Partner>)> {
    let active = edition.active();
    edition
        .figures
        .by_country
        .iter()
        .map(|c| {
            let partners: Vec<&Partner> = active
                .iter()
                .filter(|p| p.country == c.key && p.country_source.is_some())
                .copied()
                .collect();
            (c.key.as_str(), partners)
        })
        .filter(|(_, partners)| !partners.is_empty())
        .collect()
}

/// Section 2.2's figures by country: "États-Unis (13 sur 25), Belgique (4 sur 25), …",
/// a country marked where the sources do not state some of its partners' headquarters.
fn countries_sentence(w: &Words, edition: &Edition) -> String {
    let f = &edition.figures;
    let marked = not_in_sources(edition);
    let mark = w.get("not-in-sources-mark");
    let items: Vec<String> = f
        .by_country
        .iter()
        .map(|c| {
            let item = w.with(
                "report-country-count",
                &[
                    ("country", w.label(&Country(&c.key)).into()),
                    ("count", count(c.count)),
                    ("total", count(f.partners)),
                ],
            );
            if marked.iter().any(|(country, _)| *country == c.key) {
                format!("{item}{mark}")
            } else {
                item
            }
        })
        .collect();
    w.with(
        "report-countries",
        &[
            ("total", count(f.partners)),
            ("countries", count(f.countries)),
            ("list", w.list(&items).into()),
        ],
    )
}

/// What the mark of [`countries_sentence`] means: "† … : GNI et IEEE (États-Unis), ETNO
/// (Belgique), …"; none when no country is marked.
fn countries_not_in_sources(w: &Words, edition: &Edition) -> Option<String> {
    let marked = not_in_sources(edition);
    if marked.is_empty() {
        return None;
    }
    let items: Vec<String> = marked
        .iter()
        .map(|(country, partners)| {
            let names: Vec<String> = partners.iter().map(|p| name(w, p)).collect();
            w.with(
                "report-country-partners",
                &[
                    ("names", w.list(&names).into()),
                    ("country", w.label(&Country(country)).into()),
                ],
            )
        })
        .collect();
    Some(w.with(
        "report-countries-not-in-sources",
        &[
            ("mark", w.get("not-in-sources-mark").into()),
            ("list", items.join(", ").into()),
        ],
    ))
}

/// Section 2.2's figures by kind: "14 entreprises, 8 associations d’entreprises et …".
fn kinds_sentence(w: &Words, edition: &Edition) -> String {
    let items: Vec<String> = edition
        .figures
        .by_kind
        .iter()
        .map(|k| {
            w.with(
                &format!("report-kind-{}", k.key),
                &[("count", count(k.count))],
            )
        })
        .collect();
    w.with(
        "report-kinds",
        &[
            ("total", count(edition.figures.partners)),
            ("list", w.list(&items).into()),
        ],
    )
}

/// Chapter 5: the activities of the edition by category, then the charts.
fn work_plan(
    w: &Words,
    edition: &Edition,
    id: String,
    title: String,
    charts: Vec<Chart>,
    markdown: &mut dyn FnMut(&str) -> String,
) -> WorkPlanChapter {
    let f = &edition.figures;
    let years = w.i18n.format_periods(w.lang, &f.plan_periods);
    let plan_count = || FluentValue::from(f.plan_periods.len());
    let mut others: Vec<&str> = edition
        .data
        .activities
        .iter()
        .flat_map(|a| a.others.iter().map(String::as_str))
        .collect();
    others.sort_by_key(|name| name.to_lowercase());
    others.dedup();
    let names = |ids: &[String]| -> String {
        let names: Vec<String> = ids
            .iter()
            .map(|id| {
                edition
                    .data
                    .partner(id)
                    .map_or_else(|| id.clone(), |p| name(w, p))
            })
            .collect();
        names.join(", ")
    };
    // Each category of each work plan with activities in the edition; the plan is named
    // only when there are several.
    let data = &edition.data;
    let in_plan =
        |a: &Activity, plan: &WorkPlan| data.work_plan_of(a).is_some_and(|w| w.id == plan.id);
    let plans: Vec<&WorkPlan> = data
        .work_plans
        .iter()
        .filter(|plan| data.activities.iter().any(|a| in_plan(a, plan)))
        .collect();
    let several = plans.len() > 1;
    let categories = plans
        .iter()
        .flat_map(|plan| {
            data.categories
                .iter()
                .map(move |category| (*plan, category))
        })
        .filter_map(|(plan, category)| {
            let rows: Vec<RowView> = data
                .activities
                .iter()
                .filter(|a| a.category == category.id && in_plan(a, plan))
                .map(|a| RowView {
                    sector: plain(a.sector.get(w.lang), w.lang),
                    title: plain(a.title.get(w.lang), w.lang),
                    title_note: a
                        .editorial_title
                        .then(|| w.get("activity-editorial-title-short")),
                    date: w.i18n.format_when(w.lang, a.start.as_ref(), a.end.as_ref()),
                    partners: names(&a.partners),
                    others: (!a.others.is_empty()).then(|| {
                        w.with(
                            "report-others-cell",
                            &[("names", a.others.join(", ").into())],
                        )
                    }),
                    description: a
                        .description
                        .as_ref()
                        .map(|d| markdown(d.get(w.lang)))
                        .unwrap_or_default(),
                })
                .collect();
            let name = plain(category.name.get(w.lang), w.lang);
            let (id, title) = if several {
                (
                    format!("category-{}-{}", plan.id, category.id),
                    w.with(
                        "report-plan-category",
                        &[
                            ("plan", plain(plan.title.get(w.lang), w.lang).into()),
                            ("category", name.into()),
                            ("count", count(rows.len())),
                        ],
                    ),
                )
            } else {
                (
                    format!("category-{}", category.id),
                    w.with(
                        "report-category",
                        &[("category", name.into()), ("count", count(rows.len()))],
                    ),
                )
            };
            (!rows.is_empty()).then_some(CategoryView { id, title, rows })
        })
        .collect();
    let chart_notes = BTreeMap::from([
        (
            "chart-engagement",
            w.with(
                "chart-engagement-method",
                &[
                    ("total", count(f.activities)),
                    ("years", years.clone().into()),
                    ("plans", plan_count()),
                ],
            ),
        ),
        ("chart-domains", w.get("chart-domains-note")),
    ]);
    WorkPlanChapter {
        id,
        title,
        intro: w.with(
            "report-work-plan-intro",
            &[
                ("count", count(f.activities)),
                ("years", years.into()),
                ("plans", plan_count()),
                ("year", edition.year.to_string().into()),
            ],
        ),
        others: (!others.is_empty()).then(|| {
            let others: Vec<String> = others.iter().map(|s| plain(s, w.lang)).collect();
            w.with("report-others", &[("names", others.join(", ").into())])
        }),
        categories,
        charts,
        chart_notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_headings_that_start_with_a_year() {
        assert!(period_starts_by("2016", 2021));
        assert!(period_starts_by("2020-2021", 2021));
        assert!(period_starts_by("2020–2021", 2020));
        assert!(!period_starts_by("2022", 2021));
        assert!(!period_starts_by("Les échanges de lettres", 2022));
    }

    #[test]
    fn embedded_pages_go_one_level_down_with_prefixed_ids() {
        let html =
            r##"<h2 id="a">A</h2><p><a href="#a">x</a><a href="https://e.org/#b">y</a></p>"##;
        assert_eq!(
            embed(html, "chapter-1"),
            r##"<h3 id="chapter-1-a">A</h3><p><a href="#chapter-1-a">x</a><a href="https://e.org/#b">y</a></p>"##
        );
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(css_string(r#"a "b" </style>"#), r#""a \"b\" \3c /style>""#);
    }
}
