//! One message through triage: language, cues, tone, anger, urgency,
//! categories, repeat contact and priority.

use std::collections::{BTreeMap, HashSet};

use super::builtin;
use super::config::{CueClass, Triager};
use super::spec::{
    Anger, CategorySource, CategorySuggestion, Cue, CueKind, Language, LanguageSource, Message,
    PriorityReason, PrioritySuggestion, RepeatContact, Sentiment, SentimentLabel, Triage,
    TriageContext, Urgency, UrgencyLevel,
};
use super::tone::{self, Words};
use super::{MAX_RECENT_TICKETS, TriageError};
use crate::faq::SearchContext;
use crate::text::{self, Lang, Token, TokenKind};
use crate::ticket::Priority;
use crate::time::Timestamp;

/// Anger points for a message mostly in capitals, and for `!!!`.
const SHOUTING: f64 = 0.5;
/// Anger points per unit of negative tone below −0.4.
const TONE_ANGER: f64 = 1.5;
/// Anger points when the customer wrote at least twice before within the
/// window.
const REPEATED_CONTACTS: f64 = 0.7;
/// The language is detected on the first this many bytes: a sentence or
/// two decide it, and detection costs about 17 ns a byte.
const DETECT_BYTES: usize = 256;
/// The tone of a message mostly in capitals.
const SHOUTING_VALENCE: f64 = -1.5;
/// Urgency points added when a deadline or an event meets a problem
/// (an outage, blocked access or payment, a parcel not arrived, something
/// that does not work).
const DEADLINE_WITH_PROBLEM: f64 = 0.8;

impl Triager {
    /// Triages one message at `now`.
    ///
    /// # Errors
    /// [`TriageError::Text`] (`text.too_long`) for a message, subject or
    /// earlier ticket over [`MAX_TEXT_BYTES`](crate::text::MAX_TEXT_BYTES);
    /// [`TriageError::TooLarge`] for more than
    /// [`MAX_RECENT_TICKETS`] earlier tickets.
    pub fn analyze(
        &self,
        message: &Message,
        context: &TriageContext,
        now: Timestamp,
    ) -> Result<Triage, TriageError> {
        check_input(message, context)?;
        let body = match &message.subject {
            Some(s) if !s.trim().is_empty() => format!("{s}\n{}", message.text),
            _ => message.text.clone(),
        };
        let language = self.language(&body, context);
        let lang = language.lang;
        let tokens = text::tokenize(&body);
        let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        let mut cues = Vec::new();
        // When the language is not sure, every language's cues apply.
        let cue_lang = (language.source == LanguageSource::Detected).then_some(lang);
        let mut fired = self.fire_cues(&body, &tokens, &words, cue_lang, &mut cues);

        let shouting = is_shouting(&body, &tokens);
        if shouting {
            fired.tone.push((0, SHOUTING_VALENCE));
        }
        let host = self.lexicon.get(&lang);
        let extra = |w: &str| host.and_then(|m| m.get(w)).copied();
        let reader = Words {
            lang,
            text: &body,
            tokens: &tokens,
            shouting,
            extra: &extra,
        };
        let score = tone::sentiment(&reader, &fired.tone, &mut cues);
        let sentiment = self.sentiment(score);

        let (contacts, repeat) = self.repeat_contact(&tokens, lang, context, now);
        let anger = self.anger(&fired, score, shouting, &body, contacts, &mut cues);
        let urgency = self.urgency(&fired, &mut cues);
        let mut categories = self.categories(&body, &words, lang)?;
        self.condition_categories(message, context, now, &mut categories);
        let priority = self.priority(&urgency, &anger, context, repeat.as_ref(), now);
        cues.sort_by_key(|c| (c.start == 0 && c.end == 0, c.start, c.end));
        Ok(Triage {
            language,
            sentiment,
            anger,
            urgency,
            categories,
            priority,
            repeat_contact: repeat,
            cues,
        })
    }

