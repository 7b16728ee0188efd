//! Escalations: when a flow, the FAQ or a rule hands a customer to a
//! person, everything the person needs first, so the customer never
//! repeats themselves.
//!
//! [`summarize`] gathers what the host passes in (the customer, the ticket
//! and the customer's other tickets, a flow's state with every question
//! and answer, FAQ articles shown and whether they helped, triage, the SLA
//! report) into an [`Escalation`]: the facts, one plain paragraph in the
//! agent's language, and a [`WorkItem`] ready for
//! [`routing::route`](crate::routing::route).
//!
//! ```
//! use frontline::escalation::{summarize, EscalationInput};
//! let input: EscalationInput = serde_json::from_value(serde_json::json!({
//!     "customer": {"id": "c-anna", "name": "Anna de Vries", "locale": "nl-NL", "plan": "plus"},
//!     "reason": "resetmail komt niet aan",
//!     "agent_locale": "nl"
//! }))?;
//! let e = summarize(&input, "2026-11-23T09:00:00Z".parse()?)?;
//! assert_eq!(e.summary, "Anna de Vries (NL, plus-abonnement): resetmail komt niet aan.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What the summary says
//!
//! In Dutch or English (`agent_locale`; English for other languages), in
//! this order, each part only when its facts are there: who the customer
//! is (name, language, plan, segment); why it was escalated; the questions
//! of the flow with their answers; the FAQ articles shown and whether they
//! helped; tone and urgency from triage; the customer's other tickets of
//! the last [`HISTORY_DAYS`] days; and when the reply is due. It is
//! assembled from the facts, word for word, never guessed.
//!
//! ## Caps and cost
//!
//! At most [`MAX_HISTORY`] other tickets; the summary names at most
//! [`MAX_SUMMARY_STEPS`] questions and FAQ articles (the latest) and five
//! triage cues. Linear in the input.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::flows::{FaqShown, FlowState, PathStep};
use crate::routing::{SkillLevel, WorkItem};
use crate::sla::{ReplyDue, SlaReport};
use crate::time::{Timestamp, WordsLang, WordsStyle, Zone, in_words};
use crate::triage::Triage;
use crate::{Customer, Priority, Ticket};

#[cfg(test)]
mod tests;

/// The most other tickets an escalation takes.
pub const MAX_HISTORY: usize = 50;
/// The most questions and FAQ articles the summary names (the latest).
pub const MAX_SUMMARY_STEPS: usize = 10;
/// Other tickets of this many days count as recent contact in the summary.
pub const HISTORY_DAYS: i64 = 30;

/// What can go wrong summarising.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EscalationError {
    /// Too many of something.
    #[error("too many {what}: {len}, over the limit of {max}")]
    TooLarge {
        /// What.
        what: &'static str,
        /// How many.
        len: usize,
        /// The limit.
        max: usize,
    },
}

impl EscalationError {
    /// The stable code: `escalation.too_large`.
    pub fn code(&self) -> &'static str {
        match self {
            EscalationError::TooLarge { .. } => "escalation.too_large",
        }
    }
}

/// What the host knows when a customer is handed to a person. All
/// optional.
///
/// JSON: `{"ticket": {...}, "customer": {...}, "history": [...],
/// "flow": {...}, "faq": [...], "triage": {...}, "sla": {...},
/// "reason": "...", "skills": {"accounts": 2}, "agent_locale": "nl"}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EscalationInput {
    /// The ticket being escalated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Ticket>,
    /// The customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
    /// The customer's other tickets, on any channel (at most
    /// [`MAX_HISTORY`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Ticket>,
    /// The state of the flow that escalated (its path, FAQ record and
    /// outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<FlowState>,
    /// FAQ articles shown outside a flow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faq: Vec<FaqShown>,
    /// The triage of the customer's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<Triage>,
    /// The ticket's SLA report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaReport>,
    /// Why, when a rule or a person escalates (a flow's outcome says its
    /// own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Skills the agent needs, for the work item.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub skills: BTreeMap<String, SkillLevel>,
    /// The agent's language for the summary (Dutch or English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_locale: Option<String>,
}

impl EscalationInput {
    /// Nothing known yet.
    pub fn new() -> EscalationInput {
        EscalationInput::default()
    }
}

