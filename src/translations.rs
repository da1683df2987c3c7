//! Translation status: which version of its source each translation follows, so that a
//! change to a French text tells whoever keeps the English one that it now lags.
//!
//! The source language is the config's `default_language` (French); every other language
//! of the site is a translation of it.
//!
//! **Pages.** A translated page records, in its front matter, the version of the source
//! page it follows: `translation_of: fr 3f9a1c2e ab12 cd34 …`, the source's language, a
//! fingerprint of its title and description, then one short fingerprint per paragraph of
//! its body (a run of lines between blank lines). One fingerprint per paragraph, rather than
//! one for the whole body, is what lets `check` and `passerelle translations` say *which*
//! paragraphs changed, were added or removed, with their lines in the source. It is one
//! line that `passerelle translations --mark` writes; nobody types it.
//!
//! **Data texts.** A `{fr, en}` text of the data files is one sentence or a few: one
//! fingerprint of the French text is enough. They are kept in one file beside the data,
//! [`MARKS_FILE`], mapping `FILE#RECORD.FIELD` to the fingerprint: a fingerprint next to
//! each of the seven hundred texts of the real data would clutter what editors read and
//! edit, whereas the sidecar is written whole by `--mark` and only read by tools (it is
//! visible, not a dotfile, so that it is committed with the data and the preview sees it
//! change). A record is named by its `id` (or `number`, `label`) rather than its place in
//! its list, so inserting a record does not make the texts after it look unmarked. The
//! sidecar also keeps the fingerprint of each data file's bytes when none of its texts was
//! stale: finding the texts means parsing the file again (400 kB of YAML on the real site),
//! which a build then does only for the files edited since.
//!
//! Fingerprints are FNV-1a (64 bits, folded) of the text with its runs of white space made
//! one space: stable across platforms and versions (unlike `DefaultHasher`), and blind to
//! CRLF line ends, trailing spaces and a paragraph wrapped again. A text never marked is
//! no warning: marking is how a site opts in, page by page.

use crate::config::Config;
use crate::content::{self, CONTENT_DIR, DATA_DIR, DATA_FILES, DataSources, PageSource, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, Error, Result};
use crate::lang::Lang;
use crate::spacing::{YamlScalar, yaml_scalars};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the fingerprints of the data texts are kept, relative to the project root.
pub const MARKS_FILE: &str = "content/data/translated.yaml";
/// The front matter key of a translated page.
pub const KEY: &str = "translation_of";

/// What a paragraph or text is shown as in reports: its first words.
const EXCERPT_WORDS: usize = 8;

/// FNV-1a, 64 bits: a few lines that give the same number on every platform and with every
/// version of every crate, for a text with its white space normalised.
fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(0x0000_0100_0000_01b3);
        }
        first = false;
        for byte in word.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// The fingerprint of a data file's bytes, white space and all.
fn file_hash(text: &str) -> u32 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash ^ (hash >> 32)) as u32
}

/// The 32-bit fingerprint of a text (a title and description, a data text).
fn text_hash(text: &str) -> u32 {
    let hash = fnv1a(text);
    (hash ^ (hash >> 32)) as u32
}

/// The 16-bit fingerprint of a paragraph: short, as a page has dozens, and a change missed
/// once in 65,536 edits.
fn paragraph_hash(text: &str) -> u16 {
    let folded = text_hash(text);
    (folded ^ (folded >> 16)) as u16
}

/// The first words of a text, for a reader to recognise it.
fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = words[..words.len().min(EXCERPT_WORDS)].join(" ");
    if words.len() > EXCERPT_WORDS {
        out.push_str(" …");
    }
    out
}

/// A paragraph of a source page: a run of lines between blank lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Its first line in the file (1-based).
    pub line: usize,
    pub hash: u16,
    /// Its first words.
    pub excerpt: String,
}

/// The version of a source page that a translation can follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Of the title and description.
    pub head: u32,
    pub paragraphs: Vec<Paragraph>,
    /// The line of the source's `title:`, where a change of the head is reported.
    pub head_line: usize,
}

impl Fingerprint {
    pub fn of(page: &PageSource) -> Fingerprint {
        let head = format!(
            "{}\u{1f}{}",
            page.front.title,
            page.front.description.as_deref().unwrap_or("")
        );
        let mut paragraphs = Vec::new();
        let mut current: Option<(usize, String)> = None;
        for (index, line) in page.body.lines().enumerate() {
            if line.trim().is_empty() {
                paragraphs.extend(current.take().map(paragraph));
            } else {
                if starts_block(line) {
                    paragraphs.extend(current.take().map(paragraph));
                }
                let (_, text) =
                    current.get_or_insert_with(|| (page.body_line + index, String::new()));
                text.push_str(line);
                text.push('\n');
            }
        }
        paragraphs.extend(current.map(paragraph));
        Fingerprint {
            head: text_hash(&head),
            paragraphs,
            head_line: yaml::key_position(&page.front_yaml, "title").0 + 1,
        }
    }

    /// What a translation following this version records.
    pub fn recorded(&self, source: Lang) -> Version {
        Version {
            source,
            head: self.head,
            paragraphs: self.paragraphs.iter().map(|p| p.hash).collect(),
        }
    }
}

/// Whether a line starts a block of its own though no blank line comes before it: a
/// heading, an item of a list (not nested), so that a change is found at its item.
fn starts_block(line: &str) -> bool {
    let ordered = line
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .strip_prefix(['.', ')'])
        .is_some_and(|rest| rest.starts_with(' '))
        && line.starts_with(|c: char| c.is_ascii_digit());
    let bullet = line.starts_with(['-', '*', '+']) && line[1..].starts_with(' ');
    line.starts_with('#') || bullet || ordered
}

fn paragraph((line, text): (usize, String)) -> Paragraph {
    Paragraph {
        line,
        hash: paragraph_hash(&text),
        excerpt: excerpt(&text),
    }
}

/// `translation_of:` of a page's front matter, as written: read into a [`Version`] by the
/// check, so that a value gone wrong is an error at its line, with the other problems of
/// the site, rather than a page that does not load.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(transparent)]
pub struct TranslationOf(pub String);

