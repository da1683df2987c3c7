//! Links of a text to the site itself: what a Markdown link names, however it is written
//! (`@/pages/about.md`, `/fr/a-propos/`, `../partenaires/apple/`, `history.en.md`), and
//! whether the site has it. Every such link is checked against the site's pages and files,
//! anchors included, and written out under the base URL, so that a site moved under a
//! sub-path keeps working and a mistyped address never reaches a reader.

use crate::lang::Lang;
use std::path::{Component, Path, PathBuf};

/// What a link of the site names, once its writing is undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page by its key, in the text's language: `@/pages/about.md`, `@/partners/apple`
    /// (given without the `@/`).
    Key(String),
    /// A content file named by a path relative to the text's file (`history.en.md`): its
    /// page key, and the language its name gives.
    File { key: String, lang: Option<Lang> },
    /// A path of the site from its root, without the base URL's: `fr/partenaires/apple/`.
    Path(String),
}

/// A link that cannot be followed, with what it probably meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// No page has this key in the language (a `Key` or `File` target).
    NoPage(crate::markdown::NoSuchPage),
    /// No page or file of the site is at this path.
    NoPath { nearest: Option<String> },
    /// The page exists but has no heading with this id.
    NoAnchor { page: PathBuf, help: String },
    /// The link cannot name anything of the site as written (it climbs above the root, or
    /// is relative where there is nothing to be relative to).
    Unusable(String),
}

/// What resolves the links of a text: the site, or a test's closure.
pub trait Resolve: Sync {
    /// The URL to write for `target`, seen from a text in `lang`, with `anchor` (without
    /// its `#`) checked against the target page's headings where the site knows them.
    fn resolve(&self, target: &Target, anchor: Option<&str>, lang: Lang) -> Result<String, Broken>;
}

impl<F> Resolve for F
where
    F: Fn(&Target, Option<&str>, Lang) -> Result<String, Broken> + Sync,
{
    fn resolve(&self, target: &Target, anchor: Option<&str>, lang: Lang) -> Result<String, Broken> {
        self(target, anchor, lang)
    }
}

/// A link as written, split into what it names, its anchor and its query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<'u> {
    pub target: Target,
    /// The fragment, without `#`.
    pub anchor: Option<&'u str>,
    /// The query, with its `?`, kept as written.
    pub query: &'u str,
}

/// Where a text is, for the links it writes relative to itself.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// Its file, relative to the project root: `content/pages/about.fr.md`.
    pub file: &'a Path,
    /// The site path of the page it is shown on (`fr/a-propos/`), when it has one page:
    /// a data text is shown on several, so links relative to a page mean nothing there.
    pub page: Option<&'a str>,
}

/// What `url` names of the site, or `None` for a link that leaves it (a scheme, `//host`),
/// an anchor of the same page (`#id`, checked with the page's headings) or nothing.
pub fn parse<'u>(url: &'u str, origin: Origin) -> Option<Result<Parsed<'u>, Broken>> {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") || has_scheme(url) {
        return None;
    }
    let (rest, anchor) = match url.split_once('#') {
        Some((rest, anchor)) => (rest, Some(anchor)),
        None => (url, None),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let parsed = |target| {
        Ok(Parsed {
            target,
            anchor,
            query,
        })
    };
    if let Some(key) = path.strip_prefix("@/") {
        return Some(parsed(Target::Key(key.to_string())));
    }
    let path = percent_decoded(path);
    if let Some(from_root) = path.strip_prefix('/') {
        return Some(match normalised(from_root) {
            Some(site_path) => parsed(Target::Path(site_path)),
            None => Err(climbs(url)),
        });
    }
    if let Some(file) = path.strip_suffix(".md") {
        let dir = origin.file.parent().unwrap_or(Path::new(""));
        let joined = dir.join(file);
        let Some(joined) = normalised(&joined.to_string_lossy()) else {
            return Some(Err(climbs(url)));
        };
        let within = joined
            .strip_prefix(crate::content::CONTENT_DIR)
            .and_then(|p| p.strip_prefix('/'));
        let Some(within) = within else {
            return Some(Err(Broken::Unusable(format!(
                "`{url}` names a file outside `content/`, which is not a page"
            ))));
        };
        let (key, lang) = match within.rsplit_once('.') {
            Some((key, code)) => match code.parse::<Lang>() {
                Ok(lang) => (key, Some(lang)),
                Err(_) => (within, None),
            },
            None => (within, None),
        };
        return Some(parsed(Target::File {
            key: key.to_string(),
            lang,
        }));
    }
    let Some(page) = origin.page else {
        return Some(Err(Broken::Unusable(format!(
            "`{url}` is relative, but this text is shown on several pages, so it has no \
             one address to be relative to"
        ))));
    };
    // A page's address is a folder (`fr/a-propos/`) or a file (`fr/404.html`).
    let dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    Some(match normalised(&format!("{dir}{path}")) {
        Some(site_path) => parsed(Target::Path(site_path)),
        None => Err(climbs(url)),
    })
}

