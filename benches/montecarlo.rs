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
//! * `reading/synthetic_3870_townships`: parsing that tenth's 12 MB file.
//!
//! Where the time went (perf): first, every pass walked every service-age
//! bucket of every slot, 61 buckets × 44 slots per township for the standard
//! stages, and compile looked township ids up linearly; then, with bit masks
//! of occupied buckets, the national projection was bound by memory latency
//! (830 MB of mostly empty rows of cells, one cache miss per occupied cell a
//! month) and its parallel blocks contended in the allocator.
//!
//! Why it is fast now (MODEL.md §8a): each township keeps a short sorted
//! list of its occupied cells (a few dozen; 16 bytes each), so every pass
//! streams one small list and a national state takes about 40 MB; a quiet
//! month takes exits, training, ageing and the census in one pass; moves
//! are applied through the cells laid out by key, without sorting; lists
//! start with room for 64 cells, so parallel blocks seldom allocate; one
//! census a month serves costs, recruitment, the summaries and the ledger;
//! replications keep one fixed row of county metrics per month instead of
//! building named results; binomials with a small mean (almost all of them)
//! are drawn by inversion from one uniform number. A big scenario's
//! expected-value projection steps fixed blocks of 2,048 townships in
//! parallel, and places recruits and sums county totals the same way.
//!
//! Reading the national file (perf): the RON reader took as much CPU as
//! the projection, and its two threads waited on the system allocator's
//! locks. Plainly written townships and initial stock are now read directly
//! (MODEL.md §8a), the scan that cuts the lists skips to the bytes that
//! matter, and the binary uses mimalloc: parsing went from 0.95 s to
//! 0.19–0.29 s.
//!
//! What is left (national file, command line): the projection is three
//! quarters of the time; in it, the exit and ageing pass over each
//! township's cells and the bookkeeping of its slots (a slot holds one to
//! three cohorts), then the exam month's moves. Measured with this
//! version in a busy phase: `1000_runs` 247 ms, `one_replication` 0.43 ms,
//! `mc_province/20_runs` 494 ms, `deterministic/synthetic_3870_townships`
//! 203 ms (157 ms in a quiet phase, same engine; with and without mimalloc
//! within 2 % of each other, run back to back), `reading` 24 ms; the
//! national file from the command line 1.4–1.6 s in quiet phases and
//! 1.6–2.1 s in busy ones (2.4–2.8 s for the previous version run between
//! them) in 230 MB.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use talent_planner::model::montecarlo::run_monte_carlo;
use talent_planner::model::{Model, RunOptions, Stochastic, generate, io};

/// The binary's allocator (see `src/main.rs`), so that the figures are those
/// of the command line.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    // Reading the same scenario's file (12 MB), as `generate` writes it.
    let mut text = Vec::new();
    if generate::write_ron(&sc, &mut text).is_err() {
        return;
    }
    let Ok(text) = String::from_utf8(text) else {
        return;
    };
    let mut g = c.benchmark_group("reading");
    g.sample_size(10);
    g.bench_function("synthetic_3870_townships", |b| {
        b.iter(|| black_box(io::parse_scenario(&text)))
    });
    g.finish();
}

criterion_group!(benches, default_county, province, national_tenth);
criterion_main!(benches);
