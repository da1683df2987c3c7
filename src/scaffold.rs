//! `passerelle new`: writes the skeleton of something an editor adds, with every field it
//! needs and a comment saying what goes there, as `hugo new` does. What it writes does not
//! pass `check` until it is filled in: the empty title is the first thing `check` names.
//!
//! A page is a pair of new files. A partner or an activity is one more record at the end of
//! its data file's list: the bytes before it stay as they were (comments, blank lines, line
//! ends), and the file is replaced whole, by a rename, so a crash never leaves half of it.

use crate::config::Config;
use crate::content::data::{Category, PartnerKind, PartnerStatus, WorkPlan};
use crate::content::{ACTIVITIES_FILE, CONTENT_DIR, DOMAINS_FILE, PARTNERS_FILE, yaml};
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::lang::Lang;
use crate::model::enum_key;
use crate::validate::{is_id, value_position};
use serde_yaml::{Mapping, Value};
use std::io::Write;
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

/// A list of records in a data file, which `new partner` and `new activity` add to.
struct RecordList {
    /// The data file, relative to the project root.
    file: &'static str,
    /// The top-level key of the list.
    key: &'static str,
    /// What one record is called, in messages and on the command line.
    kind: &'static str,
}

const PARTNERS: RecordList = RecordList {
    file: PARTNERS_FILE,
    key: "partners",
    kind: "partner",
};

const ACTIVITIES: RecordList = RecordList {
    file: ACTIVITIES_FILE,
    key: "activities",
    kind: "activity",
};

/// How a date of the data may be written (see `PartialDate`).
const DATE_FORMATS: &str = "YYYY-MM-DD, YYYY-MM or YYYY";

/// Where `new partner` or `new activity` put its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The data file, relative to the project root.
    pub file: PathBuf,
    /// The line of the record's `- id:`.
    pub line: usize,
}

/// Adds the skeleton of partner `id` at the end of `content/data/partners.yaml` (the file is
/// made if there is none).
pub fn new_partner(root: &Path, id: &str) -> Result<Added> {
    let file = DataFile::read(root, &PARTNERS, id)?;
    file.append(root, |indent| partner_record(id, indent))
}

/// Adds the skeleton of activity `id` at the end of `content/data/activities.yaml`, in the
/// last work plan the file declares.
pub fn new_activity(root: &Path, id: &str) -> Result<Added> {
    let file = DataFile::read(root, &ACTIVITIES, id)?;
    let declared = file.declared()?;
    file.append(root, |indent| activity_record(id, &declared, indent))
}

/// A data file as `new` found it, checked to take one more record at its end.
struct DataFile<'a> {
    list: &'a RecordList,
    /// The id of the record to add.
    id: &'a str,
    /// Its bytes as read, kept as they are (empty when there is no file).
    bytes: Vec<u8>,
    /// Its text, without a byte order mark.
    text: String,
    /// What it says, to make sure the record added changes nothing else.
    document: Mapping,
    /// Its list, when it has one.
    records: Option<Records>,
}

/// The list of a data file, as it is written.
struct Records {
    /// The indentation of its `- ` lines, when it has records.
    indent: Option<usize>,
    /// Whether its records are parted by a blank line (partners.yaml's style).
    spaced: bool,
    items: Vec<Value>,
}

/// What the activities file declares that a new activity refers to. Read apart from the
/// activities, so one unfinished activity does not keep `new activity` from working.
#[derive(Debug, Default, serde::Deserialize)]
struct Declared {
    #[serde(default)]
    work_plans: Vec<WorkPlan>,
    #[serde(default)]
    categories: Vec<Category>,
}

