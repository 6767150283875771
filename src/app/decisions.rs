//! The decision views from the app's side: their analyses (plans compared,
//! the tornado of the plan shown, goal seek and the cheapest mix) run as
//! background jobs of the one job type, their progress relayed from the
//! analyses' own [`Control`] and cancelled through it; their results kept
//! with what they were computed on, so a view can tell when its plans have
//! changed since; the comparison's table and a chart written to files.

use super::TalentApp;
use super::chart_png::{self, PendingPng};
use super::dialogs::Dialog;
use super::job::{Job, Poll, Progress};
use super::panels::analysis::{AnalysisView, DecisionsView, RunningView, SeekOutcome};
use super::panels::{compare, seek, sensitivity, swot};
use super::preferences::saves_dir;
use crate::model::Model;
use crate::model::analysis::compare::{CompareOptions, Comparison};
use crate::model::analysis::sensitivity::{Sensitivity, SensitivityOptions};
use crate::model::analysis::{self, AnalysisError, Control, Evaluation};
use crate::present::command::{AnalysisKind, DecisionCommand, Tab};
use crate::present::decisions::{compare as compare_view, tornado};
use crate::present::document::PlanId;
use crate::present::i18n::Lang;
use std::sync::Arc;

/// What a comparison was computed on: each plan and its revision, the
/// options.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CompareKey {
    plans: Vec<(PlanId, u64)>,
    options: CompareOptions,
}

/// What a tornado was computed on: the plan, its revision, the year and
/// evaluation asked for.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SensitivityKey {
    plan: PlanId,
    revision: u64,
    year: Option<i32>,
    eval: Evaluation,
}

/// What a goal seek or cheapest mix was computed on.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SeekKey {
    plan: PlanId,
    revision: u64,
}

/// An analysis's job: it returns the analysis's result or error.
type AnalysisJob<T> = Job<Result<T, AnalysisError>>;

/// One analysis: the job running (with what it computes on and when it
/// started), the last result (with what it was computed on) and the last
/// error.
pub(super) struct Slot<K, T> {
    running: Option<(K, AnalysisJob<T>, f64)>,
    done: Option<(K, Arc<T>)>,
    error: Option<AnalysisError>,
    /// The last run was cancelled (said once, in the view).
    cancelled: bool,
    /// Counts the results installed.
    generation: u64,
}

impl<K, T> Default for Slot<K, T> {
    fn default() -> Self {
        Self {
            running: None,
            done: None,
            error: None,
            cancelled: false,
            generation: 0,
        }
    }
}

impl<K: PartialEq, T> Slot<K, T> {
    /// Takes a finished job's result.
    fn poll(&mut self) {
        let polled = match &self.running {
            Some((_, job, _)) => job.poll(),
            None => return,
        };
        let out = match polled {
            Poll::Running => return,
            Poll::Done(out) => out,
            Poll::Lost => Err(AnalysisError::Options {
                en: "the analysis stopped unexpectedly".into(),
                zh: "分析意外中止".into(),
            }),
        };
        let Some((key, _, _)) = self.running.take() else {
            return;
        };
        match out {
            Ok(t) => {
                self.done = Some((key, Arc::new(t)));
                self.generation += 1;
                self.error = None;
                self.cancelled = false;
            }
            Err(AnalysisError::Cancelled) => self.cancelled = true,
            Err(e) => {
                self.error = Some(e);
                self.cancelled = false;
            }
        }
    }

    /// Starts `job` computing on `key` (a job still running is dropped,
    /// which cancels it).
    fn start(&mut self, key: K, job: std::io::Result<AnalysisJob<T>>, now: f64) {
        self.cancelled = false;
        match job {
            Ok(job) => {
                self.running = Some((key, job, now));
                self.error = None;
            }
            Err(e) => {
                self.running = None;
                self.error = Some(AnalysisError::Options {
                    en: format!("cannot start the analysis: {e}"),
                    zh: format!("无法启动分析：{e}"),
                });
            }
        }
    }

    /// Asks the running job to stop.
    fn cancel(&mut self) {
        if let Some((_, job, _)) = &self.running {
            job.cancel();
        }
    }

