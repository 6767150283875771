//! The shipped scenarios load, compile and project to plausible numbers, and
//! the synthetic generator is deterministic and round-trips through RON.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use talent_planner::model::generate::{synthetic, write_ron};
use talent_planner::model::io::{DEFAULT_COUNTY_RON, default_scenario, from_ron_str, load};
use talent_planner::model::{Model, MonthResult, Projection, RunOptions, Scenario};

const SHIPPED: [&str; 4] = [
    "assets/default_county.ron",
    "saves/larger_county.ron",
    "saves/policy_variant.ron",
    "saves/markov_textbook.ron",
];

fn project(sc: &Scenario) -> Projection {
    Model::compile(sc).unwrap().project(RunOptions::default())
}

/// The state at the end of December of `year`.
fn december(p: &Projection, year: i32) -> &MonthResult {
    p.months
        .iter()
        .rfind(|m| m.year == year && m.month == 12)
        .unwrap()
}

/// Spending in calendar `year`, yuan (steps 1.. only: month 0 is the start state).
fn cost_in(p: &Projection, year: i32) -> f64 {
    p.months[1..]
        .iter()
        .filter(|m| m.year == year)
        .map(|m| m.cost_yuan)
        .sum()
}

/// Mean headcount over the months of `year`.
fn mean_headcount(p: &Projection, year: i32) -> f64 {
    let months: Vec<f64> = p.months[1..]
        .iter()
        .filter(|m| m.year == year)
        .map(|m| m.headcount_total)
        .collect();
    months.iter().sum::<f64>() / months.len() as f64
}

#[test]
fn every_shipped_file_parses_and_projects() {
    for path in SHIPPED {
        let sc = load(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let p = project(&sc);
        assert_eq!(p.months.len() as u32, sc.horizon_years * 12 + 1, "{path}");
        for m in &p.months {
            assert!(m.headcount_total.is_finite() && m.headcount_total >= 0.0);
            assert!(m.cost_yuan.is_finite() && m.cost_yuan >= 0.0);
        }
    }
}

#[test]
fn every_scenario_file_has_sources() {
    for path in &SHIPPED[..3] {
        let sc = load(std::path::Path::new(path)).unwrap();
        assert!(!sc.county.source.is_empty(), "{path}: county");
        assert!(!sc.retention.source.is_empty(), "{path}: retention");
        assert!(!sc.need.source.is_empty(), "{path}: need");
        assert!(!sc.budget.source.is_empty(), "{path}: budget");
        assert!(!sc.levers.source.is_empty(), "{path}: levers");
        assert!(sc.stages.iter().all(|s| !s.source.is_empty()), "{path}");
        assert!(
            sc.stages
                .iter()
                .filter_map(|s| s.exam.as_ref())
                .all(|e| !e.source.is_empty()),
            "{path}"
        );
        assert!(!sc.certify_deadline.as_ref().unwrap().source.is_empty());
        // A planner reading the file finds the explanation at the top.
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.starts_with("//"), "{path} has no header comment");
    }
}

#[test]
fn default_county_has_the_documented_shape() {
    let sc = default_scenario().unwrap();
    // The embedded text is the asset file.
    assert_eq!(
        DEFAULT_COUNTY_RON,
        std::fs::read_to_string("assets/default_county.ron").unwrap()
    );
    let townships = &sc.county.townships;
    assert_eq!(townships.len(), 17);
    assert_eq!(townships.iter().filter(|t| t.county_centre).count(), 1);
    let villages: usize = townships.iter().map(|t| t.villages.len()).sum();
    assert_eq!(villages, 260);
    let in_villages: f64 = townships
        .iter()
        .flat_map(|t| &t.villages)
        .map(|v| v.population)
        .sum();
    let seats: f64 = townships.iter().map(|t| t.seat_population).sum();
    assert_eq!(in_villages, 260_000.0);
    assert_eq!(in_villages + seats, 400_000.0);
    let staff: f64 = sc.initial_stock.iter().map(|s| s.count).sum();
    assert_eq!(staff, 35.0);
    assert!(townships.iter().all(|t| t.staffing_norm == 3.0));
    // Village groups follow the national shares: 60+ ≈ 23 %, ≈ 15 left-behind
    // children and ≈ 60 left-behind elderly per village.
    let all: Vec<_> = townships.iter().flat_map(|t| &t.villages).collect();
    let aged: f64 = all.iter().map(|v| v.aged_60_plus).sum();
    assert!((aged / in_villages - 0.23).abs() < 0.01);
    let lbc: f64 = all.iter().map(|v| v.left_behind_children).sum::<f64>() / 260.0;
    assert!((13.0..17.0).contains(&lbc), "{lbc}");
    let lbe: f64 = all.iter().map(|v| v.left_behind_elderly).sum::<f64>() / 260.0;
    assert!((55.0..65.0).contains(&lbe), "{lbe}");
    assert!(all.iter().all(|v| (0.0..=1.0).contains(&v.remoteness)));
    assert_eq!(
        (sc.start_year, sc.start_month, sc.horizon_years),
        (2026, 1, 10)
    );
}

