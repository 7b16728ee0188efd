//! Condition trees: compiled once, evaluated against a view of the ticket,
//! the event and the customer, with an optional trace of every node.

use std::collections::{BTreeMap, BTreeSet};

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::RulesError;
use super::spec::{MAX_DEPTH, MAX_LIST_VALUES, MAX_NODES, MAX_REGEX_BYTES, MAX_TEXT_BYTES};
use crate::time::Timestamp;
use crate::util::{excerpt, fold};
use crate::{
    AuthorKind, BusinessCalendar, Channel, Customer, Event, EventKind, Priority, Status, Tag,
    Ticket,
};

/// The ticket as the rules see it: the current state plus the changes made by
/// rules that already fired in this evaluation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Work {
    pub status: Status,
    pub priority: Priority,
    pub channel: Channel,
    pub subject: String,
    pub requester: String,
    pub assignee: Option<String>,
    pub group: Option<String>,
    pub tags: BTreeSet<Tag>,
    pub fields: BTreeMap<String, Value>,
}

impl Work {
    pub fn of(t: &Ticket) -> Work {
        Work {
            status: t.status(),
            priority: t.priority(),
            channel: t.channel(),
            subject: t.subject().to_owned(),
            requester: t.requester().to_string(),
            assignee: t.assignee().map(|a| a.to_string()),
            group: t.group().map(|g| g.to_string()),
            tags: t.tags().clone(),
            fields: t.fields().clone(),
        }
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
    pub work: Option<&'a Work>,
    pub prev: Option<&'a Work>,
    pub event: Option<&'a Event>,
    pub summary: Option<&'a crate::TicketSummary>,
    pub customer: Option<&'a Customer>,
    pub now: Timestamp,
    pub calendars: &'a [(String, BusinessCalendar)],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field {
    Status,
    Priority,
    Channel,
    Group,
    Assignee,
    Tags,
    Subject,
    Requester,
    Custom(String),
    CustomerSegment,
    CustomerPlan,
    CustomerLocale,
    CustomerLanguage,
    CustomerTimeZone,
    CustomerAttribute(String),
    EventKind,
    EventAuthor,
    EventChannel,
    EventPublic,
    Message,
}

impl Field {
    fn parse(name: &str) -> Option<Field> {
        Some(match name {
            "status" => Field::Status,
            "priority" => Field::Priority,
            "channel" => Field::Channel,
            "group" => Field::Group,
            "assignee" => Field::Assignee,
            "tags" => Field::Tags,
            "subject" => Field::Subject,
            "requester" => Field::Requester,
            "customer.segment" => Field::CustomerSegment,
            "customer.plan" => Field::CustomerPlan,
            "customer.locale" => Field::CustomerLocale,
            "customer.language" => Field::CustomerLanguage,
            "customer.time_zone" => Field::CustomerTimeZone,
            "event.kind" => Field::EventKind,
            "event.author" => Field::EventAuthor,
            "event.channel" => Field::EventChannel,
            "event.public" => Field::EventPublic,
            "message" => Field::Message,
            other => {
                if let Some(f) = other.strip_prefix("field.").filter(|f| !f.is_empty()) {
                    Field::Custom(f.to_owned())
                } else if let Some(a) = other
                    .strip_prefix("customer.attribute.")
                    .filter(|f| !f.is_empty())
                {
                    Field::CustomerAttribute(a.to_owned())
                } else {
                    return None;
                }
            }
        })
    }

    /// Whether the field has an order (priority, status) for lt/gt.
    fn ordinal(&self) -> bool {
        matches!(self, Field::Status | Field::Priority)
    }

    /// Whether `changed` operators make sense (ticket fields).
    fn on_ticket(&self) -> bool {
        matches!(
            self,
            Field::Status
                | Field::Priority
                | Field::Group
                | Field::Assignee
                | Field::Tags
                | Field::Subject
                | Field::Custom(_)
        )
    }
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
    let mut end = 256;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s.get(..end).unwrap_or_default())
}

