//! Monte Carlo: the same monthly model with whole people and random flows.
//!
//! [`Stochastic`] is a [`Sampler`]: every flow the engine takes through
//! `portion(n, p)` becomes a binomial draw, and every count that must be whole
//! (hires per month, cohort sizes, fractional starting stock) is rounded at
//! random so that its mean is kept. Flows that leave one cell by several
//! routes are drawn as chained conditional binomials, which is exactly a
//! multinomial draw. The states, flows and step order are those of
//! [`Model::run`]; only the sampler differs.
//!
//! [`run_monte_carlo`] runs N replications in parallel (rayon) and reduces
//! them to [`Bands`] (mean and percentiles per metric per month) and
//! [`TargetOdds`] (the share of replications meeting each goal at each year
//! end). Replication `r` draws from `ChaCha8Rng` seeded with the scenario seed
//! on stream `r`, so results do not depend on the number of threads or the
//! order in which replications finish.
//!
//! [`McJob`] runs the same on a named background thread for the desktop app:
//! progress, cancellation (honoured within one simulated month) and partial
//! results from the replications finished so far.
//!
//! Why it is fast: a replication keeps only a fixed vector of county metrics
//! per month ([`Model::run_metrics`]), not a [`crate::model::Projection`];
//! stocks are small whole numbers, so most cells are empty and skipped; a
//! binomial with a small mean is drawn by inversion from one uniform number
//! (most draws are of one to five people), larger ones by `rand_distr`'s BTPE.

use super::engine::{ASSUMPTIONS_PLACE, FUNDING_PLACE, Model, ModelError, Sampler};
use super::goals::GoalSet;
use super::results::{find_pair, serialize_pairs};
use super::uncertainty::{Distribution as Assumed, UncertaintyKinds};
use rand::RngExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use thiserror::Error;

/// What the app says next to Monte Carlo results (English), see MODEL.md.
pub const NON_LINEAR_NOTE_EN: &str = "With a hiring cap, hiring to norm or a funding cap, the average of the \
     random runs differs from the expected-value projection by design: a cap cuts off lucky months \
     but not unlucky ones, and a station cannot be 2.99 workers strong. Ratios and targets \
     (certified share, stations at norm) are judged run by run.";

/// What the app says next to Monte Carlo results (Chinese).
pub const NON_LINEAR_NOTE_ZH: &str = "设有招聘上限、按编制补员或经费上限时，随机模拟的平均值与期望值预测本就不同：\
     上限截去了好运的月份，却截不去坏运的月份；一个站点也不可能有 2.99 名社工。\
     持证比例、达编站点等目标按每次模拟分别判断。";

/// Most replications one run may ask for.
pub const MAX_RUNS: usize = 1_000_000;

/// Share of the available memory a run may plan to use.
const MEMORY_HEADROOM: f64 = 0.8;

/// Below this mean (`n × min(p, 1 − p)`) a binomial is drawn by inversion.
const INVERSION_MAX_MEAN: f64 = 12.0;

/// Draws from Binomial(`n`, `p`). Exact for every `n`: inversion from one
/// uniform number when the mean is small, `rand_distr`'s BTPE otherwise.
pub fn binomial<R: rand::Rng + ?Sized>(rng: &mut R, n: u64, p: f64) -> u64 {
    if n == 0 || p.is_nan() || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(rng, n, 1.0 - p);
    }
    if n == 1 {
        return u64::from(rng.random::<f64>() < p);
    }
    let nf = n as f64;
    if nf * p < INVERSION_MAX_MEAN {
        // Sequential search of the CDF from 0 (Kachitvichyanukul & Schmeiser's BINV).
        let q = 1.0 - p;
        let s = p / q;
        let a = (nf + 1.0) * s;
        let mut r = if n <= i32::MAX as u64 {
            q.powi(n as i32)
        } else {
            q.powf(nf)
        };
        let mut u: f64 = rng.random();
        let mut x: u64 = 0;
        while u >= r {
            if x >= n || r <= 0.0 {
                break;
            }
            u -= r;
            x += 1;
            r *= a / x as f64 - s;
        }
        return x.min(n);
    }
    match Binomial::new(n, p) {
        Ok(d) => d.sample(rng),
        // `p` is in (0, 0.5] here, so construction cannot fail; keep the mean if it did.
        Err(_) => (nf * p).round() as u64,
    }
}

