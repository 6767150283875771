//! The pipeline's data and edits: the arrows of the stage graph with their
//! labels, where a stage is still named, and adding or removing stages and
//! flows (each returns a new scenario; nothing is drawn here).

use super::i18n::Lang;
use super::views::{stage_name, track_name};
use crate::model::scenario::{
    DeadlineConsequence, ExitRate, Period, Recruitment, Scenario, Stage, StageKind, Target,
    Transition,
};

/// One arrow of the diagram.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// Index of the source stage.
    pub from: usize,
    /// Index of the target stage; `None` for leaving the system.
    pub to: Option<usize>,
    /// Text on the arrow (kind and rate).
    pub label: String,
}

/// The arrows of the stage graph: training completion, exams, transitions, exits.
#[must_use]
pub fn arrows(sc: &Scenario, l: Lang) -> Vec<Arrow> {
    let index = |id: &str| sc.stages.iter().position(|s| s.id == id);
    let mut out = Vec::new();
    for (i, st) in sc.stages.iter().enumerate() {
        if let StageKind::Training {
            duration_months,
            dropout_share,
            next,
            ..
        } = &st.kind
        {
            out.push(Arrow {
                from: i,
                to: index(next),
                label: l.months(*duration_months),
            });
            if *dropout_share > 0.0 {
                out.push(Arrow {
                    from: i,
                    to: None,
                    label: format!("{} {}", l.t("pipeline.dropout"), l.percent(*dropout_share)),
                });
            }
        }
        if let Some(e) = &st.exam {
            // Pass rates per subject (tracks separated by "/"); subjects with
            // the same rates are shown once, so the arrow label stays short.
            let mut rates: Vec<String> = Vec::new();
            for s in &e.subjects {
                let v: Vec<String> = s.pass_probability.values().map(|p| l.percent(*p)).collect();
                let v = v.join("/");
                if !rates.contains(&v) {
                    rates.push(v);
                }
            }
            out.push(Arrow {
                from: i,
                to: index(&e.to),
                label: rates.join(" · "),
            });
        }
        for t in &st.transitions {
            let per = match t.period {
                Period::Monthly => l.t("pipeline.monthly"),
                Period::Yearly { .. } => l.t("pipeline.yearly"),
            };
            out.push(Arrow {
                from: i,
                to: match &t.to {
                    Target::Stage(id) => index(id),
                    Target::Exit => None,
                },
                label: format!("{} {per}", l.percent(t.probability)),
            });
        }
        if matches!(st.kind, StageKind::Working { .. }) {
            let rates: Vec<f64> = sc
                .retention
                .exit_rates
                .iter()
                .filter(|r| r.stage.as_deref().is_none_or(|s| s == st.id))
                .map(|r| r.annual_rate)
                .collect();
            if let (Some(lo), Some(hi)) = (
                rates.iter().copied().reduce(f64::min),
                rates.iter().copied().reduce(f64::max),
            ) {
                let text = if (hi - lo).abs() < 1e-9 {
                    l.percent(lo)
                } else {
                    format!("{}–{}", l.percent(lo), l.percent(hi))
                };
                out.push(Arrow {
                    from: i,
                    to: None,
                    label: format!("{} {text}", l.t("pipeline.exit_rate")),
                });
            }
        }
    }
    out
}

/// Where a stage is named elsewhere in the scenario: the field paths of every
/// reference to stage `id`, except those of the stage itself (which go with it).
#[must_use]
pub fn stage_references(sc: &Scenario, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, st) in sc.stages.iter().enumerate() {
        if st.id == id {
            continue;
        }
        if let StageKind::Training { next, .. } = &st.kind
            && next == id
        {
            out.push(format!("stages[{i}].kind.next"));
        }
        for (j, t) in st.transitions.iter().enumerate() {
            if t.to == Target::Stage(id.to_string()) {
                out.push(format!("stages[{i}].transitions[{j}].to"));
            }
        }
        if st.exam.as_ref().is_some_and(|e| e.to == id) {
            out.push(format!("stages[{i}].exam.to"));
        }
    }
    for (i, s) in sc.initial_stock.iter().enumerate() {
        if s.stage == id {
            out.push(format!("initial_stock[{i}].stage"));
        }
    }
    for (i, r) in sc.recruitment.iter().enumerate() {
        let stage = match r {
            Recruitment::Schedule { stage, .. }
            | Recruitment::Cohort { stage, .. }
            | Recruitment::ReplaceLeavers { stage, .. }
            | Recruitment::FillToNorm { stage, .. } => stage,
        };
        if stage == id {
            out.push(format!("recruitment[{i}].stage"));
        }
    }
    for (i, r) in sc.retention.exit_rates.iter().enumerate() {
        if r.stage.as_deref() == Some(id) {
            out.push(format!("retention.exit_rates[{i}].stage"));
        }
    }
    if let Some(d) = &sc.certify_deadline {
        for (j, s) in d.stages.iter().enumerate() {
            if s == id {
                out.push(format!("certify_deadline.stages[{j}]"));
            }
        }
        if d.consequence == DeadlineConsequence::MoveTo(id.to_string()) {
            out.push("certify_deadline.consequence".into());
        }
    }
    out
}

