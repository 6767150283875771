//! The dashboard: the key results (headline figures with their Monte Carlo
//! band, the dated goals and their chance, what binds) and the charts
//! (headcount by track and by grade, need vs supply with the gap shaded,
//! stations at norm and villages covered, certified share, yearly cost by
//! funding source against the budget), with Monte Carlo fan charts when
//! bands are available and the months the rules overrode the plan marked.
//!
//! Every chart's axes carry ticks and units (万元 for money, % for shares,
//! people for headcounts); its legend is drawn under it, never over the data.

use super::Env;
use super::analysis::{value_marks, year_marks};
use super::key_results::KeyResultsView;
use crate::present::command::Command;
use crate::present::document::{self, Document, Selection};
use crate::present::i18n::Lang;
use crate::present::views::{
    self, AxisScale, Band, ChartData, ChartKind, DashboardData, Layer, MarkKind,
};
use egui::Color32;
use egui_plot::{
    Bar, BarChart, FilledArea, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points, Span,
};

/// Colour of the spans where hiring stopped.
const STOPPED: Color32 = Color32::from_rgba_premultiplied(60, 60, 60, 28);

/// Colour of the markers of intakes cut (apart from the red trainee line).
const CUT: Color32 = Color32::from_rgb(0xd0, 0x40, 0xd0);

/// Colours of stacked series, bottom first.
const PALETTE: [Color32; 8] = [
    Color32::from_rgb(0x3b, 0x75, 0xaf),
    Color32::from_rgb(0xef, 0x85, 0x36),
    Color32::from_rgb(0x51, 0x9e, 0x3e),
    Color32::from_rgb(0x8d, 0x69, 0xb8),
    Color32::from_rgb(0xc5, 0x3a, 0x32),
    Color32::from_rgb(0x84, 0x58, 0x4e),
    Color32::from_rgb(0xd5, 0x7d, 0xbe),
    Color32::from_rgb(0x7f, 0x7f, 0x7f),
];

/// Key of the cached dashboard data: results revision, selection, language,
/// Monte Carlo runs and staleness.
type CacheKey = (u64, Selection, Lang, usize, bool);

/// A Monte Carlo band ready to draw.
#[derive(Debug)]
struct PreparedBand {
    x: Vec<f64>,
    p5: Vec<f64>,
    p25: Vec<f64>,
    p75: Vec<f64>,
    p95: Vec<f64>,
    median: Vec<PlotPoint>,
    /// The colour of the series the band is of.
    color: Color32,
}

/// One chart in the shape the plot wants it, built once per projection so a
/// frame only hands borrowed points to the plot.
#[derive(Debug)]
struct PreparedChart {
    layers: Vec<Layer>,
    bars: Vec<(String, Vec<Bar>)>,
    lines: Vec<(String, Vec<PlotPoint>)>,
    /// Supply and max(need, supply): the shaded gap.
    gap: Option<(Vec<f64>, Vec<f64>)>,
    band: Option<PreparedBand>,
}

/// Everything the dashboard draws, for one cache key.
#[derive(Debug)]
struct Prepared {
    data: DashboardData,
    charts: Vec<PreparedChart>,
    /// The headline row of a township: the stations sentence, then the other figures.
    headline: Vec<String>,
    /// Monte Carlo line (runs), when a summary exists.
    mc_text: Option<String>,
    /// The value axis of each chart.
    axes: Vec<AxisScale>,
}

fn points(x: &[f64], y: &[f64]) -> Vec<PlotPoint> {
    x.iter()
        .zip(y)
        .map(|(a, b)| PlotPoint::new(*a, *b))
        .collect()
}

fn prepare_chart(c: &ChartData, band: Option<&Band>) -> PreparedChart {
    let mut layers = Vec::new();
    let mut bars = Vec::new();
    match c.kind {
        ChartKind::StackedArea => layers = c.layers(),
        ChartKind::StackedBars => {
            for s in &c.stacked {
                let b =
                    c.x.iter()
                        .zip(&s.y)
                        .map(|(x, y)| Bar::new(*x, *y).width(0.6))
                        .collect();
                bars.push((s.name.clone(), b));
            }
        }
        ChartKind::Lines => {}
    }
    let gap = c.gap();
    let band = band.map(|b| PreparedBand {
        x: b.x.clone(),
        p5: b.p5.clone(),
        p25: b.p25.clone(),
        p75: b.p75.clone(),
        p95: b.p95.clone(),
        median: points(&b.x, &b.p50),
        // The band of the need chart is the supply's; of the stacked
        // headcount, the total's.
        color: match c.id {
            "need" => PALETTE[1],
            "by_track" => PALETTE[7],
            _ => PALETTE[0],
        },
    });
    PreparedChart {
        layers,
        bars,
        lines: c
            .lines
            .iter()
            .map(|s| (s.name.clone(), points(&c.x, &s.y)))
            .collect(),
        gap,
        band,
    }
}

