//! The least that works: goal seek on one lever, and the cheapest mix of
//! two to four policy levers that meets every goal.
//!
//! Seek brackets and bisects: the goal's probability (or, without Monte
//! Carlo, its deciding value) is monotone in most levers, and on paired
//! replications nearly so, so a bracket between a value that fails and one
//! that meets the goal is narrowed by halving until it is as narrow as the
//! evaluation can tell apart (MODEL.md, "Goal seek").

use super::{AnalysisError, Control, Evaluation, compile_with, evaluate};
use crate::model::catalog::{Catalog, CostEffect, Entry, LeverKind};
use crate::model::engine::Model;
use crate::model::goals::GoalSet;
use crate::model::scenario::{Goal, Scenario};
use serde::Serialize;

/// Options of a goal seek.
#[derive(Debug, Clone, PartialEq)]
pub struct SeekOptions {
    /// Catalog id (or field path) of the lever moved.
    pub lever: String,
    /// The goal to reach.
    pub goal: Goal,
    /// With Monte Carlo: the probability the goal must reach (0–1, exclusive).
    pub probability: f64,
    /// Deterministic (the goal's level reached) or paired Monte Carlo.
    pub eval: Evaluation,
}

/// One value tried.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// The lever's value.
    pub value: f64,
    /// The goal's probability (Monte Carlo) or the value deciding it (deterministic).
    pub score: f64,
    /// Whether the goal is reached (probability ≥ p, or the level met).
    pub met: bool,
    /// Cumulative spending to the end of the projection, yuan (mean over replications).
    pub cost_yuan: f64,
}

/// The answer of a goal seek.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeekResult {
    /// The lever's catalog id.
    pub lever: String,
    /// Its name (Chinese).
    pub name_zh: String,
    /// Its name (English).
    pub name_en: String,
    /// Its value in the plan as given.
    pub current: f64,
    /// The goal sought.
    pub goal: Goal,
    /// The probability asked for (Monte Carlo), `None` when deterministic.
    pub probability: Option<f64>,
    /// Replications per value tried.
    pub runs: Option<usize>,
    /// Seed of the paired replications.
    pub seed: Option<u64>,
    /// `least` when more of the lever helps, `most` when more of it hurts.
    pub direction: &'static str,
    /// The least (or most) value reaching the goal; `None` when it cannot
    /// be reached within the lever's valid range.
    pub answer: Option<f64>,
    /// The point at the answer.
    pub at_answer: Option<Point>,
    /// The best point tried (for an unreachable goal: the closest).
    pub best: Point,
    /// How precisely the answer is known, in the lever's unit: the
    /// bisection's last bracket, and with Monte Carlo the change of the
    /// lever that moves the probability by one standard error.
    pub precision: f64,
    /// Every value tried, in increasing order.
    pub tried: Vec<Point>,
}

/// What a point is judged on: the goal bound to a model.
struct Judge<'a> {
    goal: &'a Goal,
    probability: f64,
    eval: Evaluation,
}

impl Judge<'_> {
    /// Score and cost of `model`.
    fn point(&self, model: &Model, value: f64, ctl: &Control) -> Result<Point, AnalysisError> {
        let set = GoalSet::bind(
            std::slice::from_ref(self.goal),
            &model.metric_names(),
            &model.year_ends(),
        )?;
        let bound = &set.goals[0];
        let cost_col = super::metric_column(model, "cumulative_cost_yuan")?;
        let width = model.metric_width();
        let last = model.months() as usize;
        let runs = evaluate(model, self.eval, ctl, |rows| {
            (bound.value(rows, width), rows[last * width + cost_col])
        })?;
        let n = runs.len().max(1) as f64;
        let cost_yuan = runs.iter().map(|r| r.1).sum::<f64>() / n;
        let c = self.goal.comparison;
        Ok(match self.eval {
            Evaluation::Deterministic => {
                let v = runs.first().map_or(f64::NAN, |r| r.0);
                Point {
                    value,
                    score: v,
                    met: c.holds(v, self.goal.level),
                    cost_yuan,
                }
            }
            Evaluation::MonteCarlo { .. } => {
                let met = runs
                    .iter()
                    .filter(|r| c.holds(r.0, self.goal.level))
                    .count();
                let p = met as f64 / n;
                Point {
                    value,
                    score: p,
                    met: p >= self.probability - 1e-12,
                    cost_yuan,
                }
            }
        })
    }

    /// Whether `a` scores better than `b` (closer to meeting the goal).
    fn better(&self, a: &Point, b: &Point) -> bool {
        match (self.eval, self.goal.comparison) {
            (Evaluation::MonteCarlo { .. }, _) | (_, crate::model::goals::Comparison::AtLeast) => {
                a.score > b.score
            }
            (_, crate::model::goals::Comparison::AtMost) => a.score < b.score,
        }
    }
}

