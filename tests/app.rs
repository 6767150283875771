//! Headless UI tests of the desktop app (egui_kittest accessibility queries).
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;
use talent_planner::app::file_dialogs::ScriptedDialogs;
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::goals::judge_expected;
use talent_planner::model::{Model, io};
use talent_planner::present::command::{Command, Tab};
use talent_planner::present::i18n::Lang;
use talent_planner::present::key_results::{Figure, Inputs, KeyResults, key_results};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_county.ron")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tp-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn prefs(lang: Lang) -> Preferences {
    Preferences {
        language: lang,
        ..Preferences::default()
    }
}

fn app(lang: Lang) -> TalentApp {
    let sc = io::load(&fixture()).unwrap();
    TalentApp::new_headless(sc, Some(fixture()), prefs(lang))
}

/// The app on a scenario without a file, in `lang`.
fn unsaved(sc: talent_planner::model::Scenario, lang: Lang) -> TalentApp {
    TalentApp::new_headless(sc, None, prefs(lang))
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

/// The slider labelled `label` (its value box carries the label too).
fn slider<'a>(h: &'a Harness<'_, TalentApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::Slider, label)
}

/// The key results of the plan shown, as the presentation layer makes
/// them from the app's document and Monte Carlo (what the headline draws).
fn key(h: &Harness<'_, TalentApp>) -> KeyResults {
    let app = h.state();
    let doc = app.doc();
    let goals = Model::compile(&doc.scenario)
        .map(|m| judge_expected(&m))
        .unwrap_or_default();
    key_results(
        &Inputs {
            scenario: &doc.scenario,
            projection: doc.results.as_ref().unwrap(),
            goals: &goals,
            mc: app.mc().summary.as_ref(),
            mc_stale: app.mc().stale,
        },
        app.prefs.language,
    )
}

/// One figure of the key results, by metric.
fn figure(h: &Harness<'_, TalentApp>, metric: &str) -> Figure {
    key(h)
        .figures
        .into_iter()
        .find(|f| f.metric == metric)
        .unwrap()
}

#[test]
fn changing_a_lever_changes_the_headline_and_undo_restores_it() {
    let mut h = harness(app(Lang::En));
    let before = figure(&h, "headcount_total").expected;
    assert!(h.query_by_label(&before).is_some(), "{before}");
    h.get_by_label("Levers").click();
    h.run_steps(2);
    slider(&h, "Recruitment multiplier").set_value_accesskit(3.0);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 3.0);
    assert_eq!(h.state().undo_len(), 1);
    h.get_by_label("Dashboard").click();
    h.run_steps(2);
    let after = figure(&h, "headcount_total").expected;
    assert_ne!(before, after, "the headline must follow the lever");
    assert!(h.query_by_label(&after).is_some(), "{after}");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 1.0);
    assert_eq!(figure(&h, "headcount_total").expected, before);
    assert!(h.query_by_label(&before).is_some());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 3.0);
    assert_eq!(figure(&h, "headcount_total").expected, after);
}

#[test]
fn switching_language_changes_the_labels() {
    let mut h = harness(app(Lang::Zh));
    assert!(h.query_by_label("政策杠杆").is_some());
    assert!(h.query_by_label("Levers").is_none());
    h.get_by_label("English").click();
    h.run_steps(2);
    assert_eq!(h.state().prefs.language, Lang::En);
    assert!(h.query_by_label("Levers").is_some());
    assert!(h.query_by_label("政策杠杆").is_none());
    assert!(
        h.query_by_label_contains("Stations at norm, end of")
            .is_some()
    );
    h.get_by_label("中文").click();
    h.run_steps(2);
    assert!(h.query_by_label("政策杠杆").is_some());
    assert!(h.query_by_label_contains("达标站点（").is_some());
}

#[test]
fn a_bad_value_shows_an_inline_error_and_keeps_the_last_results() {
    let mut h = harness(app(Lang::En));
    let results = h.state().doc().results.clone().unwrap();
    h.get_by_label("Levers").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("must be between").is_none());
    slider(&h, "Pay multiplier").set_value_accesskit(9.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("must be between").is_some());
    assert_eq!(h.state().doc().scenario.levers.pay_multiplier, 1.0);
    assert!(std::sync::Arc::ptr_eq(
        &results,
        h.state().doc().results.as_ref().unwrap()
    ));
    assert_eq!(h.state().undo_len(), 0);
    // A valid value clears the message and applies.
    slider(&h, "Pay multiplier").set_value_accesskit(1.2);
    h.run_steps(2);
    assert!(h.query_by_label_contains("must be between").is_none());
    assert_eq!(h.state().doc().scenario.levers.pay_multiplier, 1.2);
}

#[test]
fn the_error_message_is_in_chinese_too() {
    let mut h = harness(app(Lang::Zh));
    h.get_by_label("政策杠杆").click();
    h.run_steps(2);
    slider(&h, "薪酬倍数").set_value_accesskit(-1.0);
    h.run_steps(2);
    assert!(h.query_by_label_contains("必须在 0.1 到 5 之间").is_some());
}

#[test]
fn opening_a_broken_file_leaves_the_document_unchanged() {
    let dir = temp_dir("broken");
    let broken = dir.join("broken.ron");
    std::fs::write(
        &broken,
        "(format_version: 1, name: \"x\", start_year: oops)",
    )
    .unwrap();
    let mut h = harness(app(Lang::En));
    let before = h.state().doc().scenario.clone();
    let path_before = h.state().doc().path.clone();
    h.state_mut().apply(Command::OpenPath(broken.clone()), 0.0);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, before);
    assert_eq!(h.state().doc().path, path_before);
    let msg = h.state().error_message().unwrap().to_string();
    assert!(msg.contains("line 1"), "{msg}");
    assert!(msg.contains("broken.ron"), "{msg}");
    assert!(h.query_by_label("Cannot open the file").is_some());
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().error_message().is_none());

    // In Chinese, the reader's error is told in Chinese.
    let mut h = harness(app(Lang::Zh));
    h.state_mut().apply(Command::OpenPath(broken.clone()), 0.0);
    h.run_steps(2);
    let msg = h.state().error_message().unwrap().to_string();
    assert!(msg.starts_with("第 1 行第 "), "{msg}");
    assert!(msg.contains("此处应为整数"), "{msg}");
    assert!(msg.contains("broken.ron"), "{msg}");
    assert!(h.query_by_label("无法打开文件").is_some());
}

