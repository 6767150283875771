//! Dated targets (阶段目标): a goal is a metric of the results, a
//! comparison, a level and a year (or every year from a year on), with
//! Chinese and English labels and a source.
//!
//! Goals are written in a scenario's `targets.goals` list or inline on the
//! command line (`certified_share>=0.6@2027`, `unfunded_year_yuan<=0@2026+`).
//! [`GoalSet`] compiles them against a model's metric names and judges them
//! on a run's metric rows: the deterministic value of each goal comes from
//! the expected-value projection, its probability from the share of Monte
//! Carlo replications in which it holds.

use super::engine::{Expected, Model};
use super::scenario::{Goal, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// How a goal compares its metric with its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparison {
    /// The metric must be at least the level (`>=`).
    AtLeast,
    /// The metric must be at most the level (`<=`).
    AtMost,
}

impl Comparison {
    /// `>=` or `<=`.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::AtMost => "<=",
        }
    }

    /// Whether `value` meets `level` (with a tolerance for float noise).
    #[must_use]
    pub fn holds(self, value: f64, level: f64) -> bool {
        let tol = 1e-9 * level.abs().max(1.0);
        match self {
            Comparison::AtLeast => value >= level - tol,
            Comparison::AtMost => value <= level + tol,
        }
    }

    /// The worse of two values for this comparison.
    #[must_use]
    pub fn worse(self, a: f64, b: f64) -> f64 {
        match self {
            Comparison::AtLeast => a.min(b),
            Comparison::AtMost => a.max(b),
        }
    }
}

/// Why a goal cannot be read or judged.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum GoalError {
    /// An inline goal that does not follow `METRIC>=LEVEL@YEAR`.
    #[error(
        "cannot read goal `{0}`: write METRIC>=LEVEL@YEAR or METRIC<=LEVEL@YEAR (add + after the year for every year from it), e.g. certified_share>=0.6@2027"
    )]
    Syntax(String),
    /// The goal names a metric the results do not have.
    #[error("goal `{goal}` names unknown metric `{metric}`; metrics: {valid}")]
    UnknownMetric {
        /// Goal id or text.
        goal: String,
        /// The metric asked for.
        metric: String,
        /// The metrics there are.
        valid: String,
    },
    /// The goal's year is outside the projection.
    #[error("goal `{goal}` is for {year}, outside the projection ({first}–{last})")]
    YearOutside {
        /// Goal id or text.
        goal: String,
        /// The year asked for.
        year: i32,
        /// First calendar year of the projection.
        first: i32,
        /// Last calendar year of the projection.
        last: i32,
    },
    /// No goal of the scenario has this id.
    #[error("no goal `{id}` in this scenario; its goals: {valid}")]
    UnknownId {
        /// The id asked for.
        id: String,
        /// The scenario's goal ids.
        valid: String,
    },
}

impl GoalError {
    /// The message in the language asked for.
    #[must_use]
    pub fn text(&self, chinese: bool) -> String {
        if !chinese {
            return self.to_string();
        }
        match self {
            GoalError::Syntax(s) => format!(
                "无法读取目标 `{s}`：请写成 指标>=数值@年份 或 指标<=数值@年份（年份后加 + 表示该年起每年），例如 certified_share>=0.6@2027"
            ),
            GoalError::UnknownMetric {
                goal,
                metric,
                valid,
            } => format!("目标 `{goal}` 的指标 `{metric}` 不存在；可用指标：{valid}"),
            GoalError::YearOutside {
                goal,
                year,
                first,
                last,
            } => format!("目标 `{goal}` 的年份 {year} 不在推演期内（{first}–{last}）"),
            GoalError::UnknownId { id, valid } => {
                format!("方案中没有目标 `{id}`；已有目标：{valid}")
            }
        }
    }
}

/// Reads an inline goal `METRIC>=LEVEL@YEAR` (or `<=`; `@YEAR+` for every
/// year from YEAR on). Its id is the text itself.
pub fn parse_goal(text: &str) -> Result<Goal, GoalError> {
    let syntax = || GoalError::Syntax(text.to_string());
    let t = text.trim();
    let (lhs, year) = t.rsplit_once('@').ok_or_else(syntax)?;
    let (year, every_year) = match year.trim().strip_suffix('+') {
        Some(y) => (y, true),
        None => (year.trim(), false),
    };
    let year: i32 = year.trim().parse().map_err(|_| syntax())?;
    let (metric, comparison, level) = if let Some((m, l)) = lhs.split_once(">=") {
        (m, Comparison::AtLeast, l)
    } else if let Some((m, l)) = lhs.split_once("<=") {
        (m, Comparison::AtMost, l)
    } else {
        return Err(syntax());
    };
    let level: f64 = level.trim().parse().map_err(|_| syntax())?;
    let metric = metric.trim();
    if metric.is_empty() || !level.is_finite() {
        return Err(syntax());
    }
    Ok(Goal {
        id: t.to_string(),
        label: String::new(),
        label_en: String::new(),
        metric: metric.to_string(),
        comparison,
        level,
        year,
        every_year,
        source: Default::default(),
    })
}

