//! The data behind the trainer's views, computed without any GUI: the roster
//! table (filter, sort, search over precomputed rows so a view of 100,000
//! people only re-queries on change), a person's timeline, a cohort's funnel
//! and hours per module, and reminders that each point to a person.

use super::date::Date;
use super::doc::{Employment, Level, Person, Roster, Subject, TrackId};
use super::rules::{
    self, CertStatus, DeadlineState, RegistrationState, RuleConfig, certify_deadline, passes,
    registration_state,
};
use super::text::{Language, hours_text};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Share of a module's planned hours a trainee must attend to complete it.
pub const DEFAULT_COMPLETION_SHARE: f64 = 0.8;

/// Days ahead that deadlines and expiries are reminded.
pub const REMINDER_HORIZON_DAYS: i64 = 90;

/// Employment status shown in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StatusFilter {
    /// In post or in training.
    Active,
    /// Left.
    Exited,
}

/// One row of the roster table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterRow {
    /// Index into `Roster::people`.
    pub index: usize,
    /// Person id.
    pub person_id: String,
    /// Name.
    pub name: String,
    /// Township id.
    pub township: String,
    /// Township display name.
    pub township_name: String,
    /// Village.
    pub village: String,
    /// Track id.
    pub track: TrackId,
    /// Highest certificate.
    pub level: Option<Level>,
    /// Year of the highest certificate.
    pub certified_year: Option<i32>,
    /// Employment status.
    pub status: StatusFilter,
    /// Hire date.
    pub hire_date: Option<Date>,
    /// Indices into `Roster::cohorts` of the cohorts the person is enrolled in.
    pub cohorts: Vec<usize>,
    /// The level above the highest certificate held, when the national
    /// rules let the person sit it at the sitting of the year the table was
    /// judged for ([`RosterTable::judge_next_level`]); `None` otherwise.
    #[serde(default)]
    pub next_level_open: Option<Level>,
    /// The day a person in post not yet certified on the judged day must be
    /// certified by (due or overdue; [`RosterTable::judge_deadlines`]).
    #[serde(default)]
    pub certify_by: Option<Date>,
    #[serde(skip)]
    search_key: String,
}

/// Filter of the roster table; `None` / empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFilter {
    /// Township id.
    pub township: Option<String>,
    /// Cohort id.
    pub cohort: Option<String>,
    /// Track id.
    pub track: Option<TrackId>,
    /// Employment status.
    pub status: Option<StatusFilter>,
    /// Highest certificate held: `Some(None)` for the uncertified,
    /// `Some(Some(level))` for one level.
    #[serde(default)]
    pub certificate: Option<Option<Level>>,
    /// The next level the person may sit at this year's sitting.
    #[serde(default)]
    pub next_level_open: Option<Level>,
    /// The calendar year of the certification deadline (people not yet
    /// certified, due or overdue).
    #[serde(default)]
    pub certify_by_year: Option<i32>,
    /// Case-insensitive text matched against name and id.
    pub search: String,
}

/// Column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    /// Person id.
    Id,
    /// Name.
    Name,
    /// Township name.
    Township,
    /// Track.
    Track,
    /// Highest certificate (none first).
    Level,
    /// Hire date (unknown first).
    HireDate,
    /// Employment status.
    Status,
}

/// Precomputed rows of a roster; queries return row indices to draw.
///
/// Build once per roster change (about 150 ms for 100,000 people, so off the
/// frame, e.g. when the roster loads), query once per filter or sort change
/// (a few milliseconds for 100,000 people), and draw only the visible slice
/// of the returned indices each frame.
#[derive(Debug, Clone, Default)]
pub struct RosterTable {
    rows: Vec<RosterRow>,
    cohort_ids: Vec<String>,
    /// Rank of each row by id, name and township name (ties share a rank),
    /// so a query sorts integers, not strings.
    id_rank: Vec<u32>,
    name_rank: Vec<u32>,
    township_rank: Vec<u32>,
    /// Rank of each row by track id.
    track_rank: Vec<u32>,
}

