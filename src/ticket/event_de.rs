//! Reading an [`Event`]: `at` and `actor` beside the fields of its
//! [`EventKind`], which keeps `deny_unknown_fields`.
//!
//! `#[serde(flatten)]` would accept unknown fields silently, so the object
//! is split by hand. When `type` comes before the kind's fields (as
//! frontline writes events, and as most hosts write JSON text), the rest of
//! the object streams straight into the fields of that kind
//! ([`KindFields`], a mirror of [`EventKind`] that the compiler checks
//! against it), with `at` and `actor` taken out on the way. Otherwise (keys
//! sorted, as Go, PostgreSQL's `jsonb` and a `serde_json::Value` hold them)
//! the fields are buffered as JSON values until `type` is known, then read
//! the same way; errors inside a buffered kind name the field but not its
//! path below the event. Either way a repeated `at`, `actor`, `type` or
//! field is an error, never a silent last-one-wins (inside `actor` too).
//!
//! On the streaming path the values are read as the source format types
//! them (JSON reads exactly as before); the buffered path reads them as
//! JSON values. Cost: one pass over the object; the buffered path adds a
//! JSON value per field.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    Actor, AgentId, AuthorKind, Channel, CustomerId, Event, EventKind, GroupId, Priority, Rating,
    Status, Tag, TicketId, TicketType,
};
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
                None => return Err(de::Error::missing_field("type")),
            }
        };
        if first != "type" {
            return buffered(first, map, envelope);
        }
        let Text(tag) = map.next_value()?;
        let rest = Rest {
            map,
            envelope: &mut envelope,
        };
        let kind = KindFields::deserialize(Tagged { tag, fields: rest })?;
        envelope.event(kind)
    }
}

/// The slow path: a field of the kind came before `type`, so the fields
/// are kept as JSON values until the object ends, then read as the fast
/// path reads them.
fn buffered<'de, A: MapAccess<'de>>(
    first: Cow<'de, str>,
    mut map: A,
    mut envelope: Envelope,
) -> Result<Event, A::Error> {
    let mut fields = BTreeMap::new();
    fields.insert(first, map.next_value::<Value>()?);
    while let Some(Text(key)) = map.next_key()? {
        if envelope.take(&key, &mut map)? {
            continue;
        }
        if fields.contains_key(&key) {
            return Err(de::Error::custom(format_args!(
                "duplicate field `{}`",
                crate::util::excerpt(&key)
            )));
        }
        let value: Value = map.next_value()?;
        fields.insert(key, value);
    }
    let tag = match fields.remove("type") {
        Some(tag) => String::deserialize(tag).map_err(de::Error::custom)?,
        None => return Err(de::Error::missing_field("type")),
    };
    let fields = Buffered {
        members: fields.into_iter(),
        value: None,
    };
    let kind = KindFields::deserialize(Tagged {
        tag: Cow::Owned(tag),
        fields,
    })
    .map_err(de::Error::custom)?;
    envelope.event(kind)
}

/// Buffered fields as a map.
struct Buffered<'de> {
    members: std::collections::btree_map::IntoIter<Cow<'de, str>, Value>,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for Buffered<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, serde_json::Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.value = Some(value);
                text(seed, key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, serde_json::Error> {
        seed.deserialize(self.value.take().unwrap_or(Value::Null))
    }
}

/// The rest of an event object after its `type`: every remaining member
/// but `at` and `actor`, which go to the envelope.
struct Rest<'a, A> {
    map: A,
    envelope: &'a mut Envelope,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Rest<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        while let Some(Text(key)) = self.map.next_key()? {
            if key == "type" {
                return Err(de::Error::duplicate_field("type"));
            }
            if !self.envelope.take(&key, &mut self.map)? {
                return text(seed, key).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
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

/// An event's kind as an externally tagged enum: the tag already read,
/// its fields a map (the rest of the object, or the buffered fields).
struct Tagged<'de, M> {
    tag: Cow<'de, str>,
    fields: M,
}

