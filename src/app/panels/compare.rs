//! Plans side by side: which plans (the base first), how they are
//! evaluated (expected value, or paired Monte Carlo replications), overlaid
//! charts (a colour a plan, 5–95 % bands under Monte Carlo), the goals'
//! probabilities side by side, the cost of each extra certified worker and
//! extra station at norm, and the year-end table with each variant's
//! difference from the base and its 90 % interval. The table exports to
//! Excel or CSV, each chart to PNG.

use super::Env;
use super::analysis::{
    DecisionsView, EvalChoice, plan_color, png_button, progress_row, status_notes, value_marks,
    year_marks,
};
use crate::model::analysis::compare::CompareOptions;
use crate::present::command::{AnalysisKind, Command, DecisionCommand};
use crate::present::decisions::compare::{self as view_model, CompareChart, CompareView};
use crate::present::document::{Document, PlanId};
use crate::present::i18n::Lang;
use egui_plot::{FilledArea, Line, Plot, PlotPoint, PlotPoints};
use std::collections::{BTreeMap, BTreeSet};

/// Replications the compare view offers.
const RUNS: [usize; 3] = [100, 200, 500];

/// Height of one chart, points.
const CHART_HEIGHT: f32 = 170.0;

/// The compare view.
#[derive(Debug)]
pub struct ComparePanel {
    /// Plans left out of the comparison (all are in by default).
    left_out: BTreeSet<PlanId>,
    eval: EvalChoice,
    /// Year of the table and the cost figures (default: the comparison's).
    year: Option<i32>,
    county_only: bool,
    /// The request last sent on its own (deterministic comparisons follow
    /// the plans), so a failing one is not sent again every frame.
    auto_sent: Option<(Vec<(PlanId, u64)>, CompareOptions)>,
    /// The view-model and the result (generation), year and language it is of.
    cache: Option<(u64, i32, Lang, CompareView)>,
    /// Where each chart was drawn last frame (for its PNG).
    rects: BTreeMap<String, egui::Rect>,
}

impl Default for ComparePanel {
    fn default() -> Self {
        Self {
            left_out: BTreeSet::new(),
            eval: EvalChoice {
                monte_carlo: false,
                runs: 200,
            },
            year: None,
            county_only: false,
            auto_sent: None,
            cache: None,
            rects: BTreeMap::new(),
        }
    }
}

impl ComparePanel {
    /// The plans chosen, in the order of the plan list (the base first).
    fn chosen(&self, env: &Env<'_>) -> Vec<PlanId> {
        env.plans
            .iter()
            .map(|p| p.id)
            .filter(|id| !self.left_out.contains(id))
            .collect()
    }

