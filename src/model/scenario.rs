//! The scenario document: everything a planner states about a county, its
//! workforce pipeline and its policies. Deserialised from RON
//! (`format_version: 1`), checked by [`crate::model::validate`], then
//! compiled and projected by [`crate::model::engine`].
//!
//! Rates are fractions in `[0, 1]`, money is yuan, durations are months unless
//! the field name says otherwise. Every parameter group carries a `source`
//! note ("assumed" where no source exists) that the app shows in tooltips.

pub use super::goals::Comparison;
pub use super::source_note::SourceNote;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use super::uncertainty::{Assumption, Distribution, Uncertainty};

/// The only file format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Longest horizon a scenario may ask for, in years.
pub const MAX_HORIZON_YEARS: u32 = 30;

/// Longest service history tracked month by month; later months share one bucket.
pub const MAX_TRACKED_MONTHS: u32 = 120;

/// A complete planning scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// File format version; must equal [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Short name shown in the title bar and reports.
    pub name: String,
    /// Free text describing the scenario.
    #[serde(default)]
    pub description: String,
    /// Calendar year of the first projected month.
    pub start_year: i32,
    /// Calendar month (1–12) of the first projected month.
    pub start_month: u32,
    /// Projection length in years (1–30).
    pub horizon_years: u32,
    /// Seed of the random number generator used by stochastic runs.
    #[serde(default)]
    pub seed: u64,
    /// Calendar month (1–12) of the yearly national exam sitting.
    #[serde(default = "default_exam_month")]
    pub exam_month: u32,
    /// Calendar month (1–12) the results of the sitting are published; a
    /// certificate takes effect then (pay, allowances and the certified
    /// share move in that month; `model::eligibility::DEFAULT_RESULTS_MONTH`
    /// is August). `None`, or the exam month itself: in the month of the
    /// sitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results_month: Option<u32>,
    /// Geography: the county, its townships and villages.
    pub county: County,
    /// Staff tracks, e.g. professional and local talent.
    pub tracks: Vec<Track>,
    /// Pipeline stages in display order: training phases, grades, custom stages.
    pub stages: Vec<Stage>,
    /// People in post (or in training) at the start. Shared like the
    /// townships.
    #[serde(default)]
    pub initial_stock: Arc<Vec<InitialStock>>,
    /// Recruitment and training policies, applied in file order each month.
    #[serde(default)]
    pub recruitment: Vec<Recruitment>,
    /// Exits: hazards by track, stage and tenure, contract renewals, lever effects.
    #[serde(default)]
    pub retention: Retention,
    /// Workload-based need (WISN) and staffing norms.
    #[serde(default)]
    pub need: Need,
    /// Costs, funding sources and the spending cap.
    #[serde(default)]
    pub budget: Budget,
    /// Policy levers shared by several parts of the model.
    #[serde(default)]
    pub levers: Levers,
    /// Local rule: uncertified staff must certify within N months of hire.
    #[serde(default)]
    pub certify_deadline: Option<CertifyDeadline>,
    /// Goals whose chance of being met a Monte Carlo run reports.
    #[serde(default)]
    pub targets: Targets,
    /// Assumptions whose value is uncertain, drawn once per Monte Carlo
    /// replication (MODEL.md §7a).
    #[serde(default, skip_serializing_if = "Uncertainty::is_empty")]
    pub uncertainty: Uncertainty,
}

/// Planning goals (总体目标与阶段目标).
///
/// `goals` lists dated targets as a county plan states them: a metric of
/// the results, a comparison, a level and a year (or every year from a
/// year on). The older fields (`all_stations_at_norm`,
/// `certified_share_at_least`, `workers_per_10k_at_least`,
/// `spend_within_budget`) still read; they stand for goals only when
/// `goals` is empty (see [`Targets::effective_goals`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Dated goals, in the order the plan states them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    /// Older form: every station at its staffing norm (a goal when `goals` is empty).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub all_stations_at_norm: bool,
    /// Older form: certified workers ÷ workers at least this share, in `[0, 1]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_share_at_least: Option<f64>,
    /// Older form: workers per 10,000 residents at least this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers_per_10k_at_least: Option<f64>,
    /// Older form: each calendar year's spending within the year's funding
    /// (a goal only when the budget lists funding sources).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub spend_within_budget: bool,
    /// The year the planner cares about most (e.g. 2030); the app highlights it.
    #[serde(default)]
    pub by_year: Option<i32>,
    /// Where the goals come from.
    #[serde(default)]
    pub source: SourceNote,
}

