//! Source notes in both languages: every note of the shipped scenarios and
//! of generated ones has a Chinese and an English text, and the levers'
//! tooltips show the interface language's text.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use talent_planner::model::catalog::Catalog;
use talent_planner::model::scenario::Scenario;
use talent_planner::model::{generate, io};
use talent_planner::present::i18n::Lang;
use talent_planner::present::levers::sections;

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every `source` note of a scenario by its path, as written: a text, or
/// both texts.
fn notes(sc: &Scenario) -> Vec<(String, serde_json::Value)> {
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, serde_json::Value)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{path}.{k}");
                    if k == "source" && (x.is_string() || x.get("zh").is_some()) {
                        out.push((p, x.clone()));
                    } else {
                        walk(x, &p, out);
                    }
                }
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{path}[{i}]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(sc).unwrap(), "", &mut out);
    out
}

/// Paths of notes that lack a Chinese or an English text of their own
/// (a group without a note shows the glossary's "assumed").
fn single_language(sc: &Scenario) -> Vec<String> {
    notes(sc)
        .into_iter()
        .filter(|(_, v)| v.as_str() != Some(""))
        .filter(|(_, v)| {
            let zh = v.get("zh").and_then(|x| x.as_str()).unwrap_or("");
            let en = v.get("en").and_then(|x| x.as_str()).unwrap_or("");
            !(has_cjk(zh) && !en.is_empty() && zh != en)
        })
        .map(|(p, _)| p)
        .collect()
}

fn shipped() -> Vec<(&'static str, Scenario)> {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![("default county", io::default_scenario().unwrap())];
    for f in ["larger_county", "policy_variant", "markov_textbook"] {
        let path = root.join(format!("saves/{f}.ron"));
        out.push((f, io::load(&path).unwrap()));
    }
    out
}

#[test]
fn every_note_of_the_shipped_scenarios_has_both_languages() {
    for (name, sc) in shipped() {
        assert!(notes(&sc).len() >= 6, "{name}");
        let bad = single_language(&sc);
        assert!(bad.is_empty(), "{name}: {bad:?}");
    }
}

#[test]
fn every_note_of_generated_scenarios_has_both_languages() {
    for sc in [
        generate::typical_county(7),
        generate::synthetic(3, 4, 11).unwrap(),
    ] {
        assert!(notes(&sc).len() > 20);
        let bad = single_language(&sc);
        assert!(bad.is_empty(), "{bad:?}");
    }
}

#[test]
fn lever_tooltips_show_the_note_in_the_interface_language() {
    let sc = io::default_scenario().unwrap();
    let catalog = Catalog::of(&sc);
    let anchors = BTreeMap::new();
    for (lang, chinese) in [(Lang::Zh, true), (Lang::En, false)] {
        let rows: Vec<_> = sections(&sc, &catalog, &anchors, lang)
            .into_iter()
            .flat_map(|s| s.rows)
            .collect();
        assert!(rows.len() > 20);
        let pay = rows
            .iter()
            .find(|r| r.id == "levers.pay_multiplier")
            .unwrap();
        let tip = pay.tooltip(lang);
        let note = sc.levers.source.text(chinese);
        assert!(tip.contains(note), "{lang:?}: {tip}");
        let prefix = format!("{}: ", lang.t("levers.source"));
        for r in &rows {
            let tip = r.tooltip(lang);
            let line = tip.lines().next().unwrap_or("");
            let note = line.strip_prefix(&prefix).unwrap_or(line);
            let cjk = note.chars().filter(|c| has_cjk(&c.to_string())).count();
            let latin = note.chars().filter(char::is_ascii_alphabetic).count();
            if chinese {
                assert!(cjk > latin, "{}: {note}", r.id);
            } else {
                // Chinese in an English note is a name or a term in brackets.
                assert!(latin > cjk, "{}: {note}", r.id);
            }
        }
    }
}

#[test]
fn an_old_file_with_plain_notes_still_loads_and_saves_them_plain() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/small_county.ron")).unwrap();
    assert!(text.contains("source: \""), "the fixture keeps plain notes");
    let sc = io::parse_scenario(&text).unwrap();
    let written = io::to_ron_string(&sc).unwrap();
    assert!(!written.contains("(zh:"));
    assert_eq!(io::parse_scenario(&written).unwrap(), sc);
}
