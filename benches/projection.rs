//! Deterministic projection speed: the embedded default county over its
//! 10-year horizon (120 monthly steps), the Markov textbook system, and how
//! the time grows with townships × villages × months (`scaling/*`: synthetic
//! counties from `generate`, named `{townships}tw_{villages}v_{months}m`).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use talent_planner::model::{Model, RunOptions, generate, io};

fn default_county(c: &mut Criterion) {
    let Ok(sc) = io::default_scenario() else {
        return;
    };
    let Ok(model) = Model::compile(&sc) else {
        return;
    };
    c.bench_function("default_county_project", |b| {
        b.iter(|| black_box(model.project(RunOptions::default())))
    });
    c.bench_function("default_county_compile", |b| {
        b.iter(|| black_box(Model::compile(black_box(&sc))))
    });
    let mut g = c.benchmark_group("default_county_horizon");
    for years in [5u32, 10, 20, 30] {
        let mut s = sc.clone();
        s.horizon_years = years;
        if let Ok(m) = Model::compile(&s) {
            g.bench_with_input(BenchmarkId::from_parameter(years * 12), &m, |b, m| {
                b.iter(|| black_box(m.project(RunOptions::default())))
            });
        }
    }
    g.finish();
}

/// How the time grows with townships, villages per township and months.
fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for (townships, villages, years) in [
        (16, 16, 10),
        (64, 16, 10),
        (256, 16, 10),
        (1024, 16, 10),
        (4096, 16, 10),
        (256, 4, 10),
        (256, 64, 10),
        (256, 16, 5),
        (256, 16, 20),
        (256, 16, 30),
    ] {
        let Ok(mut sc) = generate::synthetic(townships, villages, 1) else {
            continue;
        };
        sc.horizon_years = years;
        let Ok(model) = Model::compile(&sc) else {
            continue;
        };
        let id = format!("{townships}tw_{villages}v_{}m", years * 12);
        g.bench_function(id, |b| {
            b.iter(|| black_box(model.project(RunOptions::default())))
        });
    }
    g.finish();
}

criterion_group!(benches, default_county, scaling);
criterion_main!(benches);
