//! Saying what binds: where a rule of the scenario overrides the plan.
//!
//! From the expected-value projection: per year, the months in which the
//! funding cap stopped hiring, and every cohort or hiring round the rules
//! cancelled or cut (by name, with the people planned and placed, and the
//! rule: the funding cap, applicants running out, the yearly cap of hiring
//! to norm, no open station). From a Monte Carlo run beside it: the
//! metrics whose Monte Carlo median lies outside the projection's value
//! band, so that a planner does not read one for the other.

use crate::model::engine::{Expected, Model};
use crate::model::montecarlo::Bands;
use crate::model::results::{CutReason, Projection};
use crate::model::scenario::{Recruitment, Scenario};
use serde::Serialize;

/// A policy's intake cut in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyCut {
    /// Index of the policy in the scenario's `recruitment` list.
    pub policy: usize,
    /// `cohort`, `schedule`, `replace_leavers` or `fill_to_norm`.
    pub kind: &'static str,
    /// The policy's name (Chinese): the cohort's name, or the track hired.
    pub name_zh: String,
    /// The policy's name (English).
    pub name_en: String,
    /// Calendar month.
    pub month: u32,
    /// People planned.
    pub planned: f64,
    /// People placed.
    pub placed: f64,
    /// What cut it.
    pub reason: CutReason,
}

/// What bound in one calendar year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BindingYear {
    /// Calendar year.
    pub year: i32,
    /// Calendar months in which the funding cap stopped hiring that was due.
    pub capped_months: Vec<u32>,
    /// Intakes cut, in month order.
    pub cuts: Vec<PolicyCut>,
}

/// A metric whose Monte Carlo median differs from the projection beyond the band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    /// Metric id.
    pub metric: String,
    /// Calendar year (its year end).
    pub year: i32,
    /// The expected-value projection's value.
    pub projected: f64,
    /// The Monte Carlo 5th percentile.
    pub p5: f64,
    /// The Monte Carlo median.
    pub p50: f64,
    /// The Monte Carlo 95th percentile.
    pub p95: f64,
}

/// Everything that binds, for the app, the report and the command line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Binding {
    /// Years in which something bound, in order.
    pub years: Vec<BindingYear>,
    /// Metrics (year ends) where the projection lies outside the Monte
    /// Carlo 90 % band (empty without Monte Carlo).
    pub divergent: Vec<Divergence>,
}

/// The name of recruitment policy `i` in both languages.
fn policy_name(sc: &Scenario, i: usize) -> (&'static str, String, String) {
    let track = |id: &str| {
        sc.tracks.iter().find(|t| t.id == id).map_or_else(
            || (id.to_string(), id.to_string()),
            |t| {
                let en = if t.name_en.is_empty() {
                    &t.name
                } else {
                    &t.name_en
                };
                (t.name.clone(), en.clone())
            },
        )
    };
    match sc.recruitment.get(i) {
        Some(Recruitment::Cohort { name, name_en, .. }) => (
            "cohort",
            name.clone(),
            if name_en.is_empty() {
                name.clone()
            } else {
                name_en.clone()
            },
        ),
        Some(Recruitment::Schedule { track: t, .. }) => {
            let (zh, en) = track(t);
            ("schedule", format!("{zh}招聘"), format!("{en} hiring"))
        }
        Some(Recruitment::ReplaceLeavers { track: t, .. }) => {
            let (zh, en) = track(t);
            (
                "replace_leavers",
                format!("{zh}离职补员"),
                format!("{en} replacing leavers"),
            )
        }
        Some(Recruitment::FillToNorm { track: t, .. }) => {
            let (zh, en) = track(t);
            (
                "fill_to_norm",
                format!("{zh}按编制补员"),
                format!("{en} hiring to norm"),
            )
        }
        None => ("", String::new(), String::new()),
    }
}

/// The metrics checked for a divergence between projection and median.
const DIVERGENCE_METRICS: [&str; 6] = [
    "headcount_total",
    "certified",
    "certified_share",
    "stations_at_norm",
    "gap_fte",
    "cumulative_cost_yuan",
];

/// The years in which a rule of `sc` cut the plan's intakes or stopped
/// hiring, from a projection of it (the months come from the
/// projection's own calendar).
#[must_use]
pub fn binding_years(sc: &Scenario, p: &Projection) -> Vec<BindingYear> {
    let mut years: Vec<BindingYear> = Vec::new();
    for c in &p.cuts {
        let Some(m) = p.months.get(c.month_index as usize) else {
            continue;
        };
        let (year, month) = (m.year, m.month);
        let k = match years.iter().position(|y| y.year == year) {
            Some(k) => k,
            None => {
                years.push(BindingYear {
                    year,
                    capped_months: Vec::new(),
                    cuts: Vec::new(),
                });
                years.len() - 1
            }
        };
        let (kind, name_zh, name_en) = policy_name(sc, c.policy);
        if c.reason == CutReason::FundingCap && !years[k].capped_months.contains(&month) {
            years[k].capped_months.push(month);
        }
        years[k].cuts.push(PolicyCut {
            policy: c.policy,
            kind,
            name_zh,
            name_en,
            month,
            planned: c.planned,
            placed: c.placed,
            reason: c.reason,
        });
    }
    years.sort_by_key(|y| y.year);
    years
}

