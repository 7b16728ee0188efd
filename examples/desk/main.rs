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
//! WhatsApp. It closes with the day's KPIs against the desk's goals and a
//! 24/7 staffing plan for its chat, checked against a forecast.
//!
//! Everything is generated from the seed: the same seed gives the same day.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "an example program over built-in sample data that is known to be valid"
)]

mod plan;
mod sample;
mod simulate;

use frontline::faq::{Decision as FaqDecision, FaqConfig, FaqEntry, FaqIndex, SearchContext};
use frontline::routing::WorkItem;
use frontline::rules::{RuleInput, RuleOutcome, RuleSet, evaluate, next_due_at};
use frontline::sla::{SlaReport, SlaState};
use frontline::time::Timestamp;
use frontline::{
    BusinessCalendar, Channel, Customer, EventKind, Ticket, ticket::AuthorKind, ticket::TicketId,
};

use sample::SampleCustomer;
use simulate::{Day, simulate};

fn minutes(n: u64) -> i64 {
    (n * 60) as i64
}

fn hhmm(t: Timestamp) -> String {
    t.to_string()[11..16].to_owned()
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

const FLOW: &str = include_str!("flow.json");

/// A customer who cannot log in walks through the guided flow in Dutch:
/// two questions, an FAQ answer that does not help, then a colleague.
fn guided_flow(now: Timestamp) {
    use frontline::flows::{self, Flow, FlowContext, FlowSpec, Input, PromptKind};
    let flow = Flow::new(serde_json::from_str::<FlowSpec>(FLOW).expect("sample flow"))
        .expect("valid flow");
    let entries: Vec<FaqEntry> = serde_json::from_str(FAQ).expect("sample FAQ");
    let index = FaqIndex::new(entries, FaqConfig::default()).expect("valid FAQ");
    let mut anna = Customer::new("c-anna".parse().expect("id"));
    anna.plan = Some("plus".into());
    anna.name = Some("Anna de Vries".into());
    anna.locale = Some("nl-NL".parse().expect("locale"));
    anna.time_zone = Some("Europe/Amsterdam".parse().expect("zone"));
    let context = FlowContext::new()
        .customer(&anna)
        .faq(&index)
        .message("Ik kan niet meer inloggen in de app");
    println!(
        "\nGuided flow `{}` ({} nodes): a customer who cannot log in",
        flow.id(),
        flow.len()
    );
    let show = |step: &flows::Step| {
        for p in &step.prompts {
            let options: Vec<&str> = p.choices.iter().map(|c| c.label.as_str()).collect();
            match p.kind {
                PromptKind::FaqAnswer => println!(
                    "  bot       [{}] {}",
                    p.article.as_deref().unwrap_or("?"),
                    p.text
                ),
                _ if options.is_empty() => println!("  bot       {}", p.text),
                _ => println!("  bot       {}  [{}]", p.text, options.join(" | ")),
            }
        }
    };
    let mut step = flows::start(&flow, &context, now).expect("start");
    show(&step);
    for answer in [
        "in de app",
        "nee",
        "de mail met het nieuwe wachtwoord komt niet aan",
        "nee",
    ] {
        println!("  customer  {answer}");
        step = flows::step(&flow, step.state, &Input::answer(answer), &context, now).expect("step");
        show(&step);
    }
    if let Some(o) = &step.outcome {
        println!(
            "  → {} to group {} at priority {}: {}",
            o.outcome.as_str(),
            o.group.as_deref().unwrap_or("-"),
            o.priority.map_or("-", |p| p.as_str()),
            o.reason.as_deref().unwrap_or("")
        );
    }
    let answers: Vec<String> = step
        .state
        .path
        .iter()
        .map(|p| format!("{} = {}", p.at.node, p.value))
        .collect();
    println!("  answers: {}", answers.join(", "));
    for f in &step.state.faq {
        println!(
            "  FAQ shown: {} (helped: {})",
            f.chosen.as_deref().unwrap_or("none"),
            f.helped.map_or("?", |h| if h { "yes" } else { "no" })
        );
    }
    // The honest acknowledgement: a person answers within 8 business hours
    // of the office calendar, written out in Anna's language.
    let office = sample::office_calendar();
    let mut data = frontline::reply::ReplyData::new();
    data.customer = Some(anna.clone());
    data.reply_by = office.add(now, 8 * 3600).ok();
    data.ticket_url = Some("https://shop.example/help/T-2001".into());
    let ack =
        frontline::reply::acknowledge(&data, None, Some(&office), None, now).expect("acknowledge");
    println!("  acknowledgement ({}):", ack.locale);
    for line in ack.text.lines() {
        println!("    {line}");
    }
    // What the agent sees first: the whole conversation, and the routing
    // need.
    let mut input = frontline::escalation::EscalationInput::new();
    input.customer = Some(anna.clone());
    input.flow = Some(step.state.clone());
    input.agent_locale = Some("nl".into());
    let escalation = frontline::escalation::summarize(&input, now).expect("summary");
    println!("  for the agent: {}", escalation.summary);
}

/// The seed from the command line (`--seed N`), 7 if none is given; exits
/// with a usage message on anything else.
fn seed_from_args() -> u64 {
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
    seed
}

/// The heading, and the conversations as they arrived.
fn print_arrivals(seed: u64, day: &Day) {
    println!("frontline desk: a simulated day at a Dutch and English web shop (seed {seed})");
    println!("Monday 2026-03-02, 07:00 to 17:00 UTC\n");
    println!("Conversations arriving (time in UTC, channel, customer, locale, subject)");
    for line in &day.log {
        println!("{line}");
    }
}

/// Every ticket at the end of the day, with its reply times in business
/// minutes on the ticket's own clock, then the day's totals.
fn print_tickets(day: &Day, office: &BusinessCalendar, now: Timestamp) {
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
        let (calendar, clock) = calendar_for(ticket.channel(), office, &live);
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
}

/// The customer on file who asked for `ticket`, if any.
fn requester_of<'a>(customers: &'a [SampleCustomer], ticket: &Ticket) -> Option<&'a Customer> {
    customers
        .iter()
        .map(|c| &c.customer)
        .find(|c| &c.id == ticket.requester())
}

