//! Validate: the checks between records that serde cannot make: ids unique and known,
//! dates in order, a status and its date agreeing, footnotes referenced. Every problem is
//! reported, with the line of the record it is about. Pages: translations present, links
//! to anchors that exist, images with alt text.

use crate::content::data::{Data, PartnerStatus};
use crate::content::yaml::LazySpans;
use crate::content::{
    ACTIVITIES_FILE, BodyFacts, CONCLUSIONS_FILE, DOMAINS_FILE, DataSources, PARTNERS_FILE,
    PageSource, STRATEGY_FILE,
};
use crate::country_aliases;
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};
use crate::i18n::{Country, I18n, label_id};
use crate::lang::Lang;
use crate::markdown::outline;
use crate::urls::slugify;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs every data check; returns the problems found (errors and warnings).
/// `langs`: the languages the site publishes, the only ones whose UI strings must name
/// each partner's country.
/// A path into a YAML document (`path!["partners", 3, "kind"]`), for its spans.
macro_rules! path {
    ($($step:expr),* $(,)?) => { vec![$($step.to_string()),*] };
}

pub fn data(data: &Data, sources: &DataSources, i18n: &I18n, langs: &[Lang]) -> Diagnostics {
    let mut out = Diagnostics::default();
    let partners_file = PathBuf::from(PARTNERS_FILE);
    let activities_file = PathBuf::from(ACTIVITIES_FILE);
    let domains_file = PathBuf::from(DOMAINS_FILE);
    // Where a value or a key is written, from the parser's spans (worked out only for a
    // file that has a problem to point at).
    let spans: BTreeMap<&Path, LazySpans> = sources
        .iter()
        .map(|(file, text)| (file.as_path(), LazySpans::new(text)))
        .collect();
    let value_at = |file: &Path, path: Vec<String>, message: String| {
        let (line, column) = spans
            .get(file)
            .and_then(|s| s.get().value(&path))
            .unwrap_or((0, 0));
        Diagnostic::error(file, message).at(line, column)
    };
    let key_at = |file: &Path, path: Vec<String>, message: String| {
        let (line, column) = spans
            .get(file)
            .and_then(|s| s.get().key(&path))
            .unwrap_or((0, 0));
        Diagnostic::error(file, message).at(line, column)
    };

    let partner_ids = record_ids(
        &mut out,
        &partners_file,
        sources,
        "partner",
        data.partners.iter().map(|p| p.id.as_str()),
    );
    let domain_ids = record_ids(
        &mut out,
        &domains_file,
        sources,
        "domain",
        data.domains.iter().map(|d| d.id.as_str()),
    );
    record_ids(
        &mut out,
        &activities_file,
        sources,
        "activity",
        data.activities.iter().map(|a| a.id.as_str()),
    );

    for (i, domain) in data.domains.iter().enumerate() {
        let slugs = domain
            .slug
            .iter()
            .flat_map(|s| [("fr", &s.fr), ("en", &s.en)]);
        for (lang, slug) in slugs {
            if !is_id(slug) {
                out.push(value_at(
                    &domains_file,
                    path!["domains", i, "slug", lang],
                    format!(
                        "domain slug `{slug}` may only hold a-z, 0-9 and '-' (it is a URL segment)"
                    ),
                ));
            }
        }
    }

    if langs.contains(&Lang::Fr) {
        out.extend(crate::spacing::data(data, sources));
    }

    let countries = Countries::named(i18n, langs);
    for (i, partner) in data.partners.iter().enumerate() {
        let id = &partner.id;
        if partner.name.trim().is_empty() {
            out.push(
                key_at(
                    &partners_file,
                    path!["partners", i, "name"],
                    format!("partner `{id}` has no name"),
                )
                .with_help("write it as the partner writes it: `name: …`"),
            );
        }
        // A joining partner whose planned date the data have since passed: the pages
        // would still say "to join on" a day gone by.
        if partner.status == PartnerStatus::Joining
            && let Some(updated) = data.updated.get(Path::new(PARTNERS_FILE))
            && partner.signed < *updated
        {
            out.push(
                value_at(
                    &partners_file,
                    path!["partners", i, "status"],
                    format!(
                        "partner `{id}` is still `joining`, with a planned date ({}) before the data's `updated:` ({updated})",
                        partner.signed
                    ),
                )
                .with_help("if it has joined, write `status: active` (and drop `signed_text`); if not, give its new planned date")
                .into_warning(),
            );
        }
        match (partner.status, partner.ended) {
            (PartnerStatus::Ended, None) => out.push(
                value_at(
                    &partners_file,
                    path!["partners", i, "status"],
                    format!("partner `{id}` has status `ended` but no `ended` date"),
                )
                .with_help("add `ended: YYYY-MM-DD`"),
            ),
            (PartnerStatus::Active | PartnerStatus::Joining, Some(_)) => out.push(value_at(
                &partners_file,
                path!["partners", i, "ended"],
                format!("partner `{id}` has an `ended` date but its status is not `ended`"),
            )),
            _ => {}
        }
        if let Some(ended) = partner.ended
            && ended < partner.signed
        {
            out.push(value_at(
                &partners_file,
                path!["partners", i, "ended"],
                format!(
                    "partner `{id}` ended ({ended}) before it signed ({})",
                    partner.signed
                ),
            ));
        }
        if let Some(introduced) = partner.introduced
            && introduced > partner.signed
        {
            out.push(value_at(
                &partners_file,
                path!["partners", i, "introduced"],
                format!(
                    "partner `{id}` was introduced to the TC-INF ({introduced}) after it signed ({})",
                    partner.signed
                ),
            ));
        }
        if !countries.codes.contains(partner.country.as_str()) {
            out.push(
                value_at(
                    &partners_file,
                    path!["partners", i, "country"],
                    if partner.country.is_empty() {
                        format!("partner `{id}` has no country")
                    } else {
                        format!("unknown country `{}` for partner `{id}`", partner.country)
                    },
                )
                .with_help(countries.help(&partner.country)),
            );
        }
    }

    let plan_ids = unique_ids(
        &mut out,
        &activities_file,
        sources,
        data.work_plans.iter().map(|w| w.id.as_str()),
    );
    let category_ids = unique_ids(
        &mut out,
        &activities_file,
        sources,
        data.categories.iter().map(|c| c.id.as_str()),
    );
    for (i, plan) in data.work_plans.iter().enumerate() {
        if plan.end < plan.start {
            out.push(value_at(
                &activities_file,
                path!["work_plans", i, "end"],
                format!(
                    "work plan `{}` ends ({}) before it starts ({})",
                    plan.id, plan.end, plan.start
                ),
            ));
        }
    }
    use crate::charts::CATEGORY_COLOURS;
    if data.categories.len() > CATEGORY_COLOURS {
        out.push(
            Diagnostic::warning(
                &activities_file,
                format!(
                    "{} categories: the charts have {CATEGORY_COLOURS} colours, so some categories share one",
                    data.categories.len()
                ),
            )
            .with_help("merge categories, or give the theme's charts more colours"),
        );
    }
    if data.work_plans.is_empty() && !data.activities.is_empty() {
        out.push(
            Diagnostic::error(&activities_file, "activities but no `work_plans:`").with_help(
                "declare the work plan they belong to: `work_plans: [{id: \"2018-2021\", title: {fr: …, en: …}, start: 2018, end: 2021}]`",
            ),
        );
    }
    for (i, activity) in data.activities.iter().enumerate() {
        let id = &activity.id;
        // A reference is pointed at where it is written in the activity's record.
        let in_record = |steps: Vec<String>, message: String| {
            let mut path = path!["activities", i];
            path.extend(steps);
            value_at(&activities_file, path, message)
        };
        if !category_ids.contains(activity.category.as_str()) {
            let mut d = if activity.category.is_empty() {
                // An empty value has no word to point at: its key, then.
                key_at(
                    &activities_file,
                    path!["activities", i, "category"],
                    format!("activity `{id}` has no category"),
                )
            } else {
                in_record(
                    path!["category"],
                    format!(
                        "activity `{id}` has unknown category `{}`",
                        activity.category
                    ),
                )
            };
            d = d.with_help(match nearest(&activity.category, &category_ids) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "the categories are {}",
                    listed(category_ids.iter().copied())
                ),
            });
            out.push(d);
        }
        if let Some(plan) = &activity.work_plan
            && !plan_ids.is_empty()
            && !plan_ids.contains(plan.as_str())
        {
            let d = in_record(
                path!["work_plan"],
                format!("activity `{id}` names unknown work plan `{plan}`"),
            );
            out.push(d.with_help(match nearest(plan, &plan_ids) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the work plans are {}", listed(plan_ids.iter().copied())),
            }));
        }
        for (j, partner) in activity.partners.iter().enumerate() {
            if !partner_ids.contains(partner.as_str()) {
                let mut d = in_record(
                    path!["partners", j],
                    format!("activity `{id}` names unknown partner `{partner}`"),
                );
                if let Some(near) = nearest(partner, &partner_ids) {
                    d = d.with_help(format!("did you mean `{near}`?"));
                }
                out.push(d);
            }
        }
        let mut seen = BTreeSet::new();
        for (j, partner) in activity.partners.iter().enumerate() {
            if !seen.insert(partner) {
                out.push(in_record(
                    path!["partners", j],
                    format!("activity `{id}` lists partner `{partner}` twice"),
                ));
            }
        }
        for (j, domain) in activity.domains.iter().enumerate() {
            if !domain_ids.contains(domain.as_str()) {
                let mut d = in_record(
                    path!["domains", j],
                    format!("activity `{id}` names unknown domain `{domain}`"),
                );
                d = d.with_help(match nearest(domain, &domain_ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the domains are {}", listed(domain_ids.iter().copied())),
                });
                out.push(d);
            }
        }
        if let (Some(start), Some(end)) = (activity.start, activity.end)
            && end < start
        {
            out.push(in_record(
                path!["end"],
                format!("activity `{id}` ends ({end}) before it starts ({start})"),
            ));
        }
        if activity.end.is_some() && activity.start.is_none() {
            out.push(in_record(
                path!["end"],
                format!("activity `{id}` has an `end` but no `start`"),
            ));
        }
    }

    // A list is serialized alone; in its file it is under its key ("" for the whole file).
    use serde_json::to_value as value;
    for (file, parts) in [
        (PARTNERS_FILE, vec![("partners", value(&data.partners))]),
        (DOMAINS_FILE, vec![("domains", value(&data.domains))]),
        (
            ACTIVITIES_FILE,
            vec![
                ("work_plans", value(&data.work_plans)),
                ("categories", value(&data.categories)),
                ("activities", value(&data.activities)),
            ],
        ),
        (STRATEGY_FILE, vec![("", value(&data.strategy))]),
        (CONCLUSIONS_FILE, vec![("", value(&data.conclusions))]),
    ] {
        let Some(text) = sources.get(Path::new(file)) else {
            continue;
        };
        let spans = LazySpans::new(text);
        for (key, value) in parts {
            let Ok(value) = value else { continue };
            let mut path: Vec<String> = Some(key.to_string())
                .filter(|k| !k.is_empty())
                .into_iter()
                .collect();
            untranslated(
                &mut out,
                Path::new(file),
                &spans,
                &value,
                String::new(),
                &mut path,
            );
        }
    }

    if let Some(strategy) = &data.strategy {
        let file = PathBuf::from(STRATEGY_FILE);
        let ids = strategy
            .themes
            .iter()
            .flat_map(|t| t.actions.iter().map(|a| a.id.as_str()));
        unique_ids(&mut out, &file, sources, ids);
        unique_ids(
            &mut out,
            &file,
            sources,
            strategy.themes.iter().map(|t| t.id.as_str()),
        );
    }

    if let Some(conclusions) = &data.conclusions {
        let file = PathBuf::from(CONCLUSIONS_FILE);
        let defined: BTreeSet<u32> = conclusions.footnotes.iter().map(|f| f.number).collect();
        let mut referenced = BTreeSet::new();
        for (si, section) in conclusions.sections.iter().enumerate() {
            for (pi, paragraph) in section.paragraphs.iter().enumerate() {
                // The paragraph's text, then its points', each with where it is written.
                let texts = std::iter::once((&paragraph.text, None)).chain(
                    paragraph
                        .points
                        .iter()
                        .enumerate()
                        .map(|(k, p)| (&p.text, Some(k))),
                );
                for (text, point) in texts {
                    for lang in Lang::ALL {
                        for (_, n) in crate::content::data::footnote_calls(text.get(lang)) {
                            referenced.insert(n);
                            if defined.contains(&n) {
                                continue;
                            }
                            let message = format!(
                                "paragraph {} ({lang}) refers to footnote [^{n}], which is not in `footnotes`",
                                paragraph.number
                            );
                            let mut path = path!["sections", si, "paragraphs", pi];
                            if let Some(k) = point {
                                path.extend(path!["points", k]);
                            }
                            path.extend(path!["text", lang.code()]);
                            out.push(value_at(&file, path, message));
                        }
                    }
                }
            }
        }
        for n in defined.difference(&referenced) {
            out.push(Diagnostic::warning(
                &file,
                format!("footnote {n} is never referenced"),
            ));
        }
    }
    out
}

