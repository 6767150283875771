//! Roster speed with 100,000 synthetic people: certification status of
//! everyone, building the roster table, one filter-and-sort query (what the
//! view runs when a filter changes), reminders, and parsing an exam CSV.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use talent_planner::roster::rules::{RuleConfig, roster_statuses};
use talent_planner::roster::synth::synthetic_roster;
use talent_planner::roster::table::{self, ExportOptions, FileFormat};
use talent_planner::roster::views::{self, RosterFilter, RosterTable, SortKey, StatusFilter};
use talent_planner::roster::{Date, TownshipRef, TrackId};

fn roster_100k(c: &mut Criterion) {
    let towns: Vec<TownshipRef> = (0..16)
        .map(|i| TownshipRef {
            id: format!("t{i:02}"),
            name: format!("乡镇{i}"),
        })
        .collect();
    let roster = synthetic_roster(100_000, &towns, 7);
    let cfg = RuleConfig::default();
    let mut g = c.benchmark_group("roster_100k");
    g.sample_size(20);
    g.bench_function("status_all", |b| {
        b.iter(|| black_box(roster_statuses(black_box(&roster), &cfg)))
    });
    let statuses = roster_statuses(&roster, &cfg);
    g.bench_function("table_build", |b| {
        b.iter(|| black_box(RosterTable::build(&roster, &statuses)))
    });
    let t = RosterTable::build(&roster, &statuses);
    let filter = RosterFilter {
        township: Some("t03".into()),
        track: Some(TrackId::local()),
        status: Some(StatusFilter::Active),
        ..RosterFilter::default()
    };
    g.bench_function("query_filter_sort_name", |b| {
        b.iter(|| black_box(t.query(&filter, SortKey::Name, false)))
    });
    g.bench_function("query_all_sort_level", |b| {
        b.iter(|| black_box(t.query(&RosterFilter::default(), SortKey::Level, true)))
    });
    let search = RosterFilter {
        search: "人员123".into(),
        ..RosterFilter::default()
    };
    g.bench_function("query_search", |b| {
        b.iter(|| black_box(t.query(&search, SortKey::Id, false)))
    });
    let today = Date {
        year: 2026,
        month: 5,
        day: 1,
    };
    g.bench_function("reminders", |b| {
        b.iter(|| black_box(views::reminders(&roster, &statuses, &cfg, today)))
    });
    let csv = talent_planner::exchange::csv::table_bytes(&table::attempts_table(
        &roster,
        &ExportOptions::plain(),
    ))
    .unwrap_or_default();
    let tracks = talent_planner::model::io::default_scenario()
        .map(|sc| sc.tracks)
        .unwrap_or_default();
    g.bench_function("import_attempts_csv", |b| {
        b.iter(|| {
            black_box(table::preview_import(
                &roster,
                &tracks,
                FileFormat::Csv,
                &csv,
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, roster_100k);
criterion_main!(benches);
