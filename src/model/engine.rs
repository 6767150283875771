//! The projection engine. A validated [`Scenario`] is compiled into a
//! [`Model`] (indices instead of ids, monthly rates, precomputed exam
//! outcome tables), then stepped month by month.
//!
//! One code path serves both the expected-value projection and stochastic
//! replications: every flow is taken through a [`Sampler`]. [`Expected`]
//! returns `n × p` (fractional people); a random sampler draws binomials, so
//! the stochastic model has the same states, flows and step order.
//!
//! State layout: for every township, a fixed list of *slots*
//! (stage × track × exam-carry code); each slot holds `buckets` monthly
//! service-age buckets (the last bucket collects everybody older). Only slots
//! that ever held somebody are visited. See MODEL.md for the equations.

// Index loops walk several parallel arrays (townships, stages, tracks) at once.
#![allow(clippy::needless_range_loop)]

use super::goals::GoalSet;
use super::results::{
    Cut, CutReason, Key, Keys, LedgerEntry, MonthResult, Named, NamedSeries, Projection,
    TownshipMonth,
};
use super::scenario::{
    Allocation, DeadlineConsequence, Grade, Group, MAX_TRACKED_MONTHS, Period, Recruitment,
    Scenario, StageKind, Target, Targets,
};
use super::uncertainty::{Assumptions, UncertaintyKinds};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;
use thiserror::Error;

mod compile;
mod recruit;
mod state;
mod step;
use state::{
    Cell, Cells, Flows, State, add_cell, apply_moves, exit_cell, find, group_end, overdue_of,
    push_move,
};
mod summary;