/// Evaluates the scenario with one lever at a value, remembering every point.
struct Search<'a> {
    sc: &'a Scenario,
    entry: &'a Entry,
    judge: Judge<'a>,
    ctl: &'a Control,
    tried: Vec<Point>,
}

impl Search<'_> {
    fn at(&mut self, v: f64) -> Result<Point, AnalysisError> {
        let v = self.entry.clamp(v);
        if let Some(p) = self.tried.iter().find(|p| p.value == v) {
            return Ok(*p);
        }
        let (_, model) = compile_with(self.sc, &[(self.entry.id.clone(), v)])?;
        let p = self.judge.point(&model, v, self.ctl)?;
        self.tried.push(p);
        Ok(p)
    }
}

fn check_probability(p: f64) -> Result<(), AnalysisError> {
    if p.is_finite() && p > 0.0 && p < 1.0 {
        Ok(())
    } else {
        Err(AnalysisError::Probability(p))
    }
}

/// The least (or, where more is worse, the most) value of one lever at
/// which the goal is reached: bracket from the plausible range outwards to
/// the valid range, then bisect.
pub fn seek(sc: &Scenario, opts: &SeekOptions, ctl: &Control) -> Result<SeekResult, AnalysisError> {
    check_probability(opts.probability)?;
    if let Evaluation::MonteCarlo { runs, .. } = opts.eval {
        crate::model::montecarlo::check_run_count(runs)?;
    }
    let catalog = Catalog::of(sc);
    let entry = catalog.find(&opts.lever)?;
    // The goal must bind on the plan as given.
    let (_, base_model) = compile_with(sc, &[])?;
    GoalSet::bind(
        std::slice::from_ref(&opts.goal),
        &base_model.metric_names(),
        &base_model.year_ends(),
    )?;
    let current = entry.get(sc).unwrap_or(entry.valid_min);
    let mut s = Search {
        sc,
        entry,
        judge: Judge {
            goal: &opts.goal,
            probability: opts.probability,
            eval: opts.eval,
        },
        ctl,
        tried: Vec::new(),
    };
    let (vmin, vmax) = (entry.valid_min, entry.valid_max);
    let (mut a, mut b) = (entry.plausible_low, entry.plausible_high);
    if a >= b {
        (a, b) = (vmin, vmax);
    }
    let pa = s.at(a)?;
    let pb = s.at(b)?;
    // Which way helps: compare the plausible ends, then the valid ends.
    let mut increasing = s.judge.better(&pb, &pa) || (pb.met && !pa.met);
    if !s.judge.better(&pb, &pa) && !s.judge.better(&pa, &pb) {
        let lo = s.at(vmin)?;
        let hi = s.at(vmax)?;
        increasing = !s.judge.better(&lo, &hi);
    }
    // Step from `from` towards the helpful end until the goal is met.
    let toward = |v: f64, step: f64, up: bool| {
        if up {
            (v + step).min(vmax)
        } else {
            (v - step).max(vmin)
        }
    };
    let span0 = (b - a).max(if entry.moves_in_whole_steps() {
        1.0
    } else {
        1e-9
    });
    let (good_end, bad_end) = if increasing { (b, a) } else { (a, b) };
    let mut met_v;
    let mut unmet_v: Option<f64>;
    let pg = s.at(good_end)?;
    if pg.met {
        met_v = good_end;
        let pbad = s.at(bad_end)?;
        if pbad.met {
            // Even the unhelpful plausible end meets it: go further out.
            met_v = bad_end;
            unmet_v = None;
            let (mut v, mut step) = (bad_end, span0);
            loop {
                let edge = if increasing { vmin } else { vmax };
                if v == edge {
                    break;
                }
                v = toward(v, step, !increasing);
                step *= 2.0;
                if s.at(v)?.met {
                    met_v = v;
                } else {
                    unmet_v = Some(v);
                    break;
                }
            }
        } else {
            unmet_v = Some(bad_end);
        }
    } else {
        unmet_v = Some(good_end);
        met_v = f64::NAN;
        let (mut v, mut step) = (good_end, span0);
        let edge = if increasing { vmax } else { vmin };
        while v != edge {
            v = toward(v, step, increasing);
            step *= 2.0;
            if s.at(v)?.met {
                met_v = v;
                break;
            }
            unmet_v = Some(v);
        }
    }
    let best = *s
        .tried
        .iter()
        .reduce(|x, y| if s.judge.better(y, x) { y } else { x })
        .unwrap_or(&pa);
    let (runs, seed) = match opts.eval {
        Evaluation::Deterministic => (None, None),
        Evaluation::MonteCarlo { runs, seed } => (Some(runs), Some(seed)),
    };
    let mut result = SeekResult {
        lever: entry.id.clone(),
        name_zh: entry.name_zh.clone(),
        name_en: entry.name_en.clone(),
        current,
        goal: opts.goal.clone(),
        probability: runs.map(|_| opts.probability),
        runs,
        seed,
        direction: if increasing { "least" } else { "most" },
        answer: None,
        at_answer: None,
        best,
        precision: 0.0,
        tried: Vec::new(),
    };
    if met_v.is_nan() {
        result.tried = sorted(s.tried);
        return Ok(result);
    }
    // Bisect between the failing and the meeting value.
    let tol = if entry.moves_in_whole_steps() {
        1.0
    } else {
        1e-3 * (entry.plausible_high - entry.plausible_low).max(1e-6 * met_v.abs().max(1.0))
    };
    let mut mc_precision = 0.0;
    if let Some(mut lo) = unmet_v {
        let (p_lo, p_hi) = (s.at(lo)?, s.at(met_v)?);
        if let Evaluation::MonteCarlo { runs, .. } = opts.eval {
            let slope = (p_hi.score - p_lo.score).abs() / (met_v - lo).abs().max(1e-12);
            let p = opts.probability;
            let se = (p * (1.0 - p) / runs as f64).sqrt();
            if slope > 0.0 {
                mc_precision = se / slope;
            }
        }
        let stop = tol.max(mc_precision / 4.0);
        let mut hi = met_v;
        while (hi - lo).abs() > stop {
            ctl.check()?;
            let mid = if entry.moves_in_whole_steps() {
                ((lo + hi) / 2.0).floor()
            } else {
                (lo + hi) / 2.0
            };
            if mid == lo || mid == hi {
                break;
            }
            if s.at(mid)?.met {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        met_v = hi;
        result.precision = (hi - lo).abs().max(mc_precision);
        if entry.moves_in_whole_steps() {
            result.precision = result.precision.max(1.0);
        }
    }
    result.answer = Some(met_v);
    result.at_answer = s.tried.iter().find(|p| p.value == met_v).copied();
    result.tried = sorted(s.tried);
    Ok(result)
}

fn sorted(mut v: Vec<Point>) -> Vec<Point> {
    v.sort_by(|a, b| a.value.total_cmp(&b.value));
    v
}

/// Options of the cheapest-mix search.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimiseOptions {
    /// Two to four policy levers (catalog ids or field paths).
    pub levers: Vec<String>,
    /// The probability every goal must reach at once (Monte Carlo).
    pub probability: f64,
    /// Deterministic (every goal met) or paired Monte Carlo.
    pub eval: Evaluation,
}

/// One mix tried.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixPoint {
    /// The levers' values, in the order asked for.
    pub values: Vec<f64>,
    /// Share of replications meeting every goal at once (1 or 0 when deterministic).
    pub probability: f64,
    /// Whether it meets every goal with the probability asked for.
    pub feasible: bool,
    /// Cumulative spending to the end of the projection, yuan (mean).
    pub cost_yuan: f64,
    /// Replications it was judged on (the coarse grid uses fewer).
    pub runs: usize,
}

