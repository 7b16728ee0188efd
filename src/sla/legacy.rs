//! The policy matcher of frontline 0.1, read as the condition it means.
//!
//! Kept for one release so that stored policy sets keep working; new sets
//! write `when` as a [`Condition`]. The mapping, which the SLA chapter lists:
//!
//! | matcher | condition |
//! |---|---|
//! | `priorities: [a, b]` | `priority in [a, b]` |
//! | `channels: [...]` | `channel in [...]` |
//! | `groups: [...]` | `group in [...]` |
//! | `tags_any: [...]` | `tags in [...]` (has any of them) |
//! | `tags_all: [a, b]` | `tags contains a and tags contains b` |
//! | `segments: [...]` | `customer.segment in [...]` |
//! | `plans: [...]` | `customer.plan in [...]` |
//! | `fields: {"k": v}` | `field.k is v` |
//!
//! Every listed criterion must hold (`all`); an empty or absent list matches
//! everything, as before. A `null` field value never matched and never
//! does; a list or object value has no condition of the same meaning and
//! is refused.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::rules::{Condition, Field, Scalar};
use crate::{Channel, Priority, ticket::Tag};

/// The keys of the 0.1 matcher object.
const KEYS: [&str; 8] = [
    "priorities",
    "channels",
    "groups",
    "tags_any",
    "tags_all",
    "segments",
    "plans",
    "fields",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Matcher {
    #[serde(default)]
    priorities: Vec<Priority>,
    #[serde(default)]
    channels: Vec<Channel>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    tags_any: Vec<Tag>,
    #[serde(default)]
    tags_all: Vec<Tag>,
    #[serde(default)]
    segments: Vec<String>,
    #[serde(default)]
    plans: Vec<String>,
    #[serde(default)]
    fields: BTreeMap<String, Value>,
}

impl Matcher {
    fn into_condition(self) -> Result<Condition, String> {
        fn list<T: Into<Scalar>>(parts: &mut Vec<Condition>, field: Field, items: Vec<T>) {
            if !items.is_empty() {
                parts.push(field.is_in(items));
            }
        }
        let mut parts = Vec::new();
        list(&mut parts, Field::Priority, self.priorities);
        list(&mut parts, Field::Channel, self.channels);
        list(&mut parts, Field::Group, self.groups);
        list(&mut parts, Field::Tags, self.tags_any);
        parts.extend(self.tags_all.into_iter().map(|t| Field::Tags.contains(t)));
        list(&mut parts, Field::CustomerSegment, self.segments);
        list(&mut parts, Field::CustomerPlan, self.plans);
        for (name, value) in self.fields {
            let scalar = match value {
                Value::String(s) => Scalar::Text(s),
                Value::Bool(b) => Scalar::Bool(b),
                Value::Number(n) => Scalar::Number(n.as_f64().unwrap_or(f64::NAN)),
                // A null never matched (a field is never null): never.
                Value::Null => {
                    parts.push(Condition::Any(Vec::new()));
                    continue;
                }
                other => {
                    return Err(format!(
                        "matcher field `{}` has value `{}`: a list or an object has no \
                         condition of the same meaning; write `when` as a condition",
                        crate::util::excerpt(&name),
                        crate::util::excerpt(&other.to_string())
                    ));
                }
            };
            parts.push(Field::Custom(name).is(scalar));
        }
        Ok(match parts.len() {
            1 => parts.pop().unwrap_or_else(Condition::always),
            _ => Condition::All(parts),
        })
    }
}

/// Reads a policy's `when`: a [`Condition`] (JSON or text), or the 0.1
/// matcher object.
pub(super) fn when<'de, D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
    use serde::de::Error;
    let value = Value::deserialize(d)?;
    let legacy = match &value {
        Value::Object(map) => map.is_empty() || map.keys().any(|k| KEYS.contains(&k.as_str())),
        _ => false,
    };
    if legacy {
        let matcher = Matcher::deserialize(value).map_err(D::Error::custom)?;
        let condition = matcher.into_condition().map_err(D::Error::custom)?;
        condition
            .check()
            .map_err(|e| crate::util::de_error(e.code(), e))?;
        Ok(condition)
    } else {
        Condition::deserialize(value).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Condition, String> {
        #[derive(Deserialize)]
        struct P {
            #[serde(deserialize_with = "when")]
            when: Condition,
        }
        serde_json::from_str::<P>(&format!(r#"{{"when": {json}}}"#))
            .map(|p| p.when)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_old_matcher_reads_as_its_condition() {
        let c = read(
            r#"{"priorities": ["urgent", "high"], "channels": ["email"], "tags_all": ["a", "b"],
               "segments": ["vip"], "fields": {"plan": "gold", "seats": 5}}"#,
        )
        .unwrap();
        assert_eq!(
            c.to_string(),
            "priority in [urgent, high] and channel in [email] and tags contains a and \
             tags contains b and customer.segment in [vip] and field.plan is gold and field.seats is 5"
        );
        assert_eq!(read("{}").unwrap(), Condition::always());
        assert_eq!(
            read(r#"{"segments": ["vip"]}"#).unwrap(),
            Field::CustomerSegment.is_in(["vip"])
        );
        assert!(read(r#"{"priorities": ["hihg"]}"#).is_err());
        assert!(read(r#"{"segments": ["vip"], "field": "x"}"#).is_err());
        assert!(
            read(r#"{"fields": {"x": [1]}}"#)
                .unwrap_err()
                .contains("a list or an object")
        );
        assert_eq!(
            read(r#"{"fields": {"x": null}}"#).unwrap(),
            Condition::Any(Vec::new())
        );
    }

    #[test]
    fn conditions_and_text_are_read_too() {
        assert_eq!(
            read(r#""customer.segment is vip""#).unwrap(),
            Field::CustomerSegment.is("vip")
        );
        assert_eq!(
            read(r#"{"field": "channel", "op": "is", "value": "chat"}"#).unwrap(),
            Field::Channel.is(Channel::Chat)
        );
        assert!(read(r#"{"field": "channel", "op": "is", "value": "pigeon"}"#).is_err());
    }
}
