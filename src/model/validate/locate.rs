//! A position index over RON text: for every field path (`stages[3].exam.to`,
//! `budget.sources[0].by_year.2026`) the place where its value starts and
//! ends. Used to point validation problems at the right line and column.
//!
//! The scanner is deliberately forgiving: it reads as much structure as it
//! can from broken text, never fails and never panics, so it also serves
//! files that `ron` itself rejects (the path of a parse error comes from it).

use std::collections::BTreeMap;

/// A 1-based line and column (columns count characters, as `ron` does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Nesting deeper than this is skipped without indexing, so hostile input
/// cannot exhaust the stack.
const MAX_DEPTH: usize = 96;

/// Formats one map key as a path segment: `.key` for plain identifiers,
/// `["key"]` for anything else (spaces, dots, Chinese ids).
#[must_use]
pub fn key_segment(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!(".{key}")
    } else {
        format!("[{key:?}]")
    }
}

/// Joins a parent path and a field name.
#[must_use]
pub fn field_path(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_string()
    } else {
        format!("{parent}.{field}")
    }
}

/// Joins a parent path and a list index.
#[must_use]
pub fn index_path(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// Joins a parent path and a map key.
#[must_use]
pub fn key_path(parent: &str, key: &str) -> String {
    let seg = key_segment(key);
    match seg.strip_prefix('.') {
        Some(plain) => field_path(parent, plain),
        None => format!("{parent}{seg}"),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    Ident(String),
    Str(String),
    /// Numbers, chars, byte strings and anything unrecognised.
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// Field paths of a RON document mapped to the byte range of their values.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    spans: BTreeMap<String, (usize, usize)>,
    line_starts: Vec<usize>,
    text_len: usize,
    /// Character count of each line (without its newline).
    line_chars: Vec<usize>,
    /// Byte ranges of the tokens, in order (comments and whitespace excluded).
    token_spans: Vec<(usize, usize)>,
    text: String,
}

impl TextIndex {
    /// Indexes `text`. Never fails: broken text gives a partial index.
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        let line_chars = text.split('\n').map(|l| l.chars().count()).collect();
        let tokens = tokenize(text);
        let mut parser = Parser {
            text,
            tokens: &tokens,
            at: 0,
            spans: BTreeMap::new(),
        };
        parser.skip_attributes();
        parser.value("", 0);
        Self {
            spans: parser.spans,
            token_spans: tokens.iter().map(|t| (t.start, t.end)).collect(),
            line_starts,
            text_len: text.len(),
            line_chars,
            text: text.to_string(),
        }
    }

    /// Where the value of `path` starts, if the text holds it.
    #[must_use]
    pub fn position(&self, path: &str) -> Option<Position> {
        self.spans
            .get(path)
            .map(|&(start, _)| self.offset_position(start))
    }

    /// Where the value of `path` starts, or of its nearest ancestor that the
    /// text holds (a field left at its default points at its parent), or
    /// the start of the text.
    #[must_use]
    pub fn position_or_ancestor(&self, path: &str) -> Position {
        let mut p = path;
        loop {
            if let Some(pos) = self.position(p) {
                return pos;
            }
            match parent(p) {
                Some(up) => p = up,
                None => {
                    let start = self.spans.get("").map_or(0, |s| s.0);
                    return self.offset_position(start);
                }
            }
        }
    }

    /// The start of the token holding `pos`, or of the next token when `pos` is
    /// in whitespace or a comment (parse errors often point just before the
    /// offending value).
    #[must_use]
    pub fn next_token(&self, pos: Position) -> Position {
        let offset = self.position_offset(pos);
        let i = self.token_spans.partition_point(|&(_, end)| end <= offset);
        match self.token_spans.get(i) {
            Some(&(start, _)) => self.offset_position(start),
            None => self.clamp(pos),
        }
    }

    /// The innermost indexed path whose value contains `pos`
    /// (the empty string for the whole document).
    #[must_use]
    pub fn path_at(&self, pos: Position) -> String {
        let offset = self.position_offset(pos);
        let mut best: Option<(&String, usize)> = None;
        for (path, &(start, end)) in &self.spans {
            if start <= offset && offset < end.max(start + 1) {
                let len = end.saturating_sub(start);
                if best.is_none_or(|(_, l)| len < l) {
                    best = Some((path, len));
                }
            }
        }
        best.map(|(p, _)| p.clone()).unwrap_or_default()
    }

    /// All indexed paths with their positions, in path order.
    pub fn paths(&self) -> impl Iterator<Item = (&str, Position)> {
        self.spans
            .iter()
            .map(|(p, &(s, _))| (p.as_str(), self.offset_position(s)))
    }

    /// The source text of the value at `path`.
    #[must_use]
    pub fn value_text(&self, path: &str) -> Option<&str> {
        let &(s, e) = self.spans.get(path)?;
        self.text.get(s..e)
    }

    /// The byte range of the value at `path`.
    #[must_use]
    pub fn byte_range(&self, path: &str) -> Option<std::ops::Range<usize>> {
        self.spans.get(path).map(|&(s, e)| s..e)
    }

    /// Converts a byte offset into a line and column.
    #[must_use]
    pub fn offset_position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text_len);
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position { line, column }
    }

    /// Clamps a position to a valid place in the text (line in range, column
    /// at most one past the end of its line).
    #[must_use]
    pub fn clamp(&self, pos: Position) -> Position {
        let line = pos.line.clamp(1, self.line_starts.len());
        let max_col = self.line_chars.get(line - 1).copied().unwrap_or(0) + 1;
        Position {
            line,
            column: pos.column.clamp(1, max_col),
        }
    }

    fn position_offset(&self, pos: Position) -> usize {
        let pos = self.clamp(pos);
        let start = self.line_starts.get(pos.line - 1).copied().unwrap_or(0);
        let rest = self.text.get(start..).unwrap_or("");
        rest.char_indices()
            .nth(pos.column - 1)
            .map_or(self.text_len, |(i, _)| start + i)
    }
}

