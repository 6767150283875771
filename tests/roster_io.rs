//! Roster files and tables: the example roster loads, CSV in UTF-8 (BOM) and
//! GBK, every bad row reported with row, column and reason, nothing
//! half-imported, formula-safe and anonymised export, xlsx round trip, and
//! random bytes and rows never panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use std::collections::HashSet;
use talent_planner::exchange::table::escape_text as escape_cell;
use talent_planner::exchange::{Cell, csv::table_bytes, xlsx::workbook_bytes};
use talent_planner::roster::table::{
    self, ExportOptions, FileFormat, TableKind, apply_import, preview_import,
};
use talent_planner::roster::{Roster, TownshipRef, doc};

/// The default county's tracks: the ones an imported people table may name.
fn tracks() -> Vec<talent_planner::model::scenario::Track> {
    talent_planner::model::io::default_scenario()
        .unwrap()
        .tracks
}

fn example() -> Roster {
    let text = std::fs::read_to_string("saves/example_roster.ron").unwrap();
    let (r, warnings) = doc::from_ron_str(&text).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    r
}

fn small_roster() -> Roster {
    Roster::new(
        "测试县",
        vec![
            TownshipRef {
                id: "chengguan".into(),
                name: "城关镇".into(),
            },
            TownshipRef {
                id: "donghe".into(),
                name: "东河镇".into(),
            },
        ],
    )
}

const PEOPLE_HEADER: &str = "person_id,name,gender,birth_year,township,village,track,education,major,sw_start_date,hire_date";

#[test]
fn example_roster_loads_and_round_trips() {
    let r = example();
    assert!(r.people.len() >= 30);
    assert_eq!(r.cohorts.len(), 3);
    let text = doc::to_ron_string(&r).unwrap();
    let (back, _) = doc::from_ron_str(&text).unwrap();
    assert_eq!(back, r);
}

#[test]
fn wrong_format_version_is_refused() {
    let text = std::fs::read_to_string("saves/example_roster.ron")
        .unwrap()
        .replacen("format_version: 1", "format_version: 9", 1);
    let err = doc::from_ron_str(&text).unwrap_err();
    assert!(err.to_string().contains("format_version 9"), "{err}");
}

#[test]
fn example_csvs_import_into_example_roster() {
    let r = example();
    for (file, kind) in [
        ("saves/example_people.csv", TableKind::People),
        ("saves/example_people_gbk.csv", TableKind::People),
        ("saves/example_attempts.csv", TableKind::Attempts),
    ] {
        let bytes = std::fs::read(file).unwrap();
        let p = preview_import(&r, &tracks(), FileFormat::Csv, &bytes);
        assert!(p.is_clean(), "{file}: {:?}", p.problems);
        assert_eq!(p.tables, vec![kind]);
        // Re-importing the roster's own data changes nothing.
        let after = apply_import(&r, &p).unwrap();
        assert_eq!(after, r, "{file}");
    }
}

#[test]
fn gbk_file_is_really_gbk_and_maps_chinese_names() {
    let bytes = std::fs::read("saves/example_people_gbk.csv").unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let text = table::decode_text(&bytes).unwrap();
    assert!(text.contains("县社会工作服务指导中心") && text.contains("石桥镇"));
    let ex = example();
    let p = preview_import(&ex, &tracks(), FileFormat::Csv, &bytes);
    assert!(p.is_clean(), "{:?}", p.problems);
    // Chinese township names become ids.
    let towns: HashSet<&str> = ex.townships.iter().map(|t| t.id.as_str()).collect();
    assert!(p.people.iter().all(|x| towns.contains(x.township.as_str())));
}

