//! Proactive rules: event triggers, time-based automations and
//! customer-lifecycle campaigns, evaluated as pure functions that return
//! actions as data, with a trace of why each rule fired or not.
//!
//! # Conditions
//!
//! A [`Condition`] is a tree, built in Rust from [`Field`]s
//! (`Field::Priority.gte(Priority::High)`), parsed from text
//! ([`Condition::parse`]) or read from JSON. In JSON it is
//! `{"all": [...]}`, `{"any": [...]}`, `{"not": ...}`
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
//!   When an earlier rule in the same evaluation set the status,
//!   `status_changed` (and `solved`, if it set solved) is `now`.
//! - `{"within_business_hours": name}`.
//! - `{"days_since_signup": {"min": 85, "max": 86}}` (whole days, inclusive).
//!
//! A condition checks itself where it is read (unknown fields, operators
//! that do not fit, values of the wrong kind), so a typo in JSON or text is an
//! error there; the [`RuleSet`] checks it again when it is built, with the
//! patterns compiled and the calendars it names resolved. Every size is capped ([`MAX_RULES`],
//! [`MAX_DEPTH`], [`MAX_NODES`], [`MAX_ACTIONS`], [`MAX_REGEX_BYTES`],
//! [`MAX_TEXT_BYTES`], [`MAX_LIST_VALUES`]), so evaluation cannot fail.
//!
//! # Kinds, runs and semantics
//!
//! A [`RuleKind::Trigger`] names the events it runs on ([`On`]); an
//! automation runs on a ticket at `now`; a lifecycle rule runs on a customer
//! with no ticket ("day 85 after signup"). [`RuleInput::run`] says why an
//! evaluation happens: [`Run::Event`] right after the ticket's last event
//! (triggers), [`Run::Time`] at a wake-up (automations, or lifecycle rules
//! when no ticket is given).
//!
//! [`evaluate`] runs the rules in position order against a working copy of
//! the ticket, so a later rule sees what an earlier one set; each rule fires
//! at most once per evaluation; a change by a trigger (or by a rule with
//! `retrigger`) makes the rules that have not fired look again, for at most
//! [`MAX_PASSES`] passes. Rules marked [`Once::OncePerTicket`] or
//! [`Once::OncePerCustomer`] return a key the host stores and passes back in
//! [`RuleInput::once_keys`]. The result is data: the [`Action`]s to carry
//! out, the rules that fired, and a trace of every evaluated rule and
//! condition node with the value it saw. [`next_due_at`] gives the next
//! instant a time condition can change, for one scheduled wake-up instead of
//! polling.
//!
//! # Text syntax
//!
//! [`Condition::parse`] (or [`parse_condition`]) turns text for people into
//! the same tree, and a condition's `Display` writes it back:
//!
//! ```text
//! priority >= high and channel in [email, chat]
//!   and business_hours_since(last_customer_message, office) > 4
//! ```
//!
//! - `and`, `or`, `not` and parentheses; `not` binds tightest, then `and`.
//! - Comparisons: `field OP value` with `=`/`==`/`is`, `!=`/`is_not`, `<`,
//!   `<=`, `>`, `>=`, `in [..]`, `not_in [..]`, `contains`, `not_contains`,
//!   `contains_word`, `matches`, `changed_from`, `changed_to`; and
//!   `field present`, `field absent`, `field changed`.
//! - Values: bare words (`high`, `2fa`), quoted text (`"nog steeds"`, `'x'`)
//!   with backslash escapes, numbers (`-3`, `4.5`), `true`/`false`, lists
//!   `[a, b]`.
//! - Time: `hours_since(T) > 4`, `business_hours_since(T, calendar) > 4`,
//!   `within_business_hours(calendar)`, `days_since_signup in [85, 86]`.
//!
//! Errors give the line and column of the offending token.
//!
//! # Imports
//!
//! [`import_zendesk`] reads a Zendesk trigger or automation and
//! [`import_chatwoot`] a Chatwoot automation rule. A field, operator, value
//! or action without a faithful equivalent is a [`RulesError::Unsupported`]
//! that names it: an import never drops part of a rule silently.
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
pub(crate) mod eval;
mod import;
mod parse;
mod spec;

pub use condition::{Cmp, Condition, Field, Op, Operand, Scalar, Since};
pub use engine::{
    EvalOptions, Evaluation, FiredAction, RuleInput, RuleOutcome, RuleSet, RuleTrace, Run,
    evaluate, evaluate_with, next_due_at,
};
pub use error::RulesError;
pub use eval::NodeTrace;
pub use import::{import_chatwoot, import_zendesk};
pub use parse::{MAX_RULE_TEXT_BYTES, parse_condition};
pub use spec::{
    Action, MAX_ACTIONS, MAX_DEPTH, MAX_LIST_VALUES, MAX_NODES, MAX_PASSES, MAX_REGEX_BYTES,
    MAX_RULES, MAX_TEXT_BYTES, On, Once, Recipient, RuleKind, RuleSetSpec, RuleSpec,
};

#[cfg(test)]
mod tests;
