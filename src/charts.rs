//! Charts: each chart of the site drawn from the model's derived figures (`model::Figures`)
//! with plotters, in one language, as an accessible inline SVG and the same data as a
//! table. A chart never reads a file: what it shows is in the model, and what it says
//! comes from the Fluent strings (`chart-*`), with numbers and dates in the language's
//! format and partner names as the data writes them.
//!
//! - `engagement`: work-plan activities per partner (work-plan page);
//! - `domains`: work-plan activities per domain, stacked by category (work-plan page);
//! - `countries`, `kinds`: partners by country of headquarters and by kind, and
//!   `membership`: the number of partners over time (taxonomy page);
//! - `strategy`: expected results of the strategy by status, per theme (strategy page).
//!
//! plotters is built without its font features (`ttf`, font-kit, fontconfig): it writes
//! text as SVG `<text>`, which the browser draws with the page's fonts, and it needs no
//! system font. Glyphs are never measured, and plotters' own estimate without fonts (about
//! 0.45 em per byte) is narrower than browsers' fonts; so the layout (`draw`) assumes a
//! conservative width per character (`svg::CHAR_EM`, 0.7 em), and `svg::layout_problems`
//! checks that no two labels can overlap or leave the picture. `svg::finish` adds `role="img"`, `<title>`,
//! `<desc>` and a `viewBox` without a fixed size, and makes text and axes `currentColor`.

mod draw;
pub mod export;
mod svg;

pub use draw::Frame;
pub use svg::{TextBox, layout_problems, text_boxes, view_box};

use crate::Site;
use crate::content::data::Data;
use crate::content::data::{ActionStatus, PartialDate, PartnerKind};
use crate::i18n::I18n;
use crate::i18n::{Country, Words, label_id, typography};
use crate::lang::Lang;
use crate::model::{Figures, enum_key};
use draw::{
    BLUE, Bar, BarChart, GREEN, GREY, OCHRE, PURPLE, Series, Step, StepChart, Stroke, VERMILLION,
    VIOLET,
};
use fluent_bundle::FluentValue;
use serde::Serialize;

/// What a chart is drawn from: the data, the figures derived from it and the UI strings.
/// The site's own, or those of one edition of the annual report (`report`).
pub struct Facts<'a> {
    pub data: &'a Data,
    pub figures: &'a Figures,
    pub i18n: &'a I18n,
    /// The layout of the charts' wide version: the site's, or the printed report's.
    pub wide: Frame,
}

impl Site {
    /// The facts the site's charts are drawn from.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            data: &self.data,
            figures: &self.figures,
            i18n: &self.i18n,
            wide: Frame::Wide,
        }
    }
}

/// A chart ready for a template: the SVG to embed and the table of its data.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Unique within a page: the figure's id, and the prefix of the SVG's title and desc ids.
    pub id: String,
    pub title: String,
    pub description: String,
    /// The chart laid out for a column of the text's measure (and a printed page)…
    pub svg: String,
    /// … and for a phone's: the theme shows the one its column fits.
    pub svg_narrow: String,
    pub table: Table,
}

/// The data of a chart as a table: a header cell per row, then one cell per column.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    pub total: Option<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    /// Right-aligned figures.
    pub numeric: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub header: String,
    pub cells: Vec<String>,
}

/// A chart that could not be drawn (plotters failed): a bug, reported as a build error.
pub type Drawn = Result<Option<Chart>, String>;

/// A chart's drawing function: `charts::engagement`, …
pub type Draw = fn(&Facts, crate::lang::Lang) -> Drawn;

/// Every chart of the site, by the name a shortcode or a page's template gives it.
pub const ALL: [(&str, Draw); 6] = [
    ("countries", countries),
    ("domains", domains),
    ("engagement", engagement),
    ("kinds", kinds),
    ("membership", membership),
    ("strategy", strategy),
];

/// The words of a chart: the language's, with the facts for the partners' names.
struct ChartWords<'a> {
    words: Words<'a>,
    facts: &'a Facts<'a>,
}

impl<'a> std::ops::Deref for ChartWords<'a> {
    type Target = Words<'a>;
    fn deref(&self) -> &Words<'a> {
        &self.words
    }
}