fn prepare(data: DashboardData, env: &Env<'_>) -> Prepared {
    let l = env.lang;
    let bands = env
        .mc
        .summary
        .filter(|_| env.selection == Selection::County && !env.mc.stale);
    let charts = data
        .charts
        .iter()
        .map(|c| prepare_chart(c, bands.and_then(|b| b.bands.get(c.id))))
        .collect();
    let headline = data.headline.texts(l);
    let mc_text = env.mc.summary.map(|s| s.runs_text(l));
    let axes = data.charts.iter().map(|c| c.axis(l)).collect();
    Prepared {
        data,
        charts,
        headline,
        mc_text,
        axes,
    }
}

/// The dashboard panel. Caches the chart data, and the plot-ready series
/// made from it, between frames.
#[derive(Debug, Default)]
pub struct DashboardPanel {
    cache: Option<(CacheKey, Prepared)>,
    /// The key results above the charts (county).
    results: KeyResultsView,
}

impl DashboardPanel {
    fn prepared(&mut self, doc: &Document, env: &Env<'_>) -> Option<&Prepared> {
        let results = doc.results.as_ref()?;
        let mc = env.mc.summary.filter(|_| !env.mc.stale);
        let key = (
            doc.results_revision,
            env.selection.clone(),
            env.lang,
            mc.map_or(0, |m| m.runs),
            env.mc.stale,
        );
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let data = views::dashboard(&doc.scenario, results, &env.selection, env.lang, mc);
            self.cache = Some((key, prepare(data, env)));
        }
        self.cache.as_ref().map(|(_, p)| p)
    }

    /// The data the dashboard shows now (computed if the inputs changed).
    pub fn data(&mut self, doc: &Document, env: &Env<'_>) -> Option<&DashboardData> {
        self.prepared(doc, env).map(|p| &p.data)
    }

    /// Draws one chart of the dashboard by id (`need`, `coverage`, …) with
    /// its title, at `height` (the what-if layout shows one beside the levers).
    pub fn chart_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        env: &Env<'_>,
        id: &str,
        height: f32,
    ) {
        let l = env.lang;
        let Some(prepared) = self.prepared(doc, env) else {
            return;
        };
        if let Some(i) = prepared.data.charts.iter().position(|c| c.id == id)
            && let (Some(c), Some(p), Some(axis)) = (
                prepared.data.charts.get(i),
                prepared.charts.get(i),
                prepared.axes.get(i),
            )
        {
            ui.strong(&c.title);
            chart(ui, c, p, axis, height, l);
        }
    }

    /// Draws the dashboard.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let mut out = None;
        let show_bands = env.mc.summary.is_some() && env.selection == Selection::County;
        let stale = env.mc.stale;
        let county = env.selection.township().is_none();
        if self.prepared(doc, env).is_none() {
            ui.label(l.t("dash.no_results"));
            return None;
        }
        egui::ScrollArea::vertical()
            .id_salt("dashboard_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                if county {
                    let wide = ui.available_width() > 900.0;
                    out = self.results.ui(ui, doc, env, wide);
                }
                let Some(prepared) = self.prepared(doc, env) else {
                    return;
                };
                if !county {
                    ui.horizontal_wrapped(|ui| {
                        ui.strong(l.t("dash.headline"));
                        for (i, text) in prepared.headline.iter().enumerate() {
                            ui.separator();
                            if i == 0 {
                                ui.label(egui::RichText::new(text).strong());
                            } else {
                                ui.label(text);
                            }
                        }
                    });
                }
                ui.horizontal_wrapped(|ui| {
                    if !county {
                        if let Some(text) = &prepared.mc_text {
                            ui.small(text);
                        }
                        if env.mc.summary.is_some() {
                            ui.small(l.t("dash.mc_county_only"));
                        }
                        if document::run_options(doc.scenario.county.townships.len())
                            .township_year_ends
                        {
                            ui.small(l.t("dash.township_year_ends"));
                        }
                    } else if stale && env.mc.progress.is_none() && env.mc.summary.is_some() {
                        ui.colored_label(ui.visuals().warn_fg_color, l.t("dash.mc_stale"));
                    } else if let Some(text) = &prepared.mc_text {
                        ui.small(text);
                    }
                    if !doc.results_current() && doc.problems.iter().any(|p| p.error) {
                        ui.colored_label(ui.visuals().error_fg_color, l.t("dash.stale_results"));
                    }
                });
                if show_bands && !stale {
                    // Why the bands' median need not follow the expected-value lines.
                    let note = views::non_linear_note(l);
                    ui.add(egui::Label::new(egui::RichText::new(note).small().weak()).wrap());
                }
                ui.separator();
                let width = ui.available_width();
                let cols = if width > 900.0 { 2 } else { 1 };
                let chart_h = 210.0;
                egui::Grid::new("charts")
                    .num_columns(cols)
                    .spacing([12.0, 12.0])
                    .show(ui, |ui| {
                        for (i, ((c, p), axis)) in prepared
                            .data
                            .charts
                            .iter()
                            .zip(&prepared.charts)
                            .zip(&prepared.axes)
                            .enumerate()
                        {
                            ui.vertical(|ui| {
                                ui.set_width(width / cols as f32 - 12.0);
                                ui.strong(&c.title);
                                chart(ui, c, p, axis, chart_h, l);
                            });
                            if i % cols == cols - 1 {
                                ui.end_row();
                            }
                        }
                    });
            });
        out
    }
}

