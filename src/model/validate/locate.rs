//! A position index over RON text: for every field path (`stages[3].exam.to`,
//! `budget.sources[0].by_year.2026`) the place where its value starts and
//! ends. Used to point validation problems at the right line and column.
//!
//! The scanner is deliberately forgiving: it reads as much structure as it
//! can from broken text, never fails and never panics, so it also serves
//! files that `ron` itself rejects (the path of a parse error comes from it).

use std::collections::HashMap;

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

/// Characters of a map key kept in a path.
const MAX_KEY_CHARS: usize = 64;

/// Formats one map key as a path segment: `.key` for plain identifiers,
/// `["key"]` for anything else (spaces, dots, Chinese ids).
#[must_use]
pub fn key_segment(key: &str) -> String {
    // A path names a long key by its start: paths stay short whatever a
    // file holds, and the index and the checks cut a key the same way.
    let cut: String;
    let key = if key.len() > MAX_KEY_CHARS && key.chars().nth(MAX_KEY_CHARS).is_some() {
        cut = key.chars().take(MAX_KEY_CHARS).chain(['…']).collect();
        cut.as_str()
    } else {
        key
    };
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
///
/// A full index holds every path of the text (memory grows with the file);
/// validation uses [`locate_all`] and [`error_place`] instead, which walk
/// the text once and keep only what they are asked for.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    spans: HashMap<String, (usize, usize)>,
    line_starts: Vec<usize>,
    text_len: usize,
    /// Character count of each line (without its newline).
    line_chars: Vec<usize>,
    /// Byte ranges of the tokens, in order (comments and whitespace excluded).
    token_spans: Vec<(usize, usize)>,
    text: String,
}

/// Keeps, for each path, the span that starts first (a transparent
/// `Some(..)` wrapper and its value share a path: the wrapper wins, as
/// does the first of two duplicate fields).
fn keep_first(spans: &mut HashMap<String, (usize, usize)>, path: &str, start: usize, end: usize) {
    match spans.get_mut(path) {
        Some(span) if span.0 <= start => {}
        Some(span) => *span = (start, end),
        None => {
            spans.insert(path.to_string(), (start, end));
        }
    }
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
        let mut spans = HashMap::new();
        walk(text, &mut |path, start, end| {
            keep_first(&mut spans, path, start, end)
        });
        Self {
            spans,
            token_spans: Lexer::new(text).map(|t| (t.start, t.end)).collect(),
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
        let mut best = Innermost::new(offset);
        for (path, &(start, end)) in &self.spans {
            best.offer(path, start, end);
        }
        best.path
    }

    /// All indexed paths with their positions, in text order.
    #[must_use]
    pub fn paths(&self) -> Vec<(&str, Position)> {
        let mut all: Vec<(&str, usize)> = self
            .spans
            .iter()
            .map(|(p, &(s, _))| (p.as_str(), s))
            .collect();
        all.sort_by_key(|&(p, s)| (s, p.len()));
        all.into_iter()
            .map(|(p, s)| (p, self.offset_position(s)))
            .collect()
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

/// The innermost span holding an offset, ties going to the shorter path so
/// the answer does not depend on the order spans are offered in.
struct Innermost {
    offset: usize,
    path: String,
    len: Option<usize>,
}

impl Innermost {
    fn new(offset: usize) -> Self {
        Self {
            offset,
            path: String::new(),
            len: None,
        }
    }

    fn offer(&mut self, path: &str, start: usize, end: usize) {
        if start <= self.offset && self.offset < end.max(start + 1) {
            let len = end.saturating_sub(start);
            let better = self.len.is_none_or(|l| {
                len < l || (len == l && (path.len(), path) < (self.path.len(), self.path.as_str()))
            });
            if better {
                self.len = Some(len);
                self.path = path.to_string();
            }
        }
    }
}

/// Byte offsets turned into positions in one pass over the text.
fn offsets_to_positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![Position { line: 1, column: 1 }; offsets.len()];
    let (mut line, mut line_start, mut chars_before, mut at) = (1usize, 0usize, 0usize, 0usize);
    let mut iter = text.char_indices().peekable();
    for i in order {
        let target = offsets[i].min(text.len());
        // Advance to `target`, counting lines and the characters of this line.
        while let Some(&(b, c)) = iter.peek() {
            if b >= target {
                break;
            }
            iter.next();
            if c == '\n' {
                line += 1;
                line_start = b + 1;
                chars_before = 0;
            } else {
                chars_before += 1;
            }
            at = b + c.len_utf8();
        }
        let _ = (at, line_start);
        out[i] = Position {
            line,
            column: chars_before + 1,
        };
    }
    out
}

/// The byte offset of a position, clamped into the text the way
/// [`TextIndex::clamp`] does (one scan, no index).
fn position_to_offset(text: &str, pos: Position) -> usize {
    let mut line = 1usize;
    let mut line_start = 0usize;
    if pos.line > 1 {
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = i + 1;
                if line == pos.line {
                    break;
                }
            }
        }
    }
    let rest = &text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let column = pos.column.max(1);
    line_text
        .char_indices()
        .nth(column - 1)
        .map_or(line_start + line_text.len(), |(i, _)| line_start + i)
}