impl ChartWords<'_> {
    fn count_share(&self, count: usize, share: String) -> String {
        self.with(
            "chart-count-share",
            &[("count", text(self.number(count))), ("share", text(share))],
        )
    }

    /// A date for a label drawn in a chart, with no-break spaces: wrapping never parts
    /// "4" from "March 2022".
    fn unbroken_date(&self, date: &PartialDate) -> String {
        self.date(date).replace(' ', "\u{a0}")
    }

    /// "2018–2021": the periods of the work plans with activities.
    fn work_plan_years(&self) -> String {
        let f = &self.facts.figures;
        self.i18n.format_periods(self.lang, &f.plan_periods)
    }

    fn partner_name(&self, id: &str) -> String {
        self.facts
            .data
            .partner(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    fn partner_names(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.partner_name(id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn column(&self, id: &str, numeric: bool) -> Column {
        Column {
            label: self.get(id),
            numeric,
        }
    }
}

/// A string argument for Fluent (numbers are passed formatted, so Fluent does not format
/// them again).
fn text(s: String) -> FluentValue<'static> {
    FluentValue::from(s)
}

/// A chart drawn in its two layouts (`draw::Frame`): the facts' wide one, then narrow.
fn in_every_frame(
    facts: &Facts,
    draw: impl Fn(Frame) -> Result<(String, u32), String>,
) -> Result<[String; 2], String> {
    Ok([draw(facts.wide)?.0, draw(Frame::Narrow)?.0])
}

fn finish(id: &str, title: String, description: String, svg: &[String; 2], table: Table) -> Chart {
    Chart {
        id: id.to_string(),
        svg: svg::finish(&svg[0], id, &title, &description),
        svg_narrow: svg::finish(&svg[1], &format!("{id}-narrow"), &title, &description),
        title,
        description,
        table,
    }
}

/// Partners' engagement in the work plan: for each partner, the work-plan activities that
/// name it, most engaged first.
pub fn engagement(facts: &Facts, lang: Lang) -> Drawn {
    let f = &facts.figures;
    if f.activities == 0 || f.engagement.is_empty() {
        return Ok(None);
    }
    let w = ChartWords {
        words: Words::new(facts.i18n, lang),
        facts,
    };
    let tick = |v: usize| w.number(v);
    let bars = f
        .engagement
        .iter()
        .map(|e| Bar {
            label: w.partner_name(&e.partner),
            values: vec![e.activities],
            value_label: w.count_share(e.activities, w.percent(e.share)),
        })
        .collect();
    let chart = BarChart {
        series: vec![Series {
            name: w.get("chart-activities"),
            color: BLUE,
        }],
        bars,
        axis: w.get("chart-engagement-axis"),
        tick: &tick,
    };
    let svg = in_every_frame(facts, |frame| draw::bar_chart(&chart, frame))?;
    let first = &f.engagement[0];
    let title = w.with(
        "chart-engagement-title",
        &[
            ("years", text(w.work_plan_years())),
            ("plans", FluentValue::from(f.plan_periods.len())),
        ],
    );
    let description = w.with(
        "chart-engagement-desc",
        &[
            ("total", text(w.number(f.activities))),
            ("partners", text(w.number(f.engagement.len()))),
            ("first", text(w.partner_name(&first.partner))),
            ("count", text(w.number(first.activities))),
        ],
    );
    let table = Table {
        columns: vec![
            w.column("chart-partner", false),
            w.column("chart-activities", true),
            w.column("chart-engagement-rate", true),
        ],
        rows: f
            .engagement
            .iter()
            .map(|e| Row {
                header: w.partner_name(&e.partner),
                cells: vec![w.number(e.activities), w.percent(e.share)],
            })
            .collect(),
        total: None,
    };
    Ok(Some(finish(
        "chart-engagement",
        title,
        description,
        &svg,
        table,
    )))
}

/// The colours of the categories, in order.
const CATEGORY_PALETTE: [plotters::style::RGBColor; CATEGORY_COLOURS] =
    [BLUE, VERMILLION, GREEN, PURPLE, OCHRE, VIOLET];

/// How many categories the charts tell apart by colour.
pub const CATEGORY_COLOURS: usize = 6;

/// A series per category of the data, coloured in turn from the palette (a seventh
/// category would share the first one's colour: `check` warns of it).
fn category_series(w: &ChartWords) -> Vec<Series> {
    w.facts
        .data
        .categories
        .iter()
        .zip(CATEGORY_PALETTE.into_iter().cycle())
        .map(|(c, color)| Series {
            name: typography(w.lang, c.name.get(w.lang)),
            color,
        })
        .collect()
}

/// Work-plan activities per domain, stacked by category.
pub fn domains(facts: &Facts, lang: Lang) -> Drawn {
    let f = &facts.figures;
    if f.domains_by_category.is_empty() {
        return Ok(None);
    }
    let w = ChartWords {
        words: Words::new(facts.i18n, lang),
        facts,
    };
    let name = |id: &str| {
        facts
            .data
            .domain(id)
            .map_or_else(|| id.to_string(), |d| typography(lang, d.name.get(lang)))
    };
    let tick = |v: usize| w.number(v);
    let series = category_series(&w);
    let chart = BarChart {
        series,
        bars: f
            .domains_by_category
            .iter()
            .map(|d| Bar {
                label: name(&d.domain),
                values: d.by_category.iter().map(|c| c.count).collect(),
                value_label: w.number(d.total),
            })
            .collect(),
        axis: w.get("chart-domains-axis"),
        tick: &tick,
    };
    let svg = in_every_frame(facts, |frame| draw::bar_chart(&chart, frame))?;
    let first = &f.domains_by_category[0];
    let title = w.with(
        "chart-domains-title",
        &[("years", text(w.work_plan_years()))],
    );
    let description = w.with(
        "chart-domains-desc",
        &[
            ("domains", text(w.number(f.domains_by_category.len()))),
            ("first", text(name(&first.domain))),
            ("count", text(w.number(first.total))),
        ],
    );
    let mut columns = vec![w.column("chart-domain", false)];
    columns.extend(category_series(&w).into_iter().map(|s| Column {
        label: s.name,
        numeric: true,
    }));
    columns.push(w.column("chart-total", true));
    let table = Table {
        columns,
        rows: f
            .domains_by_category
            .iter()
            .map(|d| Row {
                header: name(&d.domain),
                cells: d
                    .by_category
                    .iter()
                    .map(|c| w.number(c.count))
                    .chain([w.number(d.total)])
                    .collect(),
            })
            .collect(),
        total: None,
    };
    Ok(Some(finish(
        "chart-domains",
        title,
        description,
        &svg,
        table,
    )))
}

/// A one-series bar chart of partners (by country, by kind).
fn partner_counts(
    w: &ChartWords,
    id: &str,
    counts: &[crate::model::Count],
    label: &dyn Fn(&str) -> String,
    (title_key, desc_key, column_key): (&str, &str, &str),
) -> Drawn {
    let total = w.facts.figures.partners;
    if counts.is_empty() {
        return Ok(None);
    }
    let tick = |v: usize| w.number(v);
    let chart = BarChart {
        series: vec![Series {
            name: w.get("chart-partners"),
            color: BLUE,
        }],
        bars: counts
            .iter()
            .map(|c| Bar {
                label: label(&c.key),
                values: vec![c.count],
                value_label: w.count_share(c.count, w.share(c.count, total)),
            })
            .collect(),
        axis: w.get("chart-partners-axis"),
        tick: &tick,
    };
    let svg = in_every_frame(w.facts, |frame| draw::bar_chart(&chart, frame))?;
    let first = counts
        .iter()
        .max_by(|a, b| a.count.cmp(&b.count).then_with(|| b.key.cmp(&a.key)))
        .unwrap_or(&counts[0]);
    let title = w.get(title_key);
    let description = w.with(
        desc_key,
        &[
            ("total", text(w.number(total))),
            ("groups", text(w.number(counts.len()))),
            ("first", text(label(&first.key))),
            ("count", text(w.number(first.count))),
        ],
    );
    let table = Table {
        columns: vec![
            w.column(column_key, false),
            w.column("chart-partners", true),
            w.column("chart-share", true),
        ],
        rows: counts
            .iter()
            .map(|c| Row {
                header: label(&c.key),
                cells: vec![w.number(c.count), w.share(c.count, total)],
            })
            .collect(),
        total: Some(Row {
            header: w.get("chart-total"),
            cells: vec![w.number(total), w.share(total, total)],
        }),
    };
    Ok(Some(finish(id, title, description, &svg, table)))
}

/// Partners (active) by country of headquarters, most first.
pub fn countries(facts: &Facts, lang: Lang) -> Drawn {
    let w = ChartWords {
        words: Words::new(facts.i18n, lang),
        facts,
    };
    let label = |code: &str| w.label(&Country(code));
    partner_counts(
        &w,
        "chart-countries",
        &facts.figures.by_country,
        &label,
        (
            "chart-countries-title",
            "chart-countries-desc",
            "chart-country",
        ),
    )
}

/// Partners (active) by kind, in the data's order of kinds.
pub fn kinds(facts: &Facts, lang: Lang) -> Drawn {
    let w = ChartWords {
        words: Words::new(facts.i18n, lang),
        facts,
    };
    let label = |kind: &str| w.get(&label_id::<PartnerKind>(kind));
    partner_counts(
        &w,
        "chart-kinds",
        &facts.figures.by_kind,
        &label,
        ("chart-kinds-title", "chart-kinds-desc", "chart-kind"),
    )
}

/// A date as a position in years: 2017-11-08 is 2017.86; a month or a year without a day
/// is placed at its start, where it sorts.
fn in_years(date: &PartialDate) -> f64 {
    let month = f64::from(date.month.unwrap_or(1) - 1);
    let day = f64::from(date.day.unwrap_or(1) - 1);
    f64::from(date.year) + (month + day / 31.0) / 12.0
}

/// The number of partners over time: a step at each exchange of letters, the partnerships
/// that ended marked, the partners due to join drawn dashed.
pub fn membership(facts: &Facts, lang: Lang) -> Drawn {
    let changes = &facts.figures.membership;
    let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
        return Ok(None);
    };
    let w = ChartWords {
        words: Words::new(facts.i18n, lang),
        facts,
    };
    let ended: Vec<_> = changes.iter().filter(|c| !c.left.is_empty()).collect();
    let joining: usize = changes.iter().map(|c| c.joining.len()).sum();
    let mut legend = vec![(Stroke::Solid(BLUE), w.get("chart-membership-partners"))];
    if joining > 0 {
        legend.push((Stroke::Dashed(GREEN), w.get("chart-membership-joining")));
    }
    for change in &ended {
        legend.push((
            Stroke::Dashed(VERMILLION),
            w.with(
                "chart-membership-ended",
                &[
                    ("names", text(w.partner_names(&change.left))),
                    ("date", text(w.unbroken_date(&change.date))),
                ],
            ),
        ));
    }
    let tick = |v: usize| w.number(v);
    let chart = StepChart {
        steps: changes
            .iter()
            .map(|c| Step {
                x: in_years(&c.date),
                level: c.members,
                planned: c.with_joining,
            })
            .collect(),
        marks: ended.iter().map(|c| in_years(&c.date)).collect(),
        legend,
        line: Stroke::Solid(BLUE),
        planned_line: Stroke::Dashed(GREEN),
        mark_line: Stroke::Dashed(VERMILLION),
        axis: w.get("chart-membership-axis"),
        tick: &tick,
    };
    let svg = in_every_frame(facts, |frame| draw::step_chart(&chart, frame))?;
    let title = w.with(
        "chart-membership-title",
        &[
            ("start", text(first.date.year.to_string())),
            ("end", text(last.date.year.to_string())),
        ],
    );
    let after_joins = changes
        .iter()
        .rev()
        .find(|c| !c.joined.is_empty() || !c.left.is_empty())
        .unwrap_or(last);
    let mut description = vec![w.with(
        "chart-membership-desc",
        &[
            ("first", text(w.number(first.members))),
            ("first_date", text(w.date(&first.date))),
            ("members", text(w.number(after_joins.members))),
            ("last_date", text(w.date(&after_joins.date))),
        ],
    )];
    for change in &ended {
        description.push(w.with(
            "chart-membership-desc-ended",
            &[
                ("names", text(w.partner_names(&change.left))),
                ("date", text(w.date(&change.date))),
            ],
        ));
    }
    if joining > 0 {
        description.push(w.with(
            "chart-membership-desc-joining",
            &[("count", FluentValue::from(joining))],
        ));
    }
    let table = Table {
        columns: vec![
            w.column("chart-date", false),
            w.column("chart-membership-joined", false),
            w.column("chart-membership-left", false),
            w.column("chart-membership-count", true),
        ],
        rows: changes
            .iter()
            .map(|c| {
                let mut joined = w.partner_names(&c.joined);
                if !c.joining.is_empty() {
                    let due = w.with(
                        "chart-membership-due",
                        &[("names", text(w.partner_names(&c.joining)))],
                    );
                    joined = if joined.is_empty() {
                        due
                    } else {
                        format!("{joined}, {due}")
                    };
                }
                let count = if c.with_joining == c.members {
                    w.number(c.members)
                } else {
                    w.with(
                        "chart-membership-with-joining",
                        &[
                            ("members", text(w.number(c.members))),
                            ("with_joining", text(w.number(c.with_joining))),
                        ],
                    )
                };
                Row {
                    header: w.date(&c.date),
                    cells: vec![joined, w.partner_names(&c.left), count],
                }
            })
            .collect(),
        total: None,
    };
    Ok(Some(finish(
        "chart-membership",
        title,
        description.join(" "),
        &svg,
        table,
    )))
}

/// The strategy's expected results (rows of its progress table) by status, per theme.
pub fn strategy(facts: &Facts, lang: Lang) -> Drawn {
    let (Some(strategy), themes) = (&facts.data.strategy, &facts.figures.strategy_by_theme) else {
        return Ok(None);
    };
    if themes.is_empty() {
        return Ok(None);
    }
    let w = ChartWords {
        words: Words::new(facts.i18n, lang),
        facts,
    };
    let theme_title = |id: &str| {
        strategy
            .themes
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| typography(lang, t.title.get(lang)))
    };
    let status_label = |s: &ActionStatus| w.label(s);
    let tick = |v: usize| w.number(v);
    let chart = BarChart {
        series: ActionStatus::ALL
            .iter()
            .zip([GREEN, BLUE, VERMILLION, PURPLE, GREY])
            .map(|(s, color)| Series {
                name: status_label(s),
                color,
            })
            .collect(),
        bars: themes
            .iter()
            .map(|t| Bar {
                label: theme_title(&t.theme),
                values: t.by_status.iter().map(|c| c.count).collect(),
                value_label: w.number(t.total),
            })
            .collect(),
        axis: w.get("chart-strategy-axis"),
        tick: &tick,
    };
    let svg = in_every_frame(facts, |frame| draw::bar_chart(&chart, frame))?;
    let total: usize = themes.iter().map(|t| t.total).sum();
    let status_total = |key: &str| -> usize {
        themes
            .iter()
            .map(|t| Figures::count(&t.by_status, key))
            .sum()
    };
    let done = status_total("completed") + status_total("finished");
    let title = w.get("chart-strategy-title");
    let description = w.with(
        "chart-strategy-desc",
        &[
            ("themes", text(w.number(themes.len()))),
            ("total", text(w.number(total))),
            ("done", text(w.number(done))),
            ("in_progress", text(w.number(status_total("in-progress")))),
        ],
    );
    let mut columns = vec![w.column("chart-theme", false)];
    columns.extend(ActionStatus::ALL.iter().map(|s| Column {
        label: status_label(s),
        numeric: true,
    }));
    columns.push(w.column("chart-total", true));
    let table = Table {
        columns,
        rows: themes
            .iter()
            .map(|t| Row {
                header: theme_title(&t.theme),
                cells: t
                    .by_status
                    .iter()
                    .map(|c| w.number(c.count))
                    .chain([w.number(t.total)])
                    .collect(),
            })
            .collect(),
        total: Some(Row {
            header: w.get("chart-total"),
            cells: ActionStatus::ALL
                .iter()
                .map(|s| w.number(status_total(&enum_key(s))))
                .chain([w.number(total)])
                .collect(),
        }),
    };
    Ok(Some(finish(
        "chart-strategy",
        title,
        description,
        &svg,
        table,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_years() {
        let d = |s: &str| in_years(&s.parse().unwrap());
        assert_eq!(d("2021"), 2021.0);
        assert!((d("2017-11-08") - 2017.852).abs() < 0.01);
        assert!(d("2020-04") < d("2020-04-02"));
    }
}