fn ranks<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> Vec<u32> {
    let keys: Vec<K> = (0..n).map(&key).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    let mut rank = vec![0u32; n];
    let mut r = 0u32;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && keys[order[k - 1]] != keys[i] {
            r += 1;
        }
        rank[i] = r;
    }
    rank
}

impl RosterTable {
    /// Builds rows from a roster and its statuses (see [`rules::roster_statuses`]).
    #[must_use]
    pub fn build(roster: &Roster, statuses: &[CertStatus]) -> Self {
        let names: HashMap<&str, &str> = roster
            .townships
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect();
        let index: HashMap<&str, usize> = roster
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut cohorts: Vec<Vec<usize>> = vec![Vec::new(); roster.people.len()];
        for (c, cohort) in roster.cohorts.iter().enumerate() {
            for id in &cohort.enrolled {
                if let Some(&i) = index.get(id.as_str()) {
                    cohorts[i].push(c);
                }
            }
        }
        let rows = roster
            .people
            .iter()
            .zip(cohorts)
            .enumerate()
            .map(|(i, (p, cohorts))| {
                let top = statuses.get(i).and_then(CertStatus::highest);
                RosterRow {
                    index: i,
                    person_id: p.id.clone(),
                    name: p.name.clone(),
                    township: p.township.clone(),
                    township_name: names
                        .get(p.township.as_str())
                        .map_or_else(|| p.township.clone(), |n| (*n).to_string()),
                    village: p.village.clone(),
                    track: p.track.clone(),
                    level: top.map(|c| c.level),
                    certified_year: top.map(|c| c.year),
                    status: match p.employment {
                        Employment::Active => StatusFilter::Active,
                        Employment::Exited { .. } => StatusFilter::Exited,
                    },
                    hire_date: p.hire_date,
                    cohorts,
                    next_level_open: None,
                    certify_by: None,
                    search_key: format!("{}\u{1f}{}", p.name.to_lowercase(), p.id.to_lowercase()),
                }
            })
            .collect::<Vec<RosterRow>>();
        let n = rows.len();
        Self {
            id_rank: ranks(n, |i| rows[i].person_id.as_str()),
            name_rank: ranks(n, |i| rows[i].name.as_str()),
            township_rank: ranks(n, |i| rows[i].township_name.as_str()),
            track_rank: ranks(n, |i| rows[i].track.id()),
            rows,
            cohort_ids: roster.cohorts.iter().map(|c| c.id.clone()).collect(),
        }
    }

    /// All rows, in roster order.
    #[must_use]
    pub fn rows(&self) -> &[RosterRow] {
        &self.rows
    }

    /// Judges, for each person in post, whether the national rules let
    /// them sit the level above their highest certificate at the sitting of
    /// `year` (for the "may sit next" filter).
    pub fn judge_next_level(
        &mut self,
        roster: &Roster,
        statuses: &[CertStatus],
        year: i32,
        cfg: &RuleConfig,
    ) {
        for row in &mut self.rows {
            row.next_level_open = None;
            if row.status != StatusFilter::Active {
                continue;
            }
            let next = match row.level {
                None => Level::Assistant,
                Some(Level::Assistant) => Level::Intermediate,
                Some(Level::Intermediate) => Level::Senior,
                Some(Level::Senior) => continue,
            };
            let (Some(person), Some(status)) =
                (roster.people.get(row.index), statuses.get(row.index))
            else {
                continue;
            };
            if rules::eligibility(person, next, year, status, cfg).eligible {
                row.next_level_open = Some(next);
            }
        }
    }

    /// Judges, for each person in post not yet certified on `today`, the
    /// day they must be certified by (due or overdue), for the
    /// deadline-year filter.
    pub fn judge_deadlines(
        &mut self,
        roster: &Roster,
        statuses: &[CertStatus],
        today: Date,
        cfg: &RuleConfig,
    ) {
        for row in &mut self.rows {
            row.certify_by = None;
            if row.status != StatusFilter::Active {
                continue;
            }
            let (Some(person), Some(status)) =
                (roster.people.get(row.index), statuses.get(row.index))
            else {
                continue;
            };
            row.certify_by = match certify_deadline(person, status, today, cfg) {
                DeadlineState::Due { deadline } | DeadlineState::Overdue { deadline } => {
                    Some(deadline)
                }
                _ => None,
            };
        }
    }

