//! The bridge from roster to plan: start a scenario from the people actually
//! in post, estimate turnover and pass rates from the roster (with 95 %
//! intervals and sample sizes), and set the real counts beside a projection.
//!
//! Functions take a `&Scenario` and return a modified copy or a list of
//! proposed changes; nothing is applied until the caller confirms.

use super::date::Date;
use super::doc::{Level, Roster, Subject, TrackId};
use super::rules::{self, CertStatus, RuleConfig, passes};
use super::text::Language;
use crate::model::scenario::{
    ExitRate, Grade, InitialStock, MAX_TRACKED_MONTHS, Scenario, StageKind,
};
use crate::model::{Model, ModelError, Projection, RunOptions};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use thiserror::Error;

/// Cells with fewer people than this carry a warning.
pub const MIN_CELL_PEOPLE: usize = 20;

/// Two-sided 95 % normal quantile.
const Z95: f64 = 1.959_963_984_540_054;

/// Why a roster cannot drive a scenario.
#[derive(Debug, Error)]
pub enum PlanError {
    /// The scenario has no working stage for a grade the roster needs.
    #[error("the scenario has no working stage of grade {0:?}")]
    NoStage(Grade),
    /// The cohort id is unknown.
    #[error("no cohort {0} in the roster")]
    NoCohort(String),
    /// The derived scenario does not compile.
    #[error(transparent)]
    Model(#[from] ModelError),
}

impl PlanError {
    /// The error in `lang` (a model error keeps the model's own wording).
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        match (self, lang) {
            (PlanError::NoStage(g), Language::Zh) => {
                format!("方案中没有{g:?}等级的在岗阶段")
            }
            (PlanError::NoCohort(id), Language::Zh) => format!("名册中没有班次{id}"),
            _ => self.to_string(),
        }
    }
}

/// Why a person in post was left out of the plan's starting stocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StartWarning {
    /// The person's township is not one of the scenario's.
    Township {
        /// Person id.
        person: String,
        /// Township id.
        township: String,
    },
    /// The person's track is not one of the scenario's.
    Track {
        /// Person id.
        person: String,
        /// Track id.
        track: TrackId,
    },
}

impl StartWarning {
    /// The warning in `lang`.
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        match (self, lang) {
            (StartWarning::Township { person, township }, Language::En) => {
                format!("{person}: township {township} is not in the scenario")
            }
            (StartWarning::Township { person, township }, Language::Zh) => {
                format!("{person}：方案中没有乡镇{township}")
            }
            (StartWarning::Track { person, track }, Language::En) => {
                format!("{person}: track {} is not in the scenario", track.id())
            }
            (StartWarning::Track { person, track }, Language::Zh) => {
                format!("{person}：方案中没有人才类别{}", track.id())
            }
        }
    }
}

impl std::fmt::Display for StartWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

/// The first day of the scenario's first month.
#[must_use]
pub fn scenario_start(sc: &Scenario) -> Date {
    Date {
        year: sc.start_year,
        month: sc.start_month.clamp(1, 12),
        day: 1,
    }
}

/// Stage id of the working stage of a grade (the first in file order).
#[must_use]
pub fn stage_of_grade(sc: &Scenario, grade: Grade) -> Option<&str> {
    sc.stages.iter().find_map(|s| match s.kind {
        StageKind::Working { grade: Some(g), .. } if g == grade => Some(s.id.as_str()),
        _ => None,
    })
}

/// Highest level certified on `day` (results published by then).
#[must_use]
pub fn level_on(status: &CertStatus, day: Date, cfg: &RuleConfig) -> Option<Level> {
    status
        .certificates
        .iter()
        .filter(|c| cfg.certificate_date(c.year) <= day)
        .map(|c| c.level)
        .max()
}

fn grade_of(level: Option<Level>) -> Grade {
    level.map_or(Grade::Uncertified, Level::grade)
}

/// A scenario started from the roster, with what was left out and why.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStart {
    /// The scenario with `initial_stock` replaced.
    pub scenario: Scenario,
    /// People counted.
    pub people_counted: usize,
    /// People left out, one each.
    pub warnings: Vec<StartWarning>,
}

