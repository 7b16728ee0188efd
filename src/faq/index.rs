//! The compiled FAQ index: features, vectors, postings, and search.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::spec::{ContextKey, EntryContext, FaqConfig, FaqEntry, SearchContext};
use super::terms::{Block, KeyHasher, QueryTerms, Term, Vocabulary, extract, word_key};
use super::train::{self, train};
use super::vectors::{MAX_VECTOR_K, Vectors};
use super::{
    FaqError, MAX_CONTEXT_VALUE_BYTES, MAX_ENTRIES, MAX_ENTRY_LOCALES, MAX_ENTRY_TAGS, MAX_K,
    MAX_PHRASINGS, MAX_SYNONYMS, MAX_TOTAL_PHRASINGS,
};
use crate::text::{self, Analyzer, Detection, Lang, TokenKind, detect_language_among};

/// What the desk should do with a query.
///
/// JSON: `"answer"`, `"suggest"` or `"escalate"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Decision {
    /// The best match is confident enough to be given as the answer.
    Answer,
    /// A few matches are plausible: offer them and let the customer choose.
    Suggest,
    /// Nothing matches well: hand the query to a human.
    Escalate,
}

/// A word of the query that matched an entry, for highlighting.
///
/// JSON: `{"text": "wachtwoord", "start": 5, "end": 15}` (byte offsets into
/// the query).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MatchedTerm {
    /// The normalised word.
    pub text: String,
    /// Byte offset of the word in the query.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// One ranked entry.
///
/// JSON: `{"id", "question", "answer", "score", "confidence", "coverage", "matched_terms": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Match {
    /// The entry's id.
    pub id: String,
    /// The entry's question.
    pub question: String,
    /// The entry's answer.
    pub answer: String,
    /// The raw score (higher is better; comparable within one index).
    pub score: f64,
    /// The probability that this entry is the right one, in [0, 1].
    pub confidence: f64,
    /// The share of the query's words that occur in the entry's own texts,
    /// each weighted by its rarity in the FAQ (a word the FAQ never uses
    /// weighs most; a compound counts once, held when it or its parts are),
    /// in [0, 1]: low when the entry explains few of the words, as for a
    /// question the FAQ does not cover.
    #[serde(default)]
    pub coverage: f64,
    /// Query words that occur in the entry.
    pub matched_terms: Vec<MatchedTerm>,
}

/// The outcome of [`FaqIndex::search`].
///
/// JSON: `{"lang": "nl", "detected": {...} | null, "decision": "answer", "confidence": 0.93, "matches": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SearchResult {
    /// The language the query was read in.
    pub lang: Lang,
    /// The language detection, when the context gave no usable locale and
    /// the index has more than one language.
    pub detected: Option<Detection>,
    /// What to do: answer with the first match, suggest the first few, or
    /// escalate.
    pub decision: Decision,
    /// The confidence of the best entry (0 when no entry matches), also when
    /// `k` is 0 and `matches` is empty.
    pub confidence: f64,
    /// The best matches, best first, at most `k`.
    pub matches: Vec<Match>,
}

/// Weights of the word, bigram and character n-gram blocks in a vector.
const BLOCK_WEIGHTS: [f32; 3] = [1.0, 0.5, 0.7];
/// Weight of the answer and tags in an entry's centroid, against 1 for the
/// question and phrasings together.
const ANSWER_WEIGHT: f32 = 0.25;
/// Score = ENTRY_WEIGHT × entry model score + (1 − ENTRY_WEIGHT) × nearest
/// phrasing cosine.
const ENTRY_WEIGHT: f32 = 0.8;
/// In indexes of at least 20 entries, character n-grams found in more than
/// this share of the entries are dropped: they tell entries apart poorly and
/// would make every query visit most entries.
const CHAR_MAX_DF: f32 = 0.25;
/// Indexes of at most this many entries are trained in full: every feature,
/// `train::EPOCHS` passes. Larger ones are trained on the features that
/// tell few entries apart, in one pass (see [`TRAIN_MAX_DF`]).
const TRAIN_FULL_MAX_ENTRIES: usize = 256;
/// In a larger index, only word and word-pair features found in at most
/// this many entries are trained, in one pass: character n-grams and common
/// words have weight lists that grow with the entries, and training them
/// made the build grow with entries². On BANKING77 split into 1,001 and
/// 3,805 entries this matches full training (top-1 within ±0.3 points).
const TRAIN_MAX_DF: u32 = 64;
/// The most matched words listed per match (in query order).
pub const MAX_MATCHED_TERMS: usize = 64;
/// Query words shorter than this (in chars) are not corrected for typos.
const MIN_FUZZY_CHARS: usize = 5;
/// Nor are words longer than this (in bytes): no real word is, and it bounds
/// the deletion neighbourhood (one string per character).
const MAX_FUZZY_BYTES: usize = 40;

/// Confidence = σ(A·score + B·margin + C), margin = score − best other score.
/// Fitted by logistic regression on held-out BANKING77 queries (see the
/// module docs).
const CONF_A: f64 = 3.02;
const CONF_B: f64 = 18.65;
const CONF_C: f64 = -1.97;
/// The same for fused scores (a query with its vector), fitted on held-out
/// BANKING77 queries with all-MiniLM-L6-v2 vectors at the default weight.
const FUSED_A: f64 = 1.271;
const FUSED_B: f64 = 6.632;
const FUSED_C: f64 = -0.876;

/// A sparse vector: (feature, weight), sorted by feature.
pub(super) type Sparse = Vec<(u32, f32)>;

/// Per-language lexical knowledge learnt from the entries.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Stem → canonical stem of its synonym set.
    pub synonyms: HashMap<String, String>,
    /// Words and stems of the entries plus the built-in vocabulary: the parts
    /// compounds split into.
    pub known: HashSet<String>,
    /// Deletion neighbourhood of the unigram stems, for one-typo correction:
    /// a stem with one character deleted → stems.
    deletions: HashMap<String, Vec<String>>,
}

#[derive(Debug)]
struct EntryData {
    id: String,
    question: String,
    answer: String,
    langs: u8,
    context: EntryContext,
}

