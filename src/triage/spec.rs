//! What triage reads and what it returns.

use serde::{Deserialize, Serialize};

use crate::customer::Customer;
use crate::text::{Detection, Lang};
use crate::ticket::{Channel, Priority, TicketId};
use crate::time::Timestamp;

/// An incoming message.
///
/// JSON: `{"text": "...", "subject": "...", "channel": "email"}`; `subject`
/// and `channel` optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Message {
    /// The body.
    pub text: String,
    /// The subject line, read with the body.
    #[serde(default)]
    pub subject: Option<String>,
    /// The channel it came in on.
    #[serde(default)]
    pub channel: Option<Channel>,
}

impl Message {
    /// A message with only a body.
    pub fn new(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            subject: None,
            channel: None,
        }
    }

    /// With a subject line.
    pub fn with_subject(mut self, subject: impl Into<String>) -> Message {
        self.subject = Some(subject.into());
        self
    }

    /// With the channel it came in on.
    pub fn with_channel(mut self, channel: Channel) -> Message {
        self.channel = Some(channel);
        self
    }
}

/// An earlier ticket of the same customer, as the host passes it (the
/// library stores nothing).
///
/// JSON: `{"id": "T-1", "created_at": "2026-03-01T09:00:00Z", "channel": "chat", "subject": "...", "text": "..."}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RecentTicket {
    /// The ticket.
    pub id: TicketId,
    /// When it was created.
    pub created_at: Timestamp,
    /// Its channel.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Its subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// Its first message, or a summary.
    #[serde(default)]
    pub text: String,
}

impl RecentTicket {
    /// An earlier ticket with its first message (or a summary).
    pub fn new(id: TicketId, created_at: Timestamp, text: impl Into<String>) -> RecentTicket {
        RecentTicket {
            id,
            created_at,
            channel: None,
            subject: None,
            text: text.into(),
        }
    }

    /// With its subject.
    pub fn with_subject(mut self, subject: impl Into<String>) -> RecentTicket {
        self.subject = Some(subject.into());
        self
    }

    /// With its channel.
    pub fn with_channel(mut self, channel: Channel) -> RecentTicket {
        self.channel = Some(channel);
        self
    }
}

/// How many people see a message.
///
/// JSON: `{"public": true, "followers": 25000}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Reach {
    /// A public post (not a direct message).
    #[serde(default)]
    pub public: bool,
    /// The author's followers.
    #[serde(default)]
    pub followers: u64,
}

impl Reach {
    /// A post, public or not, by an account with `followers` followers.
    pub fn new(public: bool, followers: u64) -> Reach {
        Reach { public, followers }
    }
}

/// Where the ticket stands against its SLA, as the host knows it (from an
/// an SLA report, say).
///
/// JSON: `{"due_at": "2026-03-02T10:00:00Z", "breached": false}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TicketSla {
    /// The next due time.
    #[serde(default)]
    pub due_at: Option<Timestamp>,
    /// Whether a target is already breached.
    #[serde(default)]
    pub breached: bool,
}

impl TicketSla {
    /// The next due time, and whether a target is already breached.
    pub fn new(due_at: Option<Timestamp>, breached: bool) -> TicketSla {
        TicketSla { due_at, breached }
    }
}

/// The context of a message: who sent it, what came before, who sees it.
///
/// JSON: `{"customer": {...}, "recent_tickets": [...], "reach": {...}, "sla": {...}}`, all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TriageContext {
    /// The customer.
    #[serde(default)]
    pub customer: Option<Customer>,
    /// The customer's earlier tickets (at most
    /// [`MAX_RECENT_TICKETS`](super::MAX_RECENT_TICKETS)).
    #[serde(default)]
    pub recent_tickets: Vec<RecentTicket>,
    /// The message's reach.
    #[serde(default)]
    pub reach: Option<Reach>,
    /// The SLA state.
    #[serde(default)]
    pub sla: Option<TicketSla>,
}

impl TriageContext {
    /// No context: an unknown customer, no history, a private message.
    pub fn new() -> TriageContext {
        TriageContext::default()
    }

    /// With the customer.
    pub fn with_customer(mut self, customer: Customer) -> TriageContext {
        self.customer = Some(customer);
        self
    }

    /// With the customer's earlier tickets.
    pub fn with_recent_tickets(mut self, tickets: Vec<RecentTicket>) -> TriageContext {
        self.recent_tickets = tickets;
        self
    }

    /// With the message's reach.
    pub fn with_reach(mut self, reach: Reach) -> TriageContext {
        self.reach = Some(reach);
        self
    }

    /// With the SLA state.
    pub fn with_sla(mut self, sla: TicketSla) -> TriageContext {
        self.sla = Some(sla);
        self
    }
}

/// Where the language came from.
///
/// JSON: `"detected"`, `"customer"` or `"default"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LanguageSource {
    /// Detected reliably in the text.
    Detected,
    /// The customer's locale, because detection was unsure.
    Customer,
    /// The configuration's default language.
    Default,
}

/// The language triage read the message in.
///
/// JSON: `{"lang": "nl", "source": "detected", "detection": {...} | null}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Language {
    /// The language.
    pub lang: Lang,
    /// Where it came from.
    pub source: LanguageSource,
    /// The detection, when there was one.
    pub detection: Option<Detection>,
}

/// A sentiment label.
///
/// JSON: `"negative"`, `"neutral"` or `"positive"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SentimentLabel {
    /// Negative.
    Negative,
    /// Neither.
    Neutral,
    /// Positive.
    Positive,
}

