//! Reading an [`Event`]: `at` and `actor` beside the fields of its
//! [`EventKind`], which keeps `deny_unknown_fields`.
//!
//! `#[serde(flatten)]` would accept unknown fields silently, so the object
//! is split by hand. When `type` comes before the kind's fields (as frontline
//! writes events, and as most hosts do), the rest of the object streams
//! straight into `EventKind`'s own deserializer, with `at` and `actor`
//! taken out on the way. Otherwise the fields are buffered as JSON values
//! until `type` is known. Either way a repeated `at`, `actor` or field is
//! an error, never a silent last-one-wins.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::{Actor, Event, EventKind};
use crate::time::Timestamp;
use crate::util::Text;

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        deserializer.deserialize_map(EventVisitor)
    }
}

struct EventVisitor;

/// `at` and `actor`, wherever they appear.
#[derive(Default)]
struct Envelope {
    at: Option<Timestamp>,
    actor: Option<Option<Actor>>,
}

impl Envelope {
    /// Reads the value of `key` if it is `at` or `actor`; `false` for any
    /// other key (whose value is still to be read).
    fn take<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "at" if self.at.is_some() => Err(de::Error::duplicate_field("at")),
            "at" => {
                self.at = Some(map.next_value()?);
                Ok(true)
            }
            "actor" if self.actor.is_some() => Err(de::Error::duplicate_field("actor")),
            "actor" => {
                self.actor = Some(map.next_value()?);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    fn event<E: de::Error>(self, kind: EventKind) -> Result<Event, E> {
        Ok(Event {
            at: self.at.ok_or_else(|| E::missing_field("at"))?,
            actor: self.actor.flatten(),
            kind,
        })
    }
}

impl<'de> Visitor<'de> for EventVisitor {
    type Value = Event;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut envelope = Envelope::default();
        let first = loop {
            match map.next_key()? {
                Some(Text(key)) if envelope.take(&key, &mut map)? => {}
                Some(Text(key)) => break key,
                // No `type` at all: EventKind names what is missing.
                None => {
                    let kind = EventKind::deserialize(Value::Object(serde_json::Map::new()))
                        .map_err(de::Error::custom)?;
                    return envelope.event(kind);
                }
            }
        };
        if first != "type" {
            return buffered(first, map, envelope);
        }
        let tag: Text<'de> = map.next_value()?;
        let rest = Rest {
            map,
            envelope: &mut envelope,
            tag: Tag::Pending(tag.0),
        };
        let kind = EventKind::deserialize(MapAccessDeserializer::new(rest))?;
        envelope.event(kind)
    }
}

/// The slow path: a field of the kind came before `type`, so every field
/// is kept as a JSON value until the object ends.
fn buffered<'de, A: MapAccess<'de>>(
    first: Cow<'de, str>,
    mut map: A,
    mut envelope: Envelope,
) -> Result<Event, A::Error> {
    let mut object = serde_json::Map::new();
    object.insert(first.into_owned(), map.next_value()?);
    while let Some(Text(key)) = map.next_key()? {
        if envelope.take(&key, &mut map)? {
            continue;
        }
        let value: Value = map.next_value()?;
        if object.insert(key.to_string(), value).is_some() {
            return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
        }
    }
    let kind = EventKind::deserialize(Value::Object(object)).map_err(de::Error::custom)?;
    envelope.event(kind)
}

/// The rest of an event object after its `type`, as `EventKind` reads it:
/// `type` first, then every remaining field but `at` and `actor`, which go
/// to the envelope.
struct Rest<'a, 'de, A> {
    map: A,
    envelope: &'a mut Envelope,
    tag: Tag<'de>,
}