impl TranslationOf {
    pub fn read(&self) -> std::result::Result<Version, String> {
        Version::parse(&self.0)
    }
}

/// The version of its source a translation follows: `fr 3f9a1c2e ab12 cd34 …`, the source's
/// language, the fingerprint of its title and description, one per paragraph (see the
/// module's documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub source: Lang,
    pub head: u32,
    pub paragraphs: Vec<u16>,
}

impl Version {
    pub fn parse(text: &str) -> std::result::Result<Version, String> {
        let bad = |what: String| format!("{KEY} `{}`: {what}", excerpt(text));
        let mut words = text.split_whitespace();
        let source = words
            .next()
            .ok_or_else(|| bad("it is empty".into()))?
            .parse::<Lang>()
            .map_err(|e| {
                bad(format!(
                    "its first word must be the source's language ({e})"
                ))
            })?;
        let hex = |word: &str, digits: usize| {
            (word.len() == digits && word.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(word, 16).ok())
                .flatten()
        };
        let head = words
            .next()
            .and_then(|word| hex(word, 8))
            .ok_or_else(|| bad("its second word must be 8 hexadecimal digits".into()))?;
        let paragraphs = words
            .map(|word| {
                hex(word, 4).map(|h| h as u16).ok_or_else(|| {
                    bad(format!(
                        "`{word}` is not a paragraph's fingerprint (4 hexadecimal digits)"
                    ))
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        Ok(Version {
            source,
            head,
            paragraphs,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:08x}", self.source, self.head)?;
        for paragraph in &self.paragraphs {
            write!(f, " {paragraph:04x}")?;
        }
        Ok(())
    }
}

impl schemars::JsonSchema for TranslationOf {
    fn schema_name() -> Cow<'static, str> {
        "TranslationOf".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The version of the source page this translation follows, written by `passerelle translations --mark` (`fr 3f9a1c2e ab12 cd34 …`).",
            "type": "string",
        })
    }
}

/// How a source paragraph differs from the version a translation follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The title or the description.
    Head,
    Changed,
    Added,
    /// Where more paragraphs stand than there were, the fingerprints cannot tell which
    /// are new.
    ChangedOrAdded,
    Removed,
}

/// One difference between a source and the version of it a translation follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// The line in the source; for paragraphs removed, the line of the paragraph they came
    /// before, 0 at the end.
    pub line: usize,
    /// The first words of the paragraph as it is now (empty for paragraphs removed).
    pub excerpt: String,
    /// Paragraphs removed there (1 for the other kinds).
    pub count: usize,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ChangeKind::Head => write!(f, "the title or description (line {})", self.line),
            ChangeKind::Changed => write!(f, "line {} changed", self.line),
            ChangeKind::Added => write!(f, "line {} added", self.line),
            ChangeKind::ChangedOrAdded => write!(f, "line {} changed or added", self.line),
            ChangeKind::Removed => {
                let n = self.count;
                let what = if n == 1 { "paragraph" } else { "paragraphs" };
                match self.line {
                    0 => write!(f, "{n} {what} removed at the end"),
                    line => write!(f, "{n} {what} removed before line {line}"),
                }
            }
        }
    }
}

/// What changed in `now` since the version `then`: the paragraphs matched in order (the
/// longest common subsequence of their fingerprints); between two matched ones, the
/// paragraphs of `now` are added where none of `then` were, changed where as many were,
/// "changed or added" where fewer were, and the paragraphs of `then` beyond those of
/// `now` removed.
pub fn changes(then: &Version, now: &Fingerprint) -> Vec<Change> {
    let (old, new) = (&then.paragraphs, &now.paragraphs);
    let (n, m) = (old.len(), new.len());
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if old[i] == new[j].hash {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    if then.head != now.head {
        out.push(Change {
            kind: ChangeKind::Head,
            line: now.head_line,
            excerpt: String::new(),
            count: 1,
        });
    }
    let (mut i, mut j) = (0, 0);
    let mut removed = 0;
    let mut added: Vec<&Paragraph> = Vec::new();
    let mut flush = |removed: &mut usize, added: &mut Vec<&Paragraph>, before: usize| {
        let changed = (*removed).min(added.len());
        let kind = match (*removed, added.len()) {
            (0, _) => ChangeKind::Added,
            (r, a) if r >= a => ChangeKind::Changed,
            _ => ChangeKind::ChangedOrAdded,
        };
        for paragraph in added.drain(..) {
            out.push(Change {
                kind,
                line: paragraph.line,
                excerpt: paragraph.excerpt.clone(),
                count: 1,
            });
        }
        if *removed > changed {
            out.push(Change {
                kind: ChangeKind::Removed,
                line: before,
                excerpt: String::new(),
                count: *removed - changed,
            });
        }
        *removed = 0;
    };
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j].hash {
            flush(&mut removed, &mut added, new[j].line);
            i += 1;
            j += 1;
        } else if j < m && (i == n || common[i][j + 1] >= common[i + 1][j]) {
            added.push(&new[j]);
            j += 1;
        } else {
            removed += 1;
            i += 1;
        }
    }
    flush(&mut removed, &mut added, 0);
    out
}

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    UpToDate,
    /// Its source changed since it was marked.
    Stale,
    NeverMarked,
    /// The source has no translation in this language.
    MissingTranslation,
    /// A translation whose source is not there.
    WithoutSource,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::UpToDate => "up to date",
            Status::Stale => "stale",
            Status::NeverMarked => "never marked",
            Status::MissingTranslation => "missing translation",
            Status::WithoutSource => "translation without source",
        })
    }
}