fn yes() -> bool {
    true
}

fn is_true(x: &bool) -> bool {
    *x
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            goals: Vec::new(),
            all_stations_at_norm: true,
            certified_share_at_least: None,
            workers_per_10k_at_least: None,
            spend_within_budget: true,
            by_year: None,
            source: SourceNote::default(),
        }
    }
}

impl Targets {
    /// The goals that apply: `goals` as written, or, when it is empty, the
    /// older fields as goals judged at the end of `by_year` (the last year
    /// of the horizon when none): `all_stations_at_norm`
    /// (`stations_at_norm_share >= 1`), `certified_share`,
    /// `workers_per_10k`, and `spend_within_budget` (`unfunded_year_yuan <= 0`
    /// every year, only when the budget lists funding sources).
    #[must_use]
    pub fn effective_goals(&self, sc: &Scenario) -> Vec<Goal> {
        if !self.goals.is_empty() {
            return self.goals.clone();
        }
        let first = sc.start_year;
        let last = sc
            .start_year
            .saturating_add(sc.horizon_years.saturating_sub(1).min(1_000) as i32);
        let year = self
            .by_year
            .filter(|y| (first..=last).contains(y))
            .unwrap_or(last);
        let goal = |id: &str, zh: &str, en: &str, metric: &str, c, level, every_year| Goal {
            id: id.into(),
            label: zh.into(),
            label_en: en.into(),
            metric: metric.into(),
            comparison: c,
            level,
            year: if every_year { first } else { year },
            every_year,
            source: self.source.clone(),
        };
        let mut out = Vec::new();
        if self.all_stations_at_norm {
            out.push(goal(
                "all_stations_at_norm",
                "全部站点达到编制",
                "Every station at its staffing norm",
                "stations_at_norm_share",
                Comparison::AtLeast,
                1.0,
                false,
            ));
        }
        if let Some(level) = self.certified_share_at_least {
            out.push(goal(
                "certified_share",
                "持证比例达标",
                "Certified share reached",
                "certified_share",
                Comparison::AtLeast,
                level,
                false,
            ));
        }
        if let Some(level) = self.workers_per_10k_at_least {
            out.push(goal(
                "workers_per_10k",
                "每万人社工数达标",
                "Workers per 10,000 residents reached",
                "workers_per_10k",
                Comparison::AtLeast,
                level,
                false,
            ));
        }
        if self.spend_within_budget && !sc.budget.sources.is_empty() {
            out.push(goal(
                "spend_within_budget",
                "每年支出不超出经费",
                "Spending within funding every year",
                "unfunded_year_yuan",
                Comparison::AtMost,
                0.0,
                true,
            ));
        }
        out
    }
}

/// A dated goal (阶段目标): `metric` compared with `level` at the end of
/// `year` (or at the end of every year from `year` on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Stable identifier, unique among the goals.
    pub id: String,
    /// Label (Chinese); generated from the goal when empty.
    #[serde(default)]
    pub label: String,
    /// Label (English); generated from the goal when empty.
    #[serde(default)]
    pub label_en: String,
    /// A metric of the results: `certified_share`, `stations_at_norm_share`,
    /// `headcount_by_grade.assistant`, … (see MODEL.md, Monte Carlo outputs).
    pub metric: String,
    /// At least or at most the level.
    pub comparison: Comparison,
    /// The level.
    pub level: f64,
    /// Calendar year whose end the goal is judged at.
    pub year: i32,
    /// Judged at the end of every year from `year` to the horizon's end.
    #[serde(default)]
    pub every_year: bool,
    /// Where the goal comes from.
    #[serde(default)]
    pub source: SourceNote,
}

/// A county: the planning unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct County {
    /// County name.
    pub name: String,
    /// Average monthly wage of local urban non-private employees (城镇非私营单位
    /// 就业人员平均工资 ÷ 12), yuan per month; pay is compared with it through
    /// `retention.reference_pay_ratio`, which must be measured against the
    /// same figure (validation warns when the starting staff's pay says
    /// otherwise, see [`Scenario::starting_pay_ratio`]).
    pub local_average_wage_yuan_per_month: f64,
    /// Townships (and the county centre) that host a station. Shared, so a
    /// copy of the scenario (an undo step, a background projection) does not
    /// copy half a million villages; change it with `Arc::make_mut`.
    pub townships: Arc<Vec<Township>>,
    /// Where the wage figure comes from.
    #[serde(default)]
    pub source: SourceNote,
}

