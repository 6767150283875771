//! Sensitivity (a tornado): each catalog entry at its plausible low and its
//! plausible high, one at a time, everything else at base; the swing of
//! chosen outputs, sorted by size; and each entry's elasticity at base.

use super::{
    AnalysisError, Control, Evaluation, Interval, YearRows, compile_with, evaluate, metric_column,
    year_number,
};
use crate::model::catalog::{Catalog, Entry, LeverKind};
use crate::model::engine::Model;
use crate::model::scenario::Scenario;
use rayon::prelude::*;
use serde::Serialize;

/// Outputs a tornado shows when none are asked for.
pub const DEFAULT_METRICS: [&str; 3] = [
    "certified_share",
    "stations_at_norm",
    "cumulative_cost_yuan",
];

/// Relative step of the elasticity's central difference (±5 % of the value).
pub const ELASTICITY_STEP: f64 = 0.05;

/// With Monte Carlo, entries are screened first on a pilot of this share
/// of the replications (at least [`PILOT_MIN_RUNS`]); only the entries with
/// the largest pilot swings are run on all of them (see [`Screening`]).
pub const PILOT_SHARE: f64 = 0.1;

/// Fewest replications of a pilot.
pub const PILOT_MIN_RUNS: usize = 30;

/// Entries per output kept for the full run after the pilot.
pub const SCREEN_KEEP: usize = 12;

/// How a Monte Carlo tornado was screened: every entry was run on
/// `pilot_runs` paired replications, and the `kept` entries with the
/// largest pilot swing of any output were run again on all replications.
/// The other bars keep their pilot swing, with its wider interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Screening {
    /// Replications of the pilot.
    pub pilot_runs: usize,
    /// Entries run on all replications.
    pub kept: usize,
    /// Entries in the tornado.
    pub entries: usize,
}

/// Options of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityOptions {
    /// Outputs (metric ids), each judged at the end of `year`.
    pub metrics: Vec<String>,
    /// Calendar year (default: 2030 or the projection's last year).
    pub year: Option<i32>,
    /// Deterministic, or paired Monte Carlo at every point.
    pub eval: Evaluation,
    /// Only policies or only assumptions.
    pub only: Option<LeverKind>,
}

/// One bar of a tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    /// Catalog entry id.
    pub id: String,
    /// Name (Chinese).
    pub name_zh: String,
    /// Name (English).
    pub name_en: String,
    /// Policy or assumption.
    pub kind: LeverKind,
    /// The entry's value in the base plan.
    pub base: f64,
    /// Its plausible low.
    pub low: f64,
    /// Its plausible high.
    pub high: f64,
    /// The output with the entry at its low (mean over replications).
    pub output_at_low: f64,
    /// The output with the entry at its high.
    pub output_at_high: f64,
    /// `output_at_high − output_at_low`, with its 90 % interval from the
    /// paired replications (exact when deterministic).
    pub swing: Interval,
    /// Elasticity of the output at base: the relative change of the output
    /// per relative change of the entry (central difference of ±5 %, on
    /// the expected-value projection); `None` for switches, whole-number
    /// entries and entries or outputs at 0.
    pub elasticity: Option<f64>,
    /// Replications the swing was measured on (`None`: deterministic);
    /// fewer than the analysis's runs for a bar screened out after the
    /// pilot.
    pub runs: Option<usize>,
}

/// The tornado of one output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tornado {
    /// Metric id.
    pub metric: String,
    /// Calendar year at whose end it is read.
    pub year: i32,
    /// The output in the base plan (mean over replications).
    pub base: f64,
    /// Bars, the largest swing first (ties by id).
    pub bars: Vec<Bar>,
}

/// The result of a sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Replications per point (`None`: deterministic).
    pub runs: Option<usize>,
    /// Seed of the paired replications.
    pub seed: Option<u64>,
    /// The pilot screening of a Monte Carlo tornado (`None`: every entry
    /// was run on all replications).
    pub screening: Option<Screening>,
    /// One tornado per output.
    pub tornadoes: Vec<Tornado>,
}

