//! What matters most: the tornado of one output at one year end, its bars
//! (each catalog entry at its plausible low and high, the largest swing
//! first), policies and assumptions told apart and filtered, and the words
//! of each bar.

use super::{entry_value_text, metric_diff_text, metric_text};
use crate::model::analysis::sensitivity::{Bar, Sensitivity};
use crate::model::catalog::{Catalog, LeverKind};
use crate::model::metrics;
use crate::model::scenario::Scenario;
use crate::present::i18n::Lang;
use serde::Serialize;

/// The outputs a sensitivity run from the app measures (the plan's goals'
/// metrics are added), so that choosing another output needs no new run.
pub const OUTPUTS: [&str; 8] = [
    "stations_at_norm",
    "stations_at_norm_share",
    "certified",
    "certified_share",
    "headcount_total",
    "workers_per_10k",
    "gap_fte",
    "cumulative_cost_yuan",
];

/// The outputs to measure for `sc`: [`OUTPUTS`], then the metrics of its
/// goals not among them, each once.
#[must_use]
pub fn outputs_of(sc: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = OUTPUTS.iter().map(|m| (*m).to_string()).collect();
    for g in sc.targets.effective_goals(sc) {
        if !out.contains(&g.metric) {
            out.push(g.metric.clone());
        }
    }
    out
}

/// Which entries the tornado shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum KindFilter {
    /// Policies and assumptions.
    #[default]
    All,
    /// Only what the county decides.
    Policies,
    /// Only what the county doubts.
    Assumptions,
}

impl KindFilter {
    /// Whether entries of `kind` pass.
    #[must_use]
    pub fn admits(self, kind: LeverKind) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Policies => kind == LeverKind::Policy,
            KindFilter::Assumptions => kind == LeverKind::Assumption,
        }
    }

    /// Glossary key of its name.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            KindFilter::All => "decide.filter_all",
            KindFilter::Policies => "decide.filter_policies",
            KindFilter::Assumptions => "decide.filter_assumptions",
        }
    }
}

/// Glossary key of a kind's name (policy, assumption).
#[must_use]
pub fn kind_key(kind: LeverKind) -> &'static str {
    match kind {
        LeverKind::Policy => "decide.kind_policy",
        LeverKind::Assumption => "decide.kind_assumption",
    }
}

/// One bar of the tornado.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoBar {
    /// Catalog id.
    pub id: String,
    /// Field path (where the levers panel shows it).
    pub path: String,
    /// Name in the interface language.
    pub label: String,
    /// Policy or assumption.
    pub kind: LeverKind,
    /// The output with the entry at its plausible low.
    pub at_low: f64,
    /// The output with the entry at its plausible high.
    pub at_high: f64,
    /// The entry's plausible low and high, with units.
    pub range: String,
    /// Its value in the plan, with unit.
    pub current: String,
    /// The swing (high minus low) with its 90 % interval under Monte Carlo.
    pub swing: String,
    /// What the tooltip says: the output at either end, elasticity.
    pub detail: String,
}

/// The tornado of one output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TornadoView {
    /// Metric id.
    pub metric: String,
    /// The output's name and year in the interface language.
    pub title: String,
    /// Calendar year it is read at.
    pub year: i32,
    /// The output in the plan as it is.
    pub base: f64,
    /// The same, as text.
    pub base_text: String,
    /// Bars, largest swing first, at most as many as asked for.
    pub bars: Vec<TornadoBar>,
    /// Entries that pass the filter but do not move the output.
    pub without_effect: usize,
    /// Entries that move it but are left out for room.
    pub left_out: usize,
    /// Smallest and largest value on the axis (the base included).
    pub span: (f64, f64),
}

/// A value of `metric` as the tornado writes it.
#[must_use]
pub fn value_text(metric: &str, v: f64, l: Lang) -> String {
    metric_text(metric, v, l)
}

/// The tornado of `metric` in sensitivity run `s` of `sc`: at most
/// `max_bars` bars of the entries `filter` admits; `None` when the run did
/// not measure `metric`.
#[must_use]
pub fn view(
    s: &Sensitivity,
    metric: &str,
    filter: KindFilter,
    max_bars: usize,
    sc: &Scenario,
    l: Lang,
) -> Option<TornadoView> {
    let t = s.tornadoes.iter().find(|t| t.metric == metric)?;
    let catalog = Catalog::of(sc);
    let moves = |b: &Bar| (b.output_at_high - b.output_at_low).abs() > 1e-9;
    let admitted: Vec<&Bar> = t.bars.iter().filter(|b| filter.admits(b.kind)).collect();
    let moving: Vec<&Bar> = admitted.iter().copied().filter(|b| moves(b)).collect();
    let mc = s.runs.is_some();
    let bars: Vec<TornadoBar> = moving
        .iter()
        .take(max_bars)
        .map(|b| {
            let entry = catalog.get(&b.id);
            let val = |v: f64| {
                entry.map_or_else(|| super::short_number(v), |e| entry_value_text(e, v, l))
            };
            let swing = if mc {
                format!(
                    "{} ({} … {})",
                    metric_diff_text(metric, b.swing.value, l),
                    metric_diff_text(metric, b.swing.low, l),
                    metric_diff_text(metric, b.swing.high, l)
                )
            } else {
                metric_diff_text(metric, b.swing.value, l)
            };
            let elasticity = b.elasticity.map_or_else(String::new, |e| {
                format!("\n{}: {e:.2}", l.t("decide.elasticity"))
            });
            let detail = format!(
                "{} ({})\n{}: {}\n{} {} → {}\n{} {} → {}\n{}: {swing}{elasticity}",
                l.pick(&b.name_zh, &b.name_en),
                l.t(kind_key(b.kind)),
                l.t("decide.current_value"),
                val(b.base),
                l.t("decide.at_low"),
                val(b.low),
                metric_text(metric, b.output_at_low, l),
                l.t("decide.at_high"),
                val(b.high),
                metric_text(metric, b.output_at_high, l),
                l.t("decide.swing"),
            );
            TornadoBar {
                id: b.id.clone(),
                path: entry.map_or_else(|| b.id.clone(), |e| e.path.clone()),
                label: l.pick(&b.name_zh, &b.name_en).to_string(),
                kind: b.kind,
                at_low: b.output_at_low,
                at_high: b.output_at_high,
                range: format!("{} – {}", val(b.low), val(b.high)),
                current: val(b.base),
                swing,
                detail,
            }
        })
        .collect();
    let mut lo = t.base;
    let mut hi = t.base;
    for b in &bars {
        lo = lo.min(b.at_low).min(b.at_high);
        hi = hi.max(b.at_low).max(b.at_high);
    }
    Some(TornadoView {
        metric: metric.to_string(),
        title: format!(
            "{} · {}",
            metrics::label(sc, metric, l == Lang::Zh),
            year_end(t.year, l)
        ),
        year: t.year,
        base: t.base,
        base_text: metric_text(metric, t.base, l),
        without_effect: admitted.len() - moving.len(),
        left_out: moving.len().saturating_sub(bars.len()),
        bars,
        span: (lo, hi),
    })
}

