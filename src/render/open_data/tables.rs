//! The columns of the published tables: partners and work-plan activities. Each column is
//! written here once; the CSV file and its schema are both made from it.

use super::table::{Table, list, list_separator, optional};
use crate::content::data::{Activity, Partner, PartnerKind, PartnerStatus};
use crate::model::enum_key;
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
/// table `$t`.
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
}

/// The values of a Rust enum, as the data write them, in its `ALL` order.
fn keys<T: Serialize>(all: &[T]) -> Vec<String> {
    all.iter().map(enum_key).collect()
}

/// Each value once, in the order it first comes.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
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
        |p| p.cohort.as_str().to_string(),
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
        "category",
        "The category of the work plan the activity is listed under (standard-setting, binding or not, studies, events); the values are those the data use.",
        |a| enum_key(&a.category),
    )
    .required()
    // From the data rather than from a closed list in the program: the data are what
    // declares the work plan's categories.
    .one_of(|data| distinct(data.activities.iter().map(|a| enum_key(&a.category))));
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
