//! Headless UI tests of the trainer's workspace.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
use talent_planner::present::command::{Command, Tab};
use talent_planner::present::i18n::Lang;
use talent_planner::roster::Date;

fn harness() -> Harness<'static, TalentApp> {
    let sc = io::default_scenario().unwrap();
    let prefs = Preferences {
        language: Lang::En,
        ..Preferences::default()
    };
    let mut app = TalentApp::new_headless(sc, None, prefs);
    app.trainer.today = Date {
        year: 2026,
        month: 3,
        day: 1,
    };
    app.trainer.open_example().unwrap();
    app.apply(Command::SetTab(Tab::Trainer), 0.0);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_theme(egui::Theme::Light)
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    h.run_steps(3);
    h
}

fn showing(h: &Harness<'_, TalentApp>) -> String {
    let node = h.get_by_label_contains("Showing ").accesskit_node();
    let label = node.label().unwrap_or_default();
    if label.is_empty() {
        node.value().unwrap_or_default()
    } else {
        label
    }
}

#[test]
fn filtering_by_township_changes_the_row_count() {
    let mut h = harness();
    let total = h.state().trainer.roster().unwrap().people.len();
    assert_eq!(showing(&h), format!("Showing {total} / {total}"));
    let town = h.state().trainer.roster().unwrap().people[2]
        .township
        .clone();
    let name = h
        .state()
        .trainer
        .roster()
        .unwrap()
        .townships
        .iter()
        .find(|t| t.id == town)
        .unwrap()
        .name
        .clone();
    let expected = h
        .state()
        .trainer
        .roster()
        .unwrap()
        .people
        .iter()
        .filter(|p| p.township == town)
        .count();
    assert!(expected < total);
    // The township combo box shows "Any"; open it and pick the township.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Township")
        .click();
    h.run_steps(2);
    // The scenario tree lists the township too; the popup's item comes last.
    h.get_all_by_label(&name)
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .unwrap()
        .click();
    h.run_steps(3);
    assert_eq!(showing(&h), format!("Showing {expected} / {total}"));
}

/// The item shown first in the year's list.
fn first_year_item(h: &Harness<'_, TalentApp>) -> talent_planner::roster::year::YearItem {
    let view = h.state().trainer.year_view();
    let items = &h.state().trainer.year_items().unwrap().items;
    items[view.shown()[0]].clone()
}

#[test]
fn clicking_an_item_of_the_year_shows_that_person() {
    let mut h = harness();
    let r = first_year_item(&h);
    let roster = h.state().trainer.roster().unwrap().clone();
    let person = &roster.people[r.person_index];
    h.get_by_label_contains("This year (").click();
    h.run_steps(2);
    h.get_all_by_label(&format!("{} {}", r.person_id, person.name))
        .next()
        .unwrap()
        .click();
    h.run_steps(3);
    assert_eq!(
        h.state().trainer.selected_person(),
        Some(r.person_id.as_str())
    );
    h.get_by_label(&format!("{} ({})", person.name, person.id));
    h.get_by_label("Timeline");
}

#[test]
fn import_preview_lists_problems_and_leaves_the_roster_unchanged() {
    let mut h = harness();
    let before = h.state().trainer.roster().unwrap().clone();
    let header = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("saves/example_people.csv"),
    )
    .unwrap();
    let header = header.lines().next().unwrap().to_string();
    let cols = header.split(',').count();
    // A row with too few cells, and a row whose township is unknown.
    let mut bad = vec!["X900".to_string(); cols];
    for (i, c) in header.split(',').enumerate() {
        if c.contains("township") {
            bad[i] = "nowhere".into();
        }
    }
    let csv = format!("{header}\nX901,only-two\n{}\n", bad.join(","));
    let doc = h.state().doc().clone();
    h.state_mut()
        .trainer
        .preview_import(&doc, "broken.csv", csv.as_bytes());
    h.run_steps(3);
    h.get_by_label_contains("Problems found");
    assert!(h.query_all_by_label("2").count() >= 1, "row 2 is listed");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().trainer.dialog_open());
    assert_eq!(h.state().trainer.roster().unwrap(), &before);
    assert!(!h.state().trainer.roster_dirty());
}

#[test]
fn estimating_rates_then_confirming_changes_the_scenario_and_undo_restores_it() {
    let mut h = harness();
    let before = h.state().doc().scenario.clone();
    h.get_by_label("Estimate rates from the roster").click();
    h.run_steps(1);
    finish_job(&mut h);
    h.get_by_label("Rates estimated from the roster");
    // The dialog says the exit rates are base rates, and ticks exactly the
    // rows resting on at least 20 people.
    h.get_by_label_contains("Exit rates are written as base rates");
    let est = talent_planner::roster::plan::estimate_rates(
        h.state().trainer.roster().unwrap(),
        &before,
        &talent_planner::roster::RuleConfig::default(),
        h.state().trainer.today,
        &talent_planner::roster::plan::DEFAULT_BANDS_MONTHS,
    );
    let large: Vec<bool> = est
        .changes
        .iter()
        .filter(|c| {
            matches!(
                c.target,
                talent_planner::roster::plan::Target::ExitRate { .. }
            )
        })
        .map(|c| !c.small_sample)
        .collect();
    let ticks: Vec<bool> = h
        .query_all_by_label_contains("Annual exit rate")
        .map(|n| n.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True))
        .collect();
    assert_eq!(ticks, large);
    assert!(large.contains(&true) && large.contains(&false), "{large:?}");
    assert_eq!(
        h.state().doc().scenario,
        before,
        "nothing changes before confirm"
    );
    // Let the note's wrapped lines settle before clicking below them.
    h.run_steps(2);
    h.get_by_label("Apply").click();
    h.run_steps(3);
    assert!(!h.state().trainer.dialog_open());
    assert_ne!(h.state().doc().scenario, before);
    assert_eq!(h.state().undo_len(), 1);
    h.state_mut().apply(Command::Undo, 10.0);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, before);
}

