//! The columns of the four published tables: partners, work-plan activities, the rows of the
//! strategy's progress table, and the paragraphs, points and footnotes of the conclusions.
//! Each column is written here once; the CSV file and its schema are both made from it.

use super::table::{Table, list, list_separator, optional};
use crate::content::data::{
    ActionStatus, Activity, ConclusionSection, Conclusions, Footnote, Paragraph, Partner,
    PartnerKind, PartnerStatus, Point, Strategy, StrategyAction, StrategyItem, Theme,
};
use crate::lang::Text;
use crate::model::enum_key;
use crate::pages::conclusions::{footnote_anchor, paragraph_anchor, point_anchor};
use serde::Serialize;

/// A record's id: what the validation accepts (a-z, 0-9 and '-'), as in its page's URL.
const ID: &str = "[a-z0-9-]+";

/// Ids in one cell, separated as `list` writes them.
const IDS: &str = concat!("[a-z0-9-]+(", list_separator!(), "[a-z0-9-]+)*");

/// A date as precise as the source: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. Table Schema's
/// `date` type takes only the first, and `yearmonth` and `year` only one of the others; a
/// column that holds the three is a `string` with this pattern, and says so.
const PARTIAL_DATE: &str = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?";

/// An ISO 3166-1 alpha-2 country code.
const COUNTRY: &str = "[A-Z]{2}";

/// The columns `NAME_fr` and `NAME_en` of a text written in both languages, added to the
/// table `$t` (`optional`: a text the record may not have, given as an `Option<&Text>`).
macro_rules! in_both_languages {
    ($t:ident, $name:literal, $description:literal, |$r:ident| $text:expr) => {
        $t.text(
            concat!($name, "_fr"),
            concat!($description, " In French."),
            |$r| $text.fr.clone(),
        )
        .required();
        $t.text(
            concat!($name, "_en"),
            concat!($description, " In English."),
            |$r| $text.en.clone(),
        )
        .required();
    };
    ($t:ident, optional $name:literal, $description:literal, |$r:ident| $text:expr) => {
        $t.text(
            concat!($name, "_fr"),
            concat!($description, " In French."),
            |$r| optional($text.map(|t: &Text| &t.fr)),
        );
        $t.text(
            concat!($name, "_en"),
            concat!($description, " In English."),
            |$r| optional($text.map(|t: &Text| &t.en)),
        );
    };
}

/// The values of a Rust enum, as the data write them, in its `ALL` order.
fn keys<T: Serialize>(all: &[T]) -> Vec<String> {
    all.iter().map(enum_key).collect()
}

pub(super) fn partners() -> Table<Partner> {
    let mut t = Table::<Partner>::new(&["id"]);
    t.text(
        "id",
        "Stable identifier of the partner, as in the address of its page; what the `partners` column of activities.csv names.",
        |p| p.id.clone(),
    )
    .required()
    .pattern(ID);
    t.text(
        "name",
        "The partner's name, as the partner writes it.",
        |p| p.name.clone(),
    )
    .required();
    t.text(
        "variants",
        concat!(
            "Other spellings of the name found in the sources, separated by `",
            list_separator!(),
            "`."
        ),
        |p| list(&p.variants),
    );
    t.text(
        "kind",
        "What the partner is: a company, a business association or a professional association.",
        |p| enum_key(&p.kind),
    )
    .required()
    .one_of(|_| keys(&PartnerKind::ALL));
    t.text(
        "country",
        "Country of the partner's headquarters: ISO 3166-1 alpha-2 code.",
        |p| p.country.clone(),
    )
    .required()
    .pattern(COUNTRY);
    in_both_languages!(
        t,
        optional "country_source",
        "Where `country` comes from when the sources do not state the partner's headquarters: the editorial decision and what it rests on. Empty where the sources state it.",
        |p| p.country_source.as_ref()
    );
    in_both_languages!(
        t,
        "sector",
        "The partner's sector (for an association, the sector it represents).",
        |p| p.sector
    );
    t.text(
        "signed",
        "Date of the partner's exchange of letters with the Council of Europe: YYYY-MM-DD, or YYYY-MM or YYYY where the source gives no more. A string with a pattern rather than a Table Schema `date`, which cannot hold a month or a year alone.",
        |p| p.signed.to_string(),
    )
    .required()
    .pattern(PARTIAL_DATE);
    t.text(
        "cohort",
        "The group of partners that joined together, as the status document lists them (a year, or years such as `2020-2021`).",
        |p| p.cohort(),
    )
    .required();
    t.text(
        "status",
        "Where the partnership stands: in force, joining (presented, its exchange of letters to come) or ended (see `ended`).",
        |p| enum_key(&p.status),
    )
    .required()
    .one_of(|_| keys(&PartnerStatus::ALL));
    t.text(
        "ended",
        "Date the partnership ended, only for an ended one; written as `signed`.",
        |p| optional(p.ended),
    )
    .pattern(PARTIAL_DATE);
    t
}

