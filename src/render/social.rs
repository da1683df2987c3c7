//! Link previews: what a page shows where a link to it is shared (chat, social network,
//! mail). This module owns the `social` value templates receive (`social.html` writes it
//! as OpenGraph and Twitter metadata), the social card of each page (the theme's
//! `social-card.svg`, rendered with Tera for the page, then drawn into a PNG by
//! [`super::raster`]) and its published name, `social/HASH.png`.
//!
//! The hash covers the card's SVG text, the theme's faces and the way cards are drawn
//! ([`super::raster::RENDERING`]): a card whose text did not change keeps its name, so a
//! rebuild over the previous output links the PNG already there instead of drawing it
//! again (as media variants are), and a new title gives a new name, which no cache holds.
//! Drawing a card costs several times the render of its page, so a build draws the new
//! ones on every core once the pages are rendered; the preview draws one when it is asked
//! for ([`Cards`]).
//!
//! The 404 pages have neither card nor metadata: a host serves them at any missing address,
//! so the address they would claim is not the one shared.

use crate::Site;
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use crate::pages::{OgType, Route};
use crate::render::assets::{fnv1a, fnv1a_more};
use crate::render::raster::Fonts;
use crate::render::{OutputFile, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// The folder of the cards in the output.
pub const DIR: &str = "social";

/// The theme's template of a card.
pub const TEMPLATE: &str = "social-card.svg";

/// The size of a card, in pixels: what OpenGraph consumers (Facebook, LinkedIn, Mastodon,
/// Slack…) and Twitter's `summary_large_image` show without cropping, 1.91:1.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// A page's card: its SVG, and where its PNG is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// `social/1a2b3c4d5e6f7a8b.png`
    pub path: String,
    pub svg: Arc<str>,
}

/// What `social-card.svg` receives as `card`.
#[derive(Serialize)]
struct CardView<'a> {
    /// The page's title, as its heading shows it.
    title: &'a str,
    /// The site's title in the page's language.
    site: &'a str,
    /// The list a generated page belongs to (`Partenaires` for a partner), if any.
    section: Option<String>,
    /// The page's language, named in itself (`Français`, `English`).
    language: String,
    /// Where the site is published, without `https://` (`example.org/partenariat`).
    host: String,
    /// The home page of a language, whose title is the site's.
    home: bool,
}

/// What `social.html` receives as `social`: the metadata of a shared link.
#[derive(Serialize)]
pub struct SocialView {
    /// `og:type`: `article` for a text of the site, `website` for the rest.
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    /// The page's description, as its `<meta name="description">` gives it.
    description: String,
    /// The page's permalink.
    url: String,
    site_name: String,
    /// `fr_FR`, `en_GB`.
    locale: &'static str,
    /// The locales of the page's translations.
    alternate_locales: Vec<&'static str>,
    image: Option<ImageView>,
}

#[derive(Serialize)]
struct ImageView {
    /// Absolute: consumers do not resolve a relative `og:image`.
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

/// The OpenGraph locale of a language: territory and all, which `og:locale` asks for. The
/// Council of Europe writes British English.
fn locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr_FR",
        Lang::En => "en_GB",
    }
}

/// The card of `route` (titled `title`), or none for a page that is not shared, a theme
/// without `social-card.svg` or a site whose config turns cards off (`social_cards`). A template error is an error at the template, as for a page.
pub fn card(site: &Site, route: &Route, title: &str) -> Result<Option<Card>, Vec<Diagnostic>> {
    if !site.config.social_cards
        || route.kind.info().og_type.is_none()
        || !site.theme.tera.contains_template(TEMPLATE)
    {
        return Ok(None);
    }
    let lang = route.lang;
    let mut cx = tera::Context::new();
    cx.insert("lang", lang.code());
    cx.insert(
        "card",
        &CardView {
            title,
            site: site.config.title.get(lang),
            section: crate::pages::section_title(site, route),
            language: site
                .i18n
                .get(lang, &format!("lang-name-{}", lang.code()), None),
            host: host(&site.base.absolute("")),
            home: route.key == crate::pages::keys::HOME,
        },
    );
    let svg = super::render_template(site, TEMPLATE, &cx, &route.source)?;
    let hash = fnv1a_more(
        fnv1a(svg.as_bytes()),
        &site.theme.fonts.fingerprint.to_le_bytes(),
    );
    Ok(Some(Card {
        path: format!("{DIR}/{hash:016x}.png"),
        svg: svg.into(),
    }))
}

/// `https://example.org/partenariat/` → `example.org/partenariat`.
fn host(base: &str) -> String {
    let bare = base.split_once("://").map_or(base, |(_, rest)| rest);
    bare.trim_end_matches('/').to_string()
}

