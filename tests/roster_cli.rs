//! `talent-planner roster …` end to end: status JSON, import that refuses bad
//! files without touching the roster, export to CSV and xlsx.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `talent-planner roster ARGS…`.
fn roster(args: &[&dyn AsRef<OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talent-planner"))
        .arg("roster")
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(out.status.success(), "{}", stderr(out));
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("roster_cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn status_json_sorted_with_required_fields() {
    let out = roster(&[
        &"status",
        &"saves/example_attempts.csv",
        &"--people",
        &"saves/example_people.csv",
        &"--format",
        &"json",
    ]);
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    // Everyone in the people file, sorted by id.
    assert_eq!(arr.len(), 42);
    let ids: Vec<&str> = arr
        .iter()
        .map(|o| o["person_id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    for o in arr {
        let level = o["level"].as_str().unwrap();
        assert!(["none", "assistant", "intermediate", "senior"].contains(&level));
        assert_eq!(o["certified_year"].is_null(), level == "none");
        for c in o["carried_subjects"].as_array().unwrap() {
            for k in ["subject", "level", "passed_year", "valid_through_year"] {
                assert!(!c[k].is_null(), "{k}");
            }
        }
    }
    let p001 = &arr[0];
    assert_eq!(p001["level"], "intermediate");
    assert_eq!(p001["certified_year"], 2023);
    // Judged in 2026 (the latest sitting in the file), P003's 2025 pass is still carried.
    let p003 = arr.iter().find(|o| o["person_id"] == "P003").unwrap();
    let carried = p003["carried_subjects"].as_array().unwrap();
    assert_eq!(carried.len(), 1);
    assert_eq!(carried[0]["subject"], "comprehensive");
    assert_eq!(carried[0]["valid_through_year"], 2026);
    // With the people file, every level is either open or has a reason.
    for o in arr {
        let open: Vec<&str> = o["may_sit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        let closed = o["may_not_sit_because"].as_object().unwrap();
        for level in ["assistant", "intermediate", "senior"] {
            assert_ne!(open.contains(&level), closed.contains_key(level), "{o}");
        }
        for r in closed.values() {
            for k in ["code", "en", "zh"] {
                assert!(!r[k].as_str().unwrap().is_empty(), "{k}");
            }
        }
    }
    // P001 (bachelor, intermediate 2023) waits 5 years after it for senior.
    assert_eq!(
        p001["may_not_sit_because"]["senior"]["code"],
        "years_since_certificate"
    );
    assert_eq!(
        p001["may_not_sit_because"]["intermediate"]["code"],
        "already_certified"
    );
}

/// The whole answer for the example files at the 2027 sitting, people file
/// given: certificates, carried subjects, and who may sit what.
#[test]
fn status_with_eligibility_snapshot() {
    let out = roster(&[
        &"status",
        &"saves/example_attempts.csv",
        &"--people",
        &"saves/example_people.csv",
        &"--as-of",
        &"2027",
    ]);
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("roster_status_2027", v);
}

#[test]
fn status_without_people_has_no_eligibility_and_results_month_is_checked() {
    let out = roster(&[&"status", &"saves/example_attempts.csv"]);
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for o in v.as_array().unwrap() {
        assert!(o.get("may_sit").is_none() && o.get("may_not_sit_because").is_none());
    }
    let out = roster(&[
        &"status",
        &"saves/example_attempts.csv",
        &"--results-month",
        &"13",
    ]);
    assert!(!out.status.success());
}

#[test]
fn status_reports_bad_rows_without_panicking() {
    let bad = scratch("bad_attempts.csv");
    std::fs::write(&bad, "person_id,year,level,subject,score\nx,2024,assistant,practice,120\ny,20x4,assistant,practice,70\n").unwrap();
    let out = roster(&[&"status", &bad]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("row 2, column score"), "{err}");
    assert!(err.contains("row 3, column year"), "{err}");
    let wrong = scratch("wrong_header.csv");
    std::fs::write(&wrong, "id,year\n1,2024\n").unwrap();
    let out = roster(&[&"status", &wrong]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("header"));
}

#[test]
fn import_refuses_bad_file_and_export_round_trips() {
    let file = scratch("roster.ron");
    std::fs::copy("saves/example_roster.ron", &file).unwrap();
    let before = std::fs::read(&file).unwrap();
    let bad = scratch("bad_people.csv");
    std::fs::write(
        &bad,
        "person_id,name,gender,birth_year,township,village,track,education,major,sw_start_date,hire_date\n\
         N1,新人,女,1990,t01,,local,bachelor,other,2020-01-01,2020-02-01\n\
         N2,新人二,女,1990,nowhere,,local,bachelor,other,2020-01-01,2020-02-01\n",
    )
    .unwrap();
    let out = roster(&[&"import", &bad, &"--into", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("row 3, column township"));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "nothing half-imported"
    );

    assert_ok(&roster(&[
        &"import",
        &"saves/example_people_gbk.csv",
        &"--into",
        &file,
    ]));

    let csv = scratch("people.csv");
    assert_ok(&roster(&[&"export", &file, &"--out", &csv]));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFperson_id,name,gender,birth_year,township,village,track,education,major,sw_start_date,hire_date"));

    let xlsx = scratch("roster.xlsx");
    assert_ok(&roster(&[&"export", &file, &"--out", &xlsx]));
    let copy = scratch("roster_copy.ron");
    std::fs::copy(&file, &copy).unwrap();
    assert_ok(&roster(&[&"import", &xlsx, &"--into", &copy]));
    let a = talent_planner::roster::doc::load(&file).unwrap().0;
    let b = talent_planner::roster::doc::load(&copy).unwrap().0;
    assert_eq!(a, b);
}

const PEOPLE_HEADER: &str = "person_id,name,gender,birth_year,township,village,track,education,major,sw_start_date,hire_date";

#[test]
fn a_latin1_file_is_refused_naming_its_encoding_unless_the_user_names_it() {
    let file = scratch("latin1_roster.ron");
    let _ = std::fs::remove_file(&file);
    let csv = scratch("latin1.csv");
    let mut bytes = format!("{PEOPLE_HEADER}\n").into_bytes();
    bytes.extend_from_slice(
        b"P901,J\xfcrgen M\xfcller-Stra\xdfe,male,1980,t01,,local,bachelor,social_work,2014-05-01,2018-03-01\n",
    );
    std::fs::write(&csv, &bytes).unwrap();
    let out = roster(&[&"import", &csv, &"--into", &file]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("windows-1252"), "{}", stderr(&out));
    assert!(!file.exists(), "nothing written");
    let out = roster(&[&"import", &csv, &"--into", &file, &"--encoding", &"latin1"]);
    assert_ok(&out);
    let r = talent_planner::roster::doc::load(&file).unwrap().0;
    assert!(r.people.iter().any(|p| p.name == "Jürgen Müller-Straße"));
}

#[test]
fn a_dry_run_refuses_what_the_import_refuses_with_the_same_row() {
    let file = scratch("dry_run_roster.ron");
    let _ = std::fs::remove_file(&file);
    let csv = scratch("unknown_person.csv");
    std::fs::write(
        &csv,
        "person_id,year,level,subject,score\nP001,2020,assistant,comprehensive,70\n",
    )
    .unwrap();
    let dry = roster(&[&"import", &csv, &"--into", &file, &"--dry-run"]);
    let real = roster(&[&"import", &csv, &"--into", &file]);
    assert_eq!(dry.status.code(), Some(2), "{}", stderr(&dry));
    assert_eq!(real.status.code(), Some(2));
    assert!(
        stderr(&dry).contains("row 2, column person_id: unknown person P001"),
        "{}",
        stderr(&dry)
    );
    assert_eq!(stderr(&dry), stderr(&real));
}

#[test]
fn control_characters_and_long_names_are_refused_with_row_and_column() {
    let file = scratch("control_roster.ron");
    std::fs::copy("saves/example_roster.ron", &file).unwrap();
    let csv = scratch("control.csv");
    let long = "村".repeat(300);
    std::fs::write(
        &csv,
        format!(
            "{PEOPLE_HEADER}\nN1,a\u{1b}[2J\u{0}b,女,1990,t01,,local,bachelor,other,2020-01-01,2020-02-01\n\
             N2,张三,女,1990,t01,{long},local,bachelor,other,2020-01-01,2020-02-01\n"
        ),
    )
    .unwrap();
    let out = roster(&[&"import", &csv, &"--into", &file, &"--dry-run"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("row 2, column name: contains a control character"),
        "{err}"
    );
    assert!(
        err.contains("row 3, column village: is 300 characters long"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'));
}

#[test]
fn a_workbook_that_inflates_past_the_limit_is_refused_before_it_is_read() {
    use std::io::Write;
    let path = scratch("inflates.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().large_file(true);
    zip.start_file("xl/sharedStrings.xml", opts).unwrap();
    let chunk = vec![b'A'; 1 << 20];
    for _ in 0..520 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 4 << 20);
    let file = scratch("inflates_roster.ron");
    let out = roster(&[&"import", &path, &"--into", &file, &"--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unpacks to more than 512 MiB"),
        "{}",
        stderr(&out)
    );
    // The far cell of the reliability pass: refused, not a dense grid.
    let out = roster(&[
        &"import",
        &"tests/fuzz_regressions/only_cell_at_xfd1048576.xlsx",
        &"--into",
        &file,
        &"--dry-run",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cell XFD1048576"), "{}", stderr(&out));
}

#[test]
fn an_anonymised_export_has_random_pseudonyms_and_reports_the_smallest_group() {
    let csv = scratch("anon.csv");
    let out = roster(&[
        &"export",
        &"saves/example_roster.ron",
        &"--out",
        &csv,
        &"--anonymise",
        &"--coarsen",
    ]);
    assert_ok(&out);
    assert!(stderr(&out).contains("smallest group"), "{}", stderr(&out));
    let first = std::fs::read_to_string(&csv).unwrap();
    assert!(!first.contains("P001"));
    // Village gone, birth years in bands, dates to the year.
    let row = first.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[5], "");
    assert!(cells[3].is_empty() || cells[3].contains('-'), "{row}");
    assert!(cells[9].is_empty() || cells[9].len() == 4, "{row}");
    assert_ok(&roster(&[
        &"export",
        &"saves/example_roster.ron",
        &"--out",
        &csv,
        &"--anonymise",
    ]));
    let second = std::fs::read_to_string(&csv).unwrap();
    let ids = |t: &str| -> Vec<String> {
        t.lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect()
    };
    assert!(ids(&first).iter().all(|id| !ids(&second).contains(id)));
}

/// Runs `talent-planner roster ARGS…` with `LANG` set to `lang`.
fn roster_in(lang: &str, args: &[&dyn AsRef<OsStr>]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talent-planner"))
        .env("LANG", lang)
        .arg("roster")
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap()
}

#[test]
fn import_takes_the_tracks_of_the_scenario_given_and_names_an_unknown_one_in_the_users_language() {
    // The default county with a third track, in-service staff.
    let text = std::fs::read_to_string("assets/default_county.ron").unwrap();
    // The end of the track list (the local track states its education mix).
    let end = "\n    ],\n    stages: [";
    assert!(text.contains(end));
    let three = text.replacen(
        end,
        &format!(
            "\n        (id: \"in_service\", name: \"民政协理员\", name_en: \"In-service staff\"),{end}"
        ),
        1,
    );
    let sc = scratch("three_tracks.ron");
    std::fs::write(&sc, three).unwrap();
    let csv = scratch("in_service.csv");
    std::fs::write(
        &csv,
        format!(
            "{PEOPLE_HEADER}\n\
             S1,协理员一,女,1985,t01,,民政协理员,high_school,other,2019-01-01,2019-02-01\n\
             S2,协理员二,男,1987,t01,,in_service,junior_college,other,2019-01-01,2019-02-01\n"
        ),
    )
    .unwrap();
    let file = scratch("in_service_roster.ron");
    let _ = std::fs::remove_file(&file);
    // The default county has no such track: row, column and the tracks it has.
    let out = roster_in("C", &[&"import", &csv, &"--into", &file]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("row 2, column track: unknown track")
            && err.contains("(professional/local)")
            && err.contains("in_service.csv"),
        "{err}"
    );
    let out = roster_in("zh_CN.UTF-8", &[&"import", &csv, &"--into", &file]);
    let err = stderr(&out);
    assert!(
        err.contains("第3行，track列：类别`in_service`无法识别（专业人才/本土人才）"),
        "{err}"
    );
    assert!(!file.exists(), "nothing written");
    // With the scenario that has it, both rows import, stored by id.
    assert_ok(&roster(&[
        &"import",
        &csv,
        &"--into",
        &file,
        &"--scenario",
        &sc,
    ]));
    let r = talent_planner::roster::doc::load(&file).unwrap().0;
    let tracks: Vec<&str> = r.people.iter().map(|p| p.track.id()).collect();
    assert_eq!(tracks, ["in_service", "in_service"]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains(r#"track: "in_service""#)
    );
}