    /// The detected language when detection is reliable and the language
    /// one triage reads, else the customer's, else the default.
    fn language(&self, body: &str, context: &TriageContext) -> Language {
        let detection = text::detect_language(crate::util::head(body, DETECT_BYTES));
        if let Some(d) = detection.as_ref().filter(|d| d.reliable) {
            return Language {
                lang: d.lang,
                source: LanguageSource::Detected,
                detection,
            };
        }
        let customer = context
            .customer
            .as_ref()
            .and_then(|c| c.locale.as_ref())
            .and_then(|l| Lang::from_locale(l.as_str()));
        match customer {
            Some(lang) => Language {
                lang,
                source: LanguageSource::Customer,
                detection,
            },
            None => Language {
                lang: self.config.default_lang,
                source: LanguageSource::Default,
                detection,
            },
        }
    }

    /// Runs the cue patterns: each label counts once, at its first match.
    fn fire_cues(
        &self,
        body: &str,
        tokens: &[Token],
        words: &[&str],
        lang: Option<Lang>,
        cues: &mut Vec<Cue>,
    ) -> Fired {
        let mut fired = Fired::default();
        let mut seen: HashSet<(CueClass, &str)> = HashSet::new();
        for (id, first, end) in self.cues.matches(words) {
            let Some(meta) = self.cue_meta.get(id) else {
                continue;
            };
            let other_lang = matches!((meta.lang, lang), (Some(m), Some(l)) if m != l);
            if other_lang || !seen.insert((meta.class, &meta.label)) {
                continue;
            }
            let (start, stop) = span(tokens, first, end);
            if meta.class != CueClass::Tone && meta.valence != 0.0 {
                fired.tone.push((first, meta.valence));
            }
            let kind = match meta.class {
                CueClass::Anger => {
                    fired.anger.push((meta.label.clone(), meta.weight));
                    CueKind::Anger
                }
                CueClass::Urgency => {
                    fired.urgency.push((meta.label.clone(), meta.weight));
                    CueKind::Urgency
                }
                CueClass::Tone => {
                    fired.tone.push((first, meta.weight));
                    fired.not_working |= meta.label == "not_working";
                    CueKind::Tone
                }
            };
            cues.push(Cue {
                kind,
                label: meta.label.clone(),
                weight: meta.weight,
                start,
                end: stop,
                text: body.get(start..stop).unwrap_or("").to_owned(),
            });
        }
        fired
    }

    fn sentiment(&self, score: f64) -> Sentiment {
        let t = &self.config.thresholds;
        let label = if score >= t.positive && score > 0.0 {
            SentimentLabel::Positive
        } else if score <= t.negative && score < 0.0 {
            SentimentLabel::Negative
        } else {
            SentimentLabel::Neutral
        };
        Sentiment { score, label }
    }

    fn anger(
        &self,
        fired: &Fired,
        score: f64,
        shouting: bool,
        body: &str,
        contacts: usize,
        cues: &mut Vec<Cue>,
    ) -> Anger {
        let mut points: f64 = fired.anger.iter().map(|(_, w)| w).sum();
        points += (-score - 0.4).max(0.0) * TONE_ANGER;
        if shouting {
            points += SHOUTING;
            cues.push(Cue {
                kind: CueKind::Shouting,
                label: "capitals".to_owned(),
                weight: SHOUTING,
                start: 0,
                end: 0,
                text: "most words in capitals".to_owned(),
            });
        }
        if let Some(at) = body.find("!!!") {
            points += SHOUTING;
            cues.push(Cue {
                kind: CueKind::Shouting,
                label: "!!!".to_owned(),
                weight: SHOUTING,
                start: at,
                end: at + 3,
                text: "!!!".to_owned(),
            });
        }
        if contacts >= 2 {
            points += REPEATED_CONTACTS;
            cues.push(Cue {
                kind: CueKind::RepeatContact,
                label: "repeated_contacts".to_owned(),
                weight: REPEATED_CONTACTS,
                start: 0,
                end: 0,
                text: format!(
                    "{} contacts in {} days",
                    contacts + 1,
                    self.config.repeat_window_days
                ),
            });
        }
        let strength = 1.0 - (-points).exp();
        Anger {
            angry: strength >= self.config.thresholds.anger && points > 0.0,
            strength,
        }
    }