#[test]
fn save_then_reopen_gives_the_same_scenario() {
    let dir = temp_dir("save");
    let path = dir.join("county.ron");
    let mut h = harness(app(Lang::En));
    h.get_by_label("Levers").click();
    h.run_steps(2);
    slider(&h, "Administrative share of working time").set_value_accesskit(0.45);
    h.run_steps(2);
    assert!(h.state().doc().dirty);
    assert!(h.state().title().starts_with('●'));
    h.state_mut().apply(Command::SaveTo(path.clone()), 10.0);
    h.run_steps(1);
    assert!(!h.state().doc().dirty);
    assert!(h.state().title().starts_with("county.ron"));
    let saved = h.state().doc().scenario.clone();
    // A second save keeps the previous version as .bak.
    h.state_mut().apply(Command::SaveTo(path.clone()), 11.0);
    assert!(dir.join("county.ron.bak").exists());

    let mut other = harness(app(Lang::En));
    other
        .state_mut()
        .apply(Command::OpenPath(path.clone()), 0.0);
    other.run_steps(2);
    assert_eq!(other.state().doc().scenario, saved);
    assert_eq!(other.state().doc().scenario.levers.admin_share, 0.45);
    assert_eq!(other.state().prefs.recent_files.first(), Some(&path));
}

#[test]
fn opening_with_unsaved_changes_asks_first() {
    let mut h = harness(app(Lang::En));
    let mut sc = h.state().doc().scenario.clone();
    sc.levers.admin_share = 0.5;
    h.state_mut().apply(
        Command::Edit {
            field: "levers.admin_share".into(),
            scenario: Box::new(sc.clone()),
        },
        0.0,
    );
    h.state_mut().apply(Command::New, 1.0);
    h.run_steps(2);
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, sc);
}

#[test]
fn selecting_a_township_in_the_tree_filters_the_dashboard() {
    let mut h = harness(app(Lang::En));
    assert!(h.query_by_label_contains("/ 3").is_some());
    h.get_by_label("东乡").click();
    h.run_steps(2);
    assert_eq!(h.state().selection.township(), Some("east"));
    assert!(h.query_by_label_contains("of 1").is_some());
}

#[test]
fn every_tab_renders_in_both_languages_and_scales() {
    for lang in [Lang::Zh, Lang::En] {
        for scale in [0.75_f32, 1.0, 1.5] {
            let mut a = app(lang);
            a.prefs.scale = scale;
            let mut h = harness(a);
            for tab in [
                Tab::Dashboard,
                Tab::Levers,
                Tab::Pipeline,
                Tab::Townships,
                Tab::Trainer,
            ] {
                h.state_mut().apply(Command::SetTab(tab), 0.0);
                h.run_steps(3);
                assert_eq!(h.state().tab(), tab);
            }
            h.state_mut().apply(Command::ShowModelDoc, 0.0);
            h.state_mut().apply(Command::ShowAbout, 0.0);
            h.run_steps(3);
        }
    }
}

#[test]
fn the_default_county_opens() {
    let sc = io::default_scenario().unwrap();
    let mut h = harness(TalentApp::new_headless(sc, None, Preferences::default()));
    h.run_steps(3);
    assert!(h.state().doc().results.is_some());
    assert!(h.state().doc().problems.is_empty());
}

#[test]
fn monte_carlo_adds_bands_and_odds_then_goes_stale_on_edit() {
    let mut h = harness(app(Lang::En));
    assert!(h.query_by_label("Monte Carlo median (90 % band)").is_none());
    h.get_by_label("Run Monte Carlo").click();
    h.run_steps(1);
    assert!(h.state().mc().running() || h.state().mc().summary.is_some());
    let ctx = h.ctx.clone();
    h.state_mut().finish_monte_carlo(&ctx);
    h.run_steps(2);
    let summary = h.state().mc().summary.clone().unwrap();
    assert_eq!(summary.runs, talent_planner::app::MC_RUNS);
    let band = &summary.bands["need"];
    assert!(band.p5.iter().zip(&band.p95).all(|(a, b)| a <= b));
    assert!(h.query_by_label("Monte Carlo median (90 % band)").is_some());
    let stations = figure(&h, "stations_at_norm");
    let band = format!("({})", stations.band.unwrap());
    assert!(h.query_by_label(&band).is_some(), "{band}");
    assert!(!h.state().mc().stale);

    let mut sc = h.state().doc().scenario.clone();
    sc.levers.admin_share = 0.1;
    h.state_mut().apply(
        Command::Edit {
            field: "levers.admin_share".into(),
            scenario: Box::new(sc),
        },
        5.0,
    );
    h.run_steps(2);
    assert!(h.state().mc().stale);
    assert!(
        !h.query_all_by_label_contains("stale")
            .collect::<Vec<_>>()
            .is_empty()
    );
}

#[test]
fn unsaved_work_is_autosaved_for_recovery_and_removed_on_save() {
    let dir = temp_dir("recovery");
    let recovery = dir.join("recovery.ron");
    let mut a = app(Lang::En);
    a.set_recovery_path(Some(recovery.clone()));
    let mut sc = a.doc().scenario.clone();
    sc.levers.pay_multiplier = 1.3;
    a.apply(
        Command::Edit {
            field: "levers.pay_multiplier".into(),
            scenario: Box::new(sc.clone()),
        },
        1.0,
    );
    a.autosave(30.0);
    assert!(!recovery.exists(), "autosave waits a minute");
    a.autosave(61.0);
    assert_eq!(io::load(&recovery).unwrap(), sc);
    a.apply(Command::SaveTo(dir.join("saved.ron")), 62.0);
    assert!(!recovery.exists());
}

/// Edits the admin share so the document has unsaved changes.
fn make_dirty(
    h: &mut Harness<'static, TalentApp>,
    admin_share: f64,
) -> talent_planner::model::Scenario {
    let mut sc = h.state().doc().scenario.clone();
    sc.levers.admin_share = admin_share;
    h.state_mut().apply(
        Command::Edit {
            field: "levers.admin_share".into(),
            scenario: Box::new(sc.clone()),
        },
        0.0,
    );
    assert!(h.state().doc().dirty);
    sc
}

#[test]
fn save_in_the_unsaved_prompt_saves_then_opens_the_other_file() {
    let dir = temp_dir("prompt-open");
    let target = dir.join("new-county.ron");
    // A document never saved: "Save" has to ask where (Save As) first.
    let sc = io::load(&fixture()).unwrap();
    let mut a = unsaved(sc, Lang::En);
    a.set_file_dialogs(Box::new(ScriptedDialogs::new([target.clone()])));
    let mut h = harness(a);
    let edited = make_dirty(&mut h, 0.4);
    let other = io::default_scenario().unwrap();
    let other_path = dir.join("other.ron");
    io::save(&other, &other_path).unwrap();

    h.state_mut()
        .apply(Command::OpenPath(other_path.clone()), 1.0);
    h.run_steps(2);
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Save").click();
    h.run_steps(3);
    // The edits were written where the dialog said…
    assert_eq!(io::load(&target).unwrap(), edited);
    // …and the held action went ahead.
    assert_eq!(h.state().doc().path.as_deref(), Some(other_path.as_path()));
    assert_eq!(h.state().doc().scenario, other);
    assert!(!h.state().doc().dirty);
    assert!(h.query_by_label("Unsaved changes").is_none());
    assert_eq!(h.state().prefs.recent_files.first(), Some(&other_path));
    assert!(h.state().prefs.recent_files.contains(&target));
}

