//! Exam eligibility in the projection engine (MODEL.md §3a, "The engine."):
//! the compiled exams open to exactly the people the rule table of
//! `model::eligibility` lets sit, cohorts of one education sit when the
//! rules say and not before, education groups neither create nor lose
//! people, and the default county's certified share by year.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use talent_planner::model::eligibility::{
    Candidate, Education, ExamCalendar, Level, Major, may_sit, month_number,
};
use talent_planner::model::engine::{Model, RunOptions};
use talent_planner::model::io::{DEFAULT_COUNTY_RON, parse_scenario};
use talent_planner::model::scenario::{EducationShare, Scenario};
use talent_planner::model::validate::{Severity, validate};

use Education::{
    Bachelor as Ba, BelowHighSchool as Bhs, Doctorate as Phd, HighSchool as Hs,
    JuniorCollege as Jc, Master as Ms,
};
use Level::{Assistant as A, Intermediate as I, Senior as S};
use Major::{Other as O, SocialWork as Sw};

fn default_county() -> Scenario {
    parse_scenario(DEFAULT_COUNTY_RON).unwrap()
}

/// Every education and major, in equal shares.
fn every_group() -> Vec<EducationShare> {
    let mut v = Vec::new();
    for education in Education::ALL {
        for major in Major::ALL {
            v.push(EducationShare {
                education,
                major,
                share: 1.0 / 12.0,
            });
        }
    }
    v
}

/// (education, major, first month of service (year, month), certificates
/// held (level, sitting year), sitting year, expected: may sit the next level).
type Case = (
    Education,
    Major,
    (i32, u32),
    &'static [(Level, i32)],
    i32,
    bool,
);

/// Sittings of June 2026 (results in August), service to 31 December 2026.
const CASES: &[Case] = &[
    // Assistant, from the uncertified grade.
    (Hs, O, (2023, 1), &[], 2026, true),  // 48 months
    (Hs, O, (2023, 2), &[], 2026, false), // 47
    (Hs, Sw, (2023, 1), &[], 2026, true),
    (Jc, Sw, (2025, 1), &[], 2026, true),  // 24
    (Jc, Sw, (2025, 2), &[], 2026, false), // 23
    (Jc, O, (2024, 1), &[], 2026, false),  // 36 of 48
    (Ba, Sw, (2026, 6), &[], 2026, true),  // graduates sit directly
    (Ba, O, (2025, 1), &[], 2026, true),   // 24
    (Ba, O, (2025, 3), &[], 2026, false),  // 22
    (Ms, O, (2026, 1), &[], 2026, false),  // 12 of 24
    (Phd, Sw, (2026, 6), &[], 2026, true),
    (Bhs, O, (2010, 1), &[], 2026, false), // no path
    // Intermediate, from the assistant grade.
    (Hs, O, (2015, 1), &[(A, 2020)], 2026, true), // 77 months since August 2020
    (Hs, O, (2015, 1), &[(A, 2021)], 2026, false), // 65 since the certificate, 144 in all
    (Hs, Sw, (2021, 1), &[(A, 2020)], 2026, true), // 72 since the start of service
    (Hs, O, (2021, 2), &[(A, 2020)], 2026, false), // 71
    (Jc, Sw, (2023, 1), &[(A, 2024)], 2026, true), // 48 of service
    (Jc, O, (2022, 1), &[(A, 2024)], 2026, false), // 60 of 72
    (Ba, Sw, (2024, 1), &[(A, 2024)], 2026, true), // 36
    (Ba, Sw, (2024, 2), &[(A, 2025)], 2026, false), // 35
    (Ba, O, (2022, 1), &[(A, 2023)], 2026, true), // 60
    (Ms, Sw, (2026, 1), &[(A, 2025)], 2026, true), // 12
    (Ms, O, (2025, 1), &[(A, 2025)], 2026, false), // 24 of 36
    (Phd, Sw, (2026, 5), &[(A, 2025)], 2026, true), // 0 asked
    // Senior, from the intermediate grade.
    (Ba, Sw, (2015, 1), &[(A, 2016), (I, 2021)], 2026, true), // 65 since
    (Ba, Sw, (2015, 1), &[(A, 2016), (I, 2022)], 2026, false), // 53
    (Ms, O, (2019, 1), &[(A, 2019), (I, 2021)], 2026, true),
    (Jc, Sw, (2010, 1), &[(A, 2012), (I, 2015)], 2026, false), // no path
    (Hs, O, (2005, 1), &[(A, 2008), (I, 2010)], 2026, false),  // no path
];

