//! The policy levers as controls with units and valid ranges: recruitment
//! and cohorts, pay and allowances, the promotion ladder, admin share,
//! funding and delays, station norms, exam support. Each shows its source
//! (or "assumed") in a tooltip. A value outside its range shows an inline
//! message and is not applied, so the results keep the last valid state.

use super::Env;
use crate::app::command::Command;
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::views::{stage_name, track_name};
use crate::model::scenario::{Recruitment, Scenario, StageKind};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// Writes a new value of one lever into a scenario.
type Setter<'a> = Box<dyn Fn(&mut Scenario, f64) + 'a>;

/// One numeric lever row: what it shows, where it lives, its valid range,
/// and how a new value is written.
struct Spec<'a> {
    label: String,
    path: String,
    unit: &'static str,
    range: RangeInclusive<f64>,
    decimals: usize,
    source: &'a str,
    value: f64,
    set: Setter<'a>,
}

/// The levers panel.
#[derive(Debug, Default)]
pub struct LeversPanel {
    /// Values typed but outside their range, by field path.
    drafts: BTreeMap<String, f64>,
    /// A field to scroll to and focus (from the status bar).
    focus: Option<String>,
    /// Problems of the scenario by field path, in the interface language
    /// (true for errors), and the revision and language they were taken for.
    problems: BTreeMap<String, (String, bool)>,
    problems_of: Option<(u64, Lang)>,
    /// Apply slider drags when they end rather than every frame (big
    /// documents, where each edit copies the whole scenario).
    defer_drags: bool,
    /// Values of sliders being dragged, not yet applied, by field path.
    dragging: BTreeMap<String, f64>,
}

fn edit(sc: &Scenario, path: &str, f: impl FnOnce(&mut Scenario)) -> Command {
    let mut s = sc.clone();
    f(&mut s);
    Command::Edit {
        field: path.to_string(),
        scenario: Box::new(s),
    }
}

/// A row for a top-level field (`levers.*`, `budget.*`, `need.*`).
fn field<'a>(
    l: Lang,
    key: &'static str,
    path: &'static str,
    (unit, range, decimals): (&'static str, RangeInclusive<f64>, usize),
    source: &'a str,
    value: f64,
    set: fn(&mut Scenario, f64),
) -> Spec<'a> {
    Spec {
        label: l.t(key).into(),
        path: path.into(),
        unit,
        range,
        decimals,
        source,
        value,
        set: Box::new(set),
    }
}

/// Units, ranges and decimals shared by many rows.
const SHARE: (&str, RangeInclusive<f64>, usize) = ("unit.share", 0.0..=1.0, 2);
const PEOPLE_PER_YEAR: (&str, RangeInclusive<f64>, usize) =
    ("unit.people_per_year", 0.0..=1000.0, 1);

