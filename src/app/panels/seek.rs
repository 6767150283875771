//! The least that works, as a dialog beside the plan: goal seek (a goal of
//! the plan or one typed as `metric>=level@year`, a lever from the
//! catalog, a probability; expected value or Monte Carlo) showing the
//! answer, the goal's probability (or deciding value) over the values
//! tried and the cost; and the cheapest mix of two to four policy levers
//! that meets every goal of the plan. "Apply" sets the lever (or the mix)
//! in the plan shown as one edit, so Ctrl+Z takes it back.

use super::Env;
use super::analysis::{DecisionsView, EvalChoice, SeekOutcome, progress_row, status_notes};
use crate::model::analysis::seek::{OptimiseOptions, OptimiseResult, SeekOptions, SeekResult};
use crate::model::catalog::{Catalog, LeverKind};
use crate::model::goals;
use crate::model::scenario::{Goal, Scenario};
use crate::present::command::{AnalysisKind, Command, DecisionCommand};
use crate::present::decisions::seek::{self as words, Curve};
use crate::present::decisions::short_number;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use egui_plot::{HLine, Line, Plot, PlotPoints, Points, VLine};
use std::collections::BTreeSet;

/// Colour of the values that meet the goal, and of the answer.
const MET: egui::Color32 = egui::Color32::from_rgb(0x2e, 0x9d, 0x32);

/// Replications the dialog offers under Monte Carlo.
const RUNS: [usize; 3] = [100, 200, 400];

/// Which search the dialog runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    /// The least value of one lever that meets one goal.
    #[default]
    Seek,
    /// The cheapest mix of two to four policy levers that meets every goal.
    Mix,
}

/// The goal-seek and cheapest-mix dialog.
#[derive(Debug)]
pub struct SeekDialog {
    mode: Mode,
    /// Id of a goal of the plan (`None`: the plan's first goal).
    goal: Option<String>,
    /// The typed goal is used instead of a goal of the plan.
    use_typed: bool,
    /// The typed goal, `metric>=level@year`.
    typed: String,
    /// Catalog id of the lever sought.
    lever: String,
    /// Text that narrows the lever lists.
    search: String,
    /// The probability the goal must reach (Monte Carlo).
    probability: f64,
    eval: EvalChoice,
    /// Catalog ids of the levers of the mix.
    mix: BTreeSet<String>,
    /// Why the last input could not be used, in the interface language.
    problem: Option<String>,
}

impl Default for SeekDialog {
    fn default() -> Self {
        Self {
            mode: Mode::Seek,
            goal: None,
            use_typed: false,
            typed: "stations_at_norm_share>=0.9@2030".into(),
            lever: "levers.recruitment_multiplier".into(),
            search: String::new(),
            probability: 0.8,
            eval: EvalChoice {
                monte_carlo: false,
                runs: 200,
            },
            mix: BTreeSet::new(),
            problem: None,
        }
    }
}

