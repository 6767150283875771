//! The `talent-planner` binary: parses the command line, then runs a
//! headless command or opens the desktop app.

use clap::Parser;
use std::process::ExitCode;
use talent_planner::cli::{Cli, execute};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => execute(command),
        None => talent_planner::cli::open_app(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(1)
        }
    }
}
