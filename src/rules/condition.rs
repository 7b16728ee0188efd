//! The condition tree as a Rust type: what rules, SLA policies and flows
//! test, with its JSON form and its text form.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::RulesError;
use super::spec::{MAX_DEPTH, MAX_LIST_VALUES, MAX_NODES, MAX_TEXT_BYTES};
use crate::util::excerpt;
use crate::{Channel, Priority, Status, ticket::Tag};

/// A value a condition reads: a ticket field, a customer field, or a fact of
/// the event being evaluated.
///
/// In JSON and text, the field's name: `"priority"`, `"field.order_total"`,
/// `"customer.attribute.country"` ...
///
/// | name | reads |
/// |---|---|
/// | `status`, `priority` | the ticket's status and priority (ordered: `new < open < ...`, `low < normal < high < urgent`) |
/// | `ticket_type` | `question`, `incident`, `problem`, `task` (absent until set) |
/// | `channel` | the channel the ticket came in on |
/// | `group`, `assignee`, `requester` | ids |
/// | `tags` | the ticket's tags (`contains`, `in`: has the tag) |
/// | `subject` | the ticket's subject |
/// | `field.<name>` | a custom field |
/// | `public` | whether the ticket has a public message (a ticket without one is private) |
/// | `satisfaction`, `satisfaction_commented` | the latest rating (`good`, `bad`) and whether it came with a comment |
/// | `reopens`, `agent_replies` | how often the ticket was reopened; public agent replies (numbers) |
/// | `customer.segment`, `customer.plan`, `customer.organization`, `customer.locale`, `customer.language`, `customer.time_zone` | the customer |
/// | `customer.email`, `customer.phone` | the customer's e-mail addresses and phone numbers (any of them) |
/// | `customer.attribute.<name>` | a customer attribute |
/// | `answer.<name>` | an answer or value a guided flow collected (only in a flow's `branch` conditions; elsewhere a `rules.bad_condition`) |
/// | `event.kind`, `event.author`, `event.channel`, `event.public` | the event being evaluated (triggers) |
/// | `event.actor`, `event.actor_kind` | who caused it: their id, and `customer`, `agent`, `bot` or `system` (a customer's message without an actor is the requester's) |
/// | `event.at_creation` | whether the event is part of the ticket's creation: the `created` event, or one at its instant (the first message) |
/// | `message` | the text of that event's message |
///
/// A value may name another field, `{"field": "requester"}` in JSON and
/// `@requester` in text, to compare two fields: `assignee is @event.actor`
/// (Zendesk's "assignee is current user").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The ticket's status.
    Status,
    /// The ticket's priority.
    Priority,
    /// The ticket's channel.
    Channel,
    /// The ticket's group.
    Group,
    /// The ticket's assignee.
    Assignee,
    /// The ticket's tags.
    Tags,
    /// The ticket's subject.
    Subject,
    /// The ticket's requester.
    Requester,
    /// The ticket's type.
    TicketType,
    /// Whether the ticket has a public message.
    Public,
    /// The latest satisfaction rating.
    Satisfaction,
    /// Whether the latest satisfaction rating came with a comment.
    SatisfactionCommented,
    /// How often the ticket was reopened.
    Reopens,
    /// Public agent replies.
    AgentReplies,
    /// A custom field, by name.
    Custom(String),
    /// The customer's segment.
    CustomerSegment,
    /// The customer's plan.
    CustomerPlan,
    /// The customer's organization.
    CustomerOrganization,
    /// The customer's e-mail addresses.
    CustomerEmail,
    /// The customer's phone numbers.
    CustomerPhone,
    /// The customer's locale (`nl-BE`).
    CustomerLocale,
    /// The language of the customer's locale (`nl`).
    CustomerLanguage,
    /// The customer's time zone.
    CustomerTimeZone,
    /// A customer attribute, by name.
    CustomerAttribute(String),
    /// An answer or value a guided flow collected, by name
    /// ([`flows`](crate::flows) only).
    Answer(String),
    /// The kind of the event being evaluated (`message`, `status_changed` ...).
    EventKind,
    /// The author of the event's message (`customer`, `agent`, `bot`, `system`).
    EventAuthor,
    /// The channel of the event's message.
    EventChannel,
    /// Whether the event's message is public.
    EventPublic,
    /// The id of who caused the event.
    EventActor,
    /// What kind of party caused the event.
    EventActorKind,
    /// Whether the event is part of the ticket's creation (at its instant).
    EventAtCreation,
    /// The text of the event's message.
    Message,
}

/// The most bytes of a field name in a condition (`field.<name>` included).
const MAX_FIELD_NAME: usize = 256;

impl Field {
    /// The fields without a name of their own (all but `field.<name>` and
    /// `customer.attribute.<name>`).
    const SIMPLE: [Field; 30] = [
        Field::Status,
        Field::Priority,
        Field::Channel,
        Field::Group,
        Field::Assignee,
        Field::Tags,
        Field::Subject,
        Field::Requester,
        Field::TicketType,
        Field::Public,
        Field::Satisfaction,
        Field::SatisfactionCommented,
        Field::Reopens,
        Field::AgentReplies,
        Field::CustomerSegment,
        Field::CustomerPlan,
        Field::CustomerOrganization,
        Field::CustomerEmail,
        Field::CustomerPhone,
        Field::CustomerLocale,
        Field::CustomerLanguage,
        Field::CustomerTimeZone,
        Field::EventKind,
        Field::EventAuthor,
        Field::EventChannel,
        Field::EventPublic,
        Field::EventActor,
        Field::EventActorKind,
        Field::EventAtCreation,
        Field::Message,
    ];

    /// A custom field (`field.<name>`).
    pub fn custom(name: impl Into<String>) -> Field {
        Field::Custom(name.into())
    }

    /// A customer attribute (`customer.attribute.<name>`).
    pub fn attribute(name: impl Into<String>) -> Field {
        Field::CustomerAttribute(name.into())
    }

    /// A flow's answer (`answer.<name>`).
    pub fn answer(name: impl Into<String>) -> Field {
        Field::Answer(name.into())
    }

