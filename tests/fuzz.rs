//! Fuzzing that stays: mutated scenarios and roster tables through
//! validation, projection and import, in process and through the binary.
//!
//! The large runs are ignored by default and run by `.ci/run` under a
//! memory limit (`cargo test --release --no-default-features --test fuzz --
//! --ignored`); the regression files under `tests/fuzz_regressions/` (inputs
//! the suite or the reliability pass found) run in every `cargo test`.
//!
//! Every case asserts: no panic; every rejection carries a message and a
//! position inside the input (a scenario's line and column, a table's row
//! and column); nothing written holds a non-finite number. Mutations are
//! drawn from fixed seeds, so a failure names a case that can be replayed;
//! a failing input is written to `target/tmp/fuzz-failures/` to be kept
//! under `tests/fuzz_regressions/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use talent_planner::exchange::finite::first_non_finite;
use talent_planner::model::validate::{Position, check_text, has_errors};
use talent_planner::model::{Model, RunOptions, montecarlo};
use talent_planner::roster::Roster;
use talent_planner::roster::table::{self, FileFormat, preview_import_as};

const SCENARIOS: [&str; 5] = [
    include_str!("../saves/markov_textbook.ron"),
    include_str!("fixtures/full_scenario.ron"),
    include_str!("fixtures/small_county.ron"),
    include_str!("../saves/policy_variant.ron"),
    include_str!("../assets/default_county.ron"),
];

const PEOPLE_CSV: &[u8] = include_bytes!("../saves/example_people.csv");
const ATTEMPTS_CSV: &[u8] = include_bytes!("../saves/example_attempts.csv");
const PEOPLE_GBK: &[u8] = include_bytes!("../saves/example_people_gbk.csv");
const ROSTER: &str = include_str!("../saves/example_roster.ron");

/// Numbers a mutation writes in place of a number.
const EXTREMES: [&str; 14] = [
    "1e308",
    "-1e308",
    "inf",
    "-inf",
    "NaN",
    "2147483647",
    "-2147483648",
    "4294967295",
    "18446744073709551615",
    "99999999999999999999999",
    "0",
    "-0.0",
    "1e-320",
    "-1",
];

/// Names a mutation writes in place of a variant or field name.
const UNKNOWN_NAMES: [&str; 4] = ["Bogus", "monthly", "r#type", "Some"];

/// Cells a mutation writes into a table.
const BAD_CELLS: [&str; 12] = [
    "=HYPERLINK(\"http://x\",\"y\")",
    "＝1+1",
    "\u{200B}@SUM(A1)",
    "9999-99-99",
    "1e308",
    "-2147483648",
    "NaN",
    "a\u{1b}[2Jb",
    "a\0b",
    "",
    "\"",
    "P001",
];

