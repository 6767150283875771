//! The roster table: filters, search, sortable headers, and a virtualised
//! body that lays out only the visible rows.

use super::TrainerPanel;
use crate::present::i18n::Lang;
use crate::present::roster::{level_name, status_name};
use crate::roster::doc::Level;
use crate::roster::views::{SortKey, StatusFilter};
use egui_extras::{Column, TableBuilder};

/// Room between the roster table's columns, points.
const COLUMN_GAP: f32 = 14.0;

/// Row height of the table, points.
const ROW_HEIGHT: f32 = 20.0;

fn filters(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    let Some(l) = &p.loaded else { return };
    let before = p.filter.clone();
    let any = lang.t("trainer.any");
    let tracks = p.track_choices(lang);
    ui.horizontal_wrapped(|ui| {
        let lbl = ui.label(lang.t("trainer.col_township"));
        let town_text = p
            .filter
            .township
            .as_ref()
            .and_then(|id| l.roster.townships.iter().find(|t| t.id == *id))
            .map_or(any, |t| t.name.as_str());
        egui::ComboBox::from_id_salt("trainer_township")
            .selected_text(town_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.township, None, any);
                for t in &l.roster.townships {
                    ui.selectable_value(&mut p.filter.township, Some(t.id.clone()), &t.name);
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("trainer.cohort"));
        let cohort_text = p
            .filter
            .cohort
            .as_ref()
            .and_then(|id| l.roster.cohorts.iter().find(|c| c.id == *id))
            .map_or(any, |c| c.name.as_str());
        egui::ComboBox::from_id_salt("trainer_cohort")
            .selected_text(cohort_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.cohort, None, any);
                for c in &l.roster.cohorts {
                    ui.selectable_value(&mut p.filter.cohort, Some(c.id.clone()), &c.name);
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("trainer.col_track"));
        egui::ComboBox::from_id_salt("trainer_track")
            .selected_text(super::selected_track(&tracks, p.filter.track.as_ref(), any))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.track, None, any);
                for (id, name) in &tracks {
                    ui.selectable_value(&mut p.filter.track, Some(id.clone()), name);
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("trainer.col_status"));
        egui::ComboBox::from_id_salt("trainer_status")
            .selected_text(p.filter.status.map_or(any, |s| status_name(lang, s)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.status, None, any);
                for s in [StatusFilter::Active, StatusFilter::Exited] {
                    ui.selectable_value(&mut p.filter.status, Some(s), status_name(lang, s));
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("trainer.col_level"));
        egui::ComboBox::from_id_salt("trainer_certificate")
            .selected_text(p.filter.certificate.map_or(any, |l| level_name(lang, l)))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.certificate, None, any);
                for l in [
                    None,
                    Some(Level::Assistant),
                    Some(Level::Intermediate),
                    Some(Level::Senior),
                ] {
                    ui.selectable_value(&mut p.filter.certificate, Some(l), level_name(lang, l));
                }
            })
            .response
            .labelled_by(lbl.id);
        // Label and field wrap together: start a new row when both do not
        // fit, so the label never ends a row whose field starts the next.
        if ui.available_size_before_wrap().x < 230.0 {
            ui.end_row();
        }
        let lbl = ui.label(lang.t("trainer.filter_next_level"));
        egui::ComboBox::from_id_salt("trainer_next_level")
            .selected_text(
                p.filter
                    .next_level_open
                    .map_or(any, |l| level_name(lang, Some(l))),
            )
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.next_level_open, None, any);
                for l in [Level::Assistant, Level::Intermediate, Level::Senior] {
                    ui.selectable_value(
                        &mut p.filter.next_level_open,
                        Some(l),
                        level_name(lang, Some(l)),
                    );
                }
            })
            .response
            .labelled_by(lbl.id)
            .on_hover_text(lang.t("trainer.filter_next_level_tip"));
        if ui.available_size_before_wrap().x < 230.0 {
            ui.end_row();
        }
        let lbl = ui.label(lang.t("trainer.filter_deadline_year"));
        let year_text = |y: Option<i32>| y.map_or_else(|| any.to_string(), |y| y.to_string());
        egui::ComboBox::from_id_salt("trainer_deadline_year")
            .selected_text(year_text(p.filter.certify_by_year))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut p.filter.certify_by_year, None, any);
                for y in l.table.deadline_years() {
                    ui.selectable_value(&mut p.filter.certify_by_year, Some(y), y.to_string());
                }
            })
            .response
            .labelled_by(lbl.id)
            .on_hover_text(lang.t("trainer.filter_deadline_year_tip"));
        // The label goes first, so it sits before the field it names.
        let lbl = ui.label(lang.t("trainer.search_label"));
        ui.add(
            egui::TextEdit::singleline(&mut p.filter.search)
                .hint_text(lang.t("trainer.search"))
                .desired_width(160.0),
        )
        .labelled_by(lbl.id);
    });
    if p.filter != before {
        p.query_stale = true;
    }
}

