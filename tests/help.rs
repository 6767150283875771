//! The Help menu: the user guide in both languages names every menu, menu
//! item and tab the app has (labels read from the glossary), and the guide
//! and the model specification open as formatted text in a window below
//! the menu bar, inside the screen.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use talent_planner::app::help::{GUIDE_EN, GUIDE_ZH, HelpDoc};
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
use talent_planner::present::i18n::{Lang, glossary};

/// Glossary keys of the menus, their items, the tabs and the trainer's views.
fn menu_and_tab_keys() -> Vec<&'static str> {
    let keys: Vec<&str> = glossary()
        .map(|t| t.key)
        .filter(|k| k.starts_with("menu.") || k.starts_with("tab."))
        // The placeholder of an empty recent list is not a menu item.
        .filter(|k| *k != "menu.no_recent")
        .chain(["plans.open_beside", "plans.save_as_variant"])
        // The trainer's views.
        .chain([
            "trainer.view_table",
            "trainer.view_progress",
            "exam.plan",
            "year.view",
        ])
        .collect();
    assert!(keys.len() > 25, "{keys:?}");
    keys
}

#[test]
fn the_guide_names_every_menu_item_and_tab_in_both_languages() {
    for (lang, guide) in [(Lang::Zh, GUIDE_ZH), (Lang::En, GUIDE_EN)] {
        // As rendered: a line break inside a paragraph is a space.
        let guide = guide.split_whitespace().collect::<Vec<_>>().join(" ");
        let missing: Vec<(&str, &str)> = menu_and_tab_keys()
            .into_iter()
            .map(|k| (k, lang.t(k)))
            .filter(|(_, label)| !guide.contains(label))
            .collect();
        assert!(missing.is_empty(), "{lang:?} guide lacks {missing:?}");
    }
}

#[test]
fn no_markdown_mark_is_left_as_text_in_either_guide() {
    use pulldown_cmark::{Event, Parser};
    for guide in [GUIDE_ZH, GUIDE_EN] {
        // The text of each block as drawn (the parser may cut it in pieces).
        let mut blocks = vec![String::new()];
        for e in Parser::new(guide) {
            match e {
                Event::Text(t) => blocks.last_mut().unwrap().push_str(&t),
                Event::End(_) => blocks.push(String::new()),
                _ => {}
            }
        }
        let left: Vec<&String> = blocks.iter().filter(|t| t.contains("**")).collect();
        assert!(left.is_empty(), "{left:?}");
        assert!(blocks.len() > 30);
    }
}

#[test]
fn the_chinese_guide_is_chinese_and_the_english_guide_has_no_chinese_but_language_names() {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    assert!(GUIDE_ZH.chars().filter(|c| cjk(*c)).count() > 1000);
    let en_cjk: String = GUIDE_EN
        .replace("中文", "")
        .chars()
        .filter(|c| cjk(*c))
        .collect();
    assert!(en_cjk.is_empty(), "{en_cjk}");
}

fn harness(lang: Lang, size: [f32; 2]) -> Harness<'static, TalentApp> {
    let sc = io::default_scenario().unwrap();
    let prefs = Preferences {
        language: lang,
        ..Preferences::default()
    };
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut TalentApp| app.show(ui),
            TalentApp::new_headless(sc, None, prefs),
        );
    h.run_steps(3);
    h
}

/// Opens Help → `item` by clicking, as a user does.
fn open_help(h: &mut Harness<'static, TalentApp>, help: &str, item: &str) {
    h.get_by_label(help).click();
    h.run_steps(2);
    h.get_by_label(item).click();
    h.run_steps(4);
}

#[test]
fn help_opens_the_guide_formatted_below_the_menu_bar_in_each_language() {
    for (lang, help, item, heading, first) in [
        (Lang::Zh, "帮助", "使用指南", "快速上手", "使用指南"),
        (
            Lang::En,
            "Help",
            "User guide",
            "Getting started",
            "User guide",
        ),
    ] {
        let mut h = harness(lang, [1366.0, 768.0]);
        open_help(&mut h, help, item);
        assert_eq!(h.state().help_open(), Some(HelpDoc::Guide));
        let menu_bottom = h.get_by_label(help).rect().max.y;
        // The guide's headings are drawn as text, without the markdown marks.
        let section = h.get_by_label(heading);
        assert!(section.rect().min.y > menu_bottom, "{lang:?}");
        assert!(h.query_by_label(&format!("## {heading}")).is_none());
        // The window (its title) is below the menu bar and inside the screen.
        let titles: Vec<egui::Rect> = h.query_all_by_label(first).map(|n| n.rect()).collect();
        assert!(!titles.is_empty());
        for r in titles {
            assert!(
                r.min.y >= menu_bottom && r.max.x <= 1366.0,
                "{lang:?} {r:?}"
            );
        }
    }
}

#[test]
fn help_opens_the_model_specification_without_raw_markdown_at_125_percent() {
    let mut h = harness(Lang::Zh, [1366.0 / 1.25, 768.0 / 1.25]);
    open_help(&mut h, "帮助", "模型说明");
    assert_eq!(h.state().help_open(), Some(HelpDoc::Model));
    let menu_bottom = h.get_by_label("帮助").rect().max.y;
    let heading = h.get_by_label("The talent-planner model");
    assert!(heading.rect().min.y > menu_bottom);
    // No label shows markdown's marks: headings, bold, code fences.
    let raw: Vec<String> = h
        .root()
        .query_all(egui_kittest::kittest::by())
        .filter_map(|n| {
            n.accesskit_node()
                .label()
                .or_else(|| n.accesskit_node().value())
        })
        .filter(|l| {
            l.starts_with("# ") || l.starts_with("## ") || l.contains("**") || l.starts_with("```")
        })
        .collect();
    assert!(raw.is_empty(), "{raw:?}");
}
