//! Applying commands: each command the panels, the menus and the keyboard
//! give is applied here, once per frame; commands that would drop unsaved
//! work ask first.

use super::dialogs::{Dialog, Unsaved};
use super::plans::Plan;
use super::preferences::saves_dir;
use super::{TalentApp, document};
use crate::model::io;
use crate::present::command::{Command, RosterCommand, Tab};
use std::path::PathBuf;

impl Plan {
    /// The scenario changed (an edit, undo or redo): unsaved, a new
    /// revision, Monte Carlo bands out of date, reprojected.
    fn scenario_changed(&mut self, now: f64) {
        self.doc.dirty = true;
        self.doc.revision = document::next_revision();
        if self.mc.summary.is_some() {
            self.mc.stale = true;
        }
        self.mc.cancel();
        if self.mc.auto && !self.doc.is_big() {
            self.mc.auto_at = Some(now + 1.0);
        }
        self.recompute(now);
    }
}

impl TalentApp {
    /// Applies one command. `now` is the UI clock in seconds. A command
    /// that would drop unsaved changes asks first (the roster in its tab).
    pub fn apply(&mut self, cmd: Command, now: f64) {
        if let Some(which) = self.unsaved_before(&cmd) {
            self.show_unsaved(which);
            self.dialog = Some(Dialog::Unsaved(which, cmd));
            return;
        }
        self.apply_confirmed(cmd, now);
    }

    /// Applies a command. One that asks for a file name while a dialog is
    /// open does nothing (one dialog at a time); one whose dialog opens is
    /// kept, and applied again when the dialog closes, its call then
    /// getting the answer (the window keeps drawing meanwhile).
    pub(super) fn apply_confirmed(&mut self, cmd: Command, now: f64) {
        if !cmd.asks_for_file() {
            self.run_command(cmd, now);
            return;
        }
        if self.files.waiting() {
            return;
        }
        let replay = cmd.clone();
        self.run_command(cmd, now);
        // The innermost command that asked is kept (Save asks through Save As).
        if self.files.waiting() && self.dialog_replay.is_none() {
            self.dialog_replay = Some(replay);
        }
    }

