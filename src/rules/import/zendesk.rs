//! Zendesk triggers and automations, both ways.
//!
//! The mapping, field by field, is the table in the
//! [rules chapter](crate::rules#importing-from-zendesk); [`FIELDS`] and
//! [`ACTIONS`] are that table in code.

use serde_json::{Map, Value, json};

use super::{all_of, excerpt, list, one_text, slug, tags, text, top_level, unsupported};
use crate::rules::condition::{Cmp, Condition, Field, Op, Operand, Scalar, Since};
use crate::rules::spec::{Action, On, Recipient, RuleKind, RuleSpec};
use crate::rules::{MAX_LIST_VALUES, Once, RulesError};
use crate::{Channel, Priority, Status, ticket::TicketType};

const Z: &str = "zendesk";

/// How to read Zendesk rules: whether they are automations, the calendar
/// Zendesk's business hours mean, and the account's locales by number.
///
/// In JSON (the `rules.import_zendesk` op): `{"automation": true, "calendar":
/// "office", "locales": {"1": "en-US", "8": "de"}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ZendeskImport {
    /// The rules are automations (time-based), not triggers.
    #[serde(default)]
    pub automation: bool,
    /// The frontline calendar that Zendesk's business hours mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// The account's locales by Zendesk number (`GET /api/v2/locales`
    /// lists them), for `locale_id`: a number without an entry is refused.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub locales: std::collections::BTreeMap<u32, crate::customer::Locale>,
}

impl ZendeskImport {
    /// Options for triggers.
    pub fn triggers() -> ZendeskImport {
        ZendeskImport::default()
    }

    /// Options for automations, with the calendar Zendesk's business hours mean.
    pub fn automations(calendar: Option<&str>) -> ZendeskImport {
        ZendeskImport {
            automation: true,
            calendar: calendar.map(str::to_owned),
            locales: Default::default(),
        }
    }

    /// These options with the calendar Zendesk's business hours mean.
    pub fn with_calendar(mut self, calendar: &str) -> ZendeskImport {
        self.calendar = Some(calendar.to_owned());
        self
    }

    /// These options with a Zendesk locale number and the locale it is.
    pub fn with_locale(mut self, number: u32, locale: crate::customer::Locale) -> ZendeskImport {
        self.locales.insert(number, locale);
        self
    }
}

/// What one import knows: the rule's title (for errors) and the options.
struct Ctx<'a> {
    rule: &'a str,
    calendar: Option<&'a str>,
    locales: &'a std::collections::BTreeMap<u32, crate::customer::Locale>,
}

impl Ctx<'_> {
    fn bad(&self, what: impl Into<String>) -> RulesError {
        unsupported(Z, self.rule, what)
    }

    fn bad_op(&self, field: &str, op: &str) -> RulesError {
        self.bad(format!(
            "operator `{}` on `{}`",
            excerpt(op),
            excerpt(field)
        ))
    }

    fn bad_value(&self, field: &str, value: &Value) -> RulesError {
        self.bad(format!(
            "`{}` value `{}`",
            excerpt(field),
            excerpt(&text(value))
        ))
    }

    fn calendar(&self) -> Result<&str, RulesError> {
        self.calendar.ok_or_else(|| {
            self.bad("business hours without a calendar: pass the calendar they mean")
        })
    }
}