/// An immutable FAQ index, built once from entries and searched many times.
///
/// Build it with [`FaqIndex::new`]; it is `Send + Sync`, so one index can
/// serve many threads. See the [module docs](crate::faq) for how matching
/// and confidence work.
#[derive(Debug)]
pub struct FaqIndex {
    config: FaqConfig,
    entries: Vec<EntryData>,
    langs: u8,
    features: HashMap<u64, u32, KeyHasher>,
    /// Block of each feature.
    feature_block: Vec<Block>,
    idf: Vec<f32>,
    /// Document frequency (in entries) of each feature.
    df: Vec<u32>,
    centroid_postings: Postings,
    phrase_postings: Postings,
    /// The phrasings of entry `e` are `phrase_start[e]..phrase_start[e + 1]`
    /// (numbered entry by entry).
    phrase_start: Vec<u32>,
    centroids: Vec<Sparse>,
    lexicons: [Lexicon; 5],
    /// The host's sentence vectors, when the entries carry them.
    vectors: Option<Vectors>,
}

/// Posting lists of every feature in three flat arrays (one allocation
/// each, read front to back): the postings of feature `f` are
/// `ids[offsets[f]..offsets[f + 1]]` with their `weights`.
#[derive(Debug, Default)]
struct Postings {
    offsets: Vec<usize>,
    ids: Vec<u32>,
    weights: Vec<f32>,
}

impl Postings {
    fn from_lists(lists: Vec<Vec<(u32, f32)>>) -> Postings {
        let total: usize = lists.iter().map(Vec::len).sum();
        let mut out = Postings {
            offsets: Vec::with_capacity(lists.len() + 1),
            ids: Vec::with_capacity(total),
            weights: Vec::with_capacity(total),
        };
        out.offsets.push(0);
        for list in lists {
            for (id, w) in list {
                out.ids.push(id);
                out.weights.push(w);
            }
            out.offsets.push(out.ids.len());
        }
        out
    }

    /// The postings of feature `f` (none for an unknown feature).
    fn of(&self, f: u32) -> impl Iterator<Item = (u32, f32)> + '_ {
        let range = match (
            self.offsets.get(f as usize),
            self.offsets.get(f as usize + 1),
        ) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        };
        let ids = self.ids.get(range.clone()).unwrap_or_default();
        let weights = self.weights.get(range).unwrap_or_default();
        ids.iter().copied().zip(weights.iter().copied())
    }
}

fn lang_bit(lang: Lang) -> u8 {
    1 << lang.index()
}

fn clean(value: &str) -> String {
    value.trim().to_lowercase()
}

