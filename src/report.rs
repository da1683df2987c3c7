//! The annual report: the partnership's status document for one year (`passerelle report
//! --year 2022`), made from the same data as the site so that no figure is typed twice.
//!
//! [`Edition::select`] takes the data as they stood that year (partners active then,
//! work-plan activities up to then, the year's joins and departures); [`render`] makes one
//! self-contained HTML document per language (styles and charts inline, no file beside it),
//! which `build` also publishes at `/<lang>/<report>/<year>/`; [`print_pdf`] prints it to A4
//! with headless Chromium. Chapters follow the status document of 8 June 2022: history,
//! partners list and taxonomy, profiles, ongoing process, work plan, and the terms in annex.

use crate::Site;
use crate::charts::{self, Chart, Facts};
use crate::content::data::{Category, Data, PartialDate, Partner, PartnerStatus};
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::i18n::typography;
use crate::lang::Lang;
use crate::markdown;
use crate::model::{Figures, enum_key};
use crate::render::routes::{ACTIVITIES_FILE, DOMAINS_FILE, PARTNERS_FILE};
use fluent_bundle::{FluentArgs, FluentValue};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The pages the report takes chapters from, by key: history (chapter 1), taxonomy (its
/// figure-free prose, in chapter 2) and the terms of collaboration (the annex).
const HISTORY: &str = "pages/history";
const TAXONOMY: &str = "pages/taxonomy";
const TERMS: &str = "pages/terms";

/// The template the report is rendered with; it stands alone (no `base.html`).
pub const TEMPLATE: &str = "report.html";

/// The data of one edition: the site's data as they stood on `as_of`.
#[derive(Debug, Clone)]
pub struct Edition {
    pub year: i32,
    /// The day the edition describes: the data's own `updated:` date for the latest
    /// edition, 31 December for earlier ones.
    pub as_of: PartialDate,
    /// The latest edition the data allow: only it states the planned dates of joinings.
    pub latest: bool,
    /// Partners known on `as_of` with their status then (an `ended` partner ended on or
    /// before `as_of`); activities dated up to the edition's year.
    pub data: Data,
    pub figures: Figures,
}

/// The years the data can make an edition of: from the first exchange of letters to the
/// year the partners' data were last brought up to date. None without partners.
pub fn years(data: &Data) -> Option<(i32, i32)> {
    let first = data
        .partners
        .iter()
        .filter(|p| p.status != PartnerStatus::Joining)
        .map(|p| p.signed.year)
        .min()?;
    let last = latest(data).year;
    Some((first, last.max(first)))
}

/// The day the data describe: the partners file's `updated:`, else the last change they
/// record.
fn latest(data: &Data) -> PartialDate {
    data.updated
        .get(Path::new(PARTNERS_FILE))
        .copied()
        .or_else(|| {
            data.partners
                .iter()
                .filter(|p| p.status != PartnerStatus::Joining)
                .flat_map(|p| [Some(p.signed), p.ended])
                .flatten()
                .max()
        })
        .unwrap_or(PartialDate {
            year: 0,
            month: None,
            day: None,
        })
}

impl Edition {
    /// The data of `year`'s edition; a year the data do not cover is an error that says
    /// which years they do.
    pub fn select(data: &Data, year: i32) -> std::result::Result<Edition, Diagnostic> {
        let Some((first, last)) = years(data) else {
            return Err(Diagnostic::error(
                PARTNERS_FILE,
                format!("no report for {year}: there are no partners in the data"),
            ));
        };
        if year < first || year > last {
            let why = if year < first {
                format!("the first exchange of letters in the data is of {first}")
            } else {
                format!(
                    "the partners' data were last brought up to date on {} (their `updated:`)",
                    latest(data)
                )
            };
            return Err(Diagnostic::error(
                PARTNERS_FILE,
                format!("no data for a {year} report: {why}"),
            )
            .with_help(if first == last {
                format!("the data make the {first} report: --year {first}")
            } else {
                format!("the data make the reports of {first} to {last}: --year {first} … {last}")
            }));
        }
        let latest_edition = year == last;
        let as_of = if latest_edition {
            latest(data)
        } else {
            PartialDate {
                year,
                month: Some(12),
                day: Some(31),
            }
        };
        let partners = data
            .partners
            .iter()
            .filter_map(|p| status_on(p, as_of, latest_edition).map(|status| (p, status)))
            .map(|(p, status)| Partner {
                status,
                ended: p.ended.filter(|_| status == PartnerStatus::Ended),
                ..p.clone()
            })
            .collect();
        let activities = data
            .activities
            .iter()
            .filter(|a| match a.start {
                Some(start) => start.year <= year,
                // Undated rows come from the latest source document, not from a year.
                None => latest_edition,
            })
            .cloned()
            .collect();
        let data = Data {
            updated: data.updated.clone(),
            partners,
            domains: data.domains.clone(),
            activities,
            strategy: None,
            conclusions: None,
        };
        // The charts of an earlier edition stop at its year: the planned dates of the
        // joinings under way were not known then.
        let figures = if latest_edition {
            Figures::compute(&data)
        } else {
            Figures::compute(&Data {
                partners: data
                    .partners
                    .iter()
                    .filter(|p| p.status != PartnerStatus::Joining)
                    .cloned()
                    .collect(),
                ..data.clone()
            })
        };
        Ok(Edition {
            year,
            as_of,
            latest: latest_edition,
            data,
            figures,
        })
    }

    /// Partners whose exchange of letters falls in the edition's year, by `as_of`.
    pub fn joined(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.status != PartnerStatus::Joining && p.signed.year == self.year)
    }

    /// Partners whose partnership ended in the edition's year.
    pub fn left(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.ended.is_some_and(|d| d.year == self.year))
    }

    /// Partners whose joining was under way on `as_of`.
    pub fn joining(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.status == PartnerStatus::Joining)
    }

    /// The partners of the "full list": active on `as_of`.
    pub fn active(&self) -> Vec<&Partner> {
        self.partners_where(|p| p.status == PartnerStatus::Active)
    }

    fn partners_where(&self, keep: impl Fn(&Partner) -> bool) -> Vec<&Partner> {
        self.data.partners.iter().filter(|p| keep(p)).collect()
    }
}