/// The customer at a glance.
///
/// JSON: `{"id": "c-anna", "name": "Anna de Vries", "language": "nl",
/// "plan": "plus", "emails": ["anna@example.nl"], "phones": []}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CustomerCard {
    /// The customer's id.
    pub id: String,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The language (the locale's primary subtag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// E-mail addresses.
    #[serde(default)]
    pub emails: Vec<String>,
    /// Phone numbers.
    #[serde(default)]
    pub phones: Vec<String>,
}

/// One other ticket of the customer.
///
/// JSON: `{"ticket": "T-990", "channel": "chat", "subject": "...",
/// "status": "solved", "created_at": "...", "updated_at": "...", "messages": 4}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct HistoryLine {
    /// The ticket's id.
    pub ticket: String,
    /// Its channel.
    pub channel: crate::Channel,
    /// Its subject.
    pub subject: String,
    /// Its status.
    pub status: crate::Status,
    /// When it was created.
    pub created_at: Timestamp,
    /// Its latest event.
    pub updated_at: Timestamp,
    /// Its messages.
    pub messages: usize,
}

/// The tone of the customer's message, from triage.
///
/// JSON: `{"sentiment": "negative", "angry": true, "urgency": "high", "cues": ["voor de derde keer"]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToneFacts {
    /// `negative`, `neutral` or `positive`.
    pub sentiment: crate::triage::SentimentLabel,
    /// Whether the customer is angry.
    pub angry: bool,
    /// `none`, `elevated` or `high`.
    pub urgency: crate::triage::UrgencyLevel,
    /// The strongest anger and urgency cues, as written (at most five).
    #[serde(default)]
    pub cues: Vec<String>,
}

/// What the agent sees first.
///
/// JSON: `{"customer": {...}, "reason": "...", "group": "accounts",
/// "priority": "high", "path": [...], "faq": [...], "tone": {...},
/// "history": [...], "reply_due": {...}, "summary": "...", "routing": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Escalation {
    /// The customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerCard>,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The group that should take it (the flow's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The priority: the highest of the flow's, triage's and the ticket's.
    pub priority: Priority,
    /// Every question and answer of the flow.
    #[serde(default)]
    pub path: Vec<PathStep>,
    /// FAQ articles shown (the flow's, then the others).
    #[serde(default)]
    pub faq: Vec<FaqShown>,
    /// The customer's tone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tone: Option<ToneFacts>,
    /// The customer's other tickets, newest first.
    #[serde(default)]
    pub history: Vec<HistoryLine>,
    /// The reply the customer waits on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_due: Option<ReplyDue>,
    /// One paragraph in the agent's language.
    pub summary: String,
    /// The routing need, for [`routing::route`](crate::routing::route);
    /// absent without a ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<WorkItem>,
}

