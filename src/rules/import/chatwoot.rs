//! Chatwoot automation rules, both ways.
//!
//! The mapping is the table in the [rules chapter](crate::rules#importing-from-chatwoot);
//! [`ATTRIBUTES`] and [`ACTIONS`] are that table in code.

use serde_json::{Map, Value, json};

use super::{all_of, excerpt, list, one_text, slug, tags, text, unsupported};
use crate::rules::condition::{Condition, Field, Op, Operand, Scalar};
use crate::rules::spec::{Action, On, Recipient, RuleKind, RuleSpec};
use crate::rules::{Once, RulesError};
use crate::{Priority, Status};

const C: &str = "chatwoot";

fn bad(rule: &str, what: impl Into<String>) -> RulesError {
    unsupported(C, rule, what)
}

/// How an attribute's values read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// open, resolved, snoozed (pending has no frontline status).
    Status,
    /// low, medium, high, urgent.
    Priority,
    /// incoming, outgoing (and their numbers).
    MessageType,
    /// Labels: tags.
    Label,
    /// Anything else: text, numbers, true/false.
    Free,
}

/// Chatwoot condition attributes by key: the frontline field, how values
/// read, and whether the attribute can be missing (a missing column never
/// matches `not_equal_to` in Chatwoot, so that operator also needs it present).
type Attribute = (&'static str, fn() -> Field, Kind, bool);

const ATTRIBUTES: &[Attribute] = &[
    ("status", || Field::Status, Kind::Status, false),
    ("priority", || Field::Priority, Kind::Priority, true),
    ("team_id", || Field::Group, Kind::Free, true),
    ("assignee_id", || Field::Assignee, Kind::Free, true),
    ("inbox_id", || Field::custom("inbox_id"), Kind::Free, true),
    ("labels", || Field::Tags, Kind::Label, false),
    ("content", || Field::Message, Kind::Free, false),
    (
        "message_type",
        || Field::EventAuthor,
        Kind::MessageType,
        false,
    ),
    ("mail_subject", || Field::Subject, Kind::Free, true),
    ("email", || Field::CustomerEmail, Kind::Free, true),
    ("phone_number", || Field::CustomerPhone, Kind::Free, true),
    (
        "browser_language",
        || Field::custom("browser_language"),
        Kind::Free,
        true,
    ),
    (
        "conversation_language",
        || Field::custom("conversation_language"),
        Kind::Free,
        true,
    ),
    ("referer", || Field::custom("referer"), Kind::Free, true),
    (
        "country_code",
        || Field::attribute("country_code"),
        Kind::Free,
        true,
    ),
    ("city", || Field::attribute("city"), Kind::Free, true),
    ("company", || Field::attribute("company"), Kind::Free, true),
];

/// One value of an attribute, as frontline compares it. `{"id", "name"}`
/// objects (as the dashboard saves them) are their id.
fn scalar(rule: &str, key: &str, kind: Kind, v: &Value) -> Result<Vec<Scalar>, RulesError> {
    let v = match v {
        Value::Object(o) => o.get("id").unwrap_or(v),
        other => other,
    };
    let t = text(v);
    let bad_value = || {
        bad(
            rule,
            format!("value `{}` of `{}`", excerpt(&t), excerpt(key)),
        )
    };
    let s = |x: &str| Ok(vec![Scalar::Text(x.to_owned())]);
    match kind {
        Kind::Status => match t.as_str() {
            // A Chatwoot conversation is created open; frontline's `new` is an
            // open ticket nobody has touched yet.
            "open" => Ok(vec![
                Scalar::Text("new".into()),
                Scalar::Text("open".into()),
            ]),
            "resolved" => s("solved"),
            "snoozed" => s("on_hold"),
            "pending" => Err(bad(
                rule,
                "status `pending` (a conversation waiting for a bot hand-off has no frontline status)",
            )),
            _ => Err(bad_value()),
        },
        Kind::Priority => match t.to_ascii_lowercase().as_str() {
            "medium" => s("normal"),
            p => p
                .parse::<Priority>()
                .map_err(|_| bad_value())
                .and_then(|p| s(p.as_str())),
        },
        Kind::MessageType => match t.as_str() {
            "incoming" | "0" => s("customer"),
            "outgoing" | "1" => s("agent"),
            _ => Err(bad_value()),
        },
        Kind::Label => crate::ticket::Tag::new(&t)
            .map_err(|_| bad_value())
            .and_then(|tag| s(tag.as_str())),
        Kind::Free => Ok(vec![match v {
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => Scalar::Number(n.as_f64().ok_or_else(bad_value)?),
            Value::String(x) => Scalar::Text(x.clone()),
            _ => return Err(bad_value()),
        }]),
    }
}

/// The field, kind and nullability of an attribute key, custom attributes
/// included: `custom_attributes.x` and `conversation_attribute` keys are the
/// conversation's (a ticket field), `contact_attribute` keys the contact's
/// (a customer attribute). A custom key without a type is the contact's, as
/// Chatwoot evaluates it.
fn attribute(
    rule: &str,
    key: &str,
    custom_type: Option<&str>,
) -> Result<(Field, Kind, bool, bool), RulesError> {
    if let Some((_, field, kind, nullable)) = ATTRIBUTES.iter().find(|(k, ..)| *k == key)
        && custom_type.is_none_or(str::is_empty)
    {
        return Ok((field(), *kind, *nullable, false));
    }
    let (name, conversation) = match (key.strip_prefix("custom_attributes."), custom_type) {
        (Some(name), _) => (name, true),
        (None, Some("conversation_attribute")) => (key, true),
        (None, Some("contact_attribute") | None | Some("")) => (key, false),
        (None, Some(other)) => {
            return Err(bad(
                rule,
                format!("custom_attribute_type `{}`", excerpt(other)),
            ));
        }
    };
    if name.is_empty() || name.len() > 200 {
        return Err(bad(rule, format!("attribute `{}`", excerpt(key))));
    }
    let field = if conversation {
        Field::custom(name)
    } else {
        Field::attribute(name)
    };
    Ok((field, Kind::Free, true, true))
}

/// One condition of the list, without its `query_operator`.
fn condition(rule: &str, c: &Value) -> Result<Option<Condition>, RulesError> {
    let Value::Object(map) = c else {
        return Err(bad(rule, format!("condition `{}`", excerpt(&text(c)))));
    };
    const KEYS: [&str; 5] = [
        "attribute_key",
        "filter_operator",
        "values",
        "query_operator",
        "custom_attribute_type",
    ];
    if let Some(k) = map.keys().filter(|k| !KEYS.contains(&k.as_str())).min() {
        return Err(bad(rule, format!("condition key `{}`", excerpt(k))));
    }
    let key = map.get("attribute_key").map(text).unwrap_or_default();
    let op = map.get("filter_operator").map(text).unwrap_or_default();
    let custom_type = map.get("custom_attribute_type").and_then(Value::as_str);
    let (field, kind, nullable, custom) = attribute(rule, &key, custom_type)?;
    let raw: Vec<Value> = match map.get("values") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Object(o)) if op == "attribute_changed" => vec![Value::Object(o.clone())],
        Some(other) => {
            return Err(bad(
                rule,
                format!("values `{}` that are not a list", excerpt(&text(other))),
            ));
        }
    };
    if raw.len() > crate::rules::MAX_LIST_VALUES {
        return Err(RulesError::TooLarge {
            what: format!(
                "chatwoot import, rule `{}`: values of `{}`",
                excerpt(rule),
                excerpt(&key)
            ),
            limit: crate::rules::MAX_LIST_VALUES,
        });
    }
    if key == "status" && raw.iter().any(|v| text(v) == "all") {
        // "Any status".
        return match op.as_str() {
            // Always true: kept, so that an `or` around it stays true.
            "equal_to" => Ok(Some(Condition::always())),
            _ => Err(bad(
                rule,
                format!("operator `{}` with status `all`", excerpt(&op)),
            )),
        };
    }
    let values = || -> Result<Vec<Scalar>, RulesError> {
        let mut out = Vec::new();
        for v in &raw {
            out.extend(scalar(rule, &key, kind, v)?);
        }
        if out.is_empty() {
            return Err(bad(rule, format!("`{}` without values", excerpt(&key))));
        }
        Ok(out)
    };
    let present = || field.clone().present();
    let guarded = |c: Condition| {
        // A missing value never matches a negative operator in Chatwoot's SQL
        // (custom attributes excepted, which match missing values).
        if nullable && !custom {
            Condition::all([present(), c])
        } else {
            c
        }
    };
    let each = |op: fn(Field, Scalar) -> Condition| -> Result<Vec<Condition>, RulesError> {
        Ok(values()?
            .into_iter()
            .map(|v| op(field.clone(), v))
            .collect())
    };
    if kind == Kind::Priority {
        // A Chatwoot conversation starts with no priority, a frontline
        // ticket with `normal`: `medium` and the negative operators would
        // match every untouched ticket, which Chatwoot's never do.
        let negative = matches!(op.as_str(), "not_equal_to" | "is_not_present");
        let medium = raw.iter().any(|v| text(v) == "medium");
        if negative || medium {
            return Err(bad(
                rule,
                format!(
                    "priority `{}` {} (a Chatwoot conversation starts with no priority, a frontline ticket with `normal`)",
                    excerpt(&op),
                    if medium { "`medium`" } else { "" }
                ),
            ));
        }
    }
    Ok(Some(match op.as_str() {
        "equal_to" => {
            let mut v = values()?;
            if v.len() == 1 && kind != Kind::Label {
                field.clone().is(v.remove(0))
            } else {
                field.clone().is_in(v)
            }
        }
        "not_equal_to" => guarded(field.clone().not_in(values()?)),
        "contains" if kind == Kind::Label => field.clone().is_in(values()?),
        "does_not_contain" if kind == Kind::Label => field.clone().not_in(values()?),
        "contains" => Condition::any(each(Field::contains)?),
        "does_not_contain" => guarded(Condition::any(each(Field::contains)?).not()),
        "starts_with" => {
            let first = values()?
                .into_iter()
                .next()
                .ok_or_else(|| bad(rule, "starts_with without a value"))?;
            field.clone().starts_with(first)
        }
        "is_present" => present(),
        "is_not_present" => field.clone().absent(),
        "is_greater_than" | "is_less_than" => {
            let first = values()?.into_iter().next();
            let Some(Scalar::Number(n)) = first else {
                return Err(bad(
                    rule,
                    format!(
                        "`{}` on `{}` with a value that is not a number",
                        op,
                        excerpt(&key)
                    ),
                ));
            };
            if op == "is_greater_than" {
                field.clone().gt(n)
            } else {
                field.clone().lt(n)
            }
        }
        "attribute_changed" => attribute_changed(rule, &key, kind, &field, &raw)?,
        other => return Err(bad(rule, format!("operator `{}`", excerpt(other)))),
    }))
}