    fn options(&self, doc: &Document, year: Option<i32>) -> CompareOptions {
        CompareOptions {
            eval: self.eval.evaluation(doc.scenario.seed),
            county_only: self.county_only,
            year,
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
        let mut out = None;
        let chosen = self.chosen(env);
        let year = self.year.or_else(|| d.compare_options.and_then(|o| o.year));
        egui::ScrollArea::both()
            .id_salt("compare_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(l.t("decide.plans"));
                    for p in env.plans {
                        let mut on = !self.left_out.contains(&p.id);
                        let text = if p.base {
                            format!("{} ({})", p.label, l.t("plans.base"))
                        } else {
                            p.label.clone()
                        };
                        if ui.checkbox(&mut on, text).changed() {
                            if on {
                                self.left_out.remove(&p.id);
                            } else {
                                self.left_out.insert(p.id);
                            }
                        }
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    self.eval.ui(ui, l, "compare", &RUNS);
                    ui.separator();
                    ui.checkbox(&mut self.county_only, l.t("decide.county_only"))
                        .on_hover_text(l.t("decide.county_only_tip"));
                });
                let enough = chosen.len() >= 2;
                ui.horizontal_wrapped(|ui| {
                    let run = ui
                        .add_enabled(
                            enough && d.compare.running.is_none(),
                            egui::Button::new(l.t("decide.compare_run")),
                        )
                        .on_disabled_hover_text(l.t("decide.compare_need_two"));
                    if run.clicked() {
                        out = Some(Command::Decide(DecisionCommand::Compare {
                            plans: chosen.clone(),
                            options: self.options(doc, year),
                        }));
                    }
                    let has = d.compare.result.is_some();
                    if ui
                        .add_enabled(has, egui::Button::new(l.t("decide.export_xlsx")))
                        .clicked()
                    {
                        out = Some(Command::Decide(DecisionCommand::ExportComparison {
                            xlsx: true,
                        }));
                    }
                    if ui
                        .add_enabled(has, egui::Button::new(l.t("decide.export_csv")))
                        .clicked()
                    {
                        out = Some(Command::Decide(DecisionCommand::ExportComparison {
                            xlsx: false,
                        }));
                    }
                });
                if !enough {
                    ui.label(l.t("decide.compare_need_two"));
                }
                if let Some(r) = &d.compare.running
                    && let Some(c) = progress_row(ui, l, r, AnalysisKind::Compare)
                {
                    out = Some(c);
                }
                status_notes(ui, l, &d.compare);
                // The expected-value comparison is cheap: it follows the plans.
                if out.is_none() && enough && !self.eval.monte_carlo && d.compare.running.is_none()
                {
                    let revisions: Vec<(PlanId, u64)> = d
                        .revisions
                        .iter()
                        .copied()
                        .filter(|(id, _)| chosen.contains(id))
                        .collect();
                    let options = self.options(doc, year);
                    let wanted = (revisions, options);
                    let matches = d.compare.current
                        && d.compare_plans == chosen
                        && d.compare_options == Some(options);
                    if !matches && self.auto_sent.as_ref() != Some(&wanted) {
                        self.auto_sent = Some(wanted);
                        out = Some(Command::Decide(DecisionCommand::Compare {
                            plans: chosen.clone(),
                            options,
                        }));
                    }
                }
                let Some(c) = d.compare.result else {
                    return;
                };
                let y = year
                    .or_else(|| c.cost_effectiveness.first().map(|ce| ce.year))
                    .unwrap_or_else(|| c.years.last().copied().unwrap_or(0));
                let key = d.compare.generation;
                if self
                    .cache
                    .as_ref()
                    .is_none_or(|(k, cy, cl, _)| *k != key || *cy != y || *cl != l)
                {
                    self.cache = Some((key, y, l, view_model::view(c, y, l)));
                }
                let Some(cache) = self.cache.take() else {
                    return;
                };
                let v = &cache.3;
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    ui.strong(l.t("decide.compare_title"));
                    ui.label(&v.evaluation);
                    ui.separator();
                    ui.label(l.t("decide.table_year"));
                    egui::ComboBox::from_id_salt("compare_year")
                        .selected_text(v.year.to_string())
                        .width(70.0)
                        .show_ui(ui, |ui| {
                            for yr in &v.years {
                                if ui.selectable_label(*yr == v.year, yr.to_string()).clicked() {
                                    self.year = Some(*yr);
                                }
                            }
                        });
                });
                if let Some(cmd) = self.charts(ui, l, v) {
                    out = Some(cmd);
                }
                ui.add_space(6.0);
                goals(ui, l, v);
                ui.add_space(6.0);
                costs(ui, l, v);
                ui.add_space(6.0);
                table(ui, l, v);
                self.cache = Some(cache);
            });
        out
    }

    /// The overlaid charts, two to a row when there is room.
    fn charts(&mut self, ui: &mut egui::Ui, l: Lang, v: &CompareView) -> Option<Command> {
        let mut out = None;
        let width = ui.available_width();
        let cols = if width > 760.0 { 2 } else { 1 };
        // Room for the scroll bar on the right.
        let w = (width - 16.0 - 12.0 * (cols as f32 - 1.0)) / cols as f32;
        egui::Grid::new("compare_charts")
            .num_columns(cols)
            .spacing([12.0, 10.0])
            .show(ui, |ui| {
                for (i, c) in v.charts.iter().enumerate() {
                    let group = ui.vertical(|ui| {
                        ui.set_width(w);
                        ui.horizontal(|ui| {
                            ui.strong(&c.title);
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    let rect = self.rects.get(&c.metric).copied();
                                    if let Some(rect) = rect
                                        && let Some(cmd) = png_button(ui, l, &c.metric, rect)
                                    {
                                        out = Some(cmd);
                                    }
                                },
                            );
                        });
                        legend(ui, &v.plans);
                        chart(ui, c, l);
                    });
                    self.rects.insert(c.metric.clone(), group.response.rect);
                    if i % cols == cols - 1 {
                        ui.end_row();
                    }
                }
            });
        out
    }
}

