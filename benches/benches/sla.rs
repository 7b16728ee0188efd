//! SLA evaluation: a 20-event ticket against a 3-policy set with business hours.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::Ticket;
use frontline::sla::{PolicySet, PolicySetSpec, evaluate};
use serde_json::json;

fn policy_set() -> PolicySet {
    let spec: PolicySetSpec = serde_json::from_value(json!({
        "calendars": {"office": {"time_zone": "Europe/Amsterdam",
            "hours": {"mon": [["09:00","12:30"],["13:30","17:30"]], "tue": [["09:00","12:30"],["13:30","17:30"]],
                      "wed": [["09:00","12:30"],["13:30","17:30"]], "thu": [["09:00","12:30"],["13:30","17:30"]],
                      "fri": [["09:00","12:30"],["13:30","17:30"]]},
            "public_holidays": [{"country": "NL"}]}},
        "policies": [
            {"name": "VIP", "when": "customer.segment is vip", "calendar": "office",
             "targets": {"first_reply_time": {"urgent": "30m", "high": "1h", "normal": "1h", "low": "2h"},
                         "next_reply_time": {"urgent": "30m", "high": "1h", "normal": "1h", "low": "2h"}}},
            {"name": "Chat", "when": {"field": "channel", "op": "is", "value": "chat"},
             "targets": {"first_reply_time": {"normal": "2m", "high": "1m"},
                         "next_reply_time": {"normal": "2m", "high": "1m"}}},
            {"name": "E-mail", "calendar": "office",
             "targets": {"first_reply_time": {"urgent": "1h", "high": "4h", "normal": "8h", "low": "24h"},
                         "next_reply_time": {"urgent": "1h", "high": "4h", "normal": "8h", "low": "24h"},
                         "periodic_update_time": {"normal": "24h", "high": "8h"},
                         "requester_wait_time": {"normal": "16h", "high": "8h"},
                         "agent_work_time": {"normal": "16h", "high": "8h"},
                         "resolution_time": {"normal": "40h", "high": "16h"}}}
        ]
    }))
    .unwrap();
    PolicySet::new(&spec).unwrap()
}

/// Twenty events over four days: replies, pending, a priority change, a reopen.
fn ticket(channel: &str) -> Ticket {
    let e = |at: &str, rest: serde_json::Value| {
        let mut v = rest;
        v["at"] = json!(at);
        v
    };
    let c = |at: &str| {
        e(
            at,
            json!({"type": "message", "author": "customer", "body": "?"}),
        )
    };
    let a = |at: &str| {
        e(
            at,
            json!({"type": "message", "author": "agent", "body": "!"}),
        )
    };
    let s = |at: &str, to: &str| e(at, json!({"type": "status_changed", "to": to}));
    let events = json!([
        e(
            "2026-03-02T08:10:00Z",
            json!({"type": "created", "subject": "Factuur", "requester": "c1", "channel": channel})
        ),
        c("2026-03-02T08:10:00Z"),
        e(
            "2026-03-02T08:30:00Z",
            json!({"type": "assigned", "to": "a1"})
        ),
        a("2026-03-02T09:40:00Z"),
        s("2026-03-02T09:41:00Z", "pending"),
        c("2026-03-02T13:00:00Z"),
        e(
            "2026-03-02T13:05:00Z",
            json!({"type": "priority_changed", "to": "high"})
        ),
        e(
            "2026-03-02T13:05:00Z",
            json!({"type": "tags_added", "tags": ["billing"]})
        ),
        a("2026-03-02T15:00:00Z"),
        s("2026-03-02T15:00:00Z", "on_hold"),
        e(
            "2026-03-03T09:00:00Z",
            json!({"type": "message", "author": "agent", "public": false, "body": "n"})
        ),
        s("2026-03-03T10:00:00Z", "open"),
        a("2026-03-03T10:30:00Z"),
        s("2026-03-03T10:31:00Z", "pending"),
        c("2026-03-04T08:00:00Z"),
        a("2026-03-04T09:00:00Z"),
        s("2026-03-04T09:01:00Z", "solved"),
        c("2026-03-05T07:00:00Z"),
        a("2026-03-05T08:30:00Z"),
        s("2026-03-05T08:31:00Z", "solved"),
    ]);
    let events: Vec<frontline::Event> = serde_json::from_value(events).unwrap();
    assert_eq!(events.len(), 20);
    Ticket::from_events("T-1".parse().unwrap(), events).unwrap()
}

fn long_ticket(n: usize) -> Ticket {
    let t0: frontline::time::Timestamp = "2026-03-02T08:00:00Z".parse().unwrap();
    let mut events = vec![json!({"at": t0, "type": "created", "subject": "Factuur",
                                 "requester": "c1", "channel": "email"})];
    for i in 1..n {
        let at = t0.checked_add_seconds(i as i64 * 600).unwrap();
        events.push(match i % 3 {
            1 => json!({"at": at, "type": "message", "author": "customer", "body": "?"}),
            2 => json!({"at": at, "type": "message", "author": "agent", "body": "!"}),
            _ => json!({"at": at, "type": "status_changed", "to": "pending"}),
        });
    }
    let events: Vec<frontline::Event> = serde_json::from_value(json!(events)).unwrap();
    Ticket::from_events("T-1".parse().unwrap(), events).unwrap()
}

fn bench(c: &mut Criterion) {
    let set = policy_set();
    let now = "2026-03-05T12:00:00Z".parse().unwrap();
    for channel in ["email", "chat"] {
        let t = ticket(channel);
        c.bench_function(&format!("sla/evaluate/20_events/{channel}"), |b| {
            b.iter(|| evaluate(black_box(&set), black_box(&t), None, black_box(now)))
        });
    }
    // The cap: a ticket of MAX_EVENTS events (a customer writes, an agent
    // answers and sets it pending, every 10 minutes for almost two years).
    let long = long_ticket(frontline::ticket::MAX_EVENTS);
    let late = "2028-03-01T00:00:00Z".parse().unwrap();
    c.bench_function("sla/evaluate/100000_events", |b| {
        b.iter(|| evaluate(black_box(&set), black_box(&long), None, black_box(late)))
    });
    let t = ticket("email");
    let open_now = "2026-03-02T14:00:00Z".parse().unwrap();
    c.bench_function("sla/evaluate/20_events/email_mid_ticket", |b| {
        b.iter(|| evaluate(black_box(&set), black_box(&t), None, black_box(open_now)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
