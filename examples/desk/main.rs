//! The desk: a simulated day at a small Dutch and English web shop.
//!
//! ```text
//! cargo run --example desk              # the built-in day (seed 7)
//! cargo run --example desk -- --seed 42 # another day
//! ```
//!
//! Customers write in over e-mail, chat, WhatsApp, social networks, phone and
//! the web form. The desk recognises them across channels (identity
//! resolution), keeps every conversation as a ticket built from events, and at
//! the end of the day prints what happened to each ticket, measured on the
//! right clock: office hours in Amsterdam (with Dutch public holidays) for
//! e-mail, forms and social media, around the clock for chat, phone and
//! WhatsApp.
//!
//! Everything is generated from the seed: the same seed gives the same day.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an example program over built-in sample data that is known to be valid"
)]

mod sample;

use frontline::faq::{Decision as FaqDecision, FaqConfig, FaqEntry, FaqIndex, SearchContext};
use frontline::routing::{Decision, Outcome, Reason, Roster, WorkItem, route};
use frontline::rules::{RuleInput, RuleOutcome, evaluate, next_due_at};
use frontline::time::Timestamp;
use frontline::{
    BusinessCalendar, Channel, Event, EventKind, Priority, Status, Ticket, customer::IdentityIndex,
    customer::LinkOutcome, ticket::Actor, ticket::AgentId, ticket::AuthorKind, ticket::Rating,
    ticket::Tag, ticket::TicketId,
};

use sample::{Rng, TOPICS};

fn minutes(n: u64) -> i64 {
    (n * 60) as i64
}

fn hhmm(t: Timestamp) -> String {
    t.to_string()[11..16].to_owned()
}

struct Day {
    tickets: Vec<Ticket>,
    /// Lines printed as conversations arrive.
    log: Vec<String>,
}

/// A public message by `author`, sent on `channel`.
fn message(author: AuthorKind, channel: Channel, body: String) -> EventKind {
    let mut kind = EventKind::message(author, body);
    if let EventKind::Message { channel: on, .. } = &mut kind {
        *on = Some(channel);
    }
    kind
}

/// Appends `event` if it happens before the end of the day.
fn push(events: &mut Vec<Event>, end: Timestamp, event: Event) -> bool {
    if event.at <= end {
        events.push(event);
        true
    } else {
        false
    }
}