/// A township (乡镇) with its social work station, or the county centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Township {
    /// Stable identifier, unique in the file.
    pub id: String,
    /// Display name.
    pub name: String,
    /// True for the county social work centre (一县一中心), which has no villages.
    #[serde(default)]
    pub county_centre: bool,
    /// Month index (0 = start) from which the station operates; hiring and need start then.
    #[serde(default)]
    pub station_opens_month: u32,
    /// Staffing norm: workers the station should have.
    pub staffing_norm: f64,
    /// Residents not living in any listed village (township seat), persons.
    #[serde(default)]
    pub seat_population: f64,
    /// Villages served by the station.
    #[serde(default)]
    pub villages: Vec<Village>,
}

/// A village (村) and the groups social workers serve there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Village {
    /// Village name.
    pub name: String,
    /// Registered residents, persons.
    pub population: f64,
    /// Residents aged 60 or more, persons.
    #[serde(default)]
    pub aged_60_plus: f64,
    /// Left-behind children, persons.
    #[serde(default)]
    pub left_behind_children: f64,
    /// Left-behind elderly, persons.
    #[serde(default)]
    pub left_behind_elderly: f64,
    /// People with disabilities, persons.
    #[serde(default)]
    pub disabled: f64,
    /// Low-income (dibao) households.
    #[serde(default)]
    pub dibao_households: f64,
    /// Remoteness index in `[0, 1]`: 0 next to the township seat, 1 the most remote.
    #[serde(default)]
    pub remoteness: f64,
}

/// A staff track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Stable identifier, e.g. `professional`.
    pub id: String,
    /// Display name (Chinese).
    pub name: String,
    /// Display name (English).
    #[serde(default)]
    pub name_en: String,
}

/// Certification grade of a working stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    /// Working without a certificate.
    Uncertified,
    /// 助理社会工作师.
    Assistant,
    /// 社会工作师.
    Intermediate,
    /// 高级社会工作师.
    Senior,
}

impl Grade {
    /// True for grades that hold a national certificate.
    #[must_use]
    pub fn is_certified(self) -> bool {
        !matches!(self, Grade::Uncertified)
    }
}

/// A pipeline stage. Stages are data: a planner may add any number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable identifier, unique in the file; `exit` is reserved.
    pub id: String,
    /// Display name (Chinese).
    pub name: String,
    /// Display name (English).
    #[serde(default)]
    pub name_en: String,
    /// What kind of stage this is.
    pub kind: StageKind,
    /// Generic transitions to other stages or out of the system.
    #[serde(default)]
    pub transitions: Vec<Transition>,
    /// The certification exam that promotes people out of this stage.
    #[serde(default)]
    pub exam: Option<Exam>,
    /// Where this stage's parameters come from.
    #[serde(default)]
    pub source: SourceNote,
}

/// The kind of a stage decides which flows apply to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum StageKind {
    /// A training phase: people stay a fixed number of months, some drop out,
    /// the rest move on to `next` (entering with zero service if it is a working stage).
    Training {
        /// Length of the phase, months (1–60).
        duration_months: u32,
        /// Share of entrants who drop out during the phase, in `[0, 1]`.
        dropout_share: f64,
        /// Stage entered on completion.
        next: String,
        /// Planned course hours of the phase (reported, used for cost per hour).
        #[serde(default)]
        course_hours: f64,
    },
    /// People in post. They count as workers, are paid, face exit hazards.
    Working {
        /// Certification grade, if the stage is a certification grade.
        #[serde(default)]
        grade: Option<Grade>,
        /// Monthly pay before allowances, yuan per month.
        #[serde(default)]
        pay_yuan_per_month: f64,
        /// Certificate allowance, yuan per month.
        #[serde(default)]
        allowance_yuan_per_month: f64,
    },
    /// Any other state (e.g. secondment, waiting list). People here are not
    /// workers unless `counts_as_worker` is set; only generic transitions apply.
    Custom {
        /// Whether people in this stage count toward headcount and need coverage.
        #[serde(default)]
        counts_as_worker: bool,
    },
}

