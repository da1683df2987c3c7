//! Redirects: the former addresses of pages (`aliases:` in a page's front matter, or former
//! ids in a partner's or an activity's record), each published as a small HTML page that
//! sends the reader on to the page's address now, and listed in a `_redirects` file for
//! hosts that read one. A redirect is not a page: it is in no sitemap, feed, menu or site
//! index, and it claims its address against every file the site writes, so an alias can
//! neither hide a page nor escape the output.

use super::{Route, RouteKind, common};
use crate::Site;
use crate::content::data::Data;
use crate::content::yaml::Spans;
use crate::content::{ACTIVITIES_FILE, DataSources, PARTNERS_FILE, PageSource};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::lang::Lang;
use crate::urls;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file of redirect rules written when the config asks (`redirects_file: true`), in
/// the format of Netlify and Cloudflare Pages.
pub const REDIRECTS_FILE: &str = "_redirects";

/// The output files at the site's root that are not routes, which an alias may not take,
/// with what they are.
const ROOT_FILES: [(&str, &str); 2] = [
    ("index.html", "the language chooser at the site's root"),
    (urls::ROOT_NOT_FOUND, "the site's root 404 page"),
];

/// The folders the build fills with files of its own, which no alias may write into.
const BUILD_FOLDERS: [(&str, &str); 2] = [
    (urls::STATIC_DIR, "the theme's files"),
    (urls::OPEN_DATA_DIR, "the open data"),
];

/// One former address of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The site path of the former address: `fr/ancienne-adresse/` or `fr/ancien.html`.
    pub from: String,
    /// The route it sends to, by key and language.
    pub key: String,
    pub lang: Lang,
    /// The file the alias is written in.
    pub source: PathBuf,
}

impl Redirect {
    /// The file the redirect page is written to, relative to the output directory.
    pub fn output_file(&self) -> String {
        urls::output_file(&self.from)
    }
}

/// Where an alias is written, to point a message at it.
enum Place<'a> {
    /// Item `item` of the `aliases:` of a page's front matter.
    Page(&'a PageSource, usize),
    /// A value of a data file, by its path in the document.
    Data(&'a Path, Vec<String>),
}

impl Place<'_> {
    fn error(&self, sources: &DataSources, message: String) -> Diagnostic {
        match self {
            Place::Page(page, item) => {
                let spans = Spans::parse(&page.front_yaml);
                // The front matter starts on the file's second line.
                match spans.value(&["aliases".into(), item.to_string()]) {
                    Some((line, column)) => {
                        Diagnostic::error(&page.path, message).at(line + 1, column)
                    }
                    None => page.error_at_key("aliases", message),
                }
            }
            Place::Data(file, path) => {
                let (line, column) = sources
                    .get(*file)
                    .and_then(|text| Spans::parse(text).value(path))
                    .unwrap_or((0, 0));
                Diagnostic::error(file, message).at(line, column)
            }
        }
    }
}

/// The site path an alias names: a path from the root of the site (that of the base URL),
/// with or without its first `/`; a folder (`fr/ancienne-adresse/`, the last `/` optional)
/// or an `.html` file (`fr/ancien.html`). Its segments are those a slug may have.
pub fn alias_path(alias: &str) -> Result<String, String> {
    let expected = "an alias is a former address of the page on this site, such as `/fr/ancienne-adresse/` or `/fr/ancien.html`";
    if alias.trim().is_empty() {
        return Err(format!("the alias is empty; {expected}"));
    }
    if alias.contains("://") || alias.starts_with("//") {
        return Err(format!(
            "alias `{alias}` is a URL, not a path of this site; {expected}"
        ));
    }
    if alias.contains('%') {
        return Err(format!(
            "alias `{alias}` is percent-encoded; write its letters as they are (`/fr/été/`, not `/fr/%C3%A9t%C3%A9/`)"
        ));
    }
    if let Some(c) = alias
        .chars()
        .find(|c| "?#\\:".contains(*c) || c.is_control())
    {
        return Err(format!(
            "alias `{alias}` contains `{}`; {expected}",
            c.escape_default()
        ));
    }
    let path = alias.strip_prefix('/').unwrap_or(alias);
    let folder = path.is_empty() || path.ends_with('/');
    let mut segments: Vec<&str> = path.split('/').collect();
    if folder {
        segments.pop();
    }
    let mut out = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if *segment == ".." {
            return Err(format!(
                "alias `{alias}` climbs out of the site with `..`; {expected}"
            ));
        }
        if !folder
            && i + 1 == segments.len()
            && let Some(stem) = segment.strip_suffix(".html")
        {
            if stem == "index" {
                break;
            }
            if !urls::is_plain_segment(stem) {
                return Err(segment_error(alias, segment));
            }
            out.push_str(segment);
            return Ok(out);
        }
        if !urls::is_plain_segment(segment) {
            return Err(segment_error(alias, segment));
        }
        out.push_str(segment);
        out.push('/');
    }
    Ok(out)
}