/// The customers waiting on an agent at the end of the day, as the SLA
/// section finds them: the queue's work items, and which are overdue.
struct Waiting {
    items: Vec<WorkItem>,
    overdue: Vec<TicketId>,
}

/// Breaches and warnings found on the SLA clocks, one line each.
#[derive(Default)]
struct Alerts {
    breaches: Vec<String>,
    warnings: Vec<String>,
}

/// SLA: every clock of every ticket at the end of the day, the day's
/// breaches, the warnings now, and when the desk must look again. Returns
/// who is waiting on an agent, for the queue.
fn print_sla(day: &Day, customers: &[SampleCustomer], now: Timestamp) -> Waiting {
    let policies = sample::sla_policies();
    println!(
        "\nSLA at {} (policy; reply promised by; first reply and resolution clocks)",
        hhmm(now)
    );
    let mut alerts = Alerts::default();
    let mut wake_up: Option<Timestamp> = None;
    let mut waiting = Waiting {
        items: Vec::new(),
        overdue: Vec::new(),
    };
    for ticket in &day.tickets {
        let customer = requester_of(customers, ticket);
        let report = frontline::sla::evaluate(&policies, ticket, customer, now);
        println!(
            "  {:<7} {:<14} reply by {:<21} first reply: {:<26} resolution: {}",
            ticket.id(),
            report.policy.as_deref().unwrap_or("-"),
            report.reply_by().map_or("-".to_owned(), |t| t.to_string()),
            sla_clock(&report, "first_reply_time"),
            sla_clock(&report, "resolution_time"),
        );
        alerts.collect(ticket, &report);
        let summary = ticket.summary();
        if report.reply_due().is_some_and(|d| d.overdue) {
            waiting.overdue.push(ticket.id().clone());
        }
        if let Some(since) = summary.awaiting_since {
            waiting.items.push(
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
    alerts.print();
    if let Some(w) = wake_up {
        println!("The desk's next SLA wake-up: {w} (no polling needed before then).");
    }
    waiting
}

/// The state of a ticket's latest cycle of the SLA metric `name`, with the
/// minutes left or over.
fn sla_clock(report: &SlaReport, name: &str) -> String {
    report
        .metric(name)
        .and_then(|m| m.cycles.last())
        .map_or("-".to_owned(), |c| {
            let state = c.state.to_string();
            match (c.remaining_seconds, c.state) {
                (Some(r), SlaState::Active | SlaState::Paused) => {
                    format!("{state} ({} min left)", r / 60)
                }
                (Some(r), SlaState::Breached) => {
                    format!("breached ({} min over)", -r / 60)
                }
                _ => state,
            }
        })
}

impl Alerts {
    /// Notes every breached cycle of `ticket`, and every running one that warns.
    fn collect(&mut self, ticket: &Ticket, report: &SlaReport) {
        for m in &report.metrics {
            for c in &m.cycles {
                if c.state == SlaState::Breached {
                    self.breaches.push(format!(
                        "{} {} (breached at {})",
                        ticket.id(),
                        m.metric,
                        c.breached_at.map_or("?".to_owned(), |t| t.to_string())
                    ));
                } else if c.warning && c.stopped_at.is_none() {
                    self.warnings.push(format!(
                        "{} {} ({} min left)",
                        ticket.id(),
                        m.metric,
                        c.remaining_seconds.unwrap_or(0) / 60
                    ));
                }
            }
        }
    }

    /// The day's breaches and the warnings now, counted then listed.
    fn print(&self) {
        println!("\nBreaches today: {}", count_or_none(&self.breaches));
        for b in &self.breaches {
            println!("  {b}");
        }
        println!("Warnings now: {}", count_or_none(&self.warnings));
        for w in &self.warnings {
            println!("  {w}");
        }
    }
}

/// How many lines there are, or "none".
fn count_or_none(lines: &[String]) -> String {
    if lines.is_empty() {
        "none".to_owned()
    } else {
        lines.len().to_string()
    }
}

/// Rules: triggers on each ticket's first message, automations when they
/// fall due, and the day-85 campaign.
fn print_rules(day: &Day, customers: &[SampleCustomer], now: Timestamp) {
    let rules = sample::rules();
    println!("\nRules: what fired and why");
    for ticket in &day.tickets {
        let customer = requester_of(customers, ticket);
        print_triggers(&rules, ticket, customer);
        print_automations(&rules, ticket, customer, now);
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
}

/// The triggers that fired on a ticket's opening.
fn print_triggers(rules: &RuleSet, ticket: &Ticket, customer: Option<&Customer>) {
    // Triggers see the creation, then the customer's first message.
    for n in 1..=2 {
        let opening =
            Ticket::from_events(ticket.id().clone(), ticket.events().iter().take(n).cloned())
                .expect("valid opening");
        let at = opening.updated_at();
        let mut input = RuleInput::event(&opening);
        input.customer = customer;
        let result = evaluate(rules, &input, at);
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
}

/// The first automation to fire on a ticket after `now`, if one does soon.
fn print_automations(
    rules: &RuleSet,
    ticket: &Ticket,
    customer: Option<&Customer>,
    now: Timestamp,
) {
    // Automations: follow next_due_at (a few wake-ups at most) until one fires.
    let mut input = RuleInput::time(ticket);
    input.customer = customer;
    let mut at = now;
    for _ in 0..4 {
        let Some(due) = next_due_at(rules, &input, at) else {
            break;
        };
        let later = evaluate(rules, &input, due);
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

/// The queue of customers waiting on an agent, in serving order.
fn print_queue(waiting: &Waiting, now: Timestamp) {
    let policy = sample::routing_policy();
    println!("\nQueue at {} (earliest SLA due first):", hhmm(now));
    for item in frontline::routing::order_queue(&waiting.items, &policy, now) {
        let due = match (item.sla_due_at, waiting.overdue.contains(&item.ticket)) {
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
}

/// What the clocks say about tonight and the weeks ahead.
fn print_clocks(office: &BusinessCalendar, now: Timestamp) {
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

fn main() {
    let seed = seed_from_args();
    let day = simulate(seed);
    let now = sample::start_of_day()
        .checked_add_seconds(minutes(10 * 60))
        .unwrap();
    print_arrivals(seed, &day);
    self_service(&day);
    guided_flow(now);
    let office = sample::office_calendar();
    print_tickets(&day, &office, now);
    let customers = sample::customers();
    let waiting = print_sla(&day, &customers, now);
    print_rules(&day, &customers, now);
    print_queue(&waiting, now);
    print_clocks(&office, now);
    plan::print_kpis(&day.tickets, &office, sample::start_of_day(), now);
    plan::print_plan("2026-03-02".parse().expect("a Monday"));
}