impl<'de, M: MapAccess<'de>> Deserializer<'de> for Tagged<'de, M> {
    type Error = M::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, M::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, M: MapAccess<'de>> de::EnumAccess<'de> for Tagged<'de, M> {
    type Error = M::Error;
    type Variant = Fields<M>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Fields<M>), M::Error> {
        Ok((text(seed, self.tag)?, Fields(self.fields)))
    }
}

/// The fields of a tagged kind.
struct Fields<M>(M);

impl<'de, M: MapAccess<'de>> de::VariantAccess<'de> for Fields<M> {
    type Error = M::Error;

    /// Every kind has fields.
    fn unit_variant(self) -> Result<(), M::Error> {
        Err(de::Error::custom("an event kind without fields"))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, M::Error> {
        Err(de::Error::custom("an event kind as a single value"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, M::Error> {
        Err(de::Error::custom("an event kind as a list"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, M::Error> {
        visitor.visit_map(self.0)
    }
}

/// [`EventKind`]'s fields with its serde attributes, read as an
/// externally tagged enum (no buffering).
///
/// serde's `remote` derive builds each `EventKind` variant from these
/// fields, so a field added there and not here fails to compile; its
/// `Serialize` derive (never called) matches every `EventKind` variant with
/// every field named, so a variant added there and not here fails to
/// compile too. The attributes (defaults) are not checked by the compiler:
/// the tests read every kind, with and without its defaults, both ways.
#[derive(Deserialize, Serialize)]
#[serde(remote = "EventKind", rename_all = "snake_case", deny_unknown_fields)]
#[allow(dead_code)] // the Serialize half exists for its exhaustive match
enum KindFields {
    Created {
        subject: String,
        requester: CustomerId,
        channel: Channel,
        #[serde(default)]
        priority: Priority,
        #[serde(default = "super::event::initial_status")]
        status: Status,
        #[serde(default)]
        ticket_type: Option<TicketType>,
        #[serde(default)]
        group: Option<GroupId>,
        #[serde(default)]
        assignee: Option<AgentId>,
        #[serde(default)]
        tags: Vec<Tag>,
        #[serde(default)]
        fields: BTreeMap<String, Value>,
    },
    Message {
        author: AuthorKind,
        #[serde(default = "super::event::yes")]
        public: bool,
        #[serde(default)]
        channel: Option<Channel>,
        body: String,
    },
    StatusChanged {
        to: Status,
    },
    PriorityChanged {
        to: Priority,
    },
    Assigned {
        to: Option<AgentId>,
    },
    TypeChanged {
        to: Option<TicketType>,
    },
    GroupChanged {
        to: Option<GroupId>,
    },
    TagsAdded {
        tags: Vec<Tag>,
    },
    TagsRemoved {
        tags: Vec<Tag>,
    },
    FieldChanged {
        name: String,
        value: Value,
    },
    SatisfactionRated {
        rating: Rating,
        #[serde(default)]
        comment: Option<String>,
    },
    Merged {
        into: TicketId,
    },
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
            // The defaults: what is left out reads the same both ways.
            json!({"at": at, "type": "created", "subject": "", "requester": "c-1", "channel": "chat"}),
            json!({"at": at, "type": "message", "author": "agent", "body": ""}),
            json!({"at": at, "type": "satisfaction_rated", "rating": "bad"}),
            json!({"at": at, "type": "assigned"}),
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
        fn any_member_order_reads_the_same(kind in 0..every_kind().len(), order in prop::collection::vec(0usize..16, 0..16)) {
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
        let twice = r#""actor":{"kind":"agent","id":"a-1","id":"a-2"}"#;
        let text = format!(r#"{{{at},{twice},"type":"merged","into":"T-1"}}"#);
        assert!(error(&text).contains("duplicate field `id`"), "{text}");
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
        let text = format!(r#"{{"into":"T-1",{at},"type":5}}"#);
        assert!(error(&text).contains("invalid type: integer `5`"), "{text}");
        assert!(error(r#"{"at":"yesterday","type":"merged","into":"T-1"}"#).contains("yesterday"));
        assert!(error("[1]").contains("invalid type: sequence, expected an event object"));
    }
}
