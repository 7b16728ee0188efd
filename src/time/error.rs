use thiserror::Error;

/// An error from parsing or converting a time value.
///
/// Every variant names the offending input. [`TimeError::code`] gives a stable,
/// machine-readable code for the JSON API and the FFI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimeError {
    /// A string is not an RFC 3339 timestamp such as `2026-03-27T15:00:00Z`.
    #[error("invalid timestamp `{input}`: expected RFC 3339 such as `2026-03-27T15:00:00Z`")]
    InvalidTimestamp {
        /// The rejected input (cut to 64 bytes).
        input: String,
    },
    /// A timestamp has a leap second (`:60`) other than as the last second of
    /// a UTC day, where no instant has that name.
    #[error(
        "invalid leap second in `{input}`: `:60` is only accepted as the last second of a UTC day (`23:59:60Z`)"
    )]
    LeapSecond {
        /// The rejected input (cut to 64 bytes).
        input: String,
    },
    /// An instant lies outside the supported range (years 0001 to 9999).
    #[error("instant `{input}` is outside the supported range (years 0001 to 9999)")]
    OutOfRange {
        /// The rejected value, as text.
        input: String,
    },
    /// A name is not an IANA time zone known to the compiled-in tz database.
    #[error("unknown time zone `{name}`")]
    UnknownZone {
        /// The rejected name (cut to 64 bytes).
        name: String,
    },
    /// A string is not a wall-clock time `HH:MM[:SS]` between `00:00` and `24:00`.
    #[error(
        "invalid time of day `{input}`: expected `HH:MM` or `HH:MM:SS` from `00:00` to `24:00`"
    )]
    InvalidWallTime {
        /// The rejected input (cut to 64 bytes).
        input: String,
    },
    /// A string is not a calendar date `YYYY-MM-DD`, or names a day that does not exist.
    #[error("invalid date `{input}`: expected `YYYY-MM-DD`")]
    InvalidDate {
        /// The rejected input (cut to 64 bytes).
        input: String,
    },
}

impl TimeError {
    /// A stable code for this kind of error, for the JSON API and the FFI.
    pub fn code(&self) -> &'static str {
        match self {
            TimeError::InvalidTimestamp { .. } => "time.invalid_timestamp",
            TimeError::LeapSecond { .. } => "time.leap_second",
            TimeError::OutOfRange { .. } => "time.out_of_range",
            TimeError::UnknownZone { .. } => "time.unknown_zone",
            TimeError::InvalidDate { .. } => "time.invalid_date",
            TimeError::InvalidWallTime { .. } => "time.invalid_wall_time",
        }
    }
}
