//! Writes the shipped scenarios from the standard parameters:
//! `assets/default_county.ron`, `saves/larger_county.ron` and
//! `saves/policy_variant.ron`. The files are the source of truth once
//! written (planners edit them); run this only to rebuild them from scratch:
//! `cargo run --example build_scenarios --no-default-features -- <repo dir>`.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use talent_planner::model::Scenario;
use talent_planner::model::generate::{
    CountySpec, LOCAL, fund_baseline, rural_county, township_names, typical_county, write_ron,
};
use talent_planner::model::scenario::{Allocation, Recruitment};

/// Seed of the default county (fixed: the file must not change between builds).
const DEFAULT_SEED: u64 = 20_260_101;

const DEFAULT_HEADER: &str = "\
// 一个典型农村县 / a typical rural county: the default scenario.
//
// What it is: a county of 16 townships (one social work station each) and the
// county social work centre (一县一中心、一乡镇一站), 260 villages and 400,000
// residents, projected month by month from January 2026 for 10 years.
//
// Where the numbers come from (each parameter group also has a `source` note;
// [S] sourced, [3P] exam-preparation sites, [D] derived, assumed otherwise):
// * Size: ≈ 16 townships, ≈ 16–17 villages per township and ≈ 1,000 rural
//   residents per village per county [D: 38,700 township units, 50.2万 village
//   committees, 2,844 counties]. 65 % of the 400,000 residents live in villages
//   (260,000, village sizes drawn ±40 % around 1,000), 96,000 in the township
//   seats (`seat_population`) and 44,000 in the county town (at the centre).
// * Villages: 60+ ≈ 23 % (2020 census, rural); left-behind children ≈ 15 and
//   left-behind elderly ≈ 60 per village of 1,000 [D]; disabled ≈ 6 % and 20
//   dibao households per village (assumed); each group drawn ±20 %.
//   Remoteness 0 (next to the seat) to 1 (most remote), assumed; exits rise
//   with the villages' mean remoteness (the seat is not included).
// * Staff at the start: 2 per station + 3 at the centre = 35 (national mid-2022:
//   53,000 workers in 21,000 stations ≈ 2.5 per station [S]); 14 professional /
//   21 local (40 / 60 %, assumed); 14 assistant, 4 intermediate, 17 uncertified
//   (≈ 40 / 10 / 50 %, assumed); tenures spread, every uncertified worker within
//   the 2-year certification window (Hebei [S]).
// * Staffing norm 3 per station (Guangdong: 15万 yuan per station per year for
//   3 workers [S]; Hebei template ≥ 2 per station [3P]).
// * Recruitment: 3 professional hires a year (July), a local cohort of 5
//   trainees every March, half of the professional leavers replaced by
//   certified workers. Sized so the staff reach the need (≈ 50) around 2032
//   and then hold it; the domain default of 30 trainees a year would triple
//   the staff within ten years (assumed).
// * Funding: four sources 5 % above the 2026 baseline cost (the 35 starting
//   workers), +3 % a year. The plan grows the staff to the need, so spending
//   outruns funding by construction (the unfunded share shows it): a property
//   of this example, not a finding about any county.
// * Local wage 6,500 yuan a month: the urban non-private average wage of a
//   rural county of a central province (see the county `source`); the
//   retention's reference pay ratio is the starting staff's pay ÷ this wage.
// * Pipeline, exams, retention, need, budget, levers and recruitment: see the
//   `source` fields below and MODEL.md §9.
//
// Units: money in yuan, durations in months, rates are shares in [0, 1].
";

const LARGER_HEADER: &str = "\
// A larger county: 30 townships and the county centre, 500 villages and
// 600,000 residents (400,000 in villages of ≈ 800, 130,000 in township seats,
// 70,000 in the county town). Same standard parameters as the default county
// (see its header and the `source` notes); recruitment is scaled to 30
// stations (cohort 9.4 trainees, 5.6 professional hires a year); starting staff
// 2 per station + 3 at the centre = 63; funding 5 % above its baseline cost.
//
// Units: money in yuan, durations in months, rates are shares in [0, 1].
";

