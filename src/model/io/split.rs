//! Finding the long lists of a scenario text and their elements without
//! parsing them: one scan that knows RON's strings, characters, comments
//! and brackets.

use std::ops::Range;

/// An open bracket: where it is, which wanted list it opens (if any), and
/// that list's elements so far and where its current element began.
struct Open {
    at: usize,
    wanted: Option<usize>,
    elements: Vec<Range<usize>>,
    element: usize,
}

/// The bytes that matter inside a wanted list: brackets, commas, quotes,
/// comments and attributes.
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let bytes = b"()[]{},\"'/#";
    let mut k = 0;
    while k < bytes.len() {
        stops[bytes[k] as usize] = true;
        k += 1;
    }
    stops
};

/// Brackets open at once past which the scan gives up (the RON reader's
/// own limit is 128): ten megabytes of `[` must not become a stack of ten
/// million entries.
const MAX_NESTING: usize = 128;

/// Which of the long lists a `[` opens, from the keys of the brackets
/// around it (outermost first; `None` where a bracket follows no `key:`)
/// and the key it follows: `county.townships` (0) and `initial_stock` (1).
fn long_list(path: &[Option<&str>], key: &str) -> Option<usize> {
    match (path, key) {
        ([None, Some("county")], "townships") => Some(0),
        ([None], "initial_stock") => Some(1),
        _ => None,
    }
}

/// The contents (the byte range between the brackets) of
/// `county.townships` (0) and `initial_stock` (1); `None` unless each is
/// found once and the text scans cleanly (no attribute, nothing left
/// open). Their elements go to `found_elements(list, ranges)` in order,
/// `batch` at a time (the last batch of a list may be shorter).
pub(super) fn long_lists(
    text: &str,
    batch: usize,
    found_elements: &mut dyn FnMut(usize, Vec<Range<usize>>),
) -> Option<[Range<usize>; 2]> {
    let b = text.as_bytes();
    let mut found: [Option<Range<usize>>; 2] = [None, None];
    let mut stack: Vec<Open> = Vec::new();
    // The keys of the open brackets, outermost first.
    let mut path: Vec<Option<&str>> = Vec::new();
    // The key of a `key:` just read, and the identifier just read.
    let mut key: Option<&str> = None;
    let mut ident: Option<&str> = None;
    // Wanted lists open around the position: inside one, keys no longer
    // matter, and only the bytes of `STOPS` are looked at.
    let mut in_lists = 0;
    let mut i = 0;
    while i < b.len() {
        if in_lists > 0 {
            while b.get(i).is_some_and(|&c| !STOPS[usize::from(c)]) {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
            if b[i] == b'"' && i > 0 && b[i - 1] == b'r' {
                // a raw string `r"…"`, whose `r` was skipped
                i -= 1;
            }
        }
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
                if stack.len() >= MAX_NESTING {
                    // Deeper than the RON reader goes: it reports the
                    // error, and this scan keeps no stack for it.
                    return None;
                }
                let wanted = match key {
                    Some(k) if c == b'[' => long_list(&path, k),
                    _ => None,
                };
                path.push(key);
                in_lists += usize::from(wanted.is_some());
                stack.push(Open {
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
                path.pop();
                if let Some(w) = open.wanted {
                    in_lists -= 1;
                    if found.get(w)?.is_some() {
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
    if !stack.is_empty() || found.iter().any(Option::is_none) {
        return None;
    }
    Some(found.map(|r| r.unwrap_or_default()))
}
