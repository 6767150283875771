//! The lever catalog: every number of a scenario that a planner can pull
//! (a *policy* the county decides) or doubt (an *assumption* about the
//! world), written once.
//!
//! Each [`Entry`] carries a stable id (`levers.pay_multiplier`,
//! `recruitment.本土人才培养班.size`, `retention.exit_rate.local.first_year`,
//! `budget.source.county.yuan_per_year`, …), the field path that validation
//! uses for the same number (`recruitment[1].size`), Chinese and English
//! names, a unit, the valid range, a plausible low and high for sensitivity
//! analysis (with the basis of those bounds: a source, or "assumed"), its
//! kind, how it changes cost, the documented direction of its effect on one
//! output, and get/set on a [`Scenario`].
//!
//! Entries for per-cohort, per-schedule, per-source, per-stage and
//! per-track numbers are generated from the scenario's own lists by
//! [`Catalog::of`] (in `entries.rs`). Validation reads the valid ranges
//! from here, the levers panel draws its rows from here, and the range
//! table of MODEL.md lists the same entries (`talent-planner levers`
//! prints them).

mod basis_zh;
mod entries;
pub mod labels;
pub mod ranges;

use super::scenario::{Recruitment, Scenario, SourceNote, StageKind};
use serde::Serialize;
use std::collections::BTreeMap;
use thiserror::Error;

/// Whether the county decides a number or doubts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverKind {
    /// A choice the county makes (pay, cohort sizes, funding …).
    Policy,
    /// A fact about the world the plan depends on and cannot set (turnover,
    /// pass rates, costs …).
    Assumption,
}

impl LeverKind {
    /// Name in the language asked for.
    #[must_use]
    pub fn label(self, chinese: bool) -> &'static str {
        match (self, chinese) {
            (LeverKind::Policy, false) => "policy",
            (LeverKind::Policy, true) => "政策",
            (LeverKind::Assumption, false) => "assumption",
            (LeverKind::Assumption, true) => "假设",
        }
    }
}

/// The unit of an entry's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share or probability, 0–1.
    Share,
    /// A factor applied to something else (1 = unchanged).
    Multiplier,
    /// People.
    People,
    /// People per year.
    PeoplePerYear,
    /// Months.
    Months,
    /// Yuan per month.
    YuanPerMonth,
    /// Yuan per year.
    YuanPerYear,
    /// Yuan per trainee and month.
    YuanPerTraineeMonth,
    /// Yuan per exam subject sat.
    YuanPerSubject,
    /// Yuan per hire.
    YuanPerHire,
    /// Growth per year (0.03 = +3 % a year).
    GrowthPerYear,
    /// Hours per year.
    HoursPerYear,
    /// Hours per case.
    HoursPerCase,
    /// Cases per person per year.
    CasesPerPersonPerYear,
    /// Workers per 10,000 residents.
    WorkersPer10k,
    /// Workers.
    Workers,
    /// Villages per worker.
    VillagesPerWorker,
    /// A dimensionless coefficient (elasticity, sensitivity).
    Coefficient,
    /// Off (0) or on (1).
    Switch,
}