const POLICY_HEADER: &str = "\
// Policy variant of the default county (same county, staff and parameters)
// with the countermeasures of the policy analysis switched on:
// * pay +15 % (levers.pay_multiplier 1.15): W2 low pay;
// * a promotion ladder (levers.promotion_ladder): W2 no promotion path;
// * admin share down from 0.6 to 0.4 (levers.admin_share): T1 government tasks
//   delegated to stations; also frees casework hours, so need falls;
// * two local cohorts a year, March and September, 3 trainees each (6 a year
//   instead of 5): countermeasure 3, short phased training of local people;
// * exam support: +0.05 on every subject's pass probability
//   (levers.exam_support_pass_uplift): countermeasure 4;
// * funding raised to 5 % above the variant's own baseline cost (higher pay).
//
// Units: money in yuan, durations in months, rates are shares in [0, 1].
";

fn write(path: &Path, header: &str, sc: &Scenario) -> Result<()> {
    let mut body = Vec::new();
    write_ron(sc, &mut body).context("cannot serialise")?;
    let body = String::from_utf8(body).context("not UTF-8")?;
    std::fs::write(path, format!("{header}{body}\n"))
        .with_context(|| format!("cannot write {}", path.display()))
}

fn policy_variant() -> Scenario {
    let mut sc = typical_county(DEFAULT_SEED);
    sc.name = "政策组合 / policy variant".into();
    sc.description = "The default county with pay +15 %, a promotion ladder, admin share \
                      0.4 instead of 0.6, two local cohorts a year (March and September, 3 \
                      each) and exam support (+0.05 per subject). Funding is 5 % above the baseline cost of this \
                      variant (its starting staff at the higher pay), so it \
                      too falls short of its own plan by construction."
        .into();
    sc.levers.pay_multiplier = 1.15;
    sc.levers.promotion_ladder = true;
    sc.levers.admin_share = 0.4;
    sc.levers.exam_support_pass_uplift = 0.05;
    sc.levers.source = "Policy variant (assumed settings): pay +15 %, promotion ladder, \
                        admin share 0.4 (≈ 2 days a week of civil-affairs tasks instead of 3), \
                        exam support +0.05 per subject."
        .into();
    let mut extra = Vec::new();
    for r in &mut sc.recruitment {
        if let Recruitment::Cohort {
            name,
            name_en,
            track,
            stage,
            start_year,
            size,
            repeat_every_months,
            source,
            ..
        } = r
            && track == LOCAL
        {
            *size = 3.0;
            *repeat_every_months = Some(12);
            *source = "Two local cohorts a year, 3 trainees each in March and September \
                       (policy variant, assumed)."
                .into();
            extra.push(Recruitment::Cohort {
                name: format!("{name}（秋季）"),
                name_en: format!("{name_en} (autumn)"),
                track: track.clone(),
                stage: stage.clone(),
                start_year: *start_year,
                start_month: 9,
                size: *size,
                repeat_every_months: Some(12),
                until_year: None,
                allocation: Allocation::ByGap,
                source: source.clone(),
            });
        }
    }
    sc.recruitment.extend(extra);
    fund_baseline(&mut sc, 1.05);
    sc
}

fn larger_county() -> Scenario {
    let spec = CountySpec {
        name: "较大的县 / a larger county".into(),
        county_name: "大县".into(),
        township_names: township_names(30, 30),
        villages: 500,
        village_residents: 400_000,
        seat_residents: 130_000,
        town_residents: 70_000,
    };
    let mut sc = rural_county(&spec, 30_500);
    sc.description = "A larger rural county: 30 townships + the county centre, 500 villages, \
                      600,000 residents. Differs from the default county only in size: the \
                      standard parameters, recruitment scaled to 30 stations, 63 starting \
                      workers (2 per station, 3 at the centre). Like the default county, \
                      its funding is set 5 % above the cost of its starting staff and falls short \
                      of its own plan by construction."
        .into();
    sc
}

fn main() -> Result<()> {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    write(
        &root.join("assets/default_county.ron"),
        DEFAULT_HEADER,
        &typical_county(DEFAULT_SEED),
    )?;
    write(
        &root.join("saves/larger_county.ron"),
        LARGER_HEADER,
        &larger_county(),
    )?;
    write(
        &root.join("saves/policy_variant.ron"),
        POLICY_HEADER,
        &policy_variant(),
    )?;
    Ok(())
}