fn climbs(url: &str) -> Broken {
    Broken::Unusable(format!("`{url}` climbs above the root of the site"))
}

/// `mailto:`, `https:`, `tel:`…: a scheme is letters, digits, `+`, `-`, `.` before a `:`
/// that comes before any `/`.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `a/./b/../c/` → `a/c/`; `None` when `..` climbs above the start. A trailing slash is
/// kept, since it tells a folder from a file.
fn normalised(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `%C3%A9` → `é`, as a browser reads the address; anything not valid is kept as written.
fn percent_decoded(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.contains('%') {
        return path.into();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(decoded) => decoded.into(),
        Err(_) => path.into(),
    }
}

/// The forms one address of the site may take: `fr/a-propos`, `fr/a-propos/` and
/// `fr/a-propos/index.html` are one page; the first is the one to write.
pub fn candidates(site_path: &str) -> [String; 3] {
    let base = site_path
        .strip_suffix("index.html")
        .unwrap_or(site_path)
        .trim_end_matches('/');
    let folder = if base.is_empty() {
        String::new()
    } else {
        format!("{base}/")
    };
    [folder, base.to_string(), site_path.to_string()]
}

/// The site resolves its own links to root-relative URLs under the base URL.
impl Resolve for crate::Site {
    fn resolve(&self, target: &Target, anchor: Option<&str>, lang: Lang) -> Result<String, Broken> {
        resolve_in(self, target, anchor, lang).map(|site_path| self.base.path(&site_path))
    }
}

/// The links of a document read away from the site (the report file): absolute URLs.
pub struct Absolute<'a>(pub &'a crate::Site);

impl Resolve for Absolute<'_> {
    fn resolve(&self, target: &Target, anchor: Option<&str>, lang: Lang) -> Result<String, Broken> {
        resolve_in(self.0, target, anchor, lang).map(|site_path| self.0.base.absolute(&site_path))
    }
}

