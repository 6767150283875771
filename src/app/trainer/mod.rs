//! The trainer's workspace: the roster table, a person's card, cohort
//! progress, the year's list, and the roster → plan proposals. The roster is a
//! document beside the plan, with its own file and unsaved flag: its file
//! commands (open, import, save, export) go back to the app as
//! [`Command::Roster`], which asks for file names through the same dialogs
//! as the plan's and asks about unsaved changes in the same prompt. Changes
//! to the scenario go through the app's commands too, so they can be undone.

mod card;
mod dialogs;
mod exam_plan;
mod jobs;
mod progress;
mod table;
mod year;

use super::background::drop_later;
use super::panels::Env;
use crate::model::scenario::Track;
use crate::present::command::{Command, RosterCommand};
use crate::present::document::Document;
use crate::present::i18n::Lang;
use crate::present::roster::{Comparison, Notice};
use crate::roster::date::Date;
use crate::roster::doc::{self as rdoc, Roster, TrackId};
use crate::roster::plan::{PlanStart, RateEstimates};
use crate::roster::rules::{self, RuleConfig};
use crate::roster::table::{FileFormat, ImportPreview};
use crate::roster::views::{self as rviews, RosterFilter, RosterTable, SortKey};
use crate::roster::year::{Dismissal, YearFilter, YearItems, YearView, year_items};
pub use jobs::{JobKind, Step};
use jobs::{Outcome, RosterJob};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rosters up to this many people are re-derived in the frame (a few
/// milliseconds); larger ones on a background thread.
const IN_FRAME_PEOPLE: usize = 5_000;

/// The example roster shipped with the app.
pub const EXAMPLE_ROSTER_RON: &str = include_str!("../../../saves/example_roster.ron");

/// A roster with everything derived from it.
pub struct Loaded {
    roster: Arc<Roster>,
    path: Option<PathBuf>,
    dirty: bool,
    table: RosterTable,
    /// The year's list: deadlines, sitting verdicts, registrations.
    year: Option<YearItems>,
    /// Each person's certification state, in roster order.
    statuses: Vec<rules::CertStatus>,
    /// Rows of the unfiltered table sorted by id, worked out with the rest
    /// so the frame that shows a new roster need not sort 100,000 rows.
    first_order: Vec<usize>,
    /// The tracks people of the roster are on, by id.
    track_ids: Vec<TrackId>,
}

impl Loaded {
    fn new(roster: Roster, path: Option<PathBuf>, today: Date, cfg: &RuleConfig) -> Self {
        Self::build(Arc::new(roster), path, today, cfg, |_| true).unwrap_or_else(|| Self {
            roster: Arc::new(Roster::default()),
            path: None,
            dirty: false,
            table: RosterTable::default(),
            year: None,
            statuses: Vec::new(),
            first_order: Vec::new(),
            track_ids: Vec::new(),
        })
    }

    /// Derives statuses, rows and the year's list; `enter` is told each step and
    /// returns false to stop (then the result is `None`).
    fn build(
        roster: Arc<Roster>,
        path: Option<PathBuf>,
        today: Date,
        cfg: &RuleConfig,
        mut enter: impl FnMut(Step) -> bool,
    ) -> Option<Self> {
        if !enter(Step::Statuses) {
            return None;
        }
        let statuses = rules::roster_statuses(&roster, cfg);
        if !enter(Step::Table) {
            return None;
        }
        let mut table = RosterTable::build(&roster, &statuses);
        table.judge_next_level(&roster, &statuses, today.year, cfg);
        table.judge_deadlines(&roster, &statuses, today, cfg);
        if !enter(Step::Reminders) {
            return None;
        }
        let year = Some(year_items(&roster, &statuses, cfg, today));
        let first_order = table.query(&RosterFilter::default(), SortKey::Id, false);
        let track_ids = roster
            .people
            .iter()
            .map(|p| &p.track)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .cloned()
            .collect();
        Some(Self {
            roster,
            path,
            dirty: false,
            table,
            year,
            statuses,
            first_order,
            track_ids,
        })
    }
}

/// Which view fills the centre of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Table,
    Progress,
    ExamPlan,
    Year,
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
    /// Filter of the year's list.
    year_filter: YearFilter,
    /// What the year's list shows for its filter (`None`: to be worked out).
    year_view: Option<YearView>,
    funnel: Option<rviews::CohortFunnel>,
    /// The chosen cohort's exam plan (`None`: to be worked out).
    exam_plan: Option<crate::roster::exam_plan::ExamPlan>,
    timeline: Option<crate::present::roster::CardData>,
    dialog: Option<TrainerDialog>,
    anonymise: bool,
    /// Export internal codes in the import's columns (for re-import)
    /// rather than names in the interface language.
    export_codes: bool,
    message: Option<String>,
    first_drawn: Option<usize>,
    job: Option<RosterJob>,
    comparison: Option<Comparison>,
    pending_person: Option<String>,
    /// Load warnings and errors kept in a language-neutral form, so the
    /// message follows a language switch.
    notice: Option<Notice>,
    /// The scenario's tracks, for their names (followed each frame; empty
    /// until a scenario is seen, when tracks show by id).
    tracks: Vec<Track>,
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
            year_filter: YearFilter::default(),
            year_view: None,
            funnel: None,
            exam_plan: None,
            timeline: None,
            dialog: None,
            anonymise: false,
            export_codes: false,
            message: None,
            first_drawn: None,
            job: None,
            comparison: None,
            pending_person: None,
            notice: None,
            tracks: Vec::new(),
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
        self.show_loaded(Loaded::new(roster, path, self.today, &self.cfg));
    }

    /// Swaps in a roster built elsewhere (in the frame or by a job).
    fn show_loaded(&mut self, mut loaded: Loaded) {
        let order = std::mem::take(&mut loaded.first_order);
        if let Some(old) = self.loaded.replace(loaded) {
            drop_later(old);
        }
        self.filter = RosterFilter::default();
        self.year_filter = YearFilter::default();
        self.selected = None;
        self.cohort = self
            .loaded
            .as_ref()
            .and_then(|l| l.roster.cohorts.first().map(|c| c.id.clone()));
        self.invalidate();
        // A new roster starts unfiltered, by id: the order is ready.
        self.sort = SortKey::Id;
        self.descending = false;
        self.visible = order;
        self.query_stale = false;
    }

    /// Reads a roster RON file and shows it, in the frame (for tests and
    /// small files; the toolbar uses [`TrainerPanel::start_open`]).
    pub fn open_roster(&mut self, path: &Path) -> Result<(), rdoc::RosterError> {
        let (roster, warnings) = rdoc::load(path)?;
        self.load_roster(roster, Some(path.to_path_buf()));
        self.notice = (!warnings.is_empty()).then_some(Notice::Warnings(warnings));
        Ok(())
    }

    /// Shows the example roster.
    pub fn open_example(&mut self) -> Result<(), rdoc::RosterError> {
        let (roster, _) = rdoc::from_ron_str(EXAMPLE_ROSTER_RON)?;
        self.load_roster(roster, None);
        Ok(())
    }

    /// Starts opening a roster file on a background thread; the roster shown
    /// stays until the new one is ready. `ctx` is woken when it is.
    pub fn start_open(&mut self, path: PathBuf, ctx: Option<egui::Context>) {
        let cfg = self.cfg.clone();
        match RosterJob::open(path.clone(), self.today, cfg, ctx) {
            Ok(job) => self.job = Some(job),
            // No thread to be had: open in the frame rather than not at all.
            Err(_) => {
                if let Err(e) = self.open_roster(&path) {
                    self.notice = Some(Notice::OpenFailed(path, e));
                }
            }
        }
    }

    /// Starts reading an import file on a background thread; its preview
    /// opens when ready. Without a roster, an empty one of the scenario's
    /// townships receives the import.
    pub fn start_import(&mut self, path: PathBuf, doc: &Document, ctx: Option<egui::Context>) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(format) = FileFormat::from_name(&name) else {
            self.notice = Some(Notice::UnknownFormat(name));
            return;
        };
        if self.loaded.is_none() {
            let sc = &doc.scenario;
            self.load_roster(Roster::new(&sc.county.name, Roster::townships_of(sc)), None);
        }
        let roster = self
            .loaded
            .as_ref()
            .map_or_else(|| Arc::new(Roster::default()), |l| Arc::clone(&l.roster));
        let tracks = doc.scenario.tracks.clone();
        match RosterJob::import(path.clone(), format, roster, tracks, ctx) {
            Ok(job) => self.job = Some(job),
            Err(_) => match std::fs::read(&path) {
                Ok(bytes) => self.preview_import(doc, &name, &bytes),
                Err(e) => self.notice = Some(Notice::ReadFailed(path, e)),
            },
        }
    }

    /// The job running in the background, if any: what it does and its step.
    #[must_use]
    pub fn job(&self) -> Option<(JobKind, Step)> {
        self.job.as_ref().map(|j| (j.kind, j.step()))
    }

    /// Cancels the background job; the roster shown stays.
    pub fn cancel_job(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel();
        }
    }

    /// Takes the result of a finished job and shows it.
    pub fn poll_job(&mut self) {
        let Some(out) = self.job.as_ref().and_then(RosterJob::poll) else {
            return;
        };
        self.job = None;
        match out {
            Outcome::Opened { loaded, warnings } => {
                self.show_loaded(*loaded);
                self.notice = (!warnings.is_empty()).then_some(Notice::Warnings(warnings));
                self.select_pending();
            }
            Outcome::Previewed { file_name, preview } => {
                self.dialog = Some(TrainerDialog::Import { file_name, preview });
            }
            Outcome::Applied(loaded) => {
                self.show_loaded(*loaded);
                self.notice = None;
            }
            Outcome::Rebuilt(loaded) => {
                // Same people, new statuses: keep the filter, selection and view.
                if let Some(old) = self.loaded.replace(*loaded) {
                    drop_later(old);
                }
                self.invalidate();
            }
            Outcome::OpenFailed(path, e) => self.notice = Some(Notice::OpenFailed(path, e)),
            Outcome::ReadFailed(path, e) => self.notice = Some(Notice::ReadFailed(path, e)),
            Outcome::ApplyFailed(e) => self.notice = Some(Notice::ApplyFailed(e)),
            Outcome::Saved { roster, path } => {
                // Clean only if the roster shown is the one written.
                if let Some(l) = self.loaded.as_mut()
                    && Arc::ptr_eq(&l.roster, &roster)
                {
                    l.path = Some(path.clone());
                    l.dirty = false;
                }
                self.notice = Some(Notice::Saved(path));
            }
            Outcome::SaveFailed(path, e) => self.notice = Some(Notice::SaveFailed(path, e)),
            Outcome::Exported(files) => self.notice = Some(Notice::Exported(files)),
            Outcome::ExportFailed(path, e) => self.notice = Some(Notice::ExportFailed(path, e)),
            Outcome::PlanStart(start) => self.show_plan_start(start),
            Outcome::Estimates(estimates) => self.show_estimates(estimates),
            Outcome::Compared(c) => self.comparison = Some(*c),
            Outcome::Cancelled => {}
        }
    }

    /// Drops the roster's unsaved changes (the unsaved-changes prompt's
    /// "Don't save"): the roster shown stays, marked clean.
    pub fn discard_changes(&mut self) {
        if let Some(l) = self.loaded.as_mut() {
            l.dirty = false;
        }
    }

    /// The file the roster was opened from or saved to.
    #[must_use]
    pub fn roster_path(&self) -> Option<&Path> {
        self.loaded.as_ref().and_then(|l| l.path.as_deref())
    }

    /// Applies the startup settings of the environment (documented in the
    /// README): `TALENT_PLANNER_ROSTER` opens a roster file (`example` for
    /// the example), `TALENT_PLANNER_TRAINER_VIEW` picks `table`, `progress`,
    /// `exam_plan` or `year` (`reminders` also opens the year's list), `TALENT_PLANNER_PERSON` opens a person's card once the
    /// roster is shown. Returns true when a roster was asked for.
    pub fn startup_from_env(&mut self) -> bool {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        self.view = match var("TALENT_PLANNER_TRAINER_VIEW").as_deref().map(str::trim) {
            Some("progress") => View::Progress,
            Some("exam_plan") => View::ExamPlan,
            Some("year" | "reminders") => View::Year,
            _ => View::Table,
        };
        self.pending_person = var("TALENT_PLANNER_PERSON");
        let Some(roster) = var("TALENT_PLANNER_ROSTER") else {
            return false;
        };
        if roster.trim() == "example" {
            if let Err(e) = self.open_example() {
                self.message = Some(e.to_string());
            }
            self.select_pending();
        } else {
            self.start_open(PathBuf::from(roster), None);
        }
        true
    }

    /// Opens the card of the person asked for at startup, once they are shown.
    fn select_pending(&mut self) {
        let Some(id) = self.pending_person.take() else {
            return;
        };
        if let Some(i) = self
            .loaded
            .as_ref()
            .and_then(|l| l.roster.person_index(&id))
        {
            self.select(i);
        }
    }

    /// Takes the scenario's tracks for their names in the views and exports.
    pub fn follow_scenario_tracks(&mut self, doc: &Document) {
        if self.tracks != doc.scenario.tracks {
            self.tracks.clone_from(&doc.scenario.tracks);
        }
    }

    /// The tracks a filter offers, with their names in `lang`: the
    /// scenario's, in its order, then any other track of the roster's
    /// people (by id).
    fn track_choices(&self, lang: Lang) -> Vec<(TrackId, String)> {
        let mut out: Vec<(TrackId, String)> = self
            .tracks
            .iter()
            .map(|t| {
                (
                    TrackId::new(t.id.as_str()),
                    lang.name(&t.name, &t.name_en).to_string(),
                )
            })
            .collect();
        for id in self.loaded.iter().flat_map(|l| &l.track_ids) {
            if !self.tracks.iter().any(|t| t.id == id.id()) {
                out.push((id.clone(), id.id().to_string()));
            }
        }
        out
    }

    /// The name of track `id` in `lang` (the id where the scenario lacks it).
    fn track_name(&self, id: &TrackId, lang: Lang) -> String {
        crate::present::roster::track_name(&self.tracks, id.id(), lang)
    }

    /// Follows the scenario's local "certify within N months" rule: small
    /// rosters are re-derived at once, large ones in the background.
    pub fn follow_scenario_rules(&mut self, doc: &Document, ctx: Option<egui::Context>) {
        let want = self.cfg.with_scenario(&doc.scenario);
        if want == self.cfg || self.job.is_some() {
            return;
        }
        self.cfg = want;
        let Some(l) = self.loaded.take() else {
            return;
        };
        if l.roster.people.len() <= IN_FRAME_PEOPLE {
            let dirty = l.dirty;
            self.loaded = Loaded::build(l.roster, l.path, self.today, &self.cfg, |_| true);
            if let Some(l) = self.loaded.as_mut() {
                l.dirty = dirty;
            }
            self.invalidate();
            return;
        }
        let (roster, path, dirty) = (Arc::clone(&l.roster), l.path.clone(), l.dirty);
        self.loaded = Some(l);
        match RosterJob::rebuild(roster, path, dirty, self.today, self.cfg.clone(), ctx) {
            Ok(job) => self.job = Some(job),
            Err(_) => {
                let today = self.today;
                self.set_today(today);
            }
        }
    }

    /// Changes "today" and recomputes the year's list.
    pub fn set_today(&mut self, today: Date) {
        self.today = today;
        if let Some(l) = self.loaded.take() {
            let dirty = l.dirty;
            self.loaded = Loaded::build(l.roster, l.path, today, &self.cfg, |_| true);
            if let Some(l) = self.loaded.as_mut() {
                l.dirty = dirty;
            }
            self.invalidate();
        }
    }

    /// The roster shown, if any.
    #[must_use]
    pub fn roster(&self) -> Option<&Roster> {
        self.loaded.as_ref().map(|l| &*l.roster)
    }

    /// True when the roster has changes not yet saved.
    #[must_use]
    pub fn roster_dirty(&self) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.dirty)
    }

    /// The year's list of the shown roster, all items.
    #[must_use]
    pub fn year_items(&self) -> Option<&YearItems> {
        self.loaded.as_ref().and_then(|l| l.year.as_ref())
    }

    /// What the year's list shows for its current filter (dismissed
    /// overdue items hidden).
    #[must_use]
    pub fn year_view(&self) -> YearView {
        match (&self.loaded, &self.year_view) {
            (_, Some(v)) => v.clone(),
            (Some(l), None) => l.year.as_ref().map_or_else(YearView::default, |y| {
                y.view(&l.roster, &self.year_filter, &l.roster.dismissed)
            }),
            (None, None) => YearView::default(),
        }
    }

    /// Hides these overdue items of the year's list; the roster keeps them
    /// (saved with it) and has unsaved changes if any was new.
    pub fn dismiss(&mut self, items: Vec<Dismissal>) {
        let Some(l) = self.loaded.as_mut() else {
            return;
        };
        let roster = Arc::make_mut(&mut l.roster);
        let mut changed = false;
        for d in items {
            changed |= roster.dismiss(d);
        }
        if changed {
            l.dirty = true;
            self.year_view = None;
        }
    }

    /// Shows every dismissed item of the year's list again.
    pub fn restore_dismissed(&mut self) {
        let Some(l) = self.loaded.as_mut() else {
            return;
        };
        if !l.roster.dismissed.is_empty() {
            Arc::make_mut(&mut l.roster).restore_dismissed();
            l.dirty = true;
            self.year_view = None;
        }
    }

    /// The file name an export proposes: the roster's tables, or the
    /// year's list when it is shown.
    #[must_use]
    pub fn export_stem(&self, lang: Lang) -> &'static str {
        if self.view == View::Year {
            lang.t("year.file_stem")
        } else {
            "roster"
        }
    }

    /// Id of the person whose card is shown.
    #[must_use]
    pub fn selected_person(&self) -> Option<&str> {
        let l = self.loaded.as_ref()?;
        l.roster.people.get(self.selected?).map(|p| p.id.as_str())
    }

    /// Reads an import file's bytes against the roster and the tracks of
    /// `doc`'s scenario and shows the preview; nothing changes until the
    /// preview is applied.
    pub fn preview_import(&mut self, doc: &Document, file_name: &str, bytes: &[u8]) {
        let Some(format) = FileFormat::from_name(file_name) else {
            self.notice = Some(Notice::UnknownFormat(file_name.to_string()));
            return;
        };
        let empty = Roster::default();
        let roster = self.loaded.as_ref().map_or(&empty, |l| &*l.roster);
        let preview =
            crate::roster::table::preview_import(roster, &doc.scenario.tracks, format, bytes);
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
        self.year_view = None;
        self.funnel = None;
        self.exam_plan = None;
        self.comparison = None;
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
        self.poll_job();
        self.follow_scenario_rules(doc, Some(ui.ctx().clone()));
        self.follow_scenario_tracks(doc);
        out.extend(self.toolbar(ui, doc, env));
        self.job_row(ui, lang);
        if let Some(msg) = self.message.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, msg);
                if ui.small_button("×").clicked() {
                    self.message = None;
                }
            });
        }
        if let Some(text) = self.notice.as_ref().map(|n| n.text(lang)) {
            ui.horizontal(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, text);
                if ui.small_button("×").clicked() {
                    self.notice = None;
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
            if self.year_view.is_none() {
                self.year_view = Some(self.year_view());
            }
            let n = self.year_view.as_ref().map_or(0, |v| {
                v.upcoming.len() + v.overdue.iter().map(|g| g.items.len()).sum::<usize>()
            });
            for (view, text) in [
                (View::Table, lang.t("trainer.view_table").to_string()),
                (View::Progress, lang.t("trainer.view_progress").to_string()),
                (View::ExamPlan, lang.t("exam.plan").to_string()),
                (View::Year, format!("{} ({n})", lang.t("year.view"))),
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
            View::Progress => progress::show(self, ui, doc, lang),
            View::ExamPlan => exam_plan::show(self, ui, lang),
            View::Year => year::show(self, ui, lang),
        }
        out.extend(self.dialogs(ui, doc, env));
        out
    }

    /// The running job: what, which step, a bar and a cancel button.
    fn job_row(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let Some((kind, step)) = self.job() else {
            return;
        };
        let name = self
            .job
            .as_ref()
            .map_or("", |j| j.name.as_str())
            .to_string();
        let mut cancel = false;
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("{} {name}", lang.t(kind.key())));
            ui.add(
                egui::ProgressBar::new(step.share(kind))
                    .desired_width(220.0)
                    .text(lang.t(step.key())),
            );
            if ui.button(lang.t("trainer.cancel_job")).clicked() {
                cancel = true;
            }
        });
        if cancel {
            self.cancel_job();
        }
    }

    /// Shows the example roster (a message if it cannot be read).
    pub fn show_example(&mut self, lang: Lang) {
        if let Err(e) = self.open_example() {
            self.message = Some(format!(
                "{}: {}",
                lang.t("trainer.err_open"),
                e.message(lang.into())
            ));
        }
    }

    /// The toolbar; returns the file commands clicked (the app asks for
    /// file names and about unsaved changes).
    fn toolbar(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Vec<Command> {
        let lang = env.lang;
        let ctx = ui.ctx().clone();
        let idle = self.job.is_none();
        let mut out = Vec::new();
        ui.horizontal_wrapped(|ui| {
            let mut button = |ui: &mut egui::Ui, enabled: bool, key: &'static str, cmd| {
                if ui
                    .add_enabled(enabled, egui::Button::new(lang.t(key)))
                    .clicked()
                {
                    out.push(Command::Roster(cmd));
                }
            };
            let has = self.loaded.is_some() && idle;
            button(ui, idle, "trainer.open", RosterCommand::Open);
            button(ui, idle, "trainer.open_example", RosterCommand::OpenExample);
            button(ui, has, "trainer.save", RosterCommand::Save);
            button(ui, has, "trainer.save_as", RosterCommand::SaveAs);
            ui.separator();
            button(ui, idle, "trainer.import", RosterCommand::Import);
            button(
                ui,
                has,
                "trainer.export_csv",
                RosterCommand::Export { xlsx: false },
            );
            button(
                ui,
                has,
                "trainer.export_xlsx",
                RosterCommand::Export { xlsx: true },
            );
            ui.checkbox(&mut self.anonymise, lang.t("trainer.anonymise"));
            ui.checkbox(&mut self.export_codes, lang.t("trainer.export_codes"));
            ui.separator();
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.start_plan")))
                .clicked()
            {
                self.propose_start(doc, Some(ctx.clone()));
            }
            if ui
                .add_enabled(has, egui::Button::new(lang.t("trainer.estimate")))
                .clicked()
            {
                self.propose_estimates(doc, Some(ctx.clone()));
            }
            ui.separator();
            ui.label(format!("{} {}", lang.t("trainer.today"), self.today));
        });
        out
    }

    /// Works out "start the plan from this roster" on a background thread;
    /// the proposal opens when ready.
    pub fn propose_start(&mut self, doc: &Document, ctx: Option<egui::Context>) {
        let Some(l) = &self.loaded else { return };
        let (roster, sc) = (Arc::clone(&l.roster), Box::new(doc.scenario.clone()));
        match RosterJob::start_plan(roster, sc, self.cfg.clone(), ctx) {
            Ok(job) => self.job = Some(job),
            Err(_) => {
                let start =
                    crate::roster::plan::start_from_roster(&l.roster, &doc.scenario, &self.cfg);
                self.show_plan_start(start.map(Box::new));
            }
        }
    }

    fn show_plan_start(&mut self, start: Result<Box<PlanStart>, crate::roster::plan::PlanError>) {
        match start {
            Ok(start) => self.dialog = Some(TrainerDialog::Start(start)),
            Err(e) => self.notice = Some(Notice::Plan(e)),
        }
    }

    /// Works out "estimate rates from the roster" on a background thread;
    /// the proposal opens when ready.
    pub fn propose_estimates(&mut self, doc: &Document, ctx: Option<egui::Context>) {
        let Some(l) = &self.loaded else { return };
        let (roster, sc) = (Arc::clone(&l.roster), Box::new(doc.scenario.clone()));
        match RosterJob::estimate(roster, sc, self.cfg.clone(), self.today, ctx) {
            Ok(job) => self.job = Some(job),
            Err(_) => {
                let estimates = crate::roster::plan::estimate_rates(
                    &l.roster,
                    &doc.scenario,
                    &self.cfg,
                    self.today,
                    &crate::roster::plan::DEFAULT_BANDS_MONTHS,
                );
                self.show_estimates(Box::new(estimates));
            }
        }
    }

    fn show_estimates(&mut self, estimates: Box<RateEstimates>) {
        // Rows resting on too few people are offered, not ticked.
        let chosen = estimates.changes.iter().map(|c| !c.small_sample).collect();
        self.dialog = Some(TrainerDialog::Estimate { estimates, chosen });
    }

    /// Starts saving the roster shown to `path` on a background thread.
    pub fn start_save(&mut self, path: PathBuf, ctx: Option<egui::Context>) {
        let Some(l) = self.loaded.as_mut() else {
            return;
        };
        match RosterJob::save(Arc::clone(&l.roster), path.clone(), ctx) {
            Ok(job) => self.job = Some(job),
            Err(_) => match rdoc::save(&l.roster, &path) {
                Ok(()) => {
                    l.path = Some(path.clone());
                    l.dirty = false;
                    self.notice = Some(Notice::Saved(path));
                }
                Err(e) => self.notice = Some(Notice::SaveFailed(path, e)),
            },
        }
    }

    /// Starts exporting what the table shows (the rows passing the filters,
    /// in their order) to `path` (a workbook, or two CSV files) on a
    /// background thread: headers and values in `lang`, or internal codes
    /// for re-import if the toolbar asks for them. When the year's list is
    /// shown, its items passing its filters (in its order, dismissed ones
    /// left out) are exported instead, in `lang`, one sheet or one CSV file.
    pub fn start_export(
        &mut self,
        path: PathBuf,
        xlsx: bool,
        lang: Lang,
        ctx: Option<egui::Context>,
    ) {
        let Some(l) = &self.loaded else { return };
        if self.view == View::Year {
            let Some(year) = &l.year else { return };
            let view = year.view(&l.roster, &self.year_filter, &l.roster.dismissed);
            let table =
                crate::present::roster::year_table(year, &view, &l.roster, &self.tracks, lang);
            match RosterJob::export_tables(vec![table], path.clone(), xlsx, ctx) {
                Ok(job) => self.job = Some(job),
                Err(e) => self.notice = Some(Notice::ExportFailed(path, e.to_string())),
            }
            return;
        }
        let roster = Arc::clone(&l.roster);
        let rows = l.table.rows();
        let shown = l
            .table
            .query(&self.filter, self.sort, self.descending)
            .into_iter()
            .filter_map(|i| rows.get(i).cloned())
            .collect();
        let how = RosterExport {
            xlsx,
            anonymise: self.anonymise,
            shown: Some(shown),
            labels: (!self.export_codes).then_some(lang),
            tracks: self.tracks.clone(),
        };
        match RosterJob::export(roster, path.clone(), how, ctx) {
            Ok(job) => self.job = Some(job),
            Err(e) => self.notice = Some(Notice::ExportFailed(path, e.to_string())),
        }
    }
}

