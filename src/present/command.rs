//! Commands the panels return; the app applies them once per frame.

use super::document::{PlanId, Selection};
use super::i18n::Lang;
use crate::model::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The centre tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    /// Charts and headline numbers.
    #[default]
    Dashboard,
    /// Policy levers.
    Levers,
    /// Stage graph and flows.
    Pipeline,
    /// The townships table.
    Townships,
    /// Trainer and roster views (placeholder).
    Trainer,
}

/// Light, dark or the system's theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Something the user asked for.
#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Replace the scenario with an edited copy. `field` names what changed;
    /// consecutive edits of the same field (a slider drag) form one undo step.
    Edit {
        /// Field path of the edit.
        field: String,
        /// The edited scenario.
        scenario: Box<Scenario>,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Start a new document from the default county.
    New,
    /// Ask for a file and open it.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Save to the document's file (asks for one if new).
    Save,
    /// Ask for a file and save to it.
    SaveAs,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Export results as CSV (asks for a file).
    ExportCsv,
    /// Export results as an Excel workbook (asks for a file).
    ExportXlsx,
    /// Make the county plan report of the plan shown, the other open
    /// plans compared with it (asks for a .docx or .xlsx file).
    ExportReport,
    /// Switch the interface language.
    SetLanguage(Lang),
    /// Switch theme.
    SetTheme(ThemeChoice),
    /// Change the UI scale.
    SetScale(f32),
    /// Filter the views to a node of the scenario tree.
    Select(Selection),
    /// Show a centre tab.
    SetTab(Tab),
    /// Show the field at this path (from a problem in the status bar).
    JumpTo(String),
    /// Start a Monte Carlo run.
    StartMonteCarlo,
    /// Cancel the Monte Carlo run.
    CancelMonteCarlo,
    /// Show the model documentation window.
    ShowModelDoc,
    /// Show the About window.
    ShowAbout,
    /// Close the app (asks if there are unsaved changes).
    Quit,
    /// Stop opening a big file, or reprojecting one, in the background.
    CancelBackground,
    /// Something about the roster, the trainer's document.
    Roster(RosterCommand),
    /// Duplicate the current plan as a new variant (unsaved, no file yet)
    /// and show it.
    SaveAsVariant,
    /// Ask for a scenario file and open it as another plan beside the others.
    OpenBeside,
    /// Open this scenario file as another plan beside the others.
    OpenBesidePath(PathBuf),
    /// Show this plan.
    SwitchPlan(PlanId),
    /// Close this plan (asks if it has unsaved changes; the last plan stays).
    ClosePlan(PlanId),
}

/// What the trainer asked of the roster's file. Like the plan's, these go
/// through the app: it asks for file names, and asks before unsaved changes
/// are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterCommand {
    /// Ask for a roster file and open it.
    Open,
    /// Open this roster file.
    OpenPath(PathBuf),
    /// Show the example roster.
    OpenExample,
    /// Ask for a people or exam-attempts table and preview its import.
    Import,
    /// Preview the import of this table.
    ImportPath(PathBuf),
    /// Save to the roster's file (asks for one if new).
    Save,
    /// Ask for a file and save the roster to it.
    SaveAs,
    /// Save the roster to this file.
    SaveTo(PathBuf),
    /// Ask for a file and export the roster's tables (xlsx or CSV).
    Export {
        /// One workbook (true) or two CSV files.
        xlsx: bool,
    },
}

impl Command {
    /// An edit of `sc`: a copy changed by `f`, named by the field path `field`.
    pub fn edit(sc: &Scenario, field: impl Into<String>, f: impl FnOnce(&mut Scenario)) -> Self {
        let mut s = sc.clone();
        f(&mut s);
        Command::Edit {
            field: field.into(),
            scenario: Box::new(s),
        }
    }
}
