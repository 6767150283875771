//! The desktop app: a planner's workspace over one scenario document.
//!
//! Panels draw from the [`Document`] and return a [`Command`]; the app
//! applies the commands once per frame (edits, undo/redo, files, language).
//! Every edit reprojects the scenario at once (inside the frame for a county,
//! on a background thread, debounced, for big files); the last valid results
//! stay on screen while a value is invalid.

pub mod background;
pub mod command;
pub mod document;
pub mod file_dialogs;
pub mod i18n;
pub mod panels;
pub mod startup;
pub mod trainer;
pub mod views;
mod xlsx;

use command::{Command, Tab, ThemeChoice};
use document::{Document, Selection};
use i18n::Lang;
use panels::Env;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Instant;

use crate::model::io;
use crate::model::scenario::Scenario;

/// Application id: names the preferences and the recovery file.
pub const APP_ID: &str = "talent-planner";

/// The CJK font shipped with the app (Noto Sans SC, GB2312 subset, OFL).
pub const CJK_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");

/// The model documentation shown under Help.
pub const MODEL_DOC: &str = include_str!("../../MODEL.md");

/// Seconds between autosaves of unsaved work to the recovery file.
pub const AUTOSAVE_SECS: f64 = 60.0;

/// Seconds a big scenario waits after the last edit before it is reprojected.
pub const DEBOUNCE_SECS: f64 = 0.3;

/// Consecutive edits of one field closer than this (seconds) form one undo step.
const COALESCE_SECS: f64 = 1.0;

/// Undo steps kept.
const MAX_UNDO: usize = 200;

/// Undo steps kept for big documents (each step holds a whole scenario).
const MAX_UNDO_BIG: usize = 16;

/// Most recent files remembered.
const MAX_RECENT: usize = 8;

/// Files larger than this are read on a background thread.
const BACKGROUND_LOAD_BYTES: u64 = 1 << 20;

/// UI preferences, kept in eframe storage (never documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Interface language.
    pub language: Lang,
    /// Theme.
    pub theme: ThemeChoice,
    /// UI scale (zoom factor).
    pub scale: f32,
    /// Recently opened or saved files, newest first.
    pub recent_files: Vec<PathBuf>,
    /// The centre tab last shown.
    pub tab: Tab,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            language: Lang::Zh,
            theme: ThemeChoice::System,
            scale: 1.0,
            recent_files: Vec::new(),
            tab: Tab::Dashboard,
        }
    }
}

/// Adds the shipped CJK font as a fallback for every font family.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "noto_sans_sc",
        egui::FontData::from_static(CJK_FONT),
        vec![
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
        ],
    ));
}

/// A dialog waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    /// An error with a title key and the message.
    Error(&'static str, String),
    /// Unsaved changes: save, discard or cancel before running the command.
    Unsaved(Command),
    /// Work from a crash can be recovered.
    Recover(Box<Scenario>),
    /// About.
    About,
}

/// Result of a background job.
enum Background {
    /// A file was read (and, if big, checked and projected).
    Loaded {
        job: u64,
        path: PathBuf,
        result: Result<(Box<Scenario>, Option<background::Checked>), String>,
    },
    /// A big scenario was reprojected after edits.
    Projected {
        job: u64,
        revision: u64,
        checked: background::Checked,
    },
    /// A big scenario was written (revision `revision` of the document).
    Saved {
        path: PathBuf,
        revision: u64,
        result: Result<(), String>,
    },
}

/// A background load or projection the UI is waiting for.
struct Job {
    id: u64,
    progress: Arc<background::JobProgress>,
    started: f64,
    /// The file being opened; `None` for a reprojection.
    load: Option<PathBuf>,
}

/// What the status bar shows of a background job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackgroundView {
    /// What it is doing.
    pub phase: background::Phase,
    /// Share of the phase done, if known.
    pub fraction: Option<f32>,
    /// Seconds since it started.
    pub elapsed_secs: f64,
    /// True while a file is being opened (false: reprojecting the open one).
    pub loading: bool,
}

/// Replications of a Monte Carlo run started from the app.
pub const MC_RUNS: usize = 200;

/// Monte Carlo state: the background job, its progress and the last bands.
#[derive(Debug, Default)]
pub struct MonteCarlo {
    /// Latest summary (complete, partial or cancelled run).
    pub summary: Option<views::McSummary>,
    /// True when the scenario changed since the summary was computed.
    pub stale: bool,
    /// Progress of a running job in `[0, 1]`.
    pub progress: Option<f32>,
    /// Start a run automatically a moment after the scenario changes.
    pub auto: bool,
    job: Option<(u64, crate::model::montecarlo::McJob)>,
    auto_at: Option<f64>,
    last_partial: f64,
}

