//! The data behind each chart, headline and table, computed from a
//! projection without any drawing, so it can be tested (insta snapshots)
//! and cached between frames.

use super::document::Selection;
use super::i18n::Lang;
use crate::model::Projection;
use crate::model::results::{MonthResult, TownshipMonth};
use crate::model::scenario::{Scenario, StageKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// One named series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesData {
    /// Legend name in the interface language.
    pub name: String,
    /// One value per x.
    pub y: Vec<f64>,
}

/// Uncertainty band of one series from Monte Carlo runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// X positions (fractional years).
    pub x: Vec<f64>,
    /// 5th percentile.
    pub p5: Vec<f64>,
    /// 25th percentile.
    pub p25: Vec<f64>,
    /// Median.
    pub p50: Vec<f64>,
    /// 75th percentile.
    pub p75: Vec<f64>,
    /// 95th percentile.
    pub p95: Vec<f64>,
}

/// The 5th, 50th and 95th percentiles of one metric at one year end.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Quantiles {
    /// 5th percentile.
    pub p5: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// Monte Carlo summary the dashboard can overlay (filled in when a run finishes).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct McSummary {
    /// Bands by chart id (`headcount`, `need`, `certified`, …).
    pub bands: BTreeMap<String, Band>,
    /// Share of runs in which every open station is at norm at the end.
    pub chance_all_at_norm: Option<f64>,
    /// Number of completed runs.
    pub runs: usize,
    /// Percentiles of the headline metrics ([`HEADLINE_METRICS`]) at each
    /// year end, by metric and calendar year.
    pub year_ends: BTreeMap<String, BTreeMap<i32, Quantiles>>,
    /// The chance of each goal of the scenario, in the scenario's order.
    pub targets: crate::model::montecarlo::TargetOdds,
    /// Metrics (year ends) where the expected-value projection lies outside
    /// the Monte Carlo 90 % band.
    pub divergent: Vec<crate::model::analysis::binding::Divergence>,
    /// Uncertain assumptions drawn in each run (0: process noise alone).
    pub assumptions_drawn: usize,
}

/// The metrics the headline quotes at a year end: stations at norm, workers
/// in post, certified share, shortfall to need, the year's spending and
/// the year's spending beyond its funding.
pub const HEADLINE_METRICS: [&str; 7] = [
    "stations_at_norm",
    "stations_open",
    "headcount_total",
    "certified_share",
    "gap_fte",
    "spend_year_to_date_yuan",
    "unfunded_year_yuan",
];

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ChartKind {
    /// Stacked areas plus optional lines.
    StackedArea,
    /// Lines; when `shade_gap` the area between the first two is shaded.
    Lines,
    /// Stacked yearly bars plus optional lines.
    StackedBars,
}

/// Everything one chart shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartData {
    /// Stable id (also the accessibility label suffix).
    pub id: &'static str,
    /// Title in the interface language.
    pub title: String,
    /// How it is drawn.
    pub kind: ChartKind,
    /// X positions: fractional calendar years (2026.5 = July 2026).
    pub x: Vec<f64>,
    /// Stacked series (areas or bars), bottom first.
    pub stacked: Vec<SeriesData>,
    /// Lines drawn over the stack.
    pub lines: Vec<SeriesData>,
    /// Shade where `lines[0]` (need) exceeds `lines[1]` (supply).
    pub shade_gap: bool,
    /// Values are shares shown as percentages.
    pub percent: bool,
    /// Values are yuan (axis in 万元 / thousand yuan, tooltips in money);
    /// neither this nor `percent`: people.
    pub money: bool,
    /// Where the rules overrode the plan (hiring stopped, intakes cut).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

/// What a mark on a chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MarkKind {
    /// Months in which the funding cap stopped hiring (a shaded span).
    HiringStopped,
    /// A month in which a rule cancelled or cut an intake (a marker).
    IntakeCut,
}

/// A span of months, or one month, marked on a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// What it shows.
    pub kind: MarkKind,
    /// Start, as a fractional year.
    pub from_x: f64,
    /// End, as a fractional year (the start for a single month's marker).
    pub to_x: f64,
    /// What happened, in the interface language (for the tooltip).
    pub text: String,
}

