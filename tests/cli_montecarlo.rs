//! `run --runs`: byte-identical output whatever the thread count, and bad
//! run sizes refused with a message before anything starts.

#![allow(clippy::unwrap_used)] // helpers of a test file may unwrap

use std::process::Command;

fn run(threads: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_talent-planner"))
        .env("RAYON_NUM_THREADS", threads)
        .arg("run")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn same_file_seed_and_runs_give_the_same_bytes_on_one_and_two_threads() {
    let args = [
        "tests/fixtures/mc_county.ron",
        "--runs",
        "40",
        "--seed",
        "5",
    ];
    let one = run("1", &args);
    let two = run("2", &args);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert!(two.status.success());
    assert_eq!(one.stdout, two.stdout);
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(json["monte_carlo"]["runs"], 40);
    assert_eq!(json["monte_carlo"]["seed"], 5);
    let months = json["months"].as_array().unwrap().len();
    for key in ["mean", "p5", "p25", "p50", "p75", "p95"] {
        assert_eq!(
            json["bands"]["headcount_total"][key]
                .as_array()
                .unwrap()
                .len(),
            months
        );
    }
    let odds = &json["targets"]["all_stations_at_norm"]["probability_by_year"];
    assert_eq!(odds.as_object().unwrap().len(), 10);
    // another seed gives other draws
    let other = run(
        "2",
        &[
            "tests/fixtures/mc_county.ron",
            "--runs",
            "40",
            "--seed",
            "6",
        ],
    );
    assert_ne!(one.stdout, other.stdout);
}

#[test]
fn default_seed_is_the_scenario_seed() {
    let a = run("2", &["tests/fixtures/mc_county.ron", "--runs", "8"]);
    let b = run(
        "2",
        &["tests/fixtures/mc_county.ron", "--runs", "8", "--seed", "7"],
    );
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn zero_and_huge_run_counts_are_refused_with_a_message() {
    for runs in ["0", "100000000000"] {
        let out = run("2", &["tests/fixtures/mc_county.ron", "--runs", runs]);
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("runs"), "{err}");
    }
    let csv = run(
        "2",
        &[
            "tests/fixtures/mc_county.ron",
            "--runs",
            "5",
            "--format",
            "csv",
        ],
    );
    assert!(!csv.status.success());
    assert!(String::from_utf8_lossy(&csv.stderr).contains("--format json"));
}

/// Under an address-space limit (`ulimit -v`, as a container or a careful
/// administrator sets), a run too big for it is refused with a message
/// before it starts, instead of aborting half-way with no output.
#[cfg(target_os = "linux")]
#[test]
fn a_run_too_big_for_the_process_limit_is_refused_with_a_message() {
    let script = format!(
        "ulimit -v 2000000 && exec '{}' run --runs 200000",
        env!("CARGO_BIN_EXE_talent-planner")
    );
    let out = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("MiB are available"), "{stderr}");
    assert!(out.stdout.is_empty());
}