/// Steps the harness until the trainer's background job has finished.
fn finish_job(h: &mut Harness<'_, TalentApp>) {
    for _ in 0..2000 {
        if h.state().trainer.job().is_none() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    panic!("the roster job did not finish");
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("talent_planner_trainer_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn example_roster() -> talent_planner::roster::Roster {
    talent_planner::roster::doc::from_ron_str(talent_planner::app::trainer::EXAMPLE_ROSTER_RON)
        .unwrap()
        .0
}

#[test]
fn opening_runs_in_the_background_and_swaps_in_when_done() {
    let mut h = harness();
    let mut other = example_roster();
    other.people.truncate(5);
    other.cohorts.clear();
    let keep: Vec<String> = other.people.iter().map(|p| p.id.clone()).collect();
    other.attempts.retain(|a| keep.contains(&a.person));
    other.registrations.retain(|a| keep.contains(&a.person));
    other
        .continuing_education
        .retain(|a| keep.contains(&a.person));
    let path = scratch("five.ron");
    talent_planner::roster::doc::save(&other, &path).unwrap();

    h.state_mut().trainer.start_open(path.clone(), None);
    assert!(h.state().trainer.job().is_some());
    finish_job(&mut h);
    assert_eq!(h.state().trainer.roster().unwrap(), &other);
    assert_eq!(showing(&h), "Showing 5 / 5");

    // Cancelled: the roster shown stays.
    h.state_mut().trainer.open_example().unwrap();
    h.state_mut().trainer.start_open(path, None);
    h.state_mut().trainer.cancel_job();
    assert!(h.state().trainer.job().is_none());
    h.run_steps(3);
    assert_eq!(h.state().trainer.roster().unwrap(), &example_roster());

    // A file that is not a roster: an error in the interface language, the roster stays.
    let bad = scratch("bad.ron");
    std::fs::write(&bad, "(format_version: 1, people: [oops])").unwrap();
    h.state_mut().trainer.start_open(bad, None);
    finish_job(&mut h);
    h.get_by_label_contains("Cannot open");
    assert_eq!(h.state().trainer.roster().unwrap(), &example_roster());
}

#[test]
fn importing_runs_in_the_background_and_replacing_a_changed_roster_asks_first() {
    let mut h = harness();
    let path = scratch("people.csv");
    let csv = format!(
        "{}\nNEW1,新人,female,1995,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
        talent_planner::roster::table::PEOPLE_HEADERS.join(","),
        example_roster().townships[0].id
    );
    std::fs::write(&path, csv).unwrap();
    let doc = h.state().doc().clone();
    h.state_mut().trainer.start_import(path, &doc, None);
    finish_job(&mut h);
    assert!(h.state().trainer.dialog_open(), "the preview opens");
    h.get_by_label("Apply").click();
    h.run_steps(2);
    finish_job(&mut h);
    let n = example_roster().people.len();
    assert_eq!(h.state().trainer.roster().unwrap().people.len(), n + 1);
    assert!(h.state().trainer.roster_dirty());

    // Opening another roster now asks; Cancel keeps the changes.
    h.get_by_label("Example roster").click();
    h.run_steps(2);
    h.get_by_label("The roster has unsaved changes");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().dialog_open());
    assert_eq!(h.state().trainer.roster().unwrap().people.len(), n + 1);
    assert!(h.state().trainer.roster_dirty());

    // "Don't save" drops them and opens the example.
    h.get_by_label("Example roster").click();
    h.run_steps(2);
    // The same unsaved-changes prompt as the plan's, worded for the roster.
    assert!(h.state().dialog_open());
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    assert_eq!(h.state().trainer.roster().unwrap(), &example_roster());
    assert!(!h.state().trainer.roster_dirty());
}

#[test]
fn library_texts_follow_the_interface_language() {
    let mut h = harness();
    h.state_mut().apply(Command::SetLanguage(Lang::Zh), 0.0);
    h.run_steps(2);
    let first = first_year_item(&h);
    h.get_by_label_contains("今年 (").click();
    h.run_steps(2);
    h.get_all_by_label_contains(&first.text_zh).next().unwrap();
    // The estimate dialog: small-sample warnings and subject names in Chinese.
    h.get_by_label("从名册估计比率").click();
    h.run_steps(1);
    finish_job(&mut h);
    assert!(h.get_all_by_label_contains("估计不稳定").next().is_some());
    assert!(h.get_all_by_label_contains("综合能力").next().is_some());
    assert!(
        h.query_all_by_label_contains("the estimate is uncertain")
            .next()
            .is_none()
    );
    assert!(
        h.query_all_by_label_contains("comprehensive")
            .next()
            .is_none()
    );
}

#[test]
fn export_from_the_app_escapes_cells_and_can_drop_names() {
    use calamine::Reader;
    use talent_planner::app::trainer::{RosterExport, export_roster};
    let mut r = example_roster();
    r.people[0].name = "=HYPERLINK(\"x\")".into();
    r.people[1].village = "@evil".into();
    r.people[2].name = "+86 张三".into();

    // CSV: people and attempts, UTF-8 with BOM, no cell begins a formula.
    let csv = scratch("out.csv");
    let written = export_roster(&r, &csv, &RosterExport::codes(false, false)).unwrap();
    let attempts = csv.with_file_name("out_attempts.csv");
    assert!(written.contains("out_attempts.csv"));
    for file in [&csv, &attempts] {
        let bytes = std::fs::read(file).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{}", file.display());
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[3..]);
        for rec in rd.records() {
            for cell in rec.unwrap().iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
            }
        }
    }
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    assert!(text.contains("'@evil"));
    assert!(text.contains("'+86 张三"));
    let people_lines = text.lines().count();
    assert_eq!(people_lines, r.people.len() + 1);

    // xlsx: two sheets readable by calamine, the same escaping.
    let xlsx = scratch("out.xlsx");
    export_roster(&r, &xlsx, &RosterExport::codes(true, false)).unwrap();
    let mut wb = calamine::open_workbook_auto(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), vec!["people", "attempts"]);
    let people = wb.worksheet_range("people").unwrap();
    assert_eq!(people.height(), r.people.len() + 1);
    let cells: Vec<String> = people
        .rows()
        .flat_map(|row| row.iter().map(|c| c.to_string()))
        .collect();
    assert!(cells.iter().any(|c| c == "'=HYPERLINK(\"x\")"));
    assert!(cells.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])));
    let attempts = wb.worksheet_range("attempts").unwrap();
    assert_eq!(attempts.height(), r.attempts.len() + 1);

    // Dropping names and ids, in both formats.
    let names: Vec<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
    let ids: Vec<&str> = r.people.iter().map(|p| p.id.as_str()).collect();
    let anon_csv = scratch("anon.csv");
    export_roster(&r, &anon_csv, &RosterExport::codes(false, true)).unwrap();
    let text = std::fs::read_to_string(&anon_csv).unwrap()
        + &std::fs::read_to_string(anon_csv.with_file_name("anon_attempts.csv")).unwrap();
    for n in &names {
        assert!(!text.contains(n), "{n}");
    }
    let anon_xlsx = scratch("anon.xlsx");
    export_roster(&r, &anon_xlsx, &RosterExport::codes(true, true)).unwrap();
    let mut wb = calamine::open_workbook_auto(&anon_xlsx).unwrap();
    for sheet in ["people", "attempts"] {
        let range = wb.worksheet_range(sheet).unwrap();
        for row in range.rows().skip(1) {
            let id = row[0].to_string();
            assert!(!ids.contains(&id.as_str()), "{id}");
            for c in row {
                assert!(!names.contains(&c.to_string().as_str()));
            }
        }
    }
}