/// How a chart's value axis is written: values are divided by `divisor`
/// and the axis is titled `unit`.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisScale {
    /// What each tick's value is divided by.
    pub divisor: f64,
    /// The unit the ticks are in, in the interface language (万元, %, 人 …).
    pub unit: String,
}

/// One stacked area of a chart, its base and top already summed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layer {
    /// Legend name.
    pub name: String,
    /// Lower edge: the sum of the series below.
    pub base: Vec<f64>,
    /// Upper edge: the base plus this series.
    pub top: Vec<f64>,
}

impl ChartData {
    /// The stacked series as areas, bottom first.
    #[must_use]
    pub fn layers(&self) -> Vec<Layer> {
        let mut base = vec![0.0; self.x.len()];
        self.stacked
            .iter()
            .map(|s| {
                let top: Vec<f64> = base.iter().zip(&s.y).map(|(b, v)| b + v).collect();
                Layer {
                    name: s.name.clone(),
                    base: std::mem::replace(&mut base, top.clone()),
                    top,
                }
            })
            .collect()
    }

    /// The shaded gap where need (`lines[0]`) exceeds supply (`lines[1]`):
    /// its lower edge (supply) and upper edge (the larger of the two).
    #[must_use]
    pub fn gap(&self) -> Option<(Vec<f64>, Vec<f64>)> {
        let (need, supply) = match self.lines.as_slice() {
            [need, supply, ..] if self.shade_gap => (&need.y, &supply.y),
            _ => return None,
        };
        let upper: Vec<f64> = need.iter().zip(supply).map(|(n, s)| n.max(*s)).collect();
        Some((supply.clone(), upper))
    }
}

/// The numbers a planner quotes, at the end of the headline year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// Calendar year quoted: the scenario's target year, else the last projected year.
    pub year: i32,
    /// Open stations at their staffing norm.
    pub stations_at_norm: u32,
    /// Open stations.
    pub stations_open: u32,
    /// Workers in post.
    pub headcount: f64,
    /// Certified share of workers.
    pub certified_share: f64,
    /// Shortfall against need, workers.
    pub gap_fte: f64,
    /// Spending in the quoted calendar year, yuan.
    pub cost_last_year_yuan: f64,
    /// Monte Carlo: chance every station is at norm.
    pub chance_all_at_norm: Option<f64>,
}

impl Headline {
    /// The headline sentence about stations, e.g. "stations at norm in 2030: 12 of 16, 68 % chance all 16".
    #[must_use]
    pub fn stations_text(&self, lang: Lang) -> String {
        let mut s = match lang {
            Lang::Zh => format!(
                "{}年末达标站点:{} / {}",
                self.year, self.stations_at_norm, self.stations_open
            ),
            Lang::En => format!(
                "Stations at norm in {}: {} of {}",
                self.year, self.stations_at_norm, self.stations_open
            ),
        };
        if let Some(p) = self.chance_all_at_norm {
            s.push_str(&match lang {
                Lang::Zh => format!(
                    ",全部 {} 个达标的概率 {}",
                    self.stations_open,
                    lang.percent(p)
                ),
                Lang::En => format!(", {} chance all {}", lang.percent(p), self.stations_open),
            });
        }
        s
    }

    /// The headline row as shown: the stations sentence, then workers in
    /// post, certified share, shortfall (whole people) and the year's spending.
    #[must_use]
    pub fn texts(&self, l: Lang) -> Vec<String> {
        vec![
            self.stations_text(l),
            format!(
                "{}: {}",
                l.t("dash.headcount"),
                l.people(self.headcount.round())
            ),
            format!(
                "{}: {}",
                l.t("dash.certified_share"),
                l.percent(self.certified_share)
            ),
            format!("{}: {}", l.t("dash.gap"), l.people(self.gap_fte.round())),
            format!(
                "{}: {}",
                l.t("dash.cost_year"),
                l.yuan(self.cost_last_year_yuan)
            ),
        ]
    }
}

