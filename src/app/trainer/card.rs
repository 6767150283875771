//! The person card: who the person is and a dated timeline of enrolments,
//! hours, exam attempts, certificates, registrations and deadlines.

use super::TrainerPanel;
use crate::present::i18n::Lang;
use crate::present::roster::{CardData, card_data, eligibility_text, level_name, status_name};

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
            ui.label(p.track_name(&row.track, lang));
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
    if p.timeline.as_ref().is_none_or(|c| c.person != i) {
        p.timeline = Some(card_data(&l.roster, i, p.today, &p.cfg));
    }
    let Some(card) = &p.timeline else {
        return;
    };
    eligibility(card, ui, lang);
    ui.separator();
    ui.strong(lang.t("trainer.timeline"));
    egui::ScrollArea::vertical()
        .id_salt("trainer_timeline")
        .show(ui, |ui| {
            egui::Grid::new("trainer_timeline_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for e in &card.events {
                        ui.monospace(e.date.to_string());
                        ui.label(e.text(lang.into()));
                        ui.end_row();
                    }
                });
        });
}

/// Whether the person may sit each level above their certificate at the
/// next sitting (this year's if it is still ahead), and why not.
fn eligibility(card: &CardData, ui: &mut egui::Ui, lang: Lang) {
    if card.eligibility.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(
        lang.t("trainer.may_sit")
            .replace("{year}", &card.year.to_string()),
    );
    egui::Grid::new("trainer_card_eligibility")
        .num_columns(2)
        .show(ui, |ui| {
            for (lv, e) in &card.eligibility {
                ui.label(level_name(lang, Some(*lv)));
                // The rules' reasons are sentences: wrap them in the card.
                ui.add(egui::Label::new(eligibility_text(e, lang)).wrap());
                ui.end_row();
            }
        });
}
