//! Monte Carlo and large-scale speed.
//!
//! * `mc_default_county/1000_runs`: 1,000 replications of the embedded
//!   default county over 120 months, reduced to bands and target odds.
//! * `mc_default_county/one_replication`: one replication (lean metrics).
//! * `mc_province/20_runs`: 20 replications of a province-sized synthetic
//!   scenario (1,600 townships ≈ 100 counties, 16 villages each).
//! * `deterministic/synthetic_3870_townships`: the expected-value projection
//!   of a tenth of the national synthetic scenario (the full one is measured
//!   with the command line: `run` on `generate --townships 38700
//!   --villages-per-township 13`).
//!
//! Where the time goes (perf, before the changes below): the monthly step
//! (exits, exams, training, ageing) and the summaries each walk every
//! service-age bucket of every slot, 61 buckets × 44 slots per township for
//! the standard stages; summing stage totals twice a month for the ledger
//! cost a quarter of a deterministic run; compile looked township ids up
//! linearly (quadratic at national scale).
//!
//! Why it is fast now: each slot keeps a bit mask of its occupied buckets,
//! so loops and sums touch only occupied cells (a replication's stock is a
//! few whole people spread over a handful of cells); the buckets of a slot
//! form a ring, so ageing turns the ring instead of moving cells; one census
//! a month (taken while ageing) serves costs, recruitment, the summaries and
//! the ledger; steps 0–6 run township by township so a township's cells stay
//! in the cache; state is struct-of-arrays (one flat `f64` vector of cells,
//! one mask vector, flows in flat per-township vectors) allocated once per
//! run, with no allocation in the step loop of a replication; replications
//! keep one fixed row of county metrics per month instead of building named
//! results; binomials with a small mean (almost all of them) are drawn by
//! inversion from one uniform number. A big scenario's expected-value
//! projection steps fixed blocks of 2,048 townships in parallel.
//!
//! What is left (perf on the national file): loading each occupied cell once
//! a month is a cache miss (38,700 townships × 44 slots × 61 buckets is
//! 830 MB of cells, touched sparsely), so the national projection is bound
//! by memory latency; a list of occupied cohorts per township would be the
//! next step.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use talent_planner::model::montecarlo::run_monte_carlo;
use talent_planner::model::{Model, RunOptions, Stochastic, generate, io};

fn default_county(c: &mut Criterion) {
    let Ok(sc) = io::default_scenario() else {
        return;
    };
    let Ok(model) = Model::compile(&sc) else {
        return;
    };
    let mut g = c.benchmark_group("mc_default_county");
    g.sample_size(10);
    g.bench_function("1000_runs", |b| {
        b.iter(|| black_box(run_monte_carlo(&model, 1000, 1, &|| {})))
    });
    let len = (model.months() as usize + 1) * model.metric_names().len();
    let mut out = vec![0.0; len];
    let stop = AtomicBool::new(false);
    let mut r = 0u64;
    g.bench_function("one_replication", |b| {
        b.iter(|| {
            r += 1;
            let mut s = Stochastic::new(1, r);
            black_box(model.run_metrics(&mut s, &mut out, &stop))
        })
    });
    g.finish();
}

fn province(c: &mut Criterion) {
    let Ok(sc) = generate::synthetic(1600, 16, 1) else {
        return;
    };
    let Ok(model) = Model::compile(&sc) else {
        return;
    };
    let mut g = c.benchmark_group("mc_province");
    g.sample_size(10);
    g.bench_function("20_runs", |b| {
        b.iter(|| black_box(run_monte_carlo(&model, 20, 1, &|| {})))
    });
    g.finish();
}

fn national_tenth(c: &mut Criterion) {
    let Ok(sc) = generate::synthetic(3870, 13, 1) else {
        return;
    };
    let Ok(model) = Model::compile(&sc) else {
        return;
    };
    let mut g = c.benchmark_group("deterministic");
    g.sample_size(10);
    g.bench_function("synthetic_3870_townships", |b| {
        b.iter(|| black_box(model.project(RunOptions::default())))
    });
    g.finish();
}

criterion_group!(benches, default_county, province, national_tenth);
criterion_main!(benches);