impl McSummary {
    /// "Monte Carlo: N runs" in the interface language.
    #[must_use]
    pub fn runs_text(&self, l: Lang) -> String {
        format!(
            "{}: {} {} {}",
            l.t("status.mc"),
            self.runs,
            l.t("dash.mc_runs"),
            self.kind_text(l)
        )
    }

    /// Which kinds of uncertainty the bands include, in the interface language.
    #[must_use]
    pub fn kind_text(&self, l: Lang) -> String {
        if self.assumptions_drawn == 0 {
            l.t("mc.kind_process").to_string()
        } else {
            l.t("mc.kind_all")
                .replace("{n}", &self.assumptions_drawn.to_string())
        }
    }
}

impl ChartData {
    /// A value as the chart's tooltip gives it: a percentage for shares,
    /// money in 万元 (or k / M yuan) for money, else people.
    #[must_use]
    pub fn value_text(&self, v: f64, l: Lang) -> String {
        if self.percent {
            l.percent(v)
        } else if self.money {
            l.yuan(v)
        } else {
            format!("{} {}", l.people(v), l.t("unit.people"))
        }
    }

    /// The value axis: shares in %, money in 万元 / 亿元 (thousand /
    /// million / billion yuan in English), people as they are (万人 /
    /// thousand people from 100,000 up).
    #[must_use]
    pub fn axis(&self, l: Lang) -> AxisScale {
        let max = self
            .stacked
            .iter()
            .chain(&self.lines)
            .flat_map(|s| s.y.iter())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        // Stacked series add up.
        let stacked: f64 = (0..self.x.len())
            .map(|i| self.stacked.iter().filter_map(|s| s.y.get(i)).sum::<f64>())
            .fold(0.0, f64::max);
        let max = max.max(stacked);
        let (divisor, key) = if self.percent {
            (0.01, "axis.percent")
        } else if self.money {
            match l {
                Lang::Zh if max >= 1e8 => (1e8, "axis.yi_yuan"),
                Lang::Zh => (1e4, "axis.wan_yuan"),
                Lang::En if max >= 1e9 => (1e9, "axis.bn_yuan"),
                Lang::En if max >= 1e6 => (1e6, "axis.m_yuan"),
                Lang::En => (1e3, "axis.k_yuan"),
            }
        } else if max >= 1e5 {
            match l {
                Lang::Zh => (1e4, "axis.wan_people"),
                Lang::En => (1e3, "axis.k_people"),
            }
        } else {
            (1.0, "axis.people")
        };
        AxisScale {
            divisor,
            unit: l.t(key).to_string(),
        }
    }
}

impl AxisScale {
    /// A tick's text: the value divided, with as many decimals as the
    /// spacing of the ticks needs.
    #[must_use]
    pub fn tick(&self, value: f64, step: f64) -> String {
        let v = value / self.divisor;
        let s = (step / self.divisor).abs();
        let decimals = if s >= 1.0 || s == 0.0 {
            0
        } else if s >= 0.1 {
            1
        } else {
            2
        };
        let text = format!("{v:.decimals$}");
        if text.starts_with('-')
            && text
                .trim_start_matches('-')
                .chars()
                .all(|c| c == '0' || c == '.')
        {
            text.trim_start_matches('-').to_string()
        } else {
            text
        }
    }
}

/// Why Monte Carlo bands' median need not follow the expected-value lines,
/// in the interface language.
#[must_use]
pub fn non_linear_note(l: Lang) -> &'static str {
    l.pick(
        crate::model::montecarlo::NON_LINEAR_NOTE_ZH,
        crate::model::montecarlo::NON_LINEAR_NOTE_EN,
    )
}

/// One row of the townships table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TownshipRow {
    /// Township id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Workers in post at the end of the year.
    pub headcount: f64,
    /// Staffing norm.
    pub norm: f64,
    /// Certified share.
    pub certified_share: f64,
    /// Need, workers.
    pub need_fte: f64,
    /// Shortfall, workers.
    pub gap_fte: f64,
    /// At norm at the end of the year.
    pub at_norm: bool,
    /// Villages covered.
    pub villages_covered: f64,
    /// Spending during the year, yuan.
    pub cost_year_yuan: f64,
}