    /// The calendar years of the certification deadlines in the table,
    /// ascending (the deadline-year filter's choices).
    #[must_use]
    pub fn deadline_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .rows
            .iter()
            .filter_map(|r| r.certify_by.map(|d| d.year))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Indices (into [`RosterTable::rows`]) of matching rows, sorted; ties keep id order.
    #[must_use]
    pub fn query(&self, filter: &RosterFilter, sort: SortKey, descending: bool) -> Vec<usize> {
        let cohort = filter
            .cohort
            .as_ref()
            .map(|id| self.cohort_ids.iter().position(|c| c == id));
        let needle = filter.search.trim().to_lowercase();
        let hits: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                filter.township.as_ref().is_none_or(|t| *t == r.township)
                    && filter.track.as_ref().is_none_or(|t| *t == r.track)
                    && filter.status.is_none_or(|s| s == r.status)
                    && filter.certificate.is_none_or(|l| l == r.level)
                    && filter
                        .next_level_open
                        .is_none_or(|l| r.next_level_open == Some(l))
                    && filter
                        .certify_by_year
                        .is_none_or(|y| r.certify_by.is_some_and(|d| d.year == y))
                    && cohort.is_none_or(|c| c.is_some_and(|c| r.cohorts.contains(&c)))
                    && (needle.is_empty() || r.search_key.contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        let primary = |i: usize| -> u32 {
            let r = &self.rows[i];
            match sort {
                SortKey::Id => 0,
                SortKey::Name => self.name_rank[i],
                SortKey::Township => self.township_rank[i],
                SortKey::Track => self.track_rank[i],
                SortKey::Level => r.level.map_or(0, |l| l as u32 + 1),
                SortKey::HireDate => r.hire_date.map_or(0, |d| {
                    u32::try_from(d.day_number() + 1_000_000).unwrap_or(0)
                }),
                SortKey::Status => r.status as u32,
            }
        };
        // Keys computed once; ids are unique, so the order is total and stable.
        let mut keyed: Vec<(u64, usize)> = hits
            .iter()
            .map(|&i| {
                (
                    (u64::from(primary(i)) << 32) | u64::from(self.id_rank[i]),
                    i,
                )
            })
            .collect();
        keyed.sort_unstable();
        if descending {
            keyed.reverse();
        }
        let hits: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
        hits
    }
}

/// What a timeline event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventKind {
    /// Started social work.
    StartedSocialWork,
    /// Hired into the current post.
    Hired,
    /// Enrolled in a cohort.
    Enrolled,
    /// Hours attended in a module.
    Hours,
    /// Sat a subject.
    Attempt,
    /// Earned a certificate.
    Certified,
    /// Registered the certificate.
    Registered,
    /// Continuing education.
    ContinuingEducation,
    /// Certification deadline of the local rule.
    Deadline,
    /// Left the post.
    Exited,
}

/// One dated event of a person's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// Day (exam events use the sitting month, certificates the results month).
    pub date: Date,
    /// Kind.
    pub kind: EventKind,
    /// Description in English.
    pub text_en: String,
    /// Description in Chinese.
    pub text_zh: String,
}

impl TimelineEvent {
    /// The description in `lang`.
    #[must_use]
    pub fn text(&self, lang: Language) -> &str {
        lang.pick(&self.text_en, &self.text_zh)
    }
}

fn level_zh(l: Level) -> &'static str {
    l.name_zh()
}

fn subject_zh(s: Subject) -> &'static str {
    s.name_zh()
}

