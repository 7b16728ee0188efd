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
//! # Cost
//!
//! [`RuleSet::new`] checks and compiles every condition (patterns once):
//! O(total condition nodes + pattern sizes), 185 ms for
//! [`MAX_RULES`] (10,000) rules. Evaluation runs each rule's condition on
//! the input, in passes while actions change the ticket (at most
//! [`MAX_PASSES`]): O(passes × condition nodes), each leaf O(the value it
//! reads); 1 ms for 10,000 rules against a 20-event ticket (`cargo bench -p frontline-benches
//! --bench rules`). Import and export are linear in the rule's JSON.
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
//! # Imports and exports
//!
//! [`import_zendesk`] reads a Zendesk trigger or automation and
//! [`import_chatwoot`] a Chatwoot automation rule; [`export_zendesk`] and
//! [`export_chatwoot`] write frontline rules back, for the parts that map
//! both ways. An import translates what the source system *means*, not its
//! words (a Chatwoot conversation is created `open`, a frontline ticket
//! starts `new`), and checks the rule as a rule set would. A field,
//! operator, value, action or rule key without a faithful equivalent is a
//! [`RulesError::Unsupported`] that names it: an import never drops part of
//! a rule silently, and never guesses.
//!
//! ## Importing from Zendesk
//!
//! A trigger runs on every event (`any_update`); its `update_type` becomes a
//! condition, wherever it stands. Evaluate triggers once per update (all the
//! events of one instant, as a ticket created with its first message), as
//! Zendesk does. `all` and `any` may stand under `conditions` or at the top
//! level (the shape apps use). `field#value` reads as `field` with `value`.
//!
//! | Zendesk condition | frontline |
//! |---|---|
//! | `status`, `priority` (`is`, `is_not`, `less_than`, `greater_than`) | `status`, `priority`; `hold` is `on_hold` |
//! | `type` | `ticket_type` |
//! | `group_id`, `assignee_id`, `requester_id`, `organization_id` | `group`, `assignee`, `requester`, `customer.organization`; `""` is none (`absent` / `present`); `current_user` is `@event.actor`, `requester_id` `@requester`, `assignee_id` `@assignee` |
//! | `changed`, `not_changed`, `value`, `not_value`, `value_previous`, `not_value_previous` | `changed`, `changed_to`, `changed_from` and their `not`; Zendesk's `changed` and `value` also hold at creation for a value the ticket was created with, so they import as `X changed or (event.at_creation and X present)` (`... X is v`), which exports back; a bare frontline `changed` / `changed_to` has no Zendesk form and does not export |
//! | `current_tags` `includes` / `not_includes` | `tags in [...]` / `tags not_in [...]` (any of them / none of them) |
//! | `subject_includes_word`, `comment_includes_word` | `subject` / `message`: `includes` any word (`contains_word`), `not_includes` none, `is` / `is_not` the string (`contains`) |
//! | `update_type` `Create` / `Change` | `event.at_creation is true` / `false` |
//! | `comment_is_public` `true` / `false` / `requester_can_see_comment` / `not_relevant` | `event.public is true` / `false` / `true` / `event.kind is message` (a comment of either kind) |
//! | `ticket_is_public` `public` / `private` | `public is true` / `false` |
//! | `role` `end_user` / `agent` | `event.actor_kind is customer` / `agent` (`admin` is refused: frontline does not know admins from agents) |
//! | `via_id`, `current_via_id` | `channel`, `event.channel`, by the table of Zendesk channel numbers (voicemail, inbound and outbound calls are all `phone`); other numbers are refused |
//! | `satisfaction_score` `good`, `bad`, `*_with_comment` | `satisfaction`, and `satisfaction_commented is true`; survey offers are refused |
//! | `reopens`, `replies` | `reopens`, `agent_replies` |
//! | `locale_id` | `customer.locale`, through [`ZendeskImport::locales`] |
//! | `in_business_hours` | `within_business_hours(calendar)` |
//! | `custom_fields_<id>`, `ticket_fields_<id>`; `requester.custom_fields.<key>` | `field.<id>`; `customer.attribute.<key>` |
//! | `ticket_form_id`, `brand_id`, `recipient` | the custom fields of those names |
//! | automations: `NEW`, `OPEN`, `PENDING`, `HOLD`, `SOLVED`, `CLOSED`, `assigned_at`, `updated_at`, `requester_updated_at`, `assignee_updated_at` (and `*_BUSINESS_HOURS`) | `hours_since(created / open / pending / on_hold / solved / closed / assigned / updated / last_customer_message / assignee_update)`; "hours since pending" holds only while pending, so `status is pending` comes with it |
//! | time operators `greater_than N`, `less_than N`, `is N`, `*_business_hours` | `> N`, `< N`, `>= N and < N + 1` (Zendesk's one-hour window), in business hours of the calendar given |
//!
//! An automation must have a time condition (in `all`) and a condition its
//! actions make false, or an `is` time condition: Zendesk's nullifying
//! condition. Whole hours only.
//!
//! | Zendesk action | frontline |
//! |---|---|
//! | `status`, `priority`, `type` | `set_status`, `set_priority`, `set_type` |
//! | `group_id`, `assignee_id` | `assign_group`, `assign_agent`; `""` is `clear_group`, `clear_assignee`; `current_user` is `assign_current_user` |
//! | `current_tags`, `remove_tags`, `set_tags` | `add_tags`, `remove_tags`, `set_tags` (replaces all) |
//! | `follower`, `cc` | `add_follower`, `add_cc` |
//! | `satisfaction_score` (`offered_to_requester`) | `offer_satisfaction` |
//! | `locale_id` | `set_customer_locale` |
//! | `custom_fields_<id>`, `ticket_form_id`, `brand_id` | `set_field` |
//! | `notification_user` `[recipient, subject, body]` | `notify` to `all_agents`, `requester` (`requester_id`), `requester_and_ccs`, `assignee`, `current_user` or a `user`, with subject and body |
//! | `notification_group` `[group, subject, body]` | `notify` to a `group` (`group_id`: `ticket_group`) |
//! | `notification_webhook` `[id, body]`, `notification_target` `[id, message]` | `notify` to a `webhook` / `target`, with the body |
//!
//! ## Importing from Chatwoot
//!
//! | Chatwoot event | frontline trigger |
//! |---|---|
//! | `conversation_created` | any update with `event.at_creation` (the creation's update, first message included) |
//! | `conversation_updated` | `update` with `event.kind` one of the changes of the conversation's own columns (status, priority, assignment, group, labels, fields): not messages |
//! | `message_created` | `update`, and `event.kind is message and event.author is_not system` (private notes included, activity messages not) |
//! | `conversation_opened`, `conversation_resolved` | `status_changed`, and `status changed_to open` (not from `new`: both are Chatwoot's `open`) / `solved` |
//! | `conversation_status_changed` | `status_changed`, but not `new` → `open` |
//!
//! | Chatwoot attribute | frontline |
//! |---|---|
//! | `status` `open` / `resolved` / `snoozed` | `status in [new, open]` / `solved` / `on_hold`; `pending` (waiting for a bot hand-off) is refused |
//! | `priority` (`low`, `high`, `urgent` with `equal_to`; `medium` and the negative operators are refused: a Chatwoot conversation starts with no priority, a frontline ticket with `normal`), `team_id`, `assignee_id`, `labels`, `mail_subject` | `priority`, `group`, `assignee`, `tags`, `subject` |
//! | `content`, `message_type` (`incoming` / `outgoing`) | `message`, `event.author` (`customer` / `agent`) |
//! | `email`, `phone_number` | `customer.email`, `customer.phone` (any of the customer's) |
//! | `inbox_id`, `browser_language`, `conversation_language`, `referer` | the custom fields of those names |
//! | `country_code`, `city`, `company` | the customer attributes of those names |
//! | custom attributes: `custom_attributes.x`, or `custom_attribute_type` `conversation_attribute` / `contact_attribute` (none: the contact's, as Chatwoot evaluates it) | `field.x` / `customer.attribute.x` |
//!
//! Operators: `equal_to` (any of the values), `not_equal_to` (none of them;
//! a missing value never matches it, but for custom attributes), `contains`
//! (any), `does_not_contain` (none), `starts_with`, `is_present`,
//! `is_not_present`, `is_greater_than`, `is_less_than` (numbers),
//! `attribute_changed` (`{"from", "to"}`, both required: Chatwoot never fires it without one). `days_before` is refused.
//! Conditions combine as Chatwoot's SQL does: `and` binds tighter than `or`.
//! Values given as `{"id", "name"}` objects are their id.
//!
//! | Chatwoot action | frontline |
//! |---|---|
//! | `send_message`, `add_private_note` | `reply`, `add_internal_note` |
//! | `send_email_to_team` `[{"team_ids", "message"}]` | one `notify` per team, with the message |
//! | `send_email_transcript`, `send_attachment`, `send_webhook_event` | `send_transcript`, `send_attachment`, `notify` to a `webhook` |
//! | `assign_agent`, `assign_team` (`nil`: none), `remove_assigned_team` | `assign_agent` / `clear_assignee`, `assign_group` / `clear_group` |
//! | `add_label`, `remove_label`, `change_priority` | `add_tags`, `remove_tags`, `set_priority` |
//! | `change_status`, `resolve_conversation`, `open_conversation`, `snooze_conversation` | `set_status` (`resolved` is `solved`, `snoozed` `on_hold`) |
//! | `mute_conversation` | `mute` |
//!
//! `action_params` may be a list or an object. Rule keys that change when or
//! how a rule runs and that frontline cannot honour (`execution_delay`,
//! `action_types`) are refused.
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
//! let result = evaluate(&rules, &RuleInput::event(&ticket), "2026-03-02T09:00:01Z".parse()?);
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
pub use import::{ZendeskImport, export_chatwoot, export_zendesk, import_chatwoot, import_zendesk};
pub use parse::{MAX_RULE_TEXT_BYTES, parse_condition};
pub use spec::{
    Action, MAX_ACTIONS, MAX_DEPTH, MAX_LIST_VALUES, MAX_NODES, MAX_PASSES, MAX_REGEX_BYTES,
    MAX_RULE_CALENDARS, MAX_RULES, MAX_TEXT_BYTES, On, Once, Recipient, RuleKind, RuleSetSpec,
    RuleSpec,
};

#[cfg(test)]
mod tests;