impl Unit {
    /// Unit label in the language asked for (empty for coefficients).
    #[must_use]
    pub fn label(self, chinese: bool) -> &'static str {
        let (en, zh) = match self {
            Unit::Share => ("share", "比例"),
            Unit::Multiplier => ("×", "倍"),
            Unit::People => ("people", "人"),
            Unit::PeoplePerYear => ("people/year", "人/年"),
            Unit::Months => ("months", "个月"),
            Unit::YuanPerMonth => ("yuan/month", "元/月"),
            Unit::YuanPerYear => ("yuan/year", "元/年"),
            Unit::YuanPerTraineeMonth => ("yuan/trainee-month", "元/人·月"),
            Unit::YuanPerSubject => ("yuan/subject", "元/科"),
            Unit::YuanPerHire => ("yuan/hire", "元/人"),
            Unit::GrowthPerYear => ("per year", "每年"),
            Unit::HoursPerYear => ("hours/year", "小时/年"),
            Unit::HoursPerCase => ("hours/case", "小时/个案"),
            Unit::CasesPerPersonPerYear => ("cases/person/year", "个案/人/年"),
            Unit::WorkersPer10k => ("workers/10,000 residents", "人/万人"),
            Unit::Workers => ("workers", "人"),
            Unit::VillagesPerWorker => ("villages/worker", "村/人"),
            Unit::Coefficient => ("", ""),
            Unit::Switch => ("0 = off, 1 = on", "0 = 否，1 = 是"),
        };
        if chinese { zh } else { en }
    }

    /// The key of the unit in the app's text table (`unit.share`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Unit::Share => "unit.share",
            Unit::Multiplier => "unit.multiplier",
            Unit::People | Unit::Workers => "unit.people",
            Unit::PeoplePerYear => "unit.people_per_year",
            Unit::Months => "unit.months",
            Unit::YuanPerMonth => "unit.yuan_per_month",
            Unit::YuanPerYear => "unit.yuan_per_year",
            Unit::YuanPerTraineeMonth => "unit.yuan_per_trainee_month",
            Unit::YuanPerSubject => "unit.yuan_per_subject",
            Unit::YuanPerHire => "unit.yuan_per_hire",
            Unit::GrowthPerYear => "unit.per_year",
            Unit::HoursPerYear => "unit.hours_per_year",
            Unit::HoursPerCase => "unit.hours_per_case",
            Unit::CasesPerPersonPerYear => "unit.cases_per_person_per_year",
            Unit::WorkersPer10k => "unit.workers_per_10k",
            Unit::VillagesPerWorker => "unit.villages_per_worker",
            Unit::Coefficient => "unit.coefficient",
            Unit::Switch => "unit.switch",
        }
    }
}

/// How raising an entry changes what the plan costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CostEffect {
    /// Raising it costs more.
    Raises,
    /// Raising it costs less.
    Lowers,
    /// It does not enter the cost directly; cost follows headcount.
    Indirect,
    /// It changes funding, not spending.
    Funding,
}

impl CostEffect {
    /// Words in the language asked for.
    #[must_use]
    pub fn label(self, chinese: bool) -> &'static str {
        match (self, chinese) {
            (CostEffect::Raises, false) => "raises cost",
            (CostEffect::Raises, true) => "增加支出",
            (CostEffect::Lowers, false) => "lowers cost",
            (CostEffect::Lowers, true) => "减少支出",
            (CostEffect::Indirect, false) => "cost follows headcount",
            (CostEffect::Indirect, true) => "支出随人数变化",
            (CostEffect::Funding, false) => "changes funding",
            (CostEffect::Funding, true) => "改变经费",
        }
    }
}

/// The documented direction of an entry's own effect on one output:
/// raising the entry makes `metric` (in the last month of the horizon)
/// rise or fall, or leaves it unchanged (never the other way), when no
/// funding cap stops hiring. A binding cap can reverse it (more pay costs
/// more, so fewer are hired): what binds says when it does. Checked on the
/// default county, with its funding cap lifted, by a property test.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Effect {
    /// A metric of [`crate::model::Model::metric_names`].
    pub metric: String,
    /// True: the metric rises (or stays) as the entry rises; false: it falls (or stays).
    pub rises: bool,
}

/// Where the plausible low and high of an entry come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From a cited source (the text says which).
    Sourced(String),
    /// Assumed (the text says how: "±20 % of the value", …).
    Assumed(String),
}

impl Basis {
    /// True when the bounds are assumed.
    #[must_use]
    pub fn is_assumed(&self) -> bool {
        matches!(self, Basis::Assumed(_))
    }

    /// The text of the basis.
    #[must_use]
    pub fn text(&self) -> &str {
        match self {
            Basis::Sourced(t) | Basis::Assumed(t) => t,
        }
    }

    /// The text in Chinese (`chinese`, where the catalog has a translation)
    /// or in English.
    #[must_use]
    pub fn text_in(&self, chinese: bool) -> String {
        let en = self.text();
        if chinese {
            basis_zh::basis_zh(en).unwrap_or_else(|| en.to_string())
        } else {
            en.to_string()
        }
    }
}

