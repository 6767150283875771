//! The national eligibility rules of the model (`model::eligibility`): a
//! table of cases through [`may_sit`] (month numbers, as the engine counts),
//! every row of the rule table at its boundary through [`judge`], and
//! properties: more service never closes a level, the verdict of `may_sit`
//! is that of `judge` on the counted service.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use talent_planner::model::eligibility::{
    Candidate, CountedFrom, Education, ExamCalendar, Level, Major, RULES, Refusal, ServiceAtCutoff,
    cutoff_month, judge, may_sit, month_number, months_to_cutoff, service_at_cutoff,
};

use Education::{
    Bachelor as Ba, BelowHighSchool as Bhs, Doctorate as Phd, HighSchool as Hs,
    JuniorCollege as Jc, Master as Ms,
};
use Level::{Assistant as A, Intermediate as I, Senior as S};
use Major::{Other as O, SocialWork as Sw};

/// (name, education, major, first month of service (year, month), certificates,
/// level, sitting year, expected reason code or `None` for eligible).
type Case = (
    &'static str,
    Education,
    Major,
    Option<(i32, u32)>,
    &'static [(Level, i32)],
    Level,
    i32,
    Option<&'static str>,
);

const CASES: &[Case] = &[
    (
        "high school, 4 years to 31 Dec",
        Hs,
        O,
        Some((2022, 1)),
        &[],
        A,
        2025,
        None,
    ),
    (
        "high school, 3 years 11 months",
        Hs,
        O,
        Some((2022, 2)),
        &[],
        A,
        2025,
        Some("service_years"),
    ),
    (
        "social-work 大专, 2 years",
        Jc,
        Sw,
        Some((2024, 1)),
        &[],
        A,
        2025,
        None,
    ),
    (
        "social-work 大专, 1 year 11 months",
        Jc,
        Sw,
        Some((2024, 2)),
        &[],
        A,
        2025,
        Some("service_years"),
    ),
    (
        "other 大专, 4 years",
        Jc,
        O,
        Some((2022, 1)),
        &[],
        A,
        2025,
        None,
    ),
    (
        "social-work bachelor graduating",
        Ba,
        Sw,
        Some((2025, 7)),
        &[],
        A,
        2025,
        None,
    ),
    (
        "social-work master, no service",
        Ms,
        Sw,
        None,
        &[],
        A,
        2025,
        None,
    ),
    (
        "other doctorate, 2 years",
        Phd,
        O,
        Some((2024, 1)),
        &[],
        A,
        2025,
        None,
    ),
    (
        "other bachelor, 1 year",
        Ba,
        O,
        Some((2025, 1)),
        &[],
        A,
        2025,
        Some("service_years"),
    ),
    (
        "other bachelor, no start known",
        Ba,
        O,
        None,
        &[],
        A,
        2025,
        Some("service_start_missing"),
    ),
    (
        "below high school",
        Bhs,
        Sw,
        Some((2000, 1)),
        &[],
        A,
        2025,
        Some("education"),
    ),
    (
        "intermediate, high school, no assistant",
        Hs,
        O,
        Some((2005, 1)),
        &[],
        I,
        2025,
        Some("certificate_missing"),
    ),
    (
        "intermediate, high school, assistant 2019",
        Hs,
        O,
        Some((2005, 1)),
        &[(A, 2019)],
        I,
        2025,
        None,
    ),
    (
        "intermediate, high school, assistant 2020",
        Hs,
        Sw,
        Some((2005, 1)),
        &[(A, 2020)],
        I,
        2025,
        Some("years_since_certificate"),
    ),
    (
        "intermediate, high school, assistant at this sitting",
        Hs,
        O,
        Some((2005, 1)),
        &[(A, 2025)],
        I,
        2025,
        Some("certificate_missing"),
    ),
    (
        "intermediate, social-work 大专, 4 years",
        Jc,
        Sw,
        Some((2022, 1)),
        &[],
        I,
        2025,
        None,
    ),
    (
        "intermediate, other 大专, 5 years",
        Jc,
        O,
        Some((2021, 1)),
        &[],
        I,
        2025,
        Some("service_years"),
    ),
    (
        "intermediate, social-work bachelor, 3 years",
        Ba,
        Sw,
        Some((2023, 1)),
        &[],
        I,
        2025,
        None,
    ),
    (
        "intermediate, other bachelor, 5 years",
        Ba,
        O,
        Some((2021, 1)),
        &[],
        I,
        2025,
        None,
    ),
    (
        "intermediate, social-work master, 11 months",
        Ms,
        Sw,
        Some((2025, 2)),
        &[],
        I,
        2025,
        Some("service_years"),
    ),
    (
        "intermediate, other master, 3 years",
        Ms,
        O,
        Some((2023, 1)),
        &[],
        I,
        2025,
        None,
    ),
    (
        "intermediate, social-work doctorate",
        Phd,
        Sw,
        None,
        &[],
        I,
        2025,
        None,
    ),
    (
        "intermediate, other doctorate, 1 year",
        Phd,
        O,
        Some((2025, 1)),
        &[],
        I,
        2025,
        Some("service_years"),
    ),
    (
        "senior, bachelor, intermediate 2020",
        Ba,
        O,
        Some((2010, 1)),
        &[(A, 2012), (I, 2020)],
        S,
        2025,
        None,
    ),
    (
        "senior, doctorate, intermediate 2021",
        Phd,
        Sw,
        Some((2010, 1)),
        &[(I, 2021)],
        S,
        2025,
        Some("years_since_certificate"),
    ),
    (
        "senior, 大专",
        Jc,
        Sw,
        Some((2000, 1)),
        &[(I, 2005)],
        S,
        2025,
        Some("education"),
    ),
    (
        "senior, master, no intermediate",
        Ms,
        Sw,
        Some((2000, 1)),
        &[(A, 2005)],
        S,
        2025,
        Some("certificate_missing"),
    ),
    (
        "assistant held",
        Ba,
        Sw,
        Some((2020, 1)),
        &[(A, 2022)],
        A,
        2025,
        Some("already_certified"),
    ),
    (
        "senior held, intermediate asked",
        Ba,
        Sw,
        Some((2000, 1)),
        &[(S, 2020)],
        I,
        2025,
        Some("already_certified"),
    ),
];

