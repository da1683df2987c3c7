//! UI strings and locale formatting: Fluent bundles per language, numbers, dates and French
//! typography.
//!
//! Every word the templates and charts show comes from `i18n/{lang}/*.ftl` through
//! [`I18n::message`]; numbers and dates are formatted here so that "1 234,5" and
//! "8 juin 2022" are written one way everywhere.

use crate::content::data::{ActionStatus, PartialDate, PartnerKind, PartnerStatus};
use crate::content::yaml;
use crate::diagnostic::{Diagnostic, Diagnostics, Result, line_col};
use crate::ftl;
use crate::lang::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Narrow no-break space (U+202F): French thousands separator and the space before
/// `; : ! ?` and inside « ».
pub const NNBSP: char = '\u{202f}';

/// The Fluent bundles of every language, loaded once and shared by all render threads.
pub struct I18n {
    bundles: BTreeMap<Lang, FluentBundle<FluentResource>>,
    /// The .ftl files read, for the dependency map.
    pub files: Vec<PathBuf>,
    /// What the load found that does not stop it: French UI strings that break French
    /// spacing (see [`crate::spacing::ftl`]).
    pub warnings: Vec<Diagnostic>,
    /// Where each message is defined (file, line), to report a failure there.
    defined: BTreeMap<Lang, BTreeMap<String, (PathBuf, usize, usize)>>,
    /// Messages that failed to format since the last [`I18n::take_failures`]: (language,
    /// id, why). A message the code asks for cannot fail in the page; the render that met
    /// it reports it instead, once.
    failures: std::sync::Mutex<BTreeSet<(Lang, String, String)>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n").field("files", &self.files).finish()
    }
}

/// A value of the data that a UI string names in each language: the string's id is the
/// kind's prefix and the value's data spelling (`category-binding`, `country-US`). A
/// missing string fails the render like any other ([`I18n::take_failures`]), unless the
/// kind is [`Labelled::CHECKED_WITH_THE_DATA`].
pub trait Labelled {
    const PREFIX: &'static str;
    /// Whether `validate` checks every value of this kind the data hold against the UI
    /// strings, and reports one unnamed at its file and line: a render that meets it
    /// writes the value as it is spelt instead of reporting it a second time, in a page
    /// that the build, failed by that error, never publishes.
    const CHECKED_WITH_THE_DATA: bool = false;
    /// The value as the data spell it.
    fn key(&self) -> String;
}

macro_rules! labelled_enum {
    ($($kind:ty => $prefix:literal),* $(,)?) => {$(
        impl Labelled for $kind {
            const PREFIX: &'static str = $prefix;
            fn key(&self) -> String {
                crate::model::enum_key(self)
            }
        }
    )*};
}

labelled_enum! {
    ActionStatus => "status",
    PartnerKind => "partner-kind",
    PartnerStatus => "partner-status",
}

/// A country, by its ISO 3166 code.
pub struct Country<'a>(pub &'a str);

impl Labelled for Country<'_> {
    const PREFIX: &'static str = "country";
    /// A partner's country (`validate::data`).
    const CHECKED_WITH_THE_DATA: bool = true;
    fn key(&self) -> String {
        self.0.to_string()
    }
}

/// The id of the UI string that names a value of kind `L` spelt `key` in the data.
pub fn label_id<L: Labelled>(key: &str) -> String {
    format!("{}-{key}", L::PREFIX)
}

/// The UI strings and number formats of one language, for code that writes sentences and
/// labels (the charts, the report). `typeset` ones set what they return in the language's
/// typography (French spaces before `:`), which the names and figures put into a sentence
/// need as much as its own words.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
    typeset: bool,
}

impl<'a> Words<'a> {
    pub fn new(i18n: &'a I18n, lang: Lang) -> Words<'a> {
        Words {
            i18n,
            lang,
            typeset: false,
        }
    }

    /// The same words, set in the language's typography.
    pub fn typeset(self) -> Words<'a> {
        Words {
            typeset: true,
            ..self
        }
    }

    fn set(&self, text: String) -> String {
        if self.typeset {
            typography(self.lang, &text)
        } else {
            text
        }
    }