/// "Start the plan from this roster": the scenario's initial stocks by
/// township, track, grade and tenure (months since hire, capped at the
/// engine's tracked months) are the people in post on the scenario's first day.
pub fn start_from_roster(
    roster: &Roster,
    sc: &Scenario,
    cfg: &RuleConfig,
) -> Result<PlanStart, PlanError> {
    let day = scenario_start(sc);
    let statuses = rules::roster_statuses(roster, cfg);
    let towns: HashSet<&str> = sc.county.townships.iter().map(|t| t.id.as_str()).collect();
    let tracks: HashSet<&str> = sc.tracks.iter().map(|t| t.id.as_str()).collect();
    let mut counts: BTreeMap<(String, String, String, u32), f64> = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut counted = 0;
    for (p, st) in roster.people.iter().zip(&statuses) {
        if !p.in_post_on(day) {
            continue;
        }
        if !towns.contains(p.township.as_str()) {
            warnings.push(StartWarning::Township {
                person: p.id.clone(),
                township: p.township.clone(),
            });
            continue;
        }
        if !tracks.contains(p.track.id()) {
            warnings.push(StartWarning::Track {
                person: p.id.clone(),
                track: p.track.clone(),
            });
            continue;
        }
        let grade = grade_of(level_on(st, day, cfg));
        let stage = stage_of_grade(sc, grade).ok_or(PlanError::NoStage(grade))?;
        let tenure = p
            .hire_date
            .map_or(0, |h| h.months_until(day))
            .min(MAX_TRACKED_MONTHS);
        *counts
            .entry((
                p.township.clone(),
                p.track.id().to_string(),
                stage.to_string(),
                tenure,
            ))
            .or_default() += 1.0;
        counted += 1;
    }
    let mut scenario = sc.clone();
    scenario.initial_stock = std::sync::Arc::new(
        counts
            .into_iter()
            .map(
                |((township, track, stage, tenure_months), count)| InitialStock {
                    township,
                    track,
                    stage,
                    count,
                    tenure_months,
                },
            )
            .collect(),
    );
    Ok(PlanStart {
        scenario,
        people_counted: counted,
        warnings,
    })
}

/// A 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// Wilson score interval of a proportion `k / n` (95 %); `[0, 1]` when n = 0.
#[must_use]
pub fn wilson(k: usize, n: usize) -> Interval {
    if n == 0 {
        return Interval {
            low: 0.0,
            high: 1.0,
        };
    }
    let n = n as f64;
    let p = k as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // Exact ends at k = 0 and k = n (rounding would leave 1 - epsilon).
    let low = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if k as f64 == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Interval { low, high }
}

/// 95 % interval of a Poisson count (Byar's approximation; exact lower bound 0 at zero).
#[must_use]
pub fn poisson_interval(count: usize) -> Interval {
    let d = count as f64;
    let low = if count == 0 {
        0.0
    } else {
        d * (1.0 - 1.0 / (9.0 * d) - Z95 / (3.0 * d.sqrt())).powi(3)
    };
    let d1 = d + 1.0;
    let high = d1 * (1.0 - 1.0 / (9.0 * d1) + Z95 / (3.0 * d1.sqrt())).powi(3);
    Interval {
        low: low.max(0.0),
        high,
    }
}

/// Annual exit share from a monthly hazard.
fn annual_from_monthly(h: f64) -> f64 {
    1.0 - (1.0 - h.clamp(0.0, 1.0)).powi(12)
}

