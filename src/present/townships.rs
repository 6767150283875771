//! The townships table's columns, cell texts and sort order.

use super::i18n::Lang;
use super::views::TownshipRow;
use std::cmp::Ordering;

/// Columns of the table (i18n key of the header).
pub const COLUMNS: [&str; 9] = [
    "townships.name",
    "townships.headcount",
    "townships.norm",
    "townships.certified",
    "townships.need",
    "townships.gap",
    "townships.at_norm",
    "townships.villages",
    "townships.cost",
];

/// A name's sort key: the plain pinyin of each Chinese character (any other
/// character in lower case), syllable by syllable, so that names sort the
/// way a Chinese reader looks them up rather than by code point.
#[must_use]
pub fn pinyin_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(name.len() * 2);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.plain()),
            None => key.extend(c.to_lowercase()),
        }
        key.push(' ');
    }
    key
}

/// Sorts rows by a column index of [`COLUMNS`]; names by [`pinyin_key`].
pub fn sort_rows(rows: &mut [TownshipRow], column: usize, descending: bool) {
    if column == 0 {
        rows.sort_by_cached_key(|r| (pinyin_key(&r.name), r.name.clone()));
        if descending {
            rows.reverse();
        }
        return;
    }
    let key = |r: &TownshipRow| -> f64 {
        match column {
            1 => r.headcount,
            2 => r.norm,
            3 => r.certified_share,
            4 => r.need_fte,
            5 => r.gap_fte,
            6 => f64::from(u8::from(r.at_norm)),
            7 => r.villages_covered,
            8 => r.cost_year_yuan,
            _ => 0.0,
        }
    };
    rows.sort_by(|a, b| {
        let o = key(a).partial_cmp(&key(b)).unwrap_or(Ordering::Equal);
        if descending { o.reverse() } else { o }
    });
}

/// The texts of a row's cells after the name, in [`COLUMNS`] order.
#[must_use]
pub fn cells(r: &TownshipRow, l: Lang) -> [String; 8] {
    [
        l.people(r.headcount),
        l.people(r.norm),
        l.percent(r.certified_share),
        format!("{:.1}", r.need_fte),
        format!("{:.1}", r.gap_fte),
        if r.at_norm {
            l.t("townships.yes")
        } else {
            l.t("townships.no")
        }
        .to_string(),
        format!("{:.0}", r.villages_covered),
        l.yuan(r.cost_year_yuan),
    ]
}