#[test]
fn certification_deadlines_follow_the_scenarios_local_rule() {
    use talent_planner::roster::views::ReminderKind;
    use talent_planner::roster::year::YearKind;
    let mut h = harness();
    let deadline = |h: &Harness<'_, TalentApp>| {
        h.state()
            .trainer
            .year_items()
            .unwrap()
            .items
            .iter()
            .filter(|r| {
                matches!(
                    r.kind,
                    YearKind::Reminder(
                        ReminderKind::CertifyDeadline | ReminderKind::CertifyOverdue
                    )
                )
            })
            .count()
    };
    let months = h
        .state()
        .doc()
        .scenario
        .certify_deadline
        .as_ref()
        .map(|d| d.months);
    assert_eq!(months, Some(24), "the default county has the 24-month rule");
    assert_eq!(h.state().trainer.cfg.certify_within_months, Some(24));
    assert!(
        deadline(&h) > 0,
        "uncertified staff hired long ago are reminded"
    );
    let mut sc = h.state().doc().scenario.clone();
    sc.certify_deadline = None;
    h.state_mut().apply(
        Command::Edit {
            field: "certify_deadline".into(),
            scenario: Box::new(sc),
        },
        1.0,
    );
    h.run_steps(3);
    assert_eq!(h.state().trainer.cfg.certify_within_months, None);
    assert_eq!(deadline(&h), 0);
}

#[test]
fn the_card_says_which_levels_the_person_may_sit() {
    let mut h = harness();
    // P003: bachelor, other major, in social work since 2015-10, never certified.
    h.get_by_label("P003").click();
    h.run_steps(3);
    assert_eq!(h.state().trainer.selected_person(), Some("P003"));
    h.get_by_label("May sit the 2026 exam");
    // Service counted to 31 December 2026: 11 years 3 months.
    h.get_by_label(
        "yes: needs 2 years of social-work service by 31 December of the exam year, has 11 years 3 months",
    );
    h.get_by_label(
        "yes: needs 5 years of social-work service by 31 December of the exam year, has 11 years 3 months",
    );
    h.get_by_label("not yet: needs the intermediate certificate first");
}

