//! The official certification rules of the national social worker exam
//! (see the domain facts, section 1), applied to a person's exam attempts:
//!
//! - a subject is passed with a score at or above the pass line (60, configurable
//!   for special areas);
//! - assistant: `comprehensive` and `practice` passed in the same sitting year;
//! - intermediate: `comprehensive`, `practice` and `law_policy` passed within two
//!   consecutive sitting years: a pass in year Y counts in Y and Y+1 only;
//! - senior: the senior `practice` exam, then the portfolio `review` within the
//!   three years the exam pass stays valid.
//!
//! Also eligibility to sit (the national rule table of
//! [`crate::model::eligibility`] applied to a person), registration
//! within a year of certifying, three-year renewal with continuing-education hours,
//! and the optional local rule "certify within N months of hire".

use super::date::Date;
use super::doc::{ContinuingEducation, ExamAttempt, Level, Person, Registration, Subject};
use crate::model::eligibility::{
    self, Candidate, CountedFrom, ExamCalendar, Refusal, Requirement, ServiceAtCutoff,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The rule parameters a county may adjust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleConfig {
    /// Lowest passing score of a subject (60 nationally; lower lines exist for special areas).
    pub pass_line: f64,
    /// Month of the yearly exam sitting (June by default, see
    /// [`eligibility::DEFAULT_SITTING_MONTH`]).
    pub sitting_month: u32,
    /// Month the results are published; a certificate counts from the first
    /// of that month: allowances, the certified count, and the years of
    /// service after it that the next level asks (August by default, see
    /// [`eligibility::DEFAULT_RESULTS_MONTH`]).
    pub results_month: u32,
    /// Months after certifying within which the first registration is due.
    pub registration_window_months: u32,
    /// Months one registration stays valid.
    pub registration_valid_months: u32,
    /// Continuing-education hours per registration period, assistant.
    pub ce_hours_assistant: f64,
    /// Continuing-education hours per registration period, intermediate and senior.
    pub ce_hours_intermediate_senior: f64,
    /// Local rule: staff must hold a certificate within this many months of hire.
    pub certify_within_months: Option<u32>,
}

impl Default for RuleConfig {
    fn default() -> Self {
        Self {
            pass_line: 60.0,
            sitting_month: eligibility::DEFAULT_SITTING_MONTH,
            results_month: eligibility::DEFAULT_RESULTS_MONTH,
            registration_window_months: 12,
            registration_valid_months: 36,
            ce_hours_assistant: 72.0,
            ce_hours_intermediate_senior: 90.0,
            certify_within_months: None,
        }
    }
}

impl RuleConfig {
    /// These rules with a scenario's local "certify within N months of hire"
    /// rule (none if the scenario has none), so the roster's deadlines and
    /// reminders follow the plan's rule.
    #[must_use]
    pub fn with_scenario(&self, sc: &crate::model::Scenario) -> Self {
        Self {
            certify_within_months: sc.certify_deadline.as_ref().map(|d| d.months),
            ..self.clone()
        }
    }

    /// Continuing-education hours required per registration period at a level.
    #[must_use]
    pub fn ce_hours_required(&self, level: Level) -> f64 {
        match level {
            Level::Assistant => self.ce_hours_assistant,
            Level::Intermediate | Level::Senior => self.ce_hours_intermediate_senior,
        }
    }

    /// The sitting and results months as the eligibility rules take them.
    #[must_use]
    pub fn calendar(&self) -> ExamCalendar {
        ExamCalendar {
            sitting_month: self.sitting_month.clamp(1, 12),
            results_month: self.results_month.clamp(1, 12),
        }
    }

    /// The date a certificate of sitting year `year` counts from.
    #[must_use]
    pub fn certificate_date(&self, year: i32) -> Date {
        Date {
            year,
            month: self.results_month.clamp(1, 12),
            day: 1,
        }
    }
}

/// Sitting years a passed subject of a level stays valid (the pass year included).
#[must_use]
pub fn window_years(level: Level) -> i32 {
    match level {
        Level::Assistant => 1,
        Level::Intermediate => 2,
        Level::Senior => 3,
    }
}

/// A certificate held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Level.
    pub level: Level,
    /// Sitting year in which the last needed subject was passed.
    pub year: i32,
}

/// A passed subject not (yet) part of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedSubject {
    /// Subject.
    pub subject: Subject,
    /// Level.
    pub level: Level,
    /// Sitting year of the (latest) pass.
    pub passed_year: i32,
    /// Last sitting year in which the pass still counts.
    pub valid_through_year: i32,
}

/// A person's certification state from their exam attempts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertStatus {
    /// Certificates earned, lowest level first (each level at most once: its first award).
    pub certificates: Vec<Certificate>,
    /// Latest passes of levels above the highest certificate, not part of a
    /// certificate; includes expired passes (see [`CertStatus::carried_at`]).
    pub carried: Vec<CarriedSubject>,
}

