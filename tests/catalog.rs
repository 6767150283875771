//! The lever catalog: every entry of every shipped file sets and gets
//! back, refuses values outside its valid range, and moves its documented
//! output the documented way on the default county.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use std::sync::atomic::AtomicBool;
use talent_planner::model::catalog::{Catalog, CatalogError, apply_settings, parse_assignment};
use talent_planner::model::{Expected, Model, Scenario, io};

const SHIPPED: [&str; 4] = [
    "assets/default_county.ron",
    "saves/larger_county.ron",
    "saves/policy_variant.ron",
    "saves/markov_textbook.ron",
];

fn load(path: &str) -> Scenario {
    io::from_ron_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_entry_of_every_shipped_file_sets_and_gets_back() {
    for path in SHIPPED {
        let sc = load(path);
        let catalog = Catalog::of(&sc);
        assert!(!catalog.entries.is_empty(), "{path}");
        for e in &catalog.entries {
            let v0 = e.get(&sc).unwrap();
            assert!(
                e.plausible_low <= v0 && v0 <= e.plausible_high,
                "{path} {}: {v0} outside its plausible range",
                e.id
            );
            assert!(e.valid_min <= e.plausible_low && e.plausible_high <= e.valid_max);
            for v in [
                e.plausible_low,
                e.plausible_high,
                e.valid_min,
                e.valid_max,
                v0,
            ] {
                let mut s = sc.clone();
                e.set(&mut s, v).unwrap();
                assert_eq!(e.get(&s), Some(v), "{path} {}", e.id);
                // Only that number changed: setting the old value back
                // restores the scenario (a common staffing norm sets every
                // station's, so stations that differed do not come back).
                e.set(&mut s, v0).unwrap();
                if !e.id.ends_with("staffing_norm") {
                    assert_eq!(s, sc, "{path} {} set {v} then back", e.id);
                }
            }
        }
        // Ids and paths are unique.
        let mut ids: Vec<&str> = catalog.entries.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), catalog.entries.len(), "{path}: duplicate ids");
    }
}

#[test]
fn a_search_finds_an_entry_by_either_name_its_id_or_path() {
    let sc = io::default_scenario().unwrap();
    let catalog = Catalog::of(&sc);
    let pay = catalog.get("levers.pay_multiplier").unwrap();
    for text in ["薪酬", "Pay", "pay MULTIPLIER", "levers.pay", " "] {
        assert!(pay.matches(text), "{text:?}");
    }
    assert!(!pay.matches("cohort"));
    // The local cohort's size is found from an English word in either interface.
    let found: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|e| e.matches("trainees per intake"))
        .map(|e| e.name_zh.as_str())
        .collect();
    assert!(found.iter().any(|n| n.contains("每期人数")), "{found:?}");
}

#[test]
fn values_outside_the_valid_range_are_refused() {
    let sc = load("assets/default_county.ron");
    let catalog = Catalog::of(&sc);
    for e in &catalog.entries {
        let mut s = sc.clone();
        for bad in [
            e.valid_min - 1.0,
            e.valid_max + 1.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            let err = e.set(&mut s, bad).unwrap_err();
            assert!(matches!(err, CatalogError::OutOfRange(_)), "{}", e.id);
            assert_eq!(s, sc, "{}: a refused value changed the scenario", e.id);
        }
        if e.integer {
            assert!(e.set(&mut s, e.valid_min + 0.5).is_err(), "{}", e.id);
        }
    }
}

#[test]
fn settings_are_read_checked_and_applied() {
    let mut sc = load("assets/default_county.ron");
    assert_eq!(
        parse_assignment("levers.pay_multiplier=1.15").unwrap(),
        ("levers.pay_multiplier".to_string(), 1.15)
    );
    assert!(parse_assignment("levers.pay_multiplier").is_err());
    assert!(parse_assignment("=3").is_err());
    assert!(parse_assignment("x=abc").is_err());
    let settings = vec![
        ("levers.pay_multiplier".to_string(), 1.15),
        ("recruitment.本土人才培养班.size".to_string(), 40.0),
        // A field path names the same number.
        ("recruitment[0].hires_per_year".to_string(), 4.0),
    ];
    apply_settings(&mut sc, &settings).unwrap();
    assert_eq!(sc.levers.pay_multiplier, 1.15);
    let unknown = apply_settings(&mut sc, &[("levers.nope".to_string(), 1.0)]).unwrap_err();
    match unknown {
        CatalogError::Unknown { valid, .. } => assert!(valid.contains("levers.pay_multiplier")),
        other => panic!("{other:?}"),
    }
    let out_of_range =
        apply_settings(&mut sc, &[("levers.pay_multiplier".to_string(), -3.0)]).unwrap_err();
    assert!(out_of_range.text(false).contains("Pay multiplier"));
    assert!(out_of_range.text(true).contains("薪酬倍数"));
}

#[test]
fn validation_reads_the_catalog_ranges() {
    let text = std::fs::read_to_string("assets/default_county.ron")
        .unwrap()
        .replace("pay_multiplier: 1.0", "pay_multiplier: 9.0");
    let (_, problems) = talent_planner::model::validate::check_text(&text);
    let p = problems
        .iter()
        .find(|p| p.path == "levers.pay_multiplier")
        .expect("a problem at the pay multiplier");
    assert!(p.is_error());
    assert!(
        p.message_en.contains("between 0.1 and 5"),
        "{}",
        p.message_en
    );
    // The field is named by its label beside the message.
    assert_eq!(p.label_zh, "薪酬倍数");
    assert!(p.message_zh.contains("0.1 到 5"), "{}", p.message_zh);
    assert!(p.position.is_some());
}

