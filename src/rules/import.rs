//! Importers from Zendesk trigger/automation JSON and Chatwoot
//! automation-rule JSON into frontline rules. Every field, operator or
//! action without a faithful equivalent is an error naming it, never a
//! silent drop.

use serde_json::{Value, json};

use super::RulesError;
use super::spec::{Action, On, Recipient, RuleKind, RuleSpec};
use crate::util::excerpt;
use crate::{Priority, Status, Tag};

fn unsupported(system: &'static str, rule: &str, what: impl Into<String>) -> RulesError {
    RulesError::Unsupported {
        system,
        rule: excerpt(rule),
        what: what.into(),
    }
}

/// The list under `key` of `v`: empty when absent or null, an error when it
/// is anything but a list (a rule part is never dropped silently).
fn list<'a>(
    system: &'static str,
    rule: &str,
    v: Option<&'a Value>,
    key: &str,
) -> Result<&'a [Value], RulesError> {
    match v.and_then(|v| v.get(key)) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(unsupported(
            system,
            rule,
            format!("`{}` that is not a list", excerpt(key)),
        )),
    }
}

/// The imported tree as a checked [`Condition`](super::Condition).
fn typed(
    system: &'static str,
    rule: &str,
    when: Option<Value>,
) -> Result<Option<super::Condition>, RulesError> {
    when.map(serde_json::from_value)
        .transpose()
        .map_err(|e| unsupported(system, rule, format!("condition: {e}")))
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn slug(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let s = s
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if s.is_empty() {
        "rule".to_owned()
    } else {
        // At most 100 bytes, cut on a character boundary.
        let mut end = s.len().min(100);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s[..end].trim_end_matches('-').to_owned()
    }
}

/// Tags from a list of values or from space-separated words.
fn tags(source: &'static str, rule: &str, v: &Value) -> Result<Vec<Tag>, RulesError> {
    match v {
        Value::Array(items) => tag_list(source, rule, items.iter().map(text)),
        other => tag_list(source, rule, text(other).split_whitespace()),
    }
}

fn tag_list<S: AsRef<str>>(
    source: &'static str,
    rule: &str,
    words: impl Iterator<Item = S>,
) -> Result<Vec<Tag>, RulesError> {
    words
        .map(|w| {
            let w = w.as_ref();
            Tag::new(w).map_err(|_| unsupported(source, rule, format!("tag `{}`", excerpt(w))))
        })
        .collect()
}

/// Zendesk `via_id` values frontline knows.
fn zendesk_channel(id: &str) -> Option<&'static str> {
    Some(match id {
        "0" => "web_form",
        "4" => "email",
        "5" => "api",
        "29" => "chat",
        "30" | "26" | "23" => "x",
        "38" => "facebook",
        "44" | "45" | "46" => "phone",
        "57" => "sms",
        "72" => "whatsapp",
        _ => return None,
    })
}

