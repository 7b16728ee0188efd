//! KPIs over ticket histories: mergeable, serialisable accumulators, and
//! goals evaluated against them.
//!
//! A support desk is measured by a few numbers: how fast the first reply
//! comes, how long resolution takes, how many tickets close at the first
//! contact, how satisfied customers are. A [`KpiAccumulator`] computes
//! them for a period, fed one ticket at a time (with its
//! [`SlaReport`](crate::sla::SlaReport) when the host has one), grouped by
//! channel, group, agent, priority, tag, hour of the week or a custom
//! field. Every duration is reported in calendar time and, with a named
//! calendar, in business time, with count, mean, median, p90 and p95.
//!
//! ```
//! use frontline::calendar::Calendars;
//! use frontline::metrics::{check_goals, Goal, GoalStatus, KpiAccumulator, KpiConfig};
//! use frontline::{Event, Ticket};
//!
//! let t = |s: &str| s.parse().unwrap();
//! let config = KpiConfig::new(t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"));
//! let mut kpis = KpiAccumulator::new(config, &Calendars::new())?;
//! let events: Vec<Event> = serde_json::from_str(r#"[
//!   {"at": "2026-11-02T09:00:00Z", "type": "created", "subject": "Retour",
//!    "requester": "c1", "channel": "chat"},
//!   {"at": "2026-11-02T09:00:00Z", "type": "message", "author": "customer", "body": "Hoi"},
//!   {"at": "2026-11-02T09:03:00Z", "type": "message", "author": "agent", "body": "Hallo!"},
//!   {"at": "2026-11-02T09:05:00Z", "type": "status_changed", "to": "solved"}]"#)?;
//! let ticket = Ticket::from_events("T-1".parse()?, events)?;
//! kpis.add(&ticket, None)?;
//!
//! let goal: Goal = serde_json::from_str(
//!     r#"{"metric": "first_reply_time", "stat": "median", "max_seconds": 120}"#)?;
//! let result = &check_goals(&kpis, &[goal])?[0];
//! assert_eq!(result.status, GoalStatus::NotMet);
//! assert_eq!(result.gap, Some(60.0));
//! assert_eq!(result.tickets[0].ticket.as_str(), "T-1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Percentiles
//! Exact while a group's duration holds at most [`EXACT_LIMIT`] values
//! (linear interpolation between ranks, as `percentile_cont`); past that a
//! DDSketch with relative accuracy [`SKETCH_ALPHA`] (1 %), using the
//! logarithmic index mapping of the `sketches-ddsketch` crate. DDSketch
//! was chosen over t-digest because its error is relative (a median of 90
//! seconds is right within a second, one of 9 hours within 6 minutes) and
//! because merging adds bin counts: the merged sketch *is* the sketch of
//! one pass, whatever the split, where a t-digest's answer depends on the
//! order of merging. The bins are kept by frontline (at most 2,200 per
//! duration) so the stored state has a shape of its own, checked on
//! reading. Means, counts and maxima are always exact.
//!
//! ## Merging
//! [`KpiAccumulator::merge`] adds another accumulator with the same
//! configuration; [`KpiAccumulator::state`] and
//! [`KpiAccumulator::from_state`] carry it as JSON between processes.
//!
//! ## Caps and cost
//! At most [`MAX_DIMENSIONS`] grouping dimensions, [`MAX_GROUPS`] groups,
//! [`MAX_AGENTS`] agents, [`MAX_SLA_METRICS`] SLA metrics and
//! [`MAX_GOALS`] goals per call; counts in stored state at most
//! [`MAX_COUNT`]. Adding a ticket is one pass over its events (plus a
//! business-time lookup per measured span when a calendar is set, and a
//! replay of the events before the period's end when the history runs
//! past it). Memory grows with the groups, not the tickets: each of a
//! group's seven durations keeps at most 10,000 exact values (80 KB) and
//! then at most 2,200 bins (18 KB), in calendar and business time, so a
//! group costs at most about 1.1 MB, and only while its durations are
//! exact: 8 bytes per measured value, never more than the values fed. At
//! [`MAX_GROUPS`] groups of 10,000 tickets each the bound is large (about
//! 110 GB): group by what the host needs. A report sorts each exact distribution once:
//! O(groups × 14 × 10,000 log 10,000) at the caps; goals cost O(groups) each.

