//! The menu bar: File, Edit, View, Language, Help.

use super::Env;
use crate::present::command::{Command, ThemeChoice};
use crate::present::document::Document;
use crate::present::i18n::Lang;

/// The menu bar.
#[derive(Debug, Default)]
pub struct MenuBar;

impl MenuBar {
    /// Draws the menus and returns the chosen command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let mut out = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(l.t("menu.file"), |ui| {
                if ui.button(l.t("menu.new")).clicked() {
                    out = Some(Command::New);
                }
                if ui.button(l.t("menu.open")).clicked() {
                    out = Some(Command::Open);
                }
                ui.menu_button(l.t("menu.open_recent"), |ui| {
                    if env.recent.is_empty() {
                        ui.label(l.t("menu.no_recent"));
                    }
                    for p in env.recent {
                        let name = p.file_name().map_or_else(
                            || p.display().to_string(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        if ui
                            .button(name)
                            .on_hover_text(p.display().to_string())
                            .clicked()
                        {
                            out = Some(Command::OpenPath(p.clone()));
                        }
                    }
                });
                if ui.button(l.t("plans.open_beside")).clicked() {
                    out = Some(Command::OpenBeside);
                }
                ui.separator();
                if ui.button(l.t("menu.save")).clicked() {
                    out = Some(Command::Save);
                }
                if ui.button(l.t("menu.save_as")).clicked() {
                    out = Some(Command::SaveAs);
                }
                if ui.button(l.t("plans.save_as_variant")).clicked() {
                    out = Some(Command::SaveAsVariant);
                }
                ui.separator();
                let has_results = doc.results.is_some();
                if ui
                    .add_enabled(has_results, egui::Button::new(l.t("menu.export_csv")))
                    .clicked()
                {
                    out = Some(Command::ExportCsv);
                }
                if ui
                    .add_enabled(has_results, egui::Button::new(l.t("menu.export_xlsx")))
                    .clicked()
                {
                    out = Some(Command::ExportXlsx);
                }
                if ui
                    .add_enabled(has_results, egui::Button::new(l.t("menu.export_report")))
                    .clicked()
                {
                    out = Some(Command::ExportReport);
                }
                ui.separator();
                if ui.button(l.t("menu.quit")).clicked() {
                    out = Some(Command::Quit);
                }
            });
            ui.menu_button(l.t("menu.edit"), |ui| {
                if ui
                    .add_enabled(
                        env.can_undo,
                        egui::Button::new(l.t("menu.undo")).shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    out = Some(Command::Undo);
                }
                if ui
                    .add_enabled(
                        env.can_redo,
                        egui::Button::new(l.t("menu.redo")).shortcut_text("Ctrl+Y"),
                    )
                    .clicked()
                {
                    out = Some(Command::Redo);
                }
            });
            ui.menu_button(l.t("menu.view"), |ui| {
                for (t, key) in [
                    (ThemeChoice::System, "menu.theme_system"),
                    (ThemeChoice::Light, "menu.theme_light"),
                    (ThemeChoice::Dark, "menu.theme_dark"),
                ] {
                    if ui.radio(env.theme == t, l.t(key)).clicked() {
                        out = Some(Command::SetTheme(t));
                    }
                }
                ui.separator();
                ui.label(l.t("menu.scale"));
                for s in [0.8_f32, 1.0, 1.25, 1.5, 2.0] {
                    let label = format!("{:.0}%", s * 100.0);
                    if ui.radio((env.scale - s).abs() < 0.01, label).clicked() {
                        out = Some(Command::SetScale(s));
                    }
                }
            });
            ui.menu_button(l.t("menu.language"), |ui| {
                if ui.radio(l == Lang::Zh, "中文").clicked() {
                    out = Some(Command::SetLanguage(Lang::Zh));
                }
                if ui.radio(l == Lang::En, "English").clicked() {
                    out = Some(Command::SetLanguage(Lang::En));
                }
            });
            ui.menu_button(l.t("menu.help"), |ui| {
                if ui.button(l.t("menu.guide")).clicked() {
                    out = Some(Command::ShowGuide);
                }
                if ui.button(l.t("menu.model_doc")).clicked() {
                    out = Some(Command::ShowModelDoc);
                }
                if ui.button(l.t("menu.about")).clicked() {
                    out = Some(Command::ShowAbout);
                }
            });
            // Quick language switch, always visible.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let other = match l {
                    Lang::Zh => ("English", Lang::En),
                    Lang::En => ("中文", Lang::Zh),
                };
                if ui.button(other.0).clicked() {
                    out = Some(Command::SetLanguage(other.1));
                }
            });
        });
        out
    }
}
