//! Scenario validation: one test per class of malformed input (field path,
//! line and column, and the command line's exit code), sweeps over every
//! number of a complete sample file, and property tests that validation
//! never panics and always points inside the text.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use std::path::PathBuf;
use std::process::{Command, Output};
use talent_planner::model::generate;
use talent_planner::model::io::DEFAULT_COUNTY_RON;
use talent_planner::model::validate::locate::{self, TextIndex};
use talent_planner::model::validate::{
    Position, Problem, Severity, check_text, validate, validate_text,
};

const MARKOV: &str = include_str!("../saves/markov_textbook.ron");
const FULL: &str = include_str!("fixtures/full_scenario.ron");

/// Replaces the only occurrence of `from` in `text`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` must occur exactly once in the base text"
    );
    text.replacen(from, to, 1)
}

/// The position of the `|` marker of `anchor` once the marker is removed and
/// the anchor found (exactly once) in `text`.
fn anchor_position(text: &str, anchor: &str) -> Position {
    let bar = anchor.find('|').expect("anchor needs a `|` marker");
    let plain = anchor.replacen('|', "", 1);
    assert_eq!(
        text.matches(&plain).count(),
        1,
        "anchor `{plain}` must occur exactly once in the mutated text"
    );
    let offset = text.find(&plain).unwrap() + bar;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line,
        column: text[line_start..offset].chars().count() + 1,
    }
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_talent-planner")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("validate-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(&path, text).unwrap();
    path
}

fn run_cli(args: &[&str], lang: &str) -> Output {
    Command::new(binary())
        .args(args)
        .env("LANG", lang)
        .output()
        .unwrap()
}

/// Asserts that `text` has a problem of `severity` at `path`, placed at the
/// `|` of `anchor`, and that `talent-planner validate` prints it and exits
/// with 2 for errors, 0 for warnings.
fn expect_problem(name: &str, text: &str, severity: Severity, path: &str, anchor: &str) {
    let want = anchor_position(text, anchor);
    let (_, problems) = check_text(text);
    let found = problems
        .iter()
        .find(|p| p.path == path && p.severity == severity);
    let Some(problem) = found else {
        panic!("no {severity} at `{path}`; got {problems:#?}");
    };
    assert_eq!(problem.position, Some(want), "position of {problem:#?}");
    assert!(!problem.message_en.is_empty() && !problem.message_zh.is_empty());
    assert_ne!(problem.message_en, problem.message_zh);
    assert_eq!(validate_text(text).is_err(), severity == Severity::Error);

    let file = temp_file(name, text);
    let out = run_cli(&["validate", file.to_str().unwrap()], "C");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = format!(
        "{}:{}:{}: {}: {path}",
        file.display(),
        want.line,
        want.column,
        severity.label()
    );
    // The path, then the field's label in brackets where it has one.
    let shown = path.is_empty()
        || [": ", " ("]
            .iter()
            .any(|after| stdout.contains(&format!("{line}{after}")));
    assert!(shown, "`{line}` not in output:\n{stdout}");
    let code = if severity == Severity::Error { 2 } else { 0 };
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code; output:\n{stdout}"
    );
}

/// One test: replace `from` by `to` in `base` and expect a problem.
macro_rules! case {
    ($name:ident, $base:expr, $from:expr => $to:expr, $sev:ident, $path:expr, $anchor:expr) => {
        #[test]
        fn $name() {
            let text = replace_once($base, $from, $to);
            expect_problem(stringify!($name), &text, Severity::$sev, $path, $anchor);
        }
    };
}

// The local wage and the reference pay ratio measured against another wage:
// every exit hazard would be multiplied by 0.698 / 0.436 ≈ 1.6.
case!(wage_without_its_pay_ratio_warns, FULL,
    "local_average_wage_yuan_per_month: 6000.0" => "local_average_wage_yuan_per_month: 9600.0",
    Warning, "retention.reference_pay_ratio", "reference_pay_ratio: |0.698");

// Parse errors: syntax, wrong types and unknown fields.
case!(parse_missing_comma, MARKOV, "seed: 1," => "seed: 1", Error, "", "seed: 1\n    |exam_month");
case!(parse_wrong_type, MARKOV, "count: 8.0" => "count: \"eight\"", Error,
    "initial_stock[0].count", "count: |\"eight\"");
case!(parse_unknown_field, MARKOV, "probability: 0.5," => "probability: 0.5, chance: 1,", Error,
    "stages[0].transitions[0]", "0.5, |chance");
case!(parse_negative_unsigned, FULL, "tenure_months: 30" => "tenure_months: -30", Error,
    "initial_stock[1].tenure_months", "tenure_months: |-30");

// Versions, horizon and calendar months.
case!(format_version_two, MARKOV, "format_version: 1" => "format_version: 2", Error,
    "format_version", "format_version: |2");
case!(horizon_zero, MARKOV, "horizon_years: 30" => "horizon_years: 0", Error,
    "horizon_years", "horizon_years: |0");
case!(horizon_too_long, MARKOV, "horizon_years: 30" => "horizon_years: 31", Error,
    "horizon_years", "horizon_years: |31");