    /// The field's name, as in JSON and text.
    pub fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            Field::Status => "status",
            Field::Priority => "priority",
            Field::Channel => "channel",
            Field::Group => "group",
            Field::Assignee => "assignee",
            Field::Tags => "tags",
            Field::Subject => "subject",
            Field::Requester => "requester",
            Field::TicketType => "ticket_type",
            Field::Public => "public",
            Field::Satisfaction => "satisfaction",
            Field::SatisfactionCommented => "satisfaction_commented",
            Field::Reopens => "reopens",
            Field::AgentReplies => "agent_replies",
            Field::CustomerSegment => "customer.segment",
            Field::CustomerPlan => "customer.plan",
            Field::CustomerOrganization => "customer.organization",
            Field::CustomerEmail => "customer.email",
            Field::CustomerPhone => "customer.phone",
            Field::CustomerLocale => "customer.locale",
            Field::CustomerLanguage => "customer.language",
            Field::CustomerTimeZone => "customer.time_zone",
            Field::EventKind => "event.kind",
            Field::EventAuthor => "event.author",
            Field::EventChannel => "event.channel",
            Field::EventPublic => "event.public",
            Field::EventActor => "event.actor",
            Field::EventActorKind => "event.actor_kind",
            Field::EventAtCreation => "event.at_creation",
            Field::Message => "message",
            Field::Custom(name) => return Cow::Owned(format!("field.{name}")),
            Field::CustomerAttribute(name) => {
                return Cow::Owned(format!("customer.attribute.{name}"));
            }
            Field::Answer(name) => return Cow::Owned(format!("answer.{name}")),
        })
    }

    /// Whether the field has an order (priority, status) for `lt` ... `gte`.
    pub(crate) fn ordinal(&self) -> bool {
        matches!(self, Field::Status | Field::Priority)
    }

    /// Whether the field belongs to the ticket (so `changed` applies).
    pub(crate) fn on_ticket(&self) -> bool {
        matches!(
            self,
            Field::Status
                | Field::Priority
                | Field::TicketType
                | Field::Group
                | Field::Assignee
                | Field::Tags
                | Field::Subject
                | Field::Custom(_)
        )
    }

    /// Whether `lt` ... `gte` apply: ordered fields, numbers and free-form values.
    fn comparable(&self) -> bool {
        matches!(
            self,
            Field::Status
                | Field::Priority
                | Field::Reopens
                | Field::AgentReplies
                | Field::Custom(_)
                | Field::CustomerAttribute(_)
                | Field::Answer(_)
        )
    }

    /// Whether the field is read from the ticket's history (its summary)
    /// rather than its current state: no SLA replay has it.
    pub(crate) fn reads_history(&self) -> bool {
        matches!(
            self,
            Field::Public
                | Field::Satisfaction
                | Field::SatisfactionCommented
                | Field::Reopens
                | Field::AgentReplies
        )
    }

    /// Whether the field reads the event being evaluated.
    pub(crate) fn on_event(&self) -> bool {
        matches!(
            self,
            Field::EventKind
                | Field::EventAuthor
                | Field::EventChannel
                | Field::EventPublic
                | Field::EventActor
                | Field::EventActorKind
                | Field::EventAtCreation
                | Field::Message
        )
    }

    fn leaf(self, op: Op, value: Option<Operand>) -> Condition {
        Condition::Compare {
            field: self,
            op,
            value,
        }
    }

    /// `field is value`.
    pub fn is(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::Is, Some(Operand::One(value.into())))
    }

    /// `field is_not value`.
    pub fn is_not(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::IsNot, Some(Operand::One(value.into())))
    }

    /// `field in [values]`: equal to any of them (on tags: has any of them).
    pub fn is_in<V: Into<Scalar>>(self, values: impl IntoIterator<Item = V>) -> Condition {
        let list = values.into_iter().map(Into::into).collect();
        self.leaf(Op::In, Some(Operand::List(list)))
    }

    /// `field not_in [values]`.
    pub fn not_in<V: Into<Scalar>>(self, values: impl IntoIterator<Item = V>) -> Condition {
        let list = values.into_iter().map(Into::into).collect();
        self.leaf(Op::NotIn, Some(Operand::List(list)))
    }

    /// `field < value` (priority and status by their order, numbers by value).
    pub fn lt(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::Lt, Some(Operand::One(value.into())))
    }

    /// `field <= value`.
    pub fn lte(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::Lte, Some(Operand::One(value.into())))
    }

    /// `field > value`.
    pub fn gt(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::Gt, Some(Operand::One(value.into())))
    }

    /// `field >= value`.
    pub fn gte(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::Gte, Some(Operand::One(value.into())))
    }

    /// `field contains value`: the text contains it (case- and
    /// accent-insensitive); on tags, has the tag.
    pub fn contains(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::Contains, Some(Operand::One(value.into())))
    }

    /// `field not_contains value`.
    pub fn not_contains(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::NotContains, Some(Operand::One(value.into())))
    }

    /// `field starts_with value`: the text starts with it (case- and
    /// accent-insensitive).
    pub fn starts_with(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::StartsWith, Some(Operand::One(value.into())))
    }

    /// `field is @other`: equal to another field's value (neither absent).
    pub fn is_field(self, other: Field) -> Condition {
        self.leaf(Op::Is, Some(Operand::Field(other)))
    }

    /// `field is_not @other`.
    pub fn is_not_field(self, other: Field) -> Condition {
        self.leaf(Op::IsNot, Some(Operand::Field(other)))
    }

    /// `field contains_word value`: the words of `value` appear in a row.
    pub fn contains_word(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::ContainsWord, Some(Operand::One(value.into())))
    }

    /// `field matches pattern`: a case-insensitive regular expression.
    pub fn matches(self, pattern: impl Into<String>) -> Condition {
        self.leaf(
            Op::Matches,
            Some(Operand::One(Scalar::Text(pattern.into()))),
        )
    }

    /// `field present`: set and not empty.
    pub fn present(self) -> Condition {
        self.leaf(Op::Present, None)
    }

    /// `field absent`: unset or empty.
    pub fn absent(self) -> Condition {
        self.leaf(Op::Absent, None)
    }

    /// `field changed`: differs from the ticket before the event.
    pub fn changed(self) -> Condition {
        self.leaf(Op::Changed, None)
    }

    /// `field changed_from value`.
    pub fn changed_from(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::ChangedFrom, Some(Operand::One(value.into())))
    }

    /// `field changed_to value`.
    pub fn changed_to(self, value: impl Into<Scalar>) -> Condition {
        self.leaf(Op::ChangedTo, Some(Operand::One(value.into())))
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.name())
    }
}

impl FromStr for Field {
    type Err = RulesError;

    fn from_str(name: &str) -> Result<Field, RulesError> {
        let unknown = || RulesError::UnknownField {
            rule: String::new(),
            field: excerpt(name),
        };
        if name.len() > MAX_FIELD_NAME {
            return Err(unknown());
        }
        if let Some(field) = Field::SIMPLE.iter().find(|f| f.name() == name) {
            return Ok(field.clone());
        }
        if let Some(f) = name.strip_prefix("field.").filter(|f| !f.is_empty()) {
            Ok(Field::Custom(f.to_owned()))
        } else if let Some(a) = name
            .strip_prefix("customer.attribute.")
            .filter(|f| !f.is_empty())
        {
            Ok(Field::CustomerAttribute(a.to_owned()))
        } else if let Some(a) = name.strip_prefix("answer.").filter(|f| !f.is_empty()) {
            Ok(Field::Answer(a.to_owned()))
        } else {
            Err(unknown())
        }
    }
}