/// Where each of `paths` is written: its own value's start or its nearest
/// written ancestor's, as [`TextIndex::position_or_ancestor`] tells, found
/// in one walk over the text that keeps only these paths and their
/// ancestors (memory grows with the number of paths, not the file).
#[must_use]
pub fn locate_all(text: &str, paths: &[&str]) -> Vec<Position> {
    let mut wanted: HashMap<String, (usize, usize)> = HashMap::new();
    let mut names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for p in paths {
        let mut at = Some(*p);
        while let Some(x) = at {
            if !names.insert(x) {
                break;
            }
            at = parent(x);
        }
    }
    walk(text, &mut |path, start, end| {
        if names.contains(path) {
            keep_first(&mut wanted, path, start, end);
        }
    });
    let root = wanted.get("").map_or(0, |s| s.0);
    let offsets: Vec<usize> = paths
        .iter()
        .map(|p| {
            let mut at = Some(*p);
            while let Some(x) = at {
                if let Some(&(start, _)) = wanted.get(x) {
                    return start;
                }
                at = parent(x);
            }
            root
        })
        .collect();
    offsets_to_positions(text, &offsets)
}

/// Where a reading error at `pos` is best shown, and the path there: the
/// start of the token at or after `pos` (a parse error often points just
/// before the offending value), and the innermost value holding it. One
/// walk over the text; memory does not grow with it.
#[must_use]
pub fn error_place(text: &str, pos: Position) -> (Position, String) {
    let offset = position_to_offset(text, pos);
    let start = Lexer::new(text)
        .find(|t| t.end > offset)
        .map_or(offset, |t| t.start);
    // The innermost value holding the token, judged as the full index
    // judges it: by each path's first span (broken text can visit a path
    // twice). Two walks keep memory to the paths around the token.
    let holds = |s: usize, e: usize| s <= start && start < e.max(s + 1);
    let mut around: HashMap<String, (usize, usize)> = HashMap::new();
    walk(text, &mut |path, s, e| {
        if holds(s, e) && !around.contains_key(path) {
            around.insert(path.to_string(), (s, e));
        }
    });
    let mut first: HashMap<String, (usize, usize)> = HashMap::new();
    walk(text, &mut |path, s, e| {
        if around.contains_key(path) {
            keep_first(&mut first, path, s, e);
        }
    });
    let mut best = Innermost::new(start);
    for (path, &(s, e)) in &first {
        best.offer(path, s, e);
    }
    let place = offsets_to_positions(text, &[start])
        .pop()
        .unwrap_or(Position { line: 1, column: 1 });
    (place, best.path)
}

