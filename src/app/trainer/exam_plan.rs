//! A cohort's exam plan (worked out in [`crate::roster::exam_plan`]): who
//! may sit which subjects at the coming sitting, last year's pass rate by
//! subject with its interval, and the share certified by education and by
//! hours attended.

use super::TrainerPanel;
use crate::present::i18n::Lang;
use crate::present::roster::level_name;
use crate::roster::doc::Roster;
use crate::roster::exam_plan::{ExamPlan, HoursBand, PassRate};

/// "passed / sat", the rate and its 95 % interval, as three cells.
fn rate_cells(ui: &mut egui::Ui, r: &PassRate, lang: Lang) {
    ui.label(format!("{} / {}", r.passed, r.sat));
    match r.rate() {
        Some(rate) => {
            ui.label(lang.percent(rate));
            ui.label(format!(
                "{}–{}",
                lang.percent(r.interval.low),
                lang.percent(r.interval.high)
            ));
        }
        None => {
            ui.label(lang.t("exam.nobody"));
            ui.label("");
        }
    }
}

/// The band's name: "50 %–80 %", "80 % and more".
fn band_text(b: &HoursBand, lang: Lang) -> String {
    let from = lang.percent(b.from_share);
    match b.to_share {
        Some(to) => lang
            .t("exam.band")
            .replace("{from}", &from)
            .replace("{to}", &lang.percent(to)),
        None => lang.t("exam.band_open").replace("{from}", &from),
    }
}

/// Draws the cohort picker and the chosen cohort's exam plan.
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    if !super::progress::pick_cohort(p, ui, lang) {
        return;
    }
    let Some(l) = &p.loaded else { return };
    if p.exam_plan.is_none()
        && let Some(id) = &p.cohort
    {
        p.exam_plan =
            crate::roster::exam_plan::exam_plan(&l.roster, id, &l.statuses, &p.cfg, p.today);
    }
    let Some(plan) = &p.exam_plan else { return };
    egui::ScrollArea::vertical()
        .id_salt("trainer_exam_plan")
        .auto_shrink(false)
        .show(ui, |ui| plan_body(plan, &l.roster, ui, lang));
}

/// The plan of one cohort.
fn plan_body(plan: &ExamPlan, roster: &Roster, ui: &mut egui::Ui, lang: Lang) {
    ui.strong(
        lang.t("exam.title")
            .replace("{name}", &plan.name)
            .replace("{level}", level_name(lang, Some(plan.level)))
            .replace("{year}", &plan.sitting_year.to_string()),
    );
    let held = plan.people.iter().filter(|p| p.certified).count();
    let may = plan
        .people
        .iter()
        .filter(|p| p.eligible && !p.certified)
        .count();
    ui.label(
        lang.t("exam.counts")
            .replace("{may}", &may.to_string())
            .replace("{held}", &held.to_string())
            .replace("{not}", &(plan.people.len() - may - held).to_string()),
    );
    // Who sits what on the left, how the cohort fared on the right; one
    // under the other where the two do not fit side by side.
    let width = ui.available_width();
    if width < SIDE_BY_SIDE_MIN_WIDTH {
        people_grid(plan, roster, ui, lang);
        ui.add_space(6.0);
        rates(plan, ui, lang);
        return;
    }
    let gap = ui.spacing().item_spacing.x * 2.0;
    let left = (width - gap) * 0.45;
    ui.horizontal_top(|ui| {
        for (w, people) in [(left, true), (width - gap - left, false)] {
            ui.allocate_ui_with_layout(
                egui::vec2(w, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_max_width(w);
                    if people {
                        people_grid(plan, roster, ui, lang);
                    } else {
                        rates(plan, ui, lang);
                    }
                },
            );
        }
    });
}

/// Width (points) from which the people and the rates go side by side.
const SIDE_BY_SIDE_MIN_WIDTH: f32 = 900.0;

/// Each person in post of the cohort and what they sit, or why not yet.
fn people_grid(plan: &ExamPlan, roster: &Roster, ui: &mut egui::Ui, lang: Lang) {
    egui::Grid::new("trainer_exam_people")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.strong(lang.t("exam.col_person"));
            ui.strong(lang.t("exam.col_subjects"));
            ui.end_row();
            for sp in &plan.people {
                let name = roster
                    .people
                    .get(sp.person_index)
                    .map_or("", |p| p.name.as_str());
                ui.label(format!("{} {name}", sp.person_id));
                let text = if sp.certified {
                    lang.t("exam.held").to_string()
                } else if sp.eligible {
                    sp.subjects
                        .iter()
                        .map(|s| s.name(lang.into()))
                        .collect::<Vec<_>>()
                        .join(lang.pick("、", ", "))
                } else {
                    format!(
                        "{}{}{}",
                        lang.t("year.may_not_sit"),
                        lang.pick("：", ": "),
                        lang.pick(&sp.reason_zh, &sp.reason_en)
                    )
                };
                ui.add(egui::Label::new(text).wrap());
                ui.end_row();
            }
        });
}

/// Last year's pass rates by subject, and the share certified by education
/// and by hours attended.
fn rates(plan: &ExamPlan, ui: &mut egui::Ui, lang: Lang) {
    ui.strong(
        lang.t("exam.last_year")
            .replace("{year}", &plan.last_year.to_string()),
    );
    egui::Grid::new("trainer_exam_subjects")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for key in [
                "export.col_subject",
                "exam.col_passed",
                "exam.col_rate",
                "trainer.interval",
            ] {
                ui.strong(lang.t(key));
            }
            ui.end_row();
            for (s, r) in &plan.last_year_by_subject {
                ui.label(s.name(lang.into()));
                rate_cells(ui, r, lang);
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.add(egui::Label::new(egui::RichText::new(lang.t("exam.by_education")).strong()).wrap());
    egui::Grid::new("trainer_exam_education")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for key in [
                "export.col_education",
                "exam.col_certified",
                "exam.col_rate",
                "trainer.interval",
            ] {
                ui.strong(lang.t(key));
            }
            ui.end_row();
            for (e, r) in &plan.by_education {
                ui.label(e.name(lang == Lang::Zh));
                rate_cells(ui, r, lang);
                ui.end_row();
            }
        });
    if !plan.by_hours.is_empty() {
        ui.add_space(6.0);
        ui.add(egui::Label::new(egui::RichText::new(lang.t("exam.by_hours")).strong()).wrap());
        egui::Grid::new("trainer_exam_hours")
            .num_columns(4)
            .striped(true)
            .show(ui, |ui| {
                for key in [
                    "exam.col_hours",
                    "exam.col_certified",
                    "exam.col_rate",
                    "trainer.interval",
                ] {
                    ui.strong(lang.t(key));
                }
                ui.end_row();
                for (b, r) in &plan.by_hours {
                    ui.label(band_text(b, lang));
                    rate_cells(ui, r, lang);
                    ui.end_row();
                }
            });
    }
}