/// Turnover of one track in one tenure band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnoverCell {
    /// Track id.
    pub track: TrackId,
    /// Band start, months of service (inclusive).
    pub tenure_from_months: u32,
    /// Band end (exclusive); `None` open-ended.
    pub tenure_to_months: Option<u32>,
    /// Exits observed in the band.
    pub exits: usize,
    /// Person-months at risk in the band.
    pub person_months: f64,
    /// People contributing time to the band.
    pub people: usize,
    /// Observed annual exit share, all causes: 1 − (1 − exits ÷ person-months)^12.
    pub annual_rate: f64,
    /// Its 95 % interval.
    pub interval: Interval,
    /// The base annual rate (`ExitRate::annual_rate`) with which the
    /// scenario's engine gives the observed exits on these person-months:
    /// net of the exits the scenario's contract renewals explain, divided by
    /// the multipliers it applies (pay, ladder, admin share, arrears,
    /// remoteness) at each person's grade and township. `None` if the
    /// scenario does not compile.
    pub base_annual_rate: Option<f64>,
    /// 95 % interval of the base rate (the exits' interval carried through).
    pub base_interval: Option<Interval>,
    /// Exits the scenario's contract renewals account for on these
    /// person-months, in expectation.
    pub renewal_exits: f64,
    /// Fewer than [`MIN_CELL_PEOPLE`] people.
    pub small_sample: bool,
}

/// Pass rate of one subject for one track.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassCell {
    /// Level.
    pub level: Level,
    /// Subject.
    pub subject: Subject,
    /// Track id.
    pub track: TrackId,
    /// Attempts.
    pub attempts: usize,
    /// Passes.
    pub passes: usize,
    /// Distinct people who sat.
    pub people: usize,
    /// Passes ÷ attempts.
    pub rate: f64,
    /// Wilson 95 % interval.
    pub interval: Interval,
    /// Fewer than [`MIN_CELL_PEOPLE`] people.
    pub small_sample: bool,
}

/// What a proposed change sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Target {
    /// An annual exit rate for a track and tenure band (all working stages).
    ExitRate {
        /// Track id.
        track: String,
        /// Band start, months.
        tenure_from_months: u32,
        /// Band end, months.
        tenure_to_months: Option<u32>,
    },
    /// A subject's pass probability for a track, in the exam of a stage.
    PassProbability {
        /// Stage holding the exam.
        stage: String,
        /// Subject id.
        subject: String,
        /// Track id.
        track: String,
    },
}

/// One proposed change to the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposedChange {
    /// What it sets.
    pub target: Target,
    /// Current value in the scenario, if one applies.
    pub current: Option<f64>,
    /// Estimated value (for an exit rate, the base rate of
    /// [`TurnoverCell::base_annual_rate`]).
    pub estimate: f64,
    /// For an exit rate, the observed annual exit share it reproduces.
    pub observed: Option<f64>,
    /// 95 % interval.
    pub interval: Interval,
    /// People behind the estimate.
    pub people: usize,
    /// Fewer than [`MIN_CELL_PEOPLE`] people: shown with a warning.
    pub small_sample: bool,
}

impl ProposedChange {
    /// The warning shown beside the change in `lang` (small sample), if any.
    #[must_use]
    pub fn warning(&self, lang: Language) -> Option<String> {
        let people = self.people;
        self.small_sample.then(|| match lang {
            Language::En => format!(
                "only {people} people (fewer than {MIN_CELL_PEOPLE}); the estimate is uncertain"
            ),
            Language::Zh => format!("仅{people}人（不足{MIN_CELL_PEOPLE}人），估计不稳定"),
        })
    }
}

/// Rates estimated from a roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateEstimates {
    /// Day the estimate refers to (time at risk is counted up to it).
    pub as_of: Date,
    /// Turnover cells, by track then band.
    pub turnover: Vec<TurnoverCell>,
    /// Pass-rate cells, by level, subject, track.
    pub pass_rates: Vec<PassCell>,
    /// Changes the scenario would take, for the planner to confirm.
    pub changes: Vec<ProposedChange>,
}