fn simulate(seed: u64) -> Day {
    let mut rng = Rng::new(seed);
    let customers = sample::customers();
    let mut index = IdentityIndex::from_customers(customers.iter().map(|c| &c.customer))
        .expect("sample customers");
    let start = sample::start_of_day();
    let end = start.checked_add_seconds(minutes(10 * 60)).unwrap();
    let mut clock = start;
    let policy = sample::routing_policy();
    // (agent, channel, busy until): the work each agent holds.
    let mut busy: Vec<(AgentId, Channel, Timestamp)> = Vec::new();
    let mut last_assigned: Vec<(AgentId, Timestamp)> = Vec::new();
    let mut handled_by: Vec<(frontline::ticket::CustomerId, AgentId)> = Vec::new();
    let mut day = Day {
        tickets: Vec::new(),
        log: Vec::new(),
    };

    for n in 0..16u64 {
        clock = clock
            .checked_add_seconds(minutes(10 + rng.below(40)))
            .unwrap();
        if clock > end {
            break;
        }
        let who = rng.pick(&customers);
        let (channel, identity) = rng.pick(&who.reach).clone();
        let topic = rng.pick(TOPICS);
        let dutch = who
            .customer
            .locale
            .as_ref()
            .is_some_and(|l| l.language() == "nl");
        let (subject, body) = if dutch { topic.nl } else { topic.en };
        let order = format!("#{}", 40_000 + rng.below(9_999));
        let body = body.replace("{order}", &order);

        // Who is writing? Resolve the channel identity; an unknown one is
        // confirmed once (the customer logs in, or gives their order number)
        // and linked, so nobody asks again.
        let known_identity = who.customer.identities.iter().next().unwrap().clone();
        let requester = match index.resolve(&identity) {
            Some(id) => id.clone(),
            None => {
                let outcome = index.link(&known_identity, &identity).expect("link");
                let LinkOutcome::Attached { customer, .. } = &outcome else {
                    unreachable!("a new identity is attached")
                };
                day.log.push(format!(
                    "         new identity {identity} confirmed once and linked to {customer}"
                ));
                customer.clone()
            }
        };

        let id: TicketId = format!("T-{}", 1001 + n).parse().unwrap();
        let customer = Actor::Customer {
            id: requester.clone(),
        };
        let mut events = vec![
            Event::new(clock, {
                let mut kind = EventKind::created(subject, requester.clone(), channel);
                if let EventKind::Created { tags, fields, .. } = &mut kind {
                    *tags = vec![Tag::new(topic.key).unwrap()];
                    fields.insert("order".to_owned(), serde_json::json!(order));
                }
                kind
            })
            .by(customer.clone()),
            Event::new(clock, message(AuthorKind::Customer, channel, body)).by(customer.clone()),
        ];
        day.log.push(format!(
            "  {}  {}  {:<9}  {:<16} {:<6} \"{}\"",
            hhmm(clock),
            id,
            channel,
            who.customer.name.as_deref().unwrap_or("?"),
            who.customer.locale.as_ref().map_or("", |l| l.as_str()),
            subject
        ));

        // Route it: who speaks the language, has the skill and has room?
        let language = if dutch { "nl" } else { "en" };
        let mut agents = sample::team();
        for agent in &mut agents {
            for (who, ch, until) in &busy {
                if *who == agent.id && *until > clock {
                    *agent.load.entry(*ch).or_insert(0) += 1;
                }
            }
            agent.last_assigned_at = last_assigned
                .iter()
                .find(|(a, _)| *a == agent.id)
                .map(|(_, t)| *t);
        }
        let roster = Roster::new(agents, &policy).expect("valid team");
        let item: WorkItem = serde_json::from_value(serde_json::json!({
            "ticket": id, "channel": channel, "language": language, "enqueued_at": clock,
            "required_skills": {sample::skill_for(topic.key): 3},
            "preferred_agent": handled_by.iter().find(|(c, _)| *c == requester).map(|(_, a)| a.clone()),
        }))
        .expect("valid work item");
        let decision = route(&item, &roster, clock);
        day.log.push(format!("         {}", explain(&decision)));
        let Outcome::Assigned { agent, .. } = &decision.outcome else {
            day.tickets.push(finish(id, events));
            continue;
        };
        let agent = agent.clone();
        last_assigned.retain(|(a, _)| *a != agent);
        last_assigned.push((agent.clone(), clock));
        handled_by.retain(|(c, _)| *c != requester);
        handled_by.push((requester.clone(), agent.clone()));
        let agent_actor = Actor::Agent { id: agent.clone() };
        // Live channels are picked up within minutes; the rest within half an hour.
        let is_live = channel.is_live() || channel == Channel::Whatsapp;
        let pickup = if is_live {
            1 + rng.below(5)
        } else {
            2 + rng.below(25)
        };
        let mut t = clock.checked_add_seconds(minutes(pickup)).unwrap();
        push(
            &mut events,
            end,
            Event::new(
                t,
                EventKind::Assigned {
                    to: Some(agent.clone()),
                },
            )
            .by(agent_actor.clone()),
        );
        if topic.upset || who.customer.segment.as_deref() == Some("vip") {
            push(
                &mut events,
                end,
                Event::new(t, EventKind::PriorityChanged { to: Priority::High })
                    .by(agent_actor.clone()),
            );
        }
        let reply = |t: Timestamp, body: &str| {
            Event::new(t, message(AuthorKind::Agent, channel, body.into())).by(agent_actor.clone())
        };
        // 15 % are not answered by the end of the day.
        if rng.chance(15) {
            busy.push((agent.clone(), channel, busy_until(&events, end)));
            day.tickets.push(finish(id, events));
            continue;
        }
        let answer = if is_live {
            1 + rng.below(12)
        } else {
            5 + rng.below(90)
        };
        t = t.checked_add_seconds(minutes(answer)).unwrap();
        if !push(
            &mut events,
            end,
            reply(t, "Bedankt voor uw bericht / thanks for your message ..."),
        ) {
            busy.push((agent.clone(), channel, busy_until(&events, end)));
            day.tickets.push(finish(id, events));
            continue;
        }
        let next = rng.below(100);
        if next < 50 {
            // Waiting on the customer; most of them answer.
            push(
                &mut events,
                end,
                Event::new(
                    t,
                    EventKind::StatusChanged {
                        to: Status::Pending,
                    },
                )
                .by(agent_actor.clone()),
            );
            if rng.chance(60) {
                t = t.checked_add_seconds(minutes(20 + rng.below(120))).unwrap();
                let answered = push(
                    &mut events,
                    end,
                    Event::new(
                        t,
                        message(
                            AuthorKind::Customer,
                            channel,
                            "Hier is de informatie / here is the information.".into(),
                        ),
                    )
                    .by(customer.clone()),
                );
                if answered && rng.chance(70) {
                    t = t.checked_add_seconds(minutes(5 + rng.below(60))).unwrap();
                    if push(&mut events, end, reply(t, "Opgelost! / Sorted!")) {
                        push(
                            &mut events,
                            end,
                            Event::new(t, EventKind::StatusChanged { to: Status::Solved })
                                .by(agent_actor.clone()),
                        );
                    }
                }
            }
        } else if next < 80 {
            push(
                &mut events,
                end,
                Event::new(t, EventKind::StatusChanged { to: Status::Solved })
                    .by(agent_actor.clone()),
            );
            t = t.checked_add_seconds(minutes(15 + rng.below(120))).unwrap();
            if rng.chance(25) {
                // Not solved after all: the customer writes back and reopens it.
                push(
                    &mut events,
                    end,
                    Event::new(
                        t,
                        message(
                            AuthorKind::Customer,
                            channel,
                            "Het werkt nog steeds niet. / Still not working.".into(),
                        ),
                    )
                    .by(customer.clone()),
                );
            } else {
                let rating = if rng.chance(80) {
                    Rating::Good
                } else {
                    Rating::Bad
                };
                push(
                    &mut events,
                    end,
                    Event::new(
                        t,
                        EventKind::SatisfactionRated {
                            rating,
                            comment: None,
                        },
                    )
                    .by(customer.clone()),
                );
            }
        } else {
            push(
                &mut events,
                end,
                Event::new(t, EventKind::internal_note("Checking with the warehouse."))
                    .by(agent_actor.clone()),
            );
            push(
                &mut events,
                end,
                Event::new(t, EventKind::StatusChanged { to: Status::OnHold })
                    .by(agent_actor.clone()),
            );
        }
        busy.push((agent.clone(), channel, busy_until(&events, end)));
        day.tickets.push(finish(id, events));
    }
    day
}

