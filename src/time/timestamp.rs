use std::fmt;

use chrono::{DateTime, SecondsFormat, Timelike, Utc};

use super::TimeError;
use crate::util::excerpt;

/// An instant in time, at second resolution, independent of any time zone.
///
/// A `Timestamp` is a count of seconds since 1970-01-01T00:00:00Z (leap seconds
/// are not counted, as in POSIX time). It covers the years 0001 to 9999.
///
/// In JSON and with [`Display`](fmt::Display) it is an RFC 3339 string in UTC,
/// `"2026-03-27T15:00:00Z"`; parsing accepts any RFC 3339 offset.
///
/// # Example
///
/// ```
/// use frontline::time::Timestamp;
///
/// let t: Timestamp = "2026-03-27T16:00:00+01:00".parse()?;
/// assert_eq!(t.to_string(), "2026-03-27T15:00:00Z");
/// let later = t.checked_add_seconds(7200).unwrap();
/// assert_eq!(later.seconds_since(t), 7200);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The earliest supported instant, `0001-01-01T00:00:00Z`.
    pub const MIN: Timestamp = Timestamp(-62_135_596_800);
    /// The latest supported instant, `9999-12-31T23:59:59Z`.
    pub const MAX: Timestamp = Timestamp(253_402_300_799);
    /// The Unix epoch, `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// The instant `seconds` after the Unix epoch (negative: before it).
    ///
    /// # Errors
    /// [`TimeError::OutOfRange`] outside the years 0001 to 9999.
    pub fn from_unix_seconds(seconds: i64) -> Result<Timestamp, TimeError> {
        if (Self::MIN.0..=Self::MAX.0).contains(&seconds) {
            Ok(Timestamp(seconds))
        } else {
            Err(TimeError::OutOfRange {
                input: seconds.to_string(),
            })
        }
    }

    /// The instant `seconds` after the Unix epoch, clamped to the supported
    /// range ([`Timestamp::MIN`] to [`Timestamp::MAX`]).
    pub(crate) fn saturating_from_unix_seconds(seconds: i64) -> Timestamp {
        Timestamp(seconds.clamp(Self::MIN.0, Self::MAX.0))
    }

    /// Seconds since the Unix epoch.
    pub fn as_unix_seconds(self) -> i64 {
        self.0
    }

    /// Parses an RFC 3339 timestamp with any offset, such as
    /// `2026-03-27T15:00:00Z` or `2026-03-27T16:00:00+01:00`.
    ///
    /// A fractional second is truncated toward the past: frontline's clock has
    /// second resolution.
    ///
    /// A leap second (`:60`) is accepted only as the last second of a UTC day
    /// (`2016-12-31T23:59:60Z`, or the same instant at another offset, such
    /// as `2017-01-01T00:59:60+01:00`), where it counts as `23:59:59Z`: as in
    /// POSIX time, the inserted second shares the number of the one before.
    /// Anywhere else `:60` names no instant and is an error; no other time
    /// is ever moved.
    ///
    /// ```
    /// use frontline::time::Timestamp;
    /// let t = Timestamp::parse("2016-12-31T23:59:60Z")?;
    /// assert_eq!(t.to_string(), "2016-12-31T23:59:59Z");
    /// assert!(Timestamp::parse("2026-03-02T10:59:60+01:00").is_err());
    /// # Ok::<(), frontline::time::TimeError>(())
    /// ```
    ///
    /// # Errors
    /// [`TimeError::InvalidTimestamp`] for text that is not RFC 3339;
    /// [`TimeError::LeapSecond`] for `:60` other than at the end of a UTC day;
    /// [`TimeError::OutOfRange`] for instants outside the years 0001 to 9999.
    pub fn parse(input: &str) -> Result<Timestamp, TimeError> {
        let parsed =
            DateTime::parse_from_rfc3339(input).map_err(|_| TimeError::InvalidTimestamp {
                input: excerpt(input),
            })?;
        // chrono reads `:60` as second 59 with a nanosecond past 10⁹.
        if parsed.nanosecond() >= 1_000_000_000 {
            let utc = parsed.with_timezone(&Utc);
            if (utc.hour(), utc.minute(), utc.second()) != (23, 59, 59) {
                return Err(TimeError::LeapSecond {
                    input: excerpt(input),
                });
            }
        }
        Timestamp::from_unix_seconds(parsed.timestamp()).map_err(|_| TimeError::OutOfRange {
            input: excerpt(input),
        })
    }

    /// This instant moved by `seconds` (negative: into the past), or `None` if
    /// the result leaves the supported range.
    pub fn checked_add_seconds(self, seconds: i64) -> Option<Timestamp> {
        let sum = self.0.checked_add(seconds)?;
        Timestamp::from_unix_seconds(sum).ok()
    }

    /// This instant moved by `seconds`, clamped to [`Timestamp::MIN`] and
    /// [`Timestamp::MAX`].
    pub fn saturating_add_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(
            self.0
                .saturating_add(seconds)
                .clamp(Self::MIN.0, Self::MAX.0),
        )
    }

    /// Seconds from `earlier` to `self`; negative if `earlier` is later.
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        // Both values lie in [MIN, MAX], so the difference cannot overflow.
        self.0 - earlier.0
    }

    pub(crate) fn to_chrono(self) -> DateTime<Utc> {
        // In range by construction; the fallback is never taken.
        DateTime::from_timestamp(self.0, 0).unwrap_or_default()
    }
}

super::text_type!(Timestamp);