/// A scenario that cannot be compiled (references that validation should have caught).
#[derive(Debug, Error, PartialEq)]
pub enum ModelError {
    /// A referenced id does not exist.
    #[error("unknown {kind} `{id}` referenced at {path}")]
    UnknownId {
        /// What kind of id (stage, track, township).
        kind: &'static str,
        /// The id.
        id: String,
        /// Field path where it was referenced.
        path: String,
    },
    /// The scenario has nothing to project.
    #[error("the scenario has no {0}")]
    Empty(&'static str),
    /// A goal cannot be judged on this scenario's results.
    #[error(transparent)]
    Goal(#[from] super::goals::GoalError),
    /// The uncertainty section names an unknown entry or an unusable distribution.
    #[error(transparent)]
    Uncertainty(#[from] super::uncertainty::UncertaintyError),
}

/// Draws the size of each flow. The expected-value projection uses [`Expected`].
pub trait Sampler {
    /// How many of `n` people take a flow of probability `p` (expected: `n × p`).
    fn portion(&mut self, n: f64, p: f64) -> f64;
    /// A count that must be whole in a stochastic run (expected: `x` itself).
    fn whole(&mut self, x: f64) -> f64;
    /// Whether this is the expected-value sampler, whose draws depend on
    /// nothing but their arguments: a big scenario's townships are then
    /// stepped in parallel blocks, each with its own [`Expected`].
    fn stateless(&self) -> bool {
        false
    }
    /// Moves a random sampler to the draws reserved for `place` (a
    /// township, [`RECRUITMENT_PLACE`] or [`START_PLACE`]) in month `step`,
    /// so that two scenarios' replications with the same seed and index
    /// draw the same numbers for the same purpose even after one of them
    /// took a draw the other did not (common random numbers). The
    /// expected-value sampler ignores it.
    fn align(&mut self, _step: u32, _place: usize) {}
    /// Months of wage arrears in the calendar year that begins at month
    /// `step` (or the projection's first, partial year): funds arrive late
    /// with `probability`, by a delay of `mean_months` on average, and
    /// wages are owed from the year's first month until they arrive
    /// (MODEL.md §7a). `None` for the expected-value sampler, which applies
    /// the expected arrears to every month instead.
    fn funding_delay_months(
        &mut self,
        _step: u32,
        _probability: f64,
        _mean_months: f64,
    ) -> Option<u32> {
        None
    }
}

/// The place of recruitment's draws in a month (see [`Sampler::align`]).
pub const RECRUITMENT_PLACE: usize = (1 << 20) - 1;

/// The place of the starting stock's draws (see [`Sampler::align`]).
pub const START_PLACE: usize = (1 << 20) - 2;

/// The place of a replication's draws of its uncertain assumptions, one
/// block per assumption (see [`Sampler::align`]).
pub const ASSUMPTIONS_PLACE: usize = (1 << 20) - 3;

/// The place of a year's draws of late funding (see [`Sampler::align`]).
pub const FUNDING_PLACE: usize = (1 << 20) - 4;

/// The deterministic expected-value sampler.
#[derive(Debug, Clone, Copy, Default)]
pub struct Expected;

impl Sampler for Expected {
    #[inline]
    fn portion(&mut self, n: f64, p: f64) -> f64 {
        n * p
    }
    #[inline]
    fn whole(&mut self, x: f64) -> f64 {
        x
    }
    fn stateless(&self) -> bool {
        true
    }
}

/// Splits `total` over `weights` (multinomial in a stochastic run, proportional when expected).
fn split<S: Sampler>(sampler: &mut S, total: f64, weights: &[f64], out: &mut Vec<f64>) {
    out.clear();
    let mut remaining_weight: f64 = weights.iter().sum();
    let mut remaining = total;
    for &w in weights {
        if remaining_weight <= 0.0 || remaining <= 0.0 {
            out.push(0.0);
            continue;
        }
        let share = (w / remaining_weight).clamp(0.0, 1.0);
        let x = if share >= 1.0 {
            remaining
        } else {
            sampler.portion(remaining, share)
        };
        out.push(x);
        remaining -= x;
        remaining_weight -= w;
    }
}

/// Options of one projection run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Keep one row per township per month.
    pub township_detail: bool,
    /// With `township_detail`: keep a township's rows only at the start, at
    /// each year end and at the last month, with its hires, exits and
    /// spending summed over the months since its row before. A yearly
    /// table or chart reads the same values from a twelfth of the rows.
    pub township_year_ends: bool,
}

/// A township's hires, exits and spending since its last row (see
/// [`RunOptions::township_year_ends`]).
type SinceRow = [f64; 3];

#[derive(Debug, Clone)]
enum CKind {
    Training {
        duration: usize,
        dropout_per_month: f64,
        next: usize,
    },
    Working {
        certified: bool,
        cost_per_month: [f64; 2],
    },
    Custom {
        worker: bool,
    },
}

/// The kind of a slot's stage, as the township pass treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlotKind {
    /// A working grade: exits in step 1.
    Working,
    /// A training phase: dropout and completion in step 5.
    Training,
    /// A custom stage: only ageing.
    Other,
}

/// What a township's pass needs of one slot (stage × track × code), read
/// together.
#[derive(Debug, Clone, Copy)]
struct SlotInfo {
    stage: usize,
    track: usize,
    /// Exam-progress code.
    code: usize,
    /// `stage * n_tracks + track`: the slot's place in a census row.
    census: usize,
    /// The slot's place in a row of `State::overdue`, if counted.
    overdue: Option<usize>,
    /// Start of the slot's `(base, renewal)` hazards in `Model::exit_pairs`.
    pairs: usize,
    kind: SlotKind,
    /// Lever multiplier of the slot's exits (`Model::exit_mult`).
    exit_mult: f64,
}

#[derive(Debug, Clone)]
struct CTransition {
    to: Option<usize>,
    probability: f64,
    yearly_month: Option<u32>,
    track: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dest {
    Certified,
    Code(usize),
}

#[derive(Debug, Clone)]
struct CExam {
    to: usize,
    min_service: Vec<usize>,
    participation: f64,
    /// `outcomes[track][code]`: (destination, share) for a sitter, in
    /// order; the share is of the sitters not placed by the outcomes before
    /// it (the outcome's probability over the probability left), so the
    /// outcomes are drawn as chained binomials.
    outcomes: Vec<Vec<Vec<(Dest, f64)>>>,
    /// `subjects_sat[track][code]`: expected subjects attempted by a sitter.
    subjects_sat: Vec<Vec<f64>>,
    /// Code of a non-sitter after the sitting (carried subjects age).
    decay: Vec<usize>,
    /// With a results month: the code of people who passed at the sitting
    /// and wait in their grade for the results (the last code).
    pending: Option<usize>,
}

#[derive(Debug, Clone)]
struct CDeadline {
    months: usize,
    stages: Vec<usize>,
    consequence: Option<Option<usize>>,
}

#[derive(Debug, Clone)]
enum CRecruit {
    Schedule {
        track: usize,
        stage: usize,
        per_year: f64,
        per_township: bool,
        month: Option<u32>,
        from_year: Option<i32>,
        to_year: Option<i32>,
        applicants: Option<f64>,
        allocation: CAlloc,
    },
    Cohort {
        track: usize,
        stage: usize,
        start: i64,
        size: f64,
        repeat: Option<i64>,
        until_year: Option<i32>,
        allocation: CAlloc,
    },
    Replace {
        track: usize,
        stage: usize,
        share: f64,
        of_track: Option<usize>,
        month: Option<u32>,
    },
    Fill {
        track: usize,
        stage: usize,
        max_per_year: f64,
        month: Option<u32>,
    },
}

#[derive(Debug, Clone)]
enum CAlloc {
    ByGap,
    Even,
    Weights(Vec<f64>),
}

/// Townships per block when a big scenario's expected-value projection
/// steps blocks of townships in parallel (smaller scenarios step in one go).
const PARALLEL_BLOCK: usize = 2048;

/// A compiled scenario, ready to project many times.
#[derive(Debug, Clone)]
pub struct Model {
    n_tw: usize,
    n_tracks: usize,
    n_stages: usize,
    buckets: usize,
    stage_ids: Vec<String>,
    track_ids: Vec<String>,
    /// Township ids (result keys of the township rows).
    tw_keys: Vec<Key>,
    /// Result keys: track ids, funding sources (then `unfunded`), exit
    /// causes and cost categories.
    track_keys: Keys,
    source_keys: Keys,
    cause_keys: Keys,
    category_keys: Keys,
    /// Keys of the working (worker) stages and of the training stages.
    worker_keys: Keys,
    training_keys: Keys,
    kinds: Vec<CKind>,
    slot_offset: Vec<usize>,
    n_codes: Vec<usize>,
    slots_per_tw: usize,
    /// What the engine needs of each slot of a township (stage, track,
    /// code, census and overdue places, hazards), by slot: one look-up.
    slot_info: Vec<SlotInfo>,
    /// Stages whose people are workers (working and worker custom stages).
    worker: Vec<bool>,
    /// Training stages.
    training: Vec<bool>,
    /// Certified working grades.
    certified: Vec<bool>,
    /// Monthly base exit probability and renewal exit probability
    /// `[(stage * n_tracks + track) * buckets + bucket]` (read together).
    exit_pairs: Vec<[f64; 2]>,
    /// Remoteness multiplier of exits per township.
    tw_mult: Vec<f64>,
    transitions: Vec<Vec<CTransition>>,
    /// Transitions in force `[(month - 1) * n_stages * n_tracks + stage *
    /// n_tracks + track]`: indices into `transitions[stage]`, in file order.
    active_transitions: Vec<Vec<usize>>,
    /// Whether any stage has transitions.
    has_transitions: bool,
    exams: Vec<Option<CExam>>,
    exam_month: u32,
    /// Month the results are published, if not the exam month: passes
    /// wait in their grade until then.
    results_month: Option<u32>,
    deadline: Option<CDeadline>,
    /// With a deadline that only flags: the terms of a township's overdue
    /// count, in summing order (its stages × tracks × codes), each the
    /// position of its slot's value in the township's row of
    /// `State::overdue`.
    overdue_terms: Vec<usize>,
    recruit: Vec<CRecruit>,
    recruit_multiplier: f64,
    need: Vec<f64>,
    norm: Vec<f64>,
    /// Workers an open station must have at least (`need.station_minimum_workers`).
    station_minimum: f64,
    opens: Vec<u32>,
    villages: Vec<f64>,
    /// Residents of the county.
    population_total: f64,
    villages_per_worker: f64,
    initial: Vec<(usize, usize, usize, usize, f64)>,
    start_year: i32,
    start_month: u32,
    months: u32,
    social_insurance: f64,
    training_cost: f64,
    exam_fee: f64,
    hire_cost: f64,
    station_cost_per_month: f64,
    /// Cost of moving administrative work elsewhere, per worker per month
    /// (MODEL.md §6), charged with the station's running cost.
    admin_relief_per_worker_month: f64,
    source_ids: Vec<String>,
    /// Funding `[year offset][source]`, yuan per year.
    funding: Vec<Vec<f64>>,
    cap_hiring: bool,
    targets: Targets,
    /// The scenario's goals bound to the metric columns.
    goals: GoalSet,
    /// Exit multiplier of the expected months of wage arrears, applied
    /// every month of the expected-value projection:
    /// `1 + arrears_sensitivity · P(late) · mean delay`.
    arrears_expected: f64,
    /// Exit multiplier in a month of a replication whose wages are owed:
    /// `1 + 12 · arrears_sensitivity` (the same increase of the year's
    /// exits per month of arrears, gathered in the months owed).
    arrears_event: f64,
    /// Probability that a year's funds are late, and the mean delay in months.
    funding_delay: [f64; 2],
    /// The uncertain assumptions a Monte Carlo replication draws before
    /// its first month (`None`: process noise alone).
    assumptions: Option<Arc<Assumptions>>,
}

/// Where `id` is in `ids`; the path of the reference (written only for the
/// error) says where it was made.
fn idx(
    ids: &[String],
    id: &str,
    kind: &'static str,
    path: &dyn Fn() -> String,
) -> Result<usize, ModelError> {
    ids.iter()
        .position(|x| x == id)
        .ok_or_else(|| ModelError::UnknownId {
            kind,
            id: id.to_string(),
            path: path(),
        })
}

/// Whether a cohort starting at absolute month `start` (year · 12 + month
/// − 1) and repeating every `repeat` months until `until_year` takes an
/// intake in absolute month `abs_month` of calendar year `year`.
fn cohort_due(
    start: i64,
    repeat: Option<i64>,
    until_year: Option<i32>,
    abs_month: i64,
    year: i32,
) -> bool {
    let since = abs_month - start;
    since >= 0
        && match repeat {
            None => since == 0,
            Some(r) => r > 0 && since % r == 0,
        }
        && until_year.is_none_or(|y| year <= y)
}

fn monthly(annual: f64) -> f64 {
    1.0 - (1.0 - annual.clamp(0.0, 1.0)).powf(1.0 / 12.0)
}

fn group_count(v: &super::scenario::Village, g: Group) -> f64 {
    match g {
        Group::Population => v.population,
        Group::Aged60Plus => v.aged_60_plus,
        Group::LeftBehindChildren => v.left_behind_children,
        Group::LeftBehindElderly => v.left_behind_elderly,
        Group::Disabled => v.disabled,
        Group::DibaoHouseholds => v.dibao_households,
    }
}

impl Model {
    /// The model a Monte Carlo replication runs: this one, or, when the
    /// scenario states uncertain assumptions, this one compiled again with
    /// each uncertain entry drawn by `draw(k, distribution)` (the k-th
    /// entry, in file order; MODEL.md §7a).
    pub fn for_replication(
        &self,
        draw: impl FnMut(usize, &super::uncertainty::Distribution) -> f64,
    ) -> Result<Cow<'_, Model>, ModelError> {
        match &self.assumptions {
            None => Ok(Cow::Borrowed(self)),
            Some(a) => Ok(Cow::Owned(Model::compile(&a.drawn(draw))?)),
        }
    }

