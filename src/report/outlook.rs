//! Sections 1–3: targets (each dated goal, projected and simulated, with
//! its odds), people (flows and stocks by year, townships in the target
//! year) and money (spending by category and by source, funding and the
//! unfunded gap). Tables by year come from the expected-value projection;
//! medians, bands and odds from the Monte Carlo run.

use super::text::{self, MONEY, PEOPLE, PERCENT, STATIONS, Shown, fill};
use super::{Block, Figures, ReportChart, ReportError, ReportTable, Section, section};
use crate::exchange::{Cell, Table};
use crate::model::goals::Comparison;
use crate::model::results::MonthResult;
use crate::present::charts::{self, BarChart, BarSeries, ChartSize, LineChart, LineSeries};
use crate::present::i18n::Lang;

/// One calendar year of the projection: flows summed over its months,
/// stocks at its last month.
pub(super) struct YearFig<'a> {
    /// Calendar year.
    pub year: i32,
    /// Its last month.
    pub end: &'a MonthResult,
    /// Months of the year summed: hires by track, in the results' order.
    pub hires_by_track: Vec<f64>,
    /// Hires, all tracks.
    pub hires: f64,
    /// Trainees entering.
    pub intake: f64,
    /// Trainees completing training and starting work.
    pub graduates: f64,
    /// Exam sitters.
    pub sitters: f64,
    /// Certifications.
    pub passes: f64,
    /// Leavers by cause, in the results' order.
    pub exits_by_cause: Vec<f64>,
    /// Leavers, all causes.
    pub exits: f64,
    /// Spending by category.
    pub cost_by_category: Vec<f64>,
    /// Spending by source (the unfunded part last).
    pub cost_by_source: Vec<f64>,
    /// Spending.
    pub cost: f64,
}

/// The projection's years, in order.
pub(super) fn years(f: &Figures) -> Vec<YearFig<'_>> {
    let mut out: Vec<YearFig<'_>> = Vec::new();
    for (year, step) in f.model.year_ends() {
        let Some(end) = f.projection.months.get(step) else {
            continue;
        };
        let months: Vec<&MonthResult> = f
            .projection
            .months
            .iter()
            .filter(|m| m.year == year && m.month_index >= 1 && m.month_index as usize <= step)
            .collect();
        let sum_named = |get: &dyn Fn(&MonthResult) -> &crate::model::results::Named| {
            let width = get(end).values().len();
            let mut acc = vec![0.0; width];
            for m in &months {
                for (a, v) in acc.iter_mut().zip(get(m).values()) {
                    *a += v;
                }
            }
            acc
        };
        let sum = |get: &dyn Fn(&MonthResult) -> f64| months.iter().map(|m| get(m)).sum::<f64>();
        out.push(YearFig {
            year,
            end,
            hires_by_track: sum_named(&|m| &m.hires_by_track),
            hires: sum(&|m| m.hires),
            intake: sum(&|m| m.trainee_intake),
            graduates: sum(&|m| m.graduates),
            sitters: sum(&|m| m.exam_sitters),
            passes: sum(&|m| m.exam_passes),
            exits_by_cause: sum_named(&|m| &m.exits_by_cause),
            exits: sum(&|m| m.exits),
            cost_by_category: sum_named(&|m| &m.cost_by_category),
            cost_by_source: sum_named(&|m| &m.cost_by_source),
            cost: sum(&|m| m.cost_yuan),
        });
    }
    out
}

/// A table with a caption.
pub(super) fn table(caption: String, sheet: &str, header: Vec<String>) -> ReportTable {
    ReportTable {
        caption,
        table: Table {
            name: sheet.to_string(),
            header,
            rows: Vec::new(),
        },
    }
}

/// A chart block.
pub(super) fn chart(stem: &str, caption: String, png: Vec<u8>, size: ChartSize) -> Block {
    Block::Chart(ReportChart {
        file_stem: stem.to_string(),
        caption,
        png,
        size,
    })
}

