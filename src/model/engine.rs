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

    #[allow(clippy::too_many_lines)]
    fn step<S: Sampler>(&self, st: &mut State, fl: &mut Flows, sm: &mut S, step: u32) {
        let (year, month) = self.calendar(step);
        if month == 1 || step == 1 {
            st.ytd_cost = 0.0;
            st.hired_this_year.iter_mut().for_each(|x| *x = 0.0);
        }

        // Steps 0–6 touch one township at a time, so its cells stay in the
        // cache from the costs to the ageing; only step 7 looks across
        // townships.
        fl.entries.clear();
        if sm.stateless() && self.n_tw > PARALLEL_BLOCK {
            // Big scenarios: fixed blocks of townships on the rayon pool,
            // their flows added in block order, so the result does not
            // depend on the number of threads.
            let mut parts = std::mem::take(&mut fl.blocks);
            let blocks = st.blocks(self, PARALLEL_BLOCK);
            if parts.len() != blocks.len() {
                parts = blocks
                    .iter()
                    .map(|c| Flows::for_townships(self, c.tw0, c.len()))
                    .collect();
            }
            parts
                .par_iter_mut()
                .zip(blocks)
                .for_each(|(part, mut cells)| {
                    part.reset();
                    part.entries.clear();
                    let tws = cells.tw0..cells.tw0 + cells.len();
                    for tw in tws {
                        self.township_month(&mut cells, part, &mut Expected, step, month, tw);
                    }
                });
            for part in &parts {
                fl.absorb(part, self.n_tracks);
            }
            fl.blocks = parts;
        } else {
            let mut cells = st.cells(self, 0..self.n_tw);
            for tw in 0..self.n_tw {
                sm.align(step, tw);
                self.township_month(&mut cells, fl, sm, step, month, tw);
            }
        }
        sm.align(step, RECRUITMENT_PLACE);
        // 7. Entries: phase completions (placed by each township's pass),
        // then recruitment.
        let fund = self.year_funding(year);
        let year_total: f64 = fund.iter().sum();
        let running_cost: f64 = fl.cost.iter().sum();
        for (pi, policy) in self.recruit.iter().enumerate() {
            if let CRecruit::Replace { of_track, .. } = policy {
                for tw in 0..self.n_tw {
                    let row = &fl.tw_exit[tw * self.n_tracks..][..self.n_tracks];
                    st.leavers_pending[pi * self.n_tw + tw] += match of_track {
                        Some(k) => row[*k],
                        None => row.iter().sum(),
                    };
                }
            }
        }
        // Committed spending: what is spent so far this year plus the current
        // running cost carried to December. Hiring stops once that reaches
        // the year's funding (a hire would then be unfunded).
        let months_left = f64::from(12 - month + 1);
        let capped = self.cap_hiring && st.ytd_cost + running_cost * months_left >= year_total;
        fl.capped = capped;
        if capped {
            // Nothing is drawn for what the cap cancels: a replication
            // keeps its random numbers.
            self.cancel_due(st, fl, step, year, month, CutReason::FundingCap);
        } else {
            self.recruit(st, fl, sm, step, year, month);
        }
        let hire_cost = fl.hires * self.hire_cost;
        fl.cost[5] += hire_cost;
        let month_cost: f64 = fl.cost.iter().sum();
        // funding attribution
        let left = (year_total - st.ytd_cost).max(0.0);
        let funded = month_cost.min(left);
        for (i, f) in fund.iter().enumerate() {
            fl.by_source[i] = if year_total > 0.0 {
                funded * f / year_total
            } else {
                0.0
            };
        }
        fl.unfunded = month_cost - funded;
        st.ytd_cost += month_cost;
        st.cumulative_cost += month_cost;
        fl.funding_year = year_total;
    }

    /// Steps 0–6 of month `step` for township `tw` (see MODEL.md §2).
    #[allow(clippy::too_many_lines)]
    fn township_month<S: Sampler>(
        &self,
        st: &mut Cells,
        fl: &mut Flows,
        sm: &mut S,
        step: u32,
        month: u32,
        tw: usize,
    ) {
        // 0. Costs of the month on the opening stock.
        {
            let open = step >= self.opens[tw];
            let mut tw_cost = if open {
                self.station_cost_per_month
            } else {
                0.0
            };
            fl.cost[6] += tw_cost;
            let census = st.census_row(self, tw);
            // Empty stages are costed too (adding 0 changes no sum), so the
            // branches depend on the stage only and are predicted.
            for (s, row) in census.chunks_exact(self.n_tracks).enumerate() {
                let per_month = match self.kinds[s] {
                    CKind::Working { cost_per_month, .. } => cost_per_month,
                    CKind::Training { .. } => [self.training_cost, 0.0],
                    CKind::Custom { .. } => continue,
                };
                let n: f64 = row.iter().sum();
                if matches!(self.kinds[s], CKind::Training { .. }) {
                    fl.cost[3] += n * per_month[0];
                    tw_cost += n * per_month[0];
                } else {
                    let pay = n * per_month[0];
                    let allow = n * per_month[1];
                    let si = (pay + allow) * self.social_insurance;
                    let relief = n * self.admin_relief_per_worker_month;
                    fl.cost[0] += pay;
                    fl.cost[1] += allow;
                    fl.cost[2] += si;
                    fl.cost[6] += relief;
                    tw_cost += pay + allow + si + relief;
                }
            }
            fl.tw_cost[tw - fl.tw0] += tw_cost;
        }

        let (list, census, overdue) = st.township(self, tw);
        let tw_row = (tw - fl.tw0) * self.n_tracks;

        // 1. Exits: turnover hazard, then contract renewal. In a month
        // without transitions, exam or deadline moves, step 5 (training)
        // touches other cells than steps 1–4 and runs in the same pass
        // (unless draws are taken: their order is that of MODEL.md).
        let quiet = sm.stateless()
            && !self.has_transitions
            && month != self.exam_month
            && Some(month) != self.results_month
            && self
                .deadline
                .as_ref()
                .is_none_or(|d| d.consequence.is_none());
        if quiet {
            self.last_pass(list, census, overdue, tw, fl, sm, true);
            self.enter_completions(list, census, fl);
            return;
        }
        let mut causes = [fl.exit_cause[0], fl.exit_cause[1]];
        let mut i = 0;
        while i < list.len() {
            let end = group_end(list, i);
            let info = &self.slot_info[list[i].slot as usize];
            if info.kind == SlotKind::Working {
                let (s, t) = (info.stage, info.track);
                let hazards = self.hazards(info, tw);
                let (mut turnover, mut contract) = (0.0, 0.0);
                for cell in &mut list[i..end] {
                    let (x, y) = exit_cell(cell, hazards, sm);
                    turnover += x;
                    contract += y;
                }
                self.exits_of_slot([turnover, contract], s, t, tw, fl, &mut causes);
            }
            i = end;
        }
        [fl.exit_cause[0], fl.exit_cause[1]] = causes;

        // 2. Generic transitions (monthly, and yearly in their month).
        if self.has_transitions {
            fl.moves.clear();
            let table = (month as usize - 1) * self.n_stages * self.n_tracks;
            for cell in list.iter_mut() {
                let n = cell.n;
                if n <= 0.0 {
                    continue;
                }
                let local = cell.slot as usize;
                let (s, t) = self.stage_track(local);
                let active = &self.active_transitions[table + s * self.n_tracks + t];
                if active.is_empty() {
                    continue;
                }
                let b = cell.b as usize;
                let mut left = n;
                let mut left_p = 1.0;
                for &j in active {
                    let tr = &self.transitions[s][j];
                    if left <= 0.0 || left_p <= 0.0 {
                        break;
                    }
                    let q = (tr.probability / left_p).clamp(0.0, 1.0);
                    let x = sm.portion(left, q);
                    left -= x;
                    left_p -= tr.probability;
                    if x <= 0.0 {
                        continue;
                    }
                    fl.stage_out[s] += x;
                    match tr.to {
                        None => {
                            fl.exit_cause[4] += x;
                            if self.is_worker(s) {
                                fl.exit_track[t] += x;
                                fl.tw_exit[tw_row + t] += x;
                            }
                        }
                        Some(to) => {
                            let dest_b = if matches!(self.kinds[to], CKind::Training { .. }) {
                                0
                            } else {
                                b
                            };
                            push_move(&mut fl.moves, self.local_slot(to, t, 0), dest_b, x);
                            fl.stage_in[to] += x;
                        }
                    }
                }
                cell.n = left;
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }

        // 3. The yearly exam sitting.
        if month == self.exam_month {
            fl.moves.clear();
            for cell in list.iter_mut() {
                let s = self.slot_info[cell.slot as usize].stage;
                if let Some(ex) = &self.exams[s] {
                    self.exam_cell(cell, ex, tw, fl, sm);
                }
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }
        // 3b. The results: those who passed take their certificate.
        if Some(month) == self.results_month {
            fl.moves.clear();
            for cell in list.iter_mut() {
                let info = &self.slot_info[cell.slot as usize];
                let Some(ex) = &self.exams[info.stage] else {
                    continue;
                };
                if Some(info.code) == ex.pending && cell.n > 0.0 {
                    let n = cell.n;
                    cell.n = 0.0;
                    fl.stage_out[info.stage] += n;
                    fl.stage_in[ex.to] += n;
                    push_move(
                        &mut fl.moves,
                        self.local_slot(ex.to, info.track, 0),
                        cell.b as usize,
                        n,
                    );
                }
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }

        // 4. Local certification deadline.
        if let Some(dl) = &self.deadline
            && let Some(consequence) = dl.consequence
        {
            fl.moves.clear();
            let b = dl.months - 1;
            for &s in &dl.stages {
                // People waiting for their results have passed.
                let pending = self.exams[s].as_ref().and_then(|e| e.pending);
                for t in 0..self.n_tracks {
                    for c in (0..self.n_codes[s]).filter(|&c| Some(c) != pending) {
                        let local = self.local_slot(s, t, c);
                        let Ok(k) = find(list, local, b) else {
                            continue;
                        };
                        let n = list[k].n;
                        if n <= 0.0 {
                            continue;
                        }
                        list[k].n = 0.0;
                        fl.stage_out[s] += n;
                        match consequence {
                            None => {
                                fl.exit_cause[2] += n;
                                fl.exit_track[t] += n;
                                fl.tw_exit[tw_row + t] += n;
                            }
                            Some(to) => {
                                fl.stage_in[to] += n;
                                push_move(&mut fl.moves, self.local_slot(to, t, 0), b, n);
                            }
                        }
                    }
                }
            }
            apply_moves(list, &fl.moves, &mut fl.spread);
        }

        // 5. Training, and 6. ageing.
        self.last_pass(list, census, overdue, tw, fl, sm, false);
        self.enter_completions(list, census, fl);
    }

    /// Step 3 on one cell of township `tw` whose stage has the exam `ex`:
    /// who sits, the outcomes by subject, and the decay of passes from the
    /// sitting before; people who change slot are recorded in `fl.moves`.
    #[inline]
    fn exam_cell<S: Sampler>(
        &self,
        cell: &mut Cell,
        ex: &CExam,
        tw: usize,
        fl: &mut Flows,
        sm: &mut S,
    ) {
        let n = cell.n;
        if n <= 0.0 {
            return;
        }
        let info = &self.slot_info[cell.slot as usize];
        let (s, t, c) = (info.stage, info.track, info.code);
        if Some(c) == ex.pending {
            // Passed at an earlier sitting, waiting for the results.
            return;
        }
        let b = cell.b as usize;
        let sitters = if b >= ex.min_service[t] {
            sm.portion(n, ex.participation)
        } else {
            0.0
        };
        let stay = n - sitters;
        let mut kept = 0.0;
        if stay > 0.0 {
            let d = ex.decay[c];
            if d == c {
                kept += stay;
            } else {
                push_move(&mut fl.moves, self.local_slot(s, t, d), b, stay);
            }
        }
        if sitters > 0.0 {
            fl.sitters += sitters;
            let fee = sitters * ex.subjects_sat[t][c] * self.exam_fee;
            fl.cost[4] += fee;
            fl.tw_cost[tw - fl.tw0] += fee;
            let mut left = sitters;
            for &(dest, q) in &ex.outcomes[t][c] {
                if left <= 0.0 {
                    break;
                }
                let x = sm.portion(left, q);
                left -= x;
                if x <= 0.0 {
                    continue;
                }
                match dest {
                    Dest::Certified => {
                        fl.passes += x;
                        if let Some(p) = ex.pending {
                            // They wait in their grade for the results.
                            push_move(&mut fl.moves, self.local_slot(s, t, p), b, x);
                        } else {
                            fl.stage_out[s] += x;
                            fl.stage_in[ex.to] += x;
                            push_move(&mut fl.moves, self.local_slot(ex.to, t, 0), b, x);
                        }
                    }
                    Dest::Code(d) if d == c => kept += x,
                    Dest::Code(d) => {
                        push_move(&mut fl.moves, self.local_slot(s, t, d), b, x);
                    }
                }
            }
            // rounding remainder (outcome probabilities sum to 1)
            kept += left;
        }
        cell.n = kept;
    }

    /// The first part of step 7 for one township: people who completed a
    /// training phase this month enter the next stage at service month 0
    /// and are counted in the census (townships do not share entries, so
    /// this is the same as entering them after every township has aged).
    fn enter_completions(&self, list: &mut Vec<Cell>, census: &mut [f64], fl: &mut Flows) {
        for &(local, n) in &fl.entries {
            if n != 0.0 {
                add_cell(list, local, 0, n);
                census[self.slot_info[local].census] += n;
            }
        }
        fl.entries.clear();
    }

    /// The last pass of a township's month over its cells, slot by slot:
    /// step 1 (exits) if `exits` (in a quiet month), step 5 (training),
    /// then step 6, ageing: service month `b` becomes `b + 1` and the last
    /// two buckets merge (the older cell is added to the younger, as a ring
    /// of buckets would). The same pass drops emptied cells and takes the
    /// township's census and overdue count (ageing moves nobody between
    /// slots; later entries are counted by [`Model::enter_all`] and are never
    /// overdue).
    #[allow(clippy::too_many_arguments)]
    fn last_pass<S: Sampler>(
        &self,
        list: &mut Vec<Cell>,
        census: &mut [f64],
        overdue: &mut [f64],
        tw: usize,
        fl: &mut Flows,
        sm: &mut S,
        exits: bool,
    ) {
        census.iter_mut().for_each(|x| *x = 0.0);
        overdue.iter_mut().for_each(|x| *x = 0.0);
        let last = (self.buckets.max(1) - 1) as u32;
        let ages = self.buckets >= 2;
        let mut causes = [fl.exit_cause[0], fl.exit_cause[1]];
        // Cells are read at `i` and written back, aged, at `w <= i`.
        let cells = list.as_mut_slice();
        let mut w = 0;
        let mut i = 0;
        while i < cells.len() {
            let slot = cells[i].slot;
            let info = &self.slot_info[slot as usize];
            let (s, t) = (info.stage, info.track);
            let first = w;
            let mut people = 0.0;
            // Service month of the slot's last cell written back (none yet:
            // `u32::MAX`), kept here rather than read back from memory.
            let mut written_b = u32::MAX;
            // Ages one cell of the slot (step 6).
            macro_rules! age {
                ($cell:expr) => {{
                    let mut cell: Cell = $cell;
                    if cell.n != 0.0 {
                        people += cell.n;
                        let mut merged = false;
                        if ages {
                            cell.b = (cell.b + 1).min(last);
                            if cell.b == last && written_b == last {
                                cells[w - 1].n += cell.n;
                                merged = true;
                            }
                        }
                        if !merged {
                            cells[w] = cell;
                            w += 1;
                            written_b = cell.b;
                        }
                    }
                }};
            }
            match info.kind {
                SlotKind::Working if exits => {
                    // Steps 1 and 6 cell by cell (one loop: about 15 % faster
                    // than two over the same cells).
                    let hazards = self.hazards(info, tw);
                    let (mut turnover, mut contract) = (0.0, 0.0);
                    while i < cells.len() && cells[i].slot == slot {
                        let mut cell = cells[i];
                        i += 1;
                        let (x, y) = exit_cell(&mut cell, hazards, sm);
                        turnover += x;
                        contract += y;
                        age!(cell);
                    }
                    self.exits_of_slot([turnover, contract], s, t, tw, fl, &mut causes);
                }
                kind => {
                    let end = group_end(cells, i);
                    if kind == SlotKind::Training {
                        self.train_cells(&mut cells[i..end], s, t, fl, sm);
                    }
                    while i < end {
                        age!(cells[i]);
                        i += 1;
                    }
                }
            }
            census[info.census] += people;
            if let Some(k) = info.overdue {
                overdue[k] = overdue_of(self, &cells[first..w]);
            }
        }
        list.truncate(w);
        [fl.exit_cause[0], fl.exit_cause[1]] = causes;
    }

    /// Exit hazards of a working slot in township `tw`: the lever and
    /// remoteness multiplier, and (base hazard, renewal share) by service
    /// month.
    #[inline]
    fn hazards(&self, info: &SlotInfo, tw: usize) -> (f64, &[[f64; 2]]) {
        (
            info.exit_mult * self.tw_mult[tw],
            &self.exit_pairs[info.pairs..][..self.buckets],
        )
    }

    /// Adds the exits of one slot (stage `s`, track `t`) of township `tw`
    /// to the flows; the county's turnover and renewal exits are added to
    /// `causes`, which the caller keeps for the whole township (so they are
    /// not stored and read back slot after slot) and stores in
    /// `fl.exit_cause` at the end, with the same sums.
    #[inline]
    fn exits_of_slot(
        &self,
        [turnover, contract]: [f64; 2],
        s: usize,
        t: usize,
        tw: usize,
        fl: &mut Flows,
        causes: &mut [f64; 2],
    ) {
        let gone = turnover + contract;
        if gone > 0.0 {
            causes[0] += turnover;
            causes[1] += contract;
            fl.stage_out[s] += gone;
            fl.exit_track[t] += gone;
            fl.tw_exit[(tw - fl.tw0) * self.n_tracks + t] += gone;
        }
    }

    /// Step 5 on the cells of one slot of township `tw` (training stage
    /// `s`, track `t`): dropout, then completion of the phase.
    #[inline]
    fn train_cells<S: Sampler>(
        &self,
        cells: &mut [Cell],
        s: usize,
        t: usize,
        fl: &mut Flows,
        sm: &mut S,
    ) {
        let CKind::Training {
            duration,
            dropout_per_month,
            next,
        } = self.kinds[s]
        else {
            return;
        };
        for cell in cells {
            let b = cell.b as usize;
            if b >= duration {
                break;
            }
            let n = cell.n;
            if n <= 0.0 {
                continue;
            }
            let d = if dropout_per_month > 0.0 {
                sm.portion(n, dropout_per_month)
            } else {
                0.0
            };
            fl.exit_cause[3] += d;
            fl.stage_out[s] += d;
            let rest = n - d;
            if b + 1 >= duration {
                cell.n = 0.0;
                if rest > 0.0 {
                    fl.stage_out[s] += rest;
                    fl.stage_in[next] += rest;
                    if !matches!(self.kinds[next], CKind::Training { .. }) {
                        fl.graduates += rest;
                    }
                    fl.entries.push((self.local_slot(next, t, 0), rest));
                }
            } else {
                cell.n = rest;
            }
        }
    }

    #[allow(clippy::too_many_lines)]
    fn recruit<S: Sampler>(
        &self,
        st: &mut State,
        fl: &mut Flows,
        sm: &mut S,
        step: u32,
        year: i32,
        month: u32,
    ) {
        let open: Vec<bool> = (0..self.n_tw).map(|tw| step >= self.opens[tw]).collect();
        if !open.iter().any(|&o| o) {
            self.cancel_due(st, fl, step, year, month, CutReason::NoOpenStation);
            return;
        }
        let mut weights = Vec::with_capacity(self.n_tw);
        let mut parts = Vec::with_capacity(self.n_tw);
        let abs_month = i64::from(year) * 12 + i64::from(month) - 1;
        for (pi, policy) in self.recruit.iter().enumerate() {
            // (track, stage, per-township amounts, is trainee intake)
            let (track, stage, trainees) = match policy {
                CRecruit::Schedule {
                    track,
                    stage,
                    per_year,
                    per_township,
                    month: hire_month,
                    from_year,
                    to_year,
                    applicants,
                    allocation,
                } => {
                    let Some(amount) = self.schedule_amount(
                        *per_year,
                        *hire_month,
                        *from_year,
                        *to_year,
                        year,
                        month,
                    ) else {
                        continue;
                    };
                    if *per_township {
                        parts.clear();
                        for &o in &open {
                            parts.push(if o { sm.whole(amount) } else { 0.0 });
                        }
                        let total: f64 = parts.iter().sum();
                        if let Some(cap) = applicants {
                            let room = (cap - st.hired_this_year[pi]).max(0.0);
                            if total > room && total > 0.0 {
                                let w = parts.clone();
                                let n = sm.whole(room);
                                split(sm, n, &w, &mut parts);
                                fl.cut(step, pi, total, n, CutReason::Applicants);
                            }
                        }
                    } else {
                        let mut n = sm.whole(amount);
                        if let Some(cap) = applicants {
                            let room = (cap - st.hired_this_year[pi]).max(0.0);
                            if n > room {
                                fl.cut(step, pi, n, room, CutReason::Applicants);
                                n = room;
                            }
                        }
                        self.weights(st, allocation, &open, &mut weights);
                        split(sm, n, &weights, &mut parts);
                    }
                    (*track, *stage, false)
                }
                CRecruit::Cohort {
                    track,
                    stage,
                    start,
                    size,
                    repeat,
                    until_year,
                    allocation,
                } => {
                    if !cohort_due(*start, *repeat, *until_year, abs_month, year) {
                        continue;
                    }
                    let n = sm.whole(size * self.recruit_multiplier);
                    self.weights(st, allocation, &open, &mut weights);
                    split(sm, n, &weights, &mut parts);
                    (*track, *stage, true)
                }
                CRecruit::Replace {
                    track,
                    stage,
                    share,
                    month: hire_month,
                    ..
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    parts.clear();
                    for tw in 0..self.n_tw {
                        let pending = st.leavers_pending[pi * self.n_tw + tw];
                        st.leavers_pending[pi * self.n_tw + tw] = 0.0;
                        parts.push(if open[tw] && pending > 0.0 {
                            sm.portion(pending, *share)
                        } else {
                            0.0
                        });
                    }
                    (*track, *stage, false)
                }
                CRecruit::Fill {
                    track,
                    stage,
                    max_per_year,
                    month: hire_month,
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    let room = (max_per_year - st.hired_this_year[pi]).max(0.0);
                    weights.clear();
                    for tw in 0..self.n_tw {
                        let have = st.people(self, tw, true) + st.people(self, tw, false);
                        weights.push(if open[tw] {
                            (self.norm[tw] - have).max(0.0)
                        } else {
                            0.0
                        });
                    }
                    let deficit: f64 = weights.iter().sum();
                    if deficit > room + 1e-9 {
                        fl.cut(step, pi, deficit, room, CutReason::YearlyMax);
                    }
                    let n = sm.whole(deficit.min(room));
                    split(sm, n, &weights, &mut parts);
                    (*track, *stage, false)
                }
            };
            self.enter_all(st, stage, track, &parts);
            let mut total = 0.0;
            for tw in 0..self.n_tw {
                let n = parts.get(tw).copied().unwrap_or(0.0);
                if n <= 0.0 {
                    continue;
                }
                total += n;
                if trainees {
                    fl.intake += n;
                } else {
                    fl.tw_hires[tw] += n;
                    fl.hire_track[track] += n;
                    fl.hires += n;
                    fl.tw_cost[tw] += n * self.hire_cost;
                }
            }
            fl.stage_in[stage] += total;
            st.hired_this_year[pi] += total;
        }
    }

    /// Hires a schedule plans this month (before the multiplier's rounding),
    /// or `None` when it does not hire this month.
    fn schedule_amount(
        &self,
        per_year: f64,
        hire_month: Option<u32>,
        from_year: Option<i32>,
        to_year: Option<i32>,
        year: i32,
        month: u32,
    ) -> Option<f64> {
        if from_year.is_some_and(|y| year < y) || to_year.is_some_and(|y| year > y) {
            return None;
        }
        let amount = match hire_month {
            None => per_year / 12.0,
            Some(m) if m == month => per_year,
            Some(_) => return None,
        };
        Some(amount * self.recruit_multiplier)
    }

    /// Records as cut (for `reason`) every policy that would have hired or
    /// taken trainees this month, with the people it planned (expected
    /// values: nothing is drawn). Leavers waiting to be replaced stay
    /// waiting.
    fn cancel_due(
        &self,
        st: &State,
        fl: &mut Flows,
        step: u32,
        year: i32,
        month: u32,
        reason: CutReason,
    ) {
        let abs_month = i64::from(year) * 12 + i64::from(month) - 1;
        let open = (0..self.n_tw).filter(|&tw| step >= self.opens[tw]).count();
        for (pi, policy) in self.recruit.iter().enumerate() {
            let planned = match policy {
                CRecruit::Schedule {
                    per_year,
                    per_township,
                    month: hire_month,
                    from_year,
                    to_year,
                    applicants,
                    ..
                } => {
                    let Some(amount) = self.schedule_amount(
                        *per_year,
                        *hire_month,
                        *from_year,
                        *to_year,
                        year,
                        month,
                    ) else {
                        continue;
                    };
                    let amount = if *per_township {
                        amount * open.max(1) as f64
                    } else {
                        amount
                    };
                    match applicants {
                        Some(cap) => amount.min((cap - st.hired_this_year[pi]).max(0.0)),
                        None => amount,
                    }
                }
                CRecruit::Cohort {
                    start,
                    size,
                    repeat,
                    until_year,
                    ..
                } => {
                    if !cohort_due(*start, *repeat, *until_year, abs_month, year) {
                        continue;
                    }
                    size * self.recruit_multiplier
                }
                CRecruit::Replace {
                    share,
                    month: hire_month,
                    ..
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    let pending: f64 = st.leavers_pending[pi * self.n_tw..][..self.n_tw]
                        .iter()
                        .sum();
                    pending * share
                }
                CRecruit::Fill {
                    max_per_year,
                    month: hire_month,
                    ..
                } => {
                    if hire_month.is_some_and(|m| m != month) {
                        continue;
                    }
                    let room = (max_per_year - st.hired_this_year[pi]).max(0.0);
                    let deficit: f64 = (0..self.n_tw)
                        .filter(|&tw| step >= self.opens[tw])
                        .map(|tw| {
                            let have = st.people(self, tw, true) + st.people(self, tw, false);
                            (self.norm[tw] - have).max(0.0)
                        })
                        .sum();
                    deficit.min(room)
                }
            };
            if planned > 0.0 {
                fl.cut(step, pi, planned, 0.0, reason);
            }
        }
    }

    /// Enters `parts[tw]` people (where positive) into service month 0 of
    /// `stage` and `track` in every township. A scenario with more than
    /// `PARALLEL_BLOCK` townships enters them in blocks of townships on the
    /// rayon pool (townships do not share cells, so the result is the same).
    fn enter_all(&self, st: &mut State, stage: usize, track: usize, parts: &[f64]) {
        let local = self.local_slot(stage, track, 0);
        let row = stage * self.n_tracks + track;
        let per_tw = self.n_stages * self.n_tracks;
        let enter_block = |tw0: usize, lists: &mut [Vec<Cell>], census: &mut [f64]| {
            for (j, list) in lists.iter_mut().enumerate() {
                let n = parts.get(tw0 + j).copied().unwrap_or(0.0);
                if n > 0.0 {
                    add_cell(list, local, 0, n);
                    census[j * per_tw + row] += n;
                }
            }
        };
        if self.n_tw > PARALLEL_BLOCK {
            st.lists
                .par_chunks_mut(PARALLEL_BLOCK)
                .zip(st.census.par_chunks_mut(PARALLEL_BLOCK * per_tw))
                .enumerate()
                .for_each(|(k, (lists, census))| enter_block(k * PARALLEL_BLOCK, lists, census));
        } else {
            enter_block(0, &mut st.lists, &mut st.census);
        }
    }

    fn weights(&self, st: &State, a: &CAlloc, open: &[bool], out: &mut Vec<f64>) {
        out.clear();
        match a {
            CAlloc::Even => out.extend(open.iter().map(|&o| if o { 1.0 } else { 0.0 })),
            CAlloc::Weights(w) => {
                out.extend(open.iter().zip(w).map(|(&o, &x)| if o { x } else { 0.0 }))
            }
            CAlloc::ByGap => {
                for (tw, &o) in open.iter().enumerate() {
                    let have = st.people(self, tw, true) + st.people(self, tw, false);
                    out.push(if o {
                        (self.need[tw] - have).max(0.0)
                    } else {
                        0.0
                    });
                }
                if out.iter().sum::<f64>() <= 0.0 {
                    out.clear();
                    out.extend(open.iter().map(|&o| if o { 1.0 } else { 0.0 }));
                }
            }
        }
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

/// People of one township in one slot (stage × track × exam-progress code)
/// and one service month: a cohort.
#[derive(Debug, Clone, Copy)]
struct Cell {
    /// People (fractional in the expected-value projection).
    n: f64,
    /// Slot within the township (see [`Model::local_slot`]).
    slot: u32,
    /// Service month (the last bucket holds everybody older).
    b: u32,
}

/// Cells a township's list has room for from the start: enough for a
/// station's cohorts over a decade, so lists seldom grow while blocks of
/// townships step in parallel.
const CELLS_RESERVED: usize = 64;

/// The mutable state of one run.
///
/// Each township keeps a short list of its occupied cells, sorted by slot
/// and then service month. A county's townships hold a few dozen cohorts
/// each (hires come in a few rounds a year), so every pass of a month reads
/// one township's list from end to end: nothing is spent on empty states
/// and the lists of a national scenario stay small enough to stream.
struct State {
    /// Occupied cells of each township, sorted by `(slot, b)`. Cells that
    /// emptied during a month stay until its ageing pass drops them.
    lists: Vec<Vec<Cell>>,
    /// People per township × stage × track at the last census (the opening
    /// stock of the next step): `[(tw * n_stages + stage) * n_tracks + track]`.
    census: Vec<f64>,
    /// Overdue people of each township at the last census, by the slot
    /// slots' places in [`SlotInfo::overdue`].
    overdue: Vec<f64>,
    ytd_cost: f64,
    cumulative_cost: f64,
    hired_this_year: Vec<f64>,
    leavers_pending: Vec<f64>,
}

impl State {
    fn new(m: &Model) -> Self {
        Self {
            lists: (0..m.n_tw)
                .map(|_| Vec::with_capacity(CELLS_RESERVED))
                .collect(),
            census: vec![0.0; m.n_tw * m.n_stages * m.n_tracks],
            overdue: vec![0.0; m.n_tw * m.overdue_terms.len()],
            ytd_cost: 0.0,
            cumulative_cost: 0.0,
            hired_this_year: vec![0.0; m.recruit.len()],
            leavers_pending: vec![0.0; m.recruit.len() * m.n_tw],
        }
    }

    /// The cells of townships `tws`.
    fn cells(&mut self, m: &Model, tws: std::ops::Range<usize>) -> Cells<'_> {
        let per_tw = m.n_stages * m.n_tracks;
        let k_n = m.overdue_terms.len();
        Cells {
            lists: &mut self.lists[tws.clone()],
            census: &mut self.census[tws.start * per_tw..tws.end * per_tw],
            overdue: &mut self.overdue[tws.start * k_n..tws.end * k_n],
            tw0: tws.start,
        }
    }

    /// The cells of every township, cut into blocks of `size` townships.
    fn blocks(&mut self, m: &Model, size: usize) -> Vec<Cells<'_>> {
        let per_tw = m.n_stages * m.n_tracks;
        let size = size.max(1);
        let k_n = m.overdue_terms.len();
        let mut overdue = self.overdue.as_mut_slice();
        let mut out = Vec::with_capacity(m.n_tw.div_ceil(size));
        for (k, (lists, census)) in self
            .lists
            .chunks_mut(size)
            .zip(self.census.chunks_mut(size * per_tw))
            .enumerate()
        {
            let (head, rest) = std::mem::take(&mut overdue).split_at_mut(lists.len() * k_n);
            overdue = rest;
            out.push(Cells {
                lists,
                census,
                overdue: head,
                tw0: k * size,
            });
        }
        out
    }

    /// Counts everybody by township × stage × track into `census`, and
    /// the overdue.
    fn take_census(&mut self, m: &Model) {
        let mut cells = self.cells(m, 0..m.n_tw);
        for tw in 0..m.n_tw {
            cells.count(m, tw);
        }
    }

    /// Adds people to a slot's service month `bucket` (the start state).
    fn add(&mut self, m: &Model, slot: usize, bucket: usize, n: f64) {
        if n != 0.0 {
            let (tw, local) = (slot / m.slots_per_tw, slot % m.slots_per_tw);
            add_cell(&mut self.lists[tw], local, bucket, n);
        }
    }

    /// Workers (`workers = true`) or trainees of a township, from the
    /// census (current from the ageing pass on: step 7 counts its entries).
    fn people(&self, m: &Model, tw: usize, workers: bool) -> f64 {
        let row = &self.census[tw * m.n_stages * m.n_tracks..][..m.n_stages * m.n_tracks];
        let mut n = 0.0;
        for s in 0..m.n_stages {
            if (workers && m.worker[s]) || (!workers && m.training[s]) {
                for t in 0..m.n_tracks {
                    n += row[s * m.n_tracks + t];
                }
            }
        }
        n
    }
}

/// End of the run of cells of `list[i]`'s slot.
#[inline]
fn group_end(list: &[Cell], i: usize) -> usize {
    let slot = list[i].slot;
    let mut j = i + 1;
    while j < list.len() && list[j].slot == slot {
        j += 1;
    }
    j
}

/// Position of the cell `(local, b)` in a sorted list, or where it would go.
#[inline]
fn find(list: &[Cell], local: usize, b: usize) -> Result<usize, usize> {
    list.binary_search_by(|c| (c.slot as usize, c.b as usize).cmp(&(local, b)))
}

/// Adds `n` people to cell `(local, b)`, inserting it in order if new.
#[inline]
fn add_cell(list: &mut Vec<Cell>, local: usize, b: usize, n: f64) {
    match find(list, local, b) {
        Ok(k) => list[k].n += n,
        Err(k) => list.insert(
            k,
            Cell {
                n,
                // Slots and buckets are small (checked by `Model::compile`).
                slot: local as u32,
                b: b as u32,
            },
        ),
    }
}

/// Buckets of a slot in the key of a cell, `slot × KEY_BUCKETS + b`
/// (more than the most buckets a scenario can need, 121).
const KEY_BUCKETS: usize = 128;

/// Key of cell `(local, b)` of a township: cells in key order are in list
/// order.
#[inline]
fn cell_key(local: usize, b: usize) -> usize {
    local * KEY_BUCKETS + b
}

/// Records a move of `n` people to cell `(local, b)` of the township.
#[inline]
fn push_move(moves: &mut Vec<(usize, f64)>, local: usize, b: usize, n: f64) {
    moves.push((cell_key(local, b), n));
}

/// A township's cells laid out by key for a moment (see [`apply_moves`]):
/// values, and one bit per key marking the cells that exist.
#[derive(Default)]
struct Spread {
    values: Vec<f64>,
    bits: Vec<u64>,
}

/// Applies the moves of a pass, in the order they were made: a few are
/// added one by one; more are added to the township's cells spread out by
/// key, which are then read back in key order (so nothing is sorted).
fn apply_moves(list: &mut Vec<Cell>, moves: &[(usize, f64)], spread: &mut Spread) {
    if moves.len() <= 2 {
        for &(key, n) in moves {
            add_cell(list, key / KEY_BUCKETS, key % KEY_BUCKETS, n);
        }
        return;
    }
    let key_of = |c: &Cell| cell_key(c.slot as usize, c.b as usize);
    let keys = list
        .iter()
        .map(key_of)
        .chain(moves.iter().map(|m| m.0))
        .max()
        .unwrap_or(0)
        + 1;
    if spread.values.len() < keys {
        spread.values.resize(keys, 0.0);
        spread.bits.resize(keys.div_ceil(64), 0);
    }
    for c in list.iter() {
        let key = key_of(c);
        spread.values[key] = c.n;
        spread.bits[key / 64] |= 1 << (key % 64);
    }
    for &(key, n) in moves {
        let (word, bit) = (key / 64, 1u64 << (key % 64));
        if spread.bits[word] & bit == 0 {
            spread.bits[word] |= bit;
            spread.values[key] = n;
        } else {
            spread.values[key] += n;
        }
    }
    list.clear();
    for (w, word) in spread.bits.iter_mut().enumerate() {
        while *word != 0 {
            let key = w * 64 + word.trailing_zeros() as usize;
            *word &= *word - 1;
            list.push(Cell {
                n: spread.values[key],
                slot: (key / KEY_BUCKETS) as u32,
                b: (key % KEY_BUCKETS) as u32,
            });
        }
    }
}

/// The cells of consecutive townships `tw0..`: what steps 0–6 of a month
/// read and write. Blocks of townships can step in parallel.
struct Cells<'a> {
    lists: &'a mut [Vec<Cell>],
    census: &'a mut [f64],
    overdue: &'a mut [f64],
    tw0: usize,
}

impl Cells<'_> {
    /// Number of townships.
    fn len(&self) -> usize {
        self.lists.len()
    }

    /// Opening stock of township `tw` by stage and track.
    #[inline]
    fn census_row(&self, m: &Model, tw: usize) -> &[f64] {
        let per_tw = m.n_stages * m.n_tracks;
        &self.census[(tw - self.tw0) * per_tw..][..per_tw]
    }

    /// Township `tw`'s cells, census row and overdue row.
    #[inline]
    fn township(&mut self, m: &Model, tw: usize) -> (&mut Vec<Cell>, &mut [f64], &mut [f64]) {
        let (per_tw, k_n) = (m.n_stages * m.n_tracks, m.overdue_terms.len());
        let i = tw - self.tw0;
        (
            &mut self.lists[i],
            &mut self.census[i * per_tw..][..per_tw],
            &mut self.overdue[i * k_n..][..k_n],
        )
    }

    /// Takes township `tw`'s census and overdue count.
    fn count(&mut self, m: &Model, tw: usize) {
        let (list, census, overdue) = self.township(m, tw);
        census.iter_mut().for_each(|x| *x = 0.0);
        let mut i = 0;
        while i < list.len() {
            let end = group_end(list, i);
            let info = &m.slot_info[list[i].slot as usize];
            census[info.census] += list[i..end].iter().fold(0.0, |acc, c| acc + c.n);
            if let Some(k) = info.overdue {
                overdue[k] = overdue_of(m, &list[i..end]);
            }
            i = end;
        }
    }
}

