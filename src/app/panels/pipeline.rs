//! The pipeline: a diagram of the stage graph with rates on the arrows, and
//! the stage parameters and flows as editable fields. A planner can add
//! custom stages (a waiting list, a secondment) and flows to and from them,
//! and remove stages; a stage that other parts of the scenario still name is
//! not removed, and the message lists where it is used.

use super::Env;
use crate::model::scenario::{Scenario, StageKind, Target};
use crate::present::command::Command;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::levers::source_text;
use crate::present::pipeline::{
    add_custom_stage, add_transition, arrows, exit_rate_label, kind_label, remove_stage,
    target_label,
};
use crate::present::views::stage_name;
use egui::{Color32, Pos2, Stroke, Vec2, pos2, vec2};

/// The pipeline panel.
#[derive(Debug, Default)]
pub struct PipelinePanel {
    /// Name typed for a new stage.
    new_name: String,
    /// The last refused removal: document revision, stage id and the fields
    /// that still use the stage.
    refused: Option<(u64, String, Vec<String>)>,
}

impl PipelinePanel {
    /// Buttons under a stage: remove one of its flows, add a flow, remove the stage.
    fn stage_actions(
        &mut self,
        ui: &mut egui::Ui,
        sc: &Scenario,
        i: usize,
        l: Lang,
        revision: u64,
    ) -> Option<Command> {
        let st = sc.stages.get(i)?;
        let name = stage_name(sc, &st.id, l);
        let mut out = None;
        ui.horizontal_wrapped(|ui| {
            for (j, t) in st.transitions.iter().enumerate() {
                let to = target_label(sc, &t.to, l);
                let text = format!("{} → {to}", l.t("pipeline.remove_flow"));
                if ui.small_button(text).clicked() {
                    out = Some(Command::edit(
                        sc,
                        format!("stages[{i}].transitions.remove.{j}"),
                        |s| {
                            if let Some(st) = s.stages.get_mut(i)
                                && j < st.transitions.len()
                            {
                                st.transitions.remove(j);
                            }
                        },
                    ));
                }
            }
            ui.menu_button(format!("{} …", l.t("pipeline.add_flow")), |ui| {
                let targets = sc
                    .stages
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| *k != i)
                    .map(|(_, t)| (stage_name(sc, &t.id, l), Target::Stage(t.id.clone())))
                    .chain(std::iter::once((
                        l.t("pipeline.exit").to_string(),
                        Target::Exit,
                    )));
                for (label, target) in targets {
                    if ui.button(label).clicked() {
                        out = Some(Command::Edit {
                            field: format!("stages[{i}].transitions.add.{}", st.transitions.len()),
                            scenario: Box::new(add_transition(sc, i, target)),
                        });
                        ui.close();
                    }
                }
            });
            let remove = format!("{} {name}", l.t("pipeline.remove_stage"));
            if ui.button(remove).clicked() {
                match remove_stage(sc, i) {
                    Ok(s) => {
                        self.refused = None;
                        out = Some(Command::Edit {
                            field: format!("stages.remove.{}", st.id),
                            scenario: Box::new(s),
                        });
                    }
                    Err(r) => self.refused = Some((revision, st.id.clone(), r.used_by)),
                }
            }
        });
        if let Some((_, id, used_by)) = &self.refused
            && *id == st.id
        {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{} “{name}”: {} {}",
                    l.t("pipeline.cannot_remove"),
                    l.t("pipeline.still_used_by"),
                    used_by.join(", ")
                ),
            );
        }
        out
    }

    /// Draws the diagram and the editable flows.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let sc = &doc.scenario;
        let mut out = None;
        if self
            .refused
            .as_ref()
            .is_some_and(|(rev, ..)| *rev != doc.revision)
        {
            self.refused = None;
        }
        egui::ScrollArea::vertical()
            .id_salt("pipeline_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.strong(l.t("pipeline.diagram"));
                diagram(ui, sc, l);
                ui.separator();
                ui.strong(l.t("pipeline.stages"));
                for (i, st) in sc.stages.iter().enumerate() {
                    let kind = kind_label(&st.kind, l);
                    egui::CollapsingHeader::new(format!("{} · {kind}", stage_name(sc, &st.id, l)))
                        .id_salt(("stage", i))
                        .show(ui, |ui| {
                            egui::Grid::new(("stage_grid", i))
                                .num_columns(2)
                                .show(ui, |ui| {
                                    if let StageKind::Training {
                                        duration_months,
                                        dropout_share,
                                        ..
                                    } = st.kind
                                    {
                                        ui.label(l.t("pipeline.duration"));
                                        let mut d = duration_months;
                                        if ui
                                            .add(egui::DragValue::new(&mut d).range(1..=60))
                                            .changed()
                                        {
                                            out = Some(Command::edit(
                                                sc,
                                                format!("stages[{i}].kind.duration_months"),
                                                |s| {
                                                    if let Some(StageKind::Training {
                                                        duration_months,
                                                        ..
                                                    }) = s.stages.get_mut(i).map(|s| &mut s.kind)
                                                    {
                                                        *duration_months = d;
                                                    }
                                                },
                                            ));
                                        }
                                        ui.end_row();
                                        ui.label(l.t("pipeline.dropout"));
                                        let mut q = dropout_share;
                                        if ui
                                            .add(
                                                egui::DragValue::new(&mut q)
                                                    .range(0.0..=1.0)
                                                    .speed(0.01)
                                                    .fixed_decimals(2),
                                            )
                                            .changed()
                                        {
                                            out = Some(Command::edit(
                                                sc,
                                                format!("stages[{i}].kind.dropout_share"),
                                                |s| {
                                                    if let Some(StageKind::Training {
                                                        dropout_share,
                                                        ..
                                                    }) = s.stages.get_mut(i).map(|s| &mut s.kind)
                                                    {
                                                        *dropout_share = q;
                                                    }
                                                },
                                            ));
                                        }
                                        ui.end_row();
                                    }
                                    for (j, t) in st.transitions.iter().enumerate() {
                                        let to = target_label(sc, &t.to, l);
                                        ui.label(format!(
                                            "→ {to} ({})",
                                            l.t("pipeline.transition")
                                        ));
                                        let mut p = t.probability;
                                        if ui
                                            .add(
                                                egui::DragValue::new(&mut p)
                                                    .range(0.0..=1.0)
                                                    .speed(0.01)
                                                    .fixed_decimals(3),
                                            )
                                            .changed()
                                        {
                                            out = Some(Command::edit(
                                                sc,
                                                format!("stages[{i}].transitions[{j}].probability"),
                                                |s| {
                                                    if let Some(t) = s
                                                        .stages
                                                        .get_mut(i)
                                                        .and_then(|s| s.transitions.get_mut(j))
                                                    {
                                                        t.probability = p;
                                                    }
                                                },
                                            ));
                                        }
                                        ui.end_row();
                                    }
                                    if let Some(e) = &st.exam {
                                        ui.label(l.t("pipeline.exam_to"));
                                        ui.label(stage_name(sc, &e.to, l));
                                        ui.end_row();
                                    }
                                    if let StageKind::Custom { counts_as_worker } = st.kind {
                                        ui.label(l.t("pipeline.counts_as_worker"));
                                        let mut w = counts_as_worker;
                                        if ui.checkbox(&mut w, "").changed() {
                                            out = Some(Command::edit(
                                                sc,
                                                format!("stages[{i}].kind.counts_as_worker"),
                                                |s| {
                                                    if let Some(st) = s.stages.get_mut(i) {
                                                        st.kind = StageKind::Custom {
                                                            counts_as_worker: w,
                                                        };
                                                    }
                                                },
                                            ));
                                        }
                                        ui.end_row();
                                    }
                                });
                            if let Some(cmd) = self.stage_actions(ui, sc, i, l, doc.revision) {
                                out = Some(cmd);
                            }
                        });
                }
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.new_name)
                            .hint_text(l.t("pipeline.new_stage_name"))
                            .desired_width(180.0),
                    );
                    if ui.button(l.t("pipeline.add_stage")).clicked() {
                        let (s, id) = add_custom_stage(sc, &self.new_name);
                        self.new_name.clear();
                        self.refused = None;
                        out = Some(Command::Edit {
                            field: format!("stages.add.{id}"),
                            scenario: Box::new(s),
                        });
                    }
                });
                if !sc.retention.exit_rates.is_empty() {
                    ui.separator();
                    ui.strong(l.t("pipeline.exit_rate"));
                    egui::Grid::new("exit_rates")
                        .num_columns(2)
                        .striped(true)
                        .show(ui, |ui| {
                            for (k, r) in sc.retention.exit_rates.iter().enumerate() {
                                let who = exit_rate_label(sc, r, l);
                                ui.label(who).on_hover_text(source_text(
                                    sc.retention.source.text(l == Lang::Zh),
                                    l,
                                ));
                                let mut v = r.annual_rate;
                                if ui
                                    .add(
                                        egui::DragValue::new(&mut v)
                                            .range(0.0..=1.0)
                                            .speed(0.005)
                                            .fixed_decimals(3),
                                    )
                                    .changed()
                                {
                                    out = Some(Command::edit(
                                        sc,
                                        format!("retention.exit_rates[{k}].annual_rate"),
                                        |s| {
                                            if let Some(r) = s.retention.exit_rates.get_mut(k) {
                                                r.annual_rate = v;
                                            }
                                        },
                                    ));
                                }
                                ui.end_row();
                            }
                        });
                }
            });
        out
    }
}