#[test]
fn save_in_the_unsaved_prompt_then_new_and_quit_go_ahead() {
    let dir = temp_dir("prompt-new");
    let path = dir.join("county.ron");
    let sc = io::load(&fixture()).unwrap();
    io::save(&sc, &path).unwrap();
    let mut h = harness(TalentApp::new_headless(
        sc,
        Some(path.clone()),
        prefs(Lang::En),
    ));
    let edited = make_dirty(&mut h, 0.35);
    h.state_mut().apply(Command::New, 1.0);
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert_eq!(io::load(&path).unwrap(), edited);
    assert_eq!(h.state().doc().scenario, io::default_scenario().unwrap());
    assert_eq!(h.state().doc().path, None);

    make_dirty(&mut h, 0.3);
    h.state_mut()
        .set_file_dialogs(Box::new(ScriptedDialogs::new([dir.join("quit.ron")])));
    h.state_mut().apply(Command::Quit, 2.0);
    h.run_steps(2);
    assert!(!h.state().close_allowed());
    h.get_by_label("Save").click();
    h.run_steps(2);
    assert!(h.state().close_allowed());
    assert_eq!(
        io::load(&dir.join("quit.ron")).unwrap().levers.admin_share,
        0.3
    );
}

#[test]
fn cancelling_save_as_in_the_unsaved_prompt_keeps_the_document() {
    let sc = io::load(&fixture()).unwrap();
    let mut a = unsaved(sc, Lang::En);
    // No prepared answer: the Save As dialog is cancelled.
    a.set_file_dialogs(Box::new(ScriptedDialogs::default()));
    let mut h = harness(a);
    let edited = make_dirty(&mut h, 0.4);
    h.state_mut().apply(Command::New, 1.0);
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(3);
    assert_eq!(h.state().doc().scenario, edited);
    assert!(h.state().doc().dirty);
    // A later save does not suddenly run the abandoned New.
    let dir = temp_dir("prompt-cancel");
    h.state_mut().apply(Command::SaveTo(dir.join("x.ron")), 2.0);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, edited);
}

#[test]
fn the_monte_carlo_note_shows_with_the_bands_in_the_user_language() {
    use talent_planner::model::montecarlo::{NON_LINEAR_NOTE_EN, NON_LINEAR_NOTE_ZH};
    for (lang, note, other) in [
        (Lang::En, NON_LINEAR_NOTE_EN, NON_LINEAR_NOTE_ZH),
        (Lang::Zh, NON_LINEAR_NOTE_ZH, NON_LINEAR_NOTE_EN),
    ] {
        let mut h = harness(app(lang));
        assert!(h.query_by_label(note).is_none(), "no bands, no note");
        h.state_mut().apply(Command::StartMonteCarlo, 0.0);
        let ctx = h.ctx.clone();
        h.state_mut().finish_monte_carlo(&ctx);
        h.run_steps(2);
        assert!(h.state().mc().summary.is_some());
        assert!(h.query_by_label(note).is_some(), "{lang:?}");
        assert!(h.query_by_label(other).is_none());
        // A township view shows no bands, so no note either.
        h.state_mut().apply(
            Command::Select(talent_planner::present::document::Selection::Township(
                "east".into(),
            )),
            1.0,
        );
        h.run_steps(2);
        assert!(h.query_by_label(note).is_none());
    }
}

#[test]
fn pipeline_adds_and_removes_stages_as_undoable_edits() {
    use talent_planner::model::scenario::{StageKind, Target};
    let mut h = harness(app(Lang::En));
    let original = h.state().doc().scenario.clone();
    let n = original.stages.len();
    h.get_by_label("Pipeline").click();
    h.run_steps(2);

    h.get_by_label("Add stage").click();
    h.run_steps(2);
    let sc = &h.state().doc().scenario;
    assert_eq!(sc.stages.len(), n + 1);
    let added = sc.stages.last().unwrap();
    assert_eq!(added.id, "custom_1");
    assert_eq!(added.name_en, "New stage 1");
    assert!(matches!(
        added.kind,
        StageKind::Custom {
            counts_as_worker: false
        }
    ));
    assert!(h.state().doc().problems.iter().all(|p| !p.error));
    assert_eq!(h.state().undo_len(), 1);

    // A flow from the assistant grade into the new stage.
    h.get_by_label("Assistant · Working").click();
    h.run_steps(2);
    h.get_by_label("Add flow …").click();
    h.run_steps(2);
    h.get_by_label("New stage 1").click();
    h.run_steps(2);
    let assistant = &h.state().doc().scenario.stages[2];
    let j = assistant
        .transitions
        .iter()
        .position(|t| t.to == Target::Stage("custom_1".into()))
        .expect("the flow was added");
    assert_eq!(h.state().undo_len(), 2);

    // Now the new stage is in use: removing it is refused, with the reason.
    h.get_by_label("New stage 1 · Other").click();
    h.run_steps(2);
    h.get_by_label("Remove stage New stage 1").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.stages.len(), n + 1);
    assert_eq!(h.state().undo_len(), 2);
    let path = format!("stages[2].transitions[{j}].to");
    assert!(h.query_by_label_contains(&path).is_some());
    assert!(h.query_by_label_contains("Cannot remove").is_some());

    // Undo the flow; then the stage goes, and the document is the original again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(h.query_by_label_contains("Cannot remove").is_none());
    h.get_by_label("Remove stage New stage 1").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, original);
    assert!(h.state().doc().problems.iter().all(|p| !p.error));
    assert!(h.state().doc().results_current());

    // Undo brings the removed stage back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.stages.len(), n + 1);
    assert_eq!(h.state().doc().scenario.stages[n].id, "custom_1");

    // A stage the recruitment and the training lead into is never removed.
    h.get_by_label("Uncertified · Working").click();
    h.run_steps(2);
    let before = h.state().doc().scenario.clone();
    h.get_by_label("Remove stage Uncertified").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, before);
    assert!(h.query_by_label_contains("stages[0].kind.next").is_some());
}

#[test]
fn removing_any_stage_of_the_default_county_is_refused_or_leaves_it_valid() {
    use talent_planner::model::validate::validate;
    use talent_planner::present::pipeline::{remove_stage, stage_references};
    let sc = io::default_scenario().unwrap();
    let errors = |s: &talent_planner::model::Scenario| {
        validate(s).into_iter().filter(|p| p.is_error()).count()
    };
    assert_eq!(errors(&sc), 0);
    for (i, st) in sc.stages.iter().enumerate() {
        match remove_stage(&sc, i) {
            Ok(s) => {
                assert!(stage_references(&sc, &st.id).is_empty());
                assert_eq!(errors(&s), 0, "removing {} broke the scenario", st.id);
                assert_eq!(s.stages.len(), sc.stages.len() - 1);
            }
            Err(r) => assert!(!r.used_by.is_empty(), "{} refused without a reason", st.id),
        }
    }
}

