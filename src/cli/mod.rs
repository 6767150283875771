//! The command line: `run`, `validate`, `generate`, `roster`. With no
//! subcommand the desktop app opens (when built with the `gui` feature).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::{Model, RunOptions, Scenario, io};

/// talent-planner: plan the rural social-work workforce.
#[derive(Debug, Parser)]
#[command(name = "talent-planner", version, about)]
pub struct Cli {
    /// What to do; none opens the desktop app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Output format of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON document.
    Json,
    /// One CSV row per month (or per township and month).
    Csv,
}

/// Aggregation level of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// County totals.
    County,
    /// One row per township and month.
    Township,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Project a scenario (the embedded default county if FILE is omitted).
    Run {
        /// Scenario file (RON).
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// County totals or township rows.
        #[arg(long, value_enum, default_value_t = By::County)]
        by: By,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Loads a scenario file, or the embedded default when `file` is `None`.
pub fn load_scenario(file: Option<&Path>) -> Result<Scenario> {
    match file {
        None => io::default_scenario().context("the embedded default scenario is broken"),
        Some(p) => io::load(p).with_context(|| format!("cannot load {}", p.display())),
    }
}

fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match out {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            stdout.flush()?;
            Ok(())
        }
    }
}

/// Runs a parsed command line; returns the process exit code.
pub fn execute(command: Command) -> Result<ExitCode> {
    match command {
        Command::Run {
            file,
            format,
            by,
            out,
        } => {
            let sc = load_scenario(file.as_deref())?;
            let model = Model::compile(&sc)?;
            let projection = model.project(RunOptions {
                township_detail: by == By::Township,
            });
            let bytes = match format {
                Format::Json => serde_json::to_vec_pretty(&projection)?,
                Format::Csv => crate::model::export::csv_bytes(&projection, by == By::Township)?,
            };
            write_out(out.as_deref(), &bytes)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Opens the desktop app on the default county.
#[cfg(feature = "gui")]
pub fn open_app() -> Result<ExitCode> {
    crate::app::run(None)?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `gui` feature there is no app: prints the help.
#[cfg(not(feature = "gui"))]
pub fn open_app() -> Result<ExitCode> {
    use clap::CommandFactory;
    Cli::command().print_help()?;
    println!();
    Ok(ExitCode::SUCCESS)
}
