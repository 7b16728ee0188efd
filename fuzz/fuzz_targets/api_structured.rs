//! Structured requests for every op family: one valid request per op
//! (`seeds/requests.jsonl`) is taken as a template and changed by
//! arbitrary-derived mutations at the JSON level (set a value from a typed
//! palette of timestamps, numbers, domain words and texts; remove a field;
//! repeat a list item or a text; rename a key), so that most inputs get past
//! parsing into each operation's logic. The named objects the templates use
//! (calendar `office`, policies `std`, rules `r`, FAQ `shop`) are built first
//! unless the input says not to.
#![no_main]

mod common;

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const SEEDS: &str = include_str!("../seeds/requests.jsonl");
/// The first seeds build the named objects the others use.
const BUILDS: usize = 4;

fn templates() -> &'static [Value] {
    static T: OnceLock<Vec<Value>> = OnceLock::new();
    T.get_or_init(|| {
        SEEDS
            .lines()
            .map(|l| serde_json::from_str(l).expect("seed is JSON"))
            .collect()
    })
}

const WORDS: &[&str] = &[
    "",
    "open",
    "new",
    "pending",
    "on_hold",
    "solved",
    "closed",
    "low",
    "normal",
    "high",
    "urgent",
    "email",
    "chat",
    "whatsapp",
    "phone",
    "twitter",
    "customer",
    "agent",
    "system",
    "created",
    "message",
    "status_changed",
    "priority_changed",
    "assigned",
    "tags_added",
    "any_update",
    "first_reply_time",
    "next_reply_time",
    "periodic_update",
    "online",
    "away",
    "offline",
    "round_robin",
    "least_busy",
    "best_skill",
    "sla_due",
    "fifo",
    "nl",
    "en",
    "de",
    "nl-NL",
    "Europe/Amsterdam",
    "UTC",
    "America/New_York",
    "mon",
    "sun",
    "09:00",
    "17:00",
    "24:00",
    "00:00",
    "23:59:59",
    "NL",
    "US",
    "office",
    "std",
    "r",
    "shop",
    "returns",
    "a1",
    "c1",
    "T-1",
    "priority >= high",
    "status is open",
    "tags in [vip]",
    "not (",
    "is",
    "greater_than",
    "hours_since_created",
    "lifecycle",
    "trigger",
    "automation",
    "set_priority",
    "add_tags",
    "send_template",
    "3d",
    "2h",
    "-1",
    "1e400",
    "NaN",
    "\u{feff}",
    "é\u{301}",
    "🙂",
];
const TIMES: &[&str] = &[
    "2026-03-29T02:30:00+01:00",
    "2026-10-25T02:30:00+02:00",
    "2016-12-31T23:59:60Z",
    "2026-03-02T10:59:60+01:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-01:00",
    "2026-02-29T00:00:00Z",
    "2026-03-02T09:00:00.999999999Z",
    "2026-03-02 09:00:00",
    "",
];
const KEYS: &[&str] = &[
    "name",
    "calendar",
    "policies",
    "rules",
    "faq",
    "ticket",
    "events",
    "agents",
    "items",
    "item",
    "now",
    "at",
    "from",
    "to",
    "seconds",
    "k",
    "query",
    "context",
    "text",
    "lang",
    "entries",
    "config",
    "policy",
    "options",
    "rule",
    "automation",
    "locales",
    "customer",
    "unknown",
];

#[derive(Arbitrary, Debug)]
enum Leaf {
    Null,
    Bool(bool),
    Int(i64),
    Small(i8),
    Float(f64),
    Word(u8),
    Instant(i32),
    TimeText(u8),
    Text(String),
    Long(u8, u16),
    EmptyList,
    EmptyObject,
}