/// Where in a scenario an entry's number lives (indices into the
/// scenario's own lists).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Access {
    PayMultiplier,
    PromotionLadder,
    AdminShare,
    ExamUplift,
    RecruitmentMultiplier,
    ScheduleHires(usize),
    ScheduleApplicants(usize),
    CohortSize(usize),
    CohortEvery(usize),
    ReplaceShare(usize),
    FillMax(usize),
    StagePay(usize),
    StageAllowance(usize),
    TrainingDropout(usize),
    TrainingMonths(usize),
    ExamParticipation(usize),
    ExamPass(usize, usize, String),
    ExamMinService(usize, String),
    ExitRate(usize),
    RenewalShare(String),
    PayElasticity,
    LadderMultiplier,
    AdminSensitivity,
    ArrearsSensitivity,
    RemotenessSensitivity,
    LocalWage,
    StationNorm,
    CentreNorm,
    HoursPerWorker,
    TravelOverhead,
    StationMinimum,
    Per10kTarget,
    VillagesPerWorker,
    CaseRate(usize),
    CaseHours(usize),
    SocialInsurance,
    TrainingCost,
    ExamFee,
    ExamSupportCost,
    LadderStep,
    AdminRelief,
    HireCost,
    StationOverhead,
    SourceYuan(usize),
    SourceGrowth(usize),
    CapHiring,
    DelayProbability,
    DelayMonths,
}

/// One number of a scenario a planner can pull or doubt.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// Stable readable id, e.g. `levers.pay_multiplier`.
    pub id: String,
    /// The field path validation reports for the same number, e.g. `recruitment[1].size`.
    pub path: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Unit of the value.
    pub unit: Unit,
    /// Policy or assumption.
    pub kind: LeverKind,
    /// Smallest valid value.
    pub valid_min: f64,
    /// Largest valid value.
    pub valid_max: f64,
    /// Plausible low for sensitivity analysis.
    pub plausible_low: f64,
    /// Plausible high for sensitivity analysis.
    pub plausible_high: f64,
    /// Where the plausible bounds come from.
    pub basis: Basis,
    /// Whole numbers only.
    pub integer: bool,
    /// How raising it changes cost.
    pub cost: CostEffect,
    /// What raising it does to one output (`None` where the sign depends on the scenario).
    pub effect: Option<Effect>,
    /// The source note of the scenario's parameter group (empty when none).
    pub source: SourceNote,
    #[serde(skip)]
    access: Access,
}

/// A value outside an entry's valid range.
#[derive(Debug, Clone, PartialEq)]
pub struct RangeProblem {
    /// Entry id.
    pub id: String,
    /// English name.
    pub name: String,
    /// Chinese name.
    pub name_zh: String,
    /// What is allowed, in English.
    pub rule: String,
    /// What is allowed, in Chinese.
    pub rule_zh: String,
    /// The value given.
    pub value: f64,
}

/// Why a value cannot be set.
#[derive(Debug, Clone, Error, PartialEq)]
pub enum CatalogError {
    /// No entry has this id or path.
    #[error("unknown lever `{id}`; valid ids: {valid}")]
    Unknown {
        /// The id asked for.
        id: String,
        /// The valid ids, comma-separated.
        valid: String,
    },
    /// The value is outside the entry's valid range, not finite, or not whole.
    #[error("{} ({}) must be {} (found {})", .0.name, .0.id, .0.rule, .0.value)]
    OutOfRange(Box<RangeProblem>),
    /// The entry's place in the scenario no longer exists (the scenario changed shape).
    #[error("lever `{0}` no longer exists in this scenario")]
    Gone(String),
    /// `ID=VALUE` could not be read.
    #[error("cannot read `{0}`: write ID=VALUE, e.g. levers.pay_multiplier=1.15")]
    Syntax(String),
}

impl CatalogError {
    /// What is wrong without naming the entry (for a message that names
    /// the field beside it): "must be between 0.1 and 5 (found -3)".
    #[must_use]
    pub fn rule_text(&self, chinese: bool) -> String {
        match self {
            CatalogError::OutOfRange(r) if chinese => {
                format!("必须{}（当前为 {}）", r.rule_zh, r.value)
            }
            CatalogError::OutOfRange(r) => format!("must be {} (found {})", r.rule, r.value),
            other => other.text(chinese),
        }
    }