/// The plans' colours and names, on one wrapped row.
fn legend(ui: &mut egui::Ui, plans: &[String]) {
    ui.horizontal_wrapped(|ui| {
        for (i, p) in plans.iter().enumerate() {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 4.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 1.0, plan_color(i));
            ui.small(p);
        }
    });
}

/// One overlaid chart: a line a plan, its band under Monte Carlo.
fn chart(ui: &mut egui::Ui, c: &CompareChart, l: Lang) {
    let money = crate::model::metrics::is_money(&c.metric);
    let share = crate::model::metrics::is_share(&c.metric);
    let metric = c.metric.clone();
    let plot = Plot::new(("compare_chart", c.metric.as_str()))
        .height(CHART_HEIGHT)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_min_width(44.0)
        .x_grid_spacer(year_marks)
        .y_grid_spacer(value_marks)
        .x_axis_formatter(|m, _| {
            if (m.value - m.value.round()).abs() < 1e-6 {
                format!("{:.0}", m.value)
            } else {
                String::new()
            }
        })
        .y_axis_formatter(move |m, _| axis_text(m.value, m.step_size, money, share, l))
        .label_formatter(move |pos| {
            let (name, p) = match pos {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (*plot_name, *position),
                egui_plot::HoverPosition::Elsewhere { .. } => return None,
            };
            let value = crate::present::decisions::metric_text(&metric, p.y, l);
            Some(format!("{name}\n{:.0}: {value}", p.x))
        });
    plot.show(ui, |pu| {
        for (i, p) in c.plans.iter().enumerate() {
            let col = plan_color(i);
            if let Some((lo, hi)) = &p.band {
                pu.add(
                    FilledArea::new("", &c.x, lo, hi)
                        .fill_color(col.gamma_multiply(0.18))
                        .stroke(egui::Stroke::NONE),
                );
            }
            let pts: Vec<PlotPoint> =
                c.x.iter()
                    .zip(&p.value)
                    .map(|(x, y)| PlotPoint::new(*x, *y))
                    .collect();
            pu.line(
                Line::new(p.label.as_str(), PlotPoints::Owned(pts))
                    .color(col)
                    .width(2.0),
            );
        }
    });
}

/// A y-axis mark: 万 (Chinese, the title says 万元) or ¥ amounts (English)
/// for money, percentages for shares, counts otherwise.
fn axis_text(v: f64, step: f64, money: bool, share: bool, l: Lang) -> String {
    if money {
        match l {
            Lang::Zh => format!("{:.0}", v / 1e4),
            Lang::En => l.yuan(v),
        }
    } else if share {
        format!("{:.0}%", v * 100.0)
    } else if step >= 1.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Width of a plan's column in the tables, points.
const PLAN_COL: f32 = 130.0;

/// Width of a variant's difference column (it may hold an interval).
const DIFF_COL: f32 = 170.0;

/// A cell of fixed width whose text wraps within it.
fn cell(ui: &mut egui::Ui, width: f32, text: impl Into<egui::WidgetText>) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 0.0),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(text).wrap());
        },
    );
}

/// A plan's column heading: its colour and short name, cut to the column
/// (the whole name on hover).
fn plan_heading(ui: &mut egui::Ui, i: usize, name: &str, full: &str, width: f32) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 0.0),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_width(width);
            ui.add(
                egui::Label::new(egui::RichText::new(name).strong().color(plan_color(i)))
                    .truncate(),
            )
            .on_hover_text(full);
        },
    );
}

/// The width left for a table's first column when `rest` is taken by the others.
fn first_column(ui: &egui::Ui, rest: f32) -> f32 {
    (ui.available_width() - rest - 40.0).clamp(160.0, 420.0)
}