case!(start_month_thirteen, MARKOV, "start_month: 1," => "start_month: 13,", Error,
    "start_month", "start_month: |13");
case!(exam_month_zero, MARKOV, "exam_month: 6" => "exam_month: 0", Error,
    "exam_month", "exam_month: |0");
case!(yearly_month_thirteen, FULL, "Yearly(month: 7)" => "Yearly(month: 13)", Error,
    "recruitment[2].period.month", "Yearly(month: |13)");
case!(schedule_month_zero, FULL, "month: Some(9)" => "month: Some(0)", Error,
    "recruitment[0].month", "month: |Some(0)");
case!(cohort_start_month_zero, FULL, "start_month: 3" => "start_month: 0", Error,
    "recruitment[1].start_month", "start_month: |0");

// Non-finite numbers.
case!(nan_count, MARKOV, "count: 8.0" => "count: NaN", Error,
    "initial_stock[0].count", "count: |NaN");
case!(infinite_pay, FULL, "pay_yuan_per_month: 3200.0" => "pay_yuan_per_month: inf", Error,
    "stages[2].kind.pay_yuan_per_month", "pay_yuan_per_month: |inf");
case!(nan_in_option, FULL, "applicants_per_year: Some(5.0)" => "applicants_per_year: Some(NaN)", Error,
    "recruitment[0].applicants_per_year", "applicants_per_year: |Some(NaN)");
case!(nan_in_map_value, FULL, "{\"professional\": 0.05, \"local\": 0.02}" =>
    "{\"professional\": NaN, \"local\": 0.02}", Error,
    "retention.renewal_exit_share.professional", "{\"professional\": |NaN");

// Negative counts, populations, pay, costs and funding.
case!(negative_count, FULL, "count: 2.0, tenure_months: 60" => "count: -2.0, tenure_months: 60", Error,
    "initial_stock[2].count", "count: |-2.0, tenure_months: 60");
case!(negative_population, FULL, "population: 900.0" => "population: -900.0", Error,
    "county.townships[0].villages[1].population", "population: |-900.0");
case!(negative_pay, FULL, "allowance_yuan_per_month: 300.0" => "allowance_yuan_per_month: -300.0", Error,
    "stages[4].kind.allowance_yuan_per_month", "allowance_yuan_per_month: |-300.0");
case!(negative_cost, FULL, "exam_fee_yuan_per_subject: 50.0" => "exam_fee_yuan_per_subject: -50.0", Error,
    "budget.exam_fee_yuan_per_subject", "exam_fee_yuan_per_subject: |-50.0");
case!(negative_funding, FULL, "by_year: {2027: 420000.0}" => "by_year: {2027: -1.0}", Error,
    "budget.sources[0].by_year.2027", "{2027: |-1.0}");

// Rates and probabilities outside [0, 1].
case!(dropout_above_one, FULL, "dropout_share: 0.1," => "dropout_share: 1.1,", Error,
    "stages[0].kind.dropout_share", "dropout_share: |1.1");
case!(pass_probability_above_one, FULL, "{\"professional\": 0.45, \"local\": 0.35}" =>
    "{\"professional\": 0.45, \"local\": 1.35}", Error,
    "stages[3].exam.subjects[2].pass_probability.local", "\"local\": |1.35");
case!(participation_negative, FULL, "participation: 0.8" => "participation: -0.8", Error,
    "stages[2].exam.participation", "participation: |-0.8");
case!(annual_rate_above_one, FULL, "annual_rate: 0.29" => "annual_rate: 2.9", Error,
    "retention.exit_rates[0].annual_rate", "annual_rate: |2.9");
case!(remoteness_above_one, FULL, "remoteness: 0.7" => "remoteness: 7.0", Error,
    "county.townships[0].villages[1].remoteness", "remoteness: |7.0");
case!(admin_share_above_one, FULL, "admin_share: 0.3,\n        exam" => "admin_share: 30.0,\n        exam",
    Error, "levers.admin_share", "admin_share: |30.0");
case!(replace_share_above_one, FULL, "share: 0.5," => "share: 1.5,", Error,
    "recruitment[2].share", " share: |1.5");

// Transition probabilities per stage, track and period.
case!(transitions_sum_over_one, MARKOV, "(to: Exit, probability: 0.1," => "(to: Exit, probability: 0.9,",
    Error, "stages[1].transitions", "|[\n                (to: Stage(\"g1\")");
case!(track_transitions_sum_over_one, FULL,
    "(to: Exit, probability: 0.2, period: Yearly(month: 9))," =>
    "(to: Exit, probability: 0.2, period: Yearly(month: 9)),\n                (to: Exit, probability: 0.4, period: Yearly(month: 9), track: Some(\"local\")),",
    Error, "stages[5].transitions", "|[\n                (to: Stage(\"assistant\")");

// Ids: duplicate, empty, reserved.
case!(duplicate_stage_id, FULL, "id: \"intermediate\"" => "id: \"assistant\"", Error,
    "stages[4].id", "id: |\"assistant\", name: \"社会工作师\"");
case!(duplicate_track_id, FULL, "(id: \"local\"," => "(id: \"professional\",", Error,
    "tracks[1].id", "(id: |\"professional\", name: \"本土人才\"");
