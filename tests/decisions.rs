//! Headless UI tests of the decision views (egui_kittest accessibility
//! queries): plans compared, what matters most, the least that works, the
//! SWOT board.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;
use talent_planner::app::panels::analysis::SeekOutcome;
use talent_planner::app::panels::swot::link_name;
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::catalog::Catalog;
use talent_planner::model::io;
use talent_planner::model::scenario::{Goal, Scenario};
use talent_planner::present::command::{AnalysisKind, Command, DecisionCommand, Tab};
use talent_planner::present::decisions::{compare, swot, tornado};
use talent_planner::present::i18n::Lang;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_county.ron")
}

fn app_of(sc: Scenario, lang: Lang) -> TalentApp {
    let prefs = Preferences {
        language: lang,
        ..Preferences::default()
    };
    TalentApp::new_headless(sc, None, prefs)
}

fn small(lang: Lang) -> TalentApp {
    app_of(io::load(&fixture()).unwrap(), lang)
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

/// Lets the analyses started finish and the views show their results.
fn settle(h: &mut Harness<'static, TalentApp>) {
    for _ in 0..3 {
        h.run_steps(2);
        h.state_mut().finish_analyses();
    }
    h.run_steps(3);
}

fn tab(h: &mut Harness<'static, TalentApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

#[test]
fn a_variant_with_more_recruitment_compares_with_a_plus_sign() {
    let mut h = harness(small(Lang::En));
    h.get_by_label("Save as variant").click();
    h.run_steps(2);
    tab(&mut h, "Levers");
    h.get_by_role_and_label(Role::Slider, "Recruitment multiplier")
        .set_value_accesskit(2.0);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 2.0);
    tab(&mut h, "Compare");
    // The expected-value comparison follows the plans by itself.
    settle(&mut h);
    let c = h.state().comparison().expect("a comparison").clone();
    assert_eq!(c.plans.len(), 2);
    let year = c.cost_effectiveness[0].year;
    let y = c.years.iter().position(|&x| x == year).unwrap();
    let headcount = c
        .metrics
        .iter()
        .find(|m| m.metric == "headcount_total")
        .unwrap();
    assert!(
        headcount.diff[0][y].mean.value > 0.0,
        "{:?}",
        headcount.diff
    );
    // The table shows that difference with its sign.
    let v = compare::view(&c, year, Lang::En);
    let row = v
        .table
        .iter()
        .find(|r| r.metric == "headcount_total")
        .unwrap();
    assert!(row.diffs[0].text.starts_with('+'), "{}", row.diffs[0].text);
    assert!(h.query_by_label(&row.diffs[0].text).is_some());
    assert!(h.query_by_label("Workers in post").is_some());
    assert!(h.query_by_label("Variant 1 − base").is_some());

    // Monte Carlo on paired replications: the same sign, with its interval.
    h.get_by_role_and_label(Role::RadioButton, "Monte Carlo")
        .click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "Run comparison")
        .click();
    h.run_steps(1);
    assert!(h.state().decisions().running());
    settle(&mut h);
    let c = h.state().comparison().unwrap();
    assert_eq!(c.runs, Some(200));
    let d = c
        .metrics
        .iter()
        .find(|m| m.metric == "headcount_total")
        .unwrap()
        .diff[0][y]
        .mean;
    assert!(d.low > 0.0, "the 90 % interval is above 0: {d:?}");
}

