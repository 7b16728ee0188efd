//! Triage configuration, validated once into a [`Triager`].

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::builtin::BUILTIN;
use super::pattern::{Pattern, PatternSet};
use super::{
    MAX_CATEGORY_RULES, MAX_CUES, MAX_KEYWORDS, MAX_LEXICON_WORDS, MAX_TRAINING_EXAMPLES,
    TriageError,
};
use crate::faq::{FaqConfig, FaqEntry, FaqIndex};
use crate::text::Lang;
use crate::util::FastHash;

/// What a cue tells about a message.
///
/// JSON: `"anger"`, `"urgency"` or `"tone"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CueClass {
    /// Anger beyond a negative tone: threats, repeated contact, insults.
    Anger,
    /// Urgency: outages, blocked access or payments, deadlines, safety,
    /// security.
    Urgency,
    /// A phrase with a tone the words alone miss (`werkt niet`, `well
    /// done`); its weight is a valence (−4 to 4).
    Tone,
}

/// A cue the host adds: a pattern (see the [module docs](super#cue-patterns)),
/// what it tells, its label and weight, and optionally its language.
///
/// JSON: `{"pattern": "wil ... schadevergoeding", "class": "anger", "label": "threat.compensation", "weight": 1.0, "lang": "nl"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CueSpec {
    /// The pattern.
    pub pattern: String,
    /// What the cue tells.
    pub class: CueClass,
    /// The label cues report (1 to 64 bytes); cues with one label count
    /// once per message.
    pub label: String,
    /// Its weight: 0 to 4 for anger and urgency, −4 to 4 for tone.
    pub weight: f64,
    /// The language it applies to; every language when absent.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// For anger and urgency cues: the tone the cue carries into the
    /// sentiment (−4 to 4; default 0). The built-in problem cues carry −1.5,
    /// threats −2, insults −2.5.
    #[serde(default)]
    pub valence: f64,
}

impl CueSpec {
    /// A cue for every language.
    pub fn new(
        pattern: impl Into<String>,
        class: CueClass,
        label: impl Into<String>,
        weight: f64,
    ) -> CueSpec {
        CueSpec::build(pattern.into(), class, label.into(), weight)
    }

    fn build(pattern: String, class: CueClass, label: String, weight: f64) -> CueSpec {
        CueSpec {
            pattern,
            class,
            label,
            weight,
            lang: None,
            valence: 0.0,
        }
    }

    /// For one language only.
    pub fn in_lang(mut self, lang: Lang) -> CueSpec {
        self.lang = Some(lang);
        self
    }

    /// With the tone it carries (−4 to 4).
    pub fn with_valence(mut self, valence: f64) -> CueSpec {
        self.valence = valence;
        self
    }
}

/// A category rule: the category is suggested when a keyword pattern or
/// the regular expression matches, or the condition holds.
///
/// JSON: `{"category": "billing", "keywords": ["factuur*", "invoice*"], "regex": "(?i)\\bbtw\\b", "score": 1.0}`,
/// or with a condition (as the rules engine takes it, text or tree):
/// `{"category": "b2b_refund", "when": "message contains_word refund and customer.plan is business"}`.
/// A rule suggests its category when any of its keywords, its regex *or*
/// its condition matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CategoryRule {
    /// The category (1 to 64 bytes).
    pub category: String,
    /// Cue patterns, in any language.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// A regular expression over the message text (Rust `regex` syntax, at
    /// most 1,000 bytes).
    #[serde(default)]
    pub regex: Option<String>,
    /// A condition of the rules engine ([`crate::rules::Condition`]),
    /// evaluated as a trigger on the customer's message of a ticket made
    /// of this message (its subject, at most the first
    /// [`MAX_SUBJECT_BYTES`](crate::ticket::MAX_SUBJECT_BYTES), its
    /// channel, its text as `message`) and the customer: `message
    /// contains_word refund and customer.plan is business`. That ticket is
    /// new, of normal priority, created and written at `now`, on channel
    /// `api` when the message has none, and requested by the customer (or
    /// `unknown`); it has no tags, group, assignee or fields, and there are
    /// no calendars (a business-hours condition is refused). Time
    /// conditions about the customer (`days_since_signup`) are judged at
    /// `now`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<crate::rules::Condition>,
    /// The score a match gives, 0 to 1 (default 1).
    #[serde(default = "one")]
    pub score: f64,
}