impl MonteCarlo {
    /// True while a job runs.
    #[must_use]
    pub fn running(&self) -> bool {
        self.job.is_some()
    }
}

/// The desktop app.
pub struct TalentApp {
    /// UI preferences.
    pub prefs: Preferences,
    /// The open document.
    pub doc: Document,
    /// Filter of the views.
    pub selection: Selection,
    /// Monte Carlo state.
    pub mc: MonteCarlo,
    undo: Vec<(String, Scenario, f64)>,
    redo: Vec<Scenario>,
    dialog: Option<Dialog>,
    show_model_doc: bool,
    menu: panels::menu::MenuBar,
    tree: panels::tree::TreePanel,
    dashboard: panels::dashboard::DashboardPanel,
    levers: panels::levers::LeversPanel,
    pipeline: panels::pipeline::PipelinePanel,
    townships: panels::townships::TownshipsPanel,
    /// The trainer's workspace (roster views and roster → plan).
    pub trainer: trainer::TrainerPanel,
    status: panels::status::StatusBar,
    bg_tx: mpsc::Sender<Background>,
    bg_rx: mpsc::Receiver<Background>,
    job: Option<Job>,
    next_job: u64,
    project_after: Option<f64>,
    /// Where a big document is being written, while it is.
    saving: Option<PathBuf>,
    /// The context, kept so background threads can ask for a repaint.
    repaint: Option<egui::Context>,
    recovery_path: Option<PathBuf>,
    last_autosave: f64,
    close_allowed: bool,
    applied_title: String,
    applied_style: Option<(ThemeChoice, u32)>,
    /// Wall-clock duration of the last frame's UI code, milliseconds.
    pub last_frame_ms: f64,
    status_note: Option<String>,
    files: Box<dyn file_dialogs::FileDialogs>,
    /// The command the unsaved-changes prompt holds back until its "Save" succeeds.
    after_save: Option<Command>,
    /// The renderer drawing the window, for the status bar.
    renderer: Option<startup::RendererNote>,
}

impl TalentApp {
    /// An app over `scenario` (usually the default county), without storage.
    #[must_use]
    pub fn new_headless(scenario: Scenario, path: Option<PathBuf>, prefs: Preferences) -> Self {
        let (bg_tx, bg_rx) = mpsc::channel();
        let mut app = Self {
            prefs,
            doc: Document::new(scenario, path),
            selection: Selection::County,
            mc: MonteCarlo::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            dialog: None,
            show_model_doc: false,
            menu: panels::menu::MenuBar,
            tree: panels::tree::TreePanel::default(),
            dashboard: panels::dashboard::DashboardPanel::default(),
            levers: panels::levers::LeversPanel::default(),
            pipeline: panels::pipeline::PipelinePanel::default(),
            townships: panels::townships::TownshipsPanel::default(),
            trainer: trainer::TrainerPanel::default(),
            status: panels::status::StatusBar,
            bg_tx,
            bg_rx,
            job: None,
            next_job: 0,
            project_after: None,
            saving: None,
            repaint: None,
            recovery_path: None,
            last_autosave: 0.0,
            close_allowed: false,
            applied_title: String::new(),
            applied_style: None,
            last_frame_ms: 0.0,
            status_note: None,
            files: Box::new(file_dialogs::NativeDialogs),
            after_save: None,
            renderer: None,
        };
        app.recompute(0.0);
        app
    }

    /// The app as eframe creates it: preferences from storage, a file from the
    /// command line or the default county, and an offer to recover unsaved work.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        install_fonts(&cc.egui_ctx);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let prefs: Preferences = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let default = io::default_scenario().unwrap_or_else(|_| empty_scenario());
        let mut prefs = prefs;
        apply_start_overrides(&mut prefs, |k| std::env::var(k).ok());
        let file = file.or_else(|| std::env::var_os(ENV_FILE).map(PathBuf::from));
        let mut app = Self::new_headless(default, None, prefs);
        app.mc.auto = true;
        app.mc.auto_at = Some(0.0);
        app.recovery_path = eframe::storage_dir(APP_ID).map(|d| d.join("recovery.ron"));
        if app.trainer.startup_from_env() {
            app.prefs.tab = Tab::Trainer;
        }
        if let Some(path) = file {
            app.apply(Command::OpenPath(path), 0.0);
        } else if let Some(rec) = app.recovery_path.as_deref().filter(|p| p.exists())
            && let Ok(sc) = io::load(rec)
        {
            app.dialog = Some(Dialog::Recover(Box::new(sc)));
        }
        app
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