impl View<'_> {
    /// The raw text of a text field, without copying.
    fn raw_text(&self, field: &Field) -> Option<&str> {
        match field {
            Field::Subject => self.work.map(|w| w.subject.as_str()),
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

fn read<'a>(field: &Field, work: Option<&'a Work>, view: &View<'a>) -> Seen<'a> {
    fn text(s: &str) -> Seen<'_> {
        Seen::Text(std::borrow::Cow::Borrowed(s))
    }
    let opt = |s: Option<&'a String>| s.map_or(Seen::Missing, |s| text(s));
    match field {
        Field::Status => work.map_or(Seen::Missing, |w| {
            Seen::Ordinal(w.status as u8, w.status.as_str())
        }),
        Field::Priority => work.map_or(Seen::Missing, |w| {
            Seen::Ordinal(w.priority as u8, w.priority.as_str())
        }),
        Field::Channel => work.map_or(Seen::Missing, |w| text(w.channel.as_str())),
        Field::Group => opt(work.and_then(|w| w.group.as_ref())),
        Field::Assignee => opt(work.and_then(|w| w.assignee.as_ref())),
        Field::Tags => work.map_or(Seen::Missing, |w| {
            Seen::Tags(w.tags.iter().map(Tag::as_str).collect())
        }),
        Field::Subject => work.map_or(Seen::Missing, |w| text(&w.subject)),
        Field::Requester => work.map_or(Seen::Missing, |w| text(&w.requester)),
        Field::Custom(name) => work
            .and_then(|w| w.fields.get(name))
            .map_or(Seen::Missing, Seen::of_json),
        Field::CustomerSegment => opt(view.customer.and_then(|c| c.segment.as_ref())),
        Field::CustomerPlan => opt(view.customer.and_then(|c| c.plan.as_ref())),
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
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Is,
    IsNot,
    In,
    NotIn,
    Lt,
    Lte,
    Gt,
    Gte,
    Contains,
    NotContains,
    ContainsWord,
    Matches,
    Present,
    Absent,
    Changed,
    ChangedFrom,
    ChangedTo,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "is" => Op::Is,
            "is_not" => Op::IsNot,
            "in" => Op::In,
            "not_in" => Op::NotIn,
            "lt" => Op::Lt,
            "lte" => Op::Lte,
            "gt" => Op::Gt,
            "gte" => Op::Gte,
            "contains" => Op::Contains,
            "not_contains" => Op::NotContains,
            "contains_word" => Op::ContainsWord,
            "matches" => Op::Matches,
            "present" => Op::Present,
            "absent" => Op::Absent,
            "changed" => Op::Changed,
            "changed_from" => Op::ChangedFrom,
            "changed_to" => Op::ChangedTo,
            _ => return None,
        })
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Lt,
    Lte,
    Gt,
    Gte,
}

