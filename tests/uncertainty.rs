//! Uncertainty in the assumptions (MODEL.md §7a): each replication draws the
//! scenario's uncertain entries once; the bands then include that
//! uncertainty, process noise alone is one switch away, a value set on the
//! command line is held, and a bad section is refused with its path.

#![allow(clippy::unwrap_used)] // helpers of a test file may unwrap

use std::process::Command;
use talent_planner::model::catalog::{self, Catalog};
use talent_planner::model::io::default_scenario;
use talent_planner::model::montecarlo::run_monte_carlo;
use talent_planner::model::uncertainty::{Assumption, Distribution};
use talent_planner::model::validate::validate;
use talent_planner::model::{Model, Scenario, Stochastic};

/// Width of the 90 % band (p95 − p5) of `metric` at the end of `year`.
fn band_width(model: &Model, runs: usize, metric: &str, year: i32) -> f64 {
    let mc = run_monte_carlo(model, runs, 11, &|| {}).unwrap();
    let step = model.year_ends()[&year];
    let b = mc.bands.get(metric).unwrap();
    b.p95[step] - b.p5[step]
}

#[test]
fn the_default_countys_bands_widen_with_its_uncertain_assumptions() {
    let sc = default_scenario().unwrap();
    assert!(sc.uncertainty.assumptions.len() >= 10);
    let all = Model::compile(&sc).unwrap();
    let process = all.process_only();
    assert_eq!(all.uncertainty_kinds().kind, "process_and_assumptions");
    assert_eq!(process.uncertainty_kinds().kind, "process");
    // Headcount is held by the funding cap in this county; who certifies
    // is not, and pass and exit rates are among the uncertain assumptions.
    for metric in ["certified_share", "certified"] {
        let wide = band_width(&all, 300, metric, 2030);
        let narrow = band_width(&process, 300, metric, 2030);
        assert!(
            wide > narrow * 1.1,
            "{metric}: {wide} with assumptions, {narrow} without"
        );
    }
}

#[test]
fn process_only_is_the_scenario_without_its_section() {
    let sc = default_scenario().unwrap();
    let mut bare = sc.clone();
    bare.uncertainty = Default::default();
    let a = run_monte_carlo(&Model::compile(&sc).unwrap().process_only(), 20, 3, &|| {}).unwrap();
    let b = run_monte_carlo(&Model::compile(&bare).unwrap(), 20, 3, &|| {}).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.uncertainty.kind, "process");
    assert!(a.uncertainty.assumptions.is_empty());
}

