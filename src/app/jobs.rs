//! The plans' background work as the app sees it: a big file being read,
//! checked and projected (to replace the plan shown or to open beside it),
//! a big scenario reprojected after edits (debounced) or written; their
//! progress for the status bar, cancelling them, and putting their results
//! in place, for every open plan.

use super::background::{self, Checked, Phase};
use super::job::{Job, Poll, Worker};
use super::panels::BackgroundView;
use super::plans::Plan;
use super::{DEBOUNCE_SECS, TalentApp};
use crate::model::io;
use crate::model::scenario::Scenario;
use crate::present::document::{self, PlanId};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What reading a file hands back: the scenario (and, if big, its checked
/// projection), or the error in the interface language; `None` when cancelled.
type Loaded = Option<Result<(Box<Scenario>, Option<Checked>), String>>;

/// A file being opened in the background.
pub(super) struct LoadJob {
    job: Job<Loaded>,
    /// The file.
    path: PathBuf,
    /// UI clock when it started, seconds.
    started: f64,
    /// Open it as another plan (true) or in place of the plan shown.
    beside: bool,
}

/// A plan's reprojection in the background: the job (no result when
/// cancelled), the revision it projects and when it started.
pub(super) struct ProjectionJob {
    job: Job<Option<Checked>>,
    revision: u64,
    started: f64,
}

/// A big document being written: where, which revision, and the job.
pub(super) struct SaveJob {
    job: Job<Result<(), String>>,
    path: PathBuf,
    revision: u64,
}

/// A save that ended: plan, file, revision written and the outcome.
pub(super) struct SaveEnded {
    pub(super) plan: PlanId,
    pub(super) path: PathBuf,
    pub(super) revision: u64,
    pub(super) result: Result<(), String>,
}

impl Plan {
    /// Reprojects the scenario: in the frame for a county, debounced in the
    /// background for big files (a reprojection still running is stopped:
    /// its result would be out of date).
    pub(super) fn recompute(&mut self, now: f64) {
        if self.doc.is_big() {
            self.project_after = Some(now + DEBOUNCE_SECS);
            if let Some(old) = self.job.take() {
                old.job.cancel();
            }
            return;
        }
        let t0 = Instant::now();
        self.recompute_now();
        self.doc.last_compute_ms = t0.elapsed().as_secs_f64() * 1e3;
    }

    /// Checks and projects the scenario in the frame.
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
    pub(super) fn install(&mut self, checked: Checked, revision: u64) {
        self.doc.problems = checked.problems;
        self.doc.problems_revision = revision;
        self.doc.last_compute_ms = checked.ms;
        if let Some(p) = checked.projection {
            let old = self.doc.results.replace(Arc::new(p));
            background::drop_later(old);
            self.doc.results_revision = revision;
        }
    }

    /// Starts reprojecting the scenario on a thread (in the frame if none
    /// can be had).
    fn start_background_projection(&mut self, now: f64, wake: Option<egui::Context>) {
        if let Some(old) = self.job.take() {
            old.job.cancel();
        }
        let scenario = self.doc.scenario.clone();
        let revision = self.doc.revision;
        let spawned = Job::spawn("projection", wake, move |progress| {
            let checked = background::check_and_project(&scenario, progress);
            background::drop_later(scenario);
            checked
        });
        match spawned {
            Ok(job) => {
                self.job = Some(ProjectionJob {
                    job,
                    revision,
                    started: now,
                });
            }
            Err(_) => self.recompute_now(),
        }
    }

    /// Takes the plan's finished background work: installs a reprojection
    /// (or goes again if the scenario changed meanwhile), starts a
    /// debounced one when due, and hands back a save that ended.
    fn poll_jobs(&mut self, now: f64, wake: Option<&egui::Context>) -> Option<SaveEnded> {
        let projected = self.job.as_ref().map(|j| (j.revision, j.job.poll()));
        match projected {
            None | Some((_, Poll::Running)) => {}
            Some((revision, done)) => {
                self.job = None;
                match done {
                    Poll::Done(Some(checked)) if revision == self.doc.revision => {
                        self.install(checked, revision);
                    }
                    Poll::Done(Some(checked)) => {
                        // The scenario changed while this ran: go again.
                        background::drop_later(checked);
                        self.project_after.get_or_insert(now);
                    }
                    _ => {}
                }
            }
        }
        if let Some(at) = self.project_after
            && self.job.is_none()
            && now >= at
        {
            self.project_after = None;
            self.start_background_projection(now, wake.cloned());
        }
        let saved = self.save_job.as_ref().map(|s| s.job.poll());
        match saved {
            None | Some(Poll::Running) => None,
            Some(done) => self.save_job.take().map(|s| SaveEnded {
                plan: self.id,
                path: s.path,
                revision: s.revision,
                result: match done {
                    Poll::Done(result) => result,
                    _ => Err("the writing thread stopped".to_string()),
                },
            }),
        }
    }
}

impl TalentApp {
    /// True while a file is opened, or the plan shown is projected, in the background.
    #[must_use]
    pub fn background_busy(&self) -> bool {
        self.load.is_some() || self.plan.busy()
    }

    /// True while a file is read in the background.
    pub(super) fn loading(&self) -> bool {
        self.load.is_some()
    }

    /// True while the plan shown is projected, or waits to be, in the background.
    pub(super) fn computing(&self) -> bool {
        self.plan.busy()
    }

    /// What the status bar shows of the background work: a file being
    /// opened, else the plan shown being projected.
    #[must_use]
    pub fn background_view(&self, now: f64) -> Option<BackgroundView> {
        let view = |progress: &super::job::Progress, started: f64, loading| BackgroundView {
            phase: Phase::of(progress).key(),
            fraction: progress.fraction(),
            elapsed_secs: (now - started).max(0.0),
            loading,
        };
        match (&self.load, &self.plan.job) {
            (Some(l), _) => Some(view(l.job.progress(), l.started, true)),
            (None, Some(j)) => Some(view(j.job.progress(), j.started, false)),
            (None, None) => None,
        }
    }

    /// Reads, checks and projects a big file on a thread of its own (the
    /// plans stay usable until it is ready), to open `beside` the others or
    /// in place of the plan shown; `false` if no thread could be started.
    pub(super) fn open_in_background(
        &mut self,
        path: &Path,
        now: f64,
        beside: bool,
        failed: impl Fn(io::LoadError, &Path) -> String + Send + 'static,
    ) -> bool {
        if !beside {
            // The plan shown is replaced: its reprojection is not needed.
            self.plan.project_after = None;
            if let Some(old) = self.plan.job.take() {
                old.job.cancel();
            }
        }
        let p = path.to_path_buf();
        let work = move |progress: &Worker<Loaded>| {
            let sc = match background::read_scenario(&p, progress) {
                Err(background::ReadError::Cancelled) => return None,
                Err(background::ReadError::Failed(e)) => return Some(Err(failed(e, &p))),
                Ok(sc) => sc,
            };
            let checked = if sc.county.townships.len() > document::BACKGROUND_TOWNSHIPS {
                Some(background::check_and_project(&sc, progress)?)
            } else {
                None
            };
            Some(Ok((Box::new(sc), checked)))
        };
        match Job::spawn("load", self.repaint.clone(), work) {
            Ok(job) => {
                // A load still running is replaced (dropping it cancels it).
                self.load = Some(LoadJob {
                    job,
                    path: path.to_path_buf(),
                    started: now,
                    beside,
                });
                true
            }
            Err(_) => false,
        }
    }

    /// Runs `write` (saving the plan shown, at its current revision, to
    /// `path`) as a job; [`Self::saved`] runs when it reports.
    pub(super) fn start_save_job(
        &mut self,
        path: PathBuf,
        write: impl FnOnce() -> Result<(), String> + Send + 'static,
    ) -> std::io::Result<()> {
        let job = Job::spawn("save", self.repaint.clone(), move |_| write())?;
        self.plan.save_job = Some(SaveJob {
            job,
            path,
            revision: self.plan.doc.revision,
        });
        Ok(())
    }

    /// True while the plan shown is being written.
    pub(super) fn saving(&self) -> bool {
        self.plan.save_job.is_some()
    }

    /// Takes the results of background work that has finished: a file
    /// opened, every plan's reprojections and saves.
    pub(super) fn poll_background(&mut self, ctx: &egui::Context, now: f64) {
        let loaded = self.load.as_ref().map(|l| l.job.poll());
        match loaded {
            None | Some(Poll::Running) => {}
            Some(done) => {
                if let Some(l) = self.load.take()
                    && let Poll::Done(Some(result)) = done
                {
                    self.finish_load(l.path, result, l.beside, now);
                }
            }
        }
        let wake = self.repaint.clone();
        let ended: Vec<SaveEnded> = self
            .all_plans_mut()
            .filter_map(|p| p.poll_jobs(now, wake.as_ref()))
            .collect();
        for s in ended {
            self.saved(s.plan, s.path, s.revision, s.result, now);
        }
        if self.plan.project_after.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let working = self.load.is_some()
            || self.plan.job.is_some()
            || self
                .parked
                .iter()
                .chain(std::iter::once(&self.plan))
                .any(|p| p.save_job.is_some() || p.busy());
        if working {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// Stops opening a file, and the reprojection of the plan shown; the
    /// plans and their last results stay as they are.
    pub(super) fn cancel_background(&mut self, now: f64) {
        let projecting = self.plan.job.is_some();
        self.plan.project_after = None;
        if let Some(j) = self.plan.job.take() {
            j.job.cancel();
        }
        let load = self.load.take();
        if let Some(l) = &load {
            l.job.cancel();
        }
        if load.is_some() || projecting {
            self.status_note = Some(self.prefs.language.t("bg.cancelled").to_string());
        }
        // Cancelling an open: the plan shown goes on being projected.
        if load.is_some_and(|l| !l.beside)
            && self.plan.doc.is_big()
            && !self.plan.doc.results_current()
        {
            self.plan.project_after = Some(now);
        }
    }
}
