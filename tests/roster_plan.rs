//! Roster to plan: initial stocks from the roster, estimated rates with their
//! intervals, applying only the chosen changes, and actual against projected.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use talent_planner::model::io;
use talent_planner::model::scenario::Scenario;
use talent_planner::model::{Model, RunOptions};
use talent_planner::roster::plan::{
    self, DEFAULT_BANDS_MONTHS, MIN_CELL_PEOPLE, Scope, Target, poisson_interval, wilson,
};
use talent_planner::roster::rules::RuleConfig;
use talent_planner::roster::{Date, Language, Roster, doc};

fn example() -> Roster {
    let text = std::fs::read_to_string("saves/example_roster.ron").unwrap();
    doc::from_ron_str(&text).unwrap().0
}

/// A small scenario with the standard grade stages over the example's townships.
fn scenario(roster: &Roster) -> Scenario {
    let towns: String = roster
        .townships
        .iter()
        .map(|t| {
            format!(
                "(id: \"{}\", name: \"{}\", staffing_norm: 3.0),",
                t.id, t.name
            )
        })
        .collect();
    let text = format!(
        r#"(
    format_version: 1,
    name: "roster test",
    start_year: 2026,
    start_month: 1,
    horizon_years: 2,
    exam_month: 6,
    county: (name: "示例县", local_average_wage_yuan_per_month: 5000.0, townships: [{towns}]),
    tracks: [(id: "professional", name: "专业"), (id: "local", name: "本土")],
    stages: [
        (id: "uncertified", name: "未持证", kind: Working(grade: Some(Uncertified), pay_yuan_per_month: 3200.0),
         exam: Some((to: "assistant", window_sittings: 1, participation: 0.5, subjects: [
            (id: "comprehensive", pass_probability: {{"professional": 0.35, "local": 0.18}}),
            (id: "practice", pass_probability: {{"professional": 0.35, "local": 0.18}}),
         ]))),
        (id: "assistant", name: "助理", kind: Working(grade: Some(Assistant), pay_yuan_per_month: 3800.0),
         exam: Some((to: "intermediate", window_sittings: 2, participation: 0.3, subjects: [
            (id: "comprehensive", pass_probability: {{"professional": 0.4, "local": 0.4}}),
            (id: "practice", pass_probability: {{"professional": 0.4, "local": 0.4}}),
            (id: "law_policy", pass_probability: {{"professional": 0.4, "local": 0.4}}),
         ]))),
        (id: "intermediate", name: "中级", kind: Working(grade: Some(Intermediate), pay_yuan_per_month: 4470.0)),
        (id: "senior", name: "高级", kind: Working(grade: Some(Senior), pay_yuan_per_month: 5000.0)),
    ],
    retention: (exit_rates: [(track: Some("professional"), annual_rate: 0.2), (annual_rate: 0.1)]),
)"#
    );
    io::from_ron_str(&text).unwrap()
}

#[test]
fn wilson_and_poisson_intervals() {
    let i = wilson(5, 10);
    assert!(
        (i.low - 0.2366).abs() < 1e-3 && (i.high - 0.7634).abs() < 1e-3,
        "{i:?}"
    );
    let i = wilson(0, 10);
    assert_eq!(i.low, 0.0);
    assert!((i.high - 0.2775).abs() < 1e-3, "{i:?}");
    let i = wilson(10, 10);
    assert!((i.low - 0.7225).abs() < 1e-3 && i.high == 1.0, "{i:?}");
    assert_eq!(wilson(0, 0).high, 1.0);
    // Exact Poisson 95 % for 10 events is [4.795, 18.39]; Byar's is close.
    let p = poisson_interval(10);
    assert!(
        (p.low - 4.795).abs() < 0.05 && (p.high - 18.39).abs() < 0.1,
        "{p:?}"
    );
    assert_eq!(poisson_interval(0).low, 0.0);
    assert!((poisson_interval(0).high - 3.689).abs() < 0.1);
}

