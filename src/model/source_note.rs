//! A parameter group's source note in Chinese and English.
//!
//! In a scenario file a note is either one text, shown in both languages
//! (every file written before notes had two languages), or both texts:
//!
//! ```ron
//! source: "textbook example",
//! source: (zh: "教科书示例", en: "textbook example"),
//! ```
//!
//! A note whose two texts are the same is written as one text, so a file
//! without translations reads and writes back unchanged.

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Where a group of figures comes from, in Chinese and in English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SourceNote {
    /// The Chinese text ("" when the file gives only an English one).
    pub zh: String,
    /// The English text ("" when the file gives only a Chinese one).
    pub en: String,
}

impl SourceNote {
    /// A note in both languages.
    #[must_use]
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A note with one text for both languages (as old files give it).
    #[must_use]
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            zh: text.clone(),
            en: text,
        }
    }

    /// The Chinese text (`chinese`) or the English one, the other where
    /// that one is empty.
    #[must_use]
    pub fn text(&self, chinese: bool) -> &str {
        let (first, other) = if chinese {
            (&self.zh, &self.en)
        } else {
            (&self.en, &self.zh)
        };
        if first.trim().is_empty() {
            other
        } else {
            first
        }
    }

    /// True when neither language has any text.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.zh.trim().is_empty() && self.en.trim().is_empty()
    }

    /// Removes both texts.
    pub fn clear(&mut self) {
        self.zh.clear();
        self.en.clear();
    }

    /// True when the note has one text for both languages.
    #[must_use]
    pub fn is_single(&self) -> bool {
        self.zh == self.en || self.zh.is_empty() || self.en.is_empty()
    }
}

impl From<&str> for SourceNote {
    fn from(text: &str) -> Self {
        Self::same(text)
    }
}

impl From<String> for SourceNote {
    fn from(text: String) -> Self {
        Self::same(text)
    }
}

impl fmt::Display for SourceNote {
    /// Both texts, "中文 / English", or the one text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            f.write_str(self.text(true))
        } else {
            write!(f, "{} / {}", self.zh, self.en)
        }
    }
}

impl Serialize for SourceNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_single() {
            s.serialize_str(self.text(true))
        } else {
            let mut st = s.serialize_struct("SourceNote", 2)?;
            st.serialize_field("zh", &self.zh)?;
            st.serialize_field("en", &self.en)?;
            st.end()
        }
    }
}

impl<'de> Deserialize<'de> for SourceNote {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoteVisitor)
    }
}

/// Reads a note written as one text or as `(zh: "…", en: "…")`.
struct NoteVisitor;

impl<'de> Visitor<'de> for NoteVisitor {
    type Value = SourceNote;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a source note: a text, or (zh: \"…\", en: \"…\")")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<SourceNote, E> {
        Ok(SourceNote::same(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<SourceNote, E> {
        Ok(SourceNote::same(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SourceNote, A::Error> {
        let mut note = SourceNote::default();
        let (mut zh, mut en) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "zh" if !zh => {
                    note.zh = map.next_value()?;
                    zh = true;
                }
                "en" if !en => {
                    note.en = map.next_value()?;
                    en = true;
                }
                "zh" | "en" => return Err(de::Error::duplicate_field("zh/en")),
                other => return Err(de::Error::unknown_field(other, &["zh", "en"])),
            }
        }
        Ok(note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<SourceNote, ron::error::SpannedError> {
        ron::Options::default().from_str(text)
    }

    #[test]
    fn a_plain_text_reads_as_both_languages_and_writes_back_plain() {
        let n = read("\"textbook example\"").unwrap();
        assert_eq!(n.text(true), "textbook example");
        assert_eq!(n.text(false), "textbook example");
        assert_eq!(ron::to_string(&n).unwrap(), "\"textbook example\"");
    }

    #[test]
    fn both_texts_read_and_write_back_and_each_language_gets_its_own() {
        let text = "(zh:\"教科书示例\",en:\"textbook example\")";
        let n = read(text).unwrap();
        assert_eq!(n.text(true), "教科书示例");
        assert_eq!(n.text(false), "textbook example");
        assert_eq!(read(&ron::to_string(&n).unwrap()).unwrap(), n);
        assert_eq!(n.to_string(), "教科书示例 / textbook example");
    }

    #[test]
    fn one_language_given_serves_both() {
        let n = read("(en: \"assumed\")").unwrap();
        assert_eq!(n.text(true), "assumed");
        let n = read("(zh: \"假设\")").unwrap();
        assert_eq!(n.text(false), "假设");
    }

    #[test]
    fn unknown_or_repeated_fields_and_other_values_are_errors() {
        assert!(read("(zh: \"a\", fr: \"b\")").is_err());
        assert!(read("(zh: \"a\", zh: \"b\")").is_err());
        assert!(read("3").is_err());
    }

    #[test]
    fn json_reads_and_writes_the_same_forms() {
        let n: SourceNote = serde_json::from_str(r#"{"zh":"甲","en":"A"}"#).unwrap();
        assert_eq!(n, SourceNote::new("甲", "A"));
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"{"zh":"甲","en":"A"}"#
        );
        let plain: SourceNote = serde_json::from_str(r#""A""#).unwrap();
        assert_eq!(serde_json::to_string(&plain).unwrap(), r#""A""#);
    }
}