    /// When a file dialog has closed, applies again the command that
    /// opened it: its call now gets the answer (a path, or cancelled).
    pub(super) fn poll_file_dialog(&mut self, ctx: &egui::Context, now: f64) {
        if self.files.poll().is_some() {
            if let Some(cmd) = self.dialog_replay.take() {
                self.apply_confirmed(cmd, now);
            }
            self.files.forget();
        }
        if self.files.waiting() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn run_command(&mut self, cmd: Command, now: f64) {
        match cmd {
            Command::Edit { field, scenario } => {
                let plan = &mut self.plan;
                let big = plan.doc.is_big();
                if plan
                    .history
                    .edit(&mut plan.doc.scenario, field, *scenario, now, big)
                {
                    plan.scenario_changed(now);
                }
            }
            Command::Undo => {
                let plan = &mut self.plan;
                if plan.history.undo(&mut plan.doc.scenario) {
                    plan.scenario_changed(now);
                }
            }
            Command::Redo => {
                let plan = &mut self.plan;
                if plan.history.redo(&mut plan.doc.scenario) {
                    plan.scenario_changed(now);
                }
            }
            Command::New => match io::default_scenario() {
                Ok(sc) => self.replace_document(sc, None, now, None),
                Err(e) => self.dialog = Some(Dialog::Error("err.load_title", e.to_string())),
            },
            Command::Open => {
                if let Some(path) = self.files.open_file(&saves_dir(), "RON", &["ron"]) {
                    self.apply_confirmed(Command::OpenPath(path), now);
                }
            }
            Command::OpenPath(path) => self.open_path(path, now, false),
            Command::Save => match self.plan.doc.path.clone() {
                Some(p) => self.apply_confirmed(Command::SaveTo(p), now),
                None => self.apply_confirmed(Command::SaveAs, now),
            },
            Command::SaveAs => {
                let name = self.plan.proposed_file_name(self.prefs.language);
                match self.files.save_file(&saves_dir(), &name, "RON", "ron") {
                    Some(path) => self.apply_confirmed(Command::SaveTo(path), now),
                    // The dialog is open: the answer comes later.
                    None if self.files.waiting() => {}
                    // Cancelled: whatever waited for the save does not happen.
                    None => {
                        let _ = self.take_after_save(Unsaved::Plan(self.plan.id));
                    }
                }
            }
            Command::SaveTo(path) if self.plan.doc.is_big() => self.save_in_background(path, now),
            Command::SaveTo(path) => {
                let result = io::save(&self.plan.doc.scenario, &path).map_err(|e| e.to_string());
                let (id, revision) = (self.plan.id, self.plan.doc.revision);
                self.saved(id, path, revision, result, now);
            }
            Command::ExportCsv | Command::ExportXlsx => {
                self.export(matches!(cmd, Command::ExportXlsx))
            }
            Command::ExportReport => self.export_report(now),
            Command::SetLanguage(l) => self.prefs.language = l,
            Command::SetTheme(t) => self.prefs.theme = t,
            Command::SetScale(s) => self.prefs.scale = s.clamp(0.5, 3.0),
            Command::Select(s) => self.selection = s,
            Command::SetTab(t) => self.prefs.tab = t,
            Command::JumpTo(path) => {
                let lever = crate::present::levers::has_row(&self.plan.doc.scenario, &path);
                self.prefs.tab =
                    if !lever && (path.starts_with("stages") || path.starts_with("retention")) {
                        Tab::Pipeline
                    } else {
                        Tab::Levers
                    };
                self.levers.focus(&path);
            }
            Command::StartMonteCarlo => self.start_monte_carlo(),
            Command::SetProcessOnly(on) => {
                self.plan.mc.process_only = on;
                self.plan.mc.cancel();
                self.plan.mc.stale = self.plan.mc.summary.is_some();
                self.start_monte_carlo();
            }
            Command::CancelMonteCarlo => {
                if let Some((_, job)) = &self.plan.mc.job {
                    job.cancel();
                }
            }
            Command::ShowModelDoc => self.help.open = Some(super::help::HelpDoc::Model),
            Command::ShowGuide => self.help.open = Some(super::help::HelpDoc::Guide),
            Command::ShowAbout => self.dialog = Some(Dialog::About),
            Command::CancelBackground => {
                self.cancel_background(now);
                self.cancel_report();
            }
            Command::Quit => self.close_allowed = true,
            Command::Roster(r) => self.apply_roster(r),
            Command::SaveAsVariant => self.save_as_variant(now),
            Command::OpenBeside => {
                if let Some(path) = self.files.open_file(&saves_dir(), "RON", &["ron"]) {
                    self.apply_confirmed(Command::OpenBesidePath(path), now);
                }
            }
            Command::OpenBesidePath(path) => self.open_path(path, now, true),
            Command::SwitchPlan(id) => self.switch_plan(id),
            Command::ClosePlan(id) => self.close_plan(id),
            Command::Decide(d) => self.apply_decision(d, now),
        }
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<Command> {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let mut out = Vec::new();
        let table = [
            (
                KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
                Command::Redo,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Z),
                Command::Undo,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
                Command::Redo,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
                Command::Save,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
                Command::Open,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::N),
                Command::New,
            ),
        ];
        ctx.input_mut(|i| {
            for (sc, cmd) in table {
                if i.consume_shortcut(&sc) {
                    out.push(cmd);
                }
            }
        });
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| p.extension().is_some_and(|e| e == "ron"))
                .collect()
        });
        if let Some(p) = dropped.into_iter().next() {
            out.push(Command::OpenPath(p));
        }
        out
    }

    /// Applies a roster command: file names come from the same dialogs as
    /// the plan's; the work runs in the trainer's background jobs.
    fn apply_roster(&mut self, cmd: RosterCommand) {
        let ctx = self.repaint.clone();
        let dir = saves_dir();
        match cmd {
            RosterCommand::Open => {
                if let Some(path) = self.files.open_file(&dir, "RON", &["ron"]) {
                    self.trainer.start_open(path, ctx);
                }
            }
            RosterCommand::OpenPath(path) => self.trainer.start_open(path, ctx),
            RosterCommand::OpenExample => self.trainer.show_example(self.prefs.language),
            RosterCommand::Import => {
                let exts = ["csv", "xlsx", "xls", "ods"];
                if let Some(path) = self.files.open_file(&dir, "CSV / Excel", &exts) {
                    self.trainer.start_import(path, &self.plan.doc, ctx);
                }
            }
            RosterCommand::ImportPath(path) => {
                self.trainer.start_import(path, &self.plan.doc, ctx);
            }
            RosterCommand::Save => match self.trainer.roster_path() {
                Some(path) => self.trainer.start_save(path.to_path_buf(), ctx),
                None => self.apply_roster(RosterCommand::SaveAs),
            },
            RosterCommand::SaveAs => match self.files.save_file(&dir, "roster.ron", "RON", "ron") {
                Some(path) => self.trainer.start_save(path, ctx),
                // The dialog is open: the answer comes later.
                None if self.files.waiting() => {}
                // Cancelled: whatever waited for the save does not happen.
                None => {
                    let _ = self.take_after_save(Unsaved::Roster);
                }
            },
            RosterCommand::SaveTo(path) => self.trainer.start_save(path, ctx),
            RosterCommand::Export { xlsx } => {
                let ext = if xlsx { "xlsx" } else { "csv" };
                let name = format!("{}.{ext}", self.trainer.export_stem(self.prefs.language));
                if let Some(path) = self.files.save_file(&dir, &name, ext, ext) {
                    let lang = self.prefs.language;
                    self.trainer.start_export(path, xlsx, lang, ctx);
                }
            }
        }
    }
}
