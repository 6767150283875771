//! The key results a planner quotes, computed without drawing: for the
//! headline year, the stations at norm, workers in post, certified share,
//! shortfall to need, the year's spending and its spending beyond funding;
//! each dated goal with its chance; what binds, in plain words; and the
//! notes a planner needs so as not to misread them.
//!
//! Figures are whole stations and whole people. When a Monte Carlo run of
//! the current scenario exists, the headline quotes its median with the
//! 90 % band (the expected-value path stays beside it): where the two
//! disagree beyond the band (caps and filling to norm act on whole
//! people), a note says why the headline uses the Monte Carlo figure.

use super::i18n::Lang;
use super::views::{McSummary, Quantiles, headline_year};
use crate::model::Projection;
use crate::model::analysis::binding::{self, Binding, BindingYear};
use crate::model::goals::GoalOutcome;
use crate::model::metrics;
use crate::model::results::CutReason;
use crate::model::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the headline's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    /// A Monte Carlo run of the current scenario (runs done).
    MonteCarlo(usize),
    /// A Monte Carlo run of earlier settings: the figures shown are the
    /// expected-value path until the run of the current ones is done.
    Stale,
    /// No Monte Carlo run yet: the expected-value path.
    Expected,
}

/// One figure of the headline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Metric id (`stations_at_norm`, `headcount_total`, …).
    pub metric: &'static str,
    /// What it is and for which year, in the interface language
    /// ("Stations at norm, end of 2030").
    pub label: String,
    /// The expected-value path's value, as written (whole people and stations).
    pub expected: String,
    /// The Monte Carlo median, as written (when a current run exists).
    pub median: Option<String>,
    /// The Monte Carlo 90 % band, as written ("6–12").
    pub band: Option<String>,
    /// The expected-value path lies outside the band.
    pub divergent: bool,
}

impl Figure {
    /// The figure as the headline quotes it: the median and its band when
    /// Monte Carlo has run, else the expected-value path.
    #[must_use]
    pub fn text(&self, l: Lang) -> String {
        match ((&self.median, &self.band), l) {
            ((Some(m), Some(b)), Lang::Zh) => {
                format!("{}：{m}（{} {b}）", self.label, l.t("key.band90"))
            }
            ((Some(m), Some(b)), Lang::En) => {
                format!("{}: {m} ({} {b})", self.label, l.t("key.band90"))
            }
            (_, Lang::Zh) => format!("{}：{}", self.label, self.expected),
            (_, Lang::En) => format!("{}: {}", self.label, self.expected),
        }
    }
}

/// One dated goal with its chance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalLine {
    /// Goal id.
    pub id: String,
    /// The goal as the scenario words it, in the interface language.
    pub label: String,
    /// When it is judged ("end of 2027", "every year from 2026").
    pub when: String,
    /// The year it is judged at (the first, for every-year goals).
    pub year: i32,
    /// Monte Carlo chance of meeting it (a current run).
    pub probability: Option<f64>,
    /// Monte Carlo median and band of the value that decides it, as written.
    pub spread: Option<String>,
    /// The chance that its comparison holds at each year end (a current run).
    pub by_year: Vec<(i32, f64)>,
    /// The expected-value path's deciding value, as written ("—" when not judged).
    pub expected: String,
    /// Whether the expected-value path meets it.
    pub met: Option<bool>,
}

impl GoalLine {
    /// The chance year by year, one line ("2026: 0 %, 2027: 12 %, …"); empty
    /// without a Monte Carlo run.
    #[must_use]
    pub fn by_year_text(&self, l: Lang) -> String {
        if self.by_year.is_empty() {
            return String::new();
        }
        let years: Vec<String> = self
            .by_year
            .iter()
            .map(|(y, p)| format!("{y}: {}", l.percent(*p)))
            .collect();
        format!("{}\n{}", l.t("key.by_year"), years.join(l.pick("，", ", ")))
    }

    /// ` [end of 2027]` (`（2027年末）`), or nothing when the goal's own words give its year.
    fn when_suffix(&self, zh: bool) -> String {
        if self.label.contains(&self.year.to_string()) {
            String::new()
        } else if zh {
            format!("（{}）", self.when)
        } else {
            format!(" [{}]", self.when)
        }
    }

    /// The goal as the headline gives it: the chance first when Monte
    /// Carlo has run.
    #[must_use]
    pub fn text(&self, l: Lang) -> String {
        let zh = l == Lang::Zh;
        let (colon, semi, open, close) = if zh {
            ("：", "；", "（", "）")
        } else {
            (": ", "; ", " (", ")")
        };
        let path = match self.met {
            Some(met) => format!(
                "{} {}{open}{}{close}",
                l.t("key.path"),
                self.expected,
                l.t(if met { "key.met" } else { "key.not_met" })
            ),
            None => String::new(),
        };
        let when = self.when_suffix(zh);
        match (self.probability, &self.spread) {
            (Some(p), Some(spread)) => format!(
                "{}{when}{colon}{} {}{semi}{spread}{semi}{path}",
                self.label,
                l.t("key.chance"),
                l.percent(p)
            ),
            _ => format!("{}{when}{colon}{path}", self.label),
        }
    }
}

