//! Conversions to and from the ecosystem's date-time crates, each behind an
//! optional feature so a host pays only for the one it uses.
//!
//! | feature | from | into |
//! |---|---|---|
//! | `chrono` | `chrono::DateTime<Utc>` (`TryFrom`) | `chrono::DateTime<Utc>` (`From`) |
//! | `jiff` | `jiff::Timestamp` (`TryFrom`) | `jiff::Timestamp` (`TryFrom`) |
//!
//! Going into frontline drops sub-second precision toward the past, as
//! [`Timestamp::parse`] does, and fails outside the years 0001 to 9999.
//! Going out fails only where the other crate's range is narrower (jiff's
//! starts at -9999, so in practice never).

#[cfg(any(feature = "chrono", feature = "jiff"))]
use super::{TimeError, Timestamp};

/// From a chrono UTC date-time, truncated to the second.
///
/// ```
/// use frontline::time::Timestamp;
/// let dt = chrono::DateTime::parse_from_rfc3339("2026-03-27T15:00:00.750Z")?.to_utc();
/// let t = Timestamp::try_from(dt)?;
/// assert_eq!(t.to_string(), "2026-03-27T15:00:00Z");
/// assert_eq!(chrono::DateTime::<chrono::Utc>::from(t).timestamp(), t.as_unix_seconds());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "chrono")]
impl TryFrom<chrono::DateTime<chrono::Utc>> for Timestamp {
    type Error = TimeError;

    /// # Errors
    /// [`TimeError::OutOfRange`] outside the years 0001 to 9999.
    fn try_from(dt: chrono::DateTime<chrono::Utc>) -> Result<Timestamp, TimeError> {
        Timestamp::from_unix_seconds(dt.timestamp()).map_err(|_| TimeError::OutOfRange {
            input: dt.to_rfc3339(),
        })
    }
}

/// Into a chrono UTC date-time; every frontline instant fits.
#[cfg(feature = "chrono")]
impl From<Timestamp> for chrono::DateTime<chrono::Utc> {
    fn from(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
        t.to_chrono()
    }
}

/// From a jiff timestamp, truncated to the second (toward the past).
///
/// ```
/// use frontline::time::Timestamp;
/// let j: jiff::Timestamp = "1969-12-31T23:59:59.5Z".parse()?;
/// let t = Timestamp::try_from(j)?;
/// assert_eq!(t.as_unix_seconds(), -1);
/// assert_eq!(jiff::Timestamp::try_from(t)?.as_second(), -1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "jiff")]
impl TryFrom<jiff::Timestamp> for Timestamp {
    type Error = TimeError;

    /// # Errors
    /// [`TimeError::OutOfRange`] outside the years 0001 to 9999.
    fn try_from(j: jiff::Timestamp) -> Result<Timestamp, TimeError> {
        // `as_second` truncates toward zero; step back for a negative
        // instant with a fractional part so it floors, as parsing does.
        let whole = j.as_second();
        let floor = if j.subsec_nanosecond() < 0 {
            whole - 1
        } else {
            whole
        };
        Timestamp::from_unix_seconds(floor).map_err(|_| TimeError::OutOfRange {
            input: j.to_string(),
        })
    }
}

/// Into a jiff timestamp.
#[cfg(feature = "jiff")]
impl TryFrom<Timestamp> for jiff::Timestamp {
    type Error = TimeError;

    /// # Errors
    /// [`TimeError::OutOfRange`] if jiff cannot hold the instant (it can
    /// hold every frontline instant; the error is there for the type).
    fn try_from(t: Timestamp) -> Result<jiff::Timestamp, TimeError> {
        jiff::Timestamp::from_second(t.as_unix_seconds()).map_err(|_| TimeError::OutOfRange {
            input: t.to_string(),
        })
    }
}