pub(super) fn activities() -> Table<Activity> {
    let mut t = Table::<Activity>::new(&["id"]);
    t.text(
        "id",
        "Stable identifier of the activity, as in the address of its page.",
        |a| a.id.clone(),
    )
    .required()
    .pattern(ID);
    t.text(
        "work_plan",
        "The id of the work plan the activity belongs to, as activities.yaml declares them.",
        |a| a.work_plan.clone().unwrap_or_default(),
    )
    .required()
    .one_of(|data| data.work_plans.iter().map(|w| w.id.clone()).collect());
    t.text(
        "category",
        "The id of the activity's category, as activities.yaml declares them (binding and non-binding standard-setting, studies, events).",
        |a| a.category.clone(),
    )
    .required()
    // From the data rather than from a closed list in the program: the data are what
    // declares the work plan's categories.
    .one_of(|data| data.categories.iter().map(|c| c.id.clone()).collect());
    in_both_languages!(
        t,
        "sector",
        "The Council of Europe sector or body that leads the activity, as the source names it.",
        |a| a.sector
    );
    in_both_languages!(t, "title", "The activity's title.", |a| a.title);
    t.text(
        "date_text",
        "The date exactly as the source writes it (in French, e.g. `18-20/11/2019`, `Printemps/Été 2021`); empty when it gives none.",
        |a| optional(a.date_text.as_ref()),
    );
    t.text(
        "start",
        "The date, or the first day of a span: YYYY-MM-DD, or YYYY-MM or YYYY where the source gives no more (a string with a pattern rather than a Table Schema `date`, which cannot hold a month or a year alone); empty when the source gives no date.",
        |a| optional(a.start),
    )
    .pattern(PARTIAL_DATE);
    t.text(
        "end",
        "The last day of a span, written as `start`; empty for a single date.",
        |a| optional(a.end),
    )
    .pattern(PARTIAL_DATE);
    t.boolean(
        "approximate",
        "`true` when the source gives the date only roughly (a month, a season).",
        |a| a.approximate.to_string(),
    )
    .required();
    t.boolean(
        "editorial_title",
        "`true` when the source gives the row no title: the title is the editor's (the note says from what).",
        |a| a.editorial_title.to_string(),
    )
    .required();
    t.text(
        "domains",
        concat!(
            "The activity's domains (ids of the site's domains of activity, such as `artificial-intelligence`), separated by `",
            list_separator!(),
            "`."
        ),
        |a| list(&a.domains),
    )
    .pattern(IDS);
    t.text(
        "partners",
        concat!(
            "The partners that took part: ids from the `id` column of partners.csv, separated by `",
            list_separator!(),
            "`. Each id refers to a row of partners.csv; the relation is not declared as a `foreignKey` because a Table Schema (v1) foreign key matches a whole cell with one value of the other table, and this cell holds a list."
        ),
        |a| list(&a.partners),
    )
    .pattern(IDS);
    t.text(
        "others",
        concat!(
            "Other organisations named among the participants, which are not partners, as the source writes them, separated by `",
            list_separator!(),
            "`."
        ),
        |a| list(&a.others),
    );
    t
}

/// A row of the strategy's progress table, with the theme and action it stands under.
pub(super) struct StrategyRow<'a> {
    theme: &'a Theme,
    action: &'a StrategyAction,
    /// From 1, under the action.
    number: usize,
    item: &'a StrategyItem,
}

pub(super) fn strategy_rows(strategy: &Strategy) -> Vec<StrategyRow<'_>> {
    let mut rows = Vec::new();
    for theme in &strategy.themes {
        for action in &theme.actions {
            for (i, item) in action.items.iter().enumerate() {
                rows.push(StrategyRow {
                    theme,
                    action,
                    number: i + 1,
                    item,
                });
            }
        }
    }
    rows
}

pub(super) fn strategy<'a>() -> Table<StrategyRow<'a>> {
    let mut t = Table::<StrategyRow<'a>>::new(&["action_id", "item"]);
    t.text("theme_id", "Identifier of the strategy's theme.", |r| {
        r.theme.id.clone()
    })
    .required();
    in_both_languages!(t, "theme", "The theme's title.", |r| r.theme.title);
    t.text(
        "action_id",
        "Identifier of the action: its number in the strategy (`8.a`), or a name for the rows the table groups under an unnumbered heading.",
        |r| r.action.id.clone(),
    )
    .required();
    in_both_languages!(
        t,
        "action",
        "The action, as the strategy words it (Markdown).",
        |r| r.action.action
    );
    t.integer(
        "item",
        "The row's place under its action, from 1; with `action_id`, what identifies the row.",
        |r| r.number.to_string(),
    )
    .required();
    in_both_languages!(t, "entity", "The administrative entity in charge.", |r| r
        .item
        .entity);
    in_both_languages!(
        t,
        optional "committee",
        "The steering committee or other structure, where the table names one.",
        |r| r.item.committee.as_ref()
    );
    in_both_languages!(
        t,
        "results",
        "The expected results and the progress made (Markdown).",
        |r| r.item.results
    );
    in_both_languages!(
        t,
        optional "deadline",
        "The deadline, as the table writes it; empty where it gives none.",
        |r| r.item.deadline.as_ref()
    );
    t.text(
        "status",
        "The row's status in the table, from done to not begun; `not-stated` where the table gives none.",
        |r| enum_key(&r.item.status),
    )
    .required()
    .one_of(|_| keys(&ActionStatus::ALL));
    in_both_languages!(
        t,
        optional "note",
        "The site's editorial note on the row (Markdown): how it was read from the source, where that was uncertain.",
        |r| r.item.note.as_ref()
    );
    t
}

