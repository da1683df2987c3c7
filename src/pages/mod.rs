//! Pages: one module per kind of page the site publishes, each owning its view.

pub mod report;
