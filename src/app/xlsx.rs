//! Excel export of the results: yearly county figures and the township table
//! at each year end, with headers in the interface language. The tables are
//! written by the exchange layer (one escaping rule, safe write).

use super::i18n::Lang;
use super::views;
use crate::exchange::{Cell, Table};
use crate::model::Projection;
use crate::model::scenario::Scenario;
use std::path::Path;

/// The two tables of the export: county by year, townships by year.
#[must_use]
pub fn tables(sc: &Scenario, p: &Projection, l: Lang) -> [Table; 2] {
    let mut county = Table::new(
        l.t("tree.county"),
        &[
            l.t("dash.year"),
            l.t("dash.headcount"),
            l.t("dash.trainees"),
            l.t("dash.certified_share"),
            l.t("dash.need"),
            l.t("dash.gap"),
            l.t("dash.stations_at_norm"),
            l.t("dash.villages_covered"),
            l.t("dash.cost_year"),
            l.t("dash.budget"),
        ],
    );
    for year in views::years(p) {
        let Some(m) = p.at_year_end(year) else {
            continue;
        };
        let cost: f64 = p
            .months
            .iter()
            .filter(|x| x.year == year && x.month_index > 0)
            .map(|x| x.cost_yuan)
            .sum();
        county.rows.push(vec![
            Cell::from(year),
            Cell::number(m.headcount_total),
            Cell::number(m.trainees),
            Cell::number(m.certified_share),
            Cell::number(m.need_fte),
            Cell::number(m.gap_fte),
            Cell::from(m.stations_at_norm),
            Cell::number(m.villages_covered),
            Cell::number(cost),
            Cell::number(m.funding_year_yuan),
        ]);
    }
    let mut townships = Table::new(
        l.t("tab.townships"),
        &[
            l.t("townships.year"),
            l.t("townships.name"),
            l.t("townships.headcount"),
            l.t("townships.norm"),
            l.t("townships.certified"),
            l.t("townships.need"),
            l.t("townships.gap"),
            l.t("townships.at_norm"),
            l.t("townships.villages"),
            l.t("townships.cost"),
        ],
    );
    for year in views::years(p) {
        for t in views::township_rows(sc, p, year) {
            townships.rows.push(vec![
                Cell::from(year),
                Cell::text(t.name.clone()),
                Cell::number(t.headcount),
                Cell::number(t.norm),
                Cell::number(t.certified_share),
                Cell::number(t.need_fte),
                Cell::number(t.gap_fte),
                Cell::Integer(i64::from(u8::from(t.at_norm))),
                Cell::number(t.villages_covered),
                Cell::number(t.cost_year_yuan),
            ]);
        }
    }
    [county, townships]
}

/// Writes the workbook to `path` (whole or not at all).
pub fn write(sc: &Scenario, p: &Projection, path: &Path, l: Lang) -> anyhow::Result<()> {
    let bytes = crate::exchange::xlsx::workbook_bytes(&tables(sc, p, l))?;
    crate::exchange::safe_write::write_bytes(path, &bytes)?;
    Ok(())
}
