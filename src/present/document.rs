//! The open document: the scenario, where it lives on disk, whether it has
//! unsaved changes, and the last valid projection of it.

use crate::model::scenario::Scenario;
use crate::model::{Model, Projection, RunOptions};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The file name a save dialog proposes for a plan named `name`, in the
/// interface language: a name written "中文 / English" gives the part of
/// that language; characters no file name may hold are replaced
/// ([`crate::exchange::safe_write::file_name_from`]). No extension.
#[must_use]
pub fn proposed_stem(name: &str, lang: crate::present::i18n::Lang) -> String {
    let part = match name.split_once(" / ") {
        Some((zh, en)) => match lang {
            crate::present::i18n::Lang::Zh => zh,
            crate::present::i18n::Lang::En => en,
        },
        None => name,
    };
    crate::exchange::safe_write::file_name_from(part)
}

#[cfg(test)]
mod stem_tests {
    use super::*;
    use crate::present::i18n::Lang;

    #[test]
    fn a_bilingual_name_proposes_the_interface_languages_part() {
        let name = "一个典型农村县 / a typical rural county";
        assert_eq!(proposed_stem(name, Lang::Zh), "一个典型农村县");
        assert_eq!(proposed_stem(name, Lang::En), "a typical rural county");
        assert_eq!(proposed_stem("县/乡", Lang::Zh), "县-乡");
    }
}

/// A revision number never used before in this process, so caches keyed on
/// a revision cannot confuse two documents.
#[must_use]
pub fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Scenarios with more townships than this are projected on a background
/// thread (debounced) instead of inside the frame, and keep their township
/// rows at year ends only (see [`run_options`]).
pub const BACKGROUND_TOWNSHIPS: usize = 150;

/// How the app projects a scenario of `townships` townships: with township
/// rows, every month for a county, at year ends for a bigger scenario (the
/// townships table and a township's yearly charts need no more, and a
/// national scenario's monthly rows would take more than a gigabyte).
#[must_use]
pub fn run_options(townships: usize) -> RunOptions {
    RunOptions {
        township_detail: true,
        township_year_ends: townships > BACKGROUND_TOWNSHIPS,
    }
}

/// A problem found in the scenario, shown in the status bar and beside the field.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Field path in the scenario, e.g. `levers.pay_multiplier`.
    pub path: String,
    /// Message in English.
    pub message_en: String,
    /// Message in Chinese.
    pub message_zh: String,
    /// True for errors (the scenario is not projected); false for warnings.
    pub error: bool,
    /// The field's label in English (empty when nothing names it).
    pub label_en: String,
    /// The field's label in Chinese (empty when nothing names it).
    pub label_zh: String,
}

impl Problem {
    /// The message in the interface language.
    #[must_use]
    pub fn message(&self, lang: super::i18n::Lang) -> &str {
        match lang {
            super::i18n::Lang::Zh => &self.message_zh,
            super::i18n::Lang::En => &self.message_en,
        }
    }

    /// The field named in the interface language: its label, or the path
    /// where nothing names it (empty for the document as a whole).
    #[must_use]
    pub fn field(&self, lang: super::i18n::Lang) -> &str {
        let label = match lang {
            super::i18n::Lang::Zh => &self.label_zh,
            super::i18n::Lang::En => &self.label_en,
        };
        if label.is_empty() { &self.path } else { label }
    }

    /// The problem as one line: the field's name and what is wrong.
    #[must_use]
    pub fn line(&self, lang: super::i18n::Lang) -> String {
        match (self.field(lang), lang) {
            ("", _) => self.message(lang).to_string(),
            (field, super::i18n::Lang::Zh) => format!("{field}：{}", self.message(lang)),
            (field, super::i18n::Lang::En) => format!("{field}: {}", self.message(lang)),
        }
    }
}

/// What the charts and tables are filtered to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// The whole county.
    #[default]
    County,
    /// One township, by id.
    Township(String),
    /// One village (township id, village index); results are those of its township.
    Village(String, usize),
}

impl Selection {
    /// The township whose results are shown, if any.
    #[must_use]
    pub fn township(&self) -> Option<&str> {
        match self {
            Selection::County => None,
            Selection::Township(t) | Selection::Village(t, _) => Some(t),
        }
    }
}

