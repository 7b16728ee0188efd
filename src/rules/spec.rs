//! Rule sets as data: rules, their kinds and their actions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Condition, RulesError};
use crate::time::Timestamp;
use crate::{CalendarSpec, Priority, Status, ticket::Tag, ticket::TicketType};

/// The most rules in one set.
pub const MAX_RULES: usize = 10_000;
/// The most calendars a rule set may define (names of 1 to 128 bytes).
pub const MAX_RULE_CALENDARS: usize = 64;
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
/// In JSON: `"requester"`, `"requester_and_ccs"`, `"assignee"`,
/// `"all_agents"`, `"current_user"` (who caused the event), `{"agent":"a1"}`,
/// `{"user":"u1"}` (any user by id), `{"group":"billing"}`, `"ticket_group"`,
/// `{"webhook":"crm"}`, `{"target":"t1"}` (a host integration by id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Recipient {
    /// The ticket's requester (or the customer, for lifecycle rules).
    Requester,
    /// The requester and everyone copied on the ticket.
    RequesterAndCcs,
    /// The ticket's assignee.
    Assignee,
    /// Every agent.
    AllAgents,
    /// Whoever caused the event being evaluated.
    CurrentUser,
    /// A named agent.
    Agent(String),
    /// Any user, by id.
    User(String),
    /// A group.
    Group(String),
    /// The ticket's group.
    TicketGroup,
    /// A webhook the host knows by id.
    Webhook(String),
    /// Another integration (an e-mail target, a chat channel) the host knows by id.
    Target(String),
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
    /// Remove the assignee.
    ClearAssignee,
    /// Remove the group.
    ClearGroup,
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
    /// Notify someone: an e-mail, a webhook call, a message to an integration.
    Notify {
        /// Who.
        to: Recipient,
        /// An optional subject (an e-mail's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subject: Option<String>,
        /// An optional message or body (a webhook's payload template).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Send a public reply to the customer.
    Reply {
        /// The text.
        body: String,
    },
    /// Replace all the ticket's tags.
    SetTags {
        /// The new tags.
        tags: Vec<Tag>,
    },
    /// Set (or, with `null`, clear) the ticket's type.
    SetType {
        /// The type.
        ticket_type: Option<TicketType>,
    },
    /// Assign the agent who caused the event being evaluated (nothing if
    /// that was not an agent).
    AssignCurrentUser,
    /// Add a follower to the ticket.
    AddFollower {
        /// The user, by id.
        user: String,
    },
    /// Copy someone on the ticket.
    AddCc {
        /// The user, by id or e-mail address.
        user: String,
    },
    /// Offer the customer a satisfaction survey.
    OfferSatisfaction,
    /// Set the customer's language.
    SetCustomerLocale {
        /// The locale.
        locale: crate::customer::Locale,
    },
    /// E-mail the conversation's transcript.
    SendTranscript {
        /// The addresses (empty: the customer).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        to: Vec<String>,
    },
    /// Send files the host keeps, by id.
    SendAttachment {
        /// The attachments' ids.
        attachments: Vec<String>,
    },
    /// Mute the conversation: no more notifications from it.
    Mute,
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
#[non_exhaustive]
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

impl RuleSpec {
    /// An enabled rule `id` of `kind` that applies always and does nothing
    /// yet: add a condition with [`when`](Self::when) and actions with
    /// [`action`](Self::action).
    ///
    /// ```
    /// use frontline::rules::{Action, Condition, On, RuleKind, RuleSet, RuleSetSpec, RuleSpec};
    /// use frontline::Priority;
    ///
    /// let angry = RuleSpec::new("angry", RuleKind::Trigger(vec![On::CustomerMessage]))
    ///     .when(Condition::parse("message contains_word refund or message contains_word lawyer")?)
    ///     .action(Action::SetPriority { priority: Priority::High });
    /// let mut spec = RuleSetSpec::default();
    /// spec.rules.push(angry);
    /// assert_eq!(RuleSet::new(&spec)?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: impl Into<String>, kind: RuleKind) -> RuleSpec {
        RuleSpec {
            id: id.into(),
            kind,
            when: None,
            actions: Vec::new(),
            once: Once::default(),
            enabled: true,
            retrigger: false,
        }
    }

    /// The rule with its condition set to `when`.
    pub fn when(mut self, when: Condition) -> RuleSpec {
        self.when = Some(when);
        self
    }

    /// The rule with `action` added after its other actions.
    pub fn action(mut self, action: Action) -> RuleSpec {
        self.actions.push(action);
        self
    }

    /// Checks everything about one rule that needs no compiled calendar:
    /// its id, kind and once, its condition ([`Condition::check`], patterns
    /// that compile, calendars among `calendars`), its actions and every
    /// documented cap. [`RuleSet::new`](super::RuleSet::new) runs this for
    /// every rule, and the importers for what they import.
    pub(crate) fn check<'c>(
        &self,
        calendars: impl Iterator<Item = &'c str> + Clone,
    ) -> Result<(), RulesError> {
        let bad = |reason: &str| RulesError::BadCondition {
            rule: self.id.clone(),
            reason: reason.into(),
        };
        if self.id.is_empty() || self.id.len() > 128 || self.id.chars().any(char::is_control) {
            return Err(RulesError::BadId {
                id: crate::util::excerpt(&self.id),
            });
        }
        if matches!(self.kind, RuleKind::Lifecycle) && self.once == Once::OncePerTicket {
            return Err(bad("a lifecycle rule has no ticket: use once_per_customer"));
        }
        if matches!(&self.kind, RuleKind::Trigger(on) if on.is_empty()) {
            return Err(bad("a trigger needs at least one event"));
        }
        if self.actions.len() > MAX_ACTIONS {
            return Err(RulesError::TooLarge {
                what: format!("rule `{}`: actions", self.id),
                limit: MAX_ACTIONS,
            });
        }
        for a in &self.actions {
            a.check(&self.id)?;
        }
        if let Some(c) = &self.when {
            c.check_in(&self.id)?;
            c.walk(&mut |leaf| match leaf {
                Condition::WithinBusinessHours { calendar }
                | Condition::HoursSince {
                    calendar: Some(calendar),
                    ..
                } if !calendars.clone().any(|n| n == calendar) => {
                    Err(RulesError::UnknownCalendar {
                        rule: self.id.clone(),
                        calendar: crate::util::excerpt(calendar),
                    })
                }
                _ => Ok(()),
            })?;
            super::eval::check_patterns(&self.id, c)?;
        }
        Ok(())
    }
}