/// Every `{fr, en}` text must be written in both languages: an empty side is a missing
/// translation, reported where its value is (or would be) written. `path` is where `value`
/// is in the file, `at` how the message names it.
fn untranslated(
    out: &mut Diagnostics,
    file: &Path,
    spans: &LazySpans,
    value: &serde_json::Value,
    at: String,
    path: &mut Vec<String>,
) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(fr), Some(en), 2) = (
                map.get("fr").and_then(|v| v.as_str()),
                map.get("en").and_then(|v| v.as_str()),
                map.len(),
            ) {
                let (missing, present, text) = match (fr.trim().is_empty(), en.trim().is_empty()) {
                    (true, false) => ("fr", "en", en),
                    (false, true) => ("en", "fr", fr),
                    (true, true) => {
                        let (line, column) = spans.get().key(path).unwrap_or((0, 0));
                        out.push(
                            Diagnostic::error(
                                file,
                                format!("{at}: the text is empty in fr and en"),
                            )
                            .at(line, column)
                            .with_help("write it in both languages: `{fr: …, en: …}`"),
                        );
                        return;
                    }
                    (false, false) => return,
                };
                let first_words: String = text
                    .split_whitespace()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" ");
                path.push(missing.to_string());
                // Without spans (a file with anchors), where the other side's text begins.
                let (line, column) = spans
                    .get()
                    .value(path)
                    .or_else(|| spans.find(text.lines().next().unwrap_or_default()))
                    .unwrap_or((0, 0));
                path.pop();
                out.push(
                    Diagnostic::error(file, format!("{at}: the {present} text (“{first_words}…”) has no {missing} translation"))
                        .at(line, column),
                );
                return;
            }
            for (key, inner) in map {
                let label = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                path.push(key.clone());
                untranslated(out, file, spans, inner, label, path);
                path.pop();
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                let label = inner
                    .get("id")
                    .and_then(|v| v.as_str())
                    .map_or(i.to_string(), str::to_string);
                path.push(i.to_string());
                untranslated(out, file, spans, inner, format!("{at}[{label}]"), path);
                path.pop();
            }
        }
        _ => {}
    }
}