    /// The same model with its uncertain assumptions held at the file's
    /// values: Monte Carlo bands of process noise alone.
    #[must_use]
    pub fn process_only(&self) -> Model {
        let mut m = self.clone();
        m.assumptions = None;
        m
    }

    /// Which kinds of uncertainty a Monte Carlo run of this model draws.
    #[must_use]
    pub fn uncertainty_kinds(&self) -> UncertaintyKinds {
        match &self.assumptions {
            None => UncertaintyKinds::process(),
            Some(a) => UncertaintyKinds {
                kind: "process_and_assumptions",
                assumptions: a.ids().map(str::to_string).collect(),
            },
        }
    }

    /// Month index of the last month of each calendar year of the horizon.
    #[must_use]
    pub fn year_ends(&self) -> std::collections::BTreeMap<i32, usize> {
        let mut ends = std::collections::BTreeMap::new();
        for step in 0..=self.months {
            ends.insert(self.calendar(step).0, step as usize);
        }
        ends
    }

    /// The scenario's goals, bound to the columns of [`Model::metric_names`].
    #[must_use]
    pub fn goals(&self) -> &GoalSet {
        &self.goals
    }

    /// Number of monthly steps projected.
    #[must_use]
    pub fn months(&self) -> u32 {
        self.months
    }