impl<'a> DataFile<'a> {
    /// Reads the file of `list` and refuses, writing nothing, an id that is not one or is
    /// taken, and a file whose list is not where a record can be added: at its end.
    fn read(root: &Path, list: &'a RecordList, id: &'a str) -> Result<Self> {
        let relative = Path::new(list.file);
        let kind = list.kind;
        if !is_id(id) {
            let suggestion = id_like(id);
            return Err(Diagnostic::error(
                relative,
                format!(
                    "{kind} id `{id}` may only hold a-z, 0-9 and '-', {} characters at most (it is a URL segment)",
                    crate::urls::MAX_SEGMENT
                ),
            )
            .with_help(if is_id(&suggestion) {
                format!("`passerelle new {kind} {suggestion}`")
            } else {
                format!("for example `passerelle new {kind} annual-meeting-2023`")
            })
            .into());
        }
        // Only in a project: a mistyped `--root` must not make a data file elsewhere.
        Config::load(root)?;
        let path = root.join(relative);
        let (bytes, text) = if path.exists() {
            let text = yaml::read_project_text(root, relative)?;
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            (bytes, text)
        } else {
            (Vec::new(), String::new())
        };
        let document = match yaml::parse::<Value>(relative, &text)? {
            Value::Null => Mapping::new(),
            Value::Mapping(document) => document,
            _ => {
                return Err(Diagnostic::error(
                    relative,
                    format!("expected keys (`{}:` …) at the top of the file", list.key),
                )
                .into());
            }
        };
        let records = match document.get(list.key) {
            None => None,
            Some(value) => Some(Self::records(list, &text, &document, value)?),
        };
        if let Some(records) = &records
            && records
                .items
                .iter()
                .any(|item| id_of(item).as_deref() == Some(id))
        {
            let (line, column) = in_list(&text, list.key, |after| value_position(after, "id", id));
            return Err(
                Diagnostic::error(relative, format!("{kind} `{id}` exists already"))
                    .at(line, column)
                    .with_help(format!("choose another id, or edit the {kind} there"))
                    .into(),
            );
        }
        Ok(DataFile {
            list,
            id,
            bytes,
            text,
            document,
            records,
        })
    }

    /// The list `value` of the file, refused when a record cannot be added at the end of
    /// the file: another key follows it, or it is written on one line (`[…]`).
    fn records(
        list: &RecordList,
        text: &str,
        document: &Mapping,
        value: &Value,
    ) -> Result<Records> {
        let (relative, key, kind) = (Path::new(list.file), list.key, list.kind);
        let following = document
            .keys()
            .skip_while(|k| k.as_str() != Some(key))
            .nth(1);
        if let Some(following) = following {
            let name = following.as_str().map_or_else(
                || serde_yaml::to_string(following).unwrap_or_default(),
                str::to_string,
            );
            let (line, column) = yaml::key_position(text, name.trim());
            return Err(Diagnostic::error(
                relative,
                format!(
                    "`{}:` follows the `{key}:` list, so a new {kind} cannot be added at the end of the file",
                    name.trim()
                ),
            )
            .at(line, column)
            .with_help(format!(
                "move `{key}:` and its records to the end of the file (only comments may follow them), then run `passerelle new {kind}` again"
            ))
            .into());
        }
        let (key_line, key_column) = yaml::key_position(text, key);
        let written_on_its_line = text.lines().nth(key_line.wrapping_sub(1)).and_then(|line| {
            let rest = line.trim_start().strip_prefix(key)?.trim_start();
            let rest = rest.strip_prefix(':')?.trim();
            Some(rest.is_empty() || rest.starts_with('#'))
        });
        let items = match value {
            Value::Sequence(items) if written_on_its_line == Some(true) => items.clone(),
            Value::Null if written_on_its_line == Some(true) => Vec::new(),
            _ => {
                return Err(Diagnostic::error(
                    relative,
                    format!(
                        "`{key}:` is not written as a list of records under it, so a new {kind} cannot be added to it"
                    ),
                )
                .at(key_line, key_column)
                .with_help(format!(
                    "write `{key}:` alone on its line, and each record below it beginning `  - id:`"
                ))
                .into());
            }
        };
        // The lines of the list: what follows its key, to the end of the file.
        let lines: Vec<&str> = text.lines().skip(key_line).collect();
        let indent_of = |line: &str| line.len() - line.trim_start().len();
        let starts_record = |line: &str| {
            let trimmed = line.trim_start();
            trimmed == "-" || trimmed.starts_with("- ")
        };
        let indent = lines
            .iter()
            .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .filter(|line| starts_record(line))
            .map(|line| indent_of(line));
        let last_record = indent.and_then(|indent| {
            lines
                .iter()
                .rposition(|line| indent_of(line) == indent && starts_record(line))
        });
        // Blank before the last record, comments between them aside.
        let spaced = last_record.is_some_and(|at| {
            lines[..at]
                .iter()
                .rev()
                .find(|line| !line.trim_start().starts_with('#'))
                .is_some_and(|line| line.trim().is_empty())
        });
        Ok(Records {
            indent,
            spaced,
            items,
        })
    }

