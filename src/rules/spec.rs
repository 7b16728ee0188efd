//! Rule sets as data: rules, their kinds and their actions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Condition;
use crate::time::Timestamp;
use crate::{CalendarSpec, Priority, Status, Tag};

/// The most rules in one set.
pub const MAX_RULES: usize = 10_000;
/// The deepest a condition tree may nest (`all` / `any` / `not` levels).
pub const MAX_DEPTH: usize = 16;
/// The most nodes in one rule's condition.
pub const MAX_NODES: usize = 256;
/// The most values in one `in` / `not_in` list.
pub const MAX_LIST_VALUES: usize = 256;
/// The most actions of one rule.
pub const MAX_ACTIONS: usize = 64;
/// The largest compiled regular expression, in bytes.
pub const MAX_REGEX_BYTES: usize = 64 * 1024;
/// The longest text value in a condition or action, in bytes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
/// The most passes over the rules in one evaluation (the loop guard).
pub const MAX_PASSES: usize = 8;

/// When a trigger runs.
///
/// In JSON: `"created"`, `"customer_message"`, `"agent_message"`,
/// `"status_changed"`, `"any_update"`, `"update"` (any event but the creation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum On {
    /// The ticket was created.
    Created,
    /// A public customer message.
    CustomerMessage,
    /// A public agent message.
    AgentMessage,
    /// The status changed (explicitly, or by a reopening customer reply).
    StatusChanged,
    /// Any event.
    AnyUpdate,
    /// Any event but the creation (Zendesk's "update type is Change").
    Update,
}

/// What kind of rule this is.
///
/// In JSON: `{"trigger": ["customer_message"]}`, `"automation"`, `"lifecycle"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RuleKind {
    /// Runs when the ticket's last event is one of these, seeing the ticket
    /// before and after it.
    Trigger(Vec<On>),
    /// Time-based: runs for a ticket at `now`.
    Automation,
    /// Customer-level: runs for a customer at `now`, in an evaluation with a
    /// customer and no ticket (proactive campaigns).
    Lifecycle,
}

/// How often a rule may fire for the same ticket or customer, across
/// evaluations. The host stores the keys an evaluation returns and passes
/// them back.
///
/// In JSON: `"always"`, `"once_per_ticket"`, `"once_per_customer"`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Once {
    /// Every time the conditions hold.
    #[default]
    Always,
    /// At most once per ticket.
    OncePerTicket,
    /// At most once per customer.
    OncePerCustomer,
}

/// Who a template or notification goes to.
///
/// In JSON: `"requester"`, `"assignee"`, `{"agent":"a1"}`, `{"group":"billing"}`,
/// `{"webhook":"crm"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Recipient {
    /// The ticket's requester (or the customer, for lifecycle rules).
    Requester,
    /// The ticket's assignee.
    Assignee,
    /// A named agent.
    Agent(String),
    /// A group.
    Group(String),
    /// A webhook the host knows by id.
    Webhook(String),
}

/// What a rule asks the host to do. Actions are data: frontline changes
/// nothing itself. Ticket changes (status, priority, assignee, group, tags,
/// fields) are also applied to the evaluation's working copy, so later rules
/// see them.
///
/// In JSON, tagged by `type`: `{"type":"set_priority","priority":"high"}`,
/// `{"type":"add_tags","tags":["vip"]}`, `{"type":"send_template","template":"export-data","to":"requester"}`,
/// `{"type":"schedule_follow_up","after_seconds":172800}` ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Action {
    /// Set the status.
    SetStatus {
        /// The new status.
        status: Status,
    },
    /// Set the priority.
    SetPriority {
        /// The new priority.
        priority: Priority,
    },
    /// Assign an agent.
    AssignAgent {
        /// The agent.
        agent: String,
    },
    /// Assign a group.
    AssignGroup {
        /// The group.
        group: String,
    },
    /// Add tags.
    AddTags {
        /// The tags.
        tags: Vec<Tag>,
    },
    /// Remove tags.
    RemoveTags {
        /// The tags.
        tags: Vec<Tag>,
    },
    /// Set a custom field (`null` clears it).
    SetField {
        /// The field.
        name: String,
        /// The value.
        value: Value,
    },
    /// Send a reply template.
    SendTemplate {
        /// The template's id.
        template: String,
        /// Who receives it.
        to: Recipient,
    },
    /// Notify someone.
    Notify {
        /// Who.
        to: Recipient,
        /// An optional message.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Ask the host to wake this ticket again.
    ScheduleFollowUp {
        /// At this instant.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Timestamp>,
        /// Or this many seconds after `now`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after_seconds: Option<i64>,
    },
    /// Escalate, with the context a human needs.
    Escalate {
        /// To this group, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        /// Why.
        reason: String,
    },
    /// Add an internal note.
    AddInternalNote {
        /// The note.
        body: String,
    },
}

/// One rule.
///
/// ```json
/// {"id": "vip-priority", "kind": {"trigger": ["created"]},
///  "when": {"field": "customer.segment", "op": "is", "value": "vip"},
///  "actions": [{"type": "set_priority", "priority": "high"}]}
/// ```
///
/// `when` is a [`Condition`] (see [`crate::rules`]); absent means always.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// A unique id.
    pub id: String,
    /// What kind of rule.
    pub kind: RuleKind,
    /// The condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The actions.
    pub actions: Vec<Action>,
    /// How often it may fire for one ticket or customer.
    #[serde(default)]
    pub once: Once,
    /// A disabled rule is traced but never fires.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// For automations and lifecycle rules: whether their changes to the
    /// working copy make the other rules run again (triggers always do).
    #[serde(default)]
    pub retrigger: bool,
}

fn yes() -> bool {
    true
}

/// A rule set: rules in position order, and the calendars they use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a rule set object")]
pub struct RuleSetSpec {
    /// Calendars by name, for business-hours conditions.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// The rules, in the order they run.
    pub rules: Vec<RuleSpec>,
}
