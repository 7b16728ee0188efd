//! Rules: 1,000 rules against one event, with and without the trace.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::rules::{EvalOptions, RuleInput, RuleSet, RuleSetSpec, evaluate_with};
use frontline::{Customer, Event, Ticket};
use serde_json::{Value, json};

/// A mix of realistic condition shapes, varied by index.
fn rule(i: usize) -> Value {
    let when = match i % 8 {
        0 => json!({"all": [{"field": "priority", "op": "gte", "value": "high"},
                            {"field": "channel", "op": "in", "value": ["email", "chat"]}]}),
        1 => json!({"field": "message", "op": "contains_word", "value": format!("woord{i}")}),
        2 => json!({"field": "subject", "op": "contains", "value": format!("onderwerp {i}")}),
        3 => json!({"field": "tags", "op": "contains", "value": format!("tag{}", i % 50)}),
        4 => json!({"field": "message", "op": "matches", "value": format!("order\\s*#?{i}\\b")}),
        5 => json!({"all": [{"field": "customer.segment", "op": "is", "value": "vip"},
                            {"not": {"field": "status", "op": "in", "value": ["solved", "closed"]}}]}),
        6 => json!({"any": [{"field": "field.order_total", "op": "gt", "value": 100 + i},
                            {"field": "event.author", "op": "is", "value": "agent"}]}),
        _ => json!({"hours_since": "created", "op": "gt", "value": (i % 48)}),
    };
    json!({"id": format!("r{i}"), "kind": {"trigger": ["customer_message", "any_update"]}, "when": when,
           "actions": [{"type": "add_tags", "tags": [format!("hit{}", i % 7)]}]})
}

fn ticket() -> Ticket {
    let mut events = vec![
        json!({"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Waar blijft bestelling 4021?",
        "requester": "c1", "channel": "email", "tags": ["order", "tag3"], "fields": {"order_total": 250}}),
    ];
    for i in 1..20 {
        let at = format!("2026-03-02T{:02}:{:02}:00Z", 9 + i / 6, (i * 10) % 60);
        events.push(if i % 2 == 1 {
            json!({"at": at, "type": "message", "author": "customer", "body": "Mijn bestelling #4021 is nog steeds niet binnen, wat is er aan de hand?"})
        } else {
            json!({"at": at, "type": "message", "author": "agent", "body": "We kijken ernaar."})
        });
    }
    let events: Vec<Event> = serde_json::from_value(json!(events)).unwrap();
    Ticket::from_events("T-1".parse().unwrap(), events).unwrap()
}

fn bench(c: &mut Criterion) {
    let tk = ticket();
    let mut customer = Customer::new("c1".parse().unwrap());
    customer.segment = Some("vip".into());
    let now = "2026-03-02T13:00:00Z".parse().unwrap();
    for n in [100usize, 1_000, frontline::rules::MAX_RULES] {
        let spec: RuleSetSpec =
            serde_json::from_value(json!({"rules": (0..n).map(rule).collect::<Vec<_>>()})).unwrap();
        let rules = RuleSet::new(&spec).unwrap();
        let input = RuleInput::event(&tk).customer(&customer);
        for trace in [false, true] {
            if trace && n == frontline::rules::MAX_RULES {
                continue;
            }
            let name = format!(
                "rules/evaluate/{n}_rules/{}",
                if trace { "trace" } else { "no_trace" }
            );
            let mut options = EvalOptions::default();
            options.trace = trace;
            c.bench_function(&name, |b| {
                b.iter(|| evaluate_with(black_box(&rules), black_box(&input), now, &options))
            });
        }
    }
    let spec: RuleSetSpec =
        serde_json::from_value(json!({"rules": (0..1_000).map(rule).collect::<Vec<_>>()})).unwrap();
    c.bench_function("rules/build/1000_rules", |b| {
        b.iter(|| RuleSet::new(black_box(&spec)).unwrap())
    });
    // The cap: MAX_RULES rules.
    let spec: RuleSetSpec = serde_json::from_value(
        json!({"rules": (0..frontline::rules::MAX_RULES).map(rule).collect::<Vec<_>>()}),
    )
    .unwrap();
    c.bench_function("rules/build/10000_rules", |b| {
        b.iter(|| RuleSet::new(black_box(&spec)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