fn record_ids<'a>(
    out: &mut Diagnostics,
    file: &Path,
    sources: &DataSources,
    kind: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> BTreeSet<&'a str> {
    for id in ids.clone().filter(|id| !is_id(id)) {
        let (line, column) = sources
            .get(file)
            .map_or((0, 0), |t| value_position(t, "id", id));
        out.push(
            Diagnostic::error(
                file,
                format!(
                    "{kind} id `{id}` may only hold a-z, 0-9 and '-', {} characters at most (it is a URL segment)",
                    crate::urls::MAX_SEGMENT
                ),
            )
            .at(line, column),
        );
    }
    unique_ids(out, file, sources, ids)
}

fn unique_ids<'a>(
    out: &mut Diagnostics,
    file: &Path,
    sources: &DataSources,
    ids: impl Iterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            let (line, column) = sources
                .get(file)
                .map_or((0, 0), |t| last_value_position(t, "id", id));
            out.push(Diagnostic::error(file, format!("duplicate id `{id}`")).at(line, column));
        }
    }
    seen
}

/// `a`, `b`, `c`: the known ids, for a help that lists them.
pub(crate) fn listed<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `id` may be a record's id: a URL segment of a-z, 0-9 and '-'.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= crate::urls::MAX_SEGMENT
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Line and column of the first `key: value` (also `- key: value`) in a YAML text.
pub fn value_position(text: &str, key: &str, value: &str) -> (usize, usize) {
    positions(text, key, value).next().unwrap_or((0, 0))
}