#[test]
fn every_bad_cell_is_reported_and_nothing_changes() {
    let r = small_roster();
    let csv = format!(
        "{PEOPLE_HEADER}\n\
         a1,张三,男,1990,城关镇,,local,high_school,other,2020-01-01,2020-02-01\n\
         a1,李四,女,1991,chengguan,,local,bachelor,social_work,2020-01-01,2020-02-01\n\
         a3,王五,x,19x0,西山乡,,farmer,phd?,art,2020-13-01,2020/02/30\n\
         a4,,male,1990,donghe,,professional,master,other,,\n\
         a5,赵六,male,1990,donghe\n"
    );
    let p = preview_import(&r, &tracks(), FileFormat::Csv, csv.as_bytes());
    let got: Vec<(usize, &str)> = p
        .problems
        .iter()
        .map(|x| (x.row, x.column.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, "person_id"),
            (4, "gender"),
            (4, "birth_year"),
            (4, "township"),
            (4, "track"),
            (4, "education"),
            (4, "major"),
            (4, "sw_start_date"),
            (4, "hire_date"),
            (5, "name"),
            (6, ""),
        ]
    );
    assert!(
        p.problems
            .iter()
            .all(|x| !x.reason_en.is_empty() && !x.reason_zh.is_empty())
    );
    assert!(p.problems[0].reason_en.contains("duplicate"));
    assert!(p.problems[3].reason_zh.contains("西山乡"));
    assert!(apply_import(&r, &p).is_err());
}

#[test]
fn bad_attempt_rows() {
    let mut r = small_roster();
    let ok = format!(
        "{PEOPLE_HEADER}\np1,张三,男,1990,城关镇,,local,high_school,other,2020-01-01,2020-02-01\n"
    );
    r = apply_import(
        &r,
        &preview_import(&r, &tracks(), FileFormat::Csv, ok.as_bytes()),
    )
    .unwrap();
    let csv = "person_id,year,level,subject,score\n\
               p1,2024,assistant,comprehensive,60\n\
               p1,2024,assistant,comprehensive,70\n\
               p2,2024,assistant,practice,70\n\
               p1,2024,assistant,law_policy,70\n\
               p1,2024,intermediate,practice,101\n\
               p1,2024,intermediate,law_policy,-1\n\
               p1,1999,expert,history,abc\n";
    let p = preview_import(&r, &tracks(), FileFormat::Csv, csv.as_bytes());
    let got: Vec<(usize, &str)> = p
        .problems
        .iter()
        .map(|x| (x.row, x.column.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, ""),
            (4, "person_id"),
            (5, "subject"),
            (6, "score"),
            (7, "score"),
            (8, "year"),
            (8, "level"),
            (8, "subject"),
            (8, "score")
        ]
    );
    let before = r.clone();
    assert!(apply_import(&r, &p).is_err());
    assert_eq!(r, before);
}

#[test]
fn wrong_headers_are_refused() {
    let r = small_roster();
    for text in [
        "id,name\n1,x\n",
        "person_id,year,level,subject\np1,2024,assistant,practice\n",
        "person_id,name,gender,birth_year,township,village,track,education,major,hire_date,sw_start_date\n",
        "",
    ] {
        let p = preview_import(&r, &tracks(), FileFormat::Csv, text.as_bytes());
        assert!(!p.is_clean(), "{text:?}");
        assert!(p.people.is_empty() && p.attempts.is_empty());
    }
}

#[test]
fn utf8_with_bom_and_updates_keep_employment() {
    let r = example();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(format!("{PEOPLE_HEADER}\nP007,新名字,male,1990,t01,,local,bachelor,other,2019-01-01,2019-02-01\nNEW1,新人,female,2000,t02,,local,bachelor,other,,\n").as_bytes());
    let p = preview_import(&r, &tracks(), FileFormat::Csv, &bytes);
    assert!(p.is_clean(), "{:?}", p.problems);
    assert_eq!(p.updated_people, vec!["P007"]);
    assert_eq!(p.new_people, vec!["NEW1"]);
    let after = apply_import(&r, &p).unwrap();
    let i = after.person_index("P007").unwrap();
    assert_eq!(after.people[i].name, "新名字");
    assert_eq!(
        after.people[i].employment,
        r.people[r.person_index("P007").unwrap()].employment
    );
    assert_eq!(after.people.len(), r.people.len() + 1);
}