    fn urgency(&self, fired: &Fired, cues: &mut Vec<Cue>) -> Urgency {
        let mut points: f64 = fired.urgency.iter().map(|(_, w)| w).sum();
        let has = |labels: &[&str]| {
            fired
                .urgency
                .iter()
                .any(|(l, _)| labels.contains(&l.as_str()))
        };
        let problem =
            fired.urgency.iter().any(|(l, _)| builtin::is_problem(l)) || fired.not_working;
        if has(&["deadline", "event"]) && problem {
            points += DEADLINE_WITH_PROBLEM;
            cues.push(Cue {
                kind: CueKind::Urgency,
                label: "deadline_with_problem".to_owned(),
                weight: DEADLINE_WITH_PROBLEM,
                start: 0,
                end: 0,
                text: "a deadline and a problem".to_owned(),
            });
        }
        let t = &self.config.thresholds;
        let level = if points >= t.urgency_high {
            UrgencyLevel::High
        } else if points >= t.urgency_elevated {
            UrgencyLevel::Elevated
        } else {
            UrgencyLevel::None
        };
        Urgency { level, points }
    }

    /// Rule matches (keywords, regular expressions) and the classifier's
    /// matches, best first; each category once, at its best score.
    fn categories(
        &self,
        body: &str,
        words: &[&str],
        lang: Lang,
    ) -> Result<Vec<CategorySuggestion>, TriageError> {
        let mut best: BTreeMap<String, (f64, CategorySource)> = BTreeMap::new();
        let mut offer = |category: &str, score: f64, source: CategorySource| {
            let e = best.entry(category.to_owned()).or_insert((score, source));
            if score > e.0 {
                *e = (score, source);
            }
        };
        let rules = &self.config.categories;
        let by_keyword = self
            .keywords
            .matches(words)
            .into_iter()
            .map(|(id, _, _)| id);
        let by_keyword = by_keyword.filter_map(|id| self.keywords.group(id));
        let by_regex = self
            .regexes
            .iter()
            .filter(|(_, re)| re.is_match(body))
            .map(|(i, _)| *i);
        for i in by_keyword.chain(by_regex) {
            if let Some(rule) = rules.get(i) {
                offer(&rule.category, rule.score, CategorySource::Rule);
            }
        }
        if let Some(index) = &self.classifier {
            let context = SearchContext {
                locale: lang.code().parse().ok(),
                ..SearchContext::default()
            };
            let found = index.search(body, &context, 3)?;
            for m in found.matches.iter().filter(|m| m.confidence >= 0.05) {
                offer(&m.id, m.confidence, CategorySource::Classifier);
            }
        }
        let mut out: Vec<CategorySuggestion> = best
            .into_iter()
            .map(|(category, (score, source))| CategorySuggestion {
                category,
                score,
                source,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.category.cmp(&b.category))
        });
        Ok(out)
    }

    /// Categories whose rules-engine condition holds, merged into the
    /// suggestions (each category once, at its best score).
    fn condition_categories(
        &self,
        message: &Message,
        context: &TriageContext,
        now: Timestamp,
        out: &mut Vec<CategorySuggestion>,
    ) {
        use crate::rules::{EvalOptions, RuleInput, evaluate_with};
        let Some(set) = &self.conditions else {
            return;
        };
        let Some(ticket) = message_ticket(message, context, now) else {
            return;
        };
        let mut input = RuleInput::event(&ticket);
        if let Some(c) = &context.customer {
            input = input.customer(c);
        }
        // Inside the crate: the options struct is ours to build.
        let quiet = EvalOptions { trace: false };
        for id in evaluate_with(set, &input, now, &quiet).fired {
            let rule = id
                .parse::<usize>()
                .ok()
                .and_then(|i| self.config.categories.get(i));
            let Some(rule) = rule else {
                continue;
            };
            match out.iter_mut().find(|c| c.category == rule.category) {
                Some(c) if c.score >= rule.score => {}
                Some(c) => {
                    c.score = rule.score;
                    c.source = CategorySource::Rule;
                }
                None => out.push(CategorySuggestion {
                    category: rule.category.clone(),
                    score: rule.score,
                    source: CategorySource::Rule,
                }),
            }
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.category.cmp(&b.category))
        });
    }

    /// The customer's earlier tickets within the window (one created after
    /// `now`, by a clock a little ahead, counts as created at `now`), and
    /// the most similar of them, if similar enough.
    fn repeat_contact(
        &self,
        tokens: &[Token],
        lang: Lang,
        context: &TriageContext,
        now: Timestamp,
    ) -> (usize, Option<RepeatContact>) {
        let window = i64::from(self.config.repeat_window_days) * 86_400;
        let age = |t: &super::spec::RecentTicket| {
            now.as_unix_seconds()
                .saturating_sub(t.created_at.as_unix_seconds())
                .max(0)
        };
        let recent: Vec<_> = context
            .recent_tickets
            .iter()
            .filter(|t| age(t) <= window)
            .collect();
        if recent.is_empty() {
            return (0, None);
        }
        let mine = content_stems(tokens, lang);
        let mut best: Option<(f64, i64, &super::spec::RecentTicket)> = None;
        for t in &recent {
            let text = match &t.subject {
                Some(s) => format!("{s}\n{}", t.text),
                None => t.text.clone(),
            };
            let theirs = content_stems(&text::tokenize(&text), lang);
            let Some(similarity) = overlap(&mine, &theirs) else {
                continue;
            };
            let newer = |b: &(f64, i64, _)| similarity > b.0 || (similarity == b.0 && age(t) < b.1);
            if similarity >= self.config.repeat_similarity && best.as_ref().is_none_or(newer) {
                best = Some((similarity, age(t), t));
            }
        }
        let found = best.map(|(similarity, age, t)| RepeatContact {
            ticket_id: t.id.clone(),
            days_ago: age as f64 / 86_400.0,
            similarity,
            channel: t.channel,
            contacts_in_window: recent.len(),
        });
        (recent.len(), found)
    }

    fn priority(
        &self,
        urgency: &Urgency,
        anger: &Anger,
        context: &TriageContext,
        repeat: Option<&RepeatContact>,
        now: Timestamp,
    ) -> PrioritySuggestion {
        let w = &self.config.priority;
        let mut reasons = Vec::new();
        let mut add = |reason: &str, points: f64, detail: String| {
            if points != 0.0 {
                reasons.push(PriorityReason {
                    reason: reason.to_owned(),
                    points,
                    detail,
                });
            }
        };
        match urgency.level {
            UrgencyLevel::High => add("urgency_high", w.urgency_high, String::new()),
            UrgencyLevel::Elevated => add("urgency_elevated", w.urgency_elevated, String::new()),
            UrgencyLevel::None => {}
        }
        if anger.angry {
            add("anger", w.anger, format!("strength {:.2}", anger.strength));
        }
        if let Some(c) = &context.customer {
            let mut keys: Vec<String> = [c.segment.as_deref(), c.plan.as_deref()]
                .into_iter()
                .flatten()
                .map(|v| v.trim().to_lowercase())
                .collect();
            keys.dedup();
            for key in keys {
                if let Some(&points) = w.segments.get(&key) {
                    add("segment", points, key);
                }
            }
        }
        if let Some(sla) = &context.sla {
            if sla.breached {
                add("sla_breached", w.sla_breached, String::new());
            } else if let Some(due) = sla.due_at {
                let left = due.as_unix_seconds().saturating_sub(now.as_unix_seconds());
                if left <= w.sla_soon_seconds {
                    add("sla_due_soon", w.sla_due_soon, format!("{left} s left"));
                }
            }
        }
        if let Some(reach) = context.reach.filter(|r| r.public) {
            add("public", w.public, String::new());
            if reach.followers >= w.many_followers {
                add(
                    "followers",
                    w.followers,
                    format!("{} followers", reach.followers),
                );
            }
        }
        if repeat.is_some() {
            add("repeat_contact", w.repeat_contact, String::new());
        }
        reasons.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.reason.cmp(&b.reason)));
        let points: f64 = reasons.iter().map(|r| r.points).sum();
        let priority = if points >= w.urgent_from {
            Priority::Urgent
        } else if points >= w.high_from {
            Priority::High
        } else {
            Priority::Normal
        };
        PrioritySuggestion {
            priority,
            points,
            reasons,
        }
    }
}