#[test]
fn each_replication_draws_within_the_valid_range_and_around_the_files_values() {
    let sc = default_scenario().unwrap();
    let catalog = Catalog::of(&sc);
    let model = Model::compile(&sc).unwrap();
    let runs = 400;
    let ids: Vec<&str> = sc
        .uncertainty
        .assumptions
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    let mut sums = vec![0.0; ids.len()];
    for r in 0..runs {
        let mut s = Stochastic::new(sc.seed, r);
        let drawn = sc
            .uncertainty
            .assumptions
            .iter()
            .enumerate()
            .map(|(k, a)| s.draw_assumption(k, &a.distribution))
            .collect::<Vec<_>>();
        // The same draws as the replication's model uses.
        let (_, _) = Stochastic::replication(&model, sc.seed, r).unwrap();
        for (k, id) in ids.iter().enumerate() {
            let e = catalog.get(id).unwrap();
            let v = e.clamp(drawn[k]);
            assert!(v >= e.valid_min && v <= e.valid_max);
            sums[k] += v;
        }
    }
    for (k, a) in sc.uncertainty.assumptions.iter().enumerate() {
        let mean = sums[k] / runs as f64;
        let centre = a.distribution.mean();
        assert!(
            (mean - centre).abs() < 0.15 * centre.abs().max(0.01),
            "{}: mean of draws {mean}, distribution mean {centre}",
            a.id
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_bands_and_another_seed_other_draws() {
    let model = Model::compile(&default_scenario().unwrap()).unwrap();
    let a = run_monte_carlo(&model, 30, 5, &|| {}).unwrap();
    let b = run_monte_carlo(&model, 30, 5, &|| {}).unwrap();
    let c = run_monte_carlo(&model, 30, 6, &|| {}).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.bands, c.bands);
}

#[test]
fn a_value_set_is_held_fixed() {
    let mut sc = default_scenario().unwrap();
    let id = "retention.pay_elasticity";
    assert!(sc.uncertainty.assumptions.iter().any(|a| a.id == id));
    catalog::apply_settings(&mut sc, &[(id.to_string(), 1.4)]).unwrap();
    assert!(sc.uncertainty.assumptions.iter().all(|a| a.id != id));
    let kinds = Model::compile(&sc).unwrap().uncertainty_kinds();
    assert!(!kinds.assumptions.iter().any(|a| a == id));
    assert!(kinds.includes_assumptions());
}

fn with_assumption(id: &str, distribution: Distribution, source: &str) -> Scenario {
    let mut sc = default_scenario().unwrap();
    sc.uncertainty.assumptions.push(Assumption {
        id: id.into(),
        distribution,
        source: source.into(),
    });
    sc
}

#[test]
fn a_bad_section_is_refused_with_its_path_in_both_languages() {
    let cases = [
        (
            with_assumption(
                "retention.no_such_rate",
                Distribution::Uniform {
                    low: 0.0,
                    high: 1.0,
                },
                "x",
            ),
            "uncertainty.assumptions[16].id",
            "没有编号为",
        ),
        (
            with_assumption(
                "retention.exit_rate.local.first_year",
                Distribution::Uniform {
                    low: 0.0,
                    high: 1.0,
                },
                "x",
            ),
            "uncertainty.assumptions[16].id",
            "重复",
        ),
        (
            with_assumption(
                "levers.pay_multiplier",
                Distribution::Triangular {
                    low: 1.2,
                    likely: 1.0,
                    high: 1.3,
                },
                "x",
            ),
            "uncertainty.assumptions[16].distribution",
            "最低",
        ),
    ];
    for (sc, path, zh) in cases {
        assert_eq!(sc.uncertainty.assumptions.len(), 17);
        let problems = validate(&sc);
        let p = problems
            .iter()
            .find(|p| p.is_error() && p.path == path)
            .unwrap_or_else(|| panic!("{path}: {problems:?}"));
        assert!(p.message_zh.contains(zh), "{}", p.message_zh);
        assert!(!p.message_en.is_empty());
        assert!(Model::compile(&sc).is_err());
    }
}

#[test]
fn warnings_name_a_missing_source_a_clamped_range_and_a_value_far_from_centre() {
    let sc = with_assumption(
        "levers.pay_multiplier",
        Distribution::Beta { mean: 0.5, sd: 0.1 },
        "",
    );
    let warnings: Vec<_> = validate(&sc)
        .into_iter()
        .filter(|p| !p.is_error() && p.path.starts_with("uncertainty.assumptions[16]"))
        .collect();
    let text: Vec<&str> = warnings.iter().map(|p| p.message_en.as_str()).collect();
    assert!(text.iter().any(|t| t.contains("comes from")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("valid range")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("far from")), "{text:?}");
    // Warnings do not stop a run.
    let model = Model::compile(&sc).unwrap();
    assert!(run_monte_carlo(&model, 3, 1, &|| {}).is_ok());
}

fn cli(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_talent-planner"))
        .arg("run")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_command_line_says_which_uncertainty_the_bands_include() {
    let all = cli(&["--runs", "20"]);
    let info = &all["monte_carlo"]["uncertainty"];
    assert_eq!(info["kind"], "process_and_assumptions");
    assert!(info["assumptions"].as_array().unwrap().len() >= 10);
    let process = cli(&["--runs", "20", "--uncertainty", "process"]);
    assert_eq!(process["monte_carlo"]["uncertainty"]["kind"], "process");
    // The expected-value projection is the same either way.
    assert_eq!(all["months"], process["months"]);
    assert_ne!(all["bands"], process["bands"]);
}

#[test]
fn late_funding_is_drawn_as_whole_months_with_the_stated_chance_and_mean() {
    use talent_planner::model::{Expected, Sampler};
    let mut s = Stochastic::new(1, 0);
    let (mut late, mut months) = (0u32, 0u32);
    let years = 20_000u32;
    for y in 0..years {
        let d = s.funding_delay_months(y * 12 + 1, 0.3, 3.0).unwrap();
        if d > 0 {
            assert!((1..=5).contains(&d), "{d}");
            late += 1;
            months += d;
        }
    }
    let share = f64::from(late) / f64::from(years);
    let mean = f64::from(months) / f64::from(late);
    assert!((share - 0.3).abs() < 0.015, "{share}");
    assert!((mean - 3.0).abs() < 0.05, "{mean}");
    assert_eq!(s.funding_delay_months(1, 0.0, 3.0), Some(0));
    assert_eq!(Expected.funding_delay_months(1, 0.3, 3.0), None);
}

/// Mean exits of January and of February over the years 2027–2035.
fn january_and_february_exits(bands: &[f64], model: &Model) -> (f64, f64) {
    let ends = model.year_ends();
    let (mut jan, mut feb) = (0.0, 0.0);
    for year in 2027..=2035 {
        let december_before = ends[&(year - 1)];
        jan += bands[december_before + 1];
        feb += bands[december_before + 2];
    }
    (jan, feb)
}

#[test]
fn wages_owed_raise_exits_in_the_months_owed_only() {
    let mut sc = default_scenario().unwrap();
    // Funds are late every year by exactly one month: January's wages are owed.
    catalog::apply_settings(
        &mut sc,
        &[
            ("budget.funding_delay_probability".into(), 1.0),
            ("budget.funding_delay_months".into(), 1.0),
            ("retention.arrears_sensitivity_per_month".into(), 0.05),
        ],
    )
    .unwrap();
    let model = Model::compile(&sc).unwrap().process_only();
    let mc = run_monte_carlo(&model, 1000, 2, &|| {}).unwrap();
    let (jan, feb) = january_and_february_exits(&mc.bands.get("exits").unwrap().mean, &model);
    let projection = model.project(Default::default());
    let exits: Vec<f64> = projection.months.iter().map(|m| m.exits).collect();
    let (pjan, pfeb) = january_and_february_exits(&exits, &model);
    // Turnover in January is 1.6 times that of a month paid on time; the
    // projection spreads the expected arrears over the year.
    assert!(
        jan > 1.25 * feb,
        "replications: January {jan}, February {feb}"
    );
    assert!(
        pjan < 1.1 * pfeb,
        "projection: January {pjan}, February {pfeb}"
    );
}

#[test]
fn the_lever_catalog_lists_each_entrys_distribution() {
    let out = Command::new(env!("CARGO_BIN_EXE_talent-planner"))
        .args(["levers", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    let e = row("retention.pay_elasticity");
    assert_eq!(e["uncertainty"]["distribution"]["LogNormal"]["median"], 1.0);
    // A note is one text, or its Chinese and English texts.
    let source = &e["uncertainty"]["source"];
    let en = source.as_str().or_else(|| source["en"].as_str()).unwrap();
    assert!(en.starts_with("assumed"), "{source}");
    assert!(row("levers.pay_multiplier")["uncertainty"].is_null());
    let drawn = rows.iter().filter(|r| !r["uncertainty"].is_null()).count();
    assert_eq!(
        drawn,
        default_scenario().unwrap().uncertainty.assumptions.len()
    );
}

#[test]
fn a_value_edited_in_the_app_carries_its_distribution_along() {
    use talent_planner::present::i18n::Lang;
    use talent_planner::present::levers::{Target, set_value};
    let mut sc = default_scenario().unwrap();
    let catalog = Catalog::of(&sc);
    let dist = |sc: &Scenario, id: &str| {
        sc.uncertainty
            .assumptions
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.distribution)
    };
    let rate = "retention.exit_rate.local.first_year";
    let before = dist(&sc, rate).unwrap();
    set_value(
        &mut sc,
        &catalog,
        &Target::Entry(rate.into()),
        0.2,
        Lang::Zh,
    )
    .unwrap();
    let Some(Distribution::Beta { mean, sd }) = dist(&sc, rate) else {
        panic!("{:?}", dist(&sc, rate))
    };
    let Distribution::Beta { mean: m0, sd: s0 } = before else {
        panic!()
    };
    assert!((mean - 0.2).abs() < 1e-12, "{mean}");
    assert!((sd / mean - s0 / m0).abs() < 1e-9, "relative spread kept");
    assert!(
        validate(&sc)
            .iter()
            .all(|p| !p.path.starts_with("uncertainty"))
    );

    // A triangle follows a value moved to zero by a shift; a log-normal
    // cannot, and the value is held.
    let ladder = "retention.ladder_multiplier";
    let elasticity = "retention.pay_elasticity";
    set_value(
        &mut sc,
        &catalog,
        &Target::Entry(elasticity.into()),
        0.0,
        Lang::En,
    )
    .unwrap();
    assert!(dist(&sc, elasticity).is_none());
    set_value(
        &mut sc,
        &catalog,
        &Target::Entry(ladder.into()),
        1.0,
        Lang::En,
    )
    .unwrap();
    let Some(Distribution::Triangular { likely, .. }) = dist(&sc, ladder) else {
        panic!()
    };
    assert!((likely - 1.0).abs() < 1e-12);
}
