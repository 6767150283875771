//! Monte Carlo from the app: a run of the current scenario as a background
//! job, its progress and partial bands, and the bands going stale when the
//! scenario changes.

use super::TalentApp;
use super::dialogs::Dialog;
use super::job::{Job, Poll, Worker};
use super::plans::Plan;
use crate::model::Model;
use crate::model::montecarlo::{self, McJob, McResult};
use crate::present::views;
use std::time::{Duration, Instant};

/// Replications of a Monte Carlo run started from the app.
pub const MC_RUNS: usize = 200;

/// Wall-clock time between the partial bands a running job hands over.
const PARTIAL_EVERY: Duration = Duration::from_millis(500);

/// How often the job looks at the replications' progress.
const WATCH_EVERY: Duration = Duration::from_millis(20);

/// What a Monte Carlo job hands back: the bands and odds of the runs done
/// (all of them, or those done before a cancel), or why it could not run.
type McOutcome = Result<McResult, String>;

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
    /// Bands of process noise alone: the scenario's uncertain assumptions
    /// are held at the file's values (MODEL.md §7a).
    pub process_only: bool,
    /// The running job and the document revision it simulates.
    pub(super) job: Option<(u64, Job<McOutcome>)>,
    pub(super) auto_at: Option<f64>,
}

impl MonteCarlo {
    /// True while a job runs.
    #[must_use]
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Stops the running job, if any; its result is not waited for.
    pub(super) fn cancel(&mut self) {
        if let Some((_, job)) = self.job.take() {
            job.cancel();
            self.progress = None;
        }
    }
}

/// The job's work: `runs` replications of `model` from `seed` (on the
/// model's own simulation thread and the rayon pool), watched for progress
/// and cancel; the bands of the runs done so far are handed over about
/// twice a second.
fn simulate(model: Model, runs: usize, seed: u64, w: &Worker<McOutcome>) -> McOutcome {
    let mut job = McJob::start(model, runs, seed).map_err(|e| e.to_string())?;
    let mut last_partial = Instant::now();
    loop {
        let (done, total) = job.progress();
        w.set_counts(done as u64, total as u64);
        if w.cancelled() {
            job.cancel();
        }
        if let Some(result) = job.try_finish() {
            return result.map_err(|e| e.to_string());
        }
        if last_partial.elapsed() >= PARTIAL_EVERY {
            last_partial = Instant::now();
            if let Some(partial) = job.partial() {
                w.publish(Ok(partial));
            }
        }
        std::thread::sleep(WATCH_EVERY);
    }
}

impl Plan {
    /// Starts Monte Carlo replications of the plan's scenario in the
    /// background; the reason when it cannot.
    fn start_monte_carlo(&mut self, wake: Option<egui::Context>) -> Result<(), String> {
        if self.mc.job.is_some() || self.doc.problems.iter().any(|p| p.error) {
            return Ok(());
        }
        let model = Model::compile(&self.doc.scenario).map_err(|e| e.to_string())?;
        let model = if self.mc.process_only {
            model.process_only()
        } else {
            model
        };
        // A run size the machine cannot hold is refused here, before a thread starts.
        montecarlo::check_runs(&model, MC_RUNS).map_err(|e| e.to_string())?;
        let seed = self.doc.scenario.seed;
        let job = Job::spawn("monte-carlo-watch", wake, move |w| {
            simulate(model, MC_RUNS, seed, w)
        })
        .map_err(|e| e.to_string())?;
        self.mc.job = Some((self.doc.revision, job));
        self.mc.progress = Some(0.0);
        Ok(())
    }

    /// Advances the plan's Monte Carlo: an automatic start when due,
    /// progress, partial bands, the final result. The reason when a run
    /// could not start or failed.
    fn poll_monte_carlo(&mut self, now: f64, wake: Option<&egui::Context>) -> Option<String> {
        let mut error = None;
        if let Some(at) = self.mc.auto_at {
            if now >= at && self.doc.results_current() {
                self.mc.auto_at = None;
                error = self.start_monte_carlo(wake.cloned()).err();
            } else if let Some(ctx) = wake {
                ctx.request_repaint_after(Duration::from_millis(200));
            }
        }
        let (revision, job) = self.mc.job.as_ref()?;
        let revision = *revision;
        let (done, total) = job.progress().counts();
        self.mc.progress = Some(done as f32 / total.max(1) as f32);
        let (result, finished) = match job.poll() {
            Poll::Running => (job.take_partial(), false),
            Poll::Done(out) => (Some(out), true),
            Poll::Lost => (None, true),
        };
        match result {
            Some(Ok(r)) => {
                if let Some(p) = self.doc.results.as_ref()
                    && revision == self.doc.revision
                    && r.completed > 0
                {
                    self.mc.summary = Some(views::mc_summary(&self.doc.scenario, p, &r));
                    self.mc.stale = false;
                }
            }
            Some(Err(e)) => error = Some(e),
            None => {}
        }
        if finished {
            self.mc.job = None;
            self.mc.progress = None;
        } else if let Some(ctx) = wake {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        error
    }
}

impl TalentApp {
    /// Starts Monte Carlo replications of the plan shown in the background.
    pub fn start_monte_carlo(&mut self) {
        if let Err(e) = self.plan.start_monte_carlo(self.repaint.clone()) {
            self.dialog = Some(Dialog::Error("err.model", e));
        }
    }

    /// Advances every plan's Monte Carlo job: progress, partial bands, the
    /// final result.
    pub(super) fn poll_monte_carlo(&mut self, ctx: &egui::Context, now: f64) {
        let errors: Vec<String> = self
            .all_plans_mut()
            .filter_map(|p| p.poll_monte_carlo(now, Some(ctx)))
            .collect();
        if let Some(e) = errors.into_iter().next() {
            self.dialog = Some(Dialog::Error("err.model", e));
        }
    }

    /// Waits for the Monte Carlo job of the plan shown to finish (for tests and scripts).
    pub fn finish_monte_carlo(&mut self, ctx: &egui::Context) {
        while self.plan.mc.job.is_some() {
            self.poll_monte_carlo(ctx, f64::MAX);
            if self.plan.mc.job.is_some() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    /// Monte Carlo of the plan shown.
    #[must_use]
    pub fn mc(&self) -> &MonteCarlo {
        &self.plan.mc
    }
}
