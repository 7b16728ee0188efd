//! SLA policies: targets per metric and priority, evaluated over a ticket's
//! history into a report of every clock: due times, pauses, warnings and
//! breaches.
//!
//! Build a [`PolicySet`] once from a [`PolicySetSpec`] (policies in order,
//! the calendars they run on, custom metrics), then call [`evaluate`] for a
//! ticket at `now`. The [`SlaReport`] says, per metric and cycle, where the
//! clock stands, and offers [`SlaReport::next_change_at`] (when to wake up
//! next), [`SlaReport::reply_due`] (what a queue orders by, overdue or not)
//! and [`SlaReport::reply_by`] (what to promise the customer).
//!
//! # Targets
//!
//! A target is whole seconds or text ([`TargetDuration`]): `"30m"`,
//! `"1h30m"`, `"1d 12h"`, in business time on a policy with a calendar.
//! Business days (`"2bd"`, `"2 business days"`) count the calendar's days as
//! zendesk/biz does: the reply is due at the same wall-clock time two
//! business dates later, so a Friday 16:00 e-mail is due on Tuesday 16:00
//! whatever the opening hours of the days between; a cycle that starts while
//! the calendar is closed counts from the next opening. The report's
//! `target_seconds` is that cycle's business time to its due time.
//!
//! # Which policy
//!
//! Policies are tried in order; the first whose `when` holds applies (as in
//! Zendesk and Freshdesk). `when` is a [`Condition`](crate::rules::Condition)
//! of the rules module, over the ticket and the customer: one vocabulary for
//! triggers, automations and SLAs.
//!
//! ```
//! use frontline::sla::PolicySetSpec;
//! let spec: PolicySetSpec = serde_json::from_str(r#"{"policies": [
//!   {"name": "VIP", "when": "customer.segment is vip or tags contains vip",
//!    "targets": {"first_reply_time": {"normal": "1h"}}},
//!   {"name": "Chat", "when": {"field": "channel", "op": "in", "value": ["chat", "whatsapp"]},
//!    "targets": {"first_reply_time": {"normal": "2m"}}},
//!   {"name": "Default", "targets": {"first_reply_time": {"normal": "8h"}}}
//! ]}"#)?;
//! frontline::sla::PolicySet::new(&spec)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A policy condition may not read the event or the time (`message`,
//! `event.*`, `hours_since` ...): a policy holds for a ticket, not for a
//! moment. The matcher object of frontline 0.1 is still read, for one more
//! release, as the condition it means:
//!
//! | 0.1 matcher | condition |
//! |---|---|
//! | `"priorities": [a, b]` | `priority in [a, b]` |
//! | `"channels": [...]` | `channel in [...]` |
//! | `"groups": [...]` | `group in [...]` |
//! | `"tags_any": [...]` | `tags in [...]` (has any of them) |
//! | `"tags_all": [a, b]` | `tags contains a and tags contains b` |
//! | `"segments": [...]` | `customer.segment in [...]` |
//! | `"plans": [...]` | `customer.plan in [...]` |
//! | `"fields": {"k": v}` | `field.k is v` |
//!
//! Every listed criterion must hold; an absent or empty list matches
//! everything; `{}` is always. Values compare as conditions do, where 0.1
//! compared exactly: text case- and accent-insensitively (group, segment,
//! plan and field values), a number equal to the same number written as
//! text (`"5"` and `5`), and a multi-select field when it holds the value.
//! A `null` field value never matched and never does; a list or object
//! value is refused (write `when` as a condition instead); a matcher of
//! more than [`MAX_NODES`](crate::rules::MAX_NODES) criteria is too large.
//!
//! # Cycles
//!
//! Each metric is defined by start, stop and pause conditions
//! ([`MetricDefinition`], where the order of things on one event is spelt
//! out). The built-in reply metrics end when the ticket is solved, and no
//! reply or update cycle starts on a message while it is solved or closed:
//! an agent's thank-you note on a solved ticket owes nobody an update. A
//! repeating cycle that starts and stops in the same second is not a cycle:
//! a reply that also solves the ticket is one answer, not a second cycle
//! achieved in 0 s. The periodic update starts again when the ticket is
//! reopened.
//!
//! While a cycle is paused it has no `due_at` (the clock stands still, so
//! there is no instant to wake up for); a breach it had stays in
//! `breached_at`.
//!
//! # A breach stays a breach
//!
//! A change of priority or policy re-targets the running cycles, but a
//! cycle that had already run past the target in force until then stays
//! breached, and a completed cycle keeps the outcome it had. Some tools
//! re-target breached clocks too, so that lowering the priority makes a
//! breach disappear; frontline does not, because the customer did wait that
//! long.
//!
//! ```
//! use frontline::sla::{evaluate, PolicySet, PolicySetSpec, SlaState};
//! use frontline::Ticket;
//!
//! let spec: PolicySetSpec = serde_json::from_str(r#"{"policies": [{"name": "E-mail",
//!   "targets": {"first_reply_time": {"normal": "4h", "low": "24h"}}}]}"#)?;
//! let set = PolicySet::new(&spec)?;
//! let ticket = Ticket::from_events("T-1".parse()?, serde_json::from_str::<Vec<frontline::Event>>(r#"[
//!   {"at": "2026-03-02T08:00:00Z", "type": "created", "subject": "Factuur", "requester": "c1", "channel": "email"},
//!   {"at": "2026-03-02T08:00:00Z", "type": "message", "author": "customer", "body": "Dubbel betaald?"},
//!   {"at": "2026-03-02T13:00:00Z", "type": "priority_changed", "to": "low"}]"#)?)?;
//! let report = evaluate(&set, &ticket, None, "2026-03-02T14:00:00Z".parse()?);
//! let first = &report.metric("first_reply_time").unwrap().cycles[0];
//! // Four hours ran out at 12:00; lowering the priority at 13:00 to a
//! // 24-hour target does not undo that.
//! assert_eq!(first.target_seconds, Some(24 * 3600));
//! assert_eq!(first.state, SlaState::Breached);
//! assert_eq!(first.breached_at.unwrap().to_string(), "2026-03-02T12:00:01Z");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Cost
//!
//! [`PolicySet::new`] checks the set and compiles its calendars (see the
//! calendar's cost) and conditions: O(policies × targets + calendars).
//! [`evaluate`] picks the policy (its conditions, O(condition size)), then
//! makes one pass over the events and a few calendar binary searches per
//! cycle: O(events × metrics × log intervals). About 2 µs for a 20-event
//! ticket and 12 ms for one of [`MAX_EVENTS`](crate::ticket::MAX_EVENTS) (100,000)
//! events (`cargo bench -p frontline-benches --bench sla`).

mod clock;
mod cycle;
mod engine;
mod error;
mod legacy;
mod replay;
mod report;
mod spec;

pub use engine::{MAX_OFF_HOURS_PERIODS, SlaOptions, evaluate, evaluate_with};
pub use error::SlaError;
pub use report::{CycleReport, MetricReport, Pause, ReplyDue, SlaReport, SlaState};
pub use spec::{
    MAX_BUSINESS_DAYS, MAX_CUSTOM_METRICS, MAX_METRIC_LIST, MAX_POLICIES, MAX_SLA_CALENDARS,
    MetricDefinition, PolicySet, PolicySetSpec, PolicySpec, TargetDuration, TargetLength, Trigger,
    WarnAt,
};

#[cfg(test)]
mod tests;
