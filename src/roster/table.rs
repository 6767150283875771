//! Import and export of roster tables as CSV or xlsx, the formats trainers
//! exchange with Excel and WPS.
//!
//! Import is two steps: [`preview_import`] parses a file and lists every
//! problem (row, column, reason in English and Chinese) without touching the
//! roster, and runs every check the import itself runs; [`apply_import`]
//! then applies a clean preview in one go, so a file is never
//! half-imported. CSV is read as UTF-8 (with or without BOM) or GBK/GB18030
//! (detected), or in an encoding the user names; xlsx within the limits of
//! [`crate::exchange::xlsx`]. Export goes through the exchange layer (one
//! escaping rule for every text cell) and can replace ids by random
//! pseudonyms and coarsen what could identify a person.

use super::date::Date;
use super::doc::{
    Education, Employment, ExamAttempt, Gender, Level, Major, Person, Roster, Subject, TrackId,
};
use super::text::Language;
use super::views::{RosterRow, StatusFilter};
use crate::exchange::table::unescape_text;
use crate::exchange::text::{DecodeError, check_field, quote};
use crate::exchange::{Cell, Table};
use crate::model::scenario::Track;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Header of the people table, exactly.
pub const PEOPLE_HEADERS: [&str; 11] = [
    "person_id",
    "name",
    "gender",
    "birth_year",
    "township",
    "village",
    "track",
    "education",
    "major",
    "sw_start_date",
    "hire_date",
];

/// Columns added to the people table after [`PEOPLE_HEADERS`] when an
/// export writes what a view shows (see [`ExportOptions::status_columns`]);
/// an import does not read them.
pub const STATUS_HEADERS: [&str; 2] = ["certificate", "status"];

/// Header of the exam-attempt table, exactly.
pub const ATTEMPT_HEADERS: [&str; 5] = ["person_id", "year", "level", "subject", "score"];

/// Which table a sheet or CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TableKind {
    /// People (`person_id,name,…,hire_date`).
    People,
    /// Exam attempts (`person_id,year,level,subject,score`).
    Attempts,
}

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Sheet name (xlsx) or empty (CSV).
    pub sheet: String,
    /// 1-based row as a spreadsheet shows it (the header is row 1); 0 for the whole file.
    pub row: usize,
    /// Column header, or empty for the whole row or file.
    pub column: String,
    /// What is wrong, in English.
    pub reason_en: String,
    /// What is wrong, in Chinese.
    pub reason_zh: String,
}

impl Problem {
    /// What is wrong, in `lang`.
    #[must_use]
    pub fn reason(&self, lang: Language) -> &str {
        lang.pick(&self.reason_en, &self.reason_zh)
    }
}

impl Problem {
    /// Where and what, in `lang`: sheet (xlsx), row, column, reason.
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        let mut out = String::new();
        match lang {
            Language::En => {
                if !self.sheet.is_empty() {
                    out.push_str(&format!("sheet {}, ", self.sheet));
                }
                out.push_str(&format!("row {}", self.row));
                if !self.column.is_empty() {
                    out.push_str(&format!(", column {}", self.column));
                }
                out.push_str(&format!(": {}", self.reason_en));
            }
            Language::Zh => {
                if !self.sheet.is_empty() {
                    out.push_str(&format!("工作表{}，", self.sheet));
                }
                out.push_str(&format!("第{}行", self.row));
                if !self.column.is_empty() {
                    out.push_str(&format!("，{}列", self.column));
                }
                out.push_str(&format!("：{}", self.reason_zh));
            }
        }
        out
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Language::En))
    }
}

fn problem(row: usize, column: &str, en: impl Into<String>, zh: impl Into<String>) -> Problem {
    use crate::exchange::text::clean_message;
    Problem {
        sheet: String::new(),
        row,
        column: column.to_string(),
        reason_en: clean_message(&en.into()),
        reason_zh: clean_message(&zh.into()),
    }
}

/// A fixed reason in English and Chinese.
fn texts(en: &str, zh: &str) -> (String, String) {
    (en.to_string(), zh.to_string())
}

/// "unknown WHAT `VALUE` (HINT)" in English and Chinese; an empty hint is left out.
fn unknown(what: (&str, &str), value: &str, hint: (&str, &str)) -> (String, String) {
    let value = quote(value);
    let (en_hint, zh_hint) = if hint.0.is_empty() {
        (String::new(), String::new())
    } else {
        (format!(" ({})", hint.0), format!("（{}）", hint.1))
    };
    (
        format!("unknown {} `{value}`{en_hint}", what.0),
        format!("{}`{value}`无法识别{zh_hint}", what.1),
    )
}

