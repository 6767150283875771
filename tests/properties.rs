//! Invariants of the expected-value projection over random scenarios:
//! people are conserved stage by stage and in total, stocks never go
//! negative, shares stay in [0, 1], and the run is deterministic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use std::collections::BTreeMap;
use talent_planner::model::scenario::*;
use talent_planner::model::{Model, RunOptions};

#[derive(Debug, Clone)]
struct Knobs {
    townships: usize,
    dropout: f64,
    exit_first: f64,
    exit_later: f64,
    renewal: f64,
    pass: f64,
    participation: f64,
    transition: f64,
    hires: f64,
    cohort: f64,
    replace: f64,
    initial: f64,
    deadline_exit: bool,
    cap: bool,
    funding: f64,
}

fn knobs() -> impl Strategy<Value = Knobs> {
    (
        (
            1usize..4,
            0.0..0.5f64,
            0.0..0.6f64,
            0.0..0.4f64,
            0.0..0.3f64,
        ),
        (
            0.0..1.0f64,
            0.0..1.0f64,
            0.0..0.3f64,
            0.0..20.0f64,
            0.0..40.0f64,
        ),
        (
            0.0..1.0f64,
            0.0..30.0f64,
            any::<bool>(),
            any::<bool>(),
            0.0..5e6f64,
        ),
    )
        .prop_map(|(a, b, c)| Knobs {
            townships: a.0,
            dropout: a.1,
            exit_first: a.2,
            exit_later: a.3,
            renewal: a.4,
            pass: b.0,
            participation: b.1,
            transition: b.2,
            hires: b.3,
            cohort: b.4,
            replace: c.0,
            initial: c.1,
            deadline_exit: c.2,
            cap: c.3,
            funding: c.4,
        })
}

fn prob(tracks: &[&str], p: f64) -> BTreeMap<String, f64> {
    tracks.iter().map(|t| ((*t).to_string(), p)).collect()
}

fn working(id: &str, grade: Grade, pay: f64, exam: Option<Exam>) -> Stage {
    Stage {
        id: id.into(),
        name: id.into(),
        name_en: id.into(),
        kind: StageKind::Working {
            grade: Some(grade),
            pay_yuan_per_month: pay,
            allowance_yuan_per_month: 100.0,
        },
        transitions: vec![],
        exam,
        source: "test".into(),
    }
}