/// The outputs of one point: for each metric, its value at the year end
/// in every replication.
type Outputs = Vec<Vec<f64>>;

/// The outputs of one entry at its low and high, and (where it has one)
/// just below and above its base value for the elasticity.
type EntryPoints = (Outputs, Outputs, Option<(Outputs, Outputs)>);

fn outputs(
    model: &Model,
    cols: &[usize],
    y: usize,
    eval: Evaluation,
    ctl: &Control,
) -> Result<Outputs, AnalysisError> {
    let runs = evaluate(model, eval, ctl, |rows| {
        let yr = YearRows::of(model, rows);
        cols.iter().map(|&c| yr.at_end(y, c)).collect::<Vec<f64>>()
    })?;
    Ok((0..cols.len())
        .map(|k| runs.iter().map(|r| r[k]).collect())
        .collect())
}

/// Runs the tornado of `sc` (each catalog entry at its plausible low and
/// high) under `opts`.
pub fn sensitivity(
    sc: &Scenario,
    opts: &SensitivityOptions,
    ctl: &Control,
) -> Result<Sensitivity, AnalysisError> {
    let (_, base_model) = compile_with(sc, &[])?;
    let year = opts
        .year
        .unwrap_or_else(|| super::default_year(&base_model));
    let y = year_number(&base_model, year)?;
    let metrics: Vec<String> = if opts.metrics.is_empty() {
        DEFAULT_METRICS.iter().map(|m| (*m).to_string()).collect()
    } else {
        opts.metrics.clone()
    };
    let cols: Vec<usize> = metrics
        .iter()
        .map(|m| metric_column(&base_model, m))
        .collect::<Result<_, _>>()?;
    if let Evaluation::MonteCarlo { runs, .. } = opts.eval {
        crate::model::montecarlo::check_run_count(runs)?;
    }
    let catalog = Catalog::of(sc);
    let entries: Vec<&Entry> = catalog
        .entries
        .iter()
        .filter(|e| opts.only.is_none_or(|k| e.kind == k))
        .filter(|e| e.plausible_low < e.plausible_high)
        .collect();

    // Nothing after the year is read: every point runs only to its end.
    let cut = super::through_year(sc, year);
    let (_, cut_model) = compile_with(&cut, &[])?;
    let base_out = outputs(&cut_model, &cols, y, opts.eval, ctl)?;
    let base_det = if opts.eval == Evaluation::Deterministic {
        base_out.clone()
    } else {
        outputs(&cut_model, &cols, y, Evaluation::Deterministic, ctl)?
    };
    // Every point of every entry; points run one after another, each on
    // the rayon pool (Monte Carlo) or side by side (deterministic).
    let point = |e: &Entry, v: f64, eval: Evaluation| -> Result<Outputs, AnalysisError> {
        let (_, model) = compile_with(&cut, &[(e.id.clone(), e.clamp(v))])?;
        outputs(&model, &cols, y, eval, ctl)
    };
    // With Monte Carlo and many entries, a pilot on a tenth of the
    // replications screens the entries; the largest swings of each output
    // are then run on all of them.
    let pilot = match opts.eval {
        Evaluation::MonteCarlo { runs, seed } => {
            let pilot_runs = ((runs as f64 * PILOT_SHARE).ceil() as usize).max(PILOT_MIN_RUNS);
            (pilot_runs < runs && entries.len() > SCREEN_KEEP).then_some((
                Evaluation::MonteCarlo {
                    runs: pilot_runs,
                    seed,
                },
                pilot_runs,
            ))
        }
        Evaluation::Deterministic => None,
    };
    let mut full = vec![true; entries.len()];
    let mut pilot_points: Vec<Option<(Outputs, Outputs)>> = vec![None; entries.len()];
    let mut screening = None;
    if let Some((pilot_eval, pilot_runs)) = pilot {
        for (i, e) in entries.iter().enumerate() {
            let lo = point(e, e.plausible_low, pilot_eval)?;
            let hi = point(e, e.plausible_high, pilot_eval)?;
            pilot_points[i] = Some((lo, hi));
        }
        full = vec![false; entries.len()];
        for k in 0..cols.len() {
            let swing = |i: usize| {
                pilot_points[i].as_ref().map_or(0.0, |(lo, hi)| {
                    (super::mean(&hi[k]) - super::mean(&lo[k])).abs()
                })
            };
            let mut order: Vec<usize> = (0..entries.len()).collect();
            order.sort_by(|&a, &b| swing(b).total_cmp(&swing(a)).then(a.cmp(&b)));
            for &i in order.iter().take(SCREEN_KEEP) {
                full[i] = true;
            }
        }
        screening = Some(Screening {
            pilot_runs,
            kept: full.iter().filter(|f| **f).count(),
            entries: entries.len(),
        });
    }
    let per_entry = |(i, e): (usize, &&Entry)| -> Result<EntryPoints, AnalysisError> {
        let (lo, hi) = match (&pilot_points[i], full[i]) {
            (Some((lo, hi)), false) => (lo.clone(), hi.clone()),
            _ => (
                point(e, e.plausible_low, opts.eval)?,
                point(e, e.plausible_high, opts.eval)?,
            ),
        };
        let base = e.get(sc).unwrap_or(0.0);
        let elastic = !e.integer && base != 0.0;
        let around = if elastic {
            let down = point(e, base * (1.0 - ELASTICITY_STEP), Evaluation::Deterministic)?;
            let up = point(e, base * (1.0 + ELASTICITY_STEP), Evaluation::Deterministic)?;
            Some((down, up))
        } else {
            None
        };
        Ok((lo, hi, around))
    };
    let results: Vec<_> = if opts.eval == Evaluation::Deterministic {
        entries
            .par_iter()
            .enumerate()
            .map(per_entry)
            .collect::<Result<_, _>>()?
    } else {
        entries
            .iter()
            .enumerate()
            .map(per_entry)
            .collect::<Result<_, _>>()?
    };

    let mut tornadoes = Vec::with_capacity(metrics.len());
    for (k, metric) in metrics.iter().enumerate() {
        let mut bars: Vec<Bar> = entries
            .iter()
            .zip(&results)
            .map(|(e, (lo, hi, around))| {
                let swings: Vec<f64> = hi[k].iter().zip(&lo[k]).map(|(h, l)| h - l).collect();
                let base = e.get(sc).unwrap_or(0.0);
                let y0 = base_det[k][0];
                let elasticity = around.as_ref().and_then(|(down, up)| {
                    let clamped_down = e.clamp(base * (1.0 - ELASTICITY_STEP));
                    let clamped_up = e.clamp(base * (1.0 + ELASTICITY_STEP));
                    let dx = (clamped_up - clamped_down) / base;
                    (y0 != 0.0 && dx > 0.0).then(|| (up[k][0] - down[k][0]) / y0 / dx)
                });
                Bar {
                    id: e.id.clone(),
                    name_zh: e.name_zh.clone(),
                    name_en: e.name_en.clone(),
                    kind: e.kind,
                    base,
                    low: e.plausible_low,
                    high: e.plausible_high,
                    output_at_low: super::mean(&lo[k]),
                    output_at_high: super::mean(&hi[k]),
                    swing: Interval::of_mean(&swings),
                    elasticity,
                    runs: matches!(opts.eval, Evaluation::MonteCarlo { .. }).then(|| lo[k].len()),
                }
            })
            .collect();
        bars.sort_by(|a, b| {
            b.swing
                .value
                .abs()
                .total_cmp(&a.swing.value.abs())
                .then_with(|| a.id.cmp(&b.id))
        });
        tornadoes.push(Tornado {
            metric: metric.clone(),
            year,
            base: super::mean(&base_out[k]),
            bars,
        });
    }
    let (runs, seed) = match opts.eval {
        Evaluation::Deterministic => (None, None),
        Evaluation::MonteCarlo { runs, seed } => (Some(runs), Some(seed)),
    };
    Ok(Sensitivity {
        runs,
        seed,
        screening,
        tornadoes,
    })
}
