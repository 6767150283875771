//! What the decision views show, without drawing them: plans side by side
//! ([`compare`]), what matters most ([`tornado`]), the least that works
//! ([`seek`]) and the SWOT board ([`swot`]). Each turns the result of an
//! analysis of [`crate::model::analysis`] into rows, series and sentences in
//! the interface language; the command line and reports use the same texts.

pub mod compare;
pub mod seek;
pub mod swot;
pub mod tornado;

use super::i18n::Lang;
use crate::model::catalog::{Entry, Unit};
use crate::model::metrics;

/// A metric's value as a reader wants it: a percentage for shares, money
/// for yuan, else a count (people, stations).
#[must_use]
pub fn metric_text(metric: &str, v: f64, l: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if metrics::is_share(metric) {
        l.percent(v)
    } else if metrics::is_money(metric) {
        l.yuan(v)
    } else {
        l.people(v)
    }
}

/// A difference of a metric, signed (`+3.2`, `−12.0 万元`; shares in
/// percentage points, `+4 pts`).
#[must_use]
pub fn metric_diff_text(metric: &str, v: f64, l: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let body = |x: f64| {
        if metrics::is_share(metric) {
            // A change of a share is in percentage points.
            let p = format!("{:.0}", x * 100.0);
            match l {
                Lang::Zh => format!("{p} 个百分点"),
                Lang::En => format!("{p} pts"),
            }
        } else {
            metric_text(metric, x, l)
        }
    };
    let text = body(v.abs());
    if text == body(0.0) {
        text
    } else if v > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

/// A catalog entry's value with its unit in the interface language:
/// shares as percentages, money grouped, switches as on/off.
#[must_use]
pub fn entry_value_text(e: &Entry, v: f64, l: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    match e.unit {
        Unit::Share | Unit::GrowthPerYear => {
            let p = v * 100.0;
            let digits = if (p - p.round()).abs() < 0.05 { 0 } else { 1 };
            match l {
                Lang::Zh => format!("{p:.digits$}%"),
                Lang::En => format!("{p:.digits$} %"),
            }
        }
        Unit::Multiplier => format!("×{}", short_number(v)),
        Unit::Switch => l
            .t(if v >= 0.5 { "decide.on" } else { "decide.off" })
            .into(),
        Unit::YuanPerYear => l.yuan(v),
        Unit::Coefficient => short_number(v),
        unit => format!("{} {}", short_number(v), unit.label(l == Lang::Zh)),
    }
}

/// A number with at most three significant decimals, no trailing zeros.
#[must_use]
pub fn short_number(v: f64) -> String {
    let decimals = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else if v.abs() >= 1.0 {
        2
    } else {
        3
    };
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign_and_zero_has_none() {
        assert_eq!(metric_diff_text("headcount_total", 3.0, Lang::En), "+3");
        assert_eq!(metric_diff_text("headcount_total", -2.5, Lang::En), "−2.5");
        assert_eq!(metric_diff_text("headcount_total", 0.01, Lang::En), "0");
        assert_eq!(
            metric_diff_text("certified_share", 0.05, Lang::Zh),
            "+5 个百分点"
        );
        assert_eq!(
            metric_diff_text("certified_share", -0.05, Lang::En),
            "−5 pts"
        );
        assert_eq!(
            metric_diff_text("cumulative_cost_yuan", -1.2e6, Lang::Zh),
            "−120.0 万元"
        );
        assert_eq!(short_number(1.15), "1.15");
        assert_eq!(short_number(40.0), "40");
        assert_eq!(short_number(0.0125), "0.013");
    }
}