impl FaqIndex {
    /// Validates entries and configuration and builds the index.
    ///
    /// # Errors
    /// A [`FaqError`] naming the offending entry or value: an invalid or
    /// duplicate id, an empty question, a locale frontline does not analyse,
    /// a text over [`MAX_TEXT_BYTES`](crate::text::MAX_TEXT_BYTES), too many
    /// entries or phrasings, a bad synonym set or threshold.
    ///
    /// ```
    /// use frontline::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};
    /// let entries: Vec<FaqEntry> = serde_json::from_str(r#"[
    ///   {"id": "password", "locales": ["nl"], "question": "Hoe herstel ik mijn wachtwoord?",
    ///    "phrasings": ["wachtwoord vergeten", "kan niet inloggen"], "answer": "Klik op 'Wachtwoord vergeten'."},
    ///   {"id": "returns", "locales": ["nl"], "question": "Hoe stuur ik iets terug?",
    ///    "phrasings": ["retourneren", "retourlabel"], "answer": "Binnen 30 dagen, gratis."}
    /// ]"#)?;
    /// let index = FaqIndex::new(entries, FaqConfig::default())?;
    /// let result = index.search("wachtwoordherstel lukt niet", &SearchContext::default(), 3)?;
    /// assert_eq!(result.matches[0].id, "password");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(entries: Vec<FaqEntry>, config: FaqConfig) -> Result<FaqIndex, FaqError> {
        validate_config(&config)?;
        if entries.len() > MAX_ENTRIES {
            return Err(FaqError::TooLarge {
                what: "entries",
                len: entries.len(),
                max: MAX_ENTRIES,
            });
        }
        let (data, langs_all) = entry_data(&entries, &config)?;
        let vectors = Vectors::new(&entries)?;
        let lexicons = lexicons(&entries, &data, &config, langs_all);
        let (all_terms, vocabulary) = intern_all(&entries, &data, &lexicons, config.default_lang);
        let Vocabulary {
            features,
            block: feature_block,
            df,
            stems: mut stems_by_lang,
            ..
        } = vocabulary;
        let idf = idf(&df, &feature_block, entries.len());
        let mut index = FaqIndex {
            config,
            entries: data,
            langs: langs_all,
            features,
            feature_block,
            idf,
            df,
            centroid_postings: Postings::default(),
            phrase_postings: Postings::default(),
            phrase_start: Vec::new(),
            centroids: Vec::new(),
            lexicons,
            vectors,
        };
        index.learn(&all_terms);
        index.typo_neighbourhoods(&mut stems_by_lang);
        Ok(index)
    }

    /// Phase 5: vectors, centroids and postings, then training.
    fn learn(&mut self, all_terms: &[EntryTerms]) {
        let nf = self.features.len();
        let full = self.entries.len() <= TRAIN_FULL_MAX_ENTRIES;
        let trainable: Vec<bool> = self
            .feature_block
            .iter()
            .zip(&self.df)
            .map(|(b, &df)| full || (*b != Block::Char && df <= TRAIN_MAX_DF))
            .collect();
        let mut centroid_postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); nf];
        let mut phrase_postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); nf];
        let mut phrase_start = vec![0u32];
        let mut phrasings = 0u32;
        let mut centroids = Vec::with_capacity(all_terms.len());
        let mut samples: Vec<(u32, Sparse)> = Vec::new();
        let mut self_weight: Vec<f32> = Vec::new();
        let mut sum = Accumulator::new(nf);
        for (e, et) in all_terms.iter().enumerate() {
            let count = et.phrasings.len().max(1) as f32;
            for terms in &et.phrasings {
                let v = self.vectorize(terms.iter().copied(), [0.0; 3]);
                let p = phrasings;
                phrasings += 1;
                let x = v
                    .iter()
                    .filter(|(f, _)| trainable.get(*f as usize) == Some(&true));
                samples.push((e as u32, x.copied().collect()));
                for &(f, w) in &v {
                    sum.add(f, w / count);
                    if let Some(list) = phrase_postings.get_mut(f as usize)
                        && self.feature_block.get(f as usize) != Some(&Block::Char)
                    {
                        list.push((p, w));
                    }
                }
            }
            let v = self.vectorize(et.extra.iter().copied(), [0.0; 3]);
            for &(f, w) in &v {
                sum.add(f, ANSWER_WEIGHT * w);
            }
            let mut centroid = sum.take();
            let norm = centroid.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            self_weight.push(if norm > 0.0 {
                1.0 / (count * norm)
            } else {
                0.0
            });
            normalize(&mut centroid);
            for &(f, w) in &centroid {
                if let Some(list) = centroid_postings.get_mut(f as usize) {
                    list.push((e as u32, w));
                }
            }
            centroids.push(centroid);
            phrase_start.push(phrasings);
        }
        let entry_langs: Vec<u8> = self.entries.iter().map(|e| e.langs).collect();
        train(
            &mut centroid_postings,
            if full { train::EPOCHS } else { 1 },
            &samples,
            &self_weight,
            &entry_langs,
        );
        self.centroid_postings = Postings::from_lists(centroid_postings);
        self.phrase_postings = Postings::from_lists(phrase_postings);
        self.phrase_start = phrase_start;
        self.centroids = centroids;
    }

    /// Phase 6: typo correction, the deletion neighbourhood of word stems.
    fn typo_neighbourhoods(&mut self, stems_by_lang: &mut [HashSet<String>; 5]) {
        for lang in Lang::ALL {
            if self.langs & lang_bit(lang) == 0 {
                continue;
            }
            let stems = stems_by_lang
                .get_mut(lang.index())
                .map(std::mem::take)
                .unwrap_or_default();
            let Some(lex) = self.lexicons.get_mut(lang.index()) else {
                continue;
            };
            for stem in stems
                .into_iter()
                .filter(|s| s.chars().count() >= MIN_FUZZY_CHARS && s.len() <= MAX_FUZZY_BYTES)
            {
                // Under itself too, so that a query with one letter too
                // many (whose deletions include the stem) finds it.
                lex.deletions
                    .entry(stem.clone())
                    .or_default()
                    .push(stem.clone());
                for variant in deletions(&stem) {
                    lex.deletions.entry(variant).or_default().push(stem.clone());
                }
            }
            for list in lex.deletions.values_mut() {
                list.sort();
                list.dedup();
            }
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The question and answer of the entry `id` (a linear scan: for
    /// showing one entry, not for searching).
    pub fn entry(&self, id: &str) -> Option<(&str, &str)> {
        self.entries
            .iter()
            .find(|e| e.id == id)
            .map(|e| (e.question.as_str(), e.answer.as_str()))
    }

    /// The languages of the entries, in [`Lang::ALL`] order.
    pub fn langs(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| self.langs & lang_bit(*l) != 0)
            .collect()
    }

    /// The configuration the index was built with.
    pub fn config(&self) -> &FaqConfig {
        &self.config
    }

    fn feature(&self, key: u64) -> Option<u32> {
        self.features.get(&key).copied()
    }

    /// The weighted, block-normalised vector of a bag of features.
    ///
    /// `unknown` holds, per block, the squared weight of query terms the
    /// index does not know: they count towards the query's norm, so a query
    /// of which only one rare word is known does not look like a perfect
    /// match of that word.
    fn vectorize(&self, features: impl Iterator<Item = u32>, unknown: [f32; 3]) -> Sparse {
        let mut all: Vec<u32> = features.collect();
        if !all.is_sorted() {
            all.sort_unstable();
        }
        let mut tf: Vec<(u32, f32)> = Vec::with_capacity(all.len());
        for f in all {
            match tf.last_mut() {
                Some((last, c)) if *last == f => *c += 1.0,
                _ => tf.push((f, 1.0)),
            }
        }
        let mut v: Sparse = tf
            .into_iter()
            .map(|(f, c)| {
                let idf = self.idf.get(f as usize).copied().unwrap_or(1.0);
                (f, (1.0 + c.ln()) * idf)
            })
            .filter(|(_, w)| *w > 0.0)
            .collect();
        let mut norms = unknown;
        for &(f, w) in &v {
            if let Some(b) = self.feature_block.get(f as usize)
                && let Some(n) = norms.get_mut(*b as usize)
            {
                *n += w * w;
            }
        }
        for (f, w) in &mut v {
            if let Some(b) = self.feature_block.get(*f as usize) {
                let i = *b as usize;
                let norm = norms.get(i).copied().unwrap_or(0.0).sqrt();
                let weight = BLOCK_WEIGHTS.get(i).copied().unwrap_or(0.0);
                if norm > 0.0 {
                    *w = *w / norm * weight;
                }
            }
        }
        let total: f32 = norms
            .iter()
            .zip(BLOCK_WEIGHTS)
            .filter(|(n, _)| **n > 0.0)
            .map(|(_, w)| w * w)
            .sum();
        if total > 0.0 {
            let scale = total.sqrt();
            for (_, w) in &mut v {
                *w /= scale;
            }
        }
        v
    }

    /// Searches the index: the `k` best entries for the query (at most
    /// [`MAX_K`]), with confidences and a decision.
    ///
    /// The query's language is the context's locale when the index has
    /// entries in it, or else detected among the index's languages; only
    /// entries in that language are candidates (all entries, if none is).
    /// Entries whose `only` context does not hold are left out.
    ///
    /// # Errors
    /// [`FaqError::Text`] for a query over
    /// [`MAX_TEXT_BYTES`](crate::text::MAX_TEXT_BYTES), [`FaqError::InvalidK`]
    /// for `k` over [`MAX_K`].
    pub fn search(
        &self,
        query: &str,
        context: &SearchContext,
        k: usize,
    ) -> Result<SearchResult, FaqError> {
        self.search_inner(query, None, context, k)
    }

    /// Searches with the query's sentence vector beside its words: every
    /// candidate entry is scored by both, fused by
    /// [`FaqConfig::vector_weight`], and the confidence is the fused one
    /// (see the module docs). The vector comes from the same encoder as the
    /// entries' vectors; its length does not matter.
    ///
    /// At most [`MAX_VECTOR_K`](super::MAX_VECTOR_K) matches: the vectors
    /// are compared in full only for that many best entries.
    ///
    /// # Errors
    /// As [`search`](Self::search), and [`FaqError::NoVectors`] when the
    /// index was built without vectors, [`FaqError::InvalidVector`] when the
    /// vector's dimensions differ from the entries' or it has a value that
    /// is not finite or length 0, [`FaqError::InvalidK`] for `k` over
    /// [`MAX_VECTOR_K`](super::MAX_VECTOR_K).
    ///
    /// ```
    /// use frontline::faq::{FaqConfig, FaqEntry, FaqIndex, SearchContext};
    /// // Toy 3-dimensional "embeddings"; a host passes its encoder's.
    /// let mut card = FaqEntry::new("card", "Where is my new card?");
    /// card.vectors = vec![vec![1.0, 0.1, 0.0]];
    /// let mut rate = FaqEntry::new("rate", "What exchange rate do you use?");
    /// rate.vectors = vec![vec![0.0, 1.0, 0.1]];
    /// let index = FaqIndex::new(vec![card, rate], FaqConfig::default())?;
    /// // No word in common with either entry; the vector decides.
    /// let found = index.search_with_vector(
    ///     "it still has not been delivered", &[0.9, 0.2, 0.0], &SearchContext::default(), 1)?;
    /// assert_eq!(found.matches[0].id, "card");
    /// assert!(index.search_with_vector("x", &[1.0, 0.0], &SearchContext::default(), 1).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search_with_vector(
        &self,
        query: &str,
        vector: &[f32],
        context: &SearchContext,
        k: usize,
    ) -> Result<SearchResult, FaqError> {
        let vectors = self.vectors.as_ref().ok_or(FaqError::NoVectors)?;
        if k > MAX_VECTOR_K {
            return Err(FaqError::InvalidK {
                k,
                max: MAX_VECTOR_K,
            });
        }
        let unit = vectors.query(vector)?;
        self.search_inner(query, Some((vectors, &unit)), context, k)
    }

    /// The number of dimensions of the entries' vectors, if they have any.
    pub fn vector_dims(&self) -> Option<usize> {
        self.vectors.as_ref().map(Vectors::dims)
    }

    fn search_inner(
        &self,
        query: &str,
        vector: Option<(&Vectors, &[f32])>,
        context: &SearchContext,
        k: usize,
    ) -> Result<SearchResult, FaqError> {
        text::check_len(query)?;
        if k > MAX_K {
            return Err(FaqError::InvalidK { k, max: MAX_K });
        }
        let clean = clean_context(context)?;
        let (lang, detected) = self.query_lang(query, context);
        let (tokens, terms, q) = self.query_vector(query, lang);

        let candidates: Vec<bool> = {
            let with_lang = self.entries.iter().any(|e| e.langs & lang_bit(lang) != 0);
            self.entries
                .iter()
                .map(|e| (!with_lang || e.langs & lang_bit(lang) != 0) && only_holds(e, &clean))
                .collect()
        };

        let scored = self.text_scores(&q, &candidates);
        let scored = match vector {
            Some((vectors, unit)) => self.fuse(vectors, unit, scored, &candidates),
            None => scored,
        };
        let conf = if vector.is_some() {
            [FUSED_A, FUSED_B, FUSED_C]
        } else {
            [CONF_A, CONF_B, CONF_C]
        };
        // Confidence comes from the two best text scores (lexical, or fused
        // with the vector): a context boost changes the ranking, never how
        // sure a match is, and never turns an entry no word (and no vector)
        // puts among the candidates into one. Fused scores can be negative;
        // a lone candidate's margin is measured against 0.
        let (mut top1, mut top2) = ((usize::MAX, f64::NEG_INFINITY), f64::NEG_INFINITY);
        for &(e, text) in &scored {
            if text > top1.1 || (text == top1.1 && e < top1.0) {
                top2 = top1.1;
                top1 = (e, text);
            } else if text > top2 {
                top2 = text;
            }
        }
        if top2 == f64::NEG_INFINITY {
            top2 = 0.0;
        }
        // (entry, ranking score, text score)
        let mut scored: Vec<(usize, f64, f64)> = scored
            .into_iter()
            .map(|(e, text)| {
                let boosted = self.entries.get(e).is_some_and(|x| boost_holds(x, &clean));
                let boost = if boosted {
                    self.config.context_boost
                } else {
                    0.0
                };
                (e, text + boost, text)
            })
            .collect();
        // Only the best k (and the runner-up, for the margin) need ordering.
        let order =
            |a: &(usize, f64, f64), b: &(usize, f64, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let keep = k.max(2);
        if scored.len() > keep {
            scored.select_nth_unstable_by(keep - 1, order);
            scored.truncate(keep);
        }
        scored.sort_unstable_by(order);
        let best_coverage = scored.first().map(|&(e, _, _)| self.coverage(e, &terms));

        let confidence_of = |e: usize, text: f64| {
            let other = if e == top1.0 { top2 } else { top1.1 };
            confidence(conf, text, text - other)
        };
        let mut matches = Vec::new();
        for &(e, score, text) in scored.iter().take(k) {
            let Some(entry) = self.entries.get(e) else {
                continue;
            };
            let confidence = confidence_of(e, text);
            let matched_terms = self.matched_terms(e, &terms, &tokens);
            matches.push(Match {
                id: entry.id.clone(),
                question: entry.question.clone(),
                answer: entry.answer.clone(),
                score,
                confidence,
                coverage: match (scored.first(), best_coverage) {
                    (Some(&(best, _, _)), Some(c)) if best == e => c,
                    _ => self.coverage(e, &terms),
                },
                matched_terms,
            });
        }
        // The decision rests on the best entry, whatever `k` asked to see.
        let confidence = scored
            .first()
            .map_or(0.0, |&(e, _, text)| confidence_of(e, text));
        let uncovered = best_coverage.is_some_and(|c| c < self.config.min_coverage);
        let decision =
            if scored.is_empty() || uncovered || confidence < self.config.suggest_threshold {
                Decision::Escalate
            } else if confidence >= self.config.answer_threshold {
                Decision::Answer
            } else {
                Decision::Suggest
            };
        if decision == Decision::Suggest {
            matches.truncate(self.config.max_suggestions);
        }
        Ok(SearchResult {
            lang,
            detected,
            decision,
            confidence,
            matches,
        })
    }

    /// The query's tokens (for highlighting), its terms, and its vector;
    /// terms the index does not know still count towards the vector's norm.
    fn query_vector(&self, query: &str, lang: Lang) -> (Vec<text::Token>, Vec<Term>, Sparse) {
        let mut sink = QueryTerms {
            terms: Vec::new(),
            corrector: &|stem: &str| self.correct(lang, stem),
        };
        let tokens = extract(query, lang, self.lexicons.get(lang.index()), &mut sink);
        let terms = sink.terms;
        let unknown_idf = ((self.entries.len() as f32 + 1.0).ln() + 1.0).powi(2);
        let mut unknown = [0.0f32; 3];
        for t in &terms {
            if self.feature(t.key).is_none()
                && let Some(u) = unknown.get_mut(t.block as usize)
            {
                *u += unknown_idf;
            }
        }
        let q = self.vectorize(terms.iter().filter_map(|t| self.feature(t.key)), unknown);
        (tokens, terms, q)
    }

    /// The text score of each candidate entry with a positive one: its
    /// model's score mixed with its nearest phrasing's cosine.
    fn text_scores(&self, q: &Sparse, candidates: &[bool]) -> Vec<(usize, f64)> {
        let mut centroid = vec![0.0f32; self.entries.len()];
        let phrasings = self.phrase_start.last().map_or(0, |&n| n as usize);
        let mut phrase = vec![0.0f32; phrasings];
        for &(f, w) in q {
            for (e, pw) in self.centroid_postings.of(f) {
                if let Some(s) = centroid.get_mut(e as usize) {
                    *s += w * pw;
                }
            }
            for (p, pw) in self.phrase_postings.of(f) {
                if let Some(s) = phrase.get_mut(p as usize) {
                    *s += w * pw;
                }
            }
        }
        // An entry's phrasings are contiguous: its nearest is the maximum
        // of one slice (never below 0, as before).
        let nearest: Vec<f32> = self
            .phrase_start
            .windows(2)
            .map(|w| match w {
                [a, b] => phrase
                    .get(*a as usize..*b as usize)
                    .unwrap_or_default()
                    .iter()
                    .fold(0.0f32, |m, &s| m.max(s)),
                _ => 0.0,
            })
            .collect();
        candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(e, _)| {
                let c = centroid.get(e).copied().unwrap_or(0.0);
                let n = nearest.get(e).copied().unwrap_or(0.0);
                let text = f64::from(ENTRY_WEIGHT * c + (1.0 - ENTRY_WEIGHT) * n);
                (e, text)
            })
            .filter(|(_, s)| *s > 0.0)
            .collect()
    }

    /// Fused scores: (1 − w) × lexical + w × the vector score on the
    /// index's scale, for the [`MAX_VECTOR_K`] candidates whose fused score
    /// with the centroid alone is best (the same set whatever `k`), whatever
    /// their sign: an entry no word matches is still a candidate by its
    /// vector.
    fn fuse(
        &self,
        vectors: &Vectors,
        unit: &[f32],
        lexical: Vec<(usize, f64)>,
        candidates: &[bool],
    ) -> Vec<(usize, f64)> {
        let w = self.config.vector_weight;
        let mut lex = vec![0.0f64; self.entries.len()];
        for (e, s) in lexical {
            if let Some(x) = lex.get_mut(e) {
                *x = s;
            }
        }
        let fused = |e: usize, v: f32| {
            (1.0 - w) * lex.get(e).copied().unwrap_or(0.0) + w * vectors.scaled(v)
        };
        let pre: Vec<(usize, f32)> = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| **c)
            .map(|(e, _)| (e, fused(e, vectors.centroid_cosine(unit, e)) as f32))
            .collect();
        vectors
            .best(unit, pre, MAX_VECTOR_K)
            .into_iter()
            .map(|(e, v)| (e, fused(e, v)))
            .collect()
    }

    /// The share of the query's word weight that entry `e`'s own texts
    /// hold: 0 to 1, and 0 for a query without words. Each query word
    /// counts once, however many terms it gave (a compound split into
    /// parts, a hyphenated word joined): it is held when any of its terms
    /// is, and weighs as its rarest known term, or, known to the index by
    /// none of them, as a word in no entry at all (the idf at df = 0).
    fn coverage(&self, e: usize, terms: &[Term]) -> f64 {
        let unknown = (self.entries.len() as f32 + 1.0).ln() + 1.0;
        let centroid = self.centroids.get(e);
        let (mut held, mut total) = (0.0f64, 0.0f64);
        // (token, weight, held) of the word being read.
        let mut word: Option<(Option<usize>, f32, bool)> = None;
        let mut close = |w: Option<(Option<usize>, f32, bool)>| {
            if let Some((_, weight, in_entry)) = w {
                total += f64::from(weight);
                if in_entry {
                    held += f64::from(weight);
                }
            }
        };
        for term in terms.iter().filter(|t| t.block == Block::Word) {
            let known = self.feature(term.key);
            let weight = known.map(|f| self.idf.get(f as usize).copied().unwrap_or(unknown));
            let in_entry = known.is_some_and(|f| {
                centroid.is_some_and(|c| c.binary_search_by_key(&f, |p| p.0).is_ok())
            });
            match &mut word {
                Some((token, w, h)) if term.token.is_some() && *token == term.token => {
                    if let Some(weight) = weight {
                        // The rarest known term of the word sets its weight.
                        *w = if *w == unknown { weight } else { w.max(weight) };
                    }
                    *h |= in_entry;
                }
                _ => {
                    close(word.take());
                    word = Some((term.token, weight.unwrap_or(unknown), in_entry));
                }
            }
        }
        close(word);
        if total > 0.0 { held / total } else { 0.0 }
    }

    /// The query words entry `e` holds, in query order.
    fn matched_terms(&self, e: usize, terms: &[Term], tokens: &[text::Token]) -> Vec<MatchedTerm> {
        let mut matched_terms = Vec::new();
        for term in terms {
            if term.block != Block::Word {
                continue;
            }
            let (Some(ti), Some(f)) = (term.token, self.feature(term.key)) else {
                continue;
            };
            // The entry's own words (its centroid), not the trained
            // weights, which also hold negative evidence against it.
            let in_entry = self
                .centroids
                .get(e)
                .is_some_and(|c| c.binary_search_by_key(&f, |p| p.0).is_ok());
            // A token's terms are adjacent, so comparing with the last
            // one dedupes; the list is capped for hostile queries.
            if in_entry
                && matched_terms.len() < MAX_MATCHED_TERMS
                && matched_terms
                    .last()
                    .is_none_or(|m: &MatchedTerm| tokens.get(ti).is_none_or(|t| t.start != m.start))
                && let Some(tok) = tokens.get(ti)
            {
                matched_terms.push(MatchedTerm {
                    text: tok.text.clone(),
                    start: tok.start,
                    end: tok.end,
                });
            }
        }
        matched_terms.sort_by_key(|m| m.start);
        matched_terms
    }

    /// The `k` entries most like entry `id` (by their words), for agent
    /// assist: "customers who asked this also ask ...". Only entries sharing
    /// a language with it are returned, with the cosine of their centroids.
    ///
    /// ```
    /// use frontline::faq::{FaqConfig, FaqEntry, FaqIndex};
    /// let entries: Vec<FaqEntry> = serde_json::from_str(r#"[
    ///   {"id": "return", "locales": ["en"], "question": "How do I return an item?",
    ///    "phrasings": ["send an item back", "return label"]},
    ///   {"id": "refund", "locales": ["en"], "question": "When do I get my money back after a return?",
    ///    "phrasings": ["refund after return", "return refund time"]},
    ///   {"id": "password", "locales": ["en"], "question": "How do I reset my password?"}
    /// ]"#)?;
    /// let index = FaqIndex::new(entries, FaqConfig::default())?;
    /// let related = index.related("return", 1)?;
    /// assert_eq!(related[0].0, "refund");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`FaqError::UnknownEntry`] when no entry has that id;
    /// [`FaqError::InvalidK`] for `k` over [`MAX_K`].
    pub fn related(&self, id: &str, k: usize) -> Result<Vec<(String, f64)>, FaqError> {
        if k > MAX_K {
            return Err(FaqError::InvalidK { k, max: MAX_K });
        }
        let e = self
            .entries
            .iter()
            .position(|x| x.id == id)
            .ok_or_else(|| FaqError::UnknownEntry(crate::util::excerpt(id)))?;
        let langs = self.entries.get(e).map_or(0, |x| x.langs);
        // Cosine of the entries' own centroids (not the trained weights,
        // which hold evidence against rivals): a merge of sorted vectors.
        let empty = Vec::new();
        let mine = self.centroids.get(e).unwrap_or(&empty);
        let scores: Vec<f32> = self
            .centroids
            .iter()
            .map(|other| {
                let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
                while let (Some(a), Some(b)) = (mine.get(i), other.get(j)) {
                    match a.0.cmp(&b.0) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            dot += a.1 * b.1;
                            i += 1;
                            j += 1;
                        }
                    }
                }
                dot
            })
            .collect();
        let mut ranked: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(o, s)| {
                *o != e && *s > 0.0 && self.entries.get(*o).is_some_and(|x| x.langs & langs != 0)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked
            .into_iter()
            .take(k)
            .filter_map(|(o, s)| self.entries.get(o).map(|x| (x.id.clone(), f64::from(s))))
            .collect())
    }

    fn query_lang(&self, query: &str, context: &SearchContext) -> (Lang, Option<Detection>) {
        if let Some(lang) = context
            .locale
            .as_ref()
            .and_then(|l| Lang::from_locale(l.as_str()))
            && self.langs & lang_bit(lang) != 0
        {
            return (lang, None);
        }
        let langs = self.langs();
        if langs.len() == 1
            && let Some(&only) = langs.first()
        {
            return (only, None);
        }
        if langs.is_empty() {
            return (self.config.default_lang, None);
        }
        // An unreliable guess (a short or ambiguous query) yields to the
        // index's default language when the index has it.
        match detect_language_among(query, &langs) {
            Some(d) if !d.reliable && self.langs & lang_bit(self.config.default_lang) != 0 => {
                (self.config.default_lang, Some(d))
            }
            Some(d) => (d.lang, Some(d)),
            None => (self.config.default_lang, None),
        }
    }

    /// The known word stem one typo away from an unknown one, if any: the
    /// most frequent, then the first in byte order.
    fn correct<'a>(&'a self, lang: Lang, stem: &str) -> Option<String> {
        if stem.chars().count() < MIN_FUZZY_CHARS
            || stem.len() > MAX_FUZZY_BYTES
            || self.features.contains_key(&word_key(stem))
        {
            return None;
        }
        let lex = self.lexicons.get(lang.index())?;
        let mut best: Option<(u32, &str)> = None;
        let mut consider = |cand: &'a str| {
            let df = self
                .feature(word_key(cand))
                .and_then(|f| self.df.get(f as usize).copied())
                .unwrap_or(0);
            if within_one_edit(stem, cand)
                && best.is_none_or(|(bd, bs)| df > bd || (df == bd && cand < bs))
            {
                best = Some((df, cand));
            }
        };
        for variant in std::iter::once(stem.to_owned()).chain(deletions(stem)) {
            for cand in lex.deletions.get(&variant).into_iter().flatten() {
                consider(cand);
            }
        }
        best.map(|(_, s)| s.to_owned())
    }
}