/// The cues that fired, by class: (label, weight), and tone phrases as
/// (first token, valence).
#[derive(Debug, Default)]
struct Fired {
    anger: Vec<(String, f64)>,
    urgency: Vec<(String, f64)>,
    tone: Vec<(usize, f64)>,
    /// A built-in "does not work" phrase fired.
    not_working: bool,
}

fn check_input(message: &Message, context: &TriageContext) -> Result<(), TriageError> {
    // The subject is read with the body (joined by a newline): together
    // they are one text, under one cap.
    let subject = message.subject.as_ref().filter(|s| !s.trim().is_empty());
    let joined = subject.map_or(0, |s| s.len() + 1) + message.text.len();
    if joined > text::MAX_TEXT_BYTES {
        return Err(TriageError::Text(text::TextError::TooLong {
            len: joined,
            max: text::MAX_TEXT_BYTES,
        }));
    }
    if context.recent_tickets.len() > MAX_RECENT_TICKETS {
        return Err(TriageError::TooLarge {
            what: "recent tickets",
            len: context.recent_tickets.len(),
            max: MAX_RECENT_TICKETS,
        });
    }
    for t in &context.recent_tickets {
        text::check_len(&t.text)?;
        if let Some(s) = &t.subject {
            text::check_len(s)?;
        }
    }
    Ok(())
}

