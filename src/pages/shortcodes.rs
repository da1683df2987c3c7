//! The shortcodes a page's Markdown may place, and what each one shows: a chart by name, a
//! partner list or card, a table of activities, a note, a figure with its caption, the
//! page's contents list. Each is a template of the theme (`templates/shortcodes/NAME.html`)
//! given the data it names; a theme may add its own, which get their arguments as written
//! (`args`) and their body (`body`). A wrong name, argument or value is an error at its
//! place, with the list of what is allowed.

use super::common::*;
use super::partners::{PartnerView, partner_view};
use super::toc;
use crate::Site;
use crate::charts;
use crate::content::data::{Activity, Partner, PartnerKind, PartnerStatus};
use crate::lang::Lang;
use crate::markdown::{self, Heading};
use crate::model::enum_key;
use crate::shortcodes::{Arg, Call, Problem, Show, Shown, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A shortcode of the theme's own, and the arguments it takes.
struct Spec {
    name: &'static str,
    /// `(name, required)`.
    args: &'static [(&'static str, bool)],
    body: bool,
}

const SPECS: [Spec; 7] = [
    Spec {
        name: "activities",
        args: &[
            ("category", false),
            ("domain", false),
            ("partner", false),
            ("plan", false),
            ("year", false),
        ],
        body: false,
    },
    Spec {
        name: "chart",
        args: &[("name", true)],
        body: false,
    },
    Spec {
        name: "figure",
        args: &[("caption", true), ("credit", false)],
        body: true,
    },
    Spec {
        name: "note",
        args: &[("kind", false)],
        body: true,
    },
    Spec {
        name: "partner",
        args: &[("id", true)],
        body: false,
    },
    Spec {
        name: "partners",
        args: &[
            ("cohort", false),
            ("country", false),
            ("kind", false),
            ("status", false),
        ],
        body: false,
    },
    Spec {
        name: "toc",
        args: &[],
        body: false,
    },
];

const NOTE_KINDS: [&str; 2] = ["note", "important"];

/// Where the templates of shortcodes are, in the theme's templates.
const DIR: &str = "shortcodes";

/// The shortcodes of one page being rendered.
pub(super) struct PageShortcodes<'a> {
    pub(super) site: &'a Site,
    /// The page's file, for the Markdown of a caption.
    pub(super) path: &'a Path,
    /// The charts already placed on the page: one chart twice would repeat its ids.
    placed: Mutex<BTreeSet<String>>,
    /// The files what they show is made from (templates, data): the preview renders the
    /// page again when one of them changes.
    sources: Mutex<BTreeSet<PathBuf>>,
}

impl<'a> PageShortcodes<'a> {
    pub(super) fn new(site: &'a Site, path: &'a Path) -> Self {
        PageShortcodes {
            site,
            path,
            placed: Mutex::default(),
            sources: Mutex::default(),
        }
    }