#[test]
fn saving_runs_in_the_background_and_save_in_the_unsaved_dialog_goes_on_afterwards() {
    let mut h = harness();
    let path = scratch("saved.ron");
    talent_planner::roster::doc::save(&example_roster(), &path).unwrap();
    h.state_mut().trainer.start_open(path.clone(), None);
    finish_job(&mut h);
    // Change it: import one new person.
    let csv = format!(
        "{}\nNEW2,新人二,male,1990,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
        talent_planner::roster::table::PEOPLE_HEADERS.join(","),
        example_roster().townships[0].id
    );
    let doc = h.state().doc().clone();
    h.state_mut()
        .trainer
        .preview_import(&doc, "one.csv", csv.as_bytes());
    h.run_steps(2);
    h.get_by_label("Apply").click();
    h.run_steps(2);
    finish_job(&mut h);
    assert!(h.state().trainer.roster_dirty());
    // "Example roster" asks; "Save" writes the file in the background, then opens the example.
    h.get_by_label("Example roster").click();
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(1);
    finish_job(&mut h);
    h.run_steps(2);
    assert_eq!(h.state().trainer.roster().unwrap(), &example_roster());
    assert!(!h.state().trainer.roster_dirty());
    let (saved, _) = talent_planner::roster::doc::load(&path).unwrap();
    assert!(saved.person_index("NEW2").is_some());
    assert_eq!(saved.people.len(), example_roster().people.len() + 1);
}

#[test]
fn starting_the_plan_from_the_roster_is_worked_out_in_the_background() {
    let mut h = harness();
    let before = h.state().doc().scenario.clone();
    h.get_by_label("Start the plan from this roster").click();
    h.run_steps(1);
    finish_job(&mut h);
    assert!(h.state().trainer.dialog_open());
    assert_eq!(
        h.state().doc().scenario,
        before,
        "nothing changes before confirm"
    );
    h.get_by_label("Apply").click();
    h.run_steps(3);
    let after = &h.state().doc().scenario;
    assert_ne!(after.initial_stock, before.initial_stock);
    let total: f64 = after.initial_stock.iter().map(|s| s.count).sum();
    let day = talent_planner::roster::plan::scenario_start(after);
    let in_post = example_roster()
        .people
        .iter()
        .filter(|p| p.in_post_on(day))
        .count();
    assert_eq!(total, in_post as f64);
}

#[test]
fn cohort_progress_shows_actual_beside_projected() {
    let mut h = harness();
    h.get_by_label("Cohort progress").click();
    h.run_steps(2);
    h.get_by_label("Compare with the projection at the cohort's start")
        .click();
    h.run_steps(1);
    finish_job(&mut h);
    h.get_by_label("Projected in post");
    // C2024A starts 2024-03; rows run monthly up to "today" (2026-03-01).
    h.get_by_label("2024-03-01");
    h.get_by_label("2026-03-01");
    // The cohort is named by its name, never its internal id.
    let cohort = example_roster()
        .cohorts
        .into_iter()
        .find(|c| c.id == "C2024A")
        .unwrap();
    assert_ne!(cohort.name, cohort.id);
    h.get_by_label(&format!("Cohort {}", cohort.name));
    assert!(h.query_by_label_contains("C2024A").is_none());
    h.get_by_label("Compare the county with the current projection")
        .click();
    h.run_steps(1);
    finish_job(&mut h);
    h.get_by_label("County");
}

#[test]
fn quitting_with_an_unsaved_roster_asks_first() {
    let mut h = harness();
    let csv = format!(
        "{}\nNEW3,新人三,male,1990,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
        talent_planner::roster::table::PEOPLE_HEADERS.join(","),
        example_roster().townships[0].id
    );
    let doc = h.state().doc().clone();
    h.state_mut()
        .trainer
        .preview_import(&doc, "one.csv", csv.as_bytes());
    h.run_steps(2);
    h.get_by_label("Apply").click();
    h.run_steps(2);
    finish_job(&mut h);
    assert!(h.state().trainer.roster_dirty());
    h.state_mut().apply(Command::SetTab(Tab::Dashboard), 1.0);
    h.state_mut().apply(Command::Quit, 1.0);
    h.run_steps(2);
    assert_eq!(h.state().tab(), Tab::Trainer, "the roster's tab is shown");
    h.get_by_label("Save the changes to the roster before quitting?");
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().trainer.roster_dirty(), "cancel keeps the changes");
    h.state_mut().apply(Command::Quit, 2.0);
    h.run_steps(2);
    h.get_by_label("Don't save").click();
    h.run_steps(3);
    assert!(!h.state().trainer.roster_dirty());
}