/// Draws the filters and the table.
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    filters(p, ui, lang);
    let Some(l) = &p.loaded else { return };
    if p.query_stale {
        p.visible = l.table.query(&p.filter, p.sort, p.descending);
        p.query_stale = false;
    }
    ui.label(format!(
        "{} {} / {}",
        lang.t("trainer.showing"),
        p.visible.len(),
        l.table.rows().len()
    ));
    let rows = l.table.rows();
    let columns = [
        (SortKey::Id, "trainer.col_id"),
        (SortKey::Name, "trainer.col_name"),
        (SortKey::Township, "trainer.col_township"),
        (SortKey::Track, "trainer.col_track"),
        (SortKey::Level, "trainer.col_level"),
        (SortKey::HireDate, "trainer.col_hired"),
        (SortKey::Status, "trainer.col_status"),
    ];
    let mut clicked_sort = None;
    let mut clicked_row = None;
    let mut first_drawn: Option<usize> = None;
    let scroll_row = if p.scroll_to_selected {
        p.scroll_to_selected = false;
        p.selected
            .and_then(|s| p.visible.iter().position(|&i| rows[i].index == s))
    } else {
        None
    };
    // Selectable cell labels would take the click from the row.
    ui.style_mut().interaction.selectable_labels = false;
    // Columns keep a visible gap, and a table wider than the room left
    // beside the person's card (a large zoom, a narrow window) scrolls
    // sideways instead of being drawn over the card.
    ui.spacing_mut().item_spacing.x = COLUMN_GAP;
    egui::ScrollArea::horizontal()
        .id_salt("trainer_roster_scroll")
        .show(ui, |ui| {
            let mut builder = TableBuilder::new(ui)
                .id_salt("trainer_roster")
                .striped(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::auto().at_least(70.0))
                .column(Column::auto().at_least(70.0))
                .column(Column::auto().at_least(120.0).clip(true))
                .column(Column::auto().at_least(70.0))
                .column(Column::auto().at_least(110.0))
                .column(Column::auto().at_least(80.0))
                .column(Column::remainder())
                .min_scrolled_height(0.0);
            if let Some(r) = scroll_row {
                builder = builder.scroll_to_row(r, Some(egui::Align::Center));
            }
            builder
                .header(ROW_HEIGHT + 2.0, |mut header| {
                    for (key, label) in columns {
                        header.col(|ui| {
                            let arrow = if p.sort == key {
                                if p.descending { " ▼" } else { " ▲" }
                            } else {
                                ""
                            };
                            if ui.button(format!("{}{arrow}", lang.t(label))).clicked() {
                                clicked_sort = Some(key);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, p.visible.len(), |mut row| {
                        first_drawn = Some(first_drawn.map_or(row.index(), |f| f.min(row.index())));
                        let r = &rows[p.visible[row.index()]];
                        row.set_selected(p.selected == Some(r.index));
                        row.col(|ui| {
                            ui.label(&r.person_id);
                        });
                        row.col(|ui| {
                            ui.label(&r.name);
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(&r.township_name).truncate());
                        });
                        row.col(|ui| {
                            ui.label(p.track_name(&r.track, lang));
                        });
                        row.col(|ui| {
                            let text = match r.certified_year {
                                Some(y) => format!("{} {y}", level_name(lang, r.level)),
                                None => level_name(lang, r.level).to_string(),
                            };
                            ui.label(text);
                        });
                        row.col(|ui| {
                            ui.label(r.hire_date.map(|d| d.to_string()).unwrap_or_default());
                        });
                        row.col(|ui| {
                            ui.label(status_name(lang, r.status));
                        });
                        if row.response().clicked() {
                            clicked_row = Some(r.index);
                        }
                    });
                });
        });
    p.first_drawn = first_drawn;
    if let Some(key) = clicked_sort {
        if p.sort == key {
            p.descending = !p.descending;
        } else {
            p.sort = key;
            p.descending = false;
        }
        p.query_stale = true;
    }
    if let Some(i) = clicked_row {
        p.selected = Some(i);
        p.timeline = None;
    }
}
