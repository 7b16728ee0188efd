//! Compiled condition trees, evaluated against a view of the ticket, the
//! event and the customer, with an optional trace of every node.

use std::borrow::Cow;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::RulesError;
use super::condition::{Cmp, Condition, Field, Op, Operand, Scalar, Since};
use super::spec::MAX_REGEX_BYTES;
use crate::time::Timestamp;
use crate::util::{excerpt, fold};
use crate::{
    BusinessCalendar, Channel, Customer, Event, EventKind, Priority, Status, Ticket,
    customer::IdentityKind, ticket::Actor, ticket::AuthorKind, ticket::Tag, ticket::TicketType,
};

/// The calendars a condition can name, in the order the compiler resolved
/// them to indexes.
pub(crate) type CalendarList = [(crate::Name, BusinessCalendar)];

/// The ticket as conditions see it: its current state, plus the changes
/// made by rules that already fired in this evaluation. Borrows what it
/// can from the ticket (or, in an SLA replay, from its events).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Work<'a> {
    pub status: Status,
    pub priority: Priority,
    pub ticket_type: Option<TicketType>,
    pub channel: Channel,
    pub subject: &'a str,
    pub requester: &'a str,
    pub assignee: Option<Cow<'a, str>>,
    pub group: Option<Cow<'a, str>>,
    /// Sorted, distinct.
    pub tags: Vec<Cow<'a, Tag>>,
    /// Sorted by name; no null values.
    pub fields: Vec<(Cow<'a, str>, Cow<'a, Value>)>,
}