/// Walks a RON text's values, calling `visit(path, start, end)` as each
/// value ends (inner values before outer ones).
fn walk(text: &str, visit: &mut dyn FnMut(&str, usize, usize)) {
    let mut parser = Parser {
        text,
        lexer: Lexer::new(text),
        ahead: std::collections::VecDeque::new(),
        last_end: 0,
        consumed: 0,
        visit,
    };
    parser.skip_attributes();
    parser.value("", 0);
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

/// Tokens of a RON text, read one at a time (nothing of the text is copied
/// but the content of the string being read).
struct Lexer<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    /// The character starting at byte `i`.
    fn ch(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// The byte just past the character at `i`.
    fn after(&self, i: usize) -> usize {
        self.ch(i).map_or(self.text.len(), |c| i + c.len_utf8())
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let n = self.text.len();
        loop {
            let i = self.at;
            let c = self.ch(i)?;
            let next = i + c.len_utf8();
            if c.is_whitespace() {
                self.at = next;
                continue;
            }
            if c == '/' && self.ch(next) == Some('/') {
                self.at = self.text[i..].find('\n').map_or(n, |k| i + k);
                continue;
            }
            if c == '/' && self.ch(next) == Some('*') {
                let mut level = 1usize;
                let mut k = next + 1;
                while k < n && level > 0 {
                    let b = self.text.as_bytes()[k];
                    if b == b'/' && self.text.as_bytes().get(k + 1) == Some(&b'*') {
                        level += 1;
                        k += 2;
                    } else if b == b'*' && self.text.as_bytes().get(k + 1) == Some(&b'/') {
                        level -= 1;
                        k += 2;
                    } else {
                        k += 1;
                    }
                }
                self.at = k.min(n);
                continue;
            }
            let single = |tok: Tok| Token {
                tok,
                start: i,
                end: next,
            };
            let token = match c {
                '(' | '[' | '{' => single(Tok::Open(c as u8)),
                ')' | ']' | '}' => single(Tok::Close(c as u8)),
                ',' => single(Tok::Comma),
                ':' => single(Tok::Colon),
                '"' => {
                    let (value, end) = scan_string(self.text, next);
                    Token {
                        tok: Tok::Str(value),
                        start: i,
                        end,
                    }
                }
                '\'' => {
                    // A char literal: one char or an escape, then the closing quote.
                    let mut j = next;
                    if self.ch(j) == Some('\\') {
                        j = self.after(self.after(j));
                        let mut steps = 0;
                        while j < n && steps < 10 && self.ch(j) != Some('\'') {
                            j = self.after(j);
                            steps += 1;
                        }
                    } else {
                        j = self.after(j);
                    }
                    let end = if self.ch(j) == Some('\'') {
                        self.after(j)
                    } else {
                        next
                    };
                    Token {
                        tok: Tok::Other,
                        start: i,
                        end,
                    }
                }
                _ => match self.word(i, c) {
                    Some(t) => t,
                    None => single(Tok::Other),
                },
            };
            self.at = token.end.max(next);
            return Some(token);
        }
    }
}

impl Lexer<'_> {
    /// Raw and byte strings, identifiers and numbers starting at `i`.
    fn word(&self, i: usize, c: char) -> Option<Token> {
        let n = self.text.len();
        let next = i + c.len_utf8();
        // Raw and byte strings: r"..", r#".."#, b"..", br#".."#.
        if c == 'r' || c == 'b' {
            let mut j = next;
            if c == 'b' && self.ch(j) == Some('r') {
                j += 1;
            }
            let raw = c == 'r' || j == i + 2;
            if raw {
                let mut hashes = 0;
                while self.ch(j) == Some('#') {
                    hashes += 1;
                    j += 1;
                }
                if self.ch(j) == Some('"') {
                    let content_start = j + 1;
                    let closing: String = std::iter::once('"')
                        .chain(std::iter::repeat_n('#', hashes))
                        .collect();
                    let end = self.text[content_start..]
                        .find(&closing)
                        .map_or(n, |k| content_start + k);
                    let value = self.text[content_start..end].to_string();
                    let stop = (end + 1 + hashes).min(n);
                    return Some(Token {
                        tok: if c == 'r' {
                            Tok::Str(value)
                        } else {
                            Tok::Other
                        },
                        start: i,
                        end: stop,
                    });
                }
                if c == 'r' && hashes == 1 && self.ch(j).is_some_and(is_ident_char) {
                    // A raw identifier r#name.
                    let k = self.ident_end(j);
                    return Some(Token {
                        tok: Tok::Ident(self.text[j..k].to_string()),
                        start: i,
                        end: k,
                    });
                }
            } else if self.ch(j) == Some('"') {
                let (_, end) = scan_string(self.text, j + 1);
                return Some(Token {
                    tok: Tok::Other,
                    start: i,
                    end,
                });
            }
        }
        if c == '_' || c.is_alphabetic() {
            let k = self.ident_end(i);
            return Some(Token {
                tok: Tok::Ident(self.text[i..k].to_string()),
                start: i,
                end: k,
            });
        }
        if c.is_ascii_digit() || matches!(c, '+' | '-' | '.') {
            // Numbers, including `-inf`, `1_000.5e-3`, `0x1F`.
            let hex = self.text[i..].starts_with("0x");
            let mut k = next;
            loop {
                match self.ch(k) {
                    Some(x) if x.is_ascii_alphanumeric() || matches!(x, '_' | '.') => k += 1,
                    Some('+' | '-')
                        if !hex && matches!(self.text.as_bytes()[k - 1], b'e' | b'E') =>
                    {
                        k += 1;
                    }
                    _ => break,
                }
            }
            return Some(Token {
                tok: Tok::Other,
                start: i,
                end: k,
            });
        }
        None
    }

    fn ident_end(&self, from: usize) -> usize {
        let mut k = from;
        while let Some(c) = self.ch(k).filter(|&c| is_ident_char(c)) {
            k += c.len_utf8();
        }
        k
    }
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Scans a quoted string from just after its opening quote; returns the
/// decoded text and the byte just past the closing quote (or the end).
fn scan_string(text: &str, from: usize) -> (String, usize) {
    let mut value = String::new();
    let mut chars = text[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (value, i + 1),
            '\\' => match chars.next().map(|x| x.1) {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('r') => value.push('\r'),
                Some('0') => value.push('\0'),
                Some('u') if chars.peek().map(|x| x.1) == Some('{') => {
                    chars.next();
                    let mut hex = String::new();
                    while let Some(&(_, h)) = chars.peek() {
                        if h == '}' || hex.len() >= 8 {
                            break;
                        }
                        hex.push(h);
                        chars.next();
                    }
                    if chars.peek().map(|x| x.1) == Some('}') {
                        chars.next();
                    }
                    if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        value.push(c);
                    }
                }
                Some(other) => value.push(other),
                None => {}
            },
            other => value.push(other),
        }
    }
    (value, text.len())
}

