//! Measures the app's frame time (UI code plus any in-frame projection)
//! headlessly: dragging a lever on the default county (the what-if layout:
//! levers, key results and a chart), dragging the cohort slider with the
//! pointer, frames while Monte Carlo runs in the background, the decision
//! views while their analyses run in the background (a Monte Carlo
//! comparison, the tornado, goal seek), then opening a big file whose
//! loading and projection run in the background.
//!
//! `cargo run --release --example frame_time [-- BIG_FILE.ron]`

mod common;

use common::stats;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::PathBuf;
use std::time::Instant;
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::analysis::Evaluation;
use talent_planner::model::analysis::compare::CompareOptions;
use talent_planner::model::analysis::seek::SeekOptions;
use talent_planner::model::io;
use talent_planner::present::command::{Command, DecisionCommand, Tab};

/// The app's allocator (see `src/main.rs`), so that the figures are those of
/// the shipped binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let sc = io::default_scenario()?;
    let app = TalentApp::new_headless(sc, None, Preferences::default());
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    h.run_steps(5);
    println!(
        "default county: {} townships, projection {:.2} ms",
        h.state().doc().scenario.county.townships.len(),
        h.state().doc().last_compute_ms
    );

    // Drag the recruitment multiplier: a new value every frame, on the levers tab.
    h.state_mut().apply(Command::SetTab(Tab::Levers), 0.0);
    h.run_steps(3);
    let mut ui_ms = Vec::new();
    let mut step_ms = Vec::new();
    let mut compute_ms = Vec::new();
    for i in 0..120 {
        let v = 0.5 + (i % 60) as f64 / 30.0;
        h.get_by_role_and_label(egui::accesskit::Role::Slider, "招聘规模倍数")
            .set_value_accesskit(v);
        let t = Instant::now();
        h.step();
        step_ms.push(t.elapsed().as_secs_f64() * 1e3);
        ui_ms.push(h.state().last_frame_ms);
        compute_ms.push(h.state().doc().last_compute_ms);
    }
    stats(
        "lever drag: of which checking + projecting in the frame",
        &mut compute_ms,
    );
    stats(
        "lever drag, levers tab (app UI code incl. projection)",
        &mut ui_ms,
    );
    stats(
        "lever drag, levers tab (whole egui frame incl. tessellation)",
        &mut step_ms,
    );

    // The cohort slider dragged by the pointer across its rail and back,
    // one point of movement a frame: every frame edits, reprojects and
    // redraws the key results beside the levers.
    let label = "本土人才培养班 · 每期人数";
    let rail = h
        .get_by_role_and_label(egui::accesskit::Role::Slider, label)
        .rect();
    let y = rail.center().y;
    let (x0, x1) = (rail.left() + 12.0, rail.left() + rail.width() * 0.6);
    h.hover_at(egui::pos2(x0, y));
    h.step();
    h.drag_at(egui::pos2(x0, y));
    h.step();
    let (mut ui_ms, mut step_ms) = (Vec::new(), Vec::new());
    let span = (x1 - x0).round() as usize;
    for i in 0..(2 * span) {
        let dx = if i < span { i } else { 2 * span - i } as f32;
        h.hover_at(egui::pos2(x0 + dx, y));
        let t = Instant::now();
        h.step();
        step_ms.push(t.elapsed().as_secs_f64() * 1e3);
        ui_ms.push(h.state().last_frame_ms);
    }
    h.drop_at(egui::pos2(x0, y));
    h.step();
    stats(
        "cohort slider dragged by the pointer, what-if layout (app UI code incl. projection and key results)",
        &mut ui_ms,
    );
    stats(
        "cohort slider dragged by the pointer, what-if layout (whole egui frame)",
        &mut step_ms,
    );

    // Monte Carlo in the background (200 replications), the what-if layout
    // on screen: frames drawn every 16 ms while it runs, until its bands and
    // the goals' chances are in the headline.
    let t0 = Instant::now();
    h.state_mut().apply(Command::StartMonteCarlo, 0.0);
    let mut frames = Vec::new();
    while h.state().mc().running() && t0.elapsed().as_secs() < 600 {
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(std::time::Duration::from_millis(16));
    }
    h.step();
    println!(
        "Monte Carlo: {} runs in {:.2} s while drawing",
        h.state().mc().summary.as_ref().map_or(0, |s| s.runs),
        t0.elapsed().as_secs_f64()
    );
    stats(
        "frames while Monte Carlo runs, what-if layout (whole egui frame)",
        &mut frames,
    );
    // A lever moved while the bands are on screen: the frames of the drag
    // (the run goes stale and reruns a moment after the last edit).
    let (mut ui_ms, mut step_ms) = (Vec::new(), Vec::new());
    for i in 0..60 {
        let v = 1.0 + (i % 30) as f64 / 100.0;
        h.get_by_role_and_label(egui::accesskit::Role::Slider, "薪酬倍数")
            .set_value_accesskit(v);
        let t = Instant::now();
        h.step();
        step_ms.push(t.elapsed().as_secs_f64() * 1e3);
        ui_ms.push(h.state().last_frame_ms);
    }
    stats(
        "pay multiplier moved with Monte Carlo bands on screen (app UI code)",
        &mut ui_ms,
    );
    stats(
        "pay multiplier moved with Monte Carlo bands on screen (whole egui frame)",
        &mut step_ms,
    );

    // The same edits with the dashboard visible (charts follow).
    h.state_mut().apply(Command::SetTab(Tab::Dashboard), 0.0);
    h.run_steps(3);
    let (mut ui_ms, mut step_ms) = (Vec::new(), Vec::new());
    for i in 0..120 {
        let mut sc = h.state().doc().scenario.clone();
        sc.levers.recruitment_multiplier = 0.5 + (i % 60) as f64 / 30.0;
        h.state_mut().apply(
            Command::Edit {
                field: "levers.recruitment_multiplier".into(),
                scenario: Box::new(sc),
            },
            0.0,
        );
        let t = Instant::now();
        h.step();
        step_ms.push(t.elapsed().as_secs_f64() * 1e3);
        ui_ms.push(h.state().last_frame_ms);
    }
    stats("edit + dashboard (app UI code)", &mut ui_ms);
    stats(
        "edit + dashboard (whole egui frame, excl. the edit's projection)",
        &mut step_ms,
    );

    analyses(&mut h)?;

    // A big file: loading and projecting happen off the UI thread.
    if let Some(big) = std::env::args().nth(1).map(PathBuf::from) {
        // The edits above left unsaved changes; opening must not stop at the prompt.
        h.state_mut().doc_mut().dirty = false;
        let t0 = Instant::now();
        h.state_mut().apply(Command::OpenPath(big), 0.0);
        let mut frames = Vec::new();
        let mut loaded_at = None;
        let mut last_report = 0;
        while t0.elapsed().as_secs() < 600 {
            let t = Instant::now();
            h.step();
            frames.push(t.elapsed().as_secs_f64() * 1e3);
            let secs = t0.elapsed().as_secs();
            if secs >= last_report + 5 {
                last_report = secs;
                if let Some(v) = h.state().background_view(h.ctx.input(|i| i.time)) {
                    println!("  after {secs} s: {:?} {:?}", v.phase, v.fraction);
                }
            }
            let doc = &h.state().doc();
            if loaded_at.is_none()
                && doc.path.is_some()
                && doc.scenario.county.townships.len() > 200
            {
                loaded_at = Some(t0.elapsed().as_secs_f64());
            }
            if loaded_at.is_some() && doc.results_current() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(16));
        }
        let doc = &h.state().doc();
        println!(
            "big file: {} townships; loaded after {:.2} s, projected after {:.2} s (projection {:.0} ms)",
            doc.scenario.county.townships.len(),
            loaded_at.unwrap_or(f64::NAN),
            t0.elapsed().as_secs_f64(),
            doc.last_compute_ms
        );
        stats(
            "frames while loading and projecting the big file",
            &mut frames,
        );
        // An edit on the big document: the frame that applies it, then the
        // frames while the debounced background reprojection runs.
        let mut sc = h.state().doc().scenario.clone();
        sc.levers.admin_share = 0.25;
        let t = Instant::now();
        let now = h.ctx.input(|i| i.time);
        h.state_mut().apply(
            Command::Edit {
                field: "levers.admin_share".into(),
                scenario: Box::new(sc),
            },
            now,
        );
        h.step();
        println!(
            "big file edit: frame {:.2} ms (clone + compare + undo step; projection deferred)",
            t.elapsed().as_secs_f64() * 1e3
        );
        let t0 = Instant::now();
        let mut frames = Vec::new();
        let mut last_report = 0;
        while h.state().background_busy() && t0.elapsed().as_secs() < 600 {
            let t = Instant::now();
            h.step();
            frames.push(t.elapsed().as_secs_f64() * 1e3);
            let secs = t0.elapsed().as_secs();
            if secs >= last_report + 5 {
                last_report = secs;
                if let Some(v) = h.state().background_view(h.ctx.input(|i| i.time)) {
                    println!("  after {secs} s: {:?} {:?}", v.phase, v.fraction);
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(16));
        }
        println!(
            "big file reprojection after the edit: {:.2} s (projection {:.0} ms)",
            t0.elapsed().as_secs_f64(),
            h.state().doc().last_compute_ms
        );
        stats("frames while the big file reprojects", &mut frames);

        // Dragging a lever on the big document (levers tab).
        h.state_mut().apply(Command::SetTab(Tab::Levers), 0.0);
        h.run_steps(3);
        let mut frames = Vec::new();
        for i in 0..30 {
            let v = 0.5 + (i % 30) as f64 / 15.0;
            h.get_by_role_and_label(egui::accesskit::Role::Slider, "招聘规模倍数")
                .set_value_accesskit(v);
            let t = Instant::now();
            h.step();
            frames.push(t.elapsed().as_secs_f64() * 1e3);
        }
        stats("lever drag on the big file, levers tab", &mut frames);
        h.state_mut().apply(Command::CancelBackground, 0.0);
    }
    Ok(())
}

