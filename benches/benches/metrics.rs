//! KPIs: a `KpiAccumulator` fed 10,000 distinct tickets of 20 events each
//! (grouped by channel and tag; calendar time only, and with a business
//! calendar), a million tickets in one go, merging eight accumulators,
//! and the percentile sketch beside the `sketches-ddsketch` crate's.
//! Target (issue 19): 1,000,000 tickets of 20 events in at most 1 s on
//! one core, memory bounded by the groups.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "benchmark set-up"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontline::calendar::{BusinessCalendar, CalendarSpec, Calendars};
use frontline::metrics::{Dimension, Distribution, KpiAccumulator, KpiConfig};
use frontline::ticket::{Actor, AuthorKind, Channel, EventKind, Rating, Status};
use frontline::{Event, Ticket, Timestamp};
use serde_json::json;

/// A ticket of exactly 20 events: created, the question, an assignment,
/// the first reply and `open`, six more rounds, `solved`, the time spent
/// and a rating; delays vary with `i`.
fn twenty_events(i: u64, start: Timestamp) -> Ticket {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = |lo: i64, hi: i64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        lo + (x % (hi - lo) as u64) as i64
    };
    let channel = [
        Channel::Email,
        Channel::Chat,
        Channel::Phone,
        Channel::Whatsapp,
    ][(i % 4) as usize];
    let mut at = start.checked_add_seconds(next(0, 29 * 86_400)).unwrap();
    let agent = Actor::Agent {
        id: format!("a-{}", i % 20).parse().unwrap(),
    };
    let mut kind = EventKind::created("Vraag", format!("c-{i}").parse().unwrap(), channel);
    if let EventKind::Created { tags, .. } = &mut kind {
        *tags = vec![
            ["delivery", "refund", "login"][(i % 3) as usize]
                .parse()
                .unwrap(),
        ];
    }
    let mut events = vec![Event::new(at, kind)];
    events.push(Event::new(
        at,
        EventKind::message(AuthorKind::Customer, "Waar is mijn pakket?"),
    ));
    at = at.saturating_add_seconds(next(1, 60));
    events.push(Event::new(
        at,
        EventKind::Assigned {
            to: Some(format!("a-{}", i % 20).parse().unwrap()),
        },
    ));
    at = at.saturating_add_seconds(next(10, 7_200));
    events.push(
        Event::new(at, EventKind::message(AuthorKind::Agent, "Ik kijk het na.")).by(agent.clone()),
    );
    events.push(Event::new(
        at,
        EventKind::StatusChanged { to: Status::Open },
    ));
    for _ in 0..6 {
        at = at.saturating_add_seconds(next(60, 36_000));
        events.push(Event::new(
            at,
            EventKind::message(AuthorKind::Customer, "En nu?"),
        ));
        at = at.saturating_add_seconds(next(10, 7_200));
        events.push(
            Event::new(at, EventKind::message(AuthorKind::Agent, "Bijna.")).by(agent.clone()),
        );
    }
    at = at.saturating_add_seconds(next(10, 600));
    events.push(Event::new(
        at,
        EventKind::StatusChanged { to: Status::Solved },
    ));
    events.push(Event::new(
        at,
        EventKind::FieldChanged {
            name: "time_spent_seconds".into(),
            value: json!(next(60, 1_800)),
        },
    ));
    at = at.saturating_add_seconds(next(60, 86_400));
    let rating = if i.is_multiple_of(7) {
        Rating::Bad
    } else {
        Rating::Good
    };
    events.push(Event::new(
        at,
        EventKind::SatisfactionRated {
            rating,
            comment: None,
        },
    ));
    let ticket = Ticket::from_events(format!("T-{i}").parse().unwrap(), events).unwrap();
    assert_eq!(ticket.events().len(), 20);
    ticket
}

fn calendars() -> Calendars {
    let spec: CalendarSpec = serde_json::from_value(json!({"time_zone": "Europe/Amsterdam",
        "hours": {"mon": [["08:00","20:00"]], "tue": [["08:00","20:00"]], "wed": [["08:00","20:00"]],
                  "thu": [["08:00","20:00"]], "fri": [["08:00","20:00"]], "sat": [["10:00","16:00"]]},
        "public_holidays": [{"country": "NL"}]}))
    .unwrap();
    Calendars::new()
        .with("support", BusinessCalendar::new(&spec).unwrap())
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let start = Timestamp::parse("2026-11-01T00:00:00Z").unwrap();
    let end = Timestamp::parse("2026-12-01T00:00:00Z").unwrap();
    let tickets: Vec<Ticket> = (0..10_000).map(|i| twenty_events(i, start)).collect();
    let cals = calendars();
    let mut config = KpiConfig::new(start, end).group_by([Dimension::Channel, Dimension::Tag]);
    config.handle_time_field = Some("time_spent_seconds".into());
    let business = config.clone().calendar("support");

    let mut g = c.benchmark_group("kpis");
    g.sample_size(20);
    g.bench_function("add 10k tickets of 20 events", |b| {
        b.iter(|| {
            let mut acc = KpiAccumulator::new(config.clone(), &cals).unwrap();
            for t in &tickets {
                acc.add(black_box(t), None).unwrap();
            }
            acc
        })
    });
    g.bench_function("add 10k tickets of 20 events, business time", |b| {
        b.iter(|| {
            let mut acc = KpiAccumulator::new(business.clone(), &cals).unwrap();
            for t in &tickets {
                acc.add(black_box(t), None).unwrap();
            }
            acc
        })
    });
    let mut full = KpiAccumulator::new(config.clone(), &cals).unwrap();
    for t in &tickets {
        full.add(t, None).unwrap();
    }
    g.bench_function("report of 12 groups", |b| {
        b.iter(|| black_box(&full).report())
    });
    g.sample_size(10);
    g.bench_function(
        "add 1M tickets of 20 events (10k distinct, 100 times)",
        |b| {
            b.iter(|| {
                let mut acc = KpiAccumulator::new(config.clone(), &cals).unwrap();
                for _ in 0..100 {
                    for t in &tickets {
                        acc.add(black_box(t), None).unwrap();
                    }
                }
                acc
            })
        },
    );
    let parts: Vec<KpiAccumulator> = (0..8)
        .map(|p| {
            let mut acc = KpiAccumulator::new(config.clone(), &cals).unwrap();
            for t in tickets.iter().skip(p).step_by(8) {
                acc.add(t, None).unwrap();
            }
            acc
        })
        .collect();
    g.bench_function("merge 8 accumulators", |b| {
        b.iter(|| {
            let mut acc = parts[0].clone();
            for p in &parts[1..] {
                acc.merge(black_box(p)).unwrap();
            }
            acc
        })
    });
    g.finish();

    let values: Vec<i64> = (0..100_000u64)
        .map(|i| (i.wrapping_mul(2_654_435_761) % 864_000) as i64 + 1)
        .collect();
    let mut g = c.benchmark_group("sketch");
    g.bench_function("frontline Distribution, 100k values", |b| {
        b.iter(|| {
            let mut d = Distribution::new();
            for &v in &values {
                d.add(black_box(v));
            }
            d.quantile(0.5)
        })
    });
    g.bench_function("sketches-ddsketch DDSketch, 100k values", |b| {
        b.iter(|| {
            let mut d =
                sketches_ddsketch::DDSketch::new(sketches_ddsketch::Config::new(0.01, 2_200, 1e-9));
            for &v in &values {
                d.add(black_box(v as f64));
            }
            d.quantile(0.5).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