/// The site path `target` names, checked, its anchor too when it names a Markdown page.
fn resolve_in(
    site: &crate::Site,
    target: &Target,
    anchor: Option<&str>,
    lang: Lang,
) -> Result<String, Broken> {
    let route = match target {
        Target::Key(written) => {
            let key = crate::markdown::link_key(written);
            site.route(key, lang)
                .ok_or_else(|| Broken::NoPage(site.no_such_page(written, lang)))?
        }
        Target::File { key, lang: named } => {
            let lang = named.unwrap_or(lang);
            site.route(key, lang).ok_or_else(|| {
                let mut missing = site.no_such_page(key, lang);
                missing.nearest = missing.nearest.map(|near| format!("{near}.md"));
                Broken::NoPage(missing)
            })?
        }
        Target::Path(path) => {
            let addresses = site.addresses();
            // Written with the base URL's own path (`/partenariat/fr/`), it is found too.
            let prefix = site.base.prefix.trim_start_matches('/');
            let within = path.strip_prefix(prefix).filter(|_| !prefix.is_empty());
            let found = [Some(path.as_str()), within]
                .into_iter()
                .flatten()
                .flat_map(candidates)
                .find_map(|c| addresses.get_key_value(&c));
            let Some((site_path, route)) = found else {
                let known: std::collections::BTreeSet<&str> =
                    addresses.keys().map(String::as_str).collect();
                let near = crate::validate::nearest(&candidates(path)[0], &known);
                return Err(Broken::NoPath {
                    nearest: near.map(|n| format!("/{n}")),
                });
            };
            match route {
                Some(i) => &site.routes[*i],
                None => return Ok(site_path.clone()),
            }
        }
    };
    if let (Some(anchor), Some(i)) = (anchor, route.kind.page()) {
        let page = &site.pages[i];
        let ids = crate::validate::heading_ids(page);
        if !ids.iter().any(|id| id == anchor) {
            return Err(Broken::NoAnchor {
                page: page.path.clone(),
                help: crate::validate::anchor_help(anchor, ids),
            });
        }
    }
    Ok(route.site_path.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_from(url: &str, file: &str, page: Option<&str>) -> Option<Result<Target, Broken>> {
        let origin = Origin {
            file: Path::new(file),
            page,
        };
        parse(url, origin).map(|r| r.map(|p| p.target))
    }

    fn target(url: &str) -> Option<Result<Target, Broken>> {
        parse_from(url, "content/pages/about.fr.md", Some("fr/a-propos/"))
    }

    #[test]
    fn links_that_leave_the_site_are_left_alone() {
        for url in [
            "https://coe.int/",
            "mailto:a@b.c",
            "tel:+33",
            "//cdn.example.org/x",
            "#top",
            "",
        ] {
            assert_eq!(target(url), None, "{url}");
        }
    }

    #[test]
    fn every_way_of_writing_a_link_names_a_page_or_path() {
        assert_eq!(
            target("@/partners/apple#profil"),
            Some(Ok(Target::Key("partners/apple".into())))
        );
        assert_eq!(
            target("/fr/partenaires/apple/"),
            Some(Ok(Target::Path("fr/partenaires/apple/".into())))
        );
        assert_eq!(
            target("../partenaires/./apple/?x=1#a"),
            Some(Ok(Target::Path("fr/partenaires/apple/".into())))
        );
        assert_eq!(
            target("history.en.md#x"),
            Some(Ok(Target::File {
                key: "pages/history".into(),
                lang: Some(Lang::En)
            }))
        );
        assert_eq!(
            target("../_index.md"),
            Some(Ok(Target::File {
                key: "_index".into(),
                lang: None
            }))
        );
        assert_eq!(
            target("/fr/%C3%A0-propos/"),
            Some(Ok(Target::Path("fr/à-propos/".into())))
        );
        let p = parse(
            "/fr/x/?q=1#top",
            Origin {
                file: Path::new("content/a.fr.md"),
                page: None,
            },
        )
        .unwrap()
        .unwrap();
        assert_eq!((p.anchor, p.query), (Some("top"), "?q=1"));
    }

    #[test]
    fn links_that_cannot_name_the_site_say_why() {
        for url in ["../../../x/", "/../x", "../../../outside.md"] {
            assert!(
                matches!(target(url), Some(Err(Broken::Unusable(m))) if m.contains("climbs")),
                "{url}"
            );
        }
        assert!(matches!(
            parse_from("apple/", "content/data/partners.yaml", None),
            Some(Err(Broken::Unusable(m))) if m.contains("several pages")
        ));
        assert_eq!(
            parse_from("/fr/", "content/data/partners.yaml", None),
            Some(Ok(Target::Path("fr/".into())))
        );
    }

    #[test]
    fn one_address_has_three_spellings() {
        assert_eq!(
            candidates("fr/a-propos/index.html"),
            ["fr/a-propos/", "fr/a-propos", "fr/a-propos/index.html"]
        );
        assert_eq!(candidates("fr/a-propos")[0], "fr/a-propos/");
        assert_eq!(candidates("")[0], "");
        assert_eq!(candidates("index.html")[0], "");
    }
}
