//! The panels of the workspace, one file each. A panel draws from the
//! document and returns the commands the user gave. Panels never reach into
//! the app: what they need besides the document comes in the [`Env`], and
//! every row, label and text from the presentation layer ([`crate::present`]).

pub mod analysis;
pub mod compare;
pub mod dashboard;
pub mod key_results;
pub mod levers;
pub mod menu;
pub mod pipeline;
pub mod plans;
pub mod seek;
pub mod sensitivity;
pub mod status;
pub mod swot;
pub mod townships;
pub mod tree;

use crate::present::command::{Tab, ThemeChoice};
use crate::present::document::{PlanEntry, Selection};
use crate::present::i18n::Lang;
use crate::present::views::McSummary;
use std::path::PathBuf;

/// What every panel needs to know besides the document.
pub struct Env<'a> {
    /// Interface language.
    pub lang: Lang,
    /// What the views are filtered to.
    pub selection: Selection,
    /// The centre tab shown.
    pub tab: Tab,
    /// The theme chosen.
    pub theme: ThemeChoice,
    /// The UI scale chosen.
    pub scale: f32,
    /// Monte Carlo of the plan shown.
    pub mc: McView<'a>,
    /// An undo step exists.
    pub can_undo: bool,
    /// A redo step exists.
    pub can_redo: bool,
    /// Recent files, newest first.
    pub recent: &'a [PathBuf],
    /// The plans open, the base first.
    pub plans: &'a [PlanEntry],
    /// A file is being read in the background.
    pub loading: bool,
    /// A projection is running or waiting in the background.
    pub computing: bool,
    /// A short note for the status bar (saved, exported).
    pub note: Option<&'a str>,
    /// The background load or projection, if one runs.
    pub background: Option<BackgroundView>,
    /// The renderer drawing the window (none in tests).
    pub renderer: Option<&'a crate::present::renderer::RendererNote>,
}

/// Monte Carlo as the panels see it.
#[derive(Debug, Clone, Copy, Default)]
pub struct McView<'a> {
    /// Bands and odds of the last run (complete, partial or cancelled).
    pub summary: Option<&'a McSummary>,
    /// True when the scenario changed since the summary was computed.
    pub stale: bool,
    /// Share of a running job done, in `[0, 1]`.
    pub progress: Option<f32>,
    /// Bands of process noise alone (the assumptions held at the file's values).
    pub process_only: bool,
}

/// What the status bar shows of the plan's background job.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackgroundView {
    /// Glossary key of what it is doing (reading, parsing, checking, projecting).
    pub phase: &'static str,
    /// Share of the phase done, if known.
    pub fraction: Option<f32>,
    /// Seconds since it started.
    pub elapsed_secs: f64,
    /// True while a file is being opened (false: reprojecting the open one).
    pub loading: bool,
}

#[cfg(test)]
mod tests {
    /// The panels, and the trainer's views, import nothing of the app but
    /// the panel-level types (the environment).
    #[test]
    fn panels_do_not_import_the_app() {
        let app = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
        let mut files: Vec<_> = std::fs::read_dir(app.join("panels"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        for view in ["card", "dialogs", "exam_plan", "progress", "table", "year"] {
            files.push(app.join("trainer").join(format!("{view}.rs")));
        }
        assert!(files.len() > 10);
        // Written in pieces so this test does not find itself.
        let (app_path, panels_path, up_two) = (
            concat!("crate::", "app::"),
            concat!("crate::", "app::panels::"),
            concat!("super::", "super"),
        );
        let mut found = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (n, line) in text.lines().enumerate() {
                let reaches_app = line.contains(app_path) && !line.contains(panels_path);
                if reaches_app || line.contains(up_two) {
                    found.push(format!("{}:{}: {line}", f.display(), n + 1));
                }
            }
        }
        assert!(found.is_empty(), "panels reach into the app: {found:#?}");
    }
}