    /// The slot as a view shows it; `current` tells whether a result's key
    /// still matches the plans.
    fn view(&self, l: Lang, now: f64, current: impl Fn(&K) -> bool) -> AnalysisView<'_, T> {
        AnalysisView {
            result: self.done.as_ref().map(|(_, t)| t.as_ref()),
            generation: self.generation,
            current: self.done.as_ref().is_some_and(|(k, _)| current(k)),
            running: self
                .running
                .as_ref()
                .map(|(_, job, started)| running_view(job.progress(), *started, now)),
            error: self.error.as_ref().map(|e| e.text(l == Lang::Zh)),
            cancelled: self.cancelled,
        }
    }

    fn is_running(&self) -> bool {
        self.running.is_some()
    }
}

fn running_view(p: &Progress, started: f64, now: f64) -> RunningView {
    let (done, total) = p.counts();
    RunningView {
        fraction: p.fraction(),
        done,
        total,
        elapsed_secs: (now - started).max(0.0),
    }
}

/// The decision views' state: their analyses and panels, the goal-seek
/// dialog, and a chart being written as an image.
#[derive(Default)]
pub struct Decisions {
    compare: Slot<CompareKey, Comparison>,
    sensitivity: Slot<SensitivityKey, Sensitivity>,
    seek: Slot<SeekKey, SeekOutcome>,
    png: Option<PendingPng>,
    /// The goal-seek dialog is open.
    pub(super) seek_open: bool,
    pub(super) compare_panel: compare::ComparePanel,
    pub(super) sensitivity_panel: sensitivity::SensitivityPanel,
    pub(super) swot_panel: swot::SwotPanel,
    pub(super) seek_dialog: seek::SeekDialog,
}

/// The panels of the decision views, borrowed apart from their state.
pub(super) struct DecisionPanels<'a> {
    pub(super) compare: &'a mut compare::ComparePanel,
    pub(super) sensitivity: &'a mut sensitivity::SensitivityPanel,
    pub(super) swot: &'a mut swot::SwotPanel,
    pub(super) seek: &'a mut seek::SeekDialog,
    pub(super) seek_open: bool,
}

impl Decisions {
    /// The panels, and the view of the analyses they draw from:
    /// `revisions` are the open plans' ids and revisions, `shown` the plan
    /// shown.
    pub(super) fn split<'a>(
        &'a mut self,
        revisions: &'a [(PlanId, u64)],
        shown: (PlanId, u64),
        l: Lang,
        now: f64,
    ) -> (DecisionPanels<'a>, DecisionsView<'a>) {
        let Self {
            compare,
            sensitivity,
            seek,
            seek_open,
            compare_panel,
            sensitivity_panel,
            swot_panel,
            seek_dialog,
            ..
        } = self;
        let view = DecisionsView {
            compare: compare.view(l, now, |k| k.plans.iter().all(|p| revisions.contains(p))),
            compare_plans: compare
                .done
                .as_ref()
                .map(|(k, _)| k.plans.iter().map(|(id, _)| *id).collect())
                .unwrap_or_default(),
            compare_options: compare.done.as_ref().map(|(k, _)| k.options),
            sensitivity: sensitivity.view(l, now, |k| (k.plan, k.revision) == shown),
            sensitivity_of: sensitivity.done.as_ref().map(|(k, _)| k.plan),
            seek: seek.view(l, now, |k| (k.plan, k.revision) == shown),
            seek_of: seek.done.as_ref().map(|(k, _)| k.plan),
            shown: shown.0,
            revisions,
        };
        let panels = DecisionPanels {
            compare: compare_panel,
            sensitivity: sensitivity_panel,
            swot: swot_panel,
            seek: seek_dialog,
            seek_open: *seek_open,
        };
        (panels, view)
    }

    /// True while one of the analyses runs.
    #[must_use]
    pub fn running(&self) -> bool {
        self.compare.is_running() || self.sensitivity.is_running() || self.seek.is_running()
    }
}