/// Which clock a channel's promises run on.
fn calendar_for<'a>(
    channel: Channel,
    office: &'a BusinessCalendar,
    live: &'a BusinessCalendar,
) -> (&'a BusinessCalendar, &'static str) {
    if channel.is_live() || channel == Channel::Whatsapp {
        (live, "24/7")
    } else {
        (office, "office")
    }
}

/// Business minutes between two instants on a calendar.
fn business_minutes(calendar: &BusinessCalendar, from: Timestamp, to: Timestamp) -> i64 {
    calendar.between(from, to).expect("within the horizon") / 60
}

/// When a ticket stops occupying its agent: when it is first set pending,
/// on hold or solved, or the end of the day.
fn busy_until(events: &[Event], end: Timestamp) -> Timestamp {
    events
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::StatusChanged {
                    to: Status::Pending | Status::OnHold | Status::Solved
                }
            )
        })
        .map_or(end, |e| e.at)
}

/// The leaves that held, with what they saw: why a rule fired.
fn why(node: Option<&frontline::rules::NodeTrace>) -> String {
    fn walk(n: &frontline::rules::NodeTrace, out: &mut Vec<String>) {
        if n.children.is_empty() {
            if n.held {
                let seen = n
                    .seen
                    .as_ref()
                    .map_or(String::new(), |s| format!(" (saw {s})"));
                out.push(format!("{}{seen}", n.node));
            }
        } else if n.held {
            n.children.iter().for_each(|c| walk(c, out));
        }
    }
    let mut out = Vec::new();
    match node {
        Some(n) => walk(n, &mut out),
        None => out.push("it has no condition".into()),
    }
    out.join(" and ")
}

/// One line on why a ticket went where it went.
fn explain(decision: &Decision<'_>) -> String {
    let reasons: Vec<String> = decision
        .rejected
        .iter()
        .map(|r| {
            let why = match &r.reason {
                Reason::Language { needed } => format!("no {needed}"),
                Reason::LacksSkill {
                    skill,
                    required,
                    has,
                } => format!("{skill} {has} < {required}"),
                Reason::AtCapacity {
                    channel,
                    load,
                    capacity,
                } => format!("{channel} full {load}/{capacity}"),
                Reason::Presence { status } => format!("{status:?}").to_lowercase(),
                Reason::RankedLower => "busier".to_owned(),
                other => format!("{other:?}"),
            };
            format!("{} {why}", r.agent)
        })
        .collect();
    match &decision.outcome {
        Outcome::Assigned { agent, by } => {
            format!("-> {agent} ({by}); not: {}", reasons.join(", "))
        }
        _ => format!("-> queued; {}", reasons.join(", ")),
    }
}

