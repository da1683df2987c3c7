//! The theme: Tera templates and hashed static assets, and the one place where template
//! functions and filters are registered.
//!
//! Templates reach UI strings only through `t()`, assets only through `asset()`, and URLs of
//! other pages only through `url()`, so a template holds no language and no path literal.

use super::assets::{self, Asset};
use super::raster::Fonts;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::i18n::{I18n, format_number};
use crate::lang::Lang;
use fluent_bundle::{FluentArgs, FluentValue};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Kwargs, State, Tera, Value};

/// The loaded theme.
pub struct Theme {
    pub dir: PathBuf,
    pub tera: Tera,
    /// Template name → (file, source), kept until `compile`.
    sources: BTreeMap<String, (PathBuf, String)>,
    /// Template name → the files it reads (itself, its parents, its includes).
    pub template_files: BTreeMap<String, BTreeSet<PathBuf>>,
    /// Logical asset name (`style.css`) → published asset.
    pub assets: BTreeMap<String, Asset>,
    /// The faces pictures are drawn with (`fonts/`): the social cards, `charts --png`.
    pub fonts: Arc<Fonts>,
}

/// An asset and the root-relative URL it is published at, for `asset()`.
pub struct LinkedAsset {
    pub url: String,
    /// Its bytes, for `inline=true`.
    pub asset: Asset,
}

/// What the template functions need, shared by every render thread.
pub struct FunctionContext {
    pub i18n: Arc<I18n>,
    /// Logical asset name → the asset and its URL.
    pub assets: BTreeMap<String, LinkedAsset>,
    /// (link key, lang) → root-relative URL, for `url(key=…)`.
    pub routes: BTreeMap<(String, Lang), String>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let dir = PathBuf::from("themes").join(name);
        if !root.join(&dir).is_dir() {
            return Err(Diagnostic::error(&dir, format!("theme `{name}` not found"))
                .with_help("the config's `theme` names a directory under themes/")
                .into());
        }
        let mut diagnostics = Diagnostics::default();
        let templates_dir = dir.join("templates");
        let mut sources = BTreeMap::new();
        for path in files_under(root, &templates_dir) {
            let name = path
                .strip_prefix(&templates_dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(text) = diagnostics.take(crate::content::yaml::read_text(root, &path)) {
                sources.insert(name, (path, text));
            }
        }
        let template_files = sources
            .keys()
            .map(|name| (name.clone(), template_closure(name, &sources)))
            .collect();
        let mut files = BTreeMap::new();
        let static_dir = dir.join("static");
        for path in files_under(root, &static_dir) {
            let logical = path
                .strip_prefix(&static_dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(root.join(&path)) {
                Ok(bytes) => {
                    files.insert(logical, (path, bytes));
                }
                Err(e) => diagnostics.push(Diagnostic::error(&path, format!("cannot read: {e}"))),
            }
        }
        let (assets, problems) = assets::publish(&static_dir, files);
        diagnostics.extend(problems);
        let (fonts, problems) = Fonts::load(root, &dir);
        diagnostics.extend(problems);
        if fonts.is_empty() && sources.contains_key(super::social::TEMPLATE) {
            diagnostics.push(Fonts::missing(
                &dir,
                "the social card (templates/social-card.svg)",
            ));
        }
        diagnostics.finish()?;
        Ok(Theme {
            dir,
            tera: Tera::new(),
            sources,
            template_files,
            assets,
            fonts: Arc::new(fonts),
        })
    }

    /// Registers the template functions and filters, then parses the templates (Tera checks
    /// that every function a template calls exists). Called once per build, after routes
    /// are known.
    pub fn compile(&mut self, cx: Arc<FunctionContext>) -> Result<()> {
        self.register(cx);
        self.tera.autoescape_on([".html", ".xml", ".svg"]);
        let templates_dir = self.dir.join("templates");
        let sources = std::mem::take(&mut self.sources);
        self.tera
            .add_raw_templates(sources.iter().map(|(name, (_, text))| (name, text)))
            .map_err(|e| template_error(&e, &templates_dir).into())
    }

    fn register(&mut self, cx: Arc<FunctionContext>) {
        let t_cx = cx.clone();
        self.tera
            .register_function("t", move |kwargs: Kwargs, state: &State| {
                translate(&t_cx, &kwargs, state)
            });
        let url_cx = cx.clone();
        self.tera.register_function(
            "url",
            move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let key: String = kwargs.must_get("key")?;
                let lang = lang_of(&kwargs, state)?;
                url_cx
                    .routes
                    .get(&(key.clone(), lang))
                    .cloned()
                    .ok_or_else(|| {
                        tera::Error::message(format!("url(): no page `{key}` in {lang}"))
                    })
            },
        );
        // `asset(path="style.css")` is the file's URL; `inline=true` makes it a `data:` URL,
        // for a document that must stand alone.
        let asset_cx = cx.clone();
        self.tera.register_function(
            "asset",
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: String = kwargs.must_get("path")?;
                let inline = kwargs.get::<bool>("inline")?.unwrap_or(false);
                let linked = asset_cx.assets.get(&path).ok_or_else(|| {
                    tera::Error::message(format!(
                        "asset(): no file `{path}` in the theme's static/"
                    ))
                })?;
                Ok(if inline {
                    linked.asset.data_url()
                } else {
                    linked.url.clone()
                })
            },
        );
        // `title | wrap_text(width=1040, size=72, weight=700, max_lines=4)`: the lines a text
        // takes at that size in the theme's face (SVG text does not wrap), the last ending
        // with "…" past `max_lines`.
        let fonts = self.fonts.clone();
        self.tera.register_filter(
            "wrap_text",
            move |value: String, kwargs: Kwargs, _: &State| -> tera::TeraResult<Vec<String>> {
                let width: f64 = kwargs.must_get("width")?;
                let size: f64 = kwargs.must_get("size")?;
                let weight: f64 = kwargs.get("weight")?.unwrap_or(400.0);
                let italic = kwargs.get::<bool>("italic")?.unwrap_or(false);
                let max_lines: usize = kwargs.get("max_lines")?.unwrap_or(0);
                if !(width > 0.0 && size > 0.0) {
                    return Err(tera::Error::message(
                        "wrap_text(): `width` and `size` must be more than 0",
                    ));
                }
                let measure = |text: &str| fonts.measure(text, size as f32, weight as f32, italic);
                Ok(super::raster::wrap(
                    &value,
                    width as f32,
                    max_lines,
                    &measure,
                ))
            },
        );
        self.tera.register_filter(
            "number",
            move |value: f64, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
                let decimals: Option<usize> = kwargs.get("decimals")?;
                Ok(format_number(lang_of(&kwargs, state)?, value, decimals))
            },
        );
    }
}

