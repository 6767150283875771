//! Measures the frame time of the trainer's roster table with a synthetic
//! roster of 100,000 people, headlessly: scrolling the table, then changing
//! the sort order.
//!
//! `cargo run --example trainer_frame_time [-- PEOPLE]`

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::Instant;
use talent_planner::app::command::{Command, Tab};
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
use talent_planner::roster::doc::Roster;
use talent_planner::roster::synth::synthetic_roster;

fn stats(name: &str, v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / v.len().max(1) as f64;
    let p = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{name}: {} frames, mean {mean:.2} ms, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        v.len(),
        p(0.5),
        p(0.95),
        p(1.0)
    );
}

fn main() -> anyhow::Result<()> {
    let people: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let sc = io::default_scenario()?;
    let roster = synthetic_roster(people, &Roster::townships_of(&sc), 7);
    let mut app = TalentApp::new_headless(sc, None, Preferences::default());
    let t = Instant::now();
    app.trainer.load_roster(roster, None);
    println!(
        "{people} people: statuses, table rows and reminders built in {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    app.apply(Command::SetTab(Tab::Trainer), 0.0);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_context_setup(install_fonts)
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    h.run_steps(3);
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
        "first visible row before {first:?}, after {:?}",
        h.state().trainer.first_visible_row()
    );
    let mut sort_ms = Vec::new();
    for label in ["姓名", "乡镇", "证书", "入职日期"] {
        if let Some(n) = h.query_all_by_label_contains(label).find(|n| {
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
    Ok(())
}
