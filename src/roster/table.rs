//! Import and export of roster tables as CSV or xlsx, the formats trainers
//! exchange with Excel and WPS.
//!
//! Import is two steps: [`preview_import`] parses a file and lists every
//! problem (row, column, reason in English and Chinese) without touching the
//! roster; [`apply_import`] then applies a clean preview in one go, so a file
//! is never half-imported. CSV is read as UTF-8 (with or without BOM) or GBK,
//! and written as UTF-8 with a BOM. Export never writes a text cell starting
//! with `=`, `+`, `-` or `@` unescaped, and can drop names and ids.

use super::date::Date;
use super::doc::{
    Education, Employment, ExamAttempt, Gender, Level, Major, Person, Roster, Subject, Track,
};
use super::text::Language;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "sheet {}, ", self.sheet)?;
        }
        write!(f, "row {}", self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.reason_en)
    }
}

fn problem(row: usize, column: &str, en: impl Into<String>, zh: impl Into<String>) -> Problem {
    Problem {
        sheet: String::new(),
        row,
        column: column.to_string(),
        reason_en: en.into(),
        reason_zh: zh.into(),
    }
}

/// A fixed reason in English and Chinese.
fn texts(en: &str, zh: &str) -> (String, String) {
    (en.to_string(), zh.to_string())
}

/// "unknown WHAT `VALUE` (HINT)" in English and Chinese; an empty hint is left out.
fn unknown(what: (&str, &str), value: &str, hint: (&str, &str)) -> (String, String) {
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

/// Decodes CSV bytes: UTF-8 (a BOM is dropped) or, failing that, GBK.
pub fn decode_text(bytes: &[u8]) -> Result<String, Problem> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(body);
    if had_errors {
        return Err(problem(
            0,
            "",
            "the file is neither UTF-8 nor GBK text",
            "文件编码既不是UTF-8也不是GBK",
        ));
    }
    Ok(text.into_owned())
}

/// Splits CSV text into rows of trimmed cells.
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
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

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => unescape_cell(s),
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

/// Reads every sheet of an xlsx (or xls/ods) workbook as rows of text cells.
pub fn xlsx_sheets(bytes: &[u8]) -> Result<Sheets, Problem> {
    use calamine::Reader;
    let unreadable = |e: String| {
        problem(
            0,
            "",
            format!("not a readable workbook: {e}"),
            format!("无法读取工作簿：{e}"),
        )
    };
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| unreadable(e.to_string()))?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| unreadable(e.to_string()))?;
        let rows = range
            .rows()
            .map(|r| r.iter().map(cell_text).collect::<Vec<_>>())
            .collect();
        out.push((name, rows));
    }
    Ok(out)
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

fn parse_track(s: &str) -> Option<Track> {
    match norm(s).as_str() {
        "professional" | "专业" | "专业人才" => Some(Track::Professional),
        "local" | "本土" | "本土人才" => Some(Track::Local),
        _ => None,
    }
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
const MAX_CELL_CHARS: usize = 200;

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
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") {
            Some(FileFormat::Csv)
        } else if lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".ods") {
            Some(FileFormat::Xlsx)
        } else {
            None
        }
    }
}

/// Reads a file's tables into rows (sheet name, rows), or the problem that stops it.
pub fn read_tables(format: FileFormat, bytes: &[u8]) -> Result<Sheets, Problem> {
    match format {
        FileFormat::Csv => Ok(vec![(String::new(), csv_rows(&decode_text(bytes)?)?)]),
        FileFormat::Xlsx => xlsx_sheets(bytes),
    }
}