case!(duplicate_township_id, FULL, "id: \"west\"" => "id: \"east\"", Error,
    "county.townships[1].id", "id: |\"east\", name: \"西乡\"");
case!(duplicate_funding_source_id, FULL, "id: \"lottery\"" => "id: \"county\"", Error,
    "budget.sources[1].id", "id: |\"county\", name: \"福彩");
case!(empty_track_id, FULL, "(id: \"local\"," => "(id: \"\",", Error,
    "tracks[1].id", "(id: |\"\",");
case!(reserved_exit_stage, FULL, "id: \"seconded\"" => "id: \"exit\"", Error,
    "stages[5].id", "id: |\"exit\"");

// Unknown references, everywhere they can occur.
case!(unknown_stock_township, FULL, "(township: \"west\"" => "(township: \"north\"", Error,
    "initial_stock[3].township", "(township: |\"north\"");
case!(unknown_stock_stage, MARKOV, "stage: \"g3\", count" => "stage: \"g4\", count", Error,
    "initial_stock[2].stage", "stage: |\"g4\"");
case!(unknown_recruitment_track, FULL, "FillToNorm(track: \"professional\"" => "FillToNorm(track: \"pro\"",
    Error, "recruitment[3].track", "FillToNorm(track: |\"pro\"");
case!(unknown_transition_target, MARKOV, "(to: Stage(\"g3\")" => "(to: Stage(\"g9\")", Error,
    "stages[1].transitions[1].to", "(to: |Stage(\"g9\")");
case!(unknown_transition_track, FULL, "track: Some(\"local\")),\n            ]" =>
    "track: Some(\"locals\")),\n            ]", Error,
    "stages[3].transitions[0].track", "track: |Some(\"locals\")");
case!(unknown_exam_target, FULL, "to: \"intermediate\"," => "to: \"senior\",", Error,
    "stages[3].exam.to", "to: |\"senior\",");
case!(unknown_training_next, FULL, "next: \"uncertified\"" => "next: \"working\"", Error,
    "stages[1].kind.next", "next: |\"working\"");
case!(unknown_deadline_stage, FULL, "stages: [\"uncertified\"]" => "stages: [\"uncertified\", \"trainee\"]",
    Error, "certify_deadline.stages[1]", "\"uncertified\", |\"trainee\"]");
case!(unknown_deadline_move_to, FULL, "MoveTo(\"seconded\")" => "MoveTo(\"auxiliary\")", Error,
    "certify_deadline.consequence", "consequence: |MoveTo");
case!(unknown_allocation_township, FULL, "Weights({\"east\": 2.0" => "Weights({\"south\": 2.0", Error,
    "recruitment[0].allocation.south", "Weights({\"south\": |2.0");
case!(unknown_min_service_track, FULL, "{\"professional\": 0, \"local\": 24}" =>
    "{\"professional\": 0, \"locals\": 24}", Error,
    "stages[2].exam.min_service_months.locals", "\"locals\": |24");
case!(unknown_pass_probability_track, FULL, "{\"professional\": 0.6, \"local\": 0.45}" =>
    "{\"professional\": 0.6, \"local\": 0.45, \"volunteer\": 0.5}", Error,
    "stages[2].exam.subjects[0].pass_probability.volunteer", "\"volunteer\": |0.5");
case!(unknown_exit_rate_stage, FULL, "stage: Some(\"uncertified\"), annual_rate" =>
    "stage: Some(\"uncert\"), annual_rate", Error,
    "retention.exit_rates[2].stage", "stage: |Some(\"uncert\")");
case!(unknown_renewal_track, FULL, "{\"professional\": 0.05" => "{\"profesional\": 0.05", Error,
    "retention.renewal_exit_share.profesional", "{\"profesional\": |0.05");
case!(unknown_leavers_track, FULL, "leavers_of_track: Some(\"local\")" =>
    "leavers_of_track: Some(\"lokal\")", Error,
    "recruitment[2].leavers_of_track", "leavers_of_track: |Some");

// Pipeline structure.
case!(training_cycle, FULL, "next: \"uncertified\"" => "next: \"train_basic\"", Error,
    "stages[0].kind.next", "next: |\"train_field\"");
case!(exam_to_training_stage, FULL, "to: \"intermediate\"," => "to: \"train_basic\",", Error,
    "stages[3].exam.to", "to: |\"train_basic\",");
case!(exam_without_subjects, FULL,
    "subjects: [\n                    (id: \"comprehensive\", pass_probability: {\"professional\": 0.6, \"local\": 0.45}),\n                    (id: \"practice\", pass_probability: {\"professional\": 0.6, \"local\": 0.4}),\n                ]" =>
    "subjects: []", Error, "stages[2].exam.subjects", "subjects: |[]");
case!(exam_with_five_subjects, FULL,
    "(id: \"law_policy\", pass_probability: {\"professional\": 0.45, \"local\": 0.35}),"
    => "(id: \"law_policy\", pass_probability: {\"professional\": 0.45, \"local\": 0.35}),\n(id: \"ethics\", pass_probability: {\"professional\": 0.5, \"local\": 0.5}),\n(id: \"english\", pass_probability: {\"professional\": 0.5, \"local\": 0.5}),",
    Error, "stages[3].exam.subjects", "subjects: |[\n                    (id: \"comprehensive\", pass_probability: {\"professional\": 0.4");
