//! The benchmark's floor: read every Markdown file of a directory, render it with
//! pulldown-cmark (the options Passerelle uses) and write the HTML, on all cores, with
//! nothing else. How far a full build is above this is what the generator itself costs.
//!
//! Usage: floor IN_DIR OUT_DIR   (run by bench/run)

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args_os().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        eprintln!("usage: floor IN_DIR OUT_DIR");
        std::process::exit(2);
    };
    let output = PathBuf::from(output);
    std::fs::create_dir_all(&output)?;
    let files: Vec<PathBuf> = std::fs::read_dir(&input)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    files.par_iter().try_for_each(|path| {
        let text = std::fs::read_to_string(path)?;
        let mut out = String::with_capacity(text.len() * 3 / 2);
        html::push_html(&mut out, Parser::new_ext(&text, options));
        let name = path.with_extension("html");
        std::fs::write(output.join(name.file_name().unwrap_or_default()), out)
    })
}