/// The x position of month index `i` in years (the middle of its month).
pub(super) fn year_x(f: &Figures, i: usize) -> f64 {
    let (y, m) = f.model.calendar_of(i as u32);
    f64::from(y) + (f64::from(m) - 0.5) / 12.0
}

/// "≥ 60%" or "≤ 0 万元" for a goal.
fn requirement(c: Comparison, level: f64, shown: Shown, l: Lang) -> String {
    let sign = match c {
        Comparison::AtLeast => "≥",
        Comparison::AtMost => "≤",
    };
    format!("{sign} {}", shown.with_unit(level, l))
}

/// Section 1: each goal, projected and simulated, with its odds.
pub(super) fn targets(f: &Figures, l: Lang) -> Result<Section, ReportError> {
    let sc = &f.base.scenario;
    let runs = f.settings.runs;
    let mut t = table(
        l.t("report.t1_caption").to_string(),
        l.t("report.sheet1"),
        [
            "report.col_goal",
            "report.col_year",
            "report.col_requirement",
            "report.col_unit",
            "report.col_projected",
            "report.col_median",
            "report.col_p5",
            "report.col_p95",
            "report.col_probability",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let mut met = 0;
    let mut odds: Vec<(String, f64)> = Vec::new();
    for g in &f.goals {
        let shown = Shown::of(&g.goal.metric);
        let name = goal_name(&g.goal, sc, l);
        let odd = f.mc.targets.get(&g.goal.id);
        let p = odd.map_or(0.0, |o| o.probability);
        if g.met {
            met += 1;
        }
        odds.push((name.clone(), p));
        let year = if g.goal.every_year {
            fill(
                l.t("report.every_year_from"),
                &[("year", g.goal.year.to_string())],
            )
        } else {
            g.goal.year.to_string()
        };
        t.table.rows.push(vec![
            Cell::text(name),
            Cell::text(year),
            Cell::text(requirement(g.goal.comparison, g.goal.level, shown, l)),
            Cell::text(shown.unit(l)),
            shown.cell(g.value),
            odd.map_or(Cell::Empty, |o| shown.cell(o.p50)),
            odd.map_or(Cell::Empty, |o| shown.cell(o.p5)),
            odd.map_or(Cell::Empty, |o| shown.cell(o.p95)),
            PERCENT.cell(p),
        ]);
    }
    let mut blocks = Vec::new();
    if f.goals.is_empty() {
        blocks.push(Block::Text(l.t("report.p1_none").to_string()));
    } else {
        let best = odds
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .cloned()
            .unwrap_or_default();
        let worst = odds
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .cloned()
            .unwrap_or_default();
        blocks.push(Block::Text(fill(
            l.t("report.p1"),
            &[
                ("n", f.goals.len().to_string()),
                ("met", met.to_string()),
                ("runs", runs.to_string()),
                ("best", best.0),
                ("best_p", PERCENT.with_unit(best.1, l)),
                ("worst", worst.0),
                ("worst_p", PERCENT.with_unit(worst.1, l)),
            ],
        )));
        blocks.push(Block::Text(l.t("report.p1_reading").to_string()));
        blocks.push(Block::Table(t));
        // The odds year by year.
        let series: Vec<LineSeries> = f
            .goals
            .iter()
            .filter_map(|g| {
                let o = f.mc.targets.get(&g.goal.id)?;
                Some(LineSeries {
                    name: goal_name(&g.goal, sc, l),
                    points: o
                        .probability_by_year
                        .iter()
                        .map(|(y, p)| (f64::from(*y), p * 100.0))
                        .collect(),
                    ..LineSeries::default()
                })
            })
            .collect();
        let size = ChartSize::a4_text(85.0);
        let png = charts::line_png(
            &LineChart {
                title: l.t("report.c1_title").to_string(),
                x_label: l.t("report.year").to_string(),
                y_unit: fill(
                    l.t("report.unit_label"),
                    &[("unit", l.t("report.c1_unit").to_string())],
                ),
                series,
                levels: Vec::new(),
                y_from_zero: true,
                x_whole: true,
            },
            size,
        )?;
        blocks.push(chart(
            "1-goal-odds",
            fill(l.t("report.c1_caption"), &[("runs", runs.to_string())]),
            png,
            size,
        ));
    }
    Ok(section("report.s1", l, blocks))
}

/// A goal's label in the language, or its metric and level when it has none.
pub(super) fn goal_name(
    g: &crate::model::scenario::Goal,
    sc: &crate::model::Scenario,
    l: Lang,
) -> String {
    let name = l.name(&g.label, &g.label_en);
    if name.trim().is_empty() {
        let shown = Shown::of(&g.metric);
        format!(
            "{} {} ({})",
            text::label(sc, &g.metric, l),
            requirement(g.comparison, g.level, shown, l),
            g.year
        )
    } else {
        name.to_string()
    }
}

/// Section 2: people needed, by year and by township.
pub(super) fn people(f: &Figures, l: Lang) -> Result<Section, ReportError> {
    let sc = &f.base.scenario;
    let ys = years(f);
    let Some(first) = ys.first() else {
        return Ok(section("report.s2", l, Vec::new()));
    };
    let track_keys: Vec<String> = first
        .end
        .hires_by_track
        .keys()
        .iter()
        .map(|k| k.to_string())
        .collect();
    let track_names: Vec<String> = track_keys
        .iter()
        .map(|k| crate::present::roster::track_name(&sc.tracks, k, l))
        .collect();
    // Flows and stocks by year.
    let mut head = vec![l.t("report.year").to_string()];
    head.extend(
        track_names
            .iter()
            .map(|n| fill(l.t("report.col_hires_track"), &[("track", n.clone())])),
    );
    for k in [
        "report.col_intake",
        "report.col_graduates",
        "report.col_sitters",
        "report.col_passes",
        "report.col_workers",
        "report.col_certified",
        "report.col_at_norm",
    ] {
        head.push(l.t(k).to_string());
    }
    let mut t = table(
        l.t("report.t2_caption").to_string(),
        l.t("report.sheet2"),
        head,
    );
    for y in &ys {
        let mut row = vec![Cell::from(y.year)];
        row.extend(y.hires_by_track.iter().map(|v| PEOPLE.cell(*v)));
        row.extend([
            PEOPLE.cell(y.intake),
            PEOPLE.cell(y.graduates),
            PEOPLE.cell(y.sitters),
            PEOPLE.cell(y.passes),
            PEOPLE.cell(y.end.headcount_total),
            PEOPLE.cell(y.end.certified),
            Cell::text(format!(
                "{}/{}",
                y.end.stations_at_norm, y.end.stations_total
            )),
        ]);
        t.table.rows.push(row);
    }
    // Leavers by cause (causes that occur).
    let cause_keys: Vec<String> = first
        .end
        .exits_by_cause
        .keys()
        .iter()
        .map(|k| k.to_string())
        .collect();
    let used: Vec<usize> = (0..cause_keys.len())
        .filter(|&c| ys.iter().any(|y| y.exits_by_cause[c] > 0.005))
        .collect();
    let mut head = vec![l.t("report.year").to_string()];
    head.extend(
        used.iter()
            .map(|&c| text::label(sc, &format!("exits_by_cause.{}", cause_keys[c]), l)),
    );
    head.push(l.t("report.col_leavers").to_string());
    let mut leavers = table(
        l.t("report.t2b_caption").to_string(),
        l.t("report.sheet2b"),
        head,
    );
    for y in &ys {
        let mut row = vec![Cell::from(y.year)];
        row.extend(used.iter().map(|&c| PEOPLE.cell(y.exits_by_cause[c])));
        row.push(PEOPLE.cell(y.exits));
        leavers.table.rows.push(row);
    }

    // Townships at the end of the target year.
    let step = f
        .model
        .year_ends()
        .get(&f.target_year)
        .copied()
        .unwrap_or(0);
    let mut tw = table(
        fill(
            l.t("report.t2c_caption"),
            &[("year", f.target_year.to_string())],
        ),
        l.t("report.sheet2c"),
        [
            "report.col_township",
            "report.col_norm",
            "report.col_workers",
            "report.col_certified",
            "report.col_trainees",
            "report.col_need",
            "report.col_gap",
            "report.col_township_at_norm",
            "report.col_cost_year",
        ]
        .iter()
        .map(|k| l.t(k).to_string())
        .collect(),
    );
    let rows = f.projection.townships_at(step as u32);
    let mut below: Vec<String> = Vec::new();
    for r in &rows {
        let name = sc
            .county
            .townships
            .iter()
            .find(|t| t.id == *r.township)
            .map_or_else(|| r.township.to_string(), |t| t.name.clone());
        if !r.at_norm && r.need_fte > 0.0 {
            below.push(name.clone());
        }
        tw.table.rows.push(vec![
            Cell::text(name),
            PEOPLE.cell(r.staffing_norm),
            // A station's expected headcount is an average of a few
            // people: one decimal shows why 2.6 of 3 is not at norm.
            Cell::fixed(r.headcount, 1),
            Cell::fixed(r.certified, 1),
            Cell::fixed(r.trainees, 1),
            Cell::fixed(r.need_fte, 1),
            Cell::fixed(r.gap_fte, 1),
            Cell::text(l.t(if r.at_norm {
                "townships.yes"
            } else {
                "townships.no"
            })),
            MONEY.cell(r.cost_yuan),
        ]);
    }

    // The paragraph: totals over the horizon and the target year.
    let total = |get: &dyn Fn(&YearFig<'_>) -> f64| ys.iter().map(get).sum::<f64>();
    let by_track: Vec<String> = track_names
        .iter()
        .enumerate()
        .filter(|(k, _)| total(&|y| y.hires_by_track[*k]) >= 0.5)
        .map(|(k, n)| {
            fill(
                l.t("report.n_of_track"),
                &[
                    ("track", n.clone()),
                    ("n", PEOPLE.num(total(&|y| y.hires_by_track[k]))),
                ],
            )
        })
        .collect();
    let last = ys.last().map_or(first.year, |y| y.year);
    let ty = ys.iter().find(|y| y.year == f.target_year).unwrap_or(first);
    let band = f.mc.bands.get("headcount_total");
    let mut blocks = vec![Block::Text(fill(
        l.t("report.p2"),
        &[
            ("first", first.year.to_string()),
            ("last", last.to_string()),
            ("hires", PEOPLE.num(total(&|y| y.hires))),
            (
                "by_track",
                if by_track.is_empty() {
                    String::new()
                } else {
                    match l {
                        Lang::Zh => format!("（{}）", text::join(&by_track, l)),
                        Lang::En => format!(" ({})", text::join(&by_track, l)),
                    }
                },
            ),
            ("intake", PEOPLE.num(total(&|y| y.intake))),
            ("graduates", PEOPLE.num(total(&|y| y.graduates))),
            ("passes", PEOPLE.num(total(&|y| y.passes))),
            ("leavers", PEOPLE.num(total(&|y| y.exits))),
            ("year", f.target_year.to_string()),
            ("workers", PEOPLE.num(ty.end.headcount_total)),
            ("certified", PEOPLE.num(ty.end.certified)),
            ("at_norm", STATIONS.num(f64::from(ty.end.stations_at_norm))),
            ("stations", ty.end.stations_total.to_string()),
            (
                "p5",
                band.map_or_else(String::new, |b| PEOPLE.num(b.p5[step])),
            ),
            (
                "p95",
                band.map_or_else(String::new, |b| PEOPLE.num(b.p95[step])),
            ),
        ],
    ))];
    blocks.push(Block::Table(t));
    blocks.push(people_chart(f, l)?);
    blocks.push(Block::Text(l.t("report.p2b").to_string()));
    blocks.push(Block::Table(leavers));
    blocks.push(Block::Text(if below.is_empty() {
        fill(
            l.t("report.p2c_all"),
            &[("year", f.target_year.to_string())],
        )
    } else {
        fill(
            l.t("report.p2c"),
            &[
                ("year", f.target_year.to_string()),
                ("n", below.len().to_string()),
                ("names", text::join(&below, l)),
            ],
        )
    }));
    blocks.push(Block::Table(tw));
    Ok(section("report.s2", l, blocks))
}

/// Workers and certified workers month by month: the projection, the
/// Monte Carlo median and its 90 % band.
fn people_chart(f: &Figures, l: Lang) -> Result<Block, ReportError> {
    let mut series = Vec::new();
    for (k, (metric, get)) in [
        (
            "headcount_total",
            (|m: &MonthResult| m.headcount_total) as fn(&MonthResult) -> f64,
        ),
        ("certified", |m: &MonthResult| m.certified),
    ]
    .into_iter()
    .enumerate()
    {
        let name = text::label(&f.base.scenario, metric, l);
        let band = f.mc.bands.get(metric).map(|b| {
            (0..b.p5.len())
                .map(|i| (year_x(f, i), b.p5[i], b.p95[i]))
                .collect::<Vec<_>>()
        });
        series.push(LineSeries {
            name: fill(l.t("report.c_projected"), &[("what", name.clone())]),
            points: f
                .projection
                .months
                .iter()
                .map(|m| (year_x(f, m.month_index as usize), get(m)))
                .collect(),
            band,
            band_name: fill(l.t("report.c_band"), &[("what", name.clone())]),
            dashed: false,
            palette: Some(k),
        });
        if let Some(b) = f.mc.bands.get(metric) {
            series.push(LineSeries {
                name: fill(l.t("report.c_median"), &[("what", name)]),
                points: (0..b.p50.len()).map(|i| (year_x(f, i), b.p50[i])).collect(),
                band: None,
                band_name: String::new(),
                dashed: true,
                palette: Some(k),
            });
        }
    }
    let size = ChartSize::a4_text(90.0);
    let png = charts::line_png(
        &LineChart {
            title: l.t("report.c2_title").to_string(),
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
    Ok(chart(
        "2-workers",
        fill(
            l.t("report.c2_caption"),
            &[("runs", f.settings.runs.to_string())],
        ),
        png,
        size,
    ))
}

/// Section 3: money by year, category and source.
pub(super) fn money(f: &Figures, l: Lang) -> Result<Section, ReportError> {
    let sc = &f.base.scenario;
    let ys = years(f);
    let Some(first) = ys.first() else {
        return Ok(section("report.s3", l, Vec::new()));
    };
    let cat_keys: Vec<String> = first
        .end
        .cost_by_category
        .keys()
        .iter()
        .map(|k| k.to_string())
        .collect();
    let mut head = vec![l.t("report.year").to_string()];
    head.extend(cat_keys.iter().map(|k| category_name(sc, k, l)));
    head.push(l.t("report.col_total").to_string());
    let mut cats = table(
        l.t("report.t3_caption").to_string(),
        l.t("report.sheet3"),
        head,
    );
    for y in &ys {
        let mut row = vec![Cell::from(y.year)];
        row.extend(y.cost_by_category.iter().map(|v| MONEY.cell(*v)));
        row.push(MONEY.cell(y.cost));
        cats.table.rows.push(row);
    }
    let src_keys: Vec<String> = first
        .end
        .cost_by_source
        .keys()
        .iter()
        .map(|k| k.to_string())
        .collect();
    let src_names: Vec<String> = src_keys
        .iter()
        .map(|k| {
            let label = text::label(sc, &format!("cost_by_source.{k}"), l);
            label
                .split_once(l.pick("：", ": "))
                .map_or(label.clone(), |(_, n)| n.to_string())
        })
        .collect();
    let mut head = vec![l.t("report.year").to_string()];
    head.extend(src_names.iter().cloned());
    for k in [
        "report.col_funding",
        "report.col_total",
        "report.col_cumulative",
    ] {
        head.push(l.t(k).to_string());
    }
    let mut srcs = table(
        l.t("report.t3b_caption").to_string(),
        l.t("report.sheet3b"),
        head,
    );
    for y in &ys {
        let mut row = vec![Cell::from(y.year)];
        row.extend(y.cost_by_source.iter().map(|v| MONEY.cell(*v)));
        row.push(MONEY.cell(y.end.funding_year_yuan));
        row.push(MONEY.cell(y.cost));
        row.push(MONEY.cell(y.end.cumulative_cost_yuan));
        srcs.table.rows.push(row);
    }

    // The paragraph.
    let unfunded_idx = src_keys.iter().position(|k| k == "unfunded");
    let unfunded = |y: &YearFig<'_>| unfunded_idx.map_or(0.0, |i| y.cost_by_source[i]);
    let total: f64 = ys.iter().map(|y| y.cost).sum();
    let staff: f64 = ys
        .iter()
        .map(|y| {
            cat_keys
                .iter()
                .zip(&y.cost_by_category)
                .filter(|(k, _)| matches!(k.as_str(), "pay" | "allowance" | "social_insurance"))
                .map(|(_, v)| v)
                .sum::<f64>()
        })
        .sum();
    let short: Vec<&YearFig<'_>> = ys.iter().filter(|y| unfunded(y) >= 50.0).collect();
    let gap: f64 = ys.iter().map(unfunded).sum();
    let worst = short
        .iter()
        .max_by(|a, b| unfunded(a).total_cmp(&unfunded(b)));
    let last_step = f.model.months() as usize;
    let cum = f.mc.bands.get("cumulative_cost_yuan");
    let mut words = fill(
        l.t("report.p3"),
        &[
            ("first", first.year.to_string()),
            ("last", ys.last().map_or(first.year, |y| y.year).to_string()),
            ("total", MONEY.num(total)),
            ("avg", MONEY.num(total / ys.len() as f64)),
            (
                "staff_share",
                PERCENT.num(if total > 0.0 { staff / total } else { 0.0 }),
            ),
            (
                "p5",
                cum.map_or_else(String::new, |b| MONEY.num(b.p5[last_step])),
            ),
            (
                "p95",
                cum.map_or_else(String::new, |b| MONEY.num(b.p95[last_step])),
            ),
        ],
    );
    words.push_str(&match worst {
        Some(w) => fill(
            l.t("report.p3_gap"),
            &[
                ("n", short.len().to_string()),
                ("gap", MONEY.num(gap)),
                ("year", w.year.to_string()),
                ("worst", MONEY.num(unfunded(w))),
            ],
        ),
        None => l.t("report.p3_no_gap").to_string(),
    });
    let mut blocks = vec![Block::Text(words), Block::Table(cats)];
    blocks.push(Block::Text(l.t("report.p3b").to_string()));
    blocks.push(Block::Table(srcs));

    // Spending by source, stacked, with the year's funding.
    let size = ChartSize::a4_text(85.0);
    let png = charts::bar_png(
        &BarChart {
            title: l.t("report.c3_title").to_string(),
            categories: ys.iter().map(|y| y.year.to_string()).collect(),
            y_unit: fill(
                l.t("report.unit_label"),
                &[("unit", MONEY.unit(l).to_string())],
            ),
            series: src_names
                .iter()
                .enumerate()
                .map(|(k, n)| BarSeries {
                    name: n.clone(),
                    values: ys
                        .iter()
                        .map(|y| MONEY.scale(y.cost_by_source[k]))
                        .collect(),
                })
                .collect(),
            line: Some(BarSeries {
                name: l.t("report.col_funding").to_string(),
                values: ys
                    .iter()
                    .map(|y| MONEY.scale(y.end.funding_year_yuan))
                    .collect(),
            }),
        },
        size,
    )?;
    blocks.push(chart(
        "3-spending",
        l.t("report.c3_caption").to_string(),
        png,
        size,
    ));
    Ok(section("report.s3", l, blocks))
}

/// A cost category's name (without the "Spending:" prefix).
fn category_name(sc: &crate::model::Scenario, key: &str, l: Lang) -> String {
    let label = text::label(sc, &format!("cost_by_category.{key}"), l);
    label
        .split_once(l.pick("：", ": "))
        .map_or(label.clone(), |(_, n)| n.to_string())
}
