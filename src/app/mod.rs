//! The desktop app: a planner's workspace over one scenario document.
//!
//! Panels draw from the [`Document`] and return a [`Command`]; the app
//! applies the commands once per frame (edits, undo/redo, files, language).
//! Every edit reprojects the scenario at once (inside the frame for a county,
//! on a background thread, debounced, for big files); the last valid results
//! stay on screen while a value is invalid.
//!
//! `impl TalentApp` is split by concern: [`preferences`] (preferences and
//! start-up), `command_handling` (applying commands), `history` (undo and
//! redo), `files` (open, save, export, recovery), `jobs` (the plan's
//! background work), `monte_carlo` and `dialogs`; this file holds the app's
//! state and draws the frame.

pub mod background;
pub mod chart_png;
mod command_handling;
pub mod decisions;
mod dialogs;
pub mod file_dialogs;
mod files;
pub mod help;
mod history;
pub mod job;
mod jobs;
mod monte_carlo;
pub mod panels;
mod plans;
pub mod preferences;
mod report_job;
pub mod startup;
pub mod trainer;
mod xlsx;

// The presentation layer under the paths it had inside the app.
pub use crate::present::{command, document, i18n, views};

pub use monte_carlo::{MC_RUNS, MonteCarlo};
pub use panels::BackgroundView;
pub use preferences::{
    ENV_FILE, ENV_LANG, ENV_TAB, Preferences, apply_start_overrides, install_fonts,
};

use crate::model::scenario::Scenario;
use crate::present::command::{Command, Tab, ThemeChoice};
use crate::present::document::{Document, PlanId, Selection};
use dialogs::Dialog;
use jobs::LoadJob;
use panels::{Env, McView};
use plans::Plan;
use std::path::PathBuf;
use std::time::Instant;

/// Application id: names the preferences and the recovery file.
pub const APP_ID: &str = "talent-planner";

/// The CJK font shipped with the app (Noto Sans SC, GB2312 subset, OFL),
/// the same the charts draw with.
pub const CJK_FONT: &[u8] = crate::present::charts::CJK_FONT;

pub use help::MODEL_DOC;

/// Seconds between autosaves of unsaved work to the recovery file.
pub const AUTOSAVE_SECS: f64 = 60.0;

/// Seconds a big scenario waits after the last edit before it is reprojected.
pub const DEBOUNCE_SECS: f64 = 0.3;

/// The desktop app.
pub struct TalentApp {
    /// UI preferences.
    pub prefs: Preferences,
    /// The plan shown (its document, history, Monte Carlo, background work).
    plan: Plan,
    /// The other plans open, in the order they were opened.
    parked: Vec<Plan>,
    /// The last plan id given out.
    next_plan: u64,
    /// The last variant number given out.
    next_variant: u32,
    /// Filter of the views.
    pub selection: Selection,
    dialog: Option<Dialog>,
    /// The Help window (user guide, model specification).
    help: help::HelpWindow,
    menu: panels::menu::MenuBar,
    plans_bar: panels::plans::PlansBar,
    tree: panels::tree::TreePanel,
    dashboard: panels::dashboard::DashboardPanel,
    levers: panels::levers::LeversPanel,
    pipeline: panels::pipeline::PipelinePanel,
    townships: panels::townships::TownshipsPanel,
    /// The trainer's workspace (roster views and roster → plan).
    pub trainer: trainer::TrainerPanel,
    status: panels::status::StatusBar,
    /// The decision views (compare, what matters most, the least that
    /// works, the SWOT board): their analyses and panels.
    decisions: decisions::Decisions,
    /// A scenario file being opened in the background.
    load: Option<LoadJob>,
    /// The county plan report being made (File → Export report).
    report: Option<report_job::ReportJob>,
    /// The context, kept so background threads can ask for a repaint.
    repaint: Option<egui::Context>,
    recovery_path: Option<PathBuf>,
    /// The plan last written to the recovery file.
    recovery_of: Option<PlanId>,
    last_autosave: f64,
    close_allowed: bool,
    applied_title: String,
    applied_style: Option<(ThemeChoice, u32)>,
    /// Wall-clock duration of the last frame's UI code, milliseconds.
    pub last_frame_ms: f64,
    status_note: Option<String>,
    files: Box<dyn file_dialogs::FileDialogs>,
    /// The command whose file dialog is open, applied again when it closes.
    dialog_replay: Option<Command>,
    /// The command the unsaved-changes prompt holds back until the save of
    /// that document succeeds.
    after_save: Option<(dialogs::Unsaved, Command)>,
    /// The renderer drawing the window, for the status bar.
    renderer: Option<startup::RendererNote>,
}

