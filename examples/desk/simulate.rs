//! The simulated day: customers write in, the desk recognises them, routes
//! each conversation to an agent, and the agents work it until the end of the
//! day.
//!
//! Every random draw comes from one seeded generator, in a fixed order, so the
//! same seed gives the same day.

use frontline::routing::{Decision, Outcome, Reason, Roster, RoutingPolicy, WorkItem, route};
use frontline::time::Timestamp;
use frontline::triage::{Message, Reach, RecentTicket, Triage, TriageContext, Triager};
use frontline::{
    Channel, Event, EventKind, Priority, Status, Ticket, customer::Identity,
    customer::IdentityIndex, customer::LinkOutcome, ticket::Actor, ticket::AgentId,
    ticket::AuthorKind, ticket::CustomerId, ticket::Rating, ticket::Tag, ticket::TicketId,
};

use crate::sample::{self, Rng, SampleCustomer, TOPICS, Topic};
use crate::{hhmm, minutes};

/// What the simulation hands to the report: the day's tickets and its log.
pub struct Day {
    pub tickets: Vec<Ticket>,
    /// Lines printed as conversations arrive.
    pub log: Vec<String>,
}

/// Simulates the day for `seed`: up to sixteen conversations, arriving from
/// the start of the day until ten hours later.
pub fn simulate(seed: u64) -> Day {
    let customers = sample::customers();
    let mut desk = Desk::open(seed, &customers);
    let mut clock = sample::start_of_day();
    for n in 0..16u64 {
        clock = clock
            .checked_add_seconds(minutes(10 + desk.rng.below(40)))
            .unwrap();
        if clock > desk.end {
            break;
        }
        let conversation = desk.arrive(n, clock);
        match desk.route(&conversation) {
            Some(agent) => desk.handle(conversation, agent),
            None => desk
                .day
                .tickets
                .push(finish(conversation.id, conversation.events)),
        }
    }
    desk.day
}

/// The desk's running state while the day is simulated.
struct Desk<'a> {
    rng: Rng,
    /// The shop's customers, who write in during the day.
    customers: &'a [SampleCustomer],
    /// Who is who across channels; it learns identities as they are confirmed.
    index: IdentityIndex,
    policy: RoutingPolicy,
    /// The end of the day: later events are not recorded.
    end: Timestamp,
    /// (agent, channel, busy until): the work each agent holds.
    busy: Vec<(AgentId, Channel, Timestamp)>,
    last_assigned: Vec<(AgentId, Timestamp)>,
    /// The agent who last helped each customer (routing is sticky).
    handled_by: Vec<(CustomerId, AgentId)>,
    /// Reads every incoming message: tone, anger, urgency, priority.
    triager: Triager,
    /// The day's earlier tickets of each customer, for repeat contact.
    history: Vec<(CustomerId, RecentTicket)>,
    /// The day being built.
    day: Day,
}

/// One conversation as it is built: its ticket's history and who takes part.
struct Conversation {
    id: TicketId,
    /// When the customer wrote in.
    at: Timestamp,
    channel: Channel,
    topic: &'static Topic,
    dutch: bool,
    requester: CustomerId,
    /// The customer, as the actor on their events.
    customer: Actor,
    events: Vec<Event>,
    /// What triage read in the customer's first message.
    triage: Triage,
    /// The end of the day: later events are not recorded.
    end: Timestamp,
}

