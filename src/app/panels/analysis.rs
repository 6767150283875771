//! What the decision views (compare, what matters most, the least that
//! works, the SWOT board) know of the analyses besides the document: the
//! last result of each, whether it still matches the plans, a job's
//! progress, an error; and the pieces they share: the progress row with its
//! cancel button, the evaluation picker, the plans' colours.

use crate::model::analysis::Evaluation;
use crate::model::analysis::compare::{CompareOptions, Comparison};
use crate::model::analysis::seek::{OptimiseResult, SeekResult};
use crate::model::analysis::sensitivity::Sensitivity;
use crate::present::command::{AnalysisKind, Command, DecisionCommand};
use crate::present::document::PlanId;
use crate::present::i18n::Lang;
use egui::Color32;

/// The answer of the least-that-works dialog.
#[derive(Debug, Clone, PartialEq)]
pub enum SeekOutcome {
    /// A goal seek on one lever.
    Seek(Box<SeekResult>),
    /// The cheapest mix of levers.
    Optimise(Box<OptimiseResult>),
}

/// A running analysis as the views show it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunningView {
    /// Share done, when it can be told.
    pub fraction: Option<f32>,
    /// Runs done.
    pub done: u64,
    /// Runs planned so far (a search adds to it as it goes).
    pub total: u64,
    /// Seconds since it started.
    pub elapsed_secs: f64,
}

/// One analysis as a view sees it.
#[derive(Debug)]
pub struct AnalysisView<'a, T> {
    /// The last result.
    pub result: Option<&'a T>,
    /// Counts the results installed: a view-model made from one result is
    /// out of date when this changes.
    pub generation: u64,
    /// The result was computed on the plans as they are now.
    pub current: bool,
    /// A job running, if any.
    pub running: Option<RunningView>,
    /// Why the last run failed, in the interface language.
    pub error: Option<String>,
    /// The last run was cancelled.
    pub cancelled: bool,
}

/// Everything the decision views know of the analyses.
#[derive(Debug)]
pub struct DecisionsView<'a> {
    /// Plans side by side.
    pub compare: AnalysisView<'a, Comparison>,
    /// The plans of the last comparison, the base first.
    pub compare_plans: Vec<PlanId>,
    /// The options of the last comparison.
    pub compare_options: Option<CompareOptions>,
    /// The tornado.
    pub sensitivity: AnalysisView<'a, Sensitivity>,
    /// The plan the tornado is of.
    pub sensitivity_of: Option<PlanId>,
    /// Goal seek or the cheapest mix.
    pub seek: AnalysisView<'a, SeekOutcome>,
    /// The plan the seek is of.
    pub seek_of: Option<PlanId>,
    /// The plan shown.
    pub shown: PlanId,
    /// Every open plan's id and revision.
    pub revisions: &'a [(PlanId, u64)],
}

/// Colours of the plans in the compare charts, the base first.
pub const PLAN_COLORS: [Color32; 6] = [
    Color32::from_rgb(0x3b, 0x75, 0xaf),
    Color32::from_rgb(0xd6, 0x5f, 0x1f),
    Color32::from_rgb(0x3a, 0x8f, 0x3a),
    Color32::from_rgb(0x8d, 0x4f, 0xb8),
    Color32::from_rgb(0xb0, 0x2a, 0x4a),
    Color32::from_rgb(0x6b, 0x6b, 0x6b),
];

/// The colour of plan number `i` (0 = the base).
#[must_use]
pub fn plan_color(i: usize) -> Color32 {
    PLAN_COLORS[i % PLAN_COLORS.len()]
}

/// Colour of policies in the tornado and on the board.
pub const POLICY_COLOR: Color32 = Color32::from_rgb(0x2f, 0x6f, 0xb0);

/// Colour of assumptions in the tornado and on the board.
pub const ASSUMPTION_COLOR: Color32 = Color32::from_rgb(0xc8, 0x7a, 0x1e);

/// The colour of an entry of `kind`.
#[must_use]
pub fn kind_color(kind: crate::model::catalog::LeverKind) -> Color32 {
    match kind {
        crate::model::catalog::LeverKind::Policy => POLICY_COLOR,
        crate::model::catalog::LeverKind::Assumption => ASSUMPTION_COLOR,
    }
}

/// How a view evaluates: the expected-value projection or Monte Carlo
/// with a number of replications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvalChoice {
    /// Monte Carlo (true) or the expected-value projection.
    pub monte_carlo: bool,
    /// Replications when Monte Carlo.
    pub runs: usize,
}

impl EvalChoice {
    /// The evaluation, with the scenario's seed.
    #[must_use]
    pub fn evaluation(self, seed: u64) -> Evaluation {
        if self.monte_carlo {
            Evaluation::MonteCarlo {
                runs: self.runs,
                seed,
            }
        } else {
            Evaluation::Deterministic
        }
    }