    /// The files the shortcodes shown so far are made from.
    pub(super) fn sources(&self) -> BTreeSet<PathBuf> {
        self.sources.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Show for PageShortcodes<'_> {
    fn show(
        &self,
        call: &Call,
        body: Option<&str>,
        headings: &[Heading],
        lang: Lang,
    ) -> Result<Shown, Vec<Problem>> {
        let site = self.site;
        let template = format!("{DIR}/{}.html", call.name);
        let spec = SPECS.iter().find(|s| s.name == call.name);
        let theirs = spec.is_none() && site.theme.tera.contains_template(&template);
        if spec.is_none() && !theirs {
            return Err(vec![unknown_name(site, call)]);
        }
        if let Ok(mut sources) = self.sources.lock() {
            sources.extend(site.template_sources(&template));
            if spec.is_some() {
                // What a chart, a list or a table counts may come from any data file.
                sources.extend(crate::content::DATA_FILES.iter().map(PathBuf::from));
            }
        }
        let mut cx = tera::Context::new();
        cx.insert("lang", lang.code());
        cx.insert("body", &body);
        let args: BTreeMap<&str, serde_json::Value> = call
            .args
            .iter()
            .map(|a| (a.name.as_str(), json(&a.value)))
            .collect();
        cx.insert("args", &args);
        let block = match spec {
            Some(spec) => {
                check_args(spec, call, body.is_some())?;
                self.data(call, headings, lang, &mut cx)?;
                true
            }
            None => false,
        };
        let html =
            crate::render::render_template(site, &template, &cx, self.path).map_err(|errors| {
                errors
                    .into_iter()
                    .map(|d| Problem {
                        offset: call.span.start,
                        message: format!(
                            "the shortcode `{}` failed in its template: {}",
                            call.name, d.message
                        ),
                        help: Some(d.location()),
                    })
                    .collect::<Vec<_>>()
            })?;
        Ok(Shown {
            html: html.trim().to_string(),
            block,
        })
    }
}

impl PageShortcodes<'_> {
    /// What a shortcode of the theme shows, checked against the data.
    fn data(
        &self,
        call: &Call,
        headings: &[Heading],
        lang: Lang,
        cx: &mut tera::Context,
    ) -> Result<(), Vec<Problem>> {
        let site = self.site;
        let text = |name: &str| call.args.iter().find(|a| a.name == name);
        match call.name.as_str() {
            "chart" => {
                // Required arguments were checked before.
                let Some(arg) = text("name") else {
                    return Ok(());
                };
                let names: Vec<&str> = charts::ALL.iter().map(|(n, _)| *n).collect();
                let name = one_of(arg, &names)?;
                if !self
                    .placed
                    .lock()
                    .map(|mut placed| placed.insert(name.to_string()))
                    .unwrap_or(true)
                {
                    return Err(vec![problem(
                        arg,
                        format!("the chart `{name}` is already on this page"),
                        "a chart is placed once per page",
                    )]);
                }
                let draw = charts::ALL
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, d)| *d);
                let drawn = draw.map(|draw| draw(&site.facts(), lang));
                match drawn {
                    Some(Ok(Some(chart))) => cx.insert("chart", &chart),
                    Some(Ok(None)) => {
                        return Err(vec![problem(
                            arg,
                            format!("the chart `{name}` has nothing to show: its data are empty"),
                            "fill the data it counts, or take the chart away",
                        )]);
                    }
                    Some(Err(message)) => return Err(vec![problem(arg, message, "")]),
                    None => {}
                }
            }
            "partner" => {
                let Some(arg) = text("id") else {
                    return Ok(());
                };
                let ids: Vec<&str> = site.data.partners.iter().map(|p| p.id.as_str()).collect();
                let id = one_of(arg, &ids)?;
                let partner = site.data.partners.iter().find(|p| p.id == id);
                if let Some(p) = partner {
                    cx.insert("partner", &self.partner(p, lang));
                }
            }
            "partners" => {
                let kinds: Vec<String> = PartnerKind::ALL.iter().map(enum_key).collect();
                let statuses: Vec<String> = PartnerStatus::ALL.iter().map(enum_key).collect();
                let countries: BTreeSet<&str> = site
                    .data
                    .partners
                    .iter()
                    .map(|p| p.country.as_str())
                    .collect();
                let cohorts = site.data.cohorts();
                let filters = [
                    Filter::new("kind", kinds, |p: &Partner| vec![enum_key(&p.kind)]),
                    Filter::new("status", statuses, |p| vec![enum_key(&p.status)]),
                    Filter::new(
                        "country",
                        countries.iter().map(|c| c.to_string()).collect(),
                        |p| vec![p.country.clone()],
                    ),
                    Filter::new("cohort", cohorts, |p| vec![p.cohort()]),
                ];
                let wanted = chosen(call, &filters)?;
                let partners: Vec<PartnerView> = site
                    .data
                    .partners
                    .iter()
                    .filter(|p| matches_all(*p, &wanted))
                    .map(|p| self.partner(p, lang))
                    .collect();
                cx.insert("partners", &partners);
            }
            "activities" => {
                let data = &site.data;
                let years: BTreeSet<String> = data
                    .activities
                    .iter()
                    .filter_map(|a| a.start.map(|d| d.year.to_string()))
                    .collect();
                let filters = [
                    Filter::new(
                        "category",
                        data.categories.iter().map(|c| c.id.clone()).collect(),
                        |a: &Activity| vec![a.category.clone()],
                    ),
                    Filter::new(
                        "plan",
                        data.work_plans.iter().map(|p| p.id.clone()).collect(),
                        |a| a.work_plan.iter().cloned().collect(),
                    ),
                    Filter::new("year", years.into_iter().collect(), |a| {
                        a.start.map(|d| d.year.to_string()).into_iter().collect()
                    }),
                    // A domain and a partner are one of several an activity names.
                    Filter::new(
                        "domain",
                        data.domains.iter().map(|d| d.id.clone()).collect(),
                        |a| a.domains.clone(),
                    ),
                    Filter::new(
                        "partner",
                        data.partners.iter().map(|p| p.id.clone()).collect(),
                        |a| a.partners.clone(),
                    ),
                ];
                let wanted = chosen(call, &filters)?;
                let rows: Vec<_> = data
                    .activities
                    .iter()
                    .filter(|a| matches_all(*a, &wanted))
                    .map(|a| super::activities::activity_row(site, a, lang))
                    .collect();
                cx.insert("activities", &rows);
            }
            "note" => {
                let kind = match text("kind") {
                    Some(arg) => one_of(arg, &NOTE_KINDS)?,
                    None => NOTE_KINDS[0],
                };
                cx.insert("kind", kind);
            }
            "figure" => {
                let caption = self.caption(text("caption"), lang)?;
                let credit = self.caption(text("credit"), lang)?;
                cx.insert("caption", &caption);
                cx.insert("credit", &credit);
            }
            "toc" => cx.insert("toc", &toc::from_headings(headings)),
            _ => {}
        }
        Ok(())
    }

    fn partner(&self, p: &Partner, lang: Lang) -> PartnerView {
        // A partner's texts are checked on its own page; here they are only shown.
        partner_view(self.site, p, lang, &mut Vec::new())
    }

    /// A caption's Markdown, in one paragraph.
    fn caption(&self, arg: Option<&Arg>, lang: Lang) -> Result<Option<String>, Vec<Problem>> {
        let Some(arg) = arg else {
            return Ok(None);
        };
        let text = as_text(arg)?;
        let cx = markdown_context(self.site, lang, self.path, 0);
        markdown::render_inline(text, &cx).map(Some).map_err(|e| {
            e.into_iter()
                .map(|d| Problem {
                    offset: arg.offset,
                    message: format!("the `{}` of this figure: {}", arg.name, d.message),
                    help: d.help,
                })
                .collect()
        })
    }
}