/// The timeline of one person, oldest first; `None` if the id is unknown.
#[must_use]
pub fn person_timeline(
    roster: &Roster,
    person_id: &str,
    cfg: &RuleConfig,
) -> Option<Vec<TimelineEvent>> {
    let person = roster.people.iter().find(|p| p.id == person_id)?;
    let mut ev = Vec::new();
    let mut push = |date: Date, kind: EventKind, en: String, zh: String| {
        ev.push(TimelineEvent {
            date,
            kind,
            text_en: en,
            text_zh: zh,
        });
    };
    if let Some(d) = person.sw_start_date {
        push(
            d,
            EventKind::StartedSocialWork,
            "started social work".into(),
            "开始从事社会工作".into(),
        );
    }
    if let Some(d) = person.hire_date {
        let town = roster
            .townships
            .iter()
            .find(|t| t.id == person.township)
            .map_or(person.township.as_str(), |t| t.name.as_str());
        push(
            d,
            EventKind::Hired,
            format!("hired at {town}"),
            format!("入职{town}"),
        );
    }
    for c in &roster.cohorts {
        if !c.enrolled.iter().any(|e| e == person_id) {
            continue;
        }
        push(
            c.start_date,
            EventKind::Enrolled,
            format!("enrolled in {}", c.name),
            format!("参加{}", c.name),
        );
        for phase in &c.phases {
            for m in &phase.modules {
                let hours: f64 = c
                    .attendance
                    .iter()
                    .filter(|a| a.person == person_id && a.module == m.id)
                    .map(|a| a.hours)
                    .sum();
                let (done, planned) = (hours_text(hours), hours_text(m.planned_hours));
                push(
                    c.start_date,
                    EventKind::Hours,
                    format!("{}: {done} of {planned} h", m.name),
                    format!("{}：{done}/{planned}学时", m.name),
                );
            }
        }
    }
    let mine: Vec<_> = roster
        .attempts
        .iter()
        .filter(|a| a.person == person_id)
        .collect();
    for a in &mine {
        let ok = passes(a.score, cfg);
        push(
            Date {
                year: a.year,
                month: cfg.sitting_month.clamp(1, 12),
                day: 1,
            },
            EventKind::Attempt,
            format!(
                "{} {}: {} ({})",
                a.level.id(),
                a.subject.id(),
                a.score,
                if ok { "passed" } else { "failed" }
            ),
            format!(
                "{}{}：{}分（{}）",
                level_zh(a.level),
                subject_zh(a.subject),
                a.score,
                if ok { "通过" } else { "未通过" }
            ),
        );
    }
    let status = rules::status_of(mine.iter().copied(), cfg);
    for c in &status.certificates {
        push(
            cfg.certificate_date(c.year),
            EventKind::Certified,
            format!("certified {}", c.level.id()),
            format!("取得{}证书", level_zh(c.level)),
        );
    }
    for r in roster
        .registrations
        .iter()
        .filter(|r| r.person == person_id)
    {
        push(
            r.date,
            EventKind::Registered,
            format!("registered {}", r.level.id()),
            format!("登记{}", level_zh(r.level)),
        );
    }
    for c in roster
        .continuing_education
        .iter()
        .filter(|c| c.person == person_id)
    {
        push(
            c.date,
            EventKind::ContinuingEducation,
            format!(
                "continuing education {} h: {}",
                hours_text(c.hours),
                c.topic
            ),
            format!("继续教育{}学时：{}", hours_text(c.hours), c.topic),
        );
    }
    if let (Some(months), Some(hire)) = (cfg.certify_within_months, person.hire_date) {
        push(
            hire.add_months(months as i32),
            EventKind::Deadline,
            format!("certification deadline ({months} months after hire)"),
            format!("取证期限（入职后{months}个月）"),
        );
    }
    if let Employment::Exited { date, reason } = &person.employment {
        push(
            *date,
            EventKind::Exited,
            format!("left: {reason}"),
            format!("离职：{reason}"),
        );
    }
    ev.sort_by_key(|e| (e.date, e.kind));
    Some(ev)
}

/// One step of a cohort funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStep {
    /// Label in English.
    pub label_en: String,
    /// Label in Chinese.
    pub label_zh: String,
    /// People at this step.
    pub count: usize,
}

impl FunnelStep {
    /// The label in `lang`.
    #[must_use]
    pub fn label(&self, lang: Language) -> &str {
        lang.pick(&self.label_en, &self.label_zh)
    }
}

/// Hours of one module over a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleHours {
    /// Phase name.
    pub phase: String,
    /// Module id.
    pub module: String,
    /// Module name.
    pub name: String,
    /// Planned hours per trainee.
    pub planned_hours: f64,
    /// Hours attended, all trainees.
    pub attended_hours: f64,
    /// Mean hours attended per enrolled trainee.
    pub mean_hours_per_trainee: f64,
    /// Trainees who completed the module.
    pub completed: usize,
}

