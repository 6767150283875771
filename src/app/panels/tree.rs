//! The scenario tree: county → townships → villages, with search. Selecting a
//! node filters the charts and tables to it.

use super::Env;
use crate::app::command::Command;
use crate::app::document::{Document, Selection};

/// Most townships listed at once (big files); search narrows the list.
const MAX_LISTED: usize = 300;

/// The tree panel.
#[derive(Debug, Default)]
pub struct TreePanel {
    search: String,
}

impl TreePanel {
    /// Draws the tree and returns a selection command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let Self { search } = self;
        let l = env.lang;
        let mut out = None;
        ui.heading(l.t("tree.title"));
        ui.add(egui::TextEdit::singleline(search).hint_text(l.t("tree.search")));
        ui.separator();
        let query = search.trim().to_lowercase();
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
                let mut listed = 0;
                for tw in &county.townships {
                    let tw_match = query.is_empty() || tw.name.to_lowercase().contains(&query);
                    let villages: Vec<(usize, &str)> = tw
                        .villages
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| tw_match || v.name.to_lowercase().contains(&query))
                        .map(|(i, v)| (i, v.name.as_str()))
                        .collect();
                    if !tw_match && villages.is_empty() {
                        continue;
                    }
                    listed += 1;
                    if listed > MAX_LISTED {
                        ui.label("…");
                        break;
                    }
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
                            for (i, v) in villages {
                                let sel = env.selection == Selection::Village(tw.id.clone(), i);
                                if ui.selectable_label(sel, v).clicked() {
                                    out =
                                        Some(Command::Select(Selection::Village(tw.id.clone(), i)));
                                }
                            }
                        });
                }
                if matches!(env.selection, Selection::Village(..)) {
                    ui.separator();
                    ui.small(l.t("tree.village_note"));
                }
            });
        out
    }
}