/// A `SystemTime` as a timestamp, truncated toward the past to the second
/// (as [`Timestamp::parse`] truncates a fraction).
///
/// ```
/// use frontline::time::Timestamp;
/// use std::time::{Duration, SystemTime};
/// let t = Timestamp::try_from(SystemTime::UNIX_EPOCH + Duration::from_millis(1_500))?;
/// assert_eq!(t.as_unix_seconds(), 1);
/// let before = Timestamp::try_from(SystemTime::UNIX_EPOCH - Duration::from_millis(500))?;
/// assert_eq!(before.as_unix_seconds(), -1);
/// assert_eq!(SystemTime::try_from(t)?, SystemTime::UNIX_EPOCH + Duration::from_secs(1));
/// # Ok::<(), frontline::time::TimeError>(())
/// ```
impl TryFrom<std::time::SystemTime> for Timestamp {
    type Error = TimeError;

    /// # Errors
    /// [`TimeError::OutOfRange`] outside the years 0001 to 9999.
    fn try_from(t: std::time::SystemTime) -> Result<Timestamp, TimeError> {
        let out_of_range = || TimeError::OutOfRange {
            input: format!("{t:?}"),
        };
        let seconds = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).map_err(|_| out_of_range())?,
            Err(before) => {
                let d = before.duration();
                let whole = i64::try_from(d.as_secs()).map_err(|_| out_of_range())?;
                // Toward the past: 0.5 s before the epoch is second -1.
                -whole - i64::from(d.subsec_nanos() > 0)
            }
        };
        Timestamp::from_unix_seconds(seconds).map_err(|_| out_of_range())
    }
}

/// A timestamp as a `SystemTime`. Fails only where the platform's
/// `SystemTime` is narrower than the years 0001 to 9999 (on Windows it starts
/// in 1601).
impl TryFrom<Timestamp> for std::time::SystemTime {
    type Error = TimeError;

    /// # Errors
    /// [`TimeError::OutOfRange`] for an instant the platform cannot hold.
    fn try_from(t: Timestamp) -> Result<std::time::SystemTime, TimeError> {
        let magnitude = std::time::Duration::from_secs(t.0.unsigned_abs());
        let moved = if t.0 >= 0 {
            std::time::UNIX_EPOCH.checked_add(magnitude)
        } else {
            std::time::UNIX_EPOCH.checked_sub(magnitude)
        };
        moved.ok_or_else(|| TimeError::OutOfRange {
            input: t.to_string(),
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.to_chrono().to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_time_round_trips_over_the_whole_range() {
        use std::time::SystemTime;
        for t in [
            Timestamp::MIN,
            Timestamp(-1),
            Timestamp(0),
            Timestamp(1_772_000_000),
            Timestamp::MAX,
        ] {
            let s = SystemTime::try_from(t).unwrap();
            assert_eq!(Timestamp::try_from(s), Ok(t));
        }
        let past_max =
            SystemTime::try_from(Timestamp::MAX).unwrap() + std::time::Duration::from_secs(1);
        assert_eq!(
            Timestamp::try_from(past_max).map_err(|e| e.code()),
            Err("time.out_of_range")
        );
    }

    #[test]
    fn leap_seconds_only_end_a_utc_day() {
        for ok in [
            "2016-12-31T23:59:60Z",
            "2017-01-01T00:59:60+01:00",
            "2015-06-30T19:59:60-04:00",
            "2016-12-31T23:59:60.5Z",
        ] {
            let t = Timestamp::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
            assert_eq!(t.to_string().get(11..), Some("23:59:59Z"), "{ok}");
        }
        for bad in [
            "2026-03-02T10:59:60+01:00",
            "2026-03-02T23:30:60Z",
            "2016-12-31T23:59:60+01:00",
            "2026-03-02T12:00:60Z",
        ] {
            assert_eq!(
                Timestamp::parse(bad).map_err(|e| e.code()),
                Err("time.leap_second"),
                "{bad}"
            );
        }
        // Ordinary times are never moved.
        assert_eq!(
            Timestamp::parse("2026-03-02T10:59:59+01:00")
                .unwrap()
                .to_string(),
            "2026-03-02T09:59:59Z"
        );
    }

    #[test]
    fn parses_offsets_and_formats_utc() {
        let t = Timestamp::parse("2026-03-27T16:00:00+01:00").unwrap();
        assert_eq!(t.to_string(), "2026-03-27T15:00:00Z");
        assert_eq!(t, "2026-03-27T15:00:00Z".parse().unwrap());
    }

    #[test]
    fn truncates_fractions_toward_the_past() {
        let t = Timestamp::parse("2026-03-27T15:00:00.999Z").unwrap();
        assert_eq!(t.to_string(), "2026-03-27T15:00:00Z");
        let before_epoch = Timestamp::parse("1969-12-31T23:59:59.5Z").unwrap();
        assert_eq!(before_epoch.as_unix_seconds(), -1);
    }

    #[test]
    fn rejects_garbage_and_range() {
        assert_eq!(
            Timestamp::parse("yesterday").unwrap_err().code(),
            "time.invalid_timestamp"
        );
        assert!(Timestamp::from_unix_seconds(i64::MAX).is_err());
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(Timestamp::MIN.to_string(), "0001-01-01T00:00:00Z");
        assert!(Timestamp::MAX.checked_add_seconds(1).is_none());
        assert_eq!(Timestamp::MAX.saturating_add_seconds(10), Timestamp::MAX);
    }

    #[test]
    fn serde_round_trip() {
        let t = Timestamp::parse("2026-01-02T03:04:05Z").unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2026-01-02T03:04:05Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert!(serde_json::from_str::<Timestamp>("\"nope\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("12").is_err());
    }

    proptest::proptest! {
        #[test]
        fn display_parse_round_trip(s in Timestamp::MIN.0..=Timestamp::MAX.0) {
            let t = Timestamp(s);
            proptest::prop_assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Timestamp::parse(&s);
        }
    }
}