/// Step 1 on one cell with its slot's [`Model::hazards`]: turnover, then
/// exits at contract renewal; returns both.
#[inline]
fn exit_cell<S: Sampler>(
    cell: &mut Cell,
    (mult, pairs): (f64, &[[f64; 2]]),
    sm: &mut S,
) -> (f64, f64) {
    let n = cell.n;
    if n <= 0.0 {
        return (0.0, 0.0);
    }
    let [base, ren] = pairs[cell.b as usize];
    let h = (base * mult).min(1.0);
    let (x, y) = if sm.stateless() {
        // Expected values: a zero probability gives exactly 0, so nothing
        // is skipped (the renewal month varies from cell to cell, and a
        // branch on it is mispredicted).
        let x = sm.portion(n, h);
        (x, sm.portion(n - x, ren))
    } else {
        // Draws: none is taken for a zero probability.
        let x = if h > 0.0 { sm.portion(n, h) } else { 0.0 };
        let y = if ren > 0.0 {
            sm.portion(n - x, ren)
        } else {
            0.0
        };
        (x, y)
    };
    cell.n = n - x - y;
    (x, y)
}

/// People of one slot's cells (in order of service) who are past the
/// certification deadline.
#[inline]
fn overdue_of(m: &Model, cells: &[Cell]) -> f64 {
    let months = m.deadline.as_ref().map_or(usize::MAX, |d| d.months);
    cells
        .iter()
        .filter(|c| c.b as usize >= months)
        .fold(0.0, |acc, c| acc + c.n)
}

