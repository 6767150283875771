//! Scenario validation: every problem in a scenario, not just the first,
//! each with a field path (`stages[3].exam.subjects[0].pass_probability.local`),
//! the line and column of that field's value in the file, and a message in
//! English and Chinese.
//!
//! [`validate_text`] parses RON text (a parse error becomes one problem) and
//! then runs the semantic checks of [`validate`], which also serves scenarios
//! edited in memory (their problems carry paths but no positions).

pub mod locate;
mod policy;
mod uncertainty;

use super::catalog::{Catalog, labels};
use super::scenario::{
    Allocation, DeadlineConsequence, FORMAT_VERSION, MAX_HORIZON_YEARS, MAX_TRACKED_MONTHS, Period,
    Recruitment, Scenario, SourceNote, StageKind, Target,
};
use crate::exchange::text::{clean_message, quote};
pub use locate::Position;
use locate::{field_path, index_path, key_path};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The scenario cannot be projected meaningfully; `run` refuses it.
    Error,
    /// Probably unintended, or a number without a stated source; `run` proceeds.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed by the command line.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }

    /// 错误 or 警告.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Field path, e.g. `stages[3].exam.to`; empty for the document as a whole.
    pub path: String,
    /// Where the field's value (or its nearest written ancestor) is in the
    /// text; `None` for scenarios validated in memory.
    pub position: Option<Position>,
    /// What is wrong, in English.
    pub message_en: String,
    /// What is wrong, in Chinese.
    pub message_zh: String,
    /// The field's label in English (the lever catalog's name; see
    /// [`super::catalog::labels::field_label`]), empty when none.
    pub label_en: String,
    /// The field's label in Chinese, empty when none.
    pub label_zh: String,
}

impl Problem {
    /// The field as a reader names it: its label with the path as a detail
    /// ("薪酬倍数 (levers.pay_multiplier)"), or the path alone.
    #[must_use]
    pub fn field(&self, chinese: bool) -> String {
        match self.label(chinese) {
            "" => self.path.clone(),
            label => format!("{label} ({})", self.path),
        }
    }

    /// The field's label in Chinese (`chinese`) or English; empty when
    /// nothing names it.
    #[must_use]
    pub fn label(&self, chinese: bool) -> &str {
        if chinese {
            &self.label_zh
        } else {
            &self.label_en
        }
    }

    /// True for [`Severity::Error`].
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message in Chinese when `chinese` is set, else in English.
    #[must_use]
    pub fn message(&self, chinese: bool) -> &str {
        if chinese {
            &self.message_zh
        } else {
            &self.message_en
        }
    }
}

/// True if any problem is an error.
#[must_use]
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

/// Parses and checks RON text. `Ok` holds the scenario and its warnings
/// when nothing is an error; `Err` holds every problem (errors and warnings)
/// otherwise. Every problem carries a position inside `text`.
pub fn validate_text(text: &str) -> Result<(Scenario, Vec<Problem>), Vec<Problem>> {
    let (scenario, problems) = check_text(text);
    match scenario {
        Some(sc) if !has_errors(&problems) => Ok((sc, problems)),
        _ => Err(problems),
    }
}

/// Parses and checks RON text, returning the scenario whenever it parsed
/// (even with semantic errors, so an editor can open it and show them)
/// together with every problem, sorted by position.
#[must_use]
pub fn check_text(text: &str) -> (Option<Scenario>, Vec<Problem>) {
    match crate::model::io::parse_scenario(text) {
        Err(e) => {
            // One walk over the text, whatever its size.
            let (pos, path) = locate::error_place(
                text,
                Position {
                    line: e.span.start.line,
                    column: e.span.start.col,
                },
            );
            let problem = Problem {
                severity: Severity::Error,
                path,
                position: Some(pos),
                message_zh: clean_message(&format!(
                    "文件内容有误：{}",
                    crate::model::io::reading_error_zh(&e.code)
                )),
                message_en: clean_message(&crate::model::io::reading_error_en(&e.code)),
                label_en: String::new(),
                label_zh: String::new(),
            };
            (None, vec![problem])
        }
        Ok(sc) => {
            let mut problems = validate(&sc);
            // Positions are looked up only when there is something to
            // point at, in one walk that keeps only the problems' paths.
            if !problems.is_empty() {
                let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
                let positions = locate::locate_all(text, &paths);
                for (p, pos) in problems.iter_mut().zip(positions) {
                    p.position = Some(pos);
                }
                problems.sort_by_key(|p| p.position);
            }
            (Some(sc), problems)
        }
    }
}

/// Checks a scenario held in memory: every problem, in document order,
/// without positions.
#[must_use]
pub fn validate(sc: &Scenario) -> Vec<Problem> {
    let mut c = Checker::new(sc);
    c.top();
    c.county();
    c.tracks();
    c.stages();
    c.initial_stock();
    c.recruitment();
    c.retention();
    c.need();
    c.budget();
    c.levers();
    c.deadline();
    c.targets();
    c.catalog();
    c.uncertainty();
    // Each field named by its label (the lever catalog's names).
    for p in &mut c.out {
        let label = |chinese| labels::field_label(sc, &c.catalog, &p.path, chinese);
        p.label_en = label(false).unwrap_or_default();
        p.label_zh = label(true).unwrap_or_default();
    }
    c.out
}

/// What range a number must lie in (it must always be finite).
#[derive(Debug, Clone, Copy)]
enum Range {
    /// Any finite number.
    Any,
    /// A share or probability in `[0, 1]`.
    Share,
    /// From `min` to `max`, both included.
    Bounded {
        /// Smallest value allowed.
        min: f64,
        /// Largest value allowed.
        max: f64,
    },
}