/// When a transition is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Period {
    /// Every month, with a monthly probability.
    Monthly,
    /// Once a year, in the given calendar month (1–12), with a yearly probability.
    Yearly {
        /// Calendar month in which the transition happens.
        month: u32,
    },
}

/// Destination of a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// Another stage, by id.
    Stage(String),
    /// Out of the system (a leaver).
    Exit,
}

/// A generic flow: `probability` of the stage's people move to `to` per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Destination.
    pub to: Target,
    /// Probability per period, in `[0, 1]`; a stage's probabilities per period sum to at most 1.
    pub probability: f64,
    /// Monthly or yearly.
    pub period: Period,
    /// Restrict to one track; `None` applies to all.
    #[serde(default)]
    pub track: Option<String>,
}

/// A certification exam sat once a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exam {
    /// Stage entered on certification.
    pub to: String,
    /// Exam subjects; all must be held together to certify.
    pub subjects: Vec<Subject>,
    /// Sittings a passed subject stays valid: 1 = all in one sitting (assistant),
    /// 2 = within two consecutive sittings (intermediate), 3 = senior exam pass
    /// valid three years for the review.
    pub window_sittings: u32,
    /// Minimum months of service before a person may sit, per track id.
    #[serde(default)]
    pub min_service_months: BTreeMap<String, u32>,
    /// Share of eligible people who register and sit each year, in `[0, 1]`.
    pub participation: f64,
    /// Where the rules and rates come from.
    #[serde(default)]
    pub source: SourceNote,
}

/// One exam subject (or the senior review).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Subject id: `comprehensive`, `practice`, `law_policy`, `review`, …
    pub id: String,
    /// Probability a sitter passes this subject, per track id, in `[0, 1]`.
    pub pass_probability: BTreeMap<String, f64>,
    /// Can only be attempted once every other subject is held (the senior review).
    #[serde(default)]
    pub after_others: bool,
}

/// People present at the start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialStock {
    /// Township id.
    pub township: String,
    /// Track id.
    pub track: String,
    /// Stage id.
    pub stage: String,
    /// Number of people.
    pub count: f64,
    /// Months of service (working stages) or months already spent (training phases).
    #[serde(default)]
    pub tenure_months: u32,
}

/// Where new hires of a county-level policy are placed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Allocation {
    /// In proportion to each open station's gap (need minus workers); evenly if no gap.
    ByGap,
    /// Evenly over open stations.
    Even,
    /// In proportion to the given weights per township id.
    Weights(BTreeMap<String, f64>),
}

/// A recruitment or training policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Recruitment {
    /// A fixed number of hires each year, spread over the year or in one month.
    Schedule {
        /// Track hired.
        track: String,
        /// Stage entered (with zero service).
        stage: String,
        /// Hires per year (county pool) or per township per year.
        hires_per_year: f64,
        /// True: `hires_per_year` is per township; false: a county pool.
        #[serde(default)]
        per_township: bool,
        /// Calendar month of hiring; `None` spreads hires evenly over 12 months.
        #[serde(default)]
        month: Option<u32>,
        /// First calendar year the schedule applies (inclusive); `None` from the start.
        #[serde(default)]
        from_year: Option<i32>,
        /// Last calendar year (inclusive); `None` to the horizon.
        #[serde(default)]
        to_year: Option<i32>,
        /// Applicants available per year (e.g. graduates entering the field); caps hires.
        #[serde(default)]
        applicants_per_year: Option<f64>,
        /// How county-pool hires are placed.
        #[serde(default = "default_allocation")]
        allocation: Allocation,
        /// Where the figures come from.
        #[serde(default)]
        source: SourceNote,
    },
    /// A local training cohort: trainees start the first training phase.
    Cohort {
        /// Cohort name (Chinese).
        name: String,
        /// Cohort name (English).
        #[serde(default)]
        name_en: String,
        /// Track of the trainees.
        track: String,
        /// First training stage.
        stage: String,
        /// Calendar year of the first intake.
        start_year: i32,
        /// Calendar month of each intake.
        start_month: u32,
        /// Trainees per intake (county total).
        size: f64,
        /// Months between intakes; `None` for a single intake.
        #[serde(default)]
        repeat_every_months: Option<u32>,
        /// Last calendar year with an intake; `None` to the horizon.
        #[serde(default)]
        until_year: Option<i32>,
        /// How trainees are spread over townships.
        #[serde(default = "default_allocation")]
        allocation: Allocation,
        /// Where the figures come from.
        #[serde(default)]
        source: SourceNote,
    },
    /// Replace leavers: hires equal to a share of exits since the last hiring round.
    ReplaceLeavers {
        /// Track hired.
        track: String,
        /// Stage entered.
        stage: String,
        /// Share of leavers replaced, in `[0, 1]`.
        share: f64,
        /// Only replace leavers of this track; `None` replaces all leavers.
        #[serde(default)]
        leavers_of_track: Option<String>,
        /// Monthly, or once a year in a given month.
        period: Period,
        /// Where the figures come from.
        #[serde(default)]
        source: SourceNote,
    },
    /// Hire up to each station's staffing norm, counting people in training.
    FillToNorm {
        /// Track hired.
        track: String,
        /// Stage entered.
        stage: String,
        /// Most hires per year, county total.
        max_hires_per_year: f64,
        /// Calendar month of hiring; `None` checks every month.
        #[serde(default)]
        month: Option<u32>,
        /// Where the figures come from.
        #[serde(default)]
        source: SourceNote,
    },
}