/// One mutation of a text's bytes.
fn mutate(rng: &mut ChaCha8Rng, base: &[u8], cells: bool) -> (Vec<u8>, &'static str) {
    let mut b = base.to_vec();
    let at = |rng: &mut ChaCha8Rng, len: usize| rng.random_range(0..len.max(1));
    let kind = rng.random_range(0..10u32);
    let name = match kind {
        0 => {
            for _ in 0..rng.random_range(1..6) {
                let i = at(rng, b.len());
                if let Some(x) = b.get_mut(i) {
                    *x = rng.random();
                }
            }
            "byte flips"
        }
        1 => {
            b.truncate(at(rng, b.len()));
            "truncation"
        }
        2 | 3 => {
            let mut lines: Vec<Vec<u8>> = b.split(|&x| x == b'\n').map(<[u8]>::to_vec).collect();
            let i = at(rng, lines.len());
            if kind == 2 {
                let n = rng.random_range(1..4).min(lines.len() - i);
                lines.drain(i..i + n);
            } else {
                let line = lines[i].clone();
                for _ in 0..rng.random_range(1..4) {
                    lines.insert(i, line.clone());
                }
            }
            b = lines.join(&b'\n');
            if kind == 2 {
                "deleted lines"
            } else {
                "duplicated lines"
            }
        }
        4 => {
            // A number (a run of digits) replaced by an extreme one.
            let text = String::from_utf8_lossy(&b).into_owned();
            let starts: Vec<usize> = text
                .char_indices()
                .filter(|&(i, c)| {
                    c.is_ascii_digit() && !text[..i].ends_with(|p: char| p.is_ascii_digit())
                })
                .map(|(i, _)| i)
                .collect();
            if !starts.is_empty() {
                let s = starts[at(rng, starts.len())];
                let e = text[s..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e'))
                    .map_or(text.len(), |k| s + k);
                let pick = EXTREMES[at(rng, EXTREMES.len())];
                b = format!("{}{pick}{}", &text[..s], &text[e..]).into_bytes();
            }
            "extreme number"
        }
        5 => {
            if cells {
                // A cell replaced by a hostile one.
                let text = String::from_utf8_lossy(&b).into_owned();
                let commas: Vec<usize> = text.match_indices(',').map(|(i, _)| i).collect();
                if !commas.is_empty() {
                    let s = commas[at(rng, commas.len())] + 1;
                    let e = text[s..].find([',', '\n']).map_or(text.len(), |k| s + k);
                    let pick = BAD_CELLS[at(rng, BAD_CELLS.len())];
                    b = format!("{}{pick}{}", &text[..s], &text[e..]).into_bytes();
                }
            } else {
                // An identifier replaced by an unknown one.
                let text = String::from_utf8_lossy(&b).into_owned();
                let idents: Vec<usize> = text
                    .char_indices()
                    .filter(|&(i, c)| {
                        c.is_ascii_uppercase()
                            && !text[..i].ends_with(|p: char| p.is_ascii_alphanumeric())
                    })
                    .map(|(i, _)| i)
                    .collect();
                if !idents.is_empty() {
                    let s = idents[at(rng, idents.len())];
                    let e = text[s..]
                        .find(|c: char| !c.is_ascii_alphanumeric())
                        .map_or(text.len(), |k| s + k);
                    let pick = UNKNOWN_NAMES[at(rng, UNKNOWN_NAMES.len())];
                    b = format!("{}{pick}{}", &text[..s], &text[e..]).into_bytes();
                }
            }
            if cells {
                "hostile cell"
            } else {
                "unknown variant"
            }
        }
        6 => {
            let depth = [10, 200, 5_000, 100_000][at(rng, 4)];
            let i = at(rng, b.len());
            let open = if cells { b"\"(" as &[u8] } else { b"[(" };
            let nest: Vec<u8> = (0..depth).map(|k| open[k % 2]).collect();
            b.splice(i..i, nest);
            "deep nesting"
        }
        7 => {
            for _ in 0..rng.random_range(1..4) {
                let i = at(rng, b.len());
                let bad: &[u8] =
                    [&[0xFF][..], &[0xC3], &[0xE4, 0x20], &[0xED, 0xA0, 0x80]][at(rng, 4)];
                b.splice(i..i, bad.iter().copied());
            }
            "invalid UTF-8"
        }
        8 => {
            // A long or control-laden string where a quote or comma is.
            let sep = if cells { b',' } else { b'"' };
            if let Some(i) = b.iter().position(|&x| x == sep).map(|p| {
                let n = b.iter().filter(|&&x| x == sep).count();
                let k = at(rng, n);
                b.iter()
                    .enumerate()
                    .filter(|&(_, &x)| x == sep)
                    .nth(k)
                    .map_or(p, |(j, _)| j)
            }) {
                let filler = match at(rng, 3) {
                    0 => "村".repeat(rng.random_range(200..20_000)),
                    1 => "\u{1b}[31m\u{7}\u{0}".to_string(),
                    _ => "\\u{1b}\\u{0}".to_string(),
                };
                b.splice(i + 1..i + 1, filler.into_bytes());
            }
            "long or control text"
        }
        _ => {
            // Two mutations at once.
            let (once, _) = mutate(rng, base, cells);
            let (twice, _) = mutate(rng, &once, cells);
            b = twice;
            "two mutations"
        }
    };
    (b, name)
}

/// Keeps a failing input for the regression folder and says where it is.
fn keep_failure(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Whether a position lies inside `text` (a line that exists, a column at
/// most one past its end).
fn inside(text: &str, pos: Position) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    pos.line >= 1
        && pos.line <= lines.len()
        && pos.column >= 1
        && pos.column <= lines[pos.line - 1].chars().count() + 1
}

/// What happened to one scenario case.
#[derive(Debug, Default, Clone, Copy)]
struct ScenarioTally {
    cases: usize,
    rejected: usize,
    projected: usize,
}

/// Validates one scenario as the command line reads it; runs the valid ones
/// (the expected-value projection, and a short Monte Carlo run for some),
/// checking every rule of the suite. Panics with the case's name.
fn scenario_case(bytes: &[u8], monte_carlo: bool, tally: &mut ScenarioTally) {
    tally.cases += 1;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // The reading reports line and column of the first bad byte.
            let (line, column) =
                talent_planner::exchange::text::line_column(bytes, e.valid_up_to());
            assert!(line >= 1 && column >= 1);
            tally.rejected += 1;
            return;
        }
    };
    let (scenario, problems) = check_text(text);
    for p in &problems {
        let pos = p.position.expect("every problem of a text has a position");
        assert!(inside(text, pos), "{pos:?} outside the text: {p:?}");
        assert!(!p.message_en.is_empty() && !p.message_zh.is_empty());
        assert!(p.message_en.chars().count() <= 1_001, "{}", p.message_en);
        assert!(!p.message_en.contains('\u{1b}') && !p.message_zh.contains('\u{1b}'));
    }
    let Some(sc) = scenario.filter(|_| !has_errors(&problems)) else {
        assert!(
            has_errors(&problems),
            "a scenario that did not parse has an error"
        );
        tally.rejected += 1;
        return;
    };
    let model = Model::compile(&sc).expect("a valid scenario compiles");
    let projection = model.project(RunOptions {
        township_detail: true,
        ..RunOptions::default()
    });
    assert_eq!(first_non_finite(&projection), None);
    let csv = talent_planner::model::export::csv_bytes(&projection, true).unwrap();
    assert!(!String::from_utf8_lossy(&csv).contains("inf"));
    if monte_carlo {
        let mc = montecarlo::run_monte_carlo(&model, 3, sc.seed, &|| {}).unwrap();
        assert_eq!(first_non_finite(&mc.bands), None);
        assert_eq!(first_non_finite(&mc.targets), None);
    }
    tally.projected += 1;
}