/// Flows accumulated during one step (of every township, or of a block of
/// townships `tw0..` stepped in parallel; per-township vectors then cover
/// the block only).
struct Flows {
    tw0: usize,
    /// Flows of the township blocks of a parallel step (reused every month).
    blocks: Vec<Flows>,
    stage_in: Vec<f64>,
    stage_out: Vec<f64>,
    exit_cause: [f64; 5],
    exit_track: Vec<f64>,
    hire_track: Vec<f64>,
    tw_exit: Vec<f64>,
    tw_hires: Vec<f64>,
    tw_cost: Vec<f64>,
    cost: [f64; 7],
    by_source: Vec<f64>,
    unfunded: f64,
    funding_year: f64,
    hires: f64,
    intake: f64,
    graduates: f64,
    sitters: f64,
    passes: f64,
    capped: bool,
    /// Recruitment the rules cut this month.
    cuts: Vec<Cut>,
    /// Moves of a pass within a township: cell key (see [`push_move`]) and
    /// people.
    moves: Vec<(usize, f64)>,
    /// Room to apply moves in.
    spread: Spread,
    /// Phase completions of the township being stepped: slot within the
    /// township and people.
    entries: Vec<(usize, f64)>,
}

impl Flows {
    /// Records that the rules cut a policy's intake this month.
    fn cut(&mut self, step: u32, policy: usize, planned: f64, placed: f64, reason: CutReason) {
        self.cuts.push(Cut {
            month_index: step,
            policy,
            planned,
            placed,
            reason,
        });
    }