fn default_exam_month() -> u32 {
    6
}

fn default_allocation() -> Allocation {
    Allocation::ByGap
}

/// Exit hazards and the levers that scale them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Annual exit rates by track, stage and tenure band.
    #[serde(default)]
    pub exit_rates: Vec<ExitRate>,
    /// Contract length, months (1-year contracts are usual).
    #[serde(default = "default_contract_months")]
    pub contract_months: u32,
    /// Extra share leaving at each contract renewal, per track id, in `[0, 1]`.
    #[serde(default)]
    pub renewal_exit_share: BTreeMap<String, f64>,
    /// Elasticity of exits to pay: hazard × (pay ratio / reference ratio)^(−elasticity).
    #[serde(default)]
    pub pay_elasticity: f64,
    /// Pay ratio (pay incl. allowance ÷ local average wage) at which the pay multiplier is 1.
    #[serde(default = "one")]
    pub reference_pay_ratio: f64,
    /// Hazard multiplier when a promotion ladder exists (lever `promotion_ladder`).
    #[serde(default = "one")]
    pub ladder_multiplier: f64,
    /// Hazard increase per unit of admin share above `reference_admin_share`.
    #[serde(default)]
    pub admin_sensitivity: f64,
    /// Admin share at which the admin multiplier is 1.
    #[serde(default)]
    pub reference_admin_share: f64,
    /// Hazard increase per month of expected wage arrears.
    #[serde(default)]
    pub arrears_sensitivity_per_month: f64,
    /// Hazard increase at remoteness 1, linear in the population-weighted
    /// mean remoteness of the township's villages (the township seat is not
    /// included: its residents add no casework and no travel).
    #[serde(default)]
    pub remoteness_sensitivity: f64,
    /// Where the rates and elasticities come from.
    #[serde(default)]
    pub source: SourceNote,
}

fn default_contract_months() -> u32 {
    12
}

fn one() -> f64 {
    1.0
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            exit_rates: Vec::new(),
            contract_months: 12,
            renewal_exit_share: BTreeMap::new(),
            pay_elasticity: 0.0,
            reference_pay_ratio: 1.0,
            ladder_multiplier: 1.0,
            admin_sensitivity: 0.0,
            reference_admin_share: 0.0,
            arrears_sensitivity_per_month: 0.0,
            remoteness_sensitivity: 0.0,
            source: SourceNote::default(),
        }
    }
}

/// An annual exit rate for people of a track in a stage within a tenure band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitRate {
    /// Track id; `None` for all tracks.
    #[serde(default)]
    pub track: Option<String>,
    /// Stage id; `None` for all working stages.
    #[serde(default)]
    pub stage: Option<String>,
    /// Tenure band start, months of service (inclusive).
    #[serde(default)]
    pub tenure_from_months: u32,
    /// Tenure band end, months of service (exclusive); `None` open-ended.
    #[serde(default)]
    pub tenure_to_months: Option<u32>,
    /// Share leaving per year, in `[0, 1]`; applied monthly as 1 − (1 − rate)^(1/12).
    pub annual_rate: f64,
}