/// A data row (spreadsheet row `r`) ready for its cells to be checked:
/// `None` for a blank row, which is skipped, or the problem of a row with
/// the wrong number of cells.
fn shaped(r: usize, row: &[String], width: usize) -> Result<Option<&[String]>, Problem> {
    if row.iter().all(String::is_empty) {
        return Ok(None);
    }
    if row.len() != width {
        return Err(problem(
            r,
            "",
            format!("{} cells, expected {width}", row.len()),
            format!("有{}列，应为{width}列", row.len()),
        ));
    }
    Ok(Some(row))
}

/// Problems of cells whose text is too long or holds control characters
/// (every text field of a table is limited, names and villages too).
fn cell_faults(r: usize, row: &[String], headers: &[&str]) -> Vec<Problem> {
    row.iter()
        .zip(headers)
        .filter_map(|(cell, col)| {
            check_field(cell, MAX_CELL_CHARS, false)
                .map(|f| problem(r, col, f.message_en(), f.message_zh()))
        })
        .collect()
}

/// Decodes CSV bytes: UTF-8 (a BOM is dropped) or GBK/GB18030, as
/// detected; any other encoding is refused with its name.
pub fn decode_text(bytes: &[u8]) -> Result<String, Problem> {
    decode_text_as(bytes, None)
}

/// Decodes CSV bytes in the encoding the user named, or as
/// [`decode_text`] does without one.
pub fn decode_text_as(
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<String, Problem> {
    crate::exchange::text::decode(bytes, encoding).map_err(|e| match e {
        DecodeError::Invalid { line, .. } => problem(line, "", e.to_string(), e.message_zh()),
        DecodeError::Unsupported { .. } => problem(0, "", e.to_string(), e.message_zh()),
    })
}

/// Largest CSV file read, bytes.
pub const MAX_CSV_BYTES: usize = 256 << 20;
/// Most cells in one CSV row.
pub const MAX_CSV_COLUMNS: usize = 256;
/// Most cells in one CSV file.
pub const MAX_CSV_CELLS: usize = 5_000_000;

/// Counts a CSV text's rows and cells by its quoting alone, before any row
/// is held, and refuses one past the limits above. Returns the row count.
fn check_csv_shape(text: &str) -> Result<usize, Problem> {
    let (mut rows, mut cells, mut in_row) = (0usize, 0usize, 1usize);
    let (mut quoted, mut at_field_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            b',' => {
                in_row += 1;
                at_field_start = true;
                if in_row > MAX_CSV_COLUMNS {
                    return Err(problem(
                        rows + 1,
                        "",
                        format!("more than {MAX_CSV_COLUMNS} cells in a row"),
                        format!("一行超过 {MAX_CSV_COLUMNS} 个单元格"),
                    ));
                }
            }
            b'\n' => {
                rows += 1;
                cells += in_row;
                in_row = 1;
                at_field_start = true;
                if cells > MAX_CSV_CELLS {
                    return Err(problem(
                        rows,
                        "",
                        format!("more than {MAX_CSV_CELLS} cells in the file"),
                        format!("文件超过 {MAX_CSV_CELLS} 个单元格"),
                    ));
                }
            }
            b'\r' => {}
            _ => at_field_start = false,
        }
    }
    Ok(rows + 1)
}

/// Splits CSV text into rows of trimmed cells.
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, Problem> {
    let count = check_csv_shape(text)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::with_capacity(count);
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            problem(
                i + 1,
                "",
                format!("not valid CSV: {e}"),
                format!("CSV格式错误：{e}"),
            )
        })?;
        rows.push(rec.iter().map(unescape_cell).collect());
    }
    Ok(rows)
}