#[test]
fn start_from_roster_counts_people_in_post() {
    let r = example();
    let sc = scenario(&r);
    let cfg = RuleConfig::default();
    let start = plan::start_from_roster(&r, &sc, &cfg).unwrap();
    let day = Date {
        year: 2026,
        month: 1,
        day: 1,
    };
    let in_post = r.people.iter().filter(|p| p.in_post_on(day)).count();
    assert_eq!(start.people_counted, in_post);
    assert!(start.warnings.is_empty(), "{:?}", start.warnings);
    let total: f64 = start.scenario.initial_stock.iter().map(|s| s.count).sum();
    assert_eq!(total, in_post as f64);
    // P001 (intermediate since 2023, hired 2018-03) is counted at its grade and tenure.
    let p001 = start
        .scenario
        .initial_stock
        .iter()
        .find(|s| s.stage == "intermediate" && s.township == "centre")
        .unwrap();
    assert_eq!(p001.tenure_months, 94);
    // Everything else in the scenario is unchanged, and it still compiles.
    assert_eq!(start.scenario.stages, sc.stages);
    let m = Model::compile(&start.scenario).unwrap();
    let proj = m.project(RunOptions::default());
    assert!((proj.months[0].headcount_total - in_post as f64).abs() < 1e-9);
}

#[test]
fn estimated_rates_with_intervals_and_warnings() {
    let r = example();
    let sc = scenario(&r);
    let cfg = RuleConfig::default();
    let as_of = Date {
        year: 2026,
        month: 11,
        day: 1,
    };
    let est = plan::estimate_rates(&r, &sc, &cfg, as_of, &DEFAULT_BANDS_MONTHS);
    let exits_total: usize = est.turnover.iter().map(|c| c.exits).sum();
    let exits_roster = r
        .people
        .iter()
        .filter(|p| p.exit_date().is_some_and(|d| d <= as_of))
        .count();
    assert_eq!(exits_total, exits_roster);
    for c in &est.turnover {
        assert!(
            c.interval.low <= c.annual_rate && c.annual_rate <= c.interval.high,
            "{c:?}"
        );
        assert!((0.0..=1.0).contains(&c.annual_rate));
        assert_eq!(c.small_sample, c.people < MIN_CELL_PEOPLE);
    }
    // Each person contributes at most once per band; band 0 covers everyone hired.
    let attempts_total: usize = est.pass_rates.iter().map(|c| c.attempts).sum();
    assert_eq!(attempts_total, r.attempts.len());
    for c in &est.pass_rates {
        assert!(c.interval.low <= c.rate && c.rate <= c.interval.high);
    }
    // Small cells are flagged, and only they; a few dozen people make most cells small.
    assert!(
        est.changes
            .iter()
            .all(|c| c.small_sample == (c.people < MIN_CELL_PEOPLE))
    );
    assert!(est.changes.iter().filter(|c| c.small_sample).count() > est.changes.len() / 2);
    for c in &est.changes {
        let (en, zh) = (c.warning(Language::En), c.warning(Language::Zh));
        assert_eq!(en.is_some(), c.small_sample);
        assert_eq!(zh.is_some(), c.small_sample);
        if let (Some(en), Some(zh)) = (en, zh) {
            assert!(en.contains(&format!("only {} people", c.people)), "{en}");
            assert!(zh.contains(&format!("仅{}人", c.people)), "{zh}");
        }
    }
    // Nothing applied yet; apply two chosen changes only.
    let exit_i = est
        .changes
        .iter()
        .position(|c| matches!(c.target, Target::ExitRate { .. }))
        .unwrap();
    let pass_i = est
        .changes
        .iter()
        .position(|c| matches!(&c.target, Target::PassProbability { stage, subject, track } if stage == "uncertified" && subject == "practice" && track == "local"))
        .unwrap();
    assert_eq!(est.changes[pass_i].current, Some(0.18));
    let out = plan::apply_estimates(&sc, &est, &[exit_i, pass_i]);
    assert_eq!(
        out.retention.exit_rates.len(),
        sc.retention.exit_rates.len() + 1
    );
    assert_eq!(
        out.retention.exit_rates[0].annual_rate,
        est.changes[exit_i].estimate
    );
    assert!(
        out.retention
            .source
            .text(false)
            .starts_with("estimated from roster, 2026-11-01")
    );
    let exam = out.stages[0].exam.as_ref().unwrap();
    assert_eq!(
        exam.subjects[1].pass_probability["local"],
        est.changes[pass_i].estimate
    );
    assert_eq!(exam.subjects[1].pass_probability["professional"], 0.35);
    assert!(exam.source.text(false).starts_with("estimated from roster"));
    assert!(Model::compile(&out).is_ok());
    // Applying nothing changes nothing.
    assert_eq!(plan::apply_estimates(&sc, &est, &[]), sc);
}

