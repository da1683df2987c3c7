//! Route keys: how one page names another, whatever its language (`partners/apple` is
//! `/fr/partenaires/apple/` and `/en/partners/apple/`). Markdown links use them too
//! (`@/partners/apple`). Kinds link to each other's pages, so their keys live here, below
//! them all, rather than in each kind's module.

/// The home pages (`content/_index.LANG.md`).
pub const HOME: &str = "_index";
pub const PARTNERS: &str = "partners";
pub const ACTIVITIES: &str = "activities";
pub const STRATEGY: &str = "strategy";
pub const CONCLUSIONS: &str = "conclusions";
pub const REPORT: &str = "report";
pub const SITE_INDEX: &str = "site-index";

/// A partner's page.
pub fn partner(id: &str) -> String {
    format!("{PARTNERS}/{id}")
}

/// An activity's page.
pub fn activity(id: &str) -> String {
    format!("{ACTIVITIES}/{id}")
}

/// A domain of activity's page.
pub fn domain(id: &str) -> String {
    format!("domains/{id}")
}