fn one() -> f64 {
    1.0
}

impl CategoryRule {
    /// A rule that suggests `category` (score 1) when a keyword pattern
    /// matches.
    pub fn keywords<S: Into<String>>(
        category: impl Into<String>,
        keywords: impl IntoIterator<Item = S>,
    ) -> CategoryRule {
        CategoryRule {
            category: category.into(),
            keywords: keywords.into_iter().map(Into::into).collect(),
            regex: None,
            when: None,
            score: 1.0,
        }
    }

    /// A rule that suggests `category` (score 1) when the regular
    /// expression matches.
    pub fn regex(category: impl Into<String>, regex: impl Into<String>) -> CategoryRule {
        CategoryRule {
            category: category.into(),
            keywords: Vec::new(),
            regex: Some(regex.into()),
            when: None,
            score: 1.0,
        }
    }

    /// A rule that suggests `category` (score 1) when the condition holds.
    pub fn when(category: impl Into<String>, condition: crate::rules::Condition) -> CategoryRule {
        CategoryRule {
            category: category.into(),
            keywords: Vec::new(),
            regex: None,
            when: Some(condition),
            score: 1.0,
        }
    }

    /// With another score (0 to 1).
    pub fn with_score(mut self, score: f64) -> CategoryRule {
        self.score = score;
        self
    }
}

impl TrainingExample {
    /// A message labelled with its category.
    pub fn new(category: impl Into<String>, text: impl Into<String>) -> TrainingExample {
        TrainingExample {
            category: category.into(),
            text: text.into(),
            lang: None,
        }
    }
}

/// A labelled message for the category classifier.
///
/// JSON: `{"category": "delivery", "text": "waar blijft mijn pakket?", "lang": "nl"}` (`lang` optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TrainingExample {
    /// The category.
    pub category: String,
    /// The message.
    pub text: String,
    /// Its language; the configuration's default language when absent.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// The thresholds that turn scores into labels.
///
/// JSON: `{"positive": 0.05, "negative": -0.05, "anger": 0.5, "urgency_elevated": 0.7, "urgency_high": 1.5}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct Thresholds {
    /// A sentiment score at or above this is positive.
    pub positive: f64,
    /// A sentiment score at or below this is negative.
    pub negative: f64,
    /// An anger strength at or above this is anger.
    pub anger: f64,
    /// Urgency points from which a message is `elevated`.
    pub urgency_elevated: f64,
    /// Urgency points from which a message is `high`.
    pub urgency_high: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            positive: 0.05,
            negative: -0.05,
            anger: 0.5,
            urgency_elevated: 0.7,
            urgency_high: 1.5,
        }
    }
}

/// The points each fact adds to the priority, and the points from which a
/// priority is high or urgent. See the [module docs](super#priority).
///
/// JSON: every field of the Rust struct, all optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct PriorityWeights {
    /// Urgency `elevated`.
    pub urgency_elevated: f64,
    /// Urgency `high`.
    pub urgency_high: f64,
    /// Anger.
    pub anger: f64,
    /// A customer's segment or plan value (lower-cased) → points.
    pub segments: BTreeMap<String, f64>,
    /// The SLA is breached.
    pub sla_breached: f64,
    /// The SLA is due within [`sla_soon_seconds`](Self::sla_soon_seconds).
    pub sla_due_soon: f64,
    /// What "soon" is.
    pub sla_soon_seconds: i64,
    /// A public post.
    pub public: f64,
    /// A public post by an account with at least
    /// [`many_followers`](Self::many_followers) followers (added to
    /// `public`).
    pub followers: f64,
    /// What "many followers" is.
    pub many_followers: u64,
    /// The same topic again (repeat contact).
    pub repeat_contact: f64,
    /// Points from which the priority is high.
    pub high_from: f64,
    /// Points from which the priority is urgent.
    pub urgent_from: f64,
}

impl Default for PriorityWeights {
    fn default() -> PriorityWeights {
        PriorityWeights {
            urgency_elevated: 1.0,
            urgency_high: 2.0,
            anger: 1.5,
            segments: BTreeMap::new(),
            sla_breached: 2.0,
            sla_due_soon: 1.0,
            sla_soon_seconds: 3_600,
            public: 0.5,
            followers: 1.5,
            many_followers: 10_000,
            repeat_contact: 0.5,
            high_from: 2.0,
            urgent_from: 4.0,
        }
    }
}