/// The errors of `translation_of` values and the warnings of translations whose source
/// changed since they were marked, for `check` and `build`. Only pages whose body or front
/// matter changed give a different answer, so the preview runs it again with the checks of
/// the bodies.
pub fn page_findings(pages: &[Arc<PageSource>], source: Lang) -> Vec<Diagnostic> {
    let mut sources: Option<BTreeMap<&str, &PageSource>> = None;
    let mut out = Vec::new();
    for page in pages {
        let Some(written) = &page.front.translation_of else {
            continue;
        };
        let marked = match written.read() {
            Ok(marked) => marked,
            Err(message) => {
                out.push(page.error_at_key(KEY, message).with_help(format!(
                    "it is written by `passerelle translations --mark`: once the translation is up to date, run `passerelle translations --mark {}`",
                    page.path.display()
                )));
                continue;
            }
        };
        if page.lang == source {
            out.push(
                page.error_at_key(
                    KEY,
                    format!("this page is the {source} source of its translations: it follows no other version"),
                )
                .with_help(format!("delete the `{KEY}:` line; only translations carry one")),
            );
            continue;
        }
        if marked.source != source {
            out.push(
                page.error_at_key(
                    KEY,
                    format!(
                        "{KEY} names the {} version, but pages are translated from {source} (the config's default_language)",
                        marked.source
                    ),
                )
                .with_help(format!(
                    "run `passerelle translations --mark {}` to write it again",
                    page.path.display()
                )),
            );
            continue;
        }
        let sources = sources.get_or_insert_with(|| {
            pages
                .iter()
                .filter(|p| p.lang == source)
                .map(|p| (p.key.as_str(), &**p))
                .collect()
        });
        // A translation alone is `validate::translations`' warning.
        let Some(original) = sources.get(page.key.as_str()) else {
            continue;
        };
        let found = changes(&marked, &Fingerprint::of(original));
        if !found.is_empty() {
            out.push(stale_warning(page, original, &found));
        }
    }
    out
}

fn stale_warning(page: &PageSource, original: &PageSource, found: &[Change]) -> Diagnostic {
    let listed: Vec<String> = found.iter().map(ToString::to_string).collect();
    page.error_at_key(
        KEY,
        format!(
            "{} changed since this translation was marked: {}",
            original.path.display(),
            listed.join(", ")
        ),
    )
    .into_warning()
    .with_help(format!(
        "update the translation, then run `passerelle translations --mark {}`",
        page.path.display()
    ))
}

/// A `{fr, en}` text of a data file, its source side as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataText {
    /// The data file, relative to the root.
    pub file: PathBuf,
    /// `RECORD.FIELD` inside it (`partners.microsoft.profile`).
    pub key: String,
    /// Where the source text is written (1-based).
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
    #[serde(skip)]
    pub hash: u32,
}

impl DataText {
    /// What names it on the command line and in reports: `data/partners.yaml#partners.x.profile`.
    pub fn id(&self) -> String {
        format!("{}#{}", content_relative(&self.file), self.key)
    }
}

/// `content/data/partners.yaml` → `data/partners.yaml`.
fn content_relative(file: &Path) -> String {
    file.strip_prefix(CONTENT_DIR)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The name of a data file in [`MARKS_FILE`]: `partners.yaml`.
fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The texts of a data file in the source language, in the order they are written.
pub fn data_texts(file: &Path, text: &str, source: Lang) -> Vec<DataText> {
    /// The fields that name a record of a list, the first it has.
    const NAMES: [&str; 3] = ["id", "number", "label"];
    let lang = source.code();
    let accept = |path: &[String]| {
        path.last()
            .is_some_and(|k| k == lang || NAMES.contains(&k.as_str()))
    };
    let Some(scalars) = yaml_scalars(text, &accept) else {
        return Vec::new();
    };
    // The name of each record of a list, by its path.
    let mut names: BTreeMap<&[String], (usize, &str)> = BTreeMap::new();
    for scalar in &scalars {
        if let Some((last, record)) = scalar.path.split_last()
            && let Some(rank) = NAMES.iter().position(|n| n == last)
            && record.last().is_some_and(|s| s.parse::<usize>().is_ok())
        {
            let name = names.entry(record).or_insert((rank, &scalar.value));
            if rank < name.0 {
                *name = (rank, &scalar.value);
            }
        }
    }
    scalars
        .iter()
        .filter(|s| s.path.last().is_some_and(|k| k == lang))
        .map(
            |YamlScalar {
                 path,
                 value,
                 line,
                 column,
             }| {
                let field = &path[..path.len() - 1];
                let key: Vec<&str> = (0..field.len())
                    .map(|k| match names.get(&field[..=k]) {
                        Some((_, name)) => *name,
                        None => field[k].as_str(),
                    })
                    .collect();
                DataText {
                    file: file.to_path_buf(),
                    key: key.join("."),
                    line: *line,
                    column: column + 1,
                    excerpt: excerpt(value),
                    hash: text_hash(value),
                }
            },
        )
        .collect()
}

/// The fingerprints of the data texts their translations follow: [`MARKS_FILE`], by data
/// file name, then by `RECORD.FIELD`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataMarks(
    BTreeMap<String, BTreeMap<String, u32>>,
    /// By data file name, the fingerprint of its bytes when `--mark` last found none of its
    /// texts stale: a file unchanged since is not parsed again by every build.
    BTreeMap<String, u32>,
);

/// The section of [`MARKS_FILE`] that holds the fingerprints of the data files' bytes.
const UNCHANGED: &str = "unchanged_files";

