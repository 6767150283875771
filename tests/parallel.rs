//! Big scenarios step their townships in parallel blocks (expected-value
//! projection only). The blocks are fixed, so the numbers do not depend on
//! the number of threads, and they agree with stepping every township in
//! one sequence up to the rounding of the block sums.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use talent_planner::model::{Expected, Model, RunOptions, Sampler, generate};

/// The expected-value sampler without the parallel licence: one sequence.
struct InOneSequence;

impl Sampler for InOneSequence {
    fn portion(&mut self, n: f64, p: f64) -> f64 {
        Expected.portion(n, p)
    }
    fn whole(&mut self, x: f64) -> f64 {
        Expected.whole(x)
    }
}

/// A county big enough for three blocks, over two years.
fn big_county() -> talent_planner::model::Scenario {
    let mut sc = generate::synthetic(4200, 2, 7).unwrap();
    sc.horizon_years = 2;
    sc
}

#[test]
fn parallel_blocks_agree_with_one_sequence() {
    let model = Model::compile(&big_county()).unwrap();
    // with township rows the county totals are summed in one sequence;
    // without, in blocks too
    for (township_detail, at_least) in [(true, 100_000), (false, 1_000)] {
        let opts = RunOptions {
            township_detail,
            ..RunOptions::default()
        };
        let blocks = model.project(opts);
        let sequence = model.run(&mut InOneSequence, opts);
        let a = serde_json::to_value(&blocks).unwrap();
        let b = serde_json::to_value(&sequence).unwrap();
        let mut compared = 0;
        close(&a, &b, "", &mut compared);
        assert!(compared > at_least, "only {compared} numbers compared");
        assert!(blocks.months[24].headcount_total > 5000.0);
    }
}

fn close(a: &serde_json::Value, b: &serde_json::Value, path: &str, n: &mut usize) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (k, v) in x {
                close(v, &y[k], &format!("{path}.{k}"), n);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                close(v, w, &format!("{path}[{i}]"), n);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            let tolerance = 1e-9 * (1.0 + x.abs().max(y.abs()));
            assert!((x - y).abs() <= tolerance, "{path}: {x} vs {y}");
            *n += 1;
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

#[test]
fn big_projection_is_the_same_on_one_and_two_threads() {
    let dir = std::env::temp_dir().join(format!("tp-parallel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.ron");
    // written out in full, so the file is big enough to be read in parallel
    let text = talent_planner::model::io::to_ron_string(&big_county()).unwrap();
    assert!(text.len() > 4 << 20, "{} bytes", text.len());
    std::fs::write(&file, text).unwrap();
    let run = |threads: &str, by: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_talent-planner"))
            .env("RAYON_NUM_THREADS", threads)
            .args(["run", file.to_str().unwrap(), "--by", by])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    for (by, at_least) in [("township", 1_000_000), ("county", 10_000)] {
        let one = run("1", by);
        let two = run("2", by);
        assert!(one.len() > at_least);
        assert!(
            one == two,
            "one and two threads give different bytes (--by {by})"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