impl Cmp {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Lte => a <= b,
            Cmp::Gt => a > b,
            Cmp::Gte => a >= b,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TimeField {
    Created,
    Updated,
    LastCustomerMessage,
    LastAgentReply,
    StatusChanged,
    Solved,
    AwaitingSince,
    Signup,
}

impl TimeField {
    fn parse(s: &str) -> Option<TimeField> {
        Some(match s {
            "created" => TimeField::Created,
            "updated" => TimeField::Updated,
            "last_customer_message" => TimeField::LastCustomerMessage,
            "last_agent_reply" => TimeField::LastAgentReply,
            "status_changed" => TimeField::StatusChanged,
            "solved" => TimeField::Solved,
            "awaiting_since" => TimeField::AwaitingSince,
            "signup" => TimeField::Signup,
            _ => return None,
        })
    }

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
        match self {
            TimeField::Created => s.map(|s| s.created_at),
            TimeField::Updated => s.map(|s| s.updated_at),
            TimeField::LastCustomerMessage => s.and_then(|s| s.last_customer_message_at),
            TimeField::LastAgentReply => s.and_then(|s| s.last_public_agent_reply_at),
            // A status set by an earlier rule in this evaluation changed at `now`.
            TimeField::StatusChanged if Self::status_set_by_rule(view) => Some(view.now),
            TimeField::Solved
                if Self::status_set_by_rule(view)
                    && view.work.is_some_and(|w| w.status == Status::Solved) =>
            {
                Some(view.now)
            }
            TimeField::StatusChanged => s
                .and_then(|s| s.status_periods.last())
                .map(|p| p.entered_at),
            TimeField::Solved => s.and_then(|s| s.last_solved_at),
            TimeField::AwaitingSince => s.and_then(|s| s.awaiting_since),
            TimeField::Signup => view.customer.and_then(|c| c.signup_at),
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
    HoursSince {
        time: TimeField,
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
/// In JSON: `{"node":"priority gte \"high\"","held":true,"seen":"urgent"}`, with
/// `children` for `all`, `any` and `not`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeTrace {
    /// The node: `all`, `any`, `not`, or the leaf as written.
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

/// Compiles a condition tree, checking every field, operator, value,
/// pattern and calendar.
pub(crate) struct Compiler<'a> {
    pub rule: &'a str,
    pub calendars: &'a [(String, BusinessCalendar)],
    pub nodes: usize,
}

impl Compiler<'_> {
    fn err_condition(&self, reason: impl Into<String>) -> RulesError {
        RulesError::BadCondition {
            rule: self.rule.to_owned(),
            reason: reason.into(),
        }
    }

    fn calendar(&self, name: &str) -> Result<usize, RulesError> {
        self.calendars
            .iter()
            .position(|(n, _)| n == name)
            .ok_or_else(|| RulesError::UnknownCalendar {
                rule: self.rule.to_owned(),
                calendar: excerpt(name),
            })
    }

    pub fn compile(&mut self, v: &Value, depth: usize) -> Result<Node, RulesError> {
        if depth > MAX_DEPTH {
            return Err(RulesError::TooLarge {
                what: format!("rule `{}`: condition depth", self.rule),
                limit: MAX_DEPTH,
            });
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(RulesError::TooLarge {
                what: format!("rule `{}`: condition nodes", self.rule),
                limit: MAX_NODES,
            });
        }
        let Value::Object(map) = v else {
            return Err(self.err_condition("a condition must be an object"));
        };
        let list = |c: &mut Self, items: &Value| -> Result<Vec<Node>, RulesError> {
            let Value::Array(items) = items else {
                return Err(c.err_condition("`all` and `any` take a list"));
            };
            items.iter().map(|i| c.compile(i, depth + 1)).collect()
        };
        if map.len() == 1 {
            if let Some(items) = map.get("all") {
                return Ok(Node::All(list(self, items)?));
            }
            if let Some(items) = map.get("any") {
                return Ok(Node::Any(list(self, items)?));
            }
            if let Some(inner) = map.get("not") {
                return Ok(Node::Not(Box::new(self.compile(inner, depth + 1)?)));
            }
            if let Some(Value::String(cal)) = map.get("within_business_hours") {
                let calendar = self.calendar(cal)?;
                return Ok(Node::Leaf(
                    Box::new(Leaf::WithinBusinessHours { calendar }),
                    format!("within_business_hours({cal})"),
                ));
            }
            if let Some(range) = map.get("days_since_signup") {
                let bound = |k: &str| range.get(k).and_then(Value::as_i64);
                let (Some(min), Some(max)) = (bound("min"), bound("max")) else {
                    return Err(
                        self.err_condition("`days_since_signup` takes {\"min\": n, \"max\": n}")
                    );
                };
                if min > max {
                    return Err(self.err_condition("`days_since_signup` has min above max"));
                }
                return Ok(Node::Leaf(
                    Box::new(Leaf::DaysSinceSignup { min, max }),
                    format!("days_since_signup in [{min}, {max}]"),
                ));
            }
        }
        if let Some(Value::String(time)) = map.get("hours_since") {
            return self.hours_since(map, time);
        }
        self.compare(map)
    }

    fn hours_since(
        &mut self,
        map: &serde_json::Map<String, Value>,
        time: &str,
    ) -> Result<Node, RulesError> {
        let t = TimeField::parse(time).ok_or_else(|| RulesError::UnknownField {
            rule: self.rule.to_owned(),
            field: excerpt(time),
        })?;
        let cmp = match map.get("op").and_then(Value::as_str) {
            Some("lt") => Cmp::Lt,
            Some("lte") => Cmp::Lte,
            Some("gt") => Cmp::Gt,
            Some("gte") => Cmp::Gte,
            other => {
                return Err(RulesError::BadOperator {
                    rule: self.rule.to_owned(),
                    op: excerpt(other.unwrap_or("none")),
                    reason: "does not compare hours: use lt, lte, gt or gte",
                });
            }
        };
        let hours = map
            .get("value")
            .and_then(Value::as_f64)
            .filter(|h| (0.0..=876_600.0).contains(h))
            .ok_or_else(|| RulesError::BadValue {
                rule: self.rule.to_owned(),
                field: format!("hours_since({time})"),
                value: excerpt(&map.get("value").map_or("none".into(), Value::to_string)),
                reason: "expected a number of hours from 0 to 876,600 (a hundred years)",
            })?;
        let calendar = match map.get("calendar") {
            None | Some(Value::Null) => None,
            Some(Value::String(c)) => Some(self.calendar(c)?),
            Some(_) => return Err(self.err_condition("`calendar` must be a name")),
        };
        for key in map.keys() {
            if !["hours_since", "op", "value", "calendar"].contains(&key.as_str()) {
                return Err(self.err_condition(format!("unknown key `{}`", excerpt(key))));
            }
        }
        let op = map.get("op").and_then(Value::as_str).unwrap_or("");
        let label = match map.get("calendar").and_then(Value::as_str) {
            Some(c) => format!("business_hours_since({time}, {c}) {op} {hours}"),
            None => format!("hours_since({time}) {op} {hours}"),
        };
        Ok(Node::Leaf(
            Box::new(Leaf::HoursSince {
                time: t,
                cmp,
                seconds: hours * 3600.0,
                calendar,
            }),
            label,
        ))
    }

    fn compare(&mut self, map: &serde_json::Map<String, Value>) -> Result<Node, RulesError> {
        for key in map.keys() {
            if !["field", "op", "value"].contains(&key.as_str()) {
                return Err(self.err_condition(format!("unknown key `{}`", excerpt(key))));
            }
        }
        let name = map
            .get("field")
            .and_then(Value::as_str)
            .ok_or_else(|| self.err_condition("a leaf needs `field` and `op`"))?;
        let field = Field::parse(name).ok_or_else(|| RulesError::UnknownField {
            rule: self.rule.to_owned(),
            field: excerpt(name),
        })?;
        let op_name = map.get("op").and_then(Value::as_str).unwrap_or("");
        let op = Op::parse(op_name).ok_or_else(|| RulesError::BadOperator {
            rule: self.rule.to_owned(),
            op: excerpt(op_name),
            reason: "is not an operator",
        })?;
        let bad_op = |reason| RulesError::BadOperator {
            rule: self.rule.to_owned(),
            op: op_name.to_owned(),
            reason,
        };
        if matches!(op, Op::Lt | Op::Lte | Op::Gt | Op::Gte)
            && !matches!(
                field,
                Field::Status | Field::Priority | Field::Custom(_) | Field::CustomerAttribute(_)
            )
        {
            return Err(bad_op(
                "compares only priority, status and numeric fields or attributes",
            ));
        }
        if matches!(op, Op::Changed | Op::ChangedFrom | Op::ChangedTo) && !field.on_ticket() {
            return Err(bad_op("applies to ticket fields only"));
        }
        let value = map.get("value");
        let needs_value = !matches!(op, Op::Present | Op::Absent | Op::Changed);
        let bad_value = |reason: &'static str| RulesError::BadValue {
            rule: self.rule.to_owned(),
            field: name.to_owned(),
            value: excerpt(&value.map_or("none".into(), Value::to_string)),
            reason,
        };
        let values: Vec<&Value> = match (value, needs_value) {
            (None, true) => return Err(bad_value("this operator needs a value")),
            (Some(_), false) => return Err(bad_value("this operator takes no value")),
            (None, false) => Vec::new(),
            (Some(Value::Array(items)), true) if matches!(op, Op::In | Op::NotIn) => {
                items.iter().collect()
            }
            (Some(Value::Array(_)), true) => {
                return Err(bad_value("only `in` and `not_in` take a list"));
            }
            (Some(v), true) if matches!(op, Op::In | Op::NotIn) => {
                let _ = v;
                return Err(bad_value("`in` and `not_in` take a list"));
            }
            (Some(v), true) => vec![v],
        };
        if values.len() > MAX_LIST_VALUES {
            return Err(RulesError::TooLarge {
                what: format!("rule `{}`: values in one list", self.rule),
                limit: MAX_LIST_VALUES,
            });
        }
        let mut wants = Vec::with_capacity(values.len());
        for v in &values {
            wants.push(self.want(&field, op, v).map_err(&bad_value)?);
        }
        let regex = if op == Op::Matches {
            let Some(Value::String(p)) = value else {
                return Err(bad_value("expected a pattern"));
            };
            Some(
                RegexBuilder::new(p)
                    .case_insensitive(true)
                    .size_limit(MAX_REGEX_BYTES)
                    .dfa_size_limit(MAX_REGEX_BYTES)
                    .build()
                    .map_err(|e| RulesError::BadPattern {
                        rule: self.rule.to_owned(),
                        pattern: excerpt(p),
                        reason: e.to_string().lines().last().unwrap_or("").trim().to_owned(),
                    })?,
            )
        } else {
            None
        };
        let label = match value {
            Some(v) => format!("{name} {op_name} {}", excerpt(&v.to_string())),
            None => format!("{name} {op_name}"),
        };
        Ok(Node::Leaf(
            Box::new(Leaf::Compare {
                field,
                op,
                wants,
                regex,
            }),
            label,
        ))
    }

