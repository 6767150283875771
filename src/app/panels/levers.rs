//! The policy levers as controls with units and valid ranges: recruitment
//! and cohorts, pay and allowances, the promotion ladder, admin share,
//! funding and delays, station norms, exam support. Each shows its source
//! (or "assumed") in a tooltip. A value outside its range shows an inline
//! message and is not applied, so the results keep the last valid state.

use super::Env;
use crate::app::command::Command;
use crate::app::document::Document;
use crate::app::i18n::Lang;
use crate::app::views::stage_name;
use crate::model::scenario::{Recruitment, Scenario, StageKind};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// One numeric control.
struct Spec<'a> {
    label: String,
    path: String,
    unit: &'static str,
    range: RangeInclusive<f64>,
    decimals: usize,
    source: &'a str,
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
}

fn edit(sc: &Scenario, path: &str, f: impl FnOnce(&mut Scenario)) -> Command {
    let mut s = sc.clone();
    f(&mut s);
    Command::Edit {
        field: path.to_string(),
        scenario: Box::new(s),
    }
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
    fn number(&mut self, ui: &mut egui::Ui, l: Lang, spec: Spec<'_>, value: f64) -> Option<f64> {
        let Spec {
            label,
            path,
            unit,
            range,
            decimals,
            source,
        } = spec;
        let source = if source.trim().is_empty() {
            l.t("levers.assumed").to_string()
        } else {
            source.to_string()
        };
        let tip = format!(
            "{}: {source}\n{}: {} – {} {}",
            l.t("levers.source"),
            l.t("levers.range"),
            range.start(),
            range.end(),
            l.t(unit)
        );
        let label_resp = ui.label(&label).on_hover_text(&tip);
        let mut v = self.drafts.get(&path).copied().unwrap_or(value);
        let resp = ui
            .add(
                egui::Slider::new(&mut v, range.clone())
                    .clamping(egui::SliderClamping::Never)
                    .fixed_decimals(decimals),
            )
            .labelled_by(label_resp.id)
            .on_hover_text(&tip);
        if self.focus.as_deref() == Some(path.as_str()) {
            resp.scroll_to_me(Some(egui::Align::Center));
            resp.request_focus();
            self.focus = None;
        }
        ui.label(l.t(unit));
        let valid = v.is_finite() && range.contains(&v);
        if self.drafts.contains_key(&path) || !valid {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{}: {} – {}",
                    l.t("err.out_of_range"),
                    range.start(),
                    range.end()
                ),
            );
        } else if let Some((msg, error)) = self.problems.get(&path) {
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
                self.drafts.remove(&path);
                return Some(v);
            }
            self.drafts.insert(path, v);
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

    /// Draws the levers and returns an edit command.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, env: &Env<'_>) -> Option<Command> {
        let l = env.lang;
        let sc = &doc.scenario;
        let mut out = None;
        if self.problems_of != Some((doc.problems_revision, l)) {
            self.problems_of = Some((doc.problems_revision, l));
            self.problems = doc
                .problems
                .iter()
                .map(|p| (p.path.clone(), (p.message(l).to_string(), p.error)))
                .collect();
        }
        let track_name = |id: &str| {
            sc.tracks.iter().find(|t| t.id == id).map_or_else(
                || id.to_string(),
                |t| match l {
                    Lang::En if !t.name_en.is_empty() => t.name_en.clone(),
                    _ => t.name.clone(),
                },
            )
        };
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                let group =
                    |ui: &mut egui::Ui, key: &'static str, body: &mut dyn FnMut(&mut egui::Ui)| {
                        egui::CollapsingHeader::new(egui::RichText::new(l.t(key)).strong())
                            .id_salt(key)
                            .default_open(true)
                            .show(ui, |ui| {
                                egui::Grid::new((key, "grid"))
                                    .num_columns(4)
                                    .striped(true)
                                    .spacing([10.0, 4.0])
                                    .show(ui, |ui| body(ui));
                            });
                    };

                group(ui, "levers.recruitment", &mut |ui| {
                    let p = "levers.recruitment_multiplier";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.recruitment_multiplier").into(),
                            path: p.into(),
                            unit: "unit.multiplier",
                            range: 0.0..=10.0,
                            decimals: 2,
                            source: &sc.levers.source,
                        },
                        sc.levers.recruitment_multiplier,
                    ) {
                        out = Some(edit(sc, p, |s| s.levers.recruitment_multiplier = v));
                    }
                    for (i, r) in sc.recruitment.iter().enumerate() {
                        match r {
                            Recruitment::Schedule {
                                track,
                                hires_per_year,
                                source,
                                ..
                            } => {
                                let p = format!("recruitment[{i}].hires_per_year");
                                if let Some(v) = self.number(
                                    ui,
                                    l,
                                    Spec {
                                        label: format!(
                                            "{} · {}",
                                            track_name(track),
                                            l.t("levers.hires_per_year")
                                        ),
                                        path: p.clone(),
                                        unit: "unit.people_per_year",
                                        range: 0.0..=1000.0,
                                        decimals: 1,
                                        source,
                                    },
                                    *hires_per_year,
                                ) {
                                    out = Some(edit(sc, &p, |s| {
                                        if let Some(Recruitment::Schedule {
                                            hires_per_year, ..
                                        }) = s.recruitment.get_mut(i)
                                        {
                                            *hires_per_year = v;
                                        }
                                    }));
                                }
                            }
                            Recruitment::Cohort {
                                name,
                                size,
                                repeat_every_months,
                                source,
                                ..
                            } => {
                                let p = format!("recruitment[{i}].size");
                                if let Some(v) = self.number(
                                    ui,
                                    l,
                                    Spec {
                                        label: format!("{name} · {}", l.t("levers.cohort_size")),
                                        path: p.clone(),
                                        unit: "unit.people",
                                        range: 0.0..=1000.0,
                                        decimals: 0,
                                        source,
                                    },
                                    *size,
                                ) {
                                    out = Some(edit(sc, &p, |s| {
                                        if let Some(Recruitment::Cohort { size, .. }) =
                                            s.recruitment.get_mut(i)
                                        {
                                            *size = v;
                                        }
                                    }));
                                }
                                if let Some(every) = repeat_every_months {
                                    let p = format!("recruitment[{i}].repeat_every_months");
                                    if let Some(v) = self.number(
                                        ui,
                                        l,
                                        Spec {
                                            label: format!(
                                                "{name} · {}",
                                                l.t("levers.cohort_every")
                                            ),
                                            path: p.clone(),
                                            unit: "unit.months",
                                            range: 1.0..=120.0,
                                            decimals: 0,
                                            source,
                                        },
                                        f64::from(*every),
                                    ) {
                                        out = Some(edit(sc, &p, |s| {
                                            if let Some(Recruitment::Cohort {
                                                repeat_every_months,
                                                ..
                                            }) = s.recruitment.get_mut(i)
                                            {
                                                *repeat_every_months = Some(v.round() as u32);
                                            }
                                        }));
                                    }
                                }
                            }
                            Recruitment::ReplaceLeavers {
                                track,
                                share,
                                source,
                                ..
                            } => {
                                let p = format!("recruitment[{i}].share");
                                if let Some(v) = self.number(
                                    ui,
                                    l,
                                    Spec {
                                        label: format!(
                                            "{} · {}",
                                            track_name(track),
                                            l.t("levers.replace_share")
                                        ),
                                        path: p.clone(),
                                        unit: "unit.share",
                                        range: 0.0..=1.0,
                                        decimals: 2,
                                        source,
                                    },
                                    *share,
                                ) {
                                    out = Some(edit(sc, &p, |s| {
                                        if let Some(Recruitment::ReplaceLeavers { share, .. }) =
                                            s.recruitment.get_mut(i)
                                        {
                                            *share = v;
                                        }
                                    }));
                                }
                            }
                            Recruitment::FillToNorm {
                                track,
                                max_hires_per_year,
                                source,
                                ..
                            } => {
                                let p = format!("recruitment[{i}].max_hires_per_year");
                                if let Some(v) = self.number(
                                    ui,
                                    l,
                                    Spec {
                                        label: format!(
                                            "{} · {}",
                                            track_name(track),
                                            l.t("levers.fill_max")
                                        ),
                                        path: p.clone(),
                                        unit: "unit.people_per_year",
                                        range: 0.0..=1000.0,
                                        decimals: 1,
                                        source,
                                    },
                                    *max_hires_per_year,
                                ) {
                                    out = Some(edit(sc, &p, |s| {
                                        if let Some(Recruitment::FillToNorm {
                                            max_hires_per_year,
                                            ..
                                        }) = s.recruitment.get_mut(i)
                                        {
                                            *max_hires_per_year = v;
                                        }
                                    }));
                                }
                            }
                        }
                    }
                });

                group(ui, "levers.pay", &mut |ui| {
                    let p = "levers.pay_multiplier";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.pay_multiplier").into(),
                            path: p.into(),
                            unit: "unit.multiplier",
                            range: 0.5..=3.0,
                            decimals: 2,
                            source: &sc.levers.source,
                        },
                        sc.levers.pay_multiplier,
                    ) {
                        out = Some(edit(sc, p, |s| s.levers.pay_multiplier = v));
                    }
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
                        let p = format!("stages[{i}].kind.pay_yuan_per_month");
                        if let Some(v) = self.number(
                            ui,
                            l,
                            Spec {
                                label: format!("{name} · {}", l.t("levers.pay_stage")),
                                path: p.clone(),
                                unit: "unit.yuan_per_month",
                                range: 0.0..=30000.0,
                                decimals: 0,
                                source: &st.source,
                            },
                            pay_yuan_per_month,
                        ) {
                            out = Some(edit(sc, &p, |s| {
                                if let Some(StageKind::Working {
                                    pay_yuan_per_month, ..
                                }) = s.stages.get_mut(i).map(|s| &mut s.kind)
                                {
                                    *pay_yuan_per_month = v;
                                }
                            }));
                        }
                        let p = format!("stages[{i}].kind.allowance_yuan_per_month");
                        if let Some(v) = self.number(
                            ui,
                            l,
                            Spec {
                                label: format!("{name} · {}", l.t("levers.allowance_stage")),
                                path: p.clone(),
                                unit: "unit.yuan_per_month",
                                range: 0.0..=5000.0,
                                decimals: 0,
                                source: &st.source,
                            },
                            allowance_yuan_per_month,
                        ) {
                            out = Some(edit(sc, &p, |s| {
                                if let Some(StageKind::Working {
                                    allowance_yuan_per_month,
                                    ..
                                }) = s.stages.get_mut(i).map(|s| &mut s.kind)
                                {
                                    *allowance_yuan_per_month = v;
                                }
                            }));
                        }
                    }
                });

                group(ui, "levers.ladder", &mut |ui| {
                    if let Some(v) = Self::checkbox(
                        ui,
                        l,
                        l.t("levers.ladder_on"),
                        sc.levers.promotion_ladder,
                        &sc.retention.source,
                    ) {
                        out = Some(edit(sc, "levers.promotion_ladder", |s| {
                            s.levers.promotion_ladder = v
                        }));
                    }
                });

                group(ui, "levers.admin", &mut |ui| {
                    let p = "levers.admin_share";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.admin_share").into(),
                            path: p.into(),
                            unit: "unit.share",
                            range: 0.0..=1.0,
                            decimals: 2,
                            source: &sc.levers.source,
                        },
                        sc.levers.admin_share,
                    ) {
                        out = Some(edit(sc, p, |s| s.levers.admin_share = v));
                    }
                });

                group(ui, "levers.funding", &mut |ui| {
                    for (i, f) in sc.budget.sources.iter().enumerate() {
                        let p = format!("budget.sources[{i}].yuan_per_year");
                        if let Some(v) = self.number(
                            ui,
                            l,
                            Spec {
                                label: format!("{} · {}", f.name, l.t("levers.funding_source")),
                                path: p.clone(),
                                unit: "unit.yuan_per_year",
                                range: 0.0..=1e9,
                                decimals: 0,
                                source: &sc.budget.source,
                            },
                            f.yuan_per_year,
                        ) {
                            out = Some(edit(sc, &p, |s| {
                                if let Some(f) = s.budget.sources.get_mut(i) {
                                    f.yuan_per_year = v;
                                }
                            }));
                        }
                        let p = format!("budget.sources[{i}].growth_per_year");
                        if let Some(v) = self.number(
                            ui,
                            l,
                            Spec {
                                label: format!("{} · {}", f.name, l.t("levers.funding_growth")),
                                path: p.clone(),
                                unit: "unit.share",
                                range: -0.5..=0.5,
                                decimals: 3,
                                source: &sc.budget.source,
                            },
                            f.growth_per_year,
                        ) {
                            out = Some(edit(sc, &p, |s| {
                                if let Some(f) = s.budget.sources.get_mut(i) {
                                    f.growth_per_year = v;
                                }
                            }));
                        }
                    }
                    let p = "budget.funding_delay_probability";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.delay_probability").into(),
                            path: p.into(),
                            unit: "unit.share",
                            range: 0.0..=1.0,
                            decimals: 2,
                            source: &sc.budget.source,
                        },
                        sc.budget.funding_delay_probability,
                    ) {
                        out = Some(edit(sc, p, |s| s.budget.funding_delay_probability = v));
                    }
                    let p = "budget.funding_delay_months";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.delay_months").into(),
                            path: p.into(),
                            unit: "unit.months",
                            range: 0.0..=24.0,
                            decimals: 1,
                            source: &sc.budget.source,
                        },
                        sc.budget.funding_delay_months,
                    ) {
                        out = Some(edit(sc, p, |s| s.budget.funding_delay_months = v));
                    }
                    if let Some(v) = Self::checkbox(
                        ui,
                        l,
                        l.t("levers.cap_hiring"),
                        sc.budget.cap_hiring_at_funding,
                        &sc.budget.source,
                    ) {
                        out = Some(edit(sc, "budget.cap_hiring_at_funding", |s| {
                            s.budget.cap_hiring_at_funding = v;
                        }));
                    }
                });

                group(ui, "levers.exam", &mut |ui| {
                    let p = "levers.exam_support_pass_uplift";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.exam_uplift").into(),
                            path: p.into(),
                            unit: "unit.share",
                            range: 0.0..=1.0,
                            decimals: 2,
                            source: &sc.levers.source,
                        },
                        sc.levers.exam_support_pass_uplift,
                    ) {
                        out = Some(edit(sc, p, |s| s.levers.exam_support_pass_uplift = v));
                    }
                    for (i, st) in sc.stages.iter().enumerate() {
                        let Some(exam) = &st.exam else { continue };
                        let name = stage_name(sc, &st.id, l);
                        let p = format!("stages[{i}].exam.participation");
                        if let Some(v) = self.number(
                            ui,
                            l,
                            Spec {
                                label: format!("{name} · {}", l.t("levers.participation")),
                                path: p.clone(),
                                unit: "unit.share",
                                range: 0.0..=1.0,
                                decimals: 2,
                                source: &exam.source,
                            },
                            exam.participation,
                        ) {
                            out = Some(edit(sc, &p, |s| {
                                if let Some(e) = s.stages.get_mut(i).and_then(|s| s.exam.as_mut()) {
                                    e.participation = v;
                                }
                            }));
                        }
                        for (j, sub) in exam.subjects.iter().enumerate() {
                            for (track, prob) in &sub.pass_probability {
                                let p = format!(
                                    "stages[{i}].exam.subjects[{j}].pass_probability.{track}"
                                );
                                if let Some(v) = self.number(
                                    ui,
                                    l,
                                    Spec {
                                        label: format!(
                                            "{name} · {} · {} · {}",
                                            sub.id,
                                            track_name(track),
                                            l.t("levers.pass_rate")
                                        ),
                                        path: p.clone(),
                                        unit: "unit.share",
                                        range: 0.0..=1.0,
                                        decimals: 2,
                                        source: &exam.source,
                                    },
                                    *prob,
                                ) {
                                    let track = track.clone();
                                    out = Some(edit(sc, &p, |s| {
                                        if let Some(sub) = s
                                            .stages
                                            .get_mut(i)
                                            .and_then(|s| s.exam.as_mut())
                                            .and_then(|e| e.subjects.get_mut(j))
                                        {
                                            sub.pass_probability.insert(track, v);
                                        }
                                    }));
                                }
                            }
                        }
                    }
                });

                group(ui, "levers.norms", &mut |ui| {
                    let p = "need.station_minimum_workers";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.station_minimum").into(),
                            path: p.into(),
                            unit: "unit.people",
                            range: 0.0..=50.0,
                            decimals: 1,
                            source: &sc.need.source,
                        },
                        sc.need.station_minimum_workers,
                    ) {
                        out = Some(edit(sc, p, |s| s.need.station_minimum_workers = v));
                    }
                    let p = "horizon_years";
                    if let Some(v) = self.number(
                        ui,
                        l,
                        Spec {
                            label: l.t("levers.horizon").into(),
                            path: p.into(),
                            unit: "unit.years",
                            range: 1.0..=f64::from(crate::model::scenario::MAX_HORIZON_YEARS),
                            decimals: 0,
                            source: "",
                        },
                        f64::from(sc.horizon_years),
                    ) {
                        out = Some(edit(sc, p, |s| s.horizon_years = v.round() as u32));
                    }
                    // Per-township norms: long lists in big files are edited in the file.
                    for (i, t) in sc.county.townships.iter().enumerate().take(200) {
                        let p = format!("county.townships[{i}].staffing_norm");
                        if let Some(v) = self.number(
                            ui,
                            l,
                            Spec {
                                label: format!("{} · {}", t.name, l.t("levers.norm")),
                                path: p.clone(),
                                unit: "unit.people",
                                range: 0.0..=50.0,
                                decimals: 1,
                                source: &sc.need.source,
                            },
                            t.staffing_norm,
                        ) {
                            out = Some(edit(sc, &p, |s| {
                                if let Some(t) = s.county.townships.get_mut(i) {
                                    t.staffing_norm = v;
                                }
                            }));
                        }
                    }
                });
            });
        out
    }
}
