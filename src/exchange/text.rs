//! Text that is what it claims to be: the encoding of imported files, the
//! length and characters of text fields, and values quoted in messages.

use encoding_rs::Encoding;

/// Characters of a value quoted in a message before it is cut.
pub const QUOTE_CHARS: usize = 60;

/// Characters of a whole message before it is cut.
pub const MESSAGE_CHARS: usize = 1_000;

/// Bytes given to the encoding detector at most.
const DETECT_BYTES: usize = 1 << 20;

/// Why bytes were not taken as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The text looks like an encoding that is not read without being named.
    #[error(
        "the file looks like {guess} text; only UTF-8 and GBK/GB18030 are read: save it as UTF-8, or name its encoding (--encoding)"
    )]
    Unsupported {
        /// The detector's guess.
        guess: &'static str,
    },
    /// Bytes that are not valid in the encoding.
    #[error("line {line}, column {column}: not valid {encoding} text")]
    Invalid {
        /// The encoding read.
        encoding: &'static str,
        /// 1-based line of the first bad byte.
        line: usize,
        /// 1-based column (characters) of the first bad byte.
        column: usize,
    },
}

impl DecodeError {
    /// The message in Chinese.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            DecodeError::Unsupported { guess } => format!(
                "文件看起来是 {guess} 编码；只读取 UTF-8 和 GBK/GB18030：请另存为 UTF-8，或用 --encoding 指明编码"
            ),
            DecodeError::Invalid {
                encoding,
                line,
                column,
            } => format!("第 {line} 行第 {column} 列：不是有效的 {encoding} 文本"),
        }
    }
}

/// The encoding a label names (`utf-8`, `gbk`, `latin1`, `windows-1252`, …).
#[must_use]
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// The line and column (characters, both from 1) of byte `offset` in
/// `bytes`, counting the valid UTF-8 before it.
#[must_use]
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Decodes imported text. A UTF-8 byte-order mark is dropped. With `named`
/// the bytes are read in that encoding; otherwise valid UTF-8 is taken as
/// it is, and anything else is given to the detector: GBK or GB18030 is
/// read as GB18030 (which contains GBK), any other guess is refused with
/// its name.
pub fn decode(bytes: &[u8], named: Option<&'static Encoding>) -> Result<String, DecodeError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let encoding = match named {
        Some(e) => e,
        None => match std::str::from_utf8(body) {
            Ok(s) => return Ok(s.to_string()),
            Err(_) => {
                let mut detector =
                    chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                // A prefix tells the encoding; decoding then checks it all.
                let sample = &body[..body.len().min(DETECT_BYTES)];
                detector.feed(sample, sample.len() == body.len());
                let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
                if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
                    encoding_rs::GB18030
                } else if guess == encoding_rs::UTF_8 {
                    // Mostly UTF-8 with a broken byte: say where.
                    return Err(utf8_error(body));
                } else {
                    return Err(DecodeError::Unsupported {
                        guess: guess.name(),
                    });
                }
            }
        },
    };
    if encoding == encoding_rs::UTF_8 {
        return std::str::from_utf8(body)
            .map(str::to_string)
            .map_err(|_| utf8_error(body));
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len()),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        _ => {
            // The first bad byte is just before `read`; count lines in the
            // text decoded so far.
            let line = out.matches('\n').count() + 1;
            let column = out.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let _ = read;
            Err(DecodeError::Invalid {
                encoding: encoding.name(),
                line,
                column,
            })
        }
    }
}

fn utf8_error(body: &[u8]) -> DecodeError {
    let offset = std::str::from_utf8(body)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let (line, column) = line_column(body, offset);
    DecodeError::Invalid {
        encoding: "UTF-8",
        line,
        column,
    }
}

/// A value as a message quotes it: control characters (terminal escape
/// codes among them) shown escaped, and cut after [`QUOTE_CHARS`]
/// characters with `…`.
#[must_use]
pub fn quote(value: &str) -> String {
    cut(value, QUOTE_CHARS)
}