fn scenario(k: &Knobs) -> Scenario {
    let tracks = ["pro", "loc"];
    let subject = |id: &str, after: bool| Subject {
        id: id.into(),
        pass_probability: prob(&tracks, k.pass),
        after_others: after,
    };
    let exam = |to: &str, subs: Vec<Subject>, w: u32, min: u32| Exam {
        to: to.into(),
        subjects: subs,
        window_sittings: w,
        min_service_months: prob(&tracks, 0.0).into_keys().map(|t| (t, min)).collect(),
        participation: k.participation,
        source: "test".into(),
    };
    let townships: Vec<Township> = (0..k.townships)
        .map(|i| Township {
            id: format!("t{i}"),
            name: format!("T{i}"),
            county_centre: false,
            station_opens_month: (i as u32) * 7,
            staffing_norm: 3.0,
            seat_population: 1000.0,
            villages: (0..3)
                .map(|v| Village {
                    name: format!("v{v}"),
                    population: 900.0 + 100.0 * v as f64,
                    aged_60_plus: 200.0,
                    left_behind_children: 15.0,
                    left_behind_elderly: 60.0,
                    disabled: 20.0,
                    dibao_households: 10.0,
                    remoteness: 0.3 * v as f64,
                })
                .collect(),
        })
        .collect();
    let mut custom = Stage {
        id: "seconded".into(),
        name: "seconded".into(),
        name_en: "seconded".into(),
        kind: StageKind::Custom {
            counts_as_worker: true,
        },
        transitions: vec![Transition {
            to: Target::Stage("uncert".into()),
            probability: 0.5,
            period: Period::Yearly { month: 9 },
            track: None,
        }],
        exam: None,
        source: "test".into(),
    };
    custom.transitions.push(Transition {
        to: Target::Exit,
        probability: k.transition,
        period: Period::Monthly,
        track: None,
    });
    let mut uncert = working(
        "uncert",
        Grade::Uncertified,
        3200.0,
        Some(exam(
            "assist",
            vec![subject("comprehensive", false), subject("practice", false)],
            1,
            6,
        )),
    );
    uncert.transitions.push(Transition {
        to: Target::Stage("seconded".into()),
        probability: k.transition,
        period: Period::Monthly,
        track: Some("loc".into()),
    });
    let stages = vec![
        Stage {
            id: "phase1".into(),
            name: "phase1".into(),
            name_en: "phase1".into(),
            kind: StageKind::Training {
                duration_months: 2,
                dropout_share: k.dropout,
                next: "phase2".into(),
                course_hours: 40.0,
            },
            transitions: vec![],
            exam: None,
            source: "test".into(),
        },
        Stage {
            id: "phase2".into(),
            name: "phase2".into(),
            name_en: "phase2".into(),
            kind: StageKind::Training {
                duration_months: 3,
                dropout_share: k.dropout,
                next: "uncert".into(),
                course_hours: 60.0,
            },
            transitions: vec![],
            exam: None,
            source: "test".into(),
        },
        uncert,
        working(
            "assist",
            Grade::Assistant,
            3800.0,
            Some(exam(
                "inter",
                vec![
                    subject("comprehensive", false),
                    subject("practice", false),
                    subject("law_policy", false),
                ],
                2,
                12,
            )),
        ),
        working(
            "inter",
            Grade::Intermediate,
            4470.0,
            Some(exam(
                "senior",
                vec![subject("practice", false), subject("review", true)],
                3,
                24,
            )),
        ),
        working("senior", Grade::Senior, 5500.0, None),
        custom,
    ];
    let mut initial = Vec::new();
    for (i, tw) in townships.iter().enumerate() {
        for (j, st) in ["uncert", "assist", "inter", "phase2"].iter().enumerate() {
            initial.push(InitialStock {
                township: tw.id.clone(),
                track: tracks[(i + j) % 2].into(),
                stage: (*st).into(),
                count: k.initial / (j + 1) as f64,
                tenure_months: (7 * j as u32) % 3,
            });
        }
    }
    Scenario {
        format_version: FORMAT_VERSION,
        name: "random".into(),
        description: String::new(),
        start_year: 2026,
        start_month: 4,
        horizon_years: 4,
        seed: 7,
        exam_month: 6,
        results_month: None,
        county: County {
            name: "c".into(),
            local_average_wage_yuan_per_month: 5000.0,
            townships: townships.into(),
            source: "test".into(),
        },
        tracks: tracks
            .iter()
            .map(|t| Track {
                id: (*t).into(),
                name: (*t).into(),
                name_en: (*t).into(),
            })
            .collect(),
        stages,
        initial_stock: initial.into(),
        recruitment: vec![
            Recruitment::Schedule {
                track: "pro".into(),
                stage: "uncert".into(),
                hires_per_year: k.hires,
                per_township: false,
                month: None,
                from_year: None,
                to_year: None,
                applicants_per_year: Some(k.hires * 0.8),
                allocation: Allocation::ByGap,
                source: "test".into(),
            },
            Recruitment::Cohort {
                name: "c".into(),
                name_en: String::new(),
                track: "loc".into(),
                stage: "phase1".into(),
                start_year: 2026,
                start_month: 5,
                size: k.cohort,
                repeat_every_months: Some(12),
                until_year: None,
                allocation: Allocation::Even,
                source: "test".into(),
            },
            Recruitment::ReplaceLeavers {
                track: "pro".into(),
                stage: "uncert".into(),
                share: k.replace,
                leavers_of_track: None,
                period: Period::Yearly { month: 9 },
                source: "test".into(),
            },
            Recruitment::FillToNorm {
                track: "loc".into(),
                stage: "uncert".into(),
                max_hires_per_year: 2.0,
                month: Some(1),
                source: "test".into(),
            },
        ],
        retention: Retention {
            exit_rates: vec![
                ExitRate {
                    track: Some("pro".into()),
                    stage: None,
                    tenure_from_months: 0,
                    tenure_to_months: Some(12),
                    annual_rate: k.exit_first,
                },
                ExitRate {
                    track: None,
                    stage: None,
                    tenure_from_months: 0,
                    tenure_to_months: None,
                    annual_rate: k.exit_later,
                },
            ],
            contract_months: 12,
            renewal_exit_share: prob(&tracks, k.renewal),
            pay_elasticity: 1.0,
            reference_pay_ratio: 0.7,
            ladder_multiplier: 0.85,
            admin_sensitivity: 0.5,
            reference_admin_share: 0.6,
            arrears_sensitivity_per_month: 0.05,
            remoteness_sensitivity: 0.3,
            source: "test".into(),
        },
        need: Need {
            caseloads: vec![CaseLoad {
                group: Group::Aged60Plus,
                cases_per_person_per_year: 0.1,
                hours_per_case: 8.0,
            }],
            ..Need::default()
        },
        budget: Budget {
            social_insurance_share: 0.3,
            training_cost_yuan_per_trainee_month: 500.0,
            exam_fee_yuan_per_subject: 50.0,
            recruitment_cost_yuan_per_hire: 2000.0,
            station_overhead_yuan_per_year: 20000.0,
            exam_support_yuan_per_subject: 300.0,
            ladder_pay_step_share: 0.14,
            admin_relief_yuan_per_worker_year: 21600.0,
            sources: vec![FundingSource {
                id: "county".into(),
                name: "county".into(),
                name_en: String::new(),
                yuan_per_year: k.funding,
                growth_per_year: 0.03,
                by_year: BTreeMap::new(),
            }],
            cap_hiring_at_funding: k.cap,
            funding_delay_probability: 0.3,
            funding_delay_months: 3.0,
            source: "test".into(),
        },
        levers: Levers {
            admin_share: 0.6,
            promotion_ladder: true,
            ..Levers::default()
        },
        certify_deadline: Some(CertifyDeadline {
            months: 18,
            stages: vec!["uncert".into()],
            consequence: if k.deadline_exit {
                DeadlineConsequence::Exit
            } else {
                DeadlineConsequence::Flag
            },
            source: "test".into(),
        }),
        targets: Targets::default(),
        uncertainty: Default::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn people_are_conserved(k in knobs()) {
        let sc = scenario(&k);
        let p = Model::compile(&sc).unwrap().project(RunOptions::default());
        prop_assert_eq!(p.months.len(), 49);
        // Stage ledgers balance at every step.
        for (s, entries) in p.ledger.iter().enumerate() {
            prop_assert_eq!(entries.len(), 48);
            for (t, e) in entries.iter().enumerate() {
                let err = (e.opening + e.inflow - e.outflow - e.closing).abs();
                prop_assert!(err <= 1e-7 * (1.0 + e.opening + e.inflow), "stage {} step {}: {:?}", s, t + 1, e);
                // the ledger's stocks are the published stage series
                prop_assert!((e.closing - p.stages.0[s].1[t + 1]).abs() < 1e-9);
                prop_assert!((e.opening - p.stages.0[s].1[t]).abs() < 1e-9);
            }
        }
        // Whole system: everyone is a worker or a trainee; change = entries − exits.
        for t in 1..p.months.len() {
            let (a, b) = (&p.months[t - 1], &p.months[t]);
            let before = a.headcount_total + a.trainees;
            let after = b.headcount_total + b.trainees;
            let flow = b.hires + b.trainee_intake - b.exits;
            prop_assert!((before + flow - after).abs() < 1e-7 * (1.0 + before), "month {}", t);
        }
        for m in &p.months {
            prop_assert!(m.headcount_total >= -1e-9 && m.trainees >= -1e-9);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&m.certified_share));
            prop_assert!(m.gap_fte >= 0.0 && m.gap_fte <= m.need_fte + 1e-9);
            prop_assert!(m.stations_at_norm <= m.stations_open);
            prop_assert!(m.cost_yuan >= 0.0);
            prop_assert!((m.cost_by_source.total() - m.cost_yuan).abs() < 1e-6 * (1.0 + m.cost_yuan));
            prop_assert!((m.cost_by_category.total() - m.cost_yuan).abs() < 1e-6 * (1.0 + m.cost_yuan));
            for (_, v) in m.stages_nonneg() { prop_assert!(v >= -1e-9); }
        }
        for series in &p.stages.0 {
            prop_assert!(series.1.iter().all(|v| *v >= -1e-9), "negative stock in {}", series.0);
        }
    }

    #[test]
    fn projection_is_deterministic(k in knobs()) {
        let sc = scenario(&k);
        let m = Model::compile(&sc).unwrap();
        let a = serde_json::to_vec(&m.project(RunOptions { township_detail: true, ..RunOptions::default() })).unwrap();
        let b = serde_json::to_vec(&m.project(RunOptions { township_detail: true, ..RunOptions::default() })).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn hiring_cap_stops_every_hire(k in knobs()) {
        let mut capped = k;
        capped.cap = true;
        let sc = scenario(&capped);
        let p = Model::compile(&sc).unwrap().project(RunOptions::default());
        for m in &p.months {
            if m.hiring_capped {
                prop_assert_eq!(m.hires, 0.0);
                prop_assert_eq!(m.trainee_intake, 0.0);
            }
        }
        // The cap only ever binds when the year's committed spending reaches
        // the funding; with funding far above any cost it never binds.
        let mut rich = sc.clone();
        rich.budget.sources[0].yuan_per_year = 1e12;
        let pr = Model::compile(&rich).unwrap().project(RunOptions::default());
        prop_assert!(pr.months.iter().all(|m| !m.hiring_capped));
    }
}