    fn new(m: &Model) -> Self {
        Self::for_townships(m, 0, m.n_tw)
    }

    /// Flows of `n` townships from `tw0` on.
    fn for_townships(m: &Model, tw0: usize, n: usize) -> Self {
        Self {
            tw0,
            blocks: Vec::new(),
            stage_in: vec![0.0; m.n_stages],
            stage_out: vec![0.0; m.n_stages],
            exit_cause: [0.0; 5],
            exit_track: vec![0.0; m.n_tracks],
            hire_track: vec![0.0; m.n_tracks],
            tw_exit: vec![0.0; n * m.n_tracks],
            tw_hires: vec![0.0; n],
            tw_cost: vec![0.0; n],
            cost: [0.0; 7],
            by_source: vec![0.0; m.source_ids.len()],
            unfunded: 0.0,
            funding_year: 0.0,
            hires: 0.0,
            intake: 0.0,
            graduates: 0.0,
            sitters: 0.0,
            passes: 0.0,
            capped: false,
            cuts: Vec::new(),
            moves: Vec::new(),
            spread: Spread::default(),
            entries: Vec::new(),
        }
    }

    /// Adds the flows of a block of townships stepped on its own (steps 0–6).
    fn absorb(&mut self, part: &Flows, n_tracks: usize) {
        let add = |to: &mut [f64], from: &[f64]| {
            for (x, y) in to.iter_mut().zip(from) {
                *x += y;
            }
        };
        add(&mut self.stage_in, &part.stage_in);
        add(&mut self.stage_out, &part.stage_out);
        add(&mut self.exit_cause, &part.exit_cause);
        add(&mut self.exit_track, &part.exit_track);
        add(&mut self.cost, &part.cost);
        add(&mut self.tw_exit[part.tw0 * n_tracks..], &part.tw_exit);
        add(&mut self.tw_cost[part.tw0..], &part.tw_cost);
        self.graduates += part.graduates;
        self.sitters += part.sitters;
        self.passes += part.passes;
    }

    fn reset(&mut self) {
        for v in [
            &mut self.stage_in,
            &mut self.stage_out,
            &mut self.exit_track,
            &mut self.hire_track,
            &mut self.tw_exit,
            &mut self.tw_hires,
            &mut self.tw_cost,
            &mut self.by_source,
        ] {
            v.iter_mut().for_each(|x| *x = 0.0);
        }
        self.exit_cause = [0.0; 5];
        self.cost = [0.0; 7];
        self.unfunded = 0.0;
        self.funding_year = 0.0;
        self.hires = 0.0;
        self.intake = 0.0;
        self.graduates = 0.0;
        self.sitters = 0.0;
        self.passes = 0.0;
        self.capped = false;
        self.cuts.clear();
    }
}

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
            .then(|| self.slot_info[self.local_slot(s, t, 0)].exit_mult)
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