case!(window_sittings_zero, FULL, "window_sittings: 1" => "window_sittings: 0", Error,
    "stages[2].exam.window_sittings", "window_sittings: |0");
case!(window_sittings_four, FULL, "window_sittings: 2" => "window_sittings: 4", Error,
    "stages[3].exam.window_sittings", "window_sittings: |4");
case!(min_service_beyond_tracking, FULL, "\"local\": 48}" => "\"local\": 480}", Error,
    "stages[3].exam.min_service_months.local", "\"local\": |480}");
case!(deadline_beyond_tracking, FULL, "months: 24," => "months: 240,", Error,
    "certify_deadline.months", "months: |240,");
case!(tenure_band_reversed, FULL, "tenure_from_months: 0, tenure_to_months: Some(12)" =>
    "tenure_from_months: 12, tenure_to_months: Some(12)", Error,
    "retention.exit_rates[0].tenure_to_months", "tenure_to_months: |Some(12)");
case!(initial_tenure_past_training, FULL, "stage: \"train_field\", count: 2.0, tenure_months: 1" =>
    "stage: \"train_field\", count: 2.0, tenure_months: 2", Error,
    "initial_stock[3].tenure_months", "tenure_months: |2)");
case!(schedule_years_reversed, FULL, "to_year: Some(2029)" => "to_year: Some(2025)", Error,
    "recruitment[0].to_year", "to_year: |Some(2025)");
case!(contract_too_long, FULL, "contract_months: 12" => "contract_months: 121", Error,
    "retention.contract_months", "contract_months: |121");
case!(zero_working_hours, FULL, "hours_per_worker_per_year: 1760.0" => "hours_per_worker_per_year: 0.0",
    Error, "need.hours_per_worker_per_year", "hours_per_worker_per_year: |0.0");
case!(negative_sensitivity, FULL, "admin_sensitivity: 0.5" => "admin_sensitivity: -0.5", Error,
    "retention.admin_sensitivity", "admin_sensitivity: |-0.5");
case!(contract_zero_months, FULL, "contract_months: 12" => "contract_months: 0", Error,
    "retention.contract_months", "contract_months: |0");

// Empty lists.
case!(no_townships, MARKOV, "(id: \"all\", name: \"All staff\", county_centre: true, staffing_norm: 0.0),\n" => "", Error,
    "county.townships", "townships: |[");
case!(no_tracks, MARKOV, "(id: \"staff\", name: \"职工\", name_en: \"Staff\"),\n" => "", Error,
    "tracks", "tracks: |[");

// Warnings: the file is usable but probably not what the planner meant.
case!(missing_pass_probability_warns, FULL, "{\"professional\": 0.6, \"local\": 0.4}" =>
    "{\"professional\": 0.6}", Warning,
    "stages[2].exam.subjects[1].pass_probability", "pass_probability: |{\"professional\": 0.6}");
case!(township_without_villages_warns, FULL, "county_centre: true," => "county_centre: false,",
    Warning, "county.townships[2].villages", "|(id: \"centre\"");
case!(empty_source_warns, FULL, "recruitment_multiplier: 1.0,\n        source: \"assumed\"" =>
    "recruitment_multiplier: 1.0,\n        source: \"\"", Warning,
    "levers.source", "source: |\"\",\n    ),\n    certify_deadline");
case!(exit_rate_on_custom_stage_warns, FULL, "stage: Some(\"uncertified\"), annual_rate" =>
    "stage: Some(\"seconded\"), annual_rate", Warning,
    "retention.exit_rates[2].stage", "stage: |Some(\"seconded\")");
case!(missing_source_warns, FULL, "name: \"实地见习\", name_en: \"Field placement\",\n            kind: Training(duration_months: 2, dropout_share: 0.05, next: \"uncertified\", course_hours: 0.0),\n            source: \"assumed\"," =>
    "name: \"实地见习\", name_en: \"Field placement\",\n            kind: Training(duration_months: 2, dropout_share: 0.05, next: \"uncertified\", course_hours: 0.0),",
    Warning, "stages[1].source", "|(\n            id: \"train_field\"");

#[test]
fn empty_stages_list() {
    let text = "(format_version: 1, name: \"x\", start_year: 2026, start_month: 1, horizon_years: 1,\n\
        county: (name: \"c\", local_average_wage_yuan_per_month: 0.0, townships: [(id: \"t\", name: \"t\", county_centre: true, staffing_norm: 1.0)], source: \"assumed\"),\n\
        tracks: [(id: \"a\", name: \"a\")], stages: [])";
    expect_problem(
        "empty_stages_list",
        text,
        Severity::Error,
        "stages",
        "stages: |[])",
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = replace_once(MARKOV, "horizon_years: 30", "horizon_years: 0");
    let text = replace_once(&text, "count: 8.0", "count: NaN");
    let text = replace_once(&text, "stage: \"g3\", count", "stage: \"g4\", count");
    let problems = validate_text(&text).unwrap_err();
    let paths: Vec<&str> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "horizon_years",
            "initial_stock[0].count",
            "initial_stock[2].stage"
        ]
    );
}

