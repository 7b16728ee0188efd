//! Triage of incoming messages: tone, anger, urgency, category, priority
//! and repeat contact, for Dutch and English.
//!
//! A desk wants to see the angry customer early, answer the public post
//! that many people read first, and put the outage ahead of the question
//! about opening hours. [`Triager::analyze`] reads one message with its
//! context (the customer, their recent tickets, the post's reach, the SLA
//! state the host knows) and returns a [`Triage`]: every judgement with the
//! cues that led to it, so an agent sees *why*.
//!
//! ```
//! use frontline::triage::{Message, TriageConfig, TriageContext, Triager, UrgencyLevel};
//! use frontline::Timestamp;
//!
//! let triager = Triager::new(TriageConfig::default())?;
//! let now = Timestamp::parse("2026-03-02T09:00:00Z")?;
//! let message = Message::new(
//!     "Voor de derde keer: ik kan niet inloggen en moet vandaag betalen. \
//!      Als dit niet opgelost wordt zeg ik mijn abonnement op!!!",
//! );
//! let t = triager.analyze(&message, &TriageContext::default(), now)?;
//! assert_eq!(t.language.lang, frontline::text::Lang::Nl);
//! assert!(t.anger.angry);
//! assert_eq!(t.urgency.level, UrgencyLevel::High);
//! assert_eq!(t.priority.priority, frontline::Priority::High);
//! let labels: Vec<&str> = t.cues.iter().map(|c| c.label.as_str()).collect();
//! assert!(labels.contains(&"threat.leave") && labels.contains(&"repeated"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Language
//!
//! The language is detected ([`detect_language`](crate::text::detect_language));
//! when the detection is not [reliable](crate::text::Detection::reliable)
//! (a short message), the customer's locale is used, and without one the
//! configuration's default, and [`Language::source`] says which. The
//! language is detected on the first 256 bytes (a sentence or two decide it,
//! and detection costs about 17 ns a byte). When it is not sure, the cues of
//! every language apply. The built-in lexicons, word lists and cues are
//! Dutch and English; a message in another language gets only what is
//! language-free (emoji, punctuation, capitals, the context) and the host's
//! own cues and lexicon words for it.
//!
//! # Sentiment
//!
//! VADER's method (Hutto and Gilbert, 2014), re-implemented: every word with
//! a valence (−4 to 4) in the lexicon adds it; an intensifier or dampener in
//! the three words before (`heel`, `erg`, `echt`, `very`, `a bit`) moves it
//! by 0.293 away from or towards 0 (0.95 and 0.9 of that two and three
//! words back); a negation in the three words before (`niet`, `geen`,
//! `not`, `never`, `-n't`) multiplies it by −0.74; a word in capitals in a
//! message that is not mostly capitals adds 0.733 to its magnitude; a word
//! with a letter drawn out (`sooo`, `waaaarom`) is looked up shortened and
//! adds 0.293. After the last contrast word (`maar`, `but`, `however`) words
//! weigh 1.5, before it 0.5. Tone phrases (`werkt niet`, `doesn't work`,
//! `goed geholpen`) add their valence; emoji and emoticons theirs. The sum
//! gains 0.292 per `!` (up to four) and 0.18 per `?` (two or more, up to
//! three) in its own direction. Anger and urgency cues carry a tone too
//! (a problem reported is negative: −1.5 for most, −2 for threats, −2.5 for
//! insults, −0.5 for a cancellation, 0 for deadlines and events), as does
//! shouting in capitals (−1.5). The contrast rule looks at the whole message
//! (its last contrast word). The sum is normalised to
//! score = sum / √(sum² + 15). The label is positive from
//! [`Thresholds::positive`] (0.05), negative from
//! [`Thresholds::negative`] (−0.05).
//!
//! Lexicons: English, the VADER lexicon (7,500 words and emoticons, MIT
//! licence); Dutch, the adjective lexicon of Pattern (De Smedt and
//! Daelemans, 2012; 2,700 forms, public-domain dedication), polarity × 4;
//! both overlaid with support vocabulary of frontline's own (`kapot`,
//! `waardeloos`, `onacceptabel`, `bedankt`, `scam`, ...) and the host's
//! [`TriageConfig::lexicon`]. Dutch inflected adjectives are looked up
//! without their ending (`slechte` → `slecht`, `snelle` → `snel`). See
//! NOTICE.
//!
//! # Anger and urgency
//!
//! Cues are short patterns (below) in lists with a label and a weight; a
//! label counts once per message. Built in, for both languages:
//!
//! | class | label | weight | for example |
//! |---|---|---|---|
//! | anger | `cancel` | 0.5 | *zeg mijn abonnement op*, *cancel my subscription*: a cancellation alone is not anger |
//! | anger | `threat.leave` | 1 | *als ... niet ... zeg ik op*, *otherwise I'll cancel*, *ik stap over*, *never order again* |
//! | anger | `threat.chargeback` | 1 | *terugboeken*, *chargeback*, *dispute the charge* |
//! | anger | `threat.review` | 1 | *slechte review*, *Trustpilot*, *on social media* |
//! | anger | `threat.legal` | 1 | *advocaat*, *ACM*, *Consumentenbond*, *ombudsman*, *lawyer* |
//! | anger | `repeated` | 0.7 | *voor de derde keer*, *nog steeds geen antwoord*, *still no reply* |
//! | anger | `anger_word` | 0.8 | *boos*, *woedend*, *ik ben het zat*, *furious*, *fed up* |
//! | anger | `insult` | 0.8 | insults and profanity (a short list per language) |
//! | urgency | `outage` | 1.5 | *storing*, *app ligt plat*, *site is down* |
//! | urgency | `access` | 1 | *kan niet inloggen*, *locked out* |
//! | urgency | `payment` | 1 | *betaling mislukt*, *card declined*, *charged twice* |
//! | urgency | `deadline` | 0.7 | *vandaag*, *morgen*, *voor vrijdag*, *asap* |
//! | urgency | `event` | 0.5 | *verjaardag*, *wedding*, *flight* |
//! | urgency | `not_arrived` | 0.5 | *nog niet aangekomen*, *never arrived* |
//! | urgency | `safety` | 2 | *brand*, *rook*, *kortsluiting*, *electric shock* |
//! | urgency | `security` | 2 | *gehackt*, *phishing*, *fraude*, *unauthorised* |
//! | urgency | `legal` | 0.5 | *AVG*, *datalek*, *GDPR* |
//!
//! **Anger** points are the anger cues' weights, plus 1.5 per unit of tone
//! below −0.4, plus 0.5 for shouting in capitals (more than half the words,
//! and at least three) and 0.5 for `!!!`, plus 0.7 when the customer wrote
//! at least twice before within the repeat window (about any topic). The strength is 1 − e^(−points);
//! anger from [`Thresholds::anger`] (0.5: any one anger cue, or a very
//! negative tone with shouting).
//!
//! **Urgency** points are the urgency cues' weights, plus 0.8 when a
//! deadline or an event meets a problem (an outage, blocked access or
//! payment, a parcel not arrived, something that does not work): `elevated`
//! from 0.7, `high` from 1.5 ([`Thresholds`]). So a deadline alone is
//! elevated, an outage or a parcel not arrived for tomorrow's birthday is
//! high.
//!
//! ## Cue patterns
//!
//! Words separated by spaces, matched against the message's normalised
//! words (lower case, accents folded): `word`; `word*` for any word that
//! starts with it (at least three letters); `a|b|c` for alternatives; `...`
//! for a gap of zero to three words (at most two gaps, not first or last).
//! `zeg* ... op` matches *zeg mijn abonnement op*. At most
//! [`MAX_PATTERN_WORDS`] positions and [`MAX_ALTERNATIVES`] alternatives.
//!
//! # Categories
//!
//! [`CategoryRule`]s suggest a category when a keyword pattern or regular
//! expression matches, or a condition of the [rules engine](crate::rules)
//! holds over the message and the customer (`message contains_word refund
//! and customer.plan is business`), with the rule's score. With
//! [`TriageConfig::training`] examples, a classifier suggests categories
//! too: an [FAQ index](crate::faq) with one entry per category and the
//! examples as its phrasings, so the same learner, with its calibrated
//! confidence as the score (suggestions under 0.05 are left out). Each
//! category is listed once, at its best score.
//!
//! # Priority
//!
//! Points from [`PriorityWeights`] (defaults in brackets): urgency elevated
//! (1) or high (2), anger (1.5), the customer's segment or plan as listed
//! (none by default), SLA breached (2) or due within an hour (1), a public
//! post (0.5) and by an account of 10,000 followers or more (1.5 more),
//! repeat contact (0.5). High from 2 points, urgent from 4; below, normal.
//! Every reason is listed with its points.
//!
//! # Repeat contact
//!
//! The host passes the customer's recent tickets (the library stores
//! nothing). An earlier ticket within [`TriageConfig::repeat_window_days`]
//! (7; a ticket dated after `now` counts as created at `now`) is the same
//! topic when the content words (stems, no stop words) of the message and
//! of the ticket's subject and text share at least two and overlap by at
//! least [`TriageConfig::repeat_similarity`] (0.3) of the smaller set; the
//! most similar one (then the most recent) is named, whatever its channel.
//!
//! # Limits and cost
//!
//! A message (its subject and body together, joined by a newline) and each
//! earlier ticket up to [`MAX_TEXT_BYTES`](crate::text::MAX_TEXT_BYTES)
//! (else `text.too_long`), [`MAX_RECENT_TICKETS`] earlier tickets,
//! [`MAX_CUES`] host cues, [`MAX_KEYWORDS`] category keywords,
//! [`MAX_LEXICON_WORDS`] host lexicon words, [`MAX_CATEGORY_RULES`] category
//! rules (regular expressions of at most 1,000 bytes, compiled within 1
//! MiB), [`MAX_TRAINING_EXAMPLES`] training examples (2,001 per category),
//! and at most [`MAX_PATTERNS_PER_KEY`] patterns that can start at one word
//! or at one three-letter prefix.
//!
//! Cost of [`Triager::analyze`], for a message of *W* words and *B* bytes:
//!
//! - tokenising and language detection (on the first 256 bytes): O(*B*);
//! - cues: per word, at most 2 × [`MAX_PATTERNS_PER_KEY`] patterns are tried
//!   (those whose first word is the word or starts like it), each at most
//!   16 gap paths × 8 positions × 16 alternatives of string comparisons, and
//!   a label that has matched is not tried again. So at most *W* × 128 ×
//!   2,048 comparisons in an adversarial configuration; the built-in cues
//!   are 201 patterns in 40 lists (20 labels, each in Dutch and English
//!   or one of them);
//! - tone: O(*W*) (three words looked back per word);
//! - category regexes: each runs once over the message in linear time, so
//!   O(rules × *B*) (500 rules over 64 KiB: about 32 million steps);
//! - the classifier: one FAQ search (see [`crate::faq`]);
//! - category conditions: one evaluation of the rules engine (at most
//!   [`MAX_CATEGORY_RULES`] trigger rules) over a ticket of two events; a
//!   leaf that reads the message (`contains`, `matches`) is O(*B*), so
//!   O(rules × leaves × *B*) at worst (the rules engine caps a condition's
//!   nodes);
//! - repeat contact: each earlier ticket in the window is tokenised and
//!   stemmed once, O(total bytes of the tickets).
//!
//! Measured (`cargo bench -p frontline-benches --bench triage`, criterion
//! medians, the built-in configuration): 13 to 15 µs for a message of 500
//! bytes; [`Triager::new`] 0.2 ms, median (the lexicons are parsed once per
//! process, on first use).

