//! Ticket events: the append-only history a ticket is built from.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{AgentId, Channel, CustomerId, GroupId, Priority, Status, Tag, TicketId, TicketType};
use crate::time::Timestamp;

/// Who caused an event.
///
/// In JSON: `{"kind":"customer","id":"c1"}`, `{"kind":"agent","id":"a1"}`,
/// `{"kind":"bot"}` or `{"kind":"bot","id":"answer-bot"}`, `{"kind":"system"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Actor {
    /// An end user.
    Customer {
        /// The customer.
        id: CustomerId,
    },
    /// A human agent.
    Agent {
        /// The agent.
        id: AgentId,
    },
    /// A chatbot or answer bot, optionally with the agent account it runs as.
    Bot {
        /// The bot's agent account, if it has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<AgentId>,
    },
    /// The helpdesk itself: rules, automations, integrations.
    System,
}

impl Actor {
    /// The kind of author this actor is.
    pub fn author_kind(&self) -> AuthorKind {
        match self {
            Actor::Customer { .. } => AuthorKind::Customer,
            Actor::Agent { .. } => AuthorKind::Agent,
            Actor::Bot { .. } => AuthorKind::Bot,
            Actor::System => AuthorKind::System,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Customer { id } => write!(f, "customer {id}"),
            Actor::Agent { id } => write!(f, "agent {id}"),
            Actor::Bot { id: Some(id) } => write!(f, "bot {id}"),
            Actor::Bot { id: None } => f.pad("bot"),
            Actor::System => f.pad("system"),
        }
    }
}

/// What kind of party wrote a message.
///
/// In JSON: `"customer"`, `"agent"`, `"bot"`, `"system"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuthorKind {
    /// An end user.
    Customer,
    /// A human agent. Only agent messages count as replies for SLAs and KPIs.
    Agent,
    /// A bot.
    Bot,
    /// The helpdesk itself.
    System,
}

impl AuthorKind {
    /// The JSON name (`"agent"`).
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorKind::Customer => "customer",
            AuthorKind::Agent => "agent",
            AuthorKind::Bot => "bot",
            AuthorKind::System => "system",
        }
    }
}

/// A customer's satisfaction rating.
///
/// In JSON: `"good"` or `"bad"` (as in Zendesk's CSAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// Satisfied.
    Good,
    /// Not satisfied.
    Bad,
}

impl Rating {
    /// The rating a satisfaction score from 1 to 5 stands for: 4 and 5 are
    /// good, 1 to 3 bad (the KPIs' `csat_field` rule); any other score is
    /// none.
    ///
    /// ```
    /// use frontline::ticket::Rating;
    /// assert_eq!(Rating::from_score(4), Some(Rating::Good));
    /// assert_eq!(Rating::from_score(3), Some(Rating::Bad));
    /// assert_eq!(Rating::from_score(0), None);
    /// ```
    pub fn from_score(score: i64) -> Option<Rating> {
        match score {
            4 | 5 => Some(Rating::Good),
            1..=3 => Some(Rating::Bad),
            _ => None,
        }
    }

    /// The JSON name (`"good"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Bad => "bad",
        }
    }
}