#[test]
fn default_county_headline_numbers_are_plausible() {
    let sc = default_scenario().unwrap();
    let p = project(&sc);
    let start = &p.months[0];
    let end = december(&p, 2035);

    // Need ≈ 3 per station: 16 stations × ≈ 3 + 3 at the centre ≈ 50 FTE.
    assert!((45.0..56.0).contains(&start.need_fte), "{}", start.need_fte);
    // 35 workers start; the gap is need − 35 at the start.
    assert_eq!(start.headcount_total, 35.0);
    assert!((start.gap_fte - (start.need_fte - 35.0)).abs() < 1.0);

    // Headcount stays positive every month and grows toward need without
    // overshooting it wildly: nobody "all leaves", nobody triples.
    assert!(p.months.iter().all(|m| m.headcount_total > 30.0));
    assert!(end.headcount_total > 45.0 && end.headcount_total < 1.3 * end.need_fte);
    // The gap closes by the end of the horizon.
    assert!(end.gap_fte < 0.25 * start.gap_fte, "{}", end.gap_fte);
    // Most stations reach the norm of 3 by 2035 (only the centre does at the start).
    assert!(end.stations_at_norm >= 8, "{}", end.stations_at_norm);

    // The certified share rises over ten years (starts at 18 / 35 ≈ 51 %), and
    // stays below 80 %: assistant pass rates are 15–30 % a sitting.
    assert!((start.certified_share - 18.0 / 35.0).abs() < 1e-9);
    assert!(end.certified_share > start.certified_share + 0.03);
    assert!(end.certified_share < 0.8);

    // Yearly turnover of workers is 10–25 % (national ≈ 20 %, locals lower).
    for year in [2026, 2030, 2035] {
        let exits: f64 = p.months[1..]
            .iter()
            .filter(|m| m.year == year)
            .map(|m| m.exits_by_track.total())
            .sum();
        let rate = exits / mean_headcount(&p, year);
        assert!((0.10..0.25).contains(&rate), "{year}: {rate}");
    }

    // Cost per worker-year, everything included, 4–8万 yuan: pay 3,200–4,770 a
    // month + 30 % social insurance ≈ 5–6万, plus station overheads and training
    // (Guangdong: 15万 per station for 3 workers; Dongguan 6–7.2万 per worker).
    for year in [2026, 2035] {
        let per_worker = cost_in(&p, year) / mean_headcount(&p, year);
        assert!(
            (40_000.0..80_000.0).contains(&per_worker),
            "{year}: {per_worker}"
        );
    }
    // Funding covers the first year; costs grow with the staff afterwards.
    let funding_2026 = start.funding_year_yuan;
    let cost_2026 = cost_in(&p, 2026);
    assert!(funding_2026 >= cost_2026 * 0.98 && funding_2026 < cost_2026 * 1.15);
    assert!(cost_in(&p, 2035) > cost_2026);
}

#[test]
fn policy_variant_beats_the_default_in_2035() {
    let base = project(&default_scenario().unwrap());
    let variant = project(&load(std::path::Path::new("saves/policy_variant.ron")).unwrap());
    let (b, v) = (december(&base, 2035), december(&variant, 2035));
    // The pay raise costs money and hiring is capped at the funding, so the
    // variant buys quality rather than numbers: a higher certified share and
    // no larger gap against its (smaller) need.
    assert!(v.certified_share > b.certified_share + 0.05, "{v:?}");
    assert!(v.gap_fte <= b.gap_fte + 1e-9);
    // Less admin work frees casework hours, so the variant needs fewer workers.
    assert!(v.need_fte < b.need_fte);
}

