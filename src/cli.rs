//! The command line: parses arguments with clap and maps outcomes to exit codes. Thin on
//! purpose: everything it does is a library call that tests can make directly.

use crate::diagnostic::{Diagnostic, Error};
use crate::serve::{self, ServeError, ServeOptions};
use crate::{BuildOptions, build};
use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, Parser)]
#[command(
    name = "passerelle",
    version,
    about = "Builds the bilingual Digital Partnership site from content/"
)]
pub struct Cli {
    /// The project root (where config.yaml is).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print every file written and how long each phase took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Writes the skeleton of a new page, partner or activity, for an editor to fill in.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Builds the site into the output directory (public/ by default).
    Build {
        /// Output directory (default: the config's output_dir, public/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Base URL to publish at, overriding the config (may carry a path).
        #[arg(long)]
        base_url: Option<String>,
        /// Also build pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Allow the build to remove more than half of the pages already published in the
        /// output directory (otherwise an error: content/ moved or emptied by mistake).
        #[arg(long)]
        allow_shrink: bool,
        /// Build no search index, whatever config.yaml says (the pages then show their
        /// link to every page instead of the search box).
        #[arg(long)]
        no_search: bool,
        /// Draw no social cards, whatever config.yaml says (a shared link then shows the
        /// page's title and description without a picture).
        #[arg(long)]
        no_social_cards: bool,
    },
    /// Checks the whole project without writing anything and reports every problem:
    /// exit 0 clean, 1 errors (or warnings with --deny-warnings), 2 usage.
    Check {
        /// `human` (compiler-style, with the source line) or `json` (for editors and tools).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Also check pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Writes the annual report of a year: one self-contained HTML document per language
    /// (rapport-YEAR.fr.html, report-YEAR.en.html), and with --pdf the same as PDF.
    Report {
        /// The edition's year (default: the latest the data allow).
        #[arg(long)]
        year: Option<i32>,
        /// Only this language (fr or en; default: every language of the site).
        #[arg(long)]
        lang: Option<crate::lang::Lang>,
        /// Directory the files are written into (created if needed).
        #[arg(long, default_value = "report")]
        out: PathBuf,
        /// Also print each document to PDF with headless Chromium.
        #[arg(long)]
        pdf: bool,
    },
    /// Writes every chart of the site as a file of its own, NAME.LANG.svg (as the pages show
    /// it, with the light scheme's colours), or with --png a PNG drawn on white at twice its
    /// size with the theme's font.
    Charts {
        /// Only this language (fr or en; default: every language of the site).
        #[arg(long)]
        lang: Option<crate::lang::Lang>,
        /// Directory the files are written into (created if needed).
        #[arg(long, default_value = "charts")]
        out: PathBuf,
        /// PNG files instead of SVG.
        #[arg(long)]
        png: bool,
    },
    /// Writes the JSON Schemas of the data files and of the front matter into schemas/, and
    /// points each data file at its schema, so that a YAML editor (VS Code with the YAML
    /// extension) completes keys and values and underlines mistakes as one types.
    Schema,
    /// Lists each translated page and data text: up to date, stale (with the paragraphs of
    /// the source changed since), never marked, missing. With --mark, records that a
    /// translation follows its source as it is now.
    Translations {
        /// Mark PAGE (`pages/about`, `content/pages/about.en.md`), a data file
        /// (`content/data/partners.yaml`) or a data text (`data/partners.yaml#partners.x.profile`)
        /// as following its source as it is now; with --all, everything.
        #[arg(long, value_name = "PAGE", num_args = 0..=1)]
        mark: Option<Option<String>>,
        /// With --mark: every translated page and every data text.
        #[arg(long, requires = "mark")]
        all: bool,
        /// `human` (a table) or `json` (for tools).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Previews the site: builds it in memory, serves it, rebuilds and reloads on every save.
    Serve {
        /// Port to listen on; 0 takes any free port (the address is printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; the default keeps the preview to this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Also build pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum New {
    /// `content/SECTION/SLUG.fr.md` and `.en.md`, with every field and what goes there.
    Page {
        /// The last part of the page's address (`annual-meeting`).
        slug: String,
        /// The folder of `content/` it goes in.
        #[arg(long, default_value = "pages")]
        section: String,
    },
    /// A new record at the end of content/data/partners.yaml, with every field and what goes
    /// there.
    Partner {
        /// Its id: the last part of its page's address (`lund-digital`).
        id: String,
    },
    /// A new record at the end of content/data/activities.yaml, in the last work plan, with
    /// every field and what goes there.
    Activity {
        /// Its id: the last part of its page's address (`cahai-plenary-6`).
        id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs the parsed command; exit code 0 on success, 1 on content errors, 2 on I/O errors
/// (for `serve`: a port in use, a project that cannot be watched).
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check {
            format,
            deny_warnings,
            drafts,
        } => {
            let options = BuildOptions {
                root: cli.root.clone(),
                drafts,
                ..Default::default()
            };
            let report = crate::check::check(&options);
            match format {
                Format::Json => match serde_json::to_string_pretty(&report) {
                    Ok(json) => println!("{json}"),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(2);
                    }
                },
                Format::Human if cli.quiet => {
                    for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                        eprintln!("{d}");
                    }
                }
                Format::Human => eprint!("{}", crate::check::render_human(&report, &cli.root)),
            }
            if report.errors > 0 || (deny_warnings && report.warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Build {
            out,
            base_url,
            drafts,
            allow_shrink,
            no_search,
            no_social_cards,
        } => {
            let started = Instant::now();
            let options = BuildOptions {
                root: cli.root.clone(),
                out,
                base_url,
                drafts,
                allow_shrink,
                no_search,
                no_social_cards,
            };
            match build(&options) {
                Ok(report) => {
                    if cli.verbose {
                        for path in &report.written {
                            println!("wrote {}", report.output_dir.join(path).display());
                        }
                        for path in &report.removed {
                            println!("removed {}", report.output_dir.join(path).display());
                        }
                        let phases: Vec<String> = report
                            .phases
                            .iter()
                            .map(|(name, took)| format!("{name} {} ms", took.as_millis()))
                            .collect();
                        println!("phases: {}", phases.join(", "));
                    }
                    if !cli.quiet {
                        print_warnings(&report.warnings);
                        let per_lang: Vec<String> = report
                            .pages_per_lang
                            .iter()
                            .map(|(lang, n)| format!("{n} {lang}"))
                            .collect();
                        println!(
                            "built {} pages ({}), {} files ({} written, {} removed) into {} in {} ms",
                            report.pages_per_lang.values().sum::<usize>(),
                            per_lang.join(", "),
                            report.files,
                            report.written.len(),
                            report.removed.len(),
                            report.output_dir.display(),
                            started.elapsed().as_millis()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => report_error(&error),
            }
        }
        Command::Report {
            year,
            lang,
            out,
            pdf,
        } => {
            let options = crate::report::ReportOptions {
                build: BuildOptions {
                    root: cli.root.clone(),
                    ..Default::default()
                },
                year,
                lang,
                out,
                pdf,
            };
            match crate::report::write(&options) {
                Ok(outcome) => {
                    if !cli.quiet {
                        print_warnings(&outcome.warnings);
                    }
                    for path in &outcome.written {
                        println!("wrote {}", path.display());
                    }
                    match outcome.pdf_error {
                        Some(error) => {
                            eprintln!("error: {error}");
                            eprintln!("  help: {}", error.help());
                            ExitCode::from(2)
                        }
                        None => ExitCode::SUCCESS,
                    }
                }
                Err(error) => project_error(&error, "no report written"),
            }
        }
        Command::Charts { lang, out, png } => {
            let options = crate::charts::export::ExportOptions {
                build: BuildOptions {
                    root: cli.root.clone(),
                    ..Default::default()
                },
                lang,
                out,
                png,
            };
            match crate::charts::export::export(&options) {
                Ok(exported) => {
                    if !cli.quiet {
                        print_warnings(&exported.warnings);
                    }
                    for path in &exported.written {
                        println!("wrote {}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => project_error(&error, "no chart written"),
            }
        }
        Command::New {
            what: New::Page { slug, section },
        } => match crate::scaffold::new_page(&cli.root, &section, &slug) {
            Ok(files) => {
                for file in &files {
                    println!("wrote {}", file.display());
                }
                if !cli.quiet {
                    println!("fill in each file's title and text, then run `passerelle check`");
                }
                ExitCode::SUCCESS
            }
            Err(error) => project_error(&error, "nothing was written"),
        },
        Command::New {
            what: New::Partner { id },
        } => report_added(
            "partner",
            &id,
            crate::scaffold::new_partner(&cli.root, &id),
            cli.quiet,
        ),
        Command::New {
            what: New::Activity { id },
        } => report_added(
            "activity",
            &id,
            crate::scaffold::new_activity(&cli.root, &id),
            cli.quiet,
        ),
        Command::Translations { mark, all, format } => translations(&cli.root, mark, all, format),
        Command::Schema => match crate::schema::write(&cli.root) {
            Ok(written) => {
                for file in &written {
                    println!("wrote {}", file.display());
                }
                ExitCode::SUCCESS
            }
            Err(error) => project_error(&error, "the schemas may be incomplete"),
        },
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => {
            let options = ServeOptions {
                root: cli.root,
                bind,
                port,
                open,
                drafts,
                quiet: cli.quiet,
                verbose: cli.verbose,
            };
            match serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(ServeError::Project(error)) => {
                    project_error(&error, "the preview did not start")
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    if let Some(help) = error.help() {
                        eprintln!("  help: {help}");
                    }
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// `passerelle translations`: the report (exit 0 whatever it says), or `--mark`.
fn translations(root: &Path, mark: Option<Option<String>>, all: bool, format: Format) -> ExitCode {
    use crate::translations::{Target, mark as mark_target, render_human, report};
    let target = match (mark, all) {
        (None, _) => None,
        (Some(None), true) => Some(Target::All),
        (Some(Some(name)), false) => Some(Target::Named(name)),
        (Some(Some(_)), true) => {
            eprintln!("error: `--mark PAGE` and `--all` say different things: give one");
            return ExitCode::from(2);
        }
        (Some(None), false) => {
            eprintln!("error: `--mark` needs a page, a data file or a data text, or `--all`");
            eprintln!("  help: `passerelle translations --mark content/pages/about.en.md`");
            return ExitCode::from(2);
        }
    };
    let Some(target) = target else {
        return match report(root) {
            Ok(report) => {
                match format {
                    Format::Human => print!("{}", render_human(&report)),
                    Format::Json => match serde_json::to_string_pretty(&report) {
                        Ok(json) => println!("{json}"),
                        Err(e) => {
                            eprintln!("error: {e}");
                            return ExitCode::from(2);
                        }
                    },
                }
                ExitCode::SUCCESS
            }
            Err(error) => project_error(&error, "no report"),
        };
    };
    match mark_target(root, &target) {
        Ok(marked) => {
            for done in &marked {
                let what = if done.written {
                    "marked"
                } else {
                    "already marked"
                };
                println!("{what} {}: follows {}", done.file.display(), done.follows);
            }
            ExitCode::SUCCESS
        }
        Err(error) => project_error(&error, "nothing more was marked"),
    }
}

/// Prints what stopped a command that needed the project: its problems, then `outcome`;
/// exit 1 for content errors, 2 for I/O.
fn project_error(error: &Error, outcome: &str) -> ExitCode {
    for d in error.diagnostics() {
        eprintln!("{d}");
    }
    if let Error::Io { .. } = error {
        eprintln!("error: {error}");
    }
    eprintln!("{outcome}");
    ExitCode::from(if error.diagnostics().is_empty() { 2 } else { 1 })
}

/// Prints where `new partner` or `new activity` put the record of `id` (a `kind`), and what
/// comes next.
fn report_added(
    kind: &str,
    id: &str,
    outcome: crate::diagnostic::Result<crate::scaffold::Added>,
    quiet: bool,
) -> ExitCode {
    match outcome {
        Ok(added) => {
            println!(
                "added {kind} `{id}` to {} (line {})",
                added.file.display(),
                added.line
            );
            if !quiet {
                println!("fill in its fields, then run `passerelle check`");
            }
            ExitCode::SUCCESS
        }
        Err(error) => project_error(&error, "nothing was written"),
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}

fn report_error(error: &Error) -> ExitCode {
    match error {
        Error::Content(diagnostics) => {
            for d in diagnostics {
                eprintln!("{d}");
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed: {errors} error{}; the previous output was left untouched",
                if errors == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Error::Io { .. } => {
            eprintln!("error: {error}");
            eprintln!("build failed; the previous output was left untouched");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
