//! Passerelle: the static site generator of the Council of Europe's Digital Partnership
//! publication, in French and English.
//!
//! A build flows one way: **load** (`content`, `config`, `i18n`, the theme) → **validate**
//! (`validate`) → **derive** (`model`) → **render** (`render`, `markdown`) → **write**
//! (`output`). [`Site::load`] does the first three; [`Site::render`] and [`build`] the rest.

mod build;
pub mod charts;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
mod country_aliases;
pub mod diagnostic;
pub mod ftl;
pub mod i18n;
pub mod lang;
pub mod links;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pages;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod shortcodes;
mod site;
pub mod spacing;
pub mod translations;
pub mod urls;
pub mod validate;

pub use build::{BuildReport, build};
pub use site::{BuildOptions, Findings, Site};