fn cell_text(d: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef as Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => unescape_cell(s),
        Data::SharedString(s) => unescape_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            // Excel serial day 25569 is 1970-01-01.
            let serial = dt.as_f64();
            if serial.is_finite() && serial.abs() < 1e7 {
                Date::from_day_number(serial.floor() as i64 - 25_569)
                    .map_or_else(|| serial.to_string(), |d| d.to_string())
            } else {
                serial.to_string()
            }
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Named tables of a file: (sheet name, rows of text cells); CSV has one unnamed table.
pub type Sheets = Vec<(String, Vec<Vec<String>>)>;

/// Reads every sheet of an xlsx workbook as rows of text cells, within the
/// limits of [`crate::exchange::xlsx`].
pub fn xlsx_sheets(bytes: &[u8]) -> Result<Sheets, Problem> {
    crate::exchange::xlsx::read_sheets(bytes, cell_text)
        .map_err(|e| problem(0, "", e.to_string(), e.message_zh()))
}

/// Recognises a table by its header row.
#[must_use]
pub fn detect_kind(header: &[String]) -> Option<TableKind> {
    let h: Vec<&str> = header.iter().map(|s| s.trim()).collect();
    let trimmed = &h[..h.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)];
    if trimmed == PEOPLE_HEADERS {
        Some(TableKind::People)
    } else if trimmed == ATTEMPT_HEADERS {
        Some(TableKind::Attempts)
    } else {
        None
    }
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

fn parse_gender(s: &str) -> Result<Option<Gender>, ()> {
    match norm(s).as_str() {
        "" => Ok(None),
        "male" | "m" | "男" => Ok(Some(Gender::Male)),
        "female" | "f" | "女" => Ok(Some(Gender::Female)),
        _ => Err(()),
    }
}

/// The track a cell names: one of `tracks` by its id, Chinese or English
/// name (any case), or 专业 / 本土 for the professional and local tracks.
fn parse_track(s: &str, tracks: &[Track]) -> Option<TrackId> {
    let key = norm(s);
    if key.is_empty() {
        return None;
    }
    let short = match key.as_str() {
        "专业" => TrackId::PROFESSIONAL,
        "本土" => TrackId::LOCAL,
        _ => "",
    };
    tracks
        .iter()
        .find(|t| {
            [&t.id, &t.name, &t.name_en]
                .into_iter()
                .any(|n| !n.is_empty() && norm(n) == key)
                || t.id == short
        })
        .map(|t| TrackId::new(t.id.as_str()))
}

/// The tracks a cell may name, as a hint: ids in English, Chinese names in Chinese.
fn track_hint(tracks: &[Track]) -> (String, String) {
    let ids: Vec<&str> = tracks.iter().map(|t| t.id.as_str()).collect();
    let names: Vec<&str> = tracks.iter().map(|t| t.name.as_str()).collect();
    (ids.join("/"), names.join("/"))
}

fn parse_education(s: &str) -> Option<Education> {
    match norm(s).as_str() {
        "below_high_school" | "初中" | "初中及以下" => Some(Education::BelowHighSchool),
        "high_school" | "高中" | "中专" | "高中/中专" => Some(Education::HighSchool),
        "junior_college" | "大专" => Some(Education::JuniorCollege),
        "bachelor" | "本科" => Some(Education::Bachelor),
        "master" | "硕士" | "研究生" => Some(Education::Master),
        "doctorate" | "博士" => Some(Education::Doctorate),
        _ => None,
    }
}

fn parse_major(s: &str) -> Option<Major> {
    match norm(s).as_str() {
        "social_work" | "社会工作" | "社工" => Some(Major::SocialWork),
        "other" | "其他" => Some(Major::Other),
        _ => None,
    }
}

fn parse_level(s: &str) -> Option<Level> {
    match norm(s).as_str() {
        "assistant" | "助理社会工作师" | "初级" => Some(Level::Assistant),
        "intermediate" | "社会工作师" | "中级" => Some(Level::Intermediate),
        "senior" | "高级社会工作师" | "高级" => Some(Level::Senior),
        _ => None,
    }
}

fn parse_subject(s: &str) -> Option<Subject> {
    match norm(s).as_str() {
        "comprehensive" | "综合能力" => Some(Subject::Comprehensive),
        "practice" | "实务" => Some(Subject::Practice),
        "law_policy" | "法规与政策" => Some(Subject::LawPolicy),
        "review" | "评审" => Some(Subject::Review),
        _ => None,
    }
}

fn parse_int(s: &str) -> Option<i32> {
    let t = s.trim();
    if let Ok(v) = t.parse::<i32>() {
        return Some(v);
    }
    // Spreadsheets sometimes store whole numbers as "1985.0".
    t.strip_suffix(".0").and_then(|v| v.parse().ok())
}

/// Longest id or text cell accepted.
const MAX_CELL_CHARS: usize = super::doc::MAX_TEXT_CHARS;

/// Everything parsed from one file, ready to apply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Tables found, in file order.
    pub tables: Vec<TableKind>,
    /// People read (new or updated).
    pub people: Vec<Person>,
    /// Exam attempts read.
    pub attempts: Vec<ExamAttempt>,
    /// Ids of people not yet in the roster.
    pub new_people: Vec<String>,
    /// Ids of people already in the roster whose fields will be replaced.
    pub updated_people: Vec<String>,
    /// Attempts that replace a recorded score (same person, year, level, subject).
    pub replaced_attempts: usize,
    /// Every problem; the preview can be applied only when this is empty.
    pub problems: Vec<Problem>,
}

impl ImportPreview {
    /// True when nothing stands in the way of applying.
    #[must_use]
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Which file format to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated text.
    Csv,
    /// Excel workbook.
    Xlsx,
}

impl FileFormat {
    /// The format a file name implies (by extension); `None` if neither.
    /// Old `.xls` and `.ods` workbooks are not read: their readers build
    /// the whole grid of a sheet, which a small hostile file can make huge;
    /// Excel, WPS and LibreOffice save them as `.xlsx`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") {
            Some(FileFormat::Csv)
        } else if lower.ends_with(".xlsx") {
            Some(FileFormat::Xlsx)
        } else {
            None
        }
    }
}