#[test]
fn transitions_of_other_periods_do_not_add_up() {
    // 0.9 monthly and 0.9 yearly are two different periods: no error.
    let text = replace_once(
        MARKOV,
        "(to: Stage(\"g2\"), probability: 0.5, period: Yearly(month: 12)),",
        "(to: Stage(\"g2\"), probability: 0.9, period: Yearly(month: 12)),\n                (to: Exit, probability: 0.9, period: Monthly),",
    );
    assert!(validate_text(&text).is_ok());
}

/// Every float literal of the complete sample, one at a time, replaced by
/// `replacement`: the problem is an error at exactly that field.
fn sweep_numbers(replacement: &str, skip: &[&str]) -> usize {
    let index = TextIndex::new(FULL);
    let mut checked = 0;
    for (path, pos) in index.paths() {
        let Some(value) = index.value_text(path) else {
            continue;
        };
        if !value.contains('.') || value.parse::<f64>().is_err() {
            continue;
        }
        let skipped = path
            .split('.')
            .map(|s| s.split('[').next().unwrap_or(s))
            .any(|s| skip.contains(&s));
        if skipped {
            continue;
        }
        let range = index.byte_range(path).unwrap();
        let text = format!(
            "{}{replacement}{}",
            &FULL[..range.start],
            &FULL[range.end..]
        );
        let problems = validate_text(&text).map(|(_, w)| w).unwrap_or_else(|p| p);
        assert!(
            problems
                .iter()
                .any(|p| p.is_error() && p.path == path && p.position == Some(pos)),
            "{replacement} at {path}: {problems:#?}"
        );
        checked += 1;
    }
    checked
}

#[test]
fn every_float_field_rejects_nan_and_infinity() {
    for bad in ["NaN", "inf", "-inf"] {
        let checked = sweep_numbers(bad, &[]);
        assert!(checked > 80, "only {checked} numbers checked");
    }
}

#[test]
fn every_float_field_except_signed_ones_rejects_negatives() {
    let signed = ["pay_elasticity", "growth_per_year"];
    let checked = sweep_numbers("-1.5", &signed);
    assert!(checked > 80, "only {checked} numbers checked");
}

#[test]
fn every_share_field_rejects_values_above_one() {
    let shares = [
        "dropout_share",
        "probability",
        "participation",
        "pass_probability",
        "annual_rate",
        "renewal_exit_share",
        "share",
        "admin_share",
        "reference_admin_share",
        "social_insurance_share",
        "funding_delay_probability",
        "cases_per_person_per_year",
        "remoteness",
        "exam_support_pass_uplift",
    ];
    let index = TextIndex::new(FULL);
    let mut seen = std::collections::BTreeSet::new();
    for (path, pos) in index.paths() {
        // The field is the last segment, or the map's name for map entries.
        let segments: Vec<&str> = path.split('.').collect();
        let field = segments
            .iter()
            .rev()
            .map(|s| s.split('[').next().unwrap_or(s))
            .find(|s| shares.contains(s));
        let last = segments.last().unwrap().split('[').next().unwrap();
        let Some(field) = field else { continue };
        if !(last == field || segments.len() >= 2 && segments[segments.len() - 2] == field) {
            continue;
        }
        if index
            .value_text(path)
            .is_none_or(|v| v.parse::<f64>().is_err())
        {
            continue;
        }
        let range = index.byte_range(path).unwrap();
        let text = format!("{}1.5{}", &FULL[..range.start], &FULL[range.end..]);
        let problems = validate_text(&text).unwrap_err();
        assert!(
            problems
                .iter()
                .any(|p| p.is_error() && p.path == path && p.position == Some(pos)),
            "1.5 at {path}: {problems:#?}"
        );
        seen.insert(field);
    }
    for s in shares {
        assert!(seen.contains(s), "the sample file has no `{s}` to test");
    }
}

#[test]
fn shipped_files_have_no_errors() {
    for (name, text) in [
        ("saves/markov_textbook.ron", MARKOV),
        ("assets/default_county.ron", DEFAULT_COUNTY_RON),
        ("tests/fixtures/full_scenario.ron", FULL),
    ] {
        let warnings = validate_text(text)
            .unwrap_or_else(|p| panic!("{name} has errors: {p:#?}"))
            .1;
        let unsourced: Vec<&Problem> = warnings
            .iter()
            .filter(|p| p.path.ends_with("source"))
            .collect();
        assert!(unsourced.is_empty(), "{name}: {unsourced:#?}");
    }
    assert!(validate_text(FULL).unwrap().1.is_empty());
}

#[test]
fn shipped_saves_and_builders_have_no_problems() {
    for name in ["larger_county.ron", "policy_variant.ron"] {
        let text = std::fs::read_to_string(format!("saves/{name}")).unwrap();
        let warnings = validate_text(&text)
            .unwrap_or_else(|p| panic!("{name} has errors: {p:#?}"))
            .1;
        assert!(warnings.is_empty(), "{name}: {warnings:#?}");
    }
    let (_, warnings) = validate_text(DEFAULT_COUNTY_RON).unwrap();
    assert!(warnings.is_empty(), "default county: {warnings:#?}");
    for seed in 0..4 {
        let problems = validate(&generate::typical_county(seed));
        assert!(problems.is_empty(), "typical county {seed}: {problems:#?}");
    }
}

