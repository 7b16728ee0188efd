//! # frontline
//!
//! frontline automates the *digital front line* of customer support: the
//! decisions a support desk would otherwise make by hand, thousands of times a
//! day. Which customer is this? Is this conversation waiting on us? When did
//! we last answer? Help desks, chat platforms and in-house support tools embed
//! it and ask.
//!
//! It does so without any I/O. The host owns storage, transport and the
//! clock; it passes data and the current time in, and gets plain data back.
//! Every function is a pure function of its inputs, so an answer can be
//! replayed, tested and explained.
//!
//! ## A first look
//!
//! A ticket is its history. Build one from events, and ask what it means:
//!
//! ```
//! use frontline::{Ticket, Event, Status};
//!
//! let events: Vec<Event> = serde_json::from_str(r#"[
//!   {"at": "2026-03-02T09:00:00Z", "type": "created", "subject": "Waar blijft mijn pakket?",
//!    "requester": "c-anna", "channel": "whatsapp"},
//!   {"at": "2026-03-02T09:00:00Z", "type": "message", "author": "customer",
//!    "body": "Hoi! Bestelling 40213 is nog steeds niet binnen."},
//!   {"at": "2026-03-02T09:12:00Z", "type": "message", "author": "agent",
//!    "actor": {"kind": "agent", "id": "a-sanne"}, "body": "Ik zoek het voor je uit!"},
//!   {"at": "2026-03-02T09:13:00Z", "type": "status_changed", "to": "pending"},
//!   {"at": "2026-03-02T11:40:00Z", "type": "message", "author": "customer",
//!    "body": "Nog nieuws?"}
//! ]"#)?;
//! let ticket = Ticket::from_events("T-1001".parse()?, events)?;
//!
//! // The customer wrote back, so the ticket reopened by itself...
//! assert_eq!(ticket.status(), Status::Open);
//! // ...and is waiting on an agent again, since 11:40.
//! let summary = ticket.summary();
//! assert!(summary.awaiting_agent_reply);
//! assert_eq!(summary.awaiting_since, Some("2026-03-02T11:40:00Z".parse()?));
//! assert_eq!(summary.first_public_agent_reply_at, Some("2026-03-02T09:12:00Z".parse()?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Principles
//!
//! - **Pure and deterministic.** Nothing reads a clock, a file, the network or
//!   a random source. Functions that depend on time take `now`.
//! - **No panics, on any input.** Untrusted input (JSON, text, identities) is
//!   checked and gets an error value that names the offending value. Sizes
//!   are capped by documented constants ([`MAX_EVENTS`](crate::ticket::MAX_EVENTS), [`MAX_TAGS`](crate::ticket::MAX_TAGS),
//!   [`MAX_BODY_BYTES`](crate::ticket::MAX_BODY_BYTES), [`MAX_EMAIL_BYTES`](crate::customer::MAX_EMAIL_BYTES) ...); free-form values (custom
//!   field values, customer attributes) are bounded by the JSON request cap
//!   [`api::MAX_REQUEST_BYTES`]. Property tests throw random input at the
//!   parsers and at [`api::call`].
//! - **Validate once.** Configuration and histories are checked when they are
//!   built; later evaluation cannot fail on them.
//! - **Answers explain themselves.** Errors say which event and why; derived
//!   facts say when and since when.
//! - **Stable data.** Every public type has a documented JSON shape, and the
//!   [`api`] speaks a versioned contract with stable error codes.
//!
//! ## Where things live
//!
//! Every area is a module: [`time`], [`ticket`], [`customer`], [`calendar`],
//! [`sla`], [`rules`], [`routing`], [`text`], [`faq`], [`triage`], [`flows`], [`reply`], [`escalation`], [`metrics`], [`staffing`], [`trends`] and [`api`], each with
//! its own error type and its documented caps (`MAX_*` constants). The root
//! re-exports only what nearly every host touches ([`Ticket`], [`Event`],
//! [`EventKind`], [`Status`], [`Priority`], [`Channel`], [`Customer`],
//! [`BusinessCalendar`], [`CalendarSpec`], [`Timestamp`], [`Name`] and the
//! umbrella [`Error`]), and [`prelude`] gathers the main type of each area
//! for one glob import.
//!
//! ## Features
//!
//! Every area is on by default. A host that needs only some of them turns
//! the defaults off and names the areas it uses; each pulls in what it builds
//! on:
//!
//! | feature | gives | builds on | extra dependencies |
//! |---|---|---|---|
//! | *(always)* | [`time`], [`ticket`], [`customer`] | | `chrono`, `chrono-tz`, `serde`, `serde_json` |
//! | `calendar` | [`calendar`] | | |
//! | `rules` | [`rules`], with the Zendesk and Chatwoot importers | `calendar` | `regex` |
//! | `sla` | [`sla`] | `calendar`, `rules` | |
//! | `routing` | [`routing`] | `calendar` | |
//! | `text` | [`text`] | | `frostem` (stemmers), `unicode-segmentation` |
//! | `faq` | [`faq`] | `text` | |
//! | `triage` | [`triage`] | `text`, `faq`, `rules` | `regex` |
//! | `flows` | [`flows`] | `faq`, `rules` | |
//! | `reply` | [`reply`] | `sla`, `faq`, `flows` | `liquid`, `liquid-lib`; chrono's locale data |
//! | `escalation` | [`escalation`] | `flows`, `triage`, `sla`, `routing`, `reply` | |
//! | `metrics` | [`metrics`] | `calendar`, `sla` | `sketches-ddsketch` |
//! | `staffing` | [`staffing`] | `calendar` | |
//! | `trends` | [`trends`] | | |
//! | `api` | [`api`], the JSON contract | all of the above | `serde_path_to_error` |
//! | `chrono` | `Timestamp` ⇄ `chrono::DateTime<Utc>` | | |
//! | `jiff` | `Timestamp` ⇄ `jiff::Timestamp` | | `jiff` |
//!
//! ```toml
//! # Business time and SLAs: the rules engine comes along (SLA conditions
//! # are rules conditions); stemmers and language profiles do not.
//! frontline = { version = "0.1", default-features = false, features = ["sla"] }
//! ```
//!
//! ## Tour
//!
//! ### Time ([`time`])
//! frontline keeps time at second resolution. [`time::Timestamp`] is an
//! instant (RFC 3339 in JSON, always answered in UTC), [`time::Zone`] an IANA
//! time zone with the tz database compiled in, [`time::Date`] and
//! [`time::Weekday`] civil calendar values. This is the only module that
//! touches the underlying date library.
//!
//! ### Tickets ([`ticket`])
//! A [`Ticket`] is one conversation with one requester, across channels
//! ([`Channel`]: e-mail, chat, phone, SMS, WhatsApp, social networks, web
//! forms, bots, APIs). Its state (status, [`Priority`], assignee, group,
//! normalised [`Tag`](crate::ticket::Tag)s, custom fields) is whatever its append-only history of
//! [`Event`]s says, and [`Ticket::apply`] validates each new event:
//!
//! - events come in time order, never silently reordered;
//! - the [`Status`] lifecycle allows only the transitions in its table;
//!   `closed` is terminal, and a customer reply reopens a solved ticket;
//! - every change event really changes something.
//!
//! [`Ticket::summary`] derives the facts that SLAs, rules, routing and KPIs
//! build on: first and last agent reply, whether (and since when) the customer
//! waits on an agent, the time spent in each status, reopens, replies.
//!
//! IDs are newtypes ([`TicketId`](crate::ticket::TicketId), [`CustomerId`](crate::ticket::CustomerId), [`AgentId`](crate::ticket::AgentId), [`GroupId`](crate::ticket::GroupId)):
//! non-empty, at most 128 bytes, plain strings in JSON.
//!
//! ### Customers and identities ([`customer`])
//! A [`Customer`] has a locale, a time zone, a plan or segment, a signup time
//! and any number of channel [`Identity`](crate::customer::Identity)s: e-mail addresses, E.164 phone
//! numbers, social handles, chat visitor ids, each normalised so that the same
//! address compares equal however it was typed. An [`IdentityIndex`](crate::customer::IdentityIndex) resolves
//! an incoming identity to its customer ("never ask the customer twice"), and
//! [`IdentityIndex::link`](crate::customer::IdentityIndex::link) records that two identities are one person, merging
//! customers deterministically and returning the merge ([`LinkOutcome`](crate::customer::LinkOutcome)) as
//! data for the host to persist.
//!
//! ### Business calendars ([`calendar`])
//! Every promise a desk makes ("we answer within 8 business hours") runs on a
//! [`BusinessCalendar`]: weekly opening hours in an IANA time zone, split and
//! overnight shifts, dated shifts and breaks, listed holidays and built-in
//! public holidays for NL, BE, DE, GB, FR and the US ([`holidays`](crate::calendar::holidays)).
//!
//! ```
//! use frontline::{BusinessCalendar, CalendarSpec, calendar::Country};
//! use frontline::time::Weekday::*;
//!
//! let spec = CalendarSpec::new("Europe/Amsterdam".parse()?)
//!     .open(&[Mon, Tue, Wed, Thu, Fri], "09:00", "17:00")?
//!     .public_holidays(Country::Netherlands);
//! let office = BusinessCalendar::new(&spec)?;
//!
//! // An e-mail at 16:00 on Friday 27 March 2026 with a 2-hour promise.
//! let due = office.add("2026-03-27T16:00:00+01:00".parse()?, 2 * 3600)?;
//! assert_eq!(due.to_string(), "2026-03-30T08:00:00Z"); // Monday 10:00, summer time
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Arithmetic is exact to the second and never walks the calendar day by day:
//! the calendar is compiled once into a timeline with running totals, so
//! `add`, `sub` and `between` cost tens of nanoseconds for an hour or for ten
//! years (`cargo bench -p frontline-benches --bench calendar`). Wall times in a daylight-saving gap move forward by the gap's
//! length; in a fold they take the earlier instant. Calendars combine with
//! [`BusinessCalendar::union`] (follow the sun) and
//! [`BusinessCalendar::intersection`]. The behaviour is checked against the
//! zendesk/biz specification suite and, case by case, against the `workclock`
//! crate. A host compiles each calendar once into a named
//! [`Calendars`](calendar::Calendars) set and hands it to SLA policy sets,
//! rule sets and routing policies (their `with_calendars` constructors), so
//! every area works on the same calendar.
//!
//! ### SLAs ([`sla`])
//! An SLA policy set says, for the tickets each policy matches (a rules
//! condition over priority, channel, group, tags, customer segment or plan,
//! custom fields; the first match wins), how long each metric may take per
//! priority, on which calendar. The metrics are Zendesk's catalogue (first reply, next reply,
//! periodic update, requester wait, agent work, resolution), defined as data
//! with start, stop, pause and completion conditions, so custom ones sit
//! beside them in the manner of Jira Service Management.
//!
//! [`sla::evaluate`] replays a ticket's history at `now` into an
//! [`sla::SlaReport`]: per metric and cycle, the state, the due and breach
//! instants, elapsed and remaining business seconds, pauses with their reason
//! and off-hours time apart from them, and warnings. Breach means the elapsed
//! business time exceeded the target, so an answer at 20:00 to a ticket due
//! at the 17:00 close is on time if no business time passed since.
//! [`SlaReport::next_change_at`](sla::SlaReport::next_change_at) tells the
//! host when to look again; [`SlaReport::reply_due`](sla::SlaReport::reply_due)
//! when a reply is (or was) due, for queues that put overdue work first;
//! [`SlaReport::reply_by`](sla::SlaReport::reply_by) what to promise the
//! customer. A breach is never undone by a later change of priority.
//!
//! ### Routing ([`routing`])
//! Who gets a piece of work? A routing policy is eligibility filters then a
//! chooser: presence, shift calendar, group, language, required skills at a
//! level, capacity per channel or a weighted budget ("one call or five
//! chats"), a fairness window; then round robin, least loaded, longest idle or
//! best skill, with a sticky last-responding agent. Requirements relax in
//! steps as an item waits. [`routing::route`] answers with the agent, or
//! "queued" and when the next relaxation could change that, and for every
//! other agent the reason it was not chosen; [`routing::assign_backlog`]
//! fills free capacity from a queue ordered by priority, SLA due time or age.
//!
//! ### Rules ([`rules`])
//! Proactive support is mostly rules: raise the priority for VIPs, escalate
//! an angry message, remind a customer after two business days pending,
//! close what stayed solved for a week, and send the export guide on day 85
//! after signup, just before customers usually ask. A rule is a condition
//! tree over the ticket, the event, the message and the customer (with
//! business-hours time conditions) and a list of actions returned as data.
//! Triggers run on events, automations on tickets at `now`, lifecycle rules
//! on customers. [`rules::evaluate`] runs them in order on a working copy (a
//! later rule sees an earlier one's changes), fires each at most once,
//! guards against loops, and traces every node with the value it saw:
//! "why did this fire". [`rules::next_due_at`] says when to look again.
//! Conditions can be written as text (`priority >= high and channel in
//! [email, chat]`) and imported from Zendesk and Chatwoot JSON.
//!
//! ### Text ([`text`])
//! Customers write in their own words, in their own language, with typos.
//! [`text::normalize`] folds case and accents (composed and decomposed
//! alike); [`text::tokenize`] finds words by Unicode word boundaries and keeps
//! e-mail addresses and order numbers whole; [`text::Analyzer`] stems them
//! with the Snowball algorithm of the language (Dutch, English, German,
//! French, Spanish) and marks stop words; [`text::split_compound`] takes
//! Dutch and German compounds apart (`wachtwoordherstel`). When nobody says
//! which language a message is in, [`text::detect_language`] guesses it from
//! character n-gram profiles compiled into the crate, with a probability.
//!
//! ### FAQ matching ([`faq`])
//! Self-service is where the front line starts: the customer's own words
//! should find the right answer, or go to a human, honestly.
//! [`faq::FaqIndex`] learns from the FAQ's entries and the ways customers ask
//! each question (its *phrasings*, which are labelled training data): TF-IDF
//! over stems, stem pairs and character n-grams, entry weights refined by a
//! perceptron at build time, the nearest phrasing, typo correction, synonyms,
//! and context that limits or boosts entries (plan, page, product, segment).
//! [`faq::FaqIndex::search`] answers with ranked matches, each with a
//! calibrated confidence and the words that matched, and a decision: answer,
//! suggest a few, or escalate. There are no model files; an index of 10,000
//! phrasings builds in about 150 ms and answers in tens of microseconds.
//!
//! ```
//! use frontline::faq::{Decision, FaqConfig, FaqEntry, FaqIndex, SearchContext};
//! let entries: Vec<FaqEntry> = serde_json::from_str(r#"[
//!   {"id": "returns", "locales": ["nl"], "question": "Hoe stuur ik iets terug?",
//!    "phrasings": ["retourneren", "retourlabel aanvragen", "artikel terugsturen"],
//!    "answer": "Binnen 30 dagen; het retourlabel staat in je account."},
//!   {"id": "delivery", "locales": ["nl"], "question": "Wanneer komt mijn pakket?",
//!    "phrasings": ["bezorgtijd", "pakket niet ontvangen", "waar blijft mijn bestelling"],
//!    "answer": "Voor 22:00 besteld, morgen in huis."}
//! ]"#)?;
//! let faq = FaqIndex::new(entries, FaqConfig::default())?;
//! let result = faq.search("Waar blijft mijn pakket??", &SearchContext::default(), 3)?;
//! assert_eq!(result.matches[0].id, "delivery");
//! assert_ne!(result.decision, Decision::Escalate);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ### Triage ([`triage`])
//! The angry customer, the outage and the viral post should not wait behind
//! a question about opening hours. [`triage::Triager`] reads one incoming
//! message with its context and says its tone (VADER's rules over the VADER
//! lexicon for English and Pattern's adjectives for Dutch, with support
//! vocabulary of our own), whether the writer is angry (threats to leave,
//! charge back or go to the ACM, repeated contact, insults, shouting),
//! how urgent it is (outages, blocked access or payments, deadlines, safety,
//! security), suggested categories (rules and a classifier trained on the
//! host's examples), whether it is the same topic as a recent ticket, and a
//! priority with its reasons, listing every cue with its place in the text.
//!
//! ```
//! use frontline::triage::{Message, Reach, TriageConfig, TriageContext, Triager};
//! let triager = Triager::new(TriageConfig::default())?;
//! let now = frontline::Timestamp::parse("2026-03-02T09:00:00Z")?;
//! let post = Message::new("@shop your app has been down all morning and I can't pay. Disgrace!")
//!     .with_channel(frontline::Channel::X);
//! let context = TriageContext::new().with_reach(Reach::new(true, 48_000));
//! let t = triager.analyze(&post, &context, now)?;
//! assert_eq!(t.priority.priority, frontline::Priority::Urgent);
//! assert!(t.priority.reasons.iter().any(|r| r.reason == "followers"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ### Guided flows ([`flows`])
//! Before a person is needed, a flow can often walk the customer through
//! the fix: which app, did the reset e-mail arrive, is it in the spam
//! folder, does this article help. A [`flows::Flow`] is data (questions
//! with typed answers, FAQ steps, branches on the rules condition tree,
//! sub-flows, outcomes), checked once; [`flows::step`] moves a
//! conversation's state by one input and says what to show, what it waits
//! for, or how it ended: resolved, abandoned, or escalated with every
//! question and answer on the way.
//!
//! ```
//! use frontline::flows::{self, Flow, FlowContext, FlowSpec, Input};
//! let flow = Flow::new(serde_json::from_value::<FlowSpec>(serde_json::json!({
//!     "id": "parcel", "default_locale": "en",
//!     "nodes": [
//!         {"id": "order", "kind": "ask", "text": {"en": "Your order number?"},
//!          "input": {"type": "pattern", "regex": "\\b[0-9]{5}\\b"}, "next": "human"},
//!         {"id": "human", "kind": "end", "outcome": "escalate", "reason": "parcel late"}
//!     ]}))?)?;
//! let now = frontline::Timestamp::parse("2026-03-02T09:00:00Z")?;
//! let step = flows::start(&flow, &FlowContext::new(), now)?;
//! let step = flows::step(&flow, step.state, &Input::answer("it is 40213"), &FlowContext::new(), now)?;
//! assert_eq!(step.state.answers["order"], "40213");
//! assert_eq!(step.outcome.unwrap().reason.as_deref(), Some("parcel late"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ### Replies ([`reply`])
//! Macros are Liquid templates with Zendesk's placeholders
//! ([`reply::Template`]), checked once so an unknown placeholder or an
//! unclosed block is an error with its line, and rendered with whatever
//! data there is. Times are written out in the customer's zone and
//! language ("morgen om 10:00"). [`reply::acknowledge`] writes the first
//! answer from the SLA's true reply-by time and the calendar: never
//! "within 24 hours" when the weekend is in between.
//!
//! ```
//! use frontline::reply::{acknowledge, ReplyData};
//! let mut data = ReplyData::new();
//! data.locale = Some("en".into());
//! data.time_zone = Some("Europe/Amsterdam".parse()?);
//! data.reply_by = Some("2026-11-30T09:00:00Z".parse()?); // from the SLA
//! let friday_evening = "2026-11-27T18:00:00Z".parse()?;
//! let ack = acknowledge(&data, None, None, None, friday_evening)?;
//! assert!(ack.text.contains("A colleague will answer Monday 30 November at 10:00 at the latest."));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ### Escalations ([`escalation`])
//! When a flow, the FAQ or a rule hands a customer to a person,
//! [`escalation::summarize`] gathers the customer, their other tickets, the
//! flow's questions and answers, the FAQ articles shown, the tone and the
//! SLA into what the agent sees first, with one plain paragraph in the
//! agent's language and a routing [`WorkItem`](crate::routing::WorkItem).
//!
//! ### KPIs and goals ([`metrics`])
//! A desk is measured by a few numbers over a period: first reply and
//! resolution times (median, p90, p95, in calendar and business time),
//! first-contact resolution, one-touch tickets, reopens, CSAT, SLA
//! attainment, the backlog. A [`metrics::KpiAccumulator`] computes them
//! ticket by ticket, per group (channel, group, agent, tag, hour of the
//! week ...), in memory bounded by the groups: percentiles are exact up
//! to 10,000 values and then a DDSketch within 1 %. Accumulators merge and
//! serialise, so shards, days and processes combine into what one pass
//! would give. Goals are data (`{"metric": "csat", "min": 0.85}`);
//! [`metrics::check_goals`] answers met or not, by how much, and which
//! tickets weigh most on the gap.
//!
//! ### Staffing ([`staffing`])
//! How many people does it take to answer 80 % of chats within 20
//! seconds? [`staffing::required_agents`] answers by Erlang C (nobody hangs
//! up) or Erlang A (waiting customers do), stable at any size, with
//! occupancy caps and shrinkage rounded up. [`staffing::check_roster`]
//! takes a week's forecast per queue and a roster of shifts in several
//! time zones (follow the sun, each team with its holidays) and says, per
//! half hour, how many agents are needed and scheduled, and where the
//! service level falls short.
//!
//! ### Trends ([`trends`])
//! What do customers ask, and when? [`trends::suggest`] finds contact
//! reasons that cluster at a tenure ("export questions around day 80"),
//! tested against the other reasons with Fisher's exact test and a
//! correction for the search, and proposes a lifecycle rule that writes to
//! customers just before; and it finds repetitive work (many quick tickets
//! answered alike) and proposes an FAQ entry or an automation, with the
//! evidence.
//!
//! ### The JSON contract ([`api`])
//! [`api::call`] takes a request string and returns an answer string; it
//! never panics. Requests carry `schema_version` and `op`; answers carry `ok`
//! and either `result` or an `error` with a stable `code`. The `jsonl` example
//! runs a stream of requests through one [`api::Session`]. The module
//! documentation lists every operation with an example.
//!
//! ## Examples
//!
//! - `cargo run --example desk`: a simulated day at a Dutch and English web
//!   shop, from built-in sample data.
//! - `cargo run --example jsonl < requests.jsonl`: the JSON contract over
//!   standard input and output, one request per line.
//! - `cargo run --release --example faq_eval -- --train TRAIN.csv --test
//!   TEST.csv`: FAQ matching measured on labelled queries (top-1, recall@3,
//!   MRR, escalation, calibration, latency).
//! - `cargo run --release --example triage_eval -- --test
//!   tests/data/triage/messages.csv`: triage measured on labelled messages
//!   (accuracy and F1 of tone, anger and urgency, beside a word-counting
//!   baseline).
//!
//! ## From other languages
//!
//! The JSON contract is also a C ABI (the workspace member `ffi/`, crate
//! `frontline-ffi`: a shared and a static library with the header
//! `ffi/include/frontline.h`) and a Python package (`python/`: PyO3, one
//! abi3 wheel, `import frontline`). Both carry the same requests and
//! answers as [`api::call`]; the README shows each in ten lines.
//!
//! ## Still to come
//!
//! KPIs on a distributed engine: the accumulators as Apache DataFusion
//! aggregate functions, in a workspace member of their own.
#![doc(test(attr(deny(warnings))))]
#![forbid(unsafe_code)]
// Helpers shared by areas (text folding, ID checks, error notes) are unused
// when only some areas are compiled; the full build (`api`, the default)
// still reports dead code.
#![cfg_attr(not(feature = "api"), allow(dead_code, unused_imports))]
#![deny(missing_docs)]