impl Action {
    /// Checks an action's values against the documented caps.
    fn check(&self, rule: &str) -> Result<(), RulesError> {
        let bad = |reason: &str| RulesError::BadCondition {
            rule: rule.to_owned(),
            reason: reason.into(),
        };
        if let Action::ScheduleFollowUp { at, after_seconds } = self
            && (at.is_some() == after_seconds.is_some() || after_seconds.is_some_and(|s| s <= 0))
        {
            return Err(bad(
                "schedule_follow_up needs either `at` or a positive `after_seconds`",
            ));
        }
        let texts: Vec<&str> = match self {
            Action::Notify {
                to,
                subject,
                message,
            } => {
                let who = match to {
                    Recipient::Agent(s)
                    | Recipient::User(s)
                    | Recipient::Group(s)
                    | Recipient::Webhook(s)
                    | Recipient::Target(s) => Some(s.as_str()),
                    _ => None,
                };
                who.into_iter()
                    .chain(subject.as_deref())
                    .chain(message.as_deref())
                    .collect()
            }
            Action::AddInternalNote { body } | Action::Reply { body } => vec![body],
            Action::Escalate { reason, group } => std::iter::once(reason.as_str())
                .chain(group.as_deref())
                .collect(),
            Action::AssignAgent { agent } => vec![agent],
            Action::AssignGroup { group } => vec![group],
            Action::AddFollower { user } | Action::AddCc { user } => vec![user],
            Action::SendTemplate { template, .. } => vec![template],
            Action::SetField { name, .. } => vec![name],
            Action::SendTranscript { to } => to.iter().map(String::as_str).collect(),
            Action::SendAttachment { attachments } => {
                attachments.iter().map(String::as_str).collect()
            }
            _ => Vec::new(),
        };
        if texts.iter().any(|t| t.len() > MAX_TEXT_BYTES) {
            return Err(RulesError::TooLarge {
                what: format!("rule `{rule}`: action text bytes"),
                limit: MAX_TEXT_BYTES,
            });
        }
        let items = match self {
            Action::AddTags { tags } | Action::RemoveTags { tags } | Action::SetTags { tags } => {
                tags.len()
            }
            Action::SendTranscript { to } => to.len(),
            Action::SendAttachment { attachments } => attachments.len(),
            _ => 0,
        };
        if items > MAX_LIST_VALUES {
            return Err(RulesError::TooLarge {
                what: format!("rule `{rule}`: values in one action"),
                limit: MAX_LIST_VALUES,
            });
        }
        match self {
            Action::SetField { name, .. } if name.is_empty() || name.len() > 128 => {
                Err(bad("a field name must be 1 to 128 bytes"))
            }
            Action::SetField { value, .. } if crate::ticket::check_field_value(value).is_err() => {
                Err(bad(
                    "a field value must be at most 16 KiB of JSON (MAX_FIELD_VALUE_BYTES)",
                ))
            }
            Action::AssignAgent { agent: id }
            | Action::AssignGroup { group: id }
            | Action::AddFollower { user: id }
            | Action::AddCc { user: id }
                if id.is_empty() =>
            {
                Err(bad("an empty id in an action"))
            }
            Action::SendAttachment { attachments } if attachments.is_empty() => {
                Err(bad("send_attachment needs at least one attachment"))
            }
            _ => Ok(()),
        }
    }
}

/// A rule set: rules in position order, and the calendars they use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a rule set object")]
#[non_exhaustive]
pub struct RuleSetSpec {
    /// Calendars by name, for business-hours conditions.
    #[serde(default)]
    pub calendars: BTreeMap<String, CalendarSpec>,
    /// The rules, in the order they run.
    pub rules: Vec<RuleSpec>,
}
