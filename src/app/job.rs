//! The one background-job type of the app: reading, checking and projecting
//! a plan, saving it, Monte Carlo, analyses and the trainer's roster work
//! all run as a [`Job`].
//!
//! A job is a closure run on a named thread. It reports how far it is
//! ([`Progress`]: a step, done of total) and may hand over partial results
//! on the way ([`Worker::publish`]); it checks the cancel flag at its own
//! safe points and returns a result. The app polls its jobs once a frame
//! ([`Job::poll`]) and the thread wakes the UI when it is done, so a frame
//! never waits for one. Dropping a job cancels it without waiting: the
//! thread stops at its next check, and what it sends goes nowhere.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};

/// How far a job is, shared between its thread and the UI: the step it is
/// in (each kind of job numbers its own steps), done of total within the
/// step (a total of 0 means unknown), and whether it was asked to stop.
#[derive(Debug, Default)]
pub struct Progress {
    step: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl Progress {
    /// Enters `step` with `total` units of work (0: unknown); done restarts at 0.
    pub fn set_step(&self, step: u8, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.step.store(step, Ordering::Relaxed);
    }

    /// Enters `step` of unknown length; false once the job was cancelled
    /// (the usual check at the start of a step).
    pub fn enter(&self, step: u8) -> bool {
        self.set_step(step, 0);
        !self.cancelled()
    }

    /// The step the job is in.
    #[must_use]
    pub fn step(&self) -> u8 {
        self.step.load(Ordering::Relaxed)
    }

    /// Sets the units done within the step.
    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// Sets done and total at once (a job that counts runs, say).
    pub fn set_counts(&self, done: u64, total: u64) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// Done and total within the step.
    #[must_use]
    pub fn counts(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Share of the step done, when it can be told.
    #[must_use]
    pub fn fraction(&self) -> Option<f32> {
        let (done, total) = self.counts();
        (total > 0).then(|| (done as f64 / total as f64).clamp(0.0, 1.0) as f32)
    }

    /// Asks the job to stop at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// True once [`Progress::cancel`] was called.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The cancel flag itself, for library code that checks one (the engine).
    #[must_use]
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

/// What a job's closure is given: its progress (through `Deref`) and a
/// place to leave partial results.
pub struct Worker<T> {
    progress: Arc<Progress>,
    partial: Arc<Mutex<Option<T>>>,
}

/// How often [`Worker::relay`] passes progress and cancel between a job
/// and the work it watches.
const RELAY_EVERY: std::time::Duration = std::time::Duration::from_millis(20);

impl<T> Worker<T> {
    /// Leaves a partial result for the UI (replacing one not yet taken).
    pub fn publish(&self, partial: T) {
        *self.partial.lock().unwrap_or_else(PoisonError::into_inner) = Some(partial);
    }

    /// Runs `work`, which reports through a progress and cancel of its own
    /// (the analyses' [`crate::model::analysis::Control`], say), on a thread
    /// beside the job's, and relays between the two while it runs: `relay`
    /// is called about fifty times a second with whether the job was
    /// cancelled (to pass on) and returns done and total. A panic in `work`
    /// goes on in the job (which then reports [`Poll::Lost`]).
    pub fn relay<R: Send>(
        &self,
        work: impl FnOnce() -> R + Send,
        mut relay: impl FnMut(bool) -> (u64, u64),
    ) -> std::io::Result<R> {
        let name = std::thread::current()
            .name()
            .map_or_else(|| "job-work".to_string(), |n| format!("{n}-work"));
        std::thread::scope(|s| {
            let handle = std::thread::Builder::new()
                .name(name)
                .spawn_scoped(s, work)?;
            while !handle.is_finished() {
                let (done, total) = relay(self.cancelled());
                self.set_counts(done, total);
                std::thread::sleep(RELAY_EVERY);
            }
            let (done, total) = relay(self.cancelled());
            self.set_counts(done, total);
            match handle.join() {
                Ok(r) => Ok(r),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

impl<T> std::ops::Deref for Worker<T> {
    type Target = Progress;

    fn deref(&self) -> &Progress {
        &self.progress
    }
}

/// What [`Job::poll`] found.
#[derive(Debug)]
pub enum Poll<T> {
    /// Still running.
    Running,
    /// Finished with this result.
    Done(T),
    /// The thread ended without a result (it panicked).
    Lost,
}

/// A closure running on a named thread; see the module documentation.
pub struct Job<T> {
    progress: Arc<Progress>,
    partial: Arc<Mutex<Option<T>>>,
    rx: mpsc::Receiver<T>,
}

impl<T> std::fmt::Debug for Job<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("progress", &self.progress)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Job<T> {
    /// Runs `work` on a thread named `thread`; `wake` is asked to repaint
    /// when the result is ready. Fails only if no thread can be started.
    pub fn spawn(
        thread: &str,
        wake: Option<egui::Context>,
        work: impl FnOnce(&Worker<T>) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let progress = Arc::new(Progress::default());
        let partial = Arc::new(Mutex::new(None));
        let worker = Worker {
            progress: Arc::clone(&progress),
            partial: Arc::clone(&partial),
        };
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name(thread.to_string())
            .spawn(move || {
                let out = work(&worker);
                // The receiver is gone if the job was dropped: nothing to do.
                let _ = tx.send(out);
                if let Some(ctx) = wake {
                    ctx.request_repaint();
                }
            })?;
        Ok(Self {
            progress,
            partial,
            rx,
        })
    }
}

impl<T> Job<T> {
    /// The result, once the job has finished.
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(out) => Poll::Done(out),
            Err(mpsc::TryRecvError::Empty) => Poll::Running,
            Err(mpsc::TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Waits for the result (tests and scripts); `None` if the thread died.
    pub fn wait(&self) -> Option<T> {
        self.rx.recv().ok()
    }

    /// The latest partial result not yet taken.
    pub fn take_partial(&self) -> Option<T> {
        self.partial
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// How far the job is.
    #[must_use]
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Asks the job to stop at its next check.
    pub fn cancel(&self) {
        self.progress.cancel();
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.progress.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_job_reports_progress_and_partial_results_and_returns_its_result() {
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let job = Job::spawn("test-job", None, move |w: &Worker<u32>| {
            w.set_step(2, 10);
            w.set_done(4);
            w.publish(7);
            let _ = go_rx.recv();
            w.set_done(10);
            42
        })
        .unwrap();
        let partial = loop {
            if let Some(p) = job.take_partial() {
                break p;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(partial, 7);
        assert!(job.take_partial().is_none(), "a partial is taken once");
        // The worker waits for the go, so its progress is known here.
        assert_eq!(job.progress().step(), 2);
        assert_eq!(job.progress().counts(), (4, 10));
        assert_eq!(job.progress().fraction(), Some(0.4));
        assert!(matches!(job.poll(), Poll::Running));
        go_tx.send(()).unwrap();
        assert_eq!(job.wait(), Some(42));
    }

    #[test]
    fn a_cancelled_job_stops_at_its_next_check() {
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let job = Job::spawn("test-cancel", None, move |w: &Worker<Option<u32>>| {
            let _ = go_rx.recv();
            if !w.enter(1) {
                return None;
            }
            Some(1)
        })
        .unwrap();
        job.cancel();
        assert!(job.progress().cancelled());
        go_tx.send(()).unwrap();
        assert_eq!(job.wait(), Some(None));
    }

    /// The plans compared, as the app will: a base and a variant with
    /// twice the recruitment.
    fn two_plans() -> Vec<(crate::model::Scenario, crate::model::Model)> {
        let base = crate::model::io::default_scenario().unwrap();
        let mut variant = base.clone();
        variant.levers.recruitment_multiplier = 2.0;
        [base, variant]
            .into_iter()
            .map(|sc| {
                let m = crate::model::Model::compile(&sc).unwrap();
                (sc, m)
            })
            .collect()
    }

    #[test]
    fn an_analysis_runs_as_a_job_with_its_progress_and_cancel_relayed() {
        use crate::model::analysis::compare::{CompareOptions, compare};
        use crate::model::analysis::{AnalysisError, Control, Evaluation};
        let opts = CompareOptions {
            eval: Evaluation::MonteCarlo { runs: 8, seed: 3 },
            county_only: false,
            year: None,
        };
        let labels = vec!["base".to_string(), "variant".to_string()];
        let run = |cancel_first: bool| {
            let (plans, labels) = (two_plans(), labels.clone());
            Job::spawn("test-compare", None, move |w| {
                let ctl = Control::new();
                if cancel_first {
                    w.cancel();
                }
                w.relay(
                    || compare(&plans, &labels, opts, &ctl),
                    |cancelled| {
                        if cancelled {
                            ctl.cancel();
                        }
                        let (done, total) = ctl.progress();
                        (done as u64, total as u64)
                    },
                )
                .unwrap()
            })
            .unwrap()
        };
        let job = run(false);
        let done = job.wait().unwrap().unwrap();
        let (runs_done, runs_planned) = job.progress().counts();
        assert!(
            runs_done > 0 && runs_done == runs_planned,
            "{runs_done} of {runs_planned}"
        );
        assert_eq!(done.plans.len(), 2);
        assert!(!done.metrics.is_empty());
        let job = run(true);
        assert!(matches!(job.wait(), Some(Err(AnalysisError::Cancelled))));
    }

    #[test]
    fn a_thread_that_dies_is_reported_lost() {
        let job = Job::spawn("test-lost", None, |_: &Worker<u32>| -> u32 {
            panic!("on purpose")
        })
        .unwrap();
        loop {
            match job.poll() {
                Poll::Running => std::thread::sleep(Duration::from_millis(1)),
                Poll::Lost => break,
                Poll::Done(v) => panic!("a result from a panicked job: {v}"),
            }
        }
    }
}