mod accumulator;
mod config;
mod facts;
mod goals;
mod group;
mod sample;
mod stats;
#[cfg(test)]
mod tests;

pub use accumulator::{AgentKpis, GroupKpis, KpiAccumulator, KpiState, KpiTable};
pub use config::{Dimension, KpiConfig};
pub use goals::{Goal, GoalMetric, GoalResult, GoalStatus, Hours, Stat, check_goals};
pub use group::{Kpis, SlaAttainment, TimingStats};
pub use sample::sample_tickets;
pub use stats::{
    Distribution, EXACT_LIMIT, MAX_COUNT, SKETCH_ALPHA, Scored, Stats, WORST_KEPT, Worst,
};

/// The most grouping dimensions.
pub const MAX_DIMENSIONS: usize = 4;
/// The most groups one accumulator holds.
pub const MAX_GROUPS: usize = 100_000;
/// The most agents one accumulator tracks.
pub const MAX_AGENTS: usize = 100_000;
/// The most SLA metrics one accumulator counts.
pub const MAX_SLA_METRICS: usize = 32;
/// The most goals one call evaluates.
pub const MAX_GOALS: usize = 1_000;

/// The durations measured per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names, reason = "the metrics' own names")]
pub(crate) enum Duration {
    FirstReplyTime,
    NextReplyTime,
    FullResolutionTime,
    RequesterWaitTime,
    AgentWaitTime,
    OnHoldTime,
}

impl Duration {
    const ALL: [Duration; 6] = [
        Duration::FirstReplyTime,
        Duration::NextReplyTime,
        Duration::FullResolutionTime,
        Duration::RequesterWaitTime,
        Duration::AgentWaitTime,
        Duration::OnHoldTime,
    ];
}

/// What can go wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// A configuration field is wrong.
    #[error("invalid `{field}`: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// A cap was reached.
    #[error("too many {what}: over the limit of {max}")]
    TooLarge {
        /// What.
        what: &'static str,
        /// The limit.
        max: usize,
    },
    /// An SLA report given with a ticket is about another ticket.
    #[error("the SLA report is for ticket `{report}`, not `{ticket}`")]
    WrongTicket {
        /// The ticket added.
        ticket: String,
        /// The report's ticket.
        report: String,
    },
    /// Two accumulators with different configurations were merged.
    #[error("accumulators with different configurations cannot merge")]
    Mismatch,
    /// Stored state that does not hold together.
    #[error("invalid accumulator state: {reason}")]
    BadState {
        /// Why.
        reason: String,
    },
    /// A goal that cannot be evaluated.
    #[error("goal {index}: {reason}")]
    BadGoal {
        /// The goal's position in the list.
        index: usize,
        /// Why.
        reason: String,
    },
    /// An instant outside the calendar's horizon.
    #[error("business time at {instant}: {reason}")]
    Calendar {
        /// The instant.
        instant: String,
        /// The calendar's error.
        reason: String,
    },
}

impl MetricsError {
    /// The stable code: `metrics.invalid_config`, `metrics.too_large`,
    /// `metrics.wrong_ticket`, `metrics.mismatch`, `metrics.bad_state`,
    /// `metrics.bad_goal`, `metrics.calendar`.
    pub fn code(&self) -> &'static str {
        match self {
            MetricsError::Invalid { .. } => "metrics.invalid_config",
            MetricsError::TooLarge { .. } => "metrics.too_large",
            MetricsError::WrongTicket { .. } => "metrics.wrong_ticket",
            MetricsError::Mismatch => "metrics.mismatch",
            MetricsError::BadState { .. } => "metrics.bad_state",
            MetricsError::BadGoal { .. } => "metrics.bad_goal",
            MetricsError::Calendar { .. } => "metrics.calendar",
        }
    }
}