/// The stochastic sampler: whole people, binomial flows.
#[derive(Debug, Clone)]
pub struct Stochastic {
    rng: ChaCha8Rng,
}

impl Stochastic {
    /// The sampler of replication `replication` of a scenario with seed `seed`:
    /// `ChaCha8Rng` seeded from `seed`, on stream `replication`.
    #[must_use]
    pub fn new(seed: u64, replication: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(replication);
        Self { rng }
    }
}

impl Stochastic {
    /// Draws the `index`-th uncertain assumption of the replication from
    /// its own block of the stream (MODEL.md §7a), so that adding or
    /// removing a draw elsewhere leaves it unchanged.
    pub fn draw_assumption(&mut self, index: usize, distribution: &Assumed) -> f64 {
        self.align(u32::try_from(index).unwrap_or(u32::MAX), ASSUMPTIONS_PLACE);
        distribution.sample(&mut self.rng)
    }

    /// The replication's model (its uncertain assumptions drawn, see
    /// [`Model::for_replication`]) and the sampler that runs it.
    pub fn replication(
        model: &Model,
        seed: u64,
        replication: u64,
    ) -> Result<(std::borrow::Cow<'_, Model>, Self), ModelError> {
        let mut sampler = Self::new(seed, replication);
        let drawn = model.for_replication(|k, d| sampler.draw_assumption(k, d))?;
        Ok((drawn, sampler))
    }
}

impl Sampler for Stochastic {
    #[inline]
    fn portion(&mut self, n: f64, p: f64) -> f64 {
        // Stocks are whole in a stochastic run; rounding only absorbs float noise.
        let k = n.round();
        if k < 1.0 {
            return 0.0;
        }
        binomial(&mut self.rng, k as u64, p) as f64
    }

    fn align(&mut self, step: u32, place: usize) {
        // 2^32 words for each (month, place): far more than a township
        // draws in a month; months × places stay below the 2^68 words of a
        // stream for any horizon and up to 2^20 places.
        let slot = (u128::from(step) << 20) | (place as u128 & ((1 << 20) - 1));
        self.rng.set_word_pos(slot << 32);
    }

    #[inline]
    fn whole(&mut self, x: f64) -> f64 {
        if x.is_nan() || x <= 0.0 {
            return 0.0;
        }
        let f = x.floor();
        let frac = x - f;
        if frac > 0.0 && self.rng.random::<f64>() < frac {
            f + 1.0
        } else {
            f
        }
    }

    fn funding_delay_months(
        &mut self,
        step: u32,
        probability: f64,
        mean_months: f64,
    ) -> Option<u32> {
        self.align(step, FUNDING_PLACE);
        if probability <= 0.0 || mean_months <= 0.0 || self.rng.random::<f64>() >= probability {
            return Some(0);
        }
        // A late year owes at least a month (when the mean is one or
        // more): 1 + whole(U(0, 2(mean − 1))) months, whose mean is `mean`;
        // a year has at most 12.
        let months = if mean_months >= 1.0 {
            let spread = self.rng.random::<f64>() * 2.0 * (mean_months - 1.0);
            1.0 + self.whole(spread)
        } else {
            self.whole(mean_months)
        };
        Some(months.min(12.0) as u32)
    }
}

/// Why a Monte Carlo run cannot start or finish.
#[derive(Debug, Error, PartialEq)]
pub enum McError {
    /// A replication's drawn assumptions could not be compiled.
    #[error("a replication's drawn assumptions cannot be projected: {0}")]
    Draw(#[from] ModelError),
    /// Zero replications were asked for.
    #[error("the number of runs must be at least 1")]
    ZeroRuns,
    /// More replications than [`MAX_RUNS`].
    #[error("{runs} runs asked for; at most {max} are allowed")]
    TooManyRuns {
        /// Runs asked for.
        runs: usize,
        /// The limit.
        max: usize,
    },
    /// The results would not fit in memory.
    #[error(
        "{runs} runs of this scenario need about {needed_mib} MiB of memory but only {available_mib} MiB are available; ask for fewer runs"
    )]
    NotEnoughMemory {
        /// Runs asked for.
        runs: usize,
        /// Estimated need, MiB.
        needed_mib: u64,
        /// Memory available, MiB.
        available_mib: u64,
    },
}