#[test]
fn the_year_lists_what_is_ahead_first_then_overdue_by_kind() {
    let h = harness();
    let today = h.state().trainer.today;
    let view = h.state().trainer.year_view();
    let items = &h.state().trainer.year_items().unwrap().items;
    let shown: Vec<_> = view.shown().into_iter().map(|i| &items[i]).collect();
    let ahead = shown.iter().take_while(|r| r.due >= today).count();
    assert!(ahead > 0, "the example has deadlines ahead of 2026-03-01");
    assert_eq!(ahead, view.upcoming.len());
    assert!(ahead < shown.len(), "and lapsed or overdue ones");
    assert!(shown[..ahead].windows(2).all(|w| w[0].due <= w[1].due));
    assert!(shown[ahead..].iter().all(|r| r.due < today));
    for g in &view.overdue {
        assert!(
            g.items
                .windows(2)
                .all(|w| items[w[0]].due >= items[w[1]].due)
        );
    }
}

/// Imports one new person through the preview, so the roster has unsaved changes.
fn import_one_person(h: &mut Harness<'_, TalentApp>, id: &str) {
    let csv = format!(
        "{}\n{id},新人,male,1990,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
        talent_planner::roster::table::PEOPLE_HEADERS.join(","),
        example_roster().townships[0].id
    );
    let doc = h.state().doc().clone();
    h.state_mut()
        .trainer
        .preview_import(&doc, "one.csv", csv.as_bytes());
    h.run_steps(2);
    h.get_by_label("Apply").click();
    h.run_steps(2);
    finish_job(h);
    assert!(h.state().trainer.roster_dirty());
}

#[test]
fn roster_files_are_asked_for_through_the_apps_file_dialogs() {
    use talent_planner::app::file_dialogs::ScriptedDialogs;
    use talent_planner::present::command::RosterCommand;
    let mut h = harness();
    let people = scratch("dialog_people.csv");
    std::fs::write(
        &people,
        format!(
            "{}\nNEW7,新人七,female,1995,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
            talent_planner::roster::table::PEOPLE_HEADERS.join(","),
            example_roster().townships[0].id
        ),
    )
    .unwrap();
    let saved = scratch("dialog_saved.ron");
    let exported = scratch("dialog_export.xlsx");
    let _ = std::fs::remove_file(&exported);
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([
            people,
            saved.clone(),
            exported.clone(),
        ])));

    // Import: the table comes from the dialog, the preview opens.
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Import), 0.0);
    finish_job(&mut h);
    assert!(h.state().trainer.dialog_open(), "the preview opens");
    h.get_by_label("Apply").click();
    h.run_steps(2);
    finish_job(&mut h);
    assert!(h.state().trainer.roster_dirty());

    // Save: the example has no file yet, so Save asks where (Save As).
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Save), 1.0);
    finish_job(&mut h);
    assert!(!h.state().trainer.roster_dirty());
    assert_eq!(h.state().trainer.roster_path(), Some(saved.as_path()));
    let (on_disk, _) = talent_planner::roster::doc::load(&saved).unwrap();
    assert!(on_disk.person_index("NEW7").is_some());

    // Export: the workbook goes where the dialog said.
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Export { xlsx: true }), 2.0);
    finish_job(&mut h);
    assert!(exported.exists());

    // No answer left: the dialog is cancelled and nothing changes.
    let before = h.state().trainer.roster().unwrap().clone();
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Open), 3.0);
    h.run_steps(2);
    assert!(h.state().trainer.job().is_none());
    assert_eq!(h.state().trainer.roster().unwrap(), &before);
}

#[test]
fn quitting_asks_about_the_roster_then_the_plan_in_one_flow() {
    use talent_planner::app::file_dialogs::ScriptedDialogs;
    let mut h = harness();
    import_one_person(&mut h, "NEW8");
    let mut sc = h.state().doc().scenario.clone();
    sc.levers.admin_share = 0.33;
    h.state_mut().apply(
        Command::Edit {
            field: "levers.admin_share".into(),
            scenario: Box::new(sc),
        },
        0.0,
    );
    assert!(h.state().doc().dirty);
    let roster_file = scratch("quit_roster.ron");
    let plan_file = scratch("quit_plan.ron");
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([
            roster_file.clone(),
            plan_file.clone(),
        ])));

    h.state_mut().apply(Command::Quit, 1.0);
    h.run_steps(2);
    // First the roster (in its tab), then the plan, with the same three answers.
    assert_eq!(h.state().tab(), Tab::Trainer);
    h.get_by_label("Save the changes to the roster before quitting?");
    h.get_by_label("Save").click();
    h.run_steps(1);
    finish_job(&mut h);
    assert!(!h.state().trainer.roster_dirty());
    assert!(!h.state().close_allowed(), "the plan is still unsaved");
    h.get_by_label("Unsaved changes");
    h.get_by_label("Save").click();
    h.run_steps(2);
    assert!(h.state().close_allowed());
    let (roster, _) = talent_planner::roster::doc::load(&roster_file).unwrap();
    assert!(roster.person_index("NEW8").is_some());
    assert_eq!(io::load(&plan_file).unwrap().levers.admin_share, 0.33);
}