/// All dashboard data for one selection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardData {
    /// The headline row.
    pub headline: Headline,
    /// Charts in display order.
    pub charts: Vec<ChartData>,
}

fn x_of(m: &MonthResult) -> f64 {
    f64::from(m.year) + f64::from(m.month.saturating_sub(1)) / 12.0
}

/// Display name of a track in the interface language.
#[must_use]
pub fn track_name(sc: &Scenario, id: &str, lang: Lang) -> String {
    super::roster::track_name(&sc.tracks, id, lang)
}

/// Display name of a stage in the interface language.
#[must_use]
pub fn stage_name(sc: &Scenario, id: &str, lang: Lang) -> String {
    sc.stages
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| lang.name(&s.name, &s.name_en))
        .to_string()
}

fn source_name(sc: &Scenario, id: &str, lang: Lang) -> String {
    if id == "unfunded" {
        return lang.t("dash.unfunded").to_string();
    }
    sc.budget
        .sources
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| lang.name(&s.name, &s.name_en))
        .to_string()
}

/// Turns per-month named values into series, keeping the key order of the first month.
fn named_series(
    months: &[&crate::model::results::Named],
    name: impl Fn(&str) -> String,
) -> Vec<SeriesData> {
    let Some(first) = months.first() else {
        return Vec::new();
    };
    first
        .keys()
        .iter()
        .map(|k| SeriesData {
            name: name(k),
            y: months.iter().map(|n| n.get(k).unwrap_or(0.0)).collect(),
        })
        .collect()
}

fn total_villages(sc: &Scenario, township: Option<&str>) -> f64 {
    sc.county
        .townships
        .iter()
        .filter(|t| township.is_none_or(|id| t.id == id))
        .map(|t| t.villages.len() as f64)
        .sum()
}

/// Yearly sums of a monthly flow (month 0 is the start state and carries no flow).
fn yearly<T>(
    rows: &[T],
    year: impl Fn(&T) -> i32,
    index: impl Fn(&T) -> u32,
    value: impl Fn(&T) -> f64,
) -> BTreeMap<i32, f64> {
    let mut out = BTreeMap::new();
    for r in rows {
        if index(r) == 0 {
            continue;
        }
        *out.entry(year(r)).or_insert(0.0) += value(r);
    }
    out
}

/// Builds the dashboard data for the county or a township.
#[must_use]
pub fn dashboard(
    sc: &Scenario,
    p: &Projection,
    selection: &Selection,
    lang: Lang,
    mc: Option<&McSummary>,
) -> DashboardData {
    let mut data = match selection.township() {
        Some(tw) => {
            let rows = p.township_rows(tw);
            if rows.is_empty() {
                county_dashboard(sc, p, lang, mc)
            } else {
                township_dashboard(sc, p, tw, &rows, lang)
            }
        }
        None => county_dashboard(sc, p, lang, mc),
    };
    let marks = binding_marks(sc, p, lang);
    for c in &mut data.charts {
        c.marks = marks
            .iter()
            .filter(|m| match m.kind {
                MarkKind::HiringStopped => c.kind != ChartKind::StackedBars,
                MarkKind::IntakeCut => c.id == "by_track",
            })
            .cloned()
            .collect();
    }
    data
}

