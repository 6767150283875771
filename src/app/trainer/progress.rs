//! Cohort progress: the funnel from enrolment to certification as bars, and
//! hours completed per module.

use super::TrainerPanel;
use crate::app::i18n::Lang;
use crate::roster::views::{DEFAULT_COMPLETION_SHARE, cohort_funnel};

/// Draws the progress of the chosen cohort.
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    let Some(l) = &p.loaded else { return };
    if l.roster.cohorts.is_empty() {
        ui.label(lang.t("trainer.no_cohorts"));
        return;
    }
    let before = p.cohort.clone();
    let current = p
        .cohort
        .as_ref()
        .and_then(|id| l.roster.cohorts.iter().find(|c| c.id == *id))
        .map_or("", |c| c.name.as_str());
    ui.horizontal(|ui| {
        let lbl = ui.label(lang.t("trainer.cohort"));
        egui::ComboBox::from_id_salt("trainer_progress_cohort")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for c in &l.roster.cohorts {
                    ui.selectable_value(&mut p.cohort, Some(c.id.clone()), &c.name);
                }
            })
            .response
            .labelled_by(lbl.id);
    });
    if p.cohort != before {
        p.funnel = None;
    }
    if p.funnel.is_none()
        && let Some(id) = &p.cohort
    {
        p.funnel = cohort_funnel(&l.roster, id, &p.cfg, DEFAULT_COMPLETION_SHARE);
    }
    let Some(f) = &p.funnel else { return };
    egui::ScrollArea::vertical()
        .id_salt("trainer_progress")
        .show(ui, |ui| {
            ui.strong(lang.t("trainer.funnel"));
            let top = f.steps.first().map_or(0, |s| s.count).max(1);
            egui::Grid::new("trainer_funnel")
                .num_columns(2)
                .show(ui, |ui| {
                    for s in &f.steps {
                        ui.label(match lang {
                            Lang::Zh => &s.label_zh,
                            Lang::En => &s.label_en,
                        });
                        ui.add(
                            egui::ProgressBar::new(s.count as f32 / top as f32)
                                .desired_width(320.0)
                                .text(format!("{}", s.count)),
                        );
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.strong(lang.t("trainer.module_hours"));
            egui::Grid::new("trainer_modules")
                .num_columns(4)
                .striped(true)
                .show(ui, |ui| {
                    ui.label(lang.t("trainer.phase"));
                    ui.label(lang.t("trainer.module"));
                    ui.label(lang.t("trainer.hours_mean_planned"));
                    ui.label(lang.t("trainer.completed"));
                    ui.end_row();
                    for m in &f.modules {
                        ui.label(&m.phase);
                        ui.label(&m.name);
                        let share = if m.planned_hours > 0.0 {
                            (m.mean_hours_per_trainee / m.planned_hours) as f32
                        } else {
                            0.0
                        };
                        ui.add(
                            egui::ProgressBar::new(share.clamp(0.0, 1.0))
                                .desired_width(220.0)
                                .text(format!(
                                    "{:.1} / {:.0} h",
                                    m.mean_hours_per_trainee, m.planned_hours
                                )),
                        );
                        ui.label(m.completed.to_string());
                        ui.end_row();
                    }
                });
        });
}
