//! Roster work off the frame: opening a roster file, reading an import file
//! and applying an import, saving, exporting and working out proposals each
//! run as a background [`Job`]. The frame shows the step reached and can
//! cancel; the result swaps in when done, so a roster of 100,000 people never
//! holds a frame.

use super::Loaded;
use crate::app::job::{self, Job, Poll, Progress};
use crate::model::Scenario;
use crate::present::roster::{CompareError, Comparison};
use crate::roster::date::Date;
use crate::roster::doc::{self as rdoc, Roster, RosterError, RosterWarning};
use crate::roster::plan::{self, PlanError, PlanStart, RateEstimates};
use crate::roster::rules::RuleConfig;
use crate::roster::table::{self, ApplyError, FileFormat, ImportPreview};
use std::path::PathBuf;
use std::sync::Arc;

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Opens a roster file.
    Open,
    /// Reads an import file into a preview.
    Import,
    /// Applies a confirmed import preview.
    Apply,
    /// Re-derives statuses and reminders after the rules changed.
    Rebuild,
    /// Saves the roster file.
    Save,
    /// Exports the roster's tables.
    Export,
    /// Proposes a plan start or rate estimates from the roster.
    Propose,
}

impl JobKind {
    /// Interface-string key of the job.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            JobKind::Open => "trainer.job_open",
            JobKind::Import => "trainer.job_import",
            JobKind::Apply => "trainer.job_apply",
            JobKind::Rebuild => "trainer.job_rebuild",
            JobKind::Save => "trainer.job_save",
            JobKind::Export => "trainer.job_export",
            JobKind::Propose => "trainer.job_propose",
        }
    }

    fn thread_name(self) -> &'static str {
        match self {
            JobKind::Open => "roster-open",
            JobKind::Import => "roster-import",
            JobKind::Apply => "roster-apply",
            JobKind::Rebuild => "roster-rebuild",
            JobKind::Save => "roster-save",
            JobKind::Export => "roster-export",
            JobKind::Propose => "roster-propose",
        }
    }
}

/// The step a job has reached, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Reading the file.
    Reading,
    /// Parsing and validating it.
    Parsing,
    /// Checking rows against the roster (import) or merging them (apply).
    Checking,
    /// Applying the certification rules to everyone.
    Statuses,
    /// Building the table rows.
    Table,
    /// Collecting reminders.
    Reminders,
    /// Writing a file.
    Writing,
}

impl Step {
    const ALL: [Step; 7] = [
        Step::Reading,
        Step::Parsing,
        Step::Checking,
        Step::Statuses,
        Step::Table,
        Step::Reminders,
        Step::Writing,
    ];

    /// Interface-string key of the step.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Step::Reading => "trainer.step_reading",
            Step::Parsing => "trainer.step_parsing",
            Step::Checking => "trainer.step_checking",
            Step::Statuses => "trainer.step_statuses",
            Step::Table => "trainer.step_table",
            Step::Reminders => "trainer.step_reminders",
            Step::Writing => "trainer.step_writing",
        }
    }

    /// Share of the job done when this step starts.
    #[must_use]
    pub fn share(self, kind: JobKind) -> f32 {
        let steps: &[Step] = match kind {
            JobKind::Open => &[
                Step::Reading,
                Step::Parsing,
                Step::Statuses,
                Step::Table,
                Step::Reminders,
            ],
            JobKind::Import => &[Step::Reading, Step::Checking],
            JobKind::Apply => &[Step::Checking, Step::Statuses, Step::Table, Step::Reminders],
            JobKind::Rebuild => &[Step::Statuses, Step::Table, Step::Reminders],
            JobKind::Save | JobKind::Export => &[Step::Writing],
            JobKind::Propose => &[Step::Statuses],
        };
        let at = steps.iter().position(|s| *s == self).unwrap_or(0);
        at as f32 / steps.len() as f32
    }
}

impl Step {
    /// The step a job's progress is in.
    fn of(progress: &Progress) -> Step {
        let v = progress.step();
        Step::ALL
            .into_iter()
            .find(|s| *s as u8 == v)
            .unwrap_or(Step::Reading)
    }

    /// Records the step reached; false once the job was cancelled.
    fn enter(self, progress: &Progress) -> bool {
        progress.enter(self as u8)
    }
}

