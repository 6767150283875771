//! The scenario tree: county → townships → villages, with search. Selecting a
//! node filters the charts and tables to it.

use super::Env;
use crate::present::command::Command;
use crate::present::document::{Document, Selection};
use std::collections::BTreeSet;

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
    /// Townships opened by the user, by id.
    open: BTreeSet<String>,
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

/// One line of the tree as drawn.
enum Line {
    /// A township, by index, with whether it is open.
    Township(usize, bool),
    /// A village: township index and village index.
    Village(usize, usize),
}

/// Height of one line of the tree, points.
const LINE_HEIGHT: f32 = 22.0;

impl TreePanel {
    /// Draws the tree and returns a selection command. Only the lines in
    /// view are laid out, so a national file's tree costs what a county's does.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let Self {
            search,
            listed,
            open,
        } = self;
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
        let ((_, query), rows, more) = listed.as_ref()?;
        let county = &doc.scenario.county;
        let label = format!("{} ({})", county.name, l.t("tree.county"));
        if ui
            .selectable_label(env.selection == Selection::County, label)
            .clicked()
        {
            out = Some(Command::Select(Selection::County));
        }
        // Townships matched only through a village are shown open.
        let mut lines = Vec::with_capacity(rows.len());
        for (ti, villages, tw_match) in rows {
            let Some(tw) = county.townships.get(*ti) else {
                continue;
            };
            let is_open = open.contains(&tw.id) || (!query.is_empty() && !tw_match);
            lines.push(Line::Township(*ti, is_open));
            if is_open {
                lines.extend(villages.iter().map(|v| Line::Village(*ti, *v)));
            }
        }
        let mut toggle = None;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show_rows(ui, LINE_HEIGHT, lines.len() + 1, |ui, range| {
                for i in range {
                    let Some(line) = lines.get(i) else {
                        // The last line: more matches than listed, or the village note.
                        if *more {
                            ui.label("…");
                        }
                        if matches!(env.selection, Selection::Village(..)) {
                            ui.small(l.t("tree.village_note"));
                        }
                        continue;
                    };
                    match *line {
                        Line::Township(ti, is_open) => {
                            let Some(tw) = county.townships.get(ti) else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                ui.set_height(LINE_HEIGHT - 4.0);
                                let has_villages = !tw.villages.is_empty();
                                let arrow = if is_open { "▼" } else { "▶" };
                                let arrow = egui::RichText::new(arrow).small();
                                if ui
                                    .add_enabled(has_villages, egui::Button::new(arrow).frame(false))
                                    .clicked()
                                {
                                    toggle = Some(tw.id.clone());
                                }
                                let name = if tw.county_centre {
                                    format!("{} · {}", tw.name, l.t("tree.centre"))
                                } else {
                                    tw.name.clone()
                                };
                                let selected =
                                    matches!(&env.selection, Selection::Township(id) if *id == tw.id);
                                if ui.selectable_label(selected, name).clicked() {
                                    out =
                                        Some(Command::Select(Selection::Township(tw.id.clone())));
                                }
                            });
                        }
                        Line::Village(ti, vi) => {
                            let Some((tw, v)) = county
                                .townships
                                .get(ti)
                                .and_then(|tw| tw.villages.get(vi).map(|v| (tw, v)))
                            else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                ui.set_height(LINE_HEIGHT - 4.0);
                                ui.add_space(24.0);
                                let selected = matches!(
                                    &env.selection,
                                    Selection::Village(id, i) if *id == tw.id && *i == vi
                                );
                                if ui.selectable_label(selected, v.name.as_str()).clicked() {
                                    out =
                                        Some(Command::Select(Selection::Village(tw.id.clone(), vi)));
                                }
                            });
                        }
                    }
                }
            });
        if let Some(id) = toggle
            && !open.remove(&id)
        {
            open.insert(id);
        }
        out
    }
}
