//! Comparing plans: a base and variants, year end by year end, with the
//! difference of each variant from the base measured on paired
//! replications, the chance of meeting each of the base's goals, and the
//! cost of each extra certified worker and extra station at norm.

use super::{
    AnalysisError, Control, Evaluation, Interval, YearRows, Z90, check_year_rows_memory, evaluate,
    mean, quantile, variance,
};
use crate::model::engine::{COST_CATEGORIES, Model};
use crate::model::goals::GoalSet;
use crate::model::metrics;
use crate::model::scenario::Scenario;
use serde::Serialize;

/// How a metric is read for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Its value at the year end (stocks, shares, cumulative sums).
    YearEnd,
    /// Its sum over the months of the year (flows: hires, spending).
    YearSum,
}

/// One plan of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanInfo {
    /// The scenario's name.
    pub name: String,
    /// Where it came from (file name, or "default").
    pub label: String,
}

/// A metric of one plan in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Stat {
    /// The projected value (deterministic) or the mean over replications.
    pub value: f64,
    /// 5th percentile over replications (the value itself when deterministic).
    pub p5: f64,
    /// 95th percentile over replications.
    pub p95: f64,
}

/// The difference of a variant from the base for a metric in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Diff {
    /// Variant minus base: the mean of the paired differences (or the
    /// deterministic difference), with the 90 % interval of that mean.
    pub mean: Interval,
    /// 5th percentile of the paired differences over replications.
    pub p5: f64,
    /// 95th percentile of the paired differences.
    pub p95: f64,
}

/// One metric compared over the plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricRow {
    /// Metric id.
    pub metric: String,
    /// Label (Chinese).
    pub label_zh: String,
    /// Label (English).
    pub label_en: String,
    /// Year end or year sum.
    pub reading: Reading,
    /// `by_plan[plan][year]`.
    pub by_plan: Vec<Vec<Stat>>,
    /// `diff[variant - 1][year]`: each variant minus the base.
    pub diff: Vec<Vec<Diff>>,
}

/// The chance of meeting one goal of the base, per plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalRow {
    /// Goal id.
    pub id: String,
    /// Label (Chinese).
    pub label_zh: String,
    /// Label (English).
    pub label_en: String,
    /// Per plan: the deterministic projection meets it (deterministic
    /// evaluation) or the share of replications that meet it.
    pub probability: Vec<f64>,
    /// Per plan: the value deciding the goal (mean over replications).
    pub value: Vec<f64>,
}

/// What each extra unit of result costs a variant, against the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostEffectiveness {
    /// The variant (index into the plans).
    pub plan: usize,
    /// Calendar year at whose end it is measured.
    pub year: i32,
    /// Extra cumulative spending to that year end, yuan.
    pub extra_cost_yuan: Interval,
    /// Extra certified workers at that year end.
    pub extra_certified: Interval,
    /// Extra stations at norm at that year end.
    pub extra_stations_at_norm: Interval,
    /// Extra spending per extra certified worker, yuan (`None` unless the
    /// variant gives more: the extra certified workers are positive and,
    /// with replications, their 90 % interval lies above 0).
    pub yuan_per_certified: Option<Interval>,
    /// Extra spending per extra station at norm, yuan (same rule).
    pub yuan_per_station_at_norm: Option<Interval>,
}

/// How much pairing narrowed the difference, for one metric and variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VarianceReduction {
    /// The variant (index into the plans).
    pub plan: usize,
    /// Metric id.
    pub metric: String,
    /// Calendar year.
    pub year: i32,
    /// Variance of the paired differences.
    pub paired_variance: f64,
    /// Variance the difference of two independent runs would have
    /// (the sum of the two plans' variances).
    pub independent_variance: f64,
    /// `independent_variance / paired_variance` (`None` when the paired
    /// differences do not vary).
    pub factor: Option<f64>,
}

/// The comparison of a base and its variants.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The plans, the base first.
    pub plans: Vec<PlanInfo>,
    /// Calendar years compared (their year ends).
    pub years: Vec<i32>,
    /// Replications per plan (`None`: the deterministic projection).
    pub runs: Option<usize>,
    /// Seed of the paired replications.
    pub seed: Option<u64>,
    /// Metrics, year by year.
    pub metrics: Vec<MetricRow>,
    /// The base's goals, plan by plan.
    pub goals: Vec<GoalRow>,
    /// Cost per extra certified worker and per extra station at norm.
    pub cost_effectiveness: Vec<CostEffectiveness>,
    /// Variance reduction of the pairing (Monte Carlo only).
    pub variance_reduction: Vec<VarianceReduction>,
}