struct Parser<'a, 'v> {
    text: &'a str,
    lexer: Lexer<'a>,
    /// Tokens read ahead (at most two).
    ahead: std::collections::VecDeque<Token>,
    /// End of the last token consumed.
    last_end: usize,
    /// Tokens consumed so far.
    consumed: usize,
    visit: &'v mut dyn FnMut(&str, usize, usize),
}

impl Parser<'_, '_> {
    fn fill(&mut self, n: usize) {
        while self.ahead.len() < n {
            match self.lexer.next() {
                Some(t) => self.ahead.push_back(t),
                None => return,
            }
        }
    }

    fn token(&mut self) -> Option<&Token> {
        self.fill(1);
        self.ahead.front()
    }

    fn peek(&mut self) -> Option<&Tok> {
        self.token().map(|t| &t.tok)
    }

    fn peek2(&mut self) -> Option<&Tok> {
        self.fill(2);
        self.ahead.get(1).map(|t| &t.tok)
    }

    fn advance(&mut self) {
        self.fill(1);
        if let Some(t) = self.ahead.pop_front() {
            self.last_end = t.end;
            self.consumed += 1;
        }
    }

    /// Skips `#![enable(..)]` attributes before the document value.
    fn skip_attributes(&mut self) {
        while self.current_text() == "#" {
            self.advance();
            if self.current_text() == "!" {
                self.advance();
            }
            if self.peek() == Some(&Tok::Open(b'[')) {
                self.skip_balanced();
            }
        }
    }

