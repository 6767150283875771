//! What matters most: the tornado of the plan shown for a chosen output
//! and year. Each bar is one catalog entry moved from its plausible low to
//! its plausible high, everything else as in the plan; the largest swing
//! comes first; policies and assumptions have their own colour and a
//! filter. Clicking a bar opens that lever. The run goes in the background
//! with its progress and a cancel button.

use super::Env;
use super::analysis::{
    ASSUMPTION_COLOR, DecisionsView, EvalChoice, POLICY_COLOR, kind_color, progress_row,
    status_notes,
};
use crate::model::metrics;
use crate::present::command::{AnalysisKind, Command, DecisionCommand};
use crate::present::decisions::tornado::{self, KindFilter, TornadoView};
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::views;

/// Replications the tornado offers under Monte Carlo (each entry's two
/// ends are run that many times).
const RUNS: [usize; 3] = [20, 50, 100];

/// Most bars drawn.
const MAX_BARS: usize = 15;

/// Height of a bar's row, points.
const ROW_HEIGHT: f32 = 22.0;

/// The tornado view.
#[derive(Debug)]
pub struct SensitivityPanel {
    /// The output shown.
    metric: String,
    /// The year asked for (None: 2030 or the last year).
    year: Option<i32>,
    eval: EvalChoice,
    filter: KindFilter,
    /// The view-model and the result (generation), output, filter and
    /// language it is of.
    cache: Option<(u64, String, KindFilter, Lang, Option<TornadoView>)>,
}

impl Default for SensitivityPanel {
    fn default() -> Self {
        Self {
            metric: "headcount_total".into(),
            year: None,
            eval: EvalChoice {
                monte_carlo: false,
                runs: 50,
            },
            filter: KindFilter::All,
            cache: None,
        }
    }
}

impl SensitivityPanel {
    /// Shows `metric` at the end of `year` next (the SWOT board asks for
    /// the metric and year of a goal).
    pub fn show_output(&mut self, metric: &str, year: i32) {
        self.metric = metric.to_string();
        self.year = Some(year);
    }

    /// The run this view would start: the year asked for, the evaluation.
    fn request(&self, doc: &Document) -> DecisionCommand {
        DecisionCommand::Sensitivity {
            year: self.year,
            eval: self.eval.evaluation(doc.scenario.seed),
        }
    }

    /// Draws the view and returns the command given.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        env: &Env<'_>,
        d: &DecisionsView<'_>,
    ) -> Option<Command> {
        let l = env.lang;
        let sc = &doc.scenario;
        let mut out = None;
        let years: Vec<i32> = doc.results.as_deref().map(views::years).unwrap_or_default();
        egui::ScrollArea::vertical()
            .id_salt("sensitivity_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(l.t("decide.output"));
                    egui::ComboBox::from_id_salt("tornado_output")
                        .selected_text(metrics::label(sc, &self.metric, l == Lang::Zh))
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for m in tornado::outputs_of(sc) {
                                let name = metrics::label(sc, &m, l == Lang::Zh);
                                if ui.selectable_label(m == self.metric, name).clicked() {
                                    self.metric = m;
                                }
                            }
                        });
                    ui.label(l.t("decide.year"));
                    // The analyses' default: 2030 when projected, else the last year.
                    let default_year = years
                        .iter()
                        .copied()
                        .find(|y| *y == 2030)
                        .or_else(|| years.last().copied());
                    let shown = self
                        .year
                        .or(default_year)
                        .map_or_else(String::new, |y| y.to_string());
                    egui::ComboBox::from_id_salt("tornado_year")
                        .selected_text(shown)
                        .width(80.0)
                        .show_ui(ui, |ui| {
                            for y in &years {
                                if ui
                                    .selectable_label(self.year == Some(*y), y.to_string())
                                    .clicked()
                                {
                                    self.year = Some(*y);
                                }
                            }
                        });
                });
                ui.horizontal_wrapped(|ui| {
                    self.eval.ui(ui, l, "tornado", &RUNS);
                    ui.separator();
                    ui.label(l.t("decide.show"));
                    for f in [
                        KindFilter::All,
                        KindFilter::Policies,
                        KindFilter::Assumptions,
                    ] {
                        ui.radio_value(&mut self.filter, f, l.t(f.key()));
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    let can = doc.results.is_some() && d.sensitivity.running.is_none();
                    if ui
                        .add_enabled(can, egui::Button::new(l.t("decide.tornado_run")))
                        .clicked()
                    {
                        out = Some(Command::Decide(self.request(doc)));
                    }
                    ui.small(l.t("decide.tornado_how"));
                });
                if let Some(r) = &d.sensitivity.running
                    && let Some(c) = progress_row(ui, l, r, AnalysisKind::Sensitivity)
                {
                    out = Some(c);
                }
                status_notes(ui, l, &d.sensitivity);
                if d.sensitivity.result.is_some() && d.sensitivity_of != Some(d.shown) {
                    ui.colored_label(ui.visuals().warn_fg_color, l.t("decide.other_plan"));
                }
                let Some(s) = d.sensitivity.result else {
                    if d.sensitivity.running.is_none() {
                        ui.label(l.t("decide.tornado_none"));
                    }
                    return;
                };
                let key = (
                    d.sensitivity.generation,
                    self.metric.clone(),
                    self.filter,
                    l,
                );
                let fresh = self
                    .cache
                    .as_ref()
                    .is_some_and(|c| (c.0, &c.1, c.2, c.3) == (key.0, &key.1, key.2, key.3));
                if !fresh {
                    let v = tornado::view(s, &self.metric, self.filter, MAX_BARS, sc, l);
                    self.cache = Some((key.0, key.1, key.2, key.3, v));
                }
                let Some((_, _, _, _, view)) = &self.cache else {
                    return;
                };
                let Some(v) = view else {
                    ui.label(l.t("decide.tornado_not_measured"));
                    return;
                };
                let eval = match s.runs {
                    None => l.t("decide.eval_expected").to_string(),
                    Some(n) => {
                        format!("{} · {n} {}", l.t("decide.eval_paired"), l.t("decide.runs"))
                    }
                };
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    ui.strong(&v.title);
                    ui.label(format!("{}: {}", l.t("decide.in_plan"), v.base_text));
                    ui.small(eval);
                });
                if self.year.is_some_and(|y| y != v.year) && d.sensitivity.running.is_none() {
                    ui.colored_label(ui.visuals().warn_fg_color, l.t("decide.year_changed"));
                }
                if let Some(cmd) = draw(ui, v, l) {
                    out = Some(cmd);
                }
                let mut notes = Vec::new();
                if v.left_out > 0 {
                    notes.push(format!("{} {}", v.left_out, l.t("decide.left_out")));
                }
                if v.without_effect > 0 {
                    notes.push(format!(
                        "{} {}",
                        v.without_effect,
                        l.t("decide.without_effect")
                    ));
                }
                if !notes.is_empty() {
                    ui.small(notes.join(" · "));
                }
            });
        out
    }
}