/// One kind of case a station serves, for the WISN workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLoad {
    /// Which village field counts the people served.
    pub group: Group,
    /// Share of that group needing a case each year, in `[0, 1]`.
    pub cases_per_person_per_year: f64,
    /// Worker hours per case per year.
    pub hours_per_case: f64,
}

/// A population group counted in each village.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    /// All residents.
    Population,
    /// People aged 60+.
    Aged60Plus,
    /// Left-behind children.
    LeftBehindChildren,
    /// Left-behind elderly.
    LeftBehindElderly,
    /// People with disabilities.
    Disabled,
    /// Dibao households.
    DibaoHouseholds,
}

/// Need: WISN workload, a station minimum and a density target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    /// Case loads by group.
    #[serde(default)]
    pub caseloads: Vec<CaseLoad>,
    /// Working hours of one full-time worker per year.
    #[serde(default = "default_hours")]
    pub hours_per_worker_per_year: f64,
    /// Extra travel time at remoteness 1, as a share of case hours.
    #[serde(default)]
    pub travel_overhead_at_remoteness_1: f64,
    /// Minimum workers per open station (the norm used for "stations at norm" is the township's).
    #[serde(default)]
    pub station_minimum_workers: f64,
    /// Target workers per 10,000 residents.
    #[serde(default)]
    pub workers_per_10k_target: f64,
    /// Villages one worker can cover.
    #[serde(default = "default_villages_per_worker")]
    pub villages_per_worker: f64,
    /// Where the figures come from.
    #[serde(default)]
    pub source: SourceNote,
}

fn default_hours() -> f64 {
    1_760.0
}

fn default_villages_per_worker() -> f64 {
    6.0
}

impl Default for Need {
    fn default() -> Self {
        Self {
            caseloads: Vec::new(),
            hours_per_worker_per_year: default_hours(),
            travel_overhead_at_remoteness_1: 0.0,
            station_minimum_workers: 0.0,
            workers_per_10k_target: 0.0,
            villages_per_worker: default_villages_per_worker(),
            source: SourceNote::default(),
        }
    }
}

/// Money: costs, funding sources and the cap rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Employer social insurance and housing fund, as a share of pay.
    #[serde(default)]
    pub social_insurance_share: f64,
    /// Training cost per trainee per month in a training phase, yuan.
    #[serde(default)]
    pub training_cost_yuan_per_trainee_month: f64,
    /// Exam fee per subject sat, yuan.
    #[serde(default)]
    pub exam_fee_yuan_per_subject: f64,
    /// Cost of one hire (advertising, interviews, onboarding), yuan.
    #[serde(default)]
    pub recruitment_cost_yuan_per_hire: f64,
    /// Running cost of each open station, yuan per year.
    #[serde(default)]
    pub station_overhead_yuan_per_year: f64,
    /// Cost of exam support for an uplift of 10 points, per subject sat,
    /// yuan; charged in proportion to `levers.exam_support_pass_uplift`
    /// (0 when no support is given).
    #[serde(default)]
    pub exam_support_yuan_per_subject: f64,
    /// With `levers.promotion_ladder`, the pay of every certified grade is
    /// raised by this share (the step of a rung).
    #[serde(default)]
    pub ladder_pay_step_share: f64,
    /// Yearly cost, per station worker, of moving all of the reference
    /// administrative share of a worker's time elsewhere (a clerk), yuan;
    /// charged in proportion to how far `levers.admin_share` lies below
    /// `retention.reference_admin_share`.
    #[serde(default)]
    pub admin_relief_yuan_per_worker_year: f64,
    /// Funding sources.
    #[serde(default)]
    pub sources: Vec<FundingSource>,
    /// Stop hiring once the year's spending reaches the year's funding.
    #[serde(default)]
    pub cap_hiring_at_funding: bool,
    /// Probability in a year that funds arrive late, in `[0, 1]`.
    #[serde(default)]
    pub funding_delay_probability: f64,
    /// Months of wage arrears when funds are late.
    #[serde(default)]
    pub funding_delay_months: f64,
    /// Where the figures come from.
    #[serde(default)]
    pub source: SourceNote,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            social_insurance_share: 0.0,
            training_cost_yuan_per_trainee_month: 0.0,
            exam_fee_yuan_per_subject: 0.0,
            recruitment_cost_yuan_per_hire: 0.0,
            station_overhead_yuan_per_year: 0.0,
            exam_support_yuan_per_subject: 0.0,
            ladder_pay_step_share: 0.0,
            admin_relief_yuan_per_worker_year: 0.0,
            sources: Vec::new(),
            cap_hiring_at_funding: false,
            funding_delay_probability: 0.0,
            funding_delay_months: 0.0,
            source: SourceNote::default(),
        }
    }
}