/// A partner's status on `as_of`, or None when the edition cannot know it yet. A joining
/// partner counts from its introduction to the TC-INF; without that date, only the latest
/// edition lists it (as the data do).
fn status_on(p: &Partner, as_of: PartialDate, latest: bool) -> Option<PartnerStatus> {
    let introduced = p.introduced.map_or(latest, |d| d <= as_of);
    if p.status == PartnerStatus::Joining || p.signed > as_of {
        return introduced.then_some(PartnerStatus::Joining);
    }
    Some(match p.ended {
        Some(ended) if ended <= as_of => PartnerStatus::Ended,
        _ => PartnerStatus::Active,
    })
}

/// Where a rendering of the report goes, which decides its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A file of its own (`passerelle report`): links to the site are absolute.
    File,
    /// A page of the site: links are the site's own, and it names its other languages.
    Site,
}

/// One language of the report, rendered.
#[derive(Debug)]
pub struct Rendered {
    pub html: String,
    /// The input files it was made from.
    pub sources: BTreeSet<PathBuf>,
}

#[derive(Serialize)]
struct ReportView {
    lang: &'static str,
    year: i32,
    title: String,
    subtitle: String,
    dateline: String,
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
    /// The taxonomy page's own prose.
    taxonomy_html: String,
    kinds: String,
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
    date: String,
    partners: String,
    /// "Autres organisations : ICANN": those that are not partners.
    others: Option<String>,
    description: String,
}