impl CertStatus {
    /// The highest certificate, if any.
    #[must_use]
    pub fn highest(&self) -> Option<Certificate> {
        self.certificates.iter().copied().max_by_key(|c| c.level)
    }

    /// Year the level was first certified.
    #[must_use]
    pub fn certified_year(&self, level: Level) -> Option<i32> {
        self.certificates
            .iter()
            .find(|c| c.level == level)
            .map(|c| c.year)
    }

    /// Carried subjects still valid in sitting year `year`.
    pub fn carried_at(&self, year: i32) -> impl Iterator<Item = &CarriedSubject> {
        self.carried
            .iter()
            .filter(move |c| c.valid_through_year >= year)
    }
}

/// Whether a score passes under `cfg`.
#[must_use]
pub fn passes(score: f64, cfg: &RuleConfig) -> bool {
    score >= cfg.pass_line
}

fn subject_slot(s: Subject) -> usize {
    match s {
        Subject::Comprehensive => 0,
        Subject::Practice => 1,
        Subject::LawPolicy => 2,
        Subject::Review => 3,
    }
}

fn level_slot(l: Level) -> usize {
    match l {
        Level::Assistant => 0,
        Level::Intermediate => 1,
        Level::Senior => 2,
    }
}

/// First sitting year the rules track; earlier or much later years are ignored
/// (the exam started in 2008; imports accept 2008–2100).
pub const FIRST_TRACKED_YEAR: i32 = 2000;

/// Last sitting year the rules track.
pub const LAST_TRACKED_YEAR: i32 = FIRST_TRACKED_YEAR + 127;

/// Pass years of one level and subject as bits (bit k = year FIRST_TRACKED_YEAR + k):
/// no allocation, and "a pass valid in year Y" is one mask test.
type YearBits = u128;

fn year_bit(year: i32) -> Option<YearBits> {
    (FIRST_TRACKED_YEAR..=LAST_TRACKED_YEAR)
        .contains(&year)
        .then(|| 1u128 << (year - FIRST_TRACKED_YEAR))
}

/// Bits of the `w` years ending with `year` (inclusive).
fn window_mask(year: i32, w: i32) -> YearBits {
    let hi = year - FIRST_TRACKED_YEAR;
    let lo = (hi - w + 1).max(0);
    if hi < 0 {
        return 0;
    }
    let upto = if hi >= 127 {
        u128::MAX
    } else {
        (1u128 << (hi + 1)) - 1
    };
    upto & !((1u128 << lo) - 1)
}

fn last_year(bits: YearBits) -> Option<i32> {
    (bits != 0).then(|| FIRST_TRACKED_YEAR + 127 - bits.leading_zeros() as i32)
}

/// The certification state of one person from their attempts (any order; other
/// people's attempts, subjects a level does not have and years outside
/// [`FIRST_TRACKED_YEAR`]..=[`LAST_TRACKED_YEAR`] are ignored).
#[must_use]
pub fn status_of<'a, I>(attempts: I, cfg: &RuleConfig) -> CertStatus
where
    I: IntoIterator<Item = &'a ExamAttempt>,
{
    let mut pass_years: [[YearBits; 4]; 3] = [[0; 4]; 3];
    for a in attempts {
        if passes(a.score, cfg)
            && a.level.subjects().contains(&a.subject)
            && let Some(bit) = year_bit(a.year)
        {
            pass_years[level_slot(a.level)][subject_slot(a.subject)] |= bit;
        }
    }
    let mut out = CertStatus::default();
    for level in Level::ALL {
        if let Some(year) = first_certification(level, &pass_years[level_slot(level)]) {
            out.certificates.push(Certificate { level, year });
        }
    }
    let top = out.highest().map(|c| c.level);
    for level in Level::ALL {
        if top.is_some_and(|t| level <= t) {
            continue;
        }
        let years = &pass_years[level_slot(level)];
        for &subject in level.subjects() {
            // The review is the last step, never carried on its own.
            if subject == Subject::Review {
                continue;
            }
            if let Some(passed_year) = last_year(years[subject_slot(subject)]) {
                out.carried.push(CarriedSubject {
                    subject,
                    level,
                    passed_year,
                    valid_through_year: passed_year + window_years(level) - 1,
                });
            }
        }
    }
    out
}