/// `attribute_changed` with `{"from": [...], "to": [...]}`.
fn attribute_changed(
    rule: &str,
    key: &str,
    kind: Kind,
    field: &Field,
    raw: &[Value],
) -> Result<Condition, RulesError> {
    let Some(Value::Object(o)) = raw.first() else {
        return Err(bad(rule, "attribute_changed without `from` and `to`"));
    };
    let mut parts = vec![field.clone().changed()];
    for (side, op) in [("from", Op::ChangedFrom), ("to", Op::ChangedTo)] {
        let items = match o.get(side) {
            // Chatwoot's check needs both sides: without one it never fires.
            None | Some(Value::Null) => {
                return Err(bad(
                    rule,
                    format!("attribute_changed without `{side}` (Chatwoot never fires it)"),
                ));
            }
            Some(Value::Array(a)) => a.clone(),
            Some(v) => vec![v.clone()],
        };
        let mut each = Vec::new();
        for v in &items {
            for s in scalar(rule, key, kind, v)? {
                each.push(Condition::Compare {
                    field: field.clone(),
                    op,
                    value: Some(Operand::One(s)),
                });
            }
        }
        parts.push(if each.len() == 1 {
            each.remove(0)
        } else {
            Condition::Any(each)
        });
    }
    Ok(Condition::All(parts))
}