fn segment_error(alias: &str, segment: &str) -> String {
    format!(
        "alias `{alias}`: `{segment}` is not a segment an address of this site may have: lowercase letters, digits, '-' and '_' between '/', and `.html` at the end of a file"
    )
}

/// An address claimed by a page, before it is checked against the others: its site path,
/// or why it is none.
struct Claim<'a> {
    from: Result<String, String>,
    route: &'a Route,
    source: &'a Path,
    place: Place<'a>,
}

/// The redirects of the site, from the pages' `aliases:` and the former ids of the data's
/// records; an alias that is not a path of the site, that climbs out of it, that takes the
/// address of a file the site writes or that another alias has is an error at its place.
pub fn build(
    pages: &[Arc<PageSource>],
    data: &Data,
    sources: &DataSources,
    routes: &[Route],
    diagnostics: &mut Diagnostics,
) -> Vec<Redirect> {
    let mut claims = Vec::new();
    for route in routes {
        match route.kind {
            RouteKind::Page(i) => {
                let page = &pages[i];
                claims.extend(
                    page.front
                        .aliases
                        .iter()
                        .enumerate()
                        .map(|(j, alias)| Claim {
                            from: alias_path(alias),
                            route,
                            source: &page.path,
                            place: Place::Page(page, j),
                        }),
                );
            }
            RouteKind::Partner(i) => {
                let ids = &data.partners[i].aliases;
                claims.extend(former_ids(ids, route, PARTNERS_FILE, "partners", i));
            }
            RouteKind::Activity(i) => {
                let ids = &data.activities[i].aliases;
                claims.extend(former_ids(ids, route, ACTIVITIES_FILE, "activities", i));
            }
            _ => {}
        }
    }
    if claims.is_empty() {
        return Vec::new();
    }
    // Every file the site writes, by its lowercased path (a host that ignores case sees
    // one file for two), with what makes it.
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for route in routes {
        taken.insert(
            route.output_file().to_lowercase(),
            format!("a page, made by {}", route.source.display()),
        );
    }
    for (file, what) in ROOT_FILES {
        taken.insert(file.to_string(), what.to_string());
    }
    // The aliases accepted so far, by the same lowercased file, with the file they are in.
    let mut aliased: BTreeMap<String, &Path> = BTreeMap::new();
    let mut redirects = Vec::new();
    for claim in claims {
        let error = |message: String| claim.place.error(sources, message);
        let from = match claim.from {
            Ok(ref from) => from.clone(),
            Err(ref message) => {
                diagnostics.push(error(message.clone()).with_help(match claim.place {
                    Place::Page(..) => "write the address as a path from the site's root, without its domain: /fr/ancienne-adresse/",
                    Place::Data(..) => "a former id is the id the record had: lowercase letters, digits and '-'",
                }));
                continue;
            }
        };
        let url = format!("/{from}");
        if let Some((folder, what)) = BUILD_FOLDERS
            .iter()
            .find(|(folder, _)| from.split('/').next() == Some(*folder))
        {
            diagnostics.push(
                error(format!("alias {url} is in /{folder}/, which holds {what}"))
                    .with_help("an alias is an address no file of the site has; remove it"),
            );
            continue;
        }
        let file = urls::output_file(&from).to_lowercase();
        if let Some(first) = aliased.get(&file) {
            diagnostics.push(
                error(format!(
                    "alias {url} is also an alias of {}",
                    first.display()
                ))
                .with_help("an address sends to one page: remove one of the two"),
            );
            continue;
        }
        if let Some(what) = taken.get(&file) {
            let own = claim.route.output_file().to_lowercase() == file;
            diagnostics.push(
                error(format!("alias {url} is the address of {what}"))
                    .with_help(if own {
                        "the page is at this address now: remove the alias"
                    } else {
                        "an alias is an address no page has any more: remove it, or give the page there another slug"
                    }),
            );
            continue;
        }
        aliased.insert(file, claim.source);
        redirects.push(Redirect {
            from,
            key: claim.route.key.clone(),
            lang: claim.route.lang,
            source: claim.source.to_path_buf(),
        });
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    redirects
}

/// The claims of a record's former ids, at its `aliases:` in `file`: its page's address
/// with each of them in place of its id, in the route's language.
fn former_ids<'a>(
    ids: &'a [String],
    route: &'a Route,
    file: &'static str,
    list: &'static str,
    record: usize,
) -> impl Iterator<Item = Claim<'a>> {
    let parent = route
        .site_path
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("", |(parent, _)| parent);
    ids.iter().enumerate().map(move |(j, id)| Claim {
        from: if urls::is_plain_segment(id) {
            Ok(format!("{parent}/{id}/"))
        } else {
            Err(format!("former id `{id}` is not an id"))
        },
        route,
        source: Path::new(file),
        place: Place::Data(
            Path::new(file),
            vec![
                list.into(),
                record.to_string(),
                "aliases".into(),
                j.to_string(),
            ],
        ),
    })
}