/// What a finished job hands back.
pub enum Outcome {
    /// A roster file was opened.
    Opened {
        /// The roster and everything derived from it.
        loaded: Box<Loaded>,
        /// Odd but usable things in the file.
        warnings: Vec<RosterWarning>,
    },
    /// An import file was read.
    Previewed {
        /// File name shown in the preview.
        file_name: String,
        /// The preview.
        preview: Box<ImportPreview>,
    },
    /// An import was applied.
    Applied(Box<Loaded>),
    /// Statuses and reminders were re-derived under new rules.
    Rebuilt(Box<Loaded>),
    /// The roster file could not be opened.
    OpenFailed(PathBuf, RosterError),
    /// The import file could not be read.
    ReadFailed(PathBuf, std::io::Error),
    /// The import could not be applied.
    ApplyFailed(ApplyError),
    /// The roster was saved.
    Saved {
        /// The roster written (the one shown may have changed since).
        roster: Arc<Roster>,
        /// Where.
        path: PathBuf,
    },
    /// The roster could not be saved.
    SaveFailed(PathBuf, RosterError),
    /// The tables were exported; the files written.
    Exported(String),
    /// The tables could not be exported.
    ExportFailed(PathBuf, String),
    /// "Start the plan from this roster" was worked out.
    PlanStart(Result<Box<PlanStart>, PlanError>),
    /// "Estimate rates from the roster" was worked out.
    Estimates(Box<RateEstimates>),
    /// "Actual vs projected" was worked out.
    Compared(Box<crate::present::roster::Comparison>),
    /// The job was cancelled or its thread ended without a result.
    Cancelled,
}

/// A running roster job: what it does, the file it works on, the job.
pub struct RosterJob {
    /// What it does.
    pub kind: JobKind,
    /// File it works on (for display).
    pub name: String,
    job: Job<Outcome>,
}

impl RosterJob {
    fn spawn(
        kind: JobKind,
        name: String,
        ctx: Option<egui::Context>,
        work: impl FnOnce(&job::Worker<Outcome>) -> Outcome + Send + 'static,
    ) -> std::io::Result<Self> {
        let job = Job::spawn(kind.thread_name(), ctx, work)?;
        Ok(Self { kind, name, job })
    }

