//! FAQ entries, configuration and search context: the data a host gives.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::customer::Locale;
use crate::text::Lang;

/// One FAQ entry: a question, the ways customers ask it, and its answer.
///
/// JSON:
/// ```json
/// {"id": "returns.how", "locales": ["nl"], "question": "Hoe kan ik iets retourneren?",
///  "phrasings": ["spullen terugsturen", "retourlabel aanvragen"],
///  "answer": "Je hebt 30 dagen ...", "tags": ["returns"],
///  "context": {"only": {"plan": ["business"]}, "boost": {"page": ["checkout"]}},
///  "vectors": [[0.12, -0.03, ...], ...]}
/// ```
/// Only `id` and `question` are required. `locales` are BCP 47 tags whose
/// language frontline analyses (`nl`, `nl-BE`, `en`, `de`, `fr`, `es`);
/// without locales the entry is in the index's default language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FaqEntry {
    /// The entry's identifier, unique in the index (1 to 128 bytes, no
    /// control characters).
    pub id: String,
    /// The locales the entry is written in.
    #[serde(default)]
    pub locales: Vec<Locale>,
    /// The question as the FAQ shows it.
    pub question: String,
    /// Other ways customers ask the same thing: the training data of the
    /// matcher. The more real customer phrasings, the better it matches.
    #[serde(default)]
    pub phrasings: Vec<String>,
    /// The answer. Its words count towards matching, less than the question's.
    #[serde(default)]
    pub answer: String,
    /// Tags (`returns`, `payment`); their words count like the answer's.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the entry applies.
    #[serde(default)]
    pub context: EntryContext,
    /// Sentence vectors from the host's own encoder: none, one for the
    /// entry, or one per text (the question first, then each phrasing in
    /// order). In an index, every entry has vectors or none has, all of the
    /// same dimensions (1 to [`MAX_VECTOR_DIMS`](super::MAX_VECTOR_DIMS));
    /// their length does not matter (they are normalised). See the module
    /// docs on fusion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vectors: Vec<Vec<f32>>,
}

impl FaqEntry {
    /// An entry with an id and its question; add locales, phrasings (the
    /// more the better), the answer, tags and context through the public
    /// fields.
    ///
    /// ```
    /// use frontline::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};
    /// let mut returns = FaqEntry::new("returns", "How do I return an item?");
    /// returns.locales = vec!["en".parse()?];
    /// returns.phrasings = vec!["send it back".into(), "return label".into()];
    /// returns.answer = "Within 30 days, free of charge.".into();
    /// let index = FaqIndex::new(vec![returns], FaqConfig::default())?;
    /// let found = index.search("how to send my order back", &SearchContext::default(), 1)?;
    /// assert_eq!(found.matches[0].id, "returns");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: impl Into<String>, question: impl Into<String>) -> FaqEntry {
        FaqEntry {
            id: id.into(),
            locales: Vec::new(),
            question: question.into(),
            phrasings: Vec::new(),
            answer: String::new(),
            tags: Vec::new(),
            context: EntryContext::default(),
            vectors: Vec::new(),
        }
    }
}

/// The context keys an entry can be limited to or boosted by.
///
/// JSON: `"product"`, `"plan"`, `"page"` or `"segment"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContextKey {
    /// The product the customer asks about.
    Product,
    /// The customer's plan.
    Plan,
    /// The page or screen the customer is on.
    Page,
    /// The customer's segment.
    Segment,
}

/// Where an entry applies: the "contextually dynamic FAQ".
///
/// - `only`: the entry is a candidate only when, for every key listed, the
///   search context has a value and it is one of the listed values (an entry
///   for the business plan is not shown when the plan is unknown).
/// - `boost`: when the search context's value for a key is one of the listed
///   values, the entry's score is raised (by [`FaqConfig::context_boost`]).
///
/// Values compare exactly, after trimming and lower-casing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EntryContext {
    /// Keys whose value must be one of those listed.
    #[serde(default)]
    pub only: BTreeMap<ContextKey, Vec<String>>,
    /// Keys whose listed values raise the entry.
    #[serde(default)]
    pub boost: BTreeMap<ContextKey, Vec<String>>,
}