#[test]
fn in_memory_validation_gives_paths_without_positions() {
    let (mut sc, _) = validate_text(FULL).unwrap();
    sc.horizon_years = 40;
    sc.tracks[0].id = "local".into();
    let problems = validate(&sc);
    assert!(problems.iter().all(|p| p.position.is_none()));
    let paths: Vec<&str> = problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.path.as_str())
        .collect();
    assert!(paths.contains(&"horizon_years"), "{paths:?}");
    assert!(paths.contains(&"tracks[1].id"), "{paths:?}");
}

#[test]
fn cli_prints_chinese_messages_when_lang_is_chinese() {
    let text = replace_once(MARKOV, "horizon_years: 30", "horizon_years: 0");
    let file = temp_file("chinese_messages", &text);
    let out = run_cli(&["validate", file.to_str().unwrap()], "zh_CN.UTF-8");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(": error: horizon_years: 规划年限"),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_validate_clean_file_exits_zero() {
    let out = run_cli(&["validate", "tests/fixtures/full_scenario.ron"], "C");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn cli_unreadable_file_exits_two() {
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-scenario.ron");
    for command in ["validate", "run"] {
        let out = run_cli(&[command, missing.to_str().unwrap()], "C");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("cannot read the file"), "{stderr}");
        assert!(
            stderr.trim_end().ends_with("no-such-scenario.ron"),
            "{stderr}"
        );
    }
}

#[test]
fn cli_run_refuses_invalid_scenario_and_writes_nothing() {
    let text = replace_once(MARKOV, "(to: Stage(\"g3\")", "(to: Stage(\"g9\")");
    let file = temp_file("run_refuses", &text);
    let out_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("run_refuses.json");
    let _ = std::fs::remove_file(&out_path);
    let out = run_cli(
        &[
            "run",
            file.to_str().unwrap(),
            "--out",
            out_path.to_str().unwrap(),
        ],
        "C",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let want = anchor_position(&text, "(to: |Stage(\"g9\")");
    assert!(
        stderr.contains(&format!(
            "{}:{}:{}: error: stages[1].transitions[1].to (Grade 2 · `transitions[1].to`): unknown stage `g9`",
            file.display(),
            want.line,
            want.column
        )),
        "{stderr}"
    );
    assert!(!out_path.exists(), "a refused run must not write output");
    assert!(out.stdout.is_empty());
}

#[test]
fn cli_run_prints_warnings_and_proceeds() {
    let text = replace_once(FULL, "county_centre: true,", "county_centre: false,");
    let file = temp_file("run_with_warning", &text);
    let out = run_cli(&["run", file.to_str().unwrap(), "--format", "csv"], "C");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(": warning: county.townships[2].villages ("),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        5 * 12 + 2
    );
}

#[test]
fn cli_run_accepts_valid_scenario() {
    let out_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("run_accepts.json");
    let out = run_cli(
        &[
            "run",
            "tests/fixtures/full_scenario.ron",
            "--out",
            out_path.to_str().unwrap(),
        ],
        "C",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(json["months"].as_array().unwrap().len(), 5 * 12 + 1);
    // written beside its name and renamed into place: nothing is left over
    let mut part = out_path.clone().into_os_string();
    part.push(".part");
    assert!(!PathBuf::from(part).exists());
}

#[test]
fn cli_run_that_cannot_write_reports_it() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir-for-output");
    let _ = std::fs::remove_dir_all(&dir);
    let out_path = dir.join("out.json");
    let out = run_cli(&["run", "--out", out_path.to_str().unwrap()], "C");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(!dir.exists());
}

/// Every problem of `text` points inside it: line within the text, column
/// at most one past the end of that line.
fn assert_positions_inside(text: &str, problems: &[Problem]) {
    let lines: Vec<&str> = text.split('\n').collect();
    for p in problems {
        let pos = p.position.expect("problems of a text carry positions");
        assert!(pos.line >= 1 && pos.line <= lines.len(), "{p:?}");
        let len = lines[pos.line - 1].chars().count();
        assert!(
            pos.column >= 1 && pos.column <= len + 1,
            "{p:?} (line length {len})"
        );
    }
}

fn check_never_panics(text: &str) {
    let (scenario, problems) = check_text(text);
    assert_positions_inside(text, &problems);
    match validate_text(text) {
        Ok((sc, warnings)) => {
            assert!(warnings.iter().all(|p| !p.is_error()));
            assert_eq!(Some(sc), scenario);
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            assert!(scenario.is_none() || problems.iter().any(Problem::is_error));
        }
    }
}

/// Characters that matter to RON, to make random text hit its syntax.
const RON_CHARS: &[u8] = b"()[]{},:\"'\\/*#!rb_ .-+0123456789eENaninf\n\tSomeStageExit";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        check_never_panics(&text);
    }

    #[test]
    fn index_of_random_text_stays_inside_it(
        bytes in prop::collection::vec(prop::sample::select(RON_CHARS), 0..300),
        line in 0usize..40,
        column in 0usize..80,
    ) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let index = TextIndex::new(&text);
        let lines: Vec<&str> = text.split('\n').collect();
        for (path, pos) in index.paths() {
            prop_assert!(pos.line >= 1 && pos.line <= lines.len());
            prop_assert!(pos.column >= 1 && pos.column <= lines[pos.line - 1].chars().count() + 1);
            prop_assert!(index.value_text(path).is_some());
            prop_assert_eq!(index.position_or_ancestor(path), pos);
        }
        let probe = index.next_token(Position { line, column });
        prop_assert!(probe.line <= lines.len());
        let _ = index.path_at(probe);
    }

    #[test]
    fn random_ron_like_text_never_panics(bytes in prop::collection::vec(prop::sample::select(RON_CHARS), 0..300)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check_never_panics(&text);
    }

    #[test]
    fn the_one_walk_lookups_agree_with_the_full_index(
        bytes in prop::collection::vec(prop::sample::select(RON_CHARS), 0..300),
        line in 0usize..40,
        column in 0usize..80,
    ) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let index = TextIndex::new(&text);
        let mut paths: Vec<String> = index.paths().into_iter().map(|(p, _)| p.to_string()).collect();
        // Paths the text does not hold fall back to an ancestor in both.
        paths.extend(paths.clone().into_iter().map(|p| format!("{p}.missing[3]")));
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let found = locate::locate_all(&text, &refs);
        for (p, pos) in refs.iter().zip(found) {
            prop_assert_eq!(pos, index.position_or_ancestor(p), "{}", p);
        }
        let probe = Position { line, column };
        let next = index.next_token(probe);
        prop_assert_eq!(locate::error_place(&text, probe), (next, index.path_at(next)));
    }

    #[test]
    fn truncated_files_never_panic(cut in 0usize..MARKOV.len()) {
        let text: String = MARKOV.chars().take(cut).collect();
        check_never_panics(&text);
    }
}

