use thiserror::Error;

use crate::time::{TimeError, Timestamp};

/// An error from building a business calendar or computing with one.
///
/// Messages are lower-case and quote the offending value in backticks.
/// [`CalendarError::code`] gives a stable code for the JSON API and the FFI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A time, date or zone in the calendar is malformed.
    #[error(transparent)]
    Time(#[from] TimeError),
    /// An opening interval has the same start and end.
    #[error("interval `{start}`-`{end}` on {day} is empty")]
    EmptyInterval {
        /// Where the interval is (`mon`, `2026-12-24`).
        day: String,
        /// Its start.
        start: String,
        /// Its end.
        end: String,
    },
    /// An interval starts at `24:00`.
    #[error("interval on {day} starts at `24:00`: use `00:00` of the next day")]
    StartsAtEndOfDay {
        /// Where the interval is.
        day: String,
    },
    /// Two intervals of the same day overlap.
    #[error("intervals `{first}` and `{second}` on {day} overlap")]
    Overlap {
        /// Where they are.
        day: String,
        /// The first interval, as `start-end`.
        first: String,
        /// The second interval, as `start-end`.
        second: String,
    },
    /// A weekday is listed with no intervals (leave it out to close it).
    #[error("weekday `{day}` has an empty list of hours: leave it out to close the day")]
    EmptyWeekday {
        /// The weekday.
        day: String,
    },
    /// The weekly hours have no open time.
    #[error("the calendar has no weekly opening hours")]
    NoOpenTime,
    /// A country code without built-in holidays.
    #[error("no built-in holidays for country `{code}`: known are NL, BE, DE, GB, FR, US")]
    UnknownCountry {
        /// The code given.
        code: String,
    },
    /// A documented size cap was exceeded.
    #[error("{what} exceeds the limit of {limit}")]
    TooLarge {
        /// What grew too large.
        what: &'static str,
        /// The cap.
        limit: usize,
    },
    /// A year without built-in holidays.
    #[error("no built-in holidays for year `{year}`: years 1970 to 2199 are covered")]
    YearOutOfRange {
        /// The year asked for.
        year: i64,
    },
    /// An instant, or a result, outside the calendar's horizon.
    #[error(
        "`{instant}` is outside the calendar horizon (1970-01-01T00:00:00Z to 2100-01-01T00:00:00Z)"
    )]
    OutsideHorizon {
        /// The instant (for a result: the horizon end it would pass).
        instant: Timestamp,
    },
    /// A negative duration.
    #[error("duration `{seconds}` is negative")]
    NegativeDuration {
        /// The seconds given.
        seconds: i64,
    },
    /// A calendar name that is empty, too long or has control characters.
    #[error("invalid calendar name `{name}`: {reason}")]
    BadName {
        /// The name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A configuration defines a calendar that the shared
    /// [`Calendars`](super::Calendars) it is built with already has. The
    /// area error that wraps it names the calendar.
    #[error("defined both in the configuration and in the shared calendars")]
    DefinedTwice {
        /// The name.
        name: String,
    },
    /// An error in one calendar of a set, with its name.
    #[error("calendar `{name}`: {source}")]
    Named {
        /// The calendar's name.
        name: String,
        /// What is wrong with it.
        source: Box<CalendarError>,
    },
    /// No business time at all remains before the horizon ends (or, going
    /// backward, after it starts).
    #[error("no business time after `{from}` within the calendar horizon")]
    NoMoreOpenTime {
        /// Where the search started.
        from: Timestamp,
    },
}

impl CalendarError {
    /// This error, said of the calendar called `name`.
    pub(crate) fn named(self, name: &str) -> CalendarError {
        CalendarError::Named {
            name: crate::util::excerpt(name),
            source: Box::new(self),
        }
    }

    /// A stable code for this kind of error, for the JSON API and the FFI.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::Time(e) => e.code(),
            CalendarError::EmptyInterval { .. } => "calendar.empty_interval",
            CalendarError::StartsAtEndOfDay { .. } => "calendar.starts_at_end_of_day",
            CalendarError::Overlap { .. } => "calendar.overlap",
            CalendarError::EmptyWeekday { .. } => "calendar.empty_weekday",
            CalendarError::NoOpenTime => "calendar.no_open_time",
            CalendarError::UnknownCountry { .. } => "calendar.unknown_country",
            CalendarError::TooLarge { .. } => "calendar.too_large",
            CalendarError::YearOutOfRange { .. } => "calendar.year_out_of_range",
            CalendarError::OutsideHorizon { .. } => "calendar.outside_horizon",
            CalendarError::NegativeDuration { .. } => "calendar.negative_duration",
            CalendarError::NoMoreOpenTime { .. } => "calendar.no_more_open_time",
            CalendarError::BadName { .. } => "calendar.bad_name",
            CalendarError::DefinedTwice { .. } => "calendar.defined_twice",
            CalendarError::Named { source, .. } => source.code(),
        }
    }
}