    /// Number of townships (stations, county centre included).
    #[must_use]
    pub fn township_count(&self) -> usize {
        self.n_tw
    }

    /// Monthly service buckets tracked per slot (the last one collects the rest).
    #[must_use]
    pub fn buckets(&self) -> usize {
        self.buckets
    }

    /// Runs the expected-value projection.
    #[must_use]
    pub fn project(&self, opts: RunOptions) -> Projection {
        self.run(&mut Expected, opts)
    }

    /// Runs the projection with any sampler (expected or stochastic).
    pub fn run<S: Sampler>(&self, sampler: &mut S, opts: RunOptions) -> Projection {
        let never = std::sync::atomic::AtomicBool::new(false);
        self.run_watched(sampler, opts, &|_| {}, &never)
            .unwrap_or_default()
    }

    /// The expected-value projection of [`Model::project`] for work in the
    /// background: `progress(months_done)` is called after every month, and
    /// the run stops (returning `None`) once `stop` is set, which is checked
    /// before every month.
    pub fn project_watched(
        &self,
        opts: RunOptions,
        progress: &dyn Fn(u32),
        stop: &std::sync::atomic::AtomicBool,
    ) -> Option<Projection> {
        self.run_watched(&mut Expected, opts, progress, stop)
    }

    fn run_watched<S: Sampler>(
        &self,
        sampler: &mut S,
        opts: RunOptions,
        progress: &dyn Fn(u32),
        stop: &std::sync::atomic::AtomicBool,
    ) -> Option<Projection> {
        let mut st = State::new(self);
        sampler.align(0, START_PLACE);
        for &(tw, tr, s, b, n) in &self.initial {
            let slot = self.slot(tw, s, tr, 0);
            let n = sampler.whole(n);
            st.add(self, slot, b, n);
        }
        st.take_census(self);
        let mut out = Projection {
            months: Vec::with_capacity(self.months as usize + 1),
            stages: NamedSeries(
                self.stage_ids
                    .iter()
                    .map(|id| (id.clone(), Vec::with_capacity(self.months as usize + 1)))
                    .collect(),
            ),
            townships: if opts.township_detail {
                let steps = (0..=self.months)
                    .filter(|&k| self.row_step(k, opts))
                    .count();
                Vec::with_capacity(self.n_tw * steps)
            } else {
                Vec::new()
            },
            ledger: vec![Vec::with_capacity(self.months as usize); self.n_stages],
            cuts: Vec::new(),
        };
        let mut flows = Flows::new(self);
        let mut since_row: Vec<SinceRow> = if opts.township_detail && opts.township_year_ends {
            vec![[0.0; 3]; self.n_tw]
        } else {
            Vec::new()
        };
        // The summary's stage totals close one step and open the next.
        let mut opening = self.summarise(&st, &flows, 0, opts, &mut since_row, &mut out);
        for step in 1..=self.months {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return None;
            }
            flows.reset();
            self.step(&mut st, &mut flows, sampler, step);
            out.cuts.extend(flows.cuts.iter().copied());
            let closing = self.summarise(&st, &flows, step, opts, &mut since_row, &mut out);
            for s in 0..self.n_stages {
                let e = LedgerEntry {
                    opening: opening[s],
                    inflow: flows.stage_in[s],
                    outflow: flows.stage_out[s],
                    closing: closing[s],
                };
                debug_assert!(
                    (e.opening + e.inflow - e.outflow - e.closing).abs()
                        <= 1e-6 * (1.0 + e.opening.abs() + e.inflow.abs()),
                    "conservation broken in stage {} at step {step}: {e:?}",
                    self.stage_ids[s]
                );
                out.ledger[s].push(e);
            }
            opening = closing;
            progress(step);
        }
        Some(out)
    }