fn last_value_position(text: &str, key: &str, value: &str) -> (usize, usize) {
    positions(text, key, value).last().unwrap_or((0, 0))
}

fn positions<'a>(
    text: &'a str,
    key: &'a str,
    value: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let rest = trimmed.strip_prefix(key)?.trim_start().strip_prefix(':')?;
        let found = rest.split('#').next()?.trim().trim_matches(['"', '\'']);
        (found == value).then(|| (i + 1, line.len() - trimmed.len() + 1))
    })
}

/// The countries a partner may be in: the ISO 3166-1 alpha-2 codes the UI strings name in
/// every language of the site (i18n/*/countries.ftl, from CLDR: all of them).
struct Countries<'a> {
    codes: BTreeSet<&'a str>,
    i18n: &'a I18n,
    langs: &'a [Lang],
}

impl<'a> Countries<'a> {
    fn named(i18n: &'a I18n, langs: &'a [Lang]) -> Countries<'a> {
        let mut codes: BTreeSet<&str> = match langs.first() {
            Some(&first) => i18n
                .labelled::<Country>(first)
                .filter(|code| code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()))
                .collect(),
            None => BTreeSet::new(),
        };
        for &lang in langs {
            let named: BTreeSet<&str> = i18n.labelled::<Country>(lang).collect();
            codes.retain(|code| named.contains(code));
        }
        Countries { codes, i18n, langs }
    }

    /// The language of the names in a help: English, the language of the diagnostics,
    /// when the site has it.
    fn help_lang(&self) -> Lang {
        if self.langs.contains(&Lang::En) {
            Lang::En
        } else {
            self.langs.first().copied().unwrap_or(Lang::En)
        }
    }

    /// The `help:` of a country that is not a code of the list: the code `written` most
    /// likely means, or how a country is written and where the codes are.
    fn help(&self, written: &str) -> String {
        let lang = self.help_lang();
        match self.meant(written) {
            Some(code) => match self.i18n.message(lang, &label_id::<Country>(code), None) {
                Ok(name) => format!("did you mean `{code}` ({name})?"),
                Err(_) => format!("did you mean `{code}`?"),
            },
            None => format!(
                "a country is written as its ISO 3166-1 alpha-2 code, e.g. `SE` for Sweden; \
                 i18n/{}/countries.ftl lists every code with its name",
                lang.code()
            ),
        }
    }

    /// The code `written` means: the code in other letters (`se`), an alpha-3 or former
    /// code (`SWE`, `UK`), a country's name in a language of the site or another of CLDR's
    /// names (`Sweden`, `Suède`, `Turkey`) whatever its case, accents and punctuation, or
    /// such a name typed a little wrong (`Swedn`).
    fn meant(&self, written: &str) -> Option<&'a str> {
        let written = written.trim();
        let upper = written.to_ascii_uppercase();
        if let Some(&code) = self.codes.get(upper.as_str()) {
            return Some(code);
        }
        let by_code = country_aliases::CODES
            .iter()
            .find(|alias| alias.written == upper)
            .and_then(|alias| self.codes.get(alias.code));
        if let Some(&code) = by_code {
            return Some(code);
        }
        // Names are compared as slugs: "Côte d’Ivoire" and "cote d'ivoire" are one.
        let wanted = slugify(written);
        if wanted.is_empty() {
            return None;
        }
        let mut by_name: BTreeMap<String, &'a str> = BTreeMap::new();
        for &lang in self.langs {
            for &code in &self.codes {
                if let Ok(name) = self.i18n.message(lang, &label_id::<Country>(code), None) {
                    by_name.entry(slugify(&name)).or_insert(code);
                }
            }
        }
        for other in country_aliases::NAMES {
            if let Some(&code) = self.codes.get(other.code) {
                by_name.entry(slugify(other.written)).or_insert(code);
            }
        }
        if let Some(&code) = by_name.get(&wanted) {
            return Some(code);
        }
        // A code-like word of two or three letters is a short edit away from too many
        // names ("IA" from "Iran") to mean any of them.
        if wanted.len() < 4 {
            return None;
        }
        let names: BTreeSet<&str> = by_name.keys().map(String::as_str).collect();
        nearest(&wanted, &names).map(|name| by_name[name])
    }
}