#[test]
fn turnover_hand_check() {
    // Two people: one stays 24 months, one leaves after 6 months.
    let text = r#"(format_version: 1, townships: [(id: "t", name: "t")], people: [
        (id: "a", name: "甲", township: "t", track: Local, education: Bachelor, major: Other, hire_date: Some("2024-01-01")),
        (id: "b", name: "乙", township: "t", track: Local, education: Bachelor, major: Other, hire_date: Some("2024-01-01"),
         employment: Exited(date: "2024-07-01", reason: "pay")),
    ])"#;
    let (r, _) = doc::from_ron_str(text).unwrap();
    let sc = scenario(&r);
    let est = plan::estimate_rates(
        &r,
        &sc,
        &RuleConfig::default(),
        Date {
            year: 2026,
            month: 1,
            day: 1,
        },
        &[12],
    );
    let first = est
        .turnover
        .iter()
        .find(|c| c.tenure_from_months == 0)
        .unwrap();
    // a: 12 months in band 0, b: 6 months + the exit month = 7.
    assert_eq!(first.person_months, 19.0);
    assert_eq!(first.exits, 1);
    assert_eq!(first.people, 2);
    let want = 1.0 - (1.0 - 1.0 / 19.0f64).powi(12);
    assert!((first.annual_rate - want).abs() < 1e-12);
    let second = est
        .turnover
        .iter()
        .find(|c| c.tenure_from_months == 12)
        .unwrap();
    assert_eq!(
        (second.person_months, second.exits, second.people),
        (12.0, 0, 1)
    );
}

#[test]
fn actual_vs_projected_county_and_cohort() {
    let r = example();
    let base = scenario(&r);
    let cfg = RuleConfig::default();
    let start = plan::start_from_roster(&r, &base, &cfg).unwrap().scenario;
    let proj = Model::compile(&start)
        .unwrap()
        .project(RunOptions::default());
    let until = Date {
        year: 2026,
        month: 11,
        day: 1,
    };
    let rows = plan::actual_vs_projected(&r, &start, &proj, &Scope::County, &cfg, until);
    assert_eq!(rows.len(), 11);
    // Month 0: the projection starts from the roster, so they agree.
    assert!((rows[0].projected_workers - rows[0].actual_workers).abs() < 1e-9);
    for (stage, v) in &rows[0].actual_by_stage {
        assert!(
            (rows[0].projected_by_stage[stage] - v).abs() < 1e-9,
            "{stage}"
        );
    }
    let day = |m| Date {
        year: 2026,
        month: m,
        day: 1,
    };
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row.date, day(k as u32 + 1));
        let want = r
            .people
            .iter()
            .filter(|p| p.in_post_on(day(k as u32 + 1)))
            .count() as f64;
        assert_eq!(row.actual_workers, want);
    }
    let cohort = plan::cohort_actual_vs_projected(&r, &base, "C2024A", &cfg, until).unwrap();
    let c = r.cohorts.iter().find(|c| c.id == "C2024A").unwrap();
    assert_eq!(cohort[0].year, 2024);
    assert_eq!(cohort[0].month, 3);
    assert!(cohort[0].projected_workers <= c.enrolled.len() as f64);
    assert!(
        cohort
            .iter()
            .all(|row| row.actual_workers <= c.enrolled.len() as f64)
    );
    assert!(plan::cohort_actual_vs_projected(&r, &base, "nope", &cfg, until).is_err());
}

#[test]
fn example_roster_starts_the_default_county() {
    let r = example();
    let sc = io::default_scenario().unwrap();
    // The example uses the default county's township ids.
    let ids: Vec<&str> = sc.county.townships.iter().map(|t| t.id.as_str()).collect();
    assert!(r.townships.iter().all(|t| ids.contains(&t.id.as_str())));
    let cfg = RuleConfig::default();
    let start = plan::start_from_roster(&r, &sc, &cfg).unwrap();
    assert!(start.warnings.is_empty(), "{:?}", start.warnings);
    let day = plan::scenario_start(&sc);
    assert_eq!(
        start.people_counted,
        r.people.iter().filter(|p| p.in_post_on(day)).count()
    );
    let proj = Model::compile(&start.scenario)
        .unwrap()
        .project(RunOptions::default());
    assert!((proj.months[0].headcount_total - start.people_counted as f64).abs() < 1e-9);
    let est = plan::estimate_rates(&r, &sc, &cfg, day, &DEFAULT_BANDS_MONTHS);
    let all: Vec<usize> = (0..est.changes.len()).collect();
    assert!(Model::compile(&plan::apply_estimates(&sc, &est, &all)).is_ok());
}