/// How a leaf compares its field with its value.
///
/// In JSON: `"is"`, `"is_not"`, `"in"`, `"not_in"`, `"lt"`, `"lte"`, `"gt"`,
/// `"gte"`, `"contains"`, `"not_contains"`, `"starts_with"`, `"contains_word"`, `"matches"`,
/// `"present"`, `"absent"`, `"changed"`, `"changed_from"`, `"changed_to"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Op {
    /// Equal (text case- and accent-insensitively).
    Is,
    /// Not equal.
    IsNot,
    /// Equal to one of a list.
    In,
    /// Equal to none of a list.
    NotIn,
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
    /// Contains the text (on tags: has the tag).
    Contains,
    /// Does not contain the text (on tags: lacks the tag).
    NotContains,
    /// Starts with the text.
    StartsWith,
    /// Contains the words, in a row.
    ContainsWord,
    /// Matches a regular expression.
    Matches,
    /// Set and not empty.
    Present,
    /// Unset or empty.
    Absent,
    /// Differs from the ticket before the event.
    Changed,
    /// Changed, and was this value.
    ChangedFrom,
    /// Changed, and is now this value.
    ChangedTo,
}

impl Op {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Is => "is",
            Op::IsNot => "is_not",
            Op::In => "in",
            Op::NotIn => "not_in",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Contains => "contains",
            Op::NotContains => "not_contains",
            Op::StartsWith => "starts_with",
            Op::ContainsWord => "contains_word",
            Op::Matches => "matches",
            Op::Present => "present",
            Op::Absent => "absent",
            Op::Changed => "changed",
            Op::ChangedFrom => "changed_from",
            Op::ChangedTo => "changed_to",
        }
    }

    /// Every operator.
    pub const ALL: [Op; 18] = [
        Op::Is,
        Op::IsNot,
        Op::In,
        Op::NotIn,
        Op::Lt,
        Op::Lte,
        Op::Gt,
        Op::Gte,
        Op::Contains,
        Op::NotContains,
        Op::StartsWith,
        Op::ContainsWord,
        Op::Matches,
        Op::Present,
        Op::Absent,
        Op::Changed,
        Op::ChangedFrom,
        Op::ChangedTo,
    ];

    /// Whether the operator takes no value.
    pub fn takes_no_value(self) -> bool {
        matches!(self, Op::Present | Op::Absent | Op::Changed)
    }

    /// Whether the operator takes a list.
    pub fn takes_list(self) -> bool {
        matches!(self, Op::In | Op::NotIn)
    }

    fn ordering(self) -> bool {
        matches!(self, Op::Lt | Op::Lte | Op::Gt | Op::Gte)
    }

    fn compares_history(self) -> bool {
        matches!(self, Op::Changed | Op::ChangedFrom | Op::ChangedTo)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Op {
    type Err = RulesError;

    fn from_str(s: &str) -> Result<Op, RulesError> {
        Op::ALL
            .into_iter()
            .find(|op| op.as_str() == s)
            .ok_or_else(|| RulesError::BadOperator {
                rule: String::new(),
                op: excerpt(s),
                reason: "is not an operator",
            })
    }
}

/// One value in a condition: text, a number or true/false.
///
/// In JSON: a string, a number (a whole number is written without a
/// fraction) or a boolean. Priorities, statuses, channels and tags convert
/// into text (`Field::Priority.gte(Priority::High)`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// true or false.
    Bool(bool),
    /// A number (finite).
    Number(f64),
    /// Text.
    Text(String),
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scalar::Bool(b) => s.serialize_bool(*b),
            Scalar::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => s.serialize_i64(*n as i64),
            Scalar::Number(n) => s.serialize_f64(*n),
            Scalar::Text(t) => s.serialize_str(t),
        }
    }
}

impl From<&str> for Scalar {
    fn from(s: &str) -> Scalar {
        Scalar::Text(s.to_owned())
    }
}

impl From<String> for Scalar {
    fn from(s: String) -> Scalar {
        Scalar::Text(s)
    }
}

impl From<bool> for Scalar {
    fn from(b: bool) -> Scalar {
        Scalar::Bool(b)
    }
}

impl From<f64> for Scalar {
    fn from(n: f64) -> Scalar {
        Scalar::Number(n)
    }
}

impl From<i64> for Scalar {
    fn from(n: i64) -> Scalar {
        Scalar::Number(n as f64)
    }
}

impl From<i32> for Scalar {
    fn from(n: i32) -> Scalar {
        Scalar::Number(f64::from(n))
    }
}

impl From<u32> for Scalar {
    fn from(n: u32) -> Scalar {
        Scalar::Number(f64::from(n))
    }
}

impl From<Priority> for Scalar {
    fn from(p: Priority) -> Scalar {
        Scalar::Text(p.as_str().to_owned())
    }
}

impl From<Status> for Scalar {
    fn from(s: Status) -> Scalar {
        Scalar::Text(s.as_str().to_owned())
    }
}

impl From<Channel> for Scalar {
    fn from(c: Channel) -> Scalar {
        Scalar::Text(c.as_str().to_owned())
    }
}

impl From<Tag> for Scalar {
    fn from(t: Tag) -> Scalar {
        Scalar::Text(t.as_str().to_owned())
    }
}

impl From<&Tag> for Scalar {
    fn from(t: &Tag) -> Scalar {
        Scalar::Text(t.as_str().to_owned())
    }
}

impl fmt::Display for Scalar {
    /// The text syntax: a bare word where it reads as one, else quoted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Number(n) => write_number(f, *n),
            Scalar::Text(t) if bare_word(t) => f.write_str(t),
            Scalar::Text(t) => {
                f.write_str("\"")?;
                for c in t.chars() {
                    if c == '"' || c == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("\"")
            }
        }
    }
}

fn write_number(f: &mut fmt::Formatter<'_>, n: f64) -> fmt::Result {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        write!(f, "{}", n as i64)
    } else {
        write!(f, "{n}")
    }
}

/// A name (a field, a calendar) as the text syntax writes it: bare where it
/// reads back as one word, else in backticks.
struct Ident<'a>(&'a str);

impl fmt::Display for Ident<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if bare_word(self.0) {
            f.write_str(self.0)
        } else {
            write!(f, "`{}`", self.0)
        }
    }
}

/// Whether text reads back as the same bare word in the text syntax.
fn bare_word(t: &str) -> bool {
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !matches!(
            t.to_ascii_lowercase().as_str(),
            "and" | "or" | "not" | "true" | "false" | "in"
        )
}

/// A leaf's value: one scalar, a list for `in` and `not_in`, or another
/// field for `is` and `is_not`.
///
/// In JSON: a scalar, a list of scalars, or `{"field": "requester"}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// One value.
    One(Scalar),
    /// A list of values.
    List(Vec<Scalar>),
    /// The value of another field.
    Field(Field),
}

