//! Reading and writing scenario files (RON). Parse errors carry the line and
//! column of the problem (invalid UTF-8 included); writing goes through the
//! safe write so a failed save never destroys the previous version.

use super::catalog::labels::named_field;
use super::scenario::Scenario;
use std::path::Path;
use thiserror::Error;

/// The embedded default scenario: a typical rural county.
pub const DEFAULT_COUNTY_RON: &str = include_str!("../../assets/default_county.ron");

/// Why a scenario could not be read.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the file: {source}")]
    Io {
        /// The underlying error.
        #[from]
        source: std::io::Error,
    },
    /// The file is bigger than [`MAX_SCENARIO_BYTES`].
    #[error("the file is {mib} MiB; a scenario has at most {max_mib} MiB")]
    TooBig {
        /// Size of the file, MiB.
        mib: u64,
        /// The limit, MiB.
        max_mib: u64,
    },
    /// The text is not a valid scenario.
    #[error("line {line}, column {column}: {message}")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// What is wrong, in Chinese.
        message_zh: String,
    },
}

impl LoadError {
    /// The message in Chinese (`chinese`) or English.
    #[must_use]
    pub fn text(&self, chinese: bool) -> String {
        match self {
            Self::Io { source } if chinese => format!("无法读取文件（{source}）"),
            Self::TooBig { mib, max_mib } if chinese => {
                format!("文件有 {mib} MiB，方案文件最多 {max_mib} MiB")
            }
            Self::Parse {
                line,
                column,
                message_zh,
                ..
            } if chinese => format!("第 {line} 行第 {column} 列：{message_zh}"),
            other => other.to_string(),
        }
    }
}

/// Parses a scenario from RON text.
pub fn from_ron_str(text: &str) -> Result<Scenario, LoadError> {
    use crate::exchange::text::clean_message;
    parse_scenario(text).map_err(|e| LoadError::Parse {
        line: e.span.start.line,
        column: e.span.start.col,
        message: clean_message(&reading_error_en(&e.code)),
        message_zh: clean_message(&reading_error_zh(&e.code)),
    })
}

/// The fields a record has, each with its label where the catalog names it.
fn fields(outer: Option<&str>, names: &[&str], chinese: bool, sep: &str) -> String {
    names
        .iter()
        .map(|n| named_field(outer, n, chinese))
        .collect::<Vec<_>>()
        .join(sep)
}

/// What the RON reader's error says, in English: its own text, except that
/// the fields of an unknown, missing or repeated field are named by their
/// label as well as the name written in the file.
#[must_use]
pub fn reading_error_en(code: &ron::error::Error) -> String {
    use ron::error::Error as E;
    let within =
        |outer: &Option<String>| outer.as_ref().map_or(String::new(), |o| format!(" in {o}"));
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}; the fields are: {}",
            within(outer),
            fields(outer.as_deref(), expected, false, ", ")
        ),
        E::MissingStructField { field, outer } => format!(
            "missing field {}{}",
            named_field(outer.as_deref(), field, false),
            within(outer)
        ),
        E::DuplicateStructField { field, outer } => format!(
            "field {} is given twice{}",
            named_field(outer.as_deref(), field, false),
            within(outer)
        ),
        other => other.to_string(),
    }
}

/// What the RON reader's error says, in Chinese (its own text is English);
/// the few rare errors without a translation keep the English text.
#[must_use]
pub fn reading_error_zh(code: &ron::error::Error) -> String {
    use ron::error::Error as E;
    let list = |names: &[&str]| names.join("、");
    match code {
        E::Eof => "文件意外结束".into(),
        E::ExpectedArray => "此处应为列表 [ … ]".into(),
        E::ExpectedArrayEnd => "列表缺少结尾的 ]".into(),
        E::ExpectedBoolean => "此处应为 true 或 false".into(),
        E::ExpectedComma => "缺少逗号".into(),
        E::ExpectedChar => "此处应为单个字符".into(),
        E::ExpectedFloat => "此处应为数字".into(),
        E::FloatUnderscore | E::UnderscoreAtBeginning => "数字中的下划线位置不对".into(),
        E::ExpectedInteger => "此处应为整数".into(),
        E::ExpectedOption => "此处应为 Some(…) 或 None".into(),
        E::ExpectedOptionEnd => "Some(…) 缺少结尾的 )".into(),
        E::ExpectedMap => "此处应为映射 { … }".into(),
        E::ExpectedMapColon => "映射中缺少冒号 :".into(),
        E::ExpectedMapEnd => "映射缺少结尾的 }".into(),
        E::ExpectedStructLike => "此处应为结构 ( … )".into(),
        E::ExpectedNamedStructLike(name) => format!("此处应为结构 {name}( … )"),
        E::ExpectedStructLikeEnd => "结构缺少结尾的 )".into(),
        E::ExpectedUnit => "此处应为 ()".into(),
        E::ExpectedString => "此处应为带引号的文字".into(),
        E::ExpectedStringEnd => "文字缺少结尾的引号".into(),
        E::ExpectedIdentifier => "此处应为字段名".into(),
        E::InvalidEscape(what) => format!("无效的转义字符（{what}）"),
        E::IntegerOutOfBounds => "整数超出范围".into(),
        E::UnclosedBlockComment => "块注释没有结束（缺少 */）".into(),
        E::UnexpectedChar(c) => format!("意外的字符 '{c}'"),
        E::TrailingCharacters => "内容结束后还有多余的字符".into(),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => format!("未知的取值 `{found}`，可用的取值：{}", list(expected)),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "未知的字段 `{found}`，可用的字段：{}",
            fields(outer.as_deref(), expected, true, "、")
        ),
        E::MissingStructField { field, outer } => {
            format!("缺少字段 {}", named_field(outer.as_deref(), field, true))
        }
        E::DuplicateStructField { field, outer } => {
            format!("字段 {} 重复", named_field(outer.as_deref(), field, true))
        }
        E::ExceededRecursionLimit => "嵌套层数过多".into(),
        other => other.to_string(),
    }
}

