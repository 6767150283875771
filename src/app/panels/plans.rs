//! The plan list: the plans open (the base first, unsaved ones marked with
//! ●), switching between them, closing one, "save as variant" and opening a
//! scenario file beside the others.

use super::Env;
use crate::present::command::Command;

/// The plan list, drawn as one row above the tabs.
#[derive(Debug, Default)]
pub struct PlansBar;

impl PlansBar {
    /// Draws the list and returns the command chosen.
    pub fn ui(&mut self, ui: &mut egui::Ui, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let mut out = None;
        ui.horizontal_wrapped(|ui| {
            ui.label(l.t("plans.title"));
            for p in env.plans {
                let mut text = p.label.clone();
                if p.base {
                    text = format!("{text} ({})", l.t("plans.base"));
                }
                if p.dirty {
                    text = format!("● {text}");
                }
                if ui.selectable_label(p.current, text).clicked() && !p.current {
                    out = Some(Command::SwitchPlan(p.id));
                }
                if env.plans.len() > 1
                    && ui
                        .small_button("×")
                        .on_hover_text(l.t("plans.close"))
                        .clicked()
                {
                    out = Some(Command::ClosePlan(p.id));
                }
            }
            ui.separator();
            if ui.small_button(l.t("plans.save_as_variant")).clicked() {
                out = Some(Command::SaveAsVariant);
            }
            if ui.small_button(l.t("plans.open_beside")).clicked() {
                out = Some(Command::OpenBeside);
            }
        });
        out
    }
}
