//! The key results a planner quotes, drawn the same on the dashboard and
//! beside the levers: the headline figures of the headline year (Monte
//! Carlo median and 90 % band when a run exists, the expected-value path
//! beside it), each dated goal with its chance, what binds in plain words,
//! and the notes that keep the figures from being misread.

use super::Env;
use crate::model::Model;
use crate::model::goals::{GoalOutcome, judge_expected};
use crate::present::command::Command;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::key_results::{Basis, Inputs, KeyResults, key_results};
use egui::{Color32, RichText};

/// Key of the cached key results: results revision, language, Monte Carlo
/// runs and staleness.
type CacheKey = (u64, Lang, usize, bool);

/// The key results, cached between frames.
#[derive(Debug, Default)]
pub struct KeyResultsView {
    cache: Option<(CacheKey, KeyResults)>,
    /// The goals judged on the expected-value path, by results revision.
    judged: Option<(u64, Vec<GoalOutcome>)>,
    /// Width the figures' table took when last drawn, points: the figures
    /// and the goals go side by side only where half the width holds it
    /// (the English labels are longer than the Chinese ones).
    figures_width: f32,
}

/// The goals of the document's scenario judged on its expected-value
/// path (empty for a big document, whose projection runs in the
/// background, and when the results are not those of the scenario).
fn judge(doc: &Document) -> Vec<GoalOutcome> {
    if doc.is_big() || !doc.results_current() {
        return Vec::new();
    }
    Model::compile(&doc.scenario)
        .map(|m| judge_expected(&m))
        .unwrap_or_default()
}

impl KeyResultsView {
    /// The key results now (computed when the results, the language or
    /// the Monte Carlo run changed).
    pub fn data(&mut self, doc: &Document, env: &Env<'_>) -> Option<&KeyResults> {
        let p = doc.results.as_ref()?;
        let key = (
            doc.results_revision,
            env.lang,
            env.mc.summary.map_or(0, |m| m.runs),
            env.mc.stale,
        );
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            if self
                .judged
                .as_ref()
                .is_none_or(|(r, _)| *r != doc.results_revision)
            {
                self.judged = Some((doc.results_revision, judge(doc)));
            }
            let goals = self.judged.as_ref().map_or(&[][..], |(_, g)| g);
            let data = key_results(
                &Inputs {
                    scenario: &doc.scenario,
                    projection: p,
                    goals,
                    mc: env.mc.summary,
                    mc_stale: env.mc.stale,
                },
                env.lang,
            );
            self.cache = Some((key, data));
        }
        self.cache.as_ref().map(|(_, d)| d)
    }

    /// Draws the key results; `wide` puts the figures and the goals side by side.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        env: &Env<'_>,
        wide: bool,
    ) -> Option<Command> {
        let l = env.lang;
        let mut out = None;
        let running = env.mc.progress;
        let last_width = self.figures_width;
        let Some(k) = self.data(doc, env) else {
            ui.label(l.t("dash.no_results"));
            return None;
        };
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("{} · {}", l.t("key.title"), year_title(k.year, l)));
            ui.separator();
            match (k.basis, running) {
                (_, Some(p)) => {
                    ui.spinner();
                    ui.label(format!("{} {}", l.t("status.mc"), l.percent(f64::from(p))));
                }
                (Basis::MonteCarlo(runs), None) => {
                    ui.label(format!("{} {runs}", l.t("key.basis_mc")));
                    if let Some(s) = env.mc.summary {
                        ui.label(RichText::new(s.kind_text(l)).small());
                    }
                }
                (Basis::Stale, None) => {
                    ui.colored_label(ui.visuals().warn_fg_color, l.t("key.basis_stale"));
                }
                (Basis::Expected, None) => {
                    ui.label(l.t("key.basis_expected"));
                }
            }
            if running.is_none()
                && !matches!(k.basis, Basis::MonteCarlo(_))
                && ui.small_button(l.t("dash.mc_run")).clicked()
            {
                out = Some(Command::StartMonteCarlo);
            }
            let mut process_only = env.mc.process_only;
            if ui
                .checkbox(&mut process_only, l.t("mc.process_only"))
                .on_hover_text(l.t("mc.process_only_tip"))
                .changed()
            {
                out = Some(Command::SetProcessOnly(process_only));
            }
        });
        if matches!(k.basis, Basis::Stale) || running.is_some() {
            ui.label(RichText::new(l.t("key.basis_expected_note")).small().weak());
        }
        let half = (ui.available_width() - ui.spacing().item_spacing.x) / 2.0;
        let mut width = last_width;
        if wide && width <= half {
            ui.columns(2, |cols| {
                width = figures(&mut cols[0], k, l);
                goals(&mut cols[1], k, l);
            });
        } else {
            width = figures(ui, k, l);
            ui.add_space(4.0);
            goals(ui, k, l);
        }
        notices(ui, k, l);
        self.figures_width = width;
        out
    }
}