    /// Number of undo steps available.
    #[must_use]
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// The message of the error dialog on screen, if any.
    #[must_use]
    pub fn error_message(&self) -> Option<&str> {
        match &self.dialog {
            Some(Dialog::Error(_, m)) => Some(m),
            _ => None,
        }
    }

    /// The current centre tab.
    #[must_use]
    pub fn tab(&self) -> Tab {
        self.prefs.tab
    }

    /// Reprojects the scenario: in the frame for a county, debounced in the
    /// background for big files (a reprojection still running is stopped:
    /// its result would be out of date).
    fn recompute(&mut self, now: f64) {
        if self.doc.is_big() {
            self.project_after = Some(now + DEBOUNCE_SECS);
            if self.job.as_ref().is_some_and(|j| j.load.is_none())
                && let Some(job) = self.job.take()
            {
                job.progress.cancel();
            }
            return;
        }
        let t0 = Instant::now();
        let (problems, projection) = document::check_and_project(&self.doc.scenario);
        self.doc.problems = problems;
        self.doc.problems_revision = self.doc.revision;
        if let Some(p) = projection {
            self.doc.results = Some(Arc::new(p));
            self.doc.results_revision = self.doc.revision;
        }
        self.doc.last_compute_ms = t0.elapsed().as_secs_f64() * 1e3;
    }

    /// True while a file is opened or a big scenario projected in the background.
    #[must_use]
    pub fn background_busy(&self) -> bool {
        self.job.is_some() || self.project_after.is_some()
    }

    /// What the status bar shows of the background job, if one runs.
    #[must_use]
    pub fn background_view(&self, now: f64) -> Option<BackgroundView> {
        self.job.as_ref().map(|j| BackgroundView {
            phase: j.progress.phase(),
            fraction: j.progress.fraction(),
            elapsed_secs: (now - j.started).max(0.0),
            loading: j.load.is_some(),
        })
    }

    fn new_job(&mut self, load: Option<PathBuf>, now: f64) -> (u64, Arc<background::JobProgress>) {
        if let Some(old) = self.job.take() {
            old.progress.cancel();
        }
        self.next_job += 1;
        let progress = Arc::new(background::JobProgress::default());
        self.job = Some(Job {
            id: self.next_job,
            progress: Arc::clone(&progress),
            started: now,
            load,
        });
        (self.next_job, progress)
    }

