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

#[test]
fn clicking_a_reminder_shows_that_person() {
    let mut h = harness();
    let first = h.state().trainer.reminders().first().cloned();
    let r = first.expect("the example roster has reminders on 2026-03-01");
    let roster = h.state().trainer.roster().unwrap().clone();
    let person = &roster.people[r.person_index];
    h.get_by_label_contains("Reminders (").click();
    h.run_steps(2);
    h.get_all_by_label_contains(&format!("{} {}:", r.person_id, person.name))
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
    h.state_mut()
        .trainer
        .preview_import("broken.csv", csv.as_bytes());
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
    let first = h.state().trainer.reminders()[0].clone();
    h.get_by_label_contains("提醒 (").click();
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
    use talent_planner::app::trainer::export_roster;
    let mut r = example_roster();
    r.people[0].name = "=HYPERLINK(\"x\")".into();
    r.people[1].village = "@evil".into();
    r.people[2].name = "+86 张三".into();

    // CSV: people and attempts, UTF-8 with BOM, no cell begins a formula.
    let csv = scratch("out.csv");
    let written = export_roster(&r, &csv, false, false).unwrap();
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
    export_roster(&r, &xlsx, true, false).unwrap();
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
    export_roster(&r, &anon_csv, false, true).unwrap();
    let text = std::fs::read_to_string(&anon_csv).unwrap()
        + &std::fs::read_to_string(anon_csv.with_file_name("anon_attempts.csv")).unwrap();
    for n in &names {
        assert!(!text.contains(n), "{n}");
    }
    let anon_xlsx = scratch("anon.xlsx");
    export_roster(&r, &anon_xlsx, true, true).unwrap();
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
    let mut h = harness();
    let deadline = |h: &Harness<'_, TalentApp>| {
        h.state()
            .trainer
            .reminders()
            .iter()
            .filter(|r| {
                matches!(
                    r.kind,
                    ReminderKind::CertifyDeadline | ReminderKind::CertifyOverdue
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
    h.state_mut()
        .trainer
        .preview_import("one.csv", csv.as_bytes());
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
    h.state_mut()
        .trainer
        .preview_import("one.csv", csv.as_bytes());
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
fn reminders_list_what_is_ahead_first() {
    let h = harness();
    let today = h.state().trainer.today;
    let rem = h.state().trainer.reminders();
    let ahead = rem.iter().take_while(|r| r.due >= today).count();
    assert!(ahead > 0, "the example has deadlines ahead of 2026-03-01");
    assert!(ahead < rem.len(), "and lapsed or overdue ones");
    assert!(rem[..ahead].windows(2).all(|w| w[0].due <= w[1].due));
    assert!(rem[ahead..].iter().all(|r| r.due < today));
    assert!(rem[ahead..].windows(2).all(|w| w[0].due >= w[1].due));
}

/// Imports one new person through the preview, so the roster has unsaved changes.
fn import_one_person(h: &mut Harness<'_, TalentApp>, id: &str) {
    let csv = format!(
        "{}\n{id},新人,male,1990,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
        talent_planner::roster::table::PEOPLE_HEADERS.join(","),
        example_roster().townships[0].id
    );
    h.state_mut()
        .trainer
        .preview_import("one.csv", csv.as_bytes());
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
