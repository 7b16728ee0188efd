//! Proactive rules: event triggers, time-based automations and
//! customer-lifecycle campaigns, evaluated as pure functions that return
//! actions as data, with a trace of why each rule fired or not.
//!
//! # Conditions
//!
//! A condition is a tree of `{"all": [...]}`, `{"any": [...]}`, `{"not": ...}`
//! and leaves (nesting at most [`MAX_DEPTH`] levels, [`MAX_NODES`] nodes):
//!
//! - `{"field": F, "op": OP, "value": V}`. Fields: `status`, `priority`,
//!   `channel`, `group`, `assignee`, `tags`, `subject`, `requester`,
//!   `field.<name>` (custom fields), `customer.segment`, `customer.plan`,
//!   `customer.locale`, `customer.language`, `customer.time_zone`,
//!   `customer.attribute.<name>`, `event.kind`, `event.author`,
//!   `event.channel`, `event.public`, `message` (the event's text).
//!   Operators: `is`, `is_not`, `in`, `not_in` (a list), `lt`, `lte`, `gt`,
//!   `gte` (ordinal for priority and status, numeric otherwise), `contains`,
//!   `not_contains`, `contains_word` (case- and accent-insensitive; on tags,
//!   "has the tag"), `matches` (a regular expression, case-insensitive, at
//!   most [`MAX_REGEX_BYTES`] compiled), `present`, `absent`, `changed`,
//!   `changed_from`, `changed_to` (ticket fields, against the ticket before
//!   the event).
//! - `{"hours_since": T, "op": "gt", "value": 4}` and, with `"calendar": name`,
//!   business hours since `T` (`created`, `updated`, `last_customer_message`,
//!   `last_agent_reply`, `status_changed`, `solved`, `awaiting_since`, `signup`).
//! - `{"within_business_hours": name}`.
//! - `{"days_since_signup": {"min": 85, "max": 86}}` (whole days, inclusive).
//!
//! Everything is checked when the [`RuleSet`] is built: unknown fields,
//! operators that do not fit, values of the wrong kind, patterns that do not
//! compile, unknown calendars.
//!
//! # Example
//!
//! ```
//! use frontline::rules::{evaluate, RuleInput, RuleSet, RuleSetSpec};
//! use frontline::Ticket;
//!
//! let spec: RuleSetSpec = serde_json::from_str(r#"{"rules": [
//!   {"id": "angry", "kind": {"trigger": ["customer_message"]},
//!    "when": {"any": [{"field": "message", "op": "contains_word", "value": "belachelijk"},
//!                     {"field": "message", "op": "contains_word", "value": "ridiculous"}]},
//!    "actions": [{"type": "set_priority", "priority": "high"},
//!                {"type": "add_tags", "tags": ["upset"]}]},
//!   {"id": "escalate-high", "kind": {"trigger": ["customer_message"]},
//!    "when": {"field": "priority", "op": "gte", "value": "high"},
//!    "actions": [{"type": "escalate", "reason": "upset customer"}]}
//! ]}"#)?;
//! let rules = RuleSet::new(&spec)?;
//! let events = serde_json::from_str(r#"[
//!   {"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Betaling", "requester": "c1", "channel": "email"},
//!   {"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer", "body": "Dit is BELACHELIJK!"}
//! ]"#)?;
//! let ticket = Ticket::from_events("T-1".parse()?, serde_json::from_value::<Vec<frontline::Event>>(events)?)?;
//! let result = evaluate(&rules, &RuleInput { ticket: Some(&ticket), ..Default::default() }, "2026-03-02T09:00:01Z".parse()?);
//! // The second rule sees the priority the first one set.
//! assert_eq!(result.fired_ids(), ["angry", "escalate-high"]);
//! assert_eq!(result.trace[0].condition.as_ref().unwrap().children[0].seen, Some("Dit is BELACHELIJK!".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod condition;
mod engine;
mod error;
mod import;
mod parse;
mod spec;

pub use condition::NodeTrace;
pub use engine::{
    EvalOptions, Evaluation, FiredAction, RuleInput, RuleOutcome, RuleSet, RuleTrace, Run,
    evaluate, evaluate_with, next_due_at,
};
pub use error::RulesError;
pub use import::{import_chatwoot, import_zendesk};
pub use parse::{MAX_RULE_TEXT_BYTES, parse_condition};
pub use spec::{
    Action, MAX_ACTIONS, MAX_DEPTH, MAX_NODES, MAX_PASSES, MAX_REGEX_BYTES, MAX_RULES,
    MAX_TEXT_BYTES, On, Once, Recipient, RuleKind, RuleSetSpec, RuleSpec,
};

#[cfg(test)]
mod tests;