/// Builds the escalation at `now`.
///
/// # Errors
/// `escalation.too_large` for more than [`MAX_HISTORY`] other tickets.
pub fn summarize(input: &EscalationInput, now: Timestamp) -> Result<Escalation, EscalationError> {
    if input.history.len() > MAX_HISTORY {
        return Err(EscalationError::TooLarge {
            what: "other tickets",
            len: input.history.len(),
            max: MAX_HISTORY,
        });
    }
    let outcome = input.flow.as_ref().and_then(|f| f.outcome.as_ref());
    let reason = outcome
        .and_then(|o| o.reason.clone())
        .or_else(|| input.reason.clone());
    let group = outcome.and_then(|o| o.group.clone());
    let priority = [
        outcome.and_then(|o| o.priority),
        input.triage.as_ref().map(|t| t.priority.priority),
        input.ticket.as_ref().map(Ticket::priority),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or_default();
    let path = input
        .flow
        .as_ref()
        .map(|f| f.path.clone())
        .unwrap_or_default();
    let mut faq = input
        .flow
        .as_ref()
        .map(|f| f.faq.clone())
        .unwrap_or_default();
    faq.extend(input.faq.iter().cloned());
    let tone = input.triage.as_ref().map(tone);
    let current = input.ticket.as_ref().map(|t| t.id().as_str().to_owned());
    let mut history: Vec<HistoryLine> = input
        .history
        .iter()
        .filter(|t| Some(t.id().as_str()) != current.as_deref())
        .map(line)
        .collect();
    history.sort_by(|a, b| {
        b.updated_at
            .cmp(&a.updated_at)
            .then(a.ticket.cmp(&b.ticket))
    });
    let reply_due = input.sla.as_ref().and_then(SlaReport::reply_due);
    let customer = input.customer.as_ref().map(card);
    let routing = input.ticket.as_ref().map(|t| {
        let mut item = WorkItem::new(t.id().clone(), t.channel(), now);
        item.priority = priority;
        item.required_skills = input.skills.clone();
        item.language = input
            .customer
            .as_ref()
            .and_then(|c| c.locale.clone())
            .or_else(|| {
                input
                    .flow
                    .as_ref()
                    .and_then(|f| crate::customer::Locale::new(&f.locale).ok())
            });
        item.group = group.as_deref().and_then(|g| g.parse().ok());
        item.sla_due_at = reply_due.as_ref().map(|d| d.due_at);
        item
    });
    let mut e = Escalation {
        customer,
        reason,
        group,
        priority,
        path,
        faq,
        tone,
        history,
        reply_due,
        summary: String::new(),
        routing,
    };
    let lang = input
        .agent_locale
        .as_deref()
        .and_then(WordsLang::of_locale)
        .filter(|l| *l == WordsLang::Nl)
        .unwrap_or(WordsLang::En);
    let zone = input
        .customer
        .as_ref()
        .and_then(|c| c.time_zone)
        .unwrap_or(Zone::UTC);
    e.summary = summary(&e, lang, zone, now);
    Ok(e)
}

fn card(c: &Customer) -> CustomerCard {
    use crate::customer::IdentityKind;
    let of = |kind: IdentityKind| {
        c.identities
            .iter()
            .filter(|i| i.kind() == kind)
            .map(|i| i.value().to_owned())
            .collect()
    };
    CustomerCard {
        id: c.id.as_str().to_owned(),
        name: c.name.clone(),
        language: c.locale.as_ref().map(|l| l.language().to_owned()),
        plan: c.plan.clone(),
        segment: c.segment.clone(),
        organization: c.organization.clone(),
        emails: of(IdentityKind::Email),
        phones: of(IdentityKind::Phone),
    }
}

fn line(t: &Ticket) -> HistoryLine {
    HistoryLine {
        ticket: t.id().as_str().to_owned(),
        channel: t.channel(),
        subject: crate::util::excerpt(t.subject()),
        status: t.status(),
        created_at: t.created_at(),
        updated_at: t.events().last().map_or(t.created_at(), |e| e.at),
        messages: t
            .events()
            .iter()
            .filter(|e| matches!(e.kind, crate::EventKind::Message { .. }))
            .count(),
    }
}

fn tone(t: &Triage) -> ToneFacts {
    use crate::triage::CueKind;
    let mut cues: Vec<&crate::triage::Cue> = t
        .cues
        .iter()
        .filter(|c| matches!(c.kind, CueKind::Anger | CueKind::Urgency) && !c.text.is_empty())
        .collect();
    cues.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.start.cmp(&b.start)));
    let mut texts: Vec<String> = Vec::new();
    for c in cues {
        if texts.len() == 5 {
            break;
        }
        if !texts.contains(&c.text) {
            texts.push(c.text.clone());
        }
    }
    ToneFacts {
        sentiment: t.sentiment.label,
        angry: t.anger.angry,
        urgency: t.urgency.level,
        cues: texts,
    }
}