/// Texts at least this long have their long lists parsed in parallel.
const PARALLEL_PARSE_BYTES: usize = 4 << 20;

/// Parses scenario text with the RON reader. A big file's township and
/// initial-stock lists (nearly all of a national file) are cut into their
/// elements, which are parsed in parallel (rayon); if the text cannot be
/// cut that way, or any part fails, the whole text is parsed in one piece,
/// so errors (and their places) are exactly those of the plain reader.
pub fn parse_scenario(text: &str) -> Result<Scenario, ron::error::SpannedError> {
    if text.len() >= PARALLEL_PARSE_BYTES
        && let Some(sc) = parse_in_parts(text)
    {
        return Ok(sc);
    }
    ron::Options::default().from_str::<Scenario>(text)
}

/// Elements of a long list parsed by one task.
const PARSE_BATCH: usize = 512;

/// Parsed batches of one long list, by batch number (`None`: a batch
/// failed).
type Batches<T> = std::sync::Mutex<Vec<(usize, Option<Vec<T>>)>>;

/// The parallel reading of [`parse_scenario`]; `None` if it does not apply.
/// The scan hands out batches of elements as it finds them, so the other
/// threads parse while it goes on.
fn parse_in_parts(text: &str) -> Option<Scenario> {
    use super::scenario::{InitialStock, Township};
    /// Parses batch `k` of a list's elements into `out`.
    fn parse_batch<T>(
        text: &str,
        batch: &[std::ops::Range<usize>],
        k: usize,
        read: fn(&str) -> Option<T>,
        out: &Batches<T>,
    ) {
        let parsed = batch.iter().map(|e| read(text.get(e.clone())?)).collect();
        if let Ok(mut b) = out.lock() {
            b.push((k, parsed));
        }
    }
    fn joined<T>(batches: Batches<T>, count: usize) -> Option<Vec<T>> {
        let mut batches = batches.into_inner().ok()?;
        if batches.len() != count {
            return None;
        }
        batches.sort_by_key(|b| b.0);
        let mut out = Vec::new();
        for (_, b) in batches {
            out.extend(b?);
        }
        Some(out)
    }
    let townships: Batches<Township> = std::sync::Mutex::new(Vec::new());
    let stock: Batches<InitialStock> = std::sync::Mutex::new(Vec::new());
    let mut counts = [0usize; 2];
    let mut head = None;
    rayon::scope(|scope| {
        let (townships, stock) = (&townships, &stock);
        let lists = split::long_lists(text, PARSE_BATCH, &mut |which, batch| {
            let k = counts[which];
            counts[which] += 1;
            if which == 0 {
                scope.spawn(move |_| parse_batch(text, &batch, k, plain::township, townships));
            } else {
                scope.spawn(move |_| parse_batch(text, &batch, k, plain::initial_stock, stock));
            }
        });
        // The rest of the document with both lists emptied.
        head = lists.and_then(|[tw, st]| {
            let (first, second) = if tw.start < st.start {
                (tw, st)
            } else {
                (st, tw)
            };
            let mut rest = String::with_capacity(text.len() - first.len() - second.len());
            rest.push_str(&text[..first.start]);
            rest.push_str(&text[first.end..second.start]);
            rest.push_str(&text[second.end..]);
            ron::Options::default().from_str::<Scenario>(&rest).ok()
        });
    });
    let mut sc = head?;
    if !sc.county.townships.is_empty() || !sc.initial_stock.is_empty() {
        return None;
    }
    sc.county.townships = std::sync::Arc::new(joined(townships, counts[0])?);
    sc.initial_stock = std::sync::Arc::new(joined(stock, counts[1])?);
    Some(sc)
}

