//! Monte Carlo: the stochastic model agrees with the expected-value
//! projection where it must, conserves whole people in every replication, and
//! gives the same answer whatever the number of threads.

#![allow(clippy::unwrap_used)] // helpers of a test file may unwrap

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::cell::Cell;
use std::sync::atomic::AtomicBool;
use talent_planner::model::montecarlo::{self, McError, binomial, run_monte_carlo};
use talent_planner::model::{Expected, McJob, Model, RunOptions, Sampler, Scenario, Stochastic};

fn fixture() -> Scenario {
    let text = std::fs::read_to_string("tests/fixtures/mc_county.ron").unwrap();
    talent_planner::model::io::from_ron_str(&text).unwrap()
}

/// Every replication's metrics, `[rep][month * width + metric]`.
fn replicate(model: &Model, runs: usize, seed: u64) -> Vec<Vec<f64>> {
    let len = (model.months() as usize + 1) * model.metric_names().len();
    (0..runs)
        .into_par_iter()
        .map(|r| {
            let mut out = vec![0.0; len];
            let mut s = Stochastic::new(seed, r as u64);
            assert!(model.run_metrics(&mut s, &mut out, &AtomicBool::new(false)));
            out
        })
        .collect()
}

fn expected_metrics(model: &Model) -> Vec<f64> {
    let len = (model.months() as usize + 1) * model.metric_names().len();
    let mut out = vec![0.0; len];
    assert!(model.run_metrics(&mut Expected, &mut out, &AtomicBool::new(false)));
    out
}

#[test]
fn binomial_draws_have_the_right_mean_and_variance() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    // small n (Bernoulli and inversion), large mean (BTPE), p above one half
    for (n, p) in [
        (1u64, 0.3),
        (3, 0.02),
        (7, 0.4),
        (40, 0.1),
        (1_000, 0.3),
        (50, 0.9),
        (100_000, 0.001),
    ] {
        let draws = 40_000;
        let xs: Vec<f64> = (0..draws)
            .map(|_| binomial(&mut rng, n, p) as f64)
            .collect();
        assert!(xs.iter().all(|&x| x >= 0.0 && x <= n as f64));
        let mean = xs.iter().sum::<f64>() / draws as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (draws - 1) as f64;
        let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
        let se = (v / draws as f64).sqrt();
        assert!(
            (mean - m).abs() < 5.0 * se,
            "n={n} p={p}: mean {mean} vs {m}"
        );
        assert!(
            (var / v - 1.0).abs() < 0.05,
            "n={n} p={p}: var {var} vs {v}"
        );
    }
    assert_eq!(binomial(&mut rng, 10, 0.0), 0);
    assert_eq!(binomial(&mut rng, 10, 1.0), 10);
    assert_eq!(binomial(&mut rng, 0, 0.5), 0);
}

#[test]
fn stochastic_rounding_keeps_the_mean() {
    let mut s = Stochastic::new(5, 0);
    let draws = 50_000;
    let total: f64 = (0..draws).map(|_| s.whole(2.3)).sum();
    let mean = total / draws as f64;
    // each draw is 2 or 3: sd 0.458
    assert!((mean - 2.3).abs() < 5.0 * 0.458 / (draws as f64).sqrt());
    assert_eq!(s.whole(4.0), 4.0);
    assert_eq!(s.whole(-1.0), 0.0);
    let x = s.whole(0.5);
    assert!(x == 0.0 || x == 1.0);
}

#[test]
fn lean_metrics_equal_the_projection() {
    for sc in [fixture(), {
        let text = std::fs::read_to_string("saves/markov_textbook.ron").unwrap();
        talent_planner::model::io::from_ron_str(&text).unwrap()
    }] {
        let model = Model::compile(&sc).unwrap();
        let p = model.project(RunOptions::default());
        let lean = expected_metrics(&model);
        let names = model.metric_names();
        let w = names.len();
        for (i, m) in p.months.iter().enumerate() {
            let row = &lean[i * w..][..w];
            let json = serde_json::to_value(m).unwrap();
            for (k, name) in names.iter().enumerate() {
                let want = match name.split_once('.') {
                    Some((group, key)) => json[group][key].as_f64().unwrap(),
                    None if name == "spend_year_to_date_yuan" => continue,
                    None => json[name.as_str()].as_f64().unwrap(),
                };
                assert!(
                    (row[k] - want).abs() <= 1e-9 * (1.0 + want.abs()),
                    "{} month {i}: lean {} projection {want}",
                    name,
                    row[k]
                );
            }
        }
    }
}

