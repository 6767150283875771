//! The rows of the levers view: for each editable number its label, field
//! path, unit, valid range, source note and how a new value is written;
//! the yes/no levers; the groups they are shown in.

use super::i18n::Lang;
use super::views::{stage_name, track_name};
use crate::model::scenario::{Recruitment, Scenario, StageKind};
use std::ops::RangeInclusive;

/// A source note as shown: the note, or "assumed" where the file gives none.
#[must_use]
pub fn source_text(source: &str, l: Lang) -> &str {
    if source.trim().is_empty() {
        l.t("levers.assumed")
    } else {
        source
    }
}

/// Writes a new value of one lever into a scenario.
pub type Setter<'a> = Box<dyn Fn(&mut Scenario, f64) + 'a>;

/// One numeric lever row: what it shows, where it lives, its valid range,
/// and how a new value is written.
pub struct Spec<'a> {
    /// Label in the interface language.
    pub label: String,
    /// Field path in the scenario.
    pub path: String,
    /// Glossary key of the unit.
    pub unit: &'static str,
    /// Values the app accepts.
    pub range: RangeInclusive<f64>,
    /// Decimals shown.
    pub decimals: usize,
    /// Source note (empty: assumed).
    pub source: &'a str,
    /// Current value.
    pub value: f64,
    /// Writes a new value.
    pub set: Setter<'a>,
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
pub struct Toggle<'a> {
    /// Glossary key of the label.
    pub key: &'static str,
    /// Field path in the scenario.
    pub path: &'static str,
    /// Current value.
    pub value: bool,
    /// Source note (empty: assumed).
    pub source: &'a str,
    /// Writes a new value.
    pub set: fn(&mut Scenario, bool),
}

/// The rows of a group, made when the group is shown.
pub type Rows = for<'s> fn(&'s Scenario, Lang) -> Vec<Spec<'s>>;

/// A titled group of levers: its numeric rows and its yes/no levers.
pub struct Group<'a> {
    /// Glossary key of the title.
    pub key: &'static str,
    /// Makes the numeric rows.
    pub rows: Rows,
    /// The yes/no levers.
    pub toggles: Vec<Toggle<'a>>,
}

/// The groups of the levers view, in display order.
#[must_use]
pub fn groups(sc: &Scenario) -> Vec<Group<'_>> {
    let ladder = Toggle {
        key: "levers.ladder_on",
        path: "levers.promotion_ladder",
        value: sc.levers.promotion_ladder,
        source: &sc.retention.source,
        set: |s, v| s.levers.promotion_ladder = v,
    };
    let cap = Toggle {
        key: "levers.cap_hiring",
        path: "budget.cap_hiring_at_funding",
        value: sc.budget.cap_hiring_at_funding,
        source: &sc.budget.source,
        set: |s, v| s.budget.cap_hiring_at_funding = v,
    };
    let group = |key, rows: Rows, toggles| Group { key, rows, toggles };
    vec![
        group("levers.recruitment", recruitment_rows, Vec::new()),
        group("levers.pay", pay_rows, Vec::new()),
        group("levers.ladder", |_, _| Vec::new(), vec![ladder]),
        group("levers.admin", admin_rows, Vec::new()),
        group("levers.funding", funding_rows, vec![cap]),
        group("levers.exam", exam_rows, Vec::new()),
        group("levers.norms", norm_rows, Vec::new()),
    ]
}