/// Where the rules overrode the plan, as chart marks: the months in which
/// the funding cap stopped hiring (consecutive months joined into one
/// span) and the months in which an intake was cancelled or cut.
#[must_use]
pub fn binding_marks(sc: &Scenario, p: &Projection, lang: Lang) -> Vec<Mark> {
    let zh = lang == Lang::Zh;
    let years = crate::model::analysis::binding::binding_years(sc, p);
    let x = |year: i32, month: u32| f64::from(year) + f64::from(month.saturating_sub(1)) / 12.0;
    let mut months: Vec<(i32, u32)> = years
        .iter()
        .flat_map(|y| y.capped_months.iter().map(move |m| (y.year, *m)))
        .collect();
    months.sort_unstable();
    let mut out: Vec<Mark> = Vec::new();
    let mut run: Option<((i32, u32), (i32, u32))> = None;
    let next = |(y, m): (i32, u32)| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let close = |from: (i32, u32), to: (i32, u32), out: &mut Vec<Mark>| {
        let when = if from == to {
            lang.month(from.0, from.1)
        } else {
            format!("{}–{}", lang.month(from.0, from.1), lang.month(to.0, to.1))
        };
        out.push(Mark {
            kind: MarkKind::HiringStopped,
            from_x: x(from.0, from.1),
            to_x: x(to.0, to.1) + 1.0 / 12.0,
            text: format!("{when}: {}", lang.t("binding.hiring_stopped")),
        });
    };
    for ym in months {
        run = match run {
            Some((from, to)) if next(to) == ym => Some((from, ym)),
            Some((from, to)) => {
                close(from, to, &mut out);
                Some((ym, ym))
            }
            None => Some((ym, ym)),
        };
    }
    if let Some((from, to)) = run {
        close(from, to, &mut out);
    }
    for y in &years {
        for c in &y.cuts {
            let name = if zh { &c.name_zh } else { &c.name_en };
            out.push(Mark {
                kind: MarkKind::IntakeCut,
                from_x: x(y.year, c.month),
                to_x: x(y.year, c.month),
                text: format!(
                    "{}: {name} {} ({} {}, {} {})",
                    lang.month(y.year, c.month),
                    crate::model::analysis::binding::reason_text(c.reason, zh),
                    lang.t("binding.planned"),
                    lang.people(c.planned),
                    lang.t("binding.placed"),
                    lang.people(c.placed),
                ),
            });
        }
    }
    out
}

/// One month of what a dashboard plots, for the county or one township.
struct Point<'a> {
    x: f64,
    by_track: &'a crate::model::results::Named,
    by_grade: &'a crate::model::results::Named,
    trainees: f64,
    need_fte: f64,
    supply: f64,
    /// Share of open stations at their norm.
    at_norm_share: f64,
    villages_covered: f64,
    certified_share: f64,
}

/// The county's months as dashboard points.
fn county_points(p: &Projection) -> Vec<Point<'_>> {
    p.months
        .iter()
        .map(|m| Point {
            x: x_of(m),
            by_track: &m.headcount_by_track,
            by_grade: &m.headcount_by_grade,
            trainees: m.trainees,
            need_fte: m.need_fte,
            supply: m.headcount_total,
            at_norm_share: if m.stations_open == 0 {
                0.0
            } else {
                f64::from(m.stations_at_norm) / f64::from(m.stations_open)
            },
            villages_covered: m.villages_covered,
            certified_share: m.certified_share,
        })
        .collect()
}

