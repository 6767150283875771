//! The command line: `run`, `validate`, `generate`, `roster`, the
//! planner's analyses `levers`, `compare`, `sensitivity`, `seek` and
//! `optimise`, and the county plan `report`. It never opens a window: with no subcommand the binary
//! decides (the desktop app when built with the `gui` feature).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::model::validate::{self, Position, Problem};
use crate::model::{Model, RunOptions, Scenario, io, montecarlo};
use serde::Serialize;

pub mod analyses;
pub mod report;
pub mod roster;

use analyses::{McArgs, Only, Settings, TableFormat};

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
        /// Lever settings for this run.
        #[command(flatten)]
        settings: Settings,
    },
    /// List the lever catalog of a scenario: every number a planner can
    /// pull (policy) or doubt (assumption), with its valid range, plausible
    /// low and high, current value and source.
    Levers {
        /// Scenario file (RON); the embedded default county if omitted.
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Json)]
        format: TableFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lever settings applied first.
        #[command(flatten)]
        settings: Settings,
    },
    /// Compare a base plan with variants, year end by year end, with the
    /// differences measured on paired replications.
    Compare {
        /// The base scenario, then one or more variants.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// Replications and seed.
        #[command(flatten)]
        mc: McArgs,
        /// Compare county totals of plans whose townships differ.
        #[arg(long)]
        county_only: bool,
        /// Year of the cost per extra certified worker and station (default 2030 or the last year).
        #[arg(long)]
        year: Option<i32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Json)]
        format: TableFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lever settings applied to every plan.
        #[command(flatten)]
        settings: Settings,
    },
    /// Sensitivity (tornado): each catalog entry at its plausible low and
    /// high, one at a time; the swing of each output, largest first.
    Sensitivity {
        /// Scenario file (RON); the embedded default county if omitted.
        file: Option<PathBuf>,
        /// Output metric (repeatable; default certified_share, stations_at_norm and cumulative_cost_yuan).
        #[arg(long = "metric")]
        metrics: Vec<String>,
        /// Year whose end is read (default 2030 or the last year).
        #[arg(long)]
        year: Option<i32>,
        /// Replications and seed.
        #[command(flatten)]
        mc: McArgs,
        /// Only policies or only assumptions.
        #[arg(long, value_enum)]
        only: Option<Only>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TableFormat::Json)]
        format: TableFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lever settings applied first.
        #[command(flatten)]
        settings: Settings,
    },
    /// Goal seek: the least (or most) value of one lever at which a goal is
    /// reached with the probability asked for.
    Seek {
        /// Scenario file (RON); the embedded default county if omitted.
        file: Option<PathBuf>,
        /// The lever moved (a catalog id).
        #[arg(long)]
        lever: String,
        /// A goal id of the scenario, or an inline goal such as `certified_share>=0.6@2027`.
        #[arg(long)]
        goal: String,
        /// Probability the goal must reach (with --runs).
        #[arg(long, default_value_t = 0.8)]
        probability: f64,
        /// Replications and seed.
        #[command(flatten)]
        mc: McArgs,
        /// Write the JSON to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lever settings applied first.
        #[command(flatten)]
        settings: Settings,
    },
    /// The cheapest mix of two to four policy levers that meets every goal
    /// of the scenario with the probability asked for.
    Optimise {
        /// Scenario file (RON); the embedded default county if omitted.
        file: Option<PathBuf>,
        /// The levers moved, comma-separated catalog ids.
        #[arg(long, value_delimiter = ',', required = true)]
        levers: Vec<String>,
        /// Probability every goal must reach at once (with --runs).
        #[arg(long, default_value_t = 0.8)]
        probability: f64,
        /// Replications and seed.
        #[command(flatten)]
        mc: McArgs,
        /// Write the JSON to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Lever settings applied first.
        #[command(flatten)]
        settings: Settings,
    },
    /// The county plan report (实施方案 staffing annex): targets, people,
    /// money, risks, time plan, comparison and basis, as a Word document
    /// (.docx) or a workbook (.xlsx), with its charts as PNG files.
    Report {
        /// Scenario file (RON); the embedded default county if omitted.
        file: Option<PathBuf>,
        /// A variant compared with the base (repeatable).
        #[arg(long = "compare", value_name = "VARIANT.ron")]
        compare: Vec<PathBuf>,
        /// Monte Carlo replications (paired across the plans compared).
        #[arg(long, default_value_t = report::DEFAULT_RUNS)]
        runs: usize,
        /// Seed of the replications (default: the scenario's seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Language of the report.
        #[arg(long, value_enum, default_value_t = report::ReportLang::Zh)]
        lang: report::ReportLang,
        /// Also write the charts as PNG files into this folder.
        #[arg(long, value_name = "DIR")]
        charts: Option<PathBuf>,
        /// The report file: PLAN.docx or PLAN.xlsx.
        #[arg(long)]
        out: PathBuf,
        /// Lever settings applied to every plan.
        #[command(flatten)]
        settings: Settings,
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
pub(crate) fn chinese() -> bool {
    std::env::var("LANG").is_ok_and(|l| l.starts_with("zh"))
}

/// Formats one problem of `file` for the terminal.
#[must_use]
pub fn format_problem(file: &str, p: &Problem, chinese: bool) -> String {
    let pos = p.position.unwrap_or(Position { line: 1, column: 1 });
    // The path first, as compilers print places, then the field's label.
    let path = match (p.path.as_str(), p.label(chinese)) {
        ("", _) => String::new(),
        (path, "") => format!("{path}: "),
        (path, label) => format!("{path} ({label}): "),
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
pub(crate) fn checked_scenario(
    file: Option<&Path>,
    sink: &mut dyn Write,
) -> Result<Result<Scenario, u8>> {
    let zh = chinese();
    let (name, text) = match file {
        None => ("<default>".to_string(), io::DEFAULT_COUNTY_RON.to_string()),
        Some(p) => match io::read_text(p) {
            Ok(text) => (p.display().to_string(), text),
            Err(io::LoadError::Parse {
                line,
                column,
                message,
                message_zh,
            }) => {
                // Not UTF-8: a problem with its place, like any other.
                let problem = Problem {
                    severity: validate::Severity::Error,
                    path: String::new(),
                    position: Some(Position { line, column }),
                    message_en: message,
                    message_zh,
                    label_en: String::new(),
                    label_zh: String::new(),
                };
                writeln!(
                    sink,
                    "{}",
                    format_problem(&p.display().to_string(), &problem, zh)
                )?;
                return Ok(Err(EXIT_INVALID));
            }
            Err(err) => {
                // Always on standard error: this is not a list of problems.
                if zh {
                    eprintln!("错误：{}：{}", err.text(true), p.display());
                } else {
                    eprintln!("error: {}: {}", err.text(false), p.display());
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
/// big result is never held twice in memory. A file goes through the safe
/// write: a failed or killed run leaves any previous file as it was.
pub(crate) fn stream_out(
    out: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match out {
        Some(p) => crate::exchange::safe_write::write_file(p, write)
            .with_context(|| format!("cannot write {}", p.display())),
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut w)?;
            w.flush()?;
            Ok(())
        }
    }
}

/// Refuses to write a result holding a number that is infinite or not a
/// number (validation bounds the inputs so none should arise).
fn check_finite<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    match crate::exchange::finite::first_non_finite(value) {
        None => Ok(()),
        Some(at) => anyhow::bail!(
            "the result holds a number that is not finite (at {at}); nothing was written: please report the scenario"
        ),
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
            settings,
        } => {
            let sc = match analyses::load_with_settings(file.as_deref(), &settings)? {
                Ok(sc) => sc,
                Err(code) => return Ok(code),
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
            let goals = crate::model::goals::judge_expected(&model);
            let zh = chinese();
            match (format, runs) {
                (Format::Json, Some(runs)) => {
                    let seed = seed.unwrap_or(sc.seed);
                    let mc = run_with_progress(&model, runs, seed)?;
                    let binding = crate::model::analysis::binding::binding(
                        &sc,
                        &model,
                        &projection,
                        Some(&mc.bands),
                    );
                    warn_binding(&sc, &binding, zh);
                    let doc = WithBands {
                        projection: &projection,
                        goals: &goals,
                        binding: &binding,
                        monte_carlo: McInfo {
                            runs: mc.runs,
                            seed: mc.seed,
                            uncertainty: mc.uncertainty.clone(),
                        },
                        bands: &mc.bands,
                        targets: &mc.targets,
                    };
                    check_finite(&doc)?;
                    stream_out(out.as_deref(), |w| {
                        Ok(serde_json::to_writer_pretty(w, &doc)?)
                    })?;
                }
                (Format::Json, None) => {
                    check_finite(&projection)?;
                    let binding =
                        crate::model::analysis::binding::binding(&sc, &model, &projection, None);
                    warn_binding(&sc, &binding, zh);
                    let doc = Deterministic {
                        projection: &projection,
                        goals: &goals,
                        binding: &binding,
                    };
                    stream_out(out.as_deref(), |w| {
                        Ok(serde_json::to_writer_pretty(w, &doc)?)
                    })?;
                }
                (Format::Csv, _) => {
                    check_finite(&projection)?;
                    stream_out(out.as_deref(), |w| {
                        crate::model::export::write_csv(&projection, by == By::Township, w)?;
                        Ok(())
                    })?;
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
            stream_out(Some(&out), |w| {
                crate::model::generate::write_ron(&sc, w)?;
                Ok(())
            })?;
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
        Command::Report {
            file,
            compare,
            runs,
            seed,
            lang,
            charts,
            out,
            settings,
        } => report::report_cmd(&report::ReportArgs {
            file,
            compare,
            runs,
            seed,
            lang,
            charts,
            out,
            settings,
        }),
        Command::Levers {
            file,
            format,
            out,
            settings,
        } => analyses::levers(file.as_deref(), format, out.as_deref(), &settings),
        Command::Compare {
            files,
            mc,
            county_only,
            year,
            format,
            out,
            settings,
        } => analyses::compare_cmd(
            &files,
            &mc,
            county_only,
            year,
            format,
            out.as_deref(),
            &settings,
        ),
        Command::Sensitivity {
            file,
            metrics,
            year,
            mc,
            only,
            format,
            out,
            settings,
        } => analyses::sensitivity_cmd(
            file.as_deref(),
            &metrics,
            year,
            &mc,
            only,
            format,
            out.as_deref(),
            &settings,
        ),
        Command::Seek {
            file,
            lever,
            goal,
            probability,
            mc,
            out,
            settings,
        } => analyses::seek_cmd(
            file.as_deref(),
            &lever,
            &goal,
            probability,
            &mc,
            out.as_deref(),
            &settings,
        ),
        Command::Optimise {
            file,
            levers,
            probability,
            mc,
            out,
            settings,
        } => analyses::optimise_cmd(
            file.as_deref(),
            &levers,
            probability,
            &mc,
            out.as_deref(),
            &settings,
        ),
    }
}

/// Prints one warning line per binding rule on standard error.
fn warn_binding(sc: &Scenario, binding: &crate::model::analysis::binding::Binding, zh: bool) {
    for line in binding.lines(sc, zh) {
        if zh {
            eprintln!("注意：{line}");
        } else {
            eprintln!("note: {line}");
        }
    }
}

/// The JSON of `run`: the projection, each goal judged on it, and what binds.
#[derive(Serialize)]
struct Deterministic<'a> {
    #[serde(flatten)]
    projection: &'a crate::model::Projection,
    goals: &'a [crate::model::goals::GoalOutcome],
    binding: &'a crate::model::analysis::binding::Binding,
}

/// The JSON of `run --runs N`: the projection plus Monte Carlo bands and odds.
#[derive(Serialize)]
struct WithBands<'a> {
    #[serde(flatten)]
    projection: &'a crate::model::Projection,
    goals: &'a [crate::model::goals::GoalOutcome],
    binding: &'a crate::model::analysis::binding::Binding,
    monte_carlo: McInfo,
    bands: &'a montecarlo::Bands,
    targets: &'a montecarlo::TargetOdds,
}

/// Size and seed of a Monte Carlo run, and the kinds of uncertainty its
/// bands include, echoed in the JSON.
#[derive(Serialize)]
struct McInfo {
    runs: usize,
    seed: u64,
    uncertainty: crate::model::uncertainty::UncertaintyKinds,
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

#[cfg(test)]
mod tests {
    /// The command line runs without the app: the binary alone decides
    /// whether a window opens.
    #[test]
    fn the_command_line_does_not_call_into_the_app() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            read += 1;
            assert!(
                !text.contains(concat!("crate::", "app")),
                "{} calls into the app",
                path.display()
            );
        }
        assert!(read >= 2);
    }
}