fn recruitment_rows(sc: &Scenario, l: Lang) -> Vec<Spec<'_>> {
    let mut rows = vec![field(
        l,
        "levers.recruitment_multiplier",
        "levers.recruitment_multiplier",
        ("unit.multiplier", 0.0..=10.0, 2),
        &sc.levers.source,
        sc.levers.recruitment_multiplier,
        |s, v| s.levers.recruitment_multiplier = v,
    )];
    for (i, r) in sc.recruitment.iter().enumerate() {
        match r {
            Recruitment::Schedule {
                track,
                hires_per_year,
                source,
                ..
            } => rows.push(Spec {
                label: format!(
                    "{} · {}",
                    track_name(sc, track, l),
                    l.t("levers.hires_per_year")
                ),
                path: format!("recruitment[{i}].hires_per_year"),
                unit: PEOPLE_PER_YEAR.0,
                range: PEOPLE_PER_YEAR.1,
                decimals: PEOPLE_PER_YEAR.2,
                source,
                value: *hires_per_year,
                set: Box::new(move |s, v| {
                    if let Some(Recruitment::Schedule { hires_per_year, .. }) =
                        s.recruitment.get_mut(i)
                    {
                        *hires_per_year = v;
                    }
                }),
            }),
            Recruitment::Cohort {
                name,
                name_en,
                size,
                repeat_every_months,
                source,
                ..
            } => {
                let name = l.name(name, name_en);
                rows.push(Spec {
                    label: format!("{name} · {}", l.t("levers.cohort_size")),
                    path: format!("recruitment[{i}].size"),
                    unit: "unit.people",
                    range: 0.0..=1000.0,
                    decimals: 0,
                    source,
                    value: *size,
                    set: Box::new(move |s, v| {
                        if let Some(Recruitment::Cohort { size, .. }) = s.recruitment.get_mut(i) {
                            *size = v;
                        }
                    }),
                });
                if let Some(every) = repeat_every_months {
                    rows.push(Spec {
                        label: format!("{name} · {}", l.t("levers.cohort_every")),
                        path: format!("recruitment[{i}].repeat_every_months"),
                        unit: "unit.months",
                        range: 1.0..=120.0,
                        decimals: 0,
                        source,
                        value: f64::from(*every),
                        set: Box::new(move |s, v| {
                            if let Some(Recruitment::Cohort {
                                repeat_every_months,
                                ..
                            }) = s.recruitment.get_mut(i)
                            {
                                *repeat_every_months = Some(v.round() as u32);
                            }
                        }),
                    });
                }
            }
            Recruitment::ReplaceLeavers {
                track,
                share,
                source,
                ..
            } => rows.push(Spec {
                label: format!(
                    "{} · {}",
                    track_name(sc, track, l),
                    l.t("levers.replace_share")
                ),
                path: format!("recruitment[{i}].share"),
                unit: SHARE.0,
                range: SHARE.1,
                decimals: SHARE.2,
                source,
                value: *share,
                set: Box::new(move |s, v| {
                    if let Some(Recruitment::ReplaceLeavers { share, .. }) =
                        s.recruitment.get_mut(i)
                    {
                        *share = v;
                    }
                }),
            }),
            Recruitment::FillToNorm {
                track,
                max_hires_per_year,
                source,
                ..
            } => rows.push(Spec {
                label: format!("{} · {}", track_name(sc, track, l), l.t("levers.fill_max")),
                path: format!("recruitment[{i}].max_hires_per_year"),
                unit: PEOPLE_PER_YEAR.0,
                range: PEOPLE_PER_YEAR.1,
                decimals: PEOPLE_PER_YEAR.2,
                source,
                value: *max_hires_per_year,
                set: Box::new(move |s, v| {
                    if let Some(Recruitment::FillToNorm {
                        max_hires_per_year, ..
                    }) = s.recruitment.get_mut(i)
                    {
                        *max_hires_per_year = v;
                    }
                }),
            }),
        }
    }
    rows
}

fn pay_rows(sc: &Scenario, l: Lang) -> Vec<Spec<'_>> {
    let mut rows = vec![field(
        l,
        "levers.pay_multiplier",
        "levers.pay_multiplier",
        ("unit.multiplier", 0.0..=5.0, 2),
        &sc.levers.source,
        sc.levers.pay_multiplier,
        |s, v| s.levers.pay_multiplier = v,
    )];
    for (i, st) in sc.stages.iter().enumerate() {
        let StageKind::Working {
            pay_yuan_per_month,
            allowance_yuan_per_month,
            ..
        } = st.kind
        else {
            continue;
        };
        let name = stage_name(sc, &st.id, l);
        let pay = move |s: &mut Scenario, allowance: bool, v: f64| {
            if let Some(StageKind::Working {
                pay_yuan_per_month,
                allowance_yuan_per_month,
                ..
            }) = s.stages.get_mut(i).map(|s| &mut s.kind)
            {
                *if allowance {
                    allowance_yuan_per_month
                } else {
                    pay_yuan_per_month
                } = v;
            }
        };
        rows.push(Spec {
            label: format!("{name} · {}", l.t("levers.pay_stage")),
            path: format!("stages[{i}].kind.pay_yuan_per_month"),
            unit: "unit.yuan_per_month",
            range: 0.0..=30000.0,
            decimals: 0,
            source: &st.source,
            value: pay_yuan_per_month,
            set: Box::new(move |s, v| pay(s, false, v)),
        });
        rows.push(Spec {
            label: format!("{name} · {}", l.t("levers.allowance_stage")),
            path: format!("stages[{i}].kind.allowance_yuan_per_month"),
            unit: "unit.yuan_per_month",
            range: 0.0..=5000.0,
            decimals: 0,
            source: &st.source,
            value: allowance_yuan_per_month,
            set: Box::new(move |s, v| pay(s, true, v)),
        });
    }
    rows
}

