//! The SLA report: per metric, per cycle, what the clock says.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;
use crate::{Status, ticket::TicketId};

/// Where a metric's cycle stands.
///
/// In JSON: `"active"`, `"paused"`, `"achieved"`, `"breached"`, `"not_applicable"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SlaState {
    /// Running, within target.
    Active,
    /// Paused (pending, on hold ...), within target.
    Paused,
    /// Completed within target.
    Achieved,
    /// The elapsed business time exceeded the target (the cycle may still be running).
    Breached,
    /// No target applies (no matching policy, or none for this metric and priority),
    /// or the metric has not started.
    NotApplicable,
}

impl SlaState {
    /// The JSON name (`"not_applicable"`).
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Active => "active",
            SlaState::Paused => "paused",
            SlaState::Achieved => "achieved",
            SlaState::Breached => "breached",
            SlaState::NotApplicable => "not_applicable",
        }
    }
}

impl std::fmt::Display for SlaState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A stretch of time during which a cycle's clock was paused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pause {
    /// When the pause began.
    pub from: Timestamp,
    /// When it ended; absent while still paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Timestamp>,
    /// The status that paused the clock; for a metric's `pause_when`
    /// condition, the ticket's status when the pause began.
    pub reason: Status,
}

/// One cycle of a metric: one wait for a reply, or the whole life of the
/// ticket for cumulative metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CycleReport {
    /// Where the cycle stands.
    pub state: SlaState,
    /// The policy that set the target: for a completed cycle, the one in force
    /// when it completed; for a running one, the one in force now.
    pub policy: Option<crate::Name>,
    /// The calendar the target runs on; absent means calendar hours.
    pub calendar: Option<crate::Name>,
    /// The target, in business seconds.
    pub target_seconds: Option<i64>,
    /// When the cycle started.
    pub started_at: Timestamp,
    /// When it completed (stopped, or entered a completing status).
    pub stopped_at: Option<Timestamp>,
    /// For a running cycle: when the target is (or, once breached, was)
    /// used up. Absent while paused (no instant to wake up for: the clock
    /// stands still) and once complete.
    pub due_at: Option<Timestamp>,
    /// Business seconds the clock has run.
    pub elapsed_seconds: i64,
    /// Target minus elapsed (negative once breached).
    pub remaining_seconds: Option<i64>,
    /// The first instant at which elapsed business time exceeded the target,
    /// whatever the cycle's state (paused included); for a running cycle
    /// within target, when it will if the clock keeps running.
    pub breached_at: Option<Timestamp>,
    /// Whether the remaining time has fallen to the warning threshold.
    pub warning: bool,
    /// When the warning threshold is (or was) reached, for a running cycle;
    /// absent while paused and once complete.
    pub warning_at: Option<Timestamp>,
    /// Pauses, by status.
    pub pauses: Vec<Pause>,
    /// Seconds of running time outside business hours (not counted, and not a
    /// pause: the calendar was closed).
    pub off_hours_seconds: i64,
    /// The closed periods within the running time, oldest first, when asked
    /// for ([`SlaOptions::off_hours_periods`](super::SlaOptions)); at most
    /// [`MAX_OFF_HOURS_PERIODS`](super::MAX_OFF_HOURS_PERIODS).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub off_hours: Vec<(Timestamp, Timestamp)>,
    /// Whether `off_hours` was cut at its cap.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub off_hours_truncated: bool,
}

/// One metric's cycles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MetricReport {
    /// The metric's name.
    pub metric: crate::Name,
    /// The state of its latest cycle, or `not_applicable` if it never started.
    pub state: SlaState,
    /// Every cycle, oldest first.
    pub cycles: Vec<CycleReport>,
}

/// The reply a customer waits on: [`SlaReport::reply_due`].
///
/// In JSON: `{"metric": "first_reply_time", "due_at": "2026-03-02T09:02:00Z", "overdue": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReplyDue {
    /// `first_reply_time` or `next_reply_time`.
    pub metric: crate::Name,
    /// When the reply is (or was) due.
    pub due_at: Timestamp,
    /// Whether the target has run out: the reply is late.
    pub overdue: bool,
}