#[test]
fn every_replication_conserves_whole_people() {
    let model = Model::compile(&fixture()).unwrap();
    for r in 0..40 {
        let mut s = Stochastic::new(3, r);
        let p = model.run(&mut s, RunOptions::default());
        for ledger in &p.ledger {
            for e in ledger {
                for v in [e.opening, e.inflow, e.outflow, e.closing] {
                    assert_eq!(v, v.round(), "not whole: {e:?}");
                    assert!(v >= 0.0);
                }
                assert_eq!(e.opening + e.inflow - e.outflow, e.closing, "{e:?}");
            }
        }
        for (_, series) in &p.stages.0 {
            assert!(series.iter().all(|&x| x == x.round() && x >= 0.0));
        }
    }
}

#[test]
fn replication_draws_depend_on_seed_and_index_only() {
    let model = Model::compile(&fixture()).unwrap();
    let a = replicate(&model, 6, 21);
    let b = replicate(&model, 6, 21);
    assert_eq!(a, b);
    // different replications (and seeds) differ somewhere
    assert_ne!(a[0], a[1]);
    assert_ne!(a[0], replicate(&model, 1, 22)[0]);
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let model = Model::compile(&fixture()).unwrap();
    let run_on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_monte_carlo(&model, 64, 8, &|| {}).unwrap())
    };
    let one = run_on(1);
    let two = run_on(2);
    assert_eq!(one, two);
    assert_eq!(
        serde_json::to_vec(&one).unwrap(),
        serde_json::to_vec(&two).unwrap()
    );
    assert_eq!(one.completed, 64);
}

#[test]
fn bands_are_ordered_and_targets_are_probabilities() {
    let model = Model::compile(&fixture()).unwrap();
    let mc = run_monte_carlo(&model, 200, 1, &|| {}).unwrap();
    let months = model.months() as usize + 1;
    for (name, b) in &mc.bands.0 {
        for v in [&b.mean, &b.p5, &b.p25, &b.p50, &b.p75, &b.p95] {
            assert_eq!(v.len(), months, "{name}");
        }
        for i in 0..months {
            assert!(
                b.p5[i] <= b.p25[i]
                    && b.p25[i] <= b.p50[i]
                    && b.p50[i] <= b.p75[i]
                    && b.p75[i] <= b.p95[i],
                "{name} month {i}"
            );
            assert!(b.mean[i] >= b.p5[i] - 1e-9 || b.mean[i] <= b.p95[i] + 1e-9);
        }
    }
    let head = mc.bands.get("headcount_total").unwrap();
    // the start state is fixed: no spread
    assert_eq!(head.p5[0], 7.0);
    assert_eq!(head.p95[0], 7.0);
    // later on people leave and join at random
    assert!(head.p95[60] > head.p5[60]);
    let norm = mc.targets.get("all_stations_at_norm").unwrap();
    let years: Vec<i32> = norm.probability_by_year.keys().copied().collect();
    assert_eq!(years, (2026..=2035).collect::<Vec<_>>());
    for t in &mc.targets.0 {
        assert!(
            t.1.probability_by_year
                .values()
                .all(|p| (0.0..=1.0).contains(p))
        );
    }
    assert!(mc.targets.get("spend_within_budget").is_some());
    // a goal is met in a replication exactly when its metric says so
    let reps = replicate(&model, 200, 1);
    let w = model.metric_names().len();
    let open = talent_planner::model::engine::metric_index("stations_open").unwrap();
    let at = talent_planner::model::engine::metric_index("stations_at_norm").unwrap();
    let end_2030 = montecarlo::year_ends(&model)[&2030];
    let met = reps
        .iter()
        .filter(|r| r[end_2030 * w + at] >= r[end_2030 * w + open])
        .count();
    assert_eq!(norm.probability_by_year[&2030], met as f64 / 200.0);
}

