//! The what-if layout: the levers, drawn from the lever catalog, beside the
//! key results and a chart that follow every change.
//!
//! Every row is drawn by one function (`LeversPanel::row`) from a
//! [`LeverRow`] of the presentation layer: name, slider over the plausible
//! range (anchored to the plan as it was opened, so the slider does not
//! stretch under the pointer), a value box that can be typed up to the valid
//! range, the unit, and the source note, basis and ranges in the tooltip.
//! Policies and assumptions are filtered and headed apart. A value the
//! catalog refuses shows its message (in the interface language) under the
//! row and is not applied, so the results keep the last valid state.

use super::Env;
use super::dashboard::DashboardPanel;
use super::key_results::KeyResultsView;
use crate::model::catalog::{Catalog, LeverKind};
use crate::present::command::Command;
use crate::present::document::{Document, PlanId};
use crate::present::i18n::Lang;
use crate::present::levers::{
    KindFilter, LeverRow, LeverSection, anchors, find_row, parse_number, sections, set_value,
};
use egui::RichText;
use std::collections::{BTreeMap, BTreeSet};

/// Widest the key results column starts at, points.
const RESULTS_WIDTH: f32 = 500.0;

/// Share of the height the results take above the levers when narrow.
const NARROW_RESULTS_SHARE: f32 = 0.45;

/// Narrowest central area that still gets the two columns, points.
const TWO_COLUMNS_FROM: f32 = 860.0;

/// The plan shown (its id keys the sliders' anchors).
fn current_plan(env: &Env<'_>) -> PlanId {
    env.plans
        .iter()
        .find(|p| p.current)
        .map_or(PlanId(0), |p| p.id)
}

/// The levers panel (the what-if layout of the levers tab).
#[derive(Debug, Default)]
pub struct LeversPanel {
    /// Values typed but refused, by row id, with the reason.
    drafts: BTreeMap<String, (f64, String)>,
    /// A row to scroll to and focus (its catalog id or field path).
    focus: Option<String>,
    /// Problems of the scenario by field path, in the interface language
    /// (true for errors), and the revision and language they were taken for.
    problems: BTreeMap<String, (String, bool)>,
    problems_of: Option<(u64, Lang)>,
    /// Apply slider drags when they end rather than every frame (big
    /// documents, where each edit copies the whole scenario).
    defer_drags: bool,
    /// Values of sliders being dragged, not yet applied, by row id.
    dragging: BTreeMap<String, f64>,
    /// Policies, assumptions or both.
    filter: KindFilter,
    /// Rows whose name contains this text (empty: all).
    search: String,
    /// The catalog of the scenario, by revision.
    catalog: Option<(u64, Catalog)>,
    /// The rows drawn, by revision, language and plan.
    sections: Option<((u64, Lang, PlanId), Vec<LeverSection>)>,
    /// The sliders' ranges of each plan: the plausible ranges of the plan
    /// as it was opened (taken again while it has no undo history).
    anchors: BTreeMap<PlanId, BTreeMap<String, (f64, f64)>>,
    /// The key results beside the levers.
    results: KeyResultsView,
    /// The chart beside the levers (the dashboard's cached series).
    charts: DashboardPanel,
}

impl LeversPanel {
    /// Scrolls to the row of this catalog id or field path on the next
    /// frame (from the status bar, or a bar of the sensitivity chart),
    /// showing its section and kind.
    pub fn focus(&mut self, id_or_path: &str) {
        self.focus = Some(id_or_path.to_string());
    }

    /// True if the row of this id or field path has a refused value on screen.
    #[must_use]
    pub fn has_draft(&self, id_or_path: &str) -> bool {
        self.drafts.contains_key(id_or_path)
            || self.catalog.as_ref().is_some_and(|(_, c)| {
                c.get(id_or_path)
                    .is_some_and(|e| self.drafts.contains_key(&e.id))
            })
    }