#[test]
fn larger_county_is_larger() {
    let sc = load(std::path::Path::new("saves/larger_county.ron")).unwrap();
    let townships = &sc.county.townships;
    assert_eq!(townships.iter().filter(|t| !t.county_centre).count(), 30);
    let villages: usize = townships.iter().map(|t| t.villages.len()).sum();
    assert_eq!(villages, 500);
    let residents: f64 = townships
        .iter()
        .map(|t| t.seat_population + t.villages.iter().map(|v| v.population).sum::<f64>())
        .sum();
    assert_eq!(residents, 600_000.0);
    let base = project(&default_scenario().unwrap());
    let larger = project(&sc);
    assert!(larger.months[0].need_fte > base.months[0].need_fte * 1.4);
    assert!(december(&larger, 2035).headcount_total > december(&base, 2035).headcount_total);
}

#[test]
fn synthetic_is_deterministic_per_seed() {
    let a = synthetic(5, 7, 42).unwrap();
    let b = synthetic(5, 7, 42).unwrap();
    let c = synthetic(5, 7, 43).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.county.townships, c.county.townships);
    assert_eq!(a.county.townships.len(), 6);
    assert!(
        a.county.townships[1..]
            .iter()
            .all(|t| t.villages.len() == 7)
    );
    let staff: f64 = a.initial_stock.iter().map(|s| s.count).sum();
    assert_eq!(staff, 5.0 * 2.0 + 3.0);
    // Villages are plausible.
    for v in a.county.townships.iter().flat_map(|t| &t.villages) {
        assert!((600.0..=1_400.0).contains(&v.population), "{v:?}");
        assert!(v.aged_60_plus > 0.1 * v.population && v.aged_60_plus < 0.35 * v.population);
        assert!((0.0..=1.0).contains(&v.remoteness));
    }
}

#[test]
fn synthetic_round_trips_through_ron_and_projects() {
    let sc = synthetic(12, 15, 9).unwrap();
    let mut bytes = Vec::new();
    write_ron(&sc, &mut bytes).unwrap();
    let back = from_ron_str(std::str::from_utf8(&bytes).unwrap()).unwrap();
    assert_eq!(sc, back);
    let p = project(&back);
    // 12 stations of 15 villages: need ≈ 2.8 a station plus the centre.
    assert!((25.0..45.0).contains(&p.months[0].need_fte));
    assert!(p.months.iter().all(|m| m.headcount_total > 0.0));
}

#[test]
fn synthetic_refuses_absurd_sizes() {
    assert!(synthetic(0, 13, 1).is_err());
    assert!(synthetic(1_000_000, 13, 1).is_err());
    assert!(synthetic(10, 10_000, 1).is_err());
}

#[test]
fn shipped_and_synthetic_scenarios_validate_cleanly() {
    use talent_planner::model::validate::validate;
    for path in &SHIPPED[..3] {
        let sc = load(std::path::Path::new(path)).unwrap();
        let problems = validate(&sc);
        assert!(problems.is_empty(), "{path}: {problems:?}");
    }
    let sc = synthetic(4, 6, 3).unwrap();
    assert!(validate(&sc).is_empty(), "{:?}", validate(&sc));
}

#[test]
fn generate_subcommand_writes_a_loadable_file() {
    use talent_planner::cli::{Command, execute};
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated_county.ron");
    execute(Command::Generate {
        townships: 3,
        villages_per_township: 4,
        seed: 5,
        out: out.clone(),
    })
    .unwrap();
    let sc = load(&out).unwrap();
    assert_eq!(sc, synthetic(3, 4, 5).unwrap());
    // Zero townships is refused with a message that says why.
    let err = execute(Command::Generate {
        townships: 0,
        villages_per_township: 4,
        seed: 5,
        out: out.clone(),
    })
    .unwrap_err();
    assert!(
        format!("{err:#}").contains("at least one township"),
        "{err:#}"
    );
}