    /// Opens a roster file: read, parse, validate, statuses, rows, reminders.
    pub fn open(
        path: PathBuf,
        today: Date,
        cfg: RuleConfig,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = file_name(&path);
        Self::spawn(JobKind::Open, name, ctx, move |sh| {
            Step::Reading.enter(sh);
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => return Outcome::OpenFailed(path, RosterError::Io(e)),
            };
            if !Step::Parsing.enter(sh) {
                return Outcome::Cancelled;
            }
            let (roster, warnings) = match rdoc::from_ron_str(&text) {
                Ok(r) => r,
                Err(e) => return Outcome::OpenFailed(path, e),
            };
            drop(text);
            match Loaded::build(Arc::new(roster), Some(path), today, &cfg, |s| s.enter(sh)) {
                Some(loaded) => Outcome::Opened {
                    loaded: Box::new(loaded),
                    warnings,
                },
                None => Outcome::Cancelled,
            }
        })
    }

    /// Reads an import file and checks it against `roster` (nothing changes).
    pub fn import(
        path: PathBuf,
        format: FileFormat,
        roster: Arc<Roster>,
        tracks: Vec<crate::model::scenario::Track>,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = file_name(&path);
        let file_name = name.clone();
        Self::spawn(JobKind::Import, name, ctx, move |sh| {
            Step::Reading.enter(sh);
            let bytes = match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) => return Outcome::ReadFailed(path, e),
            };
            if !Step::Checking.enter(sh) {
                return Outcome::Cancelled;
            }
            let preview = table::preview_import(&roster, &tracks, format, &bytes);
            Outcome::Previewed {
                file_name,
                preview: Box::new(preview),
            }
        })
    }

    /// Applies a clean preview to `roster` and rebuilds everything derived.
    pub fn apply(
        roster: Arc<Roster>,
        path: Option<PathBuf>,
        preview: Box<ImportPreview>,
        today: Date,
        cfg: RuleConfig,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = path.as_deref().map(file_name).unwrap_or_default();
        Self::spawn(JobKind::Apply, name, ctx, move |sh| {
            Step::Checking.enter(sh);
            let new = match table::apply_import(&roster, &preview) {
                Ok(r) => r,
                Err(e) => return Outcome::ApplyFailed(e),
            };
            // The old roster is dropped here, not in the frame.
            drop(roster);
            match Loaded::build(Arc::new(new), path, today, &cfg, |s| s.enter(sh)) {
                Some(mut loaded) => {
                    loaded.dirty = true;
                    Outcome::Applied(Box::new(loaded))
                }
                None => Outcome::Cancelled,
            }
        })
    }

    /// Re-derives everything from `roster` under `cfg`, keeping `dirty`.
    pub fn rebuild(
        roster: Arc<Roster>,
        path: Option<PathBuf>,
        dirty: bool,
        today: Date,
        cfg: RuleConfig,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = path.as_deref().map(file_name).unwrap_or_default();
        Self::spawn(JobKind::Rebuild, name, ctx, move |sh| {
            match Loaded::build(roster, path, today, &cfg, |s| s.enter(sh)) {
                Some(mut loaded) => {
                    loaded.dirty = dirty;
                    Outcome::Rebuilt(Box::new(loaded))
                }
                None => Outcome::Cancelled,
            }
        })
    }

    /// Saves `roster` to `path` (the old file kept as `.bak`).
    pub fn save(
        roster: Arc<Roster>,
        path: PathBuf,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = file_name(&path);
        Self::spawn(JobKind::Save, name, ctx, move |sh| {
            Step::Writing.enter(sh);
            match rdoc::save(&roster, &path) {
                Ok(()) => Outcome::Saved { roster, path },
                Err(e) => Outcome::SaveFailed(path, e),
            }
        })
    }

    /// Exports `roster`'s people and attempts (see [`super::export_roster`]).
    pub fn export(
        roster: Arc<Roster>,
        path: PathBuf,
        how: super::RosterExport,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = file_name(&path);
        Self::spawn(JobKind::Export, name, ctx, move |sh| {
            Step::Writing.enter(sh);
            match super::export_roster(&roster, &path, &how) {
                Ok(written) => Outcome::Exported(written),
                Err(e) => Outcome::ExportFailed(path, format!("{e:#}")),
            }
        })
    }

    /// Writes `tables` (see [`super::export_tables`]).
    pub fn export_tables(
        tables: Vec<crate::exchange::Table>,
        path: PathBuf,
        xlsx: bool,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        let name = file_name(&path);
        Self::spawn(JobKind::Export, name, ctx, move |sh| {
            Step::Writing.enter(sh);
            match super::export_tables(&tables, &path, xlsx) {
                Ok(written) => Outcome::Exported(written),
                Err(e) => Outcome::ExportFailed(path, format!("{e:#}")),
            }
        })
    }

    /// Works out the scenario `sc` started from `roster`.
    pub fn start_plan(
        roster: Arc<Roster>,
        sc: Box<Scenario>,
        cfg: RuleConfig,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        Self::spawn(JobKind::Propose, String::new(), ctx, move |sh| {
            Step::Statuses.enter(sh);
            Outcome::PlanStart(plan::start_from_roster(&roster, &sc, &cfg).map(Box::new))
        })
    }

    /// Estimates turnover and pass rates from `roster` for `sc`, as of `today`.
    pub fn estimate(
        roster: Arc<Roster>,
        sc: Box<Scenario>,
        cfg: RuleConfig,
        today: Date,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        Self::spawn(JobKind::Propose, String::new(), ctx, move |sh| {
            Step::Statuses.enter(sh);
            Outcome::Estimates(Box::new(plan::estimate_rates(
                &roster,
                &sc,
                &cfg,
                today,
                &plan::DEFAULT_BANDS_MONTHS,
            )))
        })
    }

    /// Sets the roster's real counts beside a projection: for a cohort the
    /// one made at its start, for the county `projection` (of `sc`).
    pub fn compare(
        roster: Arc<Roster>,
        sc: Box<Scenario>,
        projection: Option<Arc<crate::model::Projection>>,
        scope: plan::Scope,
        cfg: RuleConfig,
        today: Date,
        ctx: Option<egui::Context>,
    ) -> std::io::Result<Self> {
        Self::spawn(JobKind::Propose, String::new(), ctx, move |sh| {
            Step::Statuses.enter(sh);
            let rows = match &scope {
                plan::Scope::Cohort(id) => {
                    plan::cohort_actual_vs_projected(&roster, &sc, id, &cfg, today)
                        .map_err(CompareError::Plan)
                }
                plan::Scope::County => match &projection {
                    Some(proj) => Ok(plan::actual_vs_projected(
                        &roster, &sc, proj, &scope, &cfg, today,
                    )),
                    None => Err(CompareError::NoProjection),
                },
            };
            Outcome::Compared(Box::new(Comparison { scope, rows }))
        })
    }

    /// The step the job has reached.
    #[must_use]
    pub fn step(&self) -> Step {
        Step::of(self.job.progress())
    }

    /// Asks the worker to stop at its next step.
    pub fn cancel(&self) {
        self.job.cancel();
    }

    /// The outcome, once the job has finished (a thread that died counts as cancelled).
    #[must_use]
    pub fn poll(&self) -> Option<Outcome> {
        match self.job.poll() {
            Poll::Done(out) => Some(out),
            Poll::Running => None,
            Poll::Lost => Some(Outcome::Cancelled),
        }
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