/// Imports one Zendesk trigger or automation (`{"title", "conditions":
/// {"all": [...], "any": [...]}, "actions": [...]}`). `calendar` names the
/// frontline calendar that Zendesk's "business hours" operators refer to.
///
/// # Errors
/// [`RulesError::Unsupported`] for each condition field, operator or action
/// without a faithful equivalent.
pub fn import_zendesk(
    rule: &Value,
    automation: bool,
    calendar: Option<&str>,
) -> Result<RuleSpec, RulesError> {
    const Z: &str = "zendesk";
    let title = rule
        .get("title")
        .map_or_else(|| "untitled".to_owned(), text);
    let t = title.as_str();
    let id = rule
        .get("id")
        .map_or_else(|| slug(t), |v| format!("zendesk-{}", text(v)));
    let mut on = vec![On::AnyUpdate];
    let leaves = |items: &[Value], on: &mut Vec<On>| -> Result<Vec<Value>, RulesError> {
        let mut out = Vec::new();
        for c in items {
            let field = c.get("field").map(text).unwrap_or_default();
            let op = c
                .get("operator")
                .map(text)
                .unwrap_or_else(|| "is".to_owned());
            let value = c.get("value").cloned().unwrap_or(Value::Null);
            let cmp = |op: &str| -> Option<&'static str> {
                Some(match op {
                    "is" => "is",
                    "is_not" => "is_not",
                    "less_than" => "lt",
                    "greater_than" => "gt",
                    "changed" => "changed",
                    "value" => "changed_to",
                    "value_previous" => "changed_from",
                    _ => return None,
                })
            };
            let bad_op = || {
                unsupported(
                    Z,
                    t,
                    format!("operator `{}` on `{}`", excerpt(&op), excerpt(&field)),
                )
            };
            let leaf = match field.as_str() {
                "update_type" => {
                    // "is Create" and "is not Change" both mean creation;
                    // "is Change" and "is not Create" mean any later update.
                    let positive = match op.as_str() {
                        "is" => true,
                        "is_not" => false,
                        _ => return Err(bad_op()),
                    };
                    *on = match (text(&value).as_str(), positive) {
                        ("Create", true) | ("Change", false) => vec![On::Created],
                        ("Change", true) | ("Create", false) => vec![On::Update],
                        (other, _) => {
                            return Err(unsupported(
                                Z,
                                t,
                                format!("update_type `{}`", excerpt(other)),
                            ));
                        }
                    };
                    continue;
                }
                "status" | "priority" | "group_id" | "assignee_id" => {
                    let name = match field.as_str() {
                        "group_id" => "group",
                        "assignee_id" => "assignee",
                        f => f,
                    };
                    let mut v = value.clone();
                    if (name == "group" || name == "assignee") && text(&value).is_empty() {
                        // "is -" (none) and "is not -" (any).
                        let o = match op.as_str() {
                            "is" => "absent",
                            "is_not" => "present",
                            _ => return Err(bad_op()),
                        };
                        out.push(json!({"field": name, "op": o}));
                        continue;
                    }
                    if matches!(
                        text(&value).as_str(),
                        "current_user" | "requester_id" | "assignee_id"
                    ) {
                        return Err(unsupported(
                            Z,
                            t,
                            format!("`{field}` value `{}`", text(&value)),
                        ));
                    }
                    if name == "status" || name == "priority" {
                        v = Value::String(text(&value).to_lowercase());
                        if name == "status" && v == "hold" {
                            v = Value::String("on_hold".into());
                        }
                    }
                    if op == "not_changed" {
                        json!({"not": {"field": name, "op": "changed"}})
                    } else {
                        let o = cmp(&op).ok_or_else(bad_op)?;
                        if o == "changed" {
                            json!({"field": name, "op": o})
                        } else {
                            json!({"field": name, "op": o, "value": v})
                        }
                    }
                }
                "current_tags" => {
                    let list: Vec<Value> = tags(Z, t, &value)?
                        .into_iter()
                        .map(|x| Value::String(x.to_string()))
                        .collect();
                    let any = json!({"any": list.iter().map(|x| json!({"field": "tags", "op": "contains", "value": x})).collect::<Vec<_>>()});
                    match op.as_str() {
                        "includes" => any,
                        "not_includes" => json!({"not": any}),
                        _ => return Err(bad_op()),
                    }
                }
                "via_id" => {
                    let ch = zendesk_channel(&text(&value)).ok_or_else(|| {
                        unsupported(Z, t, format!("via_id `{}`", excerpt(&text(&value))))
                    })?;
                    json!({"field": "channel", "op": cmp(&op).filter(|o| *o == "is" || *o == "is_not").ok_or_else(bad_op)?, "value": ch})
                }
                "subject_includes_word" | "comment_includes_word" => {
                    let f = if field.starts_with("subject") {
                        "subject"
                    } else {
                        "message"
                    };
                    // Zendesk: `includes` any of the words, `not_includes`
                    // none of them; `is` / `is_not` the exact string.
                    let word = |w: &str| json!({"field": f, "op": "contains_word", "value": w});
                    let v = text(&value);
                    let words: Vec<Value> = v.split_whitespace().map(word).collect();
                    if words.is_empty() {
                        return Err(unsupported(Z, t, format!("empty `{}`", excerpt(&field))));
                    }
                    match op.as_str() {
                        "includes" => json!({"any": words}),
                        "not_includes" => json!({"not": {"any": words}}),
                        "is" => json!({"field": f, "op": "contains", "value": v}),
                        "is_not" => json!({"field": f, "op": "not_contains", "value": v}),
                        _ => return Err(bad_op()),
                    }
                }
                "comment_is_public" => {
                    let public = match text(&value).as_str() {
                        "true" | "public" => true,
                        "false" | "private" => false,
                        other => {
                            return Err(unsupported(
                                Z,
                                t,
                                format!("comment_is_public `{}`", excerpt(other)),
                            ));
                        }
                    };
                    let public = match op.as_str() {
                        "is" => public,
                        "is_not" => !public,
                        _ => return Err(bad_op()),
                    };
                    json!({"field": "event.public", "op": "is", "value": public})
                }
                f if f.starts_with("custom_fields_") => {
                    let name = format!("field.{}", f.strip_prefix("custom_fields_").unwrap_or(f));
                    let o = cmp(&op).ok_or_else(bad_op)?;
                    if o == "changed" {
                        json!({"field": name, "op": o})
                    } else {
                        json!({"field": name, "op": o, "value": value})
                    }
                }
                f if f.starts_with("hours_since_") => {
                    let since = f.strip_prefix("hours_since_").unwrap_or(f);
                    let time = match since {
                        "created" => "created",
                        "update" => "updated",
                        "solved" => "solved",
                        "open" | "pending" | "hold" => "status_changed",
                        "last_requester_update" | "requester_update" => "last_customer_message",
                        "assignee_update" | "agent_update" => "last_agent_reply",
                        other => {
                            return Err(unsupported(
                                Z,
                                t,
                                format!("condition field `hours_since_{}`", excerpt(other)),
                            ));
                        }
                    };
                    let (o, business) = match op.as_str() {
                        "greater_than" => ("gt", false),
                        "less_than" => ("lt", false),
                        "is" => ("gte", false),
                        "greater_than_business_hours" => ("gt", true),
                        "less_than_business_hours" => ("lt", true),
                        "is_business_hours" => ("gte", true),
                        _ => return Err(bad_op()),
                    };
                    let hours: f64 = text(&value).parse().map_err(|_| {
                        unsupported(Z, t, format!("hours `{}`", excerpt(&text(&value))))
                    })?;
                    let mut leaf = json!({"hours_since": time, "op": o, "value": hours});
                    if business {
                        let cal = calendar.ok_or_else(|| {
                            unsupported(Z, t, "business hours without a calendar: pass one")
                        })?;
                        if let Some(obj) = leaf.as_object_mut() {
                            obj.insert("calendar".into(), json!(cal));
                        }
                    }
                    // Zendesk's "hours since open/pending/on-hold" also means the ticket is in that status.
                    let status = match since {
                        "open" => Some("open"),
                        "pending" => Some("pending"),
                        "hold" => Some("on_hold"),
                        _ => None,
                    };
                    match status {
                        Some(s) => {
                            json!({"all": [{"field": "status", "op": "is", "value": s}, leaf]})
                        }
                        None => leaf,
                    }
                }
                other => {
                    return Err(unsupported(
                        Z,
                        t,
                        format!("condition field `{}`", excerpt(other)),
                    ));
                }
            };
            out.push(leaf);
        }
        Ok(out)
    };
    let conditions = rule.get("conditions");
    let all = leaves(list(Z, t, conditions, "all")?, &mut on)?;
    let any = leaves(list(Z, t, conditions, "any")?, &mut on)?;
    let mut parts = all;
    if !any.is_empty() {
        parts.push(json!({"any": any}));
    }
    let when = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(json!({"all": parts})),
    };
    let mut actions = Vec::new();
    for a in list(Z, t, Some(rule), "actions")? {
        let field = a.get("field").map(text).unwrap_or_default();
        let value = a.get("value").cloned().unwrap_or(Value::Null);
        let bad = || unsupported(Z, t, format!("action `{}`", excerpt(&field)));
        actions.push(match field.as_str() {
            "status" => {
                let s = text(&value).to_lowercase();
                let s = if s == "hold" { "on_hold".to_owned() } else { s };
                Action::SetStatus {
                    status: s.parse::<Status>().map_err(|_| bad())?,
                }
            }
            "priority" => Action::SetPriority {
                priority: text(&value)
                    .to_lowercase()
                    .parse::<Priority>()
                    .map_err(|_| bad())?,
            },
            "group_id" => Action::AssignGroup {
                group: text(&value),
            },
            "assignee_id" => Action::AssignAgent {
                agent: text(&value),
            },
            "current_tags" => Action::AddTags {
                tags: tags(Z, t, &value)?,
            },
            "remove_tags" => Action::RemoveTags {
                tags: tags(Z, t, &value)?,
            },
            "notification_user"
            | "notification_group"
            | "notification_webhook"
            | "notification_target" => {
                let first = value.get(0).map(text).unwrap_or_default();
                let to = match field.as_str() {
                    "notification_user" if first == "requester_id" => Recipient::Requester,
                    "notification_user" if first == "assignee_id" => Recipient::Assignee,
                    "notification_user" => Recipient::Agent(first),
                    "notification_group" => Recipient::Group(first),
                    _ => Recipient::Webhook(first),
                };
                let message = value.get(2).or(value.get(1)).map(text);
                Action::Notify { to, message }
            }
            f if f.starts_with("custom_fields_") => Action::SetField {
                name: f["custom_fields_".len()..].to_owned(),
                value,
            },
            _ => return Err(bad()),
        });
    }
    let kind = if automation {
        RuleKind::Automation
    } else {
        RuleKind::Trigger(on)
    };
    let enabled = rule.get("active").and_then(Value::as_bool).unwrap_or(true);
    Ok(RuleSpec {
        id,
        kind,
        when: typed(Z, t, when)?,
        actions,
        once: Default::default(),
        enabled,
        retrigger: false,
    })
}

