//! The ticket itself: state rebuilt from, and validated against, its events.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::event::{Actor, AuthorKind, Event, EventKind};
use super::{
    AgentId, Channel, CustomerId, GroupId, Priority, Status, Tag, TicketError, TicketId, TicketType,
};
use crate::time::Timestamp;
use crate::util::excerpt;

/// The most events one ticket may hold.
pub const MAX_EVENTS: usize = 100_000;
/// The most tags one ticket may carry.
pub const MAX_TAGS: usize = 1_000;
/// The most custom fields one ticket may carry.
pub const MAX_FIELDS: usize = 1_000;
/// The longest subject, in bytes.
pub const MAX_SUBJECT_BYTES: usize = 4_096;
/// The longest message body or satisfaction comment, in bytes (256 KiB).
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// The longest custom field name, in bytes.
pub const MAX_FIELD_NAME_BYTES: usize = 128;
/// The largest custom field value (or customer attribute), in bytes of its
/// JSON text (16 KiB).
pub const MAX_FIELD_VALUE_BYTES: usize = 16 * 1024;

/// Checks a custom field value against [`MAX_FIELD_VALUE_BYTES`].
pub(crate) fn check_field_value(value: &Value) -> Result<(), TicketError> {
    let len = serde_json::to_vec(value).map_or(usize::MAX, |v| v.len());
    if len > MAX_FIELD_VALUE_BYTES {
        return Err(TicketError::TooLarge {
            what: "field value bytes",
            limit: MAX_FIELD_VALUE_BYTES,
        });
    }
    Ok(())
}

/// Checks an event's list of tags (repeats included) against [`MAX_TAGS`].
fn check_tag_list(tags: &[Tag]) -> Result<(), TicketError> {
    if tags.len() > MAX_TAGS {
        return Err(TicketError::TooLarge {
            what: "tags of one event",
            limit: MAX_TAGS,
        });
    }
    Ok(())
}

/// A support ticket: one conversation with one requester, across channels.
///
/// A ticket is its event history. [`Ticket::create`] starts one from a
/// `created` event; [`Ticket::apply`] validates and appends each later event;
/// [`Ticket::from_events`] rebuilds one from a stored history. The current
/// state (status, priority, tags ...) is always what the history says, so the
/// fields are read through methods and can only change through events.
///
/// # Rules `apply` enforces
/// - Events come in time order: an event earlier than the previous one is an
///   error, never reordered. Equal instants are fine.
/// - Only the first event is `created`.
/// - Status changes follow the table on [`Status`]; `closed` accepts no event.
/// - A change event must change something (setting the current priority again
///   is an error), so every event in a history is a real change.
/// - A public customer message on a `pending`, `on_hold` or `solved` ticket
///   reopens it to `open`; do not send a separate status change for it.
/// - A `merged` event closes the ticket, from any status but `closed`.
/// - A message's `author` must agree with the event's `actor`, when one is
///   given; a customer cannot write an internal note.
/// - Size caps: [`MAX_EVENTS`], [`MAX_TAGS`], [`MAX_FIELDS`],
///   [`MAX_SUBJECT_BYTES`], [`MAX_BODY_BYTES`], [`MAX_FIELD_NAME_BYTES`].
///
/// A failed `apply` leaves the ticket unchanged.
///
/// # JSON
/// The current fields, then the full history in `events`. Reading a ticket
/// from JSON replays its events and checks that the fields agree with them
/// ([`TicketError::StateMismatch`] otherwise), so a stored ticket cannot claim
/// a state its history does not support.
///
/// # Example
///
/// ```
/// use frontline::{Event, EventKind, Status, Ticket, ticket::AuthorKind};
///
/// let at = |s: &str| s.parse().unwrap();
/// let mut ticket = Ticket::create(
///     "T-1".parse()?,
///     Event::new(at("2026-03-02T09:00:00Z"),
///         EventKind::created("Pakket niet ontvangen", "c-anna".parse()?, "email".parse()?)),
/// )?;
/// ticket.apply(Event::new(at("2026-03-02T10:00:00Z"), EventKind::StatusChanged { to: Status::Pending }))?;
/// // The customer answers: the ticket reopens by itself.
/// ticket.apply(Event::new(at("2026-03-02T11:00:00Z"),
///     EventKind::message(AuthorKind::Customer, "Nog steeds niets")))?;
/// assert_eq!(ticket.status(), Status::Open);
/// // Going back to `new` is not allowed.
/// let err = ticket.apply(Event::new(at("2026-03-02T12:00:00Z"), EventKind::StatusChanged { to: Status::New }));
/// assert_eq!(err.unwrap_err().to_string(), "status cannot change from `open` to `new`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ticket {
    id: TicketId,
    subject: String,
    requester: CustomerId,
    status: Status,
    priority: Priority,
    channel: Channel,
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket_type: Option<TicketType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assignee: Option<AgentId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<GroupId>,
    tags: BTreeSet<Tag>,
    fields: BTreeMap<String, Value>,
    created_at: Timestamp,
    updated_at: Timestamp,
    events: Vec<Event>,
}