/// The message as a ticket for the rules engine: created on its channel
/// (`api` when unknown) with its subject (its first
/// [`MAX_SUBJECT_BYTES`](crate::ticket::MAX_SUBJECT_BYTES)), then its text
/// as the customer's message; the requester is the customer, or `unknown`.
fn message_ticket(
    message: &Message,
    context: &TriageContext,
    now: Timestamp,
) -> Option<crate::Ticket> {
    use crate::ticket::{AuthorKind, CustomerId};
    use crate::{Channel, Event, EventKind};
    let requester = match &context.customer {
        Some(c) => c.id.clone(),
        None => "unknown".parse::<CustomerId>().ok()?,
    };
    let channel = message.channel.unwrap_or(Channel::Api);
    let subject = crate::util::head(
        message.subject.as_deref().unwrap_or(""),
        crate::ticket::MAX_SUBJECT_BYTES,
    );
    let mut body = EventKind::message(AuthorKind::Customer, message.text.clone());
    if let EventKind::Message { channel: on, .. } = &mut body {
        *on = Some(channel);
    }
    let events = vec![
        Event::new(now, EventKind::created(subject, requester, channel)),
        Event::new(now, body),
    ];
    crate::Ticket::from_events("triage".parse().ok()?, events).ok()
}

/// The byte span of tokens `first..end`.
fn span(tokens: &[Token], first: usize, end: usize) -> (usize, usize) {
    let start = tokens.get(first).map_or(0, |t| t.start);
    let stop = end
        .checked_sub(1)
        .and_then(|l| tokens.get(l))
        .map_or(start, |t| t.end);
    (start, stop.max(start))
}

/// Mostly capitals: at least three words in capitals, and more than half
/// of the words of two letters or more.
fn is_shouting(body: &str, tokens: &[Token]) -> bool {
    let words: Vec<&str> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .filter_map(|t| body.get(t.start..t.end))
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .collect();
    let caps = words.iter().filter(|w| tone::is_capitals(w)).count();
    caps >= 3 && caps * 2 > words.len()
}

/// The stems of a text's content words (not stop words, at least three
/// characters), in the message's language.
fn content_stems(tokens: &[Token], lang: Lang) -> HashSet<String> {
    let analyzer = text::Analyzer::new(lang);
    tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word || t.kind == TokenKind::Code)
        .filter(|t| t.text.chars().count() >= 3 && !lang.is_stop_word(&t.text))
        .map(|t| match t.kind {
            TokenKind::Word => analyzer.stemmer().stem(&t.text),
            _ => t.text.clone(),
        })
        .collect()
}

/// Shared stems over the smaller set's size (1 when one text's content
/// words are all in the other), when they share at least two: one word in
/// common is not a topic.
fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> Option<f64> {
    let shared = a.intersection(b).count();
    let smaller = a.len().min(b.len());
    (shared >= 2).then(|| shared as f64 / smaller as f64)
}