/// How triage works; every field has a default.
///
/// JSON: `{"default_lang": "en", "builtin_cues": true, "cues": [...], "lexicon": {"nl": {"bagger": -3}},
/// "thresholds": {...}, "priority": {...}, "categories": [...], "training": [...],
/// "repeat_window_days": 7, "repeat_similarity": 0.3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct TriageConfig {
    /// The language of messages whose language cannot be told.
    pub default_lang: Lang,
    /// Whether the built-in Dutch and English cues apply.
    pub builtin_cues: bool,
    /// Cues of the host's own.
    pub cues: Vec<CueSpec>,
    /// Words with a valence (−4 to 4) per language, over the built-in
    /// lexicons (0 removes a word).
    pub lexicon: BTreeMap<Lang, BTreeMap<String, f64>>,
    /// Label thresholds.
    pub thresholds: Thresholds,
    /// Priority weights.
    pub priority: PriorityWeights,
    /// Category rules.
    pub categories: Vec<CategoryRule>,
    /// Labelled examples for the category classifier (none: no classifier).
    pub training: Vec<TrainingExample>,
    /// How far back (days, 1 to 365) an earlier ticket counts for repeat
    /// contact.
    pub repeat_window_days: u32,
    /// The word overlap (0 to 1) from which an earlier ticket is the same
    /// topic.
    pub repeat_similarity: f64,
}

impl Default for TriageConfig {
    fn default() -> TriageConfig {
        TriageConfig {
            default_lang: Lang::En,
            builtin_cues: true,
            cues: Vec::new(),
            lexicon: BTreeMap::new(),
            thresholds: Thresholds::default(),
            priority: PriorityWeights::default(),
            categories: Vec::new(),
            training: Vec::new(),
            repeat_window_days: 7,
            repeat_similarity: 0.3,
        }
    }
}

/// A cue's class, label, weight and language, by pattern number.
#[derive(Debug, Clone)]
pub(super) struct CueMeta {
    pub class: CueClass,
    pub label: String,
    pub weight: f64,
    pub lang: Option<Lang>,
    /// The tone an anger or urgency cue carries.
    pub valence: f64,
}

/// A compiled triage configuration: validated once, then used for any
/// number of messages (`Send + Sync`).
///
/// ```
/// use frontline::triage::{Triager, TriageConfig};
/// let triager = Triager::new(TriageConfig::default())?;
/// # let _ = triager;
/// # Ok::<(), frontline::triage::TriageError>(())
/// ```
#[derive(Debug)]
pub struct Triager {
    pub(super) config: TriageConfig,
    pub(super) cues: PatternSet,
    pub(super) cue_meta: Vec<CueMeta>,
    /// The host's lexicon words by language.
    pub(super) lexicon: HashMap<Lang, HashMap<String, f64, FastHash>>,
    pub(super) keywords: PatternSet,
    pub(super) regexes: Vec<(usize, regex::Regex)>,
    pub(super) classifier: Option<FaqIndex>,
    /// The category rules' conditions as one rule set (rule id: the
    /// category rule's position).
    pub(super) conditions: Option<crate::rules::RuleSet>,
}

impl Triager {
    /// Validates a configuration and compiles it.
    ///
    /// # Errors
    /// A [`TriageError`] naming the bad value: a pattern, label, weight,
    /// threshold, regular expression, condition, lexicon word, training
    /// example or category, or too many of something.
    pub fn new(config: TriageConfig) -> Result<Triager, TriageError> {
        validate_numbers(&config)?;
        let mut triager = Triager {
            cues: PatternSet::default(),
            cue_meta: Vec::new(),
            lexicon: HashMap::new(),
            keywords: PatternSet::default(),
            regexes: Vec::new(),
            classifier: None,
            conditions: None,
            config,
        };
        triager.compile_cues()?;
        triager.compile_lexicon()?;
        triager.compile_categories()?;
        triager.conditions = conditions(&triager.config.categories)?;
        triager.classifier = classifier(&triager.config)?;
        Ok(triager)
    }

    /// Whether a category rule has a condition (whose time conditions
    /// depend on `now`).
    pub fn has_conditions(&self) -> bool {
        self.conditions.is_some()
    }

    /// The configuration it was built from.
    pub fn config(&self) -> &TriageConfig {
        &self.config
    }