#[test]
fn cases_follow_the_national_rules() {
    assert!(CASES.len() >= 20);
    let cal = ExamCalendar::default();
    for &(name, education, major, start, certificates, level, year, expect) in CASES {
        let c = Candidate {
            education,
            major,
            service_from_month: start.map(|(y, m)| month_number(y, m)),
            service_until_month: None,
            certificates,
        };
        let verdict = may_sit(&c, level, year, &cal);
        let code = verdict.as_ref().err().map(Refusal::code);
        assert_eq!(code, expect, "{name}: {verdict:?}");
        if let Err(r) = verdict {
            assert!(!r.message(false).is_empty() && !r.message(true).is_empty());
        }
    }
}

/// Every row of the table: open exactly at the years it asks, closed a month
/// before (or closed outright when no path is open).
#[test]
fn every_row_at_its_boundary() {
    for row in &RULES {
        let Some(req) = row.requirement else {
            // Only senior has closed rows: long service and the intermediate
            // certificate do not open it below a bachelor's degree.
            assert_eq!(row.level, S);
            let s = ServiceAtCutoff {
                total_months: Some(600),
                since_certificate_months: [Some(600), Some(600), None],
            };
            assert_eq!(
                judge(row.level, row.education, row.major, &s),
                Err(Refusal::Education {
                    level: row.level,
                    lowest: Ba
                }),
                "{}",
                row.basis
            );
            continue;
        };
        // The months the row counts, with total service always long enough
        // where they count from a certificate: only the counted months decide.
        let service = |months: u32| {
            let mut since = [None; 3];
            let total = match req.counted_from {
                CountedFrom::ServiceStart => months,
                CountedFrom::Certificate(l) => {
                    since[l.index()] = Some(months);
                    600
                }
            };
            ServiceAtCutoff {
                total_months: Some(total),
                since_certificate_months: since,
            }
        };
        let n = req.service_months();
        assert_eq!(
            judge(row.level, row.education, row.major, &service(n)),
            Ok(req),
            "{}",
            row.basis
        );
        if n > 0 {
            assert!(
                judge(row.level, row.education, row.major, &service(n - 1)).is_err(),
                "{}",
                row.basis
            );
        }
    }
}