/// Draws the tornado: a row a bar (the entry's name on the left, the bar
/// from the output at its low to the output at its high, around the
/// plan's value), an axis with marks under them, and a legend. Each row is
/// a button named after the entry; clicking one opens it.
fn draw(ui: &mut egui::Ui, v: &TornadoView, l: Lang) -> Option<Command> {
    let mut out = None;
    legend(ui, l);
    let width = ui.available_width().max(320.0);
    let label_w = (width * 0.38).clamp(140.0, 340.0);
    let bar_w = width - label_w - 16.0;
    let (lo, hi) = v.span;
    let pad = ((hi - lo) * 0.05).max(1e-9);
    let (lo, hi) = (lo - pad, hi + pad);
    let x_of = |left: f32, value: f64| left + ((value - lo) / (hi - lo)) as f32 * bar_w;
    let text_color = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    for b in &v.bars {
        let (rect, resp) =
            ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::click());
        let resp = resp
            .on_hover_text(format!("{}\n\n{}", b.detail, l.t("decide.click_to_open")))
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &b.label)
        });
        let painter = ui.painter_at(rect);
        if resp.hovered() {
            painter.rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
        }
        // The name, cut to its column.
        let name_rect = egui::Rect::from_min_size(rect.min, egui::vec2(label_w, ROW_HEIGHT));
        let galley = ui
            .painter()
            .layout(b.label.clone(), font.clone(), text_color, f32::INFINITY);
        ui.painter_at(name_rect).galley(
            egui::pos2(rect.min.x + 2.0, rect.center().y - galley.size().y / 2.0),
            galley,
            text_color,
        );
        let left = rect.min.x + label_w + 8.0;
        let base_x = x_of(left, v.base);
        let col = kind_color(b.kind);
        let y0 = rect.min.y + 4.0;
        let y1 = rect.max.y - 4.0;
        // Lever at its low: light; at its high: full colour.
        for (value, fill) in [(b.at_low, col.gamma_multiply(0.45)), (b.at_high, col)] {
            let x = x_of(left, value);
            let r = egui::Rect::from_x_y_ranges(x.min(base_x)..=x.max(base_x), y0..=y1);
            painter.rect_filled(r, 1.0, fill);
        }
        painter.line_segment(
            [
                egui::pos2(base_x, rect.min.y),
                egui::pos2(base_x, rect.max.y),
            ],
            egui::Stroke::new(1.0, text_color),
        );
        if resp.clicked() {
            out = Some(Command::Decide(DecisionCommand::OpenLever(b.path.clone())));
        }
    }
    // The axis: five marks over the span, and the plan's value.
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 22.0), egui::Sense::hover());
    let left = rect.min.x + label_w + 8.0;
    let painter = ui.painter_at(rect);
    let stroke = egui::Stroke::new(1.0, ui.visuals().weak_text_color());
    painter.line_segment(
        [
            egui::pos2(left, rect.min.y + 2.0),
            egui::pos2(left + bar_w, rect.min.y + 2.0),
        ],
        stroke,
    );
    let small = egui::TextStyle::Small.resolve(ui.style());
    let marks = tornado::axis_marks(lo, hi, 4);
    let last = marks.len().saturating_sub(1);
    for (k, value) in marks.into_iter().enumerate() {
        let x = x_of(left, value);
        painter.line_segment(
            [egui::pos2(x, rect.min.y), egui::pos2(x, rect.min.y + 6.0)],
            stroke,
        );
        // The outer marks keep their text inside the axis.
        let align = if k == 0 && x - left < 30.0 {
            egui::Align2::LEFT_TOP
        } else if k == last && left + bar_w - x < 30.0 {
            egui::Align2::RIGHT_TOP
        } else {
            egui::Align2::CENTER_TOP
        };
        painter.text(
            egui::pos2(x, rect.min.y + 7.0),
            align,
            tornado::value_text(&v.metric, value, l),
            small.clone(),
            ui.visuals().text_color(),
        );
    }
    out
}

/// What the colours mean.
fn legend(ui: &mut egui::Ui, l: Lang) {
    ui.horizontal_wrapped(|ui| {
        for (col, key) in [
            (POLICY_COLOR, "decide.kind_policy"),
            (ASSUMPTION_COLOR, "decide.kind_assumption"),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, col);
            ui.small(l.t(key));
        }
        ui.separator();
        ui.small(l.t("decide.tornado_legend"));
    });
}
