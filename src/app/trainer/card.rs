//! The person card: who the person is and a dated timeline of enrolments,
//! hours, exam attempts, certificates, registrations and deadlines.

use super::TrainerPanel;
use super::table::{level_name, status_name, track_name};
use crate::app::i18n::Lang;
use crate::roster::doc::Level;
use crate::roster::rules::{self, Eligibility, eligibility as may_sit};
use crate::roster::views::{TimelineEvent, person_timeline};

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
    if p.timeline.as_ref().is_none_or(|c| c.person != i) {
        p.timeline = Some(card_data(p, i));
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

/// What the card shows beyond the table row, worked out once per selection.
pub struct CardData {
    /// Index of the person.
    person: usize,
    /// Their timeline.
    events: Vec<TimelineEvent>,
    /// Year of the next sitting.
    year: i32,
    /// Each level above their certificate, and whether they may sit it then.
    eligibility: Vec<(Level, Eligibility)>,
}

fn card_data(p: &TrainerPanel, i: usize) -> CardData {
    let mut card = CardData {
        person: i,
        events: Vec::new(),
        year: p.today.year,
        eligibility: Vec::new(),
    };
    let Some(l) = &p.loaded else { return card };
    let Some(person) = l.roster.people.get(i) else {
        return card;
    };
    card.events = person_timeline(&l.roster, &person.id, &p.cfg).unwrap_or_default();
    let sitting_this_year = crate::roster::date::Date {
        year: p.today.year,
        month: p.cfg.sitting_month.clamp(1, 12),
        day: 1,
    };
    if p.today >= sitting_this_year {
        card.year += 1;
    }
    let status = rules::status_of(
        l.roster.attempts.iter().filter(|a| a.person == person.id),
        &p.cfg,
    );
    let held = status.highest().map(|c| c.level);
    card.eligibility = Level::ALL
        .into_iter()
        .filter(|lv| held.is_none_or(|h| *lv > h))
        .map(|lv| (lv, may_sit(person, lv, card.year, &status, &p.cfg)))
        .collect();
    card
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
                let verdict = if e.eligible {
                    lang.t("trainer.eligible")
                } else {
                    lang.t("trainer.not_eligible")
                };
                let reason = e.reason(lang.into());
                if reason.is_empty() {
                    ui.label(verdict);
                } else {
                    // The rules' reasons are sentences: wrap them in the card.
                    ui.add(egui::Label::new(format!("{verdict}: {reason}")).wrap());
                }
                ui.end_row();
            }
        });
}