/// One row of "actual vs projected" as the app shows it, rounded so the
/// snapshot does not hinge on the last bits of the engine's arithmetic.
#[derive(serde::Serialize)]
struct ShownRow {
    date: String,
    projected_workers: f64,
    actual_workers: f64,
    projected_certified: f64,
    actual_certified: f64,
    actual_by_stage: std::collections::BTreeMap<String, f64>,
}

fn shown(rows: &[plan::ComparisonRow]) -> Vec<ShownRow> {
    let r = |v: f64| (v * 1000.0).round() / 1000.0;
    rows.iter()
        .map(|x| ShownRow {
            date: x.date.to_string(),
            projected_workers: r(x.projected_workers),
            actual_workers: x.actual_workers,
            projected_certified: r(x.projected_certified),
            actual_certified: x.actual_certified,
            actual_by_stage: x.actual_by_stage.clone(),
        })
        .collect()
}

#[test]
fn actual_vs_projected_snapshots() {
    let r = example();
    let cfg = RuleConfig::default();
    let sc = io::default_scenario().unwrap();
    let until = Date {
        year: 2026,
        month: 3,
        day: 1,
    };
    // Each cohort against the projection made at its start.
    for c in &r.cohorts {
        let rows = plan::cohort_actual_vs_projected(&r, &sc, &c.id, &cfg, until).unwrap();
        if c.start_date > until {
            assert!(rows.is_empty());
            continue;
        }
        // The projection starts from every member not gone by the start
        // (trainees hired later count from the start); the roster counts
        // only those already in post.
        let not_gone = r
            .people
            .iter()
            .filter(|p| c.enrolled.contains(&p.id))
            .filter(|p| p.exit_date().is_none_or(|d| d > c.start_date))
            .count() as f64;
        assert!((rows[0].projected_workers - not_gone).abs() < 1e-9);
        assert!(rows[0].actual_workers <= rows[0].projected_workers);
        // Nobody is hired into a cohort projection: it can only shrink.
        assert!(
            rows.windows(2)
                .all(|w| w[1].projected_workers <= w[0].projected_workers + 1e-9)
        );
        for row in &rows {
            assert!(row.actual_certified <= row.actual_workers);
            assert!(row.projected_certified <= row.projected_workers + 1e-9);
        }
        insta::assert_json_snapshot!(format!("actual_vs_projected_{}", c.id), shown(&rows));
    }
    // The county from the roster-started default county.
    let start = plan::start_from_roster(&r, &sc, &cfg).unwrap().scenario;
    let proj = Model::compile(&start)
        .unwrap()
        .project(RunOptions::default());
    let rows = plan::actual_vs_projected(&r, &start, &proj, &Scope::County, &cfg, until);
    assert_eq!(rows.len(), 3, "Jan (start), Feb, Mar 2026");
    insta::assert_json_snapshot!("actual_vs_projected_county", shown(&rows));
}

/// The default county with its townships and exit rates, and nothing else
/// moving: no recruitment, `n` people of `track` in `stage` of the first
/// station at `tenure` months.
fn one_cell(track: &str, stage: &str, tenure: u32, n: f64) -> (Scenario, String) {
    let mut sc = io::default_scenario().unwrap();
    sc.recruitment.clear();
    let township = sc
        .county
        .townships
        .iter()
        .find(|t| !t.county_centre)
        .unwrap()
        .id
        .clone();
    sc.initial_stock = std::sync::Arc::new(vec![talent_planner::model::scenario::InitialStock {
        township: township.clone(),
        track: track.into(),
        stage: stage.into(),
        count: n,
        tenure_months: tenure,
    }]);
    (sc, township)
}