#[test]
fn a_comparison_can_be_cancelled_and_its_table_exported() {
    let dir = std::env::temp_dir().join(format!("tp-decide-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("comparison.csv");
    let xlsx = dir.join("comparison.xlsx");
    let mut app = small(Lang::Zh);
    app.set_file_dialogs(Box::new(
        talent_planner::app::file_dialogs::ScriptedDialogs::new([csv.clone(), xlsx.clone()]),
    ));
    let mut h = harness(app);
    h.get_by_label("另存为变体方案").click();
    h.run_steps(2);
    tab(&mut h, "方案比较");
    settle(&mut h);
    assert!(h.state().comparison().is_some());
    let first = h.state().comparison().unwrap().clone();

    // A Monte Carlo run cancelled at once leaves the last result.
    let plans: Vec<_> = h.state().plans().iter().map(|p| p.id).collect();
    let options = talent_planner::model::analysis::compare::CompareOptions {
        eval: talent_planner::model::analysis::Evaluation::MonteCarlo { runs: 500, seed: 1 },
        county_only: false,
        year: None,
    };
    h.state_mut().apply(
        Command::Decide(DecisionCommand::Compare { plans, options }),
        0.0,
    );
    h.state_mut().apply(
        Command::Decide(DecisionCommand::Cancel(AnalysisKind::Compare)),
        0.0,
    );
    h.run_steps(1);
    h.state_mut().finish_analyses();
    h.run_steps(2);
    assert_eq!(h.state().comparison(), Some(&first));
    assert!(h.query_by_label_contains("已取消").is_some());

    h.get_by_label("导出表格 CSV…").click();
    h.run_steps(2);
    h.get_by_label("导出表格 Excel…").click();
    h.run_steps(2);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark for Excel");
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("指标") && header.contains("差值"),
        "{header}"
    );
    assert_eq!(
        text.lines().count(),
        1 + first.metrics.len() * first.years.len()
    );
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a workbook");
}

#[test]
fn the_tornado_lists_bars_and_a_click_opens_the_lever() {
    let mut h = harness(small(Lang::En));
    tab(&mut h, "What matters most");
    h.get_by_role_and_label(Role::Button, "Run").click();
    h.run_steps(1);
    settle(&mut h);
    let sc = h.state().doc().scenario.clone();
    let s = h.state().sensitivity().expect("a tornado").clone();
    let v = tornado::view(
        &s,
        "headcount_total",
        tornado::KindFilter::All,
        15,
        &sc,
        Lang::En,
    )
    .unwrap();
    assert!(v.bars.len() >= 3, "{:?}", v.bars);
    for b in &v.bars {
        assert!(
            h.query_by_role_and_label(Role::Button, &b.label).is_some(),
            "bar {}",
            b.label
        );
    }
    // Only policies, then only assumptions.
    h.get_by_role_and_label(Role::RadioButton, "policies")
        .click();
    h.run_steps(2);
    let assumption = v
        .bars
        .iter()
        .find(|b| b.kind == talent_planner::model::catalog::LeverKind::Assumption);
    if let Some(a) = assumption {
        assert!(h.query_by_role_and_label(Role::Button, &a.label).is_none());
    }
    h.get_by_role_and_label(Role::RadioButton, "all").click();
    h.run_steps(2);

    // Clicking the recruitment multiplier's bar opens it in the levers panel.
    let bar = v
        .bars
        .iter()
        .find(|b| b.path == "levers.recruitment_multiplier")
        .expect("recruitment moves the headcount");
    h.get_by_role_and_label(Role::Button, &bar.label).click();
    h.run_steps(3);
    assert_eq!(h.state().tab(), Tab::Levers);
    assert!(
        h.get_by_role_and_label(Role::Slider, "Recruitment multiplier")
            .is_focused()
    );
}

#[test]
fn goal_seek_applies_a_value_and_undo_reverts_it() {
    let mut h = harness(small(Lang::En));
    tab(&mut h, "Levers");
    h.get_by_role_and_label(Role::Button, "Least that works…")
        .click();
    // A window appears after its sizing pass.
    h.run_steps(4);
    assert!(
        h.query_by_role_and_label(Role::RadioButton, "Least value of one lever")
            .is_some()
    );
    // A typed goal: 20 workers by the end of 2028 (the plan has about 18).
    h.get_by_role_and_label(Role::ComboBox, "Goal").click();
    h.run_steps(2);
    h.get_by_label("Type a goal…").click();
    h.run_steps(2);
    h.query_all_by_value("stations_at_norm_share>=0.9@2030")
        .find(|n| n.accesskit_node().role() == Role::TextInput)
        .expect("the typed goal's field")
        .set_text_value_accesskit("headcount_total>=20@2028");
    h.run_steps(2);
    h.get_by_role_and_label(Role::Button, "Seek").click();
    h.run_steps(1);
    settle(&mut h);
    let r = match h.state().seek_outcome() {
        Some(SeekOutcome::Seek(r)) => r.as_ref().clone(),
        other => panic!("no seek result: {other:?}"),
    };
    let answer = r.answer.expect("more recruitment reaches 20 workers");
    assert!(answer > 1.0 && answer < 2.0, "{answer}");
    assert!(r.tried.len() >= 3);
    assert!(
        h.query_by_label_contains("Recruitment multiplier at least")
            .is_some()
    );

    let before = h.state().undo_len();
    h.get_by_label("Apply to the plan").click();
    h.run_steps(2);
    let applied = h.state().doc().scenario.levers.recruitment_multiplier;
    assert!((applied - answer).abs() < 1e-9, "{applied} vs {answer}");
    assert_eq!(h.state().undo_len(), before + 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 1.0);
}

#[test]
fn the_cheapest_mix_is_applied_as_one_undoable_step() {
    let mut sc = io::load(&fixture()).unwrap();
    sc.targets.goals = vec![Goal {
        id: "workers_2028".into(),
        label: "2028 年底至少 20 名社工".into(),
        label_en: "At least 20 workers by the end of 2028".into(),
        metric: "headcount_total".into(),
        comparison: talent_planner::model::goals::Comparison::AtLeast,
        level: 20.0,
        year: 2028,
        every_year: false,
        source: Default::default(),
    }];
    let mut h = harness(app_of(sc, Lang::En));
    tab(&mut h, "Levers");
    h.get_by_role_and_label(Role::Button, "Least that works…")
        .click();
    // A window appears after its sizing pass.
    h.run_steps(4);
    h.get_by_role_and_label(Role::RadioButton, "Cheapest mix of levers")
        .click();
    h.run_steps(2);
    for name in ["Recruitment multiplier", "Exam support: pass-rate uplift"] {
        h.get_by_role_and_label(Role::CheckBox, name).click();
        h.run_steps(1);
    }
    h.get_by_role_and_label(Role::Button, "Find the mix")
        .click();
    h.run_steps(1);
    settle(&mut h);
    let r = match h.state().seek_outcome() {
        Some(SeekOutcome::Optimise(r)) => r.as_ref().clone(),
        other => panic!("no mix: {other:?}"),
    };
    let mix = r.answer.expect("a mix reaches 20 workers");
    let before = h.state().undo_len();
    h.get_by_label("Apply all to the plan").click();
    h.run_steps(2);
    let sc = h.state().doc().scenario.clone();
    let catalog = Catalog::of(&sc);
    for (id, v) in r.levers.iter().zip(&mix.values) {
        let now = catalog.get(id).unwrap().get(&sc).unwrap();
        assert!((now - v).abs() < 1e-9, "{id}: {now} vs {v}");
    }
    assert_eq!(
        h.state().undo_len(),
        before + 1,
        "one step for the whole mix"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    let back = &h.state().doc().scenario.levers;
    assert_eq!(
        (back.recruitment_multiplier, back.exam_support_pass_uplift),
        (1.0, 0.0)
    );
}

#[test]
fn every_swot_card_with_levers_links_to_them() {
    let sc = io::default_scenario().unwrap();
    let mut h = harness(app_of(sc.clone(), Lang::En));
    let board = swot::builtin().unwrap();
    let cards = swot::cards(&board, &sc, None, Lang::En);
    assert!(cards.iter().filter(|c| !c.levers.is_empty()).count() >= 8);
    for card in cards.iter().filter(|c| !c.levers.is_empty()) {
        h.state_mut().apply(Command::SetTab(Tab::Swot), 0.0);
        h.run_steps(2);
        for lever in &card.levers {
            let name = link_name(&card.title, &lever.name);
            assert!(
                h.query_by_role_and_label(Role::Link, &name).is_some(),
                "{name}"
            );
        }
        let first = link_name(&card.title, &card.levers[0].name);
        h.get_by_role_and_label(Role::Link, &first).scroll_to_me();
        h.run_steps(2);
        h.get_by_role_and_label(Role::Link, &first)
            .click_accesskit();
        h.run_steps(2);
        assert_eq!(h.state().tab(), Tab::Levers, "{}", card.id);
    }
    // A card the model does not represent says so.
    h.state_mut().apply(Command::SetTab(Tab::Swot), 0.0);
    h.run_steps(2);
    assert!(
        h.query_all_by_label_contains("Not in the model:")
            .next()
            .is_some()
    );
}

#[test]
fn the_swot_board_shows_measured_effects_on_a_goal() {
    let sc = io::default_scenario().unwrap();
    let mut h = harness(app_of(sc.clone(), Lang::Zh));
    h.state_mut().apply(Command::SetTab(Tab::Swot), 0.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("尚未测算").is_some());
    h.get_by_role_and_label(Role::Button, "测算影响").click();
    h.run_steps(1);
    settle(&mut h);
    let s = h.state().sensitivity().unwrap().clone();
    let goal = &sc.targets.effective_goals(&sc)[0];
    assert_eq!(
        s.tornadoes
            .iter()
            .find(|t| t.metric == goal.metric)
            .unwrap()
            .year,
        goal.year
    );
    let board = swot::builtin().unwrap();
    let cards = swot::cards(&board, &sc, Some((&s, &goal.metric)), Lang::Zh);
    let w2 = cards.iter().find(|c| c.id == "W2").unwrap();
    assert!(w2.levers.iter().all(|l| l.effect.is_some()));
    assert!(h.query_by_label_contains("影响测算于").is_some());
}

#[test]
fn every_decision_view_renders_in_both_languages_and_scales() {
    for lang in [Lang::Zh, Lang::En] {
        for scale in [1.0_f32, 1.25, 1.5] {
            let mut a = small(lang);
            a.prefs.scale = scale;
            let mut h = harness(a);
            h.state_mut().apply(Command::SaveAsVariant, 0.0);
            for t in [Tab::Compare, Tab::Sensitivity, Tab::Swot] {
                h.state_mut().apply(Command::SetTab(t), 0.0);
                settle(&mut h);
                assert_eq!(h.state().tab(), t);
            }
            h.state_mut()
                .apply(Command::Decide(DecisionCommand::ToggleSeek), 0.0);
            h.run_steps(3);
        }
    }
}