/// How a Chatwoot action reads its parameters.
type ActionReader = fn(&str, &[Value]) -> Result<Vec<Action>, RulesError>;

/// Chatwoot actions by name.
const ACTIONS: &[(&str, ActionReader)] = &[
    ("send_message", |r, p| {
        Ok(vec![Action::Reply {
            body: first(r, "send_message", p)?,
        }])
    }),
    ("add_private_note", |r, p| {
        Ok(vec![Action::AddInternalNote {
            body: first(r, "add_private_note", p)?,
        }])
    }),
    ("send_email_to_team", send_email_to_team),
    ("send_email_transcript", |r, p| {
        let to: Vec<String> = p
            .iter()
            .map(|v| param(r, "send_email_transcript", v))
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .flat_map(|t| {
                t.split(',')
                    .map(|a| a.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|a| !a.is_empty())
            .collect();
        if to.is_empty() {
            return Err(bad(r, "send_email_transcript without an address"));
        }
        Ok(vec![Action::SendTranscript { to }])
    }),
    ("send_webhook_event", |r, p| {
        Ok(vec![Action::Notify {
            to: Recipient::Webhook(first(r, "send_webhook_event", p)?),
            subject: None,
            message: None,
        }])
    }),
    ("send_attachment", |r, p| {
        let attachments: Vec<String> = p
            .iter()
            .map(|v| param(r, "send_attachment", v))
            .collect::<Result<_, _>>()?;
        if attachments.is_empty() {
            return Err(bad(r, "send_attachment without an attachment"));
        }
        Ok(vec![Action::SendAttachment { attachments }])
    }),
    ("assign_agent", |r, p| {
        match first(r, "assign_agent", p)?.as_str() {
            "nil" => Ok(vec![Action::ClearAssignee]),
            "last_responding_agent" => Err(bad(r, "assign_agent `last_responding_agent`")),
            a => Ok(vec![Action::AssignAgent {
                agent: a.to_owned(),
            }]),
        }
    }),
    ("assign_team", |r, p| {
        let team = match p.first() {
            None => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(v) => Some(param(r, "assign_team", v)?),
        };
        match team.as_deref() {
            None | Some("nil" | "0") => Ok(vec![Action::ClearGroup]),
            Some(t) => Ok(vec![Action::AssignGroup {
                group: t.to_owned(),
            }]),
        }
    }),
    ("remove_assigned_team", |_, _| Ok(vec![Action::ClearGroup])),
    ("add_label", |r, p| {
        Ok(vec![Action::AddTags {
            tags: tags(C, r, &Value::Array(p.to_vec()))?,
        }])
    }),
    ("remove_label", |r, p| {
        Ok(vec![Action::RemoveTags {
            tags: tags(C, r, &Value::Array(p.to_vec()))?,
        }])
    }),
    ("change_priority", |r, p| {
        let v = first(r, "change_priority", p)?;
        match scalar(r, "priority", Kind::Priority, &Value::String(v))?.first() {
            Some(Scalar::Text(t)) => Ok(vec![Action::SetPriority {
                priority: t.parse().map_err(|_| bad(r, "change_priority"))?,
            }]),
            _ => Err(bad(r, "change_priority")),
        }
    }),
    ("change_status", |r, p| {
        let v = first(r, "change_status", p)?;
        let status = match v.as_str() {
            "open" => Status::Open,
            "resolved" => Status::Solved,
            "snoozed" => Status::OnHold,
            other => return Err(bad(r, format!("change_status `{}`", excerpt(other)))),
        };
        Ok(vec![Action::SetStatus { status }])
    }),
    ("resolve_conversation", |_, _| {
        Ok(vec![Action::SetStatus {
            status: Status::Solved,
        }])
    }),
    ("open_conversation", |_, _| {
        Ok(vec![Action::SetStatus {
            status: Status::Open,
        }])
    }),
    ("snooze_conversation", |_, _| {
        Ok(vec![Action::SetStatus {
            status: Status::OnHold,
        }])
    }),
    ("mute_conversation", |_, _| Ok(vec![Action::Mute])),
];

/// The first parameter, as text.
fn first(rule: &str, action: &str, params: &[Value]) -> Result<String, RulesError> {
    match params.first() {
        None => Err(bad(rule, format!("`{action}` without a parameter"))),
        Some(v) => param(rule, action, v),
    }
}

/// One action parameter as text: a string, a number, or the `id` of an
/// `{"id", "name"}` object as Chatwoot's dashboard saves it. Null, an empty
/// string, a list or another object is an error, never the text "null".
fn param(rule: &str, action: &str, v: &Value) -> Result<String, RulesError> {
    match v {
        Value::String(s) if !s.is_empty() => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Object(o) if o.contains_key("id") => match o.get("id") {
            Some(id) if !id.is_object() => param(rule, action, id),
            _ => Err(bad(
                rule,
                format!("`{action}` parameter `{}`", excerpt(&text(v))),
            )),
        },
        _ => Err(bad(
            rule,
            format!("`{action}` parameter `{}`", excerpt(&text(v))),
        )),
    }
}

/// `send_email_to_team`: `[{"team_ids": [...], "message": ...}]` (or the
/// object alone): one notification per team.
fn send_email_to_team(rule: &str, params: &[Value]) -> Result<Vec<Action>, RulesError> {
    let Some(Value::Object(o)) = params.first() else {
        return Err(bad(
            rule,
            "send_email_to_team without `team_ids` and `message`",
        ));
    };
    if let Some(k) = o
        .keys()
        .find(|k| !["team_ids", "message"].contains(&k.as_str()))
    {
        return Err(bad(
            rule,
            format!("send_email_to_team key `{}`", excerpt(k)),
        ));
    }
    let message = match o.get("message") {
        None => None,
        Some(m) => Some(param(rule, "send_email_to_team", m)?),
    };
    let teams: Vec<String> = match o.get("team_ids") {
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|v| param(rule, "send_email_to_team", v))
            .collect::<Result<_, _>>()?,
        _ => Vec::new(),
    };
    if teams.is_empty() || message.is_none() || params.len() > 1 {
        return Err(bad(rule, "send_email_to_team without teams or a message"));
    }
    Ok(teams
        .into_iter()
        .map(|team| Action::Notify {
            to: Recipient::Group(team),
            subject: None,
            message: message.clone(),
        })
        .collect())
}

/// The trigger events and extra conditions of a Chatwoot event.
fn event(rule: &str, name: &str) -> Result<(Vec<On>, Option<Condition>), RulesError> {
    Ok(match name {
        // The update that creates the conversation: its events all share
        // the creation's instant (the first message comes with it).
        "conversation_created" => (vec![On::AnyUpdate], Some(Field::EventAtCreation.is(true))),
        // Chatwoot fires it when a conversation's own columns change, not
        // on messages.
        "conversation_updated" => (vec![On::Update], Some(updated())),
        // Every message but activity (system) messages, private notes included.
        "message_created" => (
            vec![On::Update],
            Some(Condition::all([
                Field::EventKind.is("message"),
                Field::EventAuthor.is_not("system"),
            ])),
        ),
        // Chatwoot's `open` is frontline's new or open: new → open is no
        // change there.
        "conversation_opened" => (vec![On::StatusChanged], Some(opened())),
        "conversation_resolved" => (
            vec![On::StatusChanged],
            Some(Field::Status.changed_to(Status::Solved)),
        ),
        "conversation_status_changed" => (vec![On::StatusChanged], Some(not_new_to_open())),
        other => return Err(bad(rule, format!("event `{}`", excerpt(other)))),
    })
}

/// Event kinds that change a conversation's own columns (status, priority,
/// assignee, team, labels, custom attributes).
const UPDATE_KINDS: [&str; 7] = [
    "status_changed",
    "priority_changed",
    "assigned",
    "group_changed",
    "tags_added",
    "tags_removed",
    "field_changed",
];

fn updated() -> Condition {
    Field::EventKind.is_in(UPDATE_KINDS.map(Scalar::from))
}

/// `status changed_to open`, but not from `new` (both Chatwoot `open`).
fn opened() -> Condition {
    Condition::all([Field::Status.changed_to(Status::Open), not_new_to_open()])
}

fn not_new_to_open() -> Condition {
    Condition::all([
        Field::Status.changed_from(Status::New),
        Field::Status.is(Status::Open),
    ])
    .not()
}

/// Keys of a rule that carry no meaning for evaluation.
const METADATA: &[&str] = &[
    "id",
    "account_id",
    "name",
    "description",
    "event_name",
    "conditions",
    "actions",
    "created_on",
    "created_at",
    "updated_at",
    "active",
    "files",
];

/// Imports one Chatwoot automation rule (`{"name", "event_name",
/// "conditions": [{"attribute_key", "filter_operator", "values",
/// "query_operator", "custom_attribute_type"}], "actions": [{"action_name",
/// "action_params"}]}`). Conditions combine as Chatwoot's SQL does: `and`
/// binds tighter than `or`. Values given as `{"id", "name"}` objects are
/// their id; `action_params` may be a list or an object.
///
/// ```
/// use frontline::rules::import_chatwoot;
/// let rule = serde_json::json!({"name": "Open chats to support", "event_name": "conversation_created",
///   "conditions": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"]}],
///   "actions": [{"action_name": "assign_team", "action_params": [1]}]});
/// let spec = import_chatwoot(&rule)?;
/// // The creation's update; a Chatwoot conversation is created open, a
/// // frontline ticket starts `new`.
/// assert_eq!(spec.when.unwrap().to_string(), "event.at_creation is true and status in [new, open]");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`RulesError::Unsupported`] naming each event, attribute, operator,
/// value or action without a faithful equivalent; the errors of a rule
/// set's checks.
pub fn import_chatwoot(rule: &Value) -> Result<RuleSpec, RulesError> {
    let Value::Object(obj) = rule else {
        return Err(bad("untitled", format!("rule `{}`", excerpt(&text(rule)))));
    };
    let name = obj.get("name").map_or_else(|| "untitled".to_owned(), text);
    let t = name.as_str();
    if let Some(k) = obj.keys().filter(|k| !METADATA.contains(&k.as_str())).min() {
        return Err(bad(t, format!("rule key `{}`", excerpt(k))));
    }
    let id = obj
        .get("id")
        .filter(|v| !v.is_null())
        .map_or_else(|| slug(t), |v| format!("chatwoot-{}", text(v)));
    let event_name = obj.get("event_name").map(text).unwrap_or_default();
    let (on, extra) = event(t, &event_name)?;
    let mut groups: Vec<Vec<Condition>> = vec![Vec::new()];
    for c in list(C, t, rule, "conditions")? {
        if let (Some(leaf), Some(g)) = (condition(t, c)?, groups.last_mut()) {
            g.push(leaf);
        }
        let join = c.get("query_operator").map(text).unwrap_or_default();
        match join.to_ascii_lowercase().as_str() {
            "or" => groups.push(Vec::new()),
            "and" | "" | "null" => {}
            other => return Err(bad(t, format!("query_operator `{}`", excerpt(other)))),
        }
    }
    let ors: Vec<Condition> = groups.into_iter().filter_map(all_of).collect();
    let conditions = match ors.len() {
        0 => None,
        1 => ors.into_iter().next(),
        _ => Some(Condition::Any(ors)),
    };
    let when = all_of(extra.into_iter().chain(conditions).collect());
    let mut actions = Vec::new();
    for a in list(C, t, rule, "actions")? {
        actions.extend(action(t, a)?);
    }
    let enabled = match obj.get("active") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(bad(t, format!("active `{}`", excerpt(&text(other))))),
    };
    let spec = RuleSpec {
        id,
        kind: RuleKind::Trigger(on),
        when,
        actions,
        once: Once::Always,
        enabled,
        retrigger: false,
    };
    spec.check(std::iter::empty())?;
    Ok(spec)
}

