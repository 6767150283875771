//! Section 6, comparison of plans (when variants are given): the
//! differences of key results at the target year with their 90 %
//! intervals from paired replications, the cost of each extra certified
//! worker and station at norm, and the targets' odds side by side.

use super::outlook::{chart, table};
use super::text::{self, MONEY, PERCENT, Shown, fill};
use super::{Block, Figures, ReportError, Section, section};
use crate::exchange::Cell;
use crate::model::analysis::Interval;
use crate::model::analysis::compare::Reading;
use crate::present::charts::{self, ChartSize, LineChart, LineSeries};
use crate::present::i18n::Lang;

/// The results compared, read at the target year.
const COMPARED: [&str; 7] = [
    "headcount_total",
    "certified",
    "certified_share",
    "stations_at_norm",
    "gap_fte",
    "hires",
    "cumulative_cost_yuan",
];

/// Why a variant has no cost per extra result: it surely has fewer (its
/// 90 % interval lies below 0), or its gain is not clear.
fn no_ratio(gain: &Interval) -> &'static str {
    if gain.high < 0.0 {
        "report.no_gain"
    } else {
        "report.not_measurable"
    }
}

/// Section 6.
pub(super) fn comparison(f: &Figures, l: Lang) -> Result<Section, ReportError> {
    let Some(c) = &f.comparison else {
        return Ok(section(
            "report.s6",
            l,
            vec![Block::Text(l.t("report.p6_none").to_string())],
        ));
    };
    let sc = &f.base.scenario;
    let Some(y) = c.years.iter().position(|&y| y == f.target_year) else {
        return Ok(section("report.s6", l, Vec::new()));
    };
    let base_label = c
        .plans
        .first()
        .map_or_else(String::new, |p| p.label.clone());
    let mut blocks = Vec::new();

    // Differences.
    let mut t = table(
        fill(
            l.t("report.t6_caption"),
            &[("year", f.target_year.to_string())],
        ),
        l.t("report.sheet6"),
        [
            "report.col_metric",
            "report.col_unit",
            "report.col_variant",
            "report.col_base_value",
            "report.col_variant_value",
            "report.col_difference",
            "report.col_diff_low",
            "report.col_diff_high",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    for metric in COMPARED {
        let Some(row) = c.metrics.iter().find(|m| m.metric == metric) else {
            continue;
        };
        let shown = Shown::of(metric);
        let what = match row.reading {
            Reading::YearEnd => text::label(sc, metric, l),
            Reading::YearSum => fill(
                l.t("report.in_year"),
                &[("what", text::label(sc, metric, l))],
            ),
        };
        for (v, diffs) in row.diff.iter().enumerate() {
            let d = diffs[y];
            t.table.rows.push(vec![
                Cell::text(what.clone()),
                Cell::text(shown.unit(l)),
                Cell::text(c.plans[v + 1].label.clone()),
                shown.cell(row.by_plan[0][y].value),
                shown.cell(row.by_plan[v + 1][y].value),
                shown.difference().cell(d.mean.value),
                shown.difference().cell(d.mean.low),
                shown.difference().cell(d.mean.high),
            ]);
        }
    }

    // Cost per extra result.
    let mut ce = table(
        fill(
            l.t("report.t6b_caption"),
            &[("year", f.target_year.to_string())],
        ),
        l.t("report.sheet6b"),
        [
            "report.col_variant",
            "report.col_extra_cost",
            "report.col_extra_certified",
            "report.col_extra_stations",
            "report.col_per_certified",
            "report.col_per_station",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let mut sentences = Vec::new();
    for e in &c.cost_effectiveness {
        let label = c.plans[e.plan].label.clone();
        // Cost per extra result: a number only where the variant clearly
        // gains; where it clearly loses, no cost per gain exists.
        let ratio = |r: &Option<Interval>, gain: &Interval| match r {
            Some(i) if gain.value > 0.0 => MONEY.cell(i.value),
            _ => Cell::text(l.t(no_ratio(gain))),
        };
        ce.table.rows.push(vec![
            Cell::text(label.clone()),
            MONEY.cell(e.extra_cost_yuan.value),
            Cell::fixed(e.extra_certified.value, 1),
            Cell::fixed(e.extra_stations_at_norm.value, 1),
            ratio(&e.yuan_per_certified, &e.extra_certified),
            ratio(&e.yuan_per_station_at_norm, &e.extra_stations_at_norm),
        ]);
        sentences.push(fill(
            l.t("report.p6_variant"),
            &[
                ("variant", label),
                ("base", base_label.clone()),
                ("year", f.target_year.to_string()),
                ("certified", text::signed(e.extra_certified.value, 1)),
                ("certified_low", text::signed(e.extra_certified.low, 1)),
                ("certified_high", text::signed(e.extra_certified.high, 1)),
                ("stations", text::signed(e.extra_stations_at_norm.value, 1)),
                (
                    "cost",
                    text::signed(MONEY.scale(e.extra_cost_yuan.value), 1),
                ),
                (
                    "per_certified",
                    match e.yuan_per_certified {
                        Some(i) if e.extra_certified.value > 0.0 => MONEY.with_unit(i.value, l),
                        _ => l.t(no_ratio(&e.extra_certified)).to_string(),
                    },
                ),
            ],
        ));
    }
    blocks.push(Block::Text(fill(
        l.t("report.p6"),
        &[
            ("runs", f.settings.runs.to_string()),
            ("sentences", sentences.join(" ")),
        ],
    )));
    blocks.push(Block::Table(t));
    blocks.push(Block::Table(ce));

    // The targets' odds side by side.
    let mut head = vec![l.t("report.col_goal").to_string()];
    head.extend(c.plans.iter().map(|p| format!("{} (%)", p.label)));
    let mut g = table(
        l.t("report.t6c_caption").to_string(),
        l.t("report.sheet6c"),
        head,
    );
    for row in &c.goals {
        let mut r = vec![Cell::text(l.name(&row.label_zh, &row.label_en).to_string())];
        if l.name(&row.label_zh, &row.label_en).is_empty() {
            r[0] = Cell::text(row.id.clone());
        }
        r.extend(row.probability.iter().map(|p| PERCENT.cell(*p)));
        g.table.rows.push(r);
    }
    if !g.table.rows.is_empty() {
        blocks.push(Block::Table(g));
    }

    // Certified workers by year, each plan with its 90 % band.
    if let Some(row) = c.metrics.iter().find(|m| m.metric == "certified") {
        let series: Vec<LineSeries> = c
            .plans
            .iter()
            .enumerate()
            .map(|(p, plan)| LineSeries {
                name: plan.label.clone(),
                points: c
                    .years
                    .iter()
                    .zip(&row.by_plan[p])
                    .map(|(y, s)| (f64::from(*y), s.value))
                    .collect(),
                band: Some(
                    c.years
                        .iter()
                        .zip(&row.by_plan[p])
                        .map(|(y, s)| (f64::from(*y), s.p5, s.p95))
                        .collect(),
                ),
                band_name: String::new(),
                dashed: false,
                palette: None,
            })
            .collect();
        let size = ChartSize::a4_text(85.0);
        let png = charts::line_png(
            &LineChart {
                title: l.t("report.c6_title").to_string(),
                x_label: l.t("report.year").to_string(),
                y_unit: fill(
                    l.t("report.unit_label"),
                    &[("unit", l.t("report.unit_people").to_string())],
                ),
                series,
                levels: Vec::new(),
                y_from_zero: true,
                x_whole: true,
            },
            size,
        )?;
        blocks.push(chart(
            "6-compare-certified",
            l.t("report.c6_caption").to_string(),
            png,
            size,
        ));
    }
    Ok(section("report.s6", l, blocks))
}