    /// Draws the choice (expected value, or Monte Carlo with one of
    /// `runs`); true when it changed.
    pub fn ui(&mut self, ui: &mut egui::Ui, l: Lang, id: &str, runs: &[usize]) -> bool {
        let before = *self;
        ui.label(l.t("decide.evaluation"));
        ui.radio_value(&mut self.monte_carlo, false, l.t("decide.eval_expected"));
        ui.radio_value(&mut self.monte_carlo, true, l.t("decide.eval_monte_carlo"));
        if self.monte_carlo {
            egui::ComboBox::from_id_salt((id, "runs"))
                .selected_text(format!("{} {}", self.runs, l.t("decide.runs")))
                .width(90.0)
                .show_ui(ui, |ui| {
                    for &n in runs {
                        ui.selectable_value(
                            &mut self.runs,
                            n,
                            format!("{n} {}", l.t("decide.runs")),
                        );
                    }
                });
        }
        *self != before
    }
}

/// The progress of a running analysis with a cancel button; the cancel
/// command when it is pressed.
pub fn progress_row(
    ui: &mut egui::Ui,
    l: Lang,
    running: &RunningView,
    kind: AnalysisKind,
) -> Option<Command> {
    let mut out = None;
    ui.horizontal(|ui| {
        ui.spinner();
        let text = if running.total > 0 {
            format!(
                "{} {} / {} {} · {:.0} s",
                l.t("decide.running"),
                running.done,
                running.total,
                l.t("decide.runs"),
                running.elapsed_secs
            )
        } else {
            format!("{} · {:.0} s", l.t("decide.running"), running.elapsed_secs)
        };
        ui.add(
            egui::ProgressBar::new(running.fraction.unwrap_or(0.0))
                .desired_width(260.0)
                .text(text),
        );
        if ui.button(l.t("decide.cancel")).clicked() {
            out = Some(Command::Decide(DecisionCommand::Cancel(kind)));
        }
    });
    out
}

/// The notes under a view's controls: an error, a cancelled run, a result
/// no longer matching its plans.
pub fn status_notes<T>(ui: &mut egui::Ui, l: Lang, view: &AnalysisView<'_, T>) {
    if let Some(e) = &view.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if view.cancelled && view.running.is_none() {
        ui.colored_label(ui.visuals().warn_fg_color, l.t("decide.cancelled"));
    }
    if view.result.is_some() && !view.current && view.running.is_none() {
        ui.colored_label(ui.visuals().warn_fg_color, l.t("decide.stale"));
    }
}

/// A small "PNG…" button that asks for a chart's area on screen to be
/// written as an image.
pub fn png_button(ui: &mut egui::Ui, l: Lang, name: &str, rect: egui::Rect) -> Option<Command> {
    ui.small_button(l.t("decide.png"))
        .on_hover_text(l.t("decide.png_tip"))
        .clicked()
        .then(|| {
            Command::Decide(DecisionCommand::ExportChart {
                name: name.to_string(),
                rect: [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
            })
        })
}

/// Grid marks on a time axis of calendar years: every year, or every
/// second or fifth year on long spans.
#[must_use]
pub fn year_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    let step = if hi - lo > 14.0 {
        5.0
    } else if hi - lo > 6.0 {
        2.0
    } else {
        1.0
    };
    marks(lo, hi, step)
}

/// Grid marks on a value axis at 1, 2 or 5 times a power of ten, four to
/// ten over the span (the plot's own marks, powers of ten only, can leave
/// a short chart with a single labelled mark).
#[must_use]
pub fn value_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    marks(lo, hi, step)
}

/// The multiples of `step` from `lo` to `hi`.
fn marks(lo: f64, hi: f64, step: f64) -> Vec<egui_plot::GridMark> {
    let mut out = Vec::new();
    let mut i = (lo / step).ceil();
    while i * step <= hi && out.len() < 64 {
        // `+ 0.0` turns −0 (a bound just below zero) into 0, written "0".
        out.push(egui_plot::GridMark {
            value: i * step + 0.0,
            step_size: step,
        });
        i += 1.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::value_marks;

    fn values(lo: f64, hi: f64) -> Vec<f64> {
        value_marks(egui_plot::GridInput {
            bounds: (lo, hi),
            base_step_size: 0.0,
        })
        .iter()
        .map(|m| m.value)
        .collect()
    }

    #[test]
    fn value_marks_are_round_and_several_on_any_span() {
        // A band chart of a county's headcount: marks every 20, not only 0.
        assert_eq!(values(-3.0, 75.0), [0.0, 20.0, 40.0, 60.0]);
        // A single township: whole people.
        assert_eq!(values(-0.2, 3.4), [0.0, 1.0, 2.0, 3.0]);
        // Money in yuan: steps of 1, 2 or 5 times a power of ten.
        assert_eq!(values(0.0, 3.1e6), [0.0, 1e6, 2e6, 3e6]);
        // Zero just above a negative bound is written as 0, never −0.
        assert!(values(-1e-9, 1.0)[0].is_sign_positive());
        assert!(values(1.0, 1.0).is_empty());
    }
}
