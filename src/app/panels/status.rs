//! The status bar: validation problems (click to jump to the field), time of
//! the last recompute, background work and Monte Carlo progress with Cancel.

use super::Env;
use crate::present::command::Command;
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::renderer::RendererNote;

/// The renderer drawing the window; the adapter and the renderers that
/// failed before it in the tooltip.
fn renderer_label(ui: &mut egui::Ui, note: &RendererNote, l: Lang) {
    let text = format!("{}{}", l.t("status.renderer"), note.label);
    let text = if note.failed.is_empty() {
        egui::RichText::new(text).weak()
    } else {
        egui::RichText::new(text).color(ui.visuals().warn_fg_color)
    };
    let mut tip = Vec::new();
    if let Some(adapter) = &note.adapter {
        tip.push(format!("{}: {adapter}", l.t("status.renderer_adapter")));
    }
    for (name, message) in &note.failed {
        tip.push(format!(
            "{} {name}: {message}",
            l.t("status.renderer_failed")
        ));
    }
    let response = ui.label(text);
    if !tip.is_empty() {
        response.on_hover_text(tip.join("\n"));
    }
}

/// The status bar.
#[derive(Debug, Default)]
pub struct StatusBar;

impl StatusBar {
    /// Draws the bar and returns the chosen command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let mut out = None;
        ui.horizontal(|ui| {
            let errors = doc.problems.iter().filter(|p| p.error).count();
            let warnings = doc.problems.len() - errors;
            if doc.problems.is_empty() {
                ui.label(l.t("status.no_problems"));
            } else {
                let text = format!(
                    "{} {errors} · {} {warnings}",
                    l.t("status.errors"),
                    l.t("status.warnings")
                );
                let color = if errors > 0 {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().warn_fg_color
                };
                ui.menu_button(egui::RichText::new(text).color(color), |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(400.0)
                        .show(ui, |ui| {
                            for p in &doc.problems {
                                let text = p.line(l);
                                let text = if p.error {
                                    egui::RichText::new(text).color(ui.visuals().error_fg_color)
                                } else {
                                    egui::RichText::new(text)
                                };
                                let button = ui.button(text);
                                // The field's path in the file, as the detail.
                                let button = if p.path.is_empty() {
                                    button
                                } else {
                                    button.on_hover_text(&p.path)
                                };
                                if button.clicked() {
                                    out = Some(Command::JumpTo(p.path.clone()));
                                    ui.close();
                                }
                            }
                        });
                });
            }
            ui.separator();
            if let Some(bg) = env.background {
                ui.spinner();
                let what = if bg.loading {
                    l.t("status.loading")
                } else {
                    l.t("status.computing")
                };
                ui.label(format!("{what} {}", l.t(bg.phase)));
                if let Some(f) = bg.fraction {
                    ui.add(
                        egui::ProgressBar::new(f)
                            .desired_width(100.0)
                            .show_percentage(),
                    );
                }
                ui.label(format!("{:.0} s", bg.elapsed_secs));
                let stop = if bg.loading {
                    l.t("bg.cancel_open")
                } else {
                    l.t("bg.cancel_compute")
                };
                if ui.button(stop).clicked() {
                    out = Some(Command::CancelBackground);
                }
            } else if env.loading {
                ui.spinner();
                ui.label(l.t("status.loading"));
            } else if env.computing {
                ui.spinner();
                ui.label(l.t("status.computing"));
            } else {
                ui.label(format!(
                    "{} {:.1} ms",
                    l.t("status.recomputed"),
                    doc.last_compute_ms
                ));
            }
            ui.separator();
            if let Some(p) = env.mc.progress {
                ui.label(l.t("status.mc"));
                ui.add(
                    egui::ProgressBar::new(p)
                        .desired_width(120.0)
                        .show_percentage(),
                );
                if ui.button(l.t("status.cancel")).clicked() {
                    out = Some(Command::CancelMonteCarlo);
                }
            } else if env.mc.stale {
                ui.label(l.t("dash.mc_stale"));
            }
            if let Some(note) = env.note {
                ui.separator();
                ui.label(note);
            }
            if let Some(renderer) = env.renderer {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    renderer_label(ui, renderer, l);
                });
            }
        });
        out
    }
}