#[test]
fn export_csv_writes_a_bom_the_headers_and_one_row_per_month() {
    let dir = temp_dir("export-csv");
    let path = dir.join("results.csv");
    let mut a = app(Lang::En);
    a.set_file_dialogs(Box::new(ScriptedDialogs::new([path.clone()])));
    let mut h = harness(a);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Export results CSV…").click();
    h.run_steps(2);
    let p = h.state().doc().results.clone().unwrap();

    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(talent_planner::model::export::UTF8_BOM));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    for h in [
        "month_index",
        "year",
        "month",
        "headcount_total",
        "need_fte",
        "cost_yuan",
    ] {
        assert!(
            headers.iter().any(|x| x == h),
            "missing column {h}: {headers:?}"
        );
    }
    let col = |name: &str| headers.iter().position(|x| x == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        p.months.len(),
        "one row per month (month 0 included)"
    );
    for (row, m) in rows.iter().zip(&p.months) {
        assert_eq!(
            row[col("month_index")].parse::<u32>().unwrap(),
            m.month_index
        );
        assert_eq!(row[col("year")].parse::<i32>().unwrap(), m.year);
        let head: f64 = row[col("headcount_total")].parse().unwrap();
        assert!((head - m.headcount_total).abs() < 1e-5);
        let cost: f64 = row[col("cost_yuan")].parse().unwrap();
        assert!((cost - m.cost_yuan).abs() < 1e-5);
    }
    assert!(
        h.query_by_label_contains("Exported").is_some(),
        "the status bar confirms the export"
    );
}

#[test]
fn export_xlsx_reads_back_with_the_same_numbers_in_both_languages() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use talent_planner::present::views::{township_rows, years};
    for (lang, county_sheet, townships_sheet, year_header) in [
        (Lang::En, "Whole county", "Townships", "Year"),
        (Lang::Zh, "全县", "乡镇", "年"),
    ] {
        let dir = temp_dir(&format!("export-xlsx-{lang:?}"));
        let path = dir.join("results.xlsx");
        let mut a = app(lang);
        a.set_file_dialogs(Box::new(ScriptedDialogs::new([path.clone()])));
        a.apply(Command::ExportXlsx, 0.0);
        let p = a.doc().results.clone().unwrap();
        let sc = a.doc().scenario.clone();

        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), vec![county_sheet, townships_sheet]);
        let num = |d: &Data| match d {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("not a number: {other:?}"),
        };
        let county = wb.worksheet_range(county_sheet).unwrap();
        let rows: Vec<&[Data]> = county.rows().collect();
        assert_eq!(rows[0][0], Data::String(year_header.into()));
        let ys = years(&p);
        assert_eq!(rows.len(), ys.len() + 1);
        for (row, year) in rows[1..].iter().zip(&ys) {
            let m = p.at_year_end(*year).unwrap();
            assert_eq!(num(&row[0]), f64::from(*year));
            assert!((num(&row[1]) - m.headcount_total).abs() < 1e-9);
            assert!((num(&row[3]) - m.certified_share).abs() < 1e-9);
            assert!((num(&row[4]) - m.need_fte).abs() < 1e-9);
            assert_eq!(num(&row[6]), f64::from(m.stations_at_norm));
            let cost: f64 = p
                .months
                .iter()
                .filter(|x| x.year == *year && x.month_index > 0)
                .map(|x| x.cost_yuan)
                .sum();
            assert!((num(&row[8]) - cost).abs() < 1e-6);
        }

        let tw = wb.worksheet_range(townships_sheet).unwrap();
        let rows: Vec<&[Data]> = tw.rows().skip(1).collect();
        let expected: Vec<(i32, _)> = ys
            .iter()
            .flat_map(|y| township_rows(&sc, &p, *y).into_iter().map(move |r| (*y, r)))
            .collect();
        assert_eq!(rows.len(), expected.len());
        for (row, (year, t)) in rows.iter().zip(&expected) {
            assert_eq!(num(&row[0]), f64::from(*year));
            assert_eq!(row[1], Data::String(t.name.clone()));
            assert!((num(&row[2]) - t.headcount).abs() < 1e-9);
            assert!((num(&row[6]) - t.gap_fte).abs() < 1e-9);
            assert!((num(&row[9]) - t.cost_year_yuan).abs() < 1e-6);
        }
    }
}

/// The scenario cut to its first `years` years, with only the goals dated within them.
fn cut(
    mut sc: talent_planner::model::scenario::Scenario,
    years: u32,
) -> talent_planner::model::scenario::Scenario {
    sc.horizon_years = years;
    let last = sc.start_year + i32::try_from(years).unwrap() - 1;
    sc.targets.goals.retain(|g| g.year <= last);
    sc
}

/// A scenario big enough to be opened and projected in the background
/// (more than 150 townships, a file over 1 MB), kept short so tests stay quick.
fn big_file(dir: &std::path::Path) -> PathBuf {
    let sc = cut(
        talent_planner::model::generate::synthetic(800, 5, 7).unwrap(),
        1,
    );
    let path = dir.join("big.ron");
    io::save(&sc, &path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 1 << 20);
    path
}