#[test]
fn bad_run_sizes_are_refused_before_starting() {
    let model = Model::compile(&fixture()).unwrap();
    assert_eq!(
        run_monte_carlo(&model, 0, 1, &|| {}).unwrap_err(),
        McError::ZeroRuns
    );
    assert!(matches!(
        run_monte_carlo(&model, usize::MAX, 1, &|| {}).unwrap_err(),
        McError::TooManyRuns { .. }
    ));
    assert!(McJob::start(model.clone(), 0, 1).is_err());
    // the estimate grows with the runs and saturates instead of overflowing
    let small = montecarlo::estimated_bytes(&model, 10);
    let big = montecarlo::estimated_bytes(&model, 10_000);
    // 9,990 more runs hold at least their metrics of every month index
    let per_run = (u64::from(model.months()) + 1) * model.metric_names().len() as u64 * 8;
    assert!(big - small >= 9_990 * per_run);
    assert!(montecarlo::estimated_bytes(&model, usize::MAX) >= big);
}

#[test]
fn background_job_finishes_with_the_same_result() {
    let model = Model::compile(&fixture()).unwrap();
    let direct = run_monte_carlo(&model, 30, 4, &|| {}).unwrap();
    let mut job = McJob::start(model, 30, 4).unwrap();
    let result = loop {
        if let Some(r) = job.try_finish() {
            break r.unwrap();
        }
        let (done, total) = job.progress();
        assert!(done <= total);
        if let Some(p) = job.partial() {
            assert!(p.completed >= 1 && p.completed <= 30);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    assert_eq!(job.progress(), (30, 30));
    assert_eq!(result, direct);
}

#[test]
fn cancelled_job_keeps_the_finished_replications() {
    let model = Model::compile(&fixture()).unwrap();
    let mut job = McJob::start(model, 200_000, 4).unwrap();
    while job.progress().0 == 0 {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    job.cancel();
    let result = loop {
        if let Some(r) = job.try_finish() {
            break r.unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    assert!(result.completed >= 1 && result.completed < 200_000);
    assert_eq!(result.runs, 200_000);
    assert_eq!(result.completed, job.progress().0);
    let head = result.bands.get("headcount_total").unwrap();
    assert_eq!(head.mean[0], 7.0);
}

// ---------------------------------------------------------------------------
// The stochastic mean equals the deterministic value on linear scenarios.

/// Parameters of a random small scenario whose policies are linear.
#[derive(Debug, Clone)]
struct Linear {
    townships: usize,
    two_tracks: bool,
    stock: Vec<(u32, u32)>,
    exit_annual: f64,
    renewal: f64,
    pass: (f64, f64),
    window: u32,
    participation: f64,
    training: Option<(u32, f64)>,
    hires_per_year: f64,
    per_township: bool,
    hire_month: Option<u32>,
    replace_share: f64,
    deadline: Option<(u32, u8)>,
    custom_move: f64,
    remoteness: f64,
}

fn linear_strategy() -> impl Strategy<Value = Linear> {
    (
        (1usize..=3, any::<bool>()),
        prop::collection::vec((3u32..15, 0u32..30), 3),
        (0.05f64..0.4, 0.0f64..0.3),
        ((0.2f64..0.8, 0.2f64..0.8), 1u32..=2, 0.3f64..1.0),
        prop::option::of((1u32..=4, 0.0f64..0.3)),
        (0.0f64..20.0, any::<bool>(), prop::option::of(1u32..=12)),
        0.0f64..1.0,
        prop::option::of((6u32..=24, 0u8..3)),
        (0.0f64..0.2, 0.0f64..1.0),
    )
        .prop_map(
            |(
                (townships, two_tracks),
                stock,
                (exit_annual, renewal),
                (pass, window, participation),
                training,
                (hires_per_year, per_township, hire_month),
                replace_share,
                deadline,
                (custom_move, remoteness),
            )| Linear {
                townships,
                two_tracks,
                stock,
                exit_annual,
                renewal,
                pass,
                window,
                participation,
                training,
                hires_per_year,
                per_township,
                hire_month,
                replace_share,
                deadline,
                custom_move,
                remoteness,
            },
        )
}

fn linear_scenario(p: &Linear) -> Scenario {
    let tracks: &[&str] = if p.two_tracks { &["a", "b"] } else { &["a"] };
    let mut townships = String::new();
    for i in 0..p.townships {
        townships += &format!(
            r#"(id: "t{i}", name: "T{i}", staffing_norm: 3.0, seat_population: 2000.0,
                villages: [(name: "v", population: 1000.0, left_behind_children: 20.0, remoteness: {r})]),"#,
            r = p.remoteness * i as f64 / 3.0
        );
    }
    let track_list: String = tracks
        .iter()
        .map(|t| format!(r#"(id: "{t}", name: "{t}"),"#))
        .collect();
    let pass_map = |x: f64| -> String {
        tracks
            .iter()
            .enumerate()
            .map(|(k, t)| format!(r#""{t}": {},"#, x * (1.0 - 0.3 * k as f64)))
            .collect()
    };
    let (training_stage, entry) = match p.training {
        Some((months, dropout)) => (
            format!(
                r#"(id: "train", name: "train", kind: Training(duration_months: {months}, dropout_share: {dropout}, next: "unc")),"#
            ),
            "train",
        ),
        None => (String::new(), "unc"),
    };
    let mut stock = String::new();
    for (k, &(count, tenure)) in p.stock.iter().enumerate() {
        let stage = ["unc", "asst", "side"][k];
        for i in 0..p.townships {
            for t in tracks {
                // a fractional start is rounded at random in a replication
                let count = f64::from(count) + if k == 0 { 0.5 } else { 0.0 };
                stock += &format!(
                    r#"(township: "t{i}", track: "{t}", stage: "{stage}", count: {count}, tenure_months: {tenure}),"#
                );
            }
        }
    }
    let deadline = match p.deadline {
        None => "None".to_string(),
        Some((months, c)) => format!(
            r#"Some((months: {months}, stages: ["unc"], consequence: {}))"#,
            ["Exit", "MoveTo(\"side\")", "Flag"][c as usize]
        ),
    };
    let hire_month = match p.hire_month {
        None => "None".to_string(),
        Some(m) => format!("Some({m})"),
    };
    let text = format!(
        r#"(
    format_version: 1, name: "linear", start_year: 2026, start_month: 1, horizon_years: 4, seed: 1,
    exam_month: 6,
    county: (name: "c", local_average_wage_yuan_per_month: 4000.0, townships: [{townships}]),
    tracks: [{track_list}],
    stages: [
        {training_stage}
        (id: "unc", name: "unc", kind: Working(grade: Some(Uncertified), pay_yuan_per_month: 3000.0),
         exam: Some((to: "asst", window_sittings: {window}, participation: {participation},
            min_service_months: {{"a": 3}},
            subjects: [(id: "s1", pass_probability: {{{p1}}}), (id: "s2", pass_probability: {{{p2}}})]))),
        (id: "asst", name: "asst", kind: Working(grade: Some(Assistant), pay_yuan_per_month: 3500.0, allowance_yuan_per_month: 200.0),
         transitions: [(to: Stage("side"), probability: {custom_move}, period: Monthly, track: Some("a"))]),
        (id: "side", name: "side", kind: Custom(counts_as_worker: true),
         transitions: [(to: Stage("asst"), probability: 0.3, period: Yearly(month: 3)), (to: Exit, probability: 0.2, period: Yearly(month: 3))]),
    ],
    initial_stock: [{stock}],
    recruitment: [
        Schedule(track: "a", stage: "{entry}", hires_per_year: {hires}, per_township: {per_township}, month: {hire_month}, allocation: Even),
        Cohort(name: "k", track: "{last}", stage: "{entry}", start_year: 2026, start_month: 4, size: 3.5, repeat_every_months: Some(12), allocation: Weights({{"t0": 2.0}})),
        ReplaceLeavers(track: "{last}", stage: "unc", share: {replace}, period: Yearly(month: 9)),
    ],
    retention: (
        exit_rates: [(tenure_to_months: Some(12), annual_rate: {e1}), (tenure_from_months: 12, annual_rate: {e2})],
        contract_months: 12,
        renewal_exit_share: {{"a": {renewal}}},
        remoteness_sensitivity: 0.5,
    ),
    budget: (exam_fee_yuan_per_subject: 60.0, recruitment_cost_yuan_per_hire: 800.0, training_cost_yuan_per_trainee_month: 300.0,
             station_overhead_yuan_per_year: 12000.0,
             sources: [(id: "county", name: "county", yuan_per_year: 100000.0)]),
    certify_deadline: {deadline},
)"#,
        window = p.window,
        participation = p.participation,
        p1 = pass_map(p.pass.0),
        p2 = pass_map(p.pass.1),
        custom_move = p.custom_move,
        hires = p.hires_per_year,
        per_township = p.per_township,
        last = tracks[tracks.len() - 1],
        replace = p.replace_share,
        e1 = p.exit_annual * 1.5,
        e2 = p.exit_annual,
        renewal = p.renewal,
    );
    talent_planner::model::io::from_ron_str(&text).unwrap()
}

/// Metrics whose value is not linear in the state (ratios, thresholds, caps).
const NON_LINEAR: [&str; 8] = [
    "certified_share",
    "gap_fte",
    "stations_at_norm",
    "villages_covered",
    "stations_at_minimum",
    "stations_at_norm_share",
    "stations_at_minimum_share",
    "unfunded_year_yuan",
];

/// (pairs compared, beyond 3 standard errors, beyond 5 or an inexact degenerate pair).
fn compare(model: &Model, runs: usize, seed: u64) -> (usize, usize, usize, String) {
    let reps = replicate(model, runs, seed);
    let det = expected_metrics(model);
    let names = model.metric_names();
    let w = names.len();
    let (mut pairs, mut over3, mut over5) = (0, 0, 0);
    let mut worst = String::new();
    for (k, name) in names.iter().enumerate() {
        // Funding is attributed with a min(spending, funding left): not linear.
        if NON_LINEAR.contains(&name.as_str()) || name.starts_with("cost_by_source.") {
            continue;
        }
        for i in 0..det.len() / w {
            let j = i * w + k;
            let xs: Vec<f64> = reps.iter().map(|r| r[j]).collect();
            let mean = xs.iter().sum::<f64>() / runs as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (runs - 1) as f64;
            // A rare flow (fewer than 100 events expected over all
            // replications) is a count whose sample variance is as low as
            // its sample happens to be: a draw with few events has a small
            // spread too, and its z is inflated (53 events where 92 were
            // expected gave z = 5.1 on the sample's variance, 4.1 on the
            // expected one). A count drawn as binomial portions varies at
            // most like a Poisson count of its mean (np(1 − p) ≤ np): the
            // larger of that bound and the sample's variance is used.
            let var = if det[j] * (runs as f64) < 100.0 {
                var.max(det[j])
            } else {
                var
            };
            let se = (var / runs as f64).sqrt();
            let diff = (mean - det[j]).abs();
            pairs += 1;
            if se == 0.0 {
                // A rare flow (a few contract exits a year in a sub-cause
                // column) is zero in every replication often enough; that is
                // not a degenerate draw. All runs are zero with probability
                // about e^(−det·runs): 5 % at 3 expected events in all, so
                // with hundreds of pairs a threshold of 3 fails now and then
                // on a legitimate draw; at 10 it is 0.005 %.
                if mean == 0.0 && det[j] * (runs as f64) < 10.0 {
                    continue;
                }
                if diff > 1e-9 * (1.0 + det[j].abs()) {
                    over5 += 1;
                    worst = format!("{name} month {i}: degenerate {mean} vs {}", det[j]);
                }
                continue;
            }
            let z = diff / se;
            if z > 3.0 {
                over3 += 1;
            }
            if z > 5.0 {
                over5 += 1;
                worst = format!("{name} month {i}: mean {mean} det {} z {z}", det[j]);
            }
        }
    }
    (pairs, over3, over5, worst)
}

#[test]
fn stochastic_mean_matches_deterministic_projection_on_linear_scenarios() {
    let mut runner = TestRunner::new(Config {
        cases: 12,
        rng_seed: RngSeed::Fixed(20_260_601),
        failure_persistence: None,
        ..Config::default()
    });
    let (all_pairs, all_over3, case) = (Cell::new(0), Cell::new(0), Cell::new(0u64));
    runner
        .run(&linear_strategy(), |p| {
            case.set(case.get() + 1);
            let model = Model::compile(&linear_scenario(&p)).unwrap();
            let (pairs, over3, over5, worst) = compare(&model, 400, 1_000 + case.get());
            all_pairs.set(all_pairs.get() + pairs);
            all_over3.set(all_over3.get() + over3);
            prop_assert_eq!(over5, 0, "{}", worst);
            prop_assert!(
                over3 * 100 <= pairs * 2,
                "{} of {} beyond 3 SE",
                over3,
                pairs
            );
            Ok(())
        })
        .unwrap();
    let (all_over3, all_pairs) = (all_over3.get(), all_pairs.get());
    assert!(
        all_over3 * 100 <= all_pairs,
        "{all_over3} of {all_pairs} (month, metric) pairs beyond 3 standard errors"
    );
}

#[test]
fn degenerate_draws_match_exactly() {
    // No randomness at all: rates 0 or 1, whole numbers. Every replication is the projection.
    let mut p = Linear {
        townships: 2,
        two_tracks: false,
        stock: vec![(4, 2), (3, 20), (2, 5)],
        exit_annual: 0.0,
        renewal: 0.0,
        pass: (1.0, 1.0),
        window: 1,
        participation: 1.0,
        training: Some((2, 0.0)),
        hires_per_year: 24.0,
        per_township: true,
        hire_month: None,
        replace_share: 1.0,
        deadline: None,
        custom_move: 0.0,
        remoteness: 0.0,
    };
    p.stock[0].0 = 4;
    let mut sc = linear_scenario(&p);
    // whole starting stock and cohorts, and no yearly moves out of "side"
    for s in std::sync::Arc::make_mut(&mut sc.initial_stock).iter_mut() {
        s.count = s.count.floor();
    }
    for r in &mut sc.recruitment {
        if let talent_planner::model::scenario::Recruitment::Cohort { size, .. } = r {
            *size = 4.0;
        }
    }
    sc.stages.iter_mut().for_each(|s| s.transitions.clear());
    let model = Model::compile(&sc).unwrap();
    let det = expected_metrics(&model);
    for r in replicate(&model, 5, 3) {
        assert_eq!(r, det);
    }
}

// ---------------------------------------------------------------------------
// Non-linear policies: the gap has the sign Jensen's inequality predicts.

fn cumulative_hires(model: &Model, metrics: &[f64]) -> f64 {
    let w = model.metric_names().len();
    let k = talent_planner::model::engine::metric_index("hires").unwrap();
    metrics.iter().skip(k).step_by(w).sum()
}

#[test]
fn hiring_cap_makes_the_stochastic_mean_lower() {
    // 22 hires a year, 1.83 a month rounded at random, stop at 22 applicants
    // a year: E[min(X, cap)] <= min(E[X], cap), so fewer hires on average.
    let mut sc = fixture();
    sc.recruitment = vec![talent_planner::model::scenario::Recruitment::Schedule {
        track: "local".into(),
        stage: "uncertified".into(),
        hires_per_year: 22.0,
        per_township: false,
        month: None,
        from_year: None,
        to_year: None,
        applicants_per_year: Some(22.0),
        allocation: talent_planner::model::scenario::Allocation::Even,
        source: Default::default(),
    }];
    let model = Model::compile(&sc).unwrap();
    let det = cumulative_hires(&model, &expected_metrics(&model));
    let reps = replicate(&model, 300, 5);
    let totals: Vec<f64> = reps.iter().map(|r| cumulative_hires(&model, r)).collect();
    let mean = totals.iter().sum::<f64>() / totals.len() as f64;
    let sd = (totals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 299.0).sqrt();
    let se = sd / (300f64).sqrt();
    assert!(mean < det - 3.0 * se, "mean {mean} det {det} se {se}");
}

#[test]
fn fill_to_norm_makes_the_stochastic_mean_higher() {
    // Cohorts can push a station over its norm; hires fill the shortfall
    // max(0, norm − have), which is convex: more hires on average.
    let mut sc = fixture();
    sc.recruitment.retain(|r| {
        !matches!(
            r,
            talent_planner::model::scenario::Recruitment::FillToNorm { .. }
        )
    });
    sc.recruitment
        .push(talent_planner::model::scenario::Recruitment::FillToNorm {
            track: "professional".into(),
            stage: "uncertified".into(),
            max_hires_per_year: 1_000.0,
            month: None,
            source: Default::default(),
        });
    let model = Model::compile(&sc).unwrap();
    let det = cumulative_hires(&model, &expected_metrics(&model));
    let reps = replicate(&model, 300, 6);
    let totals: Vec<f64> = reps.iter().map(|r| cumulative_hires(&model, r)).collect();
    let mean = totals.iter().sum::<f64>() / totals.len() as f64;
    let sd = (totals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 299.0).sqrt();
    let se = sd / (300f64).sqrt();
    assert!(mean > det + 3.0 * se, "mean {mean} det {det} se {se}");
}