    #[inline]
    fn slot(&self, tw: usize, stage: usize, track: usize, code: usize) -> usize {
        tw * self.slots_per_tw + self.local_slot(stage, track, code)
    }

    /// Slot of (stage, track, code) within a township.
    #[inline]
    fn local_slot(&self, stage: usize, track: usize, code: usize) -> usize {
        self.slot_offset[stage] + track * self.n_codes[stage] + code
    }

    /// (stage, track) of a slot within a township.
    #[inline]
    fn stage_track(&self, local: usize) -> (usize, usize) {
        let info = &self.slot_info[local];
        (info.stage, info.track)
    }

    /// Calendar (year, month) of month index `step`; the start state shares the first month.
    fn calendar(&self, step: u32) -> (i32, u32) {
        let m0 = self.start_month - 1 + step.saturating_sub(1);
        (self.start_year + (m0 / 12) as i32, m0 % 12 + 1)
    }

    #[inline]
    fn is_worker(&self, s: usize) -> bool {
        self.worker[s]
    }

    fn year_funding(&self, year: i32) -> &[f64] {
        let y = (year - self.start_year).clamp(0, self.funding.len() as i32 - 1) as usize;
        &self.funding[y]
    }
}

/// County totals of one month (see [`Model::county_rows`]).
#[derive(Debug, Default)]
struct CountyTotals {
    by_stage: Vec<f64>,
    by_track: Vec<f64>,
    workers: f64,
    certified: f64,
    trainees: f64,
    overdue: f64,
    need_fte: f64,
    gap_fte: f64,
    open: u32,
    at_norm: u32,
    /// Open stations with at least the station minimum of workers.
    at_minimum: u32,
    villages_covered: f64,
}