/// A funding source (central, provincial, county, welfare lottery …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    /// Stable identifier, e.g. `county`.
    pub id: String,
    /// Display name (Chinese).
    pub name: String,
    /// Display name (English).
    #[serde(default)]
    pub name_en: String,
    /// Yuan per year in the first projected calendar year.
    pub yuan_per_year: f64,
    /// Growth per year, e.g. 0.03 for +3 % a year.
    #[serde(default)]
    pub growth_per_year: f64,
    /// Explicit amounts for given calendar years, overriding the growth path.
    #[serde(default)]
    pub by_year: BTreeMap<i32, f64>,
}

/// Policy levers a planner pulls (../policy-background: W2, T1, T2, countermeasure 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levers {
    /// Multiplies every stage's pay and allowance (1.1 = a 10 % raise).
    #[serde(default = "one")]
    pub pay_multiplier: f64,
    /// A promotion ladder exists for station staff.
    #[serde(default)]
    pub promotion_ladder: bool,
    /// Share of working time spent on administrative tasks delegated by government, in `[0, 1]`.
    #[serde(default)]
    pub admin_share: f64,
    /// Absolute increase of every subject's pass probability from exam support, in `[0, 1]`.
    #[serde(default)]
    pub exam_support_pass_uplift: f64,
    /// Multiplies every recruitment policy's size (hires, cohort size).
    #[serde(default = "one")]
    pub recruitment_multiplier: f64,
    /// Where the lever settings come from.
    #[serde(default)]
    pub source: SourceNote,
}

impl Default for Levers {
    fn default() -> Self {
        Self {
            pay_multiplier: 1.0,
            promotion_ladder: false,
            admin_share: 0.0,
            exam_support_pass_uplift: 0.0,
            recruitment_multiplier: 1.0,
            source: SourceNote::default(),
        }
    }
}

/// Local rule: staff in the given stages must certify within `months` of hire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertifyDeadline {
    /// Months of service by which a certificate is required.
    pub months: u32,
    /// Stages (uncertified grades) the rule applies to.
    pub stages: Vec<String>,
    /// What happens to those still in those stages at the deadline.
    pub consequence: DeadlineConsequence,
    /// Where the rule comes from.
    #[serde(default)]
    pub source: SourceNote,
}

/// What happens at a missed certification deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DeadlineConsequence {
    /// The contract is not renewed: they leave.
    Exit,
    /// They move to another stage (e.g. an auxiliary post).
    MoveTo(String),
    /// Nothing happens; they are counted as overdue.
    Flag,
}

/// The pay ratio the retention's reference is measured by.
impl Scenario {
    /// Mean pay plus allowance of the starting staff in working stages
    /// (before the pay lever), divided by the local average wage: the pay
    /// ratio at which a county keeps its exit rates when
    /// `retention.reference_pay_ratio` is set to it. `None` without starting
    /// workers with pay, or without a wage.
    #[must_use]
    pub fn starting_pay_ratio(&self) -> Option<f64> {
        let wage = self.county.local_average_wage_yuan_per_month;
        let (mut people, mut pay) = (0.0, 0.0);
        for s in self.initial_stock.iter() {
            let kind = self
                .stages
                .iter()
                .find(|st| st.id == s.stage)
                .map(|st| &st.kind);
            if let Some(StageKind::Working {
                pay_yuan_per_month,
                allowance_yuan_per_month,
                ..
            }) = kind
            {
                people += s.count;
                pay += s.count * (pay_yuan_per_month + allowance_yuan_per_month);
            }
        }
        (people > 0.0 && pay > 0.0 && wage > 0.0).then(|| pay / people / wage)
    }
}