/// Memory this process can still use, in bytes: the least of the
/// system's available memory (`MemAvailable`), the room left under the
/// process's address-space limit (`RLIMIT_AS`, as `ulimit -v` sets it) and
/// the room left under its control group's memory limit (a container's);
/// `None` where none of them can be told (not Linux).
#[must_use]
pub fn available_memory_bytes() -> Option<u64> {
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let system = read("/proc/meminfo").and_then(|t| meminfo_available(&t));
    let address_space = match (read("/proc/self/limits"), read("/proc/self/status")) {
        (Some(limits), Some(status)) => address_space_room(&limits, &status),
        _ => None,
    };
    let group = read("/proc/self/cgroup").and_then(|t| cgroup_room(&t, &read));
    [system, address_space, group].into_iter().flatten().min()
}

/// `MemAvailable` of `/proc/meminfo`, bytes.
fn meminfo_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// Room under the soft address-space limit of `/proc/self/limits`, given
/// the current virtual size (`VmSize` of `/proc/self/status`); `None`
/// when unlimited.
fn address_space_room(limits: &str, status: &str) -> Option<u64> {
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft: u64 = line
        .trim_start_matches("Max address space")
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let vm_kib: u64 = status
        .lines()
        .find(|l| l.starts_with("VmSize:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(soft.saturating_sub(vm_kib.saturating_mul(1024)))
}

/// Room under the memory limits of this process's control group and its
/// ancestors (cgroup v2 `memory.max` − `memory.current`, or v1
/// `memory.limit_in_bytes` − `memory.usage_in_bytes`); `None` when
/// unlimited or unknown. `read` reads a file (a parameter, for tests).
fn cgroup_room(cgroup: &str, read: &dyn Fn(&str) -> Option<String>) -> Option<u64> {
    let number = |p: String| read(&p).and_then(|t| t.trim().parse::<u64>().ok());
    let mut rooms = Vec::new();
    for line in cgroup.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(id), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (base, max_file, used_file) = if id == "0" && controllers.is_empty() {
            ("/sys/fs/cgroup", "memory.max", "memory.current")
        } else if controllers.split(',').any(|c| c == "memory") {
            (
                "/sys/fs/cgroup/memory",
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
            )
        } else {
            continue;
        };
        // This group and every ancestor: a limit may sit higher up.
        let mut dir = path.trim_end_matches('/').to_string();
        loop {
            if let (Some(max), Some(used)) = (
                number(format!("{base}{dir}/{max_file}")),
                number(format!("{base}{dir}/{used_file}")),
            ) {
                // v1 writes "no limit" as a huge number.
                if max < (1 << 60) {
                    rooms.push(max.saturating_sub(used));
                }
            }
            match dir.rfind('/') {
                Some(i) => dir.truncate(i),
                None => break,
            }
            if dir.is_empty() {
                if let (Some(max), Some(used)) = (
                    number(format!("{base}/{max_file}")),
                    number(format!("{base}/{used_file}")),
                ) && max < (1 << 60)
                {
                    rooms.push(max.saturating_sub(used));
                }
                break;
            }
        }
    }
    rooms.into_iter().min()
}

#[cfg(test)]
mod memory_tests {
    #[test]
    fn memory_limits_are_read_from_every_source() {
        assert_eq!(
            super::meminfo_available("MemTotal: 100 kB\nMemAvailable:  2048 kB\n"),
            Some(2 << 20)
        );
        let limits = "Limit                     Soft Limit           Hard Limit           Units\nMax address space         2147483648           unlimited            bytes\n";
        let status = "Name:\tx\nVmSize:\t  1048576 kB\n";
        assert_eq!(super::address_space_room(limits, status), Some(1 << 30));
        let unlimited =
            "Max address space         unlimited            unlimited            bytes\n";
        assert_eq!(super::address_space_room(unlimited, status), None);
        let files = |p: &str| -> Option<String> {
            match p {
                "/sys/fs/cgroup/app/job/memory.max" => Some("max\n".into()),
                "/sys/fs/cgroup/app/job/memory.current" => Some("100\n".into()),
                "/sys/fs/cgroup/app/memory.max" => Some("1000\n".into()),
                "/sys/fs/cgroup/app/memory.current" => Some("400\n".into()),
                _ => None,
            }
        };
        assert_eq!(super::cgroup_room("0::/app/job\n", &files), Some(600));
        assert_eq!(super::cgroup_room("0::/other\n", &files), None);
    }
}

/// Estimated peak memory of `runs` replications of `model`, in bytes
/// (saturating; the result matrix dominates).
#[must_use]
pub fn estimated_bytes(model: &Model, runs: usize) -> u64 {
    let width = model.metric_names().len() as u64;
    let months = u64::from(model.months()) + 1;
    let threads = rayon::current_num_threads() as u64;
    let results = (runs as u64)
        .saturating_mul(months)
        .saturating_mul(width)
        .saturating_mul(8);
    let states = threads.saturating_mul(model.state_bytes() as u64);
    // one column per worker while sorting, plus the bands themselves
    let reduce = threads
        .saturating_mul(runs as u64)
        .saturating_mul(8)
        .saturating_add(months.saturating_mul(width).saturating_mul(6 * 8));
    results.saturating_add(states).saturating_add(reduce)
}

/// Checks a number of runs: at least 1, at most [`MAX_RUNS`].
pub fn check_run_count(runs: usize) -> Result<(), McError> {
    if runs == 0 {
        return Err(McError::ZeroRuns);
    }
    if runs > MAX_RUNS {
        return Err(McError::TooManyRuns {
            runs,
            max: MAX_RUNS,
        });
    }
    Ok(())
}

/// Checks that `needed` bytes for `runs` replications fit in the memory available.
pub fn check_memory(runs: usize, needed: u64) -> Result<(), McError> {
    if let Some(avail) = available_memory_bytes()
        && needed as f64 > avail as f64 * MEMORY_HEADROOM
    {
        return Err(McError::NotEnoughMemory {
            runs,
            needed_mib: needed.div_ceil(1 << 20),
            available_mib: avail >> 20,
        });
    }
    Ok(())
}

/// Checks a run size before anything is allocated.
pub fn check_runs(model: &Model, runs: usize) -> Result<(), McError> {
    check_run_count(runs)?;
    if let Some(avail) = available_memory_bytes() {
        let needed = estimated_bytes(model, runs);
        if needed as f64 > avail as f64 * MEMORY_HEADROOM {
            return Err(McError::NotEnoughMemory {
                runs,
                needed_mib: needed.div_ceil(1 << 20),
                available_mib: avail >> 20,
            });
        }
    }
    Ok(())
}

/// Mean and percentiles of one metric, one value per month index.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Band {
    /// Mean over replications.
    pub mean: Vec<f64>,
    /// 5th percentile.
    pub p5: Vec<f64>,
    /// 25th percentile.
    pub p25: Vec<f64>,
    /// Median.
    pub p50: Vec<f64>,
    /// 75th percentile.
    pub p75: Vec<f64>,
    /// 95th percentile.
    pub p95: Vec<f64>,
}

