//! One glossary on screen: every tab is walked through its accessibility
//! tree in both languages, and every label shown is in the interface's
//! language. In the English interface nothing Chinese shows but names from
//! the data (townships, villages, people, the plan's own names); in the
//! Chinese interface nothing is written in Latin letters alone but names
//! and codes from the data, numbers and units.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use talent_planner::app::{Preferences, TalentApp, install_fonts};
use talent_planner::model::io;
use talent_planner::present::command::{Command, Tab};
use talent_planner::present::i18n::Lang;

const TABS: [Tab; 8] = [
    Tab::Dashboard,
    Tab::Levers,
    Tab::Pipeline,
    Tab::Townships,
    Tab::Trainer,
    Tab::Compare,
    Tab::Sensitivity,
    Tab::Swot,
];

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

/// The texts of the data the interface may show in `lang`: every string of
/// the scenario and the roster (names, ids, codes), without the other
/// language's text where the data has both (`name_en`, a note's `zh`);
/// longest first, so a name is taken out before its parts.
fn data_texts(values: &[serde_json::Value], lang: Lang) -> Vec<String> {
    fn walk(v: &serde_json::Value, lang: Lang, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, lang, out)),
            serde_json::Value::Object(m) => {
                let has = |k: &str| {
                    m.get(k)
                        .and_then(|x| x.as_str())
                        .is_some_and(|x| !x.is_empty())
                };
                for (k, x) in m {
                    let other_language = match lang {
                        Lang::Zh => k.ends_with("_en") || k == "en",
                        Lang::En => {
                            k == "zh"
                                || (k == "name" && has("name_en"))
                                || (k == "label" && has("label_en"))
                        }
                    };
                    if !other_language {
                        out.push(k.clone());
                        walk(x, lang, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for v in values {
        walk(v, lang, &mut out);
    }
    out.retain(|s| !s.trim().is_empty());
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out.dedup();
    out
}

/// Every label and value on screen.
fn texts(h: &Harness<'_, TalentApp>) -> Vec<String> {
    h.query_all(egui_kittest::kittest::by())
        .filter_map(|n| {
            let n = n.accesskit_node();
            n.label().or_else(|| n.value())
        })
        .collect()
}

/// What is left of a label once the data's own texts are taken out; a
/// name cut to fit its column ("县社会工作服务指…") counts as the name.
fn without_data(label: &str, data: &[String]) -> String {
    let mut rest = label.to_string();
    for d in data {
        if rest.contains(d.as_str()) {
            rest = rest.replace(d.as_str(), " ");
        }
    }
    while let Some(end) = rest.find('…') {
        let start = rest[..end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let cut = &rest[start..end];
        if cut.is_empty() || !data.iter().any(|d| d.starts_with(cut)) {
            break;
        }
        rest.replace_range(start..end + '…'.len_utf8(), " ");
    }
    rest
}

/// Latin words of a Chinese-interface label that are not units, file
/// formats, codes (`S1`, `C3`) or the other language's name.
fn latin_words(rest: &str) -> Vec<String> {
    const ALLOWED: [&str; 8] = ["English", "SWOT", "CSV", "Excel", "PNG", "h", "MiB", "e"];
    let code = |w: &str| {
        let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
        letters.len() < w.len() && letters.chars().all(|c| c.is_ascii_uppercase())
    };
    rest.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !code(w))
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| !w.is_empty() && !ALLOWED.contains(w))
        .map(str::to_string)
        .collect()
}

/// egui's own name of a panel's resize handle: not text drawn on screen.
const RESIZE_HANDLE: &str = "Resize panel";

#[test]
fn every_label_of_every_tab_is_in_the_interface_language() {
    let sc = io::default_scenario().unwrap();
    let mut app = TalentApp::new_headless(sc.clone(), None, Preferences::default());
    app.trainer.open_example().unwrap();
    let roster = serde_json::to_value(app.trainer.roster().unwrap()).unwrap();
    let values = [serde_json::to_value(&sc).unwrap(), roster];
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_theme(egui::Theme::Light)
        .with_context_setup(install_fonts)
        .build_ui_state(|ui, app: &mut TalentApp| app.show(ui), app);
    let mut bad: Vec<String> = Vec::new();
    let mut seen = 0;
    for lang in [Lang::Zh, Lang::En] {
        let data = data_texts(&values, lang);
        h.state_mut().apply(Command::SetLanguage(lang), 0.0);
        for tab in TABS {
            h.state_mut().apply(Command::SetTab(tab), 0.0);
            h.run_steps(4);
            for label in texts(&h).into_iter().filter(|l| l != RESIZE_HANDLE) {
                seen += 1;
                let rest = without_data(&label, &data);
                let wrong = match lang {
                    Lang::En => rest.chars().any(is_cjk) && !rest.contains("中文"),
                    Lang::Zh => !rest.chars().any(is_cjk) && !latin_words(&rest).is_empty(),
                };
                if wrong {
                    bad.push(format!("{lang:?} {tab:?}: {label}"));
                }
            }
        }
    }
    assert!(seen > 400, "{seen} labels");
    bad.sort();
    bad.dedup();
    assert!(
        bad.is_empty(),
        "{} labels not in the interface language:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
