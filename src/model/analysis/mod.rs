//! Decisions, not just projections: comparison of plans, sensitivity
//! (tornado), goal seek, the cheapest mix of levers, and what binds.
//!
//! Every analysis evaluates scenarios through [`Evaluation`]: the
//! expected-value projection (deterministic), or `runs` Monte Carlo
//! replications with **common random numbers** — replication `r` of every
//! scenario draws from the same random stream (the scenario's seed, stream
//! `r`, re-positioned at the start of every month), so the difference
//! between two plans is measured on paired replications and is far more
//! precise than the difference of two independent runs (MODEL.md, "Paired
//! replications").
//!
//! Analyses run on the rayon pool and report progress and honour
//! cancellation through a [`Control`], so the desktop app can run them in
//! the background and the command line can draw a progress bar.

pub mod binding;
pub mod compare;
pub mod seek;
pub mod sensitivity;

use super::catalog::CatalogError;
use super::engine::{Expected, Model, ModelError};
use super::goals::GoalError;
use super::montecarlo::{McError, Stochastic, check_memory, check_run_count};
use super::scenario::Scenario;
use super::validate;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use thiserror::Error;

/// Why an analysis cannot run or did not finish.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// A lever id or value was refused.
    #[error(transparent)]
    Catalog(Box<CatalogError>),
    /// A goal could not be read or bound.
    #[error(transparent)]
    Goal(Box<GoalError>),
    /// A scenario could not be compiled.
    #[error(transparent)]
    Model(Box<ModelError>),
    /// The run size was refused.
    #[error(transparent)]
    Runs(#[from] McError),
    /// A changed scenario breaks a validation rule.
    #[error("the changed scenario is not valid: {0}")]
    Invalid(String),
    /// Scenarios that cannot be compared.
    #[error("{en}")]
    Incomparable {
        /// Why, in English.
        en: String,
        /// Why, in Chinese.
        zh: String,
    },
    /// A probability outside (0, 1).
    #[error("the probability must be between 0 and 1, exclusive (found {0})")]
    Probability(f64),
    /// Bad options (too few or too many levers, a lever that is not a policy …).
    #[error("{en}")]
    Options {
        /// Why, in English.
        en: String,
        /// Why, in Chinese.
        zh: String,
    },
    /// The analysis was cancelled.
    #[error("cancelled")]
    Cancelled,
}

impl From<CatalogError> for AnalysisError {
    fn from(e: CatalogError) -> Self {
        Self::Catalog(Box::new(e))
    }
}

impl From<GoalError> for AnalysisError {
    fn from(e: GoalError) -> Self {
        Self::Goal(Box::new(e))
    }
}

impl From<ModelError> for AnalysisError {
    fn from(e: ModelError) -> Self {
        Self::Model(Box::new(e))
    }
}

impl AnalysisError {
    /// The message in the language asked for.
    #[must_use]
    pub fn text(&self, chinese: bool) -> String {
        if !chinese {
            return self.to_string();
        }
        match self {
            AnalysisError::Catalog(e) => e.text(true),
            AnalysisError::Goal(e) => e.text(true),
            AnalysisError::Model(e) => format!("方案无法编译：{e}"),
            AnalysisError::Runs(e) => format!("模拟次数不可用：{e}"),
            AnalysisError::Invalid(e) => format!("修改后的方案不合规：{e}"),
            AnalysisError::Incomparable { zh, .. } | AnalysisError::Options { zh, .. } => {
                zh.clone()
            }
            AnalysisError::Probability(p) => {
                format!("概率必须在 0 和 1 之间（不含端点），当前为 {p}")
            }
            AnalysisError::Cancelled => "已取消".into(),
        }
    }
}