    /// A word's valence (−4 to 4) as triage looks it up first: the host's
    /// lexicon, then the built-in one; `None` for a word without one (or a
    /// language without a built-in lexicon). The word is normalised (lower
    /// case, accents folded) but not shortened or stripped of endings.
    ///
    /// ```
    /// use frontline::text::Lang;
    /// use frontline::triage::{TriageConfig, Triager};
    /// let triager = Triager::new(TriageConfig::default())?;
    /// assert!(triager.valence(Lang::Nl, "Teleurgesteld").unwrap() < 0.0);
    /// assert!(triager.valence(Lang::En, "great").unwrap() > 0.0);
    /// assert_eq!(triager.valence(Lang::En, "parcel"), None);
    /// # Ok::<(), frontline::triage::TriageError>(())
    /// ```
    pub fn valence(&self, lang: Lang, word: &str) -> Option<f64> {
        let word = crate::text::normalize(word.trim());
        if let Some(&v) = self.lexicon.get(&lang).and_then(|m| m.get(&word)) {
            return (v != 0.0).then_some(v);
        }
        super::lexicon::valences(lang)?
            .get(&word)
            .map(|&v| f64::from(v))
    }

    fn compile_cues(&mut self) -> Result<(), TriageError> {
        if self.config.cues.len() > MAX_CUES {
            return Err(TriageError::TooLarge {
                what: "cues",
                len: self.config.cues.len(),
                max: MAX_CUES,
            });
        }
        // A label counts once per message and language: one group each.
        let mut groups: HashMap<(CueClass, String, Option<Lang>), usize> = HashMap::new();
        let mut group = |class: CueClass, label: &str, lang: Option<Lang>| {
            let next = groups.len();
            *groups
                .entry((class, label.to_owned(), lang))
                .or_insert(next)
        };
        if self.config.builtin_cues {
            for b in BUILTIN {
                for p in b.patterns {
                    let g = group(b.class, b.label, Some(b.lang));
                    self.cues.push(Pattern::new(p)?, g)?;
                    self.cue_meta.push(CueMeta {
                        class: b.class,
                        label: b.label.to_owned(),
                        weight: b.weight,
                        lang: Some(b.lang),
                        valence: super::builtin::implied_valence(b.label),
                    });
                }
            }
        }
        for cue in &self.config.cues {
            check_label(&cue.label)?;
            let range = if cue.class == CueClass::Tone {
                -4.0..=4.0
            } else {
                0.0..=4.0
            };
            let label = crate::util::excerpt(&cue.label);
            if !range.contains(&cue.weight) {
                return Err(TriageError::InvalidWeight {
                    what: format!("the weight of cue `{label}`"),
                    value: cue.weight,
                    expected: if cue.class == CueClass::Tone {
                        "-4 to 4"
                    } else {
                        "0 to 4"
                    },
                });
            }
            if !(-4.0..=4.0).contains(&cue.valence) {
                return Err(TriageError::InvalidWeight {
                    what: format!("the valence of cue `{label}`"),
                    value: cue.valence,
                    expected: "-4 to 4",
                });
            }
            let g = group(cue.class, &cue.label, cue.lang);
            self.cues.push(Pattern::new(&cue.pattern)?, g)?;
            self.cue_meta.push(CueMeta {
                class: cue.class,
                label: cue.label.clone(),
                weight: cue.weight,
                lang: cue.lang,
                valence: cue.valence,
            });
        }
        Ok(())
    }

    fn compile_lexicon(&mut self) -> Result<(), TriageError> {
        let total: usize = self.config.lexicon.values().map(BTreeMap::len).sum();
        if total > MAX_LEXICON_WORDS {
            return Err(TriageError::TooLarge {
                what: "lexicon words",
                len: total,
                max: MAX_LEXICON_WORDS,
            });
        }
        for (lang, words) in &self.config.lexicon {
            for (word, &value) in words {
                let folded = crate::text::normalize(word.trim());
                let tokens = crate::text::tokenize(&folded);
                let one_word =
                    tokens.len() == 1 && tokens.first().is_some_and(|t| t.text == folded);
                if folded.len() > 64 || !one_word {
                    return Err(TriageError::InvalidLexiconWord(crate::util::excerpt(word)));
                }
                if !(-4.0..=4.0).contains(&value) {
                    return Err(TriageError::InvalidWeight {
                        what: format!("lexicon word `{}`", crate::util::excerpt(word)),
                        value,
                        expected: "-4 to 4",
                    });
                }
                self.lexicon.entry(*lang).or_default().insert(folded, value);
            }
        }
        Ok(())
    }

