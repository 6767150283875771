//! Plans side by side: the series of the overlaid charts (one per plan,
//! with a 5–95 % band when the comparison ran Monte Carlo), the year-end
//! table with each variant's difference from the base and its 90 %
//! interval, the goals' probabilities plan by plan, the cost of each extra
//! certified worker and extra station at norm, and the comparison as one
//! exported table.

use super::{metric_diff_text, metric_text};
use crate::exchange::{Cell, Table};
use crate::model::analysis::Interval;
use crate::model::analysis::compare::Comparison;
use crate::model::metrics;
use crate::present::i18n::Lang;
use serde::Serialize;

/// The metrics drawn as overlaid charts, in order.
pub const CHART_METRICS: [&str; 4] = [
    "headcount_total",
    "certified",
    "stations_at_norm",
    "cumulative_cost_yuan",
];

/// One plan's line in a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSeries {
    /// The plan's name.
    pub label: String,
    /// The value at each year end (mean over replications).
    pub value: Vec<f64>,
    /// The 5th and 95th percentiles at each year end (Monte Carlo only).
    pub band: Option<(Vec<f64>, Vec<f64>)>,
}

/// One overlaid chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareChart {
    /// Metric id.
    pub metric: String,
    /// Title in the interface language, with the unit.
    pub title: String,
    /// X positions: calendar years.
    pub x: Vec<f64>,
    /// One series per plan, the base first.
    pub plans: Vec<PlanSeries>,
}

/// A variant's difference from the base in the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffCell {
    /// The difference, signed.
    pub text: String,
    /// Its 90 % interval (Monte Carlo only), e.g. `+1.2 … +3.4`.
    pub interval: Option<String>,
    /// The sign of the difference: −1, 0 or 1.
    pub sign: i8,
    /// True when the 90 % interval leaves out 0 (or, deterministic, the
    /// difference is not 0).
    pub clear: bool,
}

/// One row of the year-end table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    /// Metric id.
    pub metric: String,
    /// Label in the interface language.
    pub label: String,
    /// Each plan's value, the base first.
    pub values: Vec<String>,
    /// Each variant minus the base.
    pub diffs: Vec<DiffCell>,
}

/// One goal of the base judged on every plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalLine {
    /// The goal's label in the interface language.
    pub label: String,
    /// Per plan: its probability (Monte Carlo) or met / not met.
    pub cells: Vec<String>,
    /// Per plan: the probability (0–1; 0 or 1 when deterministic).
    pub probability: Vec<f64>,
}

/// What each extra unit of result costs one variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    /// The variant's name.
    pub plan: String,
    /// Extra spending to the year end.
    pub extra_cost: String,
    /// Extra certified workers at the year end.
    pub extra_certified: String,
    /// Extra spending per extra certified worker (or why there is none).
    pub per_certified: String,
    /// Extra stations at norm at the year end.
    pub extra_stations: String,
    /// Extra spending per extra station at norm (or why there is none).
    pub per_station: String,
}

/// Everything the compare view shows for one comparison and table year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareView {
    /// The plans' names, the base first.
    pub plans: Vec<String>,
    /// The same, short: what sets each apart from the others (for
    /// table headings).
    pub short: Vec<String>,
    /// Years of the comparison.
    pub years: Vec<i32>,
    /// The year of the table.
    pub year: i32,
    /// How the plans were evaluated, in words.
    pub evaluation: String,
    /// The overlaid charts.
    pub charts: Vec<CompareChart>,
    /// The year-end table.
    pub table: Vec<TableRow>,
    /// The goals, plan by plan.
    pub goals: Vec<GoalLine>,
    /// The year of the cost figures.
    pub cost_year: Option<i32>,
    /// The cost figures, one line per variant.
    pub costs: Vec<CostLine>,
}

fn label(row_zh: &str, row_en: &str, l: Lang) -> String {
    l.pick(row_zh, row_en).to_string()
}

/// A metric's title with its unit (`Workers in post (people)`).
fn titled(sc_label: String, metric: &str, l: Lang) -> String {
    let unit = if metrics::is_money(metric) {
        l.t("decide.unit_money")
    } else {
        metrics::unit(metric, l == Lang::Zh)
    };
    if unit.is_empty() {
        sc_label
    } else {
        match l {
            Lang::Zh => format!("{sc_label}（{unit}）"),
            Lang::En => format!("{sc_label} ({unit})"),
        }
    }
}