/// What happened to one table case.
#[derive(Debug, Default, Clone, Copy)]
struct TableTally {
    cases: usize,
    rejected: usize,
    imported: usize,
}

/// The default county's tracks, the ones an imported people table may name.
fn tracks() -> &'static [talent_planner::model::scenario::Track] {
    static TRACKS: std::sync::OnceLock<Vec<talent_planner::model::scenario::Track>> =
        std::sync::OnceLock::new();
    TRACKS.get_or_init(|| {
        talent_planner::model::io::default_scenario()
            .unwrap()
            .tracks
    })
}

fn example_roster() -> Roster {
    talent_planner::roster::doc::from_ron_str(ROSTER).unwrap().0
}

/// Imports one table file into `roster` (preview with every check, then
/// the import itself), checking every rule of the suite.
fn table_case(roster: &Roster, format: FileFormat, bytes: &[u8], tally: &mut TableTally) {
    tally.cases += 1;
    let preview = preview_import_as(roster, tracks(), format, bytes, None);
    let rows = match format {
        FileFormat::Csv => bytes.iter().filter(|&&b| b == b'\n').count() + 2,
        FileFormat::Xlsx => usize::MAX,
    };
    for p in &preview.problems {
        assert!(!p.reason_en.is_empty() && !p.reason_zh.is_empty());
        assert!(p.row <= rows, "row {} past the file: {p:?}", p.row);
        assert!(
            p.column.is_empty()
                || table::PEOPLE_HEADERS.contains(&p.column.as_str())
                || table::ATTEMPT_HEADERS.contains(&p.column.as_str()),
            "{p:?}"
        );
        assert!(p.reason_en.chars().count() <= 1_001);
        assert!(!p.reason_en.contains(['\u{1b}', '\0']));
    }
    match table::apply_import(roster, &preview) {
        Ok(after) => {
            assert!(preview.is_clean());
            // The dry run accepted it, so the import does: same checks.
            after.validate().expect("an imported roster is valid");
            tally.imported += 1;
        }
        Err(_) => {
            assert!(!preview.is_clean(), "a clean preview applies");
            tally.rejected += 1;
        }
    }
}