/// Names one of the plans open in the app (unique in the process; plans
/// are listed in the order they were opened, the first being the base).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanId(pub u64);

/// One line of the plan list: which plan, its name, and whether it is the
/// base, has unsaved changes, or is the one shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanEntry {
    /// The plan.
    pub id: PlanId,
    /// Its name: the file name, or the scenario's name and variant number.
    pub label: String,
    /// True for the base (the first plan opened).
    pub base: bool,
    /// True when it has unsaved changes.
    pub dirty: bool,
    /// True for the plan shown.
    pub current: bool,
}

/// The open scenario and its last valid results.
#[derive(Debug, Clone)]
pub struct Document {
    /// The scenario being edited.
    pub scenario: Scenario,
    /// File it was opened from or saved to.
    pub path: Option<PathBuf>,
    /// True when there are edits not yet saved.
    pub dirty: bool,
    /// Projection of the last scenario that compiled (kept when an edit is invalid).
    pub results: Option<Arc<Projection>>,
    /// Problems of the current scenario.
    pub problems: Vec<Problem>,
    /// Changed on every change of the scenario (unique in the process);
    /// results carry the revision they belong to.
    pub revision: u64,
    /// Revision of `results`.
    pub results_revision: u64,
    /// Revision `problems` were found in.
    pub problems_revision: u64,
    /// Wall-clock milliseconds the last projection took.
    pub last_compute_ms: f64,
}

impl Document {
    /// A document for a scenario, not yet projected.
    #[must_use]
    pub fn new(scenario: Scenario, path: Option<PathBuf>) -> Self {
        Self {
            scenario,
            path,
            dirty: false,
            results: None,
            problems: Vec::new(),
            revision: next_revision(),
            results_revision: 0,
            problems_revision: 0,
            last_compute_ms: 0.0,
        }
    }

    /// The name shown in the title bar: the file name, or the scenario name.
    #[must_use]
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            None => self.scenario.name.clone(),
        }
    }

    /// True for scenarios big enough to be projected in the background.
    #[must_use]
    pub fn is_big(&self) -> bool {
        self.scenario.county.townships.len() > BACKGROUND_TOWNSHIPS
    }

    /// True when the shown results belong to the current scenario.
    #[must_use]
    pub fn results_current(&self) -> bool {
        self.results.is_some() && self.results_revision == self.revision
    }
}

/// Checks a scenario and, if it is usable, projects it with township rows
/// (see [`run_options`]).
/// Returns the problems and the projection (None when the scenario cannot be run).
#[must_use]
pub fn check_and_project(scenario: &Scenario) -> (Vec<Problem>, Option<Projection>) {
    check_and_project_with(scenario, |model| {
        Some(model.project(run_options(model.township_count())))
    })
}

/// All problems of a scenario, as the validator finds them (ranges of the
/// lever catalog's entries included, in both languages).
#[must_use]
pub fn problems(scenario: &Scenario) -> Vec<Problem> {
    crate::model::validate::validate(scenario)
        .into_iter()
        .map(|p| Problem {
            error: p.is_error(),
            path: p.path,
            message_en: p.message_en,
            message_zh: p.message_zh,
            label_en: p.label_en,
            label_zh: p.label_zh,
        })
        .collect()
}

/// Like [`check_and_project`], with the projection step supplied (it may
/// give up and return None, e.g. when cancelled).
pub fn check_and_project_with(
    scenario: &Scenario,
    project: impl FnOnce(&Model) -> Option<Projection>,
) -> (Vec<Problem>, Option<Projection>) {
    let problems = problems(scenario);
    if problems.iter().any(|p| p.error) {
        return (problems, None);
    }
    match Model::compile(scenario) {
        Ok(model) => (problems, project(&model)),
        Err(e) => (
            vec![Problem {
                path: String::new(),
                message_en: e.to_string(),
                message_zh: format!("无法计算:{e}"),
                error: true,
                label_en: String::new(),
                label_zh: String::new(),
            }],
            None,
        ),
    }
}