/// The scenario's exit hazards as the engine applies them, for turning
/// observed exits into base rates (MODEL.md §2, step 1). In a person-month
/// at service month `k` in a stage of multiplier `m` with renewal share `r`,
/// the engine's exit probability is `h0·m + (1 − h0·m)·r`; summed over the
/// person-months of a cell, the expected exits are `Σ r + h0 · Σ m·(1 − r)`,
/// which is solved for `h0` with the observed exits.
struct ExitFit {
    /// Index of each of the scenario's tracks in its list, by id.
    track_index: HashMap<String, usize>,
    /// Lever multiplier by grade (uncertified, assistant, intermediate,
    /// senior) and track (the scenario's, in its order); 1 where the
    /// scenario has no working stage of the grade, and for a track it does
    /// not have.
    lever: [Vec<f64>; 4],
    /// Renewal exit share by grade, track and service month (the last entry
    /// holds for every later month, as the engine's open bucket); none for
    /// a track the scenario does not have.
    renewal: [Vec<Vec<f64>>; 4],
    /// Remoteness multiplier by township id.
    remote: HashMap<String, f64>,
    /// The county's mean remoteness multiplier, for townships not in the scenario.
    remote_mean: f64,
    /// Results month: a certificate's grade counts from then.
    cfg: RuleConfig,
}

/// Grades by certificate level: none, assistant, intermediate, senior.
const GRADES: [Grade; 4] = [
    Grade::Uncertified,
    Grade::Assistant,
    Grade::Intermediate,
    Grade::Senior,
];

impl ExitFit {
    fn new(sc: &Scenario, cfg: &RuleConfig) -> Option<Self> {
        let model = Model::compile(sc).ok()?;
        let stages = GRADES.map(|g| stage_of_grade(sc, g));
        let lever = stages.map(|s| {
            sc.tracks
                .iter()
                .map(|t| {
                    s.and_then(|s| model.lever_exit_multiplier(s, &t.id))
                        .unwrap_or(1.0)
                })
                .collect()
        });
        let renewal = stages.map(|s| {
            sc.tracks
                .iter()
                .map(|t| {
                    (0..=MAX_TRACKED_MONTHS)
                        .map(|k| {
                            s.and_then(|s| model.exit_hazard_parts(s, &t.id, k))
                                .map_or(0.0, |[_, r]| r)
                        })
                        .collect()
                })
                .collect()
        });
        let track_index = sc
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        let remote: HashMap<String, f64> = model
            .remoteness_exit_multipliers()
            .map(|(id, m)| (id.to_string(), m))
            .collect();
        let remote_mean = if remote.is_empty() {
            1.0
        } else {
            remote.values().sum::<f64>() / remote.len() as f64
        };
        Some(Self {
            track_index,
            lever,
            renewal,
            remote,
            remote_mean,
            cfg: cfg.clone(),
        })
    }

    /// `(Σ m·(1 − r), Σ r)` over a person's service months `months` (0 = the
    /// first month after hire), each at the grade certified by then.
    fn person_months(
        &self,
        p: &super::doc::Person,
        status: &CertStatus,
        hire: Date,
        months: std::ops::Range<u32>,
    ) -> (f64, f64) {
        let t = self.track_index.get(p.track.id()).copied();
        let remote = self
            .remote
            .get(&p.township)
            .copied()
            .unwrap_or(self.remote_mean);
        // Month number from which each certificate's grade counts.
        let from: Vec<(usize, i32)> = status
            .certificates
            .iter()
            .map(|c| {
                (
                    c.level.index() + 1,
                    self.cfg.certificate_date(c.year).month_number(),
                )
            })
            .collect();
        let (mut at_risk, mut renewals) = (0.0, 0.0);
        for k in months {
            let month = hire.month_number() + k as i32;
            let grade = from
                .iter()
                .filter(|(_, m)| *m <= month)
                .map(|(g, _)| *g)
                .max()
                .unwrap_or(0);
            let (lever, r) = t.map_or((1.0, 0.0), |t| {
                let shares = &self.renewal[grade][t];
                let r = shares[(k as usize).min(shares.len().saturating_sub(1))];
                (self.lever[grade][t], r)
            });
            at_risk += lever * remote * (1.0 - r);
            renewals += r;
        }
        (at_risk, renewals)
    }
}

