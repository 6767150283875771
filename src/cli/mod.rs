//! The command line: `run`, `validate`, `generate`, `roster`. With no
//! subcommand the desktop app opens (when built with the `gui` feature).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::validate::{self, Position, Problem};
use crate::model::{Model, RunOptions, Scenario, io, montecarlo};
use serde::Serialize;

pub mod roster;

/// talent-planner: plan the rural social-work workforce.
#[derive(Debug, Parser)]
#[command(name = "talent-planner", version, about)]
pub struct Cli {
    /// What to do; none opens the desktop app.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// How the desktop app draws its window (default `auto`: each graphics
    /// API in turn, then OpenGL); also set by `TALENT_PLANNER_RENDERER`.
    #[arg(long, value_enum)]
    pub renderer: Option<Renderer>,
}

/// How the desktop app draws its window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Renderer {
    /// wgpu on the system's preferred graphics API; when it cannot start or
    /// loses its device, wgpu on the other APIs, then OpenGL through glow.
    #[default]
    Auto,
    /// wgpu on the graphics API it picks, without falling back.
    Wgpu,
    /// wgpu on Direct3D 12 (Windows).
    Dx12,
    /// wgpu on Vulkan.
    Vulkan,
    /// wgpu on OpenGL.
    Gl,
    /// eframe's own OpenGL renderer (glow), which works on the oldest drivers.
    Glow,
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
    /// Write a synthetic county (random plausible villages, standard parameters) as RON.
    Generate {
        /// Township stations (a county centre is added).
        #[arg(long)]
        townships: usize,
        /// Villages per township.
        #[arg(long)]
        villages_per_township: usize,
        /// Random seed; the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Scenario file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a scenario file and print every problem as
    /// `FILE:LINE:COLUMN: error|warning: PATH: message`; exit code 2 on errors.
    Validate {
        /// Scenario file (RON).
        file: PathBuf,
    },
    /// Trainee roster: certification status, import and export.
    Roster {
        /// What to do with the roster.
        #[command(subcommand)]
        action: roster::RosterCommand,
    },
}

/// Exit code for a scenario that cannot be read or has validation errors.
pub const EXIT_INVALID: u8 = 2;

/// True when messages should be in Chinese (`LANG` starts with `zh`).
fn chinese() -> bool {
    std::env::var("LANG").is_ok_and(|l| l.starts_with("zh"))
}

/// Formats one problem of `file` for the terminal.
#[must_use]
pub fn format_problem(file: &str, p: &Problem, chinese: bool) -> String {
    let pos = p.position.unwrap_or(Position { line: 1, column: 1 });
    let path = if p.path.is_empty() {
        String::new()
    } else {
        format!("{}: ", p.path)
    };
    format!(
        "{file}:{}:{}: {}: {path}{}",
        pos.line,
        pos.column,
        p.severity.label(),
        p.message(chinese)
    )
}

/// Reads and validates a scenario (the embedded default when `file` is
/// `None`). Prints every problem to `sink` (a read failure to standard error); returns the scenario when it has
/// no errors, or the exit code to stop with.
fn checked_scenario(file: Option<&Path>, sink: &mut dyn Write) -> Result<Result<Scenario, u8>> {
    let zh = chinese();
    let (name, text) = match file {
        None => ("<default>".to_string(), io::DEFAULT_COUNTY_RON.to_string()),
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => (p.display().to_string(), text),
            Err(err) => {
                // Always on standard error: this is not a list of problems.
                if zh {
                    eprintln!("错误：无法读取文件（{err}）：{}", p.display());
                } else {
                    eprintln!("error: cannot read the file ({err}): {}", p.display());
                }
                return Ok(Err(EXIT_INVALID));
            }
        },
    };
    let (scenario, problems) = validate::check_text(&text);
    for p in &problems {
        writeln!(sink, "{}", format_problem(&name, p, zh))?;
    }
    match scenario {
        Some(sc) if !validate::has_errors(&problems) => Ok(Ok(sc)),
        _ => Ok(Err(EXIT_INVALID)),
    }
}

/// Loads a scenario file, or the embedded default when `file` is `None`.
pub fn load_scenario(file: Option<&Path>) -> Result<Scenario> {
    match file {
        None => io::default_scenario().context("the embedded default scenario is broken"),
        Some(p) => io::load(p).with_context(|| format!("cannot load {}", p.display())),
    }
}

fn write_out(out: Option<&Path>, bytes: &[u8]) -> Result<()> {
    stream_out(out, |w| Ok(w.write_all(bytes)?))
}

/// Streams output to `out` (or standard output) through a buffer, so a
/// big result is never held twice in memory. A file is written beside its
/// final name and renamed into place only when complete, so a failed run
/// leaves any previous file as it was.
fn stream_out(out: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match out {
        Some(p) => {
            let mut part = p.as_os_str().to_owned();
            part.push(".part");
            let part = PathBuf::from(part);
            let result = (|| -> Result<()> {
                let file = std::fs::File::create(&part)?;
                let mut w = std::io::BufWriter::new(file);
                write(&mut w)?;
                w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                std::fs::rename(&part, p)?;
                Ok(())
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&part);
            }
            result.with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut w)?;
            w.flush()?;
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
            let sc = match checked_scenario(file.as_deref(), &mut std::io::stderr().lock())? {
                Ok(sc) => sc,
                Err(code) => return Ok(ExitCode::from(code)),
            };
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
                ..RunOptions::default()
            });
            match (format, runs) {
                (Format::Json, Some(runs)) => {
                    let seed = seed.unwrap_or(sc.seed);
                    let mc = run_with_progress(&model, runs, seed)?;
                    let doc = WithBands {
                        projection: &projection,
                        monte_carlo: McInfo {
                            runs: mc.runs,
                            seed: mc.seed,
                        },
                        bands: &mc.bands,
                        targets: &mc.targets,
                    };
                    stream_out(out.as_deref(), |w| {
                        Ok(serde_json::to_writer_pretty(w, &doc)?)
                    })?;
                }
                (Format::Json, None) => stream_out(out.as_deref(), |w| {
                    Ok(serde_json::to_writer_pretty(w, &projection)?)
                })?,
                (Format::Csv, _) => {
                    let bytes = crate::model::export::csv_bytes(&projection, by == By::Township)?;
                    write_out(out.as_deref(), &bytes)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate {
            townships,
            villages_per_township,
            seed,
            out,
        } => {
            let sc = crate::model::generate::synthetic(townships, villages_per_township, seed)
                .context("cannot generate the county")?;
            let file = std::fs::File::create(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            crate::model::generate::write_ron(&sc, &mut writer)
                .with_context(|| format!("cannot write {}", out.display()))?;
            writer
                .flush()
                .with_context(|| format!("cannot write {}", out.display()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { file } => {
            let code = match checked_scenario(Some(&file), &mut std::io::stdout().lock())? {
                Ok(_) => 0,
                Err(code) => code,
            };
            Ok(ExitCode::from(code))
        }
        Command::Roster { action } => roster::execute(action),
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

/// Opens the desktop app on the default county.
#[cfg(feature = "gui")]
pub fn open_app(renderer: Option<Renderer>) -> Result<ExitCode> {
    crate::app::run(None, renderer)?;
    Ok(ExitCode::SUCCESS)
}

/// Without the `gui` feature there is no app: prints the help.
#[cfg(not(feature = "gui"))]
pub fn open_app(_renderer: Option<Renderer>) -> Result<ExitCode> {
    use clap::CommandFactory;
    Cli::command().print_help()?;
    println!();
    Ok(ExitCode::SUCCESS)
}