impl Operand {
    /// The literal values, one or many (none for a field reference).
    pub fn values(&self) -> &[Scalar] {
        match self {
            Operand::One(s) => std::slice::from_ref(s),
            Operand::List(l) => l,
            Operand::Field(_) => &[],
        }
    }
}

impl Serialize for Operand {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Operand::One(v) => v.serialize(s),
            Operand::List(l) => l.serialize(s),
            Operand::Field(f) => {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("field", &f.name())?;
                map.end()
            }
        }
    }
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::One(s) => write!(f, "{s}"),
            Operand::Field(field) => write!(f, "@{}", Ident(&field.name())),
            Operand::List(items) => {
                f.write_str("[")?;
                for (i, s) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{s}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// The instant an `hours_since` condition measures from.
///
/// In JSON: `"created"`, `"updated"`, `"last_customer_message"`,
/// `"last_agent_reply"`, `"status_changed"`, `"open"`, `"pending"`,
/// `"on_hold"`, `"solved"`, `"closed"` (the ticket was last set to that
/// status, whatever its status now), `"assigned"`, `"assignee_update"` (the
/// current assignee's last change), `"awaiting_since"` (since when the
/// customer waits on an agent), `"signup"` (the customer's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Since {
    /// The ticket's creation.
    Created,
    /// The ticket's last event.
    Updated,
    /// The last public customer message.
    LastCustomerMessage,
    /// The last public agent reply.
    LastAgentReply,
    /// The last status change (now, if an earlier rule set the status).
    StatusChanged,
    /// The last time the ticket was set to open.
    Open,
    /// The last time the ticket was set to pending.
    Pending,
    /// The last time the ticket was set on hold.
    OnHold,
    /// The last time the ticket was solved.
    Solved,
    /// When the ticket was closed.
    Closed,
    /// The last time an agent was assigned.
    Assigned,
    /// The last change the current assignee made.
    AssigneeUpdate,
    /// Since when the customer waits on an agent.
    AwaitingSince,
    /// The customer's signup.
    Signup,
}

impl Since {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Since::Created => "created",
            Since::Updated => "updated",
            Since::LastCustomerMessage => "last_customer_message",
            Since::LastAgentReply => "last_agent_reply",
            Since::StatusChanged => "status_changed",
            Since::Open => "open",
            Since::Pending => "pending",
            Since::OnHold => "on_hold",
            Since::Solved => "solved",
            Since::Closed => "closed",
            Since::Assigned => "assigned",
            Since::AssigneeUpdate => "assignee_update",
            Since::AwaitingSince => "awaiting_since",
            Since::Signup => "signup",
        }
    }

    const ALL: [Since; 14] = [
        Since::Created,
        Since::Updated,
        Since::LastCustomerMessage,
        Since::LastAgentReply,
        Since::StatusChanged,
        Since::Open,
        Since::Pending,
        Since::OnHold,
        Since::Solved,
        Since::Closed,
        Since::Assigned,
        Since::AssigneeUpdate,
        Since::AwaitingSince,
        Since::Signup,
    ];
}

impl FromStr for Since {
    type Err = RulesError;

    fn from_str(s: &str) -> Result<Since, RulesError> {
        Since::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| RulesError::BadValue {
                rule: String::new(),
                field: "hours_since".into(),
                value: excerpt(s),
                reason: "not a time such as `created`, `pending` or `last_customer_message`",
            })
    }
}

/// An ordering comparison, for time conditions.
///
/// In JSON: `"lt"`, `"lte"`, `"gt"`, `"gte"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
}

impl Cmp {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Lt => "lt",
            Cmp::Lte => "lte",
            Cmp::Gt => "gt",
            Cmp::Gte => "gte",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Lte => "<=",
            Cmp::Gt => ">",
            Cmp::Gte => ">=",
        }
    }

    /// Whether `a CMP b`.
    pub(crate) fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Lte => a <= b,
            Cmp::Gt => a > b,
            Cmp::Gte => a >= b,
        }
    }
}

/// The longest `hours_since` value: a hundred years.
pub(crate) const MAX_HOURS: f64 = 876_600.0;

/// A condition tree over a ticket, its event and its customer: what a rule,
/// an SLA policy or a flow branch tests.
///
/// Build one in Rust from [`Field`]s and the combinators, parse the
/// [text syntax](super#text-syntax) with [`Condition::parse`], or read its
/// JSON form (the [rules chapter](super#conditions) lists every field and
/// operator). In JSON a condition may also be given as text
/// (`"when": "priority >= high"`); it is always written back as the tree.
///
/// ```
/// use frontline::rules::{Condition, Field};
/// use frontline::{Channel, Priority};
///
/// let rust = Condition::all([
///     Field::Priority.gte(Priority::High),
///     Field::Channel.is_in([Channel::Email, Channel::Chat]),
///     Field::Tags.contains("vip").not(),
/// ]);
/// let text = Condition::parse("priority >= high and channel in [email, chat] and not tags contains vip")?;
/// assert_eq!(rust, text);
/// assert_eq!(serde_json::to_string(&rust)?, concat!(
///     r#"{"all":[{"field":"priority","op":"gte","value":"high"},"#,
///     r#"{"field":"channel","op":"in","value":["email","chat"]},"#,
///     r#"{"not":{"field":"tags","op":"contains","value":"vip"}}]}"#));
/// assert_eq!(rust.to_string(), "priority >= high and channel in [email, chat] and not tags contains vip");
///
/// // A typo is an error where the condition is read, naming the bad part.
/// let typo = serde_json::from_str::<Condition>(r#"{"field": "priority", "op": "gte", "value": "hihg"}"#);
/// assert!(typo.unwrap_err().to_string().contains("invalid value `\"hihg\"` for `priority`: not a priority"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Conditions are checked when they are read (JSON or text) and again,
/// with the calendars they name and their patterns compiled, when the rule
/// set or policy set that holds them is built.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Condition {
    /// Every child holds (an empty list always holds).
    All(Vec<Condition>),
    /// At least one child holds (an empty list never holds).
    Any(Vec<Condition>),
    /// The child does not hold.
    Not(Box<Condition>),
    /// A field compared with a value.
    Compare {
        /// The field.
        field: Field,
        /// The operator.
        op: Op,
        /// The value (none for `present`, `absent`, `changed`).
        value: Option<Operand>,
    },
    /// Hours (or business hours of a calendar) since an instant, compared.
    HoursSince {
        /// The instant.
        since: Since,
        /// The comparison.
        cmp: Cmp,
        /// The hours, from 0 to 876,600 (a hundred years).
        hours: f64,
        /// Business hours of this calendar; calendar hours when absent.
        calendar: Option<String>,
    },
    /// The calendar is open at `now`.
    WithinBusinessHours {
        /// The calendar.
        calendar: String,
    },
    /// Whole days since the customer's signup are within `min..=max`.
    DaysSinceSignup {
        /// The first day.
        min: i64,
        /// The last day.
        max: i64,
    },
}