/// Reads a file's tables into rows (sheet name, rows), or the problem that stops it.
pub fn read_tables(format: FileFormat, bytes: &[u8]) -> Result<Sheets, Problem> {
    read_tables_as(format, bytes, None)
}

/// [`read_tables`], with CSV read in the encoding the user named.
pub fn read_tables_as(
    format: FileFormat,
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Sheets, Problem> {
    match format {
        FileFormat::Csv => {
            if bytes.len() > MAX_CSV_BYTES {
                return Err(problem(
                    0,
                    "",
                    format!(
                        "the file is {} MiB; at most {} MiB are read",
                        bytes.len() >> 20,
                        MAX_CSV_BYTES >> 20
                    ),
                    format!(
                        "文件有 {} MiB，最多读取 {} MiB",
                        bytes.len() >> 20,
                        MAX_CSV_BYTES >> 20
                    ),
                ));
            }
            Ok(vec![(
                String::new(),
                csv_rows(&decode_text_as(bytes, encoding)?)?,
            )])
        }
        FileFormat::Xlsx => xlsx_sheets(bytes),
    }
}

/// Parses a file against a roster without changing it: every table found,
/// every problem listed. `tracks` are the scenario's tracks, the only ones
/// a people table may name (by id or by name).
#[must_use]
pub fn preview_import(
    roster: &Roster,
    tracks: &[Track],
    format: FileFormat,
    bytes: &[u8],
) -> ImportPreview {
    preview_import_as(roster, tracks, format, bytes, None)
}

/// [`preview_import`], with CSV read in the encoding the user named. The
/// preview runs every check of the import itself (a clean preview is
/// applied to a copy of the roster and that copy validated), so a dry run
/// and the import accept and refuse the same files.
#[must_use]
pub fn preview_import_as(
    roster: &Roster,
    tracks: &[Track],
    format: FileFormat,
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> ImportPreview {
    let mut preview = read_preview(roster, tracks, format, bytes, encoding);
    if preview.is_clean()
        && let Err(e) = apply_import(roster, &preview)
    {
        preview.problems.push(problem(
            0,
            "",
            e.message(Language::En),
            e.message(Language::Zh),
        ));
    }
    preview
}

fn read_preview(
    roster: &Roster,
    tracks: &[Track],
    format: FileFormat,
    bytes: &[u8],
    encoding: Option<&'static encoding_rs::Encoding>,
) -> ImportPreview {
    let mut preview = ImportPreview::default();
    let tables = match read_tables_as(format, bytes, encoding) {
        Ok(t) => t,
        Err(p) => {
            preview.problems.push(p);
            return preview;
        }
    };
    let mut found: Vec<(String, TableKind, Vec<Vec<String>>)> = Vec::new();
    for (sheet, rows) in tables {
        let Some(header) = rows.first() else {
            if format == FileFormat::Csv {
                preview
                    .problems
                    .push(problem(0, "", "the file is empty", "文件为空"));
            }
            continue;
        };
        match detect_kind(header) {
            Some(kind) => found.push((sheet, kind, rows)),
            None if format == FileFormat::Xlsx && header.iter().all(String::is_empty) => {}
            None => preview.problems.push(Problem {
                sheet,
                ..problem(
                    1,
                    "",
                    format!(
                        "unknown header; expected `{}` or `{}`",
                        PEOPLE_HEADERS.join(","),
                        ATTEMPT_HEADERS.join(",")
                    ),
                    format!(
                        "表头不正确，应为`{}`或`{}`",
                        PEOPLE_HEADERS.join(","),
                        ATTEMPT_HEADERS.join(",")
                    ),
                )
            }),
        }
    }
    if found.is_empty() && preview.problems.is_empty() {
        preview.problems.push(problem(
            0,
            "",
            "no people or exam table found",
            "未找到人员表或考试成绩表",
        ));
    }
    // People first, so attempts in the same workbook may refer to new people.
    found.sort_by_key(|(_, k, _)| *k);
    let mut new_ids: HashSet<String> = HashSet::new();
    // A set, not `person_index`: a scan per row is quadratic on 100,000 people.
    let known: HashSet<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    for (sheet, kind, rows) in &found {
        preview.tables.push(*kind);
        let before = preview.problems.len();
        match kind {
            TableKind::People => {
                let (people, problems) = parse_people(roster, tracks, &rows[1..]);
                preview.problems.extend(problems);
                for p in people {
                    if known.contains(p.id.as_str()) {
                        preview.updated_people.push(p.id.clone());
                    } else {
                        preview.new_people.push(p.id.clone());
                    }
                    new_ids.insert(p.id.clone());
                    preview.people.push(p);
                }
            }
            TableKind::Attempts => {
                let (attempts, problems) = parse_attempts(roster, &new_ids, &rows[1..]);
                preview.problems.extend(problems);
                let existing: HashSet<(&str, i32, Level, Subject)> = roster
                    .attempts
                    .iter()
                    .map(|a| (a.person.as_str(), a.year, a.level, a.subject))
                    .collect();
                preview.replaced_attempts += attempts
                    .iter()
                    .filter(|a| existing.contains(&(a.person.as_str(), a.year, a.level, a.subject)))
                    .count();
                preview.attempts.extend(attempts);
            }
        }
        for p in &mut preview.problems[before..] {
            p.sheet.clone_from(sheet);
        }
    }
    preview
}

/// Parses people rows (without the header); returns the people of clean rows
/// and one problem per bad cell. A track must be one of `tracks` (the
/// scenario's), named by its id or its Chinese or English name.
#[must_use]
pub fn parse_people(
    roster: &Roster,
    tracks: &[Track],
    rows: &[Vec<String>],
) -> (Vec<Person>, Vec<Problem>) {
    let (track_ids, track_names) = track_hint(tracks);
    let mut by_key: HashMap<String, &str> = HashMap::new();
    for t in &roster.townships {
        by_key.insert(norm(&t.id), &t.id);
        by_key.insert(norm(&t.name), &t.id);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut people = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let r = i + 2;
        let row = match shaped(r, row, PEOPLE_HEADERS.len()) {
            Ok(Some(row)) => row,
            Ok(None) => continue,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let faults = cell_faults(r, row, &PEOPLE_HEADERS);
        if !faults.is_empty() {
            problems.extend(faults);
            continue;
        }
        let before = problems.len();
        let mut bad =
            |col: &str, (en, zh): (String, String)| problems.push(problem(r, col, en, zh));
        let cell = |c: usize| row[c].as_str();
        let id = cell(0);
        if id.is_empty() {
            bad("person_id", texts("empty id", "编号为空"));
        } else if id.chars().count() > MAX_CELL_CHARS || id.chars().any(char::is_control) {
            bad(
                "person_id",
                texts(
                    "id too long or has control characters",
                    "编号过长或含控制字符",
                ),
            );
        } else if let Some(first) = seen.insert(id.to_string(), r) {
            bad(
                "person_id",
                (
                    format!("duplicate id {id} (first on row {first})"),
                    format!("编号{id}重复（首次出现在第{first}行）"),
                ),
            );
        }
        let name = cell(1);
        if name.is_empty() {
            bad("name", texts("empty name", "姓名为空"));
        } else if name.chars().count() > MAX_CELL_CHARS {
            bad("name", texts("name too long", "姓名过长"));
        }
        let gender = parse_gender(cell(2)).unwrap_or_else(|()| {
            bad(
                "gender",
                unknown(("gender", "性别"), cell(2), ("male/female, 男/女", "男/女")),
            );
            None
        });
        let birth_year = if cell(3).is_empty() {
            None
        } else {
            match parse_int(cell(3)) {
                Some(y) if (1900..=2100).contains(&y) => Some(y),
                _ => {
                    bad(
                        "birth_year",
                        (
                            format!("`{}` is not a year", cell(3)),
                            format!("`{}`不是有效年份", cell(3)),
                        ),
                    );
                    None
                }
            }
        };
        let township = if roster.townships.is_empty() {
            (!cell(4).is_empty()).then(|| cell(4).to_string())
        } else {
            by_key.get(&norm(cell(4))).map(|s| (*s).to_string())
        };
        if township.is_none() {
            bad(
                "township",
                (
                    format!("unknown township `{}`", cell(4)),
                    format!("乡镇`{}`不存在", cell(4)),
                ),
            );
        }
        let track = parse_track(cell(6), tracks);
        if track.is_none() {
            bad(
                "track",
                unknown(("track", "类别"), cell(6), (&track_ids, &track_names)),
            );
        }
        let education = parse_education(cell(7));
        if education.is_none() {
            bad(
                "education",
                unknown(("education", "学历"), cell(7), ("", "")),
            );
        }
        let major = parse_major(cell(8));
        if major.is_none() {
            bad(
                "major",
                unknown(
                    ("major", "专业"),
                    cell(8),
                    ("social_work/other", "社会工作/其他"),
                ),
            );
        }
        let mut date = |c: usize| -> Option<Date> {
            if cell(c).is_empty() {
                return None;
            }
            cell(c).parse().map_or_else(
                |_| {
                    bad(
                        PEOPLE_HEADERS[c],
                        (
                            format!("bad date `{}` (YYYY-MM-DD)", cell(c)),
                            format!("日期`{}`格式错误（应为YYYY-MM-DD）", cell(c)),
                        ),
                    );
                    None
                },
                Some,
            )
        };
        let sw_start_date = date(9);
        let hire_date = date(10);
        if problems.len() > before {
            continue;
        }
        let (Some(township), Some(track), Some(education), Some(major)) =
            (township, track, education, major)
        else {
            continue;
        };
        people.push(Person {
            id: id.to_string(),
            name: name.to_string(),
            gender,
            birth_year,
            township,
            village: cell(5).to_string(),
            track,
            education,
            major,
            sw_start_date,
            hire_date,
            station: String::new(),
            employment: Employment::Active,
        });
    }
    (people, problems)
}

/// Parses exam-attempt rows (without the header). A person must be in the
/// roster or in `also_known`.
#[must_use]
pub fn parse_attempts(
    roster: &Roster,
    also_known: &HashSet<String>,
    rows: &[Vec<String>],
) -> (Vec<ExamAttempt>, Vec<Problem>) {
    // Always checked, even against an empty roster: the roster's own
    // validation refuses an attempt of an unknown person, and a dry run
    // must say so with the row.
    let known: HashSet<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    parse_attempt_rows(rows, |id| known.contains(id) || also_known.contains(id))
}

/// Parses exam-attempt rows with a caller's test of whether a person id is known.
pub fn parse_attempt_rows(
    rows: &[Vec<String>],
    is_known: impl Fn(&str) -> bool,
) -> (Vec<ExamAttempt>, Vec<Problem>) {
    let mut seen: HashMap<(&str, i32, Level, Subject), usize> = HashMap::new();
    let mut attempts = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let r = i + 2;
        let row = match shaped(r, row, ATTEMPT_HEADERS.len()) {
            Ok(Some(row)) => row,
            Ok(None) => continue,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let faults = cell_faults(r, row, &ATTEMPT_HEADERS);
        if !faults.is_empty() {
            problems.extend(faults);
            continue;
        }
        let before = problems.len();
        let mut bad =
            |col: &str, (en, zh): (String, String)| problems.push(problem(r, col, en, zh));
        let id = row[0].as_str();
        if id.is_empty() {
            bad("person_id", texts("empty id", "编号为空"));
        } else if !is_known(id) {
            bad(
                "person_id",
                (format!("unknown person {id}"), format!("人员{id}不存在")),
            );
        }
        let year = parse_int(&row[1]).filter(|y| (2008..=2100).contains(y));
        if year.is_none() {
            bad(
                "year",
                (
                    format!("`{}` is not an exam year (2008 or later)", row[1]),
                    format!("`{}`不是有效考试年份（2008年起）", row[1]),
                ),
            );
        }
        let level = parse_level(&row[2]);
        if level.is_none() {
            bad(
                "level",
                unknown(
                    ("level", "级别"),
                    &row[2],
                    ("assistant/intermediate/senior", "助理/中级/高级"),
                ),
            );
        }
        let subject = parse_subject(&row[3]);
        if subject.is_none() {
            bad(
                "subject",
                unknown(
                    ("subject", "科目"),
                    &row[3],
                    (
                        "comprehensive/practice/law_policy",
                        "综合能力/实务/法规与政策",
                    ),
                ),
            );
        }
        if let (Some(l), Some(s)) = (level, subject)
            && !l.subjects().contains(&s)
        {
            bad(
                "subject",
                (
                    format!("level {} has no subject {}", l.id(), s.id()),
                    format!("{}级别没有{}科目", l.id(), s.id()),
                ),
            );
        }
        let score = row[4]
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && (0.0..=100.0).contains(s));
        if score.is_none() {
            bad(
                "score",
                (
                    format!("score `{}` is not a number from 0 to 100", row[4]),
                    format!("成绩`{}`不是0到100之间的数", row[4]),
                ),
            );
        }
        if problems.len() > before {
            continue;
        }
        let (Some(year), Some(level), Some(subject), Some(score)) = (year, level, subject, score)
        else {
            continue;
        };
        if let Some(first) = seen.insert((id, year, level, subject), r) {
            problems.push(problem(
                r,
                "",
                format!(
                    "duplicate result for {id} {year} {} {} (first on row {first})",
                    level.id(),
                    subject.id()
                ),
                format!(
                    "{id}在{year}年{}{}的成绩重复（首次出现在第{first}行）",
                    level.id(),
                    subject.id()
                ),
            ));
            continue;
        }
        attempts.push(ExamAttempt {
            person: id.to_string(),
            year,
            level,
            subject,
            score,
        });
    }
    (attempts, problems)
}

/// Why a preview could not be applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The preview lists problems.
    #[error("the file has {0} problem(s); nothing was imported")]
    Problems(usize),
    /// The result would not be a valid roster.
    #[error(transparent)]
    Invalid(#[from] super::doc::RosterError),
}

impl ApplyError {
    /// The error in `lang`.
    #[must_use]
    pub fn message(&self, lang: Language) -> String {
        match (self, lang) {
            (ApplyError::Problems(n), Language::Zh) => {
                format!("文件有{n}处问题，未导入任何内容")
            }
            (ApplyError::Invalid(e), _) => e.message(lang),
            (ApplyError::Problems(_), Language::En) => self.to_string(),
        }
    }
}

/// Applies a clean preview: people are added or updated (their employment,
/// station and other records kept), attempts added or their score replaced.
/// Returns the new roster; the input is untouched, so failure changes nothing.
pub fn apply_import(roster: &Roster, preview: &ImportPreview) -> Result<Roster, ApplyError> {
    if !preview.is_clean() {
        return Err(ApplyError::Problems(preview.problems.len()));
    }
    let mut out = roster.clone();
    let mut index: HashMap<String, usize> = out
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    for p in &preview.people {
        match index.get(&p.id) {
            Some(&i) => {
                let keep = &out.people[i];
                let merged = Person {
                    station: keep.station.clone(),
                    employment: keep.employment.clone(),
                    ..p.clone()
                };
                out.people[i] = merged;
            }
            None => {
                index.insert(p.id.clone(), out.people.len());
                out.people.push(p.clone());
            }
        }
    }
    let mut attempt_at: HashMap<(String, i32, Level, Subject), usize> = out
        .attempts
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.person.clone(), a.year, a.level, a.subject), i))
        .collect();
    for a in &preview.attempts {
        let key = (a.person.clone(), a.year, a.level, a.subject);
        match attempt_at.get(&key) {
            Some(&i) => out.attempts[i].score = a.score,
            None => {
                attempt_at.insert(key, out.attempts.len());
                out.attempts.push(a.clone());
            }
        }
    }
    out.validate()?;
    Ok(out)
}