impl DataMarks {
    /// Reads [`MARKS_FILE`]; none when there is no such file. A value that is no
    /// fingerprint, or a file that is not a data file, is an error at its line.
    pub fn load(root: &Path) -> Result<DataMarks> {
        let relative = Path::new(MARKS_FILE);
        if !root.join(relative).exists() {
            return Ok(DataMarks::default());
        }
        let text = yaml::read_project_text(root, relative)?;
        let read: Option<BTreeMap<String, BTreeMap<String, String>>> =
            yaml::parse(relative, &text)?;
        let spans = yaml::LazySpans::new(&text);
        let mut diagnostics = Diagnostics::default();
        let mut marks = DataMarks::default();
        let known: Vec<String> = DATA_FILES.iter().map(|f| file_name(Path::new(f))).collect();
        for (file, texts) in read.unwrap_or_default() {
            if !known.contains(&file) && file != UNCHANGED {
                let (line, column) = spans
                    .get()
                    .key(std::slice::from_ref(&file))
                    .unwrap_or((0, 0));
                diagnostics.push(
                    Diagnostic::error(relative, format!("`{file}` is not a data file"))
                        .at(line, column)
                        .with_help(format!(
                            "this file is written by `passerelle translations --mark`; its keys are {}",
                            crate::validate::listed(known.iter().map(String::as_str))
                        )),
                );
                continue;
            }
            let mut of_file = BTreeMap::new();
            for (key, value) in texts {
                match (value.len() == 8)
                    .then(|| u32::from_str_radix(&value, 16).ok())
                    .flatten()
                {
                    Some(hash) => {
                        of_file.insert(key, hash);
                    }
                    None => {
                        let (line, column) = spans
                            .get()
                            .value(&[file.clone(), key.clone()])
                            .unwrap_or((0, 0));
                        diagnostics.push(
                            Diagnostic::error(
                                relative,
                                format!("`{value}` is not a text's fingerprint (8 hexadecimal digits)"),
                            )
                            .at(line, column)
                            .with_help(format!(
                                "run `passerelle translations --mark {DATA_DIR}/{file}#{key}` to write it again"
                            )),
                        );
                    }
                }
            }
            if file == UNCHANGED {
                marks.1 = of_file;
            } else {
                marks.0.insert(file, of_file);
            }
        }
        diagnostics.finish()?;
        Ok(marks)
    }

    fn of(&self, text: &DataText) -> Option<u32> {
        self.0.get(&file_name(&text.file))?.get(&text.key).copied()
    }

    /// Whether a text of `file`, whose text is `text`, may have changed since it was marked.
    fn may_be_stale(&self, file: &Path, text: &str) -> bool {
        let name = file_name(file);
        self.0.contains_key(&name) && self.1.get(&name) != Some(&file_hash(text))
    }

    /// Records `text` of `file` as unchanged when none of its texts is stale.
    fn check_file(&mut self, file: &Path, text: &str, source: Lang) {
        let name = file_name(file);
        let texts = data_texts(file, text, source);
        if self.0.contains_key(&name)
            && texts
                .iter()
                .all(|t| self.of(t).is_none_or(|hash| hash == t.hash))
        {
            self.1.insert(name, file_hash(text));
        } else {
            self.1.remove(&name);
        }
    }

    fn set(&mut self, text: &DataText) {
        self.0
            .entry(file_name(&text.file))
            .or_default()
            .insert(text.key.clone(), text.hash);
    }

    /// The file as `--mark` writes it: sorted, so the same marks make the same bytes.
    fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# Which version of each French text of the data files its translation follows:\n\
             # written by `passerelle translations --mark`, read by `passerelle check`. Do not\n\
             # edit it; docs/content.md (\"Translations\") says how it is used.\n",
        );
        for (file, texts) in &self.0 {
            out.push_str(&format!("{}:\n", crate::scaffold::scalar(file)));
            for (key, hash) in texts {
                out.push_str(&format!(
                    "  {}: {}\n",
                    crate::scaffold::scalar(key),
                    crate::scaffold::scalar(&format!("{hash:08x}"))
                ));
            }
        }
        if !self.1.is_empty() {
            out.push_str(&format!(
                "# The bytes of each data file when none of its texts had changed since marked:\n\
                 # a build reads the texts of a file again only when it is no longer so.\n{UNCHANGED}:\n"
            ));
            for (file, hash) in &self.1 {
                out.push_str(&format!(
                    "  {file}: {}\n",
                    crate::scaffold::scalar(&format!("{hash:08x}"))
                ));
            }
        }
        out
    }
}

/// The warnings of data texts whose source changed since they were marked. Files with no
/// mark at all are not read again.
pub fn data_findings(marks: &DataMarks, sources: &DataSources, source: Lang) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let files: Vec<(&PathBuf, &String)> = sources
        .iter()
        .filter(|(file, text)| marks.may_be_stale(file, text))
        .collect();
    files
        .par_iter()
        .flat_map_iter(|(file, text)| data_texts(file, text, source))
        .filter(|text| marks.of(text).is_some_and(|hash| hash != text.hash))
        .map(|text| {
            Diagnostic::warning(
                &text.file,
                format!(
                    "this {source} text changed since its translation was marked (`{}`)",
                    text.key
                ),
            )
            .at(text.line, text.column)
            .with_help(format!(
                "update its translation, then run `passerelle translations --mark {}`",
                text.id()
            ))
        })
        .collect()
}

/// One page in one translation language, as `passerelle translations` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub key: String,
    pub lang: Lang,
    pub source: Option<PathBuf>,
    pub translation: Option<PathBuf>,
    pub status: Status,
    /// For a stale translation, what changed in its source.
    pub changes: Vec<Change>,
}

/// The data texts of one file, as `passerelle translations` lists them.
#[derive(Debug, Clone, Serialize)]
pub struct DataRow {
    pub file: PathBuf,
    pub texts: usize,
    pub up_to_date: usize,
    pub never_marked: usize,
    /// The texts whose source changed since they were marked.
    pub stale: Vec<DataText>,
    /// Marks of texts that are no longer there (dropped by the next `--mark` of the file).
    pub gone: usize,
}

/// What `passerelle translations` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub source: Lang,
    pub pages: Vec<PageRow>,
    pub data: Vec<DataRow>,
}

/// The project's pages (drafts too: they are translated before they are published) and
/// data sources, with its source language and the other languages, failing on the
/// problems that keep them from loading.
struct Loaded {
    source: Lang,
    translated: Vec<Lang>,
    pages: Vec<Arc<PageSource>>,
    sources: DataSources,
    marks: DataMarks,
}