/// Parses a file against a roster without changing it: every table found,
/// every problem listed.
#[must_use]
pub fn preview_import(roster: &Roster, format: FileFormat, bytes: &[u8]) -> ImportPreview {
    let mut preview = ImportPreview::default();
    let tables = match read_tables(format, bytes) {
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
                let (people, problems) = parse_people(roster, &rows[1..]);
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
/// and one problem per bad cell.
#[must_use]
pub fn parse_people(roster: &Roster, rows: &[Vec<String>]) -> (Vec<Person>, Vec<Problem>) {
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
        let track = parse_track(cell(6));
        if track.is_none() {
            bad(
                "track",
                unknown(
                    ("track", "类别"),
                    cell(6),
                    ("professional/local", "专业/本土"),
                ),
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
    let known: HashSet<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    let check_people = !(known.is_empty() && also_known.is_empty());
    parse_attempt_rows(rows, |id| {
        !check_people || known.contains(id) || also_known.contains(id)
    })
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Drop names and replace person ids by row numbers (consistent between tables).
    pub anonymise: bool,
}

/// Makes a text cell safe for spreadsheets: a leading `=`, `+`, `-`, `@`
/// (or tab / carriage return) is escaped with an apostrophe so it is never
/// read as a formula.
#[must_use]
pub fn escape_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Undoes [`escape_cell`] and trims: our own exports read back unchanged.
#[must_use]
pub fn unescape_cell(s: &str) -> String {
    let t = s.trim();
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => t.to_string(),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

fn pseudonyms(roster: &Roster) -> BTreeMap<&str, String> {
    let mut ids: Vec<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.into_iter()
        .enumerate()
        .map(|(i, id)| (id, format!("{}", i + 1)))
        .collect()
}

/// A person's id as exported: their pseudonym when anonymising.
fn shown_id(pseudonyms: &BTreeMap<&str, String>, opts: ExportOptions, id: &str) -> String {
    if opts.anonymise {
        pseudonyms.get(id).cloned().unwrap_or_default()
    } else {
        id.to_string()
    }
}

/// A table ready to write: header and text rows (numbers as text).
#[derive(Debug, Clone, PartialEq)]
pub struct TableOut {
    /// Header cells.
    pub header: Vec<&'static str>,
    /// Rows of cells, unescaped.
    pub rows: Vec<Vec<String>>,
    /// Columns holding numbers (written as numbers in xlsx).
    pub numeric_columns: BTreeSet<usize>,
}

/// The people table of a roster, sorted by id.
#[must_use]
pub fn people_table(roster: &Roster, opts: ExportOptions) -> TableOut {
    let names = pseudonyms(roster);
    let mut people: Vec<&Person> = roster.people.iter().collect();
    people.sort_by(|a, b| a.id.cmp(&b.id));
    let rows = people
        .into_iter()
        .map(|p| {
            let id = shown_id(&names, opts, &p.id);
            let name = if opts.anonymise {
                String::new()
            } else {
                p.name.clone()
            };
            vec![
                id,
                name,
                p.gender
                    .map_or("", |g| match g {
                        Gender::Male => "male",
                        Gender::Female => "female",
                    })
                    .to_string(),
                opt(p.birth_year),
                p.township.clone(),
                p.village.clone(),
                p.track.id().to_string(),
                p.education.id().to_string(),
                match p.major {
                    Major::SocialWork => "social_work",
                    Major::Other => "other",
                }
                .to_string(),
                opt(p.sw_start_date),
                opt(p.hire_date),
            ]
        })
        .collect();
    TableOut {
        header: PEOPLE_HEADERS.to_vec(),
        rows,
        numeric_columns: [3].into_iter().collect(),
    }
}

/// The exam-attempt table of a roster, sorted by person, year, level, subject.
#[must_use]
pub fn attempts_table(roster: &Roster, opts: ExportOptions) -> TableOut {
    let names = pseudonyms(roster);
    let mut attempts: Vec<&ExamAttempt> = roster.attempts.iter().collect();
    attempts.sort_by(|a, b| {
        (&a.person, a.year, a.level, a.subject).cmp(&(&b.person, b.year, b.level, b.subject))
    });
    let rows = attempts
        .into_iter()
        .map(|a| {
            let id = shown_id(&names, opts, &a.person);
            vec![
                id,
                a.year.to_string(),
                a.level.id().to_string(),
                a.subject.id().to_string(),
                a.score.to_string(),
            ]
        })
        .collect();
    TableOut {
        header: ATTEMPT_HEADERS.to_vec(),
        rows,
        numeric_columns: [1, 4].into_iter().collect(),
    }
}

/// CSV bytes (UTF-8 with BOM) of a table; every cell escaped.
pub fn csv_bytes(table: &TableOut) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(&table.header)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| escape_cell(c)))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// An xlsx workbook with one sheet per table (`people`, `attempts`).
pub fn xlsx_bytes(tables: &[(&str, TableOut)]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, table) in tables {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        for (c, h) in table.header.iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let number = table
                    .numeric_columns
                    .contains(&c)
                    .then(|| cell.parse::<f64>().ok())
                    .flatten();
                match number {
                    Some(v) => ws.write_number(r, c as u16, v)?,
                    None if cell.is_empty() => ws,
                    None => ws.write_string(r, c as u16, escape_cell(cell))?,
                };
            }
        }
    }
    wb.save_to_buffer()
}