/// Export settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportOptions {
    /// Random pseudonyms for person ids (names dropped), the same in every
    /// table of one export; `None` keeps ids and names.
    pub pseudonyms: Option<Pseudonyms>,
    /// Coarsen what could identify a person: birth year in 5-year bands,
    /// no village, dates to the year. Only with pseudonyms.
    pub coarsen: bool,
    /// The rows a view shows, in its order: only these people, and their
    /// exam attempts, are exported. `None` exports everyone, by id.
    pub shown: Option<Vec<RosterRow>>,
    /// Adds the certificate and status columns ([`STATUS_HEADERS`]) of the
    /// shown rows (empty cells for a person not in `shown`).
    pub status_columns: bool,
}

impl ExportOptions {
    /// Ids and names as they are.
    #[must_use]
    pub fn plain() -> Self {
        Self::default()
    }

    /// Random pseudonyms drawn from `seed` (a fresh random seed for every
    /// export, so two exports cannot be linked), coarsened or not.
    #[must_use]
    pub fn anonymised(roster: &Roster, seed: u64, coarsen: bool) -> Self {
        Self {
            pseudonyms: Some(Pseudonyms::new(roster, seed)),
            coarsen,
            ..Self::default()
        }
    }
}

/// Random pseudonyms of a roster's people for one export: eight letters and
/// digits each, drawn independently of the ids (not their rank), distinct.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pseudonyms {
    by_id: HashMap<String, String>,
}

