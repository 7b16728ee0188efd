//! The types nearly every host touches, for one `use frontline::prelude::*;`.
//!
//! ```
//! use frontline::prelude::*;
//!
//! let office = BusinessCalendar::new(
//!     &CalendarSpec::new("Europe/Amsterdam".parse()?).open(&[Weekday::Mon, Weekday::Tue], "09:00", "17:00")?,
//! )?;
//! let start: Timestamp = "2026-03-02T16:00:00Z".parse()?; // 17:00 in Amsterdam
//! // Two business hours later: Tuesday 11:00 in Amsterdam.
//! assert_eq!(office.add(start, 7200)?.to_string(), "2026-03-03T10:00:00Z");
//! # Ok::<(), frontline::Error>(())
//! ```

pub use crate::Error;
#[cfg(feature = "faq")]
pub use crate::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};
#[cfg(feature = "flows")]
pub use crate::flows::{Flow, FlowContext, FlowSpec, FlowState, Input as FlowInput};
#[cfg(feature = "metrics")]
pub use crate::metrics::{Goal, KpiAccumulator, KpiConfig};
#[cfg(feature = "routing")]
pub use crate::routing::{Agent, Roster, RoutingPolicy, WorkItem, assign_backlog, route};
#[cfg(feature = "rules")]
pub use crate::rules::{Condition, RuleInput, RuleSet, evaluate};
#[cfg(feature = "sla")]
pub use crate::sla::{PolicySet, SlaReport};
pub use crate::time::{Timestamp, Weekday};
#[cfg(feature = "calendar")]
pub use crate::{BusinessCalendar, CalendarSpec, calendar::Calendars};
pub use crate::{Channel, Customer, Event, EventKind, Priority, Status, Ticket};