/// The answer of the cheapest-mix search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptimiseResult {
    /// The levers' ids.
    pub levers: Vec<String>,
    /// Their names (Chinese).
    pub names_zh: Vec<String>,
    /// Their names (English).
    pub names_en: Vec<String>,
    /// Their values in the plan as given.
    pub current: Vec<f64>,
    /// The plan as given, judged like the mixes.
    pub at_current: MixPoint,
    /// Ids of the goals that must all hold.
    pub goals: Vec<String>,
    /// Probability asked for (Monte Carlo).
    pub probability: Option<f64>,
    /// Replications per mix judged in the refinement.
    pub runs: Option<usize>,
    /// Seed of the paired replications.
    pub seed: Option<u64>,
    /// The cheapest feasible mix found; `None` when no mix within the
    /// levers' plausible ranges meets every goal.
    pub answer: Option<MixPoint>,
    /// The mix with the highest probability (when none is feasible, the closest).
    pub best: MixPoint,
    /// Mixes judged (grid and refinement).
    pub evaluations: usize,
    /// Every mix tried, in the order tried.
    pub tried: Vec<MixPoint>,
}

/// Grid levels per lever for 2, 3 and 4 levers.
fn grid_levels(levers: usize) -> usize {
    match levers {
        2 => 5,
        3 => 4,
        _ => 3,
    }
}

