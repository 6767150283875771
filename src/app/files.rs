//! The plans' files: opening (in the frame, or in the background for a big
//! file; in place of the plan shown or beside it), replacing the document,
//! saving (on a thread for a big one), the exports, recent files, and the
//! recovery file of unsaved work.

use super::dialogs::{Dialog, Unsaved};
use super::job::Job;
use super::plans::Plan;
use super::preferences::saves_dir;
use super::{AUTOSAVE_SECS, TalentApp, background, xlsx};
use crate::model::io;
use crate::model::scenario::Scenario;
use crate::present::document::{PlanId, Selection};
use crate::present::i18n::Lang;
use std::path::{Path, PathBuf};

/// Most recent files remembered.
const MAX_RECENT: usize = 8;

/// Files larger than this are read on a background thread.
const BACKGROUND_LOAD_BYTES: u64 = 1 << 20;

impl TalentApp {
    /// Puts `scenario` (read from `path`) in place of the plan shown,
    /// which keeps its place in the plan list.
    pub(super) fn replace_document(
        &mut self,
        scenario: Scenario,
        path: Option<PathBuf>,
        now: f64,
        checked: Option<background::Checked>,
    ) {
        let id = self.plan.id;
        let auto = self.plan.mc.auto;
        let plan = Plan::new(id, scenario, path, auto, now, checked);
        let old = std::mem::replace(&mut self.plan, plan);
        background::drop_later(old);
        self.selection = Selection::County;
    }