/// Bands of every metric, in [`Model::metric_names`] order; serialised as a
/// JSON object keyed by metric name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bands(pub Vec<(String, Band)>);

impl Bands {
    /// The band of a metric, if present.
    #[must_use]
    pub fn get(&self, metric: &str) -> Option<&Band> {
        find_pair(&self.0, metric)
    }
}

impl Serialize for Bands {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.0, serializer)
    }
}

/// The chance of meeting one goal.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TargetOdd {
    /// The level asked for.
    pub level: Option<f64>,
    /// The metric judged.
    pub metric: String,
    /// `>=` or `<=`.
    pub comparison: &'static str,
    /// Calendar year whose end the goal is judged at (the first, for every-year goals).
    pub year: i32,
    /// Judged at every year end from `year` on.
    pub every_year: bool,
    /// Label (Chinese).
    pub label: String,
    /// Label (English).
    pub label_en: String,
    /// Share of replications meeting the goal (at its year, or at every year end from it).
    pub probability: f64,
    /// Share of replications meeting the goal's comparison at the end of each calendar year.
    pub probability_by_year: BTreeMap<i32, f64>,
    /// 5th percentile, median and 95th percentile over replications of the
    /// value that decides the goal (the metric at the goal's year end, or
    /// its worst year end from then on).
    pub p5: f64,
    /// Median of the deciding value.
    pub p50: f64,
    /// 95th percentile of the deciding value.
    pub p95: f64,
}

