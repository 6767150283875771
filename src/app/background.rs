//! The plan's work that must not block a frame: reading, checking and
//! projecting big scenario files, and reprojecting them after edits. It runs
//! as a [`super::job::Job`], reporting its phase and progress and stopping
//! when cancelled; the UI swaps the result in when it arrives.

use super::job::Progress;
use crate::model::scenario::Scenario;
use crate::model::{Model, Projection, io};
use crate::present::document::{self, Problem};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

/// What a background job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the file.
    Reading,
    /// Parsing the scenario text.
    Parsing,
    /// Checking the scenario.
    Checking,
    /// Projecting it.
    Projecting,
}

impl Phase {
    /// The phase a job's progress is in.
    #[must_use]
    pub fn of(progress: &Progress) -> Phase {
        match progress.step() {
            0 => Phase::Reading,
            1 => Phase::Parsing,
            2 => Phase::Checking,
            _ => Phase::Projecting,
        }
    }

    fn enter(self, progress: &Progress, total: u64) {
        progress.set_step(self as u8, total);
    }

    /// The interface string key of the phase.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Phase::Reading => "bg.reading",
            Phase::Parsing => "bg.parsing",
            Phase::Checking => "bg.checking",
            Phase::Projecting => "bg.projecting",
        }
    }
}

/// The checked and projected scenario, as the UI installs it.
#[derive(Debug)]
pub struct Checked {
    /// Problems of the scenario.
    pub problems: Vec<Problem>,
    /// The projection, if the scenario could be run.
    pub projection: Option<Projection>,
    /// Wall-clock milliseconds of checking and projecting.
    pub ms: f64,
}

/// Why a background read failed.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read or parsed.
    Failed(io::LoadError),
    /// The job was cancelled.
    Cancelled,
}

/// Reads and parses a scenario file, reporting bytes read.
pub fn read_scenario(path: &Path, progress: &Progress) -> Result<Scenario, ReadError> {
    let failed = ReadError::Failed;
    let mut file = std::fs::File::open(path).map_err(|e| failed(e.into()))?;
    let len = file.metadata().map_or(0, |m| m.len());
    Phase::Reading.enter(progress, len);
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut chunk = vec![0_u8; 1 << 20];
    loop {
        if progress.cancelled() {
            return Err(ReadError::Cancelled);
        }
        let n = file.read(&mut chunk).map_err(|e| failed(e.into()))?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        progress.set_done(bytes.len() as u64);
    }
    Phase::Parsing.enter(progress, 0);
    let text = String::from_utf8(bytes).map_err(|e| {
        failed(io::LoadError::Io {
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })
    })?;
    if progress.cancelled() {
        return Err(ReadError::Cancelled);
    }
    io::from_ron_str(&text).map_err(failed)
}

/// Projects with township detail, reporting months done as progress.
/// `None` when cancelled (the engine checks before every month).
fn project_watched(model: &Model, progress: &Progress) -> Option<Projection> {
    Phase::Projecting.enter(progress, u64::from(model.months()));
    model.project_watched(
        document::run_options(model.township_count()),
        &|months| progress.set_done(u64::from(months)),
        progress.cancel_flag(),
    )
}

/// Checks and projects a scenario like [`document::check_and_project`], with
/// progress and cancel. `None` when cancelled.
#[must_use]
pub fn check_and_project(scenario: &Scenario, progress: &Progress) -> Option<Checked> {
    let t0 = Instant::now();
    Phase::Checking.enter(progress, 0);
    let mut cancelled = false;
    let (problems, projection) = document::check_and_project_with(scenario, |model| {
        let p = if progress.cancelled() {
            None
        } else {
            project_watched(model, progress)
        };
        cancelled = p.is_none();
        p
    });
    if cancelled || progress.cancelled() {
        return None;
    }
    Some(Checked {
        problems,
        projection,
        ms: t0.elapsed().as_secs_f64() * 1e3,
    })
}

/// Drops a big value on a short-lived thread, so freeing millions of rows
/// (a projection, an undo history, a roster of 100,000 people) does not
/// hold up a frame. If no thread can be had, the value is dropped here:
/// slower, still correct.
pub fn drop_later<T: Send + 'static>(value: T) {
    let moved = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
    // If no thread can be started the value was dropped with the error.
    let _ = moved;
}