impl CountyTotals {
    /// Adds the totals of other townships.
    fn add(&mut self, o: &CountyTotals) {
        for (x, y) in self.by_stage.iter_mut().zip(&o.by_stage) {
            *x += y;
        }
        for (x, y) in self.by_track.iter_mut().zip(&o.by_track) {
            *x += y;
        }
        self.workers += o.workers;
        self.certified += o.certified;
        self.trainees += o.trainees;
        self.overdue += o.overdue;
        self.need_fte += o.need_fte;
        self.gap_fte += o.gap_fte;
        self.open += o.open;
        self.at_norm += o.at_norm;
        self.at_minimum += o.at_minimum;
        self.villages_covered += o.villages_covered;
    }

    fn certified_share(&self) -> f64 {
        if self.workers > 0.0 {
            self.certified / self.workers
        } else {
            0.0
        }
    }
}

/// One township's totals of one month.
#[derive(Debug, Default)]
struct TownshipTotals {
    township: usize,
    by_stage: Vec<f64>,
    by_track: Vec<f64>,
    workers: f64,
    certified: f64,
    trainees: f64,
    need_fte: f64,
    gap_fte: f64,
    at_norm: bool,
    villages_covered: f64,
}

pub use super::metrics::SCALAR_METRICS;

/// The metric names of runs: the scalar metrics, then
/// `headcount_by_grade.<stage>` for every worker stage and
/// `headcount_by_track.<track>` for every track.
fn metric_names_from<'a>(
    worker_stages: impl Iterator<Item = &'a str>,
    tracks: impl Iterator<Item = &'a str> + Clone,
    sources: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let mut v: Vec<String> = SCALAR_METRICS.iter().map(|s| (*s).to_string()).collect();
    v.extend(worker_stages.map(|s| format!("headcount_by_grade.{s}")));
    v.extend(tracks.clone().map(|t| format!("headcount_by_track.{t}")));
    v.extend(tracks.map(|t| format!("hires_by_track.{t}")));
    v.extend(EXIT_CAUSES.iter().map(|c| format!("exits_by_cause.{c}")));
    v.extend(
        COST_CATEGORIES
            .iter()
            .map(|c| format!("cost_by_category.{c}")),
    );
    v.extend(
        sources
            .chain(std::iter::once("unfunded"))
            .map(|s| format!("cost_by_source.{s}")),
    );
    v
}

/// The metric names [`Model::metric_names`] gives for `sc`, read from the
/// scenario itself (for checking goals before compiling).
#[must_use]
pub fn scenario_metric_names(sc: &Scenario) -> Vec<String> {
    let workers = sc.stages.iter().filter(|s| match s.kind {
        StageKind::Working { .. } => true,
        StageKind::Custom { counts_as_worker } => counts_as_worker,
        StageKind::Training { .. } => false,
    });
    metric_names_from(
        workers.map(|s| s.id.as_str()),
        sc.tracks.iter().map(|t| t.id.as_str()),
        sc.budget.sources.iter().map(|s| s.id.as_str()),
    )
}

