//! Printing the report to PDF with headless Chromium: A4 as the document's print
//! stylesheet lays it out, its own running header and page numbers, an outline of its
//! headings, and the page of each chapter in its table of contents, read back from the
//! printed PDF.

use crate::diagnostic::{Diagnostic, Error};
use lopdf::Object;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("no Chromium or Chrome found to print the PDF (looked for {looked})")]
    NoBrowser { looked: String },
    #[error("{browser} could not print {pdf}: {why}")]
    Failed {
        browser: String,
        pdf: PathBuf,
        why: String,
    },
}

impl PdfError {
    pub fn help(&self) -> &'static str {
        match self {
            PdfError::NoBrowser { .. } => {
                "install Chromium (Debian/Ubuntu: sudo apt install chromium), or set \
                 PASSERELLE_CHROMIUM to the browser's path; nothing was written, and without --pdf the HTML alone is"
            }
            PdfError::Failed { .. } => "nothing was written; without --pdf the HTML alone is",
        }
    }
}

/// Browsers that print to PDF, looked for on PATH in this order.
const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long a print may take before the browser is stopped, unless
/// `PASSERELLE_PRINT_TIMEOUT` gives another number of seconds (a slow machine, a test).
fn print_timeout() -> Duration {
    crate::config::seconds_from_env("PASSERELLE_PRINT_TIMEOUT", Duration::from_secs(120))
}

/// The browser that prints: `PASSERELLE_CHROMIUM`, else the first of [`BROWSERS`] on PATH.
pub fn find_browser() -> std::result::Result<PathBuf, PdfError> {
    if let Some(path) = std::env::var_os("PASSERELLE_CHROMIUM") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(PdfError::NoBrowser {
                looked: format!("PASSERELLE_CHROMIUM={}", path.display()),
            })
        };
    }
    let dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    BROWSERS
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
        .ok_or_else(|| PdfError::NoBrowser {
            looked: format!("{} on PATH", BROWSERS.join(", ")),
        })
}