/// One township's rows as dashboard points.
fn township_points<'a>(p: &'a Projection, rows: &[&'a TownshipMonth]) -> Vec<Point<'a>> {
    rows.iter()
        .map(|r| Point {
            x: p.months.get(r.month_index as usize).map_or(0.0, x_of),
            by_track: &r.headcount_by_track,
            by_grade: &r.headcount_by_grade,
            trainees: r.trainees,
            need_fte: r.need_fte,
            supply: r.headcount,
            at_norm_share: if r.at_norm { 1.0 } else { 0.0 },
            villages_covered: r.villages_covered,
            certified_share: if r.headcount > 0.0 {
                r.certified / r.headcount
            } else {
                0.0
            },
        })
        .collect()
}

/// The monthly charts every dashboard shows (all but cost), from its points;
/// `villages` is the number of villages in the selection.
fn monthly_charts(
    sc: &Scenario,
    points: &[Point<'_>],
    villages: f64,
    lang: Lang,
) -> Vec<ChartData> {
    let x: Vec<f64> = points.iter().map(|p| p.x).collect();
    let series = |key: &'static str, f: &dyn Fn(&Point<'_>) -> f64| SeriesData {
        name: lang.t(key).to_string(),
        y: points.iter().map(f).collect(),
    };
    let by_track: Vec<_> = points.iter().map(|p| p.by_track).collect();
    let by_grade: Vec<_> = points.iter().map(|p| p.by_grade).collect();
    let chart = |id, key: &'static str, kind, stacked, lines, shade_gap, percent| ChartData {
        id,
        title: lang.t(key).to_string(),
        kind,
        x: x.clone(),
        stacked,
        lines,
        shade_gap,
        percent,
        money: false,
        marks: Vec::new(),
    };
    vec![
        chart(
            "by_track",
            "dash.by_track",
            ChartKind::StackedArea,
            named_series(&by_track, |k| track_name(sc, k, lang)),
            vec![series("dash.trainees", &|p| p.trainees)],
            false,
            false,
        ),
        chart(
            "by_grade",
            "dash.by_grade",
            ChartKind::StackedArea,
            named_series(&by_grade, |k| stage_name(sc, k, lang)),
            Vec::new(),
            false,
            false,
        ),
        chart(
            "need",
            "dash.need_supply",
            ChartKind::Lines,
            Vec::new(),
            vec![
                series("dash.need", &|p| p.need_fte),
                series("dash.supply", &|p| p.supply),
            ],
            true,
            false,
        ),
        chart(
            "coverage",
            "dash.coverage",
            ChartKind::Lines,
            Vec::new(),
            vec![
                series("dash.stations_at_norm", &|p| p.at_norm_share),
                series("dash.villages_covered", &|p| p.villages_covered / villages),
            ],
            false,
            true,
        ),
        chart(
            "certified",
            "dash.certified",
            ChartKind::Lines,
            Vec::new(),
            vec![series("dash.certified", &|p| p.certified_share)],
            false,
            true,
        ),
    ]
}

fn county_dashboard(
    sc: &Scenario,
    p: &Projection,
    lang: Lang,
    mc: Option<&McSummary>,
) -> DashboardData {
    let months = &p.months;
    let villages = total_villages(sc, None).max(1.0);
    let mut charts = monthly_charts(sc, &county_points(p), villages, lang);
    // Yearly cost by funding source against the budget line.
    let years: Vec<i32> = {
        let mut y: Vec<i32> = months.iter().skip(1).map(|m| m.year).collect();
        y.dedup();
        y
    };
    let mut stacked = Vec::new();
    if let Some(first) = months.get(1) {
        for k in first.cost_by_source.keys() {
            let sums = yearly(
                months,
                |m| m.year,
                |m| m.month_index,
                |m| m.cost_by_source.get(k).unwrap_or(0.0),
            );
            if sums.values().all(|v| *v == 0.0) && &**k == "unfunded" {
                continue;
            }
            stacked.push(SeriesData {
                name: source_name(sc, k, lang),
                y: years
                    .iter()
                    .map(|y| sums.get(y).copied().unwrap_or(0.0))
                    .collect(),
            });
        }
    }
    let budget: Vec<f64> = years
        .iter()
        .map(|y| {
            months
                .iter()
                .find(|m| m.year == *y)
                .map_or(0.0, |m| m.funding_year_yuan)
        })
        .collect();
    charts.push(ChartData {
        id: "cost",
        title: lang.t("dash.cost").to_string(),
        kind: ChartKind::StackedBars,
        x: years.iter().map(|y| f64::from(*y)).collect(),
        stacked,
        lines: vec![SeriesData {
            name: lang.t("dash.budget").to_string(),
            y: budget,
        }],
        shade_gap: false,
        percent: false,
        money: true,
        marks: Vec::new(),
    });
    let year = headline_year(sc, p);
    let last = p.at_year_end(year).cloned().unwrap_or_default();
    let last_year_cost = yearly(months, |m| m.year, |m| m.month_index, |m| m.cost_yuan)
        .get(&year)
        .copied()
        .unwrap_or(0.0);
    DashboardData {
        headline: Headline {
            year: last.year,
            stations_at_norm: last.stations_at_norm,
            stations_open: last.stations_open,
            headcount: last.headcount_total,
            certified_share: last.certified_share,
            gap_fte: last.gap_fte,
            cost_last_year_yuan: last_year_cost,
            chance_all_at_norm: mc.and_then(|m| m.chance_all_at_norm),
        },
        charts,
    }
}