impl Range {
    /// Whether `v` is finite and in the range.
    fn accepts(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Range::Any => true,
                Range::Share => (0.0..=1.0).contains(&v),
                Range::Bounded { min, max } => (min..=max).contains(&v),
            }
    }
}

/// `min..=max`, as a [`Range`].
const fn between(min: f64, max: f64) -> Range {
    Range::Bounded { min, max }
}

/// Earliest calendar year a scenario may name: 1949, the founding of the
/// People's Republic; no county plan or series the model reads goes back
/// further, and a year before it is a typo.
pub const MIN_YEAR: i32 = 1949;

/// Latest calendar year a scenario may name: 2200, far past any plan
/// (the longest horizon is 30 years) yet small enough that no arithmetic
/// on years and months (month index = years × 12) comes near overflow.
pub const MAX_YEAR: i32 = 2200;

/// Latest month a station may open, months after the start: the longest
/// horizon.
pub const MAX_PERIOD_MONTHS: u32 = 12 * MAX_HORIZON_YEARS;

/// Most months of service or of a tenure band a scenario may state: a
/// working life of 50 years.
pub const MAX_SERVICE_MONTHS: u32 = 600;

/// Longest id, characters.
pub const MAX_ID_CHARS: usize = 64;
/// Longest name, characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text (description, source note), characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// The range of a lever field outside the catalog's entries, from the one
/// table of ranges the catalog's entries also read
/// ([`super::catalog::ranges::field_range`]). Where the catalog has an entry
/// for a field's place, its range is the one applied ([`Checker::number`]
/// leaves covered paths to it). A field the table does not know is a
/// programming error caught by the tests, and answers "any finite".
fn lever_range(field: &str) -> Range {
    let found = super::catalog::ranges::field_range(field);
    debug_assert!(found.is_some(), "no range for lever field {field}");
    found.map_or(Range::Any, |(min, max)| between(min, max))
}

struct Checker<'a> {
    sc: &'a Scenario,
    out: Vec<Problem>,
    /// The lever catalog, whose entries' ranges this checker applies.
    catalog: Catalog,
    /// Field paths of the catalog's entries: their numbers are checked
    /// against the catalog's ranges, not by [`Checker::number`].
    covered: BTreeSet<String>,
    stages: BTreeMap<&'a str, usize>,
    tracks: BTreeSet<&'a str>,
    townships: BTreeSet<&'a str>,
}

fn period_text(p: Period) -> (String, String) {
    match p {
        Period::Monthly => ("monthly".into(), "每月".into()),
        Period::Yearly { month } => (
            format!("yearly in month {month}"),
            format!("每年 {month} 月"),
        ),
    }
}

impl<'a> Checker<'a> {
    fn new(sc: &'a Scenario) -> Self {
        let mut stages = BTreeMap::new();
        for (i, s) in sc.stages.iter().enumerate() {
            stages.entry(s.id.as_str()).or_insert(i);
        }
        let catalog = Catalog::of(sc);
        let covered = catalog.entries.iter().map(|e| e.path.clone()).collect();
        Self {
            sc,
            out: Vec::new(),
            catalog,
            covered,
            stages,
            tracks: sc.tracks.iter().map(|t| t.id.as_str()).collect(),
            townships: sc.county.townships.iter().map(|t| t.id.as_str()).collect(),
        }
    }

    fn push(&mut self, severity: Severity, path: String, en: String, zh: String) {
        // Values quoted from the file are cut and escaped where they are
        // quoted; this catches anything else that could reach a terminal.
        self.out.push(Problem {
            severity,
            path,
            position: None,
            message_en: clean_message(&en),
            message_zh: clean_message(&zh),
            label_en: String::new(),
            label_zh: String::new(),
        });
    }

    fn error(&mut self, path: String, en: String, zh: String) {
        self.push(Severity::Error, path, en, zh);
    }

    fn warn(&mut self, path: String, en: String, zh: String) {
        self.push(Severity::Warning, path, en, zh);
    }

    /// [`Checker::number`] with a path written only for a problem.
    fn number_at(&mut self, path: impl FnOnce() -> String, v: f64, range: Range) {
        if !range.accepts(v) {
            self.number(path(), v, range);
        }
    }

    fn number(&mut self, path: String, v: f64, range: Range) {
        if range.accepts(v) || self.covered.contains(&path) {
            return;
        }
        if !v.is_finite() {
            self.error(
                path,
                format!("must be a finite number, not {v}"),
                format!("必须是有限数值，不能是 {v}"),
            );
            return;
        }
        match range {
            // Any finite number is accepted above.
            Range::Any => {}
            Range::Share => self.error(
                path,
                format!("must be between 0 and 1 (found {v})"),
                format!("必须在 0 到 1 之间（当前为 {v}）"),
            ),
            Range::Bounded { min, max } => self.error(
                path,
                format!("must be between {min} and {max} (found {v})"),
                format!("必须在 {min} 到 {max} 之间（当前为 {v}）"),
            ),
        }
    }