fn action(rule: &str, a: &Value) -> Result<Vec<Action>, RulesError> {
    let Value::Object(map) = a else {
        return Err(bad(rule, format!("action `{}`", excerpt(&text(a)))));
    };
    if let Some(k) = map
        .keys()
        .find(|k| !["action_name", "action_params"].contains(&k.as_str()))
    {
        return Err(bad(rule, format!("action key `{}`", excerpt(k))));
    }
    let name = map.get("action_name").map(text).unwrap_or_default();
    let params: Vec<Value> = match map.get("action_params") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(o @ Value::Object(_)) => vec![o.clone()],
        Some(other) => {
            return Err(bad(
                rule,
                format!(
                    "action_params `{}` that are not a list",
                    excerpt(&text(other))
                ),
            ));
        }
    };
    let (_, read) = ACTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| bad(rule, format!("action `{}`", excerpt(&name))))?;
    read(rule, &params)
}

// ---------------------------------------------------------------------------
// Export

/// Writes a frontline rule as a Chatwoot automation rule, for the parts that
/// map both ways: the inverse of [`import_chatwoot`] on what it imports.
///
/// # Errors
/// [`RulesError::Unsupported`] naming the first part Chatwoot cannot express.
pub fn export_chatwoot(rule: &RuleSpec) -> Result<Value, RulesError> {
    let fail = |what: String| bad(&rule.id, what);
    let RuleKind::Trigger(on) = &rule.kind else {
        return Err(fail("a rule that is not a trigger".into()));
    };
    let mut leaves: Vec<&Condition> = match &rule.when {
        None => Vec::new(),
        Some(Condition::All(items)) => items.iter().collect(),
        Some(c) => vec![c],
    };
    let before = leaves.len();
    let event = export_event(on, &mut leaves).ok_or_else(|| fail("its trigger events".into()))?;
    // The conditions proper: what the event left, or the whole condition.
    let node: Option<&Condition> = if leaves.len() < before {
        match leaves.as_slice() {
            [] => None,
            [only] => Some(*only),
            _ => return Err(fail("its condition's shape".into())),
        }
    } else {
        rule.when.as_ref()
    };
    fn group(c: &Condition) -> Vec<&Condition> {
        match c {
            Condition::All(items) if export_condition(c).is_none() => items.iter().collect(),
            other => vec![other],
        }
    }
    // One `and` group, or an `or` of `and` groups; an `all` or `any` that is
    // one Chatwoot condition itself (a guarded negative, a list of words)
    // stays whole.
    let groups: Vec<Vec<&Condition>> = match node {
        None => Vec::new(),
        Some(c) if export_condition(c).is_some() => vec![vec![c]],
        Some(Condition::Any(ors)) => ors.iter().map(group).collect(),
        Some(c) => vec![group(c)],
    };
    let mut conditions = Vec::new();
    for (gi, group) in groups.iter().enumerate() {
        for (li, leaf) in group.iter().enumerate() {
            let mut c = export_condition(leaf)
                .ok_or_else(|| fail(format!("condition `{}`", excerpt(&leaf.to_string()))))?;
            let last_in_group = li + 1 == group.len();
            let last = last_in_group && gi + 1 == groups.len();
            let join = if last {
                Value::Null
            } else if last_in_group {
                "or".into()
            } else {
                "and".into()
            };
            if let Some(m) = c.as_object_mut() {
                m.insert("query_operator".into(), join);
            }
            conditions.push(c);
        }
    }
    let mut actions = Vec::new();
    for a in &rule.actions {
        actions.push(
            export_action(a)
                .ok_or_else(|| fail(format!("action `{}`", excerpt(&format!("{a:?}")))))?,
        );
    }
    let mut out = Map::new();
    out.insert("name".into(), Value::String(rule.id.clone()));
    out.insert("event_name".into(), Value::String(event.into()));
    out.insert("active".into(), Value::Bool(rule.enabled));
    out.insert("conditions".into(), Value::Array(conditions));
    out.insert("actions".into(), Value::Array(actions));
    Ok(Value::Object(out))
}