impl Pseudonyms {
    /// Letters and digits without look-alikes (no 0/O, 1/I/L).
    const ALPHABET: &'static [u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    /// Draws a pseudonym for every person of `roster` from `seed`.
    #[must_use]
    pub fn new(roster: &Roster, seed: u64) -> Self {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut taken = HashSet::new();
        let mut by_id = HashMap::with_capacity(roster.people.len());
        for p in &roster.people {
            let code = loop {
                let code: String = (0..8)
                    .map(|_| char::from(Self::ALPHABET[rng.random_range(0..Self::ALPHABET.len())]))
                    .collect();
                if taken.insert(code.clone()) {
                    break code;
                }
            };
            by_id.insert(p.id.clone(), code);
        }
        Self { by_id }
    }

    /// The pseudonym of a person id (empty for an id not in the roster).
    #[must_use]
    pub fn of(&self, id: &str) -> &str {
        self.by_id.get(id).map_or("", String::as_str)
    }
}

/// Undoes the export escape and trims: our own exports read back unchanged.
#[must_use]
pub fn unescape_cell(s: &str) -> String {
    unescape_text(s.trim()).to_string()
}

fn opt_date(d: Option<Date>, coarsen: bool) -> Cell {
    match d {
        None => Cell::Empty,
        Some(d) if coarsen => Cell::Integer(i64::from(d.year)),
        Some(d) => Cell::text(d.to_string()),
    }
}