fn validate_config(config: &FaqConfig) -> Result<(), FaqError> {
    let ok = |t: f64| (0.0..=1.0).contains(&t);
    if !ok(config.answer_threshold)
        || !ok(config.suggest_threshold)
        || config.suggest_threshold > config.answer_threshold
    {
        return Err(FaqError::InvalidThresholds {
            answer: config.answer_threshold,
            suggest: config.suggest_threshold,
        });
    }
    if !(1..=10).contains(&config.max_suggestions) {
        return Err(FaqError::InvalidMaxSuggestions(config.max_suggestions));
    }
    if !config.context_boost.is_finite() || !(0.0..=1.0).contains(&config.context_boost) {
        return Err(FaqError::InvalidContextBoost(config.context_boost));
    }
    if !(0.0..=1.0).contains(&config.min_coverage) {
        return Err(FaqError::InvalidMinCoverage(config.min_coverage));
    }
    if !(0.0..=1.0).contains(&config.vector_weight) {
        return Err(FaqError::InvalidVectorWeight(config.vector_weight));
    }
    for (lang, sets) in &config.synonyms {
        if sets.len() > MAX_SYNONYMS {
            return Err(FaqError::TooLarge {
                what: "synonym sets of one language",
                len: sets.len(),
                max: MAX_SYNONYMS,
            });
        }
        for set in sets {
            let bad = set.len() < 2
                || set.len() > 64
                || set.iter().any(|w| {
                    let w = w.trim();
                    w.is_empty() || w.len() > 64 || w.contains(char::is_whitespace)
                });
            if bad {
                return Err(FaqError::InvalidSynonyms {
                    lang: *lang,
                    set: crate::util::excerpt(&set.join(", ")),
                });
            }
        }
    }
    Ok(())
}

