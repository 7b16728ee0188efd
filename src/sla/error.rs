use thiserror::Error;

use crate::calendar::CalendarError;

/// An error from building an SLA policy set.
///
/// Evaluation itself cannot fail on configuration: everything is checked here.
/// [`SlaError::code`] gives a stable code for the JSON API and the FFI.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SlaError {
    /// A calendar in the set is invalid.
    #[error("calendar `{name}`: {source}")]
    Calendar {
        /// The calendar's name.
        name: String,
        /// What is wrong with it.
        source: CalendarError,
    },
    /// A policy names a calendar the set does not define.
    #[error("policy `{policy}` uses unknown calendar `{calendar}`")]
    UnknownCalendar {
        /// The policy.
        policy: String,
        /// The calendar name.
        calendar: String,
    },
    /// A policy has a target for a metric the set does not define.
    #[error("policy `{policy}` has a target for unknown metric `{metric}`")]
    UnknownMetric {
        /// The policy.
        policy: String,
        /// The metric name.
        metric: String,
    },
    /// A target of zero or less, or one that cannot be read.
    #[error("policy `{policy}`, metric `{metric}`: invalid target `{value}`: {reason}")]
    InvalidTarget {
        /// The policy.
        policy: String,
        /// The metric.
        metric: String,
        /// The value given.
        value: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A policy with no targets at all.
    #[error("policy `{policy}` has no targets")]
    NoTargets {
        /// The policy.
        policy: String,
    },
    /// Two policies, metrics or calendars share a name, or a name is empty.
    #[error("invalid or repeated {kind} name `{name}`")]
    BadName {
        /// `policy`, `metric` or `calendar`.
        kind: &'static str,
        /// The name.
        name: String,
    },
    /// A custom metric definition that can never start, or clashes with a built-in.
    #[error("metric `{metric}`: {reason}")]
    InvalidMetric {
        /// The metric.
        metric: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// A warning threshold outside its range.
    #[error("policy `{policy}`: warning threshold {reason}")]
    InvalidWarning {
        /// The policy.
        policy: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A policy's or a metric's condition that does not check, or reads the
    /// event or the time.
    #[error("{owner}: {source}")]
    Condition {
        /// `policy `name`` or `metric `name``.
        owner: String,
        /// What is wrong with it.
        source: Box<crate::rules::RulesError>,
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

impl SlaError {
    /// A stable code for this kind of error, for the JSON API and the FFI.
    pub fn code(&self) -> &'static str {
        match self {
            SlaError::Calendar { source, .. } => source.code(),
            SlaError::UnknownCalendar { .. } => "sla.unknown_calendar",
            SlaError::UnknownMetric { .. } => "sla.unknown_metric",
            SlaError::InvalidTarget { .. } => "sla.invalid_target",
            SlaError::NoTargets { .. } => "sla.no_targets",
            SlaError::BadName { .. } => "sla.bad_name",
            SlaError::InvalidMetric { .. } => "sla.invalid_metric",
            SlaError::InvalidWarning { .. } => "sla.invalid_warning",
            SlaError::TooLarge { .. } => "sla.too_large",
            SlaError::Condition { source, .. } => source.code(),
        }
    }
}