/// Runs `work` as a job named `name`, relaying its [`Control`]'s progress
/// and the job's cancel.
fn spawn<T: Send + 'static>(
    name: &str,
    wake: Option<egui::Context>,
    work: impl FnOnce(&Control) -> Result<T, AnalysisError> + Send + 'static,
) -> std::io::Result<AnalysisJob<T>> {
    Job::spawn(name, wake, move |w| {
        let ctl = Control::new();
        w.relay(
            || work(&ctl),
            |cancelled| {
                if cancelled {
                    ctl.cancel();
                }
                let (done, total) = ctl.progress();
                (done as u64, total as u64)
            },
        )
        .unwrap_or_else(|e| {
            Err(AnalysisError::Options {
                en: format!("cannot start the analysis: {e}"),
                zh: format!("无法启动分析：{e}"),
            })
        })
    })
}

impl TalentApp {
    /// The decision views' analyses (tests and scripts).
    #[must_use]
    pub fn decisions(&self) -> &Decisions {
        &self.decisions
    }

    /// The last comparison of plans, if any.
    #[must_use]
    pub fn comparison(&self) -> Option<&Comparison> {
        self.decisions
            .compare
            .done
            .as_ref()
            .map(|(_, c)| c.as_ref())
    }

    /// The last tornado, if any.
    #[must_use]
    pub fn sensitivity(&self) -> Option<&Sensitivity> {
        self.decisions
            .sensitivity
            .done
            .as_ref()
            .map(|(_, s)| s.as_ref())
    }

    /// The last goal seek or cheapest mix, if any.
    #[must_use]
    pub fn seek_outcome(&self) -> Option<&SeekOutcome> {
        self.decisions.seek.done.as_ref().map(|(_, s)| s.as_ref())
    }