/// Marks for an axis from `lo` to `hi`: about `count` round values (steps
/// of 1, 2 or 5 times a power of ten) inside the span.
#[must_use]
pub fn axis_marks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) || count == 0 {
        return vec![lo];
    }
    let raw = span / count as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    // Marks are whole multiples of the step, rounded to its decimals so
    // that 0.6 is not 0.6000000000000001.
    let scale = 10f64.powi((-step.log10().floor()).max(0.0) as i32 + 1);
    let first = (lo / step).ceil() as i64;
    (0..=count as i64 * 3)
        .map(|k| (((first + k) as f64 * step) * scale).round() / scale)
        .take_while(|v| *v <= hi + step * 1e-9)
        .map(|v| if v == 0.0 { 0.0 } else { v })
        .collect()
}

/// "End of 2030" in the interface language.
#[must_use]
pub fn year_end(year: i32, l: Lang) -> String {
    match l {
        Lang::Zh => format!("{year} 年末"),
        Lang::En => format!("end of {year}"),
    }
}

/// The measured effect of entry `id` on `metric` in run `s`: the output
/// with the entry at its plausible low and at its high, as one phrase;
/// `None` when the run did not measure it.
#[must_use]
pub fn effect_text(s: &Sensitivity, metric: &str, id: &str, l: Lang) -> Option<String> {
    let t = s.tornadoes.iter().find(|t| t.metric == metric)?;
    let b = t.bars.iter().find(|b| b.id == id)?;
    if (b.output_at_high - b.output_at_low).abs() <= 1e-9 {
        return Some(l.t("decide.no_effect").to_string());
    }
    Some(format!(
        "{} → {} ({})",
        metric_text(metric, b.output_at_low, l),
        metric_text(metric, b.output_at_high, l),
        metric_diff_text(metric, b.swing.value, l)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analysis::sensitivity::{SensitivityOptions, sensitivity};
    use crate::model::analysis::{Control, Evaluation};
    use crate::model::io;

    #[test]
    fn axis_marks_are_round() {
        assert_eq!(axis_marks(-0.6, 12.6, 4), [0.0, 5.0, 10.0]);
        assert_eq!(axis_marks(0.52, 0.71, 4), [0.55, 0.6, 0.65, 0.7]);
        assert_eq!(axis_marks(3.0, 3.0, 4), [3.0]);
    }

    #[test]
    fn bars_are_sorted_filtered_and_carry_the_levers_field_path() {
        let sc = io::default_scenario().unwrap();
        let opts = SensitivityOptions {
            metrics: outputs_of(&sc),
            year: Some(2030),
            eval: Evaluation::Deterministic,
            only: None,
        };
        let s = sensitivity(&sc, &opts, &Control::new()).unwrap();
        let v = view(&s, "certified", KindFilter::All, 12, &sc, Lang::En).unwrap();
        assert!(!v.bars.is_empty() && v.bars.len() <= 12);
        let swing = |b: &TornadoBar| (b.at_high - b.at_low).abs();
        assert!(v.bars.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
        assert!(v.title.ends_with("end of 2030"), "{}", v.title);
        let pay = v.bars.iter().find(|b| b.id == "levers.pay_multiplier");
        if let Some(pay) = pay {
            assert_eq!(pay.path, "levers.pay_multiplier");
        }
        let policies = view(&s, "certified", KindFilter::Policies, 99, &sc, Lang::Zh).unwrap();
        assert!(policies.bars.iter().all(|b| b.kind == LeverKind::Policy));
        let assumptions =
            view(&s, "certified", KindFilter::Assumptions, 99, &sc, Lang::Zh).unwrap();
        assert!(
            assumptions
                .bars
                .iter()
                .all(|b| b.kind == LeverKind::Assumption)
        );
        assert!(!policies.bars.is_empty() && !assumptions.bars.is_empty());
        assert!(v.span.0 <= v.base && v.base <= v.span.1);
        assert!(view(&s, "no_such_metric", KindFilter::All, 5, &sc, Lang::En).is_none());
        let effect = effect_text(&s, "certified", &v.bars[0].id, Lang::En).unwrap();
        assert!(effect.contains('→'), "{effect}");
    }
}