    /// The catalog of the scenario now (made again when it changed).
    fn catalog(&mut self, doc: &Document) -> &Catalog {
        if self
            .catalog
            .as_ref()
            .is_none_or(|(rev, _)| *rev != doc.revision)
        {
            self.catalog = Some((doc.revision, Catalog::of(&doc.scenario)));
        }
        // Just filled in above.
        &self
            .catalog
            .get_or_insert_with(|| (doc.revision, Catalog::default()))
            .1
    }

    /// The slider anchors of the plan shown: taken from the scenario while
    /// it has no history (opened, new, a fresh variant), kept after.
    fn anchors(&mut self, doc: &Document, env: &Env<'_>) -> BTreeMap<String, (f64, f64)> {
        let plan = current_plan(env);
        let fresh = !env.can_undo && !env.can_redo;
        let now = anchors(self.catalog(doc));
        let kept = self.anchors.entry(plan).or_default();
        if fresh {
            *kept = now;
        } else {
            for (id, range) in now {
                kept.entry(id).or_insert(range);
            }
        }
        kept.clone()
    }

    /// One lever: its name (tooltip: source, ranges, cost), its slider or
    /// switch with the value box and unit, and under it a refused value's
    /// reason or the scenario's problem at that field. Returns the edit.
    fn row(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        l: Lang,
        row: &LeverRow,
        label_width: f32,
    ) -> Option<Command> {
        let sc = &doc.scenario;
        let tip = |ui: &mut egui::Ui| {
            ui.set_max_width(420.0);
            ui.label(row.tooltip(l));
        };
        let focused = self
            .focus
            .as_deref()
            .is_some_and(|f| f == row.id || f == row.path);
        let assumption = row.kind == LeverKind::Assumption;
        let mut out = None;
        let mut new_value = None;
        // The rail takes what the name, value box and unit leave: the wider,
        // the fewer people (or yuan) a point of drag moves.
        let rail = (ui.available_width() - label_width - 100.0).clamp(120.0, 300.0);
        ui.horizontal(|ui| {
            ui.spacing_mut().slider_width = rail;
            if row.switch {
                let mut on = row.value >= 0.5;
                let text = if assumption {
                    RichText::new(&row.label).italics()
                } else {
                    RichText::new(&row.label)
                };
                let resp = ui.checkbox(&mut on, text).on_hover_ui(tip);
                if focused {
                    resp.scroll_to_me(Some(egui::Align::Center));
                    resp.request_focus();
                }
                if resp.changed() {
                    new_value = Some(if on { 1.0 } else { 0.0 });
                }
                return;
            }
            let label_resp = ui
                .vertical(|ui| {
                    ui.set_width(label_width);
                    let text = if assumption {
                        RichText::new(&row.label).italics()
                    } else {
                        RichText::new(&row.label)
                    };
                    // The name, then its unit (weak) where the line has room.
                    ui.horizontal_wrapped(|ui| {
                        let name = ui.add(egui::Label::new(text).wrap()).on_hover_ui(tip);
                        if !row.unit.is_empty() {
                            ui.label(RichText::new(&row.unit).weak());
                        }
                        name
                    })
                    .inner
                })
                .inner;
            let mut v = self
                .drafts
                .get(&row.id)
                .map(|d| d.0)
                .or_else(|| self.dragging.get(&row.id).copied())
                .unwrap_or(row.value);
            let decimals = row.decimals;
            let money = row.money;
            let mut slider = egui::Slider::new(&mut v, row.slider.0..=row.slider.1)
                .clamping(egui::SliderClamping::Never)
                .step_by(row.step)
                .logarithmic(row.logarithmic)
                .drag_value_speed(row.drag_speed)
                .fixed_decimals(decimals)
                .custom_parser(parse_number);
            if money {
                slider = slider.custom_formatter(move |v, _| {
                    crate::present::levers::group_thousands(v, decimals)
                });
            }
            if row.logarithmic {
                slider = slider.smallest_positive((row.slider.0).max(1e-6));
            }
            let resp = ui.add(slider).labelled_by(label_resp.id).on_hover_ui(tip);
            if focused {
                resp.scroll_to_me(Some(egui::Align::Center));
                resp.request_focus();
            }
            if resp.changed() {
                if self.defer_drags && resp.dragged() {
                    self.drafts.remove(&row.id);
                    self.dragging.insert(row.id.clone(), v);
                } else {
                    self.dragging.remove(&row.id);
                    new_value = Some(v);
                }
            }
            if resp.drag_stopped()
                && let Some(v) = self.dragging.remove(&row.id)
            {
                new_value = Some(v);
            }
        });
        if focused {
            self.focus = None;
        }
        if let Some(v) = new_value {
            let mut edited = sc.clone();
            match set_value(&mut edited, self.catalog(doc), &row.target, v, l) {
                Ok(()) => {
                    self.drafts.remove(&row.id);
                    out = Some(Command::Edit {
                        field: row.path.clone(),
                        scenario: Box::new(edited),
                    });
                }
                Err(message) => {
                    self.drafts.insert(row.id.clone(), (v, message));
                }
            }
        }
        let message = self
            .drafts
            .get(&row.id)
            .map(|(_, m)| (m.clone(), true))
            .or_else(|| self.problems.get(&row.path).cloned());
        if let Some((message, error)) = message {
            ui.horizontal(|ui| {
                ui.add_space(label_width + ui.spacing().item_spacing.x);
                let color = if error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                ui.add(egui::Label::new(RichText::new(message).color(color)).wrap());
            });
        }
        out
    }

