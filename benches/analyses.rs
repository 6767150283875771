//! Speed of the planner's analyses on the embedded default county (17
//! townships, 120 months), as the command line and the app run them.
//!
//! * `compare/4_plans_1000_runs`: the base and three variants (pay × 1.15,
//!   a 40-person local cohort, both), 1,000 paired replications each.
//! * `sensitivity/deterministic`: the tornado of every catalog entry at its
//!   plausible ends (and ±5 % for the elasticity) on the projection.
//! * `sensitivity/500_runs`: the same with 500 paired replications per point.
//! * `seek/1000_runs`: the least local cohort that gives 1 worker per
//!   10,000 residents by 2030 with probability 0.8.
//! * `optimise/3_levers_200_runs`: the cheapest mix of pay, the local
//!   cohort and exam support meeting every goal of the county.
//!
//! Figures are in MODEL.md §12, "Speed".

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use talent_planner::model::analysis::{
    Control, Evaluation, compare, compile_with, seek, sensitivity,
};
use talent_planner::model::goals::goal_by_id_or_inline;
use talent_planner::model::{Model, io};

/// The binary's allocator (see `src/main.rs`), so that the figures are those
/// of the command line.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const COHORT: &str = "recruitment.本土人才培养班.size";

fn analyses(c: &mut Criterion) {
    let Ok(base) = io::default_scenario() else {
        return;
    };
    let set = |pairs: &[(&str, f64)]| {
        let owned: Vec<(String, f64)> = pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect();
        compile_with(&base, &owned).ok()
    };
    let (Some(a), Some(b), Some(c2), Some(d)) = (
        set(&[]),
        set(&[("levers.pay_multiplier", 1.15)]),
        set(&[(COHORT, 40.0)]),
        set(&[("levers.pay_multiplier", 1.15), (COHORT, 40.0)]),
    ) else {
        return;
    };
    let plans: Vec<(talent_planner::model::Scenario, Model)> = vec![a, b, c2, d];
    let labels: Vec<String> = ["base", "pay", "cohort", "both"].map(String::from).to_vec();
    let ctl = Control::new();
    let mc = |runs| Evaluation::MonteCarlo { runs, seed: 1 };

    let mut g = c.benchmark_group("analyses");
    g.sample_size(10);
    g.bench_function("compare/4_plans_1000_runs", |bch| {
        bch.iter(|| {
            let opts = compare::CompareOptions {
                eval: mc(1000),
                county_only: false,
                year: Some(2030),
            };
            black_box(compare::compare(&plans, &labels, opts, &ctl).ok())
        });
    });
    let tornado = |eval| sensitivity::SensitivityOptions {
        metrics: vec!["stations_at_norm".into()],
        year: Some(2030),
        eval,
        only: None,
    };
    g.bench_function("sensitivity/deterministic", |bch| {
        bch.iter(|| {
            black_box(
                sensitivity::sensitivity(&base, &tornado(Evaluation::Deterministic), &ctl).ok(),
            )
        });
    });
    g.bench_function("sensitivity/500_runs", |bch| {
        bch.iter(|| black_box(sensitivity::sensitivity(&base, &tornado(mc(500)), &ctl).ok()));
    });
    let Ok(goal) = goal_by_id_or_inline(&base, "workers_per_10k_by_2030") else {
        return;
    };
    g.bench_function("seek/1000_runs", |bch| {
        bch.iter(|| {
            let opts = seek::SeekOptions {
                lever: COHORT.into(),
                goal: goal.clone(),
                probability: 0.8,
                eval: mc(1000),
            };
            black_box(seek::seek(&base, &opts, &ctl).ok())
        });
    });
    g.bench_function("optimise/3_levers_200_runs", |bch| {
        bch.iter(|| {
            let opts = seek::OptimiseOptions {
                levers: vec![
                    "levers.pay_multiplier".into(),
                    COHORT.into(),
                    "levers.exam_support_pass_uplift".into(),
                ],
                probability: 0.8,
                eval: mc(200),
            };
            black_box(seek::optimise(&base, &opts, &ctl).ok())
        });
    });
    g.finish();
}

criterion_group!(benches, analyses);
criterion_main!(benches);
