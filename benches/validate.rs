//! Validation speed: the embedded default county (clean, so no position
//! index is built), the same text with one error (parse, checks and the
//! position index), a synthetic county of 200 townships × 13 villages, and
//! the position index alone.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use talent_planner::model::generate;
use talent_planner::model::io::DEFAULT_COUNTY_RON;
use talent_planner::model::validate::{check_text, locate::TextIndex, validate};

fn benches(c: &mut Criterion) {
    c.bench_function("validate_default_clean", |b| {
        b.iter(|| black_box(check_text(black_box(DEFAULT_COUNTY_RON))))
    });
    let broken = DEFAULT_COUNTY_RON.replacen("horizon_years: ", "horizon_years: 9", 1);
    c.bench_function("validate_default_one_error", |b| {
        b.iter(|| black_box(check_text(black_box(&broken))))
    });
    c.bench_function("index_default", |b| {
        b.iter(|| black_box(TextIndex::new(black_box(DEFAULT_COUNTY_RON))))
    });
    let Ok(sc) = generate::synthetic(200, 13, 1) else {
        return;
    };
    c.bench_function("validate_in_memory_200x13", |b| {
        b.iter(|| black_box(validate(black_box(&sc))))
    });
    let mut bytes = Vec::new();
    if generate::write_ron(&sc, &mut bytes).is_err() {
        return;
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    c.bench_function("validate_text_200x13", |b| {
        b.iter(|| black_box(check_text(black_box(&text))))
    });
}

criterion_group!(validation, benches);
criterion_main!(validation);