/// What the template of a redirect page receives: the page's language, the title and the
/// absolute URL of the page it sends to.
pub fn context(site: &Site, redirect: &Redirect) -> Option<tera::Context> {
    let route = site.route(&redirect.key, redirect.lang)?;
    let mut cx = tera::Context::new();
    cx.insert("lang", redirect.lang.code());
    cx.insert("title", &common::title(site, route));
    cx.insert("target", &site.base.absolute(&route.site_path));
    Some(cx)
}

/// The `_redirects` file: one rule a line, `/former/ /now/ 301`, paths from the host's
/// root (under the base URL's path), non-ASCII bytes percent-encoded as these hosts ask.
pub fn rules(site: &Site) -> String {
    let mut text =
        String::from("# Former addresses of pages (`aliases:`), written by passerelle build.\n");
    for redirect in &site.redirects {
        if let Some(route) = site.route(&redirect.key, redirect.lang) {
            text.push_str(&format!(
                "{} {} 301\n",
                percent_encoded(&site.base.path(&redirect.from)),
                percent_encoded(&site.base.path(&route.site_path))
            ));
        }
    }
    text
}

fn percent_encoded(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_graphic() && byte != b'%' {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_folders_or_html_files_from_the_root() {
        for (alias, path) in [
            ("/fr/ancienne-adresse/", "fr/ancienne-adresse/"),
            ("fr/ancienne-adresse", "fr/ancienne-adresse/"),
            ("/fr/ancienne-adresse/index.html", "fr/ancienne-adresse/"),
            ("/fr/ancien.html", "fr/ancien.html"),
            ("/about/", "about/"),
            ("/fr/échanges/", "fr/échanges/"),
            ("/", ""),
            ("/index.html", ""),
        ] {
            assert_eq!(alias_path(alias).as_deref(), Ok(path), "{alias}");
        }
    }

    #[test]
    fn aliases_that_are_not_paths_of_the_site_are_refused() {
        for (alias, says) in [
            ("", "empty"),
            ("../fr/x/", "climbs out"),
            ("/fr/../../etc/", "climbs out"),
            ("/fr/..", "climbs out"),
            ("https://example.org/fr/x/", "is a URL"),
            ("//example.org/fr/x/", "is a URL"),
            ("/fr/x/?p=1", "contains `?`"),
            ("/fr/x/#top", "contains `#`"),
            ("/fr/%C3%A9/", "is percent-encoded"),
            ("/fr\\x/", "contains `\\\\`"),
            ("/fr/Ancien/", "`Ancien` is not a segment"),
            ("/fr//x/", "`` is not a segment"),
            ("/fr/a b/", "`a b` is not a segment"),
            ("/fr/x.php", "`x.php` is not a segment"),
            ("/sitemap.xml/", "`sitemap.xml` is not a segment"),
            ("/fr/con/", "`con` is not a segment"),
        ] {
            let error = alias_path(alias).expect_err(alias);
            assert!(error.contains(says), "{alias}: {error}");
        }
    }

    #[test]
    fn redirect_rules_encode_what_is_not_ascii() {
        assert_eq!(percent_encoded("/fr/échanges/"), "/fr/%C3%A9changes/");
        assert_eq!(percent_encoded("/a b%/"), "/a%20b%25/");
    }
}