/// Progress of a cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortFunnel {
    /// Cohort id.
    pub cohort: String,
    /// Enrolled → completed each phase → sat → passed each subject → certified.
    pub steps: Vec<FunnelStep>,
    /// Hours per module.
    pub modules: Vec<ModuleHours>,
    /// Ids of the people who sat the exam without completing every phase,
    /// sorted: then more sit than finished the course, and the view says
    /// why (the exam does not require the course, or their hours were not
    /// all recorded) rather than showing a funnel that widens.
    pub sat_without_completing: Vec<String>,
}

/// The funnel of a cohort; `None` if the id is unknown. A phase counts as
/// completed when every module of it and of all earlier phases reached
/// `completion_share` of its planned hours. Exam steps count results at the
/// cohort's target level from its start year on.
#[must_use]
pub fn cohort_funnel(
    roster: &Roster,
    cohort_id: &str,
    cfg: &RuleConfig,
    completion_share: f64,
) -> Option<CohortFunnel> {
    let c = roster.cohorts.iter().find(|c| c.id == cohort_id)?;
    let enrolled: Vec<&str> = {
        let mut v: Vec<&str> = c.enrolled.iter().map(String::as_str).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut hours: HashMap<(&str, &str), f64> = HashMap::new();
    for a in &c.attendance {
        *hours
            .entry((a.person.as_str(), a.module.as_str()))
            .or_default() += a.hours;
    }
    let done = |p: &str, m: &super::doc::Module| {
        hours.get(&(p, m.id.as_str())).copied().unwrap_or(0.0) >= m.planned_hours * completion_share
    };
    let mut steps = vec![FunnelStep {
        label_en: "enrolled".into(),
        label_zh: "报名".into(),
        count: enrolled.len(),
    }];
    let mut still: Vec<&str> = enrolled.clone();
    let mut modules = Vec::new();
    for phase in &c.phases {
        still.retain(|p| phase.modules.iter().all(|m| done(p, m)));
        steps.push(FunnelStep {
            label_en: format!("completed {}", phase.name),
            label_zh: format!("完成{}", phase.name),
            count: still.len(),
        });
        for m in &phase.modules {
            let attended: f64 = enrolled
                .iter()
                .map(|p| hours.get(&(*p, m.id.as_str())).copied().unwrap_or(0.0))
                .sum();
            modules.push(ModuleHours {
                phase: phase.name.clone(),
                module: m.id.clone(),
                name: m.name.clone(),
                planned_hours: m.planned_hours,
                attended_hours: attended,
                mean_hours_per_trainee: if enrolled.is_empty() {
                    0.0
                } else {
                    attended / enrolled.len() as f64
                },
                completed: enrolled.iter().filter(|p| done(p, m)).count(),
            });
        }
    }
    let level = c.target_level;
    let from = c.start_date.year;
    let in_cohort: std::collections::HashSet<&str> = enrolled.iter().copied().collect();
    let mut attempts: HashMap<&str, Vec<&super::doc::ExamAttempt>> = HashMap::new();
    for a in &roster.attempts {
        if in_cohort.contains(a.person.as_str()) {
            attempts.entry(a.person.as_str()).or_default().push(a);
        }
    }
    let relevant = |p: &str| {
        attempts
            .get(p)
            .into_iter()
            .flatten()
            .filter(move |a| a.level == level && a.year >= from)
    };
    let sat: Vec<&str> = enrolled
        .iter()
        .copied()
        .filter(|p| relevant(p).next().is_some())
        .collect();
    // `still` holds who completed every phase, in id order like `sat`.
    let sat_without_completing = sat
        .iter()
        .filter(|p| still.binary_search(p).is_err())
        .map(|p| (*p).to_string())
        .collect();
    steps.push(FunnelStep {
        label_en: "sat the exam".into(),
        label_zh: "参加考试".into(),
        count: sat.len(),
    });
    for &s in level.subjects() {
        steps.push(FunnelStep {
            label_en: format!("passed {}", s.id()),
            label_zh: format!("通过{}", subject_zh(s)),
            count: enrolled
                .iter()
                .filter(|p| relevant(p).any(|a| a.subject == s && passes(a.score, cfg)))
                .count(),
        });
    }
    steps.push(FunnelStep {
        label_en: format!("certified {}", level.id()),
        label_zh: format!("取得{}证书", level_zh(level)),
        count: enrolled
            .iter()
            .filter(|p| {
                let st = rules::status_of(attempts.get(*p).into_iter().flatten().copied(), cfg);
                st.certified_year(level).is_some_and(|y| y >= from)
            })
            .count(),
    });
    Some(CohortFunnel {
        cohort: c.id.clone(),
        steps,
        modules,
        sat_without_completing,
    })
}

/// Kind of reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReminderKind {
    /// A passed subject counts for the last time at this year's sitting.
    SubjectExpiring,
    /// The local certify-within deadline falls within the horizon.
    CertifyDeadline,
    /// The local certify-within deadline has passed.
    CertifyOverdue,
    /// The first registration is due within the horizon.
    RegistrationDue,
    /// The registration expires within the horizon.
    RegistrationExpiring,
    /// The certificate lapsed (not registered or not renewed).
    RegistrationLapsed,
    /// Continuing-education hours of the current period fall short.
    ContinuingEducationShortfall,
}