    /// The filter bar: policies, assumptions or both, and a name to look for.
    fn filter_bar(&mut self, ui: &mut egui::Ui, l: Lang) {
        ui.horizontal_wrapped(|ui| {
            ui.label(l.t("levers.filter"));
            for f in KindFilter::ALL {
                if ui
                    .selectable_label(self.filter == f, l.t(f.key()))
                    .clicked()
                {
                    self.filter = f;
                }
            }
            ui.separator();
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(l.t("levers.search"))
                    .desired_width(140.0),
            );
            if !self.search.is_empty() && ui.small_button("×").clicked() {
                self.search.clear();
            }
        });
        ui.label(RichText::new(l.t("levers.hint")).small().weak());
    }

    /// The ids of the rows the search finds: by the name shown, or by the
    /// catalog entry's other-language name, id or path (all when empty).
    fn found(&mut self, doc: &Document, secs: &[LeverSection]) -> BTreeSet<String> {
        let needle = self.search.trim().to_lowercase();
        let search = self.search.clone();
        let catalog = self.catalog(doc);
        secs.iter()
            .flat_map(|s| &s.rows)
            .filter(|r| {
                needle.is_empty()
                    || r.label.to_lowercase().contains(&needle)
                    || catalog.get(&r.id).is_some_and(|e| e.matches(&search))
            })
            .map(|r| r.id.clone())
            .collect()
    }

    /// The levers: filter bar and sections, each a collapsible list of rows.
    fn levers_ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let plan = current_plan(env);
        let key = (doc.revision, l, plan);
        if self.sections.as_ref().is_none_or(|(k, _)| *k != key) {
            let anchored = self.anchors(doc, env);
            let secs = sections(&doc.scenario, self.catalog(doc), &anchored, l);
            self.sections = Some((key, secs));
        }
        // Taken out while the rows are drawn (drawing needs the panel), put back after.
        let secs = self.sections.take().map(|(_, s)| s).unwrap_or_default();
        let found = self.found(doc, &secs);
        // A focus request shows its row whatever the filter and search.
        let focus_section = self.focus.as_deref().and_then(|f| {
            let row = find_row(&secs, f)?;
            if !self.filter.shows(row.kind) {
                self.filter = KindFilter::All;
            }
            if !found.contains(&row.id) {
                self.search.clear();
            }
            secs.iter()
                .find(|s| s.rows.iter().any(|r| r.id == row.id))
                .map(|s| s.key)
        });
        if self.focus.is_some() && focus_section.is_none() {
            // Nothing here has that id or path.
            self.focus = None;
        }
        self.filter_bar(ui, l);
        ui.separator();
        // Found again: the filter bar may just have changed the search.
        let found = self.found(doc, &secs);
        let label_width = (ui.available_width() * 0.42).clamp(150.0, 300.0);
        let mut out = None;
        let mut shown = 0;
        egui::ScrollArea::vertical()
            .id_salt("levers_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                for sec in &secs {
                    let rows: Vec<&LeverRow> = sec
                        .rows
                        .iter()
                        .filter(|r| self.filter.shows(r.kind))
                        .filter(|r| found.contains(&r.id))
                        .collect();
                    if rows.is_empty() {
                        continue;
                    }
                    shown += rows.len();
                    let mut header = egui::CollapsingHeader::new(
                        RichText::new(format!("{} ({})", l.t(sec.key), rows.len())).strong(),
                    )
                    .id_salt(sec.key)
                    .default_open(sec.open);
                    if focus_section == Some(sec.key) || !self.search.trim().is_empty() {
                        header = header.open(Some(true));
                    }
                    header.show(ui, |ui| {
                        let mut last_kind = None;
                        for row in rows {
                            if self.filter == KindFilter::All && last_kind != Some(row.kind) {
                                let key = match row.kind {
                                    LeverKind::Policy => "levers.policies_head",
                                    LeverKind::Assumption => "levers.assumptions_head",
                                };
                                ui.label(RichText::new(l.t(key)).small().weak());
                            }
                            last_kind = Some(row.kind);
                            if let Some(cmd) = self.row(ui, doc, l, row, label_width) {
                                out = Some(cmd);
                            }
                        }
                    });
                }
                if shown == 0 {
                    ui.label(l.t("levers.no_match"));
                }
            });
        self.sections = Some((key, secs));
        out
    }

    /// Draws the what-if layout: the levers and, beside them (below them
    /// in a narrow window), the key results and a chart; returns an edit
    /// or another command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        self.defer_drags = doc.is_big();
        if self.problems_of != Some((doc.problems_revision, l)) {
            self.problems_of = Some((doc.problems_revision, l));
            self.problems = doc
                .problems
                .iter()
                .map(|p| (p.path.clone(), (p.message(l).to_string(), p.error)))
                .collect();
        }
        let mut out = None;
        if ui.available_width() >= TWO_COLUMNS_FROM {
            let width = (ui.available_width() * 0.45).min(RESULTS_WIDTH);
            egui::Panel::right("whatif_results")
                .resizable(true)
                .default_size(width)
                .size_range(320.0..=ui.available_width() * 0.6)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("whatif_results_scroll")
                        .auto_shrink(false)
                        .show(ui, |ui| {
                            out = self.results_ui(ui, doc, env);
                        });
                });
            if let Some(cmd) = self.levers_ui(ui, doc, env) {
                out = Some(cmd);
            }
        } else {
            // Narrow (a small window, or zoomed in): the results above the
            // levers, in a band of their own that scrolls, so that both stay
            // on screen (the band's edge can be dragged).
            let height = ui.available_height();
            egui::Panel::top("whatif_results_narrow")
                .resizable(true)
                .default_size(height * NARROW_RESULTS_SHARE)
                .size_range(120.0_f32.min(height * 0.5)..=height * 0.75)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("whatif_results_narrow_scroll")
                        .auto_shrink(false)
                        .show(ui, |ui| {
                            out = self.results_ui(ui, doc, env);
                        });
                });
            if let Some(cmd) = self.levers_ui(ui, doc, env) {
                out = Some(cmd);
            }
        }
        out
    }

    /// The results beside the levers: key results, then the need and supply
    /// chart with its band and the marks of what binds.
    fn results_ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let out = self.results.ui(ui, doc, env, false);
        ui.add_space(6.0);
        self.charts.chart_ui(ui, doc, env, "need", 190.0);
        out
    }
}