/// First sitting year in which every subject of `level` holds a valid pass.
fn first_certification(level: Level, years: &[YearBits; 4]) -> Option<i32> {
    let w = window_years(level);
    let (mut candidates, needed): (YearBits, &[Subject]) = if level == Level::Senior {
        // The review must follow an exam pass that is still valid.
        (years[subject_slot(Subject::Review)], &[Subject::Practice])
    } else {
        (
            level
                .subjects()
                .iter()
                .fold(0, |acc, &s| acc | years[subject_slot(s)]),
            level.subjects(),
        )
    };
    while candidates != 0 {
        let y = FIRST_TRACKED_YEAR + candidates.trailing_zeros() as i32;
        let mask = window_mask(y, w);
        if needed.iter().all(|&s| years[subject_slot(s)] & mask != 0) {
            return Some(y);
        }
        candidates &= candidates - 1;
    }
    None
}

/// Statuses of many people at once, keyed by person id; attempts of one person
/// may be spread anywhere in the slice.
#[must_use]
pub fn statuses_by_person<'a>(
    attempts: &'a [ExamAttempt],
    cfg: &RuleConfig,
) -> HashMap<&'a str, CertStatus> {
    let mut grouped: HashMap<&str, Vec<&ExamAttempt>> = HashMap::new();
    for a in attempts {
        grouped.entry(a.person.as_str()).or_default().push(a);
    }
    grouped
        .into_iter()
        .map(|(id, list)| (id, status_of(list, cfg)))
        .collect()
}

/// Statuses of every person of a roster, in the roster's people order.
#[must_use]
pub fn roster_statuses(roster: &super::doc::Roster, cfg: &RuleConfig) -> Vec<CertStatus> {
    let index = roster.id_index();
    let grouped = super::doc::Grouped::new(roster.people.len(), &roster.attempts, |a| {
        index.get(a.person.as_str()).copied()
    });
    (0..roster.people.len())
        .map(|i| status_of(grouped.of(i).iter().map(|&k| &roster.attempts[k]), cfg))
        .collect()
}

/// Whether a person may sit a level at one year's sitting, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eligibility {
    /// May sit.
    pub eligible: bool,
    /// Years of social-work service the person's path requires (None if no
    /// path is open: education, or a level already held).
    pub required_years: Option<u32>,
    /// Full years of service by 31 December of the sitting year, counted as
    /// the path counts them (since the earlier certificate where it asks one).
    pub service_years: u32,
    /// Why not, if not.
    pub refusal: Option<Refusal>,
    /// Explanation in English.
    pub reason_en: String,
    /// Explanation in Chinese.
    pub reason_zh: String,
}

impl Eligibility {
    /// The explanation in `lang`.
    #[must_use]
    pub fn reason(&self, lang: super::text::Language) -> &str {
        lang.pick(&self.reason_en, &self.reason_zh)
    }

    /// The machine-readable reason (see [`Refusal::code`]), if not eligible.
    #[must_use]
    pub fn code(&self) -> Option<&'static str> {
        self.refusal.as_ref().map(Refusal::code)
    }
}

/// Month number of the first whole month from `day` on.
fn first_whole_month(day: Date) -> i32 {
    day.month_number() + i32::from(day.day > 1)
}

/// Month number after the last whole month up to and including `day`.
fn end_of_whole_months(day: Date) -> i32 {
    if day.day >= super::date::days_in_month(day.year, day.month) {
        day.month_number() + 1
    } else {
        day.month_number()
    }
}

/// A person as the national rules see them: education, major, social-work
/// service from `sw_start_date` (else the hire date; a month begun counts
/// from the next whole month) until they left (if they left), and the
/// certificates of `status`.
#[must_use]
pub fn service_for_sitting(
    person: &Person,
    status: &CertStatus,
    year: i32,
    cfg: &RuleConfig,
) -> ServiceAtCutoff {
    let certificates: Vec<(Level, i32)> = status
        .certificates
        .iter()
        .map(|c| (c.level, c.year))
        .collect();
    let candidate = Candidate {
        education: person.education,
        major: person.major,
        service_from_month: person
            .sw_start_date
            .or(person.hire_date)
            .map(first_whole_month),
        service_until_month: person.exit_date().map(end_of_whole_months),
        certificates: &certificates,
    };
    eligibility::service_at_cutoff(&candidate, year, &cfg.calendar())
}

