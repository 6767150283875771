//! How the report writes numbers: each metric in the unit a planner
//! expects (shares in %, money in 万元, whole people and stations) with a
//! fixed number of decimals, used alike for the table cells and for the
//! numbers in the paragraphs; and sentence templates filled from the
//! glossary.

use crate::exchange::Cell;
use crate::model::metrics;
use crate::model::scenario::Scenario;
use crate::present::i18n::Lang;

/// How a metric is shown: multiplied by `factor`, with `decimals`, in `unit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown {
    /// Multiplier from the model's unit (100 for shares, 1/10,000 for yuan).
    pub factor: f64,
    /// Decimals shown.
    pub decimals: u8,
    /// Unit in Chinese.
    pub unit_zh: &'static str,
    /// Unit in English.
    pub unit_en: &'static str,
}

/// Money is shown in 万元 (10,000 yuan) with one decimal.
pub const MONEY: Shown = Shown {
    factor: 1e-4,
    decimals: 1,
    unit_zh: "万元",
    unit_en: "10,000 yuan",
};

/// Probabilities are shown in whole percent.
pub const PERCENT: Shown = Shown {
    factor: 100.0,
    decimals: 0,
    unit_zh: "%",
    unit_en: "%",
};

/// Whole people.
pub const PEOPLE: Shown = Shown {
    factor: 1.0,
    decimals: 0,
    unit_zh: "人",
    unit_en: "people",
};

/// Whole stations.
pub const STATIONS: Shown = Shown {
    factor: 1.0,
    decimals: 0,
    unit_zh: "个",
    unit_en: "stations",
};

impl Shown {
    /// How metric `id` is shown.
    #[must_use]
    pub fn of(metric: &str) -> Shown {
        if metrics::is_share(metric) {
            PERCENT
        } else if metrics::is_money(metric) {
            MONEY
        } else if metric == "workers_per_10k" {
            Shown {
                factor: 1.0,
                decimals: 2,
                unit_zh: "人/万人",
                unit_en: "per 10,000",
            }
        } else if metric.starts_with("stations_") {
            STATIONS
        } else {
            Shown {
                factor: 1.0,
                decimals: 0,
                unit_zh: metrics::unit(metric, true),
                unit_en: metrics::unit(metric, false),
            }
        }
    }

    /// The value in the shown unit (not yet rounded).
    #[must_use]
    pub fn scale(&self, v: f64) -> f64 {
        v * self.factor
    }

    /// A table cell: the scaled number, shown with the decimals.
    #[must_use]
    pub fn cell(&self, v: f64) -> Cell {
        Cell::fixed(self.scale(v), self.decimals)
    }

    /// The number as the table shows it.
    #[must_use]
    pub fn num(&self, v: f64) -> String {
        number(self.scale(v), self.decimals)
    }

    /// The number with its unit (`61%`, `28.9 万元`, `12 人`).
    #[must_use]
    pub fn with_unit(&self, v: f64, l: Lang) -> String {
        let n = self.num(v);
        match (l, self.unit(l)) {
            (_, "") => n,
            (_, "%") => format!("{n}%"),
            (Lang::Zh, u) => format!("{n} {u}"),
            // "1134.2 (10,000 yuan)", not "1134.2 10,000 yuan".
            (Lang::En, u) if u.starts_with(|c: char| c.is_ascii_digit()) => format!("{n} ({u})"),
            (Lang::En, u) => format!("{n} {u}"),
        }
    }

    /// How a difference of two means of this metric is shown: at least
    /// one decimal, since a difference of averages is seldom a whole
    /// number of people or stations.
    #[must_use]
    pub fn difference(&self) -> Shown {
        Shown {
            decimals: self.decimals.max(1),
            ..*self
        }
    }

    /// The unit in a language.
    #[must_use]
    pub fn unit(&self, l: Lang) -> &'static str {
        l.pick(self.unit_zh, self.unit_en)
    }
}

/// `v` with `decimals` decimals, as a table cell shows it (never `-0`).
#[must_use]
pub fn number(v: f64, decimals: u8) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.*}", usize::from(decimals));
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    }
}

/// `v` with its sign (`+2.2`, `-0.4`, `0.0`), for differences.
#[must_use]
pub fn signed(v: f64, decimals: u8) -> String {
    let n = number(v, decimals);
    if n.starts_with('-') || n.chars().all(|c| c == '0' || c == '.') {
        n
    } else {
        format!("+{n}")
    }
}

/// The text a table cell shows (numbers with their decimals).
#[must_use]
pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Number(v, crate::exchange::NumberFormat::Decimals(d)) => number(*v, *d),
        Cell::Number(v, crate::exchange::NumberFormat::Shortest) => {
            if v.is_finite() {
                v.to_string()
            } else {
                String::new()
            }
        }
        Cell::Integer(i) => i.to_string(),
    }
}

/// Fills `{name}` placeholders of a glossary template.
#[must_use]
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A metric's label in the report's language.
#[must_use]
pub fn label(sc: &Scenario, metric: &str, l: Lang) -> String {
    metrics::label(sc, metric, l == Lang::Zh)
}

/// Joins items as a list in the language (`、` or `, `).
#[must_use]
pub fn join(items: &[String], l: Lang) -> String {
    items.join(l.pick("、", ", "))
}

/// A number rounded to at most three decimals, for lever values.
#[must_use]
pub fn lever_value(v: f64) -> Cell {
    Cell::number((v * 1000.0).round() / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_are_shown_in_planners_units() {
        assert_eq!(Shown::of("certified_share").num(0.6049), "60");
        assert_eq!(
            Shown::of("cumulative_cost_yuan").num(28_871_234.0),
            "2887.1"
        );
        assert_eq!(
            Shown::of("cumulative_cost_yuan").with_unit(28_871_234.0, Lang::Zh),
            "2887.1 万元"
        );
        assert_eq!(
            Shown::of("headcount_total").with_unit(51.6, Lang::En),
            "52 people"
        );
        assert_eq!(Shown::of("stations_at_norm").num(10.6), "11");
        assert_eq!(Shown::of("workers_per_10k").num(1.2345), "1.23");
        assert_eq!(number(-0.04, 1), "0.0");
        assert_eq!(signed(2.24, 1), "+2.2");
        assert_eq!(PEOPLE.difference().num(2.76), "2.8");
        assert_eq!(MONEY.difference().num(12_345.0), "1.2");
        assert_eq!(signed(-0.44, 1), "-0.4");
        assert_eq!(signed(0.01, 1), "0.0");
        assert_eq!(
            fill("{a} 与 {b}", &[("a", "1".into()), ("b", "2".into())]),
            "1 与 2"
        );
    }
}