/// What a row of the conclusions table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum ConclusionsPart {
    Paragraph,
    Point,
    Footnote,
}

impl ConclusionsPart {
    const ALL: [ConclusionsPart; 3] = [
        ConclusionsPart::Paragraph,
        ConclusionsPart::Point,
        ConclusionsPart::Footnote,
    ];
}

/// A paragraph of the conclusions, a point of a paragraph, or a footnote.
pub(super) struct ConclusionsRow<'a> {
    part: ConclusionsPart,
    section: Option<&'a ConclusionSection>,
    paragraph: Option<&'a Paragraph>,
    point: Option<&'a Point>,
    footnote: Option<&'a Footnote>,
    text: &'a Text,
}

/// Each paragraph followed by its points, section after section, then the footnotes: the
/// order of the document.
pub(super) fn conclusions_rows(conclusions: &Conclusions) -> Vec<ConclusionsRow<'_>> {
    let mut rows = Vec::new();
    for section in &conclusions.sections {
        for paragraph in &section.paragraphs {
            rows.push(ConclusionsRow {
                part: ConclusionsPart::Paragraph,
                section: Some(section),
                paragraph: Some(paragraph),
                point: None,
                footnote: None,
                text: &paragraph.text,
            });
            for point in &paragraph.points {
                rows.push(ConclusionsRow {
                    part: ConclusionsPart::Point,
                    section: Some(section),
                    paragraph: Some(paragraph),
                    point: Some(point),
                    footnote: None,
                    text: &point.text,
                });
            }
        }
    }
    for footnote in &conclusions.footnotes {
        rows.push(ConclusionsRow {
            part: ConclusionsPart::Footnote,
            section: None,
            paragraph: None,
            point: None,
            footnote: Some(footnote),
            text: &footnote.text,
        });
    }
    rows
}

impl ConclusionsRow<'_> {
    /// The row's anchor on the conclusions page.
    fn id(&self) -> String {
        match (self.paragraph, self.point, self.footnote) {
            (_, _, Some(footnote)) => footnote_anchor(footnote.number),
            (Some(paragraph), Some(point), _) => point_anchor(paragraph.number, &point.label),
            (Some(paragraph), None, _) => paragraph_anchor(paragraph.number),
            (None, _, None) => {
                unreachable!("a conclusions row is a paragraph, a point or a footnote")
            }
        }
    }
}

pub(super) fn conclusions<'a>() -> Table<ConclusionsRow<'a>> {
    let mut t = Table::<ConclusionsRow<'a>>::new(&["id"]);
    t.text(
        "id",
        "The row's anchor on the conclusions page: `p3` for paragraph 3, `p4-a` for point a of paragraph 4, `fn-1` for footnote 1.",
        |r| r.id(),
    )
    .required();
    t.text(
        "part",
        "What the row is: a numbered paragraph, a lettered point of the paragraph above it, or a footnote.",
        |r| enum_key(&r.part),
    )
    .required()
    .one_of(|_| keys(&ConclusionsPart::ALL));
    t.integer(
        "section",
        "The section's number; empty for a footnote.",
        |r| optional(r.section.map(|s| s.number)),
    );
    in_both_languages!(
        t,
        optional "section_title",
        "The section's title; empty for a footnote.",
        |r| r.section.map(|s| &s.title)
    );
    t.integer(
        "paragraph",
        "The paragraph's number (for a point, its paragraph's); empty for a footnote.",
        |r| optional(r.paragraph.map(|p| p.number)),
    );
    t.text("point", "The point's letter; only on a point's row.", |r| {
        optional(r.point.map(|p| &p.label))
    });
    t.integer(
        "footnote",
        "The footnote's number; only on a footnote's row.",
        |r| optional(r.footnote.map(|f| f.number)),
    );
    in_both_languages!(
        t,
        "text",
        "The text (Markdown; a call to footnote 1 is written `[^1]`).",
        |r| r.text
    );
    t
}
