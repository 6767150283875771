//! The plan's background work as the app sees it: a big file being read,
//! checked and projected, a big scenario reprojected after edits (debounced)
//! or written; their progress for the status bar, cancelling them, and
//! putting their results in place.

use super::background::{self, Phase};
use super::job::{Job, Poll};
use super::panels::BackgroundView;
use super::{DEBOUNCE_SECS, TalentApp};
use crate::model::io;
use crate::model::scenario::Scenario;
use crate::present::document;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What the plan's load or reprojection hands back.
pub(super) enum PlanOutcome {
    /// A file was read (and, if big, checked and projected).
    Loaded {
        path: PathBuf,
        result: Result<(Box<Scenario>, Option<background::Checked>), String>,
    },
    /// A big scenario was reprojected after edits (revision `revision`).
    Projected {
        revision: u64,
        checked: background::Checked,
    },
    /// The job was cancelled on the way.
    Cancelled,
}

/// The plan's load or reprojection the UI is waiting for.
pub(super) struct PlanJob {
    job: Job<PlanOutcome>,
    /// UI clock when it started, seconds.
    started: f64,
    /// The file being opened; `None` for a reprojection.
    pub(super) load: Option<PathBuf>,
}

/// A big document being written: where, which revision, and the job.
pub(super) struct SaveJob {
    job: Job<Result<(), String>>,
    path: PathBuf,
    revision: u64,
}