/// The closest known id within two edits, for "did you mean".
pub(crate) fn nearest<'a>(word: &str, known: &BTreeSet<&'a str>) -> Option<&'a str> {
    let within = 2.max(word.len() / 4);
    let length = word.chars().count();
    known
        .iter()
        // Lengths further apart than that are as many edits at least: not worth measuring
        // (a broken link is measured against every page of the site).
        .filter(|k| k.chars().count().abs_diff(length) <= within)
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, _)| *d <= within)
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// What a page body can get wrong beyond its syntax: a code fence left open; a link to an
/// anchor (`#id`, `@/pages/about.md#id`) that names no heading of its page in the same
/// language; an image without alt text. Only pages that have fences, such links or images
/// are looked at, and each link target is outlined once.
pub fn page_bodies(pages: &[Arc<PageSource>]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // What each body holds is worked out once per version of its file, on every core.
    let facts: Vec<&BodyFacts> = pages.par_iter().map(|page| body_facts(page)).collect();
    // The pages by key, wanted only when a page links to an anchor.
    let mut by_key: Option<BTreeMap<(&str, Lang), &PageSource>> = None;
    let mut out = Vec::new();
    for (page, facts) in pages.iter().zip(facts) {
        let page: &PageSource = page;
        let body = &page.body;
        let at = |offset: usize| {
            let (line, column) = line_col(body, offset);
            (page.body_line + line - 1, column)
        };
        if let Some(offset) = facts.unclosed_fence {
            let (line, column) = at(offset);
            out.push(
                Diagnostic::error(&page.path, "this code block is never closed")
                    .at(line, column)
                    .with_help(
                        "end it with the same fence on a line of its own; \
                         everything after it is shown as code",
                    ),
            );
        }
        if page.lang == Lang::Fr {
            out.extend(crate::spacing::page(page, &facts.french_spacing));
        }
        let Some(own) = &facts.outline else {
            continue;
        };
        for &offset in &own.images_without_alt {
            let (line, column) = at(offset);
            out.push(
                Diagnostic::error(&page.path, "image without alt text")
                    .at(line, column)
                    .with_help(
                        "say what the image shows between the brackets, `![what it shows](…)`: \
                         screen readers read it, and browsers show it when the image fails",
                    ),
            );
        }
        for (url, offset) in &own.links {
            let (target, anchor) = match url.split_once('#') {
                Some(("", anchor)) => (page.key.as_str(), anchor),
                Some((path, anchor)) => match path.strip_prefix("@/") {
                    Some(target) => (crate::markdown::link_key(target), anchor),
                    None => continue,
                },
                _ => continue,
            };
            let by_key = by_key.get_or_insert_with(|| {
                pages
                    .iter()
                    .map(|p| ((p.key.as_str(), p.lang), &**p))
                    .collect()
            });
            // A generated page (a partner, an activity) has ids the templates make.
            let Some(&target_page) = by_key.get(&(target, page.lang)) else {
                continue;
            };
            let ids = if std::ptr::eq(target_page, page) {
                &own.heading_ids
            } else {
                heading_ids(target_page)
            };
            if !ids.iter().any(|id| id == anchor) {
                let (line, column) = at(*offset);
                let d = Diagnostic::error(&page.path, broken_anchor(anchor, &target_page.path))
                    .at(line, column)
                    .with_help(anchor_help(anchor, ids));
                out.push(d);
            }
        }
    }
    out
}