/// Adds a custom stage (people in it are not workers until the planner says
/// so) with a fresh id; an empty name becomes "new stage N". Returns the
/// scenario and the new id.
#[must_use]
pub fn add_custom_stage(sc: &Scenario, name: &str) -> (Scenario, String) {
    let mut s = sc.clone();
    let n = (1..)
        .find(|n| !s.stages.iter().any(|st| st.id == format!("custom_{n}")))
        .unwrap_or(1);
    let id = format!("custom_{n}");
    let name = name.trim();
    let (zh, en) = if name.is_empty() {
        (format!("新环节 {n}"), format!("New stage {n}"))
    } else {
        (name.to_string(), name.to_string())
    };
    s.stages.push(Stage {
        id: id.clone(),
        name: zh,
        name_en: en,
        kind: StageKind::Custom {
            counts_as_worker: false,
        },
        transitions: Vec::new(),
        exam: None,
        source: Default::default(),
    });
    (s, id)
}

/// Why a stage was not removed.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoveRefused {
    /// Field paths (or, as a last resort, validation messages) that still need the stage.
    pub used_by: Vec<String>,
}

/// Removes the stage at `index`, unless the scenario still names it, or
/// removing it would add a validation error; the scenario is never left
/// invalid by a removal.
pub fn remove_stage(sc: &Scenario, index: usize) -> Result<Scenario, RemoveRefused> {
    let Some(stage) = sc.stages.get(index) else {
        return Err(RemoveRefused {
            used_by: Vec::new(),
        });
    };
    let used_by = stage_references(sc, &stage.id);
    if !used_by.is_empty() {
        return Err(RemoveRefused { used_by });
    }
    let mut s = sc.clone();
    s.stages.remove(index);
    // Safety net for references this list does not know about.
    let errors = |x: &Scenario| -> Vec<String> {
        crate::model::validate::validate(x)
            .into_iter()
            .filter(|p| p.is_error())
            .map(|p| p.message_en)
            .collect()
    };
    let before = errors(sc);
    let after = errors(&s);
    if after.len() > before.len() {
        let new: Vec<String> = after.into_iter().filter(|m| !before.contains(m)).collect();
        return Err(RemoveRefused { used_by: new });
    }
    Ok(s)
}

/// Adds a monthly flow (probability 0, for the planner to set) from stage `from` to `to`.
#[must_use]
pub fn add_transition(sc: &Scenario, from: usize, to: Target) -> Scenario {
    let mut s = sc.clone();
    if let Some(st) = s.stages.get_mut(from) {
        st.transitions.push(Transition {
            to,
            probability: 0.0,
            period: Period::Monthly,
            track: None,
        });
    }
    s
}

/// The name of a stage's kind: training, working or other.
#[must_use]
pub fn kind_label(kind: &StageKind, l: Lang) -> &'static str {
    match kind {
        StageKind::Training { .. } => l.t("pipeline.training"),
        StageKind::Working { .. } => l.t("pipeline.working"),
        StageKind::Custom { .. } => l.t("pipeline.custom"),
    }
}

/// Where a flow goes: the target stage's name, or leaving.
#[must_use]
pub fn target_label(sc: &Scenario, to: &Target, l: Lang) -> String {
    match to {
        Target::Stage(id) => stage_name(sc, id, l),
        Target::Exit => l.t("pipeline.exit").to_string(),
    }
}

/// Who an exit rate applies to: track, stage and tenure band in months;
/// a rate for any track or any stage leaves that part out.
#[must_use]
pub fn exit_rate_label(sc: &Scenario, r: &ExitRate, l: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = r.track.as_deref() {
        parts.push(track_name(sc, t, l));
    }
    if let Some(s) = r.stage.as_deref() {
        parts.push(stage_name(sc, s, l));
    }
    parts.push(l.month_band(r.tenure_from_months, r.tenure_to_months));
    parts.join(" · ")
}