/// The tracks rates are estimated for: the scenario's, in its order, then
/// any other track a person of the roster is on (by id), whose cells are
/// shown but proposed to no scenario.
fn track_order(sc: &Scenario, roster: &Roster) -> Vec<TrackId> {
    let mut out: Vec<TrackId> = sc
        .tracks
        .iter()
        .map(|t| TrackId::new(t.id.as_str()))
        .collect();
    let others: BTreeSet<&TrackId> = roster
        .people
        .iter()
        .map(|p| &p.track)
        .filter(|t| !sc.tracks.iter().any(|s| s.id == t.id()))
        .collect();
    out.extend(others.into_iter().cloned());
    out
}

/// Default tenure bands (months): first year, years 2–3, later.
pub const DEFAULT_BANDS_MONTHS: [u32; 2] = [12, 36];

/// "Estimate rates from the roster": turnover per track and tenure band
/// (exits ÷ person-months at risk, up to `as_of`) and pass rates per subject,
/// level and track, with the changes they imply for `sc`. `band_edges_months`
/// are the inner band boundaries (ascending).
///
/// The exit rates proposed are base rates: with them, the engine of `sc`
/// (its levers, pay, remoteness and contract renewals) gives the exits the
/// roster shows on the same people, grades and service months, where the
/// observed total written as a base rate would be multiplied and added to
/// again (see [`TurnoverCell::base_annual_rate`]).
#[must_use]
pub fn estimate_rates(
    roster: &Roster,
    sc: &Scenario,
    cfg: &RuleConfig,
    as_of: Date,
    band_edges_months: &[u32],
) -> RateEstimates {
    let mut edges: Vec<u32> = band_edges_months.to_vec();
    edges.sort_unstable();
    edges.dedup();
    edges.retain(|&e| e > 0);
    let bands: Vec<(u32, Option<u32>)> = std::iter::once(0)
        .chain(edges.iter().copied())
        .zip(edges.iter().copied().map(Some).chain(std::iter::once(None)))
        .collect();
    let fit = ExitFit::new(sc, cfg);
    let statuses = rules::roster_statuses(roster, cfg);
    let tracks = track_order(sc, roster);
    let mut turnover = Vec::new();
    for track in &tracks {
        for &(from, to) in &bands {
            let mut exits = 0;
            let mut pm = 0.0;
            let mut people = 0;
            // Σ m·(1 − r) and Σ r over the person-months (see `ExitFit`).
            let (mut at_risk, mut renewals) = (0.0, 0.0);
            for (p, st) in roster.people.iter().zip(&statuses) {
                if p.track != *track {
                    continue;
                }
                let Some(hire) = p.hire_date else { continue };
                if hire > as_of {
                    continue;
                }
                let end = p.exit_date().filter(|e| *e <= as_of);
                // Observed months of service: hire to exit (or to as_of), a partial month counts fully.
                let stop = end.unwrap_or(as_of);
                let months = hire.months_until(stop) + u32::from(end.is_some());
                let lo = from;
                let hi = to.unwrap_or(u32::MAX);
                let overlap = months.min(hi).saturating_sub(lo);
                if overlap > 0 {
                    pm += f64::from(overlap);
                    people += 1;
                    if let Some(fit) = &fit {
                        let (a, r) = fit.person_months(p, st, hire, lo..lo + overlap);
                        at_risk += a;
                        renewals += r;
                    }
                }
                if let Some(e) = end {
                    let t = hire.months_until(e);
                    if t >= lo && t < hi {
                        exits += 1;
                    }
                }
            }
            if pm == 0.0 {
                continue;
            }
            let ci = poisson_interval(exits);
            // Base monthly hazard h0 with E[exits] = Σ r + h0 · Σ m·(1 − r).
            let base = |n: f64| annual_from_monthly(((n - renewals) / at_risk).max(0.0));
            let fitted = fit.is_some() && at_risk > 0.0;
            turnover.push(TurnoverCell {
                track: track.clone(),
                tenure_from_months: from,
                tenure_to_months: to,
                exits,
                person_months: pm,
                people,
                annual_rate: annual_from_monthly(exits as f64 / pm),
                interval: Interval {
                    low: annual_from_monthly(ci.low / pm),
                    high: annual_from_monthly(ci.high / pm),
                },
                base_annual_rate: fitted.then(|| base(exits as f64)),
                base_interval: fitted.then(|| Interval {
                    low: base(ci.low),
                    high: base(ci.high),
                }),
                renewal_exits: renewals,
                small_sample: people < MIN_CELL_PEOPLE,
            });
        }
    }
    // Each person's track, as its place in `tracks`.
    let rank: HashMap<&str, usize> = tracks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id(), i))
        .collect();
    let track_of: HashMap<&str, usize> = roster
        .people
        .iter()
        .filter_map(|p| Some((p.id.as_str(), *rank.get(p.track.id())?)))
        .collect();
    // (attempts, passes, people) per cell.
    type Tally<'a> = (usize, usize, BTreeSet<&'a str>);
    let mut tally: BTreeMap<(Level, Subject, usize), Tally> = BTreeMap::new();
    for a in &roster.attempts {
        let Some(&track) = track_of.get(a.person.as_str()) else {
            continue;
        };
        let e = tally.entry((a.level, a.subject, track)).or_default();
        e.0 += 1;
        e.1 += usize::from(passes(a.score, cfg));
        e.2.insert(a.person.as_str());
    }
    let pass_rates: Vec<PassCell> = tally
        .into_iter()
        .map(|((level, subject, track), (n, k, who))| PassCell {
            level,
            subject,
            track: tracks[track].clone(),
            attempts: n,
            passes: k,
            people: who.len(),
            rate: k as f64 / n as f64,
            interval: wilson(k, n),
            small_sample: who.len() < MIN_CELL_PEOPLE,
        })
        .collect();
    let changes = propose(sc, &turnover, &pass_rates);
    RateEstimates {
        as_of,
        turnover,
        pass_rates,
        changes,
    }
}