    /// The message in the language asked for.
    #[must_use]
    pub fn text(&self, chinese: bool) -> String {
        if !chinese {
            return self.to_string();
        }
        match self {
            CatalogError::Unknown { id, valid } => {
                format!("没有名为 `{id}` 的参数；可用的有：{valid}")
            }
            CatalogError::OutOfRange(r) => {
                format!(
                    "{}（{}）必须{}（当前为 {}）",
                    r.name_zh, r.id, r.rule_zh, r.value
                )
            }
            CatalogError::Gone(id) => format!("参数 `{id}` 在此方案中已不存在"),
            CatalogError::Syntax(s) => {
                format!("无法读取 `{s}`：请写成 参数=数值，例如 levers.pay_multiplier=1.15")
            }
        }
    }
}

/// A number as a reader wants it: large whole numbers in exponent form,
/// others with at most six decimals.
fn number_text(v: f64) -> String {
    if v.abs() >= 1e6 && v.fract() == 0.0 {
        format!("{v:e}")
    } else {
        let r = (v * 1e6).round() / 1e6;
        format!("{r}")
    }
}

impl Entry {
    /// The current value in `sc` (`None` if the entry's place no longer exists).
    #[must_use]
    pub fn get(&self, sc: &Scenario) -> Option<f64> {
        let b = |x: bool| if x { 1.0 } else { 0.0 };
        Some(match &self.access {
            Access::PayMultiplier => sc.levers.pay_multiplier,
            Access::PromotionLadder => b(sc.levers.promotion_ladder),
            Access::AdminShare => sc.levers.admin_share,
            Access::ExamUplift => sc.levers.exam_support_pass_uplift,
            Access::RecruitmentMultiplier => sc.levers.recruitment_multiplier,
            Access::ScheduleHires(i) => match sc.recruitment.get(*i)? {
                Recruitment::Schedule { hires_per_year, .. } => *hires_per_year,
                _ => return None,
            },
            Access::ScheduleApplicants(i) => match sc.recruitment.get(*i)? {
                Recruitment::Schedule {
                    applicants_per_year,
                    ..
                } => (*applicants_per_year)?,
                _ => return None,
            },
            Access::CohortSize(i) => match sc.recruitment.get(*i)? {
                Recruitment::Cohort { size, .. } => *size,
                _ => return None,
            },
            Access::CohortEvery(i) => match sc.recruitment.get(*i)? {
                Recruitment::Cohort {
                    repeat_every_months,
                    ..
                } => f64::from((*repeat_every_months)?),
                _ => return None,
            },
            Access::ReplaceShare(i) => match sc.recruitment.get(*i)? {
                Recruitment::ReplaceLeavers { share, .. } => *share,
                _ => return None,
            },
            Access::FillMax(i) => match sc.recruitment.get(*i)? {
                Recruitment::FillToNorm {
                    max_hires_per_year, ..
                } => *max_hires_per_year,
                _ => return None,
            },
            Access::StagePay(i) => match &sc.stages.get(*i)?.kind {
                StageKind::Working {
                    pay_yuan_per_month, ..
                } => *pay_yuan_per_month,
                _ => return None,
            },
            Access::StageAllowance(i) => match &sc.stages.get(*i)?.kind {
                StageKind::Working {
                    allowance_yuan_per_month,
                    ..
                } => *allowance_yuan_per_month,
                _ => return None,
            },
            Access::TrainingDropout(i) => match &sc.stages.get(*i)?.kind {
                StageKind::Training { dropout_share, .. } => *dropout_share,
                _ => return None,
            },
            Access::TrainingMonths(i) => match &sc.stages.get(*i)?.kind {
                StageKind::Training {
                    duration_months, ..
                } => f64::from(*duration_months),
                _ => return None,
            },
            Access::ExamParticipation(i) => sc.stages.get(*i)?.exam.as_ref()?.participation,
            Access::ExamPass(i, j, t) => *sc
                .stages
                .get(*i)?
                .exam
                .as_ref()?
                .subjects
                .get(*j)?
                .pass_probability
                .get(t)?,
            Access::ExamMinService(i, t) => f64::from(
                *sc.stages
                    .get(*i)?
                    .exam
                    .as_ref()?
                    .min_service_months
                    .get(t)?,
            ),
            Access::ExitRate(i) => sc.retention.exit_rates.get(*i)?.annual_rate,
            Access::RenewalShare(t) => *sc.retention.renewal_exit_share.get(t)?,
            Access::PayElasticity => sc.retention.pay_elasticity,
            Access::LadderMultiplier => sc.retention.ladder_multiplier,
            Access::AdminSensitivity => sc.retention.admin_sensitivity,
            Access::ArrearsSensitivity => sc.retention.arrears_sensitivity_per_month,
            Access::RemotenessSensitivity => sc.retention.remoteness_sensitivity,
            Access::LocalWage => sc.county.local_average_wage_yuan_per_month,
            Access::StationNorm => common_norm(sc, false)?,
            Access::CentreNorm => common_norm(sc, true)?,
            Access::HoursPerWorker => sc.need.hours_per_worker_per_year,
            Access::TravelOverhead => sc.need.travel_overhead_at_remoteness_1,
            Access::StationMinimum => sc.need.station_minimum_workers,
            Access::Per10kTarget => sc.need.workers_per_10k_target,
            Access::VillagesPerWorker => sc.need.villages_per_worker,
            Access::CaseRate(i) => sc.need.caseloads.get(*i)?.cases_per_person_per_year,
            Access::CaseHours(i) => sc.need.caseloads.get(*i)?.hours_per_case,
            Access::SocialInsurance => sc.budget.social_insurance_share,
            Access::TrainingCost => sc.budget.training_cost_yuan_per_trainee_month,
            Access::ExamFee => sc.budget.exam_fee_yuan_per_subject,
            Access::ExamSupportCost => sc.budget.exam_support_yuan_per_subject,
            Access::LadderStep => sc.budget.ladder_pay_step_share,
            Access::AdminRelief => sc.budget.admin_relief_yuan_per_worker_year,
            Access::HireCost => sc.budget.recruitment_cost_yuan_per_hire,
            Access::StationOverhead => sc.budget.station_overhead_yuan_per_year,
            Access::SourceYuan(i) => sc.budget.sources.get(*i)?.yuan_per_year,
            Access::SourceGrowth(i) => sc.budget.sources.get(*i)?.growth_per_year,
            Access::CapHiring => b(sc.budget.cap_hiring_at_funding),
            Access::DelayProbability => sc.budget.funding_delay_probability,
            Access::DelayMonths => sc.budget.funding_delay_months,
        })
    }