/// Options of a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompareOptions {
    /// Deterministic or paired Monte Carlo.
    pub eval: Evaluation,
    /// Compare county totals of scenarios whose townships differ.
    pub county_only: bool,
    /// Year of the cost-effectiveness figures (default: 2030 or the last year).
    pub year: Option<i32>,
}

/// The metrics a comparison shows, with how each is read, for `model`.
fn rows_of(model: &Model) -> Vec<(String, Reading)> {
    let names = model.metric_names();
    let mut out: Vec<(String, Reading)> = [
        "headcount_total",
        "certified",
        "certified_share",
        "stations_at_norm",
        "stations_at_minimum",
        "gap_fte",
        "villages_covered",
        "trainees",
    ]
    .iter()
    .map(|m| ((*m).to_string(), Reading::YearEnd))
    .collect();
    out.extend(
        names
            .iter()
            .filter(|n| n.starts_with("headcount_by_track."))
            .map(|n| (n.clone(), Reading::YearEnd)),
    );
    for m in ["hires", "trainee_intake", "exits", "cost_yuan"] {
        out.push((m.to_string(), Reading::YearSum));
    }
    out.extend(
        COST_CATEGORIES
            .iter()
            .map(|c| (format!("cost_by_category.{c}"), Reading::YearSum)),
    );
    out.extend(
        names
            .iter()
            .filter(|n| n.starts_with("cost_by_source."))
            .map(|n| (n.clone(), Reading::YearSum)),
    );
    out.push(("unfunded_year_yuan".into(), Reading::YearEnd));
    out.push(("cumulative_cost_yuan".into(), Reading::YearEnd));
    out
}

fn refuse(en: String, zh: String) -> AnalysisError {
    AnalysisError::Incomparable { en, zh }
}

