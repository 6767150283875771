//! Flat CSV tables of a projection, written through the exchange layer
//! (UTF-8 with BOM so Excel and WPS open it; scenario text escaped).

use super::results::{MonthResult, Named, Projection};
use crate::exchange::Cell;
use crate::exchange::csv::CsvWriter;
pub use crate::exchange::csv::UTF8_BOM;
use std::io::Write;

fn named_headers(prefix: &str, n: &Named, out: &mut Vec<String>) {
    out.extend(n.keys().iter().map(|k| format!("{prefix}{k}")));
}

fn named_values(n: &Named, out: &mut Vec<Cell>) {
    out.extend(n.values().iter().map(|v| fmt(*v)));
}

/// Figures are written with six decimals.
fn fmt(v: f64) -> Cell {
    Cell::fixed(v, 6)
}

fn month_row(m: &MonthResult) -> Vec<Cell> {
    let mut r = vec![
        Cell::from(m.month_index),
        Cell::from(m.year),
        Cell::from(m.month),
        fmt(m.headcount_total),
    ];
    named_values(&m.headcount_by_grade, &mut r);
    named_values(&m.headcount_by_track, &mut r);
    for v in [
        m.trainees,
        m.hires,
        m.trainee_intake,
        m.graduates,
        m.exits,
        m.exam_sitters,
        m.exam_passes,
        m.certified,
        m.certified_share,
        m.need_fte,
        m.gap_fte,
    ] {
        r.push(fmt(v));
    }
    r.push(Cell::from(m.stations_open));
    r.push(Cell::from(m.stations_at_norm));
    for v in [
        m.villages_covered,
        m.workers_per_10k,
        m.cost_yuan,
        m.cumulative_cost_yuan,
    ] {
        r.push(fmt(v));
    }
    named_values(&m.cost_by_category, &mut r);
    named_values(&m.cost_by_source, &mut r);
    r
}

fn month_header(m: &MonthResult) -> Vec<String> {
    let mut h: Vec<String> = ["month_index", "year", "month", "headcount_total"]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
    named_headers("headcount_", &m.headcount_by_grade, &mut h);
    named_headers("track_", &m.headcount_by_track, &mut h);
    for s in [
        "trainees",
        "hires",
        "trainee_intake",
        "graduates",
        "exits",
        "exam_sitters",
        "exam_passes",
        "certified",
        "certified_share",
        "need_fte",
        "gap_fte",
        "stations_open",
        "stations_at_norm",
        "villages_covered",
        "workers_per_10k",
        "cost_yuan",
        "cumulative_cost_yuan",
    ] {
        h.push(s.to_string());
    }
    named_headers("cost_", &m.cost_by_category, &mut h);
    named_headers("source_", &m.cost_by_source, &mut h);
    h
}

/// Writes the CSV of county months, or of township rows when `townships`
/// is set, to `out` row by row (a national township table is never held
/// as text).
pub fn write_csv<W: Write>(p: &Projection, townships: bool, out: W) -> Result<W, csv::Error> {
    let mut w = CsvWriter::new(out)?;
    if townships {
        w.header(&[
            "month_index",
            "township",
            "headcount",
            "certified",
            "trainees",
            "need_fte",
            "gap_fte",
            "staffing_norm",
            "at_norm",
            "villages_covered",
            "hires",
            "exits",
            "cost_yuan",
        ])?;
        for t in &p.townships {
            w.row(&[
                Cell::from(t.month_index),
                Cell::text(t.township.to_string()),
                fmt(t.headcount),
                fmt(t.certified),
                fmt(t.trainees),
                fmt(t.need_fte),
                fmt(t.gap_fte),
                fmt(t.staffing_norm),
                Cell::text(t.at_norm.to_string()),
                fmt(t.villages_covered),
                fmt(t.hires),
                fmt(t.exits),
                fmt(t.cost_yuan),
            ])?;
        }
    } else if let Some(first) = p.months.first() {
        w.header(&month_header(first))?;
        for m in &p.months {
            w.row(&month_row(m))?;
        }
    }
    w.finish()
}

/// The CSV of [`write_csv`] as bytes.
pub fn csv_bytes(p: &Projection, townships: bool) -> Result<Vec<u8>, csv::Error> {
    write_csv(p, townships, Vec::new())
}