fn validate_entry(entry: &FaqEntry) -> Result<(), FaqError> {
    crate::ticket::validate_plain_id(&entry.id)
        .map_err(|reason| FaqError::InvalidId(crate::util::excerpt(&entry.id), reason))?;
    let id = || crate::util::excerpt(&entry.id);
    if entry.question.trim().is_empty() {
        return Err(FaqError::EmptyQuestion(id()));
    }
    if entry.phrasings.len() > MAX_PHRASINGS {
        return Err(FaqError::TooLarge {
            what: "phrasings of one entry",
            len: entry.phrasings.len(),
            max: MAX_PHRASINGS,
        });
    }
    if entry.tags.len() > MAX_ENTRY_TAGS {
        return Err(FaqError::TooLarge {
            what: "tags of one entry",
            len: entry.tags.len(),
            max: MAX_ENTRY_TAGS,
        });
    }
    if entry.locales.len() > MAX_ENTRY_LOCALES {
        return Err(FaqError::TooLarge {
            what: "locales of one entry",
            len: entry.locales.len(),
            max: MAX_ENTRY_LOCALES,
        });
    }
    for t in entry_texts(entry) {
        if t.len() > text::MAX_TEXT_BYTES {
            return Err(FaqError::TextTooLong {
                entry: id(),
                len: t.len(),
                max: text::MAX_TEXT_BYTES,
            });
        }
    }
    let lists = entry
        .context
        .only
        .values()
        .chain(entry.context.boost.values());
    for values in lists {
        if values.is_empty()
            || values.len() > 64
            || values.iter().any(|v| v.len() > MAX_CONTEXT_VALUE_BYTES)
        {
            return Err(FaqError::InvalidContext(id()));
        }
    }
    Ok(())
}