fn propose(
    sc: &Scenario,
    turnover: &[TurnoverCell],
    pass_rates: &[PassCell],
) -> Vec<ProposedChange> {
    let mut out = Vec::new();
    let tracks: HashSet<&str> = sc.tracks.iter().map(|t| t.id.as_str()).collect();
    for c in turnover.iter().filter(|c| tracks.contains(c.track.id())) {
        // Without the scenario's multipliers no base rate can be written.
        let (Some(estimate), Some(interval)) = (c.base_annual_rate, c.base_interval) else {
            continue;
        };
        let current = sc
            .retention
            .exit_rates
            .iter()
            .find(|r| {
                r.track.as_deref().is_none_or(|t| t == c.track.id())
                    && r.stage.is_none()
                    && c.tenure_from_months >= r.tenure_from_months
                    && r.tenure_to_months
                        .is_none_or(|to| c.tenure_from_months < to)
            })
            .map(|r| r.annual_rate);
        out.push(ProposedChange {
            target: Target::ExitRate {
                track: c.track.id().to_string(),
                tenure_from_months: c.tenure_from_months,
                tenure_to_months: c.tenure_to_months,
            },
            current,
            estimate,
            observed: Some(c.annual_rate),
            interval,
            people: c.people,
            small_sample: c.small_sample,
        });
    }
    for c in pass_rates.iter().filter(|c| tracks.contains(c.track.id())) {
        let Some(to_stage) = stage_of_grade(sc, c.level.grade()) else {
            continue;
        };
        for st in &sc.stages {
            let Some(exam) = &st.exam else { continue };
            if exam.to != to_stage {
                continue;
            }
            let Some(subject) = exam.subjects.iter().find(|s| s.id == c.subject.id()) else {
                continue;
            };
            out.push(ProposedChange {
                target: Target::PassProbability {
                    stage: st.id.clone(),
                    subject: subject.id.clone(),
                    track: c.track.id().to_string(),
                },
                current: subject.pass_probability.get(c.track.id()).copied(),
                estimate: c.rate,
                observed: None,
                interval: c.interval,
                people: c.people,
                small_sample: c.small_sample,
            });
        }
    }
    out
}

