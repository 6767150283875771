//! Preferences and start-up: the UI preferences kept in eframe storage,
//! the start-up choices of the environment, the fonts, and the app as eframe
//! creates it (a file from the command line, or an offer to recover unsaved
//! work).

use super::dialogs::Dialog;
use super::{APP_ID, CJK_FONT, TalentApp};
use crate::model::io;
use crate::model::scenario::Scenario;
use crate::present::command::{Command, Tab, ThemeChoice};
use crate::present::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// UI preferences, kept in eframe storage (never documents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Interface language.
    pub language: Lang,
    /// Theme.
    pub theme: ThemeChoice,
    /// UI scale (zoom factor).
    pub scale: f32,
    /// Recently opened or saved files, newest first.
    pub recent_files: Vec<PathBuf>,
    /// The centre tab last shown.
    pub tab: Tab,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            language: Lang::Zh,
            theme: ThemeChoice::System,
            scale: 1.0,
            recent_files: Vec::new(),
            tab: Tab::Dashboard,
        }
    }
}

/// Adds the shipped CJK font as a fallback for every font family.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "noto_sans_sc",
        egui::FontData::from_static(CJK_FONT),
        vec![
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
        ],
    ));
}

/// Environment variable choosing the interface language at start (`zh` or `en`).
pub const ENV_LANG: &str = "TALENT_PLANNER_LANG";

/// Environment variable choosing the centre tab at start
/// (`dashboard`, `levers`, `pipeline`, `townships` or `trainer`).
pub const ENV_TAB: &str = "TALENT_PLANNER_TAB";

/// Environment variable naming a scenario file to open at start.
pub const ENV_FILE: &str = "TALENT_PLANNER_FILE";

/// Applies the start-up choices of [`ENV_LANG`] and [`ENV_TAB`] (unknown values are ignored).
pub fn apply_start_overrides(prefs: &mut Preferences, var: impl Fn(&str) -> Option<String>) {
    match var(ENV_LANG).as_deref().map(str::trim) {
        Some("zh") => prefs.language = Lang::Zh,
        Some("en") => prefs.language = Lang::En,
        _ => {}
    }
    let tab = match var(ENV_TAB).as_deref().map(str::trim) {
        Some("dashboard") => Some(Tab::Dashboard),
        Some("levers") => Some(Tab::Levers),
        Some("pipeline") => Some(Tab::Pipeline),
        Some("townships") => Some(Tab::Townships),
        Some("trainer") => Some(Tab::Trainer),
        Some("compare") => Some(Tab::Compare),
        Some("sensitivity") => Some(Tab::Sensitivity),
        Some("swot") => Some(Tab::Swot),
        _ => None,
    };
    if let Some(t) = tab {
        prefs.tab = t;
    }
}

impl TalentApp {
    /// The app as eframe creates it: preferences from storage, a file from the
    /// command line or the default county, and an offer to recover unsaved work.
    pub fn new(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> Self {
        install_fonts(&cc.egui_ctx);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let prefs: Preferences = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let default = io::default_scenario().unwrap_or_else(|_| empty_scenario());
        let mut prefs = prefs;
        apply_start_overrides(&mut prefs, |k| std::env::var(k).ok());
        let file = file.or_else(|| std::env::var_os(ENV_FILE).map(PathBuf::from));
        let mut app = Self::new_headless(default, None, prefs);
        app.plan.mc.auto = true;
        app.plan.mc.auto_at = Some(0.0);
        app.recovery_path = eframe::storage_dir(APP_ID).map(|d| d.join("recovery.ron"));
        if app.trainer.startup_from_env() {
            app.prefs.tab = Tab::Trainer;
        }
        if let Some(path) = file {
            app.apply(Command::OpenPath(path), 0.0);
        } else if let Some(rec) = app.recovery_path.as_deref().filter(|p| p.exists())
            && let Ok(sc) = io::load(rec)
        {
            app.dialog = Some(Dialog::Recover(Box::new(sc)));
        }
        app
    }

    pub(super) fn apply_style(&mut self, ctx: &egui::Context) {
        let key = (self.prefs.theme, (self.prefs.scale * 100.0).round() as u32);
        if self.applied_style == Some(key) {
            return;
        }
        self.applied_style = Some(key);
        ctx.set_theme(match self.prefs.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
        ctx.set_zoom_factor(self.prefs.scale);
    }
}

/// The default folder of file dialogs: `saves/` next to the working directory.
pub(super) fn saves_dir() -> PathBuf {
    let d = PathBuf::from("saves");
    if d.is_dir() {
        std::fs::canonicalize(&d).unwrap_or(d)
    } else {
        std::env::current_dir().unwrap_or_default()
    }
}

/// A minimal scenario used only if the embedded default cannot be read.
pub(super) fn empty_scenario() -> Scenario {
    Scenario {
        format_version: crate::model::scenario::FORMAT_VERSION,
        name: String::new(),
        description: String::new(),
        start_year: 2026,
        start_month: 1,
        horizon_years: 5,
        seed: 0,
        exam_month: 6,
        results_month: None,
        county: crate::model::scenario::County {
            name: String::new(),
            local_average_wage_yuan_per_month: 0.0,
            townships: Vec::new().into(),
            source: Default::default(),
        },
        tracks: Vec::new(),
        stages: Vec::new(),
        initial_stock: Vec::new().into(),
        recruitment: Vec::new(),
        retention: Default::default(),
        need: Default::default(),
        budget: Default::default(),
        levers: Default::default(),
        certify_deadline: None,
        targets: Default::default(),
        uncertainty: Default::default(),
    }
}