impl Condition {
    /// Every condition holds.
    pub fn all(items: impl IntoIterator<Item = Condition>) -> Condition {
        Condition::All(items.into_iter().collect())
    }

    /// At least one condition holds.
    pub fn any(items: impl IntoIterator<Item = Condition>) -> Condition {
        Condition::Any(items.into_iter().collect())
    }

    /// This condition does not hold.
    #[allow(
        clippy::should_implement_trait,
        reason = "`not` reads as the text syntax; `!` is also implemented"
    )]
    pub fn not(self) -> Condition {
        Condition::Not(Box::new(self))
    }

    /// Always holds (an empty `all`).
    pub fn always() -> Condition {
        Condition::All(Vec::new())
    }

    /// `hours_since(since) CMP hours`, in calendar hours.
    pub fn hours_since(since: Since, cmp: Cmp, hours: f64) -> Condition {
        Condition::HoursSince {
            since,
            cmp,
            hours,
            calendar: None,
        }
    }

    /// `business_hours_since(since, calendar) CMP hours`.
    pub fn business_hours_since(
        since: Since,
        calendar: impl Into<String>,
        cmp: Cmp,
        hours: f64,
    ) -> Condition {
        Condition::HoursSince {
            since,
            cmp,
            hours,
            calendar: Some(calendar.into()),
        }
    }

    /// `within_business_hours(calendar)`.
    pub fn within_business_hours(calendar: impl Into<String>) -> Condition {
        Condition::WithinBusinessHours {
            calendar: calendar.into(),
        }
    }

    /// `days_since_signup in [min, max]`.
    pub fn days_since_signup(min: i64, max: i64) -> Condition {
        Condition::DaysSinceSignup { min, max }
    }

    /// Parses the [text syntax](super#text-syntax) and checks the result.
    ///
    /// # Errors
    /// [`RulesError::Syntax`] with the line and column of the problem, or
    /// the error of [`Condition::check`].
    pub fn parse(text: &str) -> Result<Condition, RulesError> {
        super::parse::parse_condition(text)
    }

    /// Whether this is the always-true empty `all`.
    pub fn is_always(&self) -> bool {
        matches!(self, Condition::All(items) if items.is_empty())
    }

    /// Checks everything that can be checked without the calendars a rule
    /// set defines: operators that fit their fields, values of the right
    /// kind (a known priority, status, channel, tag ...), sizes within
    /// [`MAX_DEPTH`], [`MAX_NODES`], [`MAX_LIST_VALUES`] and
    /// [`MAX_TEXT_BYTES`], time ranges.
    ///
    /// # Errors
    /// A [`RulesError`] naming the bad part (its `rule` is empty: the
    /// condition stands alone here).
    pub fn check(&self) -> Result<(), RulesError> {
        self.check_in("")
    }

    /// [`Condition::check`] with the rule's name in the error.
    pub(crate) fn check_in(&self, rule: &str) -> Result<(), RulesError> {
        let (depth, nodes) = self.size();
        if depth > MAX_DEPTH {
            return Err(RulesError::TooLarge {
                what: super::error::rule_part(rule, "condition depth"),
                limit: MAX_DEPTH,
            });
        }
        if nodes > MAX_NODES {
            return Err(RulesError::TooLarge {
                what: super::error::rule_part(rule, "condition nodes"),
                limit: MAX_NODES,
            });
        }
        self.walk(&mut |c| c.check_leaf(rule))
    }

    /// Depth (a leaf is 0) and node count, each stopping once past its cap.
    fn size(&self) -> (usize, usize) {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                let mut depth = 0;
                let mut nodes = 1;
                for c in items {
                    let (d, n) = c.size();
                    depth = depth.max(d + 1);
                    nodes += n;
                    if depth > MAX_DEPTH || nodes > MAX_NODES {
                        break;
                    }
                }
                (depth, nodes)
            }
            Condition::Not(c) => {
                let (d, n) = c.size();
                (d + 1, n + 1)
            }
            _ => (0, 1),
        }
    }

    /// Calls `f` on every leaf, stopping at the first error.
    pub(crate) fn walk<E>(&self, f: &mut dyn FnMut(&Condition) -> Result<(), E>) -> Result<(), E> {
        match self {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().try_for_each(|c| c.walk(f))
            }
            Condition::Not(c) => c.walk(f),
            leaf => f(leaf),
        }
    }

    /// Whether any leaf satisfies `f`.
    pub(crate) fn any_leaf(&self, f: &mut dyn FnMut(&Condition) -> bool) -> bool {
        self.walk(&mut |c| if f(c) { Err(()) } else { Ok(()) })
            .is_err()
    }

    fn check_leaf(&self, rule: &str) -> Result<(), RulesError> {
        match self {
            Condition::Compare { field, op, value } => check_compare(rule, field, *op, value),
            Condition::HoursSince { since, hours, .. } => {
                if hours.is_finite() && (0.0..=MAX_HOURS).contains(hours) {
                    Ok(())
                } else {
                    Err(RulesError::BadValue {
                        rule: rule.to_owned(),
                        field: format!("hours_since({})", since.as_str()),
                        value: hours.to_string(),
                        reason: "expected a number of hours from 0 to 876,600 (a hundred years)",
                    })
                }
            }
            Condition::DaysSinceSignup { min, max } if min > max => Err(RulesError::BadCondition {
                rule: rule.to_owned(),
                reason: "`days_since_signup` has min above max".into(),
            }),
            _ => Ok(()),
        }
    }
}

impl std::ops::Not for Condition {
    type Output = Condition;

    fn not(self) -> Condition {
        Condition::Not(Box::new(self))
    }
}

impl FromStr for Condition {
    type Err = RulesError;

    fn from_str(text: &str) -> Result<Condition, RulesError> {
        Condition::parse(text)
    }
}

