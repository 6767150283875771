//! State that must follow the document shown: the status bar's note after
//! opening another file, each tab's own scroll position, and the roster's
//! unsaved-changes prompt only when another roster would replace it.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;
use talent_planner::app::file_dialogs::ScriptedDialogs;
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
use talent_planner::present::command::{Command, Tab};
use talent_planner::present::i18n::Lang;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tp-state-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn harness(app: TalentApp) -> Harness<'static, TalentApp> {
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_theme(egui::Theme::Light)
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    h.run_steps(3);
    h
}

fn prefs(lang: Lang) -> Preferences {
    Preferences {
        language: lang,
        ..Preferences::default()
    }
}

/// Labels on screen that contain `text`.
fn labels_with(h: &Harness<'_, TalentApp>, text: &str) -> Vec<String> {
    h.query_all_by_label_contains(text)
        .filter_map(|n| {
            n.accesskit_node()
                .label()
                .or_else(|| n.accesskit_node().value())
        })
        .collect()
}

#[test]
fn opening_another_file_clears_the_saved_note_of_the_one_before() {
    let dir = scratch("note");
    let first = dir.join("plan40.ron");
    std::fs::copy(root().join("tests/fixtures/small_county.ron"), &first).unwrap();
    let sc = io::load(&first).unwrap();
    let mut h = harness(TalentApp::new_headless(sc, Some(first), prefs(Lang::Zh)));
    h.state_mut().apply(Command::Save, 0.0);
    h.run_steps(20);
    for _ in 0..200 {
        if !labels_with(&h, "已保存").is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run_steps(2);
    }
    let saved = labels_with(&h, "已保存");
    assert!(saved.iter().any(|l| l.contains("plan40.ron")), "{saved:?}");

    h.state_mut().apply(
        Command::OpenPath(root().join("saves/policy_variant.ron")),
        1.0,
    );
    h.run_steps(3);
    assert!(
        h.state()
            .doc()
            .path
            .as_ref()
            .unwrap()
            .ends_with("policy_variant.ron")
    );
    let stale = labels_with(&h, "plan40.ron");
    assert!(stale.is_empty(), "{stale:?}");
    assert!(labels_with(&h, "已保存").is_empty());
}

/// The top of the tab's first row of content (below the tab strip).
fn first_heading_top(h: &Harness<'_, TalentApp>, label: &str) -> f32 {
    h.get_by_label_contains(label).rect().min.y
}

#[test]
fn each_tab_keeps_its_own_scroll_position() {
    let open = |tab| {
        let mut h = harness(TalentApp::new_headless(
            io::default_scenario().unwrap(),
            None,
            prefs(Lang::En),
        ));
        h.state_mut().apply(Command::SetTab(tab), 0.0);
        h.run_steps(3);
        h
    };
    let levers_fresh = first_heading_top(&open(Tab::Levers), "Overall levers");

    // Scroll the dashboard well down.
    let mut h = open(Tab::Dashboard);
    let before = first_heading_top(&h, "Workers by track");
    for _ in 0..5 {
        h.get_by_label_contains("Workers by track").scroll_down();
        h.run_steps(2);
    }
    let after = h
        .query_by_label_contains("Workers by track")
        .map_or(f32::NEG_INFINITY, |n| n.rect().min.y);
    assert!(
        after < before - 100.0,
        "the dashboard scrolled: {before} → {after}"
    );

    // The levers open at their own top, not at the dashboard's offset.
    h.get_by_label("Levers").click();
    h.run_steps(3);
    assert_eq!(h.state().tab(), Tab::Levers);
    let levers = first_heading_top(&h, "Overall levers");
    assert!(
        (levers - levers_fresh).abs() < 1.0,
        "{levers} vs {levers_fresh}"
    );

    // Back on the dashboard, its own offset is kept.
    h.get_by_label("Dashboard").click();
    h.run_steps(3);
    let back = h
        .query_by_label_contains("Workers by track")
        .map_or(f32::NEG_INFINITY, |n| n.rect().min.y);
    assert!(back < before - 100.0, "{back} vs {before}");
}

fn finish_roster_job(h: &mut Harness<'_, TalentApp>) {
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

#[test]
fn importing_into_the_open_roster_asks_nothing_but_opening_another_does() {
    let dir = scratch("import");
    let people = dir.join("people.csv");
    let roster =
        talent_planner::roster::doc::from_ron_str(talent_planner::app::trainer::EXAMPLE_ROSTER_RON)
            .unwrap()
            .0;
    std::fs::write(
        &people,
        format!(
            "{}\nNEW1,新人,female,1995,{},,local,bachelor,other,2025-01-01,2025-02-01\n",
            talent_planner::roster::table::PEOPLE_HEADERS.join(","),
            roster.townships[0].id
        ),
    )
    .unwrap();
    let mut app = TalentApp::new_headless(io::default_scenario().unwrap(), None, prefs(Lang::En));
    app.trainer.open_example().unwrap();
    app.apply(Command::SetTab(Tab::Trainer), 0.0);
    app.set_file_dialogs(Box::new(ScriptedDialogs::new([
        people,
        root().join("saves/example_attempts.csv"),
    ])));
    let mut h = harness(app);

    // A first import makes the roster unsaved.
    h.get_by_label("Import CSV / Excel…").click();
    h.run_steps(2);
    finish_roster_job(&mut h);
    h.get_by_label("Apply").click();
    h.run_steps(2);
    finish_roster_job(&mut h);
    assert!(h.state().trainer.roster_dirty());

    // Importing exam attempts into it goes straight to the preview.
    h.get_by_label("Import CSV / Excel…").click();
    h.run_steps(2);
    assert!(!h.state().dialog_open(), "no unsaved-changes prompt");
    finish_roster_job(&mut h);
    assert!(h.state().trainer.dialog_open(), "the import preview opens");
    assert!(h.query_by_label("The roster has unsaved changes").is_none());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().trainer.roster_dirty());

    // Opening another roster still asks.
    h.get_by_label("Example roster").click();
    h.run_steps(2);
    assert!(h.state().dialog_open());
    h.get_by_label("Save the changes to the current roster before opening another?");
}