/// Checks that the plans can be compared with the base.
fn check_comparable(plans: &[(Scenario, Model)], county_only: bool) -> Result<(), AnalysisError> {
    let (base, base_model) = &plans[0];
    for (k, (sc, model)) in plans.iter().enumerate().skip(1) {
        if sc.start_year != base.start_year
            || sc.start_month != base.start_month
            || sc.horizon_years != base.horizon_years
        {
            return Err(refuse(
                format!(
                    "plan {} (“{}”) starts {}-{:02} for {} years, the base {}-{:02} for {} years; only plans with the same start and horizon can be compared",
                    k + 1,
                    sc.name,
                    sc.start_year,
                    sc.start_month,
                    sc.horizon_years,
                    base.start_year,
                    base.start_month,
                    base.horizon_years
                ),
                format!(
                    "方案 {}（“{}”）自 {}-{:02} 起推演 {} 年，基准方案自 {}-{:02} 起推演 {} 年；只有起点和期限相同的方案才能比较",
                    k + 1,
                    sc.name,
                    sc.start_year,
                    sc.start_month,
                    sc.horizon_years,
                    base.start_year,
                    base.start_month,
                    base.horizon_years
                ),
            ));
        }
        let ids = |s: &Scenario| -> Vec<String> {
            let mut v: Vec<String> = s.county.townships.iter().map(|t| t.id.clone()).collect();
            v.sort();
            v
        };
        if !county_only && ids(sc) != ids(base) {
            return Err(refuse(
                format!(
                    "plan {} (“{}”) has other townships than the base; compare county totals only with --county-only",
                    k + 1,
                    sc.name
                ),
                format!(
                    "方案 {}（“{}”）的乡镇与基准方案不同；如只比较全县合计，请加 --county-only",
                    k + 1,
                    sc.name
                ),
            ));
        }
        for (metric, _) in rows_of(base_model) {
            if !model.metric_names().contains(&metric) {
                return Err(refuse(
                    format!(
                        "plan {} (“{}”) has no metric `{metric}` (its tracks, stages or funding sources differ from the base's)",
                        k + 1,
                        sc.name
                    ),
                    format!(
                        "方案 {}（“{}”）没有指标 `{metric}`（其人才类别、阶段或经费来源与基准方案不同）",
                        k + 1,
                        sc.name
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Compares `plans` (the base first, then the variants) under `opts`.
/// `labels` name the plans (file names). A plan compared with itself gives
/// differences of exactly zero: its replications draw the same numbers.
pub fn compare(
    plans: &[(Scenario, Model)],
    labels: &[String],
    opts: CompareOptions,
    ctl: &Control,
) -> Result<Comparison, AnalysisError> {
    if plans.len() < 2 {
        return Err(AnalysisError::Options {
            en: "a comparison needs a base and at least one variant".into(),
            zh: "比较需要一个基准方案和至少一个备选方案".into(),
        });
    }
    check_comparable(plans, opts.county_only)?;
    let (base_sc, base_model) = &plans[0];
    check_year_rows_memory(base_model, opts.eval.runs(), plans.len())?;
    let runs_of: Vec<Vec<YearRows>> = plans
        .iter()
        .map(|(_, m)| evaluate(m, opts.eval, ctl, |rows| YearRows::of(m, rows)))
        .collect::<Result<_, _>>()?;
    let years: Vec<i32> = base_model.year_ends().into_keys().collect();
    let mc = matches!(opts.eval, Evaluation::MonteCarlo { .. });

    // Metric rows.
    let mut metrics_out = Vec::new();
    for (metric, reading) in rows_of(base_model) {
        let cols: Vec<usize> = plans
            .iter()
            .map(|(_, m)| super::metric_column(m, &metric))
            .collect::<Result<_, _>>()?;
        let read = |p: usize, y: usize| -> Vec<f64> {
            runs_of[p]
                .iter()
                .map(|r| match reading {
                    Reading::YearEnd => r.at_end(y, cols[p]),
                    Reading::YearSum => r.over_year(y, cols[p]),
                })
                .collect()
        };
        let by_plan = (0..plans.len())
            .map(|p| (0..years.len()).map(|y| stat(&read(p, y))).collect())
            .collect();
        let diff = (1..plans.len())
            .map(|p| {
                (0..years.len())
                    .map(|y| {
                        let d: Vec<f64> = read(p, y)
                            .iter()
                            .zip(read(0, y))
                            .map(|(a, b)| a - b)
                            .collect();
                        diff_of(&d)
                    })
                    .collect()
            })
            .collect();
        metrics_out.push(MetricRow {
            label_zh: metrics::label(base_sc, &metric, true),
            label_en: metrics::label(base_sc, &metric, false),
            metric,
            reading,
            by_plan,
            diff,
        });
    }

    // The base's goals judged on every plan.
    let goal_sets: Vec<GoalSet> = plans
        .iter()
        .map(|(_, m)| {
            let goals: Vec<_> = base_model
                .goals()
                .goals
                .iter()
                .map(|g| g.goal.clone())
                .collect();
            GoalSet::bind(&goals, &m.metric_names(), &m.year_ends())
        })
        .collect::<Result<_, _>>()?;
    let year_index = |y: i32| years.iter().position(|&x| x == y).unwrap_or(0);
    let mut goals_out = Vec::new();
    for (gi, g) in base_model.goals().goals.iter().enumerate() {
        let mut probability = Vec::new();
        let mut value = Vec::new();
        for (p, set) in goal_sets.iter().enumerate() {
            let bound = &set.goals[gi];
            // Judge on the year-end rows: the goal's checks are year ends.
            let vals: Vec<f64> = runs_of[p]
                .iter()
                .map(|r| {
                    bound
                        .checks
                        .iter()
                        .map(|&(y, _)| r.at_end(year_index(y), bound.column))
                        .reduce(|a, b| bound.goal.comparison.worse(a, b))
                        .unwrap_or(f64::NAN)
                })
                .collect();
            let met = vals
                .iter()
                .filter(|&&v| bound.goal.comparison.holds(v, bound.goal.level))
                .count();
            probability.push(met as f64 / vals.len().max(1) as f64);
            value.push(mean(&vals));
        }
        goals_out.push(GoalRow {
            id: g.goal.id.clone(),
            label_zh: g.goal.label.clone(),
            label_en: g.goal.label_en.clone(),
            probability,
            value,
        });
    }

    // Cost-effectiveness and variance reduction at the chosen year.
    let year = opts.year.unwrap_or_else(|| super::default_year(base_model));
    let y = super::year_number(base_model, year)?;
    let col = |p: usize, m: &str| super::metric_column(&plans[p].1, m);
    let mut ce = Vec::new();
    let mut vr = Vec::new();
    for p in 1..plans.len() {
        let paired = |m: &str| -> Result<Paired, AnalysisError> {
            let (cb, cv) = (col(0, m)?, col(p, m)?);
            let base: Vec<f64> = runs_of[0].iter().map(|r| r.at_end(y, cb)).collect();
            let var: Vec<f64> = runs_of[p].iter().map(|r| r.at_end(y, cv)).collect();
            let d = var.iter().zip(&base).map(|(a, b)| a - b).collect();
            Ok((d, base, var))
        };
        let (dc, ..) = paired("cumulative_cost_yuan")?;
        let (dn, ..) = paired("certified")?;
        let (ds, ..) = paired("stations_at_norm")?;
        ce.push(CostEffectiveness {
            plan: p,
            year,
            extra_cost_yuan: Interval::of_mean(&dc),
            extra_certified: Interval::of_mean(&dn),
            extra_stations_at_norm: Interval::of_mean(&ds),
            yuan_per_certified: ratio(&dc, &dn),
            yuan_per_station_at_norm: ratio(&dc, &ds),
        });
        if mc {
            for m in ["certified", "stations_at_norm", "cumulative_cost_yuan"] {
                let (d, base, var) = paired(m)?;
                let paired_variance = variance(&d);
                let independent_variance = variance(&base) + variance(&var);
                vr.push(VarianceReduction {
                    plan: p,
                    metric: m.to_string(),
                    year,
                    paired_variance,
                    independent_variance,
                    factor: (paired_variance > 0.0).then(|| independent_variance / paired_variance),
                });
            }
        }
    }
    let (runs, seed) = match opts.eval {
        Evaluation::Deterministic => (None, None),
        Evaluation::MonteCarlo { runs, seed } => (Some(runs), Some(seed)),
    };
    Ok(Comparison {
        plans: plans
            .iter()
            .zip(labels)
            .map(|((sc, _), label)| PlanInfo {
                name: sc.name.clone(),
                label: label.clone(),
            })
            .collect(),
        years,
        runs,
        seed,
        metrics: metrics_out,
        goals: goals_out,
        cost_effectiveness: ce,
        variance_reduction: vr,
    })
}

/// Paired differences (variant − base), the base's values and the variant's.
type Paired = (Vec<f64>, Vec<f64>, Vec<f64>);

fn stat(xs: &[f64]) -> Stat {
    Stat {
        value: mean(xs),
        p5: quantile(xs, 0.05),
        p95: quantile(xs, 0.95),
    }
}

fn diff_of(d: &[f64]) -> Diff {
    Diff {
        mean: Interval::of_mean(d),
        p5: quantile(d, 0.05),
        p95: quantile(d, 0.95),
    }
}

/// The ratio of mean extra cost to mean extra result, with a 90 %
/// interval by the delta method on the paired replications; `None` when
/// the interval of the extra result contains 0 (the ratio is then
/// unbounded).
fn ratio(cost: &[f64], gain: &[f64]) -> Option<Interval> {
    let n = cost.len() as f64;
    let (mc, mg) = (mean(cost), mean(gain));
    let gi = Interval::of_mean(gain);
    // A cost per extra result only where there is more of it: the gain is
    // positive, and with replications its 90 % interval lies above zero.
    if mg <= 0.0 || (gi.low <= 0.0 && cost.len() > 1) {
        return None;
    }
    let r = mc / mg;
    if cost.len() < 2 {
        return Some(Interval::exact(r));
    }
    let cov = cost
        .iter()
        .zip(gain)
        .map(|(c, g)| (c - mc) * (g - mg))
        .sum::<f64>()
        / (n - 1.0);
    let var = (variance(cost) - 2.0 * r * cov + r * r * variance(gain)) / (mg * mg * n);
    let half = Z90 * var.max(0.0).sqrt();
    Some(Interval {
        value: r,
        low: r - half,
        high: r + half,
    })
}
