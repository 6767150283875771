//! Reminders: subjects expiring after this year's sitting, certification
//! deadlines, registrations due or expiring, continuing-education shortfalls.
//! Clicking one opens the person's card.

use super::TrainerPanel;
use crate::present::i18n::Lang;
use crate::present::roster::reminder_kind_name;

/// Draws the reminder list (virtualised: only visible rows are laid out).
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    let Some(l) = &p.loaded else { return };
    if l.reminders.is_empty() {
        ui.label(lang.t("trainer.no_reminders"));
        return;
    }
    let mut clicked = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt("trainer_reminders")
        .auto_shrink(false)
        .show_rows(ui, row_height, l.reminders.len(), |ui, range| {
            for r in &l.reminders[range] {
                let name = l
                    .roster
                    .people
                    .get(r.person_index)
                    .map_or("", |p| p.name.as_str());
                let text = r.text(lang.into());
                let label = format!(
                    "{}  [{}]  {} {}: {}",
                    r.due,
                    reminder_kind_name(lang, r.kind),
                    r.person_id,
                    name,
                    text
                );
                if ui
                    .selectable_label(p.selected == Some(r.person_index), label)
                    .clicked()
                {
                    clicked = Some(r.person_index);
                }
            }
        });
    if let Some(i) = clicked {
        p.select(i);
    }
}
