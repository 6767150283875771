//! The townships table: every township with its metrics at a chosen year;
//! virtualised and sortable by any column. Clicking a row selects the township.

use super::Env;
use crate::present::command::Command;
use crate::present::document::{Document, Selection};
use crate::present::townships::{COLUMNS, cells, sort_rows};
use crate::present::views::{self, TownshipRow};
use egui_extras::{Column, TableBuilder};

/// What the cached rows depend on: results revision, year, sort column, direction.
type RowsKey = (u64, i32, usize, bool);

/// The townships panel.
#[derive(Debug, Default)]
pub struct TownshipsPanel {
    year: Option<i32>,
    sort: usize,
    descending: bool,
    cache: Option<(RowsKey, Vec<TownshipRow>)>,
}

impl TownshipsPanel {
    /// Draws the table.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let Some(p) = doc.results.as_ref() else {
            ui.label(l.t("dash.no_results"));
            return None;
        };
        let years = views::years(p);
        let Some(&last) = years.last() else {
            ui.label(l.t("townships.no_detail"));
            return None;
        };
        let year = self.year.filter(|y| years.contains(y)).unwrap_or(last);
        let mut out = None;
        ui.horizontal(|ui| {
            ui.label(l.t("townships.year"));
            egui::ComboBox::from_id_salt("township_year")
                .selected_text(year.to_string())
                .show_ui(ui, |ui| {
                    for y in &years {
                        if ui.selectable_label(*y == year, y.to_string()).clicked() {
                            self.year = Some(*y);
                        }
                    }
                });
        });
        let key = (doc.results_revision, year, self.sort, self.descending);
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let mut rows = views::township_rows(&doc.scenario, p, year);
            sort_rows(&mut rows, self.sort, self.descending);
            self.cache = Some((key, rows));
        }
        let Some((_, rows)) = &self.cache else {
            return None;
        };
        if rows.is_empty() {
            ui.label(l.t("townships.no_detail"));
            return None;
        }
        let selected = env.selection.township().map(str::to_string);
        let mut new_sort = None;
        // Wider than the panel (a large zoom, a narrow window): the table
        // scrolls sideways instead of losing its last columns.
        egui::ScrollArea::horizontal()
            .id_salt("townships_table")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .striped(true)
                    .sense(egui::Sense::click())
                    .column(
                        Column::auto()
                            .at_least(120.0)
                            .at_most(240.0)
                            .clip(true)
                            .resizable(true),
                    )
                    .columns(Column::auto().at_least(56.0), COLUMNS.len() - 1)
                    .header(22.0, |mut header| {
                        for (i, key) in COLUMNS.iter().enumerate() {
                            header.col(|ui| {
                                let arrow = if self.sort == i {
                                    if self.descending { " ▼" } else { " ▲" }
                                } else {
                                    ""
                                };
                                // Headers keep their words whole; the column
                                // takes their width (the table scrolls sideways).
                                let button = egui::Button::new(format!("{}{arrow}", l.t(key)))
                                    .wrap_mode(egui::TextWrapMode::Extend);
                                if ui.add(button).clicked() {
                                    new_sort = Some(i);
                                }
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(20.0, rows.len(), |mut row| {
                            let r = &rows[row.index()];
                            row.set_selected(selected.as_deref() == Some(r.id.as_str()));
                            row.col(|ui| {
                                // One line per row: a long name is cut, shown whole on hover.
                                ui.add(egui::Label::new(r.name.as_str()).truncate());
                            });
                            for text in cells(r, l) {
                                row.col(|ui| {
                                    ui.label(text);
                                });
                            }
                            if row.response().clicked() {
                                out = Some(Command::Select(Selection::Township(r.id.clone())));
                            }
                        });
                    });
            });
        if let Some(i) = new_sort {
            if self.sort == i {
                self.descending = !self.descending;
            } else {
                self.sort = i;
                self.descending = i != 0;
            }
        }
        out
    }
}