fn admin_rows(sc: &Scenario, l: Lang) -> Vec<Spec<'_>> {
    vec![field(
        l,
        "levers.admin_share",
        "levers.admin_share",
        SHARE,
        &sc.levers.source,
        sc.levers.admin_share,
        |s, v| s.levers.admin_share = v,
    )]
}

fn funding_rows(sc: &Scenario, l: Lang) -> Vec<Spec<'_>> {
    let mut rows = Vec::new();
    for (i, f) in sc.budget.sources.iter().enumerate() {
        let name = l.name(&f.name, &f.name_en);
        rows.push(Spec {
            label: format!("{name} · {}", l.t("levers.funding_source")),
            path: format!("budget.sources[{i}].yuan_per_year"),
            unit: "unit.yuan_per_year",
            range: 0.0..=1e9,
            decimals: 0,
            source: &sc.budget.source,
            value: f.yuan_per_year,
            set: Box::new(move |s, v| {
                if let Some(f) = s.budget.sources.get_mut(i) {
                    f.yuan_per_year = v;
                }
            }),
        });
        rows.push(Spec {
            label: format!("{name} · {}", l.t("levers.funding_growth")),
            path: format!("budget.sources[{i}].growth_per_year"),
            unit: "unit.share",
            range: -0.5..=0.5,
            decimals: 3,
            source: &sc.budget.source,
            value: f.growth_per_year,
            set: Box::new(move |s, v| {
                if let Some(f) = s.budget.sources.get_mut(i) {
                    f.growth_per_year = v;
                }
            }),
        });
    }
    rows.push(field(
        l,
        "levers.delay_probability",
        "budget.funding_delay_probability",
        SHARE,
        &sc.budget.source,
        sc.budget.funding_delay_probability,
        |s, v| s.budget.funding_delay_probability = v,
    ));
    rows.push(field(
        l,
        "levers.delay_months",
        "budget.funding_delay_months",
        ("unit.months", 0.0..=24.0, 1),
        &sc.budget.source,
        sc.budget.funding_delay_months,
        |s, v| s.budget.funding_delay_months = v,
    ));
    rows
}

fn exam_rows(sc: &Scenario, l: Lang) -> Vec<Spec<'_>> {
    let mut rows = vec![field(
        l,
        "levers.exam_uplift",
        "levers.exam_support_pass_uplift",
        SHARE,
        &sc.levers.source,
        sc.levers.exam_support_pass_uplift,
        |s, v| s.levers.exam_support_pass_uplift = v,
    )];
    for (i, st) in sc.stages.iter().enumerate() {
        let Some(exam) = &st.exam else { continue };
        let name = stage_name(sc, &st.id, l);
        rows.push(Spec {
            label: format!("{name} · {}", l.t("levers.participation")),
            path: format!("stages[{i}].exam.participation"),
            unit: SHARE.0,
            range: SHARE.1,
            decimals: SHARE.2,
            source: &exam.source,
            value: exam.participation,
            set: Box::new(move |s, v| {
                if let Some(e) = s.stages.get_mut(i).and_then(|s| s.exam.as_mut()) {
                    e.participation = v;
                }
            }),
        });
        for (j, sub) in exam.subjects.iter().enumerate() {
            for (track, prob) in &sub.pass_probability {
                rows.push(Spec {
                    label: format!(
                        "{name} · {} · {} · {}",
                        sub.id,
                        track_name(sc, track, l),
                        l.t("levers.pass_rate")
                    ),
                    path: format!("stages[{i}].exam.subjects[{j}].pass_probability.{track}"),
                    unit: SHARE.0,
                    range: SHARE.1,
                    decimals: SHARE.2,
                    source: &exam.source,
                    value: *prob,
                    set: Box::new(move |s, v| {
                        if let Some(sub) = s
                            .stages
                            .get_mut(i)
                            .and_then(|s| s.exam.as_mut())
                            .and_then(|e| e.subjects.get_mut(j))
                        {
                            sub.pass_probability.insert(track.clone(), v);
                        }
                    }),
                });
            }
        }
    }
    rows
}

