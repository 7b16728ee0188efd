//! Instants, civil dates and time zones: the only module that touches `chrono`.
//!
//! frontline keeps time at **second resolution**. SLA targets, business hours and
//! rule thresholds are all specified to the second, and whole seconds make every
//! computation exact. RFC 3339 input may carry a fractional part; it is truncated
//! toward the past (`10:00:00.900Z` is `10:00:00Z`), which is documented on
//! [`Timestamp::parse`].
//!
//! The rest of the crate sees only the types defined here: [`Timestamp`] (an
//! instant), [`Zone`] (an IANA time zone, with the tz database compiled in),
//! [`Date`] and [`Weekday`] (civil calendar values).
//!
//! A [`Timestamp`] converts from and to `std::time::SystemTime` (`TryFrom`
//! both ways), and with the `chrono` and `jiff` features from and to
//! `chrono::DateTime<Utc>` and `jiff::Timestamp`. Going in, sub-second
//! precision is dropped toward the past and instants outside the years 0001
//! to 9999 are an error.

/// Implements `Debug` (as `Display`), `FromStr`, `Serialize` (as text) and
/// `Deserialize` (parsed with the type's `parse`, noting the error's code for
/// the JSON API) for a type that is text in JSON.
macro_rules! text_type {
    ($name:ident) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::time::TimeError;
            fn from_str(s: &str) -> Result<$name, crate::time::TimeError> {
                $name::parse(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$name, D::Error> {
                let text = crate::util::Text::deserialize(deserializer)?;
                $name::parse(&text.0).map_err(|e| crate::util::de_error(e.code(), e))
            }
        }
    };
}
pub(crate) use text_type;

mod civil;
mod error;
mod interop;
mod rules;
mod timestamp;
#[cfg(feature = "reply")]
mod words;
mod zone;

pub use civil::{Date, WallTime, Weekday};
pub use error::TimeError;
pub(crate) use rules::ZoneRules;
pub use timestamp::Timestamp;
#[cfg(feature = "reply")]
pub use words::{WordsLang, WordsStyle, clock, day_name, in_words};
pub use zone::Zone;