/// The web shop's FAQ (40 entries, Dutch and English), built in.
const FAQ: &str = include_str!("faq.json");

/// The FAQ reads each conversation's first message: answer, suggest, or
/// hand it to a human. The language is detected, not taken from the
/// customer's profile, as a chat widget without login would have to.
fn self_service(day: &Day) {
    let entries: Vec<FaqEntry> = serde_json::from_str(FAQ).expect("sample FAQ");
    let index = FaqIndex::new(entries, FaqConfig::default()).expect("valid FAQ");
    let customers = sample::customers();
    println!(
        "\nSelf-service: the FAQ ({} entries) reads each first message",
        index.len()
    );
    println!("  ticket  lang  decision  confidence  best match (matched words)");
    let mut counts = [0usize; 3];
    let mut show = |id: &str, text: &str, plan: Option<String>| {
        let mut context = SearchContext::default();
        context.plan = plan;
        let result = index
            .search(text, &context, 3)
            .expect("query within limits");
        let slot = match result.decision {
            FaqDecision::Answer => 0,
            FaqDecision::Suggest => 1,
            _ => 2,
        };
        counts[slot] += 1;
        let best = result.matches.first().map_or("-".to_owned(), |m| {
            let mut words: Vec<&str> = Vec::new();
            for t in &m.matched_terms {
                if !words.contains(&t.text.as_str()) {
                    words.push(&t.text);
                }
            }
            format!("{} ({})", m.id, words.join(", "))
        });
        let decision = serde_json::to_value(result.decision).unwrap();
        println!(
            "  {:<7} {:<5} {:<9} {:>10.2}  {}",
            id,
            result.lang,
            decision.as_str().unwrap_or("?"),
            result.confidence,
            best
        );
        if result.decision == FaqDecision::Answer
            && let Some(m) = result.matches.first()
        {
            println!("          → \"{}\"", m.answer);
        }
    };
    for ticket in &day.tickets {
        let Some(body) = ticket.events().iter().find_map(|e| match &e.kind {
            EventKind::Message {
                author: AuthorKind::Customer,
                body,
                ..
            } => Some(body.clone()),
            _ => None,
        }) else {
            continue;
        };
        let plan = customers
            .iter()
            .find(|c| &c.customer.id == ticket.requester())
            .and_then(|c| c.customer.plan.clone());
        show(
            ticket.id().as_str(),
            &format!("{} {body}", ticket.subject()),
            plan,
        );
    }
    // Two messages no FAQ entry covers: a human should take them.
    show(
        "(chat)",
        "Zoeken jullie nog mensen voor het magazijn?",
        None,
    );
    show("(chat)", "Can you recommend a good knife for bread?", None);
    println!(
        "  {} answered, {} suggested, {} escalated to a human",
        counts[0], counts[1], counts[2]
    );
}

fn finish(id: TicketId, events: Vec<Event>) -> Ticket {
    // The history was generated in order, so it must rebuild; a failure here is
    // a bug in the example, and the error says which event and why.
    Ticket::from_events(id, events).unwrap_or_else(|e| panic!("sample ticket: {e}"))
}

