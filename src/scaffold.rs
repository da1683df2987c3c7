//! `passerelle new`: writes the skeleton of something an editor adds, with every field it
//! needs and a comment saying what goes there, as `hugo new` does. What it writes does not
//! pass `check` until it is filled in: the empty title is the first thing `check` names.

use crate::config::Config;
use crate::content::CONTENT_DIR;
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// Writes `content/SECTION/SLUG.LANG.md` for every language of the site, refusing to
/// overwrite anything; returns the files written, relative to `root`.
pub fn new_page(root: &Path, section: &str, slug: &str) -> Result<Vec<PathBuf>> {
    let (_, config) = Config::load(root)?;
    for (what, value) in [("section", section), ("slug", slug)] {
        if value.is_empty() || (what == "slug" && value.contains('/')) {
            return Err(Diagnostic::error(
                CONTENT_DIR,
                format!("the page's {what} `{value}` must be one name"),
            )
            .with_help("lowercase letters, digits, '-' and '_': `new page annual-meeting`")
            .into());
        }
        crate::urls::check_slug(value).map_err(|m| Diagnostic::error(CONTENT_DIR, m))?;
    }
    let files: Vec<(Lang, PathBuf)> = config
        .languages_in_order()
        .into_iter()
        .map(|lang| {
            let file = Path::new(CONTENT_DIR)
                .join(section)
                .join(format!("{slug}.{}.md", lang.code()));
            (lang, file)
        })
        .collect();
    if let Some((_, taken)) = files.iter().find(|(_, file)| root.join(file).exists()) {
        return Err(Diagnostic::error(taken, "this page exists already")
            .with_help("choose another slug, or edit the page")
            .into());
    }
    for (lang, file) in &files {
        let path = root.join(file);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&path, page(*lang, slug)).map_err(|e| Error::io(&path, e))?;
    }
    Ok(files.into_iter().map(|(_, file)| file).collect())
}

/// The skeleton of one language of a page.
fn page(lang: Lang, slug: &str) -> String {
    let language = match lang {
        Lang::Fr => "French",
        Lang::En => "English",
    };
    format!(
        "---\n\
# The {language} version of the page. Its title, as its heading and in menus and lists:\n\
title: \"\"\n\
# The last part of its address, /{lang}/{slug}/: lowercase letters, digits and '-'. Each\n\
# language may have its own.\n\
slug: {slug}\n\
# One sentence for search engines and link previews (optional):\n\
# description: \"\"\n\
# `menu: true` lists it in the main menu, which orders pages by `weight`, smaller first.\n\
menu: false\n\
weight: 0\n\
# When its text was last brought up to date, shown as \"last updated\" (YYYY-MM-DD):\n\
# updated: \n\
#\n\
# The text of the page follows the closing line below, in Markdown. Link to another page\n\
# with [its title](@/pages/NAME.md).\n\
---\n",
        lang = lang.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_skeleton_fails_on_its_empty_title_alone() {
        let parse = |text: &str| {
            crate::content::parse_page(
                Path::new("content/pages/rencontre.fr.md"),
                "pages/rencontre".into(),
                Lang::Fr,
                text,
            )
        };
        let text = page(Lang::Fr, "rencontre");
        let error = parse(&text).unwrap_err();
        let found: Vec<String> = error.diagnostics().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            found,
            ["error: content/pages/rencontre.fr.md:3:1: the title is empty"]
        );
        let filled = parse(&text.replacen("title: \"\"", "title: Rencontre", 1)).unwrap();
        assert_eq!(filled.front.slug, "rencontre");
        assert_eq!(filled.body, "");
        assert!(!filled.front.menu);
    }
}