mod analyze;
mod builtin;
mod config;
mod lexicon;
mod pattern;
mod spec;
mod tone;

#[cfg(test)]
mod tests;

pub use config::{
    CategoryRule, CueClass, CueSpec, PriorityWeights, Thresholds, TrainingExample, TriageConfig,
    Triager,
};
pub use pattern::{MAX_ALTERNATIVES, MAX_PATTERN_WORDS, MAX_PATTERNS_PER_KEY};
pub use spec::{
    Anger, CategorySource, CategorySuggestion, Cue, CueKind, Language, LanguageSource, Message,
    PriorityReason, PrioritySuggestion, Reach, RecentTicket, RepeatContact, Sentiment,
    SentimentLabel, TicketSla, Triage, TriageContext, Urgency, UrgencyLevel,
};

use crate::faq::FaqError;
use crate::text::TextError;

/// The most earlier tickets one analysis reads.
pub const MAX_RECENT_TICKETS: usize = 100;
/// The most cues a configuration adds.
pub const MAX_CUES: usize = 2_000;
/// The most lexicon words a configuration adds (all languages).
pub const MAX_LEXICON_WORDS: usize = 20_000;
/// The most category rules.
pub const MAX_CATEGORY_RULES: usize = 500;
/// The most keyword patterns of all category rules together.
pub const MAX_KEYWORDS: usize = 5_000;
/// The most training examples for the classifier (and at most 2,001 per
/// category, the FAQ's questions and phrasings per entry).
pub const MAX_TRAINING_EXAMPLES: usize = 20_000;