/// Checks that an operator fits its field and that the value has the right
/// kind for both.
fn check_compare(
    rule: &str,
    field: &Field,
    op: Op,
    value: &Option<Operand>,
) -> Result<(), RulesError> {
    for f in std::iter::once(field).chain(match value {
        Some(Operand::Field(other)) => Some(other),
        _ => None,
    }) {
        if let Field::Custom(name) | Field::CustomerAttribute(name) | Field::Answer(name) = f
            && (name.is_empty()
                || name.len() > MAX_FIELD_NAME
                || name.chars().any(|c| c.is_control() || c == '`'))
        {
            return Err(RulesError::UnknownField {
                rule: rule.to_owned(),
                field: excerpt(&f.name()),
            });
        }
    }
    let bad_op = |reason| RulesError::BadOperator {
        rule: rule.to_owned(),
        op: op.as_str().to_owned(),
        reason,
    };
    if op.ordering() && !field.comparable() {
        return Err(bad_op(
            "compares only priority, status and numeric fields or attributes",
        ));
    }
    if op.compares_history() && !field.on_ticket() {
        return Err(bad_op("applies to ticket fields only"));
    }
    let bad_value = |reason: &'static str| RulesError::BadValue {
        rule: rule.to_owned(),
        field: field.name().into_owned(),
        value: excerpt(&value.as_ref().map_or("none".into(), operand_json)),
        reason,
    };
    if let Some(Operand::Field(other)) = value {
        return if !matches!(op, Op::Is | Op::IsNot) {
            Err(bad_value(
                "only `is` and `is_not` compare with another field",
            ))
        } else if other == field {
            Err(bad_value("a field compared with itself"))
        } else {
            Ok(())
        };
    }
    let values = match (value, op.takes_no_value()) {
        (None, false) => return Err(bad_value("this operator needs a value")),
        (Some(_), true) => return Err(bad_value("this operator takes no value")),
        (None, true) => return Ok(()),
        (Some(Operand::List(items)), false) if op.takes_list() => items.as_slice(),
        (Some(Operand::List(_)), false) => {
            return Err(bad_value("only `in` and `not_in` take a list"));
        }
        (Some(Operand::One(_)), false) if op.takes_list() => {
            return Err(bad_value("`in` and `not_in` take a list"));
        }
        (Some(Operand::One(v)), false) => std::slice::from_ref(v),
        (Some(Operand::Field(_)), false) => &[],
    };
    if values.len() > MAX_LIST_VALUES {
        return Err(RulesError::TooLarge {
            what: super::error::rule_part(rule, "values in one list"),
            limit: MAX_LIST_VALUES,
        });
    }
    for v in values {
        check_value(field, op, v).map_err(bad_value)?;
    }
    Ok(())
}

/// The value as JSON text, for error messages.
fn operand_json(v: &Operand) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Event kinds, as `event.kind` names them.
pub(crate) const EVENT_KINDS: [&str; 12] = [
    "created",
    "message",
    "status_changed",
    "priority_changed",
    "type_changed",
    "assigned",
    "group_changed",
    "tags_added",
    "tags_removed",
    "field_changed",
    "satisfaction_rated",
    "merged",
];

fn check_value(field: &Field, op: Op, v: &Scalar) -> Result<(), &'static str> {
    match field {
        Field::Public
        | Field::SatisfactionCommented
        | Field::EventPublic
        | Field::EventAtCreation => {
            return match v {
                Scalar::Bool(_) => Ok(()),
                _ => Err("expected true or false"),
            };
        }
        Field::Reopens | Field::AgentReplies => {
            return match v {
                Scalar::Number(n) if n.is_finite() => Ok(()),
                _ => Err("expected a number"),
            };
        }
        _ => {}
    }
    if field.ordinal() {
        let Scalar::Text(s) = v else {
            return Err("expected a name");
        };
        let s = s.to_ascii_lowercase();
        return if *field == Field::Status {
            s.parse::<Status>().map(drop).map_err(|_| "not a status")
        } else {
            s.parse::<Priority>()
                .map(drop)
                .map_err(|_| "not a priority")
        };
    }
    match v {
        Scalar::Text(s) if s.len() > MAX_TEXT_BYTES => Err("text longer than 16 KiB"),
        Scalar::Text(_) if op == Op::Matches => Ok(()),
        Scalar::Text(s) => {
            // Closed sets of names are checked here, not silently never matched.
            let known = match field {
                Field::Channel | Field::EventChannel => s.parse::<Channel>().is_ok(),
                Field::EventAuthor => ["customer", "agent", "bot", "system"].contains(&s.as_str()),
                Field::EventKind => EVENT_KINDS.contains(&s.as_str()),
                Field::EventActorKind => {
                    ["customer", "agent", "bot", "system"].contains(&s.as_str())
                }
                Field::TicketType => s.parse::<crate::ticket::TicketType>().is_ok(),
                Field::Satisfaction => ["good", "bad"].contains(&s.as_str()),
                Field::Tags => {
                    return Tag::new(s).map(drop).map_err(|_| "not a valid tag");
                }
                _ => true,
            };
            if known {
                Ok(())
            } else {
                Err("not a known value for this field")
            }
        }
        _ if op == Op::Matches => Err("expected a pattern"),
        Scalar::Number(n) if !n.is_finite() => Err("not a number"),
        Scalar::Number(_) | Scalar::Bool(_) => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Text form

impl fmt::Display for Condition {
    /// The [text syntax](super#text-syntax); [`Condition::parse`] reads it
    /// back to the same tree (an empty `all` or `any` is written `all()` or
    /// `any()`) when it fits in
    /// [`MAX_RULE_TEXT_BYTES`](super::MAX_RULE_TEXT_BYTES): quotes and
    /// backslashes in values are escaped, so a condition near the cap (a
    /// long pattern full of `"`) can write a longer text than it was read
    /// from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::All(items) | Condition::Any(items) if items.len() < 2 => {
                let name = if matches!(self, Condition::All(_)) {
                    "all"
                } else {
                    "any"
                };
                match items.first() {
                    None => write!(f, "{name}()"),
                    Some(c) => write!(f, "{name}({c})"),
                }
            }
            Condition::All(items) => join(
                f,
                items,
                " and ",
                |c| matches!(c, Condition::All(i) | Condition::Any(i) if i.len() >= 2),
            ),
            Condition::Any(items) => join(
                f,
                items,
                " or ",
                |c| matches!(c, Condition::Any(i) if i.len() >= 2),
            ),
            Condition::Not(inner) => {
                if matches!(&**inner, Condition::All(i) | Condition::Any(i) if i.len() >= 2) {
                    write!(f, "not ({inner})")
                } else {
                    write!(f, "not {inner}")
                }
            }
            Condition::Compare { field, op, value } => {
                let op_text = match op {
                    Op::Is => "is",
                    Op::Lt => "<",
                    Op::Lte => "<=",
                    Op::Gt => ">",
                    Op::Gte => ">=",
                    other => other.as_str(),
                };
                let name = field.name();
                match value {
                    Some(v) => write!(f, "{} {op_text} {v}", Ident(&name)),
                    None => write!(f, "{} {op_text}", Ident(&name)),
                }
            }
            Condition::HoursSince {
                since,
                cmp,
                hours,
                calendar,
            } => {
                match calendar {
                    Some(c) => write!(f, "business_hours_since({}, {})", since.as_str(), Ident(c))?,
                    None => write!(f, "hours_since({})", since.as_str())?,
                }
                write!(f, " {} ", cmp.symbol())?;
                write_number(f, *hours)
            }
            Condition::WithinBusinessHours { calendar } => {
                write!(f, "within_business_hours({})", Ident(calendar))
            }
            Condition::DaysSinceSignup { min, max } => {
                write!(f, "days_since_signup in [{min}, {max}]")
            }
        }
    }
}

