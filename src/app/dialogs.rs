//! The app's dialogs: an error, unsaved changes (save, discard or cancel
//! before the held command runs), recovering unsaved work after a crash,
//! About.

use super::{APP_ID, MODEL_DOC, TalentApp, panels};
use crate::model::scenario::Scenario;
use crate::present::command::Command;

/// A dialog waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Dialog {
    /// An error with a title key and the message.
    Error(&'static str, String),
    /// Unsaved changes: save, discard or cancel before running the command.
    Unsaved(Command),
    /// Work from a crash can be recovered.
    Recover(Box<Scenario>),
    /// About.
    About,
}

impl TalentApp {
    pub(super) fn dialogs(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let lang = self.prefs.language;
        let mut out = Vec::new();
        let Some(dialog) = self.dialog.clone() else {
            return out;
        };
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            match &dialog {
                Dialog::Error(title, msg) => {
                    ui.heading(lang.t(title));
                    ui.label(msg);
                    if ui.button(lang.t("dialog.ok")).clicked() {
                        close = true;
                    }
                }
                Dialog::About => {
                    ui.heading(lang.t("app.title"));
                    ui.label(format!("{} {}", APP_ID, env!("CARGO_PKG_VERSION")));
                    ui.label(lang.t("about.text"));
                    if ui.button(lang.t("dialog.ok")).clicked() {
                        close = true;
                    }
                }
                Dialog::Unsaved(cmd) => {
                    ui.heading(lang.t("dialog.unsaved_title"));
                    ui.label(lang.t("dialog.unsaved_text"));
                    ui.horizontal(|ui| {
                        if ui.button(lang.t("dialog.save")).clicked() {
                            // The held command runs once the save has succeeded
                            // (after a Save As dialog if the document is new).
                            self.after_save = Some(cmd.clone());
                            out.push(Command::Save);
                            close = true;
                        }
                        if ui.button(lang.t("dialog.discard")).clicked() {
                            self.doc.dirty = false;
                            self.remove_recovery();
                            out.push(cmd.clone());
                            close = true;
                        }
                        if ui.button(lang.t("dialog.cancel")).clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Recover(_) => {
                    ui.heading(lang.t("dialog.recover_title"));
                    ui.label(lang.t("dialog.recover_text"));
                    ui.horizontal(|ui| {
                        if ui.button(lang.t("dialog.recover")).clicked() {
                            close = true;
                        }
                        if ui.button(lang.t("dialog.discard")).clicked() {
                            self.remove_recovery();
                            close = true;
                            self.dialog = None;
                        }
                    });
                }
            }
        });
        if modal.should_close() {
            close = true;
        }
        if close {
            if let Some(Dialog::Recover(sc)) = self.dialog.take() {
                let now = ctx.input(|i| i.time);
                self.replace_document(*sc, None, now, None);
                self.doc.dirty = true;
            }
            self.dialog = None;
        }
        out
    }

    /// The model documentation window, while it is open.
    pub(super) fn model_doc_window(&mut self, ctx: &egui::Context) {
        if !self.show_model_doc {
            return;
        }
        let mut open = true;
        egui::Window::new(self.prefs.language.t("doc.title"))
            .open(&mut open)
            .default_size([700.0, 500.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| panels::markdown(ui, MODEL_DOC));
            });
        self.show_model_doc = open;
    }
}