fn township_dashboard(
    sc: &Scenario,
    p: &Projection,
    tw: &str,
    rows: &[&TownshipMonth],
    lang: Lang,
) -> DashboardData {
    let month_of = |r: &TownshipMonth| p.months.get(r.month_index as usize);
    let villages = total_villages(sc, Some(tw)).max(1.0);
    let mut charts = monthly_charts(sc, &township_points(p, rows), villages, lang);
    let year_of = |r: &&TownshipMonth| month_of(r).map_or(0, |m| m.year);
    let cost = yearly(rows, year_of, |r| r.month_index, |r| r.cost_yuan);
    charts.push(ChartData {
        id: "cost",
        title: lang.t("dash.cost").to_string(),
        kind: ChartKind::StackedBars,
        x: cost.keys().map(|y| f64::from(*y)).collect(),
        stacked: vec![SeriesData {
            name: lang.t("dash.total").to_string(),
            y: cost.values().copied().collect(),
        }],
        lines: Vec::new(),
        shade_gap: false,
        percent: false,
        money: true,
        marks: Vec::new(),
    });
    // The headline year's end, as for the county (else the last row).
    let year = headline_year(sc, p);
    let end = p.at_year_end(year).map(|m| m.month_index);
    let last = rows
        .iter()
        .find(|r| Some(r.month_index) == end)
        .or(rows.last())
        .copied()
        .cloned()
        .unwrap_or_default();
    let year = month_of(&last).map_or(0, |m| m.year);
    DashboardData {
        headline: Headline {
            year,
            stations_at_norm: u32::from(last.at_norm),
            stations_open: 1,
            headcount: last.headcount,
            certified_share: if last.headcount > 0.0 {
                last.certified / last.headcount
            } else {
                0.0
            },
            gap_fte: last.gap_fte,
            cost_last_year_yuan: cost.get(&year).copied().unwrap_or(0.0),
            chance_all_at_norm: None,
        },
        charts,
    }
}

/// Calendar years covered by a projection (those with a year-end row).
#[must_use]
pub fn years(p: &Projection) -> Vec<i32> {
    let mut y: Vec<i32> = p.months.iter().map(|m| m.year).collect();
    y.dedup();
    y
}

/// The townships table at the end of `year` (or the last month of it).
/// Township rows are month-major, so only the rows of that year are read.
#[must_use]
pub fn township_rows(sc: &Scenario, p: &Projection, year: i32) -> Vec<TownshipRow> {
    let Some(end) = p.at_year_end(year) else {
        return Vec::new();
    };
    let first_month = p
        .months
        .iter()
        .filter(|m| m.year == year && m.month_index > 0)
        .map(|m| m.month_index)
        .min()
        .unwrap_or(end.month_index);
    let from = p.townships.partition_point(|r| r.month_index < first_month);
    let to = p
        .townships
        .partition_point(|r| r.month_index <= end.month_index);
    let year_rows = p.townships.get(from..to).unwrap_or_default();
    let mut cost: BTreeMap<&str, f64> = BTreeMap::new();
    for r in year_rows {
        if r.month_index > 0 {
            *cost.entry(&*r.township).or_insert(0.0) += r.cost_yuan;
        }
    }
    let names: BTreeMap<&str, &str> = sc
        .county
        .townships
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    year_rows
        .iter()
        .filter(|r| r.month_index == end.month_index)
        .map(|r| TownshipRow {
            id: r.township.to_string(),
            name: names
                .get(&*r.township)
                .map_or_else(|| r.township.to_string(), |n| (*n).to_string()),
            headcount: r.headcount,
            norm: r.staffing_norm,
            certified_share: if r.headcount > 0.0 {
                r.certified / r.headcount
            } else {
                0.0
            },
            need_fte: r.need_fte,
            gap_fte: r.gap_fte,
            at_norm: r.at_norm,
            villages_covered: r.villages_covered,
            cost_year_yuan: cost.get(&*r.township).copied().unwrap_or(0.0),
        })
        .collect()
}