    fn start_background_projection(&mut self, now: f64) {
        let scenario = self.doc.scenario.clone();
        let revision = self.doc.revision;
        let tx = self.bg_tx.clone();
        let ctx = self.repaint.clone();
        let (job, progress) = self.new_job(None, now);
        let spawned = std::thread::Builder::new()
            .name("projection".into())
            .spawn(move || {
                let checked = background::check_and_project(&scenario, &progress);
                background::drop_later(scenario);
                if let Some(checked) = checked {
                    let _ = tx.send(Background::Projected {
                        job,
                        revision,
                        checked,
                    });
                }
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            self.job = None;
            self.recompute_now();
        }
    }

    fn recompute_now(&mut self) {
        let (problems, projection) = document::check_and_project(&self.doc.scenario);
        self.doc.problems = problems;
        self.doc.problems_revision = self.doc.revision;
        if let Some(p) = projection {
            self.doc.results = Some(Arc::new(p));
            self.doc.results_revision = self.doc.revision;
        }
    }

    /// Puts background results in place (the old projection is freed off the UI thread).
    fn install(&mut self, checked: background::Checked, revision: u64) {
        self.doc.problems = checked.problems;
        self.doc.problems_revision = revision;
        self.doc.last_compute_ms = checked.ms;
        if let Some(p) = checked.projection {
            let old = self.doc.results.replace(Arc::new(p));
            background::drop_later(old);
            self.doc.results_revision = revision;
        }
    }

    fn replace_document(
        &mut self,
        scenario: Scenario,
        path: Option<PathBuf>,
        now: f64,
        checked: Option<background::Checked>,
    ) {
        let old = std::mem::replace(&mut self.doc, Document::new(scenario, path));
        let undo = std::mem::take(&mut self.undo);
        let redo = std::mem::take(&mut self.redo);
        background::drop_later((old, undo, redo));
        self.selection = Selection::County;
        self.project_after = None;
        let auto = self.mc.auto;
        // Monte Carlo on a big file is started by hand only.
        self.mc = MonteCarlo {
            auto,
            auto_at: (auto && !self.doc.is_big()).then_some(now),
            ..MonteCarlo::default()
        };
        match checked {
            Some(c) => {
                let revision = self.doc.revision;
                self.install(c, revision);
            }
            None => self.recompute(now),
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        let recent = &mut self.prefs.recent_files;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_path_buf());
        recent.truncate(MAX_RECENT);
    }

    fn scenario_changed(&mut self, now: f64) {
        self.doc.dirty = true;
        self.doc.revision = document::next_revision();
        if self.mc.summary.is_some() {
            self.mc.stale = true;
        }
        if let Some((_, job)) = self.mc.job.take() {
            job.cancel();
            self.mc.progress = None;
        }
        if self.mc.auto && !self.doc.is_big() {
            self.mc.auto_at = Some(now + 1.0);
        }
        self.recompute(now);
    }

    /// Starts Monte Carlo replications of the current scenario in the background.
    pub fn start_monte_carlo(&mut self) {
        if self.mc.job.is_some() || self.doc.problems.iter().any(|p| p.error) {
            return;
        }
        let model = match crate::model::Model::compile(&self.doc.scenario) {
            Ok(m) => m,
            Err(e) => {
                self.dialog = Some(Dialog::Error("err.model", e.to_string()));
                return;
            }
        };
        match crate::model::montecarlo::McJob::start(model, MC_RUNS, self.doc.scenario.seed) {
            Ok(job) => {
                self.mc.job = Some((self.doc.revision, job));
                self.mc.progress = Some(0.0);
            }
            Err(e) => self.dialog = Some(Dialog::Error("err.model", e.to_string())),
        }
    }

    /// Advances the Monte Carlo job: progress, partial bands, the final result.
    fn poll_monte_carlo(&mut self, ctx: &egui::Context, now: f64) {
        if let Some(at) = self.mc.auto_at {
            if now >= at && self.doc.results_current() {
                self.mc.auto_at = None;
                self.start_monte_carlo();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(200));
            }
        }
        let Some((revision, job)) = self.mc.job.as_mut() else {
            return;
        };
        let revision = *revision;
        let (done, total) = job.progress();
        self.mc.progress = Some(done as f32 / total.max(1) as f32);
        let finished = job.try_finish();
        let partial = if finished.is_none() && now - self.mc.last_partial > 0.5 {
            self.mc.last_partial = now;
            job.partial()
        } else {
            None
        };
        let result = finished.as_ref().or(partial.as_ref());
        if let (Some(r), Some(p)) = (result, self.doc.results.as_ref())
            && revision == self.doc.revision
            && r.completed > 0
        {
            self.mc.summary = Some(views::mc_summary(&self.doc.scenario, p, r));
            self.mc.stale = false;
        }
        if finished.is_some() {
            self.mc.job = None;
            self.mc.progress = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Waits for the running Monte Carlo job to finish (for tests and scripts).
    pub fn finish_monte_carlo(&mut self, ctx: &egui::Context) {
        while let Some((_, job)) = &self.mc.job {
            if job.is_finished() {
                self.poll_monte_carlo(ctx, f64::MAX);
            } else {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }

    fn needs_confirmation(&self, cmd: &Command) -> bool {
        self.doc.dirty
            && matches!(
                cmd,
                Command::New | Command::Open | Command::OpenPath(_) | Command::Quit
            )
    }

    /// Applies one command. `now` is the UI clock in seconds.
    pub fn apply(&mut self, cmd: Command, now: f64) {
        if matches!(cmd, Command::Quit) && self.trainer.roster_dirty() {
            self.prefs.tab = Tab::Trainer;
            self.trainer.ask_before_quit();
            return;
        }
        if self.needs_confirmation(&cmd) {
            self.dialog = Some(Dialog::Unsaved(cmd));
            return;
        }
        self.apply_confirmed(cmd, now);
    }

    fn apply_confirmed(&mut self, cmd: Command, now: f64) {
        match cmd {
            Command::Edit { field, scenario } => {
                if same_scenario(&scenario, &self.doc.scenario) {
                    return;
                }
                let coalesce = self.redo.is_empty()
                    && self
                        .undo
                        .last()
                        .is_some_and(|(f, _, t)| *f == field && now - *t < COALESCE_SECS);
                let before = std::mem::replace(&mut self.doc.scenario, *scenario);
                if coalesce {
                    if let Some(last) = self.undo.last_mut() {
                        last.2 = now;
                    }
                } else {
                    self.undo.push((field, before, now));
                    let limit = if self.doc.is_big() {
                        MAX_UNDO_BIG
                    } else {
                        MAX_UNDO
                    };
                    if self.undo.len() > limit {
                        let dropped: Vec<_> = self.undo.drain(..self.undo.len() - limit).collect();
                        background::drop_later(dropped);
                    }
                }
                background::drop_later(std::mem::take(&mut self.redo));
                self.scenario_changed(now);
            }
            Command::Undo => {
                if let Some((_, before, _)) = self.undo.pop() {
                    let after = std::mem::replace(&mut self.doc.scenario, before);
                    self.redo.push(after);
                    self.scenario_changed(now);
                }
            }
            Command::Redo => {
                if let Some(after) = self.redo.pop() {
                    let before = std::mem::replace(&mut self.doc.scenario, after);
                    self.undo.push(("redo".into(), before, f64::NEG_INFINITY));
                    self.scenario_changed(now);
                }
            }
            Command::New => match io::default_scenario() {
                Ok(sc) => self.replace_document(sc, None, now, None),
                Err(e) => self.dialog = Some(Dialog::Error("err.load_title", e.to_string())),
            },
            Command::Open => {
                if let Some(path) = self.files.open_file(&saves_dir()) {
                    self.apply_confirmed(Command::OpenPath(path), now);
                }
            }
            Command::OpenPath(path) => self.open_path(path, now),
            Command::Save => match self.doc.path.clone() {
                Some(p) => self.apply_confirmed(Command::SaveTo(p), now),
                None => self.apply_confirmed(Command::SaveAs, now),
            },
            Command::SaveAs => {
                let name = format!("{}.ron", self.doc.scenario.name);
                match self.files.save_file(&saves_dir(), &name, "RON", "ron") {
                    Some(path) => self.apply_confirmed(Command::SaveTo(path), now),
                    // Cancelled: whatever waited for the save does not happen.
                    None => self.after_save = None,
                }
            }
            Command::SaveTo(path) if self.doc.is_big() => self.save_in_background(path, now),
            Command::SaveTo(path) => {
                let result = io::save(&self.doc.scenario, &path).map_err(|e| e.to_string());
                self.saved(path, self.doc.revision, result, now);
            }
            Command::ExportCsv | Command::ExportXlsx => {
                self.export(matches!(cmd, Command::ExportXlsx))
            }
            Command::SetLanguage(l) => self.prefs.language = l,
            Command::SetTheme(t) => self.prefs.theme = t,
            Command::SetScale(s) => self.prefs.scale = s.clamp(0.5, 3.0),
            Command::Select(s) => self.selection = s,
            Command::SetTab(t) => self.prefs.tab = t,
            Command::JumpTo(path) => {
                self.prefs.tab = if path.starts_with("stages") || path.starts_with("retention") {
                    Tab::Pipeline
                } else {
                    Tab::Levers
                };
                self.levers.focus(&path);
            }
            Command::StartMonteCarlo => self.start_monte_carlo(),
            Command::CancelMonteCarlo => {
                if let Some((_, job)) = &self.mc.job {
                    job.cancel();
                }
            }
            Command::ShowModelDoc => self.show_model_doc = true,
            Command::ShowAbout => self.dialog = Some(Dialog::About),
            Command::CancelBackground => self.cancel_background(now),
            Command::Quit => self.close_allowed = true,
        }
    }

    fn open_path(&mut self, path: PathBuf, now: f64) {
        let big = std::fs::metadata(&path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES);
        let chinese = self.prefs.language == Lang::Zh;
        // Where the load failed, in the interface language, and which file.
        let failed =
            move |e: io::LoadError, p: &Path| format!("{}: {}", e.text(chinese), p.display());
        if !big || !self.open_in_background(&path, now, failed) {
            let result = io::load(&path)
                .map(|sc| (Box::new(sc), None))
                .map_err(|e| failed(e, &path));
            self.finish_load(path, result, now);
        }
    }

    /// Reads, checks and projects a big file on a thread of its own (the
    /// open document stays usable until the new one is ready); `false` if
    /// the thread could not be started.
    fn open_in_background(
        &mut self,
        path: &Path,
        now: f64,
        failed: impl Fn(io::LoadError, &Path) -> String + Send + 'static,
    ) -> bool {
        self.project_after = None;
        let tx = self.bg_tx.clone();
        let ctx = self.repaint.clone();
        let p = path.to_path_buf();
        let (job, progress) = self.new_job(Some(p.clone()), now);
        let spawned = std::thread::Builder::new()
            .name("load".into())
            .spawn(move || {
                let result = match background::read_scenario(&p, &progress) {
                    Err(background::ReadError::Cancelled) => return,
                    Err(background::ReadError::Failed(e)) => Err(failed(e, &p)),
                    Ok(sc) => {
                        let checked = if sc.county.townships.len() > document::BACKGROUND_TOWNSHIPS
                        {
                            match background::check_and_project(&sc, &progress) {
                                Some(c) => Some(c),
                                None => return,
                            }
                        } else {
                            None
                        };
                        Ok((Box::new(sc), checked))
                    }
                };
                let _ = tx.send(Background::Loaded {
                    job,
                    path: p,
                    result,
                });
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            self.job = None;
        }
        spawned.is_ok()
    }

    fn finish_load(
        &mut self,
        path: PathBuf,
        result: Result<(Box<Scenario>, Option<background::Checked>), String>,
        now: f64,
    ) {
        match result {
            Ok((sc, checked)) => {
                self.remember_recent(&path);
                self.replace_document(*sc, Some(path), now, checked);
            }
            Err(msg) => {
                self.prefs.recent_files.retain(|p| p.exists());
                self.dialog = Some(Dialog::Error("err.load_title", msg));
            }
        }
    }

    fn export(&mut self, xlsx: bool) {
        let Some(p) = self.doc.results.clone() else {
            return;
        };
        let (ext, name) = if xlsx {
            ("xlsx", "Excel")
        } else {
            ("csv", "CSV")
        };
        let file_name = format!("{}.{ext}", self.doc.scenario.name);
        let Some(path) = self.files.save_file(&saves_dir(), &file_name, name, ext) else {
            return;
        };
        let result = if xlsx {
            xlsx::write(&self.doc.scenario, &p, &path, self.prefs.language)
        } else {
            crate::model::export::csv_bytes(&p, false)
                .map_err(anyhow::Error::from)
                .and_then(|b| std::fs::write(&path, b).map_err(anyhow::Error::from))
        };
        match result {
            Ok(()) => {
                self.status_note = Some(format!(
                    "{} {}",
                    self.prefs.language.t("status.exported"),
                    path.display()
                ));
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(
                    "err.export_title",
                    format!("{e:#}: {}", path.display()),
                ));
            }
        }
    }

    fn remove_recovery(&self) {
        if let Some(p) = &self.recovery_path {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Writes a big document on a named thread (a national file takes
    /// seconds); [`Self::saved`] runs when the thread reports.
    fn save_in_background(&mut self, path: PathBuf, now: f64) {
        if self.saving.is_some() {
            return;
        }
        let scenario = self.doc.scenario.clone();
        let revision = self.doc.revision;
        let tx = self.bg_tx.clone();
        let ctx = self.repaint.clone();
        let target = path.clone();
        let spawned = std::thread::Builder::new()
            .name("save".into())
            .spawn(move || {
                let result = io::save(&scenario, &target).map_err(|e| e.to_string());
                let _ = tx.send(Background::Saved {
                    path: target,
                    revision,
                    result,
                });
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => {
                self.saving = Some(path.clone());
                let lang = self.prefs.language;
                self.status_note = Some(format!("{} {}", lang.t("status.saving"), path.display()));
            }
            Err(e) => self.saved(path, self.doc.revision, Err(e.to_string()), now),
        }
    }

    /// A save finished: the document is clean if nothing changed meanwhile,
    /// and the action that waited for the save runs.
    fn saved(&mut self, path: PathBuf, revision: u64, result: Result<(), String>, now: f64) {
        let lang = self.prefs.language;
        self.saving = None;
        match result {
            Ok(()) => {
                self.doc.path = Some(path.clone());
                if revision == self.doc.revision {
                    self.doc.dirty = false;
                    self.remove_recovery();
                }
                self.remember_recent(&path);
                self.status_note = Some(format!("{} {}", lang.t("status.saved"), path.display()));
                if let Some(next) = self.after_save.take() {
                    self.apply(next, now);
                }
            }
            Err(e) => {
                self.after_save = None;
                self.dialog = Some(Dialog::Error(
                    "err.save_title",
                    format!("{e}: {}", path.display()),
                ));
            }
        }
    }

    /// Writes unsaved work to the recovery file when `AUTOSAVE_SECS` have passed.
    pub fn autosave(&mut self, now: f64) {
        if now - self.last_autosave < AUTOSAVE_SECS {
            return;
        }
        self.last_autosave = now;
        if !self.doc.dirty {
            return;
        }
        let Some(path) = self.recovery_path.clone() else {
            return;
        };
        let write = |sc: &Scenario, p: &Path| {
            if let Some(dir) = p.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Ok(text) = io::to_ron_string(sc) {
                let _ = std::fs::write(p, text);
            }
        };
        if self.doc.is_big() {
            // Writing a national file takes seconds: off the UI thread.
            let sc = self.doc.scenario.clone();
            let spawned = std::thread::Builder::new()
                .name("autosave".into())
                .spawn(move || write(&sc, &path));
            if spawned.is_err() {
                self.last_autosave = now;
            }
        } else {
            write(&self.doc.scenario, &path);
        }
    }

    fn poll_background(&mut self, ctx: &egui::Context, now: f64) {
        while let Ok(msg) = self.bg_rx.try_recv() {
            let current = self.job.as_ref().map(|j| j.id);
            match msg {
                Background::Loaded { job, path, result } if Some(job) == current => {
                    self.job = None;
                    self.finish_load(path, result, now);
                }
                Background::Projected {
                    job,
                    revision,
                    checked,
                } if Some(job) == current => {
                    self.job = None;
                    if revision == self.doc.revision {
                        self.install(checked, revision);
                    } else {
                        // The scenario changed while this ran: go again.
                        background::drop_later(checked);
                        self.project_after.get_or_insert(now);
                    }
                }
                Background::Saved {
                    path,
                    revision,
                    result,
                } => self.saved(path, revision, result, now),
                // A job that was cancelled or replaced.
                stale => background::drop_later(stale),
            }
        }
        if let Some(at) = self.project_after {
            if self.job.is_none() && now >= at {
                self.project_after = None;
                self.start_background_projection(now);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
        }
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Stops the background load or projection; the open document and its
    /// last results stay as they are.
    fn cancel_background(&mut self, now: f64) {
        self.project_after = None;
        if let Some(job) = self.job.take() {
            job.progress.cancel();
            self.status_note = Some(self.prefs.language.t("bg.cancelled").to_string());
            // Cancelling an open: the current document goes on being projected.
            if job.load.is_some() && self.doc.is_big() && !self.doc.results_current() {
                self.project_after = Some(now);
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) -> Vec<Command> {
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

    fn apply_style(&mut self, ctx: &egui::Context) {
        let key = (self.prefs.theme, (self.prefs.scale * 100.0).round() as u32);
        if self.applied_style == Some(key) {
            return;
        }
        self.applied_style = Some(key);
        ctx.set_theme(match self.prefs.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
        ctx.set_zoom_factor(self.prefs.scale);
    }

    /// The window title: file name, unsaved mark, app name.
    #[must_use]
    pub fn title(&self) -> String {
        let mark = if self.doc.dirty { "● " } else { "" };
        format!(
            "{mark}{} — {}",
            self.doc.display_name(),
            self.prefs.language.t("app.title")
        )
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
        self.autosave(now);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECS));

        let title = self.title();
        if title != self.applied_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.applied_title = title;
        }
        // An unsaved roster is asked about first (in the trainer tab), then the scenario.
        if ctx.input(|i| i.viewport().close_requested())
            && self.trainer.roster_dirty()
            && !self.close_allowed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.apply(Command::Quit, now);
        } else if ctx.input(|i| i.viewport().close_requested())
            && self.doc.dirty
            && !self.close_allowed
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Command::Quit));
        }

        let mut commands = self.shortcuts(&ctx);
        let env = Env {
            lang: self.prefs.language,
            selection: self.selection.clone(),
            mc: &self.mc,
            can_undo: !self.undo.is_empty(),
            can_redo: !self.redo.is_empty(),
            recent: &self.prefs.recent_files,
            prefs: &self.prefs,
            loading: self.job.as_ref().is_some_and(|j| j.load.is_some()),
            computing: self.job.as_ref().is_some_and(|j| j.load.is_none())
                || self.project_after.is_some(),
            background: self.background_view(now),
            note: self.status_note.as_deref(),
            renderer: self.renderer.as_ref(),
        };
        let doc = &self.doc;
        let Self {
            menu,
            tree,
            dashboard,
            levers,
            pipeline,
            townships,
            trainer,
            status,
            ..
        } = self;

        egui::Panel::top("menu_bar").show(ui, |ui| {
            commands.extend(menu.ui(ui, doc, &env));
        });
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
            ui.horizontal(|ui| {
                for (tab, key) in [
                    (Tab::Dashboard, "tab.dashboard"),
                    (Tab::Levers, "tab.levers"),
                    (Tab::Pipeline, "tab.pipeline"),
                    (Tab::Townships, "tab.townships"),
                    (Tab::Trainer, "tab.trainer"),
                ] {
                    if ui
                        .selectable_label(env.prefs.tab == tab, env.lang.t(key))
                        .clicked()
                    {
                        commands.push(Command::SetTab(tab));
                    }
                }
            });
            ui.separator();
            match env.prefs.tab {
                Tab::Dashboard => commands.extend(dashboard.ui(ui, doc, &env)),
                Tab::Levers => commands.extend(levers.ui(ui, doc, &env)),
                Tab::Pipeline => commands.extend(pipeline.ui(ui, doc, &env)),
                Tab::Townships => commands.extend(townships.ui(ui, doc, &env)),
                Tab::Trainer => commands.extend(trainer.ui(ui, doc, &env)),
            }
        });
        commands.extend(self.dialogs(&ctx));
        if self.show_model_doc {
            let mut open = true;
            egui::Window::new(self.prefs.language.t("doc.title"))
                .open(&mut open)
                .default_size([700.0, 500.0])
                .show(&ctx, |ui| {
                    egui::ScrollArea::vertical().show(ui, |ui| panels::markdown(ui, MODEL_DOC));
                });
            self.show_model_doc = open;
        }
        for cmd in commands {
            if matches!(cmd, Command::Edit { .. } | Command::Undo | Command::Redo) {
                self.status_note = None;
            }
            self.apply(cmd, now);
        }
        if self.close_allowed {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.last_frame_ms = t0.elapsed().as_secs_f64() * 1e3;
    }

    fn dialogs(&mut self, ctx: &egui::Context) -> Vec<Command> {
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
}

impl eframe::App for TalentApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if !self.doc.dirty {
            self.remove_recovery();
        }
    }
}

/// Environment variable choosing the interface language at start (`zh` or `en`).
pub const ENV_LANG: &str = "TALENT_PLANNER_LANG";

/// Environment variable choosing the centre tab at start
/// (`dashboard`, `levers`, `pipeline`, `townships` or `trainer`).
pub const ENV_TAB: &str = "TALENT_PLANNER_TAB";

/// Environment variable naming a scenario file to open at start.
pub const ENV_FILE: &str = "TALENT_PLANNER_FILE";

/// Applies the start-up choices of [`ENV_LANG`] and [`ENV_TAB`] (unknown values are ignored).
pub fn apply_start_overrides(prefs: &mut Preferences, var: impl Fn(&str) -> Option<String>) {
    match var(ENV_LANG).as_deref().map(str::trim) {
        Some("zh") => prefs.language = Lang::Zh,
        Some("en") => prefs.language = Lang::En,
        _ => {}
    }
    let tab = match var(ENV_TAB).as_deref().map(str::trim) {
        Some("dashboard") => Some(Tab::Dashboard),
        Some("levers") => Some(Tab::Levers),
        Some("pipeline") => Some(Tab::Pipeline),
        Some("townships") => Some(Tab::Townships),
        Some("trainer") => Some(Tab::Trainer),
        _ => None,
    };
    if let Some(t) = tab {
        prefs.tab = t;
    }
}

/// Scenario equality that looks at the parts edits usually touch first, so
/// an edited lever is told apart without walking half a million villages.
fn same_scenario(a: &Scenario, b: &Scenario) -> bool {
    // The shared township and stock lists are compared by address first:
    // an edit elsewhere keeps them shared, and comparing half a million
    // villages would cost a frame.
    fn same<T: PartialEq>(x: &Arc<T>, y: &Arc<T>) -> bool {
        Arc::ptr_eq(x, y) || x == y
    }
    fn rest(s: &Scenario) -> Scenario {
        let mut c = s.clone();
        c.county.townships = Arc::default();
        c.initial_stock = Arc::default();
        c
    }
    a.levers == b.levers
        && a.budget == b.budget
        && a.horizon_years == b.horizon_years
        && a.stages == b.stages
        && a.recruitment == b.recruitment
        && a.need == b.need
        && a.retention == b.retention
        && rest(a) == rest(b)
        && same(&a.county.townships, &b.county.townships)
        && same(&a.initial_stock, &b.initial_stock)
}

/// The default folder of file dialogs: `saves/` next to the working directory.
fn saves_dir() -> PathBuf {
    let d = PathBuf::from("saves");
    if d.is_dir() {
        std::fs::canonicalize(&d).unwrap_or(d)
    } else {
        std::env::current_dir().unwrap_or_default()
    }
}

/// A minimal scenario used only if the embedded default cannot be read.
fn empty_scenario() -> Scenario {
    Scenario {
        format_version: crate::model::scenario::FORMAT_VERSION,
        name: String::new(),
        description: String::new(),
        start_year: 2026,
        start_month: 1,
        horizon_years: 5,
        seed: 0,
        exam_month: 6,
        county: crate::model::scenario::County {
            name: String::new(),
            local_average_wage_yuan_per_month: 0.0,
            townships: Vec::new().into(),
            source: String::new(),
        },
        tracks: Vec::new(),
        stages: Vec::new(),
        initial_stock: Vec::new().into(),
        recruitment: Vec::new(),
        retention: Default::default(),
        need: Default::default(),
        budget: Default::default(),
        levers: Default::default(),
        certify_deadline: None,
        targets: Default::default(),
    }
}

/// Opens the desktop app on `file`, or the default county, with the
/// renderer `--renderer` forces (see [`startup`]).
pub fn run(file: Option<PathBuf>, renderer: Option<crate::cli::Renderer>) -> anyhow::Result<()> {
    startup::run(file, renderer)
}