/// Renders `edition` in `lang` with the theme's `report.html`; every problem is returned.
/// `pages` gives the printed page of each chapter id, for the table of contents (known
/// only once the document has been printed: see [`write`]).
pub fn render(
    site: &Site,
    edition: &Edition,
    lang: Lang,
    target: Target,
    pages: &BTreeMap<String, usize>,
) -> std::result::Result<Rendered, Vec<Diagnostic>> {
    let words = Words { site, lang };
    let mut problems = Vec::new();
    let mut sources: BTreeSet<PathBuf> = [PARTNERS_FILE, ACTIVITIES_FILE, DOMAINS_FILE]
        .into_iter()
        .map(PathBuf::from)
        .collect();
    sources.insert(site.config_path.clone());
    sources.extend(site.i18n.files.iter().cloned());
    sources.extend(site.template_sources(TEMPLATE));

    let resolve = |target_key: &str| -> Option<String> {
        let route = site.route(markdown::link_key(target_key), lang)?;
        Some(match target {
            Target::File => site.base.absolute(&route.site_path),
            Target::Site => site.base.path(&route.site_path),
        })
    };
    let markdown = |text: &str, path: &Path, line: usize, problems: &mut Vec<Diagnostic>| {
        let cx = markdown::Context {
            lang,
            path,
            first_line: line,
            allow_html: site.config.allow_html,
            resolve: &resolve,
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
        site.route(key, lang).and_then(|r| match r.kind {
            crate::render::routes::RouteKind::Page(i) => Some(&site.pages[i]),
            _ => None,
        })
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
    let partners = PartnersChapter {
        id,
        title,
        list_title: words.get("report-section-list"),
        lists: partner_lists(&words, edition),
        taxonomy_title: words.get("report-section-taxonomy"),
        countries: countries_sentence(&words, edition),
        taxonomy_html,
        kinds: kinds_sentence(&words, edition),
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
    let view = ReportView {
        lang: lang.code(),
        year: edition.year,
        subtitle: words.with("report-subtitle", &[("year", year.clone().into())]),
        // Only the latest edition is a document of the day the data were brought up to
        // date; an earlier one states the partnership at the end of its year.
        dateline: match &site.config.report.place {
            Some(place) if edition.latest => words.with(
                "report-dateline",
                &[("place", place.clone().into()), ("date", date.into())],
            ),
            _ => words.with("report-as-of", &[("date", date.into())]),
        },
        website: site.config.report.website.clone(),
        email: site.config.report.email.clone(),
        running_header: css_string(&words.with(
            "report-running-header",
            &[("title", title.clone().into()), ("year", year.into())],
        )),
        title,
        home_url: match target {
            Target::File => site.base.absolute(&format!("{}/", lang.code())),
            Target::Site => crate::render::url_of(site, "_index", lang)
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
                    let route = site.route("report", other)?;
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
    let html = crate::render::render_template(site, TEMPLATE, &context, Path::new(PARTNERS_FILE))?;
    // A UI string that failed left a placeholder in the document: it is not published.
    let failed = site.i18n.take_failures();
    if !failed.is_empty() {
        return Err(failed);
    }
    Ok(Rendered { html, sources })
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

fn plain(text: &str, lang: Lang) -> String {
    typography(lang, text)
}

/// The Fluent strings of one language, with numbers passed as numbers so that plural
/// rules apply ("1 partenaire", "25 partenaires").
struct Words<'a> {
    site: &'a Site,
    lang: Lang,
}

impl Words<'_> {
    fn get(&self, id: &str) -> String {
        plain(&self.site.i18n.get(self.lang, id, None), self.lang)
    }

    /// A sentence with the language's typography (French spaces before `:`), which the
    /// names and figures put into it need as much as its own words.
    fn with(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        plain(&self.site.i18n.get(self.lang, id, Some(&fluent)), self.lang)
    }

    fn date(&self, date: &PartialDate) -> String {
        self.site.i18n.format_date(self.lang, date)
    }

    /// "a, b et c" / "a, b and c".
    fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [head @ .., last] => self.with(
                "list-and",
                &[
                    ("head", head.join(", ").into()),
                    ("last", last.clone().into()),
                ],
            ),
        }
    }

    fn name(&self, p: &Partner) -> String {
        plain(&p.name, self.lang)
    }

    /// A partner's name, with the end of its partnership when it ended.
    fn name_and_end(&self, p: &Partner) -> String {
        match p.ended {
            Some(ended) => format!(
                "{} {}",
                self.name(p),
                self.with("partner-ended-on", &[("date", self.date(&ended).into())])
            ),
            None => self.name(p),
        }
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
    let name = |p: &Partner| w.name(p);
    let name_and_end = |p: &Partner| w.name_and_end(p);
    let mut lists = vec![listed("report-list-all", &edition.active(), &name, &[])];
    for cohort in crate::content::data::Cohort::ALL {
        let members: Vec<&Partner> = edition
            .data
            .partners
            .iter()
            .filter(|p| p.cohort == cohort && p.status != PartnerStatus::Joining)
            .collect();
        if !members.is_empty() {
            lists.push(listed(
                "report-list-cohort",
                &members,
                &name_and_end,
                &[("cohort", cohort.as_str().into())],
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
                Some((_, names)) => names.push(w.name(p)),
                None => groups.push((when, vec![w.name(p)])),
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

/// Section 2.2's figures by country: "États-Unis (13 sur 25), Belgique (4 sur 25), …".
fn countries_sentence(w: &Words, edition: &Edition) -> String {
    let f = &edition.figures;
    let items: Vec<String> = f
        .by_country
        .iter()
        .map(|c| {
            w.with(
                "report-country-count",
                &[
                    ("country", w.get(&format!("country-{}", c.key)).into()),
                    ("count", count(c.count)),
                    ("total", count(f.partners)),
                ],
            )
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
    let years = w.site.i18n.format_years(w.lang, f.first_year, f.last_year);
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
                    .partners
                    .iter()
                    .find(|p| &p.id == id)
                    .map_or_else(|| id.clone(), |p| w.name(p))
            })
            .collect();
        names.join(", ")
    };
    let categories = Category::ALL
        .into_iter()
        .filter_map(|category| {
            let key = enum_key(&category);
            let rows: Vec<RowView> = edition
                .data
                .activities
                .iter()
                .filter(|a| a.category == category)
                .map(|a| RowView {
                    sector: plain(a.sector.get(w.lang), w.lang),
                    title: plain(a.title.get(w.lang), w.lang),
                    date: w
                        .site
                        .i18n
                        .format_when(w.lang, a.start.as_ref(), a.end.as_ref()),
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
            (!rows.is_empty()).then(|| CategoryView {
                id: format!("category-{key}"),
                title: w.with(
                    "report-category",
                    &[
                        ("category", w.get(&format!("category-{key}")).into()),
                        ("count", count(rows.len())),
                    ],
                ),
                rows,
            })
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

/// The file name of the report of `year` in `lang`: `rapport-2022.fr.html`.
pub fn file_name(site: &Site, year: i32, lang: Lang, extension: &str) -> String {
    format!(
        "{}-{year}.{}.{extension}",
        site.config.paths.report.get(lang),
        lang.code()
    )
}

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("no Chromium or Chrome found to print the PDF (looked for {looked})")]
    NoBrowser { looked: String },
    #[error("{browser} could not print {pdf}: {why}")]
    Failed {
        browser: String,
        pdf: PathBuf,
        why: String,
    },
}

impl PdfError {
    pub fn help(&self) -> &'static str {
        match self {
            PdfError::NoBrowser { .. } => {
                "install Chromium (Debian/Ubuntu: sudo apt install chromium), or set \
                 PASSERELLE_CHROMIUM to the browser's path; nothing was written, and without --pdf the HTML alone is"
            }
            PdfError::Failed { .. } => "nothing was written; without --pdf the HTML alone is",
        }
    }
}

/// Browsers that print to PDF, looked for on PATH in this order.
const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long a print may take before the browser is stopped, unless
/// `PASSERELLE_PRINT_TIMEOUT` gives another number of seconds (a slow machine, a test).
fn print_timeout() -> Duration {
    crate::config::seconds_from_env("PASSERELLE_PRINT_TIMEOUT", Duration::from_secs(120))
}

fn find_browser() -> std::result::Result<PathBuf, PdfError> {
    if let Some(path) = std::env::var_os("PASSERELLE_CHROMIUM") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(PdfError::NoBrowser {
                looked: format!("PASSERELLE_CHROMIUM={}", path.display()),
            })
        };
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    BROWSERS
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
        .ok_or_else(|| PdfError::NoBrowser {
            looked: format!("{} on PATH", BROWSERS.join(", ")),
        })
}

/// Prints the HTML file `html` to the PDF `pdf` with headless Chromium: A4 as the
/// document's print stylesheet lays it out, its own running header and page numbers (not
/// the browser's), and an outline of its headings.
pub fn print_pdf(html: &Path, pdf: &Path) -> std::result::Result<(), PdfError> {
    let browser = find_browser()?;
    let failed = |why: String| PdfError::Failed {
        browser: browser.display().to_string(),
        pdf: pdf.to_path_buf(),
        why,
    };
    let html = std::path::absolute(html).map_err(|e| failed(e.to_string()))?;
    let pdf_abs = std::path::absolute(pdf).map_err(|e| failed(e.to_string()))?;
    // A profile of its own: a browser the user has open keeps its profile locked.
    let profile = tempfile::tempdir().map_err(|e| failed(e.to_string()))?;
    let partial = pdf_abs.with_extension("pdf.part");
    // The browser's messages go to a file: a pipe would block the read below for as long as
    // any process the browser started keeps it open, which a hung one does for ever.
    let mut stderr_file = tempfile::tempfile().map_err(|e| failed(e.to_string()))?;
    let stderr_for_child = stderr_file.try_clone().map_err(|e| failed(e.to_string()))?;
    let mut command = std::process::Command::new(&browser);
    // Its own process group, so that a timeout stops the browser and all it started.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .arg("--headless")
        .arg("--disable-gpu")
        // The sandbox needs user namespaces, which containers and root often lack; the page
        // printed is our own file, with no script.
        .arg("--no-sandbox")
        .arg("--no-pdf-header-footer")
        .arg("--generate-pdf-document-outline")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", partial.display()))
        .arg(file_url(&html))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(stderr_for_child)
        .spawn()
        .map_err(|e| failed(e.to_string()))?;
    let started = Instant::now();
    let timeout = print_timeout();
    let status = loop {
        match child.try_wait().map_err(|e| failed(e.to_string()))? {
            Some(status) => break status,
            None if started.elapsed() > timeout => {
                stop_group(&mut child);
                let _ = std::fs::remove_file(&partial);
                return Err(failed(format!(
                    "it did not finish within {} s",
                    timeout.as_secs_f64()
                )));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    // What it started and left behind goes with it.
    stop_group(&mut child);
    let mut stderr = String::new();
    let _ = std::io::Seek::rewind(&mut stderr_file);
    let _ = std::io::Read::read_to_string(&mut stderr_file, &mut stderr);
    let printed = std::fs::read(&partial)
        .ok()
        .filter(|bytes| bytes.starts_with(b"%PDF"));
    if !status.success() || printed.is_none() {
        let _ = std::fs::remove_file(&partial);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        return Err(failed(format!(
            "{status}{}",
            last.map(|l| format!(": {l}")).unwrap_or_default()
        )));
    }
    std::fs::rename(&partial, &pdf_abs).map_err(|e| failed(e.to_string()))
}

/// Stops `child` and every process of its group (it leads one: `process_group(0)`).
fn stop_group(child: &mut std::process::Child) {
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

enum PrintError {
    Pdf(PdfError),
    Report(Error),
}

/// Prints `html` to `pdf`, then reads on which page each chapter starts, puts those numbers
/// in the table of contents (`rerender`), and prints again. The numbers take no line of
/// their own, so the pages stay where they were; should they move, a third print follows.
fn print_with_page_numbers(
    html: &Path,
    pdf: &Path,
    rerender: impl Fn(&BTreeMap<String, usize>) -> std::result::Result<String, Vec<Diagnostic>>,
) -> std::result::Result<(), PrintError> {
    let mut pages = BTreeMap::new();
    for _ in 0..3 {
        print_pdf(html, pdf).map_err(PrintError::Pdf)?;
        let printed = std::fs::read(pdf).map_err(|e| PrintError::Report(Error::io(pdf, e)))?;
        let found = chapter_pages(&printed);
        if found == pages {
            break;
        }
        pages = found;
        let text = rerender(&pages).map_err(|e| PrintError::Report(Error::Content(e)))?;
        write_whole(html, text.as_bytes()).map_err(PrintError::Report)?;
    }
    Ok(())
}

/// The page (from 1) on which each `chapter-N` starts in a PDF printed by Chromium: its
/// named destinations give a page object, whose place in the page tree is the number.
/// Empty when the PDF is not laid out as expected: the contents then go without numbers.
fn chapter_pages(pdf: &[u8]) -> BTreeMap<String, usize> {
    let text = String::from_utf8_lossy(pdf);
    // Object number → its dictionary text, for the page-tree nodes.
    let mut nodes: BTreeMap<u32, (Vec<u32>, bool)> = BTreeMap::new(); // kids, is root
    let mut rest: &str = &text;
    while let Some(at) = rest.find(" 0 obj") {
        let number = rest[..at]
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<u32>().ok());
        let body_end = rest[at..].find("endobj").map_or(rest.len(), |e| at + e);
        let body = &rest[at..body_end];
        if let Some(number) = number
            && body.contains("/Type /Pages")
        {
            nodes.insert(
                number,
                (references(body, "/Kids ["), !body.contains("/Parent")),
            );
        }
        rest = &rest[body_end..];
    }
    let Some((&root, _)) = nodes.iter().find(|(_, (_, is_root))| *is_root) else {
        return BTreeMap::new();
    };
    let mut order = Vec::new();
    let mut stack = vec![root];
    // Depth first, kids in order; a malformed tree cannot loop more than its size.
    let mut budget = nodes.len() + 1;
    while let Some(node) = stack.pop() {
        match nodes.get(&node) {
            Some((kids, _)) if budget > 0 => {
                budget -= 1;
                stack.extend(kids.iter().rev());
            }
            Some(_) => return BTreeMap::new(),
            None => order.push(node),
        }
    }
    let mut pages = BTreeMap::new();
    for n in 1.. {
        let id = format!("chapter-{n}");
        let Some(page) = references(&text, &format!("/{id} ["))
            .first()
            .and_then(|object| order.iter().position(|p| p == object))
        else {
            break;
        };
        pages.insert(id, page + 1);
    }
    pages
}

/// The object numbers of the references (`12 0 R`) in the array that follows `key`.
fn references(text: &str, key: &str) -> Vec<u32> {
    let Some(start) = text.find(key).map(|i| i + key.len()) else {
        return Vec::new();
    };
    let array = &text[start..text[start..].find(']').map_or(text.len(), |e| start + e)];
    let words: Vec<&str> = array.split_whitespace().collect();
    words
        .windows(3)
        .filter(|w| w[2] == "R")
        .filter_map(|w| w[0].parse().ok())
        .collect()
}

/// Writes `bytes` to `path` through a temporary file beside it, so that a reader never
/// finds half a report.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let partial = path.with_extension("part");
    std::fs::write(&partial, bytes)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Error::io(path, e)
        })
}

/// A `file://` URL for an absolute path, its bytes outside the unreserved set escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
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
        render(&site, &edition, lang, Target::File, pages).map(|r| r.html)
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
                        warnings: site.warnings,
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
        warnings: site.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_pages_follow_the_page_tree() {
        let pdf = b"1 0 obj\n<</Type /Pages\n/Count 3\n/Kids [4 0 R 2 0 R]>>\nendobj\n\
            2 0 obj\n<</Type /Pages\n/Parent 1 0 R\n/Kids [7 0 R 5 0 R]>>\nendobj\n\
            4 0 obj\n<</Type /Page\n/Parent 1 0 R>>\nendobj\n\
            9 0 obj\n<</chapter-1 [4 0 R /XYZ 0 817 0]\n/chapter-1-2 [5 0 R /XYZ 0 1 0]\n\
            /chapter-2 [5 0 R /XYZ 0 817 0]>>\nendobj\n";
        let pages = chapter_pages(pdf);
        assert_eq!(
            pages,
            BTreeMap::from([("chapter-1".to_string(), 1), ("chapter-2".to_string(), 3)])
        );
        assert!(chapter_pages(b"not a pdf").is_empty());
    }

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

    #[test]
    fn file_urls_escape_spaces_and_non_ascii() {
        assert_eq!(
            file_url(Path::new("/tmp/rapport été/a b.html")),
            "file:///tmp/rapport%20%C3%A9t%C3%A9/a%20b.html"
        );
    }
}