impl TalentApp {
    /// Reprojects the scenario: in the frame for a county, debounced in the
    /// background for big files (a reprojection still running is stopped:
    /// its result would be out of date).
    pub(super) fn recompute(&mut self, now: f64) {
        if self.doc.is_big() {
            self.project_after = Some(now + DEBOUNCE_SECS);
            if self.job.as_ref().is_some_and(|j| j.load.is_none())
                && let Some(old) = self.job.take()
            {
                old.job.cancel();
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

    /// True while a file is read in the background.
    pub(super) fn loading(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.load.is_some())
    }

    /// True while a projection runs or waits in the background.
    pub(super) fn computing(&self) -> bool {
        self.job.as_ref().is_some_and(|j| j.load.is_none()) || self.project_after.is_some()
    }

    /// What the status bar shows of the background job, if one runs.
    #[must_use]
    pub fn background_view(&self, now: f64) -> Option<BackgroundView> {
        self.job.as_ref().map(|j| BackgroundView {
            phase: Phase::of(j.job.progress()).key(),
            fraction: j.job.progress().fraction(),
            elapsed_secs: (now - j.started).max(0.0),
            loading: j.load.is_some(),
        })
    }

    /// Starts the plan's load (`load` names the file) or reprojection,
    /// replacing (and cancelling) the one running; false if no thread could
    /// be started.
    fn start_plan_job(
        &mut self,
        load: Option<PathBuf>,
        now: f64,
        work: impl FnOnce(&super::job::Worker<PlanOutcome>) -> PlanOutcome + Send + 'static,
    ) -> bool {
        if let Some(old) = self.job.take() {
            old.job.cancel();
        }
        let thread = if load.is_some() { "load" } else { "projection" };
        match Job::spawn(thread, self.repaint.clone(), work) {
            Ok(job) => {
                self.job = Some(PlanJob {
                    job,
                    started: now,
                    load,
                });
                true
            }
            Err(_) => false,
        }
    }

    pub(super) fn start_background_projection(&mut self, now: f64) {
        let scenario = self.doc.scenario.clone();
        let revision = self.doc.revision;
        let started = self.start_plan_job(None, now, move |progress| {
            let checked = background::check_and_project(&scenario, progress);
            background::drop_later(scenario);
            match checked {
                Some(checked) => PlanOutcome::Projected { revision, checked },
                None => PlanOutcome::Cancelled,
            }
        });
        if !started {
            self.recompute_now();
        }
    }

    pub(super) fn recompute_now(&mut self) {
        let (problems, projection) = document::check_and_project(&self.doc.scenario);
        self.doc.problems = problems;
        self.doc.problems_revision = self.doc.revision;
        if let Some(p) = projection {
            self.doc.results = Some(Arc::new(p));
            self.doc.results_revision = self.doc.revision;
        }
    }

    /// Puts background results in place (the old projection is freed off the UI thread).
    pub(super) fn install(&mut self, checked: background::Checked, revision: u64) {
        self.doc.problems = checked.problems;
        self.doc.problems_revision = revision;
        self.doc.last_compute_ms = checked.ms;
        if let Some(p) = checked.projection {
            let old = self.doc.results.replace(Arc::new(p));
            background::drop_later(old);
            self.doc.results_revision = revision;
        }
    }

    /// Reads, checks and projects a big file on a thread of its own (the
    /// open document stays usable until the new one is ready); `false` if
    /// the thread could not be started.
    pub(super) fn open_in_background(
        &mut self,
        path: &Path,
        now: f64,
        failed: impl Fn(io::LoadError, &Path) -> String + Send + 'static,
    ) -> bool {
        self.project_after = None;
        let p = path.to_path_buf();
        self.start_plan_job(Some(p.clone()), now, move |progress| {
            let result = match background::read_scenario(&p, progress) {
                Err(background::ReadError::Cancelled) => return PlanOutcome::Cancelled,
                Err(background::ReadError::Failed(e)) => Err(failed(e, &p)),
                Ok(sc) => {
                    let checked = if sc.county.townships.len() > document::BACKGROUND_TOWNSHIPS {
                        match background::check_and_project(&sc, progress) {
                            Some(c) => Some(c),
                            None => return PlanOutcome::Cancelled,
                        }
                    } else {
                        None
                    };
                    Ok((Box::new(sc), checked))
                }
            };
            PlanOutcome::Loaded { path: p, result }
        })
    }

    /// Runs `write` (saving the current revision to `path`) as a job;
    /// [`Self::saved`] runs when it reports.
    pub(super) fn start_save_job(
        &mut self,
        path: PathBuf,
        write: impl FnOnce() -> Result<(), String> + Send + 'static,
    ) -> std::io::Result<()> {
        let job = Job::spawn("save", self.repaint.clone(), move |_| write())?;
        self.save_job = Some(SaveJob {
            job,
            path,
            revision: self.doc.revision,
        });
        Ok(())
    }

    /// True while a big document is being written.
    pub(super) fn saving(&self) -> bool {
        self.save_job.is_some()
    }

    /// Takes the results of the plan's jobs that have finished, and starts a
    /// debounced reprojection when its time has come.
    pub(super) fn poll_background(&mut self, ctx: &egui::Context, now: f64) {
        let finished = self.job.as_ref().map(|j| j.job.poll());
        match finished {
            None | Some(Poll::Running) => {}
            Some(Poll::Lost) => self.job = None,
            Some(Poll::Done(out)) => {
                self.job = None;
                match out {
                    PlanOutcome::Loaded { path, result } => self.finish_load(path, result, now),
                    PlanOutcome::Projected { revision, checked } => {
                        if revision == self.doc.revision {
                            self.install(checked, revision);
                        } else {
                            // The scenario changed while this ran: go again.
                            background::drop_later(checked);
                            self.project_after.get_or_insert(now);
                        }
                    }
                    PlanOutcome::Cancelled => {}
                }
            }
        }
        let saved = self.save_job.as_ref().map(|s| s.job.poll());
        match saved {
            None | Some(Poll::Running) => {}
            Some(done) => {
                if let Some(s) = self.save_job.take() {
                    let result = match done {
                        Poll::Done(result) => result,
                        _ => Err("the writing thread stopped".to_string()),
                    };
                    self.saved(s.path, s.revision, result, now);
                }
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
        if self.job.is_some() || self.save_job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Stops the background load or projection; the open document and its
    /// last results stay as they are.
    pub(super) fn cancel_background(&mut self, now: f64) {
        self.project_after = None;
        if let Some(job) = self.job.take() {
            job.job.cancel();
            self.status_note = Some(self.prefs.language.t("bg.cancelled").to_string());
            // Cancelling an open: the current document goes on being projected.
            if job.load.is_some() && self.doc.is_big() && !self.doc.results_current() {
                self.project_after = Some(now);
            }
        }
    }
}