/// Where `Rest` is in handing over the tag.
enum Tag<'de> {
    /// Not yet: the key `type` comes first.
    Pending(Cow<'de, str>),
    /// The key was handed over; the tag is the next value.
    Keyed(Cow<'de, str>),
    /// Handed over: the rest comes from the object.
    Done,
}

/// A string as a deserializer, borrowed when it can be.
fn text<'de, E: de::Error, S: DeserializeSeed<'de>>(
    seed: S,
    s: Cow<'de, str>,
) -> Result<S::Value, E> {
    match s {
        Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::<E>::new(s)),
        Cow::Owned(s) => seed.deserialize(StringDeserializer::<E>::new(s)),
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        if let Tag::Pending(tag) = std::mem::replace(&mut self.tag, Tag::Done) {
            self.tag = Tag::Keyed(tag);
            return text(seed, Cow::Borrowed("type")).map(Some);
        }
        while let Some(Text(key)) = self.map.next_key()? {
            if !self.envelope.take(&key, &mut self.map)? {
                return text(seed, key).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match std::mem::replace(&mut self.tag, Tag::Done) {
            Tag::Keyed(tag) => text(seed, tag),
            _ => self.map.next_value_seed(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// One event of every kind, with `at` and often `actor`.
    fn every_kind() -> Vec<Value> {
        let at = "2026-11-02T09:00:00Z";
        let agent = json!({"kind": "agent", "id": "a-1"});
        vec![
            json!({"at": at, "type": "created", "subject": "Retour", "requester": "c-1",
                   "channel": "email", "priority": "high", "status": "open", "ticket_type": "question",
                   "group": "g-1", "assignee": "a-1", "tags": ["vip"], "fields": {"order": 12}}),
            json!({"at": at, "actor": {"kind": "customer", "id": "c-1"}, "type": "message",
                   "author": "customer", "body": "Hallo \"daar\"\n", "public": false, "channel": "chat"}),
            json!({"at": at, "actor": agent, "type": "status_changed", "to": "pending"}),
            json!({"at": at, "type": "priority_changed", "to": "urgent"}),
            json!({"at": at, "actor": null, "type": "assigned", "to": null}),
            json!({"at": at, "type": "type_changed", "to": "incident"}),
            json!({"at": at, "type": "group_changed", "to": "g-2"}),
            json!({"at": at, "type": "tags_added", "tags": ["a", "b"]}),
            json!({"at": at, "type": "tags_removed", "tags": ["a"]}),
            json!({"at": at, "actor": {"kind": "system"}, "type": "field_changed", "name": "spent",
                   "value": [1, {"x": null}]}),
            json!({"at": at, "type": "satisfaction_rated", "rating": "good", "comment": "top"}),
            json!({"at": at, "type": "merged", "into": "T-9"}),
        ]
    }

    /// `object`'s members in the order `order` gives (indices into them).
    fn written_in_order(object: &Value, order: &[usize]) -> String {
        let members: Vec<(&String, &Value)> = object.as_object().unwrap().iter().collect();
        let mut picked: Vec<(&String, &Value)> = Vec::new();
        for &i in order {
            if let Some(m) = members.get(i % members.len().max(1))
                && !picked.contains(m)
            {
                picked.push(*m);
            }
        }
        let rest: Vec<(&String, &Value)> = members
            .iter()
            .filter(|m| !picked.contains(m))
            .copied()
            .collect();
        picked.extend(rest);
        let body: Vec<String> = picked
            .iter()
            .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), v))
            .collect();
        format!("{{{}}}", body.join(","))
    }

    /// The reference: the object split by hand as a map of values.
    fn reference(object: &Value) -> Result<Event, String> {
        let mut object = object.as_object().unwrap().clone();
        let at = object.remove("at").ok_or("missing at")?;
        let at = Timestamp::deserialize(at).map_err(|e| e.to_string())?;
        let actor = match object.remove("actor") {
            None | Some(Value::Null) => None,
            Some(v) => Some(Actor::deserialize(v).map_err(|e| e.to_string())?),
        };
        let kind = EventKind::deserialize(Value::Object(object)).map_err(|e| e.to_string())?;
        Ok(Event { at, actor, kind })
    }

    proptest! {
        /// Whatever the order of the members (`type` first, streaming, or
        /// later, buffered), from text or from a value: the same event.
        #[test]
        fn any_member_order_reads_the_same(kind in 0usize..12, order in prop::collection::vec(0usize..16, 0..16)) {
            let object = every_kind().swap_remove(kind);
            let expected = reference(&object).unwrap();
            let text = written_in_order(&object, &order);
            let read: Event = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            prop_assert_eq!(&read, &expected);
            let from_value: Event = serde_json::from_value(object).unwrap();
            prop_assert_eq!(&from_value, &expected);
            let reader: Event = serde_json::from_reader(text.as_bytes()).unwrap();
            prop_assert_eq!(reader, expected);
        }
    }

    fn error(text: &str) -> String {
        serde_json::from_str::<Event>(text).unwrap_err().to_string()
    }

    #[test]
    fn repeated_members_are_errors_in_either_order() {
        let at = r#""at":"2026-11-02T09:00:00Z""#;
        for text in [
            format!(r#"{{{at},{at},"type":"merged","into":"T-1"}}"#),
            format!(r#"{{"type":"merged",{at},"into":"T-1",{at}}}"#),
            format!(r#"{{"into":"T-1",{at},"type":"merged",{at}}}"#),
        ] {
            assert!(error(&text).contains("duplicate field `at`"), "{text}");
        }
        let actor = r#""actor":{"kind":"system"}"#;
        let text = format!(r#"{{{at},{actor},"type":"merged","into":"T-1",{actor}}}"#);
        assert!(error(&text).contains("duplicate field `actor`"), "{text}");
        for text in [
            format!(r#"{{{at},"type":"merged","into":"T-1","into":"T-2"}}"#),
            format!(r#"{{{at},"into":"T-1","into":"T-2","type":"merged"}}"#),
            format!(r#"{{{at},"type":"merged","type":"merged","into":"T-1"}}"#),
        ] {
            assert!(error(&text).contains("duplicate field"), "{text}");
        }
    }

    #[test]
    fn unknown_missing_and_mistyped_members_are_named() {
        let at = r#""at":"2026-11-02T09:00:00Z""#;
        for text in [
            format!(r#"{{{at},"type":"merged","into":"T-1","intoo":1}}"#),
            format!(r#"{{"intoo":1,{at},"type":"merged","into":"T-1"}}"#),
        ] {
            assert!(error(&text).contains("unknown field `intoo`"), "{text}");
        }
        assert!(error(r#"{"type":"merged","into":"T-1"}"#).contains("missing field `at`"));
        assert!(error(&format!(r#"{{{at}}}"#)).contains("missing field `type`"));
        assert!(error(&format!(r#"{{{at},"type":"merged"}}"#)).contains("missing field `into`"));
        assert!(error(&format!(r#"{{{at},"type":"lunch"}}"#)).contains("unknown variant `lunch`"));
        assert!(error(&format!(r#"{{{at},"type":5}}"#)).contains("invalid type: integer `5`"));
        assert!(error(r#"{"at":"yesterday","type":"merged","into":"T-1"}"#).contains("yesterday"));
        assert!(error("[1]").contains("invalid type: sequence, expected an event object"));
    }
}