#[test]
fn escaping_and_anonymising() {
    assert_eq!(escape_cell("=1+1"), "'=1+1");
    assert_eq!(escape_cell("+86"), "'+86");
    assert_eq!(escape_cell("-5"), "'-5");
    assert_eq!(escape_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(escape_cell("城关镇"), "城关镇");
    assert_eq!(table::unescape_cell("'=1+1"), "=1+1");

    let mut r = example();
    r.people[0].name = "=HYPERLINK(\"x\")".into();
    r.people[1].village = "@evil".into();
    r.people[2].village = "-1".into();
    let bytes = table_bytes(&table::people_table(&r, &ExportOptions::plain())).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let rows = table::csv_rows(std::str::from_utf8(&bytes[3..]).unwrap()).unwrap();
    // Read raw, no cell may start with a formula character.
    let raw = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .into_records();
    for rec in raw {
        for cell in rec.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    // Read back through the importer, the values come back unchanged.
    assert!(rows.iter().any(|row| row[1] == "=HYPERLINK(\"x\")"));

    let opts = ExportOptions::anonymised(&r, 7, false);
    let anon = table::people_table(&r, &opts);
    let names: HashSet<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
    let ids: HashSet<&str> = r.people.iter().map(|p| p.id.as_str()).collect();
    let text = |c: &Cell| c.to_csv_text().into_owned();
    for row in &anon.rows {
        assert_eq!(row[1], Cell::Empty);
        assert!(!ids.contains(text(&row[0]).as_str()));
        assert!(!names.contains(text(&row[0]).as_str()));
        assert_eq!(text(&row[0]).len(), 8);
    }
    let anon_attempts = table::attempts_table(&r, &opts);
    let anon_ids: HashSet<String> = anon.rows.iter().map(|row| text(&row[0])).collect();
    assert_eq!(anon_ids.len(), r.people.len(), "pseudonyms are distinct");
    assert!(
        anon_attempts
            .rows
            .iter()
            .all(|row| anon_ids.contains(&text(&row[0])))
    );
    assert_eq!(anon_attempts.rows.len(), r.attempts.len());
    // Pseudonyms are not the rank of the id, and another export draws new ones.
    let mut sorted: Vec<&str> = ids.iter().copied().collect();
    sorted.sort_unstable();
    assert!(anon_ids.iter().all(|a| a.parse::<usize>().is_err()));
    let again = table::people_table(&r, &ExportOptions::anonymised(&r, 8, false));
    let again_ids: HashSet<String> = again.rows.iter().map(|row| text(&row[0])).collect();
    assert!(anon_ids.is_disjoint(&again_ids));
}

#[test]
fn xlsx_round_trip() {
    let r = example();
    let bytes = workbook_bytes(&[
        table::people_table(&r, &ExportOptions::plain()),
        table::attempts_table(&r, &ExportOptions::plain()),
    ])
    .unwrap();
    let p = preview_import(&r, &tracks(), FileFormat::Xlsx, &bytes);
    assert!(p.is_clean(), "{:?}", p.problems);
    assert_eq!(p.tables, vec![TableKind::People, TableKind::Attempts]);
    assert_eq!(p.people.len(), r.people.len());
    assert_eq!(p.attempts.len(), r.attempts.len());
    assert_eq!(p.replaced_attempts, r.attempts.len());
    assert_eq!(apply_import(&r, &p).unwrap(), r);
    // Into an empty roster with the same townships, people then attempts in one workbook.
    let empty = Roster::new("x", r.townships.clone());
    let p = preview_import(&empty, &tracks(), FileFormat::Xlsx, &bytes);
    assert!(p.is_clean(), "{:?}", p.problems);
    let fresh = apply_import(&empty, &p).unwrap();
    assert_eq!(fresh.people.len(), r.people.len());
    assert_eq!(fresh.attempts.len(), r.attempts.len());
}

#[test]
fn xlsx_with_bad_rows_lists_sheet_and_row() {
    let mut r = example();
    r.attempts[3].score = 150.0;
    let bytes = workbook_bytes(&[table::attempts_table(&r, &ExportOptions::plain())]).unwrap();
    let p = preview_import(&example(), &tracks(), FileFormat::Xlsx, &bytes);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(p.problems[0].sheet, "attempts");
    assert_eq!(p.problems[0].column, "score");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let r = small_roster();
        let p = preview_import(&r, &tracks(), FileFormat::Csv, &bytes);
        if !p.is_clean() {
            prop_assert!(apply_import(&r, &p).is_err());
        }
        let p = preview_import(&r, &tracks(), FileFormat::Xlsx, &bytes);
        prop_assert!(!p.is_clean());
    }

    #[test]
    fn random_rows_never_panic_and_never_half_import(
        rows in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    Just("城关镇".to_string()),
                    Just("local".to_string()),
                    Just("bachelor".to_string()),
                    Just("other".to_string()),
                    Just("2020-01-01".to_string()),
                    Just("assistant".to_string()),
                    Just("practice".to_string()),
                    "[0-9]{1,4}",
                    "[a-z0-9=+@\"\\-,]{0,8}",
                    "\\PC{0,6}",
                ],
                0..13,
            ),
            0..20,
        ),
        people in any::<bool>(),
    ) {
        let r = small_roster();
        let header = if people { PEOPLE_HEADER } else { "person_id,year,level,subject,score" };
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        w.write_record(header.split(',')).unwrap();
        for row in &rows {
            w.write_record(row).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let p = preview_import(&r, &tracks(), FileFormat::Csv, &bytes);
        let data_rows = rows.iter().filter(|row| row.iter().any(|c| !c.trim().is_empty())).count();
        match apply_import(&r, &p) {
            Ok(after) => {
                prop_assert!(p.is_clean());
                prop_assert!(after.validate().is_ok());
                // All or nothing: every data row became a person (attempts need known people).
                prop_assert_eq!(after.people.len(), if people { data_rows } else { 0 });
                prop_assert!(after.attempts.is_empty());
            }
            Err(_) => prop_assert!(!p.is_clean(), "a clean preview failed to apply: {:?}", p),
        }
    }
}