/// A birth year as exported: the year, or its 5-year band (`1985-1989`).
fn birth_year_cell(y: Option<i32>, coarsen: bool) -> Cell {
    match y {
        None => Cell::Empty,
        Some(y) if coarsen => {
            let from = y.div_euclid(5) * 5;
            Cell::text(format!("{from}-{}", from + 4))
        }
        Some(y) => Cell::from(y),
    }
}

/// A person's id as exported: their pseudonym when anonymising.
fn shown_id(opts: &ExportOptions, id: &str) -> Cell {
    match &opts.pseudonyms {
        Some(p) => Cell::text(p.of(id)),
        None => Cell::text(id),
    }
}

fn people_rows(roster: &Roster, opts: &ExportOptions) -> Vec<Vec<Cell>> {
    let anonymous = opts.pseudonyms.is_some();
    let coarsen = anonymous && opts.coarsen;
    let people: Vec<(&Person, Option<&RosterRow>)> = match &opts.shown {
        Some(shown) => shown
            .iter()
            .filter_map(|r| roster.people.get(r.index).map(|p| (p, Some(r))))
            .collect(),
        None => {
            let mut people: Vec<_> = roster.people.iter().map(|p| (p, None)).collect();
            people.sort_by(|a, b| a.0.id.cmp(&b.0.id));
            people
        }
    };
    let mut rows: Vec<Vec<Cell>> = people
        .into_iter()
        .map(|(p, shown)| {
            let mut row = vec![
                shown_id(opts, &p.id),
                if anonymous {
                    Cell::Empty
                } else {
                    Cell::text(p.name.clone())
                },
                Cell::text(p.gender.map_or("", |g| match g {
                    Gender::Male => "male",
                    Gender::Female => "female",
                })),
                birth_year_cell(p.birth_year, coarsen),
                Cell::text(p.township.clone()),
                if coarsen {
                    Cell::Empty
                } else {
                    Cell::text(p.village.clone())
                },
                Cell::text(p.track.id()),
                Cell::text(p.education.id()),
                Cell::text(match p.major {
                    Major::SocialWork => "social_work",
                    Major::Other => "other",
                }),
                opt_date(p.sw_start_date, coarsen),
                opt_date(p.hire_date, coarsen),
            ];
            if opts.status_columns {
                row.extend(status_cells(shown));
            }
            row
        })
        .collect();
    if anonymous {
        // Sorted ids would leak their order into the pseudonyms' rows.
        rows.sort_by(|a, b| a[0].to_csv_text().cmp(&b[0].to_csv_text()));
    }
    rows
}