/// Draws one chart from its prepared series: value axis in the chart's
/// unit, year ticks, the Monte Carlo band, the marks of what binds, and
/// the legend under the plot.
fn chart(
    ui: &mut egui::Ui,
    c: &ChartData,
    p: &PreparedChart,
    axis: &AxisScale,
    height: f32,
    l: Lang,
) {
    let x_is_month = c.kind != ChartKind::StackedBars;
    let tick_axis = axis.clone();
    let plot = Plot::new(("chart", c.id))
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .x_grid_spacer(year_marks)
        .y_grid_spacer(value_marks)
        .x_axis_formatter(|m, _| {
            if (m.value - m.value.round()).abs() < 1e-6 {
                format!("{:.0}", m.value)
            } else {
                String::new()
            }
        })
        .x_axis_label(l.t("axis.year"))
        .y_axis_label(axis.unit.clone())
        .y_axis_formatter(move |m, _| tick_axis.tick(m.value, m.step_size))
        .y_axis_min_width(36.0)
        .label_formatter(move |pos| {
            let (name, p) = match pos {
                egui_plot::HoverPosition::NearDataPoint {
                    plot_name,
                    position,
                    ..
                } => (*plot_name, *position),
                egui_plot::HoverPosition::Elsewhere { .. } => return None,
            };
            let when = if x_is_month {
                let year = p.x.floor();
                let month = ((p.x - year) * 12.0).round() as u32 + 1;
                l.month(year as i32, month)
            } else {
                format!("{:.0}", p.x)
            };
            if name.is_empty() {
                Some(format!("{when}: {}", c.value_text(p.y, l)))
            } else {
                Some(format!("{name}\n{when}: {}", c.value_text(p.y, l)))
            }
        })
        .include_y(0.0);
    let plot = if c.percent { plot.include_y(1.0) } else { plot };
    // The legend, drawn under the plot: (colour, name).
    let mut legend: Vec<(Color32, String)> = Vec::new();
    plot.show(ui, |pu| {
        for m in c.marks.iter().filter(|m| m.kind == MarkKind::HiringStopped) {
            pu.add(
                Span::new("", m.from_x..=m.to_x)
                    .fill(STOPPED)
                    .border_width(0.0),
            );
        }
        for (i, layer) in p.layers.iter().enumerate() {
            let col = PALETTE[i % PALETTE.len()];
            pu.add(
                FilledArea::new(layer.name.as_str(), &c.x, &layer.base, &layer.top)
                    .fill_color(col.gamma_multiply(0.6))
                    .stroke(egui::Stroke::new(1.0, col)),
            );
        }
        if !p.bars.is_empty() {
            let mut done: Vec<BarChart> = Vec::with_capacity(p.bars.len());
            for (i, (name, bars)) in p.bars.iter().enumerate() {
                let refs: Vec<&BarChart> = done.iter().collect();
                let chart = BarChart::new(name.as_str(), bars.clone())
                    .color(PALETTE[i % PALETTE.len()])
                    .stack_on(&refs);
                done.push(chart);
            }
            for chart in done {
                pu.bar_chart(chart);
            }
        }
        if let Some((supply, upper)) = &p.gap {
            pu.add(
                FilledArea::new(ui_gap_name(l), &c.x, supply, upper)
                    .fill_color(Color32::from_rgba_unmultiplied(220, 50, 50, 70))
                    .stroke(egui::Stroke::NONE),
            );
        }
        if let Some(b) = &p.band {
            // Unnamed, so the bands stay out of the tooltips' names: the
            // line above the charts says what the shades and the median are.
            let col = b.color;
            pu.add(
                FilledArea::new("", &b.x, &b.p5, &b.p95)
                    .fill_color(col.gamma_multiply(0.15))
                    .stroke(egui::Stroke::NONE),
            );
            pu.add(
                FilledArea::new("", &b.x, &b.p25, &b.p75)
                    .fill_color(col.gamma_multiply(0.3))
                    .stroke(egui::Stroke::NONE),
            );
            pu.line(
                Line::new(l.t("dash.median"), PlotPoints::Borrowed(&b.median))
                    .color(col)
                    .width(2.0),
            );
        }
        for (i, (name, pts)) in p.lines.iter().enumerate() {
            let color = if c.kind == ChartKind::Lines {
                PALETTE[i % PALETTE.len()]
            } else {
                Color32::from_rgb(0xc0, 0x20, 0x20)
            };
            let mut line = Line::new(name.as_str(), PlotPoints::Borrowed(pts))
                .color(color)
                .width(2.0);
            if c.kind == ChartKind::StackedBars {
                line = line.style(egui_plot::LineStyle::dashed_dense());
            }
            pu.line(line);
        }
        let cuts: Vec<[f64; 2]> = c
            .marks
            .iter()
            .filter(|m| m.kind == MarkKind::IntakeCut)
            .map(|m| [m.from_x, 0.0])
            .collect();
        if !cuts.is_empty() {
            pu.points(
                Points::new(l.t("binding.legend_cut"), cuts)
                    .shape(MarkerShape::Down)
                    .filled(true)
                    .radius(4.0)
                    .color(CUT),
            );
        }
    });
    for (i, layer) in p.layers.iter().enumerate() {
        legend.push((PALETTE[i % PALETTE.len()], layer.name.clone()));
    }
    for (i, (name, _)) in p.bars.iter().enumerate() {
        legend.push((PALETTE[i % PALETTE.len()], name.clone()));
    }
    if p.gap.is_some() {
        legend.push((Color32::from_rgb(220, 50, 50), ui_gap_name(l).to_string()));
    }
    if let Some(b) = &p.band {
        legend.push((b.color, l.t("dash.median").to_string()));
    }
    for (i, (name, _)) in p.lines.iter().enumerate() {
        let color = if c.kind == ChartKind::Lines {
            PALETTE[i % PALETTE.len()]
        } else {
            Color32::from_rgb(0xc0, 0x20, 0x20)
        };
        legend.push((color, name.clone()));
    }
    if c.marks.iter().any(|m| m.kind == MarkKind::HiringStopped) {
        legend.push((
            Color32::from_gray(150),
            l.t("binding.legend_span").to_string(),
        ));
    }
    if c.marks.iter().any(|m| m.kind == MarkKind::IntakeCut) {
        legend.push((CUT, format!("▼ {}", l.t("binding.legend_cut"))));
    }
    draw_legend(ui, &legend);
}

/// A legend under a chart: a swatch and a name per series, wrapped.
fn draw_legend(ui: &mut egui::Ui, items: &[(Color32, String)]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (color, name) in items {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, *color);
            ui.label(egui::RichText::new(name).small());
            ui.add_space(6.0);
        }
    });
}

fn ui_gap_name(l: Lang) -> &'static str {
    l.t("dash.gap_area")
}