fn wait_for_background(h: &mut Harness<'static, TalentApp>) {
    let t0 = std::time::Instant::now();
    while h.state().background_busy() {
        assert!(
            t0.elapsed().as_secs() < 300,
            "background work never finished"
        );
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_steps(2);
}

#[test]
fn a_big_file_opens_and_projects_in_the_background_and_edits_reproject_there() {
    use talent_planner::present::document::check_and_project;
    let dir = temp_dir("big");
    let big = big_file(&dir);
    let mut h = harness(app(Lang::En));
    let small = h.state().doc().scenario.clone();

    h.state_mut().apply(Command::OpenPath(big.clone()), 0.0);
    // The open document stays in place while the big one is read.
    assert!(h.state().background_busy());
    assert_eq!(h.state().doc().scenario, small);
    assert!(h.state().background_view(0.0).unwrap().loading);
    wait_for_background(&mut h);

    let doc = &h.state().doc();
    assert_eq!(doc.path.as_deref(), Some(big.as_path()));
    assert_eq!(doc.scenario.county.townships.len(), 801);
    assert!(doc.results_current());
    // The background projection gives the same numbers as the direct one.
    let (problems, direct) = check_and_project(&doc.scenario);
    assert_eq!(doc.problems, problems);
    assert_eq!(doc.results.as_deref(), direct.as_ref());
    assert!(
        h.query_by_label_contains("Stations at norm, end of")
            .is_some()
    );

    // An edit marks the results out of date at once and reprojects after a pause.
    let mut sc = h.state().doc().scenario.clone();
    sc.levers.recruitment_multiplier = 2.0;
    let now = h.ctx.input(|i| i.time);
    h.state_mut().apply(
        Command::Edit {
            field: "levers.recruitment_multiplier".into(),
            scenario: Box::new(sc.clone()),
        },
        now,
    );
    assert!(!h.state().doc().results_current());
    assert!(h.state().background_busy());
    wait_for_background(&mut h);
    assert!(h.state().doc().results_current());
    let (_, direct) = check_and_project(&sc);
    assert_eq!(h.state().doc().results.as_deref(), direct.as_ref());
}

#[test]
fn cancelling_the_open_of_a_big_file_keeps_the_document() {
    let dir = temp_dir("big-cancel");
    let big = big_file(&dir);
    let mut h = harness(app(Lang::En));
    let before = h.state().doc().scenario.clone();
    let results = h.state().doc().results.clone().unwrap();
    h.state_mut().apply(Command::OpenPath(big), 0.0);
    h.state_mut().apply(Command::CancelBackground, 0.0);
    assert!(!h.state().background_busy());
    // Whatever the cancelled thread still sends is ignored.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    h.run_steps(3);
    assert_eq!(h.state().doc().scenario, before);
    assert_eq!(h.state().doc().path.as_deref(), Some(fixture().as_path()));
    assert!(std::sync::Arc::ptr_eq(
        &results,
        h.state().doc().results.as_ref().unwrap()
    ));
    assert!(
        h.query_by_label_contains("Background work stopped")
            .is_some()
    );
}

#[test]
fn the_background_projection_gives_the_same_numbers_and_stops_when_cancelled() {
    use std::sync::Arc;
    use talent_planner::app::background::{Phase, check_and_project};
    use talent_planner::app::job::Progress;
    let sc = io::default_scenario().unwrap();
    let progress = Progress::default();
    let done = check_and_project(&sc, &progress).unwrap();
    // Progress counts months: the finished run shows the whole bar.
    assert_eq!(progress.fraction(), Some(1.0));
    assert_eq!(
        done.projection,
        talent_planner::present::document::check_and_project(&sc).1
    );
    // Cancelled before it starts: nothing is projected.
    let cancelled = Progress::default();
    cancelled.cancel();
    assert!(check_and_project(&sc, &cancelled).is_none());

    // Cancelled while projecting: the run stops and returns nothing.
    let mut big = talent_planner::model::generate::synthetic(800, 5, 3).unwrap();
    big.horizon_years = 5;
    let progress = Arc::new(Progress::default());
    let watcher = {
        let progress = Arc::clone(&progress);
        std::thread::spawn(move || {
            while !(Phase::of(&progress) == Phase::Projecting && progress.fraction().is_some()) {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            progress.cancel();
        })
    };
    // The progress scale (months) is known from the start of the projection,
    // so the watcher cancels before the run ends; it stops at the next month.
    assert!(check_and_project(&big, &progress).is_none());
    watcher.join().unwrap();
    assert!(progress.fraction().is_some_and(|f| f < 1.0));
}

#[test]
fn start_up_overrides_choose_language_and_tab() {
    use talent_planner::app::{ENV_LANG, ENV_TAB, apply_start_overrides};
    let mut prefs = Preferences::default();
    apply_start_overrides(&mut prefs, |k| match k {
        k if k == ENV_LANG => Some("en".into()),
        k if k == ENV_TAB => Some("pipeline".into()),
        _ => None,
    });
    assert_eq!(prefs.language, Lang::En);
    assert_eq!(prefs.tab, Tab::Pipeline);
    let before = prefs.clone();
    apply_start_overrides(&mut prefs, |_| Some("nonsense".into()));
    assert_eq!(prefs, before);
}

#[test]
fn the_tree_opens_a_township_and_search_finds_a_village() {
    use talent_planner::present::document::Selection;
    let mut h = harness(app(Lang::En));
    assert!(
        h.query_by_label("东一村").is_none(),
        "townships start closed"
    );
    // The search box finds villages and opens their township.
    let search = h.get_by_role(egui::accesskit::Role::TextInput);
    search.focus();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("西二");
    h.run_steps(2);
    assert!(h.query_by_label("东乡").is_none());
    assert!(h.query_by_label("西一村").is_none());
    h.get_by_label("西二村").click();
    h.run_steps(2);
    assert_eq!(h.state().selection, Selection::Village("west".into(), 1));
    assert_eq!(h.state().selection.township(), Some("west"));
}

#[test]
fn on_a_big_document_a_slider_drag_is_applied_once_when_it_ends() {
    let sc = cut(
        talent_planner::model::generate::synthetic(800, 5, 7).unwrap(),
        1,
    );
    let before = sc.levers.recruitment_multiplier;
    let mut h = harness(unsaved(sc, Lang::En));
    h.get_by_label("Levers").click();
    h.run_steps(2);
    let rect = slider(&h, "Recruitment multiplier").rect();
    let start = egui::pos2(rect.left() + 4.0, rect.center().y);
    h.hover_at(start);
    h.drag_at(start);
    h.run_steps(2);
    // Across the rail (it spans the plausible range, half to twice the plan).
    let end = egui::pos2(rect.right() - 4.0, rect.center().y);
    for f in [0.25, 0.5, 0.75, 1.0] {
        h.hover_at(start.lerp(end, f));
        h.run_steps(1);
    }
    // While the drag lasts the document is not touched (each edit would copy it).
    assert_eq!(
        h.state().doc().scenario.levers.recruitment_multiplier,
        before
    );
    assert_eq!(h.state().undo_len(), 0);
    h.drop_at(end);
    h.run_steps(2);
    let after = h.state().doc().scenario.levers.recruitment_multiplier;
    assert!(after > before, "{after} > {before}");
    assert_eq!(h.state().undo_len(), 1, "one drag, one undo step");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(
        h.state().doc().scenario.levers.recruitment_multiplier,
        before
    );
}

#[test]
fn a_big_document_is_saved_on_a_thread_and_then_clean() {
    let dir = temp_dir("bigsave");
    let path = dir.join("big.ron");
    let sc = cut(
        talent_planner::model::generate::synthetic(200, 2, 4).unwrap(),
        1,
    );
    let mut h = harness(TalentApp::new_headless(sc, None, Preferences::default()));
    h.run_steps(1);
    h.state_mut().doc_mut().dirty = true;
    h.state_mut().apply(Command::SaveTo(path.clone()), 1.0);
    // The frame that asked for the save did not write the file itself.
    assert!(h.state().doc().dirty);
    let mut waited = 0;
    while h.state().doc().dirty && waited < 500 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
        waited += 1;
    }
    assert!(!h.state().doc().dirty, "the save never reported");
    assert_eq!(h.state().doc().path.as_ref(), Some(&path));
    assert_eq!(io::load(&path).unwrap(), h.state().doc().scenario);
}

/// A scenario bigger than a county keeps its township rows at year ends; its
/// townships table (and so the Excel sheet) is the same as from monthly rows.
#[test]
fn a_big_scenarios_townships_table_is_the_same_from_year_end_rows() {
    use talent_planner::model::{Model, RunOptions, generate};
    use talent_planner::present::document::{BACKGROUND_TOWNSHIPS, run_options};
    use talent_planner::present::views::{township_rows, years};
    let sc = generate::synthetic(BACKGROUND_TOWNSHIPS + 10, 2, 3).unwrap();
    let opts = run_options(sc.county.townships.len());
    assert!(opts.township_detail && opts.township_year_ends);
    assert!(!run_options(17).township_year_ends);
    let m = Model::compile(&sc).unwrap();
    let monthly = m.project(RunOptions {
        township_year_ends: false,
        ..opts
    });
    let yearly = m.project(opts);
    assert!(yearly.townships.len() * 10 < monthly.townships.len());
    let ys = years(&monthly);
    assert_eq!(ys.len(), 10);
    for y in ys {
        let table = township_rows(&sc, &yearly, y);
        assert_eq!(table.len(), sc.county.townships.len());
        assert_eq!(table, township_rows(&sc, &monthly, y), "year {y}");
    }
}

#[test]
fn a_township_of_a_big_scenario_shows_its_yearly_charts_and_says_so() {
    use talent_planner::present::document::Selection;
    let sc = cut(
        talent_planner::model::generate::synthetic(160, 2, 3).unwrap(),
        3,
    );
    let name = sc.county.townships[1].name.clone();
    let id = sc.county.townships[1].id.clone();
    let mut h = harness(unsaved(sc, Lang::En));
    wait_for_background(&mut h);
    assert!(h.state().doc().results_current());
    let note = "township results are kept at year ends";
    assert!(
        h.query_by_label_contains(note).is_none(),
        "not for the county"
    );
    h.get_by_label(&name).click();
    h.run_steps(3);
    assert_eq!(h.state().selection, Selection::Township(id.clone()));
    assert!(h.query_by_label_contains(note).is_some());
    // The township's rows: the start and three year ends.
    let p = h.state().doc().results.clone().unwrap();
    assert_eq!(p.township_rows(&id).len(), 4);
}

#[test]
fn levers_name_cohorts_and_funding_sources_in_the_interface_language() {
    for (lang, tab, cohort, source) in [
        (
            Lang::En,
            "Levers",
            "Local talent training class · trainees per intake",
            "Central government · funding per year",
        ),
        (
            Lang::Zh,
            "政策杠杆",
            "本土人才培养班 · 每期人数",
            "中央财政 · 年度经费",
        ),
    ] {
        let sc = io::default_scenario().unwrap();
        let mut h = harness(unsaved(sc, lang));
        h.get_by_label(tab).click();
        h.run_steps(3);
        // Each is found once, as a slider (`get` panics otherwise).
        for label in [cohort, source] {
            assert!(slider(&h, label).accesskit_node().numeric_value().is_some());
        }
    }
}

#[test]
fn a_variant_has_its_own_history_and_undo_in_one_plan_does_not_touch_the_other() {
    let mut h = harness(app(Lang::En));
    let base = h.state().current_plan();
    let original = h.state().doc().scenario.clone();
    h.get_by_label("Levers").click();
    h.run_steps(2);
    slider(&h, "Administrative share of working time").set_value_accesskit(0.45);
    h.run_steps(2);
    assert_eq!(h.state().undo_len(), 1);

    // Save as variant: a second plan is shown, a copy of the first, with
    // no file, unsaved, and a history of its own.
    h.get_by_label("Save as variant").click();
    h.run_steps(2);
    let plans = h.state().plans();
    assert_eq!(plans.len(), 2);
    assert!(plans[0].base && plans[0].id == base && !plans[0].current);
    assert!(plans[1].current && plans[1].dirty && !plans[1].base);
    assert_ne!(h.state().current_plan(), base);
    assert_eq!(h.state().doc().scenario.levers.admin_share, 0.45);
    assert_eq!(h.state().doc().path, None);
    assert_eq!(h.state().undo_len(), 0);
    assert!(h.state().doc().results_current());

    // An edit in the variant; undo and redo there touch only it.
    slider(&h, "Recruitment multiplier").set_value_accesskit(3.0);
    h.run_steps(2);
    assert_eq!(h.state().undo_len(), 1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 1.0);
    assert_eq!(h.state().doc().scenario.levers.admin_share, 0.45);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 3.0);

    // Switch to the base in the plan list: its own scenario and history.
    h.get_by_label_contains("(base)").click();
    h.run_steps(2);
    assert_eq!(h.state().current_plan(), base);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 1.0);
    assert_eq!(h.state().doc().scenario.levers.admin_share, 0.45);
    assert_eq!(h.state().undo_len(), 1);
    assert!(h.query_by_label_contains("Variant 1").is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario, original);

    // The variant kept its edits.
    h.get_by_label_contains("Variant 1").click();
    h.run_steps(2);
    assert_eq!(h.state().doc().scenario.levers.admin_share, 0.45);
    assert_eq!(h.state().doc().scenario.levers.recruitment_multiplier, 3.0);
    assert_eq!(h.state().undo_len(), 1);
}