    fn compile_categories(&mut self) -> Result<(), TriageError> {
        let rules = &self.config.categories;
        if rules.len() > MAX_CATEGORY_RULES {
            return Err(TriageError::TooLarge {
                what: "category rules",
                len: rules.len(),
                max: MAX_CATEGORY_RULES,
            });
        }
        for (i, rule) in rules.iter().enumerate() {
            check_label(&rule.category)?;
            if !(0.0..=1.0).contains(&rule.score) {
                return Err(TriageError::InvalidWeight {
                    what: format!(
                        "the score of category `{}`",
                        crate::util::excerpt(&rule.category)
                    ),
                    value: rule.score,
                    expected: "0 to 1",
                });
            }
            if rule.keywords.is_empty() && rule.regex.is_none() && rule.when.is_none() {
                return Err(TriageError::InvalidCategory(crate::util::excerpt(
                    &rule.category,
                )));
            }
            if self.keywords.len() + rule.keywords.len() > MAX_KEYWORDS {
                return Err(TriageError::TooLarge {
                    what: "category keywords",
                    len: self.keywords.len() + rule.keywords.len(),
                    max: MAX_KEYWORDS,
                });
            }
            for k in &rule.keywords {
                self.keywords.push(Pattern::new(k)?, i)?;
            }
            if let Some(source) = &rule.regex {
                let bad = |reason: String| TriageError::InvalidRegex {
                    regex: crate::util::excerpt(source),
                    reason,
                };
                if source.len() > 1_000 {
                    return Err(bad("it is over 1,000 bytes".to_owned()));
                }
                let re = regex::RegexBuilder::new(source)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| bad(e.to_string().lines().last().unwrap_or("").to_owned()))?;
                self.regexes.push((i, re));
            }
        }
        Ok(())
    }
}

/// The category rules' conditions, each checked on its own (so an error
/// names its category), then compiled as one trigger set.
fn conditions(rules: &[CategoryRule]) -> Result<Option<crate::rules::RuleSet>, TriageError> {
    use crate::rules::{On, RuleKind, RuleSet, RuleSetSpec, RuleSpec};
    let mut spec = RuleSetSpec::default();
    for (i, rule) in rules.iter().enumerate() {
        let Some(when) = &rule.when else {
            continue;
        };
        let one = RuleSpec::new(i.to_string(), RuleKind::Trigger(vec![On::CustomerMessage]))
            .when(when.clone());
        let mut alone = RuleSetSpec::default();
        alone.rules.push(one.clone());
        RuleSet::new(&alone).map_err(|e| TriageError::InvalidCondition {
            category: crate::util::excerpt(&rule.category),
            reason: e.to_string(),
        })?;
        spec.rules.push(one);
    }
    if spec.rules.is_empty() {
        return Ok(None);
    }
    RuleSet::new(&spec)
        .map(Some)
        .map_err(|e| TriageError::InvalidCondition {
            category: String::new(),
            reason: e.to_string(),
        })
}

fn check_label(label: &str) -> Result<(), TriageError> {
    if label.trim().is_empty() || label.len() > 64 || label.chars().any(char::is_control) {
        return Err(TriageError::InvalidLabel(crate::util::excerpt(label)));
    }
    Ok(())
}