/// The message's tone.
///
/// JSON: `{"score": -0.62, "label": "negative"}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sentiment {
    /// From −1 (very negative) to 1 (very positive).
    pub score: f64,
    /// The label, by the configured thresholds.
    pub label: SentimentLabel,
}

/// Anger beyond a negative tone.
///
/// JSON: `{"angry": true, "strength": 0.78}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Anger {
    /// Whether the strength reaches the anger threshold.
    pub angry: bool,
    /// From 0 to 1: 1 − e^(−points).
    pub strength: f64,
}

/// An urgency level.
///
/// JSON: `"none"`, `"elevated"` or `"high"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UrgencyLevel {
    /// Nothing urgent.
    None,
    /// Sooner than usual.
    Elevated,
    /// Now.
    High,
}

/// How urgent the message is.
///
/// JSON: `{"level": "high", "points": 2.2}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Urgency {
    /// The level.
    pub level: UrgencyLevel,
    /// The urgency cues' weights, each label once, and the 0.8 of a
    /// deadline with a problem.
    pub points: f64,
}

/// Where a category suggestion came from.
///
/// JSON: `"rule"` or `"classifier"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CategorySource {
    /// A category rule matched.
    Rule,
    /// The classifier trained on the host's examples.
    Classifier,
}

/// A suggested category.
///
/// JSON: `{"category": "billing", "score": 0.91, "source": "classifier"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CategorySuggestion {
    /// The category.
    pub category: String,
    /// The rule's score, or the classifier's confidence (0 to 1).
    pub score: f64,
    /// Where it came from.
    pub source: CategorySource,
}

/// One reason for the suggested priority.
///
/// JSON: `{"reason": "urgency_high", "points": 2.0, "detail": "outage"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PriorityReason {
    /// What it is: `urgency_elevated`, `urgency_high`, `anger`, `segment`,
    /// `sla_breached`, `sla_due_soon`, `public`, `followers`,
    /// `repeat_contact`.
    pub reason: String,
    /// The points it adds.
    pub points: f64,
    /// A detail for people (the segment, the follower count, ...).
    pub detail: String,
}

/// The suggested priority with its reasons.
///
/// JSON: `{"priority": "high", "points": 3.5, "reasons": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrioritySuggestion {
    /// The priority.
    pub priority: Priority,
    /// The points, the sum of the reasons'.
    pub points: f64,
    /// Why, largest first.
    pub reasons: Vec<PriorityReason>,
}

/// The same topic again.
///
/// JSON: `{"ticket_id": "T-1", "days_ago": 2.5, "similarity": 0.6, "channel": "email", "contacts_in_window": 2}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RepeatContact {
    /// The earlier ticket on the same topic.
    pub ticket_id: TicketId,
    /// How long ago it was created, in days.
    pub days_ago: f64,
    /// The word overlap with it (0 to 1).
    pub similarity: f64,
    /// Its channel.
    pub channel: Option<Channel>,
    /// The customer's tickets within the window, this message not counted.
    pub contacts_in_window: usize,
}

/// What a cue is.
///
/// JSON: snake case of the variant (`"sentiment"`, `"negation"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CueKind {
    /// A word of the sentiment lexicon.
    Sentiment,
    /// A negation that turned a word's valence.
    Negation,
    /// A word that made the next one stronger.
    Intensifier,
    /// A word that made the next one weaker.
    Dampener,
    /// A contrast word: what follows weighs more.
    Contrast,
    /// Exclamation or question marks.
    Punctuation,
    /// A word in capitals among words that are not.
    Capitals,
    /// An emoji or emoticon.
    Emoji,
    /// A word with a letter drawn out (`waaaarom`).
    Elongation,
    /// A phrase with a tone (cue class `tone`).
    Tone,
    /// An anger cue.
    Anger,
    /// Shouting: mostly capitals, or `!!!`.
    Shouting,
    /// An urgency cue.
    Urgency,
    /// Contacts about the same topic before.
    RepeatContact,
}

/// One cue that fired, so an agent sees why.
///
/// JSON: `{"kind": "anger", "label": "threat.leave", "weight": 1.0, "start": 12, "end": 40, "text": "zeg mijn abonnement op"}`;
/// `start..end` are byte offsets into the message text (the subject line,
/// when there is one, then a newline, then the body); both are 0 for cues
/// about the whole message or its context (shouting in capitals, repeat
/// contact, a deadline with a problem), whose `text` describes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Cue {
    /// What the cue is.
    pub kind: CueKind,
    /// Its label: the cue list's (`threat.leave`), the lexicon word, or a
    /// description.
    pub label: String,
    /// Its weight: a valence for tone cues, points for anger and urgency.
    pub weight: f64,
    /// Byte offset of the cue in the message text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// The text it covers (or a description for context cues).
    pub text: String,
}

/// Everything triage says about one message.
///
/// JSON: `{"language", "sentiment", "anger", "urgency", "categories", "priority", "repeat_contact", "cues"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Triage {
    /// The language read in.
    pub language: Language,
    /// The tone.
    pub sentiment: Sentiment,
    /// Anger.
    pub anger: Anger,
    /// Urgency.
    pub urgency: Urgency,
    /// Suggested categories, best first.
    pub categories: Vec<CategorySuggestion>,
    /// The suggested priority.
    pub priority: PrioritySuggestion,
    /// The same topic again, if it is.
    pub repeat_contact: Option<RepeatContact>,
    /// Every cue that fired, in text order (context cues last).
    pub cues: Vec<Cue>,
}
