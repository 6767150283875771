//! The policy levers as controls with units and valid ranges: recruitment
//! and cohorts, pay and allowances, the promotion ladder, admin share,
//! funding and delays, station norms, exam support. Each shows its source
//! (or "assumed") in a tooltip. A value outside its range shows an inline
//! message and is not applied, so the results keep the last valid state.

use super::Env;
use crate::model::scenario::Scenario;
use crate::present::command::Command;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::levers::{Spec, Toggle, groups, source_text};
use std::collections::BTreeMap;

/// The levers panel.
#[derive(Debug, Default)]
pub struct LeversPanel {
    /// Values typed but outside their range, by field path.
    drafts: BTreeMap<String, f64>,
    /// A field to scroll to and focus (from the status bar).
    focus: Option<String>,
    /// Problems of the scenario by field path, in the interface language
    /// (true for errors), and the revision and language they were taken for.
    problems: BTreeMap<String, (String, bool)>,
    problems_of: Option<(u64, Lang)>,
    /// Apply slider drags when they end rather than every frame (big
    /// documents, where each edit copies the whole scenario).
    defer_drags: bool,
    /// Values of sliders being dragged, not yet applied, by field path.
    dragging: BTreeMap<String, f64>,
}

impl LeversPanel {
    /// Scrolls to the field at `path` on the next frame.
    pub fn focus(&mut self, path: &str) {
        self.focus = Some(path.to_string());
    }

    /// True if the field has a rejected value on screen.
    #[must_use]
    pub fn has_draft(&self, path: &str) -> bool {
        self.drafts.contains_key(path)
    }

    /// A labelled slider with unit, tooltip and inline error; returns a new valid value.
    fn number(&mut self, ui: &mut egui::Ui, l: Lang, spec: &Spec<'_>) -> Option<f64> {
        let Spec {
            label,
            path,
            unit,
            range,
            decimals,
            source,
            value,
            set: _,
        } = spec;
        let (unit, decimals, value) = (*unit, *decimals, *value);
        // The tooltip is written only when it shows (long source notes, ~100 rows a frame).
        let tip = |ui: &mut egui::Ui| {
            let source = source_text(source, l);
            ui.label(format!(
                "{}: {source}\n{}: {} – {} {}",
                l.t("levers.source"),
                l.t("levers.range"),
                range.start(),
                range.end(),
                l.t(unit)
            ));
        };
        let label_resp = ui.label(label.as_str()).on_hover_ui(tip);
        let mut v = self
            .drafts
            .get(path)
            .or_else(|| self.dragging.get(path))
            .copied()
            .unwrap_or(value);
        let resp = ui
            .add(
                egui::Slider::new(&mut v, range.clone())
                    .clamping(egui::SliderClamping::Never)
                    .fixed_decimals(decimals),
            )
            .labelled_by(label_resp.id)
            .on_hover_ui(tip);
        if self.focus.as_deref() == Some(path.as_str()) {
            resp.scroll_to_me(Some(egui::Align::Center));
            resp.request_focus();
            self.focus = None;
        }
        ui.label(l.t(unit));
        let valid = v.is_finite() && range.contains(&v);
        if self.drafts.contains_key(path) || !valid {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{}: {} – {}",
                    l.t("err.out_of_range"),
                    range.start(),
                    range.end()
                ),
            );
        } else if let Some((msg, error)) = self.problems.get(path) {
            let color = if *error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().warn_fg_color
            };
            ui.colored_label(color, msg);
        } else {
            ui.label("");
        }
        ui.end_row();
        if resp.changed() {
            if valid {
                self.drafts.remove(path);
                if self.defer_drags && resp.dragged() {
                    self.dragging.insert(path.clone(), v);
                    return None;
                }
                self.dragging.remove(path);
                return Some(v);
            }
            self.drafts.insert(path.clone(), v);
        }
        if resp.drag_stopped() {
            return self.dragging.remove(path);
        }
        None
    }

    fn checkbox(
        ui: &mut egui::Ui,
        l: Lang,
        label: &str,
        value: bool,
        source: &str,
    ) -> Option<bool> {
        let source = source_text(source, l);
        let mut v = value;
        let tip = format!("{}: {source}", l.t("levers.source"));
        ui.label("");
        let changed = ui.checkbox(&mut v, label).on_hover_text(tip).changed();
        ui.label("");
        ui.label("");
        ui.end_row();
        changed.then_some(v)
    }

    /// Draws rows, returning the edit of the one that changed.
    fn rows(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        sc: &Scenario,
        rows: &[Spec<'_>],
    ) -> Option<Command> {
        let mut out = None;
        for row in rows {
            if let Some(v) = self.number(ui, l, row) {
                out = Some(Command::edit(sc, &row.path, |s| (row.set)(s, v)));
            }
        }
        out
    }

    /// Draws yes/no rows, returning the edit of the one that changed.
    fn toggles(
        ui: &mut egui::Ui,
        l: Lang,
        sc: &Scenario,
        toggles: &[Toggle<'_>],
    ) -> Option<Command> {
        let mut out = None;
        for t in toggles {
            if let Some(v) = Self::checkbox(ui, l, l.t(t.key), t.value, t.source) {
                out = Some(Command::edit(sc, t.path, |s| (t.set)(s, v)));
            }
        }
        out
    }

    /// Draws the levers and returns an edit command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let sc = &doc.scenario;
        let mut out = None;
        self.defer_drags = doc.is_big();
        if self.problems_of != Some((doc.problems_revision, l)) {
            self.problems_of = Some((doc.problems_revision, l));
            self.problems = doc
                .problems
                .iter()
                .map(|p| (p.path.clone(), (p.message(l).to_string(), p.error)))
                .collect();
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                for group in groups(sc) {
                    let key = group.key;
                    egui::CollapsingHeader::new(egui::RichText::new(l.t(key)).strong())
                        .id_salt(key)
                        .default_open(true)
                        .show(ui, |ui| {
                            egui::Grid::new((key, "grid"))
                                .num_columns(4)
                                .striped(true)
                                .spacing([10.0, 4.0])
                                .show(ui, |ui| {
                                    let rows = (group.rows)(sc, l);
                                    if let Some(cmd) = self.rows(ui, l, sc, &rows) {
                                        out = Some(cmd);
                                    }
                                    if let Some(cmd) = Self::toggles(ui, l, sc, &group.toggles) {
                                        out = Some(cmd);
                                    }
                                });
                        });
                }
            });
        out
    }
}