/// Position of a scalar metric in [`Model::metric_names`].
#[must_use]
pub fn metric_index(name: &str) -> Option<usize> {
    SCALAR_METRICS.iter().position(|m| *m == name)
}

/// The lean run: replications keep a fixed vector of county metrics per
/// month instead of building a [`Projection`] (no strings, no allocation
/// in the step loop).
impl Model {
    /// Names of the metrics written by [`Model::run_metrics`]: the
    /// [`SCALAR_METRICS`], then `headcount_by_grade.<stage>` for every worker
    /// stage and `headcount_by_track.<track>` for every track.
    #[must_use]
    pub fn metric_names(&self) -> Vec<String> {
        let workers = (0..self.n_stages)
            .filter(|&s| self.is_worker(s))
            .map(|s| self.stage_ids[s].as_str());
        metric_names_from(
            workers,
            self.track_ids.iter().map(String::as_str),
            self.source_ids.iter().map(String::as_str),
        )
    }

    /// The scenario's planning goals.
    #[must_use]
    pub fn targets(&self) -> &Targets {
        &self.targets
    }

    /// True if the budget lists at least one funding source.
    #[must_use]
    pub fn has_funding(&self) -> bool {
        !self.source_ids.is_empty()
    }

    /// Calendar (year, month) of month index `step` (0 is the start state,
    /// which shares the first projected month).
    #[must_use]
    pub fn calendar_of(&self, step: u32) -> (i32, u32) {
        self.calendar(step)
    }

    /// Bytes of one run's state at most (cell lists, census and
    /// per-township flows): a township's list holds at most one cell per
    /// slot and service month. Real runs use far less (a few dozen cells
    /// per township).
    #[must_use]
    pub fn state_bytes(&self) -> usize {
        let slots = self.n_tw.saturating_mul(self.slots_per_tw);
        slots
            .saturating_mul(self.buckets.saturating_mul(std::mem::size_of::<Cell>()))
            .saturating_add(self.n_tw.saturating_mul(std::mem::size_of::<Vec<Cell>>()))
            .saturating_add(
                self.n_tw
                    .saturating_mul(8 * (3 + self.n_tracks + self.n_stages * self.n_tracks)),
            )
            .saturating_add(self.n_tw.saturating_mul(self.recruit.len() * 8))
    }

    /// Runs the model with any sampler and writes the metrics of every month
    /// index `0..=months` into `out` (month-major, [`Model::metric_names`]
    /// order; `out` must hold `(months + 1) × metric count` values). Checks
    /// `stop` once a month and returns `false` if it was set.
    pub fn run_metrics<S: Sampler>(
        &self,
        sampler: &mut S,
        out: &mut [f64],
        stop: &std::sync::atomic::AtomicBool,
    ) -> bool {
        let width = self.metric_width();
        debug_assert_eq!(out.len(), (self.months as usize + 1) * width);
        let mut st = State::new(self);
        sampler.align(0, START_PLACE);
        for &(tw, tr, s, b, n) in &self.initial {
            let slot = self.slot(tw, s, tr, 0);
            let n = sampler.whole(n);
            st.add(self, slot, b, n);
        }
        st.take_census(self);
        let mut flows = Flows::new(self);
        let mut chunks = out.chunks_exact_mut(width);
        if let Some(row) = chunks.next() {
            self.lean_summary(&st, &flows, 0, row);
        }
        for (step, row) in (1..=self.months).zip(chunks) {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                return false;
            }
            flows.reset();
            self.step(&mut st, &mut flows, sampler, step);
            self.lean_summary(&st, &flows, step, row);
        }
        true
    }

    /// Number of metrics a month of [`Model::run_metrics`] holds.
    #[must_use]
    pub fn metric_width(&self) -> usize {
        SCALAR_METRICS.len()
            + self.worker.iter().filter(|&&w| w).count()
            + 2 * self.n_tracks
            + EXIT_CAUSES.len()
            + COST_CATEGORIES.len()
            + self.source_ids.len()
            + 1
    }

    fn lean_summary(&self, st: &State, fl: &Flows, step: u32, row: &mut [f64]) {
        let c = self.county(st, step);
        let scalars = [
            c.workers,
            c.trainees,
            fl.hires,
            fl.intake,
            fl.graduates,
            fl.exit_cause.iter().sum(),
            fl.sitters,
            fl.passes,
            c.certified,
            c.certified_share(),
            c.overdue,
            c.need_fte,
            c.gap_fte,
            f64::from(c.open),
            f64::from(c.at_norm),
            c.villages_covered,
            self.per_10k(c.workers),
            fl.cost.iter().sum(),
            st.cumulative_cost,
            if step == 0 { 0.0 } else { st.ytd_cost },
            self.funding_of_month(fl, step),
            f64::from(c.at_minimum),
            self.station_share(c.at_norm),
            self.station_share(c.at_minimum),
            self.unfunded_year(st, fl, step),
        ];
        let grades = (0..self.n_stages)
            .filter(|&s| self.worker[s])
            .map(|s| c.by_stage[s]);
        let values = scalars
            .into_iter()
            .chain(grades)
            .chain(c.by_track.iter().copied())
            .chain(fl.hire_track.iter().copied())
            .chain(fl.exit_cause.iter().copied())
            .chain(fl.cost.iter().copied())
            .chain(fl.by_source.iter().copied())
            .chain(std::iter::once(fl.unfunded));
        for (x, v) in row.iter_mut().zip(values) {
            *x = v;
        }
    }
}

