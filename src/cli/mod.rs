//! The command line: `run`, `validate`, `generate`, `roster`. With no
//! subcommand the desktop app opens (when built with the `gui` feature).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::{Model, RunOptions, Scenario, io, montecarlo};
use serde::Serialize;

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
        /// Also run this many Monte Carlo replications and add `bands` and
        /// `targets` to the JSON.
        #[arg(long)]
        runs: Option<usize>,
        /// Seed of the replications (default: the scenario's seed).
        #[arg(long)]
        seed: Option<u64>,
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
            runs,
            seed,
        } => {
            let sc = load_scenario(file.as_deref())?;
            let model = Model::compile(&sc)?;
            if runs.is_some() && format != Format::Json {
                anyhow::bail!("--runs adds bands to the JSON output; use --format json");
            }
            check_projection_memory(&model, by == By::Township)?;
            if let Some(runs) = runs {
                montecarlo::check_runs(&model, runs)?;
            }
            let projection = model.project(RunOptions {
                township_detail: by == By::Township,
            });
            let bytes = match (format, runs) {
                (Format::Json, Some(runs)) => {
                    let seed = seed.unwrap_or(sc.seed);
                    let mc = run_with_progress(&model, runs, seed)?;
                    serde_json::to_vec_pretty(&WithBands {
                        projection: &projection,
                        monte_carlo: McInfo {
                            runs: mc.runs,
                            seed: mc.seed,
                        },
                        bands: &mc.bands,
                        targets: &mc.targets,
                    })?
                }
                (Format::Json, None) => serde_json::to_vec_pretty(&projection)?,
                (Format::Csv, _) => {
                    crate::model::export::csv_bytes(&projection, by == By::Township)?
                }
            };
            write_out(out.as_deref(), &bytes)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The JSON of `run --runs N`: the projection plus Monte Carlo bands and odds.
#[derive(Serialize)]
struct WithBands<'a> {
    #[serde(flatten)]
    projection: &'a crate::model::Projection,
    monte_carlo: McInfo,
    bands: &'a montecarlo::Bands,
    targets: &'a montecarlo::TargetOdds,
}

/// Size and seed of a Monte Carlo run, echoed in the JSON.
#[derive(Serialize)]
struct McInfo {
    runs: usize,
    seed: u64,
}

/// Rough bytes of one township row (struct, id, per-track names) kept in
/// memory and written as JSON.
const TOWNSHIP_ROW_BYTES: u64 = 700;

/// Refuses a projection whose state and rows would not fit in memory.
fn check_projection_memory(model: &Model, township_rows: bool) -> Result<()> {
    let Some(avail) = montecarlo::available_memory_bytes() else {
        return Ok(());
    };
    let months = u64::from(model.months()) + 1;
    let rows = if township_rows {
        (model.township_count() as u64)
            .saturating_mul(months)
            .saturating_mul(TOWNSHIP_ROW_BYTES)
    } else {
        0
    };
    let needed = (model.state_bytes() as u64).saturating_add(rows);
    if needed as f64 > avail as f64 * 0.8 {
        anyhow::bail!(
            "this projection needs about {} MiB of memory but only {} MiB are available{}",
            needed >> 20,
            avail >> 20,
            if township_rows {
                "; try --by county"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// Runs the replications with a progress bar on standard error when it is a terminal.
fn run_with_progress(model: &Model, runs: usize, seed: u64) -> Result<montecarlo::McResult> {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(runs as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    let result = montecarlo::run_monte_carlo(model, runs, seed, &|| bar.inc(1))?;
    bar.finish_and_clear();
    Ok(result)
}

/// Opens the desktop app; without the `gui` feature, prints the help.
pub fn open_app() -> Result<ExitCode> {
    use clap::CommandFactory;
    Cli::command().print_help()?;
    println!();
    Ok(ExitCode::SUCCESS)
}