#[test]
fn months_to_the_cutoff_match_the_calendar() {
    // Hired in January with 5 months of service when the June sitting begins:
    // 12 months by 31 December.
    for exam_month in 1..=12u32 {
        let hired = month_number(2025, 1);
        let at_sitting = (month_number(2025, exam_month) - hired) as u32;
        assert_eq!(
            at_sitting + months_to_cutoff(exam_month),
            (cutoff_month(2025) - hired) as u32
        );
    }
}

fn education() -> impl Strategy<Value = Education> {
    prop::sample::select(Education::ALL.to_vec())
}

proptest! {
    /// A longer service never closes a level that was open.
    #[test]
    fn more_service_never_closes_a_level(
        ed in education(),
        sw in any::<bool>(),
        start_year in 1995i32..2026,
        start_month in 1u32..=12,
        earlier in 0i32..120,
        cert in prop::option::of((0usize..3, 2008i32..2026)),
        year in 2008i32..2035,
    ) {
        let major = if sw { Sw } else { O };
        let certs: Vec<(Level, i32)> = cert.map(|(l, y)| (Level::ALL[l], y)).into_iter().collect();
        let cal = ExamCalendar::default();
        let from = month_number(start_year, start_month);
        let c = Candidate {
            education: ed,
            major,
            service_from_month: Some(from),
            service_until_month: None,
            certificates: &certs,
        };
        let longer = Candidate { service_from_month: Some(from - earlier), ..c };
        for level in Level::ALL {
            let a = may_sit(&c, level, year, &cal);
            let b = may_sit(&longer, level, year, &cal);
            prop_assert!(a.is_err() || b.is_ok(), "{level:?}: {a:?} then {b:?}");
            // may_sit is judge on the counted service.
            prop_assert_eq!(a, judge(level, ed, major, &service_at_cutoff(&c, year, &cal)));
        }
    }
}

/// The engine's calendar: a certificate takes effect in the results month.
/// On the default county (sitting in June, results in August), people who
/// pass in June stay in their grade, at its pay, until August; with the
/// results month removed they move at the sitting.
#[test]
fn the_engine_certifies_in_the_results_month() {
    use talent_planner::model::io::default_scenario;
    use talent_planner::model::{Model, MonthResult, Projection, RunOptions};
    let sc = default_scenario().unwrap();
    assert_eq!(sc.exam_month, 6);
    assert_eq!(sc.results_month, Some(8));
    let mut at_sitting = sc.clone();
    at_sitting.results_month = None;
    let project = |s| Model::compile(s).unwrap().project(RunOptions::default());
    let (with, without) = (project(&sc), project(&at_sitting));
    let at = |p: &Projection, month: u32| -> MonthResult {
        p.months
            .iter()
            .rev()
            .find(|r| r.year == 2026 && r.month == month)
            .unwrap()
            .clone()
    };
    // Everything is the same up to the sitting, and the sitting itself.
    let (may_with, may_without) = (at(&with, 5), at(&without, 5));
    assert_eq!(may_with.certified, may_without.certified);
    let (june, june_at_sitting) = (at(&with, 6), at(&without, 6));
    // 0.80 with the rule table: the locals wait 4 years for the assistant exam.
    assert!(june.exam_passes > 0.5, "{}", june.exam_passes);
    assert_eq!(june.exam_passes, june_at_sitting.exam_passes);
    // In June only the sitting's passes of uncertified people separate the
    // two: certified there, waiting here.
    let waiting = june_at_sitting.certified - june.certified;
    assert!(
        waiting > 0.5 && waiting <= june.exam_passes + 1e-9,
        "{waiting} of {} passes",
        june.exam_passes
    );
    assert!(
        june.certified < may_with.certified,
        "no certificate before the results"
    );
    // They are still paid as uncertified in July.
    assert!(at(&with, 7).cost_yuan < at(&without, 7).cost_yuan);
    // In August the results arrive: the waiting people are certified.
    let rise = |p: &Projection| at(p, 8).certified - at(p, 7).certified;
    assert!(
        rise(&with) > rise(&without) + 0.9 * waiting,
        "{} against {} ({waiting} waiting)",
        rise(&with),
        rise(&without)
    );
    assert!((at(&with, 8).certified - at(&without, 8).certified).abs() < 0.05 * waiting);
}