fn entry_texts(entry: &FaqEntry) -> impl Iterator<Item = &String> {
    std::iter::once(&entry.question)
        .chain(&entry.phrasings)
        .chain(std::iter::once(&entry.answer))
        .chain(&entry.tags)
}

/// The language of one text of an entry: its only language, or the one
/// detected among its languages.
fn text_lang(text: &str, langs: u8, default: Lang) -> Lang {
    let candidates: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|l| langs & lang_bit(*l) != 0)
        .collect();
    match candidates.as_slice() {
        [] => default,
        [only] => *only,
        many => detect_language_among(text, many).map_or(default, |d| d.lang),
    }
}

/// A search context's values, cleaned once per search.
type CleanContext = BTreeMap<ContextKey, String>;

fn clean_context(context: &SearchContext) -> Result<CleanContext, FaqError> {
    let mut out = BTreeMap::new();
    for key in [
        ContextKey::Product,
        ContextKey::Plan,
        ContextKey::Page,
        ContextKey::Segment,
    ] {
        if let Some(v) = context.get(key) {
            if v.len() > MAX_CONTEXT_VALUE_BYTES {
                return Err(FaqError::InvalidSearchContext(crate::util::excerpt(v)));
            }
            out.insert(key, clean(v));
        }
    }
    Ok(out)
}