mod error;
mod name;
mod util;

/// The README's code, compiled and run as a doc test so it stays true.
#[cfg(all(doctest, feature = "api"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

#[cfg(feature = "api")]
pub mod api;
#[cfg(feature = "calendar")]
pub mod calendar;
pub mod customer;
#[cfg(feature = "escalation")]
pub mod escalation;
#[cfg(feature = "faq")]
pub mod faq;
#[cfg(feature = "flows")]
pub mod flows;
#[cfg(feature = "metrics")]
pub mod metrics;
pub mod prelude;
#[cfg(feature = "reply")]
pub mod reply;
#[cfg(feature = "routing")]
pub mod routing;
#[cfg(feature = "rules")]
pub mod rules;
#[cfg(feature = "sla")]
pub mod sla;
#[cfg(feature = "staffing")]
pub mod staffing;
#[cfg(feature = "text")]
pub mod text;
pub mod ticket;
pub mod time;
#[cfg(feature = "trends")]
pub mod trends;
#[cfg(feature = "triage")]
pub mod triage;

#[cfg(feature = "calendar")]
pub use calendar::{BusinessCalendar, CalendarSpec};
pub use customer::Customer;
pub use error::Error;
pub use name::Name;
pub use ticket::{Channel, Event, EventKind, Priority, Status, Ticket};
pub use time::Timestamp;