/// Draws the stage graph: boxes in file order, forward arrows above, backward below, exits down.
fn diagram(ui: &mut egui::Ui, sc: &Scenario, l: Lang) {
    let n = sc.stages.len().max(1);
    let font = egui::FontId::proportional(12.0);
    let names: Vec<String> = sc
        .stages
        .iter()
        .map(|st| stage_name(sc, &st.id, l))
        .collect();
    let gap = 30.0;
    // The widest box that lets every stage stand in one row, within reason;
    // names wrap to fit it and the boxes are sized to the text as measured.
    let fit = ((ui.available_width() - 20.0 + gap) / n as f32 - gap).clamp(96.0, 140.0);
    let (galleys, box_size) = stage_boxes(
        ui.painter(),
        &names,
        &font,
        fit - 2.0 * STAGE_TEXT_PADDING.x,
    );
    let per_row =
        (((ui.available_width() + gap) / (box_size.x + gap)).floor() as usize).clamp(1, n);
    let rows = n.div_ceil(per_row);
    let row_h = box_size.y + 150.0;
    let (rect, _) = ui.allocate_exact_size(
        vec2(ui.available_width(), rows as f32 * row_h + 20.0),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    let text_color = visuals.text_color();
    let small = egui::FontId::proportional(11.0);
    let center = |i: usize| -> Pos2 {
        let (r, c) = (i / per_row, i % per_row);
        pos2(
            rect.left() + 10.0 + c as f32 * (box_size.x + gap) + box_size.x / 2.0,
            rect.top() + 60.0 + r as f32 * row_h + box_size.y / 2.0,
        )
    };
    let arrow_color = visuals.widgets.inactive.fg_stroke.color;
    let bg = visuals.panel_fill;
    for (k, a) in arrows(sc, l).iter().enumerate() {
        let from = center(a.from);
        match a.to {
            Some(to_i) => {
                let to = center(to_i);
                let forward = to_i > a.from;
                let lift = if forward { -1.0 } else { 1.0 }
                    * (box_size.y / 2.0 + 8.0 + (k % 3) as f32 * 6.0);
                let start = from + vec2(0.0, lift.signum() * box_size.y / 2.0);
                let end = to + vec2(0.0, lift.signum() * box_size.y / 2.0);
                let ctrl = pos2(
                    (start.x + end.x) / 2.0,
                    (start.y + end.y) / 2.0 + lift * 1.4,
                );
                let color = if forward {
                    arrow_color
                } else {
                    Color32::from_rgb(0x9a, 0x6a, 0x20)
                };
                painter.add(egui::epaint::QuadraticBezierShape::from_points_stroke(
                    [start, ctrl, end],
                    false,
                    Color32::TRANSPARENT,
                    Stroke::new(1.5, color),
                ));
                arrow_head(&painter, ctrl, end, color);
                let mid = pos2(
                    (start.x + 2.0 * ctrl.x + end.x) / 4.0,
                    (start.y + 2.0 * ctrl.y + end.y) / 4.0,
                );
                label_with_background(
                    &painter,
                    mid,
                    egui::Align2::CENTER_CENTER,
                    (&a.label, f32::INFINITY),
                    &small,
                    (text_color, bg),
                );
            }
            None => {
                let start = from + vec2(0.0, box_size.y / 2.0);
                let end = start + vec2(0.0, 34.0);
                let color = Color32::from_rgb(0xc0, 0x30, 0x30);
                painter.line_segment([start, end], Stroke::new(1.5, color));
                arrow_head(&painter, start, end, color);
                // Wrapped to the box's column, so neighbours never touch.
                label_with_background(
                    &painter,
                    end + vec2(0.0, 8.0),
                    egui::Align2::CENTER_TOP,
                    (&a.label, box_size.x + gap - 8.0),
                    &small,
                    (color, bg),
                );
            }
        }
    }
    for (i, st) in sc.stages.iter().enumerate() {
        let r = egui::Rect::from_center_size(center(i), box_size);
        let fill = match st.kind {
            StageKind::Training { .. } => Color32::from_rgb(0xe8, 0xf0, 0xfa),
            StageKind::Working { .. } => Color32::from_rgb(0xe6, 0xf4, 0xe2),
            StageKind::Custom { .. } => Color32::from_rgb(0xf2, 0xee, 0xe6),
        };
        painter.rect(
            r,
            6.0,
            fill,
            Stroke::new(1.0, arrow_color),
            egui::StrokeKind::Inside,
        );
        if let Some(g) = galleys.get(i) {
            let at = egui::Align2::CENTER_CENTER.anchor_size(r.center(), g.size());
            // A centred galley's own rectangle starts left of its origin.
            painter.galley(at.min - g.rect.min.to_vec2(), g.clone(), Color32::BLACK);
        }
    }
}

/// Room around a stage name inside its box, points on each side.
const STAGE_TEXT_PADDING: Vec2 = vec2(8.0, 6.0);

/// The stage names laid out (wrapped at `wrap_width` points) and the one
/// box size that holds the widest and the tallest of them with
/// [`STAGE_TEXT_PADDING`] around, at least 96 × 40 points.
fn stage_boxes(
    painter: &egui::Painter,
    names: &[String],
    font: &egui::FontId,
    wrap_width: f32,
) -> (Vec<std::sync::Arc<egui::Galley>>, Vec2) {
    let galleys: Vec<_> = names
        .iter()
        .map(|n| {
            let mut job =
                egui::text::LayoutJob::simple(n.clone(), font.clone(), Color32::BLACK, wrap_width);
            job.halign = egui::Align::Center;
            painter.layout_job(job)
        })
        .collect();
    let text = galleys.iter().fold(Vec2::ZERO, |m, g| m.max(g.size()));
    let size = (text + STAGE_TEXT_PADDING * 2.0).max(vec2(96.0, 40.0));
    (galleys, vec2(size.x.ceil(), size.y.ceil()))
}

/// Text (wrapped at the width given with it) on a patch of the panel
/// colour, so it stays readable over arrows.
fn label_with_background(
    painter: &egui::Painter,
    pos: Pos2,
    align: egui::Align2,
    (text, wrap_width): (&str, f32),
    font: &egui::FontId,
    (color, bg): (Color32, Color32),
) {
    // A unit sign never starts a line ("6 %" stays whole); lines are centred.
    let text = text.replace(" %", "\u{a0}%");
    let mut job = egui::text::LayoutJob::simple(text, font.clone(), color, wrap_width);
    job.halign = egui::Align::Center;
    let galley = painter.layout_job(job);
    let rect = align.anchor_size(pos, galley.size());
    painter.rect_filled(rect.expand(2.0), 3.0, bg.gamma_multiply(0.9));
    // A centred galley's own rectangle starts left of its origin.
    painter.galley(rect.min - galley.rect.min.to_vec2(), galley, color);
}

fn arrow_head(painter: &egui::Painter, from: Pos2, tip: Pos2, color: Color32) {
    let dir: Vec2 = (tip - from).normalized();
    let side = vec2(-dir.y, dir.x);
    let a = tip - dir * 8.0 + side * 4.0;
    let b = tip - dir * 8.0 - side * 4.0;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, a, b],
        color,
        Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lays out the default county's stage names in `lang` inside a frame.
    fn boxes(lang: Lang, wrap: f32) -> (Vec<Vec2>, Vec2) {
        let sc = crate::model::io::default_scenario().unwrap();
        let names: Vec<String> = sc
            .stages
            .iter()
            .map(|st| stage_name(&sc, &st.id, lang))
            .collect();
        let ctx = egui::Context::default();
        let mut out = (Vec::new(), Vec2::ZERO);
        let mut frame = ctx.run_ui(egui::RawInput::default(), |ui| {
            let (galleys, size) = stage_boxes(
                ui.painter(),
                &names,
                &egui::FontId::proportional(12.0),
                wrap,
            );
            out = (galleys.iter().map(|g| g.size()).collect(), size);
        });
        // No renderer takes the font atlas here.
        frame.textures_delta.clear();
        out
    }

    #[test]
    fn every_stage_name_fits_its_box_as_measured() {
        for (lang, wrap) in [(Lang::En, 100.0), (Lang::En, 80.0), (Lang::Zh, 80.0)] {
            let (texts, size) = boxes(lang, wrap);
            assert_eq!(texts.len(), 7);
            for t in &texts {
                assert!(
                    t.x + 2.0 * STAGE_TEXT_PADDING.x <= size.x,
                    "{lang:?} {t:?} in {size:?}"
                );
                assert!(
                    t.y + 2.0 * STAGE_TEXT_PADDING.y <= size.y,
                    "{lang:?} {t:?} in {size:?}"
                );
            }
        }
        // "Assistant social worker" is wider than the old fixed box's room
        // (104 points less the padding): the box is measured, not guessed.
        let (texts, _) = boxes(Lang::En, 500.0);
        let widest = texts.iter().map(|t| t.x).fold(0.0, f32::max);
        assert!(widest > 104.0 - 2.0 * STAGE_TEXT_PADDING.x, "{widest}");
        // Narrower room wraps the long names onto a second line.
        let (one_line, _) = boxes(Lang::En, 500.0);
        let (wrapped, _) = boxes(Lang::En, 80.0);
        let tallest = |s: &[Vec2]| s.iter().map(|t| t.y).fold(0.0, f32::max);
        assert!(tallest(&wrapped) > tallest(&one_line) * 1.5);
    }
}