#[test]
fn a_file_opens_beside_the_others_and_unsaved_plans_are_asked_about() {
    let dir = temp_dir("beside");
    let other_path = dir.join("other.ron");
    let other = io::default_scenario().unwrap();
    io::save(&other, &other_path).unwrap();
    let mut a = app(Lang::En);
    a.set_file_dialogs(Box::new(ScriptedDialogs::new([other_path.clone()])));
    let mut h = harness(a);
    let base = h.state().current_plan();

    h.get_by_label("Open plan beside…").click();
    h.run_steps(2);
    let plans = h.state().plans();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0].id, base);
    assert_eq!(plans[1].label, "other.ron");
    assert!(plans[1].current && !plans[1].dirty);
    assert_eq!(h.state().doc().scenario, other);
    assert_eq!(h.state().doc().path.as_deref(), Some(other_path.as_path()));
    let opened = h.state().current_plan();

    // Quitting with an unsaved plan that is not shown: it is shown and asked about.
    make_dirty(&mut h, 0.3);
    h.state_mut().apply(Command::SwitchPlan(base), 1.0);
    h.run_steps(2);
    assert_eq!(h.state().current_plan(), base);
    h.state_mut().apply(Command::Quit, 2.0);
    h.run_steps(2);
    assert_eq!(h.state().current_plan(), opened);
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().close_allowed());

    // Closing it asks too; "Don't save" closes it and shows the base.
    h.state_mut().apply(Command::ClosePlan(opened), 3.0);
    h.run_steps(2);
    h.get_by_label("Don't save").click();
    h.run_steps(2);
    let plans = h.state().plans();
    assert_eq!(plans.len(), 1);
    assert_eq!(h.state().current_plan(), base);
    assert_eq!(h.state().doc().path.as_deref(), Some(fixture().as_path()));
    // The last plan stays open, unsaved changes and all, and nothing is asked.
    make_dirty(&mut h, 0.25);
    h.state_mut().apply(Command::ClosePlan(base), 4.0);
    h.run_steps(2);
    assert_eq!(h.state().plans().len(), 1);
    assert!(!h.state().dialog_open());
    assert!(h.state().doc().dirty);
}