/// The parent of a path (`a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``), `None` for the root.
#[must_use]
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    if path.ends_with(']') {
        // Find the matching `[`, skipping over a quoted key.
        let bytes = path.as_bytes();
        let mut i = bytes.len() - 1;
        let mut in_str = false;
        while i > 0 {
            i -= 1;
            match bytes[i] {
                b'"' if i == 0 || bytes[i - 1] != b'\\' => in_str = !in_str,
                b'[' if !in_str => return Some(&path[..i]),
                _ => {}
            }
        }
        return Some("");
    }
    Some(match path.rfind(['.', ']']) {
        Some(i) if path.as_bytes()[i] == b']' => &path[..=i],
        Some(i) => &path[..i],
        None => "",
    })
}

fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let off = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let ch = |i: usize| chars.get(i).map(|c| c.1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        let start = chars[i].0;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && ch(i + 1) == Some('/') {
            while i < n && chars[i].1 != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && ch(i + 1) == Some('*') {
            let mut level = 1usize;
            i += 2;
            while i < n && level > 0 {
                if chars[i].1 == '/' && ch(i + 1) == Some('*') {
                    level += 1;
                    i += 2;
                } else if chars[i].1 == '*' && ch(i + 1) == Some('/') {
                    level -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            continue;
        }
        let single = |tok: Tok, out: &mut Vec<Token>| {
            out.push(Token {
                tok,
                start,
                end: start + c.len_utf8(),
            });
        };
        match c {
            '(' | '[' | '{' => {
                single(Tok::Open(c as u8), &mut out);
                i += 1;
                continue;
            }
            ')' | ']' | '}' => {
                single(Tok::Close(c as u8), &mut out);
                i += 1;
                continue;
            }
            ',' => {
                single(Tok::Comma, &mut out);
                i += 1;
                continue;
            }
            ':' => {
                single(Tok::Colon, &mut out);
                i += 1;
                continue;
            }
            '"' => {
                let (value, next) = scan_string(&chars, i + 1);
                out.push(Token {
                    tok: Tok::Str(value),
                    start,
                    end: off(next),
                });
                i = next;
                continue;
            }
            '\'' => {
                // A char literal: one char or an escape, then the closing quote.
                let mut j = i + 1;
                if ch(j) == Some('\\') {
                    j += 2;
                    while j < n && j < i + 12 && chars[j].1 != '\'' {
                        j += 1;
                    }
                } else {
                    j += 1;
                }
                if ch(j) == Some('\'') {
                    j += 1;
                } else {
                    j = i + 1;
                }
                out.push(Token {
                    tok: Tok::Other,
                    start,
                    end: off(j),
                });
                i = j;
                continue;
            }
            _ => {}
        }
        // Raw and byte strings: r"..", r#".."#, b"..", br#".."#.
        if c == 'r' || c == 'b' {
            let mut j = i + 1;
            if c == 'b' && ch(j) == Some('r') {
                j += 1;
            }
            let raw = c == 'r' || j == i + 2;
            if raw {
                let mut hashes = 0;
                while ch(j) == Some('#') {
                    hashes += 1;
                    j += 1;
                }
                if ch(j) == Some('"') {
                    let content_start = j + 1;
                    let mut k = content_start;
                    let end = loop {
                        if k >= n {
                            break n;
                        }
                        if chars[k].1 == '"' && (1..=hashes).all(|h| ch(k + h) == Some('#')) {
                            break k;
                        }
                        k += 1;
                    };
                    let value: String = chars[content_start..end.min(n)]
                        .iter()
                        .map(|x| x.1)
                        .collect();
                    let next = (end + 1 + hashes).min(n);
                    out.push(Token {
                        tok: if c == 'r' {
                            Tok::Str(value)
                        } else {
                            Tok::Other
                        },
                        start,
                        end: off(next),
                    });
                    i = next;
                    continue;
                }
                if c == 'r' && hashes == 1 && ch(j).is_some_and(is_ident_char) {
                    // A raw identifier r#name.
                    let mut k = j;
                    while ch(k).is_some_and(is_ident_char) {
                        k += 1;
                    }
                    let name: String = chars[j..k].iter().map(|x| x.1).collect();
                    out.push(Token {
                        tok: Tok::Ident(name),
                        start,
                        end: off(k),
                    });
                    i = k;
                    continue;
                }
            } else if ch(j) == Some('"') {
                let (_, next) = scan_string(&chars, j + 1);
                out.push(Token {
                    tok: Tok::Other,
                    start,
                    end: off(next),
                });
                i = next;
                continue;
            }
        }
        if c == '_' || c.is_alphabetic() {
            let mut k = i;
            while ch(k).is_some_and(is_ident_char) {
                k += 1;
            }
            let name: String = chars[i..k].iter().map(|x| x.1).collect();
            out.push(Token {
                tok: Tok::Ident(name),
                start,
                end: off(k),
            });
            i = k;
            continue;
        }
        if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') {
            // Numbers, including `-inf`, `1_000.5e-3`, `0x1F`.
            let mut k = i + 1;
            while ch(k).is_some_and(|x| x.is_ascii_alphanumeric() || matches!(x, '_' | '.'))
                || (matches!(ch(k), Some('+' | '-'))
                    && matches!(ch(k - 1), Some('e' | 'E'))
                    && !text[start..off(k)].starts_with("0x"))
            {
                k += 1;
            }
            out.push(Token {
                tok: Tok::Other,
                start,
                end: off(k),
            });
            i = k;
            continue;
        }
        single(Tok::Other, &mut out);
        i += 1;
    }
    out
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Scans a quoted string from just after its opening quote; returns the
/// decoded text and the index just past the closing quote (or the end).
fn scan_string(chars: &[(usize, char)], from: usize) -> (String, usize) {
    let mut value = String::new();
    let mut k = from;
    while k < chars.len() {
        match chars[k].1 {
            '"' => return (value, k + 1),
            '\\' => {
                k += 1;
                match chars.get(k).map(|x| x.1) {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some('0') => value.push('\0'),
                    Some('u') if chars.get(k + 1).map(|x| x.1) == Some('{') => {
                        let mut hex = String::new();
                        let mut j = k + 2;
                        while j < chars.len() && chars[j].1 != '}' && j < k + 10 {
                            hex.push(chars[j].1);
                            j += 1;
                        }
                        if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            value.push(c);
                        }
                        k = j;
                    }
                    Some(other) => value.push(other),
                    None => {}
                }
                k += 1;
            }
            other => {
                value.push(other);
                k += 1;
            }
        }
    }
    (value, chars.len())
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    at: usize,
    spans: BTreeMap<String, (usize, usize)>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn peek2(&self) -> Option<&Tok> {
        self.tokens.get(self.at + 1).map(|t| &t.tok)
    }

    fn last_end(&self) -> usize {
        self.at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.end)
    }

    /// Skips `#![enable(..)]` attributes before the document value.
    fn skip_attributes(&mut self) {
        while self.current_text() == "#" {
            self.at += 1;
            if self.current_text() == "!" {
                self.at += 1;
            }
            if self.peek() == Some(&Tok::Open(b'[')) {
                self.skip_balanced();
            }
        }
    }

    fn current_text(&self) -> &str {
        self.tokens
            .get(self.at)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    /// Skips one value without indexing it (iteratively, so depth is no risk).
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.at += 1;
            if depth == 0 {
                return;
            }
        }
    }

    fn record(&mut self, path: &str, start: usize) -> bool {
        if self.spans.contains_key(path) {
            return false;
        }
        self.spans.insert(path.to_string(), (start, start));
        true
    }

    fn finish(&mut self, path: &str, owned: bool) {
        if owned {
            let end = self.last_end();
            if let Some(span) = self.spans.get_mut(path) {
                span.1 = end.max(span.0);
            }
        }
    }

    /// Reads one value at `path`.
    fn value(&mut self, path: &str, depth: usize) {
        let Some(token) = self.tokens.get(self.at) else {
            return;
        };
        let start = token.start;
        let tok = token.tok.clone();
        if depth > MAX_DEPTH {
            self.skip_balanced();
            return;
        }
        match tok {
            Tok::Open(b) => {
                let owned = self.record(path, start);
                self.at += 1;
                self.body(b, path, depth);
                self.finish(path, owned);
            }
            Tok::Ident(_) => {
                let owned = self.record(path, start);
                self.at += 1;
                if let Some(Tok::Open(b @ b'(')) = self.peek().cloned() {
                    self.at += 1;
                    self.body(b, path, depth);
                }
                self.finish(path, owned);
            }
            Tok::Str(_) | Tok::Other => {
                let owned = self.record(path, start);
                self.at += 1;
                self.finish(path, owned);
            }
            Tok::Close(_) | Tok::Comma | Tok::Colon => {}
        }
    }

    /// Reads the inside of `( )`, `[ ]` or `{ }` up to and including the closer.
    fn body(&mut self, open: u8, path: &str, depth: usize) {
        let mut unnamed = 0usize;
        loop {
            let before = self.at;
            match self.peek() {
                None => return,
                Some(Tok::Close(_)) => {
                    // A mismatched closer still ends this body, so that one
                    // stray bracket does not swallow the rest of the file.
                    self.at += 1;
                    return;
                }
                Some(Tok::Comma) => {
                    self.at += 1;
                    continue;
                }
                _ => {}
            }
            match open {
                b'(' => {
                    if let (Some(Tok::Ident(name)), Some(Tok::Colon)) =
                        (self.peek().cloned(), self.peek2())
                    {
                        self.at += 2;
                        self.value(&field_path(path, &name), depth + 1);
                    } else {
                        // The first unnamed element of `Some(x)`, `Stage("a")`,
                        // `Weights({..})` stands for the value itself.
                        let child = if unnamed == 0 {
                            path.to_string()
                        } else {
                            index_path(path, unnamed)
                        };
                        unnamed += 1;
                        self.value(&child, depth + 1);
                    }
                }
                b'[' => {
                    self.value(&index_path(path, unnamed), depth + 1);
                    unnamed += 1;
                }
                _ => {
                    let key = match self.peek().cloned() {
                        Some(Tok::Str(s)) => {
                            self.at += 1;
                            Some(s)
                        }
                        Some(Tok::Ident(s)) => {
                            self.at += 1;
                            Some(s)
                        }
                        Some(Tok::Other) => {
                            let key = self.current_text().to_string();
                            self.at += 1;
                            Some(key)
                        }
                        _ => {
                            self.skip_balanced();
                            None
                        }
                    };
                    if self.peek() == Some(&Tok::Colon) {
                        self.at += 1;
                        match key {
                            Some(k) => self.value(&key_path(path, &k), depth + 1),
                            None => self.skip_balanced(),
                        }
                    }
                }
            }
            if self.at == before {
                self.at += 1;
            }
        }
    }
}
