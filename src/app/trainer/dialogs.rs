//! The workspace's dialogs: the import preview (every problem by row, column
//! and reason before anything changes) and the roster → plan proposals,
//! which change the scenario only on confirm, as one undoable edit.

use super::jobs::RosterJob;
use super::{TrainerDialog, TrainerPanel};
use crate::app::panels::Env;
use crate::present::command::Command;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::roster::target_text;
use crate::roster::plan::apply_estimates;
use crate::roster::text::Language;

/// What the user answered in a dialog this frame.
enum Answer {
    None,
    Close,
    Apply,
}

impl TrainerPanel {
    /// Draws the open dialog, if any, and returns the scenario edit it confirmed.
    pub(super) fn dialogs(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        env: &Env<'_>,
    ) -> Vec<Command> {
        let lang = env.lang;
        let mut out = Vec::new();
        let Some(dialog) = self.dialog.as_mut() else {
            return out;
        };
        let mut answer = Answer::None;
        let modal = egui::Modal::new(egui::Id::unique("trainer_dialog")).show(ui.ctx(), |ui| {
            ui.set_max_width(760.0);
            match dialog {
                TrainerDialog::Import { file_name, preview } => {
                    ui.heading(format!("{} {file_name}", lang.t("trainer.import_title")));
                    ui.label(format!(
                        "{}: {} · {}: {} · {}: {} · {}: {}",
                        lang.t("trainer.import_new"),
                        preview.new_people.len(),
                        lang.t("trainer.import_updated"),
                        preview.updated_people.len(),
                        lang.t("trainer.import_attempts"),
                        preview.attempts.len(),
                        lang.t("trainer.import_replaced"),
                        preview.replaced_attempts
                    ));
                    if preview.problems.is_empty() {
                        ui.label(lang.t("trainer.import_clean"));
                    } else {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            format!(
                                "{}: {}",
                                lang.t("trainer.import_problems"),
                                preview.problems.len()
                            ),
                        );
                        problem_list(ui, &preview.problems, lang);
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(
                                preview.is_clean(),
                                egui::Button::new(lang.t("trainer.apply")),
                            )
                            .clicked()
                        {
                            answer = Answer::Apply;
                        }
                        if ui.button(lang.t("dialog.cancel")).clicked() {
                            answer = Answer::Close;
                        }
                    });
                }
                TrainerDialog::Estimate { estimates, chosen } => {
                    ui.heading(lang.t("trainer.estimate_title"));
                    ui.label(format!("{} {}", lang.t("trainer.as_of"), estimates.as_of));
                    ui.label(
                        lang.t("trainer.estimate_base_note")
                            .replace("{n}", &crate::roster::plan::MIN_CELL_PEOPLE.to_string()),
                    );
                    if estimates.changes.is_empty() {
                        ui.label(lang.t("trainer.no_changes"));
                    }
                    egui::ScrollArea::vertical()
                        .id_salt("trainer_estimates")
                        .max_height(380.0)
                        .show(ui, |ui| {
                            egui::Grid::new("trainer_estimate_grid")
                                .num_columns(6)
                                .striped(true)
                                .show(ui, |ui| {
                                    ui.strong(lang.t("trainer.change"));
                                    ui.strong(lang.t("trainer.current"));
                                    ui.strong(lang.t("trainer.estimate_col"));
                                    ui.strong(lang.t("trainer.interval"));
                                    ui.strong(lang.t("trainer.people"));
                                    ui.strong(lang.t("trainer.warning"));
                                    ui.end_row();
                                    for (c, on) in estimates.changes.iter().zip(chosen.iter_mut()) {
                                        ui.checkbox(
                                            on,
                                            target_text(&c.target, &doc.scenario, lang),
                                        );
                                        ui.label(c.current.map_or_else(
                                            || "—".to_string(),
                                            |v| format!("{v:.3}"),
                                        ));
                                        ui.label(c.observed.map_or_else(
                                            || format!("{:.3}", c.estimate),
                                            |o| {
                                                format!(
                                                    "{:.3} ({} {o:.3})",
                                                    c.estimate,
                                                    lang.t("trainer.observed")
                                                )
                                            },
                                        ));
                                        ui.label(format!(
                                            "{:.3}–{:.3}",
                                            c.interval.low, c.interval.high
                                        ));
                                        ui.label(c.people.to_string());
                                        let w = c.warning(lang.into()).unwrap_or_default();
                                        ui.colored_label(ui.visuals().warn_fg_color, w);
                                        ui.end_row();
                                    }
                                });
                        });
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(
                                chosen.iter().any(|c| *c),
                                egui::Button::new(lang.t("trainer.apply")),
                            )
                            .clicked()
                        {
                            answer = Answer::Apply;
                        }
                        if ui.button(lang.t("dialog.cancel")).clicked() {
                            answer = Answer::Close;
                        }
                    });
                }
                TrainerDialog::Start(start) => {
                    ui.heading(lang.t("trainer.start_title"));
                    let total: f64 = start.scenario.initial_stock.iter().map(|s| s.count).sum();
                    let before: f64 = doc.scenario.initial_stock.iter().map(|s| s.count).sum();
                    ui.label(format!(
                        "{}: {} · {}: {} → {}",
                        lang.t("trainer.people_counted"),
                        start.people_counted,
                        lang.t("trainer.initial_stock"),
                        lang.people(before),
                        lang.people(total)
                    ));
                    if !start.warnings.is_empty() {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            format!("{}: {}", lang.t("trainer.left_out"), start.warnings.len()),
                        );
                        egui::ScrollArea::vertical()
                            .id_salt("trainer_start_warnings")
                            .max_height(240.0)
                            .show(ui, |ui| {
                                for w in &start.warnings {
                                    ui.label(w.message(lang.into()));
                                }
                            });
                    }
                    ui.horizontal(|ui| {
                        if ui.button(lang.t("trainer.apply")).clicked() {
                            answer = Answer::Apply;
                        }
                        if ui.button(lang.t("dialog.cancel")).clicked() {
                            answer = Answer::Close;
                        }
                    });
                }
            }
        });
        if modal.should_close() && matches!(answer, Answer::None) {
            answer = Answer::Close;
        }
        match answer {
            Answer::None => {}
            Answer::Close => self.dialog = None,
            Answer::Apply => match self.dialog.take() {
                Some(TrainerDialog::Import { preview, .. }) => {
                    if let Some(l) = &self.loaded {
                        let started = RosterJob::apply(
                            std::sync::Arc::clone(&l.roster),
                            l.path.clone(),
                            preview,
                            self.today,
                            self.cfg.clone(),
                            Some(ui.ctx().clone()),
                        );
                        match started {
                            Ok(job) => self.job = Some(job),
                            Err(e) => self.message = Some(e.to_string()),
                        }
                    }
                }
                Some(TrainerDialog::Estimate { estimates, chosen }) => {
                    let picked: Vec<usize> = chosen
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| **c)
                        .map(|(i, _)| i)
                        .collect();
                    out.push(Command::Edit {
                        field: "roster.estimate_rates".into(),
                        scenario: Box::new(apply_estimates(&doc.scenario, &estimates, &picked)),
                    });
                }
                Some(TrainerDialog::Start(start)) => {
                    out.push(Command::Edit {
                        field: "roster.start_plan".into(),
                        scenario: Box::new(start.scenario),
                    });
                }
                None => {}
            },
        }
        out
    }
}

