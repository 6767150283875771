//! A plain calendar date (proleptic Gregorian), written `YYYY-MM-DD` in files.
//! The roster needs only whole days, month arithmetic and day differences, so
//! a small type keeps the model free of a date-time dependency.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Calendar year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date (expected YYYY-MM-DD): {0}")]
pub struct DateError(pub String);

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
#[must_use]
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A checked date; `None` if the month or day does not exist.
    #[must_use]
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        ((1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (1900..=2200).contains(&year))
        .then_some(Self { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    #[must_use]
    pub fn day_number(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01; `None` outside the supported years.
    #[must_use]
    pub fn from_day_number(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month as u32, day as u32)
    }

    /// Whole days from `self` to `other` (positive if `other` is later).
    #[must_use]
    pub fn days_until(self, other: Date) -> i64 {
        other.day_number() - self.day_number()
    }

    /// The same day `months` later (or earlier), clamped to the month's last day.
    #[must_use]
    pub fn add_months(self, months: i32) -> Date {
        let total = self.year * 12 + self.month as i32 - 1 + months;
        let year = total.div_euclid(12);
        let month = (total.rem_euclid(12) + 1) as u32;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Whole months from `self` to `later` (0 if `later` is not later).
    #[must_use]
    pub fn months_until(self, later: Date) -> u32 {
        let mut m = (later.year - self.year) * 12 + later.month as i32 - self.month as i32;
        if later.day < self.day {
            m -= 1;
        }
        m.max(0) as u32
    }

    /// Month index `year * 12 + month - 1`, handy for month arithmetic.
    #[must_use]
    pub fn month_number(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Reads `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD` (one-digit month and day allowed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let err = || DateError(t.to_string());
        let mut parts = t.split(['-', '/', '.']);
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        let all_digits =
            |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y)
            && y.len() == 4
            && all_digits(m)
            && m.len() <= 2
            && all_digits(d)
            && d.len() <= 2)
        {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        let day = d.parse().map_err(|_| err())?;
        Date::new(year, month, day).ok_or_else(err)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let d: Date = "2024-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2024-02-29");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-13-01".parse::<Date>().is_err());
        assert!("24-01-01".parse::<Date>().is_err());
        assert_eq!(
            "2024/3/5".parse::<Date>().unwrap().to_string(),
            "2024-03-05"
        );
    }

    #[test]
    fn arithmetic() {
        let d = Date::new(2024, 1, 31).unwrap();
        assert_eq!(d.add_months(1), Date::new(2024, 2, 29).unwrap());
        assert_eq!(d.add_months(-2), Date::new(2023, 11, 30).unwrap());
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        for n in [-1000, 0, 19_000, 20_000, 20_513] {
            assert_eq!(Date::from_day_number(n).unwrap().day_number(), n);
        }
        assert_eq!(d.days_until(Date::new(2024, 3, 1).unwrap()), 30);
        assert_eq!(d.months_until(Date::new(2024, 3, 30).unwrap()), 1);
        assert_eq!(d.months_until(Date::new(2024, 3, 31).unwrap()), 2);
    }
}
