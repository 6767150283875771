//! The person card: who the person is and a dated timeline of enrolments,
//! hours, exam attempts, certificates, registrations and deadlines.

use super::TrainerPanel;
use super::table::{level_name, status_name, track_name};
use crate::app::i18n::Lang;
use crate::roster::doc::Level;
use crate::roster::rules::{self, eligibility as may_sit};
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
    eligibility(p, ui, lang, i);
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

/// Whether the person may sit each level above their certificate at the
/// next sitting (this year's if it is still ahead), and why not.
fn eligibility(p: &TrainerPanel, ui: &mut egui::Ui, lang: Lang, i: usize) {
    let Some(l) = &p.loaded else { return };
    let Some(person) = l.roster.people.get(i) else {
        return;
    };
    let sitting_this_year = crate::roster::date::Date {
        year: p.today.year,
        month: p.cfg.sitting_month.clamp(1, 12),
        day: 1,
    };
    let year = if p.today < sitting_this_year {
        p.today.year
    } else {
        p.today.year + 1
    };
    let status = rules::status_of(
        l.roster.attempts.iter().filter(|a| a.person == person.id),
        &p.cfg,
    );
    let held = status.highest().map(|c| c.level);
    let levels: Vec<Level> = Level::ALL
        .into_iter()
        .filter(|lv| held.is_none_or(|h| *lv > h))
        .collect();
    if levels.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(
        lang.t("trainer.may_sit")
            .replace("{year}", &year.to_string()),
    );
    egui::Grid::new("trainer_card_eligibility")
        .num_columns(2)
        .show(ui, |ui| {
            for lv in levels {
                let e = may_sit(person, lv, year, &status);
                ui.label(super::table::level_name(lang, Some(lv)));
                let verdict = if e.eligible {
                    lang.t("trainer.eligible")
                } else {
                    lang.t("trainer.not_eligible")
                };
                let reason = e.reason(lang.into());
                if reason.is_empty() {
                    ui.label(verdict);
                } else {
                    ui.label(format!("{verdict}: {reason}"));
                }
                ui.end_row();
            }
        });
}
