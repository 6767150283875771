//! Files that are always whole: every writer of the command line is killed
//! (SIGKILL) at random moments, at least 50 times each, and the target must
//! then be the previous file or the complete new one, never a part; the
//! next run leaves no temporary file behind.
//!
//! Ignored by default (it runs each writer a few hundred times); `.ci/run`
//! runs it in release: `cargo test --release --no-default-features --test
//! kill -- --ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use talent_planner::roster::doc;
use talent_planner::roster::synth::synthetic_roster;

/// Kills per writer.
const KILLS: usize = 60;

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_talent-planner")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("kill-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a command to the end; panics on failure.
fn run_whole(args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(binary()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

/// How a target is compared with the old and the new file.
type Same = fn(&[u8], &[u8]) -> bool;

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a == b
}

/// Two workbooks with the same sheets and cells (a workbook's own bytes
/// hold the time it was written).
fn same_workbook(a: &[u8], b: &[u8]) -> bool {
    let read = |x: &[u8]| talent_planner::exchange::xlsx::read_sheets(x, |d| format!("{d:?}")).ok();
    match (read(a), read(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Kills `args` (which write `target`) `KILLS` times at random moments up
/// to a little past a whole run's duration; after each, `target` must be
/// the old or the new file. `prepare` restores the old file (and any
/// input the command changes) before each attempt.
fn kill_test(
    name: &str,
    args: &[&str],
    target: &Path,
    old: &[u8],
    new: &[u8],
    same: Same,
    prepare: &dyn Fn(),
) {
    let mut rng = ChaCha8Rng::seed_from_u64(name.len() as u64);
    prepare();
    let whole = run_whole(args);
    assert!(
        same(&std::fs::read(target).unwrap(), new),
        "{name}: a whole run writes the new file"
    );
    let window = whole.as_micros().max(2_000) as u64 * 12 / 10;
    let (mut olds, mut news) = (0, 0);
    for k in 0..KILLS {
        prepare();
        std::fs::write(target, old).unwrap();
        let mut child = Command::new(binary())
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.random_range(0..window)));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(target).unwrap();
        if now == old {
            olds += 1;
        } else if same(&now, new) {
            news += 1;
        } else {
            panic!(
                "{name}: kill {k} left a torn file ({} bytes; old {}, new {})",
                now.len(),
                old.len(),
                new.len()
            );
        }
    }
    // The next whole run cleans up what the killed ones left.
    prepare();
    run_whole(args);
    let dir = target.parent().unwrap();
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part") || n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{name}: left {leftovers:?}");
    println!("{name}: {KILLS} kills, {olds} left the old file, {news} the new one");
}

#[test]
#[ignore = "kills each writer many times: .ci/run runs it in release"]
fn run_out_json_and_csv_are_whole_after_any_kill() {
    let dir = scratch("run");
    let scenario = dir.join("county.ron");
    run_whole(&[
        "generate",
        "--townships",
        "300",
        "--villages-per-township",
        "10",
        "--out",
        scenario.to_str().unwrap(),
    ]);
    for (name, format, by) in [
        ("run --out json", "json", "county"),
        ("run --out csv by township", "csv", "township"),
    ] {
        let target = dir.join(format!("out.{format}"));
        let t = target.to_str().unwrap();
        let args = [
            "run",
            scenario.to_str().unwrap(),
            "--format",
            format,
            "--by",
            by,
            "--out",
            t,
        ];
        run_whole(&args);
        let new = std::fs::read(&target).unwrap();
        kill_test(
            name,
            &args,
            &target,
            b"old output\n",
            &new,
            same_bytes,
            &|| {},
        );
    }
}

#[test]
#[ignore = "kills each writer many times: .ci/run runs it in release"]
fn generate_out_is_whole_after_any_kill() {
    let dir = scratch("generate");
    let target = dir.join("county.ron");
    let t = target.to_str().unwrap();
    let args = [
        "generate",
        "--townships",
        "1000",
        "--villages-per-township",
        "12",
        "--seed",
        "3",
        "--out",
        t,
    ];
    run_whole(&args);
    let new = std::fs::read(&target).unwrap();
    run_whole(&[
        "generate",
        "--townships",
        "20",
        "--villages-per-township",
        "3",
        "--out",
        t,
    ]);
    let old = std::fs::read(&target).unwrap();
    kill_test(
        "generate --out",
        &args,
        &target,
        &old,
        &new,
        same_bytes,
        &|| {},
    );
}

#[test]
#[ignore = "kills each writer many times: .ci/run runs it in release"]
fn roster_export_and_import_are_whole_after_any_kill() {
    let dir = scratch("roster");
    let sc = talent_planner::model::io::default_scenario().unwrap();
    let townships = talent_planner::roster::Roster::townships_of(&sc);
    let big = synthetic_roster(10_000, &townships, 5);
    let roster = dir.join("roster.ron");
    doc::save(&big, &roster).unwrap();
    let r = roster.to_str().unwrap();
    for (ext, same) in [("csv", same_bytes as Same), ("xlsx", same_workbook as Same)] {
        let target = dir.join(format!("people.{ext}"));
        let t = target.to_str().unwrap();
        let args = ["roster", "export", r, "--out", t];
        run_whole(&args);
        let new = std::fs::read(&target).unwrap();
        let name = format!("roster export {ext}");
        kill_test(&name, &args, &target, b"old export", &new, same, &|| {});
    }
    // Import: the people of the big roster, with new names, into it.
    let mut renamed = big.clone();
    for p in &mut renamed.people {
        p.name.push('新');
    }
    let people = talent_planner::roster::table::people_table(
        &renamed,
        &talent_planner::roster::table::ExportOptions::plain(),
    );
    let csv = dir.join("renamed.csv");
    std::fs::write(
        &csv,
        talent_planner::exchange::csv::table_bytes(&people).unwrap(),
    )
    .unwrap();
    let target = dir.join("into.ron");
    let old = std::fs::read(&roster).unwrap();
    let restore = || std::fs::write(&target, &old).unwrap();
    let args = [
        "roster",
        "import",
        csv.to_str().unwrap(),
        "--into",
        target.to_str().unwrap(),
    ];
    restore();
    run_whole(&args);
    let new = std::fs::read(&target).unwrap();
    assert_ne!(new, old);
    kill_test(
        "roster import --into",
        &args,
        &target,
        &old,
        &new,
        same_bytes,
        &restore,
    );
}