impl TalentApp {
    /// An app over `scenario` (usually the default county), without storage.
    #[must_use]
    pub fn new_headless(scenario: Scenario, path: Option<PathBuf>, prefs: Preferences) -> Self {
        Self {
            prefs,
            plan: Plan::new(PlanId(1), scenario, path, false, 0.0, None),
            parked: Vec::new(),
            next_plan: 1,
            next_variant: 0,
            selection: Selection::County,
            dialog: None,
            help: help::HelpWindow::default(),
            menu: panels::menu::MenuBar,
            plans_bar: panels::plans::PlansBar,
            tree: panels::tree::TreePanel::default(),
            dashboard: panels::dashboard::DashboardPanel::default(),
            levers: panels::levers::LeversPanel::default(),
            pipeline: panels::pipeline::PipelinePanel::default(),
            townships: panels::townships::TownshipsPanel::default(),
            trainer: trainer::TrainerPanel::default(),
            status: panels::status::StatusBar,
            decisions: decisions::Decisions::default(),
            load: None,
            report: None,
            repaint: None,
            recovery_path: None,
            recovery_of: None,
            last_autosave: 0.0,
            close_allowed: false,
            applied_title: String::new(),
            applied_style: None,
            last_frame_ms: 0.0,
            status_note: None,
            files: Box::new(file_dialogs::NativeDialogs::default()),
            dialog_replay: None,
            after_save: None,
            renderer: None,
        }
    }

    /// Names the renderer drawing the window in the status bar.
    pub fn set_renderer_note(&mut self, note: startup::RendererNote) {
        self.renderer = Some(note);
    }

    /// Sets where unsaved work is autosaved (None turns autosave off).
    pub fn set_recovery_path(&mut self, path: Option<PathBuf>) {
        self.recovery_path = path;
    }

    /// Replaces where file names come from (native dialogs by default).
    pub fn set_file_dialogs(&mut self, dialogs: Box<dyn file_dialogs::FileDialogs>) {
        self.files = dialogs;
    }

    /// True once the app has agreed to close (after any unsaved-changes prompt).
    #[must_use]
    pub fn close_allowed(&self) -> bool {
        self.close_allowed
    }

    /// Number of undo steps available in the plan shown.
    #[must_use]
    pub fn undo_len(&self) -> usize {
        self.plan.history.undo_len()
    }

    /// The document of the plan shown.
    #[must_use]
    pub fn doc(&self) -> &Document {
        &self.plan.doc
    }