/// What the body checks look for in a page's own text, worked out on first use.
fn body_facts(page: &PageSource) -> &BodyFacts {
    page.memo.facts.get_or_init(|| {
        let body = &page.body;
        let marks = Marks::of(body);
        let unclosed_fence = if marks.fence {
            crate::markdown::unclosed_fence(body)
        } else {
            None
        };
        let outline = (marks.anchor || marks.image).then(|| outline(body, page.lang));
        let french_spacing = match page.lang {
            Lang::Fr => crate::spacing::markdown_faults(body),
            Lang::En => Vec::new(),
        };
        BodyFacts {
            unclosed_fence,
            outline,
            french_spacing,
        }
    })
}

/// Which body checks a text may need, found in one pass over its bytes.
#[derive(Debug, Default, PartialEq)]
struct Marks {
    /// ```` ``` ```` or `~~~`.
    fence: bool,
    /// `](#`, `.md#` or `]: #`: a link to an anchor.
    anchor: bool,
    /// `![`.
    image: bool,
}

impl Marks {
    fn of(text: &str) -> Marks {
        let bytes = text.as_bytes();
        let before = |i: usize, what: &[u8]| i >= what.len() && &bytes[i - what.len()..i] == what;
        let mut marks = Marks::default();
        for (i, &byte) in bytes.iter().enumerate() {
            match byte {
                b'`' => marks.fence |= bytes[i..].starts_with(b"```"),
                b'~' => marks.fence |= bytes[i..].starts_with(b"~~~"),
                b'#' => marks.anchor |= before(i, b"](") || before(i, b".md") || before(i, b"]: "),
                b'!' => marks.image |= bytes.get(i + 1) == Some(&b'['),
                _ => {}
            }
        }
        marks
    }
}

/// What a link to a missing anchor of `page` is reported as.
pub(crate) fn broken_anchor(anchor: &str, page: &Path) -> String {
    format!(
        "broken anchor `#{anchor}`: {} has no heading with this id",
        page.display()
    )
}

