//! Reading and writing scenario files (RON). Parse errors carry the line and
//! column of the problem; writing goes through a temporary file so a failed
//! save never destroys the previous version.

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
    /// The text is not a valid scenario.
    #[error("line {line}, column {column}: {message}")]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

/// Parses a scenario from RON text.
pub fn from_ron_str(text: &str) -> Result<Scenario, LoadError> {
    parse_scenario(text).map_err(|e| LoadError::Parse {
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })
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
    fn parse_batch<T: serde::de::DeserializeOwned>(
        text: &str,
        batch: &[std::ops::Range<usize>],
        k: usize,
        out: &Batches<T>,
    ) {
        let parsed = batch
            .iter()
            .map(|e| ron::Options::default().from_str(&text[e.clone()]).ok())
            .collect();
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
                scope.spawn(move |_| parse_batch(text, &batch, k, townships));
            } else {
                scope.spawn(move |_| parse_batch(text, &batch, k, stock));
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

/// Finding the long lists of a scenario text and their elements without
/// parsing them: one scan that knows RON's strings, characters, comments
/// and brackets.
mod split {
    use std::ops::Range;

    /// An open bracket: the key it follows (if any), where it is, which
    /// wanted list it opens (if any), and that list's elements so far and
    /// where its current element began.
    struct Open<'a> {
        key: Option<&'a str>,
        at: usize,
        wanted: Option<usize>,
        elements: Vec<Range<usize>>,
        element: usize,
    }

    /// The contents (the byte range between the brackets) of
    /// `county.townships` (0) and `initial_stock` (1); `None` unless each
    /// is found once and the text scans cleanly (no attribute, nothing
    /// left open). Their elements go to `found_elements(list, ranges)` in
    /// order, `batch` at a time (the last batch of a list may be shorter).
    pub(super) fn long_lists(
        text: &str,
        batch: usize,
        found_elements: &mut dyn FnMut(usize, Vec<Range<usize>>),
    ) -> Option<[Range<usize>; 2]> {
        let b = text.as_bytes();
        let mut found: [Option<Range<usize>>; 2] = [None, None];
        let mut stack: Vec<Open<'_>> = Vec::new();
        // The key of a `key:` just read, and the identifier just read.
        let mut key: Option<&str> = None;
        let mut ident: Option<&str> = None;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let mut next_ident = None;
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => {
                    i += 1;
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    let mut depth = 1;
                    i += 2;
                    while depth > 0 {
                        match (b.get(i)?, b.get(i + 1)) {
                            (b'/', Some(b'*')) => (depth, i) = (depth + 1, i + 2),
                            (b'*', Some(b'/')) => (depth, i) = (depth - 1, i + 2),
                            _ => i += 1,
                        }
                    }
                    continue;
                }
                b'"' => {
                    i += 1;
                    loop {
                        match b.get(i)? {
                            b'\\' => i += 2,
                            b'"' => break,
                            _ => i += 1,
                        }
                    }
                    i += 1;
                }
                b'\'' => {
                    i += 1;
                    if b.get(i)? == &b'\\' {
                        i += 1;
                    }
                    i += 1;
                    while b.get(i)? != &b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
                b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) => {
                    // a raw string r#"..."#
                    let mut j = i + 1;
                    let mut hashes = 0;
                    while b.get(j) == Some(&b'#') {
                        hashes += 1;
                        j += 1;
                    }
                    if b.get(j) != Some(&b'"') {
                        return None;
                    }
                    j += 1;
                    while !(b.get(j)? == &b'"'
                        && b.get(j + 1..j + 1 + hashes)?.iter().all(|&h| h == b'#'))
                    {
                        j += 1;
                    }
                    i = j + 1 + hashes;
                }
                b'(' | b'[' | b'{' => {
                    let path: Vec<Option<&str>> = stack.iter().map(|o| o.key).collect();
                    let wanted = match (path.as_slice(), key) {
                        ([None, Some("county")], Some("townships")) if c == b'[' => Some(0),
                        ([None], Some("initial_stock")) if c == b'[' => Some(1),
                        _ => None,
                    };
                    stack.push(Open {
                        key,
                        at: i,
                        wanted,
                        elements: Vec::new(),
                        element: i + 1,
                    });
                    i += 1;
                    key = None;
                }
                b')' | b']' | b'}' => {
                    let open = stack.pop()?;
                    if let Some(w) = open.wanted {
                        if found[w].is_some() {
                            return None;
                        }
                        let mut elements = open.elements;
                        // the last element, unless only blanks follow the last comma
                        if text[open.element..i].chars().any(|ch| !ch.is_whitespace()) {
                            elements.push(open.element..i);
                        }
                        if !elements.is_empty() {
                            found_elements(w, elements);
                        }
                        found[w] = Some(open.at + 1..i);
                    }
                    i += 1;
                    key = None;
                }
                b':' => {
                    key = ident;
                    i += 1;
                }
                b',' => {
                    if let Some(open) = stack.last_mut()
                        && let Some(w) = open.wanted
                    {
                        open.elements.push(open.element..i);
                        open.element = i + 1;
                        if open.elements.len() >= batch {
                            found_elements(w, std::mem::take(&mut open.elements));
                        }
                    }
                    key = None;
                    i += 1;
                }
                b'#' => return None, // attributes (`#![enable(...)]`) change the reading
                _ if c == b'_' || c.is_ascii_alphabetic() => {
                    let start = i;
                    while i < b.len() && (b[i] == b'_' || b[i].is_ascii_alphanumeric()) {
                        i += 1;
                    }
                    next_ident = Some(&text[start..i]);
                }
                _ => {
                    // numbers, signs and anything else: up to the next
                    // character that matters
                    i += 1;
                    while i < b.len()
                        && (b[i].is_ascii_alphanumeric()
                            || b[i] == b'.'
                            || b[i] == b'_'
                            || b[i] >= 0x80)
                    {
                        i += 1;
                    }
                }
            }
            ident = next_ident;
        }
        if !stack.is_empty() {
            return None;
        }
        let [Some(t), Some(s)] = found else {
            return None;
        };
        Some([t, s])
    }
}