fn join(
    f: &mut fmt::Formatter<'_>,
    items: &[Condition],
    sep: &str,
    parens: impl Fn(&Condition) -> bool,
) -> fmt::Result {
    for (i, c) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if parens(c) {
            write!(f, "({c})")?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// JSON form

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        match self {
            Condition::All(items) => map.serialize_entry("all", items)?,
            Condition::Any(items) => map.serialize_entry("any", items)?,
            Condition::Not(inner) => map.serialize_entry("not", inner)?,
            Condition::Compare { field, op, value } => {
                map.serialize_entry("field", &field.name())?;
                map.serialize_entry("op", op)?;
                if let Some(v) = value {
                    map.serialize_entry("value", v)?;
                }
            }
            Condition::HoursSince {
                since,
                cmp,
                hours,
                calendar,
            } => {
                map.serialize_entry("hours_since", since)?;
                map.serialize_entry("op", cmp)?;
                if hours.fract() == 0.0 && hours.abs() < 1e15 {
                    map.serialize_entry("value", &(*hours as i64))?;
                } else {
                    map.serialize_entry("value", hours)?;
                }
                if let Some(c) = calendar {
                    map.serialize_entry("calendar", c)?;
                }
            }
            Condition::WithinBusinessHours { calendar } => {
                map.serialize_entry("within_business_hours", calendar)?;
            }
            Condition::DaysSinceSignup { min, max } => {
                map.serialize_entry(
                    "days_since_signup",
                    &DaysRange {
                        min: *min,
                        max: *max,
                    },
                )?;
            }
        }
        map.end()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DaysRange {
    min: i64,
    max: i64,
}

/// A condition node as read from JSON, before its shape is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    #[serde(default)]
    all: Option<Vec<Condition>>,
    #[serde(default)]
    any: Option<Vec<Condition>>,
    #[serde(default)]
    not: Option<Box<Condition>>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    op: Option<String>,
    #[serde(default)]
    value: Option<RawValue>,
    #[serde(default)]
    hours_since: Option<String>,
    #[serde(default)]
    calendar: Option<String>,
    #[serde(default)]
    within_business_hours: Option<String>,
    #[serde(default)]
    days_since_signup: Option<DaysRange>,
}

/// A `value` as read: a scalar, a list, another field, or something no
/// operator takes.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    One(Scalar),
    List(Vec<Scalar>),
    Field(FieldRef),
    Other(serde::de::IgnoredAny),
}

/// `{"field": "requester"}`: another field's value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldRef {
    field: String,
}

impl RawNode {
    fn keys(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        let mut add = |present: bool, name: &'static str| {
            if present {
                k.push(name);
            }
        };
        add(self.all.is_some(), "all");
        add(self.any.is_some(), "any");
        add(self.not.is_some(), "not");
        add(self.field.is_some(), "field");
        add(self.op.is_some(), "op");
        add(self.value.is_some(), "value");
        add(self.hours_since.is_some(), "hours_since");
        add(self.calendar.is_some(), "calendar");
        add(
            self.within_business_hours.is_some(),
            "within_business_hours",
        );
        add(self.days_since_signup.is_some(), "days_since_signup");
        k
    }

    fn into_condition(self) -> Result<Condition, RulesError> {
        let shape = |reason: String| RulesError::BadCondition {
            rule: String::new(),
            reason,
        };
        let keys = self.keys();
        let only = |allowed: &[&str]| -> Result<(), RulesError> {
            match keys.iter().find(|k| !allowed.contains(k)) {
                Some(extra) => Err(shape(format!(
                    "`{extra}` does not belong beside `{}`",
                    allowed.first().copied().unwrap_or_default()
                ))),
                None => Ok(()),
            }
        };
        if let Some(items) = self.all {
            only(&["all"])?;
            return Ok(Condition::All(items));
        }
        if let Some(items) = self.any {
            only(&["any"])?;
            return Ok(Condition::Any(items));
        }
        if let Some(inner) = self.not {
            only(&["not"])?;
            return Ok(Condition::Not(inner));
        }
        if let Some(calendar) = self.within_business_hours {
            only(&["within_business_hours"])?;
            return Ok(Condition::WithinBusinessHours { calendar });
        }
        if let Some(DaysRange { min, max }) = self.days_since_signup {
            only(&["days_since_signup"])?;
            return Ok(Condition::DaysSinceSignup { min, max });
        }
        if let Some(since) = self.hours_since {
            only(&["hours_since", "op", "value", "calendar"])?;
            let since: Since = since.parse()?;
            let op = self.op.unwrap_or_default();
            let cmp = match op.as_str() {
                "lt" => Cmp::Lt,
                "lte" => Cmp::Lte,
                "gt" => Cmp::Gt,
                "gte" => Cmp::Gte,
                _ => {
                    return Err(RulesError::BadOperator {
                        rule: String::new(),
                        op: excerpt(if op.is_empty() { "none" } else { &op }),
                        reason: "does not compare hours: use lt, lte, gt or gte",
                    });
                }
            };
            let Some(RawValue::One(Scalar::Number(hours))) = self.value else {
                return Err(RulesError::BadValue {
                    rule: String::new(),
                    field: format!("hours_since({})", since.as_str()),
                    value: "not a number".into(),
                    reason: "expected a number of hours from 0 to 876,600 (a hundred years)",
                });
            };
            return Ok(Condition::HoursSince {
                since,
                cmp,
                hours,
                calendar: self.calendar,
            });
        }
        let (Some(field), Some(op)) = (self.field, self.op) else {
            return Err(shape(
                "expected `all`, `any`, `not`, a leaf with `field` and `op`, `hours_since`, \
                 `within_business_hours` or `days_since_signup`"
                    .into(),
            ));
        };
        only(&["field", "op", "value"])?;
        let field: Field = field.parse()?;
        let op: Op = op.parse()?;
        let value = match self.value {
            None => None,
            Some(RawValue::One(s)) => Some(Operand::One(s)),
            Some(RawValue::List(l)) => Some(Operand::List(l)),
            Some(RawValue::Field(r)) => Some(Operand::Field(r.field.parse()?)),
            Some(RawValue::Other(_)) => {
                return Err(RulesError::BadValue {
                    rule: String::new(),
                    field: field.name().into_owned(),
                    value: "a value of another kind".into(),
                    reason: "expected text, a number, true/false, a list of them or {\"field\": name}",
                });
            }
        };
        Ok(Condition::Compare { field, op, value })
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        d.deserialize_any(ConditionVisitor)
    }
}

/// Reads a condition: the tree (a map), or the text syntax (a string).
/// A visitor rather than an untagged enum, so that an error deep inside a
/// tree keeps its message.
struct ConditionVisitor;