    pub fn get(&self, id: &str) -> String {
        self.set(self.i18n.get(self.lang, id, None))
    }

    /// The name of a value of the data.
    pub fn label<L: Labelled>(&self, value: &L) -> String {
        self.set(self.i18n.label(self.lang, value))
    }

    pub fn with(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        self.set(self.i18n.get(self.lang, id, Some(&fluent)))
    }

    /// A date in the language's long form ("4 March 2022").
    pub fn date(&self, date: &PartialDate) -> String {
        self.i18n.format_date(self.lang, date)
    }

    pub fn number(&self, n: usize) -> String {
        format_number(self.lang, n as f64, Some(0))
    }

    /// `share` from 0 to 1, as a percentage.
    pub fn percent(&self, share: f64) -> String {
        format_percent(self.lang, share * 100.0)
    }

    /// `count` of `total` as a percentage (0 of nothing is 0).
    pub fn share(&self, count: usize, total: usize) -> String {
        self.percent(if total == 0 {
            0.0
        } else {
            count as f64 / total as f64
        })
    }

    /// "a, b et c" / "a, b and c".
    pub fn list(&self, items: &[String]) -> String {
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
}

impl I18n {
    /// Loads `i18n/{lang}/*.ftl` for each language; reports every parse error and every
    /// message defined in one language but not another.
    pub fn load(root: &Path, langs: &[Lang]) -> Result<I18n> {
        let mut diagnostics = Diagnostics::default();
        let mut bundles = BTreeMap::new();
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        let mut ids: BTreeMap<Lang, BTreeMap<String, (PathBuf, usize, usize)>> = BTreeMap::new();
        // Languages with a file that does not parse: their ids are unknown, so comparing them
        // would turn one syntax error into an error per message of the file.
        let mut broken = BTreeSet::new();
        for &lang in langs {
            let dir = PathBuf::from("i18n").join(lang.code());
            let mut lang_files: Vec<PathBuf> = std::fs::read_dir(root.join(&dir))
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .map(|e| dir.join(e.file_name()))
                        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                        .collect()
                })
                .unwrap_or_default();
            lang_files.sort();
            if lang_files.is_empty() {
                diagnostics.push(
                    Diagnostic::error(&dir, format!("no .ftl file for language `{lang}`"))
                        .with_help(format!(
                            "UI strings of {lang} live in {}/*.ftl",
                            dir.display()
                        )),
                );
                continue;
            }
            let mut bundle = FluentBundle::new_concurrent(vec![lang_id(lang)]);
            // Isolation marks (U+2068/U+2069) are for mixed-direction text; in French and
            // English HTML they are invisible noise that breaks copy-paste and search.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(match lang {
                Lang::Fr => format_value_fr,
                Lang::En => format_value_en,
            }));
            for file in lang_files {
                let Some(source) = diagnostics.take(yaml::read_project_text(root, &file)) else {
                    continue;
                };
                match ftl::message_ids(&source) {
                    Ok(found) => {
                        let lang_ids = ids.entry(lang).or_default();
                        // Counted once per file: definitions begin their line.
                        let newlines: Vec<usize> =
                            source.match_indices('\n').map(|(i, _)| i).collect();
                        for (id, offset) in found {
                            let line = newlines.partition_point(|&n| n < offset) + 1;
                            lang_ids.insert(id, (file.clone(), line, 1));
                        }
                    }
                    Err(problems) => {
                        for p in problems {
                            let (line, column) = line_col(&source, p.offset);
                            diagnostics.push(Diagnostic::error(&file, p.message).at(line, column));
                        }
                        broken.insert(lang);
                        continue;
                    }
                }
                if lang == Lang::Fr {
                    warnings.extend(crate::spacing::ftl(&file, &source));
                }
                let resource =
                    FluentResource::try_new(source).unwrap_or_else(|(resource, _)| resource);
                if let Err(errors) = bundle.add_resource(resource) {
                    for e in errors {
                        diagnostics.push(Diagnostic::error(&file, e.to_string()));
                    }
                }
                files.push(file);
            }
            bundles.insert(lang, bundle);
        }
        for (&a, a_ids) in &ids {
            for (&b, b_ids) in &ids {
                for (id, (file, line, column)) in
                    a_ids.iter().filter(|(id, _)| !b_ids.contains_key(*id))
                {
                    if a == b || broken.contains(&a) || broken.contains(&b) {
                        continue;
                    }
                    diagnostics.push(
                        Diagnostic::error(
                            file,
                            format!("message `{id}` is defined in {a} but not in {b}"),
                        )
                        .at(*line, *column)
                        .with_help(format!("add `{id} = …` to a file of i18n/{b}/")),
                    );
                }
            }
        }
        diagnostics.finish()?;
        Ok(I18n {
            bundles,
            files,
            warnings,
            defined: ids,
            failures: Default::default(),
        })
    }

    /// The message `id` in `lang`, with arguments; an unknown id or a failing placeable is
    /// an error the caller reports with its own position.
    pub fn message(
        &self,
        lang: Lang,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, String> {
        let bundle = self
            .bundles
            .get(&lang)
            .ok_or_else(|| format!("no UI strings for language `{lang}`"))?;
        let (id, attribute) = match id.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (id, None),
        };
        let message = bundle
            .get_message(id)
            .ok_or_else(|| format!("unknown UI string `{id}` (define it in i18n/{lang}/*.ftl)"))?;
        let pattern = match attribute {
            Some(attr) => message
                .get_attribute(attr)
                .map(|a| a.value())
                .ok_or_else(|| format!("UI string `{id}` has no attribute `{attr}`"))?,
            None => message
                .value()
                .ok_or_else(|| format!("UI string `{id}` has no value"))?,
        };
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        match errors.first() {
            Some(e) => Err(format!("UI string `{id}`: {e}")),
            None => Ok(text),
        }
    }

    /// The name of a value of the data in `lang`.
    pub fn label<L: Labelled>(&self, lang: Lang, value: &L) -> String {
        let key = value.key();
        let id = label_id::<L>(&key);
        let named = self
            .bundles
            .get(&lang)
            .is_some_and(|bundle| bundle.has_message(&id));
        if L::CHECKED_WITH_THE_DATA && !named {
            return key;
        }
        self.get(lang, &id, None)
    }

    /// Every value of kind `L` that `lang` names, as the data spell it (`AD`, `AE`, … for
    /// [`Country`]), in order.
    pub fn labelled<L: Labelled>(&self, lang: Lang) -> impl Iterator<Item = &str> {
        let prefix = label_id::<L>("");
        self.defined
            .get(&lang)
            .into_iter()
            .flat_map(|ids| ids.keys())
            .filter_map(move |id| id.strip_prefix(prefix.as_str()))
    }

    /// A message that must exist (ids the code itself uses, e.g. month names). Should it fail
    /// (an unknown variable, a cycle between messages), the failure is kept for
    /// [`I18n::take_failures`], which makes the render fail: the placeholder text returned
    /// is never published.
    pub fn get(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        self.message(lang, id, args).unwrap_or_else(|e| {
            let base = id.split('.').next().unwrap_or(id).to_string();
            self.failures
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert((lang, base, e.clone()));
            format!("[{e}]")
        })
    }

    /// The messages that failed since the last call, as errors at their definitions.
    pub fn take_failures(&self) -> Vec<Diagnostic> {
        let failures = std::mem::take(
            &mut *self
                .failures
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        failures
            .into_iter()
            .map(|(lang, id, why)| {
                let message = format!("{why} (in {lang})");
                match self.defined.get(&lang).and_then(|ids| ids.get(&id)) {
                    Some((file, line, column)) => Diagnostic::error(file, message).at(*line, *column),
                    None => Diagnostic::error(Path::new("i18n").join(lang.code()), message),
                }
                .with_help("a variable the message uses must be one the page gives it; messages may not refer to each other in a circle")
            })
            .collect()
    }

    /// A date in the language's long form: "8 juin 2022", "June 2022", "2021".
    pub fn format_date(&self, lang: Lang, date: &PartialDate) -> String {
        let Some(month) = date.month else {
            // The year is text, not a number: "2022", never "2 022".
            return date.year.to_string();
        };
        let mut args = FluentArgs::new();
        args.set("year", date.year.to_string());
        args.set("month", self.get(lang, &format!("month-{month}"), None));
        match date.day {
            Some(day) => {
                args.set("day", day);
                self.get(lang, "date-day-month-year", Some(&args))
            }
            None => self.get(lang, "date-month-year", Some(&args)),
        }
    }

    /// When something took place, as precisely as known: a range, a day, a month or a
    /// year, or "date not given".
    pub fn format_when(
        &self,
        lang: Lang,
        start: Option<&PartialDate>,
        end: Option<&PartialDate>,
    ) -> String {
        match (start, end) {
            (Some(start), Some(end)) => self.format_date_range(lang, start, end),
            (Some(start), None) => self.format_date(lang, start),
            _ => self.get(lang, "date-none", None),
        }
    }

    /// The years something spans ("2018-2021"), one year alone, or nothing.
    pub fn format_years(&self, lang: Lang, first: Option<i32>, last: Option<i32>) -> String {
        match (first, last) {
            (Some(a), Some(b)) if a != b => {
                let mut args = FluentArgs::new();
                args.set("start", a.to_string());
                args.set("end", b.to_string());
                self.get(lang, "year-range", Some(&args))
            }
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        }
    }

    /// The periods of work plans, "2018-2021" or "2018-2021 et 2022-2025".
    pub fn format_periods(&self, lang: Lang, periods: &[(i32, i32)]) -> String {
        let words = Words::new(self, lang);
        let each: Vec<String> = periods
            .iter()
            .map(|&(start, end)| self.format_years(lang, Some(start), Some(end)))
            .collect();
        words.list(&each)
    }

    /// A range as a reader writes it, without repeating what both ends share:
    /// "18–20 November 2019", "du 26 février au 1er mars 2019", "d’avril à mai 2021".
    pub fn format_date_range(&self, lang: Lang, start: &PartialDate, end: &PartialDate) -> String {
        let mut args = FluentArgs::new();
        args.set("year", end.year.to_string());
        if let (Some(month), Some(start_day), Some(end_day)) = (start.month, start.day, end.day)
            && start.year == end.year
            && start.month == end.month
        {
            args.set("month", self.get(lang, &format!("month-{month}"), None));
            args.set("start_day", start_day);
            args.set("end_day", end_day);
            return self.get(lang, "date-range-same-month", Some(&args));
        }
        // Each end is a phrase of its own ("du 3 mars", "d’avril", "au 5 mai"): French
        // chooses the preposition by the precision and elides it before a vowel.
        let same_year = start.year == end.year && start.month.is_some() && end.month.is_some();
        let end_of_range = |date: &PartialDate, id: &str| {
            let mut phrase = FluentArgs::new();
            phrase.set(
                "date",
                if same_year {
                    self.format_day_month(lang, date)
                } else {
                    self.format_date(lang, date)
                },
            );
            phrase.set("precision", precision(date));
            phrase.set("month", date.month.unwrap_or(0));
            self.get(lang, id, Some(&phrase))
        };
        args.set("start", end_of_range(start, "date-range-start"));
        args.set("end", end_of_range(end, "date-range-end"));
        let id = if same_year {
            "date-range-same-year"
        } else {
            "date-range"
        };
        self.get(lang, id, Some(&args))
    }

    /// A date without its year ("1er mars", "March"); the caller says the year once.
    fn format_day_month(&self, lang: Lang, date: &PartialDate) -> String {
        let Some(month) = date.month else {
            return date.year.to_string();
        };
        let mut args = FluentArgs::new();
        args.set("month", self.get(lang, &format!("month-{month}"), None));
        match date.day {
            Some(day) => {
                args.set("day", day);
                self.get(lang, "date-day-month", Some(&args))
            }
            None => self.get(lang, "month-alone", Some(&args)),
        }
    }
}

