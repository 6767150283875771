//! The planner's decisions on the command line: `levers`, `compare`,
//! `sensitivity`, `seek` and `optimise`, and the `--set ID=VALUE` every
//! command that runs a scenario takes.

use super::{EXIT_INVALID, checked_scenario, chinese, stream_out};
use crate::exchange::{Cell, Table};
use crate::model::analysis::{
    self, AnalysisError, Control, Evaluation, compare, seek, sensitivity,
};
use crate::model::catalog::{self, Catalog, LeverKind};
use crate::model::goals;
use crate::model::{Model, Scenario};
use anyhow::Result;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--set ID=VALUE` (repeatable): try a catalog value without editing the file.
#[derive(Debug, Clone, Default, Args)]
pub struct Settings {
    /// Set a lever or assumption for this run only, e.g. `--set levers.pay_multiplier=1.15`
    /// (repeatable; ids as `talent-planner levers` lists them, checked against the valid range).
    #[arg(long = "set", value_name = "ID=VALUE")]
    pub set: Vec<String>,
    /// What Monte Carlo bands include: `all` (process noise and the
    /// scenario's uncertain assumptions, drawn once per replication) or
    /// `process` (who leaves, who passes, late funds; assumptions held at
    /// the file's values).
    #[arg(long, value_enum, default_value_t = UncertaintyChoice::All)]
    pub uncertainty: UncertaintyChoice,
}

/// Which kinds of uncertainty Monte Carlo bands include (MODEL.md §7a).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum UncertaintyChoice {
    /// Process noise and the uncertain assumptions.
    #[default]
    All,
    /// Process noise alone.
    Process,
}

/// Monte Carlo options of the analyses.
#[derive(Debug, Clone, Default, Args)]
pub struct McArgs {
    /// Monte Carlo replications per scenario or point (paired across
    /// scenarios); without it, the expected-value projection.
    #[arg(long)]
    pub runs: Option<usize>,
    /// Seed of the replications (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
}

impl McArgs {
    fn evaluation(&self, sc: &Scenario) -> Evaluation {
        match self.runs {
            Some(runs) => Evaluation::MonteCarlo {
                runs,
                seed: self.seed.unwrap_or(sc.seed),
            },
            None => Evaluation::Deterministic,
        }
    }
}

/// Output format of the analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// One JSON document.
    Json,
    /// A CSV table (UTF-8 with a byte-order mark).
    Csv,
    /// An Excel workbook (compare only).
    Xlsx,
}

/// Which catalog entries a sensitivity analysis moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Only {
    /// Policies the county decides.
    Policy,
    /// Assumptions the county doubts.
    Assumption,
}

/// A user error of the analyses: printed in the user's language, exit code 2.
#[derive(Debug)]
pub struct Refusal {
    en: String,
    zh: String,
}

impl Refusal {
    /// A refusal with its message in both languages.
    pub(crate) fn new(en: impl Into<String>, zh: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// Prints the message on standard error; returns the exit code.
    pub fn report(&self) -> ExitCode {
        let (zh, en) = (&self.zh, &self.en);
        if chinese() {
            eprintln!("错误：{zh}");
        } else {
            eprintln!("error: {en}");
        }
        ExitCode::from(EXIT_INVALID)
    }
}

impl From<AnalysisError> for Refusal {
    fn from(e: AnalysisError) -> Self {
        Self::new(e.text(false), e.text(true))
    }
}

impl From<catalog::CatalogError> for Refusal {
    fn from(e: catalog::CatalogError) -> Self {
        Self::new(e.text(false), e.text(true))
    }
}

impl From<goals::GoalError> for Refusal {
    fn from(e: goals::GoalError) -> Self {
        Self::new(e.text(false), e.text(true))
    }
}

/// Reads, validates and changes a scenario by `--set`: the scenario, or
/// the exit code to stop with (problems already printed).
pub fn load_with_settings(
    file: Option<&Path>,
    settings: &Settings,
) -> Result<Result<Scenario, ExitCode>> {
    let sc = match checked_scenario(file, &mut std::io::stderr().lock())? {
        Ok(sc) => sc,
        Err(code) => return Ok(Err(ExitCode::from(code))),
    };
    Ok(apply(sc, settings).map_err(|r| r.report()))
}

fn apply(mut sc: Scenario, settings: &Settings) -> Result<Scenario, Refusal> {
    let parsed: Vec<(String, f64)> = settings
        .set
        .iter()
        .map(|s| catalog::parse_assignment(s))
        .collect::<Result<_, _>>()?;
    catalog::apply_settings(&mut sc, &parsed)?;
    if settings.uncertainty == UncertaintyChoice::Process {
        sc.uncertainty = crate::model::uncertainty::Uncertainty::default();
    }
    if !parsed.is_empty() {
        let problems = crate::model::validate::validate(&sc);
        if let Some(p) = problems.iter().find(|p| p.is_error()) {
            return Err(Refusal::new(
                format!("with --set, {}: {}", p.path, p.message_en),
                format!("使用 --set 后，{}：{}", p.path, p.message_zh),
            ));
        }
    }
    Ok(sc)
}

/// The prologue of a command that reads one scenario and writes `out`:
/// the scenario with its settings, or the exit code of the message already
/// given (unreadable, invalid, or an output that cannot be written).
fn load_for_output(
    file: Option<&Path>,
    settings: &Settings,
    out: Option<&Path>,
) -> Result<Result<Scenario, ExitCode>> {
    let sc = match load_with_settings(file, settings)? {
        Ok(sc) => sc,
        Err(code) => return Ok(Err(code)),
    };
    if let Err(r) = check_writable(out) {
        return Ok(Err(r.report()));
    }
    Ok(Ok(sc))
}

/// Checks that `out` can be written before an analysis starts, so a
/// long run does not end in an unwritable path.
pub(crate) fn check_writable(out: Option<&Path>) -> Result<(), Refusal> {
    let Some(p) = out else { return Ok(()) };
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let writable = dir.is_dir()
        && !p.is_dir()
        && std::fs::metadata(&dir).is_ok_and(|m| !m.permissions().readonly());
    if writable {
        Ok(())
    } else {
        Err(Refusal::new(
            format!("cannot write the output file {}", p.display()),
            format!("无法写入输出文件 {}", p.display()),
        ))
    }
}

/// Runs an analysis with a progress bar on standard error when it is a terminal.
pub(crate) fn with_progress<T>(run: impl FnOnce(&Control) -> T) -> T {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let ctl = Control::new();
    if !std::io::stderr().is_terminal() {
        return run(&ctl);
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {elapsed}") {
        bar.set_style(style);
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    let out = std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let (d, t) = ctl.progress();
                bar.set_length(t as u64);
                bar.set_position(d as u64);
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        });
        let out = run(&ctl);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        out
    });
    bar.finish_and_clear();
    out
}

fn json_out<T: Serialize>(out: Option<&Path>, value: &T) -> Result<()> {
    stream_out(out, |w| Ok(serde_json::to_writer_pretty(w, value)?))
}

/// Writes a table as CSV (UTF-8 with a byte-order mark, through the
/// exchange layer's escaping) or as a workbook (`--out` required).
fn table_out(
    out: Option<&Path>,
    table: &Table,
    format: TableFormat,
) -> Result<Result<(), Refusal>> {
    match format {
        TableFormat::Xlsx => {
            let Some(path) = out else {
                return Ok(Err(Refusal::new(
                    "--format xlsx needs --out FILE.xlsx",
                    "--format xlsx 需要 --out 文件.xlsx",
                )));
            };
            let bytes = crate::exchange::xlsx::workbook_bytes(std::slice::from_ref(table))?;
            crate::exchange::safe_write::write_bytes(path, &bytes)?;
        }
        _ => stream_out(out, |w| {
            crate::exchange::csv::write_table(table, w)?;
            Ok(())
        })?,
    }
    Ok(Ok(()))
}

/// The user's language as the glossary names it.
fn lang() -> crate::present::i18n::Lang {
    if chinese() {
        crate::present::i18n::Lang::Zh
    } else {
        crate::present::i18n::Lang::En
    }
}

/// A number cell (empty when not finite).
fn num(v: f64) -> Cell {
    Cell::number(v)
}

fn header(zh: bool, zh_names: &[&str], en_names: &[&str], sheet: &str) -> Table {
    Table::new(sheet, if zh { zh_names } else { en_names })
}

/// `talent-planner levers`.
pub fn levers(
    file: Option<&Path>,
    format: TableFormat,
    out: Option<&Path>,
    settings: &Settings,
) -> Result<ExitCode> {
    let sc = match load_for_output(file, settings, out)? {
        Ok(sc) => sc,
        Err(code) => return Ok(code),
    };
    let catalog = Catalog::of(&sc);
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        entry: &'a catalog::Entry,
        value: Option<f64>,
        basis_assumed: bool,
        unit_zh: &'static str,
        unit_en: &'static str,
        /// The entry's distribution in the uncertainty section, if any.
        uncertainty: Option<&'a crate::model::uncertainty::Assumption>,
    }
    let assumption = |e: &catalog::Entry| {
        sc.uncertainty
            .assumptions
            .iter()
            .find(|a| a.names(&catalog, &e.id))
    };
    let rows: Vec<Row> = catalog
        .entries
        .iter()
        .map(|e| Row {
            entry: e,
            value: e.get(&sc),
            basis_assumed: e.basis.is_assumed(),
            unit_zh: e.unit.label(true),
            unit_en: e.unit.label(false),
            uncertainty: assumption(e),
        })
        .collect();
    match format {
        TableFormat::Json => json_out(out, &rows)?,
        TableFormat::Csv | TableFormat::Xlsx => {
            let zh = chinese();
            let mut t = header(
                zh,
                &[
                    "参数",
                    "名称",
                    "英文名称",
                    "单位",
                    "类别",
                    "最小值",
                    "最大值",
                    "合理低值",
                    "合理高值",
                    "依据",
                    "当前值",
                    "支出影响",
                    "来源",
                    "不确定性（随机模拟中的分布）",
                    "分布来源",
                ],
                &[
                    "id",
                    "name_zh",
                    "name_en",
                    "unit",
                    "kind",
                    "valid_min",
                    "valid_max",
                    "plausible_low",
                    "plausible_high",
                    "basis",
                    "value",
                    "cost",
                    "source",
                    "uncertainty",
                    "uncertainty_source",
                ],
                if zh { "参数目录" } else { "levers" },
            );
            for e in &catalog.entries {
                let basis = format!(
                    "{}{}",
                    match (e.basis.is_assumed(), zh) {
                        (true, true) => "假设：",
                        (true, false) => "assumed: ",
                        (false, true) => "有来源：",
                        (false, false) => "sourced: ",
                    },
                    e.basis.text_in(zh)
                );
                t.rows.push(vec![
                    Cell::text(&e.id),
                    Cell::text(&e.name_zh),
                    Cell::text(&e.name_en),
                    Cell::text(e.unit.label(zh)),
                    Cell::text(e.kind.label(zh)),
                    num(e.valid_min),
                    num(e.valid_max),
                    num(e.plausible_low),
                    num(e.plausible_high),
                    Cell::text(basis),
                    e.get(&sc).map_or(Cell::Empty, num),
                    Cell::text(e.cost.label(zh)),
                    Cell::text(e.source.text(zh)),
                    assumption(e).map_or(Cell::Empty, |a| Cell::text(a.distribution.describe(zh))),
                    assumption(e).map_or(Cell::Empty, |a| Cell::text(a.source.text(zh))),
                ]);
            }
            if let Err(r) = table_out(out, &t, format)? {
                return Ok(r.report());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `talent-planner compare`.
#[allow(clippy::too_many_arguments)]
pub fn compare_cmd(
    files: &[PathBuf],
    mc: &McArgs,
    county_only: bool,
    year: Option<i32>,
    format: TableFormat,
    out: Option<&Path>,
    settings: &Settings,
) -> Result<ExitCode> {
    if files.len() < 2 {
        return Ok(Refusal::new(
            "compare needs a base and at least one variant: compare BASE.ron VARIANT.ron …",
            "比较至少需要一个基准方案和一个备选方案：compare 基准.ron 备选.ron …",
        )
        .report());
    }
    let mut plans = Vec::with_capacity(files.len());
    for f in files {
        let sc = match load_with_settings(Some(f), settings)? {
            Ok(sc) => sc,
            Err(code) => return Ok(code),
        };
        let model = match Model::compile(&sc) {
            Ok(m) => m,
            Err(e) => return Ok(Refusal::from(AnalysisError::from(e)).report()),
        };
        plans.push((sc, model));
    }
    if let Err(r) = check_writable(out) {
        return Ok(r.report());
    }
    let labels: Vec<String> = files
        .iter()
        .map(|f| {
            f.file_name().map_or_else(
                || f.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let opts = compare::CompareOptions {
        eval: mc.evaluation(&plans[0].0),
        county_only,
        year,
    };
    let result = with_progress(|ctl| compare::compare(&plans, &labels, opts, ctl));
    let cmp = match result {
        Ok(c) => c,
        Err(e) => return Ok(Refusal::from(e).report()),
    };
    for line in binding_lines_of(&plans) {
        eprintln!("{line}");
    }
    match format {
        TableFormat::Json => json_out(out, &cmp)?,
        TableFormat::Csv | TableFormat::Xlsx => {
            let t = crate::present::decisions::compare::table(&cmp, lang());
            if let Err(r) = table_out(out, &t, format)? {
                return Ok(r.report());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The warnings of what binds in each plan's projection.
fn binding_lines_of(plans: &[(Scenario, Model)]) -> Vec<String> {
    let zh = chinese();
    let mut out = Vec::new();
    for (sc, model) in plans {
        let p = model.project(crate::model::RunOptions::default());
        let b = analysis::binding::binding(sc, model, &p, None);
        for line in b.lines(sc, zh) {
            out.push(if zh {
                format!("注意（{}）：{line}", sc.name)
            } else {
                format!("note ({}): {line}", sc.name)
            });
        }
    }
    out
}

/// `talent-planner sensitivity`.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_cmd(
    file: Option<&Path>,
    metrics: &[String],
    year: Option<i32>,
    mc: &McArgs,
    only: Option<Only>,
    format: TableFormat,
    out: Option<&Path>,
    settings: &Settings,
) -> Result<ExitCode> {
    let sc = match load_for_output(file, settings, out)? {
        Ok(sc) => sc,
        Err(code) => return Ok(code),
    };
    let opts = sensitivity::SensitivityOptions {
        metrics: metrics.to_vec(),
        year,
        eval: mc.evaluation(&sc),
        only: only.map(|o| match o {
            Only::Policy => LeverKind::Policy,
            Only::Assumption => LeverKind::Assumption,
        }),
    };
    let result = match with_progress(|ctl| sensitivity::sensitivity(&sc, &opts, ctl)) {
        Ok(r) => r,
        Err(e) => return Ok(Refusal::from(e).report()),
    };
    if let (Some(sc), Some(runs)) = (result.screening, result.runs) {
        if chinese() {
            eprintln!(
                "筛选：{} 个参数先各模拟 {} 次，摆幅最大的 {} 个再模拟 {runs} 次（其余摆幅的区间较宽）",
                sc.entries, sc.pilot_runs, sc.kept
            );
        } else {
            eprintln!(
                "screened: {} entries on {} paired runs each, the {} with the largest swings again on {runs} (the others' intervals are wider)",
                sc.entries, sc.pilot_runs, sc.kept
            );
        }
    }
    match format {
        TableFormat::Json => json_out(out, &result)?,
        TableFormat::Csv | TableFormat::Xlsx => {
            let zh = chinese();
            let mut t = header(
                zh,
                &[
                    "指标",
                    "年份",
                    "参数",
                    "名称",
                    "类别",
                    "基准值",
                    "低值",
                    "高值",
                    "低值时结果",
                    "高值时结果",
                    "摆幅",
                    "摆幅90%下限",
                    "摆幅90%上限",
                    "弹性",
                    "模拟次数",
                ],
                &[
                    "metric",
                    "year",
                    "id",
                    "name",
                    "kind",
                    "base",
                    "low",
                    "high",
                    "output_at_low",
                    "output_at_high",
                    "swing",
                    "swing_low",
                    "swing_high",
                    "elasticity",
                    "runs",
                ],
                if zh { "敏感性" } else { "sensitivity" },
            );
            for tor in &result.tornadoes {
                for b in &tor.bars {
                    t.rows.push(vec![
                        Cell::text(&tor.metric),
                        Cell::from(tor.year),
                        Cell::text(&b.id),
                        Cell::text(if zh { &b.name_zh } else { &b.name_en }),
                        Cell::text(b.kind.label(zh)),
                        num(b.base),
                        num(b.low),
                        num(b.high),
                        num(b.output_at_low),
                        num(b.output_at_high),
                        num(b.swing.value),
                        num(b.swing.low),
                        num(b.swing.high),
                        b.elasticity.map_or(Cell::Empty, num),
                        b.runs.map_or(Cell::Empty, |r| num(r as f64)),
                    ]);
                }
            }
            if let Err(r) = table_out(out, &t, format)? {
                return Ok(r.report());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `talent-planner seek`.
#[allow(clippy::too_many_arguments)]
pub fn seek_cmd(
    file: Option<&Path>,
    lever: &str,
    goal: &str,
    probability: f64,
    mc: &McArgs,
    out: Option<&Path>,
    settings: &Settings,
) -> Result<ExitCode> {
    let sc = match load_for_output(file, settings, out)? {
        Ok(sc) => sc,
        Err(code) => return Ok(code),
    };
    let goal = match goals::goal_by_id_or_inline(&sc, goal) {
        Ok(g) => g,
        Err(e) => return Ok(Refusal::from(e).report()),
    };
    let opts = seek::SeekOptions {
        lever: lever.to_string(),
        goal,
        probability,
        eval: mc.evaluation(&sc),
    };
    let result = match with_progress(|ctl| seek::seek(&sc, &opts, ctl)) {
        Ok(r) => r,
        Err(e) => return Ok(Refusal::from(e).report()),
    };
    eprintln!(
        "{}",
        crate::present::decisions::seek::summary(&result, lang())
    );
    json_out(out, &result)?;
    Ok(ExitCode::SUCCESS)
}

/// `talent-planner optimise`.
pub fn optimise_cmd(
    file: Option<&Path>,
    levers: &[String],
    probability: f64,
    mc: &McArgs,
    out: Option<&Path>,
    settings: &Settings,
) -> Result<ExitCode> {
    let sc = match load_for_output(file, settings, out)? {
        Ok(sc) => sc,
        Err(code) => return Ok(code),
    };
    let opts = seek::OptimiseOptions {
        levers: levers.to_vec(),
        probability,
        eval: mc.evaluation(&sc),
    };
    let result = match with_progress(|ctl| seek::optimise(&sc, &opts, ctl)) {
        Ok(r) => r,
        Err(e) => return Ok(Refusal::from(e).report()),
    };
    let zh = chinese();
    match &result.answer {
        Some(a) => {
            let parts: Vec<String> = result
                .levers
                .iter()
                .zip(&a.values)
                .map(|(id, v)| format!("{id}={v}"))
                .collect();
            if zh {
                eprintln!(
                    "最低成本组合：{}（全部目标同时达成的概率 {:.0}%，到期末累计支出 {:.1} 万元；共评估 {} 个组合）",
                    parts.join(" "),
                    a.probability * 100.0,
                    a.cost_yuan / 1e4,
                    result.evaluations
                );
            } else {
                eprintln!(
                    "cheapest mix: {} (every goal met together with probability {:.0} %, cumulative spending {:.0} yuan; {} mixes judged)",
                    parts.join(" "),
                    a.probability * 100.0,
                    a.cost_yuan,
                    result.evaluations
                );
            }
        }
        None => {
            if zh {
                eprintln!(
                    "在这些参数的合理范围内没有组合能同时达成全部目标；最接近的组合概率 {:.0}%",
                    result.best.probability * 100.0
                );
            } else {
                eprintln!(
                    "no mix within these levers' plausible ranges meets every goal; the closest reaches {:.0} %",
                    result.best.probability * 100.0
                );
            }
        }
    }
    json_out(out, &result)?;
    Ok(ExitCode::SUCCESS)
}
