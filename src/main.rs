//! The `passerelle` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    passerelle::cli::run(passerelle::cli::Cli::parse())
}