/// A whole message made safe to print: control characters escaped (line
/// breaks kept), cut after [`MESSAGE_CHARS`] characters.
#[must_use]
pub fn clean_message(message: &str) -> String {
    if message.len() <= MESSAGE_CHARS && !message.chars().any(|c| c.is_control() && c != '\n') {
        return message.to_string();
    }
    // Counted as written: an escaped character takes several.
    let mut out = String::new();
    let mut written = 0;
    for c in message.chars() {
        let escaped = c.is_control() && c != '\n';
        let width = if escaped {
            c.escape_default().count()
        } else {
            1
        };
        if written + width > MESSAGE_CHARS {
            out.push('…');
            break;
        }
        if escaped {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        written += width;
    }
    out
}

/// `value` with control characters escaped, cut with `…` once
/// `max_chars` characters are written (an escaped character counts as
/// the characters it is written with).
fn cut(value: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut written = 0;
    for c in value.chars() {
        let width = if c.is_control() {
            c.escape_default().count()
        } else {
            1
        };
        if written + width > max_chars {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        written += width;
    }
    out
}

/// What is wrong with a text field's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFault {
    /// More characters than allowed.
    TooLong {
        /// Characters found.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// A control character (line breaks and tabs too, unless allowed).
    Control,
}

impl TextFault {
    /// What is wrong, in English.
    #[must_use]
    pub fn message_en(self) -> String {
        match self {
            TextFault::TooLong { chars, max } => {
                format!("is {chars} characters long; at most {max} are allowed")
            }
            TextFault::Control => "contains a control character".into(),
        }
    }

    /// What is wrong, in Chinese.
    #[must_use]
    pub fn message_zh(self) -> String {
        match self {
            TextFault::TooLong { chars, max } => format!("长度为 {chars} 个字符，最多 {max} 个"),
            TextFault::Control => "含有控制字符".into(),
        }
    }
}

/// Checks a text field: at most `max_chars` characters, no control
/// characters (line breaks and tabs allowed only with `multiline`).
#[must_use]
pub fn check_field(value: &str, max_chars: usize, multiline: bool) -> Option<TextFault> {
    // Bytes bound characters from above: most fields are checked without counting.
    if value.len() > max_chars {
        let chars = value.chars().count();
        if chars > max_chars {
            return Some(TextFault::TooLong {
                chars,
                max: max_chars,
            });
        }
    }
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t' | '\r');
    value
        .chars()
        .any(|c| c.is_control() && !allowed(c))
        .then_some(TextFault::Control)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn utf8_and_gbk_are_read_latin1_is_refused_by_name() {
        assert_eq!(decode("a,é\n".as_bytes(), None).unwrap(), "a,é\n");
        assert_eq!(decode(b"\xEF\xBB\xBFx", None).unwrap(), "x");
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,姓名\nP001,张伟,城关镇社会工作站\n");
        assert_eq!(
            decode(&gbk, None).unwrap(),
            "编号,姓名\nP001,张伟,城关镇社会工作站\n"
        );
        let latin1 = b"person_id,name\nP001,M\xfcller Stra\xdfe\n";
        let err = decode(latin1, None).unwrap_err();
        assert!(matches!(err, DecodeError::Unsupported { .. }), "{err}");
        let named = decode(latin1, encoding_for_label("latin1")).unwrap();
        assert!(named.contains("Müller"));
    }

    #[test]
    fn broken_utf8_says_where() {
        let err = decode(b"ab\ncd\xff\xfe\xfd\xfc", encoding_for_label("utf-8")).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Invalid {
                encoding: "UTF-8",
                line: 2,
                column: 3
            }
        );
        assert_eq!(line_column("一\n二三x".as_bytes(), 10), (2, 3));
    }

    #[test]
    fn quoted_values_are_cut_and_escaped() {
        let long = "村".repeat(1_000_000);
        assert_eq!(quote(&long).chars().count(), QUOTE_CHARS + 1);
        assert_eq!(quote("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(clean_message("x\u{7}y\nz"), "x\\u{7}y\nz");
        // Escapes count as written: a long message of control characters
        // is cut at the same length as any other.
        let escapes = format!("{}{}", "a".repeat(990), "\u{1b}".repeat(50));
        let n = clean_message(&escapes).chars().count();
        assert!((MESSAGE_CHARS - 5..=MESSAGE_CHARS + 1).contains(&n), "{n}");
        assert_eq!(quote(&"\u{7}".repeat(100)).chars().count(), QUOTE_CHARS + 1);
    }

    #[test]
    fn fields_are_limited() {
        assert_eq!(check_field("abc", 3, false), None);
        assert_eq!(
            check_field("abcd", 3, false),
            Some(TextFault::TooLong { chars: 4, max: 3 })
        );
        assert_eq!(check_field("a\0b", 10, false), Some(TextFault::Control));
        assert_eq!(check_field("a\nb", 10, false), Some(TextFault::Control));
        assert_eq!(check_field("a\nb", 10, true), None);
        assert_eq!(check_field("a\u{1b}b", 10, true), Some(TextFault::Control));
    }
}