    fn want(&self, field: &Field, op: Op, v: &Value) -> Result<Want, &'static str> {
        if field.ordinal() {
            let Value::String(s) = v else {
                return Err("expected a name");
            };
            let s = s.to_ascii_lowercase();
            return match field {
                Field::Status => s
                    .parse::<Status>()
                    .map(|x| Want::Ordinal(x as u8))
                    .map_err(|_| "not a status"),
                _ => s
                    .parse::<Priority>()
                    .map(|x| Want::Ordinal(x as u8))
                    .map_err(|_| "not a priority"),
            };
        }
        // Closed sets of names are checked here, not silently never matched.
        if let Value::String(s) = v {
            let known = match field {
                Field::Channel | Field::EventChannel => s.parse::<Channel>().is_ok(),
                Field::EventAuthor => ["customer", "agent", "bot", "system"].contains(&s.as_str()),
                Field::EventKind => [
                    "created",
                    "message",
                    "status_changed",
                    "priority_changed",
                    "assigned",
                    "group_changed",
                    "tags_added",
                    "tags_removed",
                    "field_changed",
                    "satisfaction_rated",
                    "merged",
                ]
                .contains(&s.as_str()),
                _ => true,
            };
            if !known && op != Op::Matches {
                return Err("not a known value for this field");
            }
            if *field == Field::Tags && op != Op::Matches {
                // Compared as tags are stored: normalised, then folded.
                let tag = Tag::new(s).map_err(|_| "not a valid tag")?;
                return Ok(Want::Text(fold(tag.as_str())));
            }
        }
        Ok(match v {
            Value::String(s) if s.len() > MAX_TEXT_BYTES => return Err("text longer than 16 KiB"),
            Value::String(s) if op == Op::Matches => Want::Text(s.clone()),
            Value::String(s) => Want::Text(fold(s)),
            Value::Number(n) => Want::Number(n.as_f64().ok_or("not a number")?),
            Value::Bool(b) => Want::Bool(*b),
            _ => return Err("expected text, a number or true/false"),
        })
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
}

impl Node {
    /// The parts of the working copy this condition reads (actions can change
    /// only these; everything else is fixed for one evaluation).
    pub fn reads(&self) -> u8 {
        match self {
            Node::All(c) | Node::Any(c) => c.iter().fold(0, |m, n| m | n.reads()),
            Node::Not(n) => n.reads(),
            Node::Leaf(leaf, _) => match leaf.as_ref() {
                Leaf::Compare { field, .. } => match field {
                    Field::Status => reads::STATUS,
                    Field::Priority => reads::PRIORITY,
                    Field::Group => reads::GROUP,
                    Field::Assignee => reads::ASSIGNEE,
                    Field::Tags => reads::TAGS,
                    Field::Custom(_) => reads::FIELDS,
                    _ => 0,
                },
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
                            (Want::Text(_), Seen::Tags(_)) => equals(&seen, w),
                            _ => false,
                        });
                        if *op == Op::Contains { found } else { !found }
                    }
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
            Leaf::Compare { .. } => None,
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