/// Everything the key results show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyResults {
    /// The year the figures are for (its end; spending over the whole year).
    pub year: i32,
    /// Where the headline figures come from.
    pub basis: Basis,
    /// The figures, stations first.
    pub figures: Vec<Figure>,
    /// The dated goals, in the scenario's order.
    pub goals: Vec<GoalLine>,
    /// What binds, one plain sentence per rule and policy.
    pub binding: Vec<String>,
    /// What binds, year by year (the analyses' own lines).
    pub binding_details: Vec<String>,
    /// The figures where the expected-value path lies outside the Monte
    /// Carlo band, one line each (both values).
    pub divergence: Vec<String>,
    /// Why the headline then uses the Monte Carlo figure (when any figure
    /// disagrees).
    pub divergence_why: Option<String>,
    /// Spending beyond funding, when there is any.
    pub funding: Option<String>,
    /// The file says its funding falls short of its plan by construction.
    pub by_construction: Option<String>,
}

/// Whole numbers of people and stations, with thousands separators.
fn whole(v: f64) -> String {
    super::levers::group_thousands(v.round(), 0)
}

/// A metric's value as the headline writes it: shares in %, money in 万元
/// (k / M yuan), people and stations whole.
fn value_text(metric: &str, v: f64, l: Lang) -> String {
    if metrics::is_share(metric) {
        l.percent(v)
    } else if metrics::is_money(metric) {
        l.yuan(v)
    } else {
        let unit = metrics::unit(metric, l == Lang::Zh);
        // People, stations and villages are whole; rates keep two decimals.
        let counted = matches!(
            unit,
            "人" | "个" | "people" | "FTE" | "stations" | "villages"
        );
        match (unit.is_empty(), counted) {
            (true, _) => format!("{v:.2}"),
            (false, true) => format!("{} {unit}", whole(v)),
            (false, false) => format!("{v:.2} {unit}"),
        }
    }
}

/// Years as a reader wants them: `2027, 2029–2031` (`2027、2029–2031`).
#[must_use]
pub fn years_text(years: &[i32], l: Lang) -> String {
    let mut sorted = years.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1] == sorted[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", sorted[i], sorted[j])
        } else {
            sorted[i].to_string()
        });
        i = j + 1;
    }
    parts.join(l.pick("、", ", "))
}

/// True when the scenario's description says its funding falls short of
/// its own plan by construction (the shipped example counties do).
#[must_use]
pub fn short_by_construction(sc: &Scenario) -> bool {
    sc.description.to_lowercase().contains("by construction")
}

/// What binds in plain words: one sentence for the months in which the
/// funding cap stopped hiring, and one per policy and rule for the intakes
/// cut, with the years and the people planned and placed.
#[must_use]
pub fn binding_sentences(years: &[BindingYear], l: Lang) -> Vec<String> {
    let zh = l == Lang::Zh;
    let mut out = Vec::new();
    let capped: Vec<i32> = years
        .iter()
        .filter(|y| !y.capped_months.is_empty())
        .map(|y| y.year)
        .collect();
    let months: usize = years.iter().map(|y| y.capped_months.len()).sum();
    if months > 0 {
        out.push(match l {
            Lang::Zh => format!(
                "经费用完后停止招聘：{} 年，共 {months} 个月（图中灰色竖带）",
                years_text(&capped, l)
            ),
            Lang::En => format!(
                "Hiring stopped once the year's funds were committed: {months} {} in {} (grey bands on the charts)",
                if months == 1 { "month" } else { "months" },
                years_text(&capped, l)
            ),
        });
    }
    // Per policy and rule: the years, and the people planned and placed.
    let mut groups: BTreeMap<(usize, u8), CutGroup> = BTreeMap::new();
    for y in years {
        for c in &y.cuts {
            let name = if zh { &c.name_zh } else { &c.name_en };
            let g = groups
                .entry((c.policy, c.reason as u8))
                .or_insert_with(|| CutGroup {
                    name: name.clone(),
                    reason: c.reason,
                    years: Vec::new(),
                    planned: 0.0,
                    placed: 0.0,
                });
            g.years.push(y.year);
            g.planned += c.planned;
            g.placed += c.placed;
        }
    }
    for CutGroup {
        name,
        reason,
        years: ys,
        planned,
        placed,
    } in groups.into_values()
    {
        let why = binding::reason_text(reason, zh);
        out.push(match l {
            Lang::Zh => format!(
                "{name}：{} 年{why}（计划 {} 人，实际 {} 人）",
                years_text(&ys, l),
                whole(planned),
                whole(placed)
            ),
            Lang::En => format!(
                "{name}: {why} in {} (planned {}, placed {})",
                years_text(&ys, l),
                whole(planned),
                whole(placed)
            ),
        });
    }
    out
}

