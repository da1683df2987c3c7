//! URLs and output paths: the base URL, slugs, and the mapping from a page's URL path to the
//! file it is written to. Everything that turns user text into a path goes through here, so
//! nothing can name a file outside the output directory.

use crate::lang::Lang;

/// The site's base URL, split into origin and path prefix (`/` or `/sub/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.org`, without a trailing slash.
    pub origin: String,
    /// Starts and ends with `/`.
    pub prefix: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let expected = "expected an absolute http(s) URL such as `https://example.org/` or `https://example.org/partenariat/`";
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("base_url `{url}` is not an absolute URL; {expected}"))?;
        if scheme != "http" && scheme != "https" {
            return Err(format!(
                "base_url `{url}` must use http or https; {expected}"
            ));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(['?', '#', ' ']) || path.contains(['?', '#', ' ']) {
            return Err(format!("base_url `{url}` is not valid; {expected}"));
        }
        let mut prefix = path.to_string();
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            prefix,
        })
    }

    /// The root-relative URL of a site path (`fr/a-propos/` → `/sub/fr/a-propos/`).
    pub fn path(&self, site_path: &str) -> String {
        format!("{}{}", self.prefix, site_path.trim_start_matches('/'))
    }

    /// The absolute URL of a site path, for canonical links, hreflang, feeds and sitemaps.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.path(site_path))
    }
}

/// Names that Windows refuses as file names; a site must deploy anywhere.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The longest path segment, in bytes. File systems take 255; this leaves room for what a
/// host or an archive adds, and a URL segment of 100 words is a mistake anyway.
pub const MAX_SEGMENT: usize = 200;

/// One path segment an editor may write: lowercase letters (accents allowed), digits, `-`,
/// `_`; not a reserved device name; at most [`MAX_SEGMENT`] bytes.
pub fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= MAX_SEGMENT
        && segment
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !RESERVED.contains(&segment)
}

/// Checks a slug from front matter; it may hold several segments (`rapport/2022`) and is
/// empty for a language's home page.
pub fn check_slug(slug: &str) -> Result<(), String> {
    if slug.contains('\0') {
        return Err("slug contains a NUL character".into());
    }
    if slug.starts_with('/') || slug.contains('\\') || slug.contains(':') {
        return Err(format!(
            "slug `{slug}` must be relative (no leading '/', '\\' or ':')"
        ));
    }
    if slug.is_empty() {
        return Ok(());
    }
    for segment in slug.trim_end_matches('/').split('/') {
        if segment == ".." || segment == "." {
            return Err(format!("slug `{slug}` must not contain `{segment}`"));
        }
        if segment.len() > MAX_SEGMENT {
            return Err(format!(
                "slug segment `{}…` is {} bytes long, more than a file name may hold ({MAX_SEGMENT})",
                segment.chars().take(30).collect::<String>(),
                segment.len()
            ));
        }
        if RESERVED.contains(&segment.to_lowercase().as_str()) {
            return Err(format!("slug `{slug}` uses the reserved name `{segment}`"));
        }
        if !is_plain_segment(segment) {
            return Err(format!(
                "slug `{slug}` may only hold lowercase letters, digits, '-' and '_' between '/'"
            ));
        }
    }
    Ok(())
}

/// The site path of a page: `fr/` + slug segments + `/` (pretty URLs).
pub fn page_path(lang: Lang, segments: &[&str]) -> String {
    let mut path = format!("{}/", lang.code());
    for segment in segments.iter().filter(|s| !s.is_empty()) {
        path.push_str(segment.trim_matches('/'));
        path.push('/');
    }
    path
}

/// The file a site path is written to, relative to the output dir (`fr/a/` → `fr/a/index.html`).
pub fn output_file(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

/// The Atom feed of a language: `fr/atom.xml`.
pub fn feed_path(lang: Lang) -> String {
    format!("{}/atom.xml", lang.code())
}

/// Where the open data downloads are published (`data/partners.json`, …).
pub const OPEN_DATA_DIR: &str = "data";

/// Where the theme's files are published, under content-hashed names.
pub const STATIC_DIR: &str = "static";

/// The page a host serves for a missing address outside the languages' folders.
pub const ROOT_NOT_FOUND: &str = "404.html";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_a_path() {
        let base = BaseUrl::parse("https://example.org/partenariat").unwrap();
        assert_eq!(base.path("fr/a-propos/"), "/partenariat/fr/a-propos/");
        assert_eq!(base.absolute("en/"), "https://example.org/partenariat/en/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org/").is_err());
    }

    #[test]
    fn slugs_cannot_escape() {
        assert!(check_slug("a-propos").is_ok());
        assert!(check_slug("rapport/2022").is_ok());
        assert!(check_slug("").is_ok());
        for bad in [
            "../etc",
            "a/../../b",
            "/abs",
            "a\0b",
            "con",
            "C:x",
            "A-Propos",
            "a b",
        ] {
            assert!(check_slug(bad).is_err(), "{bad:?} should be refused");
        }
        let long = "a".repeat(MAX_SEGMENT + 1);
        assert!(check_slug(&long).unwrap_err().contains("201 bytes long"));
        assert!(check_slug(&format!("ok/{}", &long[1..])).is_ok());
    }

    #[test]
    fn pretty_urls() {
        assert_eq!(
            page_path(Lang::Fr, &["partenaires", "apple"]),
            "fr/partenaires/apple/"
        );
        assert_eq!(page_path(Lang::En, &[""]), "en/");
        assert_eq!(output_file("en/"), "en/index.html");
        assert_eq!(output_file("sitemap.xml"), "sitemap.xml");
    }
}

/// An ASCII anchor or slug from a title: "Les échanges de lettres" → `les-echanges-de-lettres`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let ascii = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'ñ' => "n",
            'ÿ' | 'ý' => "y",
            'œ' => "oe",
            'æ' => "ae",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(ascii);
    }
    let mut slug = String::with_capacity(out.len());
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug
}

#[cfg(test)]
mod slug_tests {
    #[test]
    fn slugify_transliterates() {
        assert_eq!(
            super::slugify("Les échanges de lettres"),
            "les-echanges-de-lettres"
        );
        assert_eq!(super::slugify("2017-2018 : l’élan"), "2017-2018-l-elan");
        assert_eq!(super::slugify("Œuvre — Æ"), "oeuvre-ae");
    }
}