impl<'a> Work<'a> {
    pub fn of(t: &'a Ticket) -> Work<'a> {
        Work {
            status: t.status(),
            priority: t.priority(),
            ticket_type: t.ticket_type(),
            channel: t.channel(),
            subject: t.subject(),
            requester: t.requester().as_str(),
            assignee: t.assignee().map(|a| Cow::Borrowed(a.as_str())),
            group: t.group().map(|g| Cow::Borrowed(g.as_str())),
            tags: t.tags().iter().map(Cow::Borrowed).collect(),
            fields: t
                .fields()
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v)))
                .collect(),
        }
    }

    /// The ticket as its `created` event left it (the ticket's own state
    /// if the history does not start with one, which a valid ticket always does).
    pub fn created(t: &'a Ticket) -> Work<'a> {
        let Some(EventKind::Created {
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
        }) = t.events().first().map(|e| &e.kind)
        else {
            return Work::of(t);
        };
        let mut tags: Vec<Cow<'a, Tag>> = tags.iter().map(Cow::Borrowed).collect();
        tags.sort();
        tags.dedup();
        Work {
            status: *status,
            priority: *priority,
            ticket_type: *ticket_type,
            channel: *channel,
            subject,
            requester: requester.as_str(),
            assignee: assignee.as_ref().map(|a| Cow::Borrowed(a.as_str())),
            group: group.as_ref().map(|g| Cow::Borrowed(g.as_str())),
            tags,
            fields: fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v)))
                .collect(),
        }
    }

    /// Applies a later event of the ticket's history, as [`Ticket::apply`]
    /// does (a public customer message reopens a pending, on-hold or solved
    /// ticket; a merge closes it); which parts changed, as [`reads`] bits.
    pub fn apply_event(&mut self, event: &'a Event) -> u8 {
        let before = self.status;
        self.status = status_after(before, &event.kind);
        let changed = match &event.kind {
            EventKind::PriorityChanged { to } => {
                let changed = self.priority != *to;
                self.priority = *to;
                if changed { reads::PRIORITY } else { 0 }
            }
            EventKind::Assigned { to } => {
                self.assignee = to.as_ref().map(|a| Cow::Borrowed(a.as_str()));
                reads::ASSIGNEE
            }
            EventKind::TypeChanged { to } => {
                self.ticket_type = *to;
                reads::TYPE
            }
            EventKind::GroupChanged { to } => {
                self.group = to.as_ref().map(|g| Cow::Borrowed(g.as_str()));
                reads::GROUP
            }
            EventKind::TagsAdded { tags } => {
                let any = tags
                    .iter()
                    .fold(false, |c, t| self.add_tag(Cow::Borrowed(t)) | c);
                if any { reads::TAGS } else { 0 }
            }
            EventKind::TagsRemoved { tags } => {
                let any = tags.iter().fold(false, |c, t| self.remove_tag(t) | c);
                if any { reads::TAGS } else { 0 }
            }
            EventKind::FieldChanged { name, value }
                if self.set_field(Cow::Borrowed(name.as_str()), Cow::Borrowed(value)) =>
            {
                reads::FIELDS
            }
            _ => 0,
        };
        changed
            | if self.status != before {
                reads::STATUS
            } else {
                0
            }
    }

    /// Adds a tag; whether it was new.
    pub fn add_tag(&mut self, tag: Cow<'a, Tag>) -> bool {
        match self.tags.binary_search(&tag) {
            Ok(_) => false,
            Err(at) => {
                self.tags.insert(at, tag);
                true
            }
        }
    }

    /// Removes a tag; whether it was there.
    pub fn remove_tag(&mut self, tag: &Tag) -> bool {
        match self.tags.binary_search_by(|t| t.as_ref().cmp(tag)) {
            Ok(at) => {
                self.tags.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    /// Sets (or, with `null`, clears) a custom field; whether it changed.
    pub fn set_field(&mut self, name: Cow<'a, str>, value: Cow<'a, Value>) -> bool {
        let at = self.fields.binary_search_by(|(k, _)| k.as_ref().cmp(&name));
        match (at, value.is_null()) {
            (Ok(i), true) => {
                self.fields.remove(i);
                true
            }
            (Err(_), true) => false,
            (Ok(i), false) => match self.fields.get_mut(i) {
                Some((_, v)) if *v != value => {
                    *v = value;
                    true
                }
                _ => false,
            },
            (Err(i), false) => {
                self.fields.insert(i, (name, value));
                true
            }
        }
    }

    fn field(&self, name: &str) -> Option<&Value> {
        self.fields
            .binary_search_by(|(k, _)| k.as_ref().cmp(name))
            .ok()
            .and_then(|i| self.fields.get(i))
            .map(|(_, v)| v.as_ref())
    }
}

/// The status after `event`, as [`Ticket::apply`] sets it: a public
/// customer message reopens a pending, on-hold or solved ticket; a merge
/// closes it.
pub(crate) fn status_after(status: Status, event: &EventKind) -> Status {
    match event {
        EventKind::Message {
            author: AuthorKind::Customer,
            public: true,
            ..
        } if matches!(status, Status::Pending | Status::OnHold | Status::Solved) => Status::Open,
        EventKind::StatusChanged { to } => *to,
        EventKind::Merged { .. } => Status::Closed,
        _ => status,
    }
}

/// Folded subject and message (and their words), computed once per
/// evaluation: actions never change either.
#[derive(Debug, Default)]
pub(crate) struct TextCache {
    subject: std::cell::OnceCell<String>,
    message: std::cell::OnceCell<String>,
    subject_words: std::cell::OnceCell<Vec<String>>,
    message_words: std::cell::OnceCell<Vec<String>>,
}

/// Everything a condition can read.
pub(crate) struct View<'a> {
    pub cache: &'a TextCache,
    pub work: Option<&'a Work<'a>>,
    pub prev: Option<&'a Work<'a>>,
    pub event: Option<&'a Event>,
    pub summary: Option<&'a crate::ticket::TicketSummary>,
    pub customer: Option<&'a Customer>,
    pub now: Timestamp,
    pub calendars: &'a CalendarList,
    /// A guided flow's answers (`answer.<name>`); `None` outside flows.
    pub answers: Option<&'a std::collections::BTreeMap<String, Value>>,
}

/// A value as read from the view, borrowed from it.
#[derive(Debug, Clone, PartialEq)]
enum Seen<'a> {
    Missing,
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    Bool(bool),
    Ordinal(u8, &'static str),
    Tags(Vec<&'a str>),
}

impl<'a> Seen<'a> {
    fn of_json(v: &'a Value) -> Seen<'a> {
        match v {
            Value::Null => Seen::Missing,
            Value::String(s) => Seen::Text(std::borrow::Cow::Borrowed(s)),
            Value::Number(n) => n.as_f64().map_or(Seen::Missing, Seen::Number),
            Value::Bool(b) => Seen::Bool(*b),
            // A multi-select field: compared element by element, like tags.
            Value::Array(items) if items.iter().all(Value::is_string) => {
                Seen::Tags(items.iter().filter_map(Value::as_str).collect())
            }
            other => Seen::Text(std::borrow::Cow::Owned(other.to_string())),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Seen::Missing => Value::Null,
            Seen::Text(s) => Value::String(excerpt_long(s)),
            Seen::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Seen::Bool(b) => Value::Bool(*b),
            Seen::Ordinal(_, name) => Value::String((*name).to_owned()),
            Seen::Tags(t) => {
                Value::Array(t.iter().map(|x| Value::String((*x).to_owned())).collect())
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Seen::Missing => true,
            Seen::Text(s) => s.is_empty(),
            Seen::Tags(t) => t.is_empty(),
            _ => false,
        }
    }
}

/// Text shown in a trace: at most 256 bytes, cut on a character boundary.
fn excerpt_long(s: &str) -> String {
    if s.len() <= 256 {
        return s.to_owned();
    }
    format!("{}…", crate::util::head(s, 256))
}

impl View<'_> {
    /// The raw text of a text field, without copying.
    fn raw_text(&self, field: &Field) -> Option<&str> {
        match field {
            Field::Subject => self.work.map(|w| w.subject),
            Field::Message => match self.event.map(|e| &e.kind) {
                Some(EventKind::Message { body, .. }) => Some(body.as_str()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The folded subject or message, computed once.
    fn folded(&self, field: &Field) -> Option<&str> {
        let raw = self.raw_text(field)?;
        let cell = if *field == Field::Subject {
            &self.cache.subject
        } else {
            &self.cache.message
        };
        Some(cell.get_or_init(|| fold(raw)).as_str())
    }

    /// The words of the folded subject or message, computed once.
    fn words(&self, field: &Field) -> Option<&[String]> {
        let folded = self.folded(field)?;
        let cell = if *field == Field::Subject {
            &self.cache.subject_words
        } else {
            &self.cache.message_words
        };
        Some(
            cell.get_or_init(|| words(folded).into_iter().map(str::to_owned).collect())
                .as_slice(),
        )
    }
}

fn tag_matches(tag: &Tag, want: &str) -> bool {
    let t = tag.as_str();
    if t.is_ascii() {
        t == want
    } else {
        fold(t) == want
    }
}

fn read<'a>(field: &Field, work: Option<&'a Work<'a>>, view: &View<'a>) -> Seen<'a> {
    fn text(s: &str) -> Seen<'_> {
        Seen::Text(Cow::Borrowed(s))
    }
    let opt = |s: Option<&'a str>| s.map_or(Seen::Missing, text);
    match field {
        Field::Status => work.map_or(Seen::Missing, |w| {
            Seen::Ordinal(w.status as u8, w.status.as_str())
        }),
        Field::Priority => work.map_or(Seen::Missing, |w| {
            Seen::Ordinal(w.priority as u8, w.priority.as_str())
        }),
        Field::Channel => work.map_or(Seen::Missing, |w| text(w.channel.as_str())),
        Field::Group => opt(work.and_then(|w| w.group.as_deref())),
        Field::Assignee => opt(work.and_then(|w| w.assignee.as_deref())),
        Field::Tags => work.map_or(Seen::Missing, |w| {
            Seen::Tags(w.tags.iter().map(|t| t.as_str()).collect())
        }),
        Field::Subject => work.map_or(Seen::Missing, |w| text(w.subject)),
        Field::Requester => work.map_or(Seen::Missing, |w| text(w.requester)),
        Field::Custom(name) => work
            .and_then(|w| w.field(name))
            .map_or(Seen::Missing, Seen::of_json),
        Field::CustomerSegment => opt(view.customer.and_then(|c| c.segment.as_deref())),
        Field::CustomerPlan => opt(view.customer.and_then(|c| c.plan.as_deref())),
        Field::CustomerLocale => view
            .customer
            .and_then(|c| c.locale.as_ref())
            .map_or(Seen::Missing, |l| text(l.as_str())),
        Field::CustomerLanguage => view
            .customer
            .and_then(|c| c.locale.as_ref())
            .map_or(Seen::Missing, |l| text(l.language())),
        Field::CustomerTimeZone => view
            .customer
            .and_then(|c| c.time_zone)
            .map_or(Seen::Missing, |z| text(z.name())),
        Field::CustomerAttribute(name) => view
            .customer
            .and_then(|c| c.attributes.get(name))
            .map_or(Seen::Missing, Seen::of_json),
        Field::Answer(name) => view
            .answers
            .and_then(|a| a.get(name))
            .map_or(Seen::Missing, Seen::of_json),
        Field::EventKind => view.event.map_or(Seen::Missing, |e| text(e.kind.name())),
        Field::EventAuthor => match view.event.map(|e| &e.kind) {
            Some(EventKind::Message { author, .. }) => text(author.as_str()),
            _ => Seen::Missing,
        },
        Field::EventChannel => match view.event.map(|e| &e.kind) {
            Some(EventKind::Message { channel, .. }) => {
                let ch = channel.or(work.map(|w| w.channel));
                ch.map_or(Seen::Missing, |c| text(c.as_str()))
            }
            _ => Seen::Missing,
        },
        Field::EventPublic => match view.event.map(|e| &e.kind) {
            Some(EventKind::Message { public, .. }) => Seen::Bool(*public),
            _ => Seen::Missing,
        },
        Field::Message => match view.event.map(|e| &e.kind) {
            Some(EventKind::Message { body, .. }) => text(body),
            _ => Seen::Missing,
        },
        Field::TicketType => work
            .and_then(|w| w.ticket_type)
            .map_or(Seen::Missing, |t| text(t.as_str())),
        Field::Public => view
            .summary
            .map_or(Seen::Missing, |s| Seen::Bool(s.public_messages > 0)),
        Field::Satisfaction => {
            view.summary
                .and_then(|s| s.satisfaction)
                .map_or(Seen::Missing, |r| {
                    text(match r {
                        crate::ticket::Rating::Good => "good",
                        crate::ticket::Rating::Bad => "bad",
                    })
                })
        }
        Field::SatisfactionCommented => view
            .summary
            .filter(|s| s.satisfaction.is_some())
            .map_or(Seen::Missing, |s| Seen::Bool(s.satisfaction_commented)),
        Field::Reopens => view
            .summary
            .map_or(Seen::Missing, |s| Seen::Number(f64::from(s.reopens))),
        Field::AgentReplies => view.summary.map_or(Seen::Missing, |s| {
            Seen::Number(f64::from(s.public_agent_replies))
        }),
        Field::CustomerOrganization => opt(view.customer.and_then(|c| c.organization.as_deref())),
        Field::CustomerEmail | Field::CustomerPhone => {
            let kind = if *field == Field::CustomerEmail {
                IdentityKind::Email
            } else {
                IdentityKind::Phone
            };
            view.customer.map_or(Seen::Missing, |c| {
                Seen::Tags(
                    c.identities
                        .iter()
                        .filter(|i| i.kind() == kind)
                        .map(|i| i.value())
                        .collect(),
                )
            })
        }
        Field::EventActor => actor(view, work).map_or(Seen::Missing, text),
        Field::EventActorKind => actor_kind(view).map_or(Seen::Missing, text),
        Field::EventAtCreation => match (view.event, view.summary) {
            (Some(e), Some(s)) => Seen::Bool(e.at == s.created_at),
            (Some(e), None) => Seen::Bool(matches!(e.kind, EventKind::Created { .. })),
            _ => Seen::Missing,
        },
    }
}

/// The id of who caused the event; a customer's message without an actor
/// is the requester's.
fn actor<'a>(view: &View<'a>, work: Option<&'a Work<'a>>) -> Option<&'a str> {
    let event = view.event?;
    match &event.actor {
        Some(Actor::Customer { id }) => Some(id.as_str()),
        Some(Actor::Agent { id }) | Some(Actor::Bot { id: Some(id) }) => Some(id.as_str()),
        Some(_) => None,
        None => match event.kind {
            EventKind::Message {
                author: AuthorKind::Customer,
                ..
            } => work.map(|w| w.requester),
            _ => None,
        },
    }
}

/// What kind of party caused the event: its actor, or a message's author.
fn actor_kind(view: &View<'_>) -> Option<&'static str> {
    let event = view.event?;
    match (&event.actor, &event.kind) {
        (Some(a), _) => Some(a.author_kind().as_str()),
        (None, EventKind::Message { author, .. }) => Some(author.as_str()),
        _ => None,
    }
}

/// A compiled expected value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Want {
    Text(String),
    Number(f64),
    Bool(bool),
    Ordinal(u8),
}

/// Whether two fields' values are equal: both present, and the same (text
/// case- and accent-insensitively, numbers by value, tag lists as sets).
fn same(a: &Seen<'_>, b: &Seen<'_>) -> bool {
    match (a, b) {
        (Seen::Missing, _) | (_, Seen::Missing) => false,
        (Seen::Text(x), Seen::Text(y)) => {
            if x.is_ascii() && y.is_ascii() {
                x.eq_ignore_ascii_case(y)
            } else {
                fold(x) == fold(y)
            }
        }
        (Seen::Number(x), Seen::Text(y)) | (Seen::Text(y), Seen::Number(x)) => {
            y.trim().parse::<f64>().is_ok_and(|v| v == *x)
        }
        (Seen::Tags(x), Seen::Tags(y)) => {
            let fx: std::collections::BTreeSet<String> = x.iter().map(|t| fold(t)).collect();
            let fy: std::collections::BTreeSet<String> = y.iter().map(|t| fold(t)).collect();
            fx == fy
        }
        (x, y) => x == y,
    }
}

/// Reading the instant an `hours_since` leaf measures from.
impl Since {
    /// Whether the working copy's status differs from the ticket's own.
    fn status_set_by_rule(view: &View<'_>) -> bool {
        let logged = view
            .summary
            .and_then(|s| s.status_periods.last())
            .map(|p| p.status);
        matches!((view.work, logged), (Some(w), Some(s)) if w.status != s)
    }

    fn at(self, view: &View<'_>) -> Option<Timestamp> {
        let s = view.summary;
        // The last time the ticket entered `status`: now, if an earlier rule
        // in this evaluation set it.
        let entered = |status: Status| {
            if Self::status_set_by_rule(view) && view.work.is_some_and(|w| w.status == status) {
                return Some(view.now);
            }
            s.and_then(|s| {
                s.status_periods
                    .iter()
                    .rev()
                    .find(|p| p.status == status)
                    .map(|p| p.entered_at)
            })
        };
        match self {
            Since::Created => s.map(|s| s.created_at),
            Since::Updated => s.map(|s| s.updated_at),
            Since::LastCustomerMessage => s.and_then(|s| s.last_customer_message_at),
            Since::LastAgentReply => s.and_then(|s| s.last_public_agent_reply_at),
            // A status set by an earlier rule in this evaluation changed at `now`.
            Since::StatusChanged if Self::status_set_by_rule(view) => Some(view.now),
            Since::StatusChanged => s
                .and_then(|s| s.status_periods.last())
                .map(|p| p.entered_at),
            Since::Open => entered(Status::Open),
            Since::Pending => entered(Status::Pending),
            Since::OnHold => entered(Status::OnHold),
            Since::Solved => entered(Status::Solved),
            Since::Closed => entered(Status::Closed),
            Since::Assigned => s.and_then(|s| s.last_assigned_at),
            Since::AssigneeUpdate => s.and_then(|s| s.last_assignee_update_at),
            Since::AwaitingSince => s.and_then(|s| s.awaiting_since),
            Since::Signup => view.customer.and_then(|c| c.signup_at),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Leaf {
    Compare {
        field: Field,
        op: Op,
        wants: Vec<Want>,
        regex: Option<Regex>,
    },
    /// `field is @other` / `field is_not @other`.
    SameAs {
        field: Field,
        other: Field,
        negate: bool,
    },
    HoursSince {
        time: Since,
        cmp: Cmp,
        seconds: f64,
        calendar: Option<usize>,
    },
    WithinBusinessHours {
        calendar: usize,
    },
    DaysSinceSignup {
        min: i64,
        max: i64,
    },
}

/// A compiled condition tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Leaf(Box<Leaf>, String),
}

/// How one node of a condition evaluated.
///
/// In JSON: `{"node":"priority >= high","held":true,"seen":"urgent"}`, with
/// `children` for `all`, `any` and `not`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeTrace {
    /// The node: `all`, `any`, `not`, or the leaf in the text syntax (cut
    /// to 256 bytes).
    pub node: String,
    /// Whether it held.
    pub held: bool,
    /// For a leaf: the value it saw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Value>,
    /// For `all`, `any` and `not`: the children.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NodeTrace>,
}

/// Compiles a checked condition tree: resolves calendar names to indexes,
/// compiles patterns and folds the values it compares with.
pub(crate) struct Compiler<'a> {
    pub rule: &'a str,
    pub calendars: &'a CalendarList,
    /// Whether `answer.<name>` may be read (a flow's branches only).
    pub answers: bool,
}

impl Compiler<'_> {
    fn calendar(&self, name: &str) -> Result<usize, RulesError> {
        self.calendars
            .iter()
            .position(|(n, _)| &**n == name)
            .ok_or_else(|| RulesError::UnknownCalendar {
                rule: self.rule.to_owned(),
                calendar: excerpt(name),
            })
    }

    /// Checks `c` ([`Condition::check`], with the rule's name) and compiles it.
    pub fn compile(&self, c: &Condition) -> Result<Node, RulesError> {
        c.check_in(self.rule)?;
        if !self.answers {
            c.walk(&mut |leaf| match leaf {
                Condition::Compare { field, value, .. } => {
                    let other = match value {
                        Some(Operand::Field(f)) => Some(f),
                        _ => None,
                    };
                    match std::iter::once(field)
                        .chain(other)
                        .find(|f| matches!(f, Field::Answer(_)))
                    {
                        Some(f) => Err(RulesError::BadCondition {
                            rule: self.rule.to_owned(),
                            reason: format!(
                                "`{}` is read only in a flow's branches",
                                excerpt(&f.name())
                            ),
                        }),
                        None => Ok(()),
                    }
                }
                _ => Ok(()),
            })?;
        }
        self.node(c)
    }

    fn node(&self, c: &Condition) -> Result<Node, RulesError> {
        // As written in text, cut to 256 bytes: a trace repeats it per evaluation.
        let label = || excerpt_long(&c.to_string());
        Ok(match c {
            Condition::All(items) => Node::All(self.nodes(items)?),
            Condition::Any(items) => Node::Any(self.nodes(items)?),
            Condition::Not(inner) => Node::Not(Box::new(self.node(inner)?)),
            Condition::WithinBusinessHours { calendar } => Node::Leaf(
                Box::new(Leaf::WithinBusinessHours {
                    calendar: self.calendar(calendar)?,
                }),
                label(),
            ),
            Condition::DaysSinceSignup { min, max } => Node::Leaf(
                Box::new(Leaf::DaysSinceSignup {
                    min: *min,
                    max: *max,
                }),
                label(),
            ),
            Condition::HoursSince {
                since,
                cmp,
                hours,
                calendar,
            } => Node::Leaf(
                Box::new(Leaf::HoursSince {
                    time: *since,
                    cmp: *cmp,
                    seconds: hours * 3600.0,
                    calendar: calendar.as_deref().map(|c| self.calendar(c)).transpose()?,
                }),
                label(),
            ),
            Condition::Compare {
                field,
                op,
                value: Some(Operand::Field(other)),
            } => Node::Leaf(
                Box::new(Leaf::SameAs {
                    field: field.clone(),
                    other: other.clone(),
                    negate: *op == Op::IsNot,
                }),
                label(),
            ),
            Condition::Compare { field, op, value } => {
                let values = value.as_ref().map_or(&[][..], |v| v.values());
                let regex = match (op, values.first()) {
                    (Op::Matches, Some(Scalar::Text(p))) => Some(self.regex(p)?),
                    _ => None,
                };
                Node::Leaf(
                    Box::new(Leaf::Compare {
                        field: field.clone(),
                        op: *op,
                        wants: values.iter().map(|v| want(field, *op, v)).collect(),
                        regex,
                    }),
                    label(),
                )
            }
        })
    }

    fn nodes(&self, items: &[Condition]) -> Result<Vec<Node>, RulesError> {
        items.iter().map(|c| self.node(c)).collect()
    }

    fn regex(&self, pattern: &str) -> Result<Regex, RulesError> {
        RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(MAX_REGEX_BYTES)
            .dfa_size_limit(MAX_REGEX_BYTES)
            .build()
            .map_err(|e| RulesError::BadPattern {
                rule: self.rule.to_owned(),
                pattern: excerpt(pattern),
                reason: e.to_string().lines().last().unwrap_or("").trim().to_owned(),
            })
    }
}

/// Checks that every pattern in `c` compiles within the size limit.
pub(crate) fn check_patterns(rule: &str, c: &Condition) -> Result<(), RulesError> {
    let compiler = Compiler {
        rule,
        calendars: &[],
        answers: true,
    };
    c.walk(&mut |leaf| match leaf {
        Condition::Compare {
            op: Op::Matches,
            value: Some(Operand::One(Scalar::Text(p))),
            ..
        } => compiler.regex(p).map(drop),
        _ => Ok(()),
    })
}

/// A checked value, compiled for comparison: ordinals by rank, text folded
/// (tags normalised first), patterns kept as written.
fn want(field: &Field, op: Op, v: &Scalar) -> Want {
    match v {
        Scalar::Text(s) if field.ordinal() => {
            let s = s.to_ascii_lowercase();
            let rank = if *field == Field::Status {
                s.parse::<Status>().map(|x| x as u8)
            } else {
                s.parse::<Priority>().map(|x| x as u8)
            };
            rank.map_or_else(|_| Want::Text(s), Want::Ordinal)
        }
        Scalar::Text(s) if op == Op::Matches => Want::Text(s.clone()),
        Scalar::Text(s) if *field == Field::Tags => {
            Want::Text(fold(Tag::new(s).as_ref().map_or(s.as_str(), Tag::as_str)))
        }
        Scalar::Text(s) => Want::Text(fold(s)),
        Scalar::Number(n) => Want::Number(*n),
        Scalar::Bool(b) => Want::Bool(*b),
    }
}

fn equals(seen: &Seen<'_>, want: &Want) -> bool {
    match (seen, want) {
        (Seen::Ordinal(a, _), Want::Ordinal(b)) => a == b,
        (Seen::Text(a), Want::Text(b)) => {
            if a.is_ascii() {
                a.eq_ignore_ascii_case(b)
            } else {
                fold(a) == *b
            }
        }
        (Seen::Number(a), Want::Number(b)) => a == b,
        (Seen::Text(a), Want::Number(b)) => a.trim().parse::<f64>().is_ok_and(|x| x == *b),
        // A number asked for as text (importers get `"5"` from Zendesk).
        (Seen::Number(a), Want::Text(b)) => b.trim().parse::<f64>().is_ok_and(|x| x == *a),
        (Seen::Bool(a), Want::Bool(b)) => a == b,
        (Seen::Tags(t), Want::Text(b)) => t.iter().any(|x| fold(x) == *b),
        _ => false,
    }
}

fn order(seen: &Seen<'_>, want: &Want) -> Option<std::cmp::Ordering> {
    match (seen, want) {
        (Seen::Ordinal(a, _), Want::Ordinal(b)) => Some(a.cmp(b)),
        (Seen::Number(a), Want::Number(b)) => a.partial_cmp(b),
        (Seen::Text(a), Want::Number(b)) => {
            a.trim().parse::<f64>().ok().and_then(|x| x.partial_cmp(b))
        }
        // Numbers written as text on either side order as numbers; other
        // text has no order.
        (Seen::Number(a), Want::Text(b)) => {
            b.trim().parse::<f64>().ok().and_then(|x| a.partial_cmp(&x))
        }
        (Seen::Text(a), Want::Text(b)) => {
            let (x, y) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
            x.partial_cmp(&y)
        }
        _ => None,
    }
}

/// Comparisons that read tags and text without copying them (the folded
/// subject and message are computed once per evaluation). `None` when the
/// general path applies.
fn fast_compare(
    field: &Field,
    op: Op,
    wants: &[Want],
    regex: Option<&Regex>,
    view: &View<'_>,
) -> Option<bool> {
    match (field, op) {
        (
            Field::Tags,
            Op::Is
            | Op::In
            | Op::Contains
            | Op::ContainsWord
            | Op::IsNot
            | Op::NotIn
            | Op::NotContains,
        ) => {
            let any = view.work.is_some_and(|w| {
                wants.iter().any(|want| matches!(want, Want::Text(t) if w.tags.iter().any(|tag| tag_matches(tag, t))))
            });
            Some(if matches!(op, Op::IsNot | Op::NotIn | Op::NotContains) {
                !any
            } else {
                any
            })
        }
        (Field::Subject | Field::Message, Op::Contains | Op::NotContains) => {
            let found = match (view.folded(field), wants.first()) {
                (Some(text), Some(Want::Text(t))) => text.contains(t.as_str()),
                _ => false,
            };
            Some(if op == Op::Contains { found } else { !found })
        }
        (Field::Subject | Field::Message, Op::ContainsWord) => {
            Some(match (view.words(field), wants.first()) {
                (Some(ws), Some(Want::Text(t))) => {
                    let phrase = words(t);
                    !phrase.is_empty()
                        && ws
                            .windows(phrase.len())
                            .any(|win| win.iter().zip(&phrase).all(|(a, b)| a == b))
                }
                _ => false,
            })
        }
        (Field::Subject | Field::Message, Op::Matches) => {
            Some(matches!((view.raw_text(field), regex), (Some(t), Some(r)) if r.is_match(t)))
        }
        _ => None,
    }
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

fn contains_word(seen: &Seen<'_>, want: &str) -> bool {
    let phrase = words(want);
    match seen {
        Seen::Text(t) => {
            let folded = fold(t);
            let w = words(&folded);
            !phrase.is_empty() && w.windows(phrase.len()).any(|win| win == phrase.as_slice())
        }
        Seen::Tags(tags) => tags.iter().any(|t| fold(t) == want),
        _ => false,
    }
}

/// Bits for the parts of the working copy that actions can change.
pub(crate) mod reads {
    pub const STATUS: u8 = 1;
    pub const PRIORITY: u8 = 2;
    pub const GROUP: u8 = 4;
    pub const ASSIGNEE: u8 = 8;
    pub const TAGS: u8 = 16;
    pub const FIELDS: u8 = 32;
    pub const TYPE: u8 = 64;
}

/// The part of the working copy a field is, as a [`reads`] bit.
fn read_bit(field: &Field) -> u8 {
    match field {
        Field::Status => reads::STATUS,
        Field::Priority => reads::PRIORITY,
        Field::TicketType => reads::TYPE,
        Field::Group => reads::GROUP,
        Field::Assignee => reads::ASSIGNEE,
        Field::Tags => reads::TAGS,
        Field::Custom(_) => reads::FIELDS,
        _ => 0,
    }
}

impl Node {
    /// The parts of the working copy this condition reads (actions can change
    /// only these; everything else is fixed for one evaluation).
    pub fn reads(&self) -> u8 {
        match self {
            Node::All(c) | Node::Any(c) => c.iter().fold(0, |m, n| m | n.reads()),
            Node::Not(n) => n.reads(),
            Node::Leaf(leaf, _) => match leaf.as_ref() {
                Leaf::Compare { field, .. } => read_bit(field),
                Leaf::SameAs { field, other, .. } => read_bit(field) | read_bit(other),
                _ => 0,
            },
        }
    }

    /// Whether the condition compares with the ticket before the event
    /// (`changed`, `changed_from`, `changed_to`).
    pub fn uses_previous(&self) -> bool {
        match self {
            Node::All(c) | Node::Any(c) => c.iter().any(Node::uses_previous),
            Node::Not(n) => n.uses_previous(),
            Node::Leaf(leaf, _) => matches!(
                leaf.as_ref(),
                Leaf::Compare {
                    op: Op::Changed | Op::ChangedFrom | Op::ChangedTo,
                    ..
                }
            ),
        }
    }

    /// Evaluates the node; with `trace`, records every node.
    pub fn eval(&self, view: &View<'_>, trace: Option<&mut Vec<NodeTrace>>) -> bool {
        match self {
            Node::All(children) | Node::Any(children) => {
                let all = matches!(self, Node::All(_));
                match trace {
                    None => {
                        if all {
                            children.iter().all(|c| c.eval(view, None))
                        } else {
                            children.iter().any(|c| c.eval(view, None))
                        }
                    }
                    Some(out) => {
                        let mut kids = Vec::with_capacity(children.len());
                        let results: Vec<bool> = children
                            .iter()
                            .map(|c| c.eval(view, Some(&mut kids)))
                            .collect();
                        let held = if all {
                            results.iter().all(|b| *b)
                        } else {
                            results.iter().any(|b| *b)
                        };
                        out.push(NodeTrace {
                            node: if all { "all" } else { "any" }.into(),
                            held,
                            seen: None,
                            children: kids,
                        });
                        held
                    }
                }
            }
            Node::Not(inner) => match trace {
                None => !inner.eval(view, None),
                Some(out) => {
                    let mut kids = Vec::with_capacity(1);
                    let held = !inner.eval(view, Some(&mut kids));
                    out.push(NodeTrace {
                        node: "not".into(),
                        held,
                        seen: None,
                        children: kids,
                    });
                    held
                }
            },
            Node::Leaf(leaf, label) => {
                let (held, seen) = leaf.eval(view, trace.is_some());
                if let Some(out) = trace {
                    out.push(NodeTrace {
                        node: label.clone(),
                        held,
                        seen,
                        children: Vec::new(),
                    });
                }
                held
            }
        }
    }

    /// Visits the time leaves (for `next_due_at`).
    pub fn time_leaves(&self, f: &mut dyn FnMut(&Leaf)) {
        match self {
            Node::All(c) | Node::Any(c) => c.iter().for_each(|n| n.time_leaves(f)),
            Node::Not(n) => n.time_leaves(f),
            Node::Leaf(l, _) => f(l),
        }
    }
}

impl Leaf {
    fn eval(&self, view: &View<'_>, want_seen: bool) -> (bool, Option<Value>) {
        match self {
            Leaf::SameAs {
                field,
                other,
                negate,
            } => {
                let (a, b) = (read(field, view.work, view), read(other, view.work, view));
                let held = same(&a, &b) != *negate;
                (
                    held,
                    want_seen.then(|| Value::Array(vec![a.to_json(), b.to_json()])),
                )
            }
            Leaf::Compare {
                field,
                op,
                wants,
                regex,
            } => {
                if let Some(held) = fast_compare(field, *op, wants, regex.as_ref(), view) {
                    return (
                        held,
                        want_seen.then(|| read(field, view.work, view).to_json()),
                    );
                }
                let seen = read(field, view.work, view);
                let held = match op {
                    Op::Is | Op::In => wants.iter().any(|w| equals(&seen, w)),
                    Op::IsNot | Op::NotIn => !wants.iter().any(|w| equals(&seen, w)),
                    Op::Lt | Op::Lte | Op::Gt | Op::Gte => wants
                        .first()
                        .and_then(|w| order(&seen, w))
                        .is_some_and(|o| match op {
                            Op::Lt => o.is_lt(),
                            Op::Lte => o.is_le(),
                            Op::Gt => o.is_gt(),
                            _ => o.is_ge(),
                        }),
                    Op::Contains | Op::NotContains => {
                        let found = wants.first().is_some_and(|w| match (w, &seen) {
                            (Want::Text(t), Seen::Text(s)) => fold(s).contains(t.as_str()),
                            // On tags: has the tag; on other lists (e-mail
                            // addresses, phone numbers): any contains it.
                            (Want::Text(_), Seen::Tags(_)) if *field == Field::Tags => {
                                equals(&seen, w)
                            }
                            (Want::Text(t), Seen::Tags(items)) => {
                                items.iter().any(|x| fold(x).contains(t.as_str()))
                            }
                            _ => false,
                        });
                        if *op == Op::Contains { found } else { !found }
                    }
                    Op::StartsWith => wants.first().is_some_and(|w| match (w, &seen) {
                        (Want::Text(t), Seen::Text(s)) => fold(s).starts_with(t.as_str()),
                        (Want::Text(t), Seen::Tags(tags)) => {
                            tags.iter().any(|x| fold(x).starts_with(t.as_str()))
                        }
                        _ => false,
                    }),
                    Op::ContainsWord => wants
                        .first()
                        .is_some_and(|w| matches!(w, Want::Text(t) if contains_word(&seen, t))),
                    Op::Matches => match (&seen, regex) {
                        (Seen::Text(s), Some(r)) => r.is_match(s),
                        (Seen::Tags(t), Some(r)) => t.iter().any(|x| r.is_match(x)),
                        _ => false,
                    },
                    Op::Present => !seen.is_empty(),
                    Op::Absent => seen.is_empty(),
                    Op::ChangedFrom | Op::ChangedTo if *field == Field::Tags => {
                        // On tags: a tag was removed (`changed_from`) or added (`changed_to`).
                        let has = |w: Option<&Work>, want: &Want| {
                            w.is_some_and(|w| matches!(want, Want::Text(t) if w.tags.iter().any(|tag| tag_matches(tag, t))))
                        };
                        let (old, new) = if *op == Op::ChangedTo {
                            (view.prev, view.work)
                        } else {
                            (view.work, view.prev)
                        };
                        view.prev.is_some() && wants.iter().any(|w| has(new, w) && !has(old, w))
                    }
                    Op::Changed | Op::ChangedFrom | Op::ChangedTo => {
                        let before = read(field, view.prev, view);
                        let changed = view.prev.is_some() && before != seen;
                        match op {
                            Op::Changed => changed,
                            Op::ChangedFrom => changed && wants.iter().any(|w| equals(&before, w)),
                            _ => changed && wants.iter().any(|w| equals(&seen, w)),
                        }
                    }
                };
                (held, want_seen.then(|| seen.to_json()))
            }
            Leaf::HoursSince {
                time,
                cmp,
                seconds,
                calendar,
            } => {
                let Some(base) = time.at(view) else {
                    return (false, want_seen.then_some(Value::Null));
                };
                let elapsed = match calendar.and_then(|c| view.calendars.get(c)) {
                    Some((_, cal)) => match cal.between(base, view.now) {
                        Ok(e) => e,
                        // Outside the calendar's horizon: no answer, so the leaf does not hold.
                        Err(_) => return (false, want_seen.then_some(Value::Null)),
                    },
                    None => view.now.seconds_since(base).max(0),
                };
                let hours = elapsed as f64 / 3600.0;
                (
                    cmp.holds(elapsed as f64, *seconds),
                    want_seen.then(|| serde_json::json!((hours * 100.0).round() / 100.0)),
                )
            }
            Leaf::WithinBusinessHours { calendar } => {
                let open = view
                    .calendars
                    .get(*calendar)
                    .is_some_and(|(_, c)| c.is_open(view.now).unwrap_or(false));
                (open, want_seen.then_some(Value::Bool(open)))
            }
            Leaf::DaysSinceSignup { min, max } => {
                let Some(signup) = view.customer.and_then(|c| c.signup_at) else {
                    return (false, want_seen.then_some(Value::Null));
                };
                let days = view.now.seconds_since(signup).div_euclid(86_400);
                (
                    (*min..=*max).contains(&days),
                    want_seen.then(|| Value::from(days)),
                )
            }
        }
    }

    /// The earliest instant after `now` at which this time leaf changes its
    /// answer, in either direction, if it can.
    pub fn next_change(&self, view: &View<'_>) -> Option<Timestamp> {
        let after = |t: Timestamp| (t > view.now).then_some(t);
        match self {
            Leaf::HoursSince {
                time,
                cmp,
                seconds,
                calendar,
            } => {
                let base = time.at(view)?;
                // `gt`/`lte` flip one second after the threshold, `gte`/`lt` at it.
                let secs = (seconds.ceil() as i64)
                    .saturating_add(i64::from(matches!(cmp, Cmp::Gt | Cmp::Lte)));
                let at = match calendar.and_then(|c| view.calendars.get(c)) {
                    Some((_, cal)) => cal.add(base, secs).ok()?,
                    None => base.checked_add_seconds(secs)?,
                };
                after(at)
            }
            Leaf::WithinBusinessHours { calendar } => {
                let (_, cal) = view.calendars.get(*calendar)?;
                if cal.is_open(view.now).ok()? {
                    after(cal.next_close(view.now).ok()?)
                } else {
                    after(cal.next_open(view.now).ok()?)
                }
            }
            Leaf::DaysSinceSignup { min, max } => {
                let signup = view.customer.and_then(|c| c.signup_at)?;
                let day = |d: i64| {
                    d.checked_mul(86_400)
                        .and_then(|s| signup.checked_add_seconds(s))
                };
                [day(*min), max.checked_add(1).and_then(day)]
                    .into_iter()
                    .flatten()
                    .filter(|t| *t > view.now)
                    .min()
            }
            Leaf::Compare { .. } | Leaf::SameAs { .. } => None,
        }
    }
}

/// The trigger events an event counts as.
pub(crate) fn event_matches(
    on: super::spec::On,
    event: &Event,
    prev: Option<&Work>,
    work: &Work,
) -> bool {
    use super::spec::On;
    match on {
        On::Created => matches!(event.kind, EventKind::Created { .. }),
        On::CustomerMessage => matches!(
            event.kind,
            EventKind::Message {
                author: AuthorKind::Customer,
                public: true,
                ..
            }
        ),
        On::AgentMessage => matches!(
            event.kind,
            EventKind::Message {
                author: AuthorKind::Agent,
                public: true,
                ..
            }
        ),
        On::StatusChanged => prev.is_some_and(|p| p.status != work.status),
        On::AnyUpdate => true,
        On::Update => !matches!(event.kind, EventKind::Created { .. }),
    }
}
