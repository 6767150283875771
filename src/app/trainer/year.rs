//! The year's list: what falls due this year and who may sit which level at
//! the coming sitting (worked out in [`crate::roster::year`]); filters by
//! cohort, township, track and level; overdue items grouped by kind, each
//! and each group dismissible. Clicking an item opens the person's card.
//! Only visible rows are laid out.

use super::TrainerPanel;
use crate::present::i18n::Lang;
use crate::present::roster::{level_name, year_kind_name};
use crate::roster::doc::Level;
use crate::roster::views::ReminderKind;
use crate::roster::year::{Dismissal, YearFilter, YearKind};

/// What the user did in the list this frame.
enum Action {
    Select(usize),
    Dismiss(Vec<Dismissal>),
    Restore,
}

/// One line of the list.
enum Line {
    /// A section heading and its item count; overdue groups carry their
    /// dismissals.
    Heading(String, Option<Vec<Dismissal>>),
    /// An item (index into the year's items) and its dismissal, if overdue.
    Item(usize, Option<Dismissal>),
}

fn filters(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    let Some(l) = &p.loaded else { return };
    let before = p.year_filter.clone();
    let any = lang.t("trainer.any");
    let tracks = p.track_choices(lang);
    let f: &mut YearFilter = &mut p.year_filter;
    ui.horizontal_wrapped(|ui| {
        let lbl = ui.label(lang.t("trainer.cohort"));
        let cohort_text = f
            .cohort
            .as_ref()
            .and_then(|id| l.roster.cohorts.iter().find(|c| c.id == *id))
            .map_or(any, |c| c.name.as_str());
        egui::ComboBox::from_id_salt("year_cohort")
            .selected_text(cohort_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.cohort, None, any);
                for c in &l.roster.cohorts {
                    ui.selectable_value(&mut f.cohort, Some(c.id.clone()), &c.name);
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("trainer.col_township"));
        let town_text = f
            .township
            .as_ref()
            .and_then(|id| l.roster.townships.iter().find(|t| t.id == *id))
            .map_or(any, |t| t.name.as_str());
        egui::ComboBox::from_id_salt("year_township")
            .selected_text(town_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.township, None, any);
                for t in &l.roster.townships {
                    ui.selectable_value(&mut f.township, Some(t.id.clone()), &t.name);
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("trainer.col_track"));
        egui::ComboBox::from_id_salt("year_track")
            .selected_text(super::selected_track(&tracks, f.track.as_ref(), any))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.track, None, any);
                for (id, name) in &tracks {
                    ui.selectable_value(&mut f.track, Some(id.clone()), name);
                }
            })
            .response
            .labelled_by(lbl.id);
        let lbl = ui.label(lang.t("year.col_level"));
        egui::ComboBox::from_id_salt("year_level")
            .selected_text(f.level.map_or(any, |l| level_name(lang, Some(l))))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.level, None, any);
                for l in Level::ALL {
                    ui.selectable_value(&mut f.level, Some(l), level_name(lang, Some(l)));
                }
            })
            .response
            .labelled_by(lbl.id)
            .on_hover_text(lang.t("year.level_tip"));
    });
    if p.year_filter != before {
        p.year_view = None;
    }
}