    /// Waits until no analysis runs (tests and scripts).
    pub fn finish_analyses(&mut self) {
        while self.decisions.running() {
            self.poll_decisions(None);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// The open plans' ids and revisions, the base first.
    pub(super) fn plan_revisions(&self) -> Vec<(PlanId, u64)> {
        let mut v: Vec<(PlanId, u64)> = std::iter::once(&self.plan)
            .chain(self.parked.iter())
            .map(|p| (p.id, p.doc.revision))
            .collect();
        v.sort();
        v
    }

    /// Takes the analyses' finished results and a written chart's outcome.
    pub(super) fn poll_decisions(&mut self, ctx: Option<&egui::Context>) {
        let d = &mut self.decisions;
        d.compare.poll();
        d.sensitivity.poll();
        d.seek.poll();
        if let Some(ctx) = ctx
            && d.running()
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if let Some(outcome) = d.png.as_ref().and_then(PendingPng::take) {
            d.png = None;
            let lang = self.prefs.language;
            match outcome {
                Ok(path) => {
                    self.status_note =
                        Some(format!("{} {}", lang.t("status.exported"), path.display()));
                }
                Err(e) => self.dialog = Some(Dialog::Error("err.export_title", e)),
            }
        }
    }

    /// Applies a command of the decision views.
    pub(super) fn apply_decision(&mut self, cmd: DecisionCommand, now: f64) {
        let wake = self.repaint.clone();
        match cmd {
            DecisionCommand::Compare { plans, options } => self.start_compare(&plans, options, now),
            DecisionCommand::Sensitivity { year, eval } => {
                let sc = self.plan.doc.scenario.clone();
                let key = SensitivityKey {
                    plan: self.plan.id,
                    revision: self.plan.doc.revision,
                    year,
                    eval,
                };
                let opts = SensitivityOptions {
                    metrics: tornado::outputs_of(&sc),
                    year,
                    eval,
                    only: None,
                };
                let job = spawn("analysis-sensitivity", wake, move |ctl| {
                    analysis::sensitivity::sensitivity(&sc, &opts, ctl)
                });
                self.decisions.sensitivity.start(key, job, now);
            }
            DecisionCommand::Seek(opts) => {
                let sc = self.plan.doc.scenario.clone();
                let key = self.seek_key();
                let job = spawn("analysis-seek", wake, move |ctl| {
                    analysis::seek::seek(&sc, &opts, ctl).map(|r| SeekOutcome::Seek(Box::new(r)))
                });
                self.decisions.seek.start(key, job, now);
            }
            DecisionCommand::Optimise(opts) => {
                let sc = self.plan.doc.scenario.clone();
                let key = self.seek_key();
                let job = spawn("analysis-optimise", wake, move |ctl| {
                    analysis::seek::optimise(&sc, &opts, ctl)
                        .map(|r| SeekOutcome::Optimise(Box::new(r)))
                });
                self.decisions.seek.start(key, job, now);
            }
            DecisionCommand::Cancel(kind) => match kind {
                AnalysisKind::Compare => self.decisions.compare.cancel(),
                AnalysisKind::Sensitivity => self.decisions.sensitivity.cancel(),
                AnalysisKind::Seek => self.decisions.seek.cancel(),
            },
            DecisionCommand::ExportComparison { xlsx } => self.export_comparison(xlsx),
            DecisionCommand::ExportChart { name, rect } => {
                let file = format!("{name}.png");
                if let Some(path) = self.files.save_file(&saves_dir(), &file, "PNG", "png")
                    && let Some(ctx) = &self.repaint
                {
                    let rect = egui::Rect::from_min_max(
                        egui::pos2(rect[0], rect[1]),
                        egui::pos2(rect[2], rect[3]),
                    );
                    self.decisions.png = Some(chart_png::request(ctx, rect, path));
                }
            }
            DecisionCommand::OpenLever(path) => {
                self.prefs.tab = Tab::Levers;
                self.levers.focus(&path);
            }
            DecisionCommand::ToggleSeek => self.decisions.seek_open = !self.decisions.seek_open,
        }
    }

    fn seek_key(&self) -> SeekKey {
        SeekKey {
            plan: self.plan.id,
            revision: self.plan.doc.revision,
        }
    }

    /// Compares `ids` (in the order of the plan list; the first is the
    /// base) in the background.
    fn start_compare(&mut self, ids: &[PlanId], options: CompareOptions, now: f64) {
        let entries = self.plans();
        let mut chosen: Vec<(PlanId, u64, crate::model::Scenario, String)> = Vec::new();
        for p in std::iter::once(&self.plan).chain(self.parked.iter()) {
            if ids.contains(&p.id) {
                let label = entries
                    .iter()
                    .find(|e| e.id == p.id)
                    .map_or_else(|| p.doc.display_name(), |e| e.label.clone());
                chosen.push((p.id, p.doc.revision, p.doc.scenario.clone(), label));
            }
        }
        chosen.sort_by_key(|c| c.0);
        let key = CompareKey {
            plans: chosen.iter().map(|c| (c.0, c.1)).collect(),
            options,
        };
        let (scenarios, labels): (Vec<_>, Vec<_>) = chosen.into_iter().map(|c| (c.2, c.3)).unzip();
        let job = spawn("analysis-compare", self.repaint.clone(), move |ctl| {
            let plans = scenarios
                .into_iter()
                .map(|sc| Model::compile(&sc).map(|m| (sc, m)))
                .collect::<Result<Vec<_>, _>>()?;
            analysis::compare::compare(&plans, &labels, options, ctl)
        });
        self.decisions.compare.start(key, job, now);
    }

    /// Asks for a file and writes the comparison's table to it.
    fn export_comparison(&mut self, xlsx: bool) {
        let Some(c) = self.comparison() else {
            return;
        };
        let lang = self.prefs.language;
        let table = compare_view::table(c, lang);
        let (ext, filter) = if xlsx {
            ("xlsx", "Excel")
        } else {
            ("csv", "CSV")
        };
        let name = format!("{}.{ext}", lang.t("decide.sheet_comparison"));
        let Some(path) = self.files.save_file(&saves_dir(), &name, filter, ext) else {
            return;
        };
        let written: anyhow::Result<()> = if xlsx {
            crate::exchange::xlsx::workbook_bytes(std::slice::from_ref(&table))
                .map_err(anyhow::Error::from)
                .and_then(|b| Ok(crate::exchange::safe_write::write_bytes(&path, &b)?))
        } else {
            crate::exchange::safe_write::write_file(&path, |w| -> anyhow::Result<()> {
                crate::exchange::csv::write_table(&table, w)?;
                Ok(())
            })
        };
        match written {
            Ok(()) => {
                self.status_note =
                    Some(format!("{} {}", lang.t("status.exported"), path.display()));
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(
                    "err.export_title",
                    format!("{e:#}: {}", path.display()),
                ));
            }
        }
    }
}