/// The difference cell of one interval.
fn diff_cell(metric: &str, d: Interval, mc: bool, l: Lang) -> DiffCell {
    let sign = if d.value > 0.0 {
        1
    } else if d.value < 0.0 {
        -1
    } else {
        0
    };
    let text = metric_diff_text(metric, d.value, l);
    // A difference too small to show is no difference.
    let sign = if text == metric_diff_text(metric, 0.0, l) {
        0
    } else {
        sign
    };
    let interval = mc.then(|| {
        format!(
            "{} … {}",
            metric_diff_text(metric, d.low, l),
            metric_diff_text(metric, d.high, l)
        )
    });
    let clear = if mc {
        d.low > 0.0 || d.high < 0.0
    } else {
        sign != 0
    };
    DiffCell {
        text,
        interval,
        sign,
        clear,
    }
}

/// Short names of plans: each name without the start and end that all of
/// them share (a variant of "county" is "Variant 1", `policy.ron` beside
/// `default.ron` is "policy"); a name left empty (the base, when the
/// variants are named after it) is "base". One plan keeps its name.
#[must_use]
pub fn short_names(names: &[String], l: Lang) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    const SEPARATORS: &[char] = &[' ', '·', '/', '-', '_', '.', '(', ')'];
    let chars: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let shortest = chars.iter().map(Vec::len).min().unwrap_or(0);
    let sep = |c: &Vec<char>, i: usize| c.get(i).is_some_and(|x| SEPARATORS.contains(x));
    // A cut between words: at either end of a name or beside a separator.
    let cut_ok = |from_end: bool, k: usize| {
        chars.iter().all(|c| {
            let p = if from_end { c.len() - k } else { k };
            p == 0 || p == c.len() || sep(c, p) || sep(c, p - 1)
        })
    };
    let mut head = 0;
    while head < shortest && chars.iter().all(|c| c[head] == chars[0][head]) {
        head += 1;
    }
    while head > 0 && !cut_ok(false, head) {
        head -= 1;
    }
    let mut tail = 0;
    while tail < shortest - head
        && chars
            .iter()
            .all(|c| c[c.len() - 1 - tail] == chars[0][chars[0].len() - 1 - tail])
    {
        tail += 1;
    }
    while tail > 0 && !cut_ok(true, tail) {
        tail -= 1;
    }
    chars
        .iter()
        .map(|c| {
            let rest: String = c[head..c.len() - tail].iter().collect();
            let rest = rest.trim_matches(SEPARATORS);
            if rest.is_empty() {
                l.t("plans.base").to_string()
            } else {
                rest.to_string()
            }
        })
        .collect()
}

/// How the plans were evaluated: the expected-value projection, or N
/// paired replications.
#[must_use]
pub fn evaluation_text(runs: Option<usize>, l: Lang) -> String {
    match runs {
        None => l.t("decide.eval_expected").to_string(),
        Some(n) => format!("{} · {n} {}", l.t("decide.eval_paired"), l.t("decide.runs")),
    }
}