    /// A calendar year in [`MIN_YEAR`]`..=`[`MAX_YEAR`].
    fn year(&mut self, path: impl FnOnce() -> String, y: i32) {
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            self.error(
                path(),
                format!("a year must be between {MIN_YEAR} and {MAX_YEAR} (found {y})"),
                format!("年份必须在 {MIN_YEAR} 到 {MAX_YEAR} 之间（当前为 {y}）"),
            );
        }
    }

    /// A whole number of months in `min..=max`.
    fn months_between(&mut self, path: impl FnOnce() -> String, m: u32, min: u32, max: u32) {
        if !(min..=max).contains(&m) {
            self.error(
                path(),
                format!("must be {min} to {max} months (found {m})"),
                format!("必须在 {min} 到 {max} 个月之间（当前为 {m}）"),
            );
        }
    }

    /// A text field: at most `max` characters, no control characters
    /// (line breaks and tabs allowed in `multiline` notes).
    fn text(&mut self, path: impl FnOnce() -> String, value: &str, max: usize, multiline: bool) {
        if let Some(fault) = crate::exchange::text::check_field(value, max, multiline) {
            self.error(path(), fault.message_en(), fault.message_zh());
        }
    }

    /// A source or description note.
    fn note(&mut self, path: &str, value: &str) {
        self.text(|| path.to_string(), value, MAX_NOTE_CHARS, true);
    }

    fn month(&mut self, path: String, m: u32) {
        if !(1..=12).contains(&m) {
            self.error(
                path,
                format!("calendar month must be between 1 and 12 (found {m})"),
                format!("月份必须在 1 到 12 之间（当前为 {m}）"),
            );
        }
    }

    fn period(&mut self, path: &str, p: Period) {
        if let Period::Yearly { month } = p {
            self.month(field_path(path, "month"), month);
        }
    }

    fn tracked_months(&mut self, path: String, m: u32) {
        if m > MAX_TRACKED_MONTHS {
            self.error(
                path,
                format!("must be at most {MAX_TRACKED_MONTHS} months (found {m})"),
                format!("不能超过 {MAX_TRACKED_MONTHS} 个月（当前为 {m}）"),
            );
        }
    }

    fn stage_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        let shown = quote(id);
        if !self.stages.contains_key(id) {
            self.error(
                path(),
                format!("unknown stage `{shown}`"),
                format!("未知的阶段 `{shown}`（stages 中没有这个 id）"),
            );
        }
    }

    fn track_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        let shown = quote(id);
        if !self.tracks.contains(id) {
            self.error(
                path(),
                format!("unknown track `{shown}`"),
                format!("未知的人才类别 `{shown}`（tracks 中没有这个 id）"),
            );
        }
    }

    fn township_ref(&mut self, path: impl FnOnce() -> String, id: &str) {
        let shown = quote(id);
        if !self.townships.contains(id) {
            self.error(
                path(),
                format!("unknown township `{shown}`"),
                format!("未知的乡镇 `{shown}`（townships 中没有这个 id）"),
            );
        }
    }

    /// Empty and duplicate ids of one list.
    fn ids<'b>(&mut self, list: &str, ids: impl Iterator<Item = &'b str>) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        // Paths are written only for a problem (a national file has tens
        // of thousands of townships).
        let path = |i: usize| field_path(&index_path(list, i), "id");
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.error(path(i), "id must not be empty".into(), "id 不能为空".into());
            } else if let Some(fault) = crate::exchange::text::check_field(id, MAX_ID_CHARS, false)
            {
                self.error(path(i), fault.message_en(), fault.message_zh());
            } else if let Some(first) = seen.get(id) {
                let id = quote(id);
                self.error(
                    path(i),
                    format!("duplicate id `{id}` (also used by {list}[{first}])"),
                    format!("id `{id}` 重复（{list}[{first}] 已使用）"),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }

    fn not_empty(&mut self, path: &str, empty: bool, what_en: &str, what_zh: &str) {
        if empty {
            self.error(
                path.to_string(),
                format!("the scenario needs at least one {what_en}"),
                format!("至少需要一个{what_zh}"),
            );
        }
    }

    fn source(&mut self, path: &str, source: &SourceNote) {
        let at = field_path(path, "source");
        self.note(&at, &source.zh);
        if source.en != source.zh {
            self.note(&at, &source.en);
        }
        if source.is_empty() {
            self.warn(
                field_path(path, "source"),
                "these numbers have no source note; say where they come from, or \"assumed\""
                    .into(),
                "这组参数没有注明来源（source），请写明出处，或注明“假设”".into(),
            );
        }
    }

    fn allocation(&mut self, path: &str, a: &Allocation) {
        if let Allocation::Weights(w) = a {
            for (id, x) in w {
                let p = key_path(path, id);
                self.township_ref(|| p.clone(), id);
                self.number(p, *x, lever_range("recruitment.allocation"));
            }
        }
    }

    fn top(&mut self) {
        let sc = self.sc;
        if sc.format_version != FORMAT_VERSION {
            self.error(
                "format_version".into(),
                format!(
                    "unsupported format version {} (this build reads version {FORMAT_VERSION})",
                    sc.format_version
                ),
                format!(
                    "不支持的文件格式版本 {}（本程序只读取版本 {FORMAT_VERSION}）",
                    sc.format_version
                ),
            );
        }
        self.year(|| "start_year".into(), sc.start_year);
        self.text(|| "name".into(), &sc.name, MAX_NAME_CHARS, false);
        self.note("description", &sc.description);
        self.month("start_month".into(), sc.start_month);
        if !(1..=MAX_HORIZON_YEARS).contains(&sc.horizon_years) {
            self.error(
                "horizon_years".into(),
                format!(
                    "the horizon must be 1 to {MAX_HORIZON_YEARS} years (found {})",
                    sc.horizon_years
                ),
                format!(
                    "规划年限必须在 1 到 {MAX_HORIZON_YEARS} 年之间（当前为 {}）",
                    sc.horizon_years
                ),
            );
        }
        self.month("exam_month".into(), sc.exam_month);
        if let Some(m) = sc.results_month {
            self.month("results_month".into(), m);
        }
    }

    fn county(&mut self) {
        let county = &self.sc.county;
        self.text(|| "county.name".into(), &county.name, MAX_NAME_CHARS, false);
        self.number(
            "county.local_average_wage_yuan_per_month".into(),
            county.local_average_wage_yuan_per_month,
            between(0.0, 1.0e6),
        );
        self.not_empty(
            "county.townships",
            county.townships.is_empty(),
            "township",
            "乡镇",
        );
        self.ids(
            "county.townships",
            county.townships.iter().map(|t| t.id.as_str()),
        );
        for (i, tw) in county.townships.iter().enumerate() {
            let p = || index_path("county.townships", i);
            self.text(|| field_path(&p(), "name"), &tw.name, MAX_NAME_CHARS, false);
            // The staffing norm's range is the lever catalog's.
            self.number_at(
                || field_path(&p(), "seat_population"),
                tw.seat_population,
                between(0.0, 1.0e8),
            );
            if tw.station_opens_month > MAX_PERIOD_MONTHS {
                self.months_between(
                    || field_path(&p(), "station_opens_month"),
                    tw.station_opens_month,
                    0,
                    MAX_PERIOD_MONTHS,
                );
            }
            if tw.villages.is_empty() && !tw.county_centre {
                self.warn(
                    field_path(&p(), "villages"),
                    format!(
                        "township `{}` has no villages and is not the county centre: its need comes only from the seat population and the station minimum",
                        tw.id
                    ),
                    format!(
                        "乡镇 `{}` 没有村，也不是县级中心：需求只按驻地人口和站点最低配置计算",
                        tw.id
                    ),
                );
            }
            for (j, v) in tw.villages.iter().enumerate() {
                // A village of ten million people is a typo; the bound
                // keeps every sum over a national file far from overflow.
                let people = between(0.0, 1.0e7);
                let fields = [
                    ("population", v.population, people),
                    ("aged_60_plus", v.aged_60_plus, people),
                    ("left_behind_children", v.left_behind_children, people),
                    ("left_behind_elderly", v.left_behind_elderly, people),
                    ("disabled", v.disabled, people),
                    ("dibao_households", v.dibao_households, people),
                    ("remoteness", v.remoteness, Range::Share),
                ];
                let name_fault = crate::exchange::text::check_field(&v.name, MAX_NAME_CHARS, false);
                // A national file has half a million villages: paths are
                // only written for a village with a problem.
                if name_fault.is_none() && fields.iter().all(|&(_, x, range)| range.accepts(x)) {
                    continue;
                }
                let vp = index_path(&field_path(&p(), "villages"), j);
                if let Some(fault) = name_fault {
                    self.error(
                        field_path(&vp, "name"),
                        fault.message_en(),
                        fault.message_zh(),
                    );
                }
                for (name, x, range) in fields {
                    self.number(field_path(&vp, name), x, range);
                }
            }
        }
        self.source("county", &county.source);
    }

    fn tracks(&mut self) {
        self.not_empty("tracks", self.sc.tracks.is_empty(), "track", "人才类别");
        self.ids("tracks", self.sc.tracks.iter().map(|t| t.id.as_str()));
        for (i, t) in self.sc.tracks.iter().enumerate() {
            let p = index_path("tracks", i);
            self.text(|| field_path(&p, "name"), &t.name, MAX_NAME_CHARS, false);
            self.text(
                || field_path(&p, "name_en"),
                &t.name_en,
                MAX_NAME_CHARS,
                false,
            );
        }
    }

    fn stages(&mut self) {
        let sc = self.sc;
        self.not_empty("stages", sc.stages.is_empty(), "stage", "阶段");
        self.ids("stages", sc.stages.iter().map(|s| s.id.as_str()));
        let reach = self.reachable_stages();
        for (i, s) in sc.stages.iter().enumerate() {
            let p = index_path("stages", i);
            if s.id == "exit" {
                self.error(
                    field_path(&p, "id"),
                    "`exit` is reserved for leaving the system; choose another stage id".into(),
                    "`exit` 是保留字（表示离开系统），请换一个阶段 id".into(),
                );
            }
            self.text(|| field_path(&p, "name"), &s.name, MAX_NAME_CHARS, false);
            self.text(
                || field_path(&p, "name_en"),
                &s.name_en,
                MAX_NAME_CHARS,
                false,
            );
            let kp = field_path(&p, "kind");
            match &s.kind {
                StageKind::Training {
                    duration_months,
                    dropout_share,
                    next,
                    course_hours,
                } => {
                    if !(1..=60).contains(duration_months) {
                        self.error(
                            field_path(&kp, "duration_months"),
                            format!(
                                "a training phase lasts 1 to 60 months (found {duration_months})"
                            ),
                            format!(
                                "培训阶段时长必须在 1 到 60 个月之间（当前为 {duration_months}）"
                            ),
                        );
                    }
                    self.number(
                        field_path(&kp, "dropout_share"),
                        *dropout_share,
                        lever_range("stages.kind.dropout_share"),
                    );
                    self.stage_ref(|| field_path(&kp, "next"), next);
                    self.number(
                        field_path(&kp, "course_hours"),
                        *course_hours,
                        between(0.0, 1.0e4),
                    );
                }
                StageKind::Working {
                    pay_yuan_per_month,
                    allowance_yuan_per_month,
                    ..
                } => {
                    self.number(
                        field_path(&kp, "pay_yuan_per_month"),
                        *pay_yuan_per_month,
                        lever_range("stages.kind.pay_yuan_per_month"),
                    );
                    self.number(
                        field_path(&kp, "allowance_yuan_per_month"),
                        *allowance_yuan_per_month,
                        lever_range("stages.kind.allowance_yuan_per_month"),
                    );
                }
                StageKind::Custom { .. } => {}
            }
            self.transitions(&p, s);
            if let Some(e) = &s.exam {
                self.exam(&field_path(&p, "exam"), e, reach.get(i));
            }
            self.source(&p, &s.source);
        }
        self.training_cycles();
    }

    fn transitions(&mut self, p: &str, s: &super::scenario::Stage) {
        let tp = field_path(p, "transitions");
        for (j, t) in s.transitions.iter().enumerate() {
            let jp = index_path(&tp, j);
            if let Target::Stage(id) = &t.to {
                self.stage_ref(|| field_path(&jp, "to"), id);
            }
            self.number(field_path(&jp, "probability"), t.probability, Range::Share);
            self.period(&field_path(&jp, "period"), t.period);
            if let Some(track) = &t.track {
                self.track_ref(|| field_path(&jp, "track"), track);
            }
        }
        // Per period and track, the probabilities must leave room to stay.
        let mut periods: Vec<Period> = Vec::new();
        for t in &s.transitions {
            if !periods.contains(&t.period) {
                periods.push(t.period);
            }
        }
        for period in periods {
            let mut over: Vec<(String, f64)> = Vec::new();
            for track in &self.sc.tracks {
                let sum: f64 = s
                    .transitions
                    .iter()
                    .filter(|t| {
                        t.period == period
                            && t.track.as_ref().is_none_or(|x| *x == track.id)
                            && t.probability.is_finite()
                    })
                    .map(|t| t.probability)
                    .sum();
                if sum > 1.0 + 1e-9 {
                    over.push((track.id.clone(), sum));
                }
            }
            if over.is_empty() {
                continue;
            }
            let (pe, pz) = period_text(period);
            let list = over
                .iter()
                .map(|(t, s)| format!("`{t}` {s:.4}"))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                tp.clone(),
                format!(
                    "stage `{}`: {pe} transition probabilities add up to more than 1 (track {list})",
                    s.id
                ),
                format!("阶段 `{}` 的{pz}转移概率合计超过 1（类别 {list}）", s.id),
            );
        }
    }

    fn exam(&mut self, ep: &str, e: &super::scenario::Exam, reach: Option<&BTreeSet<String>>) {
        let to = field_path(ep, "to");
        match self.stages.get(e.to.as_str()) {
            None => self.stage_ref(|| to, &e.to),
            Some(&k) => {
                if !matches!(self.sc.stages[k].kind, StageKind::Working { .. }) {
                    self.error(
                        to,
                        format!(
                            "people who certify must enter a working stage; `{}` is not one",
                            e.to
                        ),
                        format!(
                            "考试通过后进入的阶段必须是在岗（Working）阶段，`{}` 不是",
                            e.to
                        ),
                    );
                }
            }
        }
        let sp = field_path(ep, "subjects");
        if e.subjects.is_empty() {
            self.error(
                sp.clone(),
                "an exam needs at least one subject".into(),
                "考试至少要有一个科目".into(),
            );
        } else if e.subjects.len() > 4 {
            self.error(
                sp.clone(),
                format!(
                    "an exam has at most 4 subjects (found {})",
                    e.subjects.len()
                ),
                format!("考试科目最多 4 个（当前为 {} 个）", e.subjects.len()),
            );
        }
        if !(1..=3).contains(&e.window_sittings) {
            self.error(
                field_path(ep, "window_sittings"),
                format!(
                    "window_sittings must be 1, 2 or 3 (found {})",
                    e.window_sittings
                ),
                format!(
                    "成绩有效考次必须是 1、2 或 3（当前为 {}）",
                    e.window_sittings
                ),
            );
        }
        let mp = field_path(ep, "min_service_months");
        for (track, m) in &e.min_service_months {
            let p = key_path(&mp, track);
            self.track_ref(|| p.clone(), track);
            self.tracked_months(p, *m);
        }
        self.number(
            field_path(ep, "participation"),
            e.participation,
            lever_range("stages.exam.participation"),
        );
        let mut seen = BTreeSet::new();
        for (j, sub) in e.subjects.iter().enumerate() {
            let jp = index_path(&sp, j);
            if sub.id.trim().is_empty() {
                self.error(
                    field_path(&jp, "id"),
                    "id must not be empty".into(),
                    "id 不能为空".into(),
                );
            } else if let Some(fault) =
                crate::exchange::text::check_field(&sub.id, MAX_ID_CHARS, false)
            {
                self.error(
                    field_path(&jp, "id"),
                    fault.message_en(),
                    fault.message_zh(),
                );
            } else if !seen.insert(sub.id.as_str()) {
                self.error(
                    field_path(&jp, "id"),
                    format!("duplicate subject `{}`", quote(&sub.id)),
                    format!("科目 `{}` 重复", quote(&sub.id)),
                );
            }
            let pp = field_path(&jp, "pass_probability");
            for (track, x) in &sub.pass_probability {
                let p = key_path(&pp, track);
                self.track_ref(|| p.clone(), track);
                self.number(p, *x, lever_range("stages.exam.subjects.pass_probability"));
            }
            for track in &self.sc.tracks {
                let can_sit = reach.is_some_and(|r| r.contains(&track.id));
                if can_sit && !sub.pass_probability.contains_key(&track.id) {
                    self.warn(
                        pp.clone(),
                        format!(
                            "subject `{}` has no pass probability for track `{}`, whose people can sit it; they will never pass",
                            sub.id, track.id
                        ),
                        format!(
                            "科目 `{}` 没有给出类别 `{}` 的通过率，而该类别人员可以参加考试：他们将永远无法通过",
                            sub.id, track.id
                        ),
                    );
                }
            }
        }
        self.source(ep, &e.source);
    }

    /// For every stage, the tracks whose people can ever be in it (from the
    /// initial stock and recruitment, along every flow).
    fn reachable_stages(&self) -> Vec<BTreeSet<String>> {
        let sc = self.sc;
        let n = sc.stages.len();
        let mut reach = vec![BTreeSet::new(); n];
        let mut queue: Vec<(usize, &str)> = Vec::new();
        let stages = &self.stages;
        let enter = |stage: &str,
                     track: &'a str,
                     reach: &mut Vec<BTreeSet<String>>,
                     queue: &mut Vec<(usize, &'a str)>| {
            if let Some(&k) = stages.get(stage)
                && !reach[k].contains(track)
                && reach[k].insert(track.to_string())
            {
                queue.push((k, track));
            }
        };
        for s in sc.initial_stock.iter() {
            enter(&s.stage, &s.track, &mut reach, &mut queue);
        }
        for r in &sc.recruitment {
            let (track, stage) = match r {
                Recruitment::Schedule { track, stage, .. }
                | Recruitment::Cohort { track, stage, .. }
                | Recruitment::ReplaceLeavers { track, stage, .. }
                | Recruitment::FillToNorm { track, stage, .. } => (track, stage),
            };
            enter(stage, track, &mut reach, &mut queue);
        }
        while let Some((k, track)) = queue.pop() {
            let s = &sc.stages[k];
            let mut next: Vec<&str> = Vec::new();
            if let StageKind::Training { next: to, .. } = &s.kind {
                next.push(to);
            }
            for t in &s.transitions {
                if let Target::Stage(to) = &t.to
                    && t.track.as_ref().is_none_or(|x| x == track)
                {
                    next.push(to);
                }
            }
            if let Some(e) = &s.exam {
                next.push(&e.to);
            }
            if let Some(d) = &sc.certify_deadline
                && let DeadlineConsequence::MoveTo(to) = &d.consequence
                && d.stages.contains(&s.id)
            {
                next.push(to);
            }
            for to in next {
                enter(to, track, &mut reach, &mut queue);
            }
        }
        reach
    }

    /// Training phases whose `next` chain loops back: trainees never finish.
    fn training_cycles(&mut self) {
        let sc = self.sc;
        let next_of = |k: usize| -> Option<usize> {
            match &sc.stages[k].kind {
                StageKind::Training { next, .. } => self.stages.get(next.as_str()).copied(),
                _ => None,
            }
        };
        let mut reported: BTreeSet<usize> = BTreeSet::new();
        let mut found = Vec::new();
        for start in 0..sc.stages.len() {
            let mut chain = vec![start];
            let mut at = start;
            while let Some(k) = next_of(at) {
                if let Some(pos) = chain.iter().position(|&x| x == k) {
                    let cycle = &chain[pos..];
                    let first = cycle.iter().copied().min().unwrap_or(k);
                    if reported.insert(first) {
                        let mut names: Vec<&str> = Vec::new();
                        let from = cycle.iter().position(|&x| x == first).unwrap_or(0);
                        for x in cycle[from..].iter().chain(&cycle[..from]) {
                            names.push(&sc.stages[*x].id);
                        }
                        names.push(&sc.stages[first].id);
                        found.push((first, names.join(" → ")));
                    }
                    break;
                }
                chain.push(k);
                at = k;
            }
        }
        for (first, names) in found {
            self.error(
                field_path(&index_path("stages", first), "kind.next"),
                format!("training phases form a cycle ({names}); trainees would never finish"),
                format!("培训阶段的 next 形成循环（{names}），学员永远无法结业"),
            );
        }
    }

    fn initial_stock(&mut self) {
        let sc = self.sc;
        for (i, s) in sc.initial_stock.iter().enumerate() {
            // Paths are written only for a problem: a national file has
            // tens of thousands of entries.
            let f = |name: &str| field_path(&index_path("initial_stock", i), name);
            self.township_ref(|| f("township"), &s.township);
            self.track_ref(|| f("track"), &s.track);
            self.stage_ref(|| f("stage"), &s.stage);
            self.number_at(|| f("count"), s.count, between(0.0, 1.0e6));
            if s.tenure_months > MAX_SERVICE_MONTHS {
                self.months_between(
                    || f("tenure_months"),
                    s.tenure_months,
                    0,
                    MAX_SERVICE_MONTHS,
                );
            }
            if let Some(&k) = self.stages.get(s.stage.as_str())
                && let StageKind::Training {
                    duration_months, ..
                } = sc.stages[k].kind
                && s.tenure_months >= duration_months
            {
                self.error(
                    f("tenure_months"),
                    format!(
                        "{} months already spent, but training phase `{}` lasts only {duration_months}",
                        s.tenure_months, s.stage
                    ),
                    format!(
                        "期初已培训 {} 个月，不少于培训阶段 `{}` 的时长 {duration_months} 个月",
                        s.tenure_months, s.stage
                    ),
                );
            }
        }
    }

    fn recruitment(&mut self) {
        let sc = self.sc;
        for (i, r) in sc.recruitment.iter().enumerate() {
            let p = index_path("recruitment", i);
            let f = |name: &str| field_path(&p, name);
            match r {
                Recruitment::Schedule {
                    track,
                    stage,
                    hires_per_year,
                    month,
                    from_year,
                    to_year,
                    applicants_per_year,
                    allocation,
                    source,
                    ..
                } => {
                    self.track_ref(|| f("track"), track);
                    self.stage_ref(|| f("stage"), stage);
                    self.number(
                        f("hires_per_year"),
                        *hires_per_year,
                        lever_range("recruitment.hires_per_year"),
                    );
                    if let Some(m) = month {
                        self.month(f("month"), *m);
                    }
                    if let Some(y) = from_year {
                        self.year(|| f("from_year"), *y);
                    }
                    if let Some(y) = to_year {
                        self.year(|| f("to_year"), *y);
                    }
                    if let (Some(from), Some(to)) = (from_year, to_year)
                        && from > to
                    {
                        self.error(
                            f("to_year"),
                            format!("to_year {to} is before from_year {from}"),
                            format!("结束年份 {to} 早于开始年份 {from}"),
                        );
                    }
                    if let Some(a) = applicants_per_year {
                        self.number(
                            f("applicants_per_year"),
                            *a,
                            lever_range("recruitment.applicants_per_year"),
                        );
                    }
                    self.allocation(&f("allocation"), allocation);
                    self.source(&p, source);
                }
                Recruitment::Cohort {
                    name,
                    name_en,
                    track,
                    stage,
                    start_year,
                    start_month,
                    size,
                    until_year,
                    allocation,
                    source,
                    ..
                } => {
                    self.text(|| f("name"), name, MAX_NAME_CHARS, false);
                    self.text(|| f("name_en"), name_en, MAX_NAME_CHARS, false);
                    self.track_ref(|| f("track"), track);
                    self.stage_ref(|| f("stage"), stage);
                    self.year(|| f("start_year"), *start_year);
                    self.month(f("start_month"), *start_month);
                    self.number(f("size"), *size, lever_range("recruitment.size"));
                    // `repeat_every_months` (zero used to mean a single
                    // intake, silently) is checked by the lever catalog.
                    if let Some(y) = until_year {
                        self.year(|| f("until_year"), *y);
                        if *y < *start_year {
                            self.error(
                                f("until_year"),
                                format!("until_year {y} is before start_year {start_year}"),
                                format!("截止年份 {y} 早于开始年份 {start_year}"),
                            );
                        }
                    }
                    self.allocation(&f("allocation"), allocation);
                    self.source(&p, source);
                }
                Recruitment::ReplaceLeavers {
                    track,
                    stage,
                    share,
                    leavers_of_track,
                    period,
                    source,
                } => {
                    self.track_ref(|| f("track"), track);
                    self.stage_ref(|| f("stage"), stage);
                    self.number(f("share"), *share, lever_range("recruitment.share"));
                    if let Some(t) = leavers_of_track {
                        self.track_ref(|| f("leavers_of_track"), t);
                    }
                    self.period(&f("period"), *period);
                    self.source(&p, source);
                }
                Recruitment::FillToNorm {
                    track,
                    stage,
                    max_hires_per_year,
                    month,
                    source,
                } => {
                    self.track_ref(|| f("track"), track);
                    self.stage_ref(|| f("stage"), stage);
                    self.number(
                        f("max_hires_per_year"),
                        *max_hires_per_year,
                        lever_range("recruitment.max_hires_per_year"),
                    );
                    if let Some(m) = month {
                        self.month(f("month"), *m);
                    }
                    self.source(&p, source);
                }
            }
        }
    }

    fn retention(&mut self) {
        let r = &self.sc.retention;
        for (i, x) in r.exit_rates.iter().enumerate() {
            let p = index_path("retention.exit_rates", i);
            if let Some(t) = &x.track {
                self.track_ref(|| field_path(&p, "track"), t);
            }
            if let Some(s) = &x.stage {
                match self.stages.get(s.as_str()) {
                    None => self.stage_ref(|| field_path(&p, "stage"), s),
                    Some(&k) if !matches!(self.sc.stages[k].kind, StageKind::Working { .. }) => {
                        self.warn(
                            field_path(&p, "stage"),
                            format!(
                                "exit rates apply only to working stages; `{s}` is not one, so this rate has no effect (use a transition to Exit)"
                            ),
                            format!(
                                "离职率只作用于在岗（Working）阶段；`{s}` 不是，这一条不起作用（请改用流向 Exit 的转移）"
                            ),
                        );
                    }
                    Some(_) => {}
                }
            }
            if x.tenure_from_months > MAX_SERVICE_MONTHS {
                self.months_between(
                    || field_path(&p, "tenure_from_months"),
                    x.tenure_from_months,
                    0,
                    MAX_SERVICE_MONTHS,
                );
            }
            if let Some(to) = x.tenure_to_months
                && to > MAX_SERVICE_MONTHS
            {
                self.months_between(
                    || field_path(&p, "tenure_to_months"),
                    to,
                    1,
                    MAX_SERVICE_MONTHS,
                );
            }
            if let Some(to) = x.tenure_to_months
                && x.tenure_from_months >= to
            {
                self.error(
                    field_path(&p, "tenure_to_months"),
                    format!(
                        "the tenure band is empty: it starts at {} months and ends at {to}",
                        x.tenure_from_months
                    ),
                    format!(
                        "工龄区间为空：起点 {} 个月不小于终点 {to} 个月",
                        x.tenure_from_months
                    ),
                );
            }
            self.number(
                field_path(&p, "annual_rate"),
                x.annual_rate,
                lever_range("retention.exit_rates.annual_rate"),
            );
        }
        if !(1..=MAX_TRACKED_MONTHS).contains(&r.contract_months) {
            self.error(
                "retention.contract_months".into(),
                format!(
                    "a contract lasts 1 to {MAX_TRACKED_MONTHS} months (found {})",
                    r.contract_months
                ),
                format!(
                    "合同期必须在 1 到 {MAX_TRACKED_MONTHS} 个月之间（当前为 {}）",
                    r.contract_months
                ),
            );
        }
        for (t, x) in &r.renewal_exit_share {
            let p = key_path("retention.renewal_exit_share", t);
            self.track_ref(|| p.clone(), t);
            self.number(p, *x, Range::Share);
        }
        // Elasticities and sensitivities far past any estimate (the
        // literature's pay elasticities of quits are below 2) would only
        // turn a hazard into an overflow.
        for (name, x, range) in [
            ("pay_elasticity", r.pay_elasticity, between(-10.0, 10.0)),
            (
                "reference_pay_ratio",
                r.reference_pay_ratio,
                between(0.0, 100.0),
            ),
            (
                "ladder_multiplier",
                r.ladder_multiplier,
                between(0.0, 100.0),
            ),
            (
                "admin_sensitivity",
                r.admin_sensitivity,
                between(0.0, 100.0),
            ),
            (
                "reference_admin_share",
                r.reference_admin_share,
                Range::Share,
            ),
            (
                "arrears_sensitivity_per_month",
                r.arrears_sensitivity_per_month,
                between(0.0, 100.0),
            ),
            (
                "remoteness_sensitivity",
                r.remoteness_sensitivity,
                between(0.0, 100.0),
            ),
        ] {
            self.number(field_path("retention", name), x, range);
        }
        self.reference_pay_ratio();
        let mut bare = r.clone();
        bare.source.clear();
        if bare != super::scenario::Retention::default() {
            self.source("retention", &r.source);
        }
    }

    /// The reference pay ratio against the starting staff's pay ÷ the local
    /// wage: a wage typed in without its ratio (or the other way round)
    /// multiplies every exit hazard from the first month.
    fn reference_pay_ratio(&mut self) {
        let r = &self.sc.retention;
        let Some(actual) = self.sc.starting_pay_ratio() else {
            return;
        };
        if !(r.reference_pay_ratio > 0.0 && r.pay_elasticity.is_finite()) {
            return;
        }
        let factor = (actual / r.reference_pay_ratio).powf(-r.pay_elasticity);
        if (factor - 1.0).abs() <= 0.1 {
            return;
        }
        let (reference, wage) = (
            r.reference_pay_ratio,
            self.sc.county.local_average_wage_yuan_per_month,
        );
        let pay = actual * wage;
        self.warn(
            "retention.reference_pay_ratio".into(),
            format!(
                "the reference pay ratio {reference:.3} disagrees with the starting staff's pay ÷ local wage, {pay:.0} ÷ {wage:.0} = {actual:.3}: every exit hazard is multiplied by {factor:.2} from the first month; set it to {actual:.3} if the wage is right"
            ),
            format!(
                "参照工资比 {reference:.3} 与期初人员工资 ÷ 当地平均工资（{pay:.0} ÷ {wage:.0} = {actual:.3}）不符：从第一个月起所有离职风险都乘以 {factor:.2}；若当地工资无误，请改为 {actual:.3}"
            ),
        );
    }

    fn need(&mut self) {
        let n = &self.sc.need;
        for (i, c) in n.caseloads.iter().enumerate() {
            let p = index_path("need.caseloads", i);
            self.number(
                field_path(&p, "cases_per_person_per_year"),
                c.cases_per_person_per_year,
                Range::Share,
            );
            self.number(
                field_path(&p, "hours_per_case"),
                c.hours_per_case,
                between(0.0, 1.0e4),
            );
        }
        // Hours in a leap year.
        self.number(
            "need.hours_per_worker_per_year".into(),
            n.hours_per_worker_per_year,
            between(1.0, 8_784.0),
        );
        for (name, x) in [
            (
                "travel_overhead_at_remoteness_1",
                n.travel_overhead_at_remoteness_1,
            ),
            ("station_minimum_workers", n.station_minimum_workers),
            ("workers_per_10k_target", n.workers_per_10k_target),
            ("villages_per_worker", n.villages_per_worker),
        ] {
            self.number(field_path("need", name), x, between(0.0, 1.0e4));
        }
        let mut bare = n.clone();
        bare.source.clear();
        if bare != super::scenario::Need::default() {
            self.source("need", &n.source);
        }
    }
}

/// The older target fields set away from their defaults.
fn t_legacy(t: &super::scenario::Targets) -> Vec<&'static str> {
    let mut out = Vec::new();
    if !t.all_stations_at_norm {
        out.push("all_stations_at_norm");
    }
    if t.certified_share_at_least.is_some() {
        out.push("certified_share_at_least");
    }
    if t.workers_per_10k_at_least.is_some() {
        out.push("workers_per_10k_at_least");
    }
    if !t.spend_within_budget {
        out.push("spend_within_budget");
    }
    out
}