pub(super) fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// The payload of an [`Event`], tagged by `type` in JSON.
///
/// Unknown fields are rejected, so a misspelt field is an error rather than
/// silently dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum EventKind {
    /// The ticket was created. Always the first event, and only the first.
    ///
    /// `{"type":"created","subject":"Waar is mijn bestelling?","requester":"c1","channel":"email"}`
    /// plus optional `priority` (default `normal`), `status` (default `new`;
    /// anything but `closed`), `ticket_type`, `group`, `assignee`, `tags` and `fields` (a
    /// `null` field value means "not set" and is not stored). The
    /// customer's first words are a separate `message` event, usually at the same instant.
    #[non_exhaustive]
    Created {
        /// The subject line.
        subject: String,
        /// The customer the ticket is for.
        requester: CustomerId,
        /// The channel it arrived on.
        channel: Channel,
        /// The initial priority.
        #[serde(default)]
        priority: Priority,
        /// The initial status.
        #[serde(default = "initial_status")]
        status: Status,
        /// The initial type, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ticket_type: Option<TicketType>,
        /// The initial group.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<GroupId>,
        /// The initial assignee.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assignee: Option<AgentId>,
        /// The initial tags.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tags: Vec<Tag>,
        /// The initial custom fields.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        fields: BTreeMap<String, Value>,
    },
    /// A message: a public reply or an internal note.
    ///
    /// `{"type":"message","author":"customer","body":"..."}` plus optional
    /// `public` (default `true`) and `channel` (default: the ticket's channel).
    #[non_exhaustive]
    Message {
        /// Who wrote it.
        author: AuthorKind,
        /// `false` for an internal note, which the customer never sees.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        public: bool,
        /// The channel it came in or went out on; absent means the ticket's channel.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<Channel>,
        /// The text.
        body: String,
    },
    /// The status changed. `{"type":"status_changed","to":"pending"}`
    StatusChanged {
        /// The new status.
        to: Status,
    },
    /// The priority changed. `{"type":"priority_changed","to":"urgent"}`
    PriorityChanged {
        /// The new priority.
        to: Priority,
    },
    /// The assignee changed; `null` unassigns. `{"type":"assigned","to":"a1"}`
    Assigned {
        /// The new assignee.
        to: Option<AgentId>,
    },
    /// The ticket's type changed; `null` removes it. `{"type":"type_changed","to":"incident"}`
    TypeChanged {
        /// The new type.
        to: Option<TicketType>,
    },
    /// The group changed; `null` removes it. `{"type":"group_changed","to":"billing"}`
    GroupChanged {
        /// The new group.
        to: Option<GroupId>,
    },
    /// Tags were added. `{"type":"tags_added","tags":["vip"]}`
    TagsAdded {
        /// The tags to add.
        tags: Vec<Tag>,
    },
    /// Tags were removed. `{"type":"tags_removed","tags":["vip"]}`
    TagsRemoved {
        /// The tags to remove.
        tags: Vec<Tag>,
    },
    /// A custom field was set; `null` clears it.
    /// `{"type":"field_changed","name":"order_number","value":"NL-1234"}`
    FieldChanged {
        /// The field's name.
        name: String,
        /// The new value, or `null` to clear the field.
        value: Value,
    },
    /// The customer rated the support received.
    /// `{"type":"satisfaction_rated","rating":"good","comment":"Snel geholpen!"}`
    SatisfactionRated {
        /// Good or bad.
        rating: Rating,
        /// An optional comment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// This ticket was merged into another one and is closed by the merge.
    /// `{"type":"merged","into":"T-1002"}`
    Merged {
        /// The ticket that lives on.
        into: TicketId,
    },
}

pub(super) fn initial_status() -> Status {
    Status::New
}