fn only_holds(entry: &EntryData, context: &CleanContext) -> bool {
    entry
        .context
        .only
        .iter()
        .all(|(key, values)| context.get(key).is_some_and(|v| values.contains(v)))
}

fn boost_holds(entry: &EntryData, context: &CleanContext) -> bool {
    entry
        .context
        .boost
        .iter()
        .any(|(key, values)| context.get(key).is_some_and(|v| values.contains(v)))
}

fn confidence([a, b, c]: [f64; 3], score: f64, margin: f64) -> f64 {
    1.0 / (1.0 + (-(a * score + b * margin + c)).exp())
}

/// Sums sparse vectors into a dense scratch of all features, visiting only
/// the features touched.
struct Accumulator {
    dense: Vec<f32>,
    touched: Vec<u32>,
}

impl Accumulator {
    fn new(features: usize) -> Accumulator {
        Accumulator {
            dense: vec![0.0; features],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, f: u32, w: f32) {
        if let Some(slot) = self.dense.get_mut(f as usize) {
            if *slot == 0.0 {
                self.touched.push(f);
            }
            *slot += w;
        }
    }

    /// The sum as a sparse vector sorted by feature (features whose sum is
    /// exactly 0 left out), and a clean scratch.
    fn take(&mut self) -> Sparse {
        self.touched.sort_unstable();
        self.touched.dedup();
        let mut out = Vec::with_capacity(self.touched.len());
        for &f in &self.touched {
            if let Some(slot) = self.dense.get_mut(f as usize) {
                if *slot != 0.0 {
                    out.push((f, *slot));
                }
                *slot = 0.0;
            }
        }
        self.touched.clear();
        out
    }
}

fn normalize(v: &mut Sparse) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// Every string made by deleting one character of `word`.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(word.len());
        s.push_str(word.get(..i).unwrap_or_default());
        s.push_str(word.get(i + c.len_utf8()..).unwrap_or_default());
        s
    })
}

/// Whether `a` and `b` are at most one edit apart (insertion, deletion,
/// substitution or transposition of neighbours).
fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    let s_rest = short.get(prefix..).unwrap_or_default();
    if short.len() == long.len() {
        let l_rest = long.get(prefix..).unwrap_or_default();
        // substitution
        if s_rest.get(1..) == l_rest.get(1..) {
            return true;
        }
        // transposition
        return s_rest.len() >= 2
            && s_rest.first() == l_rest.get(1)
            && s_rest.get(1) == l_rest.first()
            && s_rest.get(2..) == l_rest.get(2..);
    }
    // insertion into short
    s_rest == long.get(prefix + 1..).unwrap_or_default()
}