impl Loaded {
    /// With `strict`, a `translation_of` that does not read is an error; `--mark` is not,
    /// as it writes the value again.
    fn read(root: &Path, strict: bool) -> Result<Loaded> {
        let (_, config) = Config::load(root)?;
        let mut diagnostics = Diagnostics::default();
        let pages = diagnostics.take(content::load_pages(root, &config.languages, true, None));
        let data = diagnostics.take(content::load_data(root));
        let marks = diagnostics.take(DataMarks::load(root));
        let langs = config.languages_in_order();
        let source = langs[0];
        if let Some(pages) = pages.as_ref().filter(|_| strict) {
            diagnostics.extend(
                page_findings(pages, source)
                    .into_iter()
                    .filter(Diagnostic::is_error),
            );
        }
        diagnostics.finish()?;
        let (Some(pages), Some((_, sources)), Some(marks)) = (pages, data, marks) else {
            return Err(Diagnostic::error(root, "the project did not load").into());
        };
        Ok(Loaded {
            source,
            translated: langs[1..].to_vec(),
            pages,
            sources,
            marks,
        })
    }

    fn page(&self, key: &str, lang: Lang) -> Option<&PageSource> {
        self.pages
            .iter()
            .find(|p| p.key == key && p.lang == lang)
            .map(|p| &**p)
    }

    fn keys(&self) -> BTreeSet<&str> {
        self.pages.iter().map(|p| p.key.as_str()).collect()
    }
}

/// The status of every page and data text of the project at `root`.
pub fn report(root: &Path) -> Result<Report> {
    let loaded = Loaded::read(root, true)?;
    let source = loaded.source;
    let mut pages = Vec::new();
    for key in loaded.keys() {
        let original = loaded.page(key, source);
        for &lang in &loaded.translated {
            let translation = loaded.page(key, lang);
            let (status, changes) = match (original, translation) {
                (None, None) => continue,
                (Some(_), None) => (Status::MissingTranslation, Vec::new()),
                (None, Some(_)) => (Status::WithoutSource, Vec::new()),
                // `Loaded::read` refused values that do not read.
                (Some(original), Some(translation)) => match translation
                    .front
                    .translation_of
                    .as_ref()
                    .and_then(|written| written.read().ok())
                {
                    None => (Status::NeverMarked, Vec::new()),
                    Some(marked) => {
                        let found = changes(&marked, &Fingerprint::of(original));
                        let status = if found.is_empty() {
                            Status::UpToDate
                        } else {
                            Status::Stale
                        };
                        (status, found)
                    }
                },
            };
            pages.push(PageRow {
                key: key.to_string(),
                lang,
                source: original.map(|p| p.path.clone()),
                translation: translation.map(|p| p.path.clone()),
                status,
                changes,
            });
        }
    }
    let mut data = Vec::new();
    for (file, text) in &loaded.sources {
        let texts = data_texts(file, text, source);
        let present: BTreeSet<&str> = texts.iter().map(|t| t.key.as_str()).collect();
        let gone = loaded.marks.0.get(&file_name(file)).map_or(0, |marks| {
            marks
                .keys()
                .filter(|k| !present.contains(k.as_str()))
                .count()
        });
        let mut row = DataRow {
            file: file.clone(),
            texts: texts.len(),
            up_to_date: 0,
            never_marked: 0,
            stale: Vec::new(),
            gone,
        };
        for text in texts {
            match loaded.marks.of(&text) {
                None => row.never_marked += 1,
                Some(hash) if hash == text.hash => row.up_to_date += 1,
                Some(_) => row.stale.push(text),
            }
        }
        data.push(row);
    }
    Ok(Report {
        source,
        pages,
        data,
    })
}

/// The report as a table, with the changes of each stale translation under it.
pub fn render_human(report: &Report) -> String {
    let show = |path: &Option<PathBuf>| {
        path.as_ref()
            .map_or_else(|| "-".to_string(), |p| p.display().to_string())
    };
    let rows: Vec<[String; 4]> = report
        .pages
        .iter()
        .map(|row| {
            [
                row.key.clone(),
                show(&row.source),
                show(&row.translation),
                row.status.to_string(),
            ]
        })
        .collect();
    let header = [
        "PAGE".to_string(),
        format!("SOURCE ({})", report.source),
        "TRANSLATION".to_string(),
        "STATUS".to_string(),
    ];
    let mut widths = [0; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; 4]| {
        let mut out = String::new();
        for (k, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if k == 3 {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<width$}  "));
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(&header);
    for (row, cells) in report.pages.iter().zip(&rows) {
        out.push_str(&line(cells));
        for change in &row.changes {
            out.push_str(&format!("    {change}"));
            if !change.excerpt.is_empty() {
                out.push_str(&format!(": {}", change.excerpt));
            }
            out.push('\n');
        }
    }
    if !report.data.is_empty() {
        out.push_str(&format!(
            "\nDATA FILE ({} texts)             TEXTS  UP TO DATE  STALE  NEVER MARKED\n",
            report.source
        ));
        for row in &report.data {
            out.push_str(&format!(
                "{:<32}  {:>5}  {:>10}  {:>5}  {:>12}\n",
                row.file.display(),
                row.texts,
                row.up_to_date,
                row.stale.len(),
                row.never_marked
            ));
            for text in &row.stale {
                out.push_str(&format!(
                    "    line {} changed ({}): {}\n",
                    text.line,
                    text.id(),
                    text.excerpt
                ));
            }
            if row.gone > 0 {
                out.push_str(&format!(
                    "    {} marks of texts no longer there (dropped by the next --mark of the file)\n",
                    row.gone
                ));
            }
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out.push('\n');
    crate::diagnostic::printable(&out).into_owned()
}

/// "pages: 10 up to date, 1 stale; data texts: 698 up to date, 1 stale".
pub fn summary(report: &Report) -> String {
    let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
    for row in &report.pages {
        *counts.entry(row.status).or_default() += 1;
    }
    let pages: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let sum = |f: &dyn Fn(&DataRow) -> usize| report.data.iter().map(f).sum::<usize>();
    let data = [
        (sum(&|r| r.up_to_date), Status::UpToDate),
        (sum(&|r| r.stale.len()), Status::Stale),
        (sum(&|r| r.never_marked), Status::NeverMarked),
    ];
    let data: Vec<String> = data
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, s)| format!("{n} {s}"))
        .collect();
    let none = || vec!["none".to_string()];
    format!(
        "pages: {}; data texts: {}",
        if pages.is_empty() { none() } else { pages }.join(", "),
        if data.is_empty() { none() } else { data }.join(", ")
    )
}

/// What `--mark` is asked to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Every translated page and every data text.
    All,
    /// A page (`pages/about`, `content/pages/about.en.md`), a data file
    /// (`content/data/partners.yaml`) or a data text (`data/partners.yaml#partners.x.name`).
    Named(String),
}

/// What `--mark` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The translated page, or [`MARKS_FILE`].
    pub file: PathBuf,
    /// What it now follows.
    pub follows: String,
    /// Whether the file was written (it was not when it already said so).
    pub written: bool,
}