/// Draws the filters and the list.
pub fn show(p: &mut TrainerPanel, ui: &mut egui::Ui, lang: Lang) {
    filters(p, ui, lang);
    if p.year_view.is_none() {
        p.year_view = Some(p.year_view());
    }
    let (Some(l), Some(view)) = (&p.loaded, &p.year_view) else {
        return;
    };
    let Some(year) = &l.year else { return };
    let mut action = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            lang.t("year.scope")
                .replace("{until}", &year.until.to_string())
                .replace("{year}", &year.sitting_year.to_string()),
        );
        if view.dismissed > 0 {
            ui.separator();
            ui.label(
                lang.t("year.dismissed")
                    .replace("{n}", &view.dismissed.to_string()),
            );
            if ui.button(lang.t("year.restore")).clicked() {
                action = Some(Action::Restore);
            }
        }
    });
    let mut lines = Vec::new();
    lines.push(Line::Heading(
        format!("{} ({})", lang.t("year.upcoming"), view.upcoming.len()),
        None,
    ));
    lines.extend(view.upcoming.iter().map(|&i| Line::Item(i, None)));
    let overdue: usize = view.overdue.iter().map(|g| g.items.len()).sum();
    if overdue > 0 {
        lines.push(Line::Heading(
            format!("{} ({overdue})", lang.t("year.overdue")),
            None,
        ));
    }
    for g in &view.overdue {
        let ds: Vec<Dismissal> = g
            .items
            .iter()
            .filter_map(|&i| year.items[i].dismissal(year.today))
            .collect();
        lines.push(Line::Heading(
            format!(
                "{} ({})",
                year_kind_name(lang, YearKind::Reminder(g.kind)),
                g.items.len()
            ),
            Some(ds),
        ));
        lines.extend(
            g.items
                .iter()
                .map(|&i| Line::Item(i, year.items[i].dismissal(year.today))),
        );
    }
    let town = |id: &str| {
        l.roster
            .townships
            .iter()
            .find(|t| t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.clone())
    };
    let person_text = |i: usize| {
        l.roster
            .people
            .get(i)
            .map(|p| format!("{} {}", p.id, p.name))
            .unwrap_or_default()
    };
    // Column widths measured in the interface's font and language: every
    // item kind and level name, the townships, and the people of the
    // first items listed (longer ones are cut, with the whole on hover).
    let font = egui::TextStyle::Body.resolve(ui.style());
    let measure = |texts: &mut dyn Iterator<Item = String>| {
        ui.fonts_mut(|f| {
            texts
                .map(|t| {
                    f.layout_no_wrap(t, font.clone(), egui::Color32::WHITE)
                        .size()
                        .x
                })
                .fold(0.0_f32, f32::max)
        })
    };
    let gap = ui.spacing().item_spacing.x;
    let dismiss_w = measure(&mut std::iter::once(lang.t("year.dismiss").to_string()))
        + 2.0 * ui.spacing().button_padding.x;
    let date_w = measure(&mut std::iter::once(year.until.to_string()));
    let kind_w = measure(
        &mut [YearKind::MaySit, YearKind::MayNotSit]
            .into_iter()
            .chain(ReminderKind::ALL.into_iter().map(YearKind::Reminder))
            .map(|k| year_kind_name(lang, k).to_string()),
    );
    let level_w = measure(
        &mut Level::ALL
            .into_iter()
            .map(|lv| level_name(lang, Some(lv)).to_string()),
    );
    let mut town_w = measure(&mut l.roster.townships.iter().map(|t| t.name.clone())).min(200.0);
    let person_w = measure(
        &mut view
            .shown()
            .into_iter()
            .take(500)
            .map(|i| person_text(year.items[i].person_index)),
    )
    .min(200.0)
        + 2.0 * ui.spacing().button_padding.x;
    // The detail keeps at least a third of the row: the township column
    // gives way first (cut, whole on hover).
    let fixed = dismiss_w + date_w + kind_w + level_w + person_w + town_w + 7.0 * gap;
    let short = ui.available_width() / 3.0 - (ui.available_width() - fixed);
    if short > 0.0 {
        town_w -= short.min((town_w - 48.0).max(0.0));
    }
    // Still too narrow (a card open, a large zoom): the detail goes on a
    // second line of its own.
    let fixed = dismiss_w + date_w + kind_w + level_w + person_w + town_w + 7.0 * gap;
    let two_lines = ui.available_width() - fixed < ui.available_width() / 4.0;
    let line_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Button))
        + 4.0;
    let row_height = if two_lines {
        2.0 * line_height
    } else {
        line_height
    };
    let cell = |ui: &mut egui::Ui, width: f32, text: &str| {
        ui.allocate_ui_with_layout(
            egui::vec2(width, line_height - 4.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_width(width);
                ui.add(egui::Label::new(text).truncate());
            },
        );
    };
    ui.style_mut().interaction.selectable_labels = false;
    egui::ScrollArea::vertical()
        .id_salt("trainer_year")
        .auto_shrink(false)
        .show_rows(ui, row_height, lines.len(), |ui, range| {
            for line in &lines[range] {
                match line {
                    Line::Heading(text, dismiss) => {
                        ui.horizontal(|ui| {
                            ui.set_min_height(row_height - 4.0);
                            ui.strong(text);
                            if let Some(ds) = dismiss
                                && ui.small_button(lang.t("year.dismiss_group")).clicked()
                            {
                                action = Some(Action::Dismiss(ds.clone()));
                            }
                        });
                    }
                    Line::Item(i, dismissal) => {
                        let it = &year.items[*i];
                        let Some(person) = l.roster.people.get(it.person_index) else {
                            continue;
                        };
                        let detail = it.text(lang.into());
                        ui.vertical(|ui| {
                            ui.set_min_height(row_height - 4.0);
                            ui.horizontal(|ui| {
                                ui.set_min_height(line_height - 4.0);
                                // Overdue rows start with their button.
                                if let Some(d) = dismissal {
                                    let b = egui::Button::new(lang.t("year.dismiss"))
                                        .min_size(egui::vec2(dismiss_w, 0.0));
                                    if ui.add(b).clicked() {
                                        action = Some(Action::Dismiss(vec![d.clone()]));
                                    }
                                }
                                cell(ui, date_w, &it.due.to_string());
                                cell(ui, kind_w, year_kind_name(lang, it.kind));
                                cell(
                                    ui,
                                    level_w,
                                    it.level.map_or("", |lv| level_name(lang, Some(lv))),
                                );
                                let who = person_text(it.person_index);
                                ui.allocate_ui_with_layout(
                                    egui::vec2(person_w, line_height - 4.0),
                                    egui::Layout::left_to_right(egui::Align::Center),
                                    |ui| {
                                        ui.set_width(person_w);
                                        let b = egui::Button::selectable(
                                            p.selected == Some(it.person_index),
                                            who,
                                        )
                                        .truncate();
                                        if ui.add(b).clicked() {
                                            action = Some(Action::Select(it.person_index));
                                        }
                                    },
                                );
                                cell(ui, town_w, &town(&person.township));
                                if !two_lines {
                                    let rest = (ui.available_width() - gap).max(40.0);
                                    cell(ui, rest, detail);
                                }
                            });
                            if two_lines {
                                ui.horizontal(|ui| {
                                    ui.add_space(date_w + gap);
                                    let rest = (ui.available_width() - gap).max(40.0);
                                    cell(ui, rest, detail);
                                });
                            }
                        });
                    }
                }
            }
        });
    match action {
        Some(Action::Select(i)) => p.select(i),
        Some(Action::Dismiss(ds)) => p.dismiss(ds),
        Some(Action::Restore) => p.restore_dismissed(),
        None => {}
    }
}