    /// The document of the plan shown, to change in place (tests and
    /// scripts; the UI changes it through commands).
    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.plan.doc
    }

    /// The message of the error dialog on screen, if any.
    #[must_use]
    pub fn error_message(&self) -> Option<&str> {
        match &self.dialog {
            Some(Dialog::Error(_, m)) => Some(m),
            _ => None,
        }
    }

    /// True while one of the app's dialogs (an error, unsaved changes,
    /// recovery, About) waits for an answer.
    #[must_use]
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    /// The Help document open, if any.
    #[must_use]
    pub fn help_open(&self) -> Option<help::HelpDoc> {
        self.help.open
    }

    /// The current centre tab.
    #[must_use]
    pub fn tab(&self) -> Tab {
        self.prefs.tab
    }

    /// The window title: file name, unsaved mark, app name.
    #[must_use]
    pub fn title(&self) -> String {
        let mark = if self.plan.doc.dirty { "● " } else { "" };
        format!(
            "{mark}{} — {}",
            self.plan.label(self.prefs.language),
            self.prefs.language.t("app.title")
        )
    }

    /// Applies a command given in the UI this frame; an edit clears the
    /// status bar's note (saved, exported).
    fn apply_from_ui(&mut self, cmd: Command, now: f64) {
        if matches!(cmd, Command::Edit { .. } | Command::Undo | Command::Redo) {
            self.status_note = None;
        }
        self.apply(cmd, now);
    }

    /// Draws the whole workspace and applies the commands of this frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let t0 = Instant::now();
        let ctx = ui.ctx().clone();
        let now = ctx.input(|i| i.time);
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
        self.apply_style(&ctx);
        self.poll_background(&ctx, now);
        self.poll_monte_carlo(&ctx, now);
        self.trainer.poll_job();
        self.poll_decisions(Some(&ctx));
        self.poll_report();
        self.poll_file_dialog(&ctx, now);
        self.after_roster_save(now);
        self.autosave(now);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECS));

        let title = self.title();
        if title != self.applied_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.applied_title = title;
        }
        // Closing the window with unsaved work asks first (see `Command::Quit`).
        if ctx.input(|i| i.viewport().close_requested())
            && !self.close_allowed
            && self.unsaved_before(&Command::Quit).is_some()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.apply(Command::Quit, now);
        }

        let mut commands = self.shortcuts(&ctx);
        let plans = self.plans();
        let revisions = self.plan_revisions();
        let shown = (self.plan.id, self.plan.doc.revision);
        let env = Env {
            lang: self.prefs.language,
            selection: self.selection.clone(),
            tab: self.prefs.tab,
            theme: self.prefs.theme,
            scale: self.prefs.scale,
            mc: McView {
                summary: self.plan.mc.summary.as_ref(),
                stale: self.plan.mc.stale,
                progress: self.plan.mc.progress,
                process_only: self.plan.mc.process_only,
            },
            can_undo: self.plan.history.can_undo(),
            can_redo: self.plan.history.can_redo(),
            recent: &self.prefs.recent_files,
            plans: &plans,
            loading: self.loading(),
            computing: self.computing(),
            background: self.background_view(now).or_else(|| self.report_view(now)),
            note: self.status_note.as_deref(),
            renderer: self.renderer.as_ref(),
        };
        let doc = &self.plan.doc;
        let Self {
            menu,
            plans_bar,
            tree,
            dashboard,
            levers,
            pipeline,
            townships,
            trainer,
            status,
            decisions,
            ..
        } = self;
        let (decide, decided) = decisions.split(&revisions, shown, env.lang, now);

        let menu_bar = egui::Panel::top("menu_bar").show(ui, |ui| {
            commands.extend(menu.ui(ui, doc, &env));
        });
        // Windows (Help) stay below the menu bar, inside the screen.
        let mut below_menu = ctx.content_rect();
        below_menu.min.y = menu_bar.response.rect.max.y;
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            commands.extend(status.ui(ui, doc, &env));
        });
        egui::Panel::left("scenario_tree")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| {
                commands.extend(tree.ui(ui, doc, &env));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            commands.extend(plans_bar.ui(ui, &env));
            ui.horizontal_wrapped(|ui| {
                for (tab, key) in [
                    (Tab::Dashboard, "tab.dashboard"),
                    (Tab::Levers, "tab.levers"),
                    (Tab::Pipeline, "tab.pipeline"),
                    (Tab::Townships, "tab.townships"),
                    (Tab::Trainer, "tab.trainer"),
                    (Tab::Compare, "tab.compare"),
                    (Tab::Sensitivity, "tab.sensitivity"),
                    (Tab::Swot, "tab.swot"),
                ] {
                    if ui
                        .selectable_label(env.tab == tab, env.lang.t(key))
                        .clicked()
                    {
                        commands.push(Command::SetTab(tab));
                    }
                }
                if ui
                    .selectable_label(decide.seek_open, env.lang.t("tab.seek"))
                    .clicked()
                {
                    commands.push(Command::Decide(command::DecisionCommand::ToggleSeek));
                }
            });
            ui.separator();
            match env.tab {
                Tab::Dashboard => commands.extend(dashboard.ui(ui, doc, &env)),
                Tab::Levers => commands.extend(levers.ui(ui, doc, &env)),
                Tab::Pipeline => commands.extend(pipeline.ui(ui, doc, &env)),
                Tab::Townships => commands.extend(townships.ui(ui, doc, &env)),
                Tab::Trainer => commands.extend(trainer.ui(ui, doc, &env)),
                Tab::Compare => commands.extend(decide.compare.ui(ui, doc, &env, &decided)),
                Tab::Sensitivity => {
                    commands.extend(decide.sensitivity.ui(ui, doc, &env, &decided));
                }
                Tab::Swot => commands.extend(decide.swot.ui(ui, doc, &env, &decided)),
            }
        });
        commands.extend(decide.seek.window(
            &ctx,
            below_menu,
            decide.seek_open,
            doc,
            &env,
            &decided,
        ));
        self.help.show(&ctx, below_menu, self.prefs.language);
        for cmd in commands {
            self.apply_from_ui(cmd, now);
        }
        // Dialogs come last, so one that a command of this frame opened
        // (unsaved changes) shows at once.
        for cmd in self.dialogs(&ctx) {
            self.apply_from_ui(cmd, now);
        }
        if self.close_allowed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.last_frame_ms = t0.elapsed().as_secs_f64() * 1e3;
    }
}

impl eframe::App for TalentApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.plan.doc.dirty && self.parked.iter().all(|p| !p.doc.dirty) {
            self.remove_recovery();
        }
    }
}

/// Opens the desktop app on `file`, or the default county, with the
/// renderer `--renderer` forces (see [`startup`]).
pub fn run(file: Option<PathBuf>, renderer: Option<crate::cli::Renderer>) -> anyhow::Result<()> {
    startup::run(file, renderer)
}
