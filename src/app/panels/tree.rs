//! The scenario tree: county → townships → villages, with search. Selecting a
//! node filters the charts and tables to it.

use super::Env;
use crate::app::command::Command;
use crate::app::document::{Document, Selection};

/// Most townships listed at once (big files); search narrows the list.
const MAX_LISTED: usize = 300;

/// A township listed in the tree: its index, the indices of the villages
/// shown under it, and whether the township itself matched the search.
type Listed = (usize, Vec<usize>, bool);

/// The tree panel. The search result is cached per document revision and
/// query, so typing in a national file does not rescan it every frame.
#[derive(Debug, Default)]
pub struct TreePanel {
    search: String,
    listed: Option<((u64, String), Vec<Listed>, bool)>,
}

/// Townships (at most `MAX_LISTED`) and villages matching `query`; true when more exist.
fn list(doc: &Document, query: &str) -> (Vec<Listed>, bool) {
    let mut out = Vec::new();
    for (ti, tw) in doc.scenario.county.townships.iter().enumerate() {
        let tw_match = query.is_empty() || tw.name.to_lowercase().contains(query);
        let villages: Vec<usize> = tw
            .villages
            .iter()
            .enumerate()
            .filter(|(_, v)| tw_match || v.name.to_lowercase().contains(query))
            .map(|(i, _)| i)
            .collect();
        if !tw_match && villages.is_empty() {
            continue;
        }
        if out.len() == MAX_LISTED {
            return (out, true);
        }
        out.push((ti, villages, tw_match));
    }
    (out, false)
}

impl TreePanel {
    /// Draws the tree and returns a selection command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let Self { search, listed } = self;
        let l = env.lang;
        let mut out = None;
        ui.heading(l.t("tree.title"));
        ui.add(egui::TextEdit::singleline(search).hint_text(l.t("tree.search")));
        ui.separator();
        let query = search.trim().to_lowercase();
        let key = (doc.revision, query);
        if listed.as_ref().is_none_or(|(k, ..)| *k != key) {
            let (rows, more) = list(doc, &key.1);
            *listed = Some((key, rows, more));
        }
        let Some(((_, query), rows, more)) = listed.as_ref() else {
            return None;
        };
        let county = &doc.scenario.county;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                let label = format!("{} ({})", county.name, l.t("tree.county"));
                if ui
                    .selectable_label(env.selection == Selection::County, label)
                    .clicked()
                {
                    out = Some(Command::Select(Selection::County));
                }
                for (ti, villages, tw_match) in rows {
                    let Some(tw) = county.townships.get(*ti) else {
                        continue;
                    };
                    let id = ui.make_persistent_id(("tw", &tw.id));
                    let mut state =
                        egui::collapsing_header::CollapsingState::load_with_default_open(
                            ui.ctx(),
                            id,
                            false,
                        );
                    if !query.is_empty() && !tw_match {
                        state.set_open(true);
                    }
                    let name = if tw.county_centre {
                        format!("{} · {}", tw.name, l.t("tree.centre"))
                    } else {
                        tw.name.clone()
                    };
                    let selected = env.selection == Selection::Township(tw.id.clone());
                    state
                        .show_header(ui, |ui| {
                            if ui.selectable_label(selected, name).clicked() {
                                out = Some(Command::Select(Selection::Township(tw.id.clone())));
                            }
                        })
                        .body(|ui| {
                            for &i in villages {
                                let Some(v) = tw.villages.get(i) else {
                                    continue;
                                };
                                let sel = env.selection == Selection::Village(tw.id.clone(), i);
                                if ui.selectable_label(sel, v.name.as_str()).clicked() {
                                    out =
                                        Some(Command::Select(Selection::Village(tw.id.clone(), i)));
                                }
                            }
                        });
                }
                if *more {
                    ui.label("…");
                }
                if matches!(env.selection, Selection::Village(..)) {
                    ui.separator();
                    ui.small(l.t("tree.village_note"));
                }
            });
        out
    }
}