/// The default county with the local cohort of `size` trainees a year,
/// on the levers tab.
fn default_county(lang: Lang) -> Harness<'static, TalentApp> {
    let sc = io::default_scenario().unwrap();
    let mut h = harness(unsaved(sc, lang));
    h.state_mut().apply(Command::SetTab(Tab::Levers), 0.0);
    h.run_steps(3);
    h
}

#[test]
fn the_headline_shows_the_median_and_its_band_once_monte_carlo_has_run() {
    let mut h = default_county(Lang::En);
    // Before: the expected-value path, and no chance for any goal.
    assert!(h.query_by_label("Monte Carlo has not run yet").is_some());
    assert!(h.query_by_label("Monte Carlo median (90 % band)").is_none());
    let stations = figure(&h, "stations_at_norm");
    assert!(stations.band.is_none());
    assert!(h.query_by_label(&stations.expected).is_some());
    h.get_by_label("Run Monte Carlo").click();
    h.run_steps(1);
    let ctx = h.ctx.clone();
    h.state_mut().finish_monte_carlo(&ctx);
    h.run_steps(3);
    assert!(h.query_by_label("Monte Carlo median (90 % band)").is_some());
    let k = key(&h);
    assert_eq!(k.year, 2030, "the headline says which year");
    let stations = figure(&h, "stations_at_norm");
    let (median, band) = (
        stations.median.clone().unwrap(),
        stations.band.clone().unwrap(),
    );
    // Whole stations: "9 / 17", band "6 – 12".
    let whole = |t: &str| t.split(" / ").next().unwrap().parse::<u32>().is_ok();
    assert!(whole(&median), "{median}");
    assert!(
        band.split(" – ").all(|p| p.parse::<u32>().is_ok()),
        "{band}"
    );
    assert!(h.query_by_label(&median).is_some());
    assert!(h.query_by_label(&format!("({band})")).is_some());
    // The expected-value path gives 0 of 17 (every station a fraction short
    // of its norm): the headline quotes the median and says why.
    assert!(stations.divergent, "{stations:?}");
    assert!(
        h.query_by_label(&format!("{} †", stations.expected))
            .is_some()
    );
    assert!(h.query_by_label_contains("act on whole people").is_some());
    // Each dated goal with its chance.
    let goals = h.state().doc().scenario.targets.goals.len();
    assert_eq!(k.goals.len(), goals);
    for g in &k.goals {
        assert!(g.probability.is_some(), "{}", g.id);
        assert!(h.query_by_label(&g.text(Lang::En)).is_some(), "{}", g.id);
    }
    assert!(h.query_all_by_label_contains(": chance ").count() >= goals);
}

#[test]
fn a_lever_row_from_the_catalog_sets_its_value_and_ctrl_z_reverts_it() {
    let mut h = default_county(Lang::En);
    // A row the catalog makes from the scenario's stages.
    slider(&h, "Exam preparation · length").set_value_accesskit(3.0);
    h.run_steps(2);
    let months = |h: &Harness<'_, TalentApp>| {
        let sc = &h.state().doc().scenario;
        talent_planner::model::catalog::Catalog::of(sc)
            .get("stages.phase_exam_prep.duration_months")
            .unwrap()
            .get(sc)
            .unwrap()
    };
    assert_eq!(months(&h), 3.0);
    assert_eq!(h.state().undo_len(), 1);
    // Typed past the slider's plausible range (0–30) but inside the valid range.
    slider(&h, "Local talent training class · trainees per intake").set_value_accesskit(40.0);
    h.run_steps(2);
    let size = |h: &Harness<'_, TalentApp>| match &h.state().doc().scenario.recruitment[1] {
        talent_planner::model::scenario::Recruitment::Cohort { size, .. } => *size,
        _ => panic!("the default county's second policy is its cohort"),
    };
    assert_eq!(size(&h), 40.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(size(&h), 5.0);
    assert_eq!(months(&h), 3.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(months(&h), 2.0);
    assert_eq!(h.state().undo_len(), 0);
    // A switch is a row too.
    h.get_by_label("Promotion ladder").click();
    h.run_steps(2);
    assert!(h.state().doc().scenario.levers.promotion_ladder);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(!h.state().doc().scenario.levers.promotion_ladder);
}

#[test]
fn the_cohort_slider_moves_a_few_people_per_drag_not_hundreds() {
    let mut h = default_county(Lang::En);
    let label = "Local talent training class · trainees per intake";
    // The planner types 40, then drags the slider 70 points to the left.
    slider(&h, label).set_value_accesskit(40.0);
    h.run_steps(2);
    let rect = slider(&h, label).rect();
    let size = |h: &Harness<'_, TalentApp>| match &h.state().doc().scenario.recruitment[1] {
        talent_planner::model::scenario::Recruitment::Cohort { size, .. } => *size,
        _ => panic!("the default county's second policy is its cohort"),
    };
    // The handle sits at the right end (40 is the slider's top).
    let start = egui::pos2(rect.right() - 4.0, rect.center().y);
    h.hover_at(start);
    h.run_steps(1);
    h.drag_at(start);
    h.run_steps(1);
    let pressed = size(&h);
    for dx in [10.0, 30.0, 50.0, 70.0] {
        h.hover_at(start - egui::vec2(dx, 0.0));
        h.run_steps(1);
    }
    h.drop_at(start - egui::vec2(70.0, 0.0));
    h.run_steps(2);
    let dragged = size(&h);
    // 70 points move the cohort by about 70 / width × 40 people: a few dozen
    // at most (the old slider, 0–1000 wide, went from 40 to 860).
    assert!(dragged < pressed, "{pressed} → {dragged}");
    assert!(pressed - dragged <= 20.0, "{pressed} → {dragged}");
    assert!((0.0..=40.0).contains(&dragged));
    assert_eq!(dragged.fract(), 0.0, "whole people: {dragged}");
    // The drag is one undo step on top of the typed value.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(size(&h), 40.0);
}