impl Leaf {
    fn value(&self) -> Value {
        let pick = |list: &[&str], i: u8| list[usize::from(i) % list.len()].to_owned();
        match self {
            Leaf::Null => Value::Null,
            Leaf::Bool(b) => json!(b),
            Leaf::Int(n) => json!(n),
            Leaf::Small(n) => json!(n),
            Leaf::Float(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Leaf::Word(i) => json!(pick(WORDS, *i)),
            Leaf::Instant(offset) => {
                let t = frontline::time::Timestamp::from_unix_seconds(
                    1_772_000_000 + i64::from(*offset) * 7,
                );
                json!(t.map(|t| t.to_string()).unwrap_or_default())
            }
            Leaf::TimeText(i) => json!(pick(TIMES, *i)),
            Leaf::Text(s) => json!(s),
            Leaf::Long(c, len) => {
                let c = ['a', 'é', ' ', '🙂', '\u{301}', '#'][usize::from(*c) % 6];
                json!(std::iter::repeat_n(c, usize::from(*len) * 4).collect::<String>())
            }
            Leaf::EmptyList => json!([]),
            Leaf::EmptyObject => json!({}),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Mutation {
    Set(Vec<u8>, Leaf),
    Remove(Vec<u8>),
    Repeat(Vec<u8>, u8),
    Rename(Vec<u8>, u8),
}

/// The node `path` leads to: each step picks a child of an object or list.
fn walk<'v>(node: &'v mut Value, path: &[u8]) -> &'v mut Value {
    let Some((&step, rest)) = path.split_first() else {
        return node;
    };
    let i = usize::from(step);
    let n = match &*node {
        Value::Object(map) => map.len(),
        Value::Array(list) => list.len(),
        _ => 0,
    };
    if n == 0 {
        return node;
    }
    match node {
        Value::Object(map) => walk(map.values_mut().nth(i % n).expect("i % n < n"), rest),
        Value::Array(list) => walk(&mut list[i % n], rest),
        _ => unreachable!("only objects and lists have children"),
    }
}

fn apply(request: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Set(path, leaf) => *walk(request, path) = leaf.value(),
        Mutation::Remove(path) | Mutation::Rename(path, _) => {
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match walk(request, parent) {
                Value::Object(map) if !map.is_empty() => {
                    let key = map.keys().nth(usize::from(*last) % map.len()).cloned();
                    if let Some(key) = key
                        && let Some(child) = map.remove(&key)
                        && let Mutation::Rename(_, k) = mutation
                    {
                        map.insert(KEYS[usize::from(*k) % KEYS.len()].to_owned(), child);
                    }
                }
                Value::Array(list) if !list.is_empty() => {
                    let n = list.len();
                    list.remove(usize::from(*last) % n);
                }
                _ => {}
            }
        }
        Mutation::Repeat(path, times) => match walk(request, path) {
            Value::Array(list) if !list.is_empty() => {
                let first = list[0].clone();
                list.extend(std::iter::repeat_n(first, usize::from(*times)));
            }
            Value::String(s) if !s.is_empty() && s.len() < 4096 => {
                *s = s.repeat(usize::from(*times).max(1));
            }
            _ => {}
        },
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    skip_builds: bool,
    requests: Vec<(u8, Vec<Mutation>)>,
}

/// A session with the named objects built (once; each input gets a copy).
fn built() -> &'static frontline::api::Session {
    static S: OnceLock<frontline::api::Session> = OnceLock::new();
    S.get_or_init(|| {
        let mut session = frontline::api::Session::new();
        for t in templates().iter().take(BUILDS) {
            let answer = session.call(&t.to_string());
            assert!(answer.contains(r#""ok":true"#), "{answer}");
        }
        session
    })
}

fuzz_target!(|input: Input| {
    let templates = templates();
    let mut session = if input.skip_builds {
        frontline::api::Session::new()
    } else {
        built().clone()
    };
    for (which, mutations) in input.requests.iter().take(4) {
        let mut request = templates[usize::from(*which) % templates.len()].clone();
        for m in mutations.iter().take(8) {
            apply(&mut request, m);
        }
        common::check_answer(&session.call(&request.to_string()));
    }
});