#[test]
fn township_rows_step_through_the_months_in_order() {
    let sc = default_scenario().unwrap();
    let p = Model::compile(&sc).unwrap().project(RunOptions {
        township_detail: true,
        ..RunOptions::default()
    });
    for tw in sc.county.townships.iter() {
        let fast = p.township_rows(&tw.id);
        let scanned: Vec<_> = p
            .townships
            .iter()
            .filter(|r| *r.township == *tw.id)
            .collect();
        assert_eq!(fast, scanned, "{}", tw.id);
        assert_eq!(fast.len(), p.months.len());
    }
    assert!(p.township_rows("nowhere").is_empty());
}

/// Year-end township rows (what the app keeps for a big scenario) hold the
/// monthly rows' state at the start, at each December and at the last month,
/// and their hires, exits and spending summed over the months since the row
/// before, in the same order; the county's months are unchanged.
#[test]
fn year_end_township_rows_are_the_monthly_rows_summed() {
    let mut sc = synthetic(12, 3, 4).unwrap();
    // The last month is a March, so the last row is no December.
    sc.start_month = 4;
    let m = Model::compile(&sc).unwrap();
    let monthly = m.project(RunOptions {
        township_detail: true,
        ..RunOptions::default()
    });
    let yearly = m.project(RunOptions {
        township_detail: true,
        township_year_ends: true,
    });
    assert_eq!(
        serde_json::to_string(&monthly.months).unwrap(),
        serde_json::to_string(&yearly.months).unwrap()
    );
    let last = monthly.months.last().unwrap().month_index;
    assert_eq!(last % 12, 0);
    let row_steps: Vec<u32> = monthly
        .months
        .iter()
        .filter(|x| x.month_index == 0 || x.month == 12 || x.month_index == last)
        .map(|x| x.month_index)
        .collect();
    assert_eq!(row_steps.len(), 12, "start, ten Decembers, the last March");
    assert_eq!(yearly.townships.len(), row_steps.len() * 13);
    for (k, &step) in row_steps.iter().enumerate() {
        let from = if k == 0 { 0 } else { row_steps[k - 1] + 1 };
        for tw in sc.county.townships.iter() {
            let row = yearly
                .townships
                .iter()
                .find(|r| r.month_index == step && *r.township == *tw.id)
                .unwrap();
            let months: Vec<_> = monthly
                .townships
                .iter()
                .filter(|r| (from..=step).contains(&r.month_index) && *r.township == *tw.id)
                .collect();
            let at_step = months.last().unwrap();
            assert_eq!(at_step.month_index, step);
            let sum = |f: fn(&talent_planner::model::results::TownshipMonth) -> f64| {
                months.iter().fold(0.0, |acc, r| acc + f(r))
            };
            assert_eq!(row.hires.to_bits(), sum(|r| r.hires).to_bits());
            assert_eq!(row.exits.to_bits(), sum(|r| r.exits).to_bits());
            assert_eq!(row.cost_yuan.to_bits(), sum(|r| r.cost_yuan).to_bits());
            let state = |r: &talent_planner::model::results::TownshipMonth| {
                let mut r = r.clone();
                (r.hires, r.exits, r.cost_yuan) = (0.0, 0.0, 0.0);
                serde_json::to_string(&r).unwrap()
            };
            assert_eq!(state(row), state(at_step));
        }
    }
}

/// The default county and the policy variant state the uncertainty the
/// generator gives a county (one rule, `generate::standard_uncertainty`),
/// centred on their own values; the file's section is what a reviewer reads.
#[test]
fn shipped_counties_state_the_standard_uncertainty() {
    for path in ["assets/default_county.ron", "saves/policy_variant.ron"] {
        let sc = load(std::path::Path::new(path)).unwrap();
        let expected = talent_planner::model::generate::standard_uncertainty(&sc);
        assert!(expected.assumptions.len() >= 10, "{path}");
        assert_eq!(
            sc.uncertainty,
            expected,
            "{path}: write this section:\n{}",
            ron::ser::to_string_pretty(
                &expected,
                ron::ser::PrettyConfig::new().indentor("    ".to_string())
            )
            .unwrap()
        );
        assert!(
            sc.uncertainty
                .assumptions
                .iter()
                .all(|a| !a.source.is_empty())
        );
    }
}