    /// The work plans and categories the file declares.
    fn declared(&self) -> Result<Declared> {
        if self.document.is_empty() {
            return Ok(Declared::default());
        }
        yaml::parse(Path::new(self.list.file), &self.text)
    }

    /// Writes the file with `record` (the skeleton, given the indentation of its `- `) after
    /// the bytes it had, in the same line ends; a blank line before it if the records of
    /// the file are so parted. Checks first that the file then says what it said, and one
    /// record more.
    fn append(self, root: &Path, record: impl FnOnce(usize) -> String) -> Result<Added> {
        let relative = Path::new(self.list.file);
        let mut added = String::new();
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            added.push('\n');
        }
        let indent = match &self.records {
            Some(records) => {
                let ends_blank = self
                    .text
                    .lines()
                    .last()
                    .is_some_and(|l| l.trim().is_empty());
                if records.spaced && !ends_blank {
                    added.push('\n');
                }
                records.indent.unwrap_or(2)
            }
            None => {
                added.push_str(&format!("{}:\n", self.list.key));
                2
            }
        };
        let line = format!("{}{added}", self.text).lines().count() + 1;
        added.push_str(&record(indent));
        let crlf = self
            .text
            .find('\n')
            .is_some_and(|i| self.text[..i].ends_with('\r'));
        if crlf {
            added = added.replace('\n', "\r\n");
        }

        if !self.says_the_same_and(&format!("{}{added}", self.text)) {
            return Err(Diagnostic::error(
                relative,
                format!(
                    "the file ends in a way that would change what it says if a {} were added after it",
                    self.list.kind
                ),
            )
            .with_help("add the record by hand (docs/content.md shows its fields), and report this")
            .into());
        }
        let mut bytes = self.bytes;
        bytes.extend_from_slice(added.as_bytes());
        write_whole(&root.join(relative), &bytes)?;
        Ok(Added {
            file: relative.to_path_buf(),
            line,
        })
    }

    /// Whether `new_text` says what the file said, and one record more: the new one.
    fn says_the_same_and(&self, new_text: &str) -> bool {
        let Ok(Value::Mapping(mut after)) = serde_yaml::from_str::<Value>(new_text) else {
            return false;
        };
        let Some(Value::Sequence(list)) = after.remove(self.list.key) else {
            return false;
        };
        let mut before = self.document.clone();
        before.remove(self.list.key);
        let items = self.records.as_ref().map_or(&[][..], |r| &r.items[..]);
        after == before
            && list.len() == items.len() + 1
            && list[..items.len()] == *items
            && id_of(&list[items.len()]).as_deref() == Some(self.id)
    }
}

/// The id of a record of the data, as text.
fn id_of(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(id) => Some(id.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A position found by `find` in the lines after the top-level `key:` (the list), as a
/// position in the whole text; (0, 0) when not found.
fn in_list(text: &str, key: &str, find: impl Fn(&str) -> (usize, usize)) -> (usize, usize) {
    let (key_line, _) = yaml::key_position(text, key);
    let start: usize = text
        .split_inclusive('\n')
        .take(key_line)
        .map(str::len)
        .sum();
    match find(&text[start..]) {
        (0, _) => (0, 0),
        (line, column) => (line + key_line, column),
    }
}

/// What an editor probably meant by an id that is not one: `Lund Digital` → `lund-digital`.
fn id_like(text: &str) -> String {
    let lowered = text.trim().to_lowercase().replace([' ', '_'], "-");
    lowered
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .collect()
}

/// Replaces `path` with `bytes` whole: they are written to a file beside it, then renamed
/// over it, so a crash leaves the old file or the new one, never half of one. A file that
/// is there keeps its permissions; a symbolic link (inside the project, as reading checked)
/// stays one, and the file it leads to is replaced.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".passerelle-new-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let permissions = match std::fs::metadata(&target) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => new_file_permissions(),
    };
    if let Some(permissions) = permissions {
        std::fs::set_permissions(temporary.path(), permissions)
            .map_err(|e| Error::io(temporary.path(), e))?;
    }
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| Error::io(&target, e))?;
    temporary
        .persist(&target)
        .map_err(|e| Error::io(&target, e.error))?;
    Ok(())
}