/// What every SLA clock of a ticket says at one instant: the answer of
/// [`evaluate`](crate::sla::evaluate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SlaReport {
    /// The ticket.
    pub ticket: TicketId,
    /// The instant evaluated at.
    pub evaluated_at: Timestamp,
    /// The policy that applies now, if any.
    pub policy: Option<crate::Name>,
    /// One entry per metric of the policy set, in its order.
    pub metrics: Vec<MetricReport>,
}

impl SlaReport {
    /// The next instant at which any running cycle changes state (reaches its
    /// warning threshold or breaches), so the host can schedule one wake-up
    /// instead of polling. `None` when no clock is running toward a change.
    pub fn next_change_at(&self) -> Option<Timestamp> {
        self.metrics
            .iter()
            .flat_map(|m| &m.cycles)
            .filter(|c| c.state == SlaState::Active && c.due_at.is_some())
            .flat_map(|c| {
                let warn = if c.warning { None } else { c.warning_at };
                [warn, c.breached_at]
            })
            .flatten()
            .filter(|t| *t > self.evaluated_at)
            .min()
    }

    /// The reply the customer is waiting on: the due time of the running
    /// first- or next-reply cycle within target, for an acknowledgement such as
    /// "we will answer by Tuesday 10:00". `None` if no reply is owed under a
    /// target, or if it is already overdue (a promise in the past is no promise).
    pub fn reply_by(&self) -> Option<Timestamp> {
        self.metrics
            .iter()
            .filter(|m| matches!(&*m.metric, "first_reply_time" | "next_reply_time"))
            .flat_map(|m| &m.cycles)
            .filter(|c| c.state == SlaState::Active && c.target_seconds.is_some())
            .filter_map(|c| c.due_at)
            .min()
    }

    /// The reply the customer is waiting on, overdue or not: the earliest
    /// due time of a running first- or next-reply cycle under a target, and
    /// whether it has passed. This is what a queue orders by ("earliest SLA
    /// due first" puts overdue work first, as the most urgent there is);
    /// [`SlaReport::reply_by`] is what to promise the customer.
    ///
    /// ```
    /// # use frontline::sla::{evaluate, PolicySet, PolicySetSpec};
    /// # use frontline::Ticket;
    /// let spec: PolicySetSpec = serde_json::from_str(r#"{"policies": [
    ///   {"name": "Chat", "targets": {"first_reply_time": {"normal": "2m"}}}]}"#)?;
    /// let set = PolicySet::new(&spec)?;
    /// let ticket = Ticket::from_events("T-1".parse()?, serde_json::from_str::<Vec<frontline::Event>>(r#"[
    ///   {"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Hulp", "requester": "c1", "channel": "chat"},
    ///   {"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "Hallo?"}]"#)?)?;
    /// let late = evaluate(&set, &ticket, None, "2026-03-02T09:10:00Z".parse()?);
    /// let due = late.reply_due().unwrap();
    /// assert_eq!(due.due_at.to_string(), "2026-03-02T09:02:00Z");
    /// assert!(due.overdue);
    /// assert_eq!(late.reply_by(), None); // nothing left to promise
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reply_due(&self) -> Option<ReplyDue> {
        self.metrics
            .iter()
            .filter(|m| matches!(&*m.metric, "first_reply_time" | "next_reply_time"))
            .flat_map(|m| m.cycles.iter().map(move |c| (&m.metric, c)))
            .filter(|(_, c)| c.stopped_at.is_none())
            .filter_map(|(metric, c)| {
                let overdue = c.state == SlaState::Breached;
                // Once breached, due when it breached at the latest (after a
                // change of target the new due time may lie ahead, or be gone).
                let due_at = match (overdue, c.due_at, c.breached_at) {
                    (true, Some(d), Some(b)) => Some(d.min(b)),
                    (true, None, b) => b,
                    (false, d, _) if c.target_seconds.is_some() => d,
                    _ => None,
                }?;
                Some(ReplyDue {
                    metric: metric.clone(),
                    due_at,
                    overdue,
                })
            })
            .min_by_key(|d| d.due_at)
    }

    /// The report of one metric, by name.
    pub fn metric(&self, name: &str) -> Option<&MetricReport> {
        self.metrics.iter().find(|m| &*m.metric == name)
    }
}