/// The cheapest mix of 2–4 policy levers (within their plausible ranges)
/// that meets every goal of the scenario with probability p: a coarse grid
/// on a quarter of the replications, then coordinate descent along the
/// feasibility boundary on all of them, lever by lever towards its cheaper
/// end by bisection, until a pass moves no lever by more than 2 % of its
/// range (at most four passes). See MODEL.md, "The cheapest plan".
pub fn optimise(
    sc: &Scenario,
    opts: &OptimiseOptions,
    ctl: &Control,
) -> Result<OptimiseResult, AnalysisError> {
    check_probability(opts.probability)?;
    if !(2..=4).contains(&opts.levers.len()) {
        return Err(AnalysisError::Options {
            en: format!(
                "the cheapest mix takes two to four levers ({} given)",
                opts.levers.len()
            ),
            zh: format!(
                "最低成本组合需要 2 到 4 个参数（当前 {} 个）",
                opts.levers.len()
            ),
        });
    }
    if let Evaluation::MonteCarlo { runs, .. } = opts.eval {
        crate::model::montecarlo::check_run_count(runs)?;
    }
    let catalog = Catalog::of(sc);
    let entries: Vec<&Entry> = opts
        .levers
        .iter()
        .map(|id| catalog.find(id))
        .collect::<Result<_, _>>()?;
    for (i, e) in entries.iter().enumerate() {
        if e.kind != LeverKind::Policy {
            return Err(AnalysisError::Options {
                en: format!(
                    "`{}` is an assumption, not a policy the county can set",
                    e.id
                ),
                zh: format!("`{}` 是假设，不是县里可以决定的政策", e.id),
            });
        }
        if entries[..i].iter().any(|x| x.id == e.id) {
            return Err(AnalysisError::Options {
                en: format!("`{}` is given twice", e.id),
                zh: format!("`{}` 重复出现", e.id),
            });
        }
    }
    let (_, base_model) = compile_with(sc, &[])?;
    let goals: Vec<Goal> = base_model
        .goals()
        .goals
        .iter()
        .map(|g| g.goal.clone())
        .collect();
    if goals.is_empty() {
        return Err(AnalysisError::Options {
            en: "the scenario states no goals to meet".into(),
            zh: "方案没有设定目标".into(),
        });
    }
    let fine = opts.eval;
    let coarse = match opts.eval {
        Evaluation::MonteCarlo { runs, seed } => Evaluation::MonteCarlo {
            runs: (runs / 4).max(100).min(runs),
            seed,
        },
        Evaluation::Deterministic => Evaluation::Deterministic,
    };
    let mut tried: Vec<MixPoint> = Vec::new();
    let mut judge = |values: &[f64], eval: Evaluation| -> Result<MixPoint, AnalysisError> {
        let values: Vec<f64> = values
            .iter()
            .zip(&entries)
            .map(|(v, e)| e.clamp(*v))
            .collect();
        if let Some(p) = tried
            .iter()
            .find(|p| p.values == values && p.runs == eval.runs())
        {
            return Ok(p.clone());
        }
        let settings: Vec<(String, f64)> = entries
            .iter()
            .zip(&values)
            .map(|(e, v)| (e.id.clone(), *v))
            .collect();
        let (_, model) = compile_with(sc, &settings)?;
        let p = judge_mix(&model, &goals, &values, opts.probability, eval, ctl)?;
        tried.push(p.clone());
        Ok(p)
    };
    let current: Vec<f64> = entries.iter().map(|e| e.get(sc).unwrap_or(0.0)).collect();
    let at_current = judge(&current, fine)?;

    // 1. The coarse grid over the plausible ranges.
    let levels = grid_levels(entries.len());
    let axis = |e: &Entry| -> Vec<f64> {
        let mut v: Vec<f64> = (0..levels)
            .map(|k| {
                let t = k as f64 / (levels - 1) as f64;
                e.clamp(e.plausible_low + t * (e.plausible_high - e.plausible_low))
            })
            .collect();
        v.dedup();
        v
    };
    let axes: Vec<Vec<f64>> = entries.iter().map(|e| axis(e)).collect();
    let mut grid: Vec<Vec<f64>> = vec![Vec::new()];
    for ax in &axes {
        grid = grid
            .into_iter()
            .flat_map(|p| {
                ax.iter().map(move |&x| {
                    let mut q = p.clone();
                    q.push(x);
                    q
                })
            })
            .collect();
    }
    let mut coarse_points = Vec::with_capacity(grid.len());
    for g in &grid {
        coarse_points.push(judge(g, coarse)?);
    }
    // 2. The cheapest feasible grid points, confirmed on all replications.
    let mut feasible: Vec<&MixPoint> = coarse_points.iter().filter(|p| p.feasible).collect();
    feasible.sort_by(|a, b| a.cost_yuan.total_cmp(&b.cost_yuan));
    let candidates: Vec<Vec<f64>> = feasible.iter().take(3).map(|p| p.values.clone()).collect();
    let mut current_best: Option<MixPoint> = None;
    for c in candidates {
        let p = judge(&c, fine)?;
        if p.feasible {
            current_best = Some(p);
            break;
        }
    }
    if current_best.is_none() && at_current.feasible {
        current_best = Some(at_current.clone());
    }
    // 3. Coordinate descent along the feasibility boundary.
    if let Some(mut best) = current_best.clone() {
        for _pass in 0..4 {
            let mut moved = false;
            for (i, e) in entries.iter().enumerate() {
                ctl.check()?;
                let cheap_end = cheaper_end(e, &coarse_points, i);
                let tol = if e.moves_in_whole_steps() {
                    1.0
                } else {
                    0.02 * (e.plausible_high - e.plausible_low)
                };
                let mut trial = best.values.clone();
                trial[i] = cheap_end;
                let p_end = judge(&trial, fine)?;
                let candidate = if p_end.feasible {
                    p_end
                } else {
                    let (mut ok, mut bad) = (best.values[i], cheap_end);
                    let mut ok_point = best.clone();
                    while (ok - bad).abs() > tol {
                        let mid = if e.moves_in_whole_steps() {
                            ((ok + bad) / 2.0).round()
                        } else {
                            (ok + bad) / 2.0
                        };
                        if mid == ok || mid == bad {
                            break;
                        }
                        trial[i] = mid;
                        let p = judge(&trial, fine)?;
                        if p.feasible {
                            ok = mid;
                            ok_point = p;
                        } else {
                            bad = mid;
                        }
                    }
                    ok_point
                };
                if candidate.cost_yuan < best.cost_yuan
                    && (candidate.values[i] - best.values[i]).abs() > tol / 2.0
                {
                    best = candidate;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
        current_best = Some(best);
    }
    let best = tried
        .iter()
        .filter(|p| p.runs == fine.runs())
        .max_by(|a, b| {
            a.probability
                .total_cmp(&b.probability)
                .then_with(|| b.cost_yuan.total_cmp(&a.cost_yuan))
        })
        .cloned()
        .unwrap_or_else(|| at_current.clone());
    let (runs, seed) = match opts.eval {
        Evaluation::Deterministic => (None, None),
        Evaluation::MonteCarlo { runs, seed } => (Some(runs), Some(seed)),
    };
    Ok(OptimiseResult {
        levers: entries.iter().map(|e| e.id.clone()).collect(),
        names_zh: entries.iter().map(|e| e.name_zh.clone()).collect(),
        names_en: entries.iter().map(|e| e.name_en.clone()).collect(),
        current,
        at_current,
        goals: goals.iter().map(|g| g.id.clone()).collect(),
        probability: runs.map(|_| opts.probability),
        runs,
        seed,
        answer: current_best,
        best,
        evaluations: tried.len(),
        tried,
    })
}

/// The end of lever `i`'s plausible range where the plan costs less: by
/// the catalog's cost effect, or, where that does not say, by the mean
/// cost of the grid points at either end.
fn cheaper_end(e: &Entry, grid: &[MixPoint], i: usize) -> f64 {
    match e.cost {
        CostEffect::Raises => e.plausible_low,
        CostEffect::Lowers => e.plausible_high,
        CostEffect::Indirect | CostEffect::Funding => {
            let at = |v: f64| {
                let costs: Vec<f64> = grid
                    .iter()
                    .filter(|p| p.values[i] == v)
                    .map(|p| p.cost_yuan)
                    .collect();
                super::mean(&costs)
            };
            let (lo, hi) = (e.clamp(e.plausible_low), e.clamp(e.plausible_high));
            if at(lo) <= at(hi) { lo } else { hi }
        }
    }
}

/// Judges one mix: the share of replications meeting every goal at once,
/// and the mean cumulative cost.
fn judge_mix(
    model: &Model,
    goals: &[Goal],
    values: &[f64],
    probability: f64,
    eval: Evaluation,
    ctl: &Control,
) -> Result<MixPoint, AnalysisError> {
    let set = GoalSet::bind(goals, &model.metric_names(), &model.year_ends())?;
    let cost_col = super::metric_column(model, "cumulative_cost_yuan")?;
    let width = model.metric_width();
    let last = model.months() as usize;
    let runs = evaluate(model, eval, ctl, |rows| {
        (set.all_hold(rows, width), rows[last * width + cost_col])
    })?;
    let n = runs.len().max(1) as f64;
    let p = runs.iter().filter(|r| r.0).count() as f64 / n;
    Ok(MixPoint {
        values: values.to_vec(),
        probability: p,
        feasible: match eval {
            Evaluation::Deterministic => p >= 1.0,
            Evaluation::MonteCarlo { .. } => p >= probability - 1e-12,
        },
        cost_yuan: runs.iter().map(|r| r.1).sum::<f64>() / n,
        runs: eval.runs(),
    })
}
