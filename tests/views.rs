//! Snapshots of the data each chart and table of the app shows (not pixels);
//! the presentation layer builds without the GUI, so these run without it.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::PathBuf;
use talent_planner::model::{Projection, Scenario, io};
use talent_planner::present::document::{Selection, check_and_project};
use talent_planner::present::i18n::Lang;
use talent_planner::present::pipeline::arrows;
use talent_planner::present::townships::{pinyin_key, sort_rows};
use talent_planner::present::views::{TownshipRow, dashboard, township_rows};

fn fixture() -> (Scenario, Projection) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_county.ron");
    let sc = io::load(&path).unwrap();
    let (problems, p) = check_and_project(&sc);
    assert!(problems.iter().all(|p| !p.error), "{problems:?}");
    (sc, p.unwrap())
}

/// Rounds every number so snapshots do not depend on the last bits of floats.
fn rounded(v: Value) -> Value {
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            serde_json::json!((x * 1e4).round() / 1e4)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(rounded).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, rounded(v))).collect()),
        other => other,
    }
}

#[test]
fn county_dashboard_data() {
    let (sc, p) = fixture();
    let d = dashboard(&sc, &p, &Selection::County, Lang::En, None);
    assert_eq!(d.charts.len(), 6);
    // Stacked headcount by track adds up to the total.
    let total: f64 = d.charts[0].stacked.iter().map(|s| s.y[12]).sum();
    assert!((total - p.months[12].headcount_total).abs() < 1e-9);
    insta::assert_json_snapshot!(
        "county_dashboard",
        rounded(serde_json::to_value(&d).unwrap())
    );
}

#[test]
fn township_dashboard_data_in_chinese() {
    let (sc, p) = fixture();
    let d = dashboard(&sc, &p, &Selection::Township("east".into()), Lang::Zh, None);
    assert_eq!(d.headline.stations_open, 1);
    insta::assert_json_snapshot!(
        "east_dashboard_zh",
        rounded(serde_json::to_value(&d).unwrap())
    );
}

#[test]
fn village_selection_shows_its_township() {
    let (sc, p) = fixture();
    let v = dashboard(
        &sc,
        &p,
        &Selection::Village("west".into(), 1),
        Lang::En,
        None,
    );
    let t = dashboard(&sc, &p, &Selection::Township("west".into()), Lang::En, None);
    assert_eq!(v, t);
}

#[test]
fn headline_sentences() {
    let (sc, p) = fixture();
    let mut h = dashboard(&sc, &p, &Selection::County, Lang::En, None).headline;
    h.stations_at_norm = 2;
    h.chance_all_at_norm = Some(0.68);
    assert_eq!(
        h.stations_text(Lang::En),
        format!("Stations at norm in {}: 2 of 3, 68 % chance all 3", h.year)
    );
    assert_eq!(
        h.stations_text(Lang::Zh),
        format!("{}年末达标站点:2 / 3,全部 3 个达标的概率 68%", h.year)
    );
}

#[test]
fn townships_table_rows() {
    let (sc, p) = fixture();
    let mut rows = township_rows(&sc, &p, 2027);
    assert_eq!(rows.len(), 3);
    insta::assert_json_snapshot!(
        "townships_2027",
        rounded(serde_json::to_value(&rows).unwrap())
    );
    sort_rows(&mut rows, 1, true);
    assert!(rows.windows(2).all(|w| w[0].headcount >= w[1].headcount));
    sort_rows(&mut rows, 0, false);
    assert!(
        rows.windows(2)
            .all(|w| pinyin_key(&w[0].name) <= pinyin_key(&w[1].name))
    );
}

#[test]
fn township_names_sort_by_pinyin() {
    let (sc, p) = fixture();
    let template = township_rows(&sc, &p, 2027).remove(0);
    let named = |name: &str| TownshipRow {
        name: name.into(),
        ..template.clone()
    };
    let mut rows: Vec<TownshipRow> = ["张庄", "Zeta", "陈村", "白马", "安乐"]
        .into_iter()
        .map(named)
        .collect();
    sort_rows(&mut rows, 0, false);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    // By code point it would be Zeta, 安乐, 张庄, 白马, 陈村.
    assert_eq!(names, ["安乐", "白马", "陈村", "Zeta", "张庄"]);
    sort_rows(&mut rows, 0, true);
    assert_eq!(rows[0].name, "张庄");
    assert_eq!(pinyin_key("白马"), "bai ma ");
}

#[test]
fn pipeline_arrows() {
    let (sc, _) = fixture();
    let a: Vec<(usize, Option<usize>, String)> = arrows(&sc, Lang::En)
        .into_iter()
        .map(|a| (a.from, a.to, a.label))
        .collect();
    insta::assert_json_snapshot!("pipeline_arrows", a);
}

#[test]
fn funding_sources_are_named_in_the_interface_language() {
    let sc = io::default_scenario().unwrap();
    let (_, p) = check_and_project(&sc);
    let p = p.unwrap();
    let names = |lang: Lang| -> Vec<String> {
        let d = dashboard(&sc, &p, &Selection::County, lang, None);
        let cost = d.charts.iter().find(|c| c.id == "cost").unwrap();
        cost.stacked.iter().map(|s| s.name.clone()).collect()
    };
    let en = names(Lang::En);
    assert!(en.contains(&"Central government".to_string()), "{en:?}");
    assert!(en.contains(&"Welfare lottery fund".to_string()), "{en:?}");
    let zh = names(Lang::Zh);
    assert!(zh.contains(&"中央财政".to_string()), "{zh:?}");
    assert!(!zh.iter().any(|n| n.contains("government")), "{zh:?}");
}

#[test]
fn stacked_areas_sum_up_and_the_gap_lies_between_supply_and_need() {
    let (sc, p) = fixture();
    let d = dashboard(&sc, &p, &Selection::County, Lang::En, None);
    let by_track = &d.charts[0];
    let layers = by_track.layers();
    assert_eq!(layers.len(), by_track.stacked.len());
    let top = &layers.last().unwrap().top;
    for (i, m) in p.months.iter().enumerate() {
        assert!((top[i] - m.headcount_total).abs() < 1e-9);
    }
    assert!(layers.windows(2).all(|w| w[0].top == w[1].base));
    let need = d.charts.iter().find(|c| c.id == "need").unwrap();
    let (lower, upper) = need.gap().unwrap();
    assert_eq!(lower, need.lines[1].y);
    for ((lo, hi), n) in lower.iter().zip(&upper).zip(&need.lines[0].y) {
        assert!(lo <= hi && (*hi == *n || hi == lo));
    }
    assert!(by_track.gap().is_none(), "only need vs supply shades a gap");
}