/// The people file of a CSV export, as rows of cells (header first).
fn csv_cells(path: &std::path::Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn export_writes_the_filtered_rows_with_chinese_headers_and_labels() {
    use talent_planner::app::file_dialogs::ScriptedDialogs;
    use talent_planner::present::command::RosterCommand;
    let mut h = harness();
    h.state_mut().apply(Command::SetLanguage(Lang::Zh), 0.0);
    h.run_steps(2);
    let roster = example_roster();
    let town = roster.townships[1].clone();
    let expected: Vec<&str> = roster
        .people
        .iter()
        .filter(|p| p.township == town.id)
        .map(|p| p.id.as_str())
        .collect();
    assert!(!expected.is_empty() && expected.len() < roster.people.len());
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "乡镇")
        .click();
    h.run_steps(2);
    h.get_all_by_label(&town.name)
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .unwrap()
        .click();
    h.run_steps(3);
    let n = expected.len();
    h.get_by_label_contains(&format!("显示人数 {n} / {}", roster.people.len()));

    let labelled = scratch("shown_zh.csv");
    let codes = scratch("shown_codes.csv");
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([
            labelled.clone(),
            codes.clone(),
        ])));
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Export { xlsx: false }), 1.0);
    finish_job(&mut h);
    let cells = csv_cells(&labelled);
    assert_eq!(
        cells[0],
        [
            "编号",
            "姓名",
            "性别",
            "出生年份",
            "乡镇",
            "村（社区）",
            "类别",
            "学历",
            "专业",
            "从事社会工作起始日期",
            "入职日期",
            "证书",
            "状态"
        ]
    );
    // Only the rows on screen, and every code written as its Chinese name.
    let mut ids: Vec<&str> = cells[1..].iter().map(|r| r[0].as_str()).collect();
    ids.sort_unstable();
    let mut want = expected.clone();
    want.sort_unstable();
    assert_eq!(ids, want);
    for row in &cells[1..] {
        assert!(["男", "女", ""].contains(&row[2].as_str()), "{row:?}");
        assert_eq!(row[4], town.name);
        assert!(
            ["专业人才", "本土人才"].contains(&row[6].as_str()),
            "{row:?}"
        );
        assert!(row[7].chars().all(|c| !c.is_ascii_alphabetic()), "{row:?}");
        assert!(["社会工作", "其他"].contains(&row[8].as_str()), "{row:?}");
        assert!(["在岗", "已离职"].contains(&row[12].as_str()), "{row:?}");
    }
    let attempts = csv_cells(&labelled.with_file_name("shown_zh_attempts.csv"));
    assert_eq!(attempts[0], ["编号", "年份", "考试级别", "科目", "分数"]);
    assert!(attempts.len() > 1);
    for row in &attempts[1..] {
        assert!(expected.contains(&row[0].as_str()), "{row:?}");
        assert!(row[2].ends_with("社会工作师"), "{row:?}");
        assert!(row[3].chars().all(|c| !c.is_ascii_alphabetic()), "{row:?}");
    }

    // Codes for re-import: the import's columns, the same filtered rows.
    h.get_by_label("导出内部代码（供重新导入）").click();
    h.run_steps(2);
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Export { xlsx: false }), 2.0);
    finish_job(&mut h);
    let cells = csv_cells(&codes);
    assert_eq!(cells[0], talent_planner::roster::table::PEOPLE_HEADERS);
    assert_eq!(cells.len(), n + 1);
    assert!(cells[1..].iter().all(|r| r[4] == town.id));
    assert!(
        cells[1..]
            .iter()
            .all(|r| ["professional", "local"].contains(&r[6].as_str()))
    );
}

#[test]
fn a_funnel_where_more_sat_than_finished_says_why() {
    let mut h = harness();
    h.get_by_label("Cohort progress").click();
    h.run_steps(2);
    let roster = example_roster();
    let cfg = talent_planner::roster::rules::RuleConfig::default();
    let f = talent_planner::roster::views::cohort_funnel(
        &roster,
        "C2024A",
        &cfg,
        talent_planner::roster::views::DEFAULT_COMPLETION_SHARE,
    )
    .unwrap();
    assert!(!f.sat_without_completing.is_empty());
    let first = &f.sat_without_completing[0];
    let name = &roster.people[roster.person_index(first).unwrap()].name;
    let node = h
        .get_by_label_contains("More sat the exam than finished the course")
        .accesskit_node();
    let note = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(
        note.contains(&format!(
            "{} sat without finishing every phase",
            f.sat_without_completing.len()
        )),
        "{note}"
    );
    assert!(note.contains("exam preparation is optional"), "{note}");
    assert!(note.contains(&format!("{name} ({first})")), "{note}");
    h.state_mut().apply(Command::SetLanguage(Lang::Zh), 0.0);
    h.run_steps(2);
    h.get_by_label_contains("参加考试的人数多于完成全部培训的人数");
}

/// Opens the year's list (the tab's label carries its count).
fn open_year(h: &mut Harness<'_, TalentApp>, tab: &str) {
    h.get_by_label_contains(&format!("{tab} (")).click();
    h.run_steps(3);
}

/// Picks `item` in the combo box labelled `label` (the popup's button).
fn pick(h: &mut Harness<'_, TalentApp>, label: &str, item: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, label)
        .click();
    h.run_steps(2);
    h.get_all_by_label(item)
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .unwrap()
        .click();
    h.run_steps(3);
}

