//! The app's dialogs: an error, unsaved changes (save, discard or cancel
//! before the held command runs; one flow for plans and rosters),
//! recovering unsaved work after a crash, About.

use super::{APP_ID, TalentApp};
use crate::model::scenario::Scenario;
use crate::present::command::{Command, RosterCommand};
use crate::present::document::PlanId;

/// A document whose unsaved changes a command would drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unsaved {
    /// A plan (it is shown while the prompt asks).
    Plan(PlanId),
    /// The trainer's roster.
    Roster,
}

impl Unsaved {
    /// The command that saves this document (a plan is the one shown then).
    fn save(self) -> Command {
        match self {
            Unsaved::Plan(_) => Command::Save,
            Unsaved::Roster => Command::Roster(RosterCommand::Save),
        }
    }

    /// Title and text keys of the prompt before `then`.
    fn prompt(self, then: &Command) -> (&'static str, &'static str) {
        match self {
            Unsaved::Plan(_) => ("dialog.unsaved_title", "dialog.unsaved_text"),
            Unsaved::Roster if *then == Command::Quit => {
                ("trainer.unsaved_title", "trainer.unsaved_quit")
            }
            Unsaved::Roster => ("trainer.unsaved_title", "trainer.unsaved_text"),
        }
    }
}

/// A dialog waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Dialog {
    /// An error with a title key and the message.
    Error(&'static str, String),
    /// Unsaved changes of a document: save, discard or cancel before
    /// running the command.
    Unsaved(Unsaved, Command),
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
                Dialog::Unsaved(which, cmd) => {
                    let (title, text) = which.prompt(cmd);
                    ui.heading(lang.t(title));
                    ui.label(lang.t(text));
                    ui.horizontal(|ui| {
                        if ui.button(lang.t("dialog.save")).clicked() {
                            // The held command runs once the save has succeeded
                            // (after a Save As dialog if the document is new).
                            self.after_save = Some((*which, cmd.clone()));
                            out.push(which.save());
                            close = true;
                        }
                        if ui.button(lang.t("dialog.discard")).clicked() {
                            self.discard_changes(*which);
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
                self.plan.doc.dirty = true;
            }
            self.dialog = None;
        }
        out
    }

    /// Drops a document's unsaved changes ("Don't save").
    fn discard_changes(&mut self, which: Unsaved) {
        match which {
            Unsaved::Plan(id) => self.discard_plan_changes(id),
            Unsaved::Roster => self.trainer.discard_changes(),
        }
    }

    /// The document whose unsaved changes `cmd` would drop, if any; an
    /// unsaved roster is asked about before the plans. Importing a table
    /// merges it into the open roster (after its preview), so only opening
    /// another roster, or quitting, can drop the roster's changes.
    pub(super) fn unsaved_before(&self, cmd: &Command) -> Option<Unsaved> {
        use RosterCommand as R;
        let roster = matches!(
            cmd,
            Command::Quit | Command::Roster(R::Open | R::OpenPath(_) | R::OpenExample)
        );
        if roster && self.trainer.roster_dirty() {
            Some(Unsaved::Roster)
        } else {
            self.unsaved_plan_before(cmd).map(Unsaved::Plan)
        }
    }

    /// Runs the command held by the unsaved-changes prompt once the roster's
    /// save has ended: if the roster is clean now; dropped if the save failed
    /// or was cancelled. (The plan's save calls back in [`Self::saved`].)
    pub(super) fn after_roster_save(&mut self, now: f64) {
        if self.trainer.job().is_none()
            && let Some((_, cmd)) = self.take_after_save(Unsaved::Roster)
            && !self.trainer.roster_dirty()
        {
            self.apply(cmd, now);
        }
    }

    /// The command held until `which` is saved, taken out (None if the one
    /// held waits for the other document).
    pub(super) fn take_after_save(&mut self, which: Unsaved) -> Option<(Unsaved, Command)> {
        if self.after_save.as_ref().is_some_and(|(w, _)| *w == which) {
            self.after_save.take()
        } else {
            None
        }
    }
}
