//! Ticket building and summaries: the per-event cost every other area pays.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark set-up")]

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::{Event, EventKind, Status, Ticket, ticket::AuthorKind, ticket::TicketId};
use std::hint::black_box;

fn history(n: usize) -> Vec<Event> {
    let t0: frontline::time::Timestamp = "2026-03-02T09:00:00Z".parse().unwrap();
    let at = |i: usize| t0.checked_add_seconds(i as i64 * 600).unwrap();
    let mut events = vec![
        serde_json::from_value(
            serde_json::json!({"at": t0, "type": "created", "subject": "Retour",
            "requester": "c1", "channel": "email"}),
        )
        .unwrap(),
    ];
    // A customer writes (reopening a pending ticket), an agent answers and
    // sets it pending again: a realistic, valid history.
    for i in 1..n {
        let message = |author| EventKind::message(author, "Dank u wel voor uw bericht.");
        let kind = match i % 3 {
            1 => message(AuthorKind::Customer),
            2 => message(AuthorKind::Agent),
            _ => EventKind::StatusChanged {
                to: Status::Pending,
            },
        };
        events.push(Event::new(at(i), kind));
    }
    events
}

fn bench(c: &mut Criterion) {
    let events = history(20);
    let id: TicketId = "T-1".parse().unwrap();
    c.bench_function("ticket/from_events/20", |b| {
        b.iter(|| Ticket::from_events(id.clone(), black_box(events.clone())).unwrap())
    });
    let ticket = Ticket::from_events(id.clone(), events.clone()).unwrap();
    c.bench_function("ticket/summary/20", |b| {
        b.iter(|| black_box(&ticket).summary())
    });
    // The cap: MAX_EVENTS events.
    let long = history(frontline::ticket::MAX_EVENTS);
    c.bench_function("ticket/from_events/100000", |b| {
        b.iter(|| Ticket::from_events(id.clone(), black_box(long.clone())).unwrap())
    });
    let long_ticket = Ticket::from_events(id.clone(), long).unwrap();
    c.bench_function("ticket/summary/100000", |b| {
        b.iter(|| black_box(&long_ticket).summary())
    });
    // Identity resolution over MAX_CUSTOMERS customers of 2 identities,
    // through the API (the index is built per call).
    let customers: Vec<serde_json::Value> = (0..frontline::api::MAX_CUSTOMERS)
        .map(|i| {
            serde_json::json!({"id": format!("c{i}"), "identities": [
                            {"type": "email", "value": format!("klant{i}@example.nl")},
                            {"type": "phone", "value": format!("+3161{i:07}")},
            ]})
        })
        .collect();
    let resolve = serde_json::json!({"schema_version": 1, "op": "identity.resolve",
        "customers": customers, "identity": {"type": "phone", "value": "0031610099999"}})
    .to_string();
    let mut group = c.benchmark_group("api");
    group.sample_size(10);
    assert!(frontline::api::call(&resolve).contains(r#""ok":true"#));
    group.bench_function("identity.resolve/50000_customers", |b| {
        b.iter(|| frontline::api::call(black_box(&resolve)))
    });
    group.finish();
    let request =
        serde_json::json!({"schema_version": 1, "op": "ticket.summary", "ticket": ticket})
            .to_string();
    c.bench_function("api/ticket.summary/20", |b| {
        b.iter(|| frontline::api::call(black_box(&request)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