#[test]
fn engine_hazards_read_by_id_are_those_of_the_projection() {
    // January: no exam, no deadline move; only exits happen to the cell.
    for (track, stage, tenure) in [
        ("professional", "uncertified", 3),
        ("local", "assistant", 11),
        ("professional", "intermediate", 200),
    ] {
        let (sc, township) = one_cell(track, stage, tenure, 1000.0);
        let m = Model::compile(&sc).unwrap();
        let remote = m
            .remoteness_exit_multipliers()
            .find(|(id, _)| *id == township)
            .unwrap()
            .1;
        let mult = m.lever_exit_multiplier(stage, track).unwrap() * remote;
        let [h0, r] = m.exit_hazard_parts(stage, track, tenure).unwrap();
        let h = (h0 * mult).min(1.0);
        let want = 1000.0 * h + (1000.0 - 1000.0 * h) * r;
        let proj = m.project(RunOptions::default());
        assert!(
            (proj.months[1].exits - want).abs() < 1e-9,
            "{track} {stage} {tenure}: {} vs {want}",
            proj.months[1].exits
        );
        assert!(want > 0.0);
    }
    let (sc, _) = one_cell("local", "uncertified", 0, 1.0);
    let m = Model::compile(&sc).unwrap();
    assert!(m.lever_exit_multiplier("phase_basic", "local").is_none());
    assert_eq!(
        m.exit_hazard_parts("phase_basic", "local", 0),
        Some([0.0, 0.0])
    );
    assert!(m.exit_hazard_parts("nowhere", "local", 0).is_none());
}

/// Simulates rosters from the default county's exit hazards and estimates
/// the rates back: for every track and tenure band, the 95 % interval of
/// the base rate covers the scenario's rate in at least 90 % of 200 seeds,
/// while the observed total rate (what was written before) is well above it.
#[test]
fn estimated_base_rates_give_back_the_scenario_rates() {
    let sc = io::default_scenario().unwrap();
    let cfg = RuleConfig::default();
    let spec = talent_planner::roster::synth::SimulationSpec {
        people: 400,
        first_hire: Date {
            year: 2016,
            month: 1,
            day: 1,
        },
        last_hire: Date {
            year: 2025,
            month: 12,
            day: 1,
        },
        as_of: Date {
            year: 2026,
            month: 1,
            day: 1,
        },
        assistant_share: 0.5,
    };
    let truth = |track: &str, from: u32| {
        sc.retention
            .exit_rates
            .iter()
            .find(|r| {
                r.track.as_deref().is_none_or(|t| t == track)
                    && r.stage.is_none()
                    && from >= r.tenure_from_months
                    && r.tenure_to_months.is_none_or(|to| from < to)
            })
            .unwrap()
            .annual_rate
    };
    // (covered, seeds, Σ base estimate, Σ observed) per (track, band start).
    let mut tally: BTreeMap<(String, u32), (usize, usize, f64, f64)> = BTreeMap::new();
    for seed in 0..200 {
        let r =
            talent_planner::roster::synth::roster_from_scenario(&sc, &spec, &cfg, seed).unwrap();
        let est = plan::estimate_rates(&r, &sc, &cfg, spec.as_of, &DEFAULT_BANDS_MONTHS);
        for c in &est.turnover {
            let want = truth(c.track.id(), c.tenure_from_months);
            let i = c.base_interval.unwrap();
            let e = tally
                .entry((c.track.id().to_string(), c.tenure_from_months))
                .or_default();
            e.0 += usize::from(i.low <= want && want <= i.high);
            e.1 += 1;
            e.2 += c.base_annual_rate.unwrap();
            e.3 += c.annual_rate;
        }
    }
    assert_eq!(tally.len(), 6);
    for ((track, from), (covered, seeds, base, observed)) in &tally {
        let want = truth(track, *from);
        let n = *seeds as f64;
        assert_eq!(*seeds, 200, "{track} {from}");
        assert!(
            *covered as f64 >= 0.9 * n,
            "{track} from {from}: covered {covered} of {seeds}"
        );
        // Unbiased on average, and the observed totals are not the base rates.
        assert!(
            (base / n - want).abs() < 0.1 * want,
            "{track} from {from}: mean {} vs {want}",
            base / n
        );
        assert!(observed / n > want * 1.1, "{track} from {from}");
    }
}

/// The test scenario with a third track, in-service staff of the
/// civil-affairs system, who sit the exams too.
fn with_in_service(mut sc: Scenario) -> Scenario {
    sc.tracks.push(talent_planner::model::scenario::Track {
        id: "in_service".into(),
        name: "民政协理员".into(),
        name_en: "In-service staff".into(),
        education_mix: Default::default(),
    });
    for exam in sc.stages.iter_mut().filter_map(|s| s.exam.as_mut()) {
        for sub in &mut exam.subjects {
            sub.pass_probability.insert("in_service".into(), 0.3);
        }
    }
    sc
}