/// Applies the chosen changes (indices into `estimates.changes`) to a copy of
/// `sc`. Estimated exit rates go in front of the existing ones, so they take
/// precedence for their track and band; sources read "estimated from roster, DATE".
#[must_use]
pub fn apply_estimates(sc: &Scenario, estimates: &RateEstimates, chosen: &[usize]) -> Scenario {
    let mut out = sc.clone();
    let note = format!("estimated from roster, {}", estimates.as_of);
    let mut new_rates = Vec::new();
    let mut touched_exam_stages = BTreeSet::new();
    for &i in chosen {
        let Some(ch) = estimates.changes.get(i) else {
            continue;
        };
        match &ch.target {
            Target::ExitRate {
                track,
                tenure_from_months,
                tenure_to_months,
            } => {
                out.retention.exit_rates.retain(|r| {
                    !(r.track.as_deref() == Some(track.as_str())
                        && r.stage.is_none()
                        && r.tenure_from_months == *tenure_from_months
                        && r.tenure_to_months == *tenure_to_months)
                });
                new_rates.push(ExitRate {
                    track: Some(track.clone()),
                    stage: None,
                    tenure_from_months: *tenure_from_months,
                    tenure_to_months: *tenure_to_months,
                    annual_rate: ch.estimate,
                });
            }
            Target::PassProbability {
                stage,
                subject,
                track,
            } => {
                let exam = out
                    .stages
                    .iter_mut()
                    .find(|s| s.id == *stage)
                    .and_then(|s| s.exam.as_mut());
                if let Some(exam) = exam
                    && let Some(sub) = exam.subjects.iter_mut().find(|s| s.id == *subject)
                {
                    sub.pass_probability.insert(track.clone(), ch.estimate);
                    touched_exam_stages.insert(stage.clone());
                }
            }
        }
    }
    if !new_rates.is_empty() {
        new_rates.append(&mut out.retention.exit_rates);
        out.retention.exit_rates = new_rates;
        out.retention.source = note.as_str().into();
    }
    for st in out
        .stages
        .iter_mut()
        .filter(|s| touched_exam_stages.contains(&s.id))
    {
        if let Some(exam) = st.exam.as_mut() {
            exam.source = note.as_str().into();
        }
    }
    out
}

/// Whose counts to compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Everyone in the roster.
    County,
    /// Members of one cohort.
    Cohort(String),
}

/// Projected and actual counts on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// Month index of the projection (0 = the start state).
    pub month_index: u32,
    /// Day compared: the first day of the start month for the start state,
    /// otherwise the first day after the simulated month.
    pub date: Date,
    /// Calendar year of the projection month.
    pub year: i32,
    /// Calendar month of the projection month.
    pub month: u32,
    /// Projected workers (all working stages).
    pub projected_workers: f64,
    /// Workers in post according to the roster.
    pub actual_workers: f64,
    /// Projected certified workers.
    pub projected_certified: f64,
    /// Certified workers in post according to the roster.
    pub actual_certified: f64,
    /// Projected workers per grade stage id.
    pub projected_by_stage: BTreeMap<String, f64>,
    /// Actual workers per grade stage id.
    pub actual_by_stage: BTreeMap<String, f64>,
}

/// The scenario as it stood at a cohort's start: starts the month the cohort
/// starts, holds only the cohort's members (in post or not yet hired, as
/// uncertified or at their grade then) and hires nobody. Projecting it gives
/// "the projection made at the cohort's start" for that cohort.
pub fn cohort_start_scenario(
    roster: &Roster,
    sc: &Scenario,
    cohort_id: &str,
    cfg: &RuleConfig,
) -> Result<Scenario, PlanError> {
    let cohort = roster
        .cohorts
        .iter()
        .find(|c| c.id == cohort_id)
        .ok_or_else(|| PlanError::NoCohort(cohort_id.to_string()))?;
    let members: HashSet<&str> = cohort.enrolled.iter().map(String::as_str).collect();
    let mut sub = roster.clone();
    sub.people.retain(|p| members.contains(p.id.as_str()));
    // Trainees not yet hired count from the cohort's start.
    for p in &mut sub.people {
        if p.hire_date.is_none_or(|h| h > cohort.start_date) {
            p.hire_date = Some(cohort.start_date);
        }
    }
    let mut base = sc.clone();
    base.start_year = cohort.start_date.year;
    base.start_month = cohort.start_date.month;
    base.recruitment.clear();
    let start = start_from_roster(&sub, &base, cfg)?;
    Ok(start.scenario)
}

