//! The plans open in the app: a base and its variants, each with its own
//! document (scenario, file, unsaved flag, last valid results), undo
//! history, Monte Carlo and background work. One plan is shown, the
//! current one; the others wait beside it, their background work going on.
//! "Save as variant" duplicates the current plan; any scenario file can be
//! opened beside the others; a plan can be closed (asking first if it has
//! unsaved changes), except the last.

use super::TalentApp;
use super::background::{self, Checked};
use super::dialogs::Unsaved;
use super::history::History;
use super::jobs::{ProjectionJob, SaveJob};
use super::monte_carlo::MonteCarlo;
use crate::model::scenario::Scenario;
use crate::present::command::Command;
use crate::present::document::{Document, PlanEntry, PlanId, Selection};
use crate::present::i18n::Lang;
use std::path::PathBuf;

/// One plan: its document and everything that follows it.
pub struct Plan {
    /// Which plan (kept when the document is replaced by New or Open).
    pub(super) id: PlanId,
    /// The scenario, its file, unsaved flag and last valid results.
    pub(super) doc: Document,
    /// Undo and redo of its edits.
    pub(super) history: History,
    /// Its Monte Carlo run and bands.
    pub(super) mc: MonteCarlo,
    /// Its reprojection running in the background (big documents).
    pub(super) job: Option<ProjectionJob>,
    /// When a debounced reprojection is due (UI clock, seconds).
    pub(super) project_after: Option<f64>,
    /// Its document being written in the background (big documents).
    pub(super) save_job: Option<SaveJob>,
    /// Its number, when it was made by "save as variant".
    pub(super) variant: Option<u32>,
}

impl Plan {
    /// A plan of `scenario` (read from `path`), checked and projected, or
    /// with the results a background load already worked out. `auto_mc`
    /// starts Monte Carlo a moment after (a county only; a big file's is
    /// started by hand).
    pub(super) fn new(
        id: PlanId,
        scenario: Scenario,
        path: Option<PathBuf>,
        auto_mc: bool,
        now: f64,
        checked: Option<Checked>,
    ) -> Self {
        let doc = Document::new(scenario, path);
        let mc = MonteCarlo {
            auto: auto_mc,
            auto_at: (auto_mc && !doc.is_big()).then_some(now),
            ..MonteCarlo::default()
        };
        let mut plan = Self {
            id,
            doc,
            history: History::default(),
            mc,
            job: None,
            project_after: None,
            save_job: None,
            variant: None,
        };
        match checked {
            Some(c) => {
                let revision = plan.doc.revision;
                plan.install(c, revision);
            }
            None => plan.recompute(now),
        }
        plan
    }

    /// A copy of this plan as a new variant: the same scenario and results,
    /// no file, unsaved, with an undo history of its own.
    fn duplicate(&self, id: PlanId, variant: u32, now: f64) -> Self {
        let mut doc = Document::new(self.doc.scenario.clone(), None);
        doc.dirty = true;
        doc.results = self.doc.results.clone();
        doc.problems = self.doc.problems.clone();
        // Results and problems carry over only if they were those of the
        // scenario copied; the new revision is then theirs too.
        if self.doc.results_current() {
            doc.results_revision = doc.revision;
        }
        if self.doc.problems_revision == self.doc.revision {
            doc.problems_revision = doc.revision;
        }
        doc.last_compute_ms = self.doc.last_compute_ms;
        let mut mc = MonteCarlo {
            auto: self.mc.auto,
            ..MonteCarlo::default()
        };
        if self.doc.results_current() && !self.mc.stale {
            mc.summary = self.mc.summary.clone();
        }
        let mut plan = Self {
            id,
            doc,
            history: History::default(),
            mc,
            job: None,
            project_after: None,
            save_job: None,
            variant: Some(variant),
        };
        // Results still being worked out for the original are worked out
        // for the copy too.
        if !plan.doc.results_current() || plan.doc.problems_revision != plan.doc.revision {
            plan.recompute(now);
        }
        plan
    }

    /// The plan's name in lists: its file name, or for a variant not yet
    /// saved, the scenario's name and the variant's number.
    #[must_use]
    pub(super) fn label(&self, lang: Lang) -> String {
        match (self.variant, &self.doc.path) {
            (Some(n), None) => format!(
                "{} · {} {n}",
                self.doc.display_name(),
                lang.t("plans.variant")
            ),
            _ => self.doc.display_name(),
        }
    }

    /// The file name Save As proposes: the scenario's name in the
    /// interface language, and a variant's number.
    #[must_use]
    pub(super) fn proposed_file_name(&self, lang: crate::present::i18n::Lang) -> String {
        let stem = crate::present::document::proposed_stem(&self.doc.scenario.name, lang);
        match self.variant {
            Some(n) => format!("{stem}-{n}.ron"),
            None => format!("{stem}.ron"),
        }
    }

    /// True while its results are being worked out in the background.
    pub(super) fn busy(&self) -> bool {
        self.job.is_some() || self.project_after.is_some()
    }
}

impl TalentApp {
    /// The plan shown, then the others in the order they were opened.
    pub(super) fn all_plans_mut(&mut self) -> impl Iterator<Item = &mut Plan> {
        std::iter::once(&mut self.plan).chain(self.parked.iter_mut())
    }