proptest! {
    // Each case parses a whole county file: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn byte_flips_in_a_valid_file_never_panic(
        file in prop::sample::select(vec![FULL, MARKOV, DEFAULT_COUNTY_RON]),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ron_flips in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(RON_CHARS)), 0..4),
    ) {
        let mut bytes = file.as_bytes().to_vec();
        for (at, b) in flips.into_iter().chain(ron_flips) {
            let at = at.index(bytes.len());
            bytes[at] = b;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check_never_panics(&text);
    }
}

proptest! {
    // Each case writes and parses a whole county: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn generated_counties_validate_cleanly(
        townships in 1usize..25,
        villages in 1usize..20,
        seed in any::<u64>(),
    ) {
        let sc = generate::synthetic(townships, villages, seed).unwrap();
        let mut bytes = Vec::new();
        generate::write_ron(&sc, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (parsed, warnings) = validate_text(&text)
            .unwrap_or_else(|p| panic!("{p:#?}"));
        prop_assert!(warnings.is_empty(), "{:#?}", warnings);
        prop_assert_eq!(parsed, sc);
    }
}

#[test]
fn deep_nesting_never_overflows() {
    for open in ["(", "[", "{", "Some("] {
        let text = open.repeat(100_000);
        check_never_panics(&text);
    }
}

// Monte Carlo targets.
const DEFAULT: &str = include_str!("../assets/default_county.ron");
case!(goal_share_above_one, DEFAULT,
    "level: 0.6," => "level: 1.6,", Error,
    "targets.goals[1].level", "level: |1.6,");
case!(goal_share_negative, DEFAULT,
    "level: 0.9," => "level: -0.9,", Error,
    "targets.goals[2].level", "level: |-0.9,");
case!(goal_year_outside_horizon, DEFAULT,
    "year: 2030,\n                every_year: false,\n                source: (zh: \"提质增效" => "year: 2050,\n                every_year: false,\n                source: (zh: \"提质增效", Warning,
    "targets.goals[2].year", "year: |2050");
case!(goal_metric_unknown, DEFAULT,
    "metric: \"workers_per_10k\"" => "metric: \"workers_per_km\"", Error,
    "targets.goals[3].metric", "metric: |\"workers_per_km\"");

/// The reader's errors are told in Chinese too, with what was found.
#[test]
fn reading_errors_are_told_in_chinese() {
    for (from, to, en, zh) in [
        (
            "population: ",
            "population: 1 2",
            "Expected comma",
            "文件内容有误：缺少逗号",
        ),
        (
            "staffing_norm: ",
            "staffing_nrom: ",
            "staffing_nrom",
            "未知的字段 `staffing_nrom`，可用的字段：`id`、`name`、`county_centre`",
        ),
        (
            "horizon_years: 10,",
            "",
            "horizon_years",
            "缺少字段 `horizon_years`",
        ),
        (
            "allocation: ByGap",
            "allocation: ByGapp",
            "ByGapp",
            "未知的取值 `ByGapp`",
        ),
    ] {
        assert!(DEFAULT_COUNTY_RON.contains(from));
        let text = DEFAULT_COUNTY_RON.replacen(from, to, 1);
        let (scenario, problems) = check_text(&text);
        assert!(scenario.is_none());
        let [p] = problems.as_slice() else {
            panic!("one problem: {problems:?}")
        };
        assert!(p.message_en.contains(en), "{}", p.message_en);
        assert!(p.message_zh.contains(zh), "{}", p.message_zh);
        assert!(p.message_zh.starts_with("文件内容有误："));
    }
}