impl<'de> serde::de::Visitor<'de> for ConditionVisitor {
    type Value = Condition;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a condition: an object such as {\"field\": \"priority\", \"op\": \"gte\", \"value\": \"high\"}, or condition text")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Condition, E> {
        Condition::parse(text).map_err(|e| fail::<E>(&e))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Condition, A::Error> {
        let node = RawNode::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            .inspect_err(|_| crate::util::error_code::note_unless_noted("rules.bad_condition"))?;
        let condition = node.into_condition().map_err(|e| fail::<A::Error>(&e))?;
        // A leaf is checked here; a group's size too once it is past a cap
        // (a tree is read bottom-up, so only its top knows the whole depth:
        // the rule or policy set checks the whole tree again).
        let result = match &condition {
            Condition::All(_) | Condition::Any(_) | Condition::Not(_) => {
                let (depth, nodes) = condition.size();
                if depth > MAX_DEPTH || nodes > MAX_NODES {
                    condition.check()
                } else {
                    Ok(())
                }
            }
            leaf => leaf.check_leaf(""),
        };
        result.map_err(|e| fail::<A::Error>(&e))?;
        Ok(condition)
    }
}

fn fail<E: serde::de::Error>(e: &RulesError) -> E {
    crate::util::de_error::<E>(e.code(), e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rust_json_and_text_agree() {
        let c = Condition::all([
            Field::Priority.gte(Priority::High),
            Field::custom("order_total").gt(100.5),
            Condition::any([
                Field::Message.contains_word("nog steeds"),
                Field::Tags.contains("vip"),
            ]),
            Field::Assignee.absent(),
            Condition::business_hours_since(Since::LastCustomerMessage, "office", Cmp::Gt, 4.0),
            Condition::within_business_hours("office"),
            Condition::days_since_signup(85, 86),
        ]);
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(serde_json::from_value::<Condition>(json).unwrap(), c);
        let text = c.to_string();
        assert_eq!(Condition::parse(&text).unwrap(), c, "{text}");
    }

    #[test]
    fn json_errors_name_the_part() {
        let err = |j: &str| {
            serde_json::from_str::<Condition>(j)
                .unwrap_err()
                .to_string()
        };
        assert!(
            err(r#"{"field":"prioritty","op":"is","value":"high"}"#)
                .contains("unknown field `prioritty`")
        );
        assert!(
            err(r#"{"field":"priority","op":"iss","value":"high"}"#)
                .contains("operator `iss` is not an operator")
        );
        assert!(
            err(r#"{"field":"channel","op":"is","value":"emial"}"#).contains("not a known value")
        );
        assert!(err(r#"{"field":"subject","op":"gt","value":3}"#).contains("compares only"));
        assert!(err(r#"{"field":"tags","op":"in","value":"vip"}"#).contains("take a list"));
        assert!(err(r#"{"all":[],"any":[]}"#).contains("does not belong"));
        assert!(err(r#"{"field":"tags","op":"is","value":null}"#).contains("needs a value"));
        assert!(err(r#"{"field":"tags","op":"is","value":{"a":1}}"#).contains("expected text"));
        assert!(
            err(r#"{"hours_since":"created","op":"gt","value":1e20}"#).contains("hundred years")
        );
        assert!(
            err(r#"{"nope":1}"#).contains("did not match")
                || err(r#"{"nope":1}"#).contains("unknown")
        );
    }

    #[test]
    fn text_in_json_is_parsed() {
        let c: Condition = serde_json::from_str(r#""priority >= high""#).unwrap();
        assert_eq!(c, Field::Priority.gte(Priority::High));
        assert!(serde_json::from_str::<Condition>(r#""priority >= hihg""#).is_err());
    }

    #[test]
    fn deep_trees_are_refused() {
        let mut c = Field::Status.is(Status::Open);
        for _ in 0..=MAX_DEPTH {
            c = c.not();
        }
        assert!(matches!(c.check(), Err(RulesError::TooLarge { .. })));
        let json = serde_json::to_string(&c).unwrap();
        assert!(serde_json::from_str::<Condition>(&json).is_err());
    }

    fn scalar() -> impl Strategy<Value = Scalar> {
        prop_oneof![
            any::<bool>().prop_map(Scalar::Bool),
            (-1_000_000i64..1_000_000).prop_map(|n| Scalar::Number(n as f64)),
            (-1000.0f64..1000.0).prop_map(Scalar::Number),
            "[a-z][a-z0-9_]{0,8}".prop_map(Scalar::Text),
            "\\PC{0,12}".prop_map(Scalar::Text),
        ]
    }

    fn leaf() -> impl Strategy<Value = Condition> {
        let field = prop_oneof![
            Just(Field::Subject),
            Just(Field::Message),
            Just(Field::Requester),
            "[a-z][a-z0-9_]{0,6}".prop_map(Field::Custom),
            "[a-z][a-z0-9_]{0,6}".prop_map(Field::CustomerAttribute),
            "[a-z][a-z0-9_]{0,6}".prop_map(Field::Answer),
            // Any name a ticket may use: spaces, punctuation, other scripts.
            "[^`\\p{C}]{1,12}".prop_map(Field::Custom),
        ];
        let calendar = "[^`\\p{C}]{1,12}";
        prop_oneof![
            (field.clone(), scalar()).prop_map(|(f, v)| f.is(v)),
            (field.clone(), prop::collection::vec(scalar(), 0..4)).prop_map(|(f, v)| f.is_in(v)),
            field.prop_map(Field::present),
            prop::sample::select(Priority::ALL.to_vec()).prop_map(|p| Field::Priority.gte(p)),
            (0u32..1000, prop::sample::select(Since::ALL.to_vec()))
                .prop_map(|(h, s)| Condition::hours_since(s, Cmp::Lte, f64::from(h) / 4.0)),
            (0i64..100, 0i64..100)
                .prop_map(|(a, b)| Condition::days_since_signup(a.min(b), a.max(b))),
            (-i64::MAX..i64::MAX).prop_map(|a| Condition::days_since_signup(a, a)),
            calendar.prop_map(Condition::within_business_hours),
            (calendar, 0u32..100).prop_map(|(c, h)| {
                Condition::business_hours_since(Since::Pending, c, Cmp::Gt, f64::from(h))
            }),
            (
                prop::sample::select(vec![Field::Assignee, Field::Group]),
                prop::sample::select(vec![Field::EventActor, Field::Requester])
            )
                .prop_map(|(a, b)| a.is_field(b)),
        ]
    }

    fn tree() -> impl Strategy<Value = Condition> {
        leaf().prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::All),
                prop::collection::vec(inner.clone(), 0..4).prop_map(Condition::Any),
                inner.prop_map(Condition::not),
            ]
        })
    }

    proptest! {
        #[test]
        fn text_and_json_round_trip(c in tree()) {
            let text = c.to_string();
            prop_assert_eq!(&Condition::parse(&text).unwrap(), &c, "{}", text);
            let json = serde_json::to_string(&c).unwrap();
            prop_assert_eq!(&serde_json::from_str::<Condition>(&json).unwrap(), &c);
        }
    }
}