/// The view of comparison `c` with the table at the end of `year` (the
/// last year when `year` is not compared).
#[must_use]
pub fn view(c: &Comparison, year: i32, l: Lang) -> CompareView {
    let mc = c.runs.is_some();
    let y = c
        .years
        .iter()
        .position(|&x| x == year)
        .unwrap_or(c.years.len().saturating_sub(1));
    let year = c.years.get(y).copied().unwrap_or(year);
    let plans: Vec<String> = c.plans.iter().map(|p| p.label.clone()).collect();
    let x: Vec<f64> = c.years.iter().map(|&y| f64::from(y)).collect();
    let charts = CHART_METRICS
        .iter()
        .filter_map(|m| c.metrics.iter().find(|r| r.metric == *m))
        .map(|r| CompareChart {
            metric: r.metric.clone(),
            title: titled(label(&r.label_zh, &r.label_en, l), &r.metric, l),
            x: x.clone(),
            plans: r
                .by_plan
                .iter()
                .zip(&plans)
                .map(|(stats, name)| PlanSeries {
                    label: name.clone(),
                    value: stats.iter().map(|s| s.value).collect(),
                    band: mc.then(|| {
                        (
                            stats.iter().map(|s| s.p5).collect(),
                            stats.iter().map(|s| s.p95).collect(),
                        )
                    }),
                })
                .collect(),
        })
        .collect();
    let table = c
        .metrics
        .iter()
        .map(|r| TableRow {
            metric: r.metric.clone(),
            label: label(&r.label_zh, &r.label_en, l),
            values: r
                .by_plan
                .iter()
                .map(|p| {
                    p.get(y)
                        .map_or("—".into(), |s| metric_text(&r.metric, s.value, l))
                })
                .collect(),
            diffs: r
                .diff
                .iter()
                .map(|d| {
                    d.get(y).map_or_else(
                        || diff_cell(&r.metric, Interval::exact(f64::NAN), mc, l),
                        |d| diff_cell(&r.metric, d.mean, mc, l),
                    )
                })
                .collect(),
        })
        .collect();
    let goals = c
        .goals
        .iter()
        .map(|g| GoalLine {
            label: label(&g.label_zh, &g.label_en, l),
            cells: g
                .probability
                .iter()
                .map(|&p| {
                    if mc {
                        l.percent(p)
                    } else if p >= 1.0 {
                        l.t("decide.goal_met").to_string()
                    } else {
                        l.t("decide.goal_missed").to_string()
                    }
                })
                .collect(),
            probability: g.probability.clone(),
        })
        .collect();
    // A variant that gives fewer, not more, has no cost per extra unit.
    let ratio = |r: Option<Interval>, gain: Interval| -> String {
        match r {
            _ if gain.value <= 0.0 => l.t("decide.no_gain").to_string(),
            None => l.t("decide.no_gain").to_string(),
            Some(i) if mc => format!(
                "{} ({} … {})",
                l.yuan(i.value),
                l.yuan(i.low),
                l.yuan(i.high)
            ),
            Some(i) => l.yuan(i.value),
        }
    };
    let with_interval = |metric: &str, i: Interval| -> String {
        let d = diff_cell(metric, i, mc, l);
        match d.interval {
            Some(iv) => format!("{} ({iv})", d.text),
            None => d.text,
        }
    };
    let costs = c
        .cost_effectiveness
        .iter()
        .map(|ce| CostLine {
            plan: plans.get(ce.plan).cloned().unwrap_or_default(),
            extra_cost: with_interval("cumulative_cost_yuan", ce.extra_cost_yuan),
            extra_certified: with_interval("certified", ce.extra_certified),
            per_certified: ratio(ce.yuan_per_certified, ce.extra_certified),
            extra_stations: with_interval("stations_at_norm", ce.extra_stations_at_norm),
            per_station: ratio(ce.yuan_per_station_at_norm, ce.extra_stations_at_norm),
        })
        .collect();
    CompareView {
        short: short_names(&plans, l),
        plans,
        years: c.years.clone(),
        year,
        evaluation: evaluation_text(c.runs, l),
        charts,
        table,
        goals,
        cost_year: c.cost_effectiveness.first().map(|ce| ce.year),
        costs,
    }
}

