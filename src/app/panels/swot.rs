//! The SWOT board: strengths, weaknesses, opportunities and threats as
//! four quadrants of cards, the countermeasures under them. A card names
//! its factor, the catalog entries that stand for it in the model with
//! their values in the plan (each a link to the lever) and their measured
//! effect on the goal chosen (from a tornado run at the goal's year), or
//! says plainly what the model leaves out. Cards and texts come from the
//! board file (`assets/swot.ron`).

use super::Env;
use super::analysis::{DecisionsView, kind_color, progress_row, status_notes};
use crate::model::analysis::Evaluation;
use crate::model::scenario::Goal;
use crate::present::command::{AnalysisKind, Command, DecisionCommand};
use crate::present::decisions::seek::goal_text;
use crate::present::decisions::swot::{self, Board, CardView, Quadrant};
use crate::present::decisions::tornado::year_end;
use crate::present::document::Document;
use crate::present::i18n::Lang;

/// Widest a quadrant's column may be drawn two to a row.
const TWO_COLUMNS_FROM: f32 = 700.0;

/// The SWOT board view.
#[derive(Debug, Default)]
pub struct SwotPanel {
    /// The board file, read once (or why it could not be).
    board: Option<Result<Board, swot::SwotError>>,
    /// Id of the goal the effects are measured on.
    goal: Option<String>,
    /// The cards and the plan revision, tornado generation, goal and
    /// language they were made for.
    cache: Option<(CardsKey, Vec<CardView>)>,
}

/// What the board's cards are made from.
type CardsKey = (u64, u64, Option<String>, bool, Lang);

/// The accessible name of a lever's link on a card: the card's title and
/// the lever's name, so each link can be told apart.
#[must_use]
pub fn link_name(card_title: &str, lever: &str) -> String {
    format!("{card_title}: {lever}")
}

impl SwotPanel {
    /// Draws the board and returns the command given.
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
        let board = match self.board.get_or_insert_with(swot::builtin) {
            Ok(b) => b,
            Err(e) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("{}: {}", l.t("swot.bad_file"), e.text(l)),
                );
                return None;
            }
        };
        let goals: Vec<Goal> = sc.targets.effective_goals(sc);
        let goal = self
            .goal
            .as_ref()
            .and_then(|id| goals.iter().find(|g| &g.id == id))
            .or_else(|| goals.first())
            .cloned();
        // The tornado run that measured this goal's metric at its year, if any.
        let measured = goal.as_ref().and_then(|g| {
            let s = d.sensitivity.result?;
            let fits = d.sensitivity.current
                && s.tornadoes
                    .iter()
                    .any(|t| t.metric == g.metric && t.year == g.year);
            fits.then_some((s, g.metric.as_str()))
        });
        let key: CardsKey = (
            doc.revision,
            d.sensitivity.generation,
            goal.as_ref().map(|g| g.id.clone()),
            measured.is_some(),
            l,
        );
        let cached = match self.cache.take() {
            Some(c) if c.0 == key => c,
            _ => (key, swot::cards(board, sc, measured, l)),
        };
        let cards = &cached.1;
        egui::ScrollArea::vertical()
            .id_salt("swot_scroll")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(l.t("swot.goal"));
                    let shown = goal
                        .as_ref()
                        .map_or_else(String::new, |g| goal_text(g, sc, l));
                    egui::ComboBox::from_id_salt("swot_goal")
                        .selected_text(shown)
                        .width(300.0)
                        .show_ui(ui, |ui| {
                            for g in &goals {
                                let on = goal.as_ref().is_some_and(|x| x.id == g.id);
                                if ui.selectable_label(on, goal_text(g, sc, l)).clicked() {
                                    self.goal = Some(g.id.clone());
                                }
                            }
                        });
                    let can =
                        goal.is_some() && doc.results.is_some() && d.sensitivity.running.is_none();
                    if ui
                        .add_enabled(can, egui::Button::new(l.t("swot.measure")))
                        .on_hover_text(l.t("swot.measure_tip"))
                        .clicked()
                        && let Some(g) = &goal
                    {
                        out = Some(Command::Decide(DecisionCommand::Sensitivity {
                            year: Some(g.year),
                            eval: Evaluation::Deterministic,
                        }));
                    }
                });
                if let Some(r) = &d.sensitivity.running
                    && let Some(c) = progress_row(ui, l, r, AnalysisKind::Sensitivity)
                {
                    out = Some(c);
                }
                if d.sensitivity.error.is_some() {
                    status_notes(ui, l, &d.sensitivity);
                }
                match (&goal, measured) {
                    (Some(g), Some(_)) => {
                        ui.small(format!(
                            "{} {} · {}",
                            l.t("swot.measured"),
                            year_end(g.year, l),
                            l.t("swot.measured_how")
                        ));
                    }
                    (Some(_), None) => {
                        ui.small(l.t("swot.not_measured"));
                    }
                    (None, _) => {
                        ui.small(l.t("swot.no_goals"));
                    }
                }
                ui.separator();
                let width = ui.available_width();
                let two = width >= TWO_COLUMNS_FROM;
                let col_w = if two { (width - 16.0) / 2.0 } else { width };
                for pair in [
                    [Quadrant::Strength, Quadrant::Weakness],
                    [Quadrant::Opportunity, Quadrant::Threat],
                ] {
                    if two {
                        ui.horizontal_top(|ui| {
                            for q in pair {
                                if let Some(c) = quadrant(ui, l, q, cards, col_w, 1) {
                                    out = Some(c);
                                }
                            }
                        });
                    } else {
                        for q in pair {
                            if let Some(c) = quadrant(ui, l, q, cards, col_w, 1) {
                                out = Some(c);
                            }
                        }
                    }
                    ui.add_space(8.0);
                }
                let cols = if two { 2 } else { 1 };
                if let Some(c) = quadrant(ui, l, Quadrant::Countermeasure, cards, width, cols) {
                    out = Some(c);
                }
            });
        self.cache = Some(cached);
        out
    }
}