/// Per-township norms listed at most (long lists in big files are edited in the file).
const MAX_TOWNSHIP_ROWS: usize = 200;

fn norm_rows(sc: &Scenario, l: Lang) -> Vec<Spec<'_>> {
    let mut rows = vec![
        field(
            l,
            "levers.station_minimum",
            "need.station_minimum_workers",
            ("unit.people", 0.0..=50.0, 1),
            &sc.need.source,
            sc.need.station_minimum_workers,
            |s, v| s.need.station_minimum_workers = v,
        ),
        field(
            l,
            "levers.horizon",
            "horizon_years",
            (
                "unit.years",
                1.0..=f64::from(crate::model::scenario::MAX_HORIZON_YEARS),
                0,
            ),
            "",
            f64::from(sc.horizon_years),
            |s, v| s.horizon_years = v.round() as u32,
        ),
    ];
    for (i, t) in sc
        .county
        .townships
        .iter()
        .enumerate()
        .take(MAX_TOWNSHIP_ROWS)
    {
        rows.push(Spec {
            label: format!("{} · {}", t.name, l.t("levers.norm")),
            path: format!("county.townships[{i}].staffing_norm"),
            unit: "unit.people",
            range: 0.0..=50.0,
            decimals: 1,
            source: &sc.need.source,
            value: t.staffing_norm,
            set: Box::new(move |s, v| {
                if let Some(t) = std::sync::Arc::make_mut(&mut s.county.townships).get_mut(i) {
                    t.staffing_norm = v;
                }
            }),
        });
    }
    rows
}

/// A yes/no lever: label key, field path, how it reads and writes, its source.
struct Toggle<'a> {
    key: &'static str,
    path: &'static str,
    value: bool,
    source: &'a str,
    set: fn(&mut Scenario, bool),
}

impl LeversPanel {
    /// Scrolls to the field at `path` on the next frame.
    pub fn focus(&mut self, path: &str) {
        self.focus = Some(path.to_string());
    }

    /// True if the field has a rejected value on screen.
    #[must_use]
    pub fn has_draft(&self, path: &str) -> bool {
        self.drafts.contains_key(path)
    }