    pub(super) fn remember_recent(&mut self, path: &Path) {
        let recent = &mut self.prefs.recent_files;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_path_buf());
        recent.truncate(MAX_RECENT);
    }

    /// Opens a scenario file in place of the plan shown, or `beside` the
    /// others; a big file is read in the background.
    pub(super) fn open_path(&mut self, path: PathBuf, now: f64, beside: bool) {
        let big = std::fs::metadata(&path).is_ok_and(|m| m.len() > BACKGROUND_LOAD_BYTES);
        let chinese = self.prefs.language == Lang::Zh;
        // Where the load failed, in the interface language, and which file.
        let failed =
            move |e: io::LoadError, p: &Path| format!("{}: {}", e.text(chinese), p.display());
        if !big || !self.open_in_background(&path, now, beside, failed) {
            let result = io::load(&path)
                .map(|sc| (Box::new(sc), None))
                .map_err(|e| failed(e, &path));
            self.finish_load(path, result, beside, now);
        }
    }

    pub(super) fn finish_load(
        &mut self,
        path: PathBuf,
        result: Result<(Box<Scenario>, Option<background::Checked>), String>,
        beside: bool,
        now: f64,
    ) {
        match result {
            Ok((sc, checked)) => {
                // The note of the file shown before (saved, exported) is not
                // about this one.
                self.status_note = None;
                self.remember_recent(&path);
                if beside {
                    self.add_plan(*sc, Some(path), now, checked);
                } else {
                    self.replace_document(*sc, Some(path), now, checked);
                }
            }
            Err(msg) => {
                self.prefs.recent_files.retain(|p| p.exists());
                self.dialog = Some(Dialog::Error("err.load_title", msg));
            }
        }
    }

    pub(super) fn export(&mut self, xlsx: bool) {
        let Some(p) = self.plan.doc.results.clone() else {
            return;
        };
        let (ext, name) = if xlsx {
            ("xlsx", "Excel")
        } else {
            ("csv", "CSV")
        };
        let file_name = format!("{}.{ext}", self.plan.doc.scenario.name);
        let Some(path) = self.files.save_file(&saves_dir(), &file_name, name, ext) else {
            return;
        };
        let result = if xlsx {
            xlsx::write(&self.plan.doc.scenario, &p, &path, self.prefs.language)
        } else {
            crate::exchange::safe_write::write_file(&path, |w| -> anyhow::Result<()> {
                crate::model::export::write_csv(&p, false, w)?;
                Ok(())
            })
        };
        match result {
            Ok(()) => {
                self.status_note = Some(format!(
                    "{} {}",
                    self.prefs.language.t("status.exported"),
                    path.display()
                ));
            }
            Err(e) => {
                self.dialog = Some(Dialog::Error(
                    "err.export_title",
                    format!("{e:#}: {}", path.display()),
                ));
            }
        }
    }

    pub(super) fn remove_recovery(&self) {
        if let Some(p) = &self.recovery_path {
            let _ = std::fs::remove_file(p);
        }
    }

    /// Writes a big document on a named thread (a national file takes
    /// seconds); [`Self::saved`] runs when the thread reports.
    pub(super) fn save_in_background(&mut self, path: PathBuf, now: f64) {
        if self.saving() {
            return;
        }
        let scenario = self.plan.doc.scenario.clone();
        let target = path.clone();
        let write = move || io::save(&scenario, &target).map_err(|e| e.to_string());
        match self.start_save_job(path.clone(), write) {
            Ok(()) => {
                let lang = self.prefs.language;
                self.status_note = Some(format!("{} {}", lang.t("status.saving"), path.display()));
            }
            Err(e) => {
                let (id, revision) = (self.plan.id, self.plan.doc.revision);
                self.saved(id, path, revision, Err(e.to_string()), now);
            }
        }
    }

    /// Plan `id`'s save ended: the document is clean if nothing changed
    /// meanwhile, and the action that waited for the save runs.
    pub(super) fn saved(
        &mut self,
        id: PlanId,
        path: PathBuf,
        revision: u64,
        result: Result<(), String>,
        now: f64,
    ) {
        let lang = self.prefs.language;
        match result {
            Ok(()) => {
                let mut clean = false;
                if let Some(plan) = self.plan_mut(id) {
                    plan.doc.path = Some(path.clone());
                    if revision == plan.doc.revision {
                        plan.doc.dirty = false;
                        clean = true;
                    }
                }
                if clean && self.recovery_of == Some(id) {
                    self.remove_recovery();
                }
                self.remember_recent(&path);
                self.status_note = Some(format!("{} {}", lang.t("status.saved"), path.display()));
                if let Some((_, next)) = self.take_after_save(Unsaved::Plan(id)) {
                    self.apply(next, now);
                }
            }
            Err(e) => {
                let _ = self.take_after_save(Unsaved::Plan(id));
                self.dialog = Some(Dialog::Error(
                    "err.save_title",
                    format!("{e}: {}", path.display()),
                ));
            }
        }
    }

    /// Writes unsaved work to the recovery file when `AUTOSAVE_SECS` have
    /// passed: the plan shown if it has unsaved changes, else the first
    /// other plan that has.
    pub fn autosave(&mut self, now: f64) {
        if now - self.last_autosave < AUTOSAVE_SECS {
            return;
        }
        self.last_autosave = now;
        let Some(plan) = std::iter::once(&self.plan)
            .chain(self.parked.iter())
            .find(|p| p.doc.dirty)
        else {
            return;
        };
        let Some(path) = self.recovery_path.clone() else {
            return;
        };
        let write = |sc: &Scenario, p: &Path| {
            if let Some(dir) = p.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Ok(text) = io::to_ron_string(sc) {
                let _ = crate::exchange::safe_write::write_bytes(p, text.as_bytes());
            }
        };
        let id = plan.id;
        if plan.doc.is_big() {
            // Writing a national file takes seconds: off the UI thread.
            // The job is not waited for: the next autosave writes again.
            let sc = plan.doc.scenario.clone();
            let spawned = Job::spawn("autosave", None, move |_| write(&sc, &path));
            if spawned.is_err() {
                self.last_autosave = now;
            }
        } else {
            write(&plan.doc.scenario, &path);
        }
        self.recovery_of = Some(id);
    }
}