#[test]
fn a_roster_file_with_a_control_character_or_a_huge_name_is_refused() {
    let mut r = example();
    r.people[0].village = "村\u{1b}[2J".into();
    let text = doc::to_ron_string(&r).unwrap();
    let err = doc::from_ron_str(&text).unwrap_err().to_string();
    assert!(
        err.contains("village") && err.contains("control character"),
        "{err}"
    );
    let mut r = example();
    r.people[1].name = "名".repeat(100_000);
    let err = doc::from_ron_str(&doc::to_ron_string(&r).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("100000 characters") && err.len() < 300,
        "{err}"
    );
}

/// The default county's tracks and a third: in-service staff of the
/// civil-affairs system (民政协理员), whom a county also trains.
fn three_tracks() -> Vec<talent_planner::model::scenario::Track> {
    let mut t = tracks();
    t.push(talent_planner::model::scenario::Track {
        id: "in_service".into(),
        name: "民政协理员".into(),
        name_en: "In-service staff".into(),
        education_mix: Default::default(),
    });
    t
}

#[test]
fn a_roster_written_with_the_two_fixed_tracks_loads_with_their_ids_and_is_saved_with_ids() {
    use talent_planner::roster::TrackId;
    // Written before tracks came from the scenario: `track: Local`.
    let old = r#"(
    format_version: 1,
    county: "示例县",
    townships: [(id: "t01", name: "一乡")],
    people: [
        (id: "A", name: "甲", township: "t01", track: Local, education: Bachelor, major: SocialWork),
        (id: "B", name: "乙", township: "t01", track: Professional, education: JuniorCollege, major: Other),
    ],
)"#;
    let (r, warnings) = doc::from_ron_str(old).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(r.people[0].track, TrackId::local());
    assert_eq!(r.people[1].track.id(), "professional");
    // New files store the id, and read back the same.
    let text = doc::to_ron_string(&r).unwrap();
    assert!(text.contains(r#"track: "local""#), "{text}");
    assert!(text.contains(r#"track: "professional""#), "{text}");
    assert!(!text.contains("track: Local"));
    assert_eq!(doc::from_ron_str(&text).unwrap().0, r);
    // The shipped example is in the old form and keeps its people's tracks.
    let ex = example();
    let local = ex.people.iter().filter(|p| p.track.id() == "local").count();
    let professional = ex
        .people
        .iter()
        .filter(|p| p.track.id() == "professional")
        .count();
    assert_eq!((local, professional), (25, 17));
    // Any other id is a track too; an empty one or a number is refused, with the place.
    let third = old.replace("track: Local", r#"track: "in_service""#);
    assert_eq!(
        doc::from_ron_str(&third).unwrap().0.people[0].track.id(),
        "in_service"
    );
    let empty = old.replace("track: Local", r#"track: """#);
    let e = doc::from_ron_str(&empty).unwrap_err();
    assert!(
        e.message(talent_planner::roster::Language::Zh)
            .contains("人才类别为空"),
        "{e}"
    );
    let number = old.replace("track: Local", "track: 3");
    let e = doc::from_ron_str(&number).unwrap_err();
    assert!(
        matches!(&e, doc::RosterError::Parse { line: 6, message, .. } if message.contains("track id")),
        "{e}"
    );
}

#[test]
fn any_track_of_the_scenario_imports_by_id_or_name_and_an_unknown_one_is_placed_and_named() {
    let r = example();
    let town = &r.townships[0].id;
    let row = |id: &str, track: &str| {
        format!("{id},新人,female,1990,{town},,{track},bachelor,other,2024-01-01,2024-02-01")
    };
    let csv = [
        PEOPLE_HEADER.to_string(),
        row("N1", "in_service"),
        row("N2", "民政协理员"),
        row("N3", "In-Service Staff"),
        row("N4", "本土"),
        row("N5", "专业人才"),
    ]
    .join("\n");
    let p = preview_import(&r, &three_tracks(), FileFormat::Csv, csv.as_bytes());
    assert!(p.is_clean(), "{:?}", p.problems);
    let got: Vec<&str> = p.people.iter().map(|p| p.track.id()).collect();
    assert_eq!(
        got,
        [
            "in_service",
            "in_service",
            "in_service",
            "local",
            "professional"
        ]
    );
    let after = apply_import(&r, &p).unwrap();
    let text = doc::to_ron_string(&after).unwrap();
    assert!(text.contains(r#"track: "in_service""#));
    assert_eq!(doc::from_ron_str(&text).unwrap().0, after);
    // A scenario without the third track refuses it, row by row.
    let p = preview_import(&r, &tracks(), FileFormat::Csv, csv.as_bytes());
    let rows: Vec<(usize, &str)> = p
        .problems
        .iter()
        .map(|q| (q.row, q.column.as_str()))
        .collect();
    assert_eq!(rows, [(2, "track"), (3, "track"), (4, "track")]);
    // A track no scenario has: its row and column, what it says, and the
    // tracks the scenario has, in both languages.
    let csv = [
        PEOPLE_HEADER.to_string(),
        row("N1", "in_service"),
        row("N6", "儿童主任"),
    ]
    .join("\n");
    let p = preview_import(&r, &three_tracks(), FileFormat::Csv, csv.as_bytes());
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    let q = &p.problems[0];
    assert_eq!((q.row, q.column.as_str()), (3, "track"));
    assert!(
        q.reason_zh.contains("儿童主任") && q.reason_zh.contains("专业人才/本土人才/民政协理员"),
        "{q:?}"
    );
    assert!(
        q.reason_en.contains("unknown track")
            && q.reason_en.contains("professional/local/in_service"),
        "{q:?}"
    );
    assert_eq!(q.reason(talent_planner::roster::Language::Zh), q.reason_zh);
}

#[test]
fn an_export_names_a_third_track_by_the_scenarios_name_or_writes_its_id_as_a_code() {
    use talent_planner::present::i18n::Lang;
    use talent_planner::present::roster::labelled_table;
    let mut r = example();
    r.people[0].track = talent_planner::roster::TrackId::new("in_service");
    let codes = table::people_table(&r, &ExportOptions::plain());
    let col = codes.header.iter().position(|h| h == "track").unwrap();
    assert_eq!(codes.rows[0][col], Cell::Text("in_service".into()));
    let zh = labelled_table(&codes, &r, &three_tracks(), Lang::Zh);
    assert_eq!(zh.header[col], "类别");
    assert_eq!(zh.rows[0][col], Cell::Text("民政协理员".into()));
    for (row, p) in zh.rows.iter().zip(&r.people).skip(1) {
        let want = if p.track.id() == "local" {
            "本土人才"
        } else {
            "专业人才"
        };
        assert_eq!(row[col], Cell::Text(want.into()));
    }
    let en = labelled_table(&codes, &r, &three_tracks(), Lang::En);
    assert_eq!(en.header[col], "Track");
    assert_eq!(en.rows[0][col], Cell::Text("In-service staff".into()));
    // A track the scenario does not have keeps its id.
    let bare = labelled_table(&codes, &r, &tracks(), Lang::Zh);
    assert_eq!(bare.rows[0][col], Cell::Text("in_service".into()));
    // The codes read back into the roster with the three tracks.
    let bytes = table_bytes(&codes).unwrap();
    let p = preview_import(&r, &three_tracks(), FileFormat::Csv, &bytes);
    assert!(p.is_clean(), "{:?}", p.problems);
    assert_eq!(apply_import(&r, &p).unwrap(), r);
}
