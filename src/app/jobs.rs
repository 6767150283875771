//! The plan's background work as the app sees it: a big file being read,
//! checked and projected, a big scenario reprojected after edits (debounced)
//! or written; their progress for the status bar, cancelling them, and
//! putting their results in place.

use super::background;
use super::{DEBOUNCE_SECS, TalentApp};
use crate::model::io;
use crate::model::scenario::Scenario;
use crate::present::document;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// Result of a background job.
pub(super) enum Background {
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
pub(super) struct Job {
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

impl TalentApp {
    /// Reprojects the scenario: in the frame for a county, debounced in the
    /// background for big files (a reprojection still running is stopped:
    /// its result would be out of date).
    pub(super) fn recompute(&mut self, now: f64) {
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
            phase: j.progress.phase(),
            fraction: j.progress.fraction(),
            elapsed_secs: (now - j.started).max(0.0),
            loading: j.load.is_some(),
        })
    }

    pub(super) fn new_job(
        &mut self,
        load: Option<PathBuf>,
        now: f64,
    ) -> (u64, Arc<background::JobProgress>) {
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

    pub(super) fn start_background_projection(&mut self, now: f64) {
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

    pub(super) fn poll_background(&mut self, ctx: &egui::Context, now: f64) {
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
    pub(super) fn cancel_background(&mut self, now: f64) {
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
}