/// The context of one search: the language, if known, and where the customer
/// is.
///
/// JSON: `{"locale": "nl-NL", "product": "...", "plan": "...", "page": "...", "segment": "..."}`,
/// every field optional. Without a locale (or with one frontline does not
/// analyse) the query's language is detected among the index's languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SearchContext {
    /// The customer's locale (BCP 47).
    #[serde(default)]
    pub locale: Option<Locale>,
    /// The product asked about.
    #[serde(default)]
    pub product: Option<String>,
    /// The customer's plan.
    #[serde(default)]
    pub plan: Option<String>,
    /// The page or screen the customer is on.
    #[serde(default)]
    pub page: Option<String>,
    /// The customer's segment.
    #[serde(default)]
    pub segment: Option<String>,
}

impl SearchContext {
    /// The context's value for a key.
    pub fn get(&self, key: ContextKey) -> Option<&str> {
        match key {
            ContextKey::Product => self.product.as_deref(),
            ContextKey::Plan => self.plan.as_deref(),
            ContextKey::Page => self.page.as_deref(),
            ContextKey::Segment => self.segment.as_deref(),
        }
    }
}

/// How an index matches and decides. Every field has a default.
///
/// JSON: `{"default_lang": "en", "synonyms": {"nl": [["bezorging", "levering"]]},
/// "answer_threshold": 0.7, "suggest_threshold": 0.4, "max_suggestions": 3,
/// "context_boost": 0.1, "min_coverage": 0.0, "vector_weight": 0.3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[non_exhaustive]
pub struct FaqConfig {
    /// The language of entries without locales, and of queries whose
    /// language cannot be detected.
    pub default_lang: Lang,
    /// Synonym sets per language: words in one set match each other (single
    /// words; each set has at least two).
    pub synonyms: BTreeMap<Lang, Vec<Vec<String>>>,
    /// The confidence from which the best match is given as the answer.
    pub answer_threshold: f64,
    /// The confidence from which matches are suggested; below it the query
    /// is escalated to a human.
    pub suggest_threshold: f64,
    /// How many matches a suggestion lists at most (1 to 10).
    pub max_suggestions: usize,
    /// Added to the score of an entry whose `boost` context matches, in
    /// score units (the best score is usually between 0.3 and 1).
    pub context_boost: f64,
    /// Escalate when the best entry holds less than this share of the
    /// query's words ([`Match::coverage`](super::Match::coverage)), whatever
    /// the confidence: 0 (the default) never does. See the module docs for
    /// the trade-off it buys.
    pub min_coverage: f64,
    /// The weight of the vector score against the lexical score, in
    /// [0, 1], when the index has vectors and the search passes the query's
    /// ([`FaqIndex::search_with_vector`](super::FaqIndex::search_with_vector)):
    /// fused = (1 − w) × lexical + w × vector. 1 ranks by vectors alone. The
    /// fused confidence was fitted at the default; at other weights it is
    /// not calibrated.
    pub vector_weight: f64,
}

impl Default for FaqConfig {
    fn default() -> FaqConfig {
        FaqConfig {
            default_lang: Lang::En,
            synonyms: BTreeMap::new(),
            answer_threshold: DEFAULT_ANSWER_THRESHOLD,
            suggest_threshold: DEFAULT_SUGGEST_THRESHOLD,
            max_suggestions: 3,
            context_boost: 0.1,
            min_coverage: 0.0,
            vector_weight: DEFAULT_VECTOR_WEIGHT,
        }
    }
}

/// The default [`FaqConfig::vector_weight`].
pub const DEFAULT_VECTOR_WEIGHT: f64 = 0.3;
/// The default [`FaqConfig::answer_threshold`].
pub const DEFAULT_ANSWER_THRESHOLD: f64 = 0.7;
/// The default [`FaqConfig::suggest_threshold`].
pub const DEFAULT_SUGGEST_THRESHOLD: f64 = 0.4;