/// The certificate and status cells of a shown row, as codes.
fn status_cells(shown: Option<&RosterRow>) -> [Cell; 2] {
    match shown {
        None => [Cell::Empty, Cell::Empty],
        Some(r) => [
            r.level.map_or(Cell::Empty, |l| Cell::text(l.id())),
            Cell::text(match r.status {
                StatusFilter::Active => "active",
                StatusFilter::Exited => "exited",
            }),
        ],
    }
}

/// The people table of a roster (sheet `people`): the shown rows in their
/// order, or everyone sorted by id (by pseudonym when anonymised).
#[must_use]
pub fn people_table(roster: &Roster, opts: &ExportOptions) -> Table {
    let mut header = PEOPLE_HEADERS.to_vec();
    if opts.status_columns {
        header.extend(STATUS_HEADERS);
    }
    let mut t = Table::new("people", &header);
    t.rows = people_rows(roster, opts);
    t
}

/// The exam-attempt table of a roster (sheet `attempts`), of the shown
/// people only if some are, sorted by person, year, level, subject.
#[must_use]
pub fn attempts_table(roster: &Roster, opts: &ExportOptions) -> Table {
    let shown: Option<HashSet<&str>> = opts.shown.as_ref().map(|rows| {
        rows.iter()
            .filter_map(|r| roster.people.get(r.index))
            .map(|p| p.id.as_str())
            .collect()
    });
    let mut attempts: Vec<(Cell, &ExamAttempt)> = roster
        .attempts
        .iter()
        .filter(|a| shown.as_ref().is_none_or(|s| s.contains(a.person.as_str())))
        .map(|a| (shown_id(opts, &a.person), a))
        .collect();
    attempts.sort_by(|(ia, a), (ib, b)| {
        (ia.to_csv_text(), a.year, a.level, a.subject).cmp(&(
            ib.to_csv_text(),
            b.year,
            b.level,
            b.subject,
        ))
    });
    let mut t = Table::new("attempts", &ATTEMPT_HEADERS);
    t.rows = attempts
        .into_iter()
        .map(|(id, a)| {
            vec![
                id,
                Cell::from(a.year),
                Cell::text(a.level.id()),
                Cell::text(a.subject.id()),
                Cell::number(a.score),
            ]
        })
        .collect();
    t
}

/// The smallest number of people who share every exported column of the
/// people table but the id and the name (the quasi-identifiers: gender,
/// birth year or band, township, village, track, education, major,
/// dates): the `k` of k-anonymity. `None` for an empty table.
#[must_use]
pub fn smallest_group(people: &Table) -> Option<usize> {
    let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
    for row in &people.rows {
        let key = row
            .iter()
            .skip(2)
            .map(|c| c.to_csv_text().into_owned())
            .collect();
        *groups.entry(key).or_default() += 1;
    }
    groups.values().copied().min()
}