impl SeekDialog {
    /// Draws the dialog (while `open`) inside `area` (the screen below the
    /// menu bar) and returns the command given; a
    /// [`DecisionCommand::ToggleSeek`] when it is closed.
    pub fn window(
        &mut self,
        ctx: &egui::Context,
        area: egui::Rect,
        open: bool,
        doc: &Document,
        env: &Env<'_>,
        d: &DecisionsView<'_>,
    ) -> Option<Command> {
        if !open {
            return None;
        }
        let l = env.lang;
        let mut out = None;
        let mut still_open = true;
        // It opens below the tab bar and fits under it, so that at a large
        // zoom it does not cover the tabs.
        let top = ctx.content_rect().top() + 130.0;
        let room = (area.bottom() - top - 8.0).max(200.0);
        egui::Window::new(l.t("seek.title"))
            .open(&mut still_open)
            .default_size([560.0, 520.0_f32.min(room)])
            .default_pos([(ctx.content_rect().right() - 600.0).max(0.0), top])
            .max_height((ctx.content_rect().height() * 0.85).min(room))
            // Never over the menu bar (nor off the screen), at any zoom.
            .constrain_to(area)
            .resizable(true)
            .collapsible(true)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("seek_scroll")
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        out = self.contents(ui, doc, l, d);
                    });
            });
        if !still_open {
            return Some(Command::Decide(DecisionCommand::ToggleSeek));
        }
        out
    }

    fn contents(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        l: Lang,
        d: &DecisionsView<'_>,
    ) -> Option<Command> {
        let sc = &doc.scenario;
        let mut out = None;
        ui.horizontal_wrapped(|ui| {
            ui.radio_value(&mut self.mode, Mode::Seek, l.t("seek.mode_seek"));
            ui.radio_value(&mut self.mode, Mode::Mix, l.t("seek.mode_mix"));
        });
        ui.small(match self.mode {
            Mode::Seek => l.t("seek.seek_how"),
            Mode::Mix => l.t("seek.mix_how"),
        });
        ui.separator();
        let catalog = Catalog::of(sc);
        match self.mode {
            Mode::Seek => self.seek_form(ui, sc, &catalog, l),
            Mode::Mix => self.mix_form(ui, &catalog, l),
        }
        ui.horizontal_wrapped(|ui| {
            self.eval.ui(ui, l, "seek", &RUNS);
        });
        if self.eval.monte_carlo {
            ui.horizontal(|ui| {
                ui.label(l.t("seek.probability"));
                ui.add(
                    egui::Slider::new(&mut self.probability, 0.5..=0.99)
                        .fixed_decimals(2)
                        .custom_formatter(|v, _| l.percent(v)),
                );
            });
        }
        let running = d.seek.running.is_some();
        let label = match self.mode {
            Mode::Seek => l.t("seek.run_seek"),
            Mode::Mix => l.t("seek.run_mix"),
        };
        if ui
            .add_enabled(!running && doc.results.is_some(), egui::Button::new(label))
            .clicked()
        {
            match self.request(sc, l) {
                Ok(cmd) => {
                    self.problem = None;
                    out = Some(Command::Decide(cmd));
                }
                Err(e) => self.problem = Some(e),
            }
        }
        if let Some(p) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, p);
        }
        if let Some(r) = &d.seek.running
            && let Some(c) = progress_row(ui, l, r, AnalysisKind::Seek)
        {
            out = Some(c);
        }
        status_notes(ui, l, &d.seek);
        let Some(result) = d.seek.result else {
            return out;
        };
        ui.separator();
        if d.seek_of != Some(d.shown) {
            ui.colored_label(ui.visuals().warn_fg_color, l.t("decide.other_plan"));
            return out;
        }
        let applied = match result {
            SeekOutcome::Seek(r) => self.seek_result(ui, r, sc, l),
            SeekOutcome::Optimise(r) => self.mix_result(ui, r, sc, l),
        };
        if applied.is_some() {
            out = applied;
        }
        out
    }

    /// The goals of the plan and the typed one.
    fn goal_of(&self, sc: &Scenario, l: Lang) -> Result<Goal, String> {
        if self.use_typed {
            return goals::parse_goal(&self.typed).map_err(|e| e.text(l == Lang::Zh));
        }
        let goals = sc.targets.effective_goals(sc);
        match &self.goal {
            Some(id) => goals.into_iter().find(|g| &g.id == id),
            None => goals.into_iter().next(),
        }
        .ok_or_else(|| l.t("seek.goal_gone").to_string())
    }

    /// The command that runs the search asked for, or why it cannot.
    fn request(&self, sc: &Scenario, l: Lang) -> Result<DecisionCommand, String> {
        let eval = self.eval.evaluation(sc.seed);
        match self.mode {
            Mode::Seek => Ok(DecisionCommand::Seek(SeekOptions {
                lever: self.lever.clone(),
                goal: self.goal_of(sc, l)?,
                probability: self.probability,
                eval,
            })),
            Mode::Mix => {
                if !(2..=4).contains(&self.mix.len()) {
                    return Err(l.t("seek.mix_count").to_string());
                }
                Ok(DecisionCommand::Optimise(OptimiseOptions {
                    levers: self.mix.iter().cloned().collect(),
                    probability: self.probability,
                    eval,
                }))
            }
        }
    }

    fn seek_form(&mut self, ui: &mut egui::Ui, sc: &Scenario, catalog: &Catalog, l: Lang) {
        let goals = sc.targets.effective_goals(sc);
        if self.goal.is_none()
            && let Some(g) = goals.first()
        {
            self.goal = Some(g.id.clone());
        }
        egui::Grid::new("seek_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let goal_label = ui.label(l.t("seek.goal"));
                let shown = match (&self.goal, self.use_typed) {
                    (Some(id), false) => goals
                        .iter()
                        .find(|g| &g.id == id)
                        .map_or_else(|| id.clone(), |g| words::goal_text(g, sc, l)),
                    _ => l.t("seek.typed_goal").to_string(),
                };
                egui::ComboBox::from_id_salt("seek_goal")
                    .selected_text(shown)
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        for g in &goals {
                            let on = !self.use_typed && self.goal.as_deref() == Some(g.id.as_str());
                            if ui
                                .selectable_label(on, words::goal_text(g, sc, l))
                                .clicked()
                            {
                                self.goal = Some(g.id.clone());
                                self.use_typed = false;
                            }
                        }
                        if ui
                            .selectable_label(self.use_typed, l.t("seek.typed_goal"))
                            .clicked()
                        {
                            self.use_typed = true;
                        }
                    })
                    .response
                    .labelled_by(goal_label.id);
                ui.end_row();
                if self.use_typed {
                    ui.label("");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.typed)
                            .desired_width(320.0)
                            .hint_text("stations_at_norm_share>=0.9@2030"),
                    )
                    .on_hover_text(l.t("seek.typed_tip"));
                    ui.end_row();
                }
                let lever_label = ui.label(l.t("seek.lever"));
                ui.vertical(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.search)
                            .desired_width(320.0)
                            .hint_text(l.t("seek.search")),
                    );
                    let current = catalog
                        .get(&self.lever)
                        .map_or_else(|| self.lever.clone(), |e| e.name(l == Lang::Zh).to_string());
                    egui::ComboBox::from_id_salt("seek_lever")
                        .selected_text(current)
                        .width(320.0)
                        .height(320.0)
                        .show_ui(ui, |ui| {
                            for kind in [LeverKind::Policy, LeverKind::Assumption] {
                                ui.label(
                                    egui::RichText::new(
                                        l.t(crate::present::decisions::tornado::kind_key(kind)),
                                    )
                                    .small()
                                    .weak(),
                                );
                                for e in catalog.entries.iter().filter(|e| e.kind == kind) {
                                    let name = e.name(l == Lang::Zh);
                                    if !e.matches(&self.search) {
                                        continue;
                                    }
                                    if ui.selectable_label(e.id == self.lever, name).clicked() {
                                        self.lever = e.id.clone();
                                    }
                                }
                            }
                        })
                        .response
                        .labelled_by(lever_label.id);
                });
                ui.end_row();
            });
    }

    fn mix_form(&mut self, ui: &mut egui::Ui, catalog: &Catalog, l: Lang) {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{} ({}/4)", l.t("seek.mix_levers"), self.mix.len()));
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .desired_width(220.0)
                    .hint_text(l.t("seek.search")),
            );
        });
        egui::ScrollArea::vertical()
            .id_salt("mix_levers")
            .max_height(150.0)
            .show(ui, |ui| {
                for e in catalog
                    .entries
                    .iter()
                    .filter(|e| e.kind == LeverKind::Policy && e.plausible_low < e.plausible_high)
                {
                    let name = e.name(l == Lang::Zh);
                    let on = self.mix.contains(&e.id);
                    if !on && !e.matches(&self.search) {
                        continue;
                    }
                    let mut checked = on;
                    let full = self.mix.len() >= 4 && !on;
                    if ui
                        .add_enabled(!full, egui::Checkbox::new(&mut checked, name))
                        .changed()
                    {
                        if checked {
                            self.mix.insert(e.id.clone());
                        } else {
                            self.mix.remove(&e.id);
                        }
                    }
                }
            });
    }

    /// The answer of a goal seek, its curve, and "apply"; the edit when
    /// applied.
    fn seek_result(
        &mut self,
        ui: &mut egui::Ui,
        r: &SeekResult,
        sc: &Scenario,
        l: Lang,
    ) -> Option<Command> {
        let mut out = None;
        ui.strong(words::goal_text(&r.goal, sc, l));
        ui.add(egui::Label::new(words::summary(r, l)).wrap());
        if let Some(a) = words::answer(r, sc, l) {
            egui::Grid::new("seek_answer")
                .num_columns(2)
                .spacing([12.0, 3.0])
                .show(ui, |ui| {
                    for (key, value) in [
                        ("seek.answer", &a.value),
                        ("seek.now", &a.current),
                        ("seek.score", &a.score),
                        ("seek.cost", &a.cost),
                        ("seek.precision", &a.precision),
                    ] {
                        ui.label(l.t(key));
                        ui.strong(value);
                        ui.end_row();
                    }
                });
            if ui.button(l.t("seek.apply")).clicked()
                && let Some(v) = r.answer
            {
                out = self.edit(sc, &[(r.lever.clone(), v)], l);
            }
        }
        curve_plot(ui, &words::curve(r, sc, l), &r.goal.metric, l);
        out
    }

    /// The cheapest mix, and "apply all"; the edit when applied.
    fn mix_result(
        &mut self,
        ui: &mut egui::Ui,
        r: &OptimiseResult,
        sc: &Scenario,
        l: Lang,
    ) -> Option<Command> {
        let mut out = None;
        let (lines, sentence) = words::mix(r, sc, l);
        ui.add(egui::Label::new(sentence).wrap());
        egui::Grid::new("mix_answer")
            .num_columns(3)
            .striped(true)
            .spacing([12.0, 3.0])
            .show(ui, |ui| {
                ui.strong(l.t("seek.lever"));
                ui.strong(l.t("seek.now"));
                ui.strong(l.t("seek.in_mix"));
                ui.end_row();
                for m in &lines {
                    ui.label(&m.name);
                    ui.label(&m.current);
                    ui.strong(&m.mix);
                    ui.end_row();
                }
            });
        if let Some(a) = &r.answer
            && ui.button(l.t("seek.apply_all")).clicked()
        {
            let settings: Vec<(String, f64)> = r
                .levers
                .iter()
                .cloned()
                .zip(a.values.iter().copied())
                .collect();
            out = self.edit(sc, &settings, l);
        }
        out
    }

    /// One edit setting every (catalog id, value) of `settings` in `sc`,
    /// or, when one cannot be set, nothing (the reason is shown).
    fn edit(&mut self, sc: &Scenario, settings: &[(String, f64)], l: Lang) -> Option<Command> {
        let catalog = Catalog::of(sc);
        let mut changed = sc.clone();
        for (id, v) in settings {
            let set = catalog
                .find(id)
                .and_then(|e| e.set(&mut changed, e.clamp(*v)));
            if let Err(e) = set {
                self.problem = Some(e.text(l == Lang::Zh));
                return None;
            }
        }
        let field = match settings {
            [(id, _)] => catalog
                .get(id)
                .map_or_else(|| id.clone(), |e| e.path.clone()),
            _ => format!(
                "mix:{}",
                settings
                    .iter()
                    .map(|s| s.0.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        };
        self.problem = None;
        Some(Command::Edit {
            field,
            scenario: Box::new(changed),
        })
    }
}

/// The curve of a goal seek: the score at each value tried (met in
/// green), the level to reach, the plan's value and the answer.
fn curve_plot(ui: &mut egui::Ui, c: &Curve, metric: &str, l: Lang) {
    ui.small(format!("{} · {}", c.y_title, c.x_title));
    // What the marks mean, beside the plot rather than over its data.
    ui.horizontal_wrapped(|ui| {
        for (color, key) in [
            (MET, "seek.met"),
            (egui::Color32::GRAY, "seek.not_met"),
            (ui.visuals().text_color(), "seek.level"),
            (egui::Color32::GRAY, "seek.now"),
            (MET, "seek.answer"),
        ] {
            ui.label(egui::RichText::new("■").color(color).small());
            ui.small(l.t(key));
        }
    });
    let probability = c.probability;
    let metric = metric.to_string();
    let y_text = move |v: f64| {
        if probability {
            l.percent(v)
        } else {
            crate::present::decisions::metric_text(&metric, v, l)
        }
    };
    let y_axis = y_text.clone();
    let text = ui.visuals().text_color();
    let line: Vec<[f64; 2]> = c.points.iter().map(|p| [p.0, p.1]).collect();
    let met: Vec<[f64; 2]> = c
        .points
        .iter()
        .filter(|p| p.2)
        .map(|p| [p.0, p.1])
        .collect();
    let unmet: Vec<[f64; 2]> = c
        .points
        .iter()
        .filter(|p| !p.2)
        .map(|p| [p.0, p.1])
        .collect();
    Plot::new("seek_curve")
        .height(190.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .y_axis_min_width(44.0)
        .x_grid_spacer(super::analysis::value_marks)
        .y_grid_spacer(super::analysis::value_marks)
        .x_axis_formatter(|m, _| short_number(m.value))
        .y_axis_formatter(move |m, _| y_axis(m.value))
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint { position, .. } => Some(format!(
                "{}: {}",
                short_number(position.x),
                y_text(position.y)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |pu| {
            pu.line(
                Line::new(l.t("seek.tried"), PlotPoints::from(line))
                    .width(1.5)
                    .color(egui::Color32::GRAY),
            );
            pu.points(
                Points::new(l.t("seek.met"), PlotPoints::from(met))
                    .radius(4.0)
                    .color(MET),
            );
            pu.points(
                Points::new(l.t("seek.not_met"), PlotPoints::from(unmet))
                    .radius(4.0)
                    .color(egui::Color32::GRAY),
            );
            pu.hline(
                HLine::new(l.t("seek.level"), c.threshold)
                    .color(text)
                    .style(egui_plot::LineStyle::dashed_dense()),
            );
            pu.vline(
                VLine::new(l.t("seek.now"), c.current)
                    .style(egui_plot::LineStyle::dotted_dense())
                    .color(egui::Color32::GRAY),
            );
            if let Some(a) = c.answer {
                pu.vline(VLine::new(l.t("seek.answer"), a).color(MET));
            }
        });
}