/// Progress and cancellation of an analysis, shared with whoever watches it.
#[derive(Debug, Default)]
pub struct Control {
    cancel: AtomicBool,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Control {
    /// A fresh control (nothing done, not cancelled).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the analysis to stop; it returns [`AnalysisError::Cancelled`] soon after.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether a stop was asked for.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag, for the engine to check once a simulated month.
    #[must_use]
    pub fn flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// (runs done, runs planned so far). The total grows as a search
    /// decides on its next points.
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Adds `n` runs to the total planned (work outside this module, such
    /// as a report's Monte Carlo run, counts through the same control).
    pub fn plan(&self, n: usize) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// Counts one run done.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    fn check(&self) -> Result<(), AnalysisError> {
        if self.cancelled() {
            Err(AnalysisError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// How scenarios are evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    /// The expected-value projection.
    Deterministic,
    /// Monte Carlo replications with common random numbers.
    MonteCarlo {
        /// Replications per scenario.
        runs: usize,
        /// Seed of replication 0's stream (the same for every scenario).
        seed: u64,
    },
}

impl Evaluation {
    /// Replications per evaluation (1 for the deterministic projection).
    #[must_use]
    pub fn runs(self) -> usize {
        match self {
            Evaluation::Deterministic => 1,
            Evaluation::MonteCarlo { runs, .. } => runs,
        }
    }
}

/// The values of a run at the year ends: for each calendar year of the
/// horizon, the metric row of its last month (`end`) and the sum of the
/// metric rows of its months (`sum`; meaningful for flows such as hires and
/// cost). The start state (month index 0) belongs to no year's sum.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRows {
    /// Metrics a row holds.
    pub width: usize,
    /// Year-end rows, one per year of [`Model::year_ends`], in year order.
    pub end: Vec<f64>,
    /// Year sums, one row per year, in year order.
    pub sum: Vec<f64>,
}

impl YearRows {
    /// Reduces a run's monthly metric rows to year-end rows and year sums.
    #[must_use]
    pub fn of(model: &Model, rows: &[f64]) -> Self {
        let width = model.metric_width();
        let ends: Vec<usize> = model.year_ends().into_values().collect();
        let mut end = Vec::with_capacity(ends.len() * width);
        let mut sum = vec![0.0; ends.len() * width];
        let mut first = 1;
        for (y, &last) in ends.iter().enumerate() {
            end.extend_from_slice(&rows[last * width..][..width]);
            let acc = &mut sum[y * width..][..width];
            for step in first..=last {
                for (a, v) in acc.iter_mut().zip(&rows[step * width..][..width]) {
                    *a += v;
                }
            }
            first = last + 1;
        }
        Self { width, end, sum }
    }

    /// The value of metric column `col` at the end of year number `y` (0 = first year).
    #[must_use]
    pub fn at_end(&self, y: usize, col: usize) -> f64 {
        self.end[y * self.width + col]
    }

    /// The sum of metric column `col` over the months of year number `y`.
    #[must_use]
    pub fn over_year(&self, y: usize, col: usize) -> f64 {
        self.sum[y * self.width + col]
    }
}

/// Runs `model` under `eval` and gives `f` each run's monthly metric rows
/// (month-major, [`Model::metric_names`] order); returns what `f` made of
/// each run, in replication order (one element for the deterministic
/// projection). Replication `r` uses stream `r` of the seed, so the same
/// `r` of two scenarios are paired.
pub fn evaluate<T: Send>(
    model: &Model,
    eval: Evaluation,
    ctl: &Control,
    f: impl Fn(&[f64]) -> T + Sync + Send,
) -> Result<Vec<T>, AnalysisError> {
    ctl.check()?;
    let len = (model.months() as usize + 1) * model.metric_width();
    match eval {
        Evaluation::Deterministic => {
            ctl.plan(1);
            let mut rows = vec![0.0; len];
            if !model.run_metrics(&mut Expected, &mut rows, ctl.flag()) {
                return Err(AnalysisError::Cancelled);
            }
            ctl.tick();
            Ok(vec![f(&rows)])
        }
        Evaluation::MonteCarlo { runs, seed } => {
            check_run_count(runs)?;
            ctl.plan(runs);
            let out: Vec<Result<T, AnalysisError>> = (0..runs)
                .into_par_iter()
                .map_init(
                    || vec![0.0; len],
                    |rows, r| {
                        let (model, mut sampler) =
                            Stochastic::replication(model, seed, r as u64)
                                .map_err(|e| AnalysisError::Model(Box::new(e)))?;
                        if !model.run_metrics(&mut sampler, rows, ctl.flag()) {
                            return Err(AnalysisError::Cancelled);
                        }
                        ctl.tick();
                        Ok(f(rows))
                    },
                )
                .collect();
            ctl.check()?;
            out.into_iter().collect()
        }
    }
}

/// `sc` cut to end with the end of calendar year `year` (or as it is, when
/// the year is its last or outside it). The monthly step never looks
/// ahead, so every month up to that year end is the same as in the full
/// projection (test `a_projection_cut_at_a_year_is_the_full_one_up_to_it`);
/// an analysis that reads nothing later runs only these months.
#[must_use]
pub fn through_year(sc: &Scenario, year: i32) -> Scenario {
    let mut cut = sc.clone();
    // Years that start inside the projection, counted from its first
    // calendar year; a start after January adds the partial year.
    let extra = u32::from(sc.start_month > 1);
    let wanted = i64::from(year) - i64::from(sc.start_year) + 1 + i64::from(extra);
    if let Ok(years) = u32::try_from(wanted)
        && years >= 1
        && years < sc.horizon_years
    {
        cut.horizon_years = years;
    }
    cut
}

/// A scenario with `ID=VALUE` settings applied, checked and compiled.
pub fn compile_with(
    base: &Scenario,
    settings: &[(String, f64)],
) -> Result<(Scenario, Model), AnalysisError> {
    let mut sc = base.clone();
    super::catalog::apply_settings(&mut sc, settings)?;
    compile_checked(sc)
}

/// Checks a changed scenario (errors only) and compiles it.
pub fn compile_checked(sc: Scenario) -> Result<(Scenario, Model), AnalysisError> {
    let problems = validate::validate(&sc);
    if let Some(p) = problems.iter().find(|p| p.is_error()) {
        return Err(AnalysisError::Invalid(format!(
            "{}: {}",
            p.path, p.message_en
        )));
    }
    let model = Model::compile(&sc)?;
    Ok((sc, model))
}

/// Mean of a sample (0 when empty).
#[must_use]
pub fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// Sample variance (n − 1 in the denominator; 0 below two values).
#[must_use]
pub fn variance(xs: &[f64]) -> f64 {
    if xs.len() < 2 {
        return 0.0;
    }
    let m = mean(xs);
    xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64
}

/// Quantile `q` of a sample (Hyndman–Fan type 7, as the Monte Carlo bands).
#[must_use]
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut v = xs.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    super::montecarlo::quantile_sorted(&v, q)
}

/// The normal quantile of a two-sided 90 % interval.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// A value with its 90 % interval.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Interval {
    /// The estimate.
    pub value: f64,
    /// Lower end of the 90 % interval.
    pub low: f64,
    /// Upper end of the 90 % interval.
    pub high: f64,
}

impl Interval {
    /// An exact value (deterministic, or one replication).
    #[must_use]
    pub fn exact(value: f64) -> Self {
        Self {
            value,
            low: value,
            high: value,
        }
    }

