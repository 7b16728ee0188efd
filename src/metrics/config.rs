//! What a KPI accumulator measures: the period, the grouping, the calendar.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{MAX_AGENTS, MAX_DIMENSIONS, MetricsError};
use crate::Name;
use crate::ticket::AgentId;
use crate::time::{Timestamp, Zone};

/// What tickets are grouped by: one KPI row per distinct combination.
///
/// JSON: `"channel"`, `"group"`, `"agent"` (the assignee), `"priority"`,
/// `"tag"` (a ticket counts once under each of its tags, and under `""`
/// when it has none), `"hour_of_week"` (the hour the ticket was created,
/// `"mon 09"`, in [`KpiConfig::zone`]), or `{"field": "segment"}` (a custom
/// field's value as text: a customer segment, a plan, a brand).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Dimension {
    /// The channel the ticket arrived on.
    Channel,
    /// The ticket's group (`""` when none).
    Group,
    /// The assignee (`""` when unassigned).
    Agent,
    /// The priority.
    Priority,
    /// Each of the ticket's tags.
    Tag,
    /// The hour of the week the ticket was created.
    HourOfWeek,
    /// A custom field's value (`""` when unset; strings as they are, other
    /// values as JSON text).
    Field(String),
}

impl Dimension {
    /// The name a goal uses for this dimension: `channel`, … or the field's name.
    pub fn name(&self) -> &str {
        match self {
            Dimension::Channel => "channel",
            Dimension::Group => "group",
            Dimension::Agent => "agent",
            Dimension::Priority => "priority",
            Dimension::Tag => "tag",
            Dimension::HourOfWeek => "hour_of_week",
            Dimension::Field(name) => name,
        }
    }
}

/// The configuration of a [`KpiAccumulator`](super::KpiAccumulator), checked
/// once by [`KpiAccumulator::new`](super::KpiAccumulator::new).
///
/// The period is half-open, `[from, to)`; events at or after `to` are
/// ignored, so a history that runs past the period is measured as it stood
/// at `to`.
///
/// JSON:
/// ```json
/// {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z",
///  "group_by": ["channel"], "calendar": "support",
///  "csat_field": "rating_1_5", "handle_time_field": "time_spent_seconds",
///  "agent_available_seconds": {"a-ines": 576000}}
/// ```
/// Only `from` and `to` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct KpiConfig {
    /// The period's start (inclusive).
    pub from: Timestamp,
    /// The period's end (exclusive).
    pub to: Timestamp,
    /// The grouping, at most [`MAX_DIMENSIONS`] dimensions; none gives only
    /// the total.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group_by: Vec<Dimension>,
    /// The business calendar for business-time figures; without one, only
    /// calendar time is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<Name>,
    /// The zone of `hour_of_week`: by default the calendar's, else UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// A custom field holding a 1–5 satisfaction score (4 and 5 count as
    /// good, 1 to 3 as bad), besides the `satisfaction_rated` events. The
    /// latest value or rating is the ticket's: `null` withdraws it, and a
    /// value that is not a whole number from 1 to 5 leaves it unrated and
    /// counts in `csat_invalid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat_field: Option<String>,
    /// A custom field holding the seconds agents spent on the ticket (as
    /// Zendesk's time-tracking app keeps them), for utilisation; a value
    /// that is not a number of 0 or more leaves the time unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle_time_field: Option<String>,
    /// Seconds each agent was available in the period (from the roster),
    /// for utilisation = handling seconds ÷ available seconds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agent_available_seconds: BTreeMap<AgentId, i64>,
}

impl KpiConfig {
    /// A configuration for the period `[from, to)`, ungrouped, calendar time only.
    pub fn new(from: Timestamp, to: Timestamp) -> KpiConfig {
        KpiConfig {
            from,
            to,
            group_by: Vec::new(),
            calendar: None,
            zone: None,
            csat_field: None,
            handle_time_field: None,
            agent_available_seconds: BTreeMap::new(),
        }
    }

    /// Groups by `dimensions`.
    pub fn group_by(mut self, dimensions: impl IntoIterator<Item = Dimension>) -> KpiConfig {
        self.group_by = dimensions.into_iter().collect();
        self
    }

    /// Adds business-time figures on the named calendar.
    pub fn calendar(mut self, name: impl Into<Name>) -> KpiConfig {
        self.calendar = Some(name.into());
        self
    }

    pub(crate) fn check(&self) -> Result<(), MetricsError> {
        let invalid = |field: &'static str, reason: String| MetricsError::Invalid { field, reason };
        if self.to <= self.from {
            return Err(invalid(
                "to",
                format!(
                    "the period must end after it starts, got {} to {}",
                    self.from, self.to
                ),
            ));
        }
        if self.group_by.len() > MAX_DIMENSIONS {
            return Err(MetricsError::TooLarge {
                what: "grouping dimensions",
                max: MAX_DIMENSIONS,
            });
        }
        for (i, d) in self.group_by.iter().enumerate() {
            if self.group_by.iter().take(i).any(|x| x == d) {
                return Err(invalid(
                    "group_by",
                    format!("`{}` is named twice", d.name()),
                ));
            }
            if let Dimension::Field(name) = d
                && (name.is_empty() || name.len() > crate::ticket::MAX_FIELD_NAME_BYTES)
            {
                return Err(invalid(
                    "group_by",
                    format!("field name `{name}` is empty or too long"),
                ));
            }
        }
        if self.agent_available_seconds.len() > MAX_AGENTS {
            return Err(MetricsError::TooLarge {
                what: "agents",
                max: MAX_AGENTS,
            });
        }
        if let Some((agent, s)) = self.agent_available_seconds.iter().find(|(_, s)| **s <= 0) {
            return Err(invalid(
                "agent_available_seconds",
                format!("`{agent}` has {s} seconds; more than 0 expected"),
            ));
        }
        Ok(())
    }
}