/// An argument that keeps the records with its value among theirs.
struct Filter<T> {
    name: &'static str,
    /// The values it may take.
    known: Vec<String>,
    values: fn(&T) -> Vec<String>,
}

impl<T> Filter<T> {
    fn new(name: &'static str, known: Vec<String>, values: fn(&T) -> Vec<String>) -> Self {
        Filter {
            name,
            known,
            values,
        }
    }
}

/// The filters a call chooses, each with the value it wants, checked: every mistake at once.
fn chosen<'f, T>(
    call: &Call,
    filters: &'f [Filter<T>],
) -> Result<Vec<(&'f Filter<T>, String)>, Vec<Problem>> {
    let mut wanted = Vec::new();
    let mut problems = Vec::new();
    for filter in filters {
        if let Some(arg) = call.args.iter().find(|a| a.name == filter.name) {
            let known: Vec<&str> = filter.known.iter().map(String::as_str).collect();
            match one_of(arg, &known) {
                Ok(value) => wanted.push((filter, value.to_string())),
                Err(e) => problems.extend(e),
            }
        }
    }
    if problems.is_empty() {
        Ok(wanted)
    } else {
        Err(problems)
    }
}

fn matches_all<T>(record: &T, wanted: &[(&Filter<T>, String)]) -> bool {
    wanted
        .iter()
        .all(|(filter, value)| (filter.values)(record).contains(value))
}