/// The Chatwoot event for trigger events `on`, taking the conditions the
/// importer adds for it from `leaves`.
fn export_event(on: &[On], leaves: &mut Vec<&Condition>) -> Option<&'static str> {
    let take = |leaves: &mut Vec<&Condition>, want: &Condition| {
        let i = leaves.iter().position(|c| *c == want)?;
        leaves.remove(i);
        Some(())
    };
    match on {
        [On::Created] => Some("conversation_created"),
        [On::AnyUpdate] => {
            take(leaves, &Field::EventAtCreation.is(true))?;
            Some("conversation_created")
        }
        [On::Update] => {
            let message = Condition::all([
                Field::EventKind.is("message"),
                Field::EventAuthor.is_not("system"),
            ]);
            if let Some(i) = leaves.iter().position(|c| **c == message) {
                leaves.remove(i);
                return Some("message_created");
            }
            // The two leaves may also stand flattened in the rule's `all`.
            let (kind, author) = (
                Field::EventKind.is("message"),
                Field::EventAuthor.is_not("system"),
            );
            if leaves.contains(&&kind) && leaves.contains(&&author) {
                take(leaves, &kind)?;
                take(leaves, &author)?;
                return Some("message_created");
            }
            take(leaves, &updated())?;
            Some("conversation_updated")
        }
        [On::StatusChanged] => {
            // The importer's two leaves, whole or flattened into the `all`.
            let (to_open, not_from_new) =
                (Field::Status.changed_to(Status::Open), not_new_to_open());
            if take(leaves, &opened()).is_some() {
                Some("conversation_opened")
            } else if leaves.contains(&&to_open) && leaves.contains(&&not_from_new) {
                take(leaves, &to_open)?;
                take(leaves, &not_from_new)?;
                Some("conversation_opened")
            } else if take(leaves, &Field::Status.changed_to(Status::Solved)).is_some() {
                Some("conversation_resolved")
            } else {
                take(leaves, &not_new_to_open())?;
                Some("conversation_status_changed")
            }
        }
        _ => None,
    }
}