/// Mutated scenarios through validation and projection.
fn fuzz_scenarios(cases: usize, seed: u64) -> ScenarioTally {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut tally = ScenarioTally::default();
    for case in 0..cases {
        let base = SCENARIOS[case % SCENARIOS.len()];
        let (bytes, kind) = mutate(&mut rng, base.as_bytes(), false);
        let mc = case % 50 == 0;
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut t = ScenarioTally::default();
            scenario_case(&bytes, mc, &mut t);
            t
        }));
        match caught {
            Ok(t) => {
                tally.cases += t.cases;
                tally.rejected += t.rejected;
                tally.projected += t.projected;
            }
            Err(_) => {
                let kept = keep_failure(&format!("scenario-{seed}-{case}.ron"), &bytes);
                panic!(
                    "scenario case {case} ({kind}) failed; input kept at {}",
                    kept.display()
                );
            }
        }
    }
    tally
}

/// Mutated people and attempt tables (CSV and xlsx) through import.
fn fuzz_tables(cases: usize, seed: u64) -> TableTally {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let roster = example_roster();
    let empty = Roster::new("x", roster.townships.clone());
    let mut tally = TableTally::default();
    let bases: [&[u8]; 3] = [PEOPLE_CSV, ATTEMPTS_CSV, PEOPLE_GBK];
    for case in 0..cases {
        let base = bases[case % bases.len()];
        let (bytes, kind) = mutate(&mut rng, base, true);
        let into = if case % 4 == 0 { &empty } else { &roster };
        // One case in three goes in as a workbook of the mutated rows.
        let (format, input) = if case % 3 == 0 {
            match workbook_of(&bytes) {
                Some(x) => (FileFormat::Xlsx, x),
                None => (FileFormat::Csv, bytes.clone()),
            }
        } else {
            (FileFormat::Csv, bytes.clone())
        };
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut t = TableTally::default();
            table_case(into, format, &input, &mut t);
            t
        }));
        match caught {
            Ok(t) => {
                tally.cases += t.cases;
                tally.rejected += t.rejected;
                tally.imported += t.imported;
            }
            Err(_) => {
                let ext = if format == FileFormat::Xlsx {
                    "xlsx"
                } else {
                    "csv"
                };
                let kept = keep_failure(&format!("table-{seed}-{case}.{ext}"), &input);
                panic!(
                    "table case {case} ({kind}) failed; input kept at {}",
                    kept.display()
                );
            }
        }
    }
    tally
}

/// The rows of a (mutated) CSV as a workbook, every cell as text; `None`
/// when the bytes are not CSV text.
fn workbook_of(bytes: &[u8]) -> Option<Vec<u8>> {
    use talent_planner::exchange::{Cell, Table};
    let text = table::decode_text(bytes).ok()?;
    let rows = table::csv_rows(&text).ok()?;
    let mut t = Table::new("sheet", &[]);
    let mut rows = rows.into_iter();
    t.header = rows.next()?;
    t.rows = rows
        .map(|r| r.into_iter().map(Cell::Text).collect())
        .collect();
    talent_planner::exchange::xlsx::workbook_bytes(&[t]).ok()
}

#[test]
#[ignore = "the long fuzz run: .ci/run runs it in release under a memory limit"]
fn ten_thousand_mutated_scenarios() {
    let t = fuzz_scenarios(10_000, 14);
    println!(
        "scenarios: {} cases, {} rejected, {} projected",
        t.cases, t.rejected, t.projected
    );
    assert_eq!(t.cases, 10_000);
    assert!(t.rejected > 1_000 && t.projected > 1_000, "{t:?}");
}