    /// The plan with this id, shown or not.
    pub(super) fn plan_mut(&mut self, id: PlanId) -> Option<&mut Plan> {
        self.all_plans_mut().find(|p| p.id == id)
    }

    /// A new plan id.
    fn next_plan_id(&mut self) -> PlanId {
        self.next_plan += 1;
        PlanId(self.next_plan)
    }

    /// The plan list: every open plan in the order opened, the first being
    /// the base, with its name and whether it has unsaved changes.
    #[must_use]
    pub fn plans(&self) -> Vec<PlanEntry> {
        let lang = self.prefs.language;
        let mut all: Vec<&Plan> = std::iter::once(&self.plan)
            .chain(self.parked.iter())
            .collect();
        all.sort_by_key(|p| p.id);
        all.iter()
            .enumerate()
            .map(|(i, p)| PlanEntry {
                id: p.id,
                label: p.label(lang),
                base: i == 0,
                dirty: p.doc.dirty,
                current: p.id == self.plan.id,
            })
            .collect()
    }

    /// The id of the plan shown.
    #[must_use]
    pub fn current_plan(&self) -> PlanId {
        self.plan.id
    }

    /// Shows plan `id` (the others keep their state and background work).
    pub(super) fn switch_plan(&mut self, id: PlanId) {
        let Some(i) = self.parked.iter().position(|p| p.id == id) else {
            return;
        };
        if let Some(other) = self.parked.get_mut(i) {
            std::mem::swap(&mut self.plan, other);
            self.status_note = None;
        }
        // Keep the parked plans in the order they were opened.
        self.parked.sort_by_key(|p| p.id);
        // A township the plan shown does not have would show nothing.
        let known = |t: &str| {
            self.plan
                .doc
                .scenario
                .county
                .townships
                .iter()
                .any(|tw| tw.id == t)
        };
        if self.selection.township().is_some_and(|t| !known(t)) {
            self.selection = Selection::County;
        }
    }

    /// Duplicates the plan shown as a new variant and shows it.
    pub(super) fn save_as_variant(&mut self, now: f64) {
        let id = self.next_plan_id();
        self.next_variant += 1;
        let variant = self.plan.duplicate(id, self.next_variant, now);
        let shown = std::mem::replace(&mut self.plan, variant);
        self.parked.push(shown);
        self.parked.sort_by_key(|p| p.id);
    }

    /// Adds a plan of `scenario` read from `path` beside the others and shows it.
    pub(super) fn add_plan(
        &mut self,
        scenario: Scenario,
        path: Option<PathBuf>,
        now: f64,
        checked: Option<Checked>,
    ) {
        let id = self.next_plan_id();
        let plan = Plan::new(id, scenario, path, self.plan.mc.auto, now, checked);
        let shown = std::mem::replace(&mut self.plan, plan);
        self.parked.push(shown);
        self.parked.sort_by_key(|p| p.id);
        self.selection = Selection::County;
    }

    /// Closes plan `id` (its unsaved changes were saved or dropped before);
    /// the last plan is never closed. Showing the plan closed, the one
    /// before it is shown.
    pub(super) fn close_plan(&mut self, id: PlanId) {
        if self.parked.is_empty() {
            return;
        }
        if self.plan.id == id {
            let before = self
                .parked
                .iter()
                .filter(|p| p.id < id)
                .map(|p| p.id)
                .max()
                .or_else(|| self.parked.first().map(|p| p.id));
            if let Some(next) = before {
                self.switch_plan(next);
            }
        }
        if let Some(i) = self.parked.iter().position(|p| p.id == id) {
            let closed = self.parked.remove(i);
            if self.recovery_of == Some(id) {
                self.remove_recovery();
            }
            background::drop_later(closed);
        }
    }

    /// The first plan with unsaved changes among those `cmd` would drop:
    /// the plan shown for New and Open, the plan closed, every plan (the
    /// one shown first) on quitting.
    pub(super) fn unsaved_plan_before(&self, cmd: &Command) -> Option<PlanId> {
        match cmd {
            Command::New | Command::Open | Command::OpenPath(_) => {
                self.plan.doc.dirty.then_some(self.plan.id)
            }
            // The last plan is never closed, so nothing is asked.
            Command::ClosePlan(_) if self.parked.is_empty() => None,
            Command::ClosePlan(id) => std::iter::once(&self.plan)
                .chain(self.parked.iter())
                .find(|p| p.id == *id && p.doc.dirty)
                .map(|p| p.id),
            Command::Quit => std::iter::once(&self.plan)
                .chain(self.parked.iter())
                .find(|p| p.doc.dirty)
                .map(|p| p.id),
            _ => None,
        }
    }

    /// Drops plan `id`'s unsaved changes ("Don't save").
    pub(super) fn discard_plan_changes(&mut self, id: PlanId) {
        if let Some(plan) = self.plan_mut(id) {
            plan.doc.dirty = false;
        }
        if self.recovery_of == Some(id) {
            self.remove_recovery();
        }
    }

    /// Shows the document a prompt is about: the roster's tab, or the plan.
    pub(super) fn show_unsaved(&mut self, which: Unsaved) {
        match which {
            Unsaved::Roster => self.prefs.tab = crate::present::command::Tab::Trainer,
            Unsaved::Plan(id) => self.switch_plan(id),
        }
    }
}