fn cw(key: &str, op: &str, values: Vec<Value>) -> Value {
    json!({"attribute_key": key, "filter_operator": op, "values": values})
}

/// The Chatwoot key (and custom attribute type) of a field.
fn key_of(field: &Field) -> Option<(String, Option<&'static str>, Kind)> {
    if let Some((k, _, kind, _)) = ATTRIBUTES.iter().find(|(_, f, ..)| f() == *field) {
        return Some(((*k).to_owned(), None, *kind));
    }
    match field {
        Field::Custom(name) => Some((name.clone(), Some("conversation_attribute"), Kind::Free)),
        Field::CustomerAttribute(name) => {
            Some((name.clone(), Some("contact_attribute"), Kind::Free))
        }
        _ => None,
    }
}

/// A value as Chatwoot writes it.
fn export_scalar(kind: Kind, s: &Scalar) -> Option<Value> {
    Some(match (kind, s) {
        (Kind::Status, Scalar::Text(t)) => match t.as_str() {
            "solved" => "resolved".into(),
            "on_hold" => "snoozed".into(),
            "open" | "new" => "open".into(),
            _ => return None,
        },
        (Kind::Priority, Scalar::Text(t)) if t == "normal" => "medium".into(),
        (Kind::MessageType, Scalar::Text(t)) => match t.as_str() {
            "customer" => "incoming".into(),
            "agent" => "outgoing".into(),
            _ => return None,
        },
        (_, Scalar::Text(t)) => t.clone().into(),
        (_, Scalar::Number(n)) => serde_json::Number::from_f64(*n).map(Value::Number)?,
        (_, Scalar::Bool(b)) => Value::Bool(*b),
    })
}