    /// The mean of a sample with the 90 % interval of that mean (normal
    /// approximation, `mean ± 1.645 · sd / √n`).
    #[must_use]
    pub fn of_mean(xs: &[f64]) -> Self {
        let m = mean(xs);
        if xs.len() < 2 {
            return Self::exact(m);
        }
        let half = Z90 * (variance(xs) / xs.len() as f64).sqrt();
        Self {
            value: m,
            low: m - half,
            high: m + half,
        }
    }
}

/// Column of a metric in [`Model::metric_names`], or an error naming the metrics.
pub fn metric_column(model: &Model, metric: &str) -> Result<usize, AnalysisError> {
    let names = model.metric_names();
    names.iter().position(|m| m == metric).ok_or_else(|| {
        AnalysisError::from(GoalError::UnknownMetric {
            goal: metric.to_string(),
            metric: metric.to_string(),
            valid: names.join(", "),
        })
    })
}

/// Year number (0 = first) of calendar year `year` in a model's year ends.
pub fn year_number(model: &Model, year: i32) -> Result<usize, AnalysisError> {
    let ends = model.year_ends();
    let first = ends.keys().next().copied().unwrap_or(0);
    let last = ends.keys().next_back().copied().unwrap_or(0);
    ends.keys().position(|&y| y == year).ok_or_else(|| {
        AnalysisError::from(GoalError::YearOutside {
            goal: year.to_string(),
            year,
            first,
            last,
        })
    })
}

/// The year analyses judge by default: 2030 when the projection reaches
/// it, else its last year.
#[must_use]
pub fn default_year(model: &Model) -> i32 {
    let ends = model.year_ends();
    let last = ends.keys().next_back().copied().unwrap_or(0);
    if ends.contains_key(&2030) { 2030 } else { last }
}

/// Checks that `scenarios` evaluations of `runs` replications, each kept
/// as year rows of `model`, fit in memory.
pub fn check_year_rows_memory(
    model: &Model,
    runs: usize,
    scenarios: usize,
) -> Result<(), AnalysisError> {
    let years = model.year_ends().len() as u64;
    let per_run = years * model.metric_width() as u64 * 2 * 8 + 64;
    let needed = per_run
        .saturating_mul(runs as u64)
        .saturating_mul(scenarios as u64)
        .saturating_add(
            (rayon::current_num_threads() as u64).saturating_mul(model.state_bytes() as u64),
        );
    Ok(check_memory(runs, needed)?)
}