#[test]
#[ignore = "the long fuzz run: .ci/run runs it in release under a memory limit"]
fn five_thousand_mutated_roster_tables() {
    let t = fuzz_tables(5_000, 14);
    println!(
        "roster tables: {} cases, {} rejected, {} imported",
        t.cases, t.rejected, t.imported
    );
    assert_eq!(t.cases, 5_000);
    assert!(t.rejected > 500 && t.imported > 200, "{t:?}");
}

#[test]
fn a_few_mutations_of_each_kind_in_every_test_run() {
    let s = fuzz_scenarios(60, 1);
    assert_eq!(s.cases, 60);
    let t = fuzz_tables(60, 1);
    assert_eq!(t.cases, 60);
}

/// Runs the binary under an address-space limit; returns its exit code,
/// failing the test if it was killed by a signal (an abort).
#[cfg(target_os = "linux")]
fn binary_exit(args: &[&str], limit_kib: u64) -> (i32, Vec<u8>) {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "ulimit -v {limit_kib} && exec '{}' {}",
        env!("CARGO_BIN_EXE_talent-planner"),
        quoted.join(" ")
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or_else(|| {
        panic!(
            "{args:?} died of a signal: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, out.stdout)
}

/// Mutated inputs through the binary itself (`validate`, `run`, `roster
/// import --dry-run`), each under a 3 GiB address-space limit: exit codes
/// 0, 1 or 2, never a signal, and `run`'s output finite.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "the long fuzz run: .ci/run runs it in release"]
fn mutated_files_through_the_binary_never_abort() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-binary");
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let limit = 3 << 20;
    let mut counts = [0usize; 3];
    for case in 0..300 {
        let base = SCENARIOS[case % SCENARIOS.len()];
        let (bytes, _) = mutate(&mut rng, base.as_bytes(), false);
        let file = dir.join(format!("case{case}.ron"));
        std::fs::write(&file, &bytes).unwrap();
        let f = file.to_str().unwrap();
        let (code, _) = binary_exit(&["validate", f], limit);
        assert!(matches!(code, 0 | 2), "validate {f}: exit {code}");
        let (code, out) = binary_exit(&["run", f], limit);
        assert!(matches!(code, 0..=2), "run {f}: exit {code}");
        if code == 0 {
            let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(first_non_finite(&json), None);
            assert!(!String::from_utf8_lossy(&out).contains("null,"));
            counts[0] += 1;
        }
        let (table, _) = mutate(&mut rng, [PEOPLE_CSV, ATTEMPTS_CSV][case % 2], true);
        let csv = dir.join(format!("case{case}.csv"));
        std::fs::write(&csv, &table).unwrap();
        let roster = dir.join("roster.ron");
        std::fs::write(&roster, ROSTER).unwrap();
        let (code, _) = binary_exit(
            &[
                "roster",
                "import",
                csv.to_str().unwrap(),
                "--into",
                roster.to_str().unwrap(),
                "--dry-run",
            ],
            limit,
        );
        assert!(
            matches!(code, 0..=2),
            "import {}: exit {code}",
            csv.display()
        );
        counts[if code == 0 { 1 } else { 2 }] += 1;
    }
    println!(
        "binary: 300 scenarios ({} ran), 300 tables ({} accepted, {} refused)",
        counts[0], counts[1], counts[2]
    );
}

/// Every kept input of `tests/fuzz_regressions/` goes through its case
/// again.
#[test]
fn kept_fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let roster = example_roster();
    let mut seen = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            match path.extension().and_then(|e| e.to_str()) {
                Some("ron") => scenario_case(&bytes, true, &mut ScenarioTally::default()),
                Some("csv") => {
                    table_case(&roster, FileFormat::Csv, &bytes, &mut TableTally::default());
                }
                Some("xlsx") => {
                    table_case(
                        &roster,
                        FileFormat::Xlsx,
                        &bytes,
                        &mut TableTally::default(),
                    );
                }
                _ => {}
            }
        }));
        assert!(caught.is_ok(), "{name} fails again");
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} regression files");
}