/// The stage holding the highest certificate of a case.
fn stage_of(certificates: &[(Level, i32)]) -> &'static str {
    match certificates.iter().map(|c| c.0).max() {
        None => "uncertified",
        Some(Level::Assistant) => "assistant",
        Some(Level::Intermediate) => "intermediate",
        Some(Level::Senior) => "senior",
    }
}

#[test]
fn compiled_exams_agree_with_the_rule_table() {
    let mut sc = default_county();
    for t in &mut sc.tracks {
        t.education_mix.shares = every_group();
    }
    assert!(validate(&sc).iter().all(|p| p.severity != Severity::Error));
    let model = Model::compile(&sc).unwrap();
    let cal = ExamCalendar {
        sitting_month: sc.exam_month,
        results_month: sc.results_month.unwrap(),
    };
    for (k, &(education, major, (y, m), certificates, year, expected)) in CASES.iter().enumerate() {
        let start = month_number(y, m);
        let candidate = Candidate {
            education,
            major,
            service_from_month: Some(start),
            service_until_month: None,
            certificates,
        };
        let stage = stage_of(certificates);
        let level = match stage {
            "uncertified" => A,
            "assistant" => I,
            _ => S,
        };
        let rules = may_sit(&candidate, level, year, &cal);
        assert_eq!(rules.is_ok(), expected, "case {k}: the rules say {rules:?}");
        // The engine's counts when the exam month begins: months of
        // service, and months since the highest certificate took effect
        // (from the results month, or from the start of service if later).
        let sitting = month_number(year, sc.exam_month);
        let service = u32::try_from(sitting - start).unwrap();
        let since = certificates.iter().map(|c| c.1).max().map_or(0, |cert| {
            let from = cal.certificate_month(cert).max(start);
            u32::try_from(sitting - from).unwrap()
        });
        for track in ["professional", "local"] {
            let open = model
                .exam_open(stage, track, education, major, service, since)
                .unwrap();
            assert_eq!(
                open, expected,
                "case {k}, {track}: engine {open}, rules {rules:?}"
            );
        }
    }
}

/// A county of one township whose only people are `n` uncertified locals
/// hired at the start with `mix` education, who never leave, all of whom
/// sit when they may and pass every subject.
fn one_cohort(mix: Vec<EducationShare>) -> Scenario {
    let mut sc = default_county();
    sc.tracks[1].education_mix.shares = mix;
    for r in &mut sc.retention.exit_rates {
        r.annual_rate = 0.0;
    }
    sc.retention
        .renewal_exit_share
        .values_mut()
        .for_each(|x| *x = 0.0);
    sc.recruitment.clear();
    sc.certify_deadline = None;
    let tw = sc.county.townships[0].id.clone();
    let stock = std::sync::Arc::make_mut(&mut sc.initial_stock);
    stock.retain(|s| s.township == tw && s.track == "local");
    stock.truncate(1);
    for s in stock.iter_mut() {
        s.stage = "uncertified".into();
        s.tenure_months = 0;
        s.count = 10.0;
    }
    for st in &mut sc.stages {
        if let Some(e) = &mut st.exam {
            e.participation = 1.0;
            for sub in &mut e.subjects {
                sub.pass_probability.values_mut().for_each(|p| *p = 1.0);
            }
        }
    }
    assert!(validate(&sc).iter().all(|p| p.severity != Severity::Error));
    sc
}

/// (year, sitters) of every sitting with sitters.
fn sittings(sc: &Scenario) -> Vec<(i32, f64)> {
    let p = Model::compile(sc).unwrap().project(RunOptions::default());
    p.months
        .iter()
        .filter(|m| m.exam_sitters > 1e-9)
        .map(|m| (m.year, (m.exam_sitters * 1e9).round() / 1e9))
        .collect()
}

