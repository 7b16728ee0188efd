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

mod civil;
mod error;
mod rules;
mod timestamp;
mod zone;

pub use civil::{Date, WallTime, Weekday};
pub use error::TimeError;
pub(crate) use rules::ZoneRules;
pub use timestamp::Timestamp;
pub use zone::Zone;