/// Every problem of an import, one row each; only the visible rows are laid
/// out, so a file with 100,000 bad rows still draws quickly.
fn problem_list(ui: &mut egui::Ui, problems: &[crate::roster::table::Problem], lang: Lang) {
    let l = Language::from(lang);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let row_w = 90.0;
    let col_w = 120.0;
    ui.horizontal(|ui| {
        ui.add_sized(
            [row_w, row_height],
            egui::Label::new(egui::RichText::new(lang.t("trainer.row")).strong()),
        );
        ui.add_sized(
            [col_w, row_height],
            egui::Label::new(egui::RichText::new(lang.t("trainer.column")).strong()),
        );
        ui.strong(lang.t("trainer.reason"));
    });
    egui::ScrollArea::vertical()
        .id_salt("trainer_import_problems")
        .max_height(320.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, problems.len(), |ui, range| {
            for pr in &problems[range] {
                let row = if pr.sheet.is_empty() {
                    pr.row.to_string()
                } else {
                    format!("{} {}", pr.sheet, pr.row)
                };
                ui.horizontal(|ui| {
                    ui.add_sized([row_w, row_height], egui::Label::new(row));
                    ui.add_sized(
                        [col_w, row_height],
                        egui::Label::new(pr.column.as_str()).truncate(),
                    );
                    ui.label(pr.reason(l));
                });
            }
        });
}