/// The heading colour of a quadrant.
fn quadrant_color(q: Quadrant) -> egui::Color32 {
    match q {
        Quadrant::Strength => egui::Color32::from_rgb(0x2e, 0x7d, 0x32),
        Quadrant::Weakness => egui::Color32::from_rgb(0xc6, 0x28, 0x28),
        Quadrant::Opportunity => egui::Color32::from_rgb(0x15, 0x65, 0xc0),
        Quadrant::Threat => egui::Color32::from_rgb(0xe6, 0x51, 0x00),
        Quadrant::Countermeasure => egui::Color32::from_rgb(0x55, 0x55, 0x55),
    }
}

/// One quadrant: its heading and its cards in `cols` columns, `width` wide.
fn quadrant(
    ui: &mut egui::Ui,
    l: Lang,
    q: Quadrant,
    cards: &[CardView],
    width: f32,
    cols: usize,
) -> Option<Command> {
    let mut out = None;
    ui.vertical(|ui| {
        ui.set_width(width);
        ui.label(
            egui::RichText::new(l.t(q.key()))
                .strong()
                .size(16.0)
                .color(quadrant_color(q)),
        );
        let mine: Vec<&CardView> = cards.iter().filter(|c| c.quadrant == q).collect();
        let card_w = (width - 10.0 * (cols as f32 - 1.0)) / cols as f32;
        for row in mine.chunks(cols) {
            ui.horizontal_top(|ui| {
                for c in row {
                    if let Some(cmd) = card(ui, l, c, card_w, quadrant_color(q)) {
                        out = Some(cmd);
                    }
                }
            });
            ui.add_space(4.0);
        }
    });
    out
}

/// One card.
fn card(
    ui: &mut egui::Ui,
    l: Lang,
    c: &CardView,
    width: f32,
    accent: egui::Color32,
) -> Option<Command> {
    let mut out = None;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, accent.gamma_multiply(0.6)))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                // The frame's margins and stroke are inside the card's width.
                ui.set_width(width - 14.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(&c.id).small().weak());
                    ui.strong(&c.title);
                });
                ui.add(egui::Label::new(&c.text).wrap());
                if !c.levers.is_empty() {
                    ui.add_space(2.0);
                    ui.label(egui::RichText::new(l.t("swot.in_model")).small().strong());
                    for lever in &c.levers {
                        ui.horizontal_wrapped(|ui| {
                            let link = ui
                                .link(
                                    egui::RichText::new(&lever.name).color(kind_color(lever.kind)),
                                )
                                .on_hover_text(l.t("decide.click_to_open"));
                            let name = link_name(&c.title, &lever.name);
                            link.widget_info(|| {
                                egui::WidgetInfo::labeled(egui::accesskit::Role::Link, true, &name)
                            });
                            if link.clicked() {
                                out = Some(Command::Decide(DecisionCommand::OpenLever(
                                    lever.path.clone(),
                                )));
                            }
                            ui.label(&lever.current);
                            if let Some(e) = &lever.effect {
                                ui.label(egui::RichText::new(format!("→ {e}")).small());
                            }
                        });
                    }
                }
                if let Some(u) = &c.unrepresented {
                    ui.add_space(2.0);
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(format!("{} {u}", l.t("swot.not_in_model")))
                                .small()
                                .italics()
                                .color(ui.visuals().weak_text_color()),
                        )
                        .wrap(),
                    );
                }
                if !c.absent.is_empty() {
                    ui.small(format!("{} {}", l.t("swot.absent"), c.absent.join(", ")));
                }
            });
        });
    out
}