fn export_values(kind: Kind, values: &[Scalar]) -> Option<Vec<Value>> {
    let mut out: Vec<Value> = Vec::new();
    for v in values {
        let e = export_scalar(kind, v)?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    // `status in [new, open]` is Chatwoot's `open`, nothing less.
    if kind == Kind::Status {
        let texts: Vec<&str> = values
            .iter()
            .filter_map(|s| match s {
                Scalar::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        if texts.contains(&"new") != texts.contains(&"open") {
            return None;
        }
    }
    Some(out)
}

fn with_type(mut c: Value, custom: Option<&'static str>) -> Value {
    if let (Some(t), Some(m)) = (custom, c.as_object_mut()) {
        m.insert("custom_attribute_type".into(), Value::String(t.into()));
    }
    c
}

/// One Chatwoot condition from one imported condition.
fn export_condition(c: &Condition) -> Option<Value> {
    match c {
        Condition::All(items) if items.len() == 2 => {
            // A guarded negative: present, and the negative operator.
            if let [
                Condition::Compare {
                    field,
                    op: Op::Present,
                    value: None,
                },
                inner,
            ] = items.as_slice()
            {
                let v = export_negative(inner)?;
                let (key, _, _) = key_of(field)?;
                return (v.get("attribute_key")?.as_str()? == key).then_some(v);
            }
            export_changed(items)
        }
        Condition::All(items) => export_changed(items),
        Condition::Any(items) => {
            let (field, words) = contains_list(items)?;
            let (key, custom, _) = key_of(field)?;
            Some(with_type(cw(&key, "contains", words), custom))
        }
        Condition::Not(_) | Condition::Compare { op: Op::NotIn, .. } => {
            // Unguarded, a negative matches missing values: only custom
            // attributes (and attributes that are never missing) do so in Chatwoot.
            let v = export_negative(c)?;
            let nullable = ATTRIBUTES.iter().any(|(k, _, _, n)| {
                *n && v.get("attribute_key").and_then(Value::as_str) == Some(k)
            }) && v.get("custom_attribute_type").is_none();
            (!nullable).then_some(v)
        }
        Condition::Compare { field, op, value } => {
            let (key, custom, kind) = key_of(field)?;
            let values = |v: &Option<Operand>| export_values(kind, value_list(v)?);
            let c = match op {
                Op::Is | Op::In => cw(
                    &key,
                    if kind == Kind::Label {
                        "contains"
                    } else {
                        "equal_to"
                    },
                    values(value)?,
                ),
                Op::Present => cw(&key, "is_present", vec![]),
                Op::Absent => cw(&key, "is_not_present", vec![]),
                Op::StartsWith => cw(&key, "starts_with", values(value)?),
                Op::Gt => cw(&key, "is_greater_than", values(value)?),
                Op::Lt => cw(&key, "is_less_than", values(value)?),
                _ => return None,
            };
            Some(with_type(c, custom))
        }
        _ => None,
    }
}

/// `not_equal_to` (`not_in`) and `does_not_contain` (`not any contains`).
fn export_negative(c: &Condition) -> Option<Value> {
    match c {
        Condition::Not(inner) => {
            let Condition::Any(items) = inner.as_ref() else {
                return None;
            };
            let (field, words) = contains_list(items)?;
            let (key, custom, _) = key_of(field)?;
            Some(with_type(cw(&key, "does_not_contain", words), custom))
        }
        Condition::Compare {
            field,
            op: Op::NotIn,
            value,
        } => {
            let (key, custom, kind) = key_of(field)?;
            let op = if kind == Kind::Label {
                "does_not_contain"
            } else {
                "not_equal_to"
            };
            Some(with_type(
                cw(&key, op, export_values(kind, value_list(value)?)?),
                custom,
            ))
        }
        _ => None,
    }
}

fn value_list(v: &Option<Operand>) -> Option<&[Scalar]> {
    match v {
        Some(Operand::One(s)) => Some(std::slice::from_ref(s)),
        Some(Operand::List(l)) => Some(l),
        _ => None,
    }
}

/// `any` of `field contains w`: the field and the words.
fn contains_list(items: &[Condition]) -> Option<(&Field, Vec<Value>)> {
    let mut field = None;
    let mut words = Vec::new();
    for c in items {
        let (f, op, w) = one_text(c)?;
        if op != Op::Contains || field.is_some_and(|x| x != f) {
            return None;
        }
        field = Some(f);
        words.push(Value::String(w.to_owned()));
    }
    Some((field?, words))
}

/// `attribute_changed` from `changed`, `changed_from ...`, `changed_to ...`.
fn export_changed(items: &[Condition]) -> Option<Value> {
    let Some(Condition::Compare {
        field,
        op: Op::Changed,
        value: None,
    }) = items.first()
    else {
        return None;
    };
    let (key, custom, kind) = key_of(field)?;
    let mut sides = Map::new();
    for part in items.get(1..)? {
        let alts: Vec<&Condition> = match part {
            Condition::Any(a) => a.iter().collect(),
            other => vec![other],
        };
        let mut side = None;
        let mut values = Vec::new();
        for alt in alts {
            let Condition::Compare {
                field: f,
                op: o @ (Op::ChangedFrom | Op::ChangedTo),
                value: Some(Operand::One(s)),
            } = alt
            else {
                return None;
            };
            if f != field || side.is_some_and(|x| x != *o) {
                return None;
            }
            side = Some(*o);
            values.push(export_scalar(kind, s)?);
        }
        let name = if side? == Op::ChangedFrom {
            "from"
        } else {
            "to"
        };
        sides.insert(name.into(), Value::Array(values));
    }
    let mut c = json!({"attribute_key": key, "filter_operator": "attribute_changed", "values": Value::Object(sides)});
    if let (Some(t), Some(m)) = (custom, c.as_object_mut()) {
        m.insert("custom_attribute_type".into(), Value::String(t.into()));
    }
    Some(c)
}

fn ca(name: &str, params: Value) -> Value {
    json!({"action_name": name, "action_params": params})
}

fn export_action(a: &Action) -> Option<Value> {
    let tag_list = |tags: &[crate::ticket::Tag]| {
        Value::Array(tags.iter().map(|t| Value::String(t.to_string())).collect())
    };
    Some(match a {
        Action::Reply { body } => ca("send_message", json!([body])),
        Action::AddInternalNote { body } => ca("add_private_note", json!([body])),
        Action::Notify {
            to: Recipient::Group(team),
            subject: None,
            message: Some(m),
        } => ca(
            "send_email_to_team",
            json!([{"team_ids": [team], "message": m}]),
        ),
        Action::Notify {
            to: Recipient::Webhook(url),
            subject: None,
            message: None,
        } => ca("send_webhook_event", json!([url])),
        Action::SendTranscript { to } => ca("send_email_transcript", json!([to.join(", ")])),
        Action::SendAttachment { attachments } => ca("send_attachment", json!(attachments)),
        Action::AssignAgent { agent } => ca("assign_agent", json!([agent])),
        Action::ClearAssignee => ca("assign_agent", json!(["nil"])),
        Action::AssignGroup { group } => ca("assign_team", json!([group])),
        Action::ClearGroup => ca("remove_assigned_team", json!([])),
        Action::AddTags { tags } => ca("add_label", tag_list(tags)),
        Action::RemoveTags { tags } => ca("remove_label", tag_list(tags)),
        Action::SetPriority { priority } => ca(
            "change_priority",
            json!([if *priority == Priority::Normal {
                "medium"
            } else {
                priority.as_str()
            }]),
        ),
        Action::SetStatus { status } => match status {
            Status::Solved => ca("resolve_conversation", json!([])),
            Status::Open => ca("open_conversation", json!([])),
            Status::OnHold => ca("snooze_conversation", json!([])),
            _ => return None,
        },
        Action::Mute => ca("mute_conversation", json!([])),
        _ => return None,
    })
}