mod plain;
mod split;

/// Largest scenario file read, bytes: eight times a national file (38,700
/// townships, 503,100 villages: 122 MB).
pub const MAX_SCENARIO_BYTES: u64 = 1 << 30;

/// Reads a scenario file's text: refused before reading when bigger than
/// [`MAX_SCENARIO_BYTES`], and with the line and column of the first bad
/// byte when it is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_SCENARIO_BYTES {
        return Err(LoadError::TooBig {
            mib: size >> 20,
            max_mib: MAX_SCENARIO_BYTES >> 20,
        });
    }
    let bytes = std::fs::read(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) =
            crate::exchange::text::line_column(e.as_bytes(), e.utf8_error().valid_up_to());
        LoadError::Parse {
            line,
            column,
            message: "the file is not UTF-8 text here (save it as UTF-8)".into(),
            message_zh: "文件此处不是 UTF-8 文本（请另存为 UTF-8）".into(),
        }
    })
}

/// Reads and parses a scenario file.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    from_ron_str(&read_text(path)?)
}

/// The embedded default county scenario.
pub fn default_scenario() -> Result<Scenario, LoadError> {
    from_ron_str(DEFAULT_COUNTY_RON)
}

/// Serialises a scenario to pretty RON.
pub fn to_ron_string(sc: &Scenario) -> Result<String, ron::Error> {
    let cfg = ron::ser::PrettyConfig::new()
        // The same bytes on every system (ron would end lines with "\r\n" on Windows).
        .new_line("\n")
        .depth_limit(6)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(sc, cfg)
}

/// Writes a scenario through the safe write (whole or not at all); the
/// previous file is kept, whole, as `NAME.bak`.
pub fn save(sc: &Scenario, path: &Path) -> Result<(), SaveError> {
    let text = to_ron_string(sc).map_err(|e| SaveError::Serialise(e.to_string()))?;
    crate::exchange::safe_write::copy_whole(path, &path.with_extension("ron.bak"))?;
    crate::exchange::safe_write::write_bytes(path, text.as_bytes())?;
    Ok(())
}

/// Why a scenario could not be written.
#[derive(Debug, Error)]
pub enum SaveError {
    /// The scenario could not be turned into text.
    #[error("cannot serialise the scenario: {0}")]
    Serialise(String),
    /// The file could not be written.
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// A synthetic county written out, with comments, escapes and
    /// brackets inside strings and comments where the scan must not be
    /// fooled.
    fn tricky_text() -> String {
        let mut sc = crate::model::generate::synthetic(40, 3, 7).unwrap();
        let mut tws = (*sc.county.townships).clone();
        tws[1].name = "乡 \"(quoted)\" [x], {y} // not a comment".into();
        tws[2].villages[0].name = "村 'a' \\ ]".into();
        tws[3].villages[1].name = "RAW".into();
        sc.county.townships = std::sync::Arc::new(tws);
        let text = to_ron_string(&sc).unwrap();
        text.replacen(
            "townships: [",
            "townships: /* a [ block /* nested ] */ comment */ [ // line ] comment\n",
            1,
        )
        .replacen("initial_stock: [", "initial_stock: [ /* ( */", 1)
        // a raw string ending in a backslash (no escape in a raw string)
        .replacen("\"RAW\"", "r\"raw ] ( \\\"", 1)
    }

    #[test]
    fn lists_read_in_parts_equal_the_plain_reading() {
        let text = tricky_text();
        assert!(text.contains("nested ] */ comment */ [ // line ] comment"));
        assert!(text.contains("initial_stock: [ /* ( */"));
        let plain = ron::Options::default().from_str::<Scenario>(&text).unwrap();
        let parts = parse_in_parts(&text).expect("the text splits");
        assert_eq!(parts, plain);
        assert_eq!(parts.county.townships[3].villages[1].name, "raw ] ( \\");
        assert_eq!(parts.county.townships.len(), 41);
        assert!(!parts.initial_stock.is_empty());
    }

    #[test]
    fn text_that_cannot_be_split_falls_back_to_the_plain_reading() {
        let text = tricky_text();
        // an attribute changes how the text reads
        assert!(parse_in_parts(&format!("#![enable(implicit_some)]\n{text}")).is_none());
        // an unfinished string
        assert!(parse_in_parts(&format!("{text} \"")).is_none());
        // a broken element: the split reading gives up, the plain one reports it
        let broken = text.replacen("population: ", "population: x", 1);
        assert!(parse_in_parts(&broken).is_none());
        let err = parse_scenario(&broken).unwrap_err();
        assert!(err.span.start.line > 1);
    }
}
