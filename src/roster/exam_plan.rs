//! A cohort's exam plan, without any GUI: who of the cohort may sit which
//! subjects at the coming sitting (the national rules, with the reason when
//! not); last year's pass rate of each subject of the cohort's level with
//! its 95 % interval; and how the cohort's exam takers fared by education
//! and by the share of the course's planned hours they attended (the link
//! the phased training relies on).

use super::date::Date;
use super::doc::{Education, Level, Roster, Subject};
use super::plan::{Interval, wilson};
use super::rules::{self, CertStatus, RuleConfig, passes};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One enrolled person's plan for the coming sitting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SittingPlan {
    /// Index into `Roster::people`.
    pub person_index: usize,
    /// Person id.
    pub person_id: String,
    /// May sit the cohort's level at the coming sitting.
    pub eligible: bool,
    /// Subjects still to pass (passes carried from earlier years left out);
    /// empty when the level is already held.
    pub subjects: Vec<Subject>,
    /// Already holds the cohort's level (or a higher one).
    pub certified: bool,
    /// The rule's explanation in English.
    pub reason_en: String,
    /// The rule's explanation in Chinese.
    pub reason_zh: String,
}

/// How many sat and passed, with the 95 % Wilson interval of the rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PassRate {
    /// People who sat.
    pub sat: usize,
    /// People who passed.
    pub passed: usize,
    /// 95 % interval of `passed / sat` (`[0, 1]` when nobody sat).
    pub interval: Interval,
}

impl PassRate {
    fn of(passed: usize, sat: usize) -> Self {
        Self {
            sat,
            passed,
            interval: wilson(passed, sat),
        }
    }

    /// `passed / sat`, `None` when nobody sat.
    #[must_use]
    pub fn rate(&self) -> Option<f64> {
        (self.sat > 0).then(|| self.passed as f64 / self.sat as f64)
    }
}

/// A band of the share of the course's planned hours attended.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HoursBand {
    /// Lowest share of the band (inclusive).
    pub from_share: f64,
    /// Share the band ends before; `None`: no upper end.
    pub to_share: Option<f64>,
}

/// The bands of attended hours: under half, half to the completion share
/// ([`super::views::DEFAULT_COMPLETION_SHARE`]), and from it on.
pub const HOURS_BANDS: [HoursBand; 3] = [
    HoursBand {
        from_share: 0.0,
        to_share: Some(0.5),
    },
    HoursBand {
        from_share: 0.5,
        to_share: Some(super::views::DEFAULT_COMPLETION_SHARE),
    },
    HoursBand {
        from_share: super::views::DEFAULT_COMPLETION_SHARE,
        to_share: None,
    },
];

/// A cohort's exam plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamPlan {
    /// Cohort id.
    pub cohort: String,
    /// Cohort name (what the views show).
    pub name: String,
    /// The level the cohort prepares for.
    pub level: Level,
    /// Year of the coming sitting.
    pub sitting_year: i32,
    /// Enrolled people in post, by id.
    pub people: Vec<SittingPlan>,
    /// The sitting whose pass rates are given (the one before the coming one).
    pub last_year: i32,
    /// Pass rate of each subject of the level among the enrolled who sat it
    /// at `last_year`'s sitting.
    pub last_year_by_subject: Vec<(Subject, PassRate)>,
    /// Among the enrolled who sat the level since the cohort started: how
    /// many were certified at it, by education (educations with nobody left out).
    pub by_education: Vec<(Education, PassRate)>,
    /// The same by share of the planned hours attended ([`HOURS_BANDS`]).
    pub by_hours: Vec<(HoursBand, PassRate)>,
}

/// The coming sitting's year on `today`: this year's if it is still ahead.
#[must_use]
pub fn coming_sitting_year(today: Date, cfg: &RuleConfig) -> i32 {
    let sitting = Date {
        year: today.year,
        month: cfg.sitting_month.clamp(1, 12),
        day: 1,
    };
    if today < sitting {
        today.year
    } else {
        today.year + 1
    }
}