impl ReminderKind {
    /// Every kind, in order.
    pub const ALL: [ReminderKind; 7] = [
        ReminderKind::SubjectExpiring,
        ReminderKind::CertifyDeadline,
        ReminderKind::CertifyOverdue,
        ReminderKind::RegistrationDue,
        ReminderKind::RegistrationExpiring,
        ReminderKind::RegistrationLapsed,
        ReminderKind::ContinuingEducationShortfall,
    ];
}

/// A reminder about one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    /// Index into `Roster::people`.
    pub person_index: usize,
    /// Person id.
    pub person_id: String,
    /// Kind.
    pub kind: ReminderKind,
    /// Day by which to act (or on which it happened).
    pub due: Date,
    /// The level it concerns: the subject's level, or the certificate to
    /// register or renew; `None` for a certification deadline.
    #[serde(default)]
    pub level: Option<Level>,
    /// Text in English.
    pub text_en: String,
    /// Text in Chinese.
    pub text_zh: String,
}

impl Reminder {
    /// The text in `lang`.
    #[must_use]
    pub fn text(&self, lang: Language) -> &str {
        lang.pick(&self.text_en, &self.text_zh)
    }
}

/// Reminders for people in post on `today`, sorted by due date, kind,
/// person id: what falls due within [`REMINDER_HORIZON_DAYS`], and what is
/// already overdue or lapsed.
#[must_use]
pub fn reminders(
    roster: &Roster,
    statuses: &[CertStatus],
    cfg: &RuleConfig,
    today: Date,
) -> Vec<Reminder> {
    let until = Date::from_day_number(today.day_number() + REMINDER_HORIZON_DAYS).unwrap_or(today);
    reminders_until(roster, statuses, cfg, today, until)
}