/// Records that the translations `target` names follow their source as it is now: the
/// fingerprint is written into each translated page's front matter (no other byte of it
/// changes), the data texts' into [`MARKS_FILE`].
pub fn mark(root: &Path, target: &Target) -> Result<Vec<Marked>> {
    let loaded = Loaded::read(root, false)?;
    let mut translations: Vec<(&PageSource, &PageSource)> = Vec::new();
    let mut data: Vec<DataText> = Vec::new();
    // Whole files are marked anew: marks of texts gone are dropped.
    let mut whole_files: Vec<PathBuf> = Vec::new();
    let all_texts = |file: &Path| {
        let text = loaded.sources.get(file).map_or("", String::as_str);
        data_texts(file, text, loaded.source)
    };
    match target {
        Target::All => {
            for page in &loaded.pages {
                if page.lang != loaded.source
                    && let Some(original) = loaded.page(&page.key, loaded.source)
                {
                    translations.push((page, original));
                }
            }
            for file in loaded.sources.keys() {
                data.extend(all_texts(file));
                whole_files.push(file.clone());
            }
        }
        Target::Named(name) => match resolve(&loaded, name)? {
            Resolved::Pages(pages) => translations = pages,
            Resolved::DataFile(file) => {
                data = all_texts(&file);
                whole_files.push(file);
            }
            Resolved::DataText(text) => data.push(text),
        },
    }
    let mut done = Vec::new();
    for (translation, original) in translations {
        done.push(mark_page(root, translation, original, loaded.source)?);
    }
    if !data.is_empty() || !whole_files.is_empty() {
        let mut marks = loaded.marks.clone();
        for file in &whole_files {
            marks.0.remove(&file_name(file));
        }
        for text in &data {
            marks.set(text);
        }
        let touched: BTreeSet<&PathBuf> = whole_files
            .iter()
            .chain(data.iter().map(|t| &t.file))
            .collect();
        for file in touched {
            if let Some(text) = loaded.sources.get(file) {
                marks.check_file(file, text, loaded.source);
            }
        }
        let written = marks != loaded.marks || !root.join(MARKS_FILE).exists();
        if written {
            crate::scaffold::write_whole(&root.join(MARKS_FILE), marks.to_yaml().as_bytes())?;
        }
        let follows = match (&whole_files[..], &data[..]) {
            ([file], _) => format!("the {} texts of {}", data.len(), file.display()),
            ([], [text]) => format!("{} (line {})", text.id(), text.line),
            _ => format!("{} texts of {} data files", data.len(), whole_files.len()),
        };
        done.push(Marked {
            file: MARKS_FILE.into(),
            follows,
            written,
        });
    }
    Ok(done)
}

/// What a `--mark` argument names.
enum Resolved<'a> {
    /// Translations with their sources.
    Pages(Vec<(&'a PageSource, &'a PageSource)>),
    DataFile(PathBuf),
    DataText(DataText),
}

fn resolve<'a>(loaded: &'a Loaded, name: &str) -> Result<Resolved<'a>> {
    let name = name.trim().trim_start_matches("./").replace('\\', "/");
    let unknown = |message: String, help: String| -> Error {
        Diagnostic::error(CONTENT_DIR, message)
            .with_help(help)
            .into()
    };
    let (file_part, text_key) = match name.split_once('#') {
        Some((file, key)) => (file.to_string(), Some(key.to_string())),
        None => (name.clone(), None),
    };
    let data_file = DATA_FILES.iter().map(PathBuf::from).find(|file| {
        let file_str = file.to_string_lossy();
        file_part == file_str || file_part == content_relative(file) || file_part == file_name(file)
    });
    if let Some(file) = data_file {
        let Some(text) = loaded.sources.get(&file) else {
            return Err(unknown(
                format!("{} does not exist", file.display()),
                "name a data file of the project".into(),
            ));
        };
        let Some(key) = text_key else {
            return Ok(Resolved::DataFile(file));
        };
        let texts = data_texts(&file, text, loaded.source);
        if let Some(found) = texts.iter().find(|t| t.key == key) {
            return Ok(Resolved::DataText(found.clone()));
        }
        let known: BTreeSet<&str> = texts.iter().map(|t| t.key.as_str()).collect();
        let help = match crate::validate::nearest(&key, &known) {
            Some(near) => format!("did you mean `{}#{near}`?", content_relative(&file)),
            None => format!(
                "`passerelle translations` lists the texts; `--mark {}` marks them all",
                file.display()
            ),
        };
        return Err(unknown(
            format!("{} has no {} text `{key}`", file.display(), loaded.source),
            help,
        ));
    }
    // A page file names one translation (or, the source's file, all of them); a key all.
    let (key, lang) = match name.strip_suffix(".md") {
        Some(stem) => {
            let inside = stem.strip_prefix("content/").unwrap_or(stem);
            match inside.rsplit_once('.') {
                Some((key, lang)) => (key.to_string(), lang.parse::<Lang>().ok()),
                None => (inside.to_string(), None),
            }
        }
        None => (
            name.strip_prefix("content/").unwrap_or(&name).to_string(),
            None,
        ),
    };
    let keys = loaded.keys();
    if !keys.contains(key.as_str()) {
        let help = match crate::validate::nearest(&key, &keys) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "name a page as `pages/about` or `content/pages/about.en.md`, a data file as `content/data/partners.yaml`".into(),
        };
        return Err(unknown(format!("no page or data file `{name}`"), help));
    }
    let Some(original) = loaded.page(&key, loaded.source) else {
        return Err(unknown(
            format!("page `{key}` has no {} version to follow", loaded.source),
            format!("add content/{key}.{}.md first", loaded.source),
        ));
    };
    let langs: Vec<Lang> = match lang {
        Some(lang) if lang != loaded.source => vec![lang],
        _ => loaded.translated.clone(),
    };
    let pages: Vec<_> = langs
        .iter()
        .filter_map(|&lang| loaded.page(&key, lang))
        .map(|translation| (translation, original))
        .collect();
    if pages.is_empty() {
        let lang = langs.first().copied().unwrap_or(Lang::En);
        return Err(unknown(
            format!("page `{key}` has no {lang} translation to mark"),
            format!("translate it into content/{key}.{lang}.md first"),
        ));
    }
    Ok(Resolved::Pages(pages))
}