/// Reads and parses a scenario file.
pub fn load(path: &Path) -> Result<Scenario, LoadError> {
    let text = std::fs::read_to_string(path)?;
    from_ron_str(&text)
}

/// The embedded default county scenario.
pub fn default_scenario() -> Result<Scenario, LoadError> {
    from_ron_str(DEFAULT_COUNTY_RON)
}

/// Serialises a scenario to pretty RON.
pub fn to_ron_string(sc: &Scenario) -> Result<String, ron::Error> {
    let cfg = ron::ser::PrettyConfig::new()
        .depth_limit(6)
        .indentor("    ".to_string())
        .struct_names(false);
    ron::ser::to_string_pretty(sc, cfg)
}

/// Writes a scenario: to `path.tmp` first, the old file kept as `path.bak`, then renamed.
pub fn save(sc: &Scenario, path: &Path) -> Result<(), SaveError> {
    let text = to_ron_string(sc).map_err(|e| SaveError::Serialise(e.to_string()))?;
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, text)?;
    if path.exists() {
        std::fs::copy(path, path.with_extension("ron.bak"))?;
    }
    std::fs::rename(&tmp, path)?;
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
        sc.county.townships = std::sync::Arc::new(tws);
        let text = to_ron_string(&sc).unwrap();
        text.replacen(
            "townships: [",
            "townships: /* a [ block /* nested ] */ comment */ [ // line ] comment\n",
            1,
        )
        .replacen("initial_stock: [", "initial_stock: [ /* ( */", 1)
    }

    #[test]
    fn lists_read_in_parts_equal_the_plain_reading() {
        let text = tricky_text();
        assert!(text.contains("nested ] */ comment */ [ // line ] comment"));
        assert!(text.contains("initial_stock: [ /* ( */"));
        let plain = ron::Options::default().from_str::<Scenario>(&text).unwrap();
        let parts = parse_in_parts(&text).expect("the text splits");
        assert_eq!(parts, plain);
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