/// The goals of the base, probability plan by plan.
fn goals(ui: &mut egui::Ui, l: Lang, v: &CompareView) {
    if v.goals.is_empty() {
        return;
    }
    ui.strong(l.t("decide.goals_title"));
    let first = first_column(ui, PLAN_COL * v.plans.len() as f32);
    egui::Grid::new("compare_goals")
        .num_columns(1 + v.plans.len())
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            cell(ui, first, egui::RichText::new(l.t("decide.goal")).strong());
            for (i, (p, full)) in v.short.iter().zip(&v.plans).enumerate() {
                plan_heading(ui, i, p, full, PLAN_COL);
            }
            ui.end_row();
            for g in &v.goals {
                cell(ui, first, g.label.as_str());
                for c in &g.cells {
                    cell(ui, PLAN_COL, c.as_str());
                }
                ui.end_row();
            }
        });
}

/// What each extra unit costs, one row a variant.
fn costs(ui: &mut egui::Ui, l: Lang, v: &CompareView) {
    if v.costs.is_empty() {
        return;
    }
    let year = v
        .cost_year
        .map(|y| crate::present::decisions::tornado::year_end(y, l));
    ui.horizontal_wrapped(|ui| {
        ui.strong(l.t("decide.costs_title"));
        if let Some(y) = year {
            ui.label(format!("({y})"));
        }
    });
    let width = ((ui.available_width() - PLAN_COL - 90.0) / 5.0).clamp(110.0, 200.0);
    egui::Grid::new("compare_costs")
        .num_columns(6)
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            cell(
                ui,
                PLAN_COL,
                egui::RichText::new(l.t("decide.variant")).strong(),
            );
            for key in [
                "decide.extra_cost",
                "decide.extra_certified",
                "decide.per_certified",
                "decide.extra_stations",
                "decide.per_station",
            ] {
                cell(ui, width, egui::RichText::new(l.t(key)).strong());
            }
            ui.end_row();
            for (i, c) in v.costs.iter().enumerate() {
                let short = v.short.get(i + 1).unwrap_or(&c.plan);
                plan_heading(ui, i + 1, short, &c.plan, PLAN_COL);
                for text in [
                    &c.extra_cost,
                    &c.extra_certified,
                    &c.per_certified,
                    &c.extra_stations,
                    &c.per_station,
                ] {
                    cell(ui, width, text.as_str());
                }
                ui.end_row();
            }
        });
}

/// The year-end table: each plan's value, each variant's difference.
fn table(ui: &mut egui::Ui, l: Lang, v: &CompareView) {
    ui.horizontal_wrapped(|ui| {
        ui.strong(l.t("decide.table_title"));
        ui.label(format!(
            "({})",
            crate::present::decisions::tornado::year_end(v.year, l)
        ));
    });
    let variants = v.plans.len().saturating_sub(1);
    let first = first_column(
        ui,
        PLAN_COL * v.plans.len() as f32 + DIFF_COL * variants as f32,
    )
    .min(260.0);
    egui::Grid::new("compare_table")
        .num_columns(1 + v.plans.len() + variants)
        .striped(true)
        .spacing([14.0, 3.0])
        .show(ui, |ui| {
            cell(
                ui,
                first,
                egui::RichText::new(l.t("decide.col_output")).strong(),
            );
            for (i, (p, full)) in v.short.iter().zip(&v.plans).enumerate() {
                plan_heading(ui, i, p, full, PLAN_COL);
            }
            let base = v.short.first().map_or("", String::as_str);
            for (i, (p, full)) in v.short.iter().zip(&v.plans).enumerate().skip(1) {
                plan_heading(ui, i, &format!("{p} − {base}"), full, DIFF_COL);
            }
            ui.end_row();
            for r in &v.table {
                cell(ui, first, r.label.as_str());
                for val in &r.values {
                    cell(ui, PLAN_COL, val.as_str());
                }
                for d in &r.diffs {
                    let rich = egui::RichText::new(&d.text);
                    let text = if d.clear { rich.strong() } else { rich.weak() };
                    ui.allocate_ui_with_layout(
                        egui::vec2(DIFF_COL, 0.0),
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_width(DIFF_COL);
                            ui.label(text);
                            if let Some(iv) = &d.interval {
                                ui.label(egui::RichText::new(format!("[{iv}]")).small().weak());
                            }
                        },
                    );
                }
                ui.end_row();
            }
        });
    ui.add(egui::Label::new(egui::RichText::new(l.t("decide.table_note")).small()).wrap());
}