fn main() {
    let mut seed = 7u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => {
                seed = args.next().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
                    eprintln!("--seed needs a whole number");
                    std::process::exit(2)
                })
            }
            _ => {
                eprintln!("usage: desk [--seed N]");
                std::process::exit(2)
            }
        }
    }
    let day = simulate(seed);
    let now = sample::start_of_day()
        .checked_add_seconds(minutes(10 * 60))
        .unwrap();

    println!("frontline desk: a simulated day at a Dutch and English web shop (seed {seed})");
    println!("Monday 2026-03-02, 07:00 to 17:00 UTC\n");
    println!("Conversations arriving (time in UTC, channel, customer, locale, subject)");
    for line in &day.log {
        println!("{line}");
    }

    self_service(&day);

    let office = sample::office_calendar();
    let live = sample::live_calendar();
    println!(
        "\nTickets at {} (end of day). Reply times in business minutes on the ticket's clock.",
        hhmm(now)
    );
    println!(
        "  ticket  status   priority  assignee  clock   first reply  agent replies  reopens  waiting (business min)"
    );
    let mut first_replies = Vec::new();
    let mut waiting = 0;
    let mut reopens = 0;
    for ticket in &day.tickets {
        let s = ticket.summary();
        let (calendar, clock) = calendar_for(ticket.channel(), &office, &live);
        let first = s
            .first_public_agent_reply_at
            .map(|r| business_minutes(calendar, s.created_at, r));
        if let Some(m) = first {
            first_replies.push(m);
        }
        waiting += usize::from(s.awaiting_agent_reply);
        reopens += s.reopens;
        println!(
            "  {:<7} {:<8} {:<9} {:<9} {:<6} {:>12}  {:>13}  {:>7}  {}",
            ticket.id(),
            ticket.status(),
            ticket.priority(),
            ticket.assignee().map_or("-", |a| a.as_str()),
            clock,
            first.map_or("-".to_owned(), |m| format!("{m} min")),
            s.public_agent_replies,
            s.reopens,
            s.awaiting_since.map_or("-".to_owned(), |since| format!(
                "since {} ({} min)",
                hhmm(since),
                business_minutes(calendar, since, now)
            )),
        );
    }
    first_replies.sort_unstable();
    let median = first_replies.get(first_replies.len() / 2).copied();
    println!(
        "\n{} tickets, {} answered (median first reply {} business), {} waiting on an agent, {} reopened.",
        day.tickets.len(),
        first_replies.len(),
        median.map_or("-".to_owned(), |m| format!("{m} min")),
        waiting,
        reopens
    );

    // SLA: every clock of every ticket at the end of the day.
    let policies = sample::sla_policies();
    let customers = sample::customers();
    println!(
        "\nSLA at {} (policy; reply promised by; first reply and resolution clocks)",
        hhmm(now)
    );
    let mut breaches = Vec::new();
    let mut warnings = Vec::new();
    let mut wake_up: Option<Timestamp> = None;
    let mut waiting: Vec<WorkItem> = Vec::new();
    let mut overdue: Vec<frontline::ticket::TicketId> = Vec::new();
    for ticket in &day.tickets {
        let customer = customers
            .iter()
            .map(|c| &c.customer)
            .find(|c| &c.id == ticket.requester());
        let report = frontline::sla::evaluate(&policies, ticket, customer, now);
        let clock = |name: &str| {
            report
                .metric(name)
                .and_then(|m| m.cycles.last())
                .map_or("-".to_owned(), |c| {
                    let state = c.state.to_string();
                    match (c.remaining_seconds, c.state) {
                        (
                            Some(r),
                            frontline::sla::SlaState::Active | frontline::sla::SlaState::Paused,
                        ) => {
                            format!("{state} ({} min left)", r / 60)
                        }
                        (Some(r), frontline::sla::SlaState::Breached) => {
                            format!("breached ({} min over)", -r / 60)
                        }
                        _ => state,
                    }
                })
        };
        println!(
            "  {:<7} {:<14} reply by {:<21} first reply: {:<26} resolution: {}",
            ticket.id(),
            report.policy.as_deref().unwrap_or("-"),
            report.reply_by().map_or("-".to_owned(), |t| t.to_string()),
            clock("first_reply_time"),
            clock("resolution_time"),
        );
        for m in &report.metrics {
            for c in &m.cycles {
                if c.state == frontline::sla::SlaState::Breached {
                    breaches.push(format!(
                        "{} {} (breached at {})",
                        ticket.id(),
                        m.metric,
                        c.breached_at.map_or("?".to_owned(), |t| t.to_string())
                    ));
                } else if c.warning && c.stopped_at.is_none() {
                    warnings.push(format!(
                        "{} {} ({} min left)",
                        ticket.id(),
                        m.metric,
                        c.remaining_seconds.unwrap_or(0) / 60
                    ));
                }
            }
        }
        let summary = ticket.summary();
        if report.reply_due().is_some_and(|d| d.overdue) {
            overdue.push(ticket.id().clone());
        }
        if let Some(since) = summary.awaiting_since {
            waiting.push(
                serde_json::from_value(serde_json::json!({
                    "ticket": ticket.id(), "channel": ticket.channel(), "priority": ticket.priority(),
                    "enqueued_at": since,
                    "sla_due_at": report.reply_due().map(|d| d.due_at),
                }))
                .expect("valid work item"),
            );
        }
        if let Some(next) = report.next_change_at() {
            wake_up = Some(wake_up.map_or(next, |w| w.min(next)));
        }
    }
    println!(
        "\nBreaches today: {}",
        if breaches.is_empty() {
            "none".to_owned()
        } else {
            breaches.len().to_string()
        }
    );
    for b in &breaches {
        println!("  {b}");
    }
    println!(
        "Warnings now: {}",
        if warnings.is_empty() {
            "none".to_owned()
        } else {
            warnings.len().to_string()
        }
    );
    for w in &warnings {
        println!("  {w}");
    }
    if let Some(w) = wake_up {
        println!("The desk's next SLA wake-up: {w} (no polling needed before then).");
    }

    // Rules: triggers on each ticket's first message, automations when they
    // fall due, and the day-85 campaign.
    let rules = sample::rules();
    println!("\nRules: what fired and why");
    for ticket in &day.tickets {
        let customer = customers
            .iter()
            .map(|c| &c.customer)
            .find(|c| &c.id == ticket.requester());
        // Triggers see the creation, then the customer's first message.
        for n in 1..=2 {
            let opening =
                Ticket::from_events(ticket.id().clone(), ticket.events().iter().take(n).cloned())
                    .expect("valid opening");
            let at = opening.updated_at();
            let mut input = RuleInput::event(&opening);
            input.customer = customer;
            let result = evaluate(&rules, &input, at);
            for t in result
                .trace
                .iter()
                .filter(|t| t.outcome == RuleOutcome::Fired)
            {
                println!(
                    "  {} at {}: {} fired because {}",
                    ticket.id(),
                    hhmm(at),
                    t.rule,
                    why(t.condition.as_ref())
                );
            }
        }
        // Automations: follow next_due_at (a few wake-ups at most) until one fires.
        let mut input = RuleInput::time(ticket);
        input.customer = customer;
        let mut at = now;
        for _ in 0..4 {
            let Some(due) = next_due_at(&rules, &input, at) else {
                break;
            };
            let later = evaluate(&rules, &input, due);
            let fired: Vec<_> = later
                .trace
                .iter()
                .filter(|t| t.outcome == RuleOutcome::Fired)
                .collect();
            for t in &fired {
                println!(
                    "  {} at {due}: {} fired because {}",
                    ticket.id(),
                    t.rule,
                    why(t.condition.as_ref())
                );
            }
            if !fired.is_empty() {
                break;
            }
            at = due;
        }
    }
    for c in customers.iter().map(|c| &c.customer) {
        let input = RuleInput::lifecycle(c);
        let result = evaluate(&rules, &input, now);
        for t in result
            .trace
            .iter()
            .filter(|t| t.outcome == RuleOutcome::Fired)
        {
            println!(
                "  {} today: {} fired because {}",
                c.id,
                t.rule,
                why(t.condition.as_ref())
            );
        }
    }

    // The queue of customers waiting on an agent, in serving order.
    let policy = sample::routing_policy();
    println!("\nQueue at {} (earliest SLA due first):", hhmm(now));
    for item in frontline::routing::order_queue(&waiting, &policy, now) {
        let due = match (item.sla_due_at, overdue.contains(&item.ticket)) {
            (Some(t), true) => format!("{t} (overdue)"),
            (Some(t), false) => t.to_string(),
            (None, _) => "-".to_owned(),
        };
        println!(
            "  {:<7} {:<9} {:<7} waiting since {}  due {}",
            item.ticket,
            item.channel,
            item.priority,
            hhmm(item.enqueued_at),
            due
        );
    }

    // What the clocks say about tonight and the weeks ahead.
    if office.is_open(now).expect("within the horizon") {
        let closes = office.next_close(now).expect("the office closes");
        println!("\nThe office is open until {closes}; chat never closes.");
    } else {
        let opens = office.next_open(now).expect("the office opens again");
        println!("\nThe office is closed now and opens again at {opens}; chat never closes.");
    }
    let promise = office.add(now, 8 * 3600).expect("within the horizon");
    println!("An e-mail arriving now with an 8-business-hour promise is due {promise}.");
    let kings_day: frontline::time::Date = "2026-04-27".parse().expect("date");
    println!(
        "King's Day (2026-04-27) is {} at the office; Dutch holidays this year: {}.",
        if office.is_business_date(kings_day) {
            "a business day"
        } else {
            "closed"
        },
        frontline::calendar::holidays(frontline::calendar::Country::Netherlands, 2026)
            .iter()
            .filter(|h| !h.optional)
            .count()
    );
}
