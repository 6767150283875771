//! Excel export of the results: yearly county figures and the township table
//! at each year end, with headers in the interface language.

use super::i18n::Lang;
use super::views;
use crate::model::Projection;
use crate::model::scenario::Scenario;
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// Writes the workbook to `path`.
pub fn write(sc: &Scenario, p: &Projection, path: &Path, l: Lang) -> anyhow::Result<()> {
    let mut wb = Workbook::new();
    let county = wb.add_worksheet();
    county.set_name(l.t("tree.county"))?;
    let headers = [
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
    ];
    for (c, h) in headers.iter().enumerate() {
        county.write_string(0, c as u16, *h)?;
    }
    for (r, year) in views::years(p).iter().enumerate() {
        let Some(m) = p.at_year_end(*year) else {
            continue;
        };
        let cost: f64 = p
            .months
            .iter()
            .filter(|x| x.year == *year && x.month_index > 0)
            .map(|x| x.cost_yuan)
            .sum();
        let row = (r + 1) as u32;
        let values = [
            f64::from(*year),
            m.headcount_total,
            m.trainees,
            m.certified_share,
            m.need_fte,
            m.gap_fte,
            f64::from(m.stations_at_norm),
            m.villages_covered,
            cost,
            m.funding_year_yuan,
        ];
        for (c, v) in values.iter().enumerate() {
            county.write_number(row, c as u16, *v)?;
        }
    }
    let tw = wb.add_worksheet();
    tw.set_name(l.t("tab.townships"))?;
    let headers = [
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
    ];
    for (c, h) in headers.iter().enumerate() {
        tw.write_string(0, c as u16, *h)?;
    }
    let mut row = 1u32;
    for year in views::years(p) {
        for t in views::township_rows(sc, p, year) {
            tw.write_number(row, 0, f64::from(year))?;
            tw.write_string(row, 1, &t.name)?;
            let values = [
                t.headcount,
                t.norm,
                t.certified_share,
                t.need_fte,
                t.gap_fte,
                f64::from(u8::from(t.at_norm)),
                t.villages_covered,
                t.cost_year_yuan,
            ];
            for (c, v) in values.iter().enumerate() {
                tw.write_number(row, (c + 2) as u16, *v)?;
            }
            row += 1;
        }
    }
    wb.save(path)?;
    Ok(())
}