/// The intakes of one policy cut for one reason, over the years.
struct CutGroup {
    /// The policy's name in the interface language.
    name: String,
    /// Why they were cut.
    reason: CutReason,
    /// The years they were cut in.
    years: Vec<i32>,
    /// People planned in those years.
    planned: f64,
    /// People placed in those years.
    placed: f64,
}

/// What the key results are made from.
pub struct Inputs<'a> {
    /// The scenario the projection is of.
    pub scenario: &'a Scenario,
    /// Its expected-value projection.
    pub projection: &'a Projection,
    /// Its goals judged on the expected-value path (empty when not judged,
    /// e.g. for a big file whose projection runs in the background).
    pub goals: &'a [GoalOutcome],
    /// The last Monte Carlo summary, if any.
    pub mc: Option<&'a McSummary>,
    /// True when the scenario changed since that summary.
    pub mc_stale: bool,
}

/// The key results of a projection (and of a Monte Carlo run of the same
/// scenario, when one exists) in the interface language.
#[must_use]
pub fn key_results(input: &Inputs<'_>, l: Lang) -> KeyResults {
    let Inputs {
        scenario: sc,
        projection: p,
        goals,
        mc,
        mc_stale,
    } = *input;
    let zh = l == Lang::Zh;
    let year = headline_year(sc, p);
    let current = mc.filter(|m| !mc_stale && m.runs > 0);
    let basis = match (mc, current) {
        (_, Some(m)) => Basis::MonteCarlo(m.runs),
        (Some(_), None) => Basis::Stale,
        (None, None) => Basis::Expected,
    };
    let end = p.at_year_end(year).cloned().unwrap_or_default();
    let yearly_cost: f64 = p
        .months
        .iter()
        .filter(|m| m.year == year && m.month_index > 0)
        .map(|m| m.cost_yuan)
        .sum();
    let q =
        |metric: &str| -> Option<Quantiles> { current?.year_ends.get(metric)?.get(&year).copied() };
    let divergent = |metric: &str| {
        current.is_some_and(|m| {
            m.divergent
                .iter()
                .any(|d| d.metric == metric && d.year == year)
        })
    };
    let open = end.stations_open;
    let stations = |v: f64| format!("{} / {open}", whole(v));
    let label = |key: &'static str| match l {
        Lang::Zh => format!("{}（{year}年末）", l.t(key)),
        Lang::En => format!("{}, end of {year}", l.t(key)),
    };
    let spend_label = |key: &'static str| match l {
        Lang::Zh => format!("{}（{year}年全年）", l.t(key)),
        Lang::En => format!("{}, {year} as a whole", l.t(key)),
    };
    let mut figures = Vec::new();
    // A figure: its value written with `fmt`, its band's ends with `ends`.
    let mut figure = |metric: &'static str,
                      label: String,
                      expected: f64,
                      fmt: &dyn Fn(f64) -> String,
                      ends: &dyn Fn(f64) -> String| {
        let quant = q(metric);
        figures.push(Figure {
            metric,
            label,
            expected: fmt(expected),
            median: quant.map(|q| fmt(q.p50)),
            band: quant.map(|q| format!("{} – {}", ends(q.p5), ends(q.p95))),
            divergent: divergent(metric),
        });
    };
    let count = |v: f64| whole(v);
    let people = |v: f64| format!("{} {}", whole(v), l.t("unit.people"));
    let share = |v: f64| l.percent(v);
    let money = |v: f64| l.yuan(v);
    figure(
        "stations_at_norm",
        label("key.stations_at_norm"),
        f64::from(end.stations_at_norm),
        &stations,
        &count,
    );
    figure(
        "headcount_total",
        label("key.headcount"),
        end.headcount_total,
        &people,
        &count,
    );
    figure(
        "certified_share",
        label("key.certified_share"),
        end.certified_share,
        &share,
        &share,
    );
    figure("gap_fte", label("key.gap"), end.gap_fte, &people, &count);
    figure(
        "spend_year_to_date_yuan",
        spend_label("key.cost"),
        yearly_cost,
        &money,
        &money,
    );
    figure(
        "unfunded_year_yuan",
        spend_label("key.unfunded"),
        end.unfunded_year_yuan,
        &money,
        &money,
    );

    let divergence: Vec<String> = figures
        .iter()
        .filter(|f| f.divergent)
        .filter_map(|f| {
            let median = f.median.as_ref()?;
            Some(match l {
                Lang::Zh => format!(
                    "{}：期望值路径为 {}，随机模拟中位数为 {median}",
                    f.label, f.expected
                ),
                Lang::En => format!(
                    "{}: the expected-value path gives {}, the Monte Carlo median {median}",
                    f.label, f.expected
                ),
            })
        })
        .collect();

    let divergence_why = (!divergence.is_empty()).then(|| l.t("key.divergence_why").to_string());
    let goal_lines = goal_lines(sc, goals, current, l);

    let years = binding::binding_years(sc, p);
    let details = Binding {
        years: years.clone(),
        divergent: Vec::new(),
    }
    .lines(sc, zh);
    let binding = binding_sentences(&years, l);

    let short: Vec<(i32, f64)> = super::views::years(p)
        .into_iter()
        .filter_map(|y| {
            let m = p.at_year_end(y)?;
            (m.month_index > 0 && m.unfunded_year_yuan > 0.5).then_some((y, m.unfunded_year_yuan))
        })
        .collect();
    let funding = (!short.is_empty()).then(|| {
        let ys: Vec<i32> = short.iter().map(|s| s.0).collect();
        let at_year = short
            .iter()
            .find(|s| s.0 == year)
            .map(|s| match l {
                Lang::Zh => format!("；{year} 年超出 {}", l.yuan(s.1)),
                Lang::En => format!("; {} beyond it in {year}", l.yuan(s.1)),
            })
            .unwrap_or_default();
        match l {
            Lang::Zh => format!(
                "支出超出当年经费：{} 年{at_year}（期望值路径）",
                years_text(&ys, l)
            ),
            Lang::En => format!(
                "Spending exceeds the year's funding in {}{at_year} (expected-value path)",
                years_text(&ys, l)
            ),
        }
    });
    let by_construction = ((funding.is_some() || !binding.is_empty()) && short_by_construction(sc))
        .then(|| l.t("key.by_construction").to_string());

    KeyResults {
        year,
        basis,
        figures,
        goals: goal_lines,
        binding,
        binding_details: details,
        divergence,
        divergence_why,
        funding,
        by_construction,
    }
}