/// The goal with id `id` among the scenario's goals, or an inline goal.
pub fn goal_by_id_or_inline(sc: &Scenario, text: &str) -> Result<Goal, GoalError> {
    let goals = sc.targets.effective_goals(sc);
    if let Some(g) = goals.iter().find(|g| g.id == text) {
        return Ok(g.clone());
    }
    if text.contains(">=") || text.contains("<=") {
        return parse_goal(text);
    }
    Err(GoalError::UnknownId {
        id: text.to_string(),
        valid: goals
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// A goal bound to a metric column and to the month indices it is judged at.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundGoal {
    /// The goal as written.
    pub goal: Goal,
    /// Column of its metric in a metric row.
    pub column: usize,
    /// `(calendar year, month index)` of each year end it is judged at.
    pub checks: Vec<(i32, usize)>,
    /// `(calendar year, month index)` of every year end of the horizon
    /// (for the chance of the comparison holding year by year).
    pub all_years: Vec<(i32, usize)>,
}

impl BoundGoal {
    /// The value that decides the goal on a run's metric rows (month-major,
    /// `width` values a month): the metric at the goal's year end, or the
    /// worst of the year ends from the goal's year on.
    #[must_use]
    pub fn value(&self, rows: &[f64], width: usize) -> f64 {
        let c = self.goal.comparison;
        self.checks
            .iter()
            .map(|&(_, step)| rows[step * width + self.column])
            .reduce(|a, b| c.worse(a, b))
            .unwrap_or(f64::NAN)
    }

    /// Whether the goal holds on a run's metric rows.
    #[must_use]
    pub fn holds(&self, rows: &[f64], width: usize) -> bool {
        self.goal
            .comparison
            .holds(self.value(rows, width), self.goal.level)
    }

    /// Whether the goal holds at one year end (for probabilities by year).
    #[must_use]
    pub fn holds_at(&self, rows: &[f64], width: usize, step: usize) -> bool {
        self.goal
            .comparison
            .holds(rows[step * width + self.column], self.goal.level)
    }
}

/// Goals bound to a model's metrics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalSet {
    /// The goals, in the scenario's order.
    pub goals: Vec<BoundGoal>,
}

impl GoalSet {
    /// Binds goals to the metric names of a model and its year ends
    /// (calendar year → month index of its last month).
    pub fn bind(
        goals: &[Goal],
        metric_names: &[String],
        year_ends: &BTreeMap<i32, usize>,
    ) -> Result<GoalSet, GoalError> {
        let first = year_ends.keys().next().copied().unwrap_or(0);
        let last = year_ends.keys().next_back().copied().unwrap_or(0);
        let mut out = Vec::with_capacity(goals.len());
        for g in goals {
            let column = metric_names
                .iter()
                .position(|m| *m == g.metric)
                .ok_or_else(|| GoalError::UnknownMetric {
                    goal: g.id.clone(),
                    metric: g.metric.clone(),
                    valid: metric_names.join(", "),
                })?;
            if !year_ends.contains_key(&g.year) {
                return Err(GoalError::YearOutside {
                    goal: g.id.clone(),
                    year: g.year,
                    first,
                    last,
                });
            }
            let checks = year_ends
                .iter()
                .filter(|(y, _)| **y == g.year || (g.every_year && **y >= g.year))
                .map(|(y, s)| (*y, *s))
                .collect();
            out.push(BoundGoal {
                goal: g.clone(),
                column,
                checks,
                all_years: year_ends.iter().map(|(y, s)| (*y, *s)).collect(),
            });
        }
        Ok(GoalSet { goals: out })
    }

    /// Binds the goals of a scenario: those whose year lies outside the
    /// projection are left out (validation warns about them: a shorter
    /// horizon should not stop the projection), the rest as [`GoalSet::bind`].
    pub fn bind_within(
        goals: &[Goal],
        metric_names: &[String],
        year_ends: &BTreeMap<i32, usize>,
    ) -> Result<GoalSet, GoalError> {
        let inside: Vec<Goal> = goals
            .iter()
            .filter(|g| year_ends.contains_key(&g.year))
            .cloned()
            .collect();
        Self::bind(&inside, metric_names, year_ends)
    }

    /// Whether every goal holds on a run's metric rows.
    #[must_use]
    pub fn all_hold(&self, rows: &[f64], width: usize) -> bool {
        self.goals.iter().all(|g| g.holds(rows, width))
    }
}

/// A goal judged on the expected-value projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalOutcome {
    /// The goal.
    #[serde(flatten)]
    pub goal: Goal,
    /// The value deciding it: the metric at the goal's year end (the worst
    /// year end from then on for an every-year goal).
    pub value: f64,
    /// Whether the projection meets it.
    pub met: bool,
}

/// Every goal of `model` judged on its expected-value projection.
#[must_use]
pub fn judge_expected(model: &Model) -> Vec<GoalOutcome> {
    let width = model.metric_width();
    let mut rows = vec![0.0; (model.months() as usize + 1) * width];
    let never = std::sync::atomic::AtomicBool::new(false);
    model.run_metrics(&mut Expected, &mut rows, &never);
    model
        .goals()
        .goals
        .iter()
        .map(|g| GoalOutcome {
            goal: g.goal.clone(),
            value: g.value(&rows, width),
            met: g.holds(&rows, width),
        })
        .collect()
}
