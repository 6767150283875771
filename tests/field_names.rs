//! Problems name their field by its label in the reader's language, with
//! the path as the detail: a lever out of range, and the file reader's
//! unknown and missing fields.
#![allow(clippy::unwrap_used)]

use talent_planner::model::io::{self, DEFAULT_COUNTY_RON};
use talent_planner::model::validate::{check_text, validate};

#[test]
fn a_lever_out_of_range_is_named_once_by_its_label_in_both_languages() {
    let mut sc = io::default_scenario().unwrap();
    sc.levers.pay_multiplier = -3.0;
    let problems = validate(&sc);
    let p = problems
        .iter()
        .find(|p| p.path == "levers.pay_multiplier")
        .unwrap();
    assert_eq!(p.field(true), "薪酬倍数 (levers.pay_multiplier)");
    assert_eq!(p.field(false), "Pay multiplier (levers.pay_multiplier)");
    for chinese in [true, false] {
        let m = p.message(chinese);
        assert!(!m.contains("levers.pay_multiplier"), "{m}");
        assert!(m.contains("-3"), "{m}");
    }
    assert!(p.message(true).starts_with("必须"), "{}", p.message(true));
    assert!(
        p.message(false).starts_with("must be"),
        "{}",
        p.message(false)
    );
}

#[test]
fn an_unknown_field_lists_the_fields_by_label_in_both_languages() {
    let text = DEFAULT_COUNTY_RON.replacen("pay_multiplier: 1.0", "pay_multiplierx: 1.0", 1);
    assert_ne!(text, DEFAULT_COUNTY_RON);
    let (sc, problems) = check_text(&text);
    assert!(sc.is_none());
    let p = &problems[0];
    assert!(
        p.message_zh.contains("`pay_multiplierx`"),
        "{}",
        p.message_zh
    );
    assert!(
        p.message_zh.contains("薪酬倍数 (`pay_multiplier`)"),
        "{}",
        p.message_zh
    );
    assert!(
        p.message_en.contains("Pay multiplier (`pay_multiplier`)"),
        "{}",
        p.message_en
    );
    assert!(!p.message_en.contains("薪酬倍数"), "{}", p.message_en);
    // Opening it says the same, with the line and column.
    let e = io::from_ron_str(&text).unwrap_err();
    assert!(
        e.text(true).contains("薪酬倍数 (`pay_multiplier`)"),
        "{}",
        e.text(true)
    );
    assert!(e.text(false).contains("Pay multiplier (`pay_multiplier`)"));
}

#[test]
fn a_missing_field_is_named_by_its_label() {
    let text = DEFAULT_COUNTY_RON.replacen("local_average_wage_yuan_per_month: 6500.0,", "", 1);
    assert_ne!(text, DEFAULT_COUNTY_RON);
    let (_, problems) = check_text(&text);
    let p = &problems[0];
    assert!(
        p.message_zh
            .contains("缺少字段 当地平均工资 (`local_average_wage_yuan_per_month`)"),
        "{}",
        p.message_zh
    );
    assert!(
        p.message_en
            .contains("missing field Local average wage (`local_average_wage_yuan_per_month`)"),
        "{}",
        p.message_en
    );
}

#[cfg(feature = "gui")]
mod status_bar {
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};
    use talent_planner::app::{Preferences, TalentApp, install_fonts};
    use talent_planner::model::io;
    use talent_planner::present::i18n::Lang;

    /// Every label and value on screen.
    fn texts(h: &Harness<'_, TalentApp>) -> Vec<String> {
        h.query_all(egui_kittest::kittest::by())
            .filter_map(|n| {
                let n = n.accesskit_node();
                n.label().or_else(|| n.value())
            })
            .collect()
    }

    #[test]
    fn the_problem_list_names_the_lever_by_its_label_in_each_language() {
        for (lang, errors, line) in [
            (
                Lang::Zh,
                "错误 1",
                "薪酬倍数：必须在 0.1 到 5 之间（当前为 -3）",
            ),
            (
                Lang::En,
                "Errors 1",
                "Pay multiplier: must be between 0.1 and 5 (found -3)",
            ),
        ] {
            let mut sc = io::default_scenario().unwrap();
            sc.levers.pay_multiplier = -3.0;
            let prefs = Preferences {
                language: lang,
                ..Preferences::default()
            };
            let mut h = Harness::builder()
                .with_size([1366.0, 768.0])
                .with_theme(egui::Theme::Light)
                .with_context_setup(install_fonts)
                .build_ui_state(
                    |ui, app: &mut TalentApp| app.show(ui),
                    TalentApp::new_headless(sc, None, prefs),
                );
            h.run_steps(3);
            h.get_by_label_contains(errors).click();
            h.run_steps(3);
            let shown = texts(&h);
            assert!(shown.iter().any(|t| t == line), "{lang:?}: {shown:?}");
            // The path is the detail (on hover), never repeated in the line.
            assert!(
                !shown.iter().any(|t| t.contains("levers.pay_multiplier")),
                "{lang:?}: {shown:?}"
            );
        }
    }
}