/// "Actual vs projected": for each month of `projection` up to `until`, the
/// projected counts beside the roster's real ones (people in post on the
/// first of the month, at the grade certified by then). For a cohort the
/// projection should come from [`cohort_start_scenario`].
#[must_use]
pub fn actual_vs_projected(
    roster: &Roster,
    sc: &Scenario,
    projection: &Projection,
    scope: &Scope,
    cfg: &RuleConfig,
    until: Date,
) -> Vec<ComparisonRow> {
    let statuses = rules::roster_statuses(roster, cfg);
    let members: Option<HashSet<&str>> = match scope {
        Scope::County => None,
        Scope::Cohort(id) => Some(
            roster
                .cohorts
                .iter()
                .filter(|c| c.id == *id)
                .flat_map(|c| c.enrolled.iter().map(String::as_str))
                .collect(),
        ),
    };
    let worker_stages: Vec<&str> = sc
        .stages
        .iter()
        .filter(|s| matches!(s.kind, StageKind::Working { .. }))
        .map(|s| s.id.as_str())
        .collect();
    let certified_stages: HashSet<&str> = sc
        .stages
        .iter()
        .filter(|s| matches!(s.kind, StageKind::Working { grade: Some(g), .. } if g.is_certified()))
        .map(|s| s.id.as_str())
        .collect();
    let mut rows = Vec::new();
    for m in &projection.months {
        // months[0] is the start state; months[i] the state after simulating its month.
        let first = Date {
            year: m.year,
            month: m.month.clamp(1, 12),
            day: 1,
        };
        let day = if m.month_index == 0 {
            first
        } else {
            first.add_months(1)
        };
        if day > until {
            break;
        }
        let mut actual_by_stage: BTreeMap<String, f64> = BTreeMap::new();
        for (p, st) in roster.people.iter().zip(&statuses) {
            if members.as_ref().is_some_and(|s| !s.contains(p.id.as_str())) || !p.in_post_on(day) {
                continue;
            }
            let grade = grade_of(level_on(st, day, cfg));
            let stage = stage_of_grade(sc, grade).unwrap_or("uncertified");
            *actual_by_stage.entry(stage.to_string()).or_default() += 1.0;
        }
        let projected_by_stage: BTreeMap<String, f64> = worker_stages
            .iter()
            .filter_map(|s| m.headcount_by_grade.get(s).map(|v| ((*s).to_string(), v)))
            .collect();
        rows.push(ComparisonRow {
            month_index: m.month_index,
            date: day,
            year: m.year,
            month: m.month,
            projected_workers: m.headcount_total,
            actual_workers: actual_by_stage.values().sum(),
            projected_certified: m.certified,
            actual_certified: actual_by_stage
                .iter()
                .filter(|(k, _)| certified_stages.contains(k.as_str()))
                .map(|(_, v)| v)
                .sum(),
            projected_by_stage,
            actual_by_stage,
        });
    }
    rows
}

/// Projects the cohort-start scenario of a cohort and compares it with the roster up to `until`.
pub fn cohort_actual_vs_projected(
    roster: &Roster,
    sc: &Scenario,
    cohort_id: &str,
    cfg: &RuleConfig,
    until: Date,
) -> Result<Vec<ComparisonRow>, PlanError> {
    let base = cohort_start_scenario(roster, sc, cohort_id, cfg)?;
    let projection = Model::compile(&base)?.project(RunOptions::default());
    Ok(actual_vs_projected(
        roster,
        &base,
        &projection,
        &Scope::Cohort(cohort_id.to_string()),
        cfg,
        until,
    ))
}