/// Frames while `cmd` (an analysis) runs on the decision view `tab`,
/// until it is done; prints their statistics and how long it ran.
fn while_running(h: &mut Harness<'_, TalentApp>, name: &str, tab: Tab, cmd: DecisionCommand) {
    h.state_mut().apply(Command::SetTab(tab), 0.0);
    h.run_steps(3);
    let now = h.ctx.input(|i| i.time);
    h.state_mut().apply(Command::Decide(cmd), now);
    let t0 = Instant::now();
    let (mut ui_ms, mut step_ms) = (Vec::new(), Vec::new());
    while h.state().decisions().running() && t0.elapsed().as_secs() < 600 {
        let t = Instant::now();
        h.step();
        step_ms.push(t.elapsed().as_secs_f64() * 1e3);
        ui_ms.push(h.state().last_frame_ms);
        std::thread::sleep(std::time::Duration::from_millis(16));
    }
    println!("{name}: ran {:.2} s", t0.elapsed().as_secs_f64());
    stats(&format!("{name} (app UI code)"), &mut ui_ms);
    stats(&format!("{name} (whole egui frame)"), &mut step_ms);
    // The view with the result.
    let mut shown = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        h.step();
        shown.push(t.elapsed().as_secs_f64() * 1e3);
    }
    stats(
        &format!("{name}, result shown (whole egui frame)"),
        &mut shown,
    );
}

