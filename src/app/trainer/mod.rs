//! The trainer's workspace: the roster table, a person's card, cohort
//! progress, reminders, roster files (open, save, import, export) and the
//! roster → plan proposals. The roster is its own document, separate from the
//! scenario; changes to the scenario go through the app's commands, so they
//! can be undone.

mod card;
mod dialogs;
mod progress;
mod reminders;
mod table;

use super::command::Command;
use super::document::Document;
use super::panels::Env;
use crate::roster::date::Date;
use crate::roster::doc::{self as rdoc, Roster};
use crate::roster::plan::{PlanStart, RateEstimates};
use crate::roster::rules::{self, RuleConfig};
use crate::roster::table::{FileFormat, ImportPreview};
use crate::roster::views::{self as rviews, Reminder, RosterFilter, RosterTable, SortKey};
use std::path::{Path, PathBuf};

/// The example roster shipped with the app.
pub const EXAMPLE_ROSTER_RON: &str = include_str!("../../../saves/example_roster.ron");

/// A roster with everything derived from it.
struct Loaded {
    roster: Roster,
    path: Option<PathBuf>,
    dirty: bool,
    table: RosterTable,
    reminders: Vec<Reminder>,
}

impl Loaded {
    fn new(roster: Roster, path: Option<PathBuf>, today: Date, cfg: &RuleConfig) -> Self {
        let statuses = rules::roster_statuses(&roster, cfg);
        let table = RosterTable::build(&roster, &statuses);
        let reminders = rviews::reminders(&roster, &statuses, cfg, today);
        Self {
            roster,
            path,
            dirty: false,
            table,
            reminders,
        }
    }
}

/// Which view fills the centre of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Table,
    Progress,
    Reminders,
}

/// A dialog of the workspace waiting for an answer.
enum TrainerDialog {
    Import {
        file_name: String,
        preview: Box<ImportPreview>,
    },
    Estimate {
        estimates: Box<RateEstimates>,
        chosen: Vec<bool>,
    },
    Start(Box<PlanStart>),
}

/// The trainer's workspace.
pub struct TrainerPanel {
    /// The day reminders and estimates refer to (injectable for tests).
    pub today: Date,
    /// Certification rules.
    pub cfg: RuleConfig,
    loaded: Option<Loaded>,
    filter: RosterFilter,
    sort: SortKey,
    descending: bool,
    visible: Vec<usize>,
    query_stale: bool,
    selected: Option<usize>,
    scroll_to_selected: bool,
    view: View,
    cohort: Option<String>,
    funnel: Option<rviews::CohortFunnel>,
    timeline: Option<(usize, Vec<rviews::TimelineEvent>)>,
    dialog: Option<TrainerDialog>,
    anonymise: bool,
    message: Option<String>,
    first_drawn: Option<usize>,
}

impl Default for TrainerPanel {
    fn default() -> Self {
        Self {
            today: system_today(),
            cfg: RuleConfig::default(),
            loaded: None,
            filter: RosterFilter::default(),
            sort: SortKey::Id,
            descending: false,
            visible: Vec::new(),
            query_stale: true,
            selected: None,
            scroll_to_selected: false,
            view: View::Table,
            cohort: None,
            funnel: None,
            timeline: None,
            dialog: None,
            anonymise: false,
            message: None,
            first_drawn: None,
        }
    }
}

/// Today's date from the system clock (UTC).
fn system_today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    i64::try_from(days)
        .ok()
        .and_then(Date::from_day_number)
        .unwrap_or(Date {
            year: 2026,
            month: 1,
            day: 1,
        })
}

impl TrainerPanel {
    /// Shows `roster` (read from `path`, if any), replacing the current one.
    pub fn load_roster(&mut self, roster: Roster, path: Option<PathBuf>) {
        self.loaded = Some(Loaded::new(roster, path, self.today, &self.cfg));
        self.filter = RosterFilter::default();
        self.selected = None;
        self.cohort = self
            .loaded
            .as_ref()
            .and_then(|l| l.roster.cohorts.first().map(|c| c.id.clone()));
        self.invalidate();
    }

    /// Reads a roster RON file and shows it.
    pub fn open_roster(&mut self, path: &Path) -> Result<(), String> {
        let (roster, warnings) = rdoc::load(path).map_err(|e| e.to_string())?;
        self.load_roster(roster, Some(path.to_path_buf()));
        self.message = (!warnings.is_empty()).then(|| warnings.join("; "));
        Ok(())
    }

    /// Shows the example roster.
    pub fn open_example(&mut self) -> Result<(), String> {
        let (roster, _) = rdoc::from_ron_str(EXAMPLE_ROSTER_RON).map_err(|e| e.to_string())?;
        self.load_roster(roster, None);
        Ok(())
    }