/// Pairs result keys with values, in order.
fn named(keys: &Keys, values: &[f64]) -> Named {
    Named::new(keys.clone(), values.iter().copied())
}

/// Exit causes, in the order of `exits_by_cause`.
pub const EXIT_CAUSES: [&str; 5] = ["turnover", "contract", "deadline", "dropout", "transition"];

/// Cost categories, in the order of `cost_by_category`.
pub const COST_CATEGORIES: [&str; 7] = [
    "pay",
    "allowance",
    "social_insurance",
    "training",
    "exam",
    "recruitment",
    "station",
];

/// The exit hazards of a compiled model, read by stage, track and township
/// id (MODEL.md §2, step 1): what a fit of base rates to observed exits
/// divides out (`roster::plan::estimate_rates`), and what a simulation of
/// individual people draws from.
impl Model {
    /// Lever multiplier of the base exit hazard of people of `track` in
    /// working stage `stage`: `m_levers(s, k)` (pay, ladder, admin share,
    /// arrears). `None` if an id is unknown or the stage is not a working
    /// stage.
    #[must_use]
    pub fn lever_exit_multiplier(&self, stage: &str, track: &str) -> Option<f64> {
        let (s, t) = self.stage_track_of(stage, track)?;
        matches!(self.kinds[s], CKind::Working { .. })
            .then(|| self.slot_info[self.local_slot(s, t, 0)].exit_mult * self.arrears_expected)
    }

    /// Remoteness multiplier of exits `m_remote(w)` of every township, by
    /// id, in the scenario's order.
    pub fn remoteness_exit_multipliers(&self) -> impl Iterator<Item = (&str, f64)> {
        self.tw_keys
            .iter()
            .map(|k| k.as_ref())
            .zip(self.tw_mult.iter().copied())
    }

    /// Monthly base exit hazard `h0` and contract-renewal exit share `r` of
    /// people of `track` in `stage` in their month of service
    /// `service_months` (0 for the first month); beyond the last tracked
    /// month, those of the open bucket (the renewal share spread evenly).
    /// `None` if an id is unknown; zeros for a stage that is not working.
    #[must_use]
    pub fn exit_hazard_parts(
        &self,
        stage: &str,
        track: &str,
        service_months: u32,
    ) -> Option<[f64; 2]> {
        let (s, t) = self.stage_track_of(stage, track)?;
        if !matches!(self.kinds[s], CKind::Working { .. }) {
            return Some([0.0, 0.0]);
        }
        let b = (service_months as usize).min(self.buckets - 1);
        Some(self.exit_pairs[(s * self.n_tracks + t) * self.buckets + b])
    }

    fn stage_track_of(&self, stage: &str, track: &str) -> Option<(usize, usize)> {
        Some((
            self.stage_ids.iter().position(|x| x == stage)?,
            self.track_ids.iter().position(|x| x == track)?,
        ))
    }
}
