//! Seeded synthetic ticket histories, for examples, benchmarks and tests.

use crate::ticket::{
    Actor, AgentId, AuthorKind, Channel, Event, EventKind, Priority, Rating, Status, Tag, Ticket,
    TicketId,
};
use crate::time::Timestamp;

/// A small, fast, seeded generator (SplitMix64).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A skewed delay: log-uniform between `lo` and `hi` seconds.
    fn delay(&mut self, lo: f64, hi: f64) -> i64 {
        (lo * (hi / lo).powf(self.unit())).round() as i64
    }
}

/// Synthetic tickets: `count` histories created over the 30 days from
/// `start`, the same for the same `seed`.
///
/// A web shop's mix: e-mail 45 %, chat 30 %, phone 10 %, WhatsApp 15 %;
/// most tickets arrive in office hours on weekdays; replies come in
/// seconds to minutes on chat and phone, minutes to days on e-mail; some
/// tickets wait on the customer (`pending`) or a third party (`on_hold`),
/// about 8 % reopen, 40 % are rated (85 % good), and each carries the
/// agent's handling seconds in the field `time_spent_seconds`. Histories
/// have from 7 to 21 events. Tickets created near the end may still be
/// open. For demonstrations, benchmarks and tests: not a forecast of any
/// real desk.
///
/// ```
/// use frontline::metrics::sample_tickets;
/// let start = "2026-11-02T00:00:00Z".parse()?;
/// let tickets: Vec<_> = sample_tickets(7, start, 100).collect();
/// assert_eq!(tickets.len(), 100);
/// assert!(tickets.iter().all(|t| t.events().len() <= 21));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sample_tickets(seed: u64, start: Timestamp, count: usize) -> impl Iterator<Item = Ticket> {
    let mut rng = Rng(seed);
    (0..count).filter_map(move |i| one(&mut rng, start, i))
}

const GROUPS: [&str; 3] = ["orders", "returns", "accounts"];
const TAGS: [&str; 5] = ["delivery", "refund", "login", "invoice", "damaged"];

fn one(rng: &mut Rng, start: Timestamp, i: usize) -> Option<Ticket> {
    let channel = match rng.below(100) {
        0..45 => Channel::Email,
        45..75 => Channel::Chat,
        75..85 => Channel::Phone,
        _ => Channel::Whatsapp,
    };
    let live = matches!(channel, Channel::Chat | Channel::Phone);
    let day = rng.below(30) as i64;
    let weekend = day % 7 >= 5;
    let hour = if rng.unit() < 0.85 && !weekend {
        8 + rng.below(10)
    } else {
        rng.below(24)
    } as i64;
    let created =
        start.checked_add_seconds(day * 86_400 + hour * 3_600 + rng.below(3_600) as i64)?;
    let agent = AgentId::new(format!("a-{:02}", rng.below(20))).ok()?;
    let mut events = Vec::with_capacity(20);
    let mut kind = EventKind::created(
        "Vraag",
        format!("c-{}", rng.below(50_000)).parse().ok()?,
        channel,
    );
    if let EventKind::Created {
        priority,
        group,
        tags,
        ..
    } = &mut kind
    {
        *priority = match rng.below(20) {
            0 => Priority::Urgent,
            1..4 => Priority::High,
            4..6 => Priority::Low,
            _ => Priority::Normal,
        };
        *group = GROUPS.get(rng.below(3) as usize)?.parse().ok();
        *tags = vec![Tag::new(TAGS.get(rng.below(5) as usize)?).ok()?];
    }
    events.push(Event::new(created, kind));
    let mut at = created;
    let mut step = |rng: &mut Rng, lo: f64, hi: f64| {
        at = at.saturating_add_seconds(rng.delay(lo, hi));
        at
    };
    let reply = |rng: &mut Rng| {
        if live {
            (5.0, 600.0)
        } else if rng.unit() < 0.5 {
            (300.0, 14_400.0)
        } else {
            (1_800.0, 172_800.0)
        }
    };
    events.push(Event::new(
        created,
        EventKind::message(AuthorKind::Customer, "Waar is mijn bestelling?"),
    ));
    events.push(Event::new(
        step(rng, 0.5, 30.0),
        EventKind::Assigned {
            to: Some(agent.clone()),
        },
    ));
    let (lo, hi) = reply(rng);
    let agent_says = |at, body: &str| {
        Event::new(at, EventKind::message(AuthorKind::Agent, body))
            .by(Actor::Agent { id: agent.clone() })
    };
    let first = step(rng, lo, hi);
    events.push(agent_says(first, "Ik zoek het voor je uit."));
    events.push(Event::new(
        first,
        EventKind::StatusChanged { to: Status::Open },
    ));
    // Back and forth: up to three more rounds, some through pending or on-hold.
    for _ in 0..rng.below(4) {
        let pause = match rng.below(6) {
            0 => Some(Status::Pending),
            1 => Some(Status::OnHold),
            _ => None,
        };
        if let Some(status) = pause {
            events.push(Event::new(
                step(rng, 1.0, 60.0),
                EventKind::StatusChanged { to: status },
            ));
        }
        if pause != Some(Status::OnHold) {
            events.push(Event::new(
                step(rng, 60.0, 86_400.0),
                EventKind::message(AuthorKind::Customer, "Nog niets ontvangen."),
            ));
        } else {
            events.push(Event::new(
                step(rng, 600.0, 86_400.0),
                EventKind::StatusChanged { to: Status::Open },
            ));
        }
        let (lo, hi) = reply(rng);
        events.push(agent_says(step(rng, lo, hi), "Dank je, ik kijk verder."));
    }
    let solved = step(rng, 5.0, 3_600.0);
    events.push(Event::new(
        solved,
        EventKind::StatusChanged { to: Status::Solved },
    ));
    let spent = serde_json::Value::from(60 + rng.below(1_200));
    events.push(Event::new(
        solved,
        EventKind::FieldChanged {
            name: "time_spent_seconds".into(),
            value: spent,
        },
    ));
    if rng.unit() < 0.08 {
        events.push(Event::new(
            step(rng, 3_600.0, 259_200.0),
            EventKind::message(AuthorKind::Customer, "Het is toch niet opgelost."),
        ));
        let (lo, hi) = reply(rng);
        events.push(agent_says(step(rng, lo, hi), "Excuses, ik los het nu op."));
        events.push(Event::new(
            step(rng, 60.0, 7_200.0),
            EventKind::StatusChanged { to: Status::Solved },
        ));
    }
    if rng.unit() < 0.4 {
        let rating = if rng.unit() < 0.85 {
            Rating::Good
        } else {
            Rating::Bad
        };
        events.push(Event::new(
            step(rng, 60.0, 86_400.0),
            EventKind::SatisfactionRated {
                rating,
                comment: None,
            },
        ));
    }
    if rng.unit() < 0.5 {
        events.push(Event::new(
            step(rng, 86_400.0, 345_600.0),
            EventKind::StatusChanged { to: Status::Closed },
        ));
    }
    Ticket::from_events(TicketId::new(format!("T-{i}")).ok()?, events).ok()
}