    /// Changes "today" and recomputes the reminders.
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
        if let Some(l) = self.loaded.take() {
            let dirty = l.dirty;
            self.loaded = Some(Loaded::new(l.roster, l.path, today, &self.cfg));
            if let Some(l) = self.loaded.as_mut() {
                l.dirty = dirty;
            }
            self.invalidate();
        }
    }

    /// The roster shown, if any.
    #[must_use]
    pub fn roster(&self) -> Option<&Roster> {
        self.loaded.as_ref().map(|l| &l.roster)
    }

    /// True when the roster has changes not yet saved.
    #[must_use]
    pub fn roster_dirty(&self) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.dirty)
    }

    /// Reminders of the shown roster.
    #[must_use]
    pub fn reminders(&self) -> &[Reminder] {
        self.loaded.as_ref().map_or(&[], |l| l.reminders.as_slice())
    }

    /// Id of the person whose card is shown.
    #[must_use]
    pub fn selected_person(&self) -> Option<&str> {
        let l = self.loaded.as_ref()?;
        l.roster.people.get(self.selected?).map(|p| p.id.as_str())
    }

    /// Reads an import file's bytes against the roster and shows the preview;
    /// nothing changes until the preview is applied.
    pub fn preview_import(&mut self, file_name: &str, bytes: &[u8]) {
        let Some(format) = FileFormat::from_name(file_name) else {
            self.message = Some(format!("? {file_name}"));
            return;
        };
        let empty = Roster::default();
        let roster = self.loaded.as_ref().map_or(&empty, |l| &l.roster);
        let preview = crate::roster::table::preview_import(roster, format, bytes);
        self.dialog = Some(TrainerDialog::Import {
            file_name: file_name.to_string(),
            preview: Box::new(preview),
        });
    }

    /// Index (in the filtered, sorted rows) of the first row drawn last frame.
    #[must_use]
    pub fn first_visible_row(&self) -> Option<usize> {
        self.first_drawn
    }

    /// True while an import preview or plan proposal is open.
    #[must_use]
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    fn invalidate(&mut self) {
        self.query_stale = true;
        self.funnel = None;
        self.timeline = None;
    }

    fn select(&mut self, person: usize) {
        self.selected = Some(person);
        self.scroll_to_selected = true;
        self.timeline = None;
    }

    /// Draws the workspace and returns the commands for the scenario.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Vec<Command> {
        let lang = env.lang;
        let mut out = Vec::new();
        self.toolbar(ui, doc, env);
        if let Some(msg) = self.message.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, msg);
                if ui.small_button("×").clicked() {
                    self.message = None;
                }
            });
        }
        ui.separator();
        if self.loaded.is_none() {
            ui.label(lang.t("trainer.no_roster"));
            out.extend(self.dialogs(ui, doc, env));
            return out;
        }
        ui.horizontal(|ui| {
            let n = self.reminders().len();
            for (view, text) in [
                (View::Table, lang.t("trainer.view_table").to_string()),
                (View::Progress, lang.t("trainer.view_progress").to_string()),
                (
                    View::Reminders,
                    format!("{} ({n})", lang.t("trainer.view_reminders")),
                ),
            ] {
                if ui.selectable_label(self.view == view, text).clicked() {
                    self.view = view;
                }
            }
        });
        if self.selected.is_some() {
            egui::Panel::right("trainer_card")
                .resizable(true)
                .default_size(340.0)
                .show(ui, |ui| card::show(self, ui, lang));
        }
        match self.view {
            View::Table => table::show(self, ui, lang),
            View::Progress => progress::show(self, ui, lang),
            View::Reminders => reminders::show(self, ui, lang),
        }
        out.extend(self.dialogs(ui, doc, env));
        out
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) {
        let lang = env.lang;
        ui.horizontal_wrapped(|ui| {
            if ui.button(lang.t("trainer.open")).clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("RON", &["ron"])
                    .pick_file()
                && let Err(e) = self.open_roster(&path)
            {
                self.message = Some(format!("{}: {e}", lang.t("trainer.err_open")));
            }
            if ui.button(lang.t("trainer.open_example")).clicked()
                && let Err(e) = self.open_example()
            {
                self.message = Some(format!("{}: {e}", lang.t("trainer.err_open")));
            }
            let has = self.loaded.is_some();
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.save")))
                .clicked()
            {
                self.save(false, lang);
            }
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.save_as")))
                .clicked()
            {
                self.save(true, lang);
            }
            ui.separator();
            if ui.button(lang.t("trainer.import")).clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("CSV / Excel", &["csv", "xlsx", "xls", "ods"])
                    .pick_file()
            {
                match std::fs::read(&path) {
                    Ok(bytes) => {
                        let name = path
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if self.loaded.is_none() {
                            let sc = &doc.scenario;
                            let roster = Roster::new(&sc.county.name, Roster::townships_of(sc));
                            self.load_roster(roster, None);
                        }
                        self.preview_import(&name, &bytes);
                    }
                    Err(e) => {
                        self.message = Some(format!(
                            "{}: {e}: {}",
                            lang.t("trainer.err_open"),
                            path.display()
                        ));
                    }
                }
            }
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.export_csv")))
                .clicked()
            {
                self.export(false, lang);
            }
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.export_xlsx")))
                .clicked()
            {
                self.export(true, lang);
            }
            ui.checkbox(&mut self.anonymise, lang.t("trainer.anonymise"));
            ui.separator();
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.start_plan")))
                .clicked()
            {
                self.propose_start(doc, lang);
            }
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.estimate")))
                .clicked()
            {
                self.propose_estimates(doc);
            }
            ui.separator();
            ui.label(format!("{} {}", lang.t("trainer.today"), self.today));
        });
    }

    /// Opens the "start the plan from this roster" proposal.
    pub fn propose_start(&mut self, doc: &Document, lang: super::i18n::Lang) {
        let Some(l) = &self.loaded else { return };
        match crate::roster::plan::start_from_roster(&l.roster, &doc.scenario, &self.cfg) {
            Ok(start) => self.dialog = Some(TrainerDialog::Start(Box::new(start))),
            Err(e) => self.message = Some(format!("{}: {e}", lang.t("trainer.err_plan"))),
        }
    }

    /// Opens the "estimate rates from the roster" proposal.
    pub fn propose_estimates(&mut self, doc: &Document) {
        let Some(l) = &self.loaded else { return };
        let estimates = crate::roster::plan::estimate_rates(
            &l.roster,
            &doc.scenario,
            &self.cfg,
            self.today,
            &crate::roster::plan::DEFAULT_BANDS_MONTHS,
        );
        let chosen = vec![true; estimates.changes.len()];
        self.dialog = Some(TrainerDialog::Estimate {
            estimates: Box::new(estimates),
            chosen,
        });
    }

    fn save(&mut self, ask: bool, lang: super::i18n::Lang) {
        let Some(l) = self.loaded.as_mut() else {
            return;
        };
        let path = match (&l.path, ask) {
            (Some(p), false) => Some(p.clone()),
            _ => rfd::FileDialog::new()
                .add_filter("RON", &["ron"])
                .set_file_name("roster.ron")
                .save_file(),
        };
        let Some(path) = path else { return };
        match rdoc::save(&l.roster, &path) {
            Ok(()) => {
                l.path = Some(path.clone());
                l.dirty = false;
                self.message = Some(format!("{} {}", lang.t("status.saved"), path.display()));
            }
            Err(e) => {
                self.message = Some(format!(
                    "{}: {e}: {}",
                    lang.t("err.save_title"),
                    path.display()
                ));
            }
        }
    }

    fn export(&mut self, xlsx: bool, lang: super::i18n::Lang) {
        let Some(l) = &self.loaded else { return };
        let ext = if xlsx { "xlsx" } else { "csv" };
        let Some(path) = rfd::FileDialog::new()
            .add_filter(ext, &[ext])
            .set_file_name(format!("roster.{ext}"))
            .save_file()
        else {
            return;
        };
        match export_roster(&l.roster, &path, xlsx, self.anonymise) {
            Ok(written) => {
                self.message = Some(format!("{} {}", lang.t("status.exported"), written));
            }
            Err(e) => {
                self.message = Some(format!(
                    "{}: {e}: {}",
                    lang.t("err.export_title"),
                    path.display()
                ));
            }
        }
    }
}

/// Writes the roster's people and attempts: one workbook with two sheets, or
/// two CSV files (`NAME.csv` and `NAME_attempts.csv`). Returns what was written.
pub fn export_roster(
    roster: &Roster,
    path: &Path,
    xlsx: bool,
    anonymise: bool,
) -> anyhow::Result<String> {
    use crate::roster::table::{
        ExportOptions, attempts_table, csv_bytes, people_table, xlsx_bytes,
    };
    let opts = ExportOptions { anonymise };
    let people = people_table(roster, opts);
    let attempts = attempts_table(roster, opts);
    if xlsx {
        std::fs::write(
            path,
            xlsx_bytes(&[("people", people), ("attempts", attempts)])?,
        )?;
        Ok(path.display().to_string())
    } else {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "roster".into());
        let second = path.with_file_name(format!("{stem}_attempts.csv"));
        std::fs::write(path, csv_bytes(&people)?)?;
        std::fs::write(&second, csv_bytes(&attempts)?)?;
        Ok(format!("{}, {}", path.display(), second.display()))
    }
}