    /// A labelled slider with unit, tooltip and inline error; returns a new valid value.
    fn number(&mut self, ui: &mut egui::Ui, l: Lang, spec: &Spec<'_>) -> Option<f64> {
        let Spec {
            label,
            path,
            unit,
            range,
            decimals,
            source,
            value,
            set: _,
        } = spec;
        let (unit, decimals, value) = (*unit, *decimals, *value);
        // The tooltip is written only when it shows (long source notes, ~100 rows a frame).
        let tip = |ui: &mut egui::Ui| {
            let source = if source.trim().is_empty() {
                l.t("levers.assumed")
            } else {
                source
            };
            ui.label(format!(
                "{}: {source}\n{}: {} – {} {}",
                l.t("levers.source"),
                l.t("levers.range"),
                range.start(),
                range.end(),
                l.t(unit)
            ));
        };
        let label_resp = ui.label(label.as_str()).on_hover_ui(tip);
        let mut v = self
            .drafts
            .get(path)
            .or_else(|| self.dragging.get(path))
            .copied()
            .unwrap_or(value);
        let resp = ui
            .add(
                egui::Slider::new(&mut v, range.clone())
                    .clamping(egui::SliderClamping::Never)
                    .fixed_decimals(decimals),
            )
            .labelled_by(label_resp.id)
            .on_hover_ui(tip);
        if self.focus.as_deref() == Some(path.as_str()) {
            resp.scroll_to_me(Some(egui::Align::Center));
            resp.request_focus();
            self.focus = None;
        }
        ui.label(l.t(unit));
        let valid = v.is_finite() && range.contains(&v);
        if self.drafts.contains_key(path) || !valid {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{}: {} – {}",
                    l.t("err.out_of_range"),
                    range.start(),
                    range.end()
                ),
            );
        } else if let Some((msg, error)) = self.problems.get(path) {
            let color = if *error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().warn_fg_color
            };
            ui.colored_label(color, msg);
        } else {
            ui.label("");
        }
        ui.end_row();
        if resp.changed() {
            if valid {
                self.drafts.remove(path);
                if self.defer_drags && resp.dragged() {
                    self.dragging.insert(path.clone(), v);
                    return None;
                }
                self.dragging.remove(path);
                return Some(v);
            }
            self.drafts.insert(path.clone(), v);
        }
        if resp.drag_stopped() {
            return self.dragging.remove(path);
        }
        None
    }

    fn checkbox(
        ui: &mut egui::Ui,
        l: Lang,
        label: &str,
        value: bool,
        source: &str,
    ) -> Option<bool> {
        let source = if source.trim().is_empty() {
            l.t("levers.assumed")
        } else {
            source
        };
        let mut v = value;
        let tip = format!("{}: {source}", l.t("levers.source"));
        ui.label("");
        let changed = ui.checkbox(&mut v, label).on_hover_text(tip).changed();
        ui.label("");
        ui.label("");
        ui.end_row();
        changed.then_some(v)
    }

    /// Draws rows, returning the edit of the one that changed.
    fn rows(
        &mut self,
        ui: &mut egui::Ui,
        l: Lang,
        sc: &Scenario,
        rows: &[Spec<'_>],
    ) -> Option<Command> {
        let mut out = None;
        for row in rows {
            if let Some(v) = self.number(ui, l, row) {
                out = Some(edit(sc, &row.path, |s| (row.set)(s, v)));
            }
        }
        out
    }

    /// Draws yes/no rows, returning the edit of the one that changed.
    fn toggles(
        ui: &mut egui::Ui,
        l: Lang,
        sc: &Scenario,
        toggles: &[Toggle<'_>],
    ) -> Option<Command> {
        let mut out = None;
        for t in toggles {
            if let Some(v) = Self::checkbox(ui, l, l.t(t.key), t.value, t.source) {
                out = Some(edit(sc, t.path, |s| (t.set)(s, v)));
            }
        }
        out
    }

    /// Draws the levers and returns an edit command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let sc = &doc.scenario;
        let mut out = None;
        self.defer_drags = doc.is_big();
        if self.problems_of != Some((doc.problems_revision, l)) {
            self.problems_of = Some((doc.problems_revision, l));
            self.problems = doc
                .problems
                .iter()
                .map(|p| (p.path.clone(), (p.message(l).to_string(), p.error)))
                .collect();
        }
        let ladder = [Toggle {
            key: "levers.ladder_on",
            path: "levers.promotion_ladder",
            value: sc.levers.promotion_ladder,
            source: &sc.retention.source,
            set: |s, v| s.levers.promotion_ladder = v,
        }];
        let cap = [Toggle {
            key: "levers.cap_hiring",
            path: "budget.cap_hiring_at_funding",
            value: sc.budget.cap_hiring_at_funding,
            source: &sc.budget.source,
            set: |s, v| s.budget.cap_hiring_at_funding = v,
        }];
        type Rows = for<'s> fn(&'s Scenario, Lang) -> Vec<Spec<'s>>;
        let groups: [(&'static str, Rows, &[Toggle<'_>]); 7] = [
            ("levers.recruitment", recruitment_rows, &[]),
            ("levers.pay", pay_rows, &[]),
            ("levers.ladder", |_, _| Vec::new(), &ladder),
            ("levers.admin", admin_rows, &[]),
            ("levers.funding", funding_rows, &cap),
            ("levers.exam", exam_rows, &[]),
            ("levers.norms", norm_rows, &[]),
        ];
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                for (key, rows, toggles) in groups {
                    egui::CollapsingHeader::new(egui::RichText::new(l.t(key)).strong())
                        .id_salt(key)
                        .default_open(true)
                        .show(ui, |ui| {
                            egui::Grid::new((key, "grid"))
                                .num_columns(4)
                                .striped(true)
                                .spacing([10.0, 4.0])
                                .show(ui, |ui| {
                                    let rows = rows(sc, l);
                                    if let Some(cmd) = self.rows(ui, l, sc, &rows) {
                                        out = Some(cmd);
                                    }
                                    if let Some(cmd) = Self::toggles(ui, l, sc, toggles) {
                                        out = Some(cmd);
                                    }
                                });
                        });
                }
            });
        out
    }
}
