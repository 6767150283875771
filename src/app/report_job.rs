//! File → Export report: the county plan report of the plan shown (the
//! other open plans as the variants of its comparison), made on the app's
//! one background-job type with its progress and cancel in the status bar,
//! and written whole through the safe write. The file name comes from the
//! file-dialog interface; a name ending in `.xlsx` gives the workbook,
//! anything else the Word document.

use super::TalentApp;
use super::dialogs::Dialog;
use super::job::{Job, Poll};
use super::panels::BackgroundView;
use super::preferences::saves_dir;
use crate::model::analysis::{AnalysisError, Control};
use crate::present::i18n::Lang;
use crate::report::{self, PlanInput, Provenance, ReportError, RunSettings};
use std::path::PathBuf;

/// What the job hands back: the file written, or the message (`None` when
/// it was cancelled).
type Outcome = Result<PathBuf, Option<String>>;

/// A report being made.
pub(super) struct ReportJob {
    job: Job<Outcome>,
    started: f64,
}

/// Makes the report and writes it: the job's work.
fn make(
    base: PlanInput,
    variants: Vec<PlanInput>,
    settings: RunSettings,
    lang: Lang,
    path: &std::path::Path,
    ctl: &Control,
) -> Outcome {
    let zh = lang == Lang::Zh;
    let failed = |e: ReportError| match e {
        ReportError::Analysis(AnalysisError::Cancelled) => None,
        other => Some(other.text(zh)),
    };
    let figures = report::compute(base, variants, settings, ctl).map_err(|e| failed(e.into()))?;
    let rep = report::build(&figures, lang, &Provenance::default()).map_err(failed)?;
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        report::workbook::workbook_bytes(&rep)
    } else {
        report::docx::docx_bytes(&rep)
    }
    .map_err(failed)?;
    crate::exchange::safe_write::write_bytes(path, &bytes)
        .map_err(|e| Some(format!("{e}: {}", path.display())))?;
    Ok(path.to_path_buf())
}

impl TalentApp {
    /// Asks for a file and starts making the report of the plan shown,
    /// the other plans as its variants.
    pub(super) fn export_report(&mut self, now: f64) {
        if self.report.is_some() {
            return;
        }
        let lang = self.prefs.language;
        let name = format!(
            "{}.docx",
            crate::present::document::proposed_stem(&self.plan.doc.scenario.name, lang)
        );
        let Some(mut path) = self
            .files
            .save_file(&saves_dir(), &name, "Word / Excel", "docx")
        else {
            return;
        };
        let known = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx") || e.eq_ignore_ascii_case("xlsx"));
        if !known {
            path.as_mut_os_string().push(".docx");
        }
        let input = |p: &super::plans::Plan| PlanInput {
            scenario: p.doc.scenario.clone(),
            label: p.label(lang),
        };
        let base = input(&self.plan);
        let mut others: Vec<&super::plans::Plan> = self.parked.iter().collect();
        others.sort_by_key(|p| p.id);
        let variants: Vec<PlanInput> = others.into_iter().map(input).collect();
        let settings = RunSettings {
            runs: report::DEFAULT_RUNS,
            seed: base.scenario.seed,
        };
        let spawned = Job::spawn("report", self.repaint.clone(), move |w| {
            let ctl = Control::new();
            let relayed = w.relay(
                || make(base, variants, settings, lang, &path, &ctl),
                |cancelled| {
                    if cancelled {
                        ctl.cancel();
                    }
                    let (done, total) = ctl.progress();
                    (done as u64, total as u64)
                },
            );
            relayed.unwrap_or_else(|e| Err(Some(e.to_string())))
        });
        match spawned {
            Ok(job) => self.report = Some(ReportJob { job, started: now }),
            Err(e) => self.dialog = Some(Dialog::Error("err.export_title", e.to_string())),
        }
    }

    /// Takes a finished report job: a note in the status bar, or the error.
    pub(super) fn poll_report(&mut self) {
        let Some(r) = &self.report else { return };
        let outcome = match r.job.poll() {
            Poll::Running => return,
            Poll::Done(outcome) => outcome,
            Poll::Lost => Err(Some(self.prefs.language.t("err.model").to_string())),
        };
        self.report = None;
        let l = self.prefs.language;
        match outcome {
            Ok(path) => {
                self.status_note = Some(format!("{} {}", l.t("report.done"), path.display()));
            }
            Err(None) => self.status_note = Some(l.t("bg.cancelled").to_string()),
            Err(Some(msg)) => self.dialog = Some(Dialog::Error("err.export_title", msg)),
        }
    }

    /// The report job as the status bar shows it.
    pub(super) fn report_view(&self, now: f64) -> Option<BackgroundView> {
        let r = self.report.as_ref()?;
        Some(BackgroundView {
            phase: "report.job",
            fraction: r.job.progress().fraction(),
            elapsed_secs: (now - r.started).max(0.0),
            loading: false,
        })
    }

    /// Stops a report being made.
    pub(super) fn cancel_report(&mut self) {
        if let Some(r) = &self.report {
            r.job.cancel();
        }
    }

    /// True while a report is being made.
    #[must_use]
    pub fn report_busy(&self) -> bool {
        self.report.is_some()
    }
}