/// The scenario's goals with their chance (a current Monte Carlo run) and
/// their value on the expected-value path.
fn goal_lines(
    sc: &Scenario,
    judged: &[GoalOutcome],
    mc: Option<&McSummary>,
    l: Lang,
) -> Vec<GoalLine> {
    let zh = l == Lang::Zh;
    sc.targets
        .effective_goals(sc)
        .iter()
        .map(|g| {
            let label = match l {
                Lang::Zh if !g.label.is_empty() => g.label.clone(),
                Lang::En if !g.label_en.is_empty() => g.label_en.clone(),
                _ if !g.label.is_empty() => g.label.clone(),
                _ => format!(
                    "{} {} {}",
                    metrics::label(sc, &g.metric, zh),
                    g.comparison.symbol(),
                    value_text(&g.metric, g.level, l)
                ),
            };
            let when = match (l, g.every_year) {
                (Lang::Zh, false) => format!("{}年末", g.year),
                (Lang::Zh, true) => format!("{}年起每年", g.year),
                (Lang::En, false) => format!("end of {}", g.year),
                (Lang::En, true) => format!("every year from {}", g.year),
            };
            let outcome = judged.iter().find(|o| o.goal.id == g.id);
            let odd = mc.and_then(|m| m.targets.get(&g.id));
            GoalLine {
                id: g.id.clone(),
                label,
                when,
                year: g.year,
                probability: odd.map(|o| o.probability),
                by_year: odd.map_or_else(Vec::new, |o| {
                    o.probability_by_year
                        .iter()
                        .map(|(y, p)| (*y, *p))
                        .collect()
                }),
                spread: odd.map(|o| {
                    let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
                    format!(
                        "{} {}{open}{} {} – {}{close}",
                        l.t("key.median"),
                        value_text(&g.metric, o.p50, l),
                        l.t("key.band90"),
                        value_text(&g.metric, o.p5, l),
                        value_text(&g.metric, o.p95, l)
                    )
                }),
                expected: outcome
                    .map_or_else(|| "—".to_string(), |o| value_text(&g.metric, o.value, l)),
                met: outcome.map(|o| o.met),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_joined_into_runs() {
        assert_eq!(
            years_text(&[2031, 2027, 2029, 2030], Lang::En),
            "2027, 2029–2031"
        );
        assert_eq!(years_text(&[2026, 2027], Lang::Zh), "2026–2027");
        assert_eq!(years_text(&[], Lang::Zh), "");
    }
}