fn lang_of(kwargs: &Kwargs, state: &State) -> tera::TeraResult<Lang> {
    let code: String = match kwargs.get::<String>("lang")? {
        Some(code) => code,
        None => state
            .get::<String>("lang")?
            .ok_or_else(|| tera::Error::message("no `lang` in the template context"))?,
    };
    code.parse().map_err(tera::Error::message)
}

/// `t(key="nav-partners", count=3)`: the Fluent message in the page's language (or `lang=`),
/// every other argument passed to Fluent.
fn translate(cx: &FunctionContext, kwargs: &Kwargs, state: &State) -> tera::TeraResult<String> {
    let key: String = kwargs.must_get("key")?;
    let lang = lang_of(kwargs, state)?;
    let mut args = FluentArgs::new();
    for (name, value) in kwargs.iter() {
        let name = name.to_string();
        if name == "key" || name == "lang" {
            continue;
        }
        args.set(name, fluent_value(value));
    }
    cx.i18n
        .message(lang, &key, Some(&args))
        .map_err(tera::Error::message)
}

fn fluent_value(value: &Value) -> FluentValue<'static> {
    if let Some(n) = value.as_f64() {
        FluentValue::from(n)
    } else if let Some(s) = value.as_str() {
        FluentValue::from(s.to_string())
    } else {
        FluentValue::from(value.to_string())
    }
}

/// A Tera error as a diagnostic at the template file, line and column.
pub fn template_error(error: &tera::Error, templates_dir: &Path) -> Diagnostic {
    use std::error::Error as _;
    let mut chain = String::new();
    let mut source = error.source();
    while let Some(inner) = source {
        chain.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let kind = if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let span = report.span();
            Diagnostic::error(
                templates_dir.join(report.filename()),
                format!("{kind}: {}{chain}", report.message()),
            )
            .at(span.start_line, span.start_col + 1)
        }
        _ => {
            // Tera folds several parse problems into one message; the first `--> name:l:c`
            // in it says where.
            let text = error.to_string();
            let first_line = text
                .lines()
                .next()
                .unwrap_or_default()
                .trim_start_matches("error: ")
                .to_string();
            match located(&text) {
                Some((name, line, column)) => Diagnostic::error(
                    templates_dir.join(name),
                    format!("template error: {first_line}{chain}"),
                )
                .at(line, column),
                None => Diagnostic::error(templates_dir, format!("template error: {text}{chain}")),
            }
        }
    }
}

fn located(report: &str) -> Option<(String, usize, usize)> {
    let rest = &report[report.find("--> ")? + 4..];
    let location = rest.lines().next()?.trim();
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
}

/// The template files a template reads: itself, what it extends, includes and imports.
fn template_closure(
    name: &str,
    sources: &BTreeMap<String, (PathBuf, String)>,
) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    let mut files = BTreeSet::new();
    while let Some(current) = todo.pop() {
        if !seen.insert(current.clone()) {
            continue;
        }
        let Some((path, text)) = sources.get(&current) else {
            continue;
        };
        files.insert(path.clone());
        for keyword in ["extends", "include", "import"] {
            for (i, _) in text.match_indices(keyword) {
                let rest = text[i + keyword.len()..].trim_start();
                if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'')
                    && let Some(end) = rest[1..].find(quote)
                {
                    todo.push(rest[1..1 + end].to_string());
                }
            }
        }
    }
    files
}

fn files_under(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join(dir))
        .follow_links(false)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| crate::content::relative_to(root, e.path()))
        .collect();
    files.sort();
    files
}