/// An error configuring or running triage.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TriageError {
    /// A cue or keyword pattern cannot be compiled.
    #[error("invalid pattern `{pattern}`: {reason}")]
    InvalidPattern {
        /// The pattern.
        pattern: String,
        /// Why.
        reason: String,
    },
    /// A category rule's regular expression cannot be compiled.
    #[error("invalid regex `{regex}`: {reason}")]
    InvalidRegex {
        /// The expression.
        regex: String,
        /// Why.
        reason: String,
    },
    /// A weight or score outside its range.
    #[error("invalid {what}: {value}, {expected} expected")]
    InvalidWeight {
        /// Whose weight.
        what: String,
        /// The value.
        value: f64,
        /// The range.
        expected: &'static str,
    },
    /// A threshold, repeat window or similarity out of range or out of
    /// order.
    #[error("invalid `{name}`: {value}, {expected} expected")]
    InvalidThresholds {
        /// The field.
        name: &'static str,
        /// The value.
        value: f64,
        /// What is expected.
        expected: &'static str,
    },
    /// A label or category is empty, over 64 bytes or has control
    /// characters, or a priority segment key is not in lower case.
    #[error("invalid label `{0}`: 1 to 64 bytes without control characters expected")]
    InvalidLabel(String),
    /// A category rule has neither keywords, a regex nor a condition.
    #[error("category rule `{0}` has neither keywords, a regex nor a condition")]
    InvalidCategory(String),
    /// A category rule's condition is not one the rules engine accepts.
    #[error("invalid condition of category `{category}`: {reason}")]
    InvalidCondition {
        /// The category.
        category: String,
        /// The rules engine's reason.
        reason: String,
    },
    /// A lexicon word is empty, over 64 bytes or more than one word.
    #[error("invalid lexicon word `{0}`: one word of 1 to 64 bytes expected")]
    InvalidLexiconWord(String),
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
    /// The training examples cannot train the classifier: an empty text,
    /// too many examples of one category, or what the FAQ learner refuses
    /// (a category that is not a valid entry id, a text over the cap).
    #[error("invalid training examples of category `{category}`: {reason}")]
    InvalidTraining {
        /// The category (empty when the learner's message names it).
        category: String,
        /// Why.
        reason: String,
    },
    /// The classifier could not search a message.
    #[error("category classifier: {0}")]
    Classifier(#[from] FaqError),
    /// A text is not acceptable (`text.too_long`).
    #[error(transparent)]
    Text(#[from] TextError),
}

impl TriageError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        match self {
            TriageError::InvalidPattern { .. } => "triage.invalid_pattern",
            TriageError::InvalidRegex { .. } => "triage.invalid_regex",
            TriageError::InvalidWeight { .. } => "triage.invalid_weight",
            TriageError::InvalidThresholds { .. } => "triage.invalid_thresholds",
            TriageError::InvalidTraining { .. } => "triage.invalid_training",
            TriageError::InvalidLabel(_) => "triage.invalid_label",
            TriageError::InvalidCategory(_) => "triage.invalid_category",
            TriageError::InvalidCondition { .. } => "triage.invalid_condition",
            TriageError::InvalidLexiconWord(_) => "triage.invalid_lexicon_word",
            TriageError::TooLarge { .. } => "triage.too_large",
            TriageError::Classifier(e) => e.code(),
            TriageError::Text(e) => e.code(),
        }
    }
}
