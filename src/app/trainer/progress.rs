//! Cohort progress: the funnel from enrolment to certification as bars,
//! hours completed per module, and the roster's real counts beside the
//! projection (for the cohort, made at its start; or for the county).

use super::TrainerPanel;
use super::jobs::RosterJob;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::roster::doc::Roster;
use crate::roster::plan::{ComparisonRow, Scope};
use crate::roster::text::hours_text;
use crate::roster::views::{CohortFunnel, DEFAULT_COMPLETION_SHARE, cohort_funnel};
use std::sync::Arc;

/// The cohort picker shared by the progress and exam-plan views; false
/// when the roster has no cohort (then it says so).
pub(super) fn pick_cohort(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) -> bool {
    let Some(l) = &p.loaded else { return false };
    if l.roster.cohorts.is_empty() {
        ui.label(lang.t("trainer.no_cohorts"));
        return false;
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
        p.exam_plan = None;
        p.comparison = None;
    }
    true
}

/// Draws the progress of the chosen cohort.
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, doc: &Document, lang: Lang) {
    if !pick_cohort(p, ui, lang) {
        return;
    }
    let Some(l) = &p.loaded else { return };
    if p.funnel.is_none()
        && let Some(id) = &p.cohort
    {
        p.funnel = cohort_funnel(&l.roster, id, &p.cfg, DEFAULT_COMPLETION_SHARE);
    }
    // Taken out while drawing so the comparison below may change the panel.
    let Some(f) = p.funnel.take() else { return };
    let note = sat_note(&f, &l.roster, lang);

    egui::ScrollArea::vertical()
        .id_salt("trainer_progress")
        .show(ui, |ui| {
            ui.strong(lang.t("trainer.funnel"));
            let top = f.steps.first().map_or(0, |s| s.count).max(1);
            egui::Grid::new("trainer_funnel")
                .num_columns(2)
                .show(ui, |ui| {
                    for s in &f.steps {
                        ui.label(s.label(lang.into()));
                        ui.add(
                            egui::ProgressBar::new(s.count as f32 / top as f32)
                                .desired_width(320.0)
                                .text(format!("{}", s.count)),
                        );
                        ui.end_row();
                    }
                });
            if let Some(note) = &note {
                ui.add(egui::Label::new(note).wrap());
            }
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
                                    "{} / {} {}",
                                    hours_text(m.mean_hours_per_trainee),
                                    hours_text(m.planned_hours),
                                    lang.t("trainer.hours_unit")
                                )),
                        );
                        ui.label(m.completed.to_string());
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            comparison(p, ui, doc, lang);
        });
    p.funnel = Some(f);
}

/// People a note names at most; more are summed up by "…".
const NOTE_NAMES: usize = 10;

/// Why the funnel widens where more sat the exam than finished the course,
/// naming whom to check; `None` when it does not.
fn sat_note(f: &CohortFunnel, roster: &Roster, lang: Lang) -> Option<String> {
    if f.sat_without_completing.is_empty() {
        return None;
    }
    let mut names: Vec<String> = f
        .sat_without_completing
        .iter()
        .take(NOTE_NAMES)
        .map(|id| {
            roster
                .person_index(id)
                .and_then(|i| roster.people.get(i))
                .map_or_else(|| id.clone(), |p| format!("{} ({id})", p.name))
        })
        .collect();
    if f.sat_without_completing.len() > NOTE_NAMES {
        names.push("…".into());
    }
    Some(
        lang.t("trainer.funnel_sat_note")
            .replace("{n}", &f.sat_without_completing.len().to_string())
            .replace("{names}", &names.join(lang.pick("、", ", "))),
    )
}

/// "Actual vs projected": buttons to compute it, then the rows.
fn comparison(p: &mut TrainerPanel, ui: &mut egui::Ui, doc: &Document, lang: Lang) {
    ui.strong(lang.t("trainer.actual_vs_projected"));
    let mut scope = None;
    ui.horizontal(|ui| {
        if ui.button(lang.t("trainer.compare_cohort")).clicked() {
            scope = p.cohort.clone().map(Scope::Cohort);
        }
        if ui.button(lang.t("trainer.compare_county")).clicked() {
            scope = Some(Scope::County);
        }
    });
    if let (Some(scope), Some(l)) = (scope, &p.loaded)
        && p.job.is_none()
    {
        let started = RosterJob::compare(
            Arc::clone(&l.roster),
            Box::new(doc.scenario.clone()),
            doc.results.clone(),
            scope,
            p.cfg.clone(),
            p.today,
            Some(ui.ctx().clone()),
        );
        match started {
            Ok(job) => p.job = Some(job),
            Err(e) => p.message = Some(e.to_string()),
        }
    }
    let Some(c) = &p.comparison else { return };
    let title = match &c.scope {
        Scope::County => lang.t("trainer.scope_county").to_string(),
        // Named by its name; the id only if the cohort has left the roster.
        Scope::Cohort(id) => {
            let name = p
                .loaded
                .as_ref()
                .and_then(|l| l.roster.cohorts.iter().find(|c| c.id == *id))
                .map_or(id.as_str(), |c| c.name.as_str());
            format!("{} {name}", lang.t("trainer.cohort"))
        }
    };
    ui.label(title);
    match &c.rows {
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e.text(lang));
        }
        Ok(rows) if rows.is_empty() => {
            ui.label(lang.t("trainer.no_comparison"));
        }
        Ok(rows) => comparison_grid(ui, rows, lang),
    }
}

fn comparison_grid(ui: &mut egui::Ui, rows: &[ComparisonRow], lang: Lang) {
    egui::Grid::new("trainer_comparison")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for key in [
                "trainer.date",
                "trainer.projected_workers",
                "trainer.actual_workers",
                "trainer.projected_certified",
                "trainer.actual_certified",
            ] {
                ui.strong(lang.t(key));
            }
            ui.end_row();
            for r in rows {
                ui.monospace(r.date.to_string());
                ui.label(format!("{:.1}", r.projected_workers));
                ui.label(format!("{:.0}", r.actual_workers));
                ui.label(format!("{:.1}", r.projected_certified));
                ui.label(format!("{:.0}", r.actual_certified));
                ui.end_row();
            }
        });
}