trait StagesNonNeg {
    fn stages_nonneg(&self) -> Vec<(String, f64)>;
}

impl StagesNonNeg for talent_planner::model::MonthResult {
    fn stages_nonneg(&self) -> Vec<(String, f64)> {
        self.headcount_by_grade
            .iter()
            .chain(self.trainees_by_stage.iter())
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }
}

#[test]
fn exam_rules_one_sitting_and_two_sitting_windows() {
    // A single professional cohort of 100 uncertified workers, no exits.
    let mut k = Knobs {
        townships: 1,
        dropout: 0.0,
        exit_first: 0.0,
        exit_later: 0.0,
        renewal: 0.0,
        pass: 0.5,
        participation: 1.0,
        transition: 0.0,
        hires: 0.0,
        cohort: 0.0,
        replace: 0.0,
        initial: 0.0,
        deadline_exit: false,
        cap: false,
        funding: 1e9,
    };
    k.initial = 0.0;
    let mut sc = scenario(&k);
    sc.certify_deadline = None;
    sc.recruitment.clear();
    sc.initial_stock = vec![InitialStock {
        township: "t0".into(),
        track: "pro".into(),
        stage: "assist".into(),
        count: 100.0,
        tenure_months: 24,
    }]
    .into();
    let p = Model::compile(&sc).unwrap().project(RunOptions::default());
    // Start April 2026; sittings in June 2026 (step 3) and June 2027 (step 15).
    let inter = sc.stages.iter().position(|s| s.id == "inter").unwrap();
    let promoted = |step: usize| p.ledger[inter][step - 1].inflow;
    // First sitting: all three subjects at 0.5 → 12.5 % certify.
    assert!((promoted(3) - 12.5).abs() < 1e-9, "{}", promoted(3));
    // Second sitting: a person holding j subjects from last year (probability
    // C(3, j)/8 of the original 100) attempts the other 3 − j:
    // 100 · (1/8 · 1/8 + 3/8 · 1/4 + 3/8 · 1/2) = 29.6875.
    assert!((promoted(15) - 29.6875).abs() < 1e-9, "{}", promoted(15));
    // Subjects passed in year 1 expire after year 2: in year 3 only year-2
    // passes carry (an independent enumeration of the subject chain gives
    // 11.9140625; had year-1 passes still counted it would be larger).
    assert!(
        (promoted(27) - 11.914_062_5).abs() < 1e-9,
        "{}",
        promoted(27)
    );
    // Nobody certifies between sittings.
    for step in [4, 10, 14, 16, 26] {
        assert_eq!(promoted(step), 0.0, "step {step}");
    }
}