    /// Checks a value against the valid range (and wholeness).
    pub fn check(&self, v: f64) -> Result<(), CatalogError> {
        let whole_ok = !self.integer || v.fract() == 0.0;
        if v.is_finite() && v >= self.valid_min && v <= self.valid_max && whole_ok {
            return Ok(());
        }
        let (lo, hi) = (number_text(self.valid_min), number_text(self.valid_max));
        let (rule, rule_zh) = if self.unit == Unit::Switch {
            ("0 or 1".to_string(), "为 0 或 1".to_string())
        } else if self.integer {
            (
                format!("a whole number from {lo} to {hi}"),
                format!("是 {lo} 到 {hi} 之间的整数"),
            )
        } else {
            (
                format!("between {lo} and {hi}"),
                format!("在 {lo} 到 {hi} 之间"),
            )
        };
        Err(CatalogError::OutOfRange(Box::new(RangeProblem {
            id: self.id.clone(),
            name: self.name_en.clone(),
            name_zh: self.name_zh.clone(),
            rule,
            rule_zh,
            value: v,
        })))
    }

    /// Writes `v` into `sc` after checking it against the valid range.
    pub fn set(&self, sc: &mut Scenario, v: f64) -> Result<(), CatalogError> {
        self.check(v)?;
        let gone = || CatalogError::Gone(self.id.clone());
        // Checked above: whole entries hold whole, bounded values.
        let whole = v as u32;
        match &self.access {
            Access::PayMultiplier => sc.levers.pay_multiplier = v,
            Access::PromotionLadder => sc.levers.promotion_ladder = v >= 0.5,
            Access::AdminShare => sc.levers.admin_share = v,
            Access::ExamUplift => sc.levers.exam_support_pass_uplift = v,
            Access::RecruitmentMultiplier => sc.levers.recruitment_multiplier = v,
            Access::ScheduleHires(i) => match sc.recruitment.get_mut(*i) {
                Some(Recruitment::Schedule { hires_per_year, .. }) => *hires_per_year = v,
                _ => return Err(gone()),
            },
            Access::ScheduleApplicants(i) => match sc.recruitment.get_mut(*i) {
                Some(Recruitment::Schedule {
                    applicants_per_year,
                    ..
                }) => *applicants_per_year = Some(v),
                _ => return Err(gone()),
            },
            Access::CohortSize(i) => match sc.recruitment.get_mut(*i) {
                Some(Recruitment::Cohort { size, .. }) => *size = v,
                _ => return Err(gone()),
            },
            Access::CohortEvery(i) => match sc.recruitment.get_mut(*i) {
                Some(Recruitment::Cohort {
                    repeat_every_months,
                    ..
                }) => *repeat_every_months = Some(whole),
                _ => return Err(gone()),
            },
            Access::ReplaceShare(i) => match sc.recruitment.get_mut(*i) {
                Some(Recruitment::ReplaceLeavers { share, .. }) => *share = v,
                _ => return Err(gone()),
            },
            Access::FillMax(i) => match sc.recruitment.get_mut(*i) {
                Some(Recruitment::FillToNorm {
                    max_hires_per_year, ..
                }) => *max_hires_per_year = v,
                _ => return Err(gone()),
            },
            Access::StagePay(i) => match sc.stages.get_mut(*i).map(|s| &mut s.kind) {
                Some(StageKind::Working {
                    pay_yuan_per_month, ..
                }) => *pay_yuan_per_month = v,
                _ => return Err(gone()),
            },
            Access::StageAllowance(i) => match sc.stages.get_mut(*i).map(|s| &mut s.kind) {
                Some(StageKind::Working {
                    allowance_yuan_per_month,
                    ..
                }) => *allowance_yuan_per_month = v,
                _ => return Err(gone()),
            },
            Access::TrainingDropout(i) => match sc.stages.get_mut(*i).map(|s| &mut s.kind) {
                Some(StageKind::Training { dropout_share, .. }) => *dropout_share = v,
                _ => return Err(gone()),
            },
            Access::TrainingMonths(i) => match sc.stages.get_mut(*i).map(|s| &mut s.kind) {
                Some(StageKind::Training {
                    duration_months, ..
                }) => *duration_months = whole,
                _ => return Err(gone()),
            },
            Access::ExamParticipation(i) => {
                match sc.stages.get_mut(*i).and_then(|s| s.exam.as_mut()) {
                    Some(e) => e.participation = v,
                    None => return Err(gone()),
                }
            }
            Access::ExamPass(i, j, t) => match sc
                .stages
                .get_mut(*i)
                .and_then(|s| s.exam.as_mut())
                .and_then(|e| e.subjects.get_mut(*j))
            {
                Some(sub) => {
                    sub.pass_probability.insert(t.clone(), v);
                }
                None => return Err(gone()),
            },
            Access::ExamMinService(i, t) => {
                match sc.stages.get_mut(*i).and_then(|s| s.exam.as_mut()) {
                    Some(e) => {
                        e.min_service_months.insert(t.clone(), whole);
                    }
                    None => return Err(gone()),
                }
            }
            Access::ExitRate(i) => match sc.retention.exit_rates.get_mut(*i) {
                Some(r) => r.annual_rate = v,
                None => return Err(gone()),
            },
            Access::RenewalShare(t) => {
                sc.retention.renewal_exit_share.insert(t.clone(), v);
            }
            Access::PayElasticity => sc.retention.pay_elasticity = v,
            Access::LadderMultiplier => sc.retention.ladder_multiplier = v,
            Access::AdminSensitivity => sc.retention.admin_sensitivity = v,
            Access::ArrearsSensitivity => sc.retention.arrears_sensitivity_per_month = v,
            Access::RemotenessSensitivity => sc.retention.remoteness_sensitivity = v,
            Access::LocalWage => sc.county.local_average_wage_yuan_per_month = v,
            Access::StationNorm | Access::CentreNorm => {
                let centre = self.access == Access::CentreNorm;
                for t in std::sync::Arc::make_mut(&mut sc.county.townships) {
                    if t.county_centre == centre {
                        t.staffing_norm = v;
                    }
                }
            }
            Access::HoursPerWorker => sc.need.hours_per_worker_per_year = v,
            Access::TravelOverhead => sc.need.travel_overhead_at_remoteness_1 = v,
            Access::StationMinimum => sc.need.station_minimum_workers = v,
            Access::Per10kTarget => sc.need.workers_per_10k_target = v,
            Access::VillagesPerWorker => sc.need.villages_per_worker = v,
            Access::CaseRate(i) => match sc.need.caseloads.get_mut(*i) {
                Some(c) => c.cases_per_person_per_year = v,
                None => return Err(gone()),
            },
            Access::CaseHours(i) => match sc.need.caseloads.get_mut(*i) {
                Some(c) => c.hours_per_case = v,
                None => return Err(gone()),
            },
            Access::SocialInsurance => sc.budget.social_insurance_share = v,
            Access::TrainingCost => sc.budget.training_cost_yuan_per_trainee_month = v,
            Access::ExamFee => sc.budget.exam_fee_yuan_per_subject = v,
            Access::ExamSupportCost => sc.budget.exam_support_yuan_per_subject = v,
            Access::LadderStep => sc.budget.ladder_pay_step_share = v,
            Access::AdminRelief => sc.budget.admin_relief_yuan_per_worker_year = v,
            Access::HireCost => sc.budget.recruitment_cost_yuan_per_hire = v,
            Access::StationOverhead => sc.budget.station_overhead_yuan_per_year = v,
            Access::SourceYuan(i) => match sc.budget.sources.get_mut(*i) {
                Some(s) => s.yuan_per_year = v,
                None => return Err(gone()),
            },
            Access::SourceGrowth(i) => match sc.budget.sources.get_mut(*i) {
                Some(s) => s.growth_per_year = v,
                None => return Err(gone()),
            },
            Access::CapHiring => sc.budget.cap_hiring_at_funding = v >= 0.5,
            Access::DelayProbability => sc.budget.funding_delay_probability = v,
            Access::DelayMonths => sc.budget.funding_delay_months = v,
        }
        Ok(())
    }