/// Which working stages exist (for the levers' pay controls).
#[must_use]
pub fn working_stages(sc: &Scenario) -> Vec<usize> {
    sc.stages
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.kind, StageKind::Working { .. }))
        .map(|(i, _)| i)
        .collect()
}

/// The Monte Carlo overlay of the county dashboard: bands per chart and the
/// chance that every station is at norm at the end of the headline year.
#[must_use]
pub fn mc_summary(
    sc: &Scenario,
    p: &Projection,
    r: &crate::model::montecarlo::McResult,
) -> McSummary {
    let x: Vec<f64> = p.months.iter().map(x_of).collect();
    let n = x.len();
    let band = |metric: &str, scale: &dyn Fn(usize) -> f64| -> Option<Band> {
        let b = r.bands.get(metric)?;
        let f = |v: &[f64]| -> Vec<f64> {
            v.iter()
                .take(n)
                .enumerate()
                .map(|(i, y)| y * scale(i))
                .collect()
        };
        Some(Band {
            x: x.iter().take(b.p50.len().min(n)).copied().collect(),
            p5: f(&b.p5),
            p25: f(&b.p25),
            p50: f(&b.p50),
            p75: f(&b.p75),
            p95: f(&b.p95),
        })
    };
    let one = |_: usize| 1.0;
    let open = |i: usize| {
        p.months
            .get(i)
            .filter(|m| m.stations_open > 0)
            .map_or(0.0, |m| 1.0 / f64::from(m.stations_open))
    };
    let mut bands = BTreeMap::new();
    for (chart, metric, scale) in [
        ("by_track", "headcount_total", &one as &dyn Fn(usize) -> f64),
        ("need", "headcount_total", &one),
        ("certified", "certified_share", &one),
        ("coverage", "stations_at_norm", &open),
    ] {
        if let Some(b) = band(metric, scale) {
            bands.insert(chart.to_string(), b);
        }
    }
    let year = headline_year(sc, p);
    let mut year_ends: BTreeMap<String, BTreeMap<i32, Quantiles>> = BTreeMap::new();
    for metric in HEADLINE_METRICS {
        let Some(b) = r.bands.get(metric) else {
            continue;
        };
        let mut by_year = BTreeMap::new();
        for y in years(p) {
            let Some(end) = p.at_year_end(y) else {
                continue;
            };
            let i = end.month_index as usize;
            if let (Some(p5), Some(p50), Some(p95)) = (b.p5.get(i), b.p50.get(i), b.p95.get(i)) {
                by_year.insert(
                    y,
                    Quantiles {
                        p5: *p5,
                        p50: *p50,
                        p95: *p95,
                    },
                );
            }
        }
        year_ends.insert(metric.to_string(), by_year);
    }
    // Where the expected-value path leaves the band (caps, filling to norm).
    let divergent = crate::model::Model::compile(sc)
        .map(|model| {
            crate::model::analysis::binding::binding(sc, &model, p, Some(&r.bands)).divergent
        })
        .unwrap_or_default();
    McSummary {
        bands,
        chance_all_at_norm: r
            .targets
            .get("all_stations_at_norm")
            .and_then(|t| t.probability_by_year.get(&year).copied()),
        runs: r.completed,
        year_ends,
        targets: r.targets.clone(),
        divergent,
        assumptions_drawn: r.uncertainty.assumptions.len(),
    }
}

/// The year the headline quotes: the scenario's target year if it is in the
/// horizon, else the last projected year.
#[must_use]
pub fn headline_year(sc: &Scenario, p: &Projection) -> i32 {
    let last = p.months.last().map_or(sc.start_year, |m| m.year);
    sc.targets
        .by_year
        .filter(|y| p.months.iter().any(|m| m.year == *y))
        .unwrap_or(last)
}