/// What an anchor that names none of `ids` probably meant, or what there is to name.
pub(crate) fn anchor_help(anchor: &str, ids: &[String]) -> String {
    let known: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    match nearest(anchor, &known) {
        Some(near) => format!("did you mean `#{near}`?"),
        None if known.is_empty() => "that page has no headings".to_string(),
        None => format!(
            "its headings are {}",
            known
                .iter()
                .map(|k| format!("`#{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The ids of a page's headings, worked out on first use.
pub(crate) fn heading_ids(page: &PageSource) -> &[String] {
    page.memo
        .heading_ids
        .get_or_init(|| match &body_facts(page).outline {
            Some(own) => own.heading_ids.clone(),
            None => outline(&page.body, page.lang).heading_ids,
        })
}

/// The content a site cannot be published without: a `content/` folder with pages, and a
/// home page in every language, which every language switcher links to. One error for one
/// cause: a missing folder is not also a missing home page.
pub fn homes(root: &Path, pages: &[Arc<PageSource>], langs: &[Lang]) -> Vec<Diagnostic> {
    let content = Path::new(crate::content::CONTENT_DIR);
    if !root.join(content).is_dir() {
        return vec![
            Diagnostic::error(content, "the content folder is missing")
                .with_help("run passerelle from the project's folder, or name it with --root DIR"),
        ];
    }
    if pages.is_empty() {
        return vec![
            Diagnostic::error(content, "the content folder holds no page")
                .with_help("pages are content/**/NAME.LANG.md, starting with content/_index.fr.md and content/_index.en.md"),
        ];
    }
    langs
        .iter()
        .filter(|&&lang| !pages.iter().any(|p| p.key == "_index" && p.lang == lang))
        .map(|lang| {
            Diagnostic::error(
                content.join(format!("_index.{lang}.md")),
                format!("the home page in `{lang}` is missing: /{lang}/ would not exist, and every language switcher links to it"),
            )
            .with_help(format!("restore content/_index.{lang}.md, or take {lang} out of `languages` in the config"))
        })
        .collect()
}

/// The data files whose pages the previous build published and that are now gone: each is
/// one error, naming the file and what the build would take down. `published` is the pages
/// of the previous output, relative to it (`fr/partenaires/index.html`).
pub fn lost_data_files<'a>(
    root: &Path,
    config: &crate::config::Config,
    published: impl Iterator<Item = &'a str> + Clone,
) -> Vec<Diagnostic> {
    let paths = &config.paths;
    let sections: [(&str, &dyn Fn(Lang) -> String); 5] = [
        (PARTNERS_FILE, &|l| paths.partners.get(l).clone()),
        (ACTIVITIES_FILE, &|l| paths.activities.get(l).clone()),
        (DOMAINS_FILE, &|l| {
            format!("{}/{}", paths.activities.get(l), paths.domains.get(l))
        }),
        (STRATEGY_FILE, &|l| paths.strategy.get(l).clone()),
        (CONCLUSIONS_FILE, &|l| paths.conclusions.get(l).clone()),
    ];
    let mut out = Vec::new();
    for (file, section) in &sections {
        if root.join(file).exists() {
            continue;
        }
        let prefixes: Vec<String> = config
            .languages
            .iter()
            .map(|&lang| format!("{lang}/{}/", section(lang)))
            .collect();
        // The domains' pages sit inside the work plan's section, and are the domains file's.
        let domains: Vec<String> = config
            .languages
            .iter()
            .map(|&lang| format!("{lang}/{}/", sections[2].1(lang)))
            .collect();
        let lost: Vec<&str> = published
            .clone()
            .filter(|page| prefixes.iter().any(|p| page.starts_with(p.as_str())))
            .filter(|page| {
                *file == DOMAINS_FILE || !domains.iter().any(|p| page.starts_with(p.as_str()))
            })
            .collect();
        if let Some(first) = lost.iter().min() {
            let count = lost.len();
            let pages = if count == 1 { "page" } else { "pages" };
            out.push(
                Diagnostic::error(
                    file,
                    format!("the data file is missing, and this build would remove the {count} {pages} it made ({first}…)"),
                )
                .with_help("restore the file (from the last commit or the published open data), or if that is meant, build again with --allow-shrink"),
            );
        }
    }
    out
}

/// Pages: every page in every language, and internal links resolving. Returns warnings for
/// pages that exist in one language only.
pub fn translations(pages: &[Arc<PageSource>], langs: &[Lang]) -> Vec<Diagnostic> {
    let mut by_key: BTreeMap<&str, Vec<&PageSource>> = BTreeMap::new();
    for page in pages {
        by_key.entry(page.key.as_str()).or_default().push(page);
    }
    let mut out = Vec::new();
    for (key, versions) in by_key {
        for &lang in langs {
            if !versions.iter().any(|p| p.lang == lang) {
                let existing = versions[0];
                out.push(
                    Diagnostic::warning(&existing.path, format!(
                        "page `{key}` has no {lang} version; its language switcher points to the {lang} home page"
                    ))
                    .with_help(format!("add content/{key}.{lang}.md")),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean() {
        let known: BTreeSet<&str> = ["microsoft", "google", "ibm"].into();
        assert_eq!(nearest("microsft", &known), Some("microsoft"));
        assert_eq!(nearest("zzz", &known), None);
    }

    #[test]
    fn an_unknown_country_gets_the_code_it_most_likely_means() {
        let i18n = I18n::load(Path::new(env!("CARGO_MANIFEST_DIR")), &Lang::ALL).unwrap();
        let countries = Countries::named(&i18n, &Lang::ALL);
        assert!(countries.codes.contains("SE"));
        let sweden = "did you mean `SE` (Sweden)?";
        for (written, help) in [
            ("se", sweden),
            ("SWE", sweden),
            ("swe", sweden),
            ("Sweden", sweden),
            ("Suède", sweden),
            ("SUEDE", sweden),
            ("Swedn", sweden),
            ("UK", "did you mean `GB` (United Kingdom)?"),
            ("USA", "did you mean `US` (United States)?"),
            ("Turkey", "did you mean `TR` (Türkiye)?"),
            ("cote d'ivoire", "did you mean `CI` (Côte d’Ivoire)?"),
            (
                "Bosnia and Herzegovina",
                "did you mean `BA` (Bosnia & Herzegovina)?",
            ),
        ] {
            assert_eq!(countries.help(written), help, "{written}");
        }
        let how = "a country is written as its ISO 3166-1 alpha-2 code, e.g. `SE` for Sweden; \
                   i18n/en/countries.ftl lists every code with its name";
        // Not ISO 3166-1 (i18n/en/countries.ftl says why), or nothing like a country.
        for written in ["XK", "EU", "UN", "IA", "Atlantis", "", "—"] {
            assert_eq!(countries.help(written), how, "{written}");
        }
    }

    #[test]
    fn finds_the_record_line() {
        let text = "partners:\n  - id: apple\n    name: A\n  - id: \"bt\"\n";
        assert_eq!(value_position(text, "id", "bt"), (4, 5));
    }

    #[test]
    fn marks_are_what_the_substrings_say() {
        for text in [
            "",
            "plain",
            "``",
            "```",
            "a ~~~ b",
            "~~",
            "[a](#x)",
            "[a](@/p.md#x)",
            "[a]: #x",
            "# Title",
            "](",
            "![alt](i.png)",
            "!",
            "wow! [link]",
            "é](#",
            "`~`~``~~",
        ] {
            let expected = Marks {
                fence: text.contains("```") || text.contains("~~~"),
                anchor: text.contains("](#") || text.contains(".md#") || text.contains("]: #"),
                image: text.contains("!["),
            };
            assert_eq!(Marks::of(text), expected, "{text:?}");
        }
    }

    #[test]
    fn an_empty_text_is_reported_at_its_key() {
        let text = "title: {fr: \"\", en: \"\"}
partners:
  - id: apple
    sector: {fr: A, en: A}
  - id: bt
    # sector: the comment is not the key
    sector:
      fr: \"\"
      en: \"\"
";
        let file = Path::new(PARTNERS_FILE);
        let spans = LazySpans::new(text);
        let mut out = Diagnostics::default();
        let value = serde_json::json!([
            {"id": "apple", "sector": {"fr": "A", "en": "A"}},
            {"id": "bt", "sector": {"fr": "", "en": " "}},
        ]);
        let mut path = vec!["partners".to_string()];
        untranslated(&mut out, file, &spans, &value, String::new(), &mut path);
        let found: Vec<String> = out.into_vec().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            found,
            [
                "error: content/data/partners.yaml:7:5: [bt].sector: the text is empty in fr and en\n  help: write it in both languages: `{fr: …, en: …}`"
            ]
        );
    }

    #[test]
    fn footnote_references() {
        let calls = crate::content::data::footnote_calls("a[^1] b [^12] [^x]");
        assert_eq!(calls, vec![(1..5, 1), (8..13, 12)]);
    }
}
