//! The person card: who the person is and a dated timeline of enrolments,
//! hours, exam attempts, certificates, registrations and deadlines.

use super::TrainerPanel;
use super::table::{level_name, status_name, track_name};
use crate::app::i18n::Lang;
use crate::roster::views::person_timeline;

/// Draws the card of the selected person.
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    let Some(l) = &p.loaded else { return };
    let Some(i) = p.selected else { return };
    let (Some(person), Some(row)) = (l.roster.people.get(i), l.table.rows().get(i)) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(format!("{} ({})", person.name, person.id));
        if ui.small_button("×").clicked() {
            p.selected = None;
        }
    });
    egui::Grid::new("trainer_card_facts")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(lang.t("trainer.col_township"));
            ui.label(format!("{} {}", row.township_name, row.village));
            ui.end_row();
            ui.label(lang.t("trainer.col_track"));
            ui.label(track_name(lang, row.track));
            ui.end_row();
            ui.label(lang.t("trainer.col_level"));
            ui.label(level_name(lang, row.level));
            ui.end_row();
            ui.label(lang.t("trainer.col_status"));
            ui.label(status_name(lang, row.status));
            ui.end_row();
            ui.label(lang.t("trainer.station"));
            ui.label(&person.station);
            ui.end_row();
        });
    ui.separator();
    ui.strong(lang.t("trainer.timeline"));
    if p.timeline.as_ref().is_none_or(|(j, _)| *j != i) {
        let events = person_timeline(&l.roster, &person.id, &p.cfg).unwrap_or_default();
        p.timeline = Some((i, events));
    }
    let Some((_, events)) = &p.timeline else {
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("trainer_timeline")
        .show(ui, |ui| {
            egui::Grid::new("trainer_timeline_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for e in events {
                        ui.monospace(e.date.to_string());
                        ui.label(e.text(lang.into()));
                        ui.end_row();
                    }
                });
        });
}