/// The names, arguments and body of a call against its spec: every mistake at once.
fn check_args(spec: &Spec, call: &Call, has_body: bool) -> Result<(), Vec<Problem>> {
    let mut problems = Vec::new();
    let names: BTreeSet<&str> = spec.args.iter().map(|(n, _)| *n).collect();
    for arg in &call.args {
        if !names.contains(arg.name.as_str()) {
            let help = match crate::validate::nearest(&arg.name, &names) {
                Some(near) => format!("did you mean `{near}`? {}", arguments(spec)),
                None => arguments(spec),
            };
            problems.push(Problem {
                offset: arg.offset,
                message: format!(
                    "the shortcode `{}` has no argument `{}`",
                    spec.name, arg.name
                ),
                help: Some(help),
            });
        }
    }
    for (name, required) in spec.args {
        if *required && !call.args.iter().any(|a| a.name == *name) {
            problems.push(Problem {
                offset: call.span.start,
                message: format!("the shortcode `{}` needs the argument `{name}`", spec.name),
                help: Some(arguments(spec)),
            });
        }
    }
    match (spec.body, has_body) {
        (true, false) => problems.push(Problem {
            offset: call.span.start,
            message: format!("the shortcode `{}` wraps a text", spec.name),
            help: Some(format!(
                "write it `{{% {}(…) %}}`, the text, then `{{% end %}}`",
                spec.name
            )),
        }),
        (false, true) => problems.push(Problem {
            offset: call.span.start,
            message: format!(
                "the shortcode `{}` takes no text between it and `{{% end %}}`",
                spec.name
            ),
            help: Some(format!("write it `{{{{ {}(…) }}}}`", spec.name)),
        }),
        _ => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// `its arguments are `name` (required), …`.
fn arguments(spec: &Spec) -> String {
    if spec.args.is_empty() {
        return format!("`{}` takes no argument", spec.name);
    }
    let list: Vec<String> = spec
        .args
        .iter()
        .map(|(name, required)| {
            if *required {
                format!("`{name}` (required)")
            } else {
                format!("`{name}`")
            }
        })
        .collect();
    format!("its arguments are {}", list.join(", "))
}

fn unknown_name(site: &Site, call: &Call) -> Problem {
    let theirs = site
        .theme
        .tera
        .get_template_names()
        .filter_map(|t| t.strip_prefix(&format!("{DIR}/")))
        .filter_map(|t| t.strip_suffix(".html"))
        .map(String::from);
    let known: BTreeSet<String> = SPECS
        .iter()
        .map(|s| s.name.to_string())
        .chain(theirs)
        .collect();
    let names: BTreeSet<&str> = known.iter().map(String::as_str).collect();
    let list = crate::validate::listed(names.iter().copied());
    Problem {
        offset: call.span.start,
        message: format!("unknown shortcode `{}`", call.name),
        help: Some(match crate::validate::nearest(&call.name, &names) {
            Some(near) => format!("did you mean `{near}`? the shortcodes are {list}"),
            None => format!("the shortcodes are {list}"),
        }),
    }
}

fn as_text(arg: &Arg) -> Result<&str, Vec<Problem>> {
    arg.value.as_text().ok_or_else(|| {
        vec![Problem {
            offset: arg.offset,
            message: format!(
                "`{}` must be a text in quotes, found {} `{}`",
                arg.name,
                arg.value.kind(),
                arg.value
            ),
            help: Some(format!("write it `{}=\"…\"`", arg.name)),
        }]
    })
}

/// The argument's text, if it is one of `known`.
fn one_of<'k>(arg: &Arg, known: &[&'k str]) -> Result<&'k str, Vec<Problem>> {
    // A number is taken as written (`year=2021`).
    let value = match &arg.value {
        Value::Number(n) if n.fract() == 0.0 => format!("{n}"),
        _ => as_text(arg)?.to_string(),
    };
    if let Some(found) = known.iter().find(|k| **k == value) {
        return Ok(found);
    }
    let set: BTreeSet<&str> = known.iter().copied().collect();
    let list = crate::validate::listed(set.iter().copied());
    let help = match crate::validate::nearest(&value, &set) {
        Some(near) => format!("did you mean `{near}`? the values are {list}"),
        None => format!("the values are {list}"),
    };
    Err(vec![problem(
        arg,
        format!(
            "`{}={}` names nothing this shortcode knows",
            arg.name, arg.value
        ),
        &help,
    )])
}

fn problem(arg: &Arg, message: String, help: &str) -> Problem {
    Problem {
        offset: arg.offset,
        message,
        help: (!help.is_empty()).then(|| help.to_string()),
    }
}

fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::Text(s) => serde_json::Value::from(s.as_str()),
        Value::Number(n) => serde_json::Value::from(*n),
        Value::Bool(b) => serde_json::Value::from(*b),
    }
}
