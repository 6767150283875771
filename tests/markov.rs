//! The engine reproduces a textbook Markov manpower system exactly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use talent_planner::model::{Model, RunOptions, Scenario};

fn load(path: &str) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap();
    ron::from_str(&text).unwrap()
}

fn grades(p: &talent_planner::model::Projection, year: usize) -> [f64; 3] {
    let m = &p.months[12 * year];
    let g = &m.headcount_by_grade;
    [
        g.get("g1").unwrap(),
        g.get("g2").unwrap(),
        g.get("g3").unwrap(),
    ]
}

#[test]
fn textbook_markov_matches_hand_calculation() {
    let sc = load("saves/markov_textbook.ron");
    let p = Model::compile(&sc).unwrap().project(RunOptions::default());
    let expect = [
        (0, [8.0, 10.0, 4.0]),
        (1, [9.0, 17.0, 3.0]),
        (2, [10.2, 22.15, 3.2]),
        (3, [11.315, 26.405, 3.815]),
        (5, [13.1585, 33.3523, 5.2835]),
    ];
    for (year, want) in expect {
        let got = grades(&p, year);
        for i in 0..3 {
            assert!(
                (got[i] - want[i]).abs() < 1e-4,
                "year {year} grade {i}: got {got:?} want {want:?}"
            );
        }
    }
    // The limit is [20, 60, 12]: after 30 years every grade is within 4 %
    // and still closer than after 20 years.
    let last = grades(&p, 30);
    let earlier = grades(&p, 20);
    for i in 0..3 {
        let w = [20.0, 60.0, 12.0][i];
        assert!((last[i] - w).abs() / w < 0.04, "long run {last:?}");
        assert!((last[i] - w).abs() < (earlier[i] - w).abs());
    }
}

#[test]
fn markov_yearly_series_snapshot() {
    let sc = load("saves/markov_textbook.ron");
    let p = Model::compile(&sc).unwrap().project(RunOptions::default());
    let yearly: Vec<(usize, [f64; 3], f64)> = (0..=10)
        .map(|y| {
            let g = grades(&p, y);
            let rounded = g.map(|x| (x * 1e6).round() / 1e6);
            (y, rounded, (p.months[12 * y].exits * 1e6).round() / 1e6)
        })
        .collect();
    insta::assert_json_snapshot!("markov_yearly", yearly);
}

#[test]
fn same_file_same_bytes() {
    let sc = load("saves/markov_textbook.ron");
    let m = Model::compile(&sc).unwrap();
    let a = serde_json::to_string(&m.project(RunOptions::default())).unwrap();
    let b = serde_json::to_string(&Model::compile(&sc).unwrap().project(RunOptions::default()))
        .unwrap();
    assert_eq!(a, b);
}