#[test]
fn a_forty_person_cohort_shows_what_binds_in_plain_words_and_on_the_charts() {
    let mut sc = io::default_scenario().unwrap();
    let catalog = talent_planner::model::catalog::Catalog::of(&sc);
    catalog
        .get("recruitment.本土人才培养班.size")
        .unwrap()
        .set(&mut sc, 40.0)
        .unwrap();
    let mut h = harness(unsaved(sc.clone(), Lang::Zh));
    h.run_steps(2);
    // On the dashboard, in Chinese: the cohort the funding cap cancelled.
    let k = key(&h);
    let cohort = k
        .binding
        .iter()
        .find(|l| l.starts_with("本土人才培养班："))
        .unwrap_or_else(|| panic!("{:?}", k.binding));
    assert!(cohort.contains("经费用完而取消"), "{cohort}");
    assert!(h.query_by_label(&format!("• {cohort}")).is_some());
    assert!(h.query_all_by_label_contains("停止招聘").next().is_some());
    // Marked on the charts: the months hiring stopped and the intakes cut.
    let p = h.state().doc().results.clone().unwrap();
    let d = talent_planner::present::views::dashboard(
        &sc,
        &p,
        &talent_planner::present::document::Selection::County,
        Lang::Zh,
        None,
    );
    use talent_planner::present::views::MarkKind;
    let by_track = d.charts.iter().find(|c| c.id == "by_track").unwrap();
    assert!(by_track.marks.iter().any(|m| m.kind == MarkKind::IntakeCut));
    assert!(
        by_track
            .marks
            .iter()
            .any(|m| m.kind == MarkKind::HiringStopped)
    );
    // Beside the levers too.
    h.get_by_label("政策杠杆").click();
    h.run_steps(2);
    assert!(h.query_by_label(&format!("• {cohort}")).is_some());
}

#[test]
fn a_file_whose_funding_falls_short_by_construction_says_so() {
    let mut sc = io::default_scenario().unwrap();
    sc.description = "Its funding falls short of its own plan by construction.".into();
    let mut h = harness(unsaved(sc.clone(), Lang::En));
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("falls short of its own plan by construction")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Spending exceeds the year's funding")
            .is_some()
    );
    // A county that says nothing of the kind gets the finding without the note.
    sc.description.clear();
    let mut h = harness(unsaved(sc, Lang::En));
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("falls short of its own plan by construction")
            .is_none()
    );
}

#[test]
fn a_jump_shows_the_row_whatever_the_filter() {
    let mut h = default_county(Lang::En);
    h.get_by_label("Policies").click();
    h.run_steps(2);
    let shown = |h: &Harness<'_, TalentApp>| {
        h.query_all_by_label("Pay elasticity of exits")
            .next()
            .is_some()
    };
    // An assumption is hidden by the filter …
    assert!(!shown(&h));
    // … until a jump (from a problem, or a bar of the sensitivity chart) asks for it,
    // by catalog id or by field path.
    h.state_mut()
        .apply(Command::JumpTo("retention.pay_elasticity".into()), 0.0);
    h.run_steps(3);
    assert!(shown(&h));
    h.get_by_label("Policies").click();
    h.run_steps(2);
    assert!(!shown(&h));
    h.state_mut().apply(
        Command::JumpTo("stages[3].kind.pay_yuan_per_month".into()),
        0.0,
    );
    h.run_steps(3);
    assert_eq!(
        h.state().tab(),
        Tab::Levers,
        "a catalog path opens the levers"
    );
}

/// The bands say which kinds of uncertainty they include, and one switch
/// reruns them with process noise alone (the default county states
/// uncertain assumptions).
#[test]
fn the_bands_name_their_uncertainty_and_can_show_process_noise_alone() {
    for (lang, run, all, process, switch) in [
        (
            Lang::En,
            "Run Monte Carlo",
            "uncertain assumptions",
            "bands of process noise alone",
            "Process noise only",
        ),
        (
            Lang::Zh,
            "运行蒙特卡洛",
            "项假设的不确定性",
            "区间只含过程随机性",
            "只看过程随机性",
        ),
    ] {
        let sc = io::default_scenario().unwrap();
        let drawn = sc.uncertainty.assumptions.len();
        let mut h = harness(TalentApp::new_headless(sc, None, prefs(lang)));
        h.get_by_label(run).click();
        h.run_steps(1);
        let ctx = h.ctx.clone();
        h.state_mut().finish_monte_carlo(&ctx);
        h.run_steps(2);
        assert_eq!(
            h.state().mc().summary.as_ref().unwrap().assumptions_drawn,
            drawn
        );
        assert!(h.query_all_by_label_contains(all).count() > 0, "{lang:?}");

        h.get_by_label(switch).click();
        h.run_steps(1);
        assert!(h.state().mc().process_only);
        h.state_mut().finish_monte_carlo(&ctx);
        h.run_steps(2);
        let summary = h.state().mc().summary.clone().unwrap();
        assert_eq!(summary.assumptions_drawn, 0);
        assert!(!h.state().mc().stale);
        assert!(
            h.query_all_by_label_contains(process).count() > 0,
            "{lang:?}"
        );
    }
}

/// The native dialogs run on their own thread: while Save As is open the
/// window keeps drawing and answering, and when it closes the save and what
/// waited for it (here New, from the unsaved prompt) happen; a cancelled
/// one leaves the document as it was.
#[test]
fn the_window_keeps_working_while_a_file_dialog_is_open() {
    use talent_planner::app::file_dialogs::{NativeDialogs, Request};
    let dir = temp_dir("async-dialog");
    let target = dir.join("async.ron");
    for answer in [Some(target.clone()), None] {
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let wait = std::sync::Mutex::new(wait);
        let given = answer.clone();
        let mut a = unsaved(io::load(&fixture()).unwrap(), Lang::En);
        a.set_file_dialogs(Box::new(NativeDialogs::with_picker(move |r| {
            assert!(matches!(r, Request::Save { .. }));
            let _ = wait.lock().unwrap().recv();
            given.clone()
        })));
        let mut h = harness(a);
        let edited = make_dirty(&mut h, 0.45);
        h.state_mut().apply(Command::New, 1.0);
        h.run_steps(2);
        h.get_by_label("Save").click();
        h.run_steps(3);
        // The dialog is open: nothing saved yet, and the window still
        // draws and answers clicks.
        assert!(!target.exists() || answer.is_none());
        h.get_by_label("Levers").click();
        h.run_steps(2);
        assert!(h.query_all_by_label("Pay multiplier").count() > 0);
        assert_eq!(h.state().doc().scenario, edited);
        go.send(()).unwrap();
        for _ in 0..200 {
            h.run_steps(1);
            if h.state().doc().scenario != edited {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        h.run_steps(3);
        match answer {
            Some(_) => {
                assert_eq!(io::load(&target).unwrap(), edited);
                assert_eq!(h.state().doc().scenario, io::default_scenario().unwrap());
            }
            None => {
                assert_eq!(h.state().doc().scenario, edited);
                assert!(h.state().doc().dirty);
            }
        }
    }
}