pub(crate) fn check_field_name(name: &str) -> Result<(), TicketError> {
    let reason = if name.is_empty() {
        "is empty"
    } else if name.len() > MAX_FIELD_NAME_BYTES {
        "is longer than 128 bytes"
    } else if name.chars().any(char::is_control) {
        "contains a control character"
    } else {
        return Ok(());
    };
    Err(TicketError::InvalidFieldName {
        name: excerpt(name),
        reason,
    })
}

fn check_len(what: &'static str, text: &str, limit: usize) -> Result<(), TicketError> {
    if text.len() > limit {
        Err(TicketError::TooLarge { what, limit })
    } else {
        Ok(())
    }
}

fn check_actor(author: AuthorKind, actor: Option<&Actor>) -> Result<(), TicketError> {
    match actor {
        Some(actor) if actor.author_kind() != author => Err(TicketError::ActorMismatch {
            author: author.as_str(),
            actor: excerpt(&actor.to_string()),
        }),
        _ => Ok(()),
    }
}

impl Ticket {
    /// Starts a ticket from its `created` event.
    ///
    /// # Errors
    /// [`TicketError::NotCreatedFirst`] if `event` is not `created`; an invalid
    /// initial state (a `closed` status, too many tags or fields, a subject over
    /// [`MAX_SUBJECT_BYTES`], a bad field name).
    pub fn create(id: TicketId, event: Event) -> Result<Ticket, TicketError> {
        let EventKind::Created {
            subject,
            requester,
            channel,
            priority,
            status,
            ticket_type,
            group,
            assignee,
            tags,
            fields,
        } = &event.kind
        else {
            return Err(TicketError::NotCreatedFirst {
                found: event.kind.name(),
            });
        };
        check_len("subject bytes", subject, MAX_SUBJECT_BYTES)?;
        if *status == Status::Closed {
            return Err(TicketError::InvalidTransition {
                from: Status::New,
                to: Status::Closed,
            });
        }
        check_tag_list(tags)?;
        let tags: BTreeSet<Tag> = tags.iter().cloned().collect();
        if tags.len() > MAX_TAGS {
            return Err(TicketError::TooLarge {
                what: "ticket tags",
                limit: MAX_TAGS,
            });
        }
        if fields.len() > MAX_FIELDS {
            return Err(TicketError::TooLarge {
                what: "ticket fields",
                limit: MAX_FIELDS,
            });
        }
        for (name, value) in fields {
            check_field_name(name)?;
            check_field_value(value)?;
        }
        // A null initial value means "not set", as it does in `field_changed`.
        let fields = fields
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Ticket {
            id,
            subject: subject.clone(),
            requester: requester.clone(),
            status: *status,
            priority: *priority,
            channel: *channel,
            ticket_type: *ticket_type,
            assignee: assignee.clone(),
            group: group.clone(),
            tags,
            fields,
            created_at: event.at,
            updated_at: event.at,
            events: vec![event],
        })
    }

    /// Rebuilds a ticket from its full history, `created` first.
    ///
    /// Linear in the events (each applied as [`Ticket::apply`] does): 26 ms for [`MAX_EVENTS`] (100,000) events;
    /// [`Ticket::summary`] of such a ticket takes 0.4 ms (`cargo bench -p frontline-benches
    /// --bench ticket`).
    ///
    /// # Errors
    /// [`TicketError::EmptyHistory`] for no events; otherwise the first invalid
    /// event's error wrapped in [`TicketError::AtEvent`] with its index.
    pub fn from_events(
        id: TicketId,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<Ticket, TicketError> {
        let mut events = events.into_iter();
        let first = events.next().ok_or(TicketError::EmptyHistory)?;
        let mut ticket = Ticket::create(id, first).map_err(|e| TicketError::AtEvent {
            index: 0,
            source: Box::new(e),
        })?;
        ticket.apply_all(events).map_err(|e| match e {
            TicketError::AtEvent { index, source } => TicketError::AtEvent {
                index: index + 1,
                source,
            },
            other => other,
        })?;
        Ok(ticket)
    }

    /// Applies a batch of events in order. Stops at the first invalid one: the
    /// events before it stay applied, and the error carries its index in the
    /// batch ([`TicketError::AtEvent`]).
    ///
    /// # Errors
    /// As [`Ticket::apply`], wrapped with the failing event's index.
    pub fn apply_all(
        &mut self,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<(), TicketError> {
        for (index, event) in events.into_iter().enumerate() {
            self.apply(event).map_err(|e| TicketError::AtEvent {
                index,
                source: Box::new(e),
            })?;
        }
        Ok(())
    }

    /// Validates `event` against the current state and appends it.
    ///
    /// See the type's documentation for the rules. On error the ticket is unchanged.
    ///
    /// # Errors
    /// The [`TicketError`] naming the broken rule.
    pub fn apply(&mut self, event: Event) -> Result<(), TicketError> {
        if event.at < self.updated_at {
            return Err(TicketError::EventOutOfOrder {
                at: event.at,
                previous: self.updated_at,
            });
        }
        if self.status == Status::Closed {
            return Err(TicketError::TicketClosed {
                ticket: self.id.clone(),
            });
        }
        if self.events.len() >= MAX_EVENTS {
            return Err(TicketError::TooLarge {
                what: "ticket events",
                limit: MAX_EVENTS,
            });
        }
        match &event.kind {
            EventKind::Created { .. } => {
                return Err(TicketError::AlreadyCreated {
                    ticket: self.id.clone(),
                });
            }
            EventKind::Message {
                author,
                public,
                body,
                ..
            } => {
                check_actor(*author, event.actor.as_ref())?;
                check_len("message body bytes", body, MAX_BODY_BYTES)?;
                if *author == AuthorKind::Customer && !*public {
                    return Err(TicketError::CustomerInternalNote);
                }
                if *author == AuthorKind::Customer
                    && matches!(
                        self.status,
                        Status::Pending | Status::OnHold | Status::Solved
                    )
                {
                    self.status = Status::Open;
                }
            }
            EventKind::StatusChanged { to } => {
                if *to == self.status {
                    return Err(no_change("status", to.as_str()));
                }
                if !self.status.can_become(*to) {
                    return Err(TicketError::InvalidTransition {
                        from: self.status,
                        to: *to,
                    });
                }
                self.status = *to;
            }
            EventKind::PriorityChanged { to } => {
                if *to == self.priority {
                    return Err(no_change("priority", to.as_str()));
                }
                self.priority = *to;
            }
            EventKind::Assigned { to } => {
                if *to == self.assignee {
                    return Err(no_change("assignee", optional(to.as_ref())));
                }
                self.assignee = to.clone();
            }
            EventKind::TypeChanged { to } => {
                if *to == self.ticket_type {
                    return Err(no_change(
                        "ticket type",
                        to.map_or("none", TicketType::as_str),
                    ));
                }
                self.ticket_type = *to;
            }
            EventKind::GroupChanged { to } => {
                if *to == self.group {
                    return Err(no_change("group", optional(to.as_ref())));
                }
                self.group = to.clone();
            }
            EventKind::TagsAdded { tags } => {
                check_tag_list(tags)?;
                let new: Vec<&Tag> = tags.iter().filter(|t| !self.tags.contains(*t)).collect();
                if new.is_empty() {
                    return Err(no_change("tag set", &joined(tags)));
                }
                let mut distinct: BTreeSet<&Tag> = new.into_iter().collect();
                if self.tags.len() + distinct.len() > MAX_TAGS {
                    return Err(TicketError::TooLarge {
                        what: "ticket tags",
                        limit: MAX_TAGS,
                    });
                }
                while let Some(tag) = distinct.pop_first() {
                    self.tags.insert(tag.clone());
                }
            }
            EventKind::TagsRemoved { tags } => {
                check_tag_list(tags)?;
                if !tags.iter().any(|t| self.tags.contains(t)) {
                    return Err(TicketError::NoChange {
                        what: "absent tag set",
                        value: excerpt(&joined(tags)),
                    });
                }
                for tag in tags {
                    self.tags.remove(tag);
                }
            }
            EventKind::FieldChanged { name, value } => {
                check_field_name(name)?;
                check_field_value(value)?;
                let current = self.fields.get(name).unwrap_or(&Value::Null);
                if current == value {
                    return Err(no_change("field", name));
                }
                if value.is_null() {
                    self.fields.remove(name);
                } else {
                    if !self.fields.contains_key(name) && self.fields.len() >= MAX_FIELDS {
                        return Err(TicketError::TooLarge {
                            what: "ticket fields",
                            limit: MAX_FIELDS,
                        });
                    }
                    self.fields.insert(name.clone(), value.clone());
                }
            }
            EventKind::SatisfactionRated { comment, .. } => {
                if let Some(comment) = comment {
                    check_len("satisfaction comment bytes", comment, MAX_BODY_BYTES)?;
                }
            }
            EventKind::Merged { into } => {
                if *into == self.id {
                    return Err(TicketError::SelfMerge {
                        ticket: self.id.clone(),
                    });
                }
                self.status = Status::Closed;
            }
        }
        self.updated_at = event.at;
        self.events.push(event);
        Ok(())
    }

    /// The ticket's id.
    pub fn id(&self) -> &TicketId {
        &self.id
    }
    /// The subject line.
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// The customer the ticket is for.
    pub fn requester(&self) -> &CustomerId {
        &self.requester
    }
    /// The current status.
    pub fn status(&self) -> Status {
        self.status
    }
    /// The current priority.
    pub fn priority(&self) -> Priority {
        self.priority
    }
    /// The channel the ticket arrived on.
    pub fn channel(&self) -> Channel {
        self.channel
    }
    /// The ticket's type, if one is set.
    pub fn ticket_type(&self) -> Option<TicketType> {
        self.ticket_type
    }
    /// The assigned agent, if any.
    pub fn assignee(&self) -> Option<&AgentId> {
        self.assignee.as_ref()
    }
    /// The assigned group, if any.
    pub fn group(&self) -> Option<&GroupId> {
        self.group.as_ref()
    }
    /// The tags, sorted.
    pub fn tags(&self) -> &BTreeSet<Tag> {
        &self.tags
    }
    /// Whether the ticket carries `tag` (compared after normalisation).
    pub fn has_tag(&self, tag: &str) -> bool {
        Tag::new(tag).is_ok_and(|t| self.tags.contains(&t))
    }
    /// The custom fields (a cleared field is absent).
    pub fn fields(&self) -> &BTreeMap<String, Value> {
        &self.fields
    }
    /// One custom field's value.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }
    /// When the ticket was created.
    pub fn created_at(&self) -> Timestamp {
        self.created_at
    }
    /// When the last event happened.
    pub fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
    /// The full history, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
}

fn no_change(what: &'static str, value: &str) -> TicketError {
    TicketError::NoChange {
        what,
        value: excerpt(value),
    }
}

fn optional<T: AsRef<str>>(value: Option<&T>) -> &str {
    value.map_or("none", AsRef::as_ref)
}

fn joined(tags: &[Tag]) -> String {
    let names: Vec<&str> = tags.iter().map(Tag::as_str).collect();
    names.join(" ")
}

/// The JSON shape of a ticket, before its history is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a ticket object")]
struct TicketRepr {
    id: TicketId,
    subject: String,
    requester: CustomerId,
    status: Status,
    priority: Priority,
    channel: Channel,
    #[serde(default)]
    ticket_type: Option<TicketType>,
    #[serde(default)]
    assignee: Option<AgentId>,
    #[serde(default)]
    group: Option<GroupId>,
    #[serde(default)]
    tags: BTreeSet<Tag>,
    #[serde(default)]
    fields: BTreeMap<String, Value>,
    created_at: Timestamp,
    updated_at: Timestamp,
    events: Vec<Event>,
}

impl TryFrom<TicketRepr> for Ticket {
    type Error = TicketError;
    fn try_from(repr: TicketRepr) -> Result<Ticket, TicketError> {
        let rebuilt = Ticket::from_events(repr.id.clone(), repr.events)?;
        let mismatch = if rebuilt.subject != repr.subject {
            Some("subject")
        } else if rebuilt.requester != repr.requester {
            Some("requester")
        } else if rebuilt.status != repr.status {
            Some("status")
        } else if rebuilt.priority != repr.priority {
            Some("priority")
        } else if rebuilt.channel != repr.channel {
            Some("channel")
        } else if rebuilt.ticket_type != repr.ticket_type {
            Some("ticket_type")
        } else if rebuilt.assignee != repr.assignee {
            Some("assignee")
        } else if rebuilt.group != repr.group {
            Some("group")
        } else if rebuilt.tags != repr.tags {
            Some("tags")
        } else if rebuilt.fields != repr.fields {
            Some("fields")
        } else if rebuilt.created_at != repr.created_at {
            Some("created_at")
        } else if rebuilt.updated_at != repr.updated_at {
            Some("updated_at")
        } else {
            None
        };
        match mismatch {
            Some(field) => Err(TicketError::StateMismatch {
                ticket: repr.id,
                field,
            }),
            None => Ok(rebuilt),
        }
    }
}

/// Why a JSON value could not become a ticket: its shape, or its history.
pub(crate) enum TicketParseError {
    /// Not shaped like a ticket.
    Shape(serde_json::Error),
    /// Shaped like one, but its history is invalid or disagrees with its fields.
    Ticket(TicketError),
}

/// Reads a ticket from JSON, keeping the [`TicketError`] (and its code) apart
/// from shape errors.
pub(crate) fn ticket_from_value(value: Value) -> Result<Ticket, TicketParseError> {
    let repr: TicketRepr = serde_json::from_value(value).map_err(TicketParseError::Shape)?;
    Ticket::try_from(repr).map_err(TicketParseError::Ticket)
}

impl<'de> Deserialize<'de> for Ticket {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Ticket, D::Error> {
        let repr = TicketRepr::deserialize(deserializer)?;
        Ticket::try_from(repr).map_err(serde::de::Error::custom)
    }
}