/// Eligibility to sit `level` at the sitting of `year` under the national
/// rules ([`crate::model::eligibility`]): education, major, service by 31
/// December of `year` and, where the path asks, service since an earlier
/// certificate (in effect from the results month of its sitting).
/// `status` is the person's certification state.
#[must_use]
pub fn eligibility(
    person: &Person,
    level: Level,
    year: i32,
    status: &CertStatus,
    cfg: &RuleConfig,
) -> Eligibility {
    let service = service_for_sitting(person, status, year, cfg);
    let total = service.total_months.unwrap_or(0);
    let counted = |r: &Requirement| match r.counted_from {
        CountedFrom::ServiceStart => total,
        CountedFrom::Certificate(l) => service.since_certificate_months[l.index()].unwrap_or(0),
    };
    match eligibility::judge(level, person.education, person.major, &service) {
        Ok(r) => Eligibility {
            eligible: true,
            required_years: Some(r.service_years),
            service_years: counted(&r) / 12,
            refusal: None,
            reason_en: eligibility::describe(r, counted(&r), false),
            reason_zh: eligibility::describe(r, counted(&r), true),
        },
        Err(refusal) => Eligibility {
            eligible: false,
            required_years: match refusal {
                Refusal::Service { requirement, .. } => Some(requirement.service_years),
                Refusal::ServiceStartMissing { required_years } => Some(required_years),
                Refusal::CertificateMissing { .. } => {
                    eligibility::requirement(level, person.education, person.major)
                        .map(|r| r.service_years)
                }
                Refusal::AlreadyCertified { .. } | Refusal::Education { .. } => None,
            },
            service_years: match refusal {
                Refusal::Service { has_months, .. } => has_months / 12,
                _ => total / 12,
            },
            refusal: Some(refusal),
            reason_en: refusal.message(false),
            reason_zh: refusal.message(true),
        },
    }
}

/// Registration of the highest certificate on a given day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RegistrationState {
    /// No certificate, nothing to register.
    NotCertified,
    /// Certified, not yet registered; first registration due by `deadline`.
    Unregistered {
        /// Last day to register.
        deadline: Date,
    },
    /// Registered and valid.
    Registered {
        /// Level registered.
        level: Level,
        /// Start of the current registration period.
        since: Date,
        /// Last day of validity; renew before it.
        valid_until: Date,
        /// Continuing-education hours recorded in the current period so far.
        ce_hours: f64,
        /// Hours required by the end of the period.
        ce_hours_required: f64,
    },
    /// The certificate lapsed: not registered in time or not renewed.
    Lapsed {
        /// Day it lapsed.
        since: Date,
    },
}

/// Registration state of a person on `today`, from their certification status,
/// registrations and continuing-education records (others' records are ignored).
#[must_use]
pub fn registration_state(
    person_id: &str,
    status: &CertStatus,
    registrations: &[&Registration],
    ce: &[&ContinuingEducation],
    today: Date,
    cfg: &RuleConfig,
) -> RegistrationState {
    let Some(cert) = status.highest() else {
        return RegistrationState::NotCertified;
    };
    let cert_date = cfg.certificate_date(cert.year);
    if today < cert_date {
        return RegistrationState::NotCertified;
    }
    let latest = registrations
        .iter()
        .filter(|r| {
            r.person == person_id && r.level == cert.level && r.date >= cert_date && r.date <= today
        })
        .map(|r| r.date)
        .max();
    let valid_months = cfg.registration_valid_months as i32;
    match latest {
        None => {
            let deadline = cert_date.add_months(cfg.registration_window_months as i32);
            if today <= deadline {
                RegistrationState::Unregistered { deadline }
            } else {
                RegistrationState::Lapsed { since: deadline }
            }
        }
        Some(since) => {
            let valid_until = since.add_months(valid_months);
            if today > valid_until {
                return RegistrationState::Lapsed { since: valid_until };
            }
            let ce_hours = ce
                .iter()
                .filter(|c| c.person == person_id && c.date >= since && c.date <= today)
                .map(|c| c.hours)
                .sum();
            RegistrationState::Registered {
                level: cert.level,
                since,
                valid_until,
                ce_hours,
                ce_hours_required: cfg.ce_hours_required(cert.level),
            }
        }
    }
}

/// The local "certify within N months of hire" rule for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineState {
    /// No rule, or no hire date.
    NotApplicable,
    /// Certified in time.
    Met,
    /// Not certified yet; the deadline is ahead.
    Due {
        /// Deadline.
        deadline: Date,
    },
    /// Not certified by the deadline, and still not certified.
    Overdue {
        /// Deadline.
        deadline: Date,
    },
    /// Certified, but after the deadline (missed, no longer actionable).
    MetLate {
        /// Deadline.
        deadline: Date,
        /// Day the first certificate counts from.
        certified: Date,
    },
}

/// State of the "certify within N months" rule on `today`.
#[must_use]
pub fn certify_deadline(
    person: &Person,
    status: &CertStatus,
    today: Date,
    cfg: &RuleConfig,
) -> DeadlineState {
    let (Some(months), Some(hire)) = (cfg.certify_within_months, person.hire_date) else {
        return DeadlineState::NotApplicable;
    };
    let deadline = hire.add_months(months as i32);
    let first_cert = status
        .certificates
        .iter()
        .map(|c| cfg.certificate_date(c.year))
        .min();
    match first_cert {
        Some(d) if d <= deadline && d <= today => DeadlineState::Met,
        Some(certified) if certified <= today => DeadlineState::MetLate {
            deadline,
            certified,
        },
        _ if today > deadline => DeadlineState::Overdue { deadline },
        _ => DeadlineState::Due { deadline },
    }
}