#[test]
fn a_high_school_cohort_sits_when_the_rules_say() {
    // Hired January 2026: 48 months by 31 December 2029, so the assistant
    // exam in June 2029 (results August 2029); the intermediate exam asks
    // 6 years after that certificate: 31 December 2035.
    let sc = one_cohort(vec![EducationShare {
        education: Hs,
        major: O,
        share: 1.0,
    }]);
    assert_eq!(sc.start_year, 2026);
    assert_eq!(sc.horizon_years, 10);
    assert_eq!(sittings(&sc), vec![(2029, 10.0), (2035, 10.0)]);
}

#[test]
fn each_education_group_of_a_cohort_sits_once_in_its_own_year() {
    // Half social-work bachelors (assistant at once, intermediate after 3
    // years of service: 2028), half other bachelors (assistant after 2
    // years: 2027; intermediate after 5: 2030; senior 5 years after the
    // intermediate certificate of August 2028: 2033, and 2035 for the
    // others). Each part sits once: the eligible part is not re-opened.
    let sc = one_cohort(vec![
        EducationShare {
            education: Ba,
            major: Sw,
            share: 0.5,
        },
        EducationShare {
            education: Ba,
            major: O,
            share: 0.5,
        },
    ]);
    assert_eq!(
        sittings(&sc),
        vec![
            (2026, 5.0),
            (2027, 5.0),
            (2028, 5.0),
            (2030, 5.0),
            (2033, 5.0),
            (2035, 5.0)
        ]
    );
}

#[test]
fn a_minimum_service_beside_a_mix_is_ignored_with_a_warning() {
    let mut sc = default_county();
    let exam = sc.stages[3].exam.as_mut().unwrap();
    exam.min_service_months.insert("local".into(), 8);
    let before = Model::compile(&default_county())
        .unwrap()
        .project(RunOptions::default());
    let after = Model::compile(&sc).unwrap().project(RunOptions::default());
    assert_eq!(before.months, after.months);
    let problems = validate(&sc);
    let warning = problems
        .iter()
        .find(|p| p.path == "stages[3].exam.min_service_months.local")
        .expect("a warning");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message_en.contains("ignored"),
        "{}",
        warning.message_en
    );
}

#[test]
fn education_mixes_are_validated_with_their_paths() {
    let mut sc = default_county();
    sc.tracks[0].education_mix.shares[0].share = 0.5;
    sc.tracks[1].education_mix.shares[1].education = Hs;
    sc.tracks[1].education_mix.shares[2].share = -0.1;
    sc.tracks[1].education_mix.source.clear();
    let problems = validate(&sc);
    let at = |path: &str| {
        problems
            .iter()
            .filter(|p| p.path == path)
            .map(|p| (p.severity, p.message_en.clone()))
            .collect::<Vec<_>>()
    };
    let sum = at("tracks[0].education_mix.shares");
    assert_eq!(sum.len(), 1, "{problems:?}");
    assert!(sum[0].1.contains("add up to 0.85"), "{sum:?}");
    assert!(
        at("tracks[1].education_mix.shares[1]")[0]
            .1
            .contains("twice")
    );
    assert_eq!(
        at("tracks[1].education_mix.shares[2].share")[0].0,
        Severity::Error
    );
    assert_eq!(at("tracks[1].education_mix.source")[0].0, Severity::Warning);
    // A file without mixes still reads and projects (serde default).
    let text = DEFAULT_COUNTY_RON.replace("education_mix", "education_mix_gone");
    assert!(parse_scenario(&text).is_err());
    let mut plain = default_county();
    for t in &mut plain.tracks {
        t.education_mix = Default::default();
    }
    let saved = ron::ser::to_string(&plain).unwrap();
    assert!(!saved.contains("education_mix"));
    assert_eq!(parse_scenario(&saved).unwrap(), plain);
}