/// Writes into `translation` that it follows `original` as it is now, unless it says so
/// already.
fn mark_page(
    root: &Path,
    translation: &PageSource,
    original: &PageSource,
    source: Lang,
) -> Result<Marked> {
    let recorded = TranslationOf(Fingerprint::of(original).recorded(source).to_string());
    let follows = original.path.display().to_string();
    if translation.front.translation_of.as_ref() == Some(&recorded) {
        return Ok(Marked {
            file: translation.path.clone(),
            follows,
            written: false,
        });
    }
    let path = root.join(&translation.path);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let line = format!("{KEY}: {}", recorded.0);
    let refused = |why: &str| -> Error {
        Diagnostic::error(
            &translation.path,
            format!("cannot write `{KEY}:` here: {why}"),
        )
        .with_help(format!("add the line `{line}` to its front matter by hand"))
        .into()
    };
    let text = String::from_utf8(bytes).map_err(|_| refused("the file is not UTF-8"))?;
    let Some(edited) = with_translation_of(&text, &recorded.0) else {
        return Err(refused("its front matter is not between two `---` lines"));
    };
    // The page must read as it did, but for the line written.
    let body = edited.strip_prefix('\u{feff}').unwrap_or(&edited);
    let reread = content::parse_page(
        &translation.path,
        translation.key.clone(),
        translation.lang,
        body,
    )
    .map_err(|_| refused("the front matter would no longer read"))?;
    let mut expected = translation.front.clone();
    expected.translation_of = Some(recorded);
    if reread.front != expected || reread.body != translation.body {
        return Err(refused(
            "the front matter is written in a way that the line would change what it says",
        ));
    }
    crate::scaffold::write_whole(&path, edited.as_bytes())?;
    Ok(Marked {
        file: translation.path.clone(),
        follows,
        written: true,
    })
}

