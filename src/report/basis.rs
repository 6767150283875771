//! Section 7, basis of the figures: which run each section comes from, the
//! model in a few sentences, every parameter group with its source note
//! (or "assumed"), the lever catalog's count of sourced and assumed
//! numbers, and what reproduces the figures exactly (file, settings, runs,
//! seed, program version).

use super::outlook::table;
use super::text::fill;
use super::{Block, Figures, Provenance, Section, section};
use crate::exchange::Cell;
use crate::model::catalog::Catalog;
use crate::model::scenario::{Recruitment, Scenario};
use crate::present::i18n::Lang;

/// The parameter groups of a scenario with their source notes, in file order.
fn groups(sc: &Scenario, l: Lang) -> Vec<(String, String)> {
    let zh = l == Lang::Zh;
    let mut out = vec![(
        l.t("report.g_county").to_string(),
        sc.county.source.text(zh).to_string(),
    )];
    for s in &sc.stages {
        out.push((
            l.name(&s.name, &s.name_en).to_string(),
            s.source.text(zh).to_string(),
        ));
        if let Some(e) = &s.exam {
            out.push((
                fill(
                    l.t("report.g_exam"),
                    &[("stage", l.name(&s.name, &s.name_en).to_string())],
                ),
                e.source.text(zh).to_string(),
            ));
        }
    }
    for r in &sc.recruitment {
        let (name, source) = match r {
            Recruitment::Cohort {
                name,
                name_en,
                source,
                ..
            } => (l.name(name, name_en).to_string(), source),
            Recruitment::Schedule { track, source, .. } => (
                fill(
                    l.t("report.g_schedule"),
                    &[("track", track_name(sc, track, l))],
                ),
                source,
            ),
            Recruitment::ReplaceLeavers { track, source, .. } => (
                fill(
                    l.t("report.g_replace"),
                    &[("track", track_name(sc, track, l))],
                ),
                source,
            ),
            Recruitment::FillToNorm { track, source, .. } => (
                fill(l.t("report.g_fill"), &[("track", track_name(sc, track, l))]),
                source,
            ),
        };
        out.push((name, source.text(zh).to_string()));
    }
    out.push((
        l.t("report.g_retention").to_string(),
        sc.retention.source.text(zh).to_string(),
    ));
    out.push((
        l.t("report.g_need").to_string(),
        sc.need.source.text(zh).to_string(),
    ));
    out.push((
        l.t("report.g_budget").to_string(),
        sc.budget.source.text(zh).to_string(),
    ));
    out.push((
        l.t("report.g_levers").to_string(),
        sc.levers.source.text(zh).to_string(),
    ));
    if let Some(d) = &sc.certify_deadline {
        out.push((
            l.t("report.g_deadline").to_string(),
            d.source.text(zh).to_string(),
        ));
    }
    out.push((
        l.t("report.g_targets").to_string(),
        sc.targets.source.text(zh).to_string(),
    ));
    for g in &sc.targets.goals {
        let name = l.name(&g.label, &g.label_en);
        let name = if name.is_empty() { &g.id } else { name };
        out.push((
            fill(l.t("report.g_goal"), &[("goal", name.to_string())]),
            g.source.text(zh).to_string(),
        ));
    }
    out
}

/// Which kinds of uncertainty the Monte Carlo runs include, naming the
/// assumptions drawn (MODEL.md §7a).
fn uncertainty_text(f: &Figures, l: Lang) -> String {
    let drawn = &f.mc.uncertainty.assumptions;
    if drawn.is_empty() {
        return l.t("report.p7_uncertainty_process").to_string();
    }
    let catalog = Catalog::of(&f.base.scenario);
    let names: Vec<String> = drawn
        .iter()
        .map(|id| {
            catalog
                .get(id)
                .map_or_else(|| id.clone(), |e| e.name(l == Lang::Zh).to_string())
        })
        .collect();
    fill(
        l.t("report.p7_uncertainty_all"),
        &[
            ("n", drawn.len().to_string()),
            ("names", names.join(l.t("report.list_sep"))),
        ],
    )
}

fn track_name(sc: &Scenario, id: &str, l: Lang) -> String {
    crate::present::roster::track_name(&sc.tracks, id, l)
}

/// Section 7.
pub(super) fn basis(f: &Figures, l: Lang, prov: &Provenance) -> Section {
    let sc = &f.base.scenario;
    let mut blocks = vec![
        Block::Text(fill(
            l.t("report.p7_runs"),
            &[
                ("runs", f.settings.runs.to_string()),
                ("year", f.target_year.to_string()),
            ],
        )),
        Block::Text(uncertainty_text(f, l)),
        Block::Text(l.t("report.p7_model").to_string()),
    ];
    let catalog = Catalog::of(sc);
    let assumed = catalog
        .entries
        .iter()
        .filter(|e| e.basis.is_assumed())
        .count();
    blocks.push(Block::Text(fill(
        l.t("report.p7_catalog"),
        &[
            ("n", catalog.entries.len().to_string()),
            ("sourced", (catalog.entries.len() - assumed).to_string()),
            ("assumed", assumed.to_string()),
        ],
    )));
    let mut t = table(
        l.t("report.t7_caption").to_string(),
        l.t("report.sheet7"),
        ["report.col_group", "report.col_source"]
            .iter()
            .map(|k| l.t(k).to_string())
            .collect(),
    );
    for (name, source) in groups(sc, l) {
        let source = if source.trim().is_empty() {
            l.t("report.assumed_no_source").to_string()
        } else {
            source
        };
        t.table
            .rows
            .push(vec![Cell::text(name), Cell::text(source)]);
    }
    blocks.push(Block::Table(t));
    let mut command = format!(
        "talent-planner report {} --runs {} --seed {}",
        if prov.file.is_empty() {
            String::new()
        } else {
            prov.file.clone()
        },
        f.settings.runs,
        f.settings.seed
    )
    .replace("  ", " ");
    for v in &f.variants {
        command.push_str(&format!(" --compare {}", v.label));
    }
    for s in &prov.settings {
        command.push_str(&format!(" --set {s}"));
    }
    if !f.mc.uncertainty.includes_assumptions() {
        // Harmless for a file without uncertain assumptions, needed for one with.
        command.push_str(" --uncertainty process");
    }
    command.push_str(match l {
        Lang::Zh => " --lang zh",
        Lang::En => " --lang en",
    });
    blocks.push(Block::Text(fill(
        l.t("report.p7_reproduce"),
        &[
            (
                "file",
                if prov.file.is_empty() {
                    l.t("report.default_county").to_string()
                } else {
                    prov.file.clone()
                },
            ),
            ("runs", f.settings.runs.to_string()),
            ("seed", f.settings.seed.to_string()),
            ("version", env!("CARGO_PKG_VERSION").to_string()),
            (
                "settings",
                if prov.settings.is_empty() {
                    l.t("report.no_settings").to_string()
                } else {
                    prov.settings.join(", ")
                },
            ),
            ("command", command),
        ],
    )));
    section("report.s7", l, blocks)
}
