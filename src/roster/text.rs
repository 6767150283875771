//! The language of the texts the roster library produces (import problems,
//! timeline events, funnel steps, reminders, warnings and errors).
//!
//! Every such text is a value that can be rendered in either language with a
//! `message(lang)` (or `text(lang)`) method; `Display` gives English, which
//! the command line uses by default. The desktop app maps its interface
//! language onto [`Language`].

use serde::{Deserialize, Serialize};

/// A language the roster library can write its texts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Language {
    /// English (the default of the command line).
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Language {
    /// Picks the English or the Chinese text.
    #[must_use]
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Language::En => en,
            Language::Zh => zh,
        }
    }
}
