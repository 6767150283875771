//! Headless UI tests of the trainer's workspace.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use talent_planner::app::command::{Command, Tab};
use talent_planner::app::i18n::Lang;
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
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
    let before = h.state().doc.scenario.clone();
    h.get_by_label("Estimate rates from the roster").click();
    h.run_steps(3);
    h.get_by_label("Rates estimated from the roster");
    assert_eq!(
        h.state().doc.scenario,
        before,
        "nothing changes before confirm"
    );
    h.get_by_label("Apply").click();
    h.run_steps(3);
    assert!(!h.state().trainer.dialog_open());
    assert_ne!(h.state().doc.scenario, before);
    assert_eq!(h.state().undo_len(), 1);
    h.state_mut().apply(Command::Undo, 10.0);
    h.run_steps(2);
    assert_eq!(h.state().doc.scenario, before);
}