fn precision(date: &PartialDate) -> &'static str {
    match (date.month, date.day) {
        (Some(_), Some(_)) => "day",
        (Some(_), None) => "month",
        _ => "year",
    }
}

fn lang_id(lang: Lang) -> unic_langid::LanguageIdentifier {
    match lang {
        Lang::Fr => unic_langid::langid!("fr"),
        Lang::En => unic_langid::langid!("en"),
    }
}

fn format_value_fr<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_fluent_number(Lang::Fr, value)
}

fn format_value_en<M>(value: &FluentValue, _: &M) -> Option<String> {
    format_fluent_number(Lang::En, value)
}

fn format_fluent_number(lang: Lang, value: &FluentValue) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.options.use_grouping => {
            let decimals = n
                .options
                .maximum_fraction_digits
                .or(n.options.minimum_fraction_digits);
            Some(format_number(lang, n.value, decimals))
        }
        _ => None,
    }
}

/// A number in the language's format: `1 234,5` (narrow no-break space) in French,
/// `1,234.5` in English. `decimals` fixes the fraction digits; `None` keeps up to three and
/// drops trailing zeros.
pub fn format_number(lang: Lang, value: f64, decimals: Option<usize>) -> String {
    let formatted = match decimals {
        Some(d) => format!("{:.*}", d, value.abs()),
        None => {
            let s = format!("{:.3}", value.abs());
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    };
    let (int_part, frac_part) = match formatted.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (formatted.as_str(), None),
    };
    let (group, decimal) = match lang {
        Lang::Fr => (NNBSP, ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    if value < 0.0 && formatted.chars().any(|c| c != '0' && c != '.') {
        out.push('-');
    }
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(frac) = frac_part {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// The typography of `lang` on a plain text (no markup).
pub fn typography(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Fr => french_typography(text),
        Lang::En => english_typography(text),
    }
}

/// English running text: a typewriter apostrophe between letters becomes ’ (Europe's →
/// Europe’s) and typewriter double quotes become “ ”, as smart punctuation does in
/// Markdown bodies.
pub fn english_typography(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let between_letters = i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
            match c {
                '\'' if between_letters => '’',
                '"' if opens_quote(&chars[..i]) => '“',
                '"' => '”',
                c => c,
            }
        })
        .collect()
}

/// Whether a typewriter `"` after `before` opens a quotation (at the start, after a space
/// or an opening bracket or dash) rather than closes one.
fn opens_quote(before: &[char]) -> bool {
    before
        .last()
        .is_none_or(|&c| c.is_whitespace() || "([{—–-/".contains(c))
}

/// A whole percentage: "12\u{202f}%" in French (narrow no-break space), "12%" in English.
pub fn format_percent(lang: Lang, percent: f64) -> String {
    let number = format_number(lang, percent, Some(0));
    match lang {
        Lang::Fr => format!("{number}{NNBSP}%"),
        Lang::En => format!("{number}%"),
    }
}

/// French spacing, the one definition that the typesetter ([`french_typography`], at render
/// time) and the check of the sources ([`french_spacing_faults`], `passerelle check`)
/// share: the high punctuation `; : ! ?` takes a narrow no-break space before it, and the
/// guillemets one inside them (`«\u{202f}` … `\u{202f}»`).
pub const HIGH_PUNCTUATION: [char; 4] = [';', ':', '!', '?'];

/// Whether `c` is a space that French spacing accepts before high punctuation and inside
/// guillemets: the narrow no-break space, or the no-break space (U+00A0), which the
/// typesetter narrows.
pub fn is_french_no_break_space(c: char) -> bool {
    c == NNBSP || c == '\u{a0}'
}

/// French typography on running text: a narrow no-break space before `; : ! ?`, inside
/// « », and after/before curly quotes turned into guillemets. Only spaces the author typed
/// are replaced (or added inside guillemets), so "10:30" and "https://" stay untouched.
pub fn french_typography(text: &str) -> String {
    if !needs_french_typography(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let c = match c {
            '"' if opens_quote(&chars[..i]) => '“',
            '"' => '”',
            c => c,
        };
        match c {
            '“' | '«' => {
                out.push('«');
                out.push(NNBSP);
                i += 1;
                while i < chars.len() && is_space(chars[i]) {
                    i += 1;
                }
                continue;
            }
            '”' | '»' => {
                while out.ends_with(|c: char| is_space(c)) {
                    out.pop();
                }
                out.push(NNBSP);
                out.push('»');
            }
            // A typewriter apostrophe between letters is an elision (l'Europe → l’Europe).
            '\'' if out.ends_with(char::is_alphabetic)
                && chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) =>
            {
                out.push('’');
            }
            // After a closing guillemet the space is certain even if the author left it out.
            c if HIGH_PUNCTUATION.contains(&c)
                && out.ends_with(|c: char| is_space(c) || c == '»') =>
            {
                while out.ends_with(|c: char| is_space(c)) {
                    out.pop();
                }
                out.push(NNBSP);
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Whether [`french_typography`] would change `text`: only quotes, apostrophes and the
/// high punctuation it spaces are touched, and most runs of text have none.
pub fn needs_french_typography(text: &str) -> bool {
    text.contains(['"', '“', '”', '«', '»', '\'', ';', ':', '!', '?'])
}

fn is_space(c: char) -> bool {
    c == ' ' || is_french_no_break_space(c)
}

/// A place where a French text breaks French spacing (see [`HIGH_PUNCTUATION`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpacingFault {
    /// The index, among the text's characters, of the punctuation mark or guillemet.
    pub index: usize,
    pub mark: char,
    /// What stands where the no-break space belongs.
    pub found: SpaceFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpaceFound {
    /// A space that can break the line there (U+0020, a tab, a thin space …).
    Breaking,
    /// No space at all (`Source:`, `«oui»`).
    Missing,
}

impl SpacingFault {
    /// What the check says, and what to write instead.
    pub fn message(&self) -> (String, String) {
        let mark = self.mark;
        let side = if mark == '«' { "after" } else { "before" };
        let rule = "French sets one before `; : ! ?` and `»`, and after `«`";
        match self.found {
            SpaceFound::Breaking => (
                format!("French spacing: an ordinary space {side} `{mark}`"),
                format!("replace the space with a narrow no-break space (U+202F): {rule}"),
            ),
            SpaceFound::Missing => (
                format!("French spacing: no space {side} `{mark}`"),
                format!("add a narrow no-break space (U+202F) {side} `{mark}`: {rule}"),
            ),
        }
    }
}

/// Where `text`, French prose as readers see it (without its markup: a character
/// `\u{fffc}` may stand for a code span, a placeable or a footnote call), breaks French
/// spacing: a high punctuation mark or a closing guillemet after an ordinary space or
/// after no space, an opening guillemet before one. The typesetter mends a typed space at
/// render time, never a missing one (it cannot tell `Source:` from `https:`); the check
/// names both, so the sources say what the pages show.
///
/// Not faults: what cannot be French punctuation — URLs and addresses (a word holding
/// `://`, `www.`, `mailto:` or starting `@/`), a colon between digits (`10:30`, `1:2`), a
/// mark after another (`?!`) or after an opening bracket (`(?)`), an HTML entity's `;`
/// (`&amp;`) — and a mark that begins a line, whose space the text cannot show.
pub fn french_spacing_faults(text: &[char]) -> Vec<SpacingFault> {
    let mut faults = Vec::new();
    for (index, &mark) in text.iter().enumerate() {
        let neighbour = if mark == '«' {
            text.get(index + 1).copied()
        } else if HIGH_PUNCTUATION.contains(&mark) || mark == '»' {
            index.checked_sub(1).map(|i| text[i])
        } else {
            continue;
        };
        let found = match neighbour {
            None | Some('\n' | '\r') => continue,
            Some(c) if is_french_no_break_space(c) => continue,
            Some(c) if c.is_whitespace() => SpaceFound::Breaking,
            Some(c) => {
                if not_french_punctuation(text, index, c) {
                    continue;
                }
                SpaceFound::Missing
            }
        };
        faults.push(SpacingFault { index, mark, found });
    }
    faults
}

/// Whether the mark at `index`, written right after `before`, is something other than
/// French punctuation (see [`french_spacing_faults`]).
fn not_french_punctuation(text: &[char], index: usize, before: char) -> bool {
    let mark = text[index];
    let after = text.get(index + 1).copied();
    match mark {
        ':' if before.is_ascii_digit() && after.is_some_and(|c| c.is_ascii_digit()) => true,
        '!' | '?' if matches!(before, '!' | '?' | '(' | '[') => true,
        ';' if is_entity_end(&text[..index]) => true,
        _ => in_address(text, index),
    }
}

/// Whether `before` ends like an HTML entity without its `;` (`&amp`, `&#8239`).
fn is_entity_end(before: &[char]) -> bool {
    let name: Vec<char> = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .copied()
        .collect();
    !name.is_empty() && before.len() > name.len() && before[before.len() - name.len() - 1] == '&'
}

/// Whether the character at `index` is inside a word that is an address: a URL, a
/// `mailto:`, a link to another page (`@/pages/history.md`).
fn in_address(text: &[char], index: usize) -> bool {
    let start = text[..index]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    let end = text[index..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(text.len(), |i| index + i);
    let mut word = &text[start..end];
    while let [first, rest @ ..] = word
        && matches!(first, '(' | '<' | '[' | '«' | '"' | '\'')
    {
        word = rest;
    }
    let starts = |prefix: &str| {
        word.len() >= prefix.len() && word.iter().zip(prefix.chars()).all(|(a, b)| *a == b)
    };
    word.windows(3).any(|w| w == [':', '/', '/'])
        || starts("www.")
        || starts("mailto:")
        || starts("@/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_named_by_kind_and_data_spelling() {
        assert_eq!(
            label_id::<PartnerKind>(&PartnerKind::BusinessAssociation.key()),
            "partner-kind-business-association"
        );
        assert_eq!(
            label_id::<ActionStatus>(&ActionStatus::InProgress.key()),
            "status-in-progress"
        );
        assert_eq!(label_id::<Country>(&Country("US").key()), "country-US");
    }

    /// The project's own strings: dates read as the site prints them.
    fn project_strings() -> I18n {
        I18n::load(Path::new(env!("CARGO_MANIFEST_DIR")), &[Lang::Fr, Lang::En]).unwrap()
    }

    #[test]
    fn every_iso_country_is_named_in_both_languages() {
        let i18n = project_strings();
        let en: Vec<&str> = i18n.labelled::<Country>(Lang::En).collect();
        let fr: Vec<&str> = i18n.labelled::<Country>(Lang::Fr).collect();
        assert_eq!(en, fr);
        // ISO 3166-1's officially assigned codes; not XK, EU or UN (i18n/en/countries.ftl
        // says why).
        assert_eq!(en.len(), 249);
        for left_out in ["XK", "EU", "UN", "ZZ"] {
            assert!(!en.contains(&left_out), "{left_out}");
        }
        assert_eq!(i18n.label(Lang::En, &Country("SE")), "Sweden");
        assert_eq!(i18n.label(Lang::Fr, &Country("SE")), "Suède");
    }

    #[test]
    fn dates_and_ranges_per_language() {
        let i18n = project_strings();
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        let range = |lang, a, b| i18n.format_date_range(lang, &d(a), &d(b));
        assert_eq!(i18n.format_date(Lang::Fr, &d("2022-06-08")), "8 juin 2022");
        assert_eq!(
            i18n.format_date(Lang::Fr, &d("2021-03-01")),
            "1er mars 2021"
        );
        assert_eq!(i18n.format_date(Lang::En, &d("2017-12")), "December 2017");
        for (a, b, fr, en) in [
            (
                "2019-11-18",
                "2019-11-20",
                "du 18 au 20 novembre 2019",
                "18–20 November 2019",
            ),
            (
                "2019-02-26",
                "2019-03-01",
                "du 26 février au 1er mars 2019",
                "26 February to 1 March 2019",
            ),
            (
                "2021-04",
                "2021-05",
                "d’avril à mai 2021",
                "April to May 2021",
            ),
            (
                "2021-01",
                "2021-09",
                "de janvier à septembre 2021",
                "January to September 2021",
            ),
            (
                "2020-12-15",
                "2021-01-17",
                "du 15 décembre 2020 au 17 janvier 2021",
                "15 December 2020 to 17 January 2021",
            ),
            ("2020", "2021", "de 2020 à 2021", "2020 to 2021"),
        ] {
            assert_eq!(range(Lang::Fr, a, b), fr);
            assert_eq!(range(Lang::En, a, b), en);
        }
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(format_number(Lang::Fr, 1234.5, None), "1\u{202f}234,5");
        assert_eq!(format_number(Lang::En, 1234.5, None), "1,234.5");
        assert_eq!(format_number(Lang::En, 1234567.0, Some(0)), "1,234,567");
        assert_eq!(format_number(Lang::Fr, 25.0, None), "25");
        assert_eq!(format_number(Lang::Fr, 0.5, Some(1)), "0,5");
        assert_eq!(format_number(Lang::En, -1000.0, None), "-1,000");
    }

    #[test]
    fn french_spaces() {
        assert_eq!(
            french_typography("Pourquoi ? Parce que : « oui » ; voilà !"),
            "Pourquoi\u{202f}? Parce que\u{202f}: «\u{202f}oui\u{202f}»\u{202f}; voilà\u{202f}!"
        );
        assert_eq!(
            french_typography("“citation”"),
            "«\u{202f}citation\u{202f}»"
        );
        assert_eq!(french_typography("l'Europe, 'x'"), "l’Europe, 'x'");
        assert_eq!(
            french_typography("Conférence \"Les droits de l'homme\": suite"),
            "Conférence «\u{202f}Les droits de l’homme\u{202f}»\u{202f}: suite"
        );
        assert_eq!(
            english_typography("Conference \"Human rights\" (\"AI\")"),
            "Conference “Human rights” (“AI”)"
        );
        assert_eq!(
            french_typography("à 10:30, voir https://coe.int"),
            "à 10:30, voir https://coe.int"
        );
    }

    /// The faults of a text, as (mark, breaking space?) in order.
    fn faults(text: &str) -> Vec<(char, SpaceFound)> {
        let chars: Vec<char> = text.chars().collect();
        french_spacing_faults(&chars)
            .into_iter()
            .map(|f| {
                assert_eq!(chars[f.index], f.mark);
                (f.mark, f.found)
            })
            .collect()
    }

    #[test]
    fn french_spacing_names_ordinary_and_missing_spaces() {
        use SpaceFound::{Breaking, Missing};
        assert_eq!(faults("Source : x"), [(':', Breaking)]);
        assert_eq!(faults("Source: x"), [(':', Missing)]);
        assert_eq!(
            faults("Pourquoi ? Voilà !"),
            [('?', Breaking), ('!', Breaking)]
        );
        assert_eq!(faults("a ; b;c"), [(';', Breaking), (';', Missing)]);
        assert_eq!(
            faults("« oui » et «non»"),
            [
                ('«', Breaking),
                ('»', Breaking),
                ('«', Missing),
                ('»', Missing)
            ]
        );
        assert_eq!(faults("«\u{202f}oui\u{202f}»\u{202f}:"), []);
        // The no-break space is accepted too: the typesetter narrows it.
        assert_eq!(faults("Source\u{a0}: x"), []);
        assert_eq!(
            faults("Échéance\u{202f}: x\u{202f}; y\u{202f}? z\u{202f}!"),
            []
        );
        // A placeable or a code span stands as one character: its spacing is the text's.
        assert_eq!(faults("\u{fffc}: \u{fffc}"), [(':', Missing)]);
        assert_eq!(faults("(\u{fffc}) : x"), [(':', Breaking)]);
    }

    #[test]
    fn french_spacing_leaves_what_is_not_french_punctuation() {
        for text in [
            "voir https://coe.int/fr?x=1&y=2 et <https://coe.int>",
            "(https://www.coe.int/fr/web/portal:x)",
            "www.coe.int/a:b",
            "écrire à mailto:digital@coe.int",
            "la page @/pages/history.md#a:b",
            "à 10:30, un rapport 1:2",
            "vraiment\u{202f}?!",
            "un doute (?) ici",
            "AT&amp; &#8239; &nbsp;",
            // A mark at the start of a line: its space is at the end of the line before.
            ": suite\n? oui\n» fin",
            "«\nlong\n»",
        ] {
            assert_eq!(faults(text), [], "{text}");
        }
    }
}