/// The decision views while their analyses run: a variant with twice the
/// recruitment compared on paired Monte Carlo, the tornado, a goal seek
/// with Monte Carlo.
fn analyses(h: &mut Harness<'_, TalentApp>) -> anyhow::Result<()> {
    h.state_mut().doc_mut().dirty = false;
    h.state_mut().apply(Command::SaveAsVariant, 0.0);
    let mut sc = h.state().doc().scenario.clone();
    sc.levers.recruitment_multiplier = 2.0;
    h.state_mut().apply(
        Command::Edit {
            field: "levers.recruitment_multiplier".into(),
            scenario: Box::new(sc),
        },
        0.0,
    );
    h.run_steps(3);
    let plans = h.state().plans().iter().map(|p| p.id).collect();
    let seed = h.state().doc().scenario.seed;
    while_running(
        h,
        "compare, 2 plans x 500 paired runs",
        Tab::Compare,
        DecisionCommand::Compare {
            plans,
            options: CompareOptions {
                eval: Evaluation::MonteCarlo { runs: 500, seed },
                county_only: false,
                year: None,
            },
        },
    );
    while_running(
        h,
        "tornado, expected value",
        Tab::Sensitivity,
        DecisionCommand::Sensitivity {
            year: None,
            eval: Evaluation::Deterministic,
        },
    );
    while_running(
        h,
        "tornado, 20 paired runs a point",
        Tab::Sensitivity,
        DecisionCommand::Sensitivity {
            year: None,
            eval: Evaluation::MonteCarlo { runs: 20, seed },
        },
    );
    let goal = talent_planner::model::goals::parse_goal("headcount_total>=60@2030")
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    while_running(
        h,
        "goal seek, 200 paired runs a value",
        Tab::Levers,
        DecisionCommand::Seek(SeekOptions {
            lever: "levers.recruitment_multiplier".into(),
            goal,
            probability: 0.8,
            eval: Evaluation::MonteCarlo { runs: 200, seed },
        }),
    );
    h.state_mut().apply(Command::SetTab(Tab::Swot), 0.0);
    let mut swot = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        h.step();
        swot.push(t.elapsed().as_secs_f64() * 1e3);
    }
    stats("SWOT board (whole egui frame)", &mut swot);
    Ok(())
}
