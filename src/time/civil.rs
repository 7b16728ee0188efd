use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::TimeError;
use crate::util::excerpt;

/// A day of the week.
///
/// In JSON: `"mon"`, `"tue"`, `"wed"`, `"thu"`, `"fri"`, `"sat"`, `"sun"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// All weekdays, Monday first (ISO 8601 order).
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// Days since Monday: Monday is 0, Sunday is 6.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The weekday with the given index modulo 7 (0 is Monday).
    pub fn from_index(index: usize) -> Weekday {
        match index % 7 {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    /// The three-letter lower-case name used in JSON (`"mon"`).
    pub fn short_name(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .get(self.index())
            .copied()
            .unwrap_or("mon")
    }
}

impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.short_name())
    }
}

/// A wall-clock time of day, `00:00:00` to `24:00:00` inclusive, at second
/// resolution. `24:00` means the end of the day (midnight of the next day), as
/// the end of an opening interval.
///
/// In JSON it is `"HH:MM"` or `"HH:MM:SS"`.
///
/// ```
/// use frontline::time::WallTime;
/// assert_eq!(WallTime::parse("17:30")?.seconds(), 63_000);
/// assert_eq!(WallTime::parse("24:00")?.to_string(), "24:00");
/// assert!(WallTime::parse("24:01").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WallTime(u32);

impl WallTime {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: WallTime = WallTime(0);
    /// `24:00`, the end of the day.
    pub const END_OF_DAY: WallTime = WallTime(86_400);

    /// The time `seconds` after midnight, if at most 86,400.
    pub fn from_seconds(seconds: u32) -> Option<WallTime> {
        (seconds <= 86_400).then_some(WallTime(seconds))
    }

    /// Parses `HH:MM` or `HH:MM:SS`, from `00:00` to `24:00`.
    ///
    /// # Errors
    /// [`TimeError::InvalidWallTime`] for any other shape or value.
    pub fn parse(input: &str) -> Result<WallTime, TimeError> {
        let err = || TimeError::InvalidWallTime {
            input: excerpt(input),
        };
        let bytes = input.as_bytes();
        let shaped = matches!(bytes.len(), 5 | 8)
            && bytes.iter().enumerate().all(|(i, b)| match i {
                2 | 5 => *b == b':',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err(err());
        }
        let field = |at: usize| -> u32 {
            bytes
                .get(at..at + 2)
                .map_or(0, |d| d.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
        };
        let (h, m) = (field(0), field(3));
        let s = if bytes.len() == 8 { field(6) } else { 0 };
        if h > 24 || m > 59 || s > 59 || (h == 24 && (m, s) != (0, 0)) {
            return Err(err());
        }
        Ok(WallTime(h * 3600 + m * 60 + s))
    }

    /// Seconds since midnight, 0 to 86,400.
    pub fn seconds(self) -> u32 {
        self.0
    }
}

super::text_type!(WallTime);

impl fmt::Display for WallTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            f.pad(&format!("{h:02}:{m:02}"))
        } else {
            f.pad(&format!("{h:02}:{m:02}:{s:02}"))
        }
    }
}

/// A civil calendar date (proleptic Gregorian), without a time zone.
///
/// In JSON it is `"YYYY-MM-DD"`. Supported years are 0001 to 9999.
///
/// # Example
///
/// ```
/// use frontline::time::{Date, Weekday};
///
/// let d: Date = "2026-12-25".parse()?;
/// assert_eq!(d.weekday(), Weekday::Fri);
/// assert_eq!(d.add_days(7).unwrap().to_string(), "2027-01-01");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// The chrono date (inside the time module only).
    #[cfg(feature = "reply")]
    pub(super) fn naive(self) -> NaiveDate {
        self.0
    }

    /// The date with the given year, month (1–12) and day (1–31), if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// # Errors
    /// [`TimeError::InvalidDate`] for any other shape or for a day that does not exist.
    pub fn parse(input: &str) -> Result<Date, TimeError> {
        let err = || TimeError::InvalidDate {
            input: excerpt(input),
        };
        let bytes = input.as_bytes();
        let shaped = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err(err());
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            input.get(range).and_then(|s| s.parse().ok())
        };
        let (Some(y), Some(m), Some(d)) = (number(0..4), number(5..7), number(8..10)) else {
            return Err(err());
        };
        let year = i32::try_from(y).map_err(|_| err())?;
        Date::new(year, m, d).ok_or_else(err)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        Weekday::from_index(self.0.weekday().num_days_from_monday() as usize)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        i64::from(self.0.num_days_from_ce()) - 719_163
    }

    /// The date `days` after 1970-01-01; clamped to the years 0001 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let min = i64::from(Date::MIN.0.num_days_from_ce());
        let max = i64::from(Date::MAX.0.num_days_from_ce());
        let ce = days.saturating_add(719_163).clamp(min, max);
        // In range after the clamp, so the conversion and lookup succeed.
        let ce = i32::try_from(ce).unwrap_or(1);
        Date(NaiveDate::from_num_days_from_ce_opt(ce).unwrap_or(Date::MIN.0))
    }

    /// This date moved by `days`, or `None` outside the years 0001 to 9999.
    pub fn add_days(self, days: i64) -> Option<Date> {
        let target = self.days_since_epoch().checked_add(days)?;
        let date = Date::from_days_since_epoch(target);
        (date.days_since_epoch() == target).then_some(date)
    }

    /// The earliest supported date, 0001-01-01.
    pub const MIN: Date = match NaiveDate::from_ymd_opt(1, 1, 1) {
        Some(d) => Date(d),
        None => Date(NaiveDate::MIN),
    };
    /// The latest supported date, 9999-12-31.
    pub const MAX: Date = match NaiveDate::from_ymd_opt(9999, 12, 31) {
        Some(d) => Date(d),
        None => Date(NaiveDate::MAX),
    };
}

super::text_type!(Date);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_weekday() {
        let d = Date::parse("2026-11-22").unwrap();
        assert_eq!(d.weekday(), Weekday::Sun);
        assert_eq!((d.year(), d.month(), d.day()), (2026, 11, 22));
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2026-2-01").is_err());
        assert!(Date::parse("+026-02-01").is_err());
        assert!(Date::parse("0000-01-01").is_err());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::from_days_since_epoch(-1).to_string(), "1969-12-31");
        assert_eq!(Date::MAX.add_days(1), None);
        assert_eq!(Date::MIN.add_days(-1), None);
        assert_eq!(Date::from_days_since_epoch(i64::MAX), Date::MAX);
    }

    #[test]
    fn wall_times() {
        assert_eq!(WallTime::parse("00:00").unwrap(), WallTime::MIDNIGHT);
        assert_eq!(WallTime::parse("24:00:00").unwrap(), WallTime::END_OF_DAY);
        assert_eq!(WallTime::parse("09:05:07").unwrap().to_string(), "09:05:07");
        for bad in [
            "9:00", "09:60", "25:00", "24:00:01", "09-00", "", "09:00:0", "０9:00",
        ] {
            assert!(WallTime::parse(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn wall_time_round_trip(s in 0u32..=86_400) {
            let w = WallTime::from_seconds(s).unwrap();
            proptest::prop_assert_eq!(WallTime::parse(&w.to_string()).unwrap(), w);
        }

        #[test]
        fn days_round_trip(days in -719_162i64..=2_932_896) {
            let d = Date::from_days_since_epoch(days);
            proptest::prop_assert_eq!(d.days_since_epoch(), days);
            proptest::prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        }
    }
}