fn validate_numbers(config: &TriageConfig) -> Result<(), TriageError> {
    let bad = |name: &'static str, value: f64, expected: &'static str| {
        Err(TriageError::InvalidThresholds {
            name,
            value,
            expected,
        })
    };
    let t = &config.thresholds;
    if !(-1.0..=0.0).contains(&t.negative) {
        return bad("thresholds.negative", t.negative, "-1 to 0");
    }
    if !(0.0..=1.0).contains(&t.positive) {
        return bad("thresholds.positive", t.positive, "0 to 1");
    }
    if !(0.0..=1.0).contains(&t.anger) {
        return bad("thresholds.anger", t.anger, "0 to 1");
    }
    if !(t.urgency_elevated > 0.0 && t.urgency_elevated <= 100.0) {
        return bad(
            "thresholds.urgency_elevated",
            t.urgency_elevated,
            "above 0, at most 100",
        );
    }
    if !(t.urgency_elevated..=100.0).contains(&t.urgency_high) {
        return bad(
            "thresholds.urgency_high",
            t.urgency_high,
            "urgency_elevated to 100",
        );
    }
    let p = &config.priority;
    let weights = [
        ("urgency_elevated", p.urgency_elevated),
        ("urgency_high", p.urgency_high),
        ("anger", p.anger),
        ("sla_breached", p.sla_breached),
        ("sla_due_soon", p.sla_due_soon),
        ("public", p.public),
        ("followers", p.followers),
        ("repeat_contact", p.repeat_contact),
    ];
    let segments = p.segments.iter().map(|(k, v)| (k.as_str(), *v));
    for (what, value) in weights.into_iter().chain(segments) {
        if !(-10.0..=10.0).contains(&value) {
            return Err(TriageError::InvalidWeight {
                what: format!("priority weight `{}`", crate::util::excerpt(what)),
                value,
                expected: "-10 to 10",
            });
        }
    }
    if p.segments.len() > 1_000 {
        return Err(TriageError::TooLarge {
            what: "priority segments",
            len: p.segments.len(),
            max: 1_000,
        });
    }
    if let Some(key) = p
        .segments
        .keys()
        .find(|k| k.trim().to_lowercase() != **k || k.is_empty())
    {
        return Err(TriageError::InvalidLabel(crate::util::excerpt(key)));
    }
    if !(p.high_from > 0.0 && p.high_from <= 100.0) {
        return bad("priority.high_from", p.high_from, "above 0, at most 100");
    }
    if !(p.high_from..=100.0).contains(&p.urgent_from) {
        return bad("priority.urgent_from", p.urgent_from, "high_from to 100");
    }
    if !(0..=30 * 86_400).contains(&p.sla_soon_seconds) {
        return bad(
            "priority.sla_soon_seconds",
            p.sla_soon_seconds as f64,
            "0 to 2592000",
        );
    }
    if !(1..=365).contains(&config.repeat_window_days) {
        return bad(
            "repeat_window_days",
            f64::from(config.repeat_window_days),
            "1 to 365",
        );
    }
    if !(0.0..=1.0).contains(&config.repeat_similarity) {
        return bad("repeat_similarity", config.repeat_similarity, "0 to 1");
    }
    Ok(())
}

/// The category classifier: an FAQ index with one entry per category, its
/// examples as phrasings (the FAQ learner, its confidence and decision).
fn classifier(config: &TriageConfig) -> Result<Option<FaqIndex>, TriageError> {
    if config.training.is_empty() {
        return Ok(None);
    }
    if config.training.len() > MAX_TRAINING_EXAMPLES {
        return Err(TriageError::TooLarge {
            what: "training examples",
            len: config.training.len(),
            max: MAX_TRAINING_EXAMPLES,
        });
    }
    let mut by: BTreeMap<&str, (Vec<String>, Vec<Lang>)> = BTreeMap::new();
    for ex in &config.training {
        check_label(&ex.category)?;
        if ex.text.trim().is_empty() {
            return Err(TriageError::InvalidTraining {
                category: crate::util::excerpt(&ex.category),
                reason: "an example's text is empty".to_owned(),
            });
        }
        let (texts, langs) = by.entry(ex.category.as_str()).or_default();
        if texts.len() > crate::faq::MAX_PHRASINGS {
            return Err(TriageError::InvalidTraining {
                category: crate::util::excerpt(&ex.category),
                reason: format!(
                    "it has more than {} examples",
                    crate::faq::MAX_PHRASINGS + 1
                ),
            });
        }
        texts.push(ex.text.clone());
        let lang = ex.lang.unwrap_or(config.default_lang);
        if !langs.contains(&lang) {
            langs.push(lang);
        }
    }
    let entries: Vec<FaqEntry> = by
        .into_iter()
        .map(|(category, (mut texts, langs))| {
            let question = texts.remove(0);
            let mut e = FaqEntry::new(category, question);
            e.phrasings = texts;
            e.locales = langs.iter().filter_map(|l| l.code().parse().ok()).collect();
            e
        })
        .collect();
    let faq = FaqConfig {
        default_lang: config.default_lang,
        ..FaqConfig::default()
    };
    FaqIndex::new(entries, faq)
        .map(Some)
        .map_err(|e| TriageError::InvalidTraining {
            category: String::new(),
            reason: e.to_string(),
        })
}