/// The text of a track filter: the chosen track's name among `choices`
/// (its id if not among them), or `any`.
fn selected_track(choices: &[(TrackId, String)], chosen: Option<&TrackId>, any: &str) -> String {
    chosen.map_or_else(
        || any.to_string(),
        |id| {
            choices
                .iter()
                .find(|(c, _)| c == id)
                .map_or_else(|| id.id().to_string(), |(_, n)| n.clone())
        },
    )
}

/// What a roster export writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterExport {
    /// One workbook (else two CSV files).
    pub xlsx: bool,
    /// Fresh random pseudonyms for ids, no names, coarsened.
    pub anonymise: bool,
    /// The rows a view shows, in its order; `None`: everyone, by id.
    pub shown: Option<Vec<rviews::RosterRow>>,
    /// Headers and values in this language, with the certificate and
    /// status columns; `None`: internal codes in the import's columns.
    pub labels: Option<Lang>,
    /// The scenario's tracks, whose names label the track column (a track
    /// not among them keeps its id).
    pub tracks: Vec<Track>,
}

impl RosterExport {
    /// Everyone, as internal codes in the import's columns.
    #[must_use]
    pub fn codes(xlsx: bool, anonymise: bool) -> Self {
        Self {
            xlsx,
            anonymise,
            ..Self::default()
        }
    }
}