/// Reminders for people in post on `today`, sorted by due date, kind,
/// person id: what falls due up to `until` (inclusive), and what is
/// already overdue or lapsed.
#[must_use]
pub fn reminders_until(
    roster: &Roster,
    statuses: &[CertStatus],
    cfg: &RuleConfig,
    today: Date,
    until: Date,
) -> Vec<Reminder> {
    let index = roster.id_index();
    let n = roster.people.len();
    let regs = super::doc::Grouped::new(n, &roster.registrations, |r| {
        index.get(r.person.as_str()).copied()
    });
    let ce = super::doc::Grouped::new(n, &roster.continuing_education, |c| {
        index.get(c.person.as_str()).copied()
    });
    let sitting = Date {
        year: today.year,
        month: cfg.sitting_month.clamp(1, 12),
        day: 1,
    };
    let results = cfg.certificate_date(today.year);
    let mut out = Vec::new();
    for (i, (p, st)) in roster.people.iter().zip(statuses).enumerate() {
        if p.exit_date().is_some_and(|d| d < today) {
            continue;
        }
        let held = st.highest().map(|c| c.level);
        let mut add = |kind, due: Date, level: Option<Level>, en: String, zh: String| {
            out.push(Reminder {
                person_index: i,
                person_id: p.id.clone(),
                kind,
                due,
                level,
                text_en: en,
                text_zh: zh,
            });
        };
        if today < results {
            for c in st
                .carried
                .iter()
                .filter(|c| c.valid_through_year == today.year && c.level != Level::Assistant)
            {
                add(
                    ReminderKind::SubjectExpiring,
                    sitting,
                    Some(c.level),
                    format!(
                        "{} {} passed {} counts for the last time at the {} sitting",
                        c.level.id(),
                        c.subject.id(),
                        c.passed_year,
                        today.year
                    ),
                    format!(
                        "{}年通过的{}{}在{}年考试后失效",
                        c.passed_year,
                        level_zh(c.level),
                        subject_zh(c.subject),
                        today.year
                    ),
                );
            }
        }
        match certify_deadline(p, st, today, cfg) {
            DeadlineState::Due { deadline } if deadline <= until => add(
                ReminderKind::CertifyDeadline,
                deadline,
                None,
                format!("must hold a certificate by {deadline}"),
                format!("须在{deadline}前取得证书"),
            ),
            DeadlineState::Overdue { deadline } => add(
                ReminderKind::CertifyOverdue,
                deadline,
                None,
                format!("certification deadline {deadline} passed"),
                format!("取证期限{deadline}已过"),
            ),
            _ => {}
        }
        if st.certificates.is_empty() {
            continue;
        }
        let r: Vec<&super::doc::Registration> = regs
            .of(i)
            .iter()
            .map(|&k| &roster.registrations[k])
            .collect();
        let c: Vec<&super::doc::ContinuingEducation> = ce
            .of(i)
            .iter()
            .map(|&k| &roster.continuing_education[k])
            .collect();
        push_registration(
            &mut |kind, due, en, zh| add(kind, due, held, en, zh),
            registration_state(&p.id, st, &r, &c, today, cfg),
            until,
        );
    }
    out.sort_by(|a, b| (a.due, a.kind, &a.person_id).cmp(&(b.due, b.kind, &b.person_id)));
    out
}

fn push_registration(
    add: &mut impl FnMut(ReminderKind, Date, String, String),
    state: RegistrationState,
    until: Date,
) {
    match state {
        RegistrationState::Unregistered { deadline } if deadline <= until => add(
            ReminderKind::RegistrationDue,
            deadline,
            format!("register the certificate by {deadline}"),
            format!("须在{deadline}前办理证书登记"),
        ),
        RegistrationState::Lapsed { since } => add(
            ReminderKind::RegistrationLapsed,
            since,
            format!("certificate lapsed on {since}: not registered or not renewed"),
            format!("证书已于{since}失效：未登记或未续期"),
        ),
        RegistrationState::Registered {
            valid_until,
            ce_hours,
            ce_hours_required,
            ..
        } => {
            if valid_until <= until {
                add(
                    ReminderKind::RegistrationExpiring,
                    valid_until,
                    format!("registration expires {valid_until}; renew"),
                    format!("登记将于{valid_until}到期，请续期"),
                );
            }
            if ce_hours < ce_hours_required {
                let short = hours_text(ce_hours_required - ce_hours);
                let (ce_hours, ce_hours_required) =
                    (hours_text(ce_hours), hours_text(ce_hours_required));
                add(
                    ReminderKind::ContinuingEducationShortfall,
                    valid_until,
                    format!(
                        "continuing education {ce_hours} of {ce_hours_required} h; {short} h short before {valid_until}"
                    ),
                    format!(
                        "继续教育{ce_hours}/{ce_hours_required}学时，{valid_until}前还差{short}学时"
                    ),
                );
            }
        }
        _ => {}
    }
}

/// People in post on a day, for counts elsewhere.
pub fn in_post(roster: &Roster, day: Date) -> impl Iterator<Item = (usize, &Person)> {
    roster
        .people
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.in_post_on(day))
}