    /// Calls `bad` with the field path and the value of every place in
    /// `sc` where this entry's number is written and breaks its valid
    /// range (one place, or one per station for a staffing norm). Paths
    /// are written only for a problem.
    pub fn check_places(&self, sc: &Scenario, mut bad: impl FnMut(String, f64)) {
        match self.access {
            Access::StationNorm | Access::CentreNorm => {
                let centre = self.access == Access::CentreNorm;
                for (i, t) in sc.county.townships.iter().enumerate() {
                    if t.county_centre == centre && self.check(t.staffing_norm).is_err() {
                        bad(
                            format!("county.townships[{i}].staffing_norm"),
                            t.staffing_norm,
                        );
                    }
                }
            }
            _ => {
                if let Some(v) = self.get(sc)
                    && self.check(v).is_err()
                {
                    bad(self.path.clone(), v);
                }
            }
        }
    }

    /// Name in the language asked for.
    #[must_use]
    pub fn name(&self, chinese: bool) -> &str {
        if chinese {
            &self.name_zh
        } else {
            &self.name_en
        }
    }

    /// Whether a search text finds this entry: part of its Chinese or
    /// English name, id or field path, whatever the case (empty finds all).
    #[must_use]
    pub fn matches(&self, text: &str) -> bool {
        let needle = text.trim().to_lowercase();
        needle.is_empty()
            || [&self.name_zh, &self.name_en, &self.id, &self.path]
                .iter()
                .any(|s| s.to_lowercase().contains(&needle))
    }