/// `text` (a page file, byte order mark included) with `translation_of: VALUE` in its front
/// matter: in place of the one there (and its continuation lines), else as its last line,
/// in the file's line ends. No other byte changes. `None` without a front matter.
pub fn with_translation_of(text: &str, value: &str) -> Option<String> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.first()?.trim_end() != "---" {
        return None;
    }
    let closing = 1 + lines[1..].iter().position(|l| l.trim_end() == "---")?;
    let ending = if lines[0].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let new_line = format!("{KEY}: {value}");
    let existing = (1..closing).find(|&i| {
        lines[i]
            .strip_prefix(KEY)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    let mut out = String::with_capacity(text.len() + new_line.len() + 2);
    out.push_str(bom);
    match existing {
        Some(at) => {
            // A value written over several lines goes on with indented ones.
            let end = (at + 1..closing)
                .find(|&i| !lines[i].starts_with([' ', '\t']) || lines[i].trim().is_empty())
                .unwrap_or(closing);
            let own_ending = if lines[end - 1].ends_with("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            out.extend(lines[..at].iter().copied());
            out.push_str(&new_line);
            out.push_str(own_ending);
            out.extend(lines[end..].iter().copied());
        }
        None => {
            out.extend(lines[..closing].iter().copied());
            // A front matter whose last line has no line end cannot be: `---` follows it.
            out.push_str(&new_line);
            out.push_str(ending);
            out.extend(lines[closing..].iter().copied());
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> PageSource {
        let (key, lang) = path
            .strip_prefix("content/")
            .unwrap()
            .strip_suffix(".md")
            .unwrap()
            .rsplit_once('.')
            .unwrap();
        content::parse_page(
            Path::new(path),
            key.to_string(),
            lang.parse().unwrap(),
            text,
        )
        .unwrap()
    }

    const FRENCH: &str = "---\ntitle: À propos\nslug: a-propos\n---\n# Le partenariat\n\nPremier paragraphe,\nsur deux lignes.\n\nDeuxième paragraphe.\n\nTroisième paragraphe.\n";

    #[test]
    fn fingerprints_are_fixed_numbers() {
        // FNV-1a's published test vectors: the same on every platform, for ever.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a("foobar"), 0x8594_4171_f739_67e8);
        let p = page("content/pages/a.fr.md", FRENCH);
        assert_eq!(
            Fingerprint::of(&p).recorded(Lang::Fr).to_string(),
            "fr 7018fa7b 2374 650e 9e76 2172"
        );
    }

    #[test]
    fn line_ends_trailing_spaces_and_wrapping_are_no_change() {
        let p = Fingerprint::of(&page("content/pages/a.fr.md", FRENCH));
        let crlf = FRENCH.replace('\n', "  \r\n");
        let q = Fingerprint::of(&page("content/pages/a.fr.md", &crlf));
        assert_eq!(p.recorded(Lang::Fr), q.recorded(Lang::Fr));
        let rewrapped = FRENCH.replace("Premier paragraphe,\nsur", "Premier   paragraphe, sur");
        let r = Fingerprint::of(&page("content/pages/a.fr.md", &rewrapped));
        assert_eq!(p.recorded(Lang::Fr), r.recorded(Lang::Fr));
        assert!(changes(&p.recorded(Lang::Fr), &r).is_empty());
    }

    #[test]
    fn paragraphs_start_where_they_are_written() {
        let p = Fingerprint::of(&page("content/pages/a.fr.md", FRENCH));
        let lines: Vec<(usize, &str)> = p
            .paragraphs
            .iter()
            .map(|p| (p.line, p.excerpt.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (5, "# Le partenariat"),
                (7, "Premier paragraphe, sur deux lignes."),
                (10, "Deuxième paragraphe."),
                (12, "Troisième paragraphe."),
            ]
        );
        assert_eq!(p.head_line, 2);
    }

    #[test]
    fn the_changes_say_which_paragraphs_and_where() {
        let then = Fingerprint::of(&page("content/pages/a.fr.md", FRENCH)).recorded(Lang::Fr);
        let edited = FRENCH
            .replace("Deuxième paragraphe.", "Deuxième paragraphe, revu.")
            .replace(
                "Troisième paragraphe.\n",
                "Troisième paragraphe.\n\nUn ajout.\n",
            )
            .replace("# Le partenariat\n\n", "")
            .replace("À propos", "À propos du partenariat");
        let now = Fingerprint::of(&page("content/pages/a.fr.md", &edited));
        let found: Vec<String> = changes(&then, &now)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "the title or description (line 2)",
                "1 paragraph removed before line 5",
                "line 8 changed",
                "line 12 added",
            ]
        );
        let removed_at_end = FRENCH.replace("\n\nTroisième paragraphe.", "");
        let now = Fingerprint::of(&page("content/pages/a.fr.md", &removed_at_end));
        let found: Vec<String> = changes(&then, &now)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found, ["1 paragraph removed at the end"]);
    }

    #[test]
    fn the_written_form_reads_back_and_bad_ones_are_refused() {
        let read = Version::parse("fr 0123abcd 00ff ab12").unwrap();
        assert_eq!(read.paragraphs, [0x00ff, 0xab12]);
        assert_eq!(read.to_string(), "fr 0123abcd 00ff ab12");
        for (bad, says) in [
            ("", "it is empty"),
            (
                "de 0123abcd",
                "its first word must be the source's language",
            ),
            ("fr 0123", "its second word must be 8 hexadecimal digits"),
            (
                "fr 0123abcd 12345",
                "`12345` is not a paragraph's fingerprint",
            ),
            (
                "fr 0123abcd +12a",
                "`+12a` is not a paragraph's fingerprint",
            ),
        ] {
            let error = Version::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn marking_changes_no_other_byte() {
        let value = "fr 0123abcd 00ff";
        // Added as the last line of the front matter, in the file's line ends, BOM kept.
        let text =
            "\u{feff}---\r\ntitle: About\r\nslug: about  \r\n# a comment\r\n---\r\nText  \r\n";
        let edited = with_translation_of(text, value).unwrap();
        assert_eq!(
            edited,
            "\u{feff}---\r\ntitle: About\r\nslug: about  \r\n# a comment\r\ntranslation_of: fr 0123abcd 00ff\r\n---\r\nText  \r\n"
        );
        // Replaced in place, with the lines of a value written over several.
        let text =
            "---\ntitle: About\ntranslation_of: fr 00000000\n  1111 2222\nslug: about\n---\n";
        assert_eq!(
            with_translation_of(text, value).unwrap(),
            "---\ntitle: About\ntranslation_of: fr 0123abcd 00ff\nslug: about\n---\n"
        );
        // Marking again gives the same bytes.
        let once = with_translation_of(text, value).unwrap();
        assert_eq!(with_translation_of(&once, value).unwrap(), once);
        assert_eq!(with_translation_of("no front matter\n", value), None);
        assert_eq!(with_translation_of("---\ntitle: A\n", value), None);
    }

    #[test]
    fn data_texts_are_named_by_their_records() {
        let yaml = "title: {fr: Titre, en: Title}\npartners:\n  - id: acme\n    profile:\n      fr: >-\n        Une entreprise\n        d'outils\n      en: A tool maker\n  - name: Sans id\n    profile: {fr: Autre, en: Other}\nsections:\n  - number: 4\n    points:\n      - label: a\n        text: {fr: Point, en: Point}\n";
        let texts = data_texts(Path::new("content/data/x.yaml"), yaml, Lang::Fr);
        let found: Vec<(String, usize, String)> = texts
            .iter()
            .map(|t| (t.key.clone(), t.line, t.excerpt.clone()))
            .collect();
        assert_eq!(
            found,
            [
                ("title".to_string(), 1, "Titre".to_string()),
                (
                    "partners.acme.profile".into(),
                    6,
                    "Une entreprise d'outils".into()
                ),
                ("partners.1.profile".into(), 10, "Autre".into()),
                ("sections.4.points.a.text".into(), 15, "Point".into()),
            ]
        );
        assert_eq!(texts[1].id(), "data/x.yaml#partners.acme.profile");
    }

    #[test]
    fn the_marks_file_reads_back_what_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut marks = DataMarks::default();
        let text = DataText {
            file: "content/data/partners.yaml".into(),
            key: "partners.acme.profile".into(),
            line: 3,
            column: 7,
            excerpt: String::new(),
            hash: 0x1234_5678,
        };
        marks.set(&text);
        let path = dir.path().join(MARKS_FILE);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, marks.to_yaml()).unwrap();
        assert!(
            marks
                .to_yaml()
                .contains("partners.acme.profile: \"12345678\"")
        );
        assert_eq!(DataMarks::load(dir.path()).unwrap(), marks);
        std::fs::write(&path, "partners.yaml:\n  a.b: zz\nnews.yaml: {}\n").unwrap();
        let errors: Vec<String> = DataMarks::load(dir.path())
            .unwrap_err()
            .into_diagnostics()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("translated.yaml:2:8: `zz` is not a text's fingerprint"),
            "{errors:?}"
        );
        assert!(
            errors[1].contains("translated.yaml:3:1: `news.yaml` is not a data file"),
            "{errors:?}"
        );
    }
}
