//! Measures the frame time of the trainer's workspace with a synthetic
//! roster of 100,000 people, headlessly: opening the roster file (the load
//! runs on a background thread while frames keep coming), scrolling the
//! table, changing the sort order, then importing a 100,000-row people file
//! (read and checked, then applied, both in the background).
//!
//! `cargo run --release --example trainer_frame_time [-- PEOPLE]`

mod common;

use common::stats;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
use talent_planner::present::command::{Command, Tab};
use talent_planner::roster::doc::{self, Roster};
use talent_planner::roster::synth::synthetic_roster;
use talent_planner::roster::table::{ExportOptions, csv_bytes, people_table};

/// Frame times while the trainer's background job runs, plus the frames
/// that swap the result in and draw it. Frames come every ~16 ms, as on a
/// 60 Hz screen, so the worker gets the CPU a real app would leave it.
/// Returns (app UI code ms per frame, whole frame ms per frame, wall seconds).
fn frames_until_done(h: &mut Harness<'_, TalentApp>) -> (Vec<f64>, Vec<f64>, f64) {
    let t = Instant::now();
    let mut ui_ms = Vec::new();
    let mut frame_ms = Vec::new();
    let mut after = 0;
    let mut slowest = (0.0, 0, None);
    while after < 5 {
        let f = Instant::now();
        let step = h.state().trainer.job();
        h.step();
        frame_ms.push(f.elapsed().as_secs_f64() * 1e3);
        let ms = h.state().last_frame_ms;
        if ms > slowest.0 {
            slowest = (ms, ui_ms.len(), step);
        }
        ui_ms.push(ms);
        if h.state().trainer.job().is_none() {
            after += 1;
        }
        std::thread::sleep(Duration::from_millis(16).saturating_sub(f.elapsed()));
    }
    println!(
        "  slowest frame {:.2} ms: frame {} of {}, job before it {:?}",
        slowest.0,
        slowest.1,
        ui_ms.len(),
        slowest.2
    );
    (ui_ms, frame_ms, t.elapsed().as_secs_f64())
}

fn main() -> anyhow::Result<()> {
    let people: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let sc = io::default_scenario()?;
    let roster = synthetic_roster(people, &Roster::townships_of(&sc), 7);
    let dir = std::env::temp_dir().join(format!("trainer_frame_time_{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let ron_path = dir.join("roster.ron");
    doc::save(&roster, &ron_path)?;
    let csv_path = dir.join("people.csv");
    std::fs::write(
        &csv_path,
        csv_bytes(&people_table(&roster, ExportOptions::default()))?,
    )?;
    println!(
        "{people} people: roster file {:.1} MB, people CSV {:.1} MB",
        std::fs::metadata(&ron_path)?.len() as f64 / 1e6,
        std::fs::metadata(&csv_path)?.len() as f64 / 1e6
    );
    drop(roster);

    let mut app = TalentApp::new_headless(sc, None, Preferences::default());
    app.apply(Command::SetTab(Tab::Trainer), 0.0);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_context_setup(install_fonts)
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    h.run_steps(3);

    h.state_mut().trainer.start_open(ron_path.clone(), None);
    let (mut ui_ms, mut frame_ms, secs) = frames_until_done(&mut h);
    println!("opening the roster in the background took {secs:.2} s");
    stats("  frames while opening (app UI code)", &mut ui_ms);
    stats("  frames while opening (whole frame)", &mut frame_ms);
    let shown = h.state().trainer.roster().map_or(0, |r| r.people.len());
    println!("  roster shown afterwards: {shown} people");

    h.event(egui::Event::PointerMoved(egui::pos2(600.0, 450.0)));
    h.step();
    let first = h.state().trainer.first_visible_row();
    let mut ui_ms = Vec::new();
    for _ in 0..120 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -400.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
        ui_ms.push(h.state().last_frame_ms);
    }
    stats("scrolling the roster table (app UI code)", &mut ui_ms);
    println!(
        "  first visible row before {first:?}, after {:?}",
        h.state().trainer.first_visible_row()
    );
    let mut sort_ms = Vec::new();
    for label in ["姓名", "乡镇", "证书", "入职日期"] {
        // The tab bar has a "乡镇" button too; the table's header comes last.
        if let Some(n) = h.query_all_by_label_contains(label).rfind(|n| {
            egui_kittest::kittest::NodeT::accesskit_node(n).role() == egui::accesskit::Role::Button
        }) {
            n.click();
        } else {
            println!("no header {label}");
        }
        // The click lands in one frame; the re-query runs in the next.
        h.step();
        let click_ms = h.state().last_frame_ms;
        h.step();
        sort_ms.push(click_ms + h.state().last_frame_ms);
    }
    stats(
        "clicking a header (two frames: click, then re-sort; app UI code)",
        &mut sort_ms,
    );

    // Clicking a row opens the card: its timeline and eligibility are worked
    // out in that frame, once.
    let mut card_ms = Vec::new();
    for k in 0..5 {
        h.event(egui::Event::PointerButton {
            pos: egui::pos2(500.0, 300.0 + 40.0 * k as f32),
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: egui::Modifiers::NONE,
        });
        h.event(egui::Event::PointerButton {
            pos: egui::pos2(500.0, 300.0 + 40.0 * k as f32),
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
        card_ms.push(h.state().last_frame_ms);
        h.step();
        card_ms.push(h.state().last_frame_ms);
    }
    stats("clicking rows to open the card (app UI code)", &mut card_ms);
    println!("  card shows {:?}", h.state().trainer.selected_person());
    for (label, what) in [("班次进度", "cohort progress"), ("提醒", "reminders")] {
        let mut ms = Vec::new();
        if let Some(n) = h.query_all_by_label_contains(label).next() {
            n.click();
        }
        for _ in 0..30 {
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, -300.0),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            h.step();
            ms.push(h.state().last_frame_ms);
        }
        stats(
            &format!("showing and scrolling {what} (app UI code)"),
            &mut ms,
        );
    }
    if let Some(n) = h.query_all_by_label("名册").next() {
        n.click();
    }
    h.step();

    let doc = h.state().doc().clone();
    h.state_mut().trainer.start_import(csv_path, &doc, None);
    let (mut ui_ms, mut frame_ms, secs) = frames_until_done(&mut h);
    println!("reading and checking the people file took {secs:.2} s");
    stats("  frames while reading (app UI code)", &mut ui_ms);
    stats("  frames while reading (whole frame)", &mut frame_ms);
    if !h.state().trainer.dialog_open() {
        println!("  no import preview opened");
        return Ok(());
    }
    match h.query_all_by_label("确认应用").next() {
        Some(n) => n.click(),
        None => println!("  no apply button"),
    }
    let (mut ui_ms, mut frame_ms, secs) = frames_until_done(&mut h);
    println!("applying the import took {secs:.2} s");
    stats("  frames while applying (app UI code)", &mut ui_ms);
    stats("  frames while applying (whole frame)", &mut frame_ms);
    println!(
        "  roster changed and unsaved: {}",
        h.state().trainer.roster_dirty()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