/// What binds in a projection of `sc` (and, with `bands`, where the Monte
/// Carlo median and the projection disagree).
#[must_use]
pub fn binding(sc: &Scenario, model: &Model, p: &Projection, bands: Option<&Bands>) -> Binding {
    let years = binding_years(sc, p);
    let mut divergent = Vec::new();
    if let Some(bands) = bands {
        let width = model.metric_width();
        let mut rows = vec![0.0; (model.months() as usize + 1) * width];
        let never = std::sync::atomic::AtomicBool::new(false);
        model.run_metrics(&mut Expected, &mut rows, &never);
        let names = model.metric_names();
        for (year, step) in model.year_ends() {
            for metric in DIVERGENCE_METRICS {
                let (Some(band), Some(col)) =
                    (bands.get(metric), names.iter().position(|n| n == metric))
                else {
                    continue;
                };
                let projected = rows[step * width + col];
                let (p5, p50, p95) = (band.p5[step], band.p50[step], band.p95[step]);
                if projected < p5 - 1e-9 || projected > p95 + 1e-9 {
                    divergent.push(Divergence {
                        metric: metric.to_string(),
                        year,
                        projected,
                        p5,
                        p50,
                        p95,
                    });
                }
            }
        }
    }
    Binding { years, divergent }
}

impl Binding {
    /// One line per binding rule, in the language asked for (for the
    /// command line's warnings and the report): cuts are summed per policy
    /// and rule over the year.
    #[must_use]
    pub fn lines(&self, sc: &Scenario, chinese: bool) -> Vec<String> {
        let mut out = Vec::new();
        for y in &self.years {
            if !y.capped_months.is_empty() {
                let months: Vec<String> = y.capped_months.iter().map(u32::to_string).collect();
                out.push(if chinese {
                    format!("{} 年：经费用完，{} 月停止招聘", y.year, months.join("、"))
                } else {
                    format!(
                        "{}: funds committed, hiring stopped in month {}",
                        y.year,
                        months.join(", ")
                    )
                });
            }
            let mut seen: Vec<(usize, CutReason)> = Vec::new();
            for c in &y.cuts {
                if seen.contains(&(c.policy, c.reason)) {
                    continue;
                }
                seen.push((c.policy, c.reason));
                let same = y
                    .cuts
                    .iter()
                    .filter(|x| x.policy == c.policy && x.reason == c.reason);
                let (planned, placed) =
                    same.fold((0.0, 0.0), |a, x| (a.0 + x.planned, a.1 + x.placed));
                out.push(cut_line(y.year, c, planned, placed, chinese));
            }
        }
        for d in &self.divergent {
            let label = crate::model::metrics::label(sc, &d.metric, chinese);
            out.push(if chinese {
                format!(
                    "{} 年末{}：期望值预测 {:.2}，随机模拟中位数 {:.2}（90% 区间 {:.2}–{:.2}），请以模拟结果为准",
                    d.year, label, d.projected, d.p50, d.p5, d.p95
                )
            } else {
                format!(
                    "end of {}, {}: projected {:.2}, Monte Carlo median {:.2} (90 % band {:.2}–{:.2}); read the Monte Carlo figure",
                    d.year, label, d.projected, d.p50, d.p5, d.p95
                )
            });
        }
        out
    }
}

/// What a rule did to an intake, in the language asked for
/// ("cancelled: the year's funds were committed", …).
#[must_use]
pub fn reason_text(reason: CutReason, chinese: bool) -> &'static str {
    let (zh, en) = match reason {
        CutReason::FundingCap => (
            "经费用完而取消",
            "cancelled: the year's funds were committed",
        ),
        CutReason::Applicants => ("应聘人数不足而削减", "cut: applicants ran out"),
        CutReason::YearlyMax => (
            "达到年度补员上限而削减",
            "cut: the yearly cap of hires was reached",
        ),
        CutReason::NoOpenStation => ("无运营站点而取消", "cancelled: no station was open"),
    };
    if chinese { zh } else { en }
}

fn cut_line(year: i32, c: &PolicyCut, planned: f64, placed: f64, chinese: bool) -> String {
    let cut = planned - placed;
    let (why_zh, why_en) = (reason_text(c.reason, true), reason_text(c.reason, false));
    if chinese {
        format!(
            "{year} 年：{}{}，计划 {planned:.1} 人，实际 {placed:.1} 人（少 {cut:.1} 人）",
            c.name_zh, why_zh
        )
    } else {
        format!(
            "{year}: {} {why_en}; planned {planned:.1}, placed {placed:.1} ({cut:.1} fewer)",
            c.name_en
        )
    }
}