/// The permissions of a file the editor's tools would make: a temporary file is private.
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

/// `value` as a YAML double-quoted text (JSON's quoting is YAML's).
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `value` as YAML writes it: plain when YAML reads it back as this text, else quoted
/// (`2023` would be a number, `true` a boolean).
pub(crate) fn scalar(value: &str) -> String {
    match serde_yaml::from_str::<Value>(value) {
        Ok(Value::String(read)) if read == value => value.to_string(),
        _ => quoted(value),
    }
}

/// Every value of an enum, as the data write them: `company | business-association | …`.
fn choices<T: serde::Serialize>(all: &[T]) -> String {
    all.iter().map(enum_key).collect::<Vec<_>>().join(" | ")
}

/// Indents each line of `record` (written with its `- ` at the start of the line) by
/// `indent` spaces.
fn indented(record: &str, indent: usize) -> String {
    let margin = " ".repeat(indent);
    record
        .lines()
        .map(|line| format!("{margin}{line}\n"))
        .collect()
}

/// The skeleton of a partner: every field it needs, with what goes there, the optional
/// ones commented out. The texts are empty and `signed` too, so `check` refuses it until
/// they are filled in. Its status is `joining`: a partner that has signed shown as joining
/// is a smaller mistake than one shown as a partner before it signs.
fn partner_record(id: &str, indent: usize) -> String {
    let record = format!(
        "- id: {}
  # Its name, as the partner writes it:
  name: \"\"
  # Other spellings of the name found in the sources (optional):
  # variants: [\"\"]
  # What it is: {kinds}
  kind: {kind}
  # The country of its headquarters, as an ISO 3166-1 alpha-2 code (US, BE, FR):
  country: \"\"
  # Where that country comes from, when the sources do not name it (optional):
  # country_source: {{fr: \"\", en: \"\"}}
  # Its sector in French and English (for an association, the sector it represents):
  sector: {{fr: \"\", en: \"\"}}
  # Its website, only when a source gives it (optional):
  # website: \"\"
  # The date of its exchange of letters (the date planned, while joining), {DATE_FORMATS}:
  signed: \"\"
  # That date as the source words it, when the source is imprecise (optional):
  # signed_text: {{fr: \"\", en: \"\"}}
  # The list it joined with, as the status document names it (optional; absent: the year of `signed`):
  # cohort: \"\"
  # Where it stands: {statuses} (`ended` takes an `ended:` date)
  status: {status}
  # When it was introduced to the TC-INF, before signing (optional), {DATE_FORMATS}:
  # introduced: \"\"
  # When it left, only with `status: ended`, {DATE_FORMATS}:
  # ended: \"\"
  # Its profile in French and English, as published:
  profile: {{fr: \"\", en: \"\"}}
  # An editorial decision, quoting the source (optional):
  # note: {{fr: \"\", en: \"\"}}
  # `true` when the source gives no title and `title` is the editor's (optional):
  # editorial_title: true
",
        scalar(id),
        kinds = choices(&PartnerKind::ALL),
        kind = enum_key(&PartnerKind::ALL[0]),
        statuses = choices(&PartnerStatus::ALL),
        status = enum_key(&PartnerStatus::Joining),
    );
    indented(&record, indent)
}

/// The skeleton of an activity: in the last work plan declared, its category to choose
/// among those declared, its texts empty, so `check` refuses it until they are filled in.
fn activity_record(id: &str, declared: &Declared, indent: usize) -> String {
    let plans: Vec<String> = declared
        .work_plans
        .iter()
        .map(|plan| quoted(&plan.id))
        .collect();
    let work_plan = match declared.work_plans.last() {
        Some(last) => format!(
            "  # Its work plan, one of those declared above: {}
  work_plan: {}
",
            plans.join(" | "),
            quoted(&last.id)
        ),
        None => "  # Its work plan: the id of one of `work_plans:`, which declares none yet
  # work_plan: \"\"
"
        .to_string(),
    };
    let categories = if declared.categories.is_empty() {
        "the id of one of `categories:`, which declares none yet".to_string()
    } else {
        let ids: Vec<String> = declared.categories.iter().map(|c| scalar(&c.id)).collect();
        format!("one of {}", ids.join(" | "))
    };
    let record = format!(
        "- id: {}
{work_plan}  # Its category, {categories}:
  category: \"\"
  # The Council of Europe sector or body it belongs to, in French and English:
  sector: {{fr: \"\", en: \"\"}}
  # What it is, in French and English:
  title: {{fr: \"\", en: \"\"}}
  # Its date exactly as the source writes it (optional):
  # date_text: \"\"
  # When it took place (optional), {DATE_FORMATS}; `end` only for a range:
  # start: \"\"
  # end: \"\"
  # `true` when the source gives the date only roughly (\"décembre 2020\"):
  # approximate: true
  # Its domains of activity: ids from {DOMAINS_FILE}, as [id, id]:
  domains: []
  # The partners that took part: ids from {PARTNERS_FILE}, as [id, id]:
  partners: []
  # The other organisations named, as written (not partners):
  others: []
  # What it was, in French and English, in Markdown (optional):
  # description: {{fr: \"\", en: \"\"}}
  # An editorial decision, quoting the source (optional):
  # note: {{fr: \"\", en: \"\"}}
",
        scalar(id)
    );
    indented(&record, indent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::data::{ActivitiesFile, PartnersFile};

    /// A project with only a config and, if given, the data file `file` holding `text`.
    fn project_with(file: &str, text: Option<&[u8]>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.yaml"),
            "title: {fr: Essai, en: Test}\nbase_url: https://example.org/\n",
        )
        .unwrap();
        if let Some(text) = text {
            std::fs::create_dir_all(dir.path().join("content/data")).unwrap();
            std::fs::write(dir.path().join(file), text).unwrap();
        }
        dir
    }

    fn errors(error: Error) -> Vec<String> {
        error.diagnostics().iter().map(|d| d.to_string()).collect()
    }

    /// Fills in a skeleton's empty values as an editor would.
    fn filled(record: &str, values: &[(&str, &str)]) -> String {
        let mut text = record.to_string();
        for (key, value) in values {
            let empty = format!("{key}: \"\"");
            assert!(text.contains(&empty), "{key} in {text}");
            text = text.replacen(&empty, &format!("{key}: {value}"), 1);
        }
        text.replace("{fr: \"\", en: \"\"}", "{fr: Texte, en: Text}")
    }

    const PARTNER_VALUES: [(&str, &str); 3] = [
        ("name", "Lund Digital"),
        ("country", "DK"),
        ("signed", "2023-05"),
    ];

    #[test]
    fn a_partner_skeleton_once_filled_in_loads() {
        let record = partner_record("lund-digital", 2);
        assert!(
            record.starts_with("  - id: lund-digital\n    # Its name"),
            "{record}"
        );
        // The allowed values come from the types, in their order.
        assert!(
            record.contains(
                "    # What it is: company | business-association | professional-association\n    kind: company\n"
            ),
            "{record}"
        );
        assert!(
            record.contains(
                "    # Where it stands: active | joining | ended (`ended` takes an `ended:` date)\n    status: joining\n"
            ),
            "{record}"
        );
        let text = format!("partners:\n{}", filled(&record, &PARTNER_VALUES));
        let file: PartnersFile = yaml::parse(Path::new(PARTNERS_FILE), &text).unwrap();
        let partner = &file.partners[0];
        assert_eq!(
            (partner.id.as_str(), partner.name.as_str(), partner.kind),
            ("lund-digital", "Lund Digital", PartnerKind::Company)
        );
        assert_eq!(partner.status, PartnerStatus::Joining);
        assert_eq!(partner.signed.to_string(), "2023-05");
        assert_eq!(partner.cohort(), "2023");
        assert_eq!(partner.profile.get(Lang::En), "Text");
        assert_eq!(
            (&partner.website, &partner.note, &partner.variants[..]),
            (&None, &None, &[][..])
        );
    }

    #[test]
    fn an_activity_skeleton_names_the_last_work_plan_and_the_categories() {
        let declared: Declared = serde_yaml::from_str(
            "work_plans:
  - {id: \"2018-2021\", title: {fr: A, en: A}, start: 2018, end: 2021}
  - {id: \"2022-2025\", title: {fr: B, en: B}, start: 2022, end: 2025}
categories:
  - {id: binding, name: {fr: C, en: C}}
  - {id: event, name: {fr: D, en: D}}
",
        )
        .unwrap();
        let record = activity_record("cahai-plenary-6", &declared, 2);
        assert!(
            record.starts_with(
                "  - id: cahai-plenary-6
    # Its work plan, one of those declared above: \"2018-2021\" | \"2022-2025\"
    work_plan: \"2022-2025\"
    # Its category, one of binding | event:
    category: \"\"
"
            ),
            "{record}"
        );
        let text = format!("activities:\n{}", filled(&record, &[("category", "event")]));
        let file: ActivitiesFile = yaml::parse(Path::new(ACTIVITIES_FILE), &text).unwrap();
        let activity = &file.activities[0];
        assert_eq!(activity.work_plan.as_deref(), Some("2022-2025"));
        assert_eq!(activity.category, "event");
        assert_eq!(activity.title.get(Lang::Fr), "Texte");
        assert!(activity.partners.is_empty() && activity.start.is_none() && !activity.approximate);

        // Without work plans or categories, it says they are to be declared.
        let record = activity_record("a", &Declared::default(), 0);
        assert!(record.contains("\n  # work_plan: \"\"\n"), "{record}");
        assert!(
            record.contains("which declares none yet:\n  category: \"\"\n"),
            "{record}"
        );
    }

    #[test]
    fn a_record_goes_after_the_bytes_of_the_file_in_its_style() {
        // Records parted by blank lines, a comment at the end, no line end after it.
        let before = "# Partners.\nupdated: 2022-06-08\npartners:\n\n  - id: apple\n    name: Apple\n\n  - id: bt\n    name: BT\n# The end.";
        let dir = project_with(PARTNERS_FILE, Some(before.as_bytes()));
        let added = new_partner(dir.path(), "lund-digital").unwrap();
        assert_eq!(
            added,
            Added {
                file: PARTNERS_FILE.into(),
                line: 12
            }
        );
        let after = std::fs::read_to_string(dir.path().join(PARTNERS_FILE)).unwrap();
        let (kept, new) = after.split_at(before.len());
        assert_eq!(kept, before);
        assert!(
            new.starts_with("\n\n  - id: lund-digital\n    # Its name"),
            "{new:?}"
        );
        assert_eq!(after.lines().nth(11), Some("  - id: lund-digital"));

        // Records one after the other, at the start of their lines, in CRLF.
        let before = "partners:\r\n- id: apple\r\n  name: Apple\r\n";
        let dir = project_with(PARTNERS_FILE, Some(before.as_bytes()));
        let added = new_partner(dir.path(), "lund-digital").unwrap();
        assert_eq!(added.line, 4);
        let after = std::fs::read_to_string(dir.path().join(PARTNERS_FILE)).unwrap();
        let new = after.strip_prefix(before).unwrap();
        assert!(
            new.starts_with("- id: lund-digital\r\n  # Its name"),
            "{new:?}"
        );
        assert_eq!(new.matches('\n').count(), new.matches("\r\n").count());

        // A byte order mark and a list with no record yet.
        let before = "\u{feff}updated: 2023\npartners:\n";
        let dir = project_with(PARTNERS_FILE, Some(before.as_bytes()));
        assert_eq!(new_partner(dir.path(), "a").unwrap().line, 3);
        let after = std::fs::read_to_string(dir.path().join(PARTNERS_FILE)).unwrap();
        assert!(
            after.starts_with(&format!("{before}  - id: a\n")),
            "{after:?}"
        );
    }

    #[test]
    fn an_id_yaml_would_read_as_a_number_is_quoted() {
        let dir = project_with(PARTNERS_FILE, Some(b"partners:\n"));
        new_partner(dir.path(), "2023").unwrap();
        let text = std::fs::read_to_string(dir.path().join(PARTNERS_FILE)).unwrap();
        assert!(text.starts_with("partners:\n  - id: \"2023\"\n"), "{text}");
        let error = new_partner(dir.path(), "2023").unwrap_err();
        assert_eq!(
            errors(error),
            [
                "error: content/data/partners.yaml:2:5: partner `2023` exists already\n  help: choose another id, or edit the partner there"
            ]
        );
    }

    #[test]
    fn a_missing_file_is_made_with_its_list() {
        let dir = project_with(ACTIVITIES_FILE, None);
        let added = new_activity(dir.path(), "kick-off").unwrap();
        assert_eq!(added.line, 2);
        let text = std::fs::read_to_string(dir.path().join(ACTIVITIES_FILE)).unwrap();
        assert!(
            text.starts_with("activities:\n  - id: kick-off\n"),
            "{text}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(ACTIVITIES_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o044, 0o044, "readable as any file: {mode:o}");
        }
        // In a folder that is not a project, nothing is made.
        let elsewhere = tempfile::tempdir().unwrap();
        assert!(new_partner(elsewhere.path(), "a").is_err());
        assert!(!elsewhere.path().join("content").exists());
    }

    #[test]
    fn a_record_that_cannot_go_at_the_end_is_refused_and_nothing_is_written() {
        let refused =
            |file: &str, before: &str, new: fn(&Path, &str) -> Result<Added>, id: &str| {
                let dir = project_with(file, Some(before.as_bytes()));
                let error = new(dir.path(), id).unwrap_err();
                let after = std::fs::read_to_string(dir.path().join(file)).unwrap();
                assert_eq!(after, before);
                let names: Vec<_> = std::fs::read_dir(dir.path().join("content/data"))
                    .unwrap()
                    .map(|e| e.unwrap().file_name())
                    .collect();
                assert_eq!(names.len(), 1, "no file left beside it: {names:?}");
                errors(error)
            };
        let activities = "work_plans: []\nactivities:\n  - id: a\n    category: b\ncategories:\n  - {id: b, name: {fr: B, en: B}}\n";
        assert_eq!(
            refused(ACTIVITIES_FILE, activities, new_activity, "c"),
            [
                "error: content/data/activities.yaml:5:1: `categories:` follows the `activities:` list, so a new activity cannot be added at the end of the file\n  help: move `activities:` and its records to the end of the file (only comments may follow them), then run `passerelle new activity` again"
            ]
        );
        let partners = "partners:\n  - id: apple\n    name: Apple\n\n  - id: bt\n    name: BT\n";
        assert_eq!(
            refused(PARTNERS_FILE, partners, new_partner, "bt"),
            [
                "error: content/data/partners.yaml:5:5: partner `bt` exists already\n  help: choose another id, or edit the partner there"
            ]
        );
        // An activity may share its id with a category, not with another activity.
        let activities =
            "categories:\n  - id: event\n    name: {fr: E, en: E}\nactivities:\n  - id: event\n";
        assert_eq!(
            refused(ACTIVITIES_FILE, activities, new_activity, "event"),
            [
                "error: content/data/activities.yaml:5:5: activity `event` exists already\n  help: choose another id, or edit the activity there"
            ]
        );
        assert_eq!(
            refused(PARTNERS_FILE, partners, new_partner, "Lund Digital"),
            [
                "error: content/data/partners.yaml: partner id `Lund Digital` may only hold a-z, 0-9 and '-', 200 characters at most (it is a URL segment)\n  help: `passerelle new partner lund-digital`"
            ]
        );
        assert_eq!(
            refused(
                PARTNERS_FILE,
                "updated: 2023\npartners: []\n",
                new_partner,
                "a"
            ),
            [
                "error: content/data/partners.yaml:2:1: `partners:` is not written as a list of records under it, so a new partner cannot be added to it\n  help: write `partners:` alone on its line, and each record below it beginning `  - id:`"
            ]
        );
        let broken = refused(PARTNERS_FILE, "partners:\n  - id: [a\n", new_partner, "b");
        assert!(
            broken[0].starts_with("error: content/data/partners.yaml:"),
            "{broken:?}"
        );
    }

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