/// Prints the HTML file `html` to the PDF `pdf` with headless Chromium: A4 as the
/// document's print stylesheet lays it out, its own running header and page numbers (not
/// the browser's), and an outline of its headings.
pub fn print_pdf(html: &Path, pdf: &Path) -> std::result::Result<(), PdfError> {
    let browser = find_browser()?;
    let failed = |why: String| PdfError::Failed {
        browser: browser.display().to_string(),
        pdf: pdf.to_path_buf(),
        why,
    };
    let html = std::path::absolute(html).map_err(|e| failed(e.to_string()))?;
    let pdf_abs = std::path::absolute(pdf).map_err(|e| failed(e.to_string()))?;
    // A profile of its own: a browser the user has open keeps its profile locked.
    let profile = tempfile::tempdir().map_err(|e| failed(e.to_string()))?;
    let partial = pdf_abs.with_extension("pdf.part");
    // The browser's messages go to a file: a pipe would block the read below for as long as
    // any process the browser started keeps it open, which a hung one does for ever.
    let mut stderr_file = tempfile::tempfile().map_err(|e| failed(e.to_string()))?;
    let stderr_for_child = stderr_file.try_clone().map_err(|e| failed(e.to_string()))?;
    let mut command = std::process::Command::new(&browser);
    // Its own process group, so that a timeout stops the browser and all it started.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .arg("--headless")
        .arg("--disable-gpu")
        // The sandbox needs user namespaces, which containers and root often lack; the page
        // printed is our own file, with no script.
        .arg("--no-sandbox")
        .arg("--no-pdf-header-footer")
        .arg("--generate-pdf-document-outline")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", partial.display()))
        .arg(file_url(&html))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(stderr_for_child)
        .spawn()
        .map_err(|e| failed(e.to_string()))?;
    let started = Instant::now();
    let timeout = print_timeout();
    let status = loop {
        match child.try_wait().map_err(|e| failed(e.to_string()))? {
            Some(status) => break status,
            None if started.elapsed() > timeout => {
                stop_group(&mut child);
                let _ = std::fs::remove_file(&partial);
                return Err(failed(format!(
                    "it did not finish within {} s",
                    timeout.as_secs_f64()
                )));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    // What it started and left behind goes with it.
    stop_group(&mut child);
    let mut stderr = String::new();
    let _ = std::io::Seek::rewind(&mut stderr_file);
    let _ = std::io::Read::read_to_string(&mut stderr_file, &mut stderr);
    let printed = std::fs::read(&partial)
        .ok()
        .filter(|bytes| bytes.starts_with(b"%PDF"));
    if !status.success() || printed.is_none() {
        let _ = std::fs::remove_file(&partial);
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
        return Err(failed(format!(
            "{status}{}",
            last.map(|l| format!(": {l}")).unwrap_or_default()
        )));
    }
    std::fs::rename(&partial, &pdf_abs).map_err(|e| failed(e.to_string()))
}

/// Stops `child` and every process of its group (it leads one: `process_group(0)`).
fn stop_group(child: &mut std::process::Child) {
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

pub(super) enum PrintError {
    Pdf(PdfError),
    Report(Error),
}

/// Prints `html` to `pdf`, then reads on which page each chapter starts, puts those numbers
/// in the table of contents (`rerender`), and prints again. The numbers take no line of
/// their own, so the pages stay where they were; should they move, a third print follows.
pub(super) fn print_with_page_numbers(
    html: &Path,
    pdf: &Path,
    rerender: impl Fn(&BTreeMap<String, usize>) -> std::result::Result<String, Vec<Diagnostic>>,
) -> std::result::Result<(), PrintError> {
    let mut pages = BTreeMap::new();
    for _ in 0..3 {
        print_pdf(html, pdf).map_err(PrintError::Pdf)?;
        let printed = std::fs::read(pdf).map_err(|e| PrintError::Report(Error::io(pdf, e)))?;
        let found = chapter_pages(&printed);
        if found == pages {
            break;
        }
        pages = found;
        let text = rerender(&pages).map_err(|e| PrintError::Report(Error::Content(e)))?;
        super::write_whole(html, text.as_bytes()).map_err(PrintError::Report)?;
    }
    Ok(())
}

/// The page (from 1) on which each `chapter-N` starts in a PDF printed by Chromium: its
/// named destinations give a page object, whose place in the page tree is the number.
/// Empty when the PDF is not laid out as expected: the contents then go without numbers.
fn chapter_pages(pdf: &[u8]) -> BTreeMap<String, usize> {
    let Ok(doc) = lopdf::Document::load_mem(pdf) else {
        return BTreeMap::new();
    };
    let numbers: HashMap<lopdf::ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(number, page)| (page, number as usize))
        .collect();
    let mut destinations = Vec::new();
    if let Ok(catalog) = doc.catalog() {
        // PDF 1.1 keeps them in the catalog's /Dests; later writers in a name tree.
        if let Ok(dests) = catalog.get_deref(b"Dests", &doc).and_then(Object::as_dict) {
            destinations.extend(dests.iter().map(|(name, dest)| (name.clone(), dest)));
        }
        if let Ok(tree) = catalog
            .get_deref(b"Names", &doc)
            .and_then(Object::as_dict)
            .and_then(|names| names.get_deref(b"Dests", &doc))
        {
            name_tree(&doc, tree, &mut destinations, 0);
        }
    }
    let page_of = |dest: &Object| -> Option<usize> {
        let dest = doc.dereference(dest).ok()?.1;
        // An explicit destination `[page /XYZ …]`, or a dictionary holding one as /D.
        let array = match dest {
            Object::Dictionary(d) => d.get_deref(b"D", &doc).ok()?.as_array().ok()?,
            other => other.as_array().ok()?,
        };
        numbers.get(&array.first()?.as_reference().ok()?).copied()
    };
    destinations
        .into_iter()
        .filter_map(|(name, dest)| {
            let name = String::from_utf8(name).ok()?;
            let n = name.strip_prefix("chapter-")?;
            n.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
            Some((name, page_of(dest)?))
        })
        .collect()
}

/// The (name, destination) pairs of a name tree's node and its kids, at most a few levels
/// deep (a malformed tree cannot loop).
fn name_tree<'a>(
    doc: &'a lopdf::Document,
    node: &'a Object,
    out: &mut Vec<(Vec<u8>, &'a Object)>,
    depth: usize,
) {
    let Ok(node) = node.as_dict() else { return };
    if let Ok(names) = node.get_deref(b"Names", doc).and_then(Object::as_array) {
        for pair in names.chunks(2) {
            if let [name, dest] = pair
                && let Ok(name) = name.as_str()
            {
                out.push((name.to_vec(), dest));
            }
        }
    }
    if depth < 8
        && let Ok(kids) = node.get_deref(b"Kids", doc).and_then(Object::as_array)
    {
        for kid in kids {
            if let Ok((_, kid)) = doc.dereference(kid) {
                name_tree(doc, kid, out, depth + 1);
            }
        }
    }
}

/// A `file://` URL for an absolute path, its bytes outside the unreserved set escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF laid out as Chromium writes it: pages in a tree whose order is not the
    /// objects' order, and named destinations in the catalog's /Dests.
    fn printed(dests_in_name_tree: bool) -> Vec<u8> {
        use lopdf::{Document, Object, dictionary};
        let mut doc = Document::with_version("1.4");
        let root_pages = doc.new_object_id();
        let inner = doc.new_object_id();
        let page = |doc: &mut Document, parent| {
            doc.add_object(dictionary! { "Type" => "Page", "Parent" => parent })
        };
        let first = page(&mut doc, root_pages);
        let second = page(&mut doc, inner);
        let third = page(&mut doc, inner);
        doc.objects.insert(
            inner,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Parent" => root_pages, "Count" => 2,
                "Kids" => vec![second.into(), third.into()],
            }),
        );
        doc.objects.insert(
            root_pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Count" => 3, "Kids" => vec![first.into(), inner.into()],
            }),
        );
        let at = |page: lopdf::ObjectId| Object::Array(vec![page.into(), "XYZ".into()]);
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => root_pages };
        if dests_in_name_tree {
            let names = vec![
                Object::string_literal("chapter-1"),
                at(first),
                Object::string_literal("chapter-2"),
                at(third),
            ];
            catalog.set(
                "Names",
                dictionary! { "Dests" => dictionary! { "Names" => names } },
            );
        } else {
            catalog.set(
                "Dests",
                dictionary! {
                    "chapter-1" => at(first),
                    "chapter-1-2" => at(second),
                    "chapter-2" => at(third),
                },
            );
        }
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn chapter_pages_follow_the_page_tree() {
        let expected = BTreeMap::from([("chapter-1".to_string(), 1), ("chapter-2".to_string(), 3)]);
        assert_eq!(chapter_pages(&printed(false)), expected);
        assert_eq!(chapter_pages(&printed(true)), expected);
        assert!(chapter_pages(b"not a pdf").is_empty());
    }

    #[test]
    fn file_urls_escape_spaces_and_non_ascii() {
        assert_eq!(
            file_url(Path::new("/tmp/rapport été/a b.html")),
            "file:///tmp/rapport%20%C3%A9t%C3%A9/a%20b.html"
        );
    }
}