/// "2030" as the section title gives it.
fn year_title(year: i32, l: Lang) -> String {
    match l {
        Lang::Zh => format!("{year}年"),
        Lang::En => format!("{year}"),
    }
}

/// The figures: label, the headline value (strong), its band, and the
/// expected-value path (marked † where it disagrees).
/// Draws the figures' table and what it says of the expected-value path;
/// returns the table's width, points.
fn figures(ui: &mut egui::Ui, k: &KeyResults, l: Lang) -> f32 {
    let mc = matches!(k.basis, Basis::MonteCarlo(_));
    // One grid per shape: the Monte Carlo columns are wider, and a grid
    // remembers its widths from the frame before.
    let grid = egui::Grid::new(("key_figures", mc))
        .num_columns(3)
        .spacing([10.0, 3.0])
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new(l.t("key.col_figure")).small().weak());
            ui.label(
                RichText::new(if mc {
                    l.t("key.col_mc")
                } else {
                    l.t("key.col_expected")
                })
                .small()
                .weak(),
            );
            ui.label(
                RichText::new(if mc { l.t("key.col_expected") } else { "" })
                    .small()
                    .weak(),
            );
            ui.end_row();
            for f in &k.figures {
                ui.label(&f.label);
                match (&f.median, &f.band) {
                    (Some(m), Some(b)) => {
                        ui.horizontal(|ui| {
                            ui.label(RichText::new(m).strong());
                            ui.label(RichText::new(format!("({b})")).small());
                        });
                        let text = if f.divergent {
                            format!("{} †", f.expected)
                        } else {
                            f.expected.clone()
                        };
                        ui.label(RichText::new(text).weak());
                    }
                    _ => {
                        ui.label(RichText::new(&f.expected).strong());
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    if let Some(why) = &k.divergence_why {
        ui.add_space(2.0);
        ui.add(egui::Label::new(RichText::new(why).small()).wrap());
        egui::CollapsingHeader::new(RichText::new(l.t("key.divergence_title")).small())
            .id_salt("key_divergence")
            .default_open(false)
            .show(ui, |ui| {
                for d in &k.divergence {
                    ui.add(egui::Label::new(RichText::new(d).small()).wrap());
                }
            });
    }
    grid.response.rect.width()
}

/// A colour for a goal's chance: green from 80 %, amber from 50 %, else red.
fn chance_color(ui: &egui::Ui, p: Option<f64>) -> Color32 {
    match p {
        Some(p) if p >= 0.8 => Color32::from_rgb(0x2e, 0x8b, 0x3e),
        Some(p) if p >= 0.5 => ui.visuals().warn_fg_color,
        Some(_) => ui.visuals().error_fg_color,
        None => ui.visuals().weak_text_color(),
    }
}

/// The dated goals, each with its chance.
fn goals(ui: &mut egui::Ui, k: &KeyResults, l: Lang) {
    if k.goals.is_empty() {
        return;
    }
    ui.label(RichText::new(l.t("key.goals")).strong());
    for g in &k.goals {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("●").color(chance_color(ui, g.probability)));
            let resp = ui.add(egui::Label::new(g.text(l)).wrap());
            let by_year = g.by_year_text(l);
            if !by_year.is_empty() {
                resp.on_hover_text(by_year);
            }
        });
    }
}

/// What binds, the funding shortfall and the example's construction, in a
/// framed box.
fn notices(ui: &mut egui::Ui, k: &KeyResults, l: Lang) {
    if k.binding.is_empty() && k.funding.is_none() && k.by_construction.is_none() {
        return;
    }
    ui.add_space(4.0);
    let stroke = egui::Stroke::new(1.0, ui.visuals().warn_fg_color);
    egui::Frame::group(ui.style())
        .stroke(stroke)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(l.t("binding.title")).strong());
            for line in k.binding.iter().chain(&k.funding) {
                ui.add(egui::Label::new(format!("• {line}")).wrap());
            }
            if let Some(note) = &k.by_construction {
                ui.add(egui::Label::new(RichText::new(note).italics()).wrap());
            }
            if !k.binding_details.is_empty() {
                egui::CollapsingHeader::new(RichText::new(l.t("binding.details")).small())
                    .id_salt("binding_details")
                    .default_open(false)
                    .show(ui, |ui| {
                        for line in &k.binding_details {
                            ui.add(egui::Label::new(RichText::new(line).small()).wrap());
                        }
                    });
            }
        });
}