#[test]
fn the_years_filters_narrow_the_list_to_a_township_and_a_level() {
    use talent_planner::roster::doc::Level;
    let mut h = harness();
    open_year(&mut h, "This year");
    let roster = example_roster();
    let all = h.state().trainer.year_view().shown().len();
    let town = roster.townships[3].clone();
    pick(&mut h, "Township", &town.name);
    let view = h.state().trainer.year_view();
    let items = h.state().trainer.year_items().unwrap().items.clone();
    let shown = view.shown();
    assert!(
        !shown.is_empty() && shown.len() < all,
        "{} of {all}",
        shown.len()
    );
    assert!(
        shown
            .iter()
            .all(|&i| roster.people[items[i].person_index].township == town.id)
    );
    // The tab's count follows the filter.
    h.get_by_label(&format!("This year ({})", shown.len()));
    let by_town = shown.len();
    pick(&mut h, "Level", "Assistant");
    let shown = h.state().trainer.year_view().shown();
    assert!(shown.len() < by_town);
    assert!(shown.iter().all(|&i| {
        items[i].level == Some(Level::Assistant)
            && roster.people[items[i].person_index].township == town.id
    }));
    // A cohort names its people by the cohort's name.
    pick(&mut h, "Township", "Any");
    pick(&mut h, "Level", "Any");
    let cohort = roster.cohorts[0].clone();
    pick(&mut h, "Cohort", &cohort.name);
    let shown = h.state().trainer.year_view().shown();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|&i| cohort.enrolled.contains(&items[i].person_id))
    );
}

#[test]
fn dismissing_an_overdue_item_is_saved_with_the_roster_and_stays_dismissed_on_reopening() {
    use talent_planner::app::file_dialogs::ScriptedDialogs;
    use talent_planner::present::command::RosterCommand;
    let mut h = harness();
    open_year(&mut h, "This year");
    let items = h.state().trainer.year_items().unwrap().items.clone();
    let today = h.state().trainer.today;
    // A township with overdue items, so its rows fit on screen; the one
    // listed first, so the filter's popup shows it without scrolling.
    let roster = example_roster();
    let town = roster
        .townships
        .iter()
        .find(|t| {
            h.state().trainer.year_view().overdue[0]
                .items
                .iter()
                .any(|&i| roster.people[items[i].person_index].township == t.id)
        })
        .unwrap();
    pick(&mut h, "Township", &town.name);
    assert!(h.state().trainer.year_view().shown().len() < items.len());
    let before = h.state().trainer.year_view();
    // The first Dismiss button belongs to the first overdue item.
    let first = before.overdue[0].items[0];
    let shown_before = before.shown().len();
    h.get_all_by_label("Dismiss").next().unwrap().click();
    h.run_steps(3);
    assert!(h.state().trainer.roster_dirty());
    let after = h.state().trainer.year_view();
    assert_eq!(after.dismissed, 1);
    assert!(!after.shown().contains(&first));
    assert_eq!(after.shown().len(), shown_before - 1);
    h.get_by_label("1 dismissed");

    // Saved with the roster through its save, and dismissed after reopening.
    let saved = scratch("year_dismissed.ron");
    let _ = std::fs::remove_file(&saved);
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([saved.clone()])));
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Save), 1.0);
    finish_job(&mut h);
    assert!(!h.state().trainer.roster_dirty());
    let (on_disk, _) = talent_planner::roster::doc::load(&saved).unwrap();
    assert_eq!(
        on_disk.dismissed,
        vec![items[first].dismissal(today).unwrap()]
    );
    h.state_mut().trainer.open_roster(&saved).unwrap();
    h.run_steps(3);
    let reopened = h.state().trainer.year_view();
    assert_eq!(reopened.dismissed, 1);
    assert_eq!(reopened.shown().len(), items.len() - 1);
    assert!(!reopened.shown().contains(&first));

    // A whole group, then everything shown again.
    open_year(&mut h, "This year");
    pick(&mut h, "Township", &town.name);
    let filtered = h.state().trainer.year_view();
    assert_eq!(filtered.shown().len(), shown_before - 1);
    let group = filtered.overdue[0].items.len();
    h.get_all_by_label("Dismiss all").next().unwrap().click();
    h.run_steps(3);
    let v = h.state().trainer.year_view();
    assert_eq!(v.dismissed, 1 + group);
    h.get_by_label("Show again").click();
    h.run_steps(3);
    let v = h.state().trainer.year_view();
    assert_eq!(v.dismissed, 0);
    assert_eq!(v.shown().len(), shown_before);
    assert!(h.state().trainer.roster_dirty());
}