/// Odds of every goal of the scenario ([`crate::model::scenario::Targets::effective_goals`]), keyed by goal id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetOdds(pub Vec<(String, TargetOdd)>);

impl TargetOdds {
    /// The odds of a goal, if present.
    #[must_use]
    pub fn get(&self, target: &str) -> Option<&TargetOdd> {
        find_pair(&self.0, target)
    }
}

impl Serialize for TargetOdds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_pairs(&self.0, serializer)
    }
}

/// The outcome of a Monte Carlo run (complete or partial).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct McResult {
    /// Replications asked for.
    pub runs: usize,
    /// Replications finished and included below.
    pub completed: usize,
    /// Scenario seed the replications were drawn from.
    pub seed: u64,
    /// Mean and percentiles per metric per month index.
    pub bands: Bands,
    /// Chance of meeting each goal by year end.
    pub targets: TargetOdds,
    /// Which kinds of uncertainty the bands include.
    pub uncertainty: UncertaintyKinds,
}

/// Where replications leave their results; shared by the CLI run and [`McJob`].
struct Store {
    runs: usize,
    width: usize,
    done: AtomicUsize,
    cancel: AtomicBool,
    finished: AtomicBool,
    results: Mutex<Vec<Option<Arc<[f64]>>>>,
    /// The first replication whose drawn assumptions failed to compile.
    failure: Mutex<Option<ModelError>>,
}

impl Store {
    fn new(model: &Model, runs: usize) -> Self {
        Self {
            runs,
            width: model.metric_names().len(),
            done: AtomicUsize::new(0),
            cancel: AtomicBool::new(false),
            finished: AtomicBool::new(false),
            results: Mutex::new(vec![None; runs]),
            failure: Mutex::new(None),
        }
    }

    fn simulate(&self, model: &Model, seed: u64, on_done: &(dyn Fn() + Sync)) {
        let len = (model.months() as usize + 1) * self.width;
        (0..self.runs).into_par_iter().for_each(|r| {
            if self.cancel.load(Ordering::Relaxed) {
                return;
            }
            let mut out = vec![0.0; len];
            let (model, mut sampler) = match Stochastic::replication(model, seed, r as u64) {
                Ok(x) => x,
                Err(e) => {
                    // One failure stops the run: its bands would leave out
                    // exactly the draws that failed.
                    self.cancel.store(true, Ordering::Relaxed);
                    self.failure
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .get_or_insert(e);
                    return;
                }
            };
            if model.run_metrics(&mut sampler, &mut out, &self.cancel) {
                self.results.lock().unwrap_or_else(PoisonError::into_inner)[r] = Some(out.into());
                self.done.fetch_add(1, Ordering::Relaxed);
                on_done();
            }
        });
        self.finished.store(true, Ordering::Release);
    }

    /// The failure that stopped the run, if any.
    fn failure(&self) -> Result<(), McError> {
        match self
            .failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
        {
            Some(e) => Err(McError::Draw(e)),
            None => Ok(()),
        }
    }

