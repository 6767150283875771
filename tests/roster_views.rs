//! The data behind the trainer's views, on the example roster with a fixed
//! "today": table filters and sorting, a person's timeline, a cohort funnel,
//! and reminders.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use talent_planner::roster::rules::{RuleConfig, roster_statuses};
use talent_planner::roster::views::{
    self, DEFAULT_COMPLETION_SHARE, EventKind, ReminderKind, RosterFilter, RosterTable, SortKey,
    StatusFilter,
};
use talent_planner::roster::{Date, Level, Roster, TrackId, doc};

fn example() -> Roster {
    let text = std::fs::read_to_string("saves/example_roster.ron").unwrap();
    doc::from_ron_str(&text).unwrap().0
}

fn today() -> Date {
    Date {
        year: 2026,
        month: 5,
        day: 1,
    }
}

#[test]
fn table_filters_and_sorts() {
    let r = example();
    let cfg = RuleConfig::default();
    let st = roster_statuses(&r, &cfg);
    let t = RosterTable::build(&r, &st);
    assert_eq!(t.rows().len(), r.people.len());

    let all = t.query(&RosterFilter::default(), SortKey::Id, false);
    assert_eq!(all.len(), r.people.len());
    assert!(
        all.windows(2)
            .all(|w| t.rows()[w[0]].person_id < t.rows()[w[1]].person_id)
    );

    let f = RosterFilter {
        township: Some("t02".into()),
        ..RosterFilter::default()
    };
    let hits = t.query(&f, SortKey::Name, true);
    let want = r.people.iter().filter(|p| p.township == "t02").count();
    assert!(want > 0);
    assert_eq!(hits.len(), want);
    assert!(
        hits.windows(2)
            .all(|w| t.rows()[w[0]].name >= t.rows()[w[1]].name)
    );

    let exited = t.query(
        &RosterFilter {
            status: Some(StatusFilter::Exited),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    let want_exited = r.people.iter().filter(|p| p.exit_date().is_some()).count();
    assert_eq!(exited.len(), want_exited);

    // By certificate: the uncertified and each level partition the roster.
    let mut by_certificate = 0;
    for level in [
        None,
        Some(Level::Assistant),
        Some(Level::Intermediate),
        Some(Level::Senior),
    ] {
        let hits = t.query(
            &RosterFilter {
                certificate: Some(level),
                ..RosterFilter::default()
            },
            SortKey::Id,
            false,
        );
        assert!(
            hits.iter().all(|&i| t.rows()[i].level == level),
            "{level:?}"
        );
        by_certificate += hits.len();
    }
    assert_eq!(by_certificate, r.people.len());
    let uncertified = t.query(
        &RosterFilter {
            certificate: Some(None),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    assert!(!uncertified.is_empty() && uncertified.len() < r.people.len());

    let local = t.query(
        &RosterFilter {
            track: Some(TrackId::local()),
            ..RosterFilter::default()
        },
        SortKey::Level,
        false,
    );
    assert!(local.iter().all(|&i| t.rows()[i].track == TrackId::local()));
    assert!(
        local
            .windows(2)
            .all(|w| t.rows()[w[0]].level <= t.rows()[w[1]].level)
    );

    let cohort = t.query(
        &RosterFilter {
            cohort: Some("C2025A".into()),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    let c = r.cohorts.iter().find(|c| c.id == "C2025A").unwrap();
    assert_eq!(cohort.len(), c.enrolled.len());
    let unknown = t.query(
        &RosterFilter {
            cohort: Some("nope".into()),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    assert!(unknown.is_empty());

    let name = r.people[5].name.clone();
    let by_name = t.query(
        &RosterFilter {
            search: name.clone(),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    assert!(
        by_name
            .iter()
            .any(|&i| t.rows()[i].person_id == r.people[5].id)
    );
    assert!(by_name.iter().all(|&i| t.rows()[i].name.contains(&name)));
    let by_id = t.query(
        &RosterFilter {
            search: "p001".into(),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    assert_eq!(by_id.len(), 1);
    assert_eq!(t.rows()[by_id[0]].level, Some(Level::Intermediate));
}

#[test]
fn timeline_is_ordered_and_complete() {
    let r = example();
    let cfg = RuleConfig {
        certify_within_months: Some(24),
        ..RuleConfig::default()
    };
    let ev = views::person_timeline(&r, "P001", &cfg).unwrap();
    assert!(ev.windows(2).all(|w| w[0].date <= w[1].date));
    let count = |k| ev.iter().filter(|e| e.kind == k).count();
    assert_eq!(
        count(EventKind::Attempt),
        r.attempts.iter().filter(|a| a.person == "P001").count()
    );
    assert_eq!(count(EventKind::Certified), 2);
    assert_eq!(count(EventKind::Registered), 2);
    assert_eq!(count(EventKind::ContinuingEducation), 2);
    assert_eq!(count(EventKind::Hired), 1);
    assert_eq!(count(EventKind::Deadline), 1);
    let cert = ev
        .iter()
        .find(|e| e.kind == EventKind::Certified && e.text_en.contains("intermediate"))
        .unwrap();
    assert_eq!(
        cert.date,
        Date {
            year: 2023,
            month: 8,
            day: 1
        }
    );
    assert!(ev.iter().all(|e| !e.text_zh.is_empty()));
    // A trainee's timeline shows the cohort and its module hours.
    let trainee = &r.cohorts[0].enrolled[0];
    let ev = views::person_timeline(&r, trainee, &cfg).unwrap();
    assert_eq!(
        ev.iter().filter(|e| e.kind == EventKind::Enrolled).count(),
        1
    );
    assert_eq!(ev.iter().filter(|e| e.kind == EventKind::Hours).count(), 5);
    assert!(views::person_timeline(&r, "nobody", &cfg).is_none());
}

#[test]
fn cohort_funnel_counts() {
    let r = example();
    let cfg = RuleConfig::default();
    let f = views::cohort_funnel(&r, "C2024A", &cfg, DEFAULT_COMPLETION_SHARE).unwrap();
    let c = r.cohorts.iter().find(|c| c.id == "C2024A").unwrap();
    assert_eq!(f.steps[0].count, c.enrolled.len());
    // enrolled, 3 phases, sat, 2 assistant subjects, certified.
    assert_eq!(f.steps.len(), 1 + 3 + 1 + 2 + 1);
    // Phase completion is cumulative, so the counts never rise through the phases.
    assert!(f.steps[..4].windows(2).all(|w| w[0].count >= w[1].count));
    // Passing every subject is needed to certify.
    let certified = f.steps.last().unwrap().count;
    assert!(certified <= f.steps[5].count.min(f.steps[6].count));
    assert!(f.steps[5].count <= f.steps[4].count);
    assert_eq!(f.modules.len(), 5);
    for m in &f.modules {
        assert!(m.attended_hours <= m.planned_hours * c.enrolled.len() as f64);
        assert!(m.completed <= c.enrolled.len());
    }
    // Hand count of the first module.
    let by_hand: f64 = c
        .attendance
        .iter()
        .filter(|a| a.module == f.modules[0].module)
        .map(|a| a.hours)
        .sum();
    assert_eq!(f.modules[0].attended_hours, by_hand);
    insta::assert_json_snapshot!("funnel_c2024a", f);
    assert!(views::cohort_funnel(&r, "nope", &cfg, 0.8).is_none());
}

#[test]
fn reminders_for_the_example() {
    let r = example();
    let cfg = RuleConfig {
        certify_within_months: Some(24),
        ..RuleConfig::default()
    };
    let st = roster_statuses(&r, &cfg);
    let rem = views::reminders(&r, &st, &cfg, today());
    assert!(rem.windows(2).all(|w| w[0].due <= w[1].due));
    let has = |id: &str, k: ReminderKind| rem.iter().any(|x| x.person_id == id && x.kind == k);
    // P003 passed intermediate comprehensive in 2025: last chance at the 2026 sitting.
    assert!(has("P003", ReminderKind::SubjectExpiring));
    // P004: practice 2025 expires after 2026; comprehensive 2024 already gone.
    assert!(has("P004", ReminderKind::SubjectExpiring));
    assert_eq!(
        rem.iter()
            .filter(|x| x.person_id == "P004" && x.kind == ReminderKind::SubjectExpiring)
            .count(),
        1
    );
    // P001: intermediate registered 2024-02-20, 54 of 90 h so far.
    let ce = rem
        .iter()
        .find(|x| x.person_id == "P001" && x.kind == ReminderKind::ContinuingEducationShortfall)
        .unwrap();
    assert!(ce.text_en.contains("54 of 90"), "{}", ce.text_en);
    // P018 (hired 2017-02) missed the 24-month deadline but certified in
    // 2023: nothing left to remind. P003 (hired 2017-10) never certified.
    assert!(!has("P018", ReminderKind::CertifyOverdue));
    assert!(has("P003", ReminderKind::CertifyOverdue));
    // P002: registered 2023-04-10, lapsed 2026-04-10 without renewal.
    assert!(has("P002", ReminderKind::RegistrationLapsed));
    // Nobody who left before today is reminded.
    for x in &rem {
        let p = &r.people[x.person_index];
        assert_eq!(p.id, x.person_id);
        assert!(p.exit_date().is_none_or(|d| d >= today()));
    }
    // After results are out, this year's expiring subjects are no longer reminded.
    let late = views::reminders(
        &r,
        &st,
        &cfg,
        Date {
            year: 2026,
            month: 9,
            day: 1,
        },
    );
    assert!(!late.iter().any(|x| x.kind == ReminderKind::SubjectExpiring));
}

/// What the cohort progress view shows, compactly: each funnel step's label
/// and count, and each module's planned, attended and mean hours and completions.
#[derive(serde::Serialize)]
struct ProgressView {
    cohort: String,
    funnel: Vec<(String, String, usize)>,
    modules: Vec<(String, String, f64, f64, f64, usize)>,
}

#[test]
fn cohort_progress_of_every_example_cohort() {
    let r = example();
    let cfg = RuleConfig::default();
    let views: Vec<ProgressView> = r
        .cohorts
        .iter()
        .map(|c| {
            let f = views::cohort_funnel(&r, &c.id, &cfg, DEFAULT_COMPLETION_SHARE).unwrap();
            // Funnel invariants hold for every cohort, not only the snapshot.
            assert_eq!(f.steps[0].count, c.enrolled.len());
            let phases = c.phases.len();
            assert!(
                f.steps[..=phases]
                    .windows(2)
                    .all(|w| w[0].count >= w[1].count)
            );
            // Who sat beyond those who finished every phase is named, so
            // the view can say why the funnel widens there.
            let finished = f.steps[phases].count;
            let sat = f.steps[phases + 1].count;
            let beyond = &f.sat_without_completing;
            assert!(beyond.len() <= sat);
            assert!(sat - beyond.len() <= finished, "{}", c.id);
            assert!(beyond.windows(2).all(|w| w[0] < w[1]));
            for id in beyond {
                assert!(c.enrolled.contains(id));
                assert!(
                    r.attempts
                        .iter()
                        .any(|a| a.person == *id && a.level == c.target_level)
                );
            }
            if c.id == "C2024A" {
                // 12 sat, 6 finished every phase: at least 6 are named.
                assert_eq!((sat, finished), (12, 6));
                assert!(beyond.len() >= 6);
            }
            for m in &f.modules {
                assert!(m.completed <= c.enrolled.len());
                let mean = m.attended_hours / c.enrolled.len().max(1) as f64;
                assert!((m.mean_hours_per_trainee - mean).abs() < 1e-9);
            }
            ProgressView {
                cohort: c.id.clone(),
                funnel: f
                    .steps
                    .iter()
                    .map(|s| (s.label_en.clone(), s.label_zh.clone(), s.count))
                    .collect(),
                modules: f
                    .modules
                    .iter()
                    .map(|m| {
                        (
                            m.module.clone(),
                            m.name.clone(),
                            m.planned_hours,
                            m.attended_hours,
                            (m.mean_hours_per_trainee * 100.0).round() / 100.0,
                            m.completed,
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    assert_eq!(views.len(), 3);
    insta::assert_json_snapshot!("cohort_progress_all", views);
}

#[test]
fn hours_without_attendance_read_zero_not_negative_zero() {
    let mut r = example();
    let cfg = RuleConfig::default();
    let trainee = r.cohorts[0].enrolled[0].clone();
    // Drop the trainee's attendance: every module's sum is then empty.
    r.cohorts[0].attendance.retain(|a| a.person != trainee);
    let planned = r.cohorts[0].phases[0].modules[0].planned_hours;
    let ev = views::person_timeline(&r, &trainee, &cfg).unwrap();
    let hours: Vec<_> = ev.iter().filter(|e| e.kind == EventKind::Hours).collect();
    assert!(!hours.is_empty());
    for e in &hours {
        assert!(!e.text_en.contains("-0"), "{}", e.text_en);
        assert!(!e.text_zh.contains("-0"), "{}", e.text_zh);
    }
    assert!(
        hours[0]
            .text_en
            .ends_with(&format!(": 0 of {planned:.0} h")),
        "{}",
        hours[0].text_en
    );
    assert!(hours[0].text_zh.ends_with(&format!("：0/{planned:.0}学时")));
}

/// "May sit this year": the level above each person's highest certificate,
/// where the national rules open it at that year's sitting; people who
/// left are never listed; the filter returns exactly those rows.
#[test]
fn the_next_level_filter_follows_the_national_rules() {
    let r = example();
    let cfg = RuleConfig::default();
    let st = roster_statuses(&r, &cfg);
    let mut t = RosterTable::build(&r, &st);
    t.judge_next_level(&r, &st, 2026, &cfg);
    let mut open = 0;
    for row in t.rows() {
        let next = match row.level {
            None => Some(Level::Assistant),
            Some(Level::Assistant) => Some(Level::Intermediate),
            Some(Level::Intermediate) => Some(Level::Senior),
            Some(Level::Senior) => None,
        };
        let expected = match next {
            Some(l) if row.status == StatusFilter::Active => {
                let e = talent_planner::roster::rules::eligibility(
                    &r.people[row.index],
                    l,
                    2026,
                    &st[row.index],
                    &cfg,
                );
                e.eligible.then_some(l)
            }
            _ => None,
        };
        assert_eq!(row.next_level_open, expected, "{}", row.person_id);
        open += usize::from(expected.is_some());
    }
    assert!(open > 0, "someone may sit the next level in 2026");
    let assistant = t.query(
        &RosterFilter {
            next_level_open: Some(Level::Assistant),
            ..RosterFilter::default()
        },
        SortKey::Id,
        false,
    );
    assert!(
        assistant
            .iter()
            .all(|&i| t.rows()[i].next_level_open == Some(Level::Assistant)
                && t.rows()[i].level.is_none())
    );
    let all_open: usize = [Level::Assistant, Level::Intermediate, Level::Senior]
        .into_iter()
        .map(|l| {
            t.query(
                &RosterFilter {
                    next_level_open: Some(l),
                    ..RosterFilter::default()
                },
                SortKey::Id,
                false,
            )
            .len()
        })
        .sum();
    assert_eq!(all_open, open);
}

/// "Certify by (year)": people in post without a certificate, by the year
/// of their deadline (overdue ones included); the filter returns them.
#[test]
fn the_deadline_year_filter_lists_who_must_certify_that_year() {
    let r = example();
    // Certify within 2 years of hiring (the default county's rule).
    let cfg = RuleConfig {
        certify_within_months: Some(24),
        ..RuleConfig::default()
    };
    let st = roster_statuses(&r, &cfg);
    let mut t = RosterTable::build(&r, &st);
    t.judge_deadlines(&r, &st, today(), &cfg);
    let years = t.deadline_years();
    assert!(!years.is_empty(), "the example roster has deadlines");
    assert!(years.windows(2).all(|w| w[0] < w[1]));
    let mut listed = 0;
    for &y in &years {
        let hits = t.query(
            &RosterFilter {
                certify_by_year: Some(y),
                ..RosterFilter::default()
            },
            SortKey::Id,
            false,
        );
        assert!(!hits.is_empty());
        for &i in &hits {
            let row = &t.rows()[i];
            assert_eq!(row.certify_by.map(|d| d.year), Some(y));
            assert_eq!(row.status, StatusFilter::Active);
            let state = talent_planner::roster::rules::certify_deadline(
                &r.people[row.index],
                &st[row.index],
                today(),
                &cfg,
            );
            assert!(
                matches!(
                    state,
                    talent_planner::roster::rules::DeadlineState::Due { .. }
                        | talent_planner::roster::rules::DeadlineState::Overdue { .. }
                ),
                "{}: {state:?}",
                row.person_id
            );
        }
        listed += hits.len();
    }
    assert_eq!(
        listed,
        t.rows().iter().filter(|r| r.certify_by.is_some()).count()
    );
}

/// The example with every third person moved to a third track, in-service
/// staff (民政协理员).
fn with_in_service() -> Roster {
    let mut r = example();
    for p in r.people.iter_mut().skip(2).step_by(3) {
        p.track = TrackId::new("in_service");
    }
    r
}

#[test]
fn a_third_track_filters_the_table_and_the_years_list_and_sorts_among_the_others() {
    use talent_planner::roster::year::{YearFilter, year_items};
    let r = with_in_service();
    let cfg = RuleConfig::default();
    let statuses = roster_statuses(&r, &cfg);
    let t = RosterTable::build(&r, &statuses);
    let in_service = TrackId::new("in_service");
    let want: Vec<&str> = r
        .people
        .iter()
        .filter(|p| p.track == in_service)
        .map(|p| p.id.as_str())
        .collect();
    assert!(want.len() >= 10, "{}", want.len());
    let filter = RosterFilter {
        track: Some(in_service.clone()),
        ..RosterFilter::default()
    };
    let hits: Vec<&str> = t
        .query(&filter, SortKey::Id, false)
        .into_iter()
        .map(|i| t.rows()[i].person_id.as_str())
        .collect();
    assert_eq!(hits, want);
    // Sorting by track keeps each track together, in id order.
    let sorted: Vec<&str> = t
        .query(&RosterFilter::default(), SortKey::Track, false)
        .into_iter()
        .map(|i| t.rows()[i].track.id())
        .collect();
    assert_eq!(sorted.len(), r.people.len());
    assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "{sorted:?}");
    assert_eq!(sorted[0], "in_service");
    // The year's list narrows to the same people.
    let year = year_items(&r, &statuses, &cfg, today());
    let filter = YearFilter {
        track: Some(in_service.clone()),
        ..YearFilter::default()
    };
    let shown = year.view(&r, &filter, &[]).shown();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|&i| r.people[year.items[i].person_index].track == in_service)
    );
    let all = year.view(&r, &YearFilter::default(), &[]).shown();
    let expected = all
        .iter()
        .filter(|&&i| r.people[year.items[i].person_index].track == in_service)
        .count();
    assert_eq!(shown.len(), expected);
}