fn group_strategy() -> impl Strategy<Value = Vec<EducationShare>> {
    proptest::collection::vec((0usize..12, 0.05..1.0f64), 1..6).prop_map(|parts| {
        let mut seen = std::collections::BTreeSet::new();
        let parts: Vec<(usize, f64)> = parts.into_iter().filter(|p| seen.insert(p.0)).collect();
        let total: f64 = parts.iter().map(|p| p.1).sum();
        parts
            .into_iter()
            .map(|(k, w)| EducationShare {
                education: Education::ALL[k / 2],
                major: Major::ALL[k % 2],
                share: w / total,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Education groups neither create nor lose people: every stage's
    /// ledger balances, the county's people change by entries less exits,
    /// and the tracks take in the same people as without the groups.
    #[test]
    fn groups_conserve_people(
        pro in group_strategy(),
        local in group_strategy(),
        results in any::<bool>(),
    ) {
        let mut sc = default_county();
        sc.tracks[0].education_mix.shares = pro;
        sc.tracks[1].education_mix.shares = local;
        if !results {
            sc.results_month = None;
        }
        let p = Model::compile(&sc).unwrap().project(RunOptions::default());
        for entries in &p.ledger {
            for e in entries {
                let err = (e.opening + e.inflow - e.outflow - e.closing).abs();
                prop_assert!(err <= 1e-7 * (1.0 + e.opening + e.inflow), "{:?}", e);
            }
        }
        for t in 1..p.months.len() {
            let (a, b) = (&p.months[t - 1], &p.months[t]);
            let before = a.headcount_total + a.trainees;
            let after = b.headcount_total + b.trainees;
            let flow = b.hires + b.trainee_intake - b.exits;
            prop_assert!((before + flow - after).abs() < 1e-7 * (1.0 + before), "month {}", t);
            prop_assert!(b.exam_passes <= b.exam_sitters + 1e-9);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&b.certified_share));
        }
        let start = |p: &talent_planner::model::results::Projection| p.months[0].headcount_total;
        let mut plain = sc.clone();
        for t in &mut plain.tracks {
            t.education_mix = Default::default();
        }
        let q = Model::compile(&plain).unwrap().project(RunOptions::default());
        prop_assert!((start(&p) - start(&q)).abs() < 1e-9);
    }
}

/// The default county as the previous version projected it: no education
/// mixes, and the minimum service it assumed instead (locals 8 months for
/// the assistant exam, 48 for the intermediate; professionals 0 and 36;
/// everybody 60 for the senior exam).
fn default_county_before() -> Scenario {
    let mut sc = default_county();
    for t in &mut sc.tracks {
        t.education_mix = Default::default();
    }
    let minimum = [
        ("assistant", 0, 8),
        ("intermediate", 36, 48),
        ("senior", 60, 60),
    ];
    for st in &mut sc.stages {
        if let Some(e) = &mut st.exam {
            let (_, pro, local) = minimum.iter().find(|m| m.0 == e.to).unwrap();
            e.min_service_months = [
                ("professional".to_string(), *pro),
                ("local".to_string(), *local),
            ]
            .into_iter()
            .collect();
        }
    }
    sc
}

/// The default county's certified share at the end of each year, before
/// (minimum service assumed) and after (the rule table by education mix):
/// MODEL.md, "Changes of this version".
#[test]
fn default_county_certified_share_by_year() {
    let run = |sc: &Scenario| Model::compile(sc).unwrap().project(RunOptions::default());
    let (before, after) = (run(&default_county_before()), run(&default_county()));
    let mut rows = vec![
        "year | before: share, certified of workers | after: share, certified of workers"
            .to_string(),
    ];
    for (b, a) in before
        .months
        .iter()
        .zip(&after.months)
        .filter(|(m, _)| m.month == 12)
    {
        rows.push(format!(
            "{} | {:.3}, {:.2} of {:.2} | {:.3}, {:.2} of {:.2}",
            b.year,
            b.certified_share,
            b.certified,
            b.headcount_total,
            a.certified_share,
            a.certified,
            a.headcount_total
        ));
    }
    insta::assert_snapshot!(rows.join("\n"));
}