/// The default county with its funding cap lifted: the documented
/// directions are those of each entry's own effect (a binding cap can
/// reverse them, which what binds reports).
fn uncapped() -> Scenario {
    let mut sc = io::default_scenario().unwrap();
    sc.budget.cap_hiring_at_funding = false;
    sc
}

/// The documented output of `entry` at the end of the projection.
fn output(sc: &Scenario, metric: &str) -> f64 {
    let model = Model::compile(sc).unwrap();
    let width = model.metric_width();
    let mut rows = vec![0.0; (model.months() as usize + 1) * width];
    model.run_metrics(&mut Expected, &mut rows, &AtomicBool::new(false));
    let col = model
        .metric_names()
        .iter()
        .position(|m| m == metric)
        .unwrap();
    rows[model.months() as usize * width + col]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Raising an entry within its plausible range moves its documented
    /// output the documented way (or leaves it), on the default county.
    #[test]
    fn each_entry_moves_its_output_the_documented_way(
        pick in 0usize..1000,
        a in 0.0f64..=1.0,
        b in 0.0f64..=1.0,
    ) {
        let sc = uncapped();
        let catalog = Catalog::of(&sc);
        let with_effect: Vec<_> = catalog.entries.iter().filter(|e| e.effect.is_some()).collect();
        let e = with_effect[pick % with_effect.len()];
        let effect = e.effect.clone().unwrap();
        let (lo, hi) = (a.min(b), a.max(b));
        let at = |t: f64| e.clamp(e.plausible_low + t * (e.plausible_high - e.plausible_low));
        let (v_lo, v_hi) = (at(lo), at(hi));
        prop_assume!(v_lo < v_hi);
        let mut s_lo = sc.clone();
        e.set(&mut s_lo, v_lo).unwrap();
        let mut s_hi = sc.clone();
        e.set(&mut s_hi, v_hi).unwrap();
        let (y_lo, y_hi) = (output(&s_lo, &effect.metric), output(&s_hi, &effect.metric));
        // Indirect channels (replacement hiring, the allowance's effect on
        // pay and turnover) can move an output by a fraction of a percent
        // against an entry's main effect between two nearby values (the
        // local track's senior service: 45 months → 0.395 senior workers,
        // 80 months → 0.398); the main effect is checked strictly at the
        // plausible ends below.
        let tol = 0.01 * (1.0 + y_lo.abs());
        if effect.rises {
            prop_assert!(y_hi >= y_lo - tol, "{}: {} {} → {}, {} {} → {}", e.id, v_lo, effect.metric, y_lo, v_hi, effect.metric, y_hi);
        } else {
            prop_assert!(y_hi <= y_lo + tol, "{}: {} {} → {}, {} {} → {}", e.id, v_lo, effect.metric, y_lo, v_hi, effect.metric, y_hi);
        }
    }
}

#[test]
fn every_entry_with_an_effect_is_checked_at_its_plausible_ends() {
    // The property test samples entries; this walks all of them once, at
    // the ends of their plausible ranges.
    let sc = uncapped();
    let catalog = Catalog::of(&sc);
    let mut wrong = Vec::new();
    for e in catalog.entries.iter().filter(|e| e.effect.is_some()) {
        let effect = e.effect.clone().unwrap();
        let mut lo = sc.clone();
        e.set(&mut lo, e.plausible_low).unwrap();
        let mut hi = sc.clone();
        e.set(&mut hi, e.plausible_high).unwrap();
        let (y_lo, y_hi) = (output(&lo, &effect.metric), output(&hi, &effect.metric));
        let tol = 1e-6 * (1.0 + y_lo.abs());
        let ok = if effect.rises {
            y_hi >= y_lo - tol
        } else {
            y_hi <= y_lo + tol
        };
        if !ok {
            wrong.push(format!(
                "{}: {} → {y_lo}, {} → {y_hi}",
                e.id, e.plausible_low, e.plausible_high
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// MODEL.md's lever table is the default county's catalog, generated: it
/// lies between two markers and must equal [`Catalog::markdown_table`].
/// `TALENT_PLANNER_WRITE_MODEL_MD=1 cargo test --test catalog` rewrites it.
#[test]
fn model_md_lists_the_default_countys_catalog() {
    const BEGIN: &str = "<!-- lever catalog: begin (generated, see tests/catalog.rs) -->\n";
    const END: &str = "<!-- lever catalog: end -->";
    let text = std::fs::read_to_string("MODEL.md").unwrap();
    let start = text.find(BEGIN).expect("the begin marker") + BEGIN.len();
    let end = text.find(END).expect("the end marker");
    let table = Catalog::of(&io::default_scenario().unwrap()).markdown_table();
    if text[start..end] != table {
        if std::env::var_os("TALENT_PLANNER_WRITE_MODEL_MD").is_some() {
            let updated = format!("{}{table}{}", &text[..start], &text[end..]);
            talent_planner::exchange::safe_write::write_bytes(
                std::path::Path::new("MODEL.md"),
                updated.as_bytes(),
            )
            .unwrap();
        } else {
            panic!(
                "MODEL.md's lever table differs from the catalog; rerun with \
                 TALENT_PLANNER_WRITE_MODEL_MD=1 to rewrite it. The catalog says:\n{table}"
            );
        }
    }
}
