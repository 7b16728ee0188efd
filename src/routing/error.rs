use thiserror::Error;

use crate::calendar::CalendarError;

/// An error from building a routing policy or reading routing input.
///
/// [`RoutingError::code`] gives a stable code for the JSON API and the FFI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum RoutingError {
    /// A skill level outside 1 to 5.
    #[error("skill level `{level}` is outside 1 to 5")]
    InvalidLevel {
        /// The level given.
        level: u8,
    },
    /// A shift calendar is invalid.
    #[error("calendar `{name}`: {source}")]
    Calendar {
        /// Its name.
        name: String,
        /// What is wrong.
        source: CalendarError,
    },
    /// Relaxation steps out of order, or with a negative wait.
    #[error("relaxation step {index}: {reason}")]
    InvalidRelaxation {
        /// The step's position.
        index: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// A fairness limit of zero or a window of zero seconds.
    #[error("fairness limit must have a positive max and window")]
    InvalidFairness,
    /// An agent names a shift calendar the policy does not define.
    #[error("agent `{agent}` uses unknown shift calendar `{calendar}`")]
    UnknownShift {
        /// The agent.
        agent: String,
        /// The calendar name.
        calendar: String,
    },
    /// Two agents share an id.
    #[error("agent `{agent}` appears twice")]
    DuplicateAgent {
        /// The id.
        agent: String,
    },
    /// A weighted capacity with a channel that costs nothing.
    #[error("agent `{agent}` has a weighted capacity with a cost of 0")]
    ZeroCost {
        /// The agent.
        agent: String,
    },
    /// A name or tag is longer than its documented cap.
    #[error("{what} `{name}` is longer than {max} bytes")]
    NameTooLong {
        /// What kind of name.
        what: &'static str,
        /// The name (cut to 64 bytes).
        name: String,
        /// The cap, in bytes.
        max: usize,
    },
    /// A documented size cap was exceeded.
    #[error("{what} exceeds the limit of {limit}")]
    TooLarge {
        /// What grew too large.
        what: &'static str,
        /// The cap.
        limit: usize,
    },
}

impl RoutingError {
    /// A stable code for this kind of error, for the JSON API and the FFI.
    pub fn code(&self) -> &'static str {
        match self {
            RoutingError::InvalidLevel { .. } => "routing.invalid_level",
            RoutingError::Calendar { source, .. } => source.code(),
            RoutingError::InvalidRelaxation { .. } => "routing.invalid_relaxation",
            RoutingError::InvalidFairness => "routing.invalid_fairness",
            RoutingError::UnknownShift { .. } => "routing.unknown_shift",
            RoutingError::DuplicateAgent { .. } => "routing.duplicate_agent",
            RoutingError::ZeroCost { .. } => "routing.zero_cost",
            RoutingError::TooLarge { .. } => "routing.too_large",
            RoutingError::NameTooLong { .. } => "routing.name_too_long",
        }
    }
}