    /// Whether a search over this entry moves in whole steps: whole
    /// numbers (months, switches) and people in an intake or a hiring
    /// round, which a file may hold as an average but a plan states whole.
    #[must_use]
    pub fn moves_in_whole_steps(&self) -> bool {
        self.integer || matches!(self.unit, Unit::People)
    }

    /// Clamps a value into the valid range (rounded for whole entries).
    #[must_use]
    pub fn clamp(&self, v: f64) -> f64 {
        let v = if self.integer { v.round() } else { v };
        v.clamp(self.valid_min, self.valid_max)
    }
}

/// The staffing norm shared by the stations (or by the centre): the mean
/// over them (the value itself when they agree).
fn common_norm(sc: &Scenario, centre: bool) -> Option<f64> {
    let norms: Vec<f64> = sc
        .county
        .townships
        .iter()
        .filter(|t| t.county_centre == centre)
        .map(|t| t.staffing_norm)
        .collect();
    if norms.is_empty() {
        return None;
    }
    if norms.iter().all(|&n| n == norms[0]) {
        return Some(norms[0]);
    }
    Some(norms.iter().sum::<f64>() / norms.len() as f64)
}

/// The catalog of one scenario: every entry, in a fixed order (levers,
/// recruitment, pay, training, exams, retention, need, budget).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Catalog {
    /// The entries.
    pub entries: Vec<Entry>,
}

