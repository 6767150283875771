//! The panels of the workspace, one file each. A panel draws from the
//! document and returns the commands the user gave.

pub mod dashboard;
pub mod levers;
pub mod menu;
pub mod pipeline;
pub mod status;
pub mod townships;
pub mod tree;

use super::document::Selection;
use super::i18n::Lang;
use super::{MonteCarlo, Preferences};
use std::path::PathBuf;

/// What every panel needs to know besides the document.
pub struct Env<'a> {
    /// Interface language.
    pub lang: Lang,
    /// What the views are filtered to.
    pub selection: Selection,
    /// Monte Carlo state.
    pub mc: &'a MonteCarlo,
    /// An undo step exists.
    pub can_undo: bool,
    /// A redo step exists.
    pub can_redo: bool,
    /// Recent files, newest first.
    pub recent: &'a [PathBuf],
    /// UI preferences.
    pub prefs: &'a Preferences,
    /// A file is being read in the background.
    pub loading: bool,
    /// A projection is running or waiting in the background.
    pub computing: bool,
    /// A short note for the status bar (saved, exported).
    pub note: Option<&'a str>,
    /// The background load or projection, if one runs.
    pub background: Option<super::BackgroundView>,
    /// The renderer drawing the window (none in tests).
    pub renderer: Option<&'a super::startup::RendererNote>,
}

/// Renders Markdown text simply: headings, bullet lists, tables and paragraphs.
pub fn markdown(ui: &mut egui::Ui, text: &str) {
    let mut in_code = false;
    for line in text.lines() {
        let trimmed = line.trim_end();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            ui.monospace(trimmed);
        } else if let Some(h) = trimmed.strip_prefix("# ") {
            ui.heading(h);
        } else if let Some(h) = trimmed
            .strip_prefix("## ")
            .or_else(|| trimmed.strip_prefix("### "))
        {
            ui.add_space(6.0);
            ui.strong(h);
        } else if trimmed.starts_with('|') {
            if trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
                continue;
            }
            let cells: Vec<&str> = trimmed
                .trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect();
            ui.label(cells.join("  ·  "));
        } else if let Some(item) = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "))
        {
            ui.label(format!("  • {}", item.replace("**", "").replace('`', "")));
        } else if trimmed.is_empty() {
            ui.add_space(4.0);
        } else {
            ui.label(trimmed.replace("**", "").replace('`', ""));
        }
    }
}