    fn reduce(&self, model: &Model, seed: u64) -> McResult {
        // Take the finished replications and let go of the lock before
        // reducing on the rayon pool, whose workers need the lock to finish.
        let finished: Vec<Arc<[f64]>> = self
            .results
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .flatten()
            .cloned()
            .collect();
        let reps: Vec<&[f64]> = finished.iter().map(AsRef::as_ref).collect();
        reduce(model, seed, self.runs, &reps)
    }
}

/// Quantile `q` of sorted values: linear interpolation between order
/// statistics (Hyndman & Fan type 7).
#[must_use]
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Reduces finished replications (each `(months + 1) × width` values,
/// [`Model::run_metrics`] rows) to bands and odds: the same reduction as
/// [`run_monte_carlo`], for callers that run the replications themselves
/// (with a cancel flag, say).
pub fn reduce(model: &Model, seed: u64, runs: usize, reps: &[&[f64]]) -> McResult {
    let names = model.metric_names();
    let width = names.len();
    let months = model.months() as usize + 1;
    let bands: Vec<(String, Band)> = names
        .par_iter()
        .enumerate()
        .map(|(k, name)| {
            let mut band = Band::default();
            let mut col = Vec::with_capacity(reps.len());
            for i in 0..months {
                col.clear();
                col.extend(reps.iter().map(|r| r[i * width + k]));
                let mean = if col.is_empty() {
                    0.0
                } else {
                    col.iter().sum::<f64>() / col.len() as f64
                };
                col.sort_unstable_by(f64::total_cmp);
                band.mean.push(mean);
                band.p5.push(quantile_sorted(&col, 0.05));
                band.p25.push(quantile_sorted(&col, 0.25));
                band.p50.push(quantile_sorted(&col, 0.50));
                band.p75.push(quantile_sorted(&col, 0.75));
                band.p95.push(quantile_sorted(&col, 0.95));
            }
            (name.clone(), band)
        })
        .collect();
    McResult {
        runs,
        completed: reps.len(),
        seed,
        bands: Bands(bands),
        targets: goal_odds(model.goals(), reps, width),
        uncertainty: model.uncertainty_kinds(),
    }
}

/// Month index of the last month of each calendar year of the horizon.
#[must_use]
pub fn year_ends(model: &Model) -> BTreeMap<i32, usize> {
    model.year_ends()
}

/// The odds of each goal of `goals` over finished replications (each
/// `(months + 1) × width` values).
#[must_use]
pub fn goal_odds(goals: &GoalSet, reps: &[&[f64]], width: usize) -> TargetOdds {
    let share = |met: usize| {
        if reps.is_empty() {
            0.0
        } else {
            met as f64 / reps.len() as f64
        }
    };
    TargetOdds(
        goals
            .goals
            .iter()
            .map(|g| {
                let mut values: Vec<f64> = reps.iter().map(|r| g.value(r, width)).collect();
                let met = values
                    .iter()
                    .filter(|&&v| g.goal.comparison.holds(v, g.goal.level))
                    .count();
                values.sort_unstable_by(f64::total_cmp);
                let probability_by_year = g
                    .all_years
                    .iter()
                    .map(|&(year, step)| {
                        let met = reps.iter().filter(|r| g.holds_at(r, width, step)).count();
                        (year, share(met))
                    })
                    .collect();
                (
                    g.goal.id.clone(),
                    TargetOdd {
                        level: Some(g.goal.level),
                        metric: g.goal.metric.clone(),
                        comparison: g.goal.comparison.symbol(),
                        year: g.goal.year,
                        every_year: g.goal.every_year,
                        label: g.goal.label.clone(),
                        label_en: g.goal.label_en.clone(),
                        probability: share(met),
                        probability_by_year,
                        p5: quantile_sorted(&values, 0.05),
                        p50: quantile_sorted(&values, 0.5),
                        p95: quantile_sorted(&values, 0.95),
                    },
                )
            })
            .collect(),
    )
}

/// Runs `runs` replications of `model` from `seed` on the rayon pool and
/// reduces them. `on_done` is called after each finished replication (from
/// worker threads), e.g. to move a progress bar. Fails before allocating
/// anything if the run size is unreasonable.
pub fn run_monte_carlo(
    model: &Model,
    runs: usize,
    seed: u64,
    on_done: &(dyn Fn() + Sync),
) -> Result<McResult, McError> {
    check_runs(model, runs)?;
    let store = Store::new(model, runs);
    store.simulate(model, seed, on_done);
    store.failure()?;
    Ok(store.reduce(model, seed))
}

/// A Monte Carlo run on a background thread named `monte-carlo`, for the
/// desktop app:
///
/// ```no_run
/// # use talent_planner::model::{Model, McJob, io};
/// let model = Model::compile(&io::default_scenario()?)?;
/// let mut job = McJob::start(model, 1000, 42)?;
/// loop {
///     let (done, total) = job.progress();
///     // draw a progress bar; job.partial() gives bands of the runs done so far
///     if let Some(result) = job.try_finish() {
///         let result = result?;
///         println!("{} of {total} runs", result.completed);
///         break;
///     }
///     # let _ = done;
///     std::thread::sleep(std::time::Duration::from_millis(50));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`McJob::cancel`] stops the workers within one simulated month of each
/// running replication (well under 100 ms for a county); [`McJob::try_finish`]
/// then returns the result of the replications that had finished. Dropping a
/// job cancels it.
pub struct McJob {
    model: Arc<Model>,
    seed: u64,
    store: Arc<Store>,
    handle: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for McJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (done, total) = self.progress();
        f.debug_struct("McJob")
            .field("seed", &self.seed)
            .field("done", &done)
            .field("total", &total)
            .finish_non_exhaustive()
    }
}

