//! The valid range of every kind of editable number, written once.
//!
//! The catalog's entries take their valid ranges from here, and validation
//! checks the places the catalog does not list as entries (a stage's pay
//! when it is not a working stage, a year's funding in `by_year`, an
//! allocation weight) against the same table through [`field_range`]. The
//! bounds are far past any county's figures: they exist so that no input can
//! turn a sum into infinity, and so that a typo of three extra zeros is
//! caught.

/// Largest people count a number of people may hold (a national pool).
pub const MAX_PEOPLE: f64 = 1e7;
/// Largest yearly amount of money (a national budget), yuan.
pub const MAX_YUAN_PER_YEAR: f64 = 1e13;

/// A share or probability.
pub const SHARE: (f64, f64) = (0.0, 1.0);
/// People, or people a year (hires, intake sizes, applicants).
pub const PEOPLE: (f64, f64) = (0.0, MAX_PEOPLE);
/// Multiplier on the base pay of every stage.
pub const PAY_MULTIPLIER: (f64, f64) = (0.1, 5.0);
/// Share of working time spent on administrative work (all of it is not
/// a station).
pub const ADMIN_SHARE: (f64, f64) = (0.0, 0.95);
/// Multiplier on every recruitment schedule's hires.
pub const RECRUITMENT_MULTIPLIER: (f64, f64) = (0.0, 10.0);
/// A working stage's base pay, yuan a month.
pub const PAY_YUAN_PER_MONTH: (f64, f64) = (0.0, 100_000.0);
/// A stage's certificate allowance, yuan a month.
pub const ALLOWANCE_YUAN_PER_MONTH: (f64, f64) = (0.0, 50_000.0);
/// A funding source's money a year (and each year's figure in `by_year`).
pub const YUAN_PER_YEAR: (f64, f64) = (0.0, MAX_YUAN_PER_YEAR);
/// A funding source's growth a year (−50 % to doubling).
pub const GROWTH_PER_YEAR: (f64, f64) = (-0.5, 1.0);
/// Months by which late funds arrive.
pub const DELAY_MONTHS: (f64, f64) = (0.0, 24.0);
/// Exam support for a 10-point uplift, yuan per subject sat.
pub const EXAM_SUPPORT_YUAN_PER_SUBJECT: (f64, f64) = (0.0, 1e5);
/// The pay step of a ladder rung, share of pay.
pub const LADDER_PAY_STEP_SHARE: (f64, f64) = (0.0, 1.0);
/// Moving a worker's administrative work elsewhere, yuan per worker-year.
pub const ADMIN_RELIEF_YUAN_PER_WORKER_YEAR: (f64, f64) = (0.0, 1e6);
/// A township's weight when a county pool is placed over townships.
pub const ALLOCATION_WEIGHT: (f64, f64) = (0.0, 1e6);

/// The valid range of a kind of field, named as validation names it
/// (`recruitment.size`, `stages.kind.pay_yuan_per_month`, …); `None` for a
/// kind this table does not know.
#[must_use]
pub fn field_range(field: &str) -> Option<(f64, f64)> {
    FIELD_RANGES
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, r)| *r)
}

/// Every kind of lever field validation checks outside the catalog's
/// entries, with its range.
const FIELD_RANGES: &[(&str, (f64, f64))] = &[
    ("levers.pay_multiplier", PAY_MULTIPLIER),
    ("levers.recruitment_multiplier", RECRUITMENT_MULTIPLIER),
    ("levers.admin_share", ADMIN_SHARE),
    ("levers.exam_support_pass_uplift", SHARE),
    ("recruitment.hires_per_year", PEOPLE),
    ("recruitment.applicants_per_year", PEOPLE),
    ("recruitment.size", PEOPLE),
    ("recruitment.max_hires_per_year", PEOPLE),
    ("recruitment.share", SHARE),
    ("recruitment.allocation", ALLOCATION_WEIGHT),
    ("stages.kind.pay_yuan_per_month", PAY_YUAN_PER_MONTH),
    (
        "stages.kind.allowance_yuan_per_month",
        ALLOWANCE_YUAN_PER_MONTH,
    ),
    ("stages.kind.dropout_share", SHARE),
    ("stages.exam.participation", SHARE),
    ("stages.exam.subjects.pass_probability", SHARE),
    ("retention.exit_rates.annual_rate", SHARE),
    ("budget.sources.yuan_per_year", YUAN_PER_YEAR),
    ("budget.sources.growth_per_year", GROWTH_PER_YEAR),
    ("budget.sources.by_year", YUAN_PER_YEAR),
    ("budget.funding_delay_probability", SHARE),
    ("budget.funding_delay_months", DELAY_MONTHS),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_range_is_finite_and_ordered() {
        for (f, (lo, hi)) in FIELD_RANGES {
            assert!(lo.is_finite() && hi.is_finite() && lo < hi, "{f}");
        }
        assert_eq!(field_range("recruitment.size"), Some(PEOPLE));
        assert_eq!(field_range("no.such.field"), None);
    }
}
