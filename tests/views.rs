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

#[test]
fn axes_carry_units_and_people_are_never_money() {
    use talent_planner::present::views::{ChartData, ChartKind, SeriesData};
    let chart = |y: Vec<f64>, percent, money| ChartData {
        id: "test",
        title: String::new(),
        kind: ChartKind::Lines,
        x: vec![2026.0, 2027.0],
        stacked: Vec::new(),
        lines: vec![SeriesData {
            name: String::new(),
            y,
        }],
        shade_gap: false,
        percent,
        money,
        marks: Vec::new(),
    };
    // A national headcount: people, in 万人 (thousands in English), never 万元.
    let national = chart(vec![80_000.0, 120_000.0], false, false);
    let zh = national.axis(Lang::Zh);
    assert_eq!((zh.divisor, zh.unit.as_str()), (1e4, "万人"));
    assert_eq!(zh.tick(100_000.0, 20_000.0), "10");
    assert_eq!(national.value_text(100_000.0, Lang::Zh), "100,000 人");
    assert_eq!(national.axis(Lang::En).unit, "thousand people");
    // A county's headcount: people as they are.
    let county = chart(vec![35.0, 52.0], false, false);
    assert_eq!(county.axis(Lang::Zh).unit, "人");
    assert_eq!(county.axis(Lang::Zh).tick(40.0, 10.0), "40");
    assert_eq!(county.axis(Lang::Zh).tick(2.5, 0.5), "2.5");
    // Money in 万元 in Chinese, thousand or million yuan in English.
    let cost = chart(vec![2_450_000.0, 3_100_000.0], false, true);
    let zh = cost.axis(Lang::Zh);
    assert_eq!((zh.divisor, zh.unit.as_str()), (1e4, "万元"));
    assert_eq!(zh.tick(3_000_000.0, 500_000.0), "300");
    assert_eq!(cost.value_text(2_450_000.0, Lang::Zh), "245.0 万元");
    assert_eq!(cost.axis(Lang::En).unit, "million yuan");
    // Shares in %.
    let share = chart(vec![0.4, 0.6], true, false);
    assert_eq!(share.axis(Lang::En).tick(0.6, 0.2), "60");
    assert_eq!(share.axis(Lang::En).unit, "%");
}

#[test]
fn the_default_countys_key_results_quote_whole_people_for_the_headline_year() {
    use talent_planner::present::key_results::{Basis, Inputs, key_results};
    let sc = io::default_scenario().unwrap();
    let (problems, p) = check_and_project(&sc);
    assert!(problems.iter().all(|p| !p.error));
    let p = p.unwrap();
    let k = key_results(
        &Inputs {
            scenario: &sc,
            projection: &p,
            goals: &[],
            mc: None,
            mc_stale: false,
        },
        Lang::En,
    );
    assert_eq!(k.year, 2030);
    assert_eq!(k.basis, Basis::Expected);
    let labels: Vec<&str> = k.figures.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Stations at norm, end of 2030",
            "Workers in post, end of 2030",
            "Certified share, end of 2030",
            "Short of need, end of 2030",
            "Spending, 2030 as a whole",
            "Spending beyond funding, 2030 as a whole",
        ]
    );
    for f in &k.figures[..2] {
        let n = f.expected.split([' ', '/']).next().unwrap();
        assert!(n.parse::<u32>().is_ok(), "whole: {}", f.expected);
        assert!(f.median.is_none() && f.band.is_none());
    }
    // Every dated goal of the file is listed, with its year.
    assert_eq!(k.goals.len(), sc.targets.goals.len());
    // Its funding falls short by construction, and the key results say so.
    assert!(talent_planner::present::key_results::short_by_construction(
        &sc
    ));
    assert!(k.by_construction.is_some());
    assert!(k.goals.iter().all(|g| g.probability.is_none()));
}