/// Imports one Chatwoot automation rule (`{"name", "event_name",
/// "conditions": [{"attribute_key", "filter_operator", "values",
/// "query_operator"}], "actions": [{"action_name", "action_params"}]}`).
/// Conditions combine as Chatwoot's SQL does: `and` binds tighter than `or`.
///
/// # Errors
/// [`RulesError::Unsupported`] for each event, attribute, operator or action
/// without a faithful equivalent.
pub fn import_chatwoot(rule: &Value) -> Result<RuleSpec, RulesError> {
    const C: &str = "chatwoot";
    let name = rule.get("name").map_or_else(|| "untitled".to_owned(), text);
    let t = name.as_str();
    let id = rule
        .get("id")
        .map_or_else(|| slug(t), |v| format!("chatwoot-{}", text(v)));
    let mut extra = Vec::new();
    let on = match rule.get("event_name").map(text).as_deref() {
        Some("conversation_created") => vec![On::Created],
        Some("conversation_updated") => vec![On::Update],
        Some("message_created") => {
            // Every message, private notes included, as in Chatwoot.
            extra.push(json!({"field": "event.kind", "op": "is", "value": "message"}));
            vec![On::Update]
        }
        Some("conversation_opened") => {
            extra.push(json!({"field": "status", "op": "changed_to", "value": "open"}));
            vec![On::StatusChanged]
        }
        other => {
            return Err(unsupported(
                C,
                t,
                format!("event `{}`", excerpt(other.unwrap_or("none"))),
            ));
        }
    };
    let mut groups: Vec<Vec<Value>> = vec![Vec::new()];
    for c in list(C, t, Some(rule), "conditions")? {
        let key = c.get("attribute_key").map(text).unwrap_or_default();
        let op = c.get("filter_operator").map(text).unwrap_or_default();
        let values = list(C, t, Some(c), "values")?;
        let (field, map_value): (&str, fn(&Value) -> Option<Value>) = match key.as_str() {
            "status" => ("status", |v| {
                Some(Value::String(
                    match text(v).as_str() {
                        "open" => "open",
                        "resolved" => "solved",
                        "pending" => "pending",
                        "snoozed" => "on_hold",
                        _ => return None,
                    }
                    .to_owned(),
                ))
            }),
            "priority" => ("priority", |v| {
                let p = text(v).to_lowercase();
                Some(Value::String(if p == "medium" {
                    "normal".to_owned()
                } else {
                    p
                }))
            }),
            "content" => ("message", |v| Some(Value::String(text(v)))),
            "message_type" => ("event.author", |v| {
                Some(Value::String(
                    match text(v).as_str() {
                        "incoming" | "0" => "customer",
                        "outgoing" | "1" => "agent",
                        _ => return None,
                    }
                    .to_owned(),
                ))
            }),
            "team_id" => ("group", |v| Some(Value::String(text(v)))),
            "assignee_id" => ("assignee", |v| Some(Value::String(text(v)))),
            "labels" => ("tags", |v| {
                Tag::new(&text(v))
                    .ok()
                    .map(|t| Value::String(t.to_string()))
            }),
            "email"
            | "phone_number"
            | "browser_language"
            | "country_code"
            | "conversation_language"
            | "referer" => {
                return Err(unsupported(
                    C,
                    t,
                    format!("attribute `{key}` (map it to a customer attribute first)"),
                ));
            }
            other => return Err(unsupported(C, t, format!("attribute `{}`", excerpt(other)))),
        };
        let vals: Vec<Value> = values
            .iter()
            .map(|v| {
                map_value(v).ok_or_else(|| {
                    unsupported(C, t, format!("value `{}` of `{key}`", excerpt(&text(v))))
                })
            })
            .collect::<Result<_, _>>()?;
        let leaf = match op.as_str() {
            "equal_to" if vals.len() == 1 => {
                json!({"field": field, "op": "is", "value": vals.first().cloned().unwrap_or(Value::Null)})
            }
            "equal_to" => json!({"field": field, "op": "in", "value": vals}),
            "not_equal_to" => json!({"field": field, "op": "not_in", "value": vals}),
            "contains" => {
                json!({"any": vals.iter().map(|v| json!({"field": field, "op": "contains", "value": v})).collect::<Vec<_>>()})
            }
            "does_not_contain" => {
                json!({"not": {"any": vals.iter().map(|v| json!({"field": field, "op": "contains", "value": v})).collect::<Vec<_>>()}})
            }
            "is_present" => json!({"field": field, "op": "present"}),
            "is_not_present" => json!({"field": field, "op": "absent"}),
            other => return Err(unsupported(C, t, format!("operator `{}`", excerpt(other)))),
        };
        if let Some(g) = groups.last_mut() {
            g.push(leaf);
        }
        if c.get("query_operator")
            .map(text)
            .is_some_and(|q| q.eq_ignore_ascii_case("or"))
        {
            groups.push(Vec::new());
        }
    }
    let mut ors: Vec<Value> = groups
        .into_iter()
        .filter(|g| !g.is_empty())
        .map(|mut g| {
            if g.len() == 1 {
                g.remove(0)
            } else {
                json!({"all": g})
            }
        })
        .collect();
    let conditions = match ors.len() {
        0 => None,
        1 => ors.pop(),
        _ => Some(json!({"any": ors})),
    };
    let when = match (conditions, extra.is_empty()) {
        (None, true) => None,
        (Some(c), true) => Some(c),
        (c, false) => Some(json!({"all": extra.into_iter().chain(c).collect::<Vec<_>>()})),
    };
    let mut actions = Vec::new();
    for a in list(C, t, Some(rule), "actions")? {
        let name = a.get("action_name").map(text).unwrap_or_default();
        let params = list(C, t, Some(a), "action_params")?;
        let first = params.first().map(text).unwrap_or_default();
        let bad = || unsupported(C, t, format!("action `{}`", excerpt(&name)));
        actions.push(match name.as_str() {
            "assign_team" => Action::AssignGroup { group: first },
            "assign_agent" => Action::AssignAgent { agent: first },
            "add_label" => Action::AddTags {
                tags: tag_list(C, t, params.iter().map(text))?,
            },
            "remove_label" => Action::RemoveTags {
                tags: tag_list(C, t, params.iter().map(text))?,
            },
            "send_email_to_team" => Action::Notify {
                to: Recipient::Group(first),
                message: params.get(1).map(text),
            },
            "send_webhook_event" => Action::Notify {
                to: Recipient::Webhook(first),
                message: None,
            },
            "resolve_conversation" => Action::SetStatus {
                status: Status::Solved,
            },
            "snooze_conversation" => Action::SetStatus {
                status: Status::OnHold,
            },
            "change_priority" => Action::SetPriority {
                priority: first.to_lowercase().parse().map_err(|_| bad())?,
            },
            "add_private_note" => Action::AddInternalNote { body: first },
            _ => return Err(bad()),
        });
    }
    let enabled = rule.get("active").and_then(Value::as_bool).unwrap_or(true);
    Ok(RuleSpec {
        id,
        kind: RuleKind::Trigger(on),
        when: typed(C, t, when)?,
        actions,
        once: Default::default(),
        enabled,
        retrigger: false,
    })
}