impl Catalog {
    /// The entry with this id or field path.
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.id == id)
            .or_else(|| self.entries.iter().find(|e| e.path == id))
    }

    /// The entry with this id or field path, or an error listing the valid ids.
    pub fn find(&self, id: &str) -> Result<&Entry, CatalogError> {
        self.get(id).ok_or_else(|| CatalogError::Unknown {
            id: id.to_string(),
            valid: self
                .entries
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// The catalog as a Markdown table (the range table of MODEL.md):
    /// id, kind, unit, valid range, plausible range and its basis, cost
    /// effect and documented effect.
    #[must_use]
    pub fn markdown_table(&self) -> String {
        let mut out = String::from(
            "| id | kind | unit | valid range | plausible low–high (basis) | cost | raising it |\n\
             |---|---|---|---|---|---|---|\n",
        );
        for e in &self.entries {
            let basis = if e.basis.is_assumed() {
                format!("assumed: {}", e.basis.text())
            } else {
                e.basis.text().to_string()
            };
            let effect = e.effect.as_ref().map_or_else(
                || "depends on the scenario".to_string(),
                |f| {
                    format!(
                        "{} `{}`",
                        if f.rises { "raises" } else { "lowers" },
                        f.metric
                    )
                },
            );
            out.push_str(&format!(
                "| `{}` | {} | {} | {}–{} | {}–{} ({}) | {} | {} |\n",
                e.id,
                e.kind.label(false),
                e.unit.label(false),
                number_text(e.valid_min),
                number_text(e.valid_max),
                number_text(e.plausible_low),
                number_text(e.plausible_high),
                basis.replace('|', "/"),
                e.cost.label(false),
                effect
            ));
        }
        out
    }

    /// Entries by field path (for validation messages).
    #[must_use]
    pub fn by_path(&self) -> BTreeMap<&str, &Entry> {
        self.entries.iter().map(|e| (e.path.as_str(), e)).collect()
    }
}

/// Reads `ID=VALUE` (the value a number; `true`/`false` for switches).
pub fn parse_assignment(text: &str) -> Result<(String, f64), CatalogError> {
    let syntax = || CatalogError::Syntax(text.to_string());
    let (id, value) = text.split_once('=').ok_or_else(syntax)?;
    let (id, value) = (id.trim(), value.trim());
    if id.is_empty() {
        return Err(syntax());
    }
    let v = match value {
        "true" | "yes" | "on" => 1.0,
        "false" | "no" | "off" => 0.0,
        _ => value.parse::<f64>().map_err(|_| syntax())?,
    };
    Ok((id.to_string(), v))
}

/// Applies `ID=VALUE` settings to a scenario in order, each checked
/// against its entry's valid range. Ids are those of the scenario as
/// given (setting a value never changes the scenario's lists). A value
/// set is held: its distribution in the uncertainty section, if any, is
/// dropped, so Monte Carlo replications do not draw over it.
pub fn apply_settings(sc: &mut Scenario, settings: &[(String, f64)]) -> Result<(), CatalogError> {
    if settings.is_empty() {
        return Ok(());
    }
    let catalog = Catalog::of(sc);
    let mut held = Vec::with_capacity(settings.len());
    for (id, v) in settings {
        let entry = catalog.find(id)?;
        entry.set(sc, *v)?;
        held.push(entry.id.as_str());
    }
    sc.uncertainty
        .assumptions
        .retain(|a| !held.iter().any(|id| a.names(&catalog, id)));
    Ok(())
}