/// Why a background run could not start.
#[derive(Debug, Error)]
pub enum McJobError {
    /// The run size was rejected.
    #[error(transparent)]
    Runs(#[from] McError),
    /// The operating system refused a thread.
    #[error("cannot start the simulation thread: {0}")]
    Thread(#[from] std::io::Error),
}

impl McJob {
    /// Checks the run size, then starts `runs` replications from `seed`.
    pub fn start(model: impl Into<Arc<Model>>, runs: usize, seed: u64) -> Result<Self, McJobError> {
        let model: Arc<Model> = model.into();
        check_runs(&model, runs)?;
        let store = Arc::new(Store::new(&model, runs));
        let handle = {
            let (model, store) = (Arc::clone(&model), Arc::clone(&store));
            std::thread::Builder::new()
                .name("monte-carlo".into())
                .spawn(move || store.simulate(&model, seed, &|| {}))?
        };
        Ok(Self {
            model,
            seed,
            store,
            handle: Some(handle),
        })
    }

    /// Replications finished and asked for.
    #[must_use]
    pub fn progress(&self) -> (usize, usize) {
        (self.store.done.load(Ordering::Relaxed), self.store.runs)
    }

    /// Asks the workers to stop; returns at once.
    pub fn cancel(&self) {
        self.store.cancel.store(true, Ordering::Relaxed);
    }

    /// True once the background thread has stopped (all done or cancelled).
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.store.finished.load(Ordering::Acquire)
    }

    /// Bands and odds of the replications finished so far; `None` before the first.
    #[must_use]
    pub fn partial(&self) -> Option<McResult> {
        if self.progress().0 == 0 {
            return None;
        }
        Some(self.store.reduce(&self.model, self.seed))
    }

    /// The result once the thread has stopped (complete, or partial after a
    /// cancel, or why a replication's drawn assumptions could not be
    /// projected); `None` while it is still running.
    pub fn try_finish(&mut self) -> Option<Result<McResult, McError>> {
        if !self.is_finished() {
            return None;
        }
        if let Some(h) = self.handle.take() {
            // The thread has already stored everything; a panic there leaves
            // fewer finished replications, which the result reports.
            let _ = h.join();
        }
        if let Err(e) = self.store.failure() {
            return Some(Err(e));
        }
        Some(Ok(self.store.reduce(&self.model, self.seed)))
    }
}

impl Drop for McJob {
    fn drop(&mut self) {
        self.cancel();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