/// The comparison as one flat table for export: a row per metric and
/// year, each plan's value (with its 5th and 95th percentiles under Monte
/// Carlo), then each variant's difference from the base (with the 90 %
/// interval of the mean difference).
#[must_use]
pub fn table(c: &Comparison, l: Lang) -> Table {
    let mut head: Vec<String> = vec![
        l.t("decide.col_metric").into(),
        l.t("decide.col_label").into(),
        l.t("decide.col_year").into(),
    ];
    let mc = c.runs.is_some();
    for p in &c.plans {
        head.push(p.label.clone());
        if mc {
            head.push(format!("{} p5", p.label));
            head.push(format!("{} p95", p.label));
        }
    }
    let d = l.t("decide.col_difference");
    for p in c.plans.iter().skip(1) {
        head.push(format!("{} {d}", p.label));
        if mc {
            head.push(format!("{} {d} {}", p.label, l.t("decide.col_low90")));
            head.push(format!("{} {d} {}", p.label, l.t("decide.col_high90")));
        }
    }
    let mut t = Table {
        name: l.t("decide.sheet_comparison").into(),
        header: head,
        rows: Vec::new(),
    };
    for m in &c.metrics {
        for (y, year) in c.years.iter().enumerate() {
            let mut r = vec![
                Cell::text(&m.metric),
                Cell::text(l.pick(&m.label_zh, &m.label_en)),
                Cell::from(*year),
            ];
            for plan in &m.by_plan {
                let s = plan[y];
                r.push(Cell::number(s.value));
                if mc {
                    r.push(Cell::number(s.p5));
                    r.push(Cell::number(s.p95));
                }
            }
            for d in &m.diff {
                let d = d[y];
                r.push(Cell::number(d.mean.value));
                if mc {
                    r.push(Cell::number(d.mean.low));
                    r.push(Cell::number(d.mean.high));
                }
            }
            t.rows.push(r);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analysis::compare::{CompareOptions, compare};
    use crate::model::analysis::{Control, Evaluation, compile_with};
    use crate::model::{Model, io};

    fn comparison(eval: Evaluation) -> Comparison {
        let base = io::default_scenario().unwrap();
        let (vsc, vmodel) =
            compile_with(&base, &[("levers.recruitment_multiplier".to_string(), 2.0)]).unwrap();
        let bmodel = Model::compile(&base).unwrap();
        let plans = vec![(base, bmodel), (vsc, vmodel)];
        let labels = vec!["base.ron".to_string(), "more.ron".to_string()];
        let opts = CompareOptions {
            eval,
            county_only: false,
            year: Some(2030),
        };
        compare(&plans, &labels, opts, &Control::new()).unwrap()
    }

    #[test]
    fn more_recruitment_shows_more_workers_with_a_plus_sign() {
        let c = comparison(Evaluation::Deterministic);
        let v = view(&c, 2030, Lang::En);
        assert_eq!(v.plans, ["base.ron", "more.ron"]);
        assert_eq!(v.charts.len(), CHART_METRICS.len());
        let row = v
            .table
            .iter()
            .find(|r| r.metric == "headcount_total")
            .unwrap();
        assert_eq!(row.diffs[0].sign, 1, "{row:?}");
        assert!(row.diffs[0].text.starts_with('+'), "{row:?}");
        assert!(row.diffs[0].interval.is_none());
        assert_eq!(v.costs.len(), 1);
        assert_eq!(v.cost_year, Some(2030));
        let cost = v.charts.iter().find(|c| c.metric == "cumulative_cost_yuan");
        assert!(cost.unwrap().title.ends_with("(yuan)"));
        // Every goal has a cell per plan.
        assert!(v.goals.iter().all(|g| g.cells.len() == 2));
    }

    #[test]
    fn short_names_keep_what_sets_plans_apart() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        assert_eq!(
            short_names(
                &names(&["county", "county · Variant 1", "county · Variant 2"]),
                Lang::En
            ),
            ["base", "Variant 1", "Variant 2"]
        );
        assert_eq!(
            short_names(&names(&["default.ron", "policy_variant.ron"]), Lang::En),
            ["default", "policy_variant"]
        );
        assert_eq!(
            short_names(&names(&["典型县", "典型县 · 变体方案 1"]), Lang::Zh),
            ["基准", "变体方案 1"]
        );
    }

    #[test]
    fn monte_carlo_gives_bands_and_intervals_and_the_export_has_their_columns() {
        let c = comparison(Evaluation::MonteCarlo { runs: 12, seed: 5 });
        let v = view(&c, 2030, Lang::Zh);
        assert!(
            v.charts
                .iter()
                .all(|c| c.plans.iter().all(|p| p.band.is_some()))
        );
        let row = v
            .table
            .iter()
            .find(|r| r.metric == "headcount_total")
            .unwrap();
        assert!(row.diffs[0].interval.as_ref().unwrap().contains(" … "));
        let t = table(&c, Lang::Zh);
        // metric, label, year; 3 columns a plan; 3 a variant.
        assert_eq!(t.header.len(), 3 + 2 * 3 + 3);
        assert_eq!(t.header[0], "指标");
        assert_eq!(t.rows.len(), c.metrics.len() * c.years.len());
        let en = table(&c, Lang::En);
        assert!(en.header.iter().any(|h| h == "more.ron difference 90% low"));
    }
}