impl EventKind {
    /// A `created` event: a new ticket about `subject` from `requester` on
    /// `channel`, at `normal` priority in status `new`, with no type, group,
    /// assignee, tags or fields. The variant is `#[non_exhaustive]` (it will
    /// grow); set the other fields through a pattern:
    ///
    /// ```
    /// use frontline::{Channel, EventKind, Priority};
    /// let mut kind = EventKind::created("Waar is mijn pakket?", "c-anna".parse()?, Channel::Email);
    /// if let EventKind::Created { priority, group, .. } = &mut kind {
    ///     *priority = Priority::High;
    ///     *group = Some("returns".parse()?);
    /// }
    /// assert_eq!(kind.name(), "created");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn created(
        subject: impl Into<String>,
        requester: CustomerId,
        channel: Channel,
    ) -> EventKind {
        EventKind::Created {
            subject: subject.into(),
            requester,
            channel,
            priority: Priority::Normal,
            status: Status::New,
            ticket_type: None,
            group: None,
            assignee: None,
            tags: Vec::new(),
            fields: BTreeMap::new(),
        }
    }

    /// A public message by `author` on the ticket's channel.
    ///
    /// ```
    /// use frontline::{Event, EventKind, Ticket};
    /// use frontline::ticket::AuthorKind;
    /// let at = "2026-03-02T09:00:00Z".parse()?;
    /// let ticket = Ticket::from_events("T-1".parse()?, vec![
    ///     Event::new(at, EventKind::created("Retour", "c-anna".parse()?, frontline::Channel::Chat)),
    ///     Event::new(at, EventKind::message(AuthorKind::Customer, "Hoe stuur ik iets terug?")),
    /// ])?;
    /// assert!(ticket.summary().awaiting_agent_reply);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn message(author: AuthorKind, body: impl Into<String>) -> EventKind {
        EventKind::Message {
            author,
            public: true,
            channel: None,
            body: body.into(),
        }
    }

    /// An internal note by an agent: a message the customer does not see.
    pub fn internal_note(body: impl Into<String>) -> EventKind {
        EventKind::Message {
            author: AuthorKind::Agent,
            public: false,
            channel: None,
            body: body.into(),
        }
    }

    /// The JSON `type` of this event (`"status_changed"`).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Created { .. } => "created",
            EventKind::Message { .. } => "message",
            EventKind::StatusChanged { .. } => "status_changed",
            EventKind::PriorityChanged { .. } => "priority_changed",
            EventKind::Assigned { .. } => "assigned",
            EventKind::TypeChanged { .. } => "type_changed",
            EventKind::GroupChanged { .. } => "group_changed",
            EventKind::TagsAdded { .. } => "tags_added",
            EventKind::TagsRemoved { .. } => "tags_removed",
            EventKind::FieldChanged { .. } => "field_changed",
            EventKind::SatisfactionRated { .. } => "satisfaction_rated",
            EventKind::Merged { .. } => "merged",
        }
    }
}

/// One entry of a ticket's append-only history.
///
/// In JSON the payload's fields sit beside `at` and `actor`:
///
/// ```
/// use frontline::{Event, EventKind};
///
/// let event: Event = serde_json::from_str(r#"{
///     "at": "2026-03-02T09:15:00Z",
///     "actor": {"kind": "agent", "id": "a-sanne"},
///     "type": "status_changed",
///     "to": "pending"
/// }"#)?;
/// assert!(matches!(event.kind, EventKind::StatusChanged { .. }));
/// assert_eq!(serde_json::to_value(&event)?["type"], "status_changed");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// When it happened.
    pub at: Timestamp,
    /// Who caused it, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// An event with no actor.
    pub fn new(at: Timestamp, kind: EventKind) -> Event {
        Event {
            at,
            actor: None,
            kind,
        }
    }

    /// This event with `actor` set.
    pub fn by(mut self, actor: Actor) -> Event {
        self.actor = Some(actor);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_rejected() {
        let err = serde_json::from_str::<Event>(
            r#"{"at":"2026-01-01T00:00:00Z","type":"message","author":"customer","bodyy":"hi"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("bodyy"), "{err}");
        let err =
            serde_json::from_str::<Event>(r#"{"type":"status_changed","to":"open"}"#).unwrap_err();
        assert!(err.to_string().contains("`at`"), "{err}");
    }

    #[test]
    fn message_defaults_and_round_trip() {
        let e: Event = serde_json::from_str(
            r#"{"at":"2026-01-01T10:00:00+01:00","type":"message","author":"customer","body":"Hallo"}"#,
        )
        .unwrap();
        let EventKind::Message {
            public, channel, ..
        } = &e.kind
        else {
            panic!("not a message")
        };
        assert!(*public);
        assert_eq!(*channel, None);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"at":"2026-01-01T09:00:00Z","type":"message","author":"customer","body":"Hallo"}"#
        );
        assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), e);
    }

    #[test]
    fn actor_shapes() {
        let a: Actor = serde_json::from_str(r#"{"kind":"bot"}"#).unwrap();
        assert_eq!(a, Actor::Bot { id: None });
        assert_eq!(
            serde_json::to_string(&Actor::System).unwrap(),
            r#"{"kind":"system"}"#
        );
        assert!(serde_json::from_str::<Actor>(r#"{"kind":"agent"}"#).is_err());
    }
}