    fn current_text(&mut self) -> &str {
        let text = self.text;
        self.token()
            .and_then(|t| text.get(t.start..t.end))
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
            self.advance();
            if depth == 0 {
                return;
            }
        }
    }

    fn finish(&mut self, path: &str, start: usize) {
        let end = self.last_end.max(start);
        (self.visit)(path, start, end);
    }

    /// Reads one value at `path`.
    fn value(&mut self, path: &str, depth: usize) {
        let Some(token) = self.token() else {
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
                self.advance();
                self.body(b, path, depth);
                self.finish(path, start);
            }
            Tok::Ident(_) => {
                self.advance();
                if let Some(Tok::Open(b @ b'(')) = self.peek().cloned() {
                    self.advance();
                    self.body(b, path, depth);
                }
                self.finish(path, start);
            }
            Tok::Str(_) | Tok::Other => {
                self.advance();
                self.finish(path, start);
            }
            Tok::Close(_) | Tok::Comma | Tok::Colon => {}
        }
    }

    /// Reads the inside of `( )`, `[ ]` or `{ }` up to and including the closer.
    fn body(&mut self, open: u8, path: &str, depth: usize) {
        let mut unnamed = 0usize;
        loop {
            let before = self.consumed;
            match self.peek() {
                None => return,
                Some(Tok::Close(_)) => {
                    // A mismatched closer still ends this body, so that one
                    // stray bracket does not swallow the rest of the file.
                    self.advance();
                    return;
                }
                Some(Tok::Comma) => {
                    self.advance();
                    continue;
                }
                _ => {}
            }
            match open {
                b'(' => {
                    let named = match (self.peek().cloned(), self.peek2()) {
                        (Some(Tok::Ident(name)), Some(Tok::Colon)) => Some(name),
                        _ => None,
                    };
                    if let Some(name) = named {
                        self.advance();
                        self.advance();
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
                        Some(Tok::Str(s) | Tok::Ident(s)) => {
                            self.advance();
                            Some(s)
                        }
                        Some(Tok::Other) => {
                            let key = self.current_text().to_string();
                            self.advance();
                            Some(key)
                        }
                        _ => {
                            self.skip_balanced();
                            None
                        }
                    };
                    if self.peek() == Some(&Tok::Colon) {
                        self.advance();
                        match key {
                            Some(k) => self.value(&key_path(path, &k), depth + 1),
                            None => self.skip_balanced(),
                        }
                    }
                }
            }
            if self.consumed == before {
                self.advance();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: &TextIndex, path: &str) -> (usize, usize) {
        let p = index
            .position(path)
            .unwrap_or_else(|| panic!("no `{path}` in {:?}", index.paths()));
        (p.line, p.column)
    }

    #[test]
    fn structs_lists_maps_and_variants() {
        let text = "(\n  a: 1,\n  b: [ (x: \"s\"), (x: Stage(\"t\")) ],\n  c: {\"k\": 2.5, \"东 村\": 3},\n  d: Yearly(month: 12),\n  e: Some((m: 4)),\n  f: Weights({\"w\": 1.0}),\n  g: (1, 2),\n)";
        let index = TextIndex::new(text);
        assert_eq!(at(&index, ""), (1, 1));
        assert_eq!(at(&index, "a"), (2, 6));
        assert_eq!(at(&index, "b"), (3, 6));
        assert_eq!(at(&index, "b[0].x"), (3, 12));
        assert_eq!(at(&index, "b[1].x"), (3, 22));
        assert_eq!(at(&index, "c.k"), (4, 12));
        assert_eq!(at(&index, "c[\"东 村\"]"), (4, 24));
        assert_eq!(at(&index, "d"), (5, 6));
        assert_eq!(at(&index, "d.month"), (5, 20));
        assert_eq!(at(&index, "e"), (6, 6));
        assert_eq!(at(&index, "e.m"), (6, 15));
        assert_eq!(at(&index, "f.w"), (7, 20));
        assert_eq!(at(&index, "g"), (8, 6));
        assert_eq!(at(&index, "g[1]"), (8, 10));
        assert_eq!(index.value_text("d"), Some("Yearly(month: 12)"));
    }

    #[test]
    fn strings_comments_and_attributes_do_not_confuse_the_index() {
        let text = "#![enable(implicit_some)]\n// a: (\n(\n  /* b: [ /* nested */ ] */ a: \"x\\\"(y\",\n  r: r#\"raw \"( [\"#, c: 'x', d: b\"by(\", e: -inf, f: 1_000.5e-3,\n  z: 1,\n)";
        let index = TextIndex::new(text);
        assert_eq!(at(&index, "a"), (4, 32));
        assert_eq!(at(&index, "r"), (5, 6));
        assert_eq!(at(&index, "c"), (5, 24));
        assert_eq!(at(&index, "d"), (5, 32));
        assert_eq!(at(&index, "e"), (5, 43));
        assert_eq!(index.value_text("f"), Some("1_000.5e-3"));
        assert_eq!(at(&index, "z"), (6, 6));
        assert!(index.position("b").is_none());
    }

    #[test]
    fn missing_fields_fall_back_to_their_parent() {
        let index = TextIndex::new("(\n  s: [\n    (id: \"a\"),\n  ],\n)");
        let p = index.position_or_ancestor("s[0].exam.subjects[1].pass_probability.local");
        assert_eq!((p.line, p.column), (3, 5));
        assert_eq!(parent("a.b[2]"), Some("a.b"));
        assert_eq!(parent("a[\"x.y[\"]"), Some("a"));
        assert_eq!(parent("a"), Some(""));
        assert_eq!(parent(""), None);
    }

    #[test]
    fn path_at_finds_the_innermost_value() {
        let text = "(a: [(b: 1, c: \"x\")], d: 2)";
        let index = TextIndex::new(text);
        let pos = index.offset_position(text.find("\"x\"").unwrap_or(0));
        assert_eq!(index.path_at(pos), "a[0].c");
        let pos = index.offset_position(text.find("c:").unwrap_or(0));
        assert_eq!(index.path_at(pos), "a[0]");
        let past = index.clamp(Position {
            line: 9,
            column: 99,
        });
        assert_eq!((past.line, past.column), (1, text.len() + 1));
    }

    #[test]
    fn key_segments_quote_anything_but_plain_ids() {
        assert_eq!(key_path("m", "local"), "m.local");
        assert_eq!(key_path("m", "2027"), "m.2027");
        assert_eq!(key_path("m", "东村"), "m[\"东村\"]");
        assert_eq!(key_path("m", "a b"), "m[\"a b\"]");
    }
}
