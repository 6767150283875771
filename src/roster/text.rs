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

/// Formats a number of hours for reading: whole hours without decimals,
/// others to one decimal, and never a negative zero (an empty sum of `f64`
/// is `-0.0`, which would otherwise read "-0").
#[must_use]
pub fn hours_text(hours: f64) -> String {
    if !hours.is_finite() {
        return hours.to_string();
    }
    let tenths = (hours * 10.0).round() / 10.0;
    // `-0.0 == 0.0`: this maps both zeros, and small negatives rounded to
    // zero, onto the positive zero.
    let tenths = if tenths == 0.0 { 0.0 } else { tenths };
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}")
    } else {
        format!("{tenths:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::hours_text;

    #[test]
    fn hours_never_read_as_negative_zero() {
        let empty: f64 = std::iter::empty::<f64>().sum();
        assert_eq!(hours_text(empty), "0");
        assert_eq!(hours_text(-0.0), "0");
        assert_eq!(hours_text(-0.04), "0");
        assert_eq!(hours_text(16.0), "16");
        assert_eq!(hours_text(7.5), "7.5");
        assert_eq!(hours_text(7.25), "7.3");
        assert_eq!(hours_text(-2.0), "-2");
    }
}
