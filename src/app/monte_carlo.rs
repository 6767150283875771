//! Monte Carlo from the app: a run of the current scenario in the
//! background, its progress and partial bands, and the bands going stale
//! when the scenario changes.

use super::TalentApp;
use super::dialogs::Dialog;
use crate::present::views;

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
    pub(super) job: Option<(u64, crate::model::montecarlo::McJob)>,
    pub(super) auto_at: Option<f64>,
    pub(super) last_partial: f64,
}

impl MonteCarlo {
    /// True while a job runs.
    #[must_use]
    pub fn running(&self) -> bool {
        self.job.is_some()
    }
}

impl TalentApp {
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
    pub(super) fn poll_monte_carlo(&mut self, ctx: &egui::Context, now: f64) {
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
}
