//! Section 4, risks: the chance of missing each target and its bad case,
//! the bad case of the plan in words (the 5th percentile), the levers and
//! assumptions that move the result most (the tornado), what the rules cut,
//! and where the projection and the Monte Carlo run disagree.

use super::outlook::{chart, goal_name, table};
use super::text::{self, MONEY, PEOPLE, PERCENT, STATIONS, Shown, fill};
use super::{Block, Figures, ReportError, Section, section};
use crate::exchange::Cell;
use crate::model::catalog::Catalog;
use crate::model::goals::Comparison;
use crate::model::results::CutReason;
use crate::present::charts::{self, ChartSize, Tornado, TornadoBar};
use crate::present::i18n::Lang;

/// Bars of each tornado shown in the table and the charts.
const TOP_BARS: usize = 5;
/// Bars of a tornado chart.
const CHART_BARS: usize = 8;

/// Section 4.
pub(super) fn risks(f: &Figures, l: Lang) -> Result<Section, ReportError> {
    let mut blocks = Vec::new();
    let sc = &f.base.scenario;

    // Missing each target.
    let mut t = table(
        l.t("report.t4_caption").to_string(),
        l.t("report.sheet4"),
        [
            "report.col_goal",
            "report.col_miss",
            "report.col_bad_case",
            "report.col_unit",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let mut misses: Vec<(String, f64)> = Vec::new();
    for g in &f.goals {
        let Some(o) = f.mc.targets.get(&g.goal.id) else {
            continue;
        };
        let shown = Shown::of(&g.goal.metric);
        let bad = match g.goal.comparison {
            Comparison::AtLeast => o.p5,
            Comparison::AtMost => o.p95,
        };
        let name = goal_name(&g.goal, sc, l);
        misses.push((name.clone(), 1.0 - o.probability));
        t.table.rows.push(vec![
            Cell::text(name),
            PERCENT.cell(1.0 - o.probability),
            shown.cell(bad),
            Cell::text(shown.unit(l)),
        ]);
    }
    let likely: Vec<String> = misses
        .iter()
        .filter(|m| m.1 >= 0.5)
        .map(|m| {
            let p = PERCENT.with_unit(m.1, l);
            match l {
                Lang::Zh => format!("{}（{p}）", m.0),
                Lang::En => format!("{} ({p})", m.0),
            }
        })
        .collect();
    blocks.push(Block::Text(if likely.is_empty() {
        l.t("report.p4_none_likely").to_string()
    } else {
        fill(
            l.t("report.p4"),
            &[
                ("n", likely.len().to_string()),
                ("goals", text::join(&likely, l)),
            ],
        )
    }));
    if !t.table.rows.is_empty() {
        blocks.push(Block::Table(t));
    }

    // The bad case in words: the 5th percentile (95th for spending).
    let step = f
        .model
        .year_ends()
        .get(&f.target_year)
        .copied()
        .unwrap_or(0);
    let q = |metric: &str, high: bool| {
        f.mc.bands
            .get(metric)
            .map(|b| if high { b.p95[step] } else { b.p5[step] })
            .unwrap_or(0.0)
    };
    let med = |metric: &str| f.mc.bands.get(metric).map_or(0.0, |b| b.p50[step]);
    blocks.push(Block::Text(fill(
        l.t("report.p4_bad"),
        &[
            ("year", f.target_year.to_string()),
            ("workers", PEOPLE.num(q("headcount_total", false))),
            ("workers_med", PEOPLE.num(med("headcount_total"))),
            ("certified", PEOPLE.num(q("certified", false))),
            ("certified_med", PEOPLE.num(med("certified"))),
            ("at_norm", STATIONS.num(q("stations_at_norm", false))),
            ("at_norm_med", STATIONS.num(med("stations_at_norm"))),
            ("cost", MONEY.num(q("cumulative_cost_yuan", true))),
            ("cost_med", MONEY.num(med("cumulative_cost_yuan"))),
            ("runs", f.settings.runs.to_string()),
        ],
    )));

    // The tornado.
    blocks.push(Block::Subheading(l.t("report.h4_levers").to_string()));
    let catalog = Catalog::of(sc);
    let mut st = table(
        fill(
            l.t("report.t4b_caption"),
            &[("year", f.target_year.to_string())],
        ),
        l.t("report.sheet4b"),
        [
            "report.col_output",
            "report.col_lever",
            "report.col_kind",
            "report.col_low",
            "report.col_high",
            "report.col_at_low",
            "report.col_at_high",
            "report.col_swing",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let mut tops: Vec<String> = Vec::new();
    for tor in &f.sensitivity.tornadoes {
        let shown = Shown::of(&tor.metric);
        let out_name = text::label(sc, &tor.metric, l);
        let bars: Vec<_> = tor
            .bars
            .iter()
            .filter(|b| b.swing.value.abs() > 1e-9)
            .collect();
        if let Some(b) = bars.first() {
            tops.push(fill(
                l.t("report.p4_top"),
                &[
                    ("output", out_name.clone()),
                    ("lever", l.name(&b.name_zh, &b.name_en).to_string()),
                    ("kind", b.kind.label(l == Lang::Zh).to_string()),
                    ("low", shown.with_unit(b.output_at_low, l)),
                    ("high", shown.with_unit(b.output_at_high, l)),
                ],
            ));
        }
        for b in bars.iter().take(TOP_BARS) {
            let unit = catalog
                .get(&b.id)
                .map(|e| e.unit.label(l == Lang::Zh))
                .unwrap_or("");
            let name = l.name(&b.name_zh, &b.name_en);
            let name = if unit.is_empty() {
                name.to_string()
            } else {
                format!("{name} ({unit})")
            };
            st.table.rows.push(vec![
                Cell::text(format!("{out_name} ({})", shown.unit(l))),
                Cell::text(name),
                Cell::text(b.kind.label(l == Lang::Zh)),
                text::lever_value(b.low),
                text::lever_value(b.high),
                shown.cell(b.output_at_low),
                shown.cell(b.output_at_high),
                shown.cell(b.swing.value),
            ]);
        }
    }
    blocks.push(Block::Text(fill(
        l.t("report.p4_levers"),
        &[("tops", tops.join(l.pick("；", "; ")))],
    )));
    blocks.push(Block::Table(st));
    for tor in &f.sensitivity.tornadoes {
        let shown = Shown::of(&tor.metric);
        let bars: Vec<TornadoBar> = tor
            .bars
            .iter()
            .filter(|b| b.swing.value.abs() > 1e-9)
            .take(CHART_BARS)
            .map(|b| TornadoBar {
                label: l.name(&b.name_zh, &b.name_en).to_string(),
                at_low: shown.scale(b.output_at_low),
                at_high: shown.scale(b.output_at_high),
            })
            .collect();
        if bars.is_empty() {
            continue;
        }
        let name = text::label(sc, &tor.metric, l);
        let size = ChartSize::a4_text(20.0 + 9.0 * bars.len() as f64 + 25.0);
        let png = charts::tornado_png(
            &Tornado {
                title: fill(
                    l.t("report.c4_title"),
                    &[("what", name.clone()), ("year", tor.year.to_string())],
                ),
                x_unit: fill(
                    l.t("report.unit_label"),
                    &[("unit", shown.unit(l).to_string())],
                ),
                base: shown.scale(tor.base),
                bars,
                low_name: l.t("report.c4_low").to_string(),
                high_name: l.t("report.c4_high").to_string(),
                base_name: l.t("report.c4_base").to_string(),
            },
            size,
        )?;
        blocks.push(chart(
            &format!("4-tornado-{}", tor.metric),
            fill(l.t("report.c4_caption"), &[("what", name)]),
            png,
            size,
        ));
    }

    // What the rules cut.
    blocks.push(Block::Subheading(l.t("report.h4_rules").to_string()));
    let mut cut = table(
        l.t("report.t4c_caption").to_string(),
        l.t("report.sheet4c"),
        [
            "report.year",
            "report.col_policy",
            "report.col_rule",
            "report.col_months",
            "report.col_planned",
            "report.col_placed",
            "report.col_cut",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let mut total_cut = 0.0;
    let mut capped_years = 0;
    for y in &f.binding.years {
        if !y.capped_months.is_empty() {
            capped_years += 1;
        }
        let mut seen: Vec<(usize, CutReason)> = Vec::new();
        for c in &y.cuts {
            if seen.contains(&(c.policy, c.reason)) {
                continue;
            }
            seen.push((c.policy, c.reason));
            let same: Vec<_> = y
                .cuts
                .iter()
                .filter(|x| x.policy == c.policy && x.reason == c.reason)
                .collect();
            let planned: f64 = same.iter().map(|x| x.planned).sum();
            let placed: f64 = same.iter().map(|x| x.placed).sum();
            let mut months: Vec<u32> = same.iter().map(|x| x.month).collect();
            months.dedup();
            total_cut += planned - placed;
            let months: Vec<String> = months.iter().map(u32::to_string).collect();
            cut.table.rows.push(vec![
                Cell::from(y.year),
                Cell::text(l.name(&c.name_zh, &c.name_en)),
                Cell::text(l.t(reason_key(c.reason))),
                Cell::text(months.join(l.pick("、", ", "))),
                PEOPLE.cell(planned),
                PEOPLE.cell(placed),
                PEOPLE.cell(planned - placed),
            ]);
        }
    }
    if cut.table.rows.is_empty() {
        blocks.push(Block::Text(l.t("report.p4_no_cuts").to_string()));
    } else {
        blocks.push(Block::Text(fill(
            l.t("report.p4_cuts"),
            &[
                ("rows", cut.table.rows.len().to_string()),
                ("cut", PEOPLE.num(total_cut)),
                ("capped_years", capped_years.to_string()),
            ],
        )));
        blocks.push(Block::Table(cut));
    }

    // Where the projection and the Monte Carlo disagree (at the target year).
    let at_year: Vec<_> = f
        .binding
        .divergent
        .iter()
        .filter(|d| d.year == f.target_year)
        .collect();
    if at_year.is_empty() {
        blocks.push(Block::Text(fill(
            l.t("report.p4_no_divergence"),
            &[("year", f.target_year.to_string())],
        )));
    } else {
        let mut dt = table(
            fill(
                l.t("report.t4d_caption"),
                &[("year", f.target_year.to_string())],
            ),
            l.t("report.sheet4d"),
            [
                "report.col_metric",
                "report.col_unit",
                "report.col_projected",
                "report.col_median",
                "report.col_p5",
                "report.col_p95",
            ]
            .iter()
            .map(|k| l.t(k).to_string())
            .collect(),
        );
        for d in &at_year {
            let shown = Shown::of(&d.metric);
            dt.table.rows.push(vec![
                Cell::text(text::label(sc, &d.metric, l)),
                Cell::text(shown.unit(l)),
                shown.cell(d.projected),
                shown.cell(d.p50),
                shown.cell(d.p5),
                shown.cell(d.p95),
            ]);
        }
        blocks.push(Block::Text(fill(
            l.t("report.p4_divergence"),
            &[
                ("year", f.target_year.to_string()),
                ("n", at_year.len().to_string()),
                ("all", f.binding.divergent.len().to_string()),
            ],
        )));
        blocks.push(Block::Table(dt));
    }
    Ok(section("report.s4", l, blocks))
}

/// Glossary key of a rule that cut an intake.
pub(super) fn reason_key(r: CutReason) -> &'static str {
    match r {
        CutReason::FundingCap => "report.cut_funding",
        CutReason::Applicants => "report.cut_applicants",
        CutReason::YearlyMax => "report.cut_yearly_max",
        CutReason::NoOpenStation => "report.cut_no_station",
    }
}