impl<'a> Desk<'a> {
    /// The desk at the start of the day: it knows the identities on the
    /// customers' records, and no agent holds any work.
    fn open(seed: u64, customers: &'a [SampleCustomer]) -> Desk<'a> {
        let index = IdentityIndex::from_customers(customers.iter().map(|c| &c.customer))
            .expect("sample customers");
        Desk {
            rng: Rng::new(seed),
            customers,
            index,
            policy: sample::routing_policy(),
            end: sample::start_of_day()
                .checked_add_seconds(minutes(10 * 60))
                .unwrap(),
            busy: Vec::new(),
            last_assigned: Vec::new(),
            handled_by: Vec::new(),
            triager: sample::triager(),
            history: Vec::new(),
            day: Day {
                tickets: Vec::new(),
                log: Vec::new(),
            },
        }
    }

    /// A customer writes in at `clock` (the `n`th conversation of the day): who,
    /// on which channel, about what. The ticket opens with its creation and the
    /// customer's first message, and the arrival is logged.
    fn arrive(&mut self, n: u64, clock: Timestamp) -> Conversation {
        let mut who = self.rng.pick(self.customers);
        let (mut channel, mut identity) = self.rng.pick(&who.reach).clone();
        let mut topic = self.rng.pick(TOPICS);
        if let Some(forced) = sample::forced_topic(n) {
            topic = forced;
            (who, channel, identity) = self.forced_author(forced);
        }
        let dutch = who
            .customer
            .locale
            .as_ref()
            .is_some_and(|l| l.language() == "nl");
        let (subject, body) = if dutch { topic.nl } else { topic.en };
        let order = format!("#{}", 40_000 + self.rng.below(9_999));
        let body = body.replace("{order}", &order);

        let requester = self.identify(who, &identity);
        let id: TicketId = format!("T-{}", 1001 + n).parse().unwrap();
        let triage = self.triage(who, &requester, channel, topic, (subject, &body), clock);
        self.history.push((
            requester.clone(),
            RecentTicket::new(id.clone(), clock, body.clone())
                .with_subject(subject)
                .with_channel(channel),
        ));
        let customer = Actor::Customer {
            id: requester.clone(),
        };
        let events = vec![
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
        self.day.log.push(format!(
            "  {}  {}  {:<9}  {:<16} {:<6} \"{}\"",
            hhmm(clock),
            id,
            channel,
            who.customer.name.as_deref().unwrap_or("?"),
            who.customer.locale.as_ref().map_or("", |l| l.as_str()),
            subject
        ));
        self.day.log.push(format!("         {}", describe(&triage)));
        Conversation {
            id,
            at: clock,
            channel,
            topic,
            dutch,
            requester,
            customer,
            events,
            triage,
            end: self.end,
        }
    }

    /// Who writes the forced topic, on which channel: the first Dutch
    /// customer for the angry one, the first with a social network for the
    /// public complaint.
    fn forced_author(&self, topic: &Topic) -> (&'a SampleCustomer, Channel, Identity) {
        let public = topic.followers > 0;
        self.customers
            .iter()
            .find_map(|c| {
                let dutch = c
                    .customer
                    .locale
                    .as_ref()
                    .is_some_and(|l| l.language() == "nl");
                let (channel, identity) = c
                    .reach
                    .iter()
                    .find(|(ch, _)| ch.is_social() == public)?
                    .clone();
                (public || dutch).then_some((c, channel, identity))
            })
            .expect("a sample customer for every forced topic")
    }

    /// Triage of the first message, with the customer, their earlier
    /// tickets today and, on a social network, the post's reach.
    fn triage(
        &self,
        who: &SampleCustomer,
        requester: &CustomerId,
        channel: Channel,
        topic: &Topic,
        (subject, body): (&str, &str),
        clock: Timestamp,
    ) -> Triage {
        let message = Message::new(body)
            .with_subject(subject)
            .with_channel(channel);
        let recent: Vec<RecentTicket> = self
            .history
            .iter()
            .filter(|(c, _)| c == requester)
            .map(|(_, t)| t.clone())
            .collect();
        let mut context = TriageContext::new()
            .with_customer(who.customer.clone())
            .with_recent_tickets(recent);
        if channel.is_social() {
            context = context.with_reach(Reach::new(true, topic.followers));
        }
        self.triager
            .analyze(&message, &context, clock)
            .expect("sample messages are within the caps")
    }

    /// Who is writing? Resolve the channel identity; an unknown one is
    /// confirmed once (the customer logs in, or gives their order number)
    /// and linked, so nobody asks again.
    fn identify(&mut self, who: &SampleCustomer, identity: &Identity) -> CustomerId {
        let known_identity = who.customer.identities.iter().next().unwrap().clone();
        match self.index.resolve(identity) {
            Some(id) => id.clone(),
            None => {
                let outcome = self.index.link(&known_identity, identity).expect("link");
                let LinkOutcome::Attached { customer, .. } = &outcome else {
                    unreachable!("a new identity is attached")
                };
                self.day.log.push(format!(
                    "         new identity {identity} confirmed once and linked to {customer}"
                ));
                customer.clone()
            }
        }
    }

    /// The team as it stands at `clock`: what each agent holds on each
    /// channel, and when each was last given work.
    fn roster(&self, clock: Timestamp) -> Roster {
        let mut agents = sample::team();
        for agent in &mut agents {
            for (who, ch, until) in &self.busy {
                if *who == agent.id && *until > clock {
                    *agent.load.entry(*ch).or_insert(0) += 1;
                }
            }
            agent.last_assigned_at = self
                .last_assigned
                .iter()
                .find(|(a, _)| *a == agent.id)
                .map(|(_, t)| *t);
        }
        Roster::new(agents, &self.policy).expect("valid team")
    }

    /// Route it: who speaks the language, has the skill and has room? Logs
    /// why, and returns the agent it is assigned to (`None`: it waits).
    fn route(&mut self, c: &Conversation) -> Option<AgentId> {
        let language = if c.dutch { "nl" } else { "en" };
        let roster = self.roster(c.at);
        let item: WorkItem = serde_json::from_value(serde_json::json!({
            "ticket": c.id, "channel": c.channel, "language": language, "enqueued_at": c.at,
            "priority": c.triage.priority.priority,
            "required_skills": {sample::skill_for(c.topic.key): 3},
            "preferred_agent": self.handled_by.iter().find(|(who, _)| *who == c.requester).map(|(_, a)| a.clone()),
        }))
        .expect("valid work item");
        let decision = route(&item, &roster, c.at);
        self.day
            .log
            .push(format!("         {}", explain(&decision)));
        let Outcome::Assigned { agent, .. } = &decision.outcome else {
            return None;
        };
        let agent = agent.clone();
        self.last_assigned.retain(|(a, _)| *a != agent);
        self.last_assigned.push((agent.clone(), c.at));
        self.handled_by.retain(|(who, _)| *who != c.requester);
        self.handled_by.push((c.requester.clone(), agent.clone()));
        Some(agent)
    }

    /// The assigned agent works the conversation until the end of the day;
    /// the ticket is then finished, and the agent holds it until it is first
    /// set pending, on hold or solved.
    fn handle(&mut self, mut c: Conversation, agent: AgentId) {
        self.work(&mut c, &agent);
        self.busy
            .push((agent, c.channel, busy_until(&c.events, self.end)));
        self.day.tickets.push(finish(c.id, c.events));
    }

    /// What happens after assignment: the agent picks it up and answers (or
    /// not, by the end of the day), then waits on the customer, solves it or
    /// puts it on hold.
    fn work(&mut self, c: &mut Conversation, agent: &AgentId) {
        let mut t = self.pick_up(c, agent);
        let agent = Actor::Agent { id: agent.clone() };
        // 15 % are not answered by the end of the day.
        if self.rng.chance(15) {
            return;
        }
        let answer = if c.is_live() {
            1 + self.rng.below(12)
        } else {
            5 + self.rng.below(90)
        };
        t = t.checked_add_seconds(minutes(answer)).unwrap();
        if !c.push(c.reply(
            &agent,
            t,
            "Bedankt voor uw bericht / thanks for your message ...",
        )) {
            return;
        }
        let next = self.rng.below(100);
        if next < 50 {
            self.pending(c, &agent, t);
        } else if next < 80 {
            self.solved(c, &agent, t);
        } else {
            c.push(
                Event::new(t, EventKind::internal_note("Checking with the warehouse."))
                    .by(agent.clone()),
            );
            c.push(Event::new(t, EventKind::StatusChanged { to: Status::OnHold }).by(agent));
        }
    }

    /// The agent picks the conversation up, raising the priority to what
    /// triage suggests; returns when.
    fn pick_up(&mut self, c: &mut Conversation, agent: &AgentId) -> Timestamp {
        let by = Actor::Agent { id: agent.clone() };
        // Live channels are picked up within minutes; the rest within half an hour.
        let pickup = if c.is_live() {
            1 + self.rng.below(5)
        } else {
            2 + self.rng.below(25)
        };
        let t = c.at.checked_add_seconds(minutes(pickup)).unwrap();
        c.push(
            Event::new(
                t,
                EventKind::Assigned {
                    to: Some(agent.clone()),
                },
            )
            .by(by.clone()),
        );
        let suggested = c.triage.priority.priority;
        if suggested > Priority::Normal {
            c.push(Event::new(t, EventKind::PriorityChanged { to: suggested }).by(by));
        }
        t
    }

    /// Waiting on the customer; most of them answer, and most of those are
    /// then sorted.
    fn pending(&mut self, c: &mut Conversation, agent: &Actor, mut t: Timestamp) {
        c.push(
            Event::new(
                t,
                EventKind::StatusChanged {
                    to: Status::Pending,
                },
            )
            .by(agent.clone()),
        );
        if self.rng.chance(60) {
            t = t
                .checked_add_seconds(minutes(20 + self.rng.below(120)))
                .unwrap();
            let answered =
                c.push(c.customer_writes(t, "Hier is de informatie / here is the information."));
            if answered && self.rng.chance(70) {
                t = t
                    .checked_add_seconds(minutes(5 + self.rng.below(60)))
                    .unwrap();
                if c.push(c.reply(agent, t, "Opgelost! / Sorted!")) {
                    c.push(
                        Event::new(t, EventKind::StatusChanged { to: Status::Solved })
                            .by(agent.clone()),
                    );
                }
            }
        }
    }

    /// Solved at once; the customer then rates it, or writes back.
    fn solved(&mut self, c: &mut Conversation, agent: &Actor, mut t: Timestamp) {
        c.push(Event::new(t, EventKind::StatusChanged { to: Status::Solved }).by(agent.clone()));
        t = t
            .checked_add_seconds(minutes(15 + self.rng.below(120)))
            .unwrap();
        if self.rng.chance(25) {
            // Not solved after all: the customer writes back and reopens it.
            c.push(c.customer_writes(t, "Het werkt nog steeds niet. / Still not working."));
        } else {
            let rating = if self.rng.chance(80) {
                Rating::Good
            } else {
                Rating::Bad
            };
            c.push(
                Event::new(
                    t,
                    EventKind::SatisfactionRated {
                        rating,
                        comment: None,
                    },
                )
                .by(c.customer.clone()),
            );
        }
    }
}

impl Conversation {
    /// Whether the conversation is live (chat, phone or WhatsApp): the
    /// customer is waiting for an answer within minutes.
    fn is_live(&self) -> bool {
        self.channel.is_live() || self.channel == Channel::Whatsapp
    }

    /// Appends `event` if it happens before the end of the day.
    fn push(&mut self, event: Event) -> bool {
        if event.at <= self.end {
            self.events.push(event);
            true
        } else {
            false
        }
    }

    /// A public reply by `agent` at `t`, on the conversation's channel.
    fn reply(&self, agent: &Actor, t: Timestamp, body: &str) -> Event {
        Event::new(t, message(AuthorKind::Agent, self.channel, body.into())).by(agent.clone())
    }

    /// A public message by the customer at `t`, on the conversation's channel.
    fn customer_writes(&self, t: Timestamp, body: &str) -> Event {
        Event::new(t, message(AuthorKind::Customer, self.channel, body.into()))
            .by(self.customer.clone())
    }
}

/// A public message by `author`, sent on `channel`.
fn message(author: AuthorKind, channel: Channel, body: String) -> EventKind {
    let mut kind = EventKind::message(author, body);
    if let EventKind::Message { channel: on, .. } = &mut kind {
        *on = Some(channel);
    }
    kind
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

/// The ticket, rebuilt from the history generated for it.
fn finish(id: TicketId, events: Vec<Event>) -> Ticket {
    // The history was generated in order, so it must rebuild; a failure here is
    // a bug in the example, and the error says which event and why.
    Ticket::from_events(id, events).unwrap_or_else(|e| panic!("sample ticket: {e}"))
}

/// One line on what triage read: tone, anger, urgency, the suggested
/// priority and its reasons, and the cues an agent would want to see.
fn describe(t: &Triage) -> String {
    let cues: Vec<String> = t
        .cues
        .iter()
        .filter(|c| {
            use frontline::triage::CueKind::*;
            matches!(c.kind, Anger | Urgency | Tone | Shouting | RepeatContact)
        })
        .map(|c| format!("\"{}\" ({})", c.text, c.label))
        .collect();
    let reasons: Vec<String> = t
        .priority
        .reasons
        .iter()
        .map(|r| format!("{} +{}", r.reason, r.points))
        .collect();
    format!(
        "triage: tone {} ({:+.2}), {}, urgency {}; priority {} [{}]{}",
        format!("{:?}", t.sentiment.label).to_lowercase(),
        t.sentiment.score,
        if t.anger.angry {
            format!("angry ({:.2})", t.anger.strength)
        } else {
            "calm".to_owned()
        },
        format!("{:?}", t.urgency.level).to_lowercase(),
        t.priority.priority,
        reasons.join(", "),
        if cues.is_empty() {
            String::new()
        } else {
            format!("; cues: {}", cues.join(", "))
        }
    )
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