/// Writes `tables` to `path` through the safe write: one workbook with a
/// sheet each, or (CSV) the first table alone.
pub fn export_tables(
    tables: &[crate::exchange::Table],
    path: &Path,
    xlsx: bool,
) -> anyhow::Result<String> {
    use crate::exchange::{csv::table_bytes, safe_write::write_bytes, xlsx::workbook_bytes};
    if xlsx {
        write_bytes(path, &workbook_bytes(tables)?)?;
    } else if let Some(first) = tables.first() {
        write_bytes(path, &table_bytes(first)?)?;
    }
    Ok(path.display().to_string())
}

/// Writes the roster's people and attempts: one workbook with two sheets, or
/// two CSV files (`NAME.csv` and `NAME_attempts.csv`), each through the
/// safe write. Only the shown people and their attempts if `how` names
/// them; names in the interface language, or codes. Anonymised exports get
/// fresh random pseudonyms and are coarsened (birth-year bands, no village,
/// dates to the year); what was written is returned with the smallest
/// group of people alike (`k = N`).
pub fn export_roster(roster: &Roster, path: &Path, how: &RosterExport) -> anyhow::Result<String> {
    use crate::exchange::{csv::table_bytes, safe_write::write_bytes, xlsx::workbook_bytes};
    use crate::present::roster::labelled_table;
    use crate::roster::table::{ExportOptions, attempts_table, people_table, smallest_group};
    let anonymise = how.anonymise;
    let mut opts = if anonymise {
        ExportOptions::anonymised(roster, rand::random(), true)
    } else {
        ExportOptions::plain()
    };
    opts.shown.clone_from(&how.shown);
    opts.status_columns = how.labels.is_some();
    let mut people = people_table(roster, &opts);
    let k = match smallest_group(&people) {
        Some(k) if anonymise => format!(" (k = {k})"),
        _ => String::new(),
    };
    let mut attempts = attempts_table(roster, &opts);
    if let Some(lang) = how.labels {
        people = labelled_table(&people, roster, &how.tracks, lang);
        attempts = labelled_table(&attempts, roster, &how.tracks, lang);
    }
    if how.xlsx {
        write_bytes(path, &workbook_bytes(&[people, attempts])?)?;
        Ok(format!("{}{k}", path.display()))
    } else {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "roster".into());
        let second = path.with_file_name(format!("{stem}_attempts.csv"));
        write_bytes(path, &table_bytes(&people)?)?;
        write_bytes(&second, &table_bytes(&attempts)?)?;
        Ok(format!("{}, {}{k}", path.display(), second.display()))
    }
}