/// The example with every third person moved to the in-service track.
fn in_service_roster() -> Roster {
    let mut r = example();
    for p in r.people.iter_mut().skip(2).step_by(3) {
        p.track = talent_planner::roster::TrackId::new("in_service");
    }
    r
}

#[test]
fn a_third_track_is_counted_at_the_start_and_estimated_on_its_own() {
    let r = in_service_roster();
    let sc = with_in_service(scenario(&r));
    let cfg = RuleConfig::default();
    let day = Date {
        year: 2026,
        month: 1,
        day: 1,
    };
    let is_in_service = |p: &&talent_planner::roster::Person| p.track.id() == "in_service";
    let in_post = r.people.iter().filter(|p| p.in_post_on(day)).count();
    let in_service = r
        .people
        .iter()
        .filter(is_in_service)
        .filter(|p| p.in_post_on(day))
        .count();
    assert!(in_service >= 5, "{in_service}");
    let start = plan::start_from_roster(&r, &sc, &cfg).unwrap();
    assert!(start.warnings.is_empty(), "{:?}", start.warnings);
    assert_eq!(start.people_counted, in_post);
    let counted: f64 = start
        .scenario
        .initial_stock
        .iter()
        .filter(|s| s.track == "in_service")
        .map(|s| s.count)
        .sum();
    assert_eq!(counted, in_service as f64);
    let proj = Model::compile(&start.scenario)
        .unwrap()
        .project(RunOptions::default());
    assert!((proj.months[0].headcount_total - in_post as f64).abs() < 1e-9);

    // Turnover and pass rates: the track has cells of its own, after the
    // scenario's first two, and the changes proposed include its rates.
    let as_of = Date {
        year: 2026,
        month: 11,
        day: 1,
    };
    let est = plan::estimate_rates(&r, &sc, &cfg, as_of, &DEFAULT_BANDS_MONTHS);
    let mut order: Vec<&str> = est.turnover.iter().map(|c| c.track.id()).collect();
    order.dedup();
    assert_eq!(order, ["professional", "local", "in_service"]);
    let exits: usize = est
        .turnover
        .iter()
        .filter(|c| c.track.id() == "in_service")
        .map(|c| c.exits)
        .sum();
    let left = r
        .people
        .iter()
        .filter(is_in_service)
        .filter(|p| p.exit_date().is_some_and(|d| d <= as_of))
        .count();
    assert_eq!(exits, left);
    let ids: std::collections::HashSet<&str> = r
        .people
        .iter()
        .filter(is_in_service)
        .map(|p| p.id.as_str())
        .collect();
    let sat = r
        .attempts
        .iter()
        .filter(|a| ids.contains(a.person.as_str()))
        .count();
    assert!(sat > 0);
    let attempts: usize = est
        .pass_rates
        .iter()
        .filter(|c| c.track.id() == "in_service")
        .map(|c| c.attempts)
        .sum();
    assert_eq!(attempts, sat);
    let exit_rates = est
        .changes
        .iter()
        .filter(|c| matches!(&c.target, Target::ExitRate { track, .. } if track == "in_service"))
        .count();
    assert_eq!(
        exit_rates,
        est.turnover
            .iter()
            .filter(|c| c.track.id() == "in_service")
            .count()
    );
    let pass = est
        .changes
        .iter()
        .position(
            |c| matches!(&c.target, Target::PassProbability { track, .. } if track == "in_service"),
        )
        .unwrap();
    assert_eq!(est.changes[pass].current, Some(0.3));

    // A scenario without the track: its people are left out of the start
    // with a warning each, and their cells are shown but proposed nowhere.
    let two = scenario(&r);
    let start = plan::start_from_roster(&r, &two, &cfg).unwrap();
    assert_eq!(start.people_counted, in_post - in_service);
    assert_eq!(start.warnings.len(), in_service);
    assert!(start.warnings.iter().all(|w| matches!(
        w,
        plan::StartWarning::Track { track, .. } if track.id() == "in_service"
    )));
    assert!(
        start.warnings[0]
            .message(Language::Zh)
            .contains("方案中没有人才类别in_service")
    );
    let est = plan::estimate_rates(&r, &two, &cfg, as_of, &DEFAULT_BANDS_MONTHS);
    assert!(est.turnover.iter().any(|c| c.track.id() == "in_service"));
    assert!(est.changes.iter().all(|c| !matches!(
        &c.target,
        Target::ExitRate { track, .. } | Target::PassProbability { track, .. } if track == "in_service"
    )));
}