/// Subjects of `level` a person with `status` still has to pass at the
/// sitting of `year`: the level's subjects less passes still valid then;
/// the senior review only once the senior exam is passed.
fn subjects_to_sit(level: Level, status: &CertStatus, year: i32) -> Vec<Subject> {
    let carried: Vec<Subject> = status
        .carried_at(year)
        .filter(|c| c.level == level)
        .map(|c| c.subject)
        .collect();
    match level {
        Level::Senior if carried.contains(&Subject::Practice) => vec![Subject::Review],
        Level::Senior => vec![Subject::Practice],
        _ => level
            .subjects()
            .iter()
            .copied()
            .filter(|s| !carried.contains(s))
            .collect(),
    }
}

/// The exam plan of cohort `cohort_id` on `today`; `None` if the id is unknown.
#[must_use]
pub fn exam_plan(
    roster: &Roster,
    cohort_id: &str,
    statuses: &[CertStatus],
    cfg: &RuleConfig,
    today: Date,
) -> Option<ExamPlan> {
    let c = roster.cohorts.iter().find(|c| c.id == cohort_id)?;
    let index = roster.id_index();
    let mut enrolled: Vec<usize> = c
        .enrolled
        .iter()
        .filter_map(|id| index.get(id.as_str()).copied())
        .collect();
    enrolled.sort_by(|&a, &b| roster.people[a].id.cmp(&roster.people[b].id));
    enrolled.dedup();
    let level = c.target_level;
    let sitting_year = coming_sitting_year(today, cfg);
    let empty = CertStatus::default();
    let status = |i: usize| statuses.get(i).unwrap_or(&empty);
    let people = enrolled
        .iter()
        .copied()
        .filter(|&i| roster.people[i].exit_date().is_none_or(|d| d >= today))
        .map(|i| {
            let p = &roster.people[i];
            let st = status(i);
            let certified = st.highest().is_some_and(|h| h.level >= level);
            let e = rules::eligibility(p, level, sitting_year, st, cfg);
            SittingPlan {
                person_index: i,
                person_id: p.id.clone(),
                eligible: e.eligible,
                subjects: if certified || !e.eligible {
                    Vec::new()
                } else {
                    subjects_to_sit(level, st, sitting_year)
                },
                certified,
                reason_en: e.reason_en,
                reason_zh: e.reason_zh,
            }
        })
        .collect();
    let in_cohort: HashSet<usize> = enrolled.iter().copied().collect();
    let mut attempts: HashMap<usize, Vec<&super::doc::ExamAttempt>> = HashMap::new();
    for a in &roster.attempts {
        if let Some(&i) = index.get(a.person.as_str())
            && in_cohort.contains(&i)
        {
            attempts.entry(i).or_default().push(a);
        }
    }
    let last_year = sitting_year - 1;
    let last_year_by_subject = level
        .subjects()
        .iter()
        .map(|&s| {
            let mut sat = 0;
            let mut passed = 0;
            for &i in &enrolled {
                let mine: Vec<f64> = attempts
                    .get(&i)
                    .into_iter()
                    .flatten()
                    .filter(|a| a.level == level && a.subject == s && a.year == last_year)
                    .map(|a| a.score)
                    .collect();
                if !mine.is_empty() {
                    sat += 1;
                    passed += usize::from(mine.iter().any(|&x| passes(x, cfg)));
                }
            }
            (s, PassRate::of(passed, sat))
        })
        .collect();
    // Exam takers of the cohort's level since it started, and who of them
    // was certified at it since.
    let from = c.start_date.year;
    let takers: Vec<(usize, bool)> = enrolled
        .iter()
        .copied()
        .filter(|i| {
            attempts
                .get(i)
                .into_iter()
                .flatten()
                .any(|a| a.level == level && a.year >= from)
        })
        .map(|i| {
            let certified = status(i).certified_year(level).is_some_and(|y| y >= from);
            (i, certified)
        })
        .collect();
    let rate_of = |keep: &dyn Fn(usize) -> bool| {
        let group: Vec<bool> = takers
            .iter()
            .filter(|(i, _)| keep(*i))
            .map(|(_, ok)| *ok)
            .collect();
        PassRate::of(group.iter().filter(|ok| **ok).count(), group.len())
    };
    let by_education = Education::ALL
        .into_iter()
        .map(|e| (e, rate_of(&|i| roster.people[i].education == e)))
        .filter(|(_, r)| r.sat > 0)
        .collect();
    let planned: f64 = c
        .phases
        .iter()
        .flat_map(|p| &p.modules)
        .map(|m| m.planned_hours)
        .sum();
    let mut attended: HashMap<&str, f64> = HashMap::new();
    for a in &c.attendance {
        *attended.entry(a.person.as_str()).or_default() += a.hours;
    }
    let share = |i: usize| {
        let hours = attended
            .get(roster.people[i].id.as_str())
            .copied()
            .unwrap_or(0.0);
        if planned > 0.0 { hours / planned } else { 0.0 }
    };
    let by_hours = if planned > 0.0 {
        HOURS_BANDS
            .into_iter()
            .map(|b| {
                let inside =
                    |i: usize| share(i) >= b.from_share && b.to_share.is_none_or(|t| share(i) < t);
                (b, rate_of(&inside))
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(ExamPlan {
        cohort: c.id.clone(),
        name: c.name.clone(),
        level,
        sitting_year,
        people,
        last_year,
        last_year_by_subject,
        by_education,
        by_hours,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::doc::{ExamAttempt, from_ron_str};
    use proptest::prelude::*;

    fn example() -> Roster {
        from_ron_str(include_str!("../../saves/example_roster.ron"))
            .map(|(r, _)| r)
            .unwrap_or_default()
    }

    fn day(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    fn plan_of(r: &Roster, cohort: &str, today: Date) -> ExamPlan {
        let cfg = RuleConfig::default();
        let st = rules::roster_statuses(r, &cfg);
        exam_plan(r, cohort, &st, &cfg, today).unwrap_or_else(|| panic!("cohort {cohort}"))
    }

    #[test]
    fn the_coming_sitting_is_this_years_until_it_is_held() {
        let cfg = RuleConfig::default();
        assert_eq!(coming_sitting_year(day(2026, 3, 1), &cfg), 2026);
        assert_eq!(coming_sitting_year(day(2026, 6, 1), &cfg), 2027);
    }

    #[test]
    fn every_enrolled_person_in_post_has_a_plan_and_the_eligible_sit_the_levels_subjects() {
        let r = example();
        let today = day(2026, 3, 1);
        for c in &r.cohorts {
            let plan = plan_of(&r, &c.id, today);
            assert_eq!(plan.name, c.name);
            let in_post = c
                .enrolled
                .iter()
                .filter(|id| {
                    r.people
                        .iter()
                        .any(|p| &p.id == *id && p.exit_date().is_none_or(|d| d >= today))
                })
                .count();
            assert_eq!(plan.people.len(), in_post);
            for p in &plan.people {
                if p.eligible && !p.certified {
                    assert!(!p.subjects.is_empty(), "{}", p.person_id);
                    assert!(p.subjects.iter().all(|s| plan.level.subjects().contains(s)));
                } else {
                    assert!(p.subjects.is_empty());
                }
                if !p.eligible {
                    assert!(!p.reason_zh.is_empty() && !p.reason_en.is_empty());
                }
            }
        }
    }

    #[test]
    fn last_years_pass_rates_count_the_cohorts_attempts_of_that_year() {
        let r = example();
        let c = &r.cohorts[0];
        let today = day(2026, 3, 1);
        let plan = plan_of(&r, &c.id, today);
        assert_eq!(plan.last_year, 2025);
        for (s, rate) in &plan.last_year_by_subject {
            let sat: std::collections::BTreeSet<&str> = r
                .attempts
                .iter()
                .filter(|a| {
                    a.year == 2025
                        && a.level == c.target_level
                        && a.subject == *s
                        && c.enrolled.contains(&a.person)
                })
                .map(|a| a.person.as_str())
                .collect();
            assert_eq!(rate.sat, sat.len());
            assert!(rate.passed <= rate.sat);
            assert!(rate.interval.low <= rate.interval.high);
            if let Some(p) = rate.rate() {
                assert!(rate.interval.low <= p && p <= rate.interval.high);
            }
        }
    }

    #[test]
    fn the_groups_by_education_and_by_hours_each_split_the_same_exam_takers() {
        let r = example();
        for c in &r.cohorts {
            let plan = plan_of(&r, &c.id, day(2026, 3, 1));
            let by_ed: (usize, usize) = plan
                .by_education
                .iter()
                .fold((0, 0), |(s, p), (_, r)| (s + r.sat, p + r.passed));
            if plan.by_hours.is_empty() {
                continue;
            }
            let by_h: (usize, usize) = plan
                .by_hours
                .iter()
                .fold((0, 0), |(s, p), (_, r)| (s + r.sat, p + r.passed));
            assert_eq!(by_ed, by_h, "{}", c.id);
        }
        let any = r.cohorts.iter().any(|c| {
            plan_of(&r, &c.id, day(2026, 3, 1))
                .by_education
                .iter()
                .any(|(_, x)| x.sat > 0)
        });
        assert!(any, "the example's cohorts have exam takers");
    }

    #[test]
    fn a_subject_passed_last_year_is_not_sat_again_at_intermediate_level() {
        let mut r = example();
        let p = r.people.iter().find(|p| p.exit_date().is_none()).cloned();
        let Some(p) = p else {
            panic!("a person in post")
        };
        r.attempts.retain(|a| a.person != p.id);
        r.attempts.push(ExamAttempt {
            person: p.id.clone(),
            year: 2025,
            level: Level::Intermediate,
            subject: Subject::LawPolicy,
            score: 75.0,
        });
        let cfg = RuleConfig::default();
        let st = rules::status_of(r.attempts.iter().filter(|a| a.person == p.id), &cfg);
        assert_eq!(
            subjects_to_sit(Level::Intermediate, &st, 2026),
            vec![Subject::Comprehensive, Subject::Practice]
        );
        // Two years on the pass no longer counts.
        assert_eq!(
            subjects_to_sit(Level::Intermediate, &st, 2027),
            Level::Intermediate.subjects().to_vec()
        );
        assert_eq!(
            subjects_to_sit(Level::Senior, &st, 2026),
            vec![Subject::Practice]
        );
    }

    #[test]
    fn an_unknown_cohort_has_no_plan() {
        let r = example();
        let cfg = RuleConfig::default();
        assert!(exam_plan(&r, "no-such-cohort", &[], &cfg, day(2026, 3, 1)).is_none());
    }

    proptest! {
        /// Whatever the scores, each subject's rate counts people once and
        /// the interval holds the observed rate.
        #[test]
        fn pass_rates_count_people_once_and_the_interval_holds_the_rate(
            scores in proptest::collection::vec((0usize..10, 0u8..2, 0.0f64..100.0), 0..60),
        ) {
            let mut r = example();
            let c = r.cohorts[0].clone();
            let ids: Vec<String> = c.enrolled.clone();
            prop_assume!(!ids.is_empty());
            r.attempts.retain(|a| !ids.contains(&a.person));
            for (who, subject, score) in scores {
                r.attempts.push(ExamAttempt {
                    person: ids[who % ids.len()].clone(),
                    year: 2025,
                    level: c.target_level,
                    subject: c.target_level.subjects()[usize::from(subject) % c.target_level.subjects().len()],
                    score,
                });
            }
            let plan = plan_of(&r, &c.id, day(2026, 3, 1));
            for (_, rate) in &plan.last_year_by_subject {
                prop_assert!(rate.sat <= ids.len());
                prop_assert!(rate.passed <= rate.sat);
                if let Some(p) = rate.rate() {
                    prop_assert!(rate.interval.low <= p + 1e-12 && p <= rate.interval.high + 1e-12);
                }
            }
        }
    }
}