/// The metadata of a shared link to `route`, or `None` for a page that is not shared.
pub fn view(
    site: &Site,
    route: &Route,
    title: &str,
    description: &str,
    card: Option<&Card>,
) -> Option<SocialView> {
    let og_type = route.kind.info().og_type?;
    let lang = route.lang;
    let site_name = site.config.title.get(lang).clone();
    let kind = match og_type {
        // A language's home page is the site itself.
        OgType::Article if route.key != crate::pages::keys::HOME => "article",
        _ => "website",
    };
    let image = card.map(|card| {
        // The text the card shows: the page's title and the site's, or on a home page,
        // whose title is the site's, the site's and what the partnership is.
        let mut args = fluent_bundle::FluentArgs::new();
        if route.key == crate::pages::keys::HOME {
            args.set("title", site_name.clone());
            args.set("site", site.i18n.get(lang, "social-card-home", None));
        } else {
            args.set("title", title.to_string());
            args.set("site", site_name.clone());
        }
        ImageView {
            url: site.base.absolute(&card.path),
            width: WIDTH,
            height: HEIGHT,
            alt: site.i18n.get(lang, "social-image-alt", Some(&args)),
        }
    });
    Some(SocialView {
        kind,
        title: title.to_string(),
        description: description.to_string(),
        url: site.base.absolute(&route.site_path),
        site_name,
        locale: locale(lang),
        alternate_locales: site
            .config
            .languages_in_order()
            .into_iter()
            .filter(|&other| other != lang && site.route(&route.key, other).is_some())
            .map(locale)
            .collect(),
        image,
    })
}

/// The input files a card is made from, beside those of its page: its template and the
/// faces it is drawn with.
pub fn sources(site: &Site) -> BTreeSet<PathBuf> {
    let mut sources = site.template_sources(TEMPLATE);
    sources.extend(site.theme.fonts.files.iter().cloned());
    sources
}

/// A card drawn: a PNG of [`WIDTH`] × [`HEIGHT`] pixels.
pub fn draw(fonts: &Fonts, svg: &str) -> std::result::Result<Vec<u8>, String> {
    super::raster::draw(&read(fonts, svg)?, 1.0)
}

/// A card read as it would be drawn, its size checked: what `check` does of one card.
fn read(fonts: &Fonts, svg: &str) -> std::result::Result<resvg::usvg::Tree, String> {
    let tree = fonts.read(svg)?;
    let size = tree.size();
    if (size.width(), size.height()) != (WIDTH as f32, HEIGHT as f32) {
        return Err(format!(
            "a card is {WIDTH} × {HEIGHT} pixels, this one {} × {} (the width and height of its <svg>)",
            size.width(),
            size.height()
        ));
    }
    Ok(tree)
}

/// The error of a card that cannot be drawn, at the theme's template.
fn card_error(site: &Site, reason: &str) -> Error {
    let template = site.theme.dir.join("templates").join(TEMPLATE);
    Error::Content(vec![
        Diagnostic::error(
            &template,
            format!("the social card cannot be drawn: {reason}"),
        )
        .with_help(
            "a line and column are those of the card as rendered for a page, not of the template",
        ),
    ])
}

/// Puts the PNG of every card into `sink`, once for cards alike: taken from the previous
/// output when it has that name, else drawn, on every core. A sink that keeps no bytes
/// (`check`) gets none, but the first card is read, so that a card the build could not
/// draw is reported by `check` too: every card is made from the same template.
pub fn publish<S: Sink>(site: &Site, cards: Vec<Card>, sink: &S) -> Vec<Result<(String, S::Kept)>> {
    if !sink.wants_bytes() {
        let read = cards.first().map(|card| read(&site.theme.fonts, &card.svg));
        return match read {
            Some(Err(reason)) => vec![Err(card_error(site, &reason))],
            _ => Vec::new(),
        };
    }
    let unique: BTreeMap<String, Arc<str>> = cards
        .into_iter()
        .map(|card| (card.path, card.svg))
        .collect();
    unique
        .into_par_iter()
        .map(|(path, svg)| {
            if let Some(kept) = sink.reuse(&path) {
                return kept.map(|kept| (path, kept));
            }
            let bytes =
                draw(&site.theme.fonts, &svg).map_err(|reason| card_error(site, &reason))?;
            let kept = sink.put(OutputFile {
                path: path.clone(),
                bytes: Arc::new(bytes),
                sources: sources(site),
            })?;
            Ok((path, kept))
        })
        .collect()
}

/// The cards of the pages the preview serves, by published path, with the faces to draw
/// them: the preview draws one when it is asked for, so that editing costs nothing while
/// nobody looks at them.
#[derive(Debug, Clone, Default)]
pub struct Cards {
    pub fonts: Arc<Fonts>,
    pub svg: HashMap<String, Arc<str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_lose_their_scheme_and_last_slash() {
        assert_eq!(
            host("https://example.org/partenariat/"),
            "example.org/partenariat"
        );
        assert_eq!(host("https://example.org/"), "example.org");
        assert_eq!(host("example.org"), "example.org");
    }
}
