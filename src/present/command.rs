//! Commands the panels return; the app applies them once per frame.

use super::document::{PlanId, Selection};
use super::i18n::Lang;
use crate::model::analysis::Evaluation;
use crate::model::analysis::compare::CompareOptions;
use crate::model::analysis::seek::{OptimiseOptions, SeekOptions};
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
    /// Plans side by side.
    Compare,
    /// What matters most (the tornado).
    Sensitivity,
    /// The SWOT board.
    Swot,
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
    /// Monte Carlo bands of process noise alone (`true`), or also of the
    /// scenario's uncertain assumptions (`false`); reruns the bands.
    SetProcessOnly(bool),
    /// Show the user guide in the Help window.
    ShowGuide,
    /// Show the model specification in the Help window.
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
    /// Something of the decision views (compare, what matters most, the
    /// least that works, the SWOT board).
    Decide(DecisionCommand),
}

/// Which analysis of the decision views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisKind {
    /// Plans side by side.
    Compare,
    /// What matters most.
    Sensitivity,
    /// Goal seek or the cheapest mix.
    Seek,
}

/// What the decision views asked for. The analyses run as background jobs
/// of the app; their results come back to the views.
#[derive(Debug, Clone, PartialEq)]
pub enum DecisionCommand {
    /// Compare these plans (the first is the base) under these options.
    Compare {
        /// The plans, the base first.
        plans: Vec<PlanId>,
        /// Deterministic or paired Monte Carlo, the year of the cost figures.
        options: CompareOptions,
    },
    /// Run the tornado of the plan shown.
    Sensitivity {
        /// Calendar year of the outputs (default: 2030 or the last year).
        year: Option<i32>,
        /// Deterministic or paired Monte Carlo.
        eval: Evaluation,
    },
    /// Seek the least value of a lever that meets a goal, on the plan shown.
    Seek(SeekOptions),
    /// Seek the cheapest mix of levers that meets every goal, on the plan shown.
    Optimise(OptimiseOptions),
    /// Stop an analysis.
    Cancel(AnalysisKind),
    /// Ask for a file and export the comparison's table (xlsx or CSV).
    ExportComparison {
        /// A workbook (true) or a CSV file.
        xlsx: bool,
    },
    /// Ask for a file and write the screen area of a chart as a PNG image.
    ExportChart {
        /// The file name proposed (without extension).
        name: String,
        /// The chart's area on screen, in points: left, top, right, bottom.
        rect: [f32; 4],
    },
    /// Show the levers tab at this lever (a field path).
    OpenLever(String),
    /// Open or close the goal-seek dialog.
    ToggleSeek,
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

    /// Whether the command may ask for a file name (a file dialog).
    #[must_use]
    pub fn asks_for_file(&self) -> bool {
        match self {
            Command::Open
            | Command::Save
            | Command::SaveAs
            | Command::OpenBeside
            | Command::ExportCsv
            | Command::ExportXlsx
            | Command::ExportReport => true,
            Command::Roster(r) => matches!(
                r,
                RosterCommand::Open
                    | RosterCommand::Import
                    | RosterCommand::Save
                    | RosterCommand::SaveAs
                    | RosterCommand::Export { .. }
            ),
            Command::Decide(d) => matches!(
                d,
                DecisionCommand::ExportComparison { .. } | DecisionCommand::ExportChart { .. }
            ),
            _ => false,
        }
    }
}