#[test]
fn the_years_export_writes_the_shown_items_with_chinese_headers_in_csv_and_xlsx() {
    use calamine::Reader;
    use talent_planner::app::file_dialogs::ScriptedDialogs;
    use talent_planner::present::command::RosterCommand;
    let mut h = harness();
    h.state_mut().apply(Command::SetLanguage(Lang::Zh), 0.0);
    h.run_steps(2);
    open_year(&mut h, "今年");
    pick(&mut h, "类别", "专业人才");
    let roster = example_roster();
    let view = h.state().trainer.year_view();
    let items = h.state().trainer.year_items().unwrap().items.clone();
    let want: Vec<String> = view
        .shown()
        .iter()
        .map(|&i| items[i].person_id.clone())
        .collect();
    assert!(!want.is_empty());
    assert!(want.len() < items.len());

    let csv_path = scratch("year_zh.csv");
    let xlsx_path = scratch("year_zh.xlsx");
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([
            csv_path.clone(),
            xlsx_path.clone(),
        ])));
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Export { xlsx: false }), 1.0);
    finish_job(&mut h);
    let header = [
        "编号", "姓名", "乡镇", "类别", "班次", "分组", "事项", "级别", "日期", "说明",
    ];
    let cells = csv_cells(&csv_path);
    assert_eq!(cells[0], header);
    let ids: Vec<&str> = cells[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, want);
    for row in &cells[1..] {
        assert_eq!(row[3], "专业人才", "{row:?}");
        assert!(["待办", "已逾期"].contains(&row[5].as_str()), "{row:?}");
        let person = roster.people.iter().find(|p| p.id == row[0]).unwrap();
        assert_eq!(row[1], person.name);
        assert!(roster.townships.iter().any(|t| t.name == row[2]), "{row:?}");
        assert!(row[6].chars().all(|c| !c.is_ascii_alphabetic()), "{row:?}");
    }

    h.state_mut()
        .apply(Command::Roster(RosterCommand::Export { xlsx: true }), 2.0);
    finish_job(&mut h);
    let mut wb = calamine::open_workbook_auto(&xlsx_path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["今年"]);
    let sheet = wb.worksheet_range("今年").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0], header);
    assert_eq!(
        rows[1..].iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
        want
    );
}

#[test]
fn the_exam_plan_names_the_cohort_and_says_who_sits_what_with_pass_rates() {
    let mut h = harness();
    h.state_mut().apply(Command::SetLanguage(Lang::Zh), 0.0);
    h.run_steps(2);
    h.get_by_label("考试安排").click();
    h.run_steps(3);
    let roster = example_roster();
    let cohort = roster.cohorts[1].clone();
    pick(&mut h, "班次", &cohort.name);
    // Named by its name, never its id; the coming sitting is 2026's on 2026-03-01.
    h.get_by_label_contains(&format!("{} · ", cohort.name));
    h.get_by_label_contains("2026年考试");
    assert!(h.query_all_by_label_contains(&cohort.id).next().is_none());
    // Every enrolled person in post is listed.
    for id in &cohort.enrolled {
        let p = roster.people.iter().find(|p| p.id == *id).unwrap();
        if p.exit_date().is_none() {
            h.get_by_label(&format!("{id} {}", p.name));
        }
    }
    // Last year's pass rates by subject, each with an interval.
    h.get_by_label("2025年各科通过率（本班参考者）");
    for s in cohort.target_level.subjects() {
        assert!(h.query_all_by_label(s.name_zh()).next().is_some(), "{s:?}");
    }
    h.get_by_label_contains("按学历");
    h.get_by_label_contains("按参训学时");
    assert!(
        h.query_all_by_label_contains("comprehensive")
            .next()
            .is_none()
    );
}

#[test]
fn the_track_filter_lists_the_scenarios_tracks_in_chinese_and_the_export_names_them() {
    use talent_planner::app::file_dialogs::ScriptedDialogs;
    use talent_planner::present::command::RosterCommand;
    let mut sc = io::default_scenario().unwrap();
    sc.tracks.push(talent_planner::model::scenario::Track {
        id: "in_service".into(),
        name: "民政协理员".into(),
        name_en: "In-service staff".into(),
        education_mix: Default::default(),
    });
    let prefs = Preferences {
        language: Lang::Zh,
        ..Preferences::default()
    };
    let mut app = TalentApp::new_headless(sc, None, prefs);
    app.trainer.today = Date {
        year: 2026,
        month: 3,
        day: 1,
    };
    let mut roster = example_roster();
    for p in roster.people.iter_mut().skip(2).step_by(3) {
        p.track = talent_planner::roster::TrackId::new("in_service");
    }
    let total = roster.people.len();
    let n = roster
        .people
        .iter()
        .filter(|p| p.track.id() == "in_service")
        .count();
    app.trainer.load_roster(roster, None);
    app.apply(Command::SetTab(Tab::Trainer), 0.0);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_theme(egui::Theme::Light)
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    h.run_steps(3);
    // The table names the track as the scenario does.
    assert!(h.query_all_by_label("民政协理员").count() >= 1);
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "类别")
        .click();
    h.run_steps(2);
    let choices: Vec<String> = ["全部", "专业人才", "本土人才", "民政协理员"]
        .into_iter()
        .filter(|name| {
            h.query_all_by_label(name)
                .any(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        })
        .map(str::to_string)
        .collect();
    assert_eq!(choices, ["全部", "专业人才", "本土人才", "民政协理员"]);
    h.get_all_by_label("民政协理员")
        .rfind(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .unwrap()
        .click();
    h.run_steps(3);
    h.get_by_label_contains(&format!("显示人数 {n} / {total}"));
    // What is shown is exported with the track's Chinese name.
    let out = scratch("in_service_zh.csv");
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([out.clone()])));
    h.state_mut()
        .apply(Command::Roster(RosterCommand::Export { xlsx: false }), 1.0);
    finish_job(&mut h);
    let cells = csv_cells(&out);
    assert_eq!(cells[0][6], "类别");
    assert_eq!(cells.len(), n + 1);
    assert!(cells[1..].iter().all(|r| r[6] == "民政协理员"), "{cells:?}");
}