#[test]
fn one_walk_positions_of_every_path_of_the_samples_match_the_full_index() {
    for text in [FULL, MARKOV, DEFAULT_COUNTY_RON] {
        let index = TextIndex::new(text);
        let paths: Vec<&str> = index.paths().into_iter().map(|(p, _)| p).collect();
        let found = locate::locate_all(text, &paths);
        for (p, pos) in paths.iter().zip(found) {
            assert_eq!(pos, index.position_or_ancestor(p), "{p}");
        }
    }
}

#[test]
fn years_outside_1949_to_2200_are_refused() {
    for year in ["2147483647", "-5000", "1948", "2201"] {
        let text = replace_once(MARKOV, "start_year: 2025", &format!("start_year: {year}"));
        expect_problem(
            "start_year",
            &text,
            Severity::Error,
            "start_year",
            &format!("start_year: |{year}"),
        );
    }
    let text = replace_once(FULL, "until_year: Some(2029)", "until_year: Some(99999)");
    expect_problem(
        "until_year",
        &text,
        Severity::Error,
        "recruitment[1].until_year",
        "until_year: |Some(99999)",
    );
}

#[test]
fn a_cohort_repeating_every_zero_months_is_refused() {
    let text = replace_once(
        FULL,
        "repeat_every_months: Some(12)",
        "repeat_every_months: Some(0)",
    );
    expect_problem(
        "repeat_zero",
        &text,
        Severity::Error,
        "recruitment[1].repeat_every_months",
        "repeat_every_months: |Some(0)",
    );
}

#[test]
fn counts_hires_and_the_pay_multiplier_have_finite_upper_bounds() {
    let text = replace_once(MARKOV, "hires_per_year: 4.0", "hires_per_year: 1e308");
    expect_problem(
        "hires_huge",
        &text,
        Severity::Error,
        "recruitment[0].hires_per_year",
        "hires_per_year: |1e308",
    );
    let text = replace_once(FULL, "size: 6.0", "size: 1e300");
    expect_problem(
        "size_huge",
        &text,
        Severity::Error,
        "recruitment[1].size",
        "size: |1e300",
    );
    let (_, problems) = check_text(&MARKOV.replacen(
        "horizon_years",
        "levers: (pay_multiplier: 1e308),\n    horizon_years",
        1,
    ));
    assert!(
        problems
            .iter()
            .any(|p| p.path == "levers.pay_multiplier" && p.is_error()),
        "{problems:#?}"
    );
}

#[test]
fn long_names_and_control_characters_are_refused_and_never_echoed_raw() {
    let long = "村".repeat(1_000_000);
    let text = replace_once(
        MARKOV,
        "(id: \"all\", name: \"All staff\"",
        &format!("(id: \"all\", name: \"{long}\""),
    );
    let (_, problems) = check_text(&text);
    let p = problems
        .iter()
        .find(|p| p.path == "county.townships[0].name")
        .expect("a problem at the name");
    assert!(p.message_en.len() < 200, "{}", p.message_en);
    let text = replace_once(
        MARKOV,
        "name: \"Markov textbook\"",
        "name: \"a\\u{1b}[2Jb\\u{0}\"",
    );
    let (_, problems) = check_text(&text);
    assert!(problems.iter().any(|p| p.path == "name" && p.is_error()));
    // An unknown reference with an escape sequence is quoted escaped and cut.
    let evil = format!("\\u{{1b}}[31m{}", "x".repeat(5_000));
    let text = replace_once(
        MARKOV,
        "Schedule(track: \"staff\", stage: \"g1\"",
        &format!("Schedule(track: \"{evil}\", stage: \"g1\""),
    );
    let (_, problems) = check_text(&text);
    let p = problems
        .iter()
        .find(|p| p.path == "recruitment[0].track")
        .expect("an unknown track");
    assert!(!p.message_en.contains('\u{1b}') && p.message_en.contains("\\u{1b}"));
    assert!(p.message_en.chars().count() < 200, "{}", p.message_en);
}

#[test]
fn invalid_utf8_is_reported_with_line_and_column() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("validate-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.ron");
    let mut bytes = MARKOV.as_bytes().to_vec();
    let at = MARKOV.find("Markov textbook").unwrap();
    bytes[at + 1] = 0xE4; // "M\xE4rkov": Latin-1, not UTF-8
    std::fs::write(&path, &bytes).unwrap();
    let line = MARKOV[..at].matches('\n').count() + 1;
    let column = MARKOV[..at].rsplit('\n').next().unwrap().chars().count() + 2;
    let out = run_cli(&["validate", path.to_str().unwrap()], "C");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{}:{line}:{column}: error: ", path.display())),
        "{stdout}"
    );
    assert_eq!(out.status.code(), Some(2));
}