/// Phase 1 of a build: validates the entries and resolves their languages;
/// the entries' data and the union of their languages.
fn entry_data(entries: &[FaqEntry], config: &FaqConfig) -> Result<(Vec<EntryData>, u8), FaqError> {
    let mut seen = HashSet::new();
    let mut total_phrasings = 0usize;
    let mut data = Vec::with_capacity(entries.len());
    let mut langs_all = 0u8;
    for entry in entries {
        validate_entry(entry)?;
        if !seen.insert(entry.id.as_str()) {
            return Err(FaqError::DuplicateId(crate::util::excerpt(&entry.id)));
        }
        total_phrasings += entry.phrasings.len() + 1;
        if total_phrasings > MAX_TOTAL_PHRASINGS {
            return Err(FaqError::TooLarge {
                what: "phrasings in all entries",
                len: total_phrasings,
                max: MAX_TOTAL_PHRASINGS,
            });
        }
        let mut langs = 0u8;
        for locale in &entry.locales {
            let lang =
                Lang::from_locale(locale.as_str()).ok_or_else(|| FaqError::UnknownLocale {
                    entry: crate::util::excerpt(&entry.id),
                    locale: locale.to_string(),
                })?;
            langs |= lang_bit(lang);
        }
        if langs == 0 {
            langs = lang_bit(config.default_lang);
        }
        langs_all |= langs;
        let mut context = EntryContext::default();
        for (key, values) in &entry.context.only {
            context
                .only
                .insert(*key, values.iter().map(|v| clean(v)).collect());
        }
        for (key, values) in &entry.context.boost {
            context
                .boost
                .insert(*key, values.iter().map(|v| clean(v)).collect());
        }
        data.push(EntryData {
            id: entry.id.clone(),
            question: entry.question.clone(),
            answer: entry.answer.clone(),
            langs,
            context,
        });
    }

    Ok((data, langs_all))
}

/// Phase 2: the lexicons, synonyms and the compound vocabulary per language.
fn lexicons(
    entries: &[FaqEntry],
    data: &[EntryData],
    config: &FaqConfig,
    langs_all: u8,
) -> [Lexicon; 5] {
    let mut lexicons: [Lexicon; 5] = Default::default();
    for (lang, sets) in &config.synonyms {
        let stemmer = text::Stemmer::new(*lang);
        let Some(lex) = lexicons.get_mut(lang.index()) else {
            continue;
        };
        for set in sets {
            let stems: Vec<String> = set
                .iter()
                .map(|w| stemmer.stem(&text::normalize(w.trim())))
                .collect();
            if let Some(first) = stems.first() {
                for s in &stems {
                    lex.synonyms
                        .entry(s.clone())
                        .or_insert_with(|| first.clone());
                }
            }
        }
    }
    for lang in Lang::ALL {
        if langs_all & lang_bit(lang) == 0 || !lang.compounds() {
            continue;
        }
        let analyzer = Analyzer::new(lang);
        let Some(lex) = lexicons.get_mut(lang.index()) else {
            continue;
        };
        let mut add = |word: &str| {
            if word.chars().count() >= 3 && !lang.is_stop_word(word) {
                lex.known.insert(word.to_owned());
                lex.known.insert(analyzer.stemmer().stem(word));
            }
        };
        for (entry, d) in entries.iter().zip(data) {
            if d.langs & lang_bit(lang) == 0 {
                continue;
            }
            for t in entry_texts(entry) {
                for tok in text::tokenize(t) {
                    if tok.kind == TokenKind::Word {
                        add(&tok.text);
                    }
                }
            }
        }
        for w in text::corpus_words(lang) {
            if w.chars().count() >= 4 {
                add(&w);
            }
        }
    }

    lexicons
}

/// The feature ids of one entry's texts: its phrasings (question first),
/// and its answer and tags together.
struct EntryTerms {
    phrasings: Vec<Vec<u32>>,
    extra: Vec<u32>,
}

/// Phase 3: the terms of every text as feature ids, with document
/// frequencies (in entries), per entry.
fn intern_all(
    entries: &[FaqEntry],
    data: &[EntryData],
    lexicons: &[Lexicon; 5],
    default_lang: Lang,
) -> (Vec<EntryTerms>, Vocabulary) {
    let mut vocabulary = Vocabulary::default();
    let mut all_terms = Vec::with_capacity(entries.len());
    for (e, (entry, d)) in entries.iter().zip(data).enumerate() {
        let e = e as u32 + 1;
        let lang_of = |t: &str| text_lang(t, d.langs, default_lang);
        let mut phrasings = Vec::with_capacity(entry.phrasings.len() + 1);
        for t in std::iter::once(&entry.question).chain(&entry.phrasings) {
            let lang = lang_of(t);
            phrasings.push(vocabulary.intern(t, lang, lexicons.get(lang.index()), e));
        }
        let mut extra = Vec::new();
        for t in std::iter::once(&entry.answer).chain(&entry.tags) {
            let lang = lang_of(t);
            extra.extend(vocabulary.intern(t, lang, lexicons.get(lang.index()), e));
        }
        all_terms.push(EntryTerms { phrasings, extra });
    }
    (all_terms, vocabulary)
}

/// Inverse document frequencies (in entries); in indexes of 20 entries or
/// more, character n-grams in more than `CHAR_MAX_DF` of them get 0.
fn idf(df: &[u32], block: &[Block], entries: usize) -> Vec<f32> {
    let n = entries.max(1) as f32;
    df.iter()
        .zip(block)
        .map(|(&d, b)| {
            if *b == Block::Char && n >= 20.0 && d as f32 > CHAR_MAX_DF * n {
                0.0
            } else {
                ((n + 1.0) / (d as f32 + 1.0)).ln() + 1.0
            }
        })
        .collect()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("wachtwoord", "wachtwoord"));
        assert!(within_one_edit("wachtwoord", "wachtwoort"));
        assert!(within_one_edit("wachtwoord", "wachtword"));
        assert!(within_one_edit("wachtwoord", "wachtowoord"));
        assert!(within_one_edit("wachtwoord", "wahctwoord"));
        assert!(!within_one_edit("wachtwoord", "wahctwoort"));
        assert!(!within_one_edit("abc", "abcde"));
        assert_eq!(deletions("abc").collect::<Vec<_>>(), ["bc", "ac", "ab"]);
    }
}
