//! Importers from Zendesk triggers and automations and Chatwoot automation
//! rules into frontline rules, and exporters back, faithfully or not at all.
//!
//! Each source system's vocabulary is a table (field or action name → how
//! it reads), so adding a field is one line in one place. Every part
//! without a faithful equivalent is a [`RulesError::Unsupported`] naming
//! it; an imported rule is checked like any rule of a [`RuleSet`](super::RuleSet).

mod chatwoot;
mod zendesk;

pub use chatwoot::{export_chatwoot, import_chatwoot};
pub use zendesk::{ZendeskImport, export_zendesk, import_zendesk};

use serde_json::Value;

use super::RulesError;
use super::condition::{Condition, Field, Op, Operand, Scalar};
use crate::ticket::Tag;
use crate::util::excerpt;

/// An error naming the unsupported part of an imported or exported rule.
fn unsupported(system: &'static str, rule: &str, what: impl Into<String>) -> RulesError {
    RulesError::Unsupported {
        system,
        rule: excerpt(rule),
        what: what.into(),
    }
}

/// A JSON value as text: strings as they are, anything else as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The list under `key` of `v`: empty when absent or null, an error when it
/// is anything but a list (a rule part is never dropped silently).
fn list<'a>(
    system: &'static str,
    rule: &str,
    v: &'a Value,
    key: &str,
) -> Result<&'a [Value], RulesError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        // No list of a rule may hold more than a rule set's condition
        // nodes: refused before any work on it.
        Some(Value::Array(items)) if items.len() > super::MAX_NODES => Err(RulesError::TooLarge {
            what: format!(
                "{system} import, rule `{}`: `{}` items",
                excerpt(rule),
                excerpt(key)
            ),
            limit: super::MAX_NODES,
        }),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(unsupported(
            system,
            rule,
            format!("`{}` that is not a list", excerpt(key)),
        )),
    }
}

/// A rule id from a title: lower-case words joined by `-`, at most 100 bytes.
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
        return "rule".to_owned();
    }
    let mut end = s.len().min(100);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end)
        .unwrap_or("rule")
        .trim_end_matches('-')
        .to_owned()
}

/// Tags from a list of values or from space-separated words.
fn tags(system: &'static str, rule: &str, v: &Value) -> Result<Vec<Tag>, RulesError> {
    let words: Vec<String> = match v {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                // Never the text "null" or a JSON object as a tag.
                other => Err(unsupported(
                    system,
                    rule,
                    format!("tag `{}`", excerpt(&text(other))),
                )),
            })
            .collect::<Result<_, _>>()?,
        Value::String(s) => s
            .split_whitespace()
            .take(super::MAX_LIST_VALUES + 1)
            .map(str::to_owned)
            .collect(),
        other => {
            return Err(unsupported(
                system,
                rule,
                format!("tags `{}`", excerpt(&text(other))),
            ));
        }
    };
    if words.len() > super::MAX_LIST_VALUES {
        return Err(super::RulesError::TooLarge {
            what: format!("{system} import, rule `{}`: tags", excerpt(rule)),
            limit: super::MAX_LIST_VALUES,
        });
    }
    if words.is_empty() {
        return Err(unsupported(system, rule, "an empty tag list"));
    }
    words
        .iter()
        .map(|w| {
            Tag::new(w).map_err(|_| unsupported(system, rule, format!("tag `{}`", excerpt(w))))
        })
        .collect()
}

/// `all` of the parts, with one part standing alone and none meaning always.
fn all_of(mut parts: Vec<Condition>) -> Option<Condition> {
    match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Condition::All(parts)),
    }
}

/// The leaves of a condition's top-level `all` (the condition itself if it
/// is not an `all`).
fn top_level(c: &Condition) -> Vec<&Condition> {
    match c {
        Condition::All(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// A compare leaf's single text value.
fn one_text(c: &Condition) -> Option<(&Field, Op, &str)> {
    match c {
        Condition::Compare {
            field,
            op,
            value: Some(Operand::One(Scalar::Text(t))),
        } => Some((field, *op, t.as_str())),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