/// How a Zendesk condition field reads.
type Reader = fn(&Ctx<'_>, &str, &str, &Value) -> Result<Option<Condition>, RulesError>;

/// Zendesk condition fields by API name (see also [`PREFIXED`] and the time
/// fields in [`time_field`]).
const FIELDS: &[(&str, Reader)] = &[
    ("status", |c, f, op, v| {
        plain(c, f, op, v, Field::Status, Kind::Status)
    }),
    ("priority", |c, f, op, v| {
        plain(c, f, op, v, Field::Priority, Kind::Priority)
    }),
    ("type", |c, f, op, v| {
        plain(c, f, op, v, Field::TicketType, Kind::Type)
    }),
    ("group_id", |c, f, op, v| {
        // "One of the current user's groups": frontline knows no user's groups.
        if text(v) == "current_groups" {
            return Err(c.bad_value(f, v));
        }
        plain(c, f, op, v, Field::Group, Kind::Id)
    }),
    ("assignee_id", |c, f, op, v| {
        plain(c, f, op, v, Field::Assignee, Kind::User)
    }),
    ("requester_id", |c, f, op, v| {
        plain(c, f, op, v, Field::Requester, Kind::User)
    }),
    ("organization_id", |c, f, op, v| {
        plain(c, f, op, v, Field::CustomerOrganization, Kind::Id)
    }),
    ("ticket_form_id", |c, f, op, v| {
        plain(c, f, op, v, Field::custom("ticket_form_id"), Kind::Id)
    }),
    ("brand_id", |c, f, op, v| {
        plain(c, f, op, v, Field::custom("brand_id"), Kind::Id)
    }),
    ("recipient", |c, f, op, v| {
        plain(c, f, op, v, Field::custom("recipient"), Kind::Free)
    }),
    ("locale_id", |c, f, op, v| {
        plain(c, f, op, v, Field::CustomerLocale, Kind::Locale)
    }),
    ("via_id", |c, f, op, v| {
        plain(c, f, op, v, Field::Channel, Kind::Via)
    }),
    ("current_via_id", |c, f, op, v| {
        plain(c, f, op, v, Field::EventChannel, Kind::Via)
    }),
    ("satisfaction_score", satisfaction),
    ("reopens", |c, f, op, v| {
        plain(c, f, op, v, Field::Reopens, Kind::Number)
    }),
    ("replies", |c, f, op, v| {
        plain(c, f, op, v, Field::AgentReplies, Kind::Number)
    }),
    ("current_tags", current_tags),
    ("subject_includes_word", |c, f, op, v| {
        words(c, f, op, v, Field::Subject)
    }),
    ("comment_includes_word", |c, f, op, v| {
        words(c, f, op, v, Field::Message)
    }),
    ("update_type", update_type),
    ("comment_is_public", comment_is_public),
    ("ticket_is_public", ticket_is_public),
    ("role", role),
    ("in_business_hours", in_business_hours),
];

/// Zendesk condition fields by name prefix: custom fields, user fields.
type Prefixed = (&'static str, fn(&str) -> Field);

const PREFIXED: &[Prefixed] = &[
    ("custom_fields_", |k| Field::custom(k)),
    ("ticket_fields_", |k| Field::custom(k)),
    ("requester.custom_fields.", |k| Field::attribute(k)),
    ("user.custom_fields.", |k| Field::attribute(k)),
    ("user.custom_fields_", |k| Field::attribute(k)),
];

/// How a field's values read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Status,
    Priority,
    Type,
    /// An id; `""` means none.
    Id,
    /// A user id; `""` means none, and `current_user`, `requester_id`,
    /// `assignee_id` name other fields.
    User,
    Locale,
    /// A `via` channel number.
    Via,
    Number,
    /// Anything: text, a number, true or false (custom fields).
    Free,
}

/// Zendesk's channel numbers (`via_id`) and the frontline channel each is.
/// Several Zendesk via types are one frontline channel (voicemail, inbound
/// and outbound calls are all `phone`); export writes the first.
const VIA: &[(u32, Channel)] = &[
    (0, Channel::WebForm),
    (50, Channel::WebForm),
    (4, Channel::Email),
    (76, Channel::Email),
    (5, Channel::Api),
    (87, Channel::Api),
    (29, Channel::Chat),
    (48, Channel::WebForm),
    (75, Channel::Chat),
    (90, Channel::Chat),
    (34, Channel::Phone),
    (33, Channel::Phone),
    (35, Channel::Phone),
    (44, Channel::Phone),
    (45, Channel::Phone),
    (46, Channel::Phone),
    (57, Channel::Sms),
    (77, Channel::Sms),
    (80, Channel::Sms),
    (74, Channel::Whatsapp),
    (30, Channel::X),
    (23, Channel::X),
    (26, Channel::X),
    (88, Channel::X),
    (38, Channel::Facebook),
    (41, Channel::Facebook),
    (78, Channel::Facebook),
    (86, Channel::Instagram),
    (79, Channel::Telegram),
];

/// The frontline meaning of one value of a field of `kind`: a scalar, another
/// field, or "none" (`Ok(None)`).
fn value_of(
    ctx: &Ctx<'_>,
    name: &str,
    kind: Kind,
    v: &Value,
) -> Result<Option<Operand>, RulesError> {
    let bad = || ctx.bad_value(name, v);
    let t = text(v);
    let scalar = |s: &str| Ok(Some(Operand::One(Scalar::Text(s.to_owned()))));
    if matches!(kind, Kind::Id | Kind::User) && (v.is_null() || t.is_empty()) {
        return Ok(None);
    }
    match kind {
        Kind::Status => match t.to_ascii_lowercase().as_str() {
            "hold" | "on_hold" => scalar("on_hold"),
            s => s
                .parse::<Status>()
                .map_err(|_| bad())
                .and_then(|s| scalar(s.as_str())),
        },
        Kind::Priority => t
            .to_ascii_lowercase()
            .parse::<Priority>()
            .map_err(|_| bad())
            .and_then(|p| scalar(p.as_str())),
        Kind::Type if t.is_empty() => Ok(None),
        Kind::Type => t
            .to_ascii_lowercase()
            .parse::<TicketType>()
            .map_err(|_| bad())
            .and_then(|p| scalar(p.as_str())),
        Kind::User => match t.as_str() {
            "current_user" => Ok(Some(Operand::Field(Field::EventActor))),
            "requester_id" => Ok(Some(Operand::Field(Field::Requester))),
            "assignee_id" => Ok(Some(Operand::Field(Field::Assignee))),
            id => scalar(id),
        },
        Kind::Id => scalar(&t),
        Kind::Locale => {
            if let Ok(n) = t.trim().parse::<u32>() {
                return match ctx.locales.get(&n) {
                    Some(l) => scalar(l.as_str()),
                    None => Err(ctx.bad(format!(
                        "locale_id `{n}` (a Zendesk locale number: pass the account's \
                         locales to map it)"
                    ))),
                };
            }
            crate::customer::Locale::new(&t)
                .map_err(|_| bad())
                .and_then(|l| scalar(l.as_str()))
        }
        Kind::Via => {
            let n: u32 = t.trim().parse().map_err(|_| bad())?;
            let (_, ch) = VIA
                .iter()
                .find(|(id, _)| *id == n)
                .ok_or_else(|| ctx.bad(format!("`{name}` channel number `{n}`")))?;
            scalar(ch.as_str())
        }
        Kind::Number => match v {
            Value::Number(n) => n
                .as_f64()
                .map(|x| Some(Operand::One(Scalar::Number(x))))
                .ok_or_else(bad),
            _ => t
                .trim()
                .parse::<f64>()
                .map(|x| Some(Operand::One(Scalar::Number(x))))
                .map_err(|_| bad()),
        },
        Kind::Free => match v {
            Value::Bool(b) => Ok(Some(Operand::One(Scalar::Bool(*b)))),
            Value::Number(n) => Ok(n.as_f64().map(|x| Operand::One(Scalar::Number(x)))),
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            Value::String(s) => scalar(s),
            _ => Err(bad()),
        },
    }
}

/// A field compared the way most Zendesk fields are: `is`, `is_not`,
/// `less_than`, `greater_than`, the change operators, `present`.
fn plain(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
    field: Field,
    kind: Kind,
) -> Result<Option<Condition>, RulesError> {
    let value = || value_of(ctx, name, kind, v);
    let need = |o: Option<Operand>| o.ok_or_else(|| ctx.bad_value(name, v));
    let leaf = |op: Op, value: Option<Operand>| Condition::Compare {
        field: field.clone(),
        op,
        value,
    };
    let literal = |o: &Option<Operand>| !matches!(o, Some(Operand::Field(_)));
    Ok(Some(match op {
        "is" | "" => match value()? {
            None => leaf(Op::Absent, None),
            v => leaf(Op::Is, v),
        },
        "is_not" => match value()? {
            None => leaf(Op::Present, None),
            v => leaf(Op::IsNot, v),
        },
        "present" => leaf(Op::Present, None),
        "not_present" => leaf(Op::Absent, None),
        "less_than" | "greater_than"
            if matches!(
                kind,
                Kind::Status | Kind::Priority | Kind::Number | Kind::Free
            ) =>
        {
            let cmp = if op == "less_than" { Op::Lt } else { Op::Gt };
            leaf(cmp, Some(need(value()?)?))
        }
        // Zendesk counts a value set at creation as changed (from nothing);
        // frontline's `changed` compares with the ticket as created.
        "changed" => at_creation_too(leaf(Op::Changed, None), leaf(Op::Present, None)),
        "not_changed" => at_creation_too(leaf(Op::Changed, None), leaf(Op::Present, None)).not(),
        "value" | "not_value" | "value_previous" | "not_value_previous" | "changed_to"
        | "changed_from" | "not_changed_to" | "not_changed_from"
            if field.on_ticket() =>
        {
            let target = value()?;
            if !literal(&target) {
                return Err(ctx.bad_op(name, op));
            }
            let to = matches!(op, "value" | "not_value" | "changed_to" | "not_changed_to");
            let c = match (target, to) {
                // Changed to none: changed, and now absent.
                (None, true) => Condition::all([leaf(Op::Changed, None), leaf(Op::Absent, None)]),
                (None, false) => return Err(ctx.bad_op(name, op)),
                (Some(t), true) => {
                    at_creation_too(leaf(Op::ChangedTo, Some(t.clone())), leaf(Op::Is, Some(t)))
                }
                (Some(t), false) => leaf(Op::ChangedFrom, Some(t)),
            };
            if op.starts_with("not_") { c.not() } else { c }
        }
        _ => return Err(ctx.bad_op(name, op)),
    }))
}

/// Zendesk's "changed" (to a value) also holds at creation for a value the
/// ticket was created with: `changed or (event.at_creation and now)`.
fn at_creation_too(changed: Condition, now: Condition) -> Condition {
    Condition::Any(vec![
        changed,
        Condition::All(vec![Field::EventAtCreation.is(true), now]),
    ])
}

/// The field, operator and value of a condition [`at_creation_too`] made:
/// `(field, Changed, None)` or `(field, ChangedTo, Some(value))`.
fn creation_form(c: &Condition) -> Option<(&Field, Op, Option<&Operand>)> {
    let Condition::Any(items) = c else {
        return None;
    };
    let [
        Condition::Compare { field, op, value },
        Condition::All(parts),
    ] = items.as_slice()
    else {
        return None;
    };
    let [
        Condition::Compare {
            field: Field::EventAtCreation,
            op: Op::Is,
            value: Some(Operand::One(Scalar::Bool(true))),
        },
        Condition::Compare {
            field: now_field,
            op: now_op,
            value: now_value,
        },
    ] = parts.as_slice()
    else {
        return None;
    };
    let fits = now_field == field
        && match op {
            Op::Changed => *now_op == Op::Present && value.is_none() && now_value.is_none(),
            Op::ChangedTo => *now_op == Op::Is && value.is_some() && now_value == value,
            _ => false,
        };
    fits.then_some((field, *op, value.as_ref()))
}

/// `satisfaction_score`: good or bad, with or without a comment.
fn satisfaction(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
) -> Result<Option<Condition>, RulesError> {
    let t = text(v);
    let (rating, commented) = match t.as_str() {
        "good" | "bad" => (t.as_str(), None),
        "good_with_comment" => ("good", Some(true)),
        "bad_with_comment" => ("bad", Some(true)),
        _ => {
            return Err(ctx.bad(format!(
                "satisfaction_score `{}` (frontline knows ratings, not survey offers)",
                excerpt(&t)
            )));
        }
    };
    let mut parts = vec![Field::Satisfaction.is(rating)];
    if let Some(c) = commented {
        parts.push(Field::SatisfactionCommented.is(c));
    }
    let c = all_of(parts).unwrap_or_else(Condition::always);
    match op {
        "is" | "" => Ok(Some(c)),
        "is_not" => Ok(Some(c.not())),
        _ => Err(ctx.bad_op(name, op)),
    }
}

/// `current_tags`: includes any of the tags, or none of them.
fn current_tags(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
) -> Result<Option<Condition>, RulesError> {
    let list = tags(Z, ctx.rule, v)?;
    match op {
        "includes" => Ok(Some(Field::Tags.is_in(list))),
        "not_includes" => Ok(Some(Field::Tags.not_in(list))),
        _ => Err(ctx.bad_op(name, op)),
    }
}

/// `subject_includes_word`, `comment_includes_word`: any of the words, none
/// of them, or the exact string.
fn words(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
    field: Field,
) -> Result<Option<Condition>, RulesError> {
    // Zendesk reads a double-quoted group as one phrase: `"refund request" cancel`.
    let phrases: Vec<String> = match v {
        Value::String(t) => {
            let mut out = Vec::new();
            for (i, piece) in t.split('"').enumerate() {
                if i % 2 == 1 {
                    let phrase = piece.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !phrase.is_empty() {
                        out.push(phrase);
                    }
                } else {
                    out.extend(piece.split_whitespace().map(str::to_owned));
                }
                // Refused before a hostile value builds millions of words.
                if out.len() > MAX_LIST_VALUES {
                    return Err(ctx.bad(format!(
                        "`{}` with more than {MAX_LIST_VALUES} words",
                        excerpt(name)
                    )));
                }
            }
            out
        }
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(p) if !p.trim().is_empty() => Ok(p.trim().to_owned()),
                _ => Err(ctx.bad_value(name, v)),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(ctx.bad_value(name, v)),
    };
    let each: Vec<Condition> = phrases
        .iter()
        .map(|w| field.clone().contains_word(w.as_str()))
        .collect();
    if each.is_empty() {
        return Err(ctx.bad(format!("empty `{}`", excerpt(name))));
    }
    Ok(Some(match op {
        "includes" => Condition::Any(each),
        "not_includes" => Condition::Any(each).not(),
        "is" | "is_not" => {
            let Value::String(t) = v else {
                return Err(ctx.bad_value(name, v));
            };
            if op == "is" {
                field.contains(t.as_str())
            } else {
                field.not_contains(t.as_str())
            }
        }
        _ => return Err(ctx.bad_op(name, op)),
    }))
}

/// `update_type`: the update created the ticket (`Create`: in frontline,
/// the `created` event and what came with it at its instant, such as the
/// first message) or changed it later (`Change`).
fn update_type(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
) -> Result<Option<Condition>, RulesError> {
    let created = match text(v).as_str() {
        "Create" => true,
        "Change" => false,
        _ => return Err(ctx.bad_value(name, v)),
    };
    let positive = match op {
        "is" | "" => true,
        "is_not" => false,
        _ => return Err(ctx.bad_op(name, op)),
    };
    Ok(Some(Field::EventAtCreation.is(created == positive)))
}

/// `comment_is_public`: the update has a public (or private) comment;
/// `not_relevant` means it has a comment of either kind.
fn comment_is_public(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
) -> Result<Option<Condition>, RulesError> {
    let c = match text(v).as_str() {
        "true" | "public" | "requester_can_see_comment" => Field::EventPublic.is(true),
        "false" | "private" => Field::EventPublic.is(false),
        "not_relevant" => Field::EventKind.is("message"),
        _ => return Err(ctx.bad_value(name, v)),
    };
    match op {
        "is" | "" => Ok(Some(c)),
        "is_not" => Ok(Some(c.not())),
        _ => Err(ctx.bad_op(name, op)),
    }
}

/// `ticket_is_public`: the ticket has a public comment (`public`) or none.
fn ticket_is_public(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
) -> Result<Option<Condition>, RulesError> {
    let public = match text(v).as_str() {
        "public" | "true" => true,
        "private" | "false" => false,
        _ => return Err(ctx.bad_value(name, v)),
    };
    match op {
        "is" | "" => Ok(Some(Field::Public.is(public))),
        "is_not" => Ok(Some(Field::Public.is(!public))),
        _ => Err(ctx.bad_op(name, op)),
    }
}

/// `role`: who made the update, an end user or an agent.
fn role(ctx: &Ctx<'_>, name: &str, op: &str, v: &Value) -> Result<Option<Condition>, RulesError> {
    let kind = match text(v).as_str() {
        "end_user" => "customer",
        "agent" => "agent",
        other => {
            return Err(ctx.bad(format!(
                "role `{}` (frontline knows customers and agents, not admins)",
                excerpt(other)
            )));
        }
    };
    match op {
        "is" | "" => Ok(Some(Field::EventActorKind.is(kind))),
        "is_not" => Ok(Some(Field::EventActorKind.is_not(kind))),
        _ => Err(ctx.bad_op(name, op)),
    }
}

/// `in_business_hours`: the calendar is open now.
fn in_business_hours(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
) -> Result<Option<Condition>, RulesError> {
    let open = match v {
        Value::Bool(b) => *b,
        other => match text(other).as_str() {
            "true" => true,
            "false" => false,
            _ => return Err(ctx.bad_value(name, v)),
        },
    };
    let open = match op {
        "is" | "" => open,
        "is_not" => !open,
        _ => return Err(ctx.bad_op(name, op)),
    };
    let c = Condition::within_business_hours(ctx.calendar()?);
    Ok(Some(if open { c } else { c.not() }))
}

/// A time field of automations: the instant, the status the ticket must
/// still be in (Zendesk's "hours since pending" holds only while pending),
/// and whether the field itself says business hours.
fn time_field(name: &str) -> Option<(Since, Option<Status>, bool)> {
    let (base, business) = match name.strip_suffix("_BUSINESS_HOURS") {
        Some(b) => (b, true),
        None => match name.strip_suffix("_business_hours") {
            Some(b) => (b, true),
            None => (name, false),
        },
    };
    let (since, status) = match base {
        "NEW" | "hours_since_created" | "created_at" => (Since::Created, None),
        "OPEN" | "hours_since_open" => (Since::Open, Some(Status::Open)),
        "PENDING" | "hours_since_pending" => (Since::Pending, Some(Status::Pending)),
        "HOLD" | "hours_since_hold" => (Since::OnHold, Some(Status::OnHold)),
        "SOLVED" | "hours_since_solved" => (Since::Solved, Some(Status::Solved)),
        "CLOSED" | "hours_since_closed" => (Since::Closed, Some(Status::Closed)),
        "assigned_at" | "hours_since_assigned" => (Since::Assigned, None),
        "updated_at" | "hours_since_update" => (Since::Updated, None),
        "requester_updated_at" | "hours_since_requester_update" => {
            (Since::LastCustomerMessage, None)
        }
        "assignee_updated_at" | "hours_since_assignee_update" => (Since::AssigneeUpdate, None),
        _ => return None,
    };
    Some((since, status, business))
}

/// A time condition: `greater_than N` is more than N hours, `less_than N`
/// fewer, `is N` the hour from N to N + 1 (Zendesk's one-hour window);
/// `*_business_hours` operators (or field names) count the calendar's hours.
fn time_condition(
    ctx: &Ctx<'_>,
    name: &str,
    op: &str,
    v: &Value,
    (since, status, business_field): (Since, Option<Status>, bool),
) -> Result<Vec<Condition>, RulesError> {
    let (base_op, business_op) = match op.strip_suffix("_business_hours") {
        Some(b) => (b, true),
        None => (op, false),
    };
    let hours: f64 = match v {
        Value::Number(n) => n.as_f64(),
        other => text(other).trim().parse().ok(),
    }
    .filter(|h: &f64| {
        h.is_finite()
            && (0.0..=crate::rules::condition::MAX_HOURS - 1.0).contains(h)
            && h.fract() == 0.0
    })
    .ok_or_else(|| {
        ctx.bad(format!(
            "hours `{}` (whole hours expected)",
            excerpt(&text(v))
        ))
    })?;
    let calendar = if business_op || business_field {
        Some(ctx.calendar()?.to_owned())
    } else {
        None
    };
    let leaf = |cmp: Cmp, hours: f64| Condition::HoursSince {
        since,
        cmp,
        hours,
        calendar: calendar.clone(),
    };
    let mut out = Vec::new();
    if let Some(s) = status {
        out.push(Field::Status.is(s));
    }
    match base_op {
        "greater_than" => out.push(leaf(Cmp::Gt, hours)),
        "less_than" => out.push(leaf(Cmp::Lt, hours)),
        "is" => {
            out.push(leaf(Cmp::Gte, hours));
            out.push(leaf(Cmp::Lt, hours + 1.0));
        }
        _ => return Err(ctx.bad_op(name, op)),
    }
    Ok(out)
}

/// One condition of the `all` or `any` list. `field#value` (an older shape)
/// reads as `field` with `value`. A time condition may stand in `all` only,
/// as in Zendesk.
fn condition(ctx: &Ctx<'_>, item: &Value, in_all: bool) -> Result<Vec<Condition>, RulesError> {
    let Value::Object(map) = item else {
        return Err(ctx.bad(format!("condition `{}`", excerpt(&text(item)))));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !["field", "operator", "value"].contains(&k.as_str()))
    {
        return Err(ctx.bad(format!("condition key `{}`", excerpt(key))));
    }
    let raw = map.get("field").map(text).unwrap_or_default();
    let op = map.get("operator").map(text).unwrap_or_default();
    let (name, value) = match (raw.split_once('#'), map.get("value")) {
        (Some((f, v)), None | Some(Value::Null)) => (f.to_owned(), Value::String(v.to_owned())),
        _ => (
            raw.clone(),
            map.get("value").cloned().unwrap_or(Value::Null),
        ),
    };
    if let Some(time) = time_field(&name) {
        if !in_all {
            return Err(ctx.bad(format!(
                "time condition `{}` in `any` (Zendesk allows them in `all` only)",
                excerpt(&name)
            )));
        }
        return time_condition(ctx, &name, &op, &value, time);
    }
    if let Some((_, read)) = FIELDS.iter().find(|(n, _)| *n == name) {
        return Ok(read(ctx, &name, &op, &value)?.into_iter().collect());
    }
    for (prefix, field) in PREFIXED {
        if let Some(key) = name.strip_prefix(prefix).filter(|k| !k.is_empty()) {
            return Ok(plain(ctx, &name, &op, &value, field(key), Kind::Free)?
                .into_iter()
                .collect());
        }
    }
    Err(ctx.bad(format!("condition field `{}`", excerpt(&name))))
}

/// How a Zendesk action reads.
type ActionReader = fn(&Ctx<'_>, &str, &Value) -> Result<Action, RulesError>;

/// Zendesk actions by API name (custom fields by prefix in [`action`]).
const ACTIONS: &[(&str, ActionReader)] = &[
    ("status", |c, f, v| match value_of(c, f, Kind::Status, v)? {
        Some(Operand::One(Scalar::Text(s))) => s
            .parse()
            .map(|status| Action::SetStatus { status })
            .map_err(|_| c.bad_value(f, v)),
        _ => Err(c.bad_value(f, v)),
    }),
    ("priority", |c, f, v| {
        match value_of(c, f, Kind::Priority, v)? {
            Some(Operand::One(Scalar::Text(s))) => s
                .parse()
                .map(|priority| Action::SetPriority { priority })
                .map_err(|_| c.bad_value(f, v)),
            _ => Err(c.bad_value(f, v)),
        }
    }),
    ("type", |c, f, v| match value_of(c, f, Kind::Type, v)? {
        None => Ok(Action::SetType { ticket_type: None }),
        Some(Operand::One(Scalar::Text(s))) => s
            .parse()
            .map(|t| Action::SetType {
                ticket_type: Some(t),
            })
            .map_err(|_| c.bad_value(f, v)),
        _ => Err(c.bad_value(f, v)),
    }),
    ("group_id", |c, f, v| match text(v).as_str() {
        "" => Ok(Action::ClearGroup),
        "group_id" | "current_groups" => Err(c.bad_value(f, v)),
        g => Ok(Action::AssignGroup {
            group: g.to_owned(),
        }),
    }),
    ("assignee_id", |c, f, v| match text(v).as_str() {
        "" => Ok(Action::ClearAssignee),
        "current_user" => Ok(Action::AssignCurrentUser),
        "requester_id" | "assignee_id" => Err(c.bad_value(f, v)),
        a => Ok(Action::AssignAgent {
            agent: a.to_owned(),
        }),
    }),
    ("set_tags", |c, _, v| {
        Ok(Action::SetTags {
            tags: tags(Z, c.rule, v)?,
        })
    }),
    ("current_tags", |c, _, v| {
        Ok(Action::AddTags {
            tags: tags(Z, c.rule, v)?,
        })
    }),
    ("remove_tags", |c, _, v| {
        Ok(Action::RemoveTags {
            tags: tags(Z, c.rule, v)?,
        })
    }),
    ("follower", |c, f, v| {
        user_action(c, f, v, |user| Action::AddFollower { user })
    }),
    ("cc", |c, f, v| {
        user_action(c, f, v, |user| Action::AddCc { user })
    }),
    ("satisfaction_score", |c, f, v| match text(v).as_str() {
        "offered_to_requester" | "offered" => Ok(Action::OfferSatisfaction),
        _ => Err(c.bad_value(f, v)),
    }),
    ("locale_id", |c, f, v| {
        match value_of(c, f, Kind::Locale, v)? {
            Some(Operand::One(Scalar::Text(s))) => crate::customer::Locale::new(&s)
                .map(|locale| Action::SetCustomerLocale { locale })
                .map_err(|_| c.bad_value(f, v)),
            _ => Err(c.bad_value(f, v)),
        }
    }),
    ("ticket_form_id", |_, f, v| Ok(set_field(f, v))),
    ("brand_id", |_, f, v| Ok(set_field(f, v))),
    ("notification_user", notification),
    ("notification_group", notification),
    ("notification_webhook", notification),
    ("notification_target", notification),
];

/// A follower or CC: a user id, or the current user (not expressible: the
/// host's current user is not an id frontline knows).
fn user_action(
    ctx: &Ctx<'_>,
    name: &str,
    v: &Value,
    make: fn(String) -> Action,
) -> Result<Action, RulesError> {
    match text(v).as_str() {
        "" | "current_user" | "requester_id" | "assignee_id" => Err(ctx.bad_value(name, v)),
        user => Ok(make(user.to_owned())),
    }
}

fn set_field(name: &str, v: &Value) -> Action {
    let value = match v {
        Value::String(s) if s.is_empty() => Value::Null,
        other => other.clone(),
    };
    Action::SetField {
        name: name.to_owned(),
        value,
    }
}

/// The four notification actions: `[recipient, subject, body]` for users,
/// `[group, subject, body]` for groups (`group_id`: the ticket's group),
/// `[id, body]` (or a bare id) for webhooks and targets.
fn notification(ctx: &Ctx<'_>, name: &str, v: &Value) -> Result<Action, RulesError> {
    // Strings and numbers; a webhook's body may also be a list of
    // key/value pairs, kept as its JSON text. Never the text "null".
    let part = |(i, item): (usize, &Value)| match item {
        Value::String(t) => Ok(t.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Array(_) if i == 1 && name.starts_with("notification_webhook") => Ok(text(item)),
        _ => Err(ctx.bad_value(name, v)),
    };
    let parts: Vec<String> = match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(part)
            .collect::<Result<_, _>>()?,
        Value::Null => Vec::new(),
        other => vec![part((0, other))?],
    };
    let most = if matches!(name, "notification_webhook" | "notification_target") {
        2
    } else {
        3
    };
    if parts.len() > most {
        return Err(ctx.bad(format!("`{name}` with {} parts", parts.len())));
    }
    let first = parts.first().cloned().unwrap_or_default();
    if first.is_empty() {
        return Err(ctx.bad_value(name, v));
    }
    let (to, subject, message) = match name {
        "notification_user" => {
            let to = match first.as_str() {
                "all_agents" => Recipient::AllAgents,
                "requester_id" => Recipient::Requester,
                "requester_and_ccs" => Recipient::RequesterAndCcs,
                "assignee_id" => Recipient::Assignee,
                "current_user" => Recipient::CurrentUser,
                id => Recipient::User(id.to_owned()),
            };
            (to, parts.get(1).cloned(), parts.get(2).cloned())
        }
        "notification_group" => {
            let to = match first.as_str() {
                "group_id" => Recipient::TicketGroup,
                id => Recipient::Group(id.to_owned()),
            };
            (to, parts.get(1).cloned(), parts.get(2).cloned())
        }
        "notification_webhook" => (Recipient::Webhook(first), None, parts.get(1).cloned()),
        _ => (Recipient::Target(first), None, parts.get(1).cloned()),
    };
    if parts.len() > 3 {
        return Err(ctx.bad(format!("`{name}` with {} parts", parts.len())));
    }
    Ok(Action::Notify {
        to,
        subject,
        message,
    })
}

fn action(ctx: &Ctx<'_>, item: &Value) -> Result<Action, RulesError> {
    let Value::Object(map) = item else {
        return Err(ctx.bad(format!("action `{}`", excerpt(&text(item)))));
    };
    if let Some(key) = map
        .keys()
        .find(|k| !["field", "value"].contains(&k.as_str()))
    {
        return Err(ctx.bad(format!("action key `{}`", excerpt(key))));
    }
    let name = map.get("field").map(text).unwrap_or_default();
    let value = map.get("value").cloned().unwrap_or(Value::Null);
    if let Some((_, read)) = ACTIONS.iter().find(|(n, _)| *n == name) {
        return read(ctx, &name, &value);
    }
    if let Some(key) = name
        .strip_prefix("custom_fields_")
        .filter(|k| !k.is_empty())
    {
        return Ok(set_field(key, &value));
    }
    Err(ctx.bad(format!("action `{}`", excerpt(&name))))
}

/// Keys of a trigger or automation that carry no meaning for evaluation.
const METADATA: &[&str] = &[
    "url",
    "id",
    "title",
    "raw_title",
    "active",
    "position",
    "description",
    "created_at",
    "updated_at",
    "default",
    "category_id",
    "conditions",
    "all",
    "any",
    "actions",
];

/// Imports one Zendesk trigger or automation: `{"title", "conditions":
/// {"all": [...], "any": [...]}, "actions": [...]}`, or with `all` and `any`
/// at the top level as apps and some exports write it. `calendar` names the
/// frontline calendar that Zendesk's business hours mean (see [`ZendeskImport`]).
///
/// A trigger runs on every update (Zendesk's `update_type` becomes an
/// `event.at_creation` condition, wherever it stands). An automation must have a
/// time condition, in `all`, and a condition its actions make false or an
/// `is` time condition (Zendesk's nullifying condition).
///
/// ```
/// use frontline::rules::{import_zendesk, ZendeskImport};
/// let rule = serde_json::json!({"title": "Urgent words", "conditions": {
///     "all": [{"field": "update_type", "operator": "is", "value": "Create"}],
///     "any": [{"field": "comment_includes_word", "operator": "includes", "value": "urgent asap"}]},
///   "actions": [{"field": "priority", "value": "urgent"},
///               {"field": "notification_user", "value": ["all_agents", "Urgent: {{ticket.title}}", "Look now"]}]});
/// let spec = import_zendesk(&rule, &ZendeskImport::triggers())?;
/// assert_eq!(spec.when.unwrap().to_string(),
///     "event.at_creation is true and any(message contains_word urgent or message contains_word asap)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`RulesError::Unsupported`] naming each condition field, operator, value
/// or action without a faithful equivalent, and any part that is not
/// shaped as Zendesk shapes it; the errors of a rule set's checks.
pub fn import_zendesk(rule: &Value, options: &ZendeskImport) -> Result<RuleSpec, RulesError> {
    let (automation, calendar) = (options.automation, options.calendar.as_deref());
    let Value::Object(obj) = rule else {
        return Err(unsupported(
            Z,
            "untitled",
            format!("rule `{}`", excerpt(&text(rule))),
        ));
    };
    let title = obj.get("title").map_or_else(|| "untitled".to_owned(), text);
    let ctx = Ctx {
        rule: &title,
        calendar,
        locales: &options.locales,
    };
    if let Some(key) = obj.keys().filter(|k| !METADATA.contains(&k.as_str())).min() {
        return Err(ctx.bad(format!("rule key `{}`", excerpt(key))));
    }
    let id = obj
        .get("id")
        .filter(|v| !v.is_null())
        .map_or_else(|| slug(&title), |v| format!("zendesk-{}", text(v)));
    let conditions = match (obj.get("conditions"), obj.get("all").or(obj.get("any"))) {
        (Some(_), Some(_)) => return Err(ctx.bad("both `conditions` and top-level `all`/`any`")),
        (Some(c @ Value::Object(_)), None) => c,
        (Some(Value::Null) | None, _) => rule,
        (Some(other), None) => {
            return Err(ctx.bad(format!("conditions `{}`", excerpt(&text(other)))));
        }
    };
    if let Value::Object(c) = conditions
        && !std::ptr::eq(conditions, rule)
        && let Some(key) = c
            .keys()
            .filter(|k| !["all", "any"].contains(&k.as_str()))
            .min()
    {
        return Err(ctx.bad(format!("conditions key `{}`", excerpt(key))));
    }
    let mut parts: Vec<Condition> = Vec::new();
    for item in list(Z, &title, conditions, "all")? {
        for c in condition(&ctx, item, true)? {
            // `status is pending` may come twice: said, and implied by `PENDING`.
            if !parts.contains(&c) {
                parts.push(c);
            }
        }
    }
    let mut any = Vec::new();
    for item in list(Z, &title, conditions, "any")? {
        any.push(all_of(condition(&ctx, item, false)?).unwrap_or_else(Condition::always));
    }
    if !any.is_empty() {
        parts.push(Condition::Any(any));
    }
    let when = all_of(parts);
    let actions = list(Z, &title, rule, "actions")?
        .iter()
        .map(|a| action(&ctx, a))
        .collect::<Result<Vec<_>, _>>()?;
    if automation {
        check_automation(&ctx, when.as_ref(), &actions)?;
    }
    let enabled = match obj.get("active") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(ctx.bad(format!("active `{}`", excerpt(&text(other))))),
    };
    let spec = RuleSpec {
        id,
        kind: if automation {
            RuleKind::Automation
        } else {
            RuleKind::Trigger(vec![On::AnyUpdate])
        },
        when,
        actions,
        once: Once::Always,
        enabled,
        retrigger: false,
    };
    spec.check(calendar.into_iter())?;
    Ok(spec)
}

/// Zendesk's rule for automations: a time condition, and a condition the
/// actions make false (or an `is` time condition, true for one hour only).
fn check_automation(
    ctx: &Ctx<'_>,
    when: Option<&Condition>,
    actions: &[Action],
) -> Result<(), RulesError> {
    let leaves = when.map(top_level).unwrap_or_default();
    let times: Vec<&Condition> = leaves
        .iter()
        .copied()
        .filter(|c| matches!(c, Condition::HoursSince { .. }))
        .collect();
    if times.is_empty() {
        return Err(ctx.bad("automation without a time condition (Zendesk requires one)"));
    }
    // `is N` became `>= N and < N + 1`: a window that closes by itself.
    let window = times
        .iter()
        .any(|c| matches!(c, Condition::HoursSince { cmp: Cmp::Lt, .. }))
        && times
            .iter()
            .any(|c| matches!(c, Condition::HoursSince { cmp: Cmp::Gte, .. }));
    let nullified = leaves
        .iter()
        .any(|leaf| actions.iter().any(|a| falsifies(a, leaf)));
    if window || nullified {
        Ok(())
    } else {
        Err(ctx.bad(
            "automation without a nullifying condition: Zendesk requires a condition its \
             actions make false, or an `is` time condition",
        ))
    }
}

/// Whether carrying out `action` makes `leaf` false.
fn falsifies(action: &Action, leaf: &Condition) -> bool {
    let (inner, negated) = match leaf {
        Condition::Not(inner) => (inner.as_ref(), true),
        other => (other, false),
    };
    let Condition::Compare { field, op, value } = inner else {
        return false;
    };
    let values: Vec<&str> = value
        .as_ref()
        .map(|v| {
            v.values()
                .iter()
                .filter_map(|s| match s {
                    Scalar::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    // What the field holds after the action, when the action sets it.
    let after: Option<Vec<String>> = match (field, action) {
        (Field::Status, Action::SetStatus { status }) => Some(vec![status.as_str().into()]),
        (Field::Priority, Action::SetPriority { priority }) => Some(vec![priority.as_str().into()]),
        (Field::TicketType, Action::SetType { ticket_type }) => {
            Some(ticket_type.iter().map(|t| t.as_str().to_owned()).collect())
        }
        (Field::Assignee, Action::AssignAgent { agent }) => Some(vec![agent.clone()]),
        (Field::Assignee, Action::ClearAssignee) | (Field::Group, Action::ClearGroup) => {
            Some(vec![])
        }
        (Field::Group, Action::AssignGroup { group }) => Some(vec![group.clone()]),
        (Field::Custom(name), Action::SetField { name: n, value }) if name == n => {
            Some(if value.is_null() {
                vec![]
            } else {
                vec![text(value)]
            })
        }
        _ => None,
    };
    let holds_after = match (after, field, action) {
        (Some(after), _, _) => {
            let has = |v: &str| after.iter().any(|a| a.eq_ignore_ascii_case(v));
            match op {
                Op::Is | Op::In => values.iter().any(|v| has(v)),
                Op::IsNot | Op::NotIn => !values.iter().any(|v| has(v)),
                Op::Absent => after.is_empty(),
                Op::Present => !after.is_empty(),
                Op::Lt | Op::Gt | Op::Lte | Op::Gte => match (field, after.first(), values.first())
                {
                    (Field::Status, Some(a), Some(v)) => {
                        match (a.parse::<Status>(), v.parse::<Status>()) {
                            (Ok(a), Ok(v)) => order_holds(*op, a.cmp(&v)),
                            _ => return false,
                        }
                    }
                    (Field::Priority, Some(a), Some(v)) => {
                        match (a.parse::<Priority>(), v.parse::<Priority>()) {
                            (Ok(a), Ok(v)) => order_holds(*op, a.cmp(&v)),
                            _ => return false,
                        }
                    }
                    _ => return false,
                },
                _ => return false,
            }
        }
        (None, Field::Tags, Action::AddTags { tags } | Action::SetTags { tags }) => {
            let added = |v: &str| tags.iter().any(|t| t.as_str() == v);
            match op {
                // Adding one of the listed tags makes "none of them" false.
                Op::NotIn | Op::NotContains => !values.iter().any(|v| added(v)),
                Op::In | Op::Contains if matches!(action, Action::SetTags { .. }) => {
                    values.iter().any(|v| added(v))
                }
                _ => return false,
            }
        }
        (None, Field::Tags, Action::RemoveTags { tags }) => match op {
            Op::Contains | Op::Is => !values.iter().all(|v| tags.iter().any(|t| t.as_str() == *v)),
            Op::In => !values.iter().all(|v| tags.iter().any(|t| t.as_str() == *v)),
            _ => return false,
        },
        _ => return false,
    };
    holds_after == negated
}

fn order_holds(op: Op, o: std::cmp::Ordering) -> bool {
    match op {
        Op::Lt => o.is_lt(),
        Op::Lte => o.is_le(),
        Op::Gt => o.is_gt(),
        _ => o.is_ge(),
    }
}

// ---------------------------------------------------------------------------
// Export

/// Writes a frontline rule as a Zendesk trigger or automation, for the parts
/// that map both ways: the inverse of [`import_zendesk`] on what it imports
/// (`import_zendesk(export_zendesk(r)) == r` for an imported `r`, up to the
/// id, which becomes the title).
///
/// The condition must be an `all` of Zendesk conditions with at most one
/// `any` of them, as Zendesk's two lists are.
///
/// # Errors
/// [`RulesError::Unsupported`] naming the first part Zendesk cannot express.
pub fn export_zendesk(rule: &RuleSpec) -> Result<Value, RulesError> {
    let bad = |what: String| unsupported(Z, &rule.id, what);
    match &rule.kind {
        RuleKind::Automation => {}
        RuleKind::Trigger(on) if on.as_slice() == [On::AnyUpdate] => {}
        other => {
            return Err(bad(format!(
                "rule kind `{}`",
                excerpt(&format!("{other:?}"))
            )));
        }
    }
    let mut all = Vec::new();
    let mut any = Vec::new();
    // A whole `all` may be one Zendesk condition (`bad_with_comment`).
    let single = rule
        .when
        .as_ref()
        .filter(|c| matches!(c, Condition::All(_)))
        .and_then(export_plain);
    if let Some(one) = single {
        all.push(one);
    } else if let Some(when) = &rule.when {
        let mut leaves = top_level(when);
        // The importer puts Zendesk's `any` list last: an `any` that is not
        // one Zendesk condition itself (such as "includes any of the words").
        if let Some(last @ Condition::Any(items)) = leaves.last().copied()
            && export_plain(last).is_none()
        {
            leaves.pop();
            for item in items {
                any.extend(export_leaf(item, &mut Vec::new()).map_err(&bad)?);
            }
        }
        while !leaves.is_empty() {
            let leaf = leaves.remove(0);
            all.extend(export_leaf(leaf, &mut leaves).map_err(&bad)?);
        }
    }
    let actions = rule
        .actions
        .iter()
        .map(|a| export_action(a).map_err(&bad))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Map::new();
    out.insert("title".into(), Value::String(rule.id.clone()));
    out.insert("active".into(), Value::Bool(rule.enabled));
    out.insert("conditions".into(), json!({"all": all, "any": any}));
    out.insert("actions".into(), Value::Array(actions));
    Ok(Value::Object(out))
}

fn zc(field: &str, op: &str, value: impl Into<Value>) -> Value {
    json!({"field": field, "operator": op, "value": value.into()})
}

/// One Zendesk condition (or two, for a window) from a leaf, taking the
/// leaves it pairs with (the status of a time condition, the other end of
/// a window) from `rest`.
fn export_leaf(leaf: &Condition, rest: &mut Vec<&Condition>) -> Result<Vec<Value>, String> {
    let cant = || format!("condition `{}` in Zendesk", excerpt(&leaf.to_string()));
    if let Condition::HoursSince {
        since,
        cmp,
        hours,
        calendar,
    } = leaf
    {
        return export_time(*since, *cmp, *hours, calendar.is_some(), rest).ok_or_else(cant);
    }
    if let Some(status) = status_of_time(leaf, rest) {
        // Exported with its time condition.
        let _ = status;
        return Ok(Vec::new());
    }
    export_plain(leaf).ok_or_else(cant).map(|v| vec![v])
}

/// Whether `leaf` is `status is X` that a time condition in `rest` needs.
fn status_of_time<'a>(leaf: &'a Condition, rest: &[&Condition]) -> Option<&'a str> {
    let (Field::Status, Op::Is, s) = one_text(leaf)? else {
        return None;
    };
    let wanted = time_status(s)?;
    rest.iter()
        .any(|c| matches!(c, Condition::HoursSince { since, .. } if *since == wanted))
        .then_some(s)
}

fn time_status(status: &str) -> Option<Since> {
    Some(match status {
        "open" => Since::Open,
        "pending" => Since::Pending,
        "on_hold" => Since::OnHold,
        "solved" => Since::Solved,
        "closed" => Since::Closed,
        _ => return None,
    })
}

fn export_time(
    since: Since,
    cmp: Cmp,
    hours: f64,
    business: bool,
    rest: &mut Vec<&Condition>,
) -> Option<Vec<Value>> {
    let field = match since {
        Since::Created => "NEW",
        Since::Open => "OPEN",
        Since::Pending => "PENDING",
        Since::OnHold => "HOLD",
        Since::Solved => "SOLVED",
        Since::Closed => "CLOSED",
        Since::Assigned => "assigned_at",
        Since::Updated => "updated_at",
        Since::LastCustomerMessage => "requester_updated_at",
        Since::AssigneeUpdate => "assignee_updated_at",
        _ => return None,
    };
    let suffix = if business { "_business_hours" } else { "" };
    let op = match cmp {
        Cmp::Gt => "greater_than",
        Cmp::Lt => "less_than",
        Cmp::Gte => {
            // The start of an `is` window: its end must follow.
            let end = rest.iter().position(|c| {
                matches!(c, Condition::HoursSince { since: s, cmp: Cmp::Lt, hours: h, calendar }
                    if *s == since && *h == hours + 1.0 && calendar.is_some() == business)
            })?;
            rest.remove(end);
            "is"
        }
        Cmp::Lte => return None,
    };
    Some(vec![zc(
        field,
        &format!("{op}{suffix}"),
        format!("{hours}"),
    )])
}

/// A leaf that is one plain Zendesk condition.
fn export_plain(leaf: &Condition) -> Option<Value> {
    if let Condition::Not(inner) = leaf {
        return export_negated(inner);
    }
    if let Some((field, op, value)) = creation_form(leaf) {
        return export_field(field, op, value);
    }
    if let Condition::Any(items) = leaf {
        // Any of the words.
        let words: Option<Vec<(&Field, &str)>> = items
            .iter()
            .map(|c| match one_text(c)? {
                (f @ (Field::Subject | Field::Message), Op::ContainsWord, w) => Some((f, w)),
                _ => None,
            })
            .collect();
        let words = words?;
        let (field, _) = words.first()?;
        if words.iter().any(|(f, _)| f != field) {
            return None;
        }
        // A phrase goes back in double quotes, as Zendesk reads it.
        let list: Vec<String> = words
            .iter()
            .map(|(_, w)| {
                if w.contains(' ') {
                    format!("\"{w}\"")
                } else {
                    (*w).to_owned()
                }
            })
            .collect();
        return Some(zc(word_field(field)?, "includes", list.join(" ")));
    }
    if let Condition::All(items) = leaf {
        return export_satisfaction(items, false);
    }
    if let Condition::WithinBusinessHours { .. } = leaf {
        return Some(zc("in_business_hours", "is", true));
    }
    let Condition::Compare { field, op, value } = leaf else {
        return None;
    };
    match (field, op, value) {
        (Field::EventAtCreation, Op::Is, Some(Operand::One(Scalar::Bool(b)))) => Some(zc(
            "update_type",
            "is",
            if *b { "Create" } else { "Change" },
        )),
        (Field::EventKind, Op::Is, Some(Operand::One(Scalar::Text(k)))) if k == "message" => {
            Some(zc("comment_is_public", "is", "not_relevant"))
        }
        (Field::EventPublic, Op::Is, Some(Operand::One(Scalar::Bool(b)))) => {
            Some(zc("comment_is_public", "is", *b))
        }
        (Field::Public, Op::Is, Some(Operand::One(Scalar::Bool(b)))) => Some(zc(
            "ticket_is_public",
            "is",
            if *b { "public" } else { "private" },
        )),
        (Field::EventActorKind, Op::Is | Op::IsNot, Some(Operand::One(Scalar::Text(k)))) => {
            let role = match k.as_str() {
                "customer" => "end_user",
                "agent" => "agent",
                _ => return None,
            };
            Some(zc(
                "role",
                if *op == Op::Is { "is" } else { "is_not" },
                role,
            ))
        }
        (Field::Tags, Op::In | Op::NotIn, Some(Operand::List(list))) => {
            let words: Option<Vec<&str>> = list
                .iter()
                .map(|s| match s {
                    Scalar::Text(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            let op = if *op == Op::In {
                "includes"
            } else {
                "not_includes"
            };
            Some(zc("current_tags", op, words?.join(" ")))
        }
        (
            Field::Subject | Field::Message,
            Op::Contains | Op::NotContains,
            Some(Operand::One(Scalar::Text(t))),
        ) => {
            let op = if *op == Op::Contains { "is" } else { "is_not" };
            Some(zc(word_field(field)?, op, t.clone()))
        }
        (Field::Satisfaction, Op::Is, _) => export_satisfaction(std::slice::from_ref(leaf), false),
        // A bare `changed` or `changed to` leaves out the creation, which
        // Zendesk's includes: no Zendesk condition says that.
        (_, Op::Changed | Op::ChangedTo, _) => None,
        _ => export_field(field, *op, value.as_ref()),
    }
}

fn word_field(field: &Field) -> Option<&'static str> {
    match field {
        Field::Subject => Some("subject_includes_word"),
        Field::Message => Some("comment_includes_word"),
        _ => None,
    }
}

/// `satisfaction is X` (and `satisfaction_commented is true`).
fn export_satisfaction(items: &[Condition], negated: bool) -> Option<Value> {
    let rating = items.iter().find_map(|c| match one_text(c)? {
        (Field::Satisfaction, Op::Is, r) => Some(r),
        _ => None,
    })?;
    let commented = items.iter().any(|c| {
        matches!(
            c,
            Condition::Compare {
                field: Field::SatisfactionCommented,
                op: Op::Is,
                value: Some(Operand::One(Scalar::Bool(true)))
            }
        )
    });
    if items.len() != 1 + usize::from(commented) {
        return None;
    }
    let value = if commented {
        format!("{rating}_with_comment")
    } else {
        rating.to_owned()
    };
    Some(zc(
        "satisfaction_score",
        if negated { "is_not" } else { "is" },
        value,
    ))
}

/// `not ...` leaves: the negated operators.
fn export_negated(inner: &Condition) -> Option<Value> {
    if let Some((field, op, value)) = creation_form(inner) {
        return match (op, value) {
            (Op::Changed, None) => Some(zc(&zendesk_name(field)?, "not_changed", Value::Null)),
            (_, Some(v)) => Some(zc(
                &zendesk_name(field)?,
                "not_value",
                export_value(field, v)?,
            )),
            _ => None,
        };
    }
    match inner {
        // A bare `changed` or `changed to` leaves out the creation, which
        // Zendesk's includes: no Zendesk condition says that.
        Condition::Compare {
            field,
            op: Op::ChangedFrom,
            value,
        } => {
            let v = export_value(field, value.as_ref()?)?;
            Some(zc(&zendesk_name(field)?, "not_value_previous", v))
        }
        Condition::Any(items) => match export_plain(&Condition::Any(items.clone()))? {
            Value::Object(mut m) => {
                m.insert("operator".into(), Value::String("not_includes".into()));
                Some(Value::Object(m))
            }
            _ => None,
        },
        Condition::All(items) => export_satisfaction(items, true),
        Condition::WithinBusinessHours { .. } => Some(zc("in_business_hours", "is", false)),
        Condition::Compare {
            field: Field::EventKind | Field::EventPublic | Field::Satisfaction,
            ..
        } => {
            let mut v = export_plain(inner)?;
            let m = v.as_object_mut()?;
            let op = m.get("operator").and_then(Value::as_str)?.to_owned();
            m.insert(
                "operator".into(),
                Value::String(if op == "is" {
                    "is_not".into()
                } else {
                    "is".into()
                }),
            );
            Some(v)
        }
        _ => None,
    }
}

/// Zendesk's name for a field compared with `plain`.
fn zendesk_name(field: &Field) -> Option<String> {
    Some(match field {
        Field::Status => "status".into(),
        Field::Priority => "priority".into(),
        Field::TicketType => "type".into(),
        Field::Group => "group_id".into(),
        Field::Assignee => "assignee_id".into(),
        Field::Requester => "requester_id".into(),
        Field::CustomerOrganization => "organization_id".into(),
        Field::CustomerLocale => "locale_id".into(),
        Field::Channel => "via_id".into(),
        Field::EventChannel => "current_via_id".into(),
        Field::Reopens => "reopens".into(),
        Field::AgentReplies => "replies".into(),
        Field::Custom(name) => match name.as_str() {
            "ticket_form_id" | "brand_id" | "recipient" => name.clone(),
            other => format!("custom_fields_{other}"),
        },
        Field::CustomerAttribute(name) => format!("requester.custom_fields.{name}"),
        _ => return None,
    })
}

/// A value as Zendesk writes it for `field`.
fn export_value(field: &Field, value: &Operand) -> Option<Value> {
    Some(match value {
        Operand::Field(Field::EventActor) => "current_user".into(),
        Operand::Field(Field::Requester) => "requester_id".into(),
        Operand::Field(Field::Assignee) => "assignee_id".into(),
        Operand::Field(_) | Operand::List(_) => return None,
        Operand::One(Scalar::Text(t)) => match field {
            Field::Status if t == "on_hold" => "hold".into(),
            Field::Channel | Field::EventChannel => {
                let ch: Channel = t.parse().ok()?;
                let (n, _) = VIA.iter().find(|(_, c)| *c == ch)?;
                n.to_string().into()
            }
            _ => t.clone().into(),
        },
        Operand::One(Scalar::Number(n)) => serde_json::Number::from_f64(*n).map(Value::Number)?,
        Operand::One(Scalar::Bool(b)) => Value::Bool(*b),
    })
}

fn export_field(field: &Field, op: Op, value: Option<&Operand>) -> Option<Value> {
    let name = zendesk_name(field)?;
    let none = || Value::String(String::new());
    let (op, v) = match (op, value) {
        (Op::Absent, None) => ("is", none()),
        (Op::Present, None) => ("is_not", none()),
        (Op::Is, Some(v)) => ("is", export_value(field, v)?),
        (Op::IsNot, Some(v)) => ("is_not", export_value(field, v)?),
        (Op::Lt, Some(v)) => ("less_than", export_value(field, v)?),
        (Op::Gt, Some(v)) => ("greater_than", export_value(field, v)?),
        (Op::Changed, None) => ("changed", Value::Null),
        (Op::ChangedTo, Some(v)) => ("value", export_value(field, v)?),
        (Op::ChangedFrom, Some(v)) => ("value_previous", export_value(field, v)?),
        _ => return None,
    };
    Some(zc(&name, op, v))
}

fn za(field: &str, value: impl Into<Value>) -> Value {
    json!({"field": field, "value": value.into()})
}

fn export_action(action: &Action) -> Result<Value, String> {
    let tag_list = |tags: &[crate::ticket::Tag]| {
        tags.iter()
            .map(crate::ticket::Tag::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Ok(match action {
        Action::SetStatus { status } => za(
            "status",
            if *status == Status::OnHold {
                "hold"
            } else {
                status.as_str()
            },
        ),
        Action::SetPriority { priority } => za("priority", priority.as_str()),
        Action::SetType { ticket_type } => za("type", ticket_type.map_or("", TicketType::as_str)),
        Action::AssignGroup { group } => za("group_id", group.clone()),
        Action::ClearGroup => za("group_id", ""),
        Action::AssignAgent { agent } => za("assignee_id", agent.clone()),
        Action::ClearAssignee => za("assignee_id", ""),
        Action::AssignCurrentUser => za("assignee_id", "current_user"),
        Action::SetTags { tags } => za("set_tags", tag_list(tags)),
        Action::AddTags { tags } => za("current_tags", tag_list(tags)),
        Action::RemoveTags { tags } => za("remove_tags", tag_list(tags)),
        Action::AddFollower { user } => za("follower", user.clone()),
        Action::AddCc { user } => za("cc", user.clone()),
        Action::OfferSatisfaction => za("satisfaction_score", "offered_to_requester"),
        Action::SetCustomerLocale { locale } => za("locale_id", locale.as_str()),
        Action::SetField { name, value } => {
            let key = match name.as_str() {
                "ticket_form_id" | "brand_id" => name.clone(),
                other => format!("custom_fields_{other}"),
            };
            za(
                &key,
                if value.is_null() {
                    Value::String(String::new())
                } else {
                    value.clone()
                },
            )
        }
        Action::Notify {
            to,
            subject,
            message,
        } => export_notify(to, subject.as_deref(), message.as_deref())
            .ok_or_else(|| format!("action `{}`", excerpt(&format!("{action:?}"))))?,
        other => return Err(format!("action `{}`", excerpt(&format!("{other:?}")))),
    })
}

fn export_notify(to: &Recipient, subject: Option<&str>, body: Option<&str>) -> Option<Value> {
    let user = |who: &str| {
        za(
            "notification_user",
            json!([who, subject.unwrap_or_default(), body.unwrap_or_default()]),
        )
    };
    Some(match to {
        Recipient::AllAgents => user("all_agents"),
        Recipient::Requester => user("requester_id"),
        Recipient::RequesterAndCcs => user("requester_and_ccs"),
        Recipient::Assignee => user("assignee_id"),
        Recipient::CurrentUser => user("current_user"),
        Recipient::User(id) => user(id),
        Recipient::TicketGroup | Recipient::Group(_) => {
            let group = match to {
                Recipient::Group(g) => g.as_str(),
                _ => "group_id",
            };
            za(
                "notification_group",
                json!([group, subject.unwrap_or_default(), body.unwrap_or_default()]),
            )
        }
        Recipient::Webhook(id) if subject.is_none() => match body {
            Some(b) => za("notification_webhook", json!([id, b])),
            None => za("notification_webhook", json!([id])),
        },
        Recipient::Target(id) if subject.is_none() => match body {
            Some(b) => za("notification_target", json!([id, b])),
            None => za("notification_target", json!([id])),
        },
        _ => return None,
    })
}