/// The words of one summary language.
struct Words {
    customer: &'static str,
    plan: &'static str,
    asked: &'static str,
    faq: &'static str,
    helped: &'static str,
    not_helped: &'static str,
    unknown: &'static str,
    yes: &'static str,
    no: &'static str,
    tone: [&'static str; 3],
    angry: &'static str,
    urgency: [&'static str; 3],
    history: &'static str,
    reply: &'static str,
    late: &'static str,
}

const NL: Words = Words {
    customer: "Klant",
    plan: "-abonnement",
    asked: "Gevraagd",
    faq: "FAQ getoond",
    helped: "hielp",
    not_helped: "hielp niet",
    unknown: "geen reactie",
    yes: "ja",
    no: "nee",
    tone: ["toon negatief", "toon neutraal", "toon positief"],
    angry: "boos",
    urgency: ["", "urgentie verhoogd", "urgentie hoog"],
    history: "Eerder contact",
    reply: "Antwoord uiterlijk",
    late: "Antwoord te laat sinds",
};

const EN: Words = Words {
    customer: "Customer",
    plan: " plan",
    asked: "Asked",
    faq: "FAQ shown",
    helped: "helped",
    not_helped: "did not help",
    unknown: "no answer",
    yes: "yes",
    no: "no",
    tone: ["negative tone", "neutral tone", "positive tone"],
    angry: "angry",
    urgency: ["", "elevated urgency", "high urgency"],
    history: "Earlier contact",
    reply: "Reply due",
    late: "Reply overdue since",
};

/// The one-paragraph summary.
fn summary(e: &Escalation, lang: WordsLang, zone: Zone, now: Timestamp) -> String {
    use crate::triage::{SentimentLabel, UrgencyLevel};
    let w = if lang == WordsLang::Nl { &NL } else { &EN };
    let mut parts: Vec<String> = Vec::new();
    // Who.
    let mut who = e
        .customer
        .as_ref()
        .and_then(|c| c.name.clone())
        .unwrap_or_else(|| w.customer.to_owned());
    let mut about: Vec<String> = Vec::new();
    if let Some(c) = &e.customer {
        about.extend(c.language.as_ref().map(|l| l.to_uppercase()));
        about.extend(c.plan.as_ref().map(|p| format!("{p}{}", w.plan)));
        about.extend(c.segment.clone());
    }
    if !about.is_empty() {
        who = format!("{who} ({})", about.join(", "));
    }
    let opening = match &e.reason {
        Some(r) => format!("{who}: {r}."),
        None => format!("{who}."),
    };
    parts.push(opening);
    // The flow's questions and answers.
    let start = e.path.len().saturating_sub(MAX_SUMMARY_STEPS);
    let asked: Vec<String> = e
        .path
        .get(start..)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let answer = match &p.value {
                serde_json::Value::Bool(true) => w.yes.to_owned(),
                serde_json::Value::Bool(false) => w.no.to_owned(),
                _ => p.answer.trim().to_owned(),
            };
            format!("“{}” {answer}", p.question.trim())
        })
        .collect();
    if !asked.is_empty() {
        parts.push(format!("{}: {}.", w.asked, asked.join("; ")));
    }
    // FAQ articles.
    let start = e.faq.len().saturating_sub(MAX_SUMMARY_STEPS);
    let shown: Vec<String> = e
        .faq
        .get(start..)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            let article = f.chosen.clone().or_else(|| f.shown.first().cloned())?;
            let verdict = match f.helped {
                Some(true) => w.helped,
                Some(false) => w.not_helped,
                None => w.unknown,
            };
            Some(format!("{article} ({verdict})"))
        })
        .collect();
    if !shown.is_empty() {
        parts.push(format!("{}: {}.", w.faq, shown.join(", ")));
    }
    // Tone.
    if let Some(t) = &e.tone {
        let mut said: Vec<String> = Vec::new();
        let tone = match t.sentiment {
            SentimentLabel::Negative => w.tone[0],
            SentimentLabel::Positive => w.tone[2],
            _ => w.tone[1],
        };
        said.push(tone.to_owned());
        if t.angry {
            said.push(w.angry.to_owned());
        }
        let urgency = match t.urgency {
            UrgencyLevel::High => w.urgency[2],
            UrgencyLevel::Elevated => w.urgency[1],
            _ => w.urgency[0],
        };
        if !urgency.is_empty() {
            said.push(urgency.to_owned());
        }
        let mut sentence = said.join(", ");
        if !t.cues.is_empty() {
            let quoted: Vec<String> = t.cues.iter().map(|c| format!("“{c}”")).collect();
            sentence = format!("{sentence} ({})", quoted.join(", "));
        }
        parts.push(capitalise(&format!("{sentence}.")));
    }
    // Recent contact.
    let since = now.saturating_add_seconds(-HISTORY_DAYS * 86_400);
    let recent: Vec<&HistoryLine> = e.history.iter().filter(|h| h.updated_at >= since).collect();
    if !recent.is_empty() {
        let mut channels: Vec<&str> = Vec::new();
        for h in &recent {
            if !channels.contains(&h.channel.as_str()) {
                channels.push(h.channel.as_str());
            }
        }
        let tickets: Vec<&str> = recent.iter().map(|h| h.ticket.as_str()).collect();
        parts.push(format!(
            "{}: {} ({}).",
            w.history,
            tickets.join(", "),
            channels.join(", ")
        ));
    }
    // When the reply is due.
    if let Some(d) = &e.reply_due {
        let when = in_words(d.due_at, now, zone, lang, WordsStyle::At);
        let head = if d.overdue { w.late } else { w.reply };
        parts.push(format!("{head} {when}."));
    }
    parts.join(" ")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
